//! The merged scenario resolved into a [`Scenario`]: names, groups, services, decays, methods
//! and norms validated, each error at its key.

#![allow(
    clippy::indexing_slicing,
    reason = "service and group positions were resolved against the scenario's own lists"
)]

use std::path::Path;

use super::changes::change;
use super::*;
use crate::balance::Method;
use crate::decay::{Bands, DEFAULT_MIN_COST, Decay, Positive};
use crate::model::{Catchment, Form, NeedNorm, QuestionId, Survey, SurveyId, SurveySource};

pub(super) struct Resolver<'a> {
    pub(super) path: &'a Path,
}

impl Resolver<'_> {
    pub(super) fn err(&self, key: impl Into<String>, message: impl Into<String>) -> InputError {
        InputError::at(self.path, Location::Key(key.into()), message)
    }

    pub(super) fn value(&self, key: impl Into<String>, field: &str, e: ValueError) -> InputError {
        self.err(key, e.to_string()).field(field)
    }

    pub(super) fn file(&self, p: &str) -> PathBuf {
        let dir = self.path.parent().unwrap_or(Path::new(""));
        dir.join(p)
    }

    /// An error for a key the merged scenario lacks.
    pub(super) fn missing(&self, key: &str, field: &str) -> InputError {
        self.err(key, "is required").field(field)
    }

    pub(super) fn resolve(&self, raw: RawScenario) -> Result<Scenario> {
        let raw_name = raw
            .name
            .as_deref()
            .ok_or_else(|| self.missing("name", "name"))?;
        let name = ScenarioName::try_from(raw_name).map_err(|e| self.value("name", "name", e))?;
        let inputs = self.inputs(&raw.inputs, raw.travel.as_ref())?;

        let mut columns: Vec<String> = Vec::new();
        let mut groups = Vec::new();
        for (id, g) in &raw.groups {
            let key = format!("groups.{id}");
            let group_columns = g
                .columns
                .as_deref()
                .ok_or_else(|| self.missing(&key, "columns"))?;
            if group_columns.is_empty() {
                return Err(self
                    .err(&key, "must list at least one population column")
                    .field("columns")
                    .into());
            }
            let share = g.share.unwrap_or(1.0);
            if !(share.is_finite() && share >= 0.0) {
                let e = ValueError::new("share", share, "must be a number ≥ 0");
                return Err(self.value(&key, "share", e).into());
            }
            let cols = group_columns
                .iter()
                .map(|c| match columns.iter().position(|x| x == c) {
                    Some(i) => i,
                    None => {
                        columns.push(c.clone());
                        columns.len() - 1
                    }
                })
                .collect();
            groups.push(Group {
                id: id.clone(),
                label: g.label.clone().unwrap_or_else(|| id.clone()),
                columns: cols,
                share,
            });
        }

        let default_method = match &raw.method {
            Some(m) => {
                Method::try_from(m.kind.as_str()).map_err(|e| self.value("method", "kind", e))?
            }
            None => Method::TwoStep,
        };
        if raw.services.is_empty() {
            return Err(self
                .err("services", "the scenario defines no service")
                .into());
        }
        // What a catchment's minutes are, for its error message.
        let travel = match &inputs.travel {
            Travel::Transit(_) => Some("by public transport".to_string()),
            Travel::Roads(r) => Some(format!("travel by {} on the roads", r.mode)),
            Travel::Sphere | Travel::Costs(_) => None,
        };
        let questionnaires = self.questionnaires(&raw.surveys, &groups)?;
        let mut services = raw
            .services
            .iter()
            .map(|(id, s)| {
                self.service(
                    id,
                    s,
                    &groups,
                    default_method,
                    travel.as_deref(),
                    &questionnaires,
                )
            })
            .collect::<Result<Vec<_>>>()?;

        let mut changes = Vec::new();
        for t in &raw.tagged {
            if let Some(kind) = change(t, &mut groups, &mut services)? {
                changes.push(Change {
                    file: t.file.clone(),
                    line: t.line,
                    index: t.index,
                    kind,
                });
            }
        }
        let priorities = self.priorities(raw.priorities.as_ref(), &groups, &services)?;

        let sources = self.sources(&raw.sources)?;
        let horizon = self.horizon(raw.horizon.as_ref(), &inputs)?;
        let measures = self.measures(&raw.tagged)?;
        Ok(Scenario {
            path: self.path.to_path_buf(),
            name,
            description: raw.description,
            inputs,
            columns,
            groups,
            services,
            changes,
            priorities,
            questionnaires,
            sources,
            horizon,
            measures,
        })
    }

    /// `[sources]`: each key an input's, each a name and an optional day.
    fn sources(&self, raw: &IndexMap<String, RawSource>) -> Result<Vec<Source>> {
        raw.iter()
            .map(|(input, source)| {
                let key = format!("sources.{input}");
                if !SOURCE_KEYS.contains(&input.as_str()) {
                    return Err(self
                        .err(
                            key,
                            format!(
                                "is not an input; sources describe {}",
                                SOURCE_KEYS.join(", ")
                            ),
                        )
                        .into());
                }
                let (name, date) = match source {
                    RawSource::Name(n) => (n.clone(), None),
                    RawSource::Dated(d) => (d.name.clone(), d.date.clone()),
                };
                let date = date
                    .map(|d| crate::day::Day::try_from(d.as_str()))
                    .transpose()
                    .map_err(|e| self.err(key.clone(), e.to_string()).field("date"))?;
                if name.trim().is_empty() {
                    return Err(self.err(key, "has an empty name").field("name").into());
                }
                Ok(Source {
                    input: input.clone(),
                    name,
                    date,
                })
            })
            .collect()
    }

    /// `[priorities] weights`: each key a service or a group, each weight a number ≥ 0.
    fn priorities(
        &self,
        raw: Option<&RawPriorities>,
        groups: &[Group],
        services: &[Service],
    ) -> Result<Priorities> {
        let mut p = Priorities {
            service: vec![1.0; services.len()],
            group: vec![1.0; groups.len()],
        };
        for (id, &w) in raw.iter().flat_map(|r| &r.weights) {
            let key = "priorities.weights";
            if !(w.is_finite() && w >= 0.0) {
                let e = ValueError::new("weight", w, "must be a number ≥ 0");
                return Err(self.value(key, id, e).into());
            }
            let service = services.iter().position(|s| s.id == *id);
            let group = groups.iter().position(|g| g.id == *id);
            match (service, group) {
                (Some(s), None) => p.service[s] = w,
                (None, Some(g)) => p.group[g] = w,
                (Some(_), Some(_)) => {
                    return Err(self
                        .err(key, format!("{id:?} is both a service and a group"))
                        .field(id)
                        .into());
                }
                (None, None) => {
                    return Err(self
                        .err(
                            key,
                            format!("{id:?} is neither a service nor a group of the scenario"),
                        )
                        .field(id)
                        .into());
                }
            }
        }
        Ok(p)
    }

    fn inputs(&self, raw: &RawInputs, travel: Option<&RawTravel>) -> Result<Inputs> {
        match (&raw.municipalities, &raw.population, &raw.demand_points) {
            (Some(_), None, _) => {
                return Err(self
                    .err("inputs", "`municipalities` needs `population` beside it")
                    .into());
            }
            (None, Some(_), _) => {
                return Err(self
                    .err("inputs", "`population` needs `municipalities` beside it")
                    .into());
            }
            (None, None, None) => {
                return Err(self
                    .err(
                        "inputs",
                        "give `municipalities` with `population`, or `demand_points`",
                    )
                    .into());
            }
            _ => {}
        }
        Ok(Inputs {
            municipalities: raw.municipalities.as_deref().map(|p| self.file(p)),
            population: raw.population.as_deref().map(|p| self.file(p)),
            providers: self.file(
                raw.providers
                    .as_deref()
                    .ok_or_else(|| self.missing("inputs", "providers"))?,
            ),
            demand_points: raw.demand_points.as_deref().map(|p| self.file(p)),
            // Each check below refuses the combinations that make no sense; what is left is one.
            travel: match (
                self.transit(raw, travel)?,
                self.roads(raw, travel)?,
                raw.costs.as_deref(),
            ) {
                (Some(transit), _, _) => Travel::Transit(transit),
                (None, Some(roads), _) => Travel::Roads(roads),
                (None, None, Some(costs)) => Travel::Costs(self.file(costs)),
                (None, None, None) => Travel::Sphere,
            },
            id_field: raw.id_field.clone().unwrap_or_else(|| "code".into()),
            name_field: raw.name_field.clone().unwrap_or_else(|| "name".into()),
            population_year: raw
                .population_year
                .map(|y| self.year("inputs", "population_year", y))
                .transpose()?,
        })
    }

    /// A year of a key: a whole number 1900–2200.
    fn year(&self, key: &str, field: &str, y: i64) -> Result<u32> {
        u32::try_from(y)
            .ok()
            .filter(|y| (1900..=2200).contains(y))
            .ok_or_else(|| {
                let e = ValueError::new("year", y, "must be a year, 1900–2200");
                self.value(key, field, e).into()
            })
    }

    /// `[horizon]`: a year at or after the population's, which it needs.
    fn horizon(&self, raw: Option<&RawHorizon>, inputs: &Inputs) -> Result<Option<Horizon>> {
        let Some(raw) = raw else {
            return Ok(None);
        };
        let year = raw.year.ok_or_else(|| self.missing("horizon", "year"))?;
        let year = self.year("horizon", "year", year)?;
        let Some(base) = inputs.population_year else {
            return Err(self
                .err(
                    "inputs",
                    "[horizon] needs the year the population counts are for, as \
                     `population_year = 2021` (ČSÚ's counts at 31 Dec 2020 are for 1 Jan 2021)",
                )
                .field("population_year")
                .into());
        };
        if year < base {
            let e = ValueError::new(
                "horizon",
                year,
                format!("must not be before the population's year {base}"),
            );
            return Err(self.value("horizon", "year", e).into());
        }
        Ok(Some(Horizon {
            year,
            projection: raw.projection.as_deref().map(|p| self.file(p)),
        }))
    }

    /// Every `[[changes]]` entry as a measure, with its `measure`, `label` and `due`.
    fn measures(&self, tagged: &[Tagged]) -> Result<Vec<Measure>> {
        tagged
            .iter()
            .filter_map(|t| Some((t, Edit::from_keys(&t.raw).ok()?)))
            .map(|(t, edit)| {
                let due = t
                    .raw
                    .due
                    .as_deref()
                    .map(crate::day::Day::try_from)
                    .transpose()
                    .map_err(|e| {
                        InputError::at(
                            &t.file,
                            Location::Line(t.line),
                            format!("change {} ({}): {e}", t.index, edit.action()),
                        )
                        .field("due")
                    })?;
                Ok(Measure {
                    number: t.raw.measure.clone(),
                    label: t.raw.label.clone(),
                    due,
                    edit,
                    file: t.file.clone(),
                    line: t.line,
                    index: t.index,
                    own: t.file == self.path,
                })
            })
            .collect()
    }

    fn service(
        &self,
        id: &str,
        raw: &RawService,
        groups: &[Group],
        default_method: Method,
        travel: Option<&str>,
        questionnaires: &[Questionnaire],
    ) -> Result<Service> {
        let key = format!("services.{id}");
        let raw_form = raw
            .form
            .as_deref()
            .ok_or_else(|| self.missing(&key, "form"))?;
        let form = Form::try_from(raw_form).map_err(|e| self.value(&key, "form", e))?;
        let raw_catchment = raw
            .catchment
            .ok_or_else(|| self.missing(&key, "catchment"))?;
        let catchment = Catchment::try_from(raw_catchment).map_err(|e| match travel {
            // With roads or a timetable a catchment is a travel time: say so.
            Some(how) => self.value(
                &key,
                "catchment",
                ValueError::new(
                    "catchment",
                    raw_catchment,
                    format!("must be a number of minutes > 0 ({how})"),
                ),
            ),
            None => self.value(&key, "catchment", e),
        })?;
        let raw_need = raw
            .need
            .as_deref()
            .ok_or_else(|| self.missing(&key, "need"))?;
        let decay = match &raw.decay {
            None => Decay::Step,
            Some(d) => self.decay(&key, d)?,
        };
        let method = match &raw.method {
            Some(m) => Method::try_from(m.as_str()).map_err(|e| self.value(&key, "method", e))?,
            None => default_method,
        };
        if raw_need.is_empty() {
            return Err(self
                .err(&key, "must list at least one norm")
                .field("need")
                .into());
        }
        if raw_need.len() > MAX_NORMS {
            let e = ValueError::new("need", raw_need.len(), format!("at most {MAX_NORMS} norms"));
            return Err(self.value(&key, "need", e).into());
        }
        let mut need = Vec::new();
        for (k, n) in raw_need.iter().enumerate() {
            let nkey = format!("{key}.need[{k}]");
            let group = groups.iter().position(|g| g.id == n.group).ok_or_else(|| {
                let known: Vec<&str> = groups.iter().map(|g| g.id.as_str()).collect();
                self.err(
                    &nkey,
                    format!(
                        "unknown group {:?}; the scenario's groups are: {}",
                        n.group,
                        known.join(", ")
                    ),
                )
                .field("group")
            })?;
            if need.iter().any(|x: &NeedNorm| x.group == group) {
                return Err(self
                    .err(
                        &nkey,
                        format!("group {:?} has two norms in one service", n.group),
                    )
                    .field("group")
                    .into());
            }
            let per_1000 = match (n.per_1000, &n.survey, &n.question) {
                (Some(v), None, None) => v,
                (None, Some(file), None) => {
                    need.push(NeedNorm {
                        group,
                        per_1000: 0.0,
                        survey: Some(Survey {
                            source: SurveySource::Table(self.file(file)),
                            per_unit: Vec::new(),
                        }),
                    });
                    continue;
                }
                (None, Some(id), Some(question)) => {
                    let source =
                        self.question(&nkey, id, question, group, groups, questionnaires)?;
                    need.push(NeedNorm {
                        group,
                        per_1000: 0.0,
                        survey: Some(Survey {
                            source,
                            per_unit: Vec::new(),
                        }),
                    });
                    continue;
                }
                (_, None, Some(_)) => {
                    return Err(self
                        .err(
                            &nkey,
                            "`question` goes with `survey`, the questionnaire's id",
                        )
                        .field("question")
                        .into());
                }
                _ => {
                    return Err(self
                        .err(&nkey, "give exactly one of `per_1000` or `survey`")
                        .into());
                }
            };
            if !(per_1000.is_finite() && per_1000 >= 0.0) {
                let e = ValueError::new("per_1000", per_1000, "must be a number ≥ 0");
                return Err(self.value(&nkey, "per_1000", e).into());
            }
            need.push(NeedNorm {
                group,
                per_1000,
                survey: None,
            });
        }
        Ok(Service {
            id: id.to_string(),
            label: raw.label.clone().unwrap_or_else(|| id.to_string()),
            form,
            catchment,
            decay,
            need,
            method,
        })
    }

    /// A need entry's `survey` and `question`: a question of a questionnaire whose respondents
    /// stand for the entry's group.
    fn question(
        &self,
        key: &str,
        id: &str,
        question: &str,
        group: usize,
        groups: &[Group],
        questionnaires: &[Questionnaire],
    ) -> Result<SurveySource> {
        let Some(s) = questionnaires.iter().position(|q| q.id == id) else {
            let known: Vec<&str> = questionnaires.iter().map(|q| q.id.as_str()).collect();
            return Err(self
                .err(
                    key,
                    format!(
                        "no questionnaire {id:?}: define [surveys.{id}]{}",
                        if known.is_empty() {
                            String::new()
                        } else {
                            format!(" (the scenario defines: {})", known.join(", "))
                        }
                    ),
                )
                .field("survey")
                .into());
        };
        let q = &questionnaires[s];
        let Some(k) = q.questions.iter().position(|x| x.id == question) else {
            let known: Vec<&str> = q.questions.iter().map(|x| x.id.as_str()).collect();
            return Err(self
                .err(
                    key,
                    format!(
                        "questionnaire {id:?} has no question {question:?}; its questions are: {}",
                        known.join(", ")
                    ),
                )
                .field("question")
                .into());
        };
        if q.group != group {
            return Err(self
                .err(
                    key,
                    format!(
                        "questionnaire {id:?} stands for group {:?}, not {:?}: its shares are of \
                         that group's people",
                        groups[q.group].id, groups[group].id
                    ),
                )
                .field("group")
                .into());
        }
        Ok(SurveySource::Question {
            survey: SurveyId::new(s),
            question: QuestionId::new(k),
        })
    }

    fn decay(&self, key: &str, raw: &RawDecay) -> Result<Decay> {
        let key = format!("{key}.decay");
        // A parameter must be given, and be a number > 0.
        let need = |field: &'static str, v: Option<f64>| -> Result<Positive> {
            let v = v.ok_or_else(|| {
                self.err(&key, format!("decay {:?} needs `{field}`", raw.kind))
                    .field(field)
            })?;
            Positive::new(field, v).map_err(|e| self.value(&key, field, e).into())
        };
        let decay = match raw.kind.as_str() {
            "step" => Decay::Step,
            "linear" => Decay::Linear,
            "steps" => {
                let bands = raw.steps.clone().ok_or_else(|| {
                    self.err(
                        &key,
                        "decay \"steps\" needs `steps`, e.g. [[10, 1.0], [20, 0.5]]",
                    )
                    .field("steps")
                })?;
                Decay::Steps(Bands::new(bands).map_err(|e| self.value(&key, "steps", e))?)
            }
            "gaussian" => Decay::Gaussian {
                sigma: need("sigma", raw.sigma)?,
            },
            "exponential" => Decay::Exponential {
                beta: need("beta", raw.beta)?,
            },
            "power" => Decay::Power {
                beta: need("beta", raw.beta)?,
                min_cost: match raw.min_cost {
                    Some(v) => need("min_cost", Some(v))?,
                    None => DEFAULT_MIN_COST,
                },
            },
            other => {
                let e = ValueError::new(
                    "decay",
                    format!("{other:?}"),
                    "must be one of step, steps, linear, gaussian, exponential, power",
                );
                return Err(self.value(&key, "kind", e).into());
            }
        };
        // A parameter given to a kind that does not use it is a typo or a misunderstanding.
        let extra = [
            (
                "steps",
                raw.steps.is_some(),
                matches!(decay, Decay::Steps(_)),
            ),
            (
                "sigma",
                raw.sigma.is_some(),
                matches!(decay, Decay::Gaussian { .. }),
            ),
            (
                "beta",
                raw.beta.is_some(),
                matches!(decay, Decay::Exponential { .. } | Decay::Power { .. }),
            ),
            (
                "min_cost",
                raw.min_cost.is_some(),
                matches!(decay, Decay::Power { .. }),
            ),
        ];
        if let Some((field, _, _)) = extra.iter().find(|(_, given, used)| *given && !used) {
            return Err(self
                .err(&key, format!("decay {:?} takes no `{field}`", raw.kind))
                .field(*field)
                .into());
        }
        Ok(decay)
    }
}
