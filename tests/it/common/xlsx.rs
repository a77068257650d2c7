//! Workbooks read back: their sheets with calamine, their XML parts with zip.

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

/// The CSV column of each column of sheet `sheet`, read from the workbook's `columns` sheet;
/// `None` for a column that only the workbook has.
pub fn csv_columns(book: &Path, sheet: &str) -> Vec<Option<String>> {
    let all = sheets(book);
    let (_, rows) = all
        .iter()
        .find(|(name, _)| name == "columns")
        .expect("a columns sheet");
    rows[1..]
        .iter()
        .filter(|r| matches!(&r[0], Data::String(s) if s == sheet))
        .map(|r| {
            let name = r[2].to_string();
            (!name.starts_with('(')).then_some(name)
        })
        .collect()
}

/// Asserts that sheet `sheet` of `book` holds exactly the CSV `csv`: its headings are the CSV's
/// columns by the `columns` sheet (columns only the workbook has left aside), text as text,
/// numbers within the CSV's 10 significant digits, empty cells empty.
pub fn assert_same_as_csv(book: &Path, sheet: &str, csv: &Path) {
    let all = sheets(book);
    let (_, rows) = all
        .iter()
        .find(|(name, _)| name == sheet)
        .unwrap_or_else(|| panic!("no sheet {sheet}"));
    let columns = csv_columns(book, sheet);
    assert_eq!(columns.len(), rows[0].len(), "{sheet}: the columns sheet");
    let mut reader = csv::Reader::from_path(csv).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let kept: Vec<usize> = (0..columns.len())
        .filter(|&c| columns[c].is_some())
        .collect();
    let named: Vec<String> = kept.iter().map(|&c| columns[c].clone().unwrap()).collect();
    assert_eq!(named, header, "{sheet}: header");
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len() - 1, records.len(), "{sheet}: rows");
    for (r, (cells, record)) in rows[1..].iter().zip(&records).enumerate() {
        for (k, (&c, text)) in kept.iter().zip(record.iter()).enumerate() {
            let at = format!("{sheet} row {} column {}", r + 2, header[k]);
            match cells.get(c).unwrap_or(&Data::Empty) {
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

pub fn attribute(xml: &str, name: &str) -> Option<String> {
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

/// Every cell of every sheet, as text: what a privacy check greps.
pub fn all_cells(path: &Path) -> String {
    let mut out = String::new();
    for (_, rows) in sheets(path) {
        for row in rows {
            for cell in row {
                out.push_str(&cell.to_string());
                out.push('\t');
            }
            out.push('\n');
        }
    }
    out
}
