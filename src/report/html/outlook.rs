//! The run report's chapter "Demografický výhled" / "Population outlook", with `[horizon]`:
//! each group's people at the base year and at the horizon, the change in people aged 80+ on a
//! map, and how each service's need grows.

#![allow(
    clippy::indexing_slicing,
    reason = "indices are positions in the study's own lists (units, origins, services, groups, columns), which load builds together and checks once; the outlook has a row per unit"
)]

use maud::{Markup, html};

use super::*;
use crate::model::{Outlook, Study};

/// Bands 80–84 and 85+.
const EIGHTY: std::ops::Range<usize> = 16..18;

/// Region-wide and per-unit people of each group, from origin-major `counts`: Σ of the group's
/// columns × its share.
struct People {
    /// `[unit][group]`.
    by_unit: Vec<Vec<f64>>,
    /// Per group, over the region's units.
    region: Vec<f64>,
}

impl People {
    fn of(study: &Study, counts: &[f64]) -> People {
        let width = study.columns.len();
        let groups = study.groups.len();
        let mut by_unit = vec![vec![0.0; groups]; study.units.len()];
        for (o, origin) in study.origins.iter().enumerate() {
            for (g, group) in study.groups.iter().enumerate() {
                let people: f64 = group.columns.iter().map(|&c| counts[o * width + c]).sum();
                by_unit[origin.unit][g] += people * group.share;
            }
        }
        let mut region = vec![0.0; groups];
        for (u, row) in by_unit.iter().enumerate() {
            if study.units[u].in_region {
                for (sum, v) in region.iter_mut().zip(row) {
                    *sum += v;
                }
            }
        }
        People { by_unit, region }
    }
}

/// A unit's people aged 80+ in `bands`.
fn eighty(bands: &crate::model::AgeBands) -> f64 {
    bands.bands[EIGHTY].iter().sum()
}

/// The region's need of service `s` from origin-major `counts`.
fn region_need(study: &Study, s: usize, counts: &[f64]) -> f64 {
    let need = crate::need::need_of(study, s, counts);
    need.total
        .iter()
        .enumerate()
        .filter(|&(o, _)| study.origin_in_region(o))
        .map(|(_, n)| n)
        .sum()
}

/// A whole number of people, or of need: "1 234".
fn whole(x: f64, lang: Lang) -> String {
    format(x, 0, lang)
}

/// "+33 %", "−5 %", "0 %"; "–" from nothing.
fn change_percent(from: f64, to: f64, lang: Lang) -> String {
    if from <= 0.0 {
        return "–".into();
    }
    signed(100.0 * (to - from) / from, 0, lang) + "\u{a0}%"
}

/// The sentence on how service `s`'s need moves from `from` (at B) to `to` (at H): "Potřeba míst
/// ve službě Domovy pro seniory vzroste z 84 na 112 (+33 %)." Needs of ten and more read
/// whole, smaller ones with a decimal.
pub(super) fn need_sentence(
    study: &Study,
    s: usize,
    (from, to): (f64, f64),
    years: (u32, u32),
    lang: Lang,
) -> String {
    let decimals = if from.max(to) >= 10.0 { 0 } else { 1 };
    let (a, b) = (format(from, decimals, lang), format(to, decimals, lang));
    let units = units_of(study, lang, s);
    let label = &study.services[s].label;
    let percent = change_percent(from, to, lang);
    let (y0, y1) = years;
    match lang {
        Lang::Cs if a == b => {
            format!("Potřeba {units} ve službě {label} zůstane mezi lety {y0} a {y1} na {a}.")
        }
        Lang::Cs => format!(
            "Potřeba {units} ve službě {label} {} mezi lety {y0} a {y1} z {a} na {b} ({percent}).",
            if to > from { "vzroste" } else { "klesne" }
        ),
        Lang::En if a == b => {
            format!("The need for {units} in {label} stays at {a} from {y0} to {y1}.")
        }
        Lang::En => format!(
            "The need for {units} in {label} {} from {a} in {y0} to {b} in {y1} ({percent}).",
            if to > from { "grows" } else { "falls" }
        ),
    }
}

pub(super) fn outlook_section(
    study: &Study,
    outlook: &Outlook,
    frame: &Frame,
    meta: &Meta,
    Chapter { number, id, name }: Chapter,
) -> Markup {
    let lang = meta.lang;
    let (b, h) = (outlook.base_year, outlook.year);
    let at_base = People::of(study, &outlook.base_counts);
    let at_horizon = People::of(study, &study.counts);
    let region: Vec<usize> = (0..study.units.len())
        .filter(|&u| study.units[u].in_region)
        .collect();
    let total = |a: &[crate::model::AgeBands]| region.iter().map(|&u| a[u].total).sum::<f64>();
    let old = |a: &[crate::model::AgeBands]| region.iter().map(|&u| eighty(&a[u])).sum::<f64>();
    let (total_b, total_h) = (total(&outlook.base), total(&outlook.horizon));
    let (old_b, old_h) = (old(&outlook.base), old(&outlook.horizon));
    let needs: Vec<(f64, f64)> = (0..study.services.len())
        .map(|s| {
            (
                region_need(study, s, &outlook.base_counts),
                region_need(study, s, &study.counts),
            )
        })
        .collect();
    let arrow = |x: f64, y: f64| format!("{} → {}", whole(x, lang), whole(y, lang));
    html! {
        section id=(id) {
            h2 { (number) ". " (name) }
            p { (intro(b, h, lang)) }
            ul class="outlook" {
                @for (s, &(from, to)) in needs.iter().enumerate() {
                    li { (need_sentence(study, s, (from, to), (b, h), lang)) }
                }
            }
            h3 { (t(lang, "Obyvatelé regionu podle cílových skupin", "The region's people by target group")) }
            table class="figures" {
                thead { tr {
                    th { (t(lang, "Skupina", "Group")) }
                    th class="num" { "1.\u{a0}1.\u{a0}" (b) }
                    th class="num" { "1.\u{a0}1.\u{a0}" (h) }
                    th class="num" { (t(lang, "Změna", "Change")) }
                    th class="num" { (t(lang, "Změna v %", "Change in %")) }
                } }
                tbody {
                    tr {
                        td { (t(lang, "Obyvatelé celkem", "All people")) }
                        td class="num" { (whole(total_b, lang)) }
                        td class="num" { (whole(total_h, lang)) }
                        td class="num" { (signed(total_h - total_b, 0, lang)) }
                        td class="num" { (change_percent(total_b, total_h, lang)) }
                    }
                    tr {
                        td { (t(lang, "Osoby ve věku 80 a více let", "People aged 80 and over")) }
                        td class="num" { (whole(old_b, lang)) }
                        td class="num" { (whole(old_h, lang)) }
                        td class="num" { (signed(old_h - old_b, 0, lang)) }
                        td class="num" { (change_percent(old_b, old_h, lang)) }
                    }
                    @for (g, group) in study.groups.iter().enumerate() {
                        @let (x, y) = (at_base.region[g], at_horizon.region[g]);
                        tr {
                            td { (group.label) }
                            td class="num" { (whole(x, lang)) }
                            td class="num" { (whole(y, lang)) }
                            td class="num" { (signed(y - x, 0, lang)) }
                            td class="num" { (change_percent(x, y, lang)) }
                        }
                    }
                }
            }
            // A country's report draws the maps a plan needs most: the table says the rest.
            @if study.units.len() <= LARGE {
                (eighty_map(study, outlook, frame, lang))
            } @else {
                h3 { (t(lang, "Největší změny počtu osob ve věku 80+", "The largest changes in people aged 80+")) }
                (eighty_table(study, outlook, lang))
            }
            h3 { (t(lang, "Obce: obyvatelé cílových skupin", "Municipalities: the target groups' people")) " " (b) " → " (h) }
            @let rows = municipality_rows(study, outlook);
            div class="wide" {
            table class="groups" {
                thead { tr {
                    th { (t(lang, "Obec", "Municipality")) }
                    th class="num" { (t(lang, "Obyvatelé", "People")) }
                    @for group in &study.groups { th class="num" { (group.label) } }
                } }
                tbody {
                    @for &u in rows.iter().take(MUNICIPALITY_ROWS) {
                        tr {
                            td { (study.units[u].name) }
                            td class="num" { (arrow(outlook.base[u].total, outlook.horizon[u].total)) }
                            @for g in 0..study.groups.len() {
                                td class="num" { (arrow(at_base.by_unit[u][g], at_horizon.by_unit[u][g])) }
                            }
                        }
                    }
                }
            }
            }
            (more_rows(rows.len().saturating_sub(MUNICIPALITY_ROWS), "projection.csv", lang))
        }
    }
}

/// A region of up to this many municipalities lists them all; a larger one its most populous.
const MUNICIPALITY_ROWS: usize = 60;

/// The region's units, most people at the base first, then by name.
fn municipality_rows(study: &Study, outlook: &Outlook) -> Vec<usize> {
    let mut rows: Vec<usize> = (0..study.units.len())
        .filter(|&u| study.units[u].in_region)
        .collect();
    rows.sort_by(|&a, &b| {
        outlook.base[b]
            .total
            .total_cmp(&outlook.base[a].total)
            .then(study.units[a].name.cmp(&study.units[b].name))
    });
    rows
}

fn intro(b: u32, h: u32, lang: Lang) -> String {
    match lang {
        Lang::Cs => format!(
            "Potřeba, kapacita a rozdíly v této zprávě platí pro obyvatele k 1.\u{a0}1.\u{a0}{h}. \
             Obyvatelé obcí k 1.\u{a0}1.\u{a0}{b} jsou do roku {h} posunuti metodou Hamilton–Perry: \
             každá pětiletá věková skupina obce zestárne o pět let a změní se v poměru, v jakém se \
             podle projekce obyvatelstva mění celá země (nebo kraj); děti 0–4 roky podle počtu \
             obyvatel ve věku 20–39 let. Projekce je předpoklad, ne jistota: stěhování do obce a \
             z ní se řídí průměrem."
        ),
        Lang::En => format!(
            "Need, capacity and gaps in this report are for the people at 1 January {h}. The \
             municipalities' people at 1 January {b} are carried to {h} by the Hamilton–Perry \
             method: each five-year age band of a municipality grows five years older and changes \
             in the ratio in which the population projection has the whole country (or region) \
             change; children 0–4 follow the people aged 20–39. A projection is an assumption, \
             not a certainty: migration follows the average."
        ),
    }
}

/// The change in people aged 80+ per municipality: a map, diverging around 0, and the largest
/// changes beside it.
fn eighty_map(study: &Study, outlook: &Outlook, frame: &Frame, lang: Lang) -> Markup {
    let (b, h) = (outlook.base_year, outlook.year);
    let change: Vec<Option<f64>> = (0..study.units.len())
        .map(|u| Some(eighty(&outlook.horizon[u]) - eighty(&outlook.base[u])))
        .collect();
    let region: Vec<f64> = (0..study.units.len())
        .filter(|&u| study.units[u].in_region)
        .filter_map(|u| change[u])
        .collect();
    let breaks = classify::diverging(&region, 0.5);
    let palette = diverging_colours(breaks.classes());
    let fills = fills(
        study,
        &change,
        &breaks,
        &palette,
        |u, _| {
            format!(
                "80+ {b}: {}, {h}: {}",
                whole(eighty(&outlook.base[u]), lang),
                whole(eighty(&outlook.horizon[u]), lang)
            )
        },
        lang,
    );
    let caption = match lang {
        Lang::Cs => format!("Změna počtu osob ve věku 80+ mezi lety {b} a {h}"),
        Lang::En => format!("The change in people aged 80+ from {b} to {h}"),
    };
    let table = eighty_table(study, outlook, lang);
    figure(
        &caption,
        map::map(frame, &caption, &fills, html! {}),
        legend_of(
            &breaks,
            &palette,
            t(lang, "osob", "people"),
            0,
            &region,
            lang,
        ),
        table,
    )
}

/// The municipalities whose people aged 80+ change most, with both years.
fn eighty_table(study: &Study, outlook: &Outlook, lang: Lang) -> Markup {
    let (b, h) = (outlook.base_year, outlook.year);
    let change = |u: usize| eighty(&outlook.horizon[u]) - eighty(&outlook.base[u]);
    let mut largest: Vec<usize> = (0..study.units.len())
        .filter(|&u| study.units[u].in_region)
        .collect();
    largest.sort_by(|&x, &y| {
        change(y)
            .abs()
            .total_cmp(&change(x).abs())
            .then(study.units[x].name.cmp(&study.units[y].name))
    });
    html! {
        table {
            thead { tr {
                th { (t(lang, "Obec", "Municipality")) }
                th class="num" { "80+ " (b) }
                th class="num" { "80+ " (h) }
                th class="num" { (t(lang, "Změna", "Change")) }
            } }
            tbody {
                @for &u in largest.iter().take(TABLE_ROWS) {
                    @let (x, y) = (eighty(&outlook.base[u]), eighty(&outlook.horizon[u]));
                    tr {
                        td { (study.units[u].name) }
                        td class="num" { (whole(x, lang)) }
                        td class="num" { (whole(y, lang)) }
                        td class="num" { (signed(y - x, 0, lang)) }
                    }
                }
            }
        }
        (more_rows(largest.len().saturating_sub(TABLE_ROWS), "projection.csv", lang))
    }
}
