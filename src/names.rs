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

use std::cmp::Ordering;

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
}
