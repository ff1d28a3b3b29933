//! `claim.xlsx`: the claim schedule as a workbook (SPEC §6).
//!
//! Summary (per deal), Claims (error findings grouped by deal and code, with
//! subtotals), Notes (warnings and notes, as in claim.md), Deadlines (every
//! statement) and Inputs (every file with its SHA-256, the contracts, the
//! run). Amounts are numbers with
//! an accounting format; there are no formulas, so every reader shows the
//! same values; every text cell is written as a string and neutralised
//! (statements are hostile input). The same audit gives the same bytes: the
//! document's creation date is the as-of date.

use super::{neutralise, RunInfo};
use crate::batch::Audit;
use crate::money::round_cents;
use chrono::{Datelike, NaiveDate};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

/// Excel's limit on the characters of one cell.
const MAX_CELL_CHARS: usize = 32_767;
pub const MONEY_FORMAT: &str = "#,##0.00;(#,##0.00);0.00";
const DATE_FORMAT: &str = "yyyy-mm-dd";

struct Formats {
    header: Format,
    bold: Format,
    money: Format,
    money_bold: Format,
    date: Format,
    int: Format,
    hash: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            header: Format::new()
                .set_bold()
                .set_border_bottom(FormatBorder::Thin)
                .set_background_color(0xD9E1F2),
            bold: Format::new().set_bold(),
            money: Format::new().set_num_format(MONEY_FORMAT),
            money_bold: Format::new()
                .set_num_format(MONEY_FORMAT)
                .set_bold()
                .set_border_top(FormatBorder::Thin),
            date: Format::new()
                .set_num_format(DATE_FORMAT)
                .set_align(FormatAlign::Left),
            int: Format::new().set_num_format("0"),
            hash: Format::new().set_font_name("Consolas"),
        }
    }
}

/// A worksheet and the widths its columns need.
struct Sheet {
    ws: Worksheet,
    widths: Vec<usize>,
}

impl Sheet {
    fn new(name: &str) -> Result<Sheet, XlsxError> {
        let mut ws = Worksheet::new();
        ws.set_name(name)?;
        Ok(Sheet {
            ws,
            widths: Vec::new(),
        })
    }

    fn fit(&mut self, col: u16, chars: usize) {
        let c = col as usize;
        if self.widths.len() <= c {
            self.widths.resize(c + 1, 0);
        }
        self.widths[c] = self.widths[c].max(chars);
    }

    /// Text, always as a string cell, never a formula.
    fn text(
        &mut self,
        row: u32,
        col: u16,
        s: &str,
        format: Option<&Format>,
    ) -> Result<(), XlsxError> {
        if s.is_empty() {
            return Ok(());
        }
        let mut t = neutralise(s).into_owned();
        if t.chars().count() > MAX_CELL_CHARS {
            t = t.chars().take(MAX_CELL_CHARS - 1).collect();
            t.push('…');
        }
        self.fit(col, t.chars().count().min(60));
        match format {
            Some(f) => self.ws.write_string_with_format(row, col, t, f)?,
            None => self.ws.write_string(row, col, t)?,
        };
        Ok(())
    }

    fn header(&mut self, row: u32, names: &[&str], f: &Formats) -> Result<(), XlsxError> {
        for (c, n) in names.iter().enumerate() {
            self.text(row, c as u16, n, Some(&f.header))?;
            self.fit(c as u16, n.chars().count() + 3); // room for the filter button
        }
        Ok(())
    }

    /// An amount as a number (cents), blank when not reported.
    fn money(
        &mut self,
        row: u32,
        col: u16,
        d: Option<Decimal>,
        format: &Format,
    ) -> Result<(), XlsxError> {
        if let Some(d) = d {
            let v = round_cents(d).to_f64().unwrap_or(f64::NAN);
            if v.is_finite() {
                self.fit(col, crate::money::fmt_human(d).len() + 2);
                self.ws.write_number_with_format(row, col, v, format)?;
            }
        }
        Ok(())
    }

    fn number(&mut self, row: u32, col: u16, n: f64, format: &Format) -> Result<(), XlsxError> {
        self.fit(col, n.to_string().len());
        self.ws.write_number_with_format(row, col, n, format)?;
        Ok(())
    }

    /// A date as a date cell (ISO text when Excel cannot hold it).
    fn date(
        &mut self,
        row: u32,
        col: u16,
        d: Option<NaiveDate>,
        f: &Formats,
    ) -> Result<(), XlsxError> {
        let Some(d) = d else { return Ok(()) };
        self.fit(col, 10);
        match excel_date(d) {
            Some(x) => {
                self.ws.write_date_with_format(row, col, &x, &f.date)?;
            }
            None => self.text(row, col, &d.to_string(), None)?,
        }
        Ok(())
    }

    /// Column widths, header frozen, autofilter over `rows` data rows.
    fn finish(mut self, header_row: u32, last_row: u32, cols: u16) -> Result<Worksheet, XlsxError> {
        for (c, w) in self.widths.iter().enumerate() {
            self.ws
                .set_column_width(c as u16, (*w as f64 + 1.0).clamp(6.0, 62.0))?;
        }
        self.ws.set_freeze_panes(header_row + 1, 0)?;
        if cols > 0 {
            self.ws
                .autofilter(header_row, 0, last_row.max(header_row), cols - 1)?;
        }
        Ok(self.ws)
    }
}

fn excel_date(d: NaiveDate) -> Option<ExcelDateTime> {
    let y = u16::try_from(d.year()).ok()?;
    if !(1900..=9999).contains(&y) {
        return None;
    }
    ExcelDateTime::from_ymd(y, d.month() as u8, d.day() as u8).ok()
}

const SUMMARY: [&str; 15] = [
    "Deal",
    "Title",
    "Participant",
    "Contract",
    "Statements",
    "First period start",
    "Last period end",
    "Reported paid",
    "Recomputed earned",
    "Claim",
    "Interest on claim",
    "Audit costs on studio",
    "Next deadline",
    "Errors",
    "Warnings",
];

fn summary(audit: &Audit, f: &Formats) -> Result<Worksheet, XlsxError> {
    let mut s = Sheet::new("Summary")?;
    s.header(0, &SUMMARY, f)?;
    let mut r = 0;
    for d in &audit.deals {
        r += 1;
        s.text(r, 0, &d.deal, None)?;
        s.text(r, 1, &d.title, None)?;
        s.text(r, 2, &d.participant, None)?;
        s.text(r, 3, d.contract.as_deref().unwrap_or("none"), None)?;
        s.number(r, 4, d.statements as f64, &f.int)?;
        s.date(r, 5, d.first_period_start, f)?;
        s.date(r, 6, d.last_period_end, f)?;
        s.money(r, 7, d.reported_paid, &f.money)?;
        s.money(r, 8, d.recomputed_earned, &f.money)?;
        s.money(r, 9, d.claim, &f.money)?;
        s.money(r, 10, d.claim_interest, &f.money)?;
        let shift = match d.cost_shift {
            Some(true) => "yes",
            Some(false) => "no",
            None => "not stated",
        };
        s.text(r, 11, shift, None)?;
        s.date(r, 12, d.next_deadline, f)?;
        s.number(r, 13, d.errors as f64, &f.int)?;
        s.number(r, 14, d.warnings as f64, &f.int)?;
    }
    let last = r;
    // Totals below the filtered range, as stored values (no formulas).
    r += 2;
    let sum = |g: fn(&crate::audit::claim::DealSummary) -> Option<Decimal>| {
        audit.deals.iter().filter_map(g).sum::<Decimal>()
    };
    s.text(r, 0, "Total", Some(&f.bold))?;
    s.number(
        r,
        4,
        audit.deals.iter().map(|d| d.statements).sum::<usize>() as f64,
        &f.int,
    )?;
    s.money(r, 7, Some(sum(|d| d.reported_paid)), &f.money_bold)?;
    s.money(r, 8, Some(sum(|d| d.recomputed_earned)), &f.money_bold)?;
    s.money(r, 9, Some(sum(|d| d.claim)), &f.money_bold)?;
    s.money(r, 10, Some(sum(|d| d.claim_interest)), &f.money_bold)?;
    r += 2;
    s.text(r, 0, "As of", Some(&f.bold))?;
    s.date(r, 1, Some(audit.as_of), f)?;
    r += 1;
    s.text(
        r,
        0,
        "Claim: the participant's share recomputed with every error corrected, less what the statements report as paid. Interest runs, simple, from the latest statement date to the as-of date.",
        None,
    )?;
    s.finish(0, last, SUMMARY.len() as u16)
}

const CLAIMS: [&str; 17] = [
    "Ref",
    "Deal",
    "Code",
    "File",
    "Sheet",
    "Period end",
    "Line",
    "Label",
    "Column",
    "Reported",
    "Expected",
    "Difference",
    "Effect on base",
    "Clause",
    "Cells",
    "Message",
    "What to ask for",
];

fn claims(audit: &Audit, f: &Formats) -> Result<Worksheet, XlsxError> {
    let mut s = Sheet::new("Claims")?;
    s.header(0, &CLAIMS, f)?;
    let mut r = 0;
    let mut item = 0;
    for dc in super::claims(audit) {
        if dc.by_code.is_empty() {
            continue;
        }
        let (mut deal_diff, mut deal_effect) = (Decimal::ZERO, Decimal::ZERO);
        for (code, list) in &dc.by_code {
            let (mut diff, mut effect) = (Decimal::ZERO, Decimal::ZERO);
            for x in list {
                item += 1;
                r += 1;
                diff += x.difference().unwrap_or_default();
                effect += x.np_effect;
                s.number(r, 0, item as f64, &f.int)?;
                s.text(r, 1, &x.deal, None)?;
                s.text(r, 2, code.name(), None)?;
                s.text(r, 3, &x.file, None)?;
                s.text(r, 4, &x.sheet, None)?;
                s.text(r, 5, &x.period_end, None)?;
                s.text(r, 6, &x.line, None)?;
                s.text(r, 7, &x.label, None)?;
                s.text(r, 8, x.column.map(|c| c.name()).unwrap_or(""), None)?;
                s.money(r, 9, x.reported, &f.money)?;
                s.money(r, 10, x.expected, &f.money)?;
                s.money(r, 11, x.difference(), &f.money)?;
                s.money(r, 12, Some(x.np_effect), &f.money)?;
                s.text(r, 13, &x.clause, None)?;
                s.text(r, 14, &x.cells.join("; "), None)?;
                s.text(r, 15, &x.message, None)?;
                s.text(r, 16, code.ask(), None)?;
            }
            r += 1;
            s.text(r, 1, &dc.deal.deal, Some(&f.bold))?;
            s.text(r, 2, code.name(), Some(&f.bold))?;
            s.text(
                r,
                7,
                &format!("Subtotal {} ({})", code.name(), super::items(list.len())),
                Some(&f.bold),
            )?;
            s.money(r, 11, Some(diff), &f.money_bold)?;
            s.money(r, 12, Some(effect), &f.money_bold)?;
            deal_diff += diff;
            deal_effect += effect;
        }
        r += 1;
        s.text(r, 1, &dc.deal.deal, Some(&f.bold))?;
        s.text(r, 7, &format!("Total {}", dc.deal.deal), Some(&f.bold))?;
        s.money(r, 11, Some(deal_diff), &f.money_bold)?;
        s.money(r, 12, Some(deal_effect), &f.money_bold)?;
    }
    if item == 0 {
        r += 1;
        s.text(r, 7, "No error findings: nothing to claim.", None)?;
    }
    // Long free text: cap the widths so the sheet stays readable.
    for c in [14usize, 15, 16] {
        if let Some(w) = s.widths.get_mut(c) {
            *w = (*w).min(50);
        }
    }
    s.finish(0, r, CLAIMS.len() as u16)
}

const NOTES: [&str; 11] = [
    "Deal",
    "Code",
    "Severity",
    "File",
    "Sheet",
    "Period end",
    "Line",
    "Label",
    "Reported",
    "Message",
    "What to do",
];

/// Warnings and notes (not claims): unmapped lines, missing contracts,
/// gaps, late statements, deadlines.
fn notes(audit: &Audit, f: &Formats) -> Result<Worksheet, XlsxError> {
    let mut s = Sheet::new("Notes")?;
    s.header(0, &NOTES, f)?;
    let mut r = 0;
    for dc in super::claims(audit) {
        for x in dc.notes {
            r += 1;
            s.text(r, 0, &x.deal, None)?;
            s.text(r, 1, x.code.name(), None)?;
            s.text(r, 2, x.severity.name(), None)?;
            s.text(r, 3, &x.file, None)?;
            s.text(r, 4, &x.sheet, None)?;
            s.text(r, 5, &x.period_end, None)?;
            s.text(r, 6, &x.line, None)?;
            s.text(r, 7, &x.label, None)?;
            s.money(r, 8, x.reported, &f.money)?;
            s.text(r, 9, &x.message, None)?;
            s.text(r, 10, x.code.ask(), None)?;
        }
    }
    for c in [9usize, 10] {
        if let Some(w) = s.widths.get_mut(c) {
            *w = (*w).min(60);
        }
    }
    s.finish(0, r, NOTES.len() as u16)
}

const DEADLINES: [&str; 11] = [
    "Deal",
    "File",
    "Sheet",
    "Period start",
    "Period end",
    "Statement date",
    "Incontestable on",
    "Days left",
    "Status",
    "Errors",
    "Paid (ITD)",
];

fn deadlines(audit: &Audit, f: &Formats) -> Result<Worksheet, XlsxError> {
    let mut s = Sheet::new("Deadlines")?;
    s.header(0, &DEADLINES, f)?;
    let mut r = 0;
    for d in super::deadlines(audit) {
        r += 1;
        let st = d.statement;
        s.text(r, 0, &st.deal, None)?;
        s.text(r, 1, &st.file, None)?;
        s.text(r, 2, &st.sheet, None)?;
        s.date(r, 3, Some(st.period_start), f)?;
        s.date(r, 4, Some(st.period_end), f)?;
        s.date(r, 5, st.statement_date, f)?;
        s.date(r, 6, d.incontestable, f)?;
        if let Some(days) = d.days_left {
            s.number(r, 7, days as f64, &f.int)?;
        }
        s.text(r, 8, d.status(), None)?;
        s.number(r, 9, d.errors as f64, &f.int)?;
        let paid = match (
            st.sum("pay.prior", crate::statement::Column::Itd),
            st.sum("pay.due", crate::statement::Column::Itd),
        ) {
            (None, None) => None,
            (a, b) => Some(a.unwrap_or_default() + b.unwrap_or_default()),
        };
        s.money(r, 10, paid, &f.money)?;
    }
    s.finish(0, r, DEADLINES.len() as u16)
}

const INPUTS: [&str; 8] = [
    "Path", "Kind", "Status", "Bytes", "SHA-256", "Sheets", "Error", "Location",
];

fn inputs(audit: &Audit, run: &RunInfo, f: &Formats) -> Result<Worksheet, XlsxError> {
    let mut s = Sheet::new("Inputs")?;
    s.header(0, &INPUTS, f)?;
    let mut r = 0;
    for i in &audit.inputs {
        r += 1;
        s.text(r, 0, &i.path, None)?;
        s.text(r, 1, i.kind, None)?;
        s.text(r, 2, i.status.name(), None)?;
        if let Some(b) = i.bytes {
            s.number(r, 3, b as f64, &f.int)?;
        }
        s.text(r, 4, i.sha256.as_deref().unwrap_or(""), Some(&f.hash))?;
        let sheets: Vec<String> = i
            .sheets
            .iter()
            .map(|x| format!("{} ({})", x.name, x.status.name()))
            .collect();
        s.text(r, 5, &sheets.join("; "), None)?;
        s.text(r, 6, i.error.as_deref().unwrap_or(""), None)?;
        s.text(r, 7, &i.location.to_string_lossy(), None)?;
    }
    let last = r;
    s.fit(4, 66);
    r += 2;
    s.text(r, 0, "Contract", Some(&f.header))?;
    s.text(r, 1, "Deal", Some(&f.header))?;
    s.text(r, 4, "SHA-256", Some(&f.header))?;
    for (file, deal, sha) in super::contract_files(audit) {
        r += 1;
        s.text(r, 0, file, None)?;
        s.text(r, 1, deal, None)?;
        s.text(r, 4, sha.unwrap_or(""), Some(&f.hash))?;
    }
    r += 2;
    s.text(r, 0, "Tool", Some(&f.bold))?;
    s.text(r, 1, &format!("recoup {}", env!("CARGO_PKG_VERSION")), None)?;
    r += 1;
    s.text(r, 0, "As of", Some(&f.bold))?;
    s.date(r, 1, Some(audit.as_of), f)?;
    r += 1;
    s.text(r, 0, "Command line", Some(&f.bold))?;
    s.text(r, 1, &run.command_line.join(" "), None)?;
    // The command line may be long; it is not a column to size for.
    if let Some(w) = s.widths.get_mut(1) {
        *w = (*w).min(20);
    }
    s.finish(0, last, INPUTS.len() as u16)
}

/// Render the workbook to bytes.
pub fn render(audit: &Audit, run: &RunInfo) -> Result<Vec<u8>, XlsxError> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    let created = excel_date(audit.as_of).unwrap_or(ExcelDateTime::from_ymd(2000, 1, 1)?);
    wb.set_properties(
        &DocProperties::new()
            .set_title("Participation audit: claim schedule")
            .set_creation_datetime(&created)
            .set_comment(format!(
                "recoup {} as of {}",
                env!("CARGO_PKG_VERSION"),
                audit.as_of
            )),
    );
    wb.push_worksheet(summary(audit, &f)?);
    wb.push_worksheet(claims(audit, &f)?);
    wb.push_worksheet(notes(audit, &f)?);
    wb.push_worksheet(deadlines(audit, &f)?);
    wb.push_worksheet(inputs(audit, run, &f)?);
    wb.save_to_buffer()
}
