//! Text primitives shared by every stage: code-point offsets, paragraphs, sentences, tokens.
//!
//! Internally the pipeline works on byte offsets into the UTF-8 text (what `str` slicing uses);
//! [`Offsets`] converts them to the code-point offsets of SPEC section 2 at the edge.
mod offsets;
mod segment;
mod tokens;

pub use offsets::Offsets;
pub use segment::{paragraphs, sentences};
pub use tokens::{
    ascii_word_len, is_joiner, is_possessive_word, is_word_char, strip_possessive, tokenize,
    tokenize_head, tokenize_tail, tokens, Token,
};

/// A byte range `[start, end)` into a text.
pub type Span = std::ops::Range<usize>;

/// A file's text without the UTF-8 byte order mark that Windows tools (Notepad, Excel's "CSV
/// UTF-8", PowerShell 5) put at its start: it is not part of the first line.
pub fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Trims whitespace from both ends of `span` in `text`.
pub fn trim_span(text: &str, span: Span) -> Span {
    let s = &text[span.clone()];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead == s.len() {
        return span.start..span.start;
    }
    span.start + lead..span.end - trail
}
