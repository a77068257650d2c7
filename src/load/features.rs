//! GeoJSON input: municipality polygons, and provider or demand points.
//!
//! Coordinates must be lon/lat degrees (RFC 7946). S-JTSK metres, the usual mistake with Czech
//! data, are reported as such, with the way to reproject them.

use std::path::Path;

use geo::{Coord, MultiPolygon};
use geojson::{GeoJson, GeometryValue as Value};
use serde_json::Value as Json;

use super::table::{Encoding, Row, Table};
use crate::error::{InputError, Location, Result};
use crate::model::LonLat;

/// One feature: its 1-based position, its properties and its geometry.
pub struct Feature {
    pub index: usize,
    pub properties: serde_json::Map<String, Json>,
    pub geometry: Option<Value>,
}

/// Reads a FeatureCollection.
pub fn read(path: &Path) -> Result<Vec<Feature>> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| InputError::file(path, format!("cannot read as UTF-8 text: {e}")))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let geojson: GeoJson = text
        .parse()
        .map_err(|e| InputError::file(path, format!("is not valid GeoJSON: {e}")))?;
    let GeoJson::FeatureCollection(fc) = geojson else {
        return Err(InputError::file(path, "must be a GeoJSON FeatureCollection").into());
    };
    if let Some(crs) = fc.foreign_members.as_ref().and_then(|m| m.get("crs")) {
        let crs = crs.to_string();
        if !(crs.contains("4326") || crs.contains("CRS84")) {
            return Err(InputError::file(
                path,
                format!(
                    "declares the coordinate system {crs}; gapmap reads lon/lat (EPSG:4326) \
                     only: reproject it, e.g. `ogr2ogr -t_srs EPSG:4326 out.geojson in.geojson`"
                ),
            )
            .into());
        }
    }
    Ok(fc
        .features
        .into_iter()
        .enumerate()
        .map(|(i, f)| Feature {
            index: i + 1,
            properties: f.properties.unwrap_or_default(),
            geometry: f.geometry.map(|g| g.value),
        })
        .collect())
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

/// A Polygon or MultiPolygon feature as a MultiPolygon with lon/lat checked.
pub fn polygons(path: &Path, feature: &Feature, id_field: &str) -> Result<MultiPolygon> {
    let err = |message: String| {
        InputError::at(path, location(feature, id_field), message).field("geometry")
    };
    let mp: MultiPolygon = match &feature.geometry {
        Some(v @ Value::Polygon { .. }) => geo::Polygon::try_from(v)
            .map(MultiPolygon::from)
            .map_err(|e| err(e.to_string()))?,
        Some(v @ Value::MultiPolygon { .. }) => {
            MultiPolygon::try_from(v).map_err(|e| err(e.to_string()))?
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
    use geo::CoordsIter;
    if mp.coords_count() == 0 {
        return Err(err("is empty".into()).into());
    }
    if let Some(bad) = mp
        .coords_iter()
        .find_map(|c: Coord| LonLat::try_from((c.x, c.y)).err())
    {
        return Err(err(bad.to_string()).into());
    }
    Ok(mp)
}

/// Point features as a table: their properties as columns, plus `lon` and `lat` from the
/// geometry, so points load by the same code as CSV rows. A null geometry leaves them empty.
pub fn points_as_table(path: &Path, features: &[Feature], id_field: &str) -> Result<Table> {
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
            Some(Value::Point { coordinates: p }) if p.len() >= 2 => {
                (p[0].to_string(), p[1].to_string())
            }
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
        let mut fields: Vec<String> = headers[..headers.len() - 2]
            .iter()
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
    })
}
