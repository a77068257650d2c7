//! `[horizon]`: the population projected to the plan's year, worked by hand from the README's
//! section "The plan's horizon" on a world of three municipalities and a tiny projection, and
//! checked over the whole shipped country.

use std::collections::HashMap;

use crate::common::{assert_refused, gapmap, num, read_csv, shared_cz, world};
use gapmap::load::csu::BANDS;

/// The projection: every band 100 in 2021; band a is 100 + 10a in 2026 and 120 + 5a in 2031.
fn projection_csv() -> String {
    let mut out = format!("year,total,{}\n", BANDS.join(","));
    for (year, band) in [
        (2021, (|_| 100.0) as fn(usize) -> f64),
        (2026, |a| 100.0 + 10.0 * a as f64),
        (2031, |a| 120.0 + 5.0 * a as f64),
    ] {
        let bands: Vec<f64> = (0..18).map(band).collect();
        let total: f64 = bands.iter().sum();
        out.push_str(&format!("{year},{total}"));
        for b in bands {
            out.push_str(&format!(",{b}"));
        }
        out.push('\n');
    }
    out
}

/// U1: band a holds 10(a + 1). U2: 10 in every band but none aged 20–39. U3: nobody.
/// `households` is a column that is not a band.
fn people() -> Vec<(&'static str, [f64; 18], f64)> {
    let u1: [f64; 18] = std::array::from_fn(|a| 10.0 * (a + 1) as f64);
    let mut u2 = [10.0; 18];
    u2[4..8].fill(0.0);
    vec![("U1", u1, 50.0), ("U2", u2, 8.0), ("U3", [0.0; 18], 5.0)]
}

fn points_csv() -> String {
    let mut out = format!("id,name,lon,lat,total,households,{}\n", BANDS.join(","));
    for (k, (id, bands, households)) in people().into_iter().enumerate() {
        let total: f64 = bands.iter().sum();
        out.push_str(&format!(
            "{id},{id},{},{},{total},{households}",
            14.0 + k as f64,
            50.0
        ));
        for b in bands {
            out.push_str(&format!(",{b}"));
        }
        out.push('\n');
    }
    out
}

const SCENARIO: &str = r#"name = "horizon"
[inputs]
demand_points = "points.csv"
providers = "providers.csv"
population_year = 2021
[horizon]
year = 2026
projection = "projection.csv"
[groups.old]
columns = ["age_80_84", "age_85_plus"]
[groups.households]
columns = ["households"]
[groups.all]
columns = ["total"]
[services.home]
form = "residential"
catchment = 10.0
need = [{ group = "old", per_1000 = 1000.0 }]
[services.visits]
form = "field"
catchment = 10.0
need = [{ group = "households", per_1000 = 1000.0 }]
[services.advice]
form = "outpatient"
catchment = 10.0
need = [{ group = "all", per_1000 = 1000.0 }]
"#;

/// The method as the README words it, written again here: one five-year step.
fn step(p: &[f64; 18], from: &[f64; 18], to: &[f64; 18]) -> [f64; 18] {
    let adults = |b: &[f64; 18]| b[4] + b[5] + b[6] + b[7];
    let mut next = [0.0; 18];
    for a in 1..=16 {
        next[a] = p[a - 1] * to[a] / from[a - 1];
    }
    next[17] = (p[16] + p[17]) * to[17] / (from[16] + from[17]);
    let ratio = if adults(p) == 0.0 {
        from[0] / adults(from)
    } else {
        p[0] / adults(p)
    };
    next[0] = ratio * adults(&next) * (to[0] / adults(to)) / (from[0] / adults(from));
    next
}

/// The bands at `year` by the README's words: whole steps, then the share of the next.
fn by_hand(p: &[f64; 18], year: u32) -> [f64; 18] {
    let n = |y: u32| -> [f64; 18] {
        std::array::from_fn(|a| match y {
            2021 => 100.0,
            2026 => 100.0 + 10.0 * a as f64,
            _ => 120.0 + 5.0 * a as f64,
        })
    };
    let mut at = *p;
    let mut s = 2021;
    while s + 5 <= year {
        at = step(&at, &n(s), &n(s + 5));
        s += 5;
    }
    if s == year {
        return at;
    }
    let next = step(&at, &n(s), &n(s + 5));
    let t = f64::from(year - s) / 5.0;
    std::array::from_fn(|a| at[a] + t * (next[a] - at[a]))
}

/// projection.csv's rows by unit and year.
type Rows = HashMap<(String, String), HashMap<String, String>>;

/// Runs the world with the horizon at `year`; its projection.csv, and gaps.csv's need by unit
/// and service.
fn run(year: u32) -> (Rows, HashMap<(String, String), f64>) {
    let scenario = SCENARIO.replace("year = 2026", &format!("year = {year}"));
    let dir = world(&[
        ("scenario.toml", &scenario),
        ("points.csv", &points_csv()),
        ("projection.csv", &projection_csv()),
        ("providers.csv", "id,name,service,capacity,lon,lat\n"),
    ]);
    let o = gapmap(
        dir.path(),
        &["run", "scenario.toml", "--out", "out", "--quiet"],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    let projection = read_csv(&dir.path().join("out/projection.csv"))
        .into_iter()
        .map(|r| ((r["unit_id"].clone(), r["year"].clone()), r))
        .collect();
    let need = read_csv(&dir.path().join("out/gaps.csv"))
        .into_iter()
        .map(|r| {
            assert_eq!(r["year"], year.to_string());
            (
                (r["unit_id"].clone(), r["service"].clone()),
                num(&r, "need"),
            )
        })
        .collect();
    (projection, need)
}

fn close(got: f64, want: f64, what: &str) {
    assert!(
        (got - want).abs() <= 1e-8 * want.abs().max(1.0),
        "{what}: got {got}, want {want}"
    );
}

#[test]
fn one_step_worked_by_hand() {
    let (projection, need) = run(2026);
    let u1 = &projection[&("U1".to_string(), "2026".to_string())];
    // The cohort ages: 10 aged 0–4 in 2021 are 10 · 110 / 100 aged 5–9 in 2026.
    close(num(u1, "age_5_9"), 11.0, "U1 5–9");
    close(num(u1, "age_80_84"), 160.0 * 260.0 / 100.0, "U1 80–84");
    // 80–84 and 85+ both become 85+: (170 + 180) · 270 / (100 + 100).
    close(num(u1, "age_85_plus"), 350.0 * 270.0 / 200.0, "U1 85+");
    // 0–4: U1's own child–adult ratio 10 / 260, times its 20–39s in 2026 (56 + 75 + 96 + 119),
    // times the projection's ratio's change (100 / 620) / (100 / 400).
    let a_2026 = 40.0 * 1.4 + 50.0 * 1.5 + 60.0 * 1.6 + 70.0 * 1.7;
    close(a_2026, 346.0, "U1 20–39 in 2026");
    close(
        num(u1, "age_0_4"),
        10.0 / 260.0 * 346.0 * (100.0 / 620.0) / (100.0 / 400.0),
        "U1 0–4",
    );
    // U2 had no 20–39s: it takes the projection's ratio 100 / 400; its 20–39s in 2026 are its
    // 15–19s of 2021 (10 · 140 / 100).
    let u2 = &projection[&("U2".to_string(), "2026".to_string())];
    close(
        num(u2, "age_0_4"),
        0.25 * 14.0 * (100.0 / 620.0) / 0.25,
        "U2 0–4",
    );
    // U3 has nobody and keeps nobody; its households (not a band) scale by 0.
    let u3 = &projection[&("U3".to_string(), "2026".to_string())];
    assert_eq!(num(u3, "total"), 0.0);
    assert_eq!(need[&("U3".to_string(), "visits".to_string())], 0.0);
    // The base year's row is the input as it was.
    let base = &projection[&("U1".to_string(), "2021".to_string())];
    assert_eq!(num(base, "age_85_plus"), 180.0);
    assert_eq!(num(base, "total"), 1710.0);
    // Every band, and what the services need, by the independent reading of the method.
    for (id, bands, households) in people() {
        let want = by_hand(&bands, 2026);
        let row = &projection[&(id.to_string(), "2026".to_string())];
        for (a, band) in BANDS.iter().enumerate() {
            close(num(row, band), want[a], &format!("{id} {band}"));
        }
        let (total_b, total_h): (f64, f64) = (bands.iter().sum(), want.iter().sum());
        close(num(row, "total"), total_h, &format!("{id} total"));
        let key = |s: &str| (id.to_string(), s.to_string());
        close(
            need[&key("home")],
            want[16] + want[17],
            &format!("{id} home"),
        );
        close(need[&key("advice")], total_h, &format!("{id} advice"));
        let scaled = if total_b > 0.0 {
            households * total_h / total_b
        } else {
            0.0
        };
        close(need[&key("visits")], scaled, &format!("{id} visits"));
    }
}

#[test]
fn two_steps_an_interpolated_year_and_the_base_year() {
    for year in [2031, 2028, 2021] {
        let (projection, _) = run(year);
        for (id, bands, _) in people() {
            let want = by_hand(&bands, year);
            let row = &projection[&(id.to_string(), year.to_string())];
            for (a, band) in BANDS.iter().enumerate() {
                close(num(row, band), want[a], &format!("{year} {id} {band}"));
            }
        }
    }
    // 2028 is two fifths of the way from 2026 to 2031, band by band.
    let (at_2026, _) = run(2026);
    let (at_2031, _) = run(2031);
    let (at_2028, _) = run(2028);
    let get = |p: &Rows, y: &str| num(&p[&("U1".to_string(), y.to_string())], "age_70_74");
    close(
        get(&at_2028, "2028"),
        get(&at_2026, "2026") + 0.4 * (get(&at_2031, "2031") - get(&at_2026, "2026")),
        "U1 70–74 in 2028",
    );
}

#[test]
fn bad_horizons_are_refused() {
    let files = |scenario: &str, projection: &str, points: &str| {
        world(&[
            ("scenario.toml", scenario),
            ("points.csv", points),
            ("projection.csv", projection),
            ("providers.csv", "id,name,service,capacity,lon,lat\n"),
        ])
    };
    let args = ["run", "scenario.toml", "--out", "out"];
    let (p, pts) = (projection_csv(), points_csv());
    let cases: Vec<(String, String, String, &str)> = vec![
        (
            SCENARIO.replace("year = 2026", "year = 2019"),
            p.clone(),
            pts.clone(),
            "key `horizon`, field `year`: invalid horizon (got 2019): must not be before the population's year 2021",
        ),
        (
            SCENARIO.replace("year = 2026", "year = 2032"),
            p.clone(),
            pts.clone(),
            "key `horizon`, field `year`: the horizon 2032 is past the projection's last year 2031",
        ),
        (
            SCENARIO.replace("population_year = 2021\n", ""),
            p.clone(),
            pts.clone(),
            "key `inputs`, field `population_year`: [horizon] needs the year the population counts are for",
        ),
        (
            SCENARIO.to_string(),
            p.lines()
                .filter(|l| !l.starts_with("2021"))
                .collect::<Vec<_>>()
                .join("\n"),
            pts.clone(),
            "projection.csv: the projection has no row for 2021, which the horizon needs",
        ),
        (
            SCENARIO.replace("year = 2026", "year = 2028"),
            p.lines()
                .filter(|l| !l.starts_with("2026"))
                .collect::<Vec<_>>()
                .join("\n"),
            pts.clone(),
            "projection.csv: the projection has no row for 2026, which the horizon needs",
        ),
        (
            SCENARIO.to_string(),
            p.replace(",age_85_plus", ",age_85"),
            pts.clone(),
            "projection.csv: line 1: missing column `age_85_plus`: a projection gives every band",
        ),
        (
            SCENARIO.to_string(),
            p.replacen("2026,", "2026x,", 1),
            pts.clone(),
            "projection.csv: line 3, field `year`: \"2026x\" is not a year",
        ),
        (
            SCENARIO.to_string(),
            p.clone(),
            pts.replace(",age_0_4", ",age_0_3"),
            "points.csv: line 1: missing column `age_0_4`: [horizon] projects the population by five-year band",
        ),
    ];
    for (scenario, projection, points, message) in cases {
        let dir = files(&scenario, &projection, &points);
        assert_refused(dir.path(), &args, message, "out");
    }
}

/// The shipped country: the bands of all 6,258 municipalities that the cohort steps carry add
/// up to ČSÚ's projection, and the projection's 2021 row is the municipal counts.
///
/// The cohort steps are linear, so a band adds up exactly when its cohort did five years
/// before: 5–9 … 85+ at 2026 (from the counts of 2021) and 10–14 … 85+ at 2031. The 5–9s of
/// 2031 are the 0–4s of 2026, which each municipality's own child–adult ratio estimates and
/// which need not add up to ČSÚ's; they are within 0.1 %.
#[test]
fn the_country_adds_up_to_the_projection() {
    let national = gapmap::national::shipped().unwrap();
    let projection = gapmap::national::projection().unwrap();
    let counts: Vec<[f64; 18]> = national
        .ages
        .iter()
        .map(|a| a.bands.map(|n| n as f64))
        .collect();
    for year in [2026, 2031] {
        let steps = gapmap::projection::Steps::new(&projection, 2021, year).unwrap();
        let mut sum = [0.0; 18];
        for c in &counts {
            for (s, v) in sum.iter_mut().zip(steps.project(c)) {
                *s += v;
            }
        }
        let want = projection.at(year).unwrap();
        let exact_from = if year == 2026 { 1 } else { 2 };
        for a in 1..18 {
            let rel = (sum[a] - want[a]).abs() / want[a];
            let bound = if a >= exact_from { 1e-6 } else { 1e-3 };
            assert!(
                rel < bound,
                "{year} {}: {} against {}",
                BANDS[a],
                sum[a],
                want[a]
            );
        }
    }
    let Some(cz) = shared_cz() else { return };
    let rows = read_csv(&cz.join("population_2020.csv"));
    let at_2021 = projection.at(2021).unwrap();
    for (a, band) in BANDS.iter().enumerate() {
        let sum: f64 = rows.iter().map(|r| num(r, band)).sum();
        assert_eq!(sum, at_2021[a], "{band}");
    }
}

/// `gapmap project` writes the points table in its own columns, carried to the year: the same
/// bands as the run's projection.csv, the names as they were, households scaled by the total.
#[test]
fn project_writes_the_population_at_a_year() {
    let dir = world(&[
        ("scenario.toml", SCENARIO),
        ("points.csv", &points_csv()),
        ("projection.csv", &projection_csv()),
        ("providers.csv", "id,name,service,capacity,lon,lat\n"),
    ]);
    let o = gapmap(
        dir.path(),
        &[
            "project",
            "scenario.toml",
            "--year",
            "2028",
            "--out",
            "p.csv",
        ],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    let rows = read_csv(&dir.path().join("p.csv"));
    assert_eq!(rows.len(), 3);
    for ((id, bands, households), row) in people().into_iter().zip(&rows) {
        assert_eq!(row["id"], id);
        assert_eq!(row["name"], id);
        let want = by_hand(&bands, 2028);
        for (a, band) in BANDS.iter().enumerate() {
            close(num(row, band), want[a], &format!("{id} {band}"));
        }
        let (total_b, total_h): (f64, f64) = (bands.iter().sum(), want.iter().sum());
        close(num(row, "total"), total_h, &format!("{id} total"));
        let scaled = if total_b > 0.0 {
            households * total_h / total_b
        } else {
            0.0
        };
        close(num(row, "households"), scaled, &format!("{id} households"));
    }
    assert_refused(
        dir.path(),
        &[
            "project",
            "scenario.toml",
            "--year",
            "2040",
            "--out",
            "q.csv",
        ],
        "the horizon 2040 is past the projection's last year 2031",
        "q.csv",
    );
}
