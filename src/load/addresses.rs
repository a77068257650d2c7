//! RÚIAN address points (adresní místa) as ČÚZK publishes them: one CSV per municipality
//! (`20201231_OB_545201_ADR.csv`), `;`-separated, Windows-1250, with the columns `Kód ADM`,
//! `Kód obce`, …, `Souřadnice Y`, `Souřadnice X`. Y and X are positive S-JTSK metres (the
//! EPSG:5513 orientation), so the EPSG:5514 easting and northing are (−Y, −X).
//!
//! Only the address points asked for are kept: a national set holds about 3 million.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::table::Table;
use crate::crs::Krovak;
use crate::error::{InputError, Result};
use crate::model::LonLat;

/// Address-point files: files as given, and the `.csv` files inside folders given. A folder's
/// file whose name says it is another municipality's (`_OB_<code>_`) is skipped when
/// `municipalities` is given.
pub fn files(paths: &[PathBuf], municipalities: Option<&HashSet<String>>) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            let entries = std::fs::read_dir(path)
                .map_err(|e| InputError::file(path, format!("cannot read the folder: {e}")))?;
            let mut inside: Vec<PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("csv")))
                .filter(|p| match (municipalities, file_municipality(p)) {
                    (Some(wanted), Some(code)) => wanted.contains(code),
                    _ => true,
                })
                .collect();
            inside.sort();
            out.extend(inside);
        } else {
            out.push(path.clone());
        }
    }
    Ok(out)
}

/// The municipality code in a ČÚZK file name: `20201231_OB_545201_ADR.csv` → `545201`.
fn file_municipality(path: &Path) -> Option<&str> {
    let name = path.file_name()?.to_str()?;
    let rest = &name[name.find("_OB_")? + 4..];
    let code = rest.get(..6)?;
    code.bytes().all(|b| b.is_ascii_digit()).then_some(code)
}

/// The lon/lat of the address points in `wanted`, read from `files` in parallel. Points not
/// found are simply absent; the caller places those facilities otherwise.
pub fn read(files: &[PathBuf], wanted: &HashSet<u64>) -> Result<HashMap<u64, LonLat>> {
    let krovak = Krovak::new();
    let parts: Vec<Result<Vec<(u64, LonLat)>>> = files
        .par_iter()
        .map(|path| {
            let bytes = std::fs::read(path)
                .map_err(|e| InputError::file(path, format!("cannot read: {e}")))?;
            parse(path, &bytes, wanted, &krovak)
        })
        .collect();
    let mut out = HashMap::new();
    for part in parts {
        out.extend(part?);
    }
    Ok(out)
}

/// One address-point file: the points of `wanted` in it, reprojected.
pub fn parse(
    path: &Path,
    bytes: &[u8],
    wanted: &HashSet<u64>,
    krovak: &Krovak,
) -> Result<Vec<(u64, LonLat)>> {
    let mut table = Table::parse(path, bytes)?;
    let adm = table.column("Kód ADM")?;
    table.records("address point", adm);
    let (y, x) = (table.column("Souřadnice Y")?, table.column("Souřadnice X")?);
    let mut out = Vec::new();
    for row in &table.rows {
        let text = table.text(row, adm)?;
        let code: u64 = text
            .parse()
            .map_err(|_| table.error(row, adm, format!("must be a whole number (got {text:?})")))?;
        if !wanted.contains(&code) {
            continue;
        }
        // Points without coordinates exist (new addresses): they stay absent.
        let (Some(y_m), Some(x_m)) = (
            table.optional_number(row, y)?,
            table.optional_number(row, x)?,
        ) else {
            continue;
        };
        let at = krovak
            .to_lonlat(-y_m, -x_m)
            .map_err(|e| table.error(row, y, e.about(&format!("address point {code}"))))?;
        out.push((code, at));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_tell_their_municipality() {
        assert_eq!(
            file_municipality(Path::new("x/20201231_OB_545201_ADR.csv")),
            Some("545201")
        );
        assert_eq!(file_municipality(Path::new("adresy.csv")), None);
    }
}
