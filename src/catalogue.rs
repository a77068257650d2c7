//! The public catalogue of social services (katalog sociálních služeb, adresář poskytovatelů):
//! what a community plan publishes about the services its people can use. Core only, no I/O.
//!
//! - An **entry** is a provider the region's people can use: one that stands in the region, or
//!   whose reach (its declared area, or the municipalities within its catchment) takes in a
//!   municipality of the region. Entries are numbered in the order they are printed.
//! - A **chapter** per target group of the scenario that some service needs: a service is listed
//!   under the groups of its `need` (those its provider serves), in full in the first of them and
//!   as a reference in the others; a service without a need is in a last chapter of other
//!   services. Within a chapter, entries go by service, then by name in Czech order.
//! - The **index** lists, for every municipality of the region in Czech order, the entries whose
//!   reach takes it in: what a person can use where they live.
//! - A **secret address** (a shelter) stays secret: its entry has no municipality, no location
//!   and no list of municipalities served (which would betray where it is), and it is not in the
//!   index. Its service, provider and contacts stay.

#![allow(
    clippy::indexing_slicing,
    reason = "indices are positions in the study's own lists (units, origins, services, groups, providers, columns), which load builds together and checks once"
)]

use crate::gap::Findings;
use crate::model::{LonLat, Study};
use crate::names::czech_order;

/// The catalogue of a study.
#[derive(Debug, Clone, PartialEq)]
pub struct Catalogue {
    /// In print order: entry `k` has number `k + 1`.
    pub entries: Vec<Entry>,
    pub chapters: Vec<Chapter>,
    /// The region's municipalities in Czech order, each with the entries (indices) it can use.
    pub index: Vec<(usize, Vec<usize>)>,
}

/// One service at one place.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Index into `Study::providers`.
    pub provider: usize,
    /// The unit it stands in; `None` for a secret address, or when it stands nowhere known.
    pub municipality: Option<usize>,
    /// Where it is; `None` for a secret address or a provider with only an area.
    pub location: Option<LonLat>,
    /// The region's municipalities it serves, in Czech order; empty for a secret address.
    pub serves: Vec<usize>,
    /// Whether it serves every municipality of the region.
    pub serves_all: bool,
    /// The chapters it is listed in, the first holding it in full.
    pub chapters: Vec<usize>,
    pub secret: bool,
}

/// A chapter: a target group, or the other services.
#[derive(Debug, Clone, PartialEq)]
pub struct Chapter {
    /// Index into `Study::groups`; `None` for the services with no need.
    pub group: Option<usize>,
    /// Entries printed here in full, in order.
    pub entries: Vec<usize>,
    /// Entries of this group printed in an earlier chapter.
    pub see_also: Vec<usize>,
}

/// The catalogue of `study`, with the reach that `findings` found.
pub fn catalogue(study: &Study, findings: &Findings) -> Catalogue {
    let region: Vec<usize> = {
        let mut r: Vec<usize> = (0..study.units.len())
            .filter(|&u| study.units[u].in_region)
            .collect();
        r.sort_by(|&a, &b| czech_order(&study.units[a].name, &study.units[b].name));
        r
    };
    // A unit's place in Czech order, for sorting the municipalities an entry serves.
    let mut rank = vec![usize::MAX; study.units.len()];
    for (k, &u) in region.iter().enumerate() {
        rank[u] = k;
    }

    // Chapters: the groups some service needs, in the scenario's order, then the rest.
    let mut groups: Vec<usize> = (0..study.groups.len())
        .filter(|&g| {
            study
                .services
                .iter()
                .any(|s| s.need.iter().any(|n| n.group == g))
        })
        .collect();
    groups.sort_unstable();

    struct Candidate {
        provider: usize,
        groups: Vec<usize>,
        entry: Entry,
    }
    let mut candidates: Vec<Candidate> = Vec::new();
    for (p, provider) in study.providers.iter().enumerate() {
        let listing = provider.listing.as_deref();
        let secret = listing.is_some_and(|l| l.secret);
        let served: Vec<usize> = findings.loads[p]
            .units
            .iter()
            .copied()
            .filter(|&u| study.units[u].in_region)
            .collect();
        // The municipality the registry names, or the one whose polygon holds the point.
        let named = listing
            .and_then(|l| l.municipality.as_deref())
            .and_then(|code| study.units.iter().position(|u| u.id == code));
        let home = named.or(provider.host);
        let stands_in_region = home.is_some_and(|u| study.units[u].in_region);
        if served.is_empty() && !stands_in_region {
            continue;
        }
        let service = &study.services[provider.service];
        // The groups of its service's need that it serves.
        let mut of: Vec<usize> = service
            .need
            .iter()
            .enumerate()
            .filter(|(k, _)| provider.groups.as_ref().is_none_or(|g| g.contains(k)))
            .map(|(_, n)| n.group)
            .collect();
        of.sort_unstable();
        of.dedup();
        let mut serves = served;
        serves.sort_by_key(|&u| rank[u]);
        let serves_all = !region.is_empty() && serves.len() == region.len();
        candidates.push(Candidate {
            provider: p,
            groups: of,
            entry: Entry {
                provider: p,
                municipality: if secret { None } else { home },
                location: if secret { None } else { provider.location },
                serves: if secret { Vec::new() } else { serves },
                serves_all: serves_all && !secret,
                chapters: Vec::new(),
                secret,
            },
        });
    }

    // Print order: chapter by chapter; within one, by service, then name, then id.
    let chapter_of = |c: &Candidate| -> usize {
        c.groups
            .iter()
            .filter_map(|g| groups.iter().position(|x| x == g))
            .min()
            .unwrap_or(groups.len())
    };
    candidates.sort_by(|a, b| {
        let (pa, pb) = (&study.providers[a.provider], &study.providers[b.provider]);
        chapter_of(a)
            .cmp(&chapter_of(b))
            .then(pa.service.cmp(&pb.service))
            .then_with(|| czech_order(&pa.name, &pb.name))
            .then_with(|| pa.id.cmp(&pb.id))
    });
    let others = candidates.iter().any(|c| c.groups.is_empty());
    let mut chapters: Vec<Chapter> = groups
        .iter()
        .map(|&g| Chapter {
            group: Some(g),
            entries: Vec::new(),
            see_also: Vec::new(),
        })
        .collect();
    if others {
        chapters.push(Chapter {
            group: None,
            entries: Vec::new(),
            see_also: Vec::new(),
        });
    }
    let mut entries = Vec::with_capacity(candidates.len());
    for (e, c) in candidates.into_iter().enumerate() {
        let mut listed: Vec<usize> = c
            .groups
            .iter()
            .filter_map(|g| groups.iter().position(|x| x == g))
            .collect();
        listed.sort_unstable();
        if listed.is_empty() {
            listed.push(groups.len());
        }
        chapters[listed[0]].entries.push(e);
        for &k in &listed[1..] {
            chapters[k].see_also.push(e);
        }
        let mut entry = c.entry;
        entry.chapters = listed;
        entries.push(entry);
    }

    let index = region
        .iter()
        .map(|&u| {
            let here: Vec<usize> = entries
                .iter()
                .enumerate()
                .filter(|(_, e)| e.serves.contains(&u))
                .map(|(k, _)| k)
                .collect();
            (u, here)
        })
        .collect();
    Catalogue {
        entries,
        chapters,
        index,
    }
}

/// Entry numbers as a reader scans them: runs of three or more as ranges, `1–3, 5, 7–9`.
pub fn number_ranges(numbers: &[usize]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < numbers.len() {
        let mut j = i;
        while j + 1 < numbers.len() && numbers[j + 1] == numbers[j] + 1 {
            j += 1;
        }
        match j - i {
            0 => parts.push(numbers[i].to_string()),
            1 => {
                parts.push(numbers[i].to_string());
                parts.push(numbers[j].to_string());
            }
            _ => parts.push(format!("{}–{}", numbers[i], numbers[j])),
        }
        i = j + 1;
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_ranges() {
        assert_eq!(number_ranges(&[1, 2, 3, 5, 7, 8, 9]), "1–3, 5, 7–9");
        assert_eq!(number_ranges(&[4, 5]), "4, 5");
        assert_eq!(number_ranges(&[]), "");
    }
}
