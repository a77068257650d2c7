//! One `[[changes]]` entry, resolved: changes to groups and services are applied at once; changes
//! to providers are checked and left for `load`.

#![allow(
    clippy::indexing_slicing,
    reason = "service and group positions were resolved against the scenario's own lists"
)]

use super::*;
use crate::model::{Catchment, NeedNorm};

/// One `[[changes]]` entry, typed: a variant per action with the keys it takes, ids as
/// written (they are resolved against the scenario when the change is applied). It is what a
/// scenario file's `[[changes]]` and the explorer's edits are; `Edit::from_keys` makes one
/// from the keys as written and names the key that is wrong.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Edit {
    /// A new provider at `lon`/`lat` (or S-JTSK `x`/`y`), or serving `area`.
    AddProvider {
        id: String,
        service: String,
        capacity: f64,
        #[serde(skip_serializing_if = "Option::is_none")]
        name: Option<String>,
        #[serde(flatten)]
        place: Place,
        #[serde(skip_serializing_if = "Option::is_none")]
        groups: Option<Vec<String>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        area: Option<Vec<String>>,
    },
    RemoveProvider {
        id: String,
    },
    SetCapacity {
        id: String,
        capacity: f64,
    },
    /// Multiplies a group's people (its `share`) by `factor`.
    ScaleGroup {
        group: String,
        factor: f64,
    },
    /// A service's norm for a group (added if it had none).
    SetNeed {
        service: String,
        group: String,
        per_1000: f64,
    },
    SetCatchment {
        service: String,
        catchment: f64,
    },
}

/// Where an added provider stands, as written.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
#[serde(untagged)]
pub enum Place {
    LonLat {
        lon: f64,
        lat: f64,
    },
    /// S-JTSK (EPSG:5514) metres.
    Krovak {
        x: f64,
        y: f64,
    },
    /// No place: an `area`, or a cost matrix's destination.
    None {},
}

/// A key of a change that is wrong, and what is wrong with it.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyError {
    pub key: &'static str,
    pub message: String,
}

impl Edit {
    /// The action's name, as `[[changes]]` writes it.
    pub fn action(&self) -> &'static str {
        match self {
            Edit::AddProvider { .. } => "add_provider",
            Edit::RemoveProvider { .. } => "remove_provider",
            Edit::SetCapacity { .. } => "set_capacity",
            Edit::ScaleGroup { .. } => "scale_group",
            Edit::SetNeed { .. } => "set_need",
            Edit::SetCatchment { .. } => "set_catchment",
        }
    }

    /// The edit that `keys` (one `[[changes]]` table as read) describe: the action must be
    /// known, it must have the keys it needs and no other, and coordinates come in pairs.
    pub(super) fn from_keys(c: &RawChange) -> std::result::Result<Edit, KeyError> {
        let action = c.action.as_str();
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
        let wrong = |key: &'static str, message: String| KeyError { key, message };
        // Each action lists the keys it takes; any other key given is refused first.
        let takes = |keys: &[&str]| -> std::result::Result<(), KeyError> {
            match given.iter().find(|(k, g)| *g && !keys.contains(k)) {
                Some((key, _)) => Err(wrong(key, format!("{action} takes no `{key}`"))),
                None => Ok(()),
            }
        };
        fn needs<T: Clone>(
            action: &str,
            key: &'static str,
            v: &Option<T>,
        ) -> std::result::Result<T, KeyError> {
            v.clone().ok_or_else(|| KeyError {
                key,
                message: format!("{action} needs `{key}`"),
            })
        }
        Ok(match action {
            "add_provider" => {
                takes(&[
                    "id", "service", "capacity", "lon", "lat", "x", "y", "name", "groups", "area",
                ])?;
                let (id, service, capacity) = (
                    needs(action, "id", &c.id)?,
                    needs(action, "service", &c.service)?,
                    needs(action, "capacity", &c.capacity)?,
                );
                let place = match (c.lon, c.lat, c.x, c.y) {
                    (Some(lon), Some(lat), None, None) => Place::LonLat { lon, lat },
                    (None, None, Some(x), Some(y)) => Place::Krovak { x, y },
                    (None, None, None, None) => Place::None {},
                    (Some(_), None, ..) => return Err(wrong("lat", "`lon` needs `lat`".into())),
                    (None, Some(_), ..) => return Err(wrong("lon", "`lat` needs `lon`".into())),
                    (None, None, Some(_), None) => {
                        return Err(wrong("y", "`x` needs `y`".into()));
                    }
                    (None, None, None, Some(_)) => {
                        return Err(wrong("x", "`y` needs `x`".into()));
                    }
                    (Some(_), Some(_), ..) => {
                        return Err(wrong("x", "give `lon`/`lat` or `x`/`y`, not both".into()));
                    }
                };
                Edit::AddProvider {
                    id,
                    service,
                    capacity,
                    name: c.name.clone(),
                    place,
                    groups: c.groups.clone(),
                    area: c.area.clone(),
                }
            }
            "remove_provider" => {
                takes(&["id"])?;
                Edit::RemoveProvider {
                    id: needs(action, "id", &c.id)?,
                }
            }
            "set_capacity" => {
                takes(&["id", "capacity"])?;
                Edit::SetCapacity {
                    id: needs(action, "id", &c.id)?,
                    capacity: needs(action, "capacity", &c.capacity)?,
                }
            }
            "scale_group" => {
                takes(&["group", "factor"])?;
                Edit::ScaleGroup {
                    group: needs(action, "group", &c.group)?,
                    factor: needs(action, "factor", &c.factor)?,
                }
            }
            "set_need" => {
                takes(&["service", "group", "per_1000"])?;
                Edit::SetNeed {
                    service: needs(action, "service", &c.service)?,
                    group: needs(action, "group", &c.group)?,
                    per_1000: needs(action, "per_1000", &c.per_1000)?,
                }
            }
            "set_catchment" => {
                takes(&["service", "catchment"])?;
                Edit::SetCatchment {
                    service: needs(action, "service", &c.service)?,
                    catchment: needs(action, "catchment", &c.catchment)?,
                }
            }
            other => {
                let e = ValueError::new(
                    "action",
                    format!("{other:?}"),
                    "must be one of add_provider, remove_provider, set_capacity, scale_group, \
                     set_need, set_catchment",
                );
                return Err(wrong("action", e.to_string()));
            }
        })
    }
}

/// Resolves one `[[changes]]` entry. A change to a group or a service is applied here, to
/// `groups` or `services`, and gives `None`; a change to the providers is returned for `load`.
pub(super) fn change(
    t: &Tagged,
    groups: &mut [Group],
    services: &mut [Service],
) -> Result<Option<ProviderChange>> {
    let place = |message: String, field: &str| {
        InputError::at(&t.file, Location::Line(t.line), message).field(field)
    };
    let edit = Edit::from_keys(&t.raw).map_err(|e| match e.key {
        // An unknown action has no name to put beside the change's number.
        "action" => place(format!("change {}: {}", t.index, e.message), e.key),
        key => place(
            format!("change {} ({}): {}", t.index, t.raw.action, e.message),
            key,
        ),
    })?;
    let err = |field: &str, message: String| {
        place(
            format!("change {} ({}): {message}", t.index, edit.action()),
            field,
        )
    };
    let service = |field: &str, id: &str| -> Result<usize> {
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
    let group = |groups: &[Group], id: &str| -> Result<usize> {
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
    let capacity = |id: &str, capacity: f64| {
        Capacity::try_from(capacity)
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
    Ok(match &edit {
        Edit::AddProvider {
            id,
            service: service_id,
            capacity: c,
            name,
            place,
            groups: served,
            area,
        } => {
            let s = service("service", service_id)?;
            let about = |e: ValueError| e.about(&format!("provider {id}"));
            let location = match *place {
                Place::LonLat { lon, lat } => {
                    Some(LonLat::new(lon, lat).map_err(|e| err("lon", about(e)))?)
                }
                Place::Krovak { x, y } => Some(
                    crate::crs::Krovak::new()
                        .to_lonlat(x, y)
                        .map_err(|e| err("x", about(e)))?,
                ),
                Place::None {} => None,
            };
            let groups = match served {
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
            Some(ProviderChange::Add {
                name: name.clone().unwrap_or_else(|| id.clone()),
                id: id.clone(),
                service: s,
                capacity: capacity(id, *c)?,
                location,
                groups,
                area: area.clone(),
            })
        }
        Edit::RemoveProvider { id } => Some(ProviderChange::Remove { id: id.clone() }),
        Edit::SetCapacity { id, capacity: c } => Some(ProviderChange::SetCapacity {
            id: id.clone(),
            capacity: capacity(id, *c)?,
        }),
        Edit::ScaleGroup { group: g, factor } => {
            let g = group(groups, g)?;
            let factor = non_negative("factor", "factor", *factor)?;
            groups[g].share *= factor;
            None
        }
        Edit::SetNeed {
            service: service_id,
            group: g,
            per_1000,
        } => {
            let s = service("service", service_id)?;
            let g = group(groups, g)?;
            let per_1000 = non_negative("per_1000", "per_1000", *per_1000)?;
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
        Edit::SetCatchment {
            service: service_id,
            catchment,
        } => {
            let s = service("service", service_id)?;
            services[s].catchment =
                Catchment::try_from(*catchment).map_err(|e| err("catchment", e.to_string()))?;
            None
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(text: &str) -> RawChange {
        toml::from_str(text).unwrap()
    }

    #[test]
    fn an_edit_is_its_keys_and_says_which_is_wrong() {
        let add = Edit::from_keys(&raw(
            "action = \"add_provider\"\nid = \"N\"\nservice = \"day_care\"\ncapacity = 15\n\
             lon = 14.42\nlat = 49.22",
        ))
        .unwrap();
        assert_eq!(
            add,
            Edit::AddProvider {
                id: "N".into(),
                service: "day_care".into(),
                capacity: 15.0,
                name: None,
                place: Place::LonLat {
                    lon: 14.42,
                    lat: 49.22
                },
                groups: None,
                area: None,
            }
        );
        // Written back, it is the same table: what a saved scenario's [[changes]] holds.
        assert_eq!(
            toml::to_string(&add).unwrap(),
            "action = \"add_provider\"\nid = \"N\"\nservice = \"day_care\"\ncapacity = 15.0\n\
             lon = 14.42\nlat = 49.22\n"
        );
        let wrong = |text: &str| Edit::from_keys(&raw(text)).unwrap_err();
        assert_eq!(
            wrong("action = \"remove_provider\"\nid = \"P\"\ncapacity = 3"),
            KeyError {
                key: "capacity",
                message: "remove_provider takes no `capacity`".into()
            }
        );
        assert_eq!(
            wrong("action = \"set_capacity\"\nid = \"P\"").message,
            "set_capacity needs `capacity`"
        );
        assert_eq!(wrong("action = \"close\"\nid = \"P\"").key, "action");
        assert_eq!(
            wrong("action = \"add_provider\"\nid = \"N\"\nservice = \"s\"\ncapacity = 1\nlon = 1")
                .key,
            "lat"
        );
    }
}
