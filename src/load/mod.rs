//! Load: reads the scenario's input files and checks them into a [`Study`].
//!
//! Apart from the scenario file itself (read by `scenario`), this is where the library reads
//! its inputs. Everything is validated here, once:
//! ids exist and are unique, counts and capacities are numbers ≥ 0, coordinates are lon/lat.
//! The first problem stops the load with an error naming the file, the place and the field.

pub mod costs;
pub mod features;
pub mod table;

use std::collections::HashMap;
use std::path::Path;

use geo::{Centroid, Contains, InteriorPoint, MultiPolygon};
use rayon::prelude::*;

use crate::Progress;
use crate::error::{InputError, Location, Result};
use crate::index::UnitIndex;
use crate::model::{
    Candidate, Candidates, Capacity, LonLat, Origin, Provider, Service, Shape, Study, SurveyRate,
    Unit,
};
use crate::scenario::{ProviderChange, Scenario};
use table::{Encoding, Row, Table};

/// A loaded study, with notes for the user (e.g. a file read as Windows-1250).
pub struct Loaded {
    pub study: Study,
    pub notes: Vec<String>,
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
    let mut note_encoding = |path: &Path, encoding: Encoding| {
        if encoding == Encoding::Windows1250 {
            notes.push(format!(
                "{}: not UTF-8, read as Windows-1250",
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
                .map(|path| municipalities(path, &inputs.id_field, &inputs.name_field))
                .transpose()
        },
        || {
            let population = inputs.population.as_deref().map(Table::read);
            let points = inputs
                .demand_points
                .as_deref()
                .map(|p| read_points_or_table(p, "id"));
            let providers = read_points_or_table(&inputs.providers, "id");
            (population, points, providers)
        },
    );
    let (mut units, points) = municipal?.unwrap_or_default();
    let (population_table, points_table, providers_table) = tables;
    let unit_ids = id_map(&units);
    let unit_index = UnitIndex::new(&units);

    // Origins: demand points when given, else each municipality at its representative point.
    let mut counts = Vec::new();
    let mut origins = Vec::new();
    if let Some(table) = population_table.transpose()? {
        note_encoding(&table.path, table.encoding);
        let by_unit = population(&table, scenario, &units, &unit_ids)?;
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
    if let Some(table) = points_table.transpose()? {
        note_encoding(&table.path, table.encoding);
        let points = demand_points(&table, scenario, &mut units, &unit_ids, &unit_index)?;
        origins = points.origins;
        counts = points.counts;
    }

    let table = providers_table?;
    note_encoding(&table.path, table.encoding);
    let mut providers = providers(&table, scenario, &units, &unit_ids, &unit_index)?;
    let removed = apply_changes(&mut providers, scenario, &units, &unit_ids, &unit_index)?;
    let sites = candidates
        .map(|source| candidate_sites(source, &units, inputs.costs.is_some()))
        .transpose()?;

    let mut candidate_costs = None;
    let costs = match &inputs.costs {
        None => None,
        Some(path) => {
            let origin_ids = origins
                .iter()
                .enumerate()
                .map(|(o, x)| (x.id.as_str(), o as u32))
                .collect();
            // A removed provider's rows are still valid rows, just no longer used.
            let mut destination_ids: HashMap<&str, u32> = removed
                .iter()
                .map(|id| (id.as_str(), costs::IGNORED))
                .chain(
                    providers
                        .iter()
                        .enumerate()
                        .map(|(p, x)| (x.id.as_str(), p as u32)),
                )
                .collect();
            // Candidates follow the providers in the matrix's destination numbering.
            for (c, (site, line)) in sites.iter().flatten().enumerate() {
                let index = (providers.len() + c) as u32;
                if destination_ids.insert(site.id.as_str(), index).is_some() {
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
            note_encoding(path, encoding);
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
    surveys(scenario, &mut services, &units, &origins, &counts)?;

    let study = Study {
        name: scenario.name.clone(),
        units,
        origins,
        columns: scenario.columns.clone(),
        counts,
        groups: scenario.groups.clone(),
        services,
        providers,
        costs,
        priorities: scenario.priorities.clone(),
    };
    let candidates = sites.map(|sites| Candidates {
        sites: sites.into_iter().map(|(site, _)| site).collect(),
        costs: candidate_costs,
    });
    Ok((Loaded { study, notes }, candidates))
}

/// Where a candidate was read: a line of the candidates file, or a unit.
enum CandidatePlace {
    Row(std::path::PathBuf, Location),
    Unit,
}

/// The candidate sites, each with where it was read.
fn candidate_sites(
    source: CandidateSource<'_>,
    units: &[Unit],
    with_costs: bool,
) -> Result<Vec<(Candidate, CandidatePlace)>> {
    let path = match source {
        CandidateSource::Units => {
            return Ok(units
                .iter()
                .map(|u| {
                    let location = match &u.shape {
                        Shape::Polygons(mp) => representative_point(mp),
                        Shape::Point(at) => Some(*at),
                        Shape::None => None,
                    };
                    let site = Candidate {
                        id: u.id.clone(),
                        name: u.name.clone(),
                        location,
                    };
                    (site, CandidatePlace::Unit)
                })
                .collect());
        }
        CandidateSource::File(path) => path,
    };
    let table = read_points_or_table(path, "id")?;
    let id_col = table.column("id")?;
    let name_col = table.optional_column("name");
    let mut seen = HashMap::new();
    let mut sites = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        let id = unique(&table, &mut seen, row, id_col)?;
        let location = location(&table, row, &format!("candidate {id}"))?;
        // Without a cost matrix, reach is measured from the site, so it needs a place.
        if location.is_none() && !with_costs {
            return Err(InputError::at(
                &table.path,
                row.location.clone(),
                format!(
                    "candidate {id} has no coordinates; give `lon` and `lat`, or a cost matrix"
                ),
            )
            .field("lon")
            .into());
        }
        let name = name_col.map_or("", |c| row.fields[c].as_str());
        let site = Candidate {
            id: id.to_string(),
            name: if name.is_empty() { id } else { name }.to_string(),
            location,
        };
        sites.push((
            site,
            CandidatePlace::Row(table.path.clone(), row.location.clone()),
        ));
    }
    if sites.is_empty() {
        return Err(InputError::file(&table.path, "lists no candidates").into());
    }
    Ok(sites)
}

fn id_map(units: &[Unit]) -> HashMap<String, usize> {
    units
        .iter()
        .enumerate()
        .map(|(i, u)| (u.id.clone(), i))
        .collect()
}

/// A GeoJSON file of points or a delimited table, by the file's extension.
fn read_points_or_table(path: &Path, id_field: &str) -> Result<Table> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if ext == "geojson" || ext == "json" {
        let features = features::read(path)?;
        features::points_as_table(path, &features, id_field)
    } else {
        Table::read(path)
    }
}

/// Municipality polygons with ids and names, and each one's representative point.
fn municipalities(
    path: &Path,
    id_field: &str,
    name_field: &str,
) -> Result<(Vec<Unit>, Vec<Option<LonLat>>)> {
    let features = features::read(path)?;
    if features.is_empty() {
        return Err(InputError::file(path, "has no features").into());
    }
    // Geometry is the costly part: convert and place points in parallel, then report the
    // first problem in file order, so the message does not depend on the threads.
    let parsed: Vec<Result<(Unit, Option<LonLat>)>> = features
        .par_iter()
        .map(|f| {
            let id = features::text(f.properties.get(id_field)).filter(|s| !s.is_empty());
            let Some(id) = id else {
                let loc = features::location(f, id_field);
                return Err(InputError::at(path, loc, "has no id")
                    .field(id_field)
                    .into());
            };
            let name = features::text(f.properties.get(name_field)).unwrap_or_else(|| id.clone());
            let mp = features::polygons(path, f, id_field)?;
            let point = representative_point(&mp);
            let unit = Unit {
                id,
                name,
                shape: Shape::Polygons(mp),
            };
            Ok((unit, point))
        })
        .collect();
    let mut units = Vec::with_capacity(features.len());
    let mut points = Vec::with_capacity(features.len());
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (f, item) in features.iter().zip(parsed) {
        let (unit, point) = item?;
        if let Some(first) = seen.insert(unit.id.clone(), f.index) {
            let loc = features::location(f, id_field);
            let message = format!("repeats the id {:?} of feature {first}", unit.id);
            return Err(InputError::at(path, loc, message).field(id_field).into());
        }
        units.push(unit);
        points.push(point);
    }
    Ok((units, points))
}

/// The point that stands for a municipality: its centroid when that lies inside it (the usual
/// case, and cheap), otherwise geo's `InteriorPoint` (a crescent, or a municipality in parts).
pub fn representative_point(mp: &MultiPolygon) -> Option<LonLat> {
    let inside = mp.centroid().filter(|c| mp.contains(c));
    let p = inside.or_else(|| mp.interior_point())?;
    Some(LonLat {
        lon: p.x(),
        lat: p.y(),
    })
}

/// The population table: one row per municipality, counts for the columns the groups use.
/// Returns the counts in unit order.
fn population(
    table: &Table,
    scenario: &Scenario,
    units: &[Unit],
    unit_ids: &HashMap<String, usize>,
) -> Result<Vec<f64>> {
    let id_field = &scenario.inputs.id_field;
    let id_col = table.column(id_field)?;
    let cols = count_columns(table, scenario)?;
    let width = cols.len();
    let mut counts = vec![0.0; units.len() * width];
    let mut row_of: Vec<Option<&Row>> = vec![None; units.len()];
    for row in &table.rows {
        let id = table.text(row, id_col)?;
        let Some(&u) = unit_ids.get(id) else {
            return Err(table
                .error(
                    row,
                    id_col,
                    format!(
                        "municipality {id:?} is not in {}",
                        file_name(scenario.inputs.municipalities.as_deref())
                    ),
                )
                .into());
        };
        if let Some(first) = row_of[u] {
            return Err(table
                .error(
                    row,
                    id_col,
                    format!(
                        "municipality {id:?} has a second row (the first is {})",
                        first.location
                    ),
                )
                .into());
        }
        row_of[u] = Some(row);
        for (k, &c) in cols.iter().enumerate() {
            counts[u * width + k] = table.count(row, c)?;
        }
    }
    if let Some(u) = row_of.iter().position(Option::is_none) {
        let missing = row_of.iter().filter(|r| r.is_none()).count();
        return Err(InputError::file(
            &table.path,
            format!(
                "has no row for municipality {:?} ({}){}",
                units[u].id,
                units[u].name,
                if missing > 1 {
                    format!(" and {} more", missing - 1)
                } else {
                    String::new()
                }
            ),
        )
        .field(id_field)
        .into());
    }
    Ok(counts)
}

/// Positions of the scenario's population columns in `table`; a missing one names its group.
fn count_columns(table: &Table, scenario: &Scenario) -> Result<Vec<usize>> {
    scenario
        .columns
        .iter()
        .enumerate()
        .map(|(c, name)| {
            table.optional_column(name).ok_or_else(|| {
                let group = scenario
                    .groups
                    .iter()
                    .find(|g| g.columns.contains(&c))
                    .map_or("?", |g| g.id.as_str());
                table
                    .missing_column(name, &format!(", which group `{group}` sums"))
                    .into()
            })
        })
        .collect()
}

fn file_name(path: Option<&Path>) -> String {
    path.and_then(|p| p.file_name()).map_or_else(
        || "the municipalities".into(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Optional `lon`/`lat` of a row: both or neither.
fn location(table: &Table, row: &Row, subject: &str) -> Result<Option<LonLat>> {
    let (Some(lon_c), Some(lat_c)) = (table.optional_column("lon"), table.optional_column("lat"))
    else {
        return Ok(None);
    };
    match (
        table.optional_number(row, lon_c)?,
        table.optional_number(row, lat_c)?,
    ) {
        (None, None) => Ok(None),
        (Some(lon), Some(lat)) => LonLat::try_from((lon, lat))
            .map(Some)
            .map_err(|e| table.error(row, lon_c, e.about(subject)).into()),
        (Some(_), None) => Err(table.error(row, lat_c, "is empty but `lon` is not").into()),
        (None, Some(_)) => Err(table.error(row, lon_c, "is empty but `lat` is not").into()),
    }
}

/// Checks that ids in a column are unique; returns the error for a repeat.
fn unique<'a>(
    table: &'a Table,
    seen: &mut HashMap<&'a str, &'a Location>,
    row: &'a Row,
    col: usize,
) -> Result<&'a str> {
    let id = table.text(row, col)?;
    if let Some(first) = seen.insert(id, &row.location) {
        return Err(table
            .error(
                row,
                col,
                format!("repeats the id {id:?} (first at {first})"),
            )
            .into());
    }
    Ok(id)
}

struct DemandPoints {
    origins: Vec<Origin>,
    counts: Vec<f64>,
}

/// Demand points: each lies in a municipality (by its `municipality` column or by its position),
/// or, with no municipalities, is its own unit.
fn demand_points(
    table: &Table,
    scenario: &Scenario,
    units: &mut Vec<Unit>,
    unit_ids: &HashMap<String, usize>,
    unit_index: &UnitIndex,
) -> Result<DemandPoints> {
    let id_col = table.column("id")?;
    let muni_col = table.optional_column("municipality");
    let name_col = table.optional_column("name");
    let cols = count_columns(table, scenario)?;
    let own_units = scenario.inputs.municipalities.is_none();
    let with_costs = scenario.inputs.costs.is_some();
    let mut seen = HashMap::new();
    let mut origins = Vec::with_capacity(table.rows.len());
    let mut counts = Vec::with_capacity(table.rows.len() * cols.len());
    for row in &table.rows {
        let id = unique(table, &mut seen, row, id_col)?;
        let at = location(table, row, &format!("demand point {id}"))?;
        // Without a cost matrix, reach is measured from the point, so it needs a place.
        if at.is_none() && !with_costs {
            return Err(InputError::at(
                &table.path,
                row.location.clone(),
                format!(
                    "demand point {id} has no coordinates; give `lon` and `lat`, or a cost matrix"
                ),
            )
            .field("lon")
            .into());
        }
        let unit = if own_units {
            let name = name_col.map_or("", |c| row.fields[c].as_str());
            units.push(Unit {
                id: id.to_string(),
                name: if name.is_empty() {
                    id.to_string()
                } else {
                    name.to_string()
                },
                shape: at.map_or(Shape::None, Shape::Point),
            });
            units.len() - 1
        } else {
            match (muni_col.map(|c| (c, row.fields[c].as_str())), at) {
                (Some((c, m)), _) if !m.is_empty() => *unit_ids.get(m).ok_or_else(|| {
                    table.error(
                        row,
                        c,
                        format!("municipality {m:?} is not in the municipalities file"),
                    )
                })?,
                (_, Some(at)) => unit_index.locate(units, at).ok_or_else(|| {
                    InputError::at(
                        &table.path,
                        row.location.clone(),
                        format!(
                            "demand point {id} at {}, {} lies in no municipality; \
                             set its `municipality` column",
                            at.lon, at.lat
                        ),
                    )
                    .field("lon")
                })?,
                (_, None) => {
                    return Err(InputError::at(
                        &table.path,
                        row.location.clone(),
                        format!("demand point {id} has neither a `municipality` nor coordinates to place it by"),
                    )
                    .field("municipality")
                    .into());
                }
            }
        };
        for &c in &cols {
            counts.push(table.count(row, c)?);
        }
        origins.push(Origin {
            id: id.to_string(),
            unit,
            location: at,
        });
    }
    Ok(DemandPoints { origins, counts })
}

/// Providers: `id,name,service,capacity,lon,lat[,groups][,area]`.
fn providers(
    table: &Table,
    scenario: &Scenario,
    units: &[Unit],
    unit_ids: &HashMap<String, usize>,
    unit_index: &UnitIndex,
) -> Result<Vec<Provider>> {
    let with_municipalities = scenario.inputs.municipalities.is_some();
    let with_costs = scenario.inputs.costs.is_some();
    let id_col = table.column("id")?;
    let service_col = table.column("service")?;
    let capacity_col = table.column("capacity")?;
    let name_col = table.optional_column("name");
    let groups_col = table.optional_column("groups");
    let area_col = table.optional_column("area");
    let mut seen = HashMap::new();
    let mut out = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        let id = unique(table, &mut seen, row, id_col)?;
        let subject = format!("provider {id}");
        let service_id = table.text(row, service_col)?;
        let service = scenario
            .services
            .iter()
            .position(|s| s.id == service_id)
            .ok_or_else(|| {
                let known: Vec<&str> = scenario.services.iter().map(|s| s.id.as_str()).collect();
                table.error(
                    row,
                    service_col,
                    format!(
                        "unknown service {service_id:?} for {subject}; the scenario's services are: {}",
                        known.join(", ")
                    ),
                )
            })?;
        let raw_capacity = table.number(row, capacity_col)?;
        let capacity = Capacity::try_from(raw_capacity)
            .map_err(|e| table.error(row, capacity_col, e.about(&subject)))?;
        let location = location(table, row, &subject)?;

        let groups = match groups_col.map(|c| (c, list(&row.fields[c]))) {
            Some((c, ids)) if !ids.is_empty() => Some(
                scenario.services[service]
                    .norm_positions(&scenario.groups, ids)
                    .map_err(|g| {
                        let known: Vec<&str> = scenario.services[service]
                            .need
                            .iter()
                            .map(|n| scenario.groups[n.group].id.as_str())
                            .collect();
                        table.error(
                            row,
                            c,
                            format!(
                                "group {g:?} of {subject} is not a need group of service {service_id:?}, whose groups are: {}",
                                known.join(", ")
                            ),
                        )
                    })?,
            ),
            _ => None,
        };

        let area = match area_col.map(|c| (c, list(&row.fields[c]))) {
            Some((c, ids)) if !ids.is_empty() => {
                if !with_municipalities {
                    return Err(table
                        .error(
                            row,
                            c,
                            format!(
                                "{subject} declares an area, but the scenario has no municipalities"
                            ),
                        )
                        .into());
                }
                Some(unit_set(unit_ids, ids).map_err(|m| {
                    table.error(row, c, format!("municipality {m:?} in the area of {subject} is not in the municipalities file"))
                })?)
            }
            _ => None,
        };
        if location.is_none() && area.is_none() && !with_costs {
            let col = table.optional_column("lon").unwrap_or(id_col);
            return Err(table
                .error(
                    row,
                    col,
                    format!("{subject} has no coordinates; give `lon` and `lat`, an `area`, or a cost matrix"),
                )
                .into());
        }
        let name = name_col.map_or("", |c| row.fields[c].as_str());
        out.push(Provider {
            id: id.to_string(),
            name: if name.is_empty() {
                id.to_string()
            } else {
                name.to_string()
            },
            service,
            capacity,
            location,
            groups,
            area,
            host: None,
        });
    }
    // Point-in-polygon for every provider is the costly part; each is independent.
    out.par_iter_mut().for_each(|p| {
        p.host = p.location.and_then(|at| unit_index.locate(units, at));
    });
    Ok(out)
}

/// Reads the survey of every survey-based norm and sets its rate per unit, with the 95 %
/// interval (see [`crate::survey`]). A row with `unit_id` is that unit's; the row without is
/// every other unit's, with the population of those units as the finite population.
fn surveys(
    scenario: &Scenario,
    services: &mut [Service],
    units: &[Unit],
    origins: &[Origin],
    counts: &[f64],
) -> Result<()> {
    let mut tables: HashMap<std::path::PathBuf, Table> = HashMap::new();
    let unit_ids = id_map(units);
    let width = scenario.columns.len();
    for service in services.iter_mut() {
        for k in 0..service.need.len() {
            let Some(file) = service.need[k].survey.as_ref().map(|v| v.file.clone()) else {
                continue;
            };
            if !tables.contains_key(&file) {
                let table = Table::read(&file)?;
                // Every row must name a service of the scenario, whichever norm reads it.
                let col = table.column("service")?;
                for row in &table.rows {
                    let id = table.text(row, col)?;
                    if !scenario.services.iter().any(|x| x.id == id) {
                        return Err(table
                            .error(row, col, format!("unknown service {id:?}"))
                            .into());
                    }
                }
                tables.insert(file.clone(), table);
            }
            let table = &tables[&file];
            let group = &scenario.groups[service.need[k].group];
            // People of the group per unit: the survey's population.
            let mut people = vec![0.0; units.len()];
            for (o, origin) in origins.iter().enumerate() {
                people[origin.unit] += group
                    .columns
                    .iter()
                    .map(|&c| counts[o * width + c])
                    .sum::<f64>();
            }
            let service_col = table.column("service")?;
            let respondents_col = table.column("respondents")?;
            let needing_col = table.column("needing")?;
            let unit_col = table.optional_column("unit_id");
            let mut own: Vec<Option<(f64, f64)>> = vec![None; units.len()];
            let mut region: Option<(f64, f64)> = None;
            for row in &table.rows {
                if table.text(row, service_col)? != service.id {
                    continue;
                }
                let respondents = table.number(row, respondents_col)?;
                if respondents <= 0.0 {
                    let e =
                        crate::error::ValueError::new("respondents", respondents, "must be > 0");
                    return Err(table.error(row, respondents_col, e.to_string()).into());
                }
                let needing = table.number(row, needing_col)?;
                if !(0.0..=respondents).contains(&needing) {
                    let e = crate::error::ValueError::new(
                        "needing",
                        needing,
                        format!("must be between 0 and the {respondents} respondents"),
                    );
                    return Err(table.error(row, needing_col, e.to_string()).into());
                }
                let unit = unit_col
                    .map(|c| row.fields[c].trim())
                    .filter(|u| !u.is_empty());
                let slot = match unit {
                    None => &mut region,
                    Some(id) => {
                        let c = unit_col.expect("a unit id comes from the column");
                        let u = *unit_ids
                            .get(id)
                            .ok_or_else(|| table.error(row, c, format!("unknown unit {id:?}")))?;
                        &mut own[u]
                    }
                };
                if slot.is_some() {
                    let c = unit_col.unwrap_or(service_col);
                    return Err(table
                        .error(
                            row,
                            c,
                            format!(
                                "a second row for service {:?} and {}",
                                service.id,
                                unit.map_or("the whole region".to_string(), |u| format!(
                                    "unit {u:?}"
                                ))
                            ),
                        )
                        .into());
                }
                *slot = Some((needing, respondents));
            }
            let rest: f64 = (0..units.len())
                .filter(|&u| own[u].is_none())
                .map(|u| people[u])
                .sum();
            let mut per_unit = Vec::with_capacity(units.len());
            for u in 0..units.len() {
                let ((needing, respondents), population) = match (own[u], region) {
                    (Some(r), _) => (r, people[u]),
                    (None, Some(r)) => (r, rest),
                    (None, None) => {
                        return Err(InputError::file(
                            &file,
                            format!(
                                "no row for service {:?} and unit {:?}, and no row for the whole region (one without `unit_id`)",
                                service.id, units[u].id
                            ),
                        )
                        .into());
                    }
                };
                let (low, high) = crate::survey::wilson(
                    needing,
                    respondents,
                    Some(population).filter(|&p| p > 0.0),
                );
                per_unit.push(SurveyRate {
                    rate: 1000.0 * needing / respondents,
                    low: 1000.0 * low,
                    high: 1000.0 * high,
                });
            }
            service.need[k]
                .survey
                .as_mut()
                .expect("checked above")
                .per_unit = per_unit;
        }
    }
    Ok(())
}

/// Applies the scenario's changes to the providers, in order, and returns the ids that were
/// removed and not added again.
fn apply_changes(
    providers: &mut Vec<Provider>,
    scenario: &Scenario,
    units: &[Unit],
    unit_ids: &HashMap<String, usize>,
    unit_index: &UnitIndex,
) -> Result<Vec<String>> {
    let providers_file = scenario.inputs.providers.display();
    let mut removed = Vec::new();
    for change in &scenario.changes {
        let position = |providers: &[Provider], id: &str| {
            providers.iter().position(|p| p.id == id).ok_or_else(|| {
                change.error(
                    "id",
                    format!("no provider {id:?} in {providers_file} or added before"),
                )
            })
        };
        match &change.kind {
            ProviderChange::Add {
                id,
                name,
                service,
                capacity,
                location,
                groups,
                area,
            } => {
                if providers.iter().any(|p| p.id == *id) {
                    return Err(change
                        .error("id", format!("provider {id:?} exists already"))
                        .into());
                }
                let area = match area {
                    None => None,
                    Some(_) if scenario.inputs.municipalities.is_none() => {
                        return Err(change
                            .error("area", "the scenario has no municipalities")
                            .into());
                    }
                    Some(ids) => Some(unit_set(unit_ids, ids.iter().map(String::as_str)).map_err(
                        |m| {
                            change.error(
                                "area",
                                format!("municipality {m:?} is not in the municipalities file"),
                            )
                        },
                    )?),
                };
                if location.is_none() && area.is_none() && scenario.inputs.costs.is_none() {
                    return Err(change
                        .error(
                            "lon",
                            format!(
                                "provider {id:?} needs `lon` and `lat`, an `area`, or a cost matrix"
                            ),
                        )
                        .into());
                }
                removed.retain(|r| r != id);
                providers.push(Provider {
                    id: id.clone(),
                    name: name.clone(),
                    service: *service,
                    capacity: *capacity,
                    location: *location,
                    groups: groups.clone(),
                    area,
                    host: location.and_then(|at| unit_index.locate(units, at)),
                });
            }
            ProviderChange::Remove { id } => {
                let p = position(providers, id)?;
                providers.remove(p);
                removed.push(id.clone());
            }
            ProviderChange::SetCapacity { id, capacity } => {
                let p = position(providers, id)?;
                providers[p].capacity = *capacity;
            }
        }
    }
    Ok(removed)
}

/// The unit indices of municipality ids, ascending and each once: a declared service area.
/// `Err` holds the first id that is not a unit.
fn unit_set<'a>(
    unit_ids: &HashMap<String, usize>,
    ids: impl IntoIterator<Item = &'a str>,
) -> std::result::Result<Vec<usize>, &'a str> {
    let mut set = Vec::new();
    for m in ids {
        let u = *unit_ids.get(m).ok_or(m)?;
        if !set.contains(&u) {
            set.push(u);
        }
    }
    set.sort_unstable();
    Ok(set)
}

/// A `;`-separated list, blanks dropped.
fn list(field: &str) -> Vec<&str> {
    field
        .split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}
