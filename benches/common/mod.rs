//! What the benchmarks share: the country inputs and studies over random demand points.

#![allow(dead_code, reason = "each bench uses its own subset of the helpers")]

use std::path::{Path, PathBuf};

use gapmap::model::{LonLat, Origin, Provider, Shape, Study, Unit};
use gapmap::synth;

/// Writes the country inputs to a temp folder and returns the scenario path: the real
/// municipalities when `../shared/data/cz` is there, a generated country otherwise.
pub fn country(dir: &Path) -> PathBuf {
    country_with(dir, synth::CountrySpec::default())
}

/// W-nation: the country of [`country`] with 3 services and a 20 km catchment, as
/// `gapmap generate country --real ../shared/data/cz --services 3 --catchment 20` writes it.
pub fn w_nation(dir: &Path) -> PathBuf {
    country_with(
        dir,
        synth::CountrySpec {
            services: 3,
            catchment: Some(20.0),
            ..Default::default()
        },
    )
}

/// The country of `spec`, on the real municipalities when `../shared/data/cz` is there.
fn country_with(dir: &Path, spec: synth::CountrySpec) -> PathBuf {
    let real = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/cz");
    let real = real
        .join("municipalities.geojson")
        .exists()
        .then_some(real.as_path());
    let spec = synth::CountrySpec { real, ..spec };
    synth::country_files(&spec).unwrap().write(dir).unwrap();
    dir.join("country.toml")
}

/// `n` demand points, each its own unit, placed by `at`, with 1 to 100 people each.
pub fn demand_points(
    n: usize,
    rng: &mut synth::Rng,
    at: impl Fn(&mut synth::Rng) -> LonLat,
) -> (Vec<Unit>, Vec<Origin>, Vec<f64>) {
    let units = (0..n)
        .map(|i| Unit {
            id: i.to_string(),
            name: String::new(),
            shape: Shape::None,
            in_region: true,
        })
        .collect();
    let origins = (0..n)
        .map(|i| Origin {
            id: i.to_string(),
            unit: i,
            location: Some(at(rng)),
        })
        .collect();
    let counts = (0..n).map(|_| rng.range(1.0, 100.0).round()).collect();
    (units, origins, counts)
}

/// A study of the scenario `text` (one group, `all`, over the column `total`) on demand points
/// and providers made in memory.
pub fn study(
    text: &str,
    (units, origins, counts): (Vec<Unit>, Vec<Origin>, Vec<f64>),
    providers: Vec<Provider>,
) -> Study {
    let scenario = gapmap::scenario::Scenario::parse(Path::new("bench.toml"), text).unwrap();
    Study {
        name: scenario.name.clone(),
        units: units.into(),
        origins: origins.into(),
        columns: scenario.columns.clone(),
        counts: counts.into(),
        groups: scenario.groups.clone(),
        services: scenario.services.clone(),
        providers,
        costs: None,
        priorities: scenario.priorities.clone(),
        ages: None,
        without_stop: vec![],
        questionnaires: vec![],
        outlook: None,
        population_year: None,
        closed: vec![],
    }
}

/// `n` random places in the box of `points`, from `seed`: origins spread over a region.
pub fn random_in_box(points: &[LonLat], n: usize, seed: u64) -> Vec<LonLat> {
    let (lo, hi) = points.iter().fold(
        ((f64::MAX, f64::MAX), (f64::MIN, f64::MIN)),
        |(lo, hi), p| {
            (
                (lo.0.min(p.lon()), lo.1.min(p.lat())),
                (hi.0.max(p.lon()), hi.1.max(p.lat())),
            )
        },
    );
    let mut rng = synth::Rng::new(seed);
    (0..n)
        .map(|_| LonLat::new(rng.range(lo.0, hi.0), rng.range(lo.1, hi.1)).unwrap())
        .collect()
}

/// A synthetic region's travel ends: the origins (its municipalities' points, or `n` random
/// places in their box) and its providers' places.
pub fn places(region: &synth::Region, origins: Option<usize>) -> (Vec<LonLat>, Vec<LonLat>) {
    let points: Vec<LonLat> = region
        .municipalities
        .iter()
        .map(|m| {
            let (lon, lat) = m.point();
            LonLat::new(lon, lat).unwrap()
        })
        .collect();
    let origins = match origins {
        None => points,
        Some(n) => random_in_box(&points, n, 7),
    };
    let providers = region
        .providers
        .iter()
        .filter_map(|p| p.location)
        .map(|(lon, lat)| LonLat::new(lon, lat).unwrap())
        .collect();
    (origins, providers)
}
