//! The actor layer: which countries and blocs a text mentions, and whom a speaker speaks for.
//!
//! The gazetteer is data (`data/actors/*.tsv`, see its README), built into the binary and
//! extendable with a user file or directory at start.
mod gazetteer;
mod matcher;

pub use gazetteer::{Entry, EntryKind, Gazetteer, Person};
pub use matcher::{Mention, MentionKind};
