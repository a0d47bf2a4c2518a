//! Multi-pattern matching of gazetteer forms on word boundaries (Aho-Corasick,
//! leftmost-longest), so "South China Sea" swallows "China" and runs in linear time.
use super::gazetteer::{Entry, EntryKind, Gazetteer};
use crate::error::{Error, Result};
use crate::text::{is_word_char, Span};
use aho_corasick::{AhoCorasick, MatchKind};

/// What kind of expression a mention is (SPEC 2.2 `mentions`, proto `MentionKind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MentionKind {
    Name,
    Demonym,
    Seat,
    Leader,
    Bloc,
    Pronoun,
    /// A span given by the caller.
    Entity,
}

impl MentionKind {
    /// The kind's name as in records.
    pub fn as_str(self) -> &'static str {
        match self {
            MentionKind::Name => "name",
            MentionKind::Demonym => "demonym",
            MentionKind::Seat => "seat",
            MentionKind::Leader => "leader",
            MentionKind::Bloc => "bloc",
            MentionKind::Pronoun => "pronoun",
            MentionKind::Entity => "entity",
        }
    }
}

/// A mention of a target in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// The target id (or the caller's entity name).
    pub target: String,
    /// Byte span in the text that was searched.
    pub span: Span,
    pub kind: MentionKind,
}

/// The compiled automaton over every form.
#[derive(Debug)]
pub(super) struct Matcher {
    ac: AhoCorasick,
    /// Pattern index → index into the gazetteer's forms.
    pattern_form: Vec<usize>,
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
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .map_err(|e| Error::Data {
                path: "gazetteer".into(),
                line: 0,
                reason: e.to_string(),
            })?;
        Ok(Matcher { ac, pattern_form })
    }
}

impl Gazetteer {
    /// Every gazetteer match in `span` of `text` on word boundaries, in text order, including
    /// organisations; longer names swallow the country names inside them.
    pub fn find_entries<'a>(&'a self, text: &str, span: Span) -> Vec<(Span, &'a Entry)> {
        let hay = &text[span.clone()];
        let mut out = Vec::new();
        for m in self.matcher.ac.find_iter(hay) {
            let (s, e) = (m.start(), m.end());
            let before_ok = hay[..s]
                .chars()
                .next_back()
                .is_none_or(|c| !is_word_char(c));
            let after_ok = hay[e..].chars().next().is_none_or(|c| !is_word_char(c));
            if !(before_ok && after_ok) {
                continue;
            }
            let entry = &self.forms[self.matcher.pattern_form[m.pattern().as_usize()]].1;
            out.push((span.start + s..span.start + e, entry));
        }
        out
    }

    /// Mentions of targets (countries and blocs) in `span` of `text`.
    pub fn find_mentions(&self, text: &str, span: Span) -> Vec<Mention> {
        self.find_entries(text, span)
            .into_iter()
            .filter_map(|(span, e)| {
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
                    span,
                    kind,
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
}
