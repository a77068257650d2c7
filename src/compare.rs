//! Compare: several scenarios of one region side by side, unit by unit and service by service.
//!
//! The first scenario is the reference: every delta is `gap_s − gap_first`, so a negative delta
//! is a unit that gains (its shortfall shrinks) and a positive one a unit that loses. Units and
//! services are matched by id; every scenario must have the same ones, since a steering group
//! compares variants of one plan for one region.
//!
//! ```
//! use gapmap::compare::{Variant, compare};
//! # let run = |file: &str| -> Result<_, gapmap::Error> {
//! #     let scenario = gapmap::scenario::Scenario::read(file.as_ref())?;
//! #     let study = gapmap::load::load(&scenario, &gapmap::Silent)?.study;
//! #     let findings = gapmap::gap::findings(&study, &gapmap::analyse(&study, &gapmap::Silent));
//! #     Ok((study, findings))
//! # };
//! let (base, base_findings) = run("scenarios/demo.toml")?;
//! let (home, home_findings) = run("scenarios/demo-new-home.toml")?;
//! let rows = compare(&[
//!     Variant { file: "demo.toml".as_ref(), study: &base, findings: &base_findings },
//!     Variant { file: "demo-new-home.toml".as_ref(), study: &home, findings: &home_findings },
//! ])?;
//! // A 16-bed home: the care homes' total gap falls by 16 (a negative delta is a gain).
//! let delta: f64 = rows.iter().filter(|r| r.service == 0).map(|r| r.delta_gap(1)).sum();
//! assert!((delta + 16.0).abs() < 1e-9);
//! # Ok::<(), gapmap::Error>(())
//! ```

#![allow(
    clippy::indexing_slicing,
    reason = "indices are positions in the study's own lists (units, origins, services, groups, providers, columns), which load builds together and checks once"
)]

use std::collections::HashMap;
use std::path::Path;

use crate::error::{InputError, Location, Result};
use crate::gap::Findings;
use crate::model::Study;

/// One scenario's results, with the file it came from (for errors).
pub struct Variant<'a> {
    pub file: &'a Path,
    pub study: &'a Study,
    pub findings: &'a Findings,
}

/// One row of `comparison.csv`: a unit × a service, with a value per scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Compared {
    /// Index into the first scenario's units and services.
    pub unit: usize,
    pub service: usize,
    /// Per scenario, in the order given.
    pub need: Vec<f64>,
    pub supply: Vec<f64>,
    pub gap: Vec<f64>,
}

impl Compared {
    /// `gap_s − gap_first` for scenario `s`.
    pub fn delta_gap(&self, s: usize) -> f64 {
        self.gap[s] - self.gap[0] + 0.0
    }
}

/// Lines up the gaps of every scenario by unit and service, in the first scenario's order.
pub fn compare(variants: &[Variant<'_>]) -> Result<Vec<Compared>> {
    let Some(first) = variants.first() else {
        return Ok(Vec::new());
    };
    for (i, v) in variants.iter().enumerate() {
        if let Some(prev) = variants[..i].iter().find(|p| p.study.name == v.study.name) {
            return Err(InputError::at(
                v.file,
                Location::Key("name".into()),
                format!(
                    "the name {:?} is also the name of {}; compared scenarios need names of their own",
                    v.study.name.as_str(),
                    prev.file.display()
                ),
            )
            .into());
        }
    }
    let (study, services) = (first.study, first.study.services.len());
    // Per other scenario: the row of each of the first's unit × service in its gap table.
    let mut lookups: Vec<Vec<usize>> = Vec::with_capacity(variants.len());
    for v in variants {
        let units: HashMap<&str, usize> = v
            .study
            .units
            .iter()
            .enumerate()
            .map(|(i, u)| (u.id.as_str(), i))
            .collect();
        let mismatch = |what: String| -> crate::Error {
            InputError::file(
                v.file,
                format!(
                    "{what}; compared scenarios must have the units and services of {}",
                    first.file.display()
                ),
            )
            .into()
        };
        if v.study.units.len() != study.units.len() {
            return Err(mismatch(format!(
                "has {} units, not {}",
                v.study.units.len(),
                study.units.len()
            )));
        }
        let mut service_of = Vec::with_capacity(services);
        for s in &study.services {
            let at = v.study.services.iter().position(|x| x.id == s.id);
            service_of.push(at.ok_or_else(|| mismatch(format!("has no service {:?}", s.id)))?);
        }
        if v.study.services.len() != services {
            let extra = v
                .study
                .services
                .iter()
                .find(|x| !study.services.iter().any(|s| s.id == x.id));
            return Err(mismatch(format!(
                "has a service {:?} that the first has not",
                extra.map_or("", |s| s.id.as_str())
            )));
        }
        let their = v.study.services.len();
        let mut rows = Vec::with_capacity(study.units.len() * services);
        for u in study.units.iter() {
            let at = *units
                .get(u.id.as_str())
                .ok_or_else(|| mismatch(format!("has no unit {:?}", u.id)))?;
            rows.extend(service_of.iter().map(|&s| at * their + s));
        }
        lookups.push(rows);
    }
    Ok((0..study.units.len() * services)
        .map(|row| {
            let pick = |f: fn(&crate::gap::UnitGap) -> f64| -> Vec<f64> {
                variants
                    .iter()
                    .zip(&lookups)
                    .map(|(v, l)| f(&v.findings.gaps[l[row]]))
                    .collect()
            };
            Compared {
                unit: row / services,
                service: row % services,
                need: pick(|g| g.need),
                supply: pick(|g| g.supply),
                gap: pick(|g| g.gap),
            }
        })
        .collect())
}
