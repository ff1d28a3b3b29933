//! `claim.xlsx`: the claim schedule as a workbook (SPEC §6).
//!
//! Summary (the reconciliation per deal, then in words), Issues (the claim
//! by issue: one row per issue with its effect on the base and on the
//! claim), Findings (the appendix: every error finding statement by
//! statement, grouped by issue, with no subtotal: the cumulative figures of
//! different statements are the same money reported again), Notes (warnings and notes, as in claim.md), Deadlines (every
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
pub use super::format::MONEY_FORMAT;
/// The smallest print scale of an exhibit: 11 pt × 82% = 9.02 pt.
const MIN_SCALE: u16 = 82;
const DATE_FORMAT: &str = "yyyy-mm-dd";

pub(super) struct Formats {
    pub(super) header: Format,
    pub(super) bold: Format,
    pub(super) plain: Format,
    pub(super) center: Format,
    pub(super) wrap: Format,
    pub(super) prose: Format,
    pub(super) prose_bold: Format,
    pub(super) money: Format,
    pub(super) money_bold: Format,
    /// The claim itself: bold, no rule above.
    pub(super) money_strong: Format,
    pub(super) date: Format,
    pub(super) int: Format,
    pub(super) hash: Format,
}

impl Formats {
    pub(super) fn new() -> Formats {
        Formats {
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_border_bottom(FormatBorder::Thin)
                .set_background_color(0xD9E1F2),
            bold: Format::new().set_bold().set_align(FormatAlign::Top),
            plain: Format::new().set_align(FormatAlign::Top),
            center: Format::new()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::Top),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            prose: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            prose_bold: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top),
            money: Format::new()
                .set_num_format(MONEY_FORMAT)
                .set_align(FormatAlign::Top),
            money_bold: Format::new()
                .set_num_format(MONEY_FORMAT)
                .set_bold()
                .set_align(FormatAlign::Top)
                .set_border_top(FormatBorder::Thin),
            money_strong: Format::new()
                .set_num_format(MONEY_FORMAT)
                .set_bold()
                .set_align(FormatAlign::Top),
            date: Format::new()
                .set_num_format(DATE_FORMAT)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::Top),
            int: Format::new()
                .set_num_format("0")
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::Top),
            hash: Format::new()
                .set_font_name("Consolas")
                .set_align(FormatAlign::Top),
        }
    }
}

impl Formats {
    /// The same formats in an exhibit's font: Arial 11, which LibreOffice
    /// draws with the metric-compatible Liberation Sans where Arial is not
    /// installed, so the columns designed to fit the page fit it there
    /// too (Calibri falls back to a wider font); hashes in Courier New
    /// (Liberation Mono).
    pub(super) fn exhibit() -> Formats {
        let f = Formats::new();
        let font = |x: Format| x.set_font_name(EXHIBIT_FONT).set_font_size(11);
        Formats {
            header: font(f.header),
            bold: font(f.bold),
            plain: font(f.plain),
            center: font(f.center),
            wrap: font(f.wrap),
            prose: font(f.prose),
            prose_bold: font(f.prose_bold),
            money: font(f.money),
            money_bold: font(f.money_bold),
            money_strong: font(f.money_strong),
            date: font(f.date),
            int: font(f.int),
            hash: f.hash.set_font_name("Courier New").set_font_size(11),
        }
    }
}

/// The exhibit's font, and the width of its digit at 11 pt in pixels (the
/// unit of a column's width).
pub(super) const EXHIBIT_FONT: &str = "Arial";
const EXHIBIT_DIGIT_PX: f64 = 8.2;
/// Landscape Letter less half-inch margins: 10 inches at 96 px, less a
/// little for the reader's rounding.
const PAGE_PX: f64 = 950.0;

/// A worksheet and the widths its columns need.
pub(super) struct Sheet {
    ws: Worksheet,
    widths: Vec<usize>,
    /// Widths that wrapped text may not exceed.
    caps: Vec<(u16, usize)>,
    plain: Format,
    prose_formats: (Format, Format),
    /// Sentences written across the table's width once the widths are
    /// known: (row, text, bold).
    prose: Vec<(u32, String, bool)>,
    /// The header row and its names, to size its height.
    header: Option<(u32, Vec<String>)>,
    wrap: Format,
    /// Wrapped cells (row, col, chars-per-word), to size their rows.
    wrapped: Vec<(u32, u16, String)>,
    /// An exhibit (`claim.xlsx`): printed at a scale that keeps every
    /// text at 9 pt or more, with this page header, rather than shrunk to
    /// one page wide.
    exhibit: Option<String>,
}

impl Sheet {
    pub(super) fn new(name: &str, f: &Formats) -> Result<Sheet, XlsxError> {
        let mut ws = Worksheet::new();
        ws.set_name(name)?;
        Ok(Sheet {
            ws,
            widths: Vec::new(),
            caps: Vec::new(),
            plain: f.plain.clone(),
            prose_formats: (f.prose.clone(), f.prose_bold.clone()),
            prose: Vec::new(),
            header: None,
            wrap: f.wrap.clone(),
            wrapped: Vec::new(),
            exhibit: None,
        })
    }

    /// Text that wraps within its column (capped with [`Sheet::cap`]).
    pub(super) fn wrapped(&mut self, row: u32, col: u16, s: &str) -> Result<(), XlsxError> {
        if s.is_empty() {
            return Ok(());
        }
        let f = self.wrap.clone();
        self.text(row, col, s, Some(&f))?;
        self.wrapped.push((row, col, s.to_string()));
        Ok(())
    }

    /// A column whose text wraps at `width` characters.
    pub(super) fn cap(&mut self, col: u16, width: usize) {
        self.caps.push((col, width));
    }

    /// A sentence across the whole width of the table, wrapped.
    pub(super) fn prose(&mut self, row: u32, text: &str) {
        self.prose.push((row, neutralise(text).into_owned(), false));
    }

    /// A bold heading across the whole width of the table.
    pub(super) fn heading(&mut self, row: u32, text: &str) {
        self.prose.push((row, neutralise(text).into_owned(), true));
    }

    /// Print as an exhibit (at 9 pt or more), with this page header.
    pub(super) fn set_exhibit(&mut self, title: &str) {
        self.exhibit = Some(title.to_string());
    }

    /// A column of exactly this width (a gap between amounts and text).
    pub(super) fn width(&mut self, col: u16, chars: usize) {
        self.fit(col, chars);
        self.cap(col, chars);
    }

    pub(super) fn fit(&mut self, col: u16, chars: usize) {
        let c = col as usize;
        if self.widths.len() <= c {
            self.widths.resize(c + 1, 0);
        }
        self.widths[c] = self.widths[c].max(chars);
    }

    /// Text, always as a string cell, never a formula.
    pub(super) fn text(
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
        let f = format.unwrap_or(&self.plain);
        self.ws.write_string_with_format(row, col, t, f)?;
        Ok(())
    }

    pub(super) fn header(
        &mut self,
        row: u32,
        names: &[&str],
        f: &Formats,
    ) -> Result<(), XlsxError> {
        self.header = Some((row, names.iter().map(|n| n.to_string()).collect()));
        for (c, n) in names.iter().enumerate() {
            self.ws
                .write_string_with_format(row, c as u16, *n, &f.header)?;
            // Headers wrap: the column needs its longest word (and room for
            // the filter button), not the whole heading.
            let word = n.split(' ').map(|w| w.chars().count()).max().unwrap_or(0);
            self.fit(c as u16, word.max(n.chars().count().min(12)) + 3);
        }
        Ok(())
    }

    /// An amount as a number (cents), blank when not reported.
    pub(super) fn money(
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

    /// An amount to four places (a span's interest before the one rounding).
    pub(super) fn money4(
        &mut self,
        row: u32,
        col: u16,
        d: Decimal,
        format: &Format,
    ) -> Result<(), XlsxError> {
        let v = d.to_f64().unwrap_or(f64::NAN);
        if v.is_finite() {
            self.fit(col, crate::money::fmt_human(d).len() + 4);
            self.ws.write_number_with_format(row, col, v, format)?;
        }
        Ok(())
    }

    pub(super) fn number(
        &mut self,
        row: u32,
        col: u16,
        n: f64,
        format: &Format,
    ) -> Result<(), XlsxError> {
        self.fit(col, n.to_string().len());
        self.ws.write_number_with_format(row, col, n, format)?;
        Ok(())
    }

    /// A date as a date cell (ISO text when Excel cannot hold it).
    pub(super) fn date(
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

    /// Column widths, header frozen, autofilter over `rows` data rows, the
    /// sentences across the table, and the print setup: landscape, one page
    /// wide, the header row on every page, a footer with the sheet name and
    /// the page numbers.
    pub(super) fn finish(
        mut self,
        header_row: u32,
        last_row: u32,
        cols: u16,
    ) -> Result<Worksheet, XlsxError> {
        for (c, cap) in std::mem::take(&mut self.caps) {
            if let Some(w) = self.widths.get_mut(c as usize) {
                *w = (*w).min(cap);
            }
        }
        let exhibit = self.exhibit.is_some();
        // An exhibit's SHA-256 column takes 64 monospaced characters.
        let (narrowest, widest) = if exhibit { (2.0, 72.0) } else { (6.0, 62.0) };
        let mut total = 0.0;
        for (c, w) in self.widths.iter().enumerate() {
            let w = (*w as f64 + 1.0).clamp(narrowest, widest);
            total += w;
            self.ws.set_column_width(c as u16, w)?;
        }
        // Rows with wrapped text get the height of their tallest cell (a
        // reader does not always grow them by itself).
        let mut heights: std::collections::BTreeMap<u32, usize> = Default::default();
        for (row, col, text) in std::mem::take(&mut self.wrapped) {
            // A width unit is a digit; text averages narrower.
            let w = self.widths.get(col as usize).copied().unwrap_or(8);
            // A width unit is a digit; text averages narrower (Arial's
            // spaces and lower case more so).
            let w = if exhibit { w * 6 / 5 } else { w * 11 / 10 };
            let h = heights.entry(row).or_insert(1);
            *h = (*h).max(wrapped_lines(&text, w));
        }
        // A line of Arial 11 (an exhibit's) is 12.7 pt; of Calibri 11, 15.
        let line = if exhibit { 13.2 } else { 15.0 };
        for (row, lines) in heights {
            if lines > 1 {
                self.ws.set_row_height(row, line * lines as f64)?;
            }
        }
        if let Some((row, names)) = self.header.take() {
            let lines = names
                .iter()
                .enumerate()
                .map(|(c, n)| wrapped_lines(n, self.widths.get(c).copied().unwrap_or(8)))
                .max()
                .unwrap_or(1);
            self.ws.set_row_height(row, 15.0 * lines as f64)?;
        }
        let last_col = cols.max(1) - 1;
        for (row, text, bold) in std::mem::take(&mut self.prose) {
            let f = if bold {
                &self.prose_formats.1
            } else {
                &self.prose_formats.0
            };
            if last_col == 0 {
                self.ws.write_string_with_format(row, 0, &text, f)?;
            } else {
                self.ws.merge_range(row, 0, row, last_col, &text, f)?;
            }
            // A merged cell does not grow with its text: give the row the
            // lines the text needs at the table's width (a character is
            // about one width unit; leave a tenth spare).
            let per_line = (total * 0.9).max(20.0);
            let lines = (text.chars().count() as f64 / per_line).ceil().max(1.0);
            self.ws.set_row_height(row, 15.0 * lines)?;
        }
        self.ws.set_freeze_panes(header_row + 1, 0)?;
        self.ws.set_landscape();
        self.ws.set_paper_size(1); // US Letter
        self.ws.set_repeat_rows(0, header_row)?;
        self.ws.set_margins(0.5, 0.5, 0.6, 0.7, 0.3, 0.3);
        self.ws.set_footer("&L&A&RPage &P of &N");
        match self.exhibit.take() {
            Some(title) => {
                // Printed text stays at 9 pt or more: the scale fits the
                // columns to the page's 10 inches (960 pixels) when it can
                // without going under 9/11 of the 11 pt font; wider
                // columns go on to a second page rather than shrink.
                // A width of w characters is stored as w + 5/7 and drawn
                // as that many digits of the font (8.14 px for Arial 11).
                let px: f64 = self
                    .widths
                    .iter()
                    .map(|w| ((*w as f64 + 1.0).clamp(narrowest, widest) + 0.72) * EXHIBIT_DIGIT_PX)
                    .sum();
                let scale = ((PAGE_PX / px.max(1.0)) * 100.0)
                    .floor()
                    .clamp(MIN_SCALE as f64, 100.0);
                self.ws.set_print_scale(scale as u16);
                self.ws
                    .set_header(format!("&L{}&RCONFIDENTIAL", title.replace('&', "&&")));
            }
            None => {
                self.ws.set_print_fit_to_pages(1, 0);
                self.ws.set_header(format!(
                    "&LParticipation audit: claim schedule&Rrecoup {}",
                    env!("CARGO_PKG_VERSION")
                ));
            }
        }
        if cols > 0 {
            self.ws
                .autofilter(header_row, 0, last_row.max(header_row), cols - 1)?;
        }
        Ok(self.ws)
    }
}

/// How many lines `text` takes wrapped at `width` characters (by words).
pub(super) fn wrapped_lines(text: &str, width: usize) -> usize {
    let width = width.max(1);
    let (mut lines, mut used) = (1, 0);
    for w in text.split(' ') {
        let n = w.chars().count();
        if used > 0 && used + 1 + n > width {
            lines += 1;
            used = 0;
        }
        // A word longer than the column is broken across lines.
        if n > width {
            lines += (n - 1) / width;
            used = (n - 1) % width + 1;
        } else {
            used += if used > 0 { 1 + n } else { n };
        }
    }
    lines
}

pub(super) fn excel_date(d: NaiveDate) -> Option<ExcelDateTime> {
    let y = u16::try_from(d.year()).ok()?;
    if !(1900..=9999).contains(&y) {
        return None;
    }
    ExcelDateTime::from_ymd(y, d.month() as u8, d.day() as u8).ok()
}

const SUMMARY: [&str; 18] = [
    "Deal",
    "Title",
    "Participant",
    "Statements",
    "Latest period end",
    "Reported base",
    "Issues' effect on base",
    "Corrected base",
    "Reported share",
    "Corrected share",
    "Bonuses due",
    "Earned",
    "Paid",
    "Claim",
    "Interest on claim",
    "Audit costs on studio",
    "Issues",
    "Next deadline",
];

/// The reconciliation per deal, one row each (SPEC §6: reported base +
/// issues = corrected base; shares; bonuses; earned; paid; claim), totals
/// across deals, then each deal's reconciliation in words.
fn summary(audit: &Audit, f: &Formats) -> Result<Worksheet, XlsxError> {
    let mut s = Sheet::new("Summary", f)?;
    s.header(0, &SUMMARY, f)?;
    let mut r = 0;
    for d in &audit.deals {
        r += 1;
        let rec = d.reconciliation.as_ref();
        s.text(r, 0, &d.deal, None)?;
        s.text(r, 1, &d.title, None)?;
        s.text(r, 2, &d.participant, None)?;
        s.number(r, 3, d.statements as f64, &f.int)?;
        s.date(r, 4, d.last_period_end, f)?;
        s.money(r, 5, rec.map(|x| x.reported_base), &f.money)?;
        s.money(
            r,
            6,
            rec.map(|x| x.corrected_base - x.reported_base),
            &f.money,
        )?;
        s.money(r, 7, rec.map(|x| x.corrected_base), &f.money)?;
        s.money(r, 8, rec.map(|x| x.reported_share), &f.money)?;
        s.money(r, 9, rec.map(|x| x.corrected_share), &f.money)?;
        s.money(r, 10, rec.map(|x| x.bonuses_due), &f.money)?;
        s.money(r, 11, d.recomputed_earned, &f.money)?;
        s.money(r, 12, d.reported_paid, &f.money)?;
        s.money(r, 13, d.claim, &f.money_strong)?;
        s.money(r, 14, d.claim_interest, &f.money)?;
        let shift = match d.cost_shift {
            Some(true) => "yes",
            Some(false) => "no",
            None => "not stated",
        };
        s.text(r, 15, shift, Some(&f.center))?;
        s.number(r, 16, d.issues.len() as f64, &f.int)?;
        s.date(r, 17, d.next_deadline, f)?;
    }
    let last = r;
    // Totals across deals (each deal's figure once), as stored values.
    r += 1;
    let sum = |g: fn(&crate::audit::claim::DealSummary) -> Option<Decimal>| {
        audit.deals.iter().filter_map(g).sum::<Decimal>()
    };
    s.text(r, 0, "Total", Some(&f.bold))?;
    s.number(
        r,
        3,
        audit.deals.iter().map(|d| d.statements).sum::<usize>() as f64,
        &f.int,
    )?;
    // Earned and paid are not totalled: a deal without a contract has a
    // paid figure and no earned one, and the two totals would not compare.
    s.money(r, 13, Some(sum(|d| d.claim)), &f.money_bold)?;
    s.money(r, 14, Some(sum(|d| d.claim_interest)), &f.money_bold)?;
    s.number(
        r,
        16,
        audit.deals.iter().map(|d| d.issues.len()).sum::<usize>() as f64,
        &f.int,
    )?;
    if audit.deals.iter().any(|d| d.provisional) {
        // Firm and provisional claims kept apart.
        let (firm, provisional) = super::claim_totals(&audit.deals);
        r += 1;
        s.text(r, 0, "Firm claims", Some(&f.bold))?;
        s.money(r, 13, Some(firm), &f.money)?;
        r += 1;
        s.text(r, 0, "Provisional claims", Some(&f.bold))?;
        s.money(r, 13, Some(provisional), &f.money)?;
    }
    r += 2;
    s.text(r, 0, "As of", Some(&f.bold))?;
    s.date(r, 1, Some(audit.as_of), f)?;
    let cols = SUMMARY.len() as u16;
    r += 1;
    s.prose(r, "Corrected base = reported base (net profits of the latest statement) + the issues' effect on it (Issues sheet). Earned = the contract share of the corrected base + bonuses due. Claim = earned less paid (previously paid + amount due of the latest statement), never below zero. Interest runs, simple, on the underpayment as it stood statement by statement, each from its statement's date to the next statement's, the last to the as-of date (Worth sheet). Inception-to-date figures of different statements are never added: each issue counts once, as the latest statement shows it.");
    for d in &audit.deals {
        r += 2;
        s.heading(r, &format!("{} — {}", d.deal, d.title));
        if let Some(line) = super::provisional_line(d) {
            r += 1;
            s.prose(r, &format!("{line}:"));
            for reason in super::provisional_reasons(d) {
                r += 1;
                s.prose(r, &format!("– {reason}"));
            }
        }
        for line in super::reading(d) {
            r += 1;
            s.prose(r, &line);
        }
    }
    s.finish(0, last, cols)
}

const ISSUES: [&str; 11] = [
    "Deal",
    "No.",
    "Code",
    "What",
    "Clause",
    "Statements",
    "First period end",
    "Last period end",
    "Effect on base",
    "Effect on claim",
    "What to ask for",
];

/// One row per issue, in the issue order, then per deal the issues' total
/// and the walk to the claim (the studio's arithmetic on the participant
/// lines, a bonus no issue carries, the floor at zero).
fn issues(audit: &Audit, f: &Formats) -> Result<Worksheet, XlsxError> {
    let mut s = Sheet::new("Issues", f)?;
    s.header(0, &ISSUES, f)?;
    let mut r = 0;
    let mut any = false;
    for d in &audit.deals {
        if d.issues.is_empty() {
            continue;
        }
        any = true;
        for (k, i) in d.issues.iter().enumerate() {
            r += 1;
            s.text(r, 0, &d.deal, None)?;
            s.number(r, 1, (k + 1) as f64, &f.int)?;
            s.text(r, 2, i.code.name(), None)?;
            s.wrapped(r, 3, &super::issue_line(i))?;
            s.wrapped(r, 4, &i.clause)?;
            s.number(r, 5, i.statements as f64, &f.int)?;
            s.date(r, 6, Some(i.first_period_end), f)?;
            s.date(r, 7, Some(i.last_period_end), f)?;
            s.money(r, 8, Some(i.base_effect), &f.money)?;
            let claim = d.reconciliation.as_ref().map(|_| i.claim_effect);
            s.money(r, 9, claim, &f.money)?;
            s.wrapped(r, 10, i.code.ask())?;
        }
        let Some(rec) = &d.reconciliation else {
            continue;
        };
        r += 1;
        s.text(r, 0, &d.deal, Some(&f.bold))?;
        s.text(r, 3, "Total of the issues", Some(&f.bold))?;
        s.money(
            r,
            8,
            Some(rec.corrected_base - rec.reported_base),
            &f.money_bold,
        )?;
        s.money(
            r,
            9,
            Some(d.issues.iter().map(|i| i.claim_effect).sum()),
            &f.money_bold,
        )?;
        for (label, v) in super::claim_bridge(rec) {
            r += 1;
            s.text(r, 0, &d.deal, None)?;
            s.wrapped(r, 3, label)?;
            s.money(r, 9, Some(v), &f.money)?;
        }
        r += 1;
        s.text(r, 0, &d.deal, Some(&f.bold))?;
        s.text(
            r,
            3,
            "Claim (earned less paid, not below zero)",
            Some(&f.bold),
        )?;
        s.money(r, 9, Some(rec.claim), &f.money_strong)?;
        r += 1; // a blank row before the next deal
    }
    if !any {
        r += 1;
        s.text(r, 3, "No error findings: nothing to claim.", None)?;
    }
    s.cap(3, 40);
    s.cap(4, 28);
    s.cap(10, 48);
    s.finish(0, r, ISSUES.len() as u16)
}

const FINDINGS: [&str; 16] = [
    "Ref",
    "Deal",
    "Issue",
    "Code",
    "Period end",
    "File",
    "Sheet",
    "Line",
    "Label",
    "Column",
    "Reported",
    "Expected",
    "Difference",
    "Effect on base",
    "Clause",
    "Cells",
];

/// The appendix: every error finding statement by statement, grouped by
/// issue. No subtotals: the differences of cumulative statements are the
/// same money reported again, and adding them would mean nothing.
fn findings(audit: &Audit, f: &Formats) -> Result<Worksheet, XlsxError> {
    let mut s = Sheet::new("Findings", f)?;
    s.header(0, &FINDINGS, f)?;
    let mut r = 0;
    let mut item = 0;
    for dc in super::claims(audit) {
        for (k, (_issue, list)) in dc.by_issue.iter().enumerate() {
            for x in list {
                item += 1;
                r += 1;
                s.number(r, 0, item as f64, &f.int)?;
                s.text(r, 1, &x.deal, None)?;
                s.number(r, 2, (k + 1) as f64, &f.int)?;
                s.text(r, 3, x.code.name(), None)?;
                s.text(r, 4, &x.period_end, None)?;
                s.wrapped(r, 5, &x.file)?;
                s.wrapped(r, 6, &x.sheet)?;
                s.wrapped(r, 7, &x.line)?;
                s.wrapped(r, 8, &x.label)?;
                s.text(r, 9, x.column.map(|c| c.name()).unwrap_or(""), None)?;
                s.money(r, 10, x.reported, &f.money)?;
                s.money(r, 11, x.expected, &f.money)?;
                s.money(r, 12, x.difference(), &f.money)?;
                s.money(r, 13, Some(x.np_effect), &f.money)?;
                s.wrapped(r, 14, &x.clause)?;
                s.wrapped(r, 15, &super::short_cells(x).join("; "))?;
            }
        }
    }
    if item == 0 {
        r += 1;
        s.text(r, 8, "No error findings: nothing to claim.", None)?;
    }
    s.cap(5, 24);
    s.cap(6, 12);
    s.cap(7, 22);
    s.cap(8, 24);
    s.cap(14, 36);
    s.cap(15, 24);
    s.finish(0, r, FINDINGS.len() as u16)
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
    let mut s = Sheet::new("Notes", f)?;
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
            s.wrapped(r, 9, &x.message)?;
            s.wrapped(r, 10, x.code.ask())?;
        }
    }
    s.cap(3, 24);
    s.cap(9, 56);
    s.cap(10, 40);
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
    let mut s = Sheet::new("Deadlines", f)?;
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
    let mut s = Sheet::new("Inputs", f)?;
    s.header(0, &INPUTS, f)?;
    let mut r = 0;
    for i in &audit.inputs {
        r += 1;
        s.wrapped(r, 0, &i.path)?;
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
        s.wrapped(r, 5, &sheets.join("; "))?;
        s.wrapped(r, 6, i.error.as_deref().unwrap_or(""))?;
        s.wrapped(r, 7, &i.location.to_string_lossy())?;
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
    r += 1;
    s.prose(r, &run.command_line.join(" "));
    s.cap(0, 44);
    s.cap(1, 20);
    s.cap(5, 30);
    s.cap(6, 30);
    s.cap(7, 36);
    s.finish(0, last, INPUTS.len() as u16)
}

/// Render the workbook to bytes.
/// A sheet of a workbook built on a draft contract: DRAFT TERMS heads every
/// printed page (`draft`: [`super::draft_terms`] says so).
pub(super) fn draft_header(mut ws: Worksheet, draft: bool) -> Worksheet {
    if draft {
        ws.set_header(format!(
            "&L&\"-,Bold\"DRAFT TERMS: guessed by recoup init, not the agreement&Rrecoup {}",
            env!("CARGO_PKG_VERSION")
        ));
    }
    ws
}

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
    // A draft's terms: DRAFT TERMS heads every printed page of every sheet.
    let draft = super::draft_terms(audit).is_some();
    let mark = |ws: Worksheet| draft_header(ws, draft);
    wb.push_worksheet(mark(summary(audit, &f)?));
    wb.push_worksheet(mark(issues(audit, &f)?));
    let deals: Vec<&crate::audit::claim::DealSummary> = audit.deals.iter().collect();
    wb.push_worksheet(mark(super::worth::xlsx_sheet(&deals, audit.as_of)?));
    wb.push_worksheet(mark(findings(audit, &f)?));
    wb.push_worksheet(mark(notes(audit, &f)?));
    wb.push_worksheet(mark(deadlines(audit, &f)?));
    wb.push_worksheet(mark(inputs(audit, run, &f)?));
    wb.save_to_buffer()
}
