//! Municipalities as respondents write them: a code, or a name in any case, with or without
//! diacritics.

use std::collections::HashMap;

use crate::model::Unit;
use crate::names::{edit_distance, fold};

/// A name folded as people write it: any case, no diacritics, single spaces.
pub(super) fn squash(s: &str) -> String {
    fold(s).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The scenario's municipalities by code and by folded name.
pub(super) struct Names<'a> {
    units: &'a [Unit],
    by_code: HashMap<&'a str, usize>,
    by_name: HashMap<String, Vec<usize>>,
}

impl<'a> Names<'a> {
    pub(super) fn new(units: &'a [Unit]) -> Names<'a> {
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_code = HashMap::new();
        for (u, unit) in units.iter().enumerate() {
            by_name.entry(squash(&unit.name)).or_default().push(u);
            by_code.insert(unit.id.as_str(), u);
        }
        Names {
            units,
            by_code,
            by_name,
        }
    }

    /// The unit a respondent's municipality names: its code, or its name as people write it;
    /// the message when it names none or several.
    pub(super) fn unit(&self, written: &str) -> Result<usize, String> {
        let units = self.units;
        if let Some(&u) = self.by_code.get(written) {
            return Ok(u);
        }
        match self.by_name.get(&squash(written)).map(Vec::as_slice) {
            Some([u]) => Ok(*u),
            Some(several) => {
                // Names that differ only in diacritics (Pec and Peč): a spelling with diacritics
                // decides; one without may be either, as a typist without Czech keys writes both.
                let lower = |s: &str| {
                    s.split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                        .to_lowercase()
                };
                let same: Vec<usize> = several
                    .iter()
                    .copied()
                    .filter(|&u| lower(&units[u].name) == lower(written))
                    .collect();
                if let [u] = same[..]
                    && lower(written) != squash(written)
                {
                    return Ok(u);
                }
                let one_name = several
                    .iter()
                    .all(|&u| units[u].name == units[several[0]].name);
                let codes: Vec<String> = several
                    .iter()
                    .map(|&u| match one_name {
                        true => units[u].id.clone(),
                        false => format!("{} ({})", units[u].id, units[u].name),
                    })
                    .collect();
                Err(format!(
                    "{} municipalities are called {written:?}: write the code, {}",
                    several.len(),
                    codes.join(" or ")
                ))
            }
            None => Err(self.unknown(written)),
        }
    }

    /// The error for a name that matches no municipality: the three closest names, with codes.
    fn unknown(&self, written: &str) -> String {
        let folded = squash(written);
        let mut scored: Vec<(usize, &Unit)> = self
            .units
            .iter()
            .map(|u| (edit_distance(&folded, &squash(&u.name)), u))
            .collect();
        scored.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.name.cmp(&b.1.name)));
        let names: Vec<String> = scored
            .iter()
            .take(3)
            .map(|(_, u)| format!("{:?} ({})", u.name, u.id))
            .collect();
        let list = match names.as_slice() {
            [] => String::new(),
            [one] => one.clone(),
            [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
        };
        format!("no municipality {written:?} in the scenario; did you mean {list}?")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Shape;

    #[test]
    fn municipalities_by_code_or_by_name_as_written() {
        let units: Vec<Unit> = [("1", "Pec"), ("2", "Peč"), ("3", "Lhota"), ("4", "Lhota")]
            .iter()
            .map(|(id, name)| Unit {
                id: id.to_string(),
                name: name.to_string(),
                shape: Shape::None,
                in_region: true,
            })
            .collect();
        let names = Names::new(&units);
        let find = |w: &str| names.unit(w);
        assert_eq!(find("2"), Ok(1));
        // With diacritics, the spelling decides; without, "Pec" may be either.
        assert_eq!(find(" PEČ "), Ok(1));
        assert_eq!(
            find("pec"),
            Err("2 municipalities are called \"pec\": write the code, 1 (Pec) or 2 (Peč)".into())
        );
        assert_eq!(
            find("lhota"),
            Err("2 municipalities are called \"lhota\": write the code, 3 or 4".into())
        );
        assert_eq!(
            find("Lhotka"),
            Err("no municipality \"Lhotka\" in the scenario; did you mean \"Lhota\" (3), \"Lhota\" (4) or \"Pec\" (1)?".into())
        );
    }

    proptest::proptest! {
        #[test]
        fn any_text_folds_without_a_panic(text in ".{0,24}") {
            let _ = squash(&text);
        }
    }
}
