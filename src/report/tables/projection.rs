//! `projection.csv`: each unit's people by band at the population's year and at the horizon.

#![allow(
    clippy::indexing_slicing,
    reason = "units are the study's own list, and the outlook has a row per unit"
)]

use polars::prelude::*;

use super::table_err;
use crate::error::Result;
use crate::load::csu::BANDS;
use crate::model::{AgeBands, Study};

/// `unit_id, unit_name, year, total, age_0_4 … age_85_plus`: two rows per unit, the base year's
/// and the horizon's; `None` for a study without a horizon.
pub fn projection_frame(study: &Study) -> Option<Result<DataFrame>> {
    let outlook = study.outlook.as_ref()?;
    let rows: Vec<(usize, u32, &AgeBands)> = (0..study.units.len())
        .flat_map(|u| {
            [
                (u, outlook.base_year, &outlook.base[u]),
                (u, outlook.year, &outlook.horizon[u]),
            ]
        })
        .collect();
    let mut columns = vec![
        Column::new(
            "unit_id".into(),
            rows.iter()
                .map(|r| study.units[r.0].id.as_str())
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "unit_name".into(),
            rows.iter()
                .map(|r| study.units[r.0].name.as_str())
                .collect::<Vec<_>>(),
        ),
        Column::new("year".into(), rows.iter().map(|r| r.1).collect::<Vec<_>>()),
        Column::new(
            "total".into(),
            rows.iter().map(|r| r.2.total).collect::<Vec<_>>(),
        ),
    ];
    for (k, band) in BANDS.iter().enumerate() {
        columns.push(Column::new(
            (*band).into(),
            rows.iter().map(|r| r.2.bands[k]).collect::<Vec<_>>(),
        ));
    }
    Some(DataFrame::new(rows.len(), columns).map_err(table_err("projection")))
}
