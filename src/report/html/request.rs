//! The parts of `report.html` that make it an audit request to one studio
//! (the cover: deal, participant, studio, period, who prepared it, the
//! confidentiality legend), and a deal's warnings, which both readers see
//! (a studio only those about its statements; see `report::scope`).

use super::{esc, money, opt_money, Index};
use crate::audit::claim::DealSummary;
use crate::batch::Audit;
use crate::finding::Severity;
use std::fmt::Write;

/// The number of a reference (`07` of `MP-2022-0147-07`), where space is
/// short (a grid cell); the cell's title gives the whole reference.
pub(super) fn short_ref(r: &str) -> &str {
    r.rsplit('-').next().unwrap_or(r)
}

/// The head of a studio's report: one deal, who it is between, the period,
/// who prepared it and when, the legend; then the claim.
pub(super) fn cover(o: &mut String, audit: &Audit) {
    let Some(d) = audit.deals.first() else { return };
    let studio = crate::report::scope::studio(audit, &d.deal);
    o.push_str("<header id=\"overview\" class=\"overview\">\n");
    let _ = writeln!(
        o,
        "<p class=\"legend\"><strong>Confidential.</strong> {}</p>",
        esc(&crate::report::legend(d, studio.as_deref()))
    );
    let _ = writeln!(
        o,
        "<h1>Audit request: {}</h1>",
        esc(if d.title.is_empty() {
            &d.deal
        } else {
            &d.title
        })
    );
    o.push_str("<div class=\"scroll\"><table class=\"cover\"><tbody>");
    let period = match (d.first_period_start, d.last_period_end) {
        (Some(a), Some(b)) => format!("{a} to {b} ({})", crate::report::statements_n(d.statements)),
        _ => crate::report::statements_n(d.statements),
    };
    let rows = [
        ("Deal", d.deal.clone()),
        ("Participant", d.participant.clone()),
        ("Studio", studio.clone().unwrap_or_else(|| "—".to_string())),
        ("Period covered", period),
        ("Prepared", crate::report::prepared(d, audit.as_of)),
    ];
    for (k, v) in rows {
        let _ = write!(o, "<tr><th>{k}</th><td>{}</td></tr>", esc(&v));
    }
    o.push_str("</tbody></table></div>\n");
    let _ = writeln!(
        o,
        "<div class=\"total\"><span>Claim</span><strong>{} <small>{}</small></strong></div>",
        opt_money(d.claim),
        esc(&super::currency(audit, &d.deal))
    );
    if let Some(i) = d.claim_interest {
        let _ = writeln!(
            o,
            "<p class=\"meta\">Plus interest on the claim to {}: {}.</p>",
            audit.as_of,
            money(i)
        );
    }
    o.push_str("</header>\n");
}

/// The deal's warnings: a missing, late or restated statement (and, for
/// the auditor, an unrecognised label or a deadline near),
/// each with its reference, linked to the finding in the evidence.
pub(super) fn warnings_list(o: &mut String, ix: &Index<'_>, d: &DealSummary) {
    let list: Vec<usize> = ix
        .audit
        .findings
        .iter()
        .enumerate()
        .filter(|(_, f)| f.deal == d.deal && f.severity == Severity::Warning)
        .map(|(k, _)| k)
        .collect();
    if list.is_empty() {
        return;
    }
    let _ = writeln!(
        o,
        "<section class=\"warnings\"><h3>Warnings and observations</h3><p class=\"note\">Not part of the claim; each asks for an explanation.</p><ul>"
    );
    for k in list {
        let f = &ix.audit.findings[k];
        let _ = writeln!(
            o,
            "<li class=\"{}\"><a href=\"#f{}\">{}</a> <strong>{}</strong> <span class=\"sub\">{}</span> {}</li>",
            f.severity.name(),
            k + 1,
            esc(&ix.refs[k]),
            f.code.name(),
            esc(&f.period_end),
            esc(&f.message)
        );
    }
    o.push_str("</ul></section>\n");
}
