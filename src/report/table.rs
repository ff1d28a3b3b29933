//! The terminal report: a per-deal summary, then the findings grouped by deal
//! and statement, within 100 columns.

use crate::batch::{Audit, Status};
use crate::finding::Severity;
use crate::money::fmt_human;
use tabled::builder::Builder;
use tabled::settings::object::Columns;
use tabled::settings::{Alignment, Modify, Style, Width};

const WIDTH: usize = 100;

fn opt(d: Option<rust_decimal::Decimal>) -> String {
    d.map(fmt_human).unwrap_or_else(|| "—".to_string())
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

    let mut b = Builder::default();
    b.push_record([
        "Deal",
        "Title",
        "Stmts",
        "Reported paid",
        "Recomputed earned",
        "Claim",
        "Errors",
    ]);
    for d in &audit.deals {
        b.push_record([
            d.deal.clone(),
            d.title.clone(),
            d.statements.to_string(),
            opt(d.reported_paid),
            opt(d.recomputed_earned),
            opt(d.claim),
            d.errors.to_string(),
        ]);
    }
    let mut t = b.build();
    t.with(Style::sharp())
        .with(Modify::new(Columns::new(2..)).with(Alignment::right()))
        .with(Width::wrap(WIDTH));
    out.push_str(&t.to_string());
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
            &format!("{deal} · {place} · period ending {}", fs[i].period_end),
            "1",
        ));
        out.push('\n');
        let mut b = Builder::default();
        b.push_record([
            "",
            "Code",
            "Line",
            "Col",
            "Reported",
            "Expected",
            "Difference",
        ]);
        for f in &fs[i..j] {
            let sev = match f.severity {
                Severity::Error => paint("E", "31"),
                Severity::Warning => paint("W", "33"),
                Severity::Info => "i".to_string(),
            };
            let line = if f.line.is_empty() {
                f.label.clone()
            } else {
                f.line.clone()
            };
            b.push_record([
                sev,
                f.code.name().to_string(),
                line,
                f.column.map(|c| c.name()).unwrap_or("").to_string(),
                opt(f.reported),
                opt(f.expected),
                opt(f.difference()),
            ]);
        }
        let mut t = b.build();
        t.with(Style::blank())
            .with(Modify::new(Columns::new(4..)).with(Alignment::right()))
            .with(Width::truncate(WIDTH).suffix("…"));
        out.push_str(&t.to_string());
        out.push('\n');
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
