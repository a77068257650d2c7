//! Synthetic regions: municipalities, population and providers, deterministic from a seed.
//!
//! The polygons tile the region without gaps or overlaps by construction: they are runs of
//! cells of one jittered lattice, and two neighbours build their shared border from the same
//! lattice vertices and the same wiggles (keyed by the edge, not by the cell). Populations
//! follow the Czech 2020 age structure, older in small villages. The data is synthetic and says
//! so: codes start with 9 (real ČSÚ codes are 5xxxxx) and every file is marked.
//!
//! ```
//! let a = gapmap::synth::Region::demo();
//! let b = gapmap::synth::Region::demo();
//! assert_eq!(a.municipalities.len(), b.municipalities.len());
//! assert!((15..=25).contains(&a.municipalities.len()));
//! ```

use std::fmt::Write as _;
use std::path::Path;

use geo::{Coord, InteriorPoint, LineString, Polygon};

/// The age bands of the ČSÚ table "Věkové složení obyvatelstva obcí", as in
/// `population_2020.csv`: the ČSÚ importer's columns.
pub use crate::load::csu::BANDS as AGE_BANDS;

/// Czech age structure, 31 Dec 2020 (ČSÚ), per mille of the population, by band.
const CZ_AGE_PERMILLE: [f64; 18] = [
    53.0, 54.0, 51.0, 46.0, 48.0, 59.0, 64.0, 70.0, 83.0, 79.0, 64.0, 61.0, 62.0, 65.0, 57.0, 39.0,
    23.0, 22.0,
];

/// SplitMix64: small, fast, and the same numbers on every platform.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in [lo, hi).
    pub fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    /// Uniform integer in [0, n).
    pub fn below(&mut self, n: usize) -> usize {
        (self.unit() * n as f64) as usize % n.max(1)
    }
}

/// A stateless hash to [-1, 1): the wiggle of an edge must not depend on who asks first.
fn noise(seed: u64, a: u64, b: u64, k: u64) -> f64 {
    let mut r = Rng::new(
        seed ^ a.wrapping_mul(0x100_0000_01B3) ^ b.wrapping_mul(0xC2B2_AE3D_27D4_EB4F) ^ k,
    );
    r.unit() * 2.0 - 1.0
}

/// A synthetic municipality.
pub struct Municipality {
    pub code: String,
    pub name: String,
    pub polygon: Polygon,
    /// People per age band, in [`AGE_BANDS`] order.
    pub bands: [u64; 18],
}

impl Municipality {
    pub fn total(&self) -> u64 {
        self.bands.iter().sum()
    }

    /// A point inside the polygon.
    pub fn point(&self) -> (f64, f64) {
        let p = self
            .polygon
            .interior_point()
            .expect("a lattice cell is never empty");
        (p.x(), p.y())
    }
}

/// A synthetic provider, with the columns of `providers.csv`.
pub struct Provider {
    pub id: String,
    pub name: String,
    pub service: String,
    pub capacity: u32,
    pub location: Option<(f64, f64)>,
    pub groups: Vec<String>,
    pub area: Vec<String>,
}

/// The lattice of a region: `cols × rows` cells of about `cell_km`, south-west corner at
/// `origin` (lon, lat).
#[derive(Debug, Clone, Copy)]
pub struct Lattice {
    pub cols: usize,
    pub rows: usize,
    pub cell_km: f64,
    pub origin: (f64, f64),
    pub seed: u64,
}

/// km per degree of latitude on the GRS80 mean sphere.
const KM_PER_DEG: f64 = 111.195;

impl Lattice {
    fn vertex_id(&self, i: usize, j: usize) -> u64 {
        (j * (self.cols + 1) + i) as u64
    }

    /// Lattice vertex `(i, j)` in km from the origin, jittered by up to a quarter cell.
    fn vertex(&self, i: usize, j: usize) -> Coord {
        let id = self.vertex_id(i, j);
        Coord {
            x: (i as f64 + 0.25 * noise(self.seed, id, 1, 11)) * self.cell_km,
            y: (j as f64 + 0.25 * noise(self.seed, id, 2, 13)) * self.cell_km,
        }
    }

    /// Points from vertex `a` towards vertex `b`: `a` itself and two wiggles, not `b`.
    fn edge(&self, a: (usize, usize), b: (usize, usize)) -> Vec<Coord> {
        let (ia, ib) = (self.vertex_id(a.0, a.1), self.vertex_id(b.0, b.1));
        let (lo, hi) = if ia < ib { (a, b) } else { (b, a) };
        let (p, q) = (self.vertex(lo.0, lo.1), self.vertex(hi.0, hi.1));
        let (nx, ny) = (-(q.y - p.y), q.x - p.x);
        let mut pts: Vec<Coord> = [1.0 / 3.0, 2.0 / 3.0]
            .iter()
            .enumerate()
            .map(|(k, &t)| {
                let w = 0.12 * noise(self.seed, ia.min(ib), ia.max(ib), 17 + k as u64);
                Coord {
                    x: p.x + t * (q.x - p.x) + w * nx,
                    y: p.y + t * (q.y - p.y) + w * ny,
                }
            })
            .collect();
        if ia > ib {
            pts.reverse();
        }
        let mut out = vec![self.vertex(a.0, a.1)];
        out.extend(pts);
        out
    }

    fn lonlat(&self, c: Coord) -> Coord {
        let (lon0, lat0) = self.origin;
        let lat = lat0 + c.y / KM_PER_DEG;
        Coord {
            x: lon0 + c.x / (KM_PER_DEG * lat0.to_radians().cos()),
            y: lat,
        }
    }

    /// The polygon of the run of `w` cells starting at cell `(i, j)`, counter-clockwise.
    pub fn run(&self, i: usize, j: usize, w: usize) -> Polygon {
        let mut corners = Vec::new();
        corners.extend((i..=i + w).map(|x| (x, j)));
        corners.extend((i..=i + w).rev().map(|x| (x, j + 1)));
        let mut ring = Vec::new();
        for k in 0..corners.len() {
            ring.extend(self.edge(corners[k], corners[(k + 1) % corners.len()]));
        }
        ring.push(ring[0]);
        let ring: Vec<Coord> = ring.into_iter().map(|c| self.lonlat(c)).collect();
        Polygon::new(LineString::from(ring), vec![])
    }

    /// Cuts every row into runs of 1 to `max_w` cells.
    pub fn runs(&self, max_w: usize, rng: &mut Rng) -> Vec<(usize, usize, usize)> {
        let mut runs = Vec::new();
        for j in 0..self.rows {
            let mut i = 0;
            while i < self.cols {
                let w = (1 + rng.below(max_w)).min(self.cols - i);
                runs.push((i, j, w));
                i += w;
            }
        }
        runs
    }
}

/// People in bands for a municipality of `total`, older where `age_tilt` > 0.
fn age_bands(total: u64, age_tilt: f64, rng: &mut Rng) -> [u64; 18] {
    let weights: Vec<f64> = CZ_AGE_PERMILLE
        .iter()
        .enumerate()
        .map(|(b, w)| {
            let older = (b as f64 - 8.5) / 8.5; // −1 for children, +1 for the oldest
            w * (1.0 + age_tilt * older) * rng.range(0.85, 1.15)
        })
        .collect();
    let sum: f64 = weights.iter().sum();
    // Largest remainder, so the bands sum to the total exactly.
    let exact: Vec<f64> = weights.iter().map(|w| w / sum * total as f64).collect();
    let mut bands = [0u64; 18];
    for (b, x) in exact.iter().enumerate() {
        bands[b] = x.floor() as u64;
    }
    let mut short = total - bands.iter().sum::<u64>();
    let mut order: Vec<usize> = (0..18).collect();
    order.sort_by(|&a, &b| {
        (exact[b] - exact[b].floor())
            .total_cmp(&(exact[a] - exact[a].floor()))
            .then(a.cmp(&b))
    });
    for &b in order.iter().cycle() {
        if short == 0 {
            break;
        }
        bands[b] += 1;
        short -= 1;
    }
    bands
}

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
        let providers = place_providers(&points, providers, seed);
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

/// `providers.csv` text.
pub fn providers_csv(providers: &[Provider]) -> String {
    let mut out = String::from("id,name,service,capacity,lon,lat,groups,area\n");
    for p in providers {
        let (lon, lat) = p.location.map_or((String::new(), String::new()), |(x, y)| {
            (x.to_string(), y.to_string())
        });
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{},{}",
            csv_field(&p.id),
            csv_field(&p.name),
            p.service,
            p.capacity,
            lon,
            lat,
            csv_field(&p.groups.join(";")),
            csv_field(&p.area.join(";"))
        );
    }
    out
}

/// The demo's services with their share of providers and a capacity range per provider.
const SERVICE_MIX: [(&str, f64, u32, u32); 7] = [
    ("home_for_elderly", 0.12, 20, 120),
    ("home_care", 0.22, 20, 150),
    ("day_care", 0.12, 8, 30),
    ("personal_assistance", 0.14, 5, 40),
    ("youth_club", 0.14, 10, 50),
    ("family_support", 0.14, 8, 30),
    ("shelter", 0.12, 6, 40),
];

/// Places `count` providers of the demo's services at municipality points, more in larger
/// places (weight ∝ population^0.7); each is a few hundred metres off the point.
pub fn place_providers(
    points: &[(String, (f64, f64), u64)],
    count: usize,
    seed: u64,
) -> Vec<Provider> {
    let mut rng = Rng::new(seed ^ 0x5EED);
    let weights: Vec<f64> = points
        .iter()
        .map(|(_, _, n)| (*n as f64).max(1.0).powf(0.7))
        .collect();
    let mut cumulative = Vec::with_capacity(weights.len());
    let mut acc = 0.0;
    for w in &weights {
        acc += w;
        cumulative.push(acc);
    }
    let mut out = Vec::with_capacity(count);
    let mut k = 0;
    for (service, share, lo, hi) in SERVICE_MIX {
        let n = ((count as f64) * share).round() as usize;
        for _ in 0..n {
            if out.len() == count {
                break;
            }
            let r = rng.unit() * acc;
            let at = cumulative
                .partition_point(|&c| c <= r)
                .min(points.len() - 1);
            let (x, y) = points[at].1;
            k += 1;
            out.push(Provider {
                id: format!("P{k}"),
                name: format!("{service} {k}"),
                service: service.into(),
                capacity: lo + rng.below((hi - lo + 1) as usize) as u32,
                location: Some((
                    round6(x + rng.range(-0.004, 0.004)),
                    round6(y + rng.range(-0.003, 0.003)),
                )),
                groups: vec![],
                area: vec![],
            });
        }
    }
    out
}

/// The demo scenario, whose groups and services the generated scenarios reuse.
pub const DEMO_SCENARIO: &str = include_str!("../scenarios/demo.toml");

/// A scenario with the demo's groups and services over other input files. Paths are written
/// as given; relative ones are read relative to the scenario file.
pub fn scenario_toml(
    name: &str,
    description: &str,
    municipalities: &str,
    population: &str,
    providers: &str,
) -> String {
    let mut doc: toml::Table =
        toml::from_str(DEMO_SCENARIO).expect("the demo scenario is valid TOML");
    doc.insert("name".into(), name.into());
    doc.insert("description".into(), description.into());
    let mut inputs = toml::Table::new();
    inputs.insert("municipalities".into(), municipalities.into());
    inputs.insert("population".into(), population.into());
    inputs.insert("providers".into(), providers.into());
    doc.insert("inputs".into(), inputs.into());
    let body = toml::to_string(&doc).expect("a TOML table always serialises");
    format!(
        "# Generated by `gapmap generate`: synthetic providers, for tests and benchmarks.\n{body}"
    )
}

/// The files of a country-sized test set, with its scenario `country.toml`: generated
/// municipalities, population and providers; or, with `real` (a folder laid out like
/// `../shared/data/cz`), generated providers over the real municipalities, which the scenario
/// references by absolute path and nothing copies.
pub fn country_files(
    municipalities: usize,
    providers: usize,
    seed: u64,
    real: Option<&Path>,
) -> crate::Result<crate::report::Outputs> {
    let mut out = crate::report::Outputs::default();
    let scenario = match real {
        None => {
            let region = Region::country(municipalities, providers, seed);
            out.add(
                "municipalities.geojson",
                region.municipalities_geojson().into_bytes(),
            );
            out.add("population.csv", region.population_csv().into_bytes());
            out.add("providers.csv", region.providers_csv().into_bytes());
            scenario_toml(
                "country",
                &region.label,
                "municipalities.geojson",
                "population.csv",
                "providers.csv",
            )
        }
        Some(cz) => {
            let cz = std::path::absolute(cz).map_err(|e| {
                crate::InputError::file(cz, format!("cannot resolve the folder: {e}"))
            })?;
            let placed = providers_for_real(&cz, providers, seed)?;
            out.add("providers.csv", providers_csv(&placed).into_bytes());
            let path = |name: &str| cz.join(name).to_string_lossy().into_owned();
            scenario_toml(
                "country",
                "real Czech municipalities and population (2020), synthetic providers",
                &path("municipalities.geojson"),
                &path("population_2020.csv"),
                "providers.csv",
            )
        }
    };
    out.add("country.toml", scenario.into_bytes());
    Ok(out)
}

/// A cost-matrix test set: `origins` demand points without coordinates, `providers` providers of
/// one service, and every origin–provider pair in `costs.csv` with a cost of 0–120 (minutes,
/// say), with its scenario `costs.toml` (catchment 30, linear decay).
pub fn cost_matrix_files(origins: usize, providers: usize, seed: u64) -> crate::report::Outputs {
    let mut rng = Rng::new(seed ^ 0xC057);
    let mut points = String::from("id,total\n");
    for o in 0..origins {
        let _ = writeln!(points, "o{o},{}", 50 + rng.below(4951));
    }
    let mut places = String::from("id,name,service,capacity,lon,lat\n");
    for p in 0..providers {
        let _ = writeln!(places, "p{p},Provider {p},care,{},,", 5 + rng.below(76));
    }
    let mut costs = String::with_capacity(origins * providers * 16 + 32);
    costs.push_str("origin,destination,cost\n");
    for o in 0..origins {
        for p in 0..providers {
            let _ = writeln!(costs, "o{o},p{p},{:.1}", rng.range(0.0, 120.0));
        }
    }
    let scenario = r#"# Generated by `gapmap generate costs`: a synthetic cost matrix, for tests and benchmarks.
name = "costs"
[inputs]
demand_points = "points.csv"
providers = "providers.csv"
costs = "costs.csv"
[groups.all]
columns = ["total"]
[services.care]
form = "outpatient"
catchment = 30.0
decay = { kind = "linear" }
need = [{ group = "all", per_1000 = 10.0 }]
"#;
    let mut out = crate::report::Outputs::default();
    out.add("points.csv", points.into_bytes());
    out.add("providers.csv", places.into_bytes());
    out.add("costs.csv", costs.into_bytes());
    out.add("costs.toml", scenario.as_bytes().to_vec());
    out
}

/// Providers placed over real municipalities: their RÚIAN definition points and 2020
/// population, from a folder laid out like `../shared/data/cz`. Reads the files; copies none.
pub fn providers_for_real(cz: &Path, count: usize, seed: u64) -> crate::Result<Vec<Provider>> {
    let points_path = cz.join("municipality_points.geojson");
    let (features, crs) = crate::load::features::read(&points_path)?;
    let points = crate::load::features::points_as_table(
        &points_path,
        &features,
        "code",
        crs.krovak().as_ref(),
    )?;
    let population = crate::load::table::Table::read(&cz.join("population_2020.csv"))?;
    let (code_c, total_c) = (population.column("code")?, population.column("total")?);
    let mut people = std::collections::HashMap::new();
    for row in &population.rows {
        people.insert(
            row.fields[code_c].clone(),
            population.count(row, total_c)? as u64,
        );
    }
    let (code_p, lon_p, lat_p) = (
        points.column("code")?,
        points.column("lon")?,
        points.column("lat")?,
    );
    let mut located = Vec::with_capacity(points.rows.len());
    for row in &points.rows {
        let code = points.text(row, code_p)?.to_string();
        let at = (points.number(row, lon_p)?, points.number(row, lat_p)?);
        let n = people.get(&code).copied().unwrap_or(0);
        located.push((code, at, n));
    }
    Ok(place_providers(&located, count, seed))
}

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

fn json(s: &str) -> String {
    serde_json::to_string(s).expect("a str always serialises")
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', ';']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Area, BooleanOps, Intersects};

    #[test]
    fn demo_tiles_without_gaps_or_overlaps() {
        let r = Region::demo();
        assert_eq!(r.municipalities.len(), 20);
        let polys: Vec<&Polygon> = r.municipalities.iter().map(|m| &m.polygon).collect();
        // No overlaps: no two tiles share area.
        for (a, pa) in polys.iter().enumerate() {
            for pb in &polys[a + 1..] {
                if pa.intersects(*pb) {
                    let overlap = pa.intersection(*pb).unsigned_area();
                    assert!(overlap < 1e-12, "overlap {overlap}");
                }
            }
        }
        // No gaps, exactly: every border segment is walked once each way by two tiles, or once
        // by one tile on the region's outline; the outline is one ring whose area is the sum of
        // the tiles' areas.
        let key = |c: Coord| (c.x.to_bits(), c.y.to_bits());
        let mut segments = std::collections::HashMap::new();
        for p in &polys {
            for l in p.exterior().lines() {
                *segments.entry((key(l.start), key(l.end))).or_insert(0) += 1;
            }
        }
        let mut outline = std::collections::HashMap::new();
        for (&(a, b), &n) in &segments {
            assert_eq!(n, 1, "a segment is walked twice in one direction");
            if !segments.contains_key(&(b, a)) {
                assert!(outline.insert(a, b).is_none(), "the outline branches");
            }
        }
        let start = *outline.keys().next().unwrap();
        let mut ring = vec![start];
        let mut at = outline[&start];
        while at != start {
            ring.push(at);
            at = outline[&at];
        }
        assert_eq!(
            ring.len(),
            outline.len(),
            "the outline is more than one ring"
        );
        let coords: Vec<Coord> = ring
            .iter()
            .map(|&(x, y)| Coord {
                x: f64::from_bits(x),
                y: f64::from_bits(y),
            })
            .collect();
        let region = Polygon::new(LineString::from(coords), vec![]).unsigned_area();
        let tiles: f64 = polys.iter().map(|p| p.unsigned_area()).sum();
        assert!(
            (region - tiles).abs() < 1e-12 * tiles,
            "{region} vs {tiles}"
        );
    }

    #[test]
    fn bands_sum_to_the_total() {
        let mut rng = Rng::new(1);
        for total in [0, 1, 17, 999, 6480] {
            assert_eq!(age_bands(total, 0.2, &mut rng).iter().sum::<u64>(), total);
        }
    }

    #[test]
    fn generation_is_deterministic() {
        assert_eq!(
            Region::demo().providers_csv(),
            Region::demo().providers_csv()
        );
        assert_eq!(
            Region::country(300, 50, 3).municipalities_geojson(),
            Region::country(300, 50, 3).municipalities_geojson()
        );
    }
}
