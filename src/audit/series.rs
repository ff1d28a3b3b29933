//! Series checks (S): statements of one deal in period order, compared with
//! the one before. Across a gap or an overlap the continuity, prior-paid and
//! interest checks are skipped: the gap is the finding.

pub use super::interest::recouped;

use super::{cite, stated, At, Ctx};
use crate::finding::{Code, Severity};
use crate::money::fmt_human;
use crate::statement::{Column, Line, LineKind, Statement};
use rust_decimal::Decimal;
use rustc_hash::FxHashMap as HashMap;

/// Put a deal's statements in series order: period end, then start, then place.
pub fn order(statements: &mut [&Statement]) {
    statements.sort_by(|a, b| {
        (a.period_end, a.period_start, &a.file, &a.sheet).cmp(&(
            b.period_end,
            b.period_start,
            &b.file,
            &b.sheet,
        ))
    });
}

/// Whether statement k is cut off from k−1 by a gap or an overlap.
pub fn broken(prev: &Statement, st: &Statement) -> bool {
    prev.period_end.succ_opt() != Some(st.period_start)
}

pub fn check(ctx: &mut Ctx, prev: Option<&Statement>) {
    late(ctx);
    let Some(prev) = prev else {
        // A first statement: only what it prints as previously reported
        // can be checked for continuity.
        continuity(ctx, None);
        super::interest::check(ctx, None);
        return;
    };
    let st = ctx.st;
    let next_day = prev.period_end.succ_opt();
    if st.period_start <= prev.period_end {
        let same = st.period_start == prev.period_start && st.period_end == prev.period_end;
        let msg = if same {
            format!(
                "This statement covers the same period ({} to {}) as {}{}.",
                st.period_start,
                st.period_end,
                prev.file,
                sheet_suffix(prev)
            )
        } else {
            format!(
                "This statement's period ({} to {}) overlaps the previous statement's ({} to {}, {}{}).",
                st.period_start,
                st.period_end,
                prev.period_start,
                prev.period_end,
                prev.file,
                sheet_suffix(prev)
            )
        };
        ctx.note(
            Code::PeriodOverlap,
            Severity::Warning,
            At::statement(),
            "statement periods",
            msg,
        );
        continuity(ctx, None);
        return;
    }
    if next_day != Some(st.period_start) {
        let msg = format!(
            "The period from {} to {} is not covered: the previous statement ends {} and this one starts {}. A statement appears to be missing.",
            next_day.map(|d| d.to_string()).unwrap_or_default(),
            st.period_start.pred_opt().map(|d| d.to_string()).unwrap_or_default(),
            prev.period_end,
            st.period_start
        );
        ctx.note(
            Code::PeriodGap,
            Severity::Warning,
            At::statement(),
            "statement periods",
            msg,
        );
        continuity(ctx, None);
        return;
    }
    continuity(ctx, Some(prev));
    restated(ctx, prev);
    prior_paid(ctx, prev);
    super::interest::check(ctx, Some(prev));
}

fn sheet_suffix(st: &Statement) -> String {
    if st.sheet.is_empty() {
        String::new()
    } else {
        format!(" sheet {}", st.sheet)
    }
}

fn late(ctx: &mut Ctx) {
    let Some(c) = ctx.contract else { return };
    let (Some(days), Some(date)) = (c.statement_due_days, ctx.st.statement_date) else {
        return;
    };
    let Some(due) = ctx
        .st
        .period_end
        .checked_add_days(chrono::Days::new(days as u64))
    else {
        return;
    };
    if date > due {
        let msg = format!(
            "The statement for the period ending {} is dated {}, {} days after it was due on {} (audit.statement_due_days = {}).",
            ctx.st.period_end,
            date,
            (date - due).num_days(),
            due,
            days
        );
        ctx.note(
            Code::StatementLate,
            Severity::Warning,
            At::statement(),
            "audit.statement_due_days",
            msg,
        );
    }
}

fn is_component(code: &str, kind: LineKind) -> bool {
    kind == LineKind::Item
        && !code.ends_with(".total")
        && !matches!(code, "share.earned" | "pay.prior" | "pay.due")
        && !code.starts_with("memo.")
}

/// A statement's lines with one code, gathered in one pass.
#[derive(Default)]
struct Gathered<'a> {
    /// The first line printed with the code.
    first: Option<&'a Line>,
    /// Whether any of them reports a current-period figure.
    any_current: bool,
    /// Whether any of them is a component (see [`is_component`]).
    component: bool,
    current: Decimal,
    itd: Decimal,
    /// The first of them whose inception-to-date figure was read.
    itd_cell: Option<&'a Line>,
    /// The sum of their `Previously Reported` figures, and the first line
    /// that prints one (`None`: the statement does not print it for the code).
    prior: Decimal,
    prior_cell: Option<&'a Line>,
    /// How many lines carry the code (repeated lines are one figure).
    n: usize,
    /// Whether one of them printed an amount in another currency.
    foreign: bool,
}

/// Every code's lines of a statement, summed, and the codes in printed order.
fn gather(st: &Statement) -> (Vec<&str>, HashMap<&str, Gathered<'_>>) {
    let lines = &st.lines;
    let mut order = Vec::new();
    let mut by_code: HashMap<&str, Gathered> =
        HashMap::with_capacity_and_hasher(lines.len(), Default::default());
    for l in lines {
        let g = by_code.entry(l.code.as_str()).or_insert_with(|| {
            order.push(l.code.as_str());
            Gathered::default()
        });
        g.first.get_or_insert(l);
        g.n += 1;
        g.foreign |= st.is_foreign(l.row);
        g.any_current |= l.current.is_some();
        g.component |= is_component(&l.code, l.kind);
        g.current += l.current.unwrap_or_default();
        g.itd += l.itd.unwrap_or_default();
        if g.itd_cell.is_none() && l.place.itd_col.is_some() {
            g.itd_cell = Some(l);
        }
        if let Some(p) = l.prior {
            g.prior += p;
            g.prior_cell.get_or_insert(l);
        }
    }
    (order, by_code)
}

/// Whether a statement prints any `Previously Reported` figure.
fn prints_prior(st: &Statement) -> bool {
    st.lines.iter().any(|l| l.prior.is_some())
}

/// `current(k) = itd(k) − itd(k−1)` for every component line. Where the
/// statement prints a `Previously Reported` figure for the line, that figure
/// stands for `itd(k−1)` (a restatement is then `PRIOR-RESTATED`, once, and
/// not also a continuity error); with no previous statement to compare
/// (`prev` is `None`: the first statement, or across a gap or an overlap)
/// only those lines are checked.
fn continuity(ctx: &mut Ctx, prev: Option<&Statement>) {
    let st = ctx.st;
    if prev.is_none() && !prints_prior(st) {
        return;
    }
    let (here_order, here_codes) = gather(st);
    let (_, prev_codes) = match prev {
        Some(p) => gather(p),
        None => (Vec::new(), HashMap::default()),
    };
    // Check in printed order of this statement, then, sorted, the codes only
    // the previous statement had.
    let component = |code: &str| {
        here_codes.get(code).is_some_and(|g| g.component)
            || prev_codes.get(code).is_some_and(|g| g.component)
    };
    let mut ordered: Vec<&str> = here_order
        .iter()
        .copied()
        .filter(|c| component(c))
        .collect();
    let mut only_before: Vec<&str> = prev_codes
        .keys()
        .copied()
        .filter(|c| !here_codes.contains_key(c) && component(c))
        .collect();
    only_before.sort_unstable();
    ordered.extend(only_before);
    let none = Gathered::default();
    for code in ordered {
        let here = here_codes.get(code).unwrap_or(&none);
        let before_lines = prev_codes.get(code).unwrap_or(&none);
        if here.first.is_some() && !here.any_current {
            continue; // not reported in the current column
        }
        let printed_prior = here.prior_cell.is_some();
        if prev.is_none() && !printed_prior {
            continue; // nothing to bridge from
        }
        let current = here.current;
        let itd = here.itd;
        let before = if printed_prior {
            here.prior
        } else {
            before_lines.itd
        };
        if here.foreign || (!printed_prior && before_lines.foreign) {
            continue; // an amount in another currency: not asserted
        }
        let expected = itd - before;
        // Figures read: each line's current and cumulative, and the
        // previous cumulative (or previously reported) ones.
        let k = 2 * here.n.max(1)
            + if printed_prior {
                here.n
            } else {
                before_lines.n.max(1)
            };
        if !ctx.material_k(current - expected, k) {
            continue;
        }
        let prev_cell = if printed_prior {
            here.prior_cell.and_then(|l| l.prior_cell())
        } else {
            before_lines.itd_cell.and_then(|l| l.itd_cell())
        };
        let (at, label) = match here.first {
            Some(l) => (
                At::line(l, Column::Current).with([l.itd_cell(), prev_cell]),
                l.label.clone(),
            ),
            None => {
                let label = before_lines
                    .first
                    .map(|l| l.label.clone())
                    .unwrap_or_default();
                (
                    At {
                        code,
                        label: "",
                        row: usize::MAX,
                        cells: Vec::new(),
                    }
                    .with([prev_cell]),
                    label,
                )
            }
        };
        let at = At {
            label: &label,
            ..at
        };
        let msg = format!(
            "{} for the period is {} but inception to date moved from {}{} to {}, a change of {}: current period {} {}.",
            label,
            fmt_human(current),
            fmt_human(before),
            if printed_prior { " (previously reported)" } else { "" },
            fmt_human(itd),
            fmt_human(expected),
            stated(current - expected),
            cite("inception-to-date continuity", &at.cells)
        );
        ctx.money(
            Code::ItdContinuity,
            at,
            Column::Current,
            current,
            expected,
            Decimal::ZERO,
            "inception-to-date continuity",
            msg,
        );
    }
}

/// `Previously Reported(k) = itd(k−1)` for every component line where
/// statement k prints the figure: a difference is a restatement nobody
/// reported (a warning; it moves no money by itself, `np_effect` 0).
fn restated(ctx: &mut Ctx, prev: &Statement) {
    let st = ctx.st;
    if !prints_prior(st) {
        return;
    }
    let (here_order, here_codes) = gather(st);
    let (_, prev_codes) = gather(prev);
    let none = Gathered::default();
    for code in here_order {
        let Some(here) = here_codes.get(code) else {
            continue;
        };
        let Some(line) = here.prior_cell else {
            continue;
        };
        if !here.component {
            continue;
        }
        let before = prev_codes.get(code).unwrap_or(&none);
        if here.foreign || before.foreign {
            continue; // an amount in another currency: not asserted
        }
        let reported = here.prior;
        let expected = before.itd;
        // Both figures are printed in the same unit: the deal's tolerance.
        if (reported - expected).abs() <= ctx.tolerance {
            continue;
        }
        let prev_cell = before.itd_cell.and_then(|l| l.itd_cell());
        let at = At {
            code,
            label: &line.label,
            row: line.row,
            cells: Vec::new(),
        }
        .with([line.prior_cell(), prev_cell]);
        let msg = format!(
            "{} is printed as previously reported {} but the previous statement ({}{}, period ending {}) reported {} to date: the prior periods were restated by {} without explanation {}.",
            line.label,
            fmt_human(reported),
            prev.file,
            sheet_suffix(prev),
            prev.period_end,
            fmt_human(expected),
            fmt_human(reported - expected),
            cite("previously reported", &at.cells)
        );
        ctx.money(
            Code::PriorRestated,
            at,
            Column::Itd,
            reported,
            expected,
            Decimal::ZERO,
            "previously reported",
            msg,
        );
        if let Some(f) = ctx.out.last_mut() {
            f.severity = Severity::Warning;
            // Not a figure of the base: no breakeven effect either (SPEC §4).
            f.np_effect = Decimal::new(0, 2);
        }
    }
}

/// `pay.prior(k) = pay.prior(k−1) + pay.due(k−1)`.
fn prior_paid(ctx: &mut Ctx, prev: &Statement) {
    let st = ctx.st;
    let Some(line) = st.lines_with("pay.prior").find(|l| l.itd.is_some()) else {
        return;
    };
    let v = st.sum("pay.prior", Column::Itd).unwrap_or_default();
    let p_prior = prev.sum("pay.prior", Column::Itd).unwrap_or_default();
    let p_due = prev.sum("pay.due", Column::Itd).unwrap_or_default();
    let expected = p_prior + p_due;
    if ctx.material_k(v - expected, 3) {
        let cells = [
            prev.lines_with("pay.prior").find_map(|l| l.itd_cell()),
            prev.lines_with("pay.due").find_map(|l| l.itd_cell()),
        ];
        let at = At::line(line, Column::Itd).with(cells);
        let msg = format!(
            "Previously paid is {} but the previous statement showed {} previously paid plus {} due, {}: {} {}.",
            fmt_human(v),
            fmt_human(p_prior),
            fmt_human(p_due),
            fmt_human(expected),
            stated(v - expected),
            cite("payment history", &at.cells)
        );
        ctx.money(
            Code::PriorPaid,
            at,
            Column::Itd,
            v,
            expected,
            Decimal::ZERO,
            "payment history",
            msg,
        );
    }
}

/// Why a deal's first statement present is not its first statement: the
/// earlier statements exist but are not in the folder (participants' folders
/// often start part-way through a series). `None` when nothing on the
/// statement says so, and the series is taken to start at the deal's
/// beginning, as SPEC §4 has `RESERVE-UNLIQUIDATED` run "the first
/// included".
///
/// The evidence, in this order: a previously paid figure above zero (money
/// was paid on earlier statements); a `Previously Reported` figure other than
/// zero (a first statement prints zeros there); a component line whose
/// inception-to-date figure differs from its current-period figure (the
/// difference was reported in earlier periods).
pub fn earlier_evidence(first: &Statement) -> Option<String> {
    if let Some(p) = first.sum("pay.prior", Column::Itd).filter(|p| !p.is_zero()) {
        return Some(format!("it prints {} previously paid", fmt_human(p)));
    }
    let (order, codes) = gather(first);
    for code in &order {
        let g = &codes[code];
        if !g.prior.is_zero() {
            let label = g.prior_cell.map_or(*code, |l| l.label.as_str());
            return Some(format!(
                "it prints {} as previously reported for {label}",
                fmt_human(g.prior)
            ));
        }
    }
    for code in &order {
        let g = &codes[code];
        if g.component && g.any_current && g.itd != g.current {
            let label = g.first.map_or(*code, |l| l.label.as_str());
            return Some(format!(
                "{label} is {} to date but {} in its period",
                fmt_human(g.itd),
                fmt_human(g.current)
            ));
        }
    }
    None
}
