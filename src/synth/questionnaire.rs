//! A synthetic seniors' questionnaire for the demo, as a form tool and a typist would export it:
//! one row per respondent, names spelled as people write them (any case, without diacritics,
//! the code), ages in years or as the paper form's bands, some missing or under 65, and the
//! answers "Ano", "Spíše ano", "Ne", "Spíše ne", "Nevím" or nothing, with a checkbox column.

#![allow(
    clippy::indexing_slicing,
    reason = "the generator indexes only lists it has just built, of sizes it chose"
)]

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};

use super::{Region, Rng};

/// The demo questionnaire's columns, as the scenario names them.
pub const UNIT: &str = "Obec";
pub const AGE: &str = "Věk";
pub const HOME_CARE: &str = "Využil(a) byste pečovatelskou službu?";
pub const SERVICES: &str = "Které služby byste využil(a)?";

/// The choices of the checkbox question.
const CHOICES: [&str; 5] = [
    "Pečovatelská služba",
    "Denní stacionář",
    "Osobní asistence",
    "Odlehčovací služba",
    "Domov pro seniory",
];

/// A respondent's age: years, or the band the paper form ticks, or nothing.
enum Age {
    Years(u32),
    Band(&'static str),
    Missing,
}

struct Respondent {
    day: u32,
    minute: u32,
    unit: String,
    /// The unit as a number: the code typed into a numeric cell.
    code: Option<f64>,
    age: Age,
    woman: bool,
    home_care: &'static str,
    services: String,
}

/// The respondents of `region`'s seniors, deterministic from `seed`.
fn respondents(region: &Region, seed: u64) -> Vec<Respondent> {
    let mut rng = Rng::new(seed);
    let mut out = Vec::new();
    for (i, m) in region.municipalities.iter().enumerate() {
        let seniors = &m.bands[13..18];
        let total: u64 = seniors.iter().sum();
        // The town's club and two villages' mayors collected many forms; most places, a few.
        let rate = match i {
            6 => 0.16,
            1 | 10 | 11 => 0.2,
            _ => rng.range(0.04, 0.14),
        };
        let count = (total as f64 * rate).round() as usize;
        // Villages far from the town would use home care more.
        let village = if i == 6 { 1.0 } else { 1.4 };
        for _ in 0..count {
            let mut pick = rng.unit() * total as f64;
            let mut band = 0;
            while band < 4 && pick >= seniors[band] as f64 {
                pick -= seniors[band] as f64;
                band += 1;
            }
            let from = 65 + 5 * band as u32;
            let years = if band == 4 {
                85 + rng.below(12) as u32
            } else {
                from + rng.below(5) as u32
            };
            let age = match rng.unit() {
                // A carer filling in the form for a parent gave their own age.
                x if x < 0.02 => Age::Years(55 + rng.below(10) as u32),
                x if x < 0.05 => Age::Missing,
                x if x < 0.25 => Age::Band(match years {
                    ..75 => "65–74",
                    75..85 => "75–84",
                    _ => "85+",
                }),
                _ => Age::Years(years),
            };
            let p_yes = village
                * match years {
                    ..75 => 0.05,
                    75..85 => 0.11,
                    _ => 0.24,
                };
            let home_care = match rng.unit() {
                x if x < 0.04 => "Nevím",
                x if x < 0.06 => "",
                x if x < 0.06 + p_yes * 0.5 => "Ano",
                x if x < 0.06 + p_yes => "Spíše ano",
                x if x < 0.06 + p_yes + 0.25 => "Spíše ne",
                _ => "Ne",
            };
            let mut chosen = Vec::new();
            for (k, choice) in CHOICES.iter().enumerate() {
                let p = [p_yes, 0.02, 0.02, 0.04, 0.05][k];
                if rng.unit() < p {
                    chosen.push(*choice);
                }
            }
            // Some left the checkboxes empty; the form tool joins ticks with ", ", a typist with "; ".
            let separator = if rng.unit() < 0.3 { "; " } else { ", " };
            let services = if chosen.is_empty() && rng.unit() < 0.5 {
                String::new()
            } else if chosen.is_empty() {
                "Žádnou".to_string()
            } else {
                chosen.join(separator)
            };
            let (unit, code) = match rng.unit() {
                // A typist skipped the municipality of an unreadable form.
                x if x < 0.01 => (String::new(), None),
                x if x < 0.05 => (String::new(), m.code.parse().ok()),
                x if x < 0.12 => (crate::names::fold(&m.name), None),
                x if x < 0.18 => (m.name.to_lowercase(), None),
                x if x < 0.21 => (m.name.to_uppercase(), None),
                x if x < 0.23 => (format!(" {} ", m.name), None),
                _ => (m.name.clone(), None),
            };
            let unit = if !unit.is_empty() && crate::names::fold(&m.name) == unit {
                // `fold` lowercases; a typist without Czech keys still writes capitals.
                capitalised(&unit)
            } else {
                unit
            };
            out.push(Respondent {
                day: 1 + rng.below(28) as u32,
                minute: rng.below(24 * 60) as u32,
                unit,
                code,
                age,
                woman: rng.unit() < 0.58,
                home_care,
                services,
            });
        }
    }
    // Forms arrive in no order of place.
    out.sort_by_key(|r| (r.day, r.minute));
    out
}

fn capitalised(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) if w != "nad" && w != "pod" => f.to_uppercase().chain(c).collect(),
                _ => w.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The demo's `dotaznik.xlsx`: an "Informace" sheet, then "Odpovědi" with one row per
/// respondent. The same bytes on every run.
pub fn questionnaire_xlsx(region: &Region, seed: u64) -> Vec<u8> {
    build(region, seed).expect("the demo questionnaire is always writable")
}

fn build(region: &Region, seed: u64) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    book.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&ExcelDateTime::from_ymd(2026, 3, 31)?)
            .set_comment("gapmap demo (synthetic)"),
    );
    let bold = Format::new().set_bold();
    let info = book.add_worksheet().set_name("Informace")?;
    info.write_with_format(0, 0, "Dotazník pro seniory 2026 (SYNTETICKÁ DATA)", &bold)?;
    info.write(
        2,
        0,
        "Vymyšlená data demo regionu gapmap (gapmap generate demo); nejde o skutečné odpovědi.",
    )?;
    info.write(
        3,
        0,
        "Odpovědi jsou na listu „Odpovědi“, jeden řádek na respondenta.",
    )?;
    info.set_column_width(0, 90)?;

    let sheet = book.add_worksheet().set_name("Odpovědi")?;
    let headers = ["Časová značka", UNIT, AGE, "Pohlaví", HOME_CARE, SERVICES];
    for (c, h) in headers.iter().enumerate() {
        sheet.write_with_format(0, c as u16, *h, &bold)?;
    }
    for (r, x) in respondents(region, seed).iter().enumerate() {
        let row = r as u32 + 1;
        sheet.write(
            row,
            0,
            format!(
                "2026-03-{:02} {:02}:{:02}",
                x.day,
                x.minute / 60,
                x.minute % 60
            ),
        )?;
        match x.code {
            Some(code) => sheet.write(row, 1, code)?,
            None => sheet.write(row, 1, x.unit.as_str())?,
        };
        match x.age {
            Age::Years(a) => {
                sheet.write(row, 2, a)?;
            }
            Age::Band(b) => {
                sheet.write(row, 2, b)?;
            }
            Age::Missing => {}
        }
        sheet.write(row, 3, if x.woman { "žena" } else { "muž" })?;
        if !x.home_care.is_empty() {
            sheet.write(row, 4, x.home_care)?;
        }
        if !x.services.is_empty() {
            sheet.write(row, 5, x.services.as_str())?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    for (c, width) in [16, 24, 8, 9, 38, 60].into_iter().enumerate() {
        sheet.set_column_width(c as u16, width)?;
    }
    book.save_to_buffer()
}
