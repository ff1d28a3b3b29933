//! `deal.definition`, `[breakeven]` and `[deductions]`: what the participation
//! base is, decided by the real ARITH-NET check under probe contracts.

use super::read::{itd, nonzero};
use crate::audit;
use crate::contract::{self, Loaded};
use crate::finding::Code;
use crate::init::draft::{q, rate_value, Draft, Table, CONFIRM};
use crate::init::fit::{fit_rate, Fit};
use crate::money::{fmt_human, round_cents};
use crate::statement::{Column, LineKind, Statement};
use rust_decimal::Decimal;

const ITD: Column = Column::Itd;

/// The participation base the statements show, and why.
pub(crate) struct Guess {
    pub(crate) name: &'static str,
    pub(crate) why: String,
    pub(crate) fallback: Option<&'static str>,
    pub(crate) off_the_top: Option<Vec<String>>,
    pub(crate) breakeven: Option<Table>,
}

/// Whether `np.total` (inception to date) of `st` passes ARITH-NET under a
/// probe contract (the real check decides, not a copy of it).
fn net_holds(st: &Statement, probe: &str) -> bool {
    let Ok(Loaded::Contract(c)) = contract::parse("probe", probe) else {
        return false;
    };
    let mut ctx = audit::Ctx::new(st, Some(&c));
    audit::arithmetic::check(&mut ctx);
    !ctx.out
        .iter()
        .any(|f| f.code == Code::ArithNet && f.line == "np.total" && f.column == Some(ITD))
}

fn probe(definition: &str, off: &[String]) -> String {
    let list: Vec<String> = off.iter().map(|c| q(c)).collect();
    format!(
        "[deal]\nid = \"probe\"\ndefinition = \"{definition}\"\nshare = \"0%\"\n[deductions]\noff_the_top = [{}]\n",
        list.join(", ")
    )
}

pub(crate) fn definition(series: &[&Statement], latest: &Statement) -> Guess {
    let np_label = latest
        .line("np.total")
        .map(|l| l.label.to_ascii_lowercase())
        .unwrap_or_default();
    let magr = np_label.contains("magr") || np_label.contains("modified adjusted");
    if let Some(b) = series.iter().rev().find_map(|st| itd(st, "memo.breakeven")) {
        return Guess {
            name: "gross_after_breakeven",
            why: format!(
                "the statements print a breakeven ({} on {}), and the participation base is gross receipts past it",
                fmt_human(b),
                latest.period_end
            ),
            fallback: Some("net_profits"),
            off_the_top: None,
            breakeven: Some(breakeven(series)),
        };
    }
    let shape = if magr {
        "a MAGR statement, net-profits shaped: "
    } else {
        ""
    };
    if latest.line("np.total").is_none() {
        return Guess {
            name: "net_profits",
            why: format!(
                "{shape}no participation base is printed, so nothing shows the definition"
            ),
            fallback: None,
            off_the_top: None,
            breakeven: None,
        };
    }
    let deducts = latest
        .lines
        .iter()
        .any(|l| l.section.is_deduction() && l.itd.is_some());
    if !deducts && net_holds(latest, &probe("gross", &[])) {
        return Guess {
            name: "gross",
            why: "no deduction is printed and the base is gross receipts, first dollar".into(),
            fallback: None,
            off_the_top: Some(Vec::new()),
            breakeven: None,
        };
    }
    // Only the usual off-the-top lines deducted (no fee, no negative cost):
    // the shape of a gross deal's statement, which nets to the same base.
    let items: Vec<String> = latest
        .lines
        .iter()
        .filter(|l| l.section.is_deduction() && l.itd.is_some())
        .filter(|l| {
            l.kind == LineKind::Item
                || matches!(l.code.as_str(), "int.total" | "gp.total" | "def.total")
        })
        .map(|l| l.code.clone())
        .collect();
    let off_the_top_only = !items.is_empty()
        && items.iter().all(|c| {
            matches!(
                c.as_str(),
                "exp.residuals" | "exp.trade_dues" | "exp.taxes" | "exp.conversion"
            )
        });
    if off_the_top_only && net_holds(latest, &probe("gross", &items)) {
        return Guess {
            name: "gross",
            why: format!(
                "the only deductions printed are off-the-top lines ({}): a gross deal's statement",
                items.join(", ")
            ),
            fallback: None,
            off_the_top: Some(items),
            breakeven: None,
        };
    }
    if net_holds(latest, &probe("net_profits", &[])) {
        return Guess {
            name: "net_profits",
            why: format!("{shape}the base printed is gross receipts less every deduction"),
            fallback: None,
            off_the_top: None,
            breakeven: None,
        };
    }
    if let Some(gross) = gross_less(latest) {
        return gross;
    }
    Guess {
        name: "net_profits",
        why: format!("{shape}the base printed matches no definition recoup knows; ARITH-NET will say by how much"),
        fallback: None,
        off_the_top: None,
        breakeven: None,
    }
}

/// Gross: the base is gross receipts less a few lines taken off the top;
/// the first set of them the real check confirms.
fn gross_less(latest: &Statement) -> Option<Guess> {
    // Cheap arithmetic first, the real check to confirm.
    let gross = itd(latest, "gr.total");
    let np = itd(latest, "np.total");
    for s in off_the_top_sets(latest) {
        if let (Some(g), Some(n)) = (gross, np) {
            let off: Decimal = s.iter().filter_map(|c| itd(latest, c)).sum();
            if (g - off - n).abs() > Decimal::ONE {
                continue;
            }
        }
        if net_holds(latest, &probe("gross", &s)) {
            let why = if s.is_empty() {
                "the base printed is gross receipts, first dollar, nothing off the top".to_string()
            } else {
                format!(
                    "the base printed is gross receipts less {} only",
                    s.join(", ")
                )
            };
            return Some(Guess {
                name: "gross",
                why,
                fallback: None,
                off_the_top: Some(s),
                breakeven: None,
            });
        }
    }
    None
}

/// The sets of lines a gross deal may take off the top: none, then one,
/// two or three of the deduction lines printed, the usual ones first.
fn off_the_top_sets(latest: &Statement) -> Vec<Vec<String>> {
    let candidates: Vec<String> = {
        let mut c: Vec<String> = latest
            .lines
            .iter()
            .filter(|l| {
                l.kind == LineKind::Item
                    && l.section.is_deduction()
                    && l.itd.is_some_and(|v| !v.is_zero())
            })
            .map(|l| l.code.clone())
            .collect();
        c.dedup();
        // The usual off-the-top lines first.
        c.sort_by_key(|code| {
            !matches!(
                code.as_str(),
                "exp.residuals" | "exp.trade_dues" | "exp.taxes" | "exp.conversion"
            )
        });
        c.truncate(24);
        c
    };
    let mut subsets: Vec<Vec<String>> = vec![Vec::new()];
    for c in &candidates {
        subsets.push(vec![c.clone()]);
    }
    for i in 0..candidates.len() {
        for j in i + 1..candidates.len() {
            subsets.push(vec![candidates[i].clone(), candidates[j].clone()]);
        }
    }
    for i in 0..candidates.len() {
        for j in i + 1..candidates.len() {
            for k in j + 1..candidates.len() {
                subsets.push(vec![
                    candidates[i].clone(),
                    candidates[j].clone(),
                    candidates[k].clone(),
                ]);
            }
        }
    }
    subsets
}

/// `[breakeven]` for a statement that prints one: the costs and the fee or
/// multiple that reproduce `memo.breakeven` on the latest statement.
fn breakeven(series: &[&Statement]) -> Table {
    let mut t = Table::new("breakeven");
    t.intro("The breakeven the statements print, and the costs and deemed fee (or multiple) that reproduce it on the latest statement.");
    let Some(st) = series
        .iter()
        .rev()
        .find(|st| itd(st, "memo.breakeven").is_some())
    else {
        return t;
    };
    let b = itd(st, "memo.breakeven").unwrap_or_default();
    let sets: [&[&str]; 6] = [
        &["nc.direct"],
        &["exp.total", "nc.direct"],
        &["nc.total"],
        &["exp.total", "nc.total"],
        &["fee.total", "exp.total", "nc.total"],
        &["exp.total", "nc.total", "int.total"],
    ];
    let mut best: Option<(Vec<String>, &str, Decimal, Fit)> = None;
    for set in sets {
        let costs: Decimal = set.iter().filter_map(|c| itd(st, c)).sum();
        if costs <= Decimal::ZERO || set.iter().any(|c| itd(st, c).is_none()) {
            continue;
        }
        // multiple = B ÷ costs, as a fraction of 1000% so fit_rate can search it.
        let m = fit_rate(b / costs / Decimal::TEN, b, Decimal::ONE, |r| {
            round_cents(r * Decimal::TEN * costs)
        })
        .map(|(r, f)| ("multiple", (r * Decimal::TEN).normalize(), f));
        // fee: B = costs ÷ (1 − fee).
        let f = (b > costs)
            .then(|| {
                fit_rate(Decimal::ONE - costs / b, b, Decimal::ONE, |r| {
                    if r >= Decimal::ONE {
                        Decimal::ZERO
                    } else {
                        round_cents(costs / (Decimal::ONE - r))
                    }
                })
            })
            .flatten()
            .map(|(r, f)| ("fee", r, f));
        for (kind, v, fit) in [f, m].into_iter().flatten() {
            let short = v.scale() <= 4;
            let better = match &best {
                None => true,
                Some((_, _, bv, bf)) => {
                    (fit == Fit::Exact && *bf != Fit::Exact)
                        || (fit == *bf && short && bv.scale() > 4)
                }
            };
            if better {
                best = Some((set.iter().map(|s| s.to_string()).collect(), kind, v, fit));
            }
        }
    }
    match best {
        Some((costs, kind, v, _)) => {
            let list: Vec<String> = costs.iter().map(|c| q(c)).collect();
            let wide = format!("[{}]", list.join(", "));
            match narrow_breakeven(st, &costs, kind, v) {
                // nc.total holds the overhead: the studio's practice, not a
                // term the statements can show. The narrower costs stand.
                Some((narrow, bn, overhead)) => {
                    let list: Vec<String> = narrow.iter().map(|c| q(c)).collect();
                    t.on(
                        "costs",
                        format!("[{}]", list.join(", ")),
                        format!(
                            "a GUESS without production overhead (direct cost, not nc.total): with these costs the breakeven on {} is {} against {} printed, {} less, which `check` flags until the costs are confirmed — {CONFIRM}",
                            st.period_end,
                            fmt_human(bn),
                            fmt_human(b),
                            fmt_human(b - bn)
                        ),
                    );
                    t.off(
                        "costs",
                        wide,
                        format!(
                            "the STUDIO'S PRACTICE: reproduces the breakeven printed, {}, because nc.total includes {} of overhead — CONFIRM: does the agreement count overhead as a breakeven cost? If it does, use this line instead",
                            fmt_human(b),
                            fmt_human(overhead)
                        ),
                    );
                }
                None => t.on(
                    "costs",
                    wide,
                    format!(
                        "a GUESS that reproduces the breakeven of {} on {} — {CONFIRM}",
                        fmt_human(b),
                        st.period_end
                    ),
                ),
            }
            let value = if kind == "fee" {
                rate_value(v)
            } else {
                q(&v.to_string())
            };
            t.on(
                kind,
                value,
                format!("implied by the statements — {CONFIRM}"),
            );
        }
        None => {
            t.off("costs", "[\"nc.direct\"]".into(), "no set of cost lines recoup tried reproduces the breakeven printed: ENTER the agreement's");
            t.off("multiple", q("1"), "or fee = \"10%\"");
        }
    }
    t
}

pub(crate) fn deductions(d: &mut Draft, series: &[&Statement], def: &Guess) {
    let latest = series[series.len() - 1];
    let mut t = Table::new("deductions");
    if let Some(off) = &def.off_the_top {
        let list: Vec<String> = off.iter().map(|c| q(c)).collect();
        t.on(
            "off_the_top",
            format!("[{}]", list.join(", ")),
            format!("GUESS: the lines the base printed is net of — {CONFIRM}"),
        );
        d.tables.push(t);
        return;
    }
    if def.name != "net_profits" {
        return;
    }
    for (code, key, what) in [
        ("gp.total", "gross_participations", "gross participations"),
        ("def.total", "deferments", "deferments"),
    ] {
        if let Some(v) = series.iter().rev().find_map(|st| itd(st, code)) {
            t.on(
                key,
                "true".into(),
                format!(
                    "the statements deduct {what} ({} to date on {}) — {CONFIRM}",
                    fmt_human(v),
                    latest.period_end
                ),
            );
        }
    }
    if !t.entries.is_empty() {
        d.tables.push(t);
    }
}

/// Breakeven costs that count `nc.total` while the statement prints
/// production overhead in it: the same costs with direct cost alone, the
/// breakeven they give with the rule found (`kind`, `v`), and the overhead.
/// `None` when the costs hold no overhead.
fn narrow_breakeven(
    st: &Statement,
    costs: &[String],
    kind: &str,
    v: Decimal,
) -> Option<(Vec<String>, Decimal, Decimal)> {
    let overhead = nonzero(itd(st, "nc.overhead"))?;
    itd(st, "nc.direct")?;
    if !costs.iter().any(|c| c == "nc.total") {
        return None;
    }
    let narrow: Vec<String> = costs
        .iter()
        .map(|c| {
            if c == "nc.total" {
                "nc.direct".to_string()
            } else {
                c.clone()
            }
        })
        .collect();
    let sum: Decimal = narrow.iter().filter_map(|c| itd(st, c)).sum();
    let b = if kind == "fee" {
        if v >= Decimal::ONE {
            return None;
        }
        round_cents(sum / (Decimal::ONE - v))
    } else {
        round_cents(v * sum)
    };
    Some((narrow, b, overhead))
}
