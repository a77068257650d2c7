//! Workbooks for planners: tables as sheets of one `.xlsx` file (rust_xlsxwriter, pure Rust).
//!
//! A Czech Excel opens a `,`-separated CSV with decimal points as one column of text; a workbook
//! it opens as tables. Each sheet holds one frame, the same frame its CSV is written from: the
//! CSV's columns, a frozen header row, an autofilter, number formats by column (one decimal for
//! need, supply and gap, per cent for coverage and shares) and widths that fit the text. Ids
//! stay text, so `000123` keeps its zeros. Cells hold full precision; the formats only round
//! what is shown.
//!
//! The file is the same bytes for the same tables and day: its creation date is the day of
//! the run, and the zip entries carry no time.

use polars::prelude::*;
use rayon::prelude::*;
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, Worksheet, XlsxError,
};

use crate::error::{Error, Result};

/// How a column's numbers are shown.
fn number_format(column: &str) -> Option<&'static str> {
    Some(match column {
        "coverage" => "0%",
        "share" | "share_low" | "share_high" | "share_65_plus" | "need_out_of_reach_share" => {
            "0.0%"
        }
        "need" | "supply" | "gap" | "unmet" | "surplus" | "need_out_of_reach" | "need_low"
        | "need_high" | "gap_low" | "gap_high" | "score" | "demand_in_reach" | "nearest" => {
            "#,##0.0"
        }
        "total" | "age_0_14" | "age_15_64" | "age_65_plus" | "age_80_plus" | "density"
        | "people" | "respondents" | "answered" | "yes" | "ageing_index" => "#,##0",
        "area_km2" => "#,##0.00",
        "accessibility_gini" | "load" => "0.000",
        "lon" | "lat" => "0.000000",
        c if c.ends_with("_need") || c.ends_with("_supply") || c.ends_with("_gap") => "#,##0.0",
        c if c.starts_with("delta_gap") => "+#,##0.0;-#,##0.0;0.0",
        _ => return None,
    })
}

/// The widest a column is made, in characters; longer text wraps in Excel's cell view.
const MAX_WIDTH: usize = 60;
/// How many rows are measured for a column's width: enough for what a screen shows.
const MEASURED_ROWS: usize = 1000;

/// A workbook with one sheet per `(name, frame)`, in order, made on `day` (`YYYY-MM-DD`).
/// `file` names it in errors.
pub fn workbook(file: &str, sheets: &[(&str, &DataFrame)], day: &str) -> Result<Vec<u8>> {
    let err = |e: XlsxError| Error::Table {
        path: file.into(),
        message: e.to_string(),
    };
    let mut book = Workbook::new();
    // Deflate dominated writing a country's workbook; level 1 is several times faster, and the
    // sheets' XML still shrinks about sevenfold.
    book.set_zip_compression_level(1);
    let created = day_of(day).map_err(err)?;
    book.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&created)
            .set_comment("gapmap"),
    );
    // Sheets are built side by side, then put in the book in their order.
    let built: Vec<Result<Worksheet>> = sheets
        .par_iter()
        .map(|(name, frame)| sheet(file, name, frame))
        .collect();
    for sheet in built {
        book.push_worksheet(sheet?);
    }
    book.save_to_buffer().map_err(err)
}

/// One sheet: the frame's columns under a frozen header row, an autofilter over them, number
/// formats by column and widths that fit.
fn sheet(file: &str, name: &str, frame: &DataFrame) -> Result<Worksheet> {
    let err = |e: XlsxError| Error::Table {
        path: file.into(),
        message: e.to_string(),
    };
    let polars_err = |e: PolarsError| Error::Table {
        path: file.into(),
        message: e.to_string(),
    };
    let mut sheet = Worksheet::new();
    sheet.set_name(name).map_err(err)?;
    let header = Format::new().set_bold().set_align(FormatAlign::Center);
    let rows = frame.height();
    for (c, column) in frame.columns().iter().enumerate() {
        let col = u16::try_from(c).map_err(|_| Error::Table {
            path: file.into(),
            message: format!("sheet {name} has more columns than Excel allows"),
        })?;
        let title = column.name().as_str();
        sheet
            .write_string_with_format(0, col, title, &header)
            .map_err(err)?;
        let mut width = title.chars().count() + 2;
        let series = column.as_materialized_series();
        let shown = number_format(title);
        let format = shown.map(|f| Format::new().set_num_format(f));
        // Widths come from the rows a screen shows, not from all of a country's.
        let measure = |text_len: &dyn Fn() -> usize, r: usize, width: &mut usize| {
            if r < MEASURED_ROWS {
                *width = (*width).max(text_len() + 1);
            }
        };
        match series.dtype() {
            DataType::String => {
                for (r, v) in series.str().map_err(polars_err)?.iter().enumerate() {
                    if let Some(v) = v {
                        sheet.write_string(row(r)?, col, v).map_err(err)?;
                        measure(&|| v.chars().count(), r, &mut width);
                    }
                }
            }
            DataType::Boolean => {
                for (r, v) in series.bool().map_err(polars_err)?.iter().enumerate() {
                    if let Some(v) = v {
                        sheet.write_boolean(row(r)?, col, v).map_err(err)?;
                        measure(&|| 5, r, &mut width);
                    }
                }
            }
            dtype if dtype.is_primitive_numeric() => {
                // The column's format, set once, is the format of every number written to it:
                // a format per cell would be hashed for each of a country's half a million.
                if let Some(f) = &format {
                    sheet.set_column_format(col, f).map_err(err)?;
                }
                let values = series.cast(&DataType::Float64).map_err(polars_err)?;
                for (r, v) in values.f64().map_err(polars_err)?.iter().enumerate() {
                    // An empty cell stays empty: coverage without need, nearest without any.
                    let Some(v) = v.filter(|v| v.is_finite()) else {
                        continue;
                    };
                    sheet.write_number(row(r)?, col, v).map_err(err)?;
                    measure(&|| shown_length(v, shown), r, &mut width);
                }
            }
            other => {
                return Err(Error::Table {
                    path: file.into(),
                    message: format!("column {title} of sheet {name} has type {other}"),
                });
            }
        }
        sheet
            .set_column_width(col, width.clamp(6, MAX_WIDTH) as f64)
            .map_err(err)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(err)?;
    if frame.width() > 0 {
        let last_col = u16::try_from(frame.width() - 1).unwrap_or(u16::MAX);
        // The header is row 0, so the last frame row is sheet row `rows`.
        let last_row = if rows == 0 { 0 } else { row(rows - 1)? };
        sheet.autofilter(0, 0, last_row, last_col).map_err(err)?;
    }
    Ok(sheet)
}

/// The sheet row of frame row `r` (the header is row 0).
fn row(r: usize) -> Result<u32> {
    u32::try_from(r + 1)
        .ok()
        .filter(|&r| r < 1_048_576)
        .ok_or_else(|| Error::Table {
            path: "workbook".into(),
            message: format!("{r} rows are more than a sheet holds (1,048,575)"),
        })
}

/// About how many characters a number takes as its format shows it.
fn shown_length(v: f64, format: Option<&str>) -> usize {
    let decimals = match format {
        Some(f) if f.contains('%') => {
            return format!("{:.1}", 100.0 * v).len() + 1;
        }
        Some(f) => f.rsplit('.').next().map_or(0, |d| {
            if f.contains('.') {
                d.chars().take_while(|c| *c == '0').count()
            } else {
                0
            }
        }),
        None => 4,
    };
    let whole = format!("{:.0}", v.abs().trunc()).len();
    // Thousands separators, the sign and the decimal point.
    whole
        + whole.saturating_sub(1) / 3
        + usize::from(v < 0.0)
        + decimals
        + usize::from(decimals > 0)
}

/// Midnight UTC of `day`, or of 1 Jan 2000 when `day` is not a day.
fn day_of(day: &str) -> std::result::Result<ExcelDateTime, XlsxError> {
    let part = |r: std::ops::Range<usize>| day.get(r).and_then(|s| s.parse::<u16>().ok());
    match (part(0..4), part(5..7), part(8..10)) {
        (Some(y), Some(m), Some(d)) => ExcelDateTime::from_ymd(y, m as u8, d as u8),
        _ => ExcelDateTime::from_ymd(2000, 1, 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_lengths_follow_the_format() {
        assert_eq!(shown_length(1234.5, Some("#,##0.0")), 7); // 1 234,5
        assert_eq!(shown_length(-3.25, Some("#,##0.0")), 4); // -3,3
        assert_eq!(shown_length(0.833, Some("0%")), 5); // 83,3 %
        assert_eq!(shown_length(7.0, Some("#,##0")), 1);
    }

    #[test]
    fn formats_are_chosen_by_column() {
        assert_eq!(number_format("coverage"), Some("0%"));
        assert_eq!(number_format("need"), Some("#,##0.0"));
        assert_eq!(number_format("demo_gap"), Some("#,##0.0"));
        assert_eq!(number_format("unit_id"), None);
    }
}
