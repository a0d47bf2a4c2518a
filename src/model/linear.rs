//! A multinomial linear model scored on sparse vectors: softmax(W·x + b).
use crate::features::SparseVec;
use serde::{Deserialize, Serialize};

/// Weights of a linear classifier over a hashed feature space.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LinearModel {
    /// The feature dimension.
    pub dim: usize,
    /// Number of classes.
    pub classes: usize,
    /// Row-major `dim × classes` weights.
    pub weights: Vec<f32>,
    /// One intercept per class.
    pub intercept: Vec<f32>,
    /// Inverse document frequency per feature, learnt at training (empty: none).
    pub idf: Vec<f32>,
}

impl LinearModel {
    /// Checks that the shapes agree.
    pub fn check(&self) -> Result<(), String> {
        if self.weights.len() != self.dim * self.classes {
            return Err(format!(
                "weights hold {} values, expected {} × {}",
                self.weights.len(),
                self.dim,
                self.classes
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
            .weights
            .iter()
            .chain(&self.intercept)
            .any(|w| !w.is_finite())
        {
            return Err("weights are not all finite".into());
        }
        Ok(())
    }

    /// Raw feature counts → the model's input: sublinear term frequency (1 + ln tf) times idf,
    /// scaled to unit length.
    pub fn transform(&self, raw: &SparseVec) -> SparseVec {
        let mut x = raw.clone();
        for (i, v) in x.idx.iter().zip(x.val.iter_mut()) {
            let tf = if *v > 1.0 { 1.0 + v.ln() } else { *v };
            *v = tf * self.idf.get(*i as usize).copied().unwrap_or(1.0);
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
            let row = &self.weights[i * self.classes..(i + 1) * self.classes];
            for (zk, wk) in z.iter_mut().zip(row) {
                *zk += wk * v;
            }
        }
        z
    }

    /// Class probabilities of raw feature counts.
    pub fn predict_proba(&self, raw: &SparseVec) -> Vec<f32> {
        softmax(&self.logits(&self.transform(raw)))
    }

    /// Each feature's contribution (weight × value) to class `k`, largest first.
    pub fn contributions(&self, raw: &SparseVec, k: usize) -> Vec<(u32, f32)> {
        let x = self.transform(raw);
        let mut c: Vec<(u32, f32)> = x
            .idx
            .iter()
            .zip(&x.val)
            .filter(|(&i, _)| (i as usize) < self.dim)
            .map(|(&i, &v)| {
                let row = i as usize * self.classes;
                // Relative to the mean of the other classes, so that the number says how much
                // the feature favours class k.
                let others: f32 = (0..self.classes)
                    .filter(|&j| j != k)
                    .map(|j| self.weights[row + j])
                    .sum::<f32>()
                    / (self.classes.max(2) - 1) as f32;
                (i, (self.weights[row + k] - others) * v)
            })
            .collect();
        c.sort_by(|a, b| b.1.total_cmp(&a.1));
        c
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
        let m = LinearModel {
            dim: 2,
            classes: 2,
            weights: vec![1.0, -1.0, 0.0, 0.0],
            intercept: vec![0.0, 0.0],
            idf: Vec::new(),
        };
        assert!(m.check().is_ok());
        let x = SparseVec {
            idx: vec![0],
            val: vec![1.0],
        };
        let p = m.predict_proba(&x);
        assert!(p[0] > 0.8 && (p[0] + p[1] - 1.0).abs() < 1e-6);
        assert_eq!(m.contributions(&x, 0)[0].0, 0);
    }
}
