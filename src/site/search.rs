//! Search: the best `k` candidates for a [`Gain`], proved optimal whenever that is affordable.
//!
//! 1. Greedy selection, then Teitz–Bart swaps (exchange a chosen site for an unchosen one while
//!    that helps), give a good set quickly.
//! 2. For a submodular gain, two bounds follow: at every greedy step, the gain so far plus the
//!    `k` largest marginal gains (Nemhauser, Wolsey & Fisher 1978), and the Lagrangian dual of
//!    [`super::bound`]. When the best of them meets the set's gain, the set is optimal.
//! 3. Otherwise a depth-first branch and bound over the candidates, by descending gain alone,
//!    prunes with the same marginal bound. It always runs to the end when there are at most
//!    [`EXHAUSTIVE`] combinations, and within a budget of work otherwise; only a search that
//!    ends proves optimality.
//!
//! Everything is deterministic, whatever the threads: the heuristic runs in a fixed order, the
//! branch and bound prefers the set of lower candidate indices among equal gains, and its
//! budget is counted so that whether it ends does not depend on the threads.
//!
//! ```
//! use gapmap::site::{gain::Sparse, search::{solve, Limits}};
//! // Candidate 2 alone covers the most (3.5), and greedy adds 0 (5.5); a swap finds that
//! // 0 and 1 together cover 6.
//! let g = Sparse::best(5, vec![
//!     vec![(0, 2.0), (1, 1.0)],
//!     vec![(2, 1.0), (3, 2.0)],
//!     vec![(1, 1.0), (2, 1.0), (4, 1.5)],
//! ]);
//! let found = solve(&g, 2, &Limits::default());
//! assert_eq!((found.gain, found.set.clone(), found.optimal), (6.0, vec![0, 1], true));
//! ```

#![allow(
    clippy::indexing_slicing,
    reason = "unit, origin, provider and candidate positions come from the reaches and the study built for this siting"
)]

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use rayon::prelude::*;

use super::gain::Gain;

/// Up to this many combinations, the search always runs to the end.
pub const EXHAUSTIVE: u128 = 1_000_000;

/// How much work the search may do beyond [`EXHAUSTIVE`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    /// Work units (roughly, entries read) for the branch and bound.
    pub budget: u64,
}

impl Default for Limits {
    fn default() -> Self {
        // About half a second on two cores; beyond it the bounds decide.
        Limits {
            budget: 400_000_000,
        }
    }
}

/// The outcome of a search.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// The chosen candidates, ascending.
    pub set: Vec<usize>,
    pub gain: f64,
    /// True when no set of the same size gains more.
    pub optimal: bool,
    /// An upper bound on any set's gain: `gain` when optimal; `None` when none is known.
    pub bound: Option<f64>,
    /// Every candidate's gain alone.
    pub alone: Vec<f64>,
    /// The set in order of choice, with the gain after each and its own (see [`in_order`]).
    pub order: Vec<(usize, f64, f64)>,
}

/// The best `k` candidates for `g`. Candidates that gain nothing alone are left out when `g`
/// is submodular (they gain nothing with others either), so fewer than `k` may be chosen.
pub fn solve(g: &dyn Gain, k: usize, limits: &Limits) -> Found {
    let all: Vec<usize> = (0..g.len()).collect();
    let alone = g.marginal(&[], &all);
    // The pool, by descending gain alone, so that good sets come first.
    let mut pool: Vec<usize> = all
        .iter()
        .copied()
        .filter(|&c| !g.submodular() || alone[c] > 0.0)
        .collect();
    // Gains equal up to rounding keep the tie order (the candidates' numbering).
    let key = rounded(&alone);
    pool.sort_by(|&a, &b| key[b].cmp(&key[a]).then(a.cmp(&b)));
    let k = k.min(pool.len());
    if k == 0 || k == pool.len() {
        let mut set = pool;
        set.sort_unstable();
        let gain = g.of(&set);
        return finish(g, Best { gain, set }, true, Some(gain), alone);
    }

    let (mut set, greedy_bound) = greedy(g, &pool, k);
    swap(g, &pool, &mut set);
    set.sort_unstable();
    let gain = g.of(&set);
    let mut bound = greedy_bound;
    if g.submodular() && !closes(bound, gain) {
        bound = g.dual_bound(k, gain).map_or(bound, |dual| bound.min(dual));
    }
    let incumbent = Best { gain, set };
    if closes(bound, incumbent.gain) {
        return finish(g, incumbent, true, Some(bound), alone);
    }
    let budget = (combinations(pool.len(), k) > EXHAUSTIVE).then_some(limits.budget);
    match branch_and_bound(g, &pool, k, &incumbent, budget) {
        Some(best) => {
            let gain = best.gain;
            finish(g, best, true, Some(gain), alone)
        }
        None => {
            let bound = g.submodular().then_some(bound.max(incumbent.gain));
            finish(g, incumbent, false, bound, alone)
        }
    }
}

fn finish(g: &dyn Gain, best: Best, optimal: bool, bound: Option<f64>, alone: Vec<f64>) -> Found {
    Found {
        order: in_order(g, &best.set),
        set: best.set,
        gain: best.gain,
        optimal,
        bound,
        alone,
    }
}

/// True when gain `a` is larger than `b` by more than rounding: sums of the same terms in
/// another order differ in their last bits, and such gains tie, so that the tie order decides.
fn better(a: f64, b: f64) -> bool {
    let rounding = 1e-9 * a.abs().max(b.abs()).max(1.0);
    match rounding.is_finite() {
        true => a - b > rounding,
        // Against an infinity (no set yet), any difference counts.
        false => a > b,
    }
}

/// Gains as integers in steps of a billionth of the largest, so that gains equal up to
/// rounding sort as equal and the order stays total.
pub fn rounded(gains: &[f64]) -> Vec<i64> {
    let scale = 1e-9 * gains.iter().fold(1.0f64, |m, g| m.max(g.abs()));
    gains.iter().map(|g| (g / scale).round() as i64).collect()
}

/// True when an upper bound meets a gain, up to rounding.
fn closes(bound: f64, gain: f64) -> bool {
    bound <= gain + 1e-9 * gain.abs().max(1.0)
}

/// `n` choose `k`, saturating.
pub fn combinations(n: usize, k: usize) -> u128 {
    let k = k.min(n - k) as u128;
    let mut c: u128 = 1;
    for i in 0..k {
        c = c.saturating_mul(n as u128 - i) / (i + 1);
        if c > 1 << 100 {
            return u128::MAX;
        }
    }
    c
}

/// The sum of the `r` largest values.
fn top(values: impl Iterator<Item = f64>, r: usize) -> f64 {
    let mut v: Vec<f64> = values.collect();
    v.sort_by(|a, b| b.total_cmp(a));
    v.iter().take(r).sum()
}

/// Greedy selection from the pool; returns the set in order of choice and, for a submodular
/// gain, the least of the bounds `g(S_t) + top_k marginal(S_t)` met on the way (∞ otherwise).
fn greedy(g: &dyn Gain, pool: &[usize], k: usize) -> (Vec<usize>, f64) {
    let mut set = Vec::with_capacity(k);
    let mut gain = 0.0;
    let mut bound = f64::INFINITY;
    for _ in 0..k {
        let m = g.marginal(&set, pool);
        if g.submodular() {
            bound = bound.min(gain + top(m.iter().copied(), k));
        }
        let (best, marginal) = argmax(pool, &m, &set);
        set.push(best);
        gain += marginal;
    }
    if g.submodular() {
        let m = g.marginal(&set, pool);
        bound = bound.min(g.of(&set) + top(m.iter().copied(), k));
    }
    (set, bound)
}

/// The candidate of `pool` outside `set` with the largest value of `m`; of those equal to it
/// up to rounding, the lowest index.
fn argmax(pool: &[usize], m: &[f64], set: &[usize]) -> (usize, f64) {
    let open = || {
        pool.iter()
            .zip(m)
            .filter(|(c, _)| !set.contains(c))
            .map(|(&c, &v)| (c, v))
    };
    let Some(top) = open().map(|(_, v)| v).max_by(f64::total_cmp) else {
        return (pool[0], 0.0);
    };
    open()
        .filter(|&(_, v)| !better(top, v))
        .min_by_key(|&(c, _)| c)
        .unwrap_or((pool[0], 0.0))
}

/// Teitz–Bart: for each chosen site in turn, the best replacement from the pool; a swap is
/// made when it gains, and passes repeat until none does.
fn swap(g: &dyn Gain, pool: &[usize], set: &mut [usize]) {
    let mut gain = g.of(set);
    loop {
        let mut improved = false;
        for pos in 0..set.len() {
            let rest: Vec<usize> = set
                .iter()
                .enumerate()
                .filter(|&(i, _)| i != pos)
                .map(|(_, &c)| c)
                .collect();
            let m = g.marginal(&rest, pool);
            let (best, _) = argmax(pool, &m, set);
            let mut trial = rest.clone();
            trial.push(best);
            let after = g.of(&trial);
            if better(after, gain) {
                set[pos] = best;
                gain = after;
                improved = true;
            }
        }
        if !improved {
            return;
        }
    }
}

/// The best set found so far: its gain, and the set, ascending.
#[derive(Debug, Clone, PartialEq)]
struct Best {
    gain: f64,
    set: Vec<usize>,
}

impl Best {
    /// Takes `set` if it gains more, or as much (up to rounding) with lower indices.
    fn offer(&mut self, gain: f64, set: Vec<usize>) {
        if better(gain, self.gain) || !better(self.gain, gain) && set < self.set {
            *self = Best { gain, set };
        }
    }
}

/// A bound, raised a hair so that rounding never prunes a set as good as the best.
fn loose(bound: f64) -> f64 {
    bound + 1e-9 * bound.abs().max(1.0)
}

/// Shared between the branches: the work done, and whether the budget ran out.
struct Tally {
    work: AtomicU64,
    over: AtomicBool,
    budget: Option<u64>,
}

impl Tally {
    /// Counts work; false once the budget is spent.
    fn spend(&self, units: u64) -> bool {
        let Some(budget) = self.budget else {
            return true;
        };
        if self.work.fetch_add(units, Ordering::Relaxed) + units > budget {
            self.over.store(true, Ordering::Relaxed);
        }
        !self.over.load(Ordering::Relaxed)
    }
}

/// Depth-first branch and bound over `pool` (in its order), one branch per first pick in
/// parallel, each starting from `incumbent`. `None` when the budget ran out.
///
/// Each branch prunes only against its own best, so the work of every branch, and so whether
/// the total exceeds the budget, is the same for any number of threads.
fn branch_and_bound(
    g: &dyn Gain,
    pool: &[usize],
    k: usize,
    incumbent: &Best,
    budget: Option<u64>,
) -> Option<Best> {
    let tally = Tally {
        work: AtomicU64::new(0),
        over: AtomicBool::new(false),
        budget,
    };
    let root = g.marginal(&[], pool);
    let submodular = g.submodular();
    let branches: Vec<Best> = (0..=pool.len() - k)
        .into_par_iter()
        .map(|first| {
            let mut best = incumbent.clone();
            // Bound the branch by the first pick and the best k − 1 after it.
            let bound = root[first] + top(root[first + 1..].iter().copied(), k - 1);
            if !submodular || loose(bound) >= best.gain {
                let mut set = vec![pool[first]];
                descend(
                    g,
                    pool,
                    &mut set,
                    root[first],
                    first + 1,
                    k - 1,
                    &mut best,
                    &tally,
                );
            }
            best
        })
        .collect();
    if tally.over.load(Ordering::Relaxed) {
        return None;
    }
    let mut best = incumbent.clone();
    for b in branches {
        best.offer(b.gain, b.set);
    }
    Some(best)
}

/// Extends `set` (gain `gain`) by `r` more candidates from `pool[start..]`.
#[allow(
    clippy::too_many_arguments,
    reason = "one recursive step of the search; a struct would only rename its state"
)]
fn descend(
    g: &dyn Gain,
    pool: &[usize],
    set: &mut Vec<usize>,
    gain: f64,
    start: usize,
    r: usize,
    best: &mut Best,
    tally: &Tally,
) {
    if r == 0 {
        let mut sorted = set.clone();
        sorted.sort_unstable();
        let exact = g.of(&sorted);
        best.offer(exact, sorted);
        return;
    }
    let among = &pool[start..];
    if !tally.spend(g.work(among)) {
        return;
    }
    let m = g.marginal(set, among);
    let submodular = g.submodular();
    if submodular && loose(gain + top(m.iter().copied(), r)) < best.gain {
        return;
    }
    if r == 1 {
        // The children are leaves: their gains are known; only a contender is evaluated.
        for (j, &c) in among.iter().enumerate() {
            if loose(gain + m[j]) >= best.gain {
                set.push(c);
                descend(g, pool, set, gain + m[j], start + j + 1, 0, best, tally);
                set.pop();
            }
        }
        return;
    }
    // For each child j, the best r − 1 marginal gains after it, for its bound.
    let mut after = vec![0.0; among.len()];
    if submodular {
        let mut heap = std::collections::BinaryHeap::new();
        let mut sum = 0.0;
        for j in (0..among.len()).rev() {
            after[j] = sum;
            heap.push(std::cmp::Reverse(Ordered(m[j])));
            sum += m[j];
            if heap.len() > r - 1
                && let Some(std::cmp::Reverse(Ordered(v))) = heap.pop()
            {
                sum -= v;
            }
        }
    }
    for j in 0..=among.len() - r {
        if submodular && loose(gain + m[j] + after[j]) < best.gain {
            continue;
        }
        set.push(among[j]);
        descend(g, pool, set, gain + m[j], start + j + 1, r - 1, best, tally);
        set.pop();
        if tally.over.load(Ordering::Relaxed) {
            return;
        }
    }
}

/// An `f64` ordered by `total_cmp`, for the heap.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Ordered(f64);

impl Eq for Ordered {}

impl PartialOrd for Ordered {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Ordered {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

/// The chosen set in order of choice: each next the one that gains most given those before it
/// (lowest index on ties), with the gain after each and its marginal gain.
pub fn in_order(g: &dyn Gain, set: &[usize]) -> Vec<(usize, f64, f64)> {
    let mut order: Vec<usize> = Vec::with_capacity(set.len());
    let mut steps = Vec::with_capacity(set.len());
    let mut gain = 0.0;
    while order.len() < set.len() {
        let rest: Vec<usize> = set.iter().copied().filter(|c| !order.contains(c)).collect();
        let m = g.marginal(&order, &rest);
        let (c, _) = argmax(&rest, &m, &order);
        order.push(c);
        let after = g.of(&order);
        steps.push((c, after, after - gain));
        gain = after;
    }
    steps
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::gain::Sparse;

    #[test]
    fn combinations_count_and_saturate() {
        assert_eq!(combinations(5, 2), 10);
        assert_eq!(combinations(500, 10), 245_810_588_801_891_098_700);
        assert_eq!(combinations(6258, 1), 6258);
        assert_eq!(combinations(100_000, 50), u128::MAX);
    }

    /// A small deterministic generator (xorshift), so failures reproduce.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
    }

    /// The best gain of any `k` candidates, by trying every set.
    fn brute(g: &dyn Gain, k: usize) -> f64 {
        fn go(g: &dyn Gain, set: &mut Vec<usize>, from: usize, k: usize, best: &mut f64) {
            if set.len() == k {
                *best = best.max(g.of(set));
                return;
            }
            for c in from..g.len() {
                set.push(c);
                go(g, set, c + 1, k, best);
                set.pop();
            }
        }
        let mut best = f64::NEG_INFINITY;
        go(g, &mut Vec::new(), 0, k.min(g.len()), &mut best);
        best
    }

    /// Random sparse columns: `rows` rows, values 1..=9 (many ties) or fractional.
    fn columns(rng: &mut Rng, rows: usize, candidates: usize) -> Vec<Vec<(u32, f64)>> {
        let mut columns = vec![Vec::new(); candidates];
        for column in &mut columns {
            for i in 0..rows {
                if rng.below(3) != 0 {
                    continue;
                }
                let v = if rng.below(2) == 0 {
                    (1 + rng.below(9)) as f64
                } else {
                    rng.below(1000) as f64 / 37.0
                };
                column.push((i as u32, v));
            }
        }
        columns
    }

    fn agree(g: &dyn Gain, k: usize, what: &str) {
        let want = brute(g, k);
        let found = solve(g, k, &Limits::default());
        let tol = 1e-9 * want.abs().max(1.0);
        assert!(found.optimal, "{what}: not proved");
        assert!(
            (found.gain - want).abs() <= tol,
            "{what}: {} vs {want}",
            found.gain
        );
        assert!(
            (g.of(&found.set) - found.gain).abs() <= tol,
            "{what}: gain of its set"
        );
        // The branch and bound alone, from nothing, must find the optimum too.
        let pool: Vec<usize> = (0..g.len()).collect();
        let k = k.min(pool.len());
        if k > 0 && k < pool.len() {
            let none = Best {
                gain: f64::NEG_INFINITY,
                set: Vec::new(),
            };
            let best = branch_and_bound(g, &pool, k, &none, None).expect("no budget");
            assert!(
                (best.gain - want).abs() <= tol,
                "{what}: b&b {} vs {want}",
                best.gain
            );
        }
        // With no budget for search: a set no better than the optimum, a bound no lower.
        let quick = solve(g, k, &Limits { budget: 0 });
        assert!(
            quick.gain <= want + tol,
            "{what}: heuristic above the optimum"
        );
        if let Some(bound) = quick.bound {
            assert!(
                bound >= want - tol,
                "{what}: bound {bound} below the optimum {want}"
            );
        }
        if let Some(dual) = g.dual_bound(k, quick.gain) {
            assert!(
                dual >= want - tol,
                "{what}: dual {dual} below the optimum {want}"
            );
        }
    }

    #[test]
    fn search_agrees_with_trying_every_set_on_random_instances() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        for case in 0..300 {
            let rows = 1 + rng.below(12) as usize;
            let candidates = 1 + rng.below(9) as usize;
            let k = 1 + rng.below(4) as usize;
            let cols = columns(&mut rng, rows, candidates);
            agree(
                &Sparse::best(rows, cols.clone()),
                k,
                &format!("best #{case}"),
            );
            let caps = (0..rows).map(|_| rng.below(15) as f64).collect();
            agree(&Sparse::capped(caps, cols), k, &format!("capped #{case}"));
            // Sites that interact: pairs may help or hurt each other, so not submodular.
            let single: Vec<f64> = (0..candidates).map(|_| rng.below(10) as f64).collect();
            let pair: Vec<f64> = (0..candidates * candidates)
                .map(|_| rng.below(11) as f64 - 5.0)
                .collect();
            let gain = |set: &[usize]| {
                let mut sum: f64 = set.iter().map(|&c| single[c]).sum();
                for (i, &a) in set.iter().enumerate() {
                    for &b in &set[i + 1..] {
                        sum += pair[a.min(b) * candidates + a.max(b)];
                    }
                }
                sum
            };
            let rerun = crate::site::gain::Rerun {
                gain,
                candidates,
                cost: 1,
            };
            agree(&rerun, k, &format!("rerun #{case}"));
        }
    }

    #[test]
    fn zero_budget_falls_back_to_the_heuristic_with_its_bound() {
        // Greedy takes 2 (gain 3) and then 0 or 1 (gain 1): 4; the optimum {0, 1} also gains 4.
        let g = Sparse::best(
            4,
            vec![
                vec![(0, 1.0), (1, 1.0)],
                vec![(2, 1.0), (3, 1.0)],
                vec![(0, 1.0), (1, 1.0), (2, 1.0)],
            ],
        );
        let found = solve(&g, 2, &Limits { budget: 0 });
        assert_eq!(found.gain, 4.0);
        assert_eq!(found.alone, vec![2.0, 2.0, 3.0]);
    }
}
