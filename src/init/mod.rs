//! `gapmap init`: a ready planning folder for a real region, from the national data shipped
//! with gapmap or from the official files a planner has.
//!
//! It chooses the region (`region`), adds the context ring within `--buffer` km, takes the
//! people by age band, turns the MPSV registry into providers (`providers`), and writes the
//! scenario (`template`), the inputs and `SOURCES.md`. Everything is rendered in memory and
//! written together, as `run` writes its outputs.

#![allow(
    clippy::indexing_slicing,
    reason = "positions come from the national list of places this command reads and selects from"
)]

mod files;
pub mod providers;
pub mod region;
pub mod template;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

pub use crate::day::Day;
use crate::error::{InputError, Result};
use crate::load::csu::{self, Ages};
use crate::load::{addresses, features, registry, ruian_shp};
use crate::model::LonLat;
use crate::national::National;
use crate::report::Outputs;
use crate::report::number::english;
pub use region::{Place, Selection};

/// What `init` is asked to do.
#[derive(Debug, Clone)]
pub struct Config {
    pub selection: Selection,
    /// The context ring's width in km; `None` for no ring.
    pub buffer_km: Option<f64>,
    /// The scenario name ([a-z0-9_-]+): the folder's own name as a slug (`plans/tyn-rpss` →
    /// `tyn-rpss`), so that two plans of one region keep their outputs apart; `None` for the
    /// region's name, folded.
    pub name: Option<String>,
    /// The region's name for the description and the reports' titles (`--name`, any text such
    /// as "Hlučínsko-západ"); `None` for the ORP's name or the union's municipalities.
    pub title: Option<String>,
    /// ČSÚ age-structure xlsx files or population CSVs; empty for the shipped 2020 data.
    pub population: Vec<PathBuf>,
    /// `OBCE_P.shp` or a GeoJSON of municipality polygons; `None` for the shipped polygons.
    pub boundaries: Option<PathBuf>,
    pub registry: Option<PathBuf>,
    /// MPSV's codebooks, which name the registry's target groups, age groups and types.
    pub codebooks: Option<PathBuf>,
    pub addresses: Vec<PathBuf>,
    /// The day the registry is read for: services ended before it are left out.
    pub date: Day,
    /// The day the folder is made, for SOURCES.md.
    pub today: Day,
}

/// A planning folder, rendered, with what the user should be told.
pub struct Folder {
    pub outputs: Outputs,
    pub notes: Vec<String>,
    pub title: String,
    pub name: String,
    pub region: usize,
    pub context: usize,
    pub people: u64,
    pub providers: usize,
}

/// Makes the planning folder for `config`, from `national` and the files it names.
pub fn init(config: &Config, national: &National) -> Result<Folder> {
    let mut notes = Vec::new();
    let places = places(config, national)?;
    let within = match config.boundaries {
        Some(_) => "in --boundaries",
        None => "in the national data",
    };
    let chosen = region::select(&places, &config.selection, within)?;
    let ring = match config.buffer_km {
        Some(km) => region::ring(&places, &chosen.places, km),
        None => Vec::new(),
    };
    let mut selected: Vec<(usize, bool)> = chosen
        .places
        .iter()
        .map(|&i| (i, true))
        .chain(ring.iter().map(|&i| (i, false)))
        .collect();
    selected.sort_by(|a, b| places[a.0].code.cmp(&places[b.0].code));

    let name = match &config.name {
        Some(n) => crate::model::ScenarioName::try_from(n.as_str())
            .map_err(|e| InputError::file("DIR", e.to_string()))?
            .to_string(),
        None => chosen.slug.clone(),
    };
    let title = match config.title.as_deref().map(str::trim) {
        Some("") => return Err(InputError::file("--name", "is empty; name the region").into()),
        Some(t) => t.to_string(),
        None => chosen.title.clone(),
    };
    if config.title.is_none()
        && matches!(config.selection, Selection::Municipalities(_))
        && chosen.places.len() > 1
    {
        notes.push(format!(
            "the reports are titled \"{title}\"; --name \"…\" gives the union its own name"
        ));
    }

    // People by age band for every municipality of the folder.
    let (ages, population_source) = if config.population.is_empty() {
        (national.ages.clone(), PopulationSource::Shipped)
    } else {
        let mut parts = Vec::new();
        for path in &config.population {
            let is_xlsx = path
                .extension()
                .is_some_and(|x| x.eq_ignore_ascii_case("xlsx"));
            let ages = if is_xlsx {
                csu::read(path)?
            } else {
                csu::read_csv(path)?
            };
            parts.push((path.clone(), ages));
        }
        (csu::merge(parts)?, PopulationSource::Files)
    };
    let ages_of: HashMap<&str, &Ages> = ages.iter().map(|a| (a.code.as_str(), a)).collect();
    let mut rows = Vec::with_capacity(selected.len());
    for &(i, _) in &selected {
        let p = &places[i];
        let a = ages_of.get(p.code.as_str()).ok_or_else(|| {
            let files = if config.population.is_empty() {
                "the shipped population".to_string()
            } else {
                config
                    .population
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            InputError::file(
                config
                    .population
                    .first()
                    .map_or(Path::new("--population"), |p| p),
                format!(
                    "has no ages for municipality {} ({}); {files} must cover the region and its \
                     context",
                    p.code, p.name
                ),
            )
        })?;
        rows.push(Ages {
            code: p.code.clone(),
            name: p.name.clone(),
            ..(*a).clone()
        });
    }
    let people: u64 = selected
        .iter()
        .zip(&rows)
        .filter(|((_, inside), _)| *inside)
        .map(|(_, a)| a.total)
        .sum();

    // Providers from the registry, at their address points or their municipality's point.
    let points: HashMap<&str, (LonLat, &str)> = selected
        .iter()
        .map(|&(i, _)| {
            let p = &places[i];
            (p.code.as_str(), (p.point, p.name.as_str()))
        })
        .collect();
    let codebooks = match &config.codebooks {
        None => registry::Codebooks::known(),
        Some(dir) => {
            let (books, missing) = registry::Codebooks::read(dir)?;
            notes.extend(missing);
            books
        }
    };
    let (placed, kinds) = match &config.registry {
        None => (providers::Placed::default(), template::standard()),
        Some(path) => {
            let registrations = registry::read(path, &config.date)?;
            let wanted: HashSet<u64> = registrations
                .iter()
                .flat_map(|r| &r.facilities)
                .filter(|f| points.contains_key(f.municipality.as_str()))
                .filter_map(|f| f.address_point)
                .collect();
            let codes: HashSet<String> = points.keys().map(|c| c.to_string()).collect();
            let files = addresses::files(&config.addresses, Some(&codes))?;
            // Read even when no point is wanted: a bad file is an error either way.
            let found = addresses::read(&files, &wanted)?;
            let placed = providers::place(
                &registrations,
                &providers::Places {
                    municipalities: &points,
                    addresses: &found,
                    codebooks: &codebooks,
                },
            );
            let mut kinds: Vec<u32> = placed
                .rows
                .iter()
                .filter_map(|r| {
                    registry::TYPES
                        .iter()
                        .find(|t| t.id == r.service)
                        .map(|t| t.code)
                        .or_else(|| r.service.strip_prefix("type_")?.parse().ok())
                })
                .collect();
            // The standard KPSS set always, so that a service the region lacks shows as a
            // gap; then every other type the registry has, by code.
            kinds.sort_unstable();
            kinds.dedup();
            kinds.retain(|k| !template::STANDARD.contains(k));
            let mut all = template::standard();
            all.extend(kinds.into_iter().map(registry::service_type));
            (placed, all)
        }
    };
    let mut unnamed: Vec<&str> = placed
        .rows
        .iter()
        .flat_map(|r| r.listing.target_groups.iter().chain(&r.listing.age_groups))
        .map(String::as_str)
        .filter(|g| crate::model::unnamed_group(g))
        .collect();
    unnamed.sort_unstable();
    unnamed.dedup();
    if let Some(first) = unnamed.first() {
        notes.push(format!(
            "{} of the registry have no name here (such as {first}): providers.csv keeps \
             their ids and the public catalogue leaves them out; --codebooks DIR with MPSV's \
             codebooks names them",
            english(
                unnamed.len(),
                "target or age group",
                "target and age groups"
            )
        ));
    }
    if placed.without_address > 0 {
        notes.push(format!(
            "{} no address point in --addresses; {} placed at their municipality's definition \
             point (located = municipality)",
            english(
                placed.without_address,
                "registry facility has",
                "registry facilities have"
            ),
            if placed.without_address == 1 {
                "it is"
            } else {
                "they are"
            }
        ));
    }
    if placed.secret > 0 {
        notes.push(format!(
            "{} a secret address (utajenaAdresa); placed at the municipality's definition \
             point, and the address is written nowhere",
            english(placed.secret, "facility has", "facilities have")
        ));
    }
    if placed.unplaceable_here + placed.unplaceable_elsewhere > 0 {
        notes.push(format!(
            "{} no address (adresa or adresa.obec) and cannot be placed, so they are left \
             out: {} of services with providers here, {} of services with none (which may or \
             may not be in the region); see SOURCES.md",
            english(
                placed.unplaceable_here + placed.unplaceable_elsewhere,
                "registry facility has",
                "registry facilities have"
            ),
            placed.unplaceable_here,
            placed.unplaceable_elsewhere
        ));
    }

    let services: Vec<template::Service> = kinds
        .iter()
        .map(|kind| {
            let id = template::service_id(kind);
            let mut units: Vec<(String, usize)> = Vec::new();
            let mut count = 0;
            for r in placed.rows.iter().filter(|r| r.service == id) {
                count += 1;
                match units.iter_mut().find(|(u, _)| *u == r.unit) {
                    Some((_, k)) => *k += 1,
                    None => units.push((r.unit.clone(), 1)),
                }
            }
            template::Service {
                kind: *kind,
                codebook_label: codebooks.service_type(kind.code).map(str::to_string),
                units,
                providers: count,
            }
        })
        .collect();

    let region_count = chosen.places.len();
    let header = template::Header {
        name: &name,
        title: &title,
        region: region_count,
        context: ring.len(),
        buffer_km: config.buffer_km,
        people,
        population_date: match population_source {
            PopulationSource::Shipped => crate::national::POPULATION_DATE,
            PopulationSource::Files => "as in the population files",
        },
        population_year: match population_source {
            PopulationSource::Shipped => Some(crate::national::POPULATION_YEAR),
            PopulationSource::Files => None,
        },
        registry: config
            .registry
            .as_ref()
            .and_then(|p| p.file_name())
            .and_then(|n| n.to_str()),
        sources: sources(config, population_source),
    };

    let mut outputs = Outputs::default();
    outputs.add(
        "scenario.toml",
        template::scenario(&header, &services).into_bytes(),
    );
    outputs.add(
        "municipalities.geojson",
        files::municipalities_geojson(&places, &selected),
    );
    outputs.add("population.csv", csu::to_csv(&rows).into_bytes());
    outputs.add(
        "providers.csv",
        files::providers_csv(&placed.rows).into_bytes(),
    );
    outputs.add(
        "SOURCES.md",
        files::sources(config, &header, &placed, population_source).into_bytes(),
    );
    Ok(Folder {
        outputs,
        notes,
        title,
        name,
        region: region_count,
        context: ring.len(),
        people,
        providers: placed.rows.len(),
    })
}

/// Where the folder's inputs come from, for the scenario's `[sources]`, in Czech as the
/// sources name themselves.
fn sources(
    config: &Config,
    population: PopulationSource,
) -> Vec<(&'static str, String, Option<String>)> {
    let names = |paths: &[PathBuf]| {
        paths
            .iter()
            .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut out = vec![match &config.boundaries {
        None => (
            "municipalities",
            "ČÚZK, RÚIAN: hranice a definiční body obcí, příslušnost k ORP".to_string(),
            None,
        ),
        Some(p) => (
            "municipalities",
            format!("ČÚZK, RÚIAN ({})", names(std::slice::from_ref(p))),
            None,
        ),
    }];
    out.push(match population {
        PopulationSource::Shipped => (
            "population",
            "ČSÚ, Věkové složení obyvatelstva obcí".to_string(),
            Some(crate::national::POPULATION_DATE.to_string()),
        ),
        PopulationSource::Files => (
            "population",
            format!(
                "ČSÚ, Věkové složení obyvatelstva obcí ({})",
                names(&config.population)
            ),
            None,
        ),
    });
    if let Some(registry) = &config.registry {
        let addresses = match config.addresses.is_empty() {
            true => "",
            false => "; adresní místa RÚIAN (ČÚZK)",
        };
        out.push((
            "providers",
            format!(
                "MPSV, Registr poskytovatelů sociálních služeb ({}){addresses}",
                names(std::slice::from_ref(registry))
            ),
            Some(config.date.as_str().to_string()),
        ));
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PopulationSource {
    Shipped,
    Files,
}

/// The municipalities shipped with gapmap, as places a region is chosen from.
pub fn shipped_places(national: &National) -> Vec<Place> {
    national
        .municipalities
        .iter()
        .map(|m| Place {
            code: m.code.clone(),
            name: m.name.clone(),
            orp: Some((m.orp_code.clone(), m.orp_name.clone())),
            shape: m.shape.clone(),
            point: m.point,
        })
        .collect()
}

/// Every municipality that can be chosen: the shipped ones, or those of `--boundaries`, whose
/// definition points and ORP names come from the shipped data where the codes match.
fn places(config: &Config, national: &National) -> Result<Vec<Place>> {
    let shipped: HashMap<&str, &crate::national::Municipality> = national
        .municipalities
        .iter()
        .map(|m| (m.code.as_str(), m))
        .collect();
    let Some(path) = &config.boundaries else {
        return Ok(shipped_places(national));
    };
    let orp_names: HashMap<&str, &str> = national
        .municipalities
        .iter()
        .map(|m| (m.orp_code.as_str(), m.orp_name.as_str()))
        .collect();
    let point = |code: &str, shape: &geo::MultiPolygon| {
        shipped
            .get(code)
            .map(|m| m.point)
            .or_else(|| crate::load::representative_point(shape))
    };
    let is_shp = path
        .extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("shp"));
    let mut out = Vec::new();
    if is_shp {
        for b in ruian_shp::read(path)? {
            let Some(at) = point(&b.code, &b.shape) else {
                continue;
            };
            let orp = b.orp_code.map(|c| {
                let name = orp_names
                    .get(c.as_str())
                    .map_or(c.clone(), |n| n.to_string());
                (c, name)
            });
            out.push(Place {
                point: at,
                code: b.code,
                name: b.name,
                orp,
                shape: b.shape,
            });
        }
    } else {
        let (mut features, crs) = features::read(path)?;
        let krovak = crs.krovak();
        for f in &mut features {
            let code = features::text(f.properties.get("code")).ok_or_else(|| {
                InputError::at(path, features::location(f, "code"), "is missing").field("code")
            })?;
            let shape = features::polygons(path, f, "code", krovak.as_ref())?;
            let Some(at) = point(&code, &shape) else {
                continue;
            };
            let orp = features::text(f.properties.get("orp_code")).map(|c| {
                let name = features::text(f.properties.get("orp_name"))
                    .or_else(|| orp_names.get(c.as_str()).map(|n| n.to_string()))
                    .unwrap_or_else(|| c.clone());
                (c, name)
            });
            out.push(Place {
                name: features::text(f.properties.get("name")).unwrap_or_else(|| code.clone()),
                code,
                orp,
                shape,
                point: at,
            });
        }
    }
    if out.is_empty() {
        return Err(InputError::file(path, "has no municipalities").into());
    }
    Ok(out)
}
