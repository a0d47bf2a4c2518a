//! Mentions of targets: what the rest of the pipeline sees of the actor layer.
use crate::text::Span;

/// What kind of expression a mention is (SPEC 2.2 `mentions`, proto `MentionKind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MentionKind {
    Name,
    Demonym,
    Seat,
    Leader,
    Bloc,
    Pronoun,
    /// A span given by the caller.
    Entity,
}

impl MentionKind {
    /// The kind's name as in records.
    pub fn as_str(self) -> &'static str {
        match self {
            MentionKind::Name => "name",
            MentionKind::Demonym => "demonym",
            MentionKind::Seat => "seat",
            MentionKind::Leader => "leader",
            MentionKind::Bloc => "bloc",
            MentionKind::Pronoun => "pronoun",
            MentionKind::Entity => "entity",
        }
    }
}

/// A mention of a target in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// The target id (or the caller's entity name).
    pub target: String,
    /// Byte span in the text that was searched.
    pub span: Span,
    pub kind: MentionKind,
    /// A capital or seat used as a place, not for its government: "arrived in Beijing",
    /// "talks in Moscow", "fired at Riyadh" (the `place-if-prev` rules of
    /// `data/actors/rules.tsv`). Still a mention with its span and kind; a target mentioned
    /// only this way is not detected as a target of the quote (see [`super::detected_targets`]).
    pub place: bool,
}

impl Mention {
    /// A mention of an entity the caller named by its span.
    pub fn entity(name: &str, span: Span) -> Self {
        Mention {
            target: name.to_string(),
            span,
            kind: MentionKind::Entity,
            place: false,
        }
    }
}
