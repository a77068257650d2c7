//! Bound: an upper bound on the best gain of `k` sites, by Lagrangian relaxation.
//!
//! Both sparse forms are integer programs whose linking constraints can be priced out; any
//! price vector then gives a bound, and subgradient steps (Polyak's rule) lower it. The bound is
//! valid after any number of steps; the steps only make it tighter.
//!
//! - `Best` (maximal covering, p-median savings): relax `Σ_c z_ic ≤ 1` with prices `μ_i ≥ 0`:
//!   `L(μ) = Σ_i μ_i + top_k Σ_i max(0, v_ic − μ_i)` (Galvão & ReVelle 1996 for the MCLP).
//! - `Capped` (supply against shortfalls): relax `y_i ≤ Σ_c v_ic x_c` with prices
//!   `λ_i ∈ [0, 1]`: `L(λ) = Σ_i (1 − λ_i) cap_i + top_k Σ_i λ_i v_ic`.
//!
//! `top_k` is the sum of the `k` largest column values. Units: those of the gain.
//!
//! ```
//! use gapmap::site::{bound::lagrangian, gain::Sparse};
//! // Three rows of need 1; the two candidates cover rows {0, 1} and {1, 2}. Best of one: 2.
//! let g = Sparse::best(3, vec![vec![(0, 1.0), (1, 1.0)], vec![(1, 1.0), (2, 1.0)]]);
//! let ub = lagrangian(&g, 1, 2.0);
//! assert!(ub >= 2.0 && ub <= 2.0 + 1e-6);
//! ```

#![allow(
    clippy::indexing_slicing,
    reason = "unit, origin, provider and candidate positions come from the reaches and the study built for this siting"
)]

use rayon::prelude::*;

use super::gain::{Combine, Sparse};

/// Subgradient steps; each costs one pass over the entries.
const STEPS: usize = 400;

/// The Lagrangian bound of `g` for `k` sites. `known` is a gain some set achieves (a lower
/// bound), used for the step size.
pub fn lagrangian(g: &Sparse, k: usize, known: f64) -> f64 {
    let candidates = g.start.len() - 1;
    if k >= candidates {
        // Every candidate fits: the gain of all of them is exact.
        let all: Vec<usize> = (0..candidates).collect();
        return super::gain::Gain::of(g, &all);
    }
    let mut price = match &g.combine {
        Combine::Best => vec![0.0; g.rows],
        Combine::Capped(_) => vec![1.0; g.rows],
    };
    let mut best = f64::INFINITY;
    let mut theta = 1.0;
    let mut since = 0;
    for _ in 0..STEPS {
        let (bound, chosen) = evaluate(g, &price, k);
        let improved = best.is_infinite() || bound < best - 1e-12 * best.abs().max(1.0);
        best = best.min(bound);
        if improved {
            since = 0;
        } else {
            since += 1;
            if since >= 20 {
                theta /= 2.0;
                since = 0;
            }
        }
        if best - known <= 1e-9 * known.abs().max(1.0) || theta < 1e-6 {
            break;
        }
        // ∂L/∂price_i, from the chosen columns.
        let mut grad = match &g.combine {
            Combine::Best => vec![1.0; g.rows],
            Combine::Capped(caps) => caps.iter().map(|&c| -c).collect(),
        };
        for &c in &chosen {
            for &(i, v) in g.column(c) {
                let i = i as usize;
                match g.combine {
                    Combine::Best if v > price[i] => grad[i] -= 1.0,
                    Combine::Best => {}
                    Combine::Capped(_) => grad[i] += v,
                }
            }
        }
        // Rows at a bound that the gradient pushes out of it do not move.
        let moving = |i: usize| match g.combine {
            Combine::Best => !(price[i] <= 0.0 && grad[i] > 0.0),
            Combine::Capped(_) => {
                !(price[i] <= 0.0 && grad[i] > 0.0 || price[i] >= 1.0 && grad[i] < 0.0)
            }
        };
        let norm: f64 = (0..g.rows)
            .filter(|&i| moving(i))
            .map(|i| grad[i] * grad[i])
            .sum();
        if norm == 0.0 {
            break;
        }
        let step = theta * (bound - known).max(1e-9 * known.abs().max(1.0)) / norm;
        for i in 0..g.rows {
            let p = price[i] - step * grad[i];
            price[i] = match g.combine {
                Combine::Best => p.max(0.0),
                Combine::Capped(_) => p.clamp(0.0, 1.0),
            };
        }
    }
    best
}

/// `L(price)` and the `k` columns that attain it.
fn evaluate(g: &Sparse, price: &[f64], k: usize) -> (f64, Vec<usize>) {
    let candidates = g.start.len() - 1;
    let worth: Vec<f64> = (0..candidates)
        .into_par_iter()
        .with_min_len(16)
        .map(|c| {
            g.column(c)
                .iter()
                .map(|&(i, v)| {
                    let p = price[i as usize];
                    match g.combine {
                        Combine::Best => (v - p).max(0.0),
                        Combine::Capped(_) => p * v,
                    }
                })
                .sum()
        })
        .collect();
    let mut order: Vec<usize> = (0..candidates).collect();
    order.sort_by(|&a, &b| worth[b].total_cmp(&worth[a]).then(a.cmp(&b)));
    order.truncate(k);
    let rows: f64 = match &g.combine {
        Combine::Best => price.iter().sum(),
        Combine::Capped(caps) => caps.iter().zip(price).map(|(c, p)| (1.0 - p) * c).sum(),
    };
    let top: f64 = order.iter().map(|&c| worth[c]).sum();
    (rows + top, order)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::gain::Gain;

    #[test]
    fn the_capped_bound_is_at_least_the_best_pair() {
        // Shortfalls 10 and 4; three sites. Best pair by hand: {0, 2} removes 10 + 4.
        let g = Sparse::capped(
            vec![10.0, 4.0],
            vec![
                vec![(0, 6.0), (1, 3.0)],
                vec![(0, 6.0), (1, 3.0)],
                vec![(0, 4.0), (1, 1.0)],
            ],
        );
        assert_eq!(g.of(&[0, 1]), 14.0);
        let ub = lagrangian(&g, 2, 14.0);
        assert!((14.0..14.0 + 1e-6).contains(&ub), "{ub}");
    }

    #[test]
    fn the_bound_is_above_the_optimum_when_the_relaxation_has_a_gap() {
        // An odd cycle of three rows, each covered by two of three sites: one site covers 2,
        // but the relaxation may spread half a site over all three.
        let g = Sparse::best(
            3,
            vec![
                vec![(0, 1.0), (1, 1.0)],
                vec![(1, 1.0), (2, 1.0)],
                vec![(0, 1.0), (2, 1.0)],
            ],
        );
        let ub = lagrangian(&g, 1, 2.0);
        assert!(ub >= 2.0 - 1e-12, "{ub}");
        assert!(ub <= 2.0 * 3.0, "{ub}");
    }
}
