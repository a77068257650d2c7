//! A registry file in the shape of MPSV's `rpss.json`, invented: for benchmarks at national
//! size, and for trying `init` and `catalogue` on a real region without the real file.
//!
//! It has what the real file has and the reader must cope with: contacts at the levels of the
//! service and of the provider (services without their own web or phone), ended services,
//! facility dates (closed and future facilities), facilities repeated word for word,
//! facilities without an address (3.6 % of a service's second and later facilities), secret
//! addresses, IČOs as numbers, statutory bodies,
//! heads of facilities and document URLs, and long texts, so that it is about as large per
//! service as the real one (30–100 MB for ~6,700 services). Every name, number and address in
//! it is invented.
//!
//! Capacities follow the region's people: each kind of service gets, in all, between 55 % and
//! 115 % of the need that `init`'s norms give for the region (drawn once per kind), shared out
//! among its services, so that a demo looks like a real region, neither empty nor full.

#![allow(
    clippy::indexing_slicing,
    reason = "the generator indexes only lists it has just built, of sizes it chose"
)]

use std::fmt::Write;

use super::Rng;

/// The services of the real registry of 31 Aug 2026 per person: 6,733 services and 18,907
/// facilities for 10,701,777 people.
pub const SERVICES_PER_PERSON: f64 = 6_733.0 / 10_701_777.0;
pub const FACILITIES_PER_SERVICE: f64 = 18_907.0 / 6_733.0;

/// Kinds and the form each is registered in, with the unit of its capacity.
pub const KINDS: [(u32, &str, &str, &str); 12] = [
    (13, "pob", "Domov pro seniory", "luzka"),
    (14, "pob", "Domov se zvláštním režimem", "luzka"),
    (4, "ter", "Pečovatelská služba", "klient"),
    (3, "ter", "Osobní asistence", "klient"),
    (10, "amb", "Denní stacionář", "klient"),
    (
        28,
        "ter",
        "Sociálně aktivizační služby pro rodiny s dětmi",
        "klient",
    ),
    (25, "amb", "Nízkoprahový klub", "kontakt"),
    (20, "pob", "Azylový dům", "luzka"),
    (1, "amb", "Odborné sociální poradenství", "kontakt"),
    (8, "pob", "Odlehčovací služba", "luzka"),
    (33, "amb", "Sociální rehabilitace", "klient"),
    (32, "ter", "Terénní program", "kontakt"),
];

const ORGANISATIONS: [&str; 8] = [
    "Charita",
    "Diakonie",
    "Sociální služby města",
    "Centrum sociálních služeb",
    "Spolek Pomocná ruka",
    "Domov a péče",
    "Rodinné centrum",
    "Život bez bariér",
];

const STREETS: [&str; 10] = [
    "Nádražní",
    "Školní",
    "Zahradní",
    "Komenského",
    "Husova",
    "Palackého",
    "Nemocniční",
    "Lesní",
    "Tyršova",
    "Sokolská",
];

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

/// A registry of `services` services with `facilities` facilities in all, placed in
/// `municipalities` (code, name, people), from `seed`. `need` gives each kind's need in the
/// region (people × `init`'s norms), in the order of [`KINDS`]: services and capacity follow
/// it. Services stand mostly where the people are: seven in ten in a municipality drawn by its
/// people, the others in any.
pub fn registry(
    services: usize,
    facilities: usize,
    municipalities: &[(String, String, u64)],
    need: &[f64; 12],
    seed: u64,
) -> String {
    let mut rng = Rng::new(seed);
    let total: u64 = municipalities.iter().map(|m| m.2).sum();
    let mut cumulative = Vec::with_capacity(municipalities.len());
    let mut running = 0u64;
    for m in municipalities {
        running += m.2;
        cumulative.push(running);
    }
    let pick = |rng: &mut Rng| -> usize {
        if total > 0 && rng.below(10) < 7 {
            let at = (rng.unit() * total as f64) as u64;
            cumulative
                .partition_point(|&c| c <= at)
                .min(municipalities.len() - 1)
        } else {
            rng.below(municipalities.len())
        }
    };
    let plan = capacities(services, need, &mut rng);
    let mut per_kind = [0usize; 12];
    for &(k, _) in &plan {
        per_kind[k] += 1;
    }
    let text = |rng: &mut Rng, words: usize| -> String {
        (0..words)
            .map(|_| WORDS[rng.below(WORDS.len())])
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut out = String::with_capacity(services * 7_000);
    out.push_str("{\"polozky\": [\n");
    let mut left = facilities;
    for (s, &(kind_at, capacity)) in plan.iter().enumerate() {
        let here = if s + 1 == services {
            left.max(1)
        } else {
            let share = (left / (services - s)).max(1);
            rng.below(2 * share).max(1).min(left.max(1))
        };
        left = left.saturating_sub(here);
        let (kind, form, label, unit) = KINDS[kind_at];
        let (home_code, home_name, _) = &municipalities[pick(&mut rng)];
        let organisation = ORGANISATIONS[rng.below(ORGANISATIONS.len())];
        // The traps never take a kind's only service, nor a service's first facility, so that
        // the region keeps what it has.
        let ended = if per_kind[kind_at] > 1 && rng.below(10) == 0 {
            "\"2019-12-31T00:00:00\""
        } else {
            "null"
        };
        let mut zarizeni: Vec<String> = Vec::new();
        for k in 0..here {
            // Most facilities stand in the service's home municipality, some nearby.
            let (code, name) = if k == 0 || rng.below(3) > 0 {
                (home_code, home_name)
            } else {
                let m = &municipalities[pick(&mut rng)];
                (&m.0, &m.1)
            };
            let (from, to) = match if k == 0 { 2 } else { rng.below(20) } {
                0 => ("\"2005-01-01T00:00:00\"", "\"2022-12-31T00:00:00\""),
                1 => ("\"2099-01-01T00:00:00\"", "null"),
                _ => ("\"2010-01-01T00:00:00\"", "null"),
            };
            let secret = kind == 20 && rng.below(2) == 0;
            let street = STREETS[rng.below(STREETS.len())];
            let adresa = if k > 0 && rng.below(1000) < 36 {
                String::new()
            } else {
                format!(
                    r#", "adresa": {{"cisloDomovni": {}, "cisloOrientacni": "{}", "dodatekAdresy": null, "kodAdresnihoMista": {}, "psc": "{}",
  "typCislaDomovniho": {{"id": "TypStavebnihoObjektu/1"}}, "kraj": {{"id": "Kraj/51"}}, "okres": {{"id": "Okres/3402"}},
  "obec": {{"id": "Obec/{code}"}}, "castObce": {{"id": "CastObce/405507"}}, "mestskyObvodMestskaCast": null,
  "mestskyObvodVPraze": null, "ulice": {{"nazev": "{street}"}}}}"#,
                    1 + rng.below(3000),
                    1 + rng.below(90),
                    10_000_000 + rng.below(30_000_000),
                    10_000 + rng.below(80_000),
                )
            };
            let facility = format!(
                r#"{{"id": {k}, "nazev": "{label} {name}{}", "utajenaAdresa": {secret}, "poskytujeOd": {from}, "poskytujeDo": {to},
 "vedouci": {{"jmeno": "Jana", "prijmeni": "Nováková"}}{adresa},
 "telefony": [{{"telefon": "354 525 {:03}", "poznamka": null}}], "emaily": [{{"email": "info@example.cz", "poznamka": null}}]}}"#,
                if k > 0 {
                    format!(" {}", k + 1)
                } else {
                    String::new()
                },
                rng.below(1000),
            );
            // The registry repeats some facilities word for word.
            if rng.below(30) == 0 {
                zarizeni.push(facility.clone());
            }
            zarizeni.push(facility);
        }
        // Some services have no web or phone of their own: the provider's stand in.
        let own_web = if rng.below(10) < 8 {
            format!(r#"{{"web": "https://www.sluzba-{s}.example.cz", "poznamka": null}}"#)
        } else {
            String::new()
        };
        let own_phone = if rng.below(10) < 9 {
            format!(
                r#"{{"telefon": "{} {:03} {:03}", "poznamka": null}}"#,
                300 + rng.below(500),
                rng.below(1000),
                rng.below(1000)
            )
        } else {
            String::new()
        };
        // About one IČO in ten is written as a JSON number, which loses its leading zeros.
        let ico = if rng.below(10) == 0 {
            format!("{}", rng.below(1_000_000))
        } else {
            format!("\"{:08}\"", 10_000_000 + s)
        };
        let groups: Vec<String> = [24, 30, 26, 12, 5][..1 + rng.below(4)]
            .iter()
            .map(|g| format!(r#"{{"cilovaSkupina": {{"id": "CilovaSkupinaOsoby/{g}"}}}}"#))
            .collect();
        let _ = write!(
            out,
            r#"{{"portalId": {s}, "id": {s}, "identifikator": "{}", "datumPoskytovaniOd": "2007-01-01T00:00:00", "datumPoskytovaniDo": {ended},
"kontaktniAdresy": [], "druhSocialniSluzby": {{"id": "DruhSocialniSluzby/{kind}"}},
"zarizeni": [{}],
"poskytovatel": {{"nazev": "{organisation} {home_name}", "ico": {ico}, "pravniForma": {{"id": "PravniForma/141"}},
  "statutarniOrgany": [{{"jmeno": "Jan", "prijmeni": "Novák", "titulPred": "Mgr.", "funkce": "ředitel"}}],
  "emaily": [{{"email": "reditel@example.cz", "poznamka": null}}], "telefony": [{{"telefon": "777 123 456", "poznamka": null}}],
  "weby": [{{"web": "https://www.organizace-{s}.example.cz", "poznamka": null}}]}},
"emaily": [{{"email": "sluzba{s}@example.cz", "poznamka": null}}], "telefony": [{own_phone}],
"faxy": [], "weby": [{own_web}],
"ciloveSkupiny": [{}],
"vekoveSkupiny": [{{"vekovaSkupina": {{"id": "VekovaSkupinaOsoby/8"}}}}, {{"vekovaSkupina": {{"id": "VekovaSkupinaOsoby/9"}}}}],
"doplnujiciInformaceVekoveSkupiny": null,
"formy": [{{"forma": {{"id": "FormaSocialniSluzby/{form}"}}, "nepretrzitePoskytovani": true, "casoveRozsahy": null,
  "kapacity": [{{"pocet": {}, "popis": "{}", "typ": {{"id": "TypKapacitySocialniSluzby/{unit}"}}}}]}}],
"rozsirenePusobnostiVKraji": [],
"doplnkoveUdaje": {{"poslaniCileZasady": "{}", "popisRealizace": "{}",
  "realizacePoskytovani": [{{"priloha": {{"url": "https://example.cz/documents/{s}"}}}}]}}}}{}
"#,
            1_000_000 + s,
            zarizeni.join(",\n"),
            groups.join(", "),
            capacity,
            text(&mut rng, 20),
            text(&mut rng, 250),
            text(&mut rng, 300),
            if s + 1 == services { "" } else { "," }
        );
    }
    out.push_str("]}\n");
    out
}

/// Each of `services` services' kind (a position in [`KINDS`]) and capacity, in a shuffled
/// order: a kind gets services in proportion to its need, at least one where it has need, and
/// in all 55–115 % of its need as capacity, each service within ±30 % of its kind's mean.
fn capacities(services: usize, need: &[f64; 12], rng: &mut Rng) -> Vec<(usize, u64)> {
    let total: f64 = need.iter().sum();
    let mut count = [0usize; 12];
    if total > 0.0 {
        for (k, &n) in need.iter().enumerate() {
            count[k] = ((services as f64 * n / total).round() as usize).max(usize::from(n > 0.0));
        }
    }
    // Rounding may leave more or fewer than asked for: the largest kinds give or take.
    let mut order: Vec<usize> = (0..12).collect();
    order.sort_by(|&a, &b| need[b].total_cmp(&need[a]).then(a.cmp(&b)));
    let mut i = 0;
    while count.iter().sum::<usize>() > services && i < 1000 {
        let k = order[i % 12];
        if count[k] > 1 {
            count[k] -= 1;
        }
        i += 1;
    }
    // A small region has fewer services than kinds: those with the least need go, as a small
    // town has a care home before a therapeutic community.
    for &k in order.iter().rev() {
        if count.iter().sum::<usize>() <= services {
            break;
        }
        count[k] = 0;
    }
    while count.iter().sum::<usize>() < services {
        count[order[i % 12]] += 1;
        i += 1;
    }
    let mut plan = Vec::with_capacity(services);
    for (k, &n) in count.iter().enumerate() {
        if n == 0 {
            continue;
        }
        let level = 0.55 + 0.6 * rng.below(1001) as f64 / 1000.0;
        let mean = need[k] * level / n as f64;
        for _ in 0..n {
            let jitter = 0.7 + 0.6 * rng.below(1001) as f64 / 1000.0;
            plan.push((k, ((mean * jitter).round() as u64).max(1)));
        }
    }
    // Fisher–Yates, so that kinds interleave as in the real file.
    for j in (1..plan.len()).rev() {
        plan.swap(j, rng.below(j + 1));
    }
    plan
}
