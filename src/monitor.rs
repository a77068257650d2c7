//! Monitoring a plan (`gapmap monitor`): how far each of its measures has come, and how each
//! service's indicators moved from the baseline to now, against the target.
//!
//! Three stages of one area: the **baseline** (the plan without its own `[[changes]]` and
//! without `[horizon]`), **now** (a scenario of today) and the **target** (the plan as it is).
//! A measure's progress compares capacity in its municipality (`add_provider`) or its
//! provider's capacity (`set_capacity`, `remove_provider`) at the baseline and now:
//! - `add_provider` of capacity C for service S in municipality M:
//!   `(cap_now(S, M) − cap_baseline(S, M)) / C`;
//! - `set_capacity` of P to C′: `(c₁ − c₀) / (C′ − c₀)`, 1 when C′ = c₀ (c₁ = 0 when P is gone);
//! - `remove_provider` P: 1 when P is gone now or has capacity 0, else 0;
//! - the other actions are assumptions, not measured.
//!
//! A service's progress is `(unmet_baseline − unmet_now) / (unmet_baseline − unmet_target)`,
//! none when the denominator is not positive.
//!
//! ```
//! use gapmap::{day::Day, monitor::Status};
//! let (due, on) = (Day::try_from("2027-06-30")?, Day::try_from("2027-09-01")?);
//! assert_eq!(Status::of(1.0, Some(&due), &on), Status::Done);
//! assert_eq!(Status::of(0.5, Some(&due), &on), Status::Overdue);
//! assert_eq!(Status::of(0.5, None, &on), Status::Partly);
//! assert_eq!(Status::of(0.0, Some(&on), &on), Status::NotStarted); // due today: not late yet
//! # Ok::<(), gapmap::error::ValueError>(())
//! ```

#![allow(
    clippy::indexing_slicing,
    reason = "unit, origin, service and provider indices are positions in each stage's own lists, which load builds together"
)]

use std::collections::BTreeMap;

use crate::day::Day;
use crate::gap::{Findings, ServiceSummary};
use crate::model::{Provider, Study};
use crate::scenario::{Edit, Measure};

/// One stage of the plan: a study and what its analysis found.
#[derive(Debug, Clone, Copy)]
pub struct Stage<'a> {
    pub study: &'a Study,
    pub findings: &'a Findings,
}

/// The plan's three stages, its measures (its own `[[changes]]`, in order) and the day the
/// measures are checked on.
#[derive(Debug, Clone, Copy)]
pub struct Plan<'a> {
    pub baseline: Stage<'a>,
    pub now: Stage<'a>,
    pub target: Stage<'a>,
    pub measures: &'a [Measure],
    pub date: &'a Day,
}

/// Where a measure stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Progress ≥ 1.
    Done,
    /// 0 < progress < 1, not yet due.
    Partly,
    /// Progress ≤ 0, not yet due.
    NotStarted,
    /// Not done, and its `due` is before the day of the check.
    Overdue,
    /// An assumption of the plan (`scale_group`, `set_need`, `set_catchment`): not measured.
    Assumption,
}

impl Status {
    /// The status of a measured `progress` on day `on`, for a measure `due` on a day.
    pub fn of(progress: f64, due: Option<&Day>, on: &Day) -> Status {
        let late = due.is_some_and(|due| due < on);
        if progress >= 1.0 {
            Status::Done
        } else if late {
            Status::Overdue
        } else if progress > 0.0 {
            Status::Partly
        } else {
            Status::NotStarted
        }
    }

    /// As `monitoring.csv` writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Done => "done",
            Status::Partly => "partly",
            Status::NotStarted => "not_started",
            Status::Overdue => "overdue",
            Status::Assumption => "assumption",
        }
    }
}

/// One row of `monitoring.csv`: a measure and how far it has come.
#[derive(Debug, Clone, PartialEq)]
pub struct MeasureProgress {
    /// Position in the plan's measures.
    pub measure: usize,
    /// The service's id: the added provider's, the changed provider's (at the baseline), or the
    /// norm's or catchment's.
    pub service: Option<String>,
    /// The provider's id, for the provider actions.
    pub id: Option<String>,
    /// The municipality's code: M's for `add_provider`, P's for the others.
    pub municipality: Option<String>,
    /// C, C′ or 0; none for an assumption.
    pub planned: Option<f64>,
    /// cap(S, M) or P's capacity at the baseline and now; none for an assumption.
    pub baseline: Option<f64>,
    pub now: Option<f64>,
    pub progress: Option<f64>,
    pub status: Status,
}

/// Which stage an indicator is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StageName {
    Baseline,
    Now,
    Target,
}

impl StageName {
    pub const ALL: [StageName; 3] = [StageName::Baseline, StageName::Now, StageName::Target];

    pub fn as_str(self) -> &'static str {
        match self {
            StageName::Baseline => "baseline",
            StageName::Now => "now",
            StageName::Target => "target",
        }
    }
}

/// One row of `indicators.csv`: a service at a stage.
#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    /// Index into the target's services.
    pub service: usize,
    pub stage: StageName,
    /// The year the stage's people are for.
    pub year: Option<u32>,
    pub need: f64,
    pub capacity: f64,
    pub supply: f64,
    pub gap: f64,
    pub unmet: f64,
    pub coverage: Option<f64>,
    /// On the `now` rows: how much of the unmet need the plan set out to close is closed.
    pub progress: Option<f64>,
}

/// What `monitor` found.
#[derive(Debug, Clone, PartialEq)]
pub struct Monitoring {
    pub measures: Vec<MeasureProgress>,
    /// Service-major, stages in the order baseline, now, target.
    pub indicators: Vec<Indicator>,
}

/// Why the stages cannot be compared; the command names the file.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum MonitorError {
    #[error("has no municipality {0:?}, which the plan has; now must cover the plan's units")]
    NowLacksUnit(String),
    #[error("has no service {0:?}, which the plan has; now must have the plan's services")]
    NowLacksService(String),
    /// The measure's position, and the provider.
    #[error("no provider {1:?} in the plan's baseline (the plan without its own changes)")]
    BaselineLacksProvider(usize, String),
}

/// Each measure's progress and each service's indicators.
pub fn monitor(plan: &Plan) -> Result<Monitoring, MonitorError> {
    let target = plan.target.study;
    let now = plan.now.study;
    if let Some(u) = target
        .units
        .iter()
        .find(|u| !now.units.iter().any(|n| n.id == u.id))
    {
        return Err(MonitorError::NowLacksUnit(u.id.clone()));
    }
    if let Some(s) = target
        .services
        .iter()
        .find(|s| !now.services.iter().any(|n| n.id == s.id))
    {
        return Err(MonitorError::NowLacksService(s.id.clone()));
    }
    let caps = Capacities {
        baseline: capacities(plan.baseline.study),
        now: capacities(now),
    };
    let measures = plan
        .measures
        .iter()
        .enumerate()
        .map(|(k, m)| progress(plan, &caps, k, m))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Monitoring {
        measures,
        indicators: indicators(plan),
    })
}

/// cap(S, M) by service id and municipality code, at the baseline and now.
struct Capacities {
    baseline: BTreeMap<(String, String), f64>,
    now: BTreeMap<(String, String), f64>,
}

/// The capacity of each service in each municipality of `study`.
fn capacities(study: &Study) -> BTreeMap<(String, String), f64> {
    let mut caps = BTreeMap::new();
    for p in &study.providers {
        if let Some(u) = municipality(study, p) {
            let key = (
                study.services[p.service].id.clone(),
                study.units[u].id.clone(),
            );
            *caps.entry(key).or_insert(0.0) += p.capacity.get();
        }
    }
    caps
}

/// The municipality of a provider: the first of its `area`, else the unit whose polygon holds
/// it, else the unit whose representative point is nearest; none without a place.
pub fn municipality(study: &Study, p: &Provider) -> Option<usize> {
    if let Some(&u) = p.area.as_ref().and_then(|a| a.first()) {
        return Some(u);
    }
    if p.host.is_some() {
        return p.host;
    }
    let at = p.location?;
    study
        .origins
        .iter()
        .filter_map(|o| o.location.map(|l| (o.unit, crate::index::km(at, l))))
        .min_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)))
        .map(|(u, _)| u)
}

fn provider<'s>(study: &'s Study, id: &str) -> Option<&'s Provider> {
    study.providers.iter().find(|p| p.id == id)
}

fn progress(
    plan: &Plan,
    caps: &Capacities,
    k: usize,
    measure: &Measure,
) -> Result<MeasureProgress, MonitorError> {
    let baseline = plan.baseline.study;
    let assumption = |service: Option<&String>| MeasureProgress {
        measure: k,
        service: service.cloned(),
        id: None,
        municipality: None,
        planned: None,
        baseline: None,
        now: None,
        progress: None,
        status: Status::Assumption,
    };
    let measured = |service: String, id: &str, unit: Option<String>, planned, (b, n), p: f64| {
        // No change reads as 0, not −0.
        let p = p + 0.0;
        MeasureProgress {
            measure: k,
            service: Some(service),
            id: Some(id.to_string()),
            municipality: unit,
            planned: Some(planned),
            baseline: Some(b),
            now: Some(n),
            progress: Some(p),
            status: Status::of(p, measure.due.as_ref(), plan.date),
        }
    };
    // The provider a measure names, at the baseline.
    let named = |id: &str| {
        provider(baseline, id).ok_or_else(|| MonitorError::BaselineLacksProvider(k, id.into()))
    };
    let now_capacity = |id: &str| provider(plan.now.study, id).map_or(0.0, |p| p.capacity.get());
    Ok(match &measure.edit {
        Edit::AddProvider {
            id,
            service,
            capacity,
            ..
        } => {
            let target = plan.target.study;
            let unit = provider(target, id)
                .and_then(|p| municipality(target, p))
                .map(|u| target.units[u].id.clone());
            let cap = |caps: &BTreeMap<(String, String), f64>| {
                unit.as_ref().map_or(0.0, |u| {
                    caps.get(&(service.clone(), u.clone()))
                        .copied()
                        .unwrap_or(0.0)
                })
            };
            let (b, n) = (cap(&caps.baseline), cap(&caps.now));
            let p = if *capacity > 0.0 {
                (n - b) / capacity
            } else {
                1.0
            };
            measured(service.clone(), id, unit, *capacity, (b, n), p)
        }
        Edit::SetCapacity { id, capacity } => {
            let at = named(id)?;
            let (c0, c1) = (at.capacity.get(), now_capacity(id));
            let p = if *capacity == c0 {
                1.0
            } else {
                (c1 - c0) / (capacity - c0)
            };
            let unit = municipality(baseline, at).map(|u| baseline.units[u].id.clone());
            let service = baseline.services[at.service].id.clone();
            measured(service, id, unit, *capacity, (c0, c1), p)
        }
        Edit::RemoveProvider { id } => {
            let at = named(id)?;
            let (c0, c1) = (at.capacity.get(), now_capacity(id));
            let p = if c1 == 0.0 { 1.0 } else { 0.0 };
            let unit = municipality(baseline, at).map(|u| baseline.units[u].id.clone());
            let service = baseline.services[at.service].id.clone();
            measured(service, id, unit, 0.0, (c0, c1), p)
        }
        Edit::ScaleGroup { .. } => assumption(None),
        Edit::SetNeed { service, .. } | Edit::SetCatchment { service, .. } => {
            assumption(Some(service))
        }
    })
}

/// Each service of the target at the three stages, with the progress on the `now` row.
fn indicators(plan: &Plan) -> Vec<Indicator> {
    let target = plan.target.study;
    let mut rows = Vec::with_capacity(3 * target.services.len());
    for (s, service) in target.services.iter().enumerate() {
        let summary = |stage: &Stage| -> Option<ServiceSummary> {
            let i = stage
                .study
                .services
                .iter()
                .position(|x| x.id == service.id)?;
            stage
                .findings
                .summaries
                .iter()
                .find(|r| r.service == i)
                .cloned()
        };
        let stages = [plan.baseline, plan.now, plan.target];
        let sums: Vec<Option<ServiceSummary>> = stages.iter().map(summary).collect();
        let unmet = |k: usize| sums[k].as_ref().map_or(0.0, |r| r.unmet);
        let denominator = unmet(0) - unmet(2);
        let progress = (denominator > 0.0).then(|| (unmet(0) - unmet(1)) / denominator);
        for (k, stage) in StageName::ALL.into_iter().enumerate() {
            let r = sums[k].as_ref();
            let get = |f: fn(&ServiceSummary) -> f64| r.map_or(0.0, f);
            rows.push(Indicator {
                service: s,
                stage,
                year: stages[k].study.people_year(),
                need: get(|r| r.need),
                capacity: get(|r| r.capacity),
                supply: get(|r| r.supply),
                gap: get(|r| r.gap),
                unmet: get(|r| r.unmet),
                coverage: r.and_then(|r| r.coverage),
                progress: (stage == StageName::Now).then_some(progress).flatten(),
            });
        }
    }
    rows
}
