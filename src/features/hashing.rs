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

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

fn fnv_update(mut h: u64, bytes: &[u8]) -> u64 {
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// FNV-1a, 64 bit: stable across platforms and releases, unlike `std`'s hasher.
pub fn fnv1a(s: &str) -> u64 {
    fnv_update(FNV_OFFSET, s.as_bytes())
}

/// Accumulates hashed features.
pub(super) struct Hasher<'a> {
    mask: u64,
    pairs: Vec<(u32, f32)>,
    names: Option<&'a mut Vec<(u32, String)>>,
}

impl<'a> Hasher<'a> {
    pub(super) fn new(cfg: &FeatureConfig, names: Option<&'a mut Vec<(u32, String)>>) -> Self {
        Hasher {
            mask: (1u64 << cfg.dim_bits) - 1,
            pairs: Vec::with_capacity(128),
            names,
        }
    }

    pub(super) fn add(&mut self, feature: &str, value: f32) {
        let i = (fnv1a(feature) & self.mask) as u32;
        self.pairs.push((i, value));
        if let Some(n) = self.names.as_deref_mut() {
            n.push((i, feature.to_string()));
        }
    }

    /// Adds the feature `prefix` + `parts` joined by spaces, hashing the pieces in place (the
    /// same hash as the joined string, without building it unless names are wanted).
    pub(super) fn add_parts<S: AsRef<str>>(&mut self, prefix: &str, parts: &[S], value: f32) {
        let mut h = fnv_update(FNV_OFFSET, prefix.as_bytes());
        for (k, p) in parts.iter().enumerate() {
            if k > 0 {
                h = fnv_update(h, b" ");
            }
            h = fnv_update(h, p.as_ref().as_bytes());
        }
        let i = (h & self.mask) as u32;
        self.pairs.push((i, value));
        if let Some(n) = self.names.as_deref_mut() {
            let joined: Vec<&str> = parts.iter().map(AsRef::as_ref).collect();
            n.push((i, format!("{prefix}{}", joined.join(" "))));
        }
    }

    pub(super) fn finish(mut self) -> SparseVec {
        self.pairs.sort_unstable_by_key(|p| p.0);
        let mut v = SparseVec::default();
        for (i, x) in self.pairs {
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
    fn parts_hash_like_the_joined_string() {
        let cfg = FeatureConfig::default();
        let mut names = Vec::new();
        let mut h = Hasher::new(&cfg, Some(&mut names));
        h.add_parts("w2:", &["we", "oppose"], 1.0);
        h.add("w2:we oppose", 1.0);
        let v = h.finish();
        assert_eq!(v.idx.len(), 1);
        assert_eq!(v.val, vec![2.0]);
        assert_eq!(names[0].1, "w2:we oppose");
    }
}
