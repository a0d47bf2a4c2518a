//! Fitting with linfa: multinomial logistic regression on a dense matrix of the columns the
//! training rows use (linfa fits dense input only), seeded k-fold cross-validation in parallel.
use super::calibration;
use super::linear::LinearModel;
use super::metrics::{self, Report};
use crate::error::{Error, Result};
use crate::features::SparseVec;
use linfa::prelude::*;
use linfa_logistic::MultiLogisticRegression;
use ndarray::{Array1, Array2};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// One training row.
#[derive(Debug, Clone)]
pub struct Example {
    pub x: SparseVec,
    pub y: usize,
    /// The quote the row comes from: cross-validation keeps a quote's rows in one fold, so that
    /// no target is scored by a model that saw the same sentence with another target's label.
    pub group: usize,
}

/// Hyper-parameters of a fit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainConfig {
    /// L2 penalty (the one used when `alpha_grid` is empty; the chosen one after training).
    pub alpha: f32,
    /// Penalties to choose from by cross-validated macro-F1 (needs folds > 1).
    #[serde(default)]
    pub alpha_grid: Vec<f32>,
    /// L-BFGS iterations.
    pub max_iterations: u64,
    /// Cross-validation folds (0 or 1: none).
    pub folds: usize,
    /// Seed of the fold assignment.
    pub seed: u64,
    /// Columns used by fewer rows are dropped before fitting.
    pub min_df: usize,
    /// At most this many columns (the most informative) enter the dense fit: linfa fits dense
    /// matrices only, so this bounds memory and time (rows × columns × 4 bytes).
    pub max_columns: usize,
    /// Supervised term weighting: each selected column's idf is multiplied by
    /// (χ² / median χ²)^γ, clipped to [1/4, 4], so that the L2 penalty bears less on
    /// informative features (0: plain idf).
    #[serde(default)]
    pub chi2_weight: f32,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            alpha: 0.5,
            alpha_grid: Vec::new(),
            max_iterations: 100,
            folds: 5,
            seed: 13,
            min_df: 1,
            max_columns: 4_000,
            chi2_weight: 0.25,
        }
    }
}

/// The result of training one task.
#[derive(Debug, Clone)]
pub struct TrainReport {
    pub model: LinearModel,
    /// Cross-validated metrics, when folds > 1.
    pub cv: Option<Report>,
    /// The penalty used.
    pub alpha: f32,
    /// Every penalty tried, with its cross-validated macro-F1.
    pub grid: Vec<GridPoint>,
    /// The temperature fitted on the out-of-fold predictions and folded into the model's
    /// weights (1 without cross-validation); `cv` is measured with it.
    pub temperature: f64,
}

/// One penalty of the grid and how it cross-validated.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GridPoint {
    pub alpha: f32,
    /// Macro-F1 of the out-of-fold predictions of all folds together.
    pub macro_f1: f64,
    /// Standard error of the mean of the folds' own macro-F1.
    pub std_error: f64,
}

/// The penalty to keep: the largest one whose cross-validated macro-F1 is within one standard
/// error of the best ("one-standard-error rule", Hastie, Tibshirani & Friedman, *The Elements of
/// Statistical Learning*, 7.10). Penalties whose scores differ by less than the folds' noise are
/// a tie, and a tie goes to the simpler, more strongly penalised model.
fn one_standard_error(grid: &[GridPoint]) -> Option<usize> {
    let best = grid
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.macro_f1.total_cmp(&b.1.macro_f1).then(b.0.cmp(&a.0)))?;
    let floor = best.1.macro_f1 - best.1.std_error;
    grid.iter()
        .enumerate()
        .filter(|(_, g)| g.macro_f1 >= floor)
        .max_by(|a, b| a.1.alpha.total_cmp(&b.1.alpha))
        .map(|(i, _)| i)
}

/// Out-of-fold probabilities: (row index, probabilities).
type FoldPredictions = Vec<(usize, Vec<f32>)>;

/// Fits a model on `rows`, after `folds`-fold cross-validation.
pub fn train(
    rows: &[Example],
    labels: &[String],
    dim: usize,
    cfg: &TrainConfig,
    f_avg: bool,
) -> Result<TrainReport> {
    let k = labels.len();
    for (c, label) in labels.iter().enumerate() {
        if !rows.iter().any(|r| r.y == c) {
            return Err(Error::Training(format!(
                "no training example has the label `{label}`; every label needs at least one"
            )));
        }
    }
    let groups = rows
        .iter()
        .map(|r| r.group)
        .collect::<std::collections::HashSet<_>>();
    let can_cv = cfg.folds > 1 && groups.len() >= cfg.folds * 2;
    let mut chosen = cfg.clone();
    let mut grid = Vec::new();
    let mut cv = None;
    let mut temperature = 1.0;
    if can_cv {
        let alphas = if cfg.alpha_grid.is_empty() {
            vec![cfg.alpha]
        } else {
            cfg.alpha_grid.clone()
        };
        let gold: Vec<usize> = rows.iter().map(|r| r.y).collect();
        let mut out_of_fold = Vec::with_capacity(alphas.len());
        for a in alphas {
            let c = TrainConfig {
                alpha: a,
                ..cfg.clone()
            };
            let (probs, std_error) = cross_validate(rows, labels, dim, &c)?;
            let untempered = metrics::report(labels, &gold, &probs, f_avg);
            tracing::info!(
                alpha = a,
                macro_f1 = untempered.macro_f1,
                std_error,
                "cross-validated"
            );
            grid.push(GridPoint {
                alpha: a,
                macro_f1: untempered.macro_f1,
                std_error,
            });
            out_of_fold.push((probs, untempered.ece));
        }
        if let Some(i) = one_standard_error(&grid) {
            chosen.alpha = grid[i].alpha;
            let (probs, ece_before) = out_of_fold.swap_remove(i);
            temperature = calibration::fit_temperature(&gold, &probs);
            let tempered: Vec<Vec<f32>> = probs
                .iter()
                .map(|p| calibration::apply(p, temperature))
                .collect();
            let r = metrics::report(labels, &gold, &tempered, f_avg);
            tracing::info!(temperature, ece_before, ece = r.ece, "calibrated");
            cv = Some(r);
        }
    }
    let model = fit(rows, k, dim, &chosen, temperature as f32)?;
    Ok(TrainReport {
        model,
        cv,
        alpha: chosen.alpha,
        grid,
        temperature,
    })
}

/// The out-of-fold probabilities of `cfg.folds`-fold cross-validation (one per row), and the
/// standard error of the folds' macro-F1; the folds run in parallel.
fn cross_validate(
    rows: &[Example],
    labels: &[String],
    dim: usize,
    cfg: &TrainConfig,
) -> Result<(Vec<Vec<f32>>, f64)> {
    let k = labels.len();
    let fold_of = group_folds(rows, cfg.folds, cfg.seed);
    let parts: Vec<Result<FoldPredictions>> = (0..cfg.folds)
        .into_par_iter()
        .map(|f| {
            let train: Vec<Example> = rows
                .iter()
                .zip(&fold_of)
                .filter(|(_, &g)| g != f)
                .map(|(r, _)| r.clone())
                .collect();
            let m = fit(&train, k, dim, cfg, 1.0)?;
            Ok(rows
                .iter()
                .enumerate()
                .filter(|(i, _)| fold_of[*i] == f)
                .map(|(i, r)| (i, m.predict_proba(&r.x)))
                .collect())
        })
        .collect();
    let mut probs = vec![Vec::new(); rows.len()];
    let mut fold_f1 = Vec::with_capacity(parts.len());
    for p in parts {
        let p = p?;
        let gold: Vec<usize> = p.iter().map(|(i, _)| rows[*i].y).collect();
        let fold_probs: Vec<Vec<f32>> = p.iter().map(|(_, pr)| pr.clone()).collect();
        fold_f1.push(metrics::report(labels, &gold, &fold_probs, false).macro_f1);
        for (i, pr) in p {
            probs[i] = pr;
        }
    }
    Ok((probs, std_error(&fold_f1)))
}

/// Standard error of the mean of `xs` (sample standard deviation / √n; 0 for fewer than two).
fn std_error(xs: &[f64]) -> f64 {
    let n = xs.len() as f64;
    if xs.len() < 2 {
        return 0.0;
    }
    let mean = xs.iter().sum::<f64>() / n;
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (var / n).sqrt()
}

/// The fold of each row: whole groups (quotes) are assigned to folds, in order of first
/// appearance, by [`fold_assignment`].
fn group_folds(rows: &[Example], folds: usize, seed: u64) -> Vec<usize> {
    let mut index: HashMap<usize, usize> = HashMap::new();
    let dense: Vec<usize> = rows
        .iter()
        .map(|r| {
            let next = index.len();
            *index.entry(r.group).or_insert(next)
        })
        .collect();
    let fold_of_group = fold_assignment(index.len(), folds, seed);
    dense.into_iter().map(|g| fold_of_group[g]).collect()
}

/// A seeded, stratification-free fold assignment (splitmix64 shuffle).
fn fold_assignment(n: usize, folds: usize, seed: u64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    let mut state = seed;
    for i in (1..n).rev() {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        order.swap(i, (z % (i as u64 + 1)) as usize);
    }
    let mut fold = vec![0; n];
    for (pos, &i) in order.iter().enumerate() {
        fold[i] = pos % folds;
    }
    fold
}

/// The columns that enter the dense fit: those used by at least `min_df` rows, the
/// `max_columns` most informative by the χ² statistic of their presence against the label
/// (document frequency breaks ties), in index order; and every used column's document frequency.
fn select_columns(
    rows: &[Example],
    k: usize,
    cfg: &TrainConfig,
) -> (Vec<(u32, f64)>, HashMap<u32, usize>) {
    let mut df: HashMap<u32, Vec<u32>> = HashMap::new();
    let mut per_class = vec![0f64; k];
    for r in rows {
        per_class[r.y] += 1.0;
        for &i in &r.x.idx {
            df.entry(i).or_insert_with(|| vec![0; k])[r.y] += 1;
        }
    }
    let n = rows.len() as f64;
    let chi2 = |counts: &[u32]| -> f64 {
        let present: f64 = counts.iter().map(|&c| f64::from(c)).sum();
        let mut x = 0.0;
        for (c, &o) in counts.iter().enumerate() {
            let o = f64::from(o);
            for (obs, total) in [(o, present), (per_class[c] - o, n - present)] {
                let expected = total * per_class[c] / n;
                if expected > 0.0 {
                    x += (obs - expected).powi(2) / expected;
                }
            }
        }
        x
    };
    let mut scored: Vec<(u32, f64, usize)> = df
        .iter()
        .map(|(&i, counts)| (i, counts.iter().sum::<u32>() as usize, counts))
        .filter(|&(_, d, _)| d >= cfg.min_df.max(1))
        .map(|(i, d, counts)| (i, chi2(counts), d))
        .collect();
    // Most informative first; ties by frequency, then index, so the choice is deterministic.
    scored.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(b.2.cmp(&a.2)).then(a.0.cmp(&b.0)));
    scored.truncate(cfg.max_columns.max(1));
    let mut cols: Vec<(u32, f64)> = scored.into_iter().map(|(i, x, _)| (i, x)).collect();
    cols.sort_unstable_by_key(|c| c.0);
    let df_all = df
        .into_iter()
        .map(|(i, c)| (i, c.iter().sum::<u32>() as usize))
        .collect();
    (cols, df_all)
}

/// One fit with linfa on the dense matrix of used columns; weights are mapped back to `dim`
/// and divided, with the intercepts, by `temperature` (see [`calibration`]).
fn fit(
    rows: &[Example],
    k: usize,
    dim: usize,
    cfg: &TrainConfig,
    temperature: f32,
) -> Result<LinearModel> {
    let (selected, df_all) = select_columns(rows, k, cfg);
    let cols: Vec<u32> = selected.iter().map(|c| c.0).collect();
    let col_of: HashMap<u32, usize> = cols.iter().enumerate().map(|(c, &i)| (i, c)).collect();
    // Smoothed inverse document frequency over these rows, as scikit-learn computes it.
    let n = rows.len() as f32;
    let mut idf = vec![(1.0 + n).ln() + 1.0; dim];
    for (&i, &d) in &df_all {
        if (i as usize) < dim {
            idf[i as usize] = ((1.0 + n) / (1.0 + d as f32)).ln() + 1.0;
        }
    }
    if cfg.chi2_weight > 0.0 && !selected.is_empty() {
        let mut scores: Vec<f64> = selected.iter().map(|c| c.1).collect();
        scores.sort_unstable_by(f64::total_cmp);
        let median = scores[scores.len() / 2].max(1e-9);
        for &(i, x) in &selected {
            let w = (x / median)
                .powf(f64::from(cfg.chi2_weight))
                .clamp(0.25, 4.0);
            idf[i as usize] *= w as f32;
        }
    }
    let shape = LinearModel::new(dim, k, &vec![0.0; dim * k], vec![0.0; k], &idf)
        .map_err(Error::Training)?;
    let mut x = Array2::<f32>::zeros((rows.len(), cols.len()));
    for (r, raw) in rows.iter().enumerate() {
        let row = shape.transform(&raw.x);
        for (&i, &v) in row.idx.iter().zip(&row.val) {
            if let Some(&c) = col_of.get(&i) {
                x[[r, c]] = v;
            }
        }
    }
    let y = Array1::from_iter(rows.iter().map(|r| r.y));
    let ds = Dataset::new(x, y);
    let started = std::time::Instant::now();
    let fitted = MultiLogisticRegression::default()
        .alpha(cfg.alpha)
        .max_iterations(cfg.max_iterations)
        .fit(&ds)
        .map_err(|e| Error::Training(e.to_string()))?;
    tracing::debug!(
        rows = rows.len(),
        columns = cols.len(),
        seconds = started.elapsed().as_secs_f64(),
        "linfa fit"
    );
    let params = fitted.params();
    let intercept_l = fitted.intercept();
    let classes = fitted.classes();
    let mut weights = vec![0f32; dim * k];
    let mut intercept = vec![-30f32; k];
    for (j, &class) in classes.iter().enumerate() {
        intercept[class] = intercept_l[j] / temperature;
        for (c, &i) in cols.iter().enumerate() {
            weights[i as usize * k + class] = params[[c, j]] / temperature;
        }
    }
    LinearModel::new(dim, k, &weights, intercept, &idf).map_err(Error::Training)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(i: u32, y: usize) -> Example {
        Example {
            group: 0,
            x: SparseVec {
                idx: vec![i, 7],
                val: vec![0.9, 0.1],
            },
            y,
        }
    }

    #[test]
    fn learns_separable_classes_and_is_deterministic() {
        let rows: Vec<Example> = (0..30)
            .map(|i| Example {
                group: i,
                ..row((i % 3) as u32, i % 3)
            })
            .collect();
        let labels: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
        let cfg = TrainConfig {
            alpha: 0.01,
            ..TrainConfig::default()
        };
        let a = train(&rows, &labels, 8, &cfg, false).unwrap();
        let b = train(&rows, &labels, 8, &cfg, false).unwrap();
        assert_eq!(a.model, b.model);
        assert!(a.cv.unwrap().accuracy > 0.99);
        let p = a.model.predict_proba(&row(2, 2).x);
        assert_eq!(metrics::argmax(&p), 2);
    }

    #[test]
    fn missing_label_is_refused() {
        let rows: Vec<Example> = (0..10).map(|i| row((i % 2) as u32, i % 2)).collect();
        let labels: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
        let e = train(&rows, &labels, 8, &TrainConfig::default(), false).unwrap_err();
        assert!(e.to_string().contains("`c`"));
    }

    #[test]
    fn a_quote_s_rows_share_a_fold() {
        let rows: Vec<Example> = (0..60)
            .map(|i| Example {
                group: i / 3,
                ..row(i as u32 % 5, i % 3)
            })
            .collect();
        let f = group_folds(&rows, 5, 7);
        for g in 0..20 {
            assert!(
                f[g * 3] == f[g * 3 + 1] && f[g * 3] == f[g * 3 + 2],
                "{f:?}"
            );
        }
        for k in 0..5 {
            assert_eq!(f.iter().filter(|&&x| x == k).count(), 12);
        }
    }

    #[test]
    fn one_standard_error_rule_prefers_the_larger_penalty_in_a_tie() {
        let g = |alpha, macro_f1, std_error| GridPoint {
            alpha,
            macro_f1,
            std_error,
        };
        // 0.3 is within one standard error of the best (0.15); 0.7 is not.
        let grid = [
            g(0.15, 0.665, 0.004),
            g(0.3, 0.663, 0.005),
            g(0.7, 0.653, 0.004),
        ];
        assert_eq!(one_standard_error(&grid), Some(1));
        // Without noise the best wins.
        let grid = [g(0.15, 0.665, 0.0), g(0.3, 0.663, 0.0)];
        assert_eq!(one_standard_error(&grid), Some(0));
        assert_eq!(one_standard_error(&[]), None);
        assert!((std_error(&[1.0, 3.0]) - 1.0).abs() < 1e-12);
        assert_eq!(std_error(&[2.0]), 0.0);
    }

    #[test]
    fn folds_are_balanced() {
        let f = fold_assignment(103, 5, 1);
        for k in 0..5 {
            let n = f.iter().filter(|&&x| x == k).count();
            assert!((20..=21).contains(&n));
        }
    }
}
