//! The MPSV registry of social services (`rpss.json`, Registr poskytovatelů sociálních služeb),
//! read as it really is.
//!
//! Layout: `{"polozky": [service, …]}`. A service has an `identifikator`, a type
//! (`druhSocialniSluzby.id = "DruhSocialniSluzby/13"`), an end date (`datumPoskytovaniDo`), its
//! provider (`poskytovatel` with `nazev`, `ico` and contacts), its own contacts (`telefony`,
//! `emaily`, `weby`), target and age groups, facilities (`zarizeni[]`, each with `nazev`,
//! `utajenaAdresa`, `poskytujeOd`, `poskytujeDo` and `adresa`) and forms (`formy[]`, each with
//! `forma.id = "FormaSocialniSluzby/pob|amb|ter"` and `kapacity[] = {pocet, typ.id}`).
//!
//! The rules ([`parse`]):
//! - a service whose `datumPoskytovaniDo` is before the day is left out, whatever its
//!   facilities say; a facility that starts after the day or ends before it is left out,
//!   whatever its service says;
//! - a facility repeated with the same name, address point and dates counts once;
//! - a facility without `adresa` or `adresa.obec` cannot be placed: it is left out and counted;
//! - contacts are the service's, or, of a kind the service has none of, the provider's;
//! - a secret address (`utajenaAdresa`, a shelter) keeps only its municipality: its street,
//!   numbers and address-point code are dropped here, before anything else sees them.
//!
//! Only the keys gapmap uses are deserialised (`raw`): statutory bodies, the heads of facilities
//! and `doplnkoveUdaje` never enter memory. The file is 30–100 MB; it is parsed in one pass.

#![allow(
    clippy::indexing_slicing,
    reason = "indices are positions in the study's own lists (units, origins, services, groups, providers, columns), which load builds together and checks once"
)]

mod codebook;
mod raw;
mod types;

use std::path::Path;

pub use codebook::{Book, Codebooks, parse as parse_codebook};
pub use types::{ServiceType, TYPES, service_type};

use crate::day::Day;
use crate::error::{InputError, Location, Result, ValueError};
use crate::model::Form;
use raw::{RawAddress, RawService, Text};

/// A registered service in force on the day, as one entry of the registry.
#[derive(Debug, Clone, PartialEq)]
pub struct Registration {
    /// The service's `identifikator`.
    pub id: String,
    /// Its position in `polozky`, for messages.
    pub index: usize,
    /// The `DruhSocialniSluzby` code.
    pub kind: u32,
    /// Who runs it, and how to reach it.
    pub listing: Listing,
    /// Its facilities in force on the day, each once, that can be placed.
    pub facilities: Vec<Facility>,
    /// Its facilities in force on the day that have no `adresa` or no `adresa.obec`.
    pub unplaceable: usize,
    /// One capacity per form, in the order of `formy`.
    pub forms: Vec<Offer>,
}

/// What a catalogue says of a registered service: the provider and the contacts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Listing {
    /// `poskytovatel.nazev`.
    pub provider: String,
    /// `poskytovatel.ico`, with its leading zeros.
    pub ico: String,
    pub phones: Vec<String>,
    pub emails: Vec<String>,
    pub webs: Vec<String>,
    /// `ciloveSkupiny[].cilovaSkupina.id`, as written (`CilovaSkupinaOsoby/24`).
    pub target_groups: Vec<String>,
    /// `vekoveSkupiny[].vekovaSkupina.id`.
    pub age_groups: Vec<String>,
}

/// A service in one form, with its registered capacity in one unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Offer {
    pub form: Form,
    /// `luzka`, `klient`, `kontakt`, `interv` or `hovor`.
    pub unit: String,
    /// The registered capacity of this form in `unit`; 0 when none is registered.
    pub capacity: f64,
}

/// Where a service is provided.
#[derive(Debug, Clone, PartialEq)]
pub struct Facility {
    pub name: String,
    /// The 6-digit municipality code.
    pub municipality: String,
    /// The RÚIAN address-point code; always `None` for a secret address.
    pub address_point: Option<u64>,
    /// The postal address; always `None` for a secret address.
    pub address: Option<Address>,
    pub secret: bool,
}

/// A facility's postal address, as the registry gives it (no municipality name: the registry
/// has only its code).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Address {
    pub street: Option<String>,
    /// Číslo domovní: číslo popisné, or číslo evidenční when `registration_number`.
    pub house: Option<String>,
    pub registration_number: bool,
    /// Číslo orientační, with its letter.
    pub orientation: Option<String>,
    /// PSČ, five digits.
    pub postcode: Option<String>,
}

impl Address {
    /// The address as one line, the Czech way: `Nemocniční 2272/54, 352 01 Aš`; without a
    /// street, `č. p. 12, 391 65 Bechyně` (`č. ev.` for a registration number).
    pub fn line(&self, municipality: &str) -> String {
        let mut number = String::new();
        if let Some(h) = &self.house {
            if self.street.is_none() || self.registration_number {
                number.push_str(if self.registration_number {
                    "č. ev. "
                } else {
                    "č. p. "
                });
            }
            number.push_str(h);
        }
        if let Some(o) = &self.orientation {
            if !number.is_empty() {
                number.push('/');
            }
            number.push_str(o);
        }
        let first = match (&self.street, number.is_empty()) {
            (Some(s), false) => format!("{s} {number}"),
            (Some(s), true) => s.clone(),
            (None, _) => number,
        };
        let postcode = self.postcode.as_deref().map(|p| {
            let p: String = p.chars().filter(|c| !c.is_whitespace()).collect();
            if p.len() == 5 && p.is_ascii() {
                format!("{} {}", &p[..3], &p[3..])
            } else {
                p
            }
        });
        let last = match postcode {
            Some(p) if municipality.is_empty() => p,
            Some(p) => format!("{p} {municipality}"),
            None => municipality.to_string(),
        };
        [first, last]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The capacity units in the order one is chosen when a form registers several: beds for a
/// residential form, then clients, then the units of time or contact.
const UNITS: [&str; 5] = ["luzka", "klient", "interv", "kontakt", "hovor"];

/// Reads the registry: every service in force on `date`.
pub fn read(path: &Path, date: &Day) -> Result<Vec<Registration>> {
    let bytes =
        std::fs::read(path).map_err(|e| InputError::file(path, format!("cannot read: {e}")))?;
    parse(path, &bytes, date)
}

/// As [`read`], from the file's bytes; `path` names it in errors.
pub fn parse(path: &Path, bytes: &[u8], date: &Day) -> Result<Vec<Registration>> {
    let registry: raw::Registry = serde_json::from_slice(bytes).map_err(|e| {
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
    let mut out = Vec::new();
    for (i, s) in registry.polozky.into_iter().enumerate() {
        if let Some(r) = service(path, i, s, date)? {
            out.push(r);
        }
    }
    Ok(out)
}

/// One entry of `polozky`: `None` when it is not in force on `date`.
fn service(path: &Path, i: usize, s: RawService, date: &Day) -> Result<Option<Registration>> {
    let id = s.identifikator.map(|t| t.0).unwrap_or_default();
    // Every error names the JSON path of the value and the service it belongs to.
    let at = |key: &str, message: String| {
        let record = if id.is_empty() { "?" } else { id.as_str() };
        InputError::at(
            path,
            Location::json(
                format!("polozky[{i}].{key}"),
                Some(format!("service {record}")),
            ),
            message,
        )
    };
    if id.is_empty() {
        return Err(at("identifikator", "is missing".into()).into());
    }
    let day = |key: &str, value: &Option<String>| -> Result<Option<Day>> {
        match value.as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some(v) => Day::of_timestamp(v)
                .map(Some)
                .map_err(|e| at(key, e.to_string()).into()),
        }
    };
    if day("datumPoskytovaniDo", &s.datum_poskytovani_do)?.is_some_and(|end| end < *date) {
        return Ok(None);
    }
    let kind = s
        .druh
        .as_ref()
        .and_then(|r| code(&r.id, "DruhSocialniSluzby/"))
        .and_then(|c| c.parse::<u32>().ok())
        .ok_or_else(|| {
            at(
                "druhSocialniSluzby.id",
                format!(
                    "must be \"DruhSocialniSluzby/<number>\" (got {:?})",
                    s.druh.as_ref().map(|r| r.id.as_str())
                ),
            )
        })?;

    let mut facilities: Vec<Facility> = Vec::new();
    // A facility's identity: name, address point and dates.
    type Same = (String, Option<String>, Option<Day>, Option<Day>);
    let mut seen: Vec<Same> = Vec::new();
    let mut unplaceable = 0;
    for (k, f) in s.zarizeni.unwrap_or_default().into_iter().enumerate() {
        let from = day(&format!("zarizeni[{k}].poskytujeOd"), &f.poskytuje_od)?;
        let to = day(&format!("zarizeni[{k}].poskytujeDo"), &f.poskytuje_do)?;
        if from.as_ref().is_some_and(|d| d > date) || to.as_ref().is_some_and(|d| d < date) {
            continue;
        }
        let name = f.nazev.map(|t| t.0).unwrap_or_default();
        let point = f
            .adresa
            .as_ref()
            .and_then(|a| a.kod_adresniho_mista.as_ref())
            .map(|t| t.0.clone());
        // The registry repeats some facilities word for word: count each once.
        let key = (name.clone(), point, from, to);
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        let Some(address) = f.adresa else {
            unplaceable += 1;
            continue;
        };
        let Some(obec) = address.obec.as_ref() else {
            unplaceable += 1;
            continue;
        };
        let municipality = code(&obec.id, "Obec/")
            .filter(|c| c.len() == 6 && c.bytes().all(|b| b.is_ascii_digit()))
            .ok_or_else(|| {
                at(
                    &format!("zarizeni[{k}].adresa.obec.id"),
                    format!("must be \"Obec/<6-digit code>\" (got {:?})", obec.id),
                )
            })?
            .to_string();
        let secret = f.utajena_adresa.unwrap_or(false);
        // A secret address keeps nothing but its municipality.
        let (address_point, address) = if secret {
            (None, None)
        } else {
            (
                address
                    .kod_adresniho_mista
                    .as_ref()
                    .and_then(|t| t.0.parse().ok()),
                Some(postal(address)),
            )
        };
        facilities.push(Facility {
            name,
            municipality,
            address_point,
            address,
            secret,
        });
    }

    let mut forms = Vec::new();
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
                    &format!("formy[{k}].forma.id"),
                    format!("must be FormaSocialniSluzby/pob, amb or ter (got {other:?})"),
                )
                .into());
            }
        };
        // One unit per form, never a sum across units; several entries of one unit are the
        // same places registered again, so the largest counts, once.
        let mut best: Option<(usize, f64)> = None;
        for (j, c) in form.kapacity.unwrap_or_default().iter().enumerate() {
            let count = c.pocet.unwrap_or(0.0);
            if !(count.is_finite() && count >= 0.0) {
                let e = ValueError::new("capacity", count, "must be ≥ 0");
                return Err(at(&format!("formy[{k}].kapacity[{j}].pocet"), e.to_string()).into());
            }
            let unit = c
                .typ
                .as_ref()
                .and_then(|r| code(&r.id, "TypKapacitySocialniSluzby/"))
                .and_then(|u| UNITS.iter().position(|x| *x == u));
            let Some(unit) = unit else {
                return Err(at(
                    &format!("formy[{k}].kapacity[{j}].typ.id"),
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
        forms.push(Offer {
            form: form_kind,
            unit: UNITS[unit].to_string(),
            capacity,
        });
    }

    let provider = s.poskytovatel.unwrap_or_default();
    // Contacts of a kind the service has none of are the provider's.
    let contacts =
        |own: Vec<String>, theirs: Vec<String>| if own.is_empty() { theirs } else { own };
    let texts = |items: Vec<Option<Text>>| -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for t in items.into_iter().flatten() {
            if !t.0.is_empty() && !out.contains(&t.0) {
                out.push(t.0);
            }
        }
        out
    };
    let phones = |v: Option<Vec<raw::Phone>>| {
        texts(
            v.unwrap_or_default()
                .into_iter()
                .map(|p| p.telefon)
                .collect(),
        )
    };
    let emails = |v: Option<Vec<raw::Email>>| {
        texts(v.unwrap_or_default().into_iter().map(|p| p.email).collect())
    };
    let webs = |v: Option<Vec<raw::Web>>| {
        texts(v.unwrap_or_default().into_iter().map(|p| p.web).collect())
    };
    let ids = |v: Vec<Option<raw::Ref>>| -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for r in v.into_iter().flatten() {
            let id = r.id.trim().to_string();
            if !id.is_empty() && !out.contains(&id) {
                out.push(id);
            }
        }
        out
    };
    let listing = Listing {
        provider: provider.nazev.map(|t| t.0).unwrap_or_default(),
        ico: provider.ico.map(|t| t.0).unwrap_or_default(),
        phones: contacts(phones(s.telefony), phones(provider.telefony)),
        emails: contacts(emails(s.emaily), emails(provider.emaily)),
        webs: contacts(webs(s.weby), webs(provider.weby)),
        target_groups: ids(s
            .cilove_skupiny
            .unwrap_or_default()
            .into_iter()
            .map(|g| g.cilova_skupina)
            .collect()),
        age_groups: ids(s
            .vekove_skupiny
            .unwrap_or_default()
            .into_iter()
            .map(|g| g.vekova_skupina)
            .collect()),
    };
    Ok(Some(Registration {
        id,
        index: i,
        kind,
        listing,
        facilities,
        unplaceable,
        forms,
    }))
}

/// The postal parts of an address.
fn postal(a: RawAddress) -> Address {
    let text = |t: Option<Text>| t.map(|t| t.0).filter(|s| !s.is_empty());
    let orientation = match (text(a.cislo_orientacni), text(a.cislo_orientacni_pismeno)) {
        (Some(n), Some(l)) if !n.ends_with(l.as_str()) => Some(format!("{n}{l}")),
        (n, _) => n,
    };
    Address {
        street: a.ulice.and_then(|u| text(u.nazev)),
        house: text(a.cislo_domovni),
        // RÚIAN's TypStavebnihoObjektu/2 is a building with a číslo evidenční.
        registration_number: a
            .typ_cisla_domovniho
            .is_some_and(|r| code(&r.id, "TypStavebnihoObjektu/") == Some("2")),
        orientation,
        postcode: text(a.psc),
    }
}

/// The code after a codebook prefix: `"Obec/545201"` → `"545201"`.
fn code<'a>(id: &'a str, prefix: &str) -> Option<&'a str> {
    id.strip_prefix(prefix).map(str::trim)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_read_the_czech_way() {
        let a = Address {
            street: Some("Nemocniční".into()),
            house: Some("2272".into()),
            registration_number: false,
            orientation: Some("54".into()),
            postcode: Some("35201".into()),
        };
        assert_eq!(a.line("Aš"), "Nemocniční 2272/54, 352 01 Aš");
        let village = Address {
            street: None,
            house: Some("12".into()),
            postcode: Some("391 65".into()),
            ..Address::default()
        };
        assert_eq!(village.line("Bechyně"), "č. p. 12, 391 65 Bechyně");
        let chalet = Address {
            street: Some("Lesní".into()),
            house: Some("7".into()),
            registration_number: true,
            ..Address::default()
        };
        assert_eq!(chalet.line("Lhota"), "Lesní č. ev. 7, Lhota");
        assert_eq!(Address::default().line("Lhota"), "Lhota");
    }
}
