//! The line table: every row below the headings to a coded `Line`, its
//! figures read in the table's unit, signed by the rules of SPEC §2 and §4,
//! and each traced to its cell. Section headings, note rows and the end of
//! the table are recognised here; studios' subtotals and group totals are
//! marked so no figure is counted twice.

use super::cells::{cell_text, read_amount, row_is_blank, LayoutError, Source};
use super::labels::{self, Meaning};
use super::model::{Line, LineKind, Place, Reading, Section};
use super::printed;
use crate::grid::{Cell, Grid};
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::sync::Arc;

/// The line table's columns, found on its heading row.
pub(super) struct Columns {
    pub(super) section: Option<usize>,
    /// The label column: headed `Line`, `Description`, `Particulars`, or
    /// nothing (then the column the first printed line's label sits in).
    pub(super) line: usize,
    pub(super) current: usize,
    pub(super) itd: usize,
    /// The `Previously Reported` column, when the table has one.
    pub(super) prior: Option<usize>,
    /// A second heading that could be the cumulative column: an error
    /// naming both cells, never a guess.
    pub(super) second_itd: Option<usize>,
    /// The unit the amount headings carry (`Current Period ($000s)`), if any.
    pub(super) unit: Option<u32>,
}

/// Sign rules (SPEC §2, §4 "Signs of deductions"). Deductions are printed
/// positive; a studio that prints a deduction negative means its absolute
/// value. The sign is read per line from its inception-to-date figure (the
/// current figure when none is printed): printed negative, both columns are
/// read as absolute values; printed positive or zero, a negative current
/// figure is a reversal (a release of reserves) and keeps its sign.
/// `gr.adjustment` and `gr.reserve` always reduce gross receipts, so they
/// are held negated (a reserve of 100 taken is -100 of gross receipts, its
/// release +100); gross receipts, `np.total`, running balances and
/// `share.earned` carry their printed sign. True when the line's printed
/// figures are read negated.
fn negated(
    code: &str,
    kind: LineKind,
    section: Section,
    current: Option<Decimal>,
    itd: Option<Decimal>,
) -> bool {
    let orient = match itd {
        Some(v) => v,
        None => current.unwrap_or_default(),
    };
    if code == "gr.adjustment" || code == "gr.reserve" {
        return orient >= Decimal::ZERO;
    }
    let keeps_sign = code == "np.total"
        || code == "share.earned"
        || kind == LineKind::Balance
        || matches!(
            section,
            Section::GrossReceipts | Section::NetProfits | Section::Other
        );
    !keeps_sign && orient < Decimal::ZERO
}

/// Read the line table below its heading row `table_row`: the lines, what
/// the reading noticed (notes, foreign amounts, group totals), and the row
/// the table ended at. `extra` are the deal's own aliases; `own` is the
/// statement's currency.
pub(super) fn read_lines(
    grid: &Grid,
    src: &Source,
    table_row: usize,
    cols: &Columns,
    extra: Option<&HashMap<String, String>>,
    own: &str,
) -> Result<(Vec<Line>, Reading, usize), LayoutError> {
    let unit = cols.unit.map(Decimal::from);
    let mut reading = Reading::default();
    let mut lines: Vec<Line> = Vec::new();
    let mut section: Option<Section> = None;
    let mut after_blank = false;
    let mut end_row = grid.rows.len();
    let mut balances = 0usize;
    // `file!Sheet!`, shared by every line's cell references.
    let prefix: Arc<str> = if grid.sheet.is_empty() {
        format!("{}!", src.file_name).into()
    } else {
        format!("{}!{}!", src.file_name, grid.sheet).into()
    };
    for r in table_row + 1..grid.rows.len() {
        let row = &grid.rows[r];
        if row_is_blank(row) {
            after_blank = true;
            continue;
        }
        let mut label_raw = cell_text(grid, r, cols.line);
        let section_text = cols
            .section
            .map(|c| cell_text(grid, r, c))
            .unwrap_or_default();
        let has_amount = !grid.cell(r, cols.current).is_empty()
            || !grid.cell(r, cols.itd).is_empty()
            || cols.prior.is_some_and(|c| !grid.cell(r, c).is_empty());
        // With no label, the Section cell speaks for the row when it prints
        // a figure (`Interest` in the Section column, amounts beside it: the
        // section's only figure) or is a note (`(1) …` in the first column:
        // a note row, not a section the lines below belong to).
        if label_raw.is_empty()
            && !section_text.is_empty()
            && (has_amount || printed::is_note(&section_text))
        {
            label_raw = section_text.clone();
        }
        if let Some(s) = heading_section(row, has_amount) {
            section = Some(s);
            after_blank = false;
            continue;
        }
        let (label_base, printed_rate) = labels::split_rate(&label_raw);
        let explicit = if section_text.is_empty() {
            None
        } else {
            Some(labels::section_named(&section_text).unwrap_or(Section::Other))
        };
        let meaning_in = |s: Option<Section>| labels::classify(s, label_base, extra);
        let effective = explicit.or(section);
        let meaning = if label_raw.is_empty() {
            Meaning::Unmapped
        } else {
            meaning_in(effective)
        };
        if !has_amount && printed::is_note(&label_raw) {
            // A note row (`(1) Net of refunds`): not a line, and it does not
            // end the table.
            reading.notes.push((grid.origin.0 as usize + r, label_raw));
            continue;
        }
        if after_blank && ends_table(has_amount, &meaning, &label_raw) {
            end_row = r;
            break;
        }
        after_blank = false;
        if label_raw.is_empty() {
            if let Some(s) = explicit {
                section = Some(s);
            }
            continue; // an unlabelled row (a rule, a stray figure): no line to code
        }
        if !has_amount && matches!(meaning, Meaning::Unmapped) {
            // A note printed in the table (a footer without a blank row before it).
            continue;
        }
        let (code, kind, line_section) = code_line(meaning, effective, label_base, &mut balances);
        section = Some(line_section);
        let [current, itd, prior] = printed::times(unit, read_figures(src, grid, r, cols, &code)?);
        let amounts = [Some(cols.current), Some(cols.itd), cols.prior];
        if let Some(f) = printed::foreign_in(grid, r, amounts, own) {
            reading.foreign.push((r, f));
        }
        let negate = negated(&code, kind, line_section, current, itd);
        // `0 - v`, not `-v`: a zero read negated stays 0.00, never -0.00.
        let signed = |v: Decimal| if negate { Decimal::ZERO - v } else { v };
        let [current, itd, prior] = [current.map(signed), itd.map(signed), prior.map(signed)];
        lines.push(Line {
            section: line_section,
            label: label_raw,
            code,
            kind,
            row: r,
            place: line_place(&prefix, grid, r, cols, [current, itd, prior]),
            current,
            itd,
            prior,
            printed_rate,
        });
    }
    reading.groups = printed::mark_groups(&mut lines);
    mark_subtotals(&mut lines);
    // Kept until the report is written: no spare capacity (a 39-line table
    // would otherwise hold room for 64).
    lines.shrink_to_fit();
    Ok((lines, reading, end_row))
}

/// A section heading row: its only non-empty cell names a section.
#[inline]
fn heading_section(row: &[Cell], has_amount: bool) -> Option<Section> {
    let non_empty = row.iter().filter(|c| !c.is_empty()).count();
    if non_empty != 1 || has_amount {
        return None;
    }
    let only = row
        .iter()
        .find(|c| !c.is_empty())
        .map(|c| c.text().into_owned())
        .unwrap_or_default();
    labels::section_named(&only)
}

/// After a blank row the table goes on only with another line.
#[inline]
fn ends_table(has_amount: bool, meaning: &Meaning, label_raw: &str) -> bool {
    let known = !matches!(meaning, Meaning::Unmapped);
    !(has_amount || (known && !label_raw.is_empty()))
}

/// A labelled line's code, kind and section, from its meaning and the
/// section it is printed in (its Section cell, else the heading above it);
/// a running balance is numbered in order.
#[inline]
fn code_line(
    meaning: Meaning,
    effective: Option<Section>,
    label_base: &str,
    balances: &mut usize,
) -> (String, LineKind, Section) {
    let mut line_section =
        effective.unwrap_or_else(|| labels::infer_section(label_base).unwrap_or(Section::Other));
    let (code, kind) = match meaning {
        Meaning::Item(code) => {
            if let Some(cs) = labels::section_of_code(&code) {
                // The participation base, payments and memo lines open their section.
                if matches!(
                    cs,
                    Section::NetProfits | Section::Participant | Section::Memo
                ) || effective.is_none()
                {
                    line_section = cs;
                }
            }
            (code, LineKind::Item)
        }
        Meaning::Total(s) => {
            // A total belongs to the section its meaning names: the one its
            // label names (`Less Distribution Fees` printed with Section
            // `Gross Receipts` totals the fees, not gross receipts), else the
            // section it is printed in.
            line_section = s;
            (format!("{}.total", s.prefix()), LineKind::Total)
        }
        Meaning::Balance => {
            *balances += 1;
            (format!("net.{balances}"), LineKind::Balance)
        }
        Meaning::Unmapped => (String::new(), LineKind::Unmapped),
    };
    (code, kind, line_section)
}

/// A line's printed current, inception-to-date and prior figures.
#[inline]
fn read_figures(
    src: &Source,
    grid: &Grid,
    r: usize,
    cols: &Columns,
    code: &str,
) -> Result<[Option<Decimal>; 3], LayoutError> {
    // share.earned, pay.prior and pay.due are read from the ITD column only.
    let itd_only = matches!(code, "share.earned" | "pay.prior" | "pay.due");
    let current = if itd_only {
        None
    } else {
        read_amount(src, grid, r, cols.current)?
    };
    let itd = read_amount(src, grid, r, cols.itd)?;
    let prior = match cols.prior {
        Some(c) => read_amount(src, grid, r, c)?,
        None => None,
    };
    Ok([current, itd, prior])
}

/// Where a line's figures sit on the sheet (a column only for a figure read).
#[inline]
fn line_place(
    prefix: &Arc<str>,
    grid: &Grid,
    r: usize,
    cols: &Columns,
    [current, itd, prior]: [Option<Decimal>; 3],
) -> Place {
    Place {
        prefix: prefix.clone(),
        row: grid.origin.0 as usize + r,
        current_col: current.map(|_| grid.origin.1 + cols.current as u32),
        itd_col: itd.map(|_| grid.origin.1 + cols.itd as u32),
        prior_col: match (prior, cols.prior) {
            (Some(_), Some(c)) => Some(grid.origin.1 + c as u32),
            _ => None,
        },
    }
}

/// The last total of each section keeps `*.total`; earlier ones are `*.subtotal`.
fn mark_subtotals(lines: &mut [Line]) {
    let mut seen: Vec<Section> = Vec::new();
    for line in lines.iter_mut().rev() {
        if line.kind != LineKind::Total {
            continue;
        }
        if seen.contains(&line.section) {
            line.kind = LineKind::Subtotal;
            line.code = format!("{}.subtotal", line.section.prefix());
        } else {
            seen.push(line.section);
        }
    }
}
