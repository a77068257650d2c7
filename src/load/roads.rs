//! `[inputs] roads`: the cost matrix computed from an OpenStreetMap extract, travel minutes by
//! the scenario's mode, for every origin–destination pair within the largest catchment.
//!
//! It stands where a `costs.csv` would: the result is a [`Costs`] like the one `costs.rs`
//! reads, providers first and candidates after, so that everything downstream is unchanged.

#![allow(
    clippy::indexing_slicing,
    reason = "indices are positions in the study's own lists (units, origins, services, groups, providers, columns), which load builds together and checks once"
)]

use super::travel::Points;
use crate::Progress;
use crate::error::{InputError, Result};
use crate::model::{Costs, LonLat};
use crate::roads::graph::Graph;
use crate::roads::snap::{Snap, Snapper};
use crate::roads::{self, TooFar};
use crate::scenario::Roads;

/// The matrices, origins to providers and origins to candidates, within `bound` minutes, with
/// a note on the network for the user, and the network with its origins snapped.
pub(super) fn costs(
    roads: &Roads,
    points: &Points<'_>,
    bound: f64,
    progress: &dyn Progress,
) -> Result<(Costs, Option<Costs>, String, RoadNet)> {
    progress.stage("roads", 0);
    let ways = super::osm_pbf::read(&roads.path, roads.mode)?;
    let graph = std::sync::Arc::new(Graph::build(&ways));
    drop(ways);
    let note = format!(
        "{}: {} junctions and {} road pieces for travel by {} (the largest strongly connected \
         part; {} junctions outside it are left out)",
        roads.path.display(),
        graph.vertices(),
        graph.pieces.len(),
        roads.mode,
        graph.all_vertices - graph.vertices(),
    );
    let snapper = Snapper::new(std::sync::Arc::clone(&graph));

    // Origins without a place (none with roads, as loading requires one) get empty rows.
    let located = points.located();
    let from = snap(&snapper, roads, &located, |k| {
        points.origin_name(located[k].0)
    })?;
    let targets = points.targets();
    let to = snap(&snapper, roads, &targets, |k| {
        points.target_name(targets[k].0)
    })?;

    progress.stage("travel times", 0);
    let rows = roads::times(&graph, &from, &to, bound);
    let (providers, candidates) = points.split(&located, rows, &targets);
    let net = RoadNet {
        roads: roads.clone(),
        snapper,
        located: located.into_iter().map(|(o, _)| o).collect(),
        from,
        bound,
    };
    Ok((providers, candidates, note, net))
}

/// Snaps the points; one farther than 5 km from the roads is an error that names it.
fn snap<T, G: std::ops::Deref<Target = Graph> + Sync>(
    snapper: &Snapper<G>,
    roads: &Roads,
    points: &[(T, LonLat)],
    name: impl Fn(usize) -> String,
) -> Result<Vec<Snap>> {
    let at: Vec<LonLat> = points.iter().map(|&(_, p)| p).collect();
    roads::snap_all(snapper, &at).map_err(
        |TooFar {
             index,
             metres,
             road,
         }| {
            let p = at[index];
            InputError::file(
                &roads.path,
                format!(
                    "{} at {:.5}, {:.5} is {:.1} km from the nearest road for travel by {} \
                 ({:.5}, {:.5}); at most {} km is walked to a road: check its coordinates, or \
                 use an extract that covers it",
                    name(index),
                    p.lon(),
                    p.lat(),
                    metres / 1000.0,
                    roads.mode,
                    road.lon(),
                    road.lat(),
                    roads::MAX_LEG_M / 1000.0,
                ),
            )
            .into()
        },
    )
}

/// A scenario's road network kept in memory with its origins snapped: a provider added later
/// needs one search from it on the reversed graph, not the whole matrix again (the explorer).
pub struct RoadNet {
    roads: Roads,
    snapper: Snapper<std::sync::Arc<Graph>>,
    /// The origins with a place (indices into the study's origins) and where they join the roads.
    located: Vec<usize>,
    from: Vec<Snap>,
    /// The largest catchment the matrix was made for, minutes.
    pub bound: f64,
}

impl RoadNet {
    /// Minutes from each origin within the bound to a provider at `at`: `(origin, minutes)`,
    /// by origin. The error names the provider as `name`.
    pub(super) fn column(&self, at: LonLat, name: &str) -> Result<Vec<(usize, f64)>> {
        let to = snap(&self.snapper, &self.roads, &[((), at)], |_| {
            name.to_string()
        })?;
        let rows = roads::times(self.snapper.graph(), &self.from, &to, self.bound);
        Ok(rows
            .iter()
            .zip(&self.located)
            .filter_map(|(row, &o)| row.first().map(|&(_, minutes)| (o, minutes)))
            .collect())
    }
}
