//! The report's words in Czech and English.

use crate::decay::Decay;
use crate::model::Form;
use crate::report::number::{Lang, Noun};

/// The text in the report's language.
pub fn t(lang: Lang, cs: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Cs => cs,
        Lang::En => en,
    }
}

pub fn form(form: Form, lang: Lang) -> &'static str {
    match form {
        Form::Residential => t(lang, "pobytová", "residential"),
        Form::Outpatient => t(lang, "ambulantní", "outpatient"),
        Form::Field => t(lang, "terénní", "field"),
    }
}

pub fn decay(decay: &Decay, lang: Lang) -> String {
    let n = |x: &crate::decay::Positive| match lang {
        Lang::Cs => x.get().to_string().replace('.', ","),
        Lang::En => x.get().to_string(),
    };
    match decay {
        Decay::Step => t(
            lang,
            "žádný (vše v dosahu plnou vahou)",
            "none (everything in reach at full weight)",
        )
        .into(),
        Decay::Steps(_) => t(lang, "pásma (E2SFCA)", "bands (E2SFCA)").into(),
        Decay::Linear => t(lang, "lineární", "linear").into(),
        Decay::Gaussian { sigma } => {
            format!("{} σ = {}", t(lang, "Gaussův,", "Gaussian,"), n(sigma))
        }
        Decay::Exponential { beta } => format!(
            "{} β = {}",
            t(lang, "exponenciální,", "exponential,"),
            n(beta)
        ),
        Decay::Power { beta, .. } => format!("{} β = {}", t(lang, "mocninný,", "power,"), n(beta)),
    }
}

/// The method chapter: the formulas in plain words, the classification, the projection.
pub fn method(lang: Lang) -> &'static str {
    t(
        lang,
        "<p><strong>Potřeba</strong> obce je počet osob cílové skupiny krát normativ (míst nebo klientů na 1 000 osob). <strong>Dosah</strong> služby je vzdálenost po kouli (km) od vnitřního bodu obce, nebo čas cesty po silnicích OpenStreetMap (autem či pěšky, s chůzí 5 km/h k nejbližší silnici), nebo náklad z matice cestovních časů; váha poskytovatele klesá se vzdáleností podle útlumu.</p>\
<p><strong>Dostupná kapacita</strong> (2SFCA): každý poskytovatel rozdělí svou kapacitu mezi potřebu všech, kdo na něj dosáhnou (poměr R = kapacita / vážená potřeba v dosahu); obec sečte poměry poskytovatelů, na které dosáhne (dostupnost A), a dostupná kapacita je A × potřeba. 3SFCA a BFCA navíc dělí potřebu obce mezi poskytovatele. <strong>Rozdíl</strong> = potřeba − dostupná kapacita; <strong>nenaplněná potřeba</strong> = součet kladných rozdílů obcí; <strong>pokrytí</strong> = dostupná kapacita / potřeba.</p>\
<p><strong>Třídy map</strong>: rozdíly symetricky kolem nuly (tercily velikostí), ostatní přirozenými zlomy (Jenks) nebo kvantily; hranice tříd jsou v legendě každé mapy. Barvy jsou ze škál ColorBrewer (RdBu, Oranges) a cividis, čitelné i při poruchách barvocitu; každá mapa má vedle sebe tabulku.</p>\
<p><strong>Zobrazení map</strong>: zeměpisné souřadnice WGS 84, x = délka · cos φ₀ (φ₀ je střední šířka území), sever nahoře; tvary obcí jsou zjednodušené. Obce kontextu (šedě) soutěží o kapacitu a jejich poskytovatelé slouží regionu, do součtů se ale nepočítají.</p>\
<p><strong>Omezení</strong>: registrovaná kapacita není volná kapacita; normativy jsou předpoklady scénáře; vzdálenost po kouli není cestovní čas.</p>",
        "<p>A municipality's <strong>need</strong> is the people of the target group times the norm (places or clients per 1,000). A service's <strong>reach</strong> is the distance on the sphere (km) from the municipality's interior point, or the travel time on OpenStreetMap roads (by car or on foot, walking at 5 km/h to the nearest road), or the cost from a travel-time matrix; a provider's weight falls with distance by the decay.</p>\
<p><strong>Supply</strong> (2SFCA): each provider shares its capacity out over the need of everyone who reaches it (the ratio R = capacity / weighted need in reach); a municipality adds up the ratios of the providers it reaches (accessibility A), and its supply is A × need. 3SFCA and BFCA also split a municipality's need among the providers. <strong>Gap</strong> = need − supply; <strong>unmet need</strong> = the sum of the municipalities' positive gaps; <strong>coverage</strong> = supply / need.</p>\
<p><strong>Map classes</strong>: gaps symmetric around zero (terciles of the magnitudes), the rest by natural breaks (Jenks) or quantiles; each map's legend gives its class limits. Colours are ColorBrewer's (RdBu, Oranges) and cividis, readable with colour-vision deficiencies; every map has a table beside it.</p>\
<p><strong>Map projection</strong>: WGS 84 coordinates, x = longitude · cos φ₀ (φ₀ the middle latitude of the area), north up; municipality shapes are simplified. Context municipalities (grey) compete for capacity and their providers serve the region, but they are not counted.</p>\
<p><strong>Limits</strong>: registered capacity is not free capacity; norms are the scenario's assumptions; distance on the sphere is not travel time.</p>",
    )
}

/// The noun of a capacity unit (the registry's `luzka`, `klient`, `kontakt`, `interv`,
/// `hovor`; without one, places for a residential service and clients otherwise), in the forms
/// it takes after a number (see [`agree`]): 1 lůžko, 2 lůžka, 5 lůžek, 2,5 lůžka.
pub fn capacity_noun(unit: Option<&str>, form: Form, lang: Lang) -> Noun {
    match (unit, form, lang) {
        (Some("luzka"), _, Lang::Cs) => Noun::cs("lůžko", "lůžka", "lůžek", "lůžka"),
        (Some("klient"), _, Lang::Cs) => Noun::cs("klient", "klienti", "klientů", "klienta"),
        (Some("kontakt"), _, Lang::Cs) => Noun::cs("kontakt", "kontakty", "kontaktů", "kontaktu"),
        (Some("interv"), _, Lang::Cs) => {
            Noun::cs("intervence", "intervence", "intervencí", "intervence")
        }
        (Some("hovor"), _, Lang::Cs) => Noun::cs("hovor", "hovory", "hovorů", "hovoru"),
        (Some("luzka"), _, Lang::En) => Noun::en("bed", "beds"),
        (Some("klient"), _, Lang::En) => Noun::en("client", "clients"),
        (Some("kontakt"), _, Lang::En) => Noun::en("contact", "contacts"),
        (Some("interv"), _, Lang::En) => Noun::en("intervention", "interventions"),
        (Some("hovor"), _, Lang::En) => Noun::en("call", "calls"),
        (_, Form::Residential, Lang::Cs) => Noun::cs("místo", "místa", "míst", "místa"),
        (_, Form::Residential, Lang::En) => Noun::en("place", "places"),
        (_, _, Lang::Cs) => Noun::cs("klient", "klienti", "klientů", "klienta"),
        (_, _, Lang::En) => Noun::en("client", "clients"),
    }
}

/// The nouns the reports count, in the forms they take after a number.
pub fn noun(word: Word, lang: Lang) -> Noun {
    match (word, lang) {
        (Word::Municipality, Lang::Cs) => Noun::cs("obec", "obce", "obcí", "obce"),
        (Word::Municipality, Lang::En) => Noun::en("municipality", "municipalities"),
        (Word::More, Lang::Cs) => Noun::cs("další", "další", "dalších", "další"),
        (Word::More, Lang::En) => Noun::en("more", "more"),
        (Word::Row, Lang::Cs) => Noun::cs("řádek", "řádky", "řádků", "řádku"),
        (Word::Row, Lang::En) => Noun::en("row", "rows"),
        (Word::Service, Lang::Cs) => Noun::cs("služba", "služby", "služeb", "služby"),
        (Word::Service, Lang::En) => Noun::en("service", "services"),
        (Word::Person, Lang::Cs) => Noun::cs("osoba", "osoby", "osob", "osoby"),
        (Word::Person, Lang::En) => Noun::en("person", "people"),
        (Word::Respondent, Lang::Cs) => {
            Noun::cs("respondent", "respondenti", "respondentů", "respondenta")
        }
        (Word::Respondent, Lang::En) => Noun::en("respondent", "respondents"),
    }
}

/// What the reports count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Word {
    Municipality,
    /// "a 2 další", "and 2 more".
    More,
    Row,
    Service,
    Person,
    Respondent,
}
