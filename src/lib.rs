//! gapmap: where social services fall short of need, for Czech community planning (KPSS).
//!
//! The pipeline is `load → index → reach → balance → report`; `scenario` reads the scenario
//! file and `synth` makes synthetic regions. The core ([`index`], [`reach`], [`need`],
//! [`balance`], [`gap`]) does no I/O: it takes a [`model::Study`] and returns numbers.
//!
//! ```no_run
//! use gapmap::{analyse, Silent};
//! let scenario = gapmap::scenario::Scenario::read("scenarios/demo.toml".as_ref())?;
//! let study = gapmap::load::load(&scenario, &Silent)?.study;
//! let results = analyse(&study, &Silent);
//! let gaps = gapmap::gap::unit_gaps(&study, &results);
//! # Ok::<(), gapmap::Error>(())
//! ```

#![allow(
    clippy::indexing_slicing,
    reason = "indices are positions in the study's own lists (units, origins, services, groups, providers, columns), which load builds together and checks once"
)]

pub mod balance;
pub mod catalogue;
pub mod compare;
pub mod crs;
pub mod day;
pub mod decay;
pub mod error;
pub mod gap;
pub mod index;
pub mod init;
pub mod load;
pub mod model;
pub mod monitor;
pub mod names;
pub mod national;
pub mod need;
pub mod profile;
pub mod projection;
pub mod questionnaire;
pub mod reach;
pub mod report;
pub mod roads;
pub mod scenario;
pub mod serve;
pub mod site;
pub mod survey;
pub mod synth;
pub mod transit;

pub use error::{Error, InputError, Result};

use gap::ServiceResult;
use model::Study;
use rayon::prelude::*;

/// Where the pipeline reports how far it is. The CLI draws bars; tests and benches stay silent.
///
/// Implementations must be cheap: [`Progress::advance`] is called from worker threads.
pub trait Progress: Sync {
    /// A stage starts with `total` steps (0 when unknown).
    fn stage(&self, _name: &str, _total: u64) {}
    /// `n` more steps of the current stage are done.
    fn advance(&self, _n: u64) {}
}

/// Reports nothing.
pub struct Silent;

impl Progress for Silent {}

/// Runs reach, need and balance for every service of the study, in parallel inside each service.
///
/// The result does not depend on the number of threads.
pub fn analyse(study: &Study, progress: &dyn Progress) -> Vec<ServiceResult> {
    let steps = study.origins.len() * study.services.len();
    progress.stage("reach and balance", steps as u64);
    // Services side by side, and origins in parallel within each: the sequential steps of one
    // service (flattening rows, transposing) overlap with the work of another.
    (0..study.services.len())
        .into_par_iter()
        .map(|s| analyse_service(study, s, progress))
        .collect()
}

/// Reach, need and balance of one service.
pub fn analyse_service(study: &Study, s: usize, progress: &dyn Progress) -> ServiceResult {
    analyse_reached(study, s, reach::reach(study, s, progress))
}

/// Need and balance of one service whose `reach` is known: the explorer's, when an edit changed
/// capacities or norms but no place or catchment.
pub fn analyse_reached(study: &Study, s: usize, reach: reach::Reach) -> ServiceResult {
    let service = &study.services[s];
    let need = need::need(study, s);
    let capacity: Vec<f64> = reach
        .providers
        .iter()
        .map(|&p| study.providers[p].capacity.get())
        .collect();
    let serves = study.serves(&reach.providers);
    let balance = balance::balance(
        service.method,
        &balance::Inputs {
            reach: &reach,
            need: &need,
            capacity: &capacity,
            serves: &serves,
        },
    );
    ServiceResult {
        interval: need::interval(study, s),
        reach,
        need,
        balance,
    }
}
