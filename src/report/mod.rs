//! Report: the outputs of `run`, `compare`, `site` and `catalogue`, written all or nothing.
//!
//! Every output is rendered in memory first. An output folder ([`folder::Folder`]) then takes
//! the whole set at once: it is written into a staging folder beside it, which is swapped in
//! for the old one, so that a failure at any point leaves the earlier outputs as they were and
//! never a mix. [`Outputs::write`], for folders that are not outputs (`init`'s, `geodata`'s),
//! stages each file beside its final name and renames them together.

#![allow(
    clippy::indexing_slicing,
    reason = "indices are positions in the study's own lists (units, origins, services, groups, providers, columns), which load builds together and checks once; tables and maps are built per unit and per service of that study"
)]

mod catalogue;
pub mod folder;
mod formats;
pub mod html;
pub mod maps;
pub mod number;
pub mod tables;
pub mod workbook;

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::compare::Compared;
use crate::error::{Error, Result};
use crate::gap::Findings;
use crate::model::{Candidates, Study};
use crate::site::{Objective, Plan};
pub use catalogue::render_catalogue;
pub use formats::{Format, Formats};

/// Files rendered in memory, to be written together.
#[derive(Default)]
pub struct Outputs {
    files: Vec<(String, Vec<u8>)>,
    /// Names of earlier outputs this set replaces even where it does not write them again.
    replaces: &'static [&'static str],
}

/// Every file `run` may write: a run replaces all of them, so that a run with fewer
/// `--formats` leaves none of an earlier run's files beside its own.
pub const RUN_FILES: &[&str] = &[
    "gaps.csv",
    "gaps.parquet",
    "summary.csv",
    "priorities.csv",
    "municipalities.geojson",
    "providers.geojson",
    "profile.csv",
    "surveys.csv",
    "projection.csv",
    "tables.xlsx",
    "report.html",
];

impl Outputs {
    pub fn add(&mut self, name: &str, bytes: Vec<u8>) {
        self.files.push((name.to_string(), bytes));
    }

    /// Whether writing this set replaces an earlier output `name`: it writes it again, or
    /// `name` is of the same family (a run's files).
    pub fn replaces(&self, name: &str) -> bool {
        self.replaces.contains(&name) || self.names().any(|n| n == name)
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.files.iter().map(|(n, _)| n.as_str())
    }

    /// Every file's name and bytes, in the order added.
    pub fn files(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files.iter().map(|(n, b)| (n.as_str(), b.as_slice()))
    }

    /// Writes every file into `dir` (created if needed): all of them, or none.
    pub fn write(&self, dir: &Path) -> Result<()> {
        let write_err = Error::write;
        std::fs::create_dir_all(dir).map_err(|e| write_err(dir, e))?;
        let mut staged = Staged(Vec::new());
        for (name, bytes) in &self.files {
            let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
            staged.0.push(tmp.clone());
            let mut f = std::fs::File::create(&tmp).map_err(|e| write_err(&tmp, e))?;
            // No fsync: the rename protects readers and a failed run, which is what matters
            // for a planning tool; surviving a power cut is not worth its cost here.
            f.write_all(bytes).map_err(|e| write_err(&tmp, e))?;
        }
        for ((name, _), tmp) in self.files.iter().zip(&staged.0) {
            let path = dir.join(name);
            std::fs::rename(tmp, &path).map_err(|e| write_err(&path, e))?;
        }
        staged.0.clear();
        Ok(())
    }
}

/// Every file `monitor` writes.
pub const MONITOR_FILES: &[&str] = &[
    "monitoring.csv",
    "indicators.csv",
    "monitoring.xlsx",
    "monitoring.html",
];

/// Renders the outputs of `monitor`: `monitoring.csv`, `indicators.csv`, the workbook of both
/// and `monitoring.html`.
pub fn render_monitoring(
    plan: &crate::monitor::Plan,
    monitoring: &crate::monitor::Monitoring,
    meta: &html::Meta,
) -> Result<Outputs> {
    let target = plan.target.study;
    let measures = tables::monitoring_frame(plan.measures, monitoring)?;
    let indicators = tables::indicators_frame(target, monitoring)?;
    let mut out = Outputs {
        replaces: MONITOR_FILES,
        ..Outputs::default()
    };
    out.add(
        "monitoring.csv",
        tables::csv(&measures.clone(), "monitoring.csv")?,
    );
    out.add(
        "indicators.csv",
        tables::csv(&indicators.clone(), "indicators.csv")?,
    );
    let (measures, indicators) = (
        tables::labelled(&measures, target)?,
        tables::labelled(&indicators, target)?,
    );
    out.add(
        "monitoring.xlsx",
        workbook::workbook(
            "monitoring.xlsx",
            &[("monitoring", &measures), ("indicators", &indicators)],
            &meta.day,
            meta.lang,
            &["service_label"],
        )?,
    );
    out.add(
        "monitoring.html",
        html::monitoring(plan, monitoring, meta).into_bytes(),
    );
    Ok(out)
}

/// Renders the outputs of `compare`: `comparison.csv`, `comparison.geojson`, and `summary.csv`
/// with one row per scenario × service. `studies` and `findings` are in the order compared.
pub fn render_comparison(
    studies: &[&Study],
    findings: &[&Findings],
    rows: &[Compared],
    meta: &html::Meta,
) -> Result<Outputs> {
    let frame = tables::comparison_frame(studies, rows)?;
    let summary = tables::stacked_summary_frame(studies, findings)?;
    let mut out = Outputs::default();
    out.add("comparison.csv", tables::csv(&frame, "comparison.csv")?);
    out.add("comparison.geojson", maps::comparison(studies, rows));
    out.add("summary.csv", tables::csv(&summary, "summary.csv")?);
    out.add(
        "report.html",
        html::compare(studies, findings, rows, meta).into_bytes(),
    );
    Ok(out)
}

/// Temporary files still to clean up if writing stops half-way.
struct Staged(Vec<PathBuf>);

impl Drop for Staged {
    fn drop(&mut self) {
        for tmp in &self.0 {
            let _ = std::fs::remove_file(tmp);
        }
    }
}

/// Renders the outputs of `run` that `formats` asks for: gaps (CSV and Parquet), priorities,
/// profile, surveys, the planner's workbook of the same tables, the two maps and the report;
/// `summary.csv` always. The tables (the workbook the longest of them) are rendered beside the
/// maps and the report.
pub fn render(
    study: &Study,
    findings: &Findings,
    meta: &html::Meta,
    formats: Formats,
) -> Result<Outputs> {
    let Findings {
        gaps,
        summaries,
        loads,
        priorities,
        profile,
    } = findings;
    let (csv, parquet, xlsx) = (
        formats.has(Format::Csv),
        formats.has(Format::Parquet),
        formats.has(Format::Xlsx),
    );
    let (tables, (maps, report)) = rayon::join(
        || -> Result<RunTables> {
            let summary = tables::summary_frame(study, summaries)?;
            if !(csv || parquet || xlsx) {
                return Ok(RunTables {
                    summary: tables::csv(&summary, "summary.csv")?,
                    ..RunTables::default()
                });
            }
            let frame = tables::gaps_frame(study, gaps)?;
            let ranked = tables::priorities_frame(study, priorities)?;
            let ages = profile
                .as_ref()
                .map(|rows| tables::profile_frame(study, rows))
                .transpose()?;
            let surveys = (!study.questionnaires.is_empty())
                .then(|| tables::surveys_frame(study))
                .transpose()?;
            let projection = tables::projection_frame(study).transpose()?;
            // The smaller CSVs, side by side (projection.csv is as long as gaps.csv).
            let small = || -> Result<Vec<Option<Vec<u8>>>> {
                use rayon::prelude::*;
                let frames = [
                    ("priorities.csv", Some(&ranked)),
                    ("profile.csv", ages.as_ref()),
                    ("surveys.csv", surveys.as_ref()),
                    ("projection.csv", projection.as_ref()),
                ];
                frames
                    .into_par_iter()
                    .map(|(name, frame)| {
                        frame
                            .filter(|_| csv)
                            .map(|f| tables::csv(f, name))
                            .transpose()
                    })
                    .collect()
            };
            // The workbook is written from the same frames as the CSVs, beside them. A frame's
            // columns are shared, so a clone for each writer is cheap.
            let (((gaps_csv, gaps_parquet), small), workbook) = rayon::join(
                || {
                    rayon::join(
                        || {
                            rayon::join(
                                || csv.then(|| tables::csv(&frame, "gaps.csv")),
                                || {
                                    parquet.then(|| {
                                        tables::parquet(&mut frame.clone(), "gaps.parquet")
                                    })
                                },
                            )
                        },
                        small,
                    )
                },
                || -> Option<Result<Vec<u8>>> {
                    xlsx.then(|| {
                        // Planners read the services by their labels beside the ids.
                        let (summary, frame, ranked) = (
                            tables::labelled(&summary, study)?,
                            tables::labelled(&frame, study)?,
                            tables::labelled(&ranked, study)?,
                        );
                        let mut sheets = vec![
                            ("summary", &summary),
                            ("gaps", &frame),
                            ("priorities", &ranked),
                        ];
                        sheets.extend(ages.as_ref().map(|a| ("profile", a)));
                        sheets.extend(surveys.as_ref().map(|s| ("surveys", s)));
                        // A country's projection is two rows per municipality: projection.csv
                        // has it, and a sheet of it would double the workbook's time.
                        if study.units.len() <= html::LARGE {
                            sheets.extend(projection.as_ref().map(|p| ("projection", p)));
                        }
                        workbook::workbook(
                            "tables.xlsx",
                            &sheets,
                            &meta.day,
                            meta.lang,
                            &["service_label"],
                        )
                    })
                },
            );
            let [priorities, profile, surveys, projection]: [Option<Vec<u8>>; 4] =
                small?.try_into().map_err(|_| Error::Table {
                    path: "tables".into(),
                    message: "four CSVs were asked for".into(),
                })?;
            Ok(RunTables {
                gaps: gaps_csv.transpose()?,
                parquet: gaps_parquet.transpose()?,
                summary: tables::csv(&summary, "summary.csv")?,
                priorities,
                profile,
                surveys,
                projection,
                workbook: workbook.transpose()?,
            })
        },
        || {
            // The report is rendered beside the workbook, the longest of the tables.
            rayon::join(
                || {
                    formats.has(Format::Geojson).then(|| {
                        rayon::join(
                            || maps::units(study, gaps),
                            || maps::providers(study, loads),
                        )
                    })
                },
                || {
                    formats
                        .has(Format::Html)
                        .then(|| html::run(study, findings, meta))
                },
            )
        },
    );
    let tables = tables?;
    let mut out = Outputs {
        replaces: RUN_FILES,
        ..Outputs::default()
    };
    let mut add = |name: &str, bytes: Option<Vec<u8>>| {
        if let Some(bytes) = bytes {
            out.add(name, bytes);
        }
    };
    let (units, providers) = maps.unzip();
    add("gaps.csv", tables.gaps);
    add("gaps.parquet", tables.parquet);
    add("summary.csv", Some(tables.summary));
    add("priorities.csv", tables.priorities);
    add("municipalities.geojson", units);
    add("providers.geojson", providers);
    add("profile.csv", tables.profile);
    add("surveys.csv", tables.surveys);
    add("projection.csv", tables.projection);
    add("tables.xlsx", tables.workbook);
    add("report.html", report.map(String::into_bytes));
    Ok(out)
}

/// The table files of a run, rendered: those of the formats asked for.
#[derive(Default)]
struct RunTables {
    gaps: Option<Vec<u8>>,
    parquet: Option<Vec<u8>>,
    summary: Vec<u8>,
    priorities: Option<Vec<u8>>,
    profile: Option<Vec<u8>>,
    surveys: Option<Vec<u8>>,
    projection: Option<Vec<u8>>,
    workbook: Option<Vec<u8>>,
}

/// The content of `site.json`: the keys of the README's siting section first, then what a
/// reader needs to judge the answer.
#[derive(serde::Serialize)]
struct SiteJson<'a> {
    service: &'a str,
    objective: &'a str,
    count: usize,
    value: f64,
    optimal: bool,
    chosen: Vec<&'a str>,
    scenario: &'a str,
    method: &'a str,
    capacity: Option<f64>,
    baseline: f64,
    bound: Option<f64>,
    need: f64,
    candidates: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    need_unreached: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    unreached_cost: Option<f64>,
}

/// Renders the outputs of `site`: `site.json`, `sites.csv`, `sites.geojson` and
/// `candidates.csv`.
pub fn render_site(
    study: &Study,
    existing: &crate::gap::ServiceResult,
    candidates: &Candidates,
    plan: &Plan,
    meta: &html::Meta,
) -> Result<Outputs> {
    let service = &study.services[plan.siting.service];
    let json = SiteJson {
        service: &service.id,
        objective: plan.siting.objective.name(),
        count: plan.siting.count,
        value: plan.value,
        optimal: plan.optimal,
        chosen: plan
            .chosen
            .iter()
            .map(|p| candidates.sites[p.candidate].id.as_str())
            .collect(),
        scenario: study.name.as_str(),
        method: service.method.name(),
        capacity: match plan.siting.objective {
            Objective::Unmet(c) => Some(c.get()),
            _ => None,
        },
        baseline: plan.baseline,
        bound: plan.bound,
        need: plan.need,
        candidates: candidates.sites.len(),
        need_unreached: plan.unreached.map(|(need, _)| need),
        unreached_cost: plan.unreached.map(|(_, cost)| cost),
    };
    let mut text = serde_json::to_string_pretty(&json).map_err(|e| Error::Table {
        path: "site.json".into(),
        message: e.to_string(),
    })?;
    text.push('\n');
    let sites = tables::sites_frame(candidates, plan)?;
    let gains = tables::candidates_frame(candidates, plan)?;
    let mut out = Outputs::default();
    out.add("site.json", text.into_bytes());
    out.add("sites.csv", tables::csv(&sites, "sites.csv")?);
    out.add("sites.geojson", maps::sites(study, candidates, plan));
    out.add("candidates.csv", tables::csv(&gains, "candidates.csv")?);
    out.add(
        "site.html",
        html::site(study, existing, candidates, plan, meta).into_bytes(),
    );
    Ok(out)
}
