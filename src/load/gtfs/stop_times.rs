//! `stop_times.txt`: read as a stream of the columns gapmap uses, then each trip's times
//! checked and completed.
//!
//! - Times are `H:MM:SS` or `HH:MM:SS`; hours may exceed 23.
//! - A stop_time with only one of its two times uses it for both.
//! - A stop_time without times is interpolated between the departure at the timed stop before
//!   it and the arrival at the timed stop after it, in proportion to the straight-line
//!   distance along the trip's stops. A trip's first and last stops must be timed.
//! - A trip's times may not go backwards.

#![allow(
    clippy::indexing_slicing,
    reason = "stop, trip and day numbers index the arrays this reader builds together from the feed"
)]

use std::collections::HashMap;
use std::path::Path;

use super::source::Source;
use crate::error::{InputError, Location, Result};
use crate::index::km;
use crate::model::LonLat;

/// One row of `stop_times.txt`, as ids resolved to indices.
#[derive(Debug, Clone, Copy)]
pub(super) struct StopTime {
    pub trip: u32,
    pub sequence: u32,
    pub stop: u32,
    pub arrival: Option<u32>,
    pub departure: Option<u32>,
    pub board: bool,
    pub alight: bool,
    pub line: u32,
}

/// `H:MM:SS` or `HH:MM:SS` (hours may exceed 23, up to three digits) in seconds. Read byte by
/// byte: a national feed has six million of them.
pub fn parse_time(s: &str) -> Option<u32> {
    let b = s.as_bytes();
    let colon = b.iter().position(|&c| c == b':')?;
    if !(1..=3).contains(&colon) || b.len() != colon + 6 || b.get(colon + 3) != Some(&b':') {
        return None;
    }
    let digits = |part: &[u8]| -> Option<u32> {
        part.iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let h = digits(b.get(..colon)?)?;
    let m = digits(b.get(colon + 1..colon + 3)?)?;
    let sec = digits(b.get(colon + 4..)?)?;
    (m < 60 && sec < 60).then_some(h * 3600 + m * 60 + sec)
}

/// Every row of `stop_times.txt`, naming known trips and stops.
pub(super) fn read(
    source: &mut Source,
    feed: &Path,
    trips: &HashMap<String, u32>,
    stops: &HashMap<String, u32>,
) -> Result<Vec<StopTime>> {
    let rows = source.with(feed, "stop_times.txt", |mut t| {
        let c_trip = t.column("trip_id")?;
        let c_stop = t.column("stop_id")?;
        let c_seq = t.column("stop_sequence")?;
        let c_arr = t.column("arrival_time")?;
        let c_dep = t.column("departure_time")?;
        let c_pick = t.optional("pickup_type");
        let c_drop = t.optional("drop_off_type");
        let mut rows = Vec::new();
        while t.next()? {
            let trip_id = t.text(c_trip)?;
            let record = || Some(format!("trip {trip_id}"));
            let Some(&trip) = trips.get(trip_id) else {
                return Err(t
                    .error(
                        record(),
                        c_trip,
                        format!("unknown trip {trip_id:?}: it is not in trips.txt"),
                    )
                    .into());
            };
            let stop_id = t.text(c_stop)?;
            let Some(&stop) = stops.get(stop_id) else {
                return Err(t
                    .error(
                        record(),
                        c_stop,
                        format!("unknown stop {stop_id:?}: it is not in stops.txt"),
                    )
                    .into());
            };
            let seq_text = t.text(c_seq)?;
            let sequence = seq_text.parse::<u32>().map_err(|_| {
                t.error(
                    record(),
                    c_seq,
                    format!("invalid stop_sequence (got {seq_text:?}): must be a whole number ≥ 0"),
                )
            })?;
            let time = |c: usize| -> Result<Option<u32>> {
                let s = t.text(c)?;
                if s.is_empty() {
                    return Ok(None);
                }
                parse_time(s).map(Some).ok_or_else(|| {
                    t.error(
                        record(),
                        c,
                        format!("invalid time (got {s:?}): must be H:MM:SS or HH:MM:SS"),
                    )
                    .into()
                })
            };
            let (arrival, departure) = (time(c_arr)?, time(c_dep)?);
            let flag = |c: Option<usize>| -> Result<bool> {
                let Some(c) = c else { return Ok(true) };
                match t.text(c)? {
                    "" | "0" | "2" | "3" => Ok(true),
                    "1" => Ok(false),
                    other => Err(t
                        .error(
                            record(),
                            c,
                            format!("invalid value (got {other:?}): must be 0, 1, 2 or 3"),
                        )
                        .into()),
                }
            };
            rows.push(StopTime {
                trip,
                sequence,
                stop,
                arrival: arrival.or(departure),
                departure: departure.or(arrival),
                board: flag(c_pick)?,
                alight: flag(c_drop)?,
                line: u32::try_from(t.line()).unwrap_or(u32::MAX),
            });
        }
        Ok(rows)
    })?;
    rows.ok_or_else(|| InputError::file(feed, "lacks stop_times.txt").into())
}

/// A trip's stops and times, checked, with untimed stops interpolated: seconds after the start
/// of its service day.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Schedule {
    pub stops: Vec<u32>,
    pub arrival: Vec<f64>,
    pub departure: Vec<f64>,
    pub board: Vec<bool>,
    pub alight: Vec<bool>,
}

/// The schedule of one trip from its rows in sequence order; `name` is the file and `trip` the
/// trip's id, for errors.
pub(super) fn schedule(
    rows: &[StopTime],
    at: &[LonLat],
    name: &Path,
    trip: &str,
) -> Result<Schedule> {
    let err = |row: &StopTime, field: &str, message: String| {
        InputError::at(
            name,
            Location::Record {
                line: u64::from(row.line),
                record: format!("trip {trip}"),
            },
            message,
        )
        .field(field)
    };
    for pair in rows.windows(2) {
        if pair[1].sequence == pair[0].sequence {
            return Err(err(
                &pair[1],
                "stop_sequence",
                format!("stop_sequence {} is repeated in the trip", pair[1].sequence),
            )
            .into());
        }
    }
    let (first, last) = (&rows[0], &rows[rows.len() - 1]);
    for row in [first, last] {
        if row.arrival.is_none() {
            return Err(err(
                row,
                "arrival_time",
                "a trip's first and last stops must have times (got none)".into(),
            )
            .into());
        }
    }
    // Distance along the trip's stops, for interpolation.
    let mut along = Vec::with_capacity(rows.len());
    let mut total = 0.0;
    for (k, row) in rows.iter().enumerate() {
        if k > 0 {
            total += km(at[rows[k - 1].stop as usize], at[row.stop as usize]);
        }
        along.push(total);
    }
    let mut arrival = vec![0.0; rows.len()];
    let mut departure = vec![0.0; rows.len()];
    let mut previous: Option<usize> = None;
    for (k, row) in rows.iter().enumerate() {
        let (Some(a), Some(d)) = (row.arrival, row.departure) else {
            continue;
        };
        if d < a {
            return Err(err(
                row,
                "departure_time",
                format!("departs ({}) before it arrives ({})", clock(d), clock(a)),
            )
            .into());
        }
        if let Some(p) = previous {
            let before = departure[p];
            if f64::from(a) < before {
                return Err(err(
                    row,
                    "arrival_time",
                    format!(
                        "times go backwards: arrives at {} after leaving the stop before at {}",
                        clock(a),
                        clock(before as u32)
                    ),
                )
                .into());
            }
            // The untimed stops between: in proportion to the distance along the stops, or
            // evenly where the timed stops are at one place.
            let span = along[k] - along[p];
            for (i, mid) in (p + 1..k).enumerate() {
                let share = if span > 0.0 {
                    (along[mid] - along[p]) / span
                } else {
                    (i + 1) as f64 / (k - p) as f64
                };
                let time = before + (f64::from(a) - before) * share;
                arrival[mid] = time;
                departure[mid] = time;
            }
        }
        arrival[k] = f64::from(a);
        departure[k] = f64::from(d);
        previous = Some(k);
    }
    Ok(Schedule {
        stops: rows.iter().map(|r| r.stop).collect(),
        arrival,
        departure,
        board: rows.iter().map(|r| r.board).collect(),
        alight: rows.iter().map(|r| r.alight).collect(),
    })
}

/// Seconds as `HH:MM:SS`.
fn clock(s: u32) -> String {
    format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_may_pass_midnight_and_have_one_digit_hours() {
        assert_eq!(parse_time("6:00:00"), Some(21_600));
        assert_eq!(parse_time("25:35:00"), Some(92_100));
        assert_eq!(parse_time("07:05:09"), Some(25_509));
        for bad in [
            "7:5:00",
            "07:60:00",
            "07:00",
            "",
            "7:00:00:00",
            "x7:00:00",
            "-1:00:00",
        ] {
            assert_eq!(parse_time(bad), None, "{bad}");
        }
    }
}
