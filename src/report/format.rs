//! How text and money are written, shared by the writers (and by
//! `worth`, which each of them calls): Markdown and HTML escaping and the
//! spreadsheet money format. A leaf: it imports no writer.

use std::borrow::Cow;

/// Escape statement text (hostile input) for Markdown: nothing in it may
/// become a link, emphasis, HTML or a table border.
pub(crate) fn markdown_esc(text: &str) -> String {
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

/// Money in a spreadsheet cell. Accounting style; positive amounts keep
/// the width of a `)` free on their right, so an amount never touches the
/// text of the next column.
pub const MONEY_FORMAT: &str = "#,##0.00_);(#,##0.00);0.00_)";

/// Escape text for HTML content and quoted attributes.
pub fn html_esc(s: &str) -> Cow<'_, str> {
    if !s.contains(['&', '<', '>', '"', '\'']) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}
