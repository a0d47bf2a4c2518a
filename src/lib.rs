//! geostance: who said what about which country, and how.
//!
//! The pipeline runs one way — text → quotes → actors → features → models — and the
//! [`Engine`] ties it together:
//!
//! ```no_run
//! use geostance::{Engine, records::RecordId};
//! let engine = Engine::builtin()?;
//! let article = engine.analyze(
//!     RecordId::Str("a1".into()),
//!     "'We oppose unilateral sanctions,' Chinese Foreign Ministry spokesperson Mao Ning said.",
//!     false,
//! )?;
//! println!("{}", serde_json::to_string(&article).unwrap());
//! # Ok::<(), geostance::Error>(())
//! ```
//!
//! The gRPC service ([`service`]), the batch runner ([`batch`]) and the command line are thin
//! layers over this library.
pub mod actors;
pub mod batch;
pub mod engine;
pub mod error;
pub mod eval;
pub mod features;
pub mod labels;
pub mod model;
pub mod process;
pub mod quotes;
pub mod records;
pub mod report;
pub mod service;
pub mod text;
pub mod training;

pub use engine::{Engine, MAX_ARTICLE_BYTES, MAX_QUOTE_BYTES};
pub use error::{Error, Result};

/// The generated protobuf and gRPC code of `geostance.v1`.
pub mod pb {
    #![allow(clippy::all, missing_docs)]
    tonic::include_proto!("geostance.v1");

    /// The encoded descriptor set, for server reflection.
    pub const FILE_DESCRIPTOR_SET: &[u8] =
        include_bytes!(concat!(env!("OUT_DIR"), "/geostance_descriptor.bin"));
}
