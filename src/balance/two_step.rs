//! Two-step floating catchment area (2SFCA; Luo & Wang 2003), and E2SFCA (Luo & Qi 2009) when the
//! decay is `steps`.
//!
//! With need `N_k` (capacity units), capacity `S_j` and weight `W_kj = f(d_kj)`:
//! 1. each provider's ratio `R_j = S_j / Σ_k W_kj N_k` (capacity per unit of weighted need);
//! 2. each origin's accessibility `A_i = Σ_j W_ij R_j`, and `supply_i = A_i N_i`.
//!
//! A provider with no need in reach has no ratio: its capacity reaches no one. With `step`
//! decay, total supply equals the capacity of the providers that have need in reach.
//! A provider that serves only some groups competes only for their need: `N_k` is then the
//! need of those groups at `k`, and `supply_i = Σ_j W_ij R_j N_ij`.
//!
//! ```
//! use gapmap::balance::{Inputs, two_step::two_step};
//! use gapmap::need::ServiceNeed;
//! use gapmap::reach::{Link, ProviderPos, Reach};
//! // Two origins needing 30 and 10 beds share one 20-bed home at full weight.
//! let reach = Reach {
//!     providers: vec![0],
//!     row_start: vec![0, 1, 2].into(),
//!     links: vec![Link { provider: ProviderPos::new(0), cost: 1.0, weight: 1.0 }; 2].into(),
//!     nearest: vec![Some(1.0); 2].into(),
//! };
//! let need = ServiceNeed { norms: 1, by_norm: vec![30.0, 10.0], total: vec![30.0, 10.0] };
//! let b = two_step(&Inputs { reach: &reach, need: &need, capacity: &[20.0], serves: &[None] });
//! assert_eq!(b.accessibility, vec![Some(0.5); 2]); // R = 20 / 40
//! assert_eq!(b.supply, vec![15.0, 5.0]);
//! ```

use super::{Balance, Inputs, competition};

/// 2SFCA over one service. Deterministic: every sum runs in one fixed order.
pub fn two_step(inputs: &Inputs<'_>) -> Balance {
    let links = &inputs.reach.links;
    competition(inputs, |_: usize, k: usize| {
        links.get(k).map_or(0.0, |l| l.weight)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::balance::test_support::{EDGES, WORKED, close, defined, reach, run};
    use crate::need::ServiceNeed;

    #[test]
    fn worked_example_by_hand() {
        // R_X = 30 / (1·100 + 0.5·50) = 0.24; R_Y = 10 / (0.5·100) = 0.2.
        // A_A = 1·0.24 + 0.5·0.2 = 0.34 → supply 34; A_B = 0.5·0.24 = 0.12 → supply 6.
        // Not step decay, yet supply sums to the capacity: 34 + 6 = 40.
        let b = run(two_step, WORKED);
        close(&b.demand_in_reach, &[125.0, 50.0]);
        close(&defined(&b.accessibility), &[0.34, 0.12]);
        close(&b.supply, &[34.0, 6.0]);
    }

    #[test]
    fn zero_need_no_demand_and_no_reach() {
        // R_0 = 4 / (0.5·8 + 1·0) = 1; R_1 = 9 / (0.25·8) = 4.5; provider 2: no need, R = 0.
        // A_0 = 0.5·1 + 0.25·4.5 = 1.625 → supply 13 = 4 + 9. The origin with no need still
        // has A_1 = 1·1 + 1·0 = 1, with supply 0; the one out of reach has 0.
        let b = run(two_step, EDGES);
        close(&b.demand_in_reach, &[4.0, 2.0, 0.0]);
        close(&defined(&b.accessibility), &[1.625, 1.0, 0.0]);
        close(&b.supply, &[13.0, 0.0, 0.0]);
    }

    #[test]
    fn provider_serving_one_group_competes_only_for_it() {
        // One origin; norms: seniors 6, disabled 4. Provider 0 serves only disabled (bit 1),
        // capacity 2; provider 1 serves all, capacity 5.
        // R_0 = 2 / 4 = 0.5; R_1 = 5 / 10 = 0.5. supply = 0.5·4 + 0.5·10 = 7; A = 7 / 10.
        let r = reach(&[&[(0, 1.0), (1, 1.0)]], 2);
        let n = ServiceNeed {
            norms: 2,
            by_norm: vec![6.0, 4.0],
            total: vec![10.0],
        };
        let b = two_step(&Inputs {
            reach: &r,
            need: &n,
            capacity: &[2.0, 5.0],
            serves: &[Some(0b10), None],
        });
        assert_eq!(b.demand_in_reach, vec![4.0, 10.0]);
        assert_eq!(b.supply, vec![7.0]);
        assert_eq!(b.accessibility, vec![Some(0.7)]);
    }
}
