//! The matrix: minutes by public transport from every origin to every destination, the
//! percentile of the travel times over the window's departures.
//!
//! Origins are searched in parallel, each alone with its thread's buffers, and rows are kept in
//! origin order: the result is the same for any number of threads.

#![allow(
    clippy::indexing_slicing,
    reason = "stop, trip and route numbers come from the timetable's arrays, built together by load::gtfs"
)]

use rayon::prelude::*;

use super::search::{Egress, Event, Search};
use super::{Settings, Timetable, minutes};
use crate::Progress;
use crate::index::PointIndex;
use crate::model::LonLat;

/// The travel times of every origin, and which origins have no stop within walking distance.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Matrix {
    /// Per origin, `(destination, minutes)` by ascending destination, the pairs whose
    /// percentile is within the bound.
    pub rows: Vec<Vec<(u32, f64)>>,
    /// Per origin: no stop within `max_walk_m` (with no place, it has none either).
    pub stopless: Vec<bool>,
}

/// Minutes from every origin (`None`: no place, an empty row) to every destination within
/// `bound` minutes, by the percentile of the window's departures.
pub fn times(
    timetable: &Timetable,
    settings: &Settings,
    origins: &[Option<LonLat>],
    destinations: &[LonLat],
    bound: f64,
    progress: &dyn Progress,
) -> Matrix {
    let walk_km = settings.max_walk_m() / 1000.0;
    let stops = stops_index(timetable);
    let targets = PointIndex::new(destinations.iter().enumerate().map(|(i, &p)| (i as u32, p)));
    // Per stop, the destinations a walk of at most `max_walk_m` reaches from it.
    let mut per_stop: Vec<Vec<(u32, f64)>> = vec![Vec::new(); timetable.stops.len()];
    for (d, &at) in destinations.iter().enumerate() {
        for (s, seconds) in walks_from(&stops, settings, at) {
            per_stop[s as usize].push((d as u32, seconds));
        }
    }
    let mut egress = Egress {
        start: vec![0],
        to: Vec::new(),
    };
    for list in per_stop {
        egress.to.extend(list);
        egress.start.push(egress.to.len());
    }
    // Half a rounding step over the bound, so that a time that rounds to it is kept.
    let limit = (bound + 0.005) * 60.0;
    let rows: Vec<(Vec<(u32, f64)>, bool)> = origins
        .par_iter()
        .map_init(
            || Search::new(timetable, settings, destinations.len()),
            |search, origin| {
                progress.advance(1);
                let Some(at) = *origin else {
                    return (Vec::new(), true);
                };
                let access = walks_from(&stops, settings, at);
                let walks: Vec<(u32, f64)> = targets
                    .within(at, walk_km)
                    .into_iter()
                    .map(|(d, km)| (d, settings.walk_seconds(km)))
                    .collect();
                let events = if access.is_empty() {
                    Vec::new()
                } else {
                    search.run(timetable, settings, &access, &egress, limit)
                };
                (row(settings, events, &walks, bound), access.is_empty())
            },
        )
        .collect();
    let (rows, stopless) = rows.into_iter().unzip();
    Matrix { rows, stopless }
}

/// The timetable's stops, by their index.
pub(super) fn stops_index(timetable: &Timetable) -> PointIndex {
    PointIndex::new(
        timetable
            .stops
            .iter()
            .enumerate()
            .map(|(i, &p)| (i as u32, p)),
    )
}

/// The stops within walking distance of `at`, as `(stop, seconds)` by stop: an origin's way
/// in, a destination's way out.
pub(super) fn walks_from(stops: &PointIndex, settings: &Settings, at: LonLat) -> Vec<(u32, f64)> {
    stops
        .within(at, settings.max_walk_m() / 1000.0)
        .into_iter()
        .map(|(s, km)| (s, settings.walk_seconds(km)))
        .collect()
}

/// One origin's row: per destination reached, the percentile of `T(t)` over the departures,
/// where `T(t)` is the better of the journey the events give and the walk all the way.
pub(super) fn row(
    settings: &Settings,
    mut events: Vec<Event>,
    walks: &[(u32, f64)],
    bound: f64,
) -> Vec<(u32, f64)> {
    // By destination; within one, the events stay in the order found: minutes descending.
    events.sort_by_key(|e| e.destination);
    let (first, last) = settings.window();
    let n = settings.departures();
    // The value at rank ⌈percentile / 100 × n⌉, counted from 1.
    let rank = (usize::from(settings.percentile()) * n)
        .div_ceil(100)
        .max(1);
    let mut out = Vec::new();
    let mut times = vec![f64::INFINITY; n];
    let mut e = 0;
    let mut w = 0;
    loop {
        let next_event = events.get(e).map(|x| x.destination);
        let next_walk = walks.get(w).map(|x| x.0);
        let d = match (next_event, next_walk) {
            (None, None) => break,
            (Some(a), Some(b)) => a.min(b),
            (Some(a), None) => a,
            (None, Some(b)) => b,
        };
        let mut end = e;
        while end < events.len() && events[end].destination == d {
            end += 1;
        }
        let walk = match walks.get(w) {
            Some(&(x, seconds)) if x == d => {
                w += 1;
                seconds
            }
            _ => f64::INFINITY,
        };
        // The arrival for minute m is that of the last event found at a minute ≥ m.
        let mine = &events[e..end];
        let mut k = 0;
        let mut arrival = f64::INFINITY;
        for (i, minute) in (first..last).rev().enumerate() {
            while k < mine.len() && mine[k].minute >= minute {
                arrival = mine[k].arrival;
                k += 1;
            }
            let ride = arrival - f64::from(minute) * 60.0;
            times[n - 1 - i] = ride.min(walk);
        }
        e = end;
        let (_, value, _) = times.select_nth_unstable_by(rank - 1, f64::total_cmp);
        if value.is_finite() {
            let m = minutes(*value);
            if m <= bound {
                out.push((d, m));
            }
        }
    }
    out
}
