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
//! use gapmap::reach::{Link, ProviderPos, Reach};
//! // Two origins (need 10 and 0) reach one 12-bed home at weight 0.5.
//! let link = Link { provider: ProviderPos::new(0), cost: 1.0, weight: 0.5 };
//! let reach = Reach {
//!     providers: vec![0],
//!     row_start: vec![0, 1, 2].into(),
//!     links: vec![link; 2].into(),
//!     nearest: vec![Some(1.0); 2].into(),
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
    potential(inputs, |_: usize, k: usize| {
        links.get(k).map_or(0.0, |l| l.weight)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::balance::test_support::{EDGES, WORKED, close, defined, run};

    #[test]
    fn worked_example_by_hand() {
        // A: 1·30 + 0.5·10 = 35 → A = 0.35; B: 0.5·30 = 15 → A = 0.3. 50 > 40 places: no
        // competition, so X's places count at both.
        let b = run(gravity, WORKED);
        close(&defined(&b.accessibility), &[0.35, 0.3]);
        close(&b.supply, &[35.0, 15.0]);
        close(&b.demand_in_reach, &[125.0, 50.0]);
    }

    #[test]
    fn zero_need_no_demand_and_no_reach() {
        // supply_0 = 0.5·4 + 0.25·9 = 4.25, A_0 = 4.25 / 8; origin 1 has no need: A undefined,
        // supply 0; origin 2 reaches nothing: A = 0 / 5 = 0.
        let b = run(gravity, EDGES);
        assert_eq!(b.accessibility, vec![Some(4.25 / 8.0), None, Some(0.0)]);
        close(&b.supply, &[4.25, 0.0, 0.0]);
        close(&b.demand_in_reach, &[4.0, 2.0, 0.0]);
    }
}
