//! The scenario file (TOML): read, checked key by key, and resolved into a [`Scenario`].
//!
//! Unknown keys are errors (a typo must not silently change a plan). Paths are relative to the
//! scenario file. Groups and services keep the order in which the file lists them.

use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use serde::Deserialize;

use crate::balance::Method;
use crate::decay::{DEFAULT_MIN_COST, Decay};
use crate::error::{InputError, Location, Result, ValueError};
use crate::model::{Catchment, Form, Group, NeedNorm, ScenarioName, Service};

/// A scenario, resolved: names validated, paths absolute or relative to the working directory.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    /// The scenario file itself.
    pub path: PathBuf,
    pub name: ScenarioName,
    pub description: Option<String>,
    pub inputs: Inputs,
    /// Population columns that the groups use, in order of first use.
    pub columns: Vec<String>,
    pub groups: Vec<Group>,
    pub services: Vec<Service>,
}

/// The input files of a scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Inputs {
    pub municipalities: Option<PathBuf>,
    pub population: Option<PathBuf>,
    pub providers: PathBuf,
    pub demand_points: Option<PathBuf>,
    /// A cost matrix `origin,destination,cost`; catchments are then in its units.
    pub costs: Option<PathBuf>,
    /// Municipality id field, in the polygons and the population table.
    pub id_field: String,
    /// Municipality name field, in the polygons.
    pub name_field: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScenario {
    name: String,
    description: Option<String>,
    base: Option<String>,
    inputs: RawInputs,
    #[serde(default)]
    groups: IndexMap<String, RawGroup>,
    #[serde(default)]
    services: IndexMap<String, RawService>,
    method: Option<RawMethod>,
    changes: Option<Vec<toml::Table>>,
    priorities: Option<toml::Table>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInputs {
    municipalities: Option<String>,
    population: Option<String>,
    providers: String,
    demand_points: Option<String>,
    costs: Option<String>,
    id_field: Option<String>,
    name_field: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    label: Option<String>,
    columns: Vec<String>,
    share: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawService {
    label: Option<String>,
    form: String,
    catchment: f64,
    decay: Option<RawDecay>,
    need: Vec<RawNeed>,
    method: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDecay {
    kind: String,
    steps: Option<Vec<(f64, f64)>>,
    sigma: Option<f64>,
    beta: Option<f64>,
    min_cost: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNeed {
    group: String,
    per_1000: Option<f64>,
    survey: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMethod {
    kind: String,
}

/// The most norms one service may have: providers' group sets are bit masks.
const MAX_NORMS: usize = 64;

impl Scenario {
    /// Reads and resolves a scenario file.
    pub fn read(path: &Path) -> Result<Scenario> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| InputError::file(path, format!("cannot read the scenario: {e}")))?;
        Scenario::parse(path, &text)
    }

    /// Resolves scenario text; `path` names the file in errors and anchors relative paths.
    pub fn parse(path: &Path, text: &str) -> Result<Scenario> {
        let raw: RawScenario = toml::from_str(text).map_err(|e| {
            let location = e.span().map_or(Location::File, |span| {
                Location::Line(text[..span.start].matches('\n').count() as u64 + 1)
            });
            InputError::at(path, location, e.message().trim_end().to_string())
        })?;
        Resolver { path }.resolve(raw)
    }
}

struct Resolver<'a> {
    path: &'a Path,
}

impl Resolver<'_> {
    fn err(&self, key: impl Into<String>, message: impl Into<String>) -> InputError {
        InputError::at(self.path, Location::Key(key.into()), message)
    }

    fn value(&self, key: impl Into<String>, field: &str, e: ValueError) -> InputError {
        self.err(key, e.to_string()).field(field)
    }

    fn not_yet(&self, key: &str) -> InputError {
        self.err(
            key,
            "is not supported by this version of gapmap yet; remove it to run the scenario",
        )
    }

    fn file(&self, p: &str) -> PathBuf {
        let dir = self.path.parent().unwrap_or(Path::new(""));
        dir.join(p)
    }

    fn resolve(&self, raw: RawScenario) -> Result<Scenario> {
        let name =
            ScenarioName::try_from(raw.name.as_str()).map_err(|e| self.value("name", "name", e))?;
        if raw.base.is_some() {
            return Err(self.not_yet("base").into());
        }
        if raw.changes.is_some() {
            return Err(self.not_yet("changes").into());
        }
        if raw.priorities.is_some() {
            return Err(self.not_yet("priorities").into());
        }
        let inputs = self.inputs(&raw.inputs)?;

        let mut columns: Vec<String> = Vec::new();
        let mut groups = Vec::new();
        for (id, g) in &raw.groups {
            let key = format!("groups.{id}");
            if g.columns.is_empty() {
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
            let cols = g
                .columns
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
        let services = raw
            .services
            .iter()
            .map(|(id, s)| self.service(id, s, &groups, default_method))
            .collect::<Result<Vec<_>>>()?;

        Ok(Scenario {
            path: self.path.to_path_buf(),
            name,
            description: raw.description,
            inputs,
            columns,
            groups,
            services,
        })
    }

    fn inputs(&self, raw: &RawInputs) -> Result<Inputs> {
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
            providers: self.file(&raw.providers),
            demand_points: raw.demand_points.as_deref().map(|p| self.file(p)),
            costs: raw.costs.as_deref().map(|p| self.file(p)),
            id_field: raw.id_field.clone().unwrap_or_else(|| "code".into()),
            name_field: raw.name_field.clone().unwrap_or_else(|| "name".into()),
        })
    }

    fn service(
        &self,
        id: &str,
        raw: &RawService,
        groups: &[Group],
        default_method: Method,
    ) -> Result<Service> {
        let key = format!("services.{id}");
        let form = Form::try_from(raw.form.as_str()).map_err(|e| self.value(&key, "form", e))?;
        let catchment =
            Catchment::try_from(raw.catchment).map_err(|e| self.value(&key, "catchment", e))?;
        let decay = match &raw.decay {
            None => Decay::Step,
            Some(d) => self.decay(&key, d)?,
        };
        let method = match &raw.method {
            Some(m) => Method::try_from(m.as_str()).map_err(|e| self.value(&key, "method", e))?,
            None => default_method,
        };
        if raw.need.is_empty() {
            return Err(self
                .err(&key, "must list at least one norm")
                .field("need")
                .into());
        }
        if raw.need.len() > MAX_NORMS {
            let e = ValueError::new("need", raw.need.len(), format!("at most {MAX_NORMS} norms"));
            return Err(self.value(&key, "need", e).into());
        }
        let mut need = Vec::new();
        for (k, n) in raw.need.iter().enumerate() {
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
            let per_1000 = match (n.per_1000, &n.survey) {
                (Some(v), None) => v,
                (None, Some(_)) => return Err(self.not_yet(&format!("{nkey}.survey")).into()),
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
            need.push(NeedNorm { group, per_1000 });
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

    fn decay(&self, key: &str, raw: &RawDecay) -> Result<Decay> {
        let key = format!("{key}.decay");
        let need = |field: &str, v: Option<f64>| {
            v.ok_or_else(|| {
                self.err(&key, format!("decay {:?} needs `{field}`", raw.kind))
                    .field(field)
            })
        };
        let decay = match raw.kind.as_str() {
            "step" => Decay::Step,
            "linear" => Decay::Linear,
            "steps" => Decay::Steps(raw.steps.clone().ok_or_else(|| {
                self.err(
                    &key,
                    "decay \"steps\" needs `steps`, e.g. [[10, 1.0], [20, 0.5]]",
                )
                .field("steps")
            })?),
            "gaussian" => Decay::Gaussian {
                sigma: need("sigma", raw.sigma)?,
            },
            "exponential" => Decay::Exponential {
                beta: need("beta", raw.beta)?,
            },
            "power" => Decay::Power {
                beta: need("beta", raw.beta)?,
                min_cost: raw.min_cost.unwrap_or(DEFAULT_MIN_COST),
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
        decay.validate().map_err(|e| self.value(&key, e.what, e))?;
        Ok(decay)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
name = "t"
[inputs]
demand_points = "points.csv"
providers = "providers.csv"
[groups.all]
columns = ["total"]
[services.s]
form = "outpatient"
catchment = 10
need = [{ group = "all", per_1000 = 5 }]
"#;

    fn parse(text: &str) -> Result<Scenario> {
        Scenario::parse(Path::new("dir/t.toml"), text)
    }

    fn err(text: &str) -> String {
        parse(text).unwrap_err().to_string()
    }

    #[test]
    fn minimal_scenario_resolves_paths_and_defaults() {
        let s = parse(MINIMAL).unwrap();
        assert_eq!(s.inputs.providers, Path::new("dir/providers.csv"));
        assert_eq!(s.inputs.id_field, "code");
        assert_eq!(s.services[0].decay, Decay::Step);
        assert_eq!(s.services[0].method, Method::TwoStep);
        assert_eq!(s.columns, vec!["total"]);
    }

    #[test]
    fn unknown_key_is_an_error_with_its_line() {
        let text = MINIMAL.replace("catchment = 10", "catchment = 10\ncatchmnet = 3");
        let e = err(&text);
        assert!(e.starts_with("dir/t.toml: line 11"), "{e}");
        assert!(e.contains("unknown field `catchmnet`"), "{e}");
    }

    #[test]
    fn bad_values_name_the_key_and_field() {
        let e = err(&MINIMAL.replace("catchment = 10", "catchment = -1"));
        assert_eq!(
            e,
            "dir/t.toml: key `services.s`, field `catchment`: invalid catchment (got -1): must be a number > 0"
        );
        let e = err(&MINIMAL.replace("group = \"all\"", "group = \"al\""));
        assert!(
            e.contains("key `services.s.need[0]`, field `group`: unknown group \"al\""),
            "{e}"
        );
        let e = err(&MINIMAL.replace("name = \"t\"", "name = \"Demo 1\""));
        assert!(
            e.contains("field `name`: invalid name (got \"Demo 1\")"),
            "{e}"
        );
        let e = err(&MINIMAL.replace("form = \"outpatient\"", "form = \"home\""));
        assert!(
            e.contains("must be one of residential, outpatient, field"),
            "{e}"
        );
    }

    #[test]
    fn decay_parameters_are_checked() {
        let with =
            |d: &str| MINIMAL.replace("catchment = 10", &format!("catchment = 10\ndecay = {d}"));
        assert_eq!(
            parse(&with("{ kind = \"gaussian\", sigma = 5 }"))
                .unwrap()
                .services[0]
                .decay,
            Decay::Gaussian { sigma: 5.0 }
        );
        assert!(err(&with("{ kind = \"gaussian\" }")).contains("needs `sigma`"));
        assert!(err(&with("{ kind = \"step\", beta = 1 }")).contains("takes no `beta`"));
        assert!(
            err(&with(
                "{ kind = \"steps\", steps = [[20, 1.0], [10, 0.5]] }"
            ))
            .contains("ascending")
        );
        let p = parse(&with("{ kind = \"power\", beta = 2 }")).unwrap();
        assert_eq!(
            p.services[0].decay,
            Decay::Power {
                beta: 2.0,
                min_cost: 1.0
            }
        );
    }

    #[test]
    fn inputs_must_come_in_valid_combinations() {
        let text = MINIMAL.replace(
            "demand_points = \"points.csv\"",
            "municipalities = \"m.geojson\"",
        );
        assert!(err(&text).contains("`municipalities` needs `population` beside it"));
    }

    #[test]
    fn later_features_say_so() {
        let text = MINIMAL.replace("name = \"t\"", "name = \"t\"\nbase = \"b.toml\"");
        assert!(err(&text).contains("key `base`: is not supported by this version"));
    }

    #[test]
    fn a_service_may_override_the_scenario_method() {
        let text = format!(
            "{MINIMAL}method = \"3sfca\"\n[services.t]\nform = \"field\"\ncatchment = 5\n\
             need = [{{ group = \"all\", per_1000 = 1 }}]\n[method]\nkind = \"bfca\"\n"
        );
        let s = parse(&text).unwrap();
        assert_eq!(s.services[0].method, Method::ThreeStep);
        assert_eq!(s.services[1].method, Method::Balanced);
        let e = err(&MINIMAL.replace("name = \"t\"", "name = \"t\"\n[method]\nkind = \"4sfca\""));
        assert!(
            e.contains(
                "field `kind`: invalid method (got \"4sfca\"): must be one of 2sfca, e2sfca"
            ),
            "{e}"
        );
    }
}
