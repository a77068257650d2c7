//! Providers placed over municipalities, by a mix of services, and their `providers.csv`.

#![allow(
    clippy::indexing_slicing,
    reason = "the generator indexes only lists it has just built, of sizes it chose"
)]

use std::fmt::Write as _;
use std::path::Path;

use super::*;

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
pub(crate) const SERVICE_MIX: [(&str, f64, u32, u32); 7] = [
    ("home_for_elderly", 0.12, 20, 120),
    ("home_care", 0.22, 20, 150),
    ("day_care", 0.12, 8, 30),
    ("personal_assistance", 0.14, 5, 40),
    ("youth_club", 0.14, 10, 50),
    ("family_support", 0.14, 8, 30),
    ("shelter", 0.12, 6, 40),
];

/// Places `count` providers of the first `services` of the demo's services (their shares
/// scaled to sum to one) at municipality points, more in larger places (weight ∝
/// population^0.7); each is a few hundred metres off the point.
pub fn place_providers(
    points: &[(String, (f64, f64), u64)],
    count: usize,
    seed: u64,
    services: usize,
) -> Vec<Provider> {
    let mix = &SERVICE_MIX[..services.clamp(1, SERVICE_MIX.len())];
    let shares: f64 = mix.iter().map(|(_, share, ..)| share).sum();
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
    for &(service, share, lo, hi) in mix {
        let n = ((count as f64) * share / shares).round() as usize;
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

/// Providers placed over real municipalities: their RÚIAN definition points and 2020
/// population, from a folder laid out like `../shared/data/cz`. Reads the files; copies none.
pub fn providers_for_real(
    cz: &Path,
    count: usize,
    seed: u64,
    services: usize,
) -> crate::Result<Vec<Provider>> {
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
            row.field(code_c).to_string(),
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
    Ok(place_providers(&located, count, seed, services))
}
