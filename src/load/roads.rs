//! `[inputs] roads`: the cost matrix computed from an OpenStreetMap extract, travel minutes by
//! the scenario's mode, for every origin–destination pair within the largest catchment.
//!
//! It stands where a `costs.csv` would: the result is a [`Costs`] like the one `costs.rs`
//! reads, providers first and candidates after, so that everything downstream is unchanged.

use crate::Progress;
use crate::error::{InputError, Result};
use crate::model::{Candidate, Costs, LonLat, Origin, Provider, Unit};
use crate::roads::graph::Graph;
use crate::roads::snap::{Snap, Snapper};
use crate::roads::{self, TooFar};
use crate::scenario::Roads;

/// The points a matrix joins.
pub(super) struct Points<'a> {
    pub units: &'a [Unit],
    pub origins: &'a [Origin],
    pub providers: &'a [Provider],
    pub candidates: Option<Vec<&'a Candidate>>,
}

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
    let located: Vec<(usize, LonLat)> = points
        .origins
        .iter()
        .enumerate()
        .filter_map(|(o, x)| x.location.map(|at| (o, at)))
        .collect();
    let from = snap(&snapper, roads, &located, |k| {
        let origin = &points.origins[located[k].0];
        let unit = &points.units[origin.unit];
        if unit.id == origin.id {
            format!("municipality {} ({})", unit.id, unit.name)
        } else {
            format!("demand point {}", origin.id)
        }
    })?;
    // Destinations: the providers with a place and no declared area, then the candidates.
    let mut targets: Vec<(Target, LonLat)> = points
        .providers
        .iter()
        .enumerate()
        .filter(|(_, p)| p.area.is_none())
        .filter_map(|(i, p)| p.location.map(|at| (Target::Provider(i as u32), at)))
        .collect();
    for (i, c) in points.candidates.iter().flatten().enumerate() {
        if let Some(at) = c.location {
            targets.push((Target::Candidate(i as u32), at));
        }
    }
    let to = snap(&snapper, roads, &targets, |k| match targets[k].0 {
        Target::Provider(i) => format!("provider {}", points.providers[i as usize].id),
        Target::Candidate(i) => format!(
            "candidate {}",
            points
                .candidates
                .as_ref()
                .map_or("", |c| c[i as usize].id.as_str())
        ),
    })?;

    progress.stage("travel times", 0);
    let rows = roads::times(&graph, &from, &to, bound);
    let mut providers = Costs {
        row_start: vec![0],
        ..Costs::default()
    };
    let mut candidates = providers.clone();
    let mut row = rows.into_iter();
    let mut next = located.iter().map(|&(o, _)| o).peekable();
    for o in 0..points.origins.len() {
        if next.next_if_eq(&o).is_some() {
            let pairs = row.next().expect("one row per located origin");
            for (d, minutes) in pairs {
                let (costs, index) = match targets[d as usize].0 {
                    Target::Provider(i) => (&mut providers, i),
                    Target::Candidate(i) => (&mut candidates, i),
                };
                costs.destination.push(index);
                costs.cost.push(minutes);
            }
        }
        providers.row_start.push(providers.destination.len());
        candidates.row_start.push(candidates.destination.len());
    }
    let candidates = points.candidates.as_ref().map(|_| candidates);
    Ok((providers, candidates, note))
}

#[derive(Clone, Copy)]
enum Target {
    Provider(u32),
    Candidate(u32),
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
                    p.lon,
                    p.lat,
                    metres / 1000.0,
                    roads.mode,
                    road.lon,
                    road.lat,
                    roads::MAX_LEG_M / 1000.0,
                ),
            )
            .into()
        },
    )
}
