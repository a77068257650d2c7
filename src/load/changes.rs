//! The scenario's `[[changes]]` to providers: add, remove, set capacity.

#![allow(
    clippy::indexing_slicing,
    reason = "indices are positions in the study's own lists (units, origins, services, groups, providers, columns), which load builds together and checks once"
)]

use std::collections::HashMap;

use super::providers::unit_set;
use crate::error::Result;
use crate::index::UnitIndex;
use crate::model::{Provider, Unit};
use crate::scenario::{ProviderChange, Scenario};

/// Applies the scenario's changes to the providers, in order (with `only`, those written in
/// that file), and returns those that were removed and not added again, as `(id, name)`.
pub(super) fn apply_changes(
    providers: &mut Vec<Provider>,
    scenario: &Scenario,
    only: Option<&std::path::Path>,
    (units, unit_ids, unit_index): (&[Unit], &HashMap<String, usize>, &UnitIndex),
) -> Result<Vec<(String, String)>> {
    let providers_file = scenario.inputs.providers.display();
    let mut removed = Vec::new();
    for change in scenario
        .changes
        .iter()
        .filter(|c| only.is_none_or(|file| c.file == file))
    {
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
                if location.is_none()
                    && area.is_none()
                    && scenario.inputs.travel.cost_matrix().is_none()
                {
                    return Err(change
                        .error(
                            "lon",
                            format!(
                                "provider {id:?} needs `lon` and `lat`, an `area`, or a cost matrix"
                            ),
                        )
                        .into());
                }
                removed.retain(|(r, _)| r != id);
                providers.push(Provider {
                    id: id.clone(),
                    name: name.clone(),
                    service: *service,
                    capacity: *capacity,
                    location: *location,
                    groups: groups.clone(),
                    area,
                    host: location.and_then(|at| unit_index.locate(units, at)),
                    listing: None,
                });
            }
            ProviderChange::Remove { id } => {
                let p = position(providers, id)?;
                let gone = providers.remove(p);
                removed.push((gone.id, gone.name));
            }
            ProviderChange::SetCapacity { id, capacity } => {
                let p = position(providers, id)?;
                providers[p].capacity = *capacity;
            }
        }
    }
    Ok(removed)
}
