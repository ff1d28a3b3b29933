//! Markdown: `--format markdown` and `claim.md`, the schedule an auditor
//! attaches to an audit request. Reads well rendered and as plain text.

use super::RunInfo;
use crate::batch::{Audit, Status};
use crate::finding::{Code, Finding, Severity};
use crate::money::fmt_human;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// Escape text for a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

fn opt(d: Option<Decimal>) -> String {
    d.map(fmt_human).unwrap_or_else(|| "—".to_string())
}

pub fn render(audit: &Audit, run: &RunInfo) -> String {
    let mut o = String::new();
    o.push_str("# Participation audit: claim schedule\n\n");
    o.push_str(&format!(
        "Prepared by recoup {} as of {}. {} statements read in {} deals.\n\n",
        env!("CARGO_PKG_VERSION"),
        audit.as_of,
        audit.statements.len(),
        audit.deals.len()
    ));
    o.push_str("## Summary\n\n");
    o.push_str("| Deal | Title | Participant | Statements | Periods | Reported paid | Recomputed earned | Claim | Interest on claim | Audit costs on studio | Next deadline |\n");
    o.push_str("|---|---|---|--:|---|--:|--:|--:|--:|---|---|\n");
    for d in &audit.deals {
        o.push_str(&format!(
            "| {} | {} | {} | {} | {} – {} | {} | {} | {} | {} | {} | {} |\n",
            cell(&d.deal),
            cell(&d.title),
            cell(&d.participant),
            d.statements,
            d.first_period_start
                .map(|x| x.to_string())
                .unwrap_or_default(),
            d.last_period_end.map(|x| x.to_string()).unwrap_or_default(),
            opt(d.reported_paid),
            opt(d.recomputed_earned),
            opt(d.claim),
            opt(d.claim_interest),
            match d.cost_shift {
                Some(true) => "yes",
                Some(false) => "no",
                None => "—",
            },
            d.next_deadline
                .map(|x| x.to_string())
                .unwrap_or_else(|| "—".into())
        ));
    }
    let total: Decimal = audit.deals.iter().filter_map(|d| d.claim).sum();
    let interest: Decimal = audit.deals.iter().filter_map(|d| d.claim_interest).sum();
    o.push_str(&format!(
        "\n**Total claim: {}** (plus interest to {}: {})\n\n",
        fmt_human(total),
        audit.as_of,
        fmt_human(interest)
    ));

    for d in &audit.deals {
        let fs: Vec<&Finding> = audit.findings.iter().filter(|f| f.deal == d.deal).collect();
        o.push_str(&format!("## {} — {}\n\n", cell(&d.deal), cell(&d.title)));
        if let Some(c) = &d.contract {
            o.push_str(&format!("Contract: `{}`. ", cell(c)));
        }
        o.push_str(&format!(
            "{} errors, {} warnings.\n\n",
            d.errors, d.warnings
        ));
        if !d.unchecked.is_empty() {
            o.push_str(&format!("Not checked: {}.\n\n", d.unchecked.join("; ")));
        }
        let mut by_code: BTreeMap<Code, Vec<&Finding>> = BTreeMap::new();
        for f in fs.iter().filter(|f| f.severity == Severity::Error) {
            by_code.entry(f.code).or_default().push(f);
        }
        for (code, list) in &by_code {
            o.push_str(&format!("### {} ({})\n\n", code.name(), list.len()));
            o.push_str("| Period end | Line | Col | Reported | Expected | Difference | Effect on base | Clause | Cells |\n");
            o.push_str("|---|---|---|--:|--:|--:|--:|---|---|\n");
            let mut diff = Decimal::ZERO;
            let mut effect = Decimal::ZERO;
            for f in list {
                diff += f.difference().unwrap_or_default();
                effect += f.np_effect;
                o.push_str(&format!(
                    "| {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
                    f.period_end,
                    cell(if f.label.is_empty() {
                        &f.line
                    } else {
                        &f.label
                    }),
                    f.column.map(|c| c.name()).unwrap_or(""),
                    opt(f.reported),
                    opt(f.expected),
                    opt(f.difference()),
                    fmt_human(f.np_effect),
                    cell(&f.clause),
                    cell(&f.cells.join(", "))
                ));
            }
            o.push_str(&format!(
                "| **Subtotal** | | | | | **{}** | **{}** | | |\n\n",
                fmt_human(diff),
                fmt_human(effect)
            ));
            for f in list {
                o.push_str(&format!("- {}\n", cell(&f.message)));
            }
            o.push('\n');
        }
        let notes: Vec<&&Finding> = fs
            .iter()
            .filter(|f| f.severity != Severity::Error)
            .collect();
        if !notes.is_empty() {
            o.push_str("### Warnings and notes\n\n");
            for f in notes {
                o.push_str(&format!(
                    "- **{}** ({}, {}): {}\n",
                    f.code.name(),
                    f.file,
                    f.period_end,
                    cell(&f.message)
                ));
            }
            o.push('\n');
        }
    }

    o.push_str("## Inputs\n\n");
    o.push_str("| File | Kind | Status | Bytes | SHA-256 |\n|---|---|---|--:|---|\n");
    for i in &audit.inputs {
        o.push_str(&format!(
            "| {} | {} | {}{} | {} | `{}` |\n",
            cell(&i.path),
            i.kind,
            i.status.name(),
            match (&i.status, &i.error) {
                (Status::Error, Some(e)) => format!(": {}", cell(e)),
                _ => String::new(),
            },
            i.bytes.map(|b| b.to_string()).unwrap_or_default(),
            i.sha256.as_deref().unwrap_or("—")
        ));
    }
    if !run.command_line.is_empty() {
        o.push_str(&format!("\nCommand: `{}`\n", run.command_line.join(" ")));
    }
    o
}
