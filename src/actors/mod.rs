//! The actor layer: which countries and blocs a text mentions, and whom a speaker speaks for.
//!
//! The gazetteer is data (`data/actors/*.tsv`, see its README): forms, and context rules for
//! ambiguous forms (`rules.tsv`). It is built into the binary and extendable with a user file
//! or directory at start.
//!
//! | module | job |
//! |---|---|
//! | `gazetteer` | reading the files: entries, people, rule lines |
//! | `matcher` | forms at word starts, word boundaries, all-capitals stretches |
//! | `trie` | the forms' byte trie: the longest form at a position |
//! | `context` | the tokens around a match |
//! | `rules` | the rule language and its verdicts |
//! | `caps` | finding all-capitals stretches |
//! | `mention` | [`Mention`] and [`MentionKind`] |
//! | `pronouns` | first-person plural as the speaker's country |
//! | `targets` | all mentions of a quote and the targets they make |
mod caps;
mod context;
mod gazetteer;
mod matcher;
mod mention;
mod pronouns;
mod rules;
mod targets;
mod trie;

pub use gazetteer::{Entry, EntryKind, Gazetteer, Person};
pub use mention::{Mention, MentionKind};
pub use pronouns::first_person_plural;
pub use targets::{detected_targets, quote_mentions};
