//! The run report's chapter on the working groups' questionnaires: who answered where (a map
//! of the response rate), each question's share with its interval, which municipalities have
//! their own estimate, and the answers that were not counted.

#![allow(
    clippy::indexing_slicing,
    reason = "indices are positions in the study's own lists (units, origins, services, groups, providers, columns), which load builds together and checks once; tables and maps are built per unit and per service of that study"
)]

use maud::{Markup, html};

use super::*;
use crate::model::{QuestionId, Study, SurveyId, SurveySource};
use crate::questionnaire::{Estimate, QuestionSummary, Source, Summary};

pub(super) fn surveys_section(
    study: &Study,
    frame: &Frame,
    lang: Lang,
    Chapter { number, id, name }: Chapter,
) -> Markup {
    html! {
        section id=(id) {
            h2 { (number) ". " (name) }
            p { (t(lang,
                "Potřebu služeb, které se odvolávají na otázku dotazníku, určuje podíl odpovědí „ano“ v cílové skupině: počet osob skupiny v obci × podíl. Každá odpověď je převážena na počet osob, které zastupuje (obec a věková pásma respondenta), takže obce a věkové skupiny s více vyplněnými dotazníky podíl nepřevažují. Obec s dostatkem odpovědí má vlastní odhad, ostatní obce přebírají odhad za region. Interval je 95% Wilsonův interval s korekcí na konečný počet osob.",
                "The need of a service that names a question of a questionnaire is the share of “yes” in its target group: the group's people in the municipality × the share. Each answer is weighted to the people it stands for (the respondent's municipality and age bands), so municipalities and ages that returned more forms do not tip the share. A municipality with enough answers has its own estimate; the others take the region's. The interval is Wilson's 95 % interval with the finite-population correction."
            )) }
            @for (index, s) in study.questionnaires.iter().enumerate() {
                (survey(study, frame, SurveyId::new(index), s, lang))
            }
        }
    }
}

/// Text in the language's quotation marks.
fn quoted(s: &str, lang: Lang) -> String {
    match lang {
        Lang::Cs => format!("„{s}“"),
        Lang::En => format!("“{s}”"),
    }
}

/// A share as a per cent with one decimal.
fn share(x: f64, lang: Lang) -> String {
    format!("{}\u{a0}%", format(100.0 * x, 1, lang))
}

/// An estimate's interval, or the words for a census.
fn interval(e: &Estimate, lang: Lang) -> String {
    match e.interval {
        Some((low, high)) => format!(
            "{}–{}\u{a0}%",
            format(100.0 * low, 1, lang),
            format(100.0 * high, 1, lang)
        ),
        None => t(lang, "odpověděli všichni", "everyone answered").into(),
    }
}

/// The chapter's part on survey `index` (its place in `Study::questionnaires`), `s`.
fn survey(study: &Study, frame: &Frame, index: SurveyId, s: &Summary, lang: Lang) -> Markup {
    let group = &study.groups[s.group];
    let region: Vec<usize> = (0..study.units.len())
        .filter(|&u| study.units[u].in_region)
        .collect();
    let people: f64 = region.iter().map(|&u| s.people[u]).sum();
    let respondents: usize = region.iter().map(|&u| s.respondents[u]).sum();
    let file = s.file.file_name().map_or_else(
        || s.file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    // The response rate: forms per 100 people of the group.
    let rate =
        |u: usize| (s.people[u] > 0.0).then(|| 100.0 * s.respondents[u] as f64 / s.people[u]);
    let values: Vec<Option<f64>> = (0..study.units.len())
        .map(|u| {
            if study.units[u].in_region {
                rate(u)
            } else {
                None
            }
        })
        .collect();
    let shown: Vec<f64> = region.iter().filter_map(|&u| values[u]).collect();
    let breaks = classify::jenks(&shown, 5.min(shown.len().max(1)));
    let palette = colours(colorous::BLUES, breaks.classes());
    let fills = fills(
        study,
        &values,
        &breaks,
        &palette,
        |u, v| {
            format!(
                "{} {} {} ({}), {} %",
                count_of(s.respondents[u] as f64, noun(Word::Respondent, lang), lang),
                t(lang, "z", "of"),
                count_of(s.people[u], noun(Word::Person, lang), lang),
                group.label,
                v.map_or("–".into(), |x| format(x, 1, lang)),
            )
        },
        lang,
    );
    let mut rows = region.clone();
    rows.sort_by(|&a, &b| {
        s.respondents[b]
            .cmp(&s.respondents[a])
            .then(study.units[a].name.cmp(&study.units[b].name))
    });
    let shown_rows = if rows.len() > LARGE { 50 } else { rows.len() };
    let table = html! {
        table {
            thead { tr {
                th { (t(lang, "Obec", "Municipality")) }
                th class="num" { (t(lang, "Osob skupiny", "People")) }
                th class="num" { (t(lang, "Respondentů", "Respondents")) }
                th class="num" { (t(lang, "Na 100 osob", "Per 100 people")) }
            } }
            tbody {
                @for &u in rows.iter().take(shown_rows) {
                    tr {
                        td { (study.units[u].name) }
                        td class="num" { (count(s.people[u], lang)) }
                        td class="num" { (s.respondents[u]) }
                        td class="num" { (rate(u).map_or("–".into(), |r| format(r, 1, lang))) }
                    }
                }
            }
        }
        (more_rows(rows.len() - shown_rows, "surveys.csv", lang))
    };
    let left = &s.left_out;
    html! {
        h3 { (t(lang, "Dotazník", "Questionnaire")) " " (s.id) ": " (group.label) }
        p {
            (t(lang, "Soubor", "File")) " " code { (file) } ": "
            (t(lang, "vyplněné dotazníky", "forms")) " " strong { (s.rows) } ", "
            (t(lang, "z toho z obcí regionu", "from the region's municipalities")) " " (respondents)
            " (" (t(lang, "cílová skupina v regionu čítá", "the target group in the region:")) " " (count_of(people, noun(Word::Person, lang), lang)) "). "
            (t(lang, "Nejmenší počet započtených odpovědí na otázku, od kterého má obec vlastní odhad", "The fewest counted answers to a question that give a municipality its own estimate"))
            ": " (s.min_respondents) "."
        }
        @if left.total() > 0 {
            p class="note" {
                (t(lang, "Nezapočtené dotazníky", "Forms left out")) ": " (left.total()) " ("
                (left_out_list(left, lang))
                ")."
            }
        }
        (figure(
            &format!("{} {}: {}", t(lang, "Dotazník", "Questionnaire"), s.id, t(lang, "respondenti na 100 osob cílové skupiny", "respondents per 100 people of the target group")),
            map::map(frame, &format!("{} {}", t(lang, "Mapa návratnosti dotazníku", "Map of the response rate of questionnaire"), s.id), &fills, html! {}),
            legend_of(&breaks, &palette, t(lang, "respondentů na 100 osob", "respondents per 100 people"), 1, &shown, lang),
            table,
        ))
        @for (k, question) in s.questions.iter().enumerate() {
            (question_part(study, index, QuestionId::new(k), question, lang))
        }
    }
}

fn left_out_list(left: &crate::questionnaire::LeftOut, lang: Lang) -> String {
    [
        (
            left.outside_age,
            t(
                lang,
                "věk mimo cílovou skupinu",
                "age outside the target group",
            ),
        ),
        (left.no_age, t(lang, "bez věku", "no age")),
        (left.no_unit, t(lang, "bez obce", "no municipality")),
        (
            left.context,
            t(lang, "z obcí kontextu", "from context municipalities"),
        ),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, what)| format!("{what}: {n}"))
    .collect::<Vec<_>>()
    .join("; ")
}

/// The services whose need names question `k` of survey `s`.
fn services_of(study: &Study, survey: SurveyId, k: QuestionId) -> Vec<&str> {
    study
        .services
        .iter()
        .filter(|service| {
            service.need.iter().any(|n| {
                n.survey.as_ref().is_some_and(|v| {
                    v.source
                        == SurveySource::Question {
                            survey,
                            question: k,
                        }
                })
            })
        })
        .map(|service| service.label.as_str())
        .collect()
}

/// Question `k` of survey `index`.
fn question_part(
    study: &Study,
    index: SurveyId,
    k: QuestionId,
    q: &QuestionSummary,
    lang: Lang,
) -> Markup {
    let services = services_of(study, index, k);
    let r = &q.estimates.region;
    // The municipalities of the region with their own estimate, highest share first.
    let mut own: Vec<(usize, Estimate)> = q
        .estimates
        .units
        .iter()
        .enumerate()
        .filter_map(|(u, e)| Some((u, (*e)?)))
        .filter(|&(u, e)| study.units[u].in_region && e.source == Source::Unit)
        .collect();
    own.sort_by(|(a, ea), (b, eb)| {
        eb.share
            .total_cmp(&ea.share)
            .then(study.units[*a].name.cmp(&study.units[*b].name))
    });
    let others = study.units.iter().filter(|u| u.in_region).count() - own.len();
    html! {
        h4 { (q.id) ": " (quoted(&q.column, lang)) }
        p {
            (t(lang, "V regionu odpovědělo „ano“", "In the region,")) " " strong { (share(r.share, lang)) }
            @if lang == Lang::En { " answered “yes”" }
            " ("
            (t(lang, "95% interval", "95 % interval")) " " (interval(r, lang)) "; "
            (r.yes) " " (t(lang, "z", "of")) " " (count_of(r.answered as f64, counted_answers(lang), lang)) ")."
            @if !services.is_empty() {
                " " (t(lang, "Určuje potřebu služby", "Sets the need of")) " " (services.join(", ")) "."
            }
        }
        table class="figures" {
            thead { tr {
                th { (t(lang, "Obec", "Municipality")) }
                th class="num" { (t(lang, "Odpovědí", "Answers")) }
                th class="num" { (t(lang, "Ano", "Yes")) }
                th class="num" { (t(lang, "Podíl", "Share")) }
                th class="num" { (t(lang, "95% interval", "95 % interval")) }
            } }
            tbody {
                @for &(u, e) in &own {
                    tr {
                        td { (study.units[u].name) }
                        td class="num" { (e.answered) }
                        td class="num" { (e.yes) }
                        td class="num" { (share(e.share, lang)) }
                        td class="num" { (interval(&e, lang)) }
                    }
                }
                tr class="total" {
                    td { (t(lang, "Region (ostatní obce)", "The region (other municipalities)")) }
                    td class="num" { (r.answered) }
                    td class="num" { (r.yes) }
                    td class="num" { (share(r.share, lang)) }
                    td class="num" { (interval(r, lang)) }
                }
            }
        }
        p class="note" {
            @if own.is_empty() {
                (t(lang, "Žádná obec nemá dost odpovědí na vlastní odhad; všechny obce regionu", "No municipality has enough answers for its own estimate; every municipality of the region"))
                " (" (others) ") " (t(lang, "přebírají odhad za region.", "takes the region's."))
            } @else {
                (t(lang, "Obce s vlastním odhadem", "Municipalities with their own estimate")) ": " (own.len()) "; "
                (t(lang, "obce s odhadem za region", "with the region's")) ": " (others) "."
            }
        }
        (interval_chart(study, &own, q, lang))
        @if !q.uncounted.is_empty() {
            p class="note" {
                (t(lang, "Nezapočtené odpovědi (ani „ano“, ani „ne“)", "Answers not counted (neither yes nor no)")) ": "
                @for (i, (answer, n)) in q.uncounted.iter().enumerate() {
                    @if i > 0 { ", " }
                    @if answer.is_empty() {
                        em { (t(lang, "prázdné", "empty")) }
                    } @else {
                        (quoted(answer, lang))
                    }
                    " " (n) "×"
                }
                "."
            }
        }
    }
}

/// Each own estimate and the region's as a dot with its interval, on one axis of per cents.
fn interval_chart(
    study: &Study,
    own: &[(usize, Estimate)],
    q: &QuestionSummary,
    lang: Lang,
) -> Markup {
    let mut rows: Vec<(String, Estimate)> = own
        .iter()
        .take(TABLE_ROWS)
        .map(|&(u, e)| (study.units[u].name.clone(), e))
        .collect();
    rows.push((
        t(lang, "Region", "The region").to_string(),
        q.estimates.region,
    ));
    let top = rows
        .iter()
        .map(|(_, e)| e.interval.map_or(e.share, |i| i.1))
        .fold(0.0, f64::max);
    // A round axis: the next 5 or 10 per cent above the highest interval.
    let step = if top > 0.3 { 0.1 } else { 0.05 };
    let axis = ((top / step).ceil() * step).clamp(step, 1.0);
    let x = |v: f64| 220.0 + 440.0 * v / axis;
    let row_h = 20.0;
    let height = row_h * rows.len() as f64 + 30.0;
    let ticks: Vec<f64> = (0..=((axis / step).round() as usize))
        .map(|i| i as f64 * step)
        .collect();
    html! {
        figure class="chart" {
            figcaption { (q.id) ": " (t(lang, "podíl „ano“ s 95% intervalem", "share of “yes” with its 95 % interval")) }
            svg viewBox={ "0 0 700 " (map::r1(height)) } role="img" aria-label=(t(lang, "Graf podílů s intervaly", "Chart of shares with intervals")) {
                @for tick in &ticks {
                    line x1=(map::r1(x(*tick))) x2=(map::r1(x(*tick))) y1="0" y2=(map::r1(height - 22.0)) stroke="#ddd" {}
                    text x=(map::r1(x(*tick))) y=(map::r1(height - 8.0)) text-anchor="middle" class="value" { (format(100.0 * tick, 0, lang)) "\u{a0}%" }
                }
                @for (i, (label, e)) in rows.iter().enumerate() {
                    @let y = i as f64 * row_h + 12.0;
                    @let (low, high) = e.interval.unwrap_or((e.share, e.share));
                    @let colour = if e.source == Source::Region { "#08519c" } else { "#6baed6" };
                    text x="215" y=(map::r1(y + 4.0)) text-anchor="end" class="label" { (label) }
                    line x1=(map::r1(x(low))) x2=(map::r1(x(high))) y1=(map::r1(y)) y2=(map::r1(y)) stroke=(colour) stroke-width="3" {}
                    circle cx=(map::r1(x(e.share))) cy=(map::r1(y)) r="5" fill=(colour) {
                        title { (label) ": " (share(e.share, lang)) ", " (interval(e, lang)) }
                    }
                }
            }
        }
    }
}

/// "z 316 započtených odpovědí": answers counted, after "z" (of), in the genitive.
fn counted_answers(lang: Lang) -> Noun {
    match lang {
        Lang::Cs => Noun::cs(
            "započtené odpovědi",
            "započtených odpovědí",
            "započtených odpovědí",
            "započtené odpovědi",
        ),
        Lang::En => Noun::en("counted answer", "counted answers"),
    }
}
