//! Balance: capacity against need over the reach, by a floating-catchment method.
//!
//! Every method turns a [`Reach`], the need per origin and the capacity per provider into an
//! accessibility `A_i` per origin and a supply `supply_i` per origin, in the service's capacity
//! units. The core works on slices; it does no I/O.
//!
//! | method        | module            | competition | conserves supply (step decay) |
//! |---------------|-------------------|-------------|-------------------------------|
//! | `2sfca`       | [`two_step`]      | yes         | yes                           |
//! | `3sfca`       | [`three_step`]    | yes         | yes                           |
//! | `bfca`        | [`bfca`]          | yes         | yes                           |
//! | `gravity`     | [`gravity`]       | no          | no: a potential               |
//! | `cumulative`  | [`cumulative`]    | no          | no: a potential               |
//!
//! The three competing methods share their two steps, [`compete`] and [`deliver`]; each
//! differs only in the weight it gives a link in each step.

pub mod bfca;
pub mod cumulative;
pub mod gravity;
pub mod three_step;
pub mod two_step;

use rayon::prelude::*;

use crate::error::ValueError;
use crate::need::ServiceNeed;
use crate::reach::Reach;

/// A floating-catchment method; a value, chosen per scenario or per service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Two-step floating catchment (Luo & Wang 2003); with a `steps` decay it is E2SFCA.
    TwoStep,
    /// Three-step floating catchment (Wan, Zou & Sternberg 2012).
    ThreeStep,
    /// Balanced floating catchment (Paez, Higgins & Vivona 2019).
    Balanced,
    /// Gravity potential, with no competition step.
    Gravity,
    /// Cumulative opportunities: the capacity in reach, with no competition step.
    Cumulative,
}

impl Method {
    /// The name used in scenario files and in `summary.csv`.
    pub fn name(self) -> &'static str {
        match self {
            Method::TwoStep => "2sfca",
            Method::ThreeStep => "3sfca",
            Method::Balanced => "bfca",
            Method::Gravity => "gravity",
            Method::Cumulative => "cumulative",
        }
    }
}

impl TryFrom<&str> for Method {
    type Error = ValueError;

    fn try_from(s: &str) -> Result<Self, ValueError> {
        match s {
            "2sfca" | "e2sfca" => Ok(Method::TwoStep),
            "3sfca" => Ok(Method::ThreeStep),
            "bfca" => Ok(Method::Balanced),
            "gravity" => Ok(Method::Gravity),
            "cumulative" => Ok(Method::Cumulative),
            _ => Err(ValueError::new(
                "method",
                format!("{s:?}"),
                "must be one of 2sfca, e2sfca, 3sfca, bfca, gravity, cumulative",
            )),
        }
    }
}

/// The outcome of a method for one service.
#[derive(Debug, Clone, PartialEq)]
pub struct Balance {
    /// `A_i` per origin; `None` where the method leaves it undefined (gravity and cumulative
    /// divide by the need, so an origin with no need has none).
    pub accessibility: Vec<Option<f64>>,
    /// `supply_i` per origin, in capacity units.
    pub supply: Vec<f64>,
    /// Per provider (by position in `Reach::providers`): the need the method sets against its
    /// capacity, weighted as in the method's first step.
    pub demand_in_reach: Vec<f64>,
}

/// The inputs of a method for one service, as slices.
pub struct Inputs<'a> {
    pub reach: &'a Reach,
    pub need: &'a ServiceNeed,
    /// `S_j` per provider position.
    pub capacity: &'a [f64],
    /// Per provider position: the norms it serves as a bit mask, `None` for all of them.
    pub serves: &'a [Option<u64>],
}

/// Runs `method` on one service.
pub fn balance(method: Method, inputs: &Inputs<'_>) -> Balance {
    match method {
        Method::TwoStep => two_step::two_step(inputs),
        Method::ThreeStep => three_step::three_step(inputs),
        Method::Balanced => bfca::bfca(inputs),
        Method::Gravity => gravity::gravity(inputs),
        Method::Cumulative => cumulative::cumulative(inputs),
    }
}

/// The weight of a link in one step of a method: `weight(origin, link index)`.
///
/// A closure rather than a vector, so that a method with a derived weight (3SFCA, BFCA) needs
/// no second array the size of the reach.
pub trait LinkWeight: Fn(usize, usize) -> f64 + Sync {}

impl<F: Fn(usize, usize) -> f64 + Sync> LinkWeight for F {}

/// The competition step: per provider, the need it faces, `D_j = Σ_i w_ij N_ij`, and its
/// ratio `R_j = S_j / D_j` (0 when `D_j = 0`: capacity with no need in reach reaches no one).
///
/// `N_ij` is the need at `i` of the groups that `j` serves. Each column is summed in ascending
/// origin order, whatever the thread count.
pub fn compete(inputs: &Inputs<'_>, weight: impl LinkWeight) -> (Vec<f64>, Vec<f64>) {
    let Inputs {
        reach,
        need,
        capacity,
        serves,
    } = inputs;
    let (col_start, entries) = reach.columns();
    let demand: Vec<f64> = (0..reach.providers.len())
        .into_par_iter()
        .map(|j| {
            entries[col_start[j]..col_start[j + 1]]
                .iter()
                .map(|&(o, k)| {
                    weight(o as usize, k as usize) * need.eligible(o as usize, serves[j])
                })
                .sum()
        })
        .collect();
    let ratio = demand
        .iter()
        .zip(capacity.iter())
        .map(|(&d, &s)| if d > 0.0 { s / d } else { 0.0 })
        .collect();
    (demand, ratio)
}

/// The delivery step: per origin, `supply_i = Σ_j w_ij R_j N_ij` and `A_i = supply_i / N_i`
/// (`Σ_j w_ij R_j` when `N_i = 0`, the ratio the origin would get per unit of need).
///
/// Returns `(accessibility, supply)`. Each row is summed in provider order.
pub fn deliver(
    inputs: &Inputs<'_>,
    ratio: &[f64],
    weight: impl LinkWeight,
) -> (Vec<Option<f64>>, Vec<f64>) {
    let Inputs {
        reach,
        need,
        serves,
        ..
    } = inputs;
    (0..reach.origins())
        .into_par_iter()
        .map(|o| {
            let links = reach.row_start[o]..reach.row_start[o + 1];
            let a: f64 = links
                .clone()
                .map(|k| weight(o, k) * ratio[reach.links[k].provider as usize])
                .sum();
            let n = need.total[o];
            if links
                .clone()
                .all(|k| serves[reach.links[k].provider as usize].is_none())
            {
                return (Some(a), a * n);
            }
            let s: f64 = links
                .map(|k| {
                    let j = reach.links[k].provider as usize;
                    weight(o, k) * ratio[j] * need.eligible(o, serves[j])
                })
                .sum();
            (Some(if n > 0.0 { s / n } else { a }), s)
        })
        .unzip()
}

/// The no-competition methods: `supply_i = Σ_j w_ij S_j` and `A_i = supply_i / N_i` where
/// `N_i > 0`; where `N_i = 0`, `A_i` is undefined and supply is 0. A provider's demand in reach
/// is `Σ_i w_ij N_ij`.
fn potential(inputs: &Inputs<'_>, weight: impl LinkWeight) -> Balance {
    let Inputs {
        reach,
        need,
        capacity,
        ..
    } = inputs;
    let (demand_in_reach, _) = compete(inputs, &weight);
    let (accessibility, supply) = (0..reach.origins())
        .into_par_iter()
        .map(|o| {
            let n = need.total[o];
            if n <= 0.0 {
                return (None, 0.0);
            }
            let s: f64 = (reach.row_start[o]..reach.row_start[o + 1])
                .map(|k| weight(o, k) * capacity[reach.links[k].provider as usize])
                .sum();
            (Some(s / n), s)
        })
        .unzip();
    Balance {
        accessibility,
        supply,
        demand_in_reach,
    }
}

/// Per origin, the sum of its link weights `Σ_j W_ij` over the providers in its reach.
fn row_weights(reach: &Reach) -> Vec<f64> {
    (0..reach.origins())
        .into_par_iter()
        .map(|o| reach.row(o).iter().map(|l| l.weight).sum())
        .collect()
}

/// `x / total`, or 0 when the total is 0 (a row or column with no weight gives no share).
fn share(x: f64, total: f64) -> f64 {
    if total > 0.0 { x / total } else { 0.0 }
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Small reaches written out by hand, for the methods' unit tests.

    use crate::need::ServiceNeed;
    use crate::reach::{Link, Reach};

    /// A reach from rows of `(provider, weight)`, one row per origin.
    pub fn reach(rows: &[&[(u32, f64)]], providers: usize) -> Reach {
        let mut row_start = vec![0];
        let mut links = Vec::new();
        for row in rows {
            links.extend(row.iter().map(|&(provider, weight)| Link {
                provider,
                cost: 0.0,
                weight,
            }));
            row_start.push(links.len());
        }
        Reach {
            providers: (0..providers).collect(),
            row_start,
            links,
            nearest: vec![None; rows.len()],
        }
    }

    /// Need with a single norm.
    pub fn need(total: &[f64]) -> ServiceNeed {
        ServiceNeed {
            norms: 1,
            by_norm: total.to_vec(),
            total: total.to_vec(),
        }
    }

    /// Asserts two slices agree to 1e-12, naming the position that does not.
    pub fn close(got: &[f64], want: &[f64]) {
        assert_eq!(got.len(), want.len(), "{got:?} vs {want:?}");
        for (i, (g, w)) in got.iter().zip(want).enumerate() {
            assert!((g - w).abs() < 1e-12, "at {i}: got {g}, want {w} ({got:?})");
        }
    }

    /// Accessibility that is defined everywhere, unwrapped.
    pub fn defined(a: &[Option<f64>]) -> Vec<f64> {
        a.iter()
            .map(|x| x.expect("accessibility defined"))
            .collect()
    }
}
