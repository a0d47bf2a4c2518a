//! The word lexicons the featuriser looks tokens up in, keyed by the hash of the normalised word
//! so that each token of a quote is looked up once, however many targets the quote has:
//! - stance cues (`data/lexicons/stance_cues.tsv`: pos, neg, negator, contrast);
//! - graded polarity (`data/lexicons/polarity.tsv`: -3 … +3).
//!
//! A trailing `*` in either file matches any ending ("condemn*": condemned, condemnation).
use super::hashing::{word_hash, word_hash_with};
use crate::error::{Error, Result};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

const CUES: &str = include_str!("../../data/lexicons/stance_cues.tsv");
const POLARITY: &str = include_str!("../../data/lexicons/polarity.tsv");

/// SHA-256 (hex) of the built-in lexicon files, in order: a model records it, so that a model
/// trained with other lexicons can be told apart.
pub fn builtin_digest() -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for text in [CUES, POLARITY, crate::quotes::SPEECH_VERBS] {
        h.update(text.as_bytes());
        h.update([0u8]);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// The class of a stance cue word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CueClass {
    Pos,
    Neg,
    Negator,
    Contrast,
}

/// What the lexicons say about one word.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Entry {
    pub cue: Option<CueClass>,
    /// Graded polarity, -3 … +3 (0: not in the polarity lexicon).
    pub polarity: i8,
    /// A one-word speech verb (`data/lexicons/speech_verbs.tsv`).
    pub speech: bool,
}

impl Entry {
    fn merge(&mut self, other: Entry) {
        if other.cue.is_some() {
            self.cue = other.cue;
        }
        if other.polarity != 0 {
            self.polarity = other.polarity;
        }
        self.speech |= other.speech;
    }
}

/// Keys are already hashes: pass them through.
#[derive(Default)]
struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 << 8) | u64::from(*b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type HashKeyed<V> = HashMap<u64, V, BuildHasherDefault<PassThrough>>;

/// Both lexicons, merged.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    exact: HashKeyed<Entry>,
    prefixes: HashKeyed<Entry>,
    /// Bit `n` is set when some prefix entry is `n` bytes long (n < 64).
    prefix_lens: u64,
    /// A one-hash Bloom filter of the prefix entries' hashes: a word's prefixes are looked up
    /// only where it says they may be there (most are not, and a look-up costs more).
    prefix_filter: PrefixFilter,
}

/// 4,096 bits, one per value of a hash's top 12 bits.
#[derive(Debug, Clone)]
struct PrefixFilter(Box<[u64; 64]>);

impl Default for PrefixFilter {
    fn default() -> Self {
        PrefixFilter(Box::new([0; 64]))
    }
}

impl PrefixFilter {
    fn bit(h: u64) -> (usize, u64) {
        let b = (h >> 52) as usize;
        (b / 64, 1 << (b % 64))
    }

    fn insert(&mut self, h: u64) {
        let (w, m) = Self::bit(h);
        self.0[w] |= m;
    }

    #[inline]
    fn may_contain(&self, h: u64) -> bool {
        let (w, m) = Self::bit(h);
        self.0[w] & m != 0
    }
}

impl Lexicon {
    /// The built-in lexicons.
    pub fn builtin() -> Result<Self> {
        let mut lex = Lexicon::default();
        lex.add_cues(CUES, "data/lexicons/stance_cues.tsv")?;
        lex.add_polarity(POLARITY, "data/lexicons/polarity.tsv")?;
        lex.add_speech_verbs(crate::quotes::Lexicon::builtin()?.one_word_verbs());
        Ok(lex)
    }

    /// Adds a lexicon in the `stance_cues.tsv` format (`word<TAB>pos|neg|negator|contrast`).
    pub fn add_cues(&mut self, text: &str, path: &str) -> Result<()> {
        self.add_lines(text, path, |field| {
            let cue = match field {
                "pos" => CueClass::Pos,
                "neg" => CueClass::Neg,
                "negator" => CueClass::Negator,
                "contrast" => CueClass::Contrast,
                other => return Err(format!("unknown cue class `{other}`")),
            };
            Ok(Entry {
                cue: Some(cue),
                ..Entry::default()
            })
        })
    }

    /// Adds a lexicon in the `polarity.tsv` format (`word<TAB>score`, score -3 … +3, not 0).
    pub fn add_polarity(&mut self, text: &str, path: &str) -> Result<()> {
        self.add_lines(text, path, |field| match field.parse::<i8>() {
            Ok(p) if p != 0 && (-3..=3).contains(&p) => Ok(Entry {
                polarity: p,
                ..Entry::default()
            }),
            _ => Err(format!(
                "polarity `{field}` is not a whole number from -3 to 3 other than 0"
            )),
        })
    }

    /// Marks one-word speech verbs (the quote finder's `data/lexicons/speech_verbs.tsv`).
    pub fn add_speech_verbs<'a>(&mut self, verbs: impl IntoIterator<Item = &'a str>) {
        for v in verbs {
            self.exact.entry(word_hash(v)).or_default().merge(Entry {
                speech: true,
                ..Entry::default()
            });
        }
    }

    fn add_lines(
        &mut self,
        text: &str,
        path: &str,
        parse: impl Fn(&str) -> std::result::Result<Entry, String>,
    ) -> Result<()> {
        for (n, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let err = |reason: String| Error::Data {
                path: path.into(),
                line: n + 1,
                reason,
            };
            let (w, f) = line
                .split_once('\t')
                .ok_or_else(|| err("expected `word<TAB>value`".into()))?;
            let entry = parse(f.trim()).map_err(err)?;
            let (w, prefix) = match w.trim().strip_suffix('*') {
                Some(p) => (p, true),
                None => (w.trim(), false),
            };
            if w.is_empty() {
                return Err(err("empty word".into()));
            }
            let h = word_hash(w);
            if prefix {
                if w.len() >= 64 {
                    return Err(err("a prefix entry must be shorter than 64 bytes".into()));
                }
                self.prefix_lens |= 1 << w.len();
                self.prefix_filter.insert(h);
                self.prefixes.entry(h).or_default().merge(entry);
            } else {
                self.exact.entry(h).or_default().merge(entry);
            }
        }
        Ok(())
    }

    /// The normalised hash of `word` and what the lexicons say about it: an exact entry wins,
    /// else the longest matching prefix (field by field).
    pub fn lookup(&self, word: &str) -> (u64, Entry) {
        let mut found = Entry::default();
        let lens = self.prefix_lens;
        let h = word_hash_with(word, |len, state| {
            if len < 64 && lens & (1 << len) != 0 && self.prefix_filter.may_contain(state) {
                if let Some(e) = self.prefixes.get(&state) {
                    found.merge(*e);
                }
            }
        });
        if let Some(e) = self.exact.get(&h) {
            found.merge(*e);
        }
        (h, found)
    }

    /// Number of entries (exact and prefix).
    pub fn len(&self) -> usize {
        self.exact.len() + self.prefixes.len()
    }

    /// Whether both lexicons are empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_prefix_and_case() {
        let lex = Lexicon::builtin().unwrap();
        assert!(lex.len() > 100);
        assert_eq!(lex.lookup("Condemned").1.cue, Some(CueClass::Neg));
        assert_eq!(lex.lookup("not").1.cue, Some(CueClass::Negator));
        assert_eq!(lex.lookup("but").1.cue, Some(CueClass::Contrast));
        assert_eq!(lex.lookup("zzqx").1, Entry::default());
        assert!(lex.lookup("catastrophic").1.polarity < 0);
        assert!(lex.lookup("excellent").1.polarity > 0);
        assert!(lex.lookup("said").1.speech && !lex.lookup("made").1.speech);
        // The hash does not depend on case or on the apostrophe's shape.
        assert_eq!(lex.lookup("Don’t").0, lex.lookup("don't").0);
    }

    #[test]
    fn every_prefix_entry_is_found_past_the_filter() {
        let lex = Lexicon::builtin().unwrap();
        let mut n = 0;
        for line in CUES.lines().chain(POLARITY.lines()) {
            let Some((w, _)) = line.split_once('\t') else {
                continue;
            };
            if let Some(p) = w.trim().strip_suffix('*') {
                n += 1;
                let e = lex.lookup(&format!("{p}qz")).1;
                assert!(e.cue.is_some() || e.polarity != 0, "{p}*");
            }
        }
        assert!(n > 400, "{n} prefix entries");
    }

    #[test]
    fn longest_prefix_wins_and_bad_lines_are_refused() {
        let mut lex = Lexicon::default();
        lex.add_polarity("# c\nwar*\t-2\nwarm*\t1\n", "p.tsv")
            .unwrap();
        assert_eq!(lex.lookup("warmth").1.polarity, 1);
        assert_eq!(lex.lookup("warfare").1.polarity, -2);
        let e = lex.add_polarity("good\t0\n", "p.tsv").unwrap_err();
        assert!(e.to_string().contains("p.tsv"), "{e}");
        let e = lex.add_cues("good pos\n", "c.tsv").unwrap_err();
        assert!(e.to_string().contains("word<TAB>value"), "{e}");
    }
}
