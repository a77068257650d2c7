//! People by age band, following the Czech 2020 age structure, older in small villages.

#![allow(
    clippy::indexing_slicing,
    reason = "the generator indexes only lists it has just built, of sizes it chose"
)]

use super::Rng;

/// The age bands of the ČSÚ table "Věkové složení obyvatelstva obcí", as in
/// `population_2020.csv`: the ČSÚ importer's columns.
pub use crate::load::csu::BANDS as AGE_BANDS;

/// Czech age structure, 31 Dec 2020 (ČSÚ), per mille of the population, by band.
const CZ_AGE_PERMILLE: [f64; 18] = [
    53.0, 54.0, 51.0, 46.0, 48.0, 59.0, 64.0, 70.0, 83.0, 79.0, 64.0, 61.0, 62.0, 65.0, 57.0, 39.0,
    23.0, 22.0,
];

/// People in bands for a municipality of `total`, older where `age_tilt` > 0.
pub(crate) fn age_bands(total: u64, age_tilt: f64, rng: &mut Rng) -> [u64; 18] {
    let weights: Vec<f64> = CZ_AGE_PERMILLE
        .iter()
        .enumerate()
        .map(|(b, w)| {
            let older = (b as f64 - 8.5) / 8.5; // −1 for children, +1 for the oldest
            w * (1.0 + age_tilt * older) * rng.range(0.85, 1.15)
        })
        .collect();
    let sum: f64 = weights.iter().sum();
    // Largest remainder, so the bands sum to the total exactly.
    let exact: Vec<f64> = weights.iter().map(|w| w / sum * total as f64).collect();
    let mut bands = [0u64; 18];
    for (b, x) in exact.iter().enumerate() {
        bands[b] = x.floor() as u64;
    }
    let mut short = total - bands.iter().sum::<u64>();
    let mut order: Vec<usize> = (0..18).collect();
    order.sort_by(|&a, &b| {
        (exact[b] - exact[b].floor())
            .total_cmp(&(exact[a] - exact[a].floor()))
            .then(a.cmp(&b))
    });
    for &b in order.iter().cycle() {
        if short == 0 {
            break;
        }
        bands[b] += 1;
        short -= 1;
    }
    bands
}
