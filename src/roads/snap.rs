//! Snapping: a point joins the road network at the nearest point of the nearest piece, and
//! walks to it.
//!
//! The pieces' bounding boxes are in an R-tree (rstar) on a plane of longitude × cos(φ₀) by
//! latitude, φ₀ the middle of the network. Candidates come from the tree nearest first; each
//! is measured exactly on a plane centred on the point itself (accurate to 10⁻⁴ within 5 km),
//! and the search stops when the tree's distance, scaled by the worst ratio of the two planes,
//! passes the best found. The walked leg is then measured on the sphere.
//!
//! ```
//! use gapmap::model::LonLat;
//! use gapmap::roads::{Ways, graph::Graph, profile::Road, snap::Snapper};
//! let road = Road { kmh: 36.0, forward: true, backward: true };
//! let ways = Ways {
//!     nodes: vec![LonLat::new(14.0, 50.0).unwrap(), LonLat::new(14.0, 50.002).unwrap()],
//!     roads: vec![road],
//!     start: vec![0, 2],
//!     refs: vec![0, 1],
//! };
//! let graph = Graph::build(&ways);
//! let snapper = Snapper::new(&graph);
//! // 100 m east of the road's middle: it joins the road half way, 72 s of walking away.
//! let at = LonLat::new(14.0 + 100.0 / (111_195.08 * 50.001f64.to_radians().cos()), 50.001).unwrap();
//! let snap = snapper.snap(at).unwrap();
//! assert!((snap.metres - 100.0).abs() < 0.01);
//! assert_eq!(snap.leg, 72_000);
//! assert!(snap.at.abs_diff(11_119) <= 1); // half of 22,239 ms
//! ```

#![allow(
    clippy::indexing_slicing,
    reason = "node and edge numbers come from the arrays this graph builds together (CSR offsets and their targets)"
)]

use geo::Haversine;
use rstar::RTree;
use rstar::primitives::{GeomWithData, Rectangle};

use super::graph::{Graph, metres, travel_ms};
use super::profile::WALK_KMH;
use crate::model::LonLat;

/// Metres per degree of latitude on the sphere that lengths are measured on (geo's
/// `Haversine`, the Earth's mean radius).
const M_PER_DEG: f64 = Haversine.radius() * std::f64::consts::PI / 180.0;

/// Where a point joins the network.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Snap {
    /// Index into [`Graph::pieces`].
    pub piece: u32,
    /// Time along the piece from its `from` junction to the joining point, ms.
    pub at: u32,
    /// Time to walk from the point to the joining point, ms.
    pub leg: u32,
    /// Length of that walk on the sphere, m.
    pub metres: f64,
    /// The joining point.
    pub road: LonLat,
}

/// The pieces of a graph, indexed for snapping.
pub struct Snapper<G: std::ops::Deref<Target = Graph>> {
    graph: G,
    tree: RTree<GeomWithData<Rectangle<[f64; 2]>, u32>>,
    cos0: f64,
}

impl<G: std::ops::Deref<Target = Graph>> Snapper<G> {
    /// A snapper over `graph`, borrowed (`&Graph`) or kept (`Arc<Graph>`).
    pub fn new(graph: G) -> Snapper<G> {
        let (lo, hi) = graph
            .shape
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), p| {
                (lo.min(p.lat()), hi.max(p.lat()))
            });
        let cos0 = if lo <= hi {
            ((lo + hi) / 2.0).to_radians().cos().max(1e-6)
        } else {
            1.0
        };
        let boxes = (0..graph.pieces.len())
            .map(|k| {
                let shape = graph.shape(k);
                let (mut min, mut max) = ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]);
                for p in shape {
                    let q = [p.lon() * cos0, p.lat()];
                    for i in 0..2 {
                        min[i] = min[i].min(q[i]);
                        max[i] = max[i].max(q[i]);
                    }
                }
                GeomWithData::new(Rectangle::from_corners(min, max), k as u32)
            })
            .collect();
        Snapper {
            graph,
            tree: RTree::bulk_load(boxes),
            cos0,
        }
    }

    pub fn graph(&self) -> &Graph {
        &self.graph
    }

    /// Where `point` joins the network; `None` only for a network without roads.
    pub fn snap(&self, point: LonLat) -> Option<Snap> {
        let cos = point.lat().to_radians().cos();
        // The local plane's distances are at least `scale` times the tree's.
        let scale = (cos / self.cos0).min(1.0) * M_PER_DEG;
        let local = |p: LonLat| {
            [
                (p.lon() - point.lon()) * cos * M_PER_DEG,
                (p.lat() - point.lat()) * M_PER_DEG,
            ]
        };
        // (distance, piece, segment, t)
        let mut best: Option<(f64, u32, usize, f64)> = None;
        let query = [point.lon() * self.cos0, point.lat()];
        for (candidate, d2) in self.tree.nearest_neighbor_iter_with_distance_2(&query) {
            if best.is_some_and(|(d, ..)| d2.sqrt() * scale > d) {
                break;
            }
            let k = candidate.data;
            for (s, pair) in self.graph.shape(k as usize).windows(2).enumerate() {
                let (a, b) = (local(pair[0]), local(pair[1]));
                let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
                let len2 = dx * dx + dy * dy;
                let t = if len2 > 0.0 {
                    (-(a[0] * dx + a[1] * dy) / len2).clamp(0.0, 1.0)
                } else {
                    0.0
                };
                let d = (a[0] + t * dx).hypot(a[1] + t * dy);
                if best.is_none_or(|(b, ..)| d < b) {
                    best = Some((d, k, s, t));
                }
            }
        }
        let (_, k, s, t) = best?;
        let piece = &self.graph.pieces[k as usize];
        let shape = self.graph.shape(k as usize);
        let (a, b) = (shape[s], shape[s + 1]);
        let road = LonLat::between(a, b, t);
        let before: f64 = shape[..=s].windows(2).map(|p| metres(p[0], p[1])).sum();
        let along = before + t * metres(a, b);
        let at = if piece.metres > 0.0 {
            ((f64::from(piece.ms) * along / piece.metres).round() as u32).min(piece.ms)
        } else {
            0
        };
        let walked = metres(point, road);
        Some(Snap {
            piece: k,
            at,
            leg: travel_ms(walked, WALK_KMH),
            metres: walked,
            road,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roads::Ways;
    use crate::roads::profile::Road;

    #[test]
    fn the_nearest_piece_wins_and_ends_clamp() {
        // An L: 0-1 north, 1-2 east.
        let ways = Ways {
            nodes: vec![
                LonLat::new(14.0, 50.0).unwrap(),
                LonLat::new(14.0, 50.01).unwrap(),
                LonLat::new(14.01, 50.01).unwrap(),
            ],
            roads: vec![
                Road {
                    kmh: 50.0,
                    forward: true,
                    backward: true
                };
                2
            ],
            start: vec![0, 2, 4],
            refs: vec![0, 1, 1, 2],
        };
        let g = Graph::build(&ways);
        let s = Snapper::new(&g);
        // South of the start: it joins at node 0, the start of piece 0.
        let snap = s.snap(LonLat::new(14.0, 49.999).unwrap()).unwrap();
        assert_eq!((snap.piece, snap.at), (0, 0));
        assert!((snap.metres - 111.195).abs() < 0.01, "{}", snap.metres);
        // Near the east end: piece 1, at its end.
        let snap = s.snap(LonLat::new(14.02, 50.0101).unwrap()).unwrap();
        assert_eq!(snap.piece, 1);
        assert_eq!(snap.at, g.pieces[1].ms);
        assert_eq!(snap.road, LonLat::new(14.01, 50.01).unwrap());
    }
}
