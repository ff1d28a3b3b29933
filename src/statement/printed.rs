//! What studios print around the grid (SPEC §2, "Statements as studios
//! print them"): the unit of a statement in thousands, amounts in another
//! currency, note rows and group totals. Each rule here runs only where
//! the plain grid rules found nothing (a heading no name matches, a text
//! amount with a letter or a sign in it, a total), so a tidy statement
//! pays nothing for them.

use super::labels;
use super::model::{Group, Line, LineKind};
use crate::grid::Cell;

/// The unit a text announces (`(in thousands)`, `(000's omitted)`,
/// `($000)`, `In Thousands of U.S. Dollars`, `ITD $000`, `To Date (000)`,
/// `millions`, `($M)`, `($MM)`): 1,000 or 1,000,000.
pub fn unit_in(text: &str) -> Option<u32> {
    let b = text.as_bytes();
    let at = |i: usize, word: &[u8]| {
        b.get(i..i + word.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(word))
    };
    // One pass over the bytes, looking only where a unit can start.
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b't' | b'T' if at(i, b"thousand") => return Some(1_000),
            b'm' | b'M' if at(i, b"million") => return Some(1_000_000),
            b'0' if at(i, b"000") => {
                let before = i.checked_sub(1).map(|k| b[k]);
                let after = b.get(i + 3).copied();
                let open = matches!(before, None | Some(b'(' | b'$' | b' ' | b'['));
                let closed = !matches!(after, Some(b'0'..=b'9' | b',' | b'.'));
                if open && closed {
                    return Some(1_000);
                }
            }
            b'$' | b'(' => {
                let rest = &b[i + 1..];
                let mut m = 0;
                while m < rest.len() && matches!(rest[m], b'm' | b'M') {
                    m += 1;
                }
                let next = rest.get(m).copied();
                if (1..=2).contains(&m) && !next.is_some_and(|n| n.is_ascii_alphanumeric()) {
                    return Some(1_000_000);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// A squashed column heading (letters and digits, lowercased) without the
/// unit it carries: `currentperiod000s` → `currentperiod`.
pub fn without_unit(k: &str) -> Option<&str> {
    [
        "000somitted",
        "000omitted",
        "inthousands",
        "thousands",
        "inmillions",
        "millions",
        "000s",
        "000",
        "mm",
        "m",
    ]
    .iter()
    .find_map(|u| k.strip_suffix(u).or_else(|| k.strip_prefix(u)))
    .filter(|rest| !rest.is_empty())
}

/// The currency an amount cell's text names when it is not the
/// statement's (`€`, `EUR`, `£`, `GBP`, `¥`, `C$`; `$` is the statement's
/// own when that is a dollar).
pub fn foreign_currency(cell: &Cell, own: &str) -> Option<String> {
    let Cell::Text(t) = cell else { return None };
    let b = t.as_bytes();
    // Plain `1,234.56`: a digit first and last, nothing to look at.
    if matches!((b.first(), b.last()), (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit())
    {
        return None;
    }
    if !b
        .iter()
        .any(|c| *c >= 0x80 || c.is_ascii_alphabetic() || *c == b'$')
    {
        return None;
    }
    let named = currency_named(t)?;
    (named != own).then(|| named.to_string())
}

const DOLLARS: [&str; 6] = ["USD", "CAD", "AUD", "NZD", "HKD", "SGD"];

fn currency_named(t: &str) -> Option<&'static str> {
    let mut code = String::new();
    let mut sign = None;
    let mut prefix = String::new();
    for c in t.chars() {
        match c {
            '€' => sign = Some("EUR"),
            '£' => sign = Some("GBP"),
            '¥' => sign = Some("JPY"),
            '$' => {
                sign = Some(match prefix.as_str() {
                    "C" | "CA" | "CAD" => "CAD",
                    "A" | "AU" | "AUD" => "AUD",
                    "NZ" => "NZD",
                    "HK" => "HKD",
                    _ => "$",
                })
            }
            c if c.is_ascii_alphabetic() => {
                prefix.push(c.to_ascii_uppercase());
                code.push(c.to_ascii_uppercase());
            }
            _ => prefix.clear(),
        }
    }
    if let Some(s) = sign {
        return Some(s);
    }
    const CODES: [&str; 12] = [
        "USD", "EUR", "GBP", "JPY", "CAD", "AUD", "CHF", "CNY", "INR", "NZD", "HKD", "SEK",
    ];
    CODES.iter().find(|c| code == **c).copied()
}

/// Whether `$` in a cell is the statement's own currency.
pub fn own_dollar(named: &str, own: &str) -> bool {
    named == "$" && DOLLARS.contains(&own)
}

/// A foreign currency after the `$` rule: `None` for the statement's own.
pub fn foreign(cell: &Cell, own: &str) -> Option<String> {
    let named = foreign_currency(cell, own)?;
    if own_dollar(&named, own) {
        return None;
    }
    Some(if named == "$" { "USD".into() } else { named })
}

/// Amounts multiplied by the statement's unit, when it has one.
pub fn times<const N: usize>(
    unit: Option<rust_decimal::Decimal>,
    amounts: [Option<rust_decimal::Decimal>; N],
) -> [Option<rust_decimal::Decimal>; N] {
    match unit {
        Some(u) => amounts.map(|a| a.map(|v| v * u)),
        None => amounts,
    }
}

/// The other currency any of a row's amount cells is printed in.
pub fn foreign_in(
    grid: &crate::grid::Grid,
    row: usize,
    cols: [Option<usize>; 3],
    own: &str,
) -> Option<String> {
    cols.into_iter()
        .flatten()
        .find_map(|c| foreign(grid.cell(row, c), own))
}

/// A row label that is a note (SPEC §2, "Footnote markers"): it begins
/// with a marker (`(1)`, `(a)`, `[2]`, `*`, `†`, `‡`, a superscript digit)
/// or with `Note`, `Notes`, `Source` or `See`.
pub fn is_note(label: &str) -> bool {
    let t = label.trim_start();
    if t.starts_with(['*', '†', '‡', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'])
    {
        return true;
    }
    for (open, close) in [('(', ')'), ('[', ']')] {
        if let Some(rest) = t.strip_prefix(open) {
            if let Some(end) = rest.find(close) {
                let inner = &rest[..end];
                let b = inner.as_bytes();
                if (!b.is_empty() && b.len() <= 2 && b.iter().all(u8::is_ascii_digit))
                    || (b.len() == 1 && b[0].is_ascii_alphabetic())
                {
                    return true;
                }
            }
        }
    }
    let first: String = t
        .chars()
        .take_while(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect();
    matches!(
        first.as_str(),
        "note" | "notes" | "source" | "sources" | "see"
    )
}

/// Find the group totals (SPEC §2, "Studios' own subtotal words"): a
/// total whose words, `Total` or `Sub-Total` aside, begin the labels of
/// the lines directly above it. Each is recoded `*.subtotal` and listed
/// with the rows of the lines it foots.
pub fn mark_groups(lines: &mut [Line]) -> Vec<Group> {
    let mut groups = Vec::new();
    for i in 0..lines.len() {
        if lines[i].kind != LineKind::Total {
            continue;
        }
        let above = match i.checked_sub(1).map(|k| &lines[k]) {
            Some(l) if l.section == lines[i].section => l,
            _ => continue,
        };
        if !labels::may_head_group(&lines[i].label, &above.label) {
            continue;
        }
        let words = labels::group_words(&lines[i].label);
        if words.is_empty() || labels::section_named(&words.join(" ")).is_some() {
            continue;
        }
        let section = lines[i].section;
        let mut members = Vec::new();
        for l in lines[..i].iter().rev() {
            if l.section != section
                || !matches!(l.kind, LineKind::Item | LineKind::Unmapped)
                || !labels::begins_with(&l.label, &words)
            {
                break;
            }
            members.push(l.row);
        }
        if members.is_empty() {
            continue;
        }
        members.reverse();
        let line = &mut lines[i];
        line.kind = LineKind::Subtotal;
        line.code = format!("{}.subtotal", section.prefix());
        groups.push(Group {
            row: line.row,
            lines: members,
        });
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_in_banners_and_headings() {
        for (t, u) in [
            ("(in thousands)", Some(1_000)),
            ("(000's omitted)", Some(1_000)),
            ("(000s omitted)", Some(1_000)),
            ("($000)", Some(1_000)),
            ("In Thousands of U.S. Dollars", Some(1_000)),
            ("Current Period ($000s)", Some(1_000)),
            ("ITD $000", Some(1_000)),
            ("To Date (000)", Some(1_000)),
            ("(in millions)", Some(1_000_000)),
            ("($M)", Some(1_000_000)),
            ("($MM)", Some(1_000_000)),
            ("Current Period", None),
            ("$1,000", None),
            ("Questions? Call (310) 555-0100", None),
            ("Mammoth Pictures", None),
            ("(Memo)", None),
        ] {
            assert_eq!(unit_in(t), u, "{t}");
        }
        assert_eq!(without_unit("currentperiod000s"), Some("currentperiod"));
        assert_eq!(without_unit("itd000"), Some("itd"));
    }

    #[test]
    fn currencies_in_cells() {
        fn t(s: &str) -> Cell<'_> {
            Cell::Text(s.into())
        }
        assert_eq!(foreign(&t("€2,500,000"), "USD"), Some("EUR".into()));
        assert_eq!(foreign(&t("£57,011,100.98"), "USD"), Some("GBP".into()));
        assert_eq!(foreign(&t("EUR 1,000"), "USD"), Some("EUR".into()));
        assert_eq!(foreign(&t("C$1,000"), "USD"), Some("CAD".into()));
        assert_eq!(foreign(&t("$1,000"), "USD"), None);
        assert_eq!(foreign(&t("$1,000"), "EUR"), Some("USD".into()));
        assert_eq!(foreign(&t("€1,000"), "EUR"), None);
        assert_eq!(foreign(&t("1,000.00"), "USD"), None);
        assert_eq!(foreign(&t("nil"), "USD"), None);
        assert_eq!(foreign(&Cell::Number(5.0), "USD"), None);
    }

    #[test]
    fn notes() {
        for n in [
            "(1) Net of refunds.",
            "** As reported",
            "[2] Includes",
            "(a) Subject to",
            "Note: unaudited",
            "Source: licensee",
            "See note 3",
            "† Includes",
        ] {
            assert!(is_note(n), "{n}");
        }
        for n in ["Theatrical - Domestic", "Notebook sales", "(Other)"] {
            assert!(!is_note(n), "{n}");
        }
    }
}
