//! Maps as hand-written SVG: the units projected for Czech latitudes, simplified, defined once
//! and drawn by every map with its own fills.
//!
//! Projection: x = (lon − lon₀) · cos φ₀, y = φ₀' − lat (degrees, north up), with φ₀ the middle
//! latitude of the study, scaled to a drawing 1,000 units wide. At 50° N this keeps shapes
//! within 1 % of true over a region, and within about 3 % across Czechia.

use geo::{LineString, MapCoords, MultiPolygon, Simplify};
use maud::{Markup, PreEscaped, html};

use crate::model::{LonLat, Shape, Study};

/// The drawing's width; its height follows the study's shape.
pub const WIDTH: f64 = 1000.0;

/// The size of a unit's name on a map, in drawing units (about 11 px on screen).
const LABEL_SIZE: f64 = 17.0;

/// Regions with more units than this get no names on their maps: they would crowd out.
const MAX_LABELLED: usize = 400;

/// The study's units, projected once.
pub struct Frame {
    pub height: f64,
    /// Drawing units per step of a written coordinate: a tenth for a region, a whole unit
    /// for a country-sized study (half a km), which keeps the file small.
    step: f64,
    /// Per unit: its path data, empty for a unit without a polygon.
    paths: Vec<String>,
    /// Per unit: a point that stands for it (its polygon's, or its own).
    pub anchors: Vec<Option<(f64, f64)>>,
    /// The names of the region's units that fit without overlapping, as SVG, drawn on every
    /// map; empty for a study too large to name its units.
    labels: String,
    lon0: f64,
    cos: f64,
    scale: f64,
    top: f64,
}

impl Frame {
    /// Projects every unit of `study`: its polygons simplified to half a drawing unit. The
    /// drawing holds every unit and provider.
    pub fn new(study: &Study) -> Frame {
        let points: Vec<LonLat> = study.providers.iter().filter_map(|p| p.location).collect();
        Frame::around(study, |_| true, &points)
    }

    /// As [`Frame::new`], but the drawing holds only the units `focus` takes and `points`:
    /// the others are drawn where they reach into it, cut at its edge.
    pub fn around(study: &Study, focus: impl Fn(usize) -> bool, points: &[LonLat]) -> Frame {
        let mut bounds = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        let mut grow = |p: LonLat| {
            bounds = (
                bounds.0.min(p.lon),
                bounds.1.min(p.lat),
                bounds.2.max(p.lon),
                bounds.3.max(p.lat),
            );
        };
        for (u, unit) in study.units.iter().enumerate() {
            if !focus(u) {
                continue;
            }
            match &unit.shape {
                Shape::Polygons(mp) => {
                    for c in mp.0.iter().flat_map(|p| p.exterior().coords()) {
                        grow(LonLat { lon: c.x, lat: c.y });
                    }
                }
                Shape::Point(p) => grow(*p),
                Shape::None => {}
            }
        }
        for &p in points {
            grow(p);
        }
        if bounds.0 > bounds.2 {
            bounds = (14.0, 49.0, 15.0, 50.0);
        }
        let lat0 = (bounds.1 + bounds.3) / 2.0;
        let cos = lat0.to_radians().cos();
        // A study along one meridian would have no width: its height then sets the scale, at
        // most 20 times the width (no real region is that narrow).
        let span = ((bounds.2 - bounds.0) * cos)
            .max((bounds.3 - bounds.1) / 20.0)
            .max(1e-6);
        let scale = WIDTH / span;
        let height = ((bounds.3 - bounds.1) * scale).max(1.0);
        let mut frame = Frame {
            height,
            step: if study.units.len() > 1500 { 1.0 } else { 0.1 },
            paths: Vec::new(),
            anchors: Vec::new(),
            labels: String::new(),
            lon0: bounds.0,
            cos,
            scale,
            top: bounds.3,
        };
        frame.paths = study
            .units
            .iter()
            .map(|u| match &u.shape {
                Shape::Polygons(mp) => frame.path(mp),
                _ => String::new(),
            })
            .collect();
        frame.anchors = study
            .units
            .iter()
            .map(|u| match &u.shape {
                Shape::Polygons(mp) => {
                    crate::load::representative_point(mp).map(|p| frame.project(p))
                }
                Shape::Point(p) => Some(frame.project(*p)),
                Shape::None => None,
            })
            .collect();
        frame.labels = frame.place_labels(study);
        frame
    }

    /// The region's unit names, placed greedily from the largest unit (by people, or by area
    /// without ages) so that no two overlap: each is centred on its unit's point, and one that
    /// would touch a name already placed is left out. Their halo keeps them legible on any fill.
    fn place_labels(&self, study: &Study) -> String {
        let region: Vec<usize> = (0..study.units.len())
            .filter(|&u| study.units[u].in_region && self.anchors[u].is_some())
            .collect();
        if region.is_empty() || region.len() > MAX_LABELLED {
            return String::new();
        }
        let weight = |u: usize| -> f64 {
            match (&study.ages, &study.units[u].shape) {
                (Some(ages), _) => ages[u].total,
                (None, Shape::Polygons(mp)) => geo::Area::unsigned_area(mp),
                _ => 0.0,
            }
        };
        let mut order = region;
        order.sort_by(|&a, &b| weight(b).total_cmp(&weight(a)).then(a.cmp(&b)));
        let mut placed: Vec<(f64, f64, f64, f64)> = Vec::new();
        let mut out = String::new();
        for u in order {
            let Some((x, y)) = self.anchors[u] else {
                continue;
            };
            let name = &study.units[u].name;
            // An estimate of the label's box: DejaVu Sans averages about 0.6 em a character.
            let half_w = 0.3 * LABEL_SIZE * name.chars().count() as f64 + 2.0;
            let half_h = 0.5 * LABEL_SIZE + 1.0;
            let b = (x - half_w, y - half_h, x + half_w, y + half_h);
            if placed
                .iter()
                .any(|p| b.0 < p.2 && p.0 < b.2 && b.1 < p.3 && p.1 < b.3)
            {
                continue;
            }
            placed.push(b);
            out.push_str(
                &html! {
                    text x=(r1(x)) y=(r1(y + 0.35 * LABEL_SIZE)) { (name) }
                }
                .into_string(),
            );
        }
        out
    }

    /// The names of the region's units, for the top of a map.
    pub fn labels(&self) -> Markup {
        html! {
            @if !self.labels.is_empty() {
                g class="labels" font-size=(LABEL_SIZE) { (PreEscaped(&self.labels)) }
            }
        }
    }

    /// A lon/lat position in drawing units.
    pub fn project(&self, p: LonLat) -> (f64, f64) {
        (
            (p.lon - self.lon0) * self.cos * self.scale,
            (self.top - p.lat) * self.scale,
        )
    }

    /// SVG path data of a polygon set: rings simplified, positions to a tenth of a unit, moves
    /// relative so that the text stays short.
    fn path(&self, mp: &MultiPolygon) -> String {
        let projected = mp.map_coords(|c| {
            let (x, y) = self.project(LonLat { lon: c.x, lat: c.y });
            geo::Coord { x, y }
        });
        let simple = projected.simplify(5.0 * self.step);
        let mut d = String::new();
        // Positions in steps; tenths print with one decimal, whole units without.
        let per_unit = (1.0 / self.step).round() as i64;
        let show = |v: i64| {
            if per_unit == 1 {
                v.to_string()
            } else {
                tenths(v)
            }
        };
        let mut ring = |line: &LineString| {
            let mut last: Option<(i64, i64)> = None;
            for c in line.coords() {
                let p = (
                    (c.x / self.step).round() as i64,
                    (c.y / self.step).round() as i64,
                );
                match last {
                    None => d.push_str(&format!("M{} {}", show(p.0), show(p.1))),
                    Some(q) if q == p => continue,
                    Some(q) => d.push_str(&format!("l{} {}", show(p.0 - q.0), show(p.1 - q.1))),
                }
                last = Some(p);
            }
            d.push('z');
        };
        for p in &simple.0 {
            ring(p.exterior());
            p.interiors().iter().for_each(&mut ring);
        }
        d
    }

    /// The shapes of every unit with a polygon, for a `<defs>` that every map reuses.
    pub fn defs(&self) -> Markup {
        html! {
            svg class="defs" width="0" height="0" aria-hidden="true" {
                defs {
                    @for (u, d) in self.paths.iter().enumerate() {
                        @if !d.is_empty() {
                            path id={ "u" (u) } d=(d) {}
                        }
                    }
                    @for k in 0..5 {
                        (marker_shape(k))
                    }
                }
            }
        }
    }

    /// Whether unit `u` has a shape to draw.
    pub fn has_shape(&self, u: usize) -> bool {
        !self.paths[u].is_empty()
    }

    /// The `viewBox` of a map, with a margin.
    pub fn view_box(&self) -> String {
        format!("-10 -10 {} {}", WIDTH + 20.0, (self.height + 20.0).round())
    }
}

/// Tenths as a number: 125 → "12.5", −30 → "-3".
fn tenths(v: i64) -> String {
    if v % 10 == 0 {
        (v / 10).to_string()
    } else {
        format!(
            "{}{}.{}",
            if v < 0 { "-" } else { "" },
            v.abs() / 10,
            v.abs() % 10
        )
    }
}

/// How a unit is drawn on a map: its fill and its tooltip.
pub struct Fill {
    pub colour: String,
    pub title: String,
}

/// A map of the units, each filled and titled, with `overlay` (points, labels) on top. A
/// map's colours are CSS variables on its `<svg>` (`--k0`, `--k1`, …) and each shape names
/// its class, which keeps a map of thousands of shapes short.
pub fn map(frame: &Frame, label: &str, fills: &[Fill], overlay: Markup) -> Markup {
    let mut palette: Vec<&str> = Vec::new();
    let class: Vec<usize> = fills
        .iter()
        .map(|f| match palette.iter().position(|c| *c == f.colour) {
            Some(i) => i,
            None => {
                palette.push(&f.colour);
                palette.len() - 1
            }
        })
        .collect();
    let vars: String = palette
        .iter()
        .enumerate()
        .map(|(i, c)| format!("--k{i}:{c};"))
        .collect();
    html! {
        svg class="map" viewBox=(frame.view_box()) role="img" aria-label=(label) style=(vars) {
            @for (u, f) in fills.iter().enumerate() {
                @if frame.has_shape(u) {
                    use href={ "#u" (u) } class={ "k" (class[u]) } {
                        title { (f.title) }
                    }
                } @else if let Some((x, y)) = frame.anchors[u] {
                    circle cx=(r1(x)) cy=(r1(y)) r="6" class={ "k" (class[u]) } stroke="#333" {
                        title { (f.title) }
                    }
                }
            }
            // Names under the markers: a marker is what a reader looks for.
            (frame.labels())
            (overlay)
        }
    }
}

/// One decimal, for coordinates.
pub fn r1(v: f64) -> String {
    format!("{:.1}", v)
}

/// The outline of marker `k` (circle, square, triangle, diamond, cross) around the origin, for
/// the `<defs>`: services differ by shape as well as colour.
fn marker_shape(k: usize) -> Markup {
    const S: f64 = 7.0;
    const SHAPES: [&[(f64, f64)]; 4] = [
        &[(-0.9, -0.9), (0.9, -0.9), (0.9, 0.9), (-0.9, 0.9)],
        &[(0.0, -1.2), (1.1, 0.8), (-1.1, 0.8)],
        &[(0.0, -1.2), (1.2, 0.0), (0.0, 1.2), (-1.2, 0.0)],
        &[
            (-0.4, -1.1),
            (0.4, -1.1),
            (0.4, -0.4),
            (1.1, -0.4),
            (1.1, 0.4),
            (0.4, 0.4),
            (0.4, 1.1),
            (-0.4, 1.1),
            (-0.4, 0.4),
            (-1.1, 0.4),
            (-1.1, -0.4),
            (-0.4, -0.4),
        ],
    ];
    match k {
        0 => html! { circle id="mk0" r=(S) {} },
        k => {
            let points: Vec<String> = SHAPES[k - 1]
                .iter()
                .map(|(dx, dy)| format!("{},{}", r1(dx * S), r1(dy * S)))
                .collect();
            html! { polygon id={ "mk" (k) } points=(points.join(" ")) {} }
        }
    }
}

/// A provider marker: the shape of its service, at (x, y), in `colour`, with its tooltip.
pub fn marker(shape: usize, x: f64, y: f64, colour: &str, title: &str) -> Markup {
    html! {
        use class="mk" href={ "#mk" (shape % 5) } x=(r1(x)) y=(r1(y)) fill=(colour) {
            title { (title) }
        }
    }
}

/// The same marker as a small standalone SVG, for a legend.
pub fn marker_swatch(shape: usize, colour: &str) -> Markup {
    html! {
        svg class="swatch" viewBox="-10 -10 20 20" width="16" height="16" aria-hidden="true" {
            (marker(shape, 0.0, 0.0, colour, ""))
        }
    }
}

/// A raw, already escaped SVG fragment.
pub fn raw(s: String) -> Markup {
    PreEscaped(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tenths_print_short() {
        assert_eq!(tenths(125), "12.5");
        assert_eq!(tenths(-30), "-3");
        assert_eq!(tenths(-5), "-0.5");
        assert_eq!(tenths(0), "0");
    }

    #[test]
    fn the_projection_keeps_czech_shapes() {
        // A square of 0.1° at 50° N is 0.1 · cos 50° ≈ 0.0643 wide against 0.1 high; scaled to
        // 1,000 units wide it is about 1,556 high.
        use crate::model::{Shape, Unit};
        let square = geo::MultiPolygon(vec![geo::Polygon::new(
            geo::LineString::from(vec![
                (15.0, 49.95),
                (15.1, 49.95),
                (15.1, 50.05),
                (15.0, 50.05),
                (15.0, 49.95),
            ]),
            vec![],
        )]);
        let study = Study {
            name: "t".try_into().unwrap(),
            units: vec![Unit {
                id: "1".into(),
                name: "A".into(),
                shape: Shape::Polygons(square),
                in_region: true,
            }],
            origins: vec![],
            columns: vec![],
            counts: vec![],
            groups: vec![],
            services: vec![],
            providers: vec![],
            costs: None,
            priorities: crate::model::Priorities {
                service: vec![],
                group: vec![],
            },
            ages: None,
            without_stop: vec![],
            questionnaires: vec![],
        };
        let f = Frame::new(&study);
        let ratio = 1.0 / 50f64.to_radians().cos();
        assert!((f.height / WIDTH - ratio).abs() < 1e-9, "{}", f.height);
        assert_eq!(
            f.project(LonLat {
                lon: 15.0,
                lat: 50.05
            }),
            (0.0, 0.0)
        );
        let (x, y) = f.project(LonLat {
            lon: 15.1,
            lat: 49.95,
        });
        assert!((x - 1000.0).abs() < 1e-9 && (y - f.height).abs() < 1e-9);
        // The ring from the south-west corner, counter-clockwise, in relative moves.
        let h = tenths((f.height * 10.0).round() as i64);
        assert_eq!(f.paths[0], format!("M0 {h}l1000 0l0 -{h}l-1000 0l0 {h}z"));
        assert_eq!(f.step, 0.1);
    }
}
