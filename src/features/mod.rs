//! Features for the classifiers: target-masked word n-grams, a window around each mention,
//! mention kinds, own-country flag and cue words with negation, hashed to a fixed dimension.
mod cues;
mod hashing;

pub use cues::{Cue, Cues};
pub use hashing::{FeatureConfig, SparseVec};

use crate::actors::MentionKind;
use crate::text::{tokenize, Span};
use hashing::Hasher;

/// Prefixes of word n-gram features by order ("w1:", "w2:", ...).
const WORD_PREFIX: &[&str] = &["w0:", "w1:", "w2:", "w3:", "w4:", "w5:"];

/// Placeholder for the target's mentions.
pub const TARGET: &str = "<t>";
/// Placeholder for other targets' mentions.
pub const OTHER: &str = "<o>";

/// Where a target sits in a quote, as the stance featuriser needs it.
#[derive(Debug, Clone)]
pub struct TargetView<'a> {
    /// Byte spans of this target's mentions in the text.
    pub mentions: &'a [Span],
    /// Kinds of those mentions.
    pub kinds: &'a [MentionKind],
    /// Byte spans of every other target's mentions.
    pub others: &'a [Span],
    /// The target is the speaker's own country.
    pub own: bool,
}

/// Turns quotes into sparse vectors.
#[derive(Debug, Clone)]
pub struct Featurizer {
    pub cfg: FeatureConfig,
    cues: Cues,
}

impl Featurizer {
    /// A featuriser with the built-in cue lexicon.
    pub fn new(cfg: FeatureConfig) -> crate::Result<Self> {
        Ok(Featurizer {
            cfg,
            cues: Cues::builtin()?,
        })
    }

    /// Features of the speaker's stance toward one target. With `names`, also returns each
    /// feature's readable form (for explanations).
    pub fn stance(
        &self,
        text: &str,
        view: &TargetView<'_>,
        names: Option<&mut Vec<(u32, String)>>,
    ) -> SparseVec {
        let toks = masked_tokens(text, view.mentions, view.others);
        let mut h = Hasher::new(&self.cfg, names);
        self.ngrams(&mut h, &toks);
        let positions: Vec<usize> = (0..toks.len()).filter(|&i| toks[i] == TARGET).collect();
        let w = self.cfg.window;
        for &p in &positions {
            for t in &toks[p.saturating_sub(w)..p] {
                h.add_parts("l:", &[t], 1.0);
            }
            for t in toks.iter().take((p + 1 + w).min(toks.len())).skip(p + 1) {
                h.add_parts("r:", &[t], 1.0);
            }
        }
        // The sentence and the clause each mention stands in: what is said there is what is said
        // about the target ("We want peace. Washington keeps fanning the flames.").
        let (sent, clause) = scopes(&toks);
        let in_scope = |ids: &[usize], i: usize| positions.iter().any(|&p| ids[p] == ids[i]);
        for (i, t) in toks.iter().enumerate() {
            if (t.len() == 1 && !t.chars().all(char::is_alphanumeric)) || t == TARGET {
                continue;
            }
            if in_scope(&clause, i) {
                h.add_parts("c:", &[t], 1.0);
            } else if in_scope(&sent, i) {
                h.add_parts("s:", &[t], 1.0);
            }
        }
        for &p in &positions {
            let first = (0..p).rev().take_while(|&i| clause[i] == clause[p]).count() == 0;
            h.add(if first { "role:subject" } else { "role:object" }, 1.0);
        }
        // Cues near the target, with negation.
        for (i, cue) in self.cues.scan(&toks) {
            let near = positions.iter().any(|&p| p.abs_diff(i) <= 2 * w);
            let name = cue.name();
            h.add_parts("cue:", &[name], 1.0);
            if near {
                h.add_parts("cue_near:", &[name], 1.0);
            }
            if in_scope(&clause, i) {
                h.add_parts("cue_clause:", &[name], 1.0);
            } else if in_scope(&sent, i) {
                h.add_parts("cue_sentence:", &[name], 1.0);
            } else {
                h.add_parts("cue_elsewhere:", &[name], 1.0);
            }
        }
        if positions.is_empty() {
            h.add("target:absent", 1.0);
        }
        if view.own {
            h.add("target:own", 1.0);
            for &p in &positions {
                for t in &toks[p.saturating_sub(w)..(p + w + 1).min(toks.len())] {
                    h.add_parts("own:", &[t], 1.0);
                }
            }
        }
        for k in view.kinds {
            h.add_parts("kind:", &[k.as_str()], 1.0);
        }
        if !view.others.is_empty() {
            h.add("others:present", 1.0);
        }
        h.add("bias", 1.0);
        h.finish()
    }

    /// Features of a quote's tone; every mention is masked alike.
    pub fn sentiment(
        &self,
        text: &str,
        mentions: &[Span],
        names: Option<&mut Vec<(u32, String)>>,
    ) -> SparseVec {
        let toks = masked_tokens(text, &[], mentions);
        let mut h = Hasher::new(&self.cfg, names);
        self.ngrams(&mut h, &toks);
        for (_, cue) in self.cues.scan(&toks) {
            h.add_parts("cue:", &[cue.name()], 1.0);
        }
        h.add("bias", 1.0);
        h.finish()
    }

    fn ngrams(&self, h: &mut Hasher<'_>, toks: &[String]) {
        let (lo, hi) = self.cfg.word_ngrams;
        for n in lo.max(1)..=hi {
            for win in toks.windows(n) {
                h.add_parts(WORD_PREFIX[n.min(WORD_PREFIX.len() - 1)], win, 1.0);
            }
        }
        if let Some((lo, hi)) = self.cfg.char_ngrams {
            for t in toks.iter().filter(|t| !t.starts_with('<')) {
                let padded: Vec<char> = format!(" {t} ").chars().collect();
                for n in lo..=hi {
                    for win in padded.windows(n) {
                        let s: String = win.iter().collect();
                        h.add(&format!("ch:{s}"), 0.5);
                    }
                }
            }
        }
    }
}

/// Sentence and clause ids of each token: sentences end at `.`, `?`, `!`; clauses also at
/// `,`, `;`, `:` and before contrast words.
fn scopes(toks: &[String]) -> (Vec<usize>, Vec<usize>) {
    let (mut s, mut c) = (0, 0);
    let mut sent = Vec::with_capacity(toks.len());
    let mut clause = Vec::with_capacity(toks.len());
    for t in toks {
        if matches!(t.as_str(), "but" | "while" | "whereas" | "however" | "yet") {
            c += 1;
        }
        sent.push(s);
        clause.push(c);
        match t.as_str() {
            "." | "?" | "!" => {
                s += 1;
                c += 1;
            }
            "," | ";" | ":" => c += 1,
            _ => {}
        }
    }
    (sent, clause)
}

/// Lower-cased tokens with target mentions replaced by [`TARGET`] and others by [`OTHER`].
pub fn masked_tokens(text: &str, target: &[Span], others: &[Span]) -> Vec<String> {
    let mut out = Vec::new();
    let mut last_mask: Option<(usize, &str)> = None;
    for t in tokenize(text, 0..text.len()) {
        let inside = |spans: &[Span]| {
            spans
                .iter()
                .position(|s| s.start <= t.span.start && t.span.end <= s.end + 3)
        };
        let mask = if let Some(i) = inside(target) {
            Some((i, TARGET))
        } else {
            inside(others).map(|i| (i + 10_000, OTHER))
        };
        if let Some((i, m)) = mask {
            if last_mask.map(|(j, _)| j) != Some(i) {
                out.push(m.to_string());
            }
            last_mask = Some((i, m));
            continue;
        }
        last_mask = None;
        let w = t.text(text);
        if !t.is_word && !matches!(w, "." | "?" | "!" | "," | ";" | ":") {
            continue;
        }
        out.push(w.replace('’', "'").to_lowercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_target_and_others() {
        let t = "China's ties with the U.S. are bad";
        let (target, other) = (
            vec![Span { start: 0, end: 5 }],
            vec![Span { start: 22, end: 26 }],
        );
        let toks = masked_tokens(t, &target, &other);
        assert_eq!(
            toks,
            vec!["<t>", "ties", "with", "the", "<o>", "are", "bad"]
        );
    }

    #[test]
    fn stance_vector_depends_on_target() {
        let f = Featurizer::new(FeatureConfig::default()).unwrap();
        let t = "We oppose Washington and support Moscow";
        let m1 = vec![Span { start: 10, end: 20 }];
        let m2 = vec![Span { start: 33, end: 39 }];
        let k = [MentionKind::Seat];
        let a = f.stance(
            t,
            &TargetView {
                mentions: &m1,
                kinds: &k,
                others: &m2,
                own: false,
            },
            None,
        );
        let b = f.stance(
            t,
            &TargetView {
                mentions: &m2,
                kinds: &k,
                others: &m1,
                own: false,
            },
            None,
        );
        assert_ne!(a, b);
        assert!(a.val.iter().all(|v| *v > 0.0) && !a.idx.is_empty());
    }
}
