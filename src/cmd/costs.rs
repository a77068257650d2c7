//! `gapmap costs SCENARIO.toml --out costs.csv`: the travel times on the scenario's roads, as
//! the cost matrix `[inputs] costs` reads.

use std::path::PathBuf;

use super::UsageError;
use super::progress::Bars;

#[derive(clap::Args)]
pub struct Args {
    /// The scenario file (TOML), with `[inputs] roads`.
    scenario: PathBuf,
    /// The CSV file to write: `origin,destination,cost`, cost in minutes.
    #[arg(long)]
    out: PathBuf,
    #[command(flatten)]
    compute: super::Compute,
}

pub fn costs(args: Args) -> anyhow::Result<()> {
    if args.out.is_dir() {
        return Err(UsageError(format!(
            "--out {}: is a folder; name the CSV file to write",
            args.out.display()
        ))
        .into());
    }
    let pool = args.compute.pool()?;
    let quiet = args.compute.quiet;
    let bars = Bars::new(quiet);
    let outcome = pool.install(|| -> anyhow::Result<_> {
        let scenario = gapmap::scenario::Scenario::read(&args.scenario)?;
        let Some(roads) = scenario.inputs.roads.clone() else {
            return Err(gapmap::InputError::file(
                &args.scenario,
                "`gapmap costs` computes travel times on roads: give `[inputs] roads` (an \
                 OpenStreetMap extract) and `[travel] mode`",
            )
            .into());
        };
        let (study, _) = super::load_study(&scenario, None, &bars, quiet)?;
        let costs = study.costs.as_ref().expect("roads give a cost matrix");
        let origins: Vec<&str> = study.origins.iter().map(|o| o.id.as_str()).collect();
        let providers: Vec<&str> = study.providers.iter().map(|p| p.id.as_str()).collect();
        let bytes = gapmap::report::tables::costs_csv(&origins, &providers, costs);
        let mut out = gapmap::report::Outputs::default();
        let name = args
            .out
            .file_name()
            .ok_or_else(|| UsageError(format!("--out {}: names no file", args.out.display())))?;
        out.add(&name.to_string_lossy(), bytes);
        let dir = match args.out.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        out.write(&dir)?;
        let bound = gapmap::model::Service::largest_catchment(&study.services);
        Ok((
            roads,
            costs.cost.len(),
            study.origins.len(),
            providers.len(),
            bound,
        ))
    });
    bars.finish();
    let (roads, pairs, origins, providers, bound) = outcome?;
    super::print(&format!(
        "wrote {}: {pairs} pairs within {bound} min by {} ({origins} origins, {providers} providers)\n",
        args.out.display(),
        roads.mode,
    ))
}
