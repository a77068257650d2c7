//! `gapmap generate demo|country`: synthetic inputs, deterministic from a seed.

use std::path::PathBuf;

use gapmap::report::Outputs;
use gapmap::synth::{self, Region};

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    what: What,
}

#[derive(clap::Subcommand)]
enum What {
    /// The embedded demo region: municipalities.geojson, population.csv, providers.csv and its
    /// road network, roads.osm.pbf.
    Demo {
        /// Output folder.
        #[arg(long, default_value = "geodata/demo")]
        out: PathBuf,
    },
    /// A country-sized test set with a scenario (`country.toml`) using the demo's services.
    Country {
        /// Output folder.
        #[arg(long)]
        out: PathBuf,
        /// About how many municipalities (Czechia has 6,258).
        #[arg(long, default_value_t = 6258)]
        municipalities: usize,
        /// How many providers.
        #[arg(long, default_value_t = 6700)]
        providers: usize,
        /// Seed of the generator.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Use the real municipalities in this folder (laid out like ../shared/data/cz) and
        /// generate only the providers; the real files are referenced, not copied.
        #[arg(long)]
        real: Option<PathBuf>,
    },
    /// A cost-matrix test set (`costs.toml`): every origin–provider pair in `costs.csv`.
    Costs {
        /// Output folder.
        #[arg(long)]
        out: PathBuf,
        /// Demand points (origins).
        #[arg(long, default_value_t = 10_000)]
        origins: usize,
        /// Providers (destinations); the matrix has origins × providers rows.
        #[arg(long, default_value_t = 500)]
        providers: usize,
        /// Seed of the generator.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

pub fn generate(args: Args) -> anyhow::Result<()> {
    let mut out = Outputs::default();
    let dir = match args.what {
        What::Demo { out: dir } => {
            let region = Region::demo();
            out.add(
                "municipalities.geojson",
                region.municipalities_geojson().into_bytes(),
            );
            out.add("population.csv", region.population_csv().into_bytes());
            out.add("providers.csv", region.providers_csv().into_bytes());
            out.add("roads.osm.pbf", region.roads_pbf(synth::DEMO_ROADS));
            dir
        }
        What::Country {
            out: dir,
            municipalities,
            providers,
            seed,
            real,
        } => {
            out = synth::country_files(municipalities, providers, seed, real.as_deref())?;
            dir
        }
        What::Costs {
            out: dir,
            origins,
            providers,
            seed,
        } => {
            out = synth::cost_matrix_files(origins, providers, seed);
            dir
        }
    };
    out.write(&dir)?;
    let names: Vec<&str> = out.names().collect();
    super::print(&format!(
        "wrote {} to {}\n",
        names.join(", "),
        dir.display()
    ))
}
