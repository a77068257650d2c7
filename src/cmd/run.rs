//! `gapmap run SCENARIO.toml [--out DIR] [--lang cs|en] [--threads N] [--quiet]`.

use super::ScenarioArgs;
use super::progress::Bars;

pub fn run(args: ScenarioArgs) -> anyhow::Result<()> {
    let pool = args.compute.pool()?;
    let bars = Bars::new(args.compute.quiet);
    let outcome = pool.install(|| -> anyhow::Result<_> {
        let a = super::analysed(&args, &bars)?;
        let meta = super::report_meta(&args.scenario, &a.scenario, args.lang)?;
        let outputs = gapmap::report::render(&a.study, &a.findings, &meta)?;
        outputs.write(&a.out)?;
        Ok((a, outputs))
    });
    bars.finish();
    let (a, outputs) = outcome?;

    let mut text = super::wrote(&outputs, &a.out);
    text += &format!("{:<22} {}\n", "service", super::TOTALS_HEADER);
    for s in &a.findings.summaries {
        let id = &a.study.services[s.service].id;
        text += &format!("{id:<22} {}\n", super::totals(s));
    }
    super::print(&text)
}
