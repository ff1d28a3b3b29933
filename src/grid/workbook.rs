//! Workbook bytes to grids through calamine: one grid per worksheet.
//!
//! XLSX and XLSB sheets are streamed cell by cell, so a sheet that declares
//! absurd dimensions or expands to gigabytes is refused at the first cell
//! beyond the bounds, never materialised. XLS and ODS sheets come from
//! calamine as ranges, checked against the same bounds.

use super::{
    guarded, Cell, FileKind, Grid, ReadError, MAX_CELLS, MAX_COLS, MAX_RANGE_CELLS, MAX_ROWS,
    MAX_SHEETS, MAX_TEXT_BYTES,
};
use crate::money;
use calamine::{Data, DataRef, ExcelDateTime, Reader};
use std::io::Cursor;

fn date_cell(dt: &ExcelDateTime) -> Cell<'static> {
    if !dt.is_datetime() {
        return Cell::Number(dt.as_f64());
    }
    let v = dt.as_f64();
    if !v.is_finite() || !(0.0..2_958_466.0).contains(&v) {
        return Cell::Error(format!("date serial {v} out of range"));
    }
    let (y, m, d, ..) = dt.to_ymd_hms_milli();
    match chrono::NaiveDate::from_ymd_opt(y as i32, m as u32, d as u32) {
        Some(date) => Cell::Date(date),
        None => Cell::Error(format!("invalid date serial {v}")),
    }
}

fn iso_cell(s: &str) -> Cell<'static> {
    match money::parse_date(s) {
        Some(d) => Cell::Date(d),
        None => Cell::Text(s.to_string().into()),
    }
}

fn from_data(d: &Data) -> Cell<'static> {
    match d {
        Data::Empty => Cell::Empty,
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::String(s) => Cell::Text(s.clone().into()),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => date_cell(dt),
        Data::DateTimeIso(s) => iso_cell(s),
        Data::DurationIso(s) => Cell::Text(s.clone().into()),
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}

/// A shared string is borrowed from the workbook, not copied.
fn from_ref<'a>(d: DataRef<'a>) -> Cell<'a> {
    match d {
        DataRef::Empty => Cell::Empty,
        DataRef::Int(i) => Cell::Number(i as f64),
        DataRef::Float(f) => Cell::Number(f),
        DataRef::String(s) => Cell::Text(s.into()),
        DataRef::SharedString(s) => Cell::Text(s.into()),
        DataRef::Bool(b) => Cell::Bool(b),
        DataRef::DateTime(dt) => date_cell(&dt),
        DataRef::DateTimeIso(s) => iso_cell(&s),
        DataRef::DurationIso(s) => Cell::Text(s.into()),
        DataRef::Error(e) => Cell::Error(e.to_string()),
    }
}

/// Builds a grid from cells in any order, enforcing the bounds as it goes.
struct GridBuilder<'a> {
    grid: Grid<'a>,
    cells: usize,
    /// Cells stored, empty ones included (each row is dense to its last cell).
    stored: usize,
    text_bytes: usize,
}

impl<'a> GridBuilder<'a> {
    fn new(sheet: &str, date1904: bool) -> Self {
        GridBuilder {
            grid: Grid {
                sheet: sheet.to_string(),
                origin: (0, 0),
                rows: Vec::new(),
                date1904,
            },
            cells: 0,
            stored: 0,
            text_bytes: 0,
        }
    }

    fn put(&mut self, row: u32, col: u32, cell: Cell<'a>) -> Result<(), ReadError> {
        if cell == Cell::Empty {
            return Ok(());
        }
        let (r, c) = (row as usize, col as usize);
        let refuse = |message: String| Err(ReadError::sheet(&self.grid.sheet, message));
        if r >= MAX_ROWS {
            return refuse(format!(
                "cell {} is beyond the limit of {MAX_ROWS} rows for a statement",
                super::a1(r, c)
            ));
        }
        if c >= MAX_COLS {
            return refuse(format!(
                "cell {} is beyond the limit of {MAX_COLS} columns for a statement",
                super::a1(r, c)
            ));
        }
        if self.cells >= MAX_CELLS {
            return refuse(format!(
                "more than {MAX_CELLS} cells: too large to be a statement"
            ));
        }
        let row_len = self.grid.rows.get(r).map_or(0, Vec::len);
        let grows = (c + 1).saturating_sub(row_len);
        if self.stored + grows > MAX_RANGE_CELLS {
            return refuse(format!(
                "its cells, up to {}, span more than {MAX_RANGE_CELLS} cells: too large to be a statement",
                super::a1(r, c)
            ));
        }
        let text_len = match &cell {
            Cell::Text(t) => t.len(),
            Cell::Error(t) => t.len(),
            _ => 0,
        };
        if text_len > 0 {
            self.text_bytes += text_len;
            if self.text_bytes > MAX_TEXT_BYTES {
                return refuse(format!(
                    "its cells hold more than {MAX_TEXT_BYTES} bytes of text (at {}): too large to be a statement",
                    super::a1(r, c)
                ));
            }
        }
        self.cells += 1;
        self.stored += grows;
        let rows = &mut self.grid.rows;
        if rows.len() <= r {
            rows.resize_with(r + 1, Vec::new);
        }
        let line = &mut rows[r];
        if line.len() <= c {
            line.resize(c + 1, Cell::Empty);
        }
        line[c] = cell;
        Ok(())
    }
}

fn calamine_error(kind: FileKind, e: impl std::fmt::Display) -> ReadError {
    let text = e.to_string();
    let lower = text.to_ascii_lowercase();
    if lower.contains("password") || lower.contains("encrypt") {
        ReadError::file(format!(
            "the {} workbook is encrypted or password-protected",
            kind.name()
        ))
    } else {
        ReadError::file(format!("not a readable {} workbook: {text}", kind.name()))
    }
}

/// The worksheet names, refused when there are more than a workbook of
/// statements could need.
fn sheet_names(kind: FileKind, names: Vec<String>) -> Result<Vec<String>, ReadError> {
    if names.len() > MAX_SHEETS {
        return Err(ReadError::file(format!(
            "the {} workbook has {} sheets, more than the limit of {MAX_SHEETS}",
            kind.name(),
            names.len()
        )));
    }
    Ok(names)
}

/// An OLE (CFB) container with an `.xlsx` name is how Excel stores an
/// encrypted workbook; say so instead of "invalid zip".
fn looks_encrypted_ooxml(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
}

/// Read every worksheet into a grid, all at once (for `inspect`).
pub fn read_workbook(
    kind: FileKind,
    bytes: &[u8],
) -> Result<Vec<Result<Grid<'static>, ReadError>>, ReadError> {
    let mut out = Vec::new();
    for_each_sheet(kind, bytes, &mut |g| out.push(g.map(Grid::into_owned)))?;
    Ok(out)
}

/// Read the worksheets one at a time, handing each grid (or the reason it
/// could not be read) to `each` before reading the next, so that only one
/// sheet's grid is held at once however many sheets the workbook has.
pub fn for_each_sheet(
    kind: FileKind,
    bytes: &[u8],
    each: &mut dyn FnMut(Result<Grid<'_>, ReadError>),
) -> Result<(), ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::file("empty file"));
    }
    if matches!(kind, FileKind::Xlsx | FileKind::Xlsm | FileKind::Xlsb)
        && looks_encrypted_ooxml(bytes)
    {
        return Err(ReadError::file(format!(
            "the {} workbook is encrypted or password-protected",
            kind.name()
        )));
    }
    super::zipcheck::check(kind, bytes)?;
    if kind == FileKind::Xls {
        super::xlscheck::check(bytes)?;
    }
    let cursor = Cursor::new(bytes);
    // calamine runs under `guarded`; laying out a sheet (`each`) does not.
    match kind {
        FileKind::Xlsx | FileKind::Xlsm => {
            let mut wb: calamine::Xlsx<_> = guarded(kind, || {
                calamine::open_workbook_from_rs(cursor).map_err(|e| calamine_error(kind, e))
            })?;
            for name in sheet_names(kind, wb.sheet_names())? {
                // The grid borrows the workbook's shared strings until `each`
                // is done with it.
                let (book, sheet) = (&mut wb, name.as_str());
                each(
                    guarded(kind, move || read_xlsx_sheet(book, sheet))
                        .map_err(|e| sheet_error(&name, e)),
                );
            }
            Ok(())
        }
        FileKind::Xlsb => {
            let mut wb: calamine::Xlsb<_> = guarded(kind, || {
                calamine::open_workbook_from_rs(cursor).map_err(|e| calamine_error(kind, e))
            })?;
            for name in sheet_names(kind, wb.sheet_names())? {
                let (book, sheet) = (&mut wb, name.as_str());
                each(
                    guarded(kind, move || read_xlsb_sheet(book, sheet))
                        .map_err(|e| sheet_error(&name, e)),
                );
            }
            Ok(())
        }
        FileKind::Xls => {
            let mut wb: calamine::Xls<_> = guarded(kind, || {
                calamine::open_workbook_from_rs(cursor).map_err(|e| calamine_error(kind, e))
            })?;
            let date1904 = wb.has_1904_epoch();
            read_ranges(kind, &mut wb, date1904, each)
        }
        FileKind::Ods => {
            let mut wb: calamine::Ods<_> = guarded(kind, || {
                calamine::open_workbook_from_rs(cursor).map_err(|e| calamine_error(kind, e))
            })?;
            read_ranges(kind, &mut wb, false, each)
        }
        FileKind::Csv => Err(ReadError::file("a CSV file is not a workbook")),
    }
}

/// A sheet's error names the sheet, whoever raised it.
fn sheet_error(name: &str, e: ReadError) -> ReadError {
    ReadError {
        sheet: Some(e.sheet.unwrap_or_else(|| name.to_string())),
        message: e.message,
    }
}

/// The readers calamine only offers as whole ranges (XLS, ODS): each sheet
/// materialised, checked against the bounds and handed on, one at a time.
fn read_ranges<RS, R>(
    kind: FileKind,
    wb: &mut R,
    date1904: bool,
    each: &mut dyn FnMut(Result<Grid<'_>, ReadError>),
) -> Result<(), ReadError>
where
    RS: std::io::Read + std::io::Seek,
    R: Reader<RS>,
    R::Error: std::fmt::Display,
{
    for name in sheet_names(kind, wb.sheet_names())? {
        each(
            guarded(kind, || {
                let range = wb
                    .worksheet_range(&name)
                    .map_err(|e| ReadError::sheet(&name, e.to_string()))?;
                grid_from_range(&name, &range, date1904)
            })
            .map_err(|e| sheet_error(&name, e)),
        );
    }
    Ok(())
}

fn read_xlsx_sheet<'a, RS: std::io::Read + std::io::Seek>(
    wb: &'a mut calamine::Xlsx<RS>,
    name: &str,
) -> Result<Grid<'a>, ReadError> {
    let date1904 = wb.has_1904_epoch();
    let mut reader = wb
        .worksheet_cells_reader(name)
        .map_err(|e| ReadError::sheet(name, e.to_string()))?;
    let mut b = GridBuilder::new(name, date1904);
    while let Some(rec) = reader
        .next_cell_with_formula_metadata()
        .map_err(|e| ReadError::sheet(name, e.to_string()))?
    {
        let (row, col) = rec.pos;
        let cell = match (rec.value, &rec.formula) {
            (DataRef::Empty, Some(_)) => Cell::Error("a formula with no stored result".to_string()),
            (v, _) => from_ref(v),
        };
        b.put(row, col, cell)?;
    }
    Ok(b.grid)
}

fn read_xlsb_sheet<'a, RS: std::io::Read + std::io::Seek>(
    wb: &'a mut calamine::Xlsb<RS>,
    name: &str,
) -> Result<Grid<'a>, ReadError> {
    let date1904 = wb.has_1904_epoch();
    let mut reader = wb
        .worksheet_cells_reader(name)
        .map_err(|e| ReadError::sheet(name, e.to_string()))?;
    let mut b = GridBuilder::new(name, date1904);
    while let Some(cell) = reader
        .next_cell()
        .map_err(|e| ReadError::sheet(name, e.to_string()))?
    {
        let (row, col) = cell.get_position();
        b.put(row, col, from_ref(cell.get_value().clone()))?;
    }
    Ok(b.grid)
}

fn grid_from_range(
    name: &str,
    range: &calamine::Range<Data>,
    date1904: bool,
) -> Result<Grid<'static>, ReadError> {
    let mut b = GridBuilder::new(name, date1904);
    let Some((r0, c0)) = range.start() else {
        return Ok(b.grid);
    };
    let (h, w) = range.get_size();
    if h.saturating_mul(w) > MAX_RANGE_CELLS {
        return Err(ReadError::sheet(
            name,
            format!(
                "the sheet spans {h} rows by {w} columns, more than {MAX_RANGE_CELLS} cells: too large to be a statement"
            ),
        ));
    }
    for (row, col, value) in range.used_cells() {
        b.put(r0 + row as u32, c0 + col as u32, from_data(value))?;
    }
    Ok(b.grid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_beyond_the_bounds_are_refused_naming_the_cell() {
        let mut b = GridBuilder::new("Statement", false);
        b.put(0, 0, Cell::Text("Deal".into())).unwrap();
        let e = b.put(1_048_575, 16_383, Cell::Number(1.0)).unwrap_err();
        assert_eq!(e.sheet.as_deref(), Some("Statement"));
        assert!(e.message.contains("XFD1048576") && e.message.contains("rows"));
        let e = b.put(5, 300, Cell::Number(1.0)).unwrap_err();
        assert!(e.message.contains("KO6") && e.message.contains("columns"));
    }

    #[test]
    fn a_sparse_sheet_cannot_span_more_than_the_range_bound() {
        // Few cells, each at the far right of its row: dense rows add up.
        let mut b = GridBuilder::new("S", false);
        let mut refused = None;
        for r in 0..MAX_ROWS as u32 {
            if let Err(e) = b.put(r, MAX_COLS as u32 - 1, Cell::Number(1.0)) {
                refused = Some((r, e));
                break;
            }
        }
        let (r, e) = refused.expect("refused before the last row");
        assert_eq!(r as usize, MAX_RANGE_CELLS / MAX_COLS);
        assert!(e.message.contains("span more than"), "{}", e.message);
    }

    #[test]
    fn text_beyond_the_bound_is_refused() {
        let mut b = GridBuilder::new("S", false);
        let big = "x".repeat(1 << 20);
        let mut refused = None;
        for r in 0..64 {
            if let Err(e) = b.put(r, 0, Cell::Text(big.clone().into())) {
                refused = Some(e);
                break;
            }
        }
        let e = refused.expect("refused");
        assert!(e.message.contains("bytes of text"), "{}", e.message);
    }
}
