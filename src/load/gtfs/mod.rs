//! GTFS feeds (zips or folders of `.txt` files), read for one service day into the runs of
//! [`crate::transit`]: a streaming reader of only the columns gapmap uses.
//!
//! - The trips of the day are those whose service runs that day (`calendar`), and those of the
//!   day before, 24 h earlier, so that their times past 24:00:00 count.
//! - `frequencies.txt`: such a trip runs at `start_time`, `start_time + headway_secs`, … while
//!   before `end_time`, each run keeping the trip's offsets from its first stop (`exact_times`
//!   is read as 1).
//! - Ids are per feed: stops of different feeds meet only through changes on foot.
//! - `transfers.txt` rows without trip ids become [`Rule`]s; a row naming a station applies to
//!   every stop whose `parent_station` it is.
//!
//! Every error names the feed, the file inside it, the row and the value:
//! `bus.zip/stop_times.txt: line 7 (trip T1), field `arrival_time`: invalid time (got "7:5")…`.

#![allow(
    clippy::indexing_slicing,
    reason = "stop, trip and day numbers index the arrays this reader builds together from the feed"
)]

mod calendar;
mod source;
mod stop_times;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

pub use stop_times::parse_time;

use crate::day::Day;
use crate::error::{InputError, Result};
use crate::model::LonLat;
use crate::transit::{Rule, Run};
use source::Source;

/// The feeds of a scenario, read for one day.
#[derive(Debug, Clone, Default)]
pub struct Feeds {
    /// Every stop of every feed, in feed order.
    pub stops: Vec<LonLat>,
    pub runs: Vec<Run>,
    pub rules: Vec<(u32, u32, Rule)>,
    /// Per feed: its path, the trips that run on the day, those of the day before, and the
    /// days its calendar covers.
    pub feeds: Vec<FeedSummary>,
}

/// What a feed gave for the day.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedSummary {
    pub path: PathBuf,
    pub stops: usize,
    pub trips_today: usize,
    pub trips_yesterday: usize,
    pub covers: Option<(Day, Day)>,
}

/// Reads every feed of `paths` for `date`.
pub fn read(paths: &[PathBuf], date: &Day) -> Result<Feeds> {
    let days = [date.clone(), Day::from_days(date.days() - 1)];
    let mut out = Feeds::default();
    for path in paths {
        let mut source = Source::open(path)?;
        feed(path, &mut source, &days, &mut out)?;
    }
    Ok(out)
}

/// As [`read`], for one zipped feed given as bytes; `path` names it in errors.
pub fn parse(path: &Path, bytes: Vec<u8>, date: &Day) -> Result<Feeds> {
    let days = [date.clone(), Day::from_days(date.days() - 1)];
    let mut out = Feeds::default();
    let mut source = Source::zip(path, bytes)?;
    feed(path, &mut source, &days, &mut out)?;
    Ok(out)
}

/// The files a feed must have.
const REQUIRED: [&str; 3] = ["stops.txt", "trips.txt", "stop_times.txt"];

fn feed(path: &Path, source: &mut Source, days: &[Day; 2], out: &mut Feeds) -> Result<()> {
    for file in REQUIRED {
        if !source.has(file) {
            return Err(lacks(path, file).into());
        }
    }
    if !source.has("calendar.txt") && !source.has("calendar_dates.txt") {
        return Err(lacks(path, "both calendar.txt and calendar_dates.txt").into());
    }
    let calendar = calendar::read(source, path, days)?;

    // Stops and stations, numbered after those of the feeds before.
    let mut ids: HashMap<String, u32> = HashMap::new();
    let mut parents: Vec<(u32, String)> = Vec::new();
    let mut stations: HashSet<u32> = HashSet::new();
    source.with(path, "stops.txt", |mut t| {
        let (c_id, c_lat, c_lon) = (
            t.column("stop_id")?,
            t.column("stop_lat")?,
            t.column("stop_lon")?,
        );
        let (c_type, c_parent) = (t.optional("location_type"), t.optional("parent_station"));
        while t.next()? {
            let id = t.text(c_id)?.to_string();
            let kind = match c_type {
                Some(c) => t.text(c)?,
                None => "",
            };
            // Entrances, generic nodes and boarding areas are not where trips stop.
            if !matches!(kind, "" | "0" | "1") {
                continue;
            }
            let record = Some(format!("stop {id}"));
            let number = |c: usize| -> Result<f64> {
                let s = t.text(c)?;
                s.parse::<f64>().map_err(|_| {
                    t.error(
                        record.clone(),
                        c,
                        format!("invalid coordinate (got {s:?}): must be a number"),
                    )
                    .into()
                })
            };
            let (lat, lon) = (number(c_lat)?, number(c_lon)?);
            let at = LonLat::try_from((lon, lat))
                .map_err(|e| t.error(record.clone(), c_lat, e.about(&format!("stop {id}"))))?;
            let index = out.stops.len() as u32;
            if ids.insert(id.clone(), index).is_some() {
                return Err(t
                    .error(record, c_id, format!("stop_id {id:?} is repeated"))
                    .into());
            }
            if kind == "1" {
                stations.insert(index);
            }
            if let Some(c) = c_parent {
                let parent = t.text(c)?;
                if !parent.is_empty() {
                    parents.push((index, parent.to_string()));
                }
            }
            out.stops.push(at);
        }
        Ok(())
    })?;
    // The stops of each station, for transfers.txt.
    let mut children: HashMap<u32, Vec<u32>> = HashMap::new();
    for (child, parent) in parents {
        if let Some(&p) = ids.get(&parent) {
            children.entry(p).or_default().push(child);
        }
    }

    // Trips: which days each runs on.
    let mut trip_ids: HashMap<String, u32> = HashMap::new();
    let mut names: Vec<String> = Vec::new();
    let mut runs_on: Vec<[bool; 2]> = Vec::new();
    source.with(path, "trips.txt", |mut t| {
        let (c_trip, c_service) = (t.column("trip_id")?, t.column("service_id")?);
        while t.next()? {
            let id = t.text(c_trip)?.to_string();
            let service = t.text(c_service)?;
            let on = [
                calendar.running[0].contains(service),
                calendar.running[1].contains(service),
            ];
            let k = names.len() as u32;
            if trip_ids.insert(id.clone(), k).is_some() {
                return Err(t
                    .error(
                        Some(format!("trip {id}")),
                        c_trip,
                        format!("trip_id {id:?} is repeated"),
                    )
                    .into());
            }
            names.push(id);
            runs_on.push(on);
        }
        Ok(())
    })?;

    // Frequencies: the starts of each trip's runs.
    let mut frequencies: HashMap<u32, Vec<(u32, u32, u32)>> = HashMap::new();
    source.with(path, "frequencies.txt", |mut t| {
        let c_trip = t.column("trip_id")?;
        let (c_start, c_end, c_head) = (
            t.column("start_time")?,
            t.column("end_time")?,
            t.column("headway_secs")?,
        );
        while t.next()? {
            let id = t.text(c_trip)?;
            let record = || Some(format!("trip {id}"));
            let trip = *trip_ids.get(id).ok_or_else(|| {
                t.error(
                    record(),
                    c_trip,
                    format!("unknown trip {id:?}: it is not in trips.txt"),
                )
            })?;
            let time = |c: usize| -> Result<u32> {
                let s = t.text(c)?;
                parse_time(s).ok_or_else(|| {
                    t.error(
                        record(),
                        c,
                        format!("invalid time (got {s:?}): must be H:MM:SS or HH:MM:SS"),
                    )
                    .into()
                })
            };
            let (start, end) = (time(c_start)?, time(c_end)?);
            let h = t.text(c_head)?;
            let headway = h.parse::<u32>().ok().filter(|&h| h > 0).ok_or_else(|| {
                t.error(
                    record(),
                    c_head,
                    format!("invalid headway_secs (got {h:?}): must be a whole number > 0"),
                )
            })?;
            frequencies
                .entry(trip)
                .or_default()
                .push((start, end, headway));
        }
        Ok(())
    })?;

    // Stop times, by trip and sequence, then each trip's runs.
    let mut rows = stop_times::read(source, path, &trip_ids, &ids)?;
    rows.par_sort_unstable_by_key(|r| (r.trip, r.sequence));
    let name = path.join("stop_times.txt");
    let by_trip: Vec<&[stop_times::StopTime]> = rows.chunk_by(|a, b| a.trip == b.trip).collect();
    let schedules: Vec<(u32, stop_times::Schedule)> = by_trip
        .par_iter()
        .map(|rows| {
            let trip = rows[0].trip;
            stop_times::schedule(rows, &out.stops, &name, &names[trip as usize]).map(|s| (trip, s))
        })
        .collect::<Result<_>>()?;
    let (mut today, mut yesterday) = (0, 0);
    for (trip, schedule) in schedules {
        for (day, shift) in [(0, 0.0), (1, -86_400.0)] {
            if !runs_on[trip as usize][day] {
                continue;
            }
            if day == 0 {
                today += 1;
            } else {
                yesterday += 1;
            }
            let starts: Vec<f64> = match frequencies.get(&trip) {
                None => vec![0.0],
                Some(windows) => {
                    let first = schedule.departure[0];
                    let mut starts = Vec::new();
                    for &(start, end, headway) in windows {
                        let mut at = start;
                        while at < end {
                            starts.push(f64::from(at) - first);
                            at += headway;
                        }
                    }
                    starts
                }
            };
            for offset in starts {
                let moved = |times: &[f64]| times.iter().map(|t| t + offset + shift).collect();
                out.runs.push(Run {
                    stops: schedule.stops.clone(),
                    arrival: moved(&schedule.arrival),
                    departure: moved(&schedule.departure),
                    board: schedule.board.clone(),
                    alight: schedule.alight.clone(),
                });
            }
        }
    }

    // Transfers between stops; a station stands for its stops.
    source.with(path, "transfers.txt", |mut t| {
        let (c_from, c_to, c_kind) = (
            t.column("from_stop_id")?,
            t.column("to_stop_id")?,
            t.column("transfer_type")?,
        );
        let c_time = t.optional("min_transfer_time");
        let trip_columns = [t.optional("from_trip_id"), t.optional("to_trip_id")];
        while t.next()? {
            let mut names_trip = false;
            for c in trip_columns.iter().flatten() {
                names_trip |= !t.text(*c)?.is_empty();
            }
            if names_trip {
                continue;
            }
            let (from, to) = (t.text(c_from)?, t.text(c_to)?);
            let record = || Some(format!("transfer {from} → {to}"));
            let stops_of = |c: usize, id: &str| -> Result<Vec<u32>> {
                let &s = ids.get(id).ok_or_else(|| {
                    t.error(
                        record(),
                        c,
                        format!("unknown stop {id:?}: it is not in stops.txt"),
                    )
                })?;
                Ok(match (stations.contains(&s), children.get(&s)) {
                    (true, Some(kids)) => kids.iter().copied().chain([s]).collect(),
                    _ => vec![s],
                })
            };
            let rule = match t.text(c_kind)? {
                "" | "0" | "1" => continue,
                "2" => {
                    let c = c_time.ok_or_else(|| {
                        t.error(
                            record(),
                            c_kind,
                            "transfer_type 2 needs min_transfer_time".into(),
                        )
                    })?;
                    let s = t.text(c)?;
                    let seconds = s.parse::<u32>().map_err(|_| {
                        t.error(
                            record(),
                            c,
                            format!(
                                "invalid min_transfer_time (got {s:?}): must be whole seconds ≥ 0"
                            ),
                        )
                    })?;
                    Rule::Takes(f64::from(seconds))
                }
                "3" => Rule::Forbidden,
                other => {
                    return Err(t
                        .error(
                            record(),
                            c_kind,
                            format!("invalid transfer_type (got {other:?}): must be 0, 1, 2 or 3"),
                        )
                        .into());
                }
            };
            for a in stops_of(c_from, from)? {
                for b in stops_of(c_to, to)? {
                    out.rules.push((a, b, rule));
                }
            }
        }
        Ok(())
    })?;

    out.feeds.push(FeedSummary {
        path: path.to_path_buf(),
        stops: ids.len(),
        trips_today: today,
        trips_yesterday: yesterday,
        covers: calendar.covers,
    });
    Ok(())
}

fn lacks(feed: &Path, what: &str) -> InputError {
    InputError::file(
        feed,
        format!(
            "lacks {what}: a GTFS feed needs stops.txt, trips.txt, stop_times.txt, and \
             calendar.txt or calendar_dates.txt"
        ),
    )
}
