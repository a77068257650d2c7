//! Providers from the registry: one per service, form and facility in the region or its context,
//! with the form's capacity split among those facilities so that it is counted once.

use std::collections::{HashMap, HashSet};

use crate::load::registry::{Offer, service_type};
use crate::model::{Form, LonLat};

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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Located {
    Address,
    Municipality,
}

/// What placing the registry's providers came to, for the notes on stderr.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Placed {
    pub rows: Vec<Row>,
    /// Facilities placed at their municipality because their address point is not in
    /// `--addresses` (secret addresses are not counted here).
    pub without_address: usize,
    /// Facilities with a secret address, placed at their municipality.
    pub secret: usize,
}

/// The providers of `offers` whose facilities lie in `municipalities` (code → definition point).
pub fn place(
    offers: &[Offer],
    municipalities: &HashMap<&str, LonLat>,
    addresses: &HashMap<u64, LonLat>,
) -> Placed {
    let mut placed = Placed::default();
    let mut counted: HashSet<(usize, usize)> = HashSet::new();
    for offer in offers {
        let here: Vec<(usize, &crate::load::registry::Facility)> = offer
            .facilities
            .iter()
            .enumerate()
            .filter(|(_, f)| municipalities.contains_key(f.municipality.as_str()))
            .collect();
        let shares = split(offer.capacity, here.len());
        let service = service_id(&service_type(offer.kind));
        let form_code = match offer.form {
            Form::Residential => "pob",
            Form::Outpatient => "amb",
            Form::Field => "ter",
        };
        for ((k, facility), capacity) in here.iter().zip(shares) {
            let id = if offer.facilities.len() == 1 {
                format!("{}-{form_code}", offer.service)
            } else {
                format!("{}-{form_code}-{}", offer.service, k + 1)
            };
            let address = facility.address_point.and_then(|a| addresses.get(&a));
            // Each facility counts once in the notes, whatever its forms.
            let first = counted.insert((offer.index, *k));
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
                    (
                        municipalities[facility.municipality.as_str()],
                        Located::Municipality,
                    )
                }
            };
            placed.rows.push(Row {
                id,
                name: if facility.name.is_empty() {
                    format!("{} {}", service, offer.service)
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
            });
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
