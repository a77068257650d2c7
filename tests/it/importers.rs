//! The importers of official Czech formats, on small files written in their layouts: ČSÚ
//! xlsx (both), RÚIAN SHP with a Windows-1250 DBF, RÚIAN address points (Windows-1250, `;`),
//! and the MPSV registry, whose privacy rules are checked on every file `init` and `run` write.

use crate::common;

use std::collections::HashSet;
use std::path::Path;

use crate::common::official::{self, Row};
use crate::common::{gapmap, read_csv};
use gapmap::load::{addresses, csu, registry, ruian_shp};

/// Bands that add up to 227 (Bražec, 2020), then a town-sized row.
const BRAZEC: [u32; 18] = [
    17, 14, 13, 17, 14, 17, 10, 23, 17, 20, 9, 13, 13, 9, 7, 10, 4, 0,
];
const TOWN: [u32; 18] = [
    99, 72, 74, 75, 88, 98, 128, 118, 142, 154, 130, 132, 122, 135, 112, 74, 58, 40,
];

#[test]
fn both_csu_layouts_read_the_five_year_bands_of_celkem_rows() {
    let small = official::csu_xlsx(
        "do 999",
        false,
        &[Row {
            code: "500101",
            name: "Bražec",
            bands: BRAZEC,
        }],
    );
    let large = official::csu_xlsx(
        "nad 1000",
        true,
        &[Row {
            code: "500011",
            name: "Želechovice nad Dřevnicí",
            bands: TOWN,
        }],
    );
    let a = csu::parse(Path::new("do999.xlsx"), &small).unwrap();
    assert_eq!(a.len(), 1, "only the celkem row");
    assert_eq!(a[0].code, "500101");
    assert_eq!(a[0].name, "Bražec");
    assert_eq!(a[0].total, 227);
    assert_eq!(a[0].bands, BRAZEC.map(u64::from));
    let b = csu::parse(Path::new("nad1000.xlsx"), &large).unwrap();
    assert_eq!(b[0].name, "Želechovice nad Dřevnicí");
    assert_eq!(b[0].total, 1851);
    // The band 85+ (40), not the single-year 85+ column that comes first (also 40 here, so
    // check a band whose single years differ from it: 80-84 is 58, its years 12 or 11).
    assert_eq!(b[0].bands[16], 58);
    assert_eq!(b[0].bands, TOWN.map(u64::from));
    let csv = csu::to_csv(&csu::merge(vec![("a".into(), a), ("b".into(), b)]).unwrap());
    assert_eq!(
        csv.lines().nth(1).unwrap(),
        "500011,Želechovice nad Dřevnicí,1851,99,72,74,75,88,98,128,118,142,154,130,132,122,135,112,74,58,40"
    );
}

#[test]
fn the_real_csu_workbooks_equal_the_csv() {
    let Some(cz) = common::shared_cz() else {
        return;
    };
    let mut parts = Vec::new();
    for f in ["2020_vek_do_999.xlsx", "2020_vek_nad_1000.xlsx"] {
        let path = cz.join("raw").join(f);
        parts.push((path.clone(), csu::read(&path).unwrap()));
    }
    let merged = csu::merge(parts).unwrap();
    assert_eq!(merged.len(), 6258);
    assert_eq!(merged.iter().map(|a| a.total).sum::<u64>(), 10_701_777);
    let csv = csu::read_csv(&cz.join("population_2020.csv")).unwrap();
    let mut csv = csv;
    csv.sort_by(|a, b| a.code.cmp(&b.code));
    assert_eq!(merged, csv);
}

/// Two squares near Týn nad Vltavou in S-JTSK, with Windows-1250 names.
fn obce(records: &[Vec<String>]) -> (Vec<u8>, Vec<u8>) {
    let shp = official::shp(&[
        vec![(true, official::square_sjtsk(14.40, 49.20, 0.05))],
        vec![(true, official::square_sjtsk(14.45, 49.20, 0.05))],
    ]);
    (shp, official::dbf(&official::OBCE_FIELDS, records))
}

#[test]
fn ruian_shp_reads_windows_1250_names_and_reprojects_sjtsk() {
    let (shp, dbf) = obce(&[
        vec!["545201".into(), "Týn nad Vltavou".into(), "299".into()],
        vec!["536156".into(), "Bečice".into(), "299".into()],
    ]);
    let b = ruian_shp::parse(Path::new("OBCE_P.shp"), &shp, &dbf).unwrap();
    assert_eq!(b.len(), 2);
    assert_eq!(b[0].code, "545201");
    assert_eq!(b[0].name, "Týn nad Vltavou");
    assert_eq!(b[1].name, "Bečice");
    assert_eq!(b[0].orp_code.as_deref(), Some("299"));
    use geo::BoundingRect;
    let r = b[0].shape.bounding_rect().unwrap();
    assert!(
        (r.min().x - 14.40).abs() < 1e-7 && (r.max().y - 49.25).abs() < 1e-7,
        "{r:?}"
    );
}

#[test]
fn address_points_read_windows_1250_and_pin_the_praha_point() {
    let file = official::addresses(&[
        (
            22296361,
            "554782",
            "Praha",
            "Dělnická",
            741272.24,
            1040840.65,
        ),
        (1, "554782", "Praha", "Jiná", 742000.0, 1041000.0),
    ]);
    let wanted: HashSet<u64> = [22296361].into();
    let krovak = gapmap::crs::Krovak::new();
    let found = addresses::parse(
        Path::new("20201231_OB_554782_ADR.csv"),
        &file,
        &wanted,
        &krovak,
    )
    .unwrap();
    assert_eq!(found.len(), 1, "only the wanted point");
    let (code, at) = found[0];
    assert_eq!(code, 22296361);
    // 14.4384069 E, 50.1086969 N to within a metre (1e-5° is about 0.7 m in longitude here).
    assert!(
        (at.lon() - 14.438_406_9).abs() < 1e-5 && (at.lat() - 50.108_696_9).abs() < 1e-5,
        "{at:?}"
    );
}

/// A registry with the cases the rules are about. Praha (554782) is the region.
const REGISTRY: &str = r#"{"polozky": [
 {"identifikator": "1000001", "druhSocialniSluzby": {"id": "DruhSocialniSluzby/13"},
  "datumPoskytovaniOd": "2010-01-01", "datumPoskytovaniDo": null,
  "poskytovatel": {"nazev": "Domovy s.r.o.", "ico": "12345678",
                   "statutarniOrgany": [{"jmeno": "Jan", "prijmeni": "Tajnovský"}]},
  "zarizeni": [
    {"nazev": "Domov Letná", "utajenaAdresa": false, "vedouci": "Marie Vedoucí",
     "adresa": {"kodAdresnihoMista": 1, "obec": {"id": "Obec/554782"}}},
    {"nazev": "Domov Holešovice", "utajenaAdresa": false,
     "adresa": {"kodAdresnihoMista": 2, "obec": {"id": "Obec/554782"}}},
    {"nazev": "Domov Brno", "utajenaAdresa": false,
     "adresa": {"kodAdresnihoMista": 3, "obec": {"id": "Obec/582786"}}}],
  "formy": [{"forma": {"id": "FormaSocialniSluzby/pob"},
             "kapacity": [{"pocet": 61, "typ": {"id": "TypKapacitySocialniSluzby/luzka"}},
                          {"pocet": 61, "typ": {"id": "TypKapacitySocialniSluzby/luzka"}}]}]},
 {"identifikator": 1000002, "druhSocialniSluzby": {"id": "DruhSocialniSluzby/4"},
  "zarizeni": [{"nazev": "Pečovatelská služba Praha 7", "utajenaAdresa": false,
                "adresa": {"kodAdresnihoMista": 1, "obec": {"id": "Obec/554782"}}}],
  "formy": [{"forma": {"id": "FormaSocialniSluzby/ter"},
             "kapacity": [{"pocet": 500, "typ": {"id": "TypKapacitySocialniSluzby/kontakt"}},
                          {"pocet": 40, "typ": {"id": "TypKapacitySocialniSluzby/klient"}}]},
            {"forma": {"id": "FormaSocialniSluzby/amb"},
             "kapacity": [{"pocet": 10, "typ": {"id": "TypKapacitySocialniSluzby/klient"}}]}]},
 {"identifikator": "1000003", "druhSocialniSluzby": {"id": "DruhSocialniSluzby/20"},
  "zarizeni": [{"nazev": "Azylový dům", "utajenaAdresa": true,
                "adresa": {"kodAdresnihoMista": 22296361, "obec": {"id": "Obec/554782"},
                           "ulice": {"nazev": "Dělnická"}, "cisloDomovni": 213}}],
  "formy": [{"forma": {"id": "FormaSocialniSluzby/pob"},
             "kapacity": [{"pocet": 12, "typ": {"id": "TypKapacitySocialniSluzby/luzka"}}]}]},
 {"identifikator": "1000004", "druhSocialniSluzby": {"id": "DruhSocialniSluzby/13"},
  "datumPoskytovaniDo": "2020-06-30",
  "zarizeni": [{"nazev": "Zaniklý domov", "adresa": {"obec": {"id": "Obec/554782"}}}],
  "formy": [{"forma": {"id": "FormaSocialniSluzby/pob"},
             "kapacity": [{"pocet": 30, "typ": {"id": "TypKapacitySocialniSluzby/luzka"}}]}]}
]}"#;

#[test]
fn registry_offers_follow_the_rules() {
    let day = |d: &str| gapmap::day::Day::try_from(d).unwrap();
    let registrations = registry::parse(
        Path::new("rpss.json"),
        REGISTRY.as_bytes(),
        &day("2021-01-01"),
    )
    .unwrap();
    // The ended service (1000004) is left out; 1000002 has two forms.
    let ids: Vec<(&str, gapmap::model::Form, &str, f64)> = registrations
        .iter()
        .flat_map(|r| {
            r.forms
                .iter()
                .map(|o| (r.id.as_str(), o.form, o.unit.as_str(), o.capacity))
        })
        .collect();
    use gapmap::model::Form::*;
    assert_eq!(
        ids,
        [
            ("1000001", Residential, "luzka", 61.0),
            ("1000002", Field, "klient", 40.0),
            ("1000002", Outpatient, "klient", 10.0),
            ("1000003", Residential, "luzka", 12.0),
        ]
    );
    // The secret address keeps only its municipality.
    assert_eq!(registrations[2].facilities[0].address_point, None);
    assert_eq!(registrations[2].facilities[0].address, None);
    assert!(registrations[2].facilities[0].secret);
    // Read for a day before the end, the ended service is in.
    let earlier = registry::parse(
        Path::new("rpss.json"),
        REGISTRY.as_bytes(),
        &day("2020-01-01"),
    )
    .unwrap();
    assert_eq!(earlier.len(), 4);
}

#[test]
fn init_with_the_registry_places_providers_and_never_writes_secrets() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("rpss.json"), REGISTRY).unwrap();
    std::fs::create_dir(dir.path().join("adresy")).unwrap();
    // Address point 1 (Letná) and the shelter's secret one; point 2 (Holešovice) is missing.
    std::fs::write(
        dir.path().join("adresy/20201231_OB_554782_ADR.csv"),
        official::addresses(&[
            (1, "554782", "Praha", "Letenská", 742100.0, 1041900.0),
            (
                22296361,
                "554782",
                "Praha",
                "Dělnická",
                741272.24,
                1040840.65,
            ),
        ]),
    )
    .unwrap();
    let o = gapmap(
        dir.path(),
        &[
            "init",
            "plan",
            "--municipalities",
            "554782",
            "--registry",
            "rpss.json",
            "--addresses",
            "adresy",
            "--date",
            "2021-01-01",
        ],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(
        o.stderr
            .contains("1 registry facility has no address point in --addresses; it is placed"),
        "{}",
        o.stderr
    );
    assert!(
        o.stderr.contains("1 facility has a secret address"),
        "{}",
        o.stderr
    );

    let rows = read_csv(&dir.path().join("plan/providers.csv"));
    let summary: Vec<(String, String, String, String, String)> = rows
        .iter()
        .map(|r| {
            (
                r["id"].clone(),
                r["capacity"].clone(),
                r["form"].clone(),
                r["unit"].clone(),
                r["located"].clone(),
            )
        })
        .collect();
    let row = |id: &str, c: &str, f: &str, u: &str, l: &str| {
        (id.into(), c.into(), f.into(), u.into(), l.into())
    };
    // 61 beds over the two Praha homes: 31 + 30 (Brno's home is outside the region).
    assert_eq!(
        summary,
        [
            row("1000001-pob-1", "31", "residential", "luzka", "address"),
            row(
                "1000001-pob-2",
                "30",
                "residential",
                "luzka",
                "municipality"
            ),
            row("1000002-ter", "40", "field", "klient", "address"),
            row("1000002-amb", "10", "outpatient", "klient", "address"),
            row("1000003-pob", "12", "residential", "luzka", "municipality"),
        ]
    );
    let scenario = std::fs::read_to_string(dir.path().join("plan/scenario.toml")).unwrap();
    for service in ["home_for_elderly", "home_care", "shelter"] {
        assert!(
            scenario.contains(&format!("[services.{service}]")),
            "{service}"
        );
    }
    let o = gapmap(
        &dir.path().join("plan"),
        &["run", "scenario.toml", "--out", "out", "--quiet"],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);

    // Nothing of the secret address, nor any person's name, in any file written.
    for (file, text) in common::written(&dir.path().join("plan")) {
        // The point to 7 decimals: polygon vertices have 5, so only the point itself could match.
        for secret in [
            "22296361",
            "Dělnická",
            "14.438407",
            "50.108696",
            "Tajnovský",
            "Vedoucí",
        ] {
            assert!(!text.contains(secret), "{file} contains {secret:?}");
        }
    }
}
