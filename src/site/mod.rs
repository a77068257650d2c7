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

#![allow(
    clippy::indexing_slicing,
    reason = "unit, origin, provider and candidate positions come from the reaches and the study built for this siting"
)]

pub mod bound;
pub mod gain;
mod objective;
pub mod search;

use crate::Progress;
use crate::gap::ServiceResult;
use crate::model::{Candidates, Capacity, Study};
use crate::reach::{self, Destinations, ProviderPos, Reach, Site};
use objective::{Unmet, additive, coverage, distance, merge, rerun_gain, unreached_need};
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
    /// choice among them was made by the unmet need within their catchment, then by their
    /// distance to it, then by id (see `tie_order`).
    pub tied: usize,
    /// Per candidate: its place in the order ties are broken by (most unmet need in reach
    /// first).
    pub tie_rank: Vec<usize>,
    /// Per candidate: the unmet need within its catchment, which breaks ties first.
    pub shortfall: Vec<Shortfall>,
}

/// The unmet need today within a candidate's catchment, by which ties are broken.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shortfall {
    /// Σ max(0, need − supply) over the region's origins in the catchment [capacity units].
    pub unmet: f64,
    /// The mean km (or cost) from the candidate to that need, weighted by it; `None` when
    /// there is none.
    pub distance: Option<f64>,
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
    // where the shortfall is. Below, candidates are numbered in it. The `distance` objective
    // prunes its reach by the nearest provider, so the order has a reach of its own.
    let shortfall = match siting.objective {
        Objective::Distance => {
            let within = candidate_reach(study, candidates, s, |_| catchment, progress);
            shortfall_in_reach(candidates.sites.len(), &within, existing, &counted)
        }
        _ => shortfall_in_reach(candidates.sites.len(), &reach, existing, &counted),
    };
    let order = tie_order(candidates, &shortfall);
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
    plan.shortfall = shortfall;
    plan.tie_rank = vec![0; order.len()];
    for (k, &c) in order.iter().enumerate() {
        plan.tie_rank[c] = k;
    }
    plan
}

/// The candidates in the order the search breaks ties by, so that of sites equal on the
/// objective the one where the shortfall is comes first:
/// 1. the unmet need within the candidate's catchment, Σ max(0, need − supply) of the region's
///    origins it reaches (more first);
/// 2. the mean distance (or cost) to those origins, weighted by their unmet need (less first);
/// 3. the id.
fn tie_order(candidates: &Candidates, shortfall: &[Shortfall]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..candidates.sites.len()).collect();
    order.sort_by(|&a, &b| {
        let far = |s: &Shortfall| s.distance.unwrap_or(f64::INFINITY);
        shortfall[b]
            .unmet
            .total_cmp(&shortfall[a].unmet)
            .then_with(|| far(&shortfall[a]).total_cmp(&far(&shortfall[b])))
            .then_with(|| candidates.sites[a].id.cmp(&candidates.sites[b].id))
    });
    order
}

/// Per candidate: the region's unmet need within its catchment, and the mean distance to it.
/// Sums run in origin order, so they are the same for any thread count.
fn shortfall_in_reach(
    sites: usize,
    reach: &Reach,
    existing: &ServiceResult,
    counted: &[f64],
) -> Vec<Shortfall> {
    let mut sum = vec![0.0; sites];
    let mut cost = vec![0.0; sites];
    for (o, &need) in counted.iter().enumerate().take(reach.origins()) {
        if need <= 0.0 {
            continue;
        }
        let unmet = existing.need.total[o] - existing.balance.supply[o];
        if unmet <= 0.0 {
            continue;
        }
        for l in reach.row(o) {
            sum[l.provider.index()] += unmet;
            cost[l.provider.index()] += unmet * l.cost;
        }
    }
    sum.iter()
        .zip(&cost)
        .map(|(&w, &c)| {
            // Sums that differ only in the order of their additions count as equal.
            let unmet = (w * 1e9).round() / 1e9;
            Shortfall {
                unmet,
                distance: (unmet > 0.0).then(|| c / w),
            }
        })
        .collect()
}

/// `reach` with candidate `order[k]` as position `k`.
fn renumber(reach: &Reach, order: &[usize]) -> Reach {
    let mut position = vec![ProviderPos::default(); order.len()];
    for (k, &c) in order.iter().enumerate() {
        position[c] = ProviderPos::new(k as u32);
    }
    let mut out = reach.clone();
    let links = std::sync::Arc::make_mut(&mut out.links);
    for o in 0..reach.origins() {
        let row = &mut links[reach.row_start[o]..reach.row_start[o + 1]];
        for l in row.iter_mut() {
            l.provider = position[l.provider.index()];
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
        shortfall: Vec::new(),
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
