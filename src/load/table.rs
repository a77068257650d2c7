//! Tables as Czech offices export them: UTF-8 with or without a BOM, or Windows-1250; CRLF or LF;
//! `,`, `;` or tab between fields; a decimal comma when the separator is not a comma.
//!
//! A table keeps every field as text with its place (line or feature), so that a bad value can
//! be reported with the file, the place and the column.

#![allow(
    clippy::indexing_slicing,
    reason = "column positions come from this table's header and every row has the header's width"
)]

use std::path::{Path, PathBuf};

use crate::error::{InputError, Location, Result, ValueError};

/// The encoding a table was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    /// Detected because the bytes were not UTF-8: what Czech Excel saves as "CSV".
    Windows1250,
}

/// A table of text fields with a header.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub path: PathBuf,
    pub headers: Vec<String>,
    pub rows: Vec<Row>,
    /// `12,5` means 12.5: the separator is not a comma.
    pub decimal_comma: bool,
    pub encoding: Encoding,
    /// What a row is and the column of its id (`municipality`, id column), so that errors
    /// name the record beside its line: `line 10 (municipality 545201)`.
    pub record: Option<(&'static str, usize)>,
}

/// One record and where it stands in its file.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub location: Location,
    pub fields: Vec<String>,
}

impl Row {
    /// Field `c`, trimmed as read: every row has as many fields as the header, so `""` only for
    /// a column that is not the table's.
    pub fn field(&self, c: usize) -> &str {
        self.fields.get(c).map_or("", String::as_str)
    }
}

impl Table {
    /// Reads a delimited text file.
    pub fn read(path: &Path) -> Result<Table> {
        let bytes =
            std::fs::read(path).map_err(|e| InputError::file(path, format!("cannot read: {e}")))?;
        Table::parse(path, &bytes)
    }

    /// Parses delimited text; `path` names the file in errors.
    pub fn parse(path: &Path, bytes: &[u8]) -> Result<Table> {
        let (text, encoding) = decode(path, bytes)?;
        // The csv crate counts the `\n` of a CRLF during the next record, so line numbers
        // would lag by one; with plain LF they are exact.
        let text = text.replace("\r\n", "\n");
        let separator = sniff_separator(text.lines().next().unwrap_or(""));
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(separator)
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut headers: Option<Vec<String>> = None;
        let mut rows = Vec::new();
        let mut record = csv::StringRecord::new();
        loop {
            let line = reader.position().line();
            match reader.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => {
                    return Err(InputError::at(path, Location::Line(line), format!("{e}")).into());
                }
            }
            let line = record.position().map_or(line, |p| p.line());
            let fields: Vec<String> = record.iter().map(|f| f.trim().to_string()).collect();
            if fields.iter().all(String::is_empty) {
                continue; // Spreadsheets leave rows of empty cells at the end.
            }
            match &headers {
                None => headers = Some(check_headers(path, fields)?),
                Some(h) if fields.len() != h.len() => {
                    // Trailing empty cells are harmless; missing or extra values are not.
                    let extra_empty =
                        fields.len() > h.len() && fields.iter().skip(h.len()).all(String::is_empty);
                    if !extra_empty {
                        return Err(InputError::at(
                            path,
                            Location::Line(line),
                            format!(
                                "has {} fields but the header has {}; is a separator or a quote missing?",
                                fields.len(),
                                h.len()
                            ),
                        )
                        .into());
                    }
                    let mut fields = fields;
                    fields.truncate(h.len());
                    rows.push(Row {
                        location: Location::Line(line),
                        fields,
                    });
                }
                Some(_) => rows.push(Row {
                    location: Location::Line(line),
                    fields,
                }),
            }
        }
        let headers =
            headers.ok_or_else(|| InputError::file(path, "is empty: it has no header"))?;
        Ok(Table {
            path: path.to_path_buf(),
            headers,
            rows,
            decimal_comma: separator != b',',
            encoding,
            record: None,
        })
    }

    /// The position of a required column.
    pub fn column(&self, name: &str) -> Result<usize> {
        self.optional_column(name)
            .ok_or_else(|| self.missing_column(name, "").into())
    }

    /// The error for a missing column, with why it is needed and what the header has.
    pub fn missing_column(&self, name: &str, why: &str) -> InputError {
        missing_column(&self.path, name, why, &self.headers)
    }

    pub fn optional_column(&self, name: &str) -> Option<usize> {
        self.headers.iter().position(|h| h == name)
    }

    /// Names the records in errors: each row is a `kind` with its id in column `id_col`.
    pub fn records(&mut self, kind: &'static str, id_col: usize) {
        self.record = Some((kind, id_col));
    }

    /// Where a row is, for errors: its line and, once [`Table::records`] is set, its id.
    pub fn place(&self, row: &Row) -> Location {
        match (&row.location, self.record) {
            (Location::Line(line), Some((kind, c))) if !row.field(c).is_empty() => {
                Location::Record {
                    line: *line,
                    record: format!("{kind} {}", row.field(c)),
                }
            }
            (location, _) => location.clone(),
        }
    }

    /// An error at `row`, about column `col`.
    pub fn error(&self, row: &Row, col: usize, message: impl Into<String>) -> InputError {
        InputError::at(&self.path, self.place(row), message).field(&self.headers[col])
    }

    /// The id of a row, which must be new: `seen` holds the ids before it and where they stand.
    pub fn unique<'a>(
        &'a self,
        seen: &mut std::collections::HashMap<&'a str, &'a Location>,
        row: &'a Row,
        col: usize,
    ) -> Result<&'a str> {
        let id = self.text(row, col)?;
        if let Some(first) = seen.insert(id, &row.location) {
            let message = format!("repeats the id {id:?} (first at {first})");
            return Err(self.error(row, col, message).into());
        }
        Ok(id)
    }

    /// The text of a field that must not be empty.
    pub fn text<'a>(&self, row: &'a Row, col: usize) -> Result<&'a str> {
        let v = row.field(col);
        if v.is_empty() {
            return Err(self.error(row, col, "is empty").into());
        }
        Ok(v)
    }

    /// A number; `None` when the field is empty.
    pub fn optional_number(&self, row: &Row, col: usize) -> Result<Option<f64>> {
        let v = row.field(col);
        if v.is_empty() {
            return Ok(None);
        }
        parse_number(v, self.decimal_comma)
            .map(Some)
            .ok_or_else(|| {
                self.error(row, col, not_a_number(v, self.decimal_comma))
                    .into()
            })
    }

    /// A number that must be there.
    pub fn number(&self, row: &Row, col: usize) -> Result<f64> {
        self.optional_number(row, col)?
            .ok_or_else(|| self.error(row, col, "is empty; a number is needed").into())
    }

    /// A count of people: a number ≥ 0.
    pub fn count(&self, row: &Row, col: usize) -> Result<f64> {
        let v = self.number(row, col)?;
        if v.is_finite() && v >= 0.0 {
            Ok(v)
        } else {
            let e = ValueError::new("count", v, "must be ≥ 0");
            Err(self.error(row, col, e.to_string()).into())
        }
    }
}

/// The error for a column `name` missing from `headers` (line 1 of `path`).
pub(crate) fn missing_column(
    path: &Path,
    name: &str,
    why: &str,
    headers: &[impl AsRef<str>],
) -> InputError {
    let header: Vec<&str> = headers.iter().map(AsRef::as_ref).collect();
    InputError::at(
        path,
        Location::Line(1),
        format!(
            "missing column `{name}`{why}; the header has: {}",
            header.join(", ")
        ),
    )
}

/// The message for a field that is not a number; a decimal comma in a `,`-separated file says
/// how to write it.
pub(crate) fn not_a_number(v: &str, decimal_comma: bool) -> String {
    match parse_number(v, true) {
        Some(x) if !decimal_comma => format!(
            "not a number (got {v:?}): a `,`-separated file takes decimal points ({x}); save it \
             `;`-separated, as Czech Excel does, to keep decimal commas"
        ),
        _ => format!("not a number (got {v:?})"),
    }
}

/// A finite number, with `12,5` read as 12.5 where the separator is not a comma.
pub(crate) fn parse_number(v: &str, decimal_comma: bool) -> Option<f64> {
    let parsed = if decimal_comma && v.contains(',') && !v.contains('.') {
        // The comma becomes a point in a buffer on the stack: no allocation per row but for
        // fields longer than any number a table holds.
        let mut buf = [0u8; 64];
        let Some(field) = buf.get_mut(..v.len()) else {
            let parsed = v.replacen(',', ".", 1).parse::<f64>();
            return parsed.ok().filter(|x| x.is_finite());
        };
        field.copy_from_slice(v.as_bytes());
        if let Some(comma) = field.iter_mut().find(|b| **b == b',') {
            *comma = b'.';
        }
        std::str::from_utf8(field).ok()?.parse::<f64>()
    } else {
        v.parse::<f64>()
    };
    parsed.ok().filter(|x| x.is_finite())
}

fn check_headers(path: &Path, headers: Vec<String>) -> Result<Vec<String>> {
    for (i, h) in headers.iter().enumerate() {
        if h.is_empty() {
            return Err(InputError::at(
                path,
                Location::Line(1),
                format!("column {} of the header has no name", i + 1),
            )
            .into());
        }
        if headers[..i].contains(h) {
            return Err(InputError::at(
                path,
                Location::Line(1),
                format!("column `{h}` appears twice in the header"),
            )
            .into());
        }
    }
    Ok(headers)
}

/// UTF-8 (BOM or not) as is; bytes that are not UTF-8 are read as Windows-1250.
pub(crate) fn decode(path: &Path, bytes: &[u8]) -> Result<(String, Encoding)> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(InputError::file(
            path,
            "is UTF-16 text; save it as \"CSV UTF-8\" (or Windows-1250 CSV) instead",
        )
        .into());
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok((text.to_string(), Encoding::Utf8)),
        Err(_) => {
            if bytes.contains(&0) {
                return Err(
                    InputError::file(path, "is not a text file (it holds NUL bytes)").into(),
                );
            }
            let (text, _) = encoding_rs::WINDOWS_1250.decode_without_bom_handling(bytes);
            Ok((text.into_owned(), Encoding::Windows1250))
        }
    }
}

/// The separator is whichever of `,`, `;` and tab the header uses most, outside quotes.
pub(crate) fn sniff_separator(header: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in header.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => counts[0] += 1,
            ';' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3)
        .max_by_key(|&i| (counts[i], std::cmp::Reverse(i)))
        .unwrap_or(0);
    if counts[best] == 0 {
        b','
    } else {
        [b',', b';', b'\t'][best]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_commas_are_read_where_the_separator_is_not_a_comma() {
        assert_eq!(parse_number("12,5", true), Some(12.5));
        assert_eq!(parse_number("-0,25", true), Some(-0.25));
        assert_eq!(parse_number("12,5", false), None);
        assert_eq!(parse_number("1,2,3", true), None);
        assert_eq!(parse_number("1.5", true), Some(1.5));
        assert_eq!(parse_number("Brno,5", true), None);
        let long = format!("{},5", "1".repeat(70));
        assert_eq!(
            parse_number(&long, true),
            long.replace(',', ".").parse().ok()
        );
        assert_eq!(parse_number("inf", true), None);
    }

    fn parse(bytes: &[u8]) -> Table {
        Table::parse(Path::new("t.csv"), bytes).unwrap()
    }

    #[test]
    fn bom_crlf_and_semicolons_with_decimal_commas() {
        let t = parse(b"\xEF\xBB\xBFid;capacity\r\nP1;12,5\r\n;\r\n");
        assert_eq!(t.headers, vec!["id", "capacity"]);
        assert_eq!(t.rows.len(), 1, "the row of empty cells is skipped");
        assert_eq!(t.number(&t.rows[0], 1).unwrap(), 12.5);
        assert_eq!(t.rows[0].location, Location::Line(2));
    }

    #[test]
    fn windows_1250_is_detected() {
        // "Třeboň" in Windows-1250: ř = 0xF8, ň = 0xF2.
        let t = parse(b"code,name\n1,T\xF8ebo\xF2\n");
        assert_eq!(t.encoding, Encoding::Windows1250);
        assert_eq!(t.rows[0].fields[1], "Třeboň");
    }

    #[test]
    fn commas_are_not_decimal_in_comma_files() {
        let t = parse(b"id,capacity\nP1,\"12,5\"\n");
        let e = t.number(&t.rows[0], 1).unwrap_err().to_string();
        assert_eq!(
            e,
            "t.csv: line 2, field `capacity`: not a number (got \"12,5\"): a `,`-separated file \
             takes decimal points (12.5); save it `;`-separated, as Czech Excel does, to keep \
             decimal commas"
        );
    }

    #[test]
    fn ragged_rows_and_duplicate_headers_are_errors() {
        let e = Table::parse(Path::new("t.csv"), b"a,b\n1,2\n3\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "t.csv: line 3: has 1 fields but the header has 2; is a separator or a quote missing?"
        );
        let e = Table::parse(Path::new("t.csv"), b"a,a\n").unwrap_err();
        assert!(e.to_string().contains("column `a` appears twice"), "{e}");
        let e = Table::parse(Path::new("t.csv"), b"").unwrap_err();
        assert!(e.to_string().contains("no header"), "{e}");
    }

    #[test]
    fn missing_column_lists_the_header() {
        let t = parse(b"id,name\n");
        let e = t.column("capacity").unwrap_err().to_string();
        assert_eq!(
            e,
            "t.csv: line 1: missing column `capacity`; the header has: id, name"
        );
    }
}
