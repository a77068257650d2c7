//! Workbooks for planners: tables as sheets of one `.xlsx` file (rust_xlsxwriter, pure Rust).
//!
//! A Czech Excel opens a `,`-separated CSV with decimal points as one column of text; a workbook
//! it opens as tables. Each sheet holds one frame, the same frame its CSV is written from: the
//! CSV's columns, a frozen header row, an autofilter, number formats by column (one decimal for
//! need, supply and gap, per cent for coverage and shares) and widths that fit the text. Ids
//! stay text, so `000123` keeps its zeros. Cells hold full precision; the formats only round
//! what is shown.
//!
//! Headings are in the report's language (Czech by default), and a last sheet, `columns`, says
//! which CSV column each heading is, so that a planner reads "Potřeba" and a script still finds
//! `need`. A column the CSV lacks (the service's label beside its id) is marked so.
//!
//! The file is the same bytes for the same tables and day: its creation date is the day of
//! the run, and the zip entries carry no time.

use polars::prelude::*;
use rayon::prelude::*;
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, Worksheet, XlsxError,
};

use crate::error::{Error, Result};
use crate::report::number::Lang;

/// A column's heading in a workbook: what a planner reads for a CSV column.
pub fn heading(column: &str, lang: Lang) -> String {
    // The five-year bands of projection.csv: `age_5_9` is "5–9 let", `age_85_plus` "85+ let".
    if let Some(band) = column
        .strip_prefix("age_")
        .filter(|_| crate::load::csu::BANDS.contains(&column))
    {
        let band = band.replace("_plus", "+").replace('_', "–");
        return match lang {
            Lang::Cs => format!("{band} let"),
            Lang::En => format!("Aged {band}"),
        };
    }
    let (cs, en) = match column {
        "scenario" => ("Scénář", "Scenario"),
        "unit_id" => ("Kód obce", "Municipality code"),
        "unit_name" => ("Obec", "Municipality"),
        "service" => ("Služba (id)", "Service (id)"),
        "service_label" => ("Služba", "Service"),
        "need" => ("Potřeba", "Need"),
        "supply" => ("Dostupná kapacita", "Supply"),
        "gap" => ("Rozdíl (potřeba − kapacita)", "Gap (need − supply)"),
        "coverage" => ("Pokrytí", "Coverage"),
        "accessibility" => ("Dostupnost A", "Accessibility A"),
        "nearest" => ("Nejbližší poskytovatel", "Nearest provider"),
        "reachable" => ("Poskytovatelů v dosahu", "Providers in reach"),
        "in_region" => ("V regionu", "In the region"),
        "need_low" => ("Potřeba – dolní mez", "Need, low"),
        "need_high" => ("Potřeba – horní mez", "Need, high"),
        "gap_low" => ("Rozdíl – dolní mez", "Gap, low"),
        "gap_high" => ("Rozdíl – horní mez", "Gap, high"),
        "year" => ("Rok", "Year"),
        "capacity" => ("Kapacita", "Capacity"),
        "unmet" => ("Nenaplněná potřeba", "Unmet need"),
        "surplus" => ("Přebytek", "Surplus"),
        "need_out_of_reach" => ("Potřeba mimo dosah", "Need out of reach"),
        "need_out_of_reach_share" => ("Podíl potřeby mimo dosah", "Share of need out of reach"),
        "accessibility_gini" => ("Gini dostupnosti", "Accessibility Gini"),
        "method" => ("Metoda", "Method"),
        "providers" => ("Poskytovatelů", "Providers"),
        "rank" => ("Pořadí", "Rank"),
        "score" => ("Skóre", "Score"),
        "total" => ("Obyvatel", "People"),
        "age_0_14" => ("0–14 let", "Aged 0–14"),
        "age_15_64" => ("15–64 let", "Aged 15–64"),
        "age_65_plus" => ("65+ let", "Aged 65+"),
        "age_80_plus" => ("80+ let", "Aged 80+"),
        "ageing_index" => ("Index stáří", "Ageing index"),
        "share_65_plus" => ("Podíl 65+", "Share 65+"),
        "area_km2" => ("Rozloha (km²)", "Area (km²)"),
        "density" => ("Hustota (obyv./km²)", "Density (people/km²)"),
        "survey" => ("Dotazník", "Questionnaire"),
        "question" => ("Otázka", "Question"),
        "people" => ("Osob cílové skupiny", "People of the group"),
        "respondents" => ("Respondentů", "Respondents"),
        "answered" => ("Odpovědí", "Answers"),
        "yes" => ("Odpovědí ano", "Yes"),
        "share" => ("Podíl ano", "Share yes"),
        "share_low" => ("Podíl – dolní mez", "Share, low"),
        "share_high" => ("Podíl – horní mez", "Share, high"),
        "source" => ("Odhad (obec, nebo region)", "Estimate (unit or region)"),
        "entry" => ("Číslo v katalogu", "Catalogue number"),
        "id" => ("Id", "Id"),
        "name" => ("Název", "Name"),
        "form" => ("Forma", "Form"),
        "provider" => ("Poskytovatel", "Provider"),
        "ico" => ("IČO", "IČO"),
        "address" => ("Adresa", "Address"),
        "municipality" => ("Kód obce", "Municipality code"),
        "municipality_name" => ("Obec", "Municipality"),
        "lon" => ("Zeměpisná délka", "Longitude"),
        "lat" => ("Zeměpisná šířka", "Latitude"),
        "unit" => ("Jednotka kapacity", "Capacity unit"),
        "target_groups" => ("Cílové skupiny", "Target groups"),
        "age_groups" => ("Věkové skupiny", "Age groups"),
        "phone" => ("Telefon", "Phone"),
        "email" => ("E-mail", "E-mail"),
        "web" => ("Web", "Web"),
        "serves" => ("Obce v dosahu (kódy)", "Municipalities served (codes)"),
        "chapters" => ("Kapitoly", "Chapters"),
        "secret_address" => ("Adresa je utajena", "Secret address"),
        "measure" => ("Opatření", "Measure"),
        "label" => ("Název opatření", "Measure's label"),
        "action" => ("Změna", "Action"),
        "planned" => ("Plánovaná kapacita", "Planned capacity"),
        "baseline" => ("Výchozí stav", "Baseline"),
        "now" => ("Nyní", "Now"),
        "progress" => ("Plnění", "Progress"),
        "status" => ("Stav", "Status"),
        "due" => ("Termín", "Due"),
        "stage" => ("Fáze", "Stage"),
        other => (other, other),
    };
    match lang {
        Lang::Cs => cs,
        Lang::En => en,
    }
    .to_string()
}

/// How a column's numbers are shown.
fn number_format(column: &str) -> Option<&'static str> {
    Some(match column {
        "coverage" | "progress" => "0%",
        "planned" | "baseline" | "now" => "#,##0.0",
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

/// A workbook with one sheet per `(name, frame)`, in order, with headings in `lang`, then the
/// sheet `columns` that maps each heading to its CSV column; made on `day` (`YYYY-MM-DD`).
/// `only_here` names the columns that are in the workbook and not in the CSVs. `file` names
/// it in errors.
pub fn workbook(
    file: &str,
    sheets: &[(&str, &DataFrame)],
    day: &str,
    lang: Lang,
    only_here: &[&str],
) -> Result<Vec<u8>> {
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
    // Sheets are made by the book (they share its formats), filled side by side, then put in
    // the book in their order. Each writes its rows as they come (constant memory): a
    // country's half a million cells never stand in a table.
    register_formats(&mut book, sheets).map_err(err)?;
    let blank: Vec<Worksheet> = sheets
        .iter()
        .map(|_| book.new_worksheet_with_constant_memory())
        .collect::<std::result::Result<_, _>>()
        .map_err(err)?;
    let built: Vec<Result<Worksheet>> = sheets
        .par_iter()
        .zip(blank)
        .map(|((name, frame), blank)| sheet(file, blank, name, frame, lang))
        .collect();
    for sheet in built {
        book.push_worksheet(sheet?);
    }
    book.push_worksheet(columns_sheet(file, sheets, lang, only_here)?);
    book.save_to_buffer().map_err(err)
}

/// Registers every format the sheets use with the book, in the sheets' order. A format's index
/// in the file is the order in which the book first meets it: filled side by side, the sheets
/// would number them in whichever order their threads ran.
fn register_formats(book: &mut Workbook, sheets: &[(&str, &DataFrame)]) -> Result<(), XlsxError> {
    let mut scratch = book.new_worksheet_with_constant_memory()?;
    scratch.set_column_format(0, &header_format())?;
    for (_, frame) in sheets {
        for column in frame.columns() {
            if let Some(format) = column_format(column.name(), column.dtype()) {
                scratch.set_column_format(0, &format)?;
            }
        }
    }
    Ok(())
}

/// The header row's format.
fn header_format() -> Format {
    Format::new().set_bold().set_align(FormatAlign::Center)
}

/// The format of a numeric column's cells, from its CSV name; none for text.
fn column_format(title: &str, dtype: &DataType) -> Option<Format> {
    number_format(title)
        .filter(|_| dtype.is_primitive_numeric())
        .map(|f| Format::new().set_num_format(f))
}

/// The sheet `columns`: for each sheet's heading, the CSV column it is.
fn columns_sheet(
    file: &str,
    sheets: &[(&str, &DataFrame)],
    lang: Lang,
    only_here: &[&str],
) -> Result<Worksheet> {
    let (mut names, mut headings, mut csv) = (Vec::new(), Vec::new(), Vec::new());
    let here = match lang {
        Lang::Cs => "(jen v sešitu)",
        Lang::En => "(only in the workbook)",
    };
    for (name, frame) in sheets {
        for column in frame.get_column_names() {
            names.push(name.to_string());
            headings.push(heading(column, lang));
            csv.push(match only_here.contains(&column.as_str()) {
                true => here.to_string(),
                false => column.to_string(),
            });
        }
    }
    let (a, b, c) = match lang {
        Lang::Cs => ("List", "Sloupec", "Sloupec v CSV"),
        Lang::En => ("Sheet", "Column", "CSV column"),
    };
    let n = names.len();
    let frame = DataFrame::new(
        n,
        vec![
            Column::new(a.into(), names),
            Column::new(b.into(), headings),
            Column::new(c.into(), csv),
        ],
    )
    .map_err(|e| Error::Table {
        path: file.into(),
        message: e.to_string(),
    })?;
    // Its headings are its own: written as they are.
    sheet(file, Worksheet::new(), "columns", &frame, Lang::En)
}

/// One sheet: the frame's columns under a frozen header row, an autofilter over them, number
/// formats by column and widths that fit.
fn sheet(
    file: &str,
    mut sheet: Worksheet,
    name: &str,
    frame: &DataFrame,
    lang: Lang,
) -> Result<Worksheet> {
    let err = |e: XlsxError| Error::Table {
        path: file.into(),
        message: e.to_string(),
    };
    let polars_err = |e: PolarsError| Error::Table {
        path: file.into(),
        message: e.to_string(),
    };
    sheet.set_name(name).map_err(err)?;
    let header = header_format();
    let rows = frame.height();
    // The columns as cells to write, once their headings, widths and formats are set.
    let mut columns = Vec::with_capacity(frame.width());
    for (c, column) in frame.columns().iter().enumerate() {
        let col = u16::try_from(c).map_err(|_| Error::Table {
            path: file.into(),
            message: format!("sheet {name} has more columns than Excel allows"),
        })?;
        let title = column.name().as_str();
        let shown_title = heading(title, lang);
        sheet
            .write_string_with_format(0, col, &shown_title, &header)
            .map_err(err)?;
        let series = column.as_materialized_series();
        let shown = number_format(title);
        let cells = match series.dtype() {
            DataType::String => Cells::Text(series.str().map_err(polars_err)?.clone()),
            DataType::Boolean => Cells::Flag(series.bool().map_err(polars_err)?.clone()),
            dtype if dtype.is_primitive_numeric() => {
                let values = series.cast(&DataType::Float64).map_err(polars_err)?;
                Cells::Number(values.f64().map_err(polars_err)?.clone())
            }
            other => {
                return Err(Error::Table {
                    path: file.into(),
                    message: format!("column {title} of sheet {name} has type {other}"),
                });
            }
        };
        // Widths come from the rows a screen shows, not from all of a country's.
        let mut width = shown_title.chars().count() + 2;
        for r in 0..rows.min(MEASURED_ROWS) {
            width = width.max(cells.shown_length(r, shown) + 1);
        }
        sheet
            .set_column_width(col, width.clamp(6, MAX_WIDTH) as f64)
            .map_err(err)?;
        // The column's format, set once, is the format of every number written to it: a
        // format per cell would be hashed for each of a country's half a million.
        if let Some(f) = column_format(title, series.dtype()) {
            sheet.set_column_format(col, &f).map_err(err)?;
        }
        columns.push((col, cells));
    }
    // Row by row, as the sheet is written out (constant memory): each row goes to the file as
    // soon as the next begins.
    for r in 0..rows {
        let at = row(r)?;
        for (col, cells) in &columns {
            match cells {
                Cells::Text(v) => {
                    if let Some(v) = v.get(r) {
                        sheet.write_string(at, *col, v).map_err(err)?;
                    }
                }
                Cells::Flag(v) => {
                    if let Some(v) = v.get(r) {
                        sheet.write_boolean(at, *col, v).map_err(err)?;
                    }
                }
                // An empty cell stays empty: coverage without need, nearest without any.
                Cells::Number(v) => {
                    if let Some(v) = v.get(r).filter(|v| v.is_finite()) {
                        sheet.write_number(at, *col, v).map_err(err)?;
                    }
                }
            }
        }
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

/// A column's values, typed as the sheet writes them.
enum Cells {
    Text(StringChunked),
    Flag(BooleanChunked),
    Number(Float64Chunked),
}

impl Cells {
    /// About how many characters row `r` takes as its format shows it.
    fn shown_length(&self, r: usize, format: Option<&str>) -> usize {
        match self {
            Cells::Text(v) => v.get(r).map_or(0, |t| t.chars().count()),
            Cells::Flag(v) => v.get(r).map_or(0, |_| 5),
            Cells::Number(v) => v
                .get(r)
                .filter(|x| x.is_finite())
                .map_or(0, |x| shown_length(x, format)),
        }
    }
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

    /// Sheets filled side by side once numbered their formats in the order their threads
    /// ran: one run in seven differed. Fifty books on four threads are one set of bytes.
    #[test]
    fn sheets_filled_side_by_side_give_one_set_of_bytes() {
        let frame = |a: &str, b: &str| {
            DataFrame::new(
                2,
                vec![
                    Column::new(a.into(), [0.25, 0.5]),
                    Column::new(b.into(), [1.0, 2.0]),
                ],
            )
            .unwrap()
        };
        let (x, y, z) = (
            frame("coverage", "need"),
            frame("score", "total"),
            frame("share", "accessibility"),
        );
        let sheets = [("a", &x), ("b", &y), ("c", &z)];
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(4)
            .build()
            .unwrap();
        let books: std::collections::BTreeSet<Vec<u8>> = (0..50)
            .map(|_| {
                pool.install(|| workbook("t.xlsx", &sheets, "2026-01-01", Lang::Cs, &[]))
                    .unwrap()
            })
            .collect();
        assert_eq!(books.len(), 1);
    }
}
