//! Byte offsets ↔ code-point offsets (SPEC section 2: offsets are code points).

/// Converts between byte offsets and code-point offsets of one text.
#[derive(Debug, Clone)]
pub struct Offsets {
    /// Byte offset of every char start, plus the text length; empty when the text is ASCII.
    starts: Vec<usize>,
    len: usize,
}

impl Offsets {
    /// Indexes `text`. ASCII text costs nothing.
    pub fn new(text: &str) -> Self {
        let starts = if text.is_ascii() {
            Vec::new()
        } else {
            text.char_indices()
                .map(|(i, _)| i)
                .chain(std::iter::once(text.len()))
                .collect()
        };
        Offsets {
            starts,
            len: text.len(),
        }
    }

    /// The number of code points in the text.
    pub fn char_len(&self) -> usize {
        if self.starts.is_empty() {
            self.len
        } else {
            self.starts.len() - 1
        }
    }

    /// The code-point offset of byte offset `byte` (which must be a char boundary or the end).
    pub fn to_char(&self, byte: usize) -> usize {
        if self.starts.is_empty() {
            return byte.min(self.len);
        }
        match self.starts.binary_search(&byte) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// The byte offset of code-point offset `ch`, or `None` past the end.
    pub fn to_byte(&self, ch: usize) -> Option<usize> {
        if self.starts.is_empty() {
            return (ch <= self.len).then_some(ch);
        }
        self.starts.get(ch).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_is_identity() {
        let o = Offsets::new("abc");
        assert_eq!(o.to_char(2), 2);
        assert_eq!(o.to_byte(3), Some(3));
        assert_eq!(o.to_byte(4), None);
    }

    #[test]
    fn multibyte() {
        let t = "“Ab” é";
        let o = Offsets::new(t);
        assert_eq!(o.char_len(), t.chars().count());
        let b = t.find('é').unwrap();
        assert_eq!(o.to_char(b), 5);
        assert_eq!(o.to_byte(5), Some(b));
        assert_eq!(o.to_char(t.len()), 6);
    }
}
