//! Municipalities: polygons with ids and names, from GeoJSON (lon/lat or S-JTSK), and whether
//! each is in the region (`in_region`, default true) or context around it.

use std::collections::HashMap;
use std::path::Path;

use geo::{Centroid, Contains, InteriorPoint, MultiPolygon};
use rayon::prelude::*;

use serde_json::Value as Json;

use super::features;
use crate::error::{InputError, Result};
use crate::model::{LonLat, Shape, Unit};

/// Municipality polygons with ids and names, and each one's representative point.
pub(super) fn municipalities(
    path: &Path,
    id_field: &str,
    name_field: &str,
) -> Result<(Vec<Unit>, Vec<Option<LonLat>>, features::Crs)> {
    let (mut features, crs) = features::read(path)?;
    if features.is_empty() {
        return Err(InputError::file(path, "has no features").into());
    }
    // Geometry is the costly part: convert and place points in parallel, then report the
    // first problem in file order, so the message does not depend on the threads.
    let krovak = crs.krovak();
    let parsed: Vec<Result<(Unit, Option<LonLat>)>> = features
        .par_iter_mut()
        .map(|f| {
            let id = features::text(f.properties.get(id_field)).filter(|s| !s.is_empty());
            let Some(id) = id else {
                let loc = features::location(f, id_field);
                return Err(InputError::at(path, loc, "has no id")
                    .field(id_field)
                    .into());
            };
            let name = features::text(f.properties.get(name_field)).unwrap_or_else(|| id.clone());
            let mp = features::polygons(path, f, id_field, krovak.as_ref())?;
            let point = representative_point(&mp);
            let in_region = match f.properties.get("in_region") {
                None | Some(Json::Null) | Some(Json::Bool(true)) => true,
                Some(Json::Bool(false)) => false,
                Some(Json::String(s)) if s == "true" => true,
                Some(Json::String(s)) if s == "false" => false,
                Some(other) => {
                    let loc = features::location(f, id_field);
                    let message = format!("must be true or false (got {other})");
                    return Err(InputError::at(path, loc, message).field("in_region").into());
                }
            };
            let unit = Unit {
                id,
                name,
                shape: Shape::Polygons(mp),
                in_region,
            };
            Ok((unit, point))
        })
        .collect();
    let mut units = Vec::with_capacity(features.len());
    let mut points = Vec::with_capacity(features.len());
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (f, item) in features.iter().zip(parsed) {
        let (unit, point) = item?;
        if let Some(first) = seen.insert(unit.id.clone(), f.index) {
            let loc = features::location(f, id_field);
            let message = format!("repeats the id {:?} of feature {first}", unit.id);
            return Err(InputError::at(path, loc, message).field(id_field).into());
        }
        units.push(unit);
        points.push(point);
    }
    Ok((units, points, crs))
}

/// The point that stands for a municipality: its centroid when that lies inside it (the usual
/// case, and cheap), otherwise geo's `InteriorPoint` (a crescent, or a municipality in parts).
pub fn representative_point(mp: &MultiPolygon) -> Option<LonLat> {
    let inside = mp.centroid().filter(|c| mp.contains(c));
    let p = inside.or_else(|| mp.interior_point())?;
    LonLat::new(p.x(), p.y()).ok()
}
