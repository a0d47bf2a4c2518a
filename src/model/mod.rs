//! The models: linear classifiers fitted with linfa, stored as versioned artefacts, scored with
//! their learnt weights on sparse vectors.
mod artifact;
mod calibration;
mod linear;
pub mod metrics;
mod train;

pub use artifact::{Metadata, Model, FORMAT_VERSION};
pub use linear::LinearModel;
pub use train::{train, Example, GridPoint, TrainConfig, TrainReport};
