//! Whole-country benchmarks of every stage: load, index, reach, balance, report.
//!
//! Uses the real municipalities in `../shared/data/cz` when present (6,258 polygons and the
//! 2020 population) with 6,700 generated providers; otherwise a generated country of the same
//! size. Also every method on generated instances of 3,000 demand points × 500 providers and
//! 1,000,000 × 20,000.
//!
//! `cargo bench --bench pipeline`; figures in `benches/README.md`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "a benchmark's set-up stops at the first failure, as a test does"
)]

use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};

mod common;
use gapmap::model::{LonLat, Study};
use gapmap::{Silent, analyse, synth};

fn load(scenario: &Path) -> Study {
    let s = gapmap::scenario::Scenario::read(scenario).unwrap();
    gapmap::load::load(&s, &Silent).unwrap().study
}

fn whole_country(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let scenario = common::country(dir.path());
    let study = load(&scenario);
    let mut g = c.benchmark_group("country");
    g.sample_size(20).measurement_time(Duration::from_secs(8));
    g.bench_function("load", |b| b.iter(|| load(&scenario)));
    g.bench_function("index_units", |b| {
        b.iter(|| gapmap::index::UnitIndex::new(&study.units))
    });
    g.bench_function("reach_all_services", |b| {
        b.iter(|| {
            (0..study.services.len())
                .map(|s| gapmap::reach::reach(&study, s, &Silent))
                .collect::<Vec<_>>()
        })
    });
    let results = analyse(&study, &Silent);
    g.bench_function("analyse", |b| b.iter(|| analyse(&study, &Silent)));
    g.bench_function("balance_all_services", |b| {
        b.iter(|| {
            results
                .iter()
                .map(|r| {
                    let capacity: Vec<f64> = r
                        .reach
                        .providers
                        .iter()
                        .map(|&p| study.providers[p].capacity.get())
                        .collect();
                    let serves = vec![None; capacity.len()];
                    gapmap::balance::balance(
                        gapmap::balance::Method::TwoStep,
                        &gapmap::balance::Inputs {
                            reach: &r.reach,
                            need: &r.need,
                            capacity: &capacity,
                            serves: &serves,
                        },
                    )
                })
                .collect::<Vec<_>>()
        })
    });
    let findings = gapmap::gap::findings(&study, &results);
    g.bench_function("report_html", |b| {
        b.iter(|| gapmap::report::html::run(&study, &findings, &Default::default()))
    });
    g.bench_function("report_render", |b| {
        b.iter(|| {
            let findings = gapmap::gap::findings(&study, &results);
            gapmap::report::render(&study, &findings, &Default::default(), Default::default())
                .unwrap()
        })
    });
    g.bench_function("end_to_end_without_writing", |b| {
        b.iter(|| {
            let study = load(&scenario);
            let results = analyse(&study, &Silent);
            let findings = gapmap::gap::findings(&study, &results);
            gapmap::report::render(&study, &findings, &Default::default(), Default::default())
                .unwrap()
        })
    });
    g.finish();
}

/// W-nation as `gapmap run` runs it, from the scenario to the files in their folder: with every
/// output, and with `--formats csv` (what a batch of scenarios runs).
fn w_nation(c: &mut Criterion) {
    use gapmap::report::folder::{Folder, Replace};
    use gapmap::report::{Format, Formats};
    let dir = tempfile::tempdir().unwrap();
    let scenario = common::w_nation(dir.path());
    let run = |formats: Formats, out: &Path| {
        let study = load(&scenario);
        let results = analyse(&study, &Silent);
        let findings = gapmap::gap::findings(&study, &results);
        let outputs =
            gapmap::report::render(&study, &findings, &Default::default(), formats).unwrap();
        Folder::claim(out, study.name.as_str(), Replace::Own)
            .unwrap()
            .write(&outputs)
            .unwrap();
    };
    let mut g = c.benchmark_group("w_nation");
    g.sample_size(20).measurement_time(Duration::from_secs(10));
    let out = dir.path().join("every");
    g.bench_function("run_every_output", |b| b.iter(|| run(Formats::ALL, &out)));
    let out = dir.path().join("csv");
    let csv: Formats = [Format::Csv].into_iter().collect();
    g.bench_function("run_csv", |b| b.iter(|| run(csv, &out)));
    g.finish();
}

/// The plan over time on W-nation: the country's ages projected to 2030, the `--formats csv`
/// run with and without `[horizon]`, and `gapmap monitor` of a plan of 50 measures.
fn plan_over_time(c: &mut Criterion) {
    use gapmap::report::folder::{Folder, Replace};
    use gapmap::report::{Format, Formats};
    let dir = tempfile::tempdir().unwrap();
    let scenario = common::w_nation(dir.path());
    let horizon = dir.path().join("country-2030.toml");
    std::fs::write(
        &horizon,
        "name = \"country-2030\"\nbase = \"country.toml\"\n[horizon]\nyear = 2030\n",
    )
    .unwrap();
    let csv: Formats = [Format::Csv].into_iter().collect();
    let run = |scenario: &Path, out: &Path| {
        let study = load(scenario);
        let results = analyse(&study, &Silent);
        let findings = gapmap::gap::findings(&study, &results);
        let outputs = gapmap::report::render(&study, &findings, &Default::default(), csv).unwrap();
        Folder::claim(out, study.name.as_str(), Replace::Own)
            .unwrap()
            .write(&outputs)
            .unwrap();
    };
    let mut g = c.benchmark_group("plan_over_time");
    g.sample_size(20).measurement_time(Duration::from_secs(10));
    // Every municipality's 18 bands carried from 2021 to 2030.
    let study = load(&scenario);
    let ages = study.ages.clone().unwrap();
    let projection = gapmap::national::projection().unwrap();
    g.bench_function("project_country_2030", |b| {
        b.iter(|| {
            let steps = gapmap::projection::Steps::new(&projection, 2021, 2030).unwrap();
            ages.iter()
                .map(|a| steps.project(&a.bands))
                .collect::<Vec<_>>()
        })
    });
    let read = gapmap::scenario::Scenario::read(&scenario).unwrap();
    g.bench_function("gapmap_project_2030", |b| {
        b.iter(|| gapmap::load::project_table(&read, 2030).unwrap())
    });
    let out = dir.path().join("today");
    g.bench_function("run_csv", |b| b.iter(|| run(&scenario, &out)));
    let out = dir.path().join("horizon");
    g.bench_function("run_csv_horizon_2030", |b| b.iter(|| run(&horizon, &out)));

    // A plan of 50 new providers at municipalities spread over the country; now has 25 of them
    // at half their capacity.
    let services: Vec<String> = study.services.iter().map(|s| s.id.clone()).collect();
    let mut plan =
        String::from("name = \"plan\"\nbase = \"country.toml\"\n[horizon]\nyear = 2030\n");
    let mut now = String::from("name = \"now\"\nbase = \"country.toml\"\n");
    let step = study.origins.len() / 50;
    for k in 0..50 {
        let at = study.origins[k * step].location.unwrap();
        let change = |capacity: u32| {
            format!(
                "\n[[changes]]\naction = \"add_provider\"\nid = \"M{k}\"\nservice = \"{}\"\ncapacity = {capacity}\nlon = {}\nlat = {}\n",
                services[k % services.len()],
                at.lon(),
                at.lat()
            )
        };
        plan.push_str(&format!(
            "{}measure = \"{}.{}\"\ndue = \"2028-12-31\"\n",
            change(20),
            k / 10 + 1,
            k % 10 + 1
        ));
        if k % 2 == 0 {
            now.push_str(&change(10));
        }
    }
    let (plan_path, now_path) = (dir.path().join("plan.toml"), dir.path().join("now.toml"));
    std::fs::write(&plan_path, plan).unwrap();
    std::fs::write(&now_path, now).unwrap();
    let date = gapmap::day::Day::try_from("2027-06-30").unwrap();
    let out = dir.path().join("monitor");
    g.bench_function("monitor_50_measures", |b| {
        b.iter(|| {
            let plan = gapmap::scenario::Scenario::read(&plan_path).unwrap();
            let target = gapmap::load::load(&plan, &Silent).unwrap().study;
            let baseline = gapmap::scenario::Scenario::read_baseline(&plan_path).unwrap();
            let baseline = gapmap::load::load(&baseline, &Silent).unwrap().study;
            let now = load(&now_path);
            let findings = |s: &Study| gapmap::gap::findings(s, &analyse(s, &Silent));
            let (fb, fn_, ft) = (findings(&baseline), findings(&now), findings(&target));
            let measures: Vec<_> = plan.measures.iter().filter(|m| m.own).cloned().collect();
            let stages = gapmap::monitor::Plan {
                baseline: gapmap::monitor::Stage {
                    study: &baseline,
                    findings: &fb,
                },
                now: gapmap::monitor::Stage {
                    study: &now,
                    findings: &fn_,
                },
                target: gapmap::monitor::Stage {
                    study: &target,
                    findings: &ft,
                },
                measures: &measures,
                date: &date,
            };
            let m = gapmap::monitor::monitor(&stages).unwrap();
            let outputs =
                gapmap::report::render_monitoring(&stages, &m, &Default::default()).unwrap();
            Folder::claim(&out, "plan", Replace::Own)
                .unwrap()
                .write(&outputs)
                .unwrap();
        })
    });
    g.finish();
}

/// `n` demand points and `m` providers of one service, uniform over a Czechia-sized box, with
/// a 10 km Gaussian catchment (σ 5 km) and 20 capacity units needed per 1,000 people.
fn points(n: usize, m: usize, seed: u64) -> Study {
    let mut rng = synth::Rng::new(seed);
    let at =
        |rng: &mut synth::Rng| LonLat::new(rng.range(12.1, 18.9), rng.range(48.55, 51.05)).unwrap();
    let points = common::demand_points(n, &mut rng, at);
    let text = r#"name = "points"
[inputs]
demand_points = "unused.csv"
providers = "unused.csv"
[groups.all]
columns = ["total"]
[services.care]
form = "outpatient"
catchment = 10.0
decay = { kind = "gaussian", sigma = 5.0 }
need = [{ group = "all", per_1000 = 20.0 }]
"#;
    let providers = (0..m)
        .map(|j| gapmap::model::Provider {
            id: format!("P{j}"),
            name: String::new(),
            service: 0,
            capacity: gapmap::model::Capacity::try_from(rng.range(5.0, 50.0).round()).unwrap(),
            location: Some(at(&mut rng)),
            groups: None,
            area: None,
            host: None,
            listing: None,
        })
        .collect();
    common::study(text, points, providers)
}

/// Every method on `n` points × `m` providers: the reach once (every method shares it), then
/// each method's balance on it.
fn methods(c: &mut Criterion, name: &str, n: usize, m: usize, time: Duration) {
    use gapmap::balance::{Inputs, Method, balance};
    let study = points(n, m, 42);
    let mut g = c.benchmark_group(name);
    g.sample_size(10).measurement_time(time);
    g.bench_function("reach", |b| {
        b.iter(|| gapmap::reach::reach(&study, 0, &Silent))
    });
    let reach = gapmap::reach::reach(&study, 0, &Silent);
    let need = gapmap::need::need(&study, 0);
    let capacity: Vec<f64> = reach
        .providers
        .iter()
        .map(|&p| study.providers[p].capacity.get())
        .collect();
    let serves = vec![None; capacity.len()];
    let inputs = Inputs {
        reach: &reach,
        need: &need,
        capacity: &capacity,
        serves: &serves,
    };
    for method in [
        Method::TwoStep,
        Method::ThreeStep,
        Method::Balanced,
        Method::Gravity,
        Method::Cumulative,
    ] {
        g.bench_function(method.name(), |b| b.iter(|| balance(method, &inputs)));
    }
    g.finish();
}

fn methods_small(c: &mut Criterion) {
    methods(c, "methods_3k_x_500", 3_000, 500, Duration::from_secs(3));
}

/// 1,000,000 demand points and 20,000 providers: about 46 M links.
fn methods_million(c: &mut Criterion) {
    methods(
        c,
        "methods_1M_x_20k",
        1_000_000,
        20_000,
        Duration::from_secs(20),
    );
}

criterion_group!(
    benches,
    w_nation,
    plan_over_time,
    whole_country,
    methods_small,
    methods_million
);
criterion_main!(benches);
