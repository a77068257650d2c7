//! Distance decay: the weight `f(d)` a provider at distance `d` gets from a unit.
//!
//! `d` and the catchment are in km (on the sphere), or in cost units when a cost matrix is
//! given; `beta` and `sigma` are in the same units. Every kind is 0 beyond the catchment, and
//! the catchment is inclusive: `d <= catchment` is inside.
//!
//! ```
//! use gapmap::decay::{Decay, Positive};
//! let linear = Decay::Linear;
//! assert_eq!(linear.weight(5.0, 20.0), 0.75);
//! assert_eq!(linear.weight(21.0, 20.0), 0.0);
//! // Parameters are checked where they are made: a Gaussian without spread cannot exist.
//! assert!(Positive::new("sigma", 0.0).is_err());
//! let gaussian = Decay::Gaussian { sigma: Positive::new("sigma", 10.0)? };
//! assert_eq!(gaussian.weight(0.0, 20.0), 1.0);
//! # Ok::<(), gapmap::error::ValueError>(())
//! ```

use crate::error::ValueError;

/// A decay function; a value, chosen per service, valid by construction: its parameters are
/// [`Positive`] and its bands [`Bands`], each checked where it is made.
#[derive(Debug, Clone, PartialEq)]
pub enum Decay {
    /// f = 1 inside the catchment: classic 2SFCA.
    Step,
    /// Bands `(upper bound, weight)` in ascending order: the weight of the first band whose upper
    /// bound is ≥ d; 0 past the last band. With 2SFCA this is E2SFCA (Luo & Qi 2009).
    Steps(Bands),
    /// f = 1 − d / catchment.
    Linear,
    /// f = exp(−d² / 2σ²).
    Gaussian { sigma: Positive },
    /// f = exp(−β d).
    Exponential { beta: Positive },
    /// f = max(d, min_cost)^(−β); `min_cost` keeps a provider next door from weighing infinitely.
    Power { beta: Positive, min_cost: Positive },
}

/// A finite number > 0: a decay's σ, β or minimum cost.
///
/// ```
/// use gapmap::decay::Positive;
/// assert_eq!(Positive::new("sigma", 5.0).map(|s| s.get()), Ok(5.0));
/// assert!(Positive::new("sigma", 0.0).is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Positive(f64);

impl Positive {
    /// `value`, when it is a finite number > 0; else an error that names `what` and the value.
    pub fn new(what: &'static str, value: f64) -> Result<Positive, ValueError> {
        if value.is_finite() && value > 0.0 {
            Ok(Positive(value))
        } else {
            Err(ValueError::new(what, value, "must be a number > 0"))
        }
    }

    pub fn get(self) -> f64 {
        self.0
    }
}

/// The bands of a `steps` decay: at least one, upper bounds ≥ 0 and strictly ascending,
/// weights ≥ 0.
#[derive(Debug, Clone, PartialEq)]
pub struct Bands(Vec<(f64, f64)>);

impl Bands {
    /// The bands `(upper bound, weight)`, checked.
    pub fn new(bands: Vec<(f64, f64)>) -> Result<Bands, ValueError> {
        if bands.is_empty() {
            return Err(ValueError::new(
                "steps",
                "[]",
                "must list at least one band",
            ));
        }
        let mut last = f64::NEG_INFINITY;
        for &(upper, w) in &bands {
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
        Ok(Bands(bands))
    }

    pub fn as_slice(&self) -> &[(f64, f64)] {
        &self.0
    }
}

/// The default `min_cost` of the power decay: 1 km (or 1 cost unit).
pub const DEFAULT_MIN_COST: Positive = Positive(1.0);

impl Decay {
    /// The weight of a provider at distance `d` from a unit, for a service of this `catchment`.
    pub fn weight(&self, d: f64, catchment: f64) -> f64 {
        if d > catchment {
            return 0.0;
        }
        match self {
            Decay::Step => 1.0,
            Decay::Steps(bands) => bands
                .0
                .iter()
                .find(|(upper, _)| *upper >= d)
                .map_or(0.0, |(_, w)| *w),
            Decay::Linear => 1.0 - d / catchment,
            Decay::Gaussian { sigma } => (-(d * d) / (2.0 * sigma.0 * sigma.0)).exp(),
            Decay::Exponential { beta } => (-beta.0 * d).exp(),
            Decay::Power { beta, min_cost } => d.max(min_cost.0).powf(-beta.0),
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
        let steps =
            Decay::Steps(Bands::new(vec![(10.0, 1.0), (20.0, 0.68), (30.0, 0.22)]).unwrap());
        assert_eq!(steps.weight(0.0, c), 1.0);
        assert_eq!(steps.weight(10.0, c), 1.0);
        assert_eq!(steps.weight(10.5, c), 0.68);
        assert_eq!(steps.weight(25.0, c), 0.22);
        assert_eq!(steps.weight(25.0, 24.0), 0.0, "beyond the catchment");
        let short = Decay::Steps(Bands::new(vec![(10.0, 1.0)]).unwrap());
        assert_eq!(short.weight(15.0, c), 0.0, "past the last band");
        assert_eq!(Decay::Linear.weight(12.0, c), 0.6);
        // exp(-(10^2) / (2 * 10^2)) = exp(-0.5)
        let p = |what, v| Positive::new(what, v).unwrap();
        let g = Decay::Gaussian {
            sigma: p("sigma", 10.0),
        }
        .weight(10.0, c);
        assert!((g - 0.606_530_659_712_633).abs() < 1e-15);
        let e = Decay::Exponential {
            beta: p("beta", 0.1),
        }
        .weight(10.0, c);
        assert!((e - 0.367_879_441_171_442_3).abs() < 1e-15);
        let power = Decay::Power {
            beta: p("beta", 2.0),
            min_cost: DEFAULT_MIN_COST,
        };
        assert_eq!(power.weight(4.0, c), 1.0 / 16.0);
        assert_eq!(
            power.weight(0.0, c),
            1.0,
            "min_cost caps the weight next door"
        );
    }

    #[test]
    fn bad_parameters_are_rejected() {
        assert!(Positive::new("sigma", 0.0).is_err());
        assert!(Positive::new("beta", f64::NAN).is_err());
        assert!(Positive::new("min_cost", -1.0).is_err());
        assert!(Bands::new(vec![(20.0, 1.0), (10.0, 0.5)]).is_err());
        assert!(Bands::new(vec![(10.0, -1.0)]).is_err());
        assert!(Bands::new(vec![]).is_err());
        assert_eq!(
            Positive::new("sigma", 0.0).unwrap_err().to_string(),
            "invalid sigma (got 0): must be a number > 0"
        );
    }
}
