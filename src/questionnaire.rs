//! Need from a questionnaire: the share of "yes" among a target group, weighted to its people,
//! with a 95 % interval. Core only: `load::questionnaire` reads the answers.
//!
//! The estimator, as the README's questionnaire section defines it:
//! - **Cells:** a respondent's cell is their municipality and the group's population columns
//!   that their age or age band covers (all of the group's columns without an age).
//! - **Weights:** a respondent who answered stands for `W = N_cell / n_cell` people: `N_cell`
//!   the group's people in the cell, `n_cell` the respondents in the cell who answered.
//! - **Estimates:** over a set `S` of answers, `p = Σ W·y / Σ W` (y = 1 for yes, 0 for no),
//!   with Kish's effective size `n_eff = (Σ W)² / Σ W²`. A municipality with at least
//!   `min_respondents` answers uses its own `p`; every other municipality of the region uses
//!   the region's, over all the region's answers.
//! - **Interval:** Wilson's with `z = 1.959964` on `p` and `n' = n_eff (N − 1) / (N − n)`, with
//!   `n` the answers behind `p` and `N` the group's people in the columns the answering
//!   respondents' cells cover, each column of each municipality counted once. No interval when
//!   `n ≥ N`.
//!
//! Only the region's respondents count: context municipalities are left out by `load`.

#![allow(
    clippy::indexing_slicing,
    reason = "indices are positions in the study's own lists (units, origins, services, groups, providers, columns), which load builds together and checks once"
)]

use std::collections::HashMap;

/// One respondent's answer to one question.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Answer {
    /// Index of the respondent's unit.
    pub unit: usize,
    /// The group's columns the respondent's cell covers, as bits (bit `c`: column `c`).
    pub cell: u64,
    /// Yes or no; `None` when the answer is not counted.
    pub yes: Option<bool>,
}

/// Whether an estimate is the municipality's own or the region's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Unit,
    Region,
}

impl Source {
    pub fn name(self) -> &'static str {
        match self {
            Source::Unit => "unit",
            Source::Region => "region",
        }
    }
}

/// A share with its interval, and the answers behind it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    pub share: f64,
    /// The 95 % interval; `None` when everyone answered (`n ≥ N`).
    pub interval: Option<(f64, f64)>,
    /// The answers of the unit itself, unweighted: all it counted, and the yeses. A unit that
    /// takes the region's share still counts its own few here; the region's counts all.
    pub answered: usize,
    pub yes: usize,
    pub source: Source,
}

/// The estimates of a question: the region's, and the one each unit uses.
#[derive(Debug, Clone, PartialEq)]
pub struct Estimates {
    pub region: Estimate,
    /// Per unit; `None` for a context unit.
    pub units: Vec<Option<Estimate>>,
}

/// The people a questionnaire stands for: per unit and group column, the group's people
/// (its columns × its share).
pub struct People<'a> {
    /// `people[u * columns + c]`.
    pub people: &'a [f64],
    pub columns: usize,
    pub in_region: &'a [bool],
}

impl People<'_> {
    /// The people of unit `u` in the columns of `cell`.
    pub fn of(&self, u: usize, cell: u64) -> f64 {
        (0..self.columns)
            .filter(|&c| cell & (1 << c) != 0)
            .map(|c| self.people[u * self.columns + c])
            .sum()
    }
}

/// Respondents who are not in any estimate, by reason.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LeftOut {
    /// Their age lies outside the group.
    pub outside_age: usize,
    /// Their age is missing (with `age`).
    pub no_age: usize,
    /// Their municipality is missing.
    pub no_unit: usize,
    /// They live in a context municipality.
    pub context: usize,
}

impl LeftOut {
    pub fn total(&self) -> usize {
        self.outside_age + self.no_age + self.no_unit + self.context
    }
}

/// One question's estimates, and the answers that were not counted with their counts.
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionSummary {
    pub id: String,
    /// The column's header, as the scenario names it.
    pub column: String,
    pub estimates: Estimates,
    /// Each answer that is neither yes nor no (`""` for empty), most frequent first.
    pub uncounted: Vec<(String, usize)>,
}

/// What a questionnaire gave: for the outputs and the report.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub id: String,
    pub file: std::path::PathBuf,
    /// Index of the target group in `Scenario::groups`.
    pub group: usize,
    /// The rows of the sheet (respondents), all of them.
    pub rows: usize,
    /// Per unit: the rows that name it.
    pub respondents: Vec<usize>,
    /// Per unit: the group's people (its columns × its share).
    pub people: Vec<f64>,
    pub left_out: LeftOut,
    pub min_respondents: usize,
    pub questions: Vec<QuestionSummary>,
}

/// Sums over a set of answers.
#[derive(Debug, Clone, Copy, Default)]
struct Sums {
    w: f64,
    wy: f64,
    w2: f64,
    n: usize,
    yes: usize,
}

impl Sums {
    fn add(&mut self, w: f64, y: bool) {
        self.w += w;
        self.wy += if y { w } else { 0.0 };
        self.w2 += w * w;
        self.n += 1;
        self.yes += usize::from(y);
    }

    /// The estimate over these answers, whose cells cover `big_n` people.
    fn estimate(&self, big_n: f64, source: Source) -> Estimate {
        // Cells without people weigh nothing; should every answer's, the answers count alike.
        let (p, n_eff) = if self.w > 0.0 {
            (self.wy / self.w, self.w * self.w / self.w2)
        } else {
            (self.yes as f64 / self.n as f64, self.n as f64)
        };
        Estimate {
            share: p,
            interval: crate::survey::wilson_share(p, n_eff, self.n as f64, big_n),
            answered: self.n,
            yes: self.yes,
            source,
        }
    }
}

/// The estimates of one question from its `answers` (the region's respondents only); `None`
/// when no respondent of the region answered yes or no.
pub fn estimate(
    answers: &[Answer],
    people: &People<'_>,
    min_respondents: usize,
) -> Option<Estimates> {
    // n_cell: who answered, per cell.
    let mut in_cell: HashMap<(usize, u64), usize> = HashMap::new();
    for a in answers.iter().filter(|a| a.yes.is_some()) {
        *in_cell.entry((a.unit, a.cell)).or_default() += 1;
    }
    let units = people.in_region.len();
    let mut own = vec![Sums::default(); units];
    let mut covered = vec![0u64; units];
    let mut region = Sums::default();
    for a in answers {
        let Some(y) = a.yes else { continue };
        let n_cell = in_cell[&(a.unit, a.cell)] as f64;
        let w = people.of(a.unit, a.cell) / n_cell;
        own[a.unit].add(w, y);
        region.add(w, y);
        covered[a.unit] |= a.cell;
    }
    if region.n == 0 {
        return None;
    }
    let big_n = |u: usize| people.of(u, covered[u]);
    let region_n: f64 = (0..units).map(big_n).sum();
    let region_estimate = region.estimate(region_n, Source::Region);
    let units = (0..units)
        .map(|u| {
            people.in_region[u].then(|| {
                if own[u].n >= min_respondents {
                    own[u].estimate(big_n(u), Source::Unit)
                } else {
                    Estimate {
                        answered: own[u].n,
                        yes: own[u].yes,
                        ..region_estimate
                    }
                }
            })
        })
        .collect();
    Some(Estimates {
        region: region_estimate,
        units,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: (f64, f64), b: (f64, f64)) {
        assert!(
            (a.0 - b.0).abs() < 1e-6 && (a.1 - b.1).abs() < 1e-6,
            "{a:?} against {b:?}"
        );
    }

    /// Units A and B of the region and C of the context; the group's columns are 65–79 (bit 0)
    /// and 80+ (bit 1). People: A 100 and 50, B 40 and 10, C 30 and 30, D 2 and 0.
    fn world() -> (Vec<f64>, Vec<bool>) {
        (
            vec![100.0, 50.0, 40.0, 10.0, 30.0, 30.0, 2.0, 0.0],
            vec![true, true, false, true],
        )
    }

    fn answer(unit: usize, cell: u64, yes: Option<bool>) -> Answer {
        Answer { unit, cell, yes }
    }

    #[test]
    fn cells_weights_shares_and_intervals_by_hand() {
        let (people, in_region) = world();
        let pop = People {
            people: &people,
            columns: 2,
            in_region: &in_region,
        };
        let answers = vec![
            // A, 65–79: four answers, N_cell = 100, W = 25 each; one "Nevím" that does not count.
            answer(0, 1, Some(true)),
            answer(0, 1, Some(true)),
            answer(0, 1, Some(false)),
            answer(0, 1, Some(false)),
            answer(0, 1, None),
            // A, 80+: one answer, N_cell = 50, W = 50.
            answer(0, 2, Some(true)),
            // B, 65–79: two answers, N_cell = 40, W = 20 each.
            answer(1, 1, Some(true)),
            answer(1, 1, Some(false)),
        ];
        let e = estimate(&answers, &pop, 3).unwrap();
        // A: Σ W = 150, Σ W·y = 100, p = 2/3; Σ W² = 4·625 + 2,500 = 5,000, n_eff = 4.5; its
        // cells cover 65–79 and 80+, N = 150; n' = 4.5 · 149 / 145 = 4.624138.
        let a = e.units[0].unwrap();
        assert_eq!((a.answered, a.yes, a.source), (5, 3, Source::Unit));
        assert!((a.share - 2.0 / 3.0).abs() < 1e-12);
        // Wilson (z = 1.959964) on p = 2/3 and n' = 4.624138: 0.264605–0.917470.
        close(a.interval.unwrap(), (0.264605, 0.917470));
        // The region: Σ W = 190, Σ W·y = 120, p = 0.631579; Σ W² = 5,800, n_eff = 6.224138;
        // N = 150 (A) + 40 (B's 65–79 only) = 190, n = 7: n' = 6.224138 · 189 / 183 = 6.428208,
        // and Wilson gives 0.283260–0.881461.
        let r = e.region;
        assert_eq!((r.answered, r.yes, r.source), (7, 4, Source::Region));
        assert!((r.share - 120.0 / 190.0).abs() < 1e-12);
        close(r.interval.unwrap(), (0.283260, 0.881461));
        // B has 2 answers, fewer than 3: it uses the region's estimate, and counts its own 2
        // answers and 1 yes; C is context.
        let b = e.units[1].unwrap();
        assert_eq!((b.answered, b.yes, b.source), (2, 1, Source::Region));
        assert_eq!((b.share, b.interval), (r.share, r.interval));
        assert_eq!(e.units[2], None);
        // D, with no respondent, uses the region's and counts nothing.
        let d = e.units[3].unwrap();
        assert_eq!((d.answered, d.yes, d.share), (0, 0, r.share));
    }

    #[test]
    fn everyone_answered_has_no_interval() {
        // D's two people both answered (n = N = 2): a census of D, no sampling error.
        let (people, in_region) = world();
        let pop = People {
            people: &people,
            columns: 2,
            in_region: &in_region,
        };
        let answers = [answer(3, 1, Some(true)), answer(3, 1, Some(false))];
        let e = estimate(&answers, &pop, 2).unwrap();
        let d = e.units[3].unwrap();
        assert_eq!((d.share, d.interval, d.source), (0.5, None, Source::Unit));
        // Nobody of the region answered yes or no: no estimate at all.
        assert_eq!(estimate(&[answer(0, 1, None)], &pop, 1), None);
    }
}
