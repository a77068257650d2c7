//! S-JTSK / Krovak (EPSG:5514), the coordinates of Czech official data, to lon/lat (WGS 84).
//!
//! RÚIAN, the cadastre and most Czech GIS layers are in S-JTSK metres, with both axes
//! negative: X (easting) from about −905,000 to −430,000 and Y (northing) from about
//! −1,230,000 to −935,000. gapmap computes in lon/lat, so inputs in S-JTSK are reprojected once,
//! when they are read, by proj4rs with the 7-parameter datum shift below (within 1 m of PROJ).
//!
//! ```
//! let krovak = gapmap::crs::Krovak::new();
//! // RÚIAN address point 22296361 in Praha 7: Y = 741272.24, X = 1040840.65.
//! let p = krovak.to_lonlat(-741_272.24, -1_040_840.65).unwrap();
//! assert!((p.lon() - 14.438_406_9).abs() < 1e-5 && (p.lat() - 50.108_696_9).abs() < 1e-5);
//! ```

use proj4rs::proj::Proj;

use crate::error::ValueError;
use crate::model::LonLat;

/// EPSG:5514 with the datum shift to WGS 84 that ČÚZK publishes.
pub const EPSG_5514: &str = "+proj=krovak +lat_0=49.5 +lon_0=24.83333333333333 \
     +alpha=30.28813972222222 +k=0.9999 +x_0=0 +y_0=0 +ellps=bessel \
     +towgs84=570.8,85.7,462.8,4.998,1.587,5.261,3.56 +units=m +no_defs";

const WGS84: &str = "+proj=longlat +ellps=WGS84 +datum=WGS84 +no_defs";

/// The transformation from S-JTSK metres to lon/lat degrees. Cheap to share across threads.
pub struct Krovak {
    from: Proj,
    to: Proj,
}

impl Default for Krovak {
    fn default() -> Self {
        Krovak::new()
    }
}

impl Krovak {
    #[allow(
        clippy::expect_used,
        reason = "both strings are constants that a unit test parses: they cannot fail at run time"
    )]
    pub fn new() -> Self {
        Krovak {
            from: Proj::from_proj_string(EPSG_5514).expect("EPSG:5514 is a valid proj string"),
            to: Proj::from_proj_string(WGS84).expect("WGS 84 is a valid proj string"),
        }
    }

    /// EPSG:5514 easting `x` and northing `y` (metres, both negative over Czechia) to lon/lat.
    pub fn to_lonlat(&self, x: f64, y: f64) -> Result<LonLat, ValueError> {
        let bad = || {
            ValueError::new(
                "S-JTSK coordinates",
                format!("{x}, {y}"),
                "must be in Czechia's S-JTSK range (x −950,000…−400,000, y −1,300,000…−900,000)",
            )
        };
        if !is_sjtsk(x, y) {
            return Err(bad());
        }
        let mut p = (x, y, 0.0);
        proj4rs::transform::transform(&self.from, &self.to, &mut p).map_err(|_| bad())?;
        LonLat::try_from((p.0.to_degrees(), p.1.to_degrees()))
    }
}

pub use crate::model::is_sjtsk;

#[cfg(test)]
mod tests {
    use super::*;

    /// Metres between two lon/lat points, on the sphere.
    fn metres(a: LonLat, b: LonLat) -> f64 {
        use geo::{Distance, Haversine};
        Haversine.distance(geo::Point::from(a), geo::Point::from(b))
    }

    #[test]
    fn praha_address_point_within_a_metre() {
        // RÚIAN address point 22296361: Y = 741272.24, X = 1040840.65, so EPSG:5514 (E, N) =
        // (−Y, −X); PROJ gives 14.4384069 E, 50.1086969 N.
        let p = Krovak::new().to_lonlat(-741_272.24, -1_040_840.65).unwrap();
        let expected = LonLat::new(14.438_406_9, 50.108_696_9).unwrap();
        assert!(
            metres(p, expected) < 1.0,
            "{p:?} is {} m off",
            metres(p, expected)
        );
    }

    #[test]
    fn out_of_range_is_an_error_with_the_value() {
        let e = Krovak::new().to_lonlat(741_272.0, 1_040_840.0).unwrap_err();
        assert_eq!(e.got, "741272, 1040840");
    }
}
