//! `gapmap site`: small cases worked by hand, agreement with `run`, determinism, bad input.
//!
//! The hand world: three demand points on the meridian 15° E, A (50.0°, 1,000 people),
//! B (50.1°, 500) and C (50.3°, 300), with a norm of 10 per 1,000: need 10, 5 and 3. Provider
//! X (capacity 6) stands at A; the catchment is 15 km with step decay. Candidates: K1 at B,
//! K2 at C and K3 at 50.2°. With 0.1° = 11.119508 km: A–B 11.119508, B–C and A–K3 22.239016,
//! A–C 33.358524, and K3 is 11.119508 from B and from C.

use crate::common;

use crate::common::{gapmap, read_csv, root, world};
use std::path::Path;

const POINTS: &str = "id,lon,lat,total\nA,15.0,50.0,1000\nB,15.0,50.1,500\nC,15.0,50.3,300\n";
const PROVIDERS: &str = "id,name,service,capacity,lon,lat\nX,Home X,s,6,15.0,50.0\n";
const CANDIDATES: &str =
    "id,name,lon,lat\nK1,At B,15.0,50.1\nK2,At C,15.0,50.3\nK3,Between,15.0,50.2\n";
const SCENARIO: &str = r#"name = "hand"
[inputs]
demand_points = "points.csv"
providers = "providers.csv"
[groups.all]
columns = ["total"]
[services.s]
form = "residential"
catchment = 15.0
decay = { kind = "step" }
need = [{ group = "all", per_1000 = 10.0 }]
"#;

/// The site study's answer: `site.json` and the rows of `sites.csv` and `candidates.csv`.
struct Answer {
    json: serde_json::Value,
    sites: Vec<String>,
    alone: Vec<String>,
}

/// Runs `gapmap site scenario.toml --candidates candidates.csv` with `args` in the hand world.
fn site(args: &[&str]) -> Answer {
    let dir = world(&[
        ("scenario.toml", SCENARIO),
        ("points.csv", POINTS),
        ("providers.csv", PROVIDERS),
        ("candidates.csv", CANDIDATES),
    ]);
    let mut all = vec![
        "site",
        "scenario.toml",
        "--service",
        "s",
        "--candidates",
        "candidates.csv",
        "--out",
        "out",
        "--quiet",
    ];
    all.extend_from_slice(args);
    let o = gapmap(dir.path(), &all);
    assert_eq!(o.code, 0, "{}", o.stderr);
    answer(&dir.path().join("out"))
}

fn answer(out: &Path) -> Answer {
    let text = std::fs::read_to_string(out.join("site.json")).expect("site.json");
    let rows = |file: &str, cols: &[&str]| -> Vec<String> {
        read_csv(&out.join(file))
            .iter()
            .map(|r| {
                cols.iter()
                    .map(|c| match r[*c].parse::<f64>() {
                        Ok(x) if !r[*c].contains('.') => format!("{x}"),
                        Ok(x) => format!("{x:.6}"),
                        Err(_) => r[*c].clone(),
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    };
    Answer {
        json: serde_json::from_str(&text).expect("site.json is JSON"),
        sites: rows("sites.csv", &["order", "id", "value", "gain"]),
        alone: rows("candidates.csv", &["rank", "id", "gain_alone", "chosen"]),
    }
}

fn close(got: &serde_json::Value, want: f64) {
    let got = got.as_f64().expect("a number");
    assert!((got - want).abs() < 1e-6, "got {got}, want {want}");
}

#[test]
fn coverage_by_hand() {
    // X covers A and B (11.1 km); C (need 3) is uncovered. K2 covers C; K3 covers B and C,
    // so also 3 more; K1 covers A and B again: nothing. K2 and K3 tie; the tie goes to the
    // one with more unmet need in its reach (see `ties_go_to_the_unmet_need_then_its_distance_then_the_id`):
    // X (R = 6 / 15 = 0.4) leaves A 6 and B 3 unmet, and C its 3: K2 reaches C's 3, K3 B's and
    // C's 6. K3.
    let a = site(&["--count", "1", "--objective", "coverage"]);
    assert_eq!(a.json["objective"], "coverage");
    close(&a.json["baseline"], 15.0);
    close(&a.json["value"], 18.0);
    assert_eq!(a.json["optimal"], true);
    assert_eq!(a.json["chosen"], serde_json::json!(["K3"]));
    assert_eq!(a.sites, ["1 K3 18.000000 3.000000"]);
    assert_eq!(
        a.alone,
        ["1 K3 3.000000 1", "2 K2 3.000000 ", "3 K1 0.000000 "]
    );
    // Asked for two, it proposes one: a second site would cover nothing more.
    let a = site(&["--count", "2", "--objective", "coverage"]);
    assert_eq!(a.json["chosen"], serde_json::json!(["K3"]));
    assert_eq!(a.json["count"], 2);
}

#[test]
fn unmet_by_hand() {
    // 2SFCA: X faces 10 + 5, R = 0.4: A gets 4, B 2, C 0; shortfalls 6 + 3 + 3 = 12.
    // K1 (4 places) faces A and B: R = 4/15, A +2.6667, B +1.3333: removes 4 → 8.
    // K2 faces C: R = 4/3, C +4, capped at 3 → 9. K3 faces B and C: R = 0.5, B +2.5, C +1.5:
    // removes 4 → 8. K1 and K3 tie; K1 has more unmet need in its reach: A's 6 and B's 3,
    // against K3's B 3 and C 3.
    let a = site(&["--count", "1", "--capacity", "4"]);
    assert_eq!(a.json["objective"], "unmet");
    close(&a.json["baseline"], 12.0);
    close(&a.json["value"], 8.0);
    close(&a.json["capacity"], 4.0);
    assert_eq!(a.json["chosen"], serde_json::json!(["K1"]));
    // Pairs: {K1, K2} removes 2.6667 + 1.3333 + 3 = 7 → 5; {K1, K3}: 2.6667 + min(3, 3.8333)
    // + 1.5 = 7.1667 → 4.8333; {K2, K3}: 2.5 + 3 → 6.5. K1 first, then K3 gains 3.1667.
    let a = site(&["--count", "2", "--capacity", "4"]);
    assert_eq!(a.json["chosen"], serde_json::json!(["K1", "K3"]));
    close(&a.json["value"], 29.0 / 6.0);
    assert_eq!(a.json["optimal"], true);
    assert_eq!(
        a.sites,
        ["1 K1 8.000000 4.000000", "2 K3 4.833333 3.166667"]
    );
}

/// Ties on the objective go to the unmet need within the candidate's catchment (more first),
/// then to the mean distance to that need, weighted by it (less first), then to the id.
///
/// X has 9 places here: R = 9 / (10 + 5) = 0.6, so A gets 6 and B 3, and the unmet need is
/// A 4, B 2 and C 3 (C is out of X's reach). Four candidates each cover C's 3 and nothing more
/// (B is covered already): a tie on `coverage`. Within 15 km:
/// - K1 at C reaches C: unmet 3.
/// - K2 at 50.18° reaches B (0.08° = 8.895606 km) and C (0.12° = 13.343410 km): unmet 2 + 3 =
///   5, at (2 × 8.895606 + 3 × 13.343410) / 5 = 11.564288 km on average.
/// - K3 and K4 at 50.2° reach B and C at 11.119508 km each: unmet 5, at 11.119508 km.
///
/// K1 loses on the unmet need, K2 on the distance, and K3 wins over K4 by its id.
#[test]
fn ties_go_to_the_unmet_need_then_its_distance_then_the_id() {
    let dir = world(&[
        ("scenario.toml", SCENARIO),
        ("points.csv", POINTS),
        (
            "providers.csv",
            "id,name,service,capacity,lon,lat\nX,Home X,s,9,15.0,50.0\n",
        ),
        (
            "candidates.csv",
            "id,name,lon,lat\nK4,Second,15.0,50.2\nK1,At C,15.0,50.3\nK2,Nearer B,15.0,50.18\n\
             K3,Between,15.0,50.2\n",
        ),
    ]);
    let o = gapmap(
        dir.path(),
        &[
            "site",
            "scenario.toml",
            "--service",
            "s",
            "--candidates",
            "candidates.csv",
            "--count",
            "1",
            "--objective",
            "coverage",
            "--out",
            "out",
            "--quiet",
        ],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    let out = dir.path().join("out");
    let a = answer(&out);
    assert_eq!(a.json["chosen"], serde_json::json!(["K3"]));
    assert_eq!(a.json["optimal"], true);
    // candidates.csv ranks the tie the same way, with the keys that broke it.
    assert_eq!(
        a.alone,
        [
            "1 K3 3.000000 1",
            "2 K4 3.000000 ",
            "3 K2 3.000000 ",
            "4 K1 3.000000 "
        ]
    );
    let keys: Vec<(String, f64, f64)> = read_csv(&out.join("candidates.csv"))
        .iter()
        .map(|r| {
            (
                r["id"].clone(),
                common::num(r, "unmet_in_reach"),
                common::num(r, "unmet_distance"),
            )
        })
        .collect();
    let want = [
        ("K3", 5.0, 11.119508),
        ("K4", 5.0, 11.119508),
        ("K2", 5.0, 11.564288),
        ("K1", 3.0, 0.0),
    ];
    for ((id, unmet, far), (want_id, want_unmet, want_far)) in keys.iter().zip(want) {
        assert_eq!(id, want_id);
        assert!((unmet - want_unmet).abs() < 1e-6, "{id}: unmet {unmet}");
        assert!((far - want_far).abs() < 1e-6, "{id}: distance {far}");
    }
    let html = std::fs::read_to_string(out.join("site.html")).unwrap();
    for said in [
        "Stejné hodnoty cíle by samostatně dosáhlo více kandidátů (celkem 4), takže optimum \
         platí pro cíl, ne pro volbu mezi nimi.",
        "Ve svém dosahu má Between nenaplněnou potřebu 5,0\u{a0}místa (z 9,0 v regionu), v průměru \
         11,1 km daleko.",
    ] {
        assert!(html.contains(said), "site.html does not say: {said}");
    }
}

#[test]
fn distance_by_hand() {
    // Nearest existing: A 0, B 11.119508, C 33.358524: baseline 5·11.119508 + 3·33.358524.
    // K2 saves C's 100.075572 → 55.597540; K1 saves 55.597540 (B) + 3·11.119508 (C) = 88.956064
    // → 66.717048; K3 saves C's 3·22.239016 → 88.956064. Two: {K1, K2} leave nothing.
    let a = site(&["--count", "1", "--objective", "distance"]);
    close(&a.json["baseline"], 155.673112);
    close(&a.json["value"], 55.597540);
    assert_eq!(a.json["chosen"], serde_json::json!(["K2"]));
    close(&a.json["need_unreached"], 0.0);
    let a = site(&["--count", "2", "--objective", "distance"]);
    assert_eq!(a.json["chosen"], serde_json::json!(["K2", "K1"]));
    assert_eq!(
        a.sites,
        ["1 K2 55.597540 100.075572", "2 K1 0.000000 55.597540"]
    );
    assert_eq!(a.json["optimal"], true);
}

/// A scenario in `dir` that runs the demo with every service under `method`.
fn demo_with(dir: &Path, method: &str) -> std::path::PathBuf {
    let base = root().join("scenarios/demo.toml");
    let path = dir.join(format!("{method}.toml"));
    let text = format!(
        "name = \"m{method}\"\nbase = {:?}\n[method]\nkind = \"{method}\"\n",
        base.display().to_string()
    );
    std::fs::write(&path, text).expect("scenario");
    path
}

/// Σ max(0, gap) of one service in a run's gaps.csv.
fn unmet_in(out: &Path, service: &str) -> f64 {
    read_csv(&out.join("gaps.csv"))
        .iter()
        .filter(|r| r["service"] == service)
        .map(|r| common::num(r, "gap").max(0.0))
        .sum()
}

#[test]
fn unmet_agrees_with_running_the_scenario_with_the_sites_added() {
    // For every method, the additive ones and those re-run per set (3SFCA, BFCA): adding the
    // chosen sites as providers and running gives the value that `site` reports.
    for method in ["2sfca", "3sfca", "bfca", "gravity", "cumulative"] {
        let dir = tempfile::tempdir().expect("temp dir");
        let scenario = demo_with(dir.path(), method);
        let out = dir.path().join("site");
        let o = gapmap(
            dir.path(),
            &[
                "site",
                scenario.to_str().unwrap(),
                "--service",
                "day_care",
                "--count",
                "2",
                "--capacity",
                "6",
                "--out",
                out.to_str().unwrap(),
                "--quiet",
            ],
        );
        assert_eq!(o.code, 0, "{method}: {}", o.stderr);
        let a = answer(&out);
        assert_eq!(a.json["method"], method);
        assert_eq!(a.json["optimal"], true, "{method}");
        common::run_scenario(&scenario, &dir.path().join("before"), &[]);
        close(
            &a.json["baseline"],
            unmet_in(&dir.path().join("before"), "day_care"),
        );

        let sites = read_csv(&out.join("sites.csv"));
        // Cumulative counts every place in reach for every origin: no shortfall to remove.
        let baseline = a.json["baseline"].as_f64().unwrap();
        assert_eq!(sites.is_empty(), baseline == 0.0, "{method}: {baseline}");
        let mut changes = String::new();
        for s in &sites {
            changes += &format!(
                "[[changes]]\naction = \"add_provider\"\nid = \"new-{}\"\nservice = \"day_care\"\n\
                 capacity = 6\nlon = {}\nlat = {}\n",
                s["id"], s["lon"], s["lat"]
            );
        }
        let with = dir.path().join("with.toml");
        std::fs::write(
            &with,
            format!(
                "name = \"with\"\nbase = {:?}\n{changes}",
                scenario.display().to_string()
            ),
        )
        .expect("variant");
        common::run_scenario(&with, &dir.path().join("after"), &[]);
        close(
            &a.json["value"],
            unmet_in(&dir.path().join("after"), "day_care"),
        );
    }
}

#[test]
fn outputs_are_identical_for_one_and_two_threads() {
    for (method, objective) in [
        ("2sfca", "unmet"),
        ("3sfca", "unmet"),
        ("2sfca", "distance"),
    ] {
        let dir = tempfile::tempdir().expect("temp dir");
        let scenario = demo_with(dir.path(), method);
        let mut outputs = Vec::new();
        for threads in ["1", "2"] {
            let out = dir.path().join(threads);
            let mut args = vec![
                "site",
                scenario.to_str().unwrap(),
                "--service",
                "home_care",
                "--count",
                "3",
                "--objective",
                objective,
                "--threads",
                threads,
                "--out",
                out.to_str().unwrap(),
                "--quiet",
            ];
            if objective == "unmet" {
                args.extend(["--capacity", "15"]);
            }
            let o = gapmap(dir.path(), &args);
            assert_eq!(o.code, 0, "{}", o.stderr);
            let files: Vec<Vec<u8>> = ["site.json", "sites.csv", "sites.geojson", "candidates.csv"]
                .iter()
                .map(|f| std::fs::read(out.join(f)).expect("output"))
                .collect();
            outputs.push(files);
        }
        assert_eq!(outputs[0], outputs[1], "{method} {objective}");
    }
}

#[test]
fn candidates_from_a_cost_matrix_need_no_coordinates() {
    // Costs in minutes; K1 reaches A (10) and B (5), K2 reaches C (0). X reaches A and B.
    // Coverage with a 20-minute catchment: C (need 3) is open, and only K2 reaches it.
    let scenario = SCENARIO
        .replace("catchment = 15.0", "catchment = 20.0")
        .replace(
            "providers = \"providers.csv\"",
            "providers = \"providers.csv\"\ncosts = \"costs.csv\"",
        );
    let dir = world(&[
        ("scenario.toml", &scenario),
        ("points.csv", POINTS),
        (
            "providers.csv",
            "id,name,service,capacity,lon,lat\nX,Home X,s,6,,\n",
        ),
        ("candidates.csv", "id,name\nK1,First\nK2,Second\n"),
        (
            "costs.csv",
            "origin,destination,cost\nA,X,0\nB,X,12\nA,K1,10\nB,K1,5\nC,K2,0\nC,X,45\n",
        ),
    ]);
    let o = gapmap(
        dir.path(),
        &[
            "site",
            "scenario.toml",
            "--service",
            "s",
            "--count",
            "1",
            "--objective",
            "coverage",
            "--candidates",
            "candidates.csv",
            "--out",
            "out",
            "--quiet",
        ],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    let a = answer(&dir.path().join("out"));
    assert_eq!(a.json["chosen"], serde_json::json!(["K2"]));
    close(&a.json["value"], 18.0);
    // The map has the site without a geometry.
    let map = std::fs::read_to_string(dir.path().join("out/sites.geojson")).unwrap();
    assert!(map.contains("\"geometry\":null"), "{map}");
}

/// Runs `site` in the hand world with `files` replaced or added, and expects exit 2 with
/// `message` and no output.
fn refused(files: &[(&str, &str)], args: &[&str], message: &str) {
    let mut all = vec![
        ("scenario.toml", SCENARIO),
        ("points.csv", POINTS),
        ("providers.csv", PROVIDERS),
        ("candidates.csv", CANDIDATES),
    ];
    for &(name, text) in files {
        match all.iter_mut().find(|f| f.0 == name) {
            Some(f) => f.1 = text,
            None => all.push((name, text)),
        }
    }
    let dir = world(&all);
    let mut argv = vec!["site", "scenario.toml", "--out", "out"];
    argv.extend_from_slice(args);
    common::assert_refused(dir.path(), &argv, message, "out");
}

#[test]
fn bad_input_is_refused_with_exit_2() {
    let with = |extra: &[&'static str]| {
        let mut a = vec![
            "--service",
            "s",
            "--count",
            "1",
            "--candidates",
            "candidates.csv",
        ];
        a.extend_from_slice(extra);
        a
    };
    refused(&[], &with(&[]), "--objective unmet needs --capacity N");
    refused(
        &[],
        &with(&["--capacity", "0"]),
        "invalid --capacity (got 0): must be > 0",
    );
    refused(
        &[],
        &with(&["--objective", "coverage", "--capacity", "4"]),
        "--capacity applies only to --objective unmet",
    );
    refused(
        &[],
        &["--service", "home", "--count", "1", "--capacity", "4"],
        "--service \"home\" is not a service of scenario.toml; it has s",
    );
    refused(
        &[],
        &["--service", "s", "--count", "0", "--capacity", "4"],
        "--count",
    );
    refused(
        &[(
            "candidates.csv",
            "id,name,lon,lat\nK1,a,15.0,50.1\nK1,b,15.0,50.2\n",
        )],
        &with(&["--capacity", "4"]),
        "candidates.csv: line 3 (candidate K1), field `id`: repeats the id \"K1\" (first at line 2)",
    );
    refused(
        &[("candidates.csv", "id,name,lon,lat\nK1,a,15.0,\n")],
        &with(&["--capacity", "4"]),
        "candidates.csv: line 2 (candidate K1), field `lat`: is empty but `lon` is not",
    );
    refused(
        &[("candidates.csv", "id,name\nK1,a\n")],
        &with(&["--capacity", "4"]),
        "candidates.csv: line 2 (candidate K1), field `lon`: candidate K1 has no coordinates; \
         give `lon` and `lat` (or S-JTSK `x` and `y`), or a cost matrix",
    );
    refused(
        &[("candidates.csv", "id,name,lon,lat\nK1,a,-740000,-1050000\n")],
        &with(&["--capacity", "4"]),
        "S-JTSK",
    );
    refused(
        &[("candidates.csv", "id,name,lon,lat\n")],
        &with(&["--capacity", "4"]),
        "candidates.csv: lists no candidates",
    );
    refused(
        &[("candidates.csv", "name,lon,lat\na,15.0,50.1\n")],
        &with(&["--capacity", "4"]),
        "candidates.csv",
    );
    // With a cost matrix, a candidate may not share a provider's id.
    let scenario = SCENARIO.replace(
        "providers = \"providers.csv\"",
        "providers = \"providers.csv\"\ncosts = \"costs.csv\"",
    );
    refused(
        &[
            ("scenario.toml", &scenario),
            ("candidates.csv", "id,name\nX,Clash\n"),
            ("costs.csv", "origin,destination,cost\nA,X,0\n"),
        ],
        &with(&["--capacity", "4"]),
        "candidates.csv: line 2 (candidate X), field `id`: candidate \"X\" has the id of a provider, so \
         costs.csv cannot tell them apart; give it another id",
    );
    // A cost row naming neither a provider nor a candidate is still an error.
    refused(
        &[
            ("scenario.toml", &scenario),
            ("candidates.csv", "id,name\nK1,a\n"),
            ("costs.csv", "origin,destination,cost\nA,X,0\nA,K9,3\n"),
        ],
        &with(&["--capacity", "4"]),
        "costs.csv: line 3, field `destination`",
    );
}

#[test]
fn the_demo_siting_study_from_the_readme() {
    // The README's example: one 40-bed home for the demo. Its numbers are checked here.
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("site");
    let o = gapmap(
        &root(),
        &[
            "site",
            "scenarios/demo.toml",
            "--service",
            "home_for_elderly",
            "--count",
            "1",
            "--capacity",
            "16",
            "--out",
            out.to_str().unwrap(),
            "--quiet",
        ],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README");
    for line in o.stdout.lines().skip(1) {
        assert!(readme.contains(line), "README lacks the line\n{line}");
    }
}
