//! Need from a questionnaire at whole-country scale: `load` of the country with and without a
//! 100,000-row seniors' questionnaire (names in any case or codes, ages and bands, two
//! questions), as CSV and as xlsx. The difference is what the questionnaire costs.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "a benchmark's set-up stops at the first failure, as a test does"
)]
#![allow(clippy::print_stderr, reason = "a bench says what it measures")]

mod common;

use std::collections::HashMap;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use gapmap::scenario::Scenario;

const ROWS: usize = 100_000;

const VARIANT: &str = r#"name = "country-questionnaire"
base = "country.toml"

[surveys.seniori]
file = "FILE"
unit = "Obec"
age = "Věk"
group = "seniors_65"

[surveys.seniori.questions.home_care]
column = "Využil(a) byste pečovatelskou službu?"
yes = ["Ano", "Spíše ano"]
no = ["Ne", "Spíše ne"]

[surveys.seniori.questions.day_care]
column = "Které služby byste využil(a)?"
contains = "Denní stacionář"

[services.home_care]
need = [{ group = "seniors_65", survey = "seniori", question = "home_care" }]

[services.day_care]
need = [{ group = "seniors_65", survey = "seniori", question = "day_care" }]
"#;

const HEADERS: [&str; 4] = [
    "Obec",
    "Věk",
    "Využil(a) byste pečovatelskou službu?",
    "Které služby byste využil(a)?",
];

/// The rows: each respondent's municipality as people write it (a unique name in any case,
/// or the code), an age or a band, an answer and a checkbox cell.
fn rows(units: &[(String, String)]) -> Vec<[String; 4]> {
    // Names that fold to one text (Pec, Peč) are written as codes, as a careful typist would.
    let mut named: HashMap<String, usize> = HashMap::new();
    for (_, name) in units {
        *named.entry(gapmap::names::fold(name)).or_default() += 1;
    }
    let mut rng = gapmap::synth::Rng::new(11);
    let answers = ["Ano", "Spíše ano", "Ne", "Spíše ne", "Nevím", ""];
    let services = [
        "Denní stacionář",
        "Pečovatelská služba, Denní stacionář",
        "Obědy",
        "",
    ];
    (0..ROWS)
        .map(|_| {
            let (code, name) = &units[rng.below(units.len())];
            let unit = match (named[&gapmap::names::fold(name)], rng.below(4)) {
                (1, 0) => name.to_uppercase(),
                (1, 1) => name.to_lowercase(),
                (1, _) => name.clone(),
                _ => code.clone(),
            };
            let age = if rng.below(5) == 0 {
                ["65–74", "75–84", "85+"][rng.below(3)].to_string()
            } else {
                (65 + rng.below(30)).to_string()
            };
            [
                unit,
                age,
                answers[rng.below(answers.len())].to_string(),
                services[rng.below(services.len())].to_string(),
            ]
        })
        .collect()
}

fn csv(rows: &[[String; 4]]) -> String {
    let mut out = HEADERS.join(";") + "\n";
    for r in rows {
        out += &r.join(";");
        out += "\n";
    }
    out
}

fn xlsx(rows: &[[String; 4]]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in HEADERS.iter().enumerate() {
        sheet.write(0, c as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            match cell.parse::<f64>() {
                Ok(n) if c == 1 => sheet.write(r, c as u16, n).unwrap(),
                _ => sheet.write(r, c as u16, cell.as_str()).unwrap(),
            };
        }
    }
    book.save_to_buffer().unwrap()
}

fn questionnaire(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let base = Scenario::read(&common::country(dir.path())).unwrap();
    let study = gapmap::load::load(&base, &gapmap::Silent).unwrap().study;
    let units: Vec<(String, String)> = study
        .units
        .iter()
        .map(|u| (u.id.clone(), u.name.clone()))
        .collect();
    let rows = rows(&units);
    std::fs::write(dir.path().join("dotaznik.csv"), csv(&rows)).unwrap();
    std::fs::write(dir.path().join("dotaznik.xlsx"), xlsx(&rows)).unwrap();
    let variant = |file: &str| {
        let path = dir.path().join(format!("{file}.toml"));
        std::fs::write(&path, VARIANT.replace("FILE", file)).unwrap();
        Scenario::read(&path).unwrap()
    };
    let (with_csv, with_xlsx) = (variant("dotaznik.csv"), variant("dotaznik.xlsx"));
    for (name, scenario) in [("csv", &with_csv), ("xlsx", &with_xlsx)] {
        let size = std::fs::metadata(&scenario.questionnaires[0].file)
            .unwrap()
            .len();
        let loaded = gapmap::load::load(scenario, &gapmap::Silent).unwrap();
        let q = &loaded.study.questionnaires[0];
        assert_eq!(q.rows, ROWS);
        eprintln!(
            "{name}: {:.1} MB, {} respondents, {} answers to home_care in the region's estimate",
            size as f64 / 1e6,
            q.rows,
            q.questions[0].estimates.region.answered
        );
    }
    let mut group = c.benchmark_group("questionnaire");
    group.sample_size(10);
    group.bench_function("load_country", |b| {
        b.iter(|| gapmap::load::load(&base, &gapmap::Silent).unwrap())
    });
    group.throughput(Throughput::Elements(ROWS as u64));
    group.bench_function("load_country_with_100k_rows_csv", |b| {
        b.iter(|| gapmap::load::load(&with_csv, &gapmap::Silent).unwrap())
    });
    group.bench_function("load_country_with_100k_rows_xlsx", |b| {
        b.iter(|| gapmap::load::load(&with_xlsx, &gapmap::Silent).unwrap())
    });
    group.finish();
    // The file alone, without the country around it.
    let path = Path::new("dotaznik.xlsx");
    let bytes = std::fs::read(dir.path().join(path)).unwrap();
    let mut group = c.benchmark_group("questionnaire_sheet");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("parse_100k_rows_xlsx", |b| {
        b.iter(|| gapmap::load::questionnaire::Sheet::parse(path, &bytes, None).unwrap())
    });
    group.finish();
}

criterion_group!(benches, questionnaire);
criterion_main!(benches);
