//! `[expenses]`, `[expenses.caps]` and `[negative_cost]`: the overheads
//! charged on costs, and the base of production overhead.

use super::read::{codes_with_prefix, itd, nonzero};
use crate::init::draft::{q, rate_value, Draft, Entry, Table, CONFIRM};
use crate::init::fit::{implied, implied_as, times, Fit, Seen};
use crate::money::fmt_human;
use crate::statement::Statement;
use rust_decimal::Decimal;

pub(crate) fn expenses(d: &mut Draft, series: &[&Statement], tol: Decimal) {
    let kinds = codes_with_prefix(series, "exp.");
    if kinds.is_empty() {
        return;
    }
    let latest = series[series.len() - 1];
    let mut t = Table::new("expenses");
    let seen: Vec<Seen> = series
        .iter()
        .filter_map(|st| {
            Some(Seen::new(
                st.period_end,
                itd(st, "exp.advertising_overhead")?,
                itd(st, "exp.advertising").unwrap_or_default(),
            ))
        })
        .collect();
    if seen.is_empty() {
        if kinds.iter().any(|k| k == "advertising") {
            t.off(
                "advertising_overhead",
                q("0%"),
                "no advertising overhead is charged on the statements; \"0%\" would make any such charge a finding",
            );
        }
    } else {
        match implied(
            "advertising overhead ÷ advertising",
            &seen,
            tol,
            &|s, r| times(s.base)(r),
        ) {
            Ok((r, note)) => t.on("advertising_overhead", rate_value(r), note),
            Err(why) => t.off("advertising_overhead", q("?%"), why),
        }
    }
    let printed: Vec<String> = kinds.iter().map(|k| q(k)).collect();
    t.off(
        "disallowed",
        "[]".into(),
        format!(
            "kinds printed: [{}]; list those the agreement does not allow",
            printed.join(", ")
        ),
    );
    d.tables.push(t);
    let mut caps = Table::new("expenses.caps");
    caps.intro("Inception-to-date ceilings, where the agreement sets one (charged to date as printed on the latest statement).");
    for k in &kinds {
        let v = itd(latest, &format!("exp.{k}")).unwrap_or_default();
        caps.off(
            k,
            q(&crate::money::fmt_plain(v)),
            format!("charged to date: {}", fmt_human(v)),
        );
    }
    d.tables.push(caps);
}

pub(crate) fn negative_cost(d: &mut Draft, series: &[&Statement], tol: Decimal) {
    if !series.iter().any(|st| itd(st, "nc.overhead").is_some()) {
        return;
    }
    // The base of overhead: direct cost, or direct cost with the
    // participations or deferments the statements print, whichever gives a
    // short rate that reproduces the overhead (SPEC §3, overhead_on).
    let bases: Vec<Vec<&str>> = {
        let printed = |c: &str| series.iter().any(|st| nonzero(itd(st, c)).is_some());
        let mut b = vec![vec!["nc.direct"]];
        for extra in [
            vec!["gp.total"],
            vec!["def.total"],
            vec!["gp.total", "def.total"],
        ] {
            if extra.iter().all(|c| printed(c)) {
                let mut on = vec!["nc.direct"];
                on.extend(extra);
                b.push(on);
            }
        }
        b
    };
    let fit_on = |on: &[&str]| {
        let seen: Vec<Seen> = series
            .iter()
            .filter_map(|st| {
                Some(Seen::new(
                    st.period_end,
                    itd(st, "nc.overhead")?,
                    on.iter().filter_map(|c| itd(st, c)).sum(),
                ))
            })
            .collect();
        let what = if on.len() == 1 {
            "overhead ÷ direct cost".to_string()
        } else {
            format!("overhead ÷ ({})", on.join(" + "))
        };
        implied_as(&what, &seen, tol, &|s, r| times(s.base)(r), false)
    };
    let direct = fit_on(&bases[0]);
    let mut t = Table::new("negative_cost");
    let wider = match &direct {
        Ok((r, _, Fit::Exact)) if r.scale() <= 4 => None,
        _ => bases[1..].iter().find_map(|on| match fit_on(on) {
            Ok((r, note, Fit::Exact)) if r.scale() <= 4 => Some((on.clone(), r, note)),
            _ => None,
        }),
    };
    match (wider, direct) {
        (Some((on, r, note)), direct) => {
            t.entries.push(Entry {
                key: "overhead".into(),
                value: rate_value(r),
                note,
                on: true,
                fallback: direct.ok().map(|(r, n, _)| (rate_value(r), n)),
                group: Some("overhead_on"),
            });
            let list: Vec<String> = on.iter().map(|c| q(c)).collect();
            t.entries.push(Entry {
                key: "overhead_on".into(),
                value: format!("[{}]", list.join(", ")),
                note: format!("the base that reproduces the overhead — {CONFIRM}"),
                on: true,
                fallback: None,
                group: Some("overhead_on"),
            });
        }
        (None, Ok((r, note, _))) => {
            t.on("overhead", rate_value(r), note);
            t.off(
                "overhead_on",
                "[\"nc.direct\"]".into(),
                "the base of overhead (default: direct cost alone)",
            );
        }
        (None, Err(why)) => t.off("overhead", q("?%"), why),
    }
    d.tables.push(t);
}
