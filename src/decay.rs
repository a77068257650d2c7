//! Distance decay: the weight `f(d)` a provider at distance `d` gets from a unit.
//!
//! `d` and the catchment are in km (on the sphere), or in cost units when a cost matrix is
//! given; `beta` and `sigma` are in the same units. Every kind is 0 beyond the catchment, and
//! the catchment is inclusive: `d <= catchment` is inside.
//!
//! ```
//! use gapmap::decay::Decay;
//! let linear = Decay::Linear;
//! assert_eq!(linear.weight(5.0, 20.0), 0.75);
//! assert_eq!(linear.weight(21.0, 20.0), 0.0);
//! ```

use crate::error::ValueError;

/// A decay function; a value, chosen per service.
#[derive(Debug, Clone, PartialEq)]
pub enum Decay {
    /// f = 1 inside the catchment: classic 2SFCA.
    Step,
    /// Bands `(upper bound, weight)` in ascending order: the weight of the first band whose upper
    /// bound is ≥ d; 0 past the last band. With 2SFCA this is E2SFCA (Luo & Qi 2009).
    Steps(Vec<(f64, f64)>),
    /// f = 1 − d / catchment.
    Linear,
    /// f = exp(−d² / 2σ²).
    Gaussian { sigma: f64 },
    /// f = exp(−β d).
    Exponential { beta: f64 },
    /// f = max(d, min_cost)^(−β); `min_cost` keeps a provider next door from weighing infinitely.
    Power { beta: f64, min_cost: f64 },
}

/// The default `min_cost` of the power decay: 1 km (or 1 cost unit).
pub const DEFAULT_MIN_COST: f64 = 1.0;

impl Decay {
    /// The weight of a provider at distance `d` from a unit, for a service of this `catchment`.
    pub fn weight(&self, d: f64, catchment: f64) -> f64 {
        if d > catchment {
            return 0.0;
        }
        match self {
            Decay::Step => 1.0,
            Decay::Steps(bands) => bands
                .iter()
                .find(|(upper, _)| *upper >= d)
                .map_or(0.0, |(_, w)| *w),
            Decay::Linear => 1.0 - d / catchment,
            Decay::Gaussian { sigma } => (-(d * d) / (2.0 * sigma * sigma)).exp(),
            Decay::Exponential { beta } => (-beta * d).exp(),
            Decay::Power { beta, min_cost } => d.max(*min_cost).powf(-beta),
        }
    }

    /// Checks the parameters once, when the scenario is read.
    pub fn validate(&self) -> Result<(), ValueError> {
        let positive = |what: &'static str, v: f64| {
            if v.is_finite() && v > 0.0 {
                Ok(())
            } else {
                Err(ValueError::new(what, v, "must be a number > 0"))
            }
        };
        match self {
            Decay::Step | Decay::Linear => Ok(()),
            Decay::Gaussian { sigma } => positive("sigma", *sigma),
            Decay::Exponential { beta } => positive("beta", *beta),
            Decay::Power { beta, min_cost } => {
                positive("beta", *beta)?;
                positive("min_cost", *min_cost)
            }
            Decay::Steps(bands) => {
                if bands.is_empty() {
                    return Err(ValueError::new(
                        "steps",
                        "[]",
                        "must list at least one band",
                    ));
                }
                let mut last = f64::NEG_INFINITY;
                for &(upper, w) in bands {
                    let band = format!("[{upper}, {w}]");
                    if !(upper.is_finite() && upper >= 0.0 && upper > last) {
                        return Err(ValueError::new(
                            "steps",
                            band,
                            "upper bounds must be ≥ 0 and strictly ascending",
                        ));
                    }
                    if !(w.is_finite() && w >= 0.0) {
                        return Err(ValueError::new("steps", band, "weights must be ≥ 0"));
                    }
                    last = upper;
                }
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_by_hand() {
        let c = 30.0;
        assert_eq!(
            Decay::Step.weight(30.0, c),
            1.0,
            "the catchment is inclusive"
        );
        assert_eq!(Decay::Step.weight(30.000001, c), 0.0);
        let steps = Decay::Steps(vec![(10.0, 1.0), (20.0, 0.68), (30.0, 0.22)]);
        assert_eq!(steps.weight(0.0, c), 1.0);
        assert_eq!(steps.weight(10.0, c), 1.0);
        assert_eq!(steps.weight(10.5, c), 0.68);
        assert_eq!(steps.weight(25.0, c), 0.22);
        assert_eq!(steps.weight(25.0, 24.0), 0.0, "beyond the catchment");
        let short = Decay::Steps(vec![(10.0, 1.0)]);
        assert_eq!(short.weight(15.0, c), 0.0, "past the last band");
        assert_eq!(Decay::Linear.weight(12.0, c), 0.6);
        // exp(-(10^2) / (2 * 10^2)) = exp(-0.5)
        let g = Decay::Gaussian { sigma: 10.0 }.weight(10.0, c);
        assert!((g - 0.606_530_659_712_633).abs() < 1e-15);
        let e = Decay::Exponential { beta: 0.1 }.weight(10.0, c);
        assert!((e - 0.367_879_441_171_442_3).abs() < 1e-15);
        let p = Decay::Power {
            beta: 2.0,
            min_cost: 1.0,
        };
        assert_eq!(p.weight(4.0, c), 1.0 / 16.0);
        assert_eq!(p.weight(0.0, c), 1.0, "min_cost caps the weight next door");
    }

    #[test]
    fn bad_parameters_are_rejected() {
        assert!(Decay::Gaussian { sigma: 0.0 }.validate().is_err());
        assert!(
            Decay::Steps(vec![(20.0, 1.0), (10.0, 0.5)])
                .validate()
                .is_err()
        );
        assert!(Decay::Steps(vec![(10.0, -1.0)]).validate().is_err());
        assert!(Decay::Steps(vec![]).validate().is_err());
        assert!(
            Decay::Power {
                beta: 1.0,
                min_cost: 0.0
            }
            .validate()
            .is_err()
        );
    }
}
