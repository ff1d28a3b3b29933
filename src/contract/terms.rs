//! The arithmetic of a term as pure functions: fee tiers, breakeven, share
//! steps and bonuses. The contract checks, the claim and the base effects
//! all compute a term's figure here, so they cannot disagree.

use super::{BreakevenRule, Contract, FeeTier, ShareStep};
use crate::money::round_cents;
use crate::statement::{Column, Statement};
use rust_decimal::Decimal;

const ITD: Column = Column::Itd;

/// A tiered fee on a medium's gross receipts (inception to date): each tier's
/// rate on the part of `max(0, gross)` above the previous `upto` up to and
/// including its own; rounded once, after the tiers are added.
pub fn tiered_fee(tiers: &[FeeTier], gross: Decimal) -> Decimal {
    let gross = gross.max(Decimal::ZERO);
    let mut fee = Decimal::ZERO;
    let mut floor = Decimal::ZERO;
    for t in tiers {
        let top = t.upto.map_or(gross, |u| u.min(gross));
        if top > floor {
            fee += t.rate * (top - floor);
        }
        match t.upto {
            Some(u) => floor = u,
            None => break,
        }
        if floor >= gross {
            break;
        }
    }
    round_cents(fee)
}

/// Breakeven from the sum of its cost lines, rounded to cents:
/// `Σ costs / (1 − fee)` (cash breakeven) or `multiple × Σ costs`.
pub fn breakeven(costs: Decimal, rule: BreakevenRule) -> Decimal {
    match rule {
        BreakevenRule::Fee(f) => {
            let keep = Decimal::ONE - f;
            if keep <= Decimal::ZERO {
                return Decimal::ZERO; // refused by the contract parser
            }
            round_cents(costs / keep)
        }
        BreakevenRule::Multiple(m) => round_cents(m * costs),
    }
}

/// The share in force for the whole base under `metric` steps: the share of
/// the highest step whose memo figure (read by `figure`) reached its `at`,
/// else the deal's share.
pub fn metric_share(
    share: Decimal,
    steps: &[ShareStep],
    figure: impl Fn(&str) -> Option<Decimal>,
) -> Decimal {
    let mut best: Option<(Decimal, Decimal)> = None;
    for s in steps {
        if let ShareStep::Metric {
            metric,
            at,
            share: sh,
        } = s
        {
            if figure(metric).is_some_and(|v| v >= *at) && !best.is_some_and(|(a, _)| *at < a) {
                best = Some((*at, *sh));
            }
        }
    }
    best.map_or(share, |(_, sh)| sh)
}

/// The share of `max(0, base)` with the contract's steps, rounded once:
/// `above` steps split the base into tranches (5% of the first 10,000,000,
/// 7.5% of the rest); `metric` steps replace the share for the whole base.
pub fn stepped_share(
    share: Decimal,
    steps: &[ShareStep],
    base: Decimal,
    figure: impl Fn(&str) -> Option<Decimal>,
) -> Decimal {
    let base = base.max(Decimal::ZERO);
    let rate = metric_share(share, steps, figure);
    let mut earned = Decimal::ZERO;
    let (mut floor, mut rate_here) = (Decimal::ZERO, rate);
    for s in steps {
        if let ShareStep::Above { above, share } = s {
            if base > floor {
                earned += rate_here * (base.min(*above) - floor).max(Decimal::ZERO);
            }
            floor = *above;
            rate_here = *share;
        }
    }
    if base > floor {
        earned += rate_here * (base - floor);
    }
    round_cents(earned)
}

/// The participant's share of a base under the contract, its `metric` steps
/// read on `st`: `round(share × max(0, base))` with the contract's steps.
pub fn earned_share(c: &Contract, base: Decimal, st: &Statement) -> Decimal {
    stepped_share(c.share, &c.share_steps, base, |code| st.sum(code, ITD))
}

/// Bonuses whose memo metric reached its threshold (inception to date).
pub fn bonuses_due(ctx_st: &Statement, c: &Contract) -> Decimal {
    c.bonuses
        .iter()
        .filter(|b| ctx_st.sum(&b.metric, ITD).is_some_and(|m| m >= b.threshold))
        .map(|b| b.amount)
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn tiers() -> Vec<FeeTier> {
        vec![
            FeeTier {
                upto: Some(d("10000000")),
                rate: d("0.30"),
            },
            FeeTier {
                upto: None,
                rate: d("0.25"),
            },
        ]
    }

    #[test]
    fn fee_tiers_split_at_the_boundary() {
        // "30% of the first $10M, 25% thereafter".
        assert_eq!(tiered_fee(&tiers(), d("8000000")), d("2400000.00"));
        // The boundary belongs to the tier it closes.
        assert_eq!(tiered_fee(&tiers(), d("10000000")), d("3000000.00"));
        // Crossed inside one period: 8,000,000 → 12,000,000 inception to
        // date is 3,000,000 + 25% × 2,000,000.
        assert_eq!(tiered_fee(&tiers(), d("12000000")), d("3500000.00"));
        // Rounded once, after the tiers: 30% × 10,000,000 + 25% × 0.03.
        assert_eq!(tiered_fee(&tiers(), d("10000000.03")), d("3000000.01"));
        // Nothing on a negative gross.
        assert_eq!(tiered_fee(&tiers(), d("-5")), d("0.00"));
        // Three tiers, the middle one partly used.
        let three = vec![
            FeeTier {
                upto: Some(d("1000")),
                rate: d("0.40"),
            },
            FeeTier {
                upto: Some(d("2000")),
                rate: d("0.30"),
            },
            FeeTier {
                upto: None,
                rate: d("0.10"),
            },
        ];
        assert_eq!(tiered_fee(&three, d("1500")), d("550.00"));
        assert_eq!(tiered_fee(&three, d("2500")), d("750.00"));
    }

    #[test]
    fn cash_and_multiple_breakeven() {
        // The example: (18,200,000 + 36,400,000) / (1 − 10%).
        assert_eq!(
            breakeven(d("54600000"), BreakevenRule::Fee(d("0.10"))),
            d("60666666.67")
        );
        assert_eq!(
            breakeven(d("36400000"), BreakevenRule::Multiple(d("2.5"))),
            d("91000000.00")
        );
        assert_eq!(
            breakeven(d("1000.01"), BreakevenRule::Multiple(d("3"))),
            d("3000.03")
        );
    }

    fn above() -> Vec<ShareStep> {
        vec![ShareStep::Above {
            above: d("10000000"),
            share: d("0.075"),
        }]
    }

    #[test]
    fn tranches_split_at_the_exact_threshold() {
        let none = |_: &str| None;
        let s = d("0.05");
        // Exactly at the threshold: all of it at 5%.
        assert_eq!(
            stepped_share(s, &above(), d("10000000"), none),
            d("500000.00")
        );
        // The SPEC's example: 5% × 10,000,000 + 7.5% × 2,000,000.
        assert_eq!(
            stepped_share(s, &above(), d("12000000"), none),
            d("650000.00")
        );
        // One cent above: 500,000 + 0.00075, rounded once.
        assert_eq!(
            stepped_share(s, &above(), d("10000000.01"), none),
            d("500000.00")
        );
        assert_eq!(
            stepped_share(s, &above(), d("10000000.07"), none),
            d("500000.01")
        );
        // Below it, and a deficit.
        assert_eq!(
            stepped_share(s, &above(), d("9999999.99"), none),
            d("500000.00")
        );
        assert_eq!(stepped_share(s, &above(), d("-1"), none), d("0.00"));
        // Two steps: 5% of 10M, 7.5% of the next 10M, 10% above 20M.
        let two = vec![
            above().remove(0),
            ShareStep::Above {
                above: d("20000000"),
                share: d("0.10"),
            },
        ];
        assert_eq!(stepped_share(s, &two, d("25000000"), none), d("1750000.00"));
    }

    #[test]
    fn metric_steps_replace_the_share_once_reached() {
        let steps = vec![
            ShareStep::Metric {
                metric: "memo.box_office_domestic".into(),
                at: d("100000000"),
                share: d("0.125"),
            },
            ShareStep::Metric {
                metric: "memo.box_office_domestic".into(),
                at: d("200000000"),
                share: d("0.15"),
            },
        ];
        let s = d("0.10");
        let bo = |v: &'static str| move |_: &str| Some(d(v));
        assert_eq!(
            stepped_share(s, &steps, d("1000000"), bo("99999999.99")),
            d("100000.00")
        );
        assert_eq!(
            stepped_share(s, &steps, d("1000000"), bo("100000000")),
            d("125000.00")
        );
        // The highest step reached wins.
        assert_eq!(
            stepped_share(s, &steps, d("1000000"), bo("250000000")),
            d("150000.00")
        );
        // No memo figure printed: the deal's share.
        assert_eq!(
            stepped_share(s, &steps, d("1000000"), |_| None),
            d("100000.00")
        );
    }
}
