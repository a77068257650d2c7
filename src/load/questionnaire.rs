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

use std::collections::HashMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx};

use super::table::Table;
use crate::error::{InputError, Location, Result};
use crate::model::{Origin, Service, SurveyRate, SurveySource, Unit};
use crate::names::{edit_distance, fold};
use crate::questionnaire::{self as estimator, Answer, People};
use crate::scenario::{Answer as Counts, Questionnaire, Scenario};

/// A questionnaire's table: its header and its rows, each with the row number a spreadsheet
/// shows (the header is row 1).
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub path: PathBuf,
    /// The xlsx sheet's name; `None` for a CSV.
    pub sheet: Option<String>,
    pub headers: Vec<String>,
    pub rows: Vec<(u64, Vec<String>)>,
}

impl Sheet {
    /// Reads `path`: an xlsx (its `sheet`, or the first) or a delimited text file.
    pub fn read(path: &Path, sheet: Option<&str>) -> Result<Sheet> {
        let bytes =
            std::fs::read(path).map_err(|e| InputError::file(path, format!("cannot read: {e}")))?;
        Sheet::parse(path, &bytes, sheet)
    }

    /// As [`Sheet::read`], from the file's bytes; `path` names it in errors and tells its kind.
    pub fn parse(path: &Path, bytes: &[u8], sheet: Option<&str>) -> Result<Sheet> {
        let is_xlsx = path
            .extension()
            .is_some_and(|x| x.eq_ignore_ascii_case("xlsx"));
        if !is_xlsx {
            let table = Table::parse(path, bytes)?;
            let rows = table
                .rows
                .into_iter()
                .map(|r| {
                    let line = match r.location {
                        Location::Line(n) | Location::Record { line: n, .. } => n,
                        _ => 0,
                    };
                    (line, r.fields)
                })
                .collect();
            return Ok(Sheet {
                path: path.to_path_buf(),
                sheet: None,
                headers: table.headers,
                rows,
            });
        }
        let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes))
            .map_err(|e| InputError::file(path, format!("is not a readable xlsx workbook: {e}")))?;
        let names = book.sheet_names().to_vec();
        let name = match sheet {
            Some(s) => names
                .iter()
                .find(|n| n.as_str() == s)
                .cloned()
                .ok_or_else(|| {
                    InputError::file(
                        path,
                        format!("has no sheet {s:?}; its sheets are: {}", quoted(&names)),
                    )
                })?,
            None => names
                .first()
                .cloned()
                .ok_or_else(|| InputError::file(path, "has no sheet"))?,
        };
        let range = book
            .worksheet_range(&name)
            .map_err(|e| InputError::file(path, format!("sheet {name:?} cannot be read: {e}")))?;
        let first_row = u64::from(range.start().map_or(0, |(r, _)| r));
        let mut rows = range.rows().enumerate().map(|(i, cells)| {
            (
                first_row + i as u64 + 1,
                cells.iter().map(cell_text).collect::<Vec<String>>(),
            )
        });
        let headers = loop {
            match rows.next() {
                None => {
                    return Err(InputError::file(
                        path,
                        format!("sheet {name:?} is empty: it has no header"),
                    )
                    .into());
                }
                Some((_, cells)) if cells.iter().all(String::is_empty) => continue,
                Some((_, cells)) => break cells,
            }
        };
        let rows = rows
            .filter(|(_, cells)| !cells.iter().all(String::is_empty))
            .collect();
        Ok(Sheet {
            path: path.to_path_buf(),
            sheet: Some(name),
            headers,
            rows,
        })
    }

    /// The position of column `name`: its header as written, or, if only one header folds to
    /// it, that one. A missing column is an error that suggests the closest headers.
    pub fn column(&self, name: &str) -> Result<usize> {
        if let Some(c) = self.headers.iter().position(|h| h.trim() == name.trim()) {
            return Ok(c);
        }
        let folded = fold(name);
        let same: Vec<usize> = (0..self.headers.len())
            .filter(|&c| fold(&self.headers[c]) == folded)
            .collect();
        if let [c] = same[..] {
            return Ok(c);
        }
        let mut scored: Vec<(usize, &String)> = self
            .headers
            .iter()
            .map(|h| (edit_distance(&folded, &fold(h)), h))
            .collect();
        scored.sort();
        let closest: Vec<String> = scored
            .iter()
            .take(3)
            .map(|(_, h)| format!("{h:?}"))
            .collect();
        Err(self
            .error_at(
                1,
                name,
                format!(
                    "there is no column {name:?}; the closest headers are {}",
                    closest.join(", ")
                ),
            )
            .into())
    }

    /// An error at row `row` and column `column`.
    pub fn error_at(&self, row: u64, column: &str, message: String) -> InputError {
        let part = match &self.sheet {
            Some(s) => format!("sheet {s:?}, row {row}, column {column:?}"),
            None => format!("row {row}, column {column:?}"),
        };
        InputError::at(&self.path, Location::json(part, None), message)
    }
}

/// An xlsx cell as text: whole numbers without a decimal point, as a code is written.
fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        other => other.to_string().trim().to_string(),
    }
}

fn quoted(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("{n:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A population column's ages, `age_65_69` → 65..=69 and `age_85_plus` → 85..; `None` for a
/// column that is not an age band.
fn column_ages(name: &str) -> Option<(u32, Option<u32>)> {
    let rest = name.strip_prefix("age_")?;
    let (from, to) = rest.split_once('_')?;
    let from = from.parse().ok()?;
    if to == "plus" {
        return Some((from, None));
    }
    Some((from, Some(to.parse().ok()?)))
}

/// An age as written: years, or a band `A–B`, `A-B` or `A+`. `None` when it is neither.
fn parse_age(s: &str) -> Option<(u32, Option<u32>)> {
    let s = s.trim();
    let number = |t: &str| -> Option<u32> {
        let t = t.trim().replace(',', ".");
        let v: f64 = t.parse().ok()?;
        (v.is_finite() && (0.0..200.0).contains(&v)).then(|| v.floor() as u32)
    };
    if let Some(from) = s.strip_suffix('+') {
        return Some((number(from)?, None));
    }
    for dash in ['–', '—', '-'] {
        if let Some((a, b)) = s.split_once(dash)
            && !a.trim().is_empty()
        {
            let (a, b) = (number(a)?, number(b)?);
            return (a <= b).then_some((a, Some(b)));
        }
    }
    number(s).map(|a| (a, Some(a)))
}

/// What an age or band means for the group: its cell (columns as bits), outside the group, or
/// a band that splits a column.
#[derive(Debug, PartialEq)]
enum Age {
    Cell(u64),
    Outside,
    Splits,
}

fn age_cell(ages: &[(u32, Option<u32>)], (from, to): (u32, Option<u32>)) -> Age {
    let to = to.unwrap_or(u32::MAX);
    let mut cell = 0u64;
    let mut partial = false;
    for (c, &(a, b)) in ages.iter().enumerate() {
        let b = b.unwrap_or(u32::MAX);
        if b < from || a > to {
            continue;
        }
        if from == to || (a >= from && b <= to) {
            cell |= 1 << c;
        } else {
            partial = true;
        }
    }
    // A band must be the union of whole columns of the group.
    let covered_from = ages
        .iter()
        .enumerate()
        .filter(|(c, _)| cell & (1 << c) != 0)
        .map(|(_, a)| a.0)
        .min();
    let covered_to = ages
        .iter()
        .enumerate()
        .filter(|(c, _)| cell & (1 << c) != 0)
        .map(|(_, a)| a.1.unwrap_or(u32::MAX))
        .max();
    match (cell, partial) {
        (0, false) => Age::Outside,
        (_, true) => Age::Splits,
        _ if from != to && (covered_from != Some(from) || covered_to != Some(to)) => Age::Splits,
        _ => Age::Cell(cell),
    }
}

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
                if id != s {
                    continue;
                }
                let e = &summary.questions[question].estimates;
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

    // Names and codes, folded as people write them.
    let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
    let mut by_code: HashMap<&str, usize> = HashMap::new();
    for (u, unit) in units.iter().enumerate() {
        by_name.entry(squash(&unit.name)).or_default().push(u);
        by_code.insert(unit.id.as_str(), u);
    }
    let unit_col = sheet.column(&q.unit)?;
    let age_col = q.age.as_deref().map(|a| sheet.column(a)).transpose()?;
    let question_cols: Vec<usize> = q
        .questions
        .iter()
        .map(|x| sheet.column(&x.column))
        .collect::<Result<_>>()?;

    let answers_folded: Vec<Counts> = q.questions.iter().map(|x| folded(&x.answer)).collect();
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
        let unit = unit_named(written, &by_code, &by_name, units)
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
        // Most frequent first, then in text order: the same list on every run.
        let mut not_counted: Vec<(String, usize)> = uncounted[k]
            .iter()
            .map(|(a, n)| (a.to_string(), *n))
            .collect();
        not_counted.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        if !not_counted.is_empty() {
            let list: Vec<String> = not_counted
                .iter()
                .map(|(a, n)| {
                    if a.is_empty() {
                        format!("(empty) {n}×")
                    } else {
                        format!("{a:?} {n}×")
                    }
                })
                .collect();
            notes.push(format!(
                "{}: question {} (column {:?}): answers not counted: {}",
                sheet.path.display(),
                question.id,
                question.column,
                list.join(", ")
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

/// A name folded as people write it: any case, no diacritics, single spaces.
fn squash(s: &str) -> String {
    fold(s).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The unit a respondent's municipality names: its code, or its name as people write it; the
/// message when it names none or several.
fn unit_named(
    written: &str,
    by_code: &HashMap<&str, usize>,
    by_name: &HashMap<String, Vec<usize>>,
    units: &[Unit],
) -> std::result::Result<usize, String> {
    if let Some(&u) = by_code.get(written) {
        return Ok(u);
    }
    match by_name.get(&squash(written)).map(Vec::as_slice) {
        Some([u]) => Ok(*u),
        Some(several) => {
            // Names that differ only in diacritics (Pec and Peč): a spelling with diacritics
            // decides; one without may be either, as a typist without Czech keys writes both.
            let lower = |s: &str| {
                s.split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .to_lowercase()
            };
            let same: Vec<usize> = several
                .iter()
                .copied()
                .filter(|&u| lower(&units[u].name) == lower(written))
                .collect();
            if let [u] = same[..]
                && lower(written) != squash(written)
            {
                return Ok(u);
            }
            let one_name = several
                .iter()
                .all(|&u| units[u].name == units[several[0]].name);
            let codes: Vec<String> = several
                .iter()
                .map(|&u| match one_name {
                    true => units[u].id.clone(),
                    false => format!("{} ({})", units[u].id, units[u].name),
                })
                .collect();
            Err(format!(
                "{} municipalities are called {written:?}: write the code, {}",
                several.len(),
                codes.join(" or ")
            ))
        }
        None => Err(unknown(written, units)),
    }
}

/// The error for a name that matches no municipality: the three closest names, with codes.
fn unknown(written: &str, units: &[Unit]) -> String {
    let folded = squash(written);
    let mut scored: Vec<(usize, &Unit)> = units
        .iter()
        .map(|u| (edit_distance(&folded, &squash(&u.name)), u))
        .collect();
    scored.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.name.cmp(&b.1.name)));
    let names: Vec<String> = scored
        .iter()
        .take(3)
        .map(|(_, u)| format!("{:?} ({})", u.name, u.id))
        .collect();
    let list = match names.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    };
    format!("no municipality {written:?} in the scenario; did you mean {list}?")
}

/// A question's answers folded once, as `counted` compares them.
fn folded(answer: &Counts) -> Counts {
    match answer {
        Counts::YesNo { yes, no } => Counts::YesNo {
            yes: yes.iter().map(|a| squash(a)).collect(),
            no: no.iter().map(|a| squash(a)).collect(),
        },
        Counts::Contains(choice) => Counts::Contains(squash(choice)),
    }
}

/// How an answer counts: yes, no, or not at all; `answer` is [`folded`].
fn counted(answer: &Counts, value: &str) -> Option<bool> {
    match answer {
        Counts::YesNo { yes, no } => {
            let v = squash(value);
            if yes.contains(&v) {
                Some(true)
            } else if no.contains(&v) {
                Some(false)
            } else {
                None
            }
        }
        Counts::Contains(_) if value.trim().is_empty() => None,
        Counts::Contains(choice) => {
            Some(value.split([',', ';']).any(|item| squash(item) == *choice))
        }
    }
}

fn described(answer: &Counts) -> String {
    match answer {
        Counts::YesNo { yes, no } => format!("yes: {}; no: {}", yes.join(", "), no.join(", ")),
        Counts::Contains(choice) => format!("a checkbox cell listing {choice:?} or not"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SENIORS: [(u32, Option<u32>); 5] = [
        (65, Some(69)),
        (70, Some(74)),
        (75, Some(79)),
        (80, Some(84)),
        (85, None),
    ];

    #[test]
    fn ages_and_bands_find_their_columns() {
        assert_eq!(parse_age("67"), Some((67, Some(67))));
        assert_eq!(parse_age("67,0"), Some((67, Some(67))));
        assert_eq!(parse_age("65–74"), Some((65, Some(74))));
        assert_eq!(parse_age("65 - 74"), Some((65, Some(74))));
        assert_eq!(parse_age("85+"), Some((85, None)));
        assert_eq!(parse_age("šedesát"), None);
        assert_eq!(parse_age("74-65"), None);
        assert_eq!(age_cell(&SENIORS, (67, Some(67))), Age::Cell(0b1));
        assert_eq!(age_cell(&SENIORS, (65, Some(74))), Age::Cell(0b11));
        assert_eq!(age_cell(&SENIORS, (85, None)), Age::Cell(0b10000));
        assert_eq!(age_cell(&SENIORS, (92, Some(92))), Age::Cell(0b10000));
        assert_eq!(age_cell(&SENIORS, (50, Some(50))), Age::Outside);
        assert_eq!(age_cell(&SENIORS, (50, Some(60))), Age::Outside);
        assert_eq!(age_cell(&SENIORS, (65, Some(72))), Age::Splits);
        assert_eq!(age_cell(&SENIORS, (60, Some(74))), Age::Splits);
        assert_eq!(column_ages("age_80_84"), Some((80, Some(84))));
        assert_eq!(column_ages("total"), None);
    }

    #[test]
    fn answers_count_as_people_write_them() {
        let yes_no = Counts::YesNo {
            yes: vec!["Ano".into(), "Spíše ano".into()],
            no: vec!["Ne".into(), "Spíše ne".into()],
        };
        let yes_no = folded(&yes_no);
        assert_eq!(counted(&yes_no, " spise  ANO "), Some(true));
        assert_eq!(counted(&yes_no, "ne"), Some(false));
        assert_eq!(counted(&yes_no, "Nevím"), None);
        assert_eq!(counted(&yes_no, ""), None);
        let checkbox = folded(&Counts::Contains("Pečovatelská služba".into()));
        assert_eq!(
            counted(&checkbox, "Denní stacionář; pecovatelska sluzba"),
            Some(true)
        );
        assert_eq!(counted(&checkbox, "Denní stacionář"), Some(false));
        assert_eq!(counted(&checkbox, ""), None);
    }

    #[test]
    fn municipalities_by_code_or_by_name_as_written() {
        use crate::model::Shape;
        let units: Vec<Unit> = [("1", "Pec"), ("2", "Peč"), ("3", "Lhota"), ("4", "Lhota")]
            .iter()
            .map(|(id, name)| Unit {
                id: id.to_string(),
                name: name.to_string(),
                shape: Shape::None,
                in_region: true,
            })
            .collect();
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        for (u, unit) in units.iter().enumerate() {
            by_name.entry(squash(&unit.name)).or_default().push(u);
        }
        let by_code: HashMap<&str, usize> = units
            .iter()
            .enumerate()
            .map(|(u, x)| (x.id.as_str(), u))
            .collect();
        let find = |w: &str| unit_named(w, &by_code, &by_name, &units);
        assert_eq!(find("2"), Ok(1));
        // With diacritics, the spelling decides; without, "Pec" may be either.
        assert_eq!(find(" PEČ "), Ok(1));
        assert_eq!(
            find("pec"),
            Err("2 municipalities are called \"pec\": write the code, 1 (Pec) or 2 (Peč)".into())
        );
        assert_eq!(
            find("lhota"),
            Err("2 municipalities are called \"lhota\": write the code, 3 or 4".into())
        );
        assert_eq!(
            find("Lhotka"),
            Err("no municipality \"Lhotka\" in the scenario; did you mean \"Lhota\" (3), \"Lhota\" (4) or \"Pec\" (1)?".into())
        );
    }

    proptest::proptest! {
        #[test]
        fn any_text_is_an_age_or_not_never_a_panic(text in ".{0,12}", bands in proptest::collection::vec((0u32..120, proptest::option::of(0u32..120)), 0..6)) {
            if let Some(age) = parse_age(&text) {
                let _ = age_cell(&bands, age);
                let _ = age_cell(&SENIORS, age);
            }
            let _ = counted(&folded(&Counts::Contains(text.clone())), &text);
            let _ = squash(&text);
        }
    }
}
