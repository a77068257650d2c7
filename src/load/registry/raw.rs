//! The registry's JSON as serde reads it. Only the keys gapmap uses are named: every other key
//! is skipped without being built, so statutory bodies (`statutarniOrgany`, with people's
//! names), the heads of facilities, and `doplnkoveUdaje` (with its document URLs) never enter
//! memory, let alone an output.

use serde::Deserialize;

#[derive(Deserialize)]
pub(super) struct Registry {
    pub polozky: Vec<RawService>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct RawService {
    pub identifikator: Option<Text>,
    #[serde(rename = "druhSocialniSluzby")]
    pub druh: Option<Ref>,
    pub datum_poskytovani_do: Option<String>,
    pub poskytovatel: Option<RawProvider>,
    pub zarizeni: Option<Vec<RawFacility>>,
    pub formy: Option<Vec<RawForm>>,
    pub telefony: Option<Vec<Phone>>,
    pub emaily: Option<Vec<Email>>,
    pub weby: Option<Vec<Web>>,
    pub cilove_skupiny: Option<Vec<TargetGroup>>,
    pub vekove_skupiny: Option<Vec<AgeGroup>>,
}

/// The provider (the organisation): its name, IČO and contacts. Its statutory bodies are not
/// named here, so they are never read.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub(super) struct RawProvider {
    pub nazev: Option<Text>,
    pub ico: Option<Ico>,
    pub telefony: Option<Vec<Phone>>,
    pub emaily: Option<Vec<Email>>,
    pub weby: Option<Vec<Web>>,
}

#[derive(Deserialize)]
pub(super) struct Ref {
    pub id: String,
}

/// A facility. Its head (`vedouci`) and its own contacts are not named, so never read.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct RawFacility {
    pub nazev: Option<Text>,
    pub utajena_adresa: Option<bool>,
    pub adresa: Option<RawAddress>,
    pub poskytuje_od: Option<String>,
    pub poskytuje_do: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct RawAddress {
    pub kod_adresniho_mista: Option<Text>,
    pub obec: Option<Ref>,
    pub ulice: Option<Street>,
    pub cislo_domovni: Option<Text>,
    pub typ_cisla_domovniho: Option<Ref>,
    pub cislo_orientacni: Option<Text>,
    pub cislo_orientacni_pismeno: Option<Text>,
    pub psc: Option<Text>,
}

#[derive(Deserialize)]
pub(super) struct Street {
    pub nazev: Option<Text>,
}

#[derive(Deserialize)]
pub(super) struct RawForm {
    pub forma: Option<Ref>,
    pub kapacity: Option<Vec<RawCapacity>>,
}

#[derive(Deserialize)]
pub(super) struct RawCapacity {
    pub pocet: Option<f64>,
    pub typ: Option<Ref>,
}

#[derive(Deserialize)]
pub(super) struct Phone {
    pub telefon: Option<Text>,
}

#[derive(Deserialize)]
pub(super) struct Email {
    pub email: Option<Text>,
}

#[derive(Deserialize)]
pub(super) struct Web {
    pub web: Option<Text>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct TargetGroup {
    pub cilova_skupina: Option<Ref>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct AgeGroup {
    pub vekova_skupina: Option<Ref>,
}

/// A value the registry writes as a string or a number, kept as text: `"00123456"` stays as
/// it is, and the number 123456 becomes `"123456"`.
pub(super) struct Text(pub String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_any(TextVisitor { pad: false }).map(Text)
    }
}

/// An IČO: text as written, since it keeps its leading zeros; a JSON number has lost them, so
/// it is padded back to the 8 digits every IČO has (`123456` → `"00123456"`).
pub(super) struct Ico(pub String);

impl<'de> Deserialize<'de> for Ico {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_any(TextVisitor { pad: true }).map(Ico)
    }
}

/// Reads a string or a number as text, straight from the parser: an untagged enum would buffer
/// every value first, which made reading the registry four times slower.
struct TextVisitor {
    /// Pad whole numbers to 8 digits (an IČO).
    pad: bool,
}

impl TextVisitor {
    fn whole(&self, n: u64) -> String {
        if self.pad {
            format!("{n:08}")
        } else {
            n.to_string()
        }
    }
}

impl serde::de::Visitor<'_> for TextVisitor {
    type Value = String;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("text or a number")
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.trim().to_string())
    }

    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<String, E> {
        Ok(if v.trim().len() == v.len() {
            v
        } else {
            v.trim().to_string()
        })
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<String, E> {
        Ok(self.whole(v))
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<String, E> {
        Ok(match u64::try_from(v) {
            Ok(n) => self.whole(n),
            Err(_) => v.to_string(),
        })
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<String, E> {
        // A whole number written with a fraction (123456.0) is still a whole number.
        Ok(if v.fract() == 0.0 && (0.0..1e15).contains(&v) {
            self.whole(v as u64)
        } else {
            v.to_string()
        })
    }
}
