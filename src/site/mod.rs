//! Site: where new providers of a service would do the most good, among candidate places.
//!
//! The existing providers stay where they are; `count` new sites are chosen from the
//! candidates to optimise one objective (units in brackets):
//!
//! | objective  | value (reported)                                  | the problem        |
//! |------------|---------------------------------------------------|--------------------|
//! | `coverage` | need within the catchment of some site [capacity units] | maximal covering (MCLP), maximise |
//! | `unmet`    | `Σ_units max(0, gap)` with new sites of `capacity` [capacity units] | capacity-aware, minimise |
//! | `distance` | `Σ need × cost` to the nearest site [capacity units × km or cost] | p-median, minimise |
//!
//! Each objective becomes a [`gain::Gain`], what the new sites improve on the baseline, and
//! [`search::solve`] finds the best set, proving optimality when it can.
//!
//! - `coverage`: need counts as covered at an origin when a site is inside the catchment
//!   (`d ≤ catchment`); an existing provider that serves only some groups covers only their need.
//! - `unmet`: for 2SFCA, gravity and cumulative, a new provider adds supply without changing
//!   what the others deliver ([`crate::balance::link_supply`]), so its supply per unit is
//!   computed once and the gain is exact and submodular. For 3SFCA and BFCA, new sites change
//!   the others' shares, so every set is re-evaluated by the method itself.
//! - `distance`: every site serves all need; the cost to a site is unlimited by the catchment.
//!   With a cost matrix, need that no site reaches counts at the largest cost known (of the
//!   matrix, the nearest existing provider and the catchment), and is reported apart.
//!
//! ```
//! use gapmap::site::Objective;
//! assert_eq!(Objective::Distance.name(), "distance");
//! assert!(Objective::Coverage.maximise());
//! ```

pub mod bound;
pub mod gain;
pub mod search;

use rayon::prelude::*;

use crate::Progress;
use crate::balance::{self, Inputs};
use crate::gap::ServiceResult;
use crate::model::{Candidates, Capacity, Study};
use crate::reach::{self, Destinations, Reach, Site};
use gain::{Rerun, Sparse};
use search::{Found, Limits};

/// What the new sites should achieve.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Objective {
    /// Cover the most need within the catchment (maximal covering location problem).
    Coverage,
    /// Leave the least unmet need, with new providers of this capacity each.
    Unmet(Capacity),
    /// The least need × cost to the nearest site (p-median).
    Distance,
}

impl Objective {
    /// The name used on the command line and in `site.json`.
    pub fn name(self) -> &'static str {
        match self {
            Objective::Coverage => "coverage",
            Objective::Unmet(_) => "unmet",
            Objective::Distance => "distance",
        }
    }

    /// True when a larger value is better.
    pub fn maximise(self) -> bool {
        self == Objective::Coverage
    }
}

/// A siting study, resolved from the command line.
#[derive(Debug, Clone, PartialEq)]
pub struct Siting {
    /// Index into [`Study::services`].
    pub service: usize,
    /// New sites to choose.
    pub count: usize,
    pub objective: Objective,
    pub limits: Limits,
}

/// One chosen site, in order of choice.
#[derive(Debug, Clone, PartialEq)]
pub struct Pick {
    /// Index into the candidates.
    pub candidate: usize,
    /// The objective with this site and those before it.
    pub value: f64,
    /// What this site improves, given those before it (≥ 0 when the gain is submodular).
    pub gain: f64,
}

/// The outcome of a siting study.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub siting: Siting,
    /// The objective with no new site.
    pub baseline: f64,
    /// The objective with the chosen sites.
    pub value: f64,
    /// True when no other choice of `count` candidates is better.
    pub optimal: bool,
    /// The best bound known on the optimum: at least it for `coverage`, at most it for the
    /// others; `None` when none is known.
    pub bound: Option<f64>,
    pub chosen: Vec<Pick>,
    /// Per candidate: what it would improve if it were the only new site.
    pub alone: Vec<f64>,
    /// The service's need over the study.
    pub need: f64,
    /// `distance` only: the need that no site reaches, and the cost it counts at.
    pub unreached: Option<(f64, f64)>,
    /// How many candidates do as well alone as the first chosen, when more than one does: the
    /// choice among them was made by their need-weighted distance, then by id.
    pub tied: usize,
    /// Per candidate: its place in the order ties are broken by (nearest the need first).
    pub tie_rank: Vec<usize>,
}

/// Runs a siting study. Reach and balance of the existing providers come from `existing`
/// (the service's [`ServiceResult`]).
pub fn site(
    study: &Study,
    existing: &ServiceResult,
    candidates: &Candidates,
    siting: &Siting,
    progress: &dyn Progress,
) -> Plan {
    let s = siting.service;
    let service = &study.services[s];
    let catchment = service.catchment.get();
    let nearest = &existing.reach.nearest;
    let radius = |o: usize| match siting.objective {
        Objective::Distance => nearest[o].unwrap_or(f64::INFINITY),
        _ => catchment,
    };
    progress.stage("candidates' reach", study.origins.len() as u64);
    let reach = candidate_reach(study, candidates, s, radius, progress);
    progress.stage("siting", 0);
    // Context origins (the buffer ring) compete and are served, but their need is not the
    // region's: objectives count it as 0.
    let counted: Vec<f64> = (0..study.origins.len())
        .map(|o| {
            if study.origin_in_region(o) {
                existing.need.total[o]
            } else {
                0.0
            }
        })
        .collect();
    // The search takes, of candidates equal on the objective, the one first in this order:
    // nearest the need, then by id. Below, candidates are numbered in it.
    let order = tie_order(candidates, &reach, existing, catchment, &counted);
    let reach = renumber(&reach, &order);
    let total_need: f64 = counted.iter().sum();

    let (found, baseline, unreached) = match siting.objective {
        Objective::Coverage => {
            let (gain, covered) = coverage(study, existing, &reach, &counted);
            (
                search::solve(&gain, siting.count, &siting.limits),
                covered,
                None,
            )
        }
        Objective::Distance => {
            let (gain, cost, far) = distance(existing, &reach, catchment, &counted);
            (
                search::solve(&gain, siting.count, &siting.limits),
                cost,
                Some(far),
            )
        }
        Objective::Unmet(capacity) => {
            // A context unit has no origins here, so it has no shortfall to remove.
            let mut units = study.origins_by_unit();
            for (u, origins) in units.iter_mut().enumerate() {
                if !study.units[u].in_region {
                    origins.clear();
                }
            }
            let unmet = Unmet::new(existing, &units);
            let per_site = vec![capacity.get(); candidates.sites.len()];
            match additive(study, s, existing, &reach, &per_site, &unmet) {
                Some(gain) => {
                    let found = search::solve(&gain, siting.count, &siting.limits);
                    (found, unmet.total(), None)
                }
                None => {
                    let merged = merge(&existing.reach, &reach);
                    let gain = rerun_gain(study, s, existing, &merged, &per_site, &units, &unmet);
                    let found = search::solve(&gain, siting.count, &siting.limits);
                    (found, unmet.total(), None)
                }
            }
        }
    };
    let mut plan = plan(siting, found, baseline, total_need);
    if let Some(far) = unreached {
        let chosen: Vec<usize> = plan.chosen.iter().map(|p| p.candidate).collect();
        plan.unreached = Some((
            unreached_need(existing, &reach, &chosen, &counted) + 0.0,
            far,
        ));
    }
    // Back to the candidates' own numbers.
    for pick in &mut plan.chosen {
        pick.candidate = order[pick.candidate];
    }
    let mut alone = vec![0.0; plan.alone.len()];
    for (k, &c) in order.iter().enumerate() {
        alone[c] = plan.alone[k];
    }
    plan.alone = alone;
    plan.tied = tied(&plan);
    plan.tie_rank = vec![0; order.len()];
    for (k, &c) in order.iter().enumerate() {
        plan.tie_rank[c] = k;
    }
    plan
}

/// The candidates in the order the search breaks ties by: the need-weighted distance to the
/// need they reach if each were the only new site (the p-median value Σ need × min(cost to
/// the nearest existing provider, cost to it)), ascending, then by id.
fn tie_order(
    candidates: &Candidates,
    reach: &Reach,
    existing: &ServiceResult,
    catchment: f64,
    counted: &[f64],
) -> Vec<usize> {
    // Need beyond every existing provider counts at the catchment: a site within it saves.
    let base: Vec<f64> = existing
        .reach
        .nearest
        .iter()
        .map(|d| d.map_or(catchment, |d| d.min(catchment)))
        .collect();
    // The p-median value falls by what a site saves; the constant part orders nothing.
    let mut saves = vec![0.0; candidates.sites.len()];
    for o in 0..reach.origins() {
        for l in reach.row(o) {
            saves[l.provider as usize] += counted[o] * (base[o] - l.cost).max(0.0);
        }
    }
    let mut order: Vec<usize> = (0..candidates.sites.len()).collect();
    order.sort_by(|&a, &b| {
        saves[b]
            .total_cmp(&saves[a])
            .then_with(|| candidates.sites[a].id.cmp(&candidates.sites[b].id))
    });
    order
}

/// `reach` with candidate `order[k]` as position `k`.
fn renumber(reach: &Reach, order: &[usize]) -> Reach {
    let mut position = vec![0u32; order.len()];
    for (k, &c) in order.iter().enumerate() {
        position[c] = k as u32;
    }
    let mut out = reach.clone();
    for o in 0..reach.origins() {
        let row = &mut out.links[reach.row_start[o]..reach.row_start[o + 1]];
        for l in row.iter_mut() {
            l.provider = position[l.provider as usize];
        }
        row.sort_by_key(|l| l.provider);
    }
    out
}

/// How many candidates did as well alone as the first one chosen, when more than one did.
fn tied(plan: &Plan) -> usize {
    let Some(first) = plan.chosen.first() else {
        return 0;
    };
    let best = plan.alone[first.candidate];
    let tol = 1e-9 * best.abs().max(1.0);
    let n = plan
        .alone
        .iter()
        .filter(|&&a| (a - best).abs() <= tol)
        .count();
    if n > 1 { n } else { 0 }
}

/// Turns gains into the objective's values, and orders the chosen sites.
fn plan(siting: &Siting, found: Found, baseline: f64, need: f64) -> Plan {
    let sign = if siting.objective.maximise() {
        1.0
    } else {
        -1.0
    };
    let value = |gain: f64| baseline + sign * gain + 0.0;
    // A site that improves nothing given those before it is not proposed: fewer sites may do.
    let mut order = found.order;
    while order.last().is_some_and(|&(_, _, gain)| gain <= 0.0) {
        order.pop();
    }
    Plan {
        siting: siting.clone(),
        baseline,
        value: value(order.last().map_or(0.0, |&(_, after, _)| after)),
        optimal: found.optimal,
        bound: found.bound.map(value),
        chosen: order
            .iter()
            .map(|&(candidate, after, gain)| Pick {
                candidate,
                value: value(after),
                gain: gain + 0.0,
            })
            .collect(),
        alone: found.alone,
        need,
        unreached: None,
        tied: 0,
        tie_rank: Vec::new(),
    }
}

/// The reach of the candidates as new providers of service `s`, within `radius(origin)`.
fn candidate_reach(
    study: &Study,
    candidates: &Candidates,
    s: usize,
    radius: impl Fn(usize) -> f64 + Sync,
    progress: &dyn Progress,
) -> Reach {
    let service = &study.services[s];
    let sites: Vec<Site<'_>> = candidates
        .sites
        .iter()
        .map(|c| c.location.map_or(Site::Unplaced, Site::At))
        .collect();
    let positions: Vec<Option<u32>> = (0..sites.len() as u32).map(Some).collect();
    let destinations = Destinations {
        sites: &sites,
        costs: candidates.costs.as_ref().map(|c| (c, positions.as_slice())),
    };
    let catchment = service.catchment.get();
    let mut reach = reach::reach_to(
        study,
        &destinations,
        &service.decay,
        catchment,
        radius,
        progress,
    );
    reach.providers = (0..sites.len()).collect();
    reach
}

/// Candidates' columns from their links: `value(origin, link)` per origin reached.
fn columns(reach: &Reach, value: impl Fn(usize, usize) -> f64) -> Vec<Vec<(u32, f64)>> {
    let mut columns = vec![Vec::new(); reach.providers.len()];
    for o in 0..reach.origins() {
        for k in reach.row_start[o]..reach.row_start[o + 1] {
            columns[reach.links[k].provider as usize].push((o as u32, value(o, k)));
        }
    }
    columns
}

/// Coverage: per origin, the need no existing provider covers, which any candidate in reach
/// covers. Returns the gain and the need covered already. `counted` is the need that counts
/// per origin (0 in context).
fn coverage(
    study: &Study,
    existing: &ServiceResult,
    reach: &Reach,
    counted: &[f64],
) -> (Sparse, f64) {
    let need = &existing.need;
    let serves = study.serves(&existing.reach.providers);
    let open: Vec<f64> = (0..need.total.len())
        .map(|o| {
            let links = existing.reach.row(o);
            if links.is_empty() || counted[o] == 0.0 {
                return counted[o];
            }
            if links.iter().any(|l| serves[l.provider as usize].is_none()) {
                return 0.0;
            }
            let mask = links.iter().fold(0u64, |bits, l| {
                bits | serves[l.provider as usize].unwrap_or(0)
            });
            need.total[o] - need.eligible(o, Some(mask))
        })
        .collect();
    let covered = counted.iter().zip(&open).map(|(n, u)| n - u).sum();
    let gain = Sparse::best(open.len(), columns(reach, |o, _| open[o]));
    (gain, covered)
}

/// Distance: per origin, the need × cost a candidate saves against the nearest existing
/// provider. Returns the gain, the baseline `Σ need × cost`, and the cost that need out of
/// every site's reach counts at.
fn distance(
    existing: &ServiceResult,
    reach: &Reach,
    catchment: f64,
    need: &[f64],
) -> (Sparse, f64, f64) {
    let nearest = &existing.reach.nearest;
    // Need that nothing reaches counts as at the farthest cost known: reaching it always saves.
    let far = nearest
        .iter()
        .flatten()
        .chain(reach.links.iter().map(|l| &l.cost))
        .fold(catchment, |m, &c| m.max(c));
    let base: Vec<f64> = nearest.iter().map(|d| d.unwrap_or(far)).collect();
    let cost = need.iter().zip(&base).map(|(n, d)| n * d).sum();
    let links = &reach.links;
    let gain = Sparse::best(
        need.len(),
        columns(reach, |o, k| need[o] * (base[o] - links[k].cost)),
    );
    (gain, cost, far)
}

/// The counted need at origins that no existing provider and no chosen candidate reaches.
fn unreached_need(
    existing: &ServiceResult,
    reach: &Reach,
    chosen: &[usize],
    counted: &[f64],
) -> f64 {
    (0..reach.origins())
        .filter(|&o| existing.reach.nearest[o].is_none())
        .filter(|&o| {
            !reach
                .row(o)
                .iter()
                .any(|l| chosen.contains(&(l.provider as usize)))
        })
        .map(|o| counted[o])
        .sum()
}

/// Need and supply per unit before any new site: what `unmet` improves on.
struct Unmet {
    need: Vec<f64>,
    supply: Vec<f64>,
}

impl Unmet {
    fn new(existing: &ServiceResult, units: &[Vec<usize>]) -> Unmet {
        let sum = |v: &[f64], origins: &[usize]| origins.iter().map(|&o| v[o]).sum::<f64>();
        Unmet {
            need: units
                .iter()
                .map(|os| sum(&existing.need.total, os))
                .collect(),
            supply: units
                .iter()
                .map(|os| sum(&existing.balance.supply, os))
                .collect(),
        }
    }

    /// Per unit, the shortfall `max(0, need − supply)`.
    fn shortfall(&self) -> Vec<f64> {
        self.need
            .iter()
            .zip(&self.supply)
            .map(|(n, s)| (n - s).max(0.0))
            .collect()
    }

    fn total(&self) -> f64 {
        self.shortfall().iter().sum()
    }
}

/// The balance inputs of the existing providers followed by the candidates.
struct Combined {
    capacity: Vec<f64>,
    serves: Vec<Option<u64>>,
}

impl Combined {
    fn new(study: &Study, existing: &ServiceResult, per_site: &[f64]) -> Combined {
        let providers = &existing.reach.providers;
        Combined {
            capacity: providers
                .iter()
                .map(|&p| study.providers[p].capacity.get())
                .chain(per_site.iter().copied())
                .collect(),
            serves: study
                .serves(providers)
                .into_iter()
                .chain(per_site.iter().map(|_| None))
                .collect(),
        }
    }
}

/// `unmet` for methods where a provider's supply does not depend on the others: each
/// candidate's supply per unit, capped by the units' shortfalls. `None` for 3SFCA and BFCA.
fn additive(
    study: &Study,
    s: usize,
    existing: &ServiceResult,
    reach: &Reach,
    per_site: &[f64],
    unmet: &Unmet,
) -> Option<Sparse> {
    let serves = vec![None; per_site.len()];
    let flows = balance::link_supply(
        study.services[s].method,
        &Inputs {
            reach,
            need: &existing.need,
            capacity: per_site,
            serves: &serves,
        },
    )?;
    let unit_of: Vec<u32> = study.origins.iter().map(|o| o.unit as u32).collect();
    let columns: Vec<Vec<(u32, f64)>> = columns(reach, |_, k| flows[k])
        .into_par_iter()
        .map(|column| {
            // Origins to units; a stable sort keeps each unit's entries in origin order.
            let mut entries: Vec<(u32, f64)> = column
                .into_iter()
                .map(|(o, v)| (unit_of[o as usize], v))
                .collect();
            entries.sort_by_key(|&(u, _)| u);
            let mut by_unit: Vec<(u32, f64)> = Vec::with_capacity(entries.len());
            for (u, v) in entries {
                match by_unit.last_mut() {
                    Some((last, sum)) if *last == u => *sum += v,
                    _ => by_unit.push((u, v)),
                }
            }
            by_unit
        })
        .collect();
    Some(Sparse::capped(unmet.shortfall(), columns))
}

/// The existing reach with the candidates' appended, candidates after the providers.
fn merge(existing: &Reach, candidates: &Reach) -> Reach {
    let offset = existing.providers.len() as u32;
    let mut row_start = Vec::with_capacity(existing.row_start.len());
    let mut links = Vec::with_capacity(existing.links.len() + candidates.links.len());
    row_start.push(0);
    for o in 0..existing.origins() {
        links.extend_from_slice(existing.row(o));
        links.extend(candidates.row(o).iter().map(|l| reach::Link {
            provider: l.provider + offset,
            ..*l
        }));
        row_start.push(links.len());
    }
    Reach {
        providers: existing
            .providers
            .iter()
            .copied()
            .chain(candidates.providers.iter().copied())
            .collect(),
        row_start,
        links,
        nearest: existing.nearest.clone(),
    }
}

/// `unmet` for methods whose providers interact: every set is run through the method again,
/// over the existing providers and the chosen candidates.
fn rerun_gain<'a>(
    study: &'a Study,
    s: usize,
    existing: &'a ServiceResult,
    merged: &'a Reach,
    per_site: &[f64],
    units: &'a [Vec<usize>],
    unmet: &Unmet,
) -> Rerun<impl Fn(&[usize]) -> f64 + Sync + 'a> {
    let method = study.services[s].method;
    let combined = Combined::new(study, existing, per_site);
    let offset = existing.reach.providers.len();
    let baseline = unmet.total();
    let need = &existing.need;
    let unit_need = unmet.need.clone();
    let gain = move |set: &[usize]| {
        let keep = |j: u32| (j as usize) < offset || set.contains(&(j as usize - offset));
        let mut row_start = Vec::with_capacity(merged.row_start.len());
        row_start.push(0);
        let mut links = Vec::with_capacity(merged.links.len());
        for o in 0..merged.origins() {
            links.extend(merged.row(o).iter().filter(|l| keep(l.provider)));
            row_start.push(links.len());
        }
        let reach = Reach {
            providers: merged.providers.clone(),
            row_start,
            links,
            nearest: Vec::new(),
        };
        let supply = balance::balance(
            method,
            &Inputs {
                reach: &reach,
                need,
                capacity: &combined.capacity,
                serves: &combined.serves,
            },
        )
        .supply;
        let left: f64 = units
            .iter()
            .zip(&unit_need)
            .map(|(os, n)| (n - os.iter().map(|&o| supply[o]).sum::<f64>()).max(0.0))
            .sum();
        baseline - left
    };
    Rerun {
        gain,
        candidates: per_site.len(),
        cost: merged.links.len() as u64 + merged.origins() as u64,
    }
}
