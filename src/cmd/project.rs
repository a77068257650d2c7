//! `gapmap project SCENARIO.toml --year YEAR [--out FILE.csv]`: the scenario's population
//! carried to a year by the projection of `[horizon]` (ČSÚ's by default), as a population
//! table in the scenario's own columns and ids.

use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// The scenario file (TOML); it needs `[inputs] population_year`.
    scenario: PathBuf,
    /// The year to project to (1 January), at or after the population's year.
    #[arg(long)]
    year: u32,
    /// The CSV file to write [default: out/<scenario name>/population_<YEAR>.csv].
    #[arg(long)]
    out: Option<PathBuf>,
}

pub fn project(args: Args) -> anyhow::Result<()> {
    let scenario = gapmap::scenario::Scenario::read(&args.scenario)?;
    let file = args.out.clone().unwrap_or_else(|| {
        super::default_out(&scenario.name).join(format!("population_{}.csv", args.year))
    });
    let (dir, name) = super::file_out(&file, "CSV")?;
    let text = gapmap::load::project_table(&scenario, args.year)?;
    let rows = text.lines().count().saturating_sub(1);
    let mut out = gapmap::report::Outputs::default();
    out.add(&name, text.into_bytes());
    gapmap::report::folder::Folder::add_file(&dir, &out)?;
    super::print(&format!(
        "wrote {}: {rows} rows projected from {} to {}\n",
        file.display(),
        scenario.inputs.population_year.unwrap_or(args.year),
        args.year
    ))
}
