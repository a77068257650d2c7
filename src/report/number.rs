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

/// The forms a noun takes after a number. Czech has four: after 1 (*1 místo*), after 2, 3
/// and 4 (*3 místa*), after 0 and 5 or more (*0 míst*, *22 míst*), and after a decimal number,
/// the genitive singular (*2,5 místa*). English has two: after 1, and after any other number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Noun {
    pub one: &'static str,
    pub few: &'static str,
    pub many: &'static str,
    pub part: &'static str,
}

impl Noun {
    /// A Czech noun: after 1, after 2–4, after 0 and 5+, after a decimal.
    pub const fn cs(
        one: &'static str,
        few: &'static str,
        many: &'static str,
        part: &'static str,
    ) -> Noun {
        Noun {
            one,
            few,
            many,
            part,
        }
    }

    /// An English noun: after 1, and after any other number.
    pub const fn en(one: &'static str, other: &'static str) -> Noun {
        Noun {
            one,
            few: other,
            many: other,
            part: other,
        }
    }
}

/// The form of `noun` that agrees with `x` as it is printed with `decimals` decimals: the
/// number a person reads decides, so 1.04 printed as "1" takes the form after 1, and any
/// number printed with decimals takes the form after a decimal. The sign does not matter.
///
/// ```
/// use gapmap::report::number::{agree, Noun};
/// let place = Noun::cs("místo", "místa", "míst", "místa");
/// assert_eq!(agree(1.0, 0, place), "místo");
/// assert_eq!(agree(3.0, 0, place), "místa");
/// assert_eq!(agree(22.0, 0, place), "míst");
/// assert_eq!(agree(2.5, 1, place), "místa");
/// ```
pub fn agree(x: f64, decimals: usize, noun: Noun) -> &'static str {
    if decimals > 0 {
        return noun.part;
    }
    let n = x.abs().round();
    if n == 1.0 {
        noun.one
    } else if (2.0..=4.0).contains(&n) {
        noun.few
    } else {
        noun.many
    }
}

/// `x` printed with `decimals` decimals for `lang`, then its noun in agreement: "3 místa",
/// "2,5 místa", "1 234 míst".
pub fn counted(x: f64, decimals: usize, noun: Noun, lang: Lang) -> String {
    format!(
        "{}\u{a0}{}",
        format(x, decimals, lang),
        agree(x, decimals, noun)
    )
}

/// `n` and its English noun in agreement, for messages: "1 provider", "16 providers".
pub fn english(n: usize, one: &'static str, other: &'static str) -> String {
    format!("{n} {}", agree(n as f64, 0, Noun::en(one, other)))
}

/// A day `YYYY-MM-DD` as people write it: "31. 12. 2020" in Czech, "31 Dec 2020" in English.
/// Text that is not such a day is returned as it is.
///
/// ```
/// use gapmap::report::number::{Lang, date};
/// assert_eq!(date("2020-12-31", Lang::Cs), "31.\u{a0}12.\u{a0}2020");
/// assert_eq!(date("2026-01-05", Lang::En), "5 Jan 2026");
/// ```
pub fn date(day: &str, lang: Lang) -> String {
    let parts: Vec<&str> = day.split('-').collect();
    let [y, m, d] = parts[..] else {
        return day.to_string();
    };
    let (Ok(month), Ok(dom)) = (m.parse::<usize>(), d.parse::<u32>()) else {
        return day.to_string();
    };
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    match (lang, MONTHS.get(month.wrapping_sub(1))) {
        (Lang::Cs, Some(_)) => format!("{dom}.\u{a0}{month}.\u{a0}{y}"),
        (Lang::En, Some(name)) => format!("{dom} {name} {y}"),
        (_, None) => day.to_string(),
    }
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

    /// Czech agreement after 0, 1, 2–4, 5 and more, and decimals; English after 1 and the
    /// rest.
    #[test]
    fn nouns_agree_with_the_number_as_printed() {
        let place = Noun::cs("místo", "místa", "míst", "místa");
        let more = Noun::cs("další", "další", "dalších", "další");
        let client = Noun::en("client", "clients");
        let cases: [(f64, usize, &str, &str, &str); 14] = [
            (0.0, 0, "míst", "dalších", "clients"),
            (1.0, 0, "místo", "další", "client"),
            (2.0, 0, "místa", "další", "clients"),
            (3.0, 0, "místa", "další", "clients"),
            (4.0, 0, "místa", "další", "clients"),
            (5.0, 0, "míst", "dalších", "clients"),
            (11.0, 0, "míst", "dalších", "clients"),
            (21.0, 0, "míst", "dalších", "clients"),
            (22.0, 0, "míst", "dalších", "clients"),
            (1.04, 0, "místo", "další", "client"),
            (4.6, 0, "míst", "dalších", "clients"),
            (-3.0, 0, "místa", "další", "clients"),
            (2.5, 1, "místa", "další", "clients"),
            (1.0, 1, "místa", "další", "clients"),
        ];
        for (x, decimals, cs, other, en) in cases {
            assert_eq!(
                agree(x, decimals, place),
                cs,
                "{x} with {decimals} decimals"
            );
            assert_eq!(
                agree(x, decimals, more),
                other,
                "{x} with {decimals} decimals"
            );
            assert_eq!(
                agree(x, decimals, client),
                en,
                "{x} with {decimals} decimals"
            );
        }
        assert_eq!(counted(3.0, 0, place, Lang::Cs), "3\u{a0}místa");
        assert_eq!(counted(2.46, 1, place, Lang::Cs), "2,5\u{a0}místa");
        assert_eq!(counted(1234.0, 0, place, Lang::Cs), "1\u{a0}234\u{a0}míst");
        assert_eq!(counted(1.0, 0, client, Lang::En), "1\u{a0}client");
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
