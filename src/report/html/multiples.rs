//! Small multiples of a service's gaps: one map per scenario or stage, side by side, on one
//! extent and one set of classes (compare, monitoring).

#![allow(
    clippy::indexing_slicing,
    reason = "values are per unit of the study the maps are drawn for"
)]

use maud::{Markup, html};

use super::*;

/// A service's gaps side by side (`columns`: a title and a value per unit each), on one extent
/// and one set of classes so that their colours compare directly, under the service's name.
pub(super) fn gap_multiples(
    study: &Study,
    frame: &Frame,
    lang: Lang,
    s: usize,
    columns: &[(&str, Vec<Option<f64>>)],
) -> Markup {
    let service = &study.services[s];
    let unit = units_of(study, lang, s);
    let all: Vec<f64> = columns
        .iter()
        .flat_map(|(_, values)| {
            values
                .iter()
                .enumerate()
                .filter(|&(u, _)| study.units[u].in_region)
                .filter_map(|(_, v)| *v)
        })
        .collect();
    let breaks = classify::diverging(&all, classify::READS_AS_ZERO);
    let palette = diverging_colours(breaks.classes());
    html! {
        h3 { (service.label) }
        figure class="multiples" {
            figcaption { (service.label) ": " (t(lang, "potřeba minus dostupná kapacita", "need minus supply")) " (" (unit) ")" }
            div class="row" {
                @for (title, values) in columns {
                    @let fills = fills(study, values, &breaks, &palette, |_, v| {
                        let v = v.map_or("–".into(), |x| n1_of(x, service_noun(study, lang, s), lang));
                        format!("{} {title}: {v}", t(lang, "rozdíl", "gap"))
                    }, lang);
                    div class="multiple" {
                        p class="multiple-title" { (title) }
                        (map::map(frame, &format!("{} {title}", service.label), &fills, html! {}))
                    }
                }
            }
            (legend_of(&breaks, &palette, &unit, 1, &all, lang))
        }
    }
}
