//! The report of a run, in the chapters of a Czech community plan: summary, area and data,
//! socio-demographic profile, the network of services, need and unmet need, accessibility,
//! priorities, method.

#![allow(
    clippy::indexing_slicing,
    reason = "indices are positions in the study's own lists (units, origins, services, groups, providers, columns), which load builds together and checks once; tables and maps are built per unit and per service of that study"
)]

use maud::{Markup, PreEscaped, html};

use super::area::{area_section, profile_section};
use super::services::{access_section, need_section};
use super::surveys::surveys_section;
use super::*;
use crate::gap::{Findings, ServiceSummary};
use crate::model::Study;

/// The report of a run.
pub fn run(study: &Study, findings: &Findings, meta: &Meta) -> String {
    let lang = meta.lang;
    let frame = Frame::new(study);
    let mut title = format!(
        "{} – {}",
        t(
            lang,
            "Analýza sítě sociálních služeb",
            "Social services gap analysis"
        ),
        subject(study, meta)
    );
    if let Some(year) = study.year() {
        title += &match lang {
            Lang::Cs => format!(", výhled k roku {year}"),
            Lang::En => format!(", outlook for {year}"),
        };
    }
    let mut sections = vec![
        ("shrnuti", t(lang, "Shrnutí", "Summary")),
        ("uzemi", t(lang, "Území a data", "Area and data")),
        (
            "profil",
            t(
                lang,
                "Sociodemografický profil",
                "Socio-demographic profile",
            ),
        ),
        (
            "sit",
            t(lang, "Síť sociálních služeb", "The network of services"),
        ),
        (
            "potreba",
            t(
                lang,
                "Potřeba, kapacita, nenaplněná potřeba",
                "Need, capacity, unmet need",
            ),
        ),
        ("dostupnost", t(lang, "Dostupnost", "Accessibility")),
        ("priority", t(lang, "Priority", "Priorities")),
        (
            "metodika",
            t(lang, "Metodika a omezení", "Method and limits"),
        ),
    ];
    if study.outlook.is_some() {
        // The people the need is for come before the services.
        sections.insert(
            3,
            (
                "vyhled",
                t(lang, "Demografický výhled", "Population outlook"),
            ),
        );
    }
    if !study.questionnaires.is_empty() {
        // What the working groups' questionnaires found comes before the need it sets.
        sections.insert(
            3,
            (
                "pruzkum",
                t(lang, "Dotazníková šetření", "Questionnaire surveys"),
            ),
        );
    }
    let chapters = Chapter::numbered(&sections);
    // Every id asked for is one of `sections`, numbered above.
    let chapter = |id: &str| {
        chapters
            .iter()
            .find(|c| c.id == id)
            .copied()
            .unwrap_or(Chapter {
                number: 0,
                id: "",
                name: "",
            })
    };
    let context = study.units.len() - region_count(study);
    let lede = html! {
        (t(lang, "Scénář", "Scenario")) " " strong { (study.name) } ", "
        (count_of(region_count(study) as f64, noun(Word::Municipality, lang), lang)) " " (t(lang, "regionu", "in the region"))
        @if context > 0 {
            " + " (count_of(context as f64, noun(Word::Municipality, lang), lang)) " " (t(lang, "kontextu (šedě, nezapočítány)", "of context (grey, not counted)"))
        }
        "."
    };
    let body = html! {
        (missing_providers(study, lang))
        (summary_section(study, findings, &frame, meta, chapter("shrnuti")))
        (area_section(study, &frame, meta, chapter("uzemi")))
        (profile_section(study, findings, &frame, lang, chapter("profil")))
        @if let Some(outlook) = &study.outlook {
            (super::outlook::outlook_section(study, outlook, &frame, meta, chapter("vyhled")))
        }
        @if !study.questionnaires.is_empty() {
            (surveys_section(study, &frame, lang, chapter("pruzkum")))
        }
        (network_section(study, findings, &frame, lang, chapter("sit")))
        (need_section(study, findings, &frame, meta, chapter("potreba")))
        (access_section(study, findings, &frame, meta, chapter("dostupnost")))
        (priority_section(study, findings, lang, chapter("priority")))
        (method_section(study, meta, chapter("metodika")))
    };
    page(meta, &title, &frame, lede, &sections, body)
}

/// A box that opens the report when a service has no provider at all: 0 % coverage is then
/// either the real gap or providers missing from the inputs, and the reader must know which.
fn missing_providers(study: &Study, lang: Lang) -> Markup {
    let missing = study.services_without_providers();
    html! {
        @if !missing.is_empty() {
            div class="warning" {
                p { strong { (t(lang, "Služby bez poskytovatele", "Services without a provider")) } }
                @for &s in &missing {
                    p {
                        @match lang {
                            Lang::Cs => {
                                "Ve vstupních datech není žádný poskytovatel služby " strong { (study.services[s].label) } ": "
                                "doplňte je (z registru poskytovatelů, " code { "gapmap init … --registry rpss.json" } ", nebo do providers.csv), "
                                "nebo je to skutečný nedostatek. Do té doby je celá potřeba služby nenaplněná."
                            }
                            Lang::En => {
                                "No provider of " strong { (study.services[s].label) } " in the inputs: "
                                "add them (from the registry, " code { "gapmap init … --registry rpss.json" } ", or to providers.csv), "
                                "or this is the real gap. Until then, the service's whole need is unmet."
                            }
                        }
                    }
                }
            }
        }
    }
}

fn summary_section(
    study: &Study,
    f: &Findings,
    frame: &Frame,
    meta: &Meta,
    Chapter { number, id, name }: Chapter,
) -> Markup {
    let lang = meta.lang;
    let services = study.services.len();
    // The overview: how many services fall short in each municipality.
    let mut short = vec![0usize; study.units.len()];
    for g in &f.gaps {
        // A shortfall that reads as 0,0 in the tables is not one here either.
        if g.gap >= classify::READS_AS_ZERO {
            short[g.unit] += 1;
        }
    }
    let values: Vec<Option<f64>> = short.iter().map(|&s| Some(s as f64)).collect();
    let k = services.clamp(1, 5);
    let breaks = classify::quantiles(&values.iter().flatten().copied().collect::<Vec<_>>(), k);
    let palette = colours(colorous::ORANGES, breaks.classes());
    let fills = fills(
        study,
        &values,
        &breaks,
        &palette,
        |_, v| {
            let n = v.unwrap_or(0.0);
            format!(
                "{} {} {services}",
                count_of(n, noun(Word::Service, lang), lang),
                t(lang, "s nedostatkem z", "short of")
            )
        },
        lang,
    );
    let mut worst: Vec<usize> = (0..study.units.len())
        .filter(|&u| study.units[u].in_region)
        .collect();
    worst.sort_by(|&a, &b| {
        short[b]
            .cmp(&short[a])
            .then(study.units[a].name.cmp(&study.units[b].name))
    });
    let table = html! {
        table {
            thead { tr { th { (t(lang, "Obec", "Municipality")) } th class="num" { (t(lang, "Služeb s nedostatkem", "Services short")) } } }
            tbody {
                @for &u in worst.iter().take(TABLE_ROWS) {
                    tr { td { (study.units[u].name) } td class="num" { (short[u]) } }
                }
            }
        }
        (more_rows(worst.len().saturating_sub(TABLE_ROWS), "gaps.csv", lang))
    };
    html! {
        section id=(id) {
            h2 { (number) ". " (name) }
            p { (t(lang,
                "Nenaplněná potřeba sčítá jen nedostatky obcí: přebytek v jedné obci nevyrovná nedostatek v jiné. Proto může služba kapacitou pokrývat celkovou potřebu, a přesto v obcích mimo dosah poskytovatelů potřeba zůstává nenaplněná.",
                "Unmet need adds up only the municipalities' shortfalls: a surplus in one place does not offset a shortage in another. A service can have capacity for the whole need and still leave need unmet where no provider reaches."
            )) }
            @if let Some(o) = &study.outlook {
                p { (match lang {
                    Lang::Cs => format!("Čísla platí pro obyvatele projektované k 1.\u{a0}1.\u{a0}{} z roku {} (kapitola Demografický výhled); kapacita je dnešní se změnami scénáře.", o.year, o.base_year),
                    Lang::En => format!("The figures are for the people projected to 1 January {} from {} (see Population outlook); capacity is today's with the scenario's changes.", o.year, o.base_year),
                }) }
            }
            table class="figures" {
                thead {
                    tr {
                        th { (t(lang, "Služba", "Service")) }
                        th class="num" { (t(lang, "Potřeba", "Need")) }
                        th class="num" { (t(lang, "Kapacita", "Capacity")) }
                        th class="num" { (t(lang, "Dostupná kapacita", "Supply")) }
                        th class="num" { (t(lang, "Nenaplněná potřeba", "Unmet need")) }
                        th class="num" { (t(lang, "Pokrytí", "Coverage")) }
                        th class="num" { (t(lang, "Potřeba mimo dosah", "Need out of reach")) }
                    }
                }
                tbody {
                    @for s in &f.summaries {
                        (summary_row(study, s, lang))
                    }
                }
            }
            (super::measures::changes_table(study, meta))
            h3 { (t(lang, "Deset nejnaléhavějších priorit", "The ten most urgent priorities")) }
            (priority_table(study, f, lang, 10))
            @if let Some(n) = all_read_as(&worst.iter().map(|&u| short[u] as f64).collect::<Vec<_>>(), 0) {
                h3 { (t(lang, "Přehled: kolik služeb má v obci nedostatek", "Overview: how many services fall short in each municipality")) }
                p {
                    (t(lang, "Všechny obce regionu mají nedostatek ve stejném počtu služeb", "Every municipality of the region falls short in the same number of services"))
                    ": " strong { (n) } " " (t(lang, "z", "of")) " " (services) "."
                }
            } @else {
                (figure(
                    t(lang, "Přehled: kolik služeb má v obci nedostatek", "Overview: how many services fall short in each municipality"),
                    map::map(frame, t(lang, "Mapa počtu služeb s nedostatkem", "Map of services short"), &fills, html! {}),
                    legend(&breaks, &palette, t(lang, "počet služeb", "services"), 0, lang),
                    table,
                ))
            }
        }
    }
}

fn summary_row(study: &Study, s: &ServiceSummary, lang: Lang) -> Markup {
    let service = &study.services[s.service];
    let alarm = s.unmet > 0.05 * s.need.max(1e-9);
    html! {
        tr {
            td { (service.label) }
            td class="num" { (n1(s.need, lang)) }
            td class="num" { (n1(s.capacity, lang)) }
            td class="num" { (n1(s.supply, lang)) }
            td class={ "num" @if alarm { " alarm" } } { strong { (n1(s.unmet, lang)) } }
            td class="num" { (percent(s.coverage, lang)) }
            td class="num" { (percent(s.need_out_of_reach_share, lang)) }
        }
    }
}

fn network_section(
    study: &Study,
    f: &Findings,
    frame: &Frame,
    lang: Lang,
    Chapter { number, id, name }: Chapter,
) -> Markup {
    let base = base_fills(study, ("#f7f7f7", "#d9d9d9"), |u| u.name.clone());
    let markers = providers_overlay(study, frame, None, lang);
    let names = if study.units.len() > LARGE { 4 } else { 12 };
    // A country's thousands of providers are a file, not a page: the catalogue shows the first
    // few hundred and points to providers.geojson.
    let catalogue = if study.units.len() > LARGE {
        300
    } else {
        usize::MAX
    };
    html! {
        section id=(id) {
            h2 { (number) ". " (name) }
            figure class="mapfig" {
                figcaption { (t(lang, "Poskytovatelé podle služby (tvar a barva)", "Providers by service (shape and colour)")) }
                (map::map(frame, t(lang, "Mapa poskytovatelů", "Map of providers"), &base, markers))
                div class="legend" {
                    ul {
                        @for (s, service) in study.services.iter().enumerate() {
                            li { (map::marker_swatch(s, &service_colour(s))) " " (service.label) }
                        }
                    }
                }
            }
            h3 { (t(lang, "Katalog služeb", "Catalogue of services")) }
            table class="catalogue" {
                thead { tr {
                    th { (t(lang, "Poskytovatel", "Provider")) } th { (t(lang, "Služba", "Service")) } th { (t(lang, "Forma", "Form")) }
                    th class="num" { (t(lang, "Kapacita", "Capacity")) } th { (t(lang, "Obce v dosahu", "Municipalities served")) }
                } }
                tbody {
                    @for (p, provider) in study.providers.iter().enumerate().take(catalogue) {
                        @let service = &study.services[provider.service];
                        // The region's municipalities first, then the context's.
                        @let served = region_first(study, &f.loads[p].units);
                        tr {
                            td { (provider.name) }
                            td { (service.label) }
                            td { (text::form(service.form, lang)) }
                            td class="num" { (count_of(provider.capacity.get(), provider_noun(study, lang, provider), lang)) }
                            td { (served_list(study, &served, names, lang)) }
                        }
                    }
                }
            }
            (more_rows(study.providers.len().saturating_sub(catalogue), "providers.geojson", lang))
        }
    }
}

/// The municipalities a provider serves, as a planner reads them: "všechny obce regionu" when
/// it serves every one of them (and how many of the context), else the first `names` and how
/// many more. `served` has the region's first.
fn served_list(study: &Study, served: &[usize], names: usize, lang: Lang) -> Markup {
    let region = region_count(study);
    let inside = served.iter().filter(|&&u| study.units[u].in_region).count();
    let context = served.len() - inside;
    let municipality = noun(Word::Municipality, lang);
    html! {
        @if region > 1 && inside == region {
            (t(lang, "všechny obce regionu", "every municipality of the region"))
            @if context > 0 {
                " " (t(lang, "a", "and")) " " (count_of(context as f64, municipality, lang)) " " (t(lang, "kontextu", "of context"))
            }
        } @else {
            @for (k, &u) in served.iter().take(names).enumerate() {
                @if k > 0 { ", " }
                (study.units[u].name)
            }
            @if served.len() > names {
                @let more = (served.len() - names) as f64;
                " " (t(lang, "a", "and")) " " (more) " " (agree(more, 0, noun(Word::More, lang)))
            }
        }
    }
}

/// `units` with those of the region first, each part in its own order.
fn region_first(study: &Study, units: &[usize]) -> Vec<usize> {
    let (mut region, context): (Vec<usize>, Vec<usize>) =
        units.iter().partition(|&&u| study.units[u].in_region);
    region.extend(context);
    region
}

fn priority_table(study: &Study, f: &Findings, lang: Lang, limit: usize) -> Markup {
    html! {
        @if f.priorities.is_empty() {
            p { (t(lang, "Žádná obec nemá v žádné službě nedostatek.", "No municipality falls short in any service.")) }
        } @else {
            table {
                thead { tr {
                    th class="num" { (t(lang, "Pořadí", "Rank")) } th { (t(lang, "Obec", "Municipality")) } th { (t(lang, "Služba", "Service")) }
                    th class="num" { (t(lang, "Nedostatek", "Shortfall")) } th class="num" { (t(lang, "Skóre", "Score")) }
                } }
                tbody {
                    @for p in f.priorities.iter().take(limit) {
                        tr {
                            td class="num" { (p.rank) }
                            td { (study.units[p.unit].name) }
                            td { (study.services[p.service].label) }
                            td class="num" { (n1_of(p.gap, service_noun(study, lang, p.service), lang)) }
                            td class="num" { (n1(p.score, lang)) }
                        }
                    }
                }
            }
            (more_rows(f.priorities.len().saturating_sub(limit), "priorities.csv", lang))
        }
    }
}

fn priority_section(
    study: &Study,
    f: &Findings,
    lang: Lang,
    Chapter { number, id, name }: Chapter,
) -> Markup {
    html! {
        section id=(id) {
            h2 { (number) ". " (name) }
            p { (t(lang,
                "Skóre je nedostatek v jednotkách služby, vynásobený vahami služby a cílových skupin ze scénáře (bez vah je skóre rovno nedostatku).",
                "The score is the shortfall in the service's units, times the scenario's weights of the service and its target groups (with no weights, the score is the shortfall)."
            )) }
            (priority_table(study, f, lang, 50))
        }
    }
}

fn method_section(study: &Study, meta: &Meta, Chapter { number, id, name }: Chapter) -> Markup {
    let lang = meta.lang;
    html! {
        section id=(id) {
            h2 { (number) ". " (name) }
            (PreEscaped(text::method(lang)))
            @if let Some(sentence) = transit_sentence(&meta.distance, lang) {
                p { strong { (t(lang, "Veřejná doprava", "Public transport")) } ": " (sentence) " "
                    (t(lang,
                        "Model nezná jízdné, zpoždění ani výluky v reálném čase, chůzi po síti ulic (chůze je přímočará) ani přestupy vázané na konkrétní spoje.",
                        "The model knows no fares, no real-time delays or closures, no walking on the street network (walks are straight lines) and no transfers tied to particular trips.")) }
            }
            @if !study.questionnaires.is_empty() {
                p { strong { (t(lang, "Dotazníky", "Questionnaires")) } ": " (t(lang,
                    "respondent zastupuje W = N/n osob své buňky (obec a věková pásma cílové skupiny, která jeho věk pokrývá; N osob skupiny v buňce, n respondentů buňky, kteří na otázku odpověděli). Podíl p = Σ W·y / Σ W, efektivní velikost n_eff = (Σ W)² / Σ W². Interval je Wilsonův (z = 1,959964) na p a n' = n_eff (N − 1) / (N − n), kde n je počet odpovědí a N počet osob ve věkových pásmech, která odpovědi pokrývají; odpověděli-li všichni, interval není. Odpovědi jiné než „ano“ a „ne“ se nezapočítávají; dotazníky bez věku nebo s věkem mimo skupinu se vynechávají.",
                    "a respondent stands for W = N/n people of their cell (the municipality and the target group's age bands their age covers; N the group's people in the cell, n the cell's respondents who answered the question). The share is p = Σ W·y / Σ W, the effective size n_eff = (Σ W)² / Σ W². The interval is Wilson's (z = 1.959964) on p and n' = n_eff (N − 1) / (N − n), with n the answers and N the people in the age bands the answers cover; when everyone answered, there is none. Answers other than yes and no are not counted; forms without an age, or with an age outside the group, are left out.")) }
            }
            h3 { (t(lang, "Otisky vstupních souborů (SHA-256)", "Fingerprints of the input files (SHA-256)")) }
            table class="hashes" {
                tbody {
                    @for input in &meta.inputs {
                        tr { td { code { (input.path) } } td { code { (input.sha256) } } }
                    }
                }
            }
            p class="note" { "gapmap " (env!("CARGO_PKG_VERSION")) ", " (meta.day) }
        }
    }
}
