//! Three-step floating catchment area (3SFCA; Wan, Zou & Sternberg 2012, *International Journal
//! of Geographical Information Science* 26(6), 1073–1089).
//!
//! 2SFCA lets an origin's need count in full at every provider it reaches, so need is counted
//! several times where providers cluster. 3SFCA first splits each origin's need among the
//! providers it reaches by a selection weight
//!
//! `G_ij = W_ij / Σ_{k: W_ik > 0} W_ik`,
//!
//! taken only over providers inside `i`'s catchment (of the same service). Both steps then use
//! `W_ij · G_ij` where 2SFCA uses `W_ij`:
//! 1. `R_j = S_j / Σ_i W_ij G_ij N_i`;
//! 2. `A_i = Σ_j W_ij G_ij R_j`, and `supply_i = A_i N_i`.
//!
//! Units: `W` and `G` are dimensionless, `R_j` and `A_i` are capacity units per unit of need,
//! `supply_i` is in capacity units. Every provider's capacity is delivered in full to the need
//! in its reach, so supply is conserved for any decay. An origin whose links all weigh 0 has no
//! selection weights, and so no share.
//!
//! ```
//! use gapmap::balance::{Inputs, three_step::three_step};
//! use gapmap::need::ServiceNeed;
//! use gapmap::reach::{Link, ProviderPos, Reach};
//! // Origin 0 (need 10) reaches two homes, origin 1 (need 10) only the first; step decay.
//! // G: origin 0 splits ½ and ½, origin 1 sends all to home 0.
//! // R_0 = 6 / (½·10 + 10) = 0.4; R_1 = 4 / (½·10) = 0.8.
//! let link = |p| Link { provider: ProviderPos::new(p), cost: 1.0, weight: 1.0 };
//! let reach = Reach {
//!     providers: vec![0, 1],
//!     row_start: vec![0, 2, 3].into(),
//!     links: vec![link(0), link(1), link(0)].into(),
//!     nearest: vec![Some(1.0); 2].into(),
//! };
//! let need = ServiceNeed { norms: 1, by_norm: vec![10.0; 2], total: vec![10.0; 2] };
//! let b = three_step(&Inputs {
//!     reach: &reach, need: &need, capacity: &[6.0, 4.0], serves: &[None, None],
//! });
//! // A_0 = ½·0.4 + ½·0.8 = 0.6; A_1 = 0.4. Supply 6 + 4 = all 10 beds.
//! assert!((b.supply[0] - 6.0).abs() < 1e-12 && (b.supply[1] - 4.0).abs() < 1e-12);
//! ```

#![allow(
    clippy::indexing_slicing,
    reason = "provider positions come from the reach's links and origins from its rows, both built by reach for these lists"
)]

use super::{Balance, Inputs, competition, row_weights, share};

/// 3SFCA over one service. Deterministic: every sum runs in one fixed order.
pub fn three_step(inputs: &Inputs<'_>) -> Balance {
    let reach = inputs.reach;
    let total = row_weights(reach);
    // W_ij · G_ij = W_ij² / Σ_k W_ik.
    competition(inputs, |o: usize, k: usize| {
        let w = reach.links[k].weight;
        w * share(w, total[o])
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::balance::test_support::{EDGES, WORKED, close, defined, need, reach, run};

    #[test]
    fn worked_example_by_hand() {
        // G_AX = 1/1.5 = 2/3, G_AY = 1/3, G_BX = 1. W·G: AX 2/3, AY 1/6, BX 1/2.
        // R_X = 30 / (2/3·100 + 1/2·50) = 18/55; R_Y = 10 / (1/6·100) = 0.6.
        // A_A = 2/3·18/55 + 1/6·0.6 = 7/22 → supply 350/11; A_B = 1/2·18/55 = 9/55 → 90/11.
        // Not step decay, yet all 40 places are delivered.
        let b = run(three_step, WORKED);
        close(&b.demand_in_reach, &[275.0 / 3.0, 50.0 / 3.0]);
        close(&defined(&b.accessibility), &[7.0 / 22.0, 9.0 / 55.0]);
        close(&b.supply, &[350.0 / 11.0, 90.0 / 11.0]);
    }

    #[test]
    fn zero_need_no_demand_and_no_reach() {
        // Origin 0: row sum 0.75, G = 2/3 and 1/3, W·G = 1/3 and 1/12.
        // Origin 1: row sum 2, G = ½ and ½, W·G = ½ and ½.
        // R_0 = 4 / (1/3·8 + ½·0) = 1.5; R_1 = 9 / (1/12·8) = 13.5; provider 2: no need.
        // A_0 = 1/3·1.5 + 1/12·13.5 = 1.625 → supply 13 = 4 + 9; A_1 = ½·1.5 = 0.75, supply 0.
        let b = run(three_step, EDGES);
        close(&b.demand_in_reach, &[8.0 / 3.0, 2.0 / 3.0, 0.0]);
        close(&defined(&b.accessibility), &[1.625, 0.75, 0.0]);
        close(&b.supply, &[13.0, 0.0, 0.0]);
    }

    #[test]
    fn an_origin_whose_links_weigh_nothing_takes_no_share() {
        // A `steps` band of weight 0: origin 1 is inside the catchment at weight 0.
        let b = three_step(&Inputs {
            reach: &reach(&[&[(0, 1.0)], &[(0, 0.0)]], 1),
            need: &need(&[2.0, 6.0]),
            capacity: &[4.0],
            serves: &[None],
        });
        close(&b.supply, &[4.0, 0.0]);
    }
}
