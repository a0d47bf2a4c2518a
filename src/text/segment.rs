//! Paragraphs and sentences as byte spans.
use super::tokens::TITLE_ABBREVIATIONS;
use super::Span;

/// Paragraphs: runs of text separated by line breaks, trimmed, never empty.
pub fn paragraphs(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c == '\n' || c == '\r' || c == '\u{2029}' {
            push_trimmed(text, start..i, &mut out);
            start = i + c.len_utf8();
        }
    }
    push_trimmed(text, start..text.len(), &mut out);
    out
}

fn push_trimmed(text: &str, span: Span, out: &mut Vec<Span>) {
    let t = super::trim_span(text, span);
    if !t.is_empty() {
        out.push(t);
    }
}

/// Abbreviations after which a period does not end a sentence, beside the titles
/// ([`TITLE_ABBREVIATIONS`]: "Mr.", "Sen.").
const ABBREVIATIONS: &[&str] = &[
    "jr", "sr", "no", "vs", "jan", "feb", "mar", "apr", "aug", "sept", "sep", "oct", "nov", "dec",
    "inc", "co", "corp", "ltd", "u.s", "u.k", "u.n", "e.u", "a.m", "p.m", "etc", "e.g", "i.e",
];

/// Sentences within `span` of `text`: split after `.`, `!`, `?` (and closing marks that follow
/// them) when whitespace and an upper-case letter, digit or opening mark come next.
pub fn sentences(text: &str, span: Span) -> Vec<Span> {
    let mut out = Vec::new();
    let s = &text[span.clone()];
    let bytes = s.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'.' || b == b'!' || b == b'?' {
            // Extend over closing marks and brackets.
            let mut end = i + 1;
            while end < s.len() {
                let c = s[end..].chars().next().unwrap_or(' ');
                if matches!(
                    c,
                    '"' | '\'' | '”' | '’' | '»' | '«' | '›' | '‹' | ')' | '“'
                ) {
                    end += c.len_utf8();
                } else {
                    break;
                }
            }
            if is_boundary(s, i, end) {
                push_trimmed(text, span.start + start..span.start + end, &mut out);
                start = end;
                i = end;
                continue;
            }
        }
        i += 1;
    }
    push_trimmed(text, span.start + start..span.end, &mut out);
    out
}

fn is_boundary(s: &str, punct: usize, end: usize) -> bool {
    let rest = &s[end..];
    let after_ws = rest.trim_start();
    if after_ws.len() == rest.len() && !rest.is_empty() {
        return false; // no whitespace after: "U.S." inside a word, decimals
    }
    let next = match after_ws.chars().next() {
        None => return true,
        Some(c) => c,
    };
    if !(next.is_uppercase()
        || next.is_ascii_digit()
        || matches!(
            next,
            '"' | '\'' | '“' | '‘' | '«' | '»' | '‹' | '›' | '„' | '('
        ))
    {
        return false;
    }
    if s.as_bytes()[punct] == b'.' {
        // The word before the period.
        let before = &s[..punct];
        let word_start = before
            .char_indices()
            .rev()
            .find(|&(_, c)| c.is_whitespace() || c == '(')
            .map_or(0, |(i, c)| i + c.len_utf8());
        let word = &before[word_start..];
        if word.len() > 6 {
            return true; // longer than any abbreviation or initial
        }
        let word = word.to_lowercase();
        if ABBREVIATIONS.contains(&word.as_str())
            || TITLE_ABBREVIATIONS
                .iter()
                .any(|a| a.eq_ignore_ascii_case(&word))
        {
            return false;
        }
        // Initials: "J." in "K J M. Varma" or "U.S."
        if word.chars().count() == 1 && word.chars().all(char::is_alphabetic) {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(t: &str) -> Vec<&str> {
        sentences(t, 0..t.len())
            .into_iter()
            .map(|s| &t[s])
            .collect()
    }

    #[test]
    fn splits_paragraphs() {
        let t = "One.\n\n  Two two.\r\nThree\n";
        let p: Vec<&str> = paragraphs(t).into_iter().map(|s| &t[s]).collect();
        assert_eq!(p, vec!["One.", "Two two.", "Three"]);
    }

    #[test]
    fn splits_sentences_but_not_abbreviations() {
        assert_eq!(
            texts("Mr. Smith met U.S. officials. They left. \"Go!\" He went"),
            vec![
                "Mr. Smith met U.S. officials.",
                "They left.",
                "\"Go!\"",
                "He went"
            ]
        );
    }

    #[test]
    fn wide_spaces_and_guillemets() {
        assert_eq!(
            texts("It ended.\u{2000}Then a.\u{2000}B »Nein.« Done"),
            vec!["It ended.", "Then a.\u{2000}B »Nein.«", "Done"]
        );
    }
}
