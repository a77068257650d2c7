//! The explorer's edits applied to a study already loaded, without reading its files again:
//! groups, services and priorities from the edited scenario, its new changes applied to the
//! providers, and on a network the cost matrix's columns renumbered or computed.

#![allow(
    clippy::indexing_slicing,
    reason = "indices are positions in the study's own lists (origins, providers), which load builds together and checks once"
)]

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use super::{Loaded, changes, id_map, roads, transit};
use crate::error::Result;
use crate::index::UnitIndex;
use crate::model::{Service, Study};
use crate::scenario::{Scenario, Travel};

/// The network a computed cost matrix was made on, kept to compute a new provider's column.
pub enum Network {
    Roads(roads::RoadNet),
    Transit(Box<transit::TransitNet>),
}

impl Network {
    /// The largest catchment the matrix was made for.
    fn bound(&self) -> f64 {
        match self {
            Network::Roads(n) => n.bound,
            Network::Transit(n) => n.bound,
        }
    }

    /// Per origin within the bound, the cost to a provider at `at`; errors name it as `name`.
    fn column(&self, at: crate::model::LonLat, name: &str) -> Result<Vec<(usize, f64)>> {
        match self {
            Network::Roads(n) => n.column(at, name),
            Network::Transit(n) => Ok(n.column(at)),
        }
    }
}

/// A study already loaded, kept with what applying more changes to it needs: the explorer's.
pub struct Reusable {
    pub study: Arc<Study>,
    unit_ids: HashMap<String, usize>,
    unit_index: UnitIndex,
    /// With travel on roads or by public transport, the network, for the columns of providers
    /// added later.
    network: Option<Network>,
    /// The columns computed so far: every edit is applied to the loaded study, so a provider
    /// added five edits ago is added again at each.
    columns: Columns,
}

/// Columns of places on the network, by the place's coordinates, computed once each.
#[derive(Default)]
struct Columns(Mutex<HashMap<(u64, u64), Arc<Column>>>);

/// `(origin, cost)` by origin, for the origins within the bound.
type Column = Vec<(usize, f64)>;

impl Columns {
    fn get_or_compute(
        &self,
        at: crate::model::LonLat,
        compute: impl FnOnce() -> Result<Column>,
    ) -> Result<Arc<Column>> {
        let key = (at.lon().to_bits(), at.lat().to_bits());
        // A poisoned lock only lost an insert: the map is still whole.
        let map = || {
            self.0
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        };
        if let Some(column) = map().get(&key) {
            return Ok(Arc::clone(column));
        }
        let column = Arc::new(compute()?);
        map().insert(key, Arc::clone(&column));
        Ok(column)
    }
}

impl Reusable {
    /// What [`load`](super::load) gave: the study, and on roads or by public transport the
    /// network its matrix was made on.
    pub fn new(loaded: Loaded) -> Reusable {
        let study = Arc::new(loaded.study);
        Reusable {
            unit_ids: id_map(&study.units),
            unit_index: UnitIndex::new(&study.units),
            network: loaded.network,
            columns: Columns::default(),
            study,
        }
    }
}

/// The study of `scenario`, which is `base`'s scenario with more `[[changes]]` written in
/// `file`, without reading any input again: its groups, services and priorities, and `file`'s
/// changes applied to `base`'s providers, and on a network the matrix's columns. `None` where
/// that would not be what [`load`](super::load) gives: a cost matrix from a file, a network
/// whose matrix was made for a smaller largest catchment, needs from surveys or questionnaires
/// (they are read from files).
pub fn rebase(base: &Reusable, scenario: &Scenario, file: &Path) -> Option<Result<Study>> {
    let study = &base.study;
    let surveyed = |services: &[Service]| {
        services
            .iter()
            .any(|s| s.need.iter().any(|n| n.survey.is_some()))
    };
    // A computed matrix was made for the largest catchment, and holds the pairs within it: the
    // nearest provider "in reach or not" is looked for among them. A smaller largest catchment
    // keeps the pairs within it (a search to a smaller bound finds the same times for them); a
    // larger one needs the matrix again.
    let bound = Service::largest_catchment(&scenario.services);
    let network = match (&scenario.inputs.travel, &base.network) {
        (Travel::Sphere, _) => None,
        (Travel::Roads(_) | Travel::Transit(_), Some(net)) if bound <= net.bound() => Some(net),
        _ => return None,
    };
    if !study.questionnaires.is_empty()
        || !scenario.questionnaires.is_empty()
        || surveyed(&study.services)
        || surveyed(&scenario.services)
        || scenario.columns != study.columns
    {
        return None;
    }
    let mut providers = study.providers.clone();
    let applied = changes::apply_changes(
        &mut providers,
        scenario,
        Some(file),
        (&study.units, &base.unit_ids, &base.unit_index),
    );
    let removed = match applied {
        Err(e) => return Some(Err(e)),
        Ok(removed) => removed,
    };
    // The loaded scenario's closed providers, unless an edit added them again, then the edits'.
    let mut closed = study.closed.clone();
    closed.retain(|(id, _)| !providers.iter().any(|p| &p.id == id));
    closed.extend(removed);
    let costs = match network {
        None => study.costs.clone(),
        // A study on a network always has its matrix; without one, load it in full.
        Some(_) if study.costs.is_none() => return None,
        Some(net) => match network_costs(study, &providers, (net, bound), &base.columns) {
            Ok(costs) => Some(costs),
            Err(e) => return Some(Err(e)),
        },
    };
    Some(Ok(Study {
        name: scenario.name.clone(),
        groups: scenario.groups.clone(),
        services: scenario.services.clone(),
        priorities: scenario.priorities.clone(),
        providers,
        costs,
        closed,
        ..Study::clone(study)
    }))
}

/// The matrix of `providers` on a network, up to `bound` (at most the network's): the base
/// study's kept providers (in their order, a prefix) and those added after them: the kept ones'
/// columns renumbered, a column computed for each added one (on roads one search from it, by
/// public transport one search backward from it; once per place).
fn network_costs(
    study: &Study,
    providers: &[crate::model::Provider],
    (net, bound): (&Network, f64),
    columns: &Columns,
) -> Result<crate::model::Costs> {
    let base = &study.providers;
    // Kept: the longest prefix of `providers` that is base's in order, at the same places.
    let mut old_of_new: Vec<u32> = Vec::new();
    let mut j = 0;
    for p in providers {
        while j < base.len() && base[j].id != p.id {
            j += 1;
        }
        match base.get(j) {
            Some(b) if b.location == p.location && b.area == p.area => {
                old_of_new.push(j as u32);
                j += 1;
            }
            _ => break,
        }
    }
    let kept = old_of_new.len();
    let mut new_of_old = vec![None; base.len()];
    for (i, &o) in old_of_new.iter().enumerate() {
        new_of_old[o as usize] = Some(i as u32);
    }
    // Each added provider's column, by origin.
    let origins = study.origins.len();
    let mut added: Vec<Vec<(u32, f64)>> = vec![Vec::new(); origins];
    for (i, p) in providers.iter().enumerate().skip(kept) {
        let Some(at) = p.location.filter(|_| p.area.is_none()) else {
            continue;
        };
        let column =
            columns.get_or_compute(at, || net.column(at, &format!("provider {}", p.id)))?;
        for &(o, minutes) in column.iter() {
            added[o].push((i as u32, minutes));
        }
    }
    let empty = crate::model::Costs::default();
    let costs = study.costs.as_ref().unwrap_or(&empty);
    let mut out = crate::model::Costs {
        row_start: vec![0],
        ..Default::default()
    };
    for (o, extra) in added.iter().enumerate() {
        for (d, cost) in (o + 1 < costs.row_start.len())
            .then(|| costs.row(o))
            .into_iter()
            .flatten()
        {
            if let Some(Some(i)) = new_of_old.get(d as usize)
                && cost <= bound
            {
                out.destination.push(*i);
                out.cost.push(cost);
            }
        }
        for &(i, cost) in extra.iter().filter(|&&(_, cost)| cost <= bound) {
            out.destination.push(i);
            out.cost.push(cost);
        }
        out.row_start.push(out.destination.len());
    }
    Ok(out)
}
