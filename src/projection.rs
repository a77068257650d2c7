//! The plan's horizon: a unit's people by five-year age band carried from the base year B to a
//! later year H with a national (or regional) projection, by the Hamilton–Perry method.
//!
//! Bands a = 0 … 17 are 0–4 … 80–84 and 85+; `P_a(t)` is the unit's band, `N_a(t)` the
//! projection's, persons at 1 January. One step t → t + 5:
//! - a = 1 … 16: `P_a(t+5) = P_a−1(t) · N_a(t+5) / N_a−1(t)` (the cohort ages five years);
//! - a = 17 (85+): `P_17(t+5) = (P_16(t) + P_17(t)) · N_17(t+5) / (N_16(t) + N_17(t))`;
//! - a = 0 (0–4), with A the bands 20–39 (a = 4 … 7) summed: the unit's child–adult ratio
//!   carried by the projection's, `P_0(t+5) = P_0(t) / A(t) · A(t+5) · (N_0(t+5) / A_N(t+5)) /
//!   (N_0(t) / A_N(t))`, where a unit with `A(t) = 0` takes the projection's ratio `N_0(t) /
//!   A_N(t)` in place of its own.
//!
//! Steps run from B; a horizon between steps s and s + 5 is interpolated band by band. The
//! method is linear in the bands but for 0–4, so over all units of a country the bands 5–9 …
//! 85+ add up to the projection's at every step when they do at B.
//!
//! ```
//! use gapmap::projection::{Projection, Steps};
//! // A projection in which every band doubles in five years.
//! let n = Projection::new(vec![(2021, [100.0; 18]), (2026, [200.0; 18])])?;
//! let steps = Steps::new(&n, 2021, 2026)?;
//! let mut people = [10.0; 18];
//! people[16] = 4.0; // 80–84
//! let at = steps.project(&people);
//! assert_eq!(at[1], 20.0); // the 0–4s of 2021 are the 5–9s of 2026, twice as many
//! assert_eq!(at[17], 2.0 * (4.0 + 10.0) / 2.0); // 80–84 and 85+ both become 85+
//! # Ok::<(), gapmap::projection::ProjectionError>(())
//! ```

#![allow(
    clippy::indexing_slicing,
    reason = "bands are arrays of 18 and every index here is a band below 18"
)]

/// The 18 five-year bands.
pub const BANDS: usize = 18;

/// People by band, 0–4 … 80–84, 85+.
pub type Bands = [f64; BANDS];

/// A projection: persons by band at 1 January of each of its years, years ascending, every
/// band a number > 0 (it divides).
#[derive(Debug, Clone, PartialEq)]
pub struct Projection {
    rows: Vec<(u32, Bands)>,
}

/// What makes a projection, or a horizon on it, unusable. Each names the value.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ProjectionError {
    #[error("the years must ascend, each once: {year} follows {before}")]
    Order { year: u32, before: u32 },
    #[error("band {band} of {year} is {value}: every band must be a number > 0")]
    Band { year: u32, band: usize, value: f64 },
    #[error("the projection has no row for {year}")]
    Missing { year: u32 },
    #[error("the horizon {horizon} is before the population's year {base}")]
    Before { horizon: u32, base: u32 },
    #[error("the horizon {horizon} is past the projection's last year {last}")]
    Past { horizon: u32, last: u32 },
}

impl Projection {
    pub fn new(rows: Vec<(u32, Bands)>) -> Result<Self, ProjectionError> {
        for pair in rows.windows(2) {
            if let [(before, _), (year, _)] = *pair
                && year <= before
            {
                return Err(ProjectionError::Order { year, before });
            }
        }
        for &(year, bands) in &rows {
            if let Some((band, &value)) = bands
                .iter()
                .enumerate()
                .find(|(_, v)| !(v.is_finite() && **v > 0.0))
            {
                return Err(ProjectionError::Band { year, band, value });
            }
        }
        Ok(Self { rows })
    }

    /// The bands of `year`, when the projection has it.
    pub fn at(&self, year: u32) -> Option<&Bands> {
        self.rows.iter().find(|(y, _)| *y == year).map(|(_, b)| b)
    }

    pub fn years(&self) -> impl Iterator<Item = u32> + '_ {
        self.rows.iter().map(|(y, _)| *y)
    }

    pub fn last_year(&self) -> Option<u32> {
        self.rows.last().map(|(y, _)| *y)
    }
}

/// The projection's rows a horizon needs: B, B + 5, … up to the first at or past H.
#[derive(Debug, Clone, PartialEq)]
pub struct Steps {
    base: u32,
    horizon: u32,
    /// `N` at B, B + 5, …
    rows: Vec<Bands>,
}

impl Steps {
    /// The steps from `base` to `horizon`: an error names a horizon before the base or past the
    /// projection, or the first year the projection lacks.
    pub fn new(projection: &Projection, base: u32, horizon: u32) -> Result<Self, ProjectionError> {
        if horizon < base {
            return Err(ProjectionError::Before { horizon, base });
        }
        let last = projection.last_year().unwrap_or(0);
        if horizon > last {
            return Err(ProjectionError::Past { horizon, last });
        }
        let mut rows = Vec::new();
        let mut year = base;
        loop {
            let n = projection
                .at(year)
                .ok_or(ProjectionError::Missing { year })?;
            rows.push(*n);
            if year >= horizon {
                break;
            }
            year += 5;
        }
        Ok(Self {
            base,
            horizon,
            rows,
        })
    }

    pub fn base(&self) -> u32 {
        self.base
    }

    pub fn horizon(&self) -> u32 {
        self.horizon
    }

    /// A unit's bands at B carried to H.
    pub fn project(&self, at_base: &Bands) -> Bands {
        let offset = self.horizon - self.base;
        let (whole, part) = ((offset / 5) as usize, offset % 5);
        let mut p = *at_base;
        for pair in self.rows.windows(2).take(whole) {
            if let [from, to] = pair {
                p = step(&p, from, to);
            }
        }
        if part == 0 {
            return p;
        }
        // Between two steps: the share of the way, band by band.
        let (Some(from), Some(to)) = (self.rows.get(whole), self.rows.get(whole + 1)) else {
            return p;
        };
        let next = step(&p, from, to);
        let t = f64::from(part) / 5.0;
        let mut out = p;
        for (o, (a, b)) in out.iter_mut().zip(p.iter().zip(&next)) {
            *o = a + t * (b - a);
        }
        out
    }
}

/// The bands 20–39 summed: the parents of the next 0–4s.
fn adults(b: &Bands) -> f64 {
    b[4] + b[5] + b[6] + b[7]
}

/// One five-year step of a unit's bands `p` with the projection's `from` (t) and `to` (t + 5).
fn step(p: &Bands, from: &Bands, to: &Bands) -> Bands {
    let mut out = [0.0; BANDS];
    for a in 1..BANDS - 1 {
        out[a] = p[a - 1] * to[a] / from[a - 1];
    }
    out[17] = (p[16] + p[17]) * to[17] / (from[16] + from[17]);
    let national = |b: &Bands| b[0] / adults(b);
    let a = adults(p);
    let own = if a == 0.0 { national(from) } else { p[0] / a };
    out[0] = own * adults(&out) * national(to) / national(from);
    // A unit with no people stays at exactly 0, not -0.
    out.map(|v| v + 0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flat(v: f64) -> Bands {
        [v; BANDS]
    }

    #[test]
    fn a_projection_refuses_disorder_and_empty_bands() {
        assert_eq!(
            Projection::new(vec![(2026, flat(1.0)), (2021, flat(1.0))]),
            Err(ProjectionError::Order {
                year: 2021,
                before: 2026
            })
        );
        let mut zero = flat(1.0);
        zero[3] = 0.0;
        assert_eq!(
            Projection::new(vec![(2021, zero)]),
            Err(ProjectionError::Band {
                year: 2021,
                band: 3,
                value: 0.0
            })
        );
    }

    #[test]
    fn steps_need_every_fifth_year_up_to_the_horizon() {
        let n = Projection::new(vec![
            (2021, flat(1.0)),
            (2026, flat(1.0)),
            (2030, flat(1.0)),
        ])
        .unwrap();
        assert_eq!(
            Steps::new(&n, 2021, 2028),
            Err(ProjectionError::Missing { year: 2031 })
        );
        assert_eq!(
            Steps::new(&n, 2021, 2020),
            Err(ProjectionError::Before {
                horizon: 2020,
                base: 2021
            })
        );
        assert_eq!(
            Steps::new(&n, 2021, 2031),
            Err(ProjectionError::Past {
                horizon: 2031,
                last: 2030
            })
        );
        let same = Steps::new(&n, 2021, 2021).unwrap();
        let p: Bands = std::array::from_fn(|a| a as f64);
        assert_eq!(same.project(&p), p);
    }
}
