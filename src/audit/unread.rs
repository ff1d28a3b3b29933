//! What recoup could not read on a statement, and the checks it therefore
//! does not assert (SPEC §2, "Statements as studios print them"): unmapped
//! lines, amounts in another currency, a fee whose gross line may be among
//! the unread ones; and `k`, the number of printed figures a check reads,
//! for the tolerance on a statement printed in thousands.

use super::{cite, At, Ctx};
use crate::finding::{Code, Severity};
use crate::statement::{labels, Column, LineKind, Section, Statement};

const ITD: Column = Column::Itd;

/// An amount printed in another currency (SPEC §2, "Another currency"):
/// a `CURRENCY-MISMATCH` warning per line, and the claim is provisional.
pub fn foreign(ctx: &mut Ctx) {
    let st = ctx.st;
    for (row, currency) in &st.reading.foreign {
        let Some(line) = st.lines.iter().find(|l| l.row == *row) else {
            continue;
        };
        let at = At::line(line, ITD).with([line.current_cell(), line.prior_cell()]);
        let msg = format!(
            "Line '{}' in {} is printed in {} on a statement in {}: it is not a figure in the statement's currency, so the footing of its section, its continuity and the contract checks on it are not asserted {}.",
            line.label,
            line.section.name(),
            currency,
            st.currency,
            cite("currency", &at.cells)
        );
        ctx.note(
            Code::CurrencyMismatch,
            Severity::Warning,
            at,
            "currency",
            msg,
        );
        ctx.not_read(
            &line.label,
            format!(
                "printed in {currency} on a statement in {}: its section's footing, its continuity and the contract checks on it are not asserted",
                st.currency
            ),
        );
    }
}

pub fn unmapped(ctx: &mut Ctx) {
    let st = ctx.st;
    // Lines printed above the participation base are figures the claim
    // rests on; an unknown memo or participant line is not.
    let mut np_row = None;
    for line in st.lines.iter().filter(|l| l.kind == LineKind::Unmapped) {
        let np_row = *np_row.get_or_insert_with(|| st.line("np.total").map(|l| l.row));
        let above = !matches!(
            line.section,
            Section::Memo | Section::Participant | Section::NetProfits
        ) && np_row.map_or(true, |r| line.row < r);
        if above {
            ctx.not_read(
                &line.label,
                format!(
                    "a line in {} recoup could not read (UNMAPPED-LINE): it counts in its section's total, but no contract check applies to it",
                    line.section.name()
                ),
            );
        }
        let at = At::line(line, ITD).with([line.current_cell()]);
        let msg = format!(
            "Line '{}' in {} is not a line recoup recognises; it counts toward the section total but no contract check applies {}.",
            line.label,
            line.section.name(),
            cite("labels", &at.cells)
        );
        ctx.note(Code::UnmappedLine, Severity::Warning, at, "labels", msg);
    }
}

/// Why `FEE-RATE` on a medium cannot be asserted, if it cannot: its fee or
/// its gross receipts printed in another currency, or its gross line absent
/// while gross receipts hold a line recoup could not read (SPEC §2, "A
/// provisional claim").
pub fn rate_unasserted(st: &Statement, gr_code: &str, fee_foreign: bool) -> Option<String> {
    if fee_foreign {
        return Some("the fee is printed in another currency".into());
    }
    let mut gross = st.lines_with(gr_code).peekable();
    if gross.peek().is_none() {
        let unread = st
            .lines
            .iter()
            .find(|l| l.section == Section::GrossReceipts && l.kind == LineKind::Unmapped)?;
        return Some(format!(
            "its gross receipts line is not printed and may be the unread line '{}'",
            unread.label
        ));
    }
    if st.reading.foreign.is_empty() {
        return None;
    }
    gross.find(|l| st.is_foreign(l.row)).map(|l| {
        format!(
            "its gross receipts ('{}') are printed in another currency",
            l.label
        )
    })
}

/// The name of the rate check on a medium, for a reason it was not asserted.
pub fn clause_check(medium: &str) -> String {
    format!("FEE-RATE on {medium}")
}

/// How many printed figures a list of codes reads (each repeated line
/// once; a section total not printed, the section's lines): the `k` of
/// the tolerance on a statement in thousands (SPEC §2, "Units").
pub fn printed(st: &Statement, codes: &[String]) -> usize {
    codes
        .iter()
        .map(|code| {
            let n = st.lines_with(code).filter(|l| l.itd.is_some()).count();
            if n > 0 || !code.ends_with(".total") {
                return n;
            }
            labels::section_of_code(code).map_or(0, |s| {
                st.lines
                    .iter()
                    .filter(|l| {
                        l.section == s && matches!(l.kind, LineKind::Item | LineKind::Unmapped)
                    })
                    .filter(|l| l.itd.is_some())
                    .count()
            })
        })
        .sum()
}
