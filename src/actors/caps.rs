//! All-capitals stretches ("CHINA HAS BEEN TAKING ADVANTAGE OF THE USA"): headlines and posts
//! where case says nothing, so forms are matched there without regard to case.
use crate::text::Span;

/// How many all-capitals words in a row make a stretch.
const MIN_WORDS: usize = 3;

/// The all-capitals stretches of `text` within `span`: runs of at least three words of two or
/// more letters with no lower-case letter, allowing punctuation, numbers and one-letter words
/// between them. One pass over the characters.
pub(super) fn regions(text: &str, span: Span) -> Vec<Span> {
    let hay = &text[span.clone()];
    // A stretch has at least two capitals in each of its words: with fewer upper-case ASCII
    // letters and non-ASCII bytes (which may be capitals) than that, there is none.
    if hay
        .bytes()
        .filter(|b| b.is_ascii_uppercase() || !b.is_ascii())
        .count()
        < 2 * MIN_WORDS
    {
        return Vec::new();
    }
    let mut runs = Runs::new(span.start);
    // Word by word: a word starts with a letter or digit and goes on over letters, digits and
    // joiners (apostrophes, periods, hyphens). ASCII bytes are classified as bytes; only other
    // characters are decoded.
    let bytes = hay.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii() {
            if !bytes[i].is_ascii_alphanumeric() {
                i += 1;
                continue;
            }
        } else {
            let c = hay[i..].chars().next().expect("a character starts here");
            if !c.is_alphanumeric() {
                i += c.len_utf8();
                continue;
            }
        }
        let ws = i;
        let (mut upper, mut lower) = (0usize, false);
        while i < bytes.len() {
            let b = bytes[i];
            if b.is_ascii() {
                if b.is_ascii_lowercase() {
                    lower = true;
                } else if b.is_ascii_uppercase() {
                    upper += 1;
                } else if !(b.is_ascii_digit() || matches!(b, b'\'' | b'.' | b'-')) {
                    break;
                }
                i += 1;
            } else {
                let c = hay[i..].chars().next().expect("a character starts here");
                if c.is_alphanumeric() || c == '’' {
                    if c.is_lowercase() {
                        lower = true;
                    } else if c.is_uppercase() {
                        upper += 1;
                    }
                } else {
                    break;
                }
                i += c.len_utf8();
            }
        }
        runs.word(ws, i, upper, lower);
    }
    runs.finish()
}

/// The stretches found so far and the run of capitalised words being read.
struct Runs {
    /// Where the scanned text starts in the whole text.
    offset: usize,
    start: Option<usize>,
    end: usize,
    words: usize,
    out: Vec<Span>,
}

impl Runs {
    fn new(offset: usize) -> Self {
        Runs {
            offset,
            start: None,
            end: 0,
            words: 0,
            out: Vec::new(),
        }
    }

    /// The next word, `ws..we`, with `upper` capitals and a lower-case letter if `lower`: a
    /// word with a lower-case letter ends the run, one of two or more capitals extends it, any
    /// other passes.
    fn word(&mut self, ws: usize, we: usize, upper: usize, lower: bool) {
        if lower {
            self.close();
        } else if upper >= 2 {
            self.start.get_or_insert(ws);
            self.end = we;
            self.words += 1;
        }
    }

    fn close(&mut self) {
        if self.words >= MIN_WORDS {
            let start = self.offset + self.start.unwrap_or(0);
            self.out.push(start..self.offset + self.end);
        }
        self.start = None;
        self.words = 0;
    }

    fn finish(mut self) -> Vec<Span> {
        self.close();
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn caps(t: &str) -> Vec<&str> {
        regions(t, 0..t.len()).into_iter().map(|r| &t[r]).collect()
    }

    /// The definition, a character at a time: the byte-wise scan must find the same stretches.
    fn regions_by_char(text: &str, span: Span) -> Vec<Span> {
        let hay = &text[span.clone()];
        let mut runs = Runs::new(span.start);
        let (mut w_start, mut upper, mut lower) = (None::<usize>, 0usize, false);
        for (i, c) in hay.char_indices() {
            if c.is_alphanumeric() || (w_start.is_some() && matches!(c, '\'' | '’' | '.' | '-')) {
                w_start.get_or_insert(i);
                if c.is_lowercase() {
                    lower = true;
                } else if c.is_uppercase() {
                    upper += 1;
                }
            } else if let Some(ws) = w_start.take() {
                runs.word(ws, i, upper, lower);
                upper = 0;
                lower = false;
            }
        }
        if let Some(ws) = w_start {
            runs.word(ws, hay.len(), upper, lower);
        }
        runs.finish()
    }

    #[test]
    fn the_bytewise_scan_is_the_definition() {
        // Pieces that start, continue and end words in every way, ASCII and not.
        let pieces = [
            "CHINA", "US", "U.S.", "A", "x", "Abc", "ÉTATS", "été", "Ünal", "ÅS", "9", "42", "'",
            "’", ".", "-", "'s", "’S", " ", ", ", "! ", "—", "“", "\n", "ǅ", "Ⓐ", "ⓐ", "ʰ", "Ⅻ",
            "ⅻ",
        ];
        let capitals = [
            "CHINA ", "NO ", "U.S. ", "ÉTATS ", "A ", "9 ", "’", "-", ", ", "IT'S ", "OFF!",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut checked = 0;
        for _ in 0..20_000 {
            let n = 1 + (next() % 16) as usize;
            // Mostly capitals, so that stretches form and break in many ways.
            let text: String = (0..n)
                .map(|_| {
                    let r = next();
                    if r % 10 < 7 {
                        capitals[((r >> 8) % capitals.len() as u64) as usize]
                    } else {
                        pieces[((r >> 8) % pieces.len() as u64) as usize]
                    }
                })
                .collect();
            // The whole text, and a sub-span on character boundaries.
            let bounds: Vec<usize> = text
                .char_indices()
                .map(|(i, _)| i)
                .chain([text.len()])
                .collect();
            let a = bounds[(next() % bounds.len() as u64) as usize];
            let b = bounds[(next() % bounds.len() as u64) as usize];
            for span in [0..text.len(), a.min(b)..a.max(b)] {
                let want = regions_by_char(&text, span.clone());
                checked += usize::from(!want.is_empty());
                assert_eq!(regions(&text, span.clone()), want, "{text:?} {span:?}");
            }
        }
        assert!(checked > 2_000, "the strings hold stretches: {checked}");
    }

    #[test]
    fn finds_runs_of_capitals_only() {
        assert_eq!(
            caps("Trump wrote: CHINA IS RIPPING US OFF! He added more."),
            vec!["CHINA IS RIPPING US OFF"]
        );
        assert!(caps("The US, NATO and EU met.").is_empty());
        assert!(caps("US NATO EU").len() == 1);
        assert_eq!(
            caps("BEIJING, March 3 (AP) — China said"),
            Vec::<&str>::new()
        );
        assert_eq!(caps("NO DEAL WITH CHINA"), vec!["NO DEAL WITH CHINA"]);
    }
}
