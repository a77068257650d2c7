//! Siting benchmarks: the maximal covering problem on 3,000 demand points × 500 candidates
//! with p = 10, and the whole country with every municipality a candidate for one 60-bed home.
//!
//! Each prints, once, the value found, the bound and whether optimality was proved: the
//! evidence for "within 0.5 % of optimal". `cargo bench --bench site`; figures in
//! `benches/README.md`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "a benchmark's set-up stops at the first failure, as a test does"
)]
#![allow(
    clippy::print_stderr,
    reason = "a benchmark reports the quality of its answer beside its time"
)]

use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};

mod common;
use gapmap::load::CandidateSource;
use gapmap::model::{Candidate, Candidates, LonLat, Study};
use gapmap::site::{Objective, Plan, Siting, site};
use gapmap::{Silent, analyse_service, synth};

/// Where the points of a covering instance lie, and the catchment.
struct Area {
    lon: (f64, f64),
    lat: (f64, f64),
    catchment: f64,
}

/// Czechia-sized (500 × 280 km), 10 km: few overlaps, as in the methods benchmarks.
const COUNTRY: Area = Area {
    lon: (12.1, 18.9),
    lat: (48.55, 51.05),
    catchment: 10.0,
};

/// A region (200 × 110 km) with a residential 25 km catchment: each candidate reaches about
/// 9 % of the points, so sites overlap heavily and the LP relaxation is fractional.
const REGION: Area = Area {
    lon: (14.0, 16.8),
    lat: (49.0, 50.0),
    catchment: 25.0,
};

/// `n` demand points (1 to 100 people) and `m` candidates, uniform over `area`, no existing
/// provider, a step catchment.
fn covering(n: usize, m: usize, area: &Area, seed: u64) -> (Study, Candidates) {
    let mut rng = synth::Rng::new(seed);
    let at = |rng: &mut synth::Rng| {
        LonLat::new(
            rng.range(area.lon.0, area.lon.1),
            rng.range(area.lat.0, area.lat.1),
        )
        .unwrap()
    };
    let points = common::demand_points(n, &mut rng, at);
    let text = format!(
        r#"name = "covering"
[inputs]
demand_points = "unused.csv"
providers = "unused.csv"
[groups.all]
columns = ["total"]
[services.home]
form = "residential"
catchment = {}
decay = {{ kind = "step" }}
need = [{{ group = "all", per_1000 = 90.0 }}]
"#,
        area.catchment
    );
    let sites = (0..m)
        .map(|j| Candidate {
            id: format!("K{j}"),
            name: String::new(),
            location: Some(at(&mut rng)),
        })
        .collect();
    let study = common::study(&text, points, Vec::new());
    (study, Candidates { sites, costs: None })
}

fn report(what: &str, plan: &Plan) {
    let gap = plan
        .bound
        .map(|b| 100.0 * (b - plan.value).abs() / plan.value.abs().max(f64::MIN_POSITIVE));
    eprintln!(
        "{what}: value {:.3}, bound {:?}, optimal {}, gap to bound {gap:.4?} %",
        plan.value, plan.bound, plan.optimal
    );
}

fn mclp(c: &mut Criterion) {
    let mut g = c.benchmark_group("site");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    for (name, area) in [("country_10km", &COUNTRY), ("region_25km", &REGION)] {
        let (study, candidates) = covering(3_000, 500, area, 7);
        let existing = analyse_service(&study, 0, &Silent);
        let siting = Siting {
            service: 0,
            count: 10,
            objective: Objective::Coverage,
            limits: Default::default(),
        };
        let plan = site(&study, &existing, &candidates, &siting, &Silent);
        report(&format!("mclp 3000 x 500, p = 10, {name}"), &plan);
        g.bench_function(format!("mclp_3000x500_p10_{name}"), |b| {
            b.iter(|| site(&study, &existing, &candidates, &siting, &Silent))
        });
    }
    g.finish();
}

/// The whole country: the real municipalities when `../shared/data/cz` is there, with
/// generated providers; every municipality a candidate for one 60-bed home for the elderly.
fn country(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let scenario = gapmap::scenario::Scenario::read(&common::country(dir.path())).unwrap();
    let (loaded, candidates) =
        gapmap::load::load_with(&scenario, Some(CandidateSource::Units), &Silent).unwrap();
    let (study, candidates) = (loaded.study, candidates.unwrap());
    let service = study
        .services
        .iter()
        .position(|s| s.id == "home_for_elderly")
        .unwrap();
    let existing = analyse_service(&study, service, &Silent);
    let mut g = c.benchmark_group("site_country");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    for objective in [
        Objective::Unmet(60.0.try_into().unwrap()),
        Objective::Coverage,
        Objective::Distance,
    ] {
        let siting = Siting {
            service,
            count: 1,
            objective,
            limits: Default::default(),
        };
        report(
            &format!("country, one home, {}", objective.name()),
            &site(&study, &existing, &candidates, &siting, &Silent),
        );
        g.bench_function(format!("one_home_{}", objective.name()), |b| {
            b.iter(|| site(&study, &existing, &candidates, &siting, &Silent))
        });
    }
    g.finish();
}

criterion_group!(benches, mclp, country);
criterion_main!(benches);
