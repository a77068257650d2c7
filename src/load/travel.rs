//! What the travel-time matrices of `roads` and `transit` share: the points they join, and their
//! rows split into the matrix of the providers and that of the candidates.

#![allow(
    clippy::indexing_slicing,
    reason = "indices are positions in the study's own lists (units, origins, services, groups, providers, columns), which load builds together and checks once"
)]

use crate::model::{Candidate, Costs, LonLat, Origin, Provider, Unit};

/// The points a matrix joins.
pub(super) struct Points<'a> {
    pub units: &'a [Unit],
    pub origins: &'a [Origin],
    pub providers: &'a [Provider],
    pub candidates: Option<Vec<&'a Candidate>>,
}

/// A destination: a provider or a candidate, by index.
#[derive(Clone, Copy)]
pub(super) enum Target {
    Provider(u32),
    Candidate(u32),
}

impl Points<'_> {
    /// The origins with a place, with their index.
    pub fn located(&self) -> Vec<(usize, LonLat)> {
        self.origins
            .iter()
            .enumerate()
            .filter_map(|(o, x)| x.location.map(|at| (o, at)))
            .collect()
    }

    /// The destinations: the providers with a place and no declared area, then the candidates.
    pub fn targets(&self) -> Vec<(Target, LonLat)> {
        let mut targets: Vec<(Target, LonLat)> = self
            .providers
            .iter()
            .enumerate()
            .filter(|(_, p)| p.area.is_none())
            .filter_map(|(i, p)| p.location.map(|at| (Target::Provider(i as u32), at)))
            .collect();
        for (i, c) in self.candidates.iter().flatten().enumerate() {
            if let Some(at) = c.location {
                targets.push((Target::Candidate(i as u32), at));
            }
        }
        targets
    }

    /// How an error names origin `o`.
    pub fn origin_name(&self, o: usize) -> String {
        let origin = &self.origins[o];
        let unit = &self.units[origin.unit];
        if unit.id == origin.id {
            format!("municipality {} ({})", unit.id, unit.name)
        } else {
            format!("demand point {}", origin.id)
        }
    }

    /// How an error names a target.
    pub fn target_name(&self, target: Target) -> String {
        match target {
            Target::Provider(i) => format!("provider {}", self.providers[i as usize].id),
            Target::Candidate(i) => format!(
                "candidate {}",
                self.candidates
                    .as_ref()
                    .map_or("", |c| c[i as usize].id.as_str())
            ),
        }
    }

    /// The matrices of the providers and of the candidates from one row per located origin
    /// (`(target index, cost)`); origins without a place get empty rows.
    pub fn split(
        &self,
        located: &[(usize, LonLat)],
        rows: Vec<Vec<(u32, f64)>>,
        targets: &[(Target, LonLat)],
    ) -> (Costs, Option<Costs>) {
        let mut providers = Costs {
            row_start: vec![0],
            ..Costs::default()
        };
        let mut candidates = providers.clone();
        let mut row = rows.into_iter();
        let mut next = located.iter().map(|&(o, _)| o).peekable();
        for o in 0..self.origins.len() {
            // One row per located origin, in origin order.
            if next.next_if_eq(&o).is_some()
                && let Some(pairs) = row.next()
            {
                for (d, cost) in pairs {
                    let (costs, index) = match targets[d as usize].0 {
                        Target::Provider(i) => (&mut providers, i),
                        Target::Candidate(i) => (&mut candidates, i),
                    };
                    costs.destination.push(index);
                    costs.cost.push(cost);
                }
            }
            providers.row_start.push(providers.destination.len());
            candidates.row_start.push(candidates.destination.len());
        }
        let candidates = self.candidates.as_ref().map(|_| candidates);
        (providers, candidates)
    }
}
