//! Each objective as a [`Gain`](super::gain::Gain): what the new sites improve on the
//! baseline of the existing providers.

#![allow(
    clippy::indexing_slicing,
    reason = "unit, origin, provider and candidate positions come from the reaches and the study built for this siting"
)]

use rayon::prelude::*;

use super::gain::{Rerun, Sparse};
use crate::balance::{self, Inputs};
use crate::gap::ServiceResult;
use crate::model::Study;
use crate::reach::{self, Reach};

/// Candidates' columns from their links: `value(origin, link)` per origin reached.
fn columns(reach: &Reach, value: impl Fn(usize, usize) -> f64) -> Vec<Vec<(u32, f64)>> {
    let mut columns = vec![Vec::new(); reach.providers.len()];
    for o in 0..reach.origins() {
        for k in reach.row_start[o]..reach.row_start[o + 1] {
            columns[reach.links[k].provider.index()].push((o as u32, value(o, k)));
        }
    }
    columns
}

/// Coverage: per origin, the need no existing provider covers, which any candidate in reach
/// covers. Returns the gain and the need covered already. `counted` is the need that counts
/// per origin (0 in context).
pub(super) fn coverage(
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
            if links.iter().any(|l| serves[l.provider.index()].is_none()) {
                return 0.0;
            }
            let mask = links.iter().fold(0u64, |bits, l| {
                bits | serves[l.provider.index()].unwrap_or(0)
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
pub(super) fn distance(
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
pub(super) fn unreached_need(
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
                .any(|l| chosen.contains(&(l.provider.index())))
        })
        .map(|o| counted[o])
        .sum()
}

/// Need and supply per unit before any new site: what `unmet` improves on.
pub(super) struct Unmet {
    need: Vec<f64>,
    supply: Vec<f64>,
}

impl Unmet {
    pub(super) fn new(existing: &ServiceResult, units: &[Vec<usize>]) -> Unmet {
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

    pub(super) fn total(&self) -> f64 {
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
pub(super) fn additive(
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
pub(super) fn merge(existing: &Reach, candidates: &Reach) -> Reach {
    let offset = existing.providers.len() as u32;
    let mut row_start = Vec::with_capacity(existing.row_start.len());
    let mut links = Vec::with_capacity(existing.links.len() + candidates.links.len());
    row_start.push(0);
    for o in 0..existing.origins() {
        links.extend_from_slice(existing.row(o));
        links.extend(candidates.row(o).iter().map(|l| reach::Link {
            provider: reach::ProviderPos::new(l.provider.get() + offset),
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
        row_start: row_start.into(),
        links: links.into(),
        nearest: existing.nearest.clone(),
    }
}

/// `unmet` for methods whose providers interact: every set is run through the method again,
/// over the existing providers and the chosen candidates.
pub(super) fn rerun_gain<'a>(
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
        let keep =
            |j: reach::ProviderPos| j.index() < offset || set.contains(&(j.index() - offset));
        let mut row_start = Vec::with_capacity(merged.row_start.len());
        row_start.push(0);
        let mut links = Vec::with_capacity(merged.links.len());
        for o in 0..merged.origins() {
            links.extend(merged.row(o).iter().filter(|l| keep(l.provider)));
            row_start.push(links.len());
        }
        let reach = Reach {
            providers: merged.providers.clone(),
            row_start: row_start.into(),
            links: links.into(),
            nearest: Default::default(),
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
