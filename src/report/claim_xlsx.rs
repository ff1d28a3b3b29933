//! `DIR/<deal id>/claim.xlsx`: one deal's claim schedule as a workbook,
//! the exhibit a lawyer attaches to an audit request to one studio.
//!
//! Claim (who, what, the period; the reconciliation from the reported base
//! to the claim, then in words), Issues (the claim by issue, each with its
//! clause and what is requested), Findings (every error finding statement
//! by statement with its reference, amounts, clause and the sentence that
//! names its statement and cells; the effect on the base is the Issues
//! sheet's),
//! Observations (the studio-facing warnings: a missing, late or restated
//! statement) and Inputs (the statements and the contract read, with their
//! SHA-256). Printed on landscape Letter at 9 pt or more: columns are
//! designed to fit the page and wrap, never shrink; a narrow gap column
//! sits between amounts and the text after them.
//!
//! The workbook is drawn from a [`super::scope::deal_scope`], so it cannot
//! hold another deal or anything internal. Amounts are numbers; there are
//! no formulas; every text cell is neutralised (statements are hostile).

use super::scope;
use super::xlsx::{excel_date, Formats, Sheet};
use crate::audit::claim::DealSummary;
use crate::batch::Audit;
use crate::finding::Severity;
use rust_decimal::Decimal;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, Worksheet, XlsxError};

/// The page header of every sheet.
fn title(d: &DealSummary) -> String {
    format!("Audit request: {} ({})", d.title, d.deal)
}

/// The head of the Claim sheet: the title, the legend, who and what;
/// returns the last row written.
fn cover(s: &mut Sheet, audit: &Audit, d: &DealSummary, f: &Formats) -> Result<u32, XlsxError> {
    s.set_exhibit(&title(d));
    let studio = scope::studio(audit, &d.deal);
    s.heading(0, &title(d));
    s.prose(
        1,
        &format!("CONFIDENTIAL. {}", super::legend(d, studio.as_deref())),
    );
    let period = format!(
        "{} to {} ({})",
        d.first_period_start
            .map(|x| x.to_string())
            .unwrap_or_default(),
        d.last_period_end.map(|x| x.to_string()).unwrap_or_default(),
        super::statements_n(d.statements)
    );
    let cover = [
        ("Deal", d.deal.clone()),
        ("Picture", d.title.clone()),
        ("Participant", d.participant.clone()),
        ("Studio", studio.clone().unwrap_or_else(|| "—".to_string())),
        ("Period covered", period),
        ("Prepared", super::prepared(d, audit.as_of)),
    ];
    let mut r = 2;
    for (k, v) in cover {
        r += 1;
        s.text(r, 0, k, Some(&f.bold))?;
        s.wrapped(r, 1, &v)?;
    }
    Ok(r)
}

/// The cover and the reconciliation.
fn claim(audit: &Audit, d: &DealSummary, f: &Formats) -> Result<Worksheet, XlsxError> {
    let mut s = Sheet::new("Claim", f)?;
    let mut r = cover(&mut s, audit, d, f)?;
    r += 2;
    let header_row = r;
    s.header(r, &["Step", "What", "", "Amount"], f)?;
    let rows: Vec<(&str, String, Option<Decimal>, bool)> = match &d.reconciliation {
        Some(x) => vec![
            (
                "Reported base",
                format!(
                    "Net profits on the latest statement ({})",
                    d.last_period_end.map(|p| p.to_string()).unwrap_or_default()
                ),
                Some(x.reported_base),
                false,
            ),
            (
                "Issues",
                format!(
                    "The issues' effect on the base ({})",
                    super::issues_n(d.issues.len())
                ),
                Some(x.corrected_base - x.reported_base),
                false,
            ),
            (
                "Corrected base",
                String::new(),
                Some(x.corrected_base),
                true,
            ),
            (
                "Reported share",
                "The contract share of the reported base".into(),
                Some(x.reported_share),
                false,
            ),
            (
                "Corrected share",
                "The contract share of the corrected base".into(),
                Some(x.corrected_share),
                false,
            ),
            ("Bonuses due", String::new(), Some(x.bonuses_due), false),
            ("Earned", String::new(), Some(x.earned), true),
            (
                "Paid",
                "Previously paid + amount due, latest statement".into(),
                Some(x.paid),
                false,
            ),
            (
                "Claim",
                "Earned less paid, not below zero".into(),
                Some(x.claim),
                true,
            ),
        ],
        None => vec![
            (
                "Paid",
                "Previously paid + amount due".into(),
                d.reported_paid,
                false,
            ),
            ("Claim", String::new(), d.claim, true),
        ],
    };
    for (step, what, amount, bold) in rows {
        r += 1;
        s.text(r, 0, step, Some(if bold { &f.bold } else { &f.plain }))?;
        s.wrapped(r, 1, &what)?;
        s.money(r, 3, amount, if bold { &f.money_strong } else { &f.money })?;
    }
    r += 1;
    s.text(r, 0, "Interest", None)?;
    s.wrapped(
        r,
        1,
        &format!("Simple interest on the claim to {}", audit.as_of),
    )?;
    s.money(r, 3, d.claim_interest, &f.money)?;
    let last = r;
    r += 1;
    for line in super::reading(d) {
        r += 1;
        s.prose(r, &line);
    }
    s.cap(0, 20);
    s.width(1, 62);
    s.width(2, 1);
    s.cap(3, 18);
    s.finish(header_row, last, 4)
}

const ISSUES: [&str; 9] = [
    "No.",
    "Issue",
    "Clause",
    "Statements",
    "Periods",
    "Effect on base",
    "Effect on claim",
    "",
    "Requested",
];

fn issues(audit: &Audit, d: &DealSummary, f: &Formats) -> Result<Worksheet, XlsxError> {
    let mut s = Sheet::new("Issues", f)?;
    s.set_exhibit(&title(d));
    s.header(0, &ISSUES, f)?;
    let contract = audit.contracts.get(&d.deal);
    let mut r = 0;
    for (k, i) in d.issues.iter().enumerate() {
        r += 1;
        s.number(r, 0, (k + 1) as f64, &f.int)?;
        let mut what = format!("{} {}", i.code.name(), super::issue_line(i));
        if let Some(why) = super::no_effect(d, i) {
            what = format!("{what}. {why}");
        }
        s.wrapped(r, 1, &what)?;
        s.wrapped(r, 2, &scope::clause_text(contract, &i.clause))?;
        s.number(r, 3, i.statements as f64, &f.int)?;
        s.wrapped(
            r,
            4,
            &format!("{} to {}", i.first_period_end, i.last_period_end),
        )?;
        s.money(r, 5, Some(i.base_effect), &f.money)?;
        let claim = d.reconciliation.as_ref().map(|_| i.claim_effect);
        s.money(r, 6, claim, &f.money)?;
        s.wrapped(r, 8, i.code.ask())?;
    }
    if let Some(rec) = &d.reconciliation {
        r += 1;
        s.text(r, 1, "Total of the issues", Some(&f.bold))?;
        s.money(
            r,
            5,
            Some(rec.corrected_base - rec.reported_base),
            &f.money_bold,
        )?;
        s.money(
            r,
            6,
            Some(d.issues.iter().map(|i| i.claim_effect).sum()),
            &f.money_bold,
        )?;
        if !rec.unclaimed_bonus.is_zero() {
            r += 1;
            s.wrapped(r, 1, "Bonus due less bonus printed, within the tolerance")?;
            s.money(r, 6, Some(rec.unclaimed_bonus), &f.money)?;
        }
        if !rec.remainder.is_zero() {
            r += 1;
            s.wrapped(
                r,
                1,
                if rec.remainder < Decimal::ZERO {
                    "Add: paid short of the contract share of the reported base and the printed bonus"
                } else {
                    "Less: paid beyond the contract share of the reported base and the printed bonus"
                },
            )?;
            s.money(r, 6, Some(-rec.remainder), &f.money)?;
        }
        r += 1;
        s.text(r, 1, "Claim (not below zero)", Some(&f.bold))?;
        s.money(r, 6, Some(rec.claim), &f.money_strong)?;
    }
    if d.issues.is_empty() {
        r += 1;
        s.text(r, 1, "No error findings: nothing to claim.", None)?;
    }
    s.cap(0, 4);
    s.cap(1, 24);
    s.cap(2, 18);
    s.cap(3, 10);
    s.cap(4, 13);
    s.cap(5, 13);
    s.cap(6, 13);
    s.width(7, 1);
    s.width(8, 28);
    s.finish(0, r, ISSUES.len() as u16)
}

const INTEREST: [&str; 7] = [
    "Statement (period end)",
    "From",
    "To",
    "Days",
    "Underpayment",
    "Interest",
    "",
];

/// Interest on the claim, span by span (report::worth's spans: the
/// underpayment as it stood from each statement's date to the next's, the
/// last to the as-of date), the rows added and rounded once.
fn interest(audit: &Audit, d: &DealSummary, f: &Formats) -> Result<Worksheet, XlsxError> {
    use super::worth;
    let mut s = Sheet::new("Interest", f)?;
    s.set_exhibit(&title(d));
    s.header(0, &INTEREST, f)?;
    let four = f
        .money
        .clone()
        .set_num_format("#,##0.0000_);(#,##0.0000);0.0000_)");
    let mut r = 0;
    let w = worth::worth_showing(d);
    match w.map(|w| (w, w.rate, w.interest)) {
        Some((w, Some(rate), Some(total))) => {
            let (shown, hidden) = worth::spans_shown(w);
            for sp in shown {
                r += 1;
                s.date(r, 0, Some(sp.period_end), f)?;
                s.date(r, 1, Some(sp.from), f)?;
                s.date(r, 2, Some(sp.to), f)?;
                s.number(r, 3, sp.days as f64, &f.int)?;
                s.money(r, 4, Some(sp.underpayment), &f.money)?;
                if let Some(i) = worth::span_interest(sp) {
                    s.money4(r, 5, i, &four)?;
                }
            }
            r += 1;
            s.text(r, 0, "Interest on the claim (rounded once)", Some(&f.bold))?;
            s.money(r, 5, Some(total), &f.money_strong)?;
            if hidden > 0 {
                r += 2;
                s.prose(r, &format!("{hidden} statement(s) with no underpayment add nothing and are not listed."));
            }
            r += 2;
            s.prose(r, &worth::interest_means(rate, audit.as_of));
        }
        Some(_) => {
            r += 1;
            s.prose(
                r,
                "The agreement gives no rate of interest on underpayments: no interest is claimed.",
            );
        }
        None => {
            r += 1;
            s.prose(
                r,
                "Nothing was underpaid on any statement: no interest is claimed.",
            );
        }
    }
    s.cap(0, 12);
    s.width(6, 1);
    s.finish(0, r, INTEREST.len() as u16)
}

const FINDINGS: [&str; 10] = [
    "Ref",
    "Period end",
    "Line",
    "Col",
    "Reported",
    "Expected",
    "Difference",
    "",
    "Clause",
    "Message",
];

/// Every error finding, statement by statement, grouped by issue, with
/// the sentence that states it. No subtotals: the differences of
/// cumulative statements are the same money reported again.
fn findings(audit: &Audit, d: &DealSummary, f: &Formats) -> Result<Worksheet, XlsxError> {
    let mut s = Sheet::new("Findings", f)?;
    s.set_exhibit(&title(d));
    s.header(0, &FINDINGS, f)?;
    let contract = audit.contracts.get(&d.deal);
    let refs = scope::refs(audit);
    let mut r = 0;
    for i in &d.issues {
        for (k, x) in audit.findings.iter().enumerate().filter(|(_, x)| i.has(x)) {
            r += 1;
            s.text(r, 0, &refs[k], None)?;
            s.text(r, 1, &x.period_end, None)?;
            let line = match (x.label.is_empty(), x.line.is_empty()) {
                (false, false) => format!("{} ({})", x.label, x.line),
                (false, true) => x.label.clone(),
                _ => x.line.clone(),
            };
            s.wrapped(r, 2, &line)?;
            s.text(r, 3, x.column.map(|c| c.name()).unwrap_or(""), None)?;
            s.money(r, 4, x.reported, &f.money)?;
            s.money(r, 5, x.expected, &f.money)?;
            s.money(r, 6, x.difference(), &f.money)?;
            s.wrapped(r, 8, &scope::clause_text(contract, &x.clause))?;
            // The sentence names the statement and the cells.
            s.wrapped(r, 9, &x.message)?;
        }
    }
    if r == 0 {
        r += 1;
        s.text(r, 3, "No error findings: nothing to claim.", None)?;
    }
    // 124 characters across: on the page at 83%, every text 9 pt or more.
    s.cap(0, 15);
    s.cap(1, 10);
    s.cap(2, 12);
    s.cap(3, 7);
    for amount in 4..=6 {
        s.cap(amount, 13);
    }
    s.width(7, 1);
    s.cap(8, 13);
    s.width(9, 25);
    s.finish(0, r, FINDINGS.len() as u16)
}

const OBSERVATIONS: [&str; 5] = ["Ref", "Code", "Period end", "Statement", "Observation"];

/// The statements' own problems that are not claims: a missing, late or
/// restated statement.
fn observations(audit: &Audit, d: &DealSummary, f: &Formats) -> Result<Worksheet, XlsxError> {
    let mut s = Sheet::new("Observations", f)?;
    s.set_exhibit(&title(d));
    s.header(0, &OBSERVATIONS, f)?;
    let refs = scope::refs(audit);
    let mut r = 0;
    for (k, x) in audit
        .findings
        .iter()
        .enumerate()
        .filter(|(_, x)| x.severity != Severity::Error)
    {
        r += 1;
        s.text(r, 0, &refs[k], None)?;
        s.text(r, 1, x.code.name(), None)?;
        s.text(r, 2, &x.period_end, None)?;
        s.wrapped(r, 3, x.file.rsplit('/').next().unwrap_or(&x.file))?;
        s.wrapped(r, 4, &x.message)?;
    }
    if r == 0 {
        r += 1;
        s.text(r, 4, "None.", None)?;
    }
    s.cap(0, 16);
    s.cap(1, 14);
    s.cap(3, 18);
    s.width(4, 60);
    s.finish(0, r, OBSERVATIONS.len() as u16)
}

const INPUTS: [&str; 4] = ["Path", "Kind", "Bytes", "SHA-256"];

fn inputs(audit: &Audit, d: &DealSummary, f: &Formats) -> Result<Worksheet, XlsxError> {
    let mut s = Sheet::new("Inputs", f)?;
    s.set_exhibit(&title(d));
    s.header(0, &INPUTS, f)?;
    let mut r = 0;
    for i in &audit.inputs {
        r += 1;
        s.wrapped(r, 0, &i.path)?;
        s.text(
            r,
            1,
            if i.kind == "contract" {
                "contract"
            } else {
                "statement"
            },
            None,
        )?;
        if let Some(b) = i.bytes {
            s.number(r, 2, b as f64, &f.int)?;
        }
        s.text(r, 3, i.sha256.as_deref().unwrap_or(""), Some(&f.hash))?;
    }
    let last = r;
    r += 2;
    s.text(r, 0, "Prepared", Some(&f.bold))?;
    r += 1;
    s.prose(r, &super::prepared(d, audit.as_of));
    r += 1;
    s.prose(r, "Paths are relative to the folder checked; verify a file with its SHA-256 (manifest.json lists the same hashes).");
    s.cap(0, 34);
    s.cap(1, 9);
    s.cap(2, 8);
    // 64 characters of Courier New are 69 digits of Arial wide.
    s.width(3, 70);
    s.finish(0, last, INPUTS.len() as u16)
}

/// Render one deal's workbook; `audit` is a [`scope::deal_scope`].
pub fn render(audit: &Audit) -> Result<Vec<u8>, XlsxError> {
    let f = Formats::exhibit();
    let mut wb = Workbook::new();
    wb.set_default_format(
        &rust_xlsxwriter::Format::new()
            .set_font_name(super::xlsx::EXHIBIT_FONT)
            .set_font_size(11),
        20,
        72,
    )?;
    let Some(d) = audit.deals.first() else {
        return wb.save_to_buffer();
    };
    let created = excel_date(audit.as_of).unwrap_or(ExcelDateTime::from_ymd(2000, 1, 1)?);
    wb.set_properties(
        &DocProperties::new()
            .set_title(super::neutralise(&title(d)))
            .set_creation_datetime(&created)
            .set_comment(format!(
                "recoup {} as of {}",
                env!("CARGO_PKG_VERSION"),
                audit.as_of
            )),
    );
    // A draft's terms: DRAFT TERMS heads every printed page of every sheet.
    let draft = super::draft_terms(audit).is_some();
    let mark = |ws| super::xlsx::draft_header(ws, draft);
    wb.push_worksheet(mark(claim(audit, d, &f)?));
    wb.push_worksheet(mark(issues(audit, d, &f)?));
    wb.push_worksheet(mark(interest(audit, d, &f)?));
    wb.push_worksheet(mark(findings(audit, d, &f)?));
    wb.push_worksheet(mark(observations(audit, d, &f)?));
    wb.push_worksheet(mark(inputs(audit, d, &f)?));
    wb.save_to_buffer()
}
