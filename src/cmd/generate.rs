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
    /// A region with a synthetic road network (`roads.osm.pbf`) and its scenario (`roads.toml`):
    /// a lattice of local roads with tertiary, secondary and primary lines, a motorway with
    /// links, one-way streets, and a river with few bridges.
    Roads {
        /// Output folder.
        #[arg(long)]
        out: PathBuf,
        /// About how many municipalities: 120 is an ORP with a 20 km ring (~4,700 km²).
        #[arg(long, default_value_t = 120)]
        municipalities: usize,
        /// How many providers.
        #[arg(long, default_value_t = 50)]
        providers: usize,
        /// Between neighbouring junctions of the lattice, km.
        #[arg(long, default_value_t = 0.4)]
        spacing: f64,
        /// Shape nodes between two junctions.
        #[arg(long, default_value_t = 4)]
        between: usize,
        /// Every service's catchment, minutes by car.
        #[arg(long, default_value_t = 30.0)]
        minutes: f64,
        /// Seed of the generator.
        #[arg(long, default_value_t = 1)]
        seed: u64,
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
        What::Roads {
            out: dir,
            municipalities,
            providers,
            spacing,
            between,
            minutes,
            seed,
        } => {
            if !(spacing.is_finite() && spacing >= 0.05 && minutes.is_finite() && minutes > 0.0) {
                return Err(super::UsageError(format!(
                    "--spacing must be at least 0.05 km and --minutes more than 0 (got {spacing} and {minutes})"
                ))
                .into());
            }
            let spec = synth::RoadSpec {
                spacing_km: spacing,
                between,
                seed,
            };
            out = synth::road_files(municipalities, providers, spec, minutes);
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
