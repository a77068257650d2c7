//! Ages as respondents write them (years or bands) and the population columns they cover.

/// A population column's ages, `age_65_69` → 65..=69 and `age_85_plus` → 85..; `None` for a
/// column that is not an age band.
pub(super) fn column_ages(name: &str) -> Option<(u32, Option<u32>)> {
    let rest = name.strip_prefix("age_")?;
    let (from, to) = rest.split_once('_')?;
    let from = from.parse().ok()?;
    if to == "plus" {
        return Some((from, None));
    }
    Some((from, Some(to.parse().ok()?)))
}

/// An age as written: years, or a band `A–B`, `A-B` or `A+`. `None` when it is neither.
pub(super) fn parse_age(s: &str) -> Option<(u32, Option<u32>)> {
    let s = s.trim();
    let number = |t: &str| -> Option<u32> {
        let t = t.trim().replace(',', ".");
        let v: f64 = t.parse().ok()?;
        (v.is_finite() && (0.0..200.0).contains(&v)).then(|| v.floor() as u32)
    };
    if let Some(from) = s.strip_suffix('+') {
        return Some((number(from)?, None));
    }
    for dash in ['–', '—', '-'] {
        if let Some((a, b)) = s.split_once(dash)
            && !a.trim().is_empty()
        {
            let (a, b) = (number(a)?, number(b)?);
            return (a <= b).then_some((a, Some(b)));
        }
    }
    number(s).map(|a| (a, Some(a)))
}

/// What an age or band means for the group: its cell (columns as bits), outside the group, or
/// a band that splits a column.
#[derive(Debug, PartialEq)]
pub(super) enum Age {
    Cell(u64),
    Outside,
    Splits,
}

pub(super) fn age_cell(ages: &[(u32, Option<u32>)], (from, to): (u32, Option<u32>)) -> Age {
    let to = to.unwrap_or(u32::MAX);
    let mut cell = 0u64;
    let mut partial = false;
    for (c, &(a, b)) in ages.iter().enumerate() {
        let b = b.unwrap_or(u32::MAX);
        if b < from || a > to {
            continue;
        }
        if from == to || (a >= from && b <= to) {
            cell |= 1 << c;
        } else {
            partial = true;
        }
    }
    // A band must be the union of whole columns of the group.
    let covered_from = ages
        .iter()
        .enumerate()
        .filter(|(c, _)| cell & (1 << c) != 0)
        .map(|(_, a)| a.0)
        .min();
    let covered_to = ages
        .iter()
        .enumerate()
        .filter(|(c, _)| cell & (1 << c) != 0)
        .map(|(_, a)| a.1.unwrap_or(u32::MAX))
        .max();
    match (cell, partial) {
        (0, false) => Age::Outside,
        (_, true) => Age::Splits,
        _ if from != to && (covered_from != Some(from) || covered_to != Some(to)) => Age::Splits,
        _ => Age::Cell(cell),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SENIORS: [(u32, Option<u32>); 5] = [
        (65, Some(69)),
        (70, Some(74)),
        (75, Some(79)),
        (80, Some(84)),
        (85, None),
    ];

    #[test]
    fn ages_and_bands_find_their_columns() {
        assert_eq!(parse_age("67"), Some((67, Some(67))));
        assert_eq!(parse_age("67,0"), Some((67, Some(67))));
        assert_eq!(parse_age("65–74"), Some((65, Some(74))));
        assert_eq!(parse_age("65 - 74"), Some((65, Some(74))));
        assert_eq!(parse_age("85+"), Some((85, None)));
        assert_eq!(parse_age("šedesát"), None);
        assert_eq!(parse_age("74-65"), None);
        assert_eq!(age_cell(&SENIORS, (67, Some(67))), Age::Cell(0b1));
        assert_eq!(age_cell(&SENIORS, (65, Some(74))), Age::Cell(0b11));
        assert_eq!(age_cell(&SENIORS, (85, None)), Age::Cell(0b10000));
        assert_eq!(age_cell(&SENIORS, (92, Some(92))), Age::Cell(0b10000));
        assert_eq!(age_cell(&SENIORS, (50, Some(50))), Age::Outside);
        assert_eq!(age_cell(&SENIORS, (50, Some(60))), Age::Outside);
        assert_eq!(age_cell(&SENIORS, (65, Some(72))), Age::Splits);
        assert_eq!(age_cell(&SENIORS, (60, Some(74))), Age::Splits);
        assert_eq!(column_ages("age_80_84"), Some((80, Some(84))));
        assert_eq!(column_ages("total"), None);
    }

    proptest::proptest! {
        #[test]
        fn any_text_is_an_age_or_not_never_a_panic(text in ".{0,12}", bands in proptest::collection::vec((0u32..120, proptest::option::of(0u32..120)), 0..6)) {
            if let Some(age) = parse_age(&text) {
                let _ = age_cell(&bands, age);
                let _ = age_cell(&SENIORS, age);
            }
        }
    }
}
