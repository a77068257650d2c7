//! `report.html`: one self-contained file for steering groups and the public, in the chapters
//! of a Czech community plan. No script, nothing loaded from outside (a Content-Security-Policy
//! forbids it), printable on A4. Every name from the inputs goes through maud, which escapes
//! it: a municipality called `<script>` is text.

#![allow(
    clippy::indexing_slicing,
    reason = "indices are positions in the study's own lists (units, origins, services, groups, providers, columns), which load builds together and checks once; tables and maps are built per unit and per service of that study"
)]

mod area;
mod catalogue;
pub mod classify;
mod compare;
pub mod map;
mod measures;
mod monitoring;
mod multiples;
mod outlook;
mod run;
mod services;
mod site;
mod surveys;
mod text;

pub use catalogue::catalogue;
pub use compare::compare;
pub use monitoring::monitoring;
use multiples::gap_multiples;
pub use run::run;
pub use site::site;

use maud::{DOCTYPE, Markup, PreEscaped, html};

use crate::model::Study;
use crate::report::number::{Lang, Noun, agree, counted, date, format};
use classify::{Breaks, Classification};
use map::{Fill, Frame};
use text::t;
use text::{Word, noun};

/// What the report says about where it came from.
#[derive(Debug, Clone, Default)]
pub struct Meta {
    pub lang: Lang,
    /// What the plan is about, for the title: the scenario's description (the region's name,
    /// when `init` wrote it); the scenario's name without one.
    pub title: Option<String>,
    /// The day it was made, `YYYY-MM-DD`.
    pub day: String,
    /// Every input file: its path as given, its SHA-256, and the day it was last changed.
    pub inputs: Vec<Input>,
    /// What distances and catchments are measured in.
    pub distance: Distance,
    /// Where the inputs come from, as the scenario's `[sources]` names them.
    pub sources: Vec<Source>,
    /// The scenario's `[[changes]]`, its base's first: the plan's measures, when they carry
    /// `measure`, `label` and `due`.
    pub changes: Vec<crate::scenario::Measure>,
}

/// Where an input comes from: the publisher and publication, and the day the data describe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The input's key: `population`, `providers`, …
    pub input: String,
    pub name: String,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
}

/// What an input is, for the list of sources.
fn input_label(input: &str, lang: Lang) -> &'static str {
    match input {
        "municipalities" => t(
            lang,
            "Obce a jejich hranice",
            "Municipalities and boundaries",
        ),
        "population" => t(lang, "Obyvatelé podle věku", "People by age"),
        "providers" => t(
            lang,
            "Poskytovatelé sociálních služeb",
            "Providers of social services",
        ),
        "demand_points" => t(lang, "Místa poptávky", "Demand points"),
        "costs" => t(lang, "Matice cestovních nákladů", "Travel-cost matrix"),
        "roads" => t(lang, "Silniční síť", "Road network"),
        "gtfs" => t(
            lang,
            "Jízdní řády veřejné dopravy",
            "Public transport timetables",
        ),
        _ => t(lang, "Vstup", "Input"),
    }
}

/// "ČSÚ, Věkové složení obyvatelstva obcí, stav k 31. 12. 2020".
fn source_text(source: &Source, lang: Lang) -> String {
    match &source.date {
        Some(day) => format!(
            "{}, {} {}",
            source.name,
            t(lang, "stav k", "as of"),
            crate::report::number::date(day, lang)
        ),
        None => source.name.clone(),
    }
}

/// The sources of the inputs as a list, for a report's chapter on its data.
fn sources_list(meta: &Meta) -> Markup {
    let lang = meta.lang;
    html! {
        @if !meta.sources.is_empty() {
            dl class="sources" {
                @for source in &meta.sources {
                    dt { (input_label(&source.input, lang)) }
                    dd { (source_text(source, lang)) }
                }
            }
        }
    }
}

/// What distances and catchments are measured in.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Distance {
    /// km on the sphere.
    #[default]
    Km,
    /// The units of a given cost matrix.
    CostMatrix,
    /// Minutes of travel on roads.
    Roads(crate::roads::profile::Mode),
    /// Minutes by public transport: the percentile of the departures in a window of a day.
    Transit {
        date: String,
        /// Minutes after midnight, first inclusive, last exclusive.
        window: (u32, u32),
        percentile: u8,
        /// The longest walk to or from a stop.
        max_walk_m: f64,
    },
}

/// An input file as the report names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub path: String,
    pub sha256: String,
    /// `YYYY-MM-DD`, when the file system tells.
    pub modified: Option<String>,
}

const STYLE: &str = include_str!("report.css");

/// The page every report shares: the head with its Content-Security-Policy and styles, the
/// shapes of the map units, a header with the title, a line about the data and a table of
/// contents, then `body`.
fn page(
    meta: &Meta,
    title: &str,
    frame: &Frame,
    lede: Markup,
    sections: &[(&str, &str)],
    body: Markup,
) -> String {
    let lang = meta.lang;
    let page = html! {
        (DOCTYPE)
        html lang=(match lang { Lang::Cs => "cs", Lang::En => "en" }) {
            head {
                meta charset="utf-8";
                meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                style { (PreEscaped(STYLE)) }
            }
            // Without context, the legends' context swatch says nothing: the page hides it.
            body class=[(!frame.context).then_some("no-context")] {
                (frame.defs())
                header {
                    h1 { (title) }
                    p class="lede" {
                        (lede) " " (t(lang, "Vytvořeno", "Made")) " " (date(&meta.day, lang)) ", gapmap " (env!("CARGO_PKG_VERSION")) "."
                    }
                    nav {
                        ol {
                            @for (id, name) in sections {
                                li { a href={ "#" (id) } { (name) } }
                            }
                        }
                    }
                }
                main { (body) }
            }
        }
    };
    page.into_string()
}

/// A numbered chapter of a report: its number, its anchor and its title.
#[derive(Debug, Clone, Copy)]
struct Chapter<'a> {
    number: usize,
    id: &'a str,
    name: &'a str,
}

impl<'a> Chapter<'a> {
    /// The chapters of `sections` (anchor, title), numbered from 1 in order.
    fn numbered(sections: &[(&'a str, &'a str)]) -> Vec<Chapter<'a>> {
        sections
            .iter()
            .enumerate()
            .map(|(k, &(id, name))| Chapter {
                number: k + 1,
                id,
                name,
            })
            .collect()
    }
}

/// One part per service, rendered in parallel, in the scenario's order.
fn per_service(study: &Study, part: impl Fn(usize) -> Markup + Sync + Send) -> Vec<Markup> {
    use rayon::prelude::*;
    (0..study.services.len())
        .into_par_iter()
        .map(part)
        .collect()
}

/// Above this many units, a report draws the maps a plan needs most (overview, profile,
/// providers, gaps) and gives accessibility as its distribution and a table, so that a
/// whole-country report stays a few MB.
pub(crate) const LARGE: usize = 1500;

/// The subject of a report's title: the scenario's description, or its name.
fn subject<'a>(study: &'a Study, meta: &'a Meta) -> &'a str {
    meta.title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .unwrap_or(study.name.as_str())
}

fn region_count(study: &Study) -> usize {
    study.units.iter().filter(|u| u.in_region).count()
}

/// Unit label of a service's capacity, for column heads: "míst", "kontaktů".
fn units_of(study: &Study, lang: Lang, service: usize) -> String {
    service_noun(study, lang, service).many.to_string()
}

/// The noun of a service's capacity: the registry's unit that all its providers share (beds,
/// clients, contacts, interventions, calls), else places or clients by its form.
fn service_noun(study: &Study, lang: Lang, service: usize) -> Noun {
    let mut units = study
        .providers
        .iter()
        .filter(|p| p.service == service)
        .map(|p| p.listing.as_ref().and_then(|l| l.unit.as_deref()));
    let first = units.next().flatten();
    let shared = first.filter(|&u| units.all(|other| other == Some(u)));
    text::capacity_noun(shared, study.services[service].form, lang)
}

/// The noun of one provider's capacity: its own registry unit, else its service's.
fn provider_noun(study: &Study, lang: Lang, provider: &crate::model::Provider) -> Noun {
    match provider.listing.as_ref().and_then(|l| l.unit.as_deref()) {
        Some(unit) => text::capacity_noun(Some(unit), study.services[provider.service].form, lang),
        None => service_noun(study, lang, provider.service),
    }
}

/// What a travel time or distance is measured in, for a column head or a sentence.
pub(crate) fn distance_unit(distance: &Distance, lang: Lang) -> &'static str {
    match distance {
        Distance::Roads(crate::roads::profile::Mode::Car) => {
            t(lang, "minut autem", "minutes by car")
        }
        Distance::Roads(crate::roads::profile::Mode::Walk) => {
            t(lang, "minut pěšky", "minutes on foot")
        }
        Distance::Transit { .. } => t(
            lang,
            "minut veřejnou dopravou",
            "minutes by public transport",
        ),
        Distance::CostMatrix => t(lang, "jednotek nákladové matice", "cost-matrix units"),
        Distance::Km => "km",
    }
}

/// For travel by public transport, what its minutes are: the day, the window, the percentile.
fn transit_sentence(distance: &Distance, lang: Lang) -> Option<String> {
    let Distance::Transit {
        date,
        window,
        percentile,
        max_walk_m,
    } = distance
    else {
        return None;
    };
    let clock = |m: u32| format!("{}:{:02}", m / 60, m % 60);
    Some(match lang {
        Lang::Cs => format!(
            "Dojezdové časy jsou minuty veřejnou dopravou podle jízdních řádů dne {date}: pro odjezd v každou celou minutu od {} do {} (bez {}) se spočte nejrychlejší cesta včetně čekání na první spoj, chůze k zastávce a od zastávky (nejvýše {} m) a přestupů; dojezdový čas dvojice obce a poskytovatele je {}. percentil těchto časů{}.",
            clock(window.0),
            clock(window.1),
            clock(window.1),
            format(*max_walk_m, 0, Lang::Cs),
            percentile,
            if *percentile == 50 { " (medián)" } else { "" }
        ),
        Lang::En => format!(
            "Travel times are minutes by public transport on the timetables of {date}: for a departure at every whole minute from {} until {} (exclusive), the fastest journey counts, with the wait for the first vehicle, the walks to and from stops (at most {} m) and the changes; a municipality's time to a provider is the {} percentile of those times{}.",
            clock(window.0),
            clock(window.1),
            format(*max_walk_m, 0, Lang::En),
            ordinal(*percentile),
            if *percentile == 50 {
                " (the median)"
            } else {
                ""
            }
        ),
    })
}

/// 1st, 2nd, 3rd, 50th.
fn ordinal(n: u8) -> String {
    let suffix = match (n % 10, n % 100) {
        (1, x) if x != 11 => "st",
        (2, x) if x != 12 => "nd",
        (3, x) if x != 13 => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// One decimal.
fn n1(x: f64, lang: Lang) -> String {
    format(x, 1, lang)
}

/// A count: no decimals when whole, one otherwise.
fn count(x: f64, lang: Lang) -> String {
    format(x, count_decimals(x), lang)
}

fn count_decimals(x: f64) -> usize {
    if x.fract() == 0.0 { 0 } else { 1 }
}

/// A count and its noun in agreement: "3 místa", "2,5 místa", "14 obcí".
fn count_of(x: f64, noun: Noun, lang: Lang) -> String {
    counted(x, count_decimals(x), noun, lang)
}

/// One decimal and its noun in agreement: "26,2 klienta".
fn n1_of(x: f64, noun: Noun, lang: Lang) -> String {
    counted(x, 1, noun, lang)
}

/// A change with its sign and `decimals` decimals: `+2,5`, `−1,0`, `0,0`; what reads as zero
/// has no sign.
fn signed(x: f64, decimals: usize, lang: Lang) -> String {
    let text = format(x, decimals, lang);
    if x > 0.0 && text != format(0.0, decimals, lang) {
        format!("+{text}")
    } else {
        text
    }
}

fn percent(x: Option<f64>, lang: Lang) -> String {
    x.map_or("–".into(), |v| {
        format!("{}\u{a0}%", format(100.0 * v, 0, lang))
    })
}

/// The fills of a base map under markers: the region in one colour, context in another, and
/// each unit's tooltip.
fn base_fills(
    study: &Study,
    (region, context): (&str, &str),
    title: impl Fn(&crate::model::Unit) -> String,
) -> Vec<Fill> {
    study
        .units
        .iter()
        .map(|u| Fill {
            colour: if u.in_region { region } else { context }.to_string(),
            title: title(u),
        })
        .collect()
}

/// The fills of a choropleth: each unit's class colour, context grey, and its tooltip.
fn fills(
    study: &Study,
    values: &[Option<f64>],
    breaks: &Breaks,
    colours: &[String],
    tooltip: impl Fn(usize, Option<f64>) -> String,
    lang: Lang,
) -> Vec<Fill> {
    study
        .units
        .iter()
        .enumerate()
        .map(|(u, unit)| {
            let v = values[u];
            let colour = match (unit.in_region, v) {
                (false, _) => "#d9d9d9".to_string(),
                (true, None) => "#f0f0f0".to_string(),
                (true, Some(x)) => colours[breaks.class(x)].clone(),
            };
            let context = if unit.in_region {
                String::new()
            } else {
                format!(
                    " ({})",
                    t(lang, "kontext, nezapočteno", "context, not counted")
                )
            };
            Fill {
                colour,
                title: format!("{}{}: {}", unit.name, context, tooltip(u, v)),
            }
        })
        .collect()
}

/// `n` colours of a ColorBrewer or cividis gradient, as `#rrggbb`.
fn colours(gradient: colorous::Gradient, n: usize) -> Vec<String> {
    (0..n)
        .map(|i| format!("#{:x}", gradient.eval_rational(i, n.max(2))))
        .collect()
}

/// Shortfall warm, surplus cool: RdBu reversed (colour-blind safe, never red–green).
fn diverging_colours(n: usize) -> Vec<String> {
    let mut c = colours(colorous::RED_BLUE, n);
    c.reverse();
    c
}

/// The legend of a map: a swatch per class with its range, the unit and how the classes were
/// made. The same break values make the fills.
fn legend(breaks: &Breaks, colours: &[String], unit: &str, decimals: usize, lang: Lang) -> Markup {
    legend_of(breaks, colours, unit, decimals, &[], lang)
}

/// A legend that leaves out the classes no value falls in (`values` given) and shows as many
/// decimals as the break values need to differ.
fn legend_of(
    breaks: &Breaks,
    colours: &[String],
    unit: &str,
    decimals: usize,
    values: &[f64],
    lang: Lang,
) -> Markup {
    let b = &breaks.inner;
    let k = breaks.classes();
    // The digits a reader needs come from the visible breaks, not the neutral class's ±ε.
    let shown: Vec<f64> = b.iter().copied().filter(|x| x.abs() > 1e-6).collect();
    let gap = shown
        .windows(2)
        .map(|w| w[1] - w[0])
        .filter(|d| *d > 0.0)
        .fold(f64::INFINITY, f64::min);
    let smallest = shown
        .iter()
        .map(|x| x.abs())
        .filter(|x| *x > 0.0)
        .fold(gap, f64::min);
    // Breaks below 1 get the digits that tell them apart: 0.04 and 0.07 need two. Diverging
    // breaks are rounded to one decimal already.
    let decimals = if breaks.method == Classification::Diverging {
        decimals
    } else if smallest.is_finite() && smallest > 0.0 && smallest < 1.0 {
        decimals.max((-smallest.log10()).ceil() as usize + 1).min(4)
    } else {
        decimals
    };
    let used = |i: usize| values.is_empty() || values.iter().any(|&v| breaks.class(v) == i);
    // Above the neutral class, values start where they stop reading as zero.
    let lower = |i: usize| match breaks.neutral() {
        Some(n) if i == n + 1 && n > 0 => -b[n - 1],
        _ => b[i - 1],
    };
    let label = |i: usize| -> String {
        let f = |x: f64| format(x, decimals, lang);
        if Some(i) == breaks.neutral() {
            // What reads as zero in the tables.
            "≈ 0".to_string()
        } else if k == 1 {
            t(lang, "všechny hodnoty", "all values").to_string()
        } else if i == 0 {
            format!("≤ {}", f(b[0]))
        } else if i == k - 1 {
            format!(
                "{} {}",
                if Some(i - 1) == breaks.neutral() {
                    "≥"
                } else {
                    ">"
                },
                f(lower(i))
            )
        } else {
            // A class whose values all print alike is that one value: "−0,1", not "−0,1 – −0,1".
            let (lo, hi) = (f(lower(i)), f(b[i]));
            if lo == hi {
                lo
            } else {
                format!("{lo} – {hi}")
            }
        }
    };
    let method = match breaks.method {
        Classification::Jenks => t(lang, "přirozené zlomy (Jenks)", "natural breaks (Jenks)"),
        Classification::Quantiles => t(lang, "kvantily", "quantiles"),
        Classification::Diverging => t(
            lang,
            "symetricky kolem 0, tercily velikostí",
            "symmetric around 0, terciles of the magnitudes",
        ),
    };
    html! {
        div class="legend" {
            p class="legend-title" { (unit) " · " (t(lang, "třídy", "classes")) ": " (method) }
            ul {
                @for i in (0..k).filter(|&i| used(i)) {
                    li { span class="box" style={ "background:" (colours[i]) } {} (label(i)) }
                }
                li class="context" { span class="box" style="background:#d9d9d9" {} (t(lang, "kontext (nezapočten)", "context (not counted)")) }
            }
        }
    }
}

/// A figure: a map with its legend and, beside it, the table with the same figures.
fn figure(caption: &str, map: Markup, legend: Markup, table: Markup) -> Markup {
    html! {
        figure class="mapfig" {
            figcaption { (caption) }
            div class="mapgrid" {
                div class="mapcol" { (map) (legend) }
                div class="tablecol" { (table) }
            }
        }
    }
}

/// The one value that every value reads as, printed with `decimals` decimals; `None` when they
/// differ or there are none. A map of such values would have one class: a sentence says it.
fn all_read_as(values: &[f64], decimals: usize) -> Option<f64> {
    let first = *values.first()?;
    let shown = format(first, decimals, Lang::En);
    values
        .iter()
        .all(|&v| format(v, decimals, Lang::En) == shown)
        .then_some(first)
}

/// Rows of a long table: the first `limit`, then a line that says how many more there are.
const TABLE_ROWS: usize = 15;

fn more_rows(hidden: usize, file: &str, lang: Lang) -> Markup {
    html! {
        @if hidden > 0 {
            p class="note" {
                (t(lang, "… a", "… and")) " " (hidden) " "
                (agree(hidden as f64, 0, noun(Word::More, lang))) " " (agree(hidden as f64, 0, noun(Word::Row, lang))) " "
                (t(lang, "v souboru", "in")) " " (file) "."
            }
        }
    }
}

/// Qualitative, colour-blind-friendly colours for services (ColorBrewer Dark2), with a shape
/// each as well.
fn service_colour(s: usize) -> String {
    format!("#{:x}", colorous::DARK2[s % colorous::DARK2.len()])
}

/// Provider markers, of one service or of all.
fn providers_overlay(study: &Study, frame: &Frame, service: Option<usize>, lang: Lang) -> Markup {
    html! {
        @for p in &study.providers {
            @if service.is_none_or(|s| s == p.service) {
                @if let Some(at) = p.location {
                    @let (x, y) = frame.project(at);
                    (map::marker(p.service, x, y, &service_colour(p.service), &format!(
                        "{}: {}, {}", p.name, study.services[p.service].label, count_of(p.capacity.get(), provider_noun(study, lang, p), lang)
                    )))
                }
            }
        }
    }
}
