//! Maps: `municipalities.geojson` and `providers.geojson`, RFC 7946.
//!
//! Written by hand rather than through a JSON map so that properties keep a fixed, readable
//! order in QGIS's attribute table. Polygons are always MultiPolygons (one geometry type per
//! layer, so QGIS opens one layer, not sublayers), with exterior rings counter-clockwise as
//! RFC 7946 asks. Numbers without a value (coverage where need is 0) are `null`.

use std::fmt::Write as _;

use geo::orient::{Direction, Orient};

use crate::gap::{ProviderLoad, UnitGap};
use crate::model::{LonLat, Shape, Study};

/// One feature per unit with `<service>_need`, `_supply`, `_gap` and `_coverage`.
/// `gaps` must be unit-major with every service per unit, as [`crate::gap::unit_gaps`] makes it.
pub fn units(study: &Study, gaps: &[UnitGap]) -> Vec<u8> {
    let mut out = String::with_capacity(256 * study.units.len());
    out.push_str("{\"type\":\"FeatureCollection\",\"features\":[\n");
    let n = study.services.len();
    for (u, unit) in study.units.iter().enumerate() {
        if u > 0 {
            out.push_str(",\n");
        }
        out.push_str("{\"type\":\"Feature\",\"properties\":{");
        prop_str(&mut out, "unit_id", &unit.id, true);
        prop_str(&mut out, "unit_name", &unit.name, false);
        for g in &gaps[u * n..(u + 1) * n] {
            let s = &study.services[g.service].id;
            prop_num(&mut out, &format!("{s}_need"), Some(g.need));
            prop_num(&mut out, &format!("{s}_supply"), Some(g.supply));
            prop_num(&mut out, &format!("{s}_gap"), Some(g.gap));
            prop_num(&mut out, &format!("{s}_coverage"), g.coverage);
        }
        out.push_str("},\"geometry\":");
        match &unit.shape {
            Shape::Polygons(mp) => multipolygon(&mut out, &mp.orient(Direction::Default)),
            Shape::Point(p) => point(&mut out, *p),
            Shape::None => out.push_str("null"),
        }
        out.push('}');
    }
    out.push_str("\n]}\n");
    out.into_bytes()
}

/// One point per provider with `id, name, service, capacity, demand_in_reach, load`, and the
/// municipality that holds it. A provider known only by its service area has no geometry.
pub fn providers(study: &Study, loads: &[ProviderLoad]) -> Vec<u8> {
    let mut out = String::with_capacity(256 * study.providers.len());
    out.push_str("{\"type\":\"FeatureCollection\",\"features\":[\n");
    for (i, (p, l)) in study.providers.iter().zip(loads).enumerate() {
        if i > 0 {
            out.push_str(",\n");
        }
        out.push_str("{\"type\":\"Feature\",\"properties\":{");
        prop_str(&mut out, "id", &p.id, true);
        prop_str(&mut out, "name", &p.name, false);
        prop_str(&mut out, "service", &study.services[p.service].id, false);
        prop_num(&mut out, "capacity", Some(p.capacity.get()));
        prop_num(&mut out, "demand_in_reach", Some(l.demand_in_reach));
        prop_num(&mut out, "load", l.load);
        let host = p.host.map(|u| study.units[u].id.as_str());
        prop_opt_str(&mut out, "unit_id", host);
        let area = p.area.as_ref().map(|a| {
            a.iter()
                .map(|&u| study.units[u].id.as_str())
                .collect::<Vec<_>>()
                .join(";")
        });
        prop_opt_str(&mut out, "area", area.as_deref());
        out.push_str("},\"geometry\":");
        match p.location {
            Some(at) => point(&mut out, at),
            None => out.push_str("null"),
        }
        out.push('}');
    }
    out.push_str("\n]}\n");
    out.into_bytes()
}

fn key(out: &mut String, k: &str, first: bool) {
    if !first {
        out.push(',');
    }
    push_json_str(out, k);
    out.push(':');
}

fn prop_str(out: &mut String, k: &str, v: &str, first: bool) {
    key(out, k, first);
    push_json_str(out, v);
}

fn prop_opt_str(out: &mut String, k: &str, v: Option<&str>) {
    key(out, k, false);
    match v {
        Some(v) => push_json_str(out, v),
        None => out.push_str("null"),
    }
}

fn prop_num(out: &mut String, k: &str, v: Option<f64>) {
    key(out, k, false);
    push_num(out, v);
}

fn push_num(out: &mut String, v: Option<f64>) {
    match v {
        Some(x) if x.is_finite() => {
            // Rust prints the shortest text that reads back as the same f64.
            let _ = write!(out, "{x}");
        }
        _ => out.push_str("null"),
    }
}

fn push_json_str(out: &mut String, s: &str) {
    out.push_str(&serde_json::to_string(s).expect("a str always serialises"));
}

fn point(out: &mut String, p: LonLat) {
    out.push_str("{\"type\":\"Point\",\"coordinates\":");
    position(out, p.lon, p.lat);
    out.push('}');
}

fn position(out: &mut String, x: f64, y: f64) {
    out.push('[');
    push_num(out, Some(x));
    out.push(',');
    push_num(out, Some(y));
    out.push(']');
}

fn multipolygon(out: &mut String, mp: &geo::MultiPolygon) {
    out.push_str("{\"type\":\"MultiPolygon\",\"coordinates\":[");
    for (i, poly) in mp.0.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('[');
        for (r, ring) in std::iter::once(poly.exterior())
            .chain(poly.interiors())
            .enumerate()
        {
            if r > 0 {
                out.push(',');
            }
            out.push('[');
            for (c, coord) in ring.0.iter().enumerate() {
                if c > 0 {
                    out.push(',');
                }
                position(out, coord.x, coord.y);
            }
            out.push(']');
        }
        out.push(']');
    }
    out.push_str("]}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_strings_are_valid_json() {
        let mut s = String::new();
        push_num(&mut s, Some(34.0));
        s.push(' ');
        push_num(&mut s, Some(0.1));
        s.push(' ');
        push_num(&mut s, None);
        s.push(' ');
        push_json_str(&mut s, "Třeboň \"A\"");
        assert_eq!(s, r#"34 0.1 null "Třeboň \"A\"""#);
    }
}
