//! Choosing the region (an ORP by code or name, or a list of municipalities) and the context
//! ring of municipalities within a distance of its border.

#![allow(
    clippy::indexing_slicing,
    reason = "positions come from the national list of places this command reads and selects from"
)]

use geo::{BoundingRect, Distance, Euclidean, MapCoords, MultiPolygon, Rect};

use crate::error::{InputError, Result};
use crate::model::LonLat;
use crate::names::{Names, edit_distance, fold, slug};

/// A municipality as `init` sees it, from the shipped data or a boundary file.
#[derive(Debug, Clone)]
pub struct Place {
    pub code: String,
    pub name: String,
    /// The ORP by RÚIAN code, and its name when known.
    pub orp: Option<(String, String)>,
    pub shape: MultiPolygon,
    /// The RÚIAN definition point, or a point inside the polygon.
    pub point: LonLat,
}

/// Which municipalities form the region.
#[derive(Debug, Clone)]
pub enum Selection {
    /// An ORP by its RÚIAN code (`299`) or its name, in any case, with or without diacritics.
    Orp(String),
    /// Municipalities by 6-digit code or by name (any case, with or without diacritics): a
    /// micro-region, a union of municipalities.
    Municipalities(Vec<String>),
}

/// The region chosen: the indices of its places, and how to name it.
#[derive(Debug, Clone)]
pub struct Region {
    pub places: Vec<usize>,
    /// "ORP Týn nad Vltavou (299)", or the union's municipalities: "Bolatice, Chuchelná a 9
    /// dalších obcí".
    pub title: String,
    /// A default scenario name: `tyn-nad-vltavou`.
    pub slug: String,
}

/// Resolves a selection against the known places. An unknown ORP or municipality is an error
/// that suggests the three closest names; a name that several municipalities share, one that
/// gives their codes.
/// `within` says where the places come from, for messages: "in the national data".
pub fn select(places: &[Place], selection: &Selection, within: &str) -> Result<Region> {
    match selection {
        Selection::Orp(wanted) => {
            let wanted = wanted.trim();
            let mut orps: Vec<(&str, &str)> = places
                .iter()
                .filter_map(|p| p.orp.as_ref().map(|(c, n)| (c.as_str(), n.as_str())))
                .collect();
            orps.sort_unstable();
            orps.dedup();
            if orps.is_empty() {
                return Err(InputError::file(
                    "--orp",
                    "the municipality boundaries carry no ORP membership (ORP_KOD); select \
                     the region with --municipalities",
                )
                .into());
            }
            let folded = fold(wanted);
            let found = orps
                .iter()
                .find(|(code, name)| *code == wanted || fold(name) == folded);
            let Some(&(code, name)) = found else {
                return Err(InputError::file(
                    "--orp",
                    format!(
                        "no ORP has the RÚIAN code or name {wanted:?}; the closest are: {}",
                        closest(&folded, &orps).join(", ")
                    ),
                )
                .into());
            };
            let members: Vec<usize> = (0..places.len())
                .filter(|&i| places[i].orp.as_ref().is_some_and(|(c, _)| c == code))
                .collect();
            Ok(Region {
                title: format!("ORP {name} ({code})"),
                slug: slug(name),
                places: members,
            })
        }
        Selection::Municipalities(written) => {
            let names = Names::new(
                places
                    .iter()
                    .map(|p| (p.code.as_str(), p.name.as_str()))
                    .collect(),
                within,
            )
            .with_details(
                places
                    .iter()
                    .map(|p| {
                        p.orp
                            .as_ref()
                            .map_or(String::new(), |(_, n)| format!("ORP {n}"))
                    })
                    .collect(),
            );
            let mut members = Vec::with_capacity(written.len());
            for w in written.iter().filter(|w| !w.trim().is_empty()) {
                let i = names
                    .find(w)
                    .map_err(|m| InputError::file("--municipalities", m))?;
                if !members.contains(&i) {
                    members.push(i);
                }
            }
            if members.is_empty() {
                return Err(InputError::file("--municipalities", "names no municipality").into());
            }
            let title = union_title(
                &members
                    .iter()
                    .map(|&i| places[i].name.as_str())
                    .collect::<Vec<_>>(),
            );
            let slug = if members.len() == 1 {
                slug(&places[members[0]].name)
            } else {
                "region".to_string()
            };
            members.sort_unstable();
            Ok(Region {
                slug,
                title,
                places: members,
            })
        }
    }
}

/// The title of a union of municipalities that has no name of its own, in Czech like the rest
/// of the scenario: "Bolatice", "Bolatice a Chuchelná", "Bolatice, Chuchelná a 9 dalších obcí".
fn union_title(names: &[&str]) -> String {
    use crate::report::number::{Noun, agree};
    match names {
        [] => String::new(),
        [one] => one.to_string(),
        [first, second] => format!("{first} a {second}"),
        [first, second, third] => format!("{first}, {second} a {third}"),
        [first, second, rest @ ..] => {
            let n = rest.len() as f64;
            format!(
                "{first}, {second} a {} {} {}",
                rest.len(),
                agree(n, 0, Noun::cs("další", "další", "dalších", "další")),
                agree(n, 0, Noun::cs("obec", "obce", "obcí", "obce"))
            )
        }
    }
}

/// The places outside the region within `km` of its border: the context ring.
///
/// Distances are planar on an equirectangular projection centred on the region
/// (x = lon · cos φ₀ · 111.32 km, y = lat · 110.57 km), within half a per cent over a
/// region-sized area.
pub fn ring(places: &[Place], region: &[usize], km: f64) -> Vec<usize> {
    if region.is_empty() || km <= 0.0 {
        return Vec::new();
    }
    let lat0 = region.iter().map(|&i| places[i].point.lat()).sum::<f64>() / region.len() as f64;
    let kx = 111.32 * lat0.to_radians().cos();
    let ky = 110.57;
    let planar = |mp: &MultiPolygon| {
        mp.map_coords(|c| geo::Coord {
            x: c.x * kx,
            y: c.y * ky,
        })
    };
    let inside: Vec<(MultiPolygon, Rect)> = region
        .iter()
        .filter_map(|&i| {
            let mp = planar(&places[i].shape);
            let rect = mp.bounding_rect()?;
            Some((mp, rect))
        })
        .collect();
    let near = |a: &Rect, b: &Rect| {
        let dx = (a.min().x - b.max().x).max(b.min().x - a.max().x).max(0.0);
        let dy = (a.min().y - b.max().y).max(b.min().y - a.max().y).max(0.0);
        dx * dx + dy * dy <= km * km
    };
    (0..places.len())
        .filter(|i| !region.contains(i))
        .filter(|&i| {
            let mp = planar(&places[i].shape);
            let Some(rect) = mp.bounding_rect() else {
                return false;
            };
            inside
                .iter()
                .any(|(r, r_rect)| near(&rect, r_rect) && Euclidean.distance(&mp, r) <= km)
        })
        .collect()
}

/// The three ORP names closest to `folded` by edit distance, names that contain it first.
fn closest(folded: &str, orps: &[(&str, &str)]) -> Vec<String> {
    let mut scored: Vec<(usize, &str, &str)> = orps
        .iter()
        .map(|&(code, name)| {
            let f = fold(name);
            let score = if !folded.is_empty() && f.contains(folded) {
                0
            } else {
                1 + edit_distance(folded, &f)
            };
            (score, name, code)
        })
        .collect();
    scored.sort_unstable();
    scored
        .iter()
        .take(3)
        .map(|(_, name, code)| format!("{name} ({code})"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fold_and_slug() {
        assert_eq!(fold("Týn nad Vltavou"), "tyn nad vltavou");
        assert_eq!(slug("Týn nad Vltavou"), "tyn-nad-vltavou");
        assert_eq!(slug("Frýdek-Místek"), "frydek-mistek");
        assert_eq!(slug("Ústí nad Labem"), "usti-nad-labem");
    }

    #[test]
    fn edit_distance_by_hand() {
        assert_eq!(edit_distance("tanvlad", "tanvald"), 2);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("horazdovice", "horazdovice"), 0);
    }

    /// Squares of 0.1° side in a row along a parallel at 50° N: 0.1° of longitude there is
    /// 111.32 × cos 50° × 0.1 = 7.156 km.
    fn row_of_squares(n: usize) -> Vec<Place> {
        (0..n)
            .map(|i| {
                let x = 15.0 + 0.1 * i as f64;
                let shape = MultiPolygon(vec![geo::Polygon::new(
                    geo::LineString::from(vec![
                        (x, 50.0),
                        (x + 0.1, 50.0),
                        (x + 0.1, 50.1),
                        (x, 50.1),
                        (x, 50.0),
                    ]),
                    vec![],
                )]);
                Place {
                    code: format!("{}", 100_000 + i),
                    name: format!("P{i}"),
                    orp: Some(("1".into(), "Jedna".into())),
                    shape,
                    point: LonLat::new(x + 0.05, 50.05).unwrap(),
                }
            })
            .collect()
    }

    #[test]
    fn the_ring_takes_what_lies_within_the_distance_of_the_border() {
        let places = row_of_squares(5);
        // Region: square 0. Square 1 touches it (0 km); square 2 begins 7.16 km away (the
        // projection uses the region's own latitude, 50.05°: 7.15 km); square 3 at 14.3 km.
        assert_eq!(ring(&places, &[0], 0.5), vec![1]);
        assert_eq!(ring(&places, &[0], 7.0), vec![1]);
        assert_eq!(ring(&places, &[0], 7.2), vec![1, 2]);
        assert_eq!(ring(&places, &[0], 15.0), vec![1, 2, 3]);
        assert!(ring(&places, &[0], 0.0).is_empty());
    }

    #[test]
    fn an_unknown_orp_suggests_close_names() {
        let mut places = row_of_squares(2);
        places[1].orp = Some(("787".into(), "Tanvald".into()));
        let e = select(&places, &Selection::Orp("Tanvlad".into()), "in the test").unwrap_err();
        assert!(
            e.to_string().contains("the closest are: Tanvald (787)"),
            "{e}"
        );
        let r = select(&places, &Selection::Orp("TANVALD".into()), "in the test").unwrap();
        assert_eq!(r.places, vec![1]);
        assert_eq!(r.title, "ORP Tanvald (787)");
        let r = select(&places, &Selection::Orp("787".into()), "in the test").unwrap();
        assert_eq!(r.slug, "tanvald");
    }

    #[test]
    fn municipalities_by_code_or_by_name() {
        let mut places = row_of_squares(6);
        places[2].name = "Kobeřice".into();
        places[3].name = "Lhota".into();
        places[4].name = "Lhota".into();
        let pick = |w: &[&str]| {
            select(
                &places,
                &Selection::Municipalities(w.iter().map(|s| s.to_string()).collect()),
                "in the test",
            )
        };
        let r = pick(&["100001", "KOBERICE", " p0 "]).unwrap();
        assert_eq!(r.places, vec![0, 1, 2]);
        assert_eq!(r.title, "P1, Kobeřice a P0");
        let r = pick(&["P0", "P1", "Kobeřice", "100005"]).unwrap();
        assert_eq!(r.title, "P0, P1 a 2 další obce");
        let e = pick(&["100001", "Koberic"]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "--municipalities: no municipality \"Koberic\" in the test; did you mean \
              \"Kobeřice\" (100002), \"Lhota\" (100003) or \"Lhota\" (100004)?"
        );
        let e = pick(&["lhota"]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "--municipalities: 2 municipalities are called \"lhota\": write the code, 100003 \
             (ORP Jedna) or 100004 (ORP Jedna)"
        );
    }
}
