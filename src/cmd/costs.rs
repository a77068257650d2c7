//! `gapmap costs SCENARIO.toml [--out FILE.csv]`: the travel-cost matrix a scenario uses, in
//! the format `[inputs] costs` reads: travel minutes on its roads, its own cost matrix, or km
//! on the sphere.

use std::path::PathBuf;

use gapmap::scenario::Travel;

use super::progress::Bars;

#[derive(clap::Args)]
pub struct Args {
    /// The scenario file (TOML).
    scenario: PathBuf,
    /// The CSV file to write: `origin,destination,cost` [default: out/<scenario name>/costs.csv].
    #[arg(long)]
    out: Option<PathBuf>,
    #[command(flatten)]
    compute: super::Compute,
}

pub fn costs(args: Args) -> anyhow::Result<()> {
    let pool = args.compute.pool()?;
    let quiet = args.compute.quiet;
    let bars = Bars::new(quiet);
    let outcome = pool.install(|| -> anyhow::Result<_> {
        let scenario = gapmap::scenario::Scenario::read(&args.scenario)?;
        let file = args
            .out
            .clone()
            .unwrap_or_else(|| super::default_out(&scenario.name).join("costs.csv"));
        let (dir, name) = super::file_out(&file, "CSV")?;
        let (study, _) = super::load_study(&scenario, None, &bars, quiet)?;
        let bound = gapmap::model::Service::largest_catchment(&study.services);
        let inputs = &scenario.inputs;
        let (costs, what) = match (&inputs.travel, &study.costs) {
            (Travel::Transit(t), Some(c)) => (
                c.clone(),
                format!(
                    "within {bound} min by public transport on {} ({}th percentile of departures {}–{})",
                    t.date,
                    t.settings.percentile(),
                    clock(t.settings.window().0),
                    clock(t.settings.window().1)
                ),
            ),
            (Travel::Roads(roads), Some(c)) => {
                (c.clone(), format!("within {bound} min by {}", roads.mode))
            }
            (Travel::Costs(_), Some(c)) => {
                (c.clone(), "from the scenario's cost matrix".to_string())
            }
            _ => (
                gapmap::reach::sphere_costs(&study, bound),
                format!("within {bound} km on the sphere"),
            ),
        };
        let origins: Vec<&str> = study.origins.iter().map(|o| o.id.as_str()).collect();
        let providers: Vec<&str> = study.providers.iter().map(|p| p.id.as_str()).collect();
        let mut out = gapmap::report::Outputs::default();
        out.add(
            &name,
            gapmap::report::tables::costs_csv(&origins, &providers, &costs),
        );
        gapmap::report::folder::Folder::add_file(&dir, &out)?;
        Ok(format!(
            "wrote {}: {} pairs {what} ({} origins, {} providers)\n",
            file.display(),
            costs.cost.len(),
            origins.len(),
            providers.len(),
        ))
    });
    bars.finish();
    super::print(&outcome?)
}

/// Minutes after midnight as `HH:MM`.
fn clock(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}
