//! Travel on roads: travel times from an OpenStreetMap extract, by car or on foot, as the cost
//! matrix that the rest of the pipeline reads.
//!
//! `load::osm_pbf` reads the ways a mode can use ([`Ways`]); [`graph`] cuts them into pieces
//! between junctions and keeps the largest strongly connected part; [`snap`] joins points to
//! it; [`matrix`] runs the bounded searches. What a cost is, and the speeds and one-way rules
//! ([`profile`]), are fixed by the README's "Travel on roads".
//!
//! ```
//! use gapmap::model::LonLat;
//! use gapmap::roads::{Ways, profile::Road, travel_times};
//! let road = Road { kmh: 36.0, forward: true, backward: true };
//! // A straight road of 0.01° of latitude (1,111.9 m) with a point beside each end.
//! let ways = Ways {
//!     nodes: vec![LonLat::new(14.0, 50.0).unwrap(), LonLat::new(14.0, 50.01).unwrap()],
//!     roads: vec![road],
//!     start: vec![0, 2],
//!     refs: vec![0, 1],
//! };
//! let graph = gapmap::roads::graph::Graph::build(&ways);
//! let near = |lat: f64| LonLat::new(14.0001, lat).unwrap(); // 7.15 m east of the road: 5.1 s on foot
//! let times = travel_times(&graph, &[near(50.0)], &[near(50.01)], 10.0).unwrap();
//! // 111.2 s on the road and 2 × 5.1 s walked: 2.02 minutes.
//! assert_eq!(times[0], vec![(0, 2.02)]);
//! ```

#![allow(
    clippy::indexing_slicing,
    reason = "node and edge numbers come from the arrays this graph builds together (CSR offsets and their targets)"
)]

pub mod graph;
pub mod matrix;
pub mod profile;
pub mod snap;

use rayon::prelude::*;

use crate::model::LonLat;
use graph::Graph;
use snap::{Snap, Snapper};

/// The ways a mode can use, as read from an extract.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ways {
    /// Every node a way passes through.
    pub nodes: Vec<LonLat>,
    /// How the mode uses each way.
    pub roads: Vec<profile::Road>,
    /// The nodes of way `w` are `refs[start[w]..start[w + 1]]`, at least two.
    pub start: Vec<usize>,
    pub refs: Vec<u32>,
}

impl Ways {
    pub fn refs(&self, w: usize) -> &[u32] {
        &self.refs[self.start[w]..self.start[w + 1]]
    }
}

/// Per origin, `(destination, minutes)`, by destination.
pub type Rows = Vec<Vec<(u32, f64)>>;

/// The farthest a point may be from the nearest road, m.
pub const MAX_LEG_M: f64 = 5000.0;

/// A point farther than [`MAX_LEG_M`] from every road.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TooFar {
    /// Index of the point.
    pub index: usize,
    /// Its distance to the nearest road, m.
    pub metres: f64,
    /// The nearest point of the nearest road.
    pub road: LonLat,
}

/// Snaps every point, in parallel; the first point (in order) too far from the roads is the
/// error.
pub fn snap_all<G: std::ops::Deref<Target = Graph> + Sync>(
    snapper: &Snapper<G>,
    points: &[LonLat],
) -> Result<Vec<Snap>, TooFar> {
    let snaps: Vec<Option<Snap>> = points.par_iter().map(|&p| snapper.snap(p)).collect();
    snaps
        .into_iter()
        .enumerate()
        .map(|(index, snap)| match snap {
            Some(s) if s.metres <= MAX_LEG_M => Ok(s),
            Some(s) => Err(TooFar {
                index,
                metres: s.metres,
                road: s.road,
            }),
            None => Err(TooFar {
                index,
                metres: f64::INFINITY,
                road: points[index],
            }),
        })
        .collect()
}

/// Whole ms to minutes, rounded to 0.01 min (0.6 s): what a cost matrix holds, and what a
/// person reads.
pub fn minutes(ms: u32) -> f64 {
    (f64::from(ms) / 600.0).round() / 100.0
}

/// Per origin, `(destination, minutes)` of every destination within `bound` minutes (after
/// rounding), by destination.
pub fn travel_times(
    graph: &Graph,
    origins: &[LonLat],
    destinations: &[LonLat],
    bound: f64,
) -> Result<Rows, (Side, TooFar)> {
    let snapper = Snapper::new(graph);
    let from = snap_all(&snapper, origins).map_err(|e| (Side::Origin, e))?;
    let to = snap_all(&snapper, destinations).map_err(|e| (Side::Destination, e))?;
    Ok(times(graph, &from, &to, bound))
}

/// Which list a point that is too far belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Origin,
    Destination,
}

/// As [`travel_times`], for points already snapped.
pub fn times(graph: &Graph, origins: &[Snap], destinations: &[Snap], bound: f64) -> Rows {
    // Half a rounding step over the bound, so that a time that rounds to it is found.
    let limit = (bound * 60_000.0 + 300.0).min(f64::from(u32::MAX - 1)) as u32;
    matrix::matrix(graph, origins, destinations, limit)
        .into_par_iter()
        .map(|row| {
            row.into_iter()
                .map(|(d, ms)| (d, minutes(ms)))
                .filter(|&(_, m)| m <= bound)
                .collect()
        })
        .collect()
}
