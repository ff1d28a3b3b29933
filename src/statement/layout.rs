//! A grid to a statement: find the header block and the line table wherever
//! they sit on the sheet, read the header's keys and dates, and hand the
//! table to `lines`, which codes every line and keeps every amount's cell.
//!
//! This stage is a pure function of the grid (and of the contract's extra
//! aliases): it never touches the filesystem.

use super::cells::{cell_ref, cell_text, clip, currency_code};
pub use super::cells::{LayoutError, Source};
use super::lines::{read_lines, Columns};
use super::model::Statement;
use super::printed;
use crate::grid::{Cell, Grid};
use crate::money;
use chrono::NaiveDate;
use std::collections::HashMap;

/// What a grid turned out to be.
#[derive(Debug)]
pub enum Layout {
    /// No header block and no line table: not a statement (a notes sheet).
    NotStatement,
    Statement(Statement),
    Error(LayoutError),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Title,
    Participant,
    Deal,
    PeriodStart,
    PeriodEnd,
    StatementDate,
    Currency,
}

/// The letters and digits of a header or column name, lowercased, in
/// `buf`; `None` when the name has a letter outside ASCII or is longer than
/// any name recoup knows (those can match none of them).
fn squash<'b>(text: &str, buf: &'b mut [u8; 32]) -> Option<&'b str> {
    let mut n = 0;
    for c in text.chars().filter(|c| c.is_alphanumeric()) {
        if !c.is_ascii() || n == buf.len() {
            return None;
        }
        buf[n] = c.to_ascii_lowercase() as u8;
        n += 1;
    }
    std::str::from_utf8(&buf[..n]).ok()
}

fn header_key(text: &str) -> Option<Key> {
    let mut buf = [0u8; 32];
    let k = squash(text, &mut buf)?;
    header_key_squashed(k).or_else(|| {
        // A key followed by `No`, `No.`, `Number`, `#` or `ID` is the key
        // itself (`Agreement No.:`, `Contract #`); `#` and `.` are already
        // gone with the punctuation.
        let base = ["number", "no", "id"]
            .iter()
            .find_map(|suffix| k.strip_suffix(suffix))?;
        match header_key_squashed(base)? {
            Key::PeriodStart | Key::PeriodEnd | Key::StatementDate => None,
            key => Some(key),
        }
    })
}

fn header_key_squashed(k: &str) -> Option<Key> {
    Some(match k {
        "title" | "picture" | "program" | "series" | "motionpicture" => Key::Title,
        "participant" | "payee" => Key::Participant,
        "deal" | "contract" | "agreement" | "dealid" | "dealno" | "contractno" => Key::Deal,
        "periodstart" | "from" | "periodbeginning" | "periodfrom" => Key::PeriodStart,
        "periodend" | "to" | "periodending" | "periodto" | "periodended" | "fortheperiodending"
        | "fortheperiodended" => Key::PeriodEnd,
        "statementdate" | "date" | "dateissued" => Key::StatementDate,
        "currency" => Key::Currency,
        _ => return None,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Section,
    Line,
    Current,
    Itd,
    Prior,
}

fn column_name(text: &str) -> Option<Col> {
    let mut buf = [0u8; 32];
    let k = squash(text, &mut buf)?;
    column_squashed(k)
}

/// A column heading that carries a unit (`Current Period ($000s)`, `ITD
/// $000`): its column and the unit.
fn column_with_unit(text: &str) -> Option<(Col, u32)> {
    let unit = printed::unit_in(text)?;
    let mut buf = [0u8; 32];
    let k = squash(text, &mut buf)?;
    let col = column_squashed(printed::without_unit(k)?)?;
    Some((col, unit))
}

fn column_squashed(k: &str) -> Option<Col> {
    Some(match k {
        "section" => Col::Section,
        "line" | "description" | "lineitem" | "particulars" => Col::Line,
        "currentperiod" | "current" | "thisperiod" | "currentquarter" | "currentperiodamount" => {
            Col::Current
        }
        "inceptiontodate" | "todate" | "itd" | "cumulative" | "cumulativetodate"
        | "totaltodate" | "inceptiontodateitd" => Col::Itd,
        "previouslyreported"
        | "prior"
        | "previous"
        | "priorperiod"
        | "priortodate"
        | "previouslyreportedtodate"
        | "previouslyreportedtd"
        | "previouslyreporteditd"
        | "priorinceptiontodate"
        | "previousinceptiontodate"
        | "priorcumulative"
        | "previouslyreportedcumulative"
        | "priortotaltodate"
        | "priorperiodtodate" => Col::Prior,
        _ => return None,
    })
}

/// The line table's heading row: the first row with a current-period and an
/// inception-to-date heading (SPEC §2). The label column's heading and the
/// Section column are optional.
fn find_table(grid: &Grid) -> Option<(usize, Columns)> {
    // Headings that carry a unit (`Current Period ($000s)`) are looked for
    // only when the plain names find no table.
    find_table_with(grid, false).or_else(|| find_table_with(grid, true))
}

fn find_table_with(grid: &Grid, units: bool) -> Option<(usize, Columns)> {
    for (r, row) in grid.rows.iter().enumerate() {
        let (mut section, mut line, mut current, mut itd) = (None, None, None, None);
        let (mut prior, mut second_itd, mut second_line) = (None, None, None);
        let mut unit = None;
        for (c, cell) in row.iter().enumerate() {
            if let Cell::Text(t) = cell {
                let name = column_name(t).or_else(|| {
                    if !units {
                        return None;
                    }
                    let (col, u) = column_with_unit(t)?;
                    unit = Some(u);
                    Some(col)
                });
                match name {
                    Some(Col::Section) if section.is_none() => section = Some(c),
                    Some(Col::Line) if line.is_none() => line = Some(c),
                    Some(Col::Line) if second_line.is_none() => second_line = Some(c),
                    Some(Col::Current) if current.is_none() => current = Some(c),
                    Some(Col::Itd) if itd.is_none() => itd = Some(c),
                    Some(Col::Itd) if second_itd.is_none() => second_itd = Some(c),
                    Some(Col::Prior) if prior.is_none() => prior = Some(c),
                    _ => {}
                }
            }
        }
        let (Some(current), Some(itd)) = (current, itd) else {
            continue;
        };
        let line = match (line, second_line) {
            // `Line | Description`: the labels are the column with words in
            // it (the other holds line numbers).
            (Some(a), Some(b)) => {
                let other = if a < b { b } else { a };
                match label_column(grid, r, [section, Some(current), Some(itd), prior]) {
                    Some(c) if c == other => other,
                    _ => a.min(b),
                }
            }
            (Some(l), None) => l,
            (None, _) => label_column(grid, r, [section, Some(current), Some(itd), prior])?,
        };
        return Some((
            r,
            Columns {
                section,
                line,
                current,
                itd,
                prior,
                second_itd,
                unit,
            },
        ));
    }
    None
}

/// The column of a label column without a heading: where the first row
/// below the headings that prints an amount has its first text with a
/// letter in it, outside the other columns.
fn label_column(grid: &Grid, heading: usize, taken: [Option<usize>; 4]) -> Option<usize> {
    let amount_cols = [taken[1], taken[2], taken[3]];
    for row in grid.rows.iter().skip(heading + 1) {
        let has_amount = amount_cols
            .iter()
            .flatten()
            .any(|&c| row.get(c).is_some_and(|cell| !cell.is_empty()));
        if !has_amount {
            continue;
        }
        return row.iter().enumerate().find_map(|(c, cell)| match cell {
            Cell::Text(t) if !taken.contains(&Some(c)) && t.chars().any(char::is_alphabetic) => {
                Some(c)
            }
            _ => None,
        });
    }
    None
}

/// Where a header value is: a cell, or part of the key's own cell
/// (`Period Ending: June 30, 2024` in one cell).
#[derive(Clone)]
struct Field {
    row: usize,
    col: usize,
    inline: Option<String>,
}

struct Header {
    fields: HashMap<&'static str, Field>,
}

fn key_name(k: Key) -> &'static str {
    match k {
        Key::Title => "Title",
        Key::Participant => "Participant",
        Key::Deal => "Deal",
        Key::PeriodStart => "Period Start",
        Key::PeriodEnd => "Period End",
        Key::StatementDate => "Statement Date",
        Key::Currency => "Currency",
    }
}

/// Whether a header key names a period range (`Period`, `Accounting
/// Period`, `For the Period`, `Statement Period`).
fn is_period_key(text: &str) -> bool {
    let mut buf = [0u8; 32];
    matches!(
        squash(text, &mut buf),
        Some("period" | "accountingperiod" | "fortheperiod" | "statementperiod" | "periodcovered")
    )
}

/// Split a printed period (`01/01/2024 - 06/30/2024`, `January 1, 2024 to
/// June 30, 2024`, `… through …`, `2024-01-01–2024-06-30`).
fn split_period(text: &str) -> Option<(String, String)> {
    let text = text.trim();
    let both = |a: &str, b: &str| {
        (money::parse_date(a.trim()).is_some() && money::parse_date(b.trim()).is_some())
            .then(|| (a.trim().to_string(), b.trim().to_string()))
    };
    let lower = text.to_ascii_lowercase();
    for sep in [
        " through ",
        " thru ",
        " to ",
        " until ",
        " – ",
        " — ",
        " - ",
    ] {
        if let Some(i) = lower.find(sep) {
            // `to` and friends are ASCII: the byte offsets are the text's.
            if let Some(pair) = both(&text[..i], &text[i + sep.len()..]) {
                return Some(pair);
            }
        }
    }
    // No spaces around the dash: try each dash (ISO dates hold dashes too).
    for (i, c) in text.char_indices() {
        if matches!(c, '-' | '–' | '—') {
            if let Some(pair) = both(&text[..i], &text[i + c.len_utf8()..]) {
                return Some(pair);
            }
        }
    }
    None
}

/// Scan rows for `Key: value` pairs: the first non-empty cell is the key,
/// the next non-empty cell to its right the value (or the rest of the key's
/// own cell after a colon). The first of each key wins.
fn scan_header(grid: &Grid, rows: std::ops::Range<usize>, header: &mut Header) {
    for r in rows {
        let Some(row) = grid.rows.get(r) else { break };
        let mut cells = row.iter().enumerate().filter(|(_, c)| !c.is_empty());
        let Some((kc, Cell::Text(k))) = cells.next() else {
            continue;
        };
        let Some(first) = named_key(k) else { continue };
        // The row's pairs in turn: `From: 01/01/2024  To: 06/30/2024`,
        // `Agreement No.: WB-1 | Period: 01/01/2024 - 06/30/2024`.
        let mut pair = Some((kc, first));
        while let Some((kc, (name, inline))) = pair.take() {
            let field = match inline {
                Some(_) => Field {
                    row: r,
                    col: kc,
                    inline,
                },
                None => match cells.next() {
                    Some((vc, _)) => Field {
                        row: r,
                        col: vc,
                        inline: None,
                    },
                    None => break,
                },
            };
            match name {
                Named::Key(key) => {
                    header.fields.entry(key_name(key)).or_insert(field);
                }
                Named::Period => period_range(grid, row, field, header),
            }
            pair = cells.by_ref().find_map(|(c, cell)| match cell {
                Cell::Text(t) => named_key(t).map(|n| (c, n)),
                _ => None,
            });
        }
    }
}

/// What a header cell names: a key, or a period range (`Period`,
/// `Accounting Period`, `For the Period`).
enum Named {
    Key(Key),
    Period,
}

/// A header key in a cell, with its value when the cell holds both
/// (`Period Ending: June 30, 2024`).
fn named_key(text: &str) -> Option<(Named, Option<String>)> {
    if let Some(key) = header_key(text) {
        return Some((Named::Key(key), None));
    }
    if is_period_key(text) {
        return Some((Named::Period, None));
    }
    let (name, value) = text.split_once(':')?;
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    if let Some(key) = header_key(name) {
        Some((Named::Key(key), Some(value.to_string())))
    } else if is_period_key(name) {
        Some((Named::Period, Some(value.to_string())))
    } else {
        None
    }
}

/// A period printed as one range: both dates in the value (`01/01/2024 -
/// 06/30/2024`), or in cells of their own (`Period | 01/01/2024 | to |
/// 06/30/2024`). Nothing is recorded when it reads as neither.
fn period_range(grid: &Grid, row: &[Cell], field: Field, header: &mut Header) {
    let text = match &field.inline {
        Some(t) => t.clone(),
        None => cell_text(grid, field.row, field.col),
    };
    if let Some((a, b)) = split_period(&text) {
        header.fields.entry("Period Start").or_insert(Field {
            inline: Some(a),
            ..field.clone()
        });
        header.fields.entry("Period End").or_insert(Field {
            inline: Some(b),
            ..field
        });
    } else if field.inline.is_none() {
        let r = field.row;
        let mut dates = row
            .iter()
            .enumerate()
            .skip(field.col)
            .filter(|(_, c)| !c.is_empty())
            .map(|(c, _)| Field {
                row: r,
                col: c,
                inline: None,
            })
            .filter(|f| is_date_cell(grid, f));
        if let (Some(a), Some(b)) = (dates.next(), dates.next()) {
            header.fields.entry("Period Start").or_insert(a);
            header.fields.entry("Period End").or_insert(b);
        }
    }
}

/// Whether a header cell holds a date (as a date cell or as text).
fn is_date_cell(grid: &Grid, f: &Field) -> bool {
    match grid.cell(f.row, f.col) {
        Cell::Date(_) => true,
        Cell::Text(t) => money::parse_date(t).is_some(),
        _ => false,
    }
}

/// A date printed as text, or a spreadsheet serial number exported as text
/// (`45473` in a CSV saved from Excel).
fn date_text(text: &str, date1904: bool) -> Option<NaiveDate> {
    money::parse_date(text).or_else(|| {
        let t = text.trim();
        let digits = t.strip_suffix(".0").unwrap_or(t);
        if (5..=7).contains(&digits.len()) && digits.chars().all(|c| c.is_ascii_digit()) {
            money::date_from_serial(digits.parse::<f64>().ok()?, date1904)
        } else {
            None
        }
    })
}

fn read_date(
    src: &Source,
    grid: &Grid,
    field: &Field,
    what: &str,
) -> Result<NaiveDate, LayoutError> {
    let cell = grid.cell(field.row, field.col);
    let (got, shown) = match &field.inline {
        Some(text) => (date_text(text, src.date1904), text.clone()),
        None => (
            match cell {
                Cell::Date(d) => Some(*d),
                Cell::Number(n) => money::date_from_serial(*n, src.date1904),
                Cell::Text(t) => date_text(t, src.date1904),
                _ => None,
            },
            cell.text().into_owned(),
        ),
    };
    got.ok_or_else(|| LayoutError {
        cell: Some(cell_ref(src, grid, field.row, field.col)),
        message: format!(
            "{what} '{}' is not a date (use 2024-06-30, 06/30/2024, 30-Jun-2024 or June 30, 2024)",
            clip(&shown)
        ),
    })
}

/// The unit a banner above the line table announces (`(in thousands)`):
/// any text cell of a row that is not a header key's row.
fn banner_unit(grid: &Grid, rows: std::ops::Range<usize>) -> Option<u32> {
    for r in rows {
        let row = grid.rows.get(r)?;
        let unit = row.iter().find_map(|cell| match cell {
            Cell::Text(t) => printed::unit_in(t),
            _ => None,
        });
        let Some(unit) = unit else { continue };
        // A header key's row holds a value, not a banner.
        match row.iter().find(|c| !c.is_empty()) {
            Some(Cell::Text(first)) if named_key(first).is_some() => continue,
            _ => return Some(unit),
        }
    }
    None
}

/// Read one grid as a statement.
pub fn layout(
    grid: &Grid,
    src: &Source,
    aliases: &dyn Fn(&str) -> Option<HashMap<String, String>>,
) -> Layout {
    let table = find_table(grid);
    let mut header = Header {
        fields: HashMap::with_capacity(8),
    };
    let table_row = table.as_ref().map(|t| t.0).unwrap_or(grid.rows.len());
    scan_header(grid, 0..table_row, &mut header);
    let table = table.map(|(r, mut cols)| {
        if cols.unit.is_none() {
            cols.unit = banner_unit(grid, 0..r);
        }
        (r, cols)
    });
    if table.is_none() && !header.fields.contains_key("Deal") {
        return Layout::NotStatement;
    }
    if table.is_none() && header.fields.len() < 3 {
        return Layout::NotStatement;
    }
    match build(grid, src, table, header, aliases) {
        Ok(s) => Layout::Statement(s),
        Err(e) => Layout::Error(e),
    }
}

fn build(
    grid: &Grid,
    src: &Source,
    table: Option<(usize, Columns)>,
    mut header: Header,
    aliases: &dyn Fn(&str) -> Option<HashMap<String, String>>,
) -> Result<Statement, LayoutError> {
    let whole = |message: &str| LayoutError {
        cell: None,
        message: if grid.sheet.is_empty() {
            message.to_string()
        } else {
            format!("sheet {}: {message}", grid.sheet)
        },
    };
    let Some((table_row, cols)) = table else {
        return Err(whole(
            "no line table: no row with the headings Current Period and Inception To Date (and a label column)",
        ));
    };
    if let Some(second) = cols.second_itd {
        return Err(LayoutError {
            cell: Some(cell_ref(src, grid, table_row, cols.itd)),
            message: format!(
                "two columns could be the inception-to-date one: '{}' ({}) and '{}' ({}); keep one heading among Inception To Date, To Date, ITD and Cumulative",
                clip(&cell_text(grid, table_row, cols.itd)),
                cell_ref(src, grid, table_row, cols.itd),
                clip(&cell_text(grid, table_row, second)),
                cell_ref(src, grid, table_row, second),
            ),
        });
    }
    let extra = aliases(&header_text(grid, &header, "Deal"));
    let own = currency_code(&header_text(grid, &header, "Currency"));
    let (lines, reading, end_row) = read_lines(grid, src, table_row, &cols, extra.as_ref(), &own)?;
    // Header keys may also sit below the table (a footer block).
    if !header.fields.contains_key("Deal") || !header.fields.contains_key("Period End") {
        scan_header(grid, end_row..grid.rows.len(), &mut header);
    }
    let text_of = |name: &str| {
        header.fields.get(name).map(|f| {
            f.inline
                .clone()
                .unwrap_or_else(|| cell_text(grid, f.row, f.col))
        })
    };
    let deal = text_of("Deal").ok_or_else(|| {
        whole("the header block has no Deal (Deal, Contract, Agreement or Deal ID)")
    })?;
    let start = header
        .fields
        .get("Period Start")
        .cloned()
        .ok_or_else(|| whole("the header block has no Period Start (or From)"))?;
    let end = header
        .fields
        .get("Period End")
        .cloned()
        .ok_or_else(|| whole("the header block has no Period End (or To, Period Ending)"))?;
    let period_start = read_date(src, grid, &start, "Period Start")?;
    let period_end = read_date(src, grid, &end, "Period End")?;
    if period_end < period_start {
        return Err(LayoutError {
            cell: Some(cell_ref(src, grid, end.row, end.col)),
            message: format!("Period End {period_end} is before Period Start {period_start}"),
        });
    }
    let statement_date = match header.fields.get("Statement Date") {
        Some(f) => Some(read_date(src, grid, f, "Statement Date")?),
        None => None,
    };
    let currency = currency_code(&text_of("Currency").unwrap_or_default());
    Ok(Statement {
        file: src.file.to_string(),
        sheet: grid.sheet.clone(),
        deal,
        title: text_of("Title").unwrap_or_default(),
        participant: text_of("Participant").unwrap_or_default(),
        period_start,
        period_end,
        statement_date,
        currency,
        unit: cols.unit.unwrap_or(1),
        lines,
        reading: Box::new(reading),
        spilled: None,
    })
}

/// A header field's text (empty when the header has no such key).
fn header_text(grid: &Grid, header: &Header, name: &str) -> String {
    header
        .fields
        .get(name)
        .map(|f| {
            f.inline
                .clone()
                .unwrap_or_else(|| cell_text(grid, f.row, f.col))
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_squashed_to_ascii_letters_and_digits() {
        let mut buf = [0u8; 32];
        assert_eq!(squash("Period Ending:", &mut buf), Some("periodending"));
        assert_eq!(
            squash("Inception-to-Date (ITD)", &mut buf),
            Some("inceptiontodateitd")
        );
        assert_eq!(squash("  ", &mut buf), Some(""));
        // Outside ASCII, or longer than any known name: no name can match.
        assert_eq!(squash("Période", &mut buf), None);
        assert_eq!(squash("a".repeat(33).as_str(), &mut buf), None);
        assert_eq!(header_key("Period Ending:"), Some(Key::PeriodEnd));
        assert_eq!(column_name("To Date"), Some(Col::Itd));
        assert_eq!(header_key("Période"), None);
    }
}
