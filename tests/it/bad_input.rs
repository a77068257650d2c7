//! Bad input: every malformed file or value exits with 2, names the file, the place and the
//! field, and writes nothing.

use crate::common;

use crate::common::{SQUARES, assert_refused, gapmap, world};

const SCENARIO: &str = common::field_scenario!("bad", "10.0");

const POPULATION: &str = "code,total\nM1,100\nM2,300\n";
const PROVIDERS: &str =
    "id,name,service,capacity,lon,lat\nP1,One,care,5,15.05,50.05\nP2,Two,care,3,15.15,50.05\n";

/// Runs `run` and `check` on the good world with one file replaced, and expects exit 2, the
/// message, and no output folder.
fn expect_error(replace: (&str, &str), message: &str) {
    expect_error_with(&[replace], message);
}

/// As [`expect_error`], with several files, each replacing the good world's file of its name
/// or added beside them (a cost matrix, a survey).
fn expect_error_with(changed: &[(&str, &str)], message: &str) {
    let mut files = vec![
        ("scenario.toml", SCENARIO),
        ("m.geojson", SQUARES),
        ("population.csv", POPULATION),
        ("providers.csv", PROVIDERS),
    ];
    for &(name, text) in changed {
        match files.iter_mut().find(|f| f.0 == name) {
            Some(f) => f.1 = text,
            None => files.push((name, text)),
        }
    }
    let dir = world(&files);
    for args in [
        &["run", "scenario.toml", "--out", "out"][..],
        &["check", "scenario.toml"][..],
    ] {
        assert_refused(dir.path(), args, message, "out");
    }
}

#[test]
fn the_good_world_runs() {
    let dir = world(&[
        ("scenario.toml", SCENARIO),
        ("m.geojson", SQUARES),
        ("population.csv", POPULATION),
        ("providers.csv", PROVIDERS),
    ]);
    let o = gapmap(
        dir.path(),
        &["run", "scenario.toml", "--out", "out", "--quiet"],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(dir.path().join("out/gaps.csv").exists());
}

#[test]
fn negative_capacity() {
    expect_error(
        (
            "providers.csv",
            "id,name,service,capacity,lon,lat\nP1,One,care,5,15.05,50.05\nP7,Two,care,-3,15.15,50.05\n",
        ),
        "providers.csv: line 3 (provider P7), field `capacity`: invalid capacity for provider P7 (got -3): must be ≥ 0",
    );
}

#[test]
fn capacity_not_a_number() {
    expect_error(
        (
            "providers.csv",
            "id,name,service,capacity,lon,lat\nP1,One,care,five,15.05,50.05\n",
        ),
        "providers.csv: line 2 (provider P1), field `capacity`: not a number (got \"five\")",
    );
}

#[test]
fn unknown_service() {
    expect_error(
        (
            "providers.csv",
            "id,name,service,capacity,lon,lat\nP1,One,carre,5,15.05,50.05\n",
        ),
        "providers.csv: line 2 (provider P1), field `service`: unknown service \"carre\" for provider P1; the scenario's services are: care",
    );
}

#[test]
fn sjtsk_coordinates_in_providers() {
    expect_error(
        (
            "providers.csv",
            "id,name,service,capacity,lon,lat\nP1,One,care,5,-742000,-1043000\n",
        ),
        "providers.csv: line 2 (provider P1), field `lon`: invalid coordinates for provider P1 (got -742000, -1043000): must be lon/lat degrees (EPSG:4326); these look like S-JTSK / Krovak metres (EPSG:5514): name the columns `x` and `y`",
    );
}

/// A file whose first position is S-JTSK is read as S-JTSK: a lon/lat vertex in it is named.
#[test]
fn mixed_coordinates_in_polygons() {
    let m = SQUARES.replacen(
        "[[[15.0,50.0],[15.1,50.0]",
        "[[[-742000,-1043000],[15.1,50.0]",
        1,
    );
    expect_error(
        ("m.geojson", &m),
        "m.geojson: feature 1 (M1), field `geometry`: invalid S-JTSK coordinates (got 15.1, 50)",
    );
}

#[test]
fn duplicate_provider_id() {
    expect_error(
        (
            "providers.csv",
            "id,name,service,capacity,lon,lat\nP1,One,care,5,15.05,50.05\nP1,Two,care,3,15.15,50.05\n",
        ),
        "providers.csv: line 3 (provider P1), field `id`: repeats the id \"P1\" (first at line 2)",
    );
}

#[test]
fn provider_without_coordinates_or_area() {
    expect_error(
        (
            "providers.csv",
            "id,name,service,capacity,lon,lat\nP1,One,care,5,,\n",
        ),
        "providers.csv: line 2 (provider P1), field `lon`: provider P1 has no coordinates; give `lon` and `lat`, an `area`, or a cost matrix",
    );
}

#[test]
fn area_names_an_unknown_municipality() {
    expect_error(
        (
            "providers.csv",
            "id,name,service,capacity,lon,lat,area\nP1,One,care,5,,,M1;M9\n",
        ),
        "providers.csv: line 2 (provider P1), field `area`: municipality \"M9\" in the area of provider P1 is not in the municipalities file",
    );
}

#[test]
fn provider_serves_a_group_the_service_does_not_need() {
    expect_error(
        (
            "providers.csv",
            "id,name,service,capacity,lon,lat,groups\nP1,One,care,5,15.05,50.05,youth\n",
        ),
        "providers.csv: line 2 (provider P1), field `groups`: group \"youth\" of provider P1 is not a need group of service \"care\"",
    );
}

#[test]
fn population_misses_a_municipality() {
    expect_error(
        ("population.csv", "code,total\nM1,100\n"),
        "population.csv: field `code`: has no row for municipality \"M2\" (East)",
    );
}

#[test]
fn population_row_for_an_unknown_municipality() {
    expect_error(
        ("population.csv", "code,total\nM1,100\nM2,300\nM3,5\n"),
        "population.csv: line 4 (municipality M3), field `code`: municipality \"M3\" is not in m.geojson",
    );
}

#[test]
fn population_count_is_negative() {
    expect_error(
        ("population.csv", "code,total\nM1,100\nM2,-300\n"),
        "population.csv: line 3 (municipality M2), field `total`: invalid count (got -300): must be ≥ 0",
    );
}

#[test]
fn population_misses_a_group_column() {
    expect_error(
        ("population.csv", "code,people\nM1,100\nM2,300\n"),
        "population.csv: line 1: missing column `total`, which group `all` sums; the header has: code, people",
    );
}

#[test]
fn population_row_is_short() {
    expect_error(
        ("population.csv", "code,total,extra\nM1,100,1\nM2\n"),
        "population.csv: line 3: has 1 fields but the header has 3",
    );
}

#[test]
fn municipality_without_id() {
    let m = SQUARES.replacen("\"code\":\"M1\",", "", 1);
    expect_error(
        ("m.geojson", &m),
        "m.geojson: feature 1, field `code`: has no id",
    );
}

#[test]
fn municipality_with_a_point_geometry() {
    let m = SQUARES.replacen(
        r#"{"type":"Polygon","coordinates":[[[15.0,50.0],[15.1,50.0],[15.1,50.1],[15.0,50.1],[15.0,50.0]]]}"#,
        r#"{"type":"Point","coordinates":[15.0,50.0]}"#,
        1,
    );
    expect_error(
        ("m.geojson", &m),
        "m.geojson: feature 1 (M1), field `geometry`: must be a Polygon or MultiPolygon, not a Point",
    );
}

#[test]
fn geojson_that_is_not_json() {
    expect_error(
        ("m.geojson", "{\"type\": \"FeatureCollection\", "),
        "m.geojson: is not valid GeoJSON",
    );
}

#[test]
fn scenario_with_an_unknown_key() {
    let s = SCENARIO.replace("catchment = 10.0", "catchment = 10.0\ncatchmnet = 3");
    expect_error(
        ("scenario.toml", &s),
        "scenario.toml: line 11: unknown field `catchmnet`",
    );
}

#[test]
fn scenario_with_a_negative_catchment() {
    let s = SCENARIO.replace("catchment = 10.0", "catchment = -10.0");
    expect_error(
        ("scenario.toml", &s),
        "scenario.toml: key `services.care`, field `catchment`: invalid catchment (got -10): must be a number > 0",
    );
}

#[test]
fn scenario_names_a_missing_file() {
    let s = SCENARIO.replace("providers.csv", "nowhere.csv");
    expect_error(("scenario.toml", &s), "nowhere.csv: cannot read");
}

#[test]
fn usage_errors_exit_with_2() {
    let dir = world(&[]);
    for args in [
        &["run"][..],
        &["run", "x.toml", "--threads", "0"][..],
        &["frobnicate"][..],
    ] {
        let o = gapmap(dir.path(), args);
        assert_eq!(o.code, 2, "{args:?}: {}", o.stderr);
    }
    let o = gapmap(dir.path(), &["run", "missing.toml"]);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr.contains("missing.toml: cannot read the scenario"),
        "{}",
        o.stderr
    );
}

#[test]
fn a_failed_run_keeps_earlier_results() {
    // A second run that fails must not touch the first run's files.
    let dir = world(&[
        ("scenario.toml", SCENARIO),
        ("m.geojson", SQUARES),
        ("population.csv", POPULATION),
        ("providers.csv", PROVIDERS),
    ]);
    assert_eq!(
        gapmap(
            dir.path(),
            &["run", "scenario.toml", "--out", "out", "--quiet"]
        )
        .code,
        0
    );
    let before = std::fs::read(dir.path().join("out/gaps.csv")).unwrap();
    std::fs::write(
        dir.path().join("providers.csv"),
        "id,name,service,capacity,lon,lat\nP1,One,care,-1,15.05,50.05\n",
    )
    .unwrap();
    assert_eq!(
        gapmap(
            dir.path(),
            &["run", "scenario.toml", "--out", "out", "--quiet"]
        )
        .code,
        2
    );
    assert_eq!(
        std::fs::read(dir.path().join("out/gaps.csv")).unwrap(),
        before
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("out"))
        .unwrap()
        .filter_map(|e| {
            let n = e.ok()?.file_name().to_string_lossy().into_owned();
            n.contains(".tmp-").then_some(n)
        })
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn check_validates_and_writes_nothing() {
    let dir = world(&[
        ("scenario.toml", SCENARIO),
        ("m.geojson", SQUARES),
        ("population.csv", POPULATION),
        ("providers.csv", PROVIDERS),
    ]);
    let before: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    let o = gapmap(dir.path(), &["check", "scenario.toml"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(
        o.stdout
            .contains("ok: 2 units, 2 demand origins, 1 groups, 1 services, 2 providers"),
        "{}",
        o.stdout
    );
    let after: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(before, after);
}

#[test]
fn bad_rows_of_a_cost_matrix() {
    let scenario = SCENARIO.replace(
        "providers = \"providers.csv\"",
        "providers = \"providers.csv\"\ncosts = \"costs.csv\"",
    );
    for (costs, message) in [
        (
            "origin,destination,cost\nM1,P1,4\nM2,P1,-1\n",
            "costs.csv: line 3, field `cost`: invalid cost for M2 → P1 (got -1): must be ≥ 0",
        ),
        (
            "origin,destination,cost\nM1,P1,four\n",
            "costs.csv: line 2, field `cost`: not a number (got \"four\")",
        ),
        (
            "origin,destination,cost\nM3,P1,4\n",
            "costs.csv: line 2, field `origin`: unknown origin \"M3\"",
        ),
        (
            "origin,destination,cost\nM1,P9,4\n",
            "costs.csv: line 2, field `destination`: unknown destination \"P9\"",
        ),
        (
            "origin,destination\nM1,P1\n",
            "costs.csv: line 1: missing column `cost`",
        ),
    ] {
        expect_error_with(
            &[("scenario.toml", &scenario), ("costs.csv", costs)],
            message,
        );
    }
}

/// Appends one `[[changes]]` entry (its header on line 13 of the scenario) and expects exit 2
/// with `message`.
fn expect_change_error(change: &str, message: &str) {
    let scenario = format!("{SCENARIO}\n[[changes]]\n{change}");
    expect_error(("scenario.toml", &scenario), message);
}

#[test]
fn every_malformed_change_names_the_file_the_change_and_the_field() {
    let add = "action = \"add_provider\"\nservice = \"care\"\ncapacity = 3\n";
    let cases = [
        (
            "action = \"move_provider\"\nid = \"P1\"\n",
            "scenario.toml: line 13, field `action`: change 1: invalid action (got \"move_provider\"): must be one of add_provider, remove_provider, set_capacity, scale_group, set_need, set_catchment",
        ),
        (
            "action = \"set_capacity\"\nid = \"P1\"\n",
            "scenario.toml: line 13, field `capacity`: change 1 (set_capacity): set_capacity needs `capacity`",
        ),
        (
            "action = \"remove_provider\"\nid = \"P1\"\ncapacity = 3\n",
            "scenario.toml: line 13, field `capacity`: change 1 (remove_provider): remove_provider takes no `capacity`",
        ),
        (
            "action = \"set_catchment\"\nservice = \"nursing\"\ncatchment = 5\n",
            "scenario.toml: line 13, field `service`: change 1 (set_catchment): unknown service \"nursing\"; the scenario's services are: care",
        ),
        (
            "action = \"scale_group\"\ngroup = \"kids\"\nfactor = 2\n",
            "scenario.toml: line 13, field `group`: change 1 (scale_group): unknown group \"kids\"; the scenario's groups are: all",
        ),
        (
            "action = \"remove_provider\"\nid = \"P9\"\n",
            "scenario.toml: line 13, field `id`: change 1 (remove_provider): no provider \"P9\" in providers.csv or added before",
        ),
        (
            "action = \"set_capacity\"\nid = \"P9\"\ncapacity = 1\n",
            "scenario.toml: line 13, field `id`: change 1 (set_capacity): no provider \"P9\" in providers.csv or added before",
        ),
        (
            &format!("{add}id = \"P1\"\nlon = 15.0\nlat = 50.0\n"),
            "scenario.toml: line 13, field `id`: change 1 (add_provider): provider \"P1\" exists already",
        ),
        (
            "action = \"set_capacity\"\nid = \"P1\"\ncapacity = -3\n",
            "scenario.toml: line 13, field `capacity`: change 1 (set_capacity): invalid capacity for provider P1 (got -3): must be ≥ 0",
        ),
        (
            "action = \"scale_group\"\ngroup = \"all\"\nfactor = -0.5\n",
            "scenario.toml: line 13, field `factor`: change 1 (scale_group): invalid factor (got -0.5): must be a number ≥ 0",
        ),
        (
            "action = \"set_need\"\nservice = \"care\"\ngroup = \"all\"\nper_1000 = -1\n",
            "scenario.toml: line 13, field `per_1000`: change 1 (set_need): invalid per_1000 (got -1): must be a number ≥ 0",
        ),
        (
            "action = \"set_catchment\"\nservice = \"care\"\ncatchment = 0\n",
            "scenario.toml: line 13, field `catchment`: change 1 (set_catchment): invalid catchment (got 0): must be a number > 0",
        ),
        (
            &format!("{add}id = \"N1\"\nlon = 200.0\nlat = 50.0\n"),
            "scenario.toml: line 13, field `lon`: change 1 (add_provider): invalid coordinates for provider N1 (got 200, 50): must be lon/lat degrees",
        ),
        (
            &format!("{add}id = \"N1\"\nlon = 15.0\n"),
            "scenario.toml: line 13, field `lat`: change 1 (add_provider): `lon` needs `lat`",
        ),
        (
            &format!("{add}id = \"N1\"\n"),
            "scenario.toml: line 13, field `lon`: change 1 (add_provider): provider \"N1\" needs `lon` and `lat`, an `area`, or a cost matrix",
        ),
        (
            &format!("{add}id = \"N1\"\narea = [\"M9\"]\n"),
            "scenario.toml: line 13, field `area`: change 1 (add_provider): municipality \"M9\" is not in the municipalities file",
        ),
        (
            &format!("{add}id = \"N1\"\narea = [\"M1\"]\ngroups = [\"kids\"]\n"),
            "scenario.toml: line 13, field `groups`: change 1 (add_provider): group \"kids\" is not a need group of service \"care\"",
        ),
        (
            "action = \"set_capacity\"\nid = \"P1\"\ncapacity = \"ten\"\n",
            "scenario.toml: line 16: invalid type: string \"ten\", expected f64",
        ),
    ];
    for (change, message) in cases {
        expect_change_error(change, message);
    }
}

#[test]
fn priority_weights_must_name_a_service_or_group_and_be_non_negative() {
    let scenario = format!("{SCENARIO}[priorities]\nweights = {{ nursing = 2.0 }}\n");
    expect_error(
        ("scenario.toml", &scenario),
        "scenario.toml: key `priorities.weights`, field `nursing`: \"nursing\" is neither a service nor a group of the scenario",
    );
    let scenario = format!("{SCENARIO}[priorities]\nweights = {{ care = -1.0 }}\n");
    expect_error(
        ("scenario.toml", &scenario),
        "scenario.toml: key `priorities.weights`, field `care`: invalid weight (got -1): must be a number ≥ 0",
    );
}

#[test]
fn a_bad_survey_names_the_file_the_line_and_the_field() {
    let scenario = SCENARIO.replace("per_1000 = 10.0", "survey = \"survey.csv\"");
    let cases = [
        (
            "service,respondents,needing,unit_id\nnursing,10,2,\n",
            "survey.csv: line 2 (service nursing), field `service`: unknown service \"nursing\"",
        ),
        (
            "service,respondents,needing,unit_id\ncare,0,0,\n",
            "survey.csv: line 2 (service care), field `respondents`: invalid respondents (got 0): must be > 0",
        ),
        (
            "service,respondents,needing,unit_id\ncare,10,12,\n",
            "survey.csv: line 2 (service care), field `needing`: invalid needing (got 12): must be between 0 and the 10 respondents",
        ),
        (
            "service,respondents,needing,unit_id\ncare,10,2,M9\n",
            "survey.csv: line 2 (service care), field `unit_id`: unknown unit \"M9\"",
        ),
        (
            "service,respondents,needing,unit_id\ncare,10,2,M1\ncare,12,3,M1\n",
            "survey.csv: line 3 (service care), field `unit_id`: a second row for service \"care\" and unit \"M1\"",
        ),
        (
            "service,respondents,needing,unit_id\ncare,10,2,M1\n",
            "survey.csv: no row for service \"care\" and unit \"M2\", and no row for the whole region",
        ),
        (
            "service,respondents,unit_id\ncare,10,M1\n",
            "survey.csv: line 1: missing column `needing`; the header has: service, respondents, unit_id",
        ),
    ];
    for (survey, message) in cases {
        expect_error_with(
            &[("scenario.toml", &scenario), ("survey.csv", survey)],
            message,
        );
    }
    // The same world with a good survey runs.
    let files = [
        ("scenario.toml", scenario.as_str()),
        ("m.geojson", SQUARES),
        ("population.csv", POPULATION),
        ("providers.csv", PROVIDERS),
        ("survey.csv", "service,respondents,needing\ncare,10,2\n"),
    ];
    let dir = world(&files);
    let o = gapmap(dir.path(), &["check", "scenario.toml"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
}

/// `--out` naming an existing file is a usage error before any work, said once, and the file
/// is left as it was.
#[test]
fn out_that_is_a_file_is_a_usage_error() {
    let dir = world(&[
        ("scenario.toml", SCENARIO),
        ("m.geojson", SQUARES),
        ("population.csv", POPULATION),
        ("providers.csv", PROVIDERS),
        ("taken", "keep me"),
    ]);
    let cases: [&[&str]; 3] = [
        &["run", "scenario.toml", "--out", "taken"],
        &[
            "compare",
            "scenario.toml",
            "scenario.toml",
            "--out",
            "taken",
        ],
        &[
            "site",
            "scenario.toml",
            "--service",
            "care",
            "--count",
            "1",
            "--capacity",
            "2",
            "--out",
            "taken",
        ],
    ];
    for args in cases {
        let o = gapmap(dir.path(), args);
        assert_eq!(o.code, 2, "{args:?}: {}", o.stderr);
        let message = "--out taken: is a file, not a folder";
        assert_eq!(
            o.stderr.matches(message).count(),
            1,
            "{args:?}: {}",
            o.stderr
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("taken")).unwrap(),
            "keep me"
        );
    }
}

/// An output folder holds one scenario's outputs: another scenario's are refused (exit 2, the
/// folder and its owner named, nothing changed) unless `--force`, which replaces them; a file
/// gapmap did not write is never replaced, even with `--force`. `site` and `catalogue` of the
/// same scenario write beside `run`'s files.
#[test]
fn an_out_folder_holds_one_scenarios_outputs() {
    let other = SCENARIO.replace("name = \"bad\"", "name = \"other\"");
    let dir = world(&[
        ("scenario.toml", SCENARIO),
        ("other.toml", &other),
        ("m.geojson", SQUARES),
        ("population.csv", POPULATION),
        ("providers.csv", PROVIDERS),
    ]);
    let run = |scenario: &str, extra: &[&str]| {
        let mut args = vec!["run", scenario, "--out", "out", "--quiet"];
        args.extend_from_slice(extra);
        gapmap(dir.path(), &args)
    };
    assert_eq!(run("scenario.toml", &[]).code, 0);
    let site = gapmap(
        dir.path(),
        &[
            "site",
            "scenario.toml",
            "--service",
            "care",
            "--count",
            "1",
            "--objective",
            "coverage",
            "--out",
            "out",
            "--quiet",
        ],
    );
    assert_eq!(site.code, 0, "{}", site.stderr);
    let files = || common::files(&dir.path().join("out"));
    let before = files();
    assert!(before.iter().any(|(name, _)| name == "site.json"));
    assert!(before.iter().any(|(name, _)| name == "gaps.csv"));

    let o = run("other.toml", &[]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(
        o.stderr.contains(
            "--out out: holds the outputs of scenario \"bad\", not \"other\"; name another \
             folder (--out), or replace them with --force"
        ),
        "{}",
        o.stderr
    );
    assert_eq!(files(), before);

    // --force replaces them all: no file of the other scenario stays.
    let o = run("other.toml", &["--force"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(!files().iter().any(|(name, _)| name == "site.json"));
    let gaps = std::fs::read_to_string(dir.path().join("out/gaps.csv")).unwrap();
    assert!(gaps.lines().nth(1).unwrap().starts_with("other,"), "{gaps}");

    // A file gapmap did not write is never replaced.
    std::fs::write(dir.path().join("out/poznámky.txt"), "mine").unwrap();
    for extra in [&[][..], &["--force"][..]] {
        let o = run("scenario.toml", extra);
        assert_eq!(o.code, 2, "{}", o.stderr);
        assert!(
            o.stderr
                .contains("--out out: holds \"poznámky.txt\", which gapmap did not write"),
            "{}",
            o.stderr
        );
    }
    // The scenario's own folder is not an output folder.
    let o = gapmap(
        dir.path(),
        &["run", "scenario.toml", "--out", ".", "--quiet"],
    );
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(
        o.stderr.contains("which gapmap did not write"),
        "{}",
        o.stderr
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("out/poznámky.txt")).unwrap(),
        "mine"
    );
}

/// A decimal comma in a `,`-separated file says how to write it; a folder given for the
/// scenario names the scenario inside it.
#[test]
fn a_decimal_comma_and_a_folder_say_what_to_do() {
    expect_error(
        (
            "providers.csv",
            "id,name,service,capacity,lon,lat\nP1,One,care,\"5,5\",15.05,50.05\n",
        ),
        "providers.csv: line 2 (provider P1), field `capacity`: not a number (got \"5,5\"): a \
         `,`-separated file takes decimal points (5.5); save it `;`-separated, as Czech Excel \
         does, to keep decimal commas",
    );
    let dir = world(&[
        ("plan/scenario.toml", SCENARIO),
        ("plan/m.geojson", SQUARES),
        ("other/notes.txt", "x"),
    ]);
    assert_refused(
        dir.path(),
        &["run", "plan"],
        "plan: is a folder; did you mean plan/scenario.toml?",
        "out",
    );
    assert_refused(
        dir.path(),
        &["check", "other"],
        "other: is a folder; name the scenario's .toml file",
        "out",
    );
}

/// `[sources]` describes inputs: another key, a day that is not a day or an empty name is
/// refused at its key.
#[test]
fn sources_name_inputs_and_days() {
    let with = |table: &str| format!("{SCENARIO}\n[sources]\n{table}\n");
    for (table, message) in [
        (
            "registry = { name = \"MPSV\" }",
            "scenario.toml: key `sources.registry`: is not an input; sources describe \
             municipalities, population, providers, demand_points, costs, roads, gtfs",
        ),
        (
            "population = { name = \"ČSÚ\", date = \"31. 12. 2020\" }",
            "scenario.toml: key `sources.population`, field `date`:",
        ),
        (
            "providers = \" \"",
            "scenario.toml: key `sources.providers`, field `name`: has an empty name",
        ),
    ] {
        expect_error(("scenario.toml", &with(table)), message);
    }
}

/// A run that fails midway, after some of its files are written, leaves the earlier outputs
/// exactly as they were, byte for byte, and no staging folder behind; the same run without the
/// failure replaces them all. The failure is injected before `report.html`, late in the set
/// (`GAPMAP_TEST_FAIL_BEFORE`, a test-only hook), for `run` and for `catalogue` into one folder.
#[test]
fn a_run_failing_midway_leaves_the_earlier_outputs_byte_for_byte() {
    let demo = common::root().join("scenarios/demo.toml");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let run = |lang: &str, fail: &[(&str, &str)]| {
        common::gapmap_with(
            dir.path(),
            &[
                "run",
                demo.to_str().unwrap(),
                "--out",
                "out",
                "--lang",
                lang,
                "--quiet",
            ],
            fail,
        )
    };
    assert_eq!(run("cs", &[]).code, 0);
    let catalogue = common::gapmap(
        dir.path(),
        &[
            "catalogue",
            demo.to_str().unwrap(),
            "--out",
            "out",
            "--quiet",
        ],
    );
    assert_eq!(catalogue.code, 0, "{}", catalogue.stderr);
    let before = common::files(&out);
    assert!(before.iter().any(|(n, _)| n == "catalogue.html"));

    for fail in ["report.html", "gaps.csv", ".gapmap-outputs"] {
        let o = run("en", &[("GAPMAP_TEST_FAIL_BEFORE", fail)]);
        assert_eq!(o.code, 1, "{fail}: {}", o.stderr);
        assert!(o.stderr.contains("failure injected"), "{}", o.stderr);
        assert_eq!(common::files(&out), before, "failing before {fail}");
        let beside: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            beside,
            ["out"],
            "failing before {fail}: a staging folder is left"
        );
    }
    // Without the failure, the English run replaces its files and keeps the catalogue's.
    assert_eq!(run("en", &[]).code, 0);
    let after = common::files(&out);
    let get = |files: &[(String, Vec<u8>)], name: &str| {
        files
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, b)| b.clone())
    };
    assert_ne!(get(&after, "report.html"), get(&before, "report.html"));
    assert_eq!(
        get(&after, "catalogue.html"),
        get(&before, "catalogue.html")
    );
    assert_eq!(after.len(), before.len());
}
