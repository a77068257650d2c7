//! A questionnaire's table as a spreadsheet shows it: an xlsx sheet (calamine) or a delimited
//! text file in any encoding and separator gapmap reads, with the row numbers people see.

#![allow(
    clippy::indexing_slicing,
    reason = "column positions come from the sheet's header; units, groups and columns from the study being loaded"
)]

use std::io::Cursor;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx};

use crate::error::{InputError, Location, Result};
use crate::load::table::Table;
use crate::names::{edit_distance, fold};

/// A questionnaire's table: its header and its rows, each with the row number a spreadsheet
/// shows (the header is row 1).
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub path: PathBuf,
    /// The xlsx sheet's name; `None` for a CSV.
    pub sheet: Option<String>,
    pub headers: Vec<String>,
    pub rows: Vec<(u64, Vec<String>)>,
}

impl Sheet {
    /// Reads `path`: an xlsx (its `sheet`, or the first) or a delimited text file.
    pub fn read(path: &Path, sheet: Option<&str>) -> Result<Sheet> {
        let bytes =
            std::fs::read(path).map_err(|e| InputError::file(path, format!("cannot read: {e}")))?;
        Sheet::parse(path, &bytes, sheet)
    }

    /// As [`Sheet::read`], from the file's bytes; `path` names it in errors and tells its kind.
    pub fn parse(path: &Path, bytes: &[u8], sheet: Option<&str>) -> Result<Sheet> {
        let is_xlsx = path
            .extension()
            .is_some_and(|x| x.eq_ignore_ascii_case("xlsx"));
        if !is_xlsx {
            let table = Table::parse(path, bytes)?;
            let rows = table
                .rows
                .into_iter()
                .map(|r| {
                    let line = match r.location {
                        Location::Line(n) | Location::Record { line: n, .. } => n,
                        _ => 0,
                    };
                    (line, r.fields)
                })
                .collect();
            return Ok(Sheet {
                path: path.to_path_buf(),
                sheet: None,
                headers: table.headers,
                rows,
            });
        }
        let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes))
            .map_err(|e| InputError::file(path, format!("is not a readable xlsx workbook: {e}")))?;
        let names = book.sheet_names().to_vec();
        let name = match sheet {
            Some(s) => names
                .iter()
                .find(|n| n.as_str() == s)
                .cloned()
                .ok_or_else(|| {
                    InputError::file(
                        path,
                        format!("has no sheet {s:?}; its sheets are: {}", quoted(&names)),
                    )
                })?,
            None => names
                .first()
                .cloned()
                .ok_or_else(|| InputError::file(path, "has no sheet"))?,
        };
        let range = book
            .worksheet_range(&name)
            .map_err(|e| InputError::file(path, format!("sheet {name:?} cannot be read: {e}")))?;
        let first_row = u64::from(range.start().map_or(0, |(r, _)| r));
        let mut rows = range.rows().enumerate().map(|(i, cells)| {
            (
                first_row + i as u64 + 1,
                cells.iter().map(cell_text).collect::<Vec<String>>(),
            )
        });
        let headers = loop {
            match rows.next() {
                None => {
                    return Err(InputError::file(
                        path,
                        format!("sheet {name:?} is empty: it has no header"),
                    )
                    .into());
                }
                Some((_, cells)) if cells.iter().all(String::is_empty) => continue,
                Some((_, cells)) => break cells,
            }
        };
        let rows = rows
            .filter(|(_, cells)| !cells.iter().all(String::is_empty))
            .collect();
        Ok(Sheet {
            path: path.to_path_buf(),
            sheet: Some(name),
            headers,
            rows,
        })
    }

    /// The position of column `name`: its header as written, or, if only one header folds to
    /// it, that one. A missing column is an error that suggests the closest headers.
    pub fn column(&self, name: &str) -> Result<usize> {
        if let Some(c) = self.headers.iter().position(|h| h.trim() == name.trim()) {
            return Ok(c);
        }
        let folded = fold(name);
        let same: Vec<usize> = (0..self.headers.len())
            .filter(|&c| fold(&self.headers[c]) == folded)
            .collect();
        if let [c] = same[..] {
            return Ok(c);
        }
        let mut scored: Vec<(usize, &String)> = self
            .headers
            .iter()
            .map(|h| (edit_distance(&folded, &fold(h)), h))
            .collect();
        scored.sort();
        let closest: Vec<String> = scored
            .iter()
            .take(3)
            .map(|(_, h)| format!("{h:?}"))
            .collect();
        Err(self
            .error_at(
                1,
                name,
                format!(
                    "there is no column {name:?}; the closest headers are {}",
                    closest.join(", ")
                ),
            )
            .into())
    }

    /// An error at row `row` and column `column`.
    pub fn error_at(&self, row: u64, column: &str, message: String) -> InputError {
        let part = match &self.sheet {
            Some(s) => format!("sheet {s:?}, row {row}, column {column:?}"),
            None => format!("row {row}, column {column:?}"),
        };
        InputError::at(&self.path, Location::json(part, None), message)
    }
}

/// An xlsx cell as text: whole numbers without a decimal point, as a code is written.
fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        other => other.to_string().trim().to_string(),
    }
}

fn quoted(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("{n:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}
