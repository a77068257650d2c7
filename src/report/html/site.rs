//! The report of `site`: the chosen sites on a map of the service's gaps before them, the
//! objective before and after, and whether optimality was proved, with the bound.

#![allow(
    clippy::indexing_slicing,
    reason = "indices are positions in the study's own lists (units, origins, services, groups, providers, columns), which load builds together and checks once; tables and maps are built per unit and per service of that study"
)]

use maud::{Markup, html};

use super::*;
use crate::gap::ServiceResult;
use crate::model::{Candidates, Study};
use crate::site::{Objective, Plan};

/// The report of a siting study; `existing` is the service's result with today's providers.
pub fn site(
    study: &Study,
    existing: &ServiceResult,
    candidates: &Candidates,
    plan: &Plan,
    meta: &Meta,
) -> String {
    let lang = meta.lang;
    let frame = Frame::new(study);
    let s = plan.siting.service;
    let service = &study.services[s];
    let unit = units_of(study, lang, s);
    let title = format!(
        "{} – {}",
        t(
            lang,
            "Kam umístit novou kapacitu",
            "Where new capacity should go"
        ),
        service.label
    );
    let sections = [
        ("vysledek", t(lang, "Výsledek", "Result")),
        ("mapa", t(lang, "Mapa", "Map")),
        ("metodika", t(lang, "Metodika", "Method")),
    ];
    let (objective, better) = match plan.siting.objective {
        Objective::Unmet(_) => (
            t(
                lang,
                "nenaplněná potřeba (součet nedostatků obcí)",
                "unmet need (the sum of the municipalities' shortfalls)",
            ),
            t(lang, "méně je lépe", "lower is better"),
        ),
        Objective::Coverage => (
            t(
                lang,
                "potřeba v dosahu alespoň jednoho poskytovatele",
                "need within reach of at least one provider",
            ),
            t(lang, "více je lépe", "higher is better"),
        ),
        Objective::Distance => (
            t(
                lang,
                "součet potřeby × vzdálenosti k nejbližšímu poskytovateli",
                "the sum of need × distance to the nearest provider",
            ),
            t(lang, "méně je lépe", "lower is better"),
        ),
    };
    let capacity = match plan.siting.objective {
        Objective::Unmet(c) => Some(c.get()),
        _ => None,
    };
    // The service's gap per unit with today's providers.
    let mut before = vec![0.0; study.units.len()];
    for (o, origin) in study.origins.iter().enumerate() {
        before[origin.unit] += existing.need.total[o] - existing.balance.supply[o];
    }
    let values: Vec<Option<f64>> = before.iter().map(|&g| Some(g)).collect();
    let region: Vec<f64> = (0..study.units.len())
        .filter(|&u| study.units[u].in_region)
        .map(|u| before[u])
        .collect();
    let breaks = classify::diverging(&region, classify::READS_AS_ZERO);
    let palette = diverging_colours(breaks.classes());
    let fills = fills(
        study,
        &values,
        &breaks,
        &palette,
        |_, v| {
            format!(
                "{} {}",
                t(lang, "rozdíl dnes", "gap today"),
                v.map_or("–".into(), |x| n1_of(
                    x,
                    service_noun(study, lang, s),
                    lang
                ))
            )
        },
        lang,
    );
    // Names are placed around the numbered sites: a name never hides under one.
    let markers: Vec<map::Rect> = plan
        .chosen
        .iter()
        .filter_map(|pick| candidates.sites[pick.candidate].location)
        .map(|at| map::Rect::around(frame.project(at), 18.0, 18.0))
        .collect();
    let chosen = html! {
        (providers_overlay(study, &frame, Some(s), lang))
        @for (i, pick) in plan.chosen.iter().enumerate() {
            @let site = &candidates.sites[pick.candidate];
            @if let Some(at) = site.location {
                @let (x, y) = frame.project(at);
                g class="site" {
                    title { (i + 1) ". " (site.name) ": " (t(lang, "zlepší o", "improves by")) " " (n1(pick.gain, lang)) }
                    circle cx=(map::r1(x)) cy=(map::r1(y)) r="16" fill="#fff" stroke="#000" stroke-width="3" {}
                    text x=(map::r1(x)) y=(map::r1(y + 7.0)) text-anchor="middle" class="order" { (i + 1) }
                }
            }
        }
    };
    let verdict = if plan.optimal {
        t(
            lang,
            "Optimum je prokázáno: žádná jiná volba míst není lepší.",
            "Optimality is proved: no other choice of sites is better.",
        )
        .to_string()
    } else {
        match plan.bound {
            Some(b) => format!(
                "{} {}.",
                t(lang, "Optimum není prokázáno; nejlepší známá mez optima je", "Optimality is not proved; the best bound known on the optimum is"),
                n1(b, lang)
            ),
            None => t(lang, "Optimum není prokázáno a mez není známa (metoda, u které se poskytovatelé navzájem ovlivňují).", "Optimality is not proved and no bound is known (a method whose providers interact).").to_string(),
        }
    };
    let lede = html! {
        (t(lang, "Scénář", "Scenario")) " " strong { (study.name) } ", "
        (t(lang, "služba", "service")) " " (service.label) ", "
        (t(lang, "vybraná místa", "sites chosen")) ": " (plan.chosen.len()) " " (t(lang, "z požadovaných", "of")) " " (plan.siting.count) "; "
        (t(lang, "kandidáti", "candidates")) ": " (candidates.sites.len()) "."
    };
    let body = html! {
        section id=(sections[0].0) {
            h2 { "1. " (sections[0].1) }
            p class="verdict" { strong { (verdict) } }
            @if plan.tied > 0 {
                p class="note" { (tie_note(study, existing, candidates, plan, meta)) }
            }
            table class="figures" {
                tbody {
                    tr { th { (t(lang, "Cíl", "Objective")) } td { (objective) " (" (better) ")" } }
                    @if let Some(c) = capacity {
                        tr { th { (t(lang, "Kapacita nového místa", "Capacity of a new site")) } td class="num" { (count_of(c, service_noun(study, lang, s), lang)) } }
                    }
                    tr { th { (t(lang, "Dnes", "Today")) } td class="num" { (n1(plan.baseline, lang)) } }
                    tr { th { (t(lang, "S novými místy", "With the new sites")) } td class="num" { strong { (n1(plan.value, lang)) } } }
                    @if let Some(b) = plan.bound {
                        tr { th { (t(lang, "Mez optima", "Bound on the optimum")) } td class="num" { (n1(b, lang)) } }
                    }
                }
            }
            @if plan.chosen.is_empty() {
                p { (t(lang, "Žádné nové místo by cíl nezlepšilo.", "No new site would improve the objective.")) }
            } @else {
                table {
                    thead { tr {
                        th class="num" { (t(lang, "Pořadí", "Order")) } th { (t(lang, "Místo", "Site")) }
                        th class="num" { (t(lang, "Cíl po přidání", "Objective after")) } th class="num" { (t(lang, "Zlepšení", "Gain")) }
                    } }
                    tbody {
                        @for (i, pick) in plan.chosen.iter().enumerate() {
                            tr {
                                td class="num" { (i + 1) }
                                td { (candidates.sites[pick.candidate].name) }
                                td class="num" { (n1(pick.value, lang)) }
                                td class="num" { (n1(pick.gain, lang)) }
                            }
                        }
                    }
                }
            }
        }
        section id=(sections[1].0) {
            h2 { "2. " (sections[1].1) }
            (figure(
                &format!(
                    "{}: {} ({unit}), {}; {}",
                    service.label,
                    t(lang, "rozdíl dnes", "today's gap"),
                    t(lang, "navržená místa čísly v pořadí výběru", "the proposed sites numbered in their order of choice"),
                    t(lang, "dnešní poskytovatelé značkami", "today's providers as markers")
                ),
                map::map_around(&frame, &title, &fills, &markers, chosen),
                legend_of(&breaks, &palette, &unit, 1, &region, lang),
                html! {
                    table {
                        thead { tr {
                            th { (t(lang, "Kandidát", "Candidate")) } th class="num" { (t(lang, "Zlepšení samo", "Gain alone")) }
                            th class="num" { (t(lang, "Nenaplněno v dosahu", "Unmet in reach")) }
                        } }
                        tbody {
                            @for (c, gain) in best_alone(plan) {
                                tr {
                                    td { (candidates.sites[c].name) } td class="num" { (n1(gain, lang)) }
                                    td class="num" { (plan.shortfall.get(c).map_or("–".into(), |s| n1(s.unmet, lang))) }
                                }
                            }
                        }
                    }
                    (more_rows(candidates.sites.len().saturating_sub(TABLE_ROWS), "candidates.csv", lang))
                },
            ))
        }
        section id=(sections[2].0) {
            h2 { "3. " (sections[2].1) }
            p { (t(lang,
                "Místa se vybírají hladovým výběrem, výměnami (Teitz–Bart) a větvením s mezemi; „prokázáno“ znamená, že prohledávání doběhlo nebo mez dosáhla nalezené hodnoty. Noví poskytovatelé vstupují do stejné metody jako ti dnešní.",
                "Sites are chosen by greedy selection, swaps (Teitz–Bart) and branch and bound; \"proved\" means the search ran to the end or a bound met the value found. New providers enter the same method as today's."
            )) }
        }
    };
    page(meta, &title, &frame, lede, &sections, body)
}

/// The candidates that would do most alone, best first.
/// Gains equal up to rounding go in the order the search broke ties by, as in candidates.csv.
fn best_alone(plan: &Plan) -> Vec<(usize, f64)> {
    let key = crate::site::search::rounded(&plan.alone);
    let tie = |c: usize| plan.tie_rank.get(c).copied().unwrap_or(c);
    let mut all: Vec<usize> = (0..plan.alone.len()).collect();
    all.sort_by(|&a, &b| key[b].cmp(&key[a]).then(tie(a).cmp(&tie(b))));
    all.truncate(TABLE_ROWS);
    all.into_iter().map(|c| (c, plan.alone[c])).collect()
}

/// Why the first site was chosen among those that tie on the objective: the optimum holds for
/// the objective, and the unmet need within each site's reach decided among the equals.
fn tie_note(
    study: &Study,
    existing: &ServiceResult,
    candidates: &Candidates,
    plan: &Plan,
    meta: &Meta,
) -> Markup {
    let lang = meta.lang;
    let unmet: f64 = (0..study.origins.len())
        .filter(|&o| study.origin_in_region(o))
        .map(|o| (existing.need.total[o] - existing.balance.supply[o]).max(0.0))
        .sum();
    let first = plan.chosen.first().map(|p| p.candidate);
    let key = first.and_then(|c| plan.shortfall.get(c).copied());
    let far = distance_unit(&meta.distance, lang);
    html! {
        @match lang {
            Lang::Cs => {
                "Stejné hodnoty cíle by samostatně dosáhlo více kandidátů (celkem " (plan.tied) "), takže optimum platí pro cíl, ne pro volbu mezi nimi. "
                "Mezi rovnocennými místy rozhodla nenaplněná potřeba: vybráno je místo, které má ve svém dosahu nejvíce nenaplněné potřeby, "
                "při shodě to, které je k ní v průměru nejblíže (průměr vážený nenaplněnou potřebou), a nakonec podle kódu."
            }
            Lang::En => {
                (plan.tied) " candidates would do equally well alone on the objective, so the optimum holds for the objective, not for the choice among them. "
                "Unmet need decided among these equals: the site with the most unmet need within its reach is chosen, "
                "then the one nearest to it on average (weighted by the unmet need), then the lowest id."
            }
        }
        @if let (Some(c), Some(k)) = (first, key) {
            " "
            @match lang {
                Lang::Cs => {
                "Ve svém dosahu má " (candidates.sites[c].name) " nenaplněnou potřebu " (n1_of(k.unmet, service_noun(study, lang, plan.siting.service), lang)) " (z " (n1(unmet, lang)) " v regionu)"
                    @if let Some(d) = k.distance { ", v průměru " (n1(d, lang)) " " (far) " daleko" }
                    "."
                }
                Lang::En => {
                    (candidates.sites[c].name) " has " (n1_of(k.unmet, service_noun(study, lang, plan.siting.service), lang)) " of unmet need within its reach (of the region's " (n1(unmet, lang)) ")"
                    @if let Some(d) = k.distance { ", on average " (n1(d, lang)) " " (far) " away" }
                    "."
                }
            }
        }
    }
}
