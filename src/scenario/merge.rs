//! A chain of scenarios: paths rebased to the file that holds them, then a variant merged over
//! its base, key by key.

use std::path::Path;

use super::*;

/// Makes the paths of a base scenario (relative to `from`) valid from `to`.
pub(super) fn rebase(raw: &mut RawScenario, from: &Path, to: &Path) {
    if from == to {
        return;
    }
    let fix = |p: &mut String| {
        let joined = from.join(&*p);
        *p = std::path::absolute(&joined)
            .unwrap_or(joined)
            .to_string_lossy()
            .into_owned();
    };
    let i = &mut raw.inputs;
    for p in [
        &mut i.municipalities,
        &mut i.population,
        &mut i.providers,
        &mut i.demand_points,
        &mut i.costs,
        &mut i.roads,
    ]
    .into_iter()
    .flatten()
    .chain(raw.horizon.as_mut().and_then(|h| h.projection.as_mut()))
    .chain(i.gtfs.iter_mut().flat_map(RawFeeds::paths_mut))
    {
        fix(p);
    }
    for service in raw.services.values_mut() {
        for norm in service.need.iter_mut().flatten() {
            // With `question`, `survey` names a questionnaire, not a file.
            if let Some(p) = norm.survey.as_mut().filter(|_| norm.question.is_none()) {
                fix(p);
            }
        }
    }
    for survey in raw.surveys.values_mut() {
        if let Some(p) = &mut survey.file {
            fix(p);
        }
    }
}

/// `over` on top of `base`: a key given in `over` wins; tables of groups and services merge
/// entry by entry and field by field; changes add up, the base's first.
pub(super) fn merge(base: RawScenario, over: RawScenario) -> RawScenario {
    let inputs = RawInputs {
        municipalities: over.inputs.municipalities.or(base.inputs.municipalities),
        population: over.inputs.population.or(base.inputs.population),
        providers: over.inputs.providers.or(base.inputs.providers),
        demand_points: over.inputs.demand_points.or(base.inputs.demand_points),
        costs: over.inputs.costs.or(base.inputs.costs),
        roads: over.inputs.roads.or(base.inputs.roads),
        gtfs: over.inputs.gtfs.or(base.inputs.gtfs),
        id_field: over.inputs.id_field.or(base.inputs.id_field),
        name_field: over.inputs.name_field.or(base.inputs.name_field),
        population_year: over.inputs.population_year.or(base.inputs.population_year),
    };
    // An entry the base has keeps its place; a new one comes after the base's.
    let mut groups = base.groups;
    for (id, g) in over.groups {
        match groups.get_mut(&id) {
            None => {
                groups.insert(id, g);
            }
            Some(b) => {
                b.label = g.label.or(b.label.take());
                b.columns = g.columns.or(b.columns.take());
                b.share = g.share.or(b.share);
            }
        }
    }
    let mut services = base.services;
    for (id, s) in over.services {
        match services.get_mut(&id) {
            None => {
                services.insert(id, s);
            }
            Some(b) => {
                b.label = s.label.or(b.label.take());
                b.form = s.form.or(b.form.take());
                b.catchment = s.catchment.or(b.catchment);
                b.decay = s.decay.or(b.decay.take());
                b.need = s.need.or(b.need.take());
                b.method = s.method.or(b.method.take());
            }
        }
    }
    let priorities = match (base.priorities, over.priorities) {
        (None, p) | (p, None) => p,
        (Some(mut b), Some(o)) => {
            b.weights.extend(o.weights);
            Some(b)
        }
    };
    let mut tagged = base.tagged;
    tagged.extend(over.tagged);
    RawScenario {
        name: over.name.or(base.name),
        description: over.description.or(base.description),
        base: None,
        inputs,
        groups,
        services,
        method: over.method.or(base.method),
        changes: Vec::new(),
        priorities,
        // A source the variant names replaces the base's.
        sources: {
            let mut sources = base.sources;
            sources.extend(over.sources);
            sources
        },
        // A questionnaire the variant gives replaces the base's of that id.
        surveys: {
            let mut surveys = base.surveys;
            for (id, s) in over.surveys {
                surveys.insert(id, s);
            }
            surveys
        },
        travel: match (base.travel, over.travel) {
            (None, t) | (t, None) => t,
            (Some(b), Some(o)) => Some(RawTravel {
                mode: o.mode.or(b.mode),
                date: o.date.or(b.date),
                window: o.window.or(b.window),
                percentile: o.percentile.or(b.percentile),
                walk_kmh: o.walk_kmh.or(b.walk_kmh),
                max_walk_m: o.max_walk_m.or(b.max_walk_m),
                transfer_walk_m: o.transfer_walk_m.or(b.transfer_walk_m),
                transfer_minutes: o.transfer_minutes.or(b.transfer_minutes),
                max_transfers: o.max_transfers.or(b.max_transfers),
            }),
        },
        horizon: match (base.horizon, over.horizon) {
            (None, h) | (h, None) => h,
            (Some(b), Some(o)) => Some(RawHorizon {
                year: o.year.or(b.year),
                projection: o.projection.or(b.projection),
            }),
        },
        tagged,
    }
}
