//! Word tokens with byte spans, as the quote finder and the featuriser see them.
use super::Span;

/// A token: a word (letters, digits, inner apostrophes, hyphens and periods as in "U.S.")
/// or a single punctuation character.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    pub is_word: bool,
}

impl Token {
    /// The token's text in `text`.
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.span.clone()]
    }
}

/// Whether `c` can be part of a word.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// The bytes that are ASCII letters or digits: a scan that looks for word starts passes over
/// the rest of an ASCII word by this table, one look-up a byte.
const ASCII_WORD: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    t
};

/// The length of the run of ASCII letters and digits that `bytes` starts with.
#[inline]
pub fn ascii_word_len(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .position(|&b| !ASCII_WORD[usize::from(b)])
        .unwrap_or(bytes.len())
}

/// Whether `c` joins word characters into one word ("don't", "ganging-up", "U.S").
pub fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '-' | '.' | '‑')
}

/// `w` without a possessive ending ("Russia's", "Russia’s" → "Russia").
pub fn strip_possessive(w: &str) -> &str {
    w.trim_end_matches("'s").trim_end_matches("’s")
}

/// Whether `w` ends with a possessive ("Lavrov's", "Lavrov’s").
pub fn is_possessive_word(w: &str) -> bool {
    w.ends_with("'s") || w.ends_with("’s")
}

/// Abbreviated titles before a name, whose period belongs to the word ("Mr. Leahy said") and
/// ends no sentence.
pub(super) const TITLE_ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Lt", "Col", "Sen", "Rep", "Gov", "St", "Adm", "Capt",
    "Maj", "Sgt", "Rev", "Hon", "Pres", "Amb", "Cmdr", "Brig", "Supt", "Insp",
];

/// Tokenises `span` of `text` into words and punctuation; whitespace is dropped.
pub fn tokenize(text: &str, span: Span) -> Vec<Token> {
    // News text runs about five bytes per token: room for most spans' tokens at once, instead
    // of a copy at each doubling.
    let mut toks = Vec::with_capacity(span.len() / 5 + 8);
    toks.extend(Tokens::new(text, span));
    toks
}

/// The tokens of [`tokenize`], one by one, without collecting them.
pub fn tokens(text: &str, span: Span) -> impl Iterator<Item = Token> + '_ {
    Tokens::new(text, span)
}

/// The first `max` tokens of `span`: the same tokens as [`tokenize`] gives, without looking
/// further into a long span than needed.
pub fn tokenize_head(text: &str, span: Span, max: usize) -> Vec<Token> {
    Tokens::new(text, span).take(max).collect()
}

/// The tokens of the last `max_bytes` (at most) of `span`. The window starts after a space, so
/// every token is one [`tokenize`] would give for the whole span.
pub fn tokenize_tail(text: &str, span: Span, max_bytes: usize) -> Vec<Token> {
    if span.len() <= max_bytes {
        return tokenize(text, span);
    }
    let mut start = span.end - max_bytes;
    while !text.is_char_boundary(start) {
        start += 1;
    }
    if text[..start]
        .chars()
        .next_back()
        .is_some_and(|c| !c.is_whitespace())
    {
        // The window cuts a token: start after the next space.
        match text[start..span.end].find(char::is_whitespace) {
            Some(k) => start += k,
            None => return Vec::new(),
        }
    }
    tokenize(text, start..span.end)
}

/// The tokenizer as an iterator.
struct Tokens<'a> {
    s: &'a str,
    base: usize,
    /// Byte offset in `s` of the next character to read.
    pos: usize,
}

impl<'a> Tokens<'a> {
    fn new(text: &'a str, span: Span) -> Self {
        Tokens {
            s: &text[span.clone()],
            base: span.start,
            pos: 0,
        }
    }

    /// The character at byte `i` of `s` (a char boundary) and its length; ASCII without
    /// decoding.
    #[inline]
    fn char_at(&self, i: usize) -> Option<(char, usize)> {
        let b = *self.s.as_bytes().get(i)?;
        if b.is_ascii() {
            return Some((char::from(b), 1));
        }
        self.s[i..].chars().next().map(|c| (c, c.len_utf8()))
    }
}

impl Iterator for Tokens<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        loop {
            let i = self.pos;
            let (c, len) = self.char_at(i)?;
            self.pos += len;
            if c.is_whitespace() {
                continue;
            }
            if !is_word_char(c) {
                return Some(Token {
                    span: self.base + i..self.base + i + len,
                    is_word: false,
                });
            }
            let mut dotted = false;
            while let Some((d, dlen)) = self.char_at(self.pos) {
                if is_word_char(d) {
                    self.pos += dlen;
                } else if is_joiner(d) {
                    // A joiner stays inside the word only if a word char follows it
                    // ("don't", "ganging-up", "U.S").
                    if self
                        .char_at(self.pos + dlen)
                        .is_some_and(|(n, _)| is_word_char(n))
                    {
                        dotted |= d == '.';
                        self.pos += dlen;
                    } else {
                        // "U.S." keeps its final period when the word is dotted initials,
                        // and a title its abbreviating one ("Mr.", "Sen.", "Gen.").
                        if d == '.'
                            && ((dotted && self.pos - i <= 4)
                                || TITLE_ABBREVIATIONS.contains(&&self.s[i..self.pos]))
                        {
                            self.pos += 1;
                        }
                        break;
                    }
                } else {
                    break;
                }
            }
            return Some(Token {
                span: self.base + i..self.base + self.pos,
                is_word: true,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_keeps_its_abbreviating_period() {
        let t = "Mr. Leahy and Sen. Graham met Gen. Milley. Mr Smith left. Then Mr.";
        let toks: Vec<&str> = tokenize(t, 0..t.len()).iter().map(|k| k.text(t)).collect();
        assert_eq!(
            toks,
            vec![
                "Mr.", "Leahy", "and", "Sen.", "Graham", "met", "Gen.", "Milley", ".", "Mr",
                "Smith", "left", ".", "Then", "Mr."
            ]
        );
    }

    #[test]
    fn words_and_punctuation() {
        let t = "The U.S. don’t, ganging-up 'em.";
        let toks: Vec<&str> = tokenize(t, 0..t.len()).iter().map(|k| k.text(t)).collect();
        assert_eq!(
            toks,
            vec!["The", "U.S.", "don’t", ",", "ganging-up", "'", "em", "."]
        );
    }

    #[test]
    fn head_and_tail_agree_with_the_whole() {
        let t = "Russian Foreign Minister Sergey Lavrov said: 'No.' Then U.S. officials left.";
        let all = tokenize(t, 0..t.len());
        assert_eq!(tokenize_head(t, 0..t.len(), 3), all[..3].to_vec());
        let tail = tokenize_tail(t, 0..t.len(), 20);
        assert!(!tail.is_empty());
        assert_eq!(tail[..], all[all.len() - tail.len()..]);
        assert_eq!(tokenize_tail(t, 0..t.len(), 1000), all);
    }
}
