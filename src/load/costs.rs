//! The cost matrix, `costs.csv`: `origin,destination,cost`, travel times or distances that
//! planners compute elsewhere (OSRM, r5, OpenRouteService, QGIS network analysis).
//!
//! Files run to millions of rows, so this reader does not build a `Table`: it splits the text
//! into chunks at line ends, parses them in parallel without allocating per row, and keeps
//! every row's line number, so a bad row is still named exactly. The first problem in file
//! order is the one reported, whatever the threads.

use std::collections::HashMap;
use std::path::Path;

use rayon::prelude::*;

use super::table;
use crate::error::{InputError, Location, Result, ValueError};
use crate::model::Costs;

/// One parsed row: origin index, provider index, cost, line.
type Entry = (u32, u32, f64, u64);

/// What a destination id of a cost matrix is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Destination {
    /// A column of the matrix: a provider's index, or a candidate's after the providers.
    Column(u32),
    /// A known id whose rows are checked and dropped: a provider a change removed.
    Removed,
}

/// Reads a cost matrix. `origins` maps ids to indices and `destinations` ids to what they
/// are; every row must name one of each. A pair may appear once. Rows of a
/// [`Destination::Removed`] are checked and dropped.
pub fn read(
    path: &Path,
    origins: &HashMap<&str, u32>,
    destinations: &HashMap<&str, Destination>,
) -> Result<(Costs, table::Encoding)> {
    let bytes =
        std::fs::read(path).map_err(|e| InputError::file(path, format!("cannot read: {e}")))?;
    parse(path, &bytes, origins, destinations)
}

/// As [`read`], from the file's bytes; `path` names it in errors.
pub fn parse(
    path: &Path,
    bytes: &[u8],
    origins: &HashMap<&str, u32>,
    destinations: &HashMap<&str, Destination>,
) -> Result<(Costs, table::Encoding)> {
    let (text, encoding) = table::decode(path, bytes)?;
    let (header, body) = text.split_once('\n').unwrap_or((&text, ""));
    let header = header.trim_end_matches('\r');
    let separator = table::sniff_separator(header) as char;
    let names: Vec<&str> = header.split(separator).map(|h| unquote(h.trim())).collect();
    let column = |name: &str| {
        names
            .iter()
            .position(|h| *h == name)
            .ok_or_else(|| table::missing_column(path, name, "", &names))
    };
    let cols = Columns {
        origin: column("origin")?,
        destination: column("destination")?,
        cost: column("cost")?,
        width: names.len(),
        separator,
        decimal_comma: separator != ',',
    };

    // Chunks of about 4 MB, cut after a line end; each knows the line it starts on.
    let mut chunks = Vec::new();
    let mut start = 0;
    let mut line = 2u64;
    while start < body.len() {
        let from = start + (4 << 20);
        let end = body
            .as_bytes()
            .get(from..)
            .and_then(|rest| rest.iter().position(|&b| b == b'\n'))
            .map_or(body.len(), |k| from + k + 1);
        // A cut after a line end is a character boundary.
        let chunk = body.get(start..end).unwrap_or_default();
        chunks.push((line, chunk));
        line += chunk.bytes().filter(|&b| b == b'\n').count() as u64;
        start = end;
    }
    let parsed: Vec<Result<Vec<Entry>>> = chunks
        .par_iter()
        .map(|&(first, chunk)| parse_chunk(path, first, chunk, &cols, origins, destinations))
        .collect();
    let mut entries = Vec::new();
    for part in parsed {
        entries.extend(part?);
    }
    Ok((into_rows(path, entries, origins.len())?, encoding))
}

struct Columns {
    origin: usize,
    destination: usize,
    cost: usize,
    width: usize,
    separator: char,
    decimal_comma: bool,
}

fn unquote(s: &str) -> &str {
    s.strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(s)
}

fn parse_chunk(
    path: &Path,
    first_line: u64,
    chunk: &str,
    cols: &Columns,
    origins: &HashMap<&str, u32>,
    destinations: &HashMap<&str, Destination>,
) -> Result<Vec<Entry>> {
    let mut out = Vec::with_capacity(chunk.len() / 24);
    let mut fields: Vec<&str> = Vec::with_capacity(cols.width);
    for (k, raw) in chunk.split_terminator('\n').enumerate() {
        let line = first_line + k as u64;
        let raw = raw.trim_end_matches('\r');
        fields.clear();
        fields.extend(raw.split(cols.separator).map(|f| unquote(f.trim())));
        if fields.iter().all(|f| f.is_empty()) {
            continue;
        }
        let err = |col: usize, message: String| {
            InputError::at(path, Location::Line(line), message).field(match col {
                c if c == cols.origin => "origin",
                c if c == cols.destination => "destination",
                _ => "cost",
            })
        };
        if fields.len() != cols.width {
            return Err(InputError::at(
                path,
                Location::Line(line),
                format!(
                    "has {} fields but the header has {}",
                    fields.len(),
                    cols.width
                ),
            )
            .into());
        }
        // The row has `cols.width` fields, so every column is there.
        let [o, d, c] = [cols.origin, cols.destination, cols.cost]
            .map(|c| fields.get(c).copied().unwrap_or_default());
        let origin = *origins.get(o).ok_or_else(|| {
            err(
                cols.origin,
                format!("unknown origin {o:?}: not a unit or demand point id"),
            )
        })?;
        let destination = *destinations.get(d).ok_or_else(|| {
            err(
                cols.destination,
                format!("unknown destination {d:?}: not a provider id"),
            )
        })?;
        let cost = match table::parse_number(c, cols.decimal_comma) {
            Some(v) if v >= 0.0 => v,
            Some(v) => {
                let e = ValueError::new("cost", v, "must be ≥ 0");
                return Err(err(cols.cost, e.about(&format!("{o} → {d}"))).into());
            }
            None => {
                let message = table::not_a_number(c, cols.decimal_comma);
                return Err(err(cols.cost, message).into());
            }
        };
        if let Destination::Column(destination) = destination {
            out.push((origin, destination, cost, line));
        }
    }
    Ok(out)
}

/// Sorts entries into rows by origin, then destination; a pair given twice is an error.
fn into_rows(path: &Path, mut entries: Vec<Entry>, origins: usize) -> Result<Costs> {
    entries.par_sort_unstable_by_key(|&(o, d, _, line)| (o, d, line));
    if let Some((first, again)) = entries.windows(2).find_map(|w| match w {
        [a, b] if (a.0, a.1) == (b.0, b.1) => Some((a.3, b.3)),
        _ => None,
    }) {
        return Err(InputError::at(
            path,
            Location::Line(again),
            format!("repeats the pair of line {first}"),
        )
        .field("destination")
        .into());
    }
    let mut row_start = vec![0usize; origins + 1];
    // Origins were looked up among `origins`, so each has its slot.
    for &(o, ..) in &entries {
        if let Some(n) = row_start.get_mut(o as usize + 1) {
            *n += 1;
        }
    }
    let mut sum = 0;
    for n in &mut row_start {
        sum += *n;
        *n = sum;
    }
    Ok(Costs {
        row_start,
        destination: entries.iter().map(|e| e.1).collect(),
        cost: entries.iter().map(|e| e.2).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids<'a>(names: &[&'a str]) -> HashMap<&'a str, u32> {
        names
            .iter()
            .enumerate()
            .map(|(i, n)| (*n, i as u32))
            .collect()
    }

    fn read_text(text: &str) -> Result<Costs> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("costs.csv");
        std::fs::write(&path, text).unwrap();
        let destinations = [
            ("X", Destination::Column(0)),
            ("Y", Destination::Column(1)),
            ("R", Destination::Removed),
        ]
        .into();
        let r = read(&path, &ids(&["A", "B"]), &destinations).map(|(c, _)| c);
        r.map_err(|e| match e {
            crate::Error::Input(mut i) => {
                i.file = "costs.csv".into();
                i.into()
            }
            e => e,
        })
    }

    #[test]
    fn rows_are_sorted_by_origin_then_destination() {
        let c = read_text("origin,destination,cost\nB,Y,3\nA,Y,2.5\nB,X,1\r\n").unwrap();
        assert_eq!(c.row_start, vec![0, 1, 3]);
        assert_eq!(c.destination, vec![1, 0, 1]);
        assert_eq!(c.cost, vec![2.5, 1.0, 3.0]);
    }

    #[test]
    fn a_removed_destination_is_checked_and_dropped() {
        let c = read_text("origin,destination,cost\nA,R,4\nA,X,1\n").unwrap();
        assert_eq!(c.destination, vec![0]);
        let e = read_text("origin,destination,cost\nA,R,-4\n").unwrap_err();
        assert!(e.to_string().contains("line 2, field `cost`"), "{e}");
    }

    #[test]
    fn semicolons_and_decimal_commas() {
        let c = read_text("\u{feff}origin;destination;cost\r\n\"A\";X;12,5\r\n").unwrap();
        assert_eq!(c.cost, vec![12.5]);
    }

    #[test]
    fn bad_rows_are_named() {
        let e = |t: &str| read_text(t).unwrap_err().to_string();
        assert_eq!(
            e("origin,destination,cost\nA,X,1\nA,Y,-2\n"),
            "costs.csv: line 3, field `cost`: invalid cost for A → Y (got -2): must be ≥ 0"
        );
        assert_eq!(
            e("origin,destination,cost\nA,X,soon\n"),
            "costs.csv: line 2, field `cost`: not a number (got \"soon\")"
        );
        assert_eq!(
            e("origin,destination,cost\nC,X,1\n"),
            "costs.csv: line 2, field `origin`: unknown origin \"C\": not a unit or demand point id"
        );
        assert_eq!(
            e("origin,destination,cost\nA,Z,1\n"),
            "costs.csv: line 2, field `destination`: unknown destination \"Z\": not a provider id"
        );
        assert_eq!(
            e("origin,destination,cost\nA,X,1\nB,X,2\nA,X,3\n"),
            "costs.csv: line 4, field `destination`: repeats the pair of line 2"
        );
        assert!(e("from,to,cost\n").contains("missing column `origin`"));
    }
}
