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
    // State of the current word.
    let mut w_start = None::<usize>;
    let mut upper = 0usize;
    let mut lower = false;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn caps(t: &str) -> Vec<&str> {
        regions(t, 0..t.len()).into_iter().map(|r| &t[r]).collect()
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
