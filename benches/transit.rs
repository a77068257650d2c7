//! Travel by public transport: reading GTFS, building the timetable, and the range searches,
//! on synthetic feeds (`gapmap generate transit`).
//!
//! - `orp`: an ORP-sized feed over 120 municipalities (about 330 stops and 1,400 trips a
//!   weekday, town lines by `frequencies.txt`); 1,000 origins × 50 providers, a 2-hour window,
//!   60 minutes, end to end (read, build, search).
//! - `country`: a feed the size of the Czech CIS JŘ weekday timetable over 6,258 municipalities
//!   (~32,600 stops, ~150,000 trips, ~2.8 million stop_times); 6,315 municipality points × 6,700
//!   providers, a 2-hour window, 90 minutes.
//!
//! `cargo bench --bench transit`; figures in `benches/README.md`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "a benchmark's set-up stops at the first failure, as a test does"
)]
#![allow(
    clippy::print_stderr,
    reason = "a bench says what it measures on stderr"
)]

mod common;

use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use gapmap::day::Day;
use gapmap::load::gtfs;
use gapmap::model::LonLat;
use gapmap::synth::{Region, TransitSpec};
use gapmap::transit::backward::Backward;
use gapmap::transit::{Settings, Timetable, matrix};

fn settings() -> Settings {
    Settings::with_window(7 * 60, 9 * 60).unwrap()
}

struct Set {
    zip: Vec<u8>,
    stop_times: u64,
    origins: Vec<Option<LonLat>>,
    providers: Vec<LonLat>,
}

fn set(municipalities: usize, providers: usize, spec: TransitSpec, origins: Option<usize>) -> Set {
    let region = Region::country(municipalities, providers, spec.seed);
    let files = region.transit_files(spec);
    let stop_times = files
        .iter()
        .find(|(n, _)| *n == "stop_times.txt")
        .map_or(0, |(_, t)| t.len() as u64);
    let zip = region.transit_zip(spec);
    let (origins, providers) = common::places(&region, origins);
    let origins = origins.into_iter().map(Some).collect();
    Set {
        zip,
        stop_times,
        origins,
        providers,
    }
}

fn day() -> Day {
    Day::try_from("2026-03-10").unwrap()
}

fn timetable(zip: &[u8], minutes: f64) -> Timetable {
    let feeds = gtfs::parse(std::path::Path::new("transit.zip"), zip.to_vec(), &day()).unwrap();
    let s = settings();
    let horizon = (
        f64::from(s.window().0) * 60.0,
        f64::from(s.window().1) * 60.0 + minutes * 60.0,
    );
    Timetable::build(feeds.stops, feeds.runs, &feeds.rules, &s, horizon)
}

fn end_to_end(set: &Set, minutes: f64) -> usize {
    let t = timetable(&set.zip, minutes);
    matrix::times(
        &t,
        &settings(),
        &set.origins,
        &set.providers,
        minutes,
        &gapmap::Silent,
    )
    .rows
    .iter()
    .map(Vec::len)
    .sum()
}

fn orp(c: &mut Criterion) {
    let s = set(120, 50, TransitSpec::REGION, Some(1000));
    let mut g = c.benchmark_group("transit/orp");
    g.sample_size(20).measurement_time(Duration::from_secs(5));
    g.bench_function("end_to_end_1000x50_2h_60min", |b| {
        b.iter(|| end_to_end(&s, 60.0))
    });
    g.finish();
}

fn country(c: &mut Criterion) {
    let s = set(6258, 6700, TransitSpec::COUNTRY, None);
    eprintln!(
        "country feed: {:.1} MB zipped, stop_times.txt {:.1} MB",
        s.zip.len() as f64 / 1e6,
        s.stop_times as f64 / 1e6
    );
    let mut g = c.benchmark_group("transit/country");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    g.throughput(Throughput::Bytes(s.stop_times));
    g.bench_function("read_gtfs", |b| {
        b.iter(|| gtfs::parse(std::path::Path::new("transit.zip"), s.zip.clone(), &day()).unwrap())
    });
    let feeds = gtfs::parse(std::path::Path::new("transit.zip"), s.zip.clone(), &day()).unwrap();
    g.throughput(Throughput::Elements(feeds.runs.len() as u64));
    g.bench_function("build_timetable", |b| {
        b.iter(|| {
            let f = feeds.clone();
            Timetable::build(f.stops, f.runs, &f.rules, &settings(), (25_200.0, 37_800.0))
        })
    });
    let t = timetable(&s.zip, 90.0);
    g.throughput(Throughput::Elements(
        (s.origins.len() * s.providers.len()) as u64,
    ));
    g.bench_function("matrix_2h_90min", |b| {
        b.iter(|| {
            matrix::times(
                &t,
                &settings(),
                &s.origins,
                &s.providers,
                90.0,
                &gapmap::Silent,
            )
        })
    });
    g.bench_function("end_to_end_2h_90min", |b| b.iter(|| end_to_end(&s, 90.0)));
    // One provider added (the explorer): the origins' searches for it, against one search
    // backward from it; ten destinations a sample, from busy towns to quiet villages.
    let places: Vec<LonLat> = s.providers.iter().step_by(670).copied().collect();
    g.throughput(Throughput::Elements(places.len() as u64));
    g.bench_function("column_forward_x10", |b| {
        b.iter(|| {
            for &p in &places {
                matrix::times(&t, &settings(), &s.origins, &[p], 90.0, &gapmap::Silent);
            }
        })
    });
    let origins: Vec<LonLat> = s.origins.iter().flatten().copied().collect();
    g.bench_function("backward_setup", |b| {
        b.iter(|| Backward::new(&t, &settings(), &origins))
    });
    let backward = Backward::new(&t, &settings(), &origins);
    g.bench_function("column_backward_x10", |b| {
        b.iter(|| {
            for &p in &places {
                backward.times(&t, &settings(), p, 90.0);
            }
        })
    });
    g.finish();
}

criterion_group!(benches, orp, country);
criterion_main!(benches);
