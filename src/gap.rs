//! Gaps: origin-level balances summed into units of analysis, services and providers.
//!
//! For a unit with several demand points: need and supply are sums, `accessibility` is the
//! need-weighted mean of the points' `A_i` (the plain mean of those defined when the unit has no
//! need; the sum under BFCA, see [`Pooling`]),
//! `nearest` is the nearest of the points' distances and `reachable` counts distinct providers.
//!
//! ```
//! use gapmap::gap::coverage;
//! assert_eq!(coverage(40.0, 30.0), Some(0.75));
//! assert_eq!(coverage(0.0, 0.0), None); // empty when need = 0
//! ```

#![allow(
    clippy::indexing_slicing,
    reason = "indices are positions in the study's own lists (units, origins, services, groups, providers, columns), which load builds together and checks once"
)]

use crate::balance::{Balance, Pooling};
use crate::model::Study;
use crate::need::{NeedInterval, ServiceNeed};
use crate::reach::Reach;

/// Everything the core computed for one service.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceResult {
    pub reach: Reach,
    pub need: ServiceNeed,
    pub balance: Balance,
    /// The need's 95 % interval, when a norm comes from a survey.
    pub interval: Option<NeedInterval>,
}

/// One row of `gaps.csv`: a unit × a service.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitGap {
    pub unit: usize,
    pub service: usize,
    pub need: f64,
    pub supply: f64,
    /// `need − supply`; negative is a surplus.
    pub gap: f64,
    pub coverage: Option<f64>,
    /// The need's 95 % interval when a norm of the service comes from a survey.
    pub need_interval: Option<(f64, f64)>,
    /// `None` where the method leaves it undefined (no need, under gravity or cumulative).
    pub accessibility: Option<f64>,
    pub nearest: Option<f64>,
    pub reachable: usize,
}

/// One row of `summary.csv`: a service over the whole study.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceSummary {
    pub service: usize,
    pub need: f64,
    pub capacity: f64,
    pub supply: f64,
    pub gap: f64,
    /// Σ max(0, gap) over the region's units: the shortfall a surplus elsewhere does not offset.
    pub unmet: f64,
    /// Σ max(0, −gap) over the region's units.
    pub surplus: f64,
    pub coverage: Option<f64>,
    /// Need at origins with no provider of the service in reach.
    pub need_out_of_reach: f64,
    /// `need_out_of_reach / need`; `None` when there is no need.
    pub need_out_of_reach_share: Option<f64>,
    /// The need-weighted Gini coefficient of accessibility across units (see [`gini`]).
    pub accessibility_gini: Option<f64>,
    pub providers: usize,
}

/// One row of `priorities.csv`: a unit × service with a shortfall, by urgency.
#[derive(Debug, Clone, PartialEq)]
pub struct Priority {
    /// 1 is the most urgent.
    pub rank: usize,
    pub unit: usize,
    pub service: usize,
    pub gap: f64,
    pub score: f64,
}

/// What the report shows of a run: the rows of every output table.
#[derive(Debug, Clone, PartialEq)]
pub struct Findings {
    pub gaps: Vec<UnitGap>,
    pub summaries: Vec<ServiceSummary>,
    pub loads: Vec<ProviderLoad>,
    pub priorities: Vec<Priority>,
    /// The socio-demographic profile per unit, when the population has the age bands.
    pub profile: Option<Vec<crate::profile::ProfileRow>>,
}

/// Sums the core's results into the rows of the outputs.
pub fn findings(study: &Study, results: &[ServiceResult]) -> Findings {
    let gaps = unit_gaps(study, results);
    let summaries = summaries(study, results, &gaps);
    let loads = provider_loads(study, results);
    let priorities = priorities(study, results, &gaps);
    Findings {
        gaps,
        summaries,
        loads,
        priorities,
        profile: crate::profile::profile(study),
    }
}

/// Rows of `priorities.csv`: every unit × service of the region (not its context) whose gap is
/// positive, most urgent first.
///
/// `score = gap × w_service × Σ_k (N_k / N) w_group(k)`: the unmet need, in the service's
/// capacity units, times the service's weight and the need-weighted mean weight of the groups
/// whose norms make up its need (`[priorities] weights`, 1 by default, so that by default the
/// score is the gap). Ties go to the larger gap, then the unit id, then the service's order
/// in the scenario. A gap below a billionth of the need is rounding, not a shortfall.
///
/// So 12 places short, all of the need from seniors weighted 2, service weight 1.5: 36.
///
/// ```
/// # let scenario = gapmap::scenario::Scenario::read("scenarios/demo.toml".as_ref())?;
/// let study = gapmap::load::load(&scenario, &gapmap::Silent)?.study;
/// let results = gapmap::analyse(&study, &gapmap::Silent);
/// let gaps = gapmap::gap::unit_gaps(&study, &results);
/// let ranked = gapmap::gap::priorities(&study, &results, &gaps);
/// // The demo gives no weights: the score is the gap, and the largest comes first.
/// assert!(ranked.iter().all(|p| p.score == p.gap && p.gap > 0.0));
/// assert!(ranked.windows(2).all(|w| w[0].score >= w[1].score));
/// # Ok::<(), gapmap::Error>(())
/// ```
pub fn priorities(study: &Study, results: &[ServiceResult], gaps: &[UnitGap]) -> Vec<Priority> {
    let origins_of = study.origins_by_unit();
    let weights = &study.priorities;
    let mut rows: Vec<Priority> = gaps
        .iter()
        .filter(|g| study.units[g.unit].in_region && g.gap > 1e-9 * g.need.max(1.0))
        .map(|g| {
            let need = &results[g.service].need;
            let norms = &study.services[g.service].need;
            let group_weight = if norms.iter().all(|n| weights.group[n.group] == 1.0) {
                1.0
            } else {
                let weighted: f64 = origins_of[g.unit]
                    .iter()
                    .flat_map(|&o| {
                        norms.iter().enumerate().map(move |(k, n)| {
                            need.by_norm[o * need.norms + k] * weights.group[n.group]
                        })
                    })
                    .sum();
                weighted / g.need
            };
            Priority {
                rank: 0,
                unit: g.unit,
                service: g.service,
                gap: g.gap,
                score: g.gap * weights.service[g.service] * group_weight,
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(b.gap.total_cmp(&a.gap))
            .then_with(|| study.units[a.unit].id.cmp(&study.units[b.unit].id))
            .then(a.service.cmp(&b.service))
    });
    for (i, row) in rows.iter_mut().enumerate() {
        row.rank = i + 1;
    }
    rows
}

/// A provider's load: the weighted need it competes for, per unit of capacity.
#[derive(Debug, Clone, PartialEq)]
pub struct ProviderLoad {
    pub provider: usize,
    pub demand_in_reach: f64,
    /// The units whose origins it reaches, ascending: the municipalities it serves.
    pub units: Vec<usize>,
    /// `demand_in_reach / capacity`; `None` when the capacity is 0.
    pub load: Option<f64>,
}

/// Turns −0.0 into 0.0: an empty `f64` sum is −0.0, which would print as "-0.0".
fn plus_zero(x: f64) -> f64 {
    x + 0.0
}

/// `supply / need`, or `None` when there is no need.
pub fn coverage(need: f64, supply: f64) -> Option<f64> {
    (need > 0.0).then(|| supply / need)
}

/// Rows of `gaps.csv`, unit-major, services in scenario order.
pub fn unit_gaps(study: &Study, results: &[ServiceResult]) -> Vec<UnitGap> {
    let origins_of = study.origins_by_unit();
    let mut rows = Vec::with_capacity(study.units.len() * results.len());
    for (unit, origins) in origins_of.iter().enumerate() {
        for (service, r) in results.iter().enumerate() {
            let need: f64 = origins.iter().map(|&o| r.need.total[o]).sum();
            let supply: f64 = origins.iter().map(|&o| r.balance.supply[o]).sum();
            let accessibility = match study.services[service].method.pooling() {
                Pooling::Sum => origins
                    .iter()
                    .map(|&o| r.balance.accessibility[o])
                    .sum::<Option<f64>>(),
                Pooling::NeedWeightedMean if need > 0.0 => {
                    // Origins with need have an accessibility under every method.
                    let weighted: f64 = origins
                        .iter()
                        .filter(|&&o| r.need.total[o] > 0.0)
                        .map(|&o| r.balance.accessibility[o].unwrap_or(0.0) * r.need.total[o])
                        .sum();
                    Some(weighted / need)
                }
                Pooling::NeedWeightedMean => {
                    let defined: Vec<f64> = origins
                        .iter()
                        .filter_map(|&o| r.balance.accessibility[o])
                        .collect();
                    (!defined.is_empty())
                        .then(|| defined.iter().sum::<f64>() / defined.len() as f64)
                }
            };
            let nearest = origins
                .iter()
                .filter_map(|&o| r.reach.nearest[o])
                .min_by(f64::total_cmp);
            let reachable = if origins.len() == 1 {
                r.reach.row(origins[0]).len()
            } else {
                let mut ids: Vec<_> = origins
                    .iter()
                    .flat_map(|&o| r.reach.row(o).iter().map(|l| l.provider))
                    .collect();
                ids.sort_unstable();
                ids.dedup();
                ids.len()
            };
            let need_interval = r.interval.as_ref().map(|i| {
                let sum = |v: &[f64]| plus_zero(origins.iter().map(|&o| v[o]).sum());
                (sum(&i.low), sum(&i.high))
            });
            let (need, supply) = (plus_zero(need), plus_zero(supply));
            rows.push(UnitGap {
                need_interval,
                unit,
                service,
                need,
                supply,
                gap: plus_zero(need - supply),
                coverage: coverage(need, supply),
                accessibility: accessibility.map(plus_zero),
                nearest,
                reachable,
            });
        }
    }
    rows
}

/// The need-weighted Gini coefficient of `(value, weight)` pairs:
///
/// `G = Σ_i Σ_k w_i w_k |x_i − x_k| / (2 (Σ w)² μ)`, with `μ = Σ w x / Σ w`,
///
/// computed in `O(n log n)` from the values in ascending order. 0 is perfect equality; 1 is all
/// of the accessibility at one unit of vanishing need. `None` when the weights or the weighted
/// values sum to 0 (no need, or no accessibility anywhere: equality of nothing is undefined).
///
/// ```
/// use gapmap::gap::gini;
/// assert_eq!(gini(&[(1.0, 5.0), (1.0, 2.0)]), Some(0.0));
/// // Half of the need has all of the accessibility.
/// assert_eq!(gini(&[(0.0, 1.0), (2.0, 1.0)]), Some(0.5));
/// assert_eq!(gini(&[(0.0, 1.0)]), None);
/// // Equal up to rounding is equal.
/// assert_eq!(gini(&[(0.1 + 0.2, 1.0), (0.3, 2.0)]), Some(0.0));
/// ```
pub fn gini(values: &[(f64, f64)]) -> Option<f64> {
    let mut sorted: Vec<(f64, f64)> = values.iter().copied().filter(|&(_, w)| w > 0.0).collect();
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
    let total: f64 = sorted.iter().map(|&(_, w)| w).sum();
    let mass: f64 = sorted.iter().map(|&(x, w)| x * w).sum();
    if total <= 0.0 || mass <= 0.0 {
        return None;
    }
    // Σ_i Σ_k w_i w_k |x_i − x_k| = 2 Σ_i w_i x_i (W_before(i) − W_after(i)) in sorted order;
    // equal values cancel, so ties need no care.
    let mut before = 0.0;
    let mut sum = 0.0;
    for &(x, w) in &sorted {
        let after = total - before - w;
        sum += w * x * (before - after);
        before += w;
    }
    // Accessibilities equal up to rounding give a Gini of 1e-16, not 0: below a billionth it
    // is rounding, and a reader should see equality.
    let g = sum / (total * mass);
    Some(if g < 1e-9 { 0.0 } else { g })
}

/// Rows of `summary.csv`, one per service, over the units of the region: context units and
/// providers that stand in them are not counted. `gaps` are this study's [`unit_gaps`].
pub fn summaries(
    study: &Study,
    results: &[ServiceResult],
    gaps: &[UnitGap],
) -> Vec<ServiceSummary> {
    results
        .iter()
        .enumerate()
        .map(|(service, r)| {
            // Context units (the buffer ring) compete and are served, but are not counted.
            let region = |o: &usize| study.origin_in_region(*o);
            let origins = 0..r.reach.origins();
            let need: f64 = origins
                .clone()
                .filter(region)
                .map(|o| r.need.total[o])
                .sum();
            let supply: f64 = origins
                .clone()
                .filter(region)
                .map(|o| r.balance.supply[o])
                .sum();
            let capacity: f64 = r
                .reach
                .providers
                .iter()
                .filter(|&&p| study.provider_in_region(p))
                .map(|&p| study.providers[p].capacity.get())
                .sum();
            let need_out_of_reach = origins
                .filter(region)
                .filter(|&o| r.reach.row(o).is_empty())
                .map(|o| r.need.total[o])
                .sum();
            let region_gaps = || {
                gaps.iter()
                    .filter(move |g| g.service == service && study.units[g.unit].in_region)
            };
            let by_unit: Vec<(f64, f64)> = region_gaps()
                .filter_map(|g| Some((g.accessibility?, g.need)))
                .collect();
            let unmet: f64 = region_gaps().map(|g| g.gap.max(0.0)).sum();
            let surplus: f64 = region_gaps().map(|g| (-g.gap).max(0.0)).sum();
            let (need, supply) = (plus_zero(need), plus_zero(supply));
            ServiceSummary {
                service,
                need,
                capacity: plus_zero(capacity),
                supply,
                gap: plus_zero(need - supply),
                unmet: plus_zero(unmet),
                surplus: plus_zero(surplus),
                coverage: coverage(need, supply),
                need_out_of_reach: plus_zero(need_out_of_reach),
                need_out_of_reach_share: (need > 0.0).then(|| plus_zero(need_out_of_reach / need)),
                accessibility_gini: gini(&by_unit).map(plus_zero),
                providers: r
                    .reach
                    .providers
                    .iter()
                    .filter(|&&p| study.provider_in_region(p))
                    .count(),
            }
        })
        .collect()
}

/// Loads of every provider, in input order.
pub fn provider_loads(study: &Study, results: &[ServiceResult]) -> Vec<ProviderLoad> {
    use rayon::prelude::*;
    let mut loads: Vec<ProviderLoad> = (0..study.providers.len())
        .map(|provider| ProviderLoad {
            provider,
            demand_in_reach: 0.0,
            units: Vec::new(),
            load: None,
        })
        .collect();
    // A provider serves one service, so the services' providers are apart: each service's
    // links are turned around (by provider, not by origin) on its own, side by side.
    let served: Vec<Vec<Vec<usize>>> = results
        .par_iter()
        .map(|r| units_by_provider(study, &r.reach))
        .collect();
    for (r, units) in results.iter().zip(served) {
        for ((pos, &p), units) in r.reach.providers.iter().enumerate().zip(units) {
            let demand = r.balance.demand_in_reach.get(pos).copied().unwrap_or(0.0);
            if let Some(load) = loads.get_mut(p) {
                let capacity = study.providers[p].capacity.get();
                load.demand_in_reach = plus_zero(demand);
                load.load = (capacity > 0.0).then(|| demand / capacity);
                load.units = units;
            }
        }
    }
    loads
}

/// Per provider position of `reach`: the units whose origins it reaches, ascending, once
/// each. Counted first, so that every list is allocated once at its size.
fn units_by_provider(study: &Study, reach: &Reach) -> Vec<Vec<usize>> {
    let count = reach.providers.len();
    let mut start = vec![0usize; count + 1];
    for link in reach.links.iter() {
        if let Some(n) = start.get_mut(link.provider.index() + 1) {
            *n += 1;
        }
    }
    for k in 1..start.len() {
        start[k] += start[k - 1];
    }
    let mut next = start.clone();
    let mut units = vec![0usize; reach.links.len()];
    for (o, origin) in study.origins.iter().enumerate().take(reach.origins()) {
        for link in reach.row(o) {
            if let Some(at) = next.get_mut(link.provider.index()) {
                if let Some(slot) = units.get_mut(*at) {
                    *slot = origin.unit;
                }
                *at += 1;
            }
        }
    }
    start
        .windows(2)
        .map(|w| {
            let mut list = units.get(w[0]..w[1]).unwrap_or(&[]).to_vec();
            // Origins come by unit, so a list is sorted already unless demand points interleave.
            list.sort_unstable();
            list.dedup();
            list
        })
        .collect()
}
