//! Tables as polars frames, written as CSV, Parquet and the sheets of a workbook: `gaps`,
//! `summary`, `priorities`, `profile` and `comparison` here, the others beside them.
//!
//! One frame serves both formats, so the CSV and the Parquet file always hold the same rows.
//! Ids are text, exactly as read; `coverage` and `nearest` are null (an empty CSV cell) where
//! they have no value.

#![allow(
    clippy::indexing_slicing,
    reason = "indices are positions in the study's own lists (units, origins, services, groups, providers, columns), which load builds together and checks once; tables and maps are built per unit and per service of that study"
)]

use polars::prelude::*;

mod catalogue;
mod monitoring;
mod projection;
mod site;
mod surveys;
pub use catalogue::catalogue_frame;
pub use monitoring::{indicators_frame, monitoring_frame};
pub use projection::projection_frame;
pub use site::{candidates_frame, sites_frame};
pub use surveys::surveys_frame;

use super::number::significant;
use crate::compare::Compared;
use crate::error::{Error, Result};
use crate::gap::{Findings, Priority, ServiceSummary, UnitGap};
use crate::model::{Costs, Study};

pub(crate) fn table_err(name: &str) -> impl Fn(PolarsError) -> Error + '_ {
    move |e| Error::Table {
        path: name.into(),
        message: e.to_string(),
    }
}

/// `frame` with the service's label (`service_label`) beside its id (`service`), for a
/// workbook a planner reads; a frame without `service` is returned as it is.
pub fn labelled(frame: &DataFrame, study: &Study) -> Result<DataFrame> {
    let Ok(ids) = frame.column("service").and_then(|c| c.str().cloned()) else {
        return Ok(frame.clone());
    };
    let labels: Vec<Option<&str>> = ids
        .iter()
        .map(|id| {
            id.and_then(|id| study.services.iter().find(|s| s.id == id))
                .map(|s| s.label.as_str())
        })
        .collect();
    let at = frame
        .get_column_index("service")
        .map_or(frame.width(), |i| i + 1);
    let mut out = frame.clone();
    out.insert_column(at, Column::new("service_label".into(), labels))
        .map_err(table_err("service_label"))?;
    Ok(out)
}

/// `gaps`: one row per unit × service.
pub fn gaps_frame(study: &Study, gaps: &[UnitGap]) -> Result<DataFrame> {
    fn text<'a>(gaps: &'a [UnitGap], f: impl Fn(&'a UnitGap) -> &'a str) -> Vec<&'a str> {
        gaps.iter().map(f).collect()
    }
    let num = |f: &dyn Fn(&UnitGap) -> f64| -> Vec<f64> { gaps.iter().map(f).collect() };
    let scenario = study.name.as_str();
    let mut columns = vec![Column::new("scenario".into(), text(gaps, |_| scenario))];
    columns.extend(year_column(study, gaps.len()));
    columns.extend([
        Column::new("unit_id".into(), text(gaps, |g| &study.units[g.unit].id)),
        Column::new(
            "unit_name".into(),
            text(gaps, |g| &study.units[g.unit].name),
        ),
        Column::new(
            "service".into(),
            text(gaps, |g| &study.services[g.service].id),
        ),
        Column::new("need".into(), num(&|g| g.need)),
        Column::new("supply".into(), num(&|g| g.supply)),
        Column::new("gap".into(), num(&|g| g.gap)),
        Column::new(
            "coverage".into(),
            gaps.iter().map(|g| g.coverage).collect::<Vec<_>>(),
        ),
        Column::new(
            "accessibility".into(),
            gaps.iter().map(|g| g.accessibility).collect::<Vec<_>>(),
        ),
        Column::new(
            "nearest".into(),
            gaps.iter().map(|g| g.nearest).collect::<Vec<_>>(),
        ),
        Column::new(
            "reachable".into(),
            gaps.iter().map(|g| g.reachable as u32).collect::<Vec<_>>(),
        ),
        Column::new(
            "in_region".into(),
            gaps.iter()
                .map(|g| study.units[g.unit].in_region)
                .collect::<Vec<_>>(),
        ),
    ]);
    // With a survey, the need's 95 % interval and the gap's that follows from it (supply held
    // at the estimate); exact norms give need_low = need_high = need.
    if study
        .services
        .iter()
        .any(|s| s.need.iter().any(|n| n.survey.is_some()))
    {
        let bound = |g: &UnitGap, high: bool| {
            g.need_interval
                .map_or(g.need, |(l, h)| if high { h } else { l })
        };
        columns.push(Column::new("need_low".into(), num(&|g| bound(g, false))));
        columns.push(Column::new("need_high".into(), num(&|g| bound(g, true))));
        columns.push(Column::new(
            "gap_low".into(),
            num(&|g| bound(g, false) - g.supply + 0.0),
        ));
        columns.push(Column::new(
            "gap_high".into(),
            num(&|g| bound(g, true) - g.supply + 0.0),
        ));
    }
    DataFrame::new(gaps.len(), columns).map_err(table_err("gaps"))
}

/// `priorities`: every unit × service with a positive gap, most urgent first.
pub fn priorities_frame(study: &Study, rows: &[Priority]) -> Result<DataFrame> {
    let mut columns = vec![Column::new(
        "rank".into(),
        rows.iter().map(|r| r.rank as u32).collect::<Vec<_>>(),
    )];
    columns.extend(year_column(study, rows.len()));
    columns.extend([
        Column::new(
            "unit_id".into(),
            rows.iter()
                .map(|r| study.units[r.unit].id.as_str())
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "unit_name".into(),
            rows.iter()
                .map(|r| study.units[r.unit].name.as_str())
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "service".into(),
            rows.iter()
                .map(|r| study.services[r.service].id.as_str())
                .collect::<Vec<_>>(),
        ),
        Column::new("gap".into(), rows.iter().map(|r| r.gap).collect::<Vec<_>>()),
        Column::new(
            "score".into(),
            rows.iter().map(|r| r.score).collect::<Vec<_>>(),
        ),
    ]);
    DataFrame::new(rows.len(), columns).map_err(table_err("priorities"))
}

/// `comparison`: one row per unit × service, with `<scenario>_need`, `_supply` and `_gap` per
/// scenario and `delta_gap_<scenario>` for every scenario after the first.
pub fn comparison_frame(studies: &[&Study], rows: &[Compared]) -> Result<DataFrame> {
    let first = studies[0];
    let mut columns = vec![
        Column::new(
            "unit_id".into(),
            rows.iter()
                .map(|r| first.units[r.unit].id.as_str())
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "unit_name".into(),
            rows.iter()
                .map(|r| first.units[r.unit].name.as_str())
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "service".into(),
            rows.iter()
                .map(|r| first.services[r.service].id.as_str())
                .collect::<Vec<_>>(),
        ),
    ];
    for (s, study) in studies.iter().enumerate() {
        let name = study.name.as_str();
        columns.push(Column::new(
            format!("{name}_need").into(),
            rows.iter().map(|r| r.need[s]).collect::<Vec<_>>(),
        ));
        columns.push(Column::new(
            format!("{name}_supply").into(),
            rows.iter().map(|r| r.supply[s]).collect::<Vec<_>>(),
        ));
        columns.push(Column::new(
            format!("{name}_gap").into(),
            rows.iter().map(|r| r.gap[s]).collect::<Vec<_>>(),
        ));
    }
    for (s, study) in studies.iter().enumerate().skip(1) {
        columns.push(Column::new(
            format!("delta_gap_{}", study.name.as_str()).into(),
            rows.iter().map(|r| r.delta_gap(s)).collect::<Vec<_>>(),
        ));
    }
    DataFrame::new(rows.len(), columns).map_err(table_err("comparison"))
}

/// `summary`: one row per service.
pub fn summary_frame(study: &Study, rows: &[ServiceSummary]) -> Result<DataFrame> {
    let num = |f: &dyn Fn(&ServiceSummary) -> f64| -> Vec<f64> { rows.iter().map(f).collect() };
    let mut columns = vec![Column::new(
        "scenario".into(),
        rows.iter().map(|_| study.name.as_str()).collect::<Vec<_>>(),
    )];
    columns.extend(year_column(study, rows.len()));
    columns.extend([
        Column::new(
            "service".into(),
            rows.iter()
                .map(|r| study.services[r.service].id.as_str())
                .collect::<Vec<_>>(),
        ),
        Column::new("need".into(), num(&|r| r.need)),
        Column::new("capacity".into(), num(&|r| r.capacity)),
        Column::new("supply".into(), num(&|r| r.supply)),
        Column::new("gap".into(), num(&|r| r.gap)),
        Column::new("unmet".into(), num(&|r| r.unmet)),
        Column::new("surplus".into(), num(&|r| r.surplus)),
        Column::new(
            "coverage".into(),
            rows.iter().map(|r| r.coverage).collect::<Vec<_>>(),
        ),
        Column::new("need_out_of_reach".into(), num(&|r| r.need_out_of_reach)),
        Column::new(
            "need_out_of_reach_share".into(),
            rows.iter()
                .map(|r| r.need_out_of_reach_share)
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "accessibility_gini".into(),
            rows.iter()
                .map(|r| r.accessibility_gini)
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "method".into(),
            rows.iter()
                .map(|r| study.services[r.service].method.name())
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "providers".into(),
            rows.iter().map(|r| r.providers as u32).collect::<Vec<_>>(),
        ),
    ]);
    DataFrame::new(rows.len(), columns).map_err(table_err("summary"))
}

/// `profile`: the socio-demographic profile, one row per unit.
pub fn profile_frame(study: &Study, rows: &[crate::profile::ProfileRow]) -> Result<DataFrame> {
    use crate::profile::ProfileRow;
    let num = |f: &dyn Fn(&ProfileRow) -> f64| -> Vec<f64> { rows.iter().map(f).collect() };
    let opt = |f: &dyn Fn(&ProfileRow) -> Option<f64>| -> Vec<Option<f64>> {
        rows.iter().map(f).collect()
    };
    let unit = |r: &ProfileRow| &study.units[r.unit];
    let columns = vec![
        Column::new(
            "unit_id".into(),
            rows.iter().map(|r| unit(r).id.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            "unit_name".into(),
            rows.iter()
                .map(|r| unit(r).name.as_str())
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "in_region".into(),
            rows.iter().map(|r| unit(r).in_region).collect::<Vec<_>>(),
        ),
        Column::new("total".into(), num(&|r| r.total)),
        Column::new("age_0_14".into(), num(&|r| r.age_0_14)),
        Column::new("age_15_64".into(), num(&|r| r.age_15_64)),
        Column::new("age_65_plus".into(), num(&|r| r.age_65_plus)),
        Column::new("age_80_plus".into(), num(&|r| r.age_80_plus)),
        Column::new("ageing_index".into(), opt(&|r| r.ageing_index)),
        Column::new("share_65_plus".into(), opt(&|r| r.share_65_plus)),
        Column::new("area_km2".into(), opt(&|r| r.area_km2)),
        Column::new("density".into(), opt(&|r| r.density)),
    ];
    DataFrame::new(rows.len(), columns).map_err(table_err("profile"))
}

/// `year`, the horizon's, for a study with one: the tables of a plan's horizon say their year.
fn year_column(study: &Study, rows: usize) -> Option<Column> {
    study
        .year()
        .map(|y| Column::new("year".into(), vec![y; rows]))
}

/// `summary` of several scenarios, one below the other: a row per scenario × service.
pub fn stacked_summary_frame(studies: &[&Study], findings: &[&Findings]) -> Result<DataFrame> {
    let mut frames = studies
        .iter()
        .zip(findings)
        .map(|(study, f)| summary_frame(study, &f.summaries))
        .collect::<Result<Vec<_>>>()?;
    // Today beside a horizon: the one without a year gets an empty `year`.
    if frames.iter().any(|f| f.column("year").is_ok()) {
        for f in frames.iter_mut().filter(|f| f.column("year").is_err()) {
            let empty = Column::full_null("year".into(), f.height(), &DataType::UInt32);
            f.insert_column(1, empty).map_err(table_err("summary"))?;
        }
    }
    let mut frames = frames.into_iter();
    let mut stacked = frames.next().unwrap_or_default();
    for more in frames {
        stacked.vstack_mut(&more).map_err(table_err("summary"))?;
    }
    Ok(stacked)
}

/// The frame as CSV: a header, `,` between fields, LF line ends, null as an empty cell, and
/// numbers to 10 significant digits, so that a person sees 70, not 69.99999999999999.
pub fn csv(frame: &DataFrame, name: &str) -> Result<Vec<u8>> {
    let rounded: Vec<Column> = frame
        .columns()
        .iter()
        .map(|c| match c.f64() {
            Ok(x) => x.apply_values(super::number::significant).into_column(),
            Err(_) => c.clone(),
        })
        .collect();
    let mut frame = DataFrame::new(frame.height(), rounded).map_err(table_err(name))?;
    let mut buf = Vec::new();
    CsvWriter::new(&mut buf)
        .include_header(true)
        .finish(&mut frame)
        .map_err(table_err(name))?;
    Ok(buf)
}

/// The frame as Parquet (zstd, polars' default).
pub fn parquet(frame: &mut DataFrame, name: &str) -> Result<Vec<u8>> {
    let mut buf = Vec::new();
    ParquetWriter::new(&mut buf)
        .finish(frame)
        .map_err(table_err(name))?;
    Ok(buf)
}

/// The study's cost matrix as `origin,destination,cost`, the format `[inputs] costs` reads:
/// origin ids, provider ids, costs as held (minutes to 0.01 with roads). Rows by origin, then
/// by provider, as the matrix holds them.
///
/// ```
/// use gapmap::model::Costs;
/// let costs = Costs { row_start: vec![0, 1], destination: vec![0], cost: vec![12.35] };
/// let text = gapmap::report::tables::costs_csv(&["M1"], &["P1"], &costs);
/// assert_eq!(String::from_utf8(text).unwrap(), "origin,destination,cost\nM1,P1,12.35\n");
/// ```
pub fn costs_csv(origins: &[&str], destinations: &[&str], costs: &Costs) -> Vec<u8> {
    use std::fmt::Write as _;
    let mut out = String::from("origin,destination,cost\n");
    for (o, origin) in origins.iter().enumerate() {
        for (d, cost) in costs.row(o) {
            let _ = writeln!(
                out,
                "{},{},{}",
                csv_field(origin),
                csv_field(destinations[d as usize]),
                significant(cost)
            );
        }
    }
    out.into_bytes()
}

/// A field as CSV writes it: quoted when it holds a separator (`,` or the `;` that lists
/// use), a quote or a line end.
pub(crate) fn csv_field(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains([',', ';', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\"")).into()
    } else {
        s.into()
    }
}
