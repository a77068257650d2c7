//! `[surveys.<id>]`: a working group's questionnaire, as its form tool or typist exported it,
//! with the questions whose share of "yes" is a need.
//!
//! ```toml
//! [surveys.seniori]
//! file = "dotaznik.xlsx"            # CSV or xlsx
//! sheet = "Odpovědi"                # optional, xlsx only; default: the first sheet
//! unit = "Obec"                     # the respondent's municipality: code or name
//! age = "Věk"                       # optional: years, or a band such as "65–74" or "85+"
//! group = "seniors_65"              # the target group the respondents stand for
//! min_respondents = 30              # optional; default 30
//! [surveys.seniori.questions.home_care]
//! column = "Využil(a) byste pečovatelskou službu?"
//! yes = ["Ano", "Spíše ano"]
//! no = ["Ne", "Spíše ne"]           # or `contains = "Pečovatelská služba"` for a checkbox cell
//! ```

use std::path::PathBuf;

use indexmap::IndexMap;
use serde::Deserialize;

use super::resolve::Resolver;
use crate::error::{Result, ValueError};
use crate::model::Group;

#[derive(Deserialize, Clone, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSurvey {
    pub file: Option<String>,
    sheet: Option<String>,
    unit: Option<String>,
    age: Option<String>,
    group: Option<String>,
    min_respondents: Option<i64>,
    #[serde(default)]
    questions: IndexMap<String, RawQuestion>,
}

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct RawQuestion {
    column: Option<String>,
    yes: Option<Vec<String>>,
    no: Option<Vec<String>>,
    contains: Option<String>,
}

/// A questionnaire, resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Questionnaire {
    pub id: String,
    pub file: PathBuf,
    /// The sheet of an xlsx; the first when `None`.
    pub sheet: Option<String>,
    /// The column with the respondent's municipality (its code or its name).
    pub unit: String,
    /// The column with the respondent's age in years or an age band.
    pub age: Option<String>,
    /// Index into the scenario's groups: whom the respondents stand for.
    pub group: usize,
    /// A municipality with at least this many answers to a question uses its own share.
    pub min_respondents: usize,
    pub questions: Vec<Question>,
}

/// A question: a column, and how its answers count.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    pub id: String,
    pub column: String,
    pub answer: Answer,
}

/// How an answer counts: yes (1), no (0), or not at all.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// The answer is one of `yes` or one of `no`; anything else is not counted.
    YesNo { yes: Vec<String>, no: Vec<String> },
    /// A checkbox cell listing choices separated by `,` or `;`: yes when it lists this one,
    /// no when it is answered and does not; an empty cell is not counted.
    Contains(String),
}

impl Resolver<'_> {
    /// The `[surveys]` tables, each checked at its key.
    pub(super) fn questionnaires(
        &self,
        raw: &IndexMap<String, RawSurvey>,
        groups: &[Group],
    ) -> Result<Vec<Questionnaire>> {
        let mut out = Vec::new();
        for (id, s) in raw {
            let key = format!("surveys.{id}");
            let file = s
                .file
                .as_deref()
                .ok_or_else(|| self.missing(&key, "file"))?;
            let file = self.file(file);
            let is_xlsx = file
                .extension()
                .is_some_and(|x| x.eq_ignore_ascii_case("xlsx"));
            if s.sheet.is_some() && !is_xlsx {
                return Err(self
                    .err(&key, "`sheet` is for an xlsx file; a CSV has one table")
                    .field("sheet")
                    .into());
            }
            let unit = s.unit.clone().ok_or_else(|| self.missing(&key, "unit"))?;
            let group_id = s
                .group
                .as_deref()
                .ok_or_else(|| self.missing(&key, "group"))?;
            let group = groups
                .iter()
                .position(|g| g.id == group_id)
                .ok_or_else(|| {
                    let known: Vec<&str> = groups.iter().map(|g| g.id.as_str()).collect();
                    self.err(
                        &key,
                        format!(
                            "unknown group {group_id:?}; the scenario's groups are: {}",
                            known.join(", ")
                        ),
                    )
                    .field("group")
                })?;
            let min_respondents = match s.min_respondents {
                None => 30,
                Some(n) if n >= 1 => n as usize,
                Some(n) => {
                    let e = ValueError::new("min_respondents", n, "must be a whole number ≥ 1");
                    return Err(self.value(&key, "min_respondents", e).into());
                }
            };
            if s.questions.is_empty() {
                return Err(self
                    .err(
                        &key,
                        "has no question: add [surveys.<id>.questions.<question>] with `column` \
                         and `yes`/`no` or `contains`",
                    )
                    .field("questions")
                    .into());
            }
            let mut questions = Vec::new();
            for (qid, q) in &s.questions {
                let qkey = format!("{key}.questions.{qid}");
                let column = q
                    .column
                    .clone()
                    .ok_or_else(|| self.missing(&qkey, "column"))?;
                let answer = match (&q.yes, &q.no, &q.contains) {
                    (Some(yes), Some(no), None) if !yes.is_empty() && !no.is_empty() => {
                        Answer::YesNo {
                            yes: yes.clone(),
                            no: no.clone(),
                        }
                    }
                    (None, None, Some(c)) if !c.trim().is_empty() => Answer::Contains(c.clone()),
                    _ => {
                        return Err(self
                            .err(
                                &qkey,
                                "give `yes` and `no` (the answers that count as each), or \
                                 `contains` (the choice a checkbox cell lists), not both",
                            )
                            .into());
                    }
                };
                questions.push(Question {
                    id: qid.clone(),
                    column,
                    answer,
                });
            }
            out.push(Questionnaire {
                id: id.clone(),
                file,
                sheet: s.sheet.clone(),
                unit,
                age: s.age.clone(),
                group,
                min_respondents,
                questions,
            });
        }
        Ok(out)
    }
}
