//! The GeoJSON FeatureCollection as bytes become features, in one pass: properties as JSON,
//! coordinates straight into `geo` coordinate lists.
//!
//! Serde's derived readers of GeoJSON buffer every geometry (the `type` member may follow the
//! coordinates, and foreign members are kept), so each coordinate was parsed twice. Here the
//! coordinates are read by their nesting, whatever the order of the members, and checked
//! against the type once the geometry's object ends. A country's 5.7 MB of polygons reads in
//! half the time.

use std::fmt;

use geo::Coord;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value as Json;

/// One feature as read: its properties (empty when `null`) and its geometry (`None` when
/// `null` or missing).
pub struct RawFeature {
    pub properties: serde_json::Map<String, Json>,
    pub geometry: Option<Geometry>,
}

/// A geometry in lon/lat or S-JTSK, as its type and nesting say. Positions keep their first
/// two numbers.
#[derive(Debug, Clone, PartialEq)]
pub enum Geometry {
    Point(Coord),
    MultiPoint(Vec<Coord>),
    LineString(Vec<Coord>),
    MultiLineString(Vec<Vec<Coord>>),
    /// Rings: the exterior, then the holes.
    Polygon(Vec<Vec<Coord>>),
    MultiPolygon(Vec<Vec<Vec<Coord>>>),
    /// A GeometryCollection, read for its name only: no reader of gapmap takes one.
    Collection,
}

impl Geometry {
    /// The GeoJSON type name.
    pub fn type_name(&self) -> &'static str {
        match self {
            Geometry::Point(_) => "Point",
            Geometry::MultiPoint(_) => "MultiPoint",
            Geometry::LineString(_) => "LineString",
            Geometry::MultiLineString(_) => "MultiLineString",
            Geometry::Polygon(_) => "Polygon",
            Geometry::MultiPolygon(_) => "MultiPolygon",
            Geometry::Collection => "GeometryCollection",
        }
    }

    /// The first position, if any.
    pub fn first_position(&self) -> Option<Coord> {
        match self {
            Geometry::Point(c) => Some(*c),
            Geometry::MultiPoint(l) | Geometry::LineString(l) => l.first().copied(),
            Geometry::MultiLineString(l) | Geometry::Polygon(l) => {
                l.iter().flatten().next().copied()
            }
            Geometry::MultiPolygon(l) => l.iter().flatten().flatten().next().copied(),
            Geometry::Collection => None,
        }
    }
}

/// What a FeatureCollection holds: its features in file order and its `crs` member, if any.
pub struct Collection {
    pub features: Vec<RawFeature>,
    pub crs: Option<Json>,
}

/// Why bytes are not a FeatureCollection.
#[derive(Debug)]
pub enum ParseError {
    /// Valid JSON of another GeoJSON type, or of none (names the type found).
    NotACollection(Option<String>),
    /// Invalid JSON or GeoJSON; serde_json's message, with the line and column.
    Invalid(serde_json::Error),
}

/// Parses a FeatureCollection.
pub fn parse(text: &str) -> Result<Collection, ParseError> {
    let top: Top = serde_json::from_str(text).map_err(ParseError::Invalid)?;
    match (top.kind.as_deref(), top.features) {
        (Some("FeatureCollection"), Some(features)) => Ok(Collection {
            features,
            crs: top.crs,
        }),
        (Some("FeatureCollection"), None) => Err(ParseError::Invalid(de::Error::custom(
            "a FeatureCollection needs its `features` member",
        ))),
        (kind, _) => Err(ParseError::NotACollection(kind.map(str::to_string))),
    }
}

/// The top-level object: its `type`, `features` and `crs`; any other member is skipped.
struct Top {
    kind: Option<String>,
    features: Option<Vec<RawFeature>>,
    crs: Option<Json>,
}

impl<'de> de::Deserialize<'de> for Top {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct TopVisitor;
        impl<'de> Visitor<'de> for TopVisitor {
            type Value = Top;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a GeoJSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Top, A::Error> {
                let mut top = Top {
                    kind: None,
                    features: None,
                    crs: None,
                };
                while let Some(key) = map.next_key::<Key>()? {
                    match key {
                        Key::Type => top.kind = Some(map.next_value()?),
                        Key::Features => top.features = Some(map.next_value_seed(Features)?),
                        Key::Crs => top.crs = Some(map.next_value()?),
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(top)
            }
        }
        d.deserialize_map(TopVisitor)
    }
}

/// A member name, as far as gapmap reads it: the members it knows, without allocating.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Key {
    Type,
    Features,
    Crs,
    Properties,
    Geometry,
    Coordinates,
    Other,
}

impl<'de> de::Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a member name")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
                Ok(match v {
                    "type" => Key::Type,
                    "features" => Key::Features,
                    "crs" => Key::Crs,
                    "properties" => Key::Properties,
                    "geometry" => Key::Geometry,
                    "coordinates" => Key::Coordinates,
                    _ => Key::Other,
                })
            }
        }
        d.deserialize_identifier(KeyVisitor)
    }
}

/// The `features` array; each element must be a Feature object.
struct Features;

impl<'de> DeserializeSeed<'de> for Features {
    type Value = Vec<RawFeature>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Features {
    type Value = Vec<RawFeature>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of features")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1 << 16));
        while let Some(f) = seq.next_element::<FeatureObject>()? {
            out.push(f.0);
        }
        Ok(out)
    }
}

struct FeatureObject(RawFeature);

impl<'de> de::Deserialize<'de> for FeatureObject {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct FeatureVisitor;
        impl<'de> Visitor<'de> for FeatureVisitor {
            type Value = FeatureObject;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a Feature object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FeatureObject, A::Error> {
                let mut kind: Option<Kind> = None;
                let mut properties = serde_json::Map::new();
                let mut geometry = None;
                while let Some(key) = map.next_key::<Key>()? {
                    match key {
                        Key::Type => kind = Some(map.next_value()?),
                        Key::Properties => {
                            properties = map
                                .next_value::<Option<serde_json::Map<String, Json>>>()?
                                .unwrap_or_default();
                        }
                        Key::Geometry => {
                            geometry = map.next_value::<Option<GeometryObject>>()?.map(|g| g.0);
                        }
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                match kind {
                    Some(Kind::Feature) => Ok(FeatureObject(RawFeature {
                        properties,
                        geometry,
                    })),
                    Some(Kind::Other(other)) => Err(de::Error::custom(format!(
                        "a member of `features` has type {other:?}, not \"Feature\""
                    ))),
                    None => Err(de::Error::custom(
                        "a member of `features` has no `type` (\"Feature\")",
                    )),
                }
            }
        }
        d.deserialize_map(FeatureVisitor)
    }
}

/// A `type` member's value: "Feature", which every feature has, without allocating; any other
/// as written.
enum Kind {
    Feature,
    Other(String),
}

impl<'de> de::Deserialize<'de> for Kind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KindVisitor;
        impl Visitor<'_> for KindVisitor {
            type Value = Kind;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a type name")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Kind, E> {
                Ok(match v {
                    "Feature" => Kind::Feature,
                    other => Kind::Other(other.to_string()),
                })
            }
        }
        d.deserialize_str(KindVisitor)
    }
}

struct GeometryObject(Geometry);

impl<'de> de::Deserialize<'de> for GeometryObject {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct GeometryVisitor;
        impl<'de> Visitor<'de> for GeometryVisitor {
            type Value = GeometryObject;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a geometry object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<GeometryObject, A::Error> {
                let mut kind: Option<Kind> = None;
                let mut coordinates = None;
                while let Some(key) = map.next_key::<Key>()? {
                    match key {
                        Key::Type => kind = Some(map.next_value()?),
                        Key::Coordinates => coordinates = Some(map.next_value::<Nested>()?),
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                let kind = match kind {
                    Some(Kind::Feature) => "Feature",
                    Some(Kind::Other(ref k)) => k.as_str(),
                    None => return Err(de::Error::custom("a geometry has no `type`")),
                };
                geometry(kind, coordinates)
                    .map(GeometryObject)
                    .map_err(de::Error::custom)
            }
        }
        d.deserialize_map(GeometryVisitor)
    }
}

/// The geometry of type `kind` with `coordinates`, when their nesting fits the type.
fn geometry(kind: &str, coordinates: Option<Nested>) -> Result<Geometry, String> {
    if kind == "GeometryCollection" {
        return Ok(Geometry::Collection);
    }
    let Some(coordinates) = coordinates else {
        return Err(format!("a {kind} has no `coordinates`"));
    };
    let depth = coordinates.depth();
    let geometry = match (kind, coordinates) {
        ("Point", Nested::Position(c)) => Geometry::Point(c),
        ("MultiPoint", Nested::Empty) => Geometry::MultiPoint(Vec::new()),
        ("MultiPoint", Nested::Line(l)) => Geometry::MultiPoint(l),
        ("LineString", Nested::Empty) => Geometry::LineString(Vec::new()),
        ("LineString", Nested::Line(l)) => Geometry::LineString(l),
        ("MultiLineString", Nested::Empty) => Geometry::MultiLineString(Vec::new()),
        ("MultiLineString", Nested::Lines(l)) => Geometry::MultiLineString(l),
        ("Polygon", Nested::Empty) => Geometry::Polygon(Vec::new()),
        ("Polygon", Nested::Lines(l)) => Geometry::Polygon(l),
        ("MultiPolygon", Nested::Empty) => Geometry::MultiPolygon(Vec::new()),
        ("MultiPolygon", Nested::Polygons(p)) => Geometry::MultiPolygon(p),
        (
            "Point" | "MultiPoint" | "LineString" | "MultiLineString" | "Polygon" | "MultiPolygon",
            _,
        ) => {
            let wanted = match kind {
                "Point" => "a position [x, y]",
                "MultiPoint" | "LineString" => "an array of positions",
                "MultiLineString" | "Polygon" => "an array of arrays of positions",
                _ => "an array of polygons, each an array of rings",
            };
            return Err(format!(
                "the coordinates of a {kind} must be {wanted}, not {depth}"
            ));
        }
        (other, _) => return Err(format!("unknown geometry type {other:?}")),
    };
    Ok(geometry)
}

/// Coordinates of any nesting, before the type says which nesting is right.
enum Nested {
    /// `[]`: no positions, at any depth.
    Empty,
    Position(Coord),
    Line(Vec<Coord>),
    Lines(Vec<Vec<Coord>>),
    Polygons(Vec<Vec<Vec<Coord>>>),
}

impl Nested {
    fn depth(&self) -> &'static str {
        match self {
            Nested::Empty => "an empty array",
            Nested::Position(_) => "a position",
            Nested::Line(_) => "an array of positions",
            Nested::Lines(_) => "an array of arrays of positions",
            Nested::Polygons(_) => "an array of polygons",
        }
    }
}

impl<'de> de::Deserialize<'de> for Nested {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_seq(NestedVisitor)
    }
}

struct NestedVisitor;

/// An element of a coordinates array: a number of a position, or a deeper array.
enum Element {
    Number(f64),
    Nested(Nested),
}

impl<'de> de::Deserialize<'de> for Element {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ElementVisitor;
        impl<'de> Visitor<'de> for ElementVisitor {
            type Value = Element;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number or an array of coordinates")
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Element, E> {
                Ok(Element::Number(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Element, E> {
                Ok(Element::Number(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Element, E> {
                Ok(Element::Number(v as f64))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Element, A::Error> {
                NestedVisitor.visit_seq(seq).map(Element::Nested)
            }
        }
        d.deserialize_any(ElementVisitor)
    }
}

impl<'de> Visitor<'de> for NestedVisitor {
    type Value = Nested;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of coordinates")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Nested, A::Error> {
        let Some(first) = seq.next_element::<Element>()? else {
            return Ok(Nested::Empty);
        };
        match first {
            Element::Number(x) => {
                // A position: two numbers or more (an elevation is read and dropped).
                let mut numbers = 1;
                let mut y = None;
                while let Some(e) = seq.next_element::<Element>()? {
                    let Element::Number(v) = e else {
                        return Err(mixed());
                    };
                    if numbers == 1 {
                        y = Some(v);
                    }
                    numbers += 1;
                }
                let y = y.ok_or_else(|| {
                    de::Error::custom("a position needs two numbers, [x, y]; it has one")
                })?;
                Ok(Nested::Position(Coord { x, y }))
            }
            // Every element has the first one's nesting, collected straight into its list.
            Element::Nested(Nested::Position(c)) => self.visit_rest(seq, Nested::Line(vec![c])),
            Element::Nested(Nested::Line(l)) => self.visit_rest(seq, Nested::Lines(vec![l])),
            Element::Nested(Nested::Lines(p)) => self.visit_rest(seq, Nested::Polygons(vec![p])),
            Element::Nested(Nested::Polygons(_)) => Err(de::Error::custom(
                "coordinates are nested deeper than a MultiPolygon's",
            )),
            // Leading empty arrays fit any nesting: the first non-empty one decides.
            Element::Nested(Nested::Empty) => {
                let mut empties = 1;
                while let Some(e) = seq.next_element::<Element>()? {
                    let with = |n: usize, list: Nested| Self::empties_then(n, list);
                    match e {
                        Element::Nested(Nested::Empty) => empties += 1,
                        Element::Nested(Nested::Line(l)) => {
                            let rest = NestedVisitor.visit_rest(seq, Nested::Lines(vec![l]))?;
                            return with(empties, rest).ok_or_else(mixed);
                        }
                        Element::Nested(Nested::Lines(l)) => {
                            let rest = NestedVisitor.visit_rest(seq, Nested::Polygons(vec![l]))?;
                            return with(empties, rest).ok_or_else(mixed);
                        }
                        _ => return Err(mixed()),
                    }
                }
                // Only empty arrays: rings or polygons without positions.
                Ok(Nested::Lines(vec![Vec::new(); empties]))
            }
        }
    }
}

/// The error of a list whose elements are not all nested alike.
fn mixed<E: de::Error>() -> E {
    E::custom("coordinates mix positions of different nesting")
}

impl NestedVisitor {
    /// The rest of a list that began with `list`'s one element, at its nesting.
    fn visit_rest<'de, A: SeqAccess<'de>>(
        self,
        mut seq: A,
        list: Nested,
    ) -> Result<Nested, A::Error> {
        match list {
            Nested::Line(mut line) => {
                while let Some(e) = seq.next_element::<Element>()? {
                    match e {
                        Element::Nested(Nested::Position(c)) => line.push(c),
                        _ => return Err(mixed()),
                    }
                }
                Ok(Nested::Line(line))
            }
            Nested::Lines(mut lines) => {
                while let Some(e) = seq.next_element::<Element>()? {
                    match e {
                        Element::Nested(Nested::Line(l)) => lines.push(l),
                        Element::Nested(Nested::Empty) => lines.push(Vec::new()),
                        _ => return Err(mixed()),
                    }
                }
                Ok(Nested::Lines(lines))
            }
            Nested::Polygons(mut polygons) => {
                while let Some(e) = seq.next_element::<Element>()? {
                    match e {
                        Element::Nested(Nested::Lines(p)) => polygons.push(p),
                        Element::Nested(Nested::Empty) => polygons.push(Vec::new()),
                        _ => return Err(mixed()),
                    }
                }
                Ok(Nested::Polygons(polygons))
            }
            other => Ok(other),
        }
    }

    /// `list` with `n` empty elements before it.
    fn empties_then(n: usize, list: Nested) -> Option<Nested> {
        match list {
            Nested::Lines(l) => Some(Nested::Lines(
                std::iter::repeat_n(Vec::new(), n).chain(l).collect(),
            )),
            Nested::Polygons(p) => Some(Nested::Polygons(
                std::iter::repeat_n(Vec::new(), n).chain(p).collect(),
            )),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn geometry_of(json: &str) -> Result<Option<Geometry>, String> {
        let text = format!(
            r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","properties":null,"geometry":{json}}}]}}"#
        );
        match parse(&text) {
            Ok(mut c) => Ok(c.features.remove(0).geometry),
            Err(ParseError::Invalid(e)) => Err(e.to_string()),
            Err(ParseError::NotACollection(k)) => Err(format!("not a collection: {k:?}")),
        }
    }

    fn c(x: f64, y: f64) -> Coord {
        Coord { x, y }
    }

    #[test]
    fn every_type_reads_whatever_the_order_of_its_members() {
        assert_eq!(
            geometry_of(r#"{"coordinates":[15,50.5,300],"type":"Point"}"#),
            Ok(Some(Geometry::Point(c(15.0, 50.5))))
        );
        assert_eq!(
            geometry_of(r#"{"type":"LineString","coordinates":[[1,2],[3,4]]}"#),
            Ok(Some(Geometry::LineString(vec![c(1.0, 2.0), c(3.0, 4.0)])))
        );
        let ring = vec![c(0.0, 0.0), c(1.0, 0.0), c(1.0, 1.0), c(0.0, 0.0)];
        assert_eq!(
            geometry_of(
                r#"{"type":"Polygon","bbox":[0,0,1,1],"coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}"#
            ),
            Ok(Some(Geometry::Polygon(vec![ring.clone()])))
        );
        assert_eq!(
            geometry_of(
                r#"{"coordinates":[[[[0,0],[1,0],[1,1],[0,0]]],[]],"type":"MultiPolygon"}"#
            ),
            Ok(Some(Geometry::MultiPolygon(vec![vec![ring], vec![]])))
        );
        assert_eq!(
            geometry_of(r#"{"type":"MultiPolygon","coordinates":[]}"#),
            Ok(Some(Geometry::MultiPolygon(vec![])))
        );
        assert_eq!(geometry_of("null"), Ok(None));
        assert_eq!(
            geometry_of(r#"{"type":"GeometryCollection","geometries":[]}"#),
            Ok(Some(Geometry::Collection))
        );
    }

    #[test]
    fn a_nesting_that_does_not_fit_the_type_is_an_error_that_says_so() {
        let cases = [
            (
                r#"{"type":"Polygon","coordinates":[[0,0],[1,0]]}"#,
                "the coordinates of a Polygon must be an array of arrays of positions, not an array of positions",
            ),
            (r#"{"type":"Point","coordinates":[1]}"#, "needs two numbers"),
            (r#"{"type":"LineString","coordinates":[[1,2],3]}"#, "mix"),
            (
                r#"{"type":"MultiPolygon","coordinates":[[[[[0,0]]]]]}"#,
                "nested deeper",
            ),
            (r#"{"type":"Polygon"}"#, "has no `coordinates`"),
            (r#"{"coordinates":[1,2]}"#, "has no `type`"),
            (
                r#"{"type":"Circle","coordinates":[1,2]}"#,
                "unknown geometry type",
            ),
            (
                r#"{"type":"Point","coordinates":["1","2"]}"#,
                "invalid type",
            ),
        ];
        for (json, message) in cases {
            let err = geometry_of(json).unwrap_err();
            assert!(err.contains(message), "{json}: {err}");
        }
    }

    #[test]
    fn only_a_feature_collection_is_one() {
        for (text, kind) in [
            (
                r#"{"type":"Feature","properties":{},"geometry":null}"#,
                Some("Feature"),
            ),
            (r#"{"features":[]}"#, None),
        ] {
            match parse(text) {
                Err(ParseError::NotACollection(k)) => assert_eq!(k.as_deref(), kind),
                _ => panic!("{text} was taken"),
            }
        }
        let err = parse(r#"{"type":"FeatureCollection","features":[{"type":"Point"}]}"#);
        assert!(
            matches!(err, Err(ParseError::Invalid(e)) if e.to_string().contains("has type \"Point\""))
        );
        let ok = parse(
            r#"{"crs":{"type":"name","properties":{"name":"EPSG:5514"}},"type":"FeatureCollection","features":[{"type":"Feature","id":7,"properties":{"a":1},"geometry":null}]}"#,
        );
        let ok = ok.ok().unwrap();
        assert_eq!(ok.features.len(), 1);
        assert_eq!(ok.features[0].properties["a"], 1);
        assert!(ok.crs.unwrap().to_string().contains("5514"));
    }
}
