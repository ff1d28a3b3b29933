//! `findings.json` (SPEC §6): the whole document, byte-identical for the
//! same inputs whatever the number of threads.

use crate::audit::claim::DealSummary;
use crate::batch::{Audit, Input};
use crate::finding::Finding;
use crate::money::fmt_plain;
use crate::statement::{Line, Statement};
use rust_decimal::Decimal;
use serde::Serialize;

fn amount(d: Option<Decimal>) -> Option<String> {
    d.map(fmt_plain)
}

#[derive(Serialize)]
pub struct JsonFinding<'a> {
    pub deal: &'a str,
    pub file: &'a str,
    pub sheet: &'a str,
    pub period_end: &'a str,
    pub code: &'static str,
    pub severity: &'static str,
    pub line: &'a str,
    pub label: &'a str,
    pub column: Option<&'static str>,
    pub reported: Option<String>,
    pub expected: Option<String>,
    pub difference: Option<String>,
    pub np_effect: String,
    pub clause: &'a str,
    pub cells: &'a [String],
    pub message: &'a str,
}

impl<'a> From<&'a Finding> for JsonFinding<'a> {
    fn from(f: &'a Finding) -> Self {
        JsonFinding {
            deal: &f.deal,
            file: &f.file,
            sheet: &f.sheet,
            period_end: &f.period_end,
            code: f.code.name(),
            severity: f.severity.name(),
            line: &f.line,
            label: &f.label,
            column: f.column.map(|c| c.name()),
            reported: amount(f.reported),
            expected: amount(f.expected),
            difference: amount(f.difference()),
            np_effect: fmt_plain(f.np_effect),
            clause: &f.clause,
            cells: &f.cells,
            message: &f.message,
        }
    }
}

#[derive(Serialize)]
struct JsonSheet<'a> {
    name: &'a str,
    status: &'static str,
    error: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonInput<'a> {
    path: &'a str,
    sha256: Option<&'a str>,
    bytes: Option<u64>,
    kind: &'a str,
    status: &'static str,
    error: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    sheets: Vec<JsonSheet<'a>>,
}

impl<'a> From<&'a Input> for JsonInput<'a> {
    fn from(i: &'a Input) -> Self {
        JsonInput {
            path: &i.path,
            sha256: i.sha256.as_deref(),
            bytes: i.bytes,
            kind: &i.kind,
            status: i.status.name(),
            error: i.error.as_deref(),
            sheets: i
                .sheets
                .iter()
                .map(|s| JsonSheet {
                    name: &s.name,
                    status: s.status.name(),
                    error: s.error.as_deref(),
                })
                .collect(),
        }
    }
}

#[derive(Serialize)]
struct JsonStatement<'a> {
    file: &'a str,
    sheet: &'a str,
    deal: &'a str,
    title: &'a str,
    participant: &'a str,
    period_start: String,
    period_end: String,
    statement_date: Option<String>,
    currency: &'a str,
    lines: &'a [Line],
}

impl<'a> From<&'a Statement> for JsonStatement<'a> {
    fn from(s: &'a Statement) -> Self {
        JsonStatement {
            file: &s.file,
            sheet: &s.sheet,
            deal: &s.deal,
            title: &s.title,
            participant: &s.participant,
            period_start: s.period_start.to_string(),
            period_end: s.period_end.to_string(),
            statement_date: s.statement_date.map(|d| d.to_string()),
            currency: &s.currency,
            lines: &s.lines,
        }
    }
}

#[derive(Serialize)]
struct JsonDeal<'a> {
    deal: &'a str,
    title: &'a str,
    participant: &'a str,
    statements: usize,
    reported_paid: Option<String>,
    recomputed_earned: Option<String>,
    claim: Option<String>,
    claim_interest: Option<String>,
    cost_shift: Option<bool>,
    next_deadline: Option<String>,
    first_period_start: Option<String>,
    last_period_end: Option<String>,
    recomputed_np: Option<String>,
    contract: Option<&'a str>,
    errors: usize,
    warnings: usize,
    unchecked: &'a [String],
}

impl<'a> From<&'a DealSummary> for JsonDeal<'a> {
    fn from(d: &'a DealSummary) -> Self {
        JsonDeal {
            deal: &d.deal,
            title: &d.title,
            participant: &d.participant,
            statements: d.statements,
            reported_paid: amount(d.reported_paid),
            recomputed_earned: amount(d.recomputed_earned),
            claim: amount(d.claim),
            claim_interest: amount(d.claim_interest),
            cost_shift: d.cost_shift,
            next_deadline: d.next_deadline.map(|x| x.to_string()),
            first_period_start: d.first_period_start.map(|x| x.to_string()),
            last_period_end: d.last_period_end.map(|x| x.to_string()),
            recomputed_np: amount(d.recomputed_np),
            contract: d.contract.as_deref(),
            errors: d.errors,
            warnings: d.warnings,
            unchecked: &d.unchecked,
        }
    }
}

#[derive(Serialize)]
struct Document<'a> {
    tool: &'static str,
    version: &'static str,
    as_of: String,
    inputs: Vec<JsonInput<'a>>,
    statements: Vec<JsonStatement<'a>>,
    deals: Vec<JsonDeal<'a>>,
    findings: Vec<JsonFinding<'a>>,
}

fn document(audit: &Audit) -> Document<'_> {
    Document {
        tool: "recoup",
        version: env!("CARGO_PKG_VERSION"),
        as_of: audit.as_of.to_string(),
        inputs: audit.inputs.iter().map(JsonInput::from).collect(),
        statements: audit.statements.iter().map(JsonStatement::from).collect(),
        deals: audit.deals.iter().map(JsonDeal::from).collect(),
        findings: audit.findings.iter().map(JsonFinding::from).collect(),
    }
}

pub fn render(audit: &Audit) -> String {
    let mut s = serde_json::to_string_pretty(&document(audit))
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

/// The same bytes as [`render`], written as they are produced: the document
/// holds every line of every statement, so for a large portfolio it is far
/// larger than anything else recoup keeps, and is never built in memory.
pub fn write(audit: &Audit, out: impl std::io::Write) -> std::io::Result<()> {
    use std::io::Write;
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, out);
    serde_json::to_writer_pretty(&mut out, &document(audit))?;
    out.write_all(b"\n")?;
    out.flush()
}
