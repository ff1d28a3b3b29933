//! Arithmetic checks (A): footing, the participation base, share and amount due.

use super::terms::{earned_share, metric_share};
use super::{cite, stated, At, Ctx};
use crate::contract::{Contract, Definition, ShareStep};
use crate::finding::Code;
use crate::money::{fmt_human, fmt_rate};
use crate::statement::{labels, Column, LineKind, Section, Statement};
use rust_decimal::Decimal;

pub fn check(ctx: &mut Ctx) {
    for col in [Column::Current, Column::Itd] {
        footing(ctx, col);
        net(ctx, col);
    }
    share(ctx);
    due(ctx);
}

fn footed(section: Section) -> bool {
    !matches!(
        section,
        Section::NetProfits | Section::Participant | Section::Memo
    )
}

/// Running sums of a section: (figure so far, lines in the open group).
#[derive(Default, Clone, Copy)]
struct Acc {
    figure: Decimal,
    group: Decimal,
    lines: usize,
}

/// One accumulator per section, indexed by the section (absent ones are zero).
#[derive(Default)]
struct BySection([Acc; 11]);

// Every section has a slot.
const _: () = assert!(Section::EVERY.len() == 11);

impl BySection {
    fn get(&self, s: Section) -> &Acc {
        &self.0[s as usize]
    }
    fn entry(&mut self, s: Section) -> &mut Acc {
        &mut self.0[s as usize]
    }
    /// The figures of the deduction sections, added.
    fn deductions(&self) -> Decimal {
        Section::ALL
            .iter()
            .filter(|s| s.is_deduction())
            .map(|s| self.get(*s).figure)
            .sum()
    }
    /// How many printed figures make up the deduction sections' figures.
    fn deduction_lines(&self) -> usize {
        Section::ALL
            .iter()
            .filter(|s| s.is_deduction())
            .map(|s| self.get(*s).lines)
            .sum()
    }
}

/// Every total equals the lines printed above it in its section, back to and
/// including the section's previous total (SPEC §2, Totals).
fn footing(ctx: &mut Ctx, col: Column) {
    let st: &Statement = ctx.st;
    let mut acc = BySection::default();
    // A section holding an amount in another currency is not footed.
    let mut foreign = [false; 11];
    for (row, _) in &st.reading.foreign {
        if let Some(l) = st.lines.iter().find(|l| l.row == *row) {
            foreign[l.section as usize] = true;
        }
    }
    for line in &st.lines {
        if !footed(line.section) || line.kind == LineKind::Balance {
            continue;
        }
        if line.kind == LineKind::Subtotal && st.is_group(line.row) {
            // Read only its own lines: asserted unless one of them is in
            // another currency.
            group_footing(ctx, line, col);
            continue; // a group total is never a component of anything
        }
        let unread = foreign[line.section as usize];
        let a = acc.entry(line.section);
        match line.kind {
            LineKind::Total | LineKind::Subtotal => {
                if let Some(v) = line.value(col) {
                    if a.lines > 0 && !unread && ctx.material_k(v - a.group, a.lines + 1) {
                        let expected = a.group;
                        let diff = v - expected;
                        let np_effect = match (col, line.section) {
                            (Column::Current, _) => Decimal::ZERO,
                            (Column::Itd, Section::GrossReceipts) => -diff,
                            (Column::Itd, s) if s.is_deduction() => diff,
                            _ => Decimal::ZERO,
                        };
                        total_off(ctx, line, col, v, expected, np_effect, "the lines above it");
                    }
                    let a = acc.entry(line.section);
                    a.figure = v;
                    a.group = v;
                    a.lines = 1;
                } else {
                    a.figure = a.group;
                }
            }
            _ => {
                if let Some(v) = line.value(col) {
                    a.group += v;
                    a.figure = a.group;
                    a.lines += 1;
                }
            }
        }
    }
}

/// A group total (`Total Theatrical`) equals the lines directly above it
/// that it names; it is a component of nothing, so its `np_effect` is 0.
fn group_footing(ctx: &mut Ctx, line: &crate::statement::Line, col: Column) {
    let st = ctx.st;
    let Some(v) = line.value(col) else { return };
    let Some(group) = st.reading.group(line.row) else {
        return;
    };
    if group.lines.iter().any(|r| st.is_foreign(*r)) {
        return;
    }
    let members: Vec<Decimal> = st
        .lines
        .iter()
        .filter(|l| group.lines.contains(&l.row))
        .filter_map(|l| l.value(col))
        .collect();
    if members.is_empty() {
        return;
    }
    let expected: Decimal = members.iter().sum();
    if !ctx.material_k(v - expected, members.len() + 1) {
        return;
    }
    // A group total is never a component: no effect on the base.
    total_off(
        ctx,
        line,
        col,
        v,
        expected,
        Decimal::ZERO,
        "the lines it totals",
    );
    if let Some(f) = ctx.out.last_mut() {
        f.np_effect = Decimal::new(0, 2);
    }
}

/// `np.total` and every running balance equal gross receipts less every
/// deduction printed above them; for `gross`, np = gr.total − Σ off-the-top.
fn net(ctx: &mut Ctx, col: Column) {
    let st = ctx.st;
    if !st.lines.iter().any(|l| l.section == Section::GrossReceipts) {
        return;
    }
    let definition = ctx
        .contract
        .map(|c| c.definition)
        .unwrap_or(Definition::NetProfits);
    // Section figures so far, maintained exactly as footing does, but taking
    // the printed totals as the figures (root causes: totals are checked on
    // their own by ARITH-TOTAL).
    let mut acc = BySection::default();
    for line in &st.lines {
        if line.kind == LineKind::Subtotal && st.is_group(line.row) {
            continue; // a group total stands for its lines, never both
        }
        let is_np = line.code == "np.total";
        if line.kind == LineKind::Balance || is_np {
            let Some(v) = line.value(col) else { continue };
            let gross = acc.get(Section::GrossReceipts).figure;
            // Printed figures read: gross receipts, each deduction section's
            // figure (a total and the lines after it), and this one.
            let mut k = acc.get(Section::GrossReceipts).lines + 1;
            let expected = if is_np && definition == Definition::GrossAfterBreakeven {
                // np.total = gr.total − memo.breakeven; unchecked where the
                // statement prints no breakeven in this column.
                let Some(breakeven) = st.sum("memo.breakeven", col) else {
                    continue;
                };
                k += st.lines_with("memo.breakeven").count();
                gross - breakeven
            } else if is_np && definition == Definition::Gross {
                let off: Decimal = ctx
                    .contract
                    .map(|c| {
                        c.off_the_top
                            .iter()
                            .filter_map(|code| off_the_top(st, code, col))
                            .sum()
                    })
                    .unwrap_or_default();
                k += ctx.contract.map_or(0, |c| c.off_the_top.len());
                gross - off
            } else {
                k += acc.deduction_lines();
                gross - acc.deductions()
            };
            if ctx.material_k(v - expected, k) {
                let diff = v - expected;
                let np_effect = if is_np && col == Column::Itd {
                    -diff
                } else {
                    Decimal::ZERO
                };
                let what = if definition == Definition::Gross && is_np {
                    "gross receipts less the off-the-top deductions"
                } else if definition == Definition::GrossAfterBreakeven && is_np {
                    "gross receipts less the breakeven printed in the memo"
                } else {
                    "gross receipts less the deductions printed above it"
                };
                let cells: Vec<String> = line.cell(col).into_iter().collect();
                let msg = format!(
                    "{} ({}) is {} but {} come to {}: {} {}.",
                    line.label,
                    col.describe(),
                    fmt_human(v),
                    what,
                    fmt_human(expected),
                    stated(diff),
                    cite("net profits definition", &cells)
                );
                ctx.money(
                    Code::ArithNet,
                    At::line(line, col),
                    col,
                    v,
                    expected,
                    np_effect,
                    "deal.definition",
                    msg,
                );
            }
            continue;
        }
        if !footed(line.section) {
            continue;
        }
        let a = acc.entry(line.section);
        match (line.kind, line.value(col)) {
            (LineKind::Total | LineKind::Subtotal, Some(v)) => {
                a.figure = v;
                a.group = v;
                a.lines = 1;
            }
            (LineKind::Total | LineKind::Subtotal, None) => {}
            (_, Some(v)) => {
                a.group += v;
                a.figure = a.group;
                a.lines += 1;
            }
            (_, None) => {}
        }
    }
}

/// An off-the-top line's figure in a column; a section total the statement
/// does not print is the sum of the section's lines (SPEC §2, Totals), as
/// the contract checks read it ([`super::terms::figure`]).
fn off_the_top(st: &Statement, code: &str, col: Column) -> Option<Decimal> {
    if let Some(v) = st.sum(code, col) {
        return Some(v);
    }
    if !code.ends_with(".total") || matches!(code, "int.total" | "gp.total" | "def.total") {
        return None;
    }
    let section = labels::section_of_code(code)?;
    st.lines
        .iter()
        .filter(|l| l.section == section && matches!(l.kind, LineKind::Item | LineKind::Unmapped))
        .filter(|l| !matches!(l.code.as_str(), "int.total" | "gp.total" | "def.total"))
        .filter_map(|l| l.value(col))
        .reduce(|a, b| a + b)
}

/// `share.earned = round(share × max(0, np.total))`, inception to date.
fn share(ctx: &mut Ctx) {
    let st = ctx.st;
    let Some(c) = ctx.contract else { return };
    let (Some(line), Some(np)) = (st.line("share.earned"), st.sum("np.total", Column::Itd)) else {
        return;
    };
    let Some(v) = line.itd else { return };
    let expected = earned_share(c, np, st);
    if ctx.material(v - expected) {
        let np_cells = st.line("np.total").and_then(|l| l.itd_cell());
        let mut at = At::line(line, Column::Itd).with([np_cells]);
        let applied = share_words(c, st);
        if applied.1 {
            let memo_cells: Vec<Option<String>> = c
                .share_steps
                .iter()
                .filter_map(|s| match s {
                    ShareStep::Metric { metric, .. } => Some(metric.as_str()),
                    ShareStep::Above { .. } => None,
                })
                .map(|m| st.lines_with(m).find_map(|l| l.itd_cell()))
                .collect();
            at = at.with(memo_cells);
        }
        let share = if c.share_steps.is_empty() {
            format!(
                "{} of the participation base of {}",
                applied.0,
                fmt_human(np)
            )
        } else {
            format!(
                "the agreement's share of the participation base of {} ({})",
                fmt_human(np),
                applied.0
            )
        };
        // With share steps the expected share is the steps' arithmetic: the
        // clause names both terms, so the schedule cites the escalator.
        let clause = if c.share_steps.is_empty() {
            "deal.share"
        } else {
            "deal.share; share_step"
        };
        let msg = format!(
            "Participant share is {} but {share} is {}: {} {}.",
            fmt_human(v),
            fmt_human(expected),
            stated(v - expected),
            cite(clause, &at.cells)
        );
        ctx.money(
            Code::Share,
            at,
            Column::Itd,
            v,
            expected,
            Decimal::ZERO,
            clause,
            msg,
        );
    }
}

/// How the share was applied, in words ("5% of the first 10,000,000.00,
/// 7.5% above 10,000,000.00", "12.5%, the step once Box Office - Domestic
/// reaches 100,000,000.00, now 120,000,000.00"), and whether a memo figure
/// decided it.
fn share_words(c: &Contract, st: &Statement) -> (String, bool) {
    if c.share_steps.is_empty() {
        return (fmt_rate(c.share), false);
    }
    let figure = |code: &str| st.sum(code, Column::Itd);
    let rate = metric_share(c.share, &c.share_steps, figure);
    let mut tranches = Vec::new();
    let mut reached = None;
    let (mut floor, mut here) = (None::<Decimal>, rate);
    for s in &c.share_steps {
        match s {
            ShareStep::Above { above, share } => {
                tranches.push(match floor {
                    None => format!("{} of the first {}", fmt_rate(here), fmt_human(*above)),
                    Some(f) => format!(
                        "{} from {} to {}",
                        fmt_rate(here),
                        fmt_human(f),
                        fmt_human(*above)
                    ),
                });
                floor = Some(*above);
                here = *share;
            }
            ShareStep::Metric { metric, at, share } => {
                if *share == rate && figure(metric).is_some_and(|v| v >= *at) {
                    let name = st
                        .lines_with(metric)
                        .next()
                        .map_or(metric.as_str(), |l| l.label.as_str());
                    reached = Some(format!(
                        "{}, the step once {} reaches {}, now {}",
                        fmt_rate(*share),
                        name,
                        fmt_human(*at),
                        fmt_human(figure(metric).unwrap_or_default())
                    ));
                }
            }
        }
    }
    if let Some(f) = floor {
        tranches.push(format!("{} above {}", fmt_rate(here), fmt_human(f)));
        return (tranches.join(", "), false);
    }
    match reached {
        Some(r) => (r, true),
        None => (
            format!("{}, no share step reached", fmt_rate(c.share)),
            true,
        ),
    }
}

/// `pay.due = max(0, share.earned + pay.bonus − pay.prior)`, inception to date.
/// Applies wherever the statement prints an amount due; a share, bonus or
/// prior payment it does not print counts as zero.
fn due(ctx: &mut Ctx) {
    let st = ctx.st;
    let Some(line) = st.line("pay.due") else {
        return;
    };
    let Some(v) = line.itd else { return };
    let earned = st.sum("share.earned", Column::Itd).unwrap_or_default();
    let bonus = st.sum("pay.bonus", Column::Itd).unwrap_or_default();
    let prior = st.sum("pay.prior", Column::Itd).unwrap_or_default();
    let expected = (earned + bonus - prior).max(Decimal::ZERO);
    let k = || {
        1 + ["share.earned", "pay.bonus", "pay.prior"]
            .iter()
            .map(|c| st.lines_with(c).filter(|l| l.itd.is_some()).count())
            .sum::<usize>()
    };
    if ctx.material_n(v - expected, k) {
        let at = At::line(line, Column::Itd);
        let msg = format!(
            "Amount due is {} but share earned {} plus bonuses {} less previously paid {} is {}: {} {}.",
            fmt_human(v),
            fmt_human(earned),
            fmt_human(bonus),
            fmt_human(prior),
            fmt_human(expected),
            stated(v - expected),
            cite("amount due", &at.cells)
        );
        ctx.money(
            Code::Due,
            at,
            Column::Itd,
            v,
            expected,
            Decimal::ZERO,
            "amount due",
            msg,
        );
    }
}

/// One `ARITH-TOTAL`: a total (`what` it foots) against its lines.
fn total_off(
    ctx: &mut Ctx,
    line: &crate::statement::Line,
    col: Column,
    v: Decimal,
    expected: Decimal,
    np_effect: Decimal,
    what: &str,
) {
    let msg = format!(
        "{} ({}) is {} but {what} add to {}: {} {}.",
        line.label,
        col.describe(),
        fmt_human(v),
        fmt_human(expected),
        stated(v - expected),
        cite("footing", &line.cell(col).into_iter().collect::<Vec<_>>())
    );
    ctx.money(
        Code::ArithTotal,
        At::line(line, col),
        col,
        v,
        expected,
        np_effect,
        "footing",
        msg,
    );
}
