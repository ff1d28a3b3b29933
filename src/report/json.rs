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
            kind: i.kind,
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

/// serde_json's `PrettyFormatter` (two-space indent), byte for byte, but
/// able to start at a depth: a value printed with `Pretty::at(n)` is the
/// text it has `n` levels down a document, so parts of the document can be
/// printed apart (in parallel) and written one after another. The indent is
/// written in one piece rather than one write per level.
struct Pretty {
    depth: usize,
    has_value: bool,
}

impl Pretty {
    fn at(depth: usize) -> Self {
        Pretty {
            depth,
            has_value: false,
        }
    }

    fn indent<W: ?Sized + std::io::Write>(&self, w: &mut W) -> std::io::Result<()> {
        const SPACES: &[u8] = &[b' '; 64];
        let mut n = self.depth * 2;
        while n > 0 {
            let k = n.min(SPACES.len());
            w.write_all(&SPACES[..k])?;
            n -= k;
        }
        Ok(())
    }

    fn next<W: ?Sized + std::io::Write>(&self, w: &mut W, first: bool) -> std::io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(w)
    }

    fn close<W: ?Sized + std::io::Write>(&mut self, w: &mut W, end: &[u8]) -> std::io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            w.write_all(b"\n")?;
            self.indent(w)?;
        }
        w.write_all(end)
    }
}

impl serde_json::ser::Formatter for Pretty {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(b"[")
    }
    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"]")
    }
    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.next(w, first)
    }
    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(b"{")
    }
    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"}")
    }
    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.next(w, first)
    }
    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }
    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// Pretty-prints `value` as it is printed `depth` levels down a document.
fn value_at(
    out: &mut impl std::io::Write,
    depth: usize,
    value: &impl Serialize,
) -> std::io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(out, Pretty::at(depth));
    value.serialize(&mut ser).map_err(std::io::Error::from)
}

/// Statements rendered at once (in parallel) before being written in order.
const BATCH: usize = 256;

/// The document, pretty-printed exactly as serde_json prints the object
/// `{tool, version, as_of, inputs, statements, deals, findings}`, with the
/// statements (nearly all of its bytes) rendered in parallel, a bounded
/// batch at a time so the text in flight stays small.
fn write_document<W: std::io::Write>(audit: &Audit, out: &mut W) -> std::io::Result<()> {
    use rayon::prelude::*;
    out.write_all(b"{\n  \"tool\": \"recoup\",\n  \"version\": ")?;
    value_at(out, 1, &env!("CARGO_PKG_VERSION"))?;
    out.write_all(b",\n  \"as_of\": ")?;
    value_at(out, 1, &audit.as_of.to_string())?;
    out.write_all(b",\n  \"inputs\": ")?;
    let inputs: Vec<JsonInput> = audit.inputs.iter().map(JsonInput::from).collect();
    value_at(out, 1, &inputs)?;
    out.write_all(b",\n  \"statements\": ")?;
    if audit.statements.is_empty() {
        out.write_all(b"[]")?;
    } else {
        out.write_all(b"[")?;
        let mut first = true;
        for batch in audit.statements.chunks(BATCH) {
            let rendered: Vec<std::io::Result<Vec<u8>>> = batch
                .par_iter()
                .map(|st| {
                    let mut buf = Vec::with_capacity(16 * 1024);
                    // A large portfolio's lines come back from the spill here.
                    let st = audit.with_lines(st)?;
                    value_at(&mut buf, 2, &JsonStatement::from(st.as_ref()))?;
                    Ok(buf)
                })
                .collect();
            for r in rendered {
                out.write_all(if first { b"\n    " } else { b",\n    " })?;
                first = false;
                out.write_all(&r?)?;
            }
        }
        out.write_all(b"\n  ]")?;
    }
    out.write_all(b",\n  \"deals\": ")?;
    let deals: Vec<JsonDeal> = audit.deals.iter().map(JsonDeal::from).collect();
    value_at(out, 1, &deals)?;
    out.write_all(b",\n  \"findings\": ")?;
    let findings: Vec<JsonFinding> = audit.findings.iter().map(JsonFinding::from).collect();
    value_at(out, 1, &findings)?;
    out.write_all(b"\n}")
}

pub fn render(audit: &Audit) -> String {
    let mut buf = Vec::new();
    match write_document(audit, &mut buf) {
        Ok(()) => {
            let mut s = String::from_utf8(buf).unwrap_or_default();
            s.push('\n');
            s
        }
        Err(e) => format!("{{\"error\": \"{e}\"}}\n"),
    }
}

/// The same bytes as [`render`], written as they are produced: the document
/// holds every line of every statement, so for a large portfolio it is far
/// larger than anything else recoup keeps, and is never built in memory.
pub fn write(audit: &Audit, out: impl std::io::Write) -> std::io::Result<()> {
    use std::io::Write;
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, out);
    write_document(audit, &mut out)?;
    out.write_all(b"\n")?;
    out.flush()
}
