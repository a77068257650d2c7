//! Names as people write them: folded for matching (any case, with or without diacritics), the
//! closest ones for a suggestion, and sorted the Czech way for people to read.
//!
//! ```
//! use gapmap::names::{fold, czech_order};
//! assert_eq!(fold(" Týn nad Vltavou "), "tyn nad vltavou");
//! let mut towns = vec!["Chýnov", "Čakov", "Horní Planá", "Cerhonice"];
//! towns.sort_by(|a, b| czech_order(a, b));
//! assert_eq!(towns, ["Cerhonice", "Čakov", "Horní Planá", "Chýnov"]);
//! ```

#![allow(
    clippy::indexing_slicing,
    reason = "positions come from this index's own entries and the edit-distance row sized for the words compared"
)]

use std::cmp::Ordering;
use std::collections::HashMap;

/// Lower case without Czech diacritics: "Týn nad Vltavou" → "tyn nad vltavou".
pub fn fold(s: &str) -> String {
    s.trim()
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'ä' => 'a',
            'č' => 'c',
            'ď' => 'd',
            'é' | 'ě' | 'ë' => 'e',
            'í' => 'i',
            'ľ' | 'ĺ' => 'l',
            'ň' => 'n',
            'ó' | 'ö' | 'ô' => 'o',
            'ř' | 'ŕ' => 'r',
            'š' => 's',
            'ť' => 't',
            'ú' | 'ů' | 'ü' => 'u',
            'ý' => 'y',
            'ž' => 'z',
            other => other,
        })
        .collect()
}

/// A scenario name from a place name: folded, with runs of other characters as one `-`.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in fold(s).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() { "region".into() } else { out }
}

/// A name folded as people write it: any case, no diacritics, single spaces.
pub fn squash(s: &str) -> String {
    fold(s).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Municipalities by code and by name as people write them: a code, or a name in any case,
/// with or without diacritics. An unknown name is answered with the three closest names and
/// their codes; a name that several municipalities share, with their codes.
pub struct Names<'a> {
    /// (code, name) by position.
    entries: Vec<(&'a str, &'a str)>,
    /// What tells apart municipalities of one name, by position: "ORP Kravaře"; or none.
    details: Vec<String>,
    by_code: HashMap<&'a str, usize>,
    by_name: HashMap<String, Vec<usize>>,
    /// Where the names come from, for messages: "in the scenario", "in the national data".
    within: &'a str,
}

impl<'a> Names<'a> {
    /// `entries` are (code, name) pairs; a match is a position in them.
    pub fn new(entries: Vec<(&'a str, &'a str)>, within: &'a str) -> Names<'a> {
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_code = HashMap::new();
        for (i, &(code, name)) in entries.iter().enumerate() {
            by_name.entry(squash(name)).or_default().push(i);
            by_code.insert(code, i);
        }
        Names {
            entries,
            details: Vec::new(),
            by_code,
            by_name,
            within,
        }
    }

    /// Names with what tells apart municipalities of one name (their ORP), by position, for
    /// the message that lists their codes.
    pub fn with_details(mut self, details: Vec<String>) -> Names<'a> {
        self.details = details;
        self
    }

    /// The position of the municipality `written` names: its code, or its name as people write
    /// it; the message when it names none or several.
    pub fn find(&self, written: &str) -> Result<usize, String> {
        let written = written.trim();
        if let Some(&u) = self.by_code.get(written) {
            return Ok(u);
        }
        let name = |u: usize| self.entries[u].1;
        let code = |u: usize| self.entries[u].0;
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
                    .filter(|&u| lower(name(u)) == lower(written))
                    .collect();
                if let [u] = same[..]
                    && lower(written) != squash(written)
                {
                    return Ok(u);
                }
                let one_name = several.iter().all(|&u| name(u) == name(several[0]));
                let detail = |u: usize| self.details.get(u).filter(|d| !d.is_empty());
                let codes: Vec<String> = several
                    .iter()
                    .map(|&u| match (one_name, detail(u)) {
                        (true, None) => code(u).to_string(),
                        (true, Some(d)) => format!("{} ({d})", code(u)),
                        (false, None) => format!("{} ({})", code(u), name(u)),
                        (false, Some(d)) => format!("{} ({}, {d})", code(u), name(u)),
                    })
                    .collect();
                Err(format!(
                    "{} municipalities are called {written:?}: write the code, {}",
                    several.len(),
                    or_list(&codes)
                ))
            }
            None => Err(self.unknown(written)),
        }
    }

    /// The error for a name that matches no municipality: the three closest names, with codes.
    fn unknown(&self, written: &str) -> String {
        // A code is not a misspelt name: no names to suggest.
        if !written.is_empty() && written.bytes().all(|b| b.is_ascii_digit()) {
            return format!("no municipality {} has the code {written:?}", self.within);
        }
        let folded = squash(written);
        let mut scored: Vec<(usize, &str, &str)> = self
            .entries
            .iter()
            .map(|&(code, name)| (edit_distance(&folded, &squash(name)), name, code))
            .collect();
        scored.sort_unstable();
        let names: Vec<String> = scored
            .iter()
            .take(3)
            .map(|(_, name, code)| format!("{name:?} ({code})"))
            .collect();
        let list = or_list(&names);
        format!(
            "no municipality {written:?} {}; did you mean {list}?",
            self.within
        )
    }
}

/// "a", "a or b", "a, b or c".
fn or_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// Levenshtein distance over characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let next = (row[j + 1] + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != cb));
            diagonal = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// Czech alphabetical order (ČSN 97 6030, simplified): č, ř, š and ž are letters of their own
/// after c, r, s and z, "ch" comes after h, other accents only break ties, then case.
pub fn czech_order(a: &str, b: &str) -> Ordering {
    collation_key(a)
        .cmp(&collation_key(b))
        .then_with(|| fold(a).cmp(&fold(b)))
        .then_with(|| a.cmp(b))
}

/// The primary sort key of a name: letters by their place in the Czech alphabet.
fn collation_key(s: &str) -> Vec<u32> {
    let folded: Vec<char> = s.trim().chars().flat_map(char::to_lowercase).collect();
    let mut key = Vec::with_capacity(folded.len());
    let mut i = 0;
    while i < folded.len() {
        let c = folded[i];
        let next = folded.get(i + 1).copied();
        let (base, rank) = match c {
            'c' if next == Some('h') => {
                i += 1;
                ('h', 2)
            }
            'č' => ('c', 1),
            'ř' => ('r', 1),
            'š' => ('s', 1),
            'ž' => ('z', 1),
            other => (fold(&other.to_string()).chars().next().unwrap_or(other), 0),
        };
        key.push(u32::from(base) * 4 + rank);
        i += 1;
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn czech_order_puts_the_letters_of_their_own_after_their_base() {
        let mut names = vec![
            "Žimutice",
            "Zvíkov",
            "Řepeč",
            "Rudolfov",
            "Chrášťany",
            "Hosty",
            "Ďáblice",
            "Dobšice",
            "Čenkov",
            "Cerhonice",
            "Šebířov",
            "Sedlec",
        ];
        names.sort_by(|a, b| czech_order(a, b));
        assert_eq!(
            names,
            [
                "Cerhonice",
                "Čenkov",
                "Ďáblice",
                "Dobšice",
                "Hosty",
                "Chrášťany",
                "Rudolfov",
                "Řepeč",
                "Sedlec",
                "Šebířov",
                "Zvíkov",
                "Žimutice"
            ]
        );
    }

    #[test]
    fn edit_distance_counts_edits() {
        assert_eq!(edit_distance("tyn nad vltavu", "tyn nad vltavou"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }
    #[test]
    fn municipalities_by_code_or_by_name_as_written() {
        let names = Names::new(
            vec![("1", "Pec"), ("2", "Peč"), ("3", "Lhota"), ("4", "Lhota")],
            "in the scenario",
        );
        let find = |w: &str| names.find(w);
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
