//! The scenario file (TOML): read, checked key by key, and resolved into a [`Scenario`].
//!
//! Unknown keys are errors (a typo must not silently change a plan). Paths are relative to the
//! scenario file. Groups and services keep the order in which the file lists them.

use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use serde::Deserialize;

use crate::error::{InputError, Location, Result, ValueError};
use crate::model::{Capacity, Group, LonLat, Priorities, ScenarioName, Service};
use crate::roads::profile::Mode;

mod changes;
mod merge;
mod questionnaire;
mod resolve;
mod travel;

use merge::{merge, rebase};
use resolve::Resolver;

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
    /// The working groups' questionnaires (`[surveys.<id>]`), in file order.
    pub questionnaires: Vec<Questionnaire>,
    /// Where the inputs come from (`[sources]`), in file order: what the reports name.
    pub sources: Vec<Source>,
    /// `[horizon]`: need, supply and gaps at a later year, the population projected.
    pub horizon: Option<Horizon>,
    /// Every `[[changes]]` entry as a plan's measure, the chain's `base` first.
    pub measures: Vec<Measure>,
}

/// `[horizon]`: the year the study is for, and the projection that carries the population there.
#[derive(Debug, Clone, PartialEq)]
pub struct Horizon {
    /// 1 January of this year; at or after `Inputs::population_year`.
    pub year: u32,
    /// A projection table; `None` for ČSÚ's, shipped in `geodata/cz`.
    pub projection: Option<PathBuf>,
}

/// A `[[changes]]` entry as the plan's measure (opatření): what it does, and the three keys
/// that only the reports and `monitor` read.
#[derive(Debug, Clone, PartialEq)]
pub struct Measure {
    /// The plan's number, `measure = "2.1"`.
    pub number: Option<String>,
    pub label: Option<String>,
    pub due: Option<crate::day::Day>,
    pub edit: Edit,
    pub file: PathBuf,
    pub line: u64,
    /// 1-based, among the changes of its file.
    pub index: usize,
    /// Written in this scenario's own file, not inherited from its `base`.
    pub own: bool,
}

/// Where an input comes from, as the reports name it: `[sources] population = { name = "ČSÚ,
/// Věkové složení obyvatelstva obcí", date = "2020-12-31" }`.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    /// The input's key in `[inputs]`: `population`, `providers`, …
    pub input: String,
    /// The publisher and the publication, as people cite it.
    pub name: String,
    /// The day the data describe (population at 31 Dec 2020, the registry read on a day).
    pub date: Option<crate::day::Day>,
}

/// The `[inputs]` keys that `[sources]` may describe.
pub const SOURCE_KEYS: [&str; 7] = [
    "municipalities",
    "population",
    "providers",
    "demand_points",
    "costs",
    "roads",
    "gtfs",
];

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
    /// How distance is measured: resolved once from `costs`, `roads`, `gtfs` and `[travel]`.
    pub travel: Travel,
    /// Municipality id field, in the polygons and the population table.
    pub id_field: String,
    /// Municipality name field, in the polygons.
    pub name_field: String,
    /// The year (1 January) the population counts are for.
    pub population_year: Option<u32>,
}

/// How a scenario measures the distance from a unit to a provider, and so its catchments.
#[derive(Debug, Clone, PartialEq)]
pub enum Travel {
    /// km on the sphere, from each unit's point.
    Sphere,
    /// A cost matrix `origin,destination,cost` computed elsewhere (`[inputs] costs`);
    /// catchments are in its units.
    Costs(PathBuf),
    /// Minutes on an OpenStreetMap extract, by car or on foot (`[inputs] roads`).
    Roads(Roads),
    /// Minutes by public transport from GTFS feeds (`[inputs] gtfs`, `mode = "transit"`); a
    /// `roads` given too is not used.
    Transit(Transit),
}

impl Travel {
    /// The cost matrix given, when distances come from one: ids may then lack coordinates.
    pub fn cost_matrix(&self) -> Option<&Path> {
        match self {
            Travel::Costs(path) => Some(path),
            _ => None,
        }
    }
}

/// Travel on roads: `[inputs] roads` with `[travel] mode`.
#[derive(Debug, Clone, PartialEq)]
pub struct Roads {
    pub path: PathBuf,
    pub mode: Mode,
}

/// Travel by public transport: `[inputs] gtfs` with `[travel] mode = "transit"`.
#[derive(Debug, Clone, PartialEq)]
pub struct Transit {
    /// The feeds, zips or folders.
    pub feeds: Vec<PathBuf>,
    /// The service day.
    pub date: crate::day::Day,
    pub settings: crate::transit::Settings,
}

pub use changes::{Edit, KeyError, Place};
pub use questionnaire::{Answer, Question, Questionnaire};

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
    travel: Option<RawTravel>,
    #[serde(default)]
    surveys: IndexMap<String, questionnaire::RawSurvey>,
    #[serde(default)]
    sources: IndexMap<String, RawSource>,
    horizon: Option<RawHorizon>,
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
    roads: Option<String>,
    gtfs: Option<RawFeeds>,
    id_field: Option<String>,
    name_field: Option<String>,
    population_year: Option<i64>,
}

#[derive(Deserialize, Default, Clone)]
#[serde(deny_unknown_fields)]
struct RawHorizon {
    year: Option<i64>,
    projection: Option<String>,
}

/// Where an input comes from: its name alone, or with the day it describes.
#[derive(Deserialize, Clone)]
#[serde(untagged)]
enum RawSource {
    Name(String),
    Dated(RawDatedSource),
}

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct RawDatedSource {
    name: String,
    date: Option<String>,
}

/// One feed, or a list of them.
#[derive(Deserialize, Clone)]
#[serde(untagged)]
enum RawFeeds {
    One(String),
    Many(Vec<String>),
}

impl RawFeeds {
    fn paths_mut(&mut self) -> Vec<&mut String> {
        match self {
            RawFeeds::One(p) => vec![p],
            RawFeeds::Many(ps) => ps.iter_mut().collect(),
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawTravel {
    mode: Option<String>,
    date: Option<String>,
    window: Option<Vec<String>>,
    percentile: Option<i64>,
    walk_kmh: Option<f64>,
    max_walk_m: Option<f64>,
    transfer_walk_m: Option<f64>,
    transfer_minutes: Option<f64>,
    max_transfers: Option<i64>,
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
    /// A plan's measure: its number, label and due day, which only the reports read.
    measure: Option<String>,
    label: Option<String>,
    due: Option<String>,
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
    /// A `survey.csv` path, or, with `question`, a questionnaire's id.
    survey: Option<String>,
    question: Option<String>,
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

    /// Reads a plan's baseline (`gapmap monitor`): the scenario as its `base` chain leaves it,
    /// without the `[[changes]]` of its own file and without `[horizon]`.
    pub fn read_baseline(path: &Path) -> Result<Scenario> {
        let mut raw = read_raw(path, &mut Vec::new())?;
        raw.tagged.retain(|t| t.file != path);
        raw.horizon = None;
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
    if path.is_dir() {
        let inside = path.join("scenario.toml");
        let hint = match inside.is_file() {
            true => format!("; did you mean {}?", inside.display()),
            false => "; name the scenario's .toml file".to_string(),
        };
        return Err(InputError::file(path, format!("is a folder{hint}")).into());
    }
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
        let cycle: Vec<String> = chain
            .iter()
            .skip(first)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::balance::Method;
    use crate::decay::Decay;

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
            Decay::Gaussian {
                sigma: crate::decay::Positive::new("sigma", 5.0).unwrap()
            }
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
                beta: crate::decay::Positive::new("beta", 2.0).unwrap(),
                min_cost: crate::decay::DEFAULT_MIN_COST
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
