//! `monitoring.html`: the yearly evaluation of a plan (vyhodnocení plnění plánu). Its measures
//! by priority with a progress bar each, each service's need, capacity and unmet need at the
//! baseline, now and the target as a small chart, and the gap now beside the target on maps.

#![allow(
    clippy::indexing_slicing,
    reason = "indices are positions in the target's own lists (units, services) and the plan's measures, from which the monitoring was made"
)]

use maud::{Markup, html};

use super::measures::{describe, due};
use super::*;
use crate::monitor::{Indicator, MeasureProgress, Monitoring, Plan, StageName, Status};

/// The monitoring report of `plan` on `plan.date`.
pub fn monitoring(plan: &Plan, m: &Monitoring, meta: &Meta) -> String {
    let lang = meta.lang;
    let target = plan.target.study;
    let frame = Frame::new(target);
    let title = format!(
        "{} – {}",
        t(lang, "Vyhodnocení plnění plánu", "Monitoring the plan"),
        subject(target, meta)
    );
    let sections = [
        ("opatreni", t(lang, "Plnění opatření", "The measures")),
        (
            "ukazatele",
            t(lang, "Ukazatele služeb", "The services' indicators"),
        ),
        (
            "mapy",
            t(
                lang,
                "Rozdíl nyní a v cíli",
                "The gap now and at the target",
            ),
        ),
        ("metodika", t(lang, "Metodika", "Method")),
    ];
    let chapters = Chapter::numbered(&sections);
    let lede = html! {
        (t(lang, "Plán", "Plan")) " " strong { (target.name) } ", "
        (t(lang, "stav", "now")) " " strong { (plan.now.study.name) } ", "
        (t(lang, "k", "as of")) " " (date(plan.date.as_str(), lang)) "."
    };
    let body = html! {
        (measures_section(plan, m, meta, chapters[0]))
        (indicators_section(plan, m, lang, chapters[1]))
        (maps_section(plan, &frame, lang, chapters[2]))
        (method_section(lang, chapters[3]))
    };
    page(meta, &title, &frame, lede, &sections, body)
}

/// The status as the steering group reads it.
fn status_text(status: Status, lang: Lang) -> &'static str {
    match status {
        Status::Done => t(lang, "splněno", "done"),
        Status::Partly => t(lang, "plněno částečně", "partly done"),
        Status::NotStarted => t(lang, "nezahájeno", "not started"),
        Status::Overdue => t(lang, "po termínu", "overdue"),
        Status::Assumption => t(lang, "předpoklad", "assumption"),
    }
}

/// The plan's priority of a measure: the first part of its number ("2" of "2.1").
fn priority(number: Option<&str>) -> Option<&str> {
    number
        .map(|n| n.split('.').next().unwrap_or(n).trim())
        .filter(|p| !p.is_empty())
}

/// A progress bar, its width the progress clamped to 0–100 %, and the percent beside it.
fn bar(progress: Option<f64>, status: Status, lang: Lang) -> Markup {
    html! {
        @if let Some(p) = progress {
            @let width = (100.0 * p).clamp(0.0, 100.0);
            span class={ "bar " (status.as_str()) } { span style={ "width:" (format!("{width:.0}")) "%" } {} }
            (percent(Some(p), lang))
        }
    }
}

fn measures_section(
    plan: &Plan,
    m: &Monitoring,
    meta: &Meta,
    Chapter { number, id, name }: Chapter,
) -> Markup {
    let lang = meta.lang;
    let tally = |status: Status| m.measures.iter().filter(|r| r.status == status).count();
    // Priorities in the order the plan first names them; unnumbered measures last.
    let mut groups: Vec<Option<&str>> = Vec::new();
    for r in &m.measures {
        let p = priority(plan.measures[r.measure].number.as_deref());
        if !groups.contains(&p) {
            groups.push(p);
        }
    }
    if let Some(k) = groups.iter().position(Option::is_none) {
        let none = groups.remove(k);
        groups.push(none);
    }
    let in_group = |g: Option<&str>| -> Vec<&MeasureProgress> {
        m.measures
            .iter()
            .filter(|r| priority(plan.measures[r.measure].number.as_deref()) == g)
            .collect()
    };
    html! {
        section id=(id) {
            h2 { (number) ". " (name) }
            @if m.measures.is_empty() {
                p { (t(lang, "Plán nemá žádná vlastní opatření ([[changes]]).", "The plan has no measures of its own ([[changes]])." )) }
            } @else {
                ul class="tally" {
                    @for status in [Status::Done, Status::Partly, Status::NotStarted, Status::Overdue, Status::Assumption] {
                        @let n = tally(status);
                        @if n > 0 || status != Status::Assumption {
                            li class=(status.as_str()) { (status_text(status, lang)) ": " strong { (n) } }
                        }
                    }
                }
                p class="note" { (t(lang,
                    "Plnění opatření, které přidává poskytovatele, je přírůstek kapacity služby v obci mezi výchozím stavem a dneškem, dělený plánovanou kapacitou; u změny kapacity přírůstek kapacity poskytovatele dělený plánovanou změnou. Předpoklady plánu (počty osob, normativy, dosah) se neměří.",
                    "A measure that adds a provider has come as far as the service's capacity in its municipality grew from the baseline to now, over the capacity planned; a change of capacity as far as the provider's capacity moved, over the change planned. The plan's assumptions (people, norms, catchments) are not measured."
                )) }
                @for g in &groups {
                    h3 { @match g {
                        Some(p) => { (t(lang, "Priorita", "Priority")) " " (p) }
                        None => { (t(lang, "Opatření bez čísla", "Measures without a number")) }
                    } }
                    table class="monitored" {
                        thead { tr {
                            th { (t(lang, "Opatření", "Measure")) }
                            th { (t(lang, "Název a změna", "Label and change")) }
                            th class="num" { (t(lang, "Plán", "Planned")) }
                            th class="num" { (t(lang, "Výchozí", "Baseline")) }
                            th class="num" { (t(lang, "Nyní", "Now")) }
                            th { (t(lang, "Plnění", "Progress")) }
                            th { (t(lang, "Stav", "Status")) }
                            th class="num" { (t(lang, "Termín", "Due")) }
                        } }
                        tbody {
                            @for r in in_group(*g) {
                                @let measure = &plan.measures[r.measure];
                                tr class=(r.status.as_str()) {
                                    td { (measure.number.as_deref().unwrap_or("")) }
                                    td {
                                        @if let Some(label) = &measure.label { strong { (label) } br; }
                                        // The baseline still has the providers a measure closes, and their names.
                                        span class="note" { (describe(plan.baseline.study, &measure.edit, meta)) }
                                    }
                                    td class="num" { (r.planned.map_or(String::new(), |x| count(x, lang))) }
                                    td class="num" { (r.baseline.map_or(String::new(), |x| count(x, lang))) }
                                    td class="num" { (r.now.map_or(String::new(), |x| count(x, lang))) }
                                    td class="progress" { (bar(r.progress, r.status, lang)) }
                                    td class={ "status " (r.status.as_str()) } { (status_text(r.status, lang)) }
                                    td class="num" { (due(measure, lang)) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A capacity or need as the tables show it: whole when it is, one decimal otherwise.
fn count(x: f64, lang: Lang) -> String {
    super::count((x * 10.0).round() / 10.0, lang)
}

fn stage_name(stage: StageName, lang: Lang) -> &'static str {
    match stage {
        StageName::Baseline => t(lang, "Výchozí stav", "Baseline"),
        StageName::Now => t(lang, "Nyní", "Now"),
        StageName::Target => t(lang, "Cíl", "Target"),
    }
}

fn indicators_section(
    plan: &Plan,
    m: &Monitoring,
    lang: Lang,
    Chapter { number, id, name }: Chapter,
) -> Markup {
    let target = plan.target.study;
    html! {
        section id=(id) {
            h2 { (number) ". " (name) }
            p { (t(lang,
                "Pro každou službu potřeba, kapacita a nenaplněná potřeba ve výchozím stavu (plán bez vlastních opatření), nyní a v cíli (plán se všemi opatřeními, k roku výhledu). Plnění cíle je podíl nenaplněné potřeby, kterou plán chtěl odstranit a která už odstraněna je.",
                "For each service the need, capacity and unmet need at the baseline (the plan without its own measures), now, and at the target (the plan with all its measures, at its horizon's year). Progress is the share of the unmet need the plan set out to close that is closed now."
            )) }
            div class="charts" {
                @for s in 0..target.services.len() {
                    @let rows: Vec<&Indicator> = m.indicators.iter().filter(|r| r.service == s).collect();
                    div class="chartcard" {
                        h3 { (target.services[s].label) }
                        (chart(&rows, lang))
                        table class="indicators" {
                            thead { tr {
                                th {}
                                @for r in &rows {
                                    th class="num" { (stage_name(r.stage, lang)) @if let Some(y) = r.year { br; span class="note" { (y) } } }
                                }
                            } }
                            tbody {
                                tr { td { (t(lang, "Potřeba", "Need")) } @for r in &rows { td class="num" { (n1(r.need, lang)) } } }
                                tr { td { (t(lang, "Kapacita", "Capacity")) } @for r in &rows { td class="num" { (n1(r.capacity, lang)) } } }
                                tr { td { (t(lang, "Dostupná kapacita", "Supply")) } @for r in &rows { td class="num" { (n1(r.supply, lang)) } } }
                                tr { td { (t(lang, "Nenaplněná potřeba", "Unmet need")) } @for r in &rows { td class="num" { strong { (n1(r.unmet, lang)) } } } }
                                tr { td { (t(lang, "Pokrytí", "Coverage")) } @for r in &rows { td class="num" { (percent(r.coverage, lang)) } } }
                            }
                        }
                        @let progress = rows.iter().find_map(|r| r.progress);
                        p {
                            (t(lang, "Plnění cíle", "Progress to the target")) ": "
                            @match progress {
                                Some(p) => { (bar(Some(p), Status::of(p, None, plan.date), lang)) }
                                None => { span class="note" { (t(lang, "plán nenaplněnou potřebu nesnižuje", "the plan does not reduce the unmet need")) } }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A bar of the chart: its name, its value at a stage, its colour.
type Series = (&'static str, fn(&Indicator) -> f64, &'static str);

/// Bars of need, capacity and unmet need at each stage, on one scale.
fn chart(rows: &[&Indicator], lang: Lang) -> Markup {
    const W: f64 = 330.0;
    const H: f64 = 150.0;
    const TOP: f64 = 16.0;
    const BOTTOM: f64 = 34.0;
    let series: [Series; 3] = [
        (t(lang, "potřeba", "need"), |r| r.need, "#878787"),
        (t(lang, "kapacita", "capacity"), |r| r.capacity, "#4393c3"),
        (
            t(lang, "nenaplněná potřeba", "unmet need"),
            |r| r.unmet,
            "#d6604d",
        ),
    ];
    let largest = rows
        .iter()
        .flat_map(|r| series.iter().map(move |(_, f, _)| f(r)))
        .fold(0.0f64, f64::max)
        .max(1e-9);
    let group = W / rows.len().max(1) as f64;
    let bar = group / 4.5;
    let y = |v: f64| TOP + (H - TOP - BOTTOM) * (1.0 - v.max(0.0) / largest);
    html! {
        svg class="chart" viewBox=(format!("0 0 {W} {H}")) role="img" aria-label=(t(lang, "Graf ukazatelů", "Chart of the indicators")) {
            line x1="0" x2=(W) y1=(H - BOTTOM) y2=(H - BOTTOM) stroke="#999" {}
            @for (k, r) in rows.iter().enumerate() {
                @let x0 = group * k as f64 + (group - 3.0 * bar) / 2.0;
                @for (j, (_, f, colour)) in series.iter().enumerate() {
                    @let v = f(r);
                    @let top = y(v);
                    rect x=(map::r1(x0 + bar * j as f64)) y=(map::r1(top)) width=(map::r1(bar - 2.0)) height=(map::r1(H - BOTTOM - top)) fill=(colour) {
                        title { (series[j].0) ": " (n1(v, lang)) }
                    }
                    text class="value" x=(map::r1(x0 + bar * j as f64 + bar / 2.0 - 1.0)) y=(map::r1(top - 3.0)) text-anchor="middle" font-size="9" { (format(v, 0, lang)) }
                }
                text class="label" x=(map::r1(group * k as f64 + group / 2.0)) y=(map::r1(H - BOTTOM + 14.0)) text-anchor="middle" font-size="11" {
                    (stage_name(r.stage, lang))
                }
                @if let Some(year) = r.year {
                    text class="label" x=(map::r1(group * k as f64 + group / 2.0)) y=(map::r1(H - BOTTOM + 27.0)) text-anchor="middle" font-size="10" { (year) }
                }
            }
        }
        div class="legend" { ul {
            @for (name, _, colour) in &series {
                li { span class="box" style={ "background:" (colour) } {} (name) }
            }
        } }
    }
}

/// The gap of each service now beside the target's, on one extent and one set of classes.
fn maps_section(
    plan: &Plan,
    frame: &Frame,
    lang: Lang,
    Chapter { number, id, name }: Chapter,
) -> Markup {
    let target = plan.target.study;
    let now = plan.now.study;
    // Now's units and services by the target's positions, matched by id.
    let now_unit: Vec<Option<usize>> = target
        .units
        .iter()
        .map(|u| now.units.iter().position(|n| n.id == u.id))
        .collect();
    let title = |stage: StageName, year: Option<u32>| match year {
        Some(y) => format!("{} {y}", stage_name(stage, lang)),
        None => stage_name(stage, lang).to_string(),
    };
    let now_title = title(StageName::Now, now.people_year());
    let target_title = title(StageName::Target, target.people_year());
    html! {
        section id=(id) {
            h2 { (number) ". " (name) }
            p { (t(lang,
                "Rozdíl potřeby a dostupné kapacity v obcích nyní a v cíli plánu, na stejné škále: červeně nedostatek, modře přebytek.",
                "The gap between need and supply in each municipality now and at the plan's target, on one scale: red a shortfall, blue a surplus."
            )) }
            @for s in 0..target.services.len() {
                @let columns = [
                    (now_title.as_str(), stage_gaps(plan.now.study, plan.now.findings, &target.services[s].id, target.units.len(), |u| now_unit[u])),
                    (target_title.as_str(), stage_gaps(target, plan.target.findings, &target.services[s].id, target.units.len(), Some)),
                ];
                (gap_multiples(target, frame, lang, s, &columns))
            }
        }
    }
}

/// A stage's gap of service `service` per target unit; `unit` maps a target unit to the
/// stage's.
fn stage_gaps(
    study: &Study,
    findings: &crate::gap::Findings,
    service: &str,
    units: usize,
    unit: impl Fn(usize) -> Option<usize>,
) -> Vec<Option<f64>> {
    let Some(s) = study.services.iter().position(|x| x.id == service) else {
        return vec![None; units];
    };
    let mut by_unit = vec![None; study.units.len()];
    for g in findings.gaps.iter().filter(|g| g.service == s) {
        by_unit[g.unit] = Some(g.gap);
    }
    (0..units)
        .map(|u| unit(u).and_then(|v| by_unit[v]))
        .collect()
}

fn method_section(lang: Lang, Chapter { number, id, name }: Chapter) -> Markup {
    html! {
        section id=(id) {
            h2 { (number) ". " (name) }
            p { (t(lang,
                "Výchozí stav je plán bez jeho vlastních změn ([[changes]]; změny zděděné z jeho základu zůstávají) a bez výhledu; cíl je plán se všemi změnami a s výhledem; nyní je scénář dneška nad týmiž obcemi a službami. Obec poskytovatele je obec, v jejímž polygonu leží (s vymezeným územím první obec území; mimo všechny polygony obec s nejbližším reprezentativním bodem).",
                "The baseline is the plan without its own changes ([[changes]]; those inherited from its base stay) and without its horizon; the target is the plan with all its changes and its horizon; now is a scenario of today over the same municipalities and services. A provider's municipality is the one whose polygon holds it (with a service area, the area's first; outside every polygon, the one whose representative point is nearest)."
            )) }
            ul {
                li { (t(lang, "Přidání poskytovatele s kapacitou C služby S v obci M: plnění = (kapacita S v M nyní − ve výchozím stavu) / C.", "Adding a provider of capacity C of service S in municipality M: progress = (capacity of S in M now − at the baseline) / C.")) }
                li { (t(lang, "Změna kapacity poskytovatele P na C′ (c₀ ve výchozím stavu, c₁ nyní, 0 když P zanikl): plnění = (c₁ − c₀) / (C′ − c₀); když C′ = c₀, 1.", "Setting provider P's capacity to C′ (c₀ at the baseline, c₁ now, 0 when P is gone): progress = (c₁ − c₀) / (C′ − c₀); when C′ = c₀, 1.")) }
                li { (t(lang, "Zrušení poskytovatele P: plnění 1, když P zanikl nebo má kapacitu 0, jinak 0.", "Closing provider P: progress 1 when P is gone or has capacity 0, else 0.")) }
                li { (t(lang, "Stav: splněno při plnění ≥ 1, částečně při 0 < plnění < 1, nezahájeno při plnění ≤ 0; po termínu místo „částečně“ a „nezahájeno“, když termín uplynul.", "Status: done at progress ≥ 1, partly at 0 < progress < 1, not started at progress ≤ 0; overdue instead of partly or not started when the due day has passed.")) }
                li { (t(lang, "Plnění cíle služby = (nenaplněná potřeba ve výchozím stavu − nyní) / (ve výchozím stavu − v cíli); prázdné, když jmenovatel není kladný.", "A service's progress = (unmet need at the baseline − now) / (at the baseline − at the target); empty when the denominator is not positive.")) }
            }
        }
    }
}
