//! Contract checks (C), on the inception-to-date column: royalties, fees,
//! expenses, overhead, breakeven, deductions, bonuses and currency. The
//! arithmetic of a term (fee tiers, breakeven, share steps) lives with the
//! contract ([`crate::contract::terms`]) and is re-exported here for the
//! checks and the claim.

use super::unread::{self, clause_check, printed, rate_unasserted};
use super::{cite, over_under, stated, At, Ctx};
pub use crate::contract::terms::{
    bonuses_due, breakeven, earned_share, metric_share, stepped_share, tiered_fee,
};
use crate::contract::{BreakevenRule, Contract, Definition, FeeTier};
use crate::finding::{Code, Severity};
use crate::money::{fmt_human, fmt_rate, round_cents};
use crate::statement::{labels, Column, Line, LineKind, Section, Statement};
use rust_decimal::Decimal;

const ITD: Column = Column::Itd;

/// A line's inception-to-date figure as a term's base reads it: the sum of
/// the lines with the code, or for a section total the statement does not
/// print, the sum of the section's lines (as a total would foot them).
pub fn figure(st: &Statement, code: &str) -> Decimal {
    if let Some(v) = st.sum(code, ITD) {
        return v;
    }
    match code.strip_suffix(".total") {
        Some(_) if !matches!(code, "int.total" | "gp.total" | "def.total" | "np.total") => {
            labels::section_of_code(code).map_or(Decimal::ZERO, |s| section_lines(st, s))
        }
        _ => Decimal::ZERO,
    }
}

/// A section's lines added as its total would foot them (inception to
/// date), unmapped ones included; interest, participations and deferments
/// printed inside it keep their own codes and are left out. The figure of a
/// section whose total line is not printed.
pub fn section_lines(st: &Statement, section: Section) -> Decimal {
    st.lines
        .iter()
        .filter(|l| l.section == section && matches!(l.kind, LineKind::Item | LineKind::Unmapped))
        .filter(|l| !matches!(l.code.as_str(), "int.total" | "gp.total" | "def.total"))
        .filter_map(|l| l.itd)
        .sum()
}

/// The sum of a list of lines' inception-to-date figures.
pub fn base_of(st: &Statement, codes: &[String]) -> Decimal {
    codes.iter().map(|c| figure(st, c)).sum()
}

/// The code of the total of the section a line code belongs to (`exp.total`).
fn section_total(code: &str) -> Option<String> {
    let section = labels::section_of_code(code)?;
    Some(format!("{}.total", section.prefix()))
}

/// Whether a list of codes names a line, or its section's total.
fn names(list: &[String], code: &str) -> bool {
    list.iter().any(|c| c == code) || section_total(code).is_some_and(|t| list.contains(&t))
}

/// How much an inception-to-date finding on a deduction line understates
/// the participation base, by definition (SPEC §4, Details): `net_profits`
/// as the check found it (`raw`); `gross` only for an off-the-top line or
/// its section total; `gross_after_breakeven` only through the breakeven,
/// for a line (or section total) in `breakeven.costs`:
/// `B(reported) − B(expected)`, each rounded. Other lines keep `raw`.
pub fn base_effect(
    c: &Contract,
    st: &Statement,
    code: &str,
    reported: Decimal,
    expected: Decimal,
    raw: Decimal,
) -> Decimal {
    let deduction = labels::section_of_code(code).is_some_and(Section::is_deduction);
    if !deduction {
        return raw;
    }
    match c.definition {
        Definition::NetProfits => raw,
        Definition::Gross => {
            if names(&c.off_the_top, code) {
                raw
            } else {
                Decimal::ZERO
            }
        }
        Definition::GrossAfterBreakeven => match &c.breakeven {
            Some(b) if names(&b.costs, code) => {
                let costs = base_of(st, &b.costs);
                breakeven(costs, b.rule) - breakeven(costs - (reported - expected), b.rule)
            }
            _ => Decimal::ZERO,
        },
    }
}

// ------------------------------------------------------------ the checks

pub fn check(ctx: &mut Ctx) {
    unread::unmapped(ctx);
    unread::foreign(ctx);
    let Some(c) = ctx.contract else { return };
    if let Some(cur) = &c.currency {
        if *cur != ctx.st.currency {
            let msg = format!(
                "The statement is rendered in {} but the agreement's currency is {} (deal.currency).",
                ctx.st.currency, cur
            );
            ctx.note(
                Code::CurrencyMismatch,
                Severity::Error,
                At::statement(),
                "deal.currency",
                msg,
            );
        }
    }
    royalty(ctx);
    fees(ctx);
    expenses(ctx);
    overhead(ctx);
    breakeven_check(ctx);
    deductions(ctx);
    bonus(ctx);
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
        if st.lines_with(&code).any(|l| st.is_foreign(l.row)) {
            ctx.not_read(
                &code,
                format!("GR-ROYALTY on {medium} not checked: its gross receipts are printed in another currency"),
            );
            continue;
        }
        let v = st.sum(&code, ITD).unwrap_or_default();
        let expected = round_cents(*rate * memo);
        let k = || st.lines_with(&code).count() + st.lines_with(memo_code).count();
        if ctx.material_n(v - expected, k) {
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
    for (i, line) in st
        .lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.kind == LineKind::Item && l.itd.is_some())
    {
        let Some(medium) = line.code.strip_prefix("fee.") else {
            continue;
        };
        // Repeated lines (`License Fees - Season 1`, `- Season 2`) are one
        // figure: their sum, checked once, every cell cited.
        if st.lines[..i]
            .iter()
            .any(|l| l.code == line.code && l.itd.is_some())
        {
            continue;
        }
        let fee_lines: Vec<&Line> = itd_lines(ctx, &line.code).collect();
        let v: Decimal = fee_lines.iter().filter_map(|l| l.itd).sum();
        // Cited only when a finding is made (formatting them costs).
        let fee_cells = || fee_lines.iter().map(|l| l.itd_cell());
        let clause = format!("distribution_fees.{medium}");
        let fee_foreign = fee_lines.iter().any(|l| st.is_foreign(l.row));
        let gr_code = format!("gr.{medium}");
        if table.contains_key(medium) || c.fee_tiers.contains_key(medium) {
            if let Some(why) = rate_unasserted(st, &gr_code, fee_foreign) {
                ctx.not_read(
                    &line.code,
                    format!("{} not checked: {why}", clause_check(medium)),
                );
                continue;
            }
        }
        if let Some(tiers) = c.fee_tiers.get(medium) {
            tiered(
                ctx,
                (line, v, fee_cells().collect()),
                medium,
                tiers,
                &clause,
            );
            continue;
        }
        match table.get(medium) {
            Some(rate) => {
                let gross = st.sum(&gr_code, ITD).unwrap_or_default();
                let expected = round_cents(*rate * gross);
                let k = || fee_lines.len() + st.lines_with(&gr_code).count().max(1);
                if ctx.material_n(v - expected, k) {
                    let gr_cells = st.lines_with(&gr_code).map(|l| l.itd_cell());
                    let at = At::line(line, ITD).with(fee_cells()).with(gr_cells);
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
                if fee_foreign {
                    ctx.not_read(
                        &line.code,
                        format!("FEE-UNAUTHORIZED on {medium} not checked: the fee is printed in another currency"),
                    );
                    continue;
                }
                if ctx.material_k(v, fee_lines.len()) {
                    let at = At::line(line, ITD).with(fee_cells());
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

/// `FEE-RATE` for a medium whose fee is tiered: the fee's line, its figure
/// (the sum of its repeated lines) and their cells.
fn tiered(
    ctx: &mut Ctx,
    fee: (&Line, Decimal, Vec<Option<String>>),
    medium: &str,
    tiers: &[FeeTier],
    clause: &str,
) {
    let st = ctx.st;
    let (line, v, fee_cells) = fee;
    let gr_code = format!("gr.{medium}");
    let gross = st.sum(&gr_code, ITD).unwrap_or_default();
    let expected = tiered_fee(tiers, gross);
    let k = || fee_cells.len() + st.lines_with(&gr_code).count().max(1);
    if !ctx.material_n(v - expected, k) {
        return;
    }
    let gr_cells = st.lines_with(&gr_code).map(|l| l.itd_cell());
    let at = At::line(line, ITD).with(fee_cells).with(gr_cells);
    // "30% of the first 10,000,000.00, 25% of the 2,000,000.00 above
    // 10,000,000.00": the tiers the receipts reach, with what falls in each.
    let g = gross.max(Decimal::ZERO);
    let mut parts = Vec::new();
    let mut floor = Decimal::ZERO;
    for t in tiers {
        let top = t.upto.map_or(g, |u| u.min(g));
        let inside = (top - floor).max(Decimal::ZERO);
        if inside > Decimal::ZERO || parts.is_empty() {
            parts.push(match t.upto {
                Some(u) if floor.is_zero() && g < u => {
                    format!("{} of all of it, below {}", fmt_rate(t.rate), fmt_human(u))
                }
                Some(u) if floor.is_zero() => {
                    format!("{} of the first {}", fmt_rate(t.rate), fmt_human(u))
                }
                None if floor.is_zero() => format!("{} of all of it", fmt_rate(t.rate)),
                _ => format!(
                    "{} of the {} above {}",
                    fmt_rate(t.rate),
                    fmt_human(inside),
                    fmt_human(floor)
                ),
            });
        }
        match t.upto {
            Some(u) if u < g => floor = u,
            _ => break,
        }
    }
    let msg = format!(
        "Distribution fee on {} charged {}; on gross receipts of {} the agreement's tiers allow {} ({}): {} {}.",
        medium_label(line),
        fmt_human(v),
        fmt_human(gross),
        fmt_human(expected),
        parts.join(", "),
        over_under(v - expected),
        cite(clause, &at.cells)
    );
    ctx.money(
        Code::FeeRate,
        at,
        ITD,
        v,
        expected,
        v - expected,
        clause,
        msg,
    );
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
            let k = || lines.len() + printed(st, &["exp.advertising".to_string()]);
            if ctx.material_n(v - expected, k) {
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
        if v > *cap && ctx.material_k(v - cap, lines.len()) {
            let clause = format!("expenses.caps.{kind}");
            let at = At::line(line, ITD).with(lines.iter().map(|l| l.itd_cell()));
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
        // Repeated lines are one figure: their sum, every cell cited.
        let lines: Vec<&Line> = itd_lines(ctx, &code).collect();
        if let Some(line) = lines.first().copied() {
            let v: Decimal = lines.iter().filter_map(|l| l.itd).sum();
            if ctx.material_k(v, lines.len()) {
                let at = At::line(line, ITD).with(lines.iter().map(|l| l.itd_cell()));
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

/// `nc.overhead = round(rate × Σ overhead_on)`; net-profits deals only.
fn overhead(ctx: &mut Ctx) {
    let Some(c) = ctx.contract else { return };
    let Some(rate) = c.overhead else { return };
    if c.definition != Definition::NetProfits {
        return;
    }
    let st = ctx.st;
    let lines: Vec<&Line> = itd_lines(ctx, "nc.overhead").collect();
    let Some(line) = lines.first() else { return };
    let v: Decimal = lines.iter().filter_map(|l| l.itd).sum();
    let direct = base_of(st, &c.overhead_on);
    let expected = round_cents(rate * direct);
    if ctx.material_n(v - expected, || lines.len() + printed(st, &c.overhead_on)) {
        let base_cells: Vec<Option<String>> = c
            .overhead_on
            .iter()
            .map(|code| st.lines_with(code).find_map(|l| l.itd_cell()))
            .collect();
        let at = At::line(line, ITD).with(base_cells);
        let base = if c.overhead_on == ["nc.direct"] {
            format!("direct cost of {}", fmt_human(direct))
        } else {
            let parts: Vec<String> = c
                .overhead_on
                .iter()
                .map(|code| format!("{code} {}", fmt_human(figure(st, code))))
                .collect();
            format!("a base of {} ({})", fmt_human(direct), parts.join(" + "))
        };
        let msg = format!(
            "Production overhead charged at {} of {} ({}); the agreement allows {} ({}): {} {}.",
            if direct.is_zero() {
                "an unknown rate".to_string()
            } else {
                fmt_rate((v / direct).round_dp(4))
            },
            base,
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

/// `memo.breakeven = B`, where the statement prints its breakeven.
fn breakeven_check(ctx: &mut Ctx) {
    let Some(c) = ctx.contract else { return };
    let Some(b) = &c.breakeven else { return };
    let st = ctx.st;
    let lines: Vec<&Line> = itd_lines(ctx, "memo.breakeven").collect();
    let Some(line) = lines.first() else { return };
    let v: Decimal = lines.iter().filter_map(|l| l.itd).sum();
    let costs = base_of(st, &b.costs);
    let expected = breakeven(costs, b.rule);
    if !ctx.material_n(v - expected, || lines.len() + printed(st, &b.costs)) {
        return;
    }
    let cost_cells: Vec<Option<String>> = b
        .costs
        .iter()
        .map(|code| st.lines_with(code).find_map(|l| l.itd_cell()))
        .collect();
    let at = At::line(line, ITD).with(cost_cells);
    let parts: Vec<String> = b
        .costs
        .iter()
        .map(|code| format!("{code} {}", fmt_human(figure(st, code))))
        .collect();
    let sum = if parts.len() == 1 {
        parts.join("")
    } else {
        format!("({})", parts.join(" + "))
    };
    let (what, formula, clause) = match b.rule {
        BreakevenRule::Fee(f) => (
            "cash breakeven",
            format!("{sum} / (1 − {})", fmt_rate(f)),
            "breakeven.fee",
        ),
        BreakevenRule::Multiple(m) => (
            "breakeven",
            format!("{} × {sum}", m.normalize()),
            "breakeven.multiple",
        ),
    };
    let consequence = if v > expected {
        "understates the gross past breakeven by the same"
    } else {
        "overstates the gross past breakeven by the same"
    };
    let msg = format!(
        "Breakeven printed as {}; the agreement's {what} is {formula} = {}: {}, which {consequence} {}.",
        fmt_human(v),
        fmt_human(expected),
        stated(v - expected),
        cite(clause, &at.cells)
    );
    ctx.money(
        Code::Breakeven,
        at,
        ITD,
        v,
        expected,
        v - expected,
        clause,
        msg,
    );
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
        // Repeated lines are one figure: their sum, every cell cited.
        let lines: Vec<&Line> = itd_lines(ctx, code).collect();
        if let Some(line) = lines.first().copied() {
            let v: Decimal = lines.iter().filter_map(|l| l.itd).sum();
            if ctx.material_k(v, lines.len()) {
                let at = At::line(line, ITD).with(lines.iter().map(|l| l.itd_cell()));
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
