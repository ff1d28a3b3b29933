//! `findings.json` (SPEC §6): the whole document, byte-identical for the
//! same inputs whatever the number of threads.

use super::worth;
use crate::audit::claim::{DealSummary, Issue, Reconciliation};
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
    /// The finding's reference in every document (`MP-2022-0147-07`);
    /// an addition after the SPEC §5 fields.
    #[serde(rename = "ref", skip_serializing_if = "String::is_empty")]
    pub reference: String,
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
            reference: String::new(),
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

/// A statement as serde renders it: the reference [`statement_at`] is
/// tested against.
#[cfg(test)]
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
    unit: u32,
    lines: &'a [Line],
}

#[cfg(test)]
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
            unit: s.unit,
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
    claim_at_risk: Option<String>,
    claim_open: Option<String>,
    cost_shift: Option<bool>,
    next_deadline: Option<String>,
    first_period_start: Option<String>,
    last_period_end: Option<String>,
    recomputed_np: Option<String>,
    contract: Option<&'a str>,
    errors: usize,
    warnings: usize,
    unchecked: &'a [String],
    provisional: bool,
    provisional_reasons: Vec<JsonProvisional<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    contract_error: Option<&'a str>,
    /// The contract is a `*.draft.toml` (`recoup init`): DRAFT TERMS.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    draft: bool,
    /// The spans of the interest on the claim (SPEC §4).
    interest_spans: Vec<worth::JsonSpan>,
    /// When each statement became or becomes incontestable.
    incontestable: Vec<worth::JsonBar>,
    reconciliation: Option<JsonReconciliation>,
    issues: Vec<JsonIssue<'a>>,
}

/// A figure recoup could not read, or a check not asserted (SPEC §2, "A
/// provisional claim"): its statement, line and reason.
#[derive(Serialize)]
struct JsonProvisional<'a> {
    statement: JsonStatementRef<'a>,
    line: &'a str,
    reason: &'a str,
}

#[derive(Serialize)]
struct JsonStatementRef<'a> {
    file: &'a str,
    sheet: &'a str,
    period_end: &'a str,
}

/// The walk from the reported base to the claim (SPEC §6), amounts as text.
#[derive(Serialize)]
struct JsonReconciliation {
    reported_base: String,
    issues_base_effect: String,
    corrected_base: String,
    reported_share: String,
    corrected_share: String,
    bonuses_due: String,
    earned: String,
    paid: String,
    claim: String,
    printed_bonus: String,
    remainder: String,
    unclaimed_bonus: String,
}

impl From<&Reconciliation> for JsonReconciliation {
    fn from(r: &Reconciliation) -> Self {
        JsonReconciliation {
            reported_base: fmt_plain(r.reported_base),
            issues_base_effect: fmt_plain(r.corrected_base - r.reported_base),
            corrected_base: fmt_plain(r.corrected_base),
            reported_share: fmt_plain(r.reported_share),
            corrected_share: fmt_plain(r.corrected_share),
            bonuses_due: fmt_plain(r.bonuses_due),
            earned: fmt_plain(r.earned),
            paid: fmt_plain(r.paid),
            claim: fmt_plain(r.claim),
            printed_bonus: fmt_plain(r.printed_bonus),
            remainder: fmt_plain(r.remainder),
            unclaimed_bonus: fmt_plain(r.unclaimed_bonus),
        }
    }
}

/// One issue of the claim by issue (SPEC §6).
#[derive(Serialize)]
struct JsonIssue<'a> {
    code: &'static str,
    line: &'a str,
    label: &'a str,
    clause: &'a str,
    statements: usize,
    first_period_end: String,
    last_period_end: String,
    base_effect: String,
    claim_effect: String,
    /// The part of the claim effect at risk (SPEC §4); null without
    /// `objection_months`.
    claim_at_risk: Option<String>,
}

impl JsonIssue<'_> {
    fn at_risk(mut self, part: Option<Decimal>) -> Self {
        self.claim_at_risk = amount(part);
        self
    }
}

impl<'a> From<&'a Issue> for JsonIssue<'a> {
    fn from(i: &'a Issue) -> Self {
        JsonIssue {
            code: i.code.name(),
            line: &i.line,
            label: &i.label,
            clause: &i.clause,
            statements: i.statements,
            first_period_end: i.first_period_end.to_string(),
            last_period_end: i.last_period_end.to_string(),
            base_effect: fmt_plain(i.base_effect),
            claim_effect: fmt_plain(i.claim_effect),
            claim_at_risk: None,
        }
    }
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
            claim_at_risk: amount(d.claim_at_risk),
            claim_open: amount(d.claim_open),
            cost_shift: d.cost_shift,
            next_deadline: d.next_deadline.map(|x| x.to_string()),
            first_period_start: d.first_period_start.map(|x| x.to_string()),
            last_period_end: d.last_period_end.map(|x| x.to_string()),
            recomputed_np: amount(d.recomputed_np),
            contract: d.contract.as_deref(),
            errors: d.errors,
            warnings: d.warnings,
            unchecked: &d.unchecked,
            provisional: d.provisional,
            provisional_reasons: d
                .provisional_reasons
                .iter()
                .map(|p| JsonProvisional {
                    statement: JsonStatementRef {
                        file: &p.file,
                        sheet: &p.sheet,
                        period_end: &p.period_end,
                    },
                    line: &p.line,
                    reason: &p.reason,
                })
                .collect(),
            contract_error: d.contract_error.as_deref(),
            draft: d.draft,
            interest_spans: worth::json_spans(d),
            incontestable: worth::json_bars(d),
            reconciliation: d.reconciliation.as_ref().map(JsonReconciliation::from),
            issues: d
                .issues
                .iter()
                .enumerate()
                .map(|(k, i)| JsonIssue::from(i).at_risk(worth::issue_at_risk(d, k)))
                .collect(),
        }
    }
}

/// serde_json's `PrettyFormatter` (two-space indent), byte for byte, but
/// able to start at a depth: a value printed with `Pretty::at(n)` is the
/// text it has `n` levels down a document, so parts of the document can be
/// printed apart (in parallel) and written one after another. The indent is
/// written in one piece rather than one write per level.
///
/// Objects that open at depth `compact_at` or deeper are written on one
/// line, `{"key": value, "key": value}`: each statement line is one text
/// line of `findings.json`, which keeps the file readable and diffable line
/// by line at a third of the indentation bytes.
struct Pretty {
    depth: usize,
    has_value: bool,
    compact_at: usize,
    /// Depth of the outermost one-line object being written, if any.
    compact_from: Option<usize>,
}

impl Pretty {
    fn at(depth: usize) -> Self {
        Pretty {
            depth,
            has_value: false,
            compact_at: usize::MAX,
            compact_from: None,
        }
    }

    #[cfg(test)]
    fn compact_at(mut self, depth: usize) -> Self {
        self.compact_at = depth;
        self
    }

    fn compact(&self) -> bool {
        self.compact_from.is_some()
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
        if self.compact() {
            return w.write_all(if first { b"" } else { b", " });
        }
        w.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(w)
    }

    fn open<W: ?Sized + std::io::Write>(&mut self, w: &mut W, start: &[u8]) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        if self.compact_from.is_none() && self.depth >= self.compact_at {
            self.compact_from = Some(self.depth);
        }
        w.write_all(start)
    }

    fn close<W: ?Sized + std::io::Write>(&mut self, w: &mut W, end: &[u8]) -> std::io::Result<()> {
        if self.compact() {
            if self.compact_from == Some(self.depth) {
                self.compact_from = None;
            }
            self.depth -= 1;
            return w.write_all(end);
        }
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
        self.open(w, b"[")
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
        self.open(w, b"{")
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

/// Depth at which a statement's lines open when the statement is printed
/// at depth 2 (document 1, `statements` 2, statement 3, `lines` 4).
#[cfg(test)]
const LINE_DEPTH: usize = 5;

/// A statement as it is printed in the document at depth 2, each line on
/// one line: the text `Pretty::at(2).compact_at(LINE_DEPTH)` gives the
/// serde rendering of [`JsonStatement`] (a test holds the two to the same
/// bytes), written directly because statements are nearly all of the
/// document and of the time spent writing it.
fn statement_at(out: &mut String, st: &Statement) {
    const FIELD: &str = ",\n      \"";
    out.push_str("{\n      \"file\": ");
    push_json_str(out, &st.file);
    for (key, value) in [
        ("sheet", st.sheet.as_str()),
        ("deal", &st.deal),
        ("title", &st.title),
        ("participant", &st.participant),
    ] {
        out.push_str(FIELD);
        out.push_str(key);
        out.push_str("\": ");
        push_json_str(out, value);
    }
    use std::fmt::Write;
    let _ = write!(
        out,
        ",\n      \"period_start\": \"{}\",\n      \"period_end\": \"{}\",\n      \"statement_date\": ",
        st.period_start, st.period_end
    );
    match st.statement_date {
        Some(d) => {
            let _ = write!(out, "\"{d}\"");
        }
        None => out.push_str("null"),
    }
    out.push_str(",\n      \"currency\": ");
    push_json_str(out, &st.currency);
    let _ = write!(out, ",\n      \"unit\": {}", st.unit);
    out.push_str(",\n      \"lines\": [");
    // Every line of a statement shares one `file!Sheet!` prefix: whether it
    // needs escaping is asked once.
    let mut prefix: Option<(&std::sync::Arc<str>, bool)> = None;
    for (i, line) in st.lines.iter().enumerate() {
        out.push_str(if i == 0 { "\n        " } else { ",\n        " });
        let escape = match prefix {
            Some((p, e)) if std::sync::Arc::ptr_eq(p, &line.place.prefix) => e,
            _ => {
                let e = needs_escape(&line.place.prefix);
                prefix = Some((&line.place.prefix, e));
                e
            }
        };
        line_json(out, line, escape);
    }
    out.push_str(if st.lines.is_empty() {
        "]\n    }"
    } else {
        "\n      ]\n    }"
    });
}

/// One line as a one-line JSON object (the fields of `Line`'s `Serialize`).
/// `escape_prefix`: whether the line's cell prefix needs JSON escaping.
fn line_json(out: &mut String, l: &Line, escape_prefix: bool) {
    out.push_str("{\"section\": \"");
    out.push_str(l.section.key());
    out.push_str("\", \"label\": ");
    push_json_str(out, &l.label);
    out.push_str(", \"code\": ");
    push_json_str(out, &l.code);
    out.push_str(", \"kind\": \"");
    out.push_str(l.kind.key());
    out.push_str("\", \"current\": ");
    push_amount(out, l.current);
    out.push_str(", \"itd\": ");
    push_amount(out, l.itd);
    out.push_str(", \"previously_reported\": ");
    push_amount(out, l.prior);
    out.push_str(", \"current_cell\": ");
    push_cell(out, &l.place, l.place.current_col, escape_prefix);
    out.push_str(", \"itd_cell\": ");
    push_cell(out, &l.place, l.place.itd_col, escape_prefix);
    out.push_str(", \"previously_reported_cell\": ");
    push_cell(out, &l.place, l.place.prior_col, escape_prefix);
    out.push_str(", \"printed_rate\": ");
    match l.printed_rate {
        Some(r) => push_json_str(out, &crate::money::fmt_rate(r)),
        None => out.push_str("null"),
    }
    out.push('}');
}

fn push_amount(out: &mut String, d: Option<Decimal>) {
    match d {
        Some(d) => {
            out.push('"');
            crate::money::push_plain(out, d);
            out.push('"');
        }
        None => out.push_str("null"),
    }
}

fn push_cell(
    out: &mut String,
    place: &crate::statement::Place,
    col: Option<u32>,
    escape_prefix: bool,
) {
    let Some(col) = col else {
        out.push_str("null");
        return;
    };
    let mut buf = [0u8; 40];
    let a1 = crate::statement::model::a1_in(&mut buf, place.row, col as usize);
    if escape_prefix {
        push_json_str(out, &format!("{}{a1}", place.prefix));
    } else {
        out.push('"');
        out.push_str(&place.prefix);
        out.push_str(a1);
        out.push('"');
    }
}

/// Whether JSON must escape anything in `s` (a quote, a backslash or a
/// control character); everything else, UTF-8 included, is written as is.
fn needs_escape(s: &str) -> bool {
    // Folded without an early exit, so the loop vectorises.
    s.bytes().fold(false, |any, b| {
        any | (b < 0x20) | (b == b'"') | (b == b'\\')
    })
}

/// `s` as a JSON string, escaped exactly as serde_json escapes it.
fn push_json_str(out: &mut String, s: &str) {
    if needs_escape(s) {
        // serde_json writes valid UTF-8 JSON text for any &str.
        out.push_str(&serde_json::to_string(s).unwrap_or_default());
    } else {
        out.push('"');
        out.push_str(s);
        out.push('"');
    }
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
            let rendered: Vec<std::io::Result<String>> = batch
                .par_iter()
                .map(|st| {
                    let mut buf = String::with_capacity(16 * 1024);
                    // A large portfolio's lines come back from the spill here.
                    let st = audit.with_lines(st)?;
                    statement_at(&mut buf, st.as_ref());
                    Ok(buf)
                })
                .collect();
            for r in rendered {
                out.write_all(if first { b"\n    " } else { b",\n    " })?;
                first = false;
                out.write_all(r?.as_bytes())?;
            }
        }
        out.write_all(b"\n  ]")?;
    }
    out.write_all(b",\n  \"deals\": ")?;
    let deals: Vec<JsonDeal> = audit.deals.iter().map(JsonDeal::from).collect();
    value_at(out, 1, &deals)?;
    out.write_all(b",\n  \"findings\": ")?;
    let refs = super::scope::refs(audit);
    let findings: Vec<JsonFinding> = audit
        .findings
        .iter()
        .zip(refs)
        .map(|(f, reference)| JsonFinding {
            reference,
            ..JsonFinding::from(f)
        })
        .collect();
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::statement::{LineKind, Place, Section};
    use std::str::FromStr;

    /// The serde rendering the direct writer must equal, byte for byte.
    fn reference(st: &Statement) -> String {
        let mut buf = Vec::new();
        let mut ser =
            serde_json::Serializer::with_formatter(&mut buf, Pretty::at(2).compact_at(LINE_DEPTH));
        JsonStatement::from(st).serialize(&mut ser).unwrap();
        String::from_utf8(buf).unwrap()
    }

    fn direct(st: &Statement) -> String {
        let mut s = String::new();
        statement_at(&mut s, st);
        s
    }

    fn line(
        label: &str,
        code: &str,
        prefix: &str,
        current: Option<&str>,
        itd: Option<&str>,
        prior: Option<&str>,
    ) -> Line {
        let dec = |v: Option<&str>| v.map(|t| Decimal::from_str(t).unwrap());
        Line {
            section: Section::DistributionFees,
            label: label.into(),
            code: code.into(),
            kind: LineKind::Item,
            row: 13,
            current: dec(current),
            itd: dec(itd),
            prior: dec(prior),
            place: Place {
                prefix: prefix.into(),
                row: 13,
                current_col: current.map(|_| 2),
                itd_col: itd.map(|_| 27),
                prior_col: prior.map(|_| 1),
            },
            printed_rate: Some(Decimal::from_str("0.125").unwrap()),
        }
    }

    fn statement(lines: Vec<Line>, sheet: &str, date: bool) -> Statement {
        Statement {
            file: "Deal A/2024 \"H1\".xlsx".into(),
            sheet: sheet.into(),
            deal: "D-1".into(),
            title: "Café \\ Society\t(2024)".into(),
            participant: "Ana\u{1}Ruiz".into(),
            period_start: chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
            period_end: chrono::NaiveDate::from_ymd_opt(2024, 6, 30).unwrap(),
            statement_date: date.then(|| chrono::NaiveDate::from_ymd_opt(2024, 8, 14).unwrap()),
            currency: "USD".into(),
            unit: 1000,
            lines,
            reading: Default::default(),
            spilled: None,
        }
    }

    #[test]
    fn the_direct_writer_prints_what_serde_prints() {
        let lines = vec![
            line(
                "Theatrical - Domestic (12.5%)",
                "fee.theatrical_domestic",
                "a.xlsx!S!",
                Some("-1234.5"),
                Some("0.005"),
                Some("(unused)").map(|_| "17.25"),
            ),
            line(
                "Say \"hi\" \\ \u{7f} é \n",
                "",
                "we\"ird.csv!",
                None,
                Some("99999999999.999"),
                None,
            ),
            line("", "net.1", "", Some("-0.004"), None, Some("0")),
        ];
        for st in [
            statement(lines.clone(), "Statement", true),
            statement(lines, "", false),
            statement(Vec::new(), "Notes", true),
        ] {
            assert_eq!(direct(&st), reference(&st));
        }
    }

    #[test]
    fn each_line_is_one_text_line() {
        let st = statement(
            vec![
                line(
                    "Prints",
                    "exp.prints",
                    "x.xlsx!S!",
                    Some("1"),
                    Some("2"),
                    Some("1")
                );
                3
            ],
            "S",
            true,
        );
        let text = direct(&st);
        let lines: Vec<&str> = text.lines().filter(|l| l.contains("\"section\"")).collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[0]
            .starts_with("        {\"section\": \"distribution_fees\", \"label\": \"Prints\""));
        assert!(lines[0]
            .contains("\"current_cell\": \"x.xlsx!S!C14\", \"itd_cell\": \"x.xlsx!S!AB14\", \"previously_reported_cell\": \"x.xlsx!S!B14\""));
        assert!(lines[0].contains("\"itd\": \"2.00\", \"previously_reported\": \"1.00\""));
    }
}
