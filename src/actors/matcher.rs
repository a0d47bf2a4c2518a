//! Multi-pattern matching of gazetteer forms on word boundaries (Aho-Corasick,
//! leftmost-longest), so "South China Sea" swallows "China" and runs in linear time; then the
//! context rules of `rules.tsv` on each match.
use super::caps;
use super::context::Around;
use super::gazetteer::{Entry, EntryKind, Gazetteer};
use super::mention::{Mention, MentionKind};
use crate::error::{Error, Result};
use crate::text::{is_word_char, Span};
use aho_corasick::{AhoCorasick, AhoCorasickKind, Input, MatchKind};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::OnceLock;

/// Bytes of text the case-sensitive NFA scans before the DFA is built. For this gazetteer the
/// DFA costs about 490 million instructions to build (~0.15 s, and ~40 MB) and saves about 14
/// instructions per byte scanned against the NFA: it pays for itself after ~35 MB of text. A
/// short job (one story, a test, a file of a few thousand quotes) never builds it; a long one
/// (a corpus, the server) spends at most twice what knowing its length in advance would have.
const DFA_AFTER_BYTES: usize = 32 << 20;

/// The compiled automata over every form.
#[derive(Debug)]
pub(super) struct Matcher {
    /// The case-sensitive patterns, as forms are written (plus "The X" for every "the X").
    patterns: Vec<String>,
    /// Those patterns as a contiguous NFA: cheap to build, and what scans until `dfa` exists.
    nfa: AhoCorasick,
    /// The same patterns as a DFA (the same matches, in fewer steps), built once `scanned`
    /// reaches [`DFA_AFTER_BYTES`], by the one scan that finds `building` unset.
    dfa: OnceLock<AhoCorasick>,
    building: AtomicBool,
    scanned: AtomicUsize,
    /// [`DFA_AFTER_BYTES`] (tests lower it).
    dfa_after: usize,
    /// Pattern index → index into the gazetteer's forms.
    pattern_form: Vec<usize>,
    /// ASCII case-insensitive, one pattern per form, for all-capitals stretches; built on
    /// first use so that loading stays cheap.
    folded: OnceLock<Option<AhoCorasick>>,
}

fn build(patterns: &[String], ci: bool, kind: AhoCorasickKind) -> Result<AhoCorasick> {
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .ascii_case_insensitive(ci)
        .kind(Some(kind))
        .build(patterns)
        .map_err(|e| Error::Data {
            path: "gazetteer".into(),
            line: 0,
            reason: e.to_string(),
        })
}

impl Matcher {
    pub(super) fn new(forms: &[(String, Entry)]) -> Result<Self> {
        let mut patterns = Vec::with_capacity(forms.len() + 64);
        let mut pattern_form = Vec::with_capacity(forms.len() + 64);
        for (i, (form, _)) in forms.iter().enumerate() {
            patterns.push(form.clone());
            pattern_form.push(i);
            // A leading article matches in either case: "the West" / "The West".
            if let Some(rest) = form.strip_prefix("the ") {
                patterns.push(format!("The {rest}"));
                pattern_form.push(i);
            }
        }
        Ok(Matcher {
            nfa: build(&patterns, false, AhoCorasickKind::ContiguousNFA)?,
            patterns,
            dfa: OnceLock::new(),
            building: AtomicBool::new(false),
            scanned: AtomicUsize::new(0),
            dfa_after: DFA_AFTER_BYTES,
            pattern_form,
            folded: OnceLock::new(),
        })
    }

    /// The case-sensitive automaton for a scan of `len` more bytes: the DFA once it is built,
    /// else the NFA (and this scan builds the DFA if it is the one that crosses the threshold).
    fn case_sensitive(&self, len: usize) -> &AhoCorasick {
        if let Some(dfa) = self.dfa.get() {
            return dfa;
        }
        let before = self.scanned.fetch_add(len, Ordering::Relaxed);
        if before.saturating_add(len) >= self.dfa_after
            && !self.building.swap(true, Ordering::AcqRel)
        {
            // A DFA that cannot be built (it cannot for this gazetteer's size, but a user's
            // could be larger) leaves the NFA in place: the matches are the same.
            match build(&self.patterns, false, AhoCorasickKind::DFA) {
                Ok(dfa) => {
                    tracing::debug!(
                        bytes = before + len,
                        memory = dfa.memory_usage(),
                        "gazetteer DFA built"
                    );
                    return self.dfa.get_or_init(|| dfa);
                }
                Err(e) => tracing::debug!("gazetteer DFA not built, the NFA goes on: {e}"),
            }
        }
        &self.nfa
    }
}

/// One accepted match.
struct Hit {
    span: Span,
    form: usize,
    place: bool,
}

impl Gazetteer {
    fn folded(&self) -> Option<&AhoCorasick> {
        self.matcher
            .folded
            .get_or_init(|| {
                // All-capitals stretches (datelines, headlines) are short: an NFA, built in
                // a fraction of a DFA's time and memory.
                let forms: Vec<String> = self.forms.iter().map(|(f, _)| f.clone()).collect();
                build(&forms, true, AhoCorasickKind::ContiguousNFA).ok()
            })
            .as_ref()
    }

    /// Every match in `span` of `text` that passes the word-boundary check and the rules (the
    /// speaker's country, if known, is what `require-speaker` rules check).
    fn hits(&self, text: &str, span: Span, speaker: Option<&str>) -> Vec<Hit> {
        let mut out = Vec::new();
        let regions = caps::regions(text, span.clone());
        let ac = self.matcher.case_sensitive(span.len());
        // Case-sensitive between the all-capitals stretches, case-insensitive inside them.
        let mut pos = span.start;
        for g in &regions {
            self.scan(ac, text, &span, pos..g.start, false, speaker, &mut out);
            pos = g.end;
        }
        self.scan(ac, text, &span, pos..span.end, false, speaker, &mut out);
        if !regions.is_empty() {
            if let Some(ac) = self.folded() {
                for g in &regions {
                    self.scan(ac, text, &span, g.clone(), true, speaker, &mut out);
                }
                out.sort_by_key(|h| h.span.start);
            }
        }
        self.places_in_lists(text, &mut out);
        out
    }

    /// Leftmost-longest matches in `region`. A match that fails the word-boundary check is
    /// skipped by one character only, so "the West" inside "the Western members" does not hide
    /// "Western", and one that a rule drops is skipped by one character too ("the North" in
    /// "the North Korean"); an accepted match is skipped whole. At most (longest form) steps per
    /// character: linear in the text.
    #[allow(clippy::too_many_arguments)]
    fn scan(
        &self,
        ac: &AhoCorasick,
        text: &str,
        within: &Span,
        region: Span,
        folded: bool,
        speaker: Option<&str>,
        out: &mut Vec<Hit>,
    ) {
        let mut pos = region.start;
        while pos < region.end {
            let Some(m) = ac.find(Input::new(text).span(pos..region.end)) else {
                break;
            };
            let (s, e) = (m.start(), m.end());
            let before_ok = text[within.start..s]
                .chars()
                .next_back()
                .is_none_or(|c| !is_word_char(c));
            let after_ok = text[e..within.end]
                .chars()
                .next()
                .is_none_or(|c| !is_word_char(c));
            let mut e = e;
            let form = if !before_ok {
                None
            } else if after_ok {
                Some(if folded {
                    m.pattern().as_usize()
                } else {
                    self.matcher.pattern_form[m.pattern().as_usize()]
                })
            } else {
                // "Georgia Tech" ends inside "Georgia Technologies": the longest shorter form
                // at the same start that ends on a word boundary ("Georgia").
                let f = (!folded).then(|| self.shorter_form(text, s, e)).flatten();
                if let Some((end, _)) = f {
                    e = end;
                }
                f.map(|(_, form)| form)
            };
            let Some(form) = form else {
                pos = s + text[s..].chars().next().map_or(1, char::len_utf8);
                continue;
            };
            let kind = self.forms[form].1.kind;
            let mut place = false;
            let mut keep = true;
            if self.rules.any_for(form, kind) {
                let ctx = Around::new(text, &(s..e), self.rules.width);
                let v = self.rules.judge(form, kind, &ctx, folded, speaker);
                // A country or leader right before a leader's name is not their first name
                // ("with Venezuela Trump is ...").
                keep = v.keep
                    || (kind == EntryKind::Leader
                        && out.last().is_some_and(|h| {
                            text.get(h.span.end..s)
                                .is_some_and(|gap| gap.chars().all(char::is_whitespace))
                        }));
                place = v.place;
            }
            if keep {
                out.push(Hit {
                    span: s..e,
                    form,
                    place,
                });
                pos = e;
            } else {
                // A dropped match may hide a longer one that starts inside it: "the North"
                // (dropped) in "the North Korean leader".
                pos = s + text[s..].chars().next().map_or(1, char::len_utf8);
            }
        }
    }

    /// The longest form that starts at `s` and ends on a word boundary before `e`, with its
    /// end: candidates are looked up whole, from the longest.
    fn shorter_form(&self, text: &str, s: usize, e: usize) -> Option<(usize, usize)> {
        let mut ends: Vec<usize> = text[s..e]
            .char_indices()
            .filter(|&(i, c)| i > 0 && !is_word_char(c))
            .map(|(i, _)| s + i)
            .filter(|&b| text[..b].chars().next_back().is_some_and(is_word_char))
            .collect();
        ends.reverse();
        ends.into_iter().find_map(|b| {
            let cand = &text[s..b];
            let form = self.form_index(cand).or_else(|| {
                cand.strip_prefix("The ")
                    .and_then(|rest| self.form_index(&format!("the {rest}")))
            })?;
            Some((b, form))
        })
    }

    /// A seat listed right after a seat used as a place is a place too: "travel to Port Sudan
    /// and Nairobi", "consulates in Harare and Ouagadougou".
    fn places_in_lists(&self, text: &str, hits: &mut [Hit]) {
        for i in 1..hits.len() {
            let (a, b) = (&hits[i - 1], &hits[i]);
            let seats = self.forms[a.form].1.kind == EntryKind::Seat
                && self.forms[b.form].1.kind == EntryKind::Seat;
            if !seats || !a.place || b.place || a.span.end > b.span.start {
                continue;
            }
            let gap = text[a.span.end..b.span.start].trim();
            let rest = &text[b.span.end..];
            if matches!(
                gap,
                "and" | "or" | "," | ", and" | ", or" | "&" | "and then" | "then"
            ) && !rest.starts_with("'s")
                && !rest.starts_with("’s")
            {
                hits[i].place = true;
            }
        }
    }

    /// Every gazetteer match in `span` of `text` on word boundaries, in text order, including
    /// organisations; longer names swallow the country names inside them, and the context
    /// rules have dropped the matches they rule out ("Michael Jordan", "Atlanta, Georgia").
    pub fn find_entries<'a>(&'a self, text: &str, span: Span) -> Vec<(Span, &'a Entry)> {
        self.hits(text, span, None)
            .into_iter()
            .map(|h| (h.span, &self.forms[h.form].1))
            .collect()
    }

    /// Mentions of targets (countries and blocs) in `span` of `text`.
    pub fn find_mentions(&self, text: &str, span: Span) -> Vec<Mention> {
        self.find_mentions_by(text, span, None)
    }

    /// Mentions of targets in `span` of `text`, a quote by a speaker for `speaker` (a target
    /// id): forms whose rules require a speaker ("the North" is North Korea in a South Korean
    /// official's quote) count only for that speaker.
    pub fn find_mentions_by(&self, text: &str, span: Span, speaker: Option<&str>) -> Vec<Mention> {
        self.hits(text, span, speaker)
            .into_iter()
            .filter_map(|h| {
                let e = &self.forms[h.form].1;
                if let (EntryKind::Org, Some((inner, k))) = (e.kind, &e.inner) {
                    // "the Russian embassy" is a mention of Russia: its demonym.
                    return Some(Mention {
                        target: e.id.clone(),
                        span: h.span.start + inner.start..h.span.start + inner.end,
                        kind: if *k == EntryKind::Name {
                            MentionKind::Name
                        } else if *k == EntryKind::Seat {
                            MentionKind::Seat
                        } else {
                            MentionKind::Demonym
                        },
                        place: false,
                    });
                }
                let kind = match e.kind {
                    EntryKind::Name => MentionKind::Name,
                    EntryKind::Demonym => MentionKind::Demonym,
                    EntryKind::Seat => MentionKind::Seat,
                    EntryKind::Leader => MentionKind::Leader,
                    EntryKind::Bloc => MentionKind::Bloc,
                    EntryKind::Org | EntryKind::None => return None,
                };
                Some(Mention {
                    target: e.id.clone(),
                    span: h.span,
                    kind,
                    place: h.place && kind == MentionKind::Seat,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(t: &str) -> Vec<(String, String)> {
        let g = Gazetteer::builtin().unwrap();
        g.find_mentions(t, 0..t.len())
            .into_iter()
            .map(|m| (t[m.span].to_string(), m.target))
            .collect()
    }

    #[test]
    fn names_demonyms_seats_leaders_blocs() {
        let got = found(
            "Beijing and the Kremlin said Chinese and Russian ties irk the West, Putin and NATO.",
        );
        let ids: Vec<&str> = got.iter().map(|(_, id)| id.as_str()).collect();
        assert_eq!(ids, vec!["CN", "RU", "CN", "RU", "WEST", "RU", "NATO"]);
    }

    #[test]
    fn longer_names_swallow_and_boundaries_hold() {
        assert!(found("ships in the South China Sea").is_empty());
        assert!(found("Chinaware and USAID").is_empty());
        assert_eq!(found("China's and Russia’s")[1].0, "Russia");
        assert!(found("tell us more").is_empty());
    }

    #[test]
    fn the_dfa_built_after_a_threshold_finds_what_the_nfa_found() {
        let mut g = Gazetteer::builtin().unwrap();
        g.matcher.dfa_after = 200;
        let t = "Beijing and the Kremlin said Chinese and Russian ties irk the West, Putin, NATO \
                 and Georgia Tech, in the South China Sea and the North Korean capital.";
        let spans = |g: &Gazetteer| {
            g.find_mentions(t, 0..t.len())
                .into_iter()
                .map(|m| (m.span, m.target))
                .collect::<Vec<_>>()
        };
        let by_nfa = spans(&g);
        assert!(g.matcher.dfa.get().is_none(), "{} bytes", t.len());
        assert_eq!(spans(&g), by_nfa, "the scan that builds the DFA");
        assert!(g.matcher.dfa.get().is_some());
        assert_eq!(spans(&g), by_nfa, "a scan by the DFA");
        assert!(by_nfa.len() >= 7, "{by_nfa:?}");
    }

    #[test]
    fn all_capitals_are_matched_without_case() {
        let got = found("He posted: CHINA AND THE EU ARE RIPPING US OFF. Then he left.");
        let ids: Vec<&str> = got.iter().map(|(_, id)| id.as_str()).collect();
        assert_eq!(ids, vec!["CN", "EU"]);
        assert_eq!(got[0].0, "CHINA");
    }
}
