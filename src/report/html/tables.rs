//! The tables of `report.html`: a deal's reconciliation, its issues (with
//! the clause as the contract writes it and why an issue without effect
//! has none), its deadlines (the auditor's only) and the inputs.

use super::{days_class, days_text, esc, issue_name, money, statement_name, Audience, Index};
use crate::audit::claim::{DealSummary, Issue};
use crate::batch::Audit;
use crate::finding::Severity;
use rust_decimal::Decimal;
use std::fmt::Write;

pub(super) fn reconciliation_table(o: &mut String, r: &crate::audit::claim::Reconciliation) {
    o.push_str(
        "<div class=\"scroll\"><table class=\"recon\"><caption>Reconciliation</caption><tbody>",
    );
    let mut rows: Vec<(&str, Decimal, &str)> = vec![
        ("Reported participation base", r.reported_base, ""),
        ("Corrected participation base", r.corrected_base, "sum"),
        ("Share of the reported base", r.reported_share, ""),
        ("Share of the corrected base", r.corrected_share, ""),
        ("Bonuses due", r.bonuses_due, ""),
        ("Earned", r.earned, "sum"),
        ("Reported paid (previously paid + amount due)", r.paid, ""),
    ];
    // What the payments hold besides the share of the reported base.
    if !r.printed_bonus.is_zero() {
        rows.push(("of which a bonus, as printed", r.printed_bonus, "sub"));
    }
    rows.push(("Claim", r.claim, "sum claim"));
    for (label, v, class) in rows {
        let _ = write!(
            o,
            "<tr class=\"{class}\"><th>{label}</th><td class=\"n\">{}</td></tr>",
            money(v)
        );
    }
    o.push_str("</tbody></table></div>\n");
}

/// The last finding of an issue (the latest statement showing it).
fn issue_finding(ix: &Index<'_>, d: &DealSummary, issue: &Issue) -> Option<usize> {
    ix.audit
        .findings
        .iter()
        .enumerate()
        .filter(|(_, f)| f.deal == d.deal && issue.has(f))
        .map(|(k, _)| k)
        .next_back()
}

pub(super) fn issues_table(o: &mut String, ix: &Index<'_>, d: &DealSummary) {
    if d.issues.is_empty() {
        if d.errors == 0 {
            o.push_str("<p class=\"note\">No error findings on this deal.</p>\n");
        }
        return;
    }
    o.push_str("<div class=\"scroll\"><table class=\"issues\"><caption>Issues, largest first</caption><thead><tr><th>#</th><th>Issue</th><th>Clause</th><th>Statements</th><th class=\"n\">Effect on base</th><th class=\"n\">Effect on claim</th><th>Evidence</th></tr></thead><tbody>\n");
    for (n, issue) in d.issues.iter().enumerate() {
        let k = issue_finding(ix, d, issue);
        let link = |text: &str| match k {
            Some(k) => format!("<a href=\"#f{}\">{}</a>", k + 1, text),
            None => text.to_string(),
        };
        let _ = write!(
            o,
            "<tr><td>{}</td><td>{}<br><span class=\"sub\">{} · {}</span></td><td><code>{}</code></td>",
            n + 1,
            link(&format!("<strong>{}</strong>", esc(&issue_name(issue)))),
            issue.code.name(),
            esc(&issue.line),
            esc(&crate::report::scope::clause_text(
                ix.audit.contracts.get(&d.deal),
                &issue.clause
            ))
        );
        let _ = write!(
            o,
            "<td>{} · {}{}</td>",
            issue.statements,
            issue.first_period_end,
            if issue.first_period_end == issue.last_period_end {
                String::new()
            } else {
                format!(" to {}", issue.last_period_end)
            }
        );
        let _ = write!(
            o,
            "<td class=\"n\">{}</td><td class=\"n\">{}</td><td>",
            money(issue.base_effect),
            money(issue.claim_effect)
        );
        if let Some(k) = k {
            let cells: Vec<String> = ix.cells[k]
                .iter()
                .filter_map(|c| {
                    ix.cell_id(c).map(|id| {
                        let a1 = c.full.rsplit('!').next().unwrap_or(&c.full);
                        format!("<a href=\"#{id}\">{}</a>", esc(a1))
                    })
                })
                .collect();
            let _ = write!(o, "{} ", link(&esc(&ix.refs[k])));
            if !cells.is_empty() {
                let _ = write!(o, "<span class=\"sub\">{}</span>", cells.join(" "));
            }
        }
        o.push_str("</td></tr>\n");
        if let Some(why) = crate::report::no_effect(d, issue) {
            let _ = writeln!(
                o,
                "<tr class=\"why\"><td></td><td colspan=\"6\" class=\"sub\">{}</td></tr>",
                esc(&why)
            );
        }
    }
    let base: Decimal = d.issues.iter().map(|i| i.base_effect).sum();
    let claim: Decimal = d.issues.iter().map(|i| i.claim_effect).sum();
    let _ = write!(
        o,
        "</tbody><tfoot><tr><th colspan=\"4\">Total</th><td class=\"n\">{}</td><td class=\"n\">{}</td><td></td></tr>",
        money(base),
        money(claim)
    );
    // What no issue carries, so the column adds up to the claim.
    if let Some(r) = &d.reconciliation {
        let bridge = crate::report::claim_bridge(r);
        if !bridge.is_empty() {
            for (label, v) in bridge {
                let _ = write!(
                    o,
                    "<tr><th colspan=\"5\">{}</th><td class=\"n\">{}</td><td></td></tr>",
                    esc(label),
                    money(v)
                );
            }
            let _ = write!(
                o,
                "<tr><th colspan=\"5\">Claim</th><td class=\"n\">{}</td><td></td></tr>",
                money(r.claim)
            );
        }
    }
    o.push_str("</tfoot></table></div>\n");
}

pub(super) fn deadlines_table(o: &mut String, ix: &Index<'_>, d: &DealSummary, series: &[usize]) {
    let audit = ix.audit;
    let contract = audit.contracts.get(&d.deal);
    let Some(c) = contract else { return };
    if c.objection_months.is_none() {
        o.push_str("<p class=\"note\">The contract sets no objection period (audit.objection_months): no deadlines computed.</p>\n");
        return;
    }
    o.push_str("<div class=\"scroll\"><table class=\"deadlines\"><caption>Deadlines: when each statement becomes incontestable</caption><thead><tr><th>Statement</th><th>Period end</th><th>Statement date</th><th>Incontestable on</th><th>Days left</th><th class=\"n\">Errors</th></tr></thead><tbody>\n");
    for &i in series {
        let st = &audit.statements[i];
        let date = crate::audit::claim::incontestable(st, c);
        let days = date.map(|x| (x - audit.as_of).num_days());
        let errors = ix.per_statement[i]
            .iter()
            .filter(|k| audit.findings[**k].severity == Severity::Error)
            .count();
        let class = days.map(days_class).unwrap_or("open");
        let _ = writeln!(
            o,
            "<tr class=\"{class}\"><td><a href=\"#s{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td></tr>",
            i + 1,
            esc(&statement_name(ix, st)),
            st.period_end,
            st.statement_date.map(|x| x.to_string()).unwrap_or_else(|| "—".into()),
            date.map(|x| x.to_string()).unwrap_or_else(|| "—".into()),
            days.map(days_text).unwrap_or_default(),
            errors
        );
    }
    o.push_str("</tbody></table></div>\n");
}

pub(super) fn inputs(o: &mut String, audit: &Audit, audience: Audience) {
    let what = match audience {
        Audience::Auditor => "Every file read, with its SHA-256: a recipient can check that the statements are the ones audited.",
        Audience::Studio => "The statements and the contract this request rests on, with their SHA-256 (paths relative to the folder checked; manifest.json lists the same hashes).",
    };
    let _ = writeln!(
        o,
        "<section class=\"inputs\" id=\"inputs\"><h2>Inputs</h2><p class=\"note\">{what}</p><div class=\"scroll\"><table><thead><tr><th>File</th><th>Kind</th>{}<th>SHA-256</th></tr></thead><tbody>",
        if audience == Audience::Auditor { "<th>Status</th>" } else { "" }
    );
    for i in &audit.inputs {
        let status = match audience {
            Audience::Auditor => format!("<td>{}</td>", i.status.name()),
            Audience::Studio => String::new(),
        };
        let kind = match (audience, i.kind) {
            (Audience::Studio, "contract") => "contract",
            (Audience::Studio, _) => "statement",
            (Audience::Auditor, k) => k,
        };
        let _ = writeln!(
            o,
            "<tr class=\"{}\"><td><code>{}</code>{}</td><td>{}</td>{status}<td><code class=\"hash\">{}</code></td></tr>",
            i.status.name(),
            esc(&i.path),
            i.error
                .as_deref()
                .map(|e| format!("<br><span class=\"sub\">{}</span>", esc(e)))
                .unwrap_or_default(),
            kind,
            esc(i.sha256.as_deref().unwrap_or("—"))
        );
    }
    o.push_str("</tbody></table></div></section>\n");
}
