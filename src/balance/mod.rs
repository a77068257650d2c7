//! Balance: capacity against need over the reach, by a floating-catchment method.
//!
//! Every method turns a [`Reach`], the need per origin and the capacity per provider into an
//! accessibility `A_i` per origin and a supply `supply_i` per origin, in the service's capacity
//! units. The core works on slices; it does no I/O.
//!
//! | method        | module            | competition | conserves supply, any decay |
//! |---------------|-------------------|-------------|-----------------------------|
//! | `2sfca`       | [`two_step`]      | yes         | yes                         |
//! | `3sfca`       | [`three_step`]    | yes         | yes                         |
//! | `bfca`        | [`bfca`]          | yes         | yes (see its supply)        |
//! | `gravity`     | [`gravity`]       | no          | no: a potential             |
//! | `cumulative`  | [`cumulative`]    | no          | no: a potential             |
//!
//! The three competing methods share their two steps, [`compete`] and [`deliver`]; each
//! differs only in the weight it gives a link in each step.

#![allow(
    clippy::indexing_slicing,
    reason = "provider positions come from the reach's links and origins from its rows, both built by reach for these lists"
)]

pub mod bfca;
pub mod cumulative;
pub mod gravity;
pub mod three_step;
pub mod two_step;

use rayon::prelude::*;

use crate::need::ServiceNeed;
use crate::reach::Reach;

pub use crate::model::{Method, Pooling};

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

/// Per link, the supply it carries, for the methods in which one provider's deliveries do not
/// depend on the other providers: 2SFCA (`w_ij R_j N_ij`), gravity (`w_ij S_j`) and cumulative
/// (`S_j`), the last two only where `N_i > 0`. A row's sum is the origin's supply, so adding a
/// provider adds its links' supply and changes nothing else: what siting relies on.
///
/// `None` for 3SFCA and BFCA, whose weights depend on every provider an origin reaches.
pub fn link_supply(method: Method, inputs: &Inputs<'_>) -> Option<Vec<f64>> {
    let Inputs {
        reach,
        need,
        capacity,
        serves,
    } = inputs;
    let links = &reach.links;
    let per_link = |flow: &(dyn Fn(usize, usize, usize) -> f64 + Sync)| -> Vec<f64> {
        (0..reach.origins())
            .into_par_iter()
            .flat_map_iter(|o| {
                (reach.row_start[o]..reach.row_start[o + 1])
                    .map(move |k| flow(o, k, links[k].provider.index()))
            })
            .collect()
    };
    match method {
        Method::TwoStep => {
            let (_, ratio) = compete(inputs, |_: usize, k: usize| links[k].weight);
            Some(per_link(&|o, k, j| {
                links[k].weight * ratio[j] * need.eligible(o, serves[j])
            }))
        }
        Method::Gravity => Some(per_link(&|o, k, j| {
            if need.total[o] > 0.0 {
                links[k].weight * capacity[j]
            } else {
                0.0
            }
        })),
        Method::Cumulative => Some(per_link(&|o, _, j| {
            if need.total[o] > 0.0 {
                capacity[j]
            } else {
                0.0
            }
        })),
        Method::ThreeStep | Method::Balanced => None,
    }
}

/// The weight of a link in one step of a method: `weight(origin, link index)`.
///
/// A closure rather than a vector, so that a method with a derived weight (3SFCA, BFCA) needs
/// no second array the size of the reach.
pub trait LinkWeight: Fn(usize, usize) -> f64 + Sync {}

impl<F: Fn(usize, usize) -> f64 + Sync> LinkWeight for F {}

/// Origins per block of the competition step. Fixed, so that the order of every sum, and so
/// every bit of the result, is the same for any number of threads.
pub const BLOCK: usize = 1 << 15;

/// Per provider, `Σ_i value(i, link)` over the links that reach it.
///
/// Blocks of [`BLOCK`] origins are summed in parallel, each in row order, and the blocks' sums
/// are added in block order: one fixed order whatever the thread count, with no transposition
/// of the reach.
fn column_sums(reach: &Reach, value: impl Fn(usize, usize, usize) -> f64 + Sync) -> Vec<f64> {
    let providers = reach.providers.len();
    let blocks: Vec<Vec<f64>> = (0..reach.origins())
        .step_by(BLOCK)
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|first| {
            let mut part = vec![0.0; providers];
            for o in first..(first + BLOCK).min(reach.origins()) {
                for k in reach.row_start[o]..reach.row_start[o + 1] {
                    let j = reach.links[k].provider.index();
                    part[j] += value(o, k, j);
                }
            }
            part
        })
        .collect();
    let mut sums = vec![0.0; providers];
    for part in &blocks {
        for (d, p) in sums.iter_mut().zip(part) {
            *d += p;
        }
    }
    sums
}

/// The competition step: per provider, the need it faces, `D_j = Σ_i w_ij N_ij`, and its
/// ratio `R_j = S_j / D_j` (0 when `D_j = 0`: capacity with no need in reach reaches no one).
///
/// `N_ij` is the need at `i` of the groups that `j` serves.
pub fn compete(inputs: &Inputs<'_>, weight: impl LinkWeight) -> (Vec<f64>, Vec<f64>) {
    let Inputs {
        reach,
        need,
        capacity,
        serves,
    } = inputs;
    let demand = column_sums(reach, |o, k, j| weight(o, k) * need.eligible(o, serves[j]));
    let ratio = demand
        .iter()
        .zip(capacity.iter())
        .map(|(&d, &s)| if d > 0.0 { s / d } else { 0.0 })
        .collect();
    (demand, ratio)
}

/// Per provider, the sum of its link weights `Σ_i W_ij` over the origins in its reach.
fn column_weights(reach: &Reach) -> Vec<f64> {
    column_sums(reach, |_, k, _| reach.links[k].weight)
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
                .map(|k| weight(o, k) * ratio[reach.links[k].provider.index()])
                .sum();
            let n = need.total[o];
            if links
                .clone()
                .all(|k| serves[reach.links[k].provider.index()].is_none())
            {
                return (Some(a), a * n);
            }
            let s: f64 = links
                .map(|k| {
                    let j = reach.links[k].provider.index();
                    weight(o, k) * ratio[j] * need.eligible(o, serves[j])
                })
                .sum();
            (Some(if n > 0.0 { s / n } else { a }), s)
        })
        .unzip()
}

/// A competing method whose two steps weigh a link alike: compete, then deliver.
fn competition(inputs: &Inputs<'_>, weight: impl LinkWeight) -> Balance {
    let (demand_in_reach, ratio) = compete(inputs, &weight);
    let (accessibility, supply) = deliver(inputs, &ratio, &weight);
    Balance {
        accessibility,
        supply,
        demand_in_reach,
    }
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
                .map(|k| weight(o, k) * capacity[reach.links[k].provider.index()])
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

    use super::{Balance, Inputs};
    use crate::need::ServiceNeed;
    use crate::reach::{Link, ProviderPos, Reach};

    /// A world written out: rows of `(provider, weight)` per origin, need per origin, and
    /// capacity per provider.
    pub type World = (
        &'static [&'static [(u32, f64)]],
        &'static [f64],
        &'static [f64],
    );

    /// The worked example: origins A (need 100) and B (need 50), providers X (capacity 30) and
    /// Y (capacity 10). A reaches X at weight 1 and Y at 0.5; B reaches X at 0.5.
    pub const WORKED: World = (
        &[&[(0, 1.0), (1, 0.5)], &[(0, 0.5)]],
        &[100.0, 50.0],
        &[30.0, 10.0],
    );

    /// The edge cases: origin 0 (need 8) reaches provider 0 (capacity 4) at weight 0.5 and
    /// provider 1 (capacity 9) at 0.25; origin 1 (no need) reaches providers 0 and 2
    /// (capacity 7), so provider 2 has no need in reach; origin 2 (need 5) reaches nothing.
    pub const EDGES: World = (
        &[&[(0, 0.5), (1, 0.25)], &[(0, 1.0), (2, 1.0)], &[]],
        &[8.0, 0.0, 5.0],
        &[4.0, 9.0, 7.0],
    );

    /// Runs `method` on a world, every provider serving all groups.
    pub fn run(method: fn(&Inputs<'_>) -> Balance, (rows, total, capacity): World) -> Balance {
        method(&Inputs {
            reach: &reach(rows, capacity.len()),
            need: &need(total),
            capacity,
            serves: &vec![None; capacity.len()],
        })
    }

    /// A reach from rows of `(provider, weight)`, one row per origin.
    pub fn reach(rows: &[&[(u32, f64)]], providers: usize) -> Reach {
        let mut row_start = vec![0];
        let mut links = Vec::new();
        for row in rows {
            links.extend(row.iter().map(|&(provider, weight)| Link {
                provider: ProviderPos::new(provider),
                cost: 0.0,
                weight,
            }));
            row_start.push(links.len());
        }
        Reach {
            providers: (0..providers).collect(),
            row_start: row_start.into(),
            links: links.into(),
            nearest: vec![None; rows.len()].into(),
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

#[cfg(test)]
mod tests {
    use super::test_support::{EDGES, WORKED, World, close, need, reach};
    use super::*;

    /// Row sums of `link_supply` against the method's own supply.
    fn row_sums(method: Method, (rows, total, capacity): World) -> Option<(Vec<f64>, Vec<f64>)> {
        let reach = reach(rows, capacity.len());
        let inputs = Inputs {
            reach: &reach,
            need: &need(total),
            capacity,
            serves: &vec![None; capacity.len()],
        };
        let flows = link_supply(method, &inputs)?;
        let sums = (0..reach.origins())
            .map(|o| {
                flows[reach.row_start[o]..reach.row_start[o + 1]]
                    .iter()
                    .sum()
            })
            .collect();
        Some((sums, balance(method, &inputs).supply))
    }

    #[test]
    fn link_supply_adds_up_to_supply_where_providers_do_not_interact() {
        for method in [Method::TwoStep, Method::Gravity, Method::Cumulative] {
            for world in [WORKED, EDGES] {
                let (sums, supply) = row_sums(method, world).expect("additive method");
                close(&sums, &supply);
            }
        }
        // By hand, 2SFCA on WORKED: X faces 100 + 25 = 125, Y faces 50; A gets 1·30/125·100 +
        // 0.5·10/50·100 = 24 + 10, B gets 0.5·30/125·50 = 6.
        let (sums, _) = row_sums(Method::TwoStep, WORKED).unwrap();
        close(&sums, &[34.0, 6.0]);
    }

    #[test]
    fn link_supply_is_refused_where_providers_interact() {
        assert!(row_sums(Method::ThreeStep, WORKED).is_none());
        assert!(row_sums(Method::Balanced, WORKED).is_none());
    }
}
