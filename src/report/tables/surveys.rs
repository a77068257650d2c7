//! `surveys`: what each questionnaire gave, one row per survey × question for the region (an
//! empty `unit_id`), then one per municipality of the region.

#![allow(
    clippy::indexing_slicing,
    reason = "indices are positions in the study's own lists (units, origins, services, groups, providers, columns), which load builds together and checks once; tables and maps are built per unit and per service of that study"
)]

use polars::prelude::*;

use super::table_err;
use crate::error::Result;
use crate::model::Study;
use crate::questionnaire::Estimate;

/// One row of `surveys`.
struct Row<'a> {
    survey: &'a str,
    question: &'a str,
    unit_id: &'a str,
    unit_name: &'a str,
    people: f64,
    respondents: usize,
    estimate: Estimate,
}

/// `surveys`: the columns of the README's questionnaire section; `share_low` and `share_high`
/// equal `share` when everyone answered (no interval).
pub fn surveys_frame(study: &Study) -> Result<DataFrame> {
    let mut rows = Vec::new();
    for s in &study.questionnaires {
        let region: Vec<usize> = (0..study.units.len())
            .filter(|&u| study.units[u].in_region)
            .collect();
        for q in &s.questions {
            rows.push(Row {
                survey: &s.id,
                question: &q.id,
                unit_id: "",
                unit_name: "(region)",
                people: region.iter().map(|&u| s.people[u]).sum(),
                respondents: region.iter().map(|&u| s.respondents[u]).sum(),
                estimate: q.estimates.region,
            });
            for &u in &region {
                let Some(estimate) = q.estimates.units[u] else {
                    continue;
                };
                rows.push(Row {
                    survey: &s.id,
                    question: &q.id,
                    unit_id: &study.units[u].id,
                    unit_name: &study.units[u].name,
                    people: s.people[u],
                    respondents: s.respondents[u],
                    estimate,
                });
            }
        }
    }
    let text = |f: &dyn Fn(&Row) -> String| -> Vec<String> { rows.iter().map(f).collect() };
    let count =
        |f: &dyn Fn(&Row) -> usize| -> Vec<u32> { rows.iter().map(|r| f(r) as u32).collect() };
    let share = |f: &dyn Fn(&Estimate) -> f64| -> Vec<f64> {
        rows.iter().map(|r| f(&r.estimate)).collect()
    };
    let columns = vec![
        Column::new("survey".into(), text(&|r| r.survey.to_string())),
        Column::new("question".into(), text(&|r| r.question.to_string())),
        // The region's row has no unit: an empty cell.
        Column::new(
            "unit_id".into(),
            rows.iter()
                .map(|r| (!r.unit_id.is_empty()).then_some(r.unit_id))
                .collect::<Vec<_>>(),
        ),
        Column::new("unit_name".into(), text(&|r| r.unit_name.to_string())),
        Column::new(
            "people".into(),
            rows.iter().map(|r| r.people).collect::<Vec<_>>(),
        ),
        Column::new("respondents".into(), count(&|r| r.respondents)),
        Column::new("answered".into(), count(&|r| r.estimate.answered)),
        Column::new("yes".into(), count(&|r| r.estimate.yes)),
        Column::new("share".into(), share(&|e| e.share)),
        Column::new(
            "share_low".into(),
            share(&|e| e.interval.map_or(e.share, |i| i.0)),
        ),
        Column::new(
            "share_high".into(),
            share(&|e| e.interval.map_or(e.share, |i| i.1)),
        ),
        Column::new(
            "source".into(),
            rows.iter()
                .map(|r| r.estimate.source.name())
                .collect::<Vec<_>>(),
        ),
    ];
    DataFrame::new(rows.len(), columns).map_err(table_err("surveys"))
}
