//! Target detection against gold: for every gold quote, the set of target ids the pipeline
//! detects in the quote text (gazetteer mentions plus the first-person plural of the gold
//! speaker country) is compared with the gold target ids.
//!
//! ```sh
//! cargo run --release --example target_detection -- ../shared/eval/dev_articles.jsonl
//! cargo run --release --example target_detection -- ../shared/eval/dev_quotes.jsonl --actors my.tsv
//! ```
//!
//! The file holds labelled quotes (SPEC 2.3) or gold articles (SPEC 2.6); the path may also be
//! given in `GEOSTANCE_GOLD`. It prints precision, recall and exact-match counts and every
//! disagreement (missing and extra ids, with the mentions that caused an extra id).
use geostance::actors::Gazetteer;
use geostance::records::{QuoteInput, RecordId};
use geostance::Engine;
use std::collections::BTreeSet;

struct Gold {
    id: String,
    text: String,
    speaker_country: Option<String>,
    targets: BTreeSet<String>,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let mut path = std::env::var("GEOSTANCE_GOLD").ok();
    let mut actors = None;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--actors" => actors = args.next(),
            _ => path = Some(a),
        }
    }
    let path = path.ok_or("usage: target_detection GOLD.jsonl [--actors PATH]")?;
    let gaz = match actors {
        Some(p) => Gazetteer::with_extension(std::path::Path::new(&p))?,
        None => Gazetteer::builtin()?,
    };
    let engine = Engine::new(geostance::model::Model::builtin()?, gaz)?;
    let golds = read(&path)?;
    let (mut tp, mut fp, mut fn_, mut exact) = (0usize, 0usize, 0usize, 0usize);
    let mut lines = Vec::new();
    for g in &golds {
        let q = QuoteInput {
            id: RecordId::Str(g.id.clone()),
            text: g.text.clone(),
            speaker: None,
            speaker_country: g.speaker_country.clone(),
            context: None,
            targets: None,
        };
        let scored = engine.score(&q, false)?;
        let got: BTreeSet<String> = scored.targets.iter().map(|t| t.target.clone()).collect();
        let missing: Vec<&String> = g.targets.difference(&got).collect();
        let extra: Vec<String> = scored
            .targets
            .iter()
            .filter(|t| !g.targets.contains(&t.target))
            .map(|t| {
                let ms: Vec<String> = t
                    .mentions
                    .iter()
                    .map(|m| format!("{:?}/{}", m.text, m.kind.as_str()))
                    .collect();
                format!("{} [{}]", t.target, ms.join(", "))
            })
            .collect();
        tp += got.intersection(&g.targets).count();
        fp += extra.len();
        fn_ += missing.len();
        if missing.is_empty() && extra.is_empty() {
            exact += 1;
        } else {
            lines.push(format!(
                "{} (speaker {}): missing {:?} extra {:?}\n    {}",
                g.id,
                g.speaker_country.as_deref().unwrap_or("-"),
                missing,
                extra,
                g.text
            ));
        }
    }
    let p = tp as f64 / (tp + fp).max(1) as f64;
    let r = tp as f64 / (tp + fn_).max(1) as f64;
    println!(
        "{path}: {} quotes, {} gold targets; tp {tp} fp {fp} fn {fn_}; precision {:.3} recall {:.3} F1 {:.3}; exact {exact}/{}",
        golds.len(),
        tp + fn_,
        p,
        r,
        if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 },
        golds.len()
    );
    for l in lines {
        println!("{l}");
    }
    Ok(())
}

fn read(path: &str) -> Result<Vec<Gold>, Box<dyn std::error::Error>> {
    let text = std::fs::read_to_string(path)?;
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(line)?;
        let id = v["id"]
            .as_str()
            .map_or_else(|| format!("line{}", n + 1), str::to_string);
        match v["quotes"].as_array() {
            Some(qs) => {
                for (k, q) in qs.iter().enumerate() {
                    out.push(gold(&format!("{id}#{}", k + 1), q));
                }
            }
            None => out.push(gold(&id, &v)),
        }
    }
    Ok(out)
}

fn gold(id: &str, q: &serde_json::Value) -> Gold {
    Gold {
        id: id.to_string(),
        text: q["text"].as_str().unwrap_or("").to_string(),
        speaker_country: q["speaker_country"].as_str().map(str::to_string),
        targets: q["targets"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|t| t["target"].as_str().map(str::to_string))
            .collect(),
    }
}
