//! The `scenario.toml` that `gapmap init` writes: a starting point for a KPSS plan, in Czech
//! labels, whose every norm and catchment is sourced or marked as an ASSUMPTION, with comments
//! that tell the planner what to check.

use crate::load::registry::{self, ServiceType};

/// A target group of the template: id, Czech label, population columns, share, and where the
/// share comes from.
struct Group {
    id: &'static str,
    label: &'static str,
    columns: &'static [&'static str],
    share: Option<(f64, &'static str)>,
}

const SENIORS_65: [&str; 5] = [
    "age_65_69",
    "age_70_74",
    "age_75_79",
    "age_80_84",
    "age_85_plus",
];

/// The four KPSS target groups (senioři; osoby se zdravotním postižením; rodiny, děti a
/// mládež; osoby ohrožené sociálním vyloučením), with the age bands they are counted from.
const GROUPS: [Group; 7] = [
    Group {
        id: "seniors_65",
        label: "Senioři 65+",
        columns: &SENIORS_65,
        share: None,
    },
    Group {
        id: "seniors_80",
        label: "Senioři 80+",
        columns: &["age_80_84", "age_85_plus"],
        share: None,
    },
    Group {
        id: "disabled",
        label: "Osoby se zdravotním postižením",
        columns: &["total"],
        share: Some((
            0.108,
            "ASSUMPTION: 10.8 % of the population live with a disability (ČSÚ survey VŠPO 2018 \
             found about 1.15 million people); the national prevalence is applied everywhere. \
             CHECK: replace it with the ORP's own figure if the working group has one.",
        )),
    },
    Group {
        id: "families",
        label: "Rodiny, děti a mládež (0–19)",
        columns: &["age_0_4", "age_5_9", "age_10_14", "age_15_19"],
        share: None,
    },
    Group {
        id: "youth",
        label: "Mládež 10–19",
        columns: &["age_10_14", "age_15_19"],
        share: None,
    },
    Group {
        id: "at_risk",
        label: "Osoby ohrožené sociálním vyloučením",
        columns: &["total"],
        share: Some((
            0.012,
            "ASSUMPTION: 1.2 % of the population are at risk of social exclusion (order of \
             magnitude of the 2015 analysis of socially excluded localities: about 115,000 \
             people, 1.1 %). CHECK: use the local analysis of excluded localities.",
        )),
    },
    Group {
        id: "everyone",
        label: "Všichni obyvatelé",
        columns: &["total"],
        share: None,
    },
];

/// A norm: people of a group per 1,000, with where it comes from.
struct Norm {
    group: &'static str,
    per_1000: f64,
}

/// The template's planning values for one service type.
struct Plan {
    norms: Vec<Norm>,
    /// km on the sphere.
    catchment: f64,
    /// The source of the norm, or an ASSUMPTION with what to check.
    why: &'static str,
}

const fn n(group: &'static str, per_1000: f64) -> Norm {
    Norm { group, per_1000 }
}

/// Planning values by service id. Only the care-home norm has a published source; the rest
/// are orders of magnitude for a first run, marked as assumptions.
fn plan(id: &str) -> Plan {
    const ASSUME: &str = "ASSUMPTION: an order of magnitude for a first run, not a published \
                          norm. CHECK it with the working group, or use a needs survey.";
    let p = |norms: Vec<Norm>, catchment: f64, why: &'static str| Plan {
        norms,
        catchment,
        why,
    };
    match id {
        "home_for_elderly" => p(
            vec![n("seniors_80", 90.0)],
            25.0,
            "Norm from a Charles University study: one care-home place per 11 people aged 80+, \
             about 90 per 1,000 (the OECD average is 46 long-term-care beds per 1,000 aged \
             65+).",
        ),
        "special_regime_home" => p(vec![n("seniors_80", 25.0)], 25.0, ASSUME),
        "home_care" => p(vec![n("seniors_65", 40.0)], 20.0, ASSUME),
        "personal_assistance" => p(
            vec![n("disabled", 10.0), n("seniors_80", 10.0)],
            30.0,
            ASSUME,
        ),
        "emergency_care" => p(vec![n("seniors_80", 20.0)], 50.0, ASSUME),
        "guide_reading" => p(vec![n("disabled", 1.0)], 30.0, ASSUME),
        "supported_living" => p(vec![n("disabled", 1.0)], 30.0, ASSUME),
        "respite_care" => p(vec![n("seniors_80", 10.0)], 25.0, ASSUME),
        "day_services_centre" => p(vec![n("seniors_65", 2.0)], 15.0, ASSUME),
        "day_care" => p(vec![n("seniors_65", 5.0), n("disabled", 3.0)], 20.0, ASSUME),
        "weekly_care" => p(vec![n("disabled", 1.0)], 30.0, ASSUME),
        "disability_home" => p(vec![n("disabled", 4.0)], 40.0, ASSUME),
        "sheltered_housing" => p(vec![n("disabled", 2.0)], 30.0, ASSUME),
        "hospital_social_care" => p(vec![n("seniors_80", 5.0)], 30.0, ASSUME),
        "early_care" => p(vec![n("families", 2.0)], 50.0, ASSUME),
        "youth_club" => p(vec![n("youth", 30.0)], 10.0, ASSUME),
        "family_support" => p(vec![n("families", 3.0)], 25.0, ASSUME),
        "senior_activation" => p(vec![n("seniors_65", 5.0)], 15.0, ASSUME),
        "sheltered_workshop" => p(vec![n("disabled", 3.0)], 20.0, ASSUME),
        "social_rehabilitation" => p(vec![n("disabled", 3.0)], 25.0, ASSUME),
        "shelter" => p(vec![n("at_risk", 25.0)], 40.0, ASSUME),
        "halfway_house" => p(vec![n("at_risk", 5.0)], 50.0, ASSUME),
        "contact_centre" => p(vec![n("at_risk", 20.0)], 25.0, ASSUME),
        "low_threshold_day_centre" => p(vec![n("at_risk", 20.0)], 20.0, ASSUME),
        "night_shelter" => p(vec![n("at_risk", 10.0)], 25.0, ASSUME),
        "aftercare" => p(vec![n("at_risk", 5.0)], 40.0, ASSUME),
        "therapeutic_community" => p(vec![n("at_risk", 2.0)], 80.0, ASSUME),
        "outreach" => p(vec![n("at_risk", 30.0)], 25.0, ASSUME),
        "social_counselling" => p(vec![n("everyone", 5.0)], 25.0, ASSUME),
        "crisis_helpline" | "intervention_centre" | "crisis_help" | "interpreting" => {
            p(vec![n("everyone", 1.0)], 60.0, ASSUME)
        }
        _ => p(vec![n("everyone", 1.0)], 25.0, ASSUME),
    }
}

/// The need that the template's norms give for service `id` (capacity units), from the people
/// of each population column (`total`, `age_80_84`, …).
pub fn need_of(id: &str, people: impl Fn(&str) -> f64) -> f64 {
    plan(id)
        .norms
        .iter()
        .map(|norm| {
            let Some(group) = GROUPS.iter().find(|g| g.id == norm.group) else {
                return 0.0;
            };
            let members: f64 = group.columns.iter().map(|c| people(c)).sum();
            members * group.share.map_or(1.0, |(s, _)| s) * norm.per_1000 / 1000.0
        })
        .sum()
}

/// The services a plan starts with when there is no registry: the core of every KPSS plan,
/// at least one for each working group.
pub const STANDARD: [u32; 8] = [13, 14, 4, 3, 10, 28, 25, 20];

/// A service as the template writes it.
pub struct Service {
    pub kind: ServiceType,
    /// The name MPSV's codebook gives a type gapmap does not know, when `--codebooks` has it.
    pub codebook_label: Option<String>,
    /// The capacity units its providers register, with how many providers use each.
    pub units: Vec<(String, usize)>,
    pub providers: usize,
}

/// What the scenario's header says about the region.
pub struct Header<'a> {
    pub name: &'a str,
    pub title: &'a str,
    pub region: usize,
    pub context: usize,
    pub buffer_km: Option<f64>,
    pub people: u64,
    pub population_date: &'a str,
    /// The year (1 January) the population counts are for, when gapmap knows it.
    pub population_year: Option<u32>,
    pub registry: Option<&'a str>,
    /// Where the inputs come from, as `[sources]` names them: the input's key, the name of
    /// the source and the day it describes.
    pub sources: Vec<(&'static str, String, Option<String>)>,
}

/// `name` with a capital first letter: MPSV's codebooks write names in lower case.
fn capitalised(name: &str) -> String {
    let mut c = name.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// The service id a registry type becomes: its own id, or `type_<code>` for a code gapmap does
/// not know.
pub fn service_id(kind: &ServiceType) -> String {
    if kind.id.is_empty() {
        format!("type_{}", kind.code)
    } else {
        kind.id.to_string()
    }
}

/// A commented example of a questionnaire survey: what a working group adds to turn its
/// respondents' answers into need.
const QUESTIONNAIRE: &str = "\
# ---- Need from a questionnaire (optional) ----
# A working group's questionnaire, one row per respondent (CSV or xlsx, as the form tool or a
# typist exported it), can set a service's need instead of a norm: the group's people in each
# municipality × the weighted share who answered yes. Uncomment, name your file and its
# columns, then use the question in the service's need:
#   need = [{ group = \"seniors_65\", survey = \"seniori\", question = \"home_care\" }]
# run writes surveys.csv (the share per municipality, with its 95 % interval) and a report
# chapter on the survey.
#
# [surveys.seniori]
# file = \"dotaznik.xlsx\"
# sheet = \"Odpovědi\"             # xlsx only; default: the first sheet
# unit = \"Obec\"                  # the respondent's municipality: its code or its name
# age = \"Věk\"                    # optional: years, or a band such as \"65–74\" or \"85+\"
# group = \"seniors_65\"           # the target group the respondents stand for
# min_respondents = 30           # with fewer answers, a municipality takes the region's share
#
# [surveys.seniori.questions.home_care]
# column = \"Využil(a) byste pečovatelskou službu?\"
# yes = [\"Ano\", \"Spíše ano\"]
# no = [\"Ne\", \"Spíše ne\"]     # other answers (\"Nevím\", empty) are not counted

";

/// The scenario text.
pub fn scenario(header: &Header<'_>, services: &[Service]) -> String {
    let mut s = String::new();
    s.push_str(&format!(
        "# gapmap scenario for {title}: {region} municipalities, {people} people ({date}).\n",
        title = header.title,
        region = header.region,
        people = thousands(header.people),
        date = header.population_date,
    ));
    if let Some(km) = header.buffer_km {
        s.push_str(&format!(
            "# Context: {} neighbouring municipalities within {km} km of the border compete for\n\
             # and are served by the same providers; they are not counted in the region's totals.\n",
            header.context
        ));
    }
    s.push_str(
        "#\n# Written by `gapmap init`. It is a starting point, not a plan. Before you rely on it:\n\
         # - CHECK every norm (`per_1000`) and catchment marked ASSUMPTION below with the working\n\
         #   groups; replace it with your own, or with a needs survey: a `survey.csv`, or the\n\
         #   working group's questionnaire (see \"Need from a questionnaire\" below).\n\
         # - CHECK providers.csv: capacities are the registered maximum, not free places.\n\
         # - Catchments are km on the sphere from each municipality's interior point.\n\
         # See SOURCES.md for where each file came from.\n",
    );
    s.push_str(&format!("name = {:?}\n", header.name));
    // The description is the report's title: the region's name.
    s.push_str(&format!("description = {:?}\n\n", header.title));
    s.push_str(
        "[inputs]\nmunicipalities = \"municipalities.geojson\"\npopulation = \"population.csv\"\n\
         providers = \"providers.csv\"\nid_field = \"code\"\nname_field = \"name\"\n",
    );
    s.push_str(&match header.population_year {
        Some(year) => format!(
            "population_year = {year}   # the counts are for 1 January {year} (ČSÚ, 31 Dec {})\n\n",
            year - 1
        ),
        None => "# population_year = 2021   # the year (1 January) of your population files' \
                 counts\n\n"
            .to_string(),
    });
    s.push_str(
        "[method]\nkind = \"2sfca\"   # or 3sfca, bfca, gravity, cumulative; a service may set its own\n\n\
         # The plan's horizon: need, supply and gaps at 1 January of the plan's last year, the\n\
         # population carried there by ČSÚ's projection (middle variant). `gapmap project` writes\n\
         # the projected population.csv.\n\
         # [horizon]\n\
         # year = 2030\n\n",
    );
    if !header.sources.is_empty() {
        s.push_str(
            "# Where the data come from: the report and the catalogue name them. Update them when\n\
             # you replace a file.\n[sources]\n",
        );
        for (key, name, date) in &header.sources {
            match date {
                Some(d) => s.push_str(&format!("{key} = {{ name = {name:?}, date = \"{d}\" }}\n")),
                None => s.push_str(&format!("{key} = {{ name = {name:?} }}\n")),
            }
        }
        s.push('\n');
    }
    s.push_str("# ---- Target groups (cílové skupiny) of the working groups ----\n\n");
    let used: Vec<&str> = services
        .iter()
        .flat_map(|sv| {
            plan(&service_id(&sv.kind))
                .norms
                .into_iter()
                .map(|n| n.group)
        })
        .collect();
    for g in &GROUPS {
        // The four KPSS groups always; the helper groups only when a norm uses them.
        let kpss = ["seniors_65", "disabled", "families", "at_risk"].contains(&g.id);
        if !kpss && !used.contains(&g.id) {
            continue;
        }
        if let Some((_, why)) = g.share {
            s.push_str(&comment(why));
        }
        s.push_str(&format!(
            "[groups.{}]\nlabel = {:?}\ncolumns = [",
            g.id, g.label
        ));
        let cols: Vec<String> = g.columns.iter().map(|c| format!("{c:?}")).collect();
        s.push_str(&cols.join(", "));
        s.push_str("]\n");
        if let Some((share, _)) = g.share {
            s.push_str(&format!("share = {share}\n"));
        }
        s.push('\n');
    }
    s.push_str(QUESTIONNAIRE);
    s.push_str("# ---- Services (druhy sociálních služeb, zákon 108/2006 Sb.) ----\n\n");
    for sv in services {
        let id = service_id(&sv.kind);
        let p = plan(&id);
        let label = match (sv.kind.label, &sv.codebook_label) {
            ("", Some(name)) => capitalised(name),
            ("", None) => format!("Druh sociální služby {}", sv.kind.code),
            (label, _) => label.to_string(),
        };
        s.push_str(&comment(&format!(
            "DruhSocialniSluzby/{}: {}. {}",
            sv.kind.code, label, p.why
        )));
        s.push_str(&comment(&format!(
            "ASSUMPTION: catchment {} km (no official reach threshold exists).",
            p.catchment
        )));
        match sv.units.as_slice() {
            [] if header.registry.is_some() => s.push_str(
                "# No provider of this service is registered in the region or its context: its whole\n\
                 # need is a gap, unless providers are missing from the registry.\n",
            ),
            [] => {}
            [(unit, _)] => s.push_str(&format!(
                "# Capacity of its {} provider(s) in the registry's unit `{unit}`; the norm is in \
                 the same unit.\n",
                sv.providers
            )),
            several => {
                let list: Vec<String> = several
                    .iter()
                    .map(|(u, k)| format!("{k} in `{u}`"))
                    .collect();
                s.push_str(&comment(&format!(
                    "CHECK: its providers register capacity in different units ({}); they are \
                     compared as if equal. Set them to one unit in providers.csv.",
                    list.join(", ")
                )));
            }
        }
        s.push_str(&format!(
            "[services.{id}]\nlabel = {label:?}\nform = \"{}\"\ncatchment = {:.1}\ndecay = {{ kind = \"step\" }}\n",
            sv.kind.form.id(),
            p.catchment
        ));
        let norms: Vec<String> = p
            .norms
            .iter()
            .map(|n| {
                format!(
                    "{{ group = \"{}\", per_1000 = {:.1} }}",
                    n.group, n.per_1000
                )
            })
            .collect();
        s.push_str(&format!("need = [{}]\n\n", norms.join(", ")));
    }
    if let Some(registry) = header.registry {
        s.push_str(&format!(
            "# Services: the standard KPSS set, whether or not {registry} has providers of them, and\n\
             # every other registry type with a provider in the region or its context.\n"
        ));
    } else {
        s.push_str(
            "# Services: a standard set (no --registry was given); providers.csv is empty. Add\n\
             # the providers, or run `gapmap init` again with --registry rpss.json.\n",
        );
    }
    s
}

/// Text as `#` comment lines of at most about 96 characters.
fn comment(text: &str) -> String {
    let mut out = String::new();
    let mut line = String::from("#");
    for word in text.split_whitespace() {
        if line.len() + word.len() + 1 > 96 && line.len() > 1 {
            out.push_str(&line);
            out.push('\n');
            line = String::from("#");
        }
        line.push(' ');
        line.push_str(word);
    }
    out.push_str(&line);
    out.push('\n');
    out
}

/// 14093 → "14,093".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The registry types of the standard set, for a folder made without a registry.
pub fn standard() -> Vec<ServiceType> {
    STANDARD
        .iter()
        .map(|&c| registry::service_type(c))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_by_hand() {
        assert_eq!(thousands(14093), "14,093");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(10_701_777), "10,701,777");
    }

    #[test]
    fn every_known_type_has_a_norm_on_a_template_group() {
        let groups: Vec<&str> = GROUPS.iter().map(|g| g.id).collect();
        for t in registry::TYPES {
            for norm in plan(t.id).norms {
                assert!(groups.contains(&norm.group), "{} uses {}", t.id, norm.group);
            }
        }
    }
}
