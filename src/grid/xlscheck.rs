//! Refuse an absurd XLS sheet before calamine materialises it.
//!
//! calamine's XLS reader parses every sheet when the workbook is opened: it
//! reserves room for the rows × columns a sheet's DIMENSIONS record declares
//! and then builds a dense range spanning its first to its last cell. A
//! declared size beyond any real sheet makes that reservation fail, which
//! aborts the process (no panic to catch); two far-apart cells make a range
//! of hundreds of megabytes. This scan reads the compound file's `Workbook`
//! stream itself and walks its BIFF records, looking only at positions, and
//! refuses what is beyond the bounds of a statement before calamine runs.
//!
//! A file this scan cannot make sense of is left to calamine, which reports
//! why it cannot read it.

use super::{a1, ReadError, MAX_CELLS, MAX_COLS, MAX_RANGE_CELLS, MAX_ROWS};

/// BIFF8 sheet limits: no real XLS sheet goes beyond them.
const XLS_ROWS: u64 = 65_536;
const XLS_COLS: u64 = 256;

const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
const RESERVED: u32 = 0xFFFF_FFFA;

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// The bytes of one stream of a compound file (`None` when it cannot be found).
fn workbook_stream(file: &[u8]) -> Option<Vec<u8>> {
    if !file.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return None;
    }
    let shift = u16_at(file, 0x1E)?;
    if shift != 9 && shift != 12 {
        return None;
    }
    let size = 1usize << shift;
    let mini_size = 1usize << u16_at(file, 0x20)?.min(12);
    let sectors = file.len() / size; // includes the header sector
    let sector = |id: u32| -> Option<&[u8]> {
        let at = (id as usize).checked_add(1)?.checked_mul(size)?;
        file.get(at..at.checked_add(size)?)
    };
    // The FAT: its sectors are listed in the header's DIFAT, then in DIFAT sectors.
    let mut fat_ids: Vec<u32> = (0..109)
        .filter_map(|i| u32_at(file, 0x4C + 4 * i))
        .filter(|&id| id < RESERVED)
        .collect();
    let mut difat = u32_at(file, 0x44)?;
    let mut hops = 0;
    while difat < RESERVED {
        hops += 1;
        if hops > sectors {
            return None;
        }
        let s = sector(difat)?;
        let n = size / 4 - 1;
        fat_ids.extend(
            (0..n)
                .filter_map(|i| u32_at(s, 4 * i))
                .filter(|&id| id < RESERVED),
        );
        difat = u32_at(s, 4 * n)?;
    }
    if fat_ids.len() > sectors {
        return None;
    }
    let mut fat = Vec::with_capacity(fat_ids.len() * size / 4);
    for id in fat_ids {
        let s = sector(id)?;
        fat.extend((0..size / 4).filter_map(|i| u32_at(s, 4 * i)));
    }
    let chain = |start: u32, fat: &[u32], limit: usize| -> Option<Vec<u32>> {
        let mut out = Vec::new();
        let mut id = start;
        while id != ENDOFCHAIN {
            if id >= RESERVED || out.len() > limit {
                return None;
            }
            out.push(id);
            id = *fat.get(id as usize)?;
        }
        Some(out)
    };
    let read_chain = |start: u32, len: usize| -> Option<Vec<u8>> {
        let mut out = Vec::with_capacity(len.min(file.len()));
        for id in chain(start, &fat, sectors)? {
            out.extend_from_slice(sector(id)?);
            if out.len() >= len {
                break;
            }
        }
        out.truncate(len);
        Some(out)
    };
    // The directory: 128-byte entries.
    let dir = read_chain(u32_at(file, 0x30)?, usize::MAX)?;
    let entries: Vec<&[u8]> = dir.chunks_exact(128).collect();
    let root = entries.first()?;
    let name_of = |e: &[u8]| -> String {
        let n = (u16_at(e, 64).unwrap_or(0) as usize).min(64);
        let units: Vec<u16> = e[..n]
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .take_while(|&u| u != 0)
            .collect();
        String::from_utf16_lossy(&units)
    };
    let entry = ["Workbook", "Book"].iter().find_map(|want| {
        entries
            .iter()
            .find(|e| e[66] == 2 && name_of(e).eq_ignore_ascii_case(want))
    })?;
    let start = u32_at(entry, 116)?;
    let len = u32_at(entry, 120)? as usize;
    if len > file.len() {
        return None;
    }
    let cutoff = u32_at(file, 0x38).unwrap_or(4096) as usize;
    if len >= cutoff {
        return read_chain(start, len);
    }
    // A small stream lives in the mini stream (the root entry's chain).
    let ministream = read_chain(u32_at(root, 116)?, u32_at(root, 120)? as usize)?;
    let minifat_bytes = read_chain(
        u32_at(file, 0x3C)?,
        (u32_at(file, 0x40)? as usize).saturating_mul(size),
    )?;
    let minifat: Vec<u32> = (0..minifat_bytes.len() / 4)
        .filter_map(|i| u32_at(&minifat_bytes, 4 * i))
        .collect();
    let mut out = Vec::with_capacity(len);
    for id in chain(start, &minifat, ministream.len() / mini_size + 1)? {
        let at = id as usize * mini_size;
        out.extend_from_slice(ministream.get(at..at + mini_size)?);
        if out.len() >= len {
            break;
        }
    }
    out.truncate(len);
    Some(out)
}

/// Where the cells of one substream reach.
#[derive(Default)]
struct Extent {
    cells: u64,
    rows: Option<(u64, u64)>,
    cols: Option<(u64, u64)>,
}

impl Extent {
    fn add(&mut self, row: u64, first_col: u64, last_col: u64) {
        self.cells += last_col.saturating_sub(first_col) + 1;
        let (r0, r1) = self.rows.unwrap_or((row, row));
        self.rows = Some((r0.min(row), r1.max(row)));
        let (c0, c1) = self.cols.unwrap_or((first_col, last_col));
        self.cols = Some((c0.min(first_col), c1.max(last_col)));
    }
}

fn judge(sheet: &str, e: &Extent) -> Result<(), ReadError> {
    let (Some((r0, r1)), Some((c0, c1))) = (e.rows, e.cols) else {
        return Ok(());
    };
    let refuse = |m: String| Err(ReadError::sheet(sheet, m));
    if r1 >= MAX_ROWS as u64 {
        return refuse(format!(
            "a cell in row {} is beyond the limit of {MAX_ROWS} rows for a statement",
            r1 + 1
        ));
    }
    if c1 >= MAX_COLS as u64 {
        return refuse(format!(
            "a cell in column {} is beyond the limit of {MAX_COLS} columns for a statement",
            a1(0, c1 as usize).trim_end_matches('1')
        ));
    }
    if e.cells > MAX_CELLS as u64 {
        return refuse(format!(
            "more than {MAX_CELLS} cells: too large to be a statement"
        ));
    }
    let span = (r1 - r0 + 1) * (c1 - c0 + 1);
    if span > MAX_RANGE_CELLS as u64 {
        return refuse(format!(
            "its cells span {}:{}, more than {MAX_RANGE_CELLS} cells: too large to be a statement",
            a1(r0 as usize, c0 as usize),
            a1(r1 as usize, c1 as usize)
        ));
    }
    Ok(())
}

/// Sheet names by the stream offset of their BOF (BOUNDSHEET8 records).
fn sheet_names(stream: &[u8]) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut at = 0;
    while let (Some(typ), Some(len)) = (u16_at(stream, at), u16_at(stream, at + 2)) {
        let data = stream.get(at + 4..at + 4 + len as usize).unwrap_or(&[]);
        match typ {
            0x0085 if data.len() > 8 => {
                let pos = u32_at(data, 0).unwrap_or(0) as usize;
                let cch = data[6] as usize;
                let name = if data[7] & 1 == 1 {
                    let units: Vec<u16> = data[8..]
                        .chunks_exact(2)
                        .take(cch)
                        .map(|c| u16::from_le_bytes([c[0], c[1]]))
                        .collect();
                    String::from_utf16_lossy(&units)
                } else {
                    data[8..].iter().take(cch).map(|&b| b as char).collect()
                };
                out.push((pos, name));
            }
            0x000A => break,
            _ => {}
        }
        at += 4 + len as usize;
    }
    out
}

/// Walk one sheet's records from its BOF the way calamine does (nested
/// substreams such as embedded charts skipped) and judge where its cells reach.
fn check_sheet(stream: &[u8], pos: usize, sheet: &str) -> Result<(), ReadError> {
    let mut at = pos;
    let mut seen_bof = false;
    let mut depth = 0usize;
    let mut extent = Extent::default();
    while let (Some(typ), Some(len)) = (u16_at(stream, at), u16_at(stream, at + 2)) {
        let Some(data) = stream.get(at + 4..at + 4 + len as usize) else {
            break;
        };
        at += 4 + len as usize;
        if depth > 0 {
            match typ {
                0x0809 => depth += 1,
                0x000A => depth -= 1,
                _ => {}
            }
            continue;
        }
        match typ {
            0x0809 if seen_bof => depth += 1,
            0x0809 => seen_bof = true,
            0x000A => break,
            0x0200 => {
                // DIMENSIONS: calamine reserves (last row - first row) × columns cells.
                let (rf, rl, cl) = match data.len() {
                    10 => (
                        u16_at(data, 0).unwrap_or(0) as u64,
                        u16_at(data, 2).unwrap_or(0) as u64,
                        u16_at(data, 6).unwrap_or(0) as u64,
                    ),
                    14 | 16 => (
                        u32_at(data, 0).unwrap_or(0) as u64,
                        u32_at(data, 4).unwrap_or(0) as u64,
                        u16_at(data, 10).unwrap_or(0) as u64,
                    ),
                    _ => continue,
                };
                if cl >= 1 && rl >= 1 && (rl > XLS_ROWS || cl > XLS_COLS || rf > rl - 1) {
                    return Err(ReadError::sheet(
                        sheet,
                        format!(
                            "the sheet declares rows {} to {rl} and {cl} columns, beyond any XLS sheet ({XLS_ROWS} rows, {XLS_COLS} columns)",
                            rf + 1
                        ),
                    ));
                }
            }
            // NUMBER, LABEL, RSTRING, BOOLERR, RK, LABELSST, FORMULA: one cell.
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 => {
                if let (Some(r), Some(c)) = (u16_at(data, 0), u16_at(data, 2)) {
                    extent.add(r as u64, c as u64, c as u64);
                }
            }
            // MULRK: a run of cells in one row.
            0x00BD if data.len() >= 6 => {
                if let (Some(r), Some(c0), Some(c1)) = (
                    u16_at(data, 0),
                    u16_at(data, 2),
                    u16_at(data, data.len() - 2),
                ) {
                    extent.add(r as u64, c0 as u64, (c1 as u64).max(c0 as u64));
                }
            }
            _ => {}
        }
    }
    judge(sheet, &extent)
}

/// Check every sheet of an XLS file against the bounds.
pub fn check(file: &[u8]) -> Result<(), ReadError> {
    let Some(stream) = workbook_stream(file) else {
        return Ok(());
    };
    for (pos, name) in sheet_names(&stream) {
        check_sheet(&stream, pos, &name)?;
    }
    Ok(())
}
