//! Markdown: `--format markdown` and `claim.md`, the schedule an auditor
//! attaches to an audit request. Reads well rendered (GitHub) and as plain
//! text: per deal the summary and the claims grouped by code with amounts,
//! clause and cells; the totals; every statement's deadline; the SHA-256 of
//! every input. Items are numbered as in `claim.xlsx`.

use super::RunInfo;
use crate::batch::{Audit, Status};
use crate::money::fmt_human;
use rust_decimal::Decimal;

/// Escape statement text (hostile input) for Markdown: nothing in it may
/// become a link, emphasis, HTML or a table border.
fn esc(text: &str) -> String {
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

/// A code span (line codes, clauses, cells, paths); falls back to escaped
/// text when the text holds a backtick.
fn code(text: &str) -> String {
    if text.is_empty() {
        String::new()
    } else if text.contains('`') || text.contains(['\n', '\r']) {
        esc(text)
    } else {
        format!("`{}`", text.replace('|', "\\|"))
    }
}

fn opt(d: Option<Decimal>) -> String {
    d.map(fmt_human).unwrap_or_else(|| "—".to_string())
}

fn date(d: Option<chrono::NaiveDate>) -> String {
    d.map(|x| x.to_string()).unwrap_or_else(|| "—".into())
}

fn cost_shift(c: Option<bool>) -> &'static str {
    match c {
        Some(true) => "yes",
        Some(false) => "no",
        None => "—",
    }
}

pub fn render(audit: &Audit, run: &RunInfo) -> String {
    let mut o = String::new();
    let claims = super::claims(audit);
    let total_items: usize = claims
        .iter()
        .flat_map(|c| c.by_code.iter())
        .map(|(_, l)| l.len())
        .sum();
    o.push_str("# Participation audit: claim schedule\n\n");
    o.push_str(&format!(
        "Prepared with recoup {} as of {}: {} statements read in {} deals, {} items claimed.\n\n",
        env!("CARGO_PKG_VERSION"),
        audit.as_of,
        audit.statements.len(),
        audit.deals.len(),
        total_items
    ));

    // Summary.
    o.push_str("## Summary\n\n");
    o.push_str("| Deal | Title | Participant | Statements | Periods | Reported paid | Recomputed earned | Claim | Interest on claim | Audit costs on studio | Next deadline |\n");
    o.push_str("|---|---|---|--:|---|--:|--:|--:|--:|---|---|\n");
    for d in &audit.deals {
        o.push_str(&format!(
            "| {} | {} | {} | {} | {} to {} | {} | {} | {} | {} | {} | {} |\n",
            esc(&d.deal),
            esc(&d.title),
            esc(&d.participant),
            d.statements,
            date(d.first_period_start),
            date(d.last_period_end),
            opt(d.reported_paid),
            opt(d.recomputed_earned),
            opt(d.claim),
            opt(d.claim_interest),
            cost_shift(d.cost_shift),
            date(d.next_deadline),
        ));
    }
    let sum = |g: fn(&crate::audit::claim::DealSummary) -> Option<Decimal>| {
        audit.deals.iter().filter_map(g).sum::<Decimal>()
    };
    o.push_str(&format!(
        "| **Total** | | | {} | | {} | {} | **{}** | {} | | |\n\n",
        audit.deals.iter().map(|d| d.statements).sum::<usize>(),
        fmt_human(sum(|d| d.reported_paid)),
        fmt_human(sum(|d| d.recomputed_earned)),
        fmt_human(sum(|d| d.claim)),
        fmt_human(sum(|d| d.claim_interest)),
    ));
    o.push_str(&format!(
        "**Total claim: {}**, plus interest to {}: {}.\n\n",
        fmt_human(sum(|d| d.claim)),
        audit.as_of,
        fmt_human(sum(|d| d.claim_interest))
    ));
    o.push_str("The claim is the participant's share recomputed with every error below corrected, less what the latest statement reports as paid; interest runs, simple, from the latest statement date to the as-of date.\n\n");

    // Per deal.
    let mut item = 0usize;
    for dc in &claims {
        let d = dc.deal;
        o.push_str(&format!("## {} — {}\n\n", esc(&d.deal), esc(&d.title)));
        o.push_str(&format!(
            "Participant: {}. Contract: {}. {} statements, periods {} to {}. {} errors, {} warnings.\n\n",
            if d.participant.is_empty() { "—".to_string() } else { esc(&d.participant) },
            d.contract.as_deref().map(code).unwrap_or_else(|| "none".into()),
            d.statements,
            date(d.first_period_start),
            date(d.last_period_end),
            d.errors,
            d.warnings
        ));
        o.push_str("| | Amount |\n|---|--:|\n");
        o.push_str(&format!("| Reported paid | {} |\n", opt(d.reported_paid)));
        o.push_str(&format!(
            "| Recomputed earned | {} |\n",
            opt(d.recomputed_earned)
        ));
        o.push_str(&format!("| **Claim** | **{}** |\n", opt(d.claim)));
        o.push_str(&format!(
            "| Interest on the claim to {} | {} |\n",
            audit.as_of,
            opt(d.claim_interest)
        ));
        o.push_str(&format!(
            "| Audit costs on studio | {} |\n",
            cost_shift(d.cost_shift)
        ));
        o.push_str(&format!(
            "| Next incontestability deadline | {} |\n\n",
            date(d.next_deadline)
        ));
        if !d.unchecked.is_empty() {
            o.push_str(&format!(
                "Not checked (the contract file does not say): {}.\n\n",
                esc(&d.unchecked.join("; "))
            ));
        }
        let (mut deal_diff, mut deal_effect) = (Decimal::ZERO, Decimal::ZERO);
        for (c, list) in &dc.by_code {
            o.push_str(&format!(
                "### {} ({})\n\n",
                c.name(),
                super::items(list.len())
            ));
            o.push_str("| Ref | Period end | Line | Col | Reported | Expected | Difference | Effect on base | Clause | Cells |\n");
            o.push_str("|--:|---|---|---|--:|--:|--:|--:|---|---|\n");
            let (mut diff, mut effect) = (Decimal::ZERO, Decimal::ZERO);
            let first = item + 1;
            for f in list {
                item += 1;
                diff += f.difference().unwrap_or_default();
                effect += f.np_effect;
                let line = match (f.label.is_empty(), f.line.is_empty()) {
                    (false, false) => format!("{} ({})", esc(&f.label), code(&f.line)),
                    (false, true) => esc(&f.label),
                    _ => code(&f.line),
                };
                o.push_str(&format!(
                    "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
                    item,
                    esc(&f.period_end),
                    line,
                    f.column.map(|c| c.name()).unwrap_or(""),
                    opt(f.reported),
                    opt(f.expected),
                    opt(f.difference()),
                    fmt_human(f.np_effect),
                    code(&f.clause),
                    f.cells
                        .iter()
                        .map(|c| code(c))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            o.push_str(&format!(
                "| | **Subtotal** | | | | | **{}** | **{}** | | |\n\n",
                fmt_human(diff),
                fmt_human(effect)
            ));
            for (k, f) in list.iter().enumerate() {
                o.push_str(&format!("{}. {}\n", first + k, esc(&f.message)));
            }
            o.push_str(&format!("\nWhat to ask for: {}\n\n", c.ask()));
            deal_diff += diff;
            deal_effect += effect;
        }
        if dc.by_code.is_empty() {
            o.push_str("No error findings: nothing to claim on this deal.\n\n");
        } else {
            o.push_str(&format!(
                "**Total {}:** differences {}, effect on the participation base {}, claim {}.\n\n",
                esc(&d.deal),
                fmt_human(deal_diff),
                fmt_human(deal_effect),
                opt(d.claim)
            ));
        }
        if !dc.notes.is_empty() {
            o.push_str("### Warnings and notes\n\n");
            for f in &dc.notes {
                o.push_str(&format!(
                    "- **{}** ({}, {}): {}\n",
                    f.code.name(),
                    code(&f.file),
                    esc(&f.period_end),
                    esc(&f.message)
                ));
            }
            o.push('\n');
        }
    }

    // Deadlines.
    o.push_str("## Deadlines\n\n");
    o.push_str(&format!(
        "Each statement becomes incontestable `audit.objection_months` after its date; days are counted from {}.\n\n",
        audit.as_of
    ));
    o.push_str("| Deal | Statement | Period | Statement date | Incontestable on | Days left | Status | Errors |\n");
    o.push_str("|---|---|---|---|---|--:|---|--:|\n");
    for d in super::deadlines(audit) {
        let st = d.statement;
        let place = if st.sheet.is_empty() {
            code(&st.file)
        } else {
            format!("{} [{}]", code(&st.file), esc(&st.sheet))
        };
        o.push_str(&format!(
            "| {} | {} | {} to {} | {} | {} | {} | {} | {} |\n",
            esc(&st.deal),
            place,
            st.period_start,
            st.period_end,
            date(st.statement_date),
            date(d.incontestable),
            d.days_left.map(|x| x.to_string()).unwrap_or_default(),
            d.status(),
            d.errors
        ));
    }
    o.push('\n');

    // Inputs, contracts, run.
    o.push_str("## Inputs\n\n");
    o.push_str("Verify with `sha256sum FILE`; `manifest.json` lists the same hashes.\n\n");
    o.push_str("| File | Kind | Status | Bytes | SHA-256 |\n|---|---|---|--:|---|\n");
    for i in &audit.inputs {
        o.push_str(&format!(
            "| {} | {} | {}{} | {} | {} |\n",
            code(&i.path),
            esc(i.kind),
            i.status.name(),
            match (&i.status, &i.error) {
                (Status::Error, Some(e)) => format!(": {}", esc(e)),
                _ => String::new(),
            },
            i.bytes.map(|b| b.to_string()).unwrap_or_default(),
            i.sha256
                .as_deref()
                .map(|h| format!("`{h}`"))
                .unwrap_or_else(|| "—".into())
        ));
    }
    let contracts = super::contract_files(audit);
    if !contracts.is_empty() {
        o.push_str("\n## Contracts\n\n| Contract | Deal | SHA-256 |\n|---|---|---|\n");
        for (file, deal, sha) in contracts {
            o.push_str(&format!(
                "| {} | {} | {} |\n",
                code(file),
                esc(deal),
                sha.map(|h| format!("`{h}`")).unwrap_or_else(|| "—".into())
            ));
        }
    }
    o.push_str(&format!(
        "\n## Run\n\nrecoup {}, as of {}.\n",
        env!("CARGO_PKG_VERSION"),
        audit.as_of
    ));
    if !run.command_line.is_empty() {
        let cmd = run.command_line.join(" ").replace(['\n', '\r'], " ");
        // A fence longer than any run of backticks in the command.
        let longest = cmd
            .split(|c| c != '`')
            .map(str::len)
            .max()
            .unwrap_or(0)
            .max(2);
        let fence = "`".repeat(longest + 1);
        o.push_str(&format!("\n{fence}\n{cmd}\n{fence}\n"));
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statement_text_cannot_become_markup() {
        assert_eq!(esc("[x](http://e) | <b>"), "\\[x\\](http://e) \\| \\<b\\>");
        assert_eq!(code("fee.pay_tv"), "`fee.pay_tv`");
        assert_eq!(code("a`b"), "a\\`b");
    }
}
