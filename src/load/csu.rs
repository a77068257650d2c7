//! ČSÚ "Věkové složení obyvatelstva obcí" (age structure of municipalities), as published:
//! xlsx workbooks with one sheet of rows `POH, ZUJ, Obec, Okres, Kraj, Celkem, <ages>…`.
//!
//! Two layouts exist. The file for municipalities under 1,000 people has the five-year bands
//! `0-4 … 80-84, 85+` after `Celkem`. The file for those over 1,000 has single years first
//! (numeric headers 0 … 84, then `85+`), an empty column, and then the same five-year bands:
//! `85+` appears twice. Rows come in threes per municipality: `celkem` (everyone), `muži`,
//! `ženy`; only `celkem` is read. The five-year bands are found in order after `0-4`, so the
//! single-year `85+` is never mistaken for the band.

#![allow(
    clippy::indexing_slicing,
    reason = "band and column positions come from the fixed header list and the header row found in the same sheet"
)]

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader, Xlsx};

use crate::error::{InputError, Location, Result};

/// The five-year band columns of `population.csv`, in order.
pub const BANDS: [&str; 18] = [
    "age_0_4",
    "age_5_9",
    "age_10_14",
    "age_15_19",
    "age_20_24",
    "age_25_29",
    "age_30_34",
    "age_35_39",
    "age_40_44",
    "age_45_49",
    "age_50_54",
    "age_55_59",
    "age_60_64",
    "age_65_69",
    "age_70_74",
    "age_75_79",
    "age_80_84",
    "age_85_plus",
];

/// The headers of those bands in the ČSÚ workbooks.
const HEADERS: [&str; 18] = [
    "0-4", "5-9", "10-14", "15-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49", "50-54",
    "55-59", "60-64", "65-69", "70-74", "75-79", "80-84", "85+",
];

/// One municipality's people by five-year band.
#[derive(Debug, Clone, PartialEq)]
pub struct Ages {
    /// The 6-digit ZUJ (RÚIAN/ČSÚ municipality code), as text.
    pub code: String,
    pub name: String,
    pub total: u64,
    /// People per band, in the order of [`BANDS`]; they add up to `total`.
    pub bands: [u64; 18],
}

/// Reads an age-structure workbook.
pub fn read(path: &Path) -> Result<Vec<Ages>> {
    let bytes =
        std::fs::read(path).map_err(|e| InputError::file(path, format!("cannot read: {e}")))?;
    parse(path, &bytes)
}

/// Parses an age-structure workbook from its bytes; `path` names it in errors.
pub fn parse(path: &Path, bytes: &[u8]) -> Result<Vec<Ages>> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes))
        .map_err(|e| InputError::file(path, format!("is not an xlsx workbook ({e})")))?;
    let names = book.sheet_names();
    let mut looked = Vec::new();
    for name in &names {
        let range = book
            .worksheet_range(name)
            .map_err(|e| InputError::file(path, format!("cannot read sheet {name:?}: {e}")))?;
        let sheet = Sheet {
            path,
            name,
            first_row: range.start().map_or(0, |(r, _)| r) as u64,
        };
        let rows: Vec<&[Data]> = range.rows().collect();
        let Some(h) = rows
            .iter()
            .position(|r| r.iter().any(|c| cell_text(c) == "ZUJ"))
        else {
            looked.push(format!("{name:?}"));
            continue;
        };
        return sheet.ages(&rows, h);
    }
    Err(InputError::file(
        path,
        format!(
            "has no sheet of the ČSÚ age structure (a header row with POH, ZUJ, Obec, Celkem \
             and the bands 0-4 … 85+); its sheets are: {}",
            if looked.is_empty() {
                "none".to_string()
            } else {
                looked.join(", ")
            }
        ),
    )
    .into())
}

/// A sheet being read, for errors.
struct Sheet<'a> {
    path: &'a Path,
    name: &'a str,
    /// The 0-based row of the range's first row in the sheet.
    first_row: u64,
}

impl Sheet<'_> {
    fn place(&self, i: usize, record: Option<&str>) -> Location {
        Location::sheet(
            self.name,
            self.first_row + i as u64 + 1,
            record.map(|code| format!("municipality {code}")),
        )
    }

    fn error(&self, i: usize, record: Option<&str>, field: &str, message: String) -> InputError {
        InputError::at(self.path, self.place(i, record), message).field(field)
    }

    /// The `celkem` rows below the header row `h`.
    fn ages(&self, rows: &[&[Data]], h: usize) -> Result<Vec<Ages>> {
        let header: Vec<String> = rows[h].iter().map(cell_text).collect();
        let column = |name: &str, from: usize| {
            header
                .iter()
                .skip(from)
                .position(|c| c == name)
                .map(|i| i + from)
        };
        let missing = |name: &str| {
            self.error(
                h,
                None,
                name,
                format!(
                    "missing column `{name}`; the header has: {}",
                    header
                        .iter()
                        .filter(|c| !c.is_empty())
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
        };
        let [poh, zuj, obec, celkem] = ["POH", "ZUJ", "Obec", "Celkem"]
            .map(|name| column(name, 0).ok_or_else(|| missing(name)));
        let (poh, zuj, obec, celkem) = (poh?, zuj?, obec?, celkem?);
        // Each band is the first of its name after the band before it.
        let mut bands = [0usize; 18];
        let mut from = 0;
        for (k, name) in HEADERS.iter().enumerate() {
            bands[k] = column(name, from).ok_or_else(|| missing(name))?;
            from = bands[k] + 1;
        }
        let mut out = Vec::new();
        for (i, row) in rows.iter().enumerate().skip(h + 1) {
            let cell = |c: usize| row.get(c).unwrap_or(&Data::Empty);
            if row.iter().all(|c| matches!(c, Data::Empty)) {
                continue; // Spreadsheets end in rows of empty cells.
            }
            if cell_text(cell(poh)) != "celkem" {
                continue; // `muži` and `ženy`: the same people by sex.
            }
            let code = cell_text(cell(zuj));
            if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
                return Err(self
                    .error(
                        i,
                        None,
                        "ZUJ",
                        format!("must be a 6-digit municipality code (got {code:?})"),
                    )
                    .into());
            }
            let count = |c: usize, field: &str| -> Result<u64> {
                match cell(c) {
                    Data::Int(n) if *n >= 0 => Ok(*n as u64),
                    Data::Float(x) if *x >= 0.0 && x.fract() == 0.0 && *x < 1e12 => Ok(*x as u64),
                    Data::String(s) if s.trim().parse::<u64>().is_ok() => {
                        Ok(s.trim().parse().unwrap_or(0))
                    }
                    other => Err(self
                        .error(
                            i,
                            Some(&code),
                            field,
                            format!("must be a whole count of people ≥ 0 (got {other:?})"),
                        )
                        .into()),
                }
            };
            let total = count(celkem, "Celkem")?;
            let mut people = [0u64; 18];
            for (k, &c) in bands.iter().enumerate() {
                people[k] = count(c, HEADERS[k])?;
            }
            let sum: u64 = people.iter().sum();
            if sum != total {
                return Err(self
                    .error(
                        i,
                        Some(&code),
                        "Celkem",
                        format!("is {total}, but the bands 0-4 … 85+ add up to {sum}"),
                    )
                    .into());
            }
            out.push(Ages {
                name: cell_text(cell(obec)),
                code,
                total,
                bands: people,
            });
        }
        if out.is_empty() {
            return Err(InputError::file(
                self.path,
                format!("sheet {:?} has no `celkem` rows", self.name),
            )
            .into());
        }
        Ok(out)
    }
}

/// A cell as trimmed text; whole numbers without a decimal point.
fn cell_text(c: &Data) -> String {
    match c {
        Data::String(s) => s.trim().to_string(),
        Data::Int(n) => n.to_string(),
        Data::Float(x) if x.fract() == 0.0 && x.abs() < 1e15 => format!("{}", *x as i64),
        Data::Float(x) => x.to_string(),
        _ => String::new(),
    }
}

/// A CSV in `population.csv`'s layout (`code,name,total,age_0_4 … age_85_plus`), as
/// [`to_csv`] writes it or as `../shared/data/cz/population_2020.csv` has it.
pub fn read_csv(path: &Path) -> Result<Vec<Ages>> {
    let bytes =
        std::fs::read(path).map_err(|e| InputError::file(path, format!("cannot read: {e}")))?;
    parse_csv(path, &bytes)
}

/// As [`read_csv`], from bytes; `path` names them in errors.
pub fn parse_csv(path: &Path, bytes: &[u8]) -> Result<Vec<Ages>> {
    let mut table = super::table::Table::parse(path, bytes)?;
    let code = table.column("code")?;
    table.records("municipality", code);
    let name = table.column("name")?;
    let total = table.column("total")?;
    let bands = BANDS.map(|b| table.column(b));
    let mut columns = [0usize; 18];
    for (k, c) in bands.into_iter().enumerate() {
        columns[k] = c?;
    }
    let whole = |row: &super::table::Row, c: usize| -> Result<u64> {
        let v = table.count(row, c)?;
        if v.fract() != 0.0 {
            return Err(table
                .error(
                    row,
                    c,
                    format!("must be a whole number of people (got {v})"),
                )
                .into());
        }
        Ok(v as u64)
    };
    let mut out = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        let mut people = [0u64; 18];
        for (k, &c) in columns.iter().enumerate() {
            people[k] = whole(row, c)?;
        }
        let total_people = whole(row, total)?;
        let sum: u64 = people.iter().sum();
        if sum != total_people {
            let message = format!("is {total_people}, but the bands add up to {sum}");
            return Err(table.error(row, total, message).into());
        }
        out.push(Ages {
            code: table.text(row, code)?.to_string(),
            name: row.field(name).to_string(),
            total: total_people,
            bands: people,
        });
    }
    Ok(out)
}

/// Several workbooks (or CSVs) merged: every municipality once.
pub fn merge(parts: Vec<(std::path::PathBuf, Vec<Ages>)>) -> Result<Vec<Ages>> {
    let mut seen = std::collections::HashMap::new();
    let mut out = Vec::new();
    for (path, ages) in parts {
        for a in ages {
            if let Some(first) = seen.insert(a.code.clone(), path.clone()) {
                return Err(InputError::file(
                    &path,
                    format!(
                        "municipality {} ({}) is also in {}",
                        a.code,
                        a.name,
                        first.display()
                    ),
                )
                .into());
            }
            out.push(a);
        }
    }
    out.sort_by(|a, b| a.code.cmp(&b.code));
    Ok(out)
}

/// `population.csv` in the layout of the README's "Input files":
/// `code,name,total,age_0_4 … age_85_plus`.
pub fn to_csv(ages: &[Ages]) -> String {
    let mut out = format!("code,name,total,{}\n", BANDS.join(","));
    for a in ages {
        out.push_str(&a.code);
        out.push(',');
        out.push_str(&crate::report::tables::csv_field(&a.name));
        out.push_str(&format!(",{}", a.total));
        for n in a.bands {
            out.push_str(&format!(",{n}"));
        }
        out.push('\n');
    }
    out
}
