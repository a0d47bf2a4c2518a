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

/// The layout `predict_pairs` reads. Most hashed features have no weight (the fit keeps a few
/// thousand columns) and the others' idf takes few distinct values, so each feature points to a
/// row `[w_0, …, w_{classes-1}, idf]` of a short table: its own row if it has weights, else the
/// shared zero-weight row of its idf. (Weights first: with 3 classes a row is 4 lanes, and one
/// vector multiply-add scores it.) The index is 2 bytes a feature instead of `rows`' 16, which keeps
/// both models' indices in the core's cache, and one row is one load (waiting for these loads is
/// most of what scoring costs).
#[derive(Debug, Clone, Default, PartialEq)]
struct Compact {
    index: Index,
    /// Rows of `classes + 1` values: the class weights (zeros for the shared rows), then idf.
    table: Vec<f32>,
}

#[derive(Debug, Clone, PartialEq)]
enum Index {
    /// Row numbers, when there are at most 2^16 rows.
    Narrow(Vec<u16>),
    /// Row numbers otherwise.
    Wide(Vec<u32>),
}

impl Default for Index {
    fn default() -> Self {
        Index::Wide(Vec::new())
    }
}

impl Compact {
    fn new(rows: &[f32], dim: usize, classes: usize) -> Compact {
        let stride = classes + 1;
        let mut table = Vec::new();
        let mut shared: foldhash::HashMap<u32, u32> = Default::default();
        let mut index = Vec::with_capacity(dim);
        for row in rows.chunks_exact(stride).take(dim) {
            let next = (table.len() / stride) as u32;
            let r = if row[1..].iter().any(|w| *w != 0.0) {
                table.extend_from_slice(&row[1..]);
                table.push(row[0]);
                next
            } else {
                *shared.entry(row[0].to_bits()).or_insert_with(|| {
                    table.resize(table.len() + classes, 0.0);
                    table.push(row[0]);
                    next
                })
            };
            index.push(r);
        }
        let index = if table.len() / stride <= 1 << 16 {
            Index::Narrow(index.iter().map(|&r| r as u16).collect())
        } else {
            Index::Wide(index)
        };
        Compact { index, table }
    }
}

/// A row number as [`Index`] stores it.
trait RowNumber: Copy {
    fn get(self) -> usize;
}

impl RowNumber for u16 {
    #[inline]
    fn get(self) -> usize {
        usize::from(self)
    }
}

impl RowNumber for u32 {
    #[inline]
    fn get(self) -> usize {
        self as usize
    }
}

/// A slot of [`Scratch`]'s table: a feature and where its sum is, filled in the call whose
/// stamp it carries (a slot with another stamp is empty).
#[derive(Clone, Copy, Default)]
struct Slot {
    feature: u32,
    stamp: u32,
    at: u32,
}

/// Where [`LinearModel::predict_pairs`] sums repeats: an open-addressing table from feature
/// to its place in `sums`, and the summed counts of one call's distinct features with their
/// rows, in the order first seen. Each call has its own stamp, so the table is never cleared.
struct Scratch {
    table: Vec<Slot>,
    stamp: u32,
    sums: Vec<(f32, u32)>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = const {
        std::cell::RefCell::new(Scratch { table: Vec::new(), stamp: 0, sums: Vec::new() })
    };
}

impl Scratch {
    /// The class scores of `pairs` before the intercept: each distinct feature's summed count,
    /// sublinear and times its idf, scaled to unit length, times its row's weights. `index` has
    /// one row number per feature of the dimension (features beyond it are dropped); `table`
    /// holds rows of `classes` weights and the idf.
    #[inline]
    fn logits<R: RowNumber>(
        &mut self,
        pairs: &[(u32, f32)],
        index: &[R],
        table: &[f32],
        classes: usize,
    ) -> Vec<f32> {
        let need = (pairs.len() * 2).next_power_of_two().max(64);
        self.stamp = self.stamp.wrapping_add(1);
        if self.stamp == 0 {
            // Stamps went round: forget every slot.
            self.table.fill(Slot::default());
            self.stamp = 1;
        }
        if self.table.len() < need {
            self.table.resize(need, Slot::default());
        }
        let stamp = self.stamp;
        // Only the first `need` slots: the smaller the table, the fewer cache lines it touches.
        let slots = &mut self.table[..need];
        let mask = need - 1;
        let sums = &mut self.sums;
        sums.clear();
        sums.reserve(pairs.len());
        for &(i, v) in pairs {
            // `index` has one entry per feature of the dimension, so this is also its check.
            let Some(&r) = index.get(i as usize) else {
                continue;
            };
            let mut slot = i as usize & mask;
            loop {
                let e = &mut slots[slot];
                if e.stamp != stamp {
                    *e = Slot {
                        feature: i,
                        stamp,
                        at: sums.len() as u32,
                    };
                    sums.push((v, r.get() as u32));
                    break;
                }
                if e.feature == i {
                    sums[e.at as usize].0 += v;
                    break;
                }
                slot = (slot + 1) & mask;
            }
        }
        let mut z = vec![0f32; classes];
        let mut norm = 0f32;
        if classes == 3 {
            let mut acc = [0f32; 4];
            for &(v, r) in sums.iter() {
                let r = r as usize * 4;
                let row: [f32; 4] = table[r..r + 4].try_into().expect("rows of 4");
                let x = sublinear(v) * row[3];
                norm += x * x;
                // All four lanes at once (the fourth, idf × x, is not used): each class's sum
                // is still taken in the same order.
                acc = std::array::from_fn(|k| acc[k] + row[k] * x);
            }
            z.copy_from_slice(&acc[..3]);
        } else {
            let stride = classes + 1;
            for &(v, r) in sums.iter() {
                let r = r as usize * stride;
                let row = &table[r..r + stride];
                let x = sublinear(v) * row[classes];
                norm += x * x;
                for (zk, wk) in z.iter_mut().zip(&row[..classes]) {
                    *zk += wk * x;
                }
            }
        }
        let scale = if norm > 0.0 { norm.sqrt().recip() } else { 0.0 };
        for zk in z.iter_mut() {
            *zk *= scale;
        }
        z
    }
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
        self.compact
            .get_or_init(|| Compact::new(&self.rows, self.dim, self.classes))
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
        let mut z = self.logits(&self.transform(raw));
        softmax(&mut z);
        z
    }

    /// Class probabilities of raw (index, count) pairs in any order, repeats summed: the same
    /// numbers as [`predict_proba`](Self::predict_proba) on the sorted vector, without sorting.
    /// Repeats are summed in a small per-thread open-addressing table that stays in cache.
    pub fn predict_pairs(&self, pairs: &[(u32, f32)]) -> Vec<f32> {
        let c = self.compact();
        let mut z = SCRATCH.with(|cell| {
            let scratch = &mut *cell.borrow_mut();
            match &c.index {
                Index::Narrow(index) => scratch.logits(pairs, index, &c.table, self.classes),
                Index::Wide(index) => scratch.logits(pairs, index, &c.table, self.classes),
            }
        });
        for (zk, b) in z.iter_mut().zip(&self.intercept) {
            *zk += b;
        }
        softmax(&mut z);
        z
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

/// A numerically stable softmax, in place: the logits `z` become the probabilities.
pub fn softmax(z: &mut [f32]) {
    let m = z.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    z.iter_mut().for_each(|v| *v = (*v - m).exp());
    let s: f32 = z.iter().sum();
    z.iter_mut().for_each(|v| *v /= s);
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

    #[test]
    fn repeats_are_summed_across_table_sizes_and_when_stamps_go_round() {
        let dim = 1000;
        let w: Vec<f32> = (0..dim * 3)
            .map(|k| ((k * 37 % 101) as f32 - 50.0) / 50.0)
            .collect();
        let idf: Vec<f32> = (0..dim).map(|i| 1.0 + (i % 7) as f32 / 4.0).collect();
        let m = LinearModel::new(dim, 3, &w, vec![0.1, 0.0, -0.1], &idf).unwrap();
        let check = |pairs: &[(u32, f32)]| {
            let q = m.predict_pairs(pairs);
            let r = m.predict_proba(&SparseVec::from_pairs(pairs.to_vec()));
            assert!(
                q.iter().zip(&r).all(|(a, b)| (a - b).abs() < 1e-6),
                "{q:?} {r:?}"
            );
        };
        // The stamps go round before the first call: the new slots (stamp 0) must read as
        // empty, feature 0 included.
        SCRATCH.with(|c| c.borrow_mut().stamp = u32::MAX);
        check(&[(0, 2.0), (5, 1.0), (0, 1.0)]);
        // Many pairs (a large table), then few that collide in a small one: stale slots of
        // the earlier call must read as empty.
        let many: Vec<(u32, f32)> = (0..300).map(|k| ((k * 13 % 997) as u32, 1.0)).collect();
        for _ in 0..2 {
            check(&many);
            check(&[(64, 1.0), (128, 2.0), (64, 0.5), (192, 1.0), (128, 1.0)]);
            check(&[
                (5, 1.0),
                (69, 1.0),
                (5, 1.0),
                (0, 2.0),
                (133, 3.0),
                (0, 1.0),
            ]);
        }
    }

    #[test]
    fn many_distinct_idfs_fall_back_to_the_wide_lookup() {
        let dim = 70_000;
        let mut w = vec![0.0; dim * 2];
        w[2 * 69_999] = 1.5;
        w[2 * 3 + 1] = -0.5;
        let idf: Vec<f32> = (0..dim).map(|i| 1.0 + i as f32 / 1000.0).collect();
        let m = LinearModel::new(dim, 2, &w, vec![0.1, -0.1], &idf).unwrap();
        assert!(matches!(m.compact().index, Index::Wide(_)));
        let x = SparseVec {
            idx: vec![3, 500, 69_999],
            val: vec![1.0, 3.0, 2.0],
        };
        let q = m.predict_pairs(&[(69_999, 1.0), (3, 1.0), (500, 3.0), (69_999, 1.0)]);
        let r = m.predict_proba(&x);
        assert!(
            q.iter().zip(&r).all(|(a, b)| (a - b).abs() < 1e-6),
            "{q:?} {r:?}"
        );
        let small = LinearModel::new(
            4,
            2,
            &[0.0, 0.0, 1.0, -1.0, 0.0, 0.0, 2.0, 0.0],
            vec![0.0; 2],
            &[1.0, 2.0, 2.0, 1.0],
        )
        .unwrap();
        assert!(matches!(small.compact().index, Index::Narrow(_)));
    }
}
