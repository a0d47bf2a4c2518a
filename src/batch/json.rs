//! The text of an output line. Batch jobs write records (SPEC 2.2, 2.5) by the million, and
//! `serde_json` escapes every key of every record at run time, about a tenth of the work of
//! scoring a quote; [`JsonLine`] writes the keys as constants instead, and leaves values
//! (strings, numbers, floats) to `serde_json`. The bytes are those of `serde_json::to_string`:
//! a test holds the two equal.
use crate::labels::Label;
use crate::records::{
    AnalyzedArticle, ArticleQuote, Dyad, MentionOut, ScoredQuote, SentimentResult, StanceScores,
    TargetResult,
};
use serde::Serialize;

/// A record as one line of JSON (without its newline).
pub trait JsonLine {
    fn json_line(&self) -> String;
}

impl JsonLine for ScoredQuote {
    fn json_line(&self) -> String {
        if explained(&self.sentiment, &self.targets) {
            // Explanations are for a few records read by people; they take the general path.
            return serde_json::to_string(self).expect("a record serialises");
        }
        let mut out = Vec::with_capacity(256 + 256 * self.targets.len());
        out.extend_from_slice(b"{\"id\":");
        value(&mut out, &self.id);
        out.extend_from_slice(b",\"sentiment\":");
        sentiment(&mut out, &self.sentiment);
        out.extend_from_slice(b",\"targets\":");
        array(&mut out, &self.targets, target);
        out.push(b'}');
        String::from_utf8(out).expect("JSON text is UTF-8")
    }
}

impl JsonLine for AnalyzedArticle {
    fn json_line(&self) -> String {
        if self
            .quotes
            .iter()
            .any(|q| explained(&q.sentiment, &q.targets))
        {
            return serde_json::to_string(self).expect("a record serialises");
        }
        let mut out = Vec::with_capacity(1024 * (1 + self.quotes.len()));
        out.extend_from_slice(b"{\"id\":");
        value(&mut out, &self.id);
        out.extend_from_slice(b",\"quotes\":");
        array(&mut out, &self.quotes, article_quote);
        out.extend_from_slice(b",\"dyads\":");
        array(&mut out, &self.dyads, dyad);
        out.push(b'}');
        String::from_utf8(out).expect("JSON text is UTF-8")
    }
}

fn explained(s: &SentimentResult, targets: &[TargetResult]) -> bool {
    s.explanation.is_some() || targets.iter().any(|t| t.explanation.is_some())
}

fn article_quote(out: &mut Vec<u8>, q: &ArticleQuote) {
    out.extend_from_slice(b"{\"text\":");
    value(out, &q.text);
    out.extend_from_slice(b",\"start\":");
    value(out, &q.start);
    out.extend_from_slice(b",\"end\":");
    value(out, &q.end);
    out.extend_from_slice(b",\"kind\":");
    value(out, &q.kind);
    out.extend_from_slice(b",\"speaker\":");
    match &q.speaker {
        None => out.extend_from_slice(b"null"),
        Some(sp) => {
            out.extend_from_slice(b"{\"name\":");
            value(out, &sp.name);
            out.extend_from_slice(b",\"country\":");
            value(out, &sp.country);
            out.extend_from_slice(b",\"start\":");
            value(out, &sp.start);
            out.extend_from_slice(b",\"end\":");
            value(out, &sp.end);
            out.push(b'}');
        }
    }
    out.extend_from_slice(b",\"sentiment\":");
    sentiment(out, &q.sentiment);
    out.extend_from_slice(b",\"targets\":");
    array(out, &q.targets, target);
    out.push(b'}');
}

fn dyad(out: &mut Vec<u8>, d: &Dyad) {
    out.extend_from_slice(b"{\"speaker_country\":");
    value(out, &d.speaker_country);
    out.extend_from_slice(b",\"target\":");
    value(out, &d.target);
    out.extend_from_slice(b",\"quotes\":");
    value(out, &d.quotes);
    out.extend_from_slice(b",\"mean_scores\":");
    stance_scores(out, &d.mean_scores);
    out.extend_from_slice(b",\"stance\":");
    label(out, d.stance.as_str());
    out.push(b'}');
}

fn sentiment(out: &mut Vec<u8>, s: &SentimentResult) {
    out.extend_from_slice(b"{\"label\":");
    label(out, s.label.as_str());
    out.extend_from_slice(b",\"scores\":{\"positive\":");
    value(out, &s.scores.positive);
    out.extend_from_slice(b",\"neutral\":");
    value(out, &s.scores.neutral);
    out.extend_from_slice(b",\"negative\":");
    value(out, &s.scores.negative);
    out.extend_from_slice(b"}}");
}

fn stance_scores(out: &mut Vec<u8>, s: &StanceScores) {
    out.extend_from_slice(b"{\"favor\":");
    value(out, &s.favor);
    out.extend_from_slice(b",\"against\":");
    value(out, &s.against);
    out.extend_from_slice(b",\"neutral\":");
    value(out, &s.neutral);
    out.push(b'}');
}

fn target(out: &mut Vec<u8>, t: &TargetResult) {
    out.extend_from_slice(b"{\"target\":");
    value(out, &t.target);
    out.extend_from_slice(b",\"stance\":");
    label(out, t.stance.as_str());
    out.extend_from_slice(b",\"scores\":");
    stance_scores(out, &t.scores);
    out.extend_from_slice(b",\"mentions\":");
    array(out, &t.mentions, mention);
    out.push(b'}');
}

fn mention(out: &mut Vec<u8>, m: &MentionOut) {
    out.extend_from_slice(b"{\"text\":");
    value(out, &m.text);
    out.extend_from_slice(b",\"start\":");
    value(out, &m.start);
    out.extend_from_slice(b",\"end\":");
    value(out, &m.end);
    out.extend_from_slice(b",\"kind\":");
    label(out, m.kind.as_str());
    out.push(b'}');
}

/// `items` as a JSON array, each written by `item`.
fn array<T>(out: &mut Vec<u8>, items: &[T], item: fn(&mut Vec<u8>, &T)) {
    out.push(b'[');
    for (i, t) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        item(out, t);
    }
    out.push(b']');
}

/// A label's name (a stance, a sentiment, a mention kind) as a JSON string: plain ASCII
/// words, with nothing to escape.
fn label(out: &mut Vec<u8>, name: &'static str) {
    debug_assert!(name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'));
    out.push(b'"');
    out.extend_from_slice(name.as_bytes());
    out.push(b'"');
}

/// A value as `serde_json` writes it (escaped strings, `null` for a float that is not finite).
fn value<T: Serialize + ?Sized>(out: &mut Vec<u8>, v: &T) {
    serde_json::to_writer(out, v).expect("a value serialises");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actors::MentionKind;
    use crate::labels::{Sentiment, Stance};
    use crate::records::{Contribution, RecordId, SentimentResult, SentimentScores, StanceScores};

    fn quote(id: RecordId, targets: Vec<TargetResult>) -> ScoredQuote {
        ScoredQuote {
            id,
            sentiment: SentimentResult {
                label: Sentiment::Negative,
                scores: SentimentScores {
                    positive: 0.1,
                    neutral: 1e-9,
                    negative: 0.899_999_9,
                },
                explanation: None,
            },
            targets,
        }
    }

    fn target(name: &str, stance: Stance, mentions: Vec<MentionOut>) -> TargetResult {
        TargetResult {
            target: name.to_string(),
            stance,
            scores: StanceScores {
                favor: 0.0,
                against: 1.0,
                neutral: f32::NAN,
            },
            mentions,
            explanation: None,
        }
    }

    fn mention(text: &str, kind: MentionKind) -> MentionOut {
        MentionOut {
            text: text.to_string(),
            start: 3,
            end: 123_456_789,
            kind,
        }
    }

    #[test]
    fn a_scored_quote_is_written_as_serde_json_writes_it() {
        let kinds = [
            MentionKind::Name,
            MentionKind::Demonym,
            MentionKind::Seat,
            MentionKind::Leader,
            MentionKind::Bloc,
            MentionKind::Pronoun,
            MentionKind::Entity,
        ];
        let texts = [
            "China",
            "\"Kremlin\"\\",
            "Åland\u{1F1FA}\n\t\u{1}",
            "中国",
            "",
        ];
        let mut cases = vec![
            quote(RecordId::Str("q1".into()), vec![]),
            quote(RecordId::Num(7.into()), vec![]),
            quote(
                RecordId::Num(serde_json::Number::from_f64(-2.5e-8).unwrap()),
                vec![],
            ),
            quote(RecordId::Str("tab\there \"quoted\" \u{7f}".into()), vec![]),
        ];
        for (i, stance) in [Stance::Favor, Stance::Against, Stance::Neutral]
            .into_iter()
            .enumerate()
        {
            let mentions = (0..=i + 2)
                .map(|k| mention(texts[k % texts.len()], kinds[(i + k) % kinds.len()]))
                .collect();
            let name = ["US", "Hillary Clinton’s \"camp\"", ""][i];
            let ts = (0..=i).map(|_| target(name, stance, vec![])).collect();
            cases.push(quote(RecordId::Str(format!("t{i}")), ts));
            cases.push(quote(
                RecordId::Num(i.into()),
                vec![target(name, stance, mentions), target("CN", stance, vec![])],
            ));
        }
        let mut explained = cases[5].clone();
        explained.targets[0].explanation = Some(vec![Contribution {
            feature: "w1:slammed".into(),
            weight: -1.5,
        }]);
        cases.push(explained);
        for q in &cases {
            assert_eq!(q.json_line(), serde_json::to_string(q).unwrap());
        }
    }

    /// The example articles through the real engine, with and without explanations: every
    /// analysed article, and every quote found in them scored as a quote record.
    #[test]
    fn real_records_are_written_as_serde_json_writes_them() {
        let engine = crate::Engine::builtin().unwrap();
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/articles.jsonl");
        let text = std::fs::read_to_string(path).unwrap();
        let (mut quotes, mut speakers, mut dyads) = (0, 0, 0);
        for line in text.lines() {
            let a: crate::records::ArticleInput = serde_json::from_str(line).unwrap();
            for explain in [false, true] {
                let out = engine.analyze(a.id.clone(), &a.text, explain).unwrap();
                assert_eq!(out.json_line(), serde_json::to_string(&out).unwrap());
                // A quote without a speaker, and a speaker without a country.
                let mut unknown = out.clone();
                if let [first, second, ..] = &mut unknown.quotes[..] {
                    first.speaker = None;
                    if let Some(s) = &mut second.speaker {
                        s.country = None;
                    }
                }
                assert_eq!(
                    unknown.json_line(),
                    serde_json::to_string(&unknown).unwrap()
                );
                speakers += out.quotes.iter().filter(|q| q.speaker.is_some()).count();
                dyads += out.dyads.len();
                for (i, q) in out.quotes.iter().enumerate() {
                    let input = crate::records::QuoteInput {
                        id: RecordId::Num(i.into()),
                        text: q.text.clone(),
                        speaker: None,
                        speaker_country: q.speaker.as_ref().and_then(|s| s.country.clone()),
                        context: None,
                        targets: None,
                    };
                    let scored = engine.score(&input, explain).unwrap();
                    assert_eq!(scored.json_line(), serde_json::to_string(&scored).unwrap());
                    quotes += 1;
                }
            }
        }
        assert!(
            quotes > 50 && speakers > 50 && dyads > 20,
            "{quotes} {speakers} {dyads}"
        );
    }
}
