//! A multinomial linear model scored on sparse vectors: softmax(W·x + b).
use crate::features::SparseVec;
use serde::{Deserialize, Serialize};

/// Weights of a linear classifier over a hashed feature space.
///
/// Stored (and serialised) row by feature, each row `[idf, w_0, …, w_{classes-1}]`; scoring
/// reads a compact layout built from the rows on first use.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LinearModel {
    /// The feature dimension.
    pub dim: usize,
    /// Number of classes.
    pub classes: usize,
    /// `dim` rows of `classes + 1` values: inverse document frequency, then the class weights.
    rows: Vec<f32>,
    /// One intercept per class.
    pub intercept: Vec<f32>,
    /// The scoring layout, built from `rows` on first use.
    #[serde(skip)]
    compact: std::sync::OnceLock<Compact>,
}

/// The layout `predict_pairs` reads: most hashed features have no weight (the fit keeps a few
/// thousand columns), so each feature gets its idf and the index of its weights among those that
/// have any. The lookup table is half the size of `rows` and the weights a few tens of KB, so both
/// stay in the core's cache where `rows` does not.
#[derive(Debug, Clone, Default, PartialEq)]
struct Compact {
    /// Per feature: idf and the start of its weights in `weights` (`u32::MAX`: all zero).
    lookup: Vec<(f32, u32)>,
    /// `classes` weights per feature that has any.
    weights: Vec<f32>,
}

impl LinearModel {
    /// A model from row-major `dim × classes` weights, intercepts and per-feature inverse
    /// document frequencies (empty: all 1).
    pub fn new(
        dim: usize,
        classes: usize,
        weights: &[f32],
        intercept: Vec<f32>,
        idf: &[f32],
    ) -> Result<Self, String> {
        if weights.len() != dim * classes {
            return Err(format!(
                "weights hold {} values, expected {dim} × {classes}",
                weights.len()
            ));
        }
        if !idf.is_empty() && idf.len() != dim {
            return Err(format!("{} idf values for dimension {dim}", idf.len()));
        }
        let mut rows = Vec::with_capacity(dim * (classes + 1));
        for i in 0..dim {
            rows.push(idf.get(i).copied().unwrap_or(1.0));
            rows.extend_from_slice(&weights[i * classes..(i + 1) * classes]);
        }
        let m = LinearModel {
            dim,
            classes,
            rows,
            intercept,
            compact: std::sync::OnceLock::new(),
        };
        m.check()?;
        Ok(m)
    }

    /// Checks that the shapes agree and the numbers are finite.
    pub fn check(&self) -> Result<(), String> {
        if self.rows.len() != self.dim * (self.classes + 1) {
            return Err(format!(
                "weights hold {} values, expected {} × {}",
                self.rows.len(),
                self.dim,
                self.classes + 1
            ));
        }
        if self.intercept.len() != self.classes {
            return Err(format!(
                "{} intercepts for {} classes",
                self.intercept.len(),
                self.classes
            ));
        }
        if self
            .rows
            .iter()
            .chain(&self.intercept)
            .any(|w| !w.is_finite())
        {
            return Err("weights are not all finite".into());
        }
        Ok(())
    }

    fn compact(&self) -> &Compact {
        self.compact.get_or_init(|| {
            let mut c = Compact {
                lookup: Vec::with_capacity(self.dim),
                weights: Vec::new(),
            };
            for i in 0..self.dim {
                let row = self.row(i);
                let slot = if row[1..].iter().any(|w| *w != 0.0) {
                    let at = c.weights.len() as u32;
                    c.weights.extend_from_slice(&row[1..]);
                    at
                } else {
                    u32::MAX
                };
                c.lookup.push((row[0], slot));
            }
            c
        })
    }

    fn row(&self, i: usize) -> &[f32] {
        let s = self.classes + 1;
        &self.rows[i * s..(i + 1) * s]
    }

    /// The weight of feature `i` for class `k`.
    pub fn weight(&self, i: usize, k: usize) -> f32 {
        self.row(i)[1 + k]
    }

    /// The inverse document frequency of feature `i`.
    pub fn idf(&self, i: usize) -> f32 {
        self.row(i)[0]
    }

    /// Raw feature counts → the model's input: sublinear term frequency (1 + ln tf) times idf,
    /// scaled to unit length. Features outside the dimension are dropped.
    pub fn transform(&self, raw: &SparseVec) -> SparseVec {
        let mut x = SparseVec {
            idx: Vec::with_capacity(raw.idx.len()),
            val: Vec::with_capacity(raw.idx.len()),
        };
        for (&i, &v) in raw.idx.iter().zip(&raw.val) {
            if (i as usize) < self.dim {
                x.idx.push(i);
                x.val.push(sublinear(v) * self.idf(i as usize));
            }
        }
        x.normalize();
        x
    }

    /// Class scores before the softmax, on a transformed vector.
    pub fn logits(&self, x: &SparseVec) -> Vec<f32> {
        let mut z = self.intercept.clone();
        for (&i, &v) in x.idx.iter().zip(&x.val) {
            let i = i as usize;
            if i >= self.dim {
                continue;
            }
            for (zk, wk) in z.iter_mut().zip(&self.row(i)[1..]) {
                *zk += wk * v;
            }
        }
        z
    }

    /// Class probabilities of raw feature counts.
    pub fn predict_proba(&self, raw: &SparseVec) -> Vec<f32> {
        softmax(&self.logits(&self.transform(raw)))
    }

    /// Class probabilities of raw (index, count) pairs in any order, repeats summed: the same
    /// numbers as [`predict_proba`](Self::predict_proba) on the sorted vector, without sorting.
    /// Repeats are summed in a small per-thread open-addressing table that stays in cache.
    pub fn predict_pairs(&self, pairs: &[(u32, f32)]) -> Vec<f32> {
        thread_local! {
            static TABLE: std::cell::RefCell<Vec<(u32, f32)>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        TABLE.with(|cell| {
            let table = &mut *cell.borrow_mut();
            let size = (pairs.len() * 2).next_power_of_two().max(64);
            table.clear();
            table.resize(size, (u32::MAX, 0.0));
            let mask = size - 1;
            for &(i, v) in pairs {
                if i as usize >= self.dim {
                    continue;
                }
                let mut slot = i as usize & mask;
                loop {
                    let e = &mut table[slot];
                    if e.0 == i {
                        e.1 += v;
                        break;
                    }
                    if e.0 == u32::MAX {
                        *e = (i, v);
                        break;
                    }
                    slot = (slot + 1) & mask;
                }
            }
            let c = self.compact();
            let mut z = vec![0f32; self.classes];
            let mut norm = 0f32;
            for &(i, v) in table.iter() {
                if i == u32::MAX {
                    continue;
                }
                let (idf, slot) = c.lookup[i as usize];
                let x = sublinear(v) * idf;
                norm += x * x;
                if slot != u32::MAX {
                    let w = &c.weights[slot as usize..slot as usize + self.classes];
                    for (zk, wk) in z.iter_mut().zip(w) {
                        *zk += wk * x;
                    }
                }
            }
            let scale = if norm > 0.0 { norm.sqrt().recip() } else { 0.0 };
            for (zk, b) in z.iter_mut().zip(&self.intercept) {
                *zk = *zk * scale + b;
            }
            softmax(&z)
        })
    }

    /// Each feature's contribution (weight × value) to class `k`, largest first.
    pub fn contributions(&self, raw: &SparseVec, k: usize) -> Vec<(u32, f32)> {
        let x = self.transform(raw);
        let mut c: Vec<(u32, f32)> = x
            .idx
            .iter()
            .zip(&x.val)
            .map(|(&i, &v)| {
                let w = &self.row(i as usize)[1..];
                // Relative to the mean of the other classes, so that the number says how much
                // the feature favours class k.
                let others: f32 = (0..self.classes)
                    .filter(|&j| j != k)
                    .map(|j| w[j])
                    .sum::<f32>()
                    / (self.classes.max(2) - 1) as f32;
                (i, (w[k] - others) * v)
            })
            .collect();
        c.sort_by(|a, b| b.1.total_cmp(&a.1));
        c
    }
}

/// Sublinear term frequency: counts above 1 become 1 + ln(count).
fn sublinear(v: f32) -> f32 {
    if v > 1.0 {
        1.0 + v.ln()
    } else {
        v
    }
}

/// A numerically stable softmax.
pub fn softmax(z: &[f32]) -> Vec<f32> {
    let m = z.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let e: Vec<f32> = z.iter().map(|v| (v - m).exp()).collect();
    let s: f32 = e.iter().sum();
    e.into_iter().map(|v| v / s).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_sparse_rows() {
        let m = LinearModel::new(2, 2, &[1.0, -1.0, 0.0, 0.0], vec![0.0, 0.0], &[]).unwrap();
        assert!(LinearModel::new(2, 2, &[1.0], vec![0.0, 0.0], &[]).is_err());
        assert!(LinearModel::new(2, 2, &[f32::NAN; 4], vec![0.0, 0.0], &[]).is_err());
        let x = SparseVec {
            idx: vec![0],
            val: vec![1.0],
        };
        let p = m.predict_proba(&x);
        assert!(p[0] > 0.8 && (p[0] + p[1] - 1.0).abs() < 1e-6);
        let q = m.predict_pairs(&[(0, 0.5), (1, 2.0), (0, 0.5), (9, 1.0)]);
        let r = m.predict_proba(&SparseVec {
            idx: vec![0, 1],
            val: vec![1.0, 2.0],
        });
        assert!(
            q.iter().zip(&r).all(|(a, b)| (a - b).abs() < 1e-6),
            "{q:?} {r:?}"
        );
        assert_eq!(m.contributions(&x, 0)[0].0, 0);
    }
}
