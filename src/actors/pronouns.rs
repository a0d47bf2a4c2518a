//! First-person plural pronouns as mentions of the speaker's country (SPEC section 1: "a
//! first-person plural in a quote by a country's official is that country").
use super::mention::{Mention, MentionKind};
use crate::text::{tokens, Span};

/// The pronouns, in the cases they are written. Upper-case `US` is never the pronoun: it is
/// the United States (all-capitals "US" is left to the gazetteer's rules).
const PRONOUNS: &[&str] = &[
    "we",
    "We",
    "WE",
    "our",
    "Our",
    "OUR",
    "us",
    "Us",
    "ours",
    "Ours",
    "OURS",
    "ourselves",
    "Ourselves",
    "OURSELVES",
];

/// Contractions of "we": "we've", "we're", "we'll", "we'd" (either apostrophe, any case).
const WE_SUFFIXES: &[&str] = &["ve", "re", "ll", "d"];

/// Every first-person plural pronoun in `span` of `text`, as a mention of `country` (kind
/// `pronoun`). A contraction is a mention on its pronoun only: "We" in "We've".
pub fn first_person_plural(text: &str, span: Span, country: &str) -> Vec<Mention> {
    let mut out = Vec::new();
    for t in tokens(text, span) {
        // Every pronoun starts with one of these letters and is at most "OURSELVES" long
        // (9 bytes; "we’ve" is 7): most words are passed over on their first byte.
        let w = t.text(text);
        if !t.is_word
            || w.len() > 9
            || !matches!(w.as_bytes()[0], b'w' | b'W' | b'o' | b'O' | b'u' | b'U')
        {
            continue;
        }
        let (base, suffix) = match w.find(['\'', '’']) {
            Some(i) => {
                let apostrophe = w[i..].chars().next().map_or(1, char::len_utf8);
                (&w[..i], Some(&w[i + apostrophe..]))
            }
            None => (w, None),
        };
        let ok = match suffix {
            None => PRONOUNS.contains(&base),
            Some(s) => {
                base.eq_ignore_ascii_case("we")
                    && WE_SUFFIXES.iter().any(|x| x.eq_ignore_ascii_case(s))
            }
        };
        if ok {
            out.push(Mention {
                target: country.to_string(),
                span: t.span.start..t.span.start + base.len(),
                kind: MentionKind::Pronoun,
                place: false,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(t: &str) -> Vec<&str> {
        first_person_plural(t, 0..t.len(), "IN")
            .into_iter()
            .map(|m| &t[m.span])
            .collect()
    }

    #[test]
    fn pronouns_and_contractions() {
        assert_eq!(
            words("We've told the US and us, ours and OUR people; we’re sure we'd ask ourselves."),
            vec!["We", "us", "ours", "OUR", "we", "we", "ourselves"]
        );
        assert!(words("the US, U.S. and USA; wed, weave, Ouray, West").is_empty());
    }
}
