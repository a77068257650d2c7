//! Output folders that gapmap owns. A folder holds only what gapmap wrote there, for one
//! scenario (or one comparison), and a small record says which files and whose they are:
//!
//! - outputs of another scenario are not replaced unless asked (`--force`), so that two plans of
//!   one region never overwrite each other unseen;
//! - a file gapmap did not write (the scenario's inputs, a user's notes) is never deleted or
//!   overwritten: such a folder is refused, even with `--force`.
//!
//! A folder that has no record and holds only files with the names gapmap writes is taken as
//! gapmap's own, of an unknown scenario: outputs from before the record existed.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::error::{InputError, Result};
use crate::report::Outputs;

/// The record's file name. Hidden, so that it does not crowd a file browser.
pub const RECORD: &str = ".gapmap-outputs";

/// Whether the outputs of another scenario may be replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Replace {
    /// Refuse a folder that holds another scenario's outputs.
    #[default]
    Own,
    /// Replace another scenario's outputs (`--force`).
    Any,
}

/// What the record says: the owner and the files gapmap wrote.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Record {
    scenario: String,
    files: BTreeSet<String>,
}

/// An output folder, checked before anything is computed: new, empty, or gapmap's own.
#[derive(Debug, Clone)]
pub struct Folder {
    dir: PathBuf,
    owner: String,
    /// gapmap's files already there that stay (the same owner's, not written again); another
    /// owner's (`--force`) go with the old folder.
    kept: BTreeSet<String>,
}

/// Names gapmap writes into an output folder besides a run's ([`crate::report::RUN_FILES`]),
/// for folders from before the record.
const KNOWN: &[&str] = &[
    "comparison.csv",
    "comparison.geojson",
    "site.json",
    "sites.csv",
    "sites.geojson",
    "candidates.csv",
    "site.html",
    "catalogue.html",
    "catalogue.csv",
    "catalogue.json",
    "catalogue.xlsx",
    "costs.csv",
    "monitoring.csv",
    "indicators.csv",
    "monitoring.xlsx",
    "monitoring.html",
];

impl Folder {
    /// Checks `dir` for the outputs of `owner` (a scenario's or a comparison's name).
    ///
    /// Refused (bad input, exit 2): `dir` is a file; it holds a file gapmap did not write, or a
    /// folder; it holds another owner's outputs and `replace` is [`Replace::Own`].
    pub fn claim(dir: &Path, owner: &str, replace: Replace) -> Result<Folder> {
        // Named as the user gave it: `--out taken: …`.
        let refuse =
            |message: String| InputError::file(format!("--out {}", dir.display()), message);
        let mut folder = Folder {
            dir: dir.to_path_buf(),
            owner: owner.to_string(),
            kept: BTreeSet::new(),
        };
        if !dir.exists() {
            return Ok(folder);
        }
        if !dir.is_dir() {
            return Err(
                refuse("is a file, not a folder; name a folder for the outputs".into()).into(),
            );
        }
        let mut entries = BTreeSet::new();
        let listing =
            std::fs::read_dir(dir).map_err(|e| refuse(format!("cannot read the folder: {e}")))?;
        for entry in listing {
            let entry = entry.map_err(|e| refuse(format!("cannot read the folder: {e}")))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let is_file = entry.file_type().is_ok_and(|t| t.is_file());
            // gapmap's own temporary files of a run that was stopped are its own, too.
            if is_file && name.starts_with('.') && name.contains(".tmp-") {
                continue;
            }
            if !is_file {
                return Err(refuse(format!(
                    "holds the folder {name:?}, which gapmap did not write; outputs go to a \
                     folder of their own, so name a new or empty folder (--out)"
                ))
                .into());
            }
            entries.insert(name);
        }
        let record = match entries.remove(RECORD) {
            true => Some(read_record(&dir.join(RECORD))?),
            false => None,
        };
        let ours = |name: &String| match &record {
            Some(r) => r.files.contains(name),
            None => [crate::report::RUN_FILES, KNOWN]
                .iter()
                .any(|known| known.contains(&name.as_str())),
        };
        if let Some(other) = entries.iter().find(|n| !ours(n)) {
            return Err(refuse(format!(
                "holds {other:?}, which gapmap did not write; outputs go to a folder of their \
                 own and never replace a file gapmap did not write, so name a new or empty \
                 folder (--out)"
            ))
            .into());
        }
        match record {
            Some(r) if r.scenario != owner => match replace {
                Replace::Own => {
                    return Err(refuse(format!(
                        "holds the outputs of scenario {:?}, not {owner:?}; name another folder \
                         (--out), or replace them with --force",
                        r.scenario
                    ))
                    .into());
                }
                Replace::Any => {}
            },
            _ => folder.kept = entries,
        }
        Ok(folder)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes `outputs` and the record: all of them, or none, and the earlier outputs stay as
    /// they were until the new set is whole.
    ///
    /// The whole set (the new files, the same owner's files kept, the record) is written into
    /// a staging folder beside the output folder, which then takes its place: the old folder
    /// is renamed aside, the staging folder renamed in, and the old one removed. A failure
    /// before the swap leaves the old folder untouched and removes the staging folder; a
    /// failure in the swap puts the old folder back.
    pub fn write(&self, outputs: &Outputs) -> Result<()> {
        // A test-only hook: fail just before writing the named file, as a full disk would.
        let fail_before = std::env::var("GAPMAP_TEST_FAIL_BEFORE").ok();
        self.write_failing(outputs, fail_before.as_deref())
    }

    fn write_failing(&self, outputs: &Outputs, fail_before: Option<&str>) -> Result<()> {
        let write_err = crate::error::Error::write;
        // The owner's earlier files that stay: those of other commands (a site study's page
        // beside a run's report), not those this set replaces.
        let kept: Vec<&String> = self.kept.iter().filter(|f| !outputs.replaces(f)).collect();
        let mut files: BTreeSet<String> = kept.iter().map(|f| f.to_string()).collect();
        files.extend(outputs.names().map(str::to_string));
        let record = Record {
            scenario: self.owner.clone(),
            files,
        };
        let (parent, name) = parent_and_name(&self.dir);
        std::fs::create_dir_all(&parent).map_err(|e| write_err(&parent, e))?;
        let pid = std::process::id();
        let staging = Aside::new(parent.join(format!(".{name}.tmp-{pid}")));
        if staging.0.exists() {
            std::fs::remove_dir_all(&staging.0).map_err(|e| write_err(&staging.0, e))?;
        }
        std::fs::create_dir(&staging.0).map_err(|e| write_err(&staging.0, e))?;
        let record_text = record_text(&record);
        let written = outputs
            .files()
            .chain(std::iter::once((RECORD, record_text.as_bytes())));
        for (file, bytes) in written {
            if fail_before == Some(file) {
                let injected = std::io::Error::other("failure injected by GAPMAP_TEST_FAIL_BEFORE");
                return Err(write_err(&staging.0.join(file), injected));
            }
            // No fsync: the renames protect readers and a failed run, which is what matters
            // for a planning tool; surviving a power cut is not worth its cost here.
            let path = staging.0.join(file);
            std::fs::write(&path, bytes).map_err(|e| write_err(&path, e))?;
        }
        // The kept files come along, linked where the file system can, copied where not.
        for file in kept {
            let (from, to) = (self.dir.join(file), staging.0.join(file));
            if std::fs::hard_link(&from, &to).is_err() {
                std::fs::copy(&from, &to).map_err(|e| write_err(&to, e))?;
            }
        }
        if !self.dir.exists() {
            std::fs::rename(&staging.0, &self.dir).map_err(|e| write_err(&self.dir, e))?;
            staging.keep();
            return Ok(());
        }
        let old = Aside::new(parent.join(format!(".{name}.old-{pid}")));
        std::fs::rename(&self.dir, &old.0).map_err(|e| write_err(&self.dir, e))?;
        if let Err(e) = std::fs::rename(&staging.0, &self.dir) {
            // Put the earlier outputs back: a mix, or nothing, is worse than the old set.
            let _ = std::fs::rename(&old.0, &self.dir);
            old.keep();
            return Err(write_err(&self.dir, e));
        }
        staging.keep();
        // The old folder holds only what gapmap wrote (claim checked it): it goes. Should that
        // fail, the new outputs are in place and the old ones lie aside, named as gapmap's.
        drop(old);
        Ok(())
    }

    /// Adds one more file to a folder that may or may not be gapmap's (`costs --out FILE`):
    /// recorded when the folder has a record, written alone otherwise.
    pub fn add_file(dir: &Path, outputs: &Outputs) -> Result<()> {
        let path = dir.join(RECORD);
        match path.exists() {
            false => outputs.write(dir),
            true => {
                let record = read_record(&path)?;
                let folder = Folder {
                    dir: dir.to_path_buf(),
                    kept: record.files,
                    owner: record.scenario,
                };
                folder.write(outputs)
            }
        }
    }
}

/// A folder beside the output folder that is removed when dropped, unless kept.
struct Aside(PathBuf, bool);

impl Aside {
    fn new(path: PathBuf) -> Aside {
        Aside(path, false)
    }

    /// The folder was renamed into place, or must stay: nothing to remove.
    fn keep(mut self) {
        self.1 = true;
    }
}

impl Drop for Aside {
    fn drop(&mut self) {
        if !self.1 {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

/// The folder that holds `dir`, and `dir`'s own name, for folders beside it.
fn parent_and_name(dir: &Path) -> (PathBuf, String) {
    let full = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    let name = full
        .file_name()
        .map_or_else(|| "out".to_string(), |n| n.to_string_lossy().into_owned());
    let parent = full
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    (parent, name)
}

fn read_record(path: &Path) -> Result<Record> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| InputError::file(path, format!("cannot read gapmap's record: {e}")))?;
    toml::from_str(&text).map_err(|e| {
        InputError::file(
            path,
            format!(
                "is not gapmap's record of its outputs ({}); remove the folder's outputs and \
                 the record, or name another folder",
                e.message()
            ),
        )
        .into()
    })
}

fn record_text(record: &Record) -> String {
    let files: Vec<String> = record.files.iter().map(|f| format!("  {f:?},")).collect();
    format!(
        "# gapmap wrote the files of this folder for the scenario below; it keeps this record so\n\
         # that it replaces only its own files. Remove the folder to start afresh.\n\
         scenario = {:?}\nfiles = [\n{}\n]\n",
        record.scenario,
        files.join("\n")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outputs(names: &[&str]) -> Outputs {
        let mut o = Outputs::default();
        for n in names {
            o.add(n, format!("{n}\n").into_bytes());
        }
        o
    }

    #[test]
    fn a_folder_keeps_one_owner_and_never_a_stranger() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("out");
        // New: claimed, written, recorded.
        let f = Folder::claim(&dir, "tyn", Replace::Own).unwrap();
        f.write(&outputs(&["gaps.csv", "report.html"])).unwrap();
        // The same owner adds files; the earlier ones stay in the record.
        let f = Folder::claim(&dir, "tyn", Replace::Own).unwrap();
        f.write(&outputs(&["site.json"])).unwrap();
        let record = read_record(&dir.join(RECORD)).unwrap();
        assert_eq!(record.scenario, "tyn");
        assert_eq!(
            record.files.iter().collect::<Vec<_>>(),
            ["gaps.csv", "report.html", "site.json"]
        );
        // Another owner is refused, then replaces with --force: its files go, the new stay.
        let e = Folder::claim(&dir, "tyn-rpss", Replace::Own).unwrap_err();
        assert!(
            e.to_string()
                .ends_with("holds the outputs of scenario \"tyn\", not \"tyn-rpss\"; name another folder (--out), or replace them with --force"),
            "{e}"
        );
        let f = Folder::claim(&dir, "tyn-rpss", Replace::Any).unwrap();
        f.write(&outputs(&["gaps.csv"])).unwrap();
        let mut left: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, [RECORD, "gaps.csv"]);
        // A stranger's file is never touched, even with --force.
        std::fs::write(dir.join("poznamky.docx"), "notes").unwrap();
        for replace in [Replace::Own, Replace::Any] {
            let e = Folder::claim(&dir, "tyn", replace).unwrap_err();
            assert!(
                e.to_string()
                    .contains("holds \"poznamky.docx\", which gapmap did not write"),
                "{e}"
            );
        }
    }

    #[test]
    fn a_folder_from_before_the_record_is_taken_as_gapmaps() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("gaps.csv"), "x").unwrap();
        std::fs::write(tmp.path().join("report.html"), "x").unwrap();
        let f = Folder::claim(tmp.path(), "demo", Replace::Own).unwrap();
        f.write(&outputs(&["gaps.csv"])).unwrap();
        let record = read_record(&tmp.path().join(RECORD)).unwrap();
        assert_eq!(
            record.files.iter().collect::<Vec<_>>(),
            ["gaps.csv", "report.html"]
        );
        // The scenario's own folder is not an output folder.
        std::fs::write(tmp.path().join("scenario.toml"), "x").unwrap();
        std::fs::remove_file(tmp.path().join(RECORD)).unwrap();
        assert!(Folder::claim(tmp.path(), "demo", Replace::Own).is_err());
    }
}
