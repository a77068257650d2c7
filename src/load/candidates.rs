//! Candidate sites of a siting study: every unit, or a table of places.

use std::collections::HashMap;

use super::coordinates::Coordinates;
use super::municipalities::representative_point;
use super::{CandidateSource, read_points_or_table};
use crate::error::{InputError, Location, Result};
use crate::model::{Candidate, Shape, Unit};

/// Where a candidate was read: a line of the candidates file, or a unit.
pub(super) enum CandidatePlace {
    Row(std::path::PathBuf, Location),
    Unit,
}

/// The candidate sites, each with where it was read.
pub(super) fn candidate_sites(
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
    let (mut table, _) = read_points_or_table(path, "id")?;
    let id_col = table.column("id")?;
    table.records("candidate", id_col);
    let table = table;
    let name_col = table.optional_column("name");
    let coordinates = Coordinates::of(&table);
    let mut seen = HashMap::new();
    let mut sites = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        let id = table.unique(&mut seen, row, id_col)?;
        let location = coordinates.at(&table, row, &format!("candidate {id}"))?;
        // Without a cost matrix, reach is measured from the site, so it needs a place.
        if location.is_none() && !with_costs {
            return Err(InputError::at(
                &table.path,
                table.place(row),
                format!(
                    "candidate {id} has no coordinates; give `lon` and `lat` (or S-JTSK `x` \
                     and `y`), or a cost matrix"
                ),
            )
            .field("lon")
            .into());
        }
        let name = name_col.map_or("", |c| row.field(c));
        let site = Candidate {
            id: id.to_string(),
            name: if name.is_empty() { id } else { name }.to_string(),
            location,
        };
        sites.push((
            site,
            CandidatePlace::Row(table.path.clone(), table.place(row)),
        ));
    }
    if sites.is_empty() {
        return Err(InputError::file(&table.path, "lists no candidates").into());
    }
    Ok(sites)
}
