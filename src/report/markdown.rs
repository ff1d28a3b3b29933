//! Markdown: `--format markdown` and `claim.md`, the schedule an auditor
//! attaches to an audit request. Reads well rendered (GitHub) and as plain
//! text, in the order a letter needs it: the claim and how it is reached
//! (the reconciliation), the issues largest first, the evidence per issue
//! statement by statement (amounts, cells, clause, what to ask for), the
//! deadlines, the SHA-256 of every input. Issues and findings are numbered
//! as in `claim.xlsx`. No total adds inception-to-date figures of different
//! statements.

pub(crate) use super::format::markdown_esc as esc;
use super::scope::Audience;
use super::{DealClaims, RunInfo};
use crate::audit::claim::DealSummary;
use crate::batch::{Audit, Status};
use crate::finding::Finding;
use crate::money::fmt_human;
use rust_decimal::Decimal;

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

/// The portfolio's schedule, for the auditor (`--format markdown`,
/// `portfolio/summary.md`): every deal, deadlines, notes, inputs, the run.
pub fn render(audit: &Audit, run: &RunInfo) -> String {
    render_for(audit, run, Audience::Auditor)
}

/// `claim.md` for one studio: `audit` is a [`super::scope::deal_scope`].
pub fn render_studio(audit: &Audit, run: &RunInfo) -> String {
    render_for(audit, run, Audience::Studio)
}

fn render_for(audit: &Audit, run: &RunInfo, audience: Audience) -> String {
    let mut o = String::new();
    let claims = super::claims(audit);
    let refs = Refs::new(audit);
    if let Some(mark) = super::draft_terms(audit) {
        o.push_str(&format!("**{}**\n\n", esc(&mark)));
    }
    match audience {
        Audience::Auditor => portfolio_summary(&mut o, audit),
        Audience::Studio => studio_heading(&mut o, audit),
    }
    for dc in &claims {
        deal_section(&mut o, audit, dc, &refs, audience);
    }
    if audience == Audience::Auditor {
        deadlines(&mut o, audit);
    }
    inputs(&mut o, audit, audience);
    run_section(&mut o, audit, run, audience);
    o
}

/// Each finding's reference, by identity.
pub(super) struct Refs<'a>(
    std::collections::HashMap<*const Finding, String>,
    std::marker::PhantomData<&'a ()>,
);

impl<'a> Refs<'a> {
    pub(super) fn new(audit: &'a Audit) -> Refs<'a> {
        let refs = super::scope::refs(audit);
        Refs(
            audit
                .findings
                .iter()
                .zip(refs)
                .map(|(f, r)| (f as *const Finding, r))
                .collect(),
            std::marker::PhantomData,
        )
    }
    pub(super) fn of(&self, f: &Finding) -> &str {
        self.0
            .get(&(f as *const Finding))
            .map(String::as_str)
            .unwrap_or("")
    }
}

/// What the auditor has to do before the requests go out: which folder
/// is which studio's request, and what recoup could not say.
fn auditor_notes(o: &mut String, audit: &Audit) {
    o.push_str("## Notes for the auditor\n\n");
    o.push_str("With `--out DIR`, each deal with a contract has its audit request in `DIR/<deal id>/` (claim.md, claim.xlsx, report.html, manifest.json), for that deal's studio alone; this folder, `DIR/portfolio/`, is yours and is not to be sent.\n\n");
    for d in &audit.deals {
        let mut todo = Vec::new();
        match audit.contracts.get(&d.deal) {
            None if d.contract_error.is_some() => todo.push(format!(
                "not audited, no request is written: {}; correct the contract and run again",
                d.contract_error.as_deref().unwrap_or_default()
            )),
            None => todo.push(
                "no contract file: no request is written; provide the contract terms as a TOML file (recoup init drafts one) to check rates and compute a claim".to_string(),
            ),
            Some(c) if c.studio.is_none() => todo.push(
                "the contract does not name the studio: add studio = \"…\" to its [deal] table so the request is addressed to it".to_string(),
            ),
            Some(_) => {}
        }
        if !d.unchecked.is_empty() {
            todo.push(format!(
                "not checked (terms the contract file does not give, or statements the folder lacks): {}",
                d.unchecked.join("; ")
            ));
        }
        if let Some(n) = d.next_deadline {
            todo.push(format!(
                "next incontestability deadline {n} ({} days from {})",
                (n - audit.as_of).num_days(),
                audit.as_of
            ));
        }
        if !todo.is_empty() {
            o.push_str(&format!(
                "- **{}**: {}.\n",
                esc(&d.deal),
                esc(&todo.join("; "))
            ));
        }
    }
    o.push('\n');
}

/// The head of a studio's audit request: the deal, the participant, the
/// studio, the period covered, who prepared it and when, the legend.
fn studio_heading(o: &mut String, audit: &Audit) {
    let Some(d) = audit.deals.first() else { return };
    let studio = super::scope::studio(audit, &d.deal);
    o.push_str(&format!(
        "# Audit request: {} — {}\n\n",
        esc(if d.title.is_empty() {
            &d.deal
        } else {
            &d.title
        }),
        esc(&d.deal)
    ));
    o.push_str(&format!(
        "**CONFIDENTIAL.** {}\n\n",
        esc(&super::legend(d, studio.as_deref()))
    ));
    o.push_str("| | |\n|---|---|\n");
    o.push_str(&format!("| Deal | {} |\n", esc(&d.deal)));
    if !d.title.is_empty() {
        o.push_str(&format!("| Picture | {} |\n", esc(&d.title)));
    }
    o.push_str(&format!(
        "| Participant | {} |\n",
        if d.participant.is_empty() {
            "—".to_string()
        } else {
            esc(&d.participant)
        }
    ));
    o.push_str(&format!(
        "| Studio | {} |\n",
        studio
            .as_deref()
            .map(esc)
            .unwrap_or_else(|| "—".to_string())
    ));
    o.push_str(&format!(
        "| Period covered | {} to {} ({}) |\n",
        date(d.first_period_start),
        date(d.last_period_end),
        super::statements_n(d.statements)
    ));
    o.push_str(&format!(
        "| Prepared | {} |\n\n",
        esc(&super::prepared(d, audit.as_of))
    ));
}

/// The portfolio summary table and the total claim (the auditor's only).
fn portfolio_summary(o: &mut String, audit: &Audit) {
    let total_issues: usize = audit.deals.iter().map(|d| d.issues.len()).sum();
    o.push_str("# Participation audit: claim schedule\n\n");
    o.push_str(&format!(
        "Prepared with recoup {} as of {}: {} read in {}, {}.\n\n",
        env!("CARGO_PKG_VERSION"),
        audit.as_of,
        super::statements_n(audit.statements.len()),
        super::count(audit.deals.len(), "deal", "deals"),
        super::issues_n(total_issues)
    ));

    // Summary.
    o.push_str("## Summary\n\n");
    o.push_str("| Deal | Title | Participant | Statements | Latest period end | Issues | Earned | Paid | Claim | Interest on claim | Audit costs on studio | Next deadline |\n");
    o.push_str("|---|---|---|--:|---|--:|--:|--:|--:|--:|---|---|\n");
    for d in &audit.deals {
        o.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
            esc(&d.deal),
            esc(&d.title),
            esc(&d.participant),
            d.statements,
            date(d.last_period_end),
            d.issues.len(),
            opt(d.recomputed_earned),
            opt(d.reported_paid),
            if d.provisional {
                format!("{} (provisional)", opt(d.claim))
            } else {
                opt(d.claim)
            },
            opt(d.claim_interest),
            cost_shift(d.cost_shift),
            date(d.next_deadline),
        ));
    }
    let sum = |g: fn(&crate::audit::claim::DealSummary) -> Option<Decimal>| {
        audit.deals.iter().filter_map(g).sum::<Decimal>()
    };
    o.push_str(&format!(
        "| **Total** | | | {} | | {} | | | **{}** | {} | | |\n\n",
        audit.deals.iter().map(|d| d.statements).sum::<usize>(),
        total_issues,
        fmt_human(sum(|d| d.claim)),
        fmt_human(sum(|d| d.claim_interest)),
    ));
    o.push_str(&format!(
        "**Total claim: {}**, plus interest to {}: {}.\n\n",
        fmt_human(sum(|d| d.claim)),
        audit.as_of,
        fmt_human(sum(|d| d.claim_interest))
    ));
    if audit.deals.iter().any(|d| d.provisional) {
        let (firm, provisional) = super::claim_totals(&audit.deals);
        o.push_str(&format!(
            "Of which firm: {}; provisional (resting on figures recoup could not read): {}.\n\n",
            fmt_human(firm),
            fmt_human(provisional)
        ));
    }
    o.push_str("How a claim is reached: the latest statement's net profits (the reported base), corrected by each issue below, give the corrected base; the contract share of it plus the bonuses due is what the participant earned; less what the latest statement reports as paid (previously paid plus amount due), never below zero, is the claim. Interest runs, simple, on the underpayment as it stood statement by statement, each from its statement's date to the next statement's, the last to the as-of date (each deal shows the spans). Statements are inception to date: one wrong rate repeated on several statements is one issue, counted once as the latest statement shows it, and figures of different statements are never added (only interest, charged period by period, is the sum of its periods).\n\n");
    o.push_str(&super::worth::ranking_markdown(audit));
    auditor_notes(o, audit);
}

/// One deal: the claim and how it is reached, the issues, the evidence per
/// issue, the other observations (a studio sees only its own).
fn deal_section(
    o: &mut String,
    audit: &Audit,
    dc: &DealClaims<'_>,
    refs: &Refs<'_>,
    audience: Audience,
) {
    let d = dc.deal;
    o.push_str(&format!("## {} — {}\n\n", esc(&d.deal), esc(&d.title)));
    if let Some(line) = super::provisional_line(d) {
        o.push_str(&format!("**{}:**\n\n", esc(&line)));
        for reason in super::provisional_reasons(d) {
            o.push_str(&format!("- {}\n", esc(&reason)));
        }
        o.push('\n');
    }
    o.push_str(&format!(
        "Participant: {}. Contract: {}. {}, periods {} to {}. {}, {}.\n\n",
        if d.participant.is_empty() {
            "—".to_string()
        } else {
            esc(&d.participant)
        },
        match (&d.contract, &d.contract_error) {
            (Some(c), _) => code(c),
            (None, Some(_)) => "could not be read (not audited)".into(),
            (None, None) => "none".into(),
        },
        super::statements_n(d.statements),
        date(d.first_period_start),
        date(d.last_period_end),
        super::count(d.errors, "error", "errors"),
        super::count(d.warnings, "warning", "warnings"),
    ));
    claim_table(o, audit, d, audience);
    o.push_str(&super::worth::markdown(d, audit.as_of, audience));
    if audience == Audience::Auditor && !d.unchecked.is_empty() {
        o.push_str(&format!(
            "Not checked (terms the contract file does not give, or statements the folder lacks): {}.\n\n",
            esc(&d.unchecked.join("; "))
        ));
    }
    if d.contract_error.is_some() {
        // Not audited: the reading above says why; there are no findings.
    } else if dc.by_issue.is_empty() {
        o.push_str("No error findings: nothing to claim on this deal.\n\n");
    } else {
        issues_table(o, audit, dc);
        evidence(o, audit, dc, refs, audience);
    }
    let notes: Vec<&&Finding> = dc
        .notes
        .iter()
        .filter(|f| audience == Audience::Auditor || super::scope::studio_visible(f))
        .collect();
    if !notes.is_empty() {
        o.push_str(match audience {
            Audience::Auditor => "### Warnings and notes\n\n",
            Audience::Studio => "### Other observations on the statements\n\nNot part of the claim; each asks for an explanation.\n\n",
        });
        for f in notes {
            o.push_str(&format!(
                "- **{}** {} ({}, {}): {}\n",
                esc(refs.of(f)),
                f.code.name(),
                code(&f.file),
                esc(&f.period_end),
                esc(&f.message)
            ));
        }
        o.push('\n');
    }
}

/// The reconciliation from the reported base to the claim.
fn claim_table(o: &mut String, audit: &Audit, d: &DealSummary, audience: Audience) {
    o.push_str("### The claim and how it is reached\n\n");
    o.push_str("| | Amount |\n|---|--:|\n");
    if let Some(r) = &d.reconciliation {
        let moving = d.issues.iter().filter(|i| !i.base_effect.is_zero()).count();
        o.push_str(&format!(
            "| Net profits reported on the latest statement ({}) | {} |\n",
            date(d.last_period_end),
            fmt_human(r.reported_base)
        ));
        let which = if moving == 0 {
            String::new()
        } else {
            format!(" ({})", super::issues_n(moving))
        };
        let rows = [
            (
                format!("+ effect of the issues on the base{which}"),
                r.corrected_base - r.reported_base,
            ),
            ("= Corrected base".to_string(), r.corrected_base),
            ("Share of the reported base".to_string(), r.reported_share),
            ("Share of the corrected base".to_string(), r.corrected_share),
            ("+ Bonuses due".to_string(), r.bonuses_due),
            ("= Earned".to_string(), r.earned),
            ("− Paid (previously paid + amount due)".to_string(), r.paid),
        ];
        for (what, amount) in rows {
            o.push_str(&format!("| {what} | {} |\n", fmt_human(amount)));
        }
        o.push_str(&format!("| **Claim** | **{}** |\n", fmt_human(r.claim)));
    } else {
        o.push_str(&format!(
            "| Paid (previously paid + amount due) | {} |\n",
            opt(d.reported_paid)
        ));
        o.push_str(&format!("| **Claim** | **{}** |\n", opt(d.claim)));
    }
    o.push_str(&format!(
        "| Interest on the claim to {} | {} |\n",
        audit.as_of,
        opt(d.claim_interest)
    ));
    o.push_str(&format!(
        "| Audit costs on studio | {} |\n",
        cost_shift(d.cost_shift)
    ));
    if audience == Audience::Auditor {
        o.push_str(&format!(
            "| Next incontestability deadline | {} |\n",
            date(d.next_deadline)
        ));
    }
    o.push('\n');
    o.push_str(&esc(&super::reading(d).join(" ")));
    o.push_str("\n\n");
}

/// One row per issue, with its effect on the base and on the claim.
fn issues_table(o: &mut String, audit: &Audit, dc: &DealClaims<'_>) {
    let d = dc.deal;
    let contract = audit.contracts.get(&d.deal);
    o.push_str("### The issues\n\n");
    o.push_str("Largest effect on the base first. Each issue's effect on the claim is the change in the share it causes on top of the issues above it; a bonus issue carries the unpaid bonus; a share, amount due or previously paid figure printed wrong carries the part of the payments it explains. The effects add up to the claim.\n\n");
    o.push_str(
        "| No. | Issue | Clause | Statements | Periods | Effect on base | Effect on claim |\n",
    );
    o.push_str("|--:|---|---|--:|---|--:|--:|\n");
    for (k, (i, _)) in dc.by_issue.iter().enumerate() {
        o.push_str(&format!(
            "| {} | {} {} | {} | {} | {} to {} | {} | {} |\n",
            k + 1,
            i.code.name(),
            esc(&super::issue_line(i)),
            code(&super::scope::clause_text(contract, &i.clause)),
            i.statements,
            i.first_period_end,
            i.last_period_end,
            fmt_human(i.base_effect),
            if d.reconciliation.is_some() {
                fmt_human(i.claim_effect)
            } else {
                "—".into()
            },
        ));
    }
    if let Some(r) = &d.reconciliation {
        let claimed: Decimal = d.issues.iter().map(|i| i.claim_effect).sum();
        o.push_str(&format!(
            "| | **Total of the issues** | | | | **{}** | **{}** |\n",
            fmt_human(r.corrected_base - r.reported_base),
            fmt_human(claimed)
        ));
        for (label, v) in super::claim_bridge(r) {
            o.push_str(&format!("| | {label} | | | | | {} |\n", fmt_human(v)));
        }
        o.push_str(&format!(
            "| | **Claim** | | | | | **{}** |\n",
            fmt_human(r.claim)
        ));
    }
    o.push('\n');
}

/// Each issue's findings statement by statement, with their references.
fn evidence(
    o: &mut String,
    audit: &Audit,
    dc: &DealClaims<'_>,
    refs: &Refs<'_>,
    audience: Audience,
) {
    let d = dc.deal;
    let contract = audit.contracts.get(&d.deal);
    o.push_str("### Evidence per issue\n\n");
    for (k, (i, list)) in dc.by_issue.iter().enumerate() {
        o.push_str(&format!(
            "#### Issue {}: {} — {}\n\n",
            k + 1,
            i.code.name(),
            esc(&super::issue_line(i))
        ));
        o.push_str(&format!(
            "{} Clause {}. Shown in {} from {} to {}; {}. Effect on the base {}{}.",
            i.code.meaning(),
            code(&super::scope::clause_text(contract, &i.clause)),
            super::statements_n(i.statements),
            i.first_period_end,
            i.last_period_end,
            super::counted(i, d.last_period_end),
            fmt_human(i.base_effect),
            if d.reconciliation.is_some() {
                format!(", on the claim {}", fmt_human(i.claim_effect))
            } else {
                String::new()
            }
        ));
        if let Some(why) = super::no_effect(d, i) {
            o.push(' ');
            o.push_str(&esc(&why));
        }
        o.push_str("\n\n");
        o.push_str("| Ref | Period end | Statement | Col | Reported | Expected | Difference | Effect on base | Cells |\n");
        o.push_str("|---|---|---|---|--:|--:|--:|--:|---|\n");
        for f in list {
            let place = if f.sheet.is_empty() {
                code(&f.file)
            } else {
                format!("{} [{}]", code(&f.file), esc(&f.sheet))
            };
            o.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
                esc(refs.of(f)),
                esc(&f.period_end),
                place,
                f.column.map(|c| c.name()).unwrap_or(""),
                opt(f.reported),
                opt(f.expected),
                opt(f.difference()),
                fmt_human(f.np_effect),
                super::short_cells(f)
                    .iter()
                    .map(|c| code(c))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        o.push('\n');
        for f in list {
            o.push_str(&format!("- **{}**: {}\n", esc(refs.of(f)), esc(&f.message)));
        }
        o.push_str(&format!(
            "\n{} {}\n\n",
            match audience {
                Audience::Auditor => "What to ask for:",
                Audience::Studio => "Requested:",
            },
            i.code.ask()
        ));
    }
}

/// Every statement's incontestability date and status (the auditor's only).
fn deadlines(o: &mut String, audit: &Audit) {
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
}

/// The inputs with their hashes: for the auditor every file with its
/// status; for a studio the statements and the contract read for its deal.
fn inputs(o: &mut String, audit: &Audit, audience: Audience) {
    o.push_str("## Inputs\n\n");
    if audience == Audience::Studio {
        o.push_str("The statements and the contract this request rests on, with their SHA-256 (`manifest.json` lists the same hashes); paths are relative to the folder checked.\n\n");
        o.push_str("| File | Kind | Bytes | SHA-256 |\n|---|---|--:|---|\n");
        for i in &audit.inputs {
            o.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                code(&i.path),
                if i.kind == "contract" {
                    "contract"
                } else {
                    "statement"
                },
                i.bytes.map(|b| b.to_string()).unwrap_or_default(),
                i.sha256
                    .as_deref()
                    .map(|h| format!("`{h}`"))
                    .unwrap_or_else(|| "—".into())
            ));
        }
        o.push('\n');
        return;
    }
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
    o.push('\n');
}

/// The tool and, for the auditor, the command line.
fn run_section(o: &mut String, audit: &Audit, run: &RunInfo, audience: Audience) {
    o.push_str(&format!(
        "## Run\n\nrecoup {}, as of {}.\n",
        env!("CARGO_PKG_VERSION"),
        audit.as_of
    ));
    if audience == Audience::Studio || run.command_line.is_empty() {
        return;
    }
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
