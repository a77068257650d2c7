//! `gapmap catalogue SCENARIO.toml [--out DIR] [--lang cs|en] [--threads N] [--quiet]`: the
//! public catalogue of social services.

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
    /// The language of catalogue.html.
    #[arg(long, value_enum, default_value = "cs")]
    lang: super::Lang,
    #[command(flatten)]
    compute: super::Compute,
}

pub fn catalogue(args: Args) -> anyhow::Result<()> {
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
        // Who serves which municipality comes from the same reach the analysis uses.
        let results = gapmap::analyse(&study, &bars);
        bars.stage("catalogue", 0);
        let findings = gapmap::gap::findings(&study, &results);
        let catalogue = gapmap::catalogue::catalogue(&study, &findings);
        let meta = super::report_meta(&args.scenario, &scenario, args.lang)?;
        let outputs = gapmap::report::render_catalogue(&study, &catalogue, &meta)?;
        outputs.write(&out)?;
        Ok((catalogue, outputs, out))
    });
    bars.finish();
    let (catalogue, outputs, out) = outcome?;
    let mut text = super::wrote(&outputs, &out);
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
