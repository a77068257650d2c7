//! Errors. Bad input is its own kind, because the CLI maps it to exit code 2.
//!
//! Every input error names the file, the place in it (line, feature, key) and the field, and
//! carries the offending value, so a planner can fix the spreadsheet without reading code.

use std::fmt;
use std::path::{Path, PathBuf};

/// The result type of the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in gapmap.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The user's input is wrong: a file, a row, a value. Exit code 2.
    #[error(transparent)]
    Input(#[from] InputError),
    /// An output could not be written. Exit code 1.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A table library failed while writing (polars). Exit code 1.
    #[error("cannot write {}: {message}", path.display())]
    Table { path: PathBuf, message: String },
}

impl Error {
    /// `path` could not be written.
    pub fn write(path: &Path, source: std::io::Error) -> Error {
        Error::Write {
            path: path.to_path_buf(),
            source,
        }
    }

    /// True when the error is the user's input, not the machine: the CLI exits with 2.
    pub fn is_input(&self) -> bool {
        matches!(self, Error::Input(_))
    }
}

/// Where in a file a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// The file as a whole (missing, unreadable, wrong format).
    File,
    /// A physical line of a text file, 1-based; the header is line 1.
    Line(u64),
    /// A line that holds a record with an id: `line 10 (municipality 545201)`.
    Record { line: u64, record: String },
    /// A row of a spreadsheet, 1-based as Excel shows it: `sheet "do 999", row 5
    /// (municipality 500101)`. Boxed: rare, and it keeps every error small.
    Sheet(Box<Within>),
    /// A value of a JSON document by its path: `polozky[12] (service 1234567)`.
    Json(Box<Within>),
    /// A GeoJSON feature, 1-based in file order, with its id when it has one.
    Feature { index: usize, id: Option<String> },
    /// A key of a TOML file, dotted: `services.home_care.catchment`.
    Key(String),
}

/// A place inside a structured file: the part (`sheet "do 999", row 5` or `polozky[12]`), and
/// the record there when it is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Within {
    pub part: String,
    pub record: Option<String>,
}

impl Location {
    /// A spreadsheet row, with the record it holds.
    pub fn sheet(sheet: &str, row: u64, record: Option<String>) -> Location {
        Location::Sheet(Box::new(Within {
            part: format!("sheet {sheet:?}, row {row}"),
            record,
        }))
    }

    /// A JSON value by its path, with the record it belongs to.
    pub fn json(path: String, record: Option<String>) -> Location {
        Location::Json(Box::new(Within { part: path, record }))
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::File => Ok(()),
            Location::Line(n) => write!(f, "line {n}"),
            Location::Record { line, record } => write!(f, "line {line} ({record})"),
            Location::Sheet(w) | Location::Json(w) => match &w.record {
                Some(r) => write!(f, "{} ({r})", w.part),
                None => write!(f, "{}", w.part),
            },
            Location::Feature {
                index,
                id: Some(id),
            } => write!(f, "feature {index} ({id})"),
            Location::Feature { index, id: None } => write!(f, "feature {index}"),
            Location::Key(k) => write!(f, "key `{k}`"),
        }
    }
}

/// Bad input: a file, a place in it, a field, and what is wrong.
///
/// Displays as `providers.csv: line 8, field `capacity`: invalid capacity for provider P7 (got
/// -3): must be ≥ 0`.
#[derive(Debug, Clone, PartialEq)]
pub struct InputError {
    pub file: PathBuf,
    pub location: Location,
    pub field: Option<String>,
    pub message: String,
}

impl InputError {
    /// An error about a whole file.
    pub fn file(file: impl AsRef<Path>, message: impl Into<String>) -> Self {
        InputError {
            file: file.as_ref().to_path_buf(),
            location: Location::File,
            field: None,
            message: message.into(),
        }
    }

    /// An error at a place in a file.
    pub fn at(file: impl AsRef<Path>, location: Location, message: impl Into<String>) -> Self {
        InputError {
            file: file.as_ref().to_path_buf(),
            location,
            field: None,
            message: message.into(),
        }
    }

    /// Names the field (column, property or key) the error is about.
    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        let mut sep = ": ";
        if self.location != Location::File {
            write!(f, "{sep}{}", self.location)?;
            sep = ", ";
        }
        if let Some(field) = &self.field {
            write!(f, "{sep}field `{field}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for InputError {}

/// A value that failed validation, before it is placed in a file: `(got -3): must be ≥ 0`.
///
/// Newtypes return it from `TryFrom`; loaders wrap it into an [`InputError`] with the place.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueError {
    /// What the value is, e.g. "capacity".
    pub what: &'static str,
    /// The value as found.
    pub got: String,
    /// The rule it broke, e.g. "must be ≥ 0".
    pub must: String,
}

impl ValueError {
    pub fn new(what: &'static str, got: impl fmt::Display, must: impl Into<String>) -> Self {
        ValueError {
            what,
            got: got.to_string(),
            must: must.into(),
        }
    }

    /// The message with a subject: `invalid capacity for provider P7 (got -3): must be ≥ 0`.
    pub fn about(&self, subject: &str) -> String {
        format!(
            "invalid {} for {subject} (got {}): {}",
            self.what, self.got, self.must
        )
    }
}

impl fmt::Display for ValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid {} (got {}): {}", self.what, self.got, self.must)
    }
}

impl std::error::Error for ValueError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_error_names_file_line_field_and_value() {
        let v = ValueError::new("capacity", -3, "must be ≥ 0");
        let e = InputError::at("providers.csv", Location::Line(8), v.about("provider P7"))
            .field("capacity");
        assert_eq!(
            e.to_string(),
            "providers.csv: line 8, field `capacity`: invalid capacity for provider P7 (got -3): must be ≥ 0"
        );
    }

    #[test]
    fn file_level_error_has_no_location() {
        let e = InputError::file("a.toml", "cannot read: not found");
        assert_eq!(e.to_string(), "a.toml: cannot read: not found");
    }
}
