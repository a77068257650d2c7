//! The explorer's page and the files it loads, all from the binary: Leaflet 1.9.4 (BSD-2-Clause,
//! vendored from the npm registry with its licence, the source-map comment removed) and the
//! app's own script and styles. Nothing is loaded from elsewhere.

use maud::{DOCTYPE, html};

use crate::model::Study;
use crate::report::html::Meta;
use crate::report::number::Lang;

const LEAFLET_JS: &[u8] = include_bytes!("assets/leaflet/leaflet.js");
const LEAFLET_CSS: &[u8] = include_bytes!("assets/leaflet/leaflet.css");
const LEAFLET_LICENSE: &[u8] = include_bytes!("assets/leaflet/LICENSE");
const APP_JS: &[u8] = include_bytes!("assets/app.js");
const APP_CSS: &[u8] = include_bytes!("assets/app.css");

/// An asset by its file name: its content type and bytes.
pub fn asset(file: &str) -> Option<(&'static str, &'static [u8])> {
    Some(match file {
        "leaflet.js" => ("text/javascript; charset=utf-8", LEAFLET_JS),
        "leaflet.css" => ("text/css; charset=utf-8", LEAFLET_CSS),
        "leaflet-LICENSE.txt" => ("text/plain; charset=utf-8", LEAFLET_LICENSE),
        "app.js" => ("text/javascript; charset=utf-8", APP_JS),
        "app.css" => ("text/css; charset=utf-8", APP_CSS),
        _ => return None,
    })
}

/// The page: a map, the panel, and the scripts that fill them from the API; with `tiles`, a
/// background map from that URL template.
pub fn page(study: &Study, meta: &Meta, tiles: Option<&str>) -> String {
    let cs = meta.lang == Lang::Cs;
    let t = |c: &'static str, e: &'static str| if cs { c } else { e };
    let subject = meta
        .title
        .as_deref()
        .filter(|t| !t.trim().is_empty())
        .unwrap_or(study.name.as_str());
    html! {
        (DOCTYPE)
        html lang=(if cs { "cs" } else { "en" }) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (t("Průzkumník sítě služeb", "Service network explorer")) " – " (subject) }
                link rel="stylesheet" href="/assets/leaflet.css";
                link rel="stylesheet" href="/assets/app.css";
            }
            body data-tiles=[tiles] {
                header {
                    h1 { (subject) }
                    label { (t("Služba", "Service")) " " select id="service" {} }
                    label { (t("Mapa", "Map")) " "
                        select id="view" {
                            option value="gap" { (t("rozdíl (potřeba − kapacita)", "gap (need − supply)")) }
                            option value="coverage" { (t("pokrytí", "coverage")) }
                            option value="delta" { (t("změna rozdílu proti výchozímu stavu", "change of the gap since loading")) }
                        }
                    }
                    a href="/report.html" target="_blank" { (t("Zpráva o aktuálním stavu", "Report of the current state")) }
                }
                main {
                    div id="map" {}
                    aside {
                        p id="status" role="status" {}
                        section {
                            h2 { (t("Souhrn", "Totals")) }
                            table id="totals" {}
                        }
                        section {
                            h2 { (t("Největší nedostatky", "Largest gaps")) }
                            table id="largest" {}
                        }
                        section {
                            h2 { (t("Změny", "Changes")) }
                            p class="hint" { (t("Klikněte do mapy: přidá poskytovatele vybrané služby. Klikněte na poskytovatele: změní kapacitu nebo ho zruší.", "Click the map to add a provider of the chosen service. Click a provider to change its capacity or remove it.")) }
                            ol id="changes" {}
                            button id="undo" type="button" { (t("Vrátit poslední změnu", "Undo the last change")) }
                        }
                        section {
                            h2 { (t("Dosah a normativ", "Catchment and norm")) }
                            form id="catchment" {
                                label {
                                    (t("Dosah služby", "The service's catchment")) " "
                                    input name="catchment" type="number" min="0" step="any" required;
                                    " " (crate::report::html::distance_unit(&meta.distance, meta.lang))
                                }
                                button type="submit" { (t("Změnit", "Change")) }
                            }
                            form id="norm" {
                                label { (t("Skupina", "Group")) " " select name="group" {} }
                                label { (t("na 1 000 osob", "per 1,000")) " " input name="per_1000" type="number" min="0" step="any" required; }
                                button type="submit" { (t("Změnit", "Change")) }
                            }
                        }
                        section {
                            h2 { (t("Uložit jako scénář", "Save as a scenario")) }
                            form id="save" {
                                input name="name" pattern="[a-z0-9_-]+" required placeholder=(t("nazev-scenare", "scenario-name"));
                                button type="submit" { (t("Uložit jako scénář", "Save as a scenario")) }
                            }
                            p id="saved" {}
                        }
                        p class="hint" { "Leaflet 1.9.4 (" a href="/assets/leaflet-LICENSE.txt" { "BSD-2-Clause" } "), gapmap " (env!("CARGO_PKG_VERSION")) }
                    }
                }
                script src="/assets/leaflet.js" {}
                script src="/assets/app.js" {}
            }
        }
    }
    .into_string()
}
