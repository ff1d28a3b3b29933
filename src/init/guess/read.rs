//! Figures the guesses read off a statement or a series.

use crate::statement::{Column, LineKind, Statement};
use rust_decimal::Decimal;

const ITD: Column = Column::Itd;

/// A line's inception-to-date figure.
pub(super) fn itd(st: &Statement, code: &str) -> Option<Decimal> {
    st.sum(code, ITD)
}

pub(super) fn nonzero(v: Option<Decimal>) -> Option<Decimal> {
    v.filter(|d| !d.is_zero())
}

/// The media, kinds and memo codes printed anywhere in the series: in the
/// latest statement's order, then those only earlier statements print.
pub(super) fn codes_with_prefix(series: &[&Statement], prefix: &str) -> Vec<String> {
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
