//! The report of `compare`: the scenarios side by side, with small-multiple maps that share
//! one extent and one set of classes, a difference map on a diverging scale centred on 0 for
//! each later scenario, and a table of totals and deltas per service.

#![allow(
    clippy::indexing_slicing,
    reason = "indices are positions in the study's own lists (units, origins, services, groups, providers, columns), which load builds together and checks once; tables and maps are built per unit and per service of that study"
)]

use maud::{Markup, html};

use super::*;
use crate::compare::Compared;
use crate::gap::Findings;
use crate::model::Study;

/// The report of a comparison; `studies` and `findings` in the order compared, `rows` as
/// `compare` lined them up (unit-major, the first scenario's units and services).
pub fn compare(
    studies: &[&Study],
    findings: &[&Findings],
    rows: &[Compared],
    meta: &Meta,
) -> String {
    let lang = meta.lang;
    let first = studies[0];
    let frame = Frame::new(first);
    let names: Vec<&str> = studies.iter().map(|s| s.name.as_str()).collect();
    let title = format!(
        "{} – {}",
        t(lang, "Srovnání scénářů", "Scenarios compared"),
        names.join(", ")
    );
    let sections = [
        ("souhrn", t(lang, "Souhrn a rozdíly", "Totals and deltas")),
        ("mapy", t(lang, "Mapy podle služeb", "Maps by service")),
        ("metodika", t(lang, "Metodika", "Method")),
    ];
    let lede = html! {
        (t(lang, "Scénáře téhož území", "Scenarios of one area")) ": " (studies.len()) "; "
        (t(lang, "první je výchozí", "the first is the reference")) ": " strong { (names[0]) } "."
    };
    let body = html! {
        section id=(sections[0].0) {
            h2 { "1. " (sections[0].1) }
            p { (t(lang,
                "Δ je změna proti výchozímu scénáři: záporná je zlepšení (méně nenaplněné potřeby), kladná zhoršení.",
                "Δ is the change against the reference: negative is better (less unmet need), positive is worse."
            )) }
            (totals(studies, findings, lang))
        }
        section id=(sections[1].0) {
            h2 { "2. " (sections[1].1) }
            @for part in per_service(first, |s| service_maps(studies, rows, &frame, lang, s)) {
                (part)
            }
        }
        section id=(sections[2].0) {
            h2 { "3. " (sections[2].1) }
            p { (t(lang,
                "Malé mapy jednoho řádku mají stejný výřez a stejné třídy, takže barvy lze porovnat přímo. Mapa rozdílu ukazuje změnu rozdílu potřeby a dostupné kapacity proti výchozímu scénáři na škále souměrné kolem nuly: modře obce, které si polepšily, červeně ty, které si pohoršily.",
                "The small maps of a row share one extent and one set of classes, so their colours compare directly. The difference map shows the change of need minus supply against the reference on a scale symmetric around zero: blue where a municipality gains, red where it loses."
            )) }
            (PreEscaped(text::method(lang)))
        }
    };
    page(meta, &title, &frame, lede, &sections, body)
}

/// Totals per service and scenario, with the deltas against the first.
fn totals(studies: &[&Study], findings: &[&Findings], lang: Lang) -> Markup {
    let first = studies[0];
    // With a horizon, the year each scenario's people are for tells "today" from "2030".
    let years = studies.iter().any(|s| s.year().is_some());
    html! {
        table class="figures" {
            thead { tr {
                th { (t(lang, "Služba", "Service")) } th { (t(lang, "Scénář", "Scenario")) }
                @if years { th class="num" { (t(lang, "Rok", "Year")) } }
                th class="num" { (t(lang, "Potřeba", "Need")) } th class="num" { (t(lang, "Kapacita", "Capacity")) }
                th class="num" { (t(lang, "Dostupná kapacita", "Supply")) } th class="num" { (t(lang, "Nenaplněná potřeba", "Unmet need")) }
                th class="num" { (t(lang, "Pokrytí", "Coverage")) } th class="num" { "Δ " (t(lang, "nenaplněné potřeby", "unmet need")) }
            } }
            tbody {
                @for service in &first.services {
                    @let reference = findings[0].summaries.iter().find(|r| first.services[r.service].id == service.id);
                    @for (study, f) in studies.iter().zip(findings) {
                        @if let Some(row) = f.summaries.iter().find(|r| study.services[r.service].id == service.id) {
                            tr {
                                td { (service.label) }
                                td { (study.name) }
                                @if years { td class="num" { (study.people_year().map_or("–".to_string(), |y| y.to_string())) } }
                                td class="num" { (n1(row.need, lang)) }
                                td class="num" { (n1(row.capacity, lang)) }
                                td class="num" { (n1(row.supply, lang)) }
                                td class="num" { strong { (n1(row.unmet, lang)) } }
                                td class="num" { (percent(row.coverage, lang)) }
                                td class="num" {
                                    @if std::ptr::eq(*study, first) { "–" } @else {
                                        (signed(row.unmet - reference.map_or(0.0, |r| r.unmet), 1, lang))
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// One service: a row of small multiples of the gap (one extent, one set of classes), then a
/// difference map against the reference for each later scenario, with its table.
fn service_maps(
    studies: &[&Study],
    rows: &[Compared],
    frame: &Frame,
    lang: Lang,
    s: usize,
) -> Markup {
    let first = studies[0];
    let unit = units_of(first, lang, s);
    let mine: Vec<&Compared> = rows.iter().filter(|r| r.service == s).collect();
    let columns: Vec<(&str, Vec<Option<f64>>)> = studies
        .iter()
        .enumerate()
        .map(|(k, study)| {
            let mut values = vec![None; first.units.len()];
            for r in &mine {
                values[r.unit] = Some(r.gap[k]);
            }
            (study.name.as_str(), values)
        })
        .collect();
    html! {
        (gap_multiples(first, frame, lang, s, &columns))
        @for (k, study) in studies.iter().enumerate().skip(1) {
            (difference(first, study, &mine, frame, lang, k, &unit))
        }
    }
}

/// The change of the gap in scenario `k` against the first, centred on 0, with the
/// municipalities that change most beside it.
fn difference(
    first: &Study,
    study: &Study,
    mine: &[&Compared],
    frame: &Frame,
    lang: Lang,
    k: usize,
    unit: &str,
) -> Markup {
    let mut changed: Vec<&&Compared> = mine
        .iter()
        .filter(|r| first.units[r.unit].in_region && r.delta_gap(k).abs() >= 0.05)
        .collect();
    // Nothing to draw: say so in one line instead of a blank map.
    if changed.is_empty() {
        return html! {
            p class="unchanged" {
                strong { (study.name) " − " (first.name) ": " }
                (t(lang, "žádná obec regionu se nezmění o víc než 0,05", "no municipality of the region changes by more than 0.05"))
                " (" (unit) ")."
            }
        };
    }
    let mut values = vec![None; first.units.len()];
    for r in mine {
        values[r.unit] = Some(r.delta_gap(k));
    }
    let deltas: Vec<f64> = mine
        .iter()
        .filter(|r| first.units[r.unit].in_region)
        .map(|r| r.delta_gap(k))
        .collect();
    let breaks = classify::diverging(&deltas, classify::READS_AS_ZERO);
    let palette = diverging_colours(breaks.classes());
    let fills = fills(
        first,
        &values,
        &breaks,
        &palette,
        |_, v| format!("Δ {}", v.map_or("–".into(), |x| signed(x, 1, lang))),
        lang,
    );
    changed.sort_by(|a, b| b.delta_gap(k).abs().total_cmp(&a.delta_gap(k).abs()));
    let table = html! {
        table {
            thead { tr { th { (t(lang, "Obec", "Municipality")) } th class="num" { (first.name) } th class="num" { (study.name) } th class="num" { "Δ" } } }
            tbody {
                @for r in changed.iter().take(TABLE_ROWS) {
                    tr {
                        td { (first.units[r.unit].name) }
                        td class="num" { (n1(r.gap[0], lang)) }
                        td class="num" { (n1(r.gap[k], lang)) }
                        td class="num" { (signed(r.delta_gap(k), 1, lang)) }
                    }
                }
            }
        }
        (more_rows(changed.len().saturating_sub(TABLE_ROWS), "comparison.csv", lang))
    };
    figure(
        &format!(
            "{} − {}: {} ({unit})",
            study.name,
            first.name,
            t(lang, "změna rozdílu", "change of the gap")
        ),
        map::map(frame, &format!("Δ {}", study.name), &fills, html! {}),
        legend_of(&breaks, &palette, unit, 1, &deltas, lang),
        table,
    )
}
