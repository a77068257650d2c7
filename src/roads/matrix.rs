//! Bounded many-to-many travel times: one Dijkstra search per distinct place on the smaller
//! side, in parallel, each stopped at the bound.
//!
//! Origins and destinations are [`Snap`]s. Points that join the network at the same place are
//! searched once. When the destinations are fewer, the searches run from them on the reversed
//! graph. A search keeps its buffers between runs and resets only what it touched. Each
//! search's result depends on its place alone and results are put in order, so the matrix is
//! the same for any number of threads.
//!
//! A cost is `walk to the road + road + walk from the road`, all in ms. On the road, a place
//! on a piece leaves it through either end that its direction allows, and two places on the
//! same piece also reach each other along it.

#![allow(
    clippy::indexing_slicing,
    reason = "node and edge numbers come from the arrays this graph builds together (CSR offsets and their targets)"
)]

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use rayon::prelude::*;

use super::graph::{Csr, Graph, Piece};
use super::snap::Snap;

/// Per origin, `(destination, ms)` of every destination within `bound` ms, by destination.
pub fn matrix(
    graph: &Graph,
    origins: &[Snap],
    destinations: &[Snap],
    bound: u32,
) -> Vec<Vec<(u32, u32)>> {
    let from = Places::new(origins);
    let to = Places::new(destinations);
    let reverse = to.places.len() < from.places.len();
    let (sources, targets) = if reverse { (&to, &from) } else { (&from, &to) };
    let searcher = Searcher::new(graph, sources, targets, reverse);

    // Per source place: (target place, road ms), by target place.
    let found: Vec<Vec<(u32, u32)>> = (0..sources.places.len())
        .into_par_iter()
        .map_init(
            || Buffers::new(graph.vertices(), targets.places.len()),
            |buffers, s| searcher.search(s, bound.saturating_sub(sources.least_leg[s]), buffers),
        )
        .collect();

    // Expand places to their points, adding the walked legs.
    let mut rows: Vec<Vec<(u32, u32)>> = vec![Vec::new(); origins.len()];
    for (s, hits) in found.iter().enumerate() {
        for &(t, road) in hits {
            for &a in sources.members(s) {
                for &b in targets.members(t as usize) {
                    let (o, d) = if reverse { (b, a) } else { (a, b) };
                    let ms = u64::from(origins[o as usize].leg)
                        + u64::from(road)
                        + u64::from(destinations[d as usize].leg);
                    if ms <= u64::from(bound) {
                        rows[o as usize].push((d, ms as u32));
                    }
                }
            }
        }
    }
    rows.par_iter_mut().for_each(|row| row.sort_unstable());
    rows
}

/// Distinct places (piece, time along it) and the points at each.
struct Places {
    /// `(piece, at)`, ascending.
    places: Vec<(u32, u32)>,
    /// Points of place `k`: `points[start[k]..start[k + 1]]`.
    start: Vec<u32>,
    points: Vec<u32>,
    /// Per place, the shortest walked leg of its points.
    least_leg: Vec<u32>,
}

impl Places {
    fn new(snaps: &[Snap]) -> Places {
        let mut order: Vec<u32> = (0..snaps.len() as u32).collect();
        order.sort_unstable_by_key(|&i| (snaps[i as usize].piece, snaps[i as usize].at, i));
        let mut p = Places {
            places: Vec::new(),
            start: vec![0],
            points: order,
            least_leg: Vec::new(),
        };
        for (k, &i) in p.points.iter().enumerate() {
            let s = &snaps[i as usize];
            if p.places.last() != Some(&(s.piece, s.at)) {
                if k > 0 {
                    p.start.push(k as u32);
                }
                p.places.push((s.piece, s.at));
                p.least_leg.push(s.leg);
            }
            let last = p.least_leg.len() - 1;
            p.least_leg[last] = p.least_leg[last].min(s.leg);
        }
        p.start.push(p.points.len() as u32);
        p
    }

    fn members(&self, k: usize) -> &[u32] {
        &self.points[self.start[k] as usize..self.start[k + 1] as usize]
    }

    /// The places on piece `piece`: a range of place indices.
    fn on(&self, piece: u32) -> std::ops::Range<usize> {
        let lo = self.places.partition_point(|&(p, _)| p < piece);
        let hi = self.places.partition_point(|&(p, _)| p <= piece);
        lo..hi
    }
}

/// Where a place leaves its piece (`exits`) or is reached from (`entries`): `(junction, ms)`.
/// A place at a piece's end is that junction, whatever the piece's direction.
fn exits(piece: &Piece, at: u32) -> impl Iterator<Item = (u32, u32)> {
    let to = (piece.forward || at == piece.ms).then_some((piece.to, piece.ms - at));
    let from = (piece.backward || at == 0).then_some((piece.from, at));
    to.into_iter().chain(from)
}

fn entries(piece: &Piece, at: u32) -> impl Iterator<Item = (u32, u32)> {
    let from = (piece.forward || at == 0).then_some((piece.from, at));
    let to = (piece.backward || at == piece.ms).then_some((piece.to, piece.ms - at));
    from.into_iter().chain(to)
}

/// Along one piece, from a place at `a` to a place at `b`, when its direction allows.
fn along(piece: &Piece, a: u32, b: u32) -> Option<u32> {
    match a.cmp(&b) {
        std::cmp::Ordering::Less => piece.forward.then_some(b - a),
        std::cmp::Ordering::Greater => piece.backward.then_some(a - b),
        std::cmp::Ordering::Equal => Some(0),
    }
}

/// What every search shares: the graph in the searches' direction, and per junction the target
/// places it leads to.
struct Searcher<'a> {
    graph: &'a Graph,
    csr: &'a Csr,
    sources: &'a Places,
    targets: &'a Places,
    reverse: bool,
    /// Per junction, `(target place, ms from the junction to it)`.
    attached: Csr,
}

impl<'a> Searcher<'a> {
    fn new(graph: &'a Graph, sources: &'a Places, targets: &'a Places, reverse: bool) -> Self {
        let mut attached = Vec::new();
        for (t, &(piece, at)) in targets.places.iter().enumerate() {
            let piece = &graph.pieces[piece as usize];
            // A forward search arrives at a destination; a reverse one leaves from an origin.
            if reverse {
                attached.extend(exits(piece, at).map(|(v, ms)| (v, t as u32, ms)));
            } else {
                attached.extend(entries(piece, at).map(|(v, ms)| (v, t as u32, ms)));
            }
        }
        Searcher {
            graph,
            csr: if reverse {
                &graph.backward
            } else {
                &graph.forward
            },
            sources,
            targets,
            reverse,
            attached: Csr::from_triples(graph.vertices(), attached),
        }
    }

    /// Road ms from source place `s` to every target place within `bound`, by target place.
    fn search(&self, s: usize, bound: u32, buf: &mut Buffers) -> Vec<(u32, u32)> {
        let (piece_k, at) = self.sources.places[s];
        let piece = &self.graph.pieces[piece_k as usize];
        let reach = |buf: &mut Buffers, t: u32, ms: u32| {
            if ms <= bound && ms < buf.best[t as usize] {
                if buf.best[t as usize] == u32::MAX {
                    buf.hit.push(t);
                }
                buf.best[t as usize] = ms;
            }
        };
        // Places on the same piece.
        for t in self.targets.on(piece_k) {
            let (_, other) = self.targets.places[t];
            let direct = if self.reverse {
                along(piece, other, at)
            } else {
                along(piece, at, other)
            };
            if let Some(ms) = direct {
                reach(buf, t as u32, ms);
            }
        }
        // Dijkstra from the piece's ends.
        let seeds: Vec<(u32, u32)> = if self.reverse {
            entries(piece, at).collect()
        } else {
            exits(piece, at).collect()
        };
        for (v, ms) in seeds {
            buf.relax(v, ms, bound);
        }
        while let Some(Reverse((d, v))) = buf.heap.pop() {
            if d > buf.dist[v as usize] {
                continue;
            }
            for &(t, extra) in self.attached.arcs(v) {
                reach(buf, t, d.saturating_add(extra));
            }
            for &(w, ms) in self.csr.arcs(v) {
                buf.relax(w, d.saturating_add(ms), bound);
            }
        }
        let mut out: Vec<(u32, u32)> = buf.hit.iter().map(|&t| (t, buf.best[t as usize])).collect();
        out.sort_unstable();
        buf.reset();
        out
    }
}

/// A search's buffers, kept between searches; only what a search touched is reset.
struct Buffers {
    dist: Vec<u32>,
    touched: Vec<u32>,
    heap: BinaryHeap<Reverse<(u32, u32)>>,
    best: Vec<u32>,
    hit: Vec<u32>,
}

impl Buffers {
    fn new(vertices: usize, targets: usize) -> Buffers {
        Buffers {
            dist: vec![u32::MAX; vertices],
            touched: Vec::new(),
            heap: BinaryHeap::new(),
            best: vec![u32::MAX; targets],
            hit: Vec::new(),
        }
    }

    fn relax(&mut self, v: u32, d: u32, bound: u32) {
        let slot = &mut self.dist[v as usize];
        if d <= bound && d < *slot {
            if *slot == u32::MAX {
                self.touched.push(v);
            }
            *slot = d;
            self.heap.push(Reverse((d, v)));
        }
    }

    fn reset(&mut self) {
        for &v in &self.touched {
            self.dist[v as usize] = u32::MAX;
        }
        for &t in &self.hit {
            self.best[t as usize] = u32::MAX;
        }
        self.touched.clear();
        self.hit.clear();
        self.heap.clear();
    }
}
