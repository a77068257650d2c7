//! Travel by public transport, core only: a day's timetable and the travel times it gives.
//!
//! `load::gtfs` reads the feeds and hands over the **runs** of the day: each a vehicle's
//! passage along its stops, with arrival and departure in seconds after midnight of the
//! service day (trips of the day before 86,400 s earlier, frequencies expanded, untimed stops
//! interpolated), and where it lets people on and off. [`Timetable::build`] groups them into
//! patterns and joins the stops by changes on foot; [`matrix::times`] gives the minutes from
//! each origin to each destination, as the README's "Travel by public transport" defines them:
//!
//! - a journey for a departure at minute `t` is a walk all the way (at most `max_walk_m`), or a
//!   walk to a stop, up to `max_transfers + 1` vehicles with changes between them, and a walk
//!   from the last stop, each walk at most `max_walk_m`;
//! - a change from stop `a` to stop `b` takes the walk between them plus `transfer_minutes`,
//!   when they are at most `transfer_walk_m` apart, unless a transfer rule says otherwise;
//! - walks are straight lines on the sphere (R = 6,371.0088 km) at `walk_kmh`;
//! - `T(t)` is the arrival minus `t`, and the cost is the `percentile` of `T` over the window's
//!   departures, ∞ counting as the largest, in minutes rounded to 0.01.

#![allow(
    clippy::indexing_slicing,
    reason = "stop, trip and route numbers come from the timetable's arrays, built together by load::gtfs"
)]

pub mod backward;
pub mod matrix;
pub mod search;

use indexmap::IndexMap;

use crate::error::ValueError;
use crate::index::PointIndex;
use crate::model::LonLat;

/// How people travel and what is asked: the `[travel]` keys. Valid by construction: every
/// value is checked where it is set, with an error that names it, so a search can trust it.
///
/// ```
/// use gapmap::transit::Settings;
/// let settings = Settings::with_window(7 * 60, 9 * 60)?.with_percentile(80)?;
/// assert_eq!((settings.departures(), settings.percentile()), (120, 80));
/// assert!(Settings::with_window(9 * 60, 7 * 60).is_err());
/// assert!(settings.clone().with_percentile(101).is_err());
/// # Ok::<(), gapmap::error::ValueError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    window: (u32, u32),
    percentile: u8,
    walk_kmh: f64,
    max_walk_m: f64,
    transfer_walk_m: f64,
    transfer_minutes: f64,
    max_transfers: usize,
}

impl Settings {
    /// Departures every whole minute from `first` (inclusive) to `last` (exclusive), minutes
    /// after midnight of the service day, with the defaults for the rest: the median, 4 km/h,
    /// walks of at most 1,000 m to or from a stop and 300 m between stops, 2 minutes a change,
    /// at most 3 changes. The end must come after the start.
    pub fn with_window(first: u32, last: u32) -> Result<Settings, ValueError> {
        if last <= first {
            let got = format!("{first}–{last} min");
            return Err(ValueError::new(
                "window",
                got,
                "the end must come after the start",
            ));
        }
        Ok(Settings {
            window: (first, last),
            percentile: 50,
            walk_kmh: 4.0,
            max_walk_m: 1000.0,
            transfer_walk_m: 300.0,
            transfer_minutes: 2.0,
            max_transfers: 3,
        })
    }

    /// The percentile of the window's times that makes a pair's cost: 1 to 100.
    pub fn with_percentile(mut self, percentile: i64) -> Result<Settings, ValueError> {
        match u8::try_from(percentile) {
            Ok(p @ 1..=100) => {
                self.percentile = p;
                Ok(self)
            }
            _ => Err(ValueError::new(
                "percentile",
                percentile,
                "must be a whole number from 1 to 100",
            )),
        }
    }

    /// The walking speed in km/h: > 0.
    pub fn with_walk_kmh(mut self, kmh: f64) -> Result<Settings, ValueError> {
        self.walk_kmh = more_than_zero("walking speed", kmh)?;
        Ok(self)
    }

    /// The longest walk to or from a stop, or all the way, in metres: ≥ 0.
    pub fn with_max_walk_m(mut self, metres: f64) -> Result<Settings, ValueError> {
        self.max_walk_m = at_least_zero("distance", metres)?;
        Ok(self)
    }

    /// The longest walk between two stops when changing, in metres: ≥ 0.
    pub fn with_transfer_walk_m(mut self, metres: f64) -> Result<Settings, ValueError> {
        self.transfer_walk_m = at_least_zero("distance", metres)?;
        Ok(self)
    }

    /// Minutes added to every change of vehicle: ≥ 0.
    pub fn with_transfer_minutes(mut self, minutes: f64) -> Result<Settings, ValueError> {
        self.transfer_minutes = at_least_zero("time", minutes)?;
        Ok(self)
    }

    /// Changes of vehicle, so at most `max_transfers + 1` vehicles: 0 to 10.
    pub fn with_max_transfers(mut self, changes: i64) -> Result<Settings, ValueError> {
        match usize::try_from(changes) {
            Ok(k @ 0..=10) => {
                self.max_transfers = k;
                Ok(self)
            }
            _ => Err(ValueError::new(
                "max_transfers",
                changes,
                "must be a whole number from 0 to 10",
            )),
        }
    }

    /// Minutes after midnight: the first departure, and the end (exclusive).
    pub fn window(&self) -> (u32, u32) {
        self.window
    }

    pub fn percentile(&self) -> u8 {
        self.percentile
    }

    pub fn walk_kmh(&self) -> f64 {
        self.walk_kmh
    }

    pub fn max_walk_m(&self) -> f64 {
        self.max_walk_m
    }

    pub fn transfer_walk_m(&self) -> f64 {
        self.transfer_walk_m
    }

    pub fn transfer_minutes(&self) -> f64 {
        self.transfer_minutes
    }

    pub fn max_transfers(&self) -> usize {
        self.max_transfers
    }

    /// Seconds to walk `km` on the sphere.
    pub fn walk_seconds(&self, km: f64) -> f64 {
        km * 3600.0 / self.walk_kmh
    }

    /// The departures asked for.
    pub fn departures(&self) -> usize {
        self.window.1.saturating_sub(self.window.0) as usize
    }
}

fn more_than_zero(what: &'static str, v: f64) -> Result<f64, ValueError> {
    match v.is_finite() && v > 0.0 {
        true => Ok(v),
        false => Err(ValueError::new(what, v, "must be a number > 0")),
    }
}

fn at_least_zero(what: &'static str, v: f64) -> Result<f64, ValueError> {
    match v.is_finite() && v >= 0.0 {
        true => Ok(v),
        false => Err(ValueError::new(what, v, "must be a number ≥ 0")),
    }
}

/// Minutes from seconds, rounded to 0.01: the unit of the matrix.
pub fn minutes(seconds: f64) -> f64 {
    (seconds * 100.0 / 60.0).round() / 100.0
}

/// One vehicle's passage along its stops on the service day.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// Indices into the timetable's stops, in order.
    pub stops: Vec<u32>,
    /// Seconds after midnight of the service day, per stop; may be fractional (interpolated).
    pub arrival: Vec<f64>,
    pub departure: Vec<f64>,
    /// Whether people may get on (`pickup_type` ≠ 1) and off (`drop_off_type` ≠ 1) there.
    pub board: Vec<bool>,
    pub alight: Vec<bool>,
}

/// A transfer rule of `transfers.txt` (rows without trip ids), between two stops.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Rule {
    /// `transfer_type` 2: the change takes this many seconds, whatever the distance.
    Takes(f64),
    /// `transfer_type` 3: no change from the one stop to the other.
    Forbidden,
}

/// Runs with the same stops and the same boarding and alighting, ordered so that none
/// overtakes another: one can scan them by the earliest trip at any stop.
#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    pub stops: Vec<u32>,
    pub board: Vec<bool>,
    pub alight: Vec<bool>,
    /// Arrival and departure of trip `k` at position `j`: `[k * stops.len() + j]`.
    pub arrival: Vec<f64>,
    pub departure: Vec<f64>,
    pub trips: usize,
}

impl Pattern {
    /// The first trip that leaves position `j` at or after `ready`, if any: trips do not
    /// overtake, so their departures at `j` are in order.
    pub fn first_trip(&self, j: usize, ready: f64) -> Option<usize> {
        let n = self.stops.len();
        let (mut lo, mut hi) = (0, self.trips);
        while lo < hi {
            let mid = (lo + hi) / 2;
            if self.departure[mid * n + j] < ready {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        (lo < self.trips).then_some(lo)
    }
}

/// A day's timetable, ready for searching.
#[derive(Debug, Clone)]
pub struct Timetable {
    pub stops: Vec<LonLat>,
    pub patterns: Vec<Pattern>,
    /// The patterns through stop `s` with its position in each:
    /// `serving[serving_start[s]..serving_start[s + 1]]`.
    pub serving_start: Vec<usize>,
    pub serving: Vec<(u32, u32)>,
    /// The changes from stop `a`, as `(b, seconds)`: `changes[change_start[a]..change_start[a + 1]]`.
    pub change_start: Vec<usize>,
    pub changes: Vec<(u32, f64)>,
    /// Per stop, the departures people may board, ascending: what tells the search that an
    /// earlier departure from the origin catches a new trip.
    pub departure_start: Vec<usize>,
    pub departures: Vec<f64>,
}

impl Timetable {
    /// Groups `runs` into patterns and joins `stops` by the changes `settings` allows, with
    /// `rules` (from, to, rule) overriding them. Runs that end before `from` seconds or start
    /// after `to` seconds cannot matter and are left out.
    pub fn build(
        stops: Vec<LonLat>,
        runs: Vec<Run>,
        rules: &[(u32, u32, Rule)],
        settings: &Settings,
        (from, to): (f64, f64),
    ) -> Timetable {
        // Runs by their stops and where people get on and off, in input order.
        type Key = (Vec<u32>, Vec<bool>, Vec<bool>);
        let mut groups: IndexMap<Key, Vec<Run>> = IndexMap::new();
        for run in runs {
            let (Some(&last), Some(&first)) = (run.arrival.last(), run.departure.first()) else {
                continue;
            };
            if run.stops.len() < 2 || last < from || first > to {
                continue;
            }
            let key = (run.stops.clone(), run.board.clone(), run.alight.clone());
            groups.entry(key).or_default().push(run);
        }
        let mut patterns = Vec::new();
        for ((stops, board, alight), mut runs) in groups {
            runs.sort_by(|a, b| {
                a.departure[0].total_cmp(&b.departure[0]).then_with(|| {
                    a.arrival
                        .iter()
                        .zip(&b.arrival)
                        .map(|(x, y)| x.total_cmp(y))
                        .find(|o| o.is_ne())
                        .unwrap_or(std::cmp::Ordering::Equal)
                })
            });
            // Each run goes to the first pattern whose last run it does not overtake.
            let mut split: Vec<Vec<Run>> = Vec::new();
            for run in runs {
                let fits = |p: &Vec<Run>| {
                    p.last().is_some_and(|last| {
                        (0..run.stops.len()).all(|j| {
                            run.arrival[j] >= last.arrival[j]
                                && run.departure[j] >= last.departure[j]
                        })
                    })
                };
                match split.iter_mut().find(|p| fits(p)) {
                    Some(p) => p.push(run),
                    None => split.push(vec![run]),
                }
            }
            for part in split {
                patterns.push(Pattern {
                    stops: stops.clone(),
                    board: board.clone(),
                    alight: alight.clone(),
                    trips: part.len(),
                    arrival: part
                        .iter()
                        .flat_map(|r| r.arrival.iter().copied())
                        .collect(),
                    departure: part
                        .iter()
                        .flat_map(|r| r.departure.iter().copied())
                        .collect(),
                });
            }
        }

        let n = stops.len();
        let mut serving: Vec<Vec<(u32, u32)>> = vec![Vec::new(); n];
        let mut departures: Vec<Vec<f64>> = vec![Vec::new(); n];
        for (p, pattern) in patterns.iter().enumerate() {
            for (j, &s) in pattern.stops.iter().enumerate() {
                serving[s as usize].push((p as u32, j as u32));
                if pattern.board[j] {
                    let len = pattern.stops.len();
                    departures[s as usize]
                        .extend((0..pattern.trips).map(|k| pattern.departure[k * len + j]));
                }
            }
        }
        for d in &mut departures {
            d.sort_by(f64::total_cmp);
        }
        let (serving_start, serving) = csr(serving);
        let (departure_start, departures) = csr(departures);
        let (change_start, changes) = csr(changes(&stops, rules, settings));
        Timetable {
            stops,
            patterns,
            serving_start,
            serving,
            change_start,
            changes,
            departure_start,
            departures,
        }
    }

    pub fn serving(&self, s: usize) -> &[(u32, u32)] {
        &self.serving[self.serving_start[s]..self.serving_start[s + 1]]
    }

    pub fn changes(&self, s: usize) -> &[(u32, f64)] {
        &self.changes[self.change_start[s]..self.change_start[s + 1]]
    }

    pub fn departures(&self, s: usize) -> &[f64] {
        &self.departures[self.departure_start[s]..self.departure_start[s + 1]]
    }
}

/// Per stop, the changes to other stops (itself included): the walk plus `transfer_minutes`
/// within `transfer_walk_m`, then the rules, in order, over them.
fn changes(
    stops: &[LonLat],
    rules: &[(u32, u32, Rule)],
    settings: &Settings,
) -> Vec<Vec<(u32, f64)>> {
    let index = PointIndex::new(stops.iter().enumerate().map(|(i, &p)| (i as u32, p)));
    let km = settings.transfer_walk_m() / 1000.0;
    let extra = settings.transfer_minutes() * 60.0;
    let mut out: Vec<Vec<(u32, f64)>> = stops
        .iter()
        .map(|&at| {
            index
                .within(at, km)
                .into_iter()
                .map(|(b, d)| (b, settings.walk_seconds(d) + extra))
                .collect()
        })
        .collect();
    for &(a, b, rule) in rules {
        let list = &mut out[a as usize];
        let found = list.iter().position(|&(x, _)| x == b);
        match (rule, found) {
            (Rule::Takes(s), Some(i)) => list[i].1 = s,
            (Rule::Takes(s), None) => {
                list.push((b, s));
                list.sort_by_key(|&(x, _)| x);
            }
            (Rule::Forbidden, Some(i)) => {
                list.remove(i);
            }
            (Rule::Forbidden, None) => {}
        }
    }
    out
}

/// Lists as one array with offsets.
fn csr<T>(lists: Vec<Vec<T>>) -> (Vec<usize>, Vec<T>) {
    let mut start = Vec::with_capacity(lists.len() + 1);
    start.push(0);
    let mut all = Vec::with_capacity(lists.iter().map(Vec::len).sum());
    for list in lists {
        all.extend(list);
        start.push(all.len());
    }
    (start, all)
}
