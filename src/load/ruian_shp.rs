//! RÚIAN municipality polygons as ČÚZK publishes them: `OBCE_P.shp` with its `.dbf`, in
//! S-JTSK (EPSG:5514), the DBF text in Windows-1250. Fields: `KOD` (6-digit code), `NAZEV`
//! (name), `ORP_KOD` (the ORP's RÚIAN code), and where present `OKRES_KOD` and `VUSC_KOD`.
//!
//! The DBF's encoding is forced to Windows-1250 whatever its header or a `.cpg` says: RÚIAN
//! writes Windows-1250, and a wrong guess turns "Týn nad Vltavou" into mojibake silently.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use geo::{Coord, LineString, MultiPolygon, Polygon};
use shapefile::dbase::{self, FieldValue};

use crate::crs::{Krovak, is_sjtsk};
use crate::error::{InputError, Location, Result};

/// One municipality of the file.
#[derive(Debug, Clone)]
pub struct Boundary {
    pub code: String,
    pub name: String,
    /// `ORP_KOD`, when the file has it.
    pub orp_code: Option<String>,
    pub shape: MultiPolygon,
}

/// Reads `OBCE_P.shp` and the `.dbf` beside it.
pub fn read(path: &Path) -> Result<Vec<Boundary>> {
    let shp =
        std::fs::read(path).map_err(|e| InputError::file(path, format!("cannot read: {e}")))?;
    let dbf_path = sibling(path, "dbf");
    let dbf = std::fs::read(&dbf_path).map_err(|e| {
        InputError::file(
            path,
            format!(
                "needs its attribute table {} beside it ({e})",
                dbf_path.display()
            ),
        )
    })?;
    parse(path, &shp, &dbf)
}

/// The file beside `path` with another extension, in the case the folder uses (`.DBF` too).
fn sibling(path: &Path, ext: &str) -> PathBuf {
    let lower = path.with_extension(ext);
    if lower.exists() {
        return lower;
    }
    let upper = path.with_extension(ext.to_ascii_uppercase());
    if upper.exists() { upper } else { lower }
}

/// Parses a shapefile's `.shp` and `.dbf` bytes; `path` names the `.shp` in errors.
pub fn parse(path: &Path, shp: &[u8], dbf: &[u8]) -> Result<Vec<Boundary>> {
    let bad =
        |what: &str, e: &dyn std::fmt::Display| InputError::file(path, format!("{what}: {e}"));
    check_lengths(path, shp, dbf)?;
    let shapes = shapefile::ShapeReader::new(Cursor::new(shp))
        .map_err(|e| bad("is not a valid .shp", &e))?;
    let table = dbase::ReaderBuilder::new()
        .with_encoding(dbase::encoding::EncodingRs::from(encoding_rs::WINDOWS_1250))
        .build(Cursor::new(dbf))
        .map_err(|e| bad("has a .dbf that cannot be read", &e))?;
    let fields: Vec<String> = table
        .fields()
        .iter()
        .map(|f| f.name().to_string())
        .collect();
    for required in ["KOD", "NAZEV"] {
        if !fields.iter().any(|f| f == required) {
            return Err(InputError::file(
                path,
                format!(
                    "its .dbf has no field `{required}`; RÚIAN's OBCE_P has KOD, NAZEV and \
                     ORP_KOD; the fields are: {}",
                    fields.join(", ")
                ),
            )
            .field(required)
            .into());
        }
    }
    let mut reader = shapefile::Reader::new(shapes, table);
    let krovak = Krovak::new();
    let mut out = Vec::new();
    for (i, item) in reader.iter_shapes_and_records().enumerate() {
        let place = |code: Option<&str>| Location::Feature {
            index: i + 1,
            id: code.map(str::to_string),
        };
        let (shape, record) =
            item.map_err(|e| InputError::at(path, place(None), format!("cannot be read: {e}")))?;
        let text = |field: &str| -> Option<String> {
            match record.get(field)? {
                FieldValue::Character(Some(s)) => Some(s.trim().to_string()),
                FieldValue::Numeric(Some(x)) if x.fract() == 0.0 => Some(format!("{}", *x as i64)),
                FieldValue::Integer(n) => Some(n.to_string()),
                FieldValue::Double(x) if x.fract() == 0.0 => Some(format!("{}", *x as i64)),
                _ => None,
            }
        };
        let code = text("KOD").filter(|c| !c.is_empty()).ok_or_else(|| {
            InputError::at(path, place(None), "is empty or not a code").field("KOD")
        })?;
        let rings = match shape {
            shapefile::Shape::Polygon(p) => p.into_inner(),
            shapefile::Shape::NullShape => {
                return Err(InputError::at(path, place(Some(&code)), "has no geometry")
                    .field("geometry")
                    .into());
            }
            other => {
                return Err(InputError::at(
                    path,
                    place(Some(&code)),
                    format!("must be a polygon, not a {}", other.shapetype()),
                )
                .field("geometry")
                .into());
            }
        };
        let shape = multipolygon(rings, &krovak)
            .map_err(|m| InputError::at(path, place(Some(&code)), m).field("geometry"))?;
        out.push(Boundary {
            name: text("NAZEV").unwrap_or_else(|| code.clone()),
            orp_code: text("ORP_KOD"),
            code,
            shape,
        });
    }
    if out.is_empty() {
        return Err(InputError::file(path, "has no municipalities").into());
    }
    Ok(out)
}

/// Refuses files whose headers promise more than they hold, before the readers allocate.
fn check_lengths(path: &Path, shp: &[u8], dbf: &[u8]) -> Result<()> {
    let bad = |m: &str| -> Result<()> { Err(InputError::file(path, m.to_string()).into()) };
    // The bytes at `at..at + N` of a header, when the file has them.
    fn bytes<const N: usize>(file: &[u8], at: usize) -> Option<[u8; N]> {
        file.get(at..at + N)?.try_into().ok()
    }
    if shp.len() < 100 || bytes::<4>(shp, 0) != Some([0, 0, 0x27, 0x0a]) {
        return bad("is not a shapefile (.shp): its header is missing");
    }
    let words = bytes(shp, 24).map_or(0, u32::from_be_bytes) as usize;
    if words * 2 > shp.len() {
        return bad("is truncated: its header gives a longer file");
    }
    let (Some(records), Some(header), Some(record)) =
        (bytes(dbf, 4), bytes(dbf, 8), bytes(dbf, 10))
    else {
        return bad("has a .dbf that is truncated");
    };
    if dbf.len() < 32 {
        return bad("has a .dbf that is truncated");
    }
    let records = u32::from_le_bytes(records) as usize;
    let header = usize::from(u16::from_le_bytes(header));
    let record = usize::from(u16::from_le_bytes(record));
    if header < 32 || header + records.saturating_mul(record) > dbf.len() {
        return bad("has a .dbf that is truncated: its header gives more records than it holds");
    }
    Ok(())
}

/// Shapefile rings (outer rings, each followed by its holes) as a MultiPolygon in lon/lat.
fn multipolygon(
    rings: Vec<shapefile::PolygonRing<shapefile::Point>>,
    krovak: &Krovak,
) -> std::result::Result<MultiPolygon, String> {
    let line = |points: Vec<shapefile::Point>| -> std::result::Result<LineString, String> {
        points
            .into_iter()
            .map(|p| {
                if is_sjtsk(p.x, p.y) {
                    let at = krovak.to_lonlat(p.x, p.y).map_err(|e| e.to_string())?;
                    Ok(Coord {
                        x: at.lon(),
                        y: at.lat(),
                    })
                } else if (-180.0..=180.0).contains(&p.x) && (-90.0..=90.0).contains(&p.y) {
                    Ok(Coord { x: p.x, y: p.y })
                } else {
                    Err(format!(
                        "has the position {}, {}, neither S-JTSK (EPSG:5514) nor lon/lat",
                        p.x, p.y
                    ))
                }
            })
            .collect()
    };
    let mut polygons: Vec<Polygon> = Vec::new();
    for ring in rings {
        match ring {
            shapefile::PolygonRing::Outer(points) => {
                polygons.push(Polygon::new(line(points)?, vec![]))
            }
            shapefile::PolygonRing::Inner(points) => {
                let hole = line(points)?;
                match polygons.last_mut() {
                    Some(p) => p.interiors_push(hole),
                    None => return Err("starts with a hole, before any outer ring".into()),
                }
            }
        }
    }
    if polygons.is_empty() {
        return Err("has no rings".into());
    }
    Ok(MultiPolygon(polygons))
}
