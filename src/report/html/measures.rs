//! The scenario's changes as a plan lists its measures (opatření): the plan's number, its label,
//! what it changes in words, and its due date. The run report and the monitoring report share
//! the words.

#![allow(
    clippy::indexing_slicing,
    reason = "indices are positions in the study's own lists (services, groups), which load builds together and checks once"
)]

use maud::{Markup, html};

use super::*;
use crate::model::Study;
use crate::scenario::{Edit, Measure};

/// What a change does, in words: "nový poskytovatel Denní stacionář Bechyně: Denní stacionáře,
/// 15 klientů".
pub(super) fn describe(study: &Study, edit: &Edit, meta: &Meta) -> String {
    let lang = meta.lang;
    let service = |id: &str| {
        study
            .services
            .iter()
            .position(|s| s.id == id)
            .map_or(id.to_string(), |s| study.services[s].label.clone())
    };
    // A provider by its name, also one that a change closed.
    let provider = |id: &str| {
        study
            .providers
            .iter()
            .map(|p| (&p.id, &p.name))
            .chain(study.closed.iter().map(|(id, name)| (id, name)))
            .find(|(p, _)| *p == id)
            .map_or(id.to_string(), |(_, name)| name.clone())
    };
    let group = |id: &str| {
        study
            .groups
            .iter()
            .find(|g| g.id == id)
            .map_or(id.to_string(), |g| g.label.clone())
    };
    let capacity = |service_id: Option<&str>, c: f64| match service_id
        .and_then(|id| study.services.iter().position(|s| s.id == id))
    {
        Some(s) => count_of(c, service_noun(study, lang, s), lang),
        None => count(c, lang),
    };
    let service_of = |id: &str| {
        study
            .providers
            .iter()
            .find(|p| p.id == id)
            .map(|p| study.services[p.service].id.clone())
    };
    match edit {
        Edit::AddProvider {
            id,
            service: s,
            capacity: c,
            name,
            ..
        } => format!(
            "{} {}: {}, {}",
            t(lang, "nový poskytovatel", "new provider"),
            name.as_deref().unwrap_or(id),
            service(s),
            capacity(Some(s), *c)
        ),
        Edit::RemoveProvider { id } => format!(
            "{} {}",
            t(lang, "zrušení poskytovatele", "provider closed:"),
            provider(id)
        ),
        Edit::SetCapacity { id, capacity: c } => format!(
            "{} {}: {}",
            t(lang, "nová kapacita poskytovatele", "new capacity of"),
            provider(id),
            capacity(service_of(id).as_deref(), *c)
        ),
        Edit::ScaleGroup { group: g, factor } => format!(
            "{} {}: × {}",
            t(lang, "počet osob skupiny", "people of the group"),
            group(g),
            format(*factor, 2, lang)
        ),
        Edit::SetNeed {
            service: s,
            group: g,
            per_1000,
        } => format!(
            "{} {} {} {}: {} {}",
            t(lang, "normativ služby", "the norm of"),
            service(s),
            t(lang, "pro skupinu", "for"),
            group(g),
            format(*per_1000, 1, lang),
            t(lang, "na 1 000 osob", "per 1,000 people")
        ),
        Edit::SetCatchment {
            service: s,
            catchment,
        } => format!(
            "{} {}: {} {}",
            t(lang, "dosah služby", "the catchment of"),
            service(s),
            format(*catchment, 1, lang),
            distance_unit(&meta.distance, lang)
        ),
    }
}

/// A due date as people read it: "31. 12. 2025".
pub(super) fn due(measure: &Measure, lang: Lang) -> String {
    measure
        .due
        .as_ref()
        .map_or_else(String::new, |d| date(d.as_str(), lang))
}

/// The table of the scenario's changes; nothing when it has none.
pub(super) fn changes_table(study: &Study, meta: &Meta) -> Markup {
    let lang = meta.lang;
    let numbered = meta
        .changes
        .iter()
        .any(|m| m.number.is_some() || m.label.is_some() || m.due.is_some());
    html! {
        @if !meta.changes.is_empty() {
            h3 { (if numbered { t(lang, "Opatření plánu", "The plan's measures") } else { t(lang, "Změny scénáře", "The scenario's changes") }) }
            table class="measures" {
                thead { tr {
                    @if numbered {
                        th { (t(lang, "Opatření", "Measure")) }
                        th { (t(lang, "Název", "Label")) }
                    }
                    th { (t(lang, "Změna", "Change")) }
                    @if numbered { th { (t(lang, "Termín", "Due")) } }
                } }
                tbody {
                    @for m in &meta.changes {
                        tr {
                            @if numbered {
                                td { (m.number.as_deref().unwrap_or("")) }
                                td { (m.label.as_deref().unwrap_or("")) }
                            }
                            td { (describe(study, &m.edit, meta)) }
                            @if numbered { td class="num" { (due(m, lang)) } }
                        }
                    }
                }
            }
        }
    }
}
