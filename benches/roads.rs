//! Travel on roads: reading the PBF, building the graph, and the bounded many-to-many searches,
//! on synthetic networks written as real `.osm.pbf` (`gapmap generate roads`).
//!
//! - `orp`: an ORP with a 20 km ring, 120 municipalities (~4,700 km²), junctions every 400 m
//!   and four shape nodes between them (~260 k nodes); 1,000 origins × 50 providers, 30 min by
//!   car, end to end (read, graph, snap, search).
//! - `country`: 6,258 municipalities (~6,300 generated) and 6,700 providers, junctions every
//!   800 m (~3.0 M nodes); 30 min by car.
//!
//! `cargo bench --bench roads`; figures in `benches/README.md`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "a benchmark's set-up stops at the first failure, as a test does"
)]

mod common;

use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use gapmap::load::osm_pbf;
use gapmap::model::LonLat;
use gapmap::roads::graph::Graph;
use gapmap::roads::profile::Mode;
use gapmap::roads::snap::Snapper;
use gapmap::roads::{snap_all, times};
use gapmap::synth::{Region, RoadSpec};

struct Set {
    _dir: tempfile::TempDir,
    pbf: std::path::PathBuf,
    bytes: u64,
    origins: Vec<LonLat>,
    providers: Vec<LonLat>,
}

fn set(municipalities: usize, providers: usize, spec: RoadSpec, origins: Option<usize>) -> Set {
    let region = Region::country(municipalities, providers, spec.seed);
    let dir = tempfile::tempdir().unwrap();
    let pbf = dir.path().join("roads.osm.pbf");
    let bytes = region.roads_pbf(spec);
    std::fs::write(&pbf, &bytes).unwrap();
    let (origins, providers) = common::places(&region, origins);
    Set {
        _dir: dir,
        pbf,
        bytes: bytes.len() as u64,
        origins,
        providers,
    }
}

fn end_to_end(pbf: &Path, origins: &[LonLat], providers: &[LonLat], minutes: f64) -> usize {
    let ways = osm_pbf::read(pbf, Mode::Car).unwrap();
    let graph = Graph::build(&ways);
    drop(ways);
    let snapper = Snapper::new(&graph);
    let from = snap_all(&snapper, origins).unwrap();
    let to = snap_all(&snapper, providers).unwrap();
    times(&graph, &from, &to, minutes)
        .iter()
        .map(Vec::len)
        .sum()
}

fn orp(c: &mut Criterion) {
    let spec = RoadSpec {
        spacing_km: 0.4,
        between: 4,
        seed: 1,
    };
    let s = set(120, 50, spec, Some(1000));
    let mut g = c.benchmark_group("roads/orp");
    g.sample_size(20).measurement_time(Duration::from_secs(5));
    g.throughput(Throughput::Bytes(s.bytes));
    g.bench_function("read_pbf", |b| {
        b.iter(|| osm_pbf::read(&s.pbf, Mode::Car).unwrap())
    });
    g.bench_function("end_to_end_1000x50_30min", |b| {
        b.iter(|| end_to_end(&s.pbf, &s.origins, &s.providers, 30.0))
    });
    g.finish();
}

fn country(c: &mut Criterion) {
    let spec = RoadSpec {
        spacing_km: 0.8,
        between: 4,
        seed: 1,
    };
    let s = set(6258, 6700, spec, None);
    let ways = osm_pbf::read(&s.pbf, Mode::Car).unwrap();
    let graph = Graph::build(&ways);
    let snapper = Snapper::new(&graph);
    let from = snap_all(&snapper, &s.origins).unwrap();
    let to = snap_all(&snapper, &s.providers).unwrap();
    let mut g = c.benchmark_group("roads/country");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    g.throughput(Throughput::Bytes(s.bytes));
    g.bench_function("read_pbf", |b| {
        b.iter(|| osm_pbf::read(&s.pbf, Mode::Car).unwrap())
    });
    g.throughput(Throughput::Elements(ways.nodes.len() as u64));
    g.bench_function("graph", |b| b.iter(|| Graph::build(&ways)));
    g.bench_function("snap", |b| {
        b.iter(|| {
            let snapper = Snapper::new(&graph);
            snap_all(&snapper, &s.origins).unwrap().len()
                + snap_all(&snapper, &s.providers).unwrap().len()
        })
    });
    g.throughput(Throughput::Elements(
        (s.origins.len() * s.providers.len()) as u64,
    ));
    g.bench_function("matrix_30min", |b| {
        b.iter(|| times(&graph, &from, &to, 30.0))
    });
    g.bench_function("matrix_60min", |b| {
        b.iter(|| times(&graph, &from, &to, 60.0))
    });
    g.bench_function("end_to_end_30min", |b| {
        b.iter(|| end_to_end(&s.pbf, &s.origins, &s.providers, 30.0))
    });
    g.finish();
}

criterion_group!(benches, orp, country);
criterion_main!(benches);
