//! Refuse an absurd ODS sheet before calamine materialises it.
//!
//! calamine reads every table of `content.xml` into dense ranges when the
//! workbook is opened, expanding `table:number-rows-repeated` and
//! `table:number-columns-repeated` as it goes (up to its own cap of 100
//! million cells: gigabytes). This scan streams `content.xml` through a
//! counter, never into memory, and works out what calamine would build:
//! where the non-empty cells reach, how many there are once repeats are
//! expanded, how many bytes they hold, and the rectangle that spans them.
//! Anything beyond the bounds of a statement is refused, naming the sheet,
//! the cell and the bound.

use super::{a1, ReadError, MAX_CELLS, MAX_COLS, MAX_RANGE_CELLS, MAX_ROWS, MAX_TEXT_BYTES};
use quick_xml::events::{BytesStart, Event};
use std::io::{BufReader, Read};

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .map(|a| a.value.into_owned())
}

/// A repeat count; anything unreadable counts as 1 (calamine refuses it).
fn repeats(e: &BytesStart<'_>, name: &str) -> u64 {
    attr(e, name)
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(1)
        .max(1)
}

fn has_value(e: &BytesStart<'_>) -> bool {
    e.attributes().flatten().any(|a| {
        matches!(
            a.key.as_ref(),
            "office:value-type"
                | "office:value"
                | "office:string-value"
                | "office:date-value"
                | "office:time-value"
                | "office:boolean-value"
                | "table:formula"
        )
    })
}

/// What one table has reached so far.
struct Table {
    name: String,
    /// Rows so far, repeats expanded.
    rows: u64,
    /// Non-empty cells so far, repeats expanded.
    cells: u64,
    /// Bytes of XML behind those cells, repeats expanded.
    bytes: u64,
    first_row: Option<u64>,
    last_row: u64,
    first_col: u64,
    last_col: u64,
}

/// The row being read.
struct Row {
    repeats: u64,
    col: u64,
    cells: u64,
    bytes: u64,
    first_col: Option<u64>,
    last_col: u64,
}

fn refuse(table: &Table, message: String) -> ReadError {
    ReadError::sheet(&table.name, message)
}

fn end_row(t: &mut Table, r: Row) -> Result<(), ReadError> {
    if let Some(first_col) = r.first_col {
        if r.last_col >= MAX_COLS as u64 {
            return Err(refuse(
                t,
                format!(
                    "cell {} is beyond the limit of {MAX_COLS} columns for a statement",
                    a1(t.rows.min(usize::MAX as u64) as usize, r.last_col as usize)
                ),
            ));
        }
        let last_row = t.rows.saturating_add(r.repeats - 1);
        if last_row >= MAX_ROWS as u64 {
            return Err(refuse(
                t,
                format!(
                    "a cell in row {} (repeated to row {}) is beyond the limit of {MAX_ROWS} rows for a statement",
                    t.rows.saturating_add(1),
                    last_row.saturating_add(1)
                ),
            ));
        }
        t.first_row.get_or_insert(t.rows);
        t.last_row = last_row;
        t.first_col = t.first_col.min(first_col);
        t.last_col = t.last_col.max(r.last_col);
        t.cells = t.cells.saturating_add(r.cells.saturating_mul(r.repeats));
        t.bytes = t.bytes.saturating_add(r.bytes.saturating_mul(r.repeats));
        if t.cells > MAX_CELLS as u64 {
            return Err(refuse(
                t,
                format!(
                    "more than {MAX_CELLS} cells once repeated rows and columns are expanded: too large to be a statement"
                ),
            ));
        }
        if t.bytes > MAX_TEXT_BYTES as u64 {
            return Err(refuse(
                t,
                format!(
                    "its cells hold more than {MAX_TEXT_BYTES} bytes once repeated rows and columns are expanded: too large to be a statement"
                ),
            ));
        }
        let first_row = t.first_row.unwrap_or(0);
        let span = (t.last_row - first_row + 1).saturating_mul(t.last_col - t.first_col + 1);
        if span > MAX_RANGE_CELLS as u64 {
            return Err(refuse(
                t,
                format!(
                    "its cells span {}:{}, more than {MAX_RANGE_CELLS} cells: too large to be a statement",
                    a1(first_row as usize, t.first_col as usize),
                    a1(t.last_row as usize, t.last_col as usize)
                ),
            ));
        }
    }
    t.rows = t.rows.saturating_add(r.repeats);
    Ok(())
}

/// Scan an ODS `content.xml` stream. XML errors are left to calamine, which
/// reports them; only the bounds are judged here.
pub fn check_content<R: Read>(content: R) -> Result<(), ReadError> {
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(content));
    let mut buf = Vec::new();
    let mut table: Option<Table> = None;
    let mut row: Option<Row> = None;
    // Inside a cell: its nesting depth, start offset, columns and whether it holds a value.
    let mut cell: Option<(u32, u64, u64, bool)> = None;
    loop {
        buf.clear();
        let before = reader.buffer_position();
        let event = match reader.read_event_into(&mut buf) {
            Ok(Event::Eof) | Err(_) => return Ok(()),
            Ok(e) => e,
        };
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                if let Some(c) = cell.as_mut() {
                    // Content inside the cell: it holds something.
                    if !empty {
                        c.0 += 1;
                    }
                    c.3 = true;
                    continue;
                }
                match e.name().as_ref() {
                    "table:table" if !empty => {
                        let name = attr(e, "table:name").unwrap_or_default();
                        table = Some(Table {
                            name,
                            rows: 0,
                            cells: 0,
                            bytes: 0,
                            first_row: None,
                            last_row: 0,
                            first_col: u64::MAX,
                            last_col: 0,
                        });
                    }
                    "table:table-row" if table.is_some() => {
                        let r = Row {
                            repeats: repeats(e, "table:number-rows-repeated"),
                            col: 0,
                            cells: 0,
                            bytes: 0,
                            first_col: None,
                            last_col: 0,
                        };
                        if empty {
                            if let Some(t) = table.as_mut() {
                                end_row(t, r)?;
                            }
                        } else {
                            row = Some(r);
                        }
                    }
                    "table:table-cell" | "table:covered-table-cell" if row.is_some() => {
                        let cols = repeats(e, "table:number-columns-repeated");
                        let valued = has_value(e);
                        if empty {
                            let bytes = reader.buffer_position() - before;
                            if let Some(r) = row.as_mut() {
                                add_cell(r, cols, valued, bytes);
                            }
                        } else {
                            cell = Some((1, before, cols, valued));
                        }
                    }
                    _ => {}
                }
            }
            Event::End(ref e) => {
                if let Some((depth, start, cols, valued)) = cell.as_mut() {
                    *depth -= 1;
                    if *depth == 0 {
                        let (start, cols, valued) = (*start, *cols, *valued);
                        cell = None;
                        let bytes = reader.buffer_position() - start;
                        if let Some(r) = row.as_mut() {
                            add_cell(r, cols, valued, bytes);
                        }
                    }
                    continue;
                }
                match e.name().as_ref() {
                    "table:table-row" => {
                        if let (Some(t), Some(r)) = (table.as_mut(), row.take()) {
                            end_row(t, r)?;
                        }
                    }
                    "table:table" => {
                        table = None;
                        row = None;
                    }
                    _ => {}
                }
            }
            _ => {
                if let Some(c) = cell.as_mut() {
                    c.3 = true;
                }
            }
        }
    }
}

fn add_cell(r: &mut Row, cols: u64, valued: bool, bytes: u64) {
    if valued {
        r.first_col.get_or_insert(r.col);
        r.last_col = r.col.saturating_add(cols - 1);
        r.cells = r.cells.saturating_add(cols);
        r.bytes = r.bytes.saturating_add(bytes.saturating_mul(cols));
    }
    r.col = r.col.saturating_add(cols);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(body: &str) -> String {
        format!(
            r#"<?xml version="1.0"?><office:document-content><office:body><office:spreadsheet><table:table table:name="Statement">{body}</table:table></office:spreadsheet></office:body></office:document-content>"#
        )
    }

    const CELL: &str = r#"<table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell>"#;

    #[test]
    fn an_ordinary_sheet_passes() {
        let mut body = String::new();
        for _ in 0..300 {
            body.push_str(&format!("<table:table-row>{CELL}{CELL}{CELL}<table:table-cell table:number-columns-repeated=\"16380\"/></table:table-row>"));
        }
        // LibreOffice ends a sheet with a million empty rows: not content.
        body.push_str(r#"<table:table-row table:number-rows-repeated="1048276"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>"#);
        assert_eq!(check_content(table(&body).as_bytes()), Ok(()));
    }

    #[test]
    fn repeated_rows_and_columns_are_refused_naming_the_sheet_and_bound() {
        let wide = table(
            r#"<table:table-row table:number-rows-repeated="6000"><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="16384"/></table:table-row>"#,
        );
        let e = check_content(wide.as_bytes()).unwrap_err();
        assert_eq!(e.sheet.as_deref(), Some("Statement"));
        assert!(
            e.message.contains("XFD1") && e.message.contains("columns"),
            "{}",
            e.message
        );

        let tall = table(&format!(
            r#"<table:table-row table:number-rows-repeated="1048576">{CELL}</table:table-row>"#
        ));
        let e = check_content(tall.as_bytes()).unwrap_err();
        assert!(
            e.message.contains("1048576") && e.message.contains("rows"),
            "{}",
            e.message
        );

        // Under both single bounds, over the cell count.
        let many = table(
            r#"<table:table-row table:number-rows-repeated="19000"><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="200"/></table:table-row>"#,
        );
        let e = check_content(many.as_bytes()).unwrap_err();
        assert!(e.message.contains("cells"), "{}", e.message);

        // Two far corners: few cells, a huge rectangle.
        let corners = table(&format!(
            r#"<table:table-row>{CELL}</table:table-row><table:table-row table:number-rows-repeated="19000"/><table:table-row><table:table-cell table:number-columns-repeated="250"/>{CELL}</table:table-row>"#
        ));
        let e = check_content(corners.as_bytes()).unwrap_err();
        assert!(e.message.contains("span A1:IQ19002"), "{}", e.message);
    }

    #[test]
    fn a_long_text_repeated_is_refused() {
        let text = "x".repeat(100_000);
        let t = table(&format!(
            r#"<table:table-row table:number-rows-repeated="1000"><table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell></table:table-row>"#
        ));
        let e = check_content(t.as_bytes()).unwrap_err();
        assert!(e.message.contains("bytes"), "{}", e.message);
    }
}
