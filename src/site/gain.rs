//! Gain: how much a set of new sites improves the objective, the function the search maximises.
//!
//! Every objective is written as a gain `g(S) ≥ 0` over a set `S` of candidates, with `g(∅) = 0`:
//! need newly covered, unmet need removed, or need × cost saved. Two sparse forms cover the
//! objectives whose gains only shrink as the set grows (submodular), and a third re-runs the
//! method for those where sites interact.
//!
//! ```
//! use gapmap::site::gain::{Gain, Sparse};
//! // Two demand rows; candidate 0 covers row 0 (need 5), candidate 1 covers both (3 + 5).
//! let cover = Sparse::best(2, vec![vec![(0, 5.0)], vec![(0, 5.0), (1, 3.0)]]);
//! assert_eq!(cover.of(&[0, 1]), 8.0); // row 0 counts once
//! assert_eq!(cover.marginal(&[1], &[0]), vec![0.0]);
//! ```

#![allow(
    clippy::indexing_slicing,
    reason = "unit, origin, provider and candidate positions come from the reaches and the study built for this siting"
)]

use rayon::prelude::*;

/// A gain function over sets of candidates (indices `0..len()`).
pub trait Gain: Sync {
    /// The number of candidates.
    fn len(&self) -> usize;

    /// True when there are no candidates.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// `g(set)`, computed in one fixed order whatever the order of `set`, so equal sets give
    /// equal bits.
    fn of(&self, set: &[usize]) -> f64;

    /// `g(set ∪ {c}) − g(set)` for every `c` of `among` (0 for members of `set`), in parallel.
    fn marginal(&self, set: &[usize], among: &[usize]) -> Vec<f64>;

    /// True when marginal gains never grow as the set grows (submodular): then `g(S)` plus the
    /// `r` largest marginal gains bounds every `g(S ∪ T)` with `|T| = r`.
    fn submodular(&self) -> bool;

    /// An upper bound on the best gain of `k` candidates, from a Lagrangian dual, when the form
    /// has one. `known` is a gain already achieved, which steers the dual's step size.
    fn dual_bound(&self, _k: usize, _known: f64) -> Option<f64> {
        None
    }

    /// Work units of one call of `marginal` over `among`, for the search's budget.
    fn work(&self, among: &[usize]) -> u64;
}

/// How a row's entries from several sites combine.
#[derive(Debug, Clone, PartialEq)]
pub enum Combine {
    /// The best one counts: `Σ_i max_{c∈S} v_ic` (covering, or cost saved by the nearest site).
    Best,
    /// They add up to a cap: `Σ_i min(cap_i, Σ_{c∈S} v_ic)` (supply against a shortfall).
    Capped(Vec<f64>),
}

/// A sparse gain: per candidate, its column of `(row, value)` entries, `value > 0`.
#[derive(Debug, Clone, PartialEq)]
pub struct Sparse {
    pub rows: usize,
    /// Entries of candidate `c` are `entries[start[c]..start[c + 1]]`, by ascending row.
    pub start: Vec<usize>,
    pub entries: Vec<(u32, f64)>,
    pub combine: Combine,
}

impl Sparse {
    /// `Σ_i max_{c∈S} v_ic` over `rows` rows, from each candidate's column.
    pub fn best(rows: usize, columns: Vec<Vec<(u32, f64)>>) -> Sparse {
        Sparse::new(rows, columns, Combine::Best)
    }

    /// `Σ_i min(cap_i, Σ_{c∈S} v_ic)`, from each candidate's column and the caps per row.
    pub fn capped(caps: Vec<f64>, columns: Vec<Vec<(u32, f64)>>) -> Sparse {
        Sparse::new(caps.len(), columns, Combine::Capped(caps))
    }

    fn new(rows: usize, columns: Vec<Vec<(u32, f64)>>, combine: Combine) -> Sparse {
        let mut start = Vec::with_capacity(columns.len() + 1);
        let mut entries = Vec::with_capacity(columns.iter().map(Vec::len).sum());
        start.push(0);
        for mut column in columns {
            column.retain(|&(_, v)| v > 0.0);
            column.sort_by_key(|&(i, _)| i);
            entries.extend(column);
            start.push(entries.len());
        }
        Sparse {
            rows,
            start,
            entries,
            combine,
        }
    }

    pub fn column(&self, c: usize) -> &[(u32, f64)] {
        &self.entries[self.start[c]..self.start[c + 1]]
    }

    /// Per row, the combined entries of `set` (in ascending candidate order), and which rows
    /// any entry touched.
    fn state(&self, set: &[usize]) -> (Vec<f64>, Vec<u32>) {
        let mut sorted = set.to_vec();
        sorted.sort_unstable();
        let mut state = vec![0.0; self.rows];
        let mut touched = Vec::new();
        for &c in &sorted {
            for &(i, v) in self.column(c) {
                let s: &mut f64 = &mut state[i as usize];
                if *s == 0.0 {
                    touched.push(i);
                }
                *s = match self.combine {
                    Combine::Best => (*s).max(v),
                    Combine::Capped(_) => *s + v,
                };
            }
        }
        touched.sort_unstable();
        touched.dedup();
        (state, touched)
    }

    /// The value of a row at state `s`.
    fn value(&self, i: usize, s: f64) -> f64 {
        match &self.combine {
            Combine::Best => s,
            Combine::Capped(caps) => s.min(caps[i]),
        }
    }

    /// Candidate `c`'s marginal gain at `state`.
    fn gain_at(&self, c: usize, state: &[f64]) -> f64 {
        self.column(c)
            .iter()
            .map(|&(i, v)| {
                let s = state[i as usize];
                match &self.combine {
                    Combine::Best => (v - s).max(0.0),
                    Combine::Capped(caps) => {
                        let cap = caps[i as usize];
                        (s + v).min(cap) - s.min(cap)
                    }
                }
            })
            .sum()
    }
}

impl Gain for Sparse {
    fn len(&self) -> usize {
        self.start.len() - 1
    }

    fn of(&self, set: &[usize]) -> f64 {
        let (state, touched) = self.state(set);
        touched
            .iter()
            .map(|&i| self.value(i as usize, state[i as usize]))
            .sum()
    }

    fn marginal(&self, set: &[usize], among: &[usize]) -> Vec<f64> {
        let (state, _) = self.state(set);
        among
            .par_iter()
            .with_min_len(16)
            .map(|&c| {
                if set.contains(&c) {
                    0.0
                } else {
                    self.gain_at(c, &state)
                }
            })
            .collect()
    }

    fn submodular(&self) -> bool {
        true
    }

    fn dual_bound(&self, k: usize, known: f64) -> Option<f64> {
        Some(super::bound::lagrangian(self, k, known))
    }

    fn work(&self, among: &[usize]) -> u64 {
        let entries: usize = among
            .iter()
            .map(|&c| self.start[c + 1] - self.start[c])
            .sum();
        (self.rows + entries + among.len()) as u64
    }
}

/// A gain that re-evaluates the whole objective for every set: for methods in which new sites
/// change what the existing ones deliver (3SFCA, BFCA). Not submodular, so it has no bound.
pub struct Rerun<F: Fn(&[usize]) -> f64 + Sync> {
    /// The objective's gain for a set.
    pub gain: F,
    pub candidates: usize,
    /// Work units of one evaluation.
    pub cost: u64,
}

impl<F: Fn(&[usize]) -> f64 + Sync> Gain for Rerun<F> {
    fn len(&self) -> usize {
        self.candidates
    }

    fn of(&self, set: &[usize]) -> f64 {
        let mut sorted = set.to_vec();
        sorted.sort_unstable();
        (self.gain)(&sorted)
    }

    fn marginal(&self, set: &[usize], among: &[usize]) -> Vec<f64> {
        let base = self.of(set);
        among
            .par_iter()
            .map(|&c| {
                if set.contains(&c) {
                    return 0.0;
                }
                let mut with = set.to_vec();
                with.push(c);
                self.of(&with) - base
            })
            .collect()
    }

    fn submodular(&self) -> bool {
        false
    }

    fn work(&self, among: &[usize]) -> u64 {
        self.cost * (among.len() as u64 + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capped_gains_stop_at_the_shortfall() {
        // Row 0 lacks 10 beds, row 1 lacks 4. Site 0 delivers 6 + 3, site 1 delivers 6 + 3.
        let g = Sparse::capped(vec![10.0, 4.0], vec![vec![(0, 6.0), (1, 3.0)]; 2]);
        assert_eq!(g.of(&[0]), 9.0);
        // Together: min(10, 12) + min(4, 6) = 14, so the second adds 5, not 9.
        assert_eq!(g.of(&[0, 1]), 14.0);
        assert_eq!(g.marginal(&[0], &[0, 1]), vec![0.0, 5.0]);
    }

    #[test]
    fn best_counts_a_row_once_at_its_best() {
        let g = Sparse::best(1, vec![vec![(0, 2.0)], vec![(0, 7.0)]]);
        assert_eq!(g.of(&[0, 1]), 7.0);
        assert_eq!(g.marginal(&[1], &[0]), vec![0.0]);
        assert_eq!(g.marginal(&[0], &[1]), vec![5.0]);
    }
}
