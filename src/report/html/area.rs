//! The run report's chapters on the area: the area and its data, and the socio-demographic
//! profile of its people.

#![allow(
    clippy::indexing_slicing,
    reason = "indices are positions in the study's own lists (units, origins, services, groups, providers, columns), which load builds together and checks once; tables and maps are built per unit and per service of that study"
)]

use maud::{Markup, html};

use super::*;
use crate::gap::Findings;
use crate::model::{Study, SurveySource};

pub(super) fn area_section(
    study: &Study,
    frame: &Frame,
    meta: &Meta,
    Chapter { number, id, name }: Chapter,
) -> Markup {
    let lang = meta.lang;
    let fills = base_fills(study, ("#9ecae1", "#d9d9d9"), |u| {
        format!(
            "{} ({})",
            u.name,
            if u.in_region {
                t(lang, "region", "region")
            } else {
                t(lang, "kontext", "context")
            }
        )
    });
    let unit = distance_unit(&meta.distance, lang);
    let transit = transit_sentence(&meta.distance, lang);
    html! {
        section id=(id) {
            h2 { (number) ". " (name) }
            @if study.units.len() <= LARGE || region_count(study) < study.units.len() {
            figure class="mapfig small" {
                figcaption {
                    @if frame.context {
                        (t(lang, "Území: obce regionu (modře) a kontextu (šedě)", "The area: the region's municipalities (blue) and its context (grey)"))
                    } @else {
                        (t(lang, "Území: obce regionu", "The area: the region's municipalities"))
                    }
                }
                (map::map(frame, t(lang, "Mapa území", "Map of the area"), &fills, html! {}))
            }
            }
            h3 { (t(lang, "Parametry scénáře", "The scenario's parameters")) }
            table {
                thead { tr {
                    th { (t(lang, "Služba", "Service")) } th { (t(lang, "Forma", "Form")) } th { (t(lang, "Metoda", "Method")) }
                    th class="num" { (t(lang, "Dosah", "Catchment")) " (" (unit) ")" } th { (t(lang, "Útlum", "Decay")) } th { (t(lang, "Normativ na 1 000 osob skupiny", "Norm per 1,000 of the group")) }
                } }
                tbody {
                    @for s in &study.services {
                        tr {
                            td { (s.label) }
                            td { (text::form(s.form, lang)) }
                            td { (s.method.name()) }
                            td class="num" { (format(s.catchment.get(), 1, lang)) }
                            td { (text::decay(&s.decay, lang)) }
                            td {
                                @for (k, n) in s.need.iter().enumerate() {
                                    @if k > 0 { "; " }
                                    (study.groups[n.group].label) ": "
                                    @match n.survey.as_ref().map(|v| &v.source) {
                                        Some(SurveySource::Question { survey, question }) => {
                                            @if let Some((q, k)) = study.question(*survey, *question) {
                                                (t(lang, "z dotazníku", "from questionnaire")) " " (q.id) ", " (k.id)
                                            }
                                        }
                                        Some(SurveySource::Table(_)) => (t(lang, "z průzkumu", "from a survey")),
                                        None => (format(n.per_1000, 1, lang)),
                                    }
                                }
                            }
                        }
                    }
                }
            }
            @if let Some(sentence) = &transit {
                p { (sentence) }
            }
            p class="note" { (t(lang,
                "Normativy a dosahy jsou předpoklady scénáře; ty, které nemají zdroj, jsou v souboru scénáře označené ASSUMPTION. Údaje o zdrojích dat a otisky vstupních souborů jsou v kapitole Metodika.",
                "Norms and catchments are the scenario's assumptions; those without a source are marked ASSUMPTION in the scenario file. The data sources and the fingerprints of the input files are in the Method chapter."
            )) }
            @if !meta.sources.is_empty() {
                h3 { (t(lang, "Zdroje dat", "Sources of the data")) }
                (sources_list(meta))
            }
            h3 { (t(lang, "Vstupní data", "Input data")) }
            ul {
                @for input in &meta.inputs {
                    li {
                        code { (input.path) }
                        @if let Some(day) = &input.modified {
                            " (" (t(lang, "soubor ze dne", "file of")) " " (date(day, lang)) ")"
                        }
                    }
                }
            }
        }
    }
}

pub(super) fn profile_section(
    study: &Study,
    f: &Findings,
    frame: &Frame,
    lang: Lang,
    Chapter { number, id, name }: Chapter,
) -> Markup {
    let Some(rows) = &f.profile else {
        return html! {
            section id=(id) {
                h2 { (number) ". " (name) }
                p { (t(lang, "Obyvatelstvo nemá pětiletá věková pásma ČSÚ, profil proto nelze sestavit.", "The population has no ČSÚ five-year age bands, so there is no profile.")) }
            }
        };
    };
    let values: Vec<Option<f64>> = rows
        .iter()
        .map(|r| r.share_65_plus.map(|s| 100.0 * s))
        .collect();
    let region: Vec<f64> = rows
        .iter()
        .filter(|r| study.units[r.unit].in_region)
        .filter_map(|r| r.share_65_plus.map(|s| 100.0 * s))
        .collect();
    let breaks = classify::jenks(&region, 5);
    let palette = colours(colorous::YELLOW_ORANGE_BROWN, breaks.classes());
    let fills = fills(
        study,
        &values,
        &breaks,
        &palette,
        |_, v| {
            format!(
                "{} {}",
                v.map_or("–".into(), |x| format(x, 1, lang)),
                t(lang, "% obyvatel 65+", "% aged 65+")
            )
        },
        lang,
    );
    let in_region: Vec<&crate::profile::ProfileRow> = rows
        .iter()
        .filter(|r| study.units[r.unit].in_region)
        .collect();
    let shown = if in_region.len() > LARGE {
        50
    } else {
        in_region.len()
    };
    let sum = |g: &dyn Fn(&crate::profile::ProfileRow) -> f64| {
        in_region.iter().map(|r| g(r)).sum::<f64>()
    };
    let table = html! {
        table {
            thead { tr {
                th { (t(lang, "Obec", "Municipality")) }
                th class="num" { (t(lang, "Obyvatel", "People")) }
                th class="num" { "0–14" } th class="num" { "15–64" } th class="num" { "65+" } th class="num" { "80+" }
                th class="num" { (t(lang, "Index stáří", "Ageing index")) }
                th class="num" { "% 65+" }
                th class="num" { (t(lang, "Hustota (os./km²)", "Density (per km²)")) }
            } }
            tbody {
                @for r in in_region.iter().take(shown) {
                    tr {
                        td { (study.units[r.unit].name) }
                        td class="num" { (format(r.total, 0, lang)) }
                        td class="num" { (format(r.age_0_14, 0, lang)) }
                        td class="num" { (format(r.age_15_64, 0, lang)) }
                        td class="num" { (format(r.age_65_plus, 0, lang)) }
                        td class="num" { (format(r.age_80_plus, 0, lang)) }
                        td class="num" { (r.ageing_index.map_or("–".into(), |x| format(x, 0, lang))) }
                        td class="num" { (r.share_65_plus.map_or("–".into(), |x| format(100.0 * x, 1, lang))) }
                        td class="num" { (r.density.map_or("–".into(), |x| format(x, 0, lang))) }
                    }
                }
            }
            tfoot {
                tr {
                    th { (t(lang, "Region celkem", "Region")) }
                    th class="num" { (format(sum(&|r| r.total), 0, lang)) }
                    th class="num" { (format(sum(&|r| r.age_0_14), 0, lang)) }
                    th class="num" { (format(sum(&|r| r.age_15_64), 0, lang)) }
                    th class="num" { (format(sum(&|r| r.age_65_plus), 0, lang)) }
                    th class="num" { (format(sum(&|r| r.age_80_plus), 0, lang)) }
                    th class="num" { (format(100.0 * sum(&|r| r.age_65_plus) / sum(&|r| r.age_0_14).max(1.0), 0, lang)) }
                    th class="num" { (format(100.0 * sum(&|r| r.age_65_plus) / sum(&|r| r.total).max(1.0), 1, lang)) }
                    th class="num" { (format(sum(&|r| r.total) / sum(&|r| r.area_km2.unwrap_or(0.0)).max(1e-9), 0, lang)) }
                }
            }
        }
    };
    html! {
        section id=(id) {
            h2 { (number) ". " (name) }
            p { (t(lang,
                "Index stáří je počet osob 65+ na 100 dětí do 14 let. Údaje jsou z profile.csv.",
                "The ageing index is people aged 65+ per 100 children under 15. The figures are in profile.csv."
            )) }
            figure class="mapfig" {
                figcaption { (t(lang, "Podíl obyvatel ve věku 65+ (%)", "Share of people aged 65+ (%)")) }
                (map::map(frame, t(lang, "Mapa podílu obyvatel 65+", "Map of the share aged 65+"), &fills, html! {}))
                (legend(&breaks, &palette, "%", 1, lang))
            }
            div class="wide" { (table) (more_rows(in_region.len() - shown, "profile.csv", lang)) }
        }
    }
}
