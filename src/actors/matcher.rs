//! Matching of gazetteer forms on word boundaries, longest first, so "South China Sea" swallows
//! "China"; then the context rules of `rules.tsv` on each match.
//!
//! A match counts only where a word starts, so the forms are looked up in a trie at each word
//! start whose first byte begins some form, rather than searched for over every byte: most words
//! of a text (lower-case, or capitalised with no form beginning so) cost one table look-up.
use super::caps;
use super::context::Around;
use super::gazetteer::{Entry, EntryKind, Gazetteer};
use super::mention::{Mention, MentionKind};
use super::trie::Trie;
use crate::text::{ascii_word_len, is_word_char, Span};
use std::sync::OnceLock;

/// The tries of every form.
#[derive(Debug)]
pub(super) struct Matcher {
    /// The forms as written (plus "The X" for every "the X"), case-sensitive.
    exact: Trie,
    /// Pattern index → index into the gazetteer's forms.
    pattern_form: Vec<usize>,
    /// ASCII case-insensitive, one pattern per form, for all-capitals stretches; built on
    /// first use so that loading stays cheap.
    folded: OnceLock<Trie>,
}

impl Matcher {
    pub(super) fn new(forms: &[(String, Entry)]) -> Self {
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
        Matcher {
            exact: Trie::new(&patterns, false),
            pattern_form,
            folded: OnceLock::new(),
        }
    }
}

/// One accepted match.
struct Hit {
    span: Span,
    form: usize,
    place: bool,
}

impl Gazetteer {
    fn folded(&self) -> &Trie {
        self.matcher.folded.get_or_init(|| {
            let forms: Vec<&str> = self.forms.iter().map(|(f, _)| f.as_str()).collect();
            Trie::new(&forms, true)
        })
    }

    /// Every match in `span` of `text` that passes the word-boundary check and the rules (the
    /// speaker's country, if known, is what `require-speaker` rules check).
    fn hits(&self, text: &str, span: Span, speaker: Option<&str>) -> Vec<Hit> {
        let mut out = Vec::with_capacity(8);
        let regions = caps::regions(text, span.clone());
        let exact = &self.matcher.exact;
        // Case-sensitive between the all-capitals stretches, case-insensitive inside them.
        let mut pos = span.start;
        for g in &regions {
            self.scan(exact, text, &span, pos..g.start, false, speaker, &mut out);
            pos = g.end;
        }
        self.scan(exact, text, &span, pos..span.end, false, speaker, &mut out);
        if !regions.is_empty() {
            let folded = self.folded();
            for g in &regions {
                self.scan(folded, text, &span, g.clone(), true, speaker, &mut out);
            }
            out.sort_by_key(|h| h.span.start);
        }
        self.places_in_lists(text, &mut out);
        out
    }

    /// The longest match at each word start in `region`, from left to right. A match that
    /// does not end on a word boundary gives way to the longest shorter form that does, and one
    /// that a rule drops leaves the next word start to be tried ("the North" in "the North
    /// Korean", and "Western" after "the West" in "the Western members"); an accepted match is
    /// skipped whole. At most (longest form) steps per word start: linear in the text.
    #[allow(clippy::too_many_arguments)]
    fn scan(
        &self,
        forms: &Trie,
        text: &str,
        within: &Span,
        region: Span,
        folded: bool,
        speaker: Option<&str>,
        out: &mut Vec<Hit>,
    ) {
        let bytes = &text.as_bytes()[..region.end];
        let mut pos = region.start;
        while pos < region.end {
            // A match starts on a byte some form starts with (never inside a character: no
            // form starts with a continuation byte), after no word character.
            let s = pos;
            pos += 1;
            if bytes[s].is_ascii_alphanumeric() {
                // No word starts inside an (ASCII) word.
                pos += ascii_word_len(&bytes[pos..]);
            }
            if !forms.starts_with_byte(bytes[s])
                || text[within.start..s]
                    .chars()
                    .next_back()
                    .is_some_and(is_word_char)
            {
                continue;
            }
            let Some((pattern, e)) = forms.longest_at(bytes, s, region.end) else {
                continue;
            };
            let after_ok = text[e..within.end]
                .chars()
                .next()
                .is_none_or(|c| !is_word_char(c));
            let mut e = e;
            let form = if after_ok {
                Some(if folded {
                    pattern
                } else {
                    self.matcher.pattern_form[pattern]
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
    fn all_capitals_are_matched_without_case() {
        let got = found("He posted: CHINA AND THE EU ARE RIPPING US OFF. Then he left.");
        let ids: Vec<&str> = got.iter().map(|(_, id)| id.as_str()).collect();
        assert_eq!(ids, vec!["CN", "EU"]);
        assert_eq!(got[0].0, "CHINA");
    }
}
