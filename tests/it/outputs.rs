//! `run --formats`: each format writes its files, the same bytes as in a full run, and the
//! folder then holds that run's files only.

use std::path::Path;

use crate::common::{files, gapmap, root};

/// `gapmap run scenarios/demo.toml --out OUT --quiet [extra]`, expected to succeed.
fn run(out: &Path, extra: &[&str]) {
    let mut args = vec![
        "run",
        "scenarios/demo.toml",
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ];
    args.extend_from_slice(extra);
    let o = gapmap(&root(), &args);
    assert_eq!(o.code, 0, "{args:?}: {}", o.stderr);
}

/// The output files of `dir` by name, without gapmap's record of them.
fn outputs(dir: &Path) -> Vec<(String, Vec<u8>)> {
    files(dir)
        .into_iter()
        .filter(|(name, _)| name != ".gapmap-outputs")
        .collect()
}

#[test]
fn each_format_writes_its_files_with_the_bytes_of_a_full_run() {
    let tmp = tempfile::tempdir().unwrap();
    let full = tmp.path().join("full");
    run(&full, &[]);
    let all = outputs(&full);
    let names: Vec<&str> = all.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "gaps.csv",
            "gaps.parquet",
            "municipalities.geojson",
            "priorities.csv",
            "profile.csv",
            "providers.geojson",
            "report.html",
            "summary.csv",
            "tables.xlsx",
        ]
    );
    let cases: [(&str, &[&str]); 6] = [
        ("csv", &["gaps.csv", "priorities.csv", "profile.csv"]),
        ("parquet", &["gaps.parquet"]),
        ("geojson", &["municipalities.geojson", "providers.geojson"]),
        ("xlsx", &["tables.xlsx"]),
        ("html", &["report.html"]),
        (
            "HTML,csv",
            &["gaps.csv", "priorities.csv", "profile.csv", "report.html"],
        ),
    ];
    for (list, expected) in cases {
        let out = tmp.path().join(list.replace(',', "-"));
        run(&out, &["--formats", list]);
        let mut wanted: Vec<&str> = expected.to_vec();
        wanted.push("summary.csv");
        wanted.sort_unstable();
        let got = outputs(&out);
        let got_names: Vec<&str> = got.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(got_names, wanted, "--formats {list}");
        for (name, bytes) in &got {
            let (_, in_full) = all.iter().find(|(n, _)| n == name).unwrap();
            assert!(
                bytes == in_full,
                "--formats {list}: {name} differs from the full run's"
            );
        }
    }
}

#[test]
fn a_run_with_fewer_formats_replaces_the_whole_set() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    run(&out, &[]);
    run(&out, &["--formats", "html"]);
    let names: Vec<String> = outputs(&out).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["report.html", "summary.csv"]);
    let record = std::fs::read_to_string(out.join(".gapmap-outputs")).unwrap();
    assert!(!record.contains("gaps.csv"), "{record}");
}

#[test]
fn an_unknown_format_is_refused_with_the_list_and_nothing_changes() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    run(&out, &["--formats", "csv"]);
    let before = files(&out);
    for list in ["pdf", "csv,,html", ""] {
        let o = gapmap(
            &root(),
            &[
                "run",
                "scenarios/demo.toml",
                "--out",
                out.to_str().unwrap(),
                "--formats",
                list,
            ],
        );
        assert_eq!(o.code, 2, "--formats {list:?}: {}", o.stderr);
        assert!(
            o.stderr
                .contains("the formats are csv, parquet, geojson, xlsx, html"),
            "{}",
            o.stderr
        );
        assert_eq!(files(&out), before, "--formats {list:?} changed the folder");
    }
}
