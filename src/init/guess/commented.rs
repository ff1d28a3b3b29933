//! Tables the statements cannot imply, written commented with what they
//! show: `[reserves]`, `[[bonus]]`, `[audit]`, and `[aliases]` for the
//! labels no alias matches.

use super::read::{codes_with_prefix, itd, nonzero};
use crate::init::draft::{q, Draft, Table, PLACEHOLDER_AMOUNT, PLACEHOLDER_RATE};
use crate::money::{fmt_human, fmt_rate};
use crate::statement::{LineKind, Section, Statement};
use rust_decimal::Decimal;
use std::collections::BTreeSet;

pub(crate) fn reserves(d: &mut Draft, series: &[&Statement]) {
    let Some(st) = series
        .iter()
        .rev()
        .find(|st| nonzero(itd(st, "gr.reserve")).is_some())
    else {
        return;
    };
    let held = itd(st, "gr.reserve").unwrap_or_default().abs();
    let gross = itd(st, "gr.total").unwrap_or_default();
    let mut t = Table::new("reserves");
    let share = if (gross + held).is_zero() {
        String::new()
    } else {
        format!(
            ", {} of gross receipts before it",
            fmt_rate((held / (gross + held)).round_dp(4))
        )
    };
    t.off(
        "max",
        q("20%"),
        format!(
            "the reserve held on {} is {}{share}: the agreement's ceiling, if any",
            st.period_end,
            fmt_human(held)
        ),
    );
    t.off(
        "liquidate_within",
        "4".into(),
        "statements within which a reserve taken must be released",
    );
    d.tables.push(t);
}

pub(crate) fn bonuses(d: &mut Draft, series: &[&Statement]) {
    let latest = series[series.len() - 1];
    let metrics: Vec<String> = codes_with_prefix(series, "memo.")
        .into_iter()
        .filter(|m| m.starts_with("box_office"))
        .collect();
    let paid = series
        .iter()
        .rev()
        .find_map(|st| nonzero(itd(st, "pay.bonus")));
    for m in metrics {
        let code = format!("memo.{m}");
        let v = itd(latest, &code).unwrap_or_default();
        let mut t = Table::new("bonus");
        t.array = true;
        t.intro(format!(
            "A bonus on {code} ({} to date on {}), if the agreement has one{}.",
            fmt_human(v),
            latest.period_end,
            match paid {
                Some(p) => format!("; the statements report bonuses of {}", fmt_human(p)),
                None => String::new(),
            }
        ));
        t.off("metric", q(&code), "");
        t.off(
            "threshold",
            q(PLACEHOLDER_AMOUNT),
            "PLACEHOLDER: the figure the agreement's bonus clause names",
        );
        t.off(
            "amount",
            q(PLACEHOLDER_AMOUNT),
            "PLACEHOLDER: the bonus the agreement pays",
        );
        d.tables.push(t);
    }
}

/// A commented `[[share_step]]` where the figures suggest the share may
/// step up and the statements do not show it: a participation base in
/// profit (an escalator on the base), or a box-office memo line (a step on a
/// memo figure). Placeholders only: the statements cannot give the step.
pub(crate) fn share_step_stub(series: &[&Statement]) -> Option<Table> {
    let latest = series[series.len() - 1];
    let base = itd(latest, "np.total").filter(|b| *b > Decimal::ZERO);
    let metric = codes_with_prefix(series, "memo.")
        .into_iter()
        .find(|m| m.starts_with("box_office"));
    if base.is_none() && metric.is_none() {
        return None;
    }
    let mut t = Table::new("share_step");
    t.array = true;
    let mut why = Vec::new();
    if let Some(b) = base {
        why.push(format!(
            "the participation base is {} on {}",
            fmt_human(b),
            latest.period_end
        ));
    }
    if let Some(m) = &metric {
        why.push(format!("the statements print memo.{m}"));
    }
    t.intro(format!(
        "If the agreement's share steps up (an escalation rider): {}. The statements cannot show a step the studio did not apply.",
        why.join(" and ")
    ));
    let alternative = metric.map_or(String::new(), |m| {
        format!(
            " (a step on the memo figure instead: metric = \"memo.{m}\" and at = the figure, in place of above)"
        )
    });
    t.off(
        "above",
        q(PLACEHOLDER_AMOUNT),
        format!("PLACEHOLDER: the base above which the higher share applies{alternative}"),
    );
    t.off(
        "share",
        q(PLACEHOLDER_RATE),
        "PLACEHOLDER: the share above the step",
    );
    Some(t)
}

pub(crate) fn audit_terms(d: &mut Draft) {
    let mut t = Table::new("audit");
    t.intro("From the agreement's accounting and audit clauses.");
    t.off(
        "objection_months",
        "36".into(),
        "a statement becomes incontestable this long after its date",
    );
    t.off(
        "statement_due_days",
        "60".into(),
        "a statement is due this long after its period ends",
    );
    t.off("underpayment_interest", q("10%"), "");
    t.off("cost_shift_threshold", q("5%"), "");
    d.tables.push(t);
}

pub(crate) fn aliases(d: &mut Draft, series: &[&Statement]) {
    let mut seen: BTreeSet<(Section, String)> = BTreeSet::new();
    let mut t = Table::new("aliases");
    for st in series.iter().rev() {
        for l in st.lines.iter().filter(|l| l.kind == LineKind::Unmapped) {
            let key = crate::statement::labels::key(&l.label);
            if !seen.insert((l.section, key)) {
                continue;
            }
            let code = match l.section {
                Section::GrossReceipts => "gr.MEDIUM",
                Section::DistributionFees => "fee.MEDIUM",
                Section::DistributionExpenses => "exp.KIND",
                Section::NegativeCost => "nc.direct",
                Section::Memo => "memo.METRIC",
                Section::Participant => "pay.prior",
                _ => "CODE",
            };
            t.off(
                &q(l.label.trim()),
                q(code),
                format!(
                    "UNMAPPED in {} ({} to date on {}): name the line this label is (`recoup explain gr.svod` describes a line code)",
                    l.section.name(),
                    fmt_human(l.itd.unwrap_or_default()),
                    st.period_end
                ),
            );
        }
    }
    if !t.entries.is_empty() {
        t.intro("Labels no alias matches: each counts in its section's total but no contract check applies to it.");
        d.tables.push(t);
    }
}
