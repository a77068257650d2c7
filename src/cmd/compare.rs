//! `gapmap compare A.toml B.toml [C.toml ...] [--out DIR] [--threads N] [--quiet]`.

#![allow(
    clippy::indexing_slicing,
    reason = "indices are positions in the study's own lists (units, origins, services, groups, providers, columns), which load builds together and checks once"
)]

use std::path::PathBuf;

use gapmap::Progress;
use gapmap::compare::{Variant, compare as line_up};

use super::progress::Bars;

#[derive(clap::Args)]
pub struct Args {
    /// The scenario files, the reference first: deltas are against it.
    #[arg(required = true, num_args = 2..)]
    scenarios: Vec<PathBuf>,
    /// Output folder [default: out/<first>-vs-<second>[-vs-…]/].
    #[arg(long)]
    out: Option<PathBuf>,
    /// The language of report.html.
    #[arg(long, value_enum, default_value = "cs")]
    lang: super::Lang,
    #[command(flatten)]
    owner: super::Owner,
    #[command(flatten)]
    compute: super::Compute,
}

pub fn compare(args: Args) -> anyhow::Result<()> {
    let pool = args.compute.pool()?;
    let quiet = args.compute.quiet;
    let bars = Bars::new(quiet);
    let outcome = pool.install(|| -> anyhow::Result<_> {
        // Every scenario is loaded before any is analysed: a bad file fails fast.
        let mut studies = Vec::with_capacity(args.scenarios.len());
        let mut meta = gapmap::report::html::Meta::default();
        for path in &args.scenarios {
            let (scenario, study, _) = super::load(path, None, &bars, quiet)?;
            // Every scenario's input files, each once, in the order first met.
            let more = super::report_meta(path, &scenario, args.lang)?;
            for input in more.inputs {
                if !meta.inputs.contains(&input) {
                    meta.inputs.push(input);
                }
            }
            meta = gapmap::report::html::Meta {
                inputs: meta.inputs,
                ..more
            };
            studies.push(study);
        }
        // The comparison's name: its scenarios' names, as its folder is named by default.
        let names: Vec<&str> = studies.iter().map(|s| s.name.as_str()).collect();
        let name = names.join("-vs-");
        let out = args
            .out
            .clone()
            .unwrap_or_else(|| PathBuf::from("out").join(&name));
        let out = args.owner.claim(&out, &name)?;
        let mut findings = Vec::with_capacity(studies.len());
        for study in &studies {
            let results = gapmap::analyse(study, &bars);
            findings.push(gapmap::gap::findings(study, &results));
        }
        bars.stage("report", 0);
        let variants: Vec<Variant<'_>> = args
            .scenarios
            .iter()
            .zip(&studies)
            .zip(&findings)
            .map(|((file, study), findings)| Variant {
                file,
                study,
                findings,
            })
            .collect();
        let rows = line_up(&variants)?;
        let study_refs: Vec<_> = studies.iter().collect();
        let finding_refs: Vec<_> = findings.iter().collect();
        let outputs = gapmap::report::render_comparison(&study_refs, &finding_refs, &rows, &meta)?;
        out.write(&outputs)?;
        Ok((studies, findings, outputs, out))
    });
    bars.finish();
    let (studies, findings, outputs, out) = outcome?;

    let mut text = super::wrote(&outputs, out.dir());
    let width = studies
        .iter()
        .map(|s| s.name.as_str().len())
        .max()
        .unwrap_or(0)
        .max("scenario".len());
    // With a horizon, the year each scenario's people are for tells "today" from "2030".
    let years = studies.iter().any(|s| s.year().is_some());
    let year = |study: &gapmap::model::Study| match years {
        true => format!(
            " {:>4}",
            study
                .people_year()
                .map_or("-".to_string(), |y| y.to_string())
        ),
        false => String::new(),
    };
    text += &format!(
        "{:<22} {:<width$}{} {} {:>10}\n",
        "service",
        "scenario",
        if years { " year" } else { "" },
        super::TOTALS_HEADER,
        "Δ gap"
    );
    for (s, service) in studies[0].services.iter().enumerate() {
        let reference = findings[0].summaries[s].gap;
        for (i, (study, f)) in studies.iter().zip(&findings).enumerate() {
            // Scenarios may list services in another order; `compare` checked each has it.
            let Some(row) = f
                .summaries
                .iter()
                .find(|r| study.services[r.service].id == service.id)
            else {
                continue;
            };
            let delta = match i {
                0 => "-".to_string(),
                _ => format!("{:+.1}", super::one_decimal(row.gap - reference)),
            };
            let name = study.name.as_str();
            text += &format!(
                "{:<22} {name:<width$}{} {} {delta:>10}\n",
                service.id,
                year(study),
                super::totals(row)
            );
        }
    }
    super::print(&text)
}
