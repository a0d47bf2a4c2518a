//! Direct quotes: spans between quotation marks, paragraph by paragraph.
//!
//! Handles straight and curly double and single marks, guillemets in both directions (`«…»`,
//! `»…«`, `‹…›`, `›…‹`) and low-9 marks, mixed pairs (`'…”`, `"…”`), apostrophes inside and at
//! the end of words, and quotes that run over paragraphs (each paragraph reopens the mark, only
//! the last closes it). An unclosed mark never swallows more than its own paragraph: scanning
//! restarts after it with that style of mark switched off for the rest of the paragraph (no mark
//! of that style can close there), so a paragraph is scanned at most once per style and the
//! whole scan stays linear.
use crate::text::{is_word_char, Span};

/// The family of the mark that opened a quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    /// `"` or `“`.
    Double,
    /// `'` or `‘`.
    Single,
    /// `«`, closed by `»`.
    Guillemet,
    /// `»`, closed by `«` (Danish and German style).
    RevGuillemet,
    /// `‹`, closed by `›`.
    SingleGuillemet,
    /// `›`, closed by `‹`.
    RevSingleGuillemet,
    /// `„`.
    Low,
}

impl Style {
    const COUNT: usize = 7;

    fn index(self) -> usize {
        self as usize
    }
}

/// A span between marks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawQuote {
    /// The quoted text, without the marks (byte span, trimmed).
    pub inner: Span,
    /// Byte offset of the opening mark.
    pub open: usize,
    /// Byte offset just past the closing mark, or the paragraph end when the quote runs on.
    pub close_end: usize,
    /// The quote continues in the next paragraph.
    pub runs_on: bool,
    /// The quote continues one from the previous paragraph.
    pub continued: bool,
}

/// Finds direct quotes in the paragraphs of `text`.
pub fn find(text: &str, paragraphs: &[Span]) -> Vec<RawQuote> {
    let mut out = Vec::new();
    let mut carried = false;
    for (pi, para) in paragraphs.iter().enumerate() {
        let next_para_opens = paragraphs.get(pi + 1).is_some_and(|p| {
            let mut cs = text[p.clone()].chars();
            cs.next()
                .is_some_and(|c| opener_style(c, None, cs.next()).is_some())
        });
        carried = scan_paragraph(text, para.clone(), carried, next_para_opens, &mut out);
    }
    out
}

/// Scans one paragraph; returns whether a quote runs on into the next one.
fn scan_paragraph(
    text: &str,
    para: Span,
    continued: bool,
    next_opens: bool,
    out: &mut Vec<RawQuote>,
) -> bool {
    let mut from = para.start;
    let mut off = [false; Style::COUNT];
    // Each restart switches one style off, so this runs at most COUNT + 1 times.
    loop {
        let cont = continued && from == para.start;
        match scan_from(text, from..para.end, cont, &off, out) {
            Scan::Done => return false,
            Scan::Unclosed { open, style } => {
                if next_opens {
                    let inner = crate::text::trim_span(text, open + mark_len(text, open)..para.end);
                    if !inner.is_empty() {
                        out.push(RawQuote {
                            inner,
                            open,
                            close_end: para.end,
                            runs_on: true,
                            continued: continued && open == para.start,
                        });
                    }
                    return true;
                }
                // A stray mark: no mark of its style closes anywhere after it in this
                // paragraph (closing depends only on the characters around a mark), so rescan
                // after it with that style off.
                off[style.index()] = true;
                from = open + mark_len(text, open);
            }
        }
    }
}

enum Scan {
    Done,
    Unclosed { open: usize, style: Style },
}

fn mark_len(text: &str, at: usize) -> usize {
    text[at..].chars().next().map_or(1, char::len_utf8)
}

fn scan_from(
    text: &str,
    span: Span,
    continued: bool,
    off: &[bool; Style::COUNT],
    out: &mut Vec<RawQuote>,
) -> Scan {
    let s = &text[span.clone()];
    let base = span.start;
    let mut open: Option<(usize, Style)> = None;
    let mut prev: Option<char> = text[..base].chars().next_back();
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, d)| d);
        match open {
            None => {
                if let Some(style) = opener_style(c, prev, next).filter(|st| !off[st.index()]) {
                    open = Some((base + i, style));
                }
            }
            Some((at, style)) => {
                if is_closer(c, style, prev, next, &s[i + c.len_utf8()..]) {
                    let inner = crate::text::trim_span(text, at + mark_len(text, at)..base + i);
                    if !inner.is_empty() {
                        out.push(RawQuote {
                            inner,
                            open: at,
                            close_end: base + i + c.len_utf8(),
                            runs_on: false,
                            continued: continued && at == span.start,
                        });
                    }
                    open = None;
                }
            }
        }
        prev = Some(c);
    }
    match open {
        None => Scan::Done,
        Some((open, style)) => Scan::Unclosed { open, style },
    }
}

fn is_space_or_start(c: Option<char>) -> bool {
    c.is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '[' | '—' | '–' | '-' | ':' | ','))
}

/// The style a mark opens, if it opens a quote here.
fn opener_style(c: char, prev: Option<char>, next: Option<char>) -> Option<Style> {
    let next_ok = next.is_some_and(|n| !n.is_whitespace());
    match c {
        '"' if is_space_or_start(prev) && next_ok => Some(Style::Double),
        '“' if next_ok => Some(Style::Double),
        '\'' | '‘'
            if is_space_or_start(prev)
                && next.is_some_and(|n| {
                    n.is_alphanumeric() || matches!(n, '(' | '"' | '“' | '[' | '.')
                }) =>
        {
            Some(Style::Single)
        }
        '«' => Some(Style::Guillemet),
        '»' if is_space_or_start(prev) && next_ok => Some(Style::RevGuillemet),
        '‹' if next_ok => Some(Style::SingleGuillemet),
        '›' if is_space_or_start(prev) && next_ok => Some(Style::RevSingleGuillemet),
        '„' => Some(Style::Low),
        _ => None,
    }
}

/// Words after which `s'` + space is a closing mark, not a plural possessive.
const ATTRIBUTION_STARTERS: &[&str] = &[
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "said",
    "says",
    "the",
    "a",
    "an",
    "according",
    "told",
    "added",
    "was",
    "were",
    "and",
    "but",
];

fn is_closer(c: char, style: Style, prev: Option<char>, next: Option<char>, rest: &str) -> bool {
    let after_ok = next.is_none_or(|n| !is_word_char(n));
    match (style, c) {
        (Style::Double, '"' | '”') => true,
        (Style::Guillemet, '»') => true,
        (Style::RevGuillemet, '«') => true,
        (Style::SingleGuillemet, '›') => true,
        (Style::RevSingleGuillemet, '‹') => true,
        (Style::Low, '“' | '”' | '"') => true,
        (Style::Single, '”') => true,
        (Style::Single, '\'' | '’') => {
            let Some(p) = prev else { return false };
            if p.is_whitespace() || !after_ok {
                return false; // opening-like, or an apostrophe inside a word ("don't")
            }
            if p == 's' || p == 'S' {
                // "countries' interests": a plural possessive unless what follows reads like
                // the attribution or the end of the sentence.
                let word: String = rest
                    .trim_start()
                    .chars()
                    .take_while(|c| c.is_alphanumeric())
                    .take(12)
                    .collect();
                let follows_space = next.is_some_and(char::is_whitespace);
                if follows_space
                    && word.chars().next().is_some_and(char::is_lowercase)
                    && !ATTRIBUTION_STARTERS.contains(&word.to_lowercase().as_str())
                {
                    return false;
                }
            }
            true
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::paragraphs;

    fn quotes(t: &str) -> Vec<String> {
        find(t, &paragraphs(t))
            .into_iter()
            .map(|q| t[q.inner].to_string())
            .collect()
    }

    #[test]
    fn every_style_of_mark() {
        assert_eq!(quotes("He said \"yes, now.\" Then"), vec!["yes, now."]);
        assert_eq!(quotes("“Curly, too,” she said."), vec!["Curly, too,"]);
        assert_eq!(
            quotes("'Single don't break,' she said."),
            vec!["Single don't break,"]
        );
        assert_eq!(quotes("‘We’ve won,’ he said."), vec!["We’ve won,"]);
        assert_eq!(quotes("«Non,» dit-il, „Ja“ sagte er."), vec!["Non,", "Ja"]);
        assert_eq!(quotes("'Mixed pair works”."), vec!["Mixed pair works"]);
        assert_eq!(
            quotes("\"Straight then curly,” he said."),
            vec!["Straight then curly,"]
        );
        assert_eq!(
            quotes("»Nein«, sagte er, ›ja‹ und ‹oui›."),
            vec!["Nein", "ja", "oui"]
        );
    }

    #[test]
    fn stray_marks_of_every_style_do_not_hide_a_later_quote() {
        let t = "A 'stray, a 'stray, a 'stray, a 'stray and then \"real one,\" he said.";
        assert_eq!(quotes(t), vec!["real one,"]);
        let t = "A 'stray, a «stray and ‹stray, then \"real one,\" he said.";
        assert_eq!(quotes(t), vec!["real one,"]);
    }

    #[test]
    fn possessive_plural_is_not_a_closer() {
        assert_eq!(
            quotes("'We defend the countries' interests,' he said."),
            vec!["We defend the countries' interests,"]
        );
    }

    #[test]
    fn runs_over_paragraphs() {
        let t = "\"First part.\n\n\"Second part,\" he said.";
        let q = find(t, &paragraphs(t));
        assert_eq!(q.len(), 2);
        assert!(q[0].runs_on && q[1].continued);
        assert_eq!(&t[q[1].inner.clone()], "Second part,");
    }

    #[test]
    fn unbalanced_mark_recovers_next_paragraph() {
        let t = "A stray \"mark here.\n\nThen \"Fine,\" he said.";
        assert_eq!(quotes(t), vec!["Fine,"]);
        let t = "Rock 'n roll and \"real one,\" he said.";
        assert_eq!(quotes(t), vec!["real one,"]);
    }
}
