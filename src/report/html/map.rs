//! Maps as hand-written SVG: the units projected for Czech latitudes, simplified, defined once
//! and drawn by every map with its own fills.
//!
//! Projection: x = (lon − lon₀) · cos φ₀, y = φ₀' − lat (degrees, north up), with φ₀ the middle
//! latitude of the study, scaled to a drawing 1,000 units wide. At 50° N this keeps shapes
//! within 1 % of true over a region, and within about 3 % across Czechia.

#![allow(
    clippy::indexing_slicing,
    reason = "indices are positions in the study's own lists (units, origins, services, groups, providers, columns), which load builds together and checks once; tables and maps are built per unit and per service of that study"
)]

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
    /// The region's names with their units' points, in the order they are placed (largest
    /// unit first), for maps whose markers the names must avoid.
    names: Vec<(String, (f64, f64))>,
    /// Whether the study has context units (drawn grey, not counted).
    pub context: bool,
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
        let mut grow = |(lon, lat): (f64, f64)| {
            bounds = (
                bounds.0.min(lon),
                bounds.1.min(lat),
                bounds.2.max(lon),
                bounds.3.max(lat),
            );
        };
        for (u, unit) in study.units.iter().enumerate() {
            if !focus(u) {
                continue;
            }
            match &unit.shape {
                Shape::Polygons(mp) => {
                    for c in mp.0.iter().flat_map(|p| p.exterior().coords()) {
                        grow((c.x, c.y));
                    }
                }
                Shape::Point(p) => grow((p.lon(), p.lat())),
                Shape::None => {}
            }
        }
        for &p in points {
            grow((p.lon(), p.lat()));
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
            names: Vec::new(),
            context: study.units.iter().any(|u| !u.in_region),
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
        frame.names = frame.names_to_place(study);
        frame.labels = frame.place_labels(&[]);
        frame
    }

    /// The region's unit names to place, largest unit first (by people, or by area without
    /// ages); none for a study too large to name its units.
    fn names_to_place(&self, study: &Study) -> Vec<(String, (f64, f64))> {
        let region: Vec<usize> = (0..study.units.len())
            .filter(|&u| study.units[u].in_region && self.anchors[u].is_some())
            .collect();
        if region.len() > MAX_LABELLED {
            return Vec::new();
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
        order
            .into_iter()
            .filter_map(|u| Some((study.units[u].name.clone(), self.anchors[u]?)))
            .collect()
    }

    /// The names placed greedily in order so that none overlaps another or an obstacle (a
    /// marker's box): each centred on its unit's point, else just above, below, right or left
    /// of it; a name that fits nowhere is left out. Their halo keeps them legible on any fill.
    fn place_labels(&self, obstacles: &[Rect]) -> String {
        let mut placed: Vec<Rect> = obstacles.to_vec();
        let mut out = String::new();
        for (name, (x, y)) in &self.names {
            // An estimate of the label's box: DejaVu Sans averages about 0.6 em a character.
            let half_w = 0.3 * LABEL_SIZE * name.chars().count() as f64 + 2.0;
            let half_h = 0.5 * LABEL_SIZE + 1.0;
            // Off its place, a name clears a marker of up to about 20 units around the point.
            let (dx, dy) = (half_w + 22.0, half_h + 22.0);
            let spot = [(0.0, 0.0), (0.0, -dy), (0.0, dy), (dx, 0.0), (-dx, 0.0)]
                .into_iter()
                .map(|(ox, oy)| (x + ox, y + oy))
                .find(|&(cx, cy)| {
                    let b = Rect::around((cx, cy), half_w, half_h);
                    !placed.iter().any(|p| p.overlaps(&b))
                });
            let Some((cx, cy)) = spot else {
                continue;
            };
            placed.push(Rect::around((cx, cy), half_w, half_h));
            out.push_str(
                &html! {
                    text x=(r1(cx)) y=(r1(cy + 0.35 * LABEL_SIZE)) { (name) }
                }
                .into_string(),
            );
        }
        out
    }

    /// The names of the region's units, for the top of a map whose markers they must not
    /// hide: placed anew around `obstacles`.
    pub fn labels_around(&self, obstacles: &[Rect]) -> Markup {
        let labels = self.place_labels(obstacles);
        html! {
            @if !labels.is_empty() {
                g class="labels" font-size=(LABEL_SIZE) { (PreEscaped(labels)) }
            }
        }
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
        self.project_degrees(p.lon(), p.lat())
    }

    /// A position in degrees (a polygon's vertex) in drawing units.
    fn project_degrees(&self, lon: f64, lat: f64) -> (f64, f64) {
        (
            (lon - self.lon0) * self.cos * self.scale,
            (self.top - lat) * self.scale,
        )
    }

    /// SVG path data of a polygon set: rings simplified, positions to a tenth of a unit, moves
    /// relative so that the text stays short.
    fn path(&self, mp: &MultiPolygon) -> String {
        let projected = mp.map_coords(|c| {
            let (x, y) = self.project_degrees(c.x, c.y);
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

/// A box in drawing units: a label's, or a marker's that labels must leave free.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub min: (f64, f64),
    pub max: (f64, f64),
}

impl Rect {
    /// The box of half-width `w` and half-height `h` around `centre`.
    pub fn around(centre: (f64, f64), w: f64, h: f64) -> Rect {
        Rect {
            min: (centre.0 - w, centre.1 - h),
            max: (centre.0 + w, centre.1 + h),
        }
    }

    fn overlaps(&self, o: &Rect) -> bool {
        self.min.0 < o.max.0 && o.min.0 < self.max.0 && self.min.1 < o.max.1 && o.min.1 < self.max.1
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
    drawn(frame, label, fills, frame.labels(), overlay)
}

/// As [`map`], with the units' names placed so that none hides a marker in `obstacles`.
pub fn map_around(
    frame: &Frame,
    label: &str,
    fills: &[Fill],
    obstacles: &[Rect],
    overlay: Markup,
) -> Markup {
    drawn(frame, label, fills, frame.labels_around(obstacles), overlay)
}

fn drawn(frame: &Frame, label: &str, fills: &[Fill], labels: Markup, overlay: Markup) -> Markup {
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
            (labels)
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
            }]
            .into(),
            origins: Default::default(),
            columns: vec![],
            counts: Default::default(),
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
            outlook: None,
            population_year: None,
            closed: vec![],
        };
        let f = Frame::new(&study);
        let ratio = 1.0 / 50f64.to_radians().cos();
        assert!((f.height / WIDTH - ratio).abs() < 1e-9, "{}", f.height);
        assert_eq!(f.project(LonLat::new(15.0, 50.05).unwrap()), (0.0, 0.0));
        let (x, y) = f.project(LonLat::new(15.1, 49.95).unwrap());
        assert!((x - 1000.0).abs() < 1e-9 && (y - f.height).abs() < 1e-9);
        // The ring from the south-west corner, counter-clockwise, in relative moves.
        let h = tenths((f.height * 10.0).round() as i64);
        assert_eq!(f.paths[0], format!("M0 {h}l1000 0l0 -{h}l-1000 0l0 {h}z"));
        assert_eq!(f.step, 0.1);
    }
}
