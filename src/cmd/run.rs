//! `gapmap run SCENARIO.toml [--out DIR] [--threads N] [--quiet]`.

use std::path::PathBuf;

use gapmap::Progress;

use super::progress::Bars;

#[derive(clap::Args)]
pub struct Args {
    /// The scenario file (TOML).
    scenario: PathBuf,
    /// Output folder [default: out/<scenario name>/].
    #[arg(long)]
    out: Option<PathBuf>,
    /// The language of report.html.
    #[arg(long, value_enum, default_value = "cs")]
    lang: super::Lang,
    #[command(flatten)]
    compute: super::Compute,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let pool = args.compute.pool()?;
    let quiet = args.compute.quiet;
    let bars = Bars::new(quiet);
    let outcome = pool.install(|| -> anyhow::Result<_> {
        let (scenario, study, _) = super::load(&args.scenario, None, &bars, quiet)?;
        let out = args
            .out
            .clone()
            .unwrap_or_else(|| super::default_out(&study.name));
        super::usable_out(&out)?;
        let results = gapmap::analyse(&study, &bars);
        bars.stage("report", 0);
        let findings = gapmap::gap::findings(&study, &results);
        let meta = super::report_meta(&args.scenario, &scenario, args.lang)?;
        let outputs = gapmap::report::render(&study, &findings, &meta)?;
        outputs.write(&out)?;
        Ok((study, findings, outputs, out))
    });
    bars.finish();
    let (study, findings, outputs, out) = outcome?;

    let mut text = super::wrote(&outputs, &out);
    text += &format!("{:<22} {}\n", "service", super::TOTALS_HEADER);
    for s in &findings.summaries {
        let id = &study.services[s.service].id;
        text += &format!("{id:<22} {}\n", super::totals(s));
    }
    super::print(&text)
}
