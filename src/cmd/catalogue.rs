//! `gapmap catalogue SCENARIO.toml [--out DIR] [--lang cs|en] [--threads N] [--quiet]`: the
//! public catalogue of social services.

use super::ScenarioArgs;
use super::progress::Bars;

pub fn catalogue(args: ScenarioArgs) -> anyhow::Result<()> {
    let pool = args.compute.pool()?;
    let bars = Bars::new(args.compute.quiet);
    let outcome = pool.install(|| -> anyhow::Result<_> {
        // Who serves which municipality comes from the same reach the analysis uses.
        let a = super::analysed(&args, &bars)?;
        let catalogue = gapmap::catalogue::catalogue(&a.study, &a.findings);
        let meta = super::report_meta(&args.scenario, &a.scenario, args.lang)?;
        let outputs = gapmap::report::render_catalogue(&a.study, &catalogue, &meta)?;
        a.out.write(&outputs)?;
        Ok((catalogue, outputs, a.out))
    });
    bars.finish();
    let (catalogue, outputs, out) = outcome?;
    let mut text = super::wrote(&outputs, out.dir());
    let secret = catalogue.entries.iter().filter(|e| e.secret).count();
    text += &format!(
        "{} entries in {} chapters; {} municipalities in the index{}\n",
        catalogue.entries.len(),
        catalogue.chapters.len(),
        catalogue.index.len(),
        if secret > 0 {
            format!("; {secret} at a secret address, listed without a place")
        } else {
            String::new()
        }
    );
    super::print(&text)
}
