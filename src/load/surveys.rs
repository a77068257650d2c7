//! Needs surveys: a need rate per unit, with its 95 % interval, for survey-based norms.

#![allow(
    clippy::indexing_slicing,
    reason = "indices are positions in the study's own lists (units, origins, services, groups, providers, columns), which load builds together and checks once"
)]

use std::collections::HashMap;

use super::id_map;
use super::table::Table;
use crate::error::{InputError, Result};
use crate::model::{Origin, Service, SurveyRate, SurveySource, Unit};
use crate::scenario::Scenario;

/// Reads the survey of every survey-based norm and sets its rate per unit, with the 95 %
/// interval (see [`crate::survey`]). A row with `unit_id` is that unit's; the row without is
/// every other unit's, with the population of those units as the finite population.
pub(super) fn surveys(
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
            // Questionnaires are read by `questionnaire`.
            let Some(SurveySource::Table(file)) =
                service.need[k].survey.as_ref().map(|v| v.source.clone())
            else {
                continue;
            };
            if !tables.contains_key(&file) {
                let mut table = Table::read(&file)?;
                // Every row must name a service of the scenario, whichever norm reads it.
                let col = table.column("service")?;
                table.records("service", col);
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
                    .map(|c| row.field(c).trim())
                    .filter(|u| !u.is_empty());
                let slot = match (unit, unit_col) {
                    (Some(id), Some(c)) => {
                        let u = *unit_ids
                            .get(id)
                            .ok_or_else(|| table.error(row, c, format!("unknown unit {id:?}")))?;
                        &mut own[u]
                    }
                    _ => &mut region,
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
            if let Some(survey) = service.need[k].survey.as_mut() {
                survey.per_unit = per_unit;
            }
        }
    }
    Ok(())
}
