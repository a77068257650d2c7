//! `gapmap catalogue`: a world worked by hand, the demo without registry columns, privacy on
//! every file written (the workbook's cells included), and bad input.
//!
//! The hand world: three squares of 0.1° side in a row at 50.0–50.1° N, West (M1) and Middle
//! (M2) the region, East (M3) context. Their points are their centres, 0.1° of longitude
//! apart: 0.1 · 111.195 km · cos 50.05° = 7.14 km.

use crate::common;

use std::path::Path;

use crate::common::{gapmap, read_csv, world};

const SQUARES3: &str = r#"{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"code":"M1","name":"West"},"geometry":{"type":"Polygon","coordinates":[[[15.0,50.0],[15.1,50.0],[15.1,50.1],[15.0,50.1],[15.0,50.0]]]}},
{"type":"Feature","properties":{"code":"M2","name":"Middle"},"geometry":{"type":"Polygon","coordinates":[[[15.1,50.0],[15.2,50.0],[15.2,50.1],[15.1,50.1],[15.1,50.0]]]}},
{"type":"Feature","properties":{"code":"M3","name":"East","in_region":false},"geometry":{"type":"Polygon","coordinates":[[[15.2,50.0],[15.3,50.0],[15.3,50.1],[15.2,50.1],[15.2,50.0]]]}}
]}"#;

const SCENARIO: &str = r#"name = "hand"
description = "Mikroregion Tři čtverce"
[inputs]
municipalities = "m.geojson"
population = "population.csv"
providers = "providers.csv"
[groups.seniors]
label = "Senioři"
columns = ["a65"]
[groups.all]
label = "Všichni obyvatelé"
columns = ["total"]
[services.care]
label = "Pečovatelská služba"
form = "field"
catchment = 12.0
need = [{ group = "seniors", per_1000 = 40.0 }, { group = "all", per_1000 = 2.0 }]
[services.home]
label = "Domov pro seniory"
form = "residential"
catchment = 5.0
need = [{ group = "seniors", per_1000 = 90.0 }]
[services.shelter]
label = "Azylový dům"
form = "residential"
catchment = 40.0
need = [{ group = "all", per_1000 = 1.0 }]
"#;

/// A1 has only an area (West); C1 stands in the context (East) and reaches Middle (7.14 km)
/// but not West (14.3 km); C2 serves only seniors and reaches West and Middle (and East, which
/// is context); H1 reaches only West (5 km); F1 stands far in the context and reaches nothing
/// of the region; S1 is a shelter at a secret address.
const PROVIDERS: &str = "\
id,name,service,capacity,lon,lat,groups,area,provider,ico,address,phone,email,web,target_groups,age_groups,form,unit,municipality,secret_address
A1,Asistence Západ,care,10,,,,M1,Charita Západ,01234567,\"Školní 5, 111 01 West\",111 222 333,info@charita.example,www.charita.example,senioři,,field,klient,M1,false
C1,Péče Východ,care,20,15.25,50.05,,,Město East,00111111,\"Hlavní 1, 333 01 East\",333 000 111,,https://east.example,senioři; osoby se zdravotním postižením,,field,klient,M3,false
C2,Péče Sever,care,15,15.15,50.05,seniors,,Spolek Sever,22222222,\"Nádražní 9, 222 01 Middle\",222 000 111; 222 000 112,sever@example.cz,javascript:alert(1),senioři,mladší senioři,field,klient,M2,false
H1,Domov Západ,home,30,15.05,50.05,,,\"Domov, s.r.o.\",00999999,\"Hlavní 1, 111 01 West\",111 000 999,,,senioři,,residential,luzka,M1,false
F1,Domov Daleko,home,40,15.29,50.05,,,Daleko,00888888,\"Dálná 1, 333 02 East\",,,,,,residential,luzka,M3,false
S1,Azylový dům Naděje,shelter,12,15.15,50.05,,,Diakonie,77777777,,800 123 456,azyl@example.cz,,oběti domácího násilí,,residential,luzka,M2,true
";

fn hand_world() -> tempfile::TempDir {
    world(&[
        ("scenario.toml", SCENARIO),
        ("m.geojson", SQUARES3),
        (
            "population.csv",
            "code,total,a65\nM1,1000,200\nM2,2000,300\nM3,500,100\n",
        ),
        ("providers.csv", PROVIDERS),
    ])
}

fn catalogue(dir: &Path, extra: &[&str]) -> common::Outcome {
    let mut args = vec!["catalogue", "scenario.toml", "--out", "out", "--quiet"];
    args.extend_from_slice(extra);
    gapmap(dir, &args)
}

#[test]
fn entries_chapters_and_index_follow_the_rules() {
    let dir = hand_world();
    let o = catalogue(dir.path(), &[]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(
        o.stdout.contains(
            "5 entries in 2 chapters; 2 municipalities in the index; 1 at a secret address"
        ),
        "{}",
        o.stdout
    );
    let rows = read_csv(&dir.path().join("out/catalogue.csv"));
    // F1 reaches no municipality of the region and stands outside it: not an entry. Print
    // order: chapter Senioři (care by Czech name, then home), then Všichni obyvatelé.
    let order: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r["entry"].as_str(),
                r["id"].as_str(),
                r["chapters"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        order,
        [
            ("1", "A1", "seniors;all"),
            ("2", "C2", "seniors"),
            ("3", "C1", "seniors;all"),
            ("4", "H1", "seniors"),
            ("5", "S1", "all"),
        ]
    );
    let by = |id: &str| rows.iter().find(|r| r["id"] == id).unwrap();
    // Served municipalities of the region, in Czech order: Middle before West.
    assert_eq!(by("A1")["serves"], "M1");
    assert_eq!(by("C2")["serves"], "M2;M1");
    assert_eq!(by("C1")["serves"], "M2");
    assert_eq!(by("H1")["serves"], "M1");
    // The area-only provider has no place; C1 stands in the context.
    assert_eq!(
        (by("A1")["lon"].as_str(), by("A1")["municipality"].as_str()),
        ("", "M1")
    );
    assert_eq!(by("C1")["municipality"], "M3");
    assert_eq!(by("C1")["lon"], "15.25");
    let h1 = by("H1");
    assert_eq!(h1["provider"], "Domov, s.r.o.");
    assert_eq!(h1["ico"], "00999999");
    assert_eq!(h1["address"], "Hlavní 1, 111 01 West");
    assert_eq!(h1["municipality_name"], "West");
    assert_eq!(h1["capacity"], "30.0");
    assert_eq!(h1["unit"], "luzka");
    assert_eq!(by("C2")["phone"], "222 000 111; 222 000 112");
    // The secret address: its service and contacts, and nothing of its place.
    let s1 = by("S1");
    assert_eq!(
        (
            s1["address"].as_str(),
            s1["municipality"].as_str(),
            s1["lon"].as_str(),
            s1["lat"].as_str(),
            s1["serves"].as_str(),
            s1["secret_address"].as_str()
        ),
        ("", "", "", "", "", "true")
    );
    assert_eq!(
        (s1["phone"].as_str(), s1["email"].as_str()),
        ("800 123 456", "azyl@example.cz")
    );

    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("out/catalogue.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(json["title"], "Mikroregion Tři čtverce");
    assert_eq!(
        json["chapters"],
        serde_json::json!([
            {"group": "seniors", "label": "Senioři", "entries": [1, 2, 3, 4], "see_also": []},
            {"group": "all", "label": "Všichni obyvatelé", "entries": [5], "see_also": [1, 3]}
        ])
    );
    // What each municipality can use; the shelter is not indexed.
    assert_eq!(
        json["index"],
        serde_json::json!([
            {"unit_id": "M2", "unit_name": "Middle", "entries": [2, 3]},
            {"unit_id": "M1", "unit_name": "West", "entries": [1, 2, 4]}
        ])
    );
    assert_eq!(json["entries"][4]["municipality"], serde_json::Value::Null);
    assert_eq!(json["entries"][4]["lon"], serde_json::Value::Null);
    assert_eq!(
        json["entries"][0]["web"],
        serde_json::json!(["www.charita.example"])
    );

    let html = std::fs::read_to_string(dir.path().join("out/catalogue.html")).unwrap();
    assert!(html.contains("<h1>Katalog sociálních služeb – Mikroregion Tři čtverce</h1>"));
    // C2 serves the whole region; its web address is no link, A1's gets https.
    assert!(html.contains("všechny obce regionu"));
    assert!(!html.contains("href=\"javascript"));
    assert!(html.contains("href=\"https://www.charita.example\""));
    // Numbers agree with their counts: 30 lůžek, 12 lůžek, 10 klientů, 15 klientů.
    assert!(html.contains("30\u{a0}lůžek") && html.contains("15\u{a0}klientů"));
    // On the map, framed on the region: A1 (an area) and the shelter have no place; C1
    // stands beyond the region's edge, in the context; C2 and H1 are drawn by number.
    assert!(html.contains("Bez místa na mapě: 2"));
    assert!(html.contains("Mimo výřez mapy (v okolí regionu): 3."));
    assert!(html.contains(">2</text>") && html.contains(">4</text>"));
    assert!(!html.contains(">5</text>"), "the shelter has a marker");
    // Every entry is a card that print keeps whole, and every chapter starts a page.
    assert_eq!(html.matches("<article class=\"entry\"").count(), 5);
    assert!(html.contains("article.entry {") && html.contains("break-inside: avoid"));
    assert!(html.contains("section.chapter { break-before: page"));

    // The workbook holds the CSV.
    let book = dir.path().join("out/catalogue.xlsx");
    let sheets = common::xlsx::sheets(&book);
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["catalogue", "columns"]);
    common::xlsx::assert_same_as_csv(&book, "catalogue", &dir.path().join("out/catalogue.csv"));
    // Headings in Czech; the columns sheet names the CSV's.
    let top: Vec<String> = sheets[0].1[0].iter().map(|c| c.to_string()).collect();
    assert_eq!(
        &top[..4],
        ["Číslo v katalogu", "Id", "Název", "Služba (id)"]
    );
}

#[test]
fn english_on_request() {
    let dir = hand_world();
    let o = catalogue(dir.path(), &["--lang", "en"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let html = std::fs::read_to_string(dir.path().join("out/catalogue.html")).unwrap();
    assert!(html.contains("<html lang=\"en\""));
    assert!(html.contains("Catalogue of social services – Mikroregion Tři čtverce"));
    assert!(html.contains("30\u{a0}beds") && html.contains("Index of municipalities"));
}

#[test]
fn the_demo_has_a_catalogue_of_what_it_has() {
    // The demo's providers.csv has none of the registry's columns.
    let out = tempfile::tempdir().unwrap();
    let o = gapmap(
        &common::root(),
        &[
            "catalogue",
            "scenarios/demo.toml",
            "--out",
            out.path().to_str().unwrap(),
            "--quiet",
        ],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    let rows = read_csv(&out.path().join("catalogue.csv"));
    let providers = read_csv(&common::root().join("geodata/demo/providers.csv"));
    assert_eq!(
        rows.len(),
        providers.len(),
        "every demo provider serves the region"
    );
    for r in &rows {
        assert_eq!(r["provider"], "");
        // A provider with a point is in the municipality whose polygon holds it.
        assert_eq!(
            r["municipality"].is_empty(),
            r["lon"].is_empty(),
            "{}",
            r["id"]
        );
    }
    let html = std::fs::read_to_string(out.path().join("catalogue.html")).unwrap();
    assert!(html.contains("Katalog sociálních služeb – Demo region (synthetic)"));
}

#[test]
fn a_bad_providers_row_is_refused_and_nothing_is_written() {
    let dir = hand_world();
    let bad = PROVIDERS.replace("H1,Domov Západ,home,30,", "H1,Domov Západ,home,-30,");
    std::fs::write(dir.path().join("providers.csv"), bad).unwrap();
    common::assert_refused(
        dir.path(),
        &["catalogue", "scenario.toml", "--out", "out"],
        "providers.csv: line 5 (provider H1), field `capacity`: invalid capacity for provider H1 (got -30): must be ≥ 0",
        "out",
    );
}

/// The secrets of the registry fixture: the shelter's street, numbers, address-point code and
/// coordinates, every person's name, and the document URLs.
const SECRETS: [&str; 11] = [
    "Utajená",
    "999/13",
    "22222222",
    "14.4301",
    "49.2187",
    "Statutárníček",
    "Starostová",
    "Ředitelský",
    "Vedoucíková",
    "Skrytá",
    "tajny-dokument",
];

/// Runs init, run and catalogue on the registry fixture (with `edit` applied to it) and returns
/// every secret found in any file written, with the file.
fn leaks(edit: impl Fn(&str) -> String) -> Vec<(String, &'static str)> {
    let world = common::official::registry_world(edit);
    let steps: [&[&str]; 3] = [
        &common::official::INIT_PLAN,
        &["run", "plan/scenario.toml", "--out", "plan/out", "--quiet"],
        &[
            "catalogue",
            "plan/scenario.toml",
            "--out",
            "plan/katalog",
            "--quiet",
        ],
    ];
    for args in steps {
        let o = gapmap(world.path(), args);
        assert_eq!(o.code, 0, "{args:?}: {}", o.stderr);
    }
    let files = common::written(&world.path().join("plan"));
    assert!(files.iter().any(|(f, _)| f.ends_with("catalogue.xlsx")));
    assert!(files.iter().any(|(f, _)| f.ends_with("tables.xlsx")));
    let mut found = Vec::new();
    for (file, text) in files {
        for secret in SECRETS {
            if text.contains(secret) {
                found.push((file.clone(), secret));
            }
        }
    }
    found
}

#[test]
fn nothing_of_a_secret_address_or_a_person_reaches_any_file() {
    let found = leaks(|text| text.to_string());
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn the_privacy_check_would_see_a_leak() {
    // The mutation: the shelter's address is not secret. Its street and numbers now belong in
    // providers.csv and the catalogue, its workbook included, so the check must find them.
    let found = leaks(|text| text.replace("\"utajenaAdresa\": true", "\"utajenaAdresa\": false"));
    let files_with = |secret: &str| -> Vec<String> {
        found
            .iter()
            .filter(|(_, s)| *s == secret)
            .map(|(f, _)| f.rsplit('/').next().unwrap().to_string())
            .collect()
    };
    let street = files_with("Utajená");
    for file in [
        "providers.csv",
        "catalogue.csv",
        "catalogue.json",
        "catalogue.html",
        "catalogue.xlsx",
    ] {
        assert!(
            street.contains(&file.to_string()),
            "{file} not among {street:?}"
        );
    }
    // Still, no person's name and no document anywhere.
    for secret in ["Statutárníček", "Vedoucíková", "Skrytá", "tajny-dokument"] {
        assert!(files_with(secret).is_empty(), "{secret}");
    }
}

#[test]
fn the_readme_shows_what_catalogue_prints() {
    // The README's example: ORP 299 from the registry fixture, its address points and codebooks.
    let world = tempfile::tempdir().unwrap();
    let fixture = common::root().join("tests/data/registry");
    std::fs::copy(fixture.join("rpss.json"), world.path().join("rpss.json")).unwrap();
    std::fs::create_dir_all(world.path().join("plans")).unwrap();
    let o = gapmap(
        world.path(),
        &[
            "init",
            "plans/tyn",
            "--orp",
            "299",
            "--registry",
            "rpss.json",
            "--codebooks",
            fixture.join("ciselniky").to_str().unwrap(),
            "--date",
            "2026-01-01",
        ],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    let o = gapmap(
        world.path(),
        &[
            "catalogue",
            "plans/tyn/scenario.toml",
            "--out",
            "plans/tyn/katalog",
        ],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    let readme = std::fs::read_to_string(common::root().join("README.md")).unwrap();
    for line in o.stdout.lines() {
        assert!(readme.contains(line), "README lacks the line\n{line}");
    }
}
