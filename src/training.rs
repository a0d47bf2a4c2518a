//! `train`: reads labelled quotes, cross-validates and fits both models, writes the artefact.
use crate::actors::Gazetteer;
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::features::FeatureConfig;
use crate::labels::{Label, Sentiment, Stance};
use crate::model::{self, Model, TrainConfig};
use crate::records::{LabelledQuote, LabelledTarget, RecordId};
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

/// Reads labelled quotes: SPEC 2.3 records, or NewsMTSC records (detected by their
/// `sentence_normalized` field; polarity 2/4/6 → against/neutral/favor toward the entity span).
/// A bad line is an error naming the file and line.
pub fn read_labelled(path: &Path) -> Result<Vec<LabelledQuote>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let mut out = Vec::new();
    for (n, line) in crate::text::without_bom(&text).lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let err = |reason: String| Error::Data {
            path: path.display().to_string(),
            line: n + 1,
            reason,
        };
        let v: serde_json::Value = serde_json::from_str(line).map_err(|e| err(e.to_string()))?;
        let q = if v.get("sentence_normalized").is_some() {
            from_newsmtsc(&v).map_err(err)?
        } else {
            serde_json::from_value(v).map_err(|e| err(e.to_string()))?
        };
        out.push(q);
    }
    Ok(out)
}

/// Converts one NewsMTSC record to a labelled quote with entity targets.
fn from_newsmtsc(v: &serde_json::Value) -> std::result::Result<LabelledQuote, String> {
    #[derive(serde::Deserialize)]
    struct Target {
        from: usize,
        to: usize,
        mention: String,
        polarity: f64,
    }
    #[derive(serde::Deserialize)]
    struct Record {
        primary_gid: String,
        sentence_normalized: String,
        targets: Vec<Target>,
    }
    let r: Record =
        serde_json::from_value(v.clone()).map_err(|e| format!("NewsMTSC record: {e}"))?;
    let mut targets = Vec::with_capacity(r.targets.len());
    for t in r.targets {
        let stance = match t.polarity as i64 {
            2 => Stance::Against,
            4 => Stance::Neutral,
            6 => Stance::Favor,
            p => return Err(format!("NewsMTSC polarity {p} is not 2, 4 or 6")),
        };
        targets.push(LabelledTarget {
            target: None,
            name: Some(t.mention),
            start: Some(t.from),
            end: Some(t.to),
            stance,
        });
    }
    Ok(LabelledQuote {
        id: RecordId::Str(r.primary_gid),
        text: r.sentence_normalized,
        speaker: None,
        speaker_country: None,
        sentiment: None,
        targets,
    })
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
    let sentiment = if sentiment_rows.is_empty() {
        // Data with stance labels only (NewsMTSC): the sentiment model stays uniform.
        tracing::warn!(
            "no training record has a sentiment label: the sentiment model is untrained"
        );
        model::TrainReport {
            model: Model::untrained(opts.features.clone()).sentiment,
            cv: None,
            alpha: opts.config.alpha,
            grid: Vec::new(),
            temperature: 1.0,
        }
    } else {
        model::train(
            &sentiment_rows,
            &Sentiment::names(),
            dim,
            &opts.config,
            false,
        )?
    };

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
    meta.train_config = serde_json::json!({
        "config": opts.config,
        "stance_alpha": stance.alpha,
        "sentiment_alpha": sentiment.alpha,
        "stance_alpha_grid": stance.grid,
        "sentiment_alpha_grid": sentiment.grid,
        "stance_temperature": stance.temperature,
        "sentiment_temperature": sentiment.temperature,
    });
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labelled_quotes_are_read_past_a_byte_order_mark_and_blank_lines() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("labels.jsonl");
        let record = r#"{"id": "q1", "text": "Moscow is a friend.", "speaker_country": "CN", "sentiment": "positive", "targets": [{"target": "RU", "stance": "favor"}]}"#;
        std::fs::write(&p, format!("\u{feff}{record}\r\n\n{record}\n")).unwrap();
        let got = read_labelled(&p).unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].id, got[1].id);
        assert_eq!(got[0].text, "Moscow is a friend.");
        // A bad line is named by its line number, counting the blank one.
        std::fs::write(&p, format!("\u{feff}{record}\n\n{{\"id\": 3}}\n")).unwrap();
        let e = read_labelled(&p).unwrap_err().to_string();
        assert!(e.contains(":3"), "{e}");
    }
}
