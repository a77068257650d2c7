//! A feed's files, from a zip or a folder, read as tables one row at a time.

use std::collections::HashMap;
use std::fs::File;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use crate::error::{InputError, Location, Result};

/// Where a feed's files are.
pub(super) enum Source {
    Zip(zip::ZipArchive<Cursor<Vec<u8>>>),
    Folder(PathBuf),
}

impl Source {
    /// Opens `path`: a folder of `.txt` files, or a zip of them.
    pub fn open(path: &Path) -> Result<Source> {
        if path.is_dir() {
            return Ok(Source::Folder(path.to_path_buf()));
        }
        let bytes =
            std::fs::read(path).map_err(|e| InputError::file(path, format!("cannot read: {e}")))?;
        Source::zip(path, bytes)
    }

    /// A zipped feed from its bytes; `path` names it in errors.
    pub fn zip(path: &Path, bytes: Vec<u8>) -> Result<Source> {
        let zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
            InputError::file(
                path,
                format!("is not a GTFS feed: neither a zip nor a folder of .txt files ({e})"),
            )
        })?;
        Ok(Source::Zip(zip))
    }

    /// The name of `file` inside the feed: at its root, or in the one folder a zip wraps it in.
    fn entry(&self, file: &str) -> Option<String> {
        match self {
            Source::Folder(dir) => dir.join(file).is_file().then(|| file.to_string()),
            Source::Zip(zip) => {
                let mut names: Vec<String> = zip
                    .file_names()
                    .filter_map(|n| n.ok().map(|n| n.into_owned()))
                    .filter(|n| n == file || n.ends_with(&format!("/{file}")))
                    .collect();
                names.sort_by_key(String::len);
                names.into_iter().next()
            }
        }
    }

    pub fn has(&self, file: &str) -> bool {
        self.entry(file).is_some()
    }

    /// Reads `file` with `f`, or `None` when the feed has no such file. `feed` names it in
    /// errors.
    pub fn with<T>(
        &mut self,
        feed: &Path,
        file: &str,
        f: impl FnOnce(Table<'_>) -> Result<T>,
    ) -> Result<Option<T>> {
        let Some(entry) = self.entry(file) else {
            return Ok(None);
        };
        let name = feed.join(file);
        match self {
            Source::Folder(dir) => {
                let reader = File::open(dir.join(&entry))
                    .map_err(|e| InputError::file(&name, format!("cannot read: {e}")))?;
                Table::new(&name, reader).and_then(f).map(Some)
            }
            Source::Zip(zip) => {
                let reader = zip
                    .by_name(&entry)
                    .map_err(|e| InputError::file(&name, format!("cannot read: {e}")))?;
                Table::new(&name, reader).and_then(f).map(Some)
            }
        }
    }
}

/// A GTFS table: its columns by name, and its rows, read one at a time.
pub(super) struct Table<'a> {
    /// The feed's path joined with the file's name (`bus.zip/stop_times.txt`), for errors.
    pub name: PathBuf,
    reader: csv::Reader<Box<dyn Read + 'a>>,
    columns: HashMap<String, usize>,
    pub record: csv::ByteRecord,
}

impl<'a> Table<'a> {
    fn new(name: &Path, reader: impl Read + 'a) -> Result<Table<'a>> {
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .has_headers(true)
            .from_reader(Box::new(reader) as Box<dyn Read + 'a>);
        let headers = reader
            .byte_headers()
            .map_err(|e| csv_error(name, &e))?
            .clone();
        let mut columns = HashMap::new();
        for (i, h) in headers.iter().enumerate() {
            let h = std::str::from_utf8(h).map_err(|_| {
                InputError::at(name, Location::Line(1), "is not UTF-8 (GTFS files are)")
            })?;
            // A byte-order mark may start the first name.
            let h = h.trim_start_matches('\u{feff}').trim();
            columns.insert(h.to_string(), i);
        }
        Ok(Table {
            name: name.to_path_buf(),
            reader,
            columns,
            record: csv::ByteRecord::new(),
        })
    }

    /// The position of a column the file must have.
    pub fn column(&self, name: &str) -> Result<usize> {
        self.columns.get(name).copied().ok_or_else(|| {
            let mut have: Vec<&str> = self.columns.keys().map(String::as_str).collect();
            have.sort_unstable();
            InputError::at(
                &self.name,
                Location::Line(1),
                format!(
                    "has no column `{name}`; its columns are: {}",
                    have.join(", ")
                ),
            )
            .field(name)
            .into()
        })
    }

    pub fn optional(&self, name: &str) -> Option<usize> {
        self.columns.get(name).copied()
    }

    /// Reads the next row into `record`; false at the end.
    pub fn next(&mut self) -> Result<bool> {
        self.reader
            .read_byte_record(&mut self.record)
            .map_err(|e| csv_error(&self.name, &e).into())
    }

    /// The physical line of the row just read.
    pub fn line(&self) -> u64 {
        self.record.position().map_or(0, |p| p.line())
    }

    /// The text of column `c` in the row just read, trimmed; empty when the row is short.
    pub fn text(&self, c: usize) -> Result<&str> {
        let bytes = self.record.get(c).unwrap_or(b"");
        std::str::from_utf8(bytes).map(str::trim).map_err(|_| {
            self.error(None, c, "is not UTF-8 (GTFS files are)".into())
                .into()
        })
    }

    /// An error about column `c` of the row just read, naming its record when known.
    pub fn error(&self, record: Option<String>, c: usize, message: String) -> InputError {
        let field = self
            .columns
            .iter()
            .find(|(_, i)| **i == c)
            .map_or_else(|| format!("column {}", c + 1), |(n, _)| n.clone());
        let location = match record {
            Some(record) => Location::Record {
                line: self.line(),
                record,
            },
            None => Location::Line(self.line()),
        };
        InputError::at(&self.name, location, message).field(field)
    }
}

fn csv_error(name: &Path, e: &csv::Error) -> InputError {
    let line = e.position().map_or(0, |p| p.line());
    let place = if line > 0 {
        Location::Line(line)
    } else {
        Location::File
    };
    InputError::at(name, place, format!("is not a readable CSV table: {e}"))
}
