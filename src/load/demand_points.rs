//! Demand points: where need arises inside municipalities, or units of their own.

use std::collections::HashMap;

use super::coordinates::Coordinates;
use super::population::count_columns;
use super::table::Table;
use crate::error::{InputError, Result};
use crate::index::UnitIndex;
use crate::model::{Origin, Shape, Unit};
use crate::scenario::Scenario;

pub(super) struct DemandPoints {
    pub(super) origins: Vec<Origin>,
    pub(super) counts: Vec<f64>,
}

/// Demand points: each lies in a municipality (by its `municipality` column or by its position),
/// or, with no municipalities, is its own unit.
pub(super) fn demand_points(
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
    let with_costs = scenario.inputs.travel.cost_matrix().is_some();
    let coordinates = Coordinates::of(table);
    let mut seen = HashMap::new();
    let mut origins = Vec::with_capacity(table.rows.len());
    let mut counts = Vec::with_capacity(table.rows.len() * cols.len());
    for row in &table.rows {
        let id = table.unique(&mut seen, row, id_col)?;
        let at = coordinates.at(table, row, &format!("demand point {id}"))?;
        // Without a cost matrix, reach is measured from the point, so it needs a place.
        if at.is_none() && !with_costs {
            return Err(InputError::at(
                &table.path,
                table.place(row),
                format!(
                    "demand point {id} has no coordinates; give `lon` and `lat` (or S-JTSK \
                     `x` and `y`), or a cost matrix"
                ),
            )
            .field("lon")
            .into());
        }
        let unit = if own_units {
            let name = name_col.map_or("", |c| row.field(c));
            units.push(Unit {
                id: id.to_string(),
                name: if name.is_empty() {
                    id.to_string()
                } else {
                    name.to_string()
                },
                shape: at.map_or(Shape::None, Shape::Point),
                in_region: true,
            });
            units.len() - 1
        } else {
            match (muni_col.map(|c| (c, row.field(c))), at) {
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
                        table.place(row),
                        format!(
                            "demand point {id} at {}, {} lies in no municipality; \
                             set its `municipality` column",
                            at.lon(),
                            at.lat()
                        ),
                    )
                    .field("lon")
                })?,
                (_, None) => {
                    return Err(InputError::at(
                        &table.path,
                        table.place(row),
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
