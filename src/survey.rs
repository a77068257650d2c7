//! Survey: a need rate from a needs survey, with its 95 % Wilson score interval.
//!
//! KPSS processes ask people of a target group whether they need a service. With `n`
//! respondents of whom `x` need it, the rate is `p = x / n` and its interval is Wilson's (1927):
//!
//! `(p + z²/2n ± z √(p(1−p)/n + z²/4n²)) / (1 + z²/n)`, with `z = 1.959964` (95 %).
//!
//! Surveys in small regions reach a large share of the group (one KPSS surveyed 1,425 seniors,
//! 74 % of them), and a census has no sampling error at all. So the sample is treated as drawn
//! without replacement from the group's `N` people: Wilson's formula with the effective sample
//! size `n_eff = n (N − 1) / (N − n)`, which divides the variance by the finite-population
//! correction `(N − n) / (N − 1)`. The correction is applied always (it is ≈ 1 when the share
//! is small, so results do not jump at a threshold); when `n ≥ N` the interval is `[p, p]`.
//! Units: rates are shares of the group (0–1).
//!
//! ```
//! use gapmap::survey::wilson;
//! // 30 of 100 respondents, from a large population: about 21.9 % to 39.6 %.
//! let (low, high) = wilson(30.0, 100.0, None);
//! assert!((low - 0.218948).abs() < 1e-6 && (high - 0.395849).abs() < 1e-6);
//! ```

/// The 97.5 % quantile of the standard normal distribution to 7 digits (1.959963985 rounded),
/// as the README's questionnaire section gives it: another implementation of those words gets
/// the same interval to the last digit.
pub const Z95: f64 = 1.959964;

/// The 95 % Wilson interval of `needing / respondents`, corrected for a finite `population`
/// (the group's size) when it is known.
pub fn wilson(needing: f64, respondents: f64, population: Option<f64>) -> (f64, f64) {
    let p = needing / respondents;
    let n = match population {
        Some(big_n) if respondents >= big_n => return (p, p),
        Some(big_n) => respondents * (big_n - 1.0) / (big_n - respondents),
        None => respondents,
    };
    wilson_at(p, n)
}

/// Wilson's interval on a weighted share `p` from `n` answers whose effective size is `n_eff`
/// (Kish: (Σw)² / Σw²), corrected for the `big_n` people they were drawn from: Wilson on `p`
/// and `n' = n_eff (N − 1) / (N − n)`. `None` when `n ≥ N`: everyone answered, there is no
/// sampling error.
///
/// ```
/// use gapmap::survey::wilson_share;
/// // Unweighted (n_eff = n), it is the finite-population interval of `wilson`.
/// assert_eq!(wilson_share(0.3, 100.0, 100.0, 135.0), Some(gapmap::survey::wilson(30.0, 100.0, Some(135.0))));
/// assert_eq!(wilson_share(0.5, 2.0, 2.0, 2.0), None);
/// ```
pub fn wilson_share(p: f64, n_eff: f64, n: f64, big_n: f64) -> Option<(f64, f64)> {
    if n >= big_n {
        return None;
    }
    Some(wilson_at(p, n_eff * (big_n - 1.0) / (big_n - n)))
}

/// Wilson's score interval on a share `p` with sample size `n`, at 95 %.
fn wilson_at(p: f64, n: f64) -> (f64, f64) {
    let z2 = Z95 * Z95;
    let centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
    let half = Z95 / (1.0 + z2 / n) * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    ((centre - half).max(0.0), (centre + half).min(1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilson_by_hand() {
        // x = 30, n = 100, z² = 3.841459: centre = (0.3 + 0.019207) / 1.038415 = 0.307399;
        // half = 1.959964 / 1.038415 · √(0.0021 + 0.000096) = 1.887458 · 0.046862 = 0.088450.
        // With N = 135: n_eff = 100 · 134 / 35 = 382.86, and the interval is 0.256269–0.347704.
        let (low, high) = wilson(30.0, 100.0, None);
        assert!((low - 0.218948).abs() < 1e-6, "{low}");
        assert!((high - 0.395849).abs() < 1e-6, "{high}");
    }

    #[test]
    fn a_census_has_no_sampling_error_and_a_large_share_narrows_the_interval() {
        assert_eq!(wilson(30.0, 100.0, Some(100.0)), (0.3, 0.3));
        let (wide_low, wide_high) = wilson(30.0, 100.0, None);
        let (low, high) = wilson(30.0, 100.0, Some(135.0));
        assert!(wide_low < low && high < wide_high);
        assert!((low - 0.256269).abs() < 1e-6 && (high - 0.347704).abs() < 1e-6);
    }

    #[test]
    fn no_one_or_everyone_needing_stays_within_0_and_1() {
        let (low, high) = wilson(0.0, 20.0, None);
        assert_eq!(low, 0.0);
        assert!(high > 0.1 && high < 0.2, "{high}");
        let (low, high) = wilson(20.0, 20.0, None);
        assert_eq!(high, 1.0);
        assert!(low > 0.8, "{low}");
    }
}
