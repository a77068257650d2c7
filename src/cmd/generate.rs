//! `gapmap generate demo|country|roads|costs|registry`: synthetic inputs, deterministic from a
//! seed.

#![allow(
    clippy::indexing_slicing,
    reason = "indices are positions in the study's own lists (units, origins, services, groups, providers, columns), which load builds together and checks once"
)]

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
    /// The embedded demo region: municipalities.geojson, population.csv, providers.csv, its
    /// road network, roads.osm.pbf, and its timetable, transit.zip.
    Demo {
        /// Output folder.
        #[arg(long, default_value = "geodata/demo")]
        out: PathBuf,
        /// Where the plan's demo scenarios go: demo-plan-2030.toml and demo-now.toml, which
        /// `gapmap monitor` checks against each other (they read the demo's files in --out).
        #[arg(long, default_value = "scenarios")]
        scenarios: PathBuf,
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
        /// Use the real municipalities in this folder (laid out as for `gapmap geodata`) and
        /// generate only the providers; the real files are referenced, not copied.
        #[arg(long)]
        real: Option<PathBuf>,
        /// How many of the demo's services, in its order (home for the elderly, home care,
        /// day care, personal assistance, youth club, family support, shelter).
        #[arg(long, default_value_t = 7, value_parser = clap::value_parser!(u8).range(1..=7))]
        services: u8,
        /// Every service's catchment in km [default: the demo's, 10 to 30 km].
        #[arg(long)]
        catchment: Option<f64>,
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
    /// A region with a synthetic GTFS timetable (`transit.zip`) and its scenario
    /// (`transit.toml`): bus lines from villages to towns, town lines, trains and an express,
    /// weekday and weekend services with holidays.
    Transit {
        /// Output folder.
        #[arg(long)]
        out: PathBuf,
        /// About how many municipalities: 120 is an ORP with its ring.
        #[arg(long, default_value_t = 120)]
        municipalities: usize,
        /// How many providers.
        #[arg(long, default_value_t = 50)]
        providers: usize,
        /// `region` (about 300 stops and 1,500 trips a day, town lines by frequencies.txt) or
        /// `country` (the size of the Czech weekday timetable with 6,258 municipalities).
        #[arg(long, value_enum, default_value = "region")]
        size: TransitSize,
        /// Every service's catchment, minutes by public transport.
        #[arg(long, default_value_t = 60.0)]
        minutes: f64,
        /// Seed of the generator.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// An invented registry in the shape of MPSV's rpss.json, over the real municipalities of an
    /// ORP (or of the whole country), with as many services as a region of its size has.
    Registry {
        /// The file to write (rpss.json).
        #[arg(long)]
        out: PathBuf,
        /// The ORP, by RÚIAN code or name [default: the whole country].
        #[arg(long)]
        orp: Option<String>,
        /// Also the municipalities within KM of the ORP's border, as `init --buffer` takes them.
        #[arg(
            long,
            value_name = "KM",
            requires = "orp",
            allow_negative_numbers = true
        )]
        buffer: Option<f64>,
        /// How many services [default: as many per person as the real registry has].
        #[arg(long)]
        services: Option<usize>,
        /// How many facilities [default: 2.8 per service, as in the real registry].
        #[arg(long)]
        facilities: Option<usize>,
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

/// How large a synthetic timetable is.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum TransitSize {
    Region,
    Country,
}

pub fn generate(args: Args) -> anyhow::Result<()> {
    let mut out = Outputs::default();
    let dir = match args.what {
        What::Demo {
            out: dir,
            scenarios,
        } => {
            let region = Region::demo();
            out.add(
                "providers_2027.csv",
                synth::demo_now_providers(&region).into_bytes(),
            );
            let providers = super::relative_to(&dir.join("providers_2027.csv"), &scenarios);
            let mut plan = Outputs::default();
            plan.add(
                "demo-plan-2030.toml",
                synth::demo_plan(&region).into_bytes(),
            );
            plan.add(
                "demo-now.toml",
                synth::demo_now(&providers.to_string_lossy().replace('\\', "/")).into_bytes(),
            );
            plan.write(&scenarios)?;
            out.add(
                "municipalities.geojson",
                region.municipalities_geojson().into_bytes(),
            );
            out.add("population.csv", region.population_csv().into_bytes());
            out.add("providers.csv", region.providers_csv().into_bytes());
            out.add("roads.osm.pbf", region.roads_pbf(synth::DEMO_ROADS));
            out.add(
                "transit.zip",
                region.transit_zip(synth::TransitSpec::REGION),
            );
            out.add("dotaznik.xlsx", synth::questionnaire_xlsx(&region, 2026));
            dir
        }
        What::Country {
            out: dir,
            municipalities,
            providers,
            seed,
            real,
            services,
            catchment,
        } => {
            if let Some(km) = catchment.filter(|km| !(km.is_finite() && *km > 0.0)) {
                return Err(super::UsageError(format!(
                    "--catchment must be more than 0 km (got {km})"
                ))
                .into());
            }
            let spec = synth::CountrySpec {
                municipalities,
                providers,
                seed,
                services: services.into(),
                catchment,
                real: real.as_deref(),
            };
            out = synth::country_files(&spec)?;
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
        What::Transit {
            out: dir,
            municipalities,
            providers,
            size,
            minutes,
            seed,
        } => {
            if !(minutes.is_finite() && minutes > 0.0) {
                return Err(super::UsageError(format!(
                    "--minutes must be more than 0 (got {minutes})"
                ))
                .into());
            }
            let spec = synth::TransitSpec {
                seed,
                ..match size {
                    TransitSize::Region => synth::TransitSpec::REGION,
                    TransitSize::Country => synth::TransitSpec::COUNTRY,
                }
            };
            out = synth::transit_files(municipalities, providers, spec, minutes);
            dir
        }
        What::Registry {
            out: file,
            orp,
            buffer,
            services,
            facilities,
            seed,
        } => {
            let (dir, name) = super::file_out(&file, "JSON")?;
            let national = gapmap::national::shipped()?;
            let all = gapmap::init::shipped_places(&national);
            let mut chosen: Vec<usize> = match &orp {
                Some(orp) => {
                    gapmap::init::region::select(
                        &all,
                        &gapmap::init::Selection::Orp(orp.clone()),
                        "in the national data",
                    )?
                    .places
                }
                None => (0..all.len()).collect(),
            };
            // The ring that `init --buffer` brings in has services too, as the real registry
            // has: without them its people would crowd the region's.
            if let Some(km) = buffer {
                if !(km.is_finite() && km >= 0.0) {
                    return Err(super::UsageError(format!(
                        "--buffer {km}: must be a distance in km ≥ 0"
                    ))
                    .into());
                }
                let ring = gapmap::init::region::ring(&all, &chosen, km);
                chosen.extend(ring);
            }
            // The region's people by column: what its need, and so its capacity, follow.
            let by_code: std::collections::HashMap<&str, &gapmap::load::csu::Ages> =
                national.ages.iter().map(|a| (a.code.as_str(), a)).collect();
            let mut bands = [0u64; 18];
            let mut people = 0u64;
            for a in chosen
                .iter()
                .filter_map(|&i| by_code.get(all[i].code.as_str()))
            {
                people += a.total;
                for (sum, n) in bands.iter_mut().zip(a.bands) {
                    *sum += n;
                }
            }
            let column = |c: &str| -> f64 {
                match c {
                    "total" => people as f64,
                    _ => gapmap::load::csu::BANDS
                        .iter()
                        .position(|b| *b == c)
                        .map_or(0.0, |i| bands[i] as f64),
                }
            };
            let mut need = [0.0; 12];
            for (n, (code, ..)) in need.iter_mut().zip(synth::registry::KINDS) {
                let id =
                    gapmap::init::template::service_id(&gapmap::load::registry::service_type(code));
                *n = gapmap::init::template::need_of(&id, column);
            }
            let services = services.unwrap_or_else(|| {
                ((people as f64 * synth::registry::SERVICES_PER_PERSON).round() as usize).max(1)
            });
            let facilities = facilities.unwrap_or_else(|| {
                (services as f64 * synth::registry::FACILITIES_PER_SERVICE).round() as usize
            });
            let places: Vec<(String, String, u64)> = chosen
                .iter()
                .map(|&i| {
                    let people = by_code.get(all[i].code.as_str()).map_or(0, |a| a.total);
                    (all[i].code.clone(), all[i].name.clone(), people)
                })
                .collect();
            let text = synth::registry::registry(services, facilities.max(1), &places, &need, seed);
            out.add(&name, text.into_bytes());
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
