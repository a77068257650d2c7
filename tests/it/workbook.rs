//! The planners' workbooks, read back: every cell of every sheet is the CSV's (ids as text,
//! numbers to full precision), and each sheet has a frozen header, an autofilter and the number
//! formats a planner reads (one decimal for need, supply and gap, per cent for coverage).

use crate::common;

use crate::common::xlsx::{assert_same_as_csv, attribute, number_format, part, sheets};
use calamine::Data;

#[test]
fn tables_xlsx_holds_the_csvs_as_sheets() {
    let (out, _) = common::run_demo();
    let book = out.path().join("tables.xlsx");
    let sheets = sheets(&book);
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        ["summary", "gaps", "priorities", "profile", "columns"]
    );
    for name in &names[..4] {
        assert_same_as_csv(&book, name, &out.path().join(format!("{name}.csv")));
    }
    // Ids stay text: a municipality code is not a number to Excel.
    let gaps = &sheets[1].1;
    assert!(
        matches!(&gaps[1][1], Data::String(s) if s == "990001"),
        "{:?}",
        gaps[1][1]
    );

    // Sheet 2 (gaps): a frozen header and an autofilter over all of it.
    let xml = part(&book, "xl/worksheets/sheet2.xml");
    assert!(xml.contains("ySplit=\"1\"") && xml.contains("state=\"frozen\""));
    let last = gaps.len();
    assert!(
        xml.contains(&format!("<autoFilter ref=\"A1:M{last}\"/>")),
        "{}",
        &xml[..xml.len().min(600)]
    );
    // Headings in Czech, the service's label beside its id; need (F), supply (G) and gap (H)
    // with one decimal, coverage (I) in per cent.
    let header: Vec<String> = gaps[0].iter().map(|c| c.to_string()).collect();
    assert_eq!(
        header[..9],
        [
            "Scénář",
            "Kód obce",
            "Obec",
            "Služba (id)",
            "Služba",
            "Potřeba",
            "Dostupná kapacita",
            "Rozdíl (potřeba − kapacita)",
            "Pokrytí"
        ]
    );
    assert_eq!(gaps[1][3].to_string(), "home_for_elderly");
    assert_eq!(gaps[1][4].to_string(), "Domov pro seniory");
    for col in ["F", "G", "H"] {
        assert_eq!(
            number_format(&book, "xl/worksheets/sheet2.xml", &format!("{col}2")),
            "#,##0.0"
        );
    }
    assert_eq!(number_format(&book, "xl/worksheets/sheet2.xml", "I2"), "0%");
    // Widths fit: the service ids (up to 19 characters) get a column at least that wide.
    let widths: Vec<f64> = xml
        .split("<col ")
        .skip(1)
        .map(|c| attribute(c, "width").unwrap().parse().unwrap())
        .collect();
    assert!(widths[3] >= 19.0 && widths[3] <= 30.0, "{widths:?}");
}

#[test]
fn the_workbook_is_the_same_bytes_for_any_thread_count() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    common::run_scenario(
        &common::root().join("scenarios/demo.toml"),
        a.path(),
        &["--threads", "1"],
    );
    common::run_scenario(
        &common::root().join("scenarios/demo.toml"),
        b.path(),
        &["--threads", "2"],
    );
    assert_eq!(
        std::fs::read(a.path().join("tables.xlsx")).unwrap(),
        std::fs::read(b.path().join("tables.xlsx")).unwrap()
    );
}

/// With `--lang en`, the headings are English; the columns sheet still names the CSV's.
#[test]
fn english_headings_on_request() {
    let out = tempfile::tempdir().unwrap();
    common::run_scenario(
        &common::root().join("scenarios/demo.toml"),
        out.path(),
        &["--lang", "en"],
    );
    let book = out.path().join("tables.xlsx");
    let all = sheets(&book);
    let header: Vec<String> = all[0].1[0].iter().map(|c| c.to_string()).collect();
    assert_eq!(
        header[..6],
        [
            "Scenario",
            "Service (id)",
            "Service",
            "Need",
            "Capacity",
            "Supply"
        ]
    );
    assert_eq!(
        common::xlsx::csv_columns(&book, "summary")[..6],
        [
            Some("scenario".to_string()),
            Some("service".to_string()),
            None,
            Some("need".to_string()),
            Some("capacity".to_string()),
            Some("supply".to_string())
        ]
    );
    assert_same_as_csv(&book, "summary", &out.path().join("summary.csv"));
}
