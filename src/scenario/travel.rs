//! How people travel: `[inputs] roads` or `gtfs` with `[travel]`, resolved and checked.

use super::resolve::Resolver;
use super::*;
use crate::day::Day;
use crate::transit::Settings;

/// The `[travel]` keys that only travel by public transport reads.
const TRANSIT_KEYS: [&str; 8] = [
    "date",
    "window",
    "percentile",
    "walk_kmh",
    "max_walk_m",
    "transfer_walk_m",
    "transfer_minutes",
    "max_transfers",
];

/// Which of the transit keys `travel` gives.
fn transit_keys(travel: &RawTravel) -> Vec<&'static str> {
    let given = [
        travel.date.is_some(),
        travel.window.is_some(),
        travel.percentile.is_some(),
        travel.walk_kmh.is_some(),
        travel.max_walk_m.is_some(),
        travel.transfer_walk_m.is_some(),
        travel.transfer_minutes.is_some(),
        travel.max_transfers.is_some(),
    ];
    TRANSIT_KEYS
        .iter()
        .zip(given)
        .filter(|(_, g)| *g)
        .map(|(k, _)| *k)
        .collect()
}

fn is_transit(travel: Option<&RawTravel>) -> bool {
    travel.and_then(|t| t.mode.as_deref()) == Some("transit")
}

impl Resolver<'_> {
    pub(super) fn roads(
        &self,
        raw: &RawInputs,
        travel: Option<&RawTravel>,
    ) -> Result<Option<Roads>> {
        // With a timetable, roads are not used.
        if is_transit(travel) {
            return Ok(None);
        }
        if let Some(t) = travel
            && let Some(key) = transit_keys(t).first()
        {
            return Err(self
                .err(
                    "travel",
                    format!(
                        "`{key}` applies to travel by public transport: set mode = \"transit\""
                    ),
                )
                .field(*key)
                .into());
        }
        if raw.gtfs.is_some() {
            return Err(self
                .err(
                    "inputs",
                    "`gtfs` is read for travel by public transport: set `[travel] mode = \
                     \"transit\"` with its `date` and `window`",
                )
                .field("gtfs")
                .into());
        }
        let Some(path) = &raw.roads else {
            if travel.is_some() {
                return Err(self
                    .err(
                        "travel",
                        "applies to travel on roads: give `[inputs] roads` (an OpenStreetMap \
                         extract) too",
                    )
                    .into());
            }
            return Ok(None);
        };
        self.not_with_costs(raw, "roads")?;
        let mode = match travel.and_then(|t| t.mode.as_deref()) {
            None => Mode::default(),
            Some(name) => Mode::parse(name).ok_or_else(|| {
                let mut names = Mode::NAMES.to_vec();
                names.push("transit");
                let e = ValueError::new(
                    "mode",
                    format!("{name:?}"),
                    format!("must be one of {}", names.join(", ")),
                );
                self.value("travel", "mode", e)
            })?,
        };
        Ok(Some(Roads {
            path: self.file(path),
            mode,
        }))
    }

    /// `roads` or `gtfs` (`input`) with `costs`: one of them gives the travel times.
    fn not_with_costs(&self, raw: &RawInputs, input: &str) -> Result<()> {
        if raw.costs.is_none() {
            return Ok(());
        }
        Err(self
            .err(
                "inputs",
                format!(
                    "give `{input}` (gapmap computes the travel times) or `costs` (a matrix \
                     computed elsewhere), not both"
                ),
            )
            .field(input)
            .into())
    }

    pub(super) fn transit(
        &self,
        raw: &RawInputs,
        travel: Option<&RawTravel>,
    ) -> Result<Option<Transit>> {
        let Some(travel) = travel.filter(|t| is_transit(Some(t))) else {
            return Ok(None);
        };
        let feeds: Vec<PathBuf> = match &raw.gtfs {
            None => {
                return Err(self
                    .err(
                        "travel",
                        "mode = \"transit\" needs `[inputs] gtfs`: a GTFS feed (a zip or a \
                         folder), or a list of them",
                    )
                    .field("mode")
                    .into());
            }
            Some(RawFeeds::One(p)) => vec![self.file(p)],
            Some(RawFeeds::Many(ps)) => ps.iter().map(|p| self.file(p)).collect(),
        };
        if feeds.is_empty() {
            return Err(self.err("inputs", "lists no feed").field("gtfs").into());
        }
        self.not_with_costs(raw, "gtfs")?;
        let date = travel
            .date
            .as_deref()
            .ok_or_else(|| self.missing("travel", "date"))?;
        let date = Day::try_from(date).map_err(|e| self.value("travel", "date", e))?;
        let window = travel
            .window
            .as_deref()
            .ok_or_else(|| self.missing("travel", "window"))?;
        let bad_window = |got: String| {
            self.value(
                "travel",
                "window",
                ValueError::new(
                    "window",
                    got,
                    "must be two times of day [\"HH:MM\", \"HH:MM\"], the end after the start",
                ),
            )
        };
        let [start, end] = window else {
            return Err(bad_window(format!("{window:?}")).into());
        };
        let (start, end) = match (clock_minutes(start), clock_minutes(end)) {
            (Some(s), Some(e)) if e > s => (s, e),
            _ => return Err(bad_window(format!("{window:?}")).into()),
        };
        // Each key is checked by the settings themselves; the error names the key.
        let key = |field: &'static str| move |e: ValueError| self.value("travel", field, e);
        let mut settings = Settings::with_window(start, end).map_err(key("window"))?;
        if let Some(p) = travel.percentile {
            settings = settings.with_percentile(p).map_err(key("percentile"))?;
        }
        if let Some(v) = travel.walk_kmh {
            settings = settings.with_walk_kmh(v).map_err(key("walk_kmh"))?;
        }
        if let Some(v) = travel.max_walk_m {
            settings = settings.with_max_walk_m(v).map_err(key("max_walk_m"))?;
        }
        if let Some(v) = travel.transfer_walk_m {
            settings = settings
                .with_transfer_walk_m(v)
                .map_err(key("transfer_walk_m"))?;
        }
        if let Some(v) = travel.transfer_minutes {
            settings = settings
                .with_transfer_minutes(v)
                .map_err(key("transfer_minutes"))?;
        }
        if let Some(k) = travel.max_transfers {
            settings = settings
                .with_max_transfers(k)
                .map_err(key("max_transfers"))?;
        }
        Ok(Some(Transit {
            feeds,
            date,
            settings,
        }))
    }
}

/// `HH:MM` or `H:MM` as minutes after midnight; hours up to 47 for a window past midnight.
fn clock_minutes(s: &str) -> Option<u32> {
    let (h, m) = s.trim().split_once(':')?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h < 48 && m < 60).then_some(h * 60 + m)
}
