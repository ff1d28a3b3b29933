//! `[gross_receipts.royalty]` and `[distribution_fees]`: rates on receipts,
//! a fee that one rate does not fit tried as two tiers.

use super::read::{codes_with_prefix, itd, nonzero};
use crate::init::draft::{q, rate_value, Draft, Entry, Table, CONFIRM};
use crate::init::fit::{implied, times, two_piece, Seen};
use crate::money::{fmt_human, fmt_rate};
use crate::statement::{LineKind, Statement};
use rust_decimal::Decimal;

const ROYALTY: [(&str, &str); 2] = [
    ("home_video_domestic", "memo.hv_wholesale_domestic"),
    ("home_video_foreign", "memo.hv_wholesale_foreign"),
];

pub(crate) fn gross_receipts(d: &mut Draft, series: &[&Statement], tol: Decimal) {
    let mut t = Table::new("gross_receipts.royalty");
    t.intro("Media included at a royalty of wholesale receipts (the memo lines), not at 100%.");
    for (medium, memo) in ROYALTY {
        let seen: Vec<Seen> = series
            .iter()
            .filter_map(|st| {
                Some(Seen::new(
                    st.period_end,
                    itd(st, &format!("gr.{medium}"))?,
                    itd(st, memo)?,
                ))
            })
            .collect();
        if seen.is_empty() {
            continue;
        }
        match implied(&format!("gr.{medium} ÷ {memo}"), &seen, tol, &|s, r| {
            times(s.base)(r)
        }) {
            Ok((r, note)) => t.on(medium, rate_value(r), note),
            Err(why) => t.off(medium, q("?%"), why),
        }
    }
    if !t.entries.is_empty() {
        d.tables.push(t);
    }
}

/// Figures rounded to a unit (a statement in thousands) imply a rate within
/// the tolerance of a check on two of them: `max(tol, 2 × U / 2)`.
fn unit_tolerance(latest: &Statement, tol: Decimal) -> Decimal {
    if latest.unit > 1 {
        tol.max(Decimal::from(latest.unit))
    } else {
        tol
    }
}

/// Why no rate can be implied from lines printed in another currency.
fn in_another_currency(latest: &Statement, codes: &[&str]) -> Option<String> {
    let l = codes
        .iter()
        .flat_map(|c| latest.lines_with(c))
        .find(|l| latest.is_foreign(l.row))?;
    Some(format!(
        "'{}' is printed in another currency on {}: no rate can be implied; ENTER the agreement's rate",
        l.label, latest.period_end
    ))
}

pub(crate) fn fees(d: &mut Draft, series: &[&Statement], tol: Decimal) {
    let mut media = codes_with_prefix(series, "gr.");
    for m in codes_with_prefix(series, "fee.") {
        if !media.contains(&m) {
            media.push(m);
        }
    }
    media.retain(|m| !matches!(m.as_str(), "total" | "adjustment" | "reserve" | "subtotal"));
    if media.is_empty() {
        return;
    }
    let latest = series[series.len() - 1];
    let tol = unit_tolerance(latest, tol);
    // Fees printed as one figure: no rate per medium can be implied.
    let total_only = nonzero(itd(latest, "fee.total")).filter(|_| {
        !latest
            .lines
            .iter()
            .any(|l| l.kind == LineKind::Item && l.code.starts_with("fee."))
    });
    let mut t = Table::new("distribution_fees");
    t.intro("Rate on each medium's gross receipts (inception to date). A medium this table does not list carries no fee.");
    if let Some(total) = total_only {
        t.intro(format!(
            "The statements print distribution fees only as a total ({} to date on {}): no rate per medium can be implied, so fees stay unchecked until the agreement's rates are entered here.",
            fmt_human(total),
            latest.period_end
        ));
    }
    t.intro("Tiers: theatrical_domestic = [ { upto = \"10000000\", rate = \"30%\" }, { rate = \"25%\" } ]");
    for m in media {
        let fee_code = format!("fee.{m}");
        let gr_code = format!("gr.{m}");
        // Each fee is compared with the medium's gross receipts; repeated
        // lines (`License Fees - Season 1`, `- Season 2`) are one figure.
        let seen: Vec<Seen> = series
            .iter()
            .filter_map(|st| {
                st.lines_with(&fee_code)
                    .find(|l| l.kind == LineKind::Item && l.itd.is_some())?;
                Some(Seen::new(
                    st.period_end,
                    itd(st, &fee_code).unwrap_or_default(),
                    itd(st, &gr_code).unwrap_or_default(),
                ))
            })
            .collect();
        if let Some(why) = in_another_currency(latest, &[&fee_code, &gr_code]) {
            t.off(&m, q("?%"), why);
            continue;
        }
        let Some(last) = seen.last() else {
            if total_only.is_some() {
                t.off(&m, q("?%"), "receipts printed; its fee is inside the total");
            } else {
                t.off(
                    &m,
                    q("0%"),
                    "receipts printed, no fee charged on them: leaving it out means no fee is allowed",
                );
            }
            continue;
        };
        if last.base.is_zero() {
            t.off(
                &m,
                q("?%"),
                format!(
                    "a fee of {} with no gross receipts on {}: no rate can be implied; ENTER the agreement's rate{}",
                    fmt_human(last.printed),
                    last.period_end,
                    if last.printed.is_zero() { "" } else { " (until then FEE-UNAUTHORIZED flags it)" }
                ),
            );
            continue;
        }
        match implied(
            &format!(
                "fee {} ÷ gross {}",
                fmt_human(last.printed),
                fmt_human(last.base)
            ),
            &seen,
            tol,
            &|s, r| times(s.base)(r),
        ) {
            // Figures rounded to a thousand cannot place a tier's break.
            Ok((r, note)) => match two_piece(&seen, tol)
                .filter(|_| note.contains("differ") && series.iter().all(|s| s.unit == 1))
            {
                // One rate does not fit every statement; two tiers do.
                Some((r1, at, r2)) => t.entries.push(Entry {
                    key: m.clone(),
                    value: format!(
                        "[ {{ upto = {}, rate = {} }}, {{ rate = {} }} ]",
                        q(&at.to_string()),
                        rate_value(r1),
                        rate_value(r2)
                    ),
                    note: format!(
                        "fee tiers implied by the statements: {} of gross up to {}, {} above, reproduce every statement's fee — {CONFIRM}",
                        fmt_rate(r1),
                        fmt_human(at),
                        fmt_rate(r2)
                    ),
                    on: true,
                    fallback: Some((rate_value(r), note)),
                    group: None,
                }),
                None => t.on(&m, rate_value(r), note),
            },
            Err(why) => t.off(&m, q("?%"), why),
        }
    }
    d.tables.push(t);
}
