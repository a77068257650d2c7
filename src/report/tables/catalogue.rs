//! `catalogue`: the plan's public catalogue of services, one row per entry.

#![allow(
    clippy::indexing_slicing,
    reason = "indices are positions in the study's own lists (units, origins, services, groups, providers, columns), which load builds together and checks once; tables and maps are built per unit and per service of that study"
)]

use polars::prelude::*;

use super::table_err;
use crate::error::Result;
use crate::model::{LonLat, Study};

/// `catalogue`: one row per entry of the public catalogue, in its order. A secret address has no
/// address, municipality, coordinates or municipalities served.
pub fn catalogue_frame(study: &Study, cat: &crate::catalogue::Catalogue) -> Result<DataFrame> {
    let entries = &cat.entries;
    let provider = |e: &crate::catalogue::Entry| &study.providers[e.provider];
    let listing = |e: &crate::catalogue::Entry| provider(e).listing.as_deref();
    let text = |f: &dyn Fn(&crate::catalogue::Entry) -> String| -> Vec<String> {
        entries.iter().map(f).collect()
    };
    let joined = |f: &dyn Fn(&crate::model::Listing) -> &Vec<String>| -> Vec<String> {
        entries
            .iter()
            .map(|e| listing(e).map(|l| f(l).join("; ")).unwrap_or_default())
            .collect()
    };
    let place = |e: &crate::catalogue::Entry, f: &dyn Fn(LonLat) -> f64| e.location.map(f);
    let columns = vec![
        Column::new(
            "entry".into(),
            (1..=entries.len() as u32).collect::<Vec<_>>(),
        ),
        Column::new("id".into(), text(&|e| provider(e).id.clone())),
        Column::new("name".into(), text(&|e| provider(e).name.clone())),
        Column::new(
            "service".into(),
            text(&|e| study.services[provider(e).service].id.clone()),
        ),
        Column::new(
            "service_label".into(),
            text(&|e| study.services[provider(e).service].label.clone()),
        ),
        Column::new(
            "form".into(),
            text(&|e| {
                listing(e)
                    .and_then(|l| l.form)
                    .unwrap_or(study.services[provider(e).service].form)
                    .id()
                    .to_string()
            }),
        ),
        Column::new(
            "provider".into(),
            text(&|e| listing(e).map(|l| l.provider.clone()).unwrap_or_default()),
        ),
        Column::new(
            "ico".into(),
            text(&|e| listing(e).map(|l| l.ico.clone()).unwrap_or_default()),
        ),
        Column::new(
            "address".into(),
            text(&|e| match listing(e) {
                Some(l) if !e.secret => l.address.clone(),
                _ => String::new(),
            }),
        ),
        Column::new(
            "municipality".into(),
            text(&|e| {
                e.municipality
                    .map(|u| study.units[u].id.clone())
                    .unwrap_or_default()
            }),
        ),
        Column::new(
            "municipality_name".into(),
            text(&|e| {
                e.municipality
                    .map(|u| study.units[u].name.clone())
                    .unwrap_or_default()
            }),
        ),
        Column::new(
            "lon".into(),
            entries
                .iter()
                .map(|e| place(e, &|p| p.lon()))
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "lat".into(),
            entries
                .iter()
                .map(|e| place(e, &|p| p.lat()))
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "capacity".into(),
            entries
                .iter()
                .map(|e| provider(e).capacity.get())
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "unit".into(),
            text(&|e| listing(e).and_then(|l| l.unit.clone()).unwrap_or_default()),
        ),
        Column::new("target_groups".into(), joined(&|l| &l.target_groups)),
        Column::new("age_groups".into(), joined(&|l| &l.age_groups)),
        Column::new("phone".into(), joined(&|l| &l.phones)),
        Column::new("email".into(), joined(&|l| &l.emails)),
        Column::new("web".into(), joined(&|l| &l.webs)),
        Column::new(
            "serves".into(),
            text(&|e| {
                e.serves
                    .iter()
                    .map(|&u| study.units[u].id.as_str())
                    .collect::<Vec<_>>()
                    .join(";")
            }),
        ),
        Column::new(
            "chapters".into(),
            text(&|e| {
                e.chapters
                    .iter()
                    .map(|&c| match cat.chapters[c].group {
                        Some(g) => study.groups[g].id.as_str(),
                        None => "other",
                    })
                    .collect::<Vec<_>>()
                    .join(";")
            }),
        ),
        Column::new(
            "secret_address".into(),
            entries.iter().map(|e| e.secret).collect::<Vec<_>>(),
        ),
    ];
    DataFrame::new(entries.len(), columns).map_err(table_err("catalogue"))
}
