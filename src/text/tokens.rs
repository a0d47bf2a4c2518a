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

fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '-' | '.' | '‑')
}

/// Tokenises `span` of `text` into words and punctuation; whitespace is dropped.
pub fn tokenize(text: &str, span: Span) -> Vec<Token> {
    let s = &text[span.clone()];
    let mut out = Vec::new();
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c.is_whitespace() {
            continue;
        }
        if is_word_char(c) {
            let mut end = i + c.len_utf8();
            loop {
                match it.peek().copied() {
                    Some((j, d)) if is_word_char(d) => {
                        end = j + d.len_utf8();
                        it.next();
                    }
                    Some((j, d)) if is_joiner(d) => {
                        // A joiner stays inside the word only if a word char follows it
                        // ("don't", "ganging-up", "U.S").
                        let next = s[j + d.len_utf8()..].chars().next();
                        if next.is_some_and(is_word_char) {
                            end = j + d.len_utf8();
                            it.next();
                        } else {
                            // "U.S." keeps its final period when the word is dotted initials.
                            if d == '.' && s[i..end].contains('.') && s[i..end].len() <= 4 {
                                end = j + 1;
                                it.next();
                            }
                            break;
                        }
                    }
                    _ => break,
                }
            }
            out.push(Token {
                span: span.start + i..span.start + end,
                is_word: true,
            });
        } else {
            out.push(Token {
                span: span.start + i..span.start + i + c.len_utf8(),
                is_word: false,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_punctuation() {
        let t = "The U.S. don’t, ganging-up 'em.";
        let toks: Vec<&str> = tokenize(t, 0..t.len()).iter().map(|k| k.text(t)).collect();
        assert_eq!(
            toks,
            vec!["The", "U.S.", "don’t", ",", "ganging-up", "'", "em", "."]
        );
    }
}
