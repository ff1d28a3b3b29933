//! One cell of a statement's grid read for what it holds: its text, its
//! amount, its reference in a message (`file!Sheet!D14`), and the currency
//! a header cell names. Shared by the header block (`layout`) and the line
//! table (`lines`).

use crate::grid::{Cell, Grid};
use crate::money;
use rust_decimal::Decimal;

/// Why a sheet that holds a statement could not be read.
#[derive(Debug, Clone, PartialEq)]
pub struct LayoutError {
    /// `file!Sheet!D14`, when the problem is in one cell.
    pub cell: Option<String>,
    pub message: String,
}

impl std::fmt::Display for LayoutError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.cell {
            Some(c) => write!(f, "{c}: {}", self.message),
            None => write!(f, "{}", self.message),
        }
    }
}

/// Where a statement came from, for provenance.
pub struct Source<'a> {
    /// Path relative to the PATH given (`statements/2024-H1.xlsx`).
    pub file: &'a str,
    /// File name used in cell references (`2024-H1.xlsx`).
    pub file_name: &'a str,
    /// Whether serial numbers in date cells count from 1904.
    pub date1904: bool,
}

/// Whether every cell of a row is empty.
pub(super) fn row_is_blank(row: &[Cell]) -> bool {
    row.iter().all(Cell::is_empty)
}

/// A cell's reference for a message: `file!Sheet!D14` (`file!D14` for a CSV).
pub(super) fn cell_ref(src: &Source, grid: &Grid, r: usize, c: usize) -> String {
    if grid.sheet.is_empty() {
        format!("{}!{}", src.file_name, grid.a1(r, c))
    } else {
        format!("{}!{}!{}", src.file_name, grid.sheet, grid.a1(r, c))
    }
}

/// An amount cell: empty is `None`; a number, or text that reads as an
/// amount (accounting negatives, thousands separators), is its value; any
/// other cell is an error naming the cell.
pub(super) fn read_amount(
    src: &Source,
    grid: &Grid,
    r: usize,
    c: usize,
) -> Result<Option<Decimal>, LayoutError> {
    let cell = grid.cell(r, c);
    let err = |message: String| LayoutError {
        cell: Some(cell_ref(src, grid, r, c)),
        message,
    };
    match cell {
        Cell::Empty => Ok(None),
        Cell::Number(n) => money::from_f64(*n)
            .map(Some)
            .map_err(|e| err(format!("the number {} is {e}", short_number(*n)))),
        Cell::Text(t) => {
            money::parse_amount(t).map_err(|e| err(format!("'{}' is {e}", clip(t.trim()))))
        }
        Cell::Date(d) => Err(err(format!("a date ({d}) where an amount belongs"))),
        Cell::Bool(b) => Err(err(format!(
            "a true/false value ({b}) where an amount belongs"
        ))),
        Cell::Error(e) => Err(err(format!("the cell holds {e}, not an amount"))),
    }
}

/// A number for a message: exponent form when it is absurdly large.
fn short_number(n: f64) -> String {
    // Infinities print the same either way; NaN compares false.
    if n.abs() >= 1e15 {
        format!("{n:e}")
    } else {
        format!("{n}")
    }
}

/// Cell text for a message, cut to a readable length.
pub(super) fn clip(t: &str) -> String {
    const MAX: usize = 60;
    match t.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}…", &t[..i]),
        None => t.to_string(),
    }
}

/// A cell's text, trimmed; a number or date as it would print.
pub(super) fn cell_text(grid: &Grid, r: usize, c: usize) -> String {
    match grid.cell(r, c) {
        Cell::Text(t) => t.trim().to_string(),
        Cell::Empty => String::new(),
        other => other.text().into_owned(),
    }
}

/// A printed currency as its ISO 4217 code: `USD`, `US$`, `$`, `US Dollars`
/// are all `USD`; an empty cell is the default, `USD`.
pub(super) fn currency_code(text: &str) -> String {
    let t = text.trim().to_uppercase();
    let key: String = t
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '$' | '€' | '£' | '¥'))
        .collect();
    match key.as_str() {
        "" | "$" | "US$" | "USDOLLARS" | "USDOLLAR" | "DOLLARS" | "USDS" => "USD".to_string(),
        "€" | "EURO" | "EUROS" => "EUR".to_string(),
        "£" | "POUNDSSTERLING" | "STERLING" | "GBP£" => "GBP".to_string(),
        "C$" | "CAD$" | "CANADIANDOLLARS" => "CAD".to_string(),
        "A$" | "AUD$" | "AUSTRALIANDOLLARS" => "AUD".to_string(),
        "¥" | "YEN" => "JPY".to_string(),
        _ => t,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_printed_currency_is_its_iso_code() {
        for (printed, code) in [
            ("", "USD"),
            ("$", "USD"),
            ("US $", "USD"),
            ("U.S. Dollars", "USD"),
            ("€", "EUR"),
            ("Euros", "EUR"),
            ("£", "GBP"),
            ("Pounds Sterling", "GBP"),
            ("C$", "CAD"),
            ("Canadian Dollars", "CAD"),
            ("A$", "AUD"),
            ("Australian Dollars", "AUD"),
            ("¥", "JPY"),
            ("yen", "JPY"),
            ("eur", "EUR"),
            (" chf ", "CHF"),
        ] {
            assert_eq!(currency_code(printed), code, "{printed:?}");
        }
    }

    #[test]
    fn a_number_in_a_message_is_short() {
        assert_eq!(short_number(1234.5), "1234.5");
        assert_eq!(short_number(-2.5e15), "-2.5e15");
        assert_eq!(short_number(1e15), "1e15");
        assert_eq!(short_number(f64::INFINITY), "inf");
        assert_eq!(short_number(f64::NAN), "NaN");
    }

    #[test]
    fn cell_text_for_a_message_is_clipped_at_sixty_characters() {
        assert_eq!(clip("Theatrical"), "Theatrical");
        let long = "é".repeat(61);
        assert_eq!(clip(&long), format!("{}…", "é".repeat(60)));
        assert_eq!(clip(&"x".repeat(60)), "x".repeat(60));
    }
}
