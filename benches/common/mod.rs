//! What the benchmarks share: the country inputs, studies over random demand points, and a
//! registry of realistic size.

#![allow(dead_code, reason = "each bench uses its own subset of the helpers")]

use std::path::{Path, PathBuf};

use gapmap::model::{LonLat, Origin, Provider, Shape, Study, Unit};
use gapmap::synth;

/// Writes the country inputs to a temp folder and returns the scenario path: the real
/// municipalities when `../shared/data/cz` is there, a generated country otherwise.
pub fn country(dir: &Path) -> PathBuf {
    let real = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/cz");
    let real = real
        .join("municipalities.geojson")
        .exists()
        .then_some(real.as_path());
    synth::country_files(6258, 6700, 1, real)
        .unwrap()
        .write(dir)
        .unwrap();
    dir.join("country.toml")
}

/// `n` demand points, each its own unit, placed by `at`, with 1 to 100 people each.
pub fn demand_points(
    n: usize,
    rng: &mut synth::Rng,
    at: impl Fn(&mut synth::Rng) -> LonLat,
) -> (Vec<Unit>, Vec<Origin>, Vec<f64>) {
    let units = (0..n)
        .map(|i| Unit {
            id: i.to_string(),
            name: String::new(),
            shape: Shape::None,
            in_region: true,
        })
        .collect();
    let origins = (0..n)
        .map(|i| Origin {
            id: i.to_string(),
            unit: i,
            location: Some(at(rng)),
        })
        .collect();
    let counts = (0..n).map(|_| rng.range(1.0, 100.0).round()).collect();
    (units, origins, counts)
}

/// A study of the scenario `text` (one group, `all`, over the column `total`) on demand points
/// and providers made in memory.
pub fn study(
    text: &str,
    (units, origins, counts): (Vec<Unit>, Vec<Origin>, Vec<f64>),
    providers: Vec<Provider>,
) -> Study {
    let scenario = gapmap::scenario::Scenario::parse(Path::new("bench.toml"), text).unwrap();
    Study {
        name: scenario.name.clone(),
        units,
        origins,
        columns: scenario.columns.clone(),
        counts,
        groups: scenario.groups.clone(),
        services: scenario.services.clone(),
        providers,
        costs: None,
        priorities: scenario.priorities.clone(),
        ages: None,
    }
}

/// A registry file in the layout of MPSV's `rpss.json`, of realistic size: `services`
/// services with `facilities` facilities in all, in the given municipalities, each service
/// with the keys the importer skips (contacts, statutory bodies, target groups, long texts),
/// so that the file is about as large per service as the real one (30–100 MB for ~6,700).
pub fn registry(
    services: usize,
    facilities: usize,
    municipalities: &[String],
    seed: u64,
) -> String {
    let mut rng = synth::Rng::new(seed);
    let text = |rng: &mut synth::Rng, words: usize| -> String {
        const WORDS: [&str; 12] = [
            "služba",
            "poskytuje",
            "podporu",
            "klientům",
            "v",
            "jejich",
            "přirozeném",
            "prostředí",
            "s",
            "cílem",
            "zachovat",
            "soběstačnost",
        ];
        (0..words)
            .map(|_| WORDS[rng.below(WORDS.len())])
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut out = String::with_capacity(services * 7_000);
    out.push_str("{\"polozky\": [\n");
    let mut left = facilities;
    for s in 0..services {
        let here = if s + 1 == services {
            left.max(1)
        } else {
            let share = (left / (services - s)).max(1);
            rng.below(2 * share).max(1).min(left.max(1))
        };
        left = left.saturating_sub(here);
        let kind = [13, 14, 4, 3, 10, 28, 25, 20, 2, 8][rng.below(10)];
        let form = ["pob", "amb", "ter"][rng.below(3)];
        let unit = if form == "pob" { "luzka" } else { "klient" };
        let ended = if rng.below(10) == 0 {
            "\"2019-12-31\""
        } else {
            "null"
        };
        let zarizeni: Vec<String> = (0..here)
            .map(|k| {
                let obec = &municipalities[rng.below(municipalities.len())];
                format!(
                    r#"{{"id": {k}, "nazev": "Zařízení {s}-{k}", "utajenaAdresa": {}, "vedouci": {{"jmeno": "Jana", "prijmeni": "Nováková"}},
 "adresa": {{"cisloDomovni": {}, "cisloOrientacni": "{}", "dodatekAdresy": null, "kodAdresnihoMista": {}, "psc": "35201",
  "typCislaDomovniho": {{"id": "TypStavebnihoObjektu/1"}}, "kraj": {{"id": "Kraj/51"}}, "okres": {{"id": "Okres/3402"}},
  "obec": {{"id": "Obec/{obec}"}}, "castObce": {{"id": "CastObce/405507"}}, "mestskyObvodMestskaCast": null,
  "mestskyObvodVPraze": null, "ulice": {{"nazev": "Nemocniční"}}}},
 "telefony": [{{"telefon": "354525345", "poznamka": null}}], "emaily": [{{"email": "info@example.cz", "poznamka": null}}]}}"#,
                    rng.below(50) == 0,
                    1 + rng.below(3000),
                    1 + rng.below(90),
                    10_000_000 + rng.below(30_000_000)
                )
            })
            .collect();
        out.push_str(&format!(
            r#"{{"portalId": {s}, "id": {s}, "identifikator": "{}", "datumPoskytovaniOd": "2007-01-01", "datumPoskytovaniDo": {ended},
"kontaktniAdresy": [], "druhSocialniSluzby": {{"id": "DruhSocialniSluzby/{kind}"}},
"zarizeni": [{}],
"poskytovatel": {{"nazev": "Poskytovatel {s}", "ico": "{:08}", "pravniForma": {{"id": "PravniForma/141"}},
  "statutarniOrgany": [{{"jmeno": "Jan", "prijmeni": "Novák", "titulPred": "Mgr.", "funkce": "ředitel"}}],
  "emaily": [{{"email": "reditel@example.cz", "poznamka": null}}], "telefony": [{{"telefon": "777123456", "poznamka": null}}],
  "weby": [{{"web": "http://www.example.cz", "poznamka": null}}]}},
"emaily": [{{"email": "sluzba@example.cz", "poznamka": null}}], "telefony": [{{"telefon": "354525345", "poznamka": null}}],
"faxy": [], "weby": [{{"web": "http://www.example.cz", "poznamka": null}}],
"ciloveSkupiny": [{{"id": "CilovaSkupinaOsoby/24"}}, {{"id": "CilovaSkupinaOsoby/30"}}, {{"id": "CilovaSkupinaOsoby/26"}}],
"vekoveSkupiny": [{{"id": "VekovaSkupinaOsoby/8"}}, {{"id": "VekovaSkupinaOsoby/9"}}],
"doplnujiciInformaceVekoveSkupiny": null,
"formy": [{{"forma": {{"id": "FormaSocialniSluzby/{form}"}}, "nepretrzitePoskytovani": true, "casoveRozsahy": null,
  "kapacity": [{{"pocet": {}, "popis": "{}", "typ": {{"id": "TypKapacitySocialniSluzby/{unit}"}}}}]}}],
"rozsirenePusobnostiVKraji": [],
"doplnkoveUdaje": {{"poslaniCileZasady": "{}", "popisRealizace": "{}",
  "realizacePoskytovani": [{{"priloha": {{"url": "https://example.cz/documents/{s}"}}}}]}}}}{}
"#,
            1_000_000 + s,
            zarizeni.join(",\n"),
            10_000_000 + s,
            5 + rng.below(120),
            text(&mut rng, 20),
            text(&mut rng, 250),
            text(&mut rng, 300),
            if s + 1 == services { "" } else { "," }
        ));
    }
    out.push_str("]}\n");
    out
}
