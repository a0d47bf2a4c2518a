//! Quotes and who said them: direct quotes between marks, reported speech, and speaker
//! attribution with coreference inside the article.
mod coref;
mod lexicon;
mod marks;
mod reported;
mod speaker;

pub use coref::Resolved;
pub use lexicon::{Frame, Lexicon};

use crate::actors::Gazetteer;
use crate::text::{paragraphs, sentences, tokenize, Span, Token};
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
}

impl QuoteFinder {
    /// A finder with the given lexicon.
    pub fn new(lex: Lexicon) -> Self {
        QuoteFinder { lex }
    }

    /// Finds every attributed quote of `text`, in text order.
    pub fn find(&self, text: &str, gaz: &Gazetteer) -> Vec<Quote> {
        let paras = paragraphs(text);
        let raw = marks::find(text, &paras);
        let mut cands = self.direct(text, &paras, &raw, gaz);
        let blocked: Vec<Span> = cands
            .iter()
            .filter_map(|c| raw.iter().find(|r| r.inner == c.span))
            .map(|r| r.open..r.close_end)
            .collect();
        for para in &paras {
            for sent in sentences(text, para.clone()) {
                if blocked
                    .iter()
                    .any(|b| b.start < sent.end && sent.start < b.end)
                {
                    continue;
                }
                let toks = tokenize(text, sent);
                if let Some(r) = reported::find(text, &toks, &self.lex, gaz) {
                    cands.push(Candidate {
                        span: r.clause,
                        kind: QuoteKind::Indirect,
                        subject: Some(r.subject),
                        same_as: None,
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
                    name: r.name,
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
                    name: r.name,
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
        gaz: &Gazetteer,
    ) -> Vec<Candidate> {
        let mut out: Vec<Candidate> = Vec::new();
        for (k, q) in raw.iter().enumerate() {
            let para = paras
                .iter()
                .find(|p| p.start <= q.open && q.open < p.end)
                .cloned()
                .unwrap_or(0..text.len());
            let prev_end = raw[..k]
                .iter()
                .rev()
                .find(|r| r.close_end > para.start)
                .map_or(para.start, |r| r.close_end);
            let next_open = raw
                .get(k + 1)
                .filter(|r| r.open < para.end)
                .map_or(para.end, |r| r.open);
            let subject = if q.runs_on {
                None
            } else {
                self.attribution_after(text, q.close_end..next_open, gaz)
            }
            .or_else(|| self.attribution_before(text, prev_end..q.open, gaz));
            let words = text[q.inner.clone()].split_whitespace().count();
            // Split quotes and quotes over paragraphs share the speaker of their neighbour.
            let prev = out.last();
            let linked_prev = prev.filter(|_| {
                q.continued || (k > 0 && raw[k - 1].close_end > para.start && words >= 2)
            });
            let same_as = if subject.is_none() {
                linked_prev.map(|_| out.len() - 1)
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
            });
        }
        // A quote that runs on takes the speaker of the paragraph that closes it.
        for i in (0..out.len()).rev() {
            if out[i].subject.is_none() && out[i].same_as.is_none() {
                if let Some(r) = raw.iter().find(|r| r.inner == out[i].span) {
                    if r.runs_on && i + 1 < out.len() {
                        out[i].same_as = Some(i + 1);
                    }
                }
            }
        }
        // Resolve chains of `same_as` to a candidate with its own subject.
        for i in 0..out.len() {
            let mut j = i;
            let mut steps = 0;
            while let Some(n) = out[j].same_as {
                if out[n].subject.is_some() || steps > out.len() {
                    j = n;
                    break;
                }
                j = n;
                steps += 1;
            }
            if j != i && out[j].subject.is_some() {
                out[i].same_as = Some(j);
            }
        }
        out
    }

    /// "..., she said", "... said Lavrov", "... Lavrov was quoted as saying".
    fn attribution_after(
        &self,
        text: &str,
        span: Span,
        gaz: &Gazetteer,
    ) -> Option<speaker::Subject> {
        let toks = tokenize(text, span);
        let end = toks
            .iter()
            .position(|t| matches!(t.text(text), "." | "!" | "?" | ";"))
            .unwrap_or(toks.len());
        let toks: &[Token] = &toks[..end];
        let first = toks.iter().position(|t| t.text(text) != ",")?;
        let v = (first..toks.len().min(first + ATTRIBUTION_WINDOW))
            .find(|&i| self.lex.verb(toks[i].text(text)).is_some())?;
        if v == first {
            return speaker::after(text, toks, v + 1, &self.lex, gaz);
        }
        let s = speaker::before(text, toks, v, &self.lex, gaz)?;
        // The subject must start right after the quote (and its comma).
        (s.phrase_start == toks[first].span.start).then_some(s)
    }

    /// "Hua said, '...'", "He added: '...'".
    fn attribution_before(
        &self,
        text: &str,
        span: Span,
        gaz: &Gazetteer,
    ) -> Option<speaker::Subject> {
        let toks = tokenize(text, span);
        let mut e = toks.len();
        while e > 0 && matches!(toks[e - 1].text(text), "," | ":" | "—" | "–" | "-") {
            e -= 1;
        }
        if e > 0 && toks[e - 1].text(text).eq_ignore_ascii_case("that") {
            e -= 1;
        }
        // The verb ends the run-in ("Hua said, '...'"), or an object or adjunct follows it before
        // a colon or comma ("X told a weekly media briefing: '...'").
        let v = (e.saturating_sub(7)..e)
            .rev()
            .take_while(|&i| toks[i].is_word)
            .find(|&i| self.lex.verb(toks[i].text(text)).is_some())?;
        if v + 1 < e && !(e < toks.len() && matches!(toks[e].text(text), ":" | ",")) {
            return None;
        }
        speaker::before(text, &toks, v, &self.lex, gaz)
    }
}
