//! The MPSV registry of social services (`rpss.json`, Registr poskytovatelů sociálních služeb).
//!
//! Layout: `{"polozky": [service, …]}`. A service has an `identifikator`, a type
//! (`druhSocialniSluzby.id = "DruhSocialniSluzby/13"`), an end date (`datumPoskytovaniDo`),
//! facilities (`zarizeni[]`, each with `nazev`, `utajenaAdresa` and `adresa` with
//! `kodAdresnihoMista` and `obec.id = "Obec/545201"`) and forms (`formy[]`, each with
//! `forma.id = "FormaSocialniSluzby/pob|amb|ter"` and `kapacity[] = {pocet, typ.id}`).
//!
//! Only these keys are read: contacts, statutory bodies (`statutarniOrgany`, with people's
//! names), heads of facilities and documents are never deserialised, so they cannot reach an
//! output. A facility with a secret address (`utajenaAdresa`, a shelter) keeps only its
//! municipality: its address-point code is dropped here, before anything else sees it.
//!
//! The file is 30–100 MB; it is parsed in one pass into these typed structs, which skip every
//! other key without building it.

use std::path::Path;

use serde::Deserialize;

use crate::error::{InputError, Location, Result, ValueError};
use crate::model::Form;

/// A registry service type gapmap knows: `DruhSocialniSluzby/<code>`, the scenario service id
/// it becomes, its Czech name (law 108/2006 Sb.) and its usual form.
#[derive(Debug, Clone, Copy)]
pub struct ServiceType {
    pub code: u32,
    pub id: &'static str,
    pub label: &'static str,
    pub form: Form,
}

/// Every type of the MPSV codebook `DruhSocialniSluzby`, in its order (§ 37–70 of the law).
pub const TYPES: &[ServiceType] = &[
    t(
        2,
        "social_counselling",
        "Odborné sociální poradenství",
        Form::Outpatient,
    ),
    t(3, "personal_assistance", "Osobní asistence", Form::Field),
    t(4, "home_care", "Pečovatelská služba", Form::Field),
    t(5, "emergency_care", "Tísňová péče", Form::Field),
    t(
        6,
        "guide_reading",
        "Průvodcovské a předčitatelské služby",
        Form::Field,
    ),
    t(
        7,
        "supported_living",
        "Podpora samostatného bydlení",
        Form::Field,
    ),
    t(8, "respite_care", "Odlehčovací služby", Form::Residential),
    t(
        9,
        "day_services_centre",
        "Centra denních služeb",
        Form::Outpatient,
    ),
    t(10, "day_care", "Denní stacionáře", Form::Outpatient),
    t(11, "weekly_care", "Týdenní stacionáře", Form::Residential),
    t(
        12,
        "disability_home",
        "Domovy pro osoby se zdravotním postižením",
        Form::Residential,
    ),
    t(
        13,
        "home_for_elderly",
        "Domovy pro seniory",
        Form::Residential,
    ),
    t(
        14,
        "special_regime_home",
        "Domovy se zvláštním režimem",
        Form::Residential,
    ),
    t(
        15,
        "sheltered_housing",
        "Chráněné bydlení",
        Form::Residential,
    ),
    t(
        16,
        "hospital_social_care",
        "Sociální služby ve zdravotnických zařízeních lůžkové péče",
        Form::Residential,
    ),
    t(17, "early_care", "Raná péče", Form::Field),
    t(
        18,
        "crisis_helpline",
        "Telefonická krizová pomoc",
        Form::Outpatient,
    ),
    t(19, "interpreting", "Tlumočnické služby", Form::Field),
    t(20, "shelter", "Azylové domy", Form::Residential),
    t(21, "halfway_house", "Domy na půl cesty", Form::Residential),
    t(22, "contact_centre", "Kontaktní centra", Form::Outpatient),
    t(23, "crisis_help", "Krizová pomoc", Form::Outpatient),
    t(
        24,
        "low_threshold_day_centre",
        "Nízkoprahová denní centra",
        Form::Outpatient,
    ),
    t(
        25,
        "youth_club",
        "Nízkoprahová zařízení pro děti a mládež",
        Form::Outpatient,
    ),
    t(26, "night_shelter", "Noclehárny", Form::Outpatient),
    t(27, "aftercare", "Služby následné péče", Form::Outpatient),
    t(
        28,
        "family_support",
        "Sociálně aktivizační služby pro rodiny s dětmi",
        Form::Field,
    ),
    t(
        29,
        "senior_activation",
        "Sociálně aktivizační služby pro seniory a osoby se zdravotním postižením",
        Form::Outpatient,
    ),
    t(
        30,
        "sheltered_workshop",
        "Sociálně terapeutické dílny",
        Form::Outpatient,
    ),
    t(
        31,
        "therapeutic_community",
        "Terapeutické komunity",
        Form::Residential,
    ),
    t(32, "outreach", "Terénní programy", Form::Field),
    t(
        33,
        "social_rehabilitation",
        "Sociální rehabilitace",
        Form::Outpatient,
    ),
    t(
        34,
        "intervention_centre",
        "Intervenční centra",
        Form::Outpatient,
    ),
];

const fn t(code: u32, id: &'static str, label: &'static str, form: Form) -> ServiceType {
    ServiceType {
        code,
        id,
        label,
        form,
    }
}

/// The type of a `DruhSocialniSluzby` code; an unknown code still gets a service of its own.
pub fn service_type(code: u32) -> ServiceType {
    TYPES
        .iter()
        .find(|t| t.code == code)
        .copied()
        .unwrap_or(ServiceType {
            code,
            id: "",
            label: "",
            form: Form::Outpatient,
        })
}

/// A registry service in one form with one capacity unit: what becomes providers.
#[derive(Debug, Clone, PartialEq)]
pub struct Offer {
    /// The service's `identifikator`.
    pub service: String,
    /// Its position in `polozky`, for messages.
    pub index: usize,
    /// The `DruhSocialniSluzby` code.
    pub kind: u32,
    pub form: Form,
    /// `luzka`, `klient`, `kontakt`, `interv` or `hovor`.
    pub unit: String,
    /// The registered capacity of this form in `unit`; 0 when none is registered.
    pub capacity: f64,
    pub facilities: Vec<Facility>,
}

/// Where a service is provided.
#[derive(Debug, Clone, PartialEq)]
pub struct Facility {
    pub name: String,
    /// The 6-digit municipality code.
    pub municipality: String,
    /// The RÚIAN address-point code; always `None` for a secret address.
    pub address_point: Option<u64>,
    pub secret: bool,
}

/// The capacity units in the order one is chosen when a form registers several: beds for a
/// residential form, then clients, then the units of time or contact.
const UNITS: [&str; 5] = ["luzka", "klient", "interv", "kontakt", "hovor"];

/// Reads the registry: every service in force on `date` (YYYY-MM-DD), as one offer per form.
pub fn read(path: &Path, date: &str) -> Result<Vec<Offer>> {
    let bytes =
        std::fs::read(path).map_err(|e| InputError::file(path, format!("cannot read: {e}")))?;
    parse(path, &bytes, date)
}

/// As [`read`], from the file's bytes; `path` names it in errors.
pub fn parse(path: &Path, bytes: &[u8], date: &str) -> Result<Vec<Offer>> {
    let registry: Registry = serde_json::from_slice(bytes).map_err(|e| {
        let place = if e.line() > 0 {
            Location::Line(e.line() as u64)
        } else {
            Location::File
        };
        let what = if e.is_eof() {
            "ends too early (a truncated download?)"
        } else if e.is_syntax() {
            "is not valid JSON"
        } else {
            "is not in the registry's layout {\"polozky\": [...]}"
        };
        InputError::at(path, place, format!("{what}: {e}"))
    })?;
    let mut offers = Vec::new();
    for (i, s) in registry.polozky.into_iter().enumerate() {
        let at = |field: String, record: &str, message: String| {
            InputError::at(
                path,
                Location::json(format!("polozky[{i}]"), Some(format!("service {record}"))),
                message,
            )
            .field(field)
        };
        let id = s.identifikator.map(|t| t.0).unwrap_or_default();
        if id.is_empty() {
            return Err(at("identifikator".into(), "?", "is missing".into()).into());
        }
        if let Some(end) = s.datum_poskytovani_do.as_deref() {
            // ISO dates compare as text; a time of day after them does not matter.
            if end.get(..10).is_some_and(|day| day < date) {
                continue;
            }
        }
        let kind = s
            .druh
            .as_ref()
            .and_then(|r| code(&r.id, "DruhSocialniSluzby/"))
            .and_then(|c| c.parse::<u32>().ok())
            .ok_or_else(|| {
                at(
                    "druhSocialniSluzby.id".into(),
                    &id,
                    format!(
                        "must be \"DruhSocialniSluzby/<number>\" (got {:?})",
                        s.druh.as_ref().map(|r| r.id.as_str())
                    ),
                )
            })?;
        let mut facilities = Vec::new();
        for (k, f) in s.zarizeni.unwrap_or_default().into_iter().enumerate() {
            let address = f.adresa.unwrap_or_default();
            let municipality = address
                .obec
                .as_ref()
                .and_then(|r| code(&r.id, "Obec/"))
                .filter(|c| c.len() == 6 && c.bytes().all(|b| b.is_ascii_digit()))
                .ok_or_else(|| {
                    at(
                        format!("zarizeni[{k}].adresa.obec.id"),
                        &id,
                        format!(
                            "must be \"Obec/<6-digit code>\" (got {:?})",
                            address.obec.as_ref().map(|r| r.id.as_str())
                        ),
                    )
                })?;
            let secret = f.utajena_adresa.unwrap_or(false);
            facilities.push(Facility {
                name: f.nazev.map(|t| t.0).unwrap_or_default(),
                municipality: municipality.to_string(),
                // A secret address keeps nothing but its municipality.
                address_point: if secret {
                    None
                } else {
                    address.kod_adresniho_mista.and_then(|t| t.0.parse().ok())
                },
                secret,
            });
        }
        for (k, form) in s.formy.unwrap_or_default().into_iter().enumerate() {
            let form_code = form
                .forma
                .as_ref()
                .and_then(|r| code(&r.id, "FormaSocialniSluzby/"));
            let form_kind = match form_code {
                Some("pob") => Form::Residential,
                Some("amb") => Form::Outpatient,
                Some("ter") => Form::Field,
                other => {
                    return Err(at(
                        format!("formy[{k}].forma.id"),
                        &id,
                        format!("must be FormaSocialniSluzby/pob, amb or ter (got {other:?})"),
                    )
                    .into());
                }
            };
            // One unit per form, never a sum across units; several entries of one unit are
            // the same places registered again, so the largest counts, once.
            let mut best: Option<(usize, f64)> = None;
            for (j, c) in form.kapacity.unwrap_or_default().iter().enumerate() {
                let field = format!("formy[{k}].kapacity[{j}].pocet");
                let count = c.pocet.unwrap_or(0.0);
                if !(count.is_finite() && count >= 0.0) {
                    let e = ValueError::new("capacity", count, "must be ≥ 0");
                    return Err(at(field, &id, e.to_string()).into());
                }
                let unit = c
                    .typ
                    .as_ref()
                    .and_then(|r| code(&r.id, "TypKapacitySocialniSluzby/"))
                    .and_then(|u| UNITS.iter().position(|x| *x == u));
                let Some(unit) = unit else {
                    return Err(at(
                        format!("formy[{k}].kapacity[{j}].typ.id"),
                        &id,
                        format!(
                            "must be TypKapacitySocialniSluzby/ with one of {} (got {:?})",
                            UNITS.join(", "),
                            c.typ.as_ref().map(|r| r.id.as_str())
                        ),
                    )
                    .into());
                };
                best = match best {
                    Some((u, n)) if u < unit => Some((u, n)),
                    Some((u, n)) if u == unit => Some((u, n.max(count))),
                    _ => Some((unit, count)),
                };
            }
            let (unit, capacity) =
                best.unwrap_or((if form_kind == Form::Residential { 0 } else { 1 }, 0.0));
            offers.push(Offer {
                service: id.clone(),
                index: i,
                kind,
                form: form_kind,
                unit: UNITS[unit].to_string(),
                capacity,
                facilities: facilities.clone(),
            });
        }
    }
    Ok(offers)
}

/// The code after a codebook prefix: `"Obec/545201"` → `"545201"`.
fn code<'a>(id: &'a str, prefix: &str) -> Option<&'a str> {
    id.strip_prefix(prefix).map(str::trim)
}

#[derive(Deserialize)]
struct Registry {
    polozky: Vec<RawService>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawService {
    identifikator: Option<Text>,
    #[serde(rename = "druhSocialniSluzby")]
    druh: Option<Ref>,
    datum_poskytovani_do: Option<String>,
    zarizeni: Option<Vec<RawFacility>>,
    formy: Option<Vec<RawForm>>,
}

#[derive(Deserialize)]
struct Ref {
    id: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawFacility {
    nazev: Option<Text>,
    utajena_adresa: Option<bool>,
    adresa: Option<RawAddress>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct RawAddress {
    kod_adresniho_mista: Option<Text>,
    obec: Option<Ref>,
}

#[derive(Deserialize)]
struct RawForm {
    forma: Option<Ref>,
    kapacity: Option<Vec<RawCapacity>>,
}

#[derive(Deserialize)]
struct RawCapacity {
    pocet: Option<f64>,
    typ: Option<Ref>,
}

/// A value the registry writes as a string or a number: kept as text.
struct Text(String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            S(String),
            I(i64),
            F(f64),
        }
        Ok(Text(match Raw::deserialize(d)? {
            Raw::S(s) => s.trim().to_string(),
            Raw::I(n) => n.to_string(),
            Raw::F(x) => x.to_string(),
        }))
    }
}
