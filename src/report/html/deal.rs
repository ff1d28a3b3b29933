//! One deal's section of `report.html`: its key figures, the reconciliation
//! drawn as two waterfalls, the base over the periods, the issues, the
//! deadlines and the statements as evidence.

use super::statement::statement_block;
use super::{
    currency, days_class, days_text, esc, money, opt_money, statement_name, svg, Evidence, Index,
    ALL_GRIDS_UP_TO,
};
use crate::audit::claim::{DealSummary, Issue, Reconciliation};
use crate::finding::{Code, Severity};
use crate::money::round_cents;
use crate::statement::Column;
use rust_decimal::Decimal;
use std::fmt::Write;

pub(super) fn deal(o: &mut String, ix: &Index<'_>, j: usize, d: &DealSummary) {
    let audit = ix.audit;
    let _ = writeln!(o, "<section class=\"deal\" id=\"d{}\">", j + 1);
    header(o, d);
    key_figures(o, ix, d);

    // Charts.
    let series: Vec<usize> = (0..audit.statements.len())
        .filter(|i| audit.statements[*i].deal == d.deal)
        .collect();
    o.push_str("<div class=\"charts\">");
    if let Some(r) = &d.reconciliation {
        waterfalls(o, d, r);
    }
    base_chart(o, ix, &series);
    o.push_str("</div>\n");
    if let Some(r) = &d.reconciliation {
        reconciliation_table(o, r);
    } else if d.contract.is_some() {
        o.push_str("<p class=\"note\">No claim computed: the latest statement prints no participation base (net profits).</p>\n");
    }

    issues_table(o, ix, d);
    deadlines_table(o, ix, d, &series);
    crate::report::worth::html(o, d, audit.as_of);
    if !d.unchecked.is_empty() {
        o.push_str("<p class=\"note\"><strong>Not checked</strong> (the contract file does not give these terms): ");
        let list: Vec<String> = d.unchecked.iter().map(|u| esc(u).into_owned()).collect();
        o.push_str(&list.join("; "));
        o.push_str(".</p>\n");
    }
    evidence(o, ix, &series);
    o.push_str("</section>\n");
}

/// The deal's title, participant, statements and contract.
fn header(o: &mut String, d: &DealSummary) {
    let _ = writeln!(
        o,
        "<h2>{} <span class=\"id\">{}</span></h2>",
        esc(if d.title.is_empty() {
            &d.deal
        } else {
            &d.title
        }),
        esc(&d.deal)
    );
    let _ = write!(o, "<p class=\"meta\">");
    if !d.participant.is_empty() {
        let _ = write!(o, "Participant {} · ", esc(&d.participant));
    }
    let _ = write!(
        o,
        "{} statement{}",
        d.statements,
        if d.statements == 1 { "" } else { "s" }
    );
    if let (Some(a), Some(b)) = (d.first_period_start, d.last_period_end) {
        let _ = write!(o, " from {a} to {b}");
    }
    match &d.contract {
        Some(c) => {
            let _ = write!(o, " · contract <code>{}</code>", esc(c));
        }
        None => o.push_str(
            " · <strong>no contract file</strong>: only the arithmetic and series checks ran",
        ),
    }
    o.push_str("</p>\n");
}

/// Key figures: the claim, reported paid, earned, interest, cost shift.
fn key_figures(o: &mut String, ix: &Index<'_>, d: &DealSummary) {
    let audit = ix.audit;
    let cur = currency(audit, &d.deal);
    o.push_str("<div class=\"figures\">");
    let _ =
        write!(
        o,
        "<div class=\"fig main{}\"><span>Claim</span><strong>{} <small>{}</small></strong></div>",
        if d.claim.is_some_and(|c| c > Decimal::ZERO) { " owed" } else { "" },
        opt_money(d.claim),
        esc(&cur)
    );
    let _ = write!(
        o,
        "<div class=\"fig\"><span>Reported paid</span><strong>{}</strong></div>",
        opt_money(d.reported_paid)
    );
    let _ = write!(
        o,
        "<div class=\"fig\"><span>Earned, corrected</span><strong>{}</strong></div>",
        opt_money(d.recomputed_earned)
    );
    if let Some(i) = d.claim_interest {
        let _ = write!(
            o,
            "<div class=\"fig\"><span>Interest on the claim to {}</span><strong>{}</strong></div>",
            audit.as_of,
            money(i)
        );
    }
    if let Some(cs) = d.cost_shift {
        let _ = write!(
            o,
            "<div class=\"fig\"><span>Audit costs shift to the studio</span><strong>{}</strong></div>",
            if cs { "yes" } else { "no" }
        );
    }
    o.push_str("</div>\n");
}

/// The reconciliation as two waterfalls: reported base to corrected, and
/// the share to the claim.
fn waterfalls(o: &mut String, d: &DealSummary, r: &Reconciliation) {
    let mut bars = vec![svg::Bar {
        label: "Reported base".into(),
        total: true,
        value: r.reported_base,
    }];
    let moving: Vec<&Issue> = d
        .issues
        .iter()
        .filter(|i| !i.base_effect.is_zero())
        .collect();
    const SHOWN: usize = 6;
    for i in moving.iter().take(SHOWN) {
        bars.push(svg::Bar {
            label: issue_name(i),
            total: false,
            value: i.base_effect,
        });
    }
    if moving.len() > SHOWN {
        bars.push(svg::Bar {
            label: format!("{} more issues", moving.len() - SHOWN),
            total: false,
            value: moving[SHOWN..].iter().map(|i| i.base_effect).sum(),
        });
    }
    bars.push(svg::Bar {
        label: "Corrected base".into(),
        total: true,
        value: r.corrected_base,
    });
    figure(
        o,
        &svg::waterfall("Participation base: reported to corrected", &bars),
        "The participation base (latest statement, inception to date): what the statement reports, what each issue adds or removes, and the corrected base.",
    );
    let mut bars = vec![svg::Bar {
        label: "Share of reported base".into(),
        total: true,
        value: r.reported_share,
    }];
    let corrections = r.corrected_share - r.reported_share;
    if !corrections.is_zero() {
        bars.push(svg::Bar {
            label: "Corrections".into(),
            total: false,
            value: corrections,
        });
    }
    if !r.bonuses_due.is_zero() {
        bars.push(svg::Bar {
            label: "Bonuses due".into(),
            total: false,
            value: r.bonuses_due,
        });
    }
    bars.push(svg::Bar {
        label: "Earned".into(),
        total: true,
        value: r.earned,
    });
    bars.push(svg::Bar {
        label: "Paid".into(),
        total: false,
        value: -r.paid,
    });
    bars.push(svg::Bar {
        label: "Claim".into(),
        total: true,
        value: r.claim,
    });
    figure(
        o,
        &svg::waterfall("From the share to the claim", &bars),
        "The participant's share of the reported base, the corrections, bonuses due, what was earned, what the studio reports as paid, and the claim.",
    );
}

/// The evidence, statement by statement: the grids drawn, and those not
/// drawn in a large portfolio named.
fn evidence(o: &mut String, ix: &Index<'_>, series: &[usize]) {
    let audit = ix.audit;
    let _ = writeln!(
        o,
        "<h3 class=\"ev\">Evidence: the statements as recoup read them</h3>\n<p class=\"note\">Each statement's grid with its row numbers and column letters. A marked cell holds a figure a finding cites; its number links to the finding beside the grid, and the finding links back to its cells.</p>"
    );
    let mut not_shown = Vec::new();
    for &i in series {
        match &ix.evidence[i] {
            Evidence::NotShown => not_shown.push(i),
            _ => statement_block(o, ix, i),
        }
    }
    if !not_shown.is_empty() {
        let _ = writeln!(
            o,
            "<p class=\"note\">{} statement{} without findings {} not drawn (a portfolio of more than {ALL_GRIDS_UP_TO} statements shows only the grids with findings): {}.</p>",
            not_shown.len(),
            if not_shown.len() == 1 { "" } else { "s" },
            if not_shown.len() == 1 { "is" } else { "are" },
            not_shown
                .iter()
                .map(|i| {
                    let st = &audit.statements[*i];
                    format!("<span id=\"s{}\">{} ({})</span>", i + 1, esc(&statement_name(ix, st)), st.period_end)
                })
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
}

fn issue_name(i: &Issue) -> String {
    if i.label.trim().is_empty() {
        format!("{} {}", i.code.name(), i.line)
    } else {
        i.label.clone()
    }
}

fn figure(o: &mut String, svg: &str, caption: &str) {
    let _ = writeln!(
        o,
        "<figure>{svg}<figcaption>{}</figcaption></figure>",
        esc(caption)
    );
}

/// Reported and corrected participation base over the statements' periods.
///
/// Corrected, for statement k, is what SPEC §4 computes for the claim as if
/// k were the latest: its `np.total` plus the `np_effect` of its own error
/// findings, plus the `INTEREST` findings of every statement up to k (an
/// interest overcharge is a current-period figure, so the corrections
/// accumulate). For the latest statement it is the reconciliation's
/// corrected base.
fn base_chart(o: &mut String, ix: &Index<'_>, series: &[usize]) {
    let audit = ix.audit;
    let mut periods = Vec::new();
    let mut reported = Vec::new();
    let mut corrected = Vec::new();
    let mut interest = Decimal::ZERO;
    for &i in series {
        let st = &audit.statements[i];
        let np = audit
            .with_lines(st)
            .ok()
            .and_then(|s| s.sum("np.total", Column::Itd));
        let mut effect = Decimal::ZERO;
        for &k in &ix.per_statement[i] {
            let f = &audit.findings[k];
            if f.severity != Severity::Error {
                continue;
            }
            if f.code == Code::Interest {
                interest += f.np_effect;
            } else {
                effect += f.np_effect;
            }
        }
        periods.push(st.period_end.format("%b %Y").to_string());
        reported.push(np);
        corrected.push(np.map(|n| round_cents(n + effect + interest)));
    }
    if reported.iter().all(Option::is_none) {
        return;
    }
    let chart = svg::lines(
        "Participation base by period",
        &periods,
        &[
            svg::Series {
                name: "Reported base",
                class: "rep",
                values: reported,
            },
            svg::Series {
                name: "Corrected base",
                class: "cor",
                values: corrected,
            },
        ],
    );
    figure(
        o,
        &chart,
        "Participation base (the statement's np.total, inception to date) as each statement reports it, and corrected by that statement's findings and by the interest overcharges up to it.",
    );
}

fn reconciliation_table(o: &mut String, r: &Reconciliation) {
    o.push_str("<table class=\"recon\"><caption>Reconciliation</caption><tbody>");
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
    if !r.remainder.is_zero() {
        rows.push((
            "of which the studio's own arithmetic on the payment lines",
            r.remainder,
            "sub",
        ));
    }
    rows.push(("Claim", r.claim, "sum claim"));
    for (label, v, class) in rows {
        let _ = write!(
            o,
            "<tr class=\"{class}\"><th>{label}</th><td class=\"n\">{}</td></tr>",
            money(v)
        );
    }
    o.push_str("</tbody></table>\n");
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

fn issues_table(o: &mut String, ix: &Index<'_>, d: &DealSummary) {
    if d.issues.is_empty() {
        if d.errors == 0 {
            o.push_str("<p class=\"note\">No error findings on this deal.</p>\n");
        }
        return;
    }
    o.push_str("<table class=\"issues\"><caption>Issues, largest first</caption><thead><tr><th>#</th><th>Issue</th><th>Clause</th><th>Statements</th><th class=\"n\">Effect on base</th><th class=\"n\">Effect on claim</th><th>Evidence</th></tr></thead><tbody>\n");
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
            esc(&issue.clause)
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
            let _ = write!(o, "{} ", link(&format!("finding {}", k + 1)));
            if !cells.is_empty() {
                let _ = write!(o, "<span class=\"sub\">{}</span>", cells.join(" "));
            }
        }
        o.push_str("</td></tr>\n");
    }
    let base: Decimal = d.issues.iter().map(|i| i.base_effect).sum();
    let claim: Decimal = d.issues.iter().map(|i| i.claim_effect).sum();
    let _ = writeln!(
        o,
        "</tbody><tfoot><tr><th colspan=\"4\">Total</th><td class=\"n\">{}</td><td class=\"n\">{}</td><td></td></tr></tfoot></table>",
        money(base),
        money(claim)
    );
}

fn deadlines_table(o: &mut String, ix: &Index<'_>, d: &DealSummary, series: &[usize]) {
    let audit = ix.audit;
    let contract = audit.contracts.get(&d.deal);
    let Some(c) = contract else { return };
    if c.objection_months.is_none() {
        o.push_str("<p class=\"note\">The contract sets no objection period (audit.objection_months): no deadlines computed.</p>\n");
        return;
    }
    o.push_str("<table class=\"deadlines\"><caption>Deadlines: when each statement becomes incontestable</caption><thead><tr><th>Statement</th><th>Period end</th><th>Statement date</th><th>Incontestable on</th><th>Days left</th><th class=\"n\">Errors</th></tr></thead><tbody>\n");
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
    o.push_str("</tbody></table>\n");
}
