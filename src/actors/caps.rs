//! All-capitals stretches ("CHINA HAS BEEN TAKING ADVANTAGE OF THE USA"): headlines and posts
//! where case says nothing, so forms are matched there without regard to case.
use crate::text::Span;

/// How many all-capitals words in a row make a stretch.
const MIN_WORDS: usize = 3;

/// The all-capitals stretches of `text` within `span`: runs of at least three words of two or
/// more letters with no lower-case letter, allowing punctuation, numbers and one-letter words
/// between them. One pass over the characters.
pub(super) fn regions(text: &str, span: Span) -> Vec<Span> {
    let mut out = Vec::new();
    let hay = &text[span.clone()];
    // A stretch has at least two capitals in each of its words: with fewer upper-case ASCII
    // letters and non-ASCII bytes (which may be capitals) than that, there is none.
    if hay
        .bytes()
        .filter(|b| b.is_ascii_uppercase() || !b.is_ascii())
        .count()
        < 2 * MIN_WORDS
    {
        return out;
    }
    // State of the current run of capitalised words.
    let mut run_start = None::<usize>;
    let mut run_end = 0;
    let mut run_words = 0;
    let mut flush = |ws: usize, we: usize, upper: usize, lower: bool, out: &mut Vec<Span>| {
        if lower {
            if run_words >= MIN_WORDS {
                out.push(span.start + run_start.unwrap_or(0)..span.start + run_end);
            }
            run_start = None;
            run_words = 0;
        } else if upper >= 2 {
            run_start.get_or_insert(ws);
            run_end = we;
            run_words += 1;
        }
    };
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
        flush(ws, i, upper, lower, &mut out);
    }
    if run_words >= MIN_WORDS {
        out.push(span.start + run_start.unwrap_or(0)..span.start + run_end);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn caps(t: &str) -> Vec<&str> {
        regions(t, 0..t.len()).into_iter().map(|r| &t[r]).collect()
    }

    /// The definition, a character at a time: the byte-wise scan must find the same stretches.
    fn regions_by_char(text: &str, span: Span) -> Vec<Span> {
        let mut out = Vec::new();
        let hay = &text[span.clone()];
        let (mut run_start, mut run_end, mut run_words) = (None::<usize>, 0, 0);
        let mut flush = |ws: usize, we: usize, upper: usize, lower: bool, out: &mut Vec<Span>| {
            if lower {
                if run_words >= MIN_WORDS {
                    out.push(span.start + run_start.unwrap_or(0)..span.start + run_end);
                }
                run_start = None;
                run_words = 0;
            } else if upper >= 2 {
                run_start.get_or_insert(ws);
                run_end = we;
                run_words += 1;
            }
        };
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
                flush(ws, i, upper, lower, &mut out);
                upper = 0;
                lower = false;
            }
        }
        if let Some(ws) = w_start {
            flush(ws, hay.len(), upper, lower, &mut out);
        }
        if run_words >= MIN_WORDS {
            out.push(span.start + run_start.unwrap_or(0)..span.start + run_end);
        }
        out
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
