//! Need from the working groups' questionnaires (`[surveys.<id>]`), worked by hand from the
//! contract's words: names, ages and bands, cells and weights, shares and Wilson's interval,
//! `surveys.csv`, the need it sets, the notes, and every bad input.

use crate::common;

use std::collections::HashMap;
use std::path::Path;

use crate::common::{assert_refused, gapmap, num, read_csv};

/// Six municipalities in a row of 0.1° squares. M6 is context; M4 and M5 share a name.
/// People of the group `seniors` (65–79, 80+):
///   M1 Týn nad Vltavou 100 + 50, M2 Horní Lhota 40 + 10, M4 Lhota 5 + 5, M5 Lhota 5 + 5,
///   M6 Kontext 30 + 30, M7 Malá 3 + 0.
const UNITS: [(&str, &str, u32, u32, bool); 6] = [
    ("M1", "Týn nad Vltavou", 100, 50, true),
    ("M2", "Horní Lhota", 40, 10, true),
    ("M4", "Lhota", 5, 5, true),
    ("M5", "Lhota", 5, 5, true),
    ("M6", "Kontext", 30, 30, false),
    ("M7", "Malá", 3, 0, true),
];

fn municipalities() -> String {
    let features: Vec<String> = UNITS
        .iter()
        .enumerate()
        .map(|(i, (code, name, _, _, in_region))| {
            let x = 15.0 + 0.1 * i as f64;
            format!(
                r#"{{"type":"Feature","properties":{{"code":"{code}","name":"{name}","in_region":{in_region}}},"geometry":{{"type":"Polygon","coordinates":[[[{x},50.0],[{x2},50.0],[{x2},50.1],[{x},50.1],[{x},50.0]]]}}}}"#,
                x2 = x + 0.1
            )
        })
        .collect();
    format!(
        r#"{{"type":"FeatureCollection","features":[{}]}}"#,
        features.join(",\n")
    )
}

fn population() -> String {
    let mut s = String::from("code,age_65_79,age_80_plus\n");
    for (code, _, a, b, _) in UNITS {
        s += &format!("{code},{a},{b}\n");
    }
    s
}

const SCENARIO: &str = r#"name = "q"
[inputs]
municipalities = "m.geojson"
population = "population.csv"
providers = "providers.csv"

[groups.seniors]
label = "Senioři 65+"
columns = ["age_65_79", "age_80_plus"]

[surveys.seniori]
file = "dotaznik.csv"
unit = "Obec"
age = "Věk"
group = "seniors"
min_respondents = 3

[surveys.seniori.questions.home_care]
column = "Využil(a) byste pečovatelskou službu?"
yes = ["Ano", "Spíše ano"]
no = ["Ne", "Spíše ne"]

[surveys.seniori.questions.day_care]
column = "Služby"
contains = "Denní stacionář"

[services.home_care]
form = "field"
catchment = 100.0
need = [{ group = "seniors", survey = "seniori", question = "home_care" }]

[services.day_care]
form = "outpatient"
catchment = 100.0
need = [{ group = "seniors", survey = "seniori", question = "day_care" }]
"#;

const PROVIDERS: &str = "id,name,service,capacity,lon,lat\nP1,Care,home_care,10,15.05,50.05\nP2,Day,day_care,5,15.05,50.05\n";

/// The questionnaire, as a Czech Excel saves it: `;` between fields. Spreadsheet rows 2–16.
const ROWS: [[&str; 4]; 15] = [
    ["Týn nad Vltavou", "67", "Ano", "Denní stacionář, Obědy"], // 2
    [
        "tyn nad vltavou",
        "65–79",
        "Spíše ano",
        "obedy; denni stacionar",
    ], // 3
    ["TÝN NAD VLTAVOU", "70", "Ne", "Obědy"],                   // 4
    ["M1", "72", "spíše ne", ""],                               // 5
    ["Týn nad Vltavou", "71", "Nevím", "Denní stacionář"],      // 6
    ["Týn nad  Vltavou", "85", "Ano", ""],                      // 7
    ["Horní Lhota", "66", "Ano", "Denní stacionář"],            // 8
    ["horni lhota", "75", "Ne", "Žádnou"],                      // 9
    ["Horní Lhota", "", "Ano", "Denní stacionář"],              // 10: no age
    ["Horní Lhota", "50", "Ano", "Denní stacionář"],            // 11: under 65
    ["Kontext", "70", "Ano", "Denní stacionář"],                // 12: context
    ["", "70", "Ano", "Denní stacionář"],                       // 13: no municipality
    ["M7", "66", "Ano", ""],                                    // 14
    ["malá", "67", "Ne", ""],                                   // 15
    ["MALA", "68 ", "Ne", ""],                                  // 16
];

const HEADERS: [&str; 4] = [
    "Obec",
    "Věk",
    "Využil(a) byste pečovatelskou službu?",
    "Služby",
];

fn csv(rows: &[[&str; 4]]) -> String {
    let field = |s: &str| {
        if s.contains(';') {
            format!("\"{s}\"")
        } else {
            s.to_string()
        }
    };
    // A column the scenario does not name, with what must never reach an output.
    let mut out = HEADERS.join(";") + ";Jméno a adresa\n";
    for (k, r) in rows.iter().enumerate() {
        out += &r.map(field).join(";");
        out += &format!(";Jan Novák {k}, Lipová 5\n");
    }
    out
}

/// The same rows as an xlsx: a first sheet of instructions, then "Odpovědi" with numbers for
/// numeric ages and codes typed as text.
fn xlsx(rows: &[[&str; 4]]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    book.add_worksheet()
        .set_name("Pokyny")
        .unwrap()
        .write(0, 0, "Vyplňte list Odpovědi.")
        .unwrap();
    let sheet = book.add_worksheet().set_name("Odpovědi").unwrap();
    for (c, h) in HEADERS.iter().enumerate() {
        sheet.write(0, c as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32 + 1, c as u16);
            if cell.is_empty() {
                continue;
            }
            match cell.trim().parse::<f64>() {
                Ok(n) if c == 1 => sheet.write(r, c, n).unwrap(),
                _ => sheet.write(r, c, *cell).unwrap(),
            };
        }
    }
    book.save_to_buffer().unwrap()
}

fn world_with(scenario: &str, questionnaire: (&str, &[u8])) -> tempfile::TempDir {
    let dir = common::world(&[
        ("scenario.toml", scenario),
        ("m.geojson", &municipalities()),
        ("population.csv", &population()),
        ("providers.csv", PROVIDERS),
    ]);
    std::fs::write(dir.path().join(questionnaire.0), questionnaire.1).unwrap();
    dir
}

fn world() -> tempfile::TempDir {
    world_with(SCENARIO, ("dotaznik.csv", csv(&ROWS).as_bytes()))
}

fn run(dir: &Path) -> common::Outcome {
    let o = gapmap(dir, &["run", "scenario.toml", "--out", "out"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    o
}

/// `surveys.csv` as `question unit_id people respondents answered yes share low high source`,
/// numbers to 6 decimals.
fn surveys(dir: &Path) -> Vec<String> {
    read_csv(&dir.join("out/surveys.csv"))
        .iter()
        .map(|r| {
            assert_eq!(r["survey"], "seniori");
            format!(
                "{} {} {} {} {} {} {:.6} {:.6} {:.6} {}",
                r["question"],
                if r["unit_id"].is_empty() {
                    "-"
                } else {
                    &r["unit_id"]
                },
                num(r, "people"),
                r["respondents"],
                r["answered"],
                r["yes"],
                num(r, "share"),
                num(r, "share_low"),
                num(r, "share_high"),
                r["source"]
            )
        })
        .collect()
}

/// Wilson's interval with z = 1.959964, written from its formula.
fn wilson(p: f64, n: f64) -> (f64, f64) {
    let z: f64 = 1.959964;
    let z2 = z * z;
    let centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
    let half = z / (1.0 + z2 / n) * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    (centre - half, centre + half)
}

#[test]
fn shares_intervals_and_need_worked_by_hand() {
    // Cells (municipality × the group's columns the age covers), weights W = N_cell / n_cell,
    // for home_care (yes: Ano, Spíše ano; no: Ne, Spíše ne):
    //   M1, 65–79 (N 100): rows 2 (67), 3 (band 65–79), 4, 5 answered; row 6 "Nevím" is not
    //     counted: n_cell 4, W 25; yes, yes, no, no.
    //   M1, 80+ (N 50): row 7 (85): W 50, yes.
    //   M2, 65–79 (N 40): rows 8, 9: W 20; yes, no. Rows 10 (no age) and 11 (50) are left out.
    //   M7, 65–79 (N 3): rows 14–16: W 1; yes, no, no.
    //   Row 12 is context; row 13 has no municipality.
    // M1: ΣW 150, ΣWy 100, p = 2/3; ΣW² = 4·625 + 2,500 = 5,000, n_eff = 4.5; N = 150, n = 5:
    //   n' = 4.5 · 149 / 145.
    // M2 has 2 answers (< 3): the region's. M7: n = 3 ≥ N = 3, p = 1/3, no interval.
    // Region: ΣW 193, ΣWy 121, p = 0.626943; ΣW² 5,803, n_eff = 193² / 5,803 = 6.418921;
    //   N = 150 + 40 + 3 = 193, n = 10: n' = 6.418921 · 192 / 183.
    // day_care (a checkbox listing "Denní stacionář" or not; empty is not counted):
    //   M1, 65–79: rows 2, 3 (yes, "denni stacionar" after ";"), 4 (no), 6 (yes): W 25.
    //   M2, 65–79: rows 8 (yes), 9 ("Žádnou": no): W 20. M7 answered nothing.
    //   M1: p = 0.75, n_eff 4, N = 100 (only 65–79 is covered), n = 4: n' = 4 · 99 / 96.
    //   Region: ΣW 140, ΣWy 95, p = 0.678571; ΣW² 3,300, n_eff = 5.939394; N = 140, n = 6.
    let (m1_low, m1_high) = wilson(2.0 / 3.0, 4.5 * 149.0 / 145.0);
    let region_p = 121.0 / 193.0;
    let (r_low, r_high) = wilson(region_p, 193.0 * 193.0 / 5803.0 * 192.0 / 183.0);
    let (d_low, d_high) = wilson(0.75, 4.0 * 99.0 / 96.0);
    let (dr_low, dr_high) = wilson(95.0 / 140.0, 140.0 * 140.0 / 3300.0 * 139.0 / 134.0);
    // The same numbers, as the contract's words give them to 6 decimals.
    assert_eq!(
        format!("{m1_low:.6} {m1_high:.6} {r_low:.6} {r_high:.6}"),
        "0.264605 0.917470 0.285744 0.875925"
    );
    assert_eq!(
        format!("{d_low:.6} {d_high:.6} {dr_low:.6} {dr_high:.6}"),
        "0.305496 0.953402 0.312553 0.907429"
    );

    let dir = world();
    let o = run(dir.path());
    // The region's rows count all of its answers; each municipality's row counts its own
    // (answered, yes), also where it takes the region's share: M2 answered 2 (1 yes) to both
    // questions, M4 and M5 nothing, M7 nothing on day care.
    let region = "0.626943 0.285744 0.875925 region";
    let day_region = "0.678571 0.312553 0.907429 region";
    assert_eq!(
        surveys(dir.path()),
        [
            format!("home_care - 223 13 10 5 {region}"),
            "home_care M1 150 6 5 3 0.666667 0.264605 0.917470 unit".into(),
            format!("home_care M2 50 4 2 1 {region}"),
            format!("home_care M4 10 0 0 0 {region}"),
            format!("home_care M5 10 0 0 0 {region}"),
            "home_care M7 3 3 3 1 0.333333 0.333333 0.333333 unit".into(),
            format!("day_care - 223 13 6 4 {day_region}"),
            "day_care M1 150 6 4 3 0.750000 0.305496 0.953402 unit".into(),
            format!("day_care M2 50 4 2 1 {day_region}"),
            format!("day_care M4 10 0 0 0 {day_region}"),
            format!("day_care M5 10 0 0 0 {day_region}"),
            format!("day_care M7 3 3 0 0 {day_region}"),
        ]
    );

    // Need = the group's people × p, its interval from the share's.
    let gaps: HashMap<(String, String), HashMap<String, String>> =
        read_csv(&dir.path().join("out/gaps.csv"))
            .into_iter()
            .map(|r| ((r["unit_id"].clone(), r["service"].clone()), r))
            .collect();
    let need = |unit: &str, service: &str| {
        let r = &gaps[&(unit.to_string(), service.to_string())];
        format!(
            "{:.6} {:.6} {:.6}",
            num(r, "need"),
            num(r, "need_low"),
            num(r, "need_high")
        )
    };
    assert_eq!(
        need("M1", "home_care"),
        format!("100.000000 {:.6} {:.6}", 150.0 * m1_low, 150.0 * m1_high)
    );
    assert_eq!(need("M1", "home_care"), "100.000000 39.690806 137.620546");
    assert_eq!(
        need("M2", "home_care"),
        format!(
            "{:.6} {:.6} {:.6}",
            50.0 * region_p,
            50.0 * r_low,
            50.0 * r_high
        )
    );
    assert_eq!(need("M7", "home_care"), "1.000000 1.000000 1.000000");
    assert_eq!(need("M1", "day_care"), "112.500000 45.824336 143.010359");
    // Context municipalities take the region's share too: their people compete for providers.
    assert_eq!(
        need("M6", "home_care"),
        format!(
            "{:.6} {:.6} {:.6}",
            60.0 * region_p,
            60.0 * r_low,
            60.0 * r_high
        )
    );

    // The notes: answers not counted, with their counts, and the respondents left out.
    assert!(
        o.stderr.contains(
            "question home_care (column \"Využil(a) byste pečovatelskou službu?\"): answers not counted: \"Nevím\" 1×"
        ),
        "{}",
        o.stderr
    );
    assert!(
        o.stderr
            .contains("question day_care (column \"Služby\"): answers not counted: (empty) 5×"),
        "{}",
        o.stderr
    );
    assert!(
        o.stderr.contains(
            "4 of 15 respondents left out: 1 with an age outside group \"seniors\", 1 without an age, 1 without a municipality, 1 of context municipalities"
        ),
        "{}",
        o.stderr
    );

    // Respondents' other columns reach no output.
    for (name, text) in common::written(&dir.path().join("out")) {
        assert!(
            !text.contains("Novák") && !text.contains("Lipová"),
            "{name}"
        );
    }

    // The workbook has the same sheet; the report a chapter that says it all.
    common::xlsx::assert_same_as_csv(
        &dir.path().join("out/tables.xlsx"),
        "surveys",
        &dir.path().join("out/surveys.csv"),
    );
    let report = std::fs::read_to_string(dir.path().join("out/report.html")).unwrap();
    for text in [
        "Dotazníková šetření",
        "„Využil(a) byste pečovatelskou službu?“",
        "V regionu odpovědělo „ano“ <strong>62,7\u{a0}%</strong>",
        "28,6–87,6\u{a0}%",
        "odpověděli všichni",
        "„Nevím“ 1×",
        "z dotazníku seniori, home_care",
    ] {
        assert!(report.contains(text), "the report lacks {text:?}");
    }
}

#[test]
fn an_xlsx_sheet_gives_the_same_estimates_as_the_csv() {
    let from_csv = world();
    run(from_csv.path());
    let scenario = SCENARIO.replace(
        "file = \"dotaznik.csv\"",
        "file = \"dotaznik.xlsx\"\nsheet = \"Odpovědi\"",
    );
    let from_xlsx = world_with(&scenario, ("dotaznik.xlsx", &xlsx(&ROWS)));
    run(from_xlsx.path());
    assert_eq!(surveys(from_csv.path()), surveys(from_xlsx.path()));
    // Without `sheet`, the first sheet is read: it has no column "Obec".
    let first = world_with(
        &SCENARIO.replace("file = \"dotaznik.csv\"", "file = \"dotaznik.xlsx\""),
        ("dotaznik.xlsx", &xlsx(&ROWS)),
    );
    assert_refused(
        first.path(),
        &["run", "scenario.toml", "--out", "out"],
        "dotaznik.xlsx: sheet \"Pokyny\", row 1, column \"Obec\": there is no column \"Obec\"",
        "out",
    );
}

#[test]
fn without_age_a_cell_is_the_municipality() {
    // Without `age`, every respondent of M1 is in one cell (N 150): rows 2–7 answered but row
    // 6, so W = 30 each: yes, yes, no, no, yes; p = 0.6, n_eff = 5; n' = 5 · 149 / 145.
    // Rows 10 and 11 now count for M2 (N 50, 4 answers, W 12.5): M2 has its own share,
    // 3 yes of 4.
    let scenario = SCENARIO.replace("age = \"Věk\"\n", "");
    let dir = world_with(&scenario, ("dotaznik.csv", csv(&ROWS).as_bytes()));
    run(dir.path());
    let (low, high) = wilson(0.6, 5.0 * 149.0 / 145.0);
    let (m2_low, m2_high) = wilson(0.75, 4.0 * 49.0 / 46.0);
    let rows = surveys(dir.path());
    assert_eq!(
        rows[1],
        format!("home_care M1 150 6 5 3 0.600000 {low:.6} {high:.6} unit")
    );
    assert_eq!(
        rows[2],
        format!("home_care M2 50 4 4 3 0.750000 {m2_low:.6} {m2_high:.6} unit")
    );
}

fn refused(rows: &[[&str; 4]], message: &str) {
    let dir = world_with(SCENARIO, ("dotaznik.csv", csv(rows).as_bytes()));
    assert_refused(
        dir.path(),
        &["run", "scenario.toml", "--out", "out"],
        message,
        "out",
    );
}

fn with_row(row: [&str; 4]) -> Vec<[&str; 4]> {
    let mut rows = ROWS.to_vec();
    rows.push(row);
    rows
}

#[test]
fn unknown_and_ambiguous_municipalities_say_what_to_write() {
    refused(
        &with_row(["Tyn nad Vltavu", "70", "Ano", ""]),
        "dotaznik.csv: row 17, column \"Obec\": no municipality \"Tyn nad Vltavu\" in the scenario; did you mean \"Týn nad Vltavou\" (M1)",
    );
    refused(
        &with_row(["lhota", "70", "Ano", ""]),
        "dotaznik.csv: row 17, column \"Obec\": 2 municipalities are called \"lhota\": write the code, M4 or M5",
    );
    // The xlsx names its sheet.
    let scenario = SCENARIO.replace(
        "file = \"dotaznik.csv\"",
        "file = \"dotaznik.xlsx\"\nsheet = \"Odpovědi\"",
    );
    let dir = world_with(
        &scenario,
        (
            "dotaznik.xlsx",
            &xlsx(&with_row(["Lhotka", "70", "Ano", ""])),
        ),
    );
    assert_refused(
        dir.path(),
        &["run", "scenario.toml", "--out", "out"],
        "dotaznik.xlsx: sheet \"Odpovědi\", row 17, column \"Obec\": no municipality \"Lhotka\" in the scenario; did you mean \"Lhota\" (M4), \"Lhota\" (M5) or \"Malá\" (M7)?",
        "out",
    );
}

#[test]
fn ages_that_are_not_years_or_whole_bands_are_refused() {
    refused(
        &with_row(["M1", "šedesát", "Ano", ""]),
        "dotaznik.csv: row 17, column \"Věk\": invalid age (got \"šedesát\"): must be years (67) or a band (65–74, 65-74, 85+)",
    );
    refused(
        &with_row(["M1", "70-84", "Ano", ""]),
        "dotaznik.csv: row 17, column \"Věk\": the band \"70-84\" does not cover whole columns of group \"seniors\" (age_65_79, age_80_plus)",
    );
    // A band over both columns is a cell of both; one under the group is left out.
    let dir = world_with(
        SCENARIO,
        (
            "dotaznik.csv",
            csv(&with_row(["M1", "65+", "Ano", ""])).as_bytes(),
        ),
    );
    run(dir.path());
}

#[test]
fn missing_columns_suggest_the_closest_headers() {
    let dir = world_with(
        &SCENARIO.replace(
            "column = \"Využil(a) byste pečovatelskou službu?\"",
            "column = \"Využil(a) byste pečovatelskou službu\"",
        ),
        ("dotaznik.csv", csv(&ROWS).as_bytes()),
    );
    assert_refused(
        dir.path(),
        &["run", "scenario.toml", "--out", "out"],
        "dotaznik.csv: row 1, column \"Využil(a) byste pečovatelskou službu\": there is no column \"Využil(a) byste pečovatelskou službu\"; the closest headers are \"Využil(a) byste pečovatelskou službu?\"",
        "out",
    );
    // A header in another case and without diacritics is the same column.
    let dir = world_with(
        &SCENARIO.replace("unit = \"Obec\"", "unit = \"OBEC\""),
        ("dotaznik.csv", csv(&ROWS).as_bytes()),
    );
    run(dir.path());
}

#[test]
fn surveys_questions_and_groups_must_be_defined() {
    for (from, to, message) in [
        (
            "survey = \"seniori\", question = \"home_care\"",
            "survey = \"senior\", question = \"home_care\"",
            "no questionnaire \"senior\": define [surveys.senior]",
        ),
        (
            "survey = \"seniori\", question = \"home_care\"",
            "survey = \"seniori\", question = \"homecare\"",
            "no question \"homecare\"",
        ),
        (
            "group = \"seniors\"\nmin_respondents",
            "group = \"senior\"\nmin_respondents",
            "\"senior\"",
        ),
    ] {
        assert!(SCENARIO.contains(from), "{from}");
        let dir = world_with(
            &SCENARIO.replace(from, to),
            ("dotaznik.csv", csv(&ROWS).as_bytes()),
        );
        let o = gapmap(dir.path(), &["run", "scenario.toml", "--out", "out"]);
        assert_eq!(o.code, 2, "{to}: {}", o.stderr);
        assert!(o.stderr.contains("scenario.toml"), "{}", o.stderr);
        assert!(o.stderr.contains(message), "{to}: {}", o.stderr);
        assert!(!dir.path().join("out").exists());
    }
}

#[test]
fn empty_utf16_and_sheetless_files_are_refused() {
    let dir = world_with(SCENARIO, ("dotaznik.csv", b""));
    assert_refused(
        dir.path(),
        &["run", "scenario.toml", "--out", "out"],
        "dotaznik.csv",
        "out",
    );
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in csv(&ROWS).encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    let dir = world_with(SCENARIO, ("dotaznik.csv", &utf16));
    assert_refused(
        dir.path(),
        &["run", "scenario.toml", "--out", "out"],
        "UTF-16",
        "out",
    );
    let scenario = SCENARIO.replace(
        "file = \"dotaznik.csv\"",
        "file = \"dotaznik.xlsx\"\nsheet = \"Odpovedi\"",
    );
    let dir = world_with(&scenario, ("dotaznik.xlsx", &xlsx(&ROWS)));
    assert_refused(
        dir.path(),
        &["run", "scenario.toml", "--out", "out"],
        "dotaznik.xlsx: has no sheet \"Odpovedi\"; its sheets are: \"Pokyny\", \"Odpovědi\"",
        "out",
    );
    // A text file named .xlsx is not a workbook.
    let dir = world_with(&scenario, ("dotaznik.xlsx", csv(&ROWS).as_bytes()));
    assert_refused(
        dir.path(),
        &["run", "scenario.toml", "--out", "out"],
        "dotaznik.xlsx: is not a readable xlsx workbook",
        "out",
    );
}

#[test]
fn the_demo_questionnaire_runs_and_compares() {
    let out = tempfile::tempdir().unwrap();
    let o = gapmap(
        &common::root(),
        &[
            "compare",
            "scenarios/demo.toml",
            "scenarios/demo-questionnaire.toml",
            "--out",
            out.path().to_str().unwrap(),
        ],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    let run = tempfile::tempdir().unwrap();
    common::run_scenario(
        &common::root().join("scenarios/demo-questionnaire.toml"),
        run.path(),
        &[],
    );
    let rows = read_csv(&run.path().join("surveys.csv"));
    // Two questions × (the region + 20 municipalities); the town has its own estimate.
    assert_eq!(rows.len(), 42);
    assert!(
        rows.iter()
            .any(|r| r["unit_name"] == "Loučovice nad Blanicí" && r["source"] == "unit")
    );
    assert!(
        rows.iter()
            .any(|r| r["source"] == "region" && !r["unit_id"].is_empty())
    );
}
