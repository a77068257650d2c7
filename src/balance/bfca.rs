//! Balanced floating catchment area (BFCA; Paez, Higgins & Vivona 2019, "Demand and level of
//! service inflation in Floating Catchment Area (FCA) methods", *PLoS ONE* 14(6), e0218773).
//!
//! 2SFCA counts an origin's need at every provider it reaches (demand inflation) and a
//! provider's ratio at every origin it reaches (supply inflation). BFCA normalises the weights
//! once each way:
//! - by origin, `W^i_ij = W_ij / Σ_j W_ij`: each origin's need is split among the providers it
//!   reaches, and the level of service is `L_j = S_j / Σ_i W^i_ij N_i`;
//! - by provider, `W^j_ij = W_ij / Σ_i W_ij`: each provider's level of service is split among
//!   the origins it reaches, and the accessibility is `A_i = Σ_j W^j_ij L_j`, as published.
//!
//! **Supply.** Paez's `A_i` preserves the level of service (`Σ_i A_i = Σ_j L_j`) but not the
//! capacity: `A_i · N_i` summed over origins is in general not `Σ_j S_j` (one provider and two
//! origins with step decay give `S / 2`). So gapmap reports as supply the capacity the method
//! allots to each origin, `supply_i = Σ_j W^i_ij N_i L_j`: the share of its need sent to `j`,
//! served at `j`'s level. Summed over origins this is exactly the capacity of the providers
//! with need in reach, for any decay. `coverage = supply / need` is then the allotted level of
//! service, and `accessibility` stays Paez's `A_i` so results compare with the literature.
//!
//! Units: `W^i`, `W^j` are dimensionless; `L_j` is capacity units per unit of need; `A_i` is a
//! sum of levels of service (capacity per unit of need); `supply_i` is in capacity units.
//! A provider that serves only some groups uses their need `N_ij` in place of `N_i`.
//!
//! ```
//! use gapmap::balance::{Inputs, bfca::bfca};
//! use gapmap::need::ServiceNeed;
//! use gapmap::reach::{Link, ProviderPos, Reach};
//! // One 12-bed home reached by two origins needing 10 and 20; step decay.
//! let link = Link { provider: ProviderPos::new(0), cost: 1.0, weight: 1.0 };
//! let reach = Reach {
//!     providers: vec![0],
//!     row_start: vec![0, 1, 2].into(),
//!     links: vec![link; 2].into(),
//!     nearest: vec![Some(1.0); 2].into(),
//! };
//! let need = ServiceNeed { norms: 1, by_norm: vec![10.0, 20.0], total: vec![10.0, 20.0] };
//! let b = bfca(&Inputs { reach: &reach, need: &need, capacity: &[12.0], serves: &[None] });
//! // L = 12 / 30 = 0.4; each origin gets half of it as A_i, and its need times L as supply.
//! assert_eq!(b.accessibility, vec![Some(0.2), Some(0.2)]);
//! assert_eq!(b.supply, vec![4.0, 8.0]);
//! ```

#![allow(
    clippy::indexing_slicing,
    reason = "provider positions come from the reach's links and origins from its rows, both built by reach for these lists"
)]

use rayon::prelude::*;

use super::{Balance, Inputs, column_weights, compete, deliver, row_weights, share};

/// BFCA over one service. Deterministic: every sum runs in one fixed order.
pub fn bfca(inputs: &Inputs<'_>) -> Balance {
    let reach = inputs.reach;
    let by_origin = row_weights(reach);
    let by_provider = column_weights(reach);

    let to_provider = |o: usize, k: usize| share(reach.links[k].weight, by_origin[o]);
    let (demand_in_reach, level) = compete(inputs, to_provider);
    let (_, supply) = deliver(inputs, &level, to_provider);
    let accessibility = (0..reach.origins())
        .into_par_iter()
        .map(|o| {
            let a = reach
                .row(o)
                .iter()
                .map(|l| {
                    let j = l.provider.index();
                    share(l.weight, by_provider[j]) * level[j]
                })
                .sum();
            Some(a)
        })
        .collect();
    Balance {
        accessibility,
        supply,
        demand_in_reach,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::balance::test_support::{EDGES, WORKED, close, defined, run};

    #[test]
    fn worked_example_by_hand() {
        // By origin: A splits 2/3 to X and 1/3 to Y; B sends all to X.
        // L_X = 30 / (2/3·100 + 50) = 9/35; L_Y = 10 / (1/3·100) = 0.3.
        // By provider: X's weights 1 and 0.5 give A 2/3 and B 1/3; Y's go all to A.
        // A_A = 2/3·9/35 + 0.3 = 0.471429; A_B = 1/3·9/35 = 3/35.
        // supply_A = 100·(2/3·9/35 + 1/3·0.3) = 190/7; supply_B = 50·9/35 = 90/7. Total 40.
        let b = run(bfca, WORKED);
        close(&b.demand_in_reach, &[350.0 / 3.0, 100.0 / 3.0]);
        close(
            &defined(&b.accessibility),
            &[2.0 / 3.0 * 9.0 / 35.0 + 0.3, 3.0 / 35.0],
        );
        close(&b.supply, &[190.0 / 7.0, 90.0 / 7.0]);
        // Paez's property: the levels of service are preserved, Σ A_i = Σ L_j.
        close(
            &[defined(&b.accessibility).iter().sum()],
            &[9.0 / 35.0 + 0.3],
        );
    }

    #[test]
    fn zero_need_no_demand_and_no_reach() {
        // By origin: origin 0 splits 2/3 and 1/3, origin 1 ½ and ½.
        // L_0 = 4 / (2/3·8 + ½·0) = 0.75; L_1 = 9 / (1/3·8) = 3.375; provider 2: no need.
        // supply_0 = 8·(2/3·0.75 + 1/3·3.375) = 13 = 4 + 9; the others 0.
        // By provider: column sums 1.5, 0.25 and 1.
        // A_0 = 0.5/1.5·0.75 + 0.25/0.25·3.375 = 3.625; A_1 = 1/1.5·0.75 + 1·0 = 0.5; A_2 = 0.
        let b = run(bfca, EDGES);
        close(&b.demand_in_reach, &[16.0 / 3.0, 8.0 / 3.0, 0.0]);
        close(&defined(&b.accessibility), &[3.625, 0.5, 0.0]);
        close(&b.supply, &[13.0, 0.0, 0.0]);
    }
}
