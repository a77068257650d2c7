//! Synthetic regions: municipalities, population and providers, deterministic from a seed.
//!
//! The polygons tile the region without gaps or overlaps by construction: they are runs of
//! cells of one jittered lattice, and two neighbours build their shared border from the same
//! lattice vertices and the same wiggles (keyed by the edge, not by the cell). Populations
//! follow the Czech 2020 age structure, older in small villages. The data is synthetic and says
//! so: codes start with 9 (real ČSÚ codes are 5xxxxx) and every file is marked.
//!
//! ```
//! let a = gapmap::synth::Region::demo();
//! let b = gapmap::synth::Region::demo();
//! assert_eq!(a.municipalities.len(), b.municipalities.len());
//! assert!((15..=25).contains(&a.municipalities.len()));
//! ```

#![allow(
    clippy::expect_used,
    reason = "synthetic data is built from constants and written to memory; `generate` and the \
              tests that make every set prove that these expectations hold"
)]

use geo::{InteriorPoint, Polygon};

mod files;
mod lattice;
pub mod pbf;
mod plan;
mod population;
mod providers;
pub mod questionnaire;
mod region;
pub mod registry;
mod roads;
mod transit;

pub use files::{
    CountrySpec, DEMO_SCENARIO, cost_matrix_files, country_files, road_files, scenario_toml,
    transit_files, transit_travel,
};
pub use lattice::Lattice;
pub use plan::{demo_now, demo_now_providers, demo_plan};
pub use population::AGE_BANDS;
pub use providers::{place_providers, providers_csv, providers_for_real};
pub use questionnaire::questionnaire_xlsx;
pub use region::Region;
pub use roads::{DEMO_ROADS, RoadSpec, network};
pub use transit::TransitSpec;

/// SplitMix64: small, fast, and the same numbers on every platform.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in [lo, hi).
    pub fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    /// Uniform integer in [0, n).
    pub fn below(&mut self, n: usize) -> usize {
        (self.unit() * n as f64) as usize % n.max(1)
    }
}

/// A stateless hash to [-1, 1): the wiggle of an edge must not depend on who asks first.
pub(crate) fn noise(seed: u64, a: u64, b: u64, k: u64) -> f64 {
    let mut r = Rng::new(
        seed ^ a.wrapping_mul(0x100_0000_01B3) ^ b.wrapping_mul(0xC2B2_AE3D_27D4_EB4F) ^ k,
    );
    r.unit() * 2.0 - 1.0
}

/// A synthetic municipality.
pub struct Municipality {
    pub code: String,
    pub name: String,
    pub polygon: Polygon,
    /// People per age band, in [`AGE_BANDS`] order.
    pub bands: [u64; 18],
}

impl Municipality {
    pub fn total(&self) -> u64 {
        self.bands.iter().sum()
    }

    /// A point inside the polygon.
    pub fn point(&self) -> (f64, f64) {
        let p = self
            .polygon
            .interior_point()
            .expect("a lattice cell is never empty");
        (p.x(), p.y())
    }
}

/// A synthetic provider, with the columns of `providers.csv`.
pub struct Provider {
    pub id: String,
    pub name: String,
    pub service: String,
    pub capacity: u32,
    pub location: Option<(f64, f64)>,
    pub groups: Vec<String>,
    pub area: Vec<String>,
}

pub(crate) fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

pub(crate) use crate::report::tables::csv_field;

pub(crate) fn json(s: &str) -> String {
    serde_json::to_string(s).expect("a str always serialises")
}

#[cfg(test)]
mod tests {
    use super::population::age_bands;
    use super::*;
    use geo::{Area, BooleanOps, Coord, Intersects, LineString};

    #[test]
    fn demo_tiles_without_gaps_or_overlaps() {
        let r = Region::demo();
        assert_eq!(r.municipalities.len(), 20);
        let polys: Vec<&Polygon> = r.municipalities.iter().map(|m| &m.polygon).collect();
        // No overlaps: no two tiles share area.
        for (a, pa) in polys.iter().enumerate() {
            for pb in &polys[a + 1..] {
                if pa.intersects(*pb) {
                    let overlap = pa.intersection(*pb).unsigned_area();
                    assert!(overlap < 1e-12, "overlap {overlap}");
                }
            }
        }
        // No gaps, exactly: every border segment is walked once each way by two tiles, or once
        // by one tile on the region's outline; the outline is one ring whose area is the sum of
        // the tiles' areas.
        let key = |c: Coord| (c.x.to_bits(), c.y.to_bits());
        let mut segments = std::collections::HashMap::new();
        for p in &polys {
            for l in p.exterior().lines() {
                *segments.entry((key(l.start), key(l.end))).or_insert(0) += 1;
            }
        }
        let mut outline = std::collections::HashMap::new();
        for (&(a, b), &n) in &segments {
            assert_eq!(n, 1, "a segment is walked twice in one direction");
            if !segments.contains_key(&(b, a)) {
                assert!(outline.insert(a, b).is_none(), "the outline branches");
            }
        }
        let start = *outline.keys().next().unwrap();
        let mut ring = vec![start];
        let mut at = outline[&start];
        while at != start {
            ring.push(at);
            at = outline[&at];
        }
        assert_eq!(
            ring.len(),
            outline.len(),
            "the outline is more than one ring"
        );
        let coords: Vec<Coord> = ring
            .iter()
            .map(|&(x, y)| Coord {
                x: f64::from_bits(x),
                y: f64::from_bits(y),
            })
            .collect();
        let region = Polygon::new(LineString::from(coords), vec![]).unsigned_area();
        let tiles: f64 = polys.iter().map(|p| p.unsigned_area()).sum();
        assert!(
            (region - tiles).abs() < 1e-12 * tiles,
            "{region} vs {tiles}"
        );
    }

    #[test]
    fn bands_sum_to_the_total() {
        let mut rng = Rng::new(1);
        for total in [0, 1, 17, 999, 6480] {
            assert_eq!(age_bands(total, 0.2, &mut rng).iter().sum::<u64>(), total);
        }
    }

    #[test]
    fn generation_is_deterministic() {
        assert_eq!(
            Region::demo().providers_csv(),
            Region::demo().providers_csv()
        );
        assert_eq!(
            Region::country(300, 50, 3).municipalities_geojson(),
            Region::country(300, 50, 3).municipalities_geojson()
        );
    }
}
