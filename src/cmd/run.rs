//! `gapmap run SCENARIO.toml [--out DIR] [--formats LIST] [--lang cs|en] [--force]
//! [--threads N] [--quiet]`.

#![allow(
    clippy::indexing_slicing,
    reason = "indices are positions in the study's own lists (units, origins, services, groups, providers, columns), which load builds together and checks once"
)]

use gapmap::report::{Format, Formats};

use super::ScenarioArgs;
use super::progress::Bars;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    scenario: ScenarioArgs,
    /// The outputs to write, comma-separated, of csv, parquet, geojson, xlsx, html [default:
    /// all]; summary.csv is always written.
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    formats: Option<Vec<Format>>,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let formats = args
        .formats
        .map_or(Formats::ALL, |list| list.into_iter().collect());
    let args = args.scenario;
    let pool = args.compute.pool()?;
    let bars = Bars::new(args.compute.quiet);
    let outcome = pool.install(|| -> anyhow::Result<_> {
        let a = super::analysed(&args, &bars)?;
        // Only the report lists the inputs with their hashes: without it, they are not read
        // again.
        let meta = match formats.has(Format::Html) {
            true => super::report_meta(&args.scenario, &a.scenario, args.lang)?,
            false => super::meta_without_inputs(&a.scenario, args.lang),
        };
        let outputs = gapmap::report::render(&a.study, &a.findings, &meta, formats)?;
        a.out.write(&outputs)?;
        Ok((a, outputs))
    });
    bars.finish();
    let (a, outputs) = outcome?;
    if !args.compute.quiet {
        warn_missing_providers(&a.study, &args.scenario);
    }

    let mut text = super::wrote(&outputs, a.out.dir());
    if let Some(o) = &a.study.outlook {
        text += &format!(
            "at 1 January {}: the population of {} projected by the horizon's projection\n",
            o.year, o.base_year
        );
    }
    text += &format!("{:<22} {}\n", "service", super::TOTALS_HEADER);
    for s in &a.findings.summaries {
        let id = &a.study.services[s.service].id;
        text += &format!("{id:<22} {}\n", super::totals(s));
    }
    super::print(&text)
}

/// Warns of every service with no provider at all: its 0 % coverage is either the real gap or
/// providers missing from the inputs (a folder made by `init` without `--registry`).
#[allow(
    clippy::print_stderr,
    reason = "warnings for the user go to stderr, beside progress"
)]
fn warn_missing_providers(study: &gapmap::model::Study, scenario: &std::path::Path) {
    for s in study.services_without_providers() {
        let service = &study.services[s];
        eprintln!(
            "gapmap: warning: {}: no provider of {} ({}) in the inputs: add them (the \
             registry, `gapmap init … --registry rpss.json`, or providers.csv) or this is the \
             real gap",
            scenario.display(),
            service.id,
            service.label
        );
    }
}
