//! Real feeds from gtfs-kit 13.0.1 (`tests/data`, see its README): Cairns buses (untimed stops,
//! holidays in calendar_dates) and Google's sample feed (frequencies, `H:MM:SS`).
//!
//! On Cairns, `gapmap costs` is checked against a reference written from the contract's words
//! alone: for every departure minute, rounds over every run of the day (no patterns, no reuse of
//! labels between minutes, no marking, no pruning), changes found by trying every pair of stops,
//! then the percentile by sorting.

use crate::common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::common::root;
use gapmap::day::Day;
use gapmap::load::gtfs;
use gapmap::model::LonLat;
use gapmap::transit::{Rule, Run};

fn cairns() -> PathBuf {
    root().join("tests/data/cairns_gtfs.zip")
}

/// Points near Cairns stops, 100–300 m off them: origins and destinations.
fn points(feed: &gtfs::Feeds, every: usize, shift: f64) -> Vec<LonLat> {
    feed.stops
        .iter()
        .step_by(every)
        .map(|p| LonLat::new(p.lon() + shift, p.lat() - shift).unwrap())
        .collect()
}

struct Settings {
    window: (u32, u32),
    percentile: usize,
    walk_kmh: f64,
    max_walk_m: f64,
    transfer_walk_m: f64,
    transfer_minutes: f64,
    max_transfers: usize,
}

/// Great-circle metres with R = 6,371.0088 km.
fn metres(a: LonLat, b: LonLat) -> f64 {
    let (p1, p2) = (a.lat().to_radians(), b.lat().to_radians());
    let (dp, dl) = (p2 - p1, (b.lon() - a.lon()).to_radians());
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6_371_008.8 * h.sqrt().asin()
}

/// The contract's cost from `o` to every destination: minutes to 0.01, `None` out of reach.
fn reference(
    stops: &[LonLat],
    runs: &[Run],
    rules: &[(u32, u32, Rule)],
    s: &Settings,
    o: LonLat,
    destinations: &[LonLat],
) -> Vec<Option<f64>> {
    let speed = s.walk_kmh / 3.6;
    let n = stops.len();
    // Changes between every pair of stops, then the rules over them.
    let mut change: HashMap<(usize, usize), f64> = HashMap::new();
    for a in 0..n {
        for b in 0..n {
            let d = metres(stops[a], stops[b]);
            if d <= s.transfer_walk_m {
                change.insert((a, b), d / speed + s.transfer_minutes * 60.0);
            }
        }
    }
    for &(a, b, rule) in rules {
        match rule {
            Rule::Takes(sec) => {
                change.insert((a as usize, b as usize), sec);
            }
            Rule::Forbidden => {
                change.remove(&(a as usize, b as usize));
            }
        }
    }
    let mut times: Vec<Vec<f64>> = vec![Vec::new(); destinations.len()];
    for minute in s.window.0..s.window.1 {
        let t = f64::from(minute) * 60.0;
        let mut ready = vec![f64::INFINITY; n];
        for (i, &p) in stops.iter().enumerate() {
            let d = metres(o, p);
            if d <= s.max_walk_m {
                ready[i] = t + d / speed;
            }
        }
        let mut best = vec![f64::INFINITY; n];
        for _ in 0..=s.max_transfers {
            let mut arrive = vec![f64::INFINITY; n];
            for run in runs {
                let mut on = false;
                for j in 0..run.stops.len() {
                    let stop = run.stops[j] as usize;
                    if on && run.alight[j] {
                        arrive[stop] = arrive[stop].min(run.arrival[j]);
                    }
                    if !on && run.board[j] && ready[stop] <= run.departure[j] {
                        on = true;
                    }
                }
            }
            let mut next = vec![f64::INFINITY; n];
            for (&(a, b), &sec) in &change {
                next[b] = next[b].min(arrive[a] + sec);
            }
            for i in 0..n {
                best[i] = best[i].min(arrive[i]);
            }
            ready = next;
        }
        for (k, &d) in destinations.iter().enumerate() {
            let direct = metres(o, d);
            let mut arrival = if direct <= s.max_walk_m {
                t + direct / speed
            } else {
                f64::INFINITY
            };
            for (i, &p) in stops.iter().enumerate() {
                let w = metres(p, d);
                if w <= s.max_walk_m {
                    arrival = arrival.min(best[i] + w / speed);
                }
            }
            times[k].push(arrival - t);
        }
    }
    times
        .into_iter()
        .map(|mut ts| {
            ts.sort_by(f64::total_cmp);
            let rank = (s.percentile * ts.len()).div_ceil(100);
            let v = ts[rank - 1];
            v.is_finite().then(|| (v / 60.0 * 100.0).round() / 100.0)
        })
        .collect()
}

/// A scenario over `origins` and `destinations` with the feeds and `travel` keys.
fn world(
    origins: &[LonLat],
    destinations: &[LonLat],
    feeds: &str,
    travel: &str,
) -> tempfile::TempDir {
    let mut points = String::from("id,lon,lat,total\n");
    for (i, p) in origins.iter().enumerate() {
        points += &format!("O{i},{},{},100\n", p.lon(), p.lat());
    }
    let mut providers = String::from("id,name,service,capacity,lon,lat\n");
    for (i, p) in destinations.iter().enumerate() {
        providers += &format!("D{i},D{i},care,5,{},{}\n", p.lon(), p.lat());
    }
    let scenario = format!(
        "name = \"cairns\"\n[inputs]\ndemand_points = \"points.csv\"\nproviders = \"providers.csv\"\n\
         gtfs = {feeds}\n[groups.all]\ncolumns = [\"total\"]\n[services.care]\nform = \"outpatient\"\n\
         catchment = 240.0\nneed = [{{ group = \"all\", per_1000 = 10.0 }}]\n[travel]\nmode = \"transit\"\n{travel}\n"
    );
    common::world(&[
        ("scenario.toml", &scenario),
        ("points.csv", &points),
        ("providers.csv", &providers),
    ])
}

fn matrix(dir: &Path, extra: &[&str]) -> HashMap<(String, String), f64> {
    common::costs(dir, "scenario.toml", extra)
}

#[test]
fn cairns_agrees_with_the_reference_router() {
    let date = Day::try_from("2014-06-10").unwrap();
    let feed = gtfs::read(&[cairns()], &date).unwrap();
    assert!(feed.feeds[0].trips_today > 500, "{:?}", feed.feeds[0]);
    let origins = points(&feed, 61, 0.0015);
    let destinations = points(&feed, 23, -0.002);
    let (mut reached, mut all) = (0, 0);
    for (travel, settings) in [
        (
            "date = \"2014-06-10\"\nwindow = [\"07:00\", \"07:30\"]",
            Settings {
                window: (420, 450),
                percentile: 50,
                walk_kmh: 4.0,
                max_walk_m: 1000.0,
                transfer_walk_m: 300.0,
                transfer_minutes: 2.0,
                max_transfers: 3,
            },
        ),
        (
            "date = \"2014-06-10\"\nwindow = [\"16:40\", \"17:05\"]\npercentile = 80\nwalk_kmh = 3\nmax_walk_m = 600\ntransfer_walk_m = 500\ntransfer_minutes = 4\nmax_transfers = 1",
            Settings {
                window: (1000, 1025),
                percentile: 80,
                walk_kmh: 3.0,
                max_walk_m: 600.0,
                transfer_walk_m: 500.0,
                transfer_minutes: 4.0,
                max_transfers: 1,
            },
        ),
    ] {
        let dir = world(&origins, &destinations, "\"cairns.zip\"", travel);
        std::fs::copy(cairns(), dir.path().join("cairns.zip")).unwrap();
        let got = matrix(dir.path(), &[]);
        for (i, &o) in origins.iter().enumerate() {
            let want = reference(
                &feed.stops,
                &feed.runs,
                &feed.rules,
                &settings,
                o,
                &destinations,
            );
            for (k, w) in want.iter().enumerate() {
                let g = got.get(&(format!("O{i}"), format!("D{k}"))).copied();
                assert_eq!(g, *w, "O{i} → D{k} with {travel}");
                reached += usize::from(w.is_some());
                all += 1;
            }
        }
    }
    // The check means something: many pairs are reached, and some are not.
    assert!(
        reached > all / 3 && reached < all,
        "{reached} of {all} reached"
    );
}

#[test]
fn a_holiday_swaps_the_weekday_for_the_sunday_service() {
    // Monday 9 June 2014 (Queen's Birthday): calendar_dates removes the weekday service and
    // adds the Sunday one.
    let count = |d: &str| {
        let f = gtfs::read(&[cairns()], &Day::try_from(d).unwrap()).unwrap();
        (f.feeds[0].trips_today, f.feeds[0].trips_yesterday)
    };
    let (holiday, sunday_before) = count("2014-06-09");
    let (sunday, _) = count("2014-06-08");
    let (monday, _) = count("2014-06-16");
    assert_eq!(holiday, sunday, "the holiday runs the Sunday timetable");
    assert_eq!(sunday_before, sunday);
    assert!(
        monday > 2 * sunday,
        "{monday} weekday trips against {sunday}"
    );
}

#[test]
fn two_feeds_keep_their_ids_and_threads_change_nothing() {
    let date = Day::try_from("2014-06-10").unwrap();
    let feed = gtfs::read(&[cairns()], &date).unwrap();
    let origins = points(&feed, 41, 0.001);
    let destinations = points(&feed, 29, -0.001);
    let travel = "date = \"2014-06-10\"\nwindow = [\"08:00\", \"08:20\"]";
    let once = world(&origins, &destinations, "\"cairns.zip\"", travel);
    std::fs::copy(cairns(), once.path().join("cairns.zip")).unwrap();
    // The same feed twice: every stop id twice, each feed's stops its own. Twice the vehicles
    // at the same times give the same journeys.
    let twice = world(&origins, &destinations, "[\"a.zip\", \"b.zip\"]", travel);
    std::fs::copy(cairns(), twice.path().join("a.zip")).unwrap();
    std::fs::copy(cairns(), twice.path().join("b.zip")).unwrap();
    let a = matrix(once.path(), &["--threads", "1"]);
    assert!(!a.is_empty());
    assert_eq!(a, matrix(twice.path(), &[]));
    let bytes = |dir: &Path, threads: &str| {
        matrix(dir, &["--threads", threads]);
        std::fs::read(dir.join("costs.csv")).unwrap()
    };
    assert_eq!(bytes(once.path(), "1"), bytes(once.path(), "2"));
}

#[test]
fn the_sample_feed_runs_its_frequencies() {
    let sample = root().join("tests/data/sample_gtfs.zip");
    // Monday 4 June 2007 is removed from FULLW; WE runs only at weekends: nothing runs.
    let none = gtfs::read(
        std::slice::from_ref(&sample),
        &Day::try_from("2007-06-04").unwrap(),
    )
    .unwrap();
    assert_eq!(none.feeds[0].trips_today, 0);
    let day = gtfs::read(
        std::slice::from_ref(&sample),
        &Day::try_from("2007-06-05").unwrap(),
    )
    .unwrap();
    // STBA runs every 30 minutes from 6:00 to 22:00 (32 runs, today and, past no midnight,
    // none useful yesterday); CITY1 and CITY2 by their five frequency windows.
    let stba = day
        .runs
        .iter()
        .filter(|r| {
            r.stops.len() == 2
                && r.departure[0] >= 6.0 * 3600.0
                && (r.arrival[1] - r.departure[0] - 1200.0).abs() < 1e-9
        })
        .count();
    assert_eq!(stba, 32);
}

/// Origins 0.001° east of every `every`-th municipality of `region`, and its providers' places.
fn region_points(region: &gapmap::synth::Region, every: usize) -> (Vec<LonLat>, Vec<LonLat>) {
    let origins = region
        .municipalities
        .iter()
        .step_by(every)
        .map(|m| {
            let (lon, lat) = m.point();
            LonLat::new(lon + 0.001, lat).unwrap()
        })
        .collect();
    let destinations = region
        .providers
        .iter()
        .filter_map(|p| p.location)
        .map(|(lon, lat)| LonLat::new(lon, lat).unwrap())
        .collect();
    (origins, destinations)
}

#[test]
fn a_generated_region_agrees_with_the_reference_router() {
    // The synthetic ORP feed: town lines by frequencies, night buses from the day before,
    // untimed stops between villages, transfers.txt rules between bus stops and stations.
    use gapmap::synth::{Region, TransitSpec};
    use gapmap::transit::{Settings as Core, Timetable, matrix};
    let region = Region::country(120, 30, 1);
    let zip = region.transit_zip(TransitSpec::REGION);
    let date = Day::try_from("2026-03-10").unwrap();
    let feed = gtfs::parse(Path::new("transit.zip"), zip, &date).unwrap();
    assert!(!feed.rules.is_empty(), "the feed has transfer rules");
    let core = Core::with_window(7 * 60, 7 * 60 + 40).unwrap();
    let timetable = Timetable::build(
        feed.stops.clone(),
        feed.runs.clone(),
        &feed.rules,
        &core,
        (25_200.0, 28_000.0 + 121.0 * 60.0),
    );
    let (origins, destinations) = region_points(&region, 23);
    let got = matrix::times(
        &timetable,
        &core,
        &origins.iter().copied().map(Some).collect::<Vec<_>>(),
        &destinations,
        120.0,
        &gapmap::Silent,
    );
    let settings = Settings {
        window: core.window(),
        percentile: 50,
        walk_kmh: 4.0,
        max_walk_m: 1000.0,
        transfer_walk_m: 300.0,
        transfer_minutes: 2.0,
        max_transfers: 3,
    };
    let (mut reached, mut all) = (0, 0);
    for (i, &o) in origins.iter().enumerate() {
        let want = reference(
            &feed.stops,
            &feed.runs,
            &feed.rules,
            &settings,
            o,
            &destinations,
        );
        for (k, w) in want.iter().enumerate() {
            let w = w.filter(|&m| m <= 120.0);
            let g = got.rows[i]
                .iter()
                .find(|(d, _)| *d as usize == k)
                .map(|&(_, m)| m);
            assert_eq!(g, w, "origin {i} → destination {k}");
            reached += usize::from(w.is_some());
            all += 1;
        }
    }
    assert!(
        reached > all / 10 && reached < all,
        "{reached} of {all} reached"
    );
}

/// The matrix's column for every destination, and the one search backward from it, under
/// `settings` with the largest catchment `bound`: they must be equal to the bit.
fn backward_equals_forward(
    feed: &gtfs::Feeds,
    core: &gapmap::transit::Settings,
    origins: &[LonLat],
    destinations: &[LonLat],
    bound: f64,
) -> usize {
    use gapmap::transit::backward::Backward;
    use gapmap::transit::{Timetable, matrix};
    let (first, last) = core.window();
    let timetable = Timetable::build(
        feed.stops.clone(),
        feed.runs.clone(),
        &feed.rules,
        core,
        (
            f64::from(first) * 60.0,
            f64::from(last) * 60.0 + (bound + 0.01) * 60.0,
        ),
    );
    let forward = matrix::times(
        &timetable,
        core,
        &origins.iter().copied().map(Some).collect::<Vec<_>>(),
        destinations,
        bound,
        &gapmap::Silent,
    );
    let backward = Backward::new(&timetable, core, origins);
    let mut reached = 0;
    for (k, &d) in destinations.iter().enumerate() {
        let want: Vec<(usize, u64)> = forward
            .rows
            .iter()
            .enumerate()
            .filter_map(|(o, row)| {
                row.iter()
                    .find(|&&(x, _)| x as usize == k)
                    .map(|&(_, m)| (o, m.to_bits()))
            })
            .collect();
        let got: Vec<(usize, u64)> = backward
            .times(&timetable, core, d, bound)
            .into_iter()
            .map(|(o, m)| (o, m.to_bits()))
            .collect();
        assert_eq!(got, want, "destination {k}, bound {bound}, {core:?}");
        reached += want.len();
    }
    reached
}

#[test]
fn one_search_backward_gives_the_matrix_column() {
    use gapmap::synth::{Region, TransitSpec};
    use gapmap::transit::Settings as Core;
    // The synthetic ORP feed (frequencies, night buses, transfer rules) and Cairns (untimed
    // stops), with the defaults and with other percentiles, walks, changes and bounds.
    let region = Region::country(120, 30, 1);
    let zip = region.transit_zip(TransitSpec::REGION);
    let date = Day::try_from("2026-03-10").unwrap();
    let synthetic = gtfs::parse(Path::new("transit.zip"), zip, &date).unwrap();
    let (origins, destinations) = region_points(&region, 3);
    let cairns_feed = gtfs::read(&[cairns()], &Day::try_from("2014-06-10").unwrap()).unwrap();
    let (c_origins, c_destinations) = (
        points(&cairns_feed, 13, 0.0015),
        points(&cairns_feed, 17, -0.002),
    );
    let mut reached = 0;
    let mut all = 0;
    for (window, percentile, walk, changes, bound) in [
        ((7 * 60, 9 * 60), 50, 1000.0, 3, 90.0),
        ((7 * 60, 7 * 60 + 40), 80, 600.0, 1, 45.0),
        ((6 * 60 + 30, 7 * 60), 10, 1500.0, 0, 30.0),
        ((16 * 60 + 40, 17 * 60 + 5), 100, 800.0, 2, 60.5),
    ] {
        let core = Core::with_window(window.0, window.1)
            .unwrap()
            .with_percentile(percentile)
            .unwrap()
            .with_max_walk_m(walk)
            .unwrap()
            .with_max_transfers(changes)
            .unwrap();
        reached += backward_equals_forward(&synthetic, &core, &origins, &destinations, bound);
        all += origins.len() * destinations.len();
        reached += backward_equals_forward(&cairns_feed, &core, &c_origins, &c_destinations, bound);
        all += c_origins.len() * c_destinations.len();
    }
    // Many pairs are reached, and many are not.
    assert!(
        reached > all / 20 && reached < all / 2,
        "{reached} of {all} reached"
    );
}
