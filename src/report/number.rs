//! Numbers as people read them: no floating-point noise in tables (70, not
//! 69.99999999999999), and Czech formatting in the report (1 234,5).

/// `x` rounded to 10 significant digits: the precision a planner can use, and enough for the
/// hand-worked tests. Zero stays 0 (never −0), and non-finite values are left alone.
///
/// ```
/// use gapmap::report::number::significant;
/// assert_eq!(significant(69.99999999999999), 70.0);
/// assert_eq!(significant(29.0 / 6.0).to_string(), "4.833333333");
/// assert_eq!(significant(-0.0).to_string(), "0");
/// ```
pub fn significant(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x + 0.0;
    }
    let exponent = x.abs().log10().floor() as i32;
    // Powers of ten up to 1e22 are exact, so one rounding and one correctly rounded division
    // (or product) give the double nearest to the 10-digit decimal.
    let shift = 9 - exponent;
    let rounded = if (0..=22).contains(&shift) {
        let p = 10f64.powi(shift);
        (x * p).round() / p
    } else if (-22..0).contains(&shift) {
        let p = 10f64.powi(-shift);
        (x / p).round() * p
    } else {
        return x;
    };
    rounded + 0.0
}

/// `x` as text for a table: [`significant`] digits, shortest form.
pub fn plain(x: f64) -> String {
    format!("{}", significant(x))
}

/// `x` with `decimals` decimals, in Czech (`1 234,5`, a no-break space between thousands and
/// a decimal comma) or English (`1,234.5`). A value that rounds to zero has no sign.
pub fn format(x: f64, decimals: usize, lang: Lang) -> String {
    if !x.is_finite() {
        return "–".into();
    }
    let text = format!("{:.*}", decimals, x.abs());
    let zero = text.bytes().all(|b| b == b'0' || b == b'.');
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let (group, point) = match lang {
        Lang::Cs => ('\u{a0}', ','),
        Lang::En => (',', '.'),
    };
    let mut out = String::new();
    if x < 0.0 && !zero {
        out.push('−');
    }
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            out.push(group);
        }
        out.push(c);
    }
    if !fraction.is_empty() {
        out.push(point);
        out.push_str(fraction);
    }
    out
}

/// The report's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Cs,
    En,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn significant_digits_by_hand() {
        assert_eq!(significant(69.99999999999999), 70.0);
        assert_eq!(significant(0.1 + 0.2), 0.3);
        assert_eq!(plain(10.0 / 3.0), "3.333333333");
        assert_eq!(plain(123_456_789_012.0), "123456789000");
        assert_eq!(plain(1.0e-5 / 3.0), "0.000003333333333");
        assert_eq!(plain(-0.0), "0");
        assert_eq!(plain(-2.5), "-2.5");
        assert_eq!(plain(14093.0), "14093");
    }

    #[test]
    fn czech_and_english_numbers() {
        assert_eq!(format(1234.5, 1, Lang::Cs), "1\u{a0}234,5");
        assert_eq!(format(1234.5, 1, Lang::En), "1,234.5");
        assert_eq!(format(1234.0, 0, Lang::Cs), "1\u{a0}234");
        assert_eq!(format(999.0, 0, Lang::Cs), "999");
        assert_eq!(format(112289.0, 0, Lang::Cs), "112\u{a0}289");
        assert_eq!(format(10_701_777.0, 0, Lang::En), "10,701,777");
        assert_eq!(format(-3.26, 1, Lang::Cs), "−3,3");
        assert_eq!(format(-0.04, 1, Lang::Cs), "0,0");
        assert_eq!(format(0.5, 0, Lang::En), "0");
    }
}
