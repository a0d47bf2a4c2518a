//! Classification metrics (SPEC section 5): per-label P/R/F1, macro-F1, F_avg, confusion matrix,
//! and expected calibration error.
use serde::{Deserialize, Serialize};

/// Precision, recall, F1 and support of one label.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct LabelScore {
    pub label: String,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub support: usize,
}

/// The metrics of one classification task.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Report {
    pub n: usize,
    pub accuracy: f64,
    pub macro_f1: f64,
    /// Mean F1 of the first two labels (favor, against) for stance; omitted for sentiment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub f_avg: Option<f64>,
    pub per_label: Vec<LabelScore>,
    /// `confusion[gold][predicted]`.
    pub confusion: Vec<Vec<usize>>,
    /// Expected calibration error over 10 bins of the top probability.
    pub ece: f64,
    /// The reliability diagram's bins (top probability vs accuracy).
    pub reliability: Vec<Bin>,
}

/// One bin of a reliability diagram.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Bin {
    /// Lower edge of the bin's top-probability range.
    pub lo: f64,
    /// Upper edge.
    pub hi: f64,
    pub count: usize,
    /// Mean top probability of the bin's predictions.
    pub confidence: f64,
    /// Share of the bin's predictions that are right.
    pub accuracy: f64,
}

/// Computes the report from gold and predicted label indices and predicted probabilities.
pub fn report(labels: &[String], gold: &[usize], probs: &[Vec<f32>], f_avg: bool) -> Report {
    let k = labels.len();
    let mut confusion = vec![vec![0usize; k]; k];
    let pred: Vec<usize> = probs.iter().map(|p| argmax(p)).collect();
    for (&g, &p) in gold.iter().zip(&pred) {
        confusion[g][p] += 1;
    }
    let per_label: Vec<LabelScore> = (0..k)
        .map(|c| {
            let tp = confusion[c][c] as f64;
            let predicted: usize = (0..k).map(|g| confusion[g][c]).sum();
            let support: usize = confusion[c].iter().sum();
            let precision = if predicted > 0 {
                tp / predicted as f64
            } else {
                0.0
            };
            let recall = if support > 0 {
                tp / support as f64
            } else {
                0.0
            };
            LabelScore {
                label: labels[c].clone(),
                precision,
                recall,
                f1: f1(precision, recall),
                support,
            }
        })
        .collect();
    let n = gold.len();
    let correct = (0..k).map(|c| confusion[c][c]).sum::<usize>();
    Report {
        n,
        accuracy: if n > 0 {
            correct as f64 / n as f64
        } else {
            0.0
        },
        macro_f1: per_label.iter().map(|s| s.f1).sum::<f64>() / k.max(1) as f64,
        f_avg: f_avg.then(|| (per_label[0].f1 + per_label[1].f1) / 2.0),
        per_label,
        confusion,
        ece: ece(gold, probs, 10),
        reliability: reliability(gold, probs, 10),
    }
}

/// The harmonic mean of precision and recall.
pub fn f1(p: f64, r: f64) -> f64 {
    if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    }
}

/// The index of the largest value.
pub fn argmax(p: &[f32]) -> usize {
    let mut best = 0;
    for (i, v) in p.iter().enumerate() {
        if *v > p[best] {
            best = i;
        }
    }
    best
}

/// The reliability diagram: `bins` equal-width bins of the top probability.
pub fn reliability(gold: &[usize], probs: &[Vec<f32>], bins: usize) -> Vec<Bin> {
    let mut count = vec![0usize; bins];
    let mut conf = vec![0f64; bins];
    let mut acc = vec![0f64; bins];
    for (&g, p) in gold.iter().zip(probs) {
        let k = argmax(p);
        let c = f64::from(p[k]);
        let b = ((c * bins as f64) as usize).min(bins - 1);
        count[b] += 1;
        conf[b] += c;
        acc[b] += if k == g { 1.0 } else { 0.0 };
    }
    (0..bins)
        .map(|b| {
            let n = count[b].max(1) as f64;
            Bin {
                lo: b as f64 / bins as f64,
                hi: (b + 1) as f64 / bins as f64,
                count: count[b],
                confidence: conf[b] / n,
                accuracy: acc[b] / n,
            }
        })
        .collect()
}

/// Expected calibration error with `bins` equal-width bins of the top probability.
pub fn ece(gold: &[usize], probs: &[Vec<f32>], bins: usize) -> f64 {
    let n = gold.len().max(1) as f64;
    reliability(gold, probs, bins)
        .iter()
        .map(|b| (b.count as f64 / n) * (b.accuracy - b.confidence).abs())
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perfect_and_f_avg() {
        let labels: Vec<String> = ["favor", "against", "neutral"].map(String::from).to_vec();
        let gold = vec![0, 1, 2, 0];
        let probs = vec![
            vec![0.9, 0.05, 0.05],
            vec![0.1, 0.8, 0.1],
            vec![0.2, 0.2, 0.6],
            vec![0.2, 0.7, 0.1],
        ];
        let r = report(&labels, &gold, &probs, true);
        assert_eq!(r.confusion[0], vec![1, 1, 0]);
        assert!((r.per_label[0].recall - 0.5).abs() < 1e-9);
        assert!((r.per_label[1].precision - 0.5).abs() < 1e-9);
        assert!((r.f_avg.unwrap() - (2.0 / 3.0 + 2.0 / 3.0) / 2.0).abs() < 1e-9);
        assert!(r.ece > 0.0);
    }
}
