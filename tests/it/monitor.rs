//! `gapmap monitor`: the contract's section "Monitoring the plan" worked by hand on two square
//! municipalities, and every bad input it names.

use std::collections::HashMap;

use crate::common::{assert_refused, gapmap, num, read_csv, root, world};

/// U1 is lon 14.0–14.1, U2 lon 14.1–14.2, both lat 49.0–49.1; 1,000 people each.
const SQUARES: &str = r#"{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"code":"U1","name":"Jedna"},"geometry":{"type":"Polygon","coordinates":[[[14.0,49.0],[14.1,49.0],[14.1,49.1],[14.0,49.1],[14.0,49.0]]]}},
{"type":"Feature","properties":{"code":"U2","name":"Dva"},"geometry":{"type":"Polygon","coordinates":[[[14.1,49.0],[14.2,49.0],[14.2,49.1],[14.1,49.1],[14.1,49.0]]]}}
]}"#;

const POPULATION: &str = "code,name,total\nU1,Jedna,1000\nU2,Dva,1000\n";

/// Need 20 places per municipality, 40 in all; every provider reaches both (100 km).
const BASE: &str = r#"name = "base"
[inputs]
municipalities = "m.geojson"
population = "population.csv"
providers = "providers.csv"
id_field = "code"
name_field = "name"
population_year = 2021
[groups.all]
columns = ["total"]
[services.care]
form = "residential"
catchment = 100.0
decay = { kind = "step" }
need = [{ group = "all", per_1000 = 20.0 }]
[services.visits]
form = "field"
catchment = 100.0
need = [{ group = "all", per_1000 = 1.0 }]
"#;

/// The baseline's care: P1 (5) in U1; P2 (10), P3 (6), P4 (3) in U2: 24 places, 16 unmet.
const PROVIDERS: &str = "id,name,service,capacity,lon,lat\n\
P1,Jedna,care,5,14.05,49.05\n\
P2,Dva A,care,10,14.15,49.05\n\
P3,Dva B,care,6,14.16,49.05\n\
P4,Dva C,care,3,14.17,49.05\n\
V1,Návštěvy,visits,2,14.05,49.05\n";

/// The plan's six measures. B stands east of every polygon, nearest to U2's point.
const PLAN: &str = r#"name = "plan"
base = "base.toml"

[[changes]]
measure = "1.1"
label = "Nové místo v Jedné"
due = "2026-01-01"
action = "add_provider"
id = "A"
service = "care"
capacity = 10
lon = 14.06
lat = 49.06

[[changes]]
measure = "1.2"
action = "set_capacity"
id = "P2"
capacity = 20
due = "2027-06-30"

[[changes]]
measure = "2.1"
action = "remove_provider"
id = "P3"
due = "2026-01-01"

[[changes]]
measure = "2.2"
action = "add_provider"
id = "B"
service = "care"
capacity = 5
lon = 14.35
lat = 49.05

[[changes]]
measure = "2.3"
action = "set_capacity"
id = "P4"
capacity = 3

[[changes]]
measure = "3.1"
label = "Předpoklad"
action = "scale_group"
group = "all"
factor = 1.0
"#;

/// Today: P2 grew to 15, P3 is gone, N1 (4) opened in U1, A and B are not there.
const NOW_PROVIDERS: &str = "id,name,service,capacity,lon,lat\n\
P1,Jedna,care,5,14.05,49.05\n\
P2,Dva A,care,15,14.15,49.05\n\
P4,Dva C,care,3,14.17,49.05\n\
N1,Nové,care,4,14.07,49.07\n\
V1,Návštěvy,visits,2,14.05,49.05\n";

const NOW: &str = r#"name = "now"
base = "base.toml"
[inputs]
providers = "now.csv"
"#;

fn plan_world() -> tempfile::TempDir {
    world(&[
        ("m.geojson", SQUARES),
        ("population.csv", POPULATION),
        ("providers.csv", PROVIDERS),
        ("now.csv", NOW_PROVIDERS),
        ("base.toml", BASE),
        ("plan.toml", PLAN),
        ("now.toml", NOW),
    ])
}

fn monitor(dir: &std::path::Path, extra: &[&str]) -> crate::common::Outcome {
    let mut args = vec![
        "monitor",
        "plan.toml",
        "now.toml",
        "--date",
        "2027-01-01",
        "--out",
        "out",
        "--quiet",
    ];
    args.extend_from_slice(extra);
    gapmap(dir, &args)
}

#[test]
fn each_measure_is_worked_by_hand() {
    let dir = plan_world();
    let o = monitor(dir.path(), &[]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let rows = read_csv(&dir.path().join("out/monitoring.csv"));
    let text: Vec<String> = rows
        .iter()
        .map(|r| {
            [
                "measure",
                "action",
                "service",
                "id",
                "municipality",
                "planned",
                "baseline",
                "now",
                "progress",
                "status",
                "due",
            ]
            .map(|c| r[c].as_str())
            .join(" ")
        })
        .collect();
    assert_eq!(
        text,
        [
            // cap(care, U1): 5 at the baseline, 5 + 4 now: (9 − 5) / 10; due before the date.
            "1.1 add_provider care A U1 10.0 5.0 9.0 0.4 overdue 2026-01-01",
            // (15 − 10) / (20 − 10); not yet due.
            "1.2 set_capacity care P2 U2 20.0 10.0 15.0 0.5 partly 2027-06-30",
            // P3 is gone now: its capacity is 0.
            "2.1 remove_provider care P3 U2 0.0 6.0 0.0 1.0 done 2026-01-01",
            // B is in no polygon: U2's point is nearest. cap(care, U2): 10 + 6 + 3, now 15 + 3.
            "2.2 add_provider care B U2 5.0 19.0 18.0 -0.2 not_started ",
            // C′ = c₀: 1 by definition.
            "2.3 set_capacity care P4 U2 3.0 3.0 3.0 1.0 done ",
            "3.1 scale_group        assumption ",
        ]
    );
    assert_eq!(rows[5]["label"], "Předpoklad");
}

#[test]
fn each_service_has_three_stages_and_its_progress() {
    let dir = plan_world();
    let o = monitor(dir.path(), &[]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let rows = read_csv(&dir.path().join("out/indicators.csv"));
    let by: HashMap<(String, String), &HashMap<String, String>> = rows
        .iter()
        .map(|r| ((r["service"].clone(), r["stage"].clone()), r))
        .collect();
    assert_eq!(rows.len(), 6);
    let care = |stage: &str| by[&("care".to_string(), stage.to_string())];
    // Every provider reaches both municipalities, which need 20 each: with capacity C, each
    // gets C / 2 and the unmet need is max(0, 40 − C).
    for (stage, capacity, unmet) in [
        ("baseline", 24.0, 16.0),
        ("now", 27.0, 13.0),
        ("target", 43.0, 0.0),
    ] {
        let r = care(stage);
        assert_eq!(r["year"], "2021", "{stage}");
        assert!((num(r, "need") - 40.0).abs() < 1e-9, "{stage}: {r:?}");
        assert!(
            (num(r, "capacity") - capacity).abs() < 1e-9,
            "{stage}: {r:?}"
        );
        assert!((num(r, "unmet") - unmet).abs() < 1e-9, "{stage}: {r:?}");
    }
    // (16 − 13) / (16 − 0), on the `now` row only.
    assert!((num(care("now"), "progress") - 0.1875).abs() < 1e-9);
    assert_eq!(care("baseline")["progress"], "");
    assert_eq!(care("target")["progress"], "");
    // Visits: 2 places for a need of 2; no unmet need to close, so no progress.
    let visits = by[&("visits".to_string(), "now".to_string())];
    assert_eq!(visits["progress"], "");
    for file in ["monitoring.xlsx", "monitoring.html"] {
        assert!(dir.path().join("out").join(file).exists(), "{file}");
    }
}

#[test]
fn the_target_is_at_the_horizon_and_the_baseline_is_not() {
    let dir = plan_world();
    // Demand points would need bands; a plan over the demo does: use it.
    let o = gapmap(
        &root(),
        &[
            "monitor",
            "scenarios/demo-plan-2030.toml",
            "scenarios/demo-now.toml",
            "--date",
            "2028-01-15",
            "--out",
            dir.path().join("demo").to_str().unwrap(),
            "--quiet",
        ],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    let rows = read_csv(&dir.path().join("demo/indicators.csv"));
    let year = |stage: &str| {
        rows.iter()
            .find(|r| r["service"] == "home_for_elderly" && r["stage"] == stage)
            .map(|r| (r["year"].clone(), num(r, "need"), num(r, "capacity")))
            .unwrap()
    };
    // The demo's 933 people aged 80+ at 90 per 1,000: 83.97 places in 2021.
    let (y, need, capacity) = year("baseline");
    assert_eq!(y, "2021");
    assert!((need - 83.97).abs() < 1e-9);
    assert_eq!(capacity, 70.0);
    // Now: the same people, the home in Radošov with its first 8 places.
    assert_eq!(year("now").0, "2021");
    assert_eq!(year("now").2, 78.0);
    // The target: 16 more places, and the need of 2030.
    let (y, need, capacity) = year("target");
    assert_eq!(y, "2030");
    assert!(need > 83.97 * 1.2, "{need}");
    assert_eq!(capacity, 86.0);
    let status: Vec<String> = read_csv(&dir.path().join("demo/monitoring.csv"))
        .iter()
        .map(|r| format!("{} {} {}", r["measure"], r["progress"], r["status"]))
        .collect();
    assert_eq!(
        status,
        ["1.1 0.5 partly", "2.1 1.0 done", "2.2 0.0 overdue"]
    );
}

#[test]
fn bad_inputs_are_refused_and_nothing_is_written() {
    let dir = plan_world();
    let args = |now: &str| {
        vec![
            "monitor".to_string(),
            "plan.toml".into(),
            now.into(),
            "--date".into(),
            "2027-01-01".into(),
            "--out".into(),
            "out".into(),
        ]
    };
    let refused = |args: Vec<String>, message: &str| {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        assert_refused(dir.path(), &args, message, "out");
    };
    // Now lacks a municipality of the plan.
    let one = SQUARES
        .lines()
        .filter(|l| !l.contains("\"U2\""))
        .collect::<Vec<_>>()
        .join("\n")
        .replace("}},\n]}", "}}\n]}");
    std::fs::write(dir.path().join("one.geojson"), one).unwrap();
    std::fs::write(
        dir.path().join("one.csv"),
        "code,name,total\nU1,Jedna,1000\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("now-one.toml"),
        "name = \"now\"\nbase = \"base.toml\"\n[inputs]\nmunicipalities = \"one.geojson\"\npopulation = \"one.csv\"\nproviders = \"now.csv\"\n",
    )
    .unwrap();
    refused(
        args("now-one.toml"),
        "now-one.toml: has no municipality \"U2\"",
    );
    // Now lacks a service of the plan.
    std::fs::write(
        dir.path().join("now-care.toml"),
        BASE.replace("name = \"base\"", "name = \"now\"")
            .replace("providers.csv", "care.csv")
            .split("[services.visits]")
            .next()
            .unwrap(),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("care.csv"),
        PROVIDERS.replace("V1,Návštěvy,visits,2,14.05,49.05\n", ""),
    )
    .unwrap();
    refused(
        args("now-care.toml"),
        "now-care.toml: has no service \"visits\"",
    );
    // A due that is not a date.
    std::fs::write(
        dir.path().join("plan.toml"),
        PLAN.replace("2027-06-30", "30. 6. 2027"),
    )
    .unwrap();
    refused(args("now.toml"), "plan.toml: line ");
    refused(args("now.toml"), "due");
    // A measure naming a provider that the baseline lacks (it is the plan's own).
    std::fs::write(
        dir.path().join("plan.toml"),
        format!(
            "{PLAN}\n[[changes]]\nmeasure = \"4.1\"\naction = \"set_capacity\"\nid = \"A\"\ncapacity = 12\n"
        ),
    )
    .unwrap();
    refused(
        args("now.toml"),
        "plan.toml: line 50, field `id`: change 7 (set_capacity): no provider \"A\" in the plan's baseline",
    );
    std::fs::write(dir.path().join("plan.toml"), PLAN).unwrap();
    // A --date that is not one.
    let mut bad = args("now.toml");
    bad[4] = "2027-02-30".into();
    refused(bad, "--date 2027-02-30");
}

#[test]
fn threads_change_no_byte() {
    let dir = plan_world();
    let mut outputs = Vec::new();
    for threads in ["1", "2"] {
        let out = format!("out-{threads}");
        let o = gapmap(
            dir.path(),
            &[
                "monitor",
                "plan.toml",
                "now.toml",
                "--date",
                "2027-01-01",
                "--out",
                &out,
                "--threads",
                threads,
                "--quiet",
            ],
        );
        assert_eq!(o.code, 0, "{}", o.stderr);
        outputs.push(
            ["monitoring.csv", "indicators.csv", "monitoring.html"]
                .map(|f| std::fs::read(dir.path().join(&out).join(f)).unwrap()),
        );
    }
    assert_eq!(outputs[0], outputs[1]);
}
