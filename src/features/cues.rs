//! Cue words (`data/lexicons/stance_cues.tsv`) with negation scope: a cue within three tokens
//! after a negator is flipped ("do not oppose").
use crate::error::{Error, Result};
use std::collections::HashMap;

const BUILTIN: &str = include_str!("../../data/lexicons/stance_cues.tsv");
const NEGATION_SCOPE: usize = 3;

/// What a cue word signals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cue {
    Pos,
    Neg,
    /// A positive cue under negation.
    NotPos,
    /// A negative cue under negation.
    NotNeg,
    Contrast,
}

impl Cue {
    /// The feature name.
    pub fn name(self) -> &'static str {
        match self {
            Cue::Pos => "pos",
            Cue::Neg => "neg",
            Cue::NotPos => "not_pos",
            Cue::NotNeg => "not_neg",
            Cue::Contrast => "contrast",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Pos,
    Neg,
    Negator,
    Contrast,
}

/// The cue lexicon.
#[derive(Debug, Clone)]
pub struct Cues {
    exact: HashMap<String, Class>,
    prefixes: Vec<(String, Class)>,
}

impl Cues {
    /// The built-in lexicon.
    pub fn builtin() -> Result<Self> {
        Self::parse(BUILTIN)
    }

    /// Parses a lexicon in the `stance_cues.tsv` format.
    pub fn parse(text: &str) -> Result<Self> {
        let mut exact = HashMap::new();
        let mut prefixes = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let (w, c) = line.split_once('\t').ok_or_else(|| Error::Data {
                path: "data/lexicons/stance_cues.tsv".into(),
                line: n + 1,
                reason: "expected `word<TAB>polarity`".into(),
            })?;
            let class = match c.trim() {
                "pos" => Class::Pos,
                "neg" => Class::Neg,
                "negator" => Class::Negator,
                "contrast" => Class::Contrast,
                other => {
                    return Err(Error::Data {
                        path: "data/lexicons/stance_cues.tsv".into(),
                        line: n + 1,
                        reason: format!("unknown polarity `{other}`"),
                    })
                }
            };
            match w.strip_suffix('*') {
                Some(p) => prefixes.push((p.to_string(), class)),
                None => {
                    exact.insert(w.to_string(), class);
                }
            }
        }
        prefixes.sort_by_key(|p| std::cmp::Reverse(p.0.len()));
        Ok(Cues { exact, prefixes })
    }

    fn class(&self, w: &str) -> Option<Class> {
        self.exact.get(w).copied().or_else(|| {
            self.prefixes
                .iter()
                .find(|(p, _)| w.starts_with(p.as_str()))
                .map(|(_, c)| *c)
        })
    }

    /// The cues of lower-cased tokens, with their positions.
    pub fn scan(&self, toks: &[String]) -> Vec<(usize, Cue)> {
        let mut out = Vec::new();
        let mut negated_until = 0;
        for (i, t) in toks.iter().enumerate() {
            match self.class(t) {
                Some(Class::Negator) => negated_until = i + 1 + NEGATION_SCOPE,
                Some(Class::Contrast) => out.push((i, Cue::Contrast)),
                Some(Class::Pos) => out.push((
                    i,
                    if i < negated_until {
                        Cue::NotPos
                    } else {
                        Cue::Pos
                    },
                )),
                Some(Class::Neg) => out.push((
                    i,
                    if i < negated_until {
                        Cue::NotNeg
                    } else {
                        Cue::Neg
                    },
                )),
                None => {}
            }
            if matches!(t.as_str(), "," | ";" | ":") {
                negated_until = 0;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negation_flips_cues() {
        let c = Cues::builtin().unwrap();
        let toks: Vec<String> = "we do not oppose them but condemn this"
            .split(' ')
            .map(String::from)
            .collect();
        let cues: Vec<Cue> = c.scan(&toks).into_iter().map(|(_, c)| c).collect();
        assert_eq!(cues, vec![Cue::NotNeg, Cue::Contrast, Cue::Neg]);
    }
}
