//! Helpers shared by the integration tests: run the binary on files written to a temp folder.

#![allow(dead_code, reason = "not every helper is used by every topic")]

pub mod official;
pub mod xlsx;

/// The scenario of the two-square worlds: polygons, population and providers files, one group
/// `all` of `total`, one field service `care` at 10 per 1,000 with the given catchment (km,
/// written as given). A `const` text, so that tests can format and edit it.
#[allow(unused_macros, reason = "not every helper is used by every topic")]
macro_rules! field_scenario {
    ($name:literal, $catchment:literal) => {
        concat!(
            "name = \"",
            $name,
            "\"\n[inputs]\nmunicipalities = \"m.geojson\"\npopulation = \"population.csv\"\n",
            "providers = \"providers.csv\"\n[groups.all]\ncolumns = [\"total\"]\n[services.care]\n",
            "form = \"field\"\ncatchment = ",
            $catchment,
            "\nneed = [{ group = \"all\", per_1000 = 10.0 }]\n"
        )
    };
}
#[allow(unused_imports, reason = "not every helper is used by every topic")]
pub(crate) use field_scenario;

use std::path::{Path, PathBuf};
use std::process::Command;

/// Two municipalities, squares of 0.1° side: west `M1` ("West") and east `M2` ("East").
pub const SQUARES: &str = r#"{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"code":"M1","name":"West"},"geometry":{"type":"Polygon","coordinates":[[[15.0,50.0],[15.1,50.0],[15.1,50.1],[15.0,50.1],[15.0,50.0]]]}},
{"type":"Feature","properties":{"code":"M2","name":"East"},"geometry":{"type":"Polygon","coordinates":[[[15.1,50.0],[15.2,50.0],[15.2,50.1],[15.1,50.1],[15.1,50.0]]]}}
]}"#;

/// The output of one `gapmap` invocation.
pub struct Outcome {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs the `gapmap` binary in `dir` with `args`.
pub fn gapmap(dir: &Path, args: &[&str]) -> Outcome {
    gapmap_with(dir, args, &[])
}

/// Runs the `gapmap` binary in `dir` with `args` and the environment variables `env`.
pub fn gapmap_with(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Outcome {
    let out = Command::new(env!("CARGO_BIN_EXE_gapmap"))
        .args(args)
        .envs(env.iter().copied())
        .current_dir(dir)
        .output()
        .expect("the gapmap binary runs");
    Outcome {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Asserts that `gapmap args` in `dir` was refused as bad input: exit code 2, `message` on
/// stderr, no panic, and nothing written at `out` (relative to `dir`).
pub fn assert_refused(dir: &Path, args: &[&str], message: &str, out: &str) {
    let o = gapmap(dir, args);
    assert_eq!(o.code, 2, "{args:?}: exit code; stderr: {}", o.stderr);
    assert!(
        o.stderr.contains(message),
        "{args:?}: stderr does not say\n  {message}\nbut\n  {}",
        o.stderr
    );
    assert!(!o.stderr.contains("panicked"), "{args:?}: {}", o.stderr);
    assert!(
        !dir.join(out).exists(),
        "{args:?}: {out} was written for bad input"
    );
}

/// Runs the demo scenario into a new temporary folder; fails the test if the run fails.
pub fn run_demo() -> (tempfile::TempDir, Outcome) {
    let out = tempfile::tempdir().expect("a temp dir");
    let o = gapmap(
        &root(),
        &[
            "run",
            "scenarios/demo.toml",
            "--out",
            out.path().to_str().unwrap(),
        ],
    );
    assert_eq!(o.code, 0, "the demo failed: {}", o.stderr);
    (out, o)
}

/// Runs `gapmap run SCENARIO --out OUT --quiet [extra]` from the project root and expects
/// success.
pub fn run_scenario(scenario: &Path, out: &Path, extra: &[&str]) {
    let mut args = vec![
        "run",
        scenario.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ];
    args.extend_from_slice(extra);
    let o = gapmap(&root(), &args);
    assert_eq!(o.code, 0, "{}: {}", scenario.display(), o.stderr);
}

/// A temporary folder holding the given files.
pub fn world(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temp dir");
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// The project's root, where `scenarios/` and `geodata/` are.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Rows of a CSV file as maps from column to text.
pub fn read_csv(path: &Path) -> Vec<std::collections::HashMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            headers
                .iter()
                .map(String::from)
                .zip(rec.iter().map(String::from))
                .collect()
        })
        .collect()
}

/// The matrix `gapmap costs` writes for `scenario` (with `extra` arguments), as
/// (origin, destination) → cost.
pub fn costs(
    dir: &Path,
    scenario: &str,
    extra: &[&str],
) -> std::collections::HashMap<(String, String), f64> {
    let mut args = vec!["costs", scenario, "--out", "costs.csv", "--quiet"];
    args.extend_from_slice(extra);
    let o = gapmap(dir, &args);
    assert_eq!(o.code, 0, "{}", o.stderr);
    read_csv(&dir.join("costs.csv"))
        .into_iter()
        .map(|r| {
            (
                (r["origin"].clone(), r["destination"].clone()),
                r["cost"].parse().unwrap(),
            )
        })
        .collect()
}

/// A number from a CSV cell.
pub fn num(row: &std::collections::HashMap<String, String>, col: &str) -> f64 {
    row[col]
        .parse()
        .unwrap_or_else(|_| panic!("{col} = {:?} is not a number", row[col]))
}

/// Whether a required external tool is missing: loud locally, fatal where
/// `GAPMAP_REQUIRE_TOOLS=1` (CI sets it).
#[allow(
    clippy::print_stderr,
    reason = "a skipped check must be loud in the test output"
)]
pub fn tool_missing(tool: &str) -> bool {
    let package = match tool {
        "chromium-headless-shell" => "chromium-headless-shell fonts-dejavu-core",
        _ => "gdal-bin",
    };
    let found = Command::new(tool).arg("--version").output().is_ok();
    if found {
        return false;
    }
    if std::env::var("GAPMAP_REQUIRE_TOOLS").is_ok_and(|v| v == "1") {
        panic!(
            "{tool} is required (GAPMAP_REQUIRE_TOOLS=1) but not installed: apt-get install {package}"
        );
    }
    eprintln!(
        "\n!!!!!!!!\n!!! SKIPPED: `{tool}` is not installed, so this test checked nothing.\n!!! Install it (apt-get install {package}) or set GAPMAP_REQUIRE_TOOLS=1 to fail instead.\n!!!!!!!!\n"
    );
    true
}

/// The real Czech data beside the clone (`../shared/data/cz`), or `None` with a loud notice;
/// fatal where `GAPMAP_REQUIRE_TOOLS=1` (CI, which has it).
#[allow(
    clippy::print_stderr,
    reason = "a skipped check must be loud in the test output"
)]
pub fn shared_cz() -> Option<PathBuf> {
    let dir = root().join("../shared/data/cz");
    if dir.join("population_2020.csv").exists() {
        return Some(dir);
    }
    if std::env::var("GAPMAP_REQUIRE_TOOLS").is_ok_and(|v| v == "1") {
        panic!("../shared/data/cz is required (GAPMAP_REQUIRE_TOOLS=1) but missing");
    }
    eprintln!(
        "\n!!!!!!!!\n!!! SKIPPED: ../shared/data/cz is not beside the clone, so this test checked nothing.\n!!!!!!!!\n"
    );
    None
}

/// Every file of folder `dir` (not below it) by name, with its bytes, in name order.
pub fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut all: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let name = e.file_name().to_string_lossy().into_owned();
            (name, std::fs::read(e.path()).unwrap())
        })
        .collect();
    all.sort();
    all
}

/// Every file under `dir` as text, with its path: workbooks by their cells, every other file
/// as it is. What the privacy checks grep.
pub fn written(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(written(&path));
        } else if path.extension().is_some_and(|x| x == "xlsx") {
            out.push((path.display().to_string(), xlsx::all_cells(&path)));
        } else {
            let bytes = std::fs::read(&path).unwrap();
            out.push((
                path.display().to_string(),
                String::from_utf8_lossy(&bytes).into_owned(),
            ));
        }
    }
    out
}
