//! Workbook bytes to grids through calamine: one grid per worksheet.
//!
//! XLSX and XLSB sheets are streamed cell by cell, so a sheet that declares
//! absurd dimensions or expands to gigabytes is refused at the first cell
//! beyond the bounds, never materialised. XLS and ODS sheets come from
//! calamine as ranges, checked against the same bounds.

use super::{Cell, FileKind, Grid, ReadError, MAX_CELLS, MAX_COLS, MAX_ROWS};
use crate::money;
use calamine::{Data, DataRef, ExcelDateTime, Reader};
use std::io::Cursor;

fn date_cell(dt: &ExcelDateTime) -> Cell {
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

fn iso_cell(s: &str) -> Cell {
    match money::parse_date(s) {
        Some(d) => Cell::Date(d),
        None => Cell::Text(s.to_string()),
    }
}

fn from_data(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::String(s) => Cell::Text(s.clone()),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => date_cell(dt),
        Data::DateTimeIso(s) => iso_cell(s),
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}

fn from_ref(d: &DataRef<'_>) -> Cell {
    match d {
        DataRef::Empty => Cell::Empty,
        DataRef::Int(i) => Cell::Number(*i as f64),
        DataRef::Float(f) => Cell::Number(*f),
        DataRef::String(s) => Cell::Text(s.clone()),
        DataRef::SharedString(s) => Cell::Text((*s).to_string()),
        DataRef::Bool(b) => Cell::Bool(*b),
        DataRef::DateTime(dt) => date_cell(dt),
        DataRef::DateTimeIso(s) => iso_cell(s),
        DataRef::DurationIso(s) => Cell::Text(s.clone()),
        DataRef::Error(e) => Cell::Error(e.to_string()),
    }
}

/// Builds a grid from cells in any order, enforcing the bounds as it goes.
struct GridBuilder {
    grid: Grid,
    cells: usize,
}

impl GridBuilder {
    fn new(sheet: &str, date1904: bool) -> Self {
        GridBuilder {
            grid: Grid {
                sheet: sheet.to_string(),
                origin: (0, 0),
                rows: Vec::new(),
                date1904,
            },
            cells: 0,
        }
    }

    fn put(&mut self, row: u32, col: u32, cell: Cell) -> Result<(), ReadError> {
        if cell == Cell::Empty {
            return Ok(());
        }
        let (r, c) = (row as usize, col as usize);
        if r >= MAX_ROWS {
            return Err(ReadError::sheet(
                &self.grid.sheet,
                format!(
                    "a cell at row {} is beyond the limit of {MAX_ROWS} rows for a statement",
                    r + 1
                ),
            ));
        }
        if c >= MAX_COLS {
            return Err(ReadError::sheet(
                &self.grid.sheet,
                format!(
                    "a cell at {} is beyond the limit of {MAX_COLS} columns for a statement",
                    super::a1(r, c)
                ),
            ));
        }
        self.cells += 1;
        if self.cells > MAX_CELLS {
            return Err(ReadError::sheet(
                &self.grid.sheet,
                format!("more than {MAX_CELLS} cells: too large to be a statement"),
            ));
        }
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

/// An OLE (CFB) container with an `.xlsx` name is how Excel stores an
/// encrypted workbook; say so instead of "invalid zip".
fn looks_encrypted_ooxml(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
}

pub fn read_workbook(
    kind: FileKind,
    bytes: &[u8],
) -> Result<Vec<Result<Grid, ReadError>>, ReadError> {
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
    let cursor = Cursor::new(bytes);
    match kind {
        FileKind::Xlsx | FileKind::Xlsm => {
            let mut wb: calamine::Xlsx<_> =
                calamine::open_workbook_from_rs(cursor).map_err(|e| calamine_error(kind, e))?;
            let names = wb.sheet_names();
            Ok(names
                .iter()
                .map(|name| read_xlsx_sheet(&mut wb, name))
                .collect())
        }
        FileKind::Xlsb => {
            let mut wb: calamine::Xlsb<_> =
                calamine::open_workbook_from_rs(cursor).map_err(|e| calamine_error(kind, e))?;
            let names = wb.sheet_names();
            Ok(names
                .iter()
                .map(|name| read_xlsb_sheet(&mut wb, name))
                .collect())
        }
        FileKind::Xls => {
            let mut wb: calamine::Xls<_> =
                calamine::open_workbook_from_rs(cursor).map_err(|e| calamine_error(kind, e))?;
            let names = wb.sheet_names();
            let date1904 = wb.has_1904_epoch();
            Ok(names
                .iter()
                .map(|name| {
                    let range = wb
                        .worksheet_range(name)
                        .map_err(|e| ReadError::sheet(name, e.to_string()))?;
                    grid_from_range(name, &range, date1904)
                })
                .collect())
        }
        FileKind::Ods => {
            let mut wb: calamine::Ods<_> =
                calamine::open_workbook_from_rs(cursor).map_err(|e| calamine_error(kind, e))?;
            let names = wb.sheet_names();
            Ok(names
                .iter()
                .map(|name| {
                    let range = wb
                        .worksheet_range(name)
                        .map_err(|e| ReadError::sheet(name, e.to_string()))?;
                    grid_from_range(name, &range, false)
                })
                .collect())
        }
        FileKind::Csv => Err(ReadError::file("a CSV file is not a workbook")),
    }
}

fn read_xlsx_sheet<RS: std::io::Read + std::io::Seek>(
    wb: &mut calamine::Xlsx<RS>,
    name: &str,
) -> Result<Grid, ReadError> {
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
        let cell = match (&rec.value, &rec.formula) {
            (DataRef::Empty, Some(_)) => Cell::Error("a formula with no stored result".to_string()),
            (v, _) => from_ref(v),
        };
        b.put(row, col, cell)?;
    }
    Ok(b.grid)
}

fn read_xlsb_sheet<RS: std::io::Read + std::io::Seek>(
    wb: &mut calamine::Xlsb<RS>,
    name: &str,
) -> Result<Grid, ReadError> {
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
        b.put(row, col, from_ref(cell.get_value()))?;
    }
    Ok(b.grid)
}

fn grid_from_range(
    name: &str,
    range: &calamine::Range<Data>,
    date1904: bool,
) -> Result<Grid, ReadError> {
    let mut b = GridBuilder::new(name, date1904);
    let Some((r0, c0)) = range.start() else {
        return Ok(b.grid);
    };
    let (h, w) = range.get_size();
    if h.saturating_mul(w) > MAX_CELLS * 4 && (h > MAX_ROWS || w > MAX_COLS) {
        return Err(ReadError::sheet(
            name,
            format!("the sheet spans {h} rows by {w} columns, beyond the bounds of a statement"),
        ));
    }
    for (row, col, value) in range.used_cells() {
        b.put(r0 + row as u32, c0 + col as u32, from_data(value))?;
    }
    Ok(b.grid)
}
