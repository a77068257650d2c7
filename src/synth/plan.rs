//! The demo's plan and its monitoring a year later: `scenarios/demo-plan-2030.toml` (three
//! measures and a 2030 horizon), `scenarios/demo-now.toml` and the providers it reads, in which
//! one measure is done, one half done and one not started.

use std::fmt::Write as _;

use super::{Provider, Region, providers_csv, round6};

/// The day-care centre the plan opens in Březí, the home it builds in Radošov, and the home-care
/// branch it enlarges.
const BREZI: &str = "Březí";
const RADOSOV: &str = "Radošov";
const HOME_CARE: &str = "PS-02";

/// `demo-plan-2030.toml`.
pub fn demo_plan(region: &Region) -> String {
    let (home, day) = (place(region, RADOSOV), place(region, BREZI));
    let mut s = String::from(
        "# The demo's community plan 2026–2030 (made by `gapmap generate demo`): three measures\n\
         # (opatření) and the need at its horizon, 1 January 2030, with ČSÚ's projection.\n\
         # Check it each year: gapmap monitor scenarios/demo-plan-2030.toml scenarios/demo-now.toml\n\
         name = \"plan-2030\"\n\
         description = \"Demo region: the plan 2026–2030\"\n\
         base = \"demo.toml\"\n\n\
         [horizon]\n\
         year = 2030\n",
    );
    let _ = write!(
        s,
        "\n# Priority 1: residential care for the oldest.\n\
         [[changes]]\n\
         measure = \"1.1\"\n\
         label = \"Nový domov pro seniory v Radošově\"\n\
         due = \"2028-06-30\"\n\
         action = \"add_provider\"\n\
         id = \"DS-03\"\n\
         name = \"Domov pro seniory Radošov\"\n\
         service = \"home_for_elderly\"\n\
         capacity = 16\n\
         lon = {}\n\
         lat = {}\n\
         \n# Priority 2: staying at home.\n\
         [[changes]]\n\
         measure = \"2.1\"\n\
         label = \"Denní stacionář v Březí\"\n\
         due = \"2027-06-30\"\n\
         action = \"add_provider\"\n\
         id = \"DST-03\"\n\
         name = \"Denní stacionář Březí\"\n\
         service = \"day_care\"\n\
         capacity = 8\n\
         lon = {}\n\
         lat = {}\n\
         \n[[changes]]\n\
         measure = \"2.2\"\n\
         label = \"Posílení pečovatelské služby Charity\"\n\
         due = \"2027-12-31\"\n\
         action = \"set_capacity\"\n\
         id = \"{HOME_CARE}\"\n\
         capacity = 60\n",
        home.0, home.1, day.0, day.1
    );
    s
}

/// `demo-now.toml`, reading `providers` (a path relative to the scenarios' folder).
pub fn demo_now(providers: &str) -> String {
    format!(
        "# The demo region a year into its plan (made by `gapmap generate demo`): this year's\n\
         # providers, as `init` would read them from the registry again. The day-care centre in\n\
         # Březí is open, the home in Radošov has half its places, the home-care branch is as it was.\n\
         name = \"now-2027\"\n\
         description = \"Demo region: the providers of 2027\"\n\
         base = \"demo.toml\"\n\n\
         [inputs]\n\
         providers = \"{providers}\"\n"
    )
}

/// The providers of `demo-now.toml`: the demo's, with the new day-care centre and half the home.
pub fn demo_now_providers(region: &Region) -> String {
    let (home, day) = (place(region, RADOSOV), place(region, BREZI));
    let mut providers: Vec<Provider> = region
        .providers
        .iter()
        .map(|p| Provider {
            id: p.id.clone(),
            name: p.name.clone(),
            service: p.service.clone(),
            capacity: p.capacity,
            location: p.location,
            groups: p.groups.clone(),
            area: p.area.clone(),
        })
        .collect();
    providers.push(Provider {
        id: "DS-03".into(),
        name: "Domov pro seniory Radošov (1. etapa)".into(),
        service: "home_for_elderly".into(),
        capacity: 8,
        location: Some(home),
        groups: vec![],
        area: vec![],
    });
    providers.push(Provider {
        id: "DST-03".into(),
        name: "Denní stacionář Březí".into(),
        service: "day_care".into(),
        capacity: 8,
        location: Some(day),
        groups: vec![],
        area: vec![],
    });
    providers_csv(&providers)
}

/// A point inside the demo municipality `name`, to six decimals.
fn place(region: &Region, name: &str) -> (f64, f64) {
    region
        .municipalities
        .iter()
        .find(|m| m.name == name)
        .map_or((0.0, 0.0), |m| {
            let (x, y) = m.point();
            (round6(x), round6(y))
        })
}
