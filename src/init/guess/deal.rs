//! `[deal]`: what the statements print about the deal, the definition
//! guessed, and the share (or a share step above a base) the share earned
//! implies.

use super::definition::Guess;
use super::read::itd;
use crate::init::draft::{q, rate_value, Entry, Table, CONFIRM};
use crate::init::fit::{implied, times, two_piece, Seen};
use crate::money::{fmt_human, fmt_rate};
use crate::statement::Statement;
use rust_decimal::Decimal;

/// The `[deal]` table, and a `[[share_step]]` when one share does not fit
/// every statement but a step above a base does.
pub(crate) fn deal(
    series: &[&Statement],
    latest: &Statement,
    deal: &str,
    def: &Guess,
    tolerance: Decimal,
) -> (Table, Option<Table>) {
    let mut t = Table::new("deal");
    t.on("id", q(deal), "the statements' Deal");
    if !latest.title.trim().is_empty() {
        t.on("title", q(latest.title.trim()), "");
    }
    if !latest.participant.trim().is_empty() {
        t.on("participant", q(latest.participant.trim()), "");
    }
    t.on(
        "currency",
        q(latest.currency.trim()),
        "as printed on the statements",
    );
    t.entries.push(Entry {
        key: "definition".into(),
        value: q(def.name),
        note: format!("GUESS from the lines printed: {} — {CONFIRM}", def.why),
        on: true,
        fallback: def.fallback.map(|f| {
            (
                q(f),
                format!("GUESS from the lines printed: {} — {CONFIRM}", def.why),
            )
        }),
        group: None,
    });
    let share_step = share(&mut t, series, tolerance);
    t.on(
        "tolerance",
        q("1.00"),
        "differences up to this are not findings",
    );
    (t, share_step)
}

/// `deal.share` = share.earned ÷ max(0, np.total), on the latest statement
/// with a positive base; the step table when two shares fit and one does not.
fn share(t: &mut Table, series: &[&Statement], tolerance: Decimal) -> Option<Table> {
    let mut share_step: Option<Table> = None;
    let seen: Vec<Seen> = series
        .iter()
        .filter_map(|st| {
            let np = itd(st, "np.total")?;
            let earned = itd(st, "share.earned")?;
            (np > Decimal::ZERO).then_some(Seen::new(st.period_end, earned, np))
        })
        .collect();
    match implied(
        "share earned ÷ the participation base",
        &seen,
        tolerance,
        &|s, r| times(s.base)(r),
    ) {
        Ok((rate, mut note)) => match two_piece(&seen, tolerance)
            .filter(|_| note.contains("differ"))
        {
            // One share does not fit every statement; a step above a base does.
            Some((s0, above, s1)) => {
                t.entries.push(Entry {
                    key: "share".into(),
                    value: rate_value(s0),
                    note: format!(
                        "implied by the statements: {} of the base up to {} and {} above it ([[share_step]] below) reproduce every statement's share — {CONFIRM}",
                        fmt_rate(s0),
                        fmt_human(above),
                        fmt_rate(s1)
                    ),
                    on: true,
                    fallback: Some((rate_value(rate), note)),
                    group: Some("share_step"),
                });
                let mut step = Table::new("share_step");
                step.array = true;
                step.intro("The share above a base, as the statements imply it.");
                for (key, value) in [("above", q(&above.to_string())), ("share", rate_value(s1))] {
                    step.entries.push(Entry {
                        key: key.into(),
                        value,
                        note: format!("implied by the statements — {CONFIRM}"),
                        on: true,
                        fallback: None,
                        group: Some("share_step"),
                    });
                }
                share_step = Some(step);
            }
            None => {
                if note.contains("earlier statements differ") {
                    note.push_str(
                        "; a share that changes with the base or a box-office figure may be a [[share_step]]",
                    );
                }
                t.on("share", rate_value(rate), note)
            }
        },
        Err(why) => t.on(
            "share",
            q("0%"),
            format!(
                "NO share can be implied ({}): ENTER the agreement's share (required)",
                if why.is_empty() {
                    "no statement shows a share earned on a positive participation base"
                } else {
                    why.as_str()
                }
            ),
        ),
    }
    share_step
}
