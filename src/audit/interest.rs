//! `INTEREST` (SPEC §4, Interest): the current period's interest checked
//! against the most the agreement allows, a ceiling, not a point estimate.
//!
//! A statement prints only period-end figures, while studios accrue monthly
//! or daily on a balance that moves inside the period. The ceiling takes
//! every cost at its period-end level and every recoupment at the previous
//! statement's level, so no honest accrual can exceed it: interest above it
//! is an overcharge on the studio's own figures; interest below it is not a
//! finding (the studio's monthly schedule is what would make it exact).

use super::{cite, At, Ctx};
use crate::contract::{Contract, Definition, InterestTerms, RateRule};
use crate::finding::Code;
use crate::money::{fmt_human, fmt_rate, round_cents};
use crate::statement::{Column, LineKind, Section, Statement};
use rust_decimal::Decimal;

/// The most interest the agreement allows on `base` over the parts of a
/// period: `round(base × Σ (rate × days) / 365)`, divided once and rounded
/// once (365 in leap years too).
pub fn ceiling(base: Decimal, parts: &[(Decimal, i64)]) -> Decimal {
    let rate_days: Decimal = parts.iter().map(|(r, d)| *r * Decimal::from(*d)).sum();
    round_cents(base * rate_days / Decimal::from(365))
}

/// The interest base of a statement: Σ `interest.on` (inception to date)
/// less what had been recouped by the end of the previous statement.
pub fn base(st: &Statement, terms: &InterestTerms, prev: Option<&Statement>) -> Base {
    let on: Vec<(String, Decimal, Option<String>)> = terms
        .on
        .iter()
        .map(|code| {
            (
                code.clone(),
                super::terms::figure(st, code),
                st.lines_with(code).find_map(|l| l.itd_cell()),
            )
        })
        .collect();
    let cost: Decimal = on.iter().map(|(_, v, _)| *v).sum();
    let recouped = prev.map(recouped).unwrap_or_default();
    Base {
        amount: (cost - recouped).max(Decimal::ZERO),
        on,
        recouped,
    }
}

pub struct Base {
    pub amount: Decimal,
    /// Each `interest.on` line: code, figure, cell.
    pub on: Vec<(String, Decimal, Option<String>)>,
    pub recouped: Decimal,
}

/// "9.5% for 47 days and 9.25% for 45 days" (or "8% for 92 days").
pub fn describe_parts(parts: &[(Decimal, i64)]) -> String {
    let each: Vec<String> = parts
        .iter()
        .map(|(r, d)| format!("{} for {} days", fmt_rate(*r), d))
        .collect();
    match each.len() {
        0 => String::new(),
        1 => each[0].clone(),
        n => format!("{} and {}", each[..n - 1].join(", "), each[n - 1]),
    }
}

/// The check, on the current-period column of statement k; `prev` is k−1
/// when the series is unbroken (none for a first statement).
pub fn check(ctx: &mut Ctx, prev: Option<&Statement>) {
    let Some(c): Option<&Contract> = ctx.contract else {
        return;
    };
    // SPEC §4: INTEREST applies to net-profits deals; on a gross deal interest
    // is not a deduction from the base the participant shares in.
    if c.definition != Definition::NetProfits {
        return;
    }
    let Some(terms) = &c.interest else { return };
    let st = ctx.st;
    let Some(line) = st.lines_with("int.total").find(|l| l.current.is_some()) else {
        return;
    };
    let reported = st.sum("int.total", Column::Current).unwrap_or_default();
    let Some(parts) = terms.parts(st.period_start, st.period_end) else {
        return;
    };
    let base = base(st, terms, prev);
    let most = ceiling(base.amount, &parts);
    // Figures read: int.total, the lines of `interest.on`, and the previous
    // statement's gr.total, fee.total, exp.total and int.total.
    let k = || {
        st.lines_with("int.total").count()
            + base.on.len()
            + prev.map_or(0, |p| {
                ["gr.total", "fee.total", "exp.total", "int.total"]
                    .iter()
                    .map(|c| p.lines_with(c).count())
                    .sum::<usize>()
            })
    };
    if !ctx.material_n(reported - most, k) || reported <= most {
        return;
    }
    let at = At::line(line, Column::Current).with(base.on.iter().map(|(_, _, c)| c.clone()));
    let rule = match terms.rule {
        RateRule::Fixed(_) => String::new(),
        _ if terms.carried_prime => {
            format!(" ({}, prime from {})", terms.text, crate::prime::SOURCE)
        }
        _ => format!(" ({})", terms.text),
    };
    let lines: Vec<String> = base
        .on
        .iter()
        .map(|(code, v, _)| format!("{code} {}", fmt_human(*v)))
        .collect();
    let beyond = beyond_history(terms, st)
        .map(|note| format!(" {note}"))
        .unwrap_or_default();
    let msg = format!(
        "Interest for the period is charged at {}, above the most the agreement allows on the figures this statement reports: {}{} on an unrecouped base of {} ({}, less {} recouped by the previous statement) is {}: overcharge {}.{} {}",
        fmt_human(reported),
        describe_parts(&parts),
        rule,
        fmt_human(base.amount),
        lines.join(" + "),
        fmt_human(base.recouped),
        fmt_human(most),
        fmt_human(reported - most),
        beyond,
        cite("interest.rate", &at.cells)
    );
    ctx.money(
        Code::Interest,
        at,
        Column::Current,
        reported,
        most,
        reported - most,
        "interest.rate",
        msg,
    );
}

/// When a period runs past the end of the carried prime history, a sentence
/// that says the last known rate was assumed.
pub fn beyond_history(terms: &InterestTerms, st: &Statement) -> Option<String> {
    if !terms.carried_prime {
        return None;
    }
    let h = crate::prime::history();
    (st.period_end > h.runs_to).then(|| {
        format!(
            "recoup's prime history runs to {}; the last known prime rate ({}) was assumed after it.",
            h.runs_to,
            fmt_rate(h.last_rate())
        )
    })
}

/// A section's inception-to-date figure: its total line when it prints one
/// (the last of several totals counts), else its lines as a total would foot
/// them ([`super::terms::section_lines`]).
fn section_figure(st: &Statement, section: Section) -> Decimal {
    let total = format!("{}.total", section.prefix());
    if let Some(v) = st
        .lines
        .iter()
        .filter(|l| l.code == total && l.kind == LineKind::Total)
        .find_map(|l| l.itd)
    {
        return v;
    }
    super::terms::section_lines(st, section)
}

/// What has been recouped by the end of a statement (SPEC §4, Interest).
pub fn recouped(st: &Statement) -> Decimal {
    let v = section_figure(st, Section::GrossReceipts)
        - section_figure(st, Section::DistributionFees)
        - section_figure(st, Section::DistributionExpenses)
        - st.sum("int.total", Column::Itd).unwrap_or_default();
    v.max(Decimal::ZERO)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn ceiling_divides_once_and_rounds_once() {
        // 10,000,000 × (9.5% × 47 + 9.25% × 45) / 365 = 10,000,000 × 8.6275 / 365
        let parts = [(d("0.095"), 47), (d("0.0925"), 45)];
        assert_eq!(ceiling(d("10000000"), &parts), d("236369.86"));
        assert_eq!(
            describe_parts(&parts),
            "9.5% for 47 days and 9.25% for 45 days"
        );
        assert_eq!(ceiling(Decimal::ZERO, &parts), Decimal::ZERO);
        // 1,259,780.82 × 8% × 184 / 365 = 50,805.41 (the old single-rate case)
        assert_eq!(ceiling(d("1259780.82"), &[(d("0.08"), 184)]), d("50805.41"));
    }
}
