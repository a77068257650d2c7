//! One `[[changes]]` entry, resolved: changes to groups and services are applied at once; changes
//! to providers are checked and left for `load`.

use super::*;
use crate::model::{Catchment, NeedNorm};

/// Resolves one `[[changes]]` entry. A change to a group or a service is applied here, to
/// `groups` or `services`, and gives `None`; a change to the providers is returned for `load`.
pub(super) fn change(
    t: &Tagged,
    groups: &mut [Group],
    services: &mut [Service],
) -> Result<Option<ProviderChange>> {
    let c = &t.raw;
    let err = |field: &str, message: String| {
        InputError::at(
            &t.file,
            Location::Line(t.line),
            format!("change {} ({}): {message}", t.index, c.action),
        )
        .field(field)
    };
    // Which fields each action takes; the first `required` of them must be there.
    let (fields, required): (&[&str], usize) = match c.action.as_str() {
        "add_provider" => (
            &[
                "id", "service", "capacity", "lon", "lat", "x", "y", "name", "groups", "area",
            ],
            3,
        ),
        "remove_provider" => (&["id"], 1),
        "set_capacity" => (&["id", "capacity"], 2),
        "scale_group" => (&["group", "factor"], 2),
        "set_need" => (&["service", "group", "per_1000"], 3),
        "set_catchment" => (&["service", "catchment"], 2),
        other => {
            let e = ValueError::new(
                "action",
                format!("{other:?}"),
                "must be one of add_provider, remove_provider, set_capacity, scale_group, \
                 set_need, set_catchment",
            );
            return Err(InputError::at(
                &t.file,
                Location::Line(t.line),
                format!("change {}: {e}", t.index),
            )
            .field("action")
            .into());
        }
    };
    let given = [
        ("id", c.id.is_some()),
        ("name", c.name.is_some()),
        ("service", c.service.is_some()),
        ("capacity", c.capacity.is_some()),
        ("lon", c.lon.is_some()),
        ("lat", c.lat.is_some()),
        ("x", c.x.is_some()),
        ("y", c.y.is_some()),
        ("groups", c.groups.is_some()),
        ("area", c.area.is_some()),
        ("group", c.group.is_some()),
        ("factor", c.factor.is_some()),
        ("per_1000", c.per_1000.is_some()),
        ("catchment", c.catchment.is_some()),
    ];
    if let Some((field, _)) = given.iter().find(|(f, g)| *g && !fields.contains(f)) {
        return Err(err(field, format!("{} takes no `{field}`", c.action)).into());
    }
    if let Some(field) = fields[..required]
        .iter()
        .find(|f| !given.iter().any(|(g, on)| g == *f && *on))
    {
        return Err(err(field, format!("{} needs `{field}`", c.action)).into());
    }
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let number = |v: Option<f64>| v.unwrap_or_default();
    let service = |field: &str| -> Result<usize> {
        let id = text(&c.service);
        services.iter().position(|s| s.id == id).ok_or_else(|| {
            let known: Vec<&str> = services.iter().map(|s| s.id.as_str()).collect();
            err(
                field,
                format!(
                    "unknown service {id:?}; the scenario's services are: {}",
                    known.join(", ")
                ),
            )
            .into()
        })
    };
    let group = |groups: &[Group]| -> Result<usize> {
        let id = text(&c.group);
        groups.iter().position(|g| g.id == id).ok_or_else(|| {
            let known: Vec<&str> = groups.iter().map(|g| g.id.as_str()).collect();
            err(
                "group",
                format!(
                    "unknown group {id:?}; the scenario's groups are: {}",
                    known.join(", ")
                ),
            )
            .into()
        })
    };
    let capacity = || {
        let id = text(&c.id);
        Capacity::try_from(number(c.capacity))
            .map_err(|e| err("capacity", e.about(&format!("provider {id}"))))
    };
    let non_negative = |field: &str, what: &'static str, v: f64| {
        if v.is_finite() && v >= 0.0 {
            Ok(v)
        } else {
            Err(err(
                field,
                ValueError::new(what, v, "must be a number ≥ 0").to_string(),
            ))
        }
    };
    Ok(match c.action.as_str() {
        "add_provider" => {
            let s = service("service")?;
            let about = |e: ValueError| e.about(&format!("provider {}", text(&c.id)));
            let location = match (c.lon, c.lat, c.x, c.y) {
                (Some(lon), Some(lat), None, None) => {
                    Some(LonLat::try_from((lon, lat)).map_err(|e| err("lon", about(e)))?)
                }
                (None, None, Some(x), Some(y)) => Some(
                    crate::crs::Krovak::new()
                        .to_lonlat(x, y)
                        .map_err(|e| err("x", about(e)))?,
                ),
                (None, None, None, None) => None,
                (Some(_), None, ..) => return Err(err("lat", "`lon` needs `lat`".into()).into()),
                (None, Some(_), ..) => return Err(err("lon", "`lat` needs `lon`".into()).into()),
                (None, None, Some(_), None) => {
                    return Err(err("y", "`x` needs `y`".into()).into());
                }
                (None, None, None, Some(_)) => {
                    return Err(err("x", "`y` needs `x`".into()).into());
                }
                (Some(_), Some(_), ..) => {
                    return Err(err("x", "give `lon`/`lat` or `x`/`y`, not both".into()).into());
                }
            };
            let groups = match &c.groups {
                None => None,
                Some(ids) => Some(
                    services[s]
                        .norm_positions(groups, ids.iter().map(String::as_str))
                        .map_err(|g| {
                            err(
                                "groups",
                                format!(
                                    "group {g:?} is not a need group of service {:?}",
                                    services[s].id
                                ),
                            )
                        })?,
                ),
            };
            let id = text(&c.id);
            Some(ProviderChange::Add {
                name: c.name.clone().unwrap_or_else(|| id.clone()),
                id,
                service: s,
                capacity: capacity()?,
                location,
                groups,
                area: c.area.clone(),
            })
        }
        "remove_provider" => Some(ProviderChange::Remove { id: text(&c.id) }),
        "set_capacity" => Some(ProviderChange::SetCapacity {
            id: text(&c.id),
            capacity: capacity()?,
        }),
        "scale_group" => {
            let g = group(groups)?;
            let factor = non_negative("factor", "factor", number(c.factor))?;
            groups[g].share *= factor;
            None
        }
        "set_need" => {
            let s = service("service")?;
            let g = group(groups)?;
            let per_1000 = non_negative("per_1000", "per_1000", number(c.per_1000))?;
            let norms = &mut services[s].need;
            if let Some(n) = norms.iter_mut().find(|n| n.group == g) {
                // A norm set by hand replaces a survey's rate.
                n.per_1000 = per_1000;
                n.survey = None;
            } else if norms.len() < MAX_NORMS {
                norms.push(NeedNorm {
                    group: g,
                    per_1000,
                    survey: None,
                });
            } else {
                let e = ValueError::new(
                    "need",
                    norms.len() + 1,
                    format!("at most {MAX_NORMS} norms"),
                );
                return Err(err("group", e.to_string()).into());
            }
            None
        }
        "set_catchment" => {
            let s = service("service")?;
            services[s].catchment = Catchment::try_from(number(c.catchment))
                .map_err(|e| err("catchment", e.to_string()))?;
            None
        }
        _ => unreachable!("actions are checked above"),
    })
}
