//! A civil day, `YYYY-MM-DD`, checked once where it is read.
//!
//! The registry is read for a day (`--date`), its services and facilities start and end on
//! days, and a timetable runs on a day. Days compare as text because the form is fixed.
//!
//! ```
//! use gapmap::day::Day;
//! let day = Day::try_from("2024-02-29").unwrap();
//! assert_eq!(day.as_str(), "2024-02-29");
//! assert!(Day::try_from("2023-02-29").is_err());
//! // The registry writes date-times; the day is their first ten characters.
//! assert_eq!(Day::of_timestamp("2016-09-01T00:00:00+02:00").unwrap(), Day::try_from("2016-09-01").unwrap());
//! ```

use std::path::Path;

use crate::error::ValueError;

/// A day as `YYYY-MM-DD`, checked: a real day of the Gregorian calendar.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(String);

impl Day {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The civil day of a time in seconds since 1970 (UTC).
    pub fn from_unix(seconds: u64) -> Day {
        Day::from_days((seconds / 86_400) as i64)
    }

    /// The day `days` after 1970-01-01 (Howard Hinnant's days-to-civil algorithm).
    pub fn from_days(days: i64) -> Day {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        let y = yoe + era * 400 + i64::from(m <= 2);
        Day(format!("{y:04}-{m:02}-{d:02}"))
    }

    /// Days since 1970-01-01 (negative before it): the inverse of [`Day::from_days`].
    pub fn days(&self) -> i64 {
        let (y, m, d) = self.parts();
        let y = i64::from(y) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(m);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The weekday, 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday).
    pub fn weekday(&self) -> u8 {
        (self.days() + 3).rem_euclid(7) as u8
    }

    fn parts(&self) -> (u32, u32, u32) {
        let part = |r: std::ops::Range<usize>| self.0[r].parse::<u32>().unwrap_or(0);
        (part(0..4), part(5..7), part(8..10))
    }

    /// The day a file was last changed, if the system tells.
    pub fn of_file(path: &Path) -> Option<Day> {
        let time = std::fs::metadata(path).ok()?.modified().ok()?;
        let seconds = time.duration_since(std::time::UNIX_EPOCH).ok()?.as_secs();
        Some(Day::from_unix(seconds))
    }

    /// The day of an ISO 8601 date or date-time (`2016-09-01`, `2016-09-01T00:00:00`,
    /// `2016-09-01T00:00:00.000+02:00`): its first ten characters, checked. The time of day
    /// is not needed, but what follows the day must be a time.
    pub fn of_timestamp(s: &str) -> Result<Day, ValueError> {
        let s = s.trim();
        let bad = || {
            ValueError::new(
                "date",
                format!("{s:?}"),
                "must be a day as YYYY-MM-DD, optionally followed by a time (T00:00:00)",
            )
        };
        let (day, rest) = match (s.get(..10), s.get(10..)) {
            (Some(d), Some(r)) => (d, r),
            _ => return Err(bad()),
        };
        let time_ok = rest.is_empty()
            || ((rest.starts_with('T') || rest.starts_with(' '))
                && rest[1..].bytes().next().is_some_and(|b| b.is_ascii_digit()));
        if !time_ok {
            return Err(bad());
        }
        Day::try_from(day).map_err(|_| bad())
    }
}

impl std::fmt::Display for Day {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<&str> for Day {
    type Error = ValueError;

    fn try_from(s: &str) -> std::result::Result<Self, ValueError> {
        let bad = || ValueError::new("date", format!("{s:?}"), "must be a day as YYYY-MM-DD");
        let b = s.as_bytes();
        if b.len() != 10
            || b.get(4) != Some(&b'-')
            || b.get(7) != Some(&b'-')
            || !b
                .iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        {
            return Err(bad());
        }
        let part = |r: std::ops::Range<usize>| s[r].parse::<u32>().map_err(|_| bad());
        let (y, m, d) = (part(0..4)?, part(5..7)?, part(8..10)?);
        if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
            return Err(bad());
        }
        Ok(Day(s.to_string()))
    }
}

fn days_in_month(y: u32, m: u32) -> u32 {
    let leap = y.is_multiple_of(4) && (!y.is_multiple_of(100) || y.is_multiple_of(400));
    match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_checked_and_made_from_unix_time() {
        assert!(Day::try_from("2024-02-29").is_ok());
        assert!(Day::try_from("2023-02-29").is_err());
        assert!(Day::try_from("2024-13-01").is_err());
        assert!(Day::try_from("24-01-01").is_err());
        assert!(Day::try_from("2024-+1-01").is_err());
        assert_eq!(Day::from_unix(0).as_str(), "1970-01-01");
        // 2026-11-24 is day 20,781 since 1970-01-01.
        assert_eq!(
            Day::from_unix(20_781 * 86_400 + 3_600).as_str(),
            "2026-11-24"
        );
    }

    #[test]
    fn day_numbers_and_weekdays_round_trip() {
        let d = Day::try_from("2026-11-24").unwrap();
        assert_eq!(d.days(), 20_781);
        // 24 Nov 2026 is a Tuesday; 1 Jan 2000 was a Saturday; 29 Feb 1904 a Monday.
        assert_eq!(d.weekday(), 1);
        assert_eq!(Day::try_from("2000-01-01").unwrap().weekday(), 5);
        assert_eq!(Day::try_from("1904-02-29").unwrap().weekday(), 0);
        for n in [-700_000, -1, 0, 59, 10_957, 20_781, 2_932_000] {
            assert_eq!(Day::from_days(n).days(), n, "{n}");
        }
    }

    #[test]
    fn timestamps_give_their_day() {
        for s in [
            "2016-09-01",
            "2016-09-01T00:00:00",
            "2016-09-01T00:00:00.000+02:00",
            " 2016-09-01 12:00 ",
        ] {
            assert_eq!(Day::of_timestamp(s).unwrap().as_str(), "2016-09-01", "{s}");
        }
        for s in [
            "",
            "2016-09",
            "2016-09-01X",
            "01.09.2016",
            "2016-09-31",
            "2016-09-01T",
        ] {
            assert!(Day::of_timestamp(s).is_err(), "{s}");
        }
    }
}
