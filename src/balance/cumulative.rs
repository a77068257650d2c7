//! Cumulative opportunities: the capacity in reach per unit of need,
//!
//! `A_i = Σ_{j: d_ij ≤ catchment} S_j / N_i`, and `supply_i = A_i N_i = Σ_{j in reach} S_j`.
//!
//! Every provider inside the catchment counts in full, whatever the decay, and there is no
//! competition step: two origins that reach the same home both count all of its beds. Supply is
//! a potential and is not conserved; it answers "how much capacity lies within reach", the
//! simplest figure to explain to a steering group, not "how much of the need is met".
//!
//! Units: `A_i` is capacity units per unit of need; `supply_i` is in capacity units. `A_i` is
//! undefined where `N_i = 0` (empty in the outputs), and such an origin's supply is 0. A
//! provider's `demand_in_reach` is `Σ_{i in reach} N_ij`. Provider groups do not change `A_i`.
//!
//! ```
//! use gapmap::balance::{Inputs, cumulative::cumulative};
//! use gapmap::need::ServiceNeed;
//! use gapmap::reach::{Link, ProviderPos, Reach};
//! // Two origins needing 10 and 20 both reach one 12-bed home, at any weight.
//! let link = Link { provider: ProviderPos::new(0), cost: 1.0, weight: 0.3 };
//! let reach = Reach {
//!     providers: vec![0],
//!     row_start: vec![0, 1, 2].into(),
//!     links: vec![link; 2].into(),
//!     nearest: vec![Some(1.0); 2].into(),
//! };
//! let need = ServiceNeed { norms: 1, by_norm: vec![10.0, 20.0], total: vec![10.0, 20.0] };
//! let b = cumulative(&Inputs { reach: &reach, need: &need, capacity: &[12.0], serves: &[None] });
//! assert_eq!(b.accessibility, vec![Some(1.2), Some(0.6)]);
//! assert_eq!(b.supply, vec![12.0, 12.0]); // both count all 12 beds
//! ```

use super::{Balance, Inputs, potential};

/// Cumulative opportunities over one service.
pub fn cumulative(inputs: &Inputs<'_>) -> Balance {
    potential(inputs, |_: usize, _: usize| 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::balance::test_support::{EDGES, WORKED, close, defined, run};

    #[test]
    fn worked_example_by_hand() {
        // A reaches X and Y: 40 → A = 0.4; B reaches X: 30 → A = 0.6. Weights do not count.
        let b = run(cumulative, WORKED);
        close(&defined(&b.accessibility), &[0.4, 0.6]);
        close(&b.supply, &[40.0, 30.0]);
        close(&b.demand_in_reach, &[150.0, 100.0]);
    }

    #[test]
    fn zero_need_no_demand_and_no_reach() {
        // supply_0 = 4 + 9 = 13, A_0 = 13 / 8; origin 1 has no need: A undefined, supply 0;
        // origin 2 reaches nothing: A = 0.
        let b = run(cumulative, EDGES);
        assert_eq!(b.accessibility, vec![Some(13.0 / 8.0), None, Some(0.0)]);
        close(&b.supply, &[13.0, 0.0, 0.0]);
        close(&b.demand_in_reach, &[8.0, 8.0, 0.0]);
    }
}
