//! Input formats as they arrive from offices and GIS tools: the same world written in
//! different encodings and layouts must give the same results.

use crate::common::{gapmap, read_csv, world};

const SCENARIO: &str = r#"name = "formats"
[inputs]
municipalities = "m.geojson"
population = "population.csv"
providers = "PROVIDERS"
[groups.all]
columns = ["total"]
[services.care]
form = "field"
catchment = 30.0
need = [{ group = "all", per_1000 = 10.0 }]
"#;

const SQUARES: &str = r#"{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"code":"001","name":"Třeboň"},"geometry":{"type":"Polygon","coordinates":[[[15.0,50.0],[15.1,50.0],[15.1,50.1],[15.0,50.1],[15.0,50.0]]]}},
{"type":"Feature","properties":{"code":"002","name":"Žďár"},"geometry":{"type":"MultiPolygon","coordinates":[[[[15.1,50.0],[15.2,50.0],[15.2,50.1],[15.1,50.1],[15.1,50.0]]]]}}
]}"#;

/// Runs the world with `providers` under `name` and `population` bytes; returns gaps rows as
/// text and stderr.
fn run(providers: (&str, &[u8]), population: &[u8]) -> (Vec<String>, String) {
    let scenario = SCENARIO.replace("PROVIDERS", providers.0);
    let dir = world(&[("scenario.toml", &scenario), ("m.geojson", SQUARES)]);
    std::fs::write(dir.path().join(providers.0), providers.1).unwrap();
    std::fs::write(dir.path().join("population.csv"), population).unwrap();
    let o = gapmap(dir.path(), &["run", "scenario.toml", "--out", "out"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let rows = read_csv(&dir.path().join("out/gaps.csv"));
    let text = rows
        .iter()
        .map(|r| {
            format!(
                "{} {} {} {} {}",
                r["unit_id"], r["unit_name"], r["need"], r["supply"], r["nearest"]
            )
        })
        .collect();
    (text, o.stderr)
}

const PLAIN_PROVIDERS: &str =
    "id,name,service,capacity,lon,lat,area\nP1,Dům,care,2.5,15.05,50.05,\nP2,Terén,care,4,,,002\n";
const PLAIN_POPULATION: &str = "code,name,total\n001,Třeboň,100\n002,Žďár,300\n";

#[test]
fn czech_office_exports_read_like_plain_csv() {
    let (plain, _) = run(
        ("providers.csv", PLAIN_PROVIDERS.as_bytes()),
        PLAIN_POPULATION.as_bytes(),
    );
    assert_eq!(plain.len(), 2);
    assert!(plain[0].starts_with("001 Třeboň 1.0 "), "{plain:?}");

    // Excel's "CSV (oddělený středníkem)": Windows-1250, `;`, CRLF, decimal comma.
    let population: Vec<u8> =
        b"code;name;total\r\n001;T\xF8ebo\xF2;100\r\n002;\x8E\xEF\xE1r;300\r\n".to_vec();
    let providers = "\u{feff}id;name;service;capacity;lon;lat;area\r\nP1;Dům;care;2,5;15,05;50,05;\r\nP2;Terén;care;4;;;002\r\n";
    let (office, stderr) = run(("providers.csv", providers.as_bytes()), &population);
    assert_eq!(office, plain);
    assert!(
        stderr.contains("population.csv: not UTF-8, read as Windows-1250"),
        "{stderr}"
    );
}

#[test]
fn providers_as_geojson_points_read_like_csv() {
    let (plain, _) = run(
        ("providers.csv", PLAIN_PROVIDERS.as_bytes()),
        PLAIN_POPULATION.as_bytes(),
    );
    let geojson = r#"{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"id":"P1","name":"Dům","service":"care","capacity":2.5},"geometry":{"type":"Point","coordinates":[15.05,50.05]}},
{"type":"Feature","properties":{"id":"P2","name":"Terén","service":"care","capacity":4,"area":"002"},"geometry":null}
]}"#;
    let (points, _) = run(
        ("providers.geojson", geojson.as_bytes()),
        PLAIN_POPULATION.as_bytes(),
    );
    assert_eq!(points, plain);
}

#[test]
fn leading_zeros_in_ids_survive() {
    let (rows, _) = run(
        ("providers.csv", PLAIN_PROVIDERS.as_bytes()),
        PLAIN_POPULATION.as_bytes(),
    );
    assert!(
        rows[0].starts_with("001 ") && rows[1].starts_with("002 "),
        "{rows:?}"
    );
}
