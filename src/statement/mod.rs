//! Grids to statements: the header block, the line table and line codes.

mod cells;
pub mod labels;
pub mod layout;
mod lines;
pub mod model;
pub mod printed;
pub mod spill;

pub use model::{Column, Group, Line, LineKind, Place, Reading, Section, Statement};
