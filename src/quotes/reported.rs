//! Reported speech: "X said (that) CLAUSE", "X told reporters (that) CLAUSE", "according to X,
//! CLAUSE", "CLAUSE, X said", "X was quoted as saying CLAUSE", "X accused Y of CLAUSE".
use super::lexicon::{Frame, Lexicon};
use super::speaker::{self, Subject};
use crate::actors::Gazetteer;
use crate::text::{Span, Token};

/// A reported clause and the subject of its verb.
#[derive(Debug, Clone)]
pub struct Reported {
    pub clause: Span,
    pub subject: Subject,
}

/// Words that may stand between a verb and "that" ("said on Monday that", "told reporters in
/// Beijing that").
const MAX_BEFORE_THAT: usize = 8;

/// Prepositions after which a bare "said" does not start a clause ("said in a statement").
const PREPOSITIONS: &[&str] = &[
    "in", "on", "at", "during", "after", "before", "by", "to", "with", "from", "via", "through",
    "of", "about", "for", "while", "when", ",", ".", ":", ";", "as", "so", "and", "it", "this",
];

/// Words that start an adjunct after a sentence-final verb ("the ministry said in a statement on
/// Thursday").
const ADJUNCT_STARTS: &[&str] = &[
    "on",
    "in",
    "at",
    "during",
    "after",
    "before",
    "late",
    "earlier",
    "later",
    "this",
    "last",
    "separately",
    "via",
    "through",
    "from",
    "when",
    "while",
    "today",
    "yesterday",
    "overnight",
];

/// Finds reported speech in one sentence (`toks` are its tokens).
pub fn find(text: &str, toks: &[Token], lex: &Lexicon, gaz: &Gazetteer) -> Option<Reported> {
    if let Some(r) = according_to(text, toks, lex, gaz) {
        return Some(r);
    }
    for (v, t) in toks.iter().enumerate() {
        let Some(frame) = lex.verb(t.text(text)) else {
            continue;
        };
        // "CLAUSE, X said." — the verb ends the sentence (but for adjuncts).
        if let Some(r) = trailing(text, toks, v, lex, gaz) {
            return Some(r);
        }
        let participle = v > 0 && toks[v - 1].text(text) == "," && t.text(text).ends_with("ing");
        let subject = if participle {
            // "X criticised Y, saying CLAUSE": the subject of the sentence.
            speaker::clause_start(text, toks, dateline_end(text, toks), lex, gaz)
        } else {
            subject_of(text, toks, v, lex, gaz)
        };
        let Some(subject) = subject else {
            continue;
        };
        if let Some(clause) = clause_after(text, toks, v, frame) {
            return Some(Reported { clause, subject });
        }
    }
    None
}

fn subject_of(
    text: &str,
    toks: &[Token],
    v: usize,
    lex: &Lexicon,
    gaz: &Gazetteer,
) -> Option<Subject> {
    speaker::before(text, toks, v, lex, gaz).or_else(|| {
        // "Ahead of his arrival, Lavrov in interviews to ... said that": the phrase that opens
        // the verb's clause.
        let start = (0..v)
            .rev()
            .find(|&i| toks[i].text(text) == ",")
            .map_or(0, |i| i + 1);
        (start < v)
            .then(|| speaker::clause_start(text, toks, start, lex, gaz))
            .flatten()
            .filter(|s| s.span.end <= toks[v].span.start)
    })
}

/// The clause governed by the verb at `v`.
fn clause_after(text: &str, toks: &[Token], v: usize, frame: Frame) -> Option<Span> {
    let w = |i: usize| toks[i].text(text);
    let mut start = v + 1;
    // "was quoted as saying" is handled by the subject; "saying" is the verb here.
    let that = (start..toks.len().min(start + MAX_BEFORE_THAT + 1))
        .find(|&i| w(i).eq_ignore_ascii_case("that"));
    match frame {
        Frame::SayThat => {
            let t = that?;
            if (start..t).any(|i| matches!(w(i), "." | ";" | "?" | "!")) {
                return None;
            }
            start = t + 1;
        }
        Frame::Say | Frame::Tell => {
            if let Some(t) = that {
                // Only adjuncts between verb and "that": no other verb, no punctuation but commas.
                if (start..t).any(|i| matches!(w(i), "." | ";" | "?" | "!")) {
                    return None;
                }
                start = t + 1;
            } else if frame == Frame::Tell
                || start >= toks.len()
                || PREPOSITIONS.contains(&w(start).to_lowercase().as_str())
                || !toks[start].is_word
            {
                return None;
            }
        }
        Frame::Accuse => {
            let of = (start..toks.len().min(start + 8)).find(|&i| w(i) == "of")?;
            start = v + 1;
            let _ = of;
        }
        Frame::Urge => {
            (start..toks.len().min(start + 8)).find(|&i| w(i) == "to")?;
        }
    }
    clause_end(text, toks, start)
}

/// The clause from `toks[start]` to the end of the sentence, cut before a participial adjunct
/// (", referring to ...") and without final punctuation.
fn clause_end(text: &str, toks: &[Token], start: usize) -> Option<Span> {
    let mut end = toks.len();
    for i in start..toks.len() {
        let t = toks[i].text(text);
        if t == "," {
            if let Some(n) = toks.get(i + 1) {
                let nw = n.text(text);
                if (nw.ends_with("ing") && nw.len() > 5 && nw.chars().all(char::is_lowercase))
                    || nw == "according"
                {
                    end = i;
                    break;
                }
            }
        }
    }
    while end > start && !toks[end - 1].is_word && !matches!(toks[end - 1].text(text), ")" | "%") {
        end -= 1;
    }
    let words = (start..end).filter(|&i| toks[i].is_word).count();
    (words >= 3).then(|| toks[start].span.start..toks[end - 1].span.end)
}

/// "CLAUSE, X said." with only adjuncts after the verb.
fn trailing(
    text: &str,
    toks: &[Token],
    v: usize,
    lex: &Lexicon,
    gaz: &Gazetteer,
) -> Option<Reported> {
    // After the verb: nothing, or an adjunct up to the next comma ("said on Tuesday, hours
    // before ...").
    let rest: Vec<&str> = toks[v + 1..].iter().map(|t| t.text(text)).collect();
    let upto = rest.iter().position(|w| *w == ",").unwrap_or(rest.len());
    let adjunct = upto <= 10
        && rest[..upto].iter().all(|w| !matches!(*w, "that" | ";"))
        && rest
            .first()
            .is_none_or(|w| ADJUNCT_STARTS.contains(w) || matches!(*w, "." | ","));
    if !adjunct {
        return None;
    }
    let subject = speaker::before(text, toks, v, lex, gaz)?;
    let comma = (0..v)
        .rev()
        .find(|&i| toks[i].span.end <= subject.span.start && toks[i].text(text) == ",")?;
    // Only the subject between the comma and the verb.
    if toks[comma + 1].span.start != subject.span.start {
        return None;
    }
    let clause = clause_end(text, &toks[..comma], dateline_end(text, toks))?;
    Some(Reported { clause, subject })
}

/// The first token after a dateline ("MOSCOW, April 4 (Reuters) -", "New Delhi, Feb 20 (PTI)"),
/// or 0 when the sentence has none.
pub fn dateline_end(text: &str, toks: &[Token]) -> usize {
    let window = toks.len().min(14);
    let Some(close) = (0..window).find(|&i| toks[i].text(text) == ")") else {
        return 0;
    };
    if !(0..close).any(|i| toks[i].text(text) == "(") {
        return 0;
    }
    let mut end = close + 1;
    if toks
        .get(end)
        .is_some_and(|t| matches!(t.text(text), "-" | "—" | "–"))
    {
        end += 1;
    }
    end
}

/// "According to X, CLAUSE." and "CLAUSE, according to X."
fn according_to(text: &str, toks: &[Token], lex: &Lexicon, gaz: &Gazetteer) -> Option<Reported> {
    let a = (0..toks.len().saturating_sub(1)).find(|&i| {
        toks[i].text(text).eq_ignore_ascii_case("according") && toks[i + 1].text(text) == "to"
    })?;
    let subject = speaker::after(text, toks, a + 2, lex, gaz)?;
    if a == 0 {
        let comma = (a + 2..toks.len()).find(|&i| toks[i].text(text) == ",")?;
        let clause = clause_end(text, toks, comma + 1)?;
        return Some(Reported { clause, subject });
    }
    if a > 0 && toks[a - 1].text(text) == "," {
        let clause = clause_end(text, &toks[..a - 1], 0)?;
        return Some(Reported { clause, subject });
    }
    None
}
