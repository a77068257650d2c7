//! A population projection table: `year,total,age_0_4,…,age_80_84,age_85_plus`, persons at
//! 1 January, a row per year, as ČSÚ publishes its projection (or a kraj's own).

use std::path::Path;

use super::csu::BANDS;
use super::table::Table;
use crate::error::{InputError, Location, Result};
use crate::projection::{Bands, Projection, ProjectionError};

/// Reads a projection table from its bytes; `path` names it in errors.
pub fn parse(path: &Path, bytes: &[u8]) -> Result<Projection> {
    let table = Table::parse(path, bytes)?;
    let year_col = table.column("year")?;
    let band_cols = BANDS
        .iter()
        .map(|b| {
            table
                .optional_column(b)
                .ok_or_else(|| table.missing_column(b, ": a projection gives every band"))
        })
        .collect::<std::result::Result<Vec<usize>, InputError>>()?;
    let mut rows: Vec<(u32, Bands)> = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        let raw = table.text(row, year_col)?;
        let year = raw
            .parse::<u32>()
            .ok()
            .filter(|y| (1900..=2200).contains(y))
            .ok_or_else(|| table.error(row, year_col, format!("{raw:?} is not a year")))?;
        let mut bands = [0.0; crate::projection::BANDS];
        for (b, &c) in bands.iter_mut().zip(&band_cols) {
            *b = table.count(row, c)?;
        }
        rows.push((year, bands));
    }
    Projection::new(rows).map_err(|e| {
        let (year, field) = match &e {
            ProjectionError::Order { year, .. } => (Some(*year), "year"),
            ProjectionError::Band { year, band, .. } => {
                (Some(*year), BANDS.get(*band).copied().unwrap_or("year"))
            }
            _ => (None, "year"),
        };
        let row = year.and_then(|y| {
            table
                .rows
                .iter()
                .find(|r| r.field(year_col).parse::<u32>().ok() == Some(y))
        });
        match row {
            Some(row) => table
                .error(row, year_col, e.to_string())
                .field(field)
                .into(),
            None => InputError::at(path, Location::File, e.to_string()).into(),
        }
    })
}

/// Reads a projection table from a file.
pub fn read(path: &Path) -> Result<Projection> {
    let bytes = std::fs::read(path)
        .map_err(|e| InputError::file(path, format!("cannot read the projection: {e}")))?;
    parse(path, &bytes)
}
