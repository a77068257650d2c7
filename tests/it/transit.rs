//! Travel by public transport, worked by hand from the contract's definitions.
//!
//! The hand world lies on the meridian 15° E. A degree of latitude is R·π/180 with
//! R = 6,371.0088 km: 111,195.08 m. The origin O (a demand point) is at 50.0000°, stop S1 at
//! 50.0020° (222.39 m: 200.151 s at 4 km/h), S2 at 50.1000°, S2b at 50.1018° (200.15 m from
//! S2: 180.136 s), S3 at 50.2000°, and the provider D at 50.2020° (200.151 s from S3). The day
//! is Tuesday 10 March 2026; departures every minute 07:00–07:09 (n = 10), so the median is
//! the 5th smallest time.

use crate::common;

use std::collections::HashMap;
use std::path::Path;

use crate::common::{assert_refused, gapmap, read_csv, world};

/// Metres along the meridian for `degrees` of latitude.
fn metres(degrees: f64) -> f64 {
    6_371_008.8 * degrees.to_radians()
}

/// Seconds to walk `m` metres at 4 km/h.
fn walk(m: f64) -> f64 {
    m / (4000.0 / 3600.0)
}

/// Minutes rounded to 0.01, as the contract writes them.
fn minutes(seconds: f64) -> f64 {
    (seconds / 60.0 * 100.0).round() / 100.0
}

/// The percentile of `times` (seconds, `None` for no journey) at rank ⌈p/100 × n⌉.
fn percentile(mut times: Vec<Option<f64>>, p: usize) -> Option<f64> {
    times.sort_by(|a, b| match (a, b) {
        (Some(x), Some(y)) => x.total_cmp(y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    let rank = (p * times.len()).div_ceil(100);
    times[rank - 1]
}

const STOPS: &str = "stop_id,stop_name,stop_lat,stop_lon\n\
S1,One,50.0020,15.0\nS2,Two,50.1000,15.0\nS2b,Two b,50.1018,15.0\nS3,Three,50.2000,15.0\n";
const CALENDAR: &str = "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n\
WK,1,1,1,1,1,0,0,20260101,20261231\n";
/// A: S1 07:10 → S2 07:30; B: S2 07:35 → S3 07:50.
const TRIPS: &str = "route_id,service_id,trip_id\nR,WK,A\nR,WK,B\n";
const STOP_TIMES: &str = "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n\
A,07:10:00,07:10:00,S1,1\nA,07:30:00,07:30:00,S2,2\n\
B,07:35:00,07:35:00,S2,1\nB,07:50:00,07:50:00,S3,2\n";

fn scenario(travel: &str) -> String {
    format!(
        r#"name = "hand"
[inputs]
demand_points = "points.csv"
providers = "providers.csv"
gtfs = "feed"
[groups.all]
columns = ["total"]
[services.care]
form = "outpatient"
catchment = 90.0
need = [{{ group = "all", per_1000 = 10.0 }}]
[travel]
mode = "transit"
date = "2026-03-10"
window = ["07:00", "07:10"]
{travel}
"#
    )
}

/// A world with the feed's files (`feed/<name>`) replaced or added by `files`.
fn hand_world(travel: &str, files: &[(&str, &str)]) -> tempfile::TempDir {
    let scenario = scenario(travel);
    let mut all: Vec<(&str, &str)> = vec![
        ("scenario.toml", scenario.as_str()),
        ("points.csv", "id,lon,lat,total\nO,15.0,50.0,1000\n"),
        (
            "providers.csv",
            "id,name,service,capacity,lon,lat\nD,Far,care,5,15.0,50.2020\nP2,Near,care,5,15.0,50.0072\n",
        ),
        ("feed/stops.txt", STOPS),
        ("feed/calendar.txt", CALENDAR),
        ("feed/trips.txt", TRIPS),
        ("feed/stop_times.txt", STOP_TIMES),
    ];
    for (name, text) in files {
        match all.iter_mut().find(|(n, _)| n == name) {
            Some(entry) => entry.1 = text,
            None => all.push((name, text)),
        }
    }
    world(&all)
}

/// The matrix `gapmap costs` writes: (origin, destination) → minutes.
fn costs(dir: &Path) -> HashMap<(String, String), f64> {
    common::costs(dir, "scenario.toml", &[])
}

fn to_d(dir: &Path) -> Option<f64> {
    costs(dir).get(&("O".into(), "D".into())).copied()
}

/// T(t) for the departures 07:00–07:09 of a journey that catches a vehicle leaving S1 at
/// `leaves(t)` (minutes after 07:00; `None`: none caught) and reaches D at `arrives` minutes
/// after 07:00 of that vehicle's arrival at S3.
fn times(leaves: impl Fn(f64) -> Option<f64>, arrives: impl Fn(f64) -> f64) -> Vec<Option<f64>> {
    let access = walk(metres(0.002));
    let egress = walk(metres(0.002));
    (0..10)
        .map(|t| {
            let t = f64::from(t);
            let ready = t * 60.0 + access;
            leaves(ready).map(|vehicle| arrives(vehicle) * 60.0 + egress - t * 60.0)
        })
        .collect()
}

/// Catches the 07:10 from S1 when ready by then.
fn the_0710(ready: f64) -> Option<f64> {
    (ready <= 600.0).then_some(10.0)
}

#[test]
fn a_change_with_transfer_minutes_and_unreachable_departures() {
    // Ready at S1 t + 3.336 min: departures 07:00–07:06 catch A; changing at S2 takes the
    // 2 minutes (ready 07:32 for B at 07:35); D at 07:53:20.151. 07:07–07:09 catch nothing (∞).
    let expected = percentile(times(the_0710, |_| 50.0), 50).map(minutes);
    assert_eq!(expected, Some(51.34));
    assert_eq!(to_d(hand_world("", &[]).path()), expected);
    // The 7th smallest is 07:00's 53.34; the 8th is ∞: no journey, out of reach.
    let p70 = percentile(times(the_0710, |_| 50.0), 70).map(minutes);
    assert_eq!(to_d(hand_world("percentile = 70", &[]).path()), p70);
    assert_eq!(p70, Some(53.34));
    assert_eq!(to_d(hand_world("percentile = 80", &[]).path()), None);
    // Six minutes to change: ready 07:36, B is gone.
    assert_eq!(to_d(hand_world("transfer_minutes = 6", &[]).path()), None);
    // No change allowed at all.
    assert_eq!(to_d(hand_world("max_transfers = 0", &[]).path()), None);
}

#[test]
fn a_walk_between_stops_when_changing() {
    // B leaves from S2b at 07:36: the walk S2–S2b (180.136 s) plus 2 minutes, ready
    // 07:35:00.136; D at 07:51:20.151.
    let b = STOP_TIMES.replace(
        "B,07:35:00,07:35:00,S2,1\nB,07:50:00,07:50:00,S3,2",
        "B,07:36:00,07:36:00,S2b,1\nB,07:51:00,07:51:00,S3,2",
    );
    let expected = percentile(times(the_0710, |_| 51.0), 50).map(minutes);
    assert_eq!(expected, Some(52.34));
    assert_eq!(
        to_d(hand_world("", &[("feed/stop_times.txt", &b)]).path()),
        expected
    );
    // 200 m is more than transfer_walk_m = 150.
    assert_eq!(
        to_d(hand_world("transfer_walk_m = 150", &[("feed/stop_times.txt", &b)]).path()),
        None
    );
    // Changing 200 m on at 4 km/h plus 2 min is 5 min 0.136 s: B at 07:35 from S2b is missed.
    let tight = STOP_TIMES.replace("B,07:35:00,07:35:00,S2,1", "B,07:35:00,07:35:00,S2b,1");
    assert_eq!(
        to_d(hand_world("", &[("feed/stop_times.txt", &tight)]).path()),
        None
    );
}

#[test]
fn transfers_txt_types_2_and_3() {
    // B leaves S2b at 07:31 and reaches S3 at 07:46 (D at 07:49:20.151). By distance and
    // transfer_minutes the change takes 5 min 0.136 s and misses it; a type-2 row makes it
    // 30 s: ready 07:30:30. The median is departure 07:02's 49.336 − 2 = 47.34.
    let b = STOP_TIMES.replace(
        "B,07:35:00,07:35:00,S2,1\nB,07:50:00,07:50:00,S3,2",
        "B,07:31:00,07:31:00,S2b,1\nB,07:46:00,07:46:00,S3,2",
    );
    assert_eq!(
        to_d(hand_world("", &[("feed/stop_times.txt", &b)]).path()),
        None
    );
    let type2 = "from_stop_id,to_stop_id,transfer_type,min_transfer_time\nS2,S2b,2,30\n";
    let expected = percentile(times(the_0710, |_| 46.0), 50).map(minutes);
    assert_eq!(expected, Some(47.34));
    assert_eq!(
        to_d(
            hand_world(
                "",
                &[("feed/stop_times.txt", &b), ("feed/transfers.txt", type2)]
            )
            .path()
        ),
        expected
    );
    // A station: the row names the station ST, whose stop S2 is; it applies to S2.
    let stations = format!("{STOPS}ST,Station,50.1000,15.0\n")
        .replace(
            "stop_id,stop_name,stop_lat,stop_lon",
            "stop_id,stop_name,stop_lat,stop_lon,location_type,parent_station",
        )
        .replace("S1,One,50.0020,15.0", "S1,One,50.0020,15.0,0,")
        .replace("S2,Two,50.1000,15.0", "S2,Two,50.1000,15.0,0,ST")
        .replace("S2b,Two b,50.1018,15.0", "S2b,Two b,50.1018,15.0,0,")
        .replace("S3,Three,50.2000,15.0", "S3,Three,50.2000,15.0,0,")
        .replace("ST,Station,50.1000,15.0", "ST,Station,50.1000,15.0,1,");
    let by_station = "from_stop_id,to_stop_id,transfer_type,min_transfer_time\nST,S2b,2,30\n";
    assert_eq!(
        to_d(
            hand_world(
                "",
                &[
                    ("feed/stops.txt", &stations),
                    ("feed/stop_times.txt", &b),
                    ("feed/transfers.txt", by_station)
                ]
            )
            .path()
        ),
        expected
    );
    // Type 3 forbids the change B at 07:36 from S2b would otherwise allow (see the walk test).
    let b36 = STOP_TIMES.replace(
        "B,07:35:00,07:35:00,S2,1\nB,07:50:00,07:50:00,S3,2",
        "B,07:36:00,07:36:00,S2b,1\nB,07:51:00,07:51:00,S3,2",
    );
    let type3 = "from_stop_id,to_stop_id,transfer_type\nS2,S2b,3\n";
    assert_eq!(
        to_d(
            hand_world(
                "",
                &[("feed/stop_times.txt", &b36), ("feed/transfers.txt", type3)]
            )
            .path()
        ),
        None
    );
    // A row naming trips changes nothing.
    let with_trips =
        "from_stop_id,to_stop_id,transfer_type,from_trip_id,to_trip_id\nS2,S2b,3,A,B\n";
    assert_eq!(
        to_d(
            hand_world(
                "",
                &[
                    ("feed/stop_times.txt", &b36),
                    ("feed/transfers.txt", with_trips)
                ]
            )
            .path()
        ),
        Some(52.34)
    );
}

#[test]
fn a_trip_after_midnight_from_the_day_before() {
    // A runs only on Mondays, at 31:10 → 31:30: on Monday 9 March, so 07:10 → 07:30 on
    // Tuesday 10 March. The result is that of the change test.
    let calendar = format!("{CALENDAR}MON,1,0,0,0,0,0,0,20260101,20261231\n");
    let trips = TRIPS.replace("R,WK,A", "R,MON,A");
    let stop_times = STOP_TIMES
        .replace("A,07:10:00,07:10:00,S1,1", "A,31:10:00,31:10:00,S1,1")
        .replace("A,07:30:00,07:30:00,S2,2", "A,31:30:00,31:30:00,S2,2");
    let files = [
        ("feed/calendar.txt", calendar.as_str()),
        ("feed/trips.txt", trips.as_str()),
        ("feed/stop_times.txt", stop_times.as_str()),
    ];
    assert_eq!(to_d(hand_world("", &files).path()), Some(51.34));
    // The same trip on Tuesdays runs at 07:10 on Wednesday: nothing today.
    let tuesday = format!("{CALENDAR}TUE,0,1,0,0,0,0,0,20260101,20261231\n");
    let trips = TRIPS.replace("R,WK,A", "R,TUE,A");
    let files = [
        ("feed/calendar.txt", tuesday.as_str()),
        ("feed/trips.txt", trips.as_str()),
        ("feed/stop_times.txt", stop_times.as_str()),
    ];
    assert_eq!(to_d(hand_world("", &files).path()), None);
}

#[test]
fn a_frequency_trip() {
    // F: S1 → S3 in 20 minutes, every 5 minutes from 07:05 while before 07:30 (07:05, 07:10,
    // 07:15, 07:20, 07:25). Departure t catches the first run leaving S1 after t + 3.336 min.
    let trips = "route_id,service_id,trip_id\nR,WK,F\n";
    let stop_times = "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n\
F,00:00:00,00:00:00,S1,1\nF,00:20:00,00:20:00,S3,2\n";
    let frequencies = "trip_id,start_time,end_time,headway_secs\nF,07:05:00,07:30:00,300\n";
    let runs = [5.0, 10.0, 15.0, 20.0, 25.0];
    let leaves = |ready: f64| runs.iter().copied().find(|&r| r * 60.0 >= ready);
    let expected = percentile(times(leaves, |leaves| leaves + 20.0), 50).map(minutes);
    assert_eq!(expected, Some(29.34));
    let files = [
        ("feed/trips.txt", trips),
        ("feed/stop_times.txt", stop_times),
        ("feed/frequencies.txt", frequencies),
    ];
    assert_eq!(to_d(hand_world("", &files).path()), expected);
}

#[test]
fn no_boarding_where_pickup_type_is_1() {
    let no_pickup = STOP_TIMES
        .replace(
            "trip_id,arrival_time,departure_time,stop_id,stop_sequence",
            "trip_id,arrival_time,departure_time,stop_id,stop_sequence,pickup_type,drop_off_type",
        )
        .replace("A,07:10:00,07:10:00,S1,1", "A,07:10:00,07:10:00,S1,1,1,0")
        .replace("A,07:30:00,07:30:00,S2,2", "A,07:30:00,07:30:00,S2,2,0,0")
        .replace("B,07:35:00,07:35:00,S2,1", "B,07:35:00,07:35:00,S2,1,0,0")
        .replace("B,07:50:00,07:50:00,S3,2", "B,07:50:00,07:50:00,S3,2,0,0");
    assert_eq!(
        to_d(hand_world("", &[("feed/stop_times.txt", &no_pickup)]).path()),
        None
    );
    // No alighting at S2 breaks the journey too.
    let no_drop = no_pickup
        .replace(
            "A,07:10:00,07:10:00,S1,1,1,0",
            "A,07:10:00,07:10:00,S1,1,0,0",
        )
        .replace(
            "A,07:30:00,07:30:00,S2,2,0,0",
            "A,07:30:00,07:30:00,S2,2,0,1",
        );
    assert_eq!(
        to_d(hand_world("", &[("feed/stop_times.txt", &no_drop)]).path()),
        None
    );
}

#[test]
fn a_walk_beats_the_bus() {
    // P2 is 800.6 m from O: 720.5 s on foot, 12.01 min for every departure. C leaves S1 at
    // 07:20 for S4, 100 m from P2, at 07:25: never faster.
    let stops = format!("{STOPS}S4,Four,50.0081,15.0\n");
    let trips = format!("{TRIPS}R,WK,C\n");
    let stop_times = format!("{STOP_TIMES}C,07:20:00,07:20:00,S1,1\nC,07:25:00,07:25:00,S4,2\n");
    let w = walk(metres(0.0072));
    assert_eq!(minutes(w), 12.01);
    let dir = hand_world(
        "",
        &[
            ("feed/stops.txt", &stops),
            ("feed/trips.txt", &trips),
            ("feed/stop_times.txt", &stop_times),
        ],
    );
    let m = costs(dir.path());
    assert_eq!(m.get(&("O".into(), "P2".into())), Some(&12.01));
    // With walks of at most 500 m there is no walk all the way: the bus then.
    let dir = hand_world(
        "max_walk_m = 500",
        &[
            ("feed/stops.txt", &stops),
            ("feed/trips.txt", &trips),
            ("feed/stop_times.txt", &stop_times),
        ],
    );
    let bus = percentile(
        (0..10)
            .map(|t| {
                let t = f64::from(t) * 60.0;
                Some(25.0 * 60.0 + walk(metres(0.0009)) - t)
            })
            .collect(),
        50,
    )
    .map(minutes);
    assert_eq!(
        costs(dir.path()).get(&("O".into(), "P2".into())).copied(),
        bus
    );
}

#[test]
fn untimed_stops_are_interpolated_by_distance() {
    // A: S1 07:10, S2 untimed, S3 07:40. S2 lies (50.1 − 50.002) / (50.2 − 50.002) of the way:
    // 07:10 + 30 min × 0.098 / 0.198 = 07:24:50.9. B leaves S2 at 07:27 (ready 07:26:50.9).
    let stop_times = "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n\
A,07:10:00,07:10:00,S1,1\nA,,,S2,2\nA,07:40:00,07:40:00,S3,3\n\
B,07:27:00,07:27:00,S2,1\nB,07:42:00,07:42:00,S3,2\n";
    let at_s2 = 600.0 + 1800.0 * (metres(0.098) / metres(0.198));
    assert!(at_s2 + 120.0 <= 27.0 * 60.0 && at_s2 + 120.0 > 26.0 * 60.0);
    // Riding A to S3 arrives 07:40; changing to B arrives 07:42: A all the way wins.
    let expected = percentile(times(the_0710, |_| 40.0), 50).map(minutes);
    assert_eq!(
        to_d(hand_world("", &[("feed/stop_times.txt", stop_times)]).path()),
        expected
    );
    // Without alighting at S3 from A, B is the way, through the interpolated time at S2.
    let no_drop = stop_times
        .replace(
            "trip_id,arrival_time,departure_time,stop_id,stop_sequence",
            "trip_id,arrival_time,departure_time,stop_id,stop_sequence,drop_off_type",
        )
        .replace("S1,1\n", "S1,1,0\n")
        .replace("S2,2\n", "S2,2,0\n")
        .replace("A,07:40:00,07:40:00,S3,3\n", "A,07:40:00,07:40:00,S3,3,1\n")
        .replace("B,07:27:00,07:27:00,S2,1\n", "B,07:27:00,07:27:00,S2,1,0\n")
        .replace("B,07:42:00,07:42:00,S3,2\n", "B,07:42:00,07:42:00,S3,2,0\n");
    let expected = percentile(times(the_0710, |_| 42.0), 50).map(minutes);
    assert_eq!(
        to_d(hand_world("", &[("feed/stop_times.txt", &no_drop)]).path()),
        expected
    );
}

#[test]
fn bad_feeds_and_keys_are_refused() {
    let refused = |travel: &str, files: &[(&str, &str)], message: &str| {
        let dir = hand_world(travel, files);
        assert_refused(
            dir.path(),
            &["run", "scenario.toml", "--out", "out"],
            message,
            "out",
        );
    };
    refused(
        "",
        &[(
            "feed/stop_times.txt",
            &STOP_TIMES.replace("07:30:00,07:30:00,S2", "07:3O:00,07:30:00,S2"),
        )],
        "feed/stop_times.txt: line 3 (trip A), field `arrival_time`: invalid time (got \"07:3O:00\")",
    );
    refused(
        "",
        &[(
            "feed/stop_times.txt",
            &STOP_TIMES.replace("B,07:35:00,07:35:00,S2", "X,07:35:00,07:35:00,S2"),
        )],
        "feed/stop_times.txt: line 4 (trip X), field `trip_id`: unknown trip \"X\": it is not in trips.txt",
    );
    refused(
        "",
        &[("feed/stop_times.txt", &STOP_TIMES.replace(",S3,2", ",S9,2"))],
        "feed/stop_times.txt: line 5 (trip B), field `stop_id`: unknown stop \"S9\": it is not in stops.txt",
    );
    refused(
        "",
        &[(
            "feed/stop_times.txt",
            &STOP_TIMES.replace("B,07:50:00,07:50:00", "B,07:30:00,07:30:00"),
        )],
        "feed/stop_times.txt: line 5 (trip B), field `arrival_time`: times go backwards: arrives at 07:30:00 after leaving the stop before at 07:35:00",
    );
    // A date on which nothing runs: Saturday. The message says what the feed covers.
    let saturday = hand_world("", &[]);
    let text = std::fs::read_to_string(saturday.path().join("scenario.toml")).unwrap();
    std::fs::write(
        saturday.path().join("scenario.toml"),
        text.replace("2026-03-10", "2026-03-14"),
    )
    .unwrap();
    assert_refused(
        saturday.path(),
        &["run", "scenario.toml", "--out", "out"],
        "scenario.toml: key `travel`, field `date`: no trip of any feed runs on 2026-03-14 (a Saturday); the feeds cover: ",
        "out",
    );
    refused(
        "",
        &[("feed/calendar.txt", "service,date\n")],
        "feed/calendar.txt: line 1, field `service_id`: has no column `service_id`",
    );
    for (travel, message) in [
        (
            "percentile = 0",
            "field `percentile`: invalid percentile (got 0): must be a whole number from 1 to 100",
        ),
        (
            "walk_kmh = 0",
            "field `walk_kmh`: invalid walking speed (got 0): must be a number > 0",
        ),
        (
            "walk_kmh = -4",
            "field `walk_kmh`: invalid walking speed (got -4): must be a number > 0",
        ),
    ] {
        refused(travel, &[], message);
    }
    // The keys the scenario needs, or cannot have together.
    let dir = hand_world("", &[]);
    let text = std::fs::read_to_string(dir.path().join("scenario.toml")).unwrap();
    for (from, to, message) in [
        (
            "date = \"2026-03-10\"\n",
            "",
            "key `travel`, field `date`: is required",
        ),
        (
            "window = [\"07:00\", \"07:10\"]\n",
            "",
            "key `travel`, field `window`: is required",
        ),
        (
            "window = [\"07:00\", \"07:10\"]",
            "window = [\"07:10\", \"07:10\"]",
            "field `window`: invalid window",
        ),
        (
            "gtfs = \"feed\"\n",
            "",
            "key `travel`, field `mode`: mode = \"transit\" needs `[inputs] gtfs`",
        ),
        (
            "gtfs = \"feed\"\n",
            "gtfs = \"feed\"\ncosts = \"c.csv\"\n",
            "field `gtfs`: give `gtfs` (gapmap computes the travel times) or `costs`",
        ),
        (
            "mode = \"transit\"\n",
            "",
            "field `date`: `date` applies to travel by public transport",
        ),
    ] {
        assert!(text.contains(from), "{from}");
        std::fs::write(dir.path().join("scenario.toml"), text.replacen(from, to, 1)).unwrap();
        assert_refused(
            dir.path(),
            &["run", "scenario.toml", "--out", "out"],
            message,
            "out",
        );
    }
    // A feed that is not a zip or a folder, and one that lacks a file.
    std::fs::write(
        dir.path().join("scenario.toml"),
        text.replace("gtfs = \"feed\"", "gtfs = \"points.csv\""),
    )
    .unwrap();
    assert_refused(
        dir.path(),
        &["run", "scenario.toml", "--out", "out"],
        "points.csv: is not a GTFS feed: neither a zip nor a folder",
        "out",
    );
    std::fs::write(dir.path().join("scenario.toml"), &text).unwrap();
    std::fs::remove_file(dir.path().join("feed/calendar.txt")).unwrap();
    assert_refused(
        dir.path(),
        &["run", "scenario.toml", "--out", "out"],
        "feed: lacks both calendar.txt and calendar_dates.txt",
        "out",
    );
    std::fs::remove_file(dir.path().join("feed/trips.txt")).unwrap();
    assert_refused(
        dir.path(),
        &["run", "scenario.toml", "--out", "out"],
        "feed: lacks trips.txt",
        "out",
    );
}

#[test]
fn the_report_says_minutes_by_public_transport_and_counts_places_without_a_stop() {
    // X is 11 km south of every stop: no stop within walking distance.
    let dir = hand_world(
        "",
        &[(
            "points.csv",
            "id,lon,lat,total\nO,15.0,50.0,1000\nX,15.0,49.9,500\n",
        )],
    );
    let o = gapmap(
        dir.path(),
        &["run", "scenario.toml", "--out", "out", "--quiet"],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    let html = std::fs::read_to_string(dir.path().join("out/report.html")).unwrap();
    assert!(html.contains("minut veřejnou dopravou"));
    // The points lie on one meridian: the maps keep a sane size.
    assert!(html.contains("viewBox=\"-10 -10 1020 "), "{}", &html[..0]);
    assert!(!html.contains("02000000"), "a map of absurd size");
    assert!(html.contains(
        "Dojezdové časy jsou minuty veřejnou dopravou podle jízdních řádů dne 2026-03-10: pro odjezd v každou celou minutu od 7:00 do 7:10 (bez 7:10)"
    ));
    assert!(html.contains("je 50. percentil těchto časů (medián)"));
    assert!(
        html.contains("<strong>1</strong> obcí regionu nemá zastávku veřejné dopravy do 1\u{a0}000 m chůze; služby dosáhnou jen pěšky: X."),
        "{}",
        html.split("stopless").nth(1).unwrap_or("no paragraph")
    );
    let o = gapmap(
        dir.path(),
        &[
            "run",
            "scenario.toml",
            "--out",
            "en",
            "--quiet",
            "--lang",
            "en",
        ],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    let html = std::fs::read_to_string(dir.path().join("en/report.html")).unwrap();
    assert!(html.contains("minutes by public transport"));
    assert!(html.contains("is the 50th percentile of those times (the median)"));
}

#[test]
fn site_and_compare_work_by_public_transport() {
    let root = common::root();
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let o = gapmap(
        &root,
        &[
            "site",
            "scenarios/demo-transit.toml",
            "--service",
            "day_care",
            "--count",
            "1",
            "--capacity",
            "10",
            "--out",
            site.to_str().unwrap(),
            "--quiet",
        ],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(site.join("site.json")).unwrap()).unwrap();
    assert_eq!(json["chosen"].as_array().unwrap().len(), 1);
    let cmp = dir.path().join("cmp");
    let o = gapmap(
        &root,
        &[
            "compare",
            "scenarios/demo.toml",
            "scenarios/demo-transit.toml",
            "--out",
            cmp.to_str().unwrap(),
            "--quiet",
        ],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    // By bus the homes reach fewer villages than within 25 km: more need is unmet.
    let summary = read_csv(&cmp.join("summary.csv"));
    let unmet = |scenario: &str| {
        summary
            .iter()
            .find(|r| r["scenario"] == scenario && r["service"] == "home_for_elderly")
            .map(|r| common::num(r, "unmet"))
            .unwrap()
    };
    assert!(
        unmet("demo-transit") > unmet("demo"),
        "{} {}",
        unmet("demo-transit"),
        unmet("demo")
    );
}
