//! Which services run on a day: `calendar.txt` (the weekday's flag, and `start_date` ≤ day ≤
//! `end_date`), then `calendar_dates.txt` (1 adds the day, 2 removes it). A service that has
//! only `calendar_dates.txt` rows is normal.

#![allow(
    clippy::indexing_slicing,
    reason = "stop, trip and day numbers index the arrays this reader builds together from the feed"
)]

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::source::{Source, Table};
use crate::day::Day;
use crate::error::Result;

/// The services of a feed that run on each of the days asked for, and the days the feed covers.
pub(super) struct Calendar {
    /// Per day asked for (in order), the service ids that run.
    pub running: Vec<HashSet<String>>,
    /// The first and last day any service of the feed runs on, as far as its files say.
    pub covers: Option<(Day, Day)>,
}

/// A GTFS date, `YYYYMMDD`.
fn gtfs_day(table: &Table<'_>, c: usize, record: &str) -> Result<Day> {
    let s = table.text(c)?;
    let iso = (s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| format!("{}-{}-{}", &s[..4], &s[4..6], &s[6..]));
    iso.and_then(|d| Day::try_from(d.as_str()).ok())
        .ok_or_else(|| {
            table
                .error(
                    Some(record.to_string()),
                    c,
                    format!("invalid date (got {s:?}): must be YYYYMMDD"),
                )
                .into()
        })
}

/// Reads the feed's calendar for `days`.
pub(super) fn read(source: &mut Source, feed: &Path, days: &[Day]) -> Result<Calendar> {
    const WEEKDAYS: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    let mut running: Vec<HashSet<String>> = vec![HashSet::new(); days.len()];
    let mut covers: Option<(Day, Day)> = None;
    let mut cover = |from: &Day, to: &Day| {
        covers = Some(match covers.take() {
            None => (from.clone(), to.clone()),
            Some((a, b)) => (a.min(from.clone()), b.max(to.clone())),
        });
    };
    source.with(feed, "calendar.txt", |mut t| {
        let id = t.column("service_id")?;
        let flags: Vec<usize> = WEEKDAYS
            .iter()
            .map(|d| t.column(d))
            .collect::<Result<_>>()?;
        let (start, end) = (t.column("start_date")?, t.column("end_date")?);
        while t.next()? {
            let service = t.text(id)?.to_string();
            let record = format!("service {service}");
            let (from, to) = (gtfs_day(&t, start, &record)?, gtfs_day(&t, end, &record)?);
            cover(&from, &to);
            for (k, day) in days.iter().enumerate() {
                let flag = flags[usize::from(day.weekday())];
                let on = match t.text(flag)? {
                    "1" => true,
                    "0" | "" => false,
                    other => {
                        return Err(t
                            .error(
                                Some(record),
                                flag,
                                format!("invalid weekday flag (got {other:?}): must be 0 or 1"),
                            )
                            .into());
                    }
                };
                if on && from <= *day && *day <= to {
                    running[k].insert(service.clone());
                }
            }
        }
        Ok(())
    })?;
    source.with(feed, "calendar_dates.txt", |mut t| {
        let (id, date, kind) = (
            t.column("service_id")?,
            t.column("date")?,
            t.column("exception_type")?,
        );
        let mut exceptions: HashMap<(usize, String), bool> = HashMap::new();
        while t.next()? {
            let service = t.text(id)?.to_string();
            let record = format!("service {service}");
            let day = gtfs_day(&t, date, &record)?;
            let added = match t.text(kind)? {
                "1" => true,
                "2" => false,
                other => {
                    return Err(t
                        .error(
                            Some(record),
                            kind,
                            format!("invalid exception_type (got {other:?}): must be 1 or 2"),
                        )
                        .into());
                }
            };
            if added {
                cover(&day, &day);
            }
            if let Some(k) = days.iter().position(|d| *d == day) {
                exceptions.insert((k, service), added);
            }
        }
        for ((k, service), added) in exceptions {
            if added {
                running[k].insert(service);
            } else {
                running[k].remove(&service);
            }
        }
        Ok(())
    })?;
    Ok(Calendar { running, covers })
}
