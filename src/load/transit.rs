//! `[inputs] gtfs` with `[travel] mode = "transit"`: the cost matrix computed from the feeds'
//! timetable of the day, minutes by public transport for every origin–destination pair within
//! the largest catchment.
//!
//! It stands where a `costs.csv` would, like `roads`: providers first and candidates after, so
//! that everything downstream is unchanged.

#![allow(
    clippy::indexing_slicing,
    reason = "indices are positions in the study's own lists (units, origins, services, groups, providers, columns), which load builds together and checks once"
)]

use std::path::Path;
use std::sync::OnceLock;

use super::gtfs;
use super::travel::Points;
use crate::Progress;
use crate::error::{InputError, Location, Result};
use crate::model::{Costs, LonLat};
use crate::scenario::Transit;
use crate::transit::backward::Backward;
use crate::transit::{Timetable, matrix};

/// The matrices of the providers and of the candidates, the units with no stop within walking
/// distance, and a note on the feeds for the user.
pub(super) struct Transited {
    pub providers: Costs,
    pub candidates: Option<Costs>,
    pub without_stop: Vec<usize>,
    pub note: String,
    pub net: TransitNet,
}

/// A day's timetable kept in memory with the origins: a provider added later needs one search
/// backward from it over the timetable, not the feeds read and the timetable built (the
/// explorer).
pub struct TransitNet {
    timetable: Timetable,
    settings: crate::transit::Settings,
    /// The origins with a place: indices into the study's origins, and where they are.
    located: Vec<(usize, LonLat)>,
    /// The largest catchment the matrix was made for, minutes.
    pub bound: f64,
    /// The origins' stops and the changes reversed, made at the first provider added.
    backward: OnceLock<Backward>,
}

impl TransitNet {
    /// Minutes from each origin within the bound to a provider at `at`: `(origin, minutes)`,
    /// by origin; what the matrix would hold for it.
    pub(super) fn column(&self, at: LonLat) -> Vec<(usize, f64)> {
        let backward = self.backward.get_or_init(|| {
            let origins: Vec<LonLat> = self.located.iter().map(|&(_, p)| p).collect();
            Backward::new(&self.timetable, &self.settings, &origins)
        });
        backward
            .times(&self.timetable, &self.settings, at, self.bound)
            .into_iter()
            .map(|(k, minutes)| (self.located[k].0, minutes))
            .collect()
    }
}

pub(super) fn costs(
    transit: &Transit,
    scenario: &Path,
    points: &Points<'_>,
    bound: f64,
    progress: &dyn Progress,
) -> Result<Transited> {
    progress.stage("timetable", 0);
    let feeds = gtfs::read(&transit.feeds, &transit.date)?;
    let settings = &transit.settings;
    if feeds.feeds.iter().all(|f| f.trips_today == 0) {
        let covers: Vec<String> = feeds
            .feeds
            .iter()
            .map(|f| match &f.covers {
                Some((a, b)) => format!("{} from {a} to {b}", f.path.display()),
                None => format!("{} no day at all", f.path.display()),
            })
            .collect();
        return Err(InputError::at(
            scenario,
            Location::Key("travel".into()),
            format!(
                "no trip of any feed runs on {} (a {}); the feeds cover: {}",
                transit.date,
                weekday(transit.date.weekday()),
                covers.join("; ")
            ),
        )
        .field("date")
        .into());
    }
    let note = feeds
        .feeds
        .iter()
        .map(|f| {
            format!(
                "{}: {} stops; {} trips on {} and {} of the day before",
                f.path.display(),
                f.stops,
                f.trips_today,
                transit.date,
                f.trips_yesterday
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    let (first, last) = settings.window();
    let horizon = (
        f64::from(first) * 60.0,
        f64::from(last) * 60.0 + (bound + 0.01) * 60.0,
    );
    let timetable = Timetable::build(feeds.stops, feeds.runs, &feeds.rules, settings, horizon);

    progress.stage("travel times", points.origins.len() as u64);
    let located = points.located();
    let origins: Vec<Option<LonLat>> = located.iter().map(|&(_, at)| Some(at)).collect();
    let targets = points.targets();
    let places: Vec<LonLat> = targets.iter().map(|&(_, at)| at).collect();
    let found = matrix::times(&timetable, settings, &origins, &places, bound, progress);
    // A unit has no stop when none of its origins has one within walking distance.
    let mut has_stop = vec![false; points.units.len()];
    for (k, &(o, _)) in located.iter().enumerate() {
        has_stop[points.origins[o].unit] |= !found.stopless[k];
    }
    let without_stop = (0..points.units.len()).filter(|&u| !has_stop[u]).collect();
    let (providers, candidates) = points.split(&located, found.rows, &targets);
    Ok(Transited {
        providers,
        candidates,
        without_stop,
        note,
        net: TransitNet {
            timetable,
            settings: settings.clone(),
            located,
            bound,
            backward: OnceLock::new(),
        },
    })
}

fn weekday(d: u8) -> &'static str {
    [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ][usize::from(d)]
}
