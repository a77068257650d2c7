//! Scenario variants: `base` chains and every kind of `[[changes]]`, on the demo region. Each
//! change must move the totals exactly as its definition says.

use crate::common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::common::{gapmap, num, read_csv, root};

/// Writes `files` into a temp dir inside `scenarios/`, so that `base = "../demo.toml"` reaches
/// the demo, and runs the first file. Returns summary.csv and gaps.csv rows, by service.
struct Run {
    summary: HashMap<String, HashMap<String, String>>,
    gaps: Vec<HashMap<String, String>>,
}

fn run_variant(files: &[(&str, &str)]) -> Run {
    let dir = tempfile::tempdir_in(root().join("scenarios")).unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    run_file(&dir.path().join(files[0].0), dir.path())
}

fn run_file(scenario: &Path, out_parent: &Path) -> Run {
    let out: PathBuf = out_parent.join("out");
    common::run_scenario(scenario, &out, &[]);
    Run {
        summary: read_csv(&out.join("summary.csv"))
            .into_iter()
            .map(|r| (r["service"].clone(), r))
            .collect(),
        gaps: read_csv(&out.join("gaps.csv")),
    }
}

fn baseline() -> Run {
    let dir = tempfile::tempdir().unwrap();
    run_file(&root().join("scenarios/demo.toml"), dir.path())
}

/// A variant of the demo: `name`, `base`, then `rest`.
fn variant(rest: &str) -> String {
    format!("name = \"variant\"\nbase = \"../demo.toml\"\n{rest}")
}

fn total(run: &Run, service: &str, column: &str) -> f64 {
    num(&run.summary[service], column)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9 * a.abs().max(b.abs()).max(1.0)
}

#[test]
fn a_variant_with_no_changes_matches_its_base() {
    let (a, b) = (baseline(), run_variant(&[("v.toml", &variant(""))]));
    for (service, row) in &a.summary {
        for column in ["need", "capacity", "supply", "gap"] {
            assert_eq!(
                row[column], b.summary[service][column],
                "{service} {column}"
            );
        }
    }
    assert_eq!(a.gaps.len(), b.gaps.len());
}

#[test]
fn adding_forty_beds_in_reach_of_unmet_need_adds_forty_to_supply() {
    // home_for_elderly has step decay and unmet need (84 needed, 70 beds). A home in the middle
    // of the region has need in reach, so under 2SFCA all of its 40 beds are delivered.
    let a = baseline();
    let b = run_variant(&[(
        "v.toml",
        &variant(
            r#"[[changes]]
action = "add_provider"
id = "DS-NEW"
name = "Nový domov"
service = "home_for_elderly"
capacity = 40
lon = 14.5
lat = 49.2
"#,
        ),
    )]);
    let s = "home_for_elderly";
    assert!(close(total(&b, s, "supply"), total(&a, s, "supply") + 40.0));
    assert!(close(
        total(&b, s, "capacity"),
        total(&a, s, "capacity") + 40.0
    ));
    assert!(close(total(&b, s, "need"), total(&a, s, "need")));
    assert_eq!(
        num(&b.summary[s], "providers"),
        num(&a.summary[s], "providers") + 1.0
    );
    // Other services do not move.
    assert_eq!(
        a.summary["home_care"]["supply"],
        b.summary["home_care"]["supply"]
    );
}

#[test]
fn removing_and_resizing_providers_move_supply_by_their_capacity() {
    // DS-02 has 18 beds and DZR-01 12; both have need in reach, as do the homes left.
    let a = baseline();
    let b = run_variant(&[(
        "v.toml",
        &variant(
            r#"[[changes]]
action = "remove_provider"
id = "DS-02"

[[changes]]
action = "set_capacity"
id = "DZR-01"
capacity = 20
"#,
        ),
    )]);
    let s = "home_for_elderly";
    assert!(close(
        total(&b, s, "supply"),
        total(&a, s, "supply") - 18.0 + 8.0
    ));
    assert!(close(total(&b, s, "capacity"), 70.0 - 18.0 + 8.0));
}

#[test]
fn scale_group_and_set_need_scale_the_need_exactly() {
    // home_for_elderly's only norm is seniors_80: a quarter more people over 80 is a quarter
    // more need. day_care's norm for disabled is halved from its value to 2.5 per 1,000.
    let a = baseline();
    let b = run_variant(&[(
        "v.toml",
        &variant(
            r#"[[changes]]
action = "scale_group"
group = "seniors_80"
factor = 1.25
"#,
        ),
    )]);
    let s = "home_for_elderly";
    assert!(close(total(&b, s, "need"), total(&a, s, "need") * 1.25));
    // Capacity is conserved: supply does not move when only need grows.
    assert!(close(total(&b, s, "supply"), total(&a, s, "supply")));

    let c = run_variant(&[(
        "v.toml",
        &variant(
            r#"[[changes]]
action = "set_need"
service = "home_for_elderly"
group = "seniors_80"
per_1000 = 45
"#,
        ),
    )]);
    assert!(close(total(&c, s, "need"), total(&a, s, "need") / 2.0));
}

#[test]
fn a_catchment_wide_enough_for_everyone_gives_everyone_the_same_coverage() {
    // With step decay and every unit reaching every home, R = 70 / 84 for all: each unit's
    // coverage is exactly the regional one.
    let b = run_variant(&[(
        "v.toml",
        &variant(
            r#"[[changes]]
action = "set_catchment"
service = "home_for_elderly"
catchment = 500
"#,
        ),
    )]);
    let s = "home_for_elderly";
    let regional = total(&b, s, "capacity") / total(&b, s, "need");
    for row in b.gaps.iter().filter(|r| r["service"] == s) {
        assert!(close(num(row, "coverage"), regional), "{row:?}");
    }
}

#[test]
fn chains_apply_the_base_first_and_override_keys() {
    // middle scales seniors_80 by 2 and sets the home catchment; top scales again by 1.5 and
    // overrides the catchment. Need is 3× the demo's; the catchment is top's.
    let middle = variant(
        r#"[[changes]]
action = "scale_group"
group = "seniors_80"
factor = 2

[services.home_for_elderly]
catchment = 5
"#,
    )
    .replace("name = \"variant\"", "name = \"middle\"");
    let top = r#"name = "top"
base = "middle.toml"
[services.home_for_elderly]
catchment = 500

[[changes]]
action = "scale_group"
group = "seniors_80"
factor = 1.5
"#;
    let a = baseline();
    let b = run_variant(&[("top.toml", top), ("middle.toml", &middle)]);
    let s = "home_for_elderly";
    assert!(close(total(&b, s, "need"), total(&a, s, "need") * 3.0));
    // With a 500 km catchment every home is reached; with 5 km some units would reach none.
    assert_eq!(num(&b.summary[s], "need_out_of_reach"), 0.0);
}

#[test]
fn a_cycle_of_bases_is_an_error() {
    let dir = tempfile::tempdir_in(root().join("scenarios")).unwrap();
    std::fs::write(
        dir.path().join("a.toml"),
        "name = \"a\"\nbase = \"b.toml\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b.toml"),
        "name = \"b\"\nbase = \"a.toml\"\n",
    )
    .unwrap();
    let o = gapmap(dir.path(), &["check", "a.toml"]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(
        o.stderr.contains("key `base`: the bases form a cycle"),
        "{}",
        o.stderr
    );
    assert!(
        o.stderr.contains("a.toml → ") && o.stderr.contains("b.toml → "),
        "{}",
        o.stderr
    );
}

#[test]
fn errors_in_a_chain_name_the_file_that_holds_them() {
    let dir = tempfile::tempdir_in(root().join("scenarios")).unwrap();
    let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
    // A bad change in the base is reported in the base, with its line.
    write(
        "base.toml",
        &variant("\n[[changes]]\naction = \"remove_provider\"\nid = \"DS-99\"\n")
            .replace("name = \"variant\"", "name = \"base\""),
    );
    write("top.toml", "name = \"top\"\nbase = \"base.toml\"\n");
    let o = gapmap(dir.path(), &["check", "top.toml"]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(
        o.stderr.contains(
            "base.toml: line 4, field `id`: change 1 (remove_provider): no provider \"DS-99\""
        ),
        "{}",
        o.stderr
    );
    // A variant must have its own name.
    write("nameless.toml", "base = \"../demo.toml\"\n");
    let o = gapmap(dir.path(), &["check", "nameless.toml"]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(
        o.stderr
            .contains("nameless.toml: key `name`: a scenario with a `base` needs its own `name`"),
        "{}",
        o.stderr
    );
    // What no file of the chain gives is missing.
    write(
        "short.toml",
        "name = \"short\"\n[inputs]\nproviders = \"p.csv\"\n",
    );
    let o = gapmap(dir.path(), &["check", "short.toml"]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(
        o.stderr.contains("short.toml: key `inputs`:"),
        "{}",
        o.stderr
    );
}

#[test]
fn the_survey_variant_brackets_each_need_by_its_interval() {
    let dir = tempfile::tempdir().unwrap();
    let b = run_file(&root().join("scenarios/demo-survey.toml"), dir.path());
    let mut surveyed = 0;
    for r in &b.gaps {
        let (low, need, high) = (num(r, "need_low"), num(r, "need"), num(r, "need_high"));
        assert!(low <= need && need <= high, "{r:?}");
        // Three CSV numbers of 10 significant digits each.
        assert!(
            (num(r, "gap_low") - (low - num(r, "supply"))).abs() < 3e-9 * low.abs().max(1.0),
            "{r:?}"
        );
        if r["service"] == "home_care" && need > 0.0 {
            assert!(low < need && need < high, "a sample has an interval: {r:?}");
            surveyed += 1;
        } else {
            assert_eq!((low, high), (need, need), "exact norms: {r:?}");
        }
    }
    assert_eq!(surveyed, 20);
    // Vysoká has a survey of its own: 12 of 150, 80 per 1,000 of its people aged 65+.
    let vysoka = b
        .gaps
        .iter()
        .find(|r| r["unit_id"] == "990012" && r["service"] == "home_care")
        .unwrap();
    let seniors = num(vysoka, "need") / 0.08;
    assert!((seniors - seniors.round()).abs() < 1e-9, "{seniors}");
}
