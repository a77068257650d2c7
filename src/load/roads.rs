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
/// a note on the network for the user.
pub(super) fn costs(
    roads: &Roads,
    points: &Points<'_>,
    bound: f64,
    progress: &dyn Progress,
) -> Result<(Costs, Option<Costs>, String)> {
    progress.stage("roads", 0);
    let ways = super::osm_pbf::read(&roads.path, roads.mode)?;
    let graph = Graph::build(&ways);
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
    let snapper = Snapper::new(&graph);

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
    Ok((providers, candidates, note))
}

/// Snaps the points; one farther than 5 km from the roads is an error that names it.
fn snap<T>(
    snapper: &Snapper<'_>,
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
