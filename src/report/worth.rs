//! What the claim is worth today (SPEC §4), for every report: the interest
//! spans, the claim split into open and at risk with the date each
//! statement became or becomes incontestable, the part of each issue at
//! risk, and the internal ranking of deals. Each format calls this module
//! in one place; nothing here reads a file.
//!
//! A studio's audit request (`DIR/<deal id>/`, [`Audience::Studio`]) shows
//! the interest spans only: how the interest it is asked to pay is
//! reached. The split into open and at risk, the objection periods and the
//! part of each issue at risk are incontestability matters, the auditor's
//! alone (issue 18: nothing internal reaches the studio): they are in the
//! portfolio's documents and the terminal table.

use super::scope::Audience;
use crate::audit::claim::worth::{Bar, Span};
use crate::audit::claim::DealSummary;
use crate::audit::claim::Worth;
use crate::batch::Audit;
use crate::money::{fmt_human, fmt_plain, fmt_rate};
use chrono::Datelike;
use chrono::NaiveDate;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter::{ExcelDateTime, Format, FormatBorder, Worksheet, XlsxError};
use serde::Serialize;

/// One span in `findings.json`.
#[derive(Serialize)]
pub struct JsonSpan {
    period_end: String,
    from: String,
    to: String,
    days: i64,
    underpayment: String,
    /// Unrounded to four places; the deal's `claim_interest` is their sum
    /// rounded once.
    interest: Option<String>,
}

/// One statement's objection period in `findings.json`.
#[derive(Serialize)]
pub struct JsonBar {
    period_end: String,
    statement_date: String,
    incontestable: String,
    passed: bool,
    underpayment: String,
}

/// A span's interest to four places, as every report shows it.
pub fn span_interest(s: &Span) -> Option<Decimal> {
    s.interest
        .map(|i| i.round_dp_with_strategy(4, rust_decimal::RoundingStrategy::MidpointAwayFromZero))
}

pub fn json_spans(d: &DealSummary) -> Vec<JsonSpan> {
    let Some(w) = &d.worth else { return Vec::new() };
    w.spans
        .iter()
        .map(|s| JsonSpan {
            period_end: s.period_end.to_string(),
            from: s.from.to_string(),
            to: s.to.to_string(),
            days: s.days,
            underpayment: fmt_plain(s.underpayment),
            interest: span_interest(s).map(|i| format!("{i:.4}")),
        })
        .collect()
}

pub fn json_bars(d: &DealSummary) -> Vec<JsonBar> {
    let Some(w) = &d.worth else { return Vec::new() };
    w.bars
        .iter()
        .map(|b: &Bar| JsonBar {
            period_end: b.period_end.to_string(),
            statement_date: b.date.to_string(),
            incontestable: b.incontestable.to_string(),
            passed: b.passed,
            underpayment: fmt_plain(b.underpayment),
        })
        .collect()
}

/// The part of issue `k`'s claim effect at risk; `None` without
/// `objection_months`.
pub fn issue_at_risk(d: &DealSummary, k: usize) -> Option<Decimal> {
    d.claim_at_risk?;
    d.worth.as_ref()?.issue_at_risk.get(k).copied()
}

/// The date the next part of a deal's claim becomes incontestable, if any.
pub fn next_bar(d: &DealSummary) -> Option<(NaiveDate, Decimal)> {
    d.worth.as_ref()?.next_bar
}

/// An amount to four places with thousands separators (`16,236.9863`): a
/// span's interest before the single rounding.
pub fn fmt4(d: Decimal) -> String {
    let r = d
        .abs()
        .round_dp_with_strategy(4, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    let whole = fmt_human(r.trunc());
    let frac = format!("{:.4}", r.fract());
    format!(
        "{}{}{}",
        if d.is_sign_negative() && !r.is_zero() {
            "-"
        } else {
            ""
        },
        whole.strip_suffix(".00").unwrap_or(&whole),
        frac.strip_prefix('0').unwrap_or(&frac)
    )
}

/// What "at risk" means, for every report and `recoup explain`.
pub const AT_RISK_MEANS: &str = "\"At risk\" is the part of the claim that was already underpaid on the latest statement whose objection period (audit.objection_months after its date) has ended: the studio may argue that this part is barred because nobody objected to that statement in time. It is the studio's argument, not a ruling: whether a bar holds depends on the contract and the law (a notice or audit request already sent, tolling, the studio's own breach), which recoup does not decide, and the whole claim is still the claim. \"Open\" is the rest of the claim, which no such argument reaches.";

/// How the interest is computed, for every report.
pub fn interest_means(rate: Decimal, as_of: NaiveDate) -> String {
    format!(
        "Simple interest at {} a year (audit.underpayment_interest) on the underpayment as it stood: each row runs from a statement's date (its Statement Date, else its period end) to the date of the next statement issued, the last row to {as_of}; days count the first day, not the last; the divisor is 365. The rows' interest, shown to four places, is added and rounded once.",
        fmt_rate(rate)
    )
}

/// Whether there is anything to value: a claim, or interest on an
/// underpayment since cured.
pub fn worth_showing(d: &DealSummary) -> Option<&Worth> {
    let w = d.worth.as_ref()?;
    let owed = d.claim.is_some_and(|c| !c.is_zero());
    let earned = w
        .spans
        .iter()
        .any(|s| !s.underpayment.is_zero() && s.days > 0);
    (owed || earned).then_some(w)
}

/// The spans that add something (an underpayment), and how many do not.
pub fn spans_shown(w: &Worth) -> (Vec<&Span>, usize) {
    let shown: Vec<&Span> = w
        .spans
        .iter()
        .filter(|s| !s.underpayment.is_zero())
        .collect();
    let hidden = w.spans.len() - shown.len();
    (shown, hidden)
}

/// The statement the part at risk stood on, if any.
pub fn barred_on(w: &Worth) -> Option<&Bar> {
    w.barred.and_then(|j| w.bars.get(j))
}

fn none_shown(hidden: usize) -> String {
    match hidden {
        0 => String::new(),
        1 => "One statement with no underpayment adds nothing and is not listed.".to_string(),
        n => format!("{n} statements with no underpayment add nothing and are not listed."),
    }
}

/// The sentence that states the split, neutrally (no deadline status).
fn split_sentence(d: &DealSummary, w: &Worth, as_of: NaiveDate) -> Option<String> {
    let at_risk = w.at_risk?;
    let open = w.open?;
    Some(match barred_on(w) {
        Some(b) => format!(
            "Of the claim of {}, {} is open and {} is at risk: the underpayment as it stood on the statement dated {} (period ended {}), the latest statement whose objection period ended ({}) on or before {as_of}, capped at the claim.",
            fmt_human(d.claim.unwrap_or_default()),
            fmt_human(open),
            fmt_human(at_risk),
            b.date,
            b.period_end,
            b.incontestable,
        ),
        None => format!(
            "Of the claim of {}, {} is open and {} is at risk: no statement's objection period ended on or before {as_of}.",
            fmt_human(d.claim.unwrap_or_default()),
            fmt_human(open),
            fmt_human(at_risk),
        ),
    })
}

/// The sentence for a contract without an interest rate on underpayments.
fn no_rate(audience: Audience) -> &'static str {
    match audience {
        Audience::Auditor => "The contract gives no rate of interest on underpayments (audit.underpayment_interest): no interest is computed.",
        Audience::Studio => "The agreement gives no rate of interest on underpayments: no interest is claimed.",
    }
}

/// claim.md: the section "What the claim is worth today" of one deal (for
/// a studio, "Interest on the claim": the spans alone).
pub fn markdown(d: &DealSummary, as_of: NaiveDate, audience: Audience) -> String {
    use super::markdown::esc;
    let Some(w) = &d.worth else {
        return String::new();
    };
    let studio = audience == Audience::Studio;
    let mut o = String::from(if studio {
        "### Interest on the claim\n\n"
    } else {
        "### What the claim is worth today\n\n"
    });
    if worth_showing(d).is_none() {
        o.push_str(if studio {
            "Nothing was underpaid on any statement: no interest is claimed.\n\n"
        } else {
            "Nothing is owed and nothing was underpaid on any statement: no interest, nothing at risk.\n\n"
        });
        return o;
    }
    let (shown, hidden) = spans_shown(w);
    match (w.rate, w.interest) {
        (Some(rate), Some(total)) => {
            o.push_str(&interest_means(rate, as_of));
            o.push_str(
                "\n\n| From | To | Days | Underpayment | Interest |\n|---|---|--:|--:|--:|\n",
            );
            for s in &shown {
                o.push_str(&format!(
                    "| {} | {} | {} | {} | {} |\n",
                    s.from,
                    s.to,
                    s.days,
                    fmt_human(s.underpayment),
                    span_interest(s).map(fmt4).unwrap_or_default()
                ));
            }
            o.push_str(&format!(
                "| **Interest on the claim** (rounded once) | | | | **{}** |\n\n",
                fmt_human(total)
            ));
            if hidden > 0 {
                o.push_str(&none_shown(hidden));
                o.push_str("\n\n");
            }
        }
        _ => {
            o.push_str(no_rate(audience));
            o.push_str("\n\n");
        }
    }
    if studio {
        return o;
    }
    let Some(sentence) = split_sentence(d, w, as_of) else {
        o.push_str("The contract gives no objection period (audit.objection_months): the claim is not split into open and at risk.\n\n");
        return o;
    };
    o.push_str(&format!(
        "| | Amount |\n|---|--:|\n| Claim | {} |\n| Open | {} |\n| At risk | {} |\n\n",
        fmt_human(d.claim.unwrap_or_default()),
        fmt_human(w.open.unwrap_or_default()),
        fmt_human(w.at_risk.unwrap_or_default())
    ));
    o.push_str(&format!("{sentence} {AT_RISK_MEANS}\n\n"));
    o.push_str("| Statement (period end) | Statement date | Objection period ends | Underpayment as it stood |\n|---|---|---|--:|\n");
    for b in &w.bars {
        o.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            b.period_end,
            b.date,
            b.incontestable,
            fmt_human(b.underpayment)
        ));
    }
    o.push('\n');
    if !d.issues.is_empty() {
        o.push_str("The part of each issue's effect on the claim at risk: the issues as the latest statement whose objection period ended showed them, allocated as on the claim, each capped at its effect on the claim.\n\n| Issue | Effect on claim | Part at risk |\n|---|--:|--:|\n");
        for (k, i) in d.issues.iter().enumerate() {
            o.push_str(&format!(
                "| {}. {} {} | {} | {} |\n",
                k + 1,
                i.code.name(),
                esc(&super::issue_line(i)),
                fmt_human(i.claim_effect),
                fmt_human(w.issue_at_risk.get(k).copied().unwrap_or_default())
            ));
        }
        o.push('\n');
    }
    o
}

/// The most span lines the terminal shows per deal; the rest are in
/// findings.json and claim.md.
const TERMINAL_SPANS: usize = 12;

/// The terminal table: the spans and the split, compactly (an internal
/// view: it may say what is already barred and when more will be).
pub fn terminal(d: &DealSummary) -> Vec<String> {
    let Some(w) = worth_showing(d) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let (shown, _) = spans_shown(w);
    if let (Some(rate), Some(total)) = (w.rate, w.interest) {
        out.push(format!(
            "interest {} at {} on the underpayment as it stood ({} span{}):",
            fmt_human(total),
            fmt_rate(rate),
            shown.len(),
            if shown.len() == 1 { "" } else { "s" }
        ));
        for s in shown.iter().take(TERMINAL_SPANS) {
            out.push(format!(
                "  {} → {} {:>5} d × {:>16} = {:>14}",
                s.from,
                s.to,
                s.days,
                fmt_human(s.underpayment),
                span_interest(s).map(fmt4).unwrap_or_default()
            ));
        }
        if shown.len() > TERMINAL_SPANS {
            out.push(format!(
                "  … {} more in findings.json (interest_spans)",
                shown.len() - TERMINAL_SPANS
            ));
        }
    }
    if let (Some(open), Some(at_risk)) = (w.open, w.at_risk) {
        let mut line = format!("open {} · at risk {}", fmt_human(open), fmt_human(at_risk));
        if let Some(b) = barred_on(w) {
            line.push_str(&format!(
                " (statement dated {}, incontestable since {})",
                b.date, b.incontestable
            ));
        }
        out.push(line);
        if let Some((date, amount)) = w.next_bar {
            out.push(format!(
                "more becomes incontestable on {date}: at risk from then {}",
                fmt_human(amount)
            ));
        }
    }
    out
}

/// One deal in the internal ranking.
#[derive(Debug, Clone, PartialEq)]
pub struct Rank<'a> {
    pub deal: &'a str,
    pub title: &'a str,
    pub claim: Decimal,
    pub open: Option<Decimal>,
    pub at_risk: Option<Decimal>,
    /// The next date on which more of the claim becomes incontestable, and
    /// the part at risk from then.
    pub next_bar: Option<(NaiveDate, Decimal)>,
}

/// The deals with a claim, largest open claim first (the claim where the
/// contract gives no objection period), ties by the next date on which
/// more of a claim becomes barred, then by deal.
pub fn ranking(audit: &Audit) -> Vec<Rank<'_>> {
    let mut out: Vec<Rank<'_>> = audit
        .deals
        .iter()
        .filter_map(|d| {
            let claim = d.claim.filter(|c| !c.is_zero())?;
            Some(Rank {
                deal: &d.deal,
                title: &d.title,
                claim,
                open: d.claim_open,
                at_risk: d.claim_at_risk,
                next_bar: next_bar(d),
            })
        })
        .collect();
    out.sort_by(|a, b| {
        b.open
            .unwrap_or(b.claim)
            .cmp(&a.open.unwrap_or(a.claim))
            .then_with(|| bar_order(a).cmp(&bar_order(b)))
            .then_with(|| a.deal.cmp(b.deal))
    });
    out
}

/// Sooner first, none last.
fn bar_order(r: &Rank<'_>) -> (bool, Option<NaiveDate>) {
    (r.next_bar.is_none(), r.next_bar.map(|b| b.0))
}

/// The deals on which more of a claim becomes barred, soonest first.
pub fn by_next_bar<'a>(ranks: &[Rank<'a>]) -> Vec<Rank<'a>> {
    let mut out: Vec<Rank<'a>> = ranks
        .iter()
        .filter(|r| r.next_bar.is_some())
        .cloned()
        .collect();
    out.sort_by(|a, b| {
        bar_order(a)
            .cmp(&bar_order(b))
            .then_with(|| a.deal.cmp(b.deal))
    });
    out
}

fn opt_amount(d: Option<Decimal>) -> String {
    d.map(fmt_human).unwrap_or_else(|| "—".to_string())
}

/// The ranking in Markdown, for the internal portfolio summary.
pub fn ranking_markdown(audit: &Audit) -> String {
    use super::markdown::esc;
    let ranks = ranking(audit);
    if ranks.is_empty() {
        return String::new();
    }
    let mut o = String::from("## Deals by open claim\n\nLargest open claim first (the claim less the part at risk), then the soonest date on which more of a claim becomes incontestable. \"At risk\" is the studio's argument, not a ruling.\n\n| Deal | Title | Claim | Open | At risk | More at risk from | At risk from then |\n|---|---|--:|--:|--:|---|--:|\n");
    for r in &ranks {
        o.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} |\n",
            esc(r.deal),
            esc(r.title),
            fmt_human(r.claim),
            opt_amount(r.open),
            opt_amount(r.at_risk),
            r.next_bar
                .map(|b| b.0.to_string())
                .unwrap_or_else(|| "—".into()),
            opt_amount(r.next_bar.map(|b| b.1)),
        ));
    }
    o.push('\n');
    let soon = by_next_bar(&ranks);
    if !soon.is_empty() {
        o.push_str("### Next dates on which more of a claim becomes incontestable\n\n| Date | Deal | At risk now | At risk from then |\n|---|---|--:|--:|\n");
        for r in &soon {
            if let Some((date, amount)) = r.next_bar {
                o.push_str(&format!(
                    "| {date} | {} | {} | {} |\n",
                    esc(r.deal),
                    opt_amount(r.at_risk),
                    fmt_human(amount)
                ));
            }
        }
        o.push('\n');
    }
    o
}

/// The most deals the terminal ranking lists.
const TERMINAL_RANKS: usize = 10;

/// The ranking in the terminal: one line per deal.
pub fn ranking_terminal(audit: &Audit) -> Vec<String> {
    let ranks = ranking(audit);
    if ranks.is_empty() {
        return Vec::new();
    }
    let mut out = vec!["By open claim (at risk: the studio's argument, not a ruling):".to_string()];
    for r in ranks.iter().take(TERMINAL_RANKS) {
        let mut line = match (r.open, r.at_risk) {
            (Some(open), Some(at_risk)) => format!(
                "  {:<16} open {:>16} · at risk {:>16}",
                r.deal,
                fmt_human(open),
                fmt_human(at_risk)
            ),
            _ => format!(
                "  {:<16} claim {:>15} · no objection period in the contract",
                r.deal,
                fmt_human(r.claim)
            ),
        };
        if let Some((date, amount)) = r.next_bar {
            line.push_str(&format!(" · {date} → {}", fmt_human(amount)));
        }
        out.push(line);
    }
    if ranks.len() > TERMINAL_RANKS {
        out.push(format!(
            "  … {} more deals with a claim",
            ranks.len() - TERMINAL_RANKS
        ));
    }
    out
}

/// report.html: the section "What the claim is worth today" of one deal
/// (for a studio, "Interest on the claim": the spans alone).
pub fn html(o: &mut String, d: &DealSummary, as_of: NaiveDate, audience: Audience) {
    use super::html::esc;
    use std::fmt::Write;
    let Some(w) = &d.worth else { return };
    let studio = audience == Audience::Studio;
    o.push_str(if studio {
        "<h3>Interest on the claim</h3>\n"
    } else {
        "<h3>What the claim is worth today</h3>\n"
    });
    if worth_showing(d).is_none() {
        o.push_str(if studio {
            "<p class=\"note\">Nothing was underpaid on any statement: no interest is claimed.</p>\n"
        } else {
            "<p class=\"note\">Nothing is owed and nothing was underpaid on any statement: no interest, nothing at risk.</p>\n"
        });
        return;
    }
    let (shown, hidden) = spans_shown(w);
    match (w.rate, w.interest) {
        (Some(rate), Some(total)) => {
            let _ = writeln!(
                o,
                "<p class=\"note\">{}</p>",
                esc(&interest_means(rate, as_of))
            );
            o.push_str("<div class=\"scroll\"><table class=\"spans\"><caption>Interest on the claim, span by span</caption><thead><tr><th>From</th><th>To</th><th class=\"n\">Days</th><th class=\"n\">Underpayment</th><th class=\"n\">Interest</th></tr></thead><tbody>\n");
            for s in &shown {
                let _ = writeln!(
                    o,
                    "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                    s.from,
                    s.to,
                    s.days,
                    fmt_human(s.underpayment),
                    span_interest(s).map(fmt4).unwrap_or_default()
                );
            }
            let _ = writeln!(
                o,
                "</tbody><tfoot><tr><th colspan=\"4\">Interest on the claim (rounded once)</th><td class=\"n\">{}</td></tr></tfoot></table></div>",
                fmt_human(total)
            );
            if hidden > 0 {
                let _ = writeln!(o, "<p class=\"note\">{}</p>", none_shown(hidden));
            }
        }
        _ => {
            let _ = writeln!(o, "<p class=\"note\">{}</p>", no_rate(audience));
        }
    }
    if studio {
        return;
    }
    let Some(sentence) = split_sentence(d, w, as_of) else {
        o.push_str("<p class=\"note\">The contract gives no objection period (audit.objection_months): the claim is not split into open and at risk.</p>\n");
        return;
    };
    let _ = writeln!(
        o,
        "<div class=\"scroll\"><table class=\"recon split\"><caption>The claim, open and at risk</caption><tbody><tr class=\"sum\"><th>Claim</th><td class=\"n\">{}</td></tr><tr><th>Open</th><td class=\"n\">{}</td></tr><tr><th>At risk</th><td class=\"n\">{}</td></tr></tbody></table></div>",
        fmt_human(d.claim.unwrap_or_default()),
        fmt_human(w.open.unwrap_or_default()),
        fmt_human(w.at_risk.unwrap_or_default())
    );
    let _ = writeln!(
        o,
        "<p class=\"note\">{} {}</p>",
        esc(&sentence),
        esc(AT_RISK_MEANS)
    );
    o.push_str("<div class=\"scroll\"><table class=\"bars\"><caption>Objection periods</caption><thead><tr><th>Statement (period end)</th><th>Statement date</th><th>Objection period ends</th><th class=\"n\">Underpayment as it stood</th></tr></thead><tbody>\n");
    for b in &w.bars {
        let _ = writeln!(
            o,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td></tr>",
            b.period_end,
            b.date,
            b.incontestable,
            fmt_human(b.underpayment)
        );
    }
    o.push_str("</tbody></table></div>\n");
    if d.issues.is_empty() {
        return;
    }
    o.push_str("<div class=\"scroll\"><table class=\"issues at-risk\"><caption>The part of each issue at risk (the issues as the latest statement whose objection period ended showed them, allocated as on the claim, each capped at its effect on the claim)</caption><thead><tr><th>#</th><th>Issue</th><th class=\"n\">Effect on claim</th><th class=\"n\">Part at risk</th></tr></thead><tbody>\n");
    for (k, i) in d.issues.iter().enumerate() {
        let _ = writeln!(
            o,
            "<tr><td>{}</td><td>{} <span class=\"sub\">{}</span></td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            k + 1,
            esc(&super::issue_line(i)),
            i.code.name(),
            fmt_human(i.claim_effect),
            fmt_human(w.issue_at_risk.get(k).copied().unwrap_or_default())
        );
    }
    o.push_str("</tbody></table></div>\n");
}

/// The columns of the "Worth" sheet.
const XLSX_COLUMNS: [&str; 9] = [
    "Deal",
    "Item",
    "Period end",
    "From / statement date",
    "To / objection period ends",
    "Days",
    "Underpayment",
    "Interest",
    "Amount",
];

/// claim.xlsx: the sheet "Worth", one table: per deal the interest
/// spans, the interest rounded once, the claim split into open and at risk,
/// each statement's objection period with the underpayment as it stood, and
/// the part of each issue at risk. Amounts are numbers, dates are dates,
/// text is neutralised; no formulas.
pub fn xlsx_sheet(deals: &[&DealSummary], as_of: NaiveDate) -> Result<Worksheet, XlsxError> {
    let mut x = Xl::new()?;
    for (c, n) in XLSX_COLUMNS.iter().enumerate() {
        x.ws.write_string_with_format(0, c as u16, *n, &x.header)?;
    }
    for d in deals {
        let Some(w) = worth_showing(d) else { continue };
        x.deal(d, w, as_of)?;
    }
    if x.row == 0 {
        x.row = 1;
        x.text(1, "No claim computed: nothing to value.", None)?;
    }
    for (c, width) in [16.0, 60.0, 12.0, 14.0, 14.0, 8.0, 16.0, 16.0, 16.0]
        .into_iter()
        .enumerate()
    {
        x.ws.set_column_width(c as u16, width)?;
    }
    x.ws.set_freeze_panes(1, 0)?;
    x.ws.set_landscape();
    x.ws.set_paper_size(1); // US Letter
    x.ws.set_print_fit_to_pages(1, 0);
    x.ws.set_repeat_rows(0, 0)?;
    x.ws.set_margins(0.5, 0.5, 0.6, 0.7, 0.3, 0.3);
    x.ws.set_footer("&L&A&RPage &P of &N");
    x.ws.set_header(format!(
        "&LParticipation audit: claim schedule&Rrecoup {}",
        env!("CARGO_PKG_VERSION")
    ));
    x.ws.autofilter(0, 0, x.row.max(1), XLSX_COLUMNS.len() as u16 - 1)?;
    Ok(x.ws)
}

/// The "Worth" sheet being written; `row` is the last row written.
struct Xl {
    ws: Worksheet,
    row: u32,
    bold: Format,
    header: Format,
    wrap: Format,
    money: Format,
    money4: Format,
    money_bold: Format,
    date: Format,
}

impl Xl {
    fn new() -> Result<Xl, XlsxError> {
        let mut ws = Worksheet::new();
        ws.set_name("Worth")?;
        Ok(Xl {
            ws,
            row: 0,
            bold: Format::new().set_bold().set_text_wrap(),
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_border_bottom(FormatBorder::Thin)
                .set_background_color(0xD9E1F2),
            wrap: Format::new().set_text_wrap(),
            money: Format::new().set_num_format(super::xlsx::MONEY_FORMAT),
            money4: Format::new().set_num_format("#,##0.0000;(#,##0.0000);0.0000"),
            money_bold: Format::new()
                .set_num_format(super::xlsx::MONEY_FORMAT)
                .set_bold(),
            date: Format::new().set_num_format("yyyy-mm-dd"),
        })
    }

    /// A new row for deal `id`.
    fn next(&mut self, id: &str) -> Result<(), XlsxError> {
        self.row += 1;
        self.text(0, id, None)
    }

    fn text(&mut self, col: u16, s: &str, f: Option<&Format>) -> Result<(), XlsxError> {
        let t = super::neutralise(s);
        let f = f.unwrap_or(&self.wrap);
        self.ws
            .write_string_with_format(self.row, col, t.as_ref(), f)?;
        Ok(())
    }

    fn amount(&mut self, col: u16, d: Decimal, f: &Format) -> Result<(), XlsxError> {
        let v = d.to_f64().unwrap_or(f64::NAN);
        if v.is_finite() {
            self.ws.write_number_with_format(self.row, col, v, f)?;
        }
        Ok(())
    }

    fn date(&mut self, col: u16, d: NaiveDate) -> Result<(), XlsxError> {
        let x = u16::try_from(d.year())
            .ok()
            .and_then(|y| ExcelDateTime::from_ymd(y, d.month() as u8, d.day() as u8).ok());
        match x {
            Some(x) => {
                self.ws
                    .write_date_with_format(self.row, col, &x, &self.date)?;
            }
            None => self.text(col, &d.to_string(), None)?,
        }
        Ok(())
    }

    fn deal(&mut self, d: &DealSummary, w: &Worth, as_of: NaiveDate) -> Result<(), XlsxError> {
        let (bold, money, money4, money_bold) = (
            self.bold.clone(),
            self.money.clone(),
            self.money4.clone(),
            self.money_bold.clone(),
        );
        if let (Some(rate), Some(total)) = (w.rate, w.interest) {
            self.next(&d.deal)?;
            self.text(1, &interest_means(rate, as_of), None)?;
            let (shown, hidden) = spans_shown(w);
            for s in shown {
                self.next(&d.deal)?;
                self.text(1, "Interest span", None)?;
                self.date(2, s.period_end)?;
                self.date(3, s.from)?;
                self.date(4, s.to)?;
                self.ws.write_number(self.row, 5, s.days as f64)?;
                self.amount(6, s.underpayment, &money)?;
                if let Some(i) = span_interest(s) {
                    self.amount(7, i, &money4)?;
                }
            }
            if hidden > 0 {
                self.next(&d.deal)?;
                self.text(1, &none_shown(hidden), None)?;
            }
            self.next(&d.deal)?;
            self.text(1, "Interest on the claim (rounded once)", Some(&bold))?;
            self.amount(8, total, &money_bold)?;
        }
        let Some(sentence) = split_sentence(d, w, as_of) else {
            return Ok(());
        };
        for (label, v) in [
            ("Claim", d.claim.unwrap_or_default()),
            ("Open", w.open.unwrap_or_default()),
            ("At risk", w.at_risk.unwrap_or_default()),
        ] {
            self.next(&d.deal)?;
            self.text(1, label, Some(&bold))?;
            self.amount(8, v, &money_bold)?;
        }
        self.next(&d.deal)?;
        self.text(1, &format!("{sentence} {AT_RISK_MEANS}"), None)?;
        for b in &w.bars {
            self.next(&d.deal)?;
            self.text(
                1,
                &format!(
                    "Statement dated {}: objection period ends {} (underpayment as it stood)",
                    b.date, b.incontestable
                ),
                None,
            )?;
            self.date(2, b.period_end)?;
            self.date(3, b.date)?;
            self.date(4, b.incontestable)?;
            self.amount(6, b.underpayment, &money)?;
        }
        for (k, i) in d.issues.iter().enumerate() {
            self.next(&d.deal)?;
            self.text(
                1,
                &format!(
                    "Issue {}, {} {}: part at risk of its effect on the claim ({})",
                    k + 1,
                    i.code.name(),
                    super::issue_line(i),
                    fmt_human(i.claim_effect)
                ),
                None,
            )?;
            self.amount(
                8,
                w.issue_at_risk.get(k).copied().unwrap_or_default(),
                &money,
            )?;
        }
        Ok(())
    }
}

/// `recoup explain at-risk` / `claim-interest`: what the figures of
/// "what the claim is worth today" mean, and what they do not.
pub fn explain_topic(name: &str) -> Option<String> {
    let n = name.trim().to_ascii_lowercase().replace('_', "-");
    match n.as_str() {
        "at-risk" | "claim-at-risk" | "claim-open" | "open" | "time-bar" => Some(format!(
            "claim_at_risk and claim_open (the time bar)\n\n\
             What it means: a statement becomes incontestable once the objection period the contract gives \
             (audit.objection_months) has run from its date (its Statement Date, else its period end; the same day \
             of the month, or the month's last day). With j the latest statement of the series that is incontestable \
             on --as-of, claim_at_risk = min(claim, claim(j)), where claim(j) is the claim as if statement j were the \
             latest: the underpayment as it already stood on a statement nobody objected to in time. It is 0 when no \
             statement is incontestable, and an overcharge on statement j while its base was still in deficit puts \
             nothing at risk (claim(j) was 0). claim_open = claim - claim_at_risk. Each issue shows the part of its \
             effect on the claim at risk: the issues as statement j showed them, allocated as on the claim, each \
             capped at its effect on the claim. Without audit.objection_months both figures are null.\n\n\
             What it does not mean: {AT_RISK_MEANS} recoup does not say the part at risk is lost, and the claim it \
             reports is the whole claim.\n"
        )),
        "claim-interest" | "interest-on-claim" | "underpayment-interest" => Some(
            "claim_interest (interest on the claim)\n\n\
             What it means: simple interest at audit.underpayment_interest on the underpayment as it stood. For each \
             statement k, claim(k) (the claim as if k were the latest) earns interest from k's date (its Statement \
             Date, else its period end) to the next statement issued (the earliest date among the later statements), \
             and the claim earns from the latest statement's date to --as-of. Days count the first day, not the last; \
             the divisor is 365; claim_interest = round(rate x sum of claim(k) x days / 365), rounded once. An \
             underpayment later cured still earns interest for the span it stood; a span with no days adds nothing. \
             Every report lists the spans (from, to, days, underpayment, interest to four places) so the figure can \
             be checked by hand. Without audit.underpayment_interest it is null.\n"
                .to_string(),
        ),
        _ => None,
    }
}

/// The topics `recoup explain` lists besides the finding codes.
pub const TOPICS: &[(&str, &str)] = &[
    (
        "at-risk",
        "The part of the claim a time bar may put at risk, and the open part.",
    ),
    (
        "claim-interest",
        "Interest on the underpayment as it stood, span by span.",
    ),
];
