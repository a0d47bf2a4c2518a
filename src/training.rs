//! `train`: reads labelled quotes, cross-validates and fits both models, writes the artefact.
use crate::actors::Gazetteer;
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::features::FeatureConfig;
use crate::labels::{Label, Sentiment, Stance};
use crate::model::{self, Model, TrainConfig};
use crate::records::LabelledQuote;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What `train` needs.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    pub data: Vec<PathBuf>,
    pub features: FeatureConfig,
    pub config: TrainConfig,
}

/// Reads SPEC 2.3 labelled quotes; a bad line is an error naming the file and line.
pub fn read_labelled(path: &Path) -> Result<Vec<LabelledQuote>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let q: LabelledQuote = serde_json::from_str(line).map_err(|e| Error::Data {
            path: path.display().to_string(),
            line: n + 1,
            reason: e.to_string(),
        })?;
        out.push(q);
    }
    Ok(out)
}

/// Trains both models on the files of `opts`; returns the model (not yet saved).
pub fn train_model(opts: &TrainOptions, gaz: Gazetteer) -> Result<Model> {
    let mut data = Vec::new();
    let mut hasher = Sha256::new();
    for p in &opts.data {
        let bytes = std::fs::read(p).map_err(|e| Error::io(p, e))?;
        hasher.update(&bytes);
        data.extend(read_labelled(p)?);
    }
    if data.is_empty() {
        return Err(Error::Training(
            "the training files hold no labelled quote".into(),
        ));
    }
    let digest: String = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let engine = Engine::new(Model::untrained(opts.features.clone()), gaz)?;
    let (stance_rows, sentiment_rows) = engine.examples(&data)?;
    let dim = opts.features.dim();
    let stance = model::train(&stance_rows, &Stance::names(), dim, &opts.config, true)?;
    let sentiment = model::train(
        &sentiment_rows,
        &Sentiment::names(),
        dim,
        &opts.config,
        false,
    )?;

    let mut meta = Model::metadata_template(opts.features.clone());
    meta.training_data = opts
        .data
        .iter()
        .map(|p| {
            p.file_name().map_or_else(
                || p.display().to_string(),
                |f| f.to_string_lossy().into_owned(),
            )
        })
        .collect();
    meta.training_data_digest = digest;
    meta.training_counts = BTreeMap::from([
        ("quotes".to_string(), data.len()),
        ("stance_pairs".to_string(), stance_rows.len()),
        ("sentiment_quotes".to_string(), sentiment_rows.len()),
    ]);
    meta.train_config = serde_json::to_value(&opts.config).expect("config serialises");
    let mut reports = serde_json::Map::new();
    for (task, r) in [("stance", &stance.cv), ("sentiment", &sentiment.cv)] {
        if let Some(r) = r {
            meta.metrics
                .insert(format!("{task}.cv.macro_f1"), r.macro_f1);
            meta.metrics
                .insert(format!("{task}.cv.accuracy"), r.accuracy);
            meta.metrics.insert(format!("{task}.cv.ece"), r.ece);
            if let Some(f) = r.f_avg {
                meta.metrics.insert(format!("{task}.cv.f_avg"), f);
            }
            reports.insert(
                task.to_string(),
                serde_json::to_value(r).expect("report serialises"),
            );
        }
    }
    meta.reports = serde_json::Value::Object(reports);
    Ok(Model::new(meta, stance.model, sentiment.model))
}
