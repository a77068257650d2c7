//! `gapmap check SCENARIO.toml`: validate the scenario and its inputs, write nothing.

use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// The scenario file (TOML).
    scenario: PathBuf,
    /// Print nothing but errors.
    #[arg(long)]
    quiet: bool,
}

pub fn check(args: Args) -> anyhow::Result<()> {
    let (scenario, study, _) = super::load(&args.scenario, None, &gapmap::Silent, args.quiet)?;
    if !args.quiet {
        let areas = study.providers.iter().filter(|p| p.area.is_some()).count();
        super::print(&format!(
            "{}: ok: {} units, {} demand origins, {} groups, {} services, {} providers ({} with a service area)\n",
            scenario.path.display(),
            study.units.len(),
            study.origins.len(),
            study.groups.len(),
            study.services.len(),
            study.providers.len(),
            areas
        ))?;
    }
    Ok(())
}
