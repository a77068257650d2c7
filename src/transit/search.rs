//! Range-RAPTOR from one origin over the window's departure minutes (Delling, Pajor & Werneck,
//! "Round-Based Public Transit Routing", 2012, with its range extension).
//!
//! Minutes are processed from the last to the first, and the labels of later minutes are kept:
//! a journey that leaves later can also be taken by waiting, so every label stays an upper
//! bound, and each earlier minute only improves on it. Labels are kept per round: `arrive[r]`
//! is the earliest arrival at a stop with at most `r` vehicles, `ready[r]` the earliest time to
//! board there after at most `r`; pruning compares with the label of the same round, which keeps
//! the range search exact (a bound over all rounds would let a later minute's journey with more
//! vehicles hide an earlier one with fewer).
//!
//! The origin's stops are marked at a minute only when a departure there becomes catchable that
//! was not at the minute after: otherwise the same trips are caught and nothing can improve.
//! Buffers belong to a thread and are reset by what they touched.

#![allow(
    clippy::indexing_slicing,
    reason = "stop, trip and route numbers come from the timetable's arrays, built together by load::gtfs"
)]

use super::{Settings, Timetable};

/// When a destination's earliest arrival improved: at departure minute `minute`, to
/// `arrival` (seconds after midnight), for destination `destination`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Event {
    pub destination: u32,
    pub minute: u32,
    pub arrival: f64,
}

/// Per stop, the destinations within walking distance and the seconds to walk there.
pub struct Egress {
    pub start: Vec<usize>,
    pub to: Vec<(u32, f64)>,
}

impl Egress {
    pub fn of(&self, s: usize) -> &[(u32, f64)] {
        &self.to[self.start[s]..self.start[s + 1]]
    }
}

/// One thread's labels, reused origin after origin.
pub struct Search {
    rounds: usize,
    stops: usize,
    /// `arrive[(r - 1) * stops + s]`, r = 1..=rounds.
    arrive: Vec<f64>,
    /// `ready[r * stops + s]`, r = 0..rounds.
    ready: Vec<f64>,
    touched: Vec<u32>,
    is_touched: Vec<bool>,
    marked: Vec<u32>,
    is_marked: Vec<bool>,
    next: Vec<u32>,
    /// Per pattern, the earliest position to scan from in this round; `u32::MAX` when none.
    from: Vec<u32>,
    scan: Vec<u32>,
    improved: Vec<u32>,
    stamp: Vec<u32>,
    clock: u32,
    /// Per destination, the earliest arrival so far.
    best: Vec<f64>,
    reached: Vec<u32>,
}

impl Search {
    pub fn new(timetable: &Timetable, settings: &Settings, destinations: usize) -> Search {
        let rounds = settings.max_transfers() + 1;
        let n = timetable.stops.len();
        Search {
            rounds,
            stops: n,
            arrive: vec![f64::INFINITY; rounds * n],
            ready: vec![f64::INFINITY; rounds * n],
            touched: Vec::new(),
            is_touched: vec![false; n],
            marked: Vec::new(),
            is_marked: vec![false; n],
            next: Vec::new(),
            from: vec![u32::MAX; timetable.patterns.len()],
            scan: Vec::new(),
            improved: Vec::new(),
            stamp: vec![0; n],
            clock: 0,
            best: vec![f64::INFINITY; destinations],
            reached: Vec::new(),
        }
    }

    fn touch(&mut self, s: usize) {
        if !self.is_touched[s] {
            self.is_touched[s] = true;
            self.touched.push(s as u32);
        }
    }

    fn reset(&mut self) {
        let n = self.stops;
        for &s in &self.touched {
            let s = s as usize;
            self.is_touched[s] = false;
            for r in 0..self.rounds {
                self.arrive[r * n + s] = f64::INFINITY;
                self.ready[r * n + s] = f64::INFINITY;
            }
        }
        self.touched.clear();
        for &d in &self.reached {
            self.best[d as usize] = f64::INFINITY;
        }
        self.reached.clear();
    }

    /// The events of one origin whose stops within walking distance are `access` (stop,
    /// seconds to walk): every improvement of a destination's earliest arrival, minute by
    /// minute from the last, within `bound` seconds of the departure.
    pub fn run(
        &mut self,
        timetable: &Timetable,
        settings: &Settings,
        access: &[(u32, f64)],
        egress: &Egress,
        bound: f64,
    ) -> Vec<Event> {
        self.reset();
        let n = self.stops;
        let mut events = Vec::new();
        let (first, last) = settings.window();
        for minute in (first..last).rev() {
            let t = f64::from(minute) * 60.0;
            let limit = t + bound;
            // The origin's stops: ready a walk after the departure, with no vehicle yet.
            for &(s, walk) in access {
                let s = s as usize;
                let ready = t + walk;
                if ready >= self.ready[s] {
                    continue;
                }
                for r in 0..self.rounds {
                    self.ready[r * n + s] = self.ready[r * n + s].min(ready);
                }
                self.touch(s);
                // A trip that leaves before the next minute's walk ends is newly catchable.
                let departures = timetable.departures(s);
                let i = departures.partition_point(|&d| d < ready);
                let new = departures
                    .get(i)
                    .is_some_and(|&d| d <= limit && (minute + 1 == last || d < ready + 60.0));
                if new && !self.is_marked[s] {
                    self.is_marked[s] = true;
                    self.marked.push(s as u32);
                }
            }
            for r in 1..=self.rounds {
                if self.marked.is_empty() {
                    break;
                }
                self.round(timetable, r, limit);
                // Destinations within walking distance of the stops reached.
                for k in 0..self.improved.len() {
                    let s = self.improved[k] as usize;
                    let at = self.arrive[(self.rounds - 1) * n + s];
                    for &(d, walk) in egress.of(s) {
                        let arrival = at + walk;
                        let best = &mut self.best[d as usize];
                        if arrival < *best {
                            if best.is_infinite() {
                                self.reached.push(d);
                            }
                            *best = arrival;
                            events.push(Event {
                                destination: d,
                                minute,
                                arrival,
                            });
                        }
                    }
                }
                if r < self.rounds {
                    self.change(timetable, r, limit);
                }
            }
            for &s in &self.marked {
                self.is_marked[s as usize] = false;
            }
            self.marked.clear();
        }
        events
    }

    /// Round `r`: ride one more vehicle from the marked stops.
    fn round(&mut self, timetable: &Timetable, r: usize, limit: f64) {
        let n = self.stops;
        self.clock += 1;
        self.improved.clear();
        for &s in &self.marked {
            self.is_marked[s as usize] = false;
            for &(p, j) in timetable.serving(s as usize) {
                let from = &mut self.from[p as usize];
                if *from == u32::MAX {
                    self.scan.push(p);
                }
                *from = (*from).min(j);
            }
        }
        self.marked.clear();
        let ready = (r - 1) * n;
        for k in 0..self.scan.len() {
            let p = self.scan[k] as usize;
            let pattern = &timetable.patterns[p];
            let len = pattern.stops.len();
            let mut trip: Option<usize> = None;
            for j in self.from[p] as usize..len {
                let s = pattern.stops[j] as usize;
                if let Some(k) = trip
                    && pattern.alight[j]
                {
                    let arrival = pattern.arrival[k * len + j];
                    if arrival <= limit && arrival < self.arrive[(r - 1) * n + s] {
                        for q in r..=self.rounds {
                            let label = &mut self.arrive[(q - 1) * n + s];
                            *label = label.min(arrival);
                        }
                        if !self.is_touched[s] {
                            self.is_touched[s] = true;
                            self.touched.push(s as u32);
                        }
                        if self.stamp[s] != self.clock {
                            self.stamp[s] = self.clock;
                            self.improved.push(s as u32);
                        }
                    }
                }
                let at = self.ready[ready + s];
                if pattern.board[j]
                    && at <= limit
                    && trip.is_none_or(|k| at <= pattern.departure[k * len + j])
                    && let Some(earlier) = pattern.first_trip(j, at)
                    && trip.is_none_or(|k| earlier < k)
                {
                    trip = Some(earlier);
                }
            }
            self.from[p] = u32::MAX;
        }
        self.scan.clear();
    }

    /// After round `r`: change from each stop reached to the stops its changes allow; they are
    /// the stops of round `r + 1`.
    fn change(&mut self, timetable: &Timetable, r: usize, limit: f64) {
        let n = self.stops;
        for k in 0..self.improved.len() {
            let a = self.improved[k] as usize;
            let at = self.arrive[(r - 1) * n + a];
            for &(b, seconds) in timetable.changes(a) {
                let b = b as usize;
                let ready = at + seconds;
                if ready > limit || ready >= self.ready[r * n + b] {
                    continue;
                }
                for q in r..self.rounds {
                    let label = &mut self.ready[q * n + b];
                    *label = label.min(ready);
                }
                self.touch(b);
                if !self.is_marked[b] {
                    self.is_marked[b] = true;
                    self.next.push(b as u32);
                }
            }
        }
        std::mem::swap(&mut self.marked, &mut self.next);
        self.next.clear();
    }
}
