//! `gapmap compare`: the example variants of the demo side by side.

use crate::common;

use std::collections::HashMap;

use crate::common::{gapmap, num, read_csv, root};

const VARIANTS: [&str; 4] = [
    "scenarios/demo.toml",
    "scenarios/demo-new-home.toml",
    "scenarios/demo-closure.toml",
    "scenarios/demo-2030.toml",
];

fn compare(out: &std::path::Path, scenarios: &[&str]) -> common::Outcome {
    let mut args = vec!["compare"];
    args.extend_from_slice(scenarios);
    args.extend_from_slice(&["--out", out.to_str().unwrap(), "--quiet"]);
    gapmap(&root(), &args)
}

#[test]
fn deltas_add_up_to_the_change_in_total_gap() {
    let dir = tempfile::tempdir().unwrap();
    let o = compare(dir.path(), &VARIANTS);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let rows = read_csv(&dir.path().join("comparison.csv"));
    assert_eq!(rows.len(), 20 * 7);
    // summary.csv: one row per scenario × service.
    let summary: HashMap<(String, String), f64> = read_csv(&dir.path().join("summary.csv"))
        .iter()
        .map(|r| ((r["scenario"].clone(), r["service"].clone()), num(r, "gap")))
        .collect();
    assert_eq!(summary.len(), 4 * 7);
    for scenario in ["new-home", "closure", "ageing-2030"] {
        let mut by_service: HashMap<String, f64> = HashMap::new();
        for r in &rows {
            let delta = num(r, &format!("delta_gap_{scenario}"));
            // Each delta is that scenario's gap minus the reference's.
            let (gap, reference) = (num(r, &format!("{scenario}_gap")), num(r, "demo_gap"));
            let want = gap - reference;
            // CSV numbers have 10 significant digits: each of the three is rounded.
            assert!(
                (delta - want).abs() < 1e-9 * (gap.abs() + reference.abs()).max(1.0),
                "{scenario}: {r:?}"
            );
            *by_service.entry(r["service"].clone()).or_default() += delta;
        }
        for (service, sum) in by_service {
            let (a, b) = (
                summary[&(scenario.to_string(), service.clone())],
                summary[&("demo".to_string(), service.clone())],
            );
            let want = a - b;
            // Each summary total is rounded to 10 significant digits, and so is each delta.
            assert!(
                (sum - want).abs() < 1e-8 * (1.0 + a.abs() + b.abs()),
                "{scenario} {service}: {sum} vs {want}"
            );
        }
    }
}

#[test]
fn each_variant_moves_exactly_what_it_changes() {
    let dir = tempfile::tempdir().unwrap();
    let o = compare(dir.path(), &VARIANTS);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let mut total: HashMap<(String, &str), f64> = HashMap::new();
    for r in read_csv(&dir.path().join("comparison.csv")) {
        for s in ["new-home", "closure", "ageing-2030"] {
            *total.entry((r["service"].clone(), s)).or_default() +=
                num(&r, &format!("delta_gap_{s}"));
        }
    }
    let t = |service: &str, s: &'static str| total[&(service.to_string(), s)];
    // 16 new beds, all delivered under step decay: the total gap falls by exactly 16.
    assert!((t("home_for_elderly", "new-home") + 16.0).abs() < 1e-9);
    // PS-02's 45 clients are lost to the units of its area, which no other provider serves
    // (PS-01's area is disjoint): the gap grows by exactly 45.
    assert!((t("home_care", "closure") - 45.0).abs() < 1e-9);
    // The people of 2030: home_for_elderly's need, 90 per 1,000 aged 80+, grows from 83.97
    // places with the 80+ that `gapmap project` carries to 2030, and with capacity unchanged
    // (every place already taken) so does its gap.
    let projected = dir.path().join("population_2030.csv");
    let o = gapmap(
        &root(),
        &[
            "project",
            "scenarios/demo.toml",
            "--year",
            "2030",
            "--out",
            projected.to_str().unwrap(),
        ],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    let old: f64 = read_csv(&projected)
        .iter()
        .map(|r| num(r, "age_80_84") + num(r, "age_85_plus"))
        .sum();
    assert!(old > 1.2 * 933.0, "{old}");
    let want = old * 90.0 / 1000.0 - 83.97;
    assert!(
        (t("home_for_elderly", "ageing-2030") - want).abs() < 1e-6,
        "{want}"
    );
    // Services the variants do not touch do not move.
    for s in ["new-home", "closure"] {
        assert_eq!(t("shelter", s), 0.0, "{s}");
    }
    assert_eq!(t("home_care", "new-home"), 0.0);
}

#[test]
fn the_terminal_table_gives_totals_and_deltas() {
    let dir = tempfile::tempdir().unwrap();
    let o = compare(dir.path(), &VARIANTS[..2]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let lines: Vec<&str> = o.stdout.lines().collect();
    assert!(
        lines[0]
            .starts_with("wrote comparison.csv, comparison.geojson, summary.csv, report.html to ")
    );
    let row = |service: &str, scenario: &str| -> Vec<String> {
        lines
            .iter()
            .find(|l| {
                let w: Vec<&str> = l.split_whitespace().collect();
                w.len() > 2 && w[0] == service && w[1] == scenario
            })
            .unwrap_or_else(|| panic!("no {service} {scenario} in\n{}", o.stdout))
            .split_whitespace()
            .map(String::from)
            .collect()
    };
    assert_eq!(
        row("home_for_elderly", "demo")[6..],
        ["14.0", "83", "%", "-"]
    );
    // Two places spare in all, yet 0.1 unmet where the new home does not reach.
    assert_eq!(
        row("home_for_elderly", "new-home")[5..],
        ["-2.0", "0.1", "102", "%", "-16.0"]
    );
}

#[test]
fn comparison_map_has_a_feature_per_unit_with_the_deltas() {
    let dir = tempfile::tempdir().unwrap();
    let o = compare(dir.path(), &VARIANTS[..2]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let text = std::fs::read_to_string(dir.path().join("comparison.geojson")).unwrap();
    let map: serde_json::Value = serde_json::from_str(&text).unwrap();
    let features = map["features"].as_array().unwrap();
    assert_eq!(features.len(), 20);
    let p = &features[0]["properties"];
    assert_eq!(p["unit_id"], "990001");
    let (gap, new_gap, delta) = (
        p["home_for_elderly_gap_demo"].as_f64().unwrap(),
        p["home_for_elderly_gap_new-home"].as_f64().unwrap(),
        p["home_for_elderly_delta_gap_new-home"].as_f64().unwrap(),
    );
    assert!((delta - (new_gap - gap)).abs() < 1e-12);
    assert!(
        delta < 0.0,
        "a new home is a gain for every unit in its reach"
    );
    assert_eq!(features[0]["geometry"]["type"], "MultiPolygon");
}

#[test]
fn compare_refuses_what_cannot_be_compared() {
    let dir = tempfile::tempdir().unwrap();
    // Two scenarios with one name would give clashing columns.
    let o = compare(dir.path(), &[VARIANTS[0], VARIANTS[0]]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(
        o.stderr.contains("scenarios/demo.toml: key `name`: the name \"demo\" is also the name of scenarios/demo.toml"),
        "{}",
        o.stderr
    );
    // One scenario is not a comparison.
    let o = compare(dir.path(), &[VARIANTS[0]]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    // A scenario of another region: its units differ.
    let other = tempfile::tempdir_in(root().join("scenarios")).unwrap();
    std::fs::write(other.path().join("m.geojson"), common::SQUARES).unwrap();
    std::fs::write(
        other.path().join("population.csv"),
        "code,total\nM1,100\nM2,300\n",
    )
    .unwrap();
    std::fs::write(
        other.path().join("elsewhere.toml"),
        "name = \"elsewhere\"\nbase = \"../demo.toml\"\n[inputs]\nmunicipalities = \"m.geojson\"\n\
         population = \"population.csv\"\nproviders = \"p.csv\"\n[groups.seniors_65]\ncolumns = [\"total\"]\n\
         [groups.seniors_80]\ncolumns = [\"total\"]\n[groups.disabled]\ncolumns = [\"total\"]\n\
         [groups.families]\ncolumns = [\"total\"]\n[groups.youth]\ncolumns = [\"total\"]\n\
         [groups.at_risk]\ncolumns = [\"total\"]\n",
    )
    .unwrap();
    std::fs::write(
        other.path().join("p.csv"),
        "id,name,service,capacity,lon,lat\n",
    )
    .unwrap();
    let path = other.path().join("elsewhere.toml");
    let o = compare(dir.path(), &[VARIANTS[0], path.to_str().unwrap()]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(
        o.stderr.contains("elsewhere.toml: has 2 units, not 20"),
        "{}",
        o.stderr
    );
}

#[test]
fn one_thread_and_two_threads_write_identical_comparisons() {
    let (one, two) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    for (dir, threads) in [(&one, "1"), (&two, "2")] {
        let mut args = vec!["compare"];
        args.extend_from_slice(&VARIANTS);
        args.extend_from_slice(&["--out", dir.path().to_str().unwrap(), "--threads", threads]);
        let o = gapmap(&root(), &args);
        assert_eq!(o.code, 0, "{}", o.stderr);
    }
    for name in ["comparison.csv", "comparison.geojson", "summary.csv"] {
        let (a, b) = (
            std::fs::read(one.path().join(name)).unwrap(),
            std::fs::read(two.path().join(name)).unwrap(),
        );
        assert!(a == b, "{name} differs between --threads 1 and --threads 2");
    }
}

#[test]
fn an_unchanged_service_gets_a_line_not_a_blank_map() {
    // The new home changes only home_for_elderly: the six other services get one line each.
    let out = tempfile::tempdir().unwrap();
    let o = compare(
        out.path(),
        &["scenarios/demo.toml", "scenarios/demo-new-home.toml"],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    let html = std::fs::read_to_string(out.path().join("report.html")).unwrap();
    let lines = html
        .matches("žádná obec regionu se nezmění o víc než 0,05")
        .count();
    assert_eq!(lines, 6);
    // One difference map, the home's.
    assert_eq!(html.matches("aria-label=\"Δ new-home\"").count(), 1);
}
