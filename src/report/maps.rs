//! Maps: `municipalities.geojson`, `providers.geojson`, `comparison.geojson` and
//! `sites.geojson`, RFC 7946.
//!
//! Written by hand rather than through a JSON map so that properties keep a fixed, readable
//! order in QGIS's attribute table. Polygons are always MultiPolygons (one geometry type per
//! layer, so QGIS opens one layer, not sublayers), with exterior rings counter-clockwise as
//! RFC 7946 asks. Numbers without a value (coverage where need is 0) are `null`.

#![allow(
    clippy::indexing_slicing,
    reason = "indices are positions in the study's own lists (units, origins, services, groups, providers, columns), which load builds together and checks once; tables and maps are built per unit and per service of that study"
)]

use geo::winding_order::{Winding, WindingOrder};
use rayon::prelude::*;

use crate::compare::Compared;
use crate::gap::{ProviderLoad, UnitGap};
use crate::model::{Candidates, LonLat, Shape, Study};
use crate::site::Plan;

/// `"in_region": true|false`: whether a unit is counted, or is context around the region.
pub(crate) fn prop_in_region(out: &mut String, in_region: bool) {
    out.push_str(if in_region {
        ",\"in_region\":true"
    } else {
        ",\"in_region\":false"
    });
}

/// One feature per unit with `<service>_need`, `_supply`, `_gap` and `_coverage`.
/// `gaps` must be unit-major with every service per unit, as [`crate::gap::unit_gaps`] makes it.
pub fn units(study: &Study, gaps: &[UnitGap]) -> Vec<u8> {
    let n = study.services.len();
    let keys: Vec<[String; 4]> = study
        .services
        .iter()
        .map(|s| ["need", "supply", "gap", "coverage"].map(|k| format!("{}_{k}", s.id)))
        .collect();
    collection(study.units.len(), |u, out| {
        let unit = &study.units[u];
        out.push_str("{\"type\":\"Feature\",\"properties\":{");
        prop_str(out, "unit_id", &unit.id, true);
        prop_str(out, "unit_name", &unit.name, false);
        prop_in_region(out, unit.in_region);
        for g in &gaps[u * n..(u + 1) * n] {
            let [need, supply, gap, coverage] = &keys[g.service];
            prop_num(out, need, Some(g.need));
            prop_num(out, supply, Some(g.supply));
            prop_num(out, gap, Some(g.gap));
            prop_num(out, coverage, g.coverage);
        }
        out.push_str("},\"geometry\":");
        shape(out, &unit.shape);
        out.push('}');
    })
}

/// One feature per unit of the first scenario with, per service, `<service>_gap_<first>` and,
/// for every later scenario, `<service>_gap_<scenario>` and `<service>_delta_gap_<scenario>`:
/// a map of who gains (negative delta) and who loses.
pub fn comparison(studies: &[&Study], rows: &[Compared]) -> Vec<u8> {
    let first = studies[0];
    let n = first.services.len();
    let keys: Vec<Vec<(String, Option<String>)>> = first
        .services
        .iter()
        .map(|svc| {
            studies
                .iter()
                .enumerate()
                .map(|(s, st)| {
                    let name = st.name.as_str();
                    let delta = (s > 0).then(|| format!("{}_delta_gap_{name}", svc.id));
                    (format!("{}_gap_{name}", svc.id), delta)
                })
                .collect()
        })
        .collect();
    collection(first.units.len(), |u, out| {
        let unit = &first.units[u];
        out.push_str("{\"type\":\"Feature\",\"properties\":{");
        prop_str(out, "unit_id", &unit.id, true);
        prop_str(out, "unit_name", &unit.name, false);
        prop_in_region(out, unit.in_region);
        for r in &rows[u * n..(u + 1) * n] {
            for (s, (gap, delta)) in keys[r.service].iter().enumerate() {
                prop_num(out, gap, Some(r.gap[s]));
                if let Some(delta) = delta {
                    prop_num(out, delta, Some(r.delta_gap(s)));
                }
            }
        }
        out.push_str("},\"geometry\":");
        shape(out, &unit.shape);
        out.push('}');
    })
}

pub(crate) fn shape(out: &mut String, shape: &Shape) {
    match shape {
        Shape::Polygons(mp) => multipolygon(out, mp),
        Shape::Point(p) => point(out, *p),
        Shape::None => out.push_str("null"),
    }
}

/// One point per provider with `id, name, service, capacity, demand_in_reach, load`, and the
/// municipality that holds it. A provider known only by its service area has no geometry.
pub fn providers(study: &Study, loads: &[ProviderLoad]) -> Vec<u8> {
    collection(study.providers.len(), |i, out| {
        let (p, l) = (&study.providers[i], &loads[i]);
        out.push_str("{\"type\":\"Feature\",\"properties\":{");
        prop_str(out, "id", &p.id, true);
        prop_str(out, "name", &p.name, false);
        prop_str(out, "service", &study.services[p.service].id, false);
        prop_num(out, "capacity", Some(p.capacity.get()));
        prop_num(out, "demand_in_reach", Some(l.demand_in_reach));
        prop_num(out, "load", l.load);
        let host = p.host.map(|u| study.units[u].id.as_str());
        prop_opt_str(out, "unit_id", host);
        let area = p.area.as_ref().map(|a| {
            a.iter()
                .map(|&u| study.units[u].id.as_str())
                .collect::<Vec<_>>()
                .join(";")
        });
        prop_opt_str(out, "area", area.as_deref());
        out.push_str("},\"geometry\":");
        match p.location {
            Some(at) => point(out, at),
            None => out.push_str("null"),
        }
        out.push('}');
    })
}

/// A FeatureCollection of `len` features, one per line, rendered in parallel and joined in
/// order, so the bytes do not depend on the threads.
pub(crate) fn collection(len: usize, feature: impl Fn(usize, &mut String) + Sync) -> Vec<u8> {
    let features: Vec<String> = (0..len)
        .into_par_iter()
        .with_min_len(64)
        .map(|i| {
            let mut s = String::with_capacity(512);
            feature(i, &mut s);
            s
        })
        .collect();
    let mut out = String::with_capacity(features.iter().map(|f| f.len() + 2).sum::<usize>() + 64);
    out.push_str("{\"type\":\"FeatureCollection\",\"features\":[\n");
    out.push_str(&features.join(",\n"));
    out.push_str("\n]}\n");
    out.into_bytes()
}

pub(crate) fn key(out: &mut String, k: &str, first: bool) {
    if !first {
        out.push(',');
    }
    push_json_str(out, k);
    out.push(':');
}

pub(crate) fn prop_str(out: &mut String, k: &str, v: &str, first: bool) {
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

pub(crate) fn prop_num(out: &mut String, k: &str, v: Option<f64>) {
    key(out, k, false);
    push_num(out, v);
}

fn push_num(out: &mut String, v: Option<f64>) {
    match v {
        // The shortest text that reads back as the same f64; whole numbers end in ".0".
        Some(x) if x.is_finite() => out.push_str(ryu::Buffer::new().format_finite(x)),
        _ => out.push_str("null"),
    }
}

/// `s` as a JSON string, quoted and escaped.
fn push_json_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => {
                let _ = std::fmt::Write::write_fmt(out, format_args!("\\u{:04x}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

pub(crate) fn point(out: &mut String, p: LonLat) {
    out.push_str("{\"type\":\"Point\",\"coordinates\":");
    position(out, p.lon(), p.lat());
    out.push('}');
}

fn position(out: &mut String, x: f64, y: f64) {
    out.push('[');
    push_num(out, Some(x));
    out.push(',');
    push_num(out, Some(y));
    out.push(']');
}

/// Writes a MultiPolygon with RFC 7946 winding: exterior rings counter-clockwise, holes
/// clockwise. A ring the other way round is written backwards rather than copied.
fn multipolygon(out: &mut String, mp: &geo::MultiPolygon) {
    out.push_str("{\"type\":\"MultiPolygon\",\"coordinates\":[");
    for (i, poly) in mp.0.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('[');
        ring(out, poly.exterior(), true);
        for hole in poly.interiors() {
            out.push(',');
            ring(out, hole, false);
        }
        out.push(']');
    }
    out.push_str("]}");
}

fn ring(out: &mut String, ring: &geo::LineString, counter_clockwise: bool) {
    let ccw = ring.winding_order() != Some(WindingOrder::Clockwise);
    let coords: Box<dyn Iterator<Item = &geo::Coord>> = if ccw == counter_clockwise {
        Box::new(ring.0.iter())
    } else {
        Box::new(ring.0.iter().rev())
    };
    out.push('[');
    for (k, c) in coords.enumerate() {
        if k > 0 {
            out.push(',');
        }
        position(out, c.x, c.y);
    }
    out.push(']');
}

/// `sites.geojson`: the chosen sites, in order of choice, as points (no geometry for a
/// candidate known only to the cost matrix).
pub fn sites(study: &Study, candidates: &Candidates, plan: &Plan) -> Vec<u8> {
    let service = &study.services[plan.siting.service].id;
    collection(plan.chosen.len(), |i, out| {
        let pick = &plan.chosen[i];
        let site = &candidates.sites[pick.candidate];
        out.push_str("{\"type\":\"Feature\",\"properties\":{");
        prop_str(out, "id", &site.id, true);
        key(out, "order", false);
        out.push_str(&(i + 1).to_string());
        prop_str(out, "name", &site.name, false);
        prop_str(out, "service", service, false);
        prop_str(out, "objective", plan.siting.objective.name(), false);
        prop_num(out, "value", Some(pick.value));
        prop_num(out, "gain", Some(pick.gain));
        prop_num(out, "gain_alone", Some(plan.alone[pick.candidate]));
        out.push_str("},\"geometry\":");
        match site.location {
            Some(at) => point(out, at),
            None => out.push_str("null"),
        }
        out.push('}');
    })
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
        assert_eq!(s, r#"34.0 0.1 null "Třeboň \"A\"""#);
    }
}
