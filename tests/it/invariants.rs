//! Invariants on whole runs: conservation of supply, thread-count independence, and that the
//! Parquet and CSV outputs hold the same table.

use crate::common;

use std::collections::HashMap;
use std::path::Path;

use crate::common::{gapmap, num, read_csv, root};

/// Runs a scenario (relative to the project root) into `out` with `threads` workers.
fn run(scenario: &Path, out: &Path, threads: &str) {
    common::run_scenario(scenario, out, &["--threads", threads]);
}

/// Per service: Σ supply over units, and Σ capacity of the providers with need in reach.
fn supply_and_reached_capacity(out: &Path) -> Vec<(String, f64, f64)> {
    let mut supply: HashMap<String, f64> = HashMap::new();
    for row in read_csv(&out.join("gaps.csv")) {
        *supply.entry(row["service"].clone()).or_default() += num(&row, "supply");
    }
    let providers: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("providers.geojson")).unwrap())
            .unwrap();
    let mut reached: HashMap<String, f64> = HashMap::new();
    for f in providers["features"].as_array().unwrap() {
        let p = &f["properties"];
        if p["demand_in_reach"].as_f64().unwrap() > 0.0 {
            *reached
                .entry(p["service"].as_str().unwrap().to_string())
                .or_default() += p["capacity"].as_f64().unwrap();
        }
    }
    let mut rows: Vec<(String, f64, f64)> = supply
        .into_iter()
        .map(|(s, v)| {
            let cap = reached.get(&s).copied().unwrap_or(0.0);
            (s, v, cap)
        })
        .collect();
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    rows
}

/// The methods that share capacity out by competition, and so conserve it.
const COMPETING: [&str; 3] = ["2sfca", "3sfca", "bfca"];

/// Writes the demo scenario, changed by `edit`, into a temp dir beside `scenarios/`, and
/// returns the dir and the scenario's path.
fn demo_with(edit: impl Fn(&mut toml::Table)) -> (tempfile::TempDir, std::path::PathBuf) {
    let text = std::fs::read_to_string(root().join("scenarios/demo.toml")).unwrap();
    let mut doc: toml::Table = toml::from_str(&text).unwrap();
    edit(&mut doc);
    let dir = tempfile::tempdir_in(root().join("scenarios")).unwrap();
    let scenario = dir.path().join("edited.toml");
    let fixed = toml::to_string(&doc)
        .unwrap()
        .replace("../geodata", "../../geodata");
    std::fs::write(&scenario, fixed).unwrap();
    (dir, scenario)
}

/// Sets `[method] kind = method`.
fn set_method(doc: &mut toml::Table, method: &str) {
    let mut m = toml::Table::new();
    m.insert("kind".into(), method.into());
    doc.insert("method".into(), m.into());
}

#[test]
fn supply_is_conserved_under_step_decay() {
    // The demo with every service switched to step decay: each provider's capacity is shared
    // out in full among the units that reach it, so Σ supply = Σ capacity of the providers
    // with need in reach, per service, for 2SFCA, 3SFCA and BFCA.
    for method in COMPETING {
        let (dir, scenario) = demo_with(|doc| {
            set_method(doc, method);
            for (_, s) in doc["services"].as_table_mut().unwrap().iter_mut() {
                let mut step = toml::Table::new();
                step.insert("kind".into(), "step".into());
                s.as_table_mut()
                    .unwrap()
                    .insert("decay".into(), step.into());
            }
        });
        let out = dir.path().join("out");
        run(&scenario, &out, "2");
        let rows = supply_and_reached_capacity(&out);
        assert_eq!(rows.len(), 7);
        for (service, supply, capacity) in rows {
            assert!(capacity > 0.0, "{service}: no provider has need in reach");
            assert!(
                (supply - capacity).abs() < 1e-9 * capacity,
                "{method} {service}: supply {supply} ≠ capacity {capacity}"
            );
        }
    }
}

#[test]
fn supply_is_conserved_under_every_decay_of_the_demo() {
    // The competing methods conserve supply for any weights: Σ_i w_ij R_j N_i = S_j for every
    // provider with need in reach. The demo uses step, linear, gaussian, exponential, steps
    // and power.
    for method in COMPETING {
        let (dir, scenario) = demo_with(|doc| set_method(doc, method));
        let out = dir.path().join("out");
        run(&scenario, &out, "2");
        for (service, supply, capacity) in supply_and_reached_capacity(&out) {
            assert!(
                (supply - capacity).abs() < 1e-9 * capacity,
                "{method} {service}: supply {supply} ≠ capacity {capacity}"
            );
        }
    }
}

#[test]
fn gravity_and_cumulative_do_not_conserve_supply() {
    // The no-competition methods count shared capacity at every unit that reaches it, so their
    // supply exceeds the capacity in the demo, where providers' catchments overlap.
    for method in ["gravity", "cumulative"] {
        let (dir, scenario) = demo_with(|doc| set_method(doc, method));
        let out = dir.path().join("out");
        run(&scenario, &out, "2");
        let rows = supply_and_reached_capacity(&out);
        assert!(
            rows.iter()
                .any(|(_, supply, capacity)| supply > &(capacity * 1.5)),
            "{method}: {rows:?}"
        );
    }
}

/// Every file of the two folders, the same names and the same bytes: the report, the
/// workbooks and the catalogue as well as the tables.
fn assert_same_files(a: &Path, b: &Path) {
    let (x, y) = (common::files(a), common::files(b));
    let names: Vec<&str> = x.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        y.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(),
        "different files"
    );
    for ((name, one), (_, two)) in x.iter().zip(&y) {
        assert!(
            one == two,
            "{name} differs between --threads 1 and --threads 2"
        );
    }
}

/// `run`, `catalogue` and `site` of a scenario with `threads` workers, into `out`.
fn every_output(scenario: &str, out: &Path, threads: &str) {
    let out_text = out.to_str().unwrap();
    let commands: [&[&str]; 3] = [
        &["run", scenario],
        &["catalogue", scenario],
        &[
            "site",
            scenario,
            "--service",
            "home_care",
            "--count",
            "2",
            "--capacity",
            "20",
        ],
    ];
    for command in commands {
        let mut args = command.to_vec();
        args.extend(["--out", out_text, "--threads", threads, "--quiet"]);
        let o = gapmap(&root(), &args);
        assert_eq!(o.code, 0, "{args:?}: {}", o.stderr);
    }
}

#[test]
fn one_thread_and_two_threads_write_identical_bytes_on_the_demo() {
    // Every file: the tables, the maps, the workbook, the report, the catalogue's four, the
    // siting study's five; and the questionnaire's surveys.csv.
    for scenario in [
        "scenarios/demo.toml",
        "scenarios/demo-questionnaire.toml",
        "scenarios/demo-plan-2030.toml",
    ] {
        let (one, two) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        every_output(scenario, one.path(), "1");
        every_output(scenario, two.path(), "2");
        let names: Vec<String> = common::files(one.path())
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        for file in [
            "report.html",
            "tables.xlsx",
            "profile.csv",
            "catalogue.xlsx",
            "site.html",
        ] {
            assert!(names.iter().any(|n| n == file), "{scenario}: no {file}");
        }
        if scenario.contains("questionnaire") {
            assert!(names.iter().any(|n| n == "surveys.csv"));
        }
        if scenario.contains("2030") {
            assert!(names.iter().any(|n| n == "projection.csv"));
        }
        assert_same_files(one.path(), two.path());
    }
}

#[test]
fn one_thread_and_two_threads_write_identical_bytes_on_a_country() {
    // 3,000 municipalities and 3,000 providers: enough work for rayon to split every stage.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    let o = gapmap(
        &root(),
        &[
            "generate",
            "country",
            "--out",
            d,
            "--municipalities",
            "3000",
            "--providers",
            "3000",
        ],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    // Every method, each on some services.
    let scenario = dir.path().join("country.toml");
    let text = std::fs::read_to_string(&scenario).unwrap();
    let mut doc: toml::Table = toml::from_str(&text).unwrap();
    let methods = ["2sfca", "3sfca", "bfca", "gravity", "cumulative"];
    for (i, (_, s)) in doc["services"]
        .as_table_mut()
        .unwrap()
        .iter_mut()
        .enumerate()
    {
        let method = methods[i % methods.len()];
        s.as_table_mut()
            .unwrap()
            .insert("method".into(), method.into());
    }
    // People projected to 2030: projection.csv and the outlook chapter are compared too.
    let mut horizon = toml::Table::new();
    horizon.insert("year".into(), 2030.into());
    doc.insert("horizon".into(), horizon.into());
    std::fs::write(&scenario, toml::to_string(&doc).unwrap()).unwrap();
    let (one, two) = (dir.path().join("one"), dir.path().join("two"));
    run(&scenario, &one, "1");
    run(&scenario, &two, "2");
    assert_same_files(&one, &two);
    assert!(read_csv(&one.join("gaps.csv")).len() > 3000 * 7 / 2);
    assert!(read_csv(&one.join("projection.csv")).len() > 3000);
    let used: Vec<String> = read_csv(&one.join("summary.csv"))
        .iter()
        .map(|r| r["method"].clone())
        .collect();
    assert!(
        methods.iter().all(|m| used.iter().any(|u| u == m)),
        "{used:?}"
    );
}

#[test]
fn parquet_holds_the_same_table_as_csv() {
    use polars::prelude::*;
    let out = tempfile::tempdir().unwrap();
    run(Path::new("scenarios/demo.toml"), out.path(), "2");
    let file = std::fs::File::open(out.path().join("gaps.parquet")).unwrap();
    let frame = ParquetReader::new(file).finish().unwrap();
    let rows = read_csv(&out.path().join("gaps.csv"));
    assert_eq!(frame.height(), rows.len());
    assert_eq!(
        frame
            .get_column_names()
            .iter()
            .map(|c| c.as_str())
            .collect::<Vec<_>>(),
        [
            "scenario",
            "unit_id",
            "unit_name",
            "service",
            "need",
            "supply",
            "gap",
            "coverage",
            "accessibility",
            "nearest",
            "reachable",
            "in_region"
        ]
    );
    let gap = frame.column("gap").unwrap().f64().unwrap();
    let ids = frame.column("unit_id").unwrap().str().unwrap();
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(ids.get(i), Some(row["unit_id"].as_str()));
        // Parquet keeps full precision; the CSV has it to 10 significant digits.
        let full = gap.get(i).unwrap();
        assert_eq!(gapmap::report::number::significant(full), num(row, "gap"));
    }
}

#[test]
fn demo_numbers_are_plausible() {
    // Realism: the demo is ORP-sized (Týn nad Vltavou has 14,093 people, Horažďovice 11,525),
    // and its age structure is Czech: about 20 % aged 65+ and 4.5 % aged 80+ in 2020.
    let rows = read_csv(&root().join("geodata/demo/population.csv"));
    let total: f64 = rows.iter().map(|r| num(r, "total")).sum();
    let sum = |cols: &[&str]| -> f64 {
        rows.iter()
            .map(|r| cols.iter().map(|c| num(r, c)).sum::<f64>())
            .sum()
    };
    let s65 = sum(&[
        "age_65_69",
        "age_70_74",
        "age_75_79",
        "age_80_84",
        "age_85_plus",
    ]) / total;
    let s80 = sum(&["age_80_84", "age_85_plus"]) / total;
    assert!((10_000.0..30_000.0).contains(&total), "{total}");
    assert!((0.17..0.26).contains(&s65), "65+: {s65}");
    assert!((0.035..0.065).contains(&s80), "80+: {s80}");
    assert_eq!(rows.len(), 20);
}

#[test]
fn no_table_cell_is_negative_zero() {
    // An empty float sum is −0.0, which CSV shows as "-0.0": a planner reads it as a tiny
    // shortfall. Every total and share must come out as 0.0 instead.
    let out = tempfile::tempdir().unwrap();
    run(Path::new("scenarios/demo.toml"), out.path(), "2");
    for name in ["gaps.csv", "summary.csv"] {
        for row in read_csv(&out.path().join(name)) {
            for (column, value) in &row {
                assert!(
                    value
                        .parse::<f64>()
                        .map_or(true, |x| x != 0.0 || x.is_sign_positive()),
                    "{name}: {column} = {value}"
                );
            }
        }
    }
}

/// No CSV a person opens carries floating-point noise: every number has at most 10
/// significant digits (70, not 69.99999999999999).
#[test]
fn csv_numbers_carry_no_float_noise() {
    let out = tempfile::tempdir().unwrap();
    run(Path::new("scenarios/demo-survey.toml"), out.path(), "2");
    let digits = |cell: &str| -> usize {
        let mantissa = cell
            .trim_start_matches('-')
            .split(['e', 'E'])
            .next()
            .unwrap();
        let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
        digits.trim_start_matches('0').trim_end_matches('0').len()
    };
    let mut numbers = 0;
    for file in ["gaps.csv", "summary.csv", "priorities.csv"] {
        for row in read_csv(&out.path().join(file)) {
            for (column, cell) in &row {
                if column.ends_with("id") || cell.parse::<f64>().is_err() {
                    continue;
                }
                numbers += 1;
                assert!(digits(cell) <= 10, "{file}, {column}: {cell}");
            }
        }
    }
    assert!(numbers > 1000, "{numbers} numbers checked");
}
