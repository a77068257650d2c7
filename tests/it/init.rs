//! `gapmap init` on the real planning cases: the ORPs Týn nad Vltavou (299), Horažďovice (558),
//! Tanvald (787) and Frýdek-Místek (1741), and a union of 13 municipalities. The population
//! must equal ČSÚ's 2020 figures band by band, and `run` must work on the folder at once.

use crate::common;

use std::collections::HashMap;
use std::path::Path;

use crate::common::{gapmap, num, read_csv, shared_cz};

/// 13 municipalities of the Hlučínsko (ORPs Kravaře and Hlučín), as a svazek obcí would list
/// them: a union that is not an ORP.
const UNION: &str =
    "506214,507334,507504,507580,510378,510483,512869,568376,569101,512974,568228,568210,509647";

use gapmap::load::csu::BANDS;

/// ČSÚ's 2020 rows by municipality code.
fn csu(cz: &Path) -> HashMap<String, HashMap<String, String>> {
    read_csv(&cz.join("population_2020.csv"))
        .into_iter()
        .map(|r| (r["code"].clone(), r))
        .collect()
}

/// Runs `init` into a new folder; returns it.
fn init(args: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut all = vec!["init", "plan"];
    all.extend_from_slice(args);
    let o = gapmap(dir.path(), &all);
    assert_eq!(o.code, 0, "init {args:?}: {}", o.stderr);
    dir
}

/// Checks a folder: the municipalities, the people band by band against ČSÚ, and a run.
fn check(
    dir: &Path,
    municipalities: usize,
    people: u64,
    csu: &HashMap<String, HashMap<String, String>>,
) {
    let plan = dir.join("plan");
    for file in [
        "scenario.toml",
        "municipalities.geojson",
        "population.csv",
        "providers.csv",
        "SOURCES.md",
    ] {
        assert!(plan.join(file).exists(), "{file} is missing");
    }
    let rows = read_csv(&plan.join("population.csv"));
    assert_eq!(rows.len(), municipalities);
    let mut total = 0u64;
    for row in &rows {
        let official = &csu[&row["code"]];
        assert_eq!(row["name"], official["name"], "{}", row["code"]);
        for band in BANDS.iter().chain(&["total"]) {
            assert_eq!(row[*band], official[*band], "{} {band}", row["code"]);
        }
        total += row["total"].parse::<u64>().unwrap();
    }
    assert_eq!(total, people);
    let o = gapmap(&plan, &["run", "scenario.toml", "--out", "out", "--quiet"]);
    assert_eq!(o.code, 0, "run: {}", o.stderr);
    let summary = read_csv(&plan.join("out/summary.csv"));
    assert_eq!(summary.len(), 8, "the standard set of services");
    // Care homes: 90 places per 1,000 aged 80+ (the sourced norm).
    let over_80: f64 = rows
        .iter()
        .map(|r| num(r, "age_80_84") + num(r, "age_85_plus"))
        .sum();
    let homes = summary
        .iter()
        .find(|r| r["service"] == "home_for_elderly")
        .unwrap();
    assert!(
        (num(homes, "need") - 0.09 * over_80).abs() < 1e-9,
        "{homes:?}"
    );
}

#[test]
fn the_planning_cases_get_csu_population_and_run() {
    let Some(cz) = shared_cz() else { return };
    let csu = csu(&cz);
    // From ../shared/data/cz/README.md: municipalities and people (2020) per ORP.
    for (orp, municipalities, people) in [
        ("299", 14, 14_093),
        ("558", 20, 11_525),
        ("787", 10, 20_274),
        ("1741", 37, 112_289),
    ] {
        let dir = init(&["--orp", orp]);
        check(dir.path(), municipalities, people, &csu);
    }
    let dir = init(&["--municipalities", UNION, "--name", "Hlučínsko"]);
    let expected: u64 = UNION
        .split(',')
        .map(|c| csu[c]["total"].parse::<u64>().unwrap())
        .sum();
    check(dir.path(), 13, expected, &csu);
    // The scenario is named after its folder; the region's name is the description.
    let scenario = std::fs::read_to_string(dir.path().join("plan/scenario.toml")).unwrap();
    assert!(
        scenario.contains("name = \"plan\"\ndescription = \"Hlučínsko\"\n"),
        "{scenario}"
    );
}

/// Hlučínsko-západ, the svazek obcí of the nine municipalities of ORP Kravaře and five of ORP
/// Opava, by name as a planner types them (any case, without diacritics) and by code: one and
/// the same folder. Without `--name`, the title lists the municipalities, in Czech.
#[test]
fn a_union_by_names_is_the_union_by_codes() {
    let codes = "506214,507334,507504,507580,568376,512869,510378,510483,569101,507105,509574,\
                 510297,510939,512923";
    // Kravaře and Sudice have namesakes elsewhere: their codes decide.
    let names = "Bolatice,CHUCHELNÁ,kobeřice,507580,Rohov,Strahovice,510378,Stepankovice,\
                 Třebom,Hněvošice,Oldřišov,Služovice,velké hoštice,Chlebičov";
    let by_codes = init(&["--municipalities", codes, "--name", "Hlučínsko-západ"]);
    let by_names = init(&["--municipalities", names, "--name", "Hlučínsko-západ"]);
    let read =
        |d: &tempfile::TempDir, f: &str| std::fs::read(d.path().join("plan").join(f)).unwrap();
    for f in ["scenario.toml", "municipalities.geojson", "population.csv"] {
        assert_eq!(read(&by_codes, f), read(&by_names, f), "{f}");
    }
    let scenario = String::from_utf8(read(&by_names, "scenario.toml")).unwrap();
    assert!(
        scenario.contains("description = \"Hlučínsko-západ\""),
        "{scenario}"
    );
    let unnamed = init(&["--municipalities", "Bolatice,Chuchelná,Kobeřice,Rohov"]);
    let scenario = String::from_utf8(read(&unnamed, "scenario.toml")).unwrap();
    assert!(
        scenario.contains("description = \"Bolatice, Chuchelná a 2 další obce\""),
        "{scenario}"
    );
    // The report's title is the region's name, in the report's language.
    let plan = by_names.path().join("plan");
    let o = gapmap(&plan, &["run", "scenario.toml", "--out", "out", "--quiet"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let html = std::fs::read_to_string(plan.join("out/report.html")).unwrap();
    assert!(
        html.contains("<h1>Analýza sítě sociálních služeb – Hlučínsko-západ</h1>"),
        "the report's title"
    );
}

#[test]
fn an_orp_is_found_by_its_name_in_any_case() {
    let by_code = init(&["--orp", "299"]);
    let by_name = init(&["--orp", "týn nad VLTAVOU"]);
    let read =
        |d: &tempfile::TempDir, f: &str| std::fs::read(d.path().join("plan").join(f)).unwrap();
    for f in [
        "scenario.toml",
        "municipalities.geojson",
        "population.csv",
        "providers.csv",
    ] {
        assert_eq!(read(&by_code, f), read(&by_name, f), "{f}");
    }
    let scenario = String::from_utf8(read(&by_code, "scenario.toml")).unwrap();
    assert!(scenario.contains("name = \"plan\"\ndescription = \"ORP Týn nad Vltavou (299)\""));
    // Every norm is sourced or an assumption; the header tells what to check.
    assert!(scenario.contains("CHECK every norm"));
    assert_eq!(
        scenario.matches("[services.").count(),
        scenario.matches("ASSUMPTION: catchment").count()
    );
}

#[test]
fn a_buffer_brings_context_that_is_not_counted() {
    let plain = init(&["--orp", "787"]);
    let ringed = init(&["--orp", "787", "--buffer", "10"]);
    let map = std::fs::read_to_string(ringed.path().join("plan/municipalities.geojson")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&map).unwrap();
    let features = json["features"].as_array().unwrap();
    let inside = features
        .iter()
        .filter(|f| f["properties"]["in_region"] == true)
        .count();
    assert_eq!(inside, 10);
    assert!(
        features.len() > 15,
        "Tanvald has neighbours within 10 km: {}",
        features.len()
    );
    for dir in [&plain, &ringed] {
        let o = gapmap(
            &dir.path().join("plan"),
            &["run", "scenario.toml", "--out", "out", "--quiet"],
        );
        assert_eq!(o.code, 0, "{}", o.stderr);
    }
    // The region's need is the same with or without its context: context is not counted.
    let need = |d: &tempfile::TempDir| -> Vec<(String, f64)> {
        read_csv(&d.path().join("plan/out/summary.csv"))
            .iter()
            .map(|r| (r["service"].clone(), num(r, "need")))
            .collect()
    };
    assert_eq!(need(&plain), need(&ringed));
    let gaps = read_csv(&ringed.path().join("plan/out/gaps.csv"));
    assert!(gaps.iter().any(|r| r["in_region"] == "false"));
    let priorities = read_csv(&ringed.path().join("plan/out/priorities.csv"));
    let context: Vec<&String> = gaps
        .iter()
        .filter(|r| r["in_region"] == "false")
        .map(|r| &r["unit_id"])
        .collect();
    assert!(priorities.iter().all(|p| !context.contains(&&p["unit_id"])));
}

/// The folder made from the official files (the ČSÚ xlsx publications and a RÚIAN OBCE_P.shp
/// in S-JTSK with a Windows-1250 DBF) equals the one made from the shipped data.
#[test]
fn the_same_folder_from_the_raw_xlsx_and_a_shp() {
    let Some(cz) = shared_cz() else { return };
    let national = gapmap::national::shipped().unwrap();
    // OBCE_P for the ORP and its neighbours' district, in S-JTSK.
    let chosen: Vec<&gapmap::national::Municipality> = national
        .municipalities
        .iter()
        .filter(|m| {
            m.district_code
                == national
                    .municipalities
                    .iter()
                    .find(|m| m.orp_code == "299")
                    .unwrap()
                    .district_code
        })
        .collect();
    let shapes: Vec<Vec<common::official::Ring>> = chosen
        .iter()
        .map(|m| {
            let ring = |l: &geo::LineString| -> Vec<(f64, f64)> {
                l.coords()
                    .map(|c| common::official::to_sjtsk(c.x, c.y))
                    .collect()
            };
            m.shape
                .0
                .iter()
                .flat_map(|p| {
                    std::iter::once((true, ring(p.exterior())))
                        .chain(p.interiors().iter().map(|h| (false, ring(h))))
                })
                .collect()
        })
        .collect();
    let records: Vec<Vec<String>> = chosen
        .iter()
        .map(|m| vec![m.code.clone(), m.name.clone(), m.orp_code.clone()])
        .collect();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("OBCE_P.shp"),
        common::official::shp(&shapes),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("OBCE_P.dbf"),
        common::official::dbf(&common::official::OBCE_FIELDS, &records),
    )
    .unwrap();
    let raw = cz.join("raw");
    let (small, large) = (
        raw.join("2020_vek_do_999.xlsx"),
        raw.join("2020_vek_nad_1000.xlsx"),
    );
    let o = gapmap(
        dir.path(),
        &[
            "init",
            "official",
            "--orp",
            "Týn nad Vltavou",
            "--boundaries",
            "OBCE_P.shp",
            "--population",
            small.to_str().unwrap(),
            large.to_str().unwrap(),
        ],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    let shipped = init(&["--orp", "299"]);
    let read = |p: &Path| std::fs::read_to_string(p).unwrap();
    let (a, b) = (dir.path().join("official"), shipped.path().join("plan"));
    assert_eq!(
        read(&a.join("population.csv")),
        read(&b.join("population.csv"))
    );
    // The header says where the ages came from, and the scenario is named after its folder;
    // gapmap knows the shipped counts' year, and asks for the files' year; the rest is the
    // same.
    assert!(read(&b.join("scenario.toml")).contains("\npopulation_year = 2021 "));
    assert!(read(&a.join("scenario.toml")).contains("\n# population_year = 2021 "));
    let body = |t: String| {
        t.lines()
            .skip(1)
            .filter(|l| !l.starts_with("name = ") && !l.contains(" = { name = "))
            .filter(|l| !l.contains("population_year = "))
            .collect::<Vec<_>>()
            .join("\n")
    };
    // [sources] names the files given instead of the shipped data.
    assert!(read(&a.join("scenario.toml")).contains(
        "population = { name = \"ČSÚ, Věkové složení obyvatelstva obcí (2020_vek_do_999.xlsx, \
         2020_vek_nad_1000.xlsx)\" }"
    ));
    assert_eq!(
        body(read(&a.join("scenario.toml"))),
        body(read(&b.join("scenario.toml")))
    );
    let features = |p: &Path| -> Vec<serde_json::Value> {
        let v: serde_json::Value =
            serde_json::from_str(&read(&p.join("municipalities.geojson"))).unwrap();
        v["features"].as_array().unwrap().clone()
    };
    let (fa, fb) = (features(&a), features(&b));
    assert_eq!(fa.len(), 14);
    for (x, y) in fa.iter().zip(&fb) {
        assert_eq!(x["properties"], y["properties"]);
        // Through Krovak and back: the same vertices to well under a millimetre.
        let flat = |g: &serde_json::Value| -> Vec<f64> {
            g.to_string()
                .split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
                .filter_map(|s| s.parse().ok())
                .collect()
        };
        let (ca, cb) = (flat(&x["geometry"]), flat(&y["geometry"]));
        assert_eq!(ca.len(), cb.len());
        assert!(ca.iter().zip(&cb).all(|(p, q)| (p - q).abs() < 1e-8));
    }
}

/// The shipped national data is exactly what `gapmap geodata` builds from the official files:
/// derived by gapmap's importers, not copied, and reproducible byte for byte.
#[test]
fn the_shipped_data_is_what_geodata_builds() {
    let Some(cz) = shared_cz() else { return };
    let out = tempfile::tempdir().unwrap();
    let o = gapmap(
        out.path(),
        &["geodata", "--from", cz.to_str().unwrap(), "--out", "built"],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    for f in [
        "municipalities.geojson.gz",
        "population.csv.gz",
        "README.md",
    ] {
        let shipped = std::fs::read(common::root().join("geodata/cz").join(f)).unwrap();
        let built = std::fs::read(out.path().join("built").join(f)).unwrap();
        assert!(
            shipped == built,
            "geodata/cz/{f} differs from what `gapmap geodata` builds"
        );
    }
}

#[test]
fn the_commented_questionnaire_example_runs_once_uncommented() {
    // A working group follows the template: uncomment the block, export its answers to
    // dotaznik.xlsx (sheet "Odpovědi"), and name the question in home care's need.
    let dir = init(&["--orp", "299"]);
    let plan = dir.path().join("plan");
    let text = std::fs::read_to_string(plan.join("scenario.toml")).unwrap();
    let start = text.find("# [surveys.seniori]").expect("the example block");
    let end = start + text[start..].find("\n\n").unwrap();
    let uncommented: String = text[start..end]
        .lines()
        .map(|l| l.strip_prefix("# ").unwrap_or(l.trim_start_matches('#')))
        .collect::<Vec<_>>()
        .join("\n");
    let home_care = "[services.home_care]";
    let at = text.find(home_care).expect("home care in the standard set");
    let need = at + text[at..].find("need = [").unwrap();
    let need_end = need + text[need..].find('\n').unwrap();
    let scenario = format!(
        "{}{}\n{}need = [{{ group = \"seniors_65\", survey = \"seniori\", question = \"home_care\" }}]{}",
        &text[..start],
        uncommented,
        &text[end..need],
        &text[need_end..]
    );
    std::fs::write(plan.join("scenario.toml"), scenario).unwrap();
    // 40 respondents of the first municipality, by name in capitals; 10 of them say yes.
    let towns = read_csv(&plan.join("population.csv"));
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet().set_name("Odpovědi").unwrap();
    for (c, h) in ["Obec", "Věk", "Využil(a) byste pečovatelskou službu?"]
        .iter()
        .enumerate()
    {
        sheet.write(0, c as u16, *h).unwrap();
    }
    for r in 1..=40u32 {
        sheet.write(r, 0, towns[0]["name"].to_uppercase()).unwrap();
        sheet
            .write(r, 1, if r % 2 == 0 { "65–74" } else { "85+" })
            .unwrap();
        sheet
            .write(r, 2, if r <= 10 { "Ano" } else { "Ne" })
            .unwrap();
    }
    std::fs::write(plan.join("dotaznik.xlsx"), book.save_to_buffer().unwrap()).unwrap();
    let o = gapmap(&plan, &["run", "scenario.toml", "--out", "out", "--quiet"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let rows = read_csv(&plan.join("out/surveys.csv"));
    let own = rows
        .iter()
        .find(|r| r["unit_id"] == towns[0]["code"])
        .unwrap();
    assert_eq!(
        (own["respondents"].as_str(), own["source"].as_str()),
        ("40", "unit")
    );
    assert_eq!(own["answered"], "40");
}

/// Without `--registry` the plan has no provider: `run` warns of each service on stderr, and
/// the report opens with a box that says why coverage is 0 %, so that an empty plan does not
/// look like a result. `--quiet` silences the warning, not the box.
#[test]
fn an_empty_plan_says_so() {
    let dir = init(&["--orp", "299"]);
    let plan = dir.path().join("plan");
    let o = gapmap(&plan, &["run", "scenario.toml", "--out", "out"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let warnings: Vec<&str> = o
        .stderr
        .lines()
        .filter(|l| l.starts_with("gapmap: warning: "))
        .collect();
    assert_eq!(warnings.len(), 8, "{}", o.stderr);
    assert_eq!(
        warnings[0],
        "gapmap: warning: scenario.toml: no provider of home_for_elderly (Domovy pro seniory) in \
         the inputs: add them (the registry, `gapmap init … --registry rpss.json`, or \
         providers.csv) or this is the real gap"
    );
    let html = std::fs::read_to_string(plan.join("out/report.html")).unwrap();
    assert!(html.contains("<div class=\"warning\">"), "no box");
    // The report names where its data come from, with the day they describe.
    assert!(html.contains(
        "<dt>Obyvatelé podle věku</dt><dd>ČSÚ, Věkové složení obyvatelstva obcí, stav k \
         31.\u{a0}12.\u{a0}2020</dd>"
    ));
    assert!(html.contains(
        "Ve vstupních datech není žádný poskytovatel služby <strong>Domovy pro seniory</strong>"
    ));
    let quiet = gapmap(&plan, &["run", "scenario.toml", "--out", "out", "--quiet"]);
    assert_eq!(quiet.code, 0, "{}", quiet.stderr);
    assert!(!quiet.stderr.contains("warning"), "{}", quiet.stderr);
    // With providers of every service, neither.
    let (out, demo) = common::run_demo();
    assert!(!demo.stderr.contains("warning"), "{}", demo.stderr);
    let html = std::fs::read_to_string(out.path().join("report.html")).unwrap();
    assert!(!html.contains("class=\"warning\""));
}
