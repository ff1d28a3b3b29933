//! Bytes to grids: every statement file becomes one or more tables of cells
//! with their A1 positions. Nothing here knows what a statement is.

pub mod csv;
pub mod odscheck;
pub mod workbook;
pub mod xlscheck;
pub mod zipcheck;

use chrono::NaiveDate;

/// One cell as the file holds it. Numbers stay `f64` only until the layout
/// stage turns them into money through `money::from_f64`.
///
/// Text borrows from the workbook where it can (an XLSX sheet's shared
/// strings), so a statement's labels are not copied cell by cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'a> {
    Empty,
    Text(std::borrow::Cow<'a, str>),
    Number(f64),
    /// A cell formatted as a date (or an ISO date from ODS).
    Date(NaiveDate),
    Bool(bool),
    /// A spreadsheet error value (`#REF!`) or a date cell out of range.
    Error(String),
}

impl Cell<'_> {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text for labels and keys (numbers and dates printed).
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Cell::Empty => "".into(),
            Cell::Text(t) => t.trim().into(),
            Cell::Number(n) => format!("{n}").into(),
            Cell::Date(d) => d.to_string().into(),
            Cell::Bool(b) => b.to_string().into(),
            Cell::Error(e) => e.as_str().into(),
        }
    }

    /// The same cell owning its text.
    pub fn into_owned(self) -> Cell<'static> {
        match self {
            Cell::Empty => Cell::Empty,
            Cell::Text(t) => Cell::Text(t.into_owned().into()),
            Cell::Number(n) => Cell::Number(n),
            Cell::Date(d) => Cell::Date(d),
            Cell::Bool(b) => Cell::Bool(b),
            Cell::Error(e) => Cell::Error(e),
        }
    }
}

/// A table of cells: a CSV file or one worksheet.
#[derive(Debug, Clone, Default)]
pub struct Grid<'a> {
    /// The worksheet name; empty for CSV.
    pub sheet: String,
    /// Absolute position (row, column), zero-based, of `rows[0][0]`.
    pub origin: (u32, u32),
    pub rows: Vec<Vec<Cell<'a>>>,
    /// Whether the workbook counts date serials from 1904 (old Mac Excel).
    pub date1904: bool,
}

impl<'a> Grid<'a> {
    pub fn cell(&self, row: usize, col: usize) -> &Cell<'a> {
        static EMPTY: Cell<'static> = Cell::Empty;
        self.rows
            .get(row)
            .and_then(|r| r.get(col))
            .unwrap_or(&EMPTY)
    }

    /// The same grid owning its text (to outlive the workbook it was read from).
    pub fn into_owned(self) -> Grid<'static> {
        Grid {
            sheet: self.sheet,
            origin: self.origin,
            rows: self
                .rows
                .into_iter()
                .map(|r| r.into_iter().map(Cell::into_owned).collect())
                .collect(),
            date1904: self.date1904,
        }
    }

    /// The A1 reference of a grid position (absolute, as the spreadsheet shows it).
    pub fn a1(&self, row: usize, col: usize) -> String {
        a1(self.origin.0 as usize + row, self.origin.1 as usize + col)
    }
}

/// Zero-based (row, column) to `D14`.
pub fn a1(row: usize, col: usize) -> String {
    let mut letters = Vec::new();
    let mut c = col + 1;
    while c > 0 {
        let rem = (c - 1) % 26;
        letters.push(b'A' + rem as u8);
        c = (c - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8_lossy(&letters), row + 1)
}

/// Bounds on what a statement sheet may be: a statement is a few hundred rows.
/// Anything far larger is refused before it is read into memory.
pub const MAX_ROWS: usize = 20_000;
pub const MAX_COLS: usize = 256;
pub const MAX_CELLS: usize = 400_000;
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// The most cells a sheet may span (its rectangle from the first used cell
/// to the last, empty cells included): XLS and ODS readers build that
/// rectangle whole, and a grid stores each row up to its last cell.
pub const MAX_RANGE_CELLS: usize = 1_000_000;
/// The most worksheets a workbook may have. Each is read in turn, and a
/// workbook can list one part under thousands of names (200,000 sheets in a
/// 1 MB file took 100 s), so the count is bounded too.
pub const MAX_SHEETS: usize = 255;
/// The most text a sheet's cells may hold in all.
pub const MAX_TEXT_BYTES: usize = 16 * 1024 * 1024;

/// What a grid reader says went wrong, with the place if it has one.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadError {
    /// The sheet, when the problem is inside one.
    pub sheet: Option<String>,
    pub message: String,
}

impl ReadError {
    pub fn file(message: impl Into<String>) -> Self {
        ReadError {
            sheet: None,
            message: message.into(),
        }
    }
    pub fn sheet(sheet: &str, message: impl Into<String>) -> Self {
        ReadError {
            sheet: Some(sheet.to_string()),
            message: message.into(),
        }
    }
}

thread_local! {
    /// Set while a third-party reader runs under `guarded`: its panics are
    /// reported as input errors, so the default hook's message is not printed.
    static IN_GUARD: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Run a third-party workbook reader (calamine) so that a panic on a damaged
/// file becomes that file's error instead of ending the run. Our own code
/// never runs inside: its panics stay loud.
pub(crate) fn guarded<T>(
    kind: FileKind,
    f: impl FnOnce() -> Result<T, ReadError>,
) -> Result<T, ReadError> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !IN_GUARD.with(|g| g.get()) {
                previous(info);
            }
        }));
    });
    let was = IN_GUARD.with(|g| g.replace(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    IN_GUARD.with(|g| g.set(was));
    match result {
        Ok(r) => r,
        Err(payload) => {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown failure".to_string());
            Err(ReadError::file(format!(
                "not a readable {} workbook: the reader failed on its contents ({what})",
                kind.name()
            )))
        }
    }
}

/// The kind of statement file, from its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Csv,
    Xlsx,
    Xlsm,
    Xlsb,
    Xls,
    Ods,
}

impl FileKind {
    pub fn from_path(path: &std::path::Path) -> Option<FileKind> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "csv" => FileKind::Csv,
            "xlsx" => FileKind::Xlsx,
            "xlsm" => FileKind::Xlsm,
            "xlsb" => FileKind::Xlsb,
            "xls" => FileKind::Xls,
            "ods" => FileKind::Ods,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            FileKind::Csv => "csv",
            FileKind::Xlsx => "xlsx",
            FileKind::Xlsm => "xlsm",
            FileKind::Xlsb => "xlsb",
            FileKind::Xls => "xls",
            FileKind::Ods => "ods",
        }
    }
}

/// Read statement file bytes into grids: one for a CSV, one per worksheet.
/// A sheet that cannot be read is returned as an error beside the others.
pub fn read_grids(
    kind: FileKind,
    bytes: &[u8],
) -> Result<Vec<Result<Grid<'static>, ReadError>>, ReadError> {
    match kind {
        FileKind::Csv => csv::read_csv(bytes).map(|g| vec![Ok(g)]),
        _ => workbook::read_workbook(kind, bytes),
    }
}

/// Read statement file bytes one grid at a time: `each` gets every grid (or
/// the reason a sheet could not be read) before the next is read, so memory
/// holds one sheet however many the workbook has.
pub fn for_each_grid(
    kind: FileKind,
    bytes: &[u8],
    each: &mut dyn FnMut(Result<Grid<'_>, ReadError>),
) -> Result<(), ReadError> {
    match kind {
        FileKind::Csv => {
            each(Ok(csv::read_csv(bytes)?));
            Ok(())
        }
        _ => workbook::for_each_sheet(kind, bytes, each),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reader_panic_becomes_the_file_error() {
        let r: Result<(), ReadError> = guarded(FileKind::Xls, || {
            let v: Vec<u8> = Vec::new();
            let _ = v[usize::from(v.is_empty())];
            Ok(())
        });
        let e = r.unwrap_err();
        assert!(
            e.message.contains("not a readable xls workbook"),
            "{}",
            e.message
        );
        assert!(e.message.contains("index out of bounds"), "{}", e.message);
        // Outside the guard, nothing is swallowed.
        assert!(std::panic::catch_unwind(|| panic!("loud")).is_err());
    }

    #[test]
    fn a1_references() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(13, 3), "D14");
        assert_eq!(a1(0, 25), "Z1");
        assert_eq!(a1(0, 26), "AA1");
        assert_eq!(a1(9, 701), "ZZ10");
        assert_eq!(a1(0, 702), "AAA1");
        assert_eq!(a1(1_048_575, 16_383), "XFD1048576");
    }
}
