//! Providers: `id,name,service,capacity,lon,lat[,groups][,area]`, from CSV or GeoJSON points,
//! with the optional columns of the public catalogue (see [`Listing`]), which the analysis
//! ignores.

#![allow(
    clippy::indexing_slicing,
    reason = "indices are positions in the study's own lists (units, origins, services, groups, providers, columns), which load builds together and checks once"
)]

use std::collections::HashMap;

use rayon::prelude::*;

use super::coordinates::Coordinates;
use super::table::Table;
use crate::error::Result;
use crate::index::UnitIndex;
use crate::model::{Capacity, Form, Listing, Provider, Unit};
use crate::scenario::Scenario;

/// Providers: `id,name,service,capacity,lon,lat[,groups][,area]`.
pub(super) fn providers(
    table: &Table,
    scenario: &Scenario,
    units: &[Unit],
    unit_ids: &HashMap<String, usize>,
    unit_index: &UnitIndex,
) -> Result<Vec<Provider>> {
    let with_municipalities = scenario.inputs.municipalities.is_some();
    let with_costs = scenario.inputs.travel.cost_matrix().is_some();
    let id_col = table.column("id")?;
    let service_col = table.column("service")?;
    let capacity_col = table.column("capacity")?;
    let name_col = table.optional_column("name");
    let groups_col = table.optional_column("groups");
    let area_col = table.optional_column("area");
    let coordinates = Coordinates::of(table);
    let listing = ListingColumns::of(table);
    let mut seen = HashMap::new();
    let mut out = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        let id = table.unique(&mut seen, row, id_col)?;
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
        let location = coordinates.at(table, row, &subject)?;

        let groups = match groups_col.map(|c| (c, list(row.field(c)))) {
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

        let area = match area_col.map(|c| (c, list(row.field(c)))) {
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
            let col = coordinates.first_column().unwrap_or(id_col);
            return Err(table
                .error(
                    row,
                    col,
                    format!("{subject} has no coordinates; give `lon` and `lat`, an `area`, or a cost matrix"),
                )
                .into());
        }
        let name = name_col.map_or("", |c| row.field(c));
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
            listing: listing.read(&row.fields),
        });
    }
    // Point-in-polygon for every provider is the costly part; each is independent.
    out.par_iter_mut().for_each(|p| {
        p.host = p.location.and_then(|at| unit_index.locate(units, at));
    });
    Ok(out)
}

/// Where a table keeps the catalogue's columns, found once.
struct ListingColumns {
    provider: Option<usize>,
    ico: Option<usize>,
    address: Option<usize>,
    phone: Option<usize>,
    email: Option<usize>,
    web: Option<usize>,
    target_groups: Option<usize>,
    age_groups: Option<usize>,
    form: Option<usize>,
    unit: Option<usize>,
    municipality: Option<usize>,
    secret: Option<usize>,
}

impl ListingColumns {
    fn of(table: &Table) -> ListingColumns {
        let c = |name: &str| table.optional_column(name);
        ListingColumns {
            provider: c("provider"),
            ico: c("ico"),
            address: c("address"),
            phone: c("phone"),
            email: c("email"),
            web: c("web"),
            target_groups: c("target_groups"),
            age_groups: c("age_groups"),
            form: c("form"),
            unit: c("unit"),
            municipality: c("municipality"),
            secret: c("secret_address"),
        }
    }

    /// A row's listing; `None` when the table has none of the columns. The analysis ignores
    /// these columns, so no value here is an error: an unknown form is no form, and any
    /// `secret_address` but an empty, `false`, `0` or `no` one keeps the place secret.
    fn read(&self, fields: &[String]) -> Option<Box<Listing>> {
        let cols = [
            self.provider,
            self.ico,
            self.address,
            self.phone,
            self.email,
            self.web,
            self.target_groups,
            self.age_groups,
            self.form,
            self.unit,
            self.municipality,
            self.secret,
        ];
        if cols.iter().all(Option::is_none) {
            return None;
        }
        let text = |c: Option<usize>| c.and_then(|c| fields.get(c)).map_or("", |f| f.trim());
        let owned = |c: Option<usize>| text(c).to_string();
        let many = |c: Option<usize>| list(text(c)).into_iter().map(str::to_string).collect();
        let some = |c: Option<usize>| Some(text(c)).filter(|s| !s.is_empty()).map(str::to_string);
        let secret = text(self.secret).to_ascii_lowercase();
        Some(Box::new(Listing {
            provider: owned(self.provider),
            ico: owned(self.ico),
            address: owned(self.address),
            phones: many(self.phone),
            emails: many(self.email),
            webs: many(self.web),
            target_groups: many(self.target_groups),
            age_groups: many(self.age_groups),
            form: Form::try_from(text(self.form)).ok(),
            unit: some(self.unit),
            municipality: some(self.municipality),
            secret: !matches!(secret.as_str(), "" | "false" | "0" | "no" | "ne"),
        }))
    }
}

/// The unit indices of municipality ids, ascending and each once: a declared service area.
/// `Err` holds the first id that is not a unit.
pub(super) fn unit_set<'a>(
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
pub(super) fn list(field: &str) -> Vec<&str> {
    field
        .split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}
