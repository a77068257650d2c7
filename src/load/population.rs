//! The population table: one row per municipality, with the count columns the groups sum.

#![allow(
    clippy::indexing_slicing,
    reason = "indices are positions in the study's own lists (units, origins, services, groups, providers, columns), which load builds together and checks once"
)]

use std::collections::HashMap;

use super::file_name;
use super::table::{Row, Table};
use crate::error::{InputError, Result};
use crate::model::{AgeBands, Unit};
use crate::scenario::Scenario;

/// The population table: one row per municipality, counts for the columns the groups use.
/// Returns the counts in unit order.
pub(super) fn population(
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

/// People by five-year band per unit, when `table` has every band column (`total` too, or
/// the bands' sum). Units without a row are caught by [`population`].
pub(super) fn age_bands(
    table: &Table,
    id_field: &str,
    units: &[Unit],
    unit_ids: &HashMap<String, usize>,
) -> Result<Option<Vec<AgeBands>>> {
    let Some(columns) = band_columns(table) else {
        return Ok(None);
    };
    let (Some(id_col), total_col) = (
        table.optional_column(id_field),
        table.optional_column("total"),
    ) else {
        return Ok(None);
    };
    let mut out = vec![
        AgeBands {
            bands: [0.0; 18],
            total: 0.0
        };
        units.len()
    ];
    for row in &table.rows {
        let Some(&u) = unit_ids.get(row.field(id_col)) else {
            continue;
        };
        for (k, &c) in columns.iter().enumerate() {
            out[u].bands[k] = table.count(row, c)?;
        }
        out[u].total = match total_col {
            Some(c) => table.count(row, c)?,
            None => out[u].bands.iter().sum(),
        };
    }
    Ok(Some(out))
}

/// Positions of the scenario's population columns in `table`; a missing one names its group.
pub(super) fn count_columns(table: &Table, scenario: &Scenario) -> Result<Vec<usize>> {
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

/// The error for a population without every band column, which `[horizon]` needs.
pub(super) fn missing_band(table: &Table) -> InputError {
    let name = super::csu::BANDS
        .iter()
        .find(|b| table.optional_column(b).is_none())
        .copied()
        .unwrap_or("age_0_4");
    table.missing_column(
        name,
        ": [horizon] projects the population by five-year band, age_0_4 … age_85_plus",
    )
}

/// Every row's bands, in row order (demand points, projected as units).
pub(super) fn row_bands(table: &Table) -> Result<Vec<crate::projection::Bands>> {
    let Some(columns) = band_columns(table) else {
        return Err(missing_band(table).into());
    };
    table
        .rows
        .iter()
        .map(|row| {
            let mut bands = [0.0; crate::projection::BANDS];
            for (b, &c) in bands.iter_mut().zip(&columns) {
                *b = table.count(row, c)?;
            }
            Ok(bands)
        })
        .collect()
}

/// The positions of the 18 band columns, when the table has them all.
fn band_columns(table: &Table) -> Option<Vec<usize>> {
    super::csu::BANDS
        .iter()
        .map(|b| table.optional_column(b))
        .collect()
}
