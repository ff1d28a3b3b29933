//! The guesses, one contract table (or one idea) a file: each reads the
//! series and adds its table to the draft, every value it implies marked so.

mod commented;
mod costs;
mod deal;
mod definition;
mod fees;
mod interest;

pub(crate) use commented::{aliases, audit_terms, bonuses, reserves};
pub(crate) use costs::{expenses, negative_cost};
pub(crate) use deal::deal;
pub(crate) use definition::{deductions, definition};
pub(crate) use fees::{fees, gross_receipts};
pub(crate) use interest::interest;

use crate::statement::{Column, LineKind, Statement};
use rust_decimal::Decimal;

const ITD: Column = Column::Itd;

/// A line's inception-to-date figure.
fn itd(st: &Statement, code: &str) -> Option<Decimal> {
    st.sum(code, ITD)
}

fn nonzero(v: Option<Decimal>) -> Option<Decimal> {
    v.filter(|d| !d.is_zero())
}

/// The media, kinds and memo codes printed anywhere in the series: in the
/// latest statement's order, then those only earlier statements print.
fn codes_with_prefix(series: &[&Statement], prefix: &str) -> Vec<String> {
    let mut seen = Vec::new();
    for st in series.iter().rev() {
        for l in &st.lines {
            if l.kind == LineKind::Item {
                if let Some(name) = l.code.strip_prefix(prefix) {
                    if !seen.iter().any(|s: &String| s == name) {
                        seen.push(name.to_string());
                    }
                }
            }
        }
    }
    seen
}
