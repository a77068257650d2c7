//! A synthetic region: the demo, or a country-sized set, with its files.

#![allow(
    clippy::indexing_slicing,
    reason = "the generator indexes only lists it has just built, of sizes it chose"
)]

use std::fmt::Write as _;

use super::population::age_bands;
use super::*;

/// A synthetic region: municipalities and providers.
pub struct Region {
    pub label: String,
    pub municipalities: Vec<Municipality>,
    pub providers: Vec<Provider>,
}

/// Names of the demo's municipalities, by run; index 6 is the town.
const DEMO_NAMES: [&str; 20] = [
    "Horní Lhota",
    "Kamenná",
    "Chlum",
    "Zálesí",
    "Nová Ves",
    "Rybníčky",
    "Loučovice nad Blanicí",
    "Dolní Lhota",
    "Podhradí",
    "Březí",
    "Malá Strana",
    "Vysoká",
    "Lipnice",
    "Olešná",
    "Bukovec",
    "Dubové",
    "Radošov",
    "Studená",
    "Hrádek",
    "Ostrov",
];

impl Region {
    /// The embedded demo: a synthetic ORP-sized region in southern Bohemia, about 36 × 28 km,
    /// 20 municipalities around the town of Loučovice nad Blanicí, 14 providers of 7 services.
    pub fn demo() -> Region {
        let lattice = Lattice {
            cols: 6,
            rows: 4,
            cell_km: 6.5,
            origin: (14.20, 49.10),
            seed: 2026,
        };
        let mut rng = Rng::new(7);
        // Fixed runs, so the region reads the same however the generator evolves: 20 units.
        let runs: [(usize, usize, usize); 20] = [
            (0, 0, 2),
            (2, 0, 1),
            (3, 0, 1),
            (4, 0, 2),
            (0, 1, 1),
            (1, 1, 1),
            (2, 1, 1),
            (3, 1, 2),
            (5, 1, 1),
            (0, 2, 1),
            (1, 2, 2),
            (3, 2, 1),
            (4, 2, 1),
            (5, 2, 1),
            (0, 3, 1),
            (1, 3, 1),
            (2, 3, 1),
            (3, 3, 1),
            (4, 3, 1),
            (5, 3, 1),
        ];
        let town = DEMO_TOWN;
        let municipalities: Vec<Municipality> = runs
            .iter()
            .enumerate()
            .map(|(k, &(i, j, w))| {
                let (total, tilt) = if k == town {
                    (6480, -0.05)
                } else {
                    let t = (rng.range(120f64.ln(), 1900f64.ln())).exp().round() as u64;
                    (t, 0.25 - (t as f64 / 8000.0))
                };
                Municipality {
                    code: format!("{}", 990_001 + k),
                    name: DEMO_NAMES[k].to_string(),
                    polygon: lattice.run(i, j, w),
                    bands: age_bands(total, tilt, &mut rng),
                }
            })
            .collect();
        let code = |k: usize| municipalities[k].code.clone();
        let at = |k: usize, dx: f64, dy: f64| {
            let (x, y) = municipalities[k].point();
            Some((round6(x + dx), round6(y + dy)))
        };
        let p = |id: &str,
                 name: &str,
                 service: &str,
                 capacity: u32,
                 location,
                 groups: &[&str],
                 area: Vec<String>| Provider {
            id: id.into(),
            name: name.into(),
            service: service.into(),
            capacity,
            location,
            groups: groups.iter().map(|s| s.to_string()).collect(),
            area,
        };
        let west: Vec<String> = [0, 4, 5, 9, 10, 14, 15, 6]
            .iter()
            .map(|&k| code(k))
            .collect();
        let east: Vec<String> = [3, 7, 8, 12, 13, 18, 19].iter().map(|&k| code(k)).collect();
        let providers = vec![
            p(
                "DS-01",
                "Domov pro seniory Loučovice",
                "home_for_elderly",
                40,
                at(town, 0.004, 0.002),
                &[],
                vec![],
            ),
            p(
                "DS-02",
                "Domov Na Výsluní Vysoká",
                "home_for_elderly",
                18,
                at(11, 0.0, 0.0),
                &[],
                vec![],
            ),
            p(
                "DZR-01",
                "Domov se zvláštním režimem Chlum",
                "home_for_elderly",
                12,
                at(2, 0.0, 0.0),
                &[],
                vec![],
            ),
            p(
                "PS-01",
                "Pečovatelská služba města Loučovice",
                "home_care",
                120,
                at(town, -0.002, 0.001),
                &[],
                west,
            ),
            p(
                "PS-02",
                "Charita – pečovatelská služba Východ",
                "home_care",
                45,
                None,
                &[],
                east,
            ),
            p(
                "DST-01",
                "Denní stacionář Slunce",
                "day_care",
                15,
                at(town, 0.003, -0.002),
                &[],
                vec![],
            ),
            p(
                "DST-02",
                "Denní stacionář Lipnice",
                "day_care",
                8,
                at(12, 0.0, 0.0),
                &["seniors_65"],
                vec![],
            ),
            p(
                "OA-01",
                "Osobní asistence Jih",
                "personal_assistance",
                22,
                at(town, -0.003, -0.001),
                &[],
                vec![],
            ),
            p(
                "OA-02",
                "Asistence bez bariér",
                "personal_assistance",
                10,
                at(17, 0.0, 0.0),
                &["disabled"],
                vec![],
            ),
            p(
                "NZDM-01",
                "Klub Céčko",
                "youth_club",
                35,
                at(town, 0.001, 0.003),
                &[],
                vec![],
            ),
            p(
                "NZDM-02",
                "Klub Kamenná",
                "youth_club",
                12,
                at(1, 0.0, 0.0),
                &[],
                vec![],
            ),
            p(
                "SAS-01",
                "Sociálně aktivizační služba pro rodiny",
                "family_support",
                8,
                at(town, -0.001, 0.002),
                &[],
                [town, 1, 2, 5, 10, 11, 16]
                    .iter()
                    .map(|&k| code(k))
                    .collect(),
            ),
            p(
                "AD-01",
                "Azylový dům Loučovice",
                "shelter",
                5,
                at(town, 0.002, 0.004),
                &[],
                vec![],
            ),
            p(
                "AD-02",
                "Noclehárna Podhradí",
                "shelter",
                3,
                at(8, 0.0, 0.0),
                &[],
                vec![],
            ),
        ];
        Region {
            label: "gapmap demo region (synthetic; not a real place)".into(),
            municipalities,
            providers,
        }
    }

    /// A country-sized synthetic region: about `n` municipalities on a lattice over a
    /// Czechia-sized box, with `providers` providers of the demo's services.
    pub fn country(n: usize, providers: usize, seed: u64) -> Region {
        Region::country_with(n, providers, seed, super::providers::SERVICE_MIX.len())
    }

    /// [`Region::country`] with providers of the first `services` of the demo's services.
    pub fn country_with(n: usize, providers: usize, seed: u64, services: usize) -> Region {
        // Runs average 2 cells, so a lattice of 2n cells gives about n municipalities.
        let rows = ((2 * n) as f64 / 2.2).sqrt().ceil() as usize;
        let cols = (2 * n).div_ceil(rows);
        let lattice = Lattice {
            cols,
            rows,
            cell_km: 4.4,
            origin: (12.2, 48.6),
            seed,
        };
        let mut rng = Rng::new(seed ^ 0x00C0_FFEE);
        let runs = lattice.runs(3, &mut rng);
        let municipalities: Vec<Municipality> = runs
            .iter()
            .enumerate()
            .map(|(k, &(i, j, w))| {
                // Log-uniform 50..5,000, with one town in 60 of 5,000..100,000: Czech-like.
                let total = if rng.below(60) == 0 {
                    rng.range(5000f64.ln(), 100_000f64.ln()).exp()
                } else {
                    rng.range(50f64.ln(), 5000f64.ln()).exp()
                }
                .round() as u64;
                let tilt = 0.25 - (total as f64 / 8000.0).min(0.3);
                Municipality {
                    code: format!("{}", 900_000 + k),
                    name: format!("Obec {}", k + 1),
                    polygon: lattice.run(i, j, w),
                    bands: age_bands(total, tilt, &mut rng),
                }
            })
            .collect();
        let points: Vec<(String, (f64, f64), u64)> = municipalities
            .iter()
            .map(|m| (m.code.clone(), m.point(), m.total()))
            .collect();
        let providers = place_providers(&points, providers, seed, services);
        Region {
            label: format!("gapmap synthetic country (seed {seed}; not real data)"),
            municipalities,
            providers,
        }
    }

    /// `municipalities.geojson`: `code`, `name`, and a polygon per feature.
    pub fn municipalities_geojson(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{{\"type\":\"FeatureCollection\",\"name\":{},\"features\":[",
            json(&self.label)
        );
        for (k, m) in self.municipalities.iter().enumerate() {
            if k > 0 {
                out.push_str(",\n");
            }
            let _ = write!(
                out,
                "{{\"type\":\"Feature\",\"properties\":{{\"code\":{},\"name\":{},\"synthetic\":true}},\
                 \"geometry\":{{\"type\":\"Polygon\",\"coordinates\":[[",
                json(&m.code),
                json(&m.name)
            );
            for (i, c) in m.polygon.exterior().0.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                let _ = write!(out, "[{},{}]", round6(c.x), round6(c.y));
            }
            out.push_str("]]}}");
        }
        out.push_str("\n]}\n");
        out
    }

    /// `population.csv`: `code,name,total,age_0_4 … age_85_plus`, as ČSÚ publishes it.
    pub fn population_csv(&self) -> String {
        let mut out = format!("code,name,total,{}\n", AGE_BANDS.join(","));
        for m in &self.municipalities {
            let bands: Vec<String> = m.bands.iter().map(u64::to_string).collect();
            let _ = writeln!(
                out,
                "{},{},{},{}",
                m.code,
                csv_field(&m.name),
                m.total(),
                bands.join(",")
            );
        }
        out
    }

    /// `providers.csv`: `id,name,service,capacity,lon,lat,groups,area`.
    pub fn providers_csv(&self) -> String {
        providers_csv(&self.providers)
    }
}

/// The demo's run (2, 1) near the middle: the ORP's town.
const DEMO_TOWN: usize = 6;
