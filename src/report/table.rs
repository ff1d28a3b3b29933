//! The terminal report: a per-deal summary (issues and claim), then per deal
//! the reconciliation in one line and the findings grouped by issue (one
//! block per issue listing its statements), within 100 columns. Numbers are never wrapped or cut: the
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

/// Words in lines of at most `width` characters (a longer word stands alone).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
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

/// Text wrapped at word boundaries to `width` columns, the first line
/// after `first`, the others after `rest`.
fn wrap_indented(text: &str, width: usize, first: &str, rest: &str) -> String {
    let mut out = String::new();
    let mut line = first.to_string();
    let mut empty = true;
    for word in text.split_whitespace() {
        if !empty && line.chars().count() + 1 + word.chars().count() > width {
            out.push_str(&line);
            out.push('\n');
            line = rest.to_string();
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    out.push_str(&line);
    out.push('\n');
    out
}

/// Where a finding is: the sheet of a workbook first (the part that tells
/// statements of one workbook apart, and survives a cut), then the file's name.
fn place(f: &crate::finding::Finding) -> String {
    let name = f.file.rsplit('/').next().unwrap_or(&f.file);
    if f.sheet.is_empty() {
        name.to_string()
    } else {
        format!("[{}] {name}", f.sheet)
    }
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

/// `s` in the ANSI style `code` when `color`, else as it is.
fn paint(s: &str, code: &str, color: bool) -> String {
    if color {
        format!("\x1b[{code}m{s}\x1b[0m")
    } else {
        s.to_string()
    }
}

pub fn render(audit: &Audit, color: bool) -> String {
    let mut out = String::new();
    if let Some(mark) = super::draft_terms(audit) {
        for l in wrap(&mark, WIDTH) {
            out.push_str(&paint(&l, "1;33", color));
            out.push('\n');
        }
    }
    out.push_str(&summary_table(audit));
    out.push('\n');
    out.push_str(&totals_line(audit));
    let ranks = super::worth::ranking_terminal(audit);
    if !ranks.is_empty() {
        out.push('\n');
        for l in ranks {
            out.push_str(&fit(&l, WIDTH));
            out.push('\n');
        }
    }

    // Per deal: the reconciliation in one line, then one block per issue
    // listing the statements it appears in, then the warnings and notes.
    for dc in super::claims(audit) {
        out.push_str(&deal_block(audit, &dc, color));
    }

    out.push_str(&unread_inputs(audit, color));
    out
}

/// The per-deal summary table: statements, paid, earned, claim, issues.
fn summary_table(audit: &Audit) -> String {
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
                match (d.claim, d.provisional) {
                    (Some(c), true) => format!("{} (prov.)", fmt_human(c)),
                    _ => opt(d.claim),
                },
                d.issues.len().to_string(),
            ]
        })
        .collect();
    let header = [
        "Deal", "Title", "Stmts", "Paid", "Earned", "Claim", "Issues",
    ];
    fitted(header, rows, 1, |t| {
        t.with(Style::sharp())
            .with(Modify::new(Columns::new(2..)).with(Alignment::right()));
    })
}

/// The totals line: statements, deals, errors, warnings and the total claim.
fn totals_line(audit: &Audit) -> String {
    let (firm, provisional) = super::claim_totals(&audit.deals);
    // Firm and provisional claims kept apart (SPEC §2).
    let total = if audit.deals.iter().any(|d| d.provisional) {
        format!(
            "{}\n  (firm {}, provisional {})",
            fmt_human(firm + provisional),
            fmt_human(firm),
            fmt_human(provisional)
        )
    } else {
        fmt_human(firm)
    };
    let errors = audit
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings = audit
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Warning)
        .count();
    format!(
        "{} read in {}; {}, {}; total claim {}\n",
        super::statements_n(audit.statements.len()),
        super::count(audit.deals.len(), "deal", "deals"),
        super::count(errors, "error", "errors"),
        super::count(warnings, "warning", "warnings"),
        total
    )
}

/// One deal's block: its heading, the reconciliation, what was not checked,
/// one block per issue, then the warnings and notes. Empty for a deal with
/// nothing to say.
fn deal_block(audit: &Audit, dc: &super::DealClaims, color: bool) -> String {
    let d = dc.deal;
    let mut out = String::new();
    if let Some(why) = &d.contract_error {
        return not_audited(d, why, color);
    }
    if dc.by_issue.is_empty() && dc.notes.is_empty() && !d.provisional {
        return out;
    }
    out.push('\n');
    let claim = match (d.claim, d.provisional) {
        (Some(c), true) => format!(" · provisional claim {}", fmt_human(c)),
        (Some(c), false) => format!(" · claim {}", fmt_human(c)),
        (None, _) => String::new(),
    };
    out.push_str(&paint(
        &fit(&format!("{} · {}{claim}", d.deal, d.title), WIDTH),
        "1",
        color,
    ));
    out.push('\n');
    if let Some(line) = super::provisional_line(d) {
        out.push_str(&format!("  {}\n", fit(&line, WIDTH - 2)));
        for reason in super::provisional_reasons(d) {
            out.push_str(&wrap_indented(&reason, WIDTH, "  - ", "    "));
        }
    }
    if let Some(r) = &d.reconciliation {
        out.push_str(&reconciliation_lines(r));
    }
    // What could not be checked for want of input (not the terms the
    // contract leaves out, which the schedules list), in full.
    let terms = audit
        .contracts
        .get(&d.deal)
        .map(|c| c.unchecked())
        .unwrap_or_default();
    for note in d.unchecked.iter().filter(|u| !terms.contains(u)) {
        for l in wrap(&format!("not checked: {note}"), WIDTH - 2) {
            out.push_str(&format!("  {l}\n"));
        }
    }
    for l in super::worth::terminal(d) {
        out.push_str(&format!("  {}\n", fit(&l, WIDTH - 2)));
    }
    for (k, (issue, list)) in dc.by_issue.iter().enumerate() {
        out.push_str(&issue_block(
            k,
            issue,
            list,
            d.reconciliation.is_some(),
            color,
        ));
    }
    if !dc.notes.is_empty() {
        out.push_str(&notes_table(&dc.notes, color));
    }
    out
}

/// A deal whose contract could not be read: say why first, one unreadable
/// key a line.
fn not_audited(d: &crate::audit::claim::DealSummary, why: &str, color: bool) -> String {
    let mut out = String::new();
    out.push('\n');
    out.push_str(&paint(
        &fit(&format!("{} · {} · not audited", d.deal, d.title), WIDTH),
        "1;31",
        color,
    ));
    out.push('\n');
    for (k, part) in why.split("; ").enumerate() {
        let indent = if k == 0 { "  " } else { "    " };
        for l in wrap(part, WIDTH - indent.len()) {
            out.push_str(&format!("{indent}{l}\n"));
        }
    }
    out
}

/// The reconciliation in one line, the claim bridge, and a deficit the
/// corrections only narrow.
fn reconciliation_lines(r: &crate::audit::claim::Reconciliation) -> String {
    let mut out = String::new();
    let walk = format!(
        "base {} {} issues {} = {}; earned {} − paid {}",
        fmt_human(r.reported_base),
        if r.corrected_base >= r.reported_base {
            "+"
        } else {
            "−"
        },
        fmt_human((r.corrected_base - r.reported_base).abs()),
        fmt_human(r.corrected_base),
        fmt_human(r.earned),
        fmt_human(r.paid),
    );
    out.push_str(&format!("  {}\n", fit(&walk, WIDTH - 2)));
    // The issues' claim effects add up to the claim; what no issue
    // carries is named.
    for (label, v) in super::claim_bridge(r) {
        let row = format!("{label}: {}", fmt_human(v));
        out.push_str(&format!("  {}\n", fit(&row, WIDTH - 2)));
    }
    if r.corrected_base <= rust_decimal::Decimal::ZERO && r.corrected_base > r.reported_base {
        out.push_str(&format!(
            "  {}\n",
            fit(
                &format!(
                    "still a deficit: the corrections bring it {} closer to profit",
                    fmt_human(r.corrected_base - r.reported_base)
                ),
                WIDTH - 2
            )
        ));
    }
    out
}

/// One issue (`k` counts from 0): its title line, then its findings
/// statement by statement.
fn issue_block(
    k: usize,
    issue: &crate::audit::claim::Issue,
    list: &[&crate::finding::Finding],
    reconciled: bool,
    color: bool,
) -> String {
    let mut out = String::new();
    let effects = if reconciled {
        format!(
            "base {} · claim {}",
            fmt_human(issue.base_effect),
            fmt_human(issue.claim_effect)
        )
    } else {
        format!("base {}", fmt_human(issue.base_effect))
    };
    let title = format!(
        "[{}] {} {} · {} · {}",
        k + 1,
        issue.code.name(),
        if issue.line.is_empty() {
            "-"
        } else {
            &issue.line
        },
        if issue.statements == 1 {
            "1 statement".to_string()
        } else {
            format!("{} statements", issue.statements)
        },
        effects
    );
    out.push_str(&format!(
        " {}\n",
        paint(&fit(&title, WIDTH - 1), "1", color)
    ));
    let rows: Vec<[String; 7]> = list
        .iter()
        .map(|f| {
            [
                f.period_end.clone(),
                place(f),
                f.column.map(|c| c.name()).unwrap_or("").to_string(),
                opt(f.reported),
                opt(f.expected),
                opt(f.difference()),
                fmt_human(f.np_effect),
            ]
        })
        .collect();
    let header = [
        "Period end",
        "Statement",
        "Col",
        "Reported",
        "Expected",
        "Difference",
        "Base effect",
    ];
    let text = fitted(header, rows, 1, |t| {
        t.with(Style::blank())
            .with(Modify::new(Columns::new(3..)).with(Alignment::right()));
    });
    for l in text.lines() {
        out.push_str(l.trim_end());
        out.push('\n');
    }
    out
}

/// A deal's warnings and notes (not claims), one line each.
fn notes_table(notes: &[&crate::finding::Finding], color: bool) -> String {
    let mut out = String::new();
    out.push_str(&format!(" {}\n", paint("Warnings and notes", "1", color)));
    let rows: Vec<[String; 7]> = notes
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
                f.period_end.clone(),
                place(f),
                line,
                f.column.map(|c| c.name()).unwrap_or("").to_string(),
                opt(f.reported),
            ]
        })
        .collect();
    let header = [
        "",
        "Code",
        "Period end",
        "Statement",
        "Line",
        "Col",
        "Reported",
    ];
    let text = fitted(header, rows, 3, |t| {
        t.with(Style::blank())
            .with(Modify::new(Columns::new(6..)).with(Alignment::right()));
    });
    // Colour the severity letter after layout, so widths are
    // measured on plain text.
    for l in text.lines() {
        let l = l.trim_end();
        let painted = match (color, l.strip_prefix(" W "), l.strip_prefix(" E ")) {
            (true, Some(rest), _) => format!(" {} {rest}", paint("W", "33", color)),
            (true, _, Some(rest)) => format!(" {} {rest}", paint("E", "31", color)),
            _ => l.to_string(),
        };
        out.push_str(&painted);
        out.push('\n');
    }
    out
}

/// The inputs that could not be read, and why.
fn unread_inputs(audit: &Audit, color: bool) -> String {
    let mut out = String::new();
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
            color,
        ));
        out.push('\n');
        for i in bad {
            let error = i.error.as_deref().unwrap_or("");
            // A reason that names the file itself is printed as it is.
            if error.starts_with(&i.path) {
                out.push_str(&format!("  {error}\n"));
            } else {
                out.push_str(&format!("  {}: {error}\n", i.path));
            }
        }
    }
    out
}
