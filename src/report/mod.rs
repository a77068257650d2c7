//! Report: the outputs of `run`, `compare` and `site`, written atomically.
//!
//! Every output is rendered in memory first, then written to a temporary file beside its final
//! name and renamed into place only when all of them are written. A failure leaves no partial
//! output: the temporary files are removed and earlier results stay as they were.

mod catalogue;
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

/// Files rendered in memory, to be written together.
#[derive(Default)]
pub struct Outputs {
    files: Vec<(String, Vec<u8>)>,
}

impl Outputs {
    pub fn add(&mut self, name: &str, bytes: Vec<u8>) {
        self.files.push((name.to_string(), bytes));
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.files.iter().map(|(n, _)| n.as_str())
    }

    /// Writes every file into `dir` (created if needed): all of them, or none.
    pub fn write(&self, dir: &Path) -> Result<()> {
        let write_err = |path: &Path, source| Error::Write {
            path: path.to_path_buf(),
            source,
        };
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

/// Renders the outputs of `compare`: `comparison.csv`, `comparison.geojson`, and `summary.csv`
/// with one row per scenario × service. `studies` and `findings` are in the order compared.
pub fn render_comparison(
    studies: &[&Study],
    findings: &[&Findings],
    rows: &[Compared],
    meta: &html::Meta,
) -> Result<Outputs> {
    let mut frame = tables::comparison_frame(studies, rows)?;
    let mut summary = tables::stacked_summary_frame(studies, findings)?;
    let mut out = Outputs::default();
    out.add("comparison.csv", tables::csv(&mut frame, "comparison.csv")?);
    out.add("comparison.geojson", maps::comparison(studies, rows));
    out.add("summary.csv", tables::csv(&mut summary, "summary.csv")?);
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

/// Renders the outputs of `run`: gaps (CSV and Parquet), summary, priorities, profile, surveys, the
/// planner's workbook of the same tables, the two maps and the report. The tables (the
/// workbook the longest of them) are rendered beside the maps and the report.
pub fn render(study: &Study, findings: &Findings, meta: &html::Meta) -> Result<Outputs> {
    let Findings {
        gaps,
        summaries,
        loads,
        priorities,
        profile,
    } = findings;
    let (tables, ((units, providers), report)) = rayon::join(
        || -> Result<RunTables> {
            let frame = tables::gaps_frame(study, gaps)?;
            // A frame's columns are shared, so the clone for the second writer is cheap.
            let mut copy = frame.clone();
            let mut summary = tables::summary_frame(study, summaries)?;
            let mut ranked = tables::priorities_frame(study, priorities)?;
            let mut ages = profile
                .as_ref()
                .map(|rows| tables::profile_frame(study, rows))
                .transpose()?;
            let mut surveys = (!study.questionnaires.is_empty())
                .then(|| tables::surveys_frame(study))
                .transpose()?;
            // The workbook is written from the same frames as the CSVs, beside them.
            let ((csv, parquet), workbook) = rayon::join(
                || {
                    rayon::join(
                        || tables::csv(&mut frame.clone(), "gaps.csv"),
                        || tables::parquet(&mut copy, "gaps.parquet"),
                    )
                },
                || {
                    let mut sheets = vec![
                        ("summary", &summary),
                        ("gaps", &frame),
                        ("priorities", &ranked),
                    ];
                    sheets.extend(ages.as_ref().map(|a| ("profile", a)));
                    sheets.extend(surveys.as_ref().map(|s| ("surveys", s)));
                    workbook::workbook("tables.xlsx", &sheets, &meta.day)
                },
            );
            Ok(RunTables {
                gaps: csv?,
                parquet: parquet?,
                summary: tables::csv(&mut summary, "summary.csv")?,
                priorities: tables::csv(&mut ranked, "priorities.csv")?,
                profile: ages
                    .as_mut()
                    .map(|a| tables::csv(a, "profile.csv"))
                    .transpose()?,
                surveys: surveys
                    .as_mut()
                    .map(|s| tables::csv(s, "surveys.csv"))
                    .transpose()?,
                workbook: workbook?,
            })
        },
        || {
            // The report is rendered beside the workbook, the longest of the tables.
            rayon::join(
                || {
                    rayon::join(
                        || maps::units(study, gaps),
                        || maps::providers(study, loads),
                    )
                },
                || html::run(study, findings, meta),
            )
        },
    );
    let tables = tables?;
    let mut out = Outputs::default();
    out.add("gaps.csv", tables.gaps);
    out.add("gaps.parquet", tables.parquet);
    out.add("summary.csv", tables.summary);
    out.add("priorities.csv", tables.priorities);
    out.add("municipalities.geojson", units);
    out.add("providers.geojson", providers);
    if let Some(profile) = tables.profile {
        out.add("profile.csv", profile);
    }
    if let Some(surveys) = tables.surveys {
        out.add("surveys.csv", surveys);
    }
    out.add("tables.xlsx", tables.workbook);
    out.add("report.html", report.into_bytes());
    Ok(out)
}

/// The table files of a run, rendered.
struct RunTables {
    gaps: Vec<u8>,
    parquet: Vec<u8>,
    summary: Vec<u8>,
    priorities: Vec<u8>,
    profile: Option<Vec<u8>>,
    surveys: Option<Vec<u8>>,
    workbook: Vec<u8>,
}

/// The content of `site.json`: the contract's keys first, then what a reader needs to judge
/// the answer.
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
    let mut sites = tables::sites_frame(candidates, plan)?;
    let mut gains = tables::candidates_frame(candidates, plan)?;
    let mut out = Outputs::default();
    out.add("site.json", text.into_bytes());
    out.add("sites.csv", tables::csv(&mut sites, "sites.csv")?);
    out.add("sites.geojson", maps::sites(study, candidates, plan));
    out.add("candidates.csv", tables::csv(&mut gains, "candidates.csv")?);
    out.add(
        "site.html",
        html::site(study, existing, candidates, plan, meta).into_bytes(),
    );
    Ok(out)
}
