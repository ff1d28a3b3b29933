//! CSV bytes to a grid: encoding (UTF-8 with or without BOM, UTF-16 with a
//! BOM, else Windows-1252) and separator (comma, semicolon, tab) are
//! detected, never assumed.

use super::{Cell, Grid, ReadError, MAX_CELLS, MAX_COLS, MAX_ROWS};
use std::borrow::Cow;

/// Decode CSV bytes to text.
pub fn decode(bytes: &[u8]) -> Cow<'_, str> {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom..]);
        return text;
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => {
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
        }
    }
}

fn records(text: &str, delim: u8, limit: usize) -> Vec<Vec<String>> {
    let mut rdr = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delim)
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    for rec in rdr.records().take(limit) {
        match rec {
            Ok(r) => out.push(r.iter().map(str::to_string).collect()),
            Err(_) => break,
        }
    }
    out
}

fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Pick the separator: the one that splits a row into both `Section` and
/// `Line` cells wins outright; otherwise the one giving most multi-cell rows.
pub fn detect_delimiter(text: &str) -> u8 {
    let sample_end = text
        .char_indices()
        .nth(64 * 1024)
        .map(|(i, _)| i)
        .unwrap_or(text.len());
    let sample = &text[..sample_end];
    // Without a semicolon or a tab, a comma is what any scoring below would
    // pick (the others would leave every row one cell); most files are so,
    // and each trial parse builds a CSV reader.
    if !sample.bytes().any(|b| b == b';' || b == b'\t') {
        return b',';
    }
    let mut best = (b',', 0usize);
    for delim in [b',', b';', b'\t'] {
        let recs = records(sample, delim, 400);
        let header = recs.iter().any(|r| {
            let cells: Vec<String> = r.iter().map(|c| norm(c)).collect();
            cells.iter().any(|c| c == "section") && cells.iter().any(|c| c == "line")
        });
        let multi = recs
            .iter()
            .filter(|r| r.iter().filter(|c| !c.trim().is_empty()).count() >= 2)
            .count();
        let score = if header { 1_000_000 } else { 0 } + multi;
        if score > best.1 {
            best = (delim, score);
        }
    }
    best.0
}

/// Read a CSV statement file into a grid (all cells are text).
pub fn read_csv(bytes: &[u8]) -> Result<Grid<'static>, ReadError> {
    if bytes.contains(&0) && !matches!(bytes, [0xFF, 0xFE, ..] | [0xFE, 0xFF, ..]) {
        return Err(ReadError::file("binary data (NUL bytes) in a CSV file"));
    }
    let text = decode(bytes);
    let delim = detect_delimiter(&text);
    let mut rdr = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delim)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut cells = 0usize;
    let mut record = ::csv::StringRecord::new();
    loop {
        match rdr.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                return Err(ReadError::file(format!(
                    "CSV syntax error near line {line}: {e}"
                )));
            }
        }
        if rows.len() >= MAX_ROWS {
            return Err(ReadError::file(format!(
                "more than {MAX_ROWS} rows: too large to be a statement"
            )));
        }
        if record.len() > MAX_COLS {
            return Err(ReadError::file(format!(
                "row {} has {} columns, more than the limit of {MAX_COLS}",
                rows.len() + 1,
                record.len()
            )));
        }
        for f in record.iter() {
            if f.len() > 4096 {
                return Err(ReadError::file(format!(
                    "row {}: a cell of {} bytes is too long to be part of a statement",
                    rows.len() + 1,
                    f.len()
                )));
            }
        }
        cells += record.len();
        if cells > MAX_CELLS {
            return Err(ReadError::file(format!(
                "more than {MAX_CELLS} cells: too large to be a statement"
            )));
        }
        // The csv crate skips blank lines; place each record on its physical
        // line so that cell references match what a spreadsheet shows.
        // A record after blank lines is positioned at the first of them:
        // count the line breaks skipped before its first byte.
        let line = record
            .position()
            .map(|p| {
                let skipped = text
                    .as_bytes()
                    .get(p.byte() as usize..)
                    .unwrap_or_default()
                    .iter()
                    .take_while(|b| matches!(b, b'\r' | b'\n'))
                    .filter(|b| **b == b'\n')
                    .count();
                p.line() as usize + skipped
            })
            .unwrap_or(rows.len() + 1);
        let at = line.saturating_sub(1).max(rows.len());
        if at >= MAX_ROWS {
            return Err(ReadError::file(format!(
                "more than {MAX_ROWS} rows: too large to be a statement"
            )));
        }
        rows.resize_with(at, Vec::new);
        rows.push(
            record
                .iter()
                .map(|f| {
                    if f.trim().is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(f.to_string().into())
                    }
                })
                .collect(),
        );
    }
    Ok(Grid {
        sheet: String::new(),
        origin: (0, 0),
        rows,
        date1904: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_comma_is_chosen_without_trial_parses_only_when_nothing_else_is_there() {
        assert_eq!(
            detect_delimiter("Title,X\nSection,Line,Current,ITD\n"),
            b','
        );
        assert_eq!(detect_delimiter("Title\nno separators at all\n"), b',');
        // One semicolon in a comma file's label: scored, and the comma still wins.
        assert_eq!(
            detect_delimiter("Title,Rock; Roll\nSection,Line,Current,ITD\nA,B,1,2\n"),
            b','
        );
    }

    #[test]
    fn detects_separators() {
        assert_eq!(
            detect_delimiter("Section,Line,Current,ITD\nA,B,1,2\n"),
            b','
        );
        assert_eq!(
            detect_delimiter("Section;Line;Current;ITD\nA;B;\"1,000.00\";2\n"),
            b';'
        );
        assert_eq!(
            detect_delimiter("x\n\tSection\tLine\tTo Date\tThis Period\n"),
            b'\t'
        );
        // Amounts with thousands separators must not fool a semicolon file.
        let semi = "Title;X\nParticipant;Bonuses;;100,000.00;100,000.00\nSection;Line;This Period;To Date\n";
        assert_eq!(detect_delimiter(semi), b';');
    }

    #[test]
    fn decodes_windows_1252_and_bom() {
        let bytes = b"Title,Caf\xe9 Society\n";
        let g = read_csv(bytes).unwrap();
        assert_eq!(g.rows[0][1], Cell::Text("Café Society".into()));
        let bom = b"\xef\xbb\xbfTitle,X\n";
        let g = read_csv(bom).unwrap();
        assert_eq!(g.rows[0][0], Cell::Text("Title".into()));
    }

    #[test]
    fn refuses_binary() {
        assert!(read_csv(b"a,b\n\0\0\0").is_err());
    }
}
