//! `monitoring.csv` and `indicators.csv`: each measure of a plan and how far it has come, and
//! each service at the baseline, now and the target.

#![allow(
    clippy::indexing_slicing,
    reason = "rows index the plan's measures and the target's services, which the monitoring was made from"
)]

use polars::prelude::*;

use super::table_err;
use crate::error::Result;
use crate::model::Study;
use crate::monitor::Monitoring;
use crate::scenario::Measure;

/// `measure, label, action, service, id, municipality, planned, baseline, now, progress,
/// status, due`: one row per measure, in the plan's order.
pub fn monitoring_frame(measures: &[Measure], m: &Monitoring) -> Result<DataFrame> {
    let rows = &m.measures;
    let text = |f: &dyn Fn(usize) -> Option<String>| -> Vec<Option<String>> {
        rows.iter().map(|r| f(r.measure)).collect()
    };
    let columns = vec![
        Column::new("measure".into(), text(&|k| measures[k].number.clone())),
        Column::new("label".into(), text(&|k| measures[k].label.clone())),
        Column::new(
            "action".into(),
            rows.iter()
                .map(|r| measures[r.measure].edit.action())
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "service".into(),
            rows.iter().map(|r| r.service.clone()).collect::<Vec<_>>(),
        ),
        Column::new(
            "id".into(),
            rows.iter().map(|r| r.id.clone()).collect::<Vec<_>>(),
        ),
        Column::new(
            "municipality".into(),
            rows.iter()
                .map(|r| r.municipality.clone())
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "planned".into(),
            rows.iter().map(|r| r.planned).collect::<Vec<_>>(),
        ),
        Column::new(
            "baseline".into(),
            rows.iter().map(|r| r.baseline).collect::<Vec<_>>(),
        ),
        Column::new("now".into(), rows.iter().map(|r| r.now).collect::<Vec<_>>()),
        Column::new(
            "progress".into(),
            rows.iter().map(|r| r.progress).collect::<Vec<_>>(),
        ),
        Column::new(
            "status".into(),
            rows.iter().map(|r| r.status.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            "due".into(),
            text(&|k| measures[k].due.as_ref().map(|d| d.as_str().to_string())),
        ),
    ];
    DataFrame::new(rows.len(), columns).map_err(table_err("monitoring"))
}

/// `service, stage, year, need, capacity, supply, gap, unmet, coverage, progress`: each service
/// of the target (`study`) at the baseline, now and the target.
pub fn indicators_frame(study: &Study, m: &Monitoring) -> Result<DataFrame> {
    let rows = &m.indicators;
    let num = |f: &dyn Fn(&crate::monitor::Indicator) -> f64| -> Vec<f64> {
        rows.iter().map(f).collect()
    };
    let columns = vec![
        Column::new(
            "service".into(),
            rows.iter()
                .map(|r| study.services[r.service].id.as_str())
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "stage".into(),
            rows.iter().map(|r| r.stage.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            "year".into(),
            rows.iter().map(|r| r.year).collect::<Vec<_>>(),
        ),
        Column::new("need".into(), num(&|r| r.need)),
        Column::new("capacity".into(), num(&|r| r.capacity)),
        Column::new("supply".into(), num(&|r| r.supply)),
        Column::new("gap".into(), num(&|r| r.gap)),
        Column::new("unmet".into(), num(&|r| r.unmet)),
        Column::new(
            "coverage".into(),
            rows.iter().map(|r| r.coverage).collect::<Vec<_>>(),
        ),
        Column::new(
            "progress".into(),
            rows.iter().map(|r| r.progress).collect::<Vec<_>>(),
        ),
    ];
    DataFrame::new(rows.len(), columns).map_err(table_err("indicators"))
}
