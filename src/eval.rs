//! `eval`: the metrics of SPEC section 5 on labelled quotes (2.3) or gold articles (2.6).
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::labels::{Label, Sentiment, Stance};
use crate::model::metrics::{self, Report};
use crate::records::*;
use serde::Serialize;
use std::collections::HashSet;
use std::path::Path;

/// Metrics on labelled quotes.
#[derive(Debug, Clone, Serialize)]
pub struct QuoteEval {
    pub quotes: usize,
    pub stance: Report,
    pub sentiment: Option<Report>,
}

/// Precision, recall and F1 of a matching task.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Prf {
    pub gold: usize,
    pub predicted: usize,
    pub matched: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Prf {
    fn new(gold: usize, predicted: usize, matched: usize) -> Self {
        let precision = if predicted > 0 {
            matched as f64 / predicted as f64
        } else {
            0.0
        };
        let recall = if gold > 0 {
            matched as f64 / gold as f64
        } else {
            0.0
        };
        Prf {
            gold,
            predicted,
            matched,
            precision,
            recall,
            f1: metrics::f1(precision, recall),
        }
    }
}

/// Metrics on gold articles.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleEval {
    pub articles: usize,
    pub quotes: Prf,
    /// Share of matched quotes whose speaker has the gold speaker's last name.
    pub speaker_accuracy: f64,
    /// Share of matched quotes with the gold speaker country.
    pub speaker_country_accuracy: f64,
    pub targets: Prf,
    pub end_to_end: Prf,
    /// Stance on the gold (matched quote, target) pairs that were predicted.
    pub stance: Option<Report>,
    /// Gold quotes that were not found, as "article: text".
    pub missed: Vec<String>,
    /// Found quotes that match no gold quote.
    pub spurious: Vec<String>,
    /// Matched quotes with the wrong speaker: "article: gold → predicted".
    pub wrong_speakers: Vec<String>,
}

/// The result of `eval`, by input kind.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum Evaluation {
    Quotes(QuoteEval),
    Articles(ArticleEval),
}

/// Evaluates a file of labelled quotes or gold articles (detected by the `quotes` field).
pub fn evaluate_file(engine: &Engine, path: &Path) -> Result<Evaluation> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let lines: Vec<(usize, &str)> = crate::text::without_bom(&text)
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .collect();
    let first: serde_json::Value = match lines.first() {
        None => {
            return Err(Error::invalid(
                "data",
                format!("{} holds no record", path.display()),
            ))
        }
        Some((n, l)) => serde_json::from_str(l).map_err(|e| data_err(path, *n, e))?,
    };
    if first.get("quotes").is_some() {
        let mut arts = Vec::new();
        for (n, l) in lines {
            arts.push(serde_json::from_str::<GoldArticle>(l).map_err(|e| data_err(path, n, e))?);
        }
        Ok(Evaluation::Articles(evaluate_articles(engine, &arts)?))
    } else {
        let qs = crate::training::read_labelled(path)?;
        Ok(Evaluation::Quotes(evaluate_quotes(engine, &qs)?))
    }
}

fn data_err(path: &Path, n: usize, e: serde_json::Error) -> Error {
    Error::Data {
        path: path.display().to_string(),
        line: n + 1,
        reason: e.to_string(),
    }
}

/// Stance on the gold targets and sentiment of labelled quotes.
pub fn evaluate_quotes(engine: &Engine, data: &[LabelledQuote]) -> Result<QuoteEval> {
    let (mut sg, mut sp, mut tg, mut tp) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for q in data {
        let specs: Vec<TargetSpec> = q.targets.iter().filter_map(LabelledTarget::spec).collect();
        let input = QuoteInput {
            id: q.id.clone(),
            text: q.text.clone(),
            speaker: q.speaker.clone(),
            speaker_country: q.speaker_country.clone(),
            context: None,
            targets: Some(specs),
        };
        let scored = engine.score(&input, false)?;
        for (gold, pred) in q.targets.iter().zip(&scored.targets) {
            sg.push(gold.stance.index());
            sp.push(vec![
                pred.scores.favor,
                pred.scores.against,
                pred.scores.neutral,
            ]);
        }
        if let Some(s) = q.sentiment {
            tg.push(s.index());
            let p = scored.sentiment.scores;
            tp.push(vec![p.positive, p.neutral, p.negative]);
        }
    }
    Ok(QuoteEval {
        quotes: data.len(),
        stance: metrics::report(&Stance::names(), &sg, &sp, true),
        sentiment: (!tg.is_empty()).then(|| metrics::report(&Sentiment::names(), &tg, &tp, false)),
    })
}

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Word-token F1 between two texts (bag of words).
pub fn token_f1(a: &str, b: &str) -> f64 {
    let (wa, wb) = (words(a), words(b));
    if wa.is_empty() || wb.is_empty() {
        return 0.0;
    }
    let mut pool = wb.clone();
    let mut common = 0;
    for w in &wa {
        if let Some(i) = pool.iter().position(|x| x == w) {
            pool.swap_remove(i);
            common += 1;
        }
    }
    metrics::f1(
        common as f64 / wa.len() as f64,
        common as f64 / wb.len() as f64,
    )
}

fn last_name(s: &str) -> Option<String> {
    words(s).pop()
}

/// Quote extraction, attribution, targets and end-to-end metrics on gold articles.
pub fn evaluate_articles(engine: &Engine, data: &[GoldArticle]) -> Result<ArticleEval> {
    let (mut n_gold, mut n_pred, mut n_match) = (0, 0, 0);
    let (mut spk_ok, mut cty_ok) = (0, 0);
    let (mut tgold, mut tpred, mut tmatch) = (0, 0, 0);
    let (mut egold, mut epred, mut ematch) = (0, 0, 0);
    let (mut sg, mut sp) = (Vec::new(), Vec::new());
    let (mut missed, mut spurious, mut wrong) = (Vec::new(), Vec::new(), Vec::new());
    for art in data {
        let id = art.id.as_string();
        let out = engine.analyze(art.id.clone(), &art.text, false)?;
        n_gold += art.quotes.len();
        n_pred += out.quotes.len();
        // Best pairs first, each quote matched at most once.
        let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
        for (g, gq) in art.quotes.iter().enumerate() {
            for (p, pq) in out.quotes.iter().enumerate() {
                let f = token_f1(&gq.text, &pq.text);
                if f >= 0.5 {
                    pairs.push((f, g, p));
                }
            }
        }
        pairs.sort_by(|a, b| b.0.total_cmp(&a.0));
        let (mut gused, mut pused) = (HashSet::new(), HashSet::new());
        for (_, g, p) in pairs {
            if gused.contains(&g) || pused.contains(&p) {
                continue;
            }
            gused.insert(g);
            pused.insert(p);
            n_match += 1;
            let (gq, pq) = (&art.quotes[g], &out.quotes[p]);
            let pname = pq
                .speaker
                .as_ref()
                .map(|s| s.name.to_lowercase())
                .unwrap_or_default();
            let ok = gq
                .speaker
                .as_deref()
                .and_then(last_name)
                .is_some_and(|ln| words(&pname).contains(&ln));
            if ok {
                spk_ok += 1;
            } else {
                wrong.push(format!(
                    "{id}: {} → {}",
                    gq.speaker.as_deref().unwrap_or("-"),
                    pq.speaker.as_ref().map_or("-", |s| s.name.as_str())
                ));
            }
            let pc = pq.speaker.as_ref().and_then(|s| s.country.clone());
            if pc == gq.speaker_country {
                cty_ok += 1;
            }
            let gt: HashSet<(String, Stance)> = gq
                .targets
                .iter()
                .filter_map(|t| t.target.clone().map(|id| (id, t.stance)))
                .collect();
            let pt: HashSet<(String, Stance)> = pq
                .targets
                .iter()
                .map(|t| (t.target.clone(), t.stance))
                .collect();
            let gids: HashSet<&String> = gt.iter().map(|(i, _)| i).collect();
            let pids: HashSet<&String> = pt.iter().map(|(i, _)| i).collect();
            tgold += gids.len();
            tpred += pids.len();
            tmatch += gids.intersection(&pids).count();
            egold += gt.len();
            epred += pt.len();
            ematch += gt.intersection(&pt).count();
            for (gid, gs) in &gt {
                if let Some(t) = pq.targets.iter().find(|t| &t.target == gid) {
                    sg.push(gs.index());
                    sp.push(vec![t.scores.favor, t.scores.against, t.scores.neutral]);
                }
            }
        }
        for (g, gq) in art.quotes.iter().enumerate() {
            if !gused.contains(&g) {
                missed.push(format!("{id}: {}", gq.text));
            }
        }
        for (p, pq) in out.quotes.iter().enumerate() {
            if !pused.contains(&p) {
                spurious.push(format!("{id}: {}", pq.text));
            }
        }
    }
    let share = |k: usize| {
        if n_match > 0 {
            k as f64 / n_match as f64
        } else {
            0.0
        }
    };
    Ok(ArticleEval {
        articles: data.len(),
        quotes: Prf::new(n_gold, n_pred, n_match),
        speaker_accuracy: share(spk_ok),
        speaker_country_accuracy: share(cty_ok),
        targets: Prf::new(tgold, tpred, tmatch),
        end_to_end: Prf::new(egold, epred, ematch),
        stance: (!sg.is_empty()).then(|| metrics::report(&Stance::names(), &sg, &sp, true)),
        missed,
        spurious,
        wrong_speakers: wrong,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_f1_matches_spec() {
        assert!((token_f1("a b c d", "a b c d") - 1.0).abs() < 1e-9);
        assert!(token_f1("a b", "c d") < 1e-9);
        assert!(token_f1("It is wrong,", "it is wrong") > 0.99);
    }
}
