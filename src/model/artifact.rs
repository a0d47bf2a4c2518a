//! The model artefact: a directory with `metadata.json` (readable: labels, feature config,
//! training data digest, metrics, format version) and `weights.bin` (magic, format version,
//! postcard-encoded weights). Both are checked on load; a bad or foreign file is refused.
use super::linear::LinearModel;
use crate::error::{Error, Result};
use crate::features::FeatureConfig;
use crate::labels::{Label, Sentiment, Stance};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::Path;

/// The artefact format this build reads and writes.
pub const FORMAT_VERSION: u32 = 4;
const FORMAT_NAME: &str = "geostance-model";
const MAGIC: &[u8; 12] = b"GEOSTANCE-W\0";
pub(crate) const METADATA_FILE: &str = "metadata.json";
pub(crate) const WEIGHTS_FILE: &str = "weights.bin";

/// What a model is and how it was made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Metadata {
    /// Always `geostance-model`.
    pub format: String,
    pub format_version: u32,
    pub name: String,
    pub version: String,
    pub stance_labels: Vec<String>,
    pub sentiment_labels: Vec<String>,
    pub features: FeatureConfig,
    /// The training files, as given to `train`.
    pub training_data: Vec<String>,
    /// SHA-256 over the training files' bytes, in order.
    pub training_data_digest: String,
    /// Training set sizes ("quotes", "pairs").
    pub training_counts: BTreeMap<String, usize>,
    /// Hyper-parameters, as JSON.
    pub train_config: serde_json::Value,
    /// Headline metrics ("stance.cv.macro_f1", ...).
    pub metrics: BTreeMap<String, f64>,
    /// Full reports (per label, confusion matrices).
    pub reports: serde_json::Value,
    /// SHA-256 of `weights.bin`.
    pub weights_sha256: String,
    /// SHA-256 of the lexicons the features were built with (`data/lexicons/`); empty if unknown.
    #[serde(default)]
    pub lexicons_sha256: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Weights {
    stance: LinearModel,
    sentiment: LinearModel,
}

/// A loaded model: stance and sentiment classifiers with their metadata.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub meta: Metadata,
    pub stance: LinearModel,
    pub sentiment: LinearModel,
}

/// The default model, built into the binary.
const DEFAULT_METADATA: &[u8] = include_bytes!("../../models/default/metadata.json");
const DEFAULT_WEIGHTS: &[u8] = include_bytes!("../../models/default/weights.bin");

impl Model {
    /// Assembles a model; `meta.weights_sha256` is filled in by [`Model::save`].
    pub fn new(meta: Metadata, stance: LinearModel, sentiment: LinearModel) -> Self {
        Model {
            meta,
            stance,
            sentiment,
        }
    }

    /// The model built into the binary. Its weights' digest is not recomputed here (hashing
    /// 2 MB was half of every start-up's work): it is part of the binary, and the test
    /// `builtin_weights_match_their_digest` checks it against the metadata.
    pub fn builtin() -> Result<Self> {
        Self::parse("<built-in>", DEFAULT_METADATA, DEFAULT_WEIGHTS, false)
    }

    /// Loads and checks a model directory written by `train`.
    pub fn load(dir: &Path) -> Result<Self> {
        let read = |f: &str| {
            let p = dir.join(f);
            std::fs::read(&p).map_err(|e| Error::Model {
                path: p.display().to_string(),
                reason: format!(
                    "cannot read: {e} (is `{}` a model directory written by `geostance train`?)",
                    dir.display()
                ),
            })
        };
        Self::from_bytes(
            &dir.display().to_string(),
            &read(METADATA_FILE)?,
            &read(WEIGHTS_FILE)?,
        )
    }

    /// Parses and checks an artefact from its two files' bytes.
    pub fn from_bytes(origin: &str, metadata: &[u8], weights: &[u8]) -> Result<Self> {
        Self::parse(origin, metadata, weights, true)
    }

    /// [`from_bytes`](Self::from_bytes), checking the weights' SHA-256 if `check_digest`.
    fn parse(origin: &str, metadata: &[u8], weights: &[u8], check_digest: bool) -> Result<Self> {
        let bad = |reason: String| Error::Model {
            path: origin.to_string(),
            reason,
        };
        let meta: Metadata = serde_json::from_slice(metadata).map_err(|e| {
            bad(format!(
                "{METADATA_FILE} is not geostance model metadata: {e}"
            ))
        })?;
        if meta.format != FORMAT_NAME {
            return Err(bad(format!(
                "{METADATA_FILE}: format is `{}`, expected `{FORMAT_NAME}`",
                meta.format
            )));
        }
        if meta.format_version != FORMAT_VERSION {
            return Err(bad(format!(
                "format version {} is not supported by this build (it reads version {FORMAT_VERSION}); retrain with `geostance train`",
                meta.format_version
            )));
        }
        if meta.stance_labels != Stance::names() || meta.sentiment_labels != Sentiment::names() {
            return Err(bad(format!(
                "labels {:?} / {:?} differ from this build's {:?} / {:?}",
                meta.stance_labels,
                meta.sentiment_labels,
                Stance::names(),
                Sentiment::names()
            )));
        }
        if check_digest {
            let digest = sha256_hex(weights);
            if digest != meta.weights_sha256 {
                return Err(bad(format!(
                    "{WEIGHTS_FILE} is corrupt or does not belong to this metadata (SHA-256 {digest}, metadata says {})",
                    meta.weights_sha256
                )));
            }
        }
        let body = weights.strip_prefix(MAGIC.as_slice()).ok_or_else(|| {
            bad(format!(
                "{WEIGHTS_FILE} is not a geostance weights file (bad magic)"
            ))
        })?;
        let (version, body) = body
            .split_first_chunk::<4>()
            .ok_or_else(|| bad(format!("{WEIGHTS_FILE} is truncated")))?;
        if u32::from_le_bytes(*version) != FORMAT_VERSION {
            return Err(bad(format!(
                "{WEIGHTS_FILE} has format version {}, expected {FORMAT_VERSION}",
                u32::from_le_bytes(*version)
            )));
        }
        let w: Weights =
            postcard::from_bytes(body).map_err(|e| bad(format!("{WEIGHTS_FILE}: {e}")))?;
        let dim = meta.features.dim();
        for (name, m, k) in [
            ("stance", &w.stance, Stance::ALL.len()),
            ("sentiment", &w.sentiment, Sentiment::ALL.len()),
        ] {
            m.check().map_err(|e| bad(format!("{name} model: {e}")))?;
            if m.dim != dim || m.classes != k {
                return Err(bad(format!(
                    "{name} model is {} × {}, the feature config says {dim} × {k}",
                    m.dim, m.classes
                )));
            }
        }
        Ok(Model {
            meta,
            stance: w.stance,
            sentiment: w.sentiment,
        })
    }

    /// Writes the artefact into `dir` (created if missing); returns the metadata written.
    pub fn save(&mut self, dir: &Path) -> Result<()> {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let w = Weights {
            stance: self.stance.clone(),
            sentiment: self.sentiment.clone(),
        };
        let mut bytes = MAGIC.to_vec();
        bytes.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        bytes.extend(postcard::to_allocvec(&w).map_err(|e| Error::Training(e.to_string()))?);
        self.meta.weights_sha256 = sha256_hex(&bytes);
        let mut meta = serde_json::to_vec_pretty(&self.meta).expect("metadata serialises");
        meta.push(b'\n');
        let wp = dir.join(WEIGHTS_FILE);
        std::fs::write(&wp, &bytes).map_err(|e| Error::io(&wp, e))?;
        let mp = dir.join(METADATA_FILE);
        std::fs::write(&mp, &meta).map_err(|e| Error::io(&mp, e))?;
        Ok(())
    }

    /// A fresh metadata record for this build's labels and format.
    pub fn metadata_template(features: FeatureConfig) -> Metadata {
        Metadata {
            format: FORMAT_NAME.into(),
            format_version: FORMAT_VERSION,
            name: "geostance".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            stance_labels: Stance::names(),
            sentiment_labels: Sentiment::names(),
            features,
            training_data: Vec::new(),
            training_data_digest: String::new(),
            training_counts: BTreeMap::new(),
            train_config: serde_json::Value::Null,
            metrics: BTreeMap::new(),
            reports: serde_json::Value::Null,
            weights_sha256: String::new(),
            lexicons_sha256: crate::features::lexicons_digest(),
        }
    }
}

/// SHA-256 of `bytes`, lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let d = Sha256::digest(bytes);
    d.iter().map(|b| format!("{b:02x}")).collect()
}

impl Model {
    /// A model that knows nothing (uniform probabilities), for featurising before training.
    pub fn untrained(features: FeatureConfig) -> Self {
        let dim = features.dim();
        let zero = |k: usize| {
            LinearModel::new(dim, k, &vec![0.0; dim * k], vec![0.0; k], &[])
                .expect("zero weights have the right shape")
        };
        Model {
            meta: Self::metadata_template(features),
            stance: zero(Stance::ALL.len()),
            sentiment: zero(Sentiment::ALL.len()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_weights_match_their_digest() {
        let m = Model::from_bytes("<built-in>", DEFAULT_METADATA, DEFAULT_WEIGHTS)
            .expect("models/default/ is a consistent artefact");
        assert_eq!(m.meta.weights_sha256, sha256_hex(DEFAULT_WEIGHTS));
        assert_eq!(Model::builtin().unwrap().meta, m.meta);
    }
}
