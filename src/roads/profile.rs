//! Which roads a mode of travel uses, in which directions, and how fast: the car and walk
//! profiles of the README's "Travel on roads", from a way's OpenStreetMap tags.
//!
//! ```
//! use gapmap::roads::profile::Mode;
//! let road = Mode::Car.way([("highway", "primary"), ("maxspeed", "50")]).unwrap();
//! assert_eq!(road.kmh, 40.0); // 0.8 × maxspeed
//! assert!(road.forward && road.backward);
//! assert!(Mode::Car.way([("highway", "footway")]).is_none());
//! assert_eq!(Mode::Walk.way([("highway", "footway")]).unwrap().kmh, 5.0);
//! ```

use std::fmt;

/// How people travel on the roads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    #[default]
    Car,
    Walk,
}

/// The walking speed, km/h: on foot, and on every access leg between a point and its road.
pub const WALK_KMH: f64 = 5.0;

impl Mode {
    pub const NAMES: [&'static str; 2] = ["car", "walk"];

    pub fn parse(name: &str) -> Option<Mode> {
        match name {
            "car" => Some(Mode::Car),
            "walk" => Some(Mode::Walk),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Car => "car",
            Mode::Walk => "walk",
        }
    }

    /// How this mode uses a way with these tags; `None` when it does not.
    pub fn way<'a>(self, tags: impl IntoIterator<Item = (&'a str, &'a str)>) -> Option<Road> {
        let mut t = Tags::default();
        for (k, v) in tags {
            match k {
                "highway" => t.highway = Some(v),
                "maxspeed" => t.maxspeed = Some(v),
                "oneway" => t.oneway = Some(v),
                "junction" => t.junction = Some(v),
                "access" => t.access = Some(v),
                "motor_vehicle" => t.motor_vehicle = Some(v),
                "motorcar" => t.motorcar = Some(v),
                "foot" => t.foot = Some(v),
                _ => {}
            }
        }
        match self {
            Mode::Car => car(&t),
            Mode::Walk => walk(&t),
        }
    }
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a mode uses one way.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Road {
    pub kmh: f64,
    /// Travel in the way's node order is allowed.
    pub forward: bool,
    /// Travel against the way's node order is allowed.
    pub backward: bool,
}

#[derive(Default)]
struct Tags<'a> {
    highway: Option<&'a str>,
    maxspeed: Option<&'a str>,
    oneway: Option<&'a str>,
    junction: Option<&'a str>,
    access: Option<&'a str>,
    motor_vehicle: Option<&'a str>,
    motorcar: Option<&'a str>,
    foot: Option<&'a str>,
}

fn closed(v: Option<&str>) -> bool {
    matches!(v, Some("no" | "private"))
}

fn car(t: &Tags<'_>) -> Option<Road> {
    let highway = t.highway?;
    let kmh = match highway {
        "motorway" => 90.0,
        "motorway_link" => 45.0,
        "trunk" => 85.0,
        "trunk_link" => 40.0,
        "primary" => 65.0,
        "primary_link" => 30.0,
        "secondary" => 55.0,
        "secondary_link" => 25.0,
        "tertiary" => 40.0,
        "tertiary_link" => 20.0,
        "unclassified" | "residential" => 25.0,
        "living_street" => 10.0,
        "service" => 15.0,
        _ => return None,
    };
    if closed(t.access) || closed(t.motor_vehicle) || closed(t.motorcar) {
        return None;
    }
    let kmh = t.maxspeed.and_then(maxspeed).map_or(kmh, |m| 0.8 * m);
    let implied = matches!(highway, "motorway" | "motorway_link")
        || matches!(t.junction, Some("roundabout" | "circular"));
    let (forward, backward) = match t.oneway {
        Some("yes" | "true" | "1") => (true, false),
        Some("-1") => (false, true),
        Some("no") => (true, true),
        _ if implied => (true, false),
        _ => (true, true),
    };
    Some(Road {
        kmh,
        forward,
        backward,
    })
}

/// A numeric `maxspeed` in km/h (`mph` converted), or a Czech zone; `None` for anything else
/// (`none`, `signals`, `walk`, …), which leaves the road's own speed.
fn maxspeed(v: &str) -> Option<f64> {
    let v = v.trim();
    let zone = match v {
        "CZ:urban" => Some(50.0),
        "CZ:rural" => Some(90.0),
        "CZ:trunk" => Some(110.0),
        "CZ:motorway" => Some(130.0),
        _ => None,
    };
    if zone.is_some() {
        return zone;
    }
    let (number, factor) = match v.strip_suffix("mph") {
        Some(n) => (n.trim(), 1.609_344),
        None => (v.strip_suffix("km/h").unwrap_or(v).trim(), 1.0),
    };
    let kmh = number.parse::<f64>().ok()? * factor;
    (kmh.is_finite() && kmh > 0.0).then_some(kmh)
}

fn walk(t: &Tags<'_>) -> Option<Road> {
    let highway = t.highway?;
    if matches!(
        highway,
        "motorway" | "motorway_link" | "trunk" | "trunk_link" | "construction" | "proposed"
    ) || closed(t.foot)
        || closed(t.access)
    {
        return None;
    }
    Some(Road {
        kmh: WALK_KMH,
        forward: true,
        backward: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(mode: Mode, tags: &[(&str, &str)], expected: Option<(f64, bool, bool)>) {
        let got = mode
            .way(tags.iter().copied())
            .map(|r| (r.kmh, r.forward, r.backward));
        assert_eq!(got, expected, "{mode} {tags:?}");
    }

    #[test]
    fn car_speeds_and_maxspeed() {
        check(
            Mode::Car,
            &[("highway", "motorway")],
            Some((90.0, true, false)),
        );
        check(
            Mode::Car,
            &[("highway", "residential")],
            Some((25.0, true, true)),
        );
        check(
            Mode::Car,
            &[("highway", "service")],
            Some((15.0, true, true)),
        );
        check(Mode::Car, &[("highway", "track")], None);
        check(
            Mode::Car,
            &[("highway", "primary"), ("maxspeed", "70")],
            Some((56.0, true, true)),
        );
        check(
            Mode::Car,
            &[("highway", "primary"), ("maxspeed", "CZ:urban")],
            Some((40.0, true, true)),
        );
        check(
            Mode::Car,
            &[("highway", "motorway"), ("maxspeed", "CZ:motorway")],
            Some((104.0, true, false)),
        );
        check(
            Mode::Car,
            &[("highway", "trunk"), ("maxspeed", "CZ:trunk")],
            Some((88.0, true, true)),
        );
        check(
            Mode::Car,
            &[("highway", "secondary"), ("maxspeed", "CZ:rural")],
            Some((72.0, true, true)),
        );
        check(
            Mode::Car,
            &[("highway", "primary"), ("maxspeed", "none")],
            Some((65.0, true, true)),
        );
        check(
            Mode::Car,
            &[("highway", "primary"), ("maxspeed", "0")],
            Some((65.0, true, true)),
        );
        check(
            Mode::Car,
            &[("highway", "primary"), ("maxspeed", "-5")],
            Some((65.0, true, true)),
        );
    }

    #[test]
    fn car_one_ways_and_access() {
        check(
            Mode::Car,
            &[("highway", "residential"), ("oneway", "yes")],
            Some((25.0, true, false)),
        );
        check(
            Mode::Car,
            &[("highway", "residential"), ("oneway", "1")],
            Some((25.0, true, false)),
        );
        check(
            Mode::Car,
            &[("highway", "residential"), ("oneway", "true")],
            Some((25.0, true, false)),
        );
        check(
            Mode::Car,
            &[("highway", "residential"), ("oneway", "-1")],
            Some((25.0, false, true)),
        );
        check(
            Mode::Car,
            &[("highway", "motorway_link"), ("oneway", "no")],
            Some((45.0, true, true)),
        );
        check(
            Mode::Car,
            &[("highway", "tertiary"), ("junction", "roundabout")],
            Some((40.0, true, false)),
        );
        check(
            Mode::Car,
            &[("highway", "tertiary"), ("junction", "circular")],
            Some((40.0, true, false)),
        );
        check(
            Mode::Car,
            &[("highway", "residential"), ("access", "private")],
            None,
        );
        check(
            Mode::Car,
            &[("highway", "residential"), ("motor_vehicle", "no")],
            None,
        );
        check(
            Mode::Car,
            &[("highway", "residential"), ("motorcar", "private")],
            None,
        );
        check(
            Mode::Car,
            &[("highway", "residential"), ("access", "destination")],
            Some((25.0, true, true)),
        );
    }

    #[test]
    fn walking() {
        check(
            Mode::Walk,
            &[("highway", "residential"), ("oneway", "yes")],
            Some((5.0, true, true)),
        );
        check(Mode::Walk, &[("highway", "steps")], Some((5.0, true, true)));
        check(Mode::Walk, &[("highway", "trunk")], None);
        check(Mode::Walk, &[("highway", "motorway_link")], None);
        check(Mode::Walk, &[("highway", "proposed")], None);
        check(Mode::Walk, &[("highway", "footway"), ("foot", "no")], None);
        check(
            Mode::Walk,
            &[("highway", "footway"), ("access", "private")],
            None,
        );
        check(Mode::Walk, &[("building", "yes")], None);
    }
}
