//! The working groups' questionnaires (`[surveys.<id>]`): one row per respondent, as a form
//! tool or a typist exported them, from CSV (any encoding and separator gapmap reads) or xlsx.
//!
//! - A respondent's municipality is its code, or its name in any case, with or without
//!   diacritics; a name that matches no municipality, or two, is an error that says what to
//!   write. Respondents of context municipalities are not used.
//! - An age is years (`67`) or a band (`65–74`, `65-74`, `85+`) that covers whole population
//!   columns of the group; a respondent whose age is outside the group, or missing, is left out.
//! - Answers are compared like names. `yes`/`no` questions count those answers; a `contains`
//!   question reads a checkbox cell split on `,` and `;`. Any other answer is not counted.
//!
//! Errors name the file, the sheet, the spreadsheet's row, the column and the value:
//! `dotaznik.xlsx: sheet "Odpovědi", row 9, column "Obec": no municipality "Tyn nad Vltavu" …`.

#![allow(
    clippy::indexing_slicing,
    reason = "column positions come from the sheet's header; units, groups and columns from the study being loaded"
)]

mod age;
mod answer;
mod sheet;

use std::collections::HashMap;

use crate::error::{InputError, Location, Result};
use crate::model::{Origin, Service, SurveyRate, SurveySource, Unit};
use crate::names::Names;
use crate::questionnaire::{self as estimator, Answer, People};
use crate::scenario::{Questionnaire, Scenario};
use age::{Age, age_cell, column_ages, parse_age};
use answer::{counted, described, folded};
pub use sheet::Sheet;

/// Every questionnaire of the scenario: the rates of the need norms that name its questions,
/// and what the outputs and the report say of it, with notes for the user.
pub(super) fn questionnaires(
    scenario: &Scenario,
    services: &mut [Service],
    units: &[Unit],
    origins: &[Origin],
    counts: &[f64],
    notes: &mut Vec<String>,
) -> Result<Vec<estimator::Summary>> {
    let mut out = Vec::new();
    for (s, q) in scenario.questionnaires.iter().enumerate() {
        let sheet = Sheet::read(&q.file, q.sheet.as_deref())?;
        let summary = read_one(scenario, q, &sheet, units, origins, counts, notes)?;
        for service in services.iter_mut() {
            for norm in &mut service.need {
                let Some(survey) = &mut norm.survey else {
                    continue;
                };
                let SurveySource::Question {
                    survey: id,
                    question,
                } = survey.source
                else {
                    continue;
                };
                if id.index() != s {
                    continue;
                }
                // The scenario found the question in this questionnaire.
                let Some(question) = summary.questions.get(question.index()) else {
                    continue;
                };
                let e = &question.estimates;
                survey.per_unit = e
                    .units
                    .iter()
                    .map(|u| {
                        let u = u.unwrap_or(e.region);
                        let (low, high) = u.interval.unwrap_or((u.share, u.share));
                        SurveyRate {
                            rate: 1000.0 * u.share,
                            low: 1000.0 * low,
                            high: 1000.0 * high,
                        }
                    })
                    .collect();
            }
        }
        out.push(summary);
    }
    Ok(out)
}

/// One questionnaire, read and estimated.
fn read_one(
    scenario: &Scenario,
    q: &Questionnaire,
    sheet: &Sheet,
    units: &[Unit],
    origins: &[Origin],
    counts: &[f64],
    notes: &mut Vec<String>,
) -> Result<estimator::Summary> {
    let group = &scenario.groups[q.group];
    let width = scenario.columns.len();
    let columns = group.columns.len();
    // A cell is a set of columns, kept as the bits of a u64.
    if columns > 64 {
        return Err(InputError::at(
            &scenario.path,
            Location::Key(format!("surveys.{}", q.id)),
            format!(
                "group {:?} has {columns} population columns; a questionnaire's group may have \
                 at most 64 (use five-year bands)",
                group.id
            ),
        )
        .field("group")
        .into());
    }
    // The group's people per unit and column.
    let mut people = vec![0.0; units.len() * columns];
    for (o, origin) in origins.iter().enumerate() {
        for (k, &c) in group.columns.iter().enumerate() {
            people[origin.unit * columns + k] += counts[o * width + c] * group.share;
        }
    }
    let ages: Vec<(u32, Option<u32>)> = match &q.age {
        None => Vec::new(),
        Some(_) => group
            .columns
            .iter()
            .map(|&c| {
                column_ages(&scenario.columns[c]).ok_or_else(|| {
                    InputError::at(
                        &scenario.path,
                        Location::Key(format!("surveys.{}", q.id)),
                        format!(
                            "`age` needs the columns of group {:?} to be age bands such as \
                             age_65_69 or age_85_plus (got {:?})",
                            group.id, scenario.columns[c]
                        ),
                    )
                    .field("age")
                })
            })
            .collect::<std::result::Result<_, InputError>>()?,
    };
    let all_columns: u64 = if columns >= 64 {
        u64::MAX
    } else {
        (1 << columns) - 1
    };

    let names = Names::new(
        units
            .iter()
            .map(|u| (u.id.as_str(), u.name.as_str()))
            .collect(),
        "in the scenario",
    );
    let unit_col = sheet.column(&q.unit)?;
    let age_col = q.age.as_deref().map(|a| sheet.column(a)).transpose()?;
    let question_cols: Vec<usize> = q
        .questions
        .iter()
        .map(|x| sheet.column(&x.column))
        .collect::<Result<_>>()?;

    let answers_folded: Vec<_> = q.questions.iter().map(|x| folded(&x.answer)).collect();
    let mut respondents = vec![0usize; units.len()];
    let mut answers: Vec<Vec<Answer>> = vec![Vec::new(); q.questions.len()];
    let mut uncounted: Vec<HashMap<&str, usize>> = vec![HashMap::new(); q.questions.len()];
    let mut left = estimator::LeftOut::default();
    for (row, cells) in &sheet.rows {
        let text = |c: usize| cells.get(c).map_or("", |s| s.trim());
        let written = text(unit_col);
        if written.is_empty() {
            left.no_unit += 1;
            continue;
        }
        let unit = names
            .find(written)
            .map_err(|m| sheet.error_at(*row, &sheet.headers[unit_col], m))?;
        respondents[unit] += 1;
        if !units[unit].in_region {
            left.context += 1;
            continue;
        }
        let cell = match age_col {
            None => all_columns,
            Some(c) => {
                let written = text(c);
                if written.is_empty() {
                    left.no_age += 1;
                    continue;
                }
                let Some(age) = parse_age(written) else {
                    return Err(sheet
                        .error_at(
                            *row,
                            &sheet.headers[c],
                            format!(
                                "invalid age (got {written:?}): must be years (67) or a band \
                                 (65–74, 65-74, 85+)"
                            ),
                        )
                        .into());
                };
                match age_cell(&ages, age) {
                    Age::Cell(cell) => cell,
                    Age::Outside => {
                        left.outside_age += 1;
                        continue;
                    }
                    Age::Splits => {
                        let bands: Vec<&str> = group
                            .columns
                            .iter()
                            .map(|&c| scenario.columns[c].as_str())
                            .collect();
                        return Err(sheet
                            .error_at(
                                *row,
                                &sheet.headers[c],
                                format!(
                                    "the band {written:?} does not cover whole columns of group \
                                     {:?} ({})",
                                    group.id,
                                    bands.join(", ")
                                ),
                            )
                            .into());
                    }
                }
            }
        };
        for k in 0..q.questions.len() {
            let value = text(question_cols[k]);
            let yes = counted(&answers_folded[k], value);
            if yes.is_none() {
                *uncounted[k].entry(value).or_default() += 1;
            }
            answers[k].push(Answer { unit, cell, yes });
        }
    }
    let in_region: Vec<bool> = units.iter().map(|u| u.in_region).collect();
    let pop = People {
        people: &people,
        columns,
        in_region: &in_region,
    };
    let mut questions = Vec::new();
    for (k, question) in q.questions.iter().enumerate() {
        let Some(estimates) = estimator::estimate(&answers[k], &pop, q.min_respondents) else {
            return Err(sheet
                .error_at(
                    1,
                    &sheet.headers[question_cols[k]],
                    format!(
                        "no respondent of the region answered question {:?} with a yes or a no \
                         ({}): there is nothing to estimate",
                        question.id,
                        described(&question.answer)
                    ),
                )
                .into());
        };
        let not_counted = sorted(&uncounted[k]);
        if !not_counted.is_empty() {
            notes.push(format!(
                "{}: question {} (column {:?}): answers not counted: {}",
                sheet.path.display(),
                question.id,
                question.column,
                listed(&not_counted)
            ));
        }
        questions.push(estimator::QuestionSummary {
            id: question.id.clone(),
            column: question.column.clone(),
            estimates,
            uncounted: not_counted,
        });
    }
    if left.total() > 0 {
        notes.push(format!(
            "{}: {} of {} respondents left out: {} with an age outside group {:?}, {} without an \
             age, {} without a municipality, {} of context municipalities",
            sheet.path.display(),
            left.total(),
            sheet.rows.len(),
            left.outside_age,
            group.id,
            left.no_age,
            left.no_unit,
            left.context
        ));
    }
    let mut totals = vec![0.0; units.len()];
    for (u, total) in totals.iter_mut().enumerate() {
        *total = people[u * columns..(u + 1) * columns].iter().sum();
    }
    Ok(estimator::Summary {
        id: q.id.clone(),
        file: sheet.path.clone(),
        group: q.group,
        rows: sheet.rows.len(),
        respondents,
        people: totals,
        left_out: left,
        min_respondents: q.min_respondents,
        questions,
    })
}

/// Uncounted answers, most frequent first, then in text order: the same list on every run.
fn sorted(uncounted: &HashMap<&str, usize>) -> Vec<(String, usize)> {
    let mut list: Vec<(String, usize)> =
        uncounted.iter().map(|(a, n)| (a.to_string(), *n)).collect();
    list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    list
}

/// `"Nevím" 24×, (empty) 13×`.
fn listed(not_counted: &[(String, usize)]) -> String {
    let items: Vec<String> = not_counted
        .iter()
        .map(|(a, n)| match a.is_empty() {
            true => format!("(empty) {n}×"),
            false => format!("{a:?} {n}×"),
        })
        .collect();
    items.join(", ")
}
