//! Contract checks (C), on the inception-to-date column: royalties, fees,
//! expenses, overhead, deductions, bonuses and currency.

use super::{cite, over_under, At, Ctx};
use crate::contract::Definition;
use crate::finding::{Code, Severity};
use crate::money::{fmt_human, fmt_rate, round_cents};
use crate::statement::{Column, Line, LineKind};
use rust_decimal::Decimal;

const ITD: Column = Column::Itd;

pub fn check(ctx: &mut Ctx) {
    unmapped(ctx);
    let Some(c) = ctx.contract else { return };
    if let Some(cur) = &c.currency {
        if *cur != ctx.st.currency {
            let msg = format!(
                "The statement is rendered in {} but the agreement's currency is {} (deal.currency).",
                ctx.st.currency, cur
            );
            ctx.out.push(crate::finding::Finding {
                deal: ctx.st.deal.clone(),
                file: ctx.st.file.clone(),
                sheet: ctx.st.sheet.clone(),
                period_end: ctx.st.period_end.to_string(),
                code: Code::CurrencyMismatch,
                severity: Severity::Error,
                line: String::new(),
                label: String::new(),
                column: None,
                reported: None,
                expected: None,
                np_effect: Decimal::ZERO,
                clause: "deal.currency".to_string(),
                cells: Vec::new(),
                message: msg,
                row: 0,
            });
        }
    }
    royalty(ctx);
    fees(ctx);
    expenses(ctx);
    overhead(ctx);
    deductions(ctx);
    bonus(ctx);
}

fn unmapped(ctx: &mut Ctx) {
    let st = ctx.st;
    for line in st.lines.iter().filter(|l| l.kind == LineKind::Unmapped) {
        let at = At::line(line, ITD).with([line.current_cell()]);
        let msg = format!(
            "Line '{}' in {} is not a line recoup recognises; it counts toward the section total but no contract check applies {}.",
            line.label,
            line.section.name(),
            cite("labels", &at.cells)
        );
        ctx.note(Code::UnmappedLine, Severity::Warning, at, "labels", msg);
    }
}

fn itd_lines<'a>(ctx: &Ctx<'a>, code: &'a str) -> impl Iterator<Item = &'a Line> + 'a {
    ctx.st.lines_with(code).filter(|l| l.itd.is_some())
}

fn royalty(ctx: &mut Ctx) {
    let Some(c) = ctx.contract else { return };
    let st = ctx.st;
    for (medium, rate) in &c.royalty {
        let memo_code = match medium.as_str() {
            "home_video_domestic" => "memo.hv_wholesale_domestic",
            "home_video_foreign" => "memo.hv_wholesale_foreign",
            _ => continue,
        };
        let Some(memo) = st.sum(memo_code, ITD) else {
            continue;
        };
        let code = format!("gr.{medium}");
        let Some(line) = st.lines_with(&code).find(|l| l.itd.is_some()) else {
            continue;
        };
        let v = st.sum(&code, ITD).unwrap_or_default();
        let expected = round_cents(*rate * memo);
        if ctx.material(v - expected) {
            let clause = format!("gross_receipts.royalty.{medium}");
            let memo_cell = st.lines_with(memo_code).find_map(|l| l.itd_cell());
            let at = At::line(line, ITD).with([memo_cell]);
            let msg = format!(
                "{} receipts are reported at {} but the agreement includes them at a {} royalty of wholesale receipts of {}, which is {}: receipts {} {}.",
                line.label,
                fmt_human(v),
                fmt_rate(*rate),
                fmt_human(memo),
                fmt_human(expected),
                if v < expected { format!("understated by {}", fmt_human(expected - v)) } else { format!("overstated by {}", fmt_human(v - expected)) },
                cite(&clause, &at.cells)
            );
            ctx.money(
                Code::GrRoyalty,
                at,
                ITD,
                v,
                expected,
                expected - v,
                &clause,
                msg,
            );
        }
    }
}

fn fees(ctx: &mut Ctx) {
    let Some(c) = ctx.contract else { return };
    let Some(table) = &c.fees else { return };
    let st = ctx.st;
    for line in st
        .lines
        .iter()
        .filter(|l| l.kind == LineKind::Item && l.itd.is_some())
    {
        let Some(medium) = line.code.strip_prefix("fee.") else {
            continue;
        };
        let v = line.itd.unwrap_or_default();
        let clause = format!("distribution_fees.{medium}");
        match table.get(medium) {
            Some(rate) => {
                let gr_code = format!("gr.{medium}");
                let gross = st.sum(&gr_code, ITD).unwrap_or_default();
                let expected = round_cents(*rate * gross);
                if ctx.material(v - expected) {
                    let gr_cell = st.lines_with(&gr_code).find_map(|l| l.itd_cell());
                    let at = At::line(line, ITD).with([gr_cell]);
                    let charged = if gross.is_zero() {
                        "on no reported receipts".to_string()
                    } else {
                        format!("at {}", fmt_rate((v / gross).round_dp(4)))
                    };
                    let msg = format!(
                        "Distribution fee on {} charged {} ({}); the agreement allows {} of {} ({}): {} {}.",
                        medium_label(line),
                        charged,
                        fmt_human(v),
                        fmt_rate(*rate),
                        fmt_human(gross),
                        fmt_human(expected),
                        over_under(v - expected),
                        cite(&clause, &at.cells)
                    );
                    ctx.money(
                        Code::FeeRate,
                        at,
                        ITD,
                        v,
                        expected,
                        v - expected,
                        &clause,
                        msg,
                    );
                }
            }
            None => {
                if ctx.material(v) {
                    let at = At::line(line, ITD);
                    let msg = format!(
                        "A distribution fee of {} was charged on {}, a medium for which the agreement provides no fee: overcharge {} {}.",
                        fmt_human(v),
                        medium_label(line),
                        fmt_human(v),
                        cite(&clause, &at.cells)
                    );
                    ctx.money(
                        Code::FeeUnauthorized,
                        at,
                        ITD,
                        v,
                        Decimal::ZERO,
                        v,
                        &clause,
                        msg,
                    );
                }
            }
        }
    }
}

fn medium_label(line: &Line) -> String {
    crate::statement::labels::split_rate(&line.label)
        .0
        .to_string()
}

fn expenses(ctx: &mut Ctx) {
    let Some(c) = ctx.contract else { return };
    let st = ctx.st;
    if let Some(rate) = c.advertising_overhead {
        let lines: Vec<&Line> = itd_lines(ctx, "exp.advertising_overhead").collect();
        if let Some(line) = lines.first() {
            let v: Decimal = lines.iter().filter_map(|l| l.itd).sum();
            let adv = st.sum("exp.advertising", ITD).unwrap_or_default();
            let expected = round_cents(rate * adv);
            if ctx.material(v - expected) {
                let adv_cell = st.lines_with("exp.advertising").find_map(|l| l.itd_cell());
                let at = At::line(line, ITD).with([adv_cell]);
                let msg = format!(
                    "Advertising overhead charged at {} of advertising costs of {} ({}); the agreement allows {} ({}): {} {}.",
                    if adv.is_zero() { "an unknown rate".to_string() } else { fmt_rate((v / adv).round_dp(4)) },
                    fmt_human(adv),
                    fmt_human(v),
                    fmt_rate(rate),
                    fmt_human(expected),
                    over_under(v - expected),
                    cite("expenses.advertising_overhead", &at.cells)
                );
                ctx.money(
                    Code::AdvOverhead,
                    at,
                    ITD,
                    v,
                    expected,
                    v - expected,
                    "expenses.advertising_overhead",
                    msg,
                );
            }
        }
    }
    for (kind, cap) in &c.caps {
        let code = format!("exp.{kind}");
        let lines: Vec<&Line> = itd_lines(ctx, &code).collect();
        let Some(line) = lines.first() else { continue };
        let v: Decimal = lines.iter().filter_map(|l| l.itd).sum();
        if v > *cap && ctx.material(v - cap) {
            let clause = format!("expenses.caps.{kind}");
            let at = At::line(line, ITD);
            let msg = format!(
                "{} charged at {} inception to date, above the agreement's cap of {}: overcharge {} {}.",
                line.label,
                fmt_human(v),
                fmt_human(*cap),
                fmt_human(v - cap),
                cite(&clause, &at.cells)
            );
            ctx.money(Code::ExpCap, at, ITD, v, *cap, v - cap, &clause, msg);
        }
    }
    for kind in &c.disallowed {
        let code = format!("exp.{kind}");
        let lines: Vec<&Line> = itd_lines(ctx, &code).collect();
        for line in lines {
            let v = line.itd.unwrap_or_default();
            if ctx.material(v) {
                let at = At::line(line, ITD);
                let msg = format!(
                    "{} of {} was deducted although the agreement does not allow this expense: overcharge {} {}.",
                    line.label,
                    fmt_human(v),
                    fmt_human(v),
                    cite("expenses.disallowed", &at.cells)
                );
                ctx.money(
                    Code::ExpDisallowed,
                    at,
                    ITD,
                    v,
                    Decimal::ZERO,
                    v,
                    "expenses.disallowed",
                    msg,
                );
            }
        }
    }
}

fn overhead(ctx: &mut Ctx) {
    let Some(c) = ctx.contract else { return };
    let Some(rate) = c.overhead else { return };
    let st = ctx.st;
    let lines: Vec<&Line> = itd_lines(ctx, "nc.overhead").collect();
    let Some(line) = lines.first() else { return };
    let v: Decimal = lines.iter().filter_map(|l| l.itd).sum();
    let direct = st.sum("nc.direct", ITD).unwrap_or_default();
    let expected = round_cents(rate * direct);
    if ctx.material(v - expected) {
        let direct_cell = st.lines_with("nc.direct").find_map(|l| l.itd_cell());
        let at = At::line(line, ITD).with([direct_cell]);
        let msg = format!(
            "Production overhead charged at {} of direct cost of {} ({}); the agreement allows {} ({}): {} {}.",
            if direct.is_zero() { "an unknown rate".to_string() } else { fmt_rate((v / direct).round_dp(4)) },
            fmt_human(direct),
            fmt_human(v),
            fmt_rate(rate),
            fmt_human(expected),
            over_under(v - expected),
            cite("negative_cost.overhead", &at.cells)
        );
        ctx.money(
            Code::OverheadRate,
            at,
            ITD,
            v,
            expected,
            v - expected,
            "negative_cost.overhead",
            msg,
        );
    }
}

fn deductions(ctx: &mut Ctx) {
    let Some(c) = ctx.contract else { return };
    if c.definition != Definition::NetProfits {
        return;
    }
    for (code, allowed, clause, what) in [
        (
            "gp.total",
            c.deduct_gross_participations,
            "deductions.gross_participations",
            "Gross participations",
        ),
        (
            "def.total",
            c.deduct_deferments,
            "deductions.deferments",
            "Deferments",
        ),
    ] {
        if allowed {
            continue;
        }
        let lines: Vec<&Line> = itd_lines(ctx, code).collect();
        for line in lines {
            let v = line.itd.unwrap_or_default();
            if ctx.material(v) {
                let at = At::line(line, ITD);
                let msg = format!(
                    "{} of {} were deducted although the agreement does not allow them to reduce net profits: overcharge {} {}.",
                    what,
                    fmt_human(v),
                    fmt_human(v),
                    cite(clause, &at.cells)
                );
                ctx.money(
                    Code::DeductionDisallowed,
                    at,
                    ITD,
                    v,
                    Decimal::ZERO,
                    v,
                    clause,
                    msg,
                );
            }
        }
    }
}

/// Bonuses whose memo metric reached its threshold (inception to date).
pub fn bonuses_due(ctx_st: &crate::statement::Statement, c: &crate::contract::Contract) -> Decimal {
    c.bonuses
        .iter()
        .filter(|b| ctx_st.sum(&b.metric, ITD).is_some_and(|m| m >= b.threshold))
        .map(|b| b.amount)
        .sum()
}

fn bonus(ctx: &mut Ctx) {
    let Some(c) = ctx.contract else { return };
    let st = ctx.st;
    let due = bonuses_due(st, c);
    if due.is_zero() {
        return;
    }
    let paid = st.sum("pay.bonus", ITD).unwrap_or_default();
    if paid < due && ctx.material(due - paid) {
        let reached: Vec<String> = c
            .bonuses
            .iter()
            .filter(|b| st.sum(&b.metric, ITD).is_some_and(|m| m >= b.threshold))
            .map(|b| {
                let metric = st
                    .lines_with(&b.metric)
                    .next()
                    .map(|l| l.label.as_str())
                    .unwrap_or(&b.metric);
                format!(
                    "{} once {} reached {}, now {}",
                    fmt_human(b.amount),
                    metric,
                    fmt_human(b.threshold),
                    fmt_human(st.sum(&b.metric, ITD).unwrap_or_default())
                )
            })
            .collect();
        let metric_cells: Vec<Option<String>> = c
            .bonuses
            .iter()
            .flat_map(|b| st.lines_with(&b.metric).map(|l| l.itd_cell()))
            .collect();
        let line = st.lines_with("pay.bonus").next();
        let at = match line {
            Some(l) => At::line(l, ITD).with(metric_cells),
            None => At {
                code: "pay.bonus",
                label: "Bonuses",
                row: usize::MAX,
                cells: Vec::new(),
            }
            .with(metric_cells),
        };
        let msg = format!(
            "Bonuses of {} are due ({}) but {} has been reported: unpaid {} {}.",
            fmt_human(due),
            reached.join("; "),
            fmt_human(paid),
            fmt_human(due - paid),
            cite("bonus", &at.cells)
        );
        ctx.money(
            Code::BonusUnpaid,
            at,
            ITD,
            paid,
            due,
            Decimal::ZERO,
            "bonus",
            msg,
        );
    }
}

/// The participant's share of a participation base: `round(share × max(0,
/// base))`, rounded once. The one place a share is computed, for the claim
/// (and the share steps of a contract, when it has them, belong here).
pub fn earned_share(
    c: &crate::contract::Contract,
    base: Decimal,
    _st: &crate::statement::Statement,
) -> Decimal {
    round_cents(c.share * base.max(Decimal::ZERO))
}
