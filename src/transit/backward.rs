//! One destination's minutes from every origin by one search backward from it: the column of a
//! provider added on the explorer's map.
//!
//! It is the range search of [`search`](super::search) run the other way (Delling, Pajor &
//! Werneck, 2012). The arrivals at the destination are taken from the earliest to the latest;
//! for each, every stop keeps per round the latest departure a vehicle leaves it at that still
//! arrives by then, with at most that many vehicles. Labels stay from one arrival to the next:
//! what arrives by an earlier time arrives by a later one too. An origin leaving at minute `t`
//! then arrives at the earliest arrival whose latest departure from one of its stops it catches.
//!
//! Every test is the forward search's, in its form (`arrival + change ≤ departure`, `t + walk ≤
//! departure`), and the times go through the same percentile, so a column equals the one
//! [`matrix::times`](super::matrix::times) gives for that destination, to the bit.

#![allow(
    clippy::indexing_slicing,
    reason = "stop, trip and route numbers come from the timetable's arrays, built together by load::gtfs"
)]

use rayon::prelude::*;

use super::matrix::{row, stops_index, walks_from};
use super::search::Event;
use super::{Pattern, Settings, Timetable};
use crate::index::{PointIndex, km};
use crate::model::LonLat;

/// What the searches backward share, built once per timetable and set of origins: the stops'
/// index, the changes by the stop they lead to, and each origin's stops within walking distance.
pub struct Backward {
    stops: PointIndex,
    /// The changes into stop `b`, as `(a, seconds)`: `into[into_start[b]..into_start[b + 1]]`.
    into_start: Vec<usize>,
    into: Vec<(u32, f64)>,
    origins: Vec<LonLat>,
    access: Vec<Vec<(u32, f64)>>,
}

impl Backward {
    pub fn new(timetable: &Timetable, settings: &Settings, origins: &[LonLat]) -> Backward {
        let n = timetable.stops.len();
        let mut into: Vec<Vec<(u32, f64)>> = vec![Vec::new(); n];
        for a in 0..n {
            for &(b, seconds) in timetable.changes(a) {
                into[b as usize].push((a as u32, seconds));
            }
        }
        let mut into_start = vec![0];
        let mut flat = Vec::new();
        for list in into {
            flat.extend(list);
            into_start.push(flat.len());
        }
        let stops = stops_index(timetable);
        let access = origins
            .par_iter()
            .map(|&at| walks_from(&stops, settings, at))
            .collect();
        Backward {
            stops,
            into_start,
            into: flat,
            origins: origins.to_vec(),
            access,
        }
    }

    fn into(&self, b: usize) -> &[(u32, f64)] {
        &self.into[self.into_start[b]..self.into_start[b + 1]]
    }

    /// `(origin, minutes)` for the origins whose cost to `destination` is within `bound`
    /// minutes, by origin: the column [`matrix::times`](super::matrix::times) would give.
    pub fn times(
        &self,
        timetable: &Timetable,
        settings: &Settings,
        destination: LonLat,
        bound: f64,
    ) -> Vec<(usize, f64)> {
        let egress = walks_from(&self.stops, settings, destination);
        let profile = Labels::search(self, timetable, settings, &egress, bound);
        let walk_km = settings.max_walk_m() / 1000.0;
        let (first, last) = settings.window();
        let mut out = Vec::new();
        for (o, &at) in self.origins.iter().enumerate() {
            let direct = km(at, destination);
            let walks: Vec<(u32, f64)> = (direct <= walk_km)
                .then(|| (0, settings.walk_seconds(direct)))
                .into_iter()
                .collect();
            let access = &self.access[o];
            if walks.is_empty() && access.iter().all(|&(s, _)| profile[s as usize].is_empty()) {
                continue;
            }
            // The earliest arrival for each minute, from the last: an event when it improves.
            let mut events = Vec::new();
            let mut best = f64::INFINITY;
            for minute in (first..last).rev() {
                let t = f64::from(minute) * 60.0;
                let mut arrival = f64::INFINITY;
                for &(s, walk) in access {
                    let ready = t + walk;
                    let list = &profile[s as usize];
                    let i = list.partition_point(|&(_, departure)| departure < ready);
                    if let Some(&(at, _)) = list.get(i) {
                        arrival = arrival.min(at);
                    }
                }
                if arrival < best {
                    best = arrival;
                    events.push(Event {
                        destination: 0,
                        minute,
                        arrival,
                    });
                }
            }
            if let Some(&(_, minutes)) = row(settings, events, &walks, bound).first() {
                out.push((o, minutes));
            }
        }
        out
    }
}

/// The labels of one search backward.
struct Labels {
    rounds: usize,
    stops: usize,
    /// `departure[(r - 1) * stops + s]`, r = 1..=rounds: the latest departure from `s` that
    /// arrives in time with at most `r` vehicles.
    departure: Vec<f64>,
}

impl Labels {
    /// Per stop, `(arrival, departure)` each time its latest departure (any number of vehicles)
    /// grew, by ascending arrival at the destination; `egress` are the stops within walking
    /// distance of it.
    fn search(
        backward: &Backward,
        timetable: &Timetable,
        settings: &Settings,
        egress: &[(u32, f64)],
        bound: f64,
    ) -> Vec<Vec<(f64, f64)>> {
        let n = timetable.stops.len();
        let rounds = settings.max_transfers() + 1;
        let mut labels = Labels {
            rounds,
            stops: n,
            departure: vec![f64::NEG_INFINITY; rounds * n],
        };
        let mut profile: Vec<Vec<(f64, f64)>> = vec![Vec::new(); n];
        // As the forward search's bound, in seconds; a journey longer than it by a second
        // rounds above the bound whatever the minute, so it is not followed.
        let limit = (bound + 0.005) * 60.0 + 1.0;
        let (first, last) = settings.window();
        let earliest = f64::from(first) * 60.0;
        let last_arrival = f64::from(last.saturating_sub(1)) * 60.0 + limit;
        let mut exit = vec![f64::INFINITY; n];
        for &(s, walk) in egress {
            exit[s as usize] = walk;
        }
        // Every arrival at the destination that can matter, with the stop it comes from.
        let mut arrivals: Vec<(f64, u32)> = Vec::new();
        for &(e, walk) in egress {
            for &(p, j) in timetable.serving(e as usize) {
                let pattern = &timetable.patterns[p as usize];
                if !pattern.alight[j as usize] {
                    continue;
                }
                let len = pattern.stops.len();
                for k in 0..pattern.trips {
                    let at = pattern.arrival[k * len + j as usize] + walk;
                    if at >= earliest && at <= last_arrival {
                        arrivals.push((at, e));
                    }
                }
            }
        }
        arrivals.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        arrivals.dedup();

        let mut from = vec![None::<usize>; timetable.patterns.len()];
        let mut scan: Vec<u32> = Vec::new();
        let mut marked: Vec<u32> = Vec::new();
        let mut is_marked = vec![false; n];
        let mut improved: Vec<u32> = Vec::new();
        let mut stamp = vec![0u32; n];
        let mut clock = 0;
        let mut grown: Vec<u32> = Vec::new();
        let mut is_grown = vec![false; n];
        let mut i = 0;
        while i < arrivals.len() {
            let arrival = arrivals[i].0;
            while i < arrivals.len() && arrivals[i].0 == arrival {
                let e = arrivals[i].1;
                if !is_marked[e as usize] {
                    is_marked[e as usize] = true;
                    marked.push(e);
                }
                i += 1;
            }
            for r in 1..=rounds {
                if marked.is_empty() {
                    break;
                }
                // The patterns through the marked stops, scanned from the last marked position.
                for &a in &marked {
                    is_marked[a as usize] = false;
                    for &(p, j) in timetable.serving(a as usize) {
                        let pattern = &timetable.patterns[p as usize];
                        if !pattern.alight[j as usize] {
                            continue;
                        }
                        let slot = &mut from[p as usize];
                        if slot.is_none() {
                            scan.push(p);
                        }
                        *slot = Some(slot.map_or(j as usize, |x| x.max(j as usize)));
                    }
                }
                marked.clear();
                clock += 1;
                improved.clear();
                for &p in &scan {
                    let pattern = &timetable.patterns[p as usize];
                    let len = pattern.stops.len();
                    let Some(top) = from[p as usize].take() else {
                        continue;
                    };
                    let mut trip: Option<usize> = None;
                    for j in (0..=top).rev() {
                        let s = pattern.stops[j] as usize;
                        if let Some(k) = trip
                            && pattern.board[j]
                        {
                            let departure = pattern.departure[k * len + j];
                            if departure >= earliest
                                && arrival - departure <= limit
                                && departure > labels.at(r, s)
                            {
                                labels.raise(r, s, departure);
                                if stamp[s] != clock {
                                    stamp[s] = clock;
                                    improved.push(s as u32);
                                }
                                if !is_grown[s] {
                                    is_grown[s] = true;
                                    grown.push(s as u32);
                                }
                            }
                        }
                        if pattern.alight[j] {
                            // Getting off here in time to go on: to the destination on foot in
                            // the first round, to a departure of the round before after it.
                            let goes_on = |x: f64| match r {
                                1 => x + exit[s] <= arrival,
                                _ => timetable.changes(s).iter().any(|&(b, seconds)| {
                                    x + seconds <= labels.at(r - 1, b as usize)
                                }),
                            };
                            if let Some(k) = latest(pattern, j, trip, goes_on) {
                                trip = Some(k);
                            }
                        }
                    }
                }
                scan.clear();
                // The next round gets off where a change leads to a stop that improved.
                if r < rounds {
                    for &b in &improved {
                        for &(a, _) in backward.into(b as usize) {
                            if !is_marked[a as usize] {
                                is_marked[a as usize] = true;
                                marked.push(a);
                            }
                        }
                    }
                }
            }
            for &a in &marked {
                is_marked[a as usize] = false;
            }
            marked.clear();
            for &s in &grown {
                is_grown[s as usize] = false;
                profile[s as usize].push((arrival, labels.at(rounds, s as usize)));
            }
            grown.clear();
        }
        profile
    }

    fn at(&self, r: usize, s: usize) -> f64 {
        self.departure[(r - 1) * self.stops + s]
    }

    /// A departure found with `r` vehicles serves every larger number too.
    fn raise(&mut self, r: usize, s: usize, departure: f64) {
        for q in r..=self.rounds {
            let label = &mut self.departure[(q - 1) * self.stops + s];
            *label = label.max(departure);
        }
    }
}

/// The latest trip of `pattern` that arrives at position `j` in time to go on, when it is later
/// than `current`: arrivals at a position are in trip order, so "in time" holds up to a trip.
fn latest(
    pattern: &Pattern,
    j: usize,
    current: Option<usize>,
    goes_on: impl Fn(f64) -> bool,
) -> Option<usize> {
    let len = pattern.stops.len();
    let arrival = |k: usize| pattern.arrival[k * len + j];
    // Most positions offer nothing later than the trip already taken.
    let lo = current.map_or(0, |k| k + 1);
    if lo >= pattern.trips || !goes_on(arrival(lo)) {
        return None;
    }
    let (mut lo, mut hi) = (lo + 1, pattern.trips);
    while lo < hi {
        let mid = (lo + hi) / 2;
        if goes_on(arrival(mid)) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    Some(lo - 1)
}
