//! The jittered lattice whose runs of cells are the municipalities: neighbours share their
//! border by construction.

use geo::{Coord, LineString, Polygon};

use super::{Rng, noise};

/// The lattice of a region: `cols × rows` cells of about `cell_km`, south-west corner at
/// `origin` (lon, lat).
#[derive(Debug, Clone, Copy)]
pub struct Lattice {
    pub cols: usize,
    pub rows: usize,
    pub cell_km: f64,
    pub origin: (f64, f64),
    pub seed: u64,
}

/// km per degree of latitude on the GRS80 mean sphere.
pub(crate) const KM_PER_DEG: f64 = 111.195;

impl Lattice {
    fn vertex_id(&self, i: usize, j: usize) -> u64 {
        (j * (self.cols + 1) + i) as u64
    }

    /// Lattice vertex `(i, j)` in km from the origin, jittered by up to a quarter cell.
    fn vertex(&self, i: usize, j: usize) -> Coord {
        let id = self.vertex_id(i, j);
        Coord {
            x: (i as f64 + 0.25 * noise(self.seed, id, 1, 11)) * self.cell_km,
            y: (j as f64 + 0.25 * noise(self.seed, id, 2, 13)) * self.cell_km,
        }
    }

    /// Points from vertex `a` towards vertex `b`: `a` itself and two wiggles, not `b`.
    fn edge(&self, a: (usize, usize), b: (usize, usize)) -> Vec<Coord> {
        let (ia, ib) = (self.vertex_id(a.0, a.1), self.vertex_id(b.0, b.1));
        let (lo, hi) = if ia < ib { (a, b) } else { (b, a) };
        let (p, q) = (self.vertex(lo.0, lo.1), self.vertex(hi.0, hi.1));
        let (nx, ny) = (-(q.y - p.y), q.x - p.x);
        let mut pts: Vec<Coord> = [1.0 / 3.0, 2.0 / 3.0]
            .iter()
            .enumerate()
            .map(|(k, &t)| {
                let w = 0.12 * noise(self.seed, ia.min(ib), ia.max(ib), 17 + k as u64);
                Coord {
                    x: p.x + t * (q.x - p.x) + w * nx,
                    y: p.y + t * (q.y - p.y) + w * ny,
                }
            })
            .collect();
        if ia > ib {
            pts.reverse();
        }
        let mut out = vec![self.vertex(a.0, a.1)];
        out.extend(pts);
        out
    }

    fn lonlat(&self, c: Coord) -> Coord {
        let (lon0, lat0) = self.origin;
        let lat = lat0 + c.y / KM_PER_DEG;
        Coord {
            x: lon0 + c.x / (KM_PER_DEG * lat0.to_radians().cos()),
            y: lat,
        }
    }

    /// The polygon of the run of `w` cells starting at cell `(i, j)`, counter-clockwise.
    pub fn run(&self, i: usize, j: usize, w: usize) -> Polygon {
        let mut corners = Vec::new();
        corners.extend((i..=i + w).map(|x| (x, j)));
        corners.extend((i..=i + w).rev().map(|x| (x, j + 1)));
        let mut ring = Vec::new();
        for (&a, &b) in corners.iter().zip(corners.iter().cycle().skip(1)) {
            ring.extend(self.edge(a, b));
        }
        ring.extend(ring.first().copied());
        let ring: Vec<Coord> = ring.into_iter().map(|c| self.lonlat(c)).collect();
        Polygon::new(LineString::from(ring), vec![])
    }

    /// Cuts every row into runs of 1 to `max_w` cells.
    pub fn runs(&self, max_w: usize, rng: &mut Rng) -> Vec<(usize, usize, usize)> {
        let mut runs = Vec::new();
        for j in 0..self.rows {
            let mut i = 0;
            while i < self.cols {
                let w = (1 + rng.below(max_w)).min(self.cols - i);
                runs.push((i, j, w));
                i += w;
            }
        }
        runs
    }
}
