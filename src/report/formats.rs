//! Which of `run`'s outputs to write (`--formats`): a batch of scenarios needs only the CSVs,
//! a planner every file.

use std::fmt;

/// One kind of output file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// `gaps.csv`, `priorities.csv`, `profile.csv`, `surveys.csv`.
    Csv,
    /// `gaps.parquet`.
    Parquet,
    /// `municipalities.geojson`, `providers.geojson`.
    Geojson,
    /// `tables.xlsx`.
    Xlsx,
    /// `report.html`.
    Html,
}

impl Format {
    /// Every format, in the order `--formats` lists them.
    pub const ALL: [Format; 5] = [
        Format::Csv,
        Format::Parquet,
        Format::Geojson,
        Format::Xlsx,
        Format::Html,
    ];

    /// The name `--formats` takes.
    pub fn name(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Parquet => "parquet",
            Format::Geojson => "geojson",
            Format::Xlsx => "xlsx",
            Format::Html => "html",
        }
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Format {
    type Err = String;

    /// A format by its name, in any case.
    fn from_str(s: &str) -> Result<Self, String> {
        let wanted = s.trim().to_ascii_lowercase();
        Format::ALL
            .into_iter()
            .find(|f| f.name() == wanted)
            .ok_or_else(|| {
                let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
                format!("unknown format {s:?}; the formats are {}", names.join(", "))
            })
    }
}

/// A set of formats. `summary.csv` is written whatever the set.
///
/// ```
/// use gapmap::report::{Format, Formats};
/// let csv = Formats::from_iter([Format::Csv]);
/// assert!(csv.has(Format::Csv) && !csv.has(Format::Xlsx));
/// assert!(Formats::ALL.has(Format::Html));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Formats(u8);

impl Formats {
    /// Every output.
    pub const ALL: Formats = Formats(0b1_1111);

    /// Whether the set holds `format`.
    pub fn has(self, format: Format) -> bool {
        self.0 & format.bit() != 0
    }
}

impl Default for Formats {
    fn default() -> Self {
        Formats::ALL
    }
}

impl FromIterator<Format> for Formats {
    fn from_iter<I: IntoIterator<Item = Format>>(iter: I) -> Self {
        Formats(iter.into_iter().fold(0, |set, f| set | f.bit()))
    }
}

impl fmt::Display for Formats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = Format::ALL
            .into_iter()
            .filter(|&x| self.has(x))
            .map(Format::name)
            .collect();
        f.write_str(&names.join(","))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_a_wrong_one_lists_the_others() {
        for f in Format::ALL {
            assert_eq!(f.name().parse::<Format>(), Ok(f));
        }
        assert_eq!("XLSX".parse::<Format>(), Ok(Format::Xlsx));
        let err = "pdf".parse::<Format>().unwrap_err();
        assert!(err.contains("\"pdf\"") && err.contains("csv, parquet, geojson, xlsx, html"));
        let two: Formats = [Format::Html, Format::Csv].into_iter().collect();
        assert_eq!(two.to_string(), "csv,html");
        assert_eq!(Formats::ALL.to_string(), "csv,parquet,geojson,xlsx,html");
    }
}
