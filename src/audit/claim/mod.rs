//! The claim per deal (SPEC §4, "The claim"), deadlines and the
//! `AUDIT-DEADLINE` warnings. The claim by issue (issues and the
//! reconciliation) lives in [`issues`].

mod issues;
pub mod worth;
pub use issues::{claim_by_issue, issues, reconcile, Issue, Reconciliation};
pub use worth::Worth;

use crate::contract::Contract;
use crate::finding::{Code, Finding, Severity};
use crate::money::{add_months, fmt_human, round_cents};
use crate::statement::{Column, Statement};
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// What recoup concludes for one deal.
#[derive(Debug, Clone, PartialEq)]
pub struct DealSummary {
    pub deal: String,
    pub title: String,
    pub participant: String,
    pub statements: usize,
    pub first_period_start: Option<NaiveDate>,
    pub last_period_end: Option<NaiveDate>,
    pub contract: Option<String>,
    /// `pay.prior + pay.due` of the latest statement.
    pub reported_paid: Option<Decimal>,
    pub recomputed_np: Option<Decimal>,
    pub recomputed_earned: Option<Decimal>,
    pub claim: Option<Decimal>,
    /// Interest on the underpayment as it stood, span by span (SPEC §4).
    pub claim_interest: Option<Decimal>,
    /// The part of the claim already underpaid on the latest incontestable
    /// statement: the studio's argument, not a ruling.
    pub claim_at_risk: Option<Decimal>,
    /// `claim − claim_at_risk`.
    pub claim_open: Option<Decimal>,
    /// The spans, the time bar and the part of each issue at risk (with a
    /// contract and a claim).
    pub worth: Option<Worth>,
    pub cost_shift: Option<bool>,
    pub next_deadline: Option<NaiveDate>,
    pub unchecked: Vec<String>,
    pub errors: usize,
    pub warnings: usize,
    /// The deal's error findings by `(code, line)`, in the issue order.
    pub issues: Vec<Issue>,
    /// The walk from the reported base to the claim (with a contract and a
    /// reported `np.total`).
    pub reconciliation: Option<Reconciliation>,
    /// Whether the claim rests on a figure recoup could not read (SPEC §2,
    /// "A provisional claim").
    pub provisional: bool,
    /// Each figure that could not be read and each check not asserted.
    pub provisional_reasons: Vec<crate::audit::Provisional>,
    /// "contract could not be read: FILE line N: key …": the deal's contract
    /// exists but could not be read, so the deal was not audited (no
    /// finding, no claim) and no studio-facing request is written for it.
    pub contract_error: Option<String>,
    /// The contract is a draft (`*.draft.toml`, as `recoup init` writes
    /// them): its terms are guesses from the studio's own figures, and every
    /// report says DRAFT TERMS first.
    pub draft: bool,
}

/// Whether a contract file is a draft `recoup init` wrote (`*.draft.toml`).
pub fn is_draft(file: &str) -> bool {
    file.to_ascii_lowercase().ends_with(".draft.toml")
}

/// The date a statement becomes incontestable.
pub fn incontestable(st: &Statement, c: &Contract) -> Option<NaiveDate> {
    let months = c.objection_months?;
    Some(add_months(
        st.statement_date.unwrap_or(st.period_end),
        months,
    ))
}

/// `AUDIT-DEADLINE` for every statement with error findings.
pub fn deadlines(
    series: &[&Statement],
    c: Option<&Contract>,
    as_of: NaiveDate,
    findings: &[Finding],
) -> Vec<Finding> {
    let Some(c) = c else { return Vec::new() };
    let mut out = Vec::new();
    for st in series {
        let has_errors = findings
            .iter()
            .any(|f| f.severity == Severity::Error && f.file == st.file && f.sheet == st.sheet);
        if !has_errors {
            continue;
        }
        let Some(date) = incontestable(st, c) else {
            continue;
        };
        let days = (date - as_of).num_days();
        let (severity, message) = if days < 0 {
            (
                Severity::Info,
                format!(
                    "This statement became incontestable on {date} ({} months after {}); its findings may be barred (audit.objection_months).",
                    c.objection_months.unwrap_or_default(),
                    st.statement_date.map(|d| d.to_string()).unwrap_or_else(|| format!("the period end {}", st.period_end))
                ),
            )
        } else if days <= 90 {
            (
                Severity::Warning,
                format!(
                    "This statement becomes incontestable on {date}, {days} days from {as_of}: send an objection or audit notice before then (audit.objection_months)."
                ),
            )
        } else {
            continue;
        };
        out.push(Finding {
            deal: st.deal.clone(),
            file: st.file.clone(),
            sheet: st.sheet.clone(),
            period_end: st.period_end.to_string(),
            code: Code::AuditDeadline,
            severity,
            line: String::new(),
            label: String::new(),
            column: None,
            reported: None,
            expected: None,
            np_effect: Decimal::ZERO,
            clause: "audit.objection_months".to_string(),
            cells: Vec::new(),
            message,
            row: usize::MAX,
        });
    }
    out
}

/// Summarise a deal: the claim, its interest, cost shifting, the next deadline.
pub fn summarise(
    deal: &str,
    series: &[&Statement],
    c: Option<&Contract>,
    findings: &[Finding],
    as_of: NaiveDate,
) -> DealSummary {
    let latest = series.last();
    let first = series.first();
    let mut s = DealSummary {
        deal: deal.to_string(),
        title: c
            .and_then(|c| c.title.clone())
            .or_else(|| latest.map(|l| l.title.clone()))
            .unwrap_or_default(),
        participant: c
            .and_then(|c| c.participant.clone())
            .or_else(|| latest.map(|l| l.participant.clone()))
            .unwrap_or_default(),
        statements: series.len(),
        first_period_start: first.map(|s| s.period_start),
        last_period_end: latest.map(|s| s.period_end),
        contract: c.map(|c| c.file.clone()),
        reported_paid: None,
        recomputed_np: None,
        recomputed_earned: None,
        claim: None,
        claim_interest: None,
        claim_at_risk: None,
        claim_open: None,
        worth: None,
        cost_shift: None,
        next_deadline: None,
        unchecked: c
            .map(|c| c.unchecked())
            .unwrap_or_else(|| vec!["all contract terms (no contract file)".to_string()]),
        errors: findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count(),
        warnings: findings
            .iter()
            .filter(|f| f.severity == Severity::Warning)
            .count(),
        issues: Vec::new(),
        reconciliation: None,
        provisional: false,
        provisional_reasons: Vec::new(),
        contract_error: None,
        draft: c.is_some_and(|c| is_draft(&c.file)),
    };
    let Some(latest) = latest else { return s };
    let prior = latest.sum("pay.prior", Column::Itd).unwrap_or_default();
    let due = latest.sum("pay.due", Column::Itd).unwrap_or_default();
    let paid = round_cents(prior + due);
    s.reported_paid = Some(paid);
    let (issues, reconciliation) = claim_by_issue(series, c, findings);
    s.issues = issues;
    let Some(c) = c else { return s };
    s.next_deadline = series
        .iter()
        .filter_map(|st| incontestable(st, c))
        .filter(|d| *d >= as_of)
        .min();
    let Some(r) = reconciliation else { return s };
    let claim = r.claim;
    s.recomputed_np = Some(r.corrected_base);
    s.recomputed_earned = Some(r.earned);
    s.claim = Some(claim);
    s.reconciliation = Some(r);
    let w = worth::worth(series, c, findings, claim, &s.issues, as_of);
    s.claim_interest = w.interest;
    s.claim_at_risk = w.at_risk;
    s.claim_open = w.open;
    s.worth = Some(w);
    s.cost_shift = c.cost_shift_threshold.map(|t| {
        if paid.is_zero() {
            claim > Decimal::ZERO
        } else {
            claim > t * paid
        }
    });
    s
}

/// One line for people: "claim 12,345.67 on reported paid 100,000.00".
pub fn describe(s: &DealSummary) -> String {
    match s.claim {
        Some(c) => format!(
            "claim {} on reported paid {}",
            fmt_human(c),
            fmt_human(s.reported_paid.unwrap_or_default())
        ),
        None => "no claim computed".to_string(),
    }
}
