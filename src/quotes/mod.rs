//! Quotes and who said them: direct quotes between marks, reported speech, and speaker
//! attribution with coreference inside the article.
mod coref;
mod lexicon;
mod marks;
mod reported;
mod speaker;

pub use coref::Resolved;
pub(crate) use lexicon::SPEECH_VERBS;
pub use lexicon::{Frame, Lexicon};

use crate::actors::Gazetteer;
use crate::text::{
    is_possessive_word, paragraphs, sentences, tokenize, tokenize_head, tokenize_tail, Span, Token,
};
use serde::{Deserialize, Serialize};

/// How a quote is given (SPEC 2.5 `kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    Direct,
    Indirect,
}

/// A quote found in an article.
#[derive(Debug, Clone)]
pub struct Quote {
    /// Byte span of the quote text in the article.
    pub span: Span,
    pub kind: QuoteKind,
    pub speaker: Option<Speaker>,
    /// Byte span of an attribution inside `span` ("The sanctions, Lavrov said, would ..."),
    /// which is not part of what was said.
    pub attribution: Option<Span>,
}

/// The speaker of a quote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Speaker {
    /// The fullest name the article gives.
    pub name: String,
    /// The country or group they speak for.
    pub country: Option<String>,
    /// Byte span of the attributing mention.
    pub span: Span,
}

/// Quoted phrases shorter than this many words are speech only when a verb attributes them.
const MIN_UNATTRIBUTED_WORDS: usize = 6;
/// How far after a closing mark the attribution may start, in tokens.
const ATTRIBUTION_WINDOW: usize = 14;

/// Finds quotes and their speakers.
#[derive(Debug, Clone)]
pub struct QuoteFinder {
    lex: Lexicon,
}

struct Candidate {
    span: Span,
    kind: QuoteKind,
    subject: Option<speaker::Subject>,
    /// Index of the direct quote this one shares a speaker with (split or multi-paragraph).
    same_as: Option<usize>,
    /// For a direct quote: its index in the raw quotes.
    raw: Option<usize>,
    /// An attribution inside the span (see [`Quote::attribution`]).
    attribution: Option<Span>,
}

/// How far after a closing mark the verb may come when a long appositive ends before it.
const APPOSITIVE_WINDOW: usize = 64;
/// How many tokens after a closing mark are read for the attribution.
const AFTER_TOKENS: usize = APPOSITIVE_WINDOW + 30;
/// How many bytes before an opening mark are read for the attribution.
const BEFORE_BYTES: usize = 1000;

/// The longest addressee of a verb of telling right before a quote, in words ("X told The
/// Huffington Post '...'").
const MAX_ADDRESSEE: usize = 4;

impl QuoteFinder {
    /// A finder with the given lexicon.
    pub fn new(lex: Lexicon) -> Self {
        QuoteFinder { lex }
    }

    /// Finds every attributed quote of `text`, in text order.
    ///
    /// Linear in the length of the text: each stage walks the paragraphs, quotes and sentences
    /// once, in order, and every look-around is bounded.
    pub fn find(&self, text: &str, gaz: &Gazetteer) -> Vec<Quote> {
        let paras = paragraphs(text);
        let raw = marks::find(text, &paras);
        let para_of = paragraph_of(&paras, &raw);
        let mut cands = self.direct(text, &paras, &raw, &para_of, gaz);
        // Sentences that overlap a direct quote are not read for reported speech. Quotes do not
        // overlap and come in text order, as do sentences: one pointer walks both.
        let blocked: Vec<Span> = cands
            .iter()
            .filter_map(|c| c.raw)
            .map(|k| raw[k].open..raw[k].close_end)
            .collect();
        let mut b = 0;
        for para in &paras {
            for sent in sentences(text, para.clone()) {
                while b < blocked.len() && blocked[b].end <= sent.start {
                    b += 1;
                }
                if b < blocked.len() && blocked[b].start < sent.end {
                    continue;
                }
                let toks = tokenize(text, sent);
                for r in reported::find_all(text, &toks, &self.lex, gaz) {
                    cands.push(Candidate {
                        span: r.clause,
                        kind: QuoteKind::Indirect,
                        subject: Some(r.subject),
                        same_as: None,
                        raw: None,
                        attribution: r.attribution,
                    });
                }
            }
        }
        // Resolve speakers in text order, so that pronouns see the speakers before them.
        let mut order: Vec<usize> = (0..cands.len()).collect();
        order.sort_by_key(|&i| {
            cands[i].subject.as_ref().map_or(cands[i].span.start, |s| {
                s.span.start.min(cands[i].span.start)
            })
        });
        let mut coref = coref::Coref::new(text, gaz, &self.lex);
        let mut speakers: Vec<Option<Speaker>> = vec![None; cands.len()];
        for &i in &order {
            if let Some(s) = &cands[i].subject {
                speakers[i] = coref.resolve(s).map(|r| Speaker {
                    name: tidy_name(&r.name),
                    country: r.country,
                    span: s.span.clone(),
                });
            }
        }
        for i in 0..cands.len() {
            if speakers[i].is_none() {
                if let Some(j) = cands[i].same_as {
                    speakers[i] = speakers[j].clone();
                }
            }
            if speakers[i].is_none() && cands[i].subject.is_none() && cands[i].same_as.is_none() {
                // A paragraph that is only a quote continues the latest speaker.
                speakers[i] = coref.last_speaker(cands[i].span.start).map(|r| Speaker {
                    name: tidy_name(&r.name),
                    country: r.country,
                    span: cands[i].span.start..cands[i].span.start,
                });
            }
        }
        let mut out: Vec<Quote> = cands
            .into_iter()
            .zip(speakers)
            .map(|(c, speaker)| Quote {
                span: c.span,
                kind: c.kind,
                speaker,
                attribution: c.attribution,
            })
            .collect();
        out.sort_by_key(|q| q.span.start);
        out
    }

    /// Direct quotes with their attribution; scare quotes are dropped.
    fn direct(
        &self,
        text: &str,
        paras: &[Span],
        raw: &[marks::RawQuote],
        para_of: &[usize],
        gaz: &Gazetteer,
    ) -> Vec<Candidate> {
        let mut out: Vec<Candidate> = Vec::new();
        // Reported clauses that continue an attribution after a quote, with that quote's index.
        let mut follow_ups: Vec<(Span, usize)> = Vec::new();
        for (k, q) in raw.iter().enumerate() {
            let pi = para_of[k];
            let para = paras.get(pi).cloned().unwrap_or(0..text.len());
            let prev_in_para = k > 0 && para_of[k - 1] == pi;
            let prev_end = if prev_in_para {
                raw[k - 1].close_end
            } else {
                para.start
            };
            let next_open = raw
                .get(k + 1)
                .filter(|r| r.open < para.end)
                .map_or(para.end, |r| r.open);
            let after = if q.runs_on {
                None
            } else {
                self.attribution_after(text, q.close_end..next_open, gaz)
            };
            if after.is_some() {
                // "'...,' he said, adding that CLAUSE".
                let toks = tokenize_head(text, q.close_end..para.end, AFTER_TOKENS * 2);
                let end = toks
                    .iter()
                    .position(|t| matches!(t.text(text), "." | "!" | "?" | ";"))
                    .unwrap_or(toks.len());
                if let Some(clause) = reported::participle_after(text, &toks[..end], &self.lex) {
                    follow_ups.push((clause, out.len()));
                }
            }
            let mut subject =
                after.or_else(|| self.attribution_before(text, prev_end..q.open, gaz));
            // A block quote after a paragraph that ends in a run-in attribution ("He said:").
            if subject.is_none() && q.open == para.start && !q.continued && pi > 0 {
                let pp = paras[pi - 1].clone();
                if text[pp.clone()].ends_with(':') {
                    let from = if k > 0 && para_of[k - 1] == pi - 1 {
                        raw[k - 1].close_end.clamp(pp.start, pp.end)
                    } else {
                        pp.start
                    };
                    subject = self.attribution_before(text, from..pp.end, gaz);
                }
            }
            let words = text[q.inner.clone()].split_whitespace().count();
            // Split quotes and quotes over paragraphs share the speaker of their neighbour (the
            // quote just before, if it was kept).
            // A continuation opens a sentence or follows the attribution's comma ("A," she
            // said. "B." / 'A,' he added, 'and B.'); a quote inside a sentence of its own ("He
            // added that he regarded it as "a mistake"") is not one.
            let prev_kept = k > 0 && out.last().is_some_and(|c| c.raw == Some(k - 1));
            let opens_clause = text[prev_end..q.open]
                .trim_end()
                .chars()
                .next_back()
                .is_none_or(|c| matches!(c, '.' | '!' | '?' | ',' | ':' | ';' | '—' | '–'));
            let linked_prev =
                prev_kept && (q.continued || (prev_in_para && words >= 2 && opens_clause));
            let same_as = if subject.is_none() && linked_prev {
                Some(out.len() - 1)
            } else {
                None
            };
            let whole_para = q.open == para.start && q.close_end >= para.end.saturating_sub(1);
            if subject.is_none()
                && same_as.is_none()
                && !(q.runs_on || (whole_para && words >= MIN_UNATTRIBUTED_WORDS))
            {
                continue; // a scare quote, title or nickname
            }
            out.push(Candidate {
                span: q.inner.clone(),
                kind: QuoteKind::Direct,
                subject,
                same_as,
                raw: Some(k),
                attribution: None,
            });
        }
        // A quote that runs on takes the speaker of the paragraph that closes it.
        for i in (0..out.len()).rev() {
            if out[i].subject.is_none()
                && out[i].same_as.is_none()
                && out[i].raw.is_some_and(|k| raw[k].runs_on)
                && i + 1 < out.len()
            {
                out[i].same_as = Some(i + 1);
            }
        }
        // Resolve chains of `same_as` to a candidate with its own subject: each candidate is
        // walked once (a chain that loops or ends without a subject resolves to none).
        const UNSEEN: u8 = 0;
        const ON_PATH: u8 = 1;
        const DONE: u8 = 2;
        let mut state = vec![UNSEEN; out.len()];
        let mut root: Vec<Option<usize>> = vec![None; out.len()];
        let mut path = Vec::new();
        for i in 0..out.len() {
            let mut j = i;
            let found = loop {
                match state[j] {
                    DONE => break root[j],
                    ON_PATH => break None,
                    _ => {}
                }
                if out[j].subject.is_some() {
                    break Some(j);
                }
                state[j] = ON_PATH;
                path.push(j);
                match out[j].same_as {
                    Some(n) => j = n,
                    None => break None,
                }
            };
            for p in path.drain(..) {
                state[p] = DONE;
                root[p] = found;
            }
        }
        for i in 0..out.len() {
            if let Some(r) = root[i].filter(|&r| r != i) {
                out[i].same_as = Some(r);
            }
        }
        for (span, i) in follow_ups {
            out.push(Candidate {
                span,
                kind: QuoteKind::Indirect,
                subject: None,
                same_as: Some(i),
                raw: None,
                attribution: None,
            });
        }
        out
    }

    /// "..., she said", "... said Lavrov", "... Lavrov was quoted as saying", "...?" she asked.
    fn attribution_after(
        &self,
        text: &str,
        span: Span,
        gaz: &Gazetteer,
    ) -> Option<speaker::Subject> {
        let toks = tokenize_head(text, span, AFTER_TOKENS);
        let end = toks
            .iter()
            .position(|t| matches!(t.text(text), "." | "!" | "?" | ";"))
            .unwrap_or(toks.len());
        let toks: &[Token] = &toks[..end];
        let first = toks.iter().position(|t| t.text(text) != ",")?;
        let verb = |i: usize| self.lex.verb_at(text, toks, i).map(|(_, n)| (i, n));
        // The first verb whose subject starts right after the quote (and its comma); a verb
        // inside a relative clause is passed over ("..., a senior official, who asked not to be
        // named, told Reuters").
        let subject_at = |(v, n): (usize, usize)| {
            // "'The Long Game', Rush Doshi argues that ...": the verb has a clause of its own.
            if toks
                .get(v + n)
                .is_some_and(|t| t.text(text).eq_ignore_ascii_case("that"))
            {
                return None;
            }
            if v == first {
                return speaker::after(text, toks, v + n, &self.lex, gaz);
            }
            speaker::before(text, toks, v, &self.lex, gaz)
                .filter(|s| s.phrase_start == toks[first].span.start)
        };
        (first..toks.len().min(first + ATTRIBUTION_WINDOW))
            .filter_map(verb)
            .find_map(subject_at)
            .or_else(|| {
                // The verb after a long appositive: "..., Lin Jian, a spokesman for the ministry
                // who ..., said on Monday".
                (first + ATTRIBUTION_WINDOW..toks.len().min(first + APPOSITIVE_WINDOW))
                    .filter(|&i| toks[i - 1].text(text) == ",")
                    .filter_map(verb)
                    .find_map(subject_at)
            })
    }

    /// "Hua said, '...'", "He added: '...'", "She made it clear: '...'".
    fn attribution_before(
        &self,
        text: &str,
        span: Span,
        gaz: &Gazetteer,
    ) -> Option<speaker::Subject> {
        let whole = span.len() <= BEFORE_BYTES;
        let toks = tokenize_tail(text, span, BEFORE_BYTES);
        let mut e = toks.len();
        while e > 0 && matches!(toks[e - 1].text(text), "," | ":" | "—" | "–" | "-") {
            e -= 1;
        }
        let that = e > 0 && toks[e - 1].text(text).eq_ignore_ascii_case("that");
        if that {
            e -= 1;
        }
        // The verb ends the run-in ("Hua said, '...'"), or an object or adjunct follows it before
        // a colon or comma ("X told a weekly media briefing: '...'").
        let verb_frame = |i: usize| {
            self.lex
                .verb_at(text, &toks, i)
                .filter(|&(_, n)| i + n <= e)
        };
        let verb = |i: usize| verb_frame(i).map(|(_, n)| n);
        let mut v = (e.saturating_sub(7)..e)
            .rev()
            .take_while(|&i| toks[i].is_word)
            .find(|&i| verb(i).is_some())?;
        let mut n = verb(v)?;
        // A phrase that holds the verb ("went on to say"): its first word.
        if let Some(j) = (v.saturating_sub(4)..v).find(|&j| {
            toks[j..v].iter().all(|t| t.is_word) && verb(j).is_some_and(|m| m > 1 && j + m > v)
        }) {
            n = verb(j)?;
            v = j;
        }
        // After the verb: nothing, or an object or adjunct before a colon, a comma or "that"
        // ("X told Biden that '...'"), with no sentence end in it.
        // Or a verb of telling and its addressee: one lower-case word ("X told reporters
        // '...'"), or a name of a few capitalised words, perhaps after an article ("told
        // POLITICO", "told the BBC"), not a possessive (in "told NBC's 'Meet the Press'" the
        // quoted words are the programme's name).
        let addressee = verb_frame(v).is_some_and(|(f, _)| f == Frame::Tell) && {
            let words: Vec<&str> = toks[v + n..e].iter().map(|t| t.text(text)).collect();
            let capitalised = |w: &&str| w.chars().next().is_some_and(char::is_uppercase);
            let name = match words.split_first() {
                Some((&("the" | "The"), rest)) => rest,
                _ => &words[..],
            };
            toks[v + n..e].iter().all(|t| t.is_word)
                && (1..=MAX_ADDRESSEE).contains(&words.len())
                && !words.last().is_some_and(|w| is_possessive_word(w))
                && ((words.len() == 1 && words[0].chars().all(char::is_lowercase))
                    || (!name.is_empty() && name.iter().all(capitalised)))
        };
        let punctuated = e < toks.len() && matches!(toks[e].text(text), ":" | ",");
        if v + n < e && !(that || addressee || punctuated) {
            return None;
        }
        if toks[v + n..e]
            .iter()
            .any(|t| matches!(t.text(text), "." | "!" | "?" | ";"))
        {
            return None;
        }
        speaker::before(text, &toks, v, &self.lex, gaz).or_else(|| {
            // "Lavrov met Blinken and said: '...'". The sentence must start in what was read.
            let start = match (0..v)
                .rev()
                .find(|&i| matches!(toks[i].text(text), "." | "!" | "?" | ";"))
            {
                Some(i) => i + 1,
                None if whole => 0,
                None => return None,
            };
            speaker::coordinated_subject(text, &toks, start, v, &self.lex, gaz)
        })
    }
}

/// The index of the paragraph that holds each raw quote's opening mark (both in text order).
fn paragraph_of(paras: &[Span], raw: &[marks::RawQuote]) -> Vec<usize> {
    let mut p = 0;
    raw.iter()
        .map(|q| {
            while p + 1 < paras.len() && paras[p].end <= q.open {
                p += 1;
            }
            p
        })
        .collect()
}

/// A name as one line of single-spaced words ("Sergey  Lavrov", a name broken over two lines).
fn tidy_name(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ")
}
