//! Findings to outputs: table, JSON, CSV, Markdown, XLSX and the manifest.
//! The only stage that writes, and it writes nothing but what it is given.

pub mod bundle;
pub mod csv;
pub mod html;
pub mod json;
pub mod manifest;
pub mod markdown;
pub mod table;
pub mod xlsx;

use crate::audit::claim;
use crate::batch::Audit;
use crate::finding::{Code, Finding, Severity};
use crate::statement::Statement;
use chrono::NaiveDate;

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
    /// Warnings and notes (not claims).
    pub notes: Vec<&'a Finding>,
}

pub fn claims(audit: &Audit) -> Vec<DealClaims<'_>> {
    audit
        .deals
        .iter()
        .map(|d| {
            let mut by_code: std::collections::BTreeMap<Code, Vec<&Finding>> =
                std::collections::BTreeMap::new();
            let mut notes = Vec::new();
            for f in audit.findings.iter().filter(|f| f.deal == d.deal) {
                if f.severity == Severity::Error {
                    by_code.entry(f.code).or_default().push(f);
                } else {
                    notes.push(f);
                }
            }
            DealClaims {
                deal: d,
                by_code: by_code.into_iter().collect(),
                notes,
            }
        })
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
