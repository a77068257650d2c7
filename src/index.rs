//! R-tree indexes (rstar): unit polygons for point-in-polygon, points for catchment queries.
//!
//! Points are indexed as 3-D positions on a sphere of the Earth's mean radius, in km. The
//! straight-line (chord) distance between two such positions grows with the great-circle
//! distance, so "within `s` km on the sphere" is "within chord `2R·sin(s/2R)`" in the tree:
//! exact pruning at any latitude, across the antimeridian and near the poles alike. The
//! returned candidates are then measured with [`km`], geo's `Haversine` formula, with each
//! point's cosine of latitude computed once when it is indexed (the same bits as geo's).
//!
//! ```
//! use gapmap::index::{PointIndex, km};
//! use gapmap::model::LonLat;
//! let prague = LonLat::new(14.4213, 50.0875).unwrap();
//! let brno = LonLat::new(16.6068, 49.1951).unwrap();
//! let index = PointIndex::new([(0, prague), (1, brno)]);
//! assert_eq!(index.within(prague, 100.0), vec![(0, 0.0)]);
//! assert!((km(prague, brno) - 186.03).abs() < 0.01); // km on the sphere
//! ```

#![allow(
    clippy::indexing_slicing,
    reason = "indices are positions in the study's own lists (units, origins, services, groups, providers, columns), which load builds together and checks once"
)]

use geo::{BoundingRect, Haversine, Intersects};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{AABB, RTree};

use crate::model::{LonLat, Shape, Unit};

/// The Earth's mean radius in km, the one geo's `Haversine` uses.
pub fn earth_radius_km() -> f64 {
    Haversine.radius() / 1000.0
}

/// Great-circle distance in km (geo's `Haversine`, GRS80 mean radius).
pub fn km(a: LonLat, b: LonLat) -> f64 {
    Located::new(a).km_to(&Located::new(b))
}

/// A point with the parts of the haversine formula that depend on it alone.
#[derive(Debug, Clone, Copy)]
struct Located {
    at: LonLat,
    cos_lat: f64,
}

impl Located {
    fn new(at: LonLat) -> Located {
        Located {
            at,
            cos_lat: at.lat().to_radians().cos(),
        }
    }

    /// geo's `Haversine::distance(self, to)` in km, term for term, so the bits are the same;
    /// only the two cosines are not computed again for every pair.
    fn km_to(&self, to: &Located) -> f64 {
        let delta_theta = (to.at.lat() - self.at.lat()).to_radians();
        let delta_lambda = (to.at.lon() - self.at.lon()).to_radians();
        let a = (delta_theta / 2.0).sin().powi(2)
            + self.cos_lat * to.cos_lat * (delta_lambda / 2.0).sin().powi(2);
        let c = 2.0 * a.sqrt().asin();
        Haversine.radius() * c / 1000.0
    }
}

fn to_xyz(p: LonLat) -> [f64; 3] {
    let r = earth_radius_km();
    let (lat, lon) = (p.lat().to_radians(), p.lon().to_radians());
    [
        r * lat.cos() * lon.cos(),
        r * lat.cos() * lon.sin(),
        r * lat.sin(),
    ]
}

/// Points with ids (`u32`, chosen by the caller), for "who is within `s` km".
pub struct PointIndex {
    tree: RTree<GeomWithData<[f64; 3], (u32, Located)>>,
}

impl PointIndex {
    /// Bulk-loads the points; ids are the caller's, e.g. provider positions.
    pub fn new(points: impl IntoIterator<Item = (u32, LonLat)>) -> Self {
        let items = points
            .into_iter()
            .map(|(id, p)| GeomWithData::new(to_xyz(p), (id, Located::new(p))))
            .collect();
        PointIndex {
            tree: RTree::bulk_load(items),
        }
    }

    /// `(id, km)` of the points within `radius_km` on the sphere (inclusive), by ascending id.
    pub fn within(&self, from: LonLat, radius_km: f64) -> Vec<(u32, f64)> {
        let mut found = Vec::new();
        self.within_into(from, radius_km, &mut found);
        found
    }

    /// [`PointIndex::within`] into `found` (cleared first), so that a caller asking for many
    /// points reuses one buffer.
    pub fn within_into(&self, from: LonLat, radius_km: f64, found: &mut Vec<(u32, f64)>) {
        let r = earth_radius_km();
        let half_angle = (radius_km / (2.0 * r)).min(std::f64::consts::FRAC_PI_2);
        // The chord ball is a hair larger than the cap, so rounding never loses a point; the
        // exact test is the haversine distance below.
        let chord = 2.0 * r * half_angle.sin() * (1.0 + 1e-9) + 1e-9;
        let origin = Located::new(from);
        found.clear();
        found.extend(
            self.tree
                .locate_within_distance(to_xyz(from), chord * chord)
                .map(|item| (item.data.0, origin.km_to(&item.data.1)))
                .filter(|&(_, d)| d <= radius_km),
        );
        found.sort_unstable_by_key(|&(id, _)| id);
    }

    /// The nearest point on the sphere, as `(id, km)`; ties go to the lowest id.
    pub fn nearest(&self, from: LonLat) -> Option<(u32, f64)> {
        let q = to_xyz(from);
        let first = self.tree.nearest_neighbor(&q)?;
        // Several points can share the nearest distance (two providers at one address): take
        // the lowest id among them so the answer does not depend on the tree's layout.
        let d2 = sq_dist(first.geom(), &q);
        let id = self
            .tree
            .locate_within_distance(q, d2 * (1.0 + 1e-12) + 1e-12)
            .map(|item| item.data.0)
            .min()
            .unwrap_or(first.data.0);
        Some((id, Located::new(from).km_to(&first.data.1)))
    }
}

fn sq_dist(a: &[f64; 3], b: &[f64; 3]) -> f64 {
    (a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)
}

/// Unit polygons by bounding box, for "which municipality holds this point".
pub struct UnitIndex {
    tree: RTree<GeomWithData<Rectangle<[f64; 2]>, usize>>,
}

impl UnitIndex {
    /// Indexes the units that have polygons.
    pub fn new(units: &[Unit]) -> Self {
        let items = units
            .iter()
            .enumerate()
            .filter_map(|(i, u)| match &u.shape {
                Shape::Polygons(mp) => mp.bounding_rect().map(|r| {
                    let rect =
                        Rectangle::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]);
                    GeomWithData::new(rect, i)
                }),
                _ => None,
            })
            .collect();
        UnitIndex {
            tree: RTree::bulk_load(items),
        }
    }

    /// The unit whose polygon holds `p`. A point on a shared border goes to the unit listed
    /// first, so the answer is the same on every run.
    pub fn locate(&self, units: &[Unit], p: LonLat) -> Option<usize> {
        let point = geo::Point::from(p);
        self.tree
            .locate_in_envelope_intersecting(&AABB::from_point([p.lon(), p.lat()]))
            .map(|item| item.data)
            .filter(|&i| matches!(&units[i].shape, Shape::Polygons(mp) if mp.intersects(&point)))
            .min()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ll(lon: f64, lat: f64) -> LonLat {
        LonLat::new(lon, lat).unwrap()
    }

    #[test]
    fn within_matches_a_brute_force_scan() {
        // A ring of points around the antimeridian and one near the pole: the chord trick must
        // find exactly what measuring every point finds.
        let pts: Vec<(u32, LonLat)> = (0..200)
            .map(|i| {
                let f = i as f64;
                (
                    i,
                    ll(((f * 37.0) % 360.0) - 180.0, ((f * 13.0) % 170.0) - 85.0),
                )
            })
            .chain([
                (200, ll(179.9, 10.0)),
                (201, ll(-179.9, 10.0)),
                (202, ll(0.0, 89.99)),
            ])
            .collect();
        let index = PointIndex::new(pts.clone());
        for (from, r) in [
            (ll(180.0, 10.0), 50.0),
            (ll(45.0, 89.9), 500.0),
            (ll(14.0, 50.0), 3000.0),
        ] {
            let mut brute: Vec<(u32, f64)> = pts
                .iter()
                .map(|(i, p)| (*i, km(from, *p)))
                .filter(|&(_, d)| d <= r)
                .collect();
            brute.sort_unstable_by_key(|&(i, _)| i);
            assert_eq!(index.within(from, r), brute, "from {from:?} within {r} km");
        }
        let ids: Vec<u32> = index
            .within(ll(180.0, 10.0), 50.0)
            .iter()
            .map(|x| x.0)
            .collect();
        assert_eq!(ids, vec![200, 201]);
    }

    #[test]
    fn nearest_breaks_ties_by_id() {
        let p = ll(15.0, 50.0);
        let index = PointIndex::new([(7, p), (3, p), (9, ll(15.1, 50.0))]);
        let (id, d) = index.nearest(ll(15.0, 50.0)).unwrap();
        assert_eq!(id, 3);
        assert!(d < 1e-6);
    }

    #[test]
    fn km_has_the_bits_of_geos_haversine() {
        use geo::Distance;
        let mut rng = crate::synth::Rng::new(7);
        for _ in 0..10_000 {
            let a = ll(rng.range(-180.0, 180.0), rng.range(-90.0, 90.0));
            // Near pairs, as catchments have them, and any pairs.
            let b = match rng.below(2) {
                0 => ll(
                    (a.lon() + rng.range(-0.3, 0.3)).clamp(-180.0, 180.0),
                    (a.lat() + rng.range(-0.3, 0.3)).clamp(-90.0, 90.0),
                ),
                _ => ll(rng.range(-180.0, 180.0), rng.range(-90.0, 90.0)),
            };
            let geo = Haversine.distance(geo::Point::from(a), geo::Point::from(b)) / 1000.0;
            assert_eq!(km(a, b).to_bits(), geo.to_bits(), "{a:?} {b:?}");
        }
    }

    #[test]
    fn one_degree_of_latitude_is_about_111_km() {
        let d = km(ll(15.0, 49.0), ll(15.0, 50.0));
        // 2πR/360 with R = 6371.0088 km.
        assert!((d - 111.195_08).abs() < 1e-3, "{d}");
    }
}
