//! The run report's chapters made of one part per service: need, supply and unmet need (a gap
//! map, its table and a ranked bar chart) and accessibility (a map, its distribution, the
//! Gini and the least served municipalities).

#![allow(
    clippy::indexing_slicing,
    reason = "indices are positions in the study's own lists (units, origins, services, groups, providers, columns), which load builds together and checks once; tables and maps are built per unit and per service of that study"
)]

use maud::{Markup, html};

use super::*;
use crate::gap::{Findings, UnitGap};
use crate::model::Study;

fn gaps_of(f: &Findings, service: usize) -> impl Iterator<Item = &UnitGap> {
    f.gaps.iter().filter(move |g| g.service == service)
}

pub(super) fn need_section(
    study: &Study,
    f: &Findings,
    frame: &Frame,
    meta: &Meta,
    section: Chapter,
) -> Markup {
    let lang = meta.lang;
    let intro = t(
        lang,
        "Mapy ukazují rozdíl potřeby a dostupné kapacity v každé obci: teplé barvy nedostatek, studené přebytek. Sloupcový graf řadí obce podle nenaplněné potřeby.",
        "The maps show need minus supply in each municipality: warm colours a shortfall, cool a surplus. The bar chart ranks municipalities by unmet need.",
    );
    chapter(study, section, html! { p { (intro) } }, |s| {
        need_of_service(study, f, frame, lang, s)
    })
}

/// A numbered chapter with an introduction and a part per service, rendered in parallel.
fn chapter(
    study: &Study,
    Chapter { number, id, name }: Chapter,
    intro: Markup,
    part: impl Fn(usize) -> Markup + Sync + Send,
) -> Markup {
    html! {
        section id=(id) {
            h2 { (number) ". " (name) }
            (intro)
            @for p in per_service(study, part) {
                (p)
            }
        }
    }
}

/// One service's gap map, its table and its bar chart.
fn need_of_service(study: &Study, f: &Findings, frame: &Frame, lang: Lang, s: usize) -> Markup {
    let service = &study.services[s];
    let unit = units_of(study, lang, s);
    let noun = service_noun(study, lang, s);
    let mut by_unit: Vec<Option<&UnitGap>> = vec![None; study.units.len()];
    for g in gaps_of(f, s) {
        by_unit[g.unit] = Some(g);
    }
    let values: Vec<Option<f64>> = by_unit.iter().map(|g| g.map(|g| g.gap)).collect();
    let mut rows: Vec<&UnitGap> = gaps_of(f, s)
        .filter(|g| study.units[g.unit].in_region)
        .collect();
    let region: Vec<f64> = rows.iter().map(|g| g.gap).collect();
    rows.sort_by(|a, b| b.gap.total_cmp(&a.gap));
    let breaks = classify::diverging(&region, classify::READS_AS_ZERO);
    let palette = diverging_colours(breaks.classes());
    let fills = fills(
        study,
        &values,
        &breaks,
        &palette,
        |u, _| match by_unit[u] {
            None => "–".into(),
            // A country-sized map keeps its tooltips short; the table and gaps.csv have the rest.
            Some(g) if study.units.len() > LARGE => {
                format!("{} {}", t(lang, "rozdíl", "gap"), n1_of(g.gap, noun, lang))
            }
            Some(g) => format!(
                "{} {}, {} {}, {} {}",
                t(lang, "potřeba", "need"),
                n1(g.need, lang),
                t(lang, "dostupná kapacita", "supply"),
                n1(g.supply, lang),
                t(lang, "rozdíl", "gap"),
                n1_of(g.gap, noun, lang)
            ),
        },
        lang,
    );
    let table = html! {
        table {
            thead { tr { th { (t(lang, "Obec", "Municipality")) } th class="num" { (t(lang, "Potřeba", "Need")) } th class="num" { (t(lang, "Dostupná kapacita", "Supply")) } th class="num" { (t(lang, "Rozdíl", "Gap")) } } }
            tbody {
                @for g in rows.iter().take(TABLE_ROWS) {
                    tr { td { (study.units[g.unit].name) } td class="num" { (n1(g.need, lang)) } td class="num" { (n1(g.supply, lang)) } td class="num" { (n1(g.gap, lang)) } }
                }
            }
        }
        (more_rows(rows.len().saturating_sub(TABLE_ROWS), "gaps.csv", lang))
    };
    html! {
        h3 { (service.label) }
        (figure(
            &format!("{}: {} ({unit})", service.label, t(lang, "potřeba minus dostupná kapacita", "need minus supply")),
            map::map(frame, &format!("{} {}", t(lang, "Mapa rozdílu", "Gap map"), service.label), &fills, providers_overlay(study, frame, Some(s), lang)),
            legend_of(&breaks, &palette, &unit, 1, &region, lang),
            table,
        ))
        (bars(study, &rows, &unit, lang))
    }
}

/// A sorted bar chart of unmet need by municipality, largest first.
fn bars(study: &Study, rows: &[&UnitGap], unit: &str, lang: Lang) -> Markup {
    // What rounds to 0.0 at one decimal is not a bar worth drawing.
    let short: Vec<&&UnitGap> = rows
        .iter()
        .filter(|g| g.gap >= 0.05)
        .take(TABLE_ROWS)
        .collect();
    if short.is_empty() {
        return html! { p class="note" { (t(lang, "Žádná obec nemá nenaplněnou potřebu.", "No municipality has unmet need.")) } };
    }
    let max = short.iter().map(|g| g.gap).fold(0.0, f64::max);
    let row_h = 18.0;
    let height = row_h * short.len() as f64 + 24.0;
    html! {
        figure class="chart" {
            figcaption { (t(lang, "Nenaplněná potřeba podle obcí", "Unmet need by municipality")) " (" (unit) ")" }
            svg viewBox={ "0 0 700 " (map::r1(height)) } role="img" aria-label=(t(lang, "Graf nenaplněné potřeby", "Chart of unmet need")) {
                @for (i, g) in short.iter().enumerate() {
                    @let y = i as f64 * row_h + 4.0;
                    @let w = 420.0 * g.gap / max;
                    text x="215" y=(map::r1(y + 12.0)) text-anchor="end" class="label" { (study.units[g.unit].name) }
                    rect x="220" y=(map::r1(y)) width=(map::r1(w.max(1.0))) height="14" fill="#d6604d" {
                        title { (study.units[g.unit].name) ": " (n1_of(g.gap, service_noun(study, lang, g.service), lang)) }
                    }
                    text x=(map::r1(226.0 + w)) y=(map::r1(y + 12.0)) class="value" { (n1(g.gap, lang)) }
                }
            }
        }
    }
}

pub(super) fn access_section(
    study: &Study,
    f: &Findings,
    frame: &Frame,
    meta: &Meta,
    section: Chapter,
) -> Markup {
    let lang = meta.lang;
    let intro = t(
        lang,
        "Dostupnost A je kapacita, která na jednotku potřeby obce připadá z poskytovatelů v dosahu (metoda plovoucích spádových oblastí). Gini vážený potřebou měří nerovnost: 0 znamená stejnou dostupnost všude.",
        "Accessibility A is the capacity that reaches each unit of the municipality's need from the providers in reach (floating catchment methods). The need-weighted Gini measures inequality: 0 is the same accessibility everywhere.",
    );
    // By public transport, a municipality with no stop within walking distance reaches only
    // what is within a walk: say which.
    let transit = match &meta.distance {
        Distance::Transit { max_walk_m, .. } => {
            let names: Vec<&str> = study
                .without_stop
                .iter()
                .filter(|&&u| study.units[u].in_region)
                .map(|&u| study.units[u].name.as_str())
                .collect();
            Some((*max_walk_m, names))
        }
        _ => None,
    };
    let intro = html! {
        p { (intro) }
        @if let Some((walk, names)) = transit {
            p class="stopless" {
                @if names.is_empty() {
                    (t(lang, "Každá obec regionu má zastávku veřejné dopravy do", "Every municipality of the region has a public transport stop within"))
                    " " (format(walk, 0, lang)) " m " (t(lang, "chůze.", "on foot."))
                } @else {
                    strong { (names.len()) }
                    " " (t(lang, "obcí regionu nemá zastávku veřejné dopravy do", "municipalities of the region have no public transport stop within"))
                    " " (format(walk, 0, lang)) " m " (t(lang, "chůze; služby dosáhnou jen pěšky:", "on foot; they reach services only by walking:"))
                    " " (names.join(", ")) "."
                }
            }
        }
    };
    chapter(study, section, intro, |s| {
        access_of_service(study, f, frame, lang, s)
    })
}

/// One service's accessibility map with its providers, the distribution, and the Gini.
fn access_of_service(study: &Study, f: &Findings, frame: &Frame, lang: Lang, s: usize) -> Markup {
    let service = &study.services[s];
    let mut values = vec![None; study.units.len()];
    for g in gaps_of(f, s) {
        values[g.unit] = g.accessibility;
    }
    let region: Vec<f64> = gaps_of(f, s)
        .filter(|g| study.units[g.unit].in_region)
        .filter_map(|g| g.accessibility)
        .collect();
    let breaks = classify::jenks(&region, 5);
    let palette = colours(colorous::CIVIDIS, breaks.classes());
    let fills = fills(
        study,
        &values,
        &breaks,
        &palette,
        |_, v| format!("A = {}", v.map_or("–".into(), |x| format(x, 3, lang))),
        lang,
    );
    let gini = f
        .summaries
        .iter()
        .find(|x| x.service == s)
        .and_then(|x| x.accessibility_gini);
    let mut lowest: Vec<&UnitGap> = gaps_of(f, s)
        .filter(|g| study.units[g.unit].in_region && g.need > 0.0)
        .collect();
    lowest.sort_by(|a, b| {
        let a_ = a.accessibility.unwrap_or(0.0);
        let b_ = b.accessibility.unwrap_or(0.0);
        a_.total_cmp(&b_)
            .then(study.units[a.unit].name.cmp(&study.units[b.unit].name))
    });
    lowest.truncate(10);
    let drawn = study.units.len() <= LARGE;
    let same = all_read_as(&region, 3);
    html! {
        h3 { (service.label) }
        (accessibility_sentence(study, f, s, same, lang))
        @if same.is_none() {
        figure class="mapfig" {
            figcaption { (service.label) ": " (t(lang, "dostupnost A a poskytovatelé", "accessibility A and providers")) }
            div class="mapgrid" {
                div class="mapcol" {
                    @if drawn {
                        (map::map(frame, &format!("{} {}", t(lang, "Mapa dostupnosti", "Accessibility map"), service.label), &fills, providers_overlay(study, frame, Some(s), lang)))
                        (legend(&breaks, &palette, "A", 3, lang))
                    } @else {
                        p class="note" { (t(lang,
                            "Území má přes 1 500 obcí: dostupnost je zde jako rozdělení a tabulka; mapu vykreslí GIS ze souboru municipalities.geojson.",
                            "The area has over 1,500 municipalities: accessibility is given as its distribution and a table; a GIS maps it from municipalities.geojson."
                        )) }
                    }
                }
                div class="tablecol" {
                    (histogram(&region, lang))
                    p { (t(lang, "Gini vážený potřebou", "Need-weighted Gini")) ": " strong { (gini.map_or("–".into(), |g| format(g, 3, lang))) } }
                    table {
                        thead { tr { th { (t(lang, "Nejnižší dostupnost", "Lowest accessibility")) } th class="num" { "A" } th class="num" { (t(lang, "Nejbližší", "Nearest")) } } }
                        tbody {
                            @for g in &lowest {
                                tr {
                                    td { (study.units[g.unit].name) }
                                    td class="num" { (g.accessibility.map_or("–".into(), |a| format(a, 3, lang))) }
                                    td class="num" { (g.nearest.map_or("–".into(), |d| format(d, 1, lang))) }
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

/// What A means for this service, where it is shown, in one sentence: with its one value when
/// every municipality has the same (a map would have one colour), else how to read the map.
fn accessibility_sentence(
    study: &Study,
    f: &Findings,
    s: usize,
    same: Option<f64>,
    lang: Lang,
) -> Markup {
    let service = &study.services[s];
    let noun = service_noun(study, lang, s);
    let competes = !matches!(
        service.method,
        crate::model::Method::Gravity | crate::model::Method::Cumulative
    );
    let mean = f
        .summaries
        .iter()
        .find(|x| x.service == s)
        .and_then(|x| x.coverage);
    let reads = |a: f64| {
        html! {
            @if competes && service.method != crate::model::Method::Balanced {
                ": " (t(lang, "na jednoho potřebného připadá", "each person in need has")) " "
                (counted(a, 1, noun, lang)) " "
                (t(lang, "z kapacity poskytovatelů v dosahu", "of the capacity of the providers in reach"))
            }
        }
    };
    html! {
        p {
            @if !study.providers.iter().any(|p| p.service == s) {
                (t(lang, "Služba nemá v podkladech žádného poskytovatele: dostupnost je ve všech obcích 0.", "The service has no provider in the inputs: accessibility is 0 everywhere."))
            } @else if let Some(a) = same {
                (t(lang, "Ve všech obcích regionu je stejná dostupnost", "Every municipality of the region has the same accessibility"))
                " A = " strong { (format(a, 3, lang)) } (reads(a)) "."
            } @else if competes && service.method != crate::model::Method::Balanced {
                (t(lang, "A = 1 znamená, že kapacita v dosahu právě pokrývá potřebu obce; A = 0,5, že pokrývá polovinu.", "A = 1 means the capacity in reach just covers the municipality's need; A = 0.5, half of it."))
                @if let Some(m) = mean {
                    " " (t(lang, "Průměr regionu vážený potřebou", "The region's need-weighted mean")) ": A = " (format(m, 3, lang)) "."
                }
            }
        }
    }
}

/// The distribution of accessibility over the region's units: ten equal bins.
fn histogram(values: &[f64], lang: Lang) -> Markup {
    if values.is_empty() {
        return html! {};
    }
    let (lo, hi) = values
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), &v| (a.min(v), b.max(v)));
    let width = ((hi - lo) / 10.0).max(1e-12);
    let mut counts = [0usize; 10];
    for &v in values {
        counts[(((v - lo) / width) as usize).min(9)] += 1;
    }
    let top = *counts.iter().max().unwrap_or(&1) as f64;
    html! {
        figure class="chart" {
            figcaption { (t(lang, "Rozdělení dostupnosti (počet obcí)", "Distribution of accessibility (municipalities)")) }
            svg viewBox="0 0 320 150" role="img" aria-label=(t(lang, "Histogram dostupnosti", "Histogram of accessibility")) {
                @for (i, &c) in counts.iter().enumerate() {
                    @let h = 110.0 * c as f64 / top;
                    rect x=(map::r1(10.0 + 30.0 * i as f64)) y=(map::r1(120.0 - h)) width="26" height=(map::r1(h)) fill="#4a6fa5" {
                        title { (format(lo + width * i as f64, 3, lang)) " – " (format(lo + width * (i + 1) as f64, 3, lang)) ": " (c) }
                    }
                }
                text x="10" y="140" class="label" { (format(lo, 3, lang)) }
                text x="310" y="140" text-anchor="end" class="label" { (format(hi, 3, lang)) }
            }
        }
    }
}
