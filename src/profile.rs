//! The socio-demographic profile of each unit (`profile.csv`, the "Sociodemografický profil" of
//! a community plan): broad age groups, the ageing index, the share of people aged 65+, the
//! area and the density.
//!
//! ```
//! # let scenario = gapmap::scenario::Scenario::read("scenarios/demo.toml".as_ref())?;
//! let study = gapmap::load::load(&scenario, &gapmap::Silent)?.study;
//! // The ageing index is 100 × people 65+ / people under 15: above 100, more seniors.
//! for row in gapmap::profile::profile(&study).expect("the demo has age bands") {
//!     assert_eq!(row.ageing_index, Some(100.0 * row.age_65_plus / row.age_0_14));
//!     assert_eq!(row.total, row.age_0_14 + row.age_15_64 + row.age_65_plus);
//! }
//! # Ok::<(), gapmap::Error>(())
//! ```

use geo::ChamberlainDuquetteArea;
use rayon::prelude::*;

use crate::model::{AgeBands, Shape, Study};

/// One row of `profile.csv`. Counts are people; `area_km2` is km² on the sphere
/// (Chamberlain–Duquette), within half a per cent of the ellipsoid at Czech latitudes.
#[derive(Debug, Clone, PartialEq)]
pub struct ProfileRow {
    pub unit: usize,
    pub total: f64,
    pub age_0_14: f64,
    pub age_15_64: f64,
    pub age_65_plus: f64,
    pub age_80_plus: f64,
    /// 100 × people aged 65+ / people aged 0–14; `None` when there are no children.
    pub ageing_index: Option<f64>,
    /// People aged 65+ / everyone, 0–1; `None` when nobody lives there.
    pub share_65_plus: Option<f64>,
    /// `None` for a unit without a polygon (a demand point).
    pub area_km2: Option<f64>,
    /// People per km²; `None` without an area.
    pub density: Option<f64>,
}

/// The profile of every unit, when the study has people by age band.
pub fn profile(study: &Study) -> Option<Vec<ProfileRow>> {
    let ages = study.ages.as_ref()?;
    Some(
        study
            .units
            .par_iter()
            .zip(ages)
            .enumerate()
            .map(|(u, (unit, a))| {
                let area_km2 = match &unit.shape {
                    Shape::Polygons(mp) => Some(mp.chamberlain_duquette_unsigned_area() / 1e6),
                    _ => None,
                };
                row(u, a, area_km2)
            })
            .collect(),
    )
}

/// A unit's row from its bands and area. Bands: 0–14 are the first three, 15–64 the next ten,
/// 65+ the last five, 80+ the last two.
fn row(unit: usize, a: &AgeBands, area_km2: Option<f64>) -> ProfileRow {
    let sum = |r: std::ops::Range<usize>| a.bands.get(r).unwrap_or_default().iter().sum::<f64>();
    let (young, adult, old, oldest) = (sum(0..3), sum(3..13), sum(13..18), sum(16..18));
    ProfileRow {
        unit,
        total: a.total,
        age_0_14: young,
        age_15_64: adult,
        age_65_plus: old,
        age_80_plus: oldest,
        ageing_index: (young > 0.0).then(|| 100.0 * old / young),
        share_65_plus: (a.total > 0.0).then(|| old / a.total),
        density: area_km2.filter(|&k| k > 0.0).map(|k| a.total / k),
        area_km2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_by_hand() {
        // 10 people in each band: 30 under 15, 100 of 15–64, 50 of 65+, 20 of 80+.
        let a = AgeBands {
            bands: [10.0; 18],
            total: 180.0,
        };
        let r = row(0, &a, Some(4.0));
        assert_eq!(
            (r.age_0_14, r.age_15_64, r.age_65_plus, r.age_80_plus),
            (30.0, 100.0, 50.0, 20.0)
        );
        assert_eq!(r.ageing_index, Some(100.0 * 50.0 / 30.0));
        assert_eq!(r.share_65_plus, Some(50.0 / 180.0));
        assert_eq!(r.density, Some(45.0));
        let empty = row(
            0,
            &AgeBands {
                bands: [0.0; 18],
                total: 0.0,
            },
            None,
        );
        assert_eq!(
            (empty.ageing_index, empty.share_65_plus, empty.density),
            (None, None, None)
        );
    }

    #[test]
    fn a_square_of_a_tenth_of_a_degree_at_50_north() {
        // 0.1° × 0.1° at 50° N: about 7.16 km × 11.12 km = 79.6 km².
        use geo::{LineString, MultiPolygon, Polygon};
        let square = MultiPolygon(vec![Polygon::new(
            LineString::from(vec![
                (15.0, 50.0),
                (15.1, 50.0),
                (15.1, 50.1),
                (15.0, 50.1),
                (15.0, 50.0),
            ]),
            vec![],
        )]);
        let km2: f64 = square.chamberlain_duquette_unsigned_area() / 1e6;
        assert!((km2 - 79.6).abs() < 0.3, "{km2}");
    }
}
