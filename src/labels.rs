//! The label sets of SPEC section 1: stance and sentiment, in the order models use them.
use serde::{Deserialize, Serialize};
use std::fmt;

/// The speaker's stance toward a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stance {
    Favor,
    Against,
    Neutral,
}

/// The tone of a quote as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sentiment {
    Positive,
    Neutral,
    Negative,
}

/// A closed set of labels with stable names and model indices.
pub trait Label: Copy + Eq + std::hash::Hash + fmt::Debug + 'static {
    /// All labels, in model order.
    const ALL: &'static [Self];
    /// The SPEC name of the label.
    fn as_str(self) -> &'static str;
    /// The label's model index.
    fn index(self) -> usize {
        Self::ALL
            .iter()
            .position(|l| *l == self)
            .expect("label in ALL")
    }
    /// Parses a SPEC name.
    fn parse(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|l| l.as_str() == s)
    }
    /// The SPEC names, in model order.
    fn names() -> Vec<String> {
        Self::ALL.iter().map(|l| l.as_str().to_string()).collect()
    }
}

impl Label for Stance {
    const ALL: &'static [Self] = &[Stance::Favor, Stance::Against, Stance::Neutral];
    fn as_str(self) -> &'static str {
        match self {
            Stance::Favor => "favor",
            Stance::Against => "against",
            Stance::Neutral => "neutral",
        }
    }
}

impl Label for Sentiment {
    const ALL: &'static [Self] = &[Sentiment::Positive, Sentiment::Neutral, Sentiment::Negative];
    fn as_str(self) -> &'static str {
        match self {
            Sentiment::Positive => "positive",
            Sentiment::Neutral => "neutral",
            Sentiment::Negative => "negative",
        }
    }
}

impl fmt::Display for Stance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for Sentiment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Probabilities over a label set, in model order.
#[derive(Debug, Clone, PartialEq)]
pub struct Scores<L: Label> {
    pub probs: Vec<f32>,
    _label: std::marker::PhantomData<L>,
}

impl<L: Label> Scores<L> {
    /// Wraps probabilities given in model order.
    pub fn new(probs: Vec<f32>) -> Self {
        debug_assert_eq!(probs.len(), L::ALL.len());
        Scores {
            probs,
            _label: std::marker::PhantomData,
        }
    }

    /// The most probable label.
    pub fn label(&self) -> L {
        let mut best = 0;
        for (i, p) in self.probs.iter().enumerate() {
            if *p > self.probs[best] {
                best = i;
            }
        }
        L::ALL[best]
    }

    /// The probability of `label`.
    pub fn get(&self, label: L) -> f32 {
        self.probs[label.index()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for s in Stance::ALL {
            assert_eq!(Stance::parse(s.as_str()), Some(*s));
        }
        assert_eq!(Sentiment::parse("negative"), Some(Sentiment::Negative));
        assert_eq!(Stance::parse("pro"), None);
    }

    #[test]
    fn argmax() {
        let s: Scores<Stance> = Scores::new(vec![0.1, 0.7, 0.2]);
        assert_eq!(s.label(), Stance::Against);
    }
}
