//! The pipeline in one place: text → quotes → actors → features → models → records.
//!
//! An [`Engine`] owns what a request needs (model, gazetteer, lexicons); build it once and share
//! it by `Arc`.
use crate::actors::{self, Gazetteer, Mention, MentionKind};
use crate::error::{Error, Result};
use crate::features::{Analysis, FeatureConfig, Featurizer, Pairs, SparseVec, TargetView};
use crate::labels::{Label, Scores, Sentiment, Stance};
use crate::model::{Example, Model};
use crate::quotes::{Lexicon, QuoteFinder};
use crate::records::*;
use crate::text::{Offsets, Span};
use std::collections::BTreeMap;

/// The largest quote text accepted, in bytes of UTF-8.
pub const MAX_QUOTE_BYTES: usize = 64 * 1024;
/// The largest article accepted, in bytes of UTF-8.
pub const MAX_ARTICLE_BYTES: usize = 1024 * 1024;
/// How many features an explanation lists per decision.
const EXPLAIN_TOP: usize = 8;

/// Model, gazetteer and lexicons, ready to score.
#[derive(Debug)]
pub struct Engine {
    gaz: Gazetteer,
    finder: QuoteFinder,
    feat: Featurizer,
    model: Model,
}

/// A target prepared for scoring: its id or name, and where the text mentions it.
struct PreparedTarget {
    name: String,
    mentions: Vec<Mention>,
}

impl Engine {
    /// An engine over a model and a gazetteer.
    pub fn new(model: Model, gaz: Gazetteer) -> Result<Self> {
        let feat = Featurizer::new(model.meta.features.clone())?;
        let lexicons = crate::features::lexicons_digest();
        if !model.meta.lexicons_sha256.is_empty() && model.meta.lexicons_sha256 != lexicons {
            tracing::warn!(
                model = %model.meta.lexicons_sha256,
                build = %lexicons,
                "the model was trained with other word lexicons (data/lexicons/) than this build \
                 has: its scores will drift; retrain it with `geostance train`"
            );
        }
        Ok(Engine {
            gaz,
            finder: QuoteFinder::new(Lexicon::builtin()?),
            feat,
            model,
        })
    }

    /// The built-in model and gazetteer.
    pub fn builtin() -> Result<Self> {
        Self::new(Model::builtin()?, Gazetteer::builtin()?)
    }

    /// The loaded model.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// The gazetteer.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gaz
    }

    /// Scores one quote (SPEC 2.1 → 2.2).
    pub fn score(&self, q: &QuoteInput, explain: bool) -> Result<ScoredQuote> {
        if q.text.trim().is_empty() {
            return Err(Error::invalid("text", "is empty"));
        }
        if q.text.len() > MAX_QUOTE_BYTES {
            return Err(Error::invalid(
                "text",
                format!(
                    "is {} bytes, over the limit of {MAX_QUOTE_BYTES}",
                    q.text.len()
                ),
            ));
        }
        let sc = self.speaker_country(q.speaker_country.as_deref())?;
        let (sentiment, targets) =
            self.score_text(&q.text, sc, q.targets.as_deref(), explain, 0)?;
        Ok(ScoredQuote {
            id: q.id.clone(),
            sentiment,
            targets,
        })
    }

    /// Analyses an article (SPEC 2.4 → 2.5).
    pub fn analyze(&self, id: RecordId, text: &str, explain: bool) -> Result<AnalyzedArticle> {
        if text.trim().is_empty() {
            return Err(Error::invalid("text", "is empty"));
        }
        if text.len() > MAX_ARTICLE_BYTES {
            return Err(Error::invalid(
                "text",
                format!(
                    "is {} bytes, over the limit of {MAX_ARTICLE_BYTES}",
                    text.len()
                ),
            ));
        }
        let off = Offsets::new(text);
        let mut quotes = Vec::new();
        for q in self.finder.find(text, &self.gaz) {
            let qtext = &text[q.span.clone()];
            let country = q.speaker.as_ref().and_then(|s| s.country.as_deref());
            let shift = off.to_char(q.span.start);
            // An attribution inside the quote is not what was said: it is scored blanked out.
            let blanked = q.attribution.as_ref().and_then(|a| {
                let a = a.start.checked_sub(q.span.start)?..a.end.checked_sub(q.span.start)?;
                blank(qtext, a)
            });
            let scored = blanked.as_deref().unwrap_or(qtext);
            let (sentiment, targets) = self.score_text(scored, country, None, explain, shift)?;
            quotes.push(ArticleQuote {
                text: qtext.to_string(),
                start: shift,
                end: off.to_char(q.span.end),
                kind: q.kind,
                speaker: q.speaker.map(|s| SpeakerOut {
                    name: s.name,
                    country: s.country,
                    start: off.to_char(s.span.start),
                    end: off.to_char(s.span.end),
                }),
                sentiment,
                targets,
            });
        }
        let dyads = dyads(&quotes);
        Ok(AnalyzedArticle { id, quotes, dyads })
    }

    /// Training rows for the stance and sentiment models from labelled quotes.
    pub fn examples(&self, data: &[LabelledQuote]) -> Result<(Vec<Example>, Vec<Example>)> {
        let mut stance = Vec::new();
        let mut sentiment = Vec::new();
        for (n, q) in data.iter().enumerate() {
            let ctx = |e: Error| {
                Error::invalid(
                    format!("record {} (id {})", n + 1, q.id.as_string()),
                    e.to_string(),
                )
            };
            let sc = self
                .speaker_country(q.speaker_country.as_deref())
                .map_err(ctx)?;
            let specs: Vec<TargetSpec> =
                q.targets.iter().filter_map(LabelledTarget::spec).collect();
            let (all, prepared) = self.prepare(&q.text, sc, Some(&specs)).map_err(ctx)?;
            let a = self.feat.analyse(&q.text);
            for (t, lt) in prepared.iter().zip(&q.targets) {
                stance.push(Example {
                    x: SparseVec::from_pairs(self.stance_vector(&a, sc, t, &all, None)),
                    y: lt.stance.index(),
                    group: n,
                });
            }
            if let Some(s) = q.sentiment {
                let spans: Vec<Span> = all.iter().map(|m| m.span.clone()).collect();
                sentiment.push(Example {
                    x: SparseVec::from_pairs(self.feat.sentiment(&a, &spans, None)),
                    y: s.index(),
                    group: n,
                });
            }
        }
        Ok((stance, sentiment))
    }

    /// The feature configuration of the loaded model.
    pub fn feature_config(&self) -> &FeatureConfig {
        &self.feat.cfg
    }

    fn speaker_country<'a>(&self, sc: Option<&'a str>) -> Result<Option<&'a str>> {
        match sc.map(str::trim).filter(|s| !s.is_empty()) {
            None => Ok(None),
            Some(s) if self.gaz.is_target_id(s) => Ok(Some(s)),
            Some(s) => Err(Error::invalid(
                "speaker_country",
                format!("unknown target id `{s}` (ISO 3166-1 alpha-2 upper case, XK, or a group id such as EU, NATO, WEST)"),
            )),
        }
    }

    /// All mentions in `text` (gazetteer and first-person plural), and the targets to score.
    fn prepare(
        &self,
        text: &str,
        speaker_country: Option<&str>,
        targets: Option<&[TargetSpec]>,
    ) -> Result<(Vec<Mention>, Vec<PreparedTarget>)> {
        let all = actors::quote_mentions(&self.gaz, text, speaker_country);
        let prepared = match targets {
            Some(specs) => {
                let off = Offsets::new(text);
                let mut out = Vec::with_capacity(specs.len());
                for (i, spec) in specs.iter().enumerate() {
                    out.push(match spec {
                        TargetSpec::Id(id) => {
                            if !self.gaz.is_target_id(id) {
                                return Err(Error::invalid(
                                    format!("targets[{i}]"),
                                    format!("unknown target id `{id}`"),
                                ));
                            }
                            PreparedTarget {
                                name: id.clone(),
                                mentions: all.iter().filter(|m| &m.target == id).cloned().collect(),
                            }
                        }
                        TargetSpec::Entity { name, start, end } => {
                            if name.trim().is_empty() {
                                // The name is the output's `target`: an empty one could not
                                // be told from any other.
                                return Err(Error::invalid(
                                    format!("targets[{i}]"),
                                    "the entity's name is empty",
                                ));
                            }
                            let (Some(s), Some(e)) = (off.to_byte(*start), off.to_byte(*end))
                            else {
                                return Err(Error::invalid(
                                    format!("targets[{i}]"),
                                    format!(
                                        "span {start}..{end} is outside the text ({} code points)",
                                        off.char_len()
                                    ),
                                ));
                            };
                            if s >= e {
                                return Err(Error::invalid(
                                    format!("targets[{i}]"),
                                    format!("span {start}..{end} is empty"),
                                ));
                            }
                            PreparedTarget {
                                name: name.clone(),
                                mentions: entity_mentions(text, name, s..e),
                            }
                        }
                    });
                }
                out
            }
            None => actors::detected_targets(&all)
                .into_iter()
                .map(|id| PreparedTarget {
                    mentions: all.iter().filter(|m| m.target == id).cloned().collect(),
                    name: id,
                })
                .collect(),
        };
        Ok((all, prepared))
    }

    fn stance_vector(
        &self,
        a: &Analysis<'_>,
        speaker_country: Option<&str>,
        t: &PreparedTarget,
        all: &[Mention],
        names: Option<&mut Vec<(u32, String)>>,
    ) -> Pairs {
        let spans: Vec<Span> = t.mentions.iter().map(|m| m.span.clone()).collect();
        let kinds: Vec<MentionKind> = t.mentions.iter().map(|m| m.kind).collect();
        let others: Vec<Span> = all
            .iter()
            .filter(|m| {
                !spans
                    .iter()
                    .any(|s| s.start < m.span.end && m.span.start < s.end)
            })
            .map(|m| m.span.clone())
            .collect();
        let view = TargetView {
            mentions: &spans,
            kinds: &kinds,
            others: &others,
            own: speaker_country == Some(t.name.as_str()),
            name: &t.name,
            speaker_country,
        };
        self.feat.stance(a, &view, names)
    }

    /// Scores `text`; mention offsets are shifted by `shift` code points.
    fn score_text(
        &self,
        text: &str,
        speaker_country: Option<&str>,
        targets: Option<&[TargetSpec]>,
        explain: bool,
        shift: usize,
    ) -> Result<(SentimentResult, Vec<TargetResult>)> {
        let (all, prepared) = self.prepare(text, speaker_country, targets)?;
        let off = Offsets::new(text);
        let mut names = explain.then(Vec::new);
        let spans: Vec<Span> = all.iter().map(|m| m.span.clone()).collect();
        let a = self.feat.analyse(text);
        let xs = self.feat.sentiment(&a, &spans, names.as_mut());
        let ps: Scores<Sentiment> = Scores::new(self.model.sentiment.predict_pairs(&xs));
        let label = ps.label();
        let sentiment = SentimentResult {
            label,
            scores: SentimentScores {
                positive: ps.get(Sentiment::Positive),
                neutral: ps.get(Sentiment::Neutral),
                negative: ps.get(Sentiment::Negative),
            },
            explanation: names.map(|n| self.explain(&self.model.sentiment, &xs, label.index(), &n)),
        };
        let mut results = Vec::with_capacity(prepared.len());
        for t in &prepared {
            let mut names = explain.then(Vec::new);
            let x = self.stance_vector(&a, speaker_country, t, &all, names.as_mut());
            let p: Scores<Stance> = Scores::new(self.model.stance.predict_pairs(&x));
            let stance = p.label();
            results.push(TargetResult {
                target: t.name.clone(),
                stance,
                scores: StanceScores {
                    favor: p.get(Stance::Favor),
                    against: p.get(Stance::Against),
                    neutral: p.get(Stance::Neutral),
                },
                mentions: t
                    .mentions
                    .iter()
                    .map(|m| MentionOut {
                        text: text[m.span.clone()].to_string(),
                        start: shift + off.to_char(m.span.start),
                        end: shift + off.to_char(m.span.end),
                        kind: m.kind,
                    })
                    .collect(),
                explanation: names
                    .map(|n| self.explain(&self.model.stance, &x, stance.index(), &n)),
            });
        }
        Ok((sentiment, results))
    }

    fn explain(
        &self,
        m: &crate::model::LinearModel,
        x: &[(u32, f32)],
        k: usize,
        names: &[(u32, String)],
    ) -> Vec<Contribution> {
        let mut by_idx: BTreeMap<u32, Vec<&str>> = BTreeMap::new();
        for (i, n) in names {
            let v = by_idx.entry(*i).or_default();
            if !v.contains(&n.as_str()) {
                v.push(n);
            }
        }
        m.contributions(&SparseVec::from_pairs(x.to_vec()), k)
            .into_iter()
            .filter(|(_, w)| *w > 0.0)
            .take(EXPLAIN_TOP)
            .map(|(i, w)| Contribution {
                feature: by_idx
                    .get(&i)
                    .map_or_else(|| format!("#{i}"), |v| v.join(" | ")),
                weight: w,
            })
            .collect()
    }
}

/// `text` with `span` replaced by whitespace of the same length in bytes and in characters, so
/// that every offset outside it stays valid; none if a character there has no such whitespace.
fn blank(text: &str, span: Span) -> Option<String> {
    let inner = text.get(span.clone())?;
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..span.start]);
    for c in inner.chars() {
        out.push(match c.len_utf8() {
            1 => ' ',
            2 => '\u{a0}',
            3 => '\u{2003}',
            _ => return None,
        });
    }
    out.push_str(&text[span.end..]);
    Some(out)
}

/// An entity target's mentions: its span, and every other occurrence of the same words in the
/// text as a whole word ("Trump ... Trump's aides" are both the target).
fn entity_mentions(text: &str, name: &str, span: Span) -> Vec<Mention> {
    let surface = text[span.clone()].trim();
    let mut out = vec![Mention::entity(name, span.clone())];
    if surface.chars().count() < 3 {
        return out;
    }
    let boundary = |c: Option<char>| !c.is_some_and(char::is_alphanumeric);
    for (at, _) in text.match_indices(surface) {
        let end = at + surface.len();
        if at < span.end && span.start < end {
            continue;
        }
        if boundary(text[..at].chars().next_back()) && boundary(text[end..].chars().next()) {
            out.push(Mention::entity(name, at..end));
        }
    }
    out.sort_by_key(|m| m.span.start);
    out
}

/// For each (speaker country, target) pair: the number of quotes and the mean stance scores.
fn dyads(quotes: &[ArticleQuote]) -> Vec<Dyad> {
    let mut acc: BTreeMap<(String, String), (usize, [f32; 3])> = BTreeMap::new();
    for q in quotes {
        let Some(sc) = q.speaker.as_ref().and_then(|s| s.country.clone()) else {
            continue;
        };
        for t in &q.targets {
            let e = acc.entry((sc.clone(), t.target.clone())).or_default();
            e.0 += 1;
            e.1[0] += t.scores.favor;
            e.1[1] += t.scores.against;
            e.1[2] += t.scores.neutral;
        }
    }
    acc.into_iter()
        .map(|((speaker_country, target), (n, s))| {
            let mean = s.map(|v| v / n as f32);
            Dyad {
                speaker_country,
                target,
                quotes: n,
                mean_scores: StanceScores {
                    favor: mean[0],
                    against: mean[1],
                    neutral: mean[2],
                },
                stance: Scores::<Stance>::new(mean.to_vec()).label(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blanked_span_keeps_every_offset() {
        let t = "Sanctions, Gutiérrez said, hurt Europe.";
        let a = t.find(',').unwrap()..t.rfind(',').unwrap() + 1;
        let b = blank(t, a.clone()).unwrap();
        assert_eq!(b.len(), t.len());
        assert_eq!(b.chars().count(), t.chars().count());
        assert_eq!(&b[..a.start], &t[..a.start]);
        assert_eq!(&b[a.end..], &t[a.end..]);
        assert!(b[a].chars().all(char::is_whitespace));
    }

    #[test]
    fn an_entity_is_every_whole_word_occurrence_of_its_span() {
        let t = "Trump said Trump's aides, unlike Trumpism, would stay.";
        let spans: Vec<Span> = entity_mentions(t, "Trump", 0..5)
            .into_iter()
            .map(|m| m.span)
            .collect();
        assert_eq!(spans, vec![0..5, 11..16]);
        // Short spans are not searched for elsewhere ("US" in "USA" and "us").
        assert_eq!(entity_mentions("US and us", "US", 0..2).len(), 1);
    }
}
