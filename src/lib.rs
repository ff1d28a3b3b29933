//! recoup: audits film and television profit participation statements.
//!
//! ```text
//! files ──read──▶ grids ──layout──▶ statements ──group──▶ series + contract
//!       ──audit──▶ findings ──report──▶ table · json · csv · md · xlsx
//! ```

pub mod audit;
pub mod batch;
pub mod contract;
pub mod contract_keys;
pub mod finding;
pub mod grid;
pub mod init;
pub mod inspect;
pub mod money;
pub mod prime;
pub mod report;
pub mod statement;

pub use batch::{run, Audit, Options};
