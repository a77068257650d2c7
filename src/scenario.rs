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
use crate::model::{
    Capacity, Catchment, Form, Group, LonLat, NeedNorm, Priorities, ScenarioName, Service, Survey,
};

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
    /// Changes to the providers, in order (the chain's `base` first); `load` applies them.
    /// Changes to groups and services are already applied above.
    pub changes: Vec<Change>,
    pub priorities: Priorities,
}

/// A change to the providers, from a `[[changes]]` entry, with where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// The scenario file that holds the entry (a base file, for an inherited change).
    pub file: PathBuf,
    pub line: u64,
    /// 1-based, among the changes of its file.
    pub index: usize,
    pub kind: ProviderChange,
}

/// What a change does to the providers.
#[derive(Debug, Clone, PartialEq)]
pub enum ProviderChange {
    /// A new provider; `groups` are norm positions of its service, `area` municipality ids.
    Add {
        id: String,
        name: String,
        service: usize,
        capacity: Capacity,
        location: Option<LonLat>,
        groups: Option<Vec<usize>>,
        area: Option<Vec<String>>,
    },
    Remove {
        id: String,
    },
    SetCapacity {
        id: String,
        capacity: Capacity,
    },
}

impl ProviderChange {
    pub fn action(&self) -> &'static str {
        match self {
            ProviderChange::Add { .. } => "add_provider",
            ProviderChange::Remove { .. } => "remove_provider",
            ProviderChange::SetCapacity { .. } => "set_capacity",
        }
    }
}

impl Change {
    /// An error about this change's `field`: `file: line 31, field `id`: change 2
    /// (remove_provider): …`.
    pub fn error(&self, field: &str, message: impl std::fmt::Display) -> InputError {
        InputError::at(
            &self.file,
            Location::Line(self.line),
            format!("change {} ({}): {message}", self.index, self.kind.action()),
        )
        .field(field)
    }
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

// Every field of the raw structs is optional: a scenario with `base` gives only what it
// changes. What must be there is checked after the chain is merged.

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawScenario {
    name: Option<String>,
    description: Option<String>,
    base: Option<String>,
    #[serde(default)]
    inputs: RawInputs,
    #[serde(default)]
    groups: IndexMap<String, RawGroup>,
    #[serde(default)]
    services: IndexMap<String, RawService>,
    method: Option<RawMethod>,
    #[serde(default)]
    changes: Vec<toml::Spanned<RawChange>>,
    priorities: Option<RawPriorities>,
    /// The changes of the whole chain, base first, each with the file it came from.
    #[serde(skip)]
    tagged: Vec<Tagged>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawInputs {
    municipalities: Option<String>,
    population: Option<String>,
    providers: Option<String>,
    demand_points: Option<String>,
    costs: Option<String>,
    id_field: Option<String>,
    name_field: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    label: Option<String>,
    columns: Option<Vec<String>>,
    share: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawService {
    label: Option<String>,
    form: Option<String>,
    catchment: Option<f64>,
    decay: Option<RawDecay>,
    need: Option<Vec<RawNeed>>,
    method: Option<String>,
}

/// One `[[changes]]` entry; which fields it needs depends on its `action`.
#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct RawChange {
    action: String,
    id: Option<String>,
    name: Option<String>,
    service: Option<String>,
    capacity: Option<f64>,
    lon: Option<f64>,
    lat: Option<f64>,
    /// S-JTSK (EPSG:5514) instead of `lon`/`lat`.
    x: Option<f64>,
    y: Option<f64>,
    groups: Option<Vec<String>>,
    area: Option<Vec<String>>,
    group: Option<String>,
    factor: Option<f64>,
    per_1000: Option<f64>,
    catchment: Option<f64>,
}

/// A change with where it was written: its file, line and position among that file's changes.
struct Tagged {
    file: PathBuf,
    line: u64,
    index: usize,
    raw: RawChange,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawPriorities {
    #[serde(default)]
    weights: IndexMap<String, f64>,
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
    /// Reads and resolves a scenario file, with the chain of scenarios it is based on.
    pub fn read(path: &Path) -> Result<Scenario> {
        let raw = read_raw(path, &mut Vec::new())?;
        Resolver { path }.resolve(raw)
    }

    /// Resolves scenario text; `path` names the file in errors and anchors relative paths
    /// (a `base` is read from disk, relative to it).
    pub fn parse(path: &Path, text: &str) -> Result<Scenario> {
        let raw = parse_raw(path, text, &mut Vec::new())?;
        Resolver { path }.resolve(raw)
    }
}

fn read_raw(path: &Path, chain: &mut Vec<PathBuf>) -> Result<RawScenario> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| InputError::file(path, format!("cannot read the scenario: {e}")))?;
    parse_raw(path, &text, chain)
}

/// Parses one file, then merges it over its `base` chain. `chain` holds the files that are
/// already being read, to refuse a cycle.
fn parse_raw(path: &Path, text: &str, chain: &mut Vec<PathBuf>) -> Result<RawScenario> {
    let line_of = |at: usize| text[..at.min(text.len())].matches('\n').count() as u64 + 1;
    let mut raw: RawScenario = toml::from_str(text).map_err(|e| {
        let location = e
            .span()
            .map_or(Location::File, |span| Location::Line(line_of(span.start)));
        InputError::at(path, location, e.message().trim_end().to_string())
    })?;
    raw.tagged = std::mem::take(&mut raw.changes)
        .into_iter()
        .enumerate()
        .map(|(i, c)| Tagged {
            file: path.to_path_buf(),
            line: line_of(c.span().start),
            index: i + 1,
            raw: c.into_inner(),
        })
        .collect();
    let Some(base) = raw.base.take() else {
        return Ok(raw);
    };
    let dir = path.parent().unwrap_or(Path::new(""));
    let base_path = dir.join(&base);
    let key_err = |message: String| InputError::at(path, Location::Key("base".into()), message);
    let me = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let them = std::fs::canonicalize(&base_path)
        .map_err(|e| key_err(format!("cannot read the base {}: {e}", base_path.display())))?;
    chain.push(me);
    if let Some(first) = chain.iter().position(|p| *p == them) {
        let cycle: Vec<String> = chain[first..]
            .iter()
            .chain([&them])
            .map(|p| p.display().to_string())
            .collect();
        return Err(key_err(format!("the bases form a cycle: {}", cycle.join(" → "))).into());
    }
    if raw.name.is_none() {
        return Err(InputError::at(
            path,
            Location::Key("name".into()),
            "a scenario with a `base` needs its own `name`: it names the output folder and the \
             comparison columns",
        )
        .into());
    }
    let mut base_raw = read_raw(&base_path, chain)?;
    chain.pop();
    rebase(
        &mut base_raw,
        base_path.parent().unwrap_or(Path::new("")),
        dir,
    );
    Ok(merge(base_raw, raw))
}

/// Makes the paths of a base scenario (relative to `from`) valid from `to`.
fn rebase(raw: &mut RawScenario, from: &Path, to: &Path) {
    if from == to {
        return;
    }
    let fix = |p: &mut String| {
        let joined = from.join(&*p);
        *p = std::path::absolute(&joined)
            .unwrap_or(joined)
            .to_string_lossy()
            .into_owned();
    };
    let i = &mut raw.inputs;
    for p in [
        &mut i.municipalities,
        &mut i.population,
        &mut i.providers,
        &mut i.demand_points,
        &mut i.costs,
    ]
    .into_iter()
    .flatten()
    {
        fix(p);
    }
    for service in raw.services.values_mut() {
        for norm in service.need.iter_mut().flatten() {
            if let Some(p) = &mut norm.survey {
                fix(p);
            }
        }
    }
}

/// `over` on top of `base`: a key given in `over` wins; tables of groups and services merge
/// entry by entry and field by field; changes add up, the base's first.
fn merge(base: RawScenario, over: RawScenario) -> RawScenario {
    let inputs = RawInputs {
        municipalities: over.inputs.municipalities.or(base.inputs.municipalities),
        population: over.inputs.population.or(base.inputs.population),
        providers: over.inputs.providers.or(base.inputs.providers),
        demand_points: over.inputs.demand_points.or(base.inputs.demand_points),
        costs: over.inputs.costs.or(base.inputs.costs),
        id_field: over.inputs.id_field.or(base.inputs.id_field),
        name_field: over.inputs.name_field.or(base.inputs.name_field),
    };
    // An entry the base has keeps its place; a new one comes after the base's.
    let mut groups = base.groups;
    for (id, g) in over.groups {
        match groups.get_mut(&id) {
            None => {
                groups.insert(id, g);
            }
            Some(b) => {
                b.label = g.label.or(b.label.take());
                b.columns = g.columns.or(b.columns.take());
                b.share = g.share.or(b.share);
            }
        }
    }
    let mut services = base.services;
    for (id, s) in over.services {
        match services.get_mut(&id) {
            None => {
                services.insert(id, s);
            }
            Some(b) => {
                b.label = s.label.or(b.label.take());
                b.form = s.form.or(b.form.take());
                b.catchment = s.catchment.or(b.catchment);
                b.decay = s.decay.or(b.decay.take());
                b.need = s.need.or(b.need.take());
                b.method = s.method.or(b.method.take());
            }
        }
    }
    let priorities = match (base.priorities, over.priorities) {
        (None, p) | (p, None) => p,
        (Some(mut b), Some(o)) => {
            b.weights.extend(o.weights);
            Some(b)
        }
    };
    let mut tagged = base.tagged;
    tagged.extend(over.tagged);
    RawScenario {
        name: over.name.or(base.name),
        description: over.description.or(base.description),
        base: None,
        inputs,
        groups,
        services,
        method: over.method.or(base.method),
        changes: Vec::new(),
        priorities,
        tagged,
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

    fn file(&self, p: &str) -> PathBuf {
        let dir = self.path.parent().unwrap_or(Path::new(""));
        dir.join(p)
    }

    /// An error for a key the merged scenario lacks.
    fn missing(&self, key: &str, field: &str) -> InputError {
        self.err(key, "is required").field(field)
    }

    fn resolve(&self, raw: RawScenario) -> Result<Scenario> {
        let raw_name = raw
            .name
            .as_deref()
            .ok_or_else(|| self.missing("name", "name"))?;
        let name = ScenarioName::try_from(raw_name).map_err(|e| self.value("name", "name", e))?;
        let inputs = self.inputs(&raw.inputs)?;

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
        let mut services = raw
            .services
            .iter()
            .map(|(id, s)| self.service(id, s, &groups, default_method))
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
        })
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
            providers: self.file(
                raw.providers
                    .as_deref()
                    .ok_or_else(|| self.missing("inputs", "providers"))?,
            ),
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
        let raw_form = raw
            .form
            .as_deref()
            .ok_or_else(|| self.missing(&key, "form"))?;
        let form = Form::try_from(raw_form).map_err(|e| self.value(&key, "form", e))?;
        let raw_catchment = raw
            .catchment
            .ok_or_else(|| self.missing(&key, "catchment"))?;
        let catchment =
            Catchment::try_from(raw_catchment).map_err(|e| self.value(&key, "catchment", e))?;
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
            let per_1000 = match (n.per_1000, &n.survey) {
                (Some(v), None) => v,
                (None, Some(file)) => {
                    need.push(NeedNorm {
                        group,
                        per_1000: 0.0,
                        survey: Some(Survey {
                            file: self.file(file),
                            per_unit: Vec::new(),
                        }),
                    });
                    continue;
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

/// Resolves one `[[changes]]` entry. A change to a group or a service is applied here, to
/// `groups` or `services`, and gives `None`; a change to the providers is returned for `load`.
fn change(
    t: &Tagged,
    groups: &mut [Group],
    services: &mut [Service],
) -> Result<Option<ProviderChange>> {
    let c = &t.raw;
    let err = |field: &str, message: String| {
        InputError::at(
            &t.file,
            Location::Line(t.line),
            format!("change {} ({}): {message}", t.index, c.action),
        )
        .field(field)
    };
    // Which fields each action takes; the first `required` of them must be there.
    let (fields, required): (&[&str], usize) = match c.action.as_str() {
        "add_provider" => (
            &[
                "id", "service", "capacity", "lon", "lat", "x", "y", "name", "groups", "area",
            ],
            3,
        ),
        "remove_provider" => (&["id"], 1),
        "set_capacity" => (&["id", "capacity"], 2),
        "scale_group" => (&["group", "factor"], 2),
        "set_need" => (&["service", "group", "per_1000"], 3),
        "set_catchment" => (&["service", "catchment"], 2),
        other => {
            let e = ValueError::new(
                "action",
                format!("{other:?}"),
                "must be one of add_provider, remove_provider, set_capacity, scale_group, \
                 set_need, set_catchment",
            );
            return Err(InputError::at(
                &t.file,
                Location::Line(t.line),
                format!("change {}: {e}", t.index),
            )
            .field("action")
            .into());
        }
    };
    let given = [
        ("id", c.id.is_some()),
        ("name", c.name.is_some()),
        ("service", c.service.is_some()),
        ("capacity", c.capacity.is_some()),
        ("lon", c.lon.is_some()),
        ("lat", c.lat.is_some()),
        ("x", c.x.is_some()),
        ("y", c.y.is_some()),
        ("groups", c.groups.is_some()),
        ("area", c.area.is_some()),
        ("group", c.group.is_some()),
        ("factor", c.factor.is_some()),
        ("per_1000", c.per_1000.is_some()),
        ("catchment", c.catchment.is_some()),
    ];
    if let Some((field, _)) = given.iter().find(|(f, g)| *g && !fields.contains(f)) {
        return Err(err(field, format!("{} takes no `{field}`", c.action)).into());
    }
    if let Some(field) = fields[..required]
        .iter()
        .find(|f| !given.iter().any(|(g, on)| g == *f && *on))
    {
        return Err(err(field, format!("{} needs `{field}`", c.action)).into());
    }
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let number = |v: Option<f64>| v.unwrap_or_default();
    let service = |field: &str| -> Result<usize> {
        let id = text(&c.service);
        services.iter().position(|s| s.id == id).ok_or_else(|| {
            let known: Vec<&str> = services.iter().map(|s| s.id.as_str()).collect();
            err(
                field,
                format!(
                    "unknown service {id:?}; the scenario's services are: {}",
                    known.join(", ")
                ),
            )
            .into()
        })
    };
    let group = |groups: &[Group]| -> Result<usize> {
        let id = text(&c.group);
        groups.iter().position(|g| g.id == id).ok_or_else(|| {
            let known: Vec<&str> = groups.iter().map(|g| g.id.as_str()).collect();
            err(
                "group",
                format!(
                    "unknown group {id:?}; the scenario's groups are: {}",
                    known.join(", ")
                ),
            )
            .into()
        })
    };
    let capacity = || {
        let id = text(&c.id);
        Capacity::try_from(number(c.capacity))
            .map_err(|e| err("capacity", e.about(&format!("provider {id}"))))
    };
    let non_negative = |field: &str, what: &'static str, v: f64| {
        if v.is_finite() && v >= 0.0 {
            Ok(v)
        } else {
            Err(err(
                field,
                ValueError::new(what, v, "must be a number ≥ 0").to_string(),
            ))
        }
    };
    Ok(match c.action.as_str() {
        "add_provider" => {
            let s = service("service")?;
            let about = |e: ValueError| e.about(&format!("provider {}", text(&c.id)));
            let location = match (c.lon, c.lat, c.x, c.y) {
                (Some(lon), Some(lat), None, None) => {
                    Some(LonLat::try_from((lon, lat)).map_err(|e| err("lon", about(e)))?)
                }
                (None, None, Some(x), Some(y)) => Some(
                    crate::crs::Krovak::new()
                        .to_lonlat(x, y)
                        .map_err(|e| err("x", about(e)))?,
                ),
                (None, None, None, None) => None,
                (Some(_), None, ..) => return Err(err("lat", "`lon` needs `lat`".into()).into()),
                (None, Some(_), ..) => return Err(err("lon", "`lat` needs `lon`".into()).into()),
                (None, None, Some(_), None) => {
                    return Err(err("y", "`x` needs `y`".into()).into());
                }
                (None, None, None, Some(_)) => {
                    return Err(err("x", "`y` needs `x`".into()).into());
                }
                (Some(_), Some(_), ..) => {
                    return Err(err("x", "give `lon`/`lat` or `x`/`y`, not both".into()).into());
                }
            };
            let groups = match &c.groups {
                None => None,
                Some(ids) => Some(
                    services[s]
                        .norm_positions(groups, ids.iter().map(String::as_str))
                        .map_err(|g| {
                            err(
                                "groups",
                                format!(
                                    "group {g:?} is not a need group of service {:?}",
                                    services[s].id
                                ),
                            )
                        })?,
                ),
            };
            let id = text(&c.id);
            Some(ProviderChange::Add {
                name: c.name.clone().unwrap_or_else(|| id.clone()),
                id,
                service: s,
                capacity: capacity()?,
                location,
                groups,
                area: c.area.clone(),
            })
        }
        "remove_provider" => Some(ProviderChange::Remove { id: text(&c.id) }),
        "set_capacity" => Some(ProviderChange::SetCapacity {
            id: text(&c.id),
            capacity: capacity()?,
        }),
        "scale_group" => {
            let g = group(groups)?;
            let factor = non_negative("factor", "factor", number(c.factor))?;
            groups[g].share *= factor;
            None
        }
        "set_need" => {
            let s = service("service")?;
            let g = group(groups)?;
            let per_1000 = non_negative("per_1000", "per_1000", number(c.per_1000))?;
            let norms = &mut services[s].need;
            if let Some(n) = norms.iter_mut().find(|n| n.group == g) {
                // A norm set by hand replaces a survey's rate.
                n.per_1000 = per_1000;
                n.survey = None;
            } else if norms.len() < MAX_NORMS {
                norms.push(NeedNorm {
                    group: g,
                    per_1000,
                    survey: None,
                });
            } else {
                let e = ValueError::new(
                    "need",
                    norms.len() + 1,
                    format!("at most {MAX_NORMS} norms"),
                );
                return Err(err("group", e.to_string()).into());
            }
            None
        }
        "set_catchment" => {
            let s = service("service")?;
            services[s].catchment = Catchment::try_from(number(c.catchment))
                .map_err(|e| err("catchment", e.to_string()))?;
            None
        }
        _ => unreachable!("actions are checked above"),
    })
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
    fn a_missing_base_names_the_key() {
        let text = MINIMAL.replace("name = \"t\"", "name = \"t\"\nbase = \"b.toml\"");
        let e = err(&text);
        assert!(
            e.starts_with("dir/t.toml: key `base`: cannot read the base dir/b.toml"),
            "{e}"
        );
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
