//! Load: reads the scenario's input files and checks them into a [`Study`].
//!
//! Apart from the scenario file itself (read by `scenario`), this is where the library reads
//! its inputs. Everything is validated here, once:
//! ids exist and are unique, counts and capacities are numbers ≥ 0, coordinates are lon/lat
//! (S-JTSK is reprojected as it is read). The first problem stops the load with an error naming
//! the file, the place (line and record id, or feature) and the field.
//!
//! One file per input kind: `municipalities`, `population`, `demand_points`, `providers`,
//! `changes` (the scenario's provider changes), `costs`, `surveys` and `candidates`; `table`,
//! `features` and `coordinates` read what they share. The importers of official Czech formats,
//! which `gapmap init` uses, have a file each too: `csu` (ČSÚ age-structure xlsx), `ruian_shp`
//! (RÚIAN municipality polygons), `addresses` (RÚIAN address points) and `registry` (the MPSV
//! registry of social services).

pub mod addresses;
mod candidates;
mod changes;
pub mod coordinates;
pub mod costs;
pub mod csu;
mod demand_points;
mod feature_collection;
pub mod features;
pub mod gtfs;
mod horizon;
pub use horizon::project_table;
mod rebase;
pub use rebase::{Network, Reusable, rebase};
mod municipalities;
pub mod osm_pbf;
mod population;
pub mod projection;
mod providers;
pub mod questionnaire;
pub mod registry;
mod roads;
pub mod ruian_shp;
mod surveys;
pub mod table;
mod transit;
mod travel;

use std::collections::HashMap;
use std::path::Path;

use crate::Progress;
use crate::error::{InputError, Result};
use crate::index::UnitIndex;
use crate::model::{Candidates, Origin, Service, Study, Unit};
use crate::scenario::{Scenario, Travel};
use candidates::{CandidatePlace, candidate_sites};
pub use municipalities::representative_point;
use table::{Encoding, Table};

/// A loaded study, with notes for the user (e.g. a file read as Windows-1250).
pub struct Loaded {
    pub study: Study,
    pub notes: Vec<String>,
    /// With travel on roads or by public transport, the network the matrix was made on: what
    /// the explorer keeps to add providers later. Dropped at once by the other commands.
    pub network: Option<Network>,
}

/// Reads and validates every input of the scenario.
pub fn load(scenario: &Scenario, progress: &dyn Progress) -> Result<Loaded> {
    Ok(load_with(scenario, None, progress)?.0)
}

/// Where a siting study's candidates come from.
#[derive(Debug, Clone, Copy)]
pub enum CandidateSource<'a> {
    /// Every unit, at its representative point (a demand point at itself).
    Units,
    /// A table (or GeoJSON of points) with `id[,name,lon,lat]`.
    File(&'a Path),
}

/// Reads and validates every input of the scenario and, for a siting study, its candidates.
/// With a cost matrix, candidate ids are destinations of the matrix beside provider ids.
pub fn load_with(
    scenario: &Scenario,
    candidates: Option<CandidateSource<'_>>,
    progress: &dyn Progress,
) -> Result<(Loaded, Option<Candidates>)> {
    progress.stage("load", 0);
    let inputs = &scenario.inputs;
    let mut notes = Vec::new();
    let mut note = |path: &Path, encoding: Encoding, crs: features::Crs| {
        if encoding == Encoding::Windows1250 {
            notes.push(format!(
                "{}: not UTF-8, read as Windows-1250",
                path.display()
            ));
        }
        if crs == features::Crs::Sjtsk {
            notes.push(format!(
                "{}: S-JTSK (EPSG:5514), reprojected to lon/lat",
                path.display()
            ));
        }
    };

    // Parsing the polygons and reading the tables are independent: do them side by side.
    // Errors are still reported in a fixed order: polygons, population, points, providers.
    let (municipal, tables) = rayon::join(
        || {
            inputs
                .municipalities
                .as_ref()
                .map(|path| {
                    municipalities::municipalities(path, &inputs.id_field, &inputs.name_field)
                })
                .transpose()
        },
        || {
            let population = inputs
                .population
                .as_deref()
                .map(|p| Table::read(p).map(|t| (t, features::Crs::LonLat)));
            let points = inputs
                .demand_points
                .as_deref()
                .map(|p| read_points_or_table(p, "id"));
            let providers = read_points_or_table(&inputs.providers, "id");
            (population, points, providers)
        },
    );
    let (mut units, points, crs) = municipal?.unwrap_or_default();
    if let Some(path) = &inputs.municipalities {
        note(path, Encoding::Utf8, crs);
    }
    let (population_table, points_table, providers_table) = tables;
    let unit_ids = id_map(&units);
    let unit_index = UnitIndex::new(&units);

    let steps = match (&scenario.horizon, inputs.population_year) {
        (Some(h), Some(base)) => Some(horizon::steps(scenario, h, base)?),
        _ => None,
    };
    // With a horizon, each origin's bands at the base, which the projection carries.
    let mut origin_bands = Vec::new();

    // Origins: demand points when given, else each municipality at its representative point.
    let mut counts = Vec::new();
    let mut origins = Vec::new();
    let mut ages = None;
    if let Some((mut table, crs)) = population_table.transpose()? {
        note(&table.path, table.encoding, crs);
        if let Some(c) = table.optional_column(&inputs.id_field) {
            table.records("municipality", c);
        }
        let by_unit = population::population(&table, scenario, &units, &unit_ids)?;
        ages = population::age_bands(&table, &inputs.id_field, &units, &unit_ids)?;
        if steps.is_some() && inputs.demand_points.is_none() {
            let Some(ages) = &ages else {
                return Err(population::missing_band(&table).into());
            };
            origin_bands = ages.iter().map(|a| a.bands).collect();
        }
        if inputs.demand_points.is_none() {
            for (u, (unit, &at)) in units.iter().zip(&points).enumerate() {
                origins.push(Origin {
                    id: unit.id.clone(),
                    unit: u,
                    location: at,
                });
            }
            counts = by_unit;
        }
    }
    if let Some((mut table, crs)) = points_table.transpose()? {
        note(&table.path, table.encoding, crs);
        if let Some(c) = table.optional_column("id") {
            table.records("demand point", c);
        }
        let points =
            demand_points::demand_points(&table, scenario, &mut units, &unit_ids, &unit_index)?;
        origins = points.origins;
        counts = points.counts;
        if steps.is_some() {
            origin_bands = population::row_bands(&table)?;
        }
    }

    let (mut table, crs) = providers_table?;
    note(&table.path, table.encoding, crs);
    if let Some(c) = table.optional_column("id") {
        table.records("provider", c);
    }
    let mut providers = providers::providers(&table, scenario, &units, &unit_ids, &unit_index)?;
    let removed = changes::apply_changes(
        &mut providers,
        scenario,
        None,
        (&units, &unit_ids, &unit_index),
    )?;
    let sites = candidates
        .map(|source| candidate_sites(source, &units, inputs.travel.cost_matrix().is_some()))
        .transpose()?;

    let mut candidate_costs = None;
    let mut without_stop = Vec::new();
    let mut network = None;
    // What a computed matrix joins: the origins to the providers and the candidates.
    let points = travel::Points {
        units: &units,
        origins: &origins,
        providers: &providers,
        candidates: sites.as_ref().map(|s| s.iter().map(|(c, _)| c).collect()),
    };
    let bound = Service::largest_catchment(&scenario.services);
    let costs = match &inputs.travel {
        Travel::Transit(t) => {
            let found = transit::costs(t, &scenario.path, &points, bound, progress)?;
            notes.push(found.note);
            candidate_costs = found.candidates;
            without_stop = found.without_stop;
            network = Some(Network::Transit(Box::new(found.net)));
            Some(found.providers)
        }
        Travel::Roads(r) => {
            let (own, theirs, note, net) = roads::costs(r, &points, bound, progress)?;
            notes.push(note);
            network = Some(Network::Roads(net));
            candidate_costs = theirs;
            Some(own)
        }
        Travel::Sphere => None,
        Travel::Costs(path) => {
            let origin_ids = origins
                .iter()
                .enumerate()
                .map(|(o, x)| (x.id.as_str(), o as u32))
                .collect();
            // A removed provider's rows are still valid rows, just no longer used.
            let mut destination_ids: HashMap<&str, costs::Destination> = removed
                .iter()
                .map(|(id, _)| (id.as_str(), costs::Destination::Removed))
                .chain(
                    providers
                        .iter()
                        .enumerate()
                        .map(|(p, x)| (x.id.as_str(), costs::Destination::Column(p as u32))),
                )
                .collect();
            // Candidates follow the providers in the matrix's destination numbering.
            for (c, (site, line)) in sites.iter().flatten().enumerate() {
                let column = costs::Destination::Column((providers.len() + c) as u32);
                if destination_ids.insert(site.id.as_str(), column).is_some() {
                    let clash = format!(
                        "candidate {:?} has the id of a provider, so {} cannot tell them apart",
                        site.id,
                        file_name(Some(path))
                    );
                    return Err(match line {
                        CandidatePlace::Row(file, at) => {
                            InputError::at(file, at.clone(), clash + "; give it another id")
                                .field("id")
                        }
                        CandidatePlace::Unit => InputError::file(
                            path,
                            clash
                                + " (every municipality is a candidate by default); list \
                                     the candidates with other ids in --candidates FILE.csv",
                        ),
                    }
                    .into());
                }
            }
            let (costs, encoding) = costs::read(path, &origin_ids, &destination_ids)?;
            note(path, encoding, features::Crs::LonLat);
            if sites.is_none() {
                Some(costs)
            } else {
                let (own, theirs) = costs.split(providers.len());
                candidate_costs = Some(theirs);
                Some(own)
            }
        }
    };

    let mut services = scenario.services.clone();
    surveys::surveys(scenario, &mut services, &units, &origins, &counts)?;
    let questionnaires = questionnaire::questionnaires(
        scenario,
        &mut services,
        &units,
        &origins,
        &counts,
        &mut notes,
    )?;

    let mut outlook = None;
    if let Some(steps) = &steps {
        let projected = horizon::project(
            steps,
            &scenario.columns,
            &origins,
            units.len(),
            &origin_bands,
            &counts,
            ages.as_deref(),
        );
        counts = projected.counts;
        ages = projected.ages;
        outlook = Some(projected.outlook);
    }

    let study = Study {
        name: scenario.name.clone(),
        units: units.into(),
        origins: origins.into(),
        columns: scenario.columns.clone(),
        counts: counts.into(),
        groups: scenario.groups.clone(),
        services,
        providers,
        costs,
        priorities: scenario.priorities.clone(),
        ages,
        without_stop,
        questionnaires,
        outlook,
        population_year: scenario.inputs.population_year,
        closed: removed,
    };
    let candidates = sites.map(|sites| Candidates {
        sites: sites.into_iter().map(|(site, _)| site).collect(),
        costs: candidate_costs,
    });
    Ok((
        Loaded {
            study,
            notes,
            network,
        },
        candidates,
    ))
}

pub(crate) fn id_map(units: &[Unit]) -> HashMap<String, usize> {
    units
        .iter()
        .enumerate()
        .map(|(i, u)| (u.id.clone(), i))
        .collect()
}

/// A GeoJSON file of points or a delimited table, by the file's extension.
fn read_points_or_table(path: &Path, id_field: &str) -> Result<(Table, features::Crs)> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if ext == "geojson" || ext == "json" {
        let (features, crs) = features::read(path)?;
        let table = features::points_as_table(path, &features, id_field, crs.krovak().as_ref())?;
        Ok((table, crs))
    } else {
        Ok((Table::read(path)?, features::Crs::LonLat))
    }
}

fn file_name(path: Option<&Path>) -> String {
    path.and_then(|p| p.file_name()).map_or_else(
        || "the municipalities".into(),
        |n| n.to_string_lossy().into_owned(),
    )
}
