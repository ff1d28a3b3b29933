//! `[interest]`: a prime-based rule that gives the interest printed to the
//! cent, else a fixed rate, and the base it runs on.

use super::read::{itd, nonzero};
use crate::audit::{self, series};
use crate::contract;
use crate::init::draft::{q, rate_value, Draft, Table, CONFIRM};
use crate::init::fit::{implied_as, Fit, Seen};
use crate::money::{fmt_human, fmt_rate, round_cents};
use crate::statement::{Column, Statement};
use rust_decimal::Decimal;

pub(crate) fn interest(d: &mut Draft, series: &[&Statement], tol: Decimal) {
    if !series.iter().any(|st| st.line("int.total").is_some()) {
        return;
    }
    let mut t = Table::new("interest");
    t.intro("Interest is a ceiling: base = interest.on less what was recouped by the previous statement.");
    let bases = bases(series);
    if !prime_rule(&mut t, series, &bases, tol) {
        fixed_rate(&mut t, series, bases, tol);
    }
    d.tables.push(t);
}

/// Every statement whose period's interest can be read against a base:
/// a first statement, or one that follows its predecessor without a gap.
fn observations(series: &[&Statement], on: &[&str]) -> Vec<Seen> {
    series
        .iter()
        .enumerate()
        .filter_map(|(k, st)| {
            let i = st.sum("int.total", Column::Current)?;
            let prev = if k == 0 {
                None
            } else if series::broken(series[k - 1], st) {
                return None;
            } else {
                Some(series[k - 1])
            };
            let cost: Decimal = on.iter().filter_map(|c| itd(st, c)).sum();
            let rec = prev.map(audit::interest::recouped).unwrap_or_default();
            let base = (cost - rec).max(Decimal::ZERO);
            let days = (st.period_end - st.period_start).num_days() + 1;
            (!i.is_zero()).then_some(Seen {
                period_end: st.period_end,
                printed: i,
                base,
                days: Some(days),
            })
        })
        .collect()
}

/// The bases interest may run on (SPEC §3 interest.on): direct cost (the
/// default), with overhead, with the participations printed. A base on
/// which the printed interest is the ceiling exactly says which one the
/// studio used; else the default.
fn bases(series: &[&Statement]) -> Vec<Vec<&'static str>> {
    let printed = |c: &str| series.iter().any(|st| nonzero(itd(st, c)).is_some());
    let mut bases: Vec<Vec<&str>> = vec![vec!["nc.direct"]];
    if printed("nc.overhead") {
        bases.push(vec!["nc.direct", "nc.overhead"]);
    }
    if printed("gp.total") {
        bases.push(vec!["nc.direct", "gp.total"]);
        if printed("nc.overhead") {
            bases.push(vec!["nc.direct", "nc.overhead", "gp.total"]);
        }
    }
    bases
}

/// A prime-based rule that gives the interest printed to the cent, on the
/// latest period that shows interest, is the studio's rule: written with its
/// base, `true`. `false` when none is, or a fixed rate fits as well.
fn prime_rule(t: &mut Table, series: &[&Statement], bases: &[Vec<&str>], tol: Decimal) -> bool {
    let rules = prime_rules();
    for on in bases {
        let seen = observations(series, on);
        let Some(last) = seen.last().filter(|o| !o.base.is_zero()) else {
            continue;
        };
        let Some(st) = series.iter().find(|st| st.period_end == last.period_end) else {
            continue;
        };
        if st.period_end > crate::prime::history().runs_to {
            continue;
        }
        let ceiling_of = |o: &Seen, terms: &contract::InterestTerms| {
            series
                .iter()
                .find(|st| st.period_end == o.period_end)
                .and_then(|st| terms.parts(st.period_start, st.period_end))
                .map(|parts| audit::interest::ceiling(o.base, &parts))
        };
        let found = rules
            .iter()
            .find(|(_, terms)| ceiling_of(last, terms) == Some(round_cents(last.printed)));
        if let Some((text, terms)) = found {
            // A fixed rate as exact on as many statements wins: in a period
            // where prime did not move, prime + 2% is a fixed rate too.
            let exact = |ceiling: &dyn Fn(&Seen) -> Option<Decimal>| {
                seen.iter()
                    .filter(|o| ceiling(o) == Some(round_cents(o.printed)))
                    .count()
            };
            let exact_prime = exact(&|o| ceiling_of(o, terms));
            let fixed = |o: &Seen, r: Decimal| {
                audit::interest::ceiling(o.base, &[(r, o.days.unwrap_or(365))])
            };
            if let Ok((r, _, Fit::Exact)) = implied_as("", &seen, tol, &fixed, true) {
                if exact(&|o| Some(fixed(o, r))) >= exact_prime {
                    return false;
                }
            }
            let above: Vec<String> = seen[..seen.len() - 1]
                .iter()
                .filter(|o| ceiling_of(o, terms).is_some_and(|c| round_cents(o.printed) - c > tol))
                .map(|o| o.period_end.to_string())
                .collect();
            let mut note = format!(
                "implied by the statements: the interest printed on {} is exactly this rule's ceiling with the U.S. prime rate recoup carries — {CONFIRM}",
                last.period_end
            );
            if !above.is_empty() {
                note.push_str(&format!(
                    "; earlier statements charge more ({}): `check` will flag them",
                    above.join(", ")
                ));
            }
            t.on("rate", q(text), note);
            let narrow = narrow_ceiling(&observations(series, &["nc.direct"]), &|o| {
                ceiling_of(o, terms)
            });
            interest_base(
                t,
                on,
                "the base on which the interest printed is the ceiling exactly",
                narrow,
            );
            return true;
        }
    }
    false
}

/// The fixed rate the interest printed implies, on the first base where it
/// is the ceiling exactly (else the default base), or why none can be.
fn fixed_rate(t: &mut Table, series: &[&Statement], bases: Vec<Vec<&str>>, tol: Decimal) {
    let mut chosen: Option<(Vec<&str>, Decimal, String, Fit)> = None;
    let mut others: Vec<String> = Vec::new();
    let mut why = String::new();
    for on in bases {
        let seen = observations(series, &on);
        // Computed as the check computes it: base × rate × days ÷ 365.
        let result = implied_as(
            "the period's interest × 365 ÷ (base × days)",
            &seen,
            tol,
            &|s, r| audit::interest::ceiling(s.base, &[(r, s.days.unwrap_or(365))]),
            true,
        );
        match result {
            Ok((r, note, fit)) => {
                if fit == Fit::Exact {
                    chosen = Some((on, r, note, fit));
                    break;
                }
                if chosen.is_none() {
                    chosen = Some((on, r, note, fit));
                } else {
                    others.push(format!("{} on {}", fmt_rate(r), on.join(" + ")));
                }
            }
            Err(w) => {
                if why.is_empty() {
                    why = w;
                }
            }
        }
    }
    // The prime rate of the period the rate was implied on.
    let implied_on = observations(series, &["nc.direct"]).last().and_then(|o| {
        series
            .iter()
            .find(|st| st.period_end == o.period_end)
            .copied()
    });
    match chosen {
        Some((on, r, mut note, fit)) => {
            if fit != Fit::Exact && !others.is_empty() {
                note.push_str(&format!(
                    "; on a wider base (interest.on) the same interest implies {}",
                    others.join(", ")
                ));
            }
            let prime = implied_on
                .and_then(prime_over)
                .map(|p| format!(" (U.S. prime averaged {} over that period)", fmt_rate(p)))
                .unwrap_or_default();
            t.on(
                "rate",
                rate_value(r),
                format!("{note}; a fixed rate: if the agreement says prime + x%{prime}, write that"),
            );
            let said = if fit == Fit::Exact {
                "the base on which the interest printed is the ceiling exactly"
            } else {
                "the default base (the interest printed is below the ceiling on it, so the statements do not say)"
            };
            let narrow = narrow_ceiling(&observations(series, &["nc.direct"]), &|o| {
                Some(audit::interest::ceiling(o.base, &[(r, o.days.unwrap_or(365))]))
            });
            interest_base(t, &on, said, narrow);
        }
        None => t.off(
            "rate",
            q("?%"),
            if why.is_empty() {
                "interest is printed, but no period shows interest on an unrecouped base: no rate can be implied".to_string()
            } else {
                why
            },
        ),
    }
}

/// What the interest rule drafted allows on the default base (direct cost
/// alone) on the latest period with interest, against what was printed:
/// "on direct cost alone (the default) the ceiling on D is C against P
/// printed, P − C more".
fn narrow_ceiling(seen: &[Seen], ceiling: &dyn Fn(&Seen) -> Option<Decimal>) -> Option<String> {
    let o = seen.last()?;
    let c = ceiling(o)?;
    let p = round_cents(o.printed);
    Some(format!(
        "on direct cost alone (the default) the ceiling on {} is {} against {} printed, {} more",
        o.period_end,
        fmt_human(c),
        fmt_human(p),
        fmt_human(p - c)
    ))
}

/// `on_overhead` or `on` for the base the interest was implied on. A base
/// wider than the agreement's default (direct cost alone) is the studio's
/// practice, not a term the statements can show: it is written commented,
/// with what it is worth (`narrow`) and the question to confirm, and the
/// default stands until the agreement says otherwise.
fn interest_base(t: &mut Table, on: &[&str], said: &str, narrow: Option<String>) {
    if on == ["nc.direct"] {
        t.on(
            "on_overhead",
            "false".into(),
            format!("{said}: direct cost alone"),
        );
        return;
    }
    let (key, value, what, question) = match on {
        ["nc.direct", "nc.overhead"] => (
            "on_overhead",
            "true".to_string(),
            "direct cost and overhead".to_string(),
            "does the agreement charge interest on overhead?",
        ),
        _ => {
            let list: Vec<String> = on.iter().map(|c| q(c)).collect();
            (
                "on",
                format!("[{}]", list.join(", ")),
                on.join(" + "),
                "does the agreement charge interest on this base?",
            )
        }
    };
    if key == "on_overhead" {
        t.on(
            "on_overhead",
            "false".into(),
            "the agreement's default base, direct cost alone, until it says otherwise (the studio's interest fits a wider base: below)",
        );
    }
    let worth = narrow
        .map(|n| format!("; {n}, which `check` flags until this is confirmed"))
        .unwrap_or_default();
    t.off(
        key,
        value,
        format!(
            "the STUDIO'S PRACTICE, not a term the statements can show: {said}: {what}{worth} — CONFIRM: {question} If it does, use this line instead"
        ),
    );
}

/// The prime-based rules tried against the interest printed: prime plus a
/// margin (0 to 5%, by quarter points) or times a factor (100% to 200%, by
/// 5%), with the U.S. prime history recoup carries.
fn prime_rules() -> Vec<(String, contract::InterestTerms)> {
    let terms = |text: String, rule| contract::InterestTerms {
        rule,
        text,
        on_overhead: false,
        on: Vec::new(),
        prime: crate::prime::history().rates.clone(),
        carried_prime: true,
    };
    let mut out = Vec::new();
    for q in 0..=20 {
        let m = Decimal::new(q * 25, 4);
        let text = if q == 0 {
            "prime".to_string()
        } else {
            format!("prime + {}", fmt_rate(m))
        };
        out.push(terms(text, contract::RateRule::PrimePlus(m)));
    }
    for k in 21..=40 {
        let f = Decimal::new(k * 5, 2);
        out.push(terms(
            format!("prime * {}", fmt_rate(f)),
            contract::RateRule::PrimeTimes(f),
        ));
    }
    out.into_iter().map(|t| (t.text.clone(), t)).collect()
}

/// The U.S. prime rate averaged over a statement's period (days weighted,
/// to 0.01%), when recoup's carried history covers it.
fn prime_over(st: &Statement) -> Option<Decimal> {
    let h = crate::prime::history();
    if st.period_end > h.runs_to {
        return None;
    }
    let terms = contract::InterestTerms {
        rule: contract::RateRule::PrimePlus(Decimal::ZERO),
        text: String::new(),
        on_overhead: false,
        on: Vec::new(),
        prime: h.rates.clone(),
        carried_prime: true,
    };
    let parts = terms.parts(st.period_start, st.period_end)?;
    let days: i64 = parts.iter().map(|(_, d)| d).sum();
    let weighted: Decimal = parts.iter().map(|(r, d)| *r * Decimal::from(*d)).sum();
    (days > 0).then(|| (weighted / Decimal::from(days)).round_dp(4).normalize())
}
