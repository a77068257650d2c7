//! `catalogue.html`: the public catalogue of social services, the katalog a community plan
//! prints and puts on the town's web. A chapter per target group with an entry per service and
//! place, a map of the entries by number, and an index of what each municipality can use.
//! Printable on A4: a chapter starts a page and no entry is split across two.

#![allow(
    clippy::indexing_slicing,
    reason = "indices are positions in the study's own lists (units, origins, services, groups, providers, columns), which load builds together and checks once; tables and maps are built per unit and per service of that study"
)]

use maud::{Markup, html};

use super::*;
use crate::catalogue::{Catalogue, Entry, number_ranges};
use crate::model::Study;

/// The catalogue page.
pub fn catalogue(study: &Study, cat: &Catalogue, meta: &Meta) -> String {
    let lang = meta.lang;
    // The map shows the region and what stands in it; the context runs off its edge.
    let inside: Vec<crate::model::LonLat> = cat
        .entries
        .iter()
        .filter(|e| e.municipality.is_some_and(|u| study.units[u].in_region))
        .filter_map(|e| e.location)
        .collect();
    let frame = Frame::around(study, |u| study.units[u].in_region, &inside);
    let title = format!(
        "{} – {}",
        t(
            lang,
            "Katalog sociálních služeb",
            "Catalogue of social services"
        ),
        subject(study, meta)
    );
    let chapter_names: Vec<String> = cat
        .chapters
        .iter()
        .map(|c| match c.group {
            Some(g) => study.groups[g].label.clone(),
            None => t(lang, "Další služby", "Other services").to_string(),
        })
        .collect();
    let chapter_ids: Vec<String> = (1..=cat.chapters.len()).map(|k| format!("k{k}")).collect();
    let mut sections: Vec<(&str, &str)> = vec![("mapa", t(lang, "Mapa služeb", "Map of services"))];
    for (id, name) in chapter_ids.iter().zip(&chapter_names) {
        sections.push((id.as_str(), name.as_str()));
    }
    sections.push((
        "rejstrik",
        t(lang, "Rejstřík obcí", "Index of municipalities"),
    ));
    sections.push(("o-katalogu", t(lang, "O katalogu", "About this catalogue")));

    let region = region_count(study);
    let lede = html! {
        (t(lang, "Služby v katalogu", "Services in the catalogue")) ": " (cat.entries.len()) "; "
        (t(lang, "obce regionu", "municipalities of the region")) ": " (region) ". "
        (t(lang, "Číslo u každé služby je její číslo na mapě.", "Each service's number is its number on the map."))
    };
    let body = html! {
        (map_section(study, cat, &frame, lang, sections[0]))
        @for (k, chapter) in cat.chapters.iter().enumerate() {
            section id=(chapter_ids[k]) class="chapter" {
                h2 { (k + 2) ". " (chapter_names[k]) }
                @if chapter.entries.is_empty() && chapter.see_also.is_empty() {
                    p { (t(lang, "V katalogu není žádná služba pro tuto skupinu.", "The catalogue has no service for this group.")) }
                }
                div class="entries" {
                    @for &e in &chapter.entries {
                        (entry(study, cat, e, &chapter_names, lang))
                    }
                }
                @if !chapter.see_also.is_empty() {
                    div class="see-also" {
                        h3 { (t(lang, "Této skupině slouží také", "Also for this group")) }
                        ul {
                            @for &e in &chapter.see_also {
                                @let p = &study.providers[cat.entries[e].provider];
                                li {
                                    a href={ "#e" (e + 1) } { strong { (e + 1) } " " (p.name) }
                                    " – " (study.services[p.service].label)
                                    " (" (t(lang, "viz", "see")) " " (chapter_names[cat.entries[e].chapters[0]]) ")"
                                }
                            }
                        }
                    }
                }
            }
        }
        (index_section(study, cat, lang, cat.chapters.len() + 2, sections[sections.len() - 2]))
        (about_section(meta, cat, cat.chapters.len() + 3, sections[sections.len() - 1]))
    };
    page(meta, &title, &frame, lede, &sections, body)
}

/// The map: the region with its municipalities named, and every entry with a place by number.
/// Entries at one place share one marker that lists their numbers.
fn map_section(
    study: &Study,
    cat: &Catalogue,
    frame: &Frame,
    lang: Lang,
    (id, name): (&str, &str),
) -> Markup {
    let fills = base_fills(study, ("#eef3f8", "#e3e3e3"), |u| u.name.clone());
    // Entries by place, in the order of their first number.
    let mut places: Vec<Place> = Vec::new();
    for (e, entry) in cat.entries.iter().enumerate() {
        let Some(at) = entry.location else {
            continue;
        };
        let (x, y) = frame.project(at);
        // One place per tenth of a drawing unit: entries at one address share a pill.
        let key = ((x * 10.0).round() as i64, (y * 10.0).round() as i64);
        match places.iter_mut().find(|p| p.key == key) {
            Some(p) => p.numbers.push(e + 1),
            None => places.push(Place {
                key,
                at: (x, y),
                numbers: vec![e + 1],
            }),
        }
    }
    let (pills, outside) = place_pills(frame, &places);
    // Names are placed after the pills, around them: a pill never hides a name.
    let obstacles: Vec<map::Rect> = pills
        .iter()
        .map(|p| map::Rect::around(p.centre, p.width / 2.0 + 2.0, PILL / 2.0 + 2.0))
        .chain(
            pills
                .iter()
                .filter(|p| p.moved)
                .map(|p| map::Rect::around(p.at, 5.0, 5.0)),
        )
        .collect();
    let markers = html! {
        g class="entries-map" {
            // Leader lines first, so that every pill lies on top of them.
            @for pill in pills.iter().filter(|p| p.moved) {
                line x1=(map::r1(pill.at.0)) y1=(map::r1(pill.at.1)) x2=(map::r1(pill.centre.0)) y2=(map::r1(pill.centre.1)) {}
                circle cx=(map::r1(pill.at.0)) cy=(map::r1(pill.at.1)) r="4" {}
            }
            @for pill in &pills {
                g {
                    title {
                        @for (k, n) in pill.numbers.iter().enumerate() {
                            @if k > 0 { "; " }
                            (n) ". " (study.providers[cat.entries[n - 1].provider].name)
                        }
                    }
                    rect x=(map::r1(pill.centre.0 - pill.width / 2.0)) y=(map::r1(pill.centre.1 - PILL / 2.0)) width=(map::r1(pill.width)) height=(PILL) rx=(PILL / 2.0) {}
                    text x=(map::r1(pill.centre.0)) y=(map::r1(pill.centre.1 + 6.5)) { (number_ranges(&pill.numbers)) }
                }
            }
        }
    };
    let unplaced = cat.entries.iter().filter(|e| e.location.is_none()).count();
    html! {
        section id=(id) {
            h2 { "1. " (name) }
            figure class="mapfig catalogue-map" {
                figcaption { (t(lang, "Služby podle čísla v katalogu", "Services by their number in the catalogue")) }
                (map::map_around(frame, t(lang, "Mapa služeb katalogu", "Map of the catalogue's services"), &fills, &obstacles, markers))
            }
            @if !outside.is_empty() {
                p class="note" {
                    (t(lang, "Mimo výřez mapy (v okolí regionu)", "Beyond the map's edge (near the region)")) ": "
                    (number_ranges(&outside)) "."
                }
            }
            @if unplaced > 0 {
                p class="note" {
                    (t(lang, "Bez místa na mapě", "Not on the map")) ": " (unplaced) " "
                    (t(lang,
                        "(terénní služby s vymezeným územím a služby s utajenou adresou, např. azylové domy).",
                        "(field services with a declared area, and services at a secret address, such as shelters)."))
                }
            }
        }
    }
}

/// The height of a number pill on the map, in drawing units.
const PILL: f64 = 30.0;

/// Entries at one place on the map, by number.
struct Place {
    key: (i64, i64),
    at: (f64, f64),
    numbers: Vec<usize>,
}

/// A pill of entry numbers on the map: where its entries are, and where it is drawn.
struct Pill {
    at: (f64, f64),
    centre: (f64, f64),
    width: f64,
    numbers: Vec<usize>,
    /// Drawn away from its place, with a leader line to it.
    moved: bool,
}

/// Places the pills in the order of their numbers, each at its place when that is free and
/// otherwise at the nearest free spot on rings around it (a leader line joins them), so that
/// no two overlap. Returns the pills and the numbers whose place is outside the drawing.
fn place_pills(frame: &Frame, places: &[Place]) -> (Vec<Pill>, Vec<usize>) {
    let mut pills: Vec<Pill> = Vec::new();
    let mut outside = Vec::new();
    let inside =
        |x: f64, y: f64| (0.0..=map::WIDTH).contains(&x) && (0.0..=frame.height).contains(&y);
    for Place {
        at: (x, y),
        numbers,
        ..
    } in places
    {
        if !inside(*x, *y) {
            outside.extend(numbers);
            continue;
        }
        let label = number_ranges(numbers);
        // About 0.62 em a digit at 19 units.
        let width = (11.8 * label.chars().count() as f64 + 14.0).max(PILL);
        let free = |cx: f64, cy: f64| {
            pills.iter().all(|p| {
                (cx - p.centre.0).abs() * 2.0 >= width + p.width + 4.0
                    || (cy - p.centre.1).abs() >= PILL + 4.0
            })
        };
        let mut centre = (*x, *y);
        if !free(*x, *y) {
            'rings: for ring in 1..=12 {
                let r = ring as f64 * (PILL + 6.0);
                for k in 0..(8 * ring) {
                    // From straight up, clockwise.
                    let angle = std::f64::consts::TAU * k as f64 / (8 * ring) as f64;
                    let (cx, cy) = (x + r * angle.sin(), y - r * angle.cos());
                    if inside(cx, cy) && free(cx, cy) {
                        centre = (cx, cy);
                        break 'rings;
                    }
                }
            }
        }
        pills.push(Pill {
            at: (*x, *y),
            centre,
            width,
            numbers: numbers.clone(),
            moved: centre != (*x, *y),
        });
    }
    (pills, outside)
}

/// One entry, as a card that is never split across pages.
fn entry(study: &Study, cat: &Catalogue, e: usize, chapters: &[String], lang: Lang) -> Markup {
    let entry: &Entry = &cat.entries[e];
    let p = &study.providers[entry.provider];
    let service = &study.services[p.service];
    let listing = p.listing.as_deref();
    let form = listing.and_then(|l| l.form).unwrap_or(service.form);
    let unit = listing.and_then(|l| l.unit.as_deref());
    let capacity = p.capacity.get();
    let region = region_count(study);
    html! {
        article class="entry" id={ "e" (e + 1) } {
            div class="entry-head" {
                span class="number" { (e + 1) }
                div {
                    h3 { (p.name) }
                    p class="kind" { (service.label) " · " (text::form(form, lang)) }
                }
            }
            dl {
                @if let Some(l) = listing.filter(|l| !l.provider.is_empty()) {
                    dt { (t(lang, "Poskytovatel", "Provider")) }
                    dd {
                        (l.provider)
                        @if !l.ico.is_empty() { ", " (t(lang, "IČO", "Company no.")) " " (l.ico) }
                    }
                }
                dt { (t(lang, "Adresa", "Address")) }
                dd {
                    @if entry.secret {
                        em { (t(lang, "Adresa se nezveřejňuje (chrání klienty). Kontaktujte službu.", "Not published, to protect its clients. Contact the service.")) }
                    } @else if let Some(l) = listing.filter(|l| !l.address.is_empty()) {
                        (l.address)
                    } @else if let Some(u) = entry.municipality {
                        (study.units[u].name)
                    } @else {
                        "–"
                    }
                }
                @if let Some(l) = listing.filter(|l| !(l.phones.is_empty() && l.emails.is_empty() && l.webs.is_empty())) {
                    dt { (t(lang, "Kontakt", "Contact")) }
                    dd class="contacts" {
                        @for phone in &l.phones { span { (t(lang, "tel.", "phone")) " " (phone) } }
                        @for mail in &l.emails {
                            span {
                                @if is_email(mail) { a href={ "mailto:" (mail) } { (mail) } } @else { (mail) }
                            }
                        }
                        @for web in &l.webs {
                            span {
                                @match link(web) {
                                    Some(href) => a href=(href) { (web) },
                                    None => (web),
                                }
                            }
                        }
                    }
                }
                dt { (t(lang, "Kapacita", "Capacity")) }
                dd { (count_of(capacity, text::capacity_noun(unit, form, lang), lang)) }
                // Ids no codebook named (VekovaSkupinaOsoby/8) are left out: people cannot read them.
                @let named = |groups: &[String]| -> Vec<String> {
                    groups.iter().filter(|g| !crate::model::unnamed_group(g)).cloned().collect()
                };
                @let (targets, ages) = listing.map_or((Vec::new(), Vec::new()), |l| (named(&l.target_groups), named(&l.age_groups)));
                @if !targets.is_empty() || !ages.is_empty() {
                    dt { (t(lang, "Pro koho", "For whom")) }
                    dd {
                        (targets.join(", "))
                        @if !targets.is_empty() && !ages.is_empty() { "; " }
                        (ages.join(", "))
                    }
                }
                @if !entry.secret {
                    dt { (t(lang, "Obce v dosahu", "Municipalities served")) }
                    dd {
                        @if entry.serves_all && region > 1 {
                            (t(lang, "všechny obce regionu", "every municipality of the region"))
                        } @else if entry.serves.is_empty() {
                            (t(lang, "žádná obec regionu", "no municipality of the region"))
                        } @else {
                            @for (k, &u) in entry.serves.iter().enumerate() {
                                @if k > 0 { ", " }
                                (study.units[u].name)
                            }
                        }
                    }
                }
                @if entry.chapters.len() > 1 {
                    dt { (t(lang, "Také v kapitole", "Also in")) }
                    dd {
                        @for (k, &c) in entry.chapters[1..].iter().enumerate() {
                            @if k > 0 { ", " }
                            (chapters[c])
                        }
                    }
                }
            }
        }
    }
}

/// An e-mail address, to link with `mailto:`.
fn is_email(s: &str) -> bool {
    s.contains('@') && !s.contains(|c: char| c.is_whitespace() || c == ':' || c == '<')
}

/// The link of a web address: `http(s)` as written, `www.…` with `https://`; anything else
/// (another scheme, a typo) is shown as text, never linked.
fn link(web: &str) -> Option<String> {
    let lower = web.to_ascii_lowercase();
    if web.contains(char::is_whitespace) {
        None
    } else if lower.starts_with("https://") || lower.starts_with("http://") {
        Some(web.to_string())
    } else if lower.starts_with("www.") {
        Some(format!("https://{web}"))
    } else {
        None
    }
}

/// What each municipality of the region can use, by service.
fn index_section(
    study: &Study,
    cat: &Catalogue,
    lang: Lang,
    number: usize,
    (id, name): (&str, &str),
) -> Markup {
    html! {
        section id=(id) class="chapter" {
            h2 { (number) ". " (name) }
            p { (t(lang,
                "Co mohu využít tam, kde bydlím: služby, do jejichž dosahu obec patří (u terénních služeb jejich vymezené území), s čísly z katalogu. Služby s utajenou adresou rejstřík neuvádí; najdete je v jejich kapitole.",
                "What I can use where I live: the services whose reach takes in the municipality (a field service's declared area), with their numbers in the catalogue. Services at a secret address are not indexed; they are in their chapter."
            )) }
            table class="index" {
                thead { tr { th { (t(lang, "Obec", "Municipality")) } th { (t(lang, "Služby (čísla v katalogu)", "Services (numbers in the catalogue)")) } } }
                tbody {
                    @for (u, entries) in &cat.index {
                        tr {
                            td { (study.units[*u].name) }
                            td {
                                @if entries.is_empty() {
                                    em { (t(lang, "žádná služba v dosahu", "no service in reach")) }
                                }
                                @for (k, (service, numbers)) in by_service(study, cat, entries).iter().enumerate() {
                                    @if k > 0 { " · " }
                                    (study.services[*service].label) " " strong { (number_ranges(numbers)) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Entry numbers grouped by service, in the scenario's order of services.
fn by_service(study: &Study, cat: &Catalogue, entries: &[usize]) -> Vec<(usize, Vec<usize>)> {
    let mut out: Vec<(usize, Vec<usize>)> = Vec::new();
    for &e in entries {
        let s = study.providers[cat.entries[e].provider].service;
        match out.iter_mut().find(|(x, _)| *x == s) {
            Some((_, v)) => v.push(e + 1),
            None => out.push((s, vec![e + 1])),
        }
    }
    out.sort_by_key(|(s, _)| *s);
    out
}

fn about_section(meta: &Meta, cat: &Catalogue, number: usize, (id, name): (&str, &str)) -> Markup {
    let lang = meta.lang;
    let secret = cat.entries.iter().filter(|e| e.secret).count();
    html! {
        section id=(id) {
            h2 { (number) ". " (name) }
            ul {
                li { (t(lang,
                    "Katalog uvádí registrované sociální služby podle zákona č. 108/2006 Sb., které mohou využít obyvatelé regionu: služby se sídlem v regionu a služby z okolí, do jejichž dosahu obce regionu patří.",
                    "The catalogue lists the social services registered under Act 108/2006 Coll. that the region's people can use: services in the region, and services nearby whose reach takes in the region's municipalities.")) }
                li { (t(lang,
                    "Kapacita je registrovaná nejvyšší kapacita služby (v registru poskytovatelů sociálních služeb MPSV), ne počet volných míst. Na volné místo se ptejte přímo poskytovatele.",
                    "Capacity is the service's registered maximum (in MPSV's registry of social services), not free places. Ask the provider about a free place.")) }
                li { (t(lang,
                    "„Obce v dosahu“ jsou obce, jejichž obyvatelé službu dosáhnou v rámci dosahu, který stanovil plán (u terénních služeb s vymezeným územím toto území).",
                    "\"Municipalities served\" are those whose people reach the service within the catchment the plan set (for a field service with a declared area, that area).")) }
                @if secret > 0 {
                    li { (t(lang,
                        "Služby s utajenou adresou (např. azylové domy pro oběti domácího násilí) katalog uvádí bez adresy a bez místa na mapě; kontakty zůstávají.",
                        "Services at a secret address (such as shelters for victims of domestic violence) are listed without an address or a place on the map; their contacts stay.")) }
                }
                li { (t(lang, "Údaje jsou také v souborech catalogue.csv, catalogue.json a catalogue.xlsx.", "The same entries are in catalogue.csv, catalogue.json and catalogue.xlsx.")) }
            }
            @if !meta.sources.is_empty() {
                h3 { (t(lang, "Zdroje dat", "Sources of the data")) }
                (sources_list(meta))
            }
            p class="note" { (t(lang, "Vytvořeno", "Made")) " " (date(&meta.day, lang)) ", gapmap " (env!("CARGO_PKG_VERSION")) "." }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_addresses_are_linked() {
        assert_eq!(
            link("https://www.tyn.cz").as_deref(),
            Some("https://www.tyn.cz")
        );
        assert_eq!(
            link("www.poradna.cz").as_deref(),
            Some("https://www.poradna.cz")
        );
        assert_eq!(link("javascript:alert(1)"), None);
        assert_eq!(link("poradna.cz"), None);
        assert!(is_email("info@tyn.cz"));
        assert!(!is_email("javascript:x@y"));
    }
}
