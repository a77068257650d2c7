//! The road graph: ways cut at junctions into pieces, the largest strongly connected part
//! kept, and arcs in compressed rows (CSR) with integer milliseconds.
//!
//! A piece runs between two junctions (nodes that two ways share, or a way's ends), through
//! the nodes between them: the chains of degree-2 nodes are contracted as the graph is built,
//! so a search settles junctions only, while the pieces keep their shape for snapping. Length
//! is on the sphere (geo's `Haversine`); time is length over speed, rounded once per piece to
//! a millisecond.
//!
//! ```
//! use gapmap::model::LonLat;
//! use gapmap::roads::{Ways, graph::Graph, profile::Road};
//! let road = Road { kmh: 36.0, forward: true, backward: true };
//! // Two nodes 0.001° of latitude apart (111.2 m), one two-way road.
//! let ways = Ways {
//!     nodes: vec![LonLat::new(14.0, 50.0).unwrap(), LonLat::new(14.0, 50.001).unwrap()],
//!     roads: vec![road],
//!     start: vec![0, 2],
//!     refs: vec![0, 1],
//! };
//! let graph = Graph::build(&ways);
//! assert_eq!(graph.vertices(), 2);
//! assert_eq!(graph.pieces[0].ms, 11_120); // 111.195 m at 10 m/s
//! ```

#![allow(
    clippy::indexing_slicing,
    reason = "node and edge numbers come from the arrays this graph builds together (CSR offsets and their targets)"
)]

use geo::{Distance, Haversine};

use super::Ways;
use crate::model::LonLat;

/// A road between two junctions.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Piece {
    pub from: u32,
    pub to: u32,
    /// Travel time end to end, ms.
    pub ms: u32,
    /// Length on the sphere, m.
    pub metres: f64,
    /// `from` → `to` is allowed.
    pub forward: bool,
    /// `to` → `from` is allowed.
    pub backward: bool,
}

/// Arcs in compressed rows: the arcs of vertex `v` are `arcs[start[v]..start[v + 1]]`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Csr {
    pub start: Vec<u32>,
    /// `(head, ms)`.
    pub arcs: Vec<(u32, u32)>,
}

impl Csr {
    /// Rows from `(tail, head, ms)` triples, in any order.
    pub fn from_triples(vertices: usize, mut arcs: Vec<(u32, u32, u32)>) -> Csr {
        arcs.sort_unstable();
        let mut start = vec![0u32; vertices + 1];
        for &(tail, _, _) in &arcs {
            start[tail as usize + 1] += 1;
        }
        for v in 0..vertices {
            start[v + 1] += start[v];
        }
        Csr {
            start,
            arcs: arcs.into_iter().map(|(_, head, ms)| (head, ms)).collect(),
        }
    }

    pub fn arcs(&self, v: u32) -> &[(u32, u32)] {
        &self.arcs[self.start[v as usize] as usize..self.start[v as usize + 1] as usize]
    }
}

/// The graph of the largest strongly connected part of the roads.
#[derive(Debug, Clone, PartialEq)]
pub struct Graph {
    pub pieces: Vec<Piece>,
    /// The shape of piece `k` is `shape[shape_start[k]..shape_start[k + 1]]`, `from` to `to`.
    pub shape: Vec<LonLat>,
    pub shape_start: Vec<u32>,
    /// Arcs as travelled.
    pub forward: Csr,
    /// Arcs reversed, for searches towards a destination.
    pub backward: Csr,
    /// Junctions before the largest strongly connected part was chosen.
    pub all_vertices: usize,
}

impl Graph {
    /// Builds the graph of the ways' largest strongly connected part.
    pub fn build(ways: &Ways) -> Graph {
        // A node that is used twice (by two ways, or twice by one) or ends a way is a junction.
        let mut uses = vec![0u8; ways.nodes.len()];
        for w in 0..ways.roads.len() {
            let refs = ways.refs(w);
            for &k in refs {
                uses[k as usize] = uses[k as usize].saturating_add(1);
            }
            for end in [refs[0], refs[refs.len() - 1]] {
                uses[end as usize] = 2;
            }
        }
        let mut vertex = vec![u32::MAX; ways.nodes.len()];
        let mut vertices = 0u32;
        for (k, &n) in uses.iter().enumerate() {
            if n >= 2 {
                vertex[k] = vertices;
                vertices += 1;
            }
        }
        drop(uses);

        // Pieces, junction to junction.
        let mut pieces = Vec::new();
        let mut shape = Vec::new();
        let mut shape_start = vec![0u32];
        for (w, road) in ways.roads.iter().enumerate() {
            let refs = ways.refs(w);
            let mut first = 0;
            for i in 1..refs.len() {
                if vertex[refs[i] as usize] == u32::MAX {
                    continue;
                }
                let run = &refs[first..=i];
                let metres: f64 = run
                    .windows(2)
                    .map(|p| metres(ways.nodes[p[0] as usize], ways.nodes[p[1] as usize]))
                    .sum();
                pieces.push(Piece {
                    from: vertex[refs[first] as usize],
                    to: vertex[refs[i] as usize],
                    ms: travel_ms(metres, road.kmh),
                    metres,
                    forward: road.forward,
                    backward: road.backward,
                });
                shape.extend(run.iter().map(|&k| ways.nodes[k as usize]));
                shape_start.push(shape.len() as u32);
                first = i;
            }
        }

        let all_vertices = vertices as usize;
        let keep = largest_component(all_vertices, &pieces);
        let mut number = vec![u32::MAX; all_vertices];
        let mut kept = 0u32;
        for (v, &k) in keep.iter().enumerate() {
            if k {
                number[v] = kept;
                kept += 1;
            }
        }
        let mut graph = Graph {
            pieces: Vec::new(),
            shape: Vec::new(),
            shape_start: vec![0],
            forward: Csr::default(),
            backward: Csr::default(),
            all_vertices,
        };
        for (k, piece) in pieces.iter().enumerate() {
            if !(keep[piece.from as usize] && keep[piece.to as usize]) {
                continue;
            }
            graph.pieces.push(Piece {
                from: number[piece.from as usize],
                to: number[piece.to as usize],
                ..*piece
            });
            graph
                .shape
                .extend_from_slice(&shape[shape_start[k] as usize..shape_start[k + 1] as usize]);
            graph.shape_start.push(graph.shape.len() as u32);
        }
        let (forward, backward) = arcs(&graph.pieces);
        graph.forward = Csr::from_triples(kept as usize, forward);
        graph.backward = Csr::from_triples(kept as usize, backward);
        graph
    }

    pub fn vertices(&self) -> usize {
        self.forward.start.len() - 1
    }

    /// The shape of piece `k`, from its `from` junction to its `to`.
    pub fn shape(&self, k: usize) -> &[LonLat] {
        &self.shape[self.shape_start[k] as usize..self.shape_start[k + 1] as usize]
    }
}

/// Length on the sphere, m.
pub fn metres(a: LonLat, b: LonLat) -> f64 {
    Haversine.distance(geo::Point::from(a), geo::Point::from(b))
}

/// Time to cover `metres` at `kmh`, in whole ms.
pub fn travel_ms(metres: f64, kmh: f64) -> u32 {
    let ms = (metres * 3600.0 / kmh).round();
    if ms >= f64::from(u32::MAX) {
        u32::MAX
    } else {
        ms as u32
    }
}

/// `(tail, head, ms)` of every arc, as travelled and reversed.
type Arcs = Vec<(u32, u32, u32)>;

fn arcs(pieces: &[Piece]) -> (Arcs, Arcs) {
    let mut forward = Vec::with_capacity(pieces.len() * 2);
    let mut backward = Vec::with_capacity(pieces.len() * 2);
    for p in pieces {
        if p.forward {
            forward.push((p.from, p.to, p.ms));
            backward.push((p.to, p.from, p.ms));
        }
        if p.backward {
            forward.push((p.to, p.from, p.ms));
            backward.push((p.from, p.to, p.ms));
        }
    }
    (forward, backward)
}

/// Per vertex, whether it is in the largest strongly connected part (the first one found, of
/// those of the largest size). Tarjan's algorithm, with an explicit stack.
fn largest_component(vertices: usize, pieces: &[Piece]) -> Vec<bool> {
    let (forward, _) = arcs(pieces);
    let graph = Csr::from_triples(vertices, forward);
    const NONE: u32 = u32::MAX;
    let mut index = vec![NONE; vertices];
    let mut low = vec![0u32; vertices];
    let mut on_stack = vec![false; vertices];
    let mut stack: Vec<u32> = Vec::new();
    let mut calls: Vec<(u32, u32)> = Vec::new();
    let mut next = 0u32;
    let mut component = vec![NONE; vertices];
    let mut components = 0u32;
    let (mut best, mut best_size) = (NONE, 0usize);
    for root in 0..vertices as u32 {
        if index[root as usize] != NONE {
            continue;
        }
        calls.push((root, graph.start[root as usize]));
        index[root as usize] = next;
        low[root as usize] = next;
        next += 1;
        stack.push(root);
        on_stack[root as usize] = true;
        while let Some(top) = calls.last_mut() {
            let v = top.0;
            if top.1 < graph.start[v as usize + 1] {
                let (w, _) = graph.arcs[top.1 as usize];
                top.1 += 1;
                if index[w as usize] == NONE {
                    index[w as usize] = next;
                    low[w as usize] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w as usize] = true;
                    calls.push((w, graph.start[w as usize]));
                } else if on_stack[w as usize] {
                    low[v as usize] = low[v as usize].min(index[w as usize]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(parent, _)) = calls.last() {
                low[parent as usize] = low[parent as usize].min(low[v as usize]);
            }
            if low[v as usize] == index[v as usize] {
                let mut size = 0;
                // v is on the stack, below its component's other nodes.
                while let Some(w) = stack.pop() {
                    on_stack[w as usize] = false;
                    component[w as usize] = components;
                    size += 1;
                    if w == v {
                        break;
                    }
                }
                if size > best_size {
                    (best, best_size) = (components, size);
                }
                components += 1;
            }
        }
    }
    component.into_iter().map(|c| c == best).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roads::profile::Road;

    fn ways(nodes: &[(f64, f64)], list: &[(&[u32], bool)]) -> Ways {
        let mut w = Ways {
            nodes: nodes
                .iter()
                .map(|&(lon, lat)| LonLat::new(lon, lat).unwrap())
                .collect(),
            start: vec![0],
            ..Ways::default()
        };
        for (refs, oneway) in list {
            w.refs.extend_from_slice(refs);
            w.start.push(w.refs.len());
            w.roads.push(Road {
                kmh: 36.0,
                forward: true,
                backward: !oneway,
            });
        }
        w
    }

    #[test]
    fn chains_are_contracted_and_junctions_kept() {
        // A way 0-1-2-3 and a way 2-4: junctions 0, 2, 3, 4; node 1 is contracted.
        let w = ways(
            &[
                (14.0, 50.0),
                (14.0, 50.001),
                (14.0, 50.002),
                (14.0, 50.003),
                (14.001, 50.002),
            ],
            &[(&[0, 1, 2, 3], false), (&[2, 4], false)],
        );
        let g = Graph::build(&w);
        assert_eq!(g.vertices(), 4);
        assert_eq!(g.pieces.len(), 3);
        assert_eq!((g.pieces[0].from, g.pieces[0].to), (0, 1));
        assert_eq!(g.shape(0).len(), 3);
        // 0.002° of latitude is 222.390 m: 22,239 ms at 10 m/s.
        assert_eq!(g.pieces[0].ms, 22_239);
        assert_eq!(g.forward.arcs(1).len(), 3);
    }

    #[test]
    fn only_the_largest_strongly_connected_part_is_kept() {
        // A two-way road 0-1-2, a one-way spur 2→3 (3 cannot come back), and an island 4-5.
        let w = ways(
            &[
                (14.0, 50.0),
                (14.0, 50.001),
                (14.0, 50.002),
                (14.0, 50.003),
                (15.0, 50.0),
                (15.0, 50.001),
            ],
            &[
                (&[0, 1], false),
                (&[1, 2], false),
                (&[2, 3], true),
                (&[4, 5], false),
            ],
        );
        let g = Graph::build(&w);
        assert_eq!(g.all_vertices, 6);
        assert_eq!(g.vertices(), 3);
        assert_eq!(g.pieces.len(), 2);
        assert!(g.shape.iter().all(|p| p.lon() == 14.0 && p.lat() < 50.0025));
    }

    #[test]
    fn a_one_way_ring_is_strongly_connected() {
        let w = ways(
            &[
                (14.0, 50.0),
                (14.001, 50.0),
                (14.001, 50.001),
                (14.0, 50.001),
            ],
            &[
                (&[0, 1], true),
                (&[1, 2], true),
                (&[2, 3], true),
                (&[3, 0], true),
            ],
        );
        let g = Graph::build(&w);
        assert_eq!(g.vertices(), 4);
        assert_eq!(g.forward.arcs.len(), 4);
        assert_eq!(g.backward.arcs(1), &[(0, g.pieces[0].ms)]);
    }
}
