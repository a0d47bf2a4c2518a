//! The JSON Lines records of SPEC section 2, shared by the CLI, the batch runner and the
//! evaluation; the gRPC layer converts from and to them.
use crate::actors::MentionKind;
use crate::labels::{Sentiment, Stance};
use crate::quotes::QuoteKind;
use serde::{Deserialize, Serialize};

/// A record id: a string, or a number kept as its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum RecordId {
    Str(String),
    Num(serde_json::Number),
}

/// Read by hand rather than derived (untagged) so that a wrong id says what an id is, instead
/// of "data did not match any variant of untagged enum RecordId".
impl<'de> Deserialize<'de> for RecordId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Id;
        impl serde::de::Visitor<'_> for Id {
            type Value = RecordId;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string or a number as the record's id")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RecordId, E> {
                Ok(RecordId::Str(v.to_owned()))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<RecordId, E> {
                Ok(RecordId::Str(v))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<RecordId, E> {
                Ok(RecordId::Num(v.into()))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<RecordId, E> {
                Ok(RecordId::Num(v.into()))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<RecordId, E> {
                serde_json::Number::from_f64(v)
                    .map(RecordId::Num)
                    .ok_or_else(|| E::custom("the record's id is not a finite number"))
            }
        }
        d.deserialize_any(Id)
    }
}

impl RecordId {
    /// The id as text.
    pub fn as_string(&self) -> String {
        match self {
            RecordId::Str(s) => s.clone(),
            RecordId::Num(n) => n.to_string(),
        }
    }
}

/// A target to score (SPEC 2.1): an id, or an entity given by its span (code points).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum TargetSpec {
    Id(String),
    Entity {
        name: String,
        start: usize,
        end: usize,
    },
}

/// Read by hand rather than derived (untagged) so that a wrong target says what a target is,
/// instead of "data did not match any variant of untagged enum TargetSpec". Other keys of an
/// entity are ignored, as they are in every record.
impl<'de> Deserialize<'de> for TargetSpec {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Target;
        impl<'de> serde::de::Visitor<'de> for Target {
            type Value = TargetSpec;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(
                    "a target id such as \"US\", or an entity such as \
                     {\"name\": \"Hillary Clinton\", \"start\": 0, \"end\": 15}",
                )
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<TargetSpec, E> {
                Ok(TargetSpec::Id(v.to_owned()))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<TargetSpec, E> {
                Ok(TargetSpec::Id(v))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<TargetSpec, A::Error> {
                use serde::de::Error;
                let (mut name, mut start, mut end) = (None, None, None);
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "name" => name = Some(map.next_value::<String>()?),
                        "start" => start = Some(map.next_value::<usize>()?),
                        "end" => end = Some(map.next_value::<usize>()?),
                        _ => {
                            map.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                match (name, start, end) {
                    (Some(name), Some(start), Some(end)) => {
                        Ok(TargetSpec::Entity { name, start, end })
                    }
                    (name, start, _) => {
                        let missing = if name.is_none() {
                            "name"
                        } else if start.is_none() {
                            "start"
                        } else {
                            "end"
                        };
                        Err(A::Error::custom(format_args!(
                            "a target entity needs `name`, `start` and `end` (code points in \
                             `text`); `{missing}` is missing"
                        )))
                    }
                }
            }
        }
        d.deserialize_any(Target)
    }
}

/// A quote to score (SPEC 2.1).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct QuoteInput {
    pub id: RecordId,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker_country: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub targets: Option<Vec<TargetSpec>>,
}

/// Stance probabilities.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct StanceScores {
    pub favor: f32,
    pub against: f32,
    pub neutral: f32,
}

/// Sentiment probabilities.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SentimentScores {
    pub positive: f32,
    pub neutral: f32,
    pub negative: f32,
}

/// A feature's contribution to a decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contribution {
    pub feature: String,
    pub weight: f32,
}

/// The sentiment of a quote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SentimentResult {
    pub label: Sentiment,
    pub scores: SentimentScores,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explanation: Option<Vec<Contribution>>,
}

/// A mention in the output: text and code-point span.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MentionOut {
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub kind: MentionKind,
}

/// The stance toward one target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetResult {
    pub target: String,
    pub stance: Stance,
    pub scores: StanceScores,
    pub mentions: Vec<MentionOut>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explanation: Option<Vec<Contribution>>,
}

/// A scored quote (SPEC 2.2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoredQuote {
    pub id: RecordId,
    pub sentiment: SentimentResult,
    pub targets: Vec<TargetResult>,
}

/// An error record in place of a line (SPEC 2.2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorRecord {
    pub id: Option<RecordId>,
    pub line: usize,
    pub error: String,
}

/// A labelled target (SPEC 2.3): an id or an entity span, and its stance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LabelledTarget {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<usize>,
    pub stance: Stance,
}

impl LabelledTarget {
    /// The target as a scoring spec.
    pub fn spec(&self) -> Option<TargetSpec> {
        match (&self.target, &self.name, self.start, self.end) {
            (Some(t), _, _, _) => Some(TargetSpec::Id(t.clone())),
            (None, Some(n), Some(s), Some(e)) => Some(TargetSpec::Entity {
                name: n.clone(),
                start: s,
                end: e,
            }),
            _ => None,
        }
    }
}

/// A labelled quote (SPEC 2.3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LabelledQuote {
    pub id: RecordId,
    pub text: String,
    #[serde(default)]
    pub speaker: Option<String>,
    #[serde(default)]
    pub speaker_country: Option<String>,
    #[serde(default)]
    pub sentiment: Option<Sentiment>,
    #[serde(default)]
    pub targets: Vec<LabelledTarget>,
}

/// An article to analyse (SPEC 2.4, JSON Lines form).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ArticleInput {
    pub id: RecordId,
    pub text: String,
}

/// The speaker of an analysed quote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpeakerOut {
    pub name: String,
    pub country: Option<String>,
    pub start: usize,
    pub end: usize,
}

/// A quote of an analysed article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleQuote {
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub kind: QuoteKind,
    pub speaker: Option<SpeakerOut>,
    pub sentiment: SentimentResult,
    pub targets: Vec<TargetResult>,
}

/// One (speaker country, target) pair over an article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dyad {
    pub speaker_country: String,
    pub target: String,
    pub quotes: usize,
    pub mean_scores: StanceScores,
    pub stance: Stance,
}

/// An analysed article (SPEC 2.5).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnalyzedArticle {
    pub id: RecordId,
    pub quotes: Vec<ArticleQuote>,
    pub dyads: Vec<Dyad>,
}

/// A gold quote of an article (SPEC 2.6).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldQuote {
    pub text: String,
    pub kind: QuoteKind,
    #[serde(default)]
    pub speaker: Option<String>,
    #[serde(default)]
    pub speaker_country: Option<String>,
    #[serde(default)]
    pub sentiment: Option<Sentiment>,
    #[serde(default)]
    pub targets: Vec<LabelledTarget>,
}

/// A gold article (SPEC 2.6).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldArticle {
    pub id: RecordId,
    pub text: String,
    pub quotes: Vec<GoldQuote>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_are_ids_or_entities_and_a_wrong_one_says_so() {
        let t: Vec<TargetSpec> = serde_json::from_str(
            r#"["US", {"name": "Hillary Clinton", "start": 0, "end": 15, "note": 1}]"#,
        )
        .unwrap();
        assert_eq!(
            t,
            vec![
                TargetSpec::Id("US".into()),
                TargetSpec::Entity {
                    name: "Hillary Clinton".into(),
                    start: 0,
                    end: 15
                }
            ]
        );
        // Written as read.
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            r#"["US",{"name":"Hillary Clinton","start":0,"end":15}]"#
        );
        let err = |json: &str| {
            serde_json::from_str::<TargetSpec>(json)
                .unwrap_err()
                .to_string()
        };
        assert!(
            err("7").contains("a target id such as \"US\", or an entity"),
            "{}",
            err("7")
        );
        assert!(err(r#"{"id": "US", "span": [0, 2]}"#).contains("`name` is missing"));
        assert!(err(r#"{"name": "X", "end": 2}"#).contains("`start` is missing"));
        assert!(err(r#"{"name": "X", "start": 0}"#).contains("`end` is missing"));
        assert!(
            err(r#"{"name": "X", "start": -1, "end": 2}"#).contains("invalid value: integer `-1`")
        );
    }

    #[test]
    fn ids_are_strings_or_numbers_written_back_as_read() {
        for id in [
            r#""q1""#,
            r#""a\"b""#,
            "0",
            "-3",
            "7.5",
            "18446744073709551615",
            "-9223372036854775808",
        ] {
            let v: RecordId = serde_json::from_str(id).unwrap();
            assert_eq!(serde_json::to_string(&v).unwrap(), id);
        }
        let v: RecordId = serde_json::from_str("1e30").unwrap();
        assert_eq!(
            v,
            RecordId::Num(serde_json::Number::from_f64(1e30).unwrap())
        );
        for bad in ["true", "null", "[1]", r#"{"a": 1}"#] {
            let e = serde_json::from_str::<RecordId>(bad)
                .unwrap_err()
                .to_string();
            assert!(
                e.contains("a string or a number as the record's id"),
                "{bad}: {e}"
            );
        }
    }
}
