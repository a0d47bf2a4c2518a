//! Temperature scaling (Guo et al., "On Calibration of Modern Neural Networks", 2017): one
//! scalar `T` divides the logits, `p = softmax(z / T)`, chosen to minimise the negative
//! log-likelihood of out-of-fold predictions. The predicted label never changes (the order of
//! the logits is kept); only how sure the probabilities are. A model's weights and intercepts
//! are divided by `T` once, so scoring costs nothing more.

/// Searched range of `T` (the log of `T` is searched, golden-section, to this precision).
const T_MIN: f64 = 0.1;
const T_MAX: f64 = 10.0;
const LOG_TOLERANCE: f64 = 1e-4;

/// `probs` re-tempered: `softmax(ln p / t)` (exact for a softmax's output, whose logits are
/// `ln p` up to a constant).
pub fn apply(probs: &[f32], t: f64) -> Vec<f32> {
    let z: Vec<f64> = probs
        .iter()
        .map(|&p| f64::from(p.max(1e-30)).ln() / t)
        .collect();
    let max = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let e: Vec<f64> = z.iter().map(|v| (v - max).exp()).collect();
    let sum: f64 = e.iter().sum();
    e.iter().map(|v| (v / sum) as f32).collect()
}

/// Mean negative log-likelihood of the gold labels under `probs` tempered by `t`.
fn nll(gold: &[usize], probs: &[Vec<f32>], t: f64) -> f64 {
    let total: f64 = gold
        .iter()
        .zip(probs)
        .map(|(&g, p)| -f64::from(apply(p, t)[g].max(1e-30)).ln())
        .sum();
    total / gold.len().max(1) as f64
}

/// The temperature that minimises the negative log-likelihood of `gold` under `probs`
/// (1 when there is nothing to fit).
pub fn fit_temperature(gold: &[usize], probs: &[Vec<f32>]) -> f64 {
    if gold.is_empty() {
        return 1.0;
    }
    let f = |log_t: f64| nll(gold, probs, log_t.exp());
    let ratio = (5f64.sqrt() - 1.0) / 2.0;
    let (mut a, mut b) = (T_MIN.ln(), T_MAX.ln());
    let mut c = b - ratio * (b - a);
    let mut d = a + ratio * (b - a);
    let (mut fc, mut fd) = (f(c), f(d));
    while b - a > LOG_TOLERANCE {
        if fc < fd {
            b = d;
            d = c;
            fd = fc;
            c = b - ratio * (b - a);
            fc = f(c);
        } else {
            a = c;
            c = d;
            fc = fd;
            d = a + ratio * (b - a);
            fd = f(d);
        }
    }
    ((a + b) / 2.0).exp()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tempering_keeps_the_order_and_sums_to_one() {
        let p = [0.6f32, 0.3, 0.1];
        for t in [0.5, 1.0, 2.0] {
            let q = apply(&p, t);
            assert!((q.iter().sum::<f32>() - 1.0).abs() < 1e-5);
            assert!(q[0] > q[1] && q[1] > q[2]);
        }
        let q = apply(&p, 1.0);
        assert!(p.iter().zip(&q).all(|(a, b)| (a - b).abs() < 1e-5));
        assert!(apply(&p, 0.5)[0] > 0.6 && apply(&p, 2.0)[0] < 0.6);
    }

    #[test]
    fn underconfident_predictions_get_a_temperature_below_one() {
        // Right 90% of the time, but only 60% sure: sharpening (T < 1) fits better.
        let gold: Vec<usize> = (0..100).map(|i| usize::from(i % 10 == 0)).collect();
        let probs = vec![vec![0.6f32, 0.4]; 100];
        let t = fit_temperature(&gold, &probs);
        assert!(t < 1.0, "{t}");
        let sharp = apply(&probs[0], t)[0];
        assert!((sharp - 0.9).abs() < 0.01, "{sharp}");
        // Overconfident: softened.
        let probs = vec![vec![0.99f32, 0.01]; 100];
        assert!(fit_temperature(&gold, &probs) > 1.0);
        assert_eq!(fit_temperature(&[], &[]), 1.0);
    }
}
