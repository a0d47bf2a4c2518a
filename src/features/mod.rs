//! Features for the classifiers: target-masked word n-grams, a window around each mention,
//! the clause and sentence each mention stands in, mention kinds, own-country flag, the
//! target's head word, cue words and graded polarity with negation, hashed to a fixed
//! dimension.
//!
//! A quote is tokenised, normalised, hashed and looked up in the lexicons once ([`Analysis`]);
//! the features of each target and of the quote's tone are then built from those hashes
//! without touching strings (strings are built only when explanations are asked for).
mod hashing;
mod lexicon;

pub use hashing::{fnv1a, word_hash, FeatureConfig, SparseVec};
pub use lexicon::{builtin_digest as lexicons_digest, CueClass, Entry, Lexicon};

use crate::actors::MentionKind;
use crate::text::{tokenize, Span};
use hashing::{Hasher, Part, Tag};

/// A [`Tag`] made at compile time from a literal: `tag!("l1:")`.
macro_rules! tag {
    ($name:literal) => {{
        const T: Tag = Tag::new($name);
        T
    }};
}

/// Prefixes of word n-gram features by order ("w1:", "w2:", ...).
const WORD_PREFIX: &[Tag] = &[
    tag!("w0:"),
    tag!("w1:"),
    tag!("w2:"),
    tag!("w3:"),
    tag!("w4:"),
    tag!("w5:"),
];

/// Placeholder for the target's mentions.
pub const TARGET: &str = "<t>";
/// Placeholder for other targets' mentions.
pub const OTHER: &str = "<o>";

/// Words that open a new clause ("We want peace, but Washington ...").
const CONTRAST: &[&str] = &["but", "while", "whereas", "however", "yet"];

/// A cue word within this many tokens after a negator is flipped ("do not oppose").
const NEGATION_SCOPE: usize = 3;

/// Features as (index, value) pairs in the order they were made; an index may repeat (the
/// model sums repeats, [`SparseVec::from_pairs`] too).
pub type Pairs = Vec<(u32, f32)>;

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
    /// The target's name: its id ("US", "NATO") or an entity's name ("Hillary Clinton"). Its
    /// head word is a feature, so that the model also learns how each target tends to be
    /// spoken of, beside the patterns that the masking makes common to all targets.
    pub name: &'a str,
    /// The speaker's country, when known: with the target's head word it makes a dyad feature
    /// ("CN → ru"), so that the model learns who tends to side with whom, which a prior on the
    /// target alone cannot say.
    pub speaker_country: Option<&'a str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Word,
    /// A word that opens a new clause.
    Contrast,
    /// `.`, `?`, `!`
    SentenceEnd,
    /// `,`, `;`, `:`
    ClauseBreak,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mask {
    None,
    Target,
    Other,
}

/// One token as the features see it: a word or clause punctuation, or a masked mention.
#[derive(Debug, Clone, Copy)]
struct Unit<'t> {
    hash: u64,
    text: &'t str,
    start: usize,
    end: usize,
    kind: Kind,
    mask: Mask,
    entry: Entry,
}

impl Part for Unit<'_> {
    fn hash(&self) -> u64 {
        self.hash
    }
    fn spell(&self, out: &mut String) {
        match self.mask {
            Mask::Target => out.push_str(TARGET),
            Mask::Other => out.push_str(OTHER),
            Mask::None => out.push_str(&self.text.replace('’', "'").to_lowercase()),
        }
    }
}

/// What a cue word signals where it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cue {
    Pos,
    Neg,
    /// A positive cue under negation.
    NotPos,
    /// A negative cue under negation.
    NotNeg,
    Contrast,
}

impl Cue {
    fn name(self) -> Tag {
        match self {
            Cue::Pos => tag!("pos"),
            Cue::Neg => tag!("neg"),
            Cue::NotPos => tag!("not_pos"),
            Cue::NotNeg => tag!("not_neg"),
            Cue::Contrast => tag!("contrast"),
        }
    }
}

/// A quote tokenised, normalised, hashed and looked up once.
#[derive(Debug, Clone)]
pub struct Analysis<'t> {
    units: Vec<Unit<'t>>,
}

impl Analysis<'_> {
    /// Number of tokens kept (words and clause punctuation).
    pub fn len(&self) -> usize {
        self.units.len()
    }

    /// Whether no token was kept.
    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }
}

/// Turns quotes into hashed features.
#[derive(Debug, Clone)]
pub struct Featurizer {
    pub cfg: FeatureConfig,
    lexicon: Lexicon,
    contrast: Vec<u64>,
    target_hash: u64,
    other_hash: u64,
}

/// The per-target state the stance features are built from.
struct Scoped<'t> {
    units: Vec<Unit<'t>>,
    /// Positions of the target's mentions in `units`.
    positions: Vec<usize>,
    sentence: Vec<u32>,
    clause: Vec<u32>,
    /// Units the target itself says ("<t> said the deal was a disaster").
    speech: Vec<bool>,
}

impl Scoped<'_> {
    /// Whether unit `i` shares a scope (`ids`: sentence or clause ids) with a target mention.
    fn with_target(&self, ids: &[u32], i: usize) -> bool {
        self.positions.iter().any(|&p| ids[p] == ids[i])
    }

    fn scope_of(&self, i: usize) -> Tag {
        if self.speech[i] {
            tag!("speech")
        } else if self.with_target(&self.clause, i) {
            tag!("clause")
        } else if self.with_target(&self.sentence, i) {
            tag!("sentence")
        } else {
            tag!("elsewhere")
        }
    }
}

impl Featurizer {
    /// A featuriser with the built-in lexicons.
    pub fn new(cfg: FeatureConfig) -> crate::Result<Self> {
        Ok(Featurizer {
            cfg,
            lexicon: Lexicon::builtin()?,
            contrast: CONTRAST.iter().map(|w| word_hash(w)).collect(),
            target_hash: word_hash(TARGET),
            other_hash: word_hash(OTHER),
        })
    }

    /// Tokenises, normalises and looks up `text` once for all its targets.
    pub fn analyse<'t>(&self, text: &'t str) -> Analysis<'t> {
        let mut units = Vec::with_capacity(text.len() / 5 + 4);
        for t in tokenize(text, 0..text.len()) {
            let w = t.text(text);
            let kind = if t.is_word {
                Kind::Word
            } else {
                match w {
                    "." | "?" | "!" => Kind::SentenceEnd,
                    "," | ";" | ":" => Kind::ClauseBreak,
                    _ => continue,
                }
            };
            let (hash, entry) = if t.is_word {
                self.lexicon.lookup(w)
            } else {
                (word_hash(w), Entry::default())
            };
            let kind = if kind == Kind::Word && w.len() <= 7 && self.contrast.contains(&hash) {
                Kind::Contrast
            } else {
                kind
            };
            units.push(Unit {
                hash,
                text: w,
                start: t.span.start,
                end: t.span.end,
                kind,
                mask: Mask::None,
                entry,
            });
        }
        Analysis { units }
    }

    /// Features of the speaker's stance toward one target. With `names`, also records each
    /// feature's readable form (for explanations).
    pub fn stance(
        &self,
        a: &Analysis<'_>,
        view: &TargetView<'_>,
        names: Option<&mut Vec<(u32, String)>>,
    ) -> Pairs {
        let units = self.masked(a, view.mentions, view.others);
        let positions: Vec<usize> = (0..units.len())
            .filter(|&i| units[i].mask == Mask::Target)
            .collect();
        let (sentence, clause) = scopes(&units);
        let speech = speech_of(&units, &positions, &sentence);
        let s = Scoped {
            units,
            positions,
            sentence,
            clause,
            speech,
        };
        let units = &s.units;
        let mut h = Hasher::new(&self.cfg, names);
        self.ngrams(&mut h, units);
        let w = self.cfg.window;
        for &p in &s.positions {
            // The nearest neighbours by position ("slammed <t>", "<t> hailed").
            for (d, prefix) in [(1, tag!("l1:")), (2, tag!("l2:"))] {
                if let Some(u) = p.checked_sub(d).map(|i| units[i]) {
                    h.add_parts(prefix, &[u], 1.0);
                }
            }
            for (d, prefix) in [(1, tag!("r1:")), (2, tag!("r2:"))] {
                if let Some(u) = units.get(p + d) {
                    h.add_parts(prefix, &[*u], 1.0);
                }
            }
            for u in &units[p.saturating_sub(w)..p] {
                h.add_parts(tag!("l:"), &[*u], 1.0);
            }
            for u in units.iter().take((p + 1 + w).min(units.len())).skip(p + 1) {
                h.add_parts(tag!("r:"), &[*u], 1.0);
            }
        }
        // The sentence and the clause each mention stands in: what is said there is what is said
        // about the target ("We want peace. Washington keeps fanning the flames.").
        for (i, u) in units.iter().enumerate() {
            if u.mask == Mask::Target || !matches!(u.kind, Kind::Word | Kind::Contrast) {
                continue;
            }
            if s.speech[i] {
                h.add_parts(tag!("sp:"), &[*u], 1.0);
            } else if s.with_target(&s.clause, i) {
                h.add_parts(tag!("c:"), &[*u], 1.0);
            } else if s.with_target(&s.sentence, i) {
                h.add_parts(tag!("s:"), &[*u], 1.0);
            }
        }
        let mut roles = [false; 2];
        for &p in &s.positions {
            let first = p == 0 || s.clause[p - 1] != s.clause[p];
            roles[usize::from(!first)] = true;
            h.add(
                if first {
                    tag!("role:subject")
                } else {
                    tag!("role:object")
                },
                1.0,
            );
        }
        // Cues and graded polarity, with negation, by where they stand relative to the target.
        let near = |i: usize| s.positions.iter().any(|&p| p.abs_diff(i) <= 2 * w);
        for (i, cue, polarity) in cues(units) {
            let scope = s.scope_of(i);
            if let Some(cue) = cue {
                let name = cue.name();
                h.add_parts(tag!("cue:"), &[name], 1.0);
                if near(i) {
                    h.add_parts(tag!("cue_near:"), &[name], 1.0);
                }
                h.add_parts(tag!("cue_scope:"), &[scope, name], 1.0);
            }
            if polarity != 0 {
                let (sign, v) = polarity_parts(polarity);
                h.add_parts(tag!("pol:"), &[sign], v);
                h.add_parts(tag!("pol_scope:"), &[scope, sign], v);
                if near(i) {
                    h.add_parts(tag!("pol_near:"), &[sign], v);
                }
                if scope == tag!("clause") {
                    for (r, on) in [tag!("subject"), tag!("object")].iter().zip(roles) {
                        if on {
                            h.add_parts(tag!("pol_role:"), &[*r, sign], v);
                        }
                    }
                }
                // Which side of the nearest mention, and how far: "slammed <t>" is not
                // "<t> slammed".
                if let Some(p) = s.positions.iter().copied().min_by_key(|p| p.abs_diff(i)) {
                    let side = if i < p { tag!("before") } else { tag!("after") };
                    let d = match p.abs_diff(i) {
                        0..=2 => tag!("1-2"),
                        3..=5 => tag!("3-5"),
                        _ => tag!("6+"),
                    };
                    h.add_parts(tag!("pol_at:"), &[side, d, sign], v);
                    h.add_parts(tag!("pol_at:"), &[side, scope, sign], v);
                }
            }
        }
        if s.positions.is_empty() {
            h.add(tag!("target:absent"), 1.0);
        }
        if view.own {
            h.add(tag!("target:own"), 1.0);
            for &p in &s.positions {
                for u in &units[p.saturating_sub(w)..(p + w + 1).min(units.len())] {
                    h.add_parts(tag!("own:"), &[*u], 1.0);
                }
            }
        }
        for k in view.kinds {
            h.add_parts(tag!("kind:"), &[k.as_str()], 1.0);
        }
        let head = head_word(view.name);
        h.add_parts(tag!("target:"), &[head.as_str()], 1.0);
        if let Some(c) = view.speaker_country {
            h.add_parts(tag!("dyad:"), &[c, head.as_str()], 1.0);
        }
        if !view.others.is_empty() {
            h.add(tag!("others:present"), 1.0);
        }
        h.add(tag!("bias"), 1.0);
        h.pairs
    }

    /// Features of a quote's tone; every mention in `mentions` is masked alike.
    pub fn sentiment(
        &self,
        a: &Analysis<'_>,
        mentions: &[Span],
        names: Option<&mut Vec<(u32, String)>>,
    ) -> Pairs {
        let units = self.masked(a, &[], mentions);
        let mut h = Hasher::new(&self.cfg, names);
        self.ngrams(&mut h, &units);
        for (_, cue, polarity) in cues(&units) {
            if let Some(cue) = cue {
                h.add_parts(tag!("cue:"), &[cue.name()], 1.0);
            }
            if polarity != 0 {
                let (sign, v) = polarity_parts(polarity);
                h.add_parts(tag!("pol:"), &[sign], v);
            }
        }
        h.add(tag!("bias"), 1.0);
        h.pairs
    }

    /// The analysed units with `target`'s mentions as [`TARGET`] and `others`' as [`OTHER`]
    /// (one placeholder per mention). A word token belongs to a mention when it lies inside it,
    /// or starts inside it and ends at most three bytes after it ("China's").
    fn masked<'t>(&self, a: &Analysis<'t>, target: &[Span], others: &[Span]) -> Vec<Unit<'t>> {
        if target.is_empty() && others.is_empty() {
            return a.units.clone();
        }
        self.masked_by(a, Covering::new(target), Covering::new(others))
    }

    /// [`masked`](Self::masked) with the given ways of finding the mention over a unit.
    fn masked_by<'t>(
        &self,
        a: &Analysis<'t>,
        mut target: Covering<'_>,
        mut others: Covering<'_>,
    ) -> Vec<Unit<'t>> {
        let mut out = Vec::with_capacity(a.units.len());
        let mut last: Option<usize> = None;
        for u in &a.units {
            let mask = if let Some(i) = target.find(u) {
                Some((i, Mask::Target))
            } else {
                others
                    .find(u)
                    .map(|i| (i + target.spans.len(), Mask::Other))
            };
            match mask {
                Some((i, m)) => {
                    if last != Some(i) {
                        out.push(Unit {
                            hash: if m == Mask::Target {
                                self.target_hash
                            } else {
                                self.other_hash
                            },
                            kind: Kind::Word,
                            mask: m,
                            entry: Entry::default(),
                            ..*u
                        });
                    }
                    last = Some(i);
                }
                None => {
                    last = None;
                    out.push(*u);
                }
            }
        }
        out
    }

    fn ngrams(&self, h: &mut Hasher<'_>, units: &[Unit<'_>]) {
        let (lo, hi) = self.cfg.word_ngrams;
        for n in lo.max(1)..=hi {
            let prefix = WORD_PREFIX[n.min(WORD_PREFIX.len() - 1)];
            for win in units.windows(n) {
                h.add_parts(prefix, win, 1.0);
            }
        }
        if let Some((lo, hi)) = self.cfg.char_ngrams {
            for u in units.iter().filter(|u| {
                u.mask == Mask::None && u.kind != Kind::SentenceEnd && u.kind != Kind::ClauseBreak
            }) {
                char_ngrams(h, u.text, lo, hi);
            }
        }
    }
}

/// Character n-grams of a word padded with spaces (" war " → " w", "wa", ..., "ar ").
fn char_ngrams(h: &mut Hasher<'_>, word: &str, lo: usize, hi: usize) {
    let mut chars: Vec<char> = Vec::with_capacity(word.len() + 2);
    chars.push(' ');
    for c in word.chars() {
        if c == '’' {
            chars.push('\'');
        } else {
            chars.extend(c.to_lowercase());
        }
    }
    chars.push(' ');
    let mut buf = String::new();
    for n in lo.max(1)..=hi {
        for win in chars.windows(n) {
            buf.clear();
            buf.extend(win);
            h.add_parts(tag!("ch:"), &[buf.as_str()], 0.5);
        }
    }
}

/// The last word of a target name, lower-cased, without a possessive: "Hillary Clinton’s" →
/// "clinton", "US" → "us". A name with no word of two letters or more is kept whole ("U.S.").
fn head_word(name: &str) -> String {
    name.split(|c: char| !c.is_alphanumeric())
        .rev()
        .find(|w| w.chars().count() > 1)
        .unwrap_or(name)
        .to_lowercase()
}

/// The sign name and the feature value of a graded polarity.
fn polarity_parts(p: i8) -> (Tag, f32) {
    (
        if p > 0 { tag!("pos") } else { tag!("neg") },
        f32::from(p.unsigned_abs()) / 2.0,
    )
}

/// Cues and polarities of the units, negation applied: (position, cue, polarity).
fn cues(units: &[Unit<'_>]) -> Vec<(usize, Option<Cue>, i8)> {
    let mut out = Vec::with_capacity(8);
    let mut negated_until = 0;
    for (i, u) in units.iter().enumerate() {
        let negated = i < negated_until;
        let cue = match u.entry.cue {
            Some(CueClass::Negator) => {
                negated_until = i + 1 + NEGATION_SCOPE;
                None
            }
            Some(CueClass::Contrast) => Some(Cue::Contrast),
            Some(CueClass::Pos) => Some(if negated { Cue::NotPos } else { Cue::Pos }),
            Some(CueClass::Neg) => Some(if negated { Cue::NotNeg } else { Cue::Neg }),
            None => None,
        };
        let polarity = if negated {
            -u.entry.polarity
        } else {
            u.entry.polarity
        };
        if cue.is_some() || polarity != 0 {
            out.push((i, cue, polarity));
        }
        if u.kind == Kind::ClauseBreak {
            negated_until = 0;
        }
    }
    out
}

/// Which units the target itself says: the rest of the sentence after "<t> (…) said", and the
/// sentence before ", said <t>".
fn speech_of(units: &[Unit<'_>], positions: &[usize], sentence: &[u32]) -> Vec<bool> {
    let mut speech = vec![false; units.len()];
    for &p in positions {
        let same = |i: usize| sentence[i] == sentence[p];
        if let Some(v) = (p + 1..units.len().min(p + 4))
            .take_while(|&i| same(i) && units[i].kind == Kind::Word)
            .find(|&i| units[i].entry.speech)
        {
            for (i, flag) in speech.iter_mut().enumerate().skip(v + 1) {
                if !same(i) {
                    break;
                }
                *flag = true;
            }
        } else if p >= 2 && units[p - 1].entry.speech && units[p - 2].kind == Kind::ClauseBreak {
            for (i, flag) in speech.iter_mut().enumerate().take(p - 1) {
                *flag |= same(i);
            }
        }
    }
    speech
}

/// Sentence and clause ids of each unit: sentences end at `.`, `?`, `!`; clauses also at
/// `,`, `;`, `:` and before contrast words.
fn scopes(units: &[Unit<'_>]) -> (Vec<u32>, Vec<u32>) {
    let (mut s, mut c) = (0, 0);
    let mut sent = Vec::with_capacity(units.len());
    let mut clause = Vec::with_capacity(units.len());
    for u in units {
        if u.kind == Kind::Contrast {
            c += 1;
        }
        sent.push(s);
        clause.push(c);
        match u.kind {
            Kind::SentenceEnd => {
                s += 1;
                c += 1;
            }
            Kind::ClauseBreak => c += 1,
            _ => {}
        }
    }
    (sent, clause)
}

/// Finds the mention that covers each unit, for units taken in text order. A word token belongs
/// to a mention when it lies inside it, or starts inside it and ends at most three bytes after
/// it ("China's"); punctuation only when it lies inside.
struct Covering<'s> {
    spans: &'s [Span],
    /// The spans are in text order and do not overlap, so that at most one covers a unit: the
    /// last that starts at or before it. Else every span is tried, in order.
    ordered: bool,
    /// With `ordered`: the last span known to start at or before the units seen so far.
    at: usize,
}

impl<'s> Covering<'s> {
    fn new(spans: &'s [Span]) -> Self {
        Covering {
            spans,
            ordered: spans.windows(2).all(|w| w[0].end <= w[1].start),
            at: 0,
        }
    }

    /// Tries every span for every unit, in order: the definition the cursor is held to.
    #[cfg(test)]
    fn every(spans: &'s [Span]) -> Self {
        Covering {
            spans,
            ordered: false,
            at: 0,
        }
    }

    fn covers(s: &Span, u: &Unit<'_>) -> bool {
        s.start <= u.start
            && (u.end <= s.end
                || (u.kind != Kind::SentenceEnd
                    && u.kind != Kind::ClauseBreak
                    && u.start < s.end
                    && u.end <= s.end + 3))
    }

    /// The position in the spans of the first that covers `u` (units must come in text order).
    #[inline]
    fn find(&mut self, u: &Unit<'_>) -> Option<usize> {
        if !self.ordered {
            return self.spans.iter().position(|s| Self::covers(s, u));
        }
        // A span covers a unit only if it starts at or before the unit and ends after its
        // start; of ordered, disjoint spans only the last to start at or before it can.
        while self
            .spans
            .get(self.at + 1)
            .is_some_and(|s| s.start <= u.start)
        {
            self.at += 1;
        }
        let s = self.spans.get(self.at)?;
        Self::covers(s, u).then_some(self.at)
    }
}

#[cfg(test)]
#[allow(clippy::single_range_in_vec_init)]
mod tests {
    use super::*;

    fn spelled(f: &Featurizer, t: &str, target: &[Span], others: &[Span]) -> Vec<String> {
        let a = f.analyse(t);
        f.masked(&a, target, others)
            .iter()
            .map(|u| {
                let mut s = String::new();
                u.spell(&mut s);
                s
            })
            .collect()
    }

    #[test]
    fn masks_target_and_others_and_keeps_sentence_ends() {
        let f = Featurizer::new(FeatureConfig::default()).unwrap();
        let t = "China's ties with the U.S. are bad, Beijing said.";
        let toks = spelled(&f, t, &[0..5], &[22..26, 36..43]);
        assert_eq!(
            toks,
            vec!["<t>", "ties", "with", "the", "<o>", "are", "bad", ",", "<o>", "said", "."]
        );
        // Punctuation right after a mention is not swallowed by it.
        let toks = spelled(&f, "They blame Russia.", &[11..17], &[]);
        assert_eq!(toks, vec!["they", "blame", "<t>", "."]);
    }

    #[test]
    fn masking_walk_agrees_with_its_definition() {
        let f = Featurizer::new(FeatureConfig::default()).unwrap();
        let t = "China's envoy, Wang Yi, said: the U.S. and the EU's allies -- not Russia -- \
                 are to blame. Beijing's view? Moscow's, too; Kyiv's leaders disagree!";
        let a = f.analyse(t);
        let key = |u: &Unit<'_>| (u.hash, u.start, u.end, u.kind, u.mask);
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let mut ordered_cases = 0;
        for _ in 0..20_000 {
            let mut spans: Vec<Span> = (0..next(6))
                .map(|_| {
                    let start = next(t.len());
                    start..(start + 1 + next(12)).min(t.len())
                })
                .collect();
            if next(2) == 0 {
                // Mostly ordered and disjoint, as the gazetteer's mentions are.
                spans.sort_by_key(|s| s.start);
                spans.dedup_by(|b, a| b.start < a.end);
            }
            let k = next(spans.len() + 1);
            let (target, others) = spans.split_at(k);
            if Covering::new(target).ordered && Covering::new(others).ordered {
                ordered_cases += 1;
            }
            let got: Vec<_> = f.masked(&a, target, others).iter().map(key).collect();
            let want: Vec<_> = f
                .masked_by(&a, Covering::every(target), Covering::every(others))
                .iter()
                .map(key)
                .collect();
            assert_eq!(got, want, "target {target:?} others {others:?}");
        }
        assert!(ordered_cases > 5_000, "{ordered_cases}");
    }

    #[test]
    fn stance_vector_depends_on_target_and_names_match_indices() {
        let f = Featurizer::new(FeatureConfig::default()).unwrap();
        let t = "We oppose Washington and support Moscow";
        let a = f.analyse(t);
        let m1 = vec![10..20];
        let m2 = vec![33..39];
        let k = [MentionKind::Seat];
        let view = |m: &'_ [Span], o: &'_ [Span]| -> Pairs {
            f.stance(
                &a,
                &TargetView {
                    mentions: m,
                    kinds: &k,
                    others: o,
                    own: false,
                    name: "US",
                    speaker_country: Some("RU"),
                },
                None,
            )
        };
        let x = SparseVec::from_pairs(view(&m1, &m2));
        let y = SparseVec::from_pairs(view(&m2, &m1));
        assert_ne!(x, y);
        assert!(x.val.iter().all(|v| *v > 0.0) && !x.idx.is_empty());
        let mut names = Vec::new();
        let with_names = f.stance(
            &a,
            &TargetView {
                mentions: &m1,
                kinds: &k,
                others: &m2,
                own: false,
                name: "US",
                speaker_country: Some("RU"),
            },
            Some(&mut names),
        );
        assert_eq!(SparseVec::from_pairs(with_names), x);
        let idx_of = |n: &str| names.iter().find(|(_, s)| s == n).map(|(i, _)| *i);
        assert!(idx_of("w2:oppose <t>").is_some(), "{names:?}");
        assert!(idx_of("cue_scope:clause neg").is_some(), "{names:?}");
        assert!(idx_of("target:us").is_some(), "{names:?}");
        assert!(idx_of("dyad:RU us").is_some(), "{names:?}");
    }

    #[test]
    fn head_word_of_target_names() {
        assert_eq!(head_word("Hillary Clinton’s"), "clinton");
        assert_eq!(head_word("Donald J. Trump"), "trump");
        assert_eq!(head_word("US"), "us");
        assert_eq!(head_word("U.S."), "u.s.");
        assert_eq!(head_word("Ankara"), "ankara");
    }

    #[test]
    fn what_the_target_says_is_its_own_scope() {
        let f = Featurizer::new(FeatureConfig::default()).unwrap();
        let a = f.analyse("Trump said the deal was a disaster. Critics disagree.");
        let units = f.masked(&a, &[0..5], &[]);
        let (sentence, _) = scopes(&units);
        let speech = speech_of(&units, &[0], &sentence);
        let said: Vec<bool> = speech.iter().take(8).copied().collect();
        assert_eq!(said, [false, false, true, true, true, true, true, true]);
        assert!(!speech[9], "the next sentence is not the target's");
        let a = f.analyse("The deal is a disaster, said Trump.");
        let units = f.masked(&a, &[29..34], &[]);
        let (sentence, _) = scopes(&units);
        let speech = speech_of(&units, &[7], &sentence);
        assert!(speech[..5].iter().all(|x| *x) && !speech[7], "{speech:?}");
    }

    #[test]
    fn negation_flips_cues_and_polarity() {
        let f = Featurizer::new(FeatureConfig::default()).unwrap();
        let a = f.analyse("we do not oppose them but condemn this, and it is terrible");
        let found: Vec<(Option<Cue>, i8)> =
            cues(&a.units).into_iter().map(|(_, c, p)| (c, p)).collect();
        assert_eq!(found[0].0, Some(Cue::NotNeg));
        assert!(
            found[0].1 >= 0,
            "negated negative polarity is not negative: {found:?}"
        );
        assert!(
            found.contains(&(Some(Cue::Contrast), 0))
                || found.iter().any(|(c, _)| *c == Some(Cue::Contrast))
        );
        assert!(found.last().unwrap().1 < 0, "{found:?}");
    }
}
