//! Implied rates and breaks: pure functions of the figures printed. How a
//! rate is written (the module comment of [`crate::init`]): the shortest
//! percentage that makes recoup's own check reproduce the printed figure.

use super::draft::CONFIRM;
use crate::money::{fmt_human, fmt_rate, round_cents};
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// How a rate was found (see the module comment).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    /// Reproduces the printed figure to the cent.
    Exact,
    /// Reproduces it within the tolerance only.
    Tolerance,
    /// A ceiling at or above the printed figure (interest).
    Ceiling,
}

/// The rate to write for a printed figure: `approx` is printed ÷ base, and
/// `expected(rate)` the figure recoup's check computes with `rate`.
pub fn fit_rate(
    approx: Decimal,
    printed: Decimal,
    tolerance: Decimal,
    expected: impl Fn(Decimal) -> Decimal,
) -> Option<(Decimal, Fit)> {
    if approx < Decimal::ZERO || approx > Decimal::ONE {
        return None;
    }
    let printed = round_cents(printed);
    let try_dp = |dp: u32, ok: &dyn Fn(Decimal) -> bool| -> Option<Decimal> {
        let step = Decimal::new(1, dp);
        let c = approx.round_dp(dp);
        let mut cands = vec![c, c - step, c + step, c - step - step, c + step + step];
        cands.sort_by_key(|r| (*r - approx).abs());
        cands
            .into_iter()
            .filter(|r| *r >= Decimal::ZERO && *r <= Decimal::ONE)
            .find(|r| ok(*r))
    };
    let exact = |r: Decimal| round_cents(expected(r)) == printed;
    let close = |r: Decimal| (round_cents(expected(r)) - printed).abs() <= tolerance;
    // Percentages with up to two decimals: fractions with up to four.
    for dp in 2..=4 {
        if let Some(r) = try_dp(dp, &exact) {
            return Some((r.normalize(), Fit::Exact));
        }
    }
    for dp in 2..=4 {
        if let Some(r) = try_dp(dp, &close) {
            return Some((r.normalize(), Fit::Tolerance));
        }
    }
    for dp in 5..=20 {
        if let Some(r) = try_dp(dp, &exact) {
            return Some((r.normalize(), Fit::Exact));
        }
    }
    None
}

/// For a ceiling: the rate reproducing the printed figure to the cent with
/// at most two decimals of a percent, else the printed figure's own rate
/// rounded up to a hundredth of a percent (so the ceiling allows it).
pub fn fit_ceiling(
    approx: Decimal,
    printed: Decimal,
    expected: impl Fn(Decimal) -> Decimal,
) -> Option<(Decimal, Fit)> {
    if approx < Decimal::ZERO || approx > Decimal::ONE {
        return None;
    }
    if let Some((r, Fit::Exact)) = fit_rate(approx, printed, Decimal::ZERO, &expected) {
        if r.scale() <= 4 {
            return Some((r, Fit::Exact));
        }
    }
    let printed = round_cents(printed);
    let step = Decimal::new(1, 4);
    let mut r =
        approx.round_dp_with_strategy(4, rust_decimal::RoundingStrategy::ToPositiveInfinity);
    while round_cents(expected(r)) < printed && r < Decimal::ONE {
        r += step;
    }
    Some((r.min(Decimal::ONE).normalize(), Fit::Ceiling))
}

/// `round(rate × base)`, the shape of every proportional check.
pub(super) fn times(base: Decimal) -> impl Fn(Decimal) -> Decimal {
    move |r| round_cents(r * base)
}

/// Two rates with a break between them (a fee tier, a share step above a
/// base): `r1` on the part of the base up to `at`, `r2` above it, the sum
/// rounded once. Found only from at least three statements with different
/// bases, at least one below the break and two above, and only when the
/// pair reproduces every one of them within the tolerance.
pub fn two_piece(seen: &[Seen], tol: Decimal) -> Option<(Decimal, Decimal, Decimal)> {
    let mut obs: Vec<&Seen> = seen.iter().filter(|s| s.base > Decimal::ZERO).collect();
    obs.sort_by_key(|s| s.base);
    obs.dedup_by_key(|s| s.base);
    if obs.len() < 3 {
        return None;
    }
    let close = |s: &Seen, v: Decimal| (v - round_cents(s.printed)).abs() <= tol;
    // Both rates short (at most two decimals of a percent), as agreements write them.
    let (r1, _) = fit_rate(obs[0].approx(), obs[0].printed, tol, times(obs[0].base))
        .filter(|(r, _)| r.normalize().scale() <= 4)?;
    let below = obs
        .iter()
        .take_while(|s| close(s, times(s.base)(r1)))
        .count();
    if below == 0 || obs.len() - below < 2 {
        return None;
    }
    let (a, b) = (obs[obs.len() - 2], obs[obs.len() - 1]);
    let slope = (b.printed - a.printed) / (b.base - a.base);
    let model = |r2: Decimal, at: Decimal, g: Decimal| {
        round_cents(r1 * g.min(at) + r2 * (g - at).max(Decimal::ZERO))
    };
    for dp in 2..=4 {
        let r2 = slope.round_dp(dp);
        if r2 == r1 || r2 < Decimal::ZERO || r2 > Decimal::ONE {
            continue;
        }
        let at = (b.printed - r2 * b.base) / (r1 - r2);
        if at <= Decimal::ZERO {
            continue;
        }
        for k in (0..=7).rev() {
            let step = Decimal::from(10i64.pow(k));
            let at = ((at / step).round() * step).normalize();
            if at > Decimal::ZERO && obs.iter().all(|s| close(s, model(r2, at, s.base))) {
                return Some((r1.normalize(), at, r2.normalize()));
            }
        }
    }
    None
}

/// An observation of one rate on one statement: printed figure and base.
pub struct Seen {
    pub(super) period_end: NaiveDate,
    pub(super) printed: Decimal,
    pub(super) base: Decimal,
    /// For interest: the period's days (the rate is annual).
    pub(super) days: Option<i64>,
}

impl Seen {
    pub(super) fn new(period_end: NaiveDate, printed: Decimal, base: Decimal) -> Seen {
        Seen {
            period_end,
            printed,
            base,
            days: None,
        }
    }
    /// printed ÷ base, per year for interest.
    fn approx(&self) -> Decimal {
        match self.days {
            Some(days) if days > 0 => {
                self.printed * Decimal::from(365) / (self.base * Decimal::from(days))
            }
            _ => self.printed / self.base,
        }
    }
}

/// The implied rate and its note, checked against every statement: the rate
/// comes from the latest statement in `seen`; statements it does not
/// reproduce within the tolerance are named.
pub(super) fn implied(
    what: &str,
    seen: &[Seen],
    tolerance: Decimal,
    expected: &dyn Fn(&Seen, Decimal) -> Decimal,
) -> Result<(Decimal, String), String> {
    implied_as(what, seen, tolerance, expected, false).map(|(r, n, _)| (r, n))
}

/// [`implied`], or for a ceiling (interest) the rate at which the printed
/// figure is at most the ceiling, and only statements above it named.
pub(super) fn implied_as(
    what: &str,
    seen: &[Seen],
    tolerance: Decimal,
    expected: &dyn Fn(&Seen, Decimal) -> Decimal,
    ceiling: bool,
) -> Result<(Decimal, String, Fit), String> {
    let Some(last) = seen.last() else {
        return Err(String::new());
    };
    if last.base.is_zero() {
        return Err(format!(
            "{} on {}, on a base of zero: no rate can be implied",
            fmt_human(last.printed),
            last.period_end
        ));
    }
    let approx = last.approx();
    let found = if ceiling {
        fit_ceiling(approx, last.printed, |r| expected(last, r))
    } else {
        fit_rate(approx, last.printed, tolerance, |r| expected(last, r))
    };
    let Some((rate, fit)) = found else {
        return Err(format!(
            "{} ÷ {} on {} is {}, outside 0–100%: no rate can be written",
            fmt_human(last.printed),
            fmt_human(last.base),
            last.period_end,
            fmt_rate(approx.round_dp(6))
        ));
    };
    let mut note = format!(
        "implied by the statements ({what} on {}{}) — {CONFIRM}",
        last.period_end,
        match fit {
            Fit::Exact => String::new(),
            Fit::Tolerance => ", within the tolerance".to_string(),
            Fit::Ceiling => format!(
                ": {}, rounded up, since any rate at or above it allows the interest printed",
                fmt_rate(approx.round_dp(6))
            ),
        }
    );
    let differ: Vec<String> = seen[..seen.len() - 1]
        .iter()
        .filter(|s| !s.base.is_zero())
        .filter(|s| {
            let d = round_cents(s.printed) - expected(s, rate);
            if ceiling {
                d > tolerance
            } else {
                d.abs() > tolerance
            }
        })
        .map(|s| {
            let r = if ceiling {
                fit_ceiling(s.approx(), s.printed, |r| expected(s, r))
            } else {
                fit_rate(s.approx(), s.printed, Decimal::ZERO, |r| expected(s, r))
            }
            .map(|(r, _)| fmt_rate(r))
            .unwrap_or_else(|| "another rate".to_string());
            format!("{} implies {r}", s.period_end)
        })
        .collect();
    if !differ.is_empty() {
        let shown: Vec<&String> = differ.iter().take(4).collect();
        note.push_str(&format!(
            "; earlier statements differ ({}{}): `check` will flag them",
            shown
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            if differ.len() > 4 {
                format!(", and {} more", differ.len() - 4)
            } else {
                String::new()
            }
        ));
    }
    Ok((rate, note, fit))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit;
    use std::str::FromStr;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn fee(gross: &str, fee: &str, tol: &str) -> Option<(String, Fit)> {
        let (g, f) = (dec(gross), dec(fee));
        fit_rate(f / g, f, dec(tol), times(g)).map(|(r, fit)| (fmt_rate(r), fit))
    }

    #[test]
    fn shortest_rate_that_reproduces_the_figure() {
        assert_eq!(
            fee("10440200.85", "3654070.30", "1"),
            Some(("35%".into(), Fit::Exact))
        );
        assert_eq!(
            fee("44880679.73", "5610084.97", "1"),
            Some(("12.5%".into(), Fit::Exact))
        );
        assert_eq!(
            fee("1000000.00", "72500.00", "1"),
            Some(("7.25%".into(), Fit::Exact))
        );
        // Only more digits reproduce 1,000,000.00 on 3,000,000.00 exactly.
        assert_eq!(
            fee("3000000.00", "1000000.00", "1"),
            Some(("33.3333333%".into(), Fit::Exact))
        );
        // 40 cents off a round rate: that rate, within the tolerance …
        assert_eq!(
            fee("1000000.00", "250000.40", "1"),
            Some(("25%".into(), Fit::Tolerance))
        );
        // … but not with a tolerance of zero.
        assert_eq!(
            fee("1000000.00", "250000.40", "0"),
            Some(("25.00004%".into(), Fit::Exact))
        );
        // A small base: a short rate is found in a wide interval.
        assert_eq!(fee("10.00", "3.00", "0"), Some(("30%".into(), Fit::Exact)));
        // Above 100%: no rate can be written.
        assert_eq!(fee("100.00", "150.00", "1"), None);
    }

    #[test]
    fn a_ceiling_rounds_up() {
        let base = dec("1334890.41") * Decimal::from(91);
        let exp = |r: Decimal| audit::interest::ceiling(dec("1334890.41"), &[(r, 91)]);
        // 26,624.66 is 8% exactly.
        let approx = dec("26624.66") * Decimal::from(365) / base;
        assert_eq!(
            fit_ceiling(approx, dec("26624.66"), exp),
            Some((dec("0.08"), Fit::Exact))
        );
        // Interest accrued below the ceiling: the rate rounded up to 0.01%,
        // at which the ceiling allows what was printed.
        let approx = dec("25000.00") * Decimal::from(365) / base;
        let (r, fit) = fit_ceiling(approx, dec("25000.00"), exp).unwrap();
        assert_eq!((fmt_rate(r), fit), ("7.52%".to_string(), Fit::Ceiling));
        assert!(exp(r) >= dec("25000.00"));
        assert!(exp(r - Decimal::new(1, 4)) < dec("25000.00"));
    }

    #[test]
    fn two_tiers_from_statements_on_both_sides_of_the_break() {
        // 25% up to 4,900,000, 20% above: one statement below, two above.
        let day = NaiveDate::from_ymd_opt(2024, 6, 30).unwrap();
        let tiered = |g: &str| {
            let g = dec(g);
            let at = dec("4900000");
            round_cents(dec("0.25") * g.min(at) + dec("0.20") * (g - at).max(Decimal::ZERO))
        };
        let seen: Vec<Seen> = ["3000000.00", "6000000.00", "9123456.78"]
            .iter()
            .map(|g| Seen::new(day, tiered(g), dec(g)))
            .collect();
        assert_eq!(
            two_piece(&seen, Decimal::ONE),
            Some((dec("0.25"), dec("4900000"), dec("0.2")))
        );
        // One rate for all: no tiers.
        let flat: Vec<Seen> = ["3000000.00", "6000000.00", "9000000.00"]
            .iter()
            .map(|g| Seen::new(day, round_cents(dec("0.3") * dec(g)), dec(g)))
            .collect();
        assert_eq!(two_piece(&flat, Decimal::ONE), None);
        // Only one statement above the break: not enough to say.
        assert_eq!(two_piece(&seen[..2], Decimal::ONE), None);
    }
}
