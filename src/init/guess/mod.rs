//! The guesses, one contract table (or one idea) a file: each reads the
//! series and adds its table to the draft, every value it implies marked so.

mod commented;
mod costs;
mod deal;
mod definition;
mod fees;
mod interest;
mod read;

pub(crate) use commented::{aliases, audit_terms, bonuses, reserves, share_step_stub};
pub(crate) use costs::{expenses, negative_cost};
pub(crate) use deal::deal;
pub(crate) use definition::{deductions, definition};
pub(crate) use fees::{fees, gross_receipts};
pub(crate) use interest::interest;
