//! Reserves (SPEC §3 `[reserves]`, §4): `RESERVE-EXCESS` and
//! `RESERVE-UNLIQUIDATED` on the reserve held, `gr.reserve` inception to date.
//!
//! The two limits are checked together because a finding names only the
//! lower of them: the cap, `round(max × (gr.total + gr.reserve))`, and the
//! reserves taken (positive current-period figures) in the statement and the
//! `liquidate_within − 1` statements present before it. Across a gap or an
//! overlap the second limit is not checked: the cap applies alone. Nor is
//! it where the window reaches before the first statement in the folder and
//! that statement shows the deal had earlier ones (a folder that starts
//! part-way through a series): the reserves they took are unknown, so the
//! limit is, and the deal's notes say which statements would be needed.

use super::{cite, At, Ctx};
use crate::finding::Code;
use crate::money::{fmt_human, fmt_rate, round_cents};
use crate::statement::{Column, Statement};
use rust_decimal::Decimal;

/// The reserve held by a statement, as a positive amount (a reserve printed
/// negative is read as its absolute value).
pub fn held(st: &Statement) -> Option<Decimal> {
    st.sum("gr.reserve", Column::Itd).map(|itd| itd.abs())
}

/// The reserves a statement took in its period: its positive current-period
/// `gr.reserve` figures (a release is negative and takes nothing). The
/// layout reads `gr.reserve` as its effect on gross receipts (a reserve taken
/// reduces them), whatever sign the studio printed, so a reserve taken is a
/// negative current figure here: the sign does not depend on what is still
/// held (a release that empties the reserve leaves nothing held to take a
/// sign from).
pub fn taken(st: &Statement) -> Decimal {
    st.lines_with("gr.reserve")
        .filter_map(|l| l.current)
        .map(|c| {
            if c.is_sign_negative() {
                -c
            } else {
                Decimal::ZERO
            }
        })
        .sum()
}

/// The most the agreement lets a statement hold: `round(max × (gr.total + held))`.
pub fn cap(max: Decimal, gross_total: Decimal, held: Decimal) -> Decimal {
    round_cents(max * (gross_total + held))
}

/// The most that may still be held after `liquidate_within` statements:
/// what was taken in the statement and the ones before it in `window`.
pub fn unliquidated_limit(window: &[&Statement]) -> Decimal {
    window.iter().map(|s| taken(s)).sum()
}

/// How many statements the liquidation window of a statement lacks: those
/// of the `liquidate_within − 1` before it that are not in the folder. None
/// are lacking when `earlier` holds them all, or when the series is known to
/// start at the deal's beginning (`from_inception`: nothing came before its
/// first statement).
pub fn window_missing(liquidate_within: u32, earlier: usize, from_inception: bool) -> usize {
    let need = (liquidate_within as usize).saturating_sub(1);
    if from_inception {
        0
    } else {
        need.saturating_sub(earlier)
    }
}

/// Check statement `ctx.st`, given the statements of its series before it
/// (in order), whether it follows them without a gap or an overlap, and
/// whether the series starts at the deal's beginning
/// ([`super::series::earlier_evidence`]).
///
/// Returns how many statements before it the `RESERVE-UNLIQUIDATED` window
/// needs and the folder lacks (0: the check ran, or did not apply). Then the
/// reserves those statements took are unknown, the limit with them, and the
/// check asserts nothing: only the cap (`RESERVE-EXCESS`) is checked, which
/// needs no other statement.
pub fn check(
    ctx: &mut Ctx,
    earlier: &[&Statement],
    continuous: bool,
    from_inception: bool,
) -> usize {
    let Some(c) = ctx.contract else { return 0 };
    let Some(r) = &c.reserves else { return 0 };
    let st = ctx.st;
    let Some(v) = held(st) else { return 0 };
    let Some(line) = st.lines_with("gr.reserve").find(|l| l.itd.is_some()) else {
        return 0;
    };
    let gross_total = super::terms::figure(st, "gr.total");
    let by_cap = r.max.map(|m| cap(m, gross_total, v));
    let mut missing = 0;
    let by_age = match r.liquidate_within {
        Some(n) if continuous || earlier.is_empty() => {
            missing = window_missing(n, earlier.len(), from_inception);
            let keep = (n as usize).saturating_sub(1).min(earlier.len());
            let mut window: Vec<&Statement> = earlier[earlier.len() - keep..].to_vec();
            window.push(st);
            (missing == 0).then(|| (n, unliquidated_limit(&window), window.len()))
        }
        _ => None,
    };
    // The lower limit decides; a tie is the cap's.
    // Figures read: the reserve held and gross receipts (the cap), or the
    // reserve held and the reserves taken in the window (the age limit).
    let (code, expected, k) = match (by_cap, by_age) {
        (Some(cap), Some((_, age, n))) if age < cap => (Code::ReserveUnliquidated, age, n + 1),
        (Some(cap), _) => (Code::ReserveExcess, cap, 2),
        (None, Some((_, age, n))) => (Code::ReserveUnliquidated, age, n + 1),
        (None, None) => return missing,
    };
    if v <= expected || !ctx.material_k(v - expected, k) {
        return missing;
    }
    let gr_cell = st
        .lines_with("gr.total")
        .find_map(|l| l.itd_cell())
        .filter(|_| code == Code::ReserveExcess);
    let at = At::line(line, Column::Itd).with([line.current_cell(), gr_cell]);
    let (clause, why) = match code {
        Code::ReserveExcess => (
            "reserves.max",
            format!(
                "the agreement allows at most {} of gross receipts before reserves of {}, which is {}",
                fmt_rate(r.max.unwrap_or_default()),
                fmt_human(gross_total + v),
                fmt_human(expected)
            ),
        ),
        _ => {
            let (n, _, len) = by_age.unwrap_or((0, Decimal::ZERO, 0));
            let span = if len == 1 {
                "this statement".to_string()
            } else {
                format!("this statement and the {} before it", len - 1)
            };
            (
                "reserves.liquidate_within",
                format!(
                    "reserves must be released within {n} statements, and the reserves taken in {span} come to {}",
                    fmt_human(expected)
                ),
            )
        }
    };
    let excess = match code {
        Code::ReserveExcess => "too much is held back",
        _ => "is held past the time it had to be released",
    };
    let msg = format!(
        "The statement holds a reserve of {} inception to date ({}); {why}: {} {excess}, which understates gross receipts by the same {}.",
        fmt_human(v),
        line.label,
        fmt_human(v - expected),
        cite(clause, &at.cells)
    );
    ctx.money(
        code,
        at,
        Column::Itd,
        v,
        expected,
        v - expected,
        clause,
        msg,
    );
    missing
}
