//! The words around a match, as the context rules see them: a few tokens before and after,
//! found by scanning outwards from the match (never the whole text), with the same notion of
//! a word as `text::tokenize` (inner apostrophes, hyphens and periods, "U.S.").
use crate::text::{is_joiner, is_word_char, Span};

/// The tokens around one match.
#[derive(Debug, Clone, Default)]
pub(super) struct Around<'t> {
    /// Tokens before the match, nearest first.
    pub prev: Vec<&'t str>,
    /// Tokens after the match (after its possessive `'s`, if any), nearest first.
    pub next: Vec<&'t str>,
    /// The match is followed by a possessive `'s` / `’s`.
    pub possessive: bool,
    /// The match is a single word ("Putin", not "Vladimir Putin").
    pub one_word: bool,
}

impl<'t> Around<'t> {
    /// Up to `n` tokens on each side of `span` in `text`.
    pub fn new(text: &'t str, span: &Span, n: usize) -> Self {
        let mut prev = Vec::with_capacity(n);
        let mut p = span.start;
        while prev.len() < n {
            match token_before(text, p) {
                Some((s, tok)) => {
                    prev.push(tok);
                    p = s;
                }
                None => break,
            }
        }
        let mut e = span.end;
        let rest = &text[e..];
        let possessive = ["'s", "’s"].iter().any(|s| {
            rest.starts_with(s)
                && rest[s.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !is_word_char(c))
        });
        if possessive {
            e += if rest.starts_with('\'') { 2 } else { 4 };
        }
        let mut next = Vec::with_capacity(n);
        while next.len() < n {
            match token_after(text, e) {
                Some((end, tok)) => {
                    next.push(tok);
                    e = end;
                }
                None => break,
            }
        }
        Around {
            prev,
            next,
            possessive,
            one_word: !text[span.clone()].contains(char::is_whitespace),
        }
    }
}

/// Whether `tok` is a word (starts with a letter or digit).
pub(super) fn is_word(tok: &str) -> bool {
    tok.chars().next().is_some_and(is_word_char)
}

/// Whether `tok` is a word that starts with an upper-case letter.
pub(super) fn is_capitalised(tok: &str) -> bool {
    tok.chars().next().is_some_and(char::is_uppercase)
}

/// Whether `tok` is a possessive word ("Russia's", "Russia’s").
pub(super) fn is_possessive(tok: &str) -> bool {
    is_word(tok) && crate::text::is_possessive_word(tok) && tok.chars().count() > 2
}

/// The token that ends at or before byte `p` (skipping whitespace), and its start.
fn token_before(text: &str, p: usize) -> Option<(usize, &str)> {
    let head = text[..p].trim_end();
    let end = head.len();
    let c = head.chars().next_back()?;
    if c == '.' {
        // "U.S." keeps its final period (short dotted initials), as the tokenizer does.
        let w = word_start(head, end - 1);
        let word = &head[w..end - 1];
        // A middle initial ("Booker T. Washington") is one token with its period too.
        let initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
        if w < end - 1 && ((word.contains('.') && end - 1 - w <= 4) || initial) {
            return Some((w, &head[w..end]));
        }
        return Some((end - 1, &head[end - 1..end]));
    }
    if !is_word_char(c) {
        let s = end - c.len_utf8();
        return Some((s, &head[s..end]));
    }
    let s = word_start(head, end);
    Some((s, &head[s..end]))
}

/// The start of the word that ends at byte `end` of `s` (`end` itself if no word ends there).
fn word_start(s: &str, end: usize) -> usize {
    let mut start = end;
    let mut it = s[..end].char_indices().rev().peekable();
    while let Some((i, c)) = it.next() {
        if is_word_char(c) {
            start = i;
        } else if is_joiner(c) && start == i + c.len_utf8() {
            // A joiner is inside the word only between word characters.
            match it.peek() {
                Some(&(_, d)) if is_word_char(d) => {}
                _ => break,
            }
        } else {
            break;
        }
    }
    start
}

/// The token that starts at or after byte `p` (skipping whitespace), and its end.
fn token_after(text: &str, p: usize) -> Option<(usize, &str)> {
    let rest = &text[p..];
    let lead = rest.len() - rest.trim_start().len();
    let s = &rest[lead..];
    let c = s.chars().next()?;
    let base = p + lead;
    if !is_word_char(c) {
        return Some((base + c.len_utf8(), &s[..c.len_utf8()]));
    }
    let mut end = c.len_utf8();
    let mut it = s.char_indices().skip(1).peekable();
    while let Some((j, d)) = it.next() {
        if is_word_char(d) {
            end = j + d.len_utf8();
        } else if is_joiner(d) {
            if it.peek().is_some_and(|&(_, x)| is_word_char(x)) {
                end = j + d.len_utf8();
            } else {
                if d == '.' && s[..end].contains('.') && end <= 4 {
                    end = j + 1;
                }
                break;
            }
        } else {
            break;
        }
    }
    Some((base + end, &s[..end]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn around(t: &str, form: &str) -> Around<'static> {
        let t: &'static str = Box::leak(t.to_string().into_boxed_str());
        let s = t.find(form).unwrap();
        Around::new(t, &(s..s + form.len()), 3)
    }

    #[test]
    fn words_punctuation_and_possessives() {
        let a = around("in Atlanta, Georgia's governor said", "Georgia");
        assert_eq!(a.prev, vec![",", "Atlanta", "in"]);
        assert_eq!(a.next, vec!["governor", "said"]);
        assert!(a.possessive);
        let a = around("the U.S. and Chad Smith", "Chad");
        assert_eq!(a.prev, vec!["and", "U.S.", "the"]);
        assert_eq!(a.next, vec!["Smith"]);
        let a = around("end. Washington’s plan", "Washington");
        assert_eq!(a.prev, vec![".", "end"]);
        assert!(a.possessive);
        let a = around("Russia's Security Council", "Security Council");
        assert_eq!(a.prev, vec!["Russia's"]);
        assert!(is_possessive(a.prev[0]));
        let a = around("Booker T. Washington", "Washington");
        assert_eq!(a.prev, vec!["T.", "Booker"]);
        let a = around("“Jordan", "Jordan");
        assert_eq!(a.prev, vec!["“"]);
        assert!(a.next.is_empty());
        let a = around("we're in Kyiv-based talks", "Kyiv");
        assert_eq!(a.prev, vec!["in", "we're"]);
    }
}
