//! Typed errors of the library. The gRPC layer turns them into statuses, the CLI into messages.
use std::path::PathBuf;

/// Everything that can go wrong in the library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A request or record is malformed; `field` names the offending field.
    #[error("invalid {field}: {reason}")]
    Invalid { field: String, reason: String },
    /// A data file (gazetteer, lexicon, corpus) could not be parsed.
    #[error("{path}:{line}: {reason}")]
    Data {
        path: String,
        line: usize,
        reason: String,
    },
    /// A model artefact is missing, corrupt, or of a foreign format.
    #[error("model {path}: {reason}")]
    Model { path: String, reason: String },
    /// Training could not proceed.
    #[error("training failed: {0}")]
    Training(String),
    /// An I/O error on a named file.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    /// A malformed request field.
    pub fn invalid(field: impl Into<String>, reason: impl Into<String>) -> Self {
        Error::Invalid {
            field: field.into(),
            reason: reason.into(),
        }
    }

    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
