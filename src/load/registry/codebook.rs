//! MPSV's codebooks (číselníky), which name what the registry gives as ids: target groups
//! (`CilovaSkupinaOsoby/24`), age groups (`VekovaSkupinaOsoby/…`) and service types
//! (`DruhSocialniSluzby/13`).
//!
//! Layout: `{"polozky": [{"id": "CilovaSkupinaOsoby/24", "nazev": {"cs": "senioři"}}]}`, where
//! `nazev` may also be a plain string. Without the files, the ids gapmap knows are named and
//! the others keep their id.
//!
//! ```
//! use gapmap::load::registry::Codebooks;
//! let known = Codebooks::known();
//! assert_eq!(known.target_group("CilovaSkupinaOsoby/24"), "senioři");
//! assert_eq!(known.target_group("CilovaSkupinaOsoby/99"), "CilovaSkupinaOsoby/99");
//! ```

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

use crate::error::{InputError, Location, Result};

/// The names of the registry's ids.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Codebooks {
    target: HashMap<String, String>,
    age: HashMap<String, String>,
    /// Service types by code.
    kinds: HashMap<u32, String>,
}

/// Which codebook a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Book {
    TargetGroups,
    AgeGroups,
    ServiceTypes,
}

impl Book {
    /// The file name MPSV publishes it under.
    pub fn file(self) -> &'static str {
        match self {
            Book::TargetGroups => "cilove-skupiny-osoby.json",
            Book::AgeGroups => "vekove-skupiny-osoby.json",
            Book::ServiceTypes => "druhy-socialni-sluzby.json",
        }
    }

    /// The prefix of its ids.
    pub fn prefix(self) -> &'static str {
        match self {
            Book::TargetGroups => "CilovaSkupinaOsoby/",
            Book::AgeGroups => "VekovaSkupinaOsoby/",
            Book::ServiceTypes => "DruhSocialniSluzby/",
        }
    }

    pub const ALL: [Book; 3] = [Book::TargetGroups, Book::AgeGroups, Book::ServiceTypes];
}

/// Target groups whose names gapmap knows without the codebook (MPSV, `CilovaSkupinaOsoby`).
const KNOWN_TARGET_GROUPS: [(&str, &str); 4] = [
    ("CilovaSkupinaOsoby/24", "senioři"),
    ("CilovaSkupinaOsoby/26", "pečující osoby"),
    ("CilovaSkupinaOsoby/27", "osoby s potřebou paliativní péče"),
    ("CilovaSkupinaOsoby/30", "osoby žijící s demencí"),
];

impl Codebooks {
    /// The names gapmap knows by itself.
    pub fn known() -> Codebooks {
        Codebooks {
            target: KNOWN_TARGET_GROUPS
                .iter()
                .map(|(id, name)| (id.to_string(), name.to_string()))
                .collect(),
            age: HashMap::new(),
            kinds: HashMap::new(),
        }
    }

    /// Reads the codebooks in `dir` over the known names. A file that is not there is only a
    /// note (returned); a file in another layout is an error that names it.
    pub fn read(dir: &Path) -> Result<(Codebooks, Vec<String>)> {
        if !dir.is_dir() {
            return Err(InputError::file(
                dir,
                "is not a folder; --codebooks names the folder that holds MPSV's codebooks \
                 (cilove-skupiny-osoby.json, vekove-skupiny-osoby.json, druhy-socialni-sluzby.json)",
            )
            .into());
        }
        let mut books = Codebooks::known();
        let mut notes = Vec::new();
        for book in Book::ALL {
            let path = dir.join(book.file());
            let bytes = match std::fs::read(&path) {
                Ok(b) => b,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    notes.push(format!(
                        "{}: not there; its ids keep their id where gapmap does not know a name",
                        path.display()
                    ));
                    continue;
                }
                Err(e) => return Err(InputError::file(&path, format!("cannot read: {e}")).into()),
            };
            books.add(book, parse(&path, &bytes, book)?);
        }
        Ok((books, notes))
    }

    /// Adds the names of one codebook, over those already known.
    pub fn add(&mut self, book: Book, names: Vec<(String, String)>) {
        for (id, name) in names {
            match book {
                Book::TargetGroups => {
                    self.target.insert(id, name);
                }
                Book::AgeGroups => {
                    self.age.insert(id, name);
                }
                Book::ServiceTypes => {
                    if let Some(code) = id
                        .strip_prefix(book.prefix())
                        .and_then(|c| c.parse::<u32>().ok())
                    {
                        self.kinds.insert(code, name);
                    }
                }
            }
        }
    }

    /// The name of a target group, or its id.
    pub fn target_group<'a>(&'a self, id: &'a str) -> &'a str {
        self.target.get(id).map_or(id, String::as_str)
    }

    /// The name of an age group, or its id.
    pub fn age_group<'a>(&'a self, id: &'a str) -> &'a str {
        self.age.get(id).map_or(id, String::as_str)
    }

    /// The codebook's name of a service type, when the codebook was read.
    pub fn service_type(&self, code: u32) -> Option<&str> {
        self.kinds.get(&code).map(String::as_str)
    }
}

/// The `(id, name)` pairs of one codebook file; `path` names it in errors.
pub fn parse(path: &Path, bytes: &[u8], book: Book) -> Result<Vec<(String, String)>> {
    #[derive(Deserialize)]
    struct File {
        polozky: Vec<Item>,
    }
    #[derive(Deserialize)]
    struct Item {
        id: Option<String>,
        nazev: Option<Name>,
    }
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Name {
        Plain(String),
        Languages { cs: Option<String> },
    }
    let layout = format!(
        "is not in the layout of MPSV's codebooks {{\"polozky\": [{{\"id\": \"{}…\", \"nazev\": {{\"cs\": \"…\"}}}}]}}",
        book.prefix()
    );
    let file: File = serde_json::from_slice(bytes).map_err(|e| {
        let place = if e.line() > 0 {
            Location::Line(e.line() as u64)
        } else {
            Location::File
        };
        InputError::at(path, place, format!("{layout}: {e}"))
    })?;
    let mut out = Vec::with_capacity(file.polozky.len());
    for (i, item) in file.polozky.into_iter().enumerate() {
        let at = |key: &str, message: String| {
            InputError::at(
                path,
                Location::json(format!("polozky[{i}].{key}"), None),
                message,
            )
        };
        let id = item.id.unwrap_or_default();
        if !id.starts_with(book.prefix()) || id.len() == book.prefix().len() {
            return Err(at(
                "id",
                format!(
                    "must be \"{}<code>\" (got {id:?}); {layout}, or is it another codebook?",
                    book.prefix()
                ),
            )
            .into());
        }
        let name = match item.nazev {
            Some(Name::Plain(s)) => s,
            Some(Name::Languages { cs: Some(s) }) => s,
            _ => {
                return Err(at(
                    "nazev",
                    format!("is missing (a name as text, or {{\"cs\": \"…\"}}) for {id}"),
                )
                .into());
            }
        };
        let name = name.trim().to_string();
        if !name.is_empty() {
            out.push((id, name));
        }
    }
    Ok(out)
}
