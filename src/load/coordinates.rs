//! Where a row of a table is: `lon,lat` degrees, or `x,y` S-JTSK metres (EPSG:5514).

#![allow(
    clippy::indexing_slicing,
    reason = "column positions come from this table's header"
)]

use super::table::{Row, Table};
use crate::crs::Krovak;
use crate::error::Result;
use crate::model::LonLat;

/// The coordinate columns of a table, found once per table.
pub enum Coordinates {
    /// No coordinate columns: rows have no place of their own.
    None,
    /// `lon` and `lat` (EPSG:4326).
    LonLat { lon: usize, lat: usize },
    /// `x` and `y` (EPSG:5514, both negative), reprojected to lon/lat.
    Sjtsk {
        x: usize,
        y: usize,
        krovak: Box<Krovak>,
    },
}

impl Coordinates {
    /// The coordinate columns of `table`: `lon,lat` when it has them, else `x,y`.
    pub fn of(table: &Table) -> Coordinates {
        let pair = |a, b| Some((table.optional_column(a)?, table.optional_column(b)?));
        if let Some((lon, lat)) = pair("lon", "lat") {
            Coordinates::LonLat { lon, lat }
        } else if let Some((x, y)) = pair("x", "y") {
            Coordinates::Sjtsk {
                x,
                y,
                krovak: Box::new(Krovak::new()),
            }
        } else {
            Coordinates::None
        }
    }

    /// The column to blame when a row has no place.
    pub fn first_column(&self) -> Option<usize> {
        match self {
            Coordinates::None => None,
            Coordinates::LonLat { lon, .. } => Some(*lon),
            Coordinates::Sjtsk { x, .. } => Some(*x),
        }
    }

    /// The place of a row, both coordinates or neither; `subject` names the row in errors.
    pub fn at(&self, table: &Table, row: &Row, subject: &str) -> Result<Option<LonLat>> {
        let (a, b) = match self {
            Coordinates::None => return Ok(None),
            Coordinates::LonLat { lon, lat } => (*lon, *lat),
            Coordinates::Sjtsk { x, y, .. } => (*x, *y),
        };
        let pair = match (
            table.optional_number(row, a)?,
            table.optional_number(row, b)?,
        ) {
            (None, None) => return Ok(None),
            (Some(u), Some(v)) => (u, v),
            (Some(_), None) => {
                let message = format!("is empty but `{}` is not", table.headers[a]);
                return Err(table.error(row, b, message).into());
            }
            (None, Some(_)) => {
                let message = format!("is empty but `{}` is not", table.headers[b]);
                return Err(table.error(row, a, message).into());
            }
        };
        let at = match self {
            Coordinates::Sjtsk { krovak, .. } => krovak.to_lonlat(pair.0, pair.1),
            _ => LonLat::try_from(pair),
        };
        at.map(Some)
            .map_err(|e| table.error(row, a, e.about(subject)).into())
    }
}
