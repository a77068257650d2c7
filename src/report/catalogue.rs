//! The files of `gapmap catalogue`: `catalogue.html` for people, and the same entries as
//! `catalogue.csv`, `catalogue.json` (for a town's web section) and `catalogue.xlsx`.

#![allow(
    clippy::indexing_slicing,
    reason = "indices are positions in the study's own lists (units, origins, services, groups, providers, columns), which load builds together and checks once; tables and maps are built per unit and per service of that study"
)]

use serde::Serialize;

use super::{Outputs, html, tables, workbook};
use crate::catalogue::Catalogue;
use crate::error::{Error, Result};
use crate::model::Study;

/// `catalogue.json`: the chapters, the entries with their fields, and the index.
#[derive(Serialize)]
struct Json<'a> {
    title: &'a str,
    scenario: &'a str,
    made: &'a str,
    chapters: Vec<JsonChapter<'a>>,
    entries: Vec<JsonEntry<'a>>,
    index: Vec<JsonIndex<'a>>,
}

#[derive(Serialize)]
struct JsonChapter<'a> {
    /// The group's id; `null` for the other services.
    group: Option<&'a str>,
    label: &'a str,
    /// The entries printed in this chapter, by number.
    entries: Vec<usize>,
    /// Entries of this group printed in an earlier chapter.
    see_also: Vec<usize>,
}

#[derive(Serialize)]
struct JsonEntry<'a> {
    entry: usize,
    id: &'a str,
    name: &'a str,
    service: &'a str,
    service_label: &'a str,
    form: &'a str,
    provider: &'a str,
    ico: &'a str,
    address: &'a str,
    municipality: Option<&'a str>,
    municipality_name: Option<&'a str>,
    lon: Option<f64>,
    lat: Option<f64>,
    capacity: f64,
    unit: Option<&'a str>,
    target_groups: &'a [String],
    age_groups: &'a [String],
    phone: &'a [String],
    email: &'a [String],
    web: &'a [String],
    serves: Vec<&'a str>,
    secret_address: bool,
}

#[derive(Serialize)]
struct JsonIndex<'a> {
    unit_id: &'a str,
    unit_name: &'a str,
    entries: Vec<usize>,
}

/// Renders the catalogue's four files.
pub fn render_catalogue(study: &Study, cat: &Catalogue, meta: &html::Meta) -> Result<Outputs> {
    let frame = tables::catalogue_frame(study, cat)?;
    let empty: &[String] = &[];
    let title = meta.title.as_deref().unwrap_or(study.name.as_str());
    let other = match meta.lang {
        crate::report::number::Lang::Cs => "Další služby",
        crate::report::number::Lang::En => "Other services",
    };
    let json = Json {
        title,
        scenario: study.name.as_str(),
        made: &meta.day,
        chapters: cat
            .chapters
            .iter()
            .map(|c| JsonChapter {
                group: c.group.map(|g| study.groups[g].id.as_str()),
                label: c.group.map_or(other, |g| study.groups[g].label.as_str()),
                entries: c.entries.iter().map(|e| e + 1).collect(),
                see_also: c.see_also.iter().map(|e| e + 1).collect(),
            })
            .collect(),
        entries: cat
            .entries
            .iter()
            .enumerate()
            .map(|(k, e)| {
                let p = &study.providers[e.provider];
                let service = &study.services[p.service];
                let l = p.listing.as_deref();
                JsonEntry {
                    entry: k + 1,
                    id: &p.id,
                    name: &p.name,
                    service: &service.id,
                    service_label: &service.label,
                    form: l.and_then(|l| l.form).unwrap_or(service.form).id(),
                    provider: l.map_or("", |l| l.provider.as_str()),
                    ico: l.map_or("", |l| l.ico.as_str()),
                    address: l.filter(|_| !e.secret).map_or("", |l| l.address.as_str()),
                    municipality: e.municipality.map(|u| study.units[u].id.as_str()),
                    municipality_name: e.municipality.map(|u| study.units[u].name.as_str()),
                    lon: e.location.map(|p| p.lon()),
                    lat: e.location.map(|p| p.lat()),
                    capacity: p.capacity.get(),
                    unit: l.and_then(|l| l.unit.as_deref()),
                    target_groups: l.map_or(empty, |l| &l.target_groups),
                    age_groups: l.map_or(empty, |l| &l.age_groups),
                    phone: l.map_or(empty, |l| &l.phones),
                    email: l.map_or(empty, |l| &l.emails),
                    web: l.map_or(empty, |l| &l.webs),
                    serves: e
                        .serves
                        .iter()
                        .map(|&u| study.units[u].id.as_str())
                        .collect(),
                    secret_address: e.secret,
                }
            })
            .collect(),
        index: cat
            .index
            .iter()
            .map(|(u, entries)| JsonIndex {
                unit_id: &study.units[*u].id,
                unit_name: &study.units[*u].name,
                entries: entries.iter().map(|e| e + 1).collect(),
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&json).map_err(|e| Error::Table {
        path: "catalogue.json".into(),
        message: e.to_string(),
    })?;
    text.push('\n');
    let book = workbook::workbook(
        "catalogue.xlsx",
        &[("catalogue", &frame)],
        &meta.day,
        meta.lang,
        &[],
    )?;
    let mut out = Outputs::default();
    out.add(
        "catalogue.html",
        html::catalogue(study, cat, meta).into_bytes(),
    );
    out.add("catalogue.csv", tables::csv(&frame, "catalogue.csv")?);
    out.add("catalogue.json", text.into_bytes());
    out.add("catalogue.xlsx", book);
    Ok(out)
}
