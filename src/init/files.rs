//! The files of a planning folder that are not the scenario: the municipalities, the providers
//! and `SOURCES.md`.

#![allow(
    clippy::indexing_slicing,
    reason = "positions come from the national list of places this command reads and selects from"
)]

use std::path::PathBuf;

use super::providers::{self, Located};
use super::{Config, Place, PopulationSource, template};
use crate::report::maps;
use crate::report::number::plain;
use crate::report::tables::csv_field;

/// `municipalities.geojson`: `code`, `name`, `in_region` and the polygons.
pub(super) fn municipalities_geojson(places: &[Place], selected: &[(usize, bool)]) -> Vec<u8> {
    maps::collection(selected.len(), |k, out| {
        let (i, inside) = selected[k];
        let p = &places[i];
        out.push_str("{\"type\":\"Feature\",\"properties\":{");
        maps::prop_str(out, "code", &p.code, true);
        maps::prop_str(out, "name", &p.name, false);
        maps::prop_in_region(out, inside);
        out.push_str("},\"geometry\":");
        maps::shape(out, &crate::model::Shape::Polygons(p.shape.clone()));
        out.push('}');
    })
}

/// `providers.csv`: the columns of the README's "Input files"; then `form`, `unit`, `located`
/// and the facility's `municipality`; then what the catalogue publishes (`provider, ico, address, phone, email,
/// web, target_groups, age_groups`, several values separated by `; `) and `secret_address`.
pub(super) fn providers_csv(rows: &[providers::Row]) -> String {
    let mut out = String::from(
        "id,name,service,capacity,lon,lat,form,unit,located,municipality,provider,ico,address,\
         phone,email,web,target_groups,age_groups,secret_address\n",
    );
    for r in rows {
        let form = r.form.id();
        let located = match r.located {
            Located::Address => "address",
            Located::Municipality => "municipality",
        };
        let l = &r.listing;
        let many = |v: &[String]| csv_field(&v.join("; ")).into_owned();
        out.push_str(&format!(
            "{},{},{},{},{},{},{form},{},{located},{},{},{},{},{},{},{},{},{},{}\n",
            csv_field(&r.id),
            csv_field(&r.name),
            r.service,
            plain(r.capacity),
            r.at.lon(),
            r.at.lat(),
            r.unit,
            r.municipality,
            csv_field(&l.provider),
            csv_field(&l.ico),
            csv_field(&l.address),
            many(&l.phones),
            many(&l.emails),
            many(&l.webs),
            many(&l.target_groups),
            many(&l.age_groups),
            l.secret,
        ));
    }
    out
}

/// `SOURCES.md`: where each file came from, with dates and licences.
pub(super) fn sources(
    config: &Config,
    header: &template::Header<'_>,
    placed: &providers::Placed,
    population: PopulationSource,
) -> String {
    // Each file given, with the day it was last changed: the date of the data as the user has it.
    let list = |paths: &[PathBuf]| {
        paths
            .iter()
            .map(|p| match super::Day::of_file(p) {
                Some(day) => format!("`{}` (file of {})", p.display(), day.as_str()),
                None => format!("`{}`", p.display()),
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let boundaries = match &config.boundaries {
        None => "the municipality polygons and ORP membership shipped with gapmap \
                 (`geodata/cz`), derived from ČÚZK RÚIAN and ČSÚ data"
            .to_string(),
        Some(p) => format!("{}, given with --boundaries", list(std::slice::from_ref(p))),
    };
    let population_text = match population {
        PopulationSource::Shipped => format!(
            "ČSÚ, \"Věkové složení obyvatelstva obcí\", at {}, shipped with gapmap (read from \
             the ČSÚ xlsx publications by gapmap's importer)",
            crate::national::POPULATION_DATE
        ),
        PopulationSource::Files => {
            format!("{}, given with --population", list(&config.population))
        }
    };
    let providers = match &config.registry {
        None => "none: no --registry was given, so the file has only its header".to_string(),
        Some(p) => format!(
            "the MPSV registry of social services {}, read for {}: services in force that \
             day, with a facility in the region or its context; {} providers",
            list(std::slice::from_ref(p)),
            config.date.as_str(),
            placed.rows.len()
        ),
    };
    let addresses = if config.registry.is_none() {
        "no providers".to_string()
    } else if config.addresses.is_empty() {
        "none given: every provider sits at its municipality's RÚIAN definition point".to_string()
    } else {
        format!(
            "RÚIAN address points {}; {} facilities without one sit at their municipality's \
             definition point",
            list(&config.addresses),
            placed.without_address
        )
    };
    format!(
        "# Sources: {title}\n\n\
         Written by gapmap {version} (`gapmap init`) on {today}.\n\n\
         | file | what | from | licence |\n|---|---|---|---|\n\
         | `municipalities.geojson` | {region} municipalities of the region and {context} of its context (`in_region`: false) | {boundaries} | CC BY 4.0, © ČÚZK |\n\
         | `population.csv` | people by five-year age band | {population_text} | ČSÚ open data |\n\
         | `providers.csv` | providers per registry service, form and facility | {providers} | MPSV open data |\n\
         | provider locations | points of the facilities | {addresses} | CC BY 4.0, © ČÚZK |\n\
         | `scenario.toml` | target groups, services, norms, catchments | gapmap's template: every norm and catchment is sourced or marked ASSUMPTION in its comments | |\n\
         {registry}",
        title = header.title,
        version = env!("CARGO_PKG_VERSION"),
        today = config.today.as_str(),
        region = header.region,
        context = header.context,
        registry = if config.registry.is_some() {
            registry_rules(config, placed)
        } else {
            String::new()
        },
    )
}

/// How the registry was read, for `SOURCES.md`.
fn registry_rules(config: &Config, placed: &providers::Placed) -> String {
    format!(
        "\n## How the registry was read\n\n\
         - One provider per service, form and facility. A form's registered capacity is split \
         among its facilities in the region and its context, so it is counted once.\n\
         - Capacity stays in the registry's unit (`unit`: luzka = beds, klient = clients, \
         interv = interventions of 30 min, kontakt = contacts of 10 min, hovor = calls); units \
         are never added together.\n\
         - Capacities are the registered maximum, not free places.\n\
         - Services whose `datumPoskytovaniDo` is before {date} are left out, whatever their \
         facilities say; facilities whose `poskytujeOd` is after it or whose `poskytujeDo` is \
         before it are left out, whatever their service says.\n\
         - A facility the registry repeats with the same name, address point and dates counts \
         once.\n\
         - Facilities without an address (`adresa` or `adresa.obec`) cannot be placed and are \
         left out: {unplaceable_here} of services with providers here, and \
         {unplaceable_elsewhere} of services with none, which may or may not be in the region.\n\
         - Contacts are the service's own; where it has none of a kind (phone, e-mail, web), \
         the provider's. Target and age groups are named from MPSV's codebooks{codebooks}.\n\
         - Facilities with a secret address (shelters) sit at their municipality's definition \
         point; nothing of their address is in any file here ({secret} such facilities).\n\
         - Nothing about providers' statutory bodies or staff, and no attached document, is \
         read. A secret address has no address in `providers.csv` (`secret_address` = true).\n",
        date = config.date.as_str(),
        secret = placed.secret,
        unplaceable_here = placed.unplaceable_here,
        unplaceable_elsewhere = placed.unplaceable_elsewhere,
        codebooks = match &config.codebooks {
            Some(dir) => format!(" in `{}`", dir.display()),
            None => " that gapmap knows; the others keep their id".to_string(),
        },
    )
}
