//! `gapmap init` refuses bad input with exit code 2, a message naming the file, the record and
//! the field, and writes nothing.

use crate::common::official::{self, Field};
use crate::common::{assert_refused, gapmap, world};

/// Runs `init plan …` in a folder with `files`; expects exit 2, `message` on stderr, and no
/// `plan` folder.
fn refused(files: &[(&str, &[u8])], args: &[&str], message: &str) {
    let dir = world(&[]);
    for (name, bytes) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    let mut all = vec!["init", "plan"];
    all.extend_from_slice(args);
    assert_refused(dir.path(), &all, message, "plan");
}

#[test]
fn an_unknown_orp_suggests_close_names() {
    refused(
        &[],
        &["--orp", "Tanvlad"],
        "--orp: no ORP has the RÚIAN code or name \"Tanvlad\"; the closest are: Tanvald (787)",
    );
    refused(
        &[],
        &["--orp", "99999"],
        "--orp: no ORP has the RÚIAN code or name \"99999\"",
    );
}

#[test]
fn an_unknown_municipality_is_named() {
    refused(
        &[],
        &["--municipalities", "545201,999999"],
        "--municipalities: no municipality in the national data has the code \"999999\"",
    );
    // A misspelt name gets the three closest names; a name that several municipalities
    // share gets their codes.
    refused(
        &[],
        &["--municipalities", "Bolatice,Chuchelná,Kobeřic"],
        "--municipalities: no municipality \"Kobeřic\" in the national data; did you mean \
         \"Kobeřice\" (507504),",
    );
    refused(
        &[],
        &["--municipalities", "Bolatice,Kravaře"],
        "--municipalities: 2 municipalities are called \"Kravaře\": write the code, 507580 \
         (ORP Kravaře) or 561720 (ORP Česká Lípa)",
    );
}

#[test]
fn usage_errors() {
    refused(
        &[],
        &["--orp", "299", "--buffer", "-5"],
        "--buffer -5: must be a distance in km ≥ 0",
    );
    refused(
        &[],
        &["--orp", "299", "--date", "2026-02-30"],
        "--date: invalid date (got \"2026-02-30\"): must be a day as YYYY-MM-DD",
    );
    refused(
        &[],
        &["--orp", "299", "--name", " "],
        "--name: is empty; name the region",
    );
    // A folder that is not empty is refused, and left as it was.
    let dir = world(&[("plan/keep.txt", "mine")]);
    let o = gapmap(dir.path(), &["init", "plan", "--orp", "299"]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(
        o.stderr.contains("plan: exists and is not empty"),
        "{}",
        o.stderr
    );
    assert_eq!(
        std::fs::read_dir(dir.path().join("plan")).unwrap().count(),
        1
    );
}

#[test]
fn an_xlsx_without_the_expected_sheet_or_columns() {
    // A workbook whose sheet has another table.
    let other = {
        let mut book = rust_xlsxwriter::Workbook::new();
        let ws = book.add_worksheet();
        ws.set_name("List1").unwrap();
        ws.write_string(0, 0, "kód").unwrap();
        book.save_to_buffer().unwrap()
    };
    refused(
        &[("ages.xlsx", &other)],
        &["--orp", "299", "--population", "ages.xlsx"],
        "ages.xlsx: has no sheet of the ČSÚ age structure (a header row with POH, ZUJ, Obec, Celkem and the bands 0-4 … 85+); its sheets are: \"List1\"",
    );
    // The ČSÚ sheet with a band missing: 85+ cut off.
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("do 999").unwrap();
    for (c, h) in ["POH", "ZUJ", "Obec", "Celkem", "0-4"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    let cut = book.save_to_buffer().unwrap();
    refused(
        &[("ages.xlsx", &cut)],
        &["--orp", "299", "--population", "ages.xlsx"],
        "ages.xlsx: sheet \"do 999\", row 1, field `5-9`: missing column `5-9`; the header has: POH, ZUJ, Obec, Celkem, 0-4",
    );
    // Not an xlsx at all.
    refused(
        &[("ages.xlsx", b"POH;ZUJ\n")],
        &["--orp", "299", "--population", "ages.xlsx"],
        "ages.xlsx: is not an xlsx workbook",
    );
    // Celkem that disagrees with its bands: the row and the municipality are named.
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("do 999").unwrap();
    let bands = [
        "0-4", "5-9", "10-14", "15-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49",
        "50-54", "55-59", "60-64", "65-69", "70-74", "75-79", "80-84", "85+",
    ];
    for (c, h) in ["POH", "ZUJ", "Obec", "Celkem"]
        .iter()
        .chain(&bands)
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "celkem").unwrap();
    ws.write_string(1, 1, "545201").unwrap();
    ws.write_string(1, 2, "Týn nad Vltavou").unwrap();
    ws.write_number(1, 3, 99.0).unwrap();
    for c in 0..18u16 {
        ws.write_number(1, 4 + c, 1.0).unwrap();
    }
    let wrong = book.save_to_buffer().unwrap();
    refused(
        &[("ages.xlsx", &wrong)],
        &["--orp", "299", "--population", "ages.xlsx"],
        "ages.xlsx: sheet \"do 999\", row 2 (municipality 545201), field `Celkem`: is 99, but the bands 0-4 … 85+ add up to 18",
    );
}

/// A square in S-JTSK with `fields`, numbers as Týn's code and text as its name.
fn shapefile(fields: &[Field<'_>]) -> (Vec<u8>, Vec<u8>) {
    let shp = official::shp(&[vec![(true, official::square_sjtsk(14.4, 49.2, 0.05))]]);
    let record: Vec<String> = fields
        .iter()
        .map(|f| {
            if f.kind == b'N' {
                "545201".to_string()
            } else {
                "Týn nad Vltavou".to_string()
            }
        })
        .collect();
    (shp, official::dbf(fields, &[record]))
}

#[test]
fn a_shp_without_its_dbf_or_without_kod() {
    // KOD and NAZEV, without ORP_KOD.
    let fields = &official::OBCE_FIELDS[..2];
    let (shp, _) = shapefile(fields);
    refused(
        &[("OBCE_P.shp", &shp)],
        &["--orp", "299", "--boundaries", "OBCE_P.shp"],
        "OBCE_P.shp: needs its attribute table OBCE_P.dbf beside it",
    );
    let (shp, dbf) = shapefile(&[
        Field {
            name: "KOD_OBCE",
            kind: b'N',
            width: 6,
        },
        Field {
            name: "NAZEV",
            kind: b'C',
            width: 48,
        },
    ]);
    refused(
        &[("OBCE_P.shp", &shp), ("OBCE_P.dbf", &dbf)],
        &["--municipalities", "545201", "--boundaries", "OBCE_P.shp"],
        "OBCE_P.shp: field `KOD`: its .dbf has no field `KOD`; RÚIAN's OBCE_P has KOD, NAZEV and ORP_KOD; the fields are: KOD_OBCE, NAZEV",
    );
    // A truncated .shp.
    let (shp, dbf) = shapefile(fields);
    refused(
        &[("OBCE_P.shp", &shp[..150]), ("OBCE_P.dbf", &dbf)],
        &["--municipalities", "545201", "--boundaries", "OBCE_P.shp"],
        "OBCE_P.shp: is truncated",
    );
}

#[test]
fn a_bad_registry() {
    let args = ["--orp", "299", "--registry", "rpss.json"];
    refused(
        &[(
            "rpss.json",
            br#"{"polozky": [{"identifikator": "1", "druhSocialniSluzby"#,
        )],
        &args,
        "rpss.json: line 1: ends too early (a truncated download?)",
    );
    refused(
        &[("rpss.json", br#"{"polozky": {"identifikator": "1"}}"#)],
        &args,
        "rpss.json: line 1: is not in the registry's layout {\"polozky\": [...]}",
    );
    refused(
        &[("rpss.json", b"<html>")],
        &args,
        "rpss.json: line 1: is not valid JSON",
    );
    let negative = br#"{"polozky": [{"identifikator": "777", "druhSocialniSluzby": {"id": "DruhSocialniSluzby/13"},
      "zarizeni": [], "formy": [{"forma": {"id": "FormaSocialniSluzby/pob"},
      "kapacity": [{"pocet": -5, "typ": {"id": "TypKapacitySocialniSluzby/luzka"}}]}]}]}"#;
    refused(
        &[("rpss.json", negative)],
        &args,
        "rpss.json: polozky[0].formy[0].kapacity[0].pocet (service 777): invalid capacity (got -5): must be ≥ 0",
    );
}

#[test]
fn an_address_csv_in_utf16() {
    let registry = br#"{"polozky": [{"identifikator": "1", "druhSocialniSluzby": {"id": "DruhSocialniSluzby/13"},
      "zarizeni": [{"nazev": "Domov", "adresa": {"kodAdresnihoMista": 5, "obec": {"id": "Obec/545201"}}}],
      "formy": [{"forma": {"id": "FormaSocialniSluzby/pob"},
      "kapacity": [{"pocet": 5, "typ": {"id": "TypKapacitySocialniSluzby/luzka"}}]}]}]}"#;
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in format!("{}\r\n", official::ADDRESS_HEADER).encode_utf16() {
        utf16.extend(unit.to_le_bytes());
    }
    refused(
        &[("rpss.json", registry), ("adresy.csv", &utf16)],
        &[
            "--orp",
            "299",
            "--registry",
            "rpss.json",
            "--addresses",
            "adresy.csv",
        ],
        "adresy.csv: is UTF-16 text",
    );
}
