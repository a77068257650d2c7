//! Classes for choropleth maps: the break values that the fills and the legend share.
//!
//! `Breaks` with k classes holds k − 1 inner breaks; a value `v` is in class `i` when it is
//! above `breaks[i − 1]` and at most `breaks[i]` (class 0 holds everything up to `breaks[0]`).

#![allow(
    clippy::indexing_slicing,
    reason = "indices are positions in the study's own lists (units, origins, services, groups, providers, columns), which load builds together and checks once; tables and maps are built per unit and per service of that study"
)]

/// How the breaks were chosen, named in the legend and the method section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Classification {
    /// Jenks natural breaks: classes that minimise the spread within each class.
    Jenks,
    /// Quantiles: about as many units in each class.
    Quantiles,
    /// Symmetric around 0 (surplus below, shortfall above), quantiles of the magnitudes.
    Diverging,
}

/// Class breaks and how they were made.
#[derive(Debug, Clone, PartialEq)]
pub struct Breaks {
    /// Inner breaks, ascending: k − 1 of them for k classes.
    pub inner: Vec<f64>,
    pub method: Classification,
}

impl Breaks {
    /// The number of classes.
    pub fn classes(&self) -> usize {
        self.inner.len() + 1
    }

    /// The class of `v`: the first break it does not exceed.
    pub fn class(&self, v: f64) -> usize {
        self.inner
            .iter()
            .position(|&b| v <= b)
            .unwrap_or(self.inner.len())
    }
}

/// Quantile breaks: `k` classes with about as many values each. Repeated break values merge, so
/// there may be fewer classes than asked for.
///
/// ```
/// use gapmap::report::html::classify::quantiles;
/// // Eight values in four classes: breaks after the 2nd, 4th and 6th.
/// let b = quantiles(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0], 4);
/// assert_eq!(b.inner, vec![2.0, 4.0, 6.0]);
/// ```
pub fn quantiles(values: &[f64], k: usize) -> Breaks {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    v.sort_by(f64::total_cmp);
    let mut inner = Vec::new();
    if !v.is_empty() && k > 1 {
        for i in 1..k {
            // The value below which i/k of the values lie.
            let at = (i * v.len()).div_ceil(k).max(1) - 1;
            let b = v[at];
            if inner.last() != Some(&b) && b < v[v.len() - 1] {
                inner.push(b);
            }
        }
    }
    Breaks {
        inner,
        method: Classification::Quantiles,
    }
}

/// Jenks natural breaks (Fisher's exact dynamic programme): the `k` classes of sorted values
/// with the least sum of squared deviations from their means. O(k n²); for more than 256
/// distinct values it runs on 256 evenly spaced order statistics, which keeps the shape of the
/// distribution and the map's look at a thousandth of the cost.
///
/// ```
/// use gapmap::report::html::classify::jenks;
/// // Three clear clusters.
/// let b = jenks(&[1.0, 2.0, 3.0, 10.0, 11.0, 12.0, 20.0, 21.0, 22.0], 3);
/// assert_eq!(b.inner, vec![3.0, 12.0]);
/// ```
pub fn jenks(values: &[f64], k: usize) -> Breaks {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    v.sort_by(f64::total_cmp);
    v.dedup();
    const SAMPLE: usize = 256;
    if v.len() > SAMPLE {
        let n = v.len();
        v = (0..SAMPLE).map(|i| v[i * (n - 1) / (SAMPLE - 1)]).collect();
    }
    let n = v.len();
    let k = k.min(n);
    if k < 2 {
        return Breaks {
            inner: Vec::new(),
            method: Classification::Jenks,
        };
    }
    // Prefix sums give the squared deviation of any run v[a..=b] in O(1).
    let mut s1 = vec![0.0; n + 1];
    let mut s2 = vec![0.0; n + 1];
    for i in 0..n {
        s1[i + 1] = s1[i] + v[i];
        s2[i + 1] = s2[i] + v[i] * v[i];
    }
    let ssd = |a: usize, b: usize| {
        let m = (b - a + 1) as f64;
        let s = s1[b + 1] - s1[a];
        (s2[b + 1] - s2[a]) - s * s / m
    };
    // cost[j][i]: the best j+1 classes of v[0..=i]; from[j][i]: where the last class starts.
    let mut cost = vec![vec![f64::INFINITY; n]; k];
    let mut from = vec![vec![0usize; n]; k];
    for (i, c) in cost[0].iter_mut().enumerate() {
        *c = ssd(0, i);
    }
    for j in 1..k {
        for i in j..n {
            for start in j..=i {
                let c = cost[j - 1][start - 1] + ssd(start, i);
                if c < cost[j][i] {
                    cost[j][i] = c;
                    from[j][i] = start;
                }
            }
        }
    }
    let mut inner = vec![0.0; k - 1];
    let mut end = n - 1;
    for j in (1..k).rev() {
        let start = from[j][end];
        inner[j - 1] = v[start - 1];
        end = start - 1;
    }
    Breaks {
        inner,
        method: Classification::Jenks,
    }
}

/// What reads as zero in a table of one decimal: a gap of −0,04 is printed "0,0", and a map
/// must not paint it as a surplus.
pub const READS_AS_ZERO: f64 = 0.05;

/// Breaks centred on 0 for a value that can be a surplus (< 0) or a shortfall (> 0), or a
/// change that can be a gain or a loss: a neutral class for what reads as zero (|v| <
/// `zero`, and to a billionth of the largest magnitude), and on each side the terciles of the
/// larger magnitudes, rounded to one decimal: classes (−∞, −b₂], (−b₂, −b₁], (−b₁, −z],
/// (−z, z], (z, b₁], (b₁, b₂], (b₂, ∞).
///
/// ```
/// use gapmap::report::html::classify::{READS_AS_ZERO, diverging};
/// // Surpluses of a few hundredths read as zero: one neutral class, nothing painted.
/// let b = diverging(&[-0.04, -0.01, 0.0, 0.03], READS_AS_ZERO);
/// assert_eq!(b.class(-0.04), b.neutral().unwrap());
/// assert_eq!(b.class(0.03), b.neutral().unwrap());
/// ```
pub fn diverging(values: &[f64], zero: f64) -> Breaks {
    let largest = values
        .iter()
        .filter(|x| x.is_finite())
        .fold(0.0f64, |m, x| m.max(x.abs()));
    let zero = zero.max(1e-9 * largest.max(1.0));
    let magnitudes: Vec<f64> = values
        .iter()
        .filter(|x| x.is_finite() && x.abs() >= zero)
        .map(|x| x.abs())
        .collect();
    let mut q: Vec<f64> = quantiles(&magnitudes, 3)
        .inner
        .into_iter()
        .map(|b| (b * 10.0).round() / 10.0)
        .filter(|&b| b > zero)
        .collect();
    q.dedup();
    // The neutral class holds |v| < zero: its upper break is just below `zero`.
    let below = f64::from_bits(zero.to_bits() - 1);
    let mut inner: Vec<f64> = q.iter().rev().map(|b| -b).collect();
    inner.push(-zero);
    inner.push(below);
    inner.extend(q);
    Breaks {
        inner,
        method: Classification::Diverging,
    }
}

impl Breaks {
    /// The class of values that are 0, on a diverging scale.
    pub fn neutral(&self) -> Option<usize> {
        (self.method == Classification::Diverging).then_some(self.inner.len() / 2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_by_hand() {
        // Ten values, five classes: breaks at the 2nd, 4th, 6th and 8th values.
        let v: Vec<f64> = (1..=10).map(f64::from).collect();
        assert_eq!(quantiles(&v, 5).inner, vec![2.0, 4.0, 6.0, 8.0]);
        // Ties merge: six zeros of eight put all three breaks at 0, so two classes remain.
        let b = quantiles(&[0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 2.0], 4);
        assert_eq!(b.inner, vec![0.0]);
        assert_eq!(b.class(0.0), 0);
        assert_eq!(b.class(0.5), 1);
        assert_eq!(b.class(2.0), 1);
        assert!(quantiles(&[], 5).inner.is_empty());
    }

    #[test]
    fn jenks_by_hand() {
        // 1, 2, 4, 5, 9 in two classes: {1, 2, 4, 5} | {9} has SSD 10 + 0 = 10, against
        // {1, 2} | {4, 5, 9} with 0.5 + 14 = 14.5 and {1, 2, 4} | {5, 9} with 4.67 + 8 = 12.67.
        assert_eq!(jenks(&[1.0, 2.0, 4.0, 5.0, 9.0], 2).inner, vec![5.0]);
        // As many classes as values: every value its own class.
        assert_eq!(jenks(&[3.0, 1.0, 2.0], 3).inner, vec![1.0, 2.0]);
        assert!(jenks(&[7.0, 7.0], 3).inner.is_empty());
    }

    #[test]
    fn jenks_is_optimal_on_random_values() {
        // Against every split of up to 9 sorted values into 3 classes.
        let mut x = 12345u64;
        for _ in 0..50 {
            let v: Vec<f64> = (0..9)
                .map(|_| {
                    x = x
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    ((x >> 40) % 100) as f64
                })
                .collect();
            let mut s = v.clone();
            s.sort_by(f64::total_cmp);
            s.dedup();
            if s.len() < 3 {
                continue;
            }
            let ssd = |c: &[f64]| {
                let m = c.iter().sum::<f64>() / c.len() as f64;
                c.iter().map(|x| (x - m) * (x - m)).sum::<f64>()
            };
            let mut best = f64::INFINITY;
            for a in 1..s.len() - 1 {
                for b in a + 1..s.len() {
                    best = best.min(ssd(&s[..a]) + ssd(&s[a..b]) + ssd(&s[b..]));
                }
            }
            let breaks = jenks(&v, 3).inner;
            let cut = |t: f64| s.iter().position(|&y| y > t).unwrap();
            let (a, b) = (cut(breaks[0]), cut(breaks[1]));
            let got = ssd(&s[..a]) + ssd(&s[a..b]) + ssd(&s[b..]);
            assert!((got - best).abs() < 1e-9, "{v:?}: {got} vs {best}");
        }
    }

    #[test]
    fn diverging_is_centred_on_zero() {
        let b = diverging(
            &[-6.0, -3.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
            READS_AS_ZERO,
        );
        // Magnitudes 1 2 3 3 4 5 6 6: terciles at the 3rd and 6th values, 3 and 5; the neutral
        // class is |v| < 0.05.
        assert_eq!(b.inner.len(), 6);
        assert_eq!([b.inner[0], b.inner[1], b.inner[2]], [-5.0, -3.0, -0.05]);
        assert_eq!([b.inner[4], b.inner[5]], [3.0, 5.0]);
        assert_eq!(b.neutral(), Some(3));
        assert_eq!(b.class(0.0), 3);
        assert_eq!(b.class(-0.04), 3);
        assert_eq!(b.class(0.049), 3);
        assert_eq!(b.class(-0.05), 2);
        assert_eq!(b.class(0.05), 4);
        assert_eq!(b.class(-0.5), 2);
        assert_eq!(b.class(0.5), 4);
        assert_eq!(b.class(-6.0), 0);
        assert_eq!(b.class(6.0), 6);
        // No change anywhere: only the neutral class.
        let none = diverging(&[0.0, 0.0], READS_AS_ZERO);
        assert_eq!(none.class(0.0), none.neutral().unwrap());
        // Breaks are rounded to one decimal: magnitudes 0.06 … 0.27 give 0.1 and 0.2.
        let small = diverging(&[0.06, 0.08, 0.12, 0.14, 0.2, 0.27], READS_AS_ZERO);
        // Terciles of six: the 2nd (0.08) and 4th (0.14), both 0.1 once rounded: one break.
        assert_eq!(small.inner.len(), 4);
        assert_eq!(
            [small.inner[0], small.inner[1], small.inner[3]],
            [-0.1, -0.05, 0.1]
        );
    }
}
