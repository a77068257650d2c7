//! The importers of official Czech data, at national scale: the ČSÚ age-structure workbooks
//! (the real ones, from ../shared/data/cz), a registry the size of MPSV's `rpss.json`, the
//! shipped national data, and `init` for the largest planning case.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "a benchmark's set-up stops at the first failure, as a test does"
)]
#![allow(clippy::print_stderr, reason = "a bench says what it measures")]

mod common;

use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn csu_xlsx(c: &mut Criterion) {
    let raw = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/cz/raw");
    let files = ["2020_vek_do_999.xlsx", "2020_vek_nad_1000.xlsx"].map(|f| raw.join(f));
    if !files.iter().all(|f| f.exists()) {
        eprintln!("SKIPPED csu_xlsx: ../shared/data/cz/raw is not beside the clone");
        return;
    }
    let bytes: u64 = files.iter().map(|f| f.metadata().unwrap().len()).sum();
    let mut group = c.benchmark_group("csu_xlsx");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes));
    group.bench_function("both_2020_workbooks", |b| {
        b.iter(|| {
            let rows: usize = files
                .iter()
                .map(|f| gapmap::load::csu::read(f).unwrap().len())
                .sum();
            assert_eq!(rows, 6258);
        })
    });
    group.finish();
}

fn registry(c: &mut Criterion) {
    let national = gapmap::national::shipped().unwrap();
    let people: std::collections::HashMap<&str, u64> = national
        .ages
        .iter()
        .map(|a| (a.code.as_str(), a.total))
        .collect();
    let places: Vec<(String, String, u64)> = national
        .municipalities
        .iter()
        .map(|m| {
            let n = people.get(m.code.as_str()).copied().unwrap_or(0);
            (m.code.clone(), m.name.clone(), n)
        })
        .collect();
    // The registry of 31 Aug 2026 had 6,733 services and 18,907 facilities.
    let text = gapmap::synth::registry::registry(6_733, 18_907, &places, &[1_000.0; 12], 1);
    let day = gapmap::day::Day::try_from("2026-01-01").unwrap();
    eprintln!("registry: {:.1} MB", text.len() as f64 / 1e6);
    let mut group = c.benchmark_group("registry");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("parse_6733_services", |b| {
        b.iter(|| {
            gapmap::load::registry::parse(Path::new("rpss.json"), text.as_bytes(), &day).unwrap()
        })
    });
    // The real file runs to 100 MB: the same services with longer texts the reader skips.
    let filler = format!("\"popisCinnosti\": \"{}\",", "text ".repeat(1_300));
    let large = text.replace(
        "\"rozsirenePusobnostiVKraji\"",
        &format!("{filler} \"rozsirenePusobnostiVKraji\""),
    );
    eprintln!(
        "registry with long texts: {:.1} MB",
        large.len() as f64 / 1e6
    );
    group.throughput(Throughput::Bytes(large.len() as u64));
    group.bench_function("parse_6733_services_100_mb", |b| {
        b.iter(|| {
            gapmap::load::registry::parse(Path::new("rpss.json"), large.as_bytes(), &day).unwrap()
        })
    });
    group.finish();
}

fn addresses(c: &mut Criterion) {
    // Praha's file has about 100,000 address points; a registry wants a few hundred of them.
    let mut text = String::from(
        "Kód ADM;Kód obce;Název obce;Kód MOMC;Název MOMC;Kód MOP;Název MOP;Kód části obce;Název části obce;Kód ulice;Název ulice;Typ SO;Číslo domovní;Číslo orientační;Znak čísla orientačního;PSČ;Souřadnice Y;Souřadnice X;Platí Od\r\n",
    );
    for i in 0..100_000u64 {
        text.push_str(&format!(
            "{};554782;Praha;500186;Praha 7;;;490067;Holešovice;{};Dělnická;č.p.;{};{};;17000;{}.{:02};{}.{:02};2020-01-01T00:00:00\r\n",
            20_000_000 + i,
            400_000 + i % 900,
            1 + i % 3000,
            1 + i % 90,
            735_000 + i % 12_000,
            i % 100,
            1_036_000 + (i * 7) % 12_000,
            (i * 3) % 100
        ));
    }
    let bytes = encoding_rs::WINDOWS_1250.encode(&text).0.into_owned();
    let wanted: std::collections::HashSet<u64> = (0..500).map(|i| 20_000_000 + i * 200).collect();
    let krovak = gapmap::crs::Krovak::new();
    let mut group = c.benchmark_group("addresses");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("praha_100k_points_500_wanted", |b| {
        b.iter(|| {
            let found =
                gapmap::load::addresses::parse(Path::new("a.csv"), &bytes, &wanted, &krovak)
                    .unwrap();
            assert_eq!(found.len(), 500);
        })
    });
    group.finish();
}

fn national(c: &mut Criterion) {
    let mut group = c.benchmark_group("national");
    group.sample_size(10);
    group.bench_function("shipped_decode", |b| {
        b.iter(|| gapmap::national::shipped().unwrap())
    });
    let national = gapmap::national::shipped().unwrap();
    let config = |buffer_km| gapmap::init::Config {
        selection: gapmap::init::Selection::Orp("1741".into()),
        buffer_km,
        name: None,
        title: None,
        population: vec![],
        boundaries: None,
        registry: None,
        codebooks: None,
        addresses: vec![],
        date: gapmap::init::Day::try_from("2026-01-01").unwrap(),
        today: gapmap::init::Day::try_from("2026-01-01").unwrap(),
    };
    group.bench_function("init_orp_1741", |b| {
        b.iter(|| gapmap::init::init(&config(None), &national).unwrap())
    });
    group.bench_function("init_orp_1741_buffer_20km", |b| {
        b.iter(|| gapmap::init::init(&config(Some(20.0)), &national).unwrap())
    });
    group.finish();
}

criterion_group!(benches, csu_xlsx, registry, addresses, national);
criterion_main!(benches);
