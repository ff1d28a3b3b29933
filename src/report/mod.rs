//! Findings to outputs: table, JSON, CSV, Markdown, XLSX and the manifest.
//! The only stage that writes, and it writes nothing but what it is given.

mod banner;
pub mod bundle;
pub mod claim_xlsx;
pub mod csv;
pub mod format;
pub mod html;
pub mod json;
pub mod manifest;
pub mod markdown;
pub mod scope;
pub mod table;
pub mod worth;
pub mod xlsx;

use crate::audit::claim;
use crate::batch::Audit;
use crate::finding::{Code, Finding, Severity};
use crate::statement::Statement;
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// A text field bound for a spreadsheet never starts a formula (SPEC §6):
/// one beginning with `=`, `+`, `-`, `@`, tab or carriage return gets a `'`.
pub fn neutralise(text: &str) -> std::borrow::Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}").into(),
        _ => text.into(),
    }
}

/// What the run was, for the outputs that record it.
#[derive(Debug, Clone, Default)]
pub struct RunInfo {
    pub command_line: Vec<String>,
}

/// The claims of one deal: its error findings grouped by code, in code
/// order, each group in the findings' stable order. Shared by `claim.md` and
/// `claim.xlsx` so the two schedules list the same items in the same order.
pub struct DealClaims<'a> {
    pub deal: &'a claim::DealSummary,
    pub by_code: Vec<(Code, Vec<&'a Finding>)>,
    /// The deal's issues in the issue order, each with its findings
    /// statement by statement (the claim by issue, SPEC §6).
    pub by_issue: Vec<(&'a claim::Issue, Vec<&'a Finding>)>,
    /// Warnings and notes (not claims).
    pub notes: Vec<&'a Finding>,
}

pub fn claims(audit: &Audit) -> Vec<DealClaims<'_>> {
    // Each deal's findings, gathered in one pass (a portfolio may hold
    // thousands of deals).
    let mut per_deal: std::collections::BTreeMap<&str, Vec<&Finding>> =
        std::collections::BTreeMap::new();
    for f in &audit.findings {
        per_deal.entry(f.deal.as_str()).or_default().push(f);
    }
    audit
        .deals
        .iter()
        .map(|d| {
            let mine = per_deal.remove(d.deal.as_str()).unwrap_or_default();
            let mut by_code: std::collections::BTreeMap<Code, Vec<&Finding>> =
                std::collections::BTreeMap::new();
            let mut notes = Vec::new();
            for f in mine.iter().copied() {
                if f.severity == Severity::Error {
                    by_code.entry(f.code).or_default().push(f);
                } else {
                    notes.push(f);
                }
            }
            let by_issue = d
                .issues
                .iter()
                .map(|i| (i, mine.iter().copied().filter(|f| i.has(f)).collect()))
                .collect();
            DealClaims {
                deal: d,
                by_code: by_code.into_iter().collect(),
                by_issue,
                notes,
            }
        })
        .collect()
}

/// A finding's cells without the file and sheet the row already names
/// (`D14` for `a.xlsx!Statement!D14`); a cell of another statement keeps
/// its full reference.
pub fn short_cells(x: &Finding) -> Vec<&str> {
    // Cells name the file by its base name.
    let name = x.file.rsplit(['/', '\\']).next().unwrap_or(&x.file);
    let own = if x.sheet.is_empty() {
        format!("{name}!")
    } else {
        format!("{name}!{}!", x.sheet)
    };
    x.cells
        .iter()
        .map(|c| c.strip_prefix(own.as_str()).unwrap_or(c))
        .collect()
}

/// "1 item", "3 items".
pub fn items(n: usize) -> String {
    if n == 1 {
        "1 item".to_string()
    } else {
        format!("{n} items")
    }
}

/// What an issue is, in words: "Theatrical - Foreign (40%) (`fee.theatrical_foreign`)".
pub fn issue_line(i: &claim::Issue) -> String {
    match (i.label.is_empty(), i.line.is_empty()) {
        (false, false) => format!("{} ({})", i.label, i.line),
        (false, true) => i.label.clone(),
        (true, false) => i.line.clone(),
        (true, true) => "the statement as a whole".to_string(),
    }
}

/// "1 issue", "3 issues".
pub fn issues_n(n: usize) -> String {
    if n == 1 {
        "1 issue".to_string()
    } else {
        format!("{n} issues")
    }
}

/// "1 statement", "3 statements".
pub fn statements_n(n: usize) -> String {
    count(n, "statement", "statements")
}

/// "1 error", "2 errors": a count with its noun in the right number.
pub fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// How an issue is counted in the base, in words.
pub fn counted(i: &claim::Issue, latest: Option<NaiveDate>) -> String {
    if i.code == Code::Interest {
        "interest is charged period by period, so the effect on the base is the sum over the statements".to_string()
    } else if i.in_latest(latest) {
        format!(
            "the statements are inception to date, so the effect on the base is the latest statement's ({}) and the earlier differences are the same money reported again",
            i.last_period_end
        )
    } else {
        "the latest statement no longer shows it, so it does not move the base now".to_string()
    }
}

/// Why an issue changes neither the base nor the claim (or the base but
/// not the claim), in a sentence; `None` when it has an effect.
pub fn no_effect(d: &claim::DealSummary, i: &claim::Issue) -> Option<String> {
    let rec = d.reconciliation.as_ref();
    let claim_zero = rec.is_none() || i.claim_effect.is_zero();
    if !claim_zero {
        return None;
    }
    if i.base_effect.is_zero() {
        if !i.in_latest(d.last_period_end) && i.code != Code::Interest {
            return Some("It has no effect on the claim now: the latest statement no longer shows the difference.".to_string());
        }
        if i.code == Code::PriorPaid {
            return Some("It has no effect on the claim: the amount due follows the previously paid figure as printed, so previously paid plus amount due comes to the same, and the claim takes previously paid as printed; ask for the payment history.".to_string());
        }
        if matches!(i.code, Code::Share | Code::Due) {
            return Some("It does not change the participation base, and correcting it leaves what the payments come to unchanged.".to_string());
        }
        return Some("It has no effect on the claim: under this agreement's definition of the participation base the figure it corrects does not enter the base (for example a fee where only the breakeven costs count), so the base is unchanged; it is raised because the statement misstates the figure.".to_string());
    }
    match rec {
        Some(r) if r.corrected_base <= Decimal::ZERO => Some(format!(
            "It moves the base by {} but not the claim yet: the base is still a deficit after the corrections, so no share is earned on it until the deficit is recouped.",
            crate::money::fmt_human(i.base_effect)
        )),
        Some(_) => Some(format!(
            "It moves the base by {} but the participant's share does not change with it under the agreement's share terms.",
            crate::money::fmt_human(i.base_effect)
        )),
        None => None,
    }
}

/// The confidentiality legend of a studio's audit request.
pub fn legend(d: &claim::DealSummary, studio: Option<&str>) -> String {
    let who = if d.participant.is_empty() {
        "the participant".to_string()
    } else {
        d.participant.clone()
    };
    format!(
        "Prepared for the audit of the participation statements of deal {} on behalf of {who}, and furnished to {} for that audit only. It concerns this deal alone; do not disclose it to any other party.",
        d.deal,
        studio.unwrap_or("the studio that renders them")
    )
}

/// Who prepared the request, and when.
pub fn prepared(d: &claim::DealSummary, as_of: NaiveDate) -> String {
    let who = if d.participant.is_empty() {
        "the participant".to_string()
    } else {
        d.participant.clone()
    };
    format!(
        "on behalf of {who}, as of {as_of}, with recoup {}",
        env!("CARGO_PKG_VERSION")
    )
}

/// The reconciliation of a deal in plain sentences, for the Summary sheet,
/// `claim.md` and the table: how far the issues move the base (in words,
/// also when the base stays a deficit and nothing is claimed yet), the
/// share, the bonuses, what the payment-line issues account for, and the
/// claim.
pub fn reading(d: &claim::DealSummary) -> Vec<String> {
    use crate::money::fmt_human as h;
    let Some(r) = &d.reconciliation else {
        return vec![match &d.contract {
            None if d.contract_error.is_some() => format!(
                "Not audited: the {}. No check ran on a guess at its terms, and no claim is computed.",
                d.contract_error.as_deref().unwrap_or_default()
            ),
            None => "No contract file: the base cannot be corrected and no claim is computed.".to_string(),
            Some(_) => "The latest statement prints no net profits line: there is no base to correct and no claim is computed.".to_string(),
        }];
    };
    let mut out = Vec::new();
    let effect = r.corrected_base - r.reported_base;
    let moving = d.issues.iter().filter(|i| !i.base_effect.is_zero()).count();
    let zero = Decimal::ZERO;
    if effect.is_zero() {
        out.push(format!(
            "No issue changes the participation base of the latest statement ({}).",
            h(r.reported_base)
        ));
    } else {
        out.push(format!(
            "The corrections ({}) move the participation base of the latest statement {} by {}, from {} to {}.",
            issues_n(moving),
            if effect > zero { "up" } else { "down" },
            h(effect.abs()),
            h(r.reported_base),
            h(r.corrected_base)
        ));
    }
    if r.corrected_base <= zero && effect > zero {
        out.push(format!(
            "The base is still a deficit after the corrections, so no share is earned on it yet; but the corrections bring the picture {} closer to profit, money the participant shares in later periods once the deficit is recouped.",
            h(effect)
        ));
    } else if r.corrected_base <= zero {
        out.push("The base is a deficit: no share is earned on it.".to_string());
    } else if r.reported_base <= zero {
        out.push("The corrections turn the reported deficit into a profit.".to_string());
    }
    if r.corrected_share != r.reported_share {
        out.push(format!(
            "At the contract share the participant earns {} on the corrected base, against {} on the reported one ({} more).",
            h(r.corrected_share),
            h(r.reported_share),
            h(r.corrected_share - r.reported_share)
        ));
    }
    if !r.bonuses_due.is_zero() || !r.printed_bonus.is_zero() {
        out.push(format!(
            "Bonuses due under the contract: {}; the statement prints {}.",
            h(r.bonuses_due),
            h(r.printed_bonus)
        ));
    }
    let payments: Vec<&str> = d
        .issues
        .iter()
        .filter(|i| matches!(i.code, Code::Share | Code::Due | Code::PriorPaid))
        .filter(|i| !i.claim_effect.is_zero())
        .map(|i| i.code.name())
        .collect();
    if !payments.is_empty() {
        let explained: Decimal = d
            .issues
            .iter()
            .filter(|i| matches!(i.code, Code::Share | Code::Due | Code::PriorPaid))
            .map(|i| i.claim_effect)
            .sum();
        out.push(format!(
            "The studio paid {}: the {} issue{} account{} for {} {} the contract share of its own reported base plus the bonus it prints ({}).",
            h(r.paid),
            payments.join(", "),
            if payments.len() > 1 { "s" } else { "" },
            if payments.len() > 1 { "" } else { "s" },
            h(explained.abs()),
            if explained > zero { "paid short of" } else { "paid beyond" },
            h(r.reported_share + r.printed_bonus),
        ));
    }
    if !r.remainder.is_zero() {
        out.push(format!(
            "A further {} {} the contract share and the printed bonus is explained by no issue (a payment line off by no more than the tolerance).",
            h(r.remainder.abs()),
            if r.remainder < zero { "short of" } else { "beyond" },
        ));
    }
    if r.claim > zero {
        out.push(format!(
            "Earned {} less paid {}: the claim is {}.",
            h(r.earned),
            h(r.paid),
            h(r.claim)
        ));
    } else {
        out.push(format!(
            "Earned {} does not exceed paid {}: nothing is claimed now (claim 0.00).",
            h(r.earned),
            h(r.paid)
        ));
    }
    out
}

/// The mark every report carries first (terminal, `claim.md`, `claim.xlsx`,
/// `report.html`) when a deal's terms come from a draft contract
/// (`*.draft.toml`, written by `recoup init`): its terms are the studio's
/// own practice read back, not the agreement. `None` without a draft.
pub fn draft_terms(audit: &Audit) -> Option<String> {
    let drafts: Vec<String> = audit
        .deals
        .iter()
        .filter(|d| d.draft)
        .map(|d| format!("{} ({})", d.deal, d.contract.as_deref().unwrap_or("")))
        .collect();
    (!drafts.is_empty()).then(|| {
        format!(
            "DRAFT TERMS: the contract of {} is a draft recoup init wrote from the statements. Its terms are guesses from the studio's own figures, to be confirmed against the agreement; a finding or claim resting on them is not one until they are.",
            drafts.join(", ")
        )
    })
}

/// The rows that take a deal's issues to its claim (SPEC §6): after the
/// issues' total, what no issue carries (a bonus or a payment line off by no
/// more than the tolerance) and the floor at zero, each with its amount, so
/// that the issues and these rows add up to the claim to the cent. Empty in
/// the usual case, where the issues alone add up to the claim. Every
/// schedule (claim.md, claim.xlsx, report.html, the table) prints these.
pub fn claim_bridge(r: &claim::Reconciliation) -> Vec<(&'static str, Decimal)> {
    let mut rows = Vec::new();
    if !r.unclaimed_bonus.is_zero() {
        rows.push((
            "Bonus due less bonus printed, within the tolerance (no finding)",
            r.unclaimed_bonus,
        ));
    }
    if !r.remainder.is_zero() {
        rows.push((
            if r.remainder < Decimal::ZERO {
                "Paid short of the contract share and the printed bonus, explained by no finding"
            } else {
                "Paid beyond the contract share and the printed bonus, explained by no finding"
            },
            -r.remainder,
        ));
    }
    if !r.below_zero().is_zero() {
        rows.push((
            "Paid beyond what is earned: nothing is claimed below zero",
            r.below_zero(),
        ));
    }
    rows
}

/// One statement's audit deadline.
pub struct Deadline<'a> {
    pub statement: &'a Statement,
    /// When it becomes incontestable; `None` without a contract or without
    /// `audit.objection_months`.
    pub incontestable: Option<NaiveDate>,
    /// Days from `--as-of` to that date (negative once it has passed).
    pub days_left: Option<i64>,
    /// Error findings on the statement.
    pub errors: usize,
    pub has_contract: bool,
}

impl Deadline<'_> {
    /// `open`, `within 90 days`, `passed`, or why there is no date.
    pub fn status(&self) -> &'static str {
        match self.days_left {
            None if !self.has_contract => "no contract",
            None => "no objection period in the contract",
            Some(d) if d < 0 => "passed",
            Some(d) if d <= 90 => "within 90 days",
            Some(_) => "open",
        }
    }
}

/// Every statement read, in the audit's order, with its deadline.
pub fn deadlines(audit: &Audit) -> Vec<Deadline<'_>> {
    audit
        .statements
        .iter()
        .map(|s| {
            let contract = audit.contracts.get(&s.deal);
            let incontestable = contract.and_then(|c| claim::incontestable(s, c));
            Deadline {
                statement: s,
                incontestable,
                days_left: incontestable.map(|d| (d - audit.as_of).num_days()),
                errors: audit
                    .findings
                    .iter()
                    .filter(|f| {
                        f.severity == Severity::Error && f.file == s.file && f.sheet == s.sheet
                    })
                    .count(),
                has_contract: contract.is_some(),
            }
        })
        .collect()
}

/// The contract files in force: (file, deal, sha256 of the file).
pub fn contract_files(audit: &Audit) -> Vec<(&str, &str, Option<&str>)> {
    audit
        .contracts
        .iter()
        .map(|(deal, c)| {
            let location = audit.contract_locations.get(deal);
            let sha = audit
                .inputs
                .iter()
                .find(|i| i.kind == "contract" && Some(&i.location) == location)
                .or_else(|| {
                    audit
                        .inputs
                        .iter()
                        .find(|i| i.kind == "contract" && i.path == c.file)
                })
                .and_then(|i| i.sha256.as_deref());
            (c.file.as_str(), deal.as_str(), sha)
        })
        .collect()
}

/// A provisional claim as every report shows it on the deal's first line
/// (SPEC §2, "A provisional claim"): `None` for a firm claim.
pub fn provisional_line(deal: &claim::DealSummary) -> Option<String> {
    if !deal.provisional {
        return None;
    }
    let n = deal.provisional_reasons.len();
    Some(format!(
        "PROVISIONAL claim: it rests on {} figure{} recoup could not read or check{} it could not assert",
        n,
        if n == 1 { "" } else { "s" },
        if n == 1 { "" } else { "s" },
    ))
}

/// Each reason of a provisional claim, one line each: which statement,
/// which line, and why.
pub fn provisional_reasons(deal: &claim::DealSummary) -> Vec<String> {
    deal.provisional_reasons
        .iter()
        .map(|p| {
            let sheet = if p.sheet.is_empty() {
                String::new()
            } else {
                format!(" ({})", p.sheet)
            };
            format!(
                "{}{sheet}, period ending {}, '{}': {}",
                p.file, p.period_end, p.line, p.reason
            )
        })
        .collect()
}

/// The portfolio's claims kept apart: (firm, provisional).
pub fn claim_totals(deals: &[claim::DealSummary]) -> (Decimal, Decimal) {
    let mut firm = Decimal::ZERO;
    let mut provisional = Decimal::ZERO;
    for d in deals {
        if let Some(c) = d.claim {
            if d.provisional {
                provisional += c;
            } else {
                firm += c;
            }
        }
    }
    (firm, provisional)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("-2+3"), "'-2+3");
        assert_eq!(neutralise("+1"), "'+1");
        assert_eq!(neutralise("\tx"), "'\tx");
        assert_eq!(neutralise("Theatrical"), "Theatrical");
        assert_eq!(neutralise(""), "");
    }
}
