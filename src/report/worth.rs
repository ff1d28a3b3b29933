//! What the claim is worth today (SPEC §4), for every report: the interest
//! spans, the claim split into open and at risk with the date each
//! statement became or becomes incontestable, the part of each issue at
//! risk, and the internal ranking of deals. Each format calls this module
//! in one place; nothing here reads a file.
//!
//! The studio-facing documents (claim.md, claim.xlsx, report.html) give the
//! dates neutrally ("statement dated X: objection period ends Y") and the
//! part at risk as a figure, the studio's argument rather than a ruling.
//! Deadline status belongs to the internal views (the terminal table and
//! the portfolio summary).

use crate::audit::claim::worth::{Bar, Span};
use crate::audit::claim::DealSummary;
use crate::money::fmt_plain;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

/// One span in `findings.json`.
#[derive(Serialize)]
pub struct JsonSpan {
    period_end: String,
    from: String,
    to: String,
    days: i64,
    underpayment: String,
    /// Unrounded to four places; the deal's `claim_interest` is their sum
    /// rounded once.
    interest: Option<String>,
}

/// One statement's objection period in `findings.json`.
#[derive(Serialize)]
pub struct JsonBar {
    period_end: String,
    statement_date: String,
    incontestable: String,
    passed: bool,
    underpayment: String,
}

/// A span's interest to four places, as every report shows it.
pub fn span_interest(s: &Span) -> Option<Decimal> {
    s.interest
        .map(|i| i.round_dp_with_strategy(4, rust_decimal::RoundingStrategy::MidpointAwayFromZero))
}

pub fn json_spans(d: &DealSummary) -> Vec<JsonSpan> {
    let Some(w) = &d.worth else { return Vec::new() };
    w.spans
        .iter()
        .map(|s| JsonSpan {
            period_end: s.period_end.to_string(),
            from: s.from.to_string(),
            to: s.to.to_string(),
            days: s.days,
            underpayment: fmt_plain(s.underpayment),
            interest: span_interest(s).map(|i| format!("{i:.4}")),
        })
        .collect()
}

pub fn json_bars(d: &DealSummary) -> Vec<JsonBar> {
    let Some(w) = &d.worth else { return Vec::new() };
    w.bars
        .iter()
        .map(|b: &Bar| JsonBar {
            period_end: b.period_end.to_string(),
            statement_date: b.date.to_string(),
            incontestable: b.incontestable.to_string(),
            passed: b.passed,
            underpayment: fmt_plain(b.underpayment),
        })
        .collect()
}

/// The part of issue `k`'s claim effect at risk; `None` without
/// `objection_months`.
pub fn issue_at_risk(d: &DealSummary, k: usize) -> Option<Decimal> {
    d.claim_at_risk?;
    d.worth.as_ref()?.issue_at_risk.get(k).copied()
}

/// The date the next part of a deal's claim becomes incontestable, if any.
pub fn next_bar(d: &DealSummary) -> Option<(NaiveDate, Decimal)> {
    d.worth.as_ref()?.next_bar
}
