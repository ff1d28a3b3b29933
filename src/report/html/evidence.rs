//! The grids behind `report.html`'s evidence, read again at report time.
//!
//! The audit drops every grid as soon as its statement is laid out, so that
//! a run without `--out` holds one sheet at a time and pays nothing for the
//! report. When the report is written, the files whose statements it shows
//! are read a second time, and only after their SHA-256 matches the hash
//! recorded when they were audited: the grid shown is the very one the
//! findings came from, or the report says that the file changed and shows
//! none. Files are read in parallel; the result is in statement order
//! whatever the number of threads.

use crate::batch::{sha256_hex, Audit};
use crate::grid::{self, Cell, FileKind, MAX_FILE_BYTES};
use rayon::prelude::*;
use std::collections::BTreeMap;

/// The most cells one grid may have to be drawn (rows × widest row): a
/// statement is a few hundred; a sheet with a stray cell far away is not
/// drawn as a page of empty cells.
pub const MAX_DRAWN_CELLS: usize = 20_000;

/// One statement's sheet as recoup read it, owning its text.
#[derive(Debug, Clone)]
pub struct Sheet {
    /// Absolute zero-based (row, column) of `rows[0][0]`.
    pub origin: (u32, u32),
    pub rows: Vec<Vec<Cell<'static>>>,
    /// The widest row, without trailing empty cells.
    pub width: usize,
}

/// What the report can show of a statement's grid.
#[derive(Debug, Clone)]
pub enum Evidence {
    Grid(Sheet),
    /// Not shown, and why (the file changed since the audit, or cannot be read).
    Missing(String),
    /// Not asked for (a clean statement in a large portfolio).
    NotShown,
}

fn trim(g: grid::Grid<'_>) -> Sheet {
    let mut rows: Vec<Vec<Cell<'static>>> = g
        .rows
        .into_iter()
        .map(|r| {
            let used = r.iter().rposition(|c| !c.is_empty()).map_or(0, |i| i + 1);
            r.into_iter()
                .take(used)
                .map(Cell::into_owned)
                .collect::<Vec<_>>()
        })
        .collect();
    while rows.last().is_some_and(|r| r.is_empty()) {
        rows.pop();
    }
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    Sheet {
        origin: g.origin,
        rows,
        width,
    }
}

/// Read the grids of the statements `wanted` marks (by index into
/// `audit.statements`).
pub fn load(audit: &Audit, wanted: &[bool]) -> Vec<Evidence> {
    // File (display path) → the sheets wanted from it, with their statements.
    let mut files: BTreeMap<&str, Vec<(usize, &str)>> = BTreeMap::new();
    for (i, st) in audit.statements.iter().enumerate() {
        if wanted.get(i).copied().unwrap_or(false) {
            files
                .entry(st.file.as_str())
                .or_default()
                .push((i, st.sheet.as_str()));
        }
    }
    let files: Vec<(&str, Vec<(usize, &str)>)> = files.into_iter().collect();
    let read: Vec<Vec<(usize, Evidence)>> = files
        .par_iter()
        .map(|(file, sheets)| read_file(audit, file, sheets))
        .collect();
    let mut out = vec![Evidence::NotShown; audit.statements.len()];
    for (i, e) in read.into_iter().flatten() {
        out[i] = e;
    }
    out
}

fn read_file(audit: &Audit, file: &str, sheets: &[(usize, &str)]) -> Vec<(usize, Evidence)> {
    let missing = |why: String| {
        sheets
            .iter()
            .map(|(i, _)| (*i, Evidence::Missing(why.clone())))
            .collect()
    };
    let Some(input) = audit.inputs.iter().find(|i| i.path == file) else {
        return missing("the file is not among the inputs".to_string());
    };
    let Some(kind) = FileKind::from_path(&input.location) else {
        return missing("not a statement file".to_string());
    };
    let bytes = match std::fs::metadata(&input.location) {
        Ok(m) if m.len() > MAX_FILE_BYTES => {
            return missing("the file is now larger than the limit".to_string())
        }
        Ok(_) => match std::fs::read(&input.location) {
            Ok(b) => b,
            Err(e) => return missing(format!("the file cannot be read again: {e}")),
        },
        Err(e) => return missing(format!("the file cannot be opened again: {e}")),
    };
    if input.sha256.as_deref() != Some(sha256_hex(&bytes).as_str()) {
        return missing(
            "the file changed after it was audited (its SHA-256 no longer matches), so its grid is not shown"
                .to_string(),
        );
    }
    let mut found: Vec<(usize, Evidence)> = Vec::new();
    let mut each = |g: Result<grid::Grid<'_>, grid::ReadError>| {
        let Ok(g) = g else { return };
        let at = sheets
            .iter()
            .find(|(i, sheet)| *sheet == g.sheet && !found.iter().any(|(j, _)| j == i));
        if let Some((i, _)) = at {
            let sheet = trim(g);
            let cells = sheet.rows.len() * sheet.width;
            found.push((
                *i,
                if cells > MAX_DRAWN_CELLS {
                    Evidence::Missing(format!(
                        "the sheet spans {} rows by {} columns, too many to draw; the findings name their cells",
                        sheet.rows.len(),
                        sheet.width
                    ))
                } else {
                    Evidence::Grid(sheet)
                },
            ));
        }
    };
    if let Err(e) = grid::for_each_grid(kind, &bytes, &mut each) {
        return missing(format!("the file cannot be read again: {}", e.message));
    }
    for (i, _) in sheets {
        if !found.iter().any(|(j, _)| j == i) {
            found.push((
                *i,
                Evidence::Missing("the sheet was not found again".to_string()),
            ));
        }
    }
    found
}
