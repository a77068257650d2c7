//! The MPSV registry as it really is (`tests/data/registry/rpss.json`, a fixture in the real
//! shape): the contract's rules one by one, on the reader and through `gapmap init` for ORP
//! Týn nad Vltavou (299), read for 1 January 2026.

use crate::common;

use std::path::{Path, PathBuf};

use crate::common::{gapmap, official, read_csv, root};
use gapmap::day::Day;
use gapmap::load::registry::{self, Registration};
use gapmap::model::Form;

fn fixture() -> PathBuf {
    root().join("tests/data/registry")
}

fn read(date: &str) -> Vec<Registration> {
    registry::read(&fixture().join("rpss.json"), &Day::try_from(date).unwrap()).unwrap()
}

fn by_id<'a>(all: &'a [Registration], id: &str) -> &'a Registration {
    all.iter()
        .find(|r| r.id == id)
        .unwrap_or_else(|| panic!("{id} is not read"))
}

#[test]
fn services_and_facilities_are_in_force_by_their_own_dates() {
    let all = read("2026-01-01");
    let ids: Vec<&str> = all.iter().map(|r| r.id.as_str()).collect();
    // 8901234 ended on 2024-12-31, though its facility has no end; the number 4567890 is text.
    assert_eq!(
        ids,
        [
            "3456789", "4567890", "5678901", "6789012", "7890123", "9012345"
        ]
    );
    // The home: one copy of the repeated facility; the one closed in 2023 and the one that
    // opens in September 2026 are out, whatever their service says.
    let home = by_id(&all, "3456789");
    let names: Vec<&str> = home.facilities.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["Domov Hlinecká"]);
    assert_eq!(home.facilities[0].address_point, Some(11_111_111));
    // Read for a day after the new pavilion opens, it is in; before the old building closed,
    // that one is too.
    let later = read("2026-09-01");
    assert_eq!(by_id(&later, "3456789").facilities.len(), 2);
    let earlier = read("2023-06-30");
    assert_eq!(
        by_id(&earlier, "3456789")
            .facilities
            .iter()
            .map(|f| f.name.as_str())
            .collect::<Vec<_>>(),
        ["Domov Hlinecká", "Domov Stará budova"]
    );
    // The service that ended in 2024 is in on its last day.
    assert!(read("2024-12-31").iter().any(|r| r.id == "8901234"));
}

#[test]
fn repeated_facilities_count_once_and_unplaceable_ones_are_counted() {
    let all = read("2026-01-01");
    let care = by_id(&all, "4567890");
    // Two word-for-word copies of one place: one facility, so its 40 clients are not split.
    assert_eq!(care.facilities.len(), 1);
    assert_eq!(care.unplaceable, 1, "the office without adresa");
    assert_eq!(care.forms.len(), 1);
    assert_eq!(
        (
            care.forms[0].form,
            care.forms[0].unit.as_str(),
            care.forms[0].capacity
        ),
        (Form::Field, "klient", 40.0)
    );
    // A facility whose adresa has no obec cannot be placed either.
    let assistance = by_id(&all, "9012345");
    assert_eq!(assistance.facilities.len(), 1);
    assert_eq!(assistance.unplaceable, 1);
}

#[test]
fn types_contacts_ico_and_groups_follow_the_contract() {
    let all = read("2026-01-01");
    // DruhSocialniSluzby/1 is odborné sociální poradenství; /2 is a code gapmap does not know.
    assert_eq!(registry::service_type(1).id, "social_counselling");
    assert_eq!(registry::service_type(2).id, "");
    assert_eq!(by_id(&all, "5678901").kind, 1);
    assert_eq!(by_id(&all, "7890123").kind, 2);

    let home = &by_id(&all, "3456789").listing;
    assert_eq!(
        home.provider,
        "Domov pro seniory Hlinecká, příspěvková organizace"
    );
    // The IČO was the JSON number 248347: padded back to 8 digits.
    assert_eq!(home.ico, "00248347");
    // The service's own phones and e-mail; it has no web, so the provider's.
    assert_eq!(home.phones, ["385 000 111", "385 000 112"]);
    assert_eq!(home.emails, ["socialni@domov-hlinecka.example"]);
    assert_eq!(home.webs, ["https://domov-hlinecka.example"]);
    assert_eq!(
        home.target_groups,
        ["CilovaSkupinaOsoby/24", "CilovaSkupinaOsoby/30"]
    );
    assert_eq!(
        home.age_groups,
        ["VekovaSkupinaOsoby/8", "VekovaSkupinaOsoby/9"]
    );

    // The town's home care has no contacts of its own: all three are the town's.
    let care = &by_id(&all, "4567890").listing;
    assert_eq!(care.ico, "00245500", "text keeps its leading zeros");
    assert_eq!(care.phones, ["385 772 111"]);
    assert_eq!(care.emails, ["podatelna@tyn.example"]);
    assert_eq!(care.webs, ["https://www.tyn.example"]);

    // The counselling centre has a house number and no street.
    let counselling = by_id(&all, "5678901");
    let address = counselling.facilities[0].address.as_ref().unwrap();
    assert_eq!(address.line("Temelín"), "č. p. 7, 373 01 Temelín");
    assert_eq!(
        by_id(&all, "3456789").facilities[0]
            .address
            .as_ref()
            .unwrap()
            .line("Týn nad Vltavou"),
        "Hlinecká 1227/3, 375 01 Týn nad Vltavou"
    );
}

#[test]
fn a_secret_address_keeps_only_its_municipality() {
    let all = read("2026-01-01");
    let shelter = &by_id(&all, "6789012").facilities[0];
    assert!(shelter.secret);
    assert_eq!(shelter.municipality, "545201");
    assert_eq!(shelter.address_point, None);
    assert_eq!(shelter.address, None);
    // Its contacts stay.
    assert_eq!(by_id(&all, "6789012").listing.phones, ["800 123 456"]);
}

#[test]
fn codebooks_name_groups_and_types_and_a_missing_one_is_a_note() {
    let (books, notes) = registry::Codebooks::read(&fixture().join("ciselniky")).unwrap();
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(
        books.target_group("CilovaSkupinaOsoby/5"),
        "oběti domácího násilí"
    );
    // A plain-string name, and an id the codebook lacks.
    assert_eq!(
        books.age_group("VekovaSkupinaOsoby/8"),
        "mladší senioři (65–80 let)"
    );
    assert_eq!(
        books.age_group("VekovaSkupinaOsoby/1"),
        "VekovaSkupinaOsoby/1"
    );
    assert_eq!(books.service_type(2), Some("služba podle číselníku 2"));

    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        fixture().join("ciselniky/cilove-skupiny-osoby.json"),
        dir.path().join("cilove-skupiny-osoby.json"),
    )
    .unwrap();
    let (books, notes) = registry::Codebooks::read(dir.path()).unwrap();
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert!(notes[0].contains("vekove-skupiny-osoby.json: not there"));
    assert_eq!(
        books.target_group("CilovaSkupinaOsoby/12"),
        "osoby se zdravotním postižením"
    );
    // Without any codebook, the ids gapmap knows are named and the others keep their id.
    let known = registry::Codebooks::known();
    assert_eq!(known.target_group("CilovaSkupinaOsoby/24"), "senioři");
    assert_eq!(
        known.target_group("CilovaSkupinaOsoby/26"),
        "pečující osoby"
    );
    assert_eq!(
        known.target_group("CilovaSkupinaOsoby/27"),
        "osoby s potřebou paliativní péče"
    );
    assert_eq!(
        known.target_group("CilovaSkupinaOsoby/30"),
        "osoby žijící s demencí"
    );
    assert_eq!(
        known.target_group("CilovaSkupinaOsoby/5"),
        "CilovaSkupinaOsoby/5"
    );
}

fn planning_world() -> tempfile::TempDir {
    official::registry_world(str::to_string)
}

fn init(dir: &Path, extra: &[&str]) -> common::Outcome {
    let mut args = official::INIT_PLAN.to_vec();
    args.extend_from_slice(extra);
    gapmap(dir, &args)
}

#[test]
fn init_writes_the_catalogue_columns() {
    let world = planning_world();
    let o = init(world.path(), &["--codebooks", "ciselniky"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(
        o.stderr.contains(
            "2 registry facilities have no address (adresa or adresa.obec) and cannot be placed, \
             so they are left out: 1 of services with providers here, 1 of services with none"
        ),
        "{}",
        o.stderr
    );
    let rows = read_csv(&world.path().join("plan/providers.csv"));
    let get = |id: &str| {
        rows.iter()
            .find(|r| r["id"] == id)
            .unwrap_or_else(|| panic!("no row {id}"))
    };
    let ids: Vec<&str> = rows.iter().map(|r| r["id"].as_str()).collect();
    assert_eq!(
        ids,
        [
            "3456789-pob",
            "4567890-ter",
            "5678901-amb",
            "5678901-ter",
            "6789012-pob",
            "7890123-amb"
        ]
    );
    let home = get("3456789-pob");
    // All 60 beds at the one facility in force, at its address point.
    assert_eq!(home["capacity"], "60");
    assert_eq!(home["located"], "address");
    assert_eq!(home["service"], "home_for_elderly");
    assert_eq!(
        home["provider"],
        "Domov pro seniory Hlinecká, příspěvková organizace"
    );
    assert_eq!(home["ico"], "00248347");
    assert_eq!(home["address"], "Hlinecká 1227/3, 375 01 Týn nad Vltavou");
    assert_eq!(home["phone"], "385 000 111; 385 000 112");
    assert_eq!(home["email"], "socialni@domov-hlinecka.example");
    assert_eq!(home["web"], "https://domov-hlinecka.example");
    assert_eq!(home["target_groups"], "senioři; osoby žijící s demencí");
    assert_eq!(
        home["age_groups"],
        "mladší senioři (65–80 let); starší senioři (nad 80 let)"
    );
    assert_eq!(home["secret_address"], "false");
    // 40 clients, not 20 + 20 over two copies of one place.
    assert_eq!(get("4567890-ter")["capacity"], "40");
    assert_eq!(get("4567890-ter")["web"], "https://www.tyn.example");
    assert_eq!(get("5678901-amb")["service"], "social_counselling");
    assert_eq!(get("5678901-amb")["unit"], "kontakt");
    assert_eq!(get("7890123-amb")["service"], "type_2");
    let shelter = get("6789012-pob");
    assert_eq!(shelter["address"], "");
    assert_eq!(shelter["secret_address"], "true");
    assert_eq!(shelter["located"], "municipality");
    assert_eq!(shelter["phone"], "800 123 456");
    assert_eq!(shelter["target_groups"], "oběti domácího násilí");

    // The unknown type takes its name from the codebook.
    let scenario = std::fs::read_to_string(world.path().join("plan/scenario.toml")).unwrap();
    assert!(scenario.contains("[services.social_counselling]"));
    assert!(
        scenario.contains("label = \"Služba podle číselníku 2\""),
        "{scenario}"
    );
    let sources = std::fs::read_to_string(world.path().join("plan/SOURCES.md")).unwrap();
    assert!(
        sources
            .contains("left out: 1 of services with providers here, and 1 of services with none"),
        "{sources}"
    );
    // run ignores the new columns.
    let o = gapmap(
        &world.path().join("plan"),
        &["run", "scenario.toml", "--out", "out", "--quiet"],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
}

#[test]
fn without_codebooks_the_known_groups_are_named() {
    let world = planning_world();
    let o = init(world.path(), &[]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let rows = read_csv(&world.path().join("plan/providers.csv"));
    assert_eq!(rows[0]["target_groups"], "senioři; osoby žijící s demencí");
    assert_eq!(
        rows[0]["age_groups"],
        "VekovaSkupinaOsoby/8; VekovaSkupinaOsoby/9"
    );
    let scenario = std::fs::read_to_string(world.path().join("plan/scenario.toml")).unwrap();
    assert!(scenario.contains("label = \"Druh sociální služby 2\""));
}

#[test]
fn bad_dates_and_codebooks_are_refused_naming_the_json_path() {
    let world = planning_world();
    let dir = world.path();
    let refused = |extra: &[&str], message: &str| {
        let mut args = vec!["init", "plan", "--orp", "299"];
        args.extend_from_slice(extra);
        common::assert_refused(dir, &args, message, "plan");
    };
    let with_registry = ["--registry", "rpss.json", "--date", "2026-01-01"];
    let text = std::fs::read_to_string(dir.join("rpss.json")).unwrap();
    // The third facility of the first service gets a date that is not a date.
    let bad = text.replacen(
        "\"poskytujeOd\": \"2005-01-01T00:00:00\"",
        "\"poskytujeOd\": \"1. 1. 2005\"",
        1,
    );
    assert_ne!(bad, text);
    std::fs::write(dir.join("rpss.json"), bad).unwrap();
    refused(
        &with_registry,
        "rpss.json: polozky[0].zarizeni[2].poskytujeOd (service 3456789): invalid date (got \"1. 1. 2005\")",
    );
    let bad_end = text.replacen(
        "\"datumPoskytovaniDo\": \"2024-12-31T00:00:00\"",
        "\"datumPoskytovaniDo\": \"2024-02-30\"",
        1,
    );
    std::fs::write(dir.join("rpss.json"), bad_end).unwrap();
    refused(
        &with_registry,
        "rpss.json: polozky[5].datumPoskytovaniDo (service 8901234): invalid date (got \"2024-02-30\")",
    );
    std::fs::write(dir.join("rpss.json"), &text).unwrap();

    // A codebook in another layout: exit 2, naming it.
    let with_codebooks = ["--registry", "rpss.json", "--codebooks", "ciselniky"];
    std::fs::write(
        dir.join("ciselniky/vekove-skupiny-osoby.json"),
        r#"[{"kod": 8, "text": "mladší senioři"}]"#,
    )
    .unwrap();
    refused(
        &with_codebooks,
        "vekove-skupiny-osoby.json: line 1: is not in the layout of MPSV's codebooks",
    );
    // The target groups' file given where the age groups' belongs: its ids say so.
    std::fs::copy(
        dir.join("ciselniky/cilove-skupiny-osoby.json"),
        dir.join("ciselniky/vekove-skupiny-osoby.json"),
    )
    .unwrap();
    refused(
        &with_codebooks,
        "vekove-skupiny-osoby.json: polozky[0].id: must be \"VekovaSkupinaOsoby/<code>\" (got \"CilovaSkupinaOsoby/5\")",
    );
    refused(&["--codebooks", "nowhere"], "nowhere: is not a folder");
}

/// The fixture registers no special-regime home, personal assistance, day care, youth club or
/// family support in the region: the plan still has them, with their norms, and their whole
/// need is unmet, so the gaps a region most lacks are in the results.
#[test]
fn the_standard_services_stay_when_the_registry_lacks_them() {
    let world = planning_world();
    let o = init(world.path(), &[]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let plan = world.path().join("plan");
    let scenario = std::fs::read_to_string(plan.join("scenario.toml")).unwrap();
    let services: Vec<&str> = scenario
        .lines()
        .filter_map(|l| l.strip_prefix("[services.")?.strip_suffix(']'))
        .collect();
    // The standard set first, in its order, then the registry's other types by code.
    assert_eq!(
        services,
        [
            "home_for_elderly",
            "special_regime_home",
            "home_care",
            "personal_assistance",
            "day_care",
            "family_support",
            "youth_club",
            "shelter",
            "social_counselling",
            "type_2",
        ]
    );
    assert!(scenario.contains(
        "[services.special_regime_home]\nlabel = \"Domovy se zvláštním režimem\"\nform = \
         \"residential\"\ncatchment = 25.0\ndecay = { kind = \"step\" }\nneed = [{ group = \
         \"seniors_80\", per_1000 = 25.0 }]"
    ));
    let o = gapmap(&plan, &["run", "scenario.toml", "--out", "out", "--quiet"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let summary = read_csv(&plan.join("out/summary.csv"));
    let row = |id: &str| {
        summary
            .iter()
            .find(|r| r["service"] == id)
            .unwrap_or_else(|| panic!("no summary row for {id}"))
    };
    for id in ["special_regime_home", "personal_assistance", "day_care"] {
        let r = row(id);
        assert_eq!(common::num(r, "capacity"), 0.0, "{id}");
        assert!(common::num(r, "need") > 0.0, "{id}");
        assert_eq!(r["unmet"], r["need"], "{id}: the whole need is unmet");
    }
    assert_eq!(common::num(row("home_for_elderly"), "capacity"), 60.0);
}

/// `gapmap generate registry` gives a region capacities in proportion to its people: every
/// service it registers covers 40–130 % of the need `init`'s norms give, so that a demo looks
/// like a real region. A small region lacks some small services, as a real one does.
#[test]
fn a_generated_registry_fits_its_region() {
    for (orp, absent) in [("1741", 0), ("299", 1)] {
        let dir = tempfile::tempdir().unwrap();
        let o = gapmap(
            dir.path(),
            &["generate", "registry", "--out", "rpss.json", "--orp", orp],
        );
        assert_eq!(o.code, 0, "{}", o.stderr);
        let o = gapmap(
            dir.path(),
            &[
                "init",
                "plan",
                "--orp",
                orp,
                "--registry",
                "rpss.json",
                "--date",
                "2026-01-01",
            ],
        );
        assert_eq!(o.code, 0, "{}", o.stderr);
        let o = gapmap(
            dir.path(),
            &["run", "plan/scenario.toml", "--out", "out", "--quiet"],
        );
        assert_eq!(o.code, 0, "{}", o.stderr);
        let summary = read_csv(&dir.path().join("out/summary.csv"));
        let mut missing = 0;
        for row in &summary {
            let coverage = common::num(row, "coverage");
            if common::num(row, "capacity") == 0.0 {
                missing += 1;
                continue;
            }
            assert!(
                (0.4..=1.3).contains(&coverage),
                "ORP {orp}, {}: coverage {coverage}",
                row["service"]
            );
        }
        assert_eq!(missing, absent, "ORP {orp}: services without a provider");
    }
}
