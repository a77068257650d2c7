//! GeoJSON input: municipality polygons, and provider or demand points.
//!
//! Coordinates are lon/lat degrees (RFC 7946), or S-JTSK metres (EPSG:5514), the coordinates of
//! Czech official data, which are reprojected to lon/lat as they are read (see [`crate::crs`]).

use std::path::Path;

use geo::{Coord, LineString, MultiPolygon, Polygon};
use serde_json::Value as Json;

use super::feature_collection::{self, Geometry, ParseError};
use super::table::{Encoding, Row, Table};
use crate::crs::Krovak;
use crate::error::{InputError, Location, Result};
use crate::model::LonLat;

/// One feature: its 1-based position, its properties and its geometry.
pub struct Feature {
    pub index: usize,
    pub properties: serde_json::Map<String, Json>,
    pub geometry: Option<Geometry>,
}

/// The coordinate system a GeoJSON file was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Crs {
    /// Lon/lat degrees (EPSG:4326, RFC 7946).
    #[default]
    LonLat,
    /// S-JTSK Krovak metres (EPSG:5514), reprojected to lon/lat on reading.
    Sjtsk,
}

impl Crs {
    /// The transformation to lon/lat that this system needs, if any.
    pub fn krovak(self) -> Option<Krovak> {
        (self == Crs::Sjtsk).then(Krovak::new)
    }
}

/// Reads a FeatureCollection and tells its coordinate system: S-JTSK when its `crs` member
/// names EPSG:5514 (as `ogr2ogr` writes it), or when it has none and its first position lies
/// in the S-JTSK range. [`polygons`] and [`points_as_table`] reproject S-JTSK to lon/lat.
pub fn read(path: &Path) -> Result<(Vec<Feature>, Crs)> {
    let bytes =
        std::fs::read(path).map_err(|e| InputError::file(path, format!("cannot read: {e}")))?;
    parse(path, &bytes)
}

/// Parses a FeatureCollection from bytes; `path` names it in errors.
pub fn parse(path: &Path, bytes: &[u8]) -> Result<(Vec<Feature>, Crs)> {
    let text = std::str::from_utf8(bytes)
        .map_err(|e| InputError::file(path, format!("is not UTF-8 text: {e}")))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let collection = feature_collection::parse(text).map_err(|e| match e {
        ParseError::Invalid(e) => InputError::file(path, format!("is not valid GeoJSON: {e}")),
        ParseError::NotACollection(kind) => InputError::file(
            path,
            match kind {
                Some(kind) => format!("must be a GeoJSON FeatureCollection, not a {kind}"),
                None => "must be a GeoJSON FeatureCollection".to_string(),
            },
        ),
    })?;
    let declared = match &collection.crs {
        None => None,
        Some(crs) => {
            let crs = crs.to_string();
            if crs.contains("5514") {
                Some(Crs::Sjtsk)
            } else if crs.contains("4326") || crs.contains("CRS84") {
                Some(Crs::LonLat)
            } else {
                return Err(InputError::file(
                    path,
                    format!(
                        "declares the coordinate system {crs}; gapmap reads lon/lat \
                         (EPSG:4326) or S-JTSK (EPSG:5514): reproject it, e.g. \
                         `ogr2ogr -t_srs EPSG:4326 out.geojson in.geojson`"
                    ),
                )
                .into());
            }
        }
    };
    let features: Vec<Feature> = collection
        .features
        .into_iter()
        .enumerate()
        .map(|(i, f)| Feature {
            index: i + 1,
            properties: f.properties,
            geometry: f.geometry,
        })
        .collect();
    let crs = declared.unwrap_or_else(|| {
        let first = features
            .iter()
            .find_map(|f| f.geometry.as_ref().and_then(Geometry::first_position));
        match first {
            Some(c) if crate::crs::is_sjtsk(c.x, c.y) => Crs::Sjtsk,
            _ => Crs::LonLat,
        }
    });
    Ok((features, crs))
}

/// A property as text, exactly as written: strings as they are, numbers in their JSON form.
pub fn text(value: Option<&Json>) -> Option<String> {
    match value? {
        Json::String(s) => Some(s.trim().to_string()),
        Json::Number(n) => Some(n.to_string()),
        Json::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Where a feature is, for errors: its position and, when it has one, its id.
pub fn location(feature: &Feature, id_field: &str) -> Location {
    Location::Feature {
        index: feature.index,
        id: text(feature.properties.get(id_field)),
    }
}

/// A Polygon or MultiPolygon feature as a MultiPolygon in lon/lat, checked; S-JTSK positions
/// are reprojected by `krovak`. The geometry moves out of the feature, whose coordinates are
/// not copied.
pub fn polygons(
    path: &Path,
    feature: &mut Feature,
    id_field: &str,
    krovak: Option<&Krovak>,
) -> Result<MultiPolygon> {
    let geometry = feature.geometry.take();
    let feature = &*feature;
    let err = |message: String| {
        InputError::at(path, location(feature, id_field), message).field("geometry")
    };
    let mp: MultiPolygon = match geometry {
        Some(Geometry::Polygon(rings)) => MultiPolygon(vec![polygon(rings)]),
        Some(Geometry::MultiPolygon(polygons)) => {
            MultiPolygon(polygons.into_iter().map(polygon).collect())
        }
        Some(other) => {
            return Err(err(format!(
                "must be a Polygon or MultiPolygon, not a {}",
                other.type_name()
            ))
            .into());
        }
        None => return Err(err("is missing".into()).into()),
    };
    use geo::{CoordsIter, MapCoords};
    if mp.coords_count() == 0 {
        return Err(err("is empty".into()).into());
    }
    let mp = match krovak {
        None => mp,
        Some(k) => mp
            .try_map_coords(|c| {
                k.to_lonlat(c.x, c.y).map(|p| Coord {
                    x: p.lon(),
                    y: p.lat(),
                })
            })
            .map_err(|e| err(e.to_string()))?,
    };
    if let Some(bad) = mp
        .coords_iter()
        .find_map(|c: Coord| LonLat::try_from((c.x, c.y)).err())
    {
        return Err(err(bad.to_string()).into());
    }
    Ok(mp)
}

/// A polygon of GeoJSON rings: the exterior, then the holes.
fn polygon(rings: Vec<Vec<Coord>>) -> Polygon {
    let mut rings = rings.into_iter().map(LineString::new);
    let exterior = rings.next().unwrap_or_else(|| LineString::new(Vec::new()));
    Polygon::new(exterior, rings.collect())
}

/// Point features as a table: their properties as columns, plus `lon` and `lat` from the
/// geometry (reprojected by `krovak` from S-JTSK), so points load by the same code as CSV rows.
/// A null geometry leaves them empty.
pub fn points_as_table(
    path: &Path,
    features: &[Feature],
    id_field: &str,
    krovak: Option<&Krovak>,
) -> Result<Table> {
    let mut headers: Vec<String> = Vec::new();
    for f in features {
        for k in f.properties.keys() {
            if k != "lon" && k != "lat" && !headers.contains(k) {
                headers.push(k.clone());
            }
        }
    }
    headers.push("lon".into());
    headers.push("lat".into());
    let mut rows = Vec::with_capacity(features.len());
    for f in features {
        let loc = location(f, id_field);
        let (lon, lat) = match &f.geometry {
            Some(Geometry::Point(p)) => match krovak {
                None => (p.x.to_string(), p.y.to_string()),
                Some(k) => {
                    let at = k.to_lonlat(p.x, p.y).map_err(|e| {
                        InputError::at(path, loc.clone(), e.to_string()).field("geometry")
                    })?;
                    (at.lon().to_string(), at.lat().to_string())
                }
            },
            None => (String::new(), String::new()),
            Some(other) => {
                return Err(InputError::at(
                    path,
                    loc,
                    format!("must be a Point, not a {}", other.type_name()),
                )
                .field("geometry")
                .into());
            }
        };
        let mut fields: Vec<String> = headers
            .iter()
            .take(headers.len().saturating_sub(2))
            .map(|h| text(f.properties.get(h)).unwrap_or_default())
            .collect();
        fields.push(lon);
        fields.push(lat);
        rows.push(Row {
            location: loc,
            fields,
        });
    }
    Ok(Table {
        path: path.to_path_buf(),
        headers,
        rows,
        decimal_comma: false,
        encoding: Encoding::Utf8,
        record: None,
    })
}
