//! Providers from the registry: one per service, form and facility in the region or its context,
//! with the form's capacity split among those facilities so that it is counted once.

use std::collections::{HashMap, HashSet};

use crate::load::registry::{Codebooks, Facility, Registration, service_type};
use crate::model::{Form, Listing, LonLat};

use super::template::service_id;

/// A row of `providers.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub id: String,
    pub name: String,
    pub service: String,
    pub capacity: f64,
    pub at: LonLat,
    pub form: Form,
    pub unit: String,
    /// Where the point comes from: the facility's `address` point or its `municipality`'s.
    pub located: Located,
    /// The municipality of the facility.
    pub municipality: String,
    /// The provider, the address, the contacts and the groups, for the catalogue (its form,
    /// unit and municipality are the row's own fields above).
    pub listing: Listing,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Located {
    Address,
    Municipality,
}

/// What placing the registry's providers came to, for the notes on stderr and `SOURCES.md`.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Placed {
    pub rows: Vec<Row>,
    /// Facilities placed at their municipality because their address point is not in
    /// `--addresses` (secret addresses are not counted here).
    pub without_address: usize,
    /// Facilities with a secret address, placed at their municipality.
    pub secret: usize,
    /// Facilities in force that cannot be placed (no `adresa` or no `adresa.obec`), of the
    /// services that have a provider here.
    pub unplaceable_here: usize,
    /// The same, of services with no facility here that can be placed: they may or may not be
    /// in the region.
    pub unplaceable_elsewhere: usize,
}

/// What the rows are placed by: the definition point and the name of every municipality of the
/// folder, the address points found, and the codebooks that name the groups.
pub struct Places<'a> {
    pub municipalities: &'a HashMap<&'a str, (LonLat, &'a str)>,
    pub addresses: &'a HashMap<u64, LonLat>,
    pub codebooks: &'a Codebooks,
}

/// The providers of `registrations` whose facilities lie in the folder's municipalities.
pub fn place(registrations: &[Registration], places: &Places<'_>) -> Placed {
    let mut placed = Placed::default();
    let mut counted: HashSet<(usize, usize)> = HashSet::new();
    for r in registrations {
        let here: Vec<(usize, &Facility)> = r
            .facilities
            .iter()
            .enumerate()
            .filter(|(_, f)| places.municipalities.contains_key(f.municipality.as_str()))
            .collect();
        if here.is_empty() || r.forms.is_empty() {
            placed.unplaceable_elsewhere += r.unplaceable;
        } else {
            placed.unplaceable_here += r.unplaceable;
        }
        let service = service_id(&service_type(r.kind));
        let named = |ids: &[String], name: &dyn Fn(&str) -> String| -> Vec<String> {
            ids.iter().map(|id| name(id)).collect()
        };
        let target_groups = named(&r.listing.target_groups, &|id| {
            places.codebooks.target_group(id).to_string()
        });
        let age_groups = named(&r.listing.age_groups, &|id| {
            places.codebooks.age_group(id).to_string()
        });
        for offer in &r.forms {
            let shares = split(offer.capacity, here.len());
            let form_code = match offer.form {
                Form::Residential => "pob",
                Form::Outpatient => "amb",
                Form::Field => "ter",
            };
            for ((k, facility), capacity) in here.iter().zip(shares) {
                let id = if r.facilities.len() == 1 {
                    format!("{}-{form_code}", r.id)
                } else {
                    format!("{}-{form_code}-{}", r.id, k + 1)
                };
                let (point, municipality_name) =
                    places.municipalities[facility.municipality.as_str()];
                let address = facility
                    .address_point
                    .and_then(|a| places.addresses.get(&a));
                // Each facility counts once in the notes, whatever its forms.
                let first = counted.insert((r.index, *k));
                let (at, located) = match address {
                    Some(&at) => (at, Located::Address),
                    None => {
                        if first {
                            if facility.secret {
                                placed.secret += 1;
                            } else {
                                placed.without_address += 1;
                            }
                        }
                        (point, Located::Municipality)
                    }
                };
                placed.rows.push(Row {
                    id,
                    name: if facility.name.is_empty() {
                        format!("{} {}", service, r.id)
                    } else {
                        facility.name.clone()
                    },
                    service: service.clone(),
                    capacity,
                    at,
                    form: offer.form,
                    unit: offer.unit.clone(),
                    located,
                    municipality: facility.municipality.clone(),
                    listing: Listing {
                        provider: r.listing.provider.clone(),
                        ico: r.listing.ico.clone(),
                        // A secret facility has no address to write: the reader dropped it.
                        address: facility
                            .address
                            .as_ref()
                            .map(|a| a.line(municipality_name))
                            .unwrap_or_default(),
                        phones: r.listing.phones.clone(),
                        emails: r.listing.emails.clone(),
                        webs: r.listing.webs.clone(),
                        target_groups: target_groups.clone(),
                        age_groups: age_groups.clone(),
                        secret: facility.secret,
                        ..Listing::default()
                    },
                });
            }
        }
    }
    placed
}

/// `total` split into `k` shares that add up to it: whole numbers by largest remainder when
/// the total is whole (10 → 4, 3, 3), equal parts otherwise.
pub fn split(total: f64, k: usize) -> Vec<f64> {
    if k == 0 {
        return Vec::new();
    }
    if total.fract() == 0.0 && total < 1e15 {
        let total = total as u64;
        let (base, extra) = (total / k as u64, (total % k as u64) as usize);
        return (0..k)
            .map(|i| (base + u64::from(i < extra)) as f64)
            .collect();
    }
    vec![total / k as f64; k]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capacity_splits_into_shares_that_add_up() {
        assert_eq!(split(10.0, 3), vec![4.0, 3.0, 3.0]);
        assert_eq!(split(2.0, 4), vec![1.0, 1.0, 0.0, 0.0]);
        assert_eq!(split(7.5, 2), vec![3.75, 3.75]);
        assert!(split(5.0, 0).is_empty());
    }
}
