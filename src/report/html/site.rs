//! The report of `site`: the chosen sites on a map of the service's gaps before them, the
//! objective before and after, and whether optimality was proved, with the bound.

use maud::html;

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
    let breaks = classify::diverging(&region);
    let palette = diverging_colours(breaks.classes());
    let fills = fills(
        study,
        &values,
        &breaks,
        &palette,
        |_, v| {
            format!(
                "{} {} {unit}",
                t(lang, "rozdíl dnes", "gap today"),
                v.map_or("–".into(), |x| n1(x, lang))
            )
        },
        lang,
    );
    let chosen = html! {
        (providers_overlay(study, &frame, Some(s), lang))
        @for (i, pick) in plan.chosen.iter().enumerate() {
            @let site = &candidates.sites[pick.candidate];
            @if let Some(at) = site.location {
                @let (x, y) = frame.project(at);
                g class="site" {
                    title { (i + 1) ". " (site.name) ": " (t(lang, "zlepší o", "improves by")) " " (n1(pick.gain, lang)) }
                    circle cx=(map::r1(x)) cy=(map::r1(y)) r="11" fill="#fff" stroke="#000" stroke-width="2.5" {}
                    text x=(map::r1(x)) y=(map::r1(y + 4.5)) text-anchor="middle" class="order" { (i + 1) }
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
        (plan.chosen.len()) " " (t(lang, "z", "of")) " " (plan.siting.count) " " (t(lang, "míst mezi", "sites among")) " "
        (candidates.sites.len()) " " (t(lang, "kandidáty", "candidates")) "."
    };
    let body = html! {
        section id=(sections[0].0) {
            h2 { "1. " (sections[0].1) }
            p class="verdict" { strong { (verdict) } }
            @if plan.tied > 0 {
                p class="note" {
                    @match lang {
                        Lang::Cs => {
                            "Stejné hodnoty cíle by samostatně dosáhlo více kandidátů (celkem " (plan.tied) "). "
                            "Mezi nimi rozhodla vzdálenost k potřebě: vybráno je místo s nejmenším součtem potřeba × vzdálenost (p-medián), při shodě podle kódu."
                        }
                        Lang::En => {
                            (plan.tied) " candidates would do equally well alone on the objective. "
                            "Distance to the need decided among them: the site with the least need × distance (the p-median value) is chosen, then the lowest id."
                        }
                    }
                }
            }
            table class="figures" {
                tbody {
                    tr { th { (t(lang, "Cíl", "Objective")) } td { (objective) " (" (better) ")" } }
                    @if let Some(c) = capacity {
                        tr { th { (t(lang, "Kapacita nového místa", "Capacity of a new site")) } td class="num" { (count(c, lang)) " " (unit) } }
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
                &format!("{}: {} ({unit}), {}", service.label, t(lang, "rozdíl dnes a navržená místa (čísla)", "today's gap and the proposed sites (numbers)"), t(lang, "dnešní poskytovatelé značkami", "today's providers as markers")),
                map::map(&frame, &title, &fills, chosen),
                legend_of(&breaks, &palette, &unit, 1, &region, lang),
                html! {
                    table {
                        thead { tr { th { (t(lang, "Kandidát", "Candidate")) } th class="num" { (t(lang, "Zlepšení, kdyby byl sám", "Gain if alone")) } } }
                        tbody {
                            @for (c, gain) in best_alone(plan) {
                                tr { td { (candidates.sites[c].name) } td class="num" { (n1(gain, lang)) } }
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
fn best_alone(plan: &Plan) -> Vec<(usize, f64)> {
    let mut all: Vec<(usize, f64)> = plan.alone.iter().copied().enumerate().collect();
    all.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    all.truncate(TABLE_ROWS);
    all
}
