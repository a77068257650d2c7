//! `profile.csv`, the socio-demographic profile, worked by hand; written only when the
//! population has the five-year bands.

use crate::common::{SQUARES, gapmap, num, read_csv, world};

const SCENARIO: &str = r#"name = "profile"
[inputs]
municipalities = "m.geojson"
population = "population.csv"
providers = "providers.csv"
[groups.old]
columns = ["age_80_84", "age_85_plus"]
[services.home]
form = "residential"
catchment = 10.0
need = [{ group = "old", per_1000 = 90.0 }]
"#;

#[test]
fn the_profile_by_hand() {
    let bands = gapmap::load::csu::BANDS.join(",");
    // M1: 10 people in every band (180). M2: no children, 5 in each band from 15 up (75).
    let population = format!(
        "code,total,{bands}\nM1,180{}\nM2,75,0,0,0{}\n",
        ",10".repeat(18),
        ",5".repeat(15)
    );
    let m = SQUARES.replace(r#""name":"East""#, r#""name":"East","in_region":false"#);
    let dir = world(&[
        ("scenario.toml", SCENARIO),
        ("m.geojson", &m),
        ("population.csv", &population),
        ("providers.csv", "id,name,service,capacity,lon,lat\n"),
    ]);
    let o = gapmap(
        dir.path(),
        &["run", "scenario.toml", "--out", "out", "--quiet"],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    let rows = read_csv(&dir.path().join("out/profile.csv"));
    let (west, east) = (&rows[0], &rows[1]);
    assert_eq!(west["unit_id"], "M1");
    assert_eq!(west["in_region"], "true");
    assert_eq!(east["in_region"], "false");
    // 0–14: 3 bands × 10; 15–64: 10 bands; 65+: 5 bands; 80+: 2 bands.
    for (column, want) in [
        ("total", 180.0),
        ("age_0_14", 30.0),
        ("age_15_64", 100.0),
        ("age_65_plus", 50.0),
        ("age_80_plus", 20.0),
    ] {
        assert_eq!(num(west, column), want, "{column}");
    }
    // 100 × 50 / 30 and 50 / 180, to 10 significant digits.
    assert_eq!(west["ageing_index"], "166.6666667");
    assert_eq!(west["share_65_plus"], "0.2777777778");
    // A 0.1° square at 50° N: 7.15 km × 11.12 km, about 79.5 km².
    let area = num(west, "area_km2");
    assert!((area - 79.5).abs() < 0.5, "{area}");
    assert!((num(west, "density") - 180.0 / area).abs() < 1e-6);
    // No children: the ageing index is empty, not infinite.
    assert_eq!(east["ageing_index"], "");
    assert_eq!(num(east, "age_65_plus"), 25.0);
}

#[test]
fn no_profile_without_the_bands() {
    let dir = world(&[
        (
            "scenario.toml",
            &SCENARIO.replace("[\"age_80_84\", \"age_85_plus\"]", "[\"total\"]"),
        ),
        ("m.geojson", SQUARES),
        ("population.csv", "code,total\nM1,100\nM2,300\n"),
        ("providers.csv", "id,name,service,capacity,lon,lat\n"),
    ]);
    let o = gapmap(
        dir.path(),
        &["run", "scenario.toml", "--out", "out", "--quiet"],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(!dir.path().join("out/profile.csv").exists());
}
