//! A synthetic GTFS feed over a region: for tests, the demo and benchmarks.
//!
//! - **Bus lines** from the villages to their nearest town: the villages around each town,
//!   taken by angle in groups of five, are one line from the farthest in, with stops between
//!   them; every other stop between villages has no times, so readers must interpolate. On
//!   weekdays a line runs a morning peak in and an afternoon peak out, a few trips in between,
//!   and a night bus out that ends after midnight; at weekends a few trips each way.
//! - **Town lines**: a loop of stops around each town, every `town_every` minutes from 05:00 to
//!   23:00, as explicit trips or as one trip with `frequencies.txt`.
//! - **Trains** between neighbouring towns every hour, from a station 250 m from the town's bus
//!   stop (a `transfers.txt` row makes the change 3 minutes), and a **regional express** between
//!   the largest towns every two hours, stopping nowhere else.
//! - **Calendar**: weekdays and weekends, with holidays in `calendar_dates.txt` (1 and 8 May
//!   2026) that swap the weekday service for the weekend's.

#![allow(
    clippy::indexing_slicing,
    reason = "the generator indexes only lists it has just built, of sizes it chose"
)]

use std::fmt::Write;
use std::io::Write as _;

use super::{Region, Rng};

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct TransitSpec {
    /// Stops between two villages of a bus line.
    pub stops_between: usize,
    /// Weekday trips of a bus line each way, before the night bus.
    pub bus_trips: usize,
    /// Minutes between the trips of a town line.
    pub town_every: u32,
    /// Stops of a town line's loop.
    pub town_stops: usize,
    /// Town lines as one trip with `frequencies.txt`, or as explicit trips.
    pub frequencies: bool,
    pub seed: u64,
}

impl TransitSpec {
    /// An ORP-sized feed: about 300 stops and 1,500 trips a weekday over 120 municipalities.
    pub const REGION: TransitSpec = TransitSpec {
        stops_between: 1,
        bus_trips: 14,
        town_every: 20,
        town_stops: 6,
        frequencies: true,
        seed: 1,
    };

    /// The size of the Czech CIS JŘ weekday timetable over 6,258 municipalities: about 30,000
    /// stops, 150,000 trips and 3 million stop_times, all explicit.
    pub const COUNTRY: TransitSpec = TransitSpec {
        stops_between: 3,
        bus_trips: 24,
        town_every: 7,
        town_stops: 16,
        frequencies: false,
        seed: 1,
    };
}

/// Bus speed, train speed and express speed in km/h.
const BUS_KMH: f64 = 35.0;
const TRAIN_KMH: f64 = 70.0;
const EXPRESS_KMH: f64 = 110.0;

/// Degrees of latitude per km.
const LAT_PER_KM: f64 = 1.0 / 111.195;

/// One trip's stops and minutes after midnight (`None`: untimed).
struct Trip {
    route: String,
    service: &'static str,
    stops: Vec<String>,
    minutes: Vec<Option<f64>>,
}

impl Region {
    /// The feed as a zip of GTFS files.
    pub fn transit_zip(&self, spec: TransitSpec) -> Vec<u8> {
        let files = self.transit_files(spec);
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .compression_level(Some(1))
            .last_modified_time(zip::DateTime::default());
        for (name, text) in files {
            zip.start_file(name, options)
                .expect("a file starts in memory");
            zip.write_all(text.as_bytes())
                .expect("memory takes the bytes");
        }
        zip.finish().expect("a zip finishes in memory").into_inner()
    }

    /// The feed's files, by name.
    pub fn transit_files(&self, spec: TransitSpec) -> Vec<(&'static str, String)> {
        let mut rng = Rng::new(spec.seed ^ 0x7A11);
        let points: Vec<(f64, f64)> = self.municipalities.iter().map(|m| m.point()).collect();
        let people: Vec<u64> = self.municipalities.iter().map(|m| m.total()).collect();
        let lat0 = points.iter().map(|p| p.1).sum::<f64>() / points.len().max(1) as f64;
        let cos = lat0.to_radians().cos();
        let km = |a: (f64, f64), b: (f64, f64)| ((a.0 - b.0) * cos).hypot(a.1 - b.1) / LAT_PER_KM;

        // Towns: the largest twelfth; the largest sixtieth are regional centres.
        let mut order: Vec<usize> = (0..points.len()).collect();
        order.sort_by(|&a, &b| people[b].cmp(&people[a]).then(a.cmp(&b)));
        let towns: Vec<usize> = order[..points.len().div_ceil(12).max(1)].to_vec();
        let centres: Vec<usize> = order[..points.len().div_ceil(60).clamp(1, towns.len())].to_vec();

        let mut stops =
            String::from("stop_id,stop_name,stop_lat,stop_lon,location_type,parent_station\n");
        let mut stop = |id: &str, name: &str, at: (f64, f64), kind: &str, parent: &str| {
            let name = crate::report::tables::csv_field(name);
            let _ = writeln!(stops, "{id},{name},{:.6},{:.6},{kind},{parent}", at.1, at.0);
        };
        for (i, m) in self.municipalities.iter().enumerate() {
            stop(&format!("M{}", m.code), &m.name, points[i], "", "");
        }
        let mut trips: Vec<Trip> = Vec::new();

        // Bus lines from the villages to their nearest town.
        let mut villages_of: Vec<Vec<usize>> = vec![Vec::new(); towns.len()];
        for i in 0..points.len() {
            if towns.contains(&i) {
                continue;
            }
            let t = (0..towns.len())
                .min_by(|&a, &b| {
                    km(points[i], points[towns[a]]).total_cmp(&km(points[i], points[towns[b]]))
                })
                .expect("there is a town");
            villages_of[t].push(i);
        }
        let mut line = 0;
        for (t, villages) in villages_of.iter_mut().enumerate() {
            let town = points[towns[t]];
            villages.sort_by(|&a, &b| {
                let angle = |i: usize| (points[i].1 - town.1).atan2((points[i].0 - town.0) * cos);
                angle(a).total_cmp(&angle(b)).then(a.cmp(&b))
            });
            for group in villages.chunks(5) {
                line += 1;
                let mut members = group.to_vec();
                members.sort_by(|&a, &b| km(points[b], town).total_cmp(&km(points[a], town)));
                // The route: the villages from the farthest in, then the town, with stops between.
                let mut route: Vec<(String, (f64, f64), bool)> = Vec::new();
                let ends: Vec<(String, (f64, f64))> = members
                    .iter()
                    .map(|&i| (format!("M{}", self.municipalities[i].code), points[i]))
                    .chain([(format!("M{}", self.municipalities[towns[t]].code), town)])
                    .collect();
                for (k, (id, at)) in ends.iter().enumerate() {
                    if k > 0 {
                        let from = ends[k - 1].1;
                        for j in 1..=spec.stops_between {
                            let f = j as f64 / (spec.stops_between + 1) as f64;
                            let wiggle = rng.range(-0.002, 0.002);
                            let p = (
                                from.0 + (at.0 - from.0) * f + wiggle,
                                from.1 + (at.1 - from.1) * f - wiggle,
                            );
                            let sid = format!("L{line}S{k}_{j}");
                            stop(&sid, &format!("Linka {line}, zastávka {k}/{j}"), p, "", "");
                            // Every other stop between villages has no times.
                            route.push((sid, p, j % 2 == 0));
                        }
                    }
                    route.push((id.clone(), *at, false));
                }
                let legs: Vec<f64> = std::iter::once(0.0)
                    .chain(
                        route
                            .windows(2)
                            .map(|w| km(w[0].1, w[1].1) * 1.3 / BUS_KMH * 60.0 + 0.5),
                    )
                    .collect();
                let inbound: Vec<String> = route.iter().map(|r| r.0.clone()).collect();
                let untimed: Vec<bool> = route.iter().map(|r| r.2).collect();
                let mut outbound = inbound.clone();
                outbound.reverse();
                let mut back_untimed = untimed.clone();
                back_untimed.reverse();
                let mut back_legs = legs[1..].to_vec();
                back_legs.reverse();
                back_legs.insert(0, 0.0);
                let name = format!("B{line}");
                let mut add = |service: &'static str,
                               start: f64,
                               stops: &[String],
                               legs: &[f64],
                               untimed: &[bool]| {
                    let mut at = start;
                    let minutes = legs
                        .iter()
                        .zip(untimed)
                        .map(|(leg, &u)| {
                            at += leg;
                            (!u).then_some(at)
                        })
                        .collect();
                    trips.push(Trip {
                        route: name.clone(),
                        service,
                        stops: stops.to_vec(),
                        minutes,
                    });
                };
                // Weekdays: a morning peak in, an afternoon peak out, a few between.
                let n = spec.bus_trips;
                for k in 0..n {
                    let into = 5.0 * 60.0
                        + if k < n / 2 {
                            k as f64 * 25.0
                        } else {
                            6.0 * 60.0 + (k - n / 2) as f64 * 70.0
                        };
                    add("WK", into, &inbound, &legs, &untimed);
                    let out = 6.0 * 60.0
                        + if k < n / 2 {
                            k as f64 * 70.0
                        } else {
                            14.0 * 60.0 + (k - n / 2) as f64 * 25.0
                        };
                    add("WK", out, &outbound, &back_legs, &back_untimed);
                }
                // The night bus out ends after midnight.
                add(
                    "WK",
                    23.0 * 60.0 + 50.0,
                    &outbound,
                    &back_legs,
                    &back_untimed,
                );
                for start in [8.0 * 60.0, 13.0 * 60.0] {
                    add("WE", start, &inbound, &legs, &untimed);
                    add(
                        "WE",
                        start + 4.0 * 60.0,
                        &outbound,
                        &back_legs,
                        &back_untimed,
                    );
                }
            }
        }

        // Town lines: a loop around each town.
        let mut frequencies =
            String::from("trip_id,start_time,end_time,headway_secs,exact_times\n");
        let mut loops: Vec<(String, Vec<String>, Vec<f64>)> = Vec::new();
        for &t in &towns {
            let code = &self.municipalities[t].code;
            let centre = points[t];
            let mut ids = vec![format!("M{code}")];
            for k in 0..spec.town_stops {
                let angle = std::f64::consts::TAU * k as f64 / spec.town_stops as f64;
                let p = (
                    centre.0 + 1.2 * LAT_PER_KM * angle.cos() / cos,
                    centre.1 + 1.2 * LAT_PER_KM * angle.sin(),
                );
                let id = format!("T{code}_{k}");
                stop(
                    &id,
                    &format!("{} {}", self.municipalities[t].name, k + 1),
                    p,
                    "",
                    "",
                );
                ids.push(id);
            }
            ids.push(format!("M{code}"));
            let minutes: Vec<f64> = (0..ids.len()).map(|k| k as f64 * 2.0).collect();
            loops.push((format!("C{code}"), ids, minutes));
        }
        let mut loop_trips: Vec<Trip> = Vec::new();
        for (route, ids, minutes) in &loops {
            if spec.frequencies {
                trips.push(Trip {
                    route: route.clone(),
                    service: "WK",
                    stops: ids.clone(),
                    minutes: minutes.iter().map(|&m| Some(m)).collect(),
                });
                let _ = writeln!(
                    frequencies,
                    "{route}_F,05:00:00,23:00:00,{},1",
                    spec.town_every * 60
                );
            } else {
                let mut start = 5.0 * 60.0;
                while start < 23.0 * 60.0 {
                    loop_trips.push(Trip {
                        route: route.clone(),
                        service: "WK",
                        stops: ids.clone(),
                        minutes: minutes.iter().map(|&m| Some(start + m)).collect(),
                    });
                    start += f64::from(spec.town_every);
                }
            }
        }

        // Trains between neighbouring towns, and the express between the centres.
        let mut transfers =
            String::from("from_stop_id,to_stop_id,transfer_type,min_transfer_time\n");
        let station = |i: usize| (points[i].0 + 0.25 * LAT_PER_KM / cos, points[i].1);
        for &t in &towns {
            let code = &self.municipalities[t].code;
            stop(
                &format!("R{code}"),
                &format!("{} nádraží", self.municipalities[t].name),
                station(t),
                "",
                "",
            );
            let _ = writeln!(transfers, "M{code},R{code},2,180\nR{code},M{code},2,180");
        }
        let chain = |set: &[usize]| -> Vec<usize> {
            // From the westmost, always to the nearest not yet visited.
            let mut left: Vec<usize> = set.to_vec();
            left.sort_by(|&a, &b| points[a].0.total_cmp(&points[b].0));
            let mut path = vec![left.remove(0)];
            while !left.is_empty() {
                let last = points[*path.last().expect("the path has a start")];
                let k = (0..left.len())
                    .min_by(|&a, &b| {
                        km(last, points[left[a]]).total_cmp(&km(last, points[left[b]]))
                    })
                    .expect("left is not empty");
                path.push(left.remove(k));
            }
            path
        };
        for (name, set, kmh, every, dwell) in [
            ("RAIL", chain(&towns), TRAIN_KMH, 60.0, 1.0),
            ("EXPRESS", chain(&centres), EXPRESS_KMH, 120.0, 2.0),
        ] {
            if set.len() < 2 {
                continue;
            }
            for (k, segment) in set.chunks(12).enumerate() {
                let ids: Vec<String> = segment
                    .iter()
                    .map(|&i| format!("R{}", self.municipalities[i].code))
                    .collect();
                if ids.len() < 2 {
                    continue;
                }
                let mut legs = vec![0.0];
                for w in segment.windows(2) {
                    legs.push(km(station(w[0]), station(w[1])) * 1.2 / kmh * 60.0 + dwell);
                }
                let mut start = 5.0 * 60.0;
                while start < 22.0 * 60.0 {
                    for (stops, legs) in [(ids.clone(), legs.clone()), {
                        let mut s = ids.clone();
                        s.reverse();
                        let mut l = legs[1..].to_vec();
                        l.reverse();
                        l.insert(0, 0.0);
                        (s, l)
                    }] {
                        let mut at = start;
                        let minutes = legs
                            .iter()
                            .map(|l| {
                                at += l;
                                Some(at)
                            })
                            .collect();
                        trips.push(Trip {
                            route: format!("{name}{k}"),
                            service: "ALL",
                            stops,
                            minutes,
                        });
                    }
                    start += every;
                }
            }
        }
        trips.extend(loop_trips);

        // The files.
        let mut routes = String::from("route_id,route_short_name,route_type\n");
        let mut seen: Vec<&str> = Vec::new();
        let mut trips_txt = String::from("route_id,service_id,trip_id\n");
        let mut stop_times =
            String::from("trip_id,arrival_time,departure_time,stop_id,stop_sequence\n");
        let clock = |m: f64| {
            let s = (m * 60.0).round() as u64;
            format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
        };
        for (k, trip) in trips.iter().enumerate() {
            if !seen.contains(&trip.route.as_str()) {
                seen.push(&trip.route);
                let kind = if trip.route.starts_with("RAIL") || trip.route.starts_with("EXPRESS") {
                    2
                } else {
                    3
                };
                let _ = writeln!(routes, "{},{},{kind}", trip.route, trip.route);
            }
            let id = if spec.frequencies && trip.route.starts_with('C') {
                format!("{}_F", trip.route)
            } else {
                format!("{}_{k}", trip.route)
            };
            let _ = writeln!(trips_txt, "{},{},{id}", trip.route, trip.service);
            for (j, (s, m)) in trip.stops.iter().zip(&trip.minutes).enumerate() {
                let time = m.map(clock).unwrap_or_default();
                let _ = writeln!(stop_times, "{id},{time},{time},{s},{}", j + 1);
            }
        }
        let calendar = "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n\
WK,1,1,1,1,1,0,0,20260101,20261231\nWE,0,0,0,0,0,1,1,20260101,20261231\nALL,1,1,1,1,1,1,1,20260101,20261231\n"
            .to_string();
        let calendar_dates = "service_id,date,exception_type\n\
WK,20260501,2\nWE,20260501,1\nWK,20260508,2\nWE,20260508,1\n"
            .to_string();
        let agency = "agency_id,agency_name,agency_url,agency_timezone\nGAP,gapmap synthetic transit (not real),https://example.invalid,Europe/Prague\n".to_string();
        let mut files = vec![
            ("agency.txt", agency),
            ("stops.txt", stops),
            ("routes.txt", routes),
            ("trips.txt", trips_txt),
            ("stop_times.txt", stop_times),
            ("calendar.txt", calendar),
            ("calendar_dates.txt", calendar_dates),
            ("transfers.txt", transfers),
        ];
        if spec.frequencies {
            files.push(("frequencies.txt", frequencies));
        }
        files
    }
}
