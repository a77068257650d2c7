//! Gravity potential (Hansen 1959; as the no-competition reference in Luo & Wang 2003):
//!
//! `A_i = Σ_j W_ij S_j / N_i`, and `supply_i = A_i N_i = Σ_j W_ij S_j`.
//!
//! There is no competition step: every origin counts the full capacity of every provider it
//! reaches, discounted by the decay, however many others reach it too. Supply is therefore a
//! potential, not a share, and is not conserved; gaps from this method say where capacity is
//! near, not whether there is enough of it. Use a competing method (2SFCA, 3SFCA, BFCA) for
//! gap tables.
//!
//! Units: `W` is dimensionless; `A_i` is capacity units per unit of need; `supply_i` is in
//! capacity units. `A_i` is undefined where `N_i = 0` (empty in the outputs), and such an
//! origin's supply is 0: there is no need for it to meet. A provider's `demand_in_reach` is
//! `Σ_i W_ij N_ij`, the need that could reach it. Provider groups do not change `A_i`.
//!
//! ```
//! use gapmap::balance::{Inputs, gravity::gravity};
//! use gapmap::need::ServiceNeed;
//! use gapmap::reach::{Link, Reach};
//! // Two origins (need 10 and 0) reach one 12-bed home at weight 0.5.
//! let link = Link { provider: 0, cost: 1.0, weight: 0.5 };
//! let reach = Reach {
//!     providers: vec![0],
//!     row_start: vec![0, 1, 2],
//!     links: vec![link; 2],
//!     nearest: vec![Some(1.0); 2],
//! };
//! let need = ServiceNeed { norms: 1, by_norm: vec![10.0, 0.0], total: vec![10.0, 0.0] };
//! let b = gravity(&Inputs { reach: &reach, need: &need, capacity: &[12.0], serves: &[None] });
//! assert_eq!(b.accessibility, vec![Some(0.6), None]); // 0.5 · 12 / 10
//! assert_eq!(b.supply, vec![6.0, 0.0]);
//! ```

use super::{Balance, Inputs, potential};

/// The gravity potential over one service.
pub fn gravity(inputs: &Inputs<'_>) -> Balance {
    let links = &inputs.reach.links;
    potential(inputs, |_: usize, k: usize| links[k].weight)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::balance::test_support::{close, need, reach};

    #[test]
    fn zero_need_no_demand_and_no_reach() {
        // Origin 0 (need 8) reaches provider 0 (cap 4) at 0.5 and provider 1 (cap 9) at 0.25;
        // origin 1 (need 0) reaches provider 0 at 1; origin 2 (need 5) reaches nothing;
        // provider 2 (cap 7) is reached only by origin 1, which has no need.
        // supply_0 = 0.5·4 + 0.25·9 = 4.25, A_0 = 4.25 / 8; origin 1: A undefined, supply 0;
        // origin 2: A = 0 / 5 = 0.
        let r = reach(&[&[(0, 0.5), (1, 0.25)], &[(0, 1.0), (2, 1.0)], &[]], 3);
        let b = gravity(&Inputs {
            reach: &r,
            need: &need(&[8.0, 0.0, 5.0]),
            capacity: &[4.0, 9.0, 7.0],
            serves: &[None, None, None],
        });
        assert_eq!(b.accessibility, vec![Some(4.25 / 8.0), None, Some(0.0)]);
        close(&b.supply, &[4.25, 0.0, 0.0]);
        close(&b.demand_in_reach, &[4.0, 2.0, 0.0]);
    }
}
