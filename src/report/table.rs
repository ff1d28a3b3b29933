//! The terminal report: a per-deal summary, then the findings grouped by deal
//! and statement, within 100 columns. Numbers are never wrapped or cut: the
//! text columns (title, line) give way.

use crate::batch::{Audit, Status};
use crate::finding::Severity;
use crate::money::fmt_human;
use tabled::builder::Builder;
use tabled::settings::object::Columns;
use tabled::settings::{Alignment, Modify, Style};

const WIDTH: usize = 100;

fn opt(d: Option<rust_decimal::Decimal>) -> String {
    d.map(fmt_human).unwrap_or_else(|| "—".to_string())
}

/// Shorten text to `width` characters, marking the cut with `…`.
fn fit(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut out: String = text.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Shorten a path from the left, where its least telling part is.
fn fit_left(text: &str, width: usize) -> String {
    let n = text.chars().count();
    if n <= width {
        return text.to_string();
    }
    let skip = n - width.saturating_sub(1);
    format!("…{}", text.chars().skip(skip).collect::<String>())
}

/// Build a table, then cut column `flex` until the whole fits `WIDTH`.
fn fitted(
    header: [&str; 7],
    rows: Vec<[String; 7]>,
    flex: usize,
    style: impl Fn(&mut tabled::Table),
) -> String {
    let build = |room: Option<usize>| {
        let mut b = Builder::default();
        b.push_record(header.map(String::from));
        for r in &rows {
            let mut r = r.clone();
            if let Some(room) = room {
                r[flex] = fit(&r[flex], room);
            }
            b.push_record(r);
        }
        let mut t = b.build();
        style(&mut t);
        t.to_string()
    };
    let text = build(None);
    let width = text
        .lines()
        .map(|l| l.trim_end().chars().count())
        .max()
        .unwrap_or(0);
    if width <= WIDTH {
        return text;
    }
    let longest = rows
        .iter()
        .map(|r| r[flex].chars().count())
        .max()
        .unwrap_or(0);
    build(Some(longest.saturating_sub(width - WIDTH).max(6)))
}

pub fn render(audit: &Audit, color: bool) -> String {
    let mut out = String::new();
    let paint = |s: &str, code: &str| {
        if color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    };

    let rows: Vec<[String; 7]> = audit
        .deals
        .iter()
        .map(|d| {
            [
                fit(&d.deal, 16),
                d.title.clone(),
                d.statements.to_string(),
                opt(d.reported_paid),
                opt(d.recomputed_earned),
                opt(d.claim),
                d.errors.to_string(),
            ]
        })
        .collect();
    let header = [
        "Deal", "Title", "Stmts", "Paid", "Earned", "Claim", "Errors",
    ];
    let text = fitted(header, rows, 1, |t| {
        t.with(Style::sharp())
            .with(Modify::new(Columns::new(2..)).with(Alignment::right()));
    });
    out.push_str(&text);
    out.push('\n');
    let total: rust_decimal::Decimal = audit.deals.iter().filter_map(|d| d.claim).sum();
    out.push_str(&format!(
        "{} statements read in {} deals; {} errors, {} warnings; total claim {}\n",
        audit.statements.len(),
        audit.deals.len(),
        audit
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count(),
        audit
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Warning)
            .count(),
        fmt_human(total)
    ));

    let mut i = 0;
    let fs = &audit.findings;
    while i < fs.len() {
        let (deal, file, sheet) = (&fs[i].deal, &fs[i].file, &fs[i].sheet);
        let mut j = i;
        while j < fs.len() && &fs[j].deal == deal && &fs[j].file == file && &fs[j].sheet == sheet {
            j += 1;
        }
        let place = if sheet.is_empty() {
            file.clone()
        } else {
            format!("{file} [{sheet}]")
        };
        out.push('\n');
        out.push_str(&paint(
            &fit(
                &format!("{deal} · period ending {}", fs[i].period_end),
                WIDTH,
            ),
            "1",
        ));
        out.push('\n');
        out.push_str(&format!("  {}\n", fit_left(&place, WIDTH - 2)));
        let rows: Vec<[String; 7]> = fs[i..j]
            .iter()
            .map(|f| {
                let sev = match f.severity {
                    Severity::Error => "E",
                    Severity::Warning => "W",
                    Severity::Info => "i",
                };
                let line = if f.line.is_empty() {
                    f.label.clone()
                } else {
                    f.line.clone()
                };
                [
                    sev.to_string(),
                    f.code.name().to_string(),
                    line,
                    f.column.map(|c| c.name()).unwrap_or("").to_string(),
                    opt(f.reported),
                    opt(f.expected),
                    opt(f.difference()),
                ]
            })
            .collect();
        let header = [
            "",
            "Code",
            "Line",
            "Col",
            "Reported",
            "Expected",
            "Difference",
        ];
        let text = fitted(header, rows, 2, |t| {
            t.with(Style::blank())
                .with(Modify::new(Columns::new(4..)).with(Alignment::right()));
        });
        // Colour the severity letter after layout, so widths are measured on plain text.
        for l in text.lines() {
            let l = l.trim_end();
            if color {
                let painted = if let Some(rest) = l.strip_prefix(" E ") {
                    format!(" {} {rest}", paint("E", "31"))
                } else if let Some(rest) = l.strip_prefix(" W ") {
                    format!(" {} {rest}", paint("W", "33"))
                } else {
                    l.to_string()
                };
                out.push_str(&painted);
            } else {
                out.push_str(l);
            }
            out.push('\n');
        }
        i = j;
    }

    let bad: Vec<_> = audit
        .inputs
        .iter()
        .filter(|i| i.status == Status::Error)
        .collect();
    if !bad.is_empty() {
        out.push('\n');
        out.push_str(&paint(
            &format!("{} input(s) could not be read:", bad.len()),
            "1;31",
        ));
        out.push('\n');
        for i in bad {
            out.push_str(&format!(
                "  {}: {}\n",
                i.path,
                i.error.as_deref().unwrap_or("")
            ));
        }
    }
    out
}
