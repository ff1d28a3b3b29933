//! Findings to outputs: table, JSON, CSV, Markdown, XLSX and the manifest.
//! The only stage that writes, and it writes nothing but what it is given.

pub mod bundle;
pub mod csv;
pub mod json;
pub mod markdown;
pub mod table;

/// A text field bound for a spreadsheet never starts a formula (SPEC §6):
/// one beginning with `=`, `+`, `-`, `@`, tab or carriage return gets a `'`.
pub fn neutralise(text: &str) -> std::borrow::Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}").into(),
        _ => text.into(),
    }
}

/// What the run was, for the outputs that record it.
#[derive(Debug, Clone, Default)]
pub struct RunInfo {
    pub command_line: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("-2+3"), "'-2+3");
        assert_eq!(neutralise("+1"), "'+1");
        assert_eq!(neutralise("\tx"), "'\tx");
        assert_eq!(neutralise("Theatrical"), "Theatrical");
        assert_eq!(neutralise(""), "");
    }
}
