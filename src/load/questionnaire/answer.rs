//! Answers as respondents write them: yes, no, or not counted.

use crate::names::squash;
use crate::scenario::Answer as Counts;

/// A question's answers folded once, as `counted` compares them.
pub(super) fn folded(answer: &Counts) -> Counts {
    match answer {
        Counts::YesNo { yes, no } => Counts::YesNo {
            yes: yes.iter().map(|a| squash(a)).collect(),
            no: no.iter().map(|a| squash(a)).collect(),
        },
        Counts::Contains(choice) => Counts::Contains(squash(choice)),
    }
}

/// How an answer counts: yes, no, or not at all; `answer` is [`folded`].
pub(super) fn counted(answer: &Counts, value: &str) -> Option<bool> {
    match answer {
        Counts::YesNo { yes, no } => {
            let v = squash(value);
            if yes.contains(&v) {
                Some(true)
            } else if no.contains(&v) {
                Some(false)
            } else {
                None
            }
        }
        Counts::Contains(_) if value.trim().is_empty() => None,
        Counts::Contains(choice) => {
            Some(value.split([',', ';']).any(|item| squash(item) == *choice))
        }
    }
}

pub(super) fn described(answer: &Counts) -> String {
    match answer {
        Counts::YesNo { yes, no } => format!("yes: {}; no: {}", yes.join(", "), no.join(", ")),
        Counts::Contains(choice) => format!("a checkbox cell listing {choice:?} or not"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_count_as_people_write_them() {
        let yes_no = Counts::YesNo {
            yes: vec!["Ano".into(), "Spíše ano".into()],
            no: vec!["Ne".into(), "Spíše ne".into()],
        };
        let yes_no = folded(&yes_no);
        assert_eq!(counted(&yes_no, " spise  ANO "), Some(true));
        assert_eq!(counted(&yes_no, "ne"), Some(false));
        assert_eq!(counted(&yes_no, "Nevím"), None);
        assert_eq!(counted(&yes_no, ""), None);
        let checkbox = folded(&Counts::Contains("Pečovatelská služba".into()));
        assert_eq!(
            counted(&checkbox, "Denní stacionář; pecovatelska sluzba"),
            Some(true)
        );
        assert_eq!(counted(&checkbox, "Denní stacionář"), Some(false));
        assert_eq!(counted(&checkbox, ""), None);
    }

    proptest::proptest! {
        #[test]
        fn any_answer_counts_or_not_never_a_panic(text in ".{0,24}") {
            let _ = counted(&folded(&Counts::Contains(text.clone())), &text);
        }
    }
}
