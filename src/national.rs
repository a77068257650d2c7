//! The national data shipped with gapmap (`geodata/cz/`), so that `gapmap init` works offline:
//! all municipalities of Czechia with their polygons, RÚIAN definition points and ORP, district
//! and region membership, and their people by five-year age band at 31 Dec 2020.
//!
//! The files are produced by gapmap's own importers from the official-format files
//! (`gapmap geodata --from ../shared/data/cz`): the ČSÚ xlsx publications for the ages, the
//! municipality polygons and definition points as GeoJSON. They are gzipped (deterministically,
//! so a rebuild from the same sources gives the same bytes) and compiled into the binary.

#![allow(
    clippy::indexing_slicing,
    reason = "indices are positions in the study's own lists (units, origins, services, groups, providers, columns), which load builds together and checks once"
)]

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::Path;

use geo::MultiPolygon;

use crate::error::{InputError, Result};
use crate::load::csu::{self, Ages};
use crate::load::features;
use crate::model::{LonLat, Shape};
use crate::report::{Outputs, maps};

const MUNICIPALITIES: &[u8] = include_bytes!("../geodata/cz/municipalities.geojson.gz");
const POPULATION: &[u8] = include_bytes!("../geodata/cz/population.csv.gz");
const PROJECTION: &[u8] = include_bytes!("../geodata/cz/projection.csv");

/// The year the shipped population counts are for, at 1 January (31 Dec 2020 is 1 Jan 2021):
/// what `init` writes as `population_year`, and the shipped projection's first row.
pub const POPULATION_YEAR: u32 = 2021;

/// The source of the shipped projection, in `--from`.
const PROJECTION_SOURCE: &str = "projection_csu_2023.csv";

/// The date the shipped population counts are for.
pub const POPULATION_DATE: &str = "2020-12-31";

/// One municipality (obec) with its place in the administrative hierarchy.
#[derive(Debug, Clone)]
pub struct Municipality {
    /// The 6-digit RÚIAN/ČSÚ code.
    pub code: String,
    pub name: String,
    /// The ORP (obec s rozšířenou působností) by RÚIAN code, e.g. 299 = Týn nad Vltavou.
    pub orp_code: String,
    pub orp_name: String,
    pub district_code: String,
    pub district_name: String,
    pub region_code: String,
    pub region_name: String,
    pub shape: MultiPolygon,
    /// The RÚIAN definition point (definiční bod): a point inside the municipality.
    pub point: LonLat,
}

/// Every municipality, by code, and their ages.
pub struct National {
    pub municipalities: Vec<Municipality>,
    pub ages: Vec<Ages>,
}

/// The properties a municipality carries in the shipped file, in order.
const PROPERTIES: [&str; 8] = [
    "code",
    "name",
    "orp_code",
    "orp_name",
    "district_code",
    "district_name",
    "region_code",
    "region_name",
];

/// The data compiled into gapmap.
pub fn shipped() -> Result<National> {
    let here = Path::new("geodata/cz");
    let municipalities = parse_municipalities(
        &here.join("municipalities.geojson.gz"),
        &gunzip(&here.join("municipalities.geojson.gz"), MUNICIPALITIES)?,
    )?;
    let population_path = here.join("population.csv.gz");
    let text = gunzip(&population_path, POPULATION)?;
    let ages = csu::parse_csv(&population_path, &text)?;
    Ok(National {
        municipalities,
        ages,
    })
}

/// ČSÚ's projection compiled into gapmap: 2021 from the shipped municipal counts, then ČSÚ's
/// middle variant 2023–2061.
pub fn projection() -> Result<crate::projection::Projection> {
    crate::load::projection::parse(Path::new("geodata/cz/projection.csv"), PROJECTION)
}

/// Municipalities from the shipped GeoJSON: polygons with [`PROPERTIES`] and `point`.
fn parse_municipalities(path: &Path, bytes: &[u8]) -> Result<Vec<Municipality>> {
    let (mut features, crs) = features::parse(path, bytes)?;
    let krovak = crs.krovak();
    features
        .iter_mut()
        .map(|f| {
            let point = f
                .properties
                .get("point")
                .and_then(|p| Some((p.get(0)?.as_f64()?, p.get(1)?.as_f64()?)))
                .and_then(|p| LonLat::try_from(p).ok())
                .ok_or_else(|| {
                    InputError::at(path, features::location(f, "code"), "must be [lon, lat]")
                        .field("point")
                })?;
            municipality(path, f, krovak.as_ref(), point)
        })
        .collect()
}

/// A municipality from a feature with [`PROPERTIES`], at `point`.
fn municipality(
    path: &Path,
    f: &mut features::Feature,
    krovak: Option<&crate::crs::Krovak>,
    point: LonLat,
) -> Result<Municipality> {
    let text = |k: &str| {
        features::text(f.properties.get(k)).ok_or_else(|| {
            InputError::at(path, features::location(f, "code"), "is missing").field(k)
        })
    };
    Ok(Municipality {
        code: text("code")?,
        name: text("name")?,
        orp_code: text("orp_code")?,
        orp_name: text("orp_name")?,
        district_code: text("district_code")?,
        district_name: text("district_name")?,
        region_code: text("region_code")?,
        region_name: text("region_name")?,
        shape: features::polygons(path, f, "code", krovak)?,
        point,
    })
}

fn gunzip(path: &Path, bytes: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .map_err(|e| InputError::file(path, format!("is not gzip data: {e}")))?;
    Ok(out)
}

/// Gzip with no timestamp, so that the same input gives the same bytes.
fn gzip(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut encoder = flate2::GzBuilder::new()
        .mtime(0)
        .write(Vec::new(), flate2::Compression::best());
    // Writing to a Vec cannot fail; should the encoder still fail, the caller's error says so.
    encoder.write_all(bytes)?;
    encoder.finish()
}

/// Builds the shipped files from a folder laid out as `../shared/data/cz`:
/// `municipalities.geojson` (polygons with membership), `municipality_points.geojson` (RÚIAN
/// definition points) and `raw/*.xlsx` (the ČSÚ age-structure publications). Every
/// municipality must have a polygon, a point and ages.
pub fn build(from: &Path) -> Result<Outputs> {
    let polygons_path = from.join("municipalities.geojson");
    let (mut features, crs) = features::read(&polygons_path)?;
    let krovak = crs.krovak();
    let points_path = from.join("municipality_points.geojson");
    let (point_features, point_crs) = features::read(&points_path)?;
    let points = features::points_as_table(
        &points_path,
        &point_features,
        "code",
        point_crs.krovak().as_ref(),
    )?;
    let (code_c, lon_c, lat_c) = (
        points.column("code")?,
        points.column("lon")?,
        points.column("lat")?,
    );
    let mut point_of: HashMap<String, LonLat> = HashMap::new();
    for row in &points.rows {
        let at = (points.number(row, lon_c)?, points.number(row, lat_c)?);
        let at = LonLat::try_from(at).map_err(|e| points.error(row, lon_c, e.to_string()))?;
        point_of.insert(points.text(row, code_c)?.to_string(), at);
    }

    let mut workbooks: Vec<std::path::PathBuf> = std::fs::read_dir(from.join("raw"))
        .map_err(|e| InputError::file(from.join("raw"), format!("cannot read: {e}")))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "xlsx"))
        .collect();
    workbooks.sort();
    let mut parts = Vec::new();
    for path in workbooks {
        let ages = csu::read(&path)?;
        parts.push((path, ages));
    }
    let ages = csu::merge(parts)?;
    let ages_of: HashMap<&str, &Ages> = ages.iter().map(|a| (a.code.as_str(), a)).collect();

    let mut municipalities = Vec::with_capacity(features.len());
    for f in &mut features {
        let code = features::text(f.properties.get("code")).ok_or_else(|| {
            InputError::at(&polygons_path, features::location(f, "code"), "is missing")
                .field("code")
        })?;
        let point = *point_of.get(&code).ok_or_else(|| {
            InputError::file(
                &points_path,
                format!("has no point for municipality {code}"),
            )
        })?;
        if !ages_of.contains_key(code.as_str()) {
            return Err(InputError::file(
                from.join("raw"),
                format!("no workbook has the ages of municipality {code}"),
            )
            .into());
        }
        municipalities.push(municipality(&polygons_path, f, krovak.as_ref(), point)?);
    }
    municipalities.sort_by(|a, b| a.code.cmp(&b.code));
    if ages.len() != municipalities.len() {
        let known: std::collections::HashSet<&str> =
            municipalities.iter().map(|m| m.code.as_str()).collect();
        let extra = ages.iter().find(|a| !known.contains(a.code.as_str()));
        return Err(InputError::file(
            &polygons_path,
            format!(
                "has no polygon for municipality {}, which the workbooks list",
                extra.map_or("?", |a| a.code.as_str())
            ),
        )
        .into());
    }

    let gzip_err =
        |name: &'static str| move |source| crate::error::Error::write(Path::new(name), source);
    let mut out = Outputs::default();
    out.add(
        "municipalities.geojson.gz",
        gzip(&municipalities_geojson(&municipalities))
            .map_err(gzip_err("municipalities.geojson.gz"))?,
    );
    out.add(
        "population.csv.gz",
        gzip(csu::to_csv(&ages).as_bytes()).map_err(gzip_err("population.csv.gz"))?,
    );
    let projection = crate::load::projection::read(&from.join(PROJECTION_SOURCE))?;
    out.add(
        "projection.csv",
        projection_csv(&projection, &ages).into_bytes(),
    );
    out.add("README.md", readme(&municipalities, &ages).into_bytes());
    Ok(out)
}

/// The shipped projection: [`POPULATION_YEAR`] summed from the municipalities' bands (so that
/// the projection and the counts agree at the base), then the source's rows after it.
fn projection_csv(projection: &crate::projection::Projection, ages: &[Ages]) -> String {
    let mut sums = [0u64; crate::projection::BANDS];
    for a in ages {
        for (b, &n) in sums.iter_mut().zip(&a.bands) {
            *b += n;
        }
    }
    let base = sums.map(|n| n as f64);
    let mut out = format!("year,total,{}\n", csu::BANDS.join(","));
    let rows = std::iter::once((POPULATION_YEAR, &base)).chain(
        projection
            .years()
            .filter(|&y| y > POPULATION_YEAR)
            .filter_map(|y| Some((y, projection.at(y)?))),
    );
    for (year, bands) in rows {
        let total: f64 = bands.iter().sum();
        out.push_str(&format!("{year},{total}"));
        for b in bands {
            out.push_str(&format!(",{b}"));
        }
        out.push('\n');
    }
    out
}

/// The shipped GeoJSON: [`PROPERTIES`], then `point`, then the polygons.
fn municipalities_geojson(municipalities: &[Municipality]) -> Vec<u8> {
    maps::collection(municipalities.len(), |i, out| {
        let m = &municipalities[i];
        let values = [
            &m.code,
            &m.name,
            &m.orp_code,
            &m.orp_name,
            &m.district_code,
            &m.district_name,
            &m.region_code,
            &m.region_name,
        ];
        out.push_str("{\"type\":\"Feature\",\"properties\":{");
        for (k, (name, value)) in PROPERTIES.iter().zip(values).enumerate() {
            maps::prop_str(out, name, value, k == 0);
        }
        maps::key(out, "point", false);
        out.push_str(&format!("[{},{}]", m.point.lon(), m.point.lat()));
        out.push_str("},\"geometry\":");
        maps::shape(out, &Shape::Polygons(m.shape.clone()));
        out.push('}');
    })
}

fn readme(municipalities: &[Municipality], ages: &[Ages]) -> String {
    let people: u64 = ages.iter().map(|a| a.total).sum();
    let orps: std::collections::BTreeSet<&str> =
        municipalities.iter().map(|m| m.orp_code.as_str()).collect();
    format!(
        "# National data of Czechia, shipped with gapmap\n\n\
         Written by `gapmap geodata --from ../shared/data/cz --out geodata/cz`; do not edit.\n\
         gapmap compiles these files in, so that `gapmap init` works offline.\n\n\
         | file | what |\n|---|---|\n\
         | `municipalities.geojson.gz` | all {n} municipalities (obce): polygons (lon/lat, \
         simplified), properties `code, name, orp_code, orp_name, district_code, district_name, \
         region_code, region_name` and `point`, the RÚIAN definition point [lon, lat]; {orps} ORPs |\n\
         | `population.csv.gz` | people by five-year age band at {date}: `code, name, total, \
         age_0_4 … age_85_plus`; {people} people in all |\n\
         | `projection.csv` | ČSÚ's population projection, middle variant, by band at 1 January: \
         `year, total, age_0_4 … age_85_plus`; {base} summed from `population.csv.gz` (so the two \
         agree at the base), then 2023–2061 |\n\n\
         ## Sources and licences\n\n\
         - Population: Český statistický úřad (ČSÚ), \"Věkové složení obyvatelstva obcí\" \
         (2020), the xlsx publications for municipalities under and over 1,000 people, read \
         by gapmap's ČSÚ importer. Open data of ČSÚ.\n\
         - Projection: Český statistický úřad (ČSÚ), \"Projekce obyvatelstva České republiky \
         2023–2100\", middle variant (střední varianta), both sexes, single years summed into \
         five-year bands (85+ includes 100+), read by gapmap's projection reader. Open data of \
         ČSÚ.\n\
         - Polygons, definition points, ORP membership: derived from ČÚZK RÚIAN \
         (Registr územní identifikace, adres a nemovitostí) and ČSÚ data, CC BY 4.0.\n\n\
         Attribution: © ČÚZK (RÚIAN), CC BY 4.0; © ČSÚ.\n",
        n = municipalities.len(),
        orps = orps.len(),
        date = POPULATION_DATE,
        people = people,
        base = POPULATION_YEAR,
    )
}
