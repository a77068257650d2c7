//! Need: capacity units that each origin needs of a service, from its norms.
//!
//! For a norm `per_1000` on group `g`: `N = (Σ people in g's columns) × share × per_1000 / 1000`,
//! in the service's capacity units (beds, clients). A service's need is the sum over its norms;
//! each norm's part is kept too, for providers that serve only some groups.
//!
//! ```
//! # let scenario = gapmap::scenario::Scenario::read("scenarios/demo.toml".as_ref())?;
//! let study = gapmap::load::load(&scenario, &gapmap::Silent)?.study;
//! // The demo's care homes: 90 places per 1,000 of its 933 people aged 80+.
//! let need = gapmap::need::need(&study, 0);
//! assert_eq!(study.services[0].id, "home_for_elderly");
//! assert!((need.total.iter().sum::<f64>() - 84.0).abs() < 0.05);
//! # Ok::<(), gapmap::Error>(())
//! ```

#![allow(
    clippy::indexing_slicing,
    reason = "indices are positions in the study's own lists (units, origins, services, groups, providers, columns), which load builds together and checks once"
)]

use crate::model::Study;

/// Need of one service per origin, in its capacity units.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceNeed {
    /// How many norms the service has.
    pub norms: usize,
    /// Per origin and norm, origin-major: `by_norm[o * norms + k]`.
    pub by_norm: Vec<f64>,
    /// Per origin, the sum over norms.
    pub total: Vec<f64>,
}

impl ServiceNeed {
    /// The need of origin `o` that a provider serving `mask` (bits of norm positions) meets.
    pub fn eligible(&self, o: usize, mask: Option<u64>) -> f64 {
        match mask {
            None => self.total[o],
            Some(bits) => (0..self.norms)
                .filter(|k| bits & (1 << k) != 0)
                .map(|k| self.by_norm[o * self.norms + k])
                .sum(),
        }
    }
}

/// The need of service `service` at every origin of the study.
pub fn need(study: &Study, service: usize) -> ServiceNeed {
    need_of(study, service, &study.counts)
}

/// The need of service `service` for `counts` in place of the study's own (origin-major, as
/// [`Study::counts`]): the base year's people of an outlook, beside the horizon's.
pub fn need_of(study: &Study, service: usize, counts: &[f64]) -> ServiceNeed {
    let width = study.columns.len();
    let norms = &study.services[service].need;
    let origins = study.origins.len();
    let mut by_norm = Vec::with_capacity(origins * norms.len());
    let mut total = Vec::with_capacity(origins);
    for o in 0..origins {
        let mut sum = 0.0;
        for norm in norms {
            let group = &study.groups[norm.group];
            let people: f64 = group.columns.iter().map(|&c| counts[o * width + c]).sum();
            let per_1000 = match &norm.survey {
                Some(survey) => survey.per_unit[study.origins[o].unit].rate,
                None => norm.per_1000,
            };
            let n = people * group.share * per_1000 / 1000.0;
            by_norm.push(n);
            sum += n;
        }
        total.push(sum);
    }
    ServiceNeed {
        norms: norms.len(),
        by_norm,
        total,
    }
}

/// The 95 % interval of a service's need per origin, where a norm comes from a survey: each
/// survey-based norm at its interval's bound, the other norms as they are.
#[derive(Debug, Clone, PartialEq)]
pub struct NeedInterval {
    pub low: Vec<f64>,
    pub high: Vec<f64>,
}

/// The need interval of service `service`, or `None` when none of its norms is from a survey.
pub fn interval(study: &Study, service: usize) -> Option<NeedInterval> {
    let norms = &study.services[service].need;
    if norms.iter().all(|n| n.survey.is_none()) {
        return None;
    }
    let origins = study.origins.len();
    let (mut low, mut high) = (vec![0.0; origins], vec![0.0; origins]);
    for o in 0..origins {
        for norm in norms {
            let group = &study.groups[norm.group];
            let people: f64 = group.columns.iter().map(|&c| study.count(o, c)).sum();
            let scale = people * group.share / 1000.0;
            let (l, h) = match &norm.survey {
                Some(survey) => {
                    let r = survey.per_unit[study.origins[o].unit];
                    (r.low, r.high)
                }
                None => (norm.per_1000, norm.per_1000),
            };
            low[o] += scale * l;
            high[o] += scale * h;
        }
    }
    Some(NeedInterval { low, high })
}
