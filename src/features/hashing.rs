//! Feature hashing into a fixed dimension, and the sparse vectors it yields.
use serde::{Deserialize, Serialize};

/// How features are built; stored in the model's metadata and checked on load.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeatureConfig {
    /// The hashed dimension is `2^dim_bits`.
    pub dim_bits: u32,
    /// Word n-gram orders, inclusive.
    pub word_ngrams: (usize, usize),
    /// Character n-gram orders inside words, inclusive; `None` for none.
    pub char_ngrams: Option<(usize, usize)>,
    /// Tokens on each side of a target mention that form its window.
    pub window: usize,
}

impl Default for FeatureConfig {
    fn default() -> Self {
        FeatureConfig {
            dim_bits: 18,
            word_ngrams: (1, 3),
            char_ngrams: None,
            window: 4,
        }
    }
}

impl SparseVec {
    /// Scales to unit L2 norm (a zero vector stays zero).
    pub fn normalize(&mut self) {
        let norm = self.val.iter().map(|x| x * x).sum::<f32>().sqrt();
        if norm > 0.0 {
            self.val.iter_mut().for_each(|x| *x /= norm);
        }
    }
}

impl FeatureConfig {
    /// The hashed dimension.
    pub fn dim(&self) -> usize {
        1 << self.dim_bits
    }
}

/// A sparse vector: sorted unique indices and their values (raw counts from the featuriser;
/// the model weights and normalises them, see `LinearModel::transform`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SparseVec {
    pub idx: Vec<u32>,
    pub val: Vec<f32>,
}

pub(super) const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0100_0000_01b3;

/// FNV-1a, 64 bit: stable across platforms and releases, unlike `std`'s hasher.
pub const fn fnv1a(s: &str) -> u64 {
    let bytes = s.as_bytes();
    let mut h = FNV_OFFSET;
    let mut i = 0;
    while i < bytes.len() {
        h = (h ^ bytes[i] as u64).wrapping_mul(FNV_PRIME);
        i += 1;
    }
    h
}

/// FNV-1a of `word` lower-cased, with the typographic apostrophe as `'`, without allocating
/// for ASCII words. `each(len, state)` sees the state after every normalised byte (`len` bytes
/// so far), which is the hash of that prefix: the lexicon's prefix entries are found this way.
pub fn word_hash_with(word: &str, mut each: impl FnMut(usize, u64)) -> u64 {
    let mut h = FNV_OFFSET;
    let mut len = 0;
    let mut push = |b: u8, h: &mut u64| {
        *h = (*h ^ u64::from(b)).wrapping_mul(FNV_PRIME);
        len += 1;
        each(len, *h);
    };
    for c in word.chars() {
        if c.is_ascii() {
            push(c.to_ascii_lowercase() as u8, &mut h);
        } else if c == '’' {
            push(b'\'', &mut h);
        } else {
            let mut buf = [0u8; 4];
            for l in c.to_lowercase() {
                for b in l.encode_utf8(&mut buf).bytes() {
                    push(b, &mut h);
                }
            }
        }
    }
    h
}

/// The normalised hash of `word` (see [`word_hash_with`]).
pub fn word_hash(word: &str) -> u64 {
    word_hash_with(word, |_, _| {})
}

/// Folds one part into an n-gram hash.
#[inline]
fn combine(h: u64, part: u64) -> u64 {
    (h.rotate_left(23) ^ part).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// The final mix before the hash is cut to the dimension (MurmurHash3's finaliser), so that
/// the low bits depend on every input bit.
#[inline]
fn fmix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// One part of a feature: its hash (a [`word_hash`]) and, for explanations, how to spell it.
pub(super) trait Part {
    fn hash(&self) -> u64;
    fn spell(&self, out: &mut String);
}

/// A fixed feature name or part, hashed at compile time (`tag!("l1:")` in the featuriser).
/// Parts must be lower-case ASCII, so that the hash is the same as the word's [`word_hash`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Tag {
    name: &'static str,
    hash: u64,
}

impl Tag {
    pub(super) const fn new(name: &'static str) -> Tag {
        Tag {
            name,
            hash: fnv1a(name),
        }
    }
}

impl Part for Tag {
    fn hash(&self) -> u64 {
        self.hash
    }
    fn spell(&self, out: &mut String) {
        out.push_str(self.name);
    }
}

impl Part for &str {
    fn hash(&self) -> u64 {
        word_hash(self)
    }
    fn spell(&self, out: &mut String) {
        out.push_str(self);
    }
}

/// Accumulates hashed features as (index, value) pairs, in the order they are added.
pub(super) struct Hasher<'a> {
    mask: u64,
    pub(super) pairs: Vec<(u32, f32)>,
    names: Option<&'a mut Vec<(u32, String)>>,
}

impl<'a> Hasher<'a> {
    pub(super) fn new(cfg: &FeatureConfig, names: Option<&'a mut Vec<(u32, String)>>) -> Self {
        Hasher {
            mask: (1u64 << cfg.dim_bits) - 1,
            pairs: Vec::with_capacity(256),
            names,
        }
    }

    /// Adds the feature named `feature`.
    pub(super) fn add(&mut self, feature: Tag, value: f32) {
        self.add_parts(feature, &[] as &[Tag], value);
    }

    /// Adds the feature `prefix` followed by `parts` (spelt joined by spaces). The index is
    /// computed from the parts' hashes, so nothing is built unless names are recorded.
    #[inline]
    pub(super) fn add_parts<P: Part>(&mut self, prefix: Tag, parts: &[P], value: f32) {
        let mut h = prefix.hash;
        for p in parts {
            h = combine(h, p.hash());
        }
        let i = (fmix(h) & self.mask) as u32;
        self.pairs.push((i, value));
        if self.names.is_some() {
            self.name(i, prefix, parts);
        }
    }

    /// Records the readable form of feature `i` (explanations only: kept out of the hot path,
    /// whose calls are then cheap enough to inline).
    #[cold]
    #[inline(never)]
    fn name<P: Part>(&mut self, i: u32, prefix: Tag, parts: &[P]) {
        if let Some(n) = self.names.as_deref_mut() {
            let mut s = String::from(prefix.name);
            for (k, p) in parts.iter().enumerate() {
                if k > 0 {
                    s.push(' ');
                }
                p.spell(&mut s);
            }
            n.push((i, s));
        }
    }
}

impl SparseVec {
    /// Sorts (index, value) pairs and sums duplicates.
    pub fn from_pairs(mut pairs: Vec<(u32, f32)>) -> SparseVec {
        pairs.sort_unstable_by_key(|p| p.0);
        let mut v = SparseVec {
            idx: Vec::with_capacity(pairs.len()),
            val: Vec::with_capacity(pairs.len()),
        };
        for (i, x) in pairs {
            if v.idx.last() == Some(&i) {
                *v.val.last_mut().expect("non-empty") += x;
            } else {
                v.idx.push(i);
                v.val.push(x);
            }
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ngram_hashes_ignore_case_not_order() {
        let cfg = FeatureConfig::default();
        let mut names = Vec::new();
        let mut h = Hasher::new(&cfg, Some(&mut names));
        let w2 = Tag::new("w2:");
        h.add_parts(w2, &["We", "oppose"], 1.0);
        h.add_parts(w2, &["we", "oppose"], 1.0);
        h.add_parts(w2, &["oppose", "we"], 1.0);
        h.add(Tag::new("bias"), 1.0);
        let v = SparseVec::from_pairs(h.pairs);
        assert_eq!(v.idx.len(), 3, "case does not matter, order does");
        assert!(v.val.contains(&2.0));
        assert_eq!(names[1].1, "w2:we oppose");
        assert_eq!(names[3].1, "bias");
        // A tag hashes as the same word would.
        assert_eq!(Tag::new("clause").hash, word_hash("clause"));
        assert_eq!(Tag::new("w2:").hash, fnv1a("w2:"));
    }
}
