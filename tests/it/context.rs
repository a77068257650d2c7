//! A context ring (`"in_region": false`): its people compete and its providers serve, but the
//! region's totals, priorities and capacity count only the region. Worked by hand.

use crate::common;

use crate::common::{SQUARES, gapmap, num, read_csv, world};

const SCENARIO: &str = common::field_scenario!("context", "50.0");

#[test]
fn context_competes_and_serves_but_is_not_counted() {
    // M2 (East) is context. Need: M1 1000 × 10/1000 = 10, M2 3000 × 10/1000 = 30.
    // P1 (20 places) stands in M1, P2 (10 places) in M2; both reach both municipalities.
    // 2SFCA: R1 = 20 / 40 = 0.5, R2 = 10 / 40 = 0.25, so A = 0.75 everywhere:
    // supply M1 = 7.5 (gap 2.5), M2 = 22.5 (gap 7.5).
    let m = SQUARES.replace(
        r#""code":"M2","name":"East""#,
        r#""code":"M2","name":"East","in_region":false"#,
    );
    let dir = world(&[
        ("scenario.toml", SCENARIO),
        ("m.geojson", &m),
        ("population.csv", "code,total\nM1,1000\nM2,3000\n"),
        (
            "providers.csv",
            "id,name,service,capacity,lon,lat\nP1,One,care,20,15.05,50.05\nP2,Two,care,10,15.15,50.05\n",
        ),
    ]);
    let o = gapmap(dir.path(), &["run", "scenario.toml", "--out", "out"]);
    assert_eq!(o.code, 0, "{}", o.stderr);

    let gaps = read_csv(&dir.path().join("out/gaps.csv"));
    assert_eq!(gaps[0]["unit_id"], "M1");
    assert_eq!(gaps[0]["in_region"], "true");
    assert_eq!(num(&gaps[0], "supply"), 7.5);
    assert_eq!(gaps[1]["in_region"], "false");
    assert_eq!(num(&gaps[1], "supply"), 22.5);

    // The region alone: need 10, the capacity of P1 only, supply 7.5.
    let summary = &read_csv(&dir.path().join("out/summary.csv"))[0];
    assert_eq!(num(summary, "need"), 10.0);
    assert_eq!(num(summary, "capacity"), 20.0);
    assert_eq!(num(summary, "supply"), 7.5);
    assert_eq!(num(summary, "gap"), 2.5);
    assert_eq!(summary["providers"], "1");

    // M2's larger gap is context: only M1 is a priority.
    let priorities = read_csv(&dir.path().join("out/priorities.csv"));
    assert_eq!(priorities.len(), 1);
    assert_eq!(priorities[0]["unit_id"], "M1");
    assert_eq!(num(&priorities[0], "gap"), 2.5);

    let map = std::fs::read_to_string(dir.path().join("out/municipalities.geojson")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&map).unwrap();
    assert_eq!(json["features"][0]["properties"]["in_region"], true);
    assert_eq!(json["features"][1]["properties"]["in_region"], false);
}

#[test]
fn in_region_must_be_a_boolean() {
    let m = SQUARES.replace(
        r#""code":"M2","name":"East""#,
        r#""code":"M2","name":"East","in_region":"maybe""#,
    );
    let dir = world(&[
        ("scenario.toml", SCENARIO),
        ("m.geojson", &m),
        ("population.csv", "code,total\nM1,1000\nM2,3000\n"),
        ("providers.csv", "id,name,service,capacity,lon,lat\n"),
    ]);
    let o = gapmap(dir.path(), &["check", "scenario.toml"]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(
        o.stderr.contains(
            "m.geojson: feature 2 (M2), field `in_region`: must be true or false (got \"maybe\")"
        ),
        "{}",
        o.stderr
    );
}
