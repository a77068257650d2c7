//! Every reader of an input format, fed arbitrary bytes and mutated valid files, returns an
//! error or a value: it never panics.

use crate::common;

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::common::official::{self, Row};
use gapmap::load::{addresses, costs, csu, features, osm_pbf, registry, ruian_shp, table::Table};
use gapmap::roads::profile::Mode;
use gapmap::synth::pbf::{self, OsmNode, OsmWay};
use proptest::prelude::*;

/// A valid file changed by up to 8 edits: a byte replaced, inserted or removed, or the file
/// cut short.
fn mutated(valid: Vec<u8>) -> impl Strategy<Value = Vec<u8>> {
    let edits = prop::collection::vec((0u8..4, any::<prop::sample::Index>(), any::<u8>()), 1..8);
    edits.prop_map(move |edits| {
        let mut bytes = valid.clone();
        for (kind, at, byte) in edits {
            if bytes.is_empty() {
                break;
            }
            let i = at.index(bytes.len());
            match kind {
                0 => bytes[i] = byte,
                1 => bytes.insert(i, byte),
                2 => {
                    bytes.remove(i);
                }
                _ => bytes.truncate(i),
            }
        }
        bytes
    })
}

/// Arbitrary bytes, or a mutated valid file.
fn input(valid: Vec<u8>) -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![prop::collection::vec(any::<u8>(), 0..512), mutated(valid)]
}

fn geojson() -> Vec<u8> {
    common::SQUARES.as_bytes().to_vec()
}

fn xlsx() -> Vec<u8> {
    official::csu_xlsx(
        "nad 1000",
        true,
        &[Row {
            code: "545201",
            name: "Týn nad Vltavou",
            bands: [5; 18],
        }],
    )
}

fn shapefile() -> (Vec<u8>, Vec<u8>) {
    (
        official::shp(&[vec![(true, official::square_sjtsk(14.4, 49.2, 0.1))]]),
        official::dbf(
            &official::OBCE_FIELDS,
            &[vec![
                "545201".into(),
                "Týn nad Vltavou".into(),
                "299".into(),
            ]],
        ),
    )
}

/// The registry fixture in the real shape: contacts at two levels, repeated, ended and future
/// facilities, one without an address, a secret address, statutory bodies.
fn registry_file() -> Vec<u8> {
    std::fs::read(common::root().join("tests/data/registry/rpss.json")).unwrap()
}

fn codebook() -> Vec<u8> {
    std::fs::read(common::root().join("tests/data/registry/ciselniky/cilove-skupiny-osoby.json"))
        .unwrap()
}

/// Google's sample feed, its files stored uncompressed so that mutations reach the tables.
fn gtfs_zip() -> Vec<u8> {
    use std::io::{Read, Write};
    let bytes = std::fs::read(common::root().join("tests/data/sample_gtfs.zip")).unwrap();
    let mut from = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut to = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..from.len() {
        let mut file = from.by_index(i).unwrap();
        let name = file.name().unwrap().to_string();
        let mut text = Vec::new();
        file.read_to_end(&mut text).unwrap();
        to.start_file(name, stored).unwrap();
        to.write_all(&text).unwrap();
    }
    to.finish().unwrap().into_inner()
}

/// Reads a zipped feed for a day it runs on and, when it reads, routes on it.
fn gtfs_route(bytes: Vec<u8>) {
    use gapmap::transit::{Settings, Timetable, matrix};
    let date = gapmap::day::Day::try_from("2007-06-05").unwrap();
    let Ok(feeds) = gapmap::load::gtfs::parse(Path::new("feed.zip"), bytes, &date) else {
        return;
    };
    let settings = Settings::with_window(7 * 60, 9 * 60).unwrap();
    let points: Vec<gapmap::model::LonLat> = feeds.stops.clone();
    let origins: Vec<Option<gapmap::model::LonLat>> = points.iter().copied().map(Some).collect();
    let timetable = Timetable::build(
        feeds.stops,
        feeds.runs,
        &feeds.rules,
        &settings,
        (25_200.0, 40_000.0),
    );
    let _ = matrix::times(
        &timetable,
        &settings,
        &origins,
        &points,
        120.0,
        &gapmap::Silent,
    );
}

/// A questionnaire over the two squares, valid as CSV (`;`, Czech answers, a band, a code).
const QUESTIONNAIRE: &str = "Obec;Věk;Otázka;Služby\nWest;67;Ano;A, B\nM2;65–79;Ne;\neast;80+;Nevím;B\nwest;81;spíše ano;\"A; C\"\n";

/// The same questionnaire as an xlsx sheet, with the ages as numbers.
fn questionnaire_xlsx() -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet().set_name("Odpovědi").unwrap();
    for (r, line) in QUESTIONNAIRE.lines().enumerate() {
        for (c, cell) in line.split(';').enumerate() {
            let (r, c) = (r as u32, c as u16);
            match cell.parse::<f64>() {
                Ok(n) => sheet.write(r, c, n).unwrap(),
                Err(_) => sheet.write(r, c, cell.trim_matches('"')).unwrap(),
            };
        }
    }
    book.save_to_buffer().unwrap()
}

/// A world whose scenario reads its questionnaire from `file`; the file is written per case.
fn questionnaire_world(file: &str) -> (tempfile::TempDir, gapmap::scenario::Scenario) {
    let sheet = if file.ends_with(".xlsx") {
        "sheet = \"Odpovědi\"\n"
    } else {
        ""
    };
    let scenario = format!(
        "name = \"q\"\n[inputs]\nmunicipalities = \"m.geojson\"\npopulation = \"p.csv\"\n\
         providers = \"providers.csv\"\n[groups.seniors]\ncolumns = [\"age_65_79\", \"age_80_plus\"]\n\
         [surveys.s]\nfile = \"{file}\"\n{sheet}unit = \"Obec\"\nage = \"Věk\"\ngroup = \"seniors\"\n\
         min_respondents = 1\n[surveys.s.questions.a]\ncolumn = \"Otázka\"\nyes = [\"Ano\", \"Spíše ano\"]\n\
         no = [\"Ne\"]\n[surveys.s.questions.b]\ncolumn = \"Služby\"\ncontains = \"A\"\n\
         [services.care]\nform = \"field\"\ncatchment = 50.0\n\
         need = [{{ group = \"seniors\", survey = \"s\", question = \"a\" }}]\n"
    );
    let dir = common::world(&[
        ("scenario.toml", &scenario),
        ("m.geojson", common::SQUARES),
        ("p.csv", "code,age_65_79,age_80_plus\nM1,100,50\nM2,40,10\n"),
        (
            "providers.csv",
            "id,name,service,capacity,lon,lat\nP,P,care,5,15.05,50.05\n",
        ),
        ("q.csv", QUESTIONNAIRE),
    ]);
    std::fs::write(dir.path().join("q.xlsx"), questionnaire_xlsx()).unwrap();
    let scenario = gapmap::scenario::Scenario::read(&dir.path().join("scenario.toml")).unwrap();
    (dir, scenario)
}

/// Loads the world with `bytes` as its questionnaire: an error or a study, never a panic.
fn load_questionnaire(
    world: &(tempfile::TempDir, gapmap::scenario::Scenario),
    file: &str,
    bytes: &[u8],
) {
    std::fs::write(world.0.path().join(file), bytes).unwrap();
    let _ = gapmap::load::load(&world.1, &gapmap::Silent);
}

fn day() -> gapmap::day::Day {
    gapmap::day::Day::try_from("2026-01-01").unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn geojson_never_panics(bytes in input(geojson())) {
        let path = Path::new("m.geojson");
        if let Ok((mut fs, crs)) = features::parse(path, &bytes) {
            let krovak = crs.krovak();
            let _ = features::points_as_table(path, &fs, "code", krovak.as_ref());
            for f in &mut fs {
                let _ = features::polygons(path, f, "code", krovak.as_ref());
            }
        }
    }

    #[test]
    fn tables_never_panic(bytes in input(b"code;name;total\n545201;T\xfdn;7887\n".to_vec())) {
        let _ = Table::parse(Path::new("t.csv"), &bytes);
        let _ = csu::parse_csv(Path::new("population.csv"), &bytes);
    }

    #[test]
    fn costs_never_panic(bytes in input(b"origin,destination,cost\nA,X,1.5\nB,X,2\nA,Y,3\n".to_vec())) {
        let origins: HashMap<&str, u32> = [("A", 0), ("B", 1)].into();
        let destinations: HashMap<&str, costs::Destination> =
            [("X", costs::Destination::Column(0)), ("Y", costs::Destination::Removed)].into();
        let _ = costs::parse(Path::new("costs.csv"), &bytes, &origins, &destinations);
    }

    #[test]
    fn addresses_never_panic(bytes in input(official::addresses(&[(5, "545201", "Týn", "Náměstí", 741272.24, 1040840.65)]))) {
        let wanted: HashSet<u64> = [5].into();
        let krovak = gapmap::crs::Krovak::new();
        let _ = addresses::parse(Path::new("a.csv"), &bytes, &wanted, &krovak);
    }

    #[test]
    fn the_registry_never_panics(bytes in input(registry_file())) {
        let _ = registry::parse(Path::new("rpss.json"), &bytes, &day());
    }

    #[test]
    fn gtfs_never_panics(bytes in input(gtfs_zip())) {
        gtfs_route(bytes);
    }

    #[test]
    fn questionnaires_never_panic(bytes in input(QUESTIONNAIRE.as_bytes().to_vec())) {
        thread_local!(static WORLD: (tempfile::TempDir, gapmap::scenario::Scenario) = questionnaire_world("q.csv"));
        WORLD.with(|w| load_questionnaire(w, "q.csv", &bytes));
    }

    #[test]
    fn codebooks_never_panic(bytes in input(codebook())) {
        let _ = registry::parse_codebook(Path::new("c.json"), &bytes, registry::Book::TargetGroups);
    }
}

/// A small extract: a triangle of roads, one of them one-way, and a footway; zlib-compressed
/// or raw (whose block contents the mutations reach past the checksum).
fn osm(zlib: bool) -> Vec<u8> {
    let nodes: Vec<OsmNode> = [
        (1, 14.0, 50.0),
        (2, 14.01, 50.0),
        (3, 14.0, 50.01),
        (4, 14.005, 50.005),
    ]
    .iter()
    .map(|&(id, lon, lat)| OsmNode { id, lon, lat })
    .collect();
    let tags = |pairs: &[(&str, &str)]| {
        pairs
            .iter()
            .map(|&(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    let ways = vec![
        OsmWay {
            id: 1,
            nodes: vec![1, 2, 3],
            tags: tags(&[("highway", "primary"), ("maxspeed", "50")]),
        },
        OsmWay {
            id: 2,
            nodes: vec![3, 4, 1],
            tags: tags(&[("highway", "residential"), ("oneway", "yes")]),
        },
        OsmWay {
            id: 3,
            nodes: vec![2, 4],
            tags: tags(&[("highway", "footway")]),
        },
    ];
    if zlib {
        pbf::write(&nodes, &ways)
    } else {
        pbf::write_raw(&nodes, &ways)
    }
}

/// Reads an extract and, when it reads, builds its graph and routes on it.
fn route(bytes: &[u8]) {
    for mode in [Mode::Car, Mode::Walk] {
        if let Ok(ways) = osm_pbf::parse(Path::new("roads.osm.pbf"), bytes, mode) {
            let graph = gapmap::roads::graph::Graph::build(&ways);
            let p = gapmap::model::LonLat::new(14.003, 50.002).unwrap();
            let _ = gapmap::roads::travel_times(&graph, &[p, p], &[p], 30.0);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn osm_pbf_never_panics(bytes in input(osm(false))) {
        route(&bytes);
    }

    #[test]
    fn compressed_osm_pbf_never_panics(bytes in input(osm(true))) {
        route(&bytes);
    }
}

proptest! {
    // Unzipping is the slow part: fewer cases.
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn csu_xlsx_never_panics(bytes in input(xlsx())) {
        let _ = csu::parse(Path::new("ages.xlsx"), &bytes);
    }

    #[test]
    fn questionnaire_xlsx_never_panics(bytes in input(questionnaire_xlsx())) {
        thread_local!(static WORLD: (tempfile::TempDir, gapmap::scenario::Scenario) = questionnaire_world("q.xlsx"));
        WORLD.with(|w| load_questionnaire(w, "q.xlsx", &bytes));
    }

    #[test]
    fn ruian_shp_never_panics(shp in input(shapefile().0), dbf in input(shapefile().1)) {
        let (good_shp, good_dbf) = shapefile();
        let _ = ruian_shp::parse(Path::new("OBCE_P.shp"), &shp, &good_dbf);
        let _ = ruian_shp::parse(Path::new("OBCE_P.shp"), &good_shp, &dbf);
        let _ = ruian_shp::parse(Path::new("OBCE_P.shp"), &shp, &dbf);
    }
}

#[test]
fn the_valid_files_are_valid() {
    // The mutations start from files the readers accept, or they would test little.
    assert!(features::parse(Path::new("m.geojson"), &geojson()).is_ok());
    assert_eq!(csu::parse(Path::new("a.xlsx"), &xlsx()).unwrap().len(), 1);
    for zlib in [true, false] {
        let ways = osm_pbf::parse(Path::new("r.osm.pbf"), &osm(zlib), Mode::Car).unwrap();
        assert_eq!(ways.roads.len(), 2);
    }
    let (shp, dbf) = shapefile();
    assert_eq!(
        ruian_shp::parse(Path::new("OBCE_P.shp"), &shp, &dbf)
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        registry::parse(Path::new("rpss.json"), &registry_file(), &day())
            .unwrap()
            .len(),
        6
    );
    for file in ["q.csv", "q.xlsx"] {
        let (_dir, scenario) = questionnaire_world(file);
        let loaded = gapmap::load::load(&scenario, &gapmap::Silent).unwrap();
        let q = &loaded.study.questionnaires[0];
        // Yes: West 67 and 81 ("spíše ano"); no: M2; "Nevím" is not counted.
        assert_eq!(q.questions[0].estimates.region.answered, 3, "{file}");
        assert_eq!(q.questions[0].estimates.region.yes, 2, "{file}");
        // The checkbox: "A, B" and "A; C" list A, "B" does not; M2's empty cell is not counted.
        assert_eq!(q.questions[1].estimates.region.answered, 3, "{file}");
        assert_eq!(q.questions[1].estimates.region.yes, 2, "{file}");
    }
    let date = gapmap::day::Day::try_from("2007-06-05").unwrap();
    let feeds = gapmap::load::gtfs::parse(Path::new("feed.zip"), gtfs_zip(), &date).unwrap();
    assert!(feeds.runs.len() > 30);
    assert_eq!(
        registry::parse_codebook(
            Path::new("c.json"),
            &codebook(),
            registry::Book::TargetGroups
        )
        .unwrap()
        .len(),
        5
    );
}
