//! The domain: units, target groups, services, providers, and the newtypes that guard them.
//!
//! Values are validated once, at the boundary, by `TryFrom`; past this module a [`Capacity`]
//! is never negative and a [`LonLat`] is always on the globe.

#![allow(
    clippy::indexing_slicing,
    reason = "indices are positions in the study's own lists (units, origins, services, groups, providers, columns), which load builds together and checks once"
)]

use std::path::PathBuf;
use std::sync::Arc;

use geo::MultiPolygon;

use crate::decay::Decay;
use crate::error::ValueError;

/// A position in degrees, WGS 84 (EPSG:4326), as GeoJSON orders it: longitude first. On the
/// globe by construction: made only by [`LonLat::new`] (or between two such positions).
///
/// ```
/// use gapmap::model::LonLat;
/// let tyn = LonLat::new(14.42, 49.22)?;
/// assert_eq!((tyn.lon(), tyn.lat()), (14.42, 49.22));
/// assert!(LonLat::new(-742_000.0, -1_130_000.0).is_err()); // S-JTSK metres, not degrees
/// # Ok::<(), gapmap::error::ValueError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LonLat {
    lon: f64,
    lat: f64,
}

impl LonLat {
    /// A position, when it is on the globe: longitude within ±180°, latitude within ±90°. The
    /// error says so, and when the values look like S-JTSK metres, how to give those.
    pub fn new(lon: f64, lat: f64) -> Result<LonLat, ValueError> {
        LonLat::try_from((lon, lat))
    }

    pub fn lon(self) -> f64 {
        self.lon
    }

    pub fn lat(self) -> f64 {
        self.lat
    }

    /// The position at `t` (0 at `a`, 1 at `b`, clamped) on the straight line between two
    /// positions: on the globe, as both ends are.
    pub fn between(a: LonLat, b: LonLat, t: f64) -> LonLat {
        let t = if t.is_nan() { 0.0 } else { t.clamp(0.0, 1.0) };
        LonLat {
            lon: a.lon + t * (b.lon - a.lon),
            lat: a.lat + t * (b.lat - a.lat),
        }
    }
}

impl TryFrom<(f64, f64)> for LonLat {
    type Error = ValueError;

    /// Rejects values off the globe, and says so when they look like S-JTSK metres.
    fn try_from((lon, lat): (f64, f64)) -> Result<Self, ValueError> {
        if (-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat) {
            return Ok(LonLat { lon, lat });
        }
        // Only now build the message: this runs for every vertex of every polygon.
        let got = format!("{lon}, {lat}");
        if !lon.is_finite() || !lat.is_finite() {
            return Err(ValueError::new("coordinates", got, "must be numbers"));
        }
        let must = if looks_like_sjtsk(lon, lat) {
            "must be lon/lat degrees (EPSG:4326); these look like S-JTSK / Krovak metres \
             (EPSG:5514): name the columns `x` and `y` (or the scenario keys `x` and `y`), \
             and gapmap reprojects them"
        } else {
            "must be lon/lat degrees (EPSG:4326): longitude within ±180, latitude within ±90"
        };
        Err(ValueError::new("coordinates", got, must))
    }
}

/// S-JTSK (EPSG:5514) over Czechia, either way round: swapped axes are a usual mistake too.
fn looks_like_sjtsk(x: f64, y: f64) -> bool {
    is_sjtsk(x, y) || is_sjtsk(y, x)
}

/// True when `(x, y)` lies in the S-JTSK (EPSG:5514) range around Czechia, with a margin for
/// neighbouring areas (a context ring across the border). `crs` re-exports it; it lives here
/// so that the domain types depend on nothing above them.
pub fn is_sjtsk(x: f64, y: f64) -> bool {
    (-1_000_000.0..=-300_000.0).contains(&x) && (-1_400_000.0..=-800_000.0).contains(&y)
}

impl From<LonLat> for geo::Point {
    fn from(p: LonLat) -> Self {
        geo::Point::new(p.lon, p.lat)
    }
}

/// Capacity of a provider in the service's own units (beds, clients, contacts); finite, ≥ 0.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Capacity(f64);

impl Capacity {
    pub fn get(self) -> f64 {
        self.0
    }
}

impl TryFrom<f64> for Capacity {
    type Error = ValueError;

    fn try_from(v: f64) -> Result<Self, ValueError> {
        if v.is_finite() && v >= 0.0 {
            Ok(Capacity(v))
        } else {
            Err(ValueError::new("capacity", v, "must be ≥ 0"))
        }
    }
}

/// The reach of a service: km on the sphere, or cost units when a cost matrix is given.
/// Finite and > 0. Inclusive: a provider at exactly this distance is inside.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Catchment(f64);

impl Catchment {
    pub fn get(self) -> f64 {
        self.0
    }
}

impl TryFrom<f64> for Catchment {
    type Error = ValueError;

    fn try_from(v: f64) -> Result<Self, ValueError> {
        if v.is_finite() && v > 0.0 {
            Ok(Catchment(v))
        } else {
            Err(ValueError::new("catchment", v, "must be a number > 0"))
        }
    }
}

/// A scenario name: `[a-z0-9_-]+`. It names output folders and columns, so it stays plain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioName(String);

impl ScenarioName {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<&str> for ScenarioName {
    type Error = ValueError;

    fn try_from(s: &str) -> Result<Self, ValueError> {
        let ok = !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-');
        if ok {
            Ok(ScenarioName(s.to_string()))
        } else {
            Err(ValueError::new(
                "name",
                format!("{s:?}"),
                "must match [a-z0-9_-]+ (lower-case letters, digits, _ and -)",
            ))
        }
    }
}

impl std::fmt::Display for ScenarioName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// How a service is delivered (law 108/2006 Sb., § 33): it sets what "reach" means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// Pobytová: the client lives there (homes, shelters).
    Residential,
    /// Ambulantní: the client travels there (day care, clubs).
    Outpatient,
    /// Terénní: the worker travels to the client (home care, assistance).
    Field,
}

impl Form {
    /// The word scenarios and tables use: `residential`, `outpatient` or `field`.
    pub fn id(self) -> &'static str {
        match self {
            Form::Residential => "residential",
            Form::Outpatient => "outpatient",
            Form::Field => "field",
        }
    }
}

impl TryFrom<&str> for Form {
    type Error = ValueError;

    fn try_from(s: &str) -> Result<Self, ValueError> {
        match s {
            "residential" => Ok(Form::Residential),
            "outpatient" => Ok(Form::Outpatient),
            "field" => Ok(Form::Field),
            _ => Err(ValueError::new(
                "form",
                format!("{s:?}"),
                "must be one of residential, outpatient, field",
            )),
        }
    }
}

/// A target group: the sum of some population columns, times a share.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub id: String,
    pub label: String,
    /// Indices into [`Study::columns`].
    pub columns: Vec<usize>,
    /// Multiplier, e.g. a prevalence of 0.1 for people with disabilities.
    pub share: f64,
}

/// A norm: capacity units needed per 1,000 people of a group.
#[derive(Debug, Clone, PartialEq)]
pub struct NeedNorm {
    /// Index into [`Study::groups`].
    pub group: usize,
    /// Capacity units per 1,000 people of the group. Unused when `survey` is set.
    pub per_1000: f64,
    /// A needs survey that gives the rate, per unit, instead of `per_1000`.
    pub survey: Option<Survey>,
}

/// A survey-based need rate: from a `survey.csv`, or from a question of a questionnaire.
#[derive(Debug, Clone, PartialEq)]
pub struct Survey {
    pub source: SurveySource,
    /// Per unit: the rate and its 95 % interval, per 1,000 people. Empty until `load` reads
    /// the file.
    pub per_unit: Vec<SurveyRate>,
}

/// Where a survey-based rate comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum SurveySource {
    /// A `survey.csv`: respondents and needing per service and unit.
    Table(PathBuf),
    /// A question of a questionnaire, found by [`Study::question`].
    Question {
        survey: SurveyId,
        question: QuestionId,
    },
}

/// A questionnaire's position in `Scenario::questionnaires`, and so in
/// [`Study::questionnaires`], which are read in the same order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SurveyId(usize);

/// A question's position in its questionnaire's `questions`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct QuestionId(usize);

impl SurveyId {
    pub const fn new(position: usize) -> Self {
        Self(position)
    }

    pub const fn index(self) -> usize {
        self.0
    }
}

impl QuestionId {
    pub const fn new(position: usize) -> Self {
        Self(position)
    }

    pub const fn index(self) -> usize {
        self.0
    }
}

/// A need rate from a survey, per 1,000 people of the group, with its 95 % Wilson interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SurveyRate {
    pub rate: f64,
    pub low: f64,
    pub high: f64,
}

/// A kind of social service with its reach and its norms.
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    pub id: String,
    pub label: String,
    pub form: Form,
    pub catchment: Catchment,
    pub decay: Decay,
    pub need: Vec<NeedNorm>,
    pub method: Method,
}

impl Service {
    /// The largest catchment of `services`, 0 when there are none: how far a cost matrix must
    /// reach to serve them all.
    pub fn largest_catchment(services: &[Service]) -> f64 {
        services
            .iter()
            .map(|s| s.catchment.get())
            .fold(0.0, f64::max)
    }
}

/// Weights of `priorities.csv`'s score: per service and per group, 1 unless the scenario's
/// `[priorities] weights` say otherwise.
#[derive(Debug, Clone, PartialEq)]
pub struct Priorities {
    /// By position in the scenario's services.
    pub service: Vec<f64>,
    /// By position in the scenario's groups.
    pub group: Vec<f64>,
}

impl Service {
    /// The positions in [`Service::need`] of the norms for the group ids `ids`, ascending and
    /// each once: a provider's `groups` as it is stored. `Err` holds the first id that is not
    /// a need group of this service.
    pub fn norm_positions<'a>(
        &self,
        groups: &[Group],
        ids: impl IntoIterator<Item = &'a str>,
    ) -> Result<Vec<usize>, &'a str> {
        let mut served = Vec::new();
        for g in ids {
            let k = self
                .need
                .iter()
                .position(|n| groups[n.group].id == g)
                .ok_or(g)?;
            if !served.contains(&k) {
                served.push(k);
            }
        }
        served.sort_unstable();
        Ok(served)
    }
}

/// A provider of one service at one place (or over a declared area).
#[derive(Debug, Clone, PartialEq)]
pub struct Provider {
    pub id: String,
    pub name: String,
    /// Index into [`Study::services`].
    pub service: usize,
    pub capacity: Capacity,
    pub location: Option<LonLat>,
    /// The norms of its service that it serves, as indices into `Service::need`; `None`: all.
    pub groups: Option<Vec<usize>>,
    /// A declared service area, as unit indices: the provider reaches exactly these, weight 1.
    pub area: Option<Vec<usize>>,
    /// The unit whose polygon holds the location, when there is one.
    pub host: Option<usize>,
    /// What the public catalogue says of it, from the optional columns of providers.csv;
    /// `None` when the file has none. The analysis never reads it.
    pub listing: Option<Box<Listing>>,
}

/// What the public catalogue says of a provider beyond what the analysis needs: the optional
/// columns of providers.csv (`provider, ico, address, phone, email, web, target_groups,
/// age_groups, form, unit, municipality, secret_address`) that `gapmap init` writes from the
/// registry.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Listing {
    /// The organisation that runs it.
    pub provider: String,
    /// Its IČO, as text with its leading zeros.
    pub ico: String,
    /// The postal address as one line; empty for a secret address.
    pub address: String,
    pub phones: Vec<String>,
    pub emails: Vec<String>,
    pub webs: Vec<String>,
    /// Target groups by name (or registry id).
    pub target_groups: Vec<String>,
    pub age_groups: Vec<String>,
    /// The form this provider is registered in, when it differs from its service's.
    pub form: Option<Form>,
    /// The registry's capacity unit: `luzka`, `klient`, `kontakt`, `interv` or `hovor`.
    pub unit: Option<String>,
    /// The code of the municipality it stands in, as the registry says.
    pub municipality: Option<String>,
    /// A secret address (a shelter): nothing of its place may be published.
    pub secret: bool,
}

/// True for a registry codebook id that no codebook named, such as `VekovaSkupinaOsoby/8`:
/// people cannot read it, so the public catalogue leaves it out (catalogue.csv keeps it).
///
/// ```
/// use gapmap::model::unnamed_group;
/// assert!(unnamed_group("VekovaSkupinaOsoby/8"));
/// assert!(!unnamed_group("senioři"));
/// assert!(!unnamed_group("děti 6/7 let"));
/// ```
pub fn unnamed_group(group: &str) -> bool {
    group.split_once('/').is_some_and(|(book, code)| {
        !book.is_empty()
            && book.bytes().all(|b| b.is_ascii_alphabetic())
            && !code.is_empty()
            && code.bytes().all(|b| b.is_ascii_digit())
    })
}

/// A place where a new provider could go, in a siting study.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub id: String,
    pub name: String,
    /// `None` only with a cost matrix, which then names the candidate as a destination.
    pub location: Option<LonLat>,
}

/// The candidates of a siting study, with their part of the cost matrix.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidates {
    pub sites: Vec<Candidate>,
    /// Origins to candidates, when the scenario gives a cost matrix; destinations are indices
    /// into `sites`.
    pub costs: Option<Costs>,
}

/// The shape of a unit of analysis, for the map.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    Polygons(MultiPolygon),
    Point(LonLat),
    /// A demand point with no coordinates (costs are given instead).
    None,
}

/// A unit of analysis: a municipality, or a demand point when there are no municipalities.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    pub id: String,
    pub name: String,
    pub shape: Shape,
    /// False for context: a municipality of the buffer ring around the region
    /// (`"in_region": false`), which competes for and is served by the providers but is not
    /// counted in the region's totals, priorities and report.
    pub in_region: bool,
}

/// A place where need arises: a unit's representative point, or a demand point in a unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Origin {
    pub id: String,
    /// Index into [`Study::units`]: where its results are summed.
    pub unit: usize,
    pub location: Option<LonLat>,
}

/// Travel costs from origins to providers (a cost matrix), row-major by origin; within a row,
/// by provider index. A pair that is not listed is out of reach.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Costs {
    /// Pairs of origin `o` are `row_start[o]..row_start[o + 1]`.
    pub row_start: Vec<usize>,
    /// Indices into [`Study::providers`].
    pub destination: Vec<u32>,
    /// In the scenario's cost units (minutes, km, …), ≥ 0.
    pub cost: Vec<f64>,
}

impl Costs {
    /// Splits the destinations at `at`: those below, and those from `at` on, renumbered from 0.
    pub fn split(&self, at: usize) -> (Costs, Costs) {
        let mut parts = [Costs::default(), Costs::default()];
        for part in &mut parts {
            part.row_start.push(0);
        }
        for o in 0..self.row_start.len().saturating_sub(1) {
            for (d, cost) in self.row(o) {
                let (part, d) = match (d as usize).checked_sub(at) {
                    None => (&mut parts[0], d),
                    Some(k) => (&mut parts[1], k as u32),
                };
                part.destination.push(d);
                part.cost.push(cost);
            }
            for part in &mut parts {
                part.row_start.push(part.destination.len());
            }
        }
        let [below, above] = parts;
        (below, above)
    }

    /// `(provider index, cost)` pairs of origin `o`.
    pub fn row(&self, o: usize) -> impl Iterator<Item = (u32, f64)> + '_ {
        let r = self.row_start[o]..self.row_start[o + 1];
        self.destination[r.clone()]
            .iter()
            .copied()
            .zip(self.cost[r].iter().copied())
    }
}

/// Everything a run needs, loaded and validated: the input of the core.
#[derive(Debug, Clone, PartialEq)]
///
/// The units, origins and counts are shared (`Arc`): the explorer keeps a study per state, and
/// its edits change providers, services and groups, not the map or its people.
pub struct Study {
    pub name: ScenarioName,
    pub units: Arc<Vec<Unit>>,
    pub origins: Arc<Vec<Origin>>,
    /// Names of the population columns that groups use.
    pub columns: Vec<String>,
    /// People per origin and column, origin-major: `counts[o * columns.len() + c]`.
    pub counts: Arc<Vec<f64>>,
    pub groups: Vec<Group>,
    pub services: Vec<Service>,
    pub providers: Vec<Provider>,
    /// A cost matrix, when the scenario gives one: it replaces distance on the sphere.
    pub costs: Option<Costs>,
    pub priorities: Priorities,
    /// People by five-year age band per unit, when the population table has the bands: what
    /// `profile.csv` describes.
    pub ages: Option<Vec<AgeBands>>,
    /// With travel by public transport, the units none of whose origins has a stop within
    /// walking distance; empty otherwise.
    pub without_stop: Vec<usize>,
    /// What each questionnaire of the scenario gave, in the scenario's order.
    pub questionnaires: Vec<crate::questionnaire::Summary>,
    /// With `[horizon]`: the population at the base year beside the projected one, which
    /// `counts` and `ages` hold.
    pub outlook: Option<Outlook>,
    /// `[inputs] population_year`: the year the counts were for, before any horizon.
    pub population_year: Option<u32>,
    /// The providers the scenario's changes removed (and did not add again), as `(id, name)`:
    /// the report names them.
    pub closed: Vec<(String, String)>,
}

/// The population at the base year B and at the horizon H.
#[derive(Debug, Clone, PartialEq)]
pub struct Outlook {
    pub base_year: u32,
    pub year: u32,
    /// Per unit: people by band at B and at H (the sum of its origins').
    pub base: Vec<AgeBands>,
    pub horizon: Vec<AgeBands>,
    /// Per origin and column at B, as [`Study::counts`] at H.
    pub base_counts: Vec<f64>,
}

/// A unit's people by the 18 five-year bands of ČSÚ (`age_0_4` … `age_85_plus`), and its total.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AgeBands {
    pub bands: [f64; 18],
    pub total: f64,
}

impl Study {
    /// The year the study's population is for: the horizon's, when it has one.
    pub fn year(&self) -> Option<u32> {
        self.outlook.as_ref().map(|o| o.year)
    }

    /// The year the people counted are for, as a reader needs it: the horizon's, else the
    /// population's own year when the scenario gives it.
    pub fn people_year(&self) -> Option<u32> {
        self.year().or(self.population_year)
    }

    /// A questionnaire, and one of its questions, of a [`SurveySource::Question`].
    pub fn question(
        &self,
        survey: SurveyId,
        question: QuestionId,
    ) -> Option<(
        &crate::questionnaire::Summary,
        &crate::questionnaire::QuestionSummary,
    )> {
        let q = self.questionnaires.get(survey.index())?;
        Some((q, q.questions.get(question.index())?))
    }

    /// People of column `c` at origin `o`.
    pub fn count(&self, o: usize, c: usize) -> f64 {
        self.counts[o * self.columns.len() + c]
    }

    /// Per provider of `providers` (indices), the norms of its service it serves, as a bit mask
    /// of positions in `Service::need`; `None` when it serves them all.
    pub fn serves(&self, providers: &[usize]) -> Vec<Option<u64>> {
        providers
            .iter()
            .map(|&p| {
                self.providers[p]
                    .groups
                    .as_ref()
                    .map(|norms| norms.iter().fold(0u64, |bits, &k| bits | (1 << k)))
            })
            .collect()
    }

    /// The services with no provider at all, in service order: their whole need is a gap,
    /// which is either the real gap or providers missing from the inputs.
    pub fn services_without_providers(&self) -> Vec<usize> {
        let mut has = vec![false; self.services.len()];
        for p in &self.providers {
            has[p.service] = true;
        }
        (0..self.services.len()).filter(|&s| !has[s]).collect()
    }

    /// Whether origin `o` counts in the region's totals (its unit is not context).
    pub fn origin_in_region(&self, o: usize) -> bool {
        self.units[self.origins[o].unit].in_region
    }

    /// Whether a provider counts in the region's capacity: it stands in a unit of the region,
    /// or declares an area with one, or stands in no unit at all (a cost-matrix destination).
    pub fn provider_in_region(&self, p: usize) -> bool {
        let provider = &self.providers[p];
        match (&provider.area, provider.host) {
            (Some(area), _) => area.iter().any(|&u| self.units[u].in_region),
            (None, Some(u)) => self.units[u].in_region,
            (None, None) => true,
        }
    }

    /// The origins of every unit, in origin order: where a unit's results are summed from.
    pub fn origins_by_unit(&self) -> Vec<Vec<usize>> {
        let mut by_unit = vec![Vec::new(); self.units.len()];
        for (o, origin) in self.origins.iter().enumerate() {
            by_unit[origin.unit].push(o);
        }
        by_unit
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lonlat_accepts_degrees_and_rejects_sjtsk() {
        assert!(LonLat::try_from((14.42, 49.22)).is_ok());
        let e = LonLat::try_from((-740_000.0, -1_050_000.0)).unwrap_err();
        assert!(e.to_string().contains("S-JTSK"), "{e}");
        assert!(e.to_string().contains("-740000, -1050000"), "{e}");
        let e = LonLat::try_from((200.0, 10.0)).unwrap_err();
        assert!(!e.to_string().contains("S-JTSK"), "{e}");
    }

    #[test]
    fn capacity_must_be_non_negative() {
        assert_eq!(Capacity::try_from(0.0).unwrap().get(), 0.0);
        let e = Capacity::try_from(-3.0).unwrap_err();
        assert_eq!(
            e.about("provider P7"),
            "invalid capacity for provider P7 (got -3): must be ≥ 0"
        );
        assert!(Capacity::try_from(f64::NAN).is_err());
    }

    #[test]
    fn catchment_must_be_positive() {
        assert!(Catchment::try_from(0.0).is_err());
        assert!(Catchment::try_from(12.5).is_ok());
    }

    #[test]
    fn scenario_names_are_plain() {
        assert!(ScenarioName::try_from("demo-baseline_2030").is_ok());
        assert!(ScenarioName::try_from("Demo").is_err());
        assert!(ScenarioName::try_from("").is_err());
        assert!(ScenarioName::try_from("a b").is_err());
    }
}

/// A floating-catchment method; a value, chosen per scenario or per service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Two-step floating catchment (Luo & Wang 2003); with a `steps` decay it is E2SFCA.
    TwoStep,
    /// Three-step floating catchment (Wan, Zou & Sternberg 2012).
    ThreeStep,
    /// Balanced floating catchment (Paez, Higgins & Vivona 2019).
    Balanced,
    /// Gravity potential, with no competition step.
    Gravity,
    /// Cumulative opportunities: the capacity in reach, with no competition step.
    Cumulative,
}

/// How the accessibility of a unit with several origins (demand points) follows from theirs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pooling {
    /// `A_i` is a rate per unit of need: the unit's is the need-weighted mean.
    NeedWeightedMean,
    /// `A_i` is a share of something split among origins (BFCA splits each provider's level of
    /// service among the origins it reaches): the unit's is the sum, as if it were one origin.
    Sum,
}

impl Method {
    /// How this method's accessibility pools over the origins of a unit.
    pub fn pooling(self) -> Pooling {
        match self {
            Method::Balanced => Pooling::Sum,
            _ => Pooling::NeedWeightedMean,
        }
    }

    /// The name used in scenario files and in `summary.csv`.
    pub fn name(self) -> &'static str {
        match self {
            Method::TwoStep => "2sfca",
            Method::ThreeStep => "3sfca",
            Method::Balanced => "bfca",
            Method::Gravity => "gravity",
            Method::Cumulative => "cumulative",
        }
    }
}

impl TryFrom<&str> for Method {
    type Error = ValueError;

    fn try_from(s: &str) -> Result<Self, ValueError> {
        match s {
            "2sfca" | "e2sfca" => Ok(Method::TwoStep),
            "3sfca" => Ok(Method::ThreeStep),
            "bfca" => Ok(Method::Balanced),
            "gravity" => Ok(Method::Gravity),
            "cumulative" => Ok(Method::Cumulative),
            _ => Err(ValueError::new(
                "method",
                format!("{s:?}"),
                "must be one of 2sfca, e2sfca, 3sfca, bfca, gravity, cumulative",
            )),
        }
    }
}
