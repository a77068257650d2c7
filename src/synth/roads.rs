//! A synthetic road network over a region, for tests and benchmarks: a jittered lattice of
//! residential roads with tertiary, secondary and primary lines through it, a motorway with
//! two one-way carriageways and its links, one-way streets both ways round, and a river that
//! only the primary and secondary roads and the motorway cross. It is written as a real
//! `.osm.pbf` ([`super::pbf`]), so that tests and benchmarks read it as they read OSM.

#![allow(
    clippy::indexing_slicing,
    reason = "the generator indexes only lists it has just built, of sizes it chose"
)]

use super::lattice::KM_PER_DEG;
use super::noise;
use super::pbf::{OsmNode, OsmWay};

/// The shape of a network.
#[derive(Debug, Clone, Copy)]
pub struct RoadSpec {
    /// Between neighbouring lattice junctions, km.
    pub spacing_km: f64,
    /// Shape nodes between two junctions.
    pub between: usize,
    pub seed: u64,
}

/// The network over the box `(west, south)`–`(east, north)`, lon/lat, grown by one spacing.
pub fn network(
    west_south: (f64, f64),
    east_north: (f64, f64),
    spec: RoadSpec,
) -> (Vec<OsmNode>, Vec<OsmWay>) {
    let s = spec.spacing_km;
    let lat0 = (west_south.1 + east_north.1) / 2.0;
    let kx = KM_PER_DEG * lat0.to_radians().cos();
    let (lon0, lat_0) = (west_south.0 - s / kx, west_south.1 - s / KM_PER_DEG);
    let width = (east_north.0 - west_south.0) * kx + 2.0 * s;
    let height = (east_north.1 - west_south.1) * KM_PER_DEG + 2.0 * s;
    let nx = (width / s).ceil() as usize + 1;
    let ny = (height / s).ceil() as usize + 1;
    let lonlat = |x: f64, y: f64| (lon0 + x / kx, lat_0 + y / KM_PER_DEG);
    let seed = spec.seed;

    // Junctions of the lattice, jittered by up to a fifth of the spacing.
    let at = |i: usize, j: usize| -> (f64, f64) {
        let id = (j * nx + i) as u64;
        (
            (i as f64 + 0.2 * noise(seed, id, 1, 3)) * s,
            (j as f64 + 0.2 * noise(seed, id, 2, 5)) * s,
        )
    };
    // The river: a meander across the middle, west to east.
    let river = |x: f64| height * (0.5 + 0.12 * (x / width * 3.0 * std::f64::consts::TAU).sin());
    let class = |line: usize| match line {
        l if l % 50 == 25 => "primary",
        l if l % 25 == 12 => "secondary",
        l if l % 5 == 2 => "tertiary",
        _ => "residential",
    };

    let mut nodes: Vec<OsmNode> = Vec::with_capacity(nx * ny * (1 + 2 * spec.between));
    for j in 0..ny {
        for i in 0..nx {
            let (x, y) = at(i, j);
            let (lon, lat) = lonlat(x, y);
            nodes.push(OsmNode {
                id: (j * nx + i) as i64 + 1,
                lon,
                lat,
            });
        }
    }
    let mut next_id = (nx * ny) as i64 + 1;
    let mut ways = Vec::new();
    let mut way_id = 1i64;

    // Lattice lines, horizontal (k = 0) and vertical (k = 1), as ways of up to 8 edges.
    for k in 0..2 {
        let (lines, steps) = if k == 0 { (ny, nx - 1) } else { (nx, ny - 1) };
        for line in 0..lines {
            let highway = class(line);
            let mut way: Vec<i64> = Vec::new();
            let flush = |way: &mut Vec<i64>, ways: &mut Vec<OsmWay>, way_id: &mut i64, e: u64| {
                if way.len() >= 2 {
                    ways.push(OsmWay {
                        id: *way_id,
                        nodes: std::mem::take(way),
                        tags: tags(highway, seed, e),
                    });
                    *way_id += 1;
                }
                way.clear();
            };
            for step in 0..steps {
                let (a, b) = if k == 0 {
                    ((step, line), (step + 1, line))
                } else {
                    ((line, step), (line, step + 1))
                };
                let edge = (k * nx * ny + a.1 * nx + a.0) as u64;
                let (pa, pb) = (at(a.0, a.1), at(b.0, b.1));
                let crosses = (pa.1 - river(pa.0)).signum() != (pb.1 - river(pb.0)).signum();
                // A residential edge is missing one time in seven; the river is crossed by
                // bridges of the primary and secondary roads only.
                let missing = (highway == "residential" && noise(seed, edge, 7, 11) > 0.72)
                    || (crosses && !matches!(highway, "primary" | "secondary"));
                if missing || way.len() > 8 * (spec.between + 1) {
                    flush(&mut way, &mut ways, &mut way_id, edge);
                    if missing {
                        continue;
                    }
                }
                let ida = (a.1 * nx + a.0) as i64 + 1;
                if way.is_empty() {
                    way.push(ida);
                }
                for m in 1..=spec.between {
                    let t = m as f64 / (spec.between + 1) as f64;
                    let w = 0.04 * s * noise(seed, edge, m as u64, 13);
                    let (x, y) = (pa.0 + t * (pb.0 - pa.0), pa.1 + t * (pb.1 - pa.1));
                    let (x, y) = if k == 0 { (x, y + w) } else { (x + w, y) };
                    let (lon, lat) = lonlat(x, y);
                    nodes.push(OsmNode {
                        id: next_id,
                        lon,
                        lat,
                    });
                    way.push(next_id);
                    next_id += 1;
                }
                way.push((b.1 * nx + b.0) as i64 + 1);
            }
            flush(&mut way, &mut ways, &mut way_id, line as u64);
        }
    }

    // The motorway: two carriageways along a third of the height, 25 m apart, a node every
    // kilometre, with links to the lattice every 15 km.
    let row = ny / 3 + usize::from(class(ny / 3) != "residential");
    let y = row as f64 * s + s / 2.0;
    let stations: Vec<f64> = (0..=(width as usize)).map(|x| x as f64).collect();
    for (dir, offset) in [(1i64, 0.0), (-1i64, 0.025)] {
        let first = next_id;
        for &x in &stations {
            let (lon, lat) = lonlat(x, y + offset);
            nodes.push(OsmNode {
                id: next_id,
                lon,
                lat,
            });
            next_id += 1;
        }
        let mut ids: Vec<i64> = (first..next_id).collect();
        if dir < 0 {
            ids.reverse();
        }
        ways.push(OsmWay {
            id: way_id,
            nodes: ids.clone(),
            tags: vec![
                ("highway".into(), "motorway".into()),
                ("ref".into(), "D0".into()),
            ],
        });
        way_id += 1;
        // Every 15 km: off from one station to the lattice, on from the lattice to the next.
        for k in (7..ids.len().saturating_sub(1)).step_by(15) {
            let station = ids[k] - first;
            let x = stations[station as usize];
            let i = ((x / s).round() as usize).min(nx - 1);
            let junction = (row * nx + i) as i64 + 1;
            for (from, to) in [(ids[k], junction), (junction, ids[k + 1])] {
                ways.push(OsmWay {
                    id: way_id,
                    nodes: vec![from, to],
                    tags: vec![("highway".into(), "motorway_link".into())],
                });
                way_id += 1;
            }
        }
    }
    nodes.sort_unstable_by_key(|n| n.id);
    (nodes, ways)
}

/// The tags of a way of class `highway`: some residential streets are one-way (either way
/// round) or living streets; some primary roads carry a Czech rural limit.
fn tags(highway: &str, seed: u64, edge: u64) -> Vec<(String, String)> {
    let mut tags = vec![("highway".to_string(), highway.to_string())];
    let r = noise(seed, edge, 9, 17);
    match highway {
        "residential" if r > 0.85 => tags.push(("oneway".into(), "yes".into())),
        "residential" if r < -0.9 => tags.push(("oneway".into(), "-1".into())),
        "residential" if r < -0.85 => tags[0].1 = "living_street".into(),
        "primary" if r > 0.0 => tags.push(("maxspeed".into(), "CZ:rural".into())),
        "secondary" if r > 0.5 => tags.push(("maxspeed".into(), "70".into())),
        _ => {}
    }
    tags
}

impl super::Region {
    /// A road network over the region's municipalities, as `.osm.pbf` bytes.
    pub fn roads_pbf(&self, spec: RoadSpec) -> Vec<u8> {
        use geo::BoundingRect;
        let (mut lo, mut hi) = (
            (f64::INFINITY, f64::INFINITY),
            (f64::NEG_INFINITY, f64::NEG_INFINITY),
        );
        for m in &self.municipalities {
            if let Some(r) = m.polygon.bounding_rect() {
                lo = (lo.0.min(r.min().x), lo.1.min(r.min().y));
                hi = (hi.0.max(r.max().x), hi.1.max(r.max().y));
            }
        }
        let (nodes, ways) = network(lo, hi, spec);
        super::pbf::write(&nodes, &ways)
    }
}

/// The demo's network: junctions every 500 m, two shape nodes between them.
pub const DEMO_ROADS: RoadSpec = RoadSpec {
    spacing_km: 0.5,
    between: 2,
    seed: 2026,
};
