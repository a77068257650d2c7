//! Properties of the methods on random reaches (proptest): conservation of supply, and results
//! that depend neither on the thread count nor on the order of the inputs.
//!
//! A world is a random sparse origin × provider matrix of weights, a need per origin split into
//! two groups, a capacity per provider and, for some providers, the groups they serve.

use gapmap::balance::{Balance, Inputs, Method, balance};
use gapmap::need::ServiceNeed;
use gapmap::reach::{Link, ProviderPos, Reach};
use proptest::prelude::*;

const ALL: [Method; 5] = [
    Method::TwoStep,
    Method::ThreeStep,
    Method::Balanced,
    Method::Gravity,
    Method::Cumulative,
];
const COMPETING: [Method; 3] = [Method::TwoStep, Method::ThreeStep, Method::Balanced];

#[derive(Debug, Clone)]
struct World {
    /// Per origin, `(provider, weight)` in provider order.
    rows: Vec<Vec<(u32, f64)>>,
    /// Per origin, need of group 0 and group 1.
    need: Vec<[f64; 2]>,
    capacity: Vec<f64>,
    serves: Vec<Option<u64>>,
}

impl World {
    fn reach(&self) -> Reach {
        let mut row_start = vec![0];
        let mut links = Vec::new();
        for row in &self.rows {
            links.extend(row.iter().map(|&(provider, weight)| Link {
                provider: ProviderPos::new(provider),
                cost: 1.0 - weight,
                weight,
            }));
            row_start.push(links.len());
        }
        Reach {
            providers: (0..self.capacity.len()).collect(),
            row_start: row_start.into(),
            links: links.into(),
            nearest: vec![None; self.rows.len()].into(),
        }
    }

    fn need(&self) -> ServiceNeed {
        ServiceNeed {
            norms: 2,
            by_norm: self.need.iter().flatten().copied().collect(),
            total: self.need.iter().map(|n| n[0] + n[1]).collect(),
        }
    }

    fn run(&self, method: Method) -> Balance {
        let (reach, need) = (self.reach(), self.need());
        balance(
            method,
            &Inputs {
                reach: &reach,
                need: &need,
                capacity: &self.capacity,
                serves: &self.serves,
            },
        )
    }

    /// The capacity of the providers that some origin with need they serve reaches at a
    /// positive weight, from the world itself rather than from any method's output.
    fn capacity_with_need_in_reach(&self) -> f64 {
        (0..self.capacity.len())
            .filter(|&j| {
                self.rows.iter().zip(&self.need).any(|(row, n)| {
                    row.iter().any(|&(p, w)| {
                        let eligible = match self.serves[j] {
                            None => n[0] + n[1],
                            Some(bits) => {
                                (0..2).filter(|k| bits & (1 << k) != 0).map(|k| n[k]).sum()
                            }
                        };
                        p as usize == j && w > 0.0 && eligible > 0.0
                    })
                })
            })
            .map(|j| self.capacity[j])
            .sum()
    }

    /// The same world with origins and providers renumbered: origin `o` becomes
    /// `origins[o]`, provider `j` becomes `providers[j]`.
    fn permuted(&self, origins: &[usize], providers: &[usize]) -> World {
        let mut rows = vec![Vec::new(); self.rows.len()];
        let mut need = vec![[0.0; 2]; self.need.len()];
        for (o, row) in self.rows.iter().enumerate() {
            let mut row: Vec<(u32, f64)> = row
                .iter()
                .map(|&(p, w)| (providers[p as usize] as u32, w))
                .collect();
            row.sort_by_key(|&(p, _)| p);
            rows[origins[o]] = row;
            need[origins[o]] = self.need[o];
        }
        let mut capacity = vec![0.0; self.capacity.len()];
        let mut serves = vec![None; self.serves.len()];
        for j in 0..self.capacity.len() {
            capacity[providers[j]] = self.capacity[j];
            serves[providers[j]] = self.serves[j];
        }
        World {
            rows,
            need,
            capacity,
            serves,
        }
    }
}

/// A world of up to 30 origins and 8 providers; with `step`, every link weighs 1.
fn world(step: bool) -> impl Strategy<Value = World> {
    (1usize..30, 1usize..8).prop_flat_map(move |(origins, providers)| {
        let weight = if step {
            Just(1.0).boxed()
        } else {
            // Mostly positive weights, sometimes a `steps` band of weight 0.
            prop_oneof![4 => 0.01f64..=1.0, 1 => Just(0.0)].boxed()
        };
        let link = proptest::option::weighted(0.4, weight);
        let need = prop_oneof![1 => Just(0.0), 3 => 0.0f64..100.0];
        let serves = prop_oneof![3 => Just(None), 1 => (1u64..4).prop_map(Some)];
        (
            proptest::collection::vec(proptest::collection::vec(link, providers), origins),
            proptest::collection::vec([need.clone(), need], origins),
            proptest::collection::vec(prop_oneof![1 => Just(0.0), 4 => 0.0f64..50.0], providers),
            proptest::collection::vec(serves, providers),
        )
            .prop_map(|(matrix, need, capacity, serves)| World {
                rows: matrix
                    .into_iter()
                    .map(|row| {
                        row.into_iter()
                            .enumerate()
                            .filter_map(|(j, w)| Some((j as u32, w?)))
                            .collect()
                    })
                    .collect(),
                need,
                capacity,
                serves,
            })
    })
}

/// A world with a random renumbering of its origins and of its providers.
fn shuffled_world() -> impl Strategy<Value = (World, Vec<usize>, Vec<usize>)> {
    world(false).prop_flat_map(|w| {
        let origins = Just((0..w.rows.len()).collect::<Vec<_>>()).prop_shuffle();
        let providers = Just((0..w.capacity.len()).collect::<Vec<_>>()).prop_shuffle();
        (Just(w), origins, providers)
    })
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
}

/// A world of thirteen blocks of the competition step (`balance::BLOCK`, 32,768 origins),
/// so that the thread count could change how blocks are summed if anything depended on it.
fn large_world() -> World {
    let mut rng = gapmap::synth::Rng::new(7);
    let (origins, providers) = (400_003, 400);
    let rows = (0..origins)
        .map(|_| {
            let mut row: Vec<(u32, f64)> = (0..3)
                .map(|_| (rng.below(providers) as u32, rng.range(0.0, 1.0)))
                .collect();
            row.sort_by_key(|&(p, _)| p);
            row.dedup_by_key(|&mut (p, _)| p);
            row
        })
        .collect();
    World {
        rows,
        need: (0..origins)
            .map(|_| [rng.range(0.0, 9.0), rng.range(0.0, 3.0)])
            .collect(),
        capacity: (0..providers).map(|_| rng.range(0.0, 60.0)).collect(),
        serves: (0..providers)
            .map(|j| (j % 5 == 0).then_some(1 + j as u64 % 3))
            .collect(),
    }
}

#[test]
fn results_over_many_blocks_do_not_depend_on_the_thread_count() {
    let w = large_world();
    let (one, two, four) = (pool(1), pool(2), pool(4));
    for method in ALL {
        let a = one.install(|| w.run(method));
        assert!(
            a == two.install(|| w.run(method)),
            "{method:?}: 1 vs 2 threads"
        );
        assert!(
            a == four.install(|| w.run(method)),
            "{method:?}: 1 vs 4 threads"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn competing_methods_conserve_supply_under_step_decay(w in world(true)) {
        let want = w.capacity_with_need_in_reach();
        for method in COMPETING {
            let got: f64 = w.run(method).supply.iter().sum();
            prop_assert!(close(got, want), "{method:?}: Σ supply {got} ≠ capacity {want}");
        }
    }

    #[test]
    fn competing_methods_conserve_supply_under_any_weights(w in world(false)) {
        let want = w.capacity_with_need_in_reach();
        for method in COMPETING {
            let got: f64 = w.run(method).supply.iter().sum();
            prop_assert!(close(got, want), "{method:?}: Σ supply {got} ≠ capacity {want}");
        }
    }

    #[test]
    fn results_do_not_depend_on_the_thread_count(w in world(false)) {
        let (one, four) = (pool(1), pool(4));
        for method in ALL {
            let a = one.install(|| w.run(method));
            let b = four.install(|| w.run(method));
            // Bit for bit: every sum has one fixed order.
            prop_assert_eq!(a, b, "{:?}", method);
        }
    }

    #[test]
    fn results_do_not_depend_on_the_input_order(
        (w, origins, providers) in shuffled_world()
    ) {
        let moved = w.permuted(&origins, &providers);
        for method in ALL {
            let (a, b) = (w.run(method), moved.run(method));
            for (o, &to) in origins.iter().enumerate() {
                let (x, y) = (a.supply[o], b.supply[to]);
                prop_assert!(close(x, y), "{method:?} supply at {o}: {x} vs {y}");
                match (a.accessibility[o], b.accessibility[to]) {
                    (Some(x), Some(y)) => {
                        prop_assert!(close(x, y), "{method:?} A at {o}: {x} vs {y}")
                    }
                    (x, y) => prop_assert_eq!(x, y),
                }
            }
            for (j, &to) in providers.iter().enumerate() {
                let (x, y) = (a.demand_in_reach[j], b.demand_in_reach[to]);
                prop_assert!(close(x, y), "{method:?} demand at {j}: {x} vs {y}");
            }
        }
    }
}
