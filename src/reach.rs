//! Reach: which providers of a service each origin reaches, how far, and with what weight.
//!
//! Distances are km on the sphere (geo's `Haversine`), pruned by the provider R-tree, never by
//! an all-pairs loop; or, when the scenario gives a cost matrix, the matrix's costs, where a
//! missing pair is out of reach. A provider with a declared service `area` (a field service)
//! reaches exactly the origins in those units, at cost 0 and weight 1, whatever the decay.
//!
//! ```
//! # let scenario = gapmap::scenario::Scenario::read("scenarios/demo.toml".as_ref())?;
//! let study = gapmap::load::load(&scenario, &gapmap::Silent)?.study;
//! // The demo's care homes reach 25 km: every link is inside the catchment, with weight 1.
//! let reach = gapmap::reach::reach(&study, 0, &gapmap::Silent);
//! for o in 0..reach.origins() {
//!     assert!(reach.row(o).iter().all(|l| l.cost <= 25.0 && l.weight == 1.0));
//! }
//! # Ok::<(), gapmap::Error>(())
//! ```

#![allow(
    clippy::indexing_slicing,
    reason = "indices are positions in the study's own lists (units, origins, services, groups, providers, columns), which load builds together and checks once"
)]

use std::sync::Arc;

use rayon::prelude::*;

use crate::Progress;
use crate::decay::Decay;
use crate::index::PointIndex;
use crate::model::{Costs, LonLat, Study};

/// A provider's position in one reach's [`Reach::providers`] (or a siting candidate's in its
/// list): not an index into `Study::providers`, which [`Reach::study_provider`] gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct ProviderPos(u32);

impl ProviderPos {
    pub const fn new(pos: u32) -> Self {
        Self(pos)
    }

    /// The position, to index a per-provider vector of this reach.
    pub const fn index(self) -> usize {
        self.0 as usize
    }

    pub const fn get(self) -> u32 {
        self.0
    }
}

/// One origin-provider pair inside the catchment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Link {
    pub provider: ProviderPos,
    /// km, or cost units with a cost matrix; 0 for a declared area.
    pub cost: f64,
    /// `f(cost)` of the service's decay; may be 0 inside the catchment (a `steps` gap).
    pub weight: f64,
}

/// The reach of one service: a sparse origin × provider matrix, row-major.
#[derive(Debug, Clone, PartialEq)]
///
/// The links are shared (`Arc`): the explorer keeps each state's results, and an edit of one
/// service keeps the others' reach as it was.
pub struct Reach {
    /// Indices into `Study::providers` of this service's providers, in input order.
    pub providers: Vec<usize>,
    /// Links of origin `o` are `links[row_start[o]..row_start[o + 1]]`, by provider position.
    pub row_start: Arc<Vec<usize>>,
    pub links: Arc<Vec<Link>>,
    /// Per origin: km (or cost) to the nearest provider of the service, in reach or not.
    pub nearest: Arc<Vec<Option<f64>>>,
}

impl Reach {
    /// The links of origin `o`.
    pub fn row(&self, o: usize) -> &[Link] {
        &self.links[self.row_start[o]..self.row_start[o + 1]]
    }

    pub fn origins(&self) -> usize {
        self.row_start.len() - 1
    }

    /// The index into `Study::providers` of the provider at `pos`.
    pub fn study_provider(&self, pos: ProviderPos) -> Option<usize> {
        self.providers.get(pos.index()).copied()
    }
}

/// Computes the reach of service `service` for every origin of the study, in parallel.
///
/// The result is the same for any number of threads: each origin's row is built alone and rows
/// are kept in origin order.
pub fn reach(study: &Study, service: usize, progress: &dyn Progress) -> Reach {
    let svc = &study.services[service];
    let providers: Vec<usize> = (0..study.providers.len())
        .filter(|&p| study.providers[p].service == service)
        .collect();
    // `by_cost` maps a provider index in the matrix to its position; area providers reach by
    // membership, never by the matrix.
    let mut by_cost: Vec<Option<u32>> = vec![None; study.providers.len()];
    let sites: Vec<Site<'_>> = providers
        .iter()
        .enumerate()
        .map(|(pos, &p)| {
            let prov = &study.providers[p];
            match (&prov.area, prov.location) {
                (Some(area), _) => Site::Area(area),
                (None, at) => {
                    by_cost[p] = Some(pos as u32);
                    at.map_or(Site::Unplaced, Site::At)
                }
            }
        })
        .collect();
    let destinations = Destinations {
        sites: &sites,
        costs: study.costs.as_ref().map(|c| (c, by_cost.as_slice())),
    };
    let catchment = svc.catchment.get();
    let rows = reach_to(
        study,
        &destinations,
        &svc.decay,
        catchment,
        |_| catchment,
        progress,
    );
    Reach { providers, ..rows }
}

/// The matrix a study without a cost matrix uses, made explicit: km on the sphere from every
/// located origin to every located provider (declared areas aside) within `bound` km, by
/// provider, as `gapmap costs` writes it.
///
/// ```
/// # let study = gapmap::load::load(&gapmap::scenario::Scenario::read("scenarios/demo.toml".as_ref())?, &gapmap::Silent)?.study;
/// let costs = gapmap::reach::sphere_costs(&study, 10.0);
/// assert!(costs.cost.iter().all(|&km| (0.0..=10.0).contains(&km)));
/// # Ok::<(), gapmap::Error>(())
/// ```
pub fn sphere_costs(study: &Study, bound: f64) -> Costs {
    let index = PointIndex::new(
        study
            .providers
            .iter()
            .enumerate()
            .filter(|(_, p)| p.area.is_none())
            .filter_map(|(i, p)| p.location.map(|at| (i as u32, at))),
    );
    let rows: Vec<Vec<(u32, f64)>> = study
        .origins
        .par_iter()
        .map(|o| {
            o.location
                .map_or_else(Vec::new, |at| index.within(at, bound))
        })
        .collect();
    let mut costs = Costs {
        row_start: vec![0],
        ..Costs::default()
    };
    for row in rows {
        for (p, km) in row {
            costs.destination.push(p);
            costs.cost.push(km);
        }
        costs.row_start.push(costs.destination.len());
    }
    costs
}

/// Where a destination is: a declared area, a point, or neither (a cost-matrix destination).
#[derive(Debug, Clone, Copy)]
pub enum Site<'a> {
    /// Unit indices: reached by membership, at cost 0 and weight 1.
    Area(&'a [usize]),
    At(LonLat),
    Unplaced,
}

/// The destinations of a reach, by position, and how the cost matrix names them.
pub struct Destinations<'a> {
    pub sites: &'a [Site<'a>],
    /// The matrix, and per destination index of the matrix the position it stands for (`None`:
    /// not one of these destinations).
    pub costs: Option<(&'a Costs, &'a [Option<u32>])>,
}

/// The reach of any destinations (a service's providers, or siting candidates): per origin,
/// the destinations within `radius(origin)` km (or cost), weighted by `decay` over
/// `catchment`. [`Reach::providers`] is left empty for the caller to fill.
///
/// The result is the same for any number of threads.
pub fn reach_to(
    study: &Study,
    destinations: &Destinations<'_>,
    decay: &Decay,
    catchment: f64,
    radius: impl Fn(usize) -> f64 + Sync,
    progress: &dyn Progress,
) -> Reach {
    let mut by_unit: Vec<Vec<u32>> = vec![Vec::new(); study.units.len()];
    let mut located = Vec::new();
    for (pos, site) in destinations.sites.iter().enumerate() {
        match *site {
            Site::Area(area) => area.iter().for_each(|&u| by_unit[u].push(pos as u32)),
            Site::At(at) => located.push((pos as u32, at)),
            Site::Unplaced => {}
        }
    }
    let index = PointIndex::new(located);

    // Origins go in fixed chunks, each into its own buffers: one allocation per chunk, not per
    // origin, and the same rows for any number of threads.
    const CHUNK: usize = 256;
    let chunks: Vec<Chunk> = study
        .origins
        .par_chunks(CHUNK)
        .enumerate()
        .map(|(c, origins)| {
            let mut links: Vec<Link> = Vec::new();
            let mut ends = Vec::with_capacity(origins.len());
            let mut nearest = Vec::with_capacity(origins.len());
            let mut found = Vec::new();
            for (k, origin) in origins.iter().enumerate() {
                let o = c * CHUNK + k;
                let start = links.len();
                links.extend(by_unit[origin.unit].iter().map(|&provider| Link {
                    provider: ProviderPos(provider),
                    cost: 0.0,
                    weight: 1.0,
                }));
                let by_area = links.len() - start;
                let mut near = (by_area > 0).then_some(0.0);
                let radius = radius(o);
                if let Some((costs, by_cost)) = destinations.costs {
                    // The matrix replaces distance: a missing pair is out of reach. Its row is
                    // by destination index, so positions come out in order too.
                    let mut least = f64::INFINITY;
                    for (p, cost) in costs.row(o) {
                        let Some(provider) = by_cost.get(p as usize).copied().flatten() else {
                            continue;
                        };
                        least = least.min(cost);
                        if cost <= radius {
                            links.push(Link {
                                provider: ProviderPos(provider),
                                cost,
                                weight: decay.weight(cost, catchment),
                            });
                        }
                    }
                    if near.is_none() && least.is_finite() {
                        near = Some(least);
                    }
                } else if let Some(at) = origin.location {
                    index.within_into(at, radius, &mut found);
                    links.extend(found.iter().map(|&(provider, d)| Link {
                        provider: ProviderPos(provider),
                        cost: d,
                        weight: decay.weight(d, catchment),
                    }));
                    // Every located provider inside the catchment is in the row, so the nearest
                    // one is among them when the row has any; search the tree only otherwise.
                    if near.is_none() {
                        near = found
                            .iter()
                            .map(|&(_, d)| d)
                            .min_by(f64::total_cmp)
                            .or_else(|| index.nearest(at).map(|(_, d)| d));
                    }
                }
                // Both parts are in provider order already; only a mix of the two needs a sort.
                if let Some(row) = links
                    .get_mut(start..)
                    .filter(|row| by_area > 0 && row.len() > by_area)
                {
                    row.sort_unstable_by_key(|l| l.provider);
                }
                ends.push(links.len());
                nearest.push(near);
            }
            progress.advance(origins.len() as u64);
            Chunk {
                links,
                ends,
                nearest,
            }
        })
        .collect();

    let mut row_start = Vec::with_capacity(study.origins.len() + 1);
    row_start.push(0);
    let mut links = Vec::with_capacity(chunks.iter().map(|c| c.links.len()).sum());
    let mut nearest = Vec::with_capacity(study.origins.len());
    for chunk in chunks {
        let base = links.len();
        links.extend_from_slice(&chunk.links);
        row_start.extend(chunk.ends.iter().map(|end| base + end));
        nearest.extend(chunk.nearest);
    }
    Reach {
        providers: Vec::new(),
        row_start: row_start.into(),
        links: links.into(),
        nearest: nearest.into(),
    }
}

/// One chunk of origins' rows: their links, where each origin's row ends in them, and each
/// origin's nearest provider.
struct Chunk {
    links: Vec<Link>,
    ends: Vec<usize>,
    nearest: Vec<Option<f64>>,
}
