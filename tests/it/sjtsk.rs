//! S-JTSK (EPSG:5514) inputs: the same world in Krovak metres gives the results of lon/lat.

use crate::common;

use crate::common::{gapmap, read_csv, world};
use proj4rs::proj::Proj;

const SCENARIO: &str = common::field_scenario!("sjtsk", "12.0");

const POPULATION: &str = "code,total\n001,1000\n002,3000\n";

/// Two squares near Jihlava and two providers, in lon/lat.
const SQUARES: [[(f64, f64); 5]; 2] = [
    [
        (15.5, 49.4),
        (15.6, 49.4),
        (15.6, 49.5),
        (15.5, 49.5),
        (15.5, 49.4),
    ],
    [
        (15.6, 49.4),
        (15.7, 49.4),
        (15.7, 49.5),
        (15.6, 49.5),
        (15.6, 49.4),
    ],
];
const PROVIDERS: [(&str, f64, f64); 2] = [("P1", 15.55, 49.45), ("P2", 15.69, 49.41)];

/// Lon/lat to EPSG:5514 by proj4rs' forward Krovak, to write the S-JTSK files.
fn to_sjtsk(lon: f64, lat: f64) -> (f64, f64) {
    let krovak = Proj::from_proj_string(gapmap::crs::EPSG_5514).unwrap();
    let wgs84 = Proj::from_proj_string("+proj=longlat +ellps=WGS84 +datum=WGS84 +no_defs").unwrap();
    let mut p = (lon.to_radians(), lat.to_radians(), 0.0);
    proj4rs::transform::transform(&wgs84, &krovak, &mut p).unwrap();
    (p.0, p.1)
}

fn polygons(crs: &str, map: impl Fn(f64, f64) -> (f64, f64)) -> String {
    let features: Vec<String> = SQUARES
        .iter()
        .enumerate()
        .map(|(i, ring)| {
            let ring: Vec<String> = ring
                .iter()
                .map(|&(lon, lat)| {
                    let (x, y) = map(lon, lat);
                    format!("[{x},{y}]")
                })
                .collect();
            format!(
                r#"{{"type":"Feature","properties":{{"code":"00{}","name":"M{}"}},"geometry":{{"type":"Polygon","coordinates":[[{}]]}}}}"#,
                i + 1,
                i + 1,
                ring.join(",")
            )
        })
        .collect();
    format!(
        r#"{{"type":"FeatureCollection",{crs}"features":[{}]}}"#,
        features.join(",\n")
    )
}

/// Runs the world and returns gaps.csv's need, supply and nearest per row.
fn run(municipalities: &str, providers: &str) -> Vec<(f64, f64, f64)> {
    let dir = world(&[
        ("scenario.toml", SCENARIO),
        ("m.geojson", municipalities),
        ("population.csv", POPULATION),
        ("providers.csv", providers),
    ]);
    let o = gapmap(dir.path(), &["run", "scenario.toml", "--out", "out"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    read_csv(&dir.path().join("out/gaps.csv"))
        .iter()
        .map(|r| {
            let n = |c: &str| r[c].parse::<f64>().unwrap();
            (n("need"), n("supply"), n("nearest"))
        })
        .collect()
}

#[test]
fn sjtsk_polygons_and_xy_providers_give_the_lon_lat_results() {
    let lonlat = run(
        &polygons("", |lon, lat| (lon, lat)),
        &format!(
            "id,name,service,capacity,lon,lat\n{}",
            PROVIDERS
                .iter()
                .map(|(id, lon, lat)| format!("{id},{id},care,10,{lon},{lat}\n"))
                .collect::<String>()
        ),
    );
    let xy_providers = format!(
        "id,name,service,capacity,x,y\n{}",
        PROVIDERS
            .iter()
            .map(|(id, lon, lat)| {
                let (x, y) = to_sjtsk(*lon, *lat);
                format!("{id},{id},care,10,{x},{y}\n")
            })
            .collect::<String>()
    );
    // As ogr2ogr writes it, with a crs member; and with none, told by the range.
    let declared = polygons(
        r#""crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::5514"}},"#,
        to_sjtsk,
    );
    let undeclared = polygons("", to_sjtsk);
    for municipalities in [declared, undeclared] {
        let sjtsk = run(&municipalities, &xy_providers);
        assert_eq!(sjtsk.len(), lonlat.len());
        for (a, b) in sjtsk.iter().zip(&lonlat) {
            assert_eq!(a.0, b.0, "need");
            // A round trip through Krovak moves a point by well under a millimetre.
            assert!((a.1 - b.1).abs() < 1e-6, "supply {a:?} vs {b:?}");
            assert!((a.2 - b.2).abs() < 1e-5, "nearest km {a:?} vs {b:?}");
        }
    }
}

#[test]
fn sjtsk_is_noted_on_stderr() {
    let dir = world(&[
        ("scenario.toml", SCENARIO),
        ("m.geojson", &polygons("", to_sjtsk)),
        ("population.csv", POPULATION),
        ("providers.csv", "id,name,service,capacity,lon,lat\n"),
    ]);
    let o = gapmap(dir.path(), &["check", "scenario.toml"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(
        o.stderr
            .contains("m.geojson: S-JTSK (EPSG:5514), reprojected to lon/lat"),
        "{}",
        o.stderr
    );
}

#[test]
fn an_add_provider_change_takes_x_and_y() {
    let (x, y) = to_sjtsk(15.55, 49.45);
    let scenario = format!(
        "{SCENARIO}[[changes]]\naction = \"add_provider\"\nid = \"N\"\nservice = \"care\"\ncapacity = 10\nx = {x}\ny = {y}\n"
    );
    let dir = world(&[
        ("scenario.toml", &scenario),
        ("m.geojson", &polygons("", |lon, lat| (lon, lat))),
        ("population.csv", POPULATION),
        ("providers.csv", "id,name,service,capacity,lon,lat\n"),
    ]);
    let o = gapmap(dir.path(), &["run", "scenario.toml", "--out", "out"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let providers = std::fs::read_to_string(dir.path().join("out/providers.geojson")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&providers).unwrap();
    let p = &json["features"][0]["geometry"]["coordinates"];
    assert!((p[0].as_f64().unwrap() - 15.55).abs() < 1e-7, "{p}");
    assert!((p[1].as_f64().unwrap() - 49.45).abs() < 1e-7, "{p}");
}
