//! How text and money are written, shared by the writers (and by
//! `worth`, which each of them calls): Markdown escaping and the
//! spreadsheet money format. A leaf: it imports no writer.

/// Escape statement text (hostile input) for Markdown: nothing in it may
/// become a link, emphasis, HTML or a table border.
pub(crate) fn esc(text: &str) -> String {
    let mut o = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '\\' | '|' | '*' | '[' | ']' | '<' | '>' | '`' => {
                o.push('\\');
                o.push(ch);
            }
            '\n' | '\r' | '\t' => o.push(' '),
            _ => o.push(ch),
        }
    }
    o
}

/// Money in a spreadsheet cell: thousands separated, two decimals,
/// negatives in parentheses.
pub const MONEY_FORMAT: &str = "#,##0.00;(#,##0.00);0.00";
