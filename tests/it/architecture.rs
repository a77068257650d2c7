//! The invariants of ARCHITECTURE.md that can be read off the source.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The core's modules: they take slices and structs and return numbers.
const CORE: &[&str] = &[
    "balance",
    "catalogue",
    "compare",
    "crs",
    "decay",
    "gap",
    "index",
    "model",
    "monitor",
    "names",
    "need",
    "profile",
    "projection",
    "questionnaire",
    "reach",
    "roads",
    "site",
    "survey",
    "transit",
];

/// What would let a module touch the world.
const IO: &[&str] = &[
    "std::fs",
    "std::io",
    "std::net",
    "std::process",
    "std::env",
    "File::",
    "println!",
    "eprintln!",
    "print!",
];

/// A module's files: `src/<name>.rs`, or every `.rs` under `src/<name>/`.
fn files(name: &str) -> Vec<PathBuf> {
    let src = super::common::root().join("src");
    let file = src.join(format!("{name}.rs"));
    if file.exists() {
        return vec![file];
    }
    let mut found = Vec::new();
    let mut dirs = vec![src.join(name)];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                found.push(path);
            }
        }
    }
    assert!(!found.is_empty(), "no module {name} in src/");
    found.sort();
    found
}

/// A file's text without its unit tests (they may write files) and without comments.
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let text = text.split("#[cfg(test)]").next().unwrap_or_default();
    text.lines()
        .map(|l| l.split("//").next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The modules of the crate a module names.
fn uses(name: &str) -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    for path in files(name) {
        used.extend(uses_in(&code(&path)));
    }
    used.remove(name);
    used
}

/// The modules of the crate a text names (`crate::x`, and each `x` of `crate::{x, …}`).
fn uses_in(text: &str) -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    for (i, _) in text.match_indices("crate::") {
        let rest = &text[i + "crate::".len()..];
        let module: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if module.is_empty() {
            // `crate::{a, b}`: each part up to the closing brace.
            let group = rest.trim_start_matches('{').split('}').next().unwrap();
            for part in group.split(',') {
                let m: String = part
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !m.is_empty() {
                    used.insert(m);
                }
            }
        } else {
            used.insert(module);
        }
    }
    used
}

#[test]
fn the_core_does_no_io() {
    let mut found = Vec::new();
    for name in CORE {
        for path in files(name) {
            let text = code(&path);
            for io in IO {
                if text.contains(io) {
                    found.push(format!("{}: {io}", path.display()));
                }
            }
        }
    }
    assert!(found.is_empty(), "I/O in the core: {found:#?}");
}

/// The model is the bottom of the pipeline: it names only the value modules below it, and
/// they name nothing of the crate but one another.
#[test]
fn the_model_imports_nothing_above_it() {
    let below: BTreeSet<String> = ["decay", "error", "questionnaire", "survey"]
        .map(String::from)
        .into();
    let used = uses("model");
    assert!(used.is_subset(&below), "model uses {used:?}");
    for leaf in &below {
        let used = uses(leaf);
        assert!(used.is_subset(&below), "{leaf} uses {used:?}");
    }
}

/// The checks above can fail: a file that reads another is caught.
#[test]
fn the_checks_see_io_and_imports() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.rs");
    std::fs::write(
        &path,
        "use crate::{load::x, error::E};\nfn f() { let _ = std::fs::read(\"a\"); } // crate::report\n",
    )
    .unwrap();
    let text = code(&path);
    assert!(text.contains("std::fs"));
    let used: Vec<String> = uses_in(&text).into_iter().collect();
    assert_eq!(used, ["error", "load"]);
}

/// A choice in the library's public API is a value with a name, not a `bool`.
#[test]
fn no_public_function_takes_a_bool() {
    let src = super::common::root().join("src");
    let mut found = Vec::new();
    let mut dirs = vec![src.clone()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                if path != src.join("cmd") {
                    dirs.push(path);
                }
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = code(&path);
                // A signature runs from `pub fn` to its body's brace.
                for (i, _) in text.match_indices("pub fn ") {
                    let signature = text[i..].split('{').next().unwrap_or_default();
                    if signature.contains(": bool") {
                        found.push(format!("{}: {}", path.display(), signature.trim()));
                    }
                }
            }
        }
    }
    assert!(found.is_empty(), "{found:#?}");
}
