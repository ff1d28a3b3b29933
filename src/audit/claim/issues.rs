//! The claim by issue (SPEC §6): a deal's error findings gathered into
//! issues by `(code, line)`, and the reconciliation that walks from the
//! latest statement's participation base to the claim.
//!
//! Inception-to-date statements report the same money again and again: a
//! wrong fee rate on six cumulative statements is one issue, worth what the
//! latest statement shows, never the sum of the six differences. Only
//! `INTEREST` is a current-period figure, so its issue adds every statement.
//!
//! **The issue order** is fixed: the largest effect on the base first
//! (`base_effect` descending), ties broken by the order of codes in SPEC §4
//! and then by line code. It is the order every report lists the issues in,
//! and it decides how a nonlinear share (a deficit crossed, a share step) is
//! allocated: each issue's `claim_effect` is the change in the share it
//! causes on top of the issues before it, so the largest error carries the
//! crossing out of a deficit. A `BONUS-UNPAID` issue takes the bonus. A
//! `SHARE`, `DUE` or `PRIOR-PAID` issue on the latest statement (a share
//! printed at the wrong rate, a step or tranche not applied, an amount due
//! that does not follow) takes the part of the payments it explains: every
//! dollar of the claim is on an issue, and the reconciliation's remainder is
//! only what no issue explains.
//!
//! This is a pure function of the series, the contract and the findings: it
//! reads no file and writes nothing.

use crate::audit::terms::{bonuses_due, earned_share};
use crate::contract::Contract;
use crate::finding::{Code, Finding, Severity};
use crate::money::round_cents;
use crate::statement::{Column, Statement};
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// One issue: every error finding of a deal with the same code and line.
#[derive(Debug, Clone, PartialEq)]
pub struct Issue {
    pub code: Code,
    pub line: String,
    /// The line's label as the latest statement showing the issue prints it.
    pub label: String,
    /// The contract key or rule, from the latest finding.
    pub clause: String,
    /// How many statements show the issue.
    pub statements: usize,
    pub first_period_end: NaiveDate,
    pub last_period_end: NaiveDate,
    /// What the issue contributes to the corrected base: the `np_effect` of
    /// its findings in the latest statement (for `INTEREST`, of every
    /// statement); zero when the latest statement no longer shows it.
    pub base_effect: Decimal,
    /// What the issue adds to the claim (see the module comment).
    pub claim_effect: Decimal,
    /// For `PRIOR-PAID`: the sum of its differences (reported − expected)
    /// over every statement. Previously paid is carried forward, so an
    /// amount added to it once stays in every later statement's payments
    /// though only the statement that added it shows the finding. Zero for
    /// other codes.
    pub paid_error: Decimal,
}

impl Issue {
    /// Whether a finding belongs to this issue.
    pub fn has(&self, f: &Finding) -> bool {
        f.severity == Severity::Error && f.code == self.code && f.line == self.line
    }

    /// The issue's findings, in the order given (the findings' stable order:
    /// statement by statement).
    pub fn findings<'a>(&'a self, all: &'a [Finding]) -> impl Iterator<Item = &'a Finding> + 'a {
        all.iter().filter(move |f| self.has(f))
    }

    /// Whether the issue is still shown by the latest statement.
    pub fn in_latest(&self, latest_period_end: Option<NaiveDate>) -> bool {
        Some(self.last_period_end) == latest_period_end
    }
}

/// The walk from the statement to the claim; every figure ties to the cent:
///
/// ```text
/// corrected_base  = reported_base + Σ issue.base_effect
/// reported_share  = share of max(0, reported_base)
/// corrected_share = share of max(0, corrected_base)
///                 = reported_share + Σ claim_effect of the base issues
/// earned          = corrected_share + bonuses_due
/// paid            = reported_share + printed_bonus
///                   − Σ claim_effect of the payment-line issues + remainder
/// claim           = max(0, earned − paid)
///                 = max(0, Σ claim_effect + unclaimed_bonus − remainder)
/// ```
///
/// The payment-line issues (`SHARE`, `DUE`, `PRIOR-PAID` on the latest
/// statement) carry the part of the payments they explain: a share printed
/// at the wrong rate, a step or tranche not applied, an amount due that does
/// not follow from the lines above it, are breaches of a term and their money
/// is theirs. The `remainder` is only what no issue explains (differences
/// within the tolerance).
#[derive(Debug, Clone, PartialEq)]
pub struct Reconciliation {
    /// `np.total` of the latest statement.
    pub reported_base: Decimal,
    /// `np*`: the reported base with every issue corrected.
    pub corrected_base: Decimal,
    pub reported_share: Decimal,
    pub corrected_share: Decimal,
    /// Bonuses whose thresholds the latest statement's memo figures reach.
    pub bonuses_due: Decimal,
    /// `corrected_share + bonuses_due`.
    pub earned: Decimal,
    /// `pay.prior + pay.due` of the latest statement.
    pub paid: Decimal,
    /// `max(0, earned − paid)`.
    pub claim: Decimal,
    /// `pay.bonus` as the latest statement prints it (0 when not printed).
    pub printed_bonus: Decimal,
    /// The part of `paid − (reported_share + printed_bonus)` that no issue
    /// explains (positive: paid beyond; negative: paid short): what is left
    /// once the `SHARE`, `DUE` and `PRIOR-PAID` issues of the latest
    /// statement have taken theirs. Zero unless a payment line is off by no
    /// more than the tolerance.
    pub remainder: Decimal,
    /// `bonuses_due − printed_bonus` not carried by a `BONUS-UNPAID` issue
    /// (a difference within the tolerance, or a bonus printed above what is
    /// due); zero in the usual case.
    pub unclaimed_bonus: Decimal,
}

impl Reconciliation {
    /// `earned − paid` before the floor at zero.
    pub fn balance(&self) -> Decimal {
        self.earned - self.paid
    }

    /// What the floor at zero adds to the balance: `claim − (earned − paid)`,
    /// positive only when the studio has paid more than is earned.
    pub fn below_zero(&self) -> Decimal {
        self.claim - self.balance()
    }
}

/// The payment lines of the latest statement, as the `DUE` check reads them.
/// `paid()` is what `pay.prior + pay.due` comes to from the share, the
/// printed bonus and the previously paid figure, with the amount due's own
/// error (`due_error`, the `DUE` difference) on top.
struct Payments {
    share: Decimal,
    bonus: Decimal,
    prior: Decimal,
    due_error: Decimal,
}

impl Payments {
    fn of(st: &Statement) -> Self {
        let get = |code: &str| st.sum(code, Column::Itd).unwrap_or_default();
        let (share, bonus, prior) = (get("share.earned"), get("pay.bonus"), get("pay.prior"));
        let expected_due = (share + bonus - prior).max(Decimal::ZERO);
        Payments {
            share,
            bonus,
            prior,
            due_error: get("pay.due") - expected_due,
        }
    }

    /// `prior + due`: the prior payments, and the amount due as the `DUE`
    /// check would have it plus its printed error.
    fn paid(&self) -> Decimal {
        self.prior + (self.share + self.bonus - self.prior).max(Decimal::ZERO) + self.due_error
    }
}

/// The deal's error findings gathered by `(code, line)`, in the issue order,
/// with their base effects (claim effects zero until [`reconcile`]).
pub fn issues(series: &[&Statement], findings: &[Finding]) -> Vec<Issue> {
    let latest = series.last();
    let is_latest = |f: &Finding| latest.is_some_and(|l| f.file == l.file && f.sheet == l.sheet);
    let period_of = |f: &Finding| {
        series
            .iter()
            .find(|s| s.file == f.file && s.sheet == f.sheet)
            .map(|s| s.period_end)
            .or_else(|| NaiveDate::parse_from_str(&f.period_end, "%Y-%m-%d").ok())
    };
    let mut out: Vec<Issue> = Vec::new();
    // Statements seen per issue, to count each statement once.
    let mut seen: Vec<Vec<(&str, &str)>> = Vec::new();
    for f in findings.iter().filter(|f| f.severity == Severity::Error) {
        let Some(end) = period_of(f) else { continue };
        let effect = if f.code == Code::Interest || is_latest(f) {
            f.np_effect
        } else {
            Decimal::ZERO
        };
        let k = match out
            .iter()
            .position(|i| i.code == f.code && i.line == f.line)
        {
            Some(k) => k,
            None => {
                out.push(Issue {
                    code: f.code,
                    line: f.line.clone(),
                    label: f.label.clone(),
                    clause: f.clause.clone(),
                    statements: 0,
                    first_period_end: end,
                    last_period_end: end,
                    base_effect: Decimal::ZERO,
                    claim_effect: Decimal::ZERO,
                    paid_error: Decimal::ZERO,
                });
                seen.push(Vec::new());
                out.len() - 1
            }
        };
        let issue = &mut out[k];
        issue.base_effect += effect;
        if f.code == Code::PriorPaid {
            if let (Some(r), Some(e)) = (f.reported, f.expected) {
                issue.paid_error += r - e;
            }
        }
        if end < issue.first_period_end {
            issue.first_period_end = end;
        }
        if end >= issue.last_period_end {
            issue.last_period_end = end;
            if !f.label.is_empty() {
                issue.label = f.label.clone();
            }
            issue.clause = f.clause.clone();
        }
        let at = (f.file.as_str(), f.sheet.as_str());
        if !seen[k].contains(&at) {
            seen[k].push(at);
            issue.statements += 1;
        }
    }
    for i in &mut out {
        i.base_effect = round_cents(i.base_effect);
    }
    out.sort_by(|a, b| {
        b.base_effect
            .cmp(&a.base_effect)
            .then(a.code.cmp(&b.code))
            .then_with(|| a.line.cmp(&b.line))
    });
    out
}

/// The reconciliation of a deal, allocating the claim to the issues (their
/// `claim_effect`s). `None` without a series or without `np.total` on the
/// latest statement: there is no base to correct.
///
/// Issues take their effects in the issue order: a base issue the change in
/// the share it causes on top of the ones before it; `BONUS-UNPAID` the
/// unpaid bonus; a payment-line issue shown by the latest statement the
/// change in what the payments should come to once its line is corrected,
/// on top of the corrections before it (`SHARE`: the share printed against
/// the contract share of the printed base; `DUE`: the amount due's own
/// error; `PRIOR-PAID`: previously paid without what the studio added to it
/// unexplained, on whichever statement it did, since it is carried forward).
pub fn reconcile(
    series: &[&Statement],
    c: &Contract,
    issues: &mut [Issue],
) -> Option<Reconciliation> {
    let latest = series.last()?;
    let reported_base = round_cents(latest.sum("np.total", Column::Itd)?);
    let reported_share = earned_share(c, reported_base, latest);
    let bonuses = round_cents(bonuses_due(latest, c));
    let printed_bonus = round_cents(latest.sum("pay.bonus", Column::Itd).unwrap_or_default());
    let unpaid_bonus = bonuses - printed_bonus;
    let paid = round_cents(
        latest.sum("pay.prior", Column::Itd).unwrap_or_default()
            + latest.sum("pay.due", Column::Itd).unwrap_or_default(),
    );
    let mut pay = Payments::of(latest);
    let mut base = reported_base;
    let mut share = reported_share;
    let mut bonus_claimed = Decimal::ZERO;
    for i in issues.iter_mut() {
        let in_latest = i.in_latest(Some(latest.period_end));
        let before = pay.paid();
        match i.code {
            Code::BonusUnpaid => {
                // Only the latest statement's bonus is owed; an earlier one
                // that has since been paid is worth nothing now.
                i.claim_effect = if in_latest {
                    unpaid_bonus
                } else {
                    Decimal::ZERO
                };
                bonus_claimed += i.claim_effect;
            }
            Code::Share | Code::Due | Code::PriorPaid => {
                match i.code {
                    Code::Share if in_latest => pay.share = reported_share,
                    Code::Due if in_latest => pay.due_error = Decimal::ZERO,
                    Code::PriorPaid => pay.prior -= i.paid_error,
                    _ => {}
                }
                i.claim_effect = round_cents(pay.paid() - before);
            }
            _ => {
                base += i.base_effect;
                let next = earned_share(c, base, latest);
                i.claim_effect = next - share;
                share = next;
            }
        }
    }
    let corrected_base = round_cents(base);
    let corrected_share = share;
    let earned = corrected_share + bonuses;
    Some(Reconciliation {
        reported_base,
        corrected_base,
        reported_share,
        corrected_share,
        bonuses_due: bonuses,
        earned,
        paid,
        claim: (earned - paid).max(Decimal::ZERO),
        printed_bonus,
        remainder: round_cents(pay.paid()) - reported_share - printed_bonus,
        unclaimed_bonus: unpaid_bonus - bonus_claimed,
    })
}

/// The claim by issue of one deal: its issues (in the issue order) and, with
/// a contract and a reported base, the reconciliation.
pub fn claim_by_issue(
    series: &[&Statement],
    c: Option<&Contract>,
    findings: &[Finding],
) -> (Vec<Issue>, Option<Reconciliation>) {
    let mut list = issues(series, findings);
    let rec = c.and_then(|c| reconcile(series, c, &mut list));
    (list, rec)
}
