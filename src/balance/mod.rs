//! Balance: capacity against need over the reach, by a floating-catchment method.
//!
//! Every method turns a [`Reach`], the need per origin and the capacity per provider into an
//! accessibility `A_i` per origin (capacity units per unit of need) and a supply
//! `supply_i = A_i · N_i`. The core works on slices; it does no I/O.

pub mod two_step;

use crate::error::ValueError;
use crate::need::ServiceNeed;
use crate::reach::Reach;

/// A floating-catchment method; a value, chosen per scenario or per service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Two-step floating catchment (Luo & Wang 2003); with a `steps` decay it is E2SFCA.
    TwoStep,
}

impl TryFrom<&str> for Method {
    type Error = ValueError;

    fn try_from(s: &str) -> Result<Self, ValueError> {
        match s {
            "2sfca" | "e2sfca" => Ok(Method::TwoStep),
            "3sfca" | "bfca" | "gravity" | "cumulative" => Err(ValueError::new(
                "method",
                format!("{s:?}"),
                "is not available in this version yet; use 2sfca or e2sfca",
            )),
            _ => Err(ValueError::new(
                "method",
                format!("{s:?}"),
                "must be one of 2sfca, e2sfca",
            )),
        }
    }
}

/// The outcome of a method for one service.
#[derive(Debug, Clone, PartialEq)]
pub struct Balance {
    /// `A_i` per origin.
    pub accessibility: Vec<f64>,
    /// `supply_i` per origin, in capacity units.
    pub supply: Vec<f64>,
    /// Per provider (by position in `Reach::providers`): the weighted need it competes for.
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
    }
}
