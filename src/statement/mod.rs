//! Grids to statements: the header block, the line table and line codes.

pub mod labels;
pub mod layout;
pub mod model;
pub mod spill;

pub use model::{Column, Line, LineKind, Place, Section, Statement};
