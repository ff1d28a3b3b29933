//! What the claim is worth today (SPEC §4): `claim(k)` for every statement
//! of a series, the interest on the underpayment as it stood span by span,
//! and the part of the claim a time bar puts at risk.
//!
//! `claim(k)` is the claim as if statement k were the latest: the same
//! [`issues`] and [`reconcile`] that compute the claim, run on the prefix
//! `1..=k` of the series (statement k's own error findings and the
//! `INTEREST` findings of statements `1..=k`), so `claim(n)` is the claim.
//! One pass over the series: the findings are gathered per statement once
//! and the earlier `INTEREST` effects carried as a running sum, so a series
//! of thousands of statements costs a few reconciliations per statement.
//!
//! "At risk" is the studio's argument, not a ruling: the part of the claim
//! already underpaid on a statement nobody objected to within
//! `objection_months`. Whether a bar holds is a question of the contract
//! and the law, which recoup does not decide.

use super::incontestable;
use super::issues::{issues, reconcile, Issue};
use crate::contract::Contract;
use crate::finding::{Code, Finding, Severity};
use crate::money::round_cents;
use crate::statement::Statement;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// One span of the interest on the claim: the underpayment as it stood
/// from statement k's date to the next statement issued (the last span: to
/// `--as-of`).
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    /// The period end of statement k (names the statement).
    pub period_end: NaiveDate,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// `to − from` (the first day counts, not the last); 0 when `to` is on
    /// or before `from`.
    pub days: i64,
    /// `claim(k)`.
    pub underpayment: Decimal,
    /// `rate × claim(k) × days / 365`, unrounded (the sum is rounded once);
    /// `None` without `underpayment_interest`.
    pub interest: Option<Decimal>,
}

/// When one statement of the series becomes (or became) incontestable.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub period_end: NaiveDate,
    /// The statement's date: its `Statement Date`, else its period end.
    pub date: NaiveDate,
    /// `date + objection_months` (same day of month, or the month's last).
    pub incontestable: NaiveDate,
    /// Whether `--as-of` is on or after `incontestable`.
    pub passed: bool,
    /// `claim(k)`.
    pub underpayment: Decimal,
}

/// What the claim is worth today, for one deal with a claim.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Worth {
    /// `underpayment_interest`, as the contract gives it.
    pub rate: Option<Decimal>,
    /// One span per statement, in series order.
    pub spans: Vec<Span>,
    /// `round(rate × Σ claim(k) × days_k / 365)`; `None` without
    /// `underpayment_interest`.
    pub interest: Option<Decimal>,
    /// One per statement, in series order; empty without `objection_months`.
    pub bars: Vec<Bar>,
    /// Index of the latest incontestable statement.
    pub barred: Option<usize>,
    /// `min(claim, claim(j))` (0 when no statement is incontestable);
    /// `None` without `objection_months`.
    pub at_risk: Option<Decimal>,
    /// `claim − at_risk`.
    pub open: Option<Decimal>,
    /// Per issue of the deal (same index as `DealSummary::issues`): the part
    /// of its claim effect at risk. Empty without `objection_months`.
    pub issue_at_risk: Vec<Decimal>,
    /// The next date after `--as-of` on which more of the claim becomes
    /// incontestable, with the amount at risk from then.
    pub next_bar: Option<(NaiveDate, Decimal)>,
}

/// A statement's date for the spans and the time bar.
pub fn dated(st: &Statement) -> NaiveDate {
    st.statement_date.unwrap_or(st.period_end)
}

/// The error findings of each statement of the series (by index), in the
/// findings' order; a finding of no statement of the series is left out.
fn per_statement<'a>(series: &[&Statement], findings: &'a [Finding]) -> Vec<Vec<&'a Finding>> {
    let at: HashMap<(&str, &str), usize> = series
        .iter()
        .enumerate()
        .map(|(k, st)| ((st.file.as_str(), st.sheet.as_str()), k))
        .collect();
    let mut out = vec![Vec::new(); series.len()];
    for f in findings.iter().filter(|f| f.severity == Severity::Error) {
        if let Some(&k) = at.get(&(f.file.as_str(), f.sheet.as_str())) {
            out[k].push(f);
        }
    }
    out
}

/// Walks the series once, giving the issues and the claim as if each
/// statement in turn were the latest.
struct Prefixes<'a> {
    series: &'a [&'a Statement],
    c: &'a Contract,
    own: Vec<Vec<&'a Finding>>,
    /// The `INTEREST` findings of the statements before the current one, one
    /// per line, each carrying the sum of their effects.
    earlier_interest: Vec<Finding>,
}

impl<'a> Prefixes<'a> {
    fn new(series: &'a [&'a Statement], c: &'a Contract, findings: &'a [Finding]) -> Self {
        Prefixes {
            series,
            c,
            own: per_statement(series, findings),
            earlier_interest: Vec::new(),
        }
    }

    /// The issues and the claim of the prefix `1..=k` (reconciled); call
    /// with k = 0, 1, 2, … in turn. The claim is 0 where statement k prints
    /// no `np.total` (no base to correct).
    fn claim(&mut self, k: usize) -> (Vec<Issue>, Decimal) {
        let mut mine: Vec<Finding> = self.earlier_interest.clone();
        mine.extend(self.own[k].iter().map(|f| (*f).clone()));
        let mut list = issues(&self.series[k..=k], &mine);
        let claim =
            reconcile(&self.series[..=k], self.c, &mut list).map_or(Decimal::ZERO, |r| r.claim);
        for f in self.own[k].iter().filter(|f| f.code == Code::Interest) {
            match self.earlier_interest.iter_mut().find(|e| e.line == f.line) {
                Some(e) => e.np_effect += f.np_effect,
                None => {
                    let mut e = (*f).clone();
                    e.cells = Vec::new();
                    e.message = String::new();
                    self.earlier_interest.push(e);
                }
            }
        }
        (list, claim)
    }
}

/// `claim(k)` for every statement of the series, in series order.
pub fn claims(series: &[&Statement], c: &Contract, findings: &[Finding]) -> Vec<Decimal> {
    let mut p = Prefixes::new(series, c, findings);
    (0..series.len()).map(|k| p.claim(k).1).collect()
}

/// What the claim is worth today: spans and interest, the time bar, the
/// part of each issue at risk. `claim` and `deal_issues` are the deal's
/// (from [`super::claim_by_issue`]).
pub fn worth(
    series: &[&Statement],
    c: &Contract,
    findings: &[Finding],
    claim: Decimal,
    deal_issues: &[Issue],
    as_of: NaiveDate,
) -> Worth {
    let n = series.len();
    let mut w = Worth::default();
    if n == 0 {
        return w;
    }
    let mut p = Prefixes::new(series, c, findings);
    let latest_barred = c.objection_months.and_then(|_| {
        (0..n)
            .rev()
            .find(|&k| incontestable(series[k], c).is_some_and(|d| as_of >= d))
    });
    let mut under = Vec::with_capacity(n);
    let mut barred_issues = Vec::new();
    for k in 0..n {
        let (list, ck) = p.claim(k);
        if Some(k) == latest_barred {
            barred_issues = list;
        }
        under.push(ck);
    }
    w.rate = c.underpayment_interest;
    w.spans = spans(series, &under, c.underpayment_interest, as_of);
    w.interest = c.underpayment_interest.map(|rate| {
        let sum: Decimal = w
            .spans
            .iter()
            .map(|s| s.underpayment * Decimal::from(s.days))
            .sum();
        round_cents(rate * sum / Decimal::from(365))
    });
    if c.objection_months.is_none() {
        return w;
    }
    w.bars = series
        .iter()
        .zip(&under)
        .filter_map(|(st, u)| {
            let d = incontestable(st, c)?;
            Some(Bar {
                period_end: st.period_end,
                date: dated(st),
                incontestable: d,
                passed: as_of >= d,
                underpayment: *u,
            })
        })
        .collect();
    w.barred = latest_barred;
    let at_risk = latest_barred.map_or(Decimal::ZERO, |j| claim.min(under[j]));
    w.at_risk = Some(at_risk);
    w.open = Some(claim - at_risk);
    w.issue_at_risk = deal_issues
        .iter()
        .map(|i| {
            let part = barred_issues
                .iter()
                .find(|b| b.code == i.code && b.line == i.line)
                .map_or(Decimal::ZERO, |b| b.claim_effect.min(i.claim_effect));
            part.max(Decimal::ZERO)
        })
        .collect();
    w.next_bar = next_bar(&w.bars, claim, at_risk);
    w
}

/// The spans of the interest on the claim: statement k's date to the
/// earliest date among statements k+1..n, the last to `as_of`.
fn spans(
    series: &[&Statement],
    under: &[Decimal],
    rate: Option<Decimal>,
    as_of: NaiveDate,
) -> Vec<Span> {
    let n = series.len();
    // The next statement issued after k: the earliest date among k+1..n.
    let mut next = vec![as_of; n];
    let mut earliest: Option<NaiveDate> = None;
    for k in (0..n).rev() {
        if let Some(e) = earliest {
            next[k] = e;
        }
        let d = dated(series[k]);
        earliest = Some(earliest.map_or(d, |e| e.min(d)));
    }
    (0..n)
        .map(|k| {
            let from = dated(series[k]);
            let to = next[k];
            let days = (to - from).num_days().max(0);
            Span {
                period_end: series[k].period_end,
                from,
                to,
                days,
                underpayment: under[k],
                interest: rate.map(|r| r * under[k] * Decimal::from(days) / Decimal::from(365)),
            }
        })
        .collect()
}

/// The first date after `--as-of` on which the part at risk grows, and what
/// it grows to: statements become incontestable in date order, and the part
/// at risk follows the latest of the series among them.
fn next_bar(bars: &[Bar], claim: Decimal, at_risk: Decimal) -> Option<(NaiveDate, Decimal)> {
    let mut future: Vec<(NaiveDate, usize)> = bars
        .iter()
        .enumerate()
        .filter(|(_, b)| !b.passed)
        .map(|(k, b)| (b.incontestable, k))
        .collect();
    future.sort();
    let mut j = bars.iter().rposition(|b| b.passed);
    for (i, &(date, k)) in future.iter().enumerate() {
        // The latest of the series among the incontestable (None < Some).
        j = j.max(Some(k));
        // Statements binding on the same day count together.
        if future.get(i + 1).is_some_and(|(d, _)| *d == date) {
            continue;
        }
        let risk = j.map_or(Decimal::ZERO, |j| claim.min(bars[j].underpayment));
        if risk > at_risk {
            return Some((date, risk));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    /// A statement of the series: when it binds, whether it has, claim(k).
    fn bar(incontestable: NaiveDate, passed: bool, underpayment: i64) -> Bar {
        Bar {
            period_end: day(1, 1),
            date: day(1, 1),
            incontestable,
            passed,
            underpayment: Decimal::from(underpayment),
        }
    }

    #[test]
    fn the_next_bar_is_the_first_day_the_part_at_risk_grows() {
        // The first already binds (10 at risk); the second binds on 1 March
        // but leaves the part at risk at 10; the third, on 1 June, raises it
        // to 20. A day that leaves it as it is, is not the next bar.
        let bars = [
            bar(day(1, 15), true, 10),
            bar(day(3, 1), false, 10),
            bar(day(6, 1), false, 20),
        ];
        let ten = Decimal::from(10);
        let thirty = Decimal::from(30);
        assert_eq!(
            next_bar(&bars, thirty, ten),
            Some((day(6, 1), Decimal::from(20)))
        );
        // Capped at the claim.
        assert_eq!(
            next_bar(&bars, Decimal::from(15), ten),
            Some((day(6, 1), Decimal::from(15)))
        );
        // Nothing grows once the claim is all at risk.
        assert_eq!(next_bar(&bars, ten, ten), None);
    }

    #[test]
    fn statements_binding_on_the_same_day_count_together() {
        // Both bind on 1 March: the part at risk that day follows the later
        // one (20), not the first of the two in date order (5).
        let bars = [
            bar(day(3, 1), false, 5),
            bar(day(3, 1), false, 20),
            bar(day(9, 1), false, 40),
        ];
        let claim = Decimal::from(100);
        assert_eq!(
            next_bar(&bars, claim, Decimal::ZERO),
            Some((day(3, 1), Decimal::from(20)))
        );
    }

    #[test]
    fn an_earlier_statement_binding_later_does_not_lower_the_part_at_risk() {
        // The third statement binds first (issued early), then the second:
        // the part at risk follows the latest of the series among those that
        // bind, the third (30), and the second changes nothing.
        let bars = [
            bar(day(1, 1), true, 10),
            bar(day(8, 1), false, 50),
            bar(day(4, 1), false, 30),
        ];
        let claim = Decimal::from(100);
        assert_eq!(
            next_bar(&bars, claim, Decimal::from(10)),
            Some((day(4, 1), Decimal::from(30)))
        );
        assert_eq!(next_bar(&bars, claim, Decimal::from(30)), None);
    }
}
