//! The explorer's state: the scenario as loaded, the edits accepted since, and the analysed study
//! of the current state. An edit is a `[[changes]]` table: the current state is the scenario
//! that `base`s the loaded file and lists the edits as its changes, read and checked by the
//! same code as any scenario, so a saved scenario run by `gapmap run` gives the same gaps.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::{Map, Value};

use crate::error::{Error, InputError, Result};
use crate::gap::{Findings, ServiceResult};
use crate::load::Reusable;
use crate::model::{ScenarioName, Study};
use crate::scenario::Scenario;

/// One analysed state: what every read answers from. The parts are shared between the states
/// that have them in common (an undo).
#[derive(Clone)]
pub struct Snapshot {
    pub version: u64,
    pub study: Arc<Study>,
    pub findings: Arc<Findings>,
    /// Per service, what the core computed: an edit reuses the services it does not touch.
    pub results: Arc<Vec<ServiceResult>>,
    /// The edits that make this state from the loaded one, each with the keys of a
    /// `[[changes]]` table, in order.
    pub edits: Arc<Vec<Map<String, Value>>>,
    /// The state's scenario's changes, the loaded file's and then the edits: what its report
    /// lists, as the report of a saved scenario would.
    pub measures: Arc<Vec<crate::scenario::Measure>>,
}

/// The loaded scenario and the edits accepted since.
pub struct Explorer {
    /// Its folder, where a saved scenario goes.
    dir: PathBuf,
    /// Its file name, which a saved scenario names as its `base`.
    base: String,
    loaded: Scenario,
    /// The loaded study, to which edits are applied without reading the files again.
    reusable: Reusable,
    pool: Arc<rayon::ThreadPool>,
    /// The current state; `version` counts accepted edits and undos.
    current: Arc<Snapshot>,
    /// The states before each edit, for undo.
    earlier: Vec<Earlier>,
}

/// A state before an edit, kept for undo: whole for the loaded state and the last
/// [`WHOLE`] ones, else what computes it again. On the country a state holds about 12 MB (its
/// findings, needs and balances), so a long session's history stays bounded.
enum Earlier {
    Whole(Arc<Snapshot>),
    /// The state of the first `count` edits of the current one (the states before an edit are
    /// always those of its first edits), under its name.
    Edits {
        name: ScenarioName,
        count: usize,
    },
}

/// How many of the latest earlier states are kept whole.
const WHOLE: usize = 16;

/// What a save does to a file of the same name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    /// Refuse (409).
    Keep,
    /// Replace it (`"overwrite": true`).
    Replace,
}

/// Why an edit, an undo or a save was refused.
#[derive(Debug)]
pub enum Refusal {
    /// 400: a bad change or a bad request; the message a `[[changes]]` table would get.
    Bad(String),
    /// 409: a stale version, nothing to undo, an existing file.
    Conflict(String),
    /// 500: the state could not be computed or the file written.
    Failed(String),
}

/// An explorer whose inputs are read and checked, not yet analysed: what the server needs to
/// start listening, since only reading can fail.
pub struct Loading {
    dir: PathBuf,
    base: String,
    loaded: Scenario,
    study: crate::load::Loaded,
    pool: Arc<rayon::ThreadPool>,
}

impl Loading {
    /// The explorer, with the loaded state analysed.
    pub fn analyse(self) -> Explorer {
        let (results, findings) = self.pool.install(|| analysed(&self.study.study));
        let reusable = Reusable::new(self.study);
        let measures = Arc::new(self.loaded.measures.clone());
        Explorer {
            dir: self.dir,
            base: self.base,
            loaded: self.loaded,
            current: Arc::new(Snapshot {
                version: 0,
                study: Arc::clone(&reusable.study),
                findings: Arc::new(findings),
                results: Arc::new(results),
                edits: Arc::default(),
                measures,
            }),
            reusable,
            pool: self.pool,
            earlier: Vec::new(),
        }
    }
}

impl Explorer {
    /// The explorer of `scenario` (already read from `file`), analysed in `pool`.
    pub fn new(file: &Path, loaded: Scenario, pool: Arc<rayon::ThreadPool>) -> Result<Explorer> {
        Ok(Explorer::load(file, loaded, pool)?.analyse())
    }

    /// Reads the inputs of `scenario` (already read from `file`) in `pool`: every error a bad
    /// input gives comes here.
    pub fn load(file: &Path, loaded: Scenario, pool: Arc<rayon::ThreadPool>) -> Result<Loading> {
        let dir = file
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        let base = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| InputError::file(file, "names no file"))?;
        let study = pool.install(|| crate::load::load(&loaded, &crate::Silent))?;
        Ok(Loading {
            dir,
            base,
            loaded,
            study,
            pool,
        })
    }

    pub fn current(&self) -> Arc<Snapshot> {
        Arc::clone(&self.current)
    }

    /// The state as loaded, before any edit.
    pub fn start(&self) -> Arc<Snapshot> {
        match self.earlier.first() {
            Some(Earlier::Whole(start)) => Arc::clone(start),
            // The first is always kept whole.
            Some(Earlier::Edits { .. }) | None => Arc::clone(&self.current),
        }
    }

    pub fn loaded(&self) -> &Scenario {
        &self.loaded
    }

    pub fn edits(&self) -> &[Map<String, Value>] {
        &self.current.edits
    }

    /// Applies `edit` (a JSON object with the keys of a `[[changes]]` table) after the others,
    /// when `expected` (an `If-Match` version) is none or current. Only the services the edit
    /// touches are computed again, where the scenario allows it; the rest are reused.
    pub fn edit(
        &mut self,
        edit: Value,
        expected: Option<u64>,
    ) -> std::result::Result<Arc<Snapshot>, Refusal> {
        self.check_version(expected)?;
        let Value::Object(edit) = edit else {
            return Err(Refusal::Bad(
                "a change is a JSON object with the keys of a [[changes]] table".into(),
            ));
        };
        let mut edits = Vec::clone(&self.current.edits);
        edits.push(edit);
        let next = self.compute(&self.current.study.name, Arc::new(edits))?;
        let before = std::mem::replace(&mut self.current, Arc::clone(&next));
        self.earlier.push(Earlier::Whole(before));
        // Older states keep only what computes them again; the loaded one stays whole.
        if let Some(old) = self.earlier.len().checked_sub(WHOLE + 1).filter(|&k| k > 0)
            && let Some(Earlier::Whole(s)) = self.earlier.get(old)
        {
            self.earlier[old] = Earlier::Edits {
                name: s.study.name.clone(),
                count: s.edits.len(),
            };
        }
        Ok(next)
    }

    /// The state of the loaded scenario with `edits`, named `name`, at the next version:
    /// computed from the current one, again only where the edits differ.
    fn compute(
        &self,
        name: &ScenarioName,
        edits: Arc<Vec<Map<String, Value>>>,
    ) -> std::result::Result<Arc<Snapshot>, Refusal> {
        let text = scenario_text(name.as_str(), &self.base, &edits).map_err(Refusal::Bad)?;
        // The file is never written: its path names the state in messages and anchors `base`.
        let path = self.dir.join(format!("{}#explorer", self.base));
        let scenario = Scenario::parse(&path, &text).map_err(|e| refusal(e, &path))?;
        let current = &self.current;
        let reusable = &self.reusable;
        let (study, results, findings) = self
            .pool
            .install(|| match crate::load::rebase(reusable, &scenario, &path) {
                Some(study) => study.map(|study| incremental(current, study)),
                None => full(&scenario),
            })
            .map_err(|e| refusal(e, &path))?;
        Ok(Arc::new(Snapshot {
            version: self.current.version + 1,
            study: Arc::new(study),
            findings: Arc::new(findings),
            results: Arc::new(results),
            edits,
            measures: Arc::new(scenario.measures),
        }))
    }

    /// Takes back the last edit: the state before it returns, under a new version.
    pub fn undo(&mut self) -> std::result::Result<Arc<Snapshot>, Refusal> {
        let next = match self.earlier.last() {
            None => return Err(Refusal::Conflict("nothing to undo".into())),
            Some(Earlier::Whole(before)) => Arc::new(Snapshot {
                version: self.current.version + 1,
                ..Snapshot::clone(before)
            }),
            Some(Earlier::Edits { name, count }) => {
                let Some(edits) = self.current.edits.get(..*count) else {
                    return Err(Refusal::Failed("the history lost an edit".into()));
                };
                self.compute(name, Arc::new(edits.to_vec()))?
            }
        };
        self.earlier.pop();
        self.current = Arc::clone(&next);
        Ok(next)
    }

    /// Writes the current state as `<slug>.toml` beside the loaded file, atomically.
    ///
    /// As "save as" in an editor, the state then bears the saved name: the rows of the API name
    /// it in their `scenario` column, as a `run` of the saved file does, and so do the states of
    /// later edits. A state keeps its name: undo returns to the earlier state as it was, the
    /// loaded one under the loaded name. The version stays: a save changes no number.
    pub fn save(
        &mut self,
        slug: &str,
        existing: Existing,
    ) -> std::result::Result<(String, Arc<Snapshot>), Refusal> {
        let slug = ScenarioName::try_from(slug).map_err(|e| Refusal::Bad(e.to_string()))?;
        let name = format!("{slug}.toml");
        if name == self.base {
            return Err(Refusal::Conflict(format!(
                "{name} is the scenario being explored; choose another name"
            )));
        }
        let path = self.dir.join(&name);
        if path.exists() && existing == Existing::Keep {
            return Err(Refusal::Conflict(format!(
                "{name} exists; send \"overwrite\": true to replace it"
            )));
        }
        let text =
            scenario_text(slug.as_str(), &self.base, &self.current.edits).map_err(Refusal::Bad)?;
        let tmp = self.dir.join(format!(".{name}.tmp-{}", std::process::id()));
        let write = std::fs::write(&tmp, text).and_then(|()| std::fs::rename(&tmp, &path));
        if let Err(e) = write {
            let _ = std::fs::remove_file(&tmp);
            return Err(Refusal::Failed(format!("cannot write {name}: {e}")));
        }
        if self.current.study.name != slug {
            let study = Study {
                name: slug,
                ..Study::clone(&self.current.study)
            };
            self.current = Arc::new(Snapshot {
                study: Arc::new(study),
                ..Snapshot::clone(&self.current)
            });
        }
        Ok((name, Arc::clone(&self.current)))
    }

    fn check_version(&self, expected: Option<u64>) -> std::result::Result<(), Refusal> {
        match expected {
            Some(v) if v != self.current.version => Err(Refusal::Conflict(format!(
                "the state is at version {}, not {v}: reload it",
                self.current.version
            ))),
            _ => Ok(()),
        }
    }
}

/// A refusal from a bad scenario: the message without the explorer's own file name, which names
/// nothing the user wrote.
fn refusal(e: Error, path: &Path) -> Refusal {
    let bad = e.is_input();
    let message = e.to_string();
    let prefix = format!("{}: ", path.display());
    let message = message
        .strip_prefix(&prefix)
        .map_or(message.clone(), str::to_string);
    // The line is in a file nobody wrote: the change's number says which it is.
    let unlined = message.strip_prefix("line ").and_then(|rest| {
        let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit());
        rest.strip_prefix(", ").or_else(|| rest.strip_prefix(": "))
    });
    let message = unlined.map_or(message.clone(), str::to_string);
    if bad {
        Refusal::Bad(message)
    } else {
        Refusal::Failed(message)
    }
}

/// The scenario `name` based on `base` with `edits` as its `[[changes]]`.
pub fn scenario_text(
    name: &str,
    base: &str,
    edits: &[Map<String, Value>],
) -> std::result::Result<String, String> {
    let mut doc = toml::Table::new();
    doc.insert("name".into(), name.into());
    doc.insert("base".into(), base.into());
    let changes: Vec<toml::Value> = edits
        .iter()
        .map(|e| to_toml(&Value::Object(e.clone())))
        .collect::<std::result::Result<_, _>>()?;
    if !changes.is_empty() {
        doc.insert("changes".into(), toml::Value::Array(changes));
    }
    toml::to_string(&doc).map_err(|e| format!("cannot write the changes as TOML: {e}"))
}

/// A JSON value as TOML: no nulls, numbers as integers where they are whole JSON integers.
fn to_toml(v: &Value) -> std::result::Result<toml::Value, String> {
    Ok(match v {
        Value::Null => return Err("a change's keys cannot be null".into()),
        Value::Bool(b) => toml::Value::Boolean(*b),
        Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => toml::Value::Integer(i),
            (None, Some(f)) => toml::Value::Float(f),
            (None, None) => return Err(format!("{n} is not a number TOML can hold")),
        },
        Value::String(s) => toml::Value::String(s.clone()),
        Value::Array(a) => toml::Value::Array(a.iter().map(to_toml).collect::<Result<_, _>>()?),
        Value::Object(o) => toml::Value::Table(
            o.iter()
                .map(|(k, v)| Ok((k.clone(), to_toml(v)?)))
                .collect::<std::result::Result<_, String>>()?,
        ),
    })
}

/// Loads and analyses `scenario` in full, reading its files.
fn full(scenario: &Scenario) -> Result<(Study, Vec<ServiceResult>, Findings)> {
    let loaded = crate::load::load(scenario, &crate::Silent)?;
    let (results, findings) = analysed(&loaded.study);
    Ok((loaded.study, results, findings))
}

/// Every service of `study` analysed, and the findings.
fn analysed(study: &Study) -> (Vec<ServiceResult>, Findings) {
    let results = crate::analyse(study, &crate::Silent);
    let findings = crate::gap::findings(study, &results);
    (results, findings)
}

/// Analyses `study`, the state after an edit, computing again only the services whose
/// definition, groups or providers differ from `before`'s; the others' results are reused, their
/// provider indices renumbered to `study`'s.
fn incremental(before: &Snapshot, study: Study) -> (Study, Vec<ServiceResult>, Findings) {
    use rayon::prelude::*;
    let old = &before.study;
    // A computed matrix holds the pairs within the largest catchment, and every service's
    // nearest provider is looked for among them: when it changes, no result is kept.
    let largest = crate::model::Service::largest_catchment;
    let bounded = study.costs.is_some() && largest(&study.services) != largest(&old.services);
    let touched = |s: usize| -> bool {
        let (Some(now), Some(was)) = (study.services.get(s), old.services.get(s)) else {
            return true;
        };
        now != was
            || providers_of(&study, s) != providers_of(old, s)
            || groups_of(&study, now) != groups_of(old, now)
    };
    let index: std::collections::HashMap<&str, usize> = study
        .providers
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.as_str(), i))
        .collect();
    // Reach depends on the catchment, the decay and the providers' places alone.
    let same_reach = |s: usize| -> bool {
        let (Some(now), Some(was)) = (study.services.get(s), old.services.get(s)) else {
            return false;
        };
        now.catchment == was.catchment
            && now.decay == was.decay
            && places_of(&study, s) == places_of(old, s)
    };
    // The same providers, in the same order; removals elsewhere shift their indices.
    let renumbered = |reach: &crate::reach::Reach| {
        let mut reach = reach.clone();
        for p in &mut reach.providers {
            if let Some(&i) = old.providers.get(*p).and_then(|x| index.get(x.id.as_str())) {
                *p = i;
            }
        }
        reach
    };
    let results: Vec<ServiceResult> = (0..study.services.len())
        .into_par_iter()
        .map(|s| match before.results.get(s).filter(|_| !bounded) {
            Some(kept) if !touched(s) => ServiceResult {
                reach: renumbered(&kept.reach),
                ..kept.clone()
            },
            Some(kept) if same_reach(s) => {
                crate::analyse_reached(&study, s, renumbered(&kept.reach))
            }
            _ => crate::analyse_service(&study, s, &crate::Silent),
        })
        .collect();
    let findings = crate::gap::findings(&study, &results);
    (study, results, findings)
}

fn providers_of(study: &Study, s: usize) -> Vec<&crate::model::Provider> {
    study.providers.iter().filter(|p| p.service == s).collect()
}

/// Where `s`'s providers are, in order: what its reach depends on besides the service.
type Place<'a> = (&'a str, Option<crate::model::LonLat>, Option<&'a [usize]>);

fn places_of(study: &Study, s: usize) -> Vec<Place<'_>> {
    study
        .providers
        .iter()
        .filter(|p| p.service == s)
        .map(|p| (p.id.as_str(), p.location, p.area.as_deref()))
        .collect()
}

/// The groups `service`'s norms count.
fn groups_of<'a>(
    study: &'a Study,
    service: &crate::model::Service,
) -> Vec<Option<&'a crate::model::Group>> {
    service
        .need
        .iter()
        .map(|n| study.groups.get(n.group))
        .collect()
}
