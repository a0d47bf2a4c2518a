//! First-person plural pronouns as mentions of the speaker's country (SPEC section 1: "a
//! first-person plural in a quote by a country's official is that country").
use super::mention::{Mention, MentionKind};
use crate::text::{ascii_word_len, is_joiner, is_word_char, tokens, Span};

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
///
/// Only words that start as a pronoun does ("we", "us", "ou", in any case) are tokenised: the
/// text is scanned for those bytes, and where they start a word (as [`crate::text::tokenize`]
/// would split the span) the word is read from there, which gives the same word.
pub fn first_person_plural(text: &str, span: Span, country: &str) -> Vec<Mention> {
    let mut out = Vec::new();
    let bytes = &text.as_bytes()[..span.end];
    let mut p = span.start;
    while p < span.end {
        let s = p;
        p += 1;
        let first = bytes[s];
        if first.is_ascii_alphanumeric() {
            // No word starts inside an ASCII word (decided without decoding).
            p += ascii_word_len(&bytes[p..]);
        }
        // Every pronoun starts "we", "us" or "ou", in any case.
        let second = bytes.get(s + 1).map_or(0, u8::to_ascii_lowercase);
        let may_be = match first.to_ascii_lowercase() {
            b'w' => second == b'e',
            b'u' => second == b's',
            b'o' => second == b'u',
            _ => false,
        };
        if !may_be || !starts_word(text, span.start, s) {
            continue;
        }
        let Some(t) = tokens(text, s..span.end).next() else {
            break;
        };
        if let Some(len) = pronoun(t.text(text)) {
            out.push(Mention {
                target: country.to_string(),
                span: s..s + len,
                kind: MentionKind::Pronoun,
                place: false,
            });
        }
        p = p.max(t.span.end);
    }
    out
}

/// Whether a word token starts at byte `p` of `text` when `from..` is tokenised: no word
/// character before it, nor a joiner ("'", "-", ".", ...) that a word character before that
/// keeps inside a word ("don't", "ganging-up", "U.S").
fn starts_word(text: &str, from: usize, p: usize) -> bool {
    let mut before = text[from..p].chars().rev();
    match before.next() {
        None => true,
        Some(c) if is_word_char(c) => false,
        Some(c) if is_joiner(c) => !before.next().is_some_and(is_word_char),
        Some(_) => true,
    }
}

/// The length of the pronoun `w` is or starts with ("we" in "we've"), if it is one.
fn pronoun(w: &str) -> Option<usize> {
    // Every pronoun is at most "OURSELVES" long (9 bytes; "we’ve" is 7).
    if w.len() > 9 {
        return None;
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
            base.eq_ignore_ascii_case("we") && WE_SUFFIXES.iter().any(|x| x.eq_ignore_ascii_case(s))
        }
    };
    ok.then_some(base.len())
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
        assert_eq!(
            words("ganging-us, don't-we, Mr.We, 'we' (us) U.S.-us"),
            vec!["we", "us", "us"]
        );
    }

    /// The pronouns of every word token, as the finder found them before it skipped words.
    fn by_tokens(text: &str) -> Vec<Span> {
        crate::text::tokenize(text, 0..text.len())
            .into_iter()
            .filter(|t| t.is_word)
            .filter_map(|t| pronoun(t.text(text)).map(|n| t.span.start..t.span.start + n))
            .collect()
    }

    #[test]
    fn skipping_words_finds_what_tokenising_finds() {
        const PIECES: &[&str] = &[
            "we",
            "We",
            "WE",
            "our",
            "us",
            "Us",
            "ours",
            "ourselves",
            "'",
            "’",
            "-",
            ".",
            "ve",
            "re",
            "d",
            "ll",
            " ",
            " ",
            "a",
            "X",
            "é",
            "U",
            "S",
            "Mr",
            "1",
            ",",
            "‑",
            "(",
            "o",
            "W",
            "on",
            "wa",
            "u",
        ];
        // A xorshift generator: the same strings on every run.
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..20_000 {
            let mut t = String::new();
            for _ in 0..next() % 12 {
                t.push_str(PIECES[(next() % PIECES.len() as u64) as usize]);
            }
            let found: Vec<Span> = first_person_plural(&t, 0..t.len(), "IN")
                .into_iter()
                .map(|m| m.span)
                .collect();
            assert_eq!(found, by_tokens(&t), "{t:?}");
        }
    }
}
