//! `[horizon]`: every origin's people carried from the population's year to the horizon's,
//! by band, with the projection (ČSÚ's shipped one, or the scenario's own table).

#![allow(
    clippy::indexing_slicing,
    reason = "origins, units and columns are the study's own lists, built together by load"
)]

use crate::error::{InputError, Result};
use crate::model::{AgeBands, Origin, Outlook};
use crate::projection::{Bands, Steps};
use crate::scenario::{Horizon, Scenario};

/// The study's counts and ages at the horizon, and the outlook that keeps the base beside them.
pub(super) struct Projected {
    pub counts: Vec<f64>,
    pub ages: Option<Vec<AgeBands>>,
    pub outlook: Outlook,
}

/// The steps of `horizon` from `base` on its projection; errors name the scenario's key or the
/// projection's file.
pub(super) fn steps(scenario: &Scenario, horizon: &Horizon, base: u32) -> Result<Steps> {
    let (projection, path) = match &horizon.projection {
        Some(path) => (super::projection::read(path)?, path.clone()),
        None => (
            crate::national::projection()?,
            std::path::PathBuf::from("geodata/cz/projection.csv"),
        ),
    };
    Steps::new(&projection, base, horizon.year).map_err(|e| {
        use crate::projection::ProjectionError::*;
        match e {
            Past { .. } | Before { .. } => InputError::at(
                &scenario.path,
                crate::error::Location::Key("horizon".into()),
                e.to_string(),
            )
            .field("year")
            .into(),
            _ => InputError::file(path, format!("{e}, which the horizon needs")).into(),
        }
    })
}

/// Carries `origin_bands` (per origin, at the base) to the horizon. A count column that is a
/// band takes the projected band, `total` their sum, and any other column its origin's total
/// at H over the total at B (0 when that is 0). `ages` (per unit) are projected as they are.
pub(super) fn project(
    steps: &Steps,
    columns: &[String],
    origins: &[Origin],
    units: usize,
    origin_bands: &[Bands],
    counts: &[f64],
    ages: Option<&[AgeBands]>,
) -> Projected {
    let width = columns.len();
    let kinds: Vec<Column> = columns.iter().map(|c| Column::of(c)).collect();
    let mut out = counts.to_vec();
    let zero = AgeBands {
        bands: [0.0; crate::projection::BANDS],
        total: 0.0,
    };
    let (mut base, mut horizon) = (vec![zero; units], vec![zero; units]);
    for (o, (origin, at_base)) in origins.iter().zip(origin_bands).enumerate() {
        let at = steps.project(at_base);
        for (c, kind) in kinds.iter().enumerate() {
            let v = &mut out[o * width + c];
            *v = kind.carried(*v, at_base, &at);
        }
        add(&mut base[origin.unit], at_base);
        add(&mut horizon[origin.unit], &at);
    }
    let ages = ages.map(|ages| {
        ages.iter()
            .map(|a| {
                let bands = steps.project(&a.bands);
                AgeBands {
                    bands,
                    total: bands.iter().sum(),
                }
            })
            .collect()
    });
    Projected {
        counts: out,
        ages,
        outlook: Outlook {
            base_year: steps.base(),
            year: steps.horizon(),
            base,
            horizon,
            base_counts: counts.to_vec(),
        },
    }
}

/// What a count column is, for the projection.
#[derive(Clone, Copy)]
enum Column {
    Band(usize),
    Total,
    Other,
}

impl Column {
    fn of(name: &str) -> Self {
        match super::csu::BANDS.iter().position(|b| *b == name) {
            Some(k) => Column::Band(k),
            None if name == "total" => Column::Total,
            None => Column::Other,
        }
    }

    /// The column's `value` at the horizon, for bands `at_base` carried to `at`: the band, the
    /// bands' sum, or the value scaled by the total's change (0 when the total was 0).
    fn carried(self, value: f64, at_base: &Bands, at: &Bands) -> f64 {
        let (total_b, total_h) = (at_base.iter().sum::<f64>(), at.iter().sum::<f64>());
        match self {
            Column::Band(k) => at[k],
            Column::Total => total_h,
            Column::Other if total_b > 0.0 => value * total_h / total_b,
            Column::Other => 0.0,
        }
    }
}

fn add(sum: &mut AgeBands, bands: &Bands) {
    for (s, b) in sum.bands.iter_mut().zip(bands) {
        *s += b;
    }
    sum.total += bands.iter().sum::<f64>();
}

/// `gapmap project`: the scenario's population table (or its demand points) with every row
/// carried to `year`, in its own columns and ids. Band columns take the projected bands,
/// `total` their sum, a column a group counts its total's change; text and other columns stay.
/// The base is `[inputs] population_year`; the projection `[horizon]`'s, or ČSÚ's.
pub fn project_table(scenario: &Scenario, year: u32) -> Result<String> {
    let path = scenario
        .inputs
        .population
        .as_ref()
        .or(scenario.inputs.demand_points.as_ref())
        .ok_or_else(|| InputError::file(&scenario.path, "has no population to project"))?;
    let Some(base) = scenario.inputs.population_year else {
        return Err(InputError::at(
            &scenario.path,
            crate::error::Location::Key("inputs".into()),
            "projecting needs the year the population counts are for, as `population_year = \
             2021` (ČSÚ's counts at 31 Dec 2020 are for 1 Jan 2021)",
        )
        .field("population_year")
        .into());
    };
    let horizon = Horizon {
        year,
        projection: scenario.horizon.as_ref().and_then(|h| h.projection.clone()),
    };
    let steps = steps(scenario, &horizon, base)?;
    let table = super::table::Table::read(path)?;
    let bands = super::population::row_bands(&table)?;
    let kinds: Vec<Option<Column>> = table
        .headers
        .iter()
        .map(|h| match Column::of(h) {
            Column::Other if !scenario.columns.contains(h) => None,
            kind => Some(kind),
        })
        .collect();
    let field = |s: &str| crate::report::tables::csv_field(s).into_owned();
    let mut out = table
        .headers
        .iter()
        .map(|h| field(h))
        .collect::<Vec<_>>()
        .join(",");
    out.push('\n');
    for (row, at_base) in table.rows.iter().zip(&bands) {
        let at = steps.project(at_base);
        let mut cells = Vec::with_capacity(kinds.len());
        for (c, kind) in kinds.iter().enumerate() {
            cells.push(match kind {
                Some(kind) => {
                    // Only a column that is neither a band nor the total reads its own value.
                    let value = match kind {
                        Column::Other => table.count(row, c)?,
                        _ => 0.0,
                    };
                    crate::report::number::significant(kind.carried(value, at_base, &at))
                        .to_string()
                }
                None => field(row.field(c)),
            });
        }
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    Ok(out)
}
