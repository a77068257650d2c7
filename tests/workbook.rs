//! The planners' workbooks, read back: every cell of every sheet is the CSV's (ids as text,
//! numbers to full precision), and each sheet has a frozen header, an autofilter and the number
//! formats a planner reads (one decimal for need, supply and gap, per cent for coverage).

mod common;

use std::io::{Cursor, Read};
use std::path::Path;

use calamine::{Data, Reader, Xlsx};

/// The sheets of a workbook, each as rows of cells.
pub fn sheets(path: &Path) -> Vec<(String, Vec<Vec<Data>>)> {
    let bytes = std::fs::read(path).unwrap();
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let names = book.sheet_names().to_vec();
    names
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).unwrap();
            let rows = range.rows().map(|r| r.to_vec()).collect();
            (name, rows)
        })
        .collect()
}

/// The text of a file inside the xlsx zip.
pub fn part(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// Asserts that `rows` hold exactly the CSV `csv`: the header, text as text, numbers within
/// the CSV's 10 significant digits, empty cells empty.
pub fn assert_same_as_csv(sheet: &str, rows: &[Vec<Data>], csv: &Path) {
    let mut reader = csv::Reader::from_path(csv).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let top: Vec<String> = rows[0]
        .iter()
        .map(|c| match c {
            Data::String(s) => s.clone(),
            other => panic!("{sheet}: header cell {other:?}"),
        })
        .collect();
    assert_eq!(top, header, "{sheet}: header");
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len() - 1, records.len(), "{sheet}: rows");
    for (r, (cells, record)) in rows[1..].iter().zip(&records).enumerate() {
        for (c, (cell, text)) in cells.iter().zip(record.iter()).enumerate() {
            let at = format!("{sheet} row {} column {}", r + 2, header[c]);
            match cell {
                Data::Empty => assert_eq!(text, "", "{at}"),
                Data::String(s) => assert_eq!(s, text, "{at}"),
                Data::Bool(b) => assert_eq!(b.to_string(), text, "{at}"),
                Data::Float(x) => {
                    let want: f64 = text.parse().unwrap_or_else(|_| panic!("{at}: {text:?}"));
                    assert!(
                        (x - want).abs() <= 1e-9 * want.abs().max(1.0),
                        "{at}: {x} against {want}"
                    );
                }
                Data::Int(i) => assert_eq!(i.to_string(), text, "{at}"),
                other => panic!("{at}: {other:?}"),
            }
        }
        // Trailing empty cells may be left out of the row.
        for text in record.iter().skip(cells.len()) {
            assert_eq!(text, "", "{sheet} row {}", r + 2);
        }
    }
}

/// The number format of the cell at `reference` (e.g. `H2`) in sheet part `sheet_xml`.
pub fn number_format(book: &Path, sheet_xml: &str, reference: &str) -> String {
    let sheet = part(book, sheet_xml);
    let cell = sheet
        .split("<c ")
        .find(|c| c.starts_with(&format!("r=\"{reference}\"")))
        .unwrap_or_else(|| panic!("no cell {reference}"));
    let style: usize = attribute(cell, "s").map_or(0, |s| s.parse().unwrap());
    let styles = part(book, "xl/styles.xml");
    let xfs = styles.split("<cellXfs").nth(1).unwrap();
    let xf = xfs.split("<xf ").nth(style + 1).unwrap();
    let id = attribute(xf, "numFmtId").unwrap();
    styles
        .split("<numFmt ")
        .skip(1)
        .find(|f| attribute(f, "numFmtId") == Some(id.clone()))
        .and_then(|f| attribute(f, "formatCode"))
        .unwrap_or_else(|| format!("builtin {id}"))
}

fn attribute(xml: &str, name: &str) -> Option<String> {
    let start = xml
        .find(&format!(" {name}=\""))
        .map(|i| i + name.len() + 3)
        .or_else(|| {
            xml.starts_with(&format!("{name}=\""))
                .then_some(name.len() + 2)
        })?;
    let end = xml[start..].find('"')? + start;
    Some(xml[start..end].replace("&amp;", "&"))
}

#[test]
fn tables_xlsx_holds_the_csvs_as_sheets() {
    let (out, _) = common::run_demo();
    let book = out.path().join("tables.xlsx");
    let sheets = sheets(&book);
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["summary", "gaps", "priorities", "profile"]);
    for (name, rows) in &sheets {
        assert_same_as_csv(name, rows, &out.path().join(format!("{name}.csv")));
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
        xml.contains(&format!("<autoFilter ref=\"A1:L{last}\"/>")),
        "{}",
        &xml[..xml.len().min(600)]
    );
    // need (E), supply (F) and gap (G) with one decimal, coverage (H) in per cent.
    let header: Vec<String> = gaps[0].iter().map(|c| c.to_string()).collect();
    assert_eq!(&header[4..8], ["need", "supply", "gap", "coverage"]);
    for col in ["E", "F", "G"] {
        assert_eq!(
            number_format(&book, "xl/worksheets/sheet2.xml", &format!("{col}2")),
            "#,##0.0"
        );
    }
    assert_eq!(number_format(&book, "xl/worksheets/sheet2.xml", "H2"), "0%");
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
