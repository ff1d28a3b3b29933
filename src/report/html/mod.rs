//! `report.html`: the audit report a person reads, one self-contained file.
//!
//! The overview (total claim, a card per deal), then per deal the
//! reconciliation drawn as two waterfalls, the reported and corrected
//! participation base over the periods, the issues largest first, the
//! deadlines, and the evidence: every statement's grid as recoup read it,
//! with the cells each finding cites marked and linked both ways.
//!
//! Everything is inline (CSS, SVG drawn here, a small script that only
//! highlights); a Content-Security-Policy forbids every request, so the file
//! opens the same offline. Every text that came from a statement, a contract
//! or a file name goes through [`esc`]. Nothing here depends on the number of
//! threads or the clock: the same audit gives the same bytes.
//!
//! Not here: the arithmetic (the claim by issue is `audit::claim`'s) and the
//! reading of files (the grids come from [`evidence`]).

mod evidence;
mod grid_view;
mod request;
pub mod svg;
mod tables;

use grid_view::statement_block;
use request::{cover, short_ref, warnings_list};
use tables::{deadlines_table, inputs, issues_table, reconciliation_table};

pub use evidence::{Evidence, Sheet};

use super::scope::Audience;
use crate::audit::claim::{DealSummary, Issue};
use crate::batch::Audit;
use crate::finding::{Code, Severity};
use crate::grid;
use crate::money::{fmt_human, round_cents};
use crate::statement::{Column, Statement};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;

const CSS: &str = include_str!("report.css");
const JS: &str = include_str!("report.js");

/// Up to this many statements, every statement's grid is in the report; in
/// a larger portfolio only the grids of statements with findings (or whose
/// cells a finding cites), so that the file stays quick to open.
pub const ALL_GRIDS_UP_TO: usize = 100;

pub use super::format::html_esc as esc;

/// Zero-based column to its letters (`3` → `D`).
fn letters(col: usize) -> String {
    let a1 = grid::a1(0, col);
    a1.trim_end_matches('1').to_string()
}

/// `D14` or `$D$14` → zero-based (row, column).
fn parse_a1(s: &str) -> Option<(usize, usize)> {
    let s = s.trim().replace('$', "");
    let split = s.find(|c: char| c.is_ascii_digit())?;
    let (l, d) = s.split_at(split);
    if l.is_empty() || l.len() > 3 || !l.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let mut col = 0usize;
    for c in l.chars() {
        col = col * 26 + (c.to_ascii_uppercase() as usize - 'A' as usize + 1);
    }
    let row: usize = d.parse().ok()?;
    (row >= 1).then(|| (row - 1, col - 1))
}

/// A cell a finding cites, resolved to a statement's grid where it can be.
struct Cited {
    /// As the finding names it (`file!Sheet!D14`).
    full: String,
    /// (statement, absolute row, absolute column).
    at: Option<(usize, usize, usize)>,
}

/// Who cites what: findings to cells and back, statements by place.
struct Index<'a> {
    audit: &'a Audit,
    /// Each finding's own statement.
    own: Vec<Option<usize>>,
    cells: Vec<Vec<Cited>>,
    /// (statement, row, column) → the findings citing the cell, in order.
    cited: HashMap<(usize, usize, usize), Vec<usize>>,
    /// Each statement's findings, in the findings' order.
    per_statement: Vec<Vec<usize>>,
    evidence: Vec<Evidence>,
    /// Each statement file: how many statements it holds, its SHA-256.
    per_file: HashMap<&'a str, (usize, Option<&'a str>)>,
    /// Each finding's reference (`MP-2022-0147-07`), as every document gives it.
    refs: Vec<String>,
    audience: Audience,
}

fn prefix_of(st: &Statement) -> String {
    let name = st.file.rsplit('/').next().unwrap_or(&st.file);
    if st.sheet.is_empty() {
        format!("{name}!")
    } else {
        format!("{name}!{}!", st.sheet)
    }
}

impl<'a> Index<'a> {
    fn new(audit: &'a Audit, audience: Audience) -> Index<'a> {
        let sts = &audit.statements;
        let mut by_place: HashMap<(&str, &str), usize> = HashMap::new();
        let mut by_prefix: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, st) in sts.iter().enumerate() {
            by_place.entry((&st.file, &st.sheet)).or_insert(i);
            by_prefix.entry(prefix_of(st)).or_default().push(i);
        }
        let mut own = Vec::with_capacity(audit.findings.len());
        let mut cells = Vec::with_capacity(audit.findings.len());
        let mut cited: HashMap<(usize, usize, usize), Vec<usize>> = HashMap::new();
        let mut per_statement = vec![Vec::new(); sts.len()];
        for (k, f) in audit.findings.iter().enumerate() {
            let me = by_place.get(&(f.file.as_str(), f.sheet.as_str())).copied();
            if let Some(i) = me {
                per_statement[i].push(k);
            }
            own.push(me);
            let mut list = Vec::with_capacity(f.cells.len());
            for full in &f.cells {
                let at = full.rsplit_once('!').and_then(|(prefix, a1)| {
                    let (row, col) = parse_a1(a1)?;
                    let candidates = by_prefix.get(&format!("{prefix}!"))?;
                    // The finding's own statement, else one of its deal, else any.
                    let i = candidates
                        .iter()
                        .copied()
                        .find(|i| Some(*i) == me)
                        .or_else(|| candidates.iter().copied().find(|i| sts[*i].deal == f.deal))
                        .or_else(|| candidates.first().copied())?;
                    Some((i, row, col))
                });
                if let Some(at) = at {
                    let e = cited.entry(at).or_default();
                    if !e.contains(&k) {
                        e.push(k);
                    }
                }
                list.push(Cited {
                    full: full.clone(),
                    at,
                });
            }
            cells.push(list);
        }
        let all = sts.len() <= ALL_GRIDS_UP_TO;
        let mut wanted: Vec<bool> = per_statement.iter().map(|f| all || !f.is_empty()).collect();
        for (i, _, _) in cited.keys() {
            wanted[*i] = true;
        }
        let evidence = evidence::load(audit, &wanted);
        let mut per_file: HashMap<&str, (usize, Option<&str>)> = HashMap::new();
        for st in sts {
            per_file.entry(st.file.as_str()).or_default().0 += 1;
        }
        for input in &audit.inputs {
            if let Some(e) = per_file.get_mut(input.path.as_str()) {
                e.1 = input.sha256.as_deref();
            }
        }
        Index {
            audit,
            own,
            cells,
            cited,
            per_statement,
            evidence,
            per_file,
            refs: super::scope::refs(audit),
            audience,
        }
    }

    /// The element id of a cited cell, when its grid is in the report.
    fn cell_id(&self, c: &Cited) -> Option<String> {
        let (i, row, col) = c.at?;
        match &self.evidence[i] {
            Evidence::Grid(_) => Some(format!("s{}-{}", i + 1, grid::a1(row, col))),
            _ => None,
        }
    }
}

fn money(d: Decimal) -> String {
    fmt_human(d)
}

fn opt_money(d: Option<Decimal>) -> String {
    d.map(money).unwrap_or_else(|| "—".to_string())
}

/// The deal's currency: the contract's, else its latest statement's.
fn currency(audit: &Audit, deal: &str) -> String {
    audit
        .contracts
        .get(deal)
        .and_then(|c| c.currency.clone())
        .or_else(|| {
            audit
                .statements
                .iter()
                .rev()
                .find(|s| s.deal == deal)
                .map(|s| s.currency.clone())
        })
        .filter(|c| !c.trim().is_empty())
        .unwrap_or_else(|| "USD".to_string())
}

/// How a statement is named in the report: its sheet when its workbook
/// holds several statements (`Q1 2024`), else its file name.
fn statement_name(ix: &Index<'_>, st: &Statement) -> String {
    let name = st.file.rsplit('/').next().unwrap_or(&st.file);
    let shared = !st.sheet.is_empty()
        && ix
            .per_file
            .get(st.file.as_str())
            .is_some_and(|(n, _)| *n > 1);
    if shared {
        st.sheet.clone()
    } else {
        name.to_string()
    }
}

fn days_class(days: i64) -> &'static str {
    if days < 0 {
        "over"
    } else if days <= 90 {
        "soon"
    } else {
        "open"
    }
}

fn days_text(days: i64) -> String {
    match days {
        d if d < 0 => format!("passed {} days ago", -d),
        0 => "today".to_string(),
        1 => "1 day left".to_string(),
        d => format!("{d} days left"),
    }
}

/// The whole report, for the auditor.
pub fn render(audit: &Audit) -> String {
    render_for(audit, Audience::Auditor)
}

/// The report for `audience`; for a studio, `audit` is a
/// [`super::scope::deal_scope`] and the report is its audit request.
pub fn render_for(audit: &Audit, audience: Audience) -> String {
    let ix = Index::new(audit, audience);
    let mut o = String::with_capacity(64 * 1024);
    o.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    // No request of any kind, whatever a statement holds.
    o.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n");
    o.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    o.push_str("<link rel=\"icon\" href=\"data:,\">\n");
    let _ = writeln!(
        o,
        "<title>Participation audit report, as of {}</title>",
        audit.as_of
    );
    let _ = writeln!(o, "<style>\n{CSS}</style>\n</head>\n<body>");
    if let Some(mark) = crate::report::draft_terms(audit) {
        let _ = writeln!(
            o,
            "<p class=\"draft\" style=\"border:2px solid #b00;padding:.5em;font-weight:bold\">{}</p>",
            esc(&mark)
        );
    }
    nav(&mut o, audit);
    match audience {
        Audience::Auditor => overview(&mut o, audit),
        Audience::Studio => cover(&mut o, audit),
    }
    for (j, d) in audit.deals.iter().enumerate() {
        deal(&mut o, &ix, j, d);
    }
    inputs(&mut o, audit, audience);
    let _ = writeln!(
        o,
        "<footer>Written by recoup {} as of {}. Every figure is traced to the cell it was printed in; the SHA-256 of every input is listed above.</footer>",
        env!("CARGO_PKG_VERSION"),
        audit.as_of
    );
    let _ = writeln!(o, "<script>\n{JS}</script>\n</body>\n</html>");
    o
}

fn nav(o: &mut String, audit: &Audit) {
    o.push_str("<nav class=\"chrome\"><a class=\"brand\" href=\"#overview\">recoup</a>");
    // A bar of a few deals; a catalogue's deals are reached from the overview.
    const NAV_DEALS: usize = 12;
    if audit.deals.len() > NAV_DEALS {
        let _ = write!(o, "<a href=\"#overview\">{} deals</a>", audit.deals.len());
    }
    for (j, d) in audit
        .deals
        .iter()
        .enumerate()
        .filter(|_| audit.deals.len() <= NAV_DEALS)
    {
        let _ = write!(
            o,
            "<a href=\"#d{}\">{}</a>",
            j + 1,
            esc(if d.title.is_empty() {
                &d.deal
            } else {
                &d.title
            })
        );
    }
    o.push_str("<a href=\"#inputs\">Inputs</a></nav>\n");
}

/// A provisional claim said as such, with its reasons (SPEC §2).
fn provisional_block(o: &mut String, d: &DealSummary) {
    let Some(line) = super::provisional_line(d) else {
        return;
    };
    let _ = write!(
        o,
        "<div class=\"provisional\"><p><strong>{}</strong></p><ul>",
        esc(&line)
    );
    for reason in super::provisional_reasons(d) {
        let _ = write!(o, "<li>{}</li>", esc(&reason));
    }
    o.push_str("</ul></div>\n");
}

fn overview(o: &mut String, audit: &Audit) {
    let mut totals: BTreeMap<String, Decimal> = BTreeMap::new();
    for d in &audit.deals {
        if let Some(c) = d.claim {
            *totals.entry(currency(audit, &d.deal)).or_default() += c;
        }
    }
    let errors = audit
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings = audit
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Warning)
        .count();
    o.push_str(
        "<header id=\"overview\" class=\"overview\">\n<h1>Participation audit report</h1>\n",
    );
    let _ = writeln!(
        o,
        "<p class=\"meta\">As of {} · {} in {} · {}, {}</p>",
        audit.as_of,
        crate::report::statements_n(audit.statements.len()),
        crate::report::count(audit.deals.len(), "deal", "deals"),
        crate::report::count(errors, "error", "errors"),
        crate::report::count(warnings, "warning", "warnings")
    );
    o.push_str("<div class=\"total\"><span>Total claim</span>");
    if totals.is_empty() {
        o.push_str("<strong>—</strong>");
    }
    for (cur, t) in &totals {
        let _ = write!(
            o,
            "<strong>{} <small>{}</small></strong>",
            money(round_cents(*t)),
            esc(cur)
        );
    }
    o.push_str("</div>\n");
    if audit.deals.iter().any(|d| d.provisional) {
        let (firm, provisional) = super::claim_totals(&audit.deals);
        let _ = writeln!(
            o,
            "<p class=\"meta\">Firm claims {} · provisional claims {} (resting on figures recoup could not read)</p>",
            money(round_cents(firm)),
            money(round_cents(provisional))
        );
    }
    // Cards largest claim first (ties in deal order); a catalogue shows its
    // largest few, and every deal is in the summary table below them.
    const CARDS: usize = 12;
    let mut order: Vec<usize> = (0..audit.deals.len()).collect();
    order.sort_by(|a, b| {
        let claim = |j: usize| audit.deals[j].claim.unwrap_or(Decimal::MIN);
        claim(*b).cmp(&claim(*a)).then(a.cmp(b))
    });
    if order.len() > CARDS {
        let _ = writeln!(
            o,
            "<p class=\"note\">The {CARDS} largest claims of {} deals; every deal is in the summary below.</p>",
            order.len()
        );
    }
    o.push_str("<div class=\"cards\">\n");
    for &j in order.iter().take(CARDS) {
        card(o, audit, j, &audit.deals[j]);
    }
    o.push_str("</div>\n");
    summary_table(o, audit);
    let failed: Vec<_> = audit
        .inputs
        .iter()
        .filter(|i| i.status == crate::batch::Status::Error)
        .collect();
    if !failed.is_empty() {
        let _ = writeln!(
            o,
            "<div class=\"alert\"><strong>{} input{} could not be read</strong> and {} not in this report:<ul>",
            failed.len(),
            if failed.len() == 1 { "" } else { "s" },
            if failed.len() == 1 { "is" } else { "are" }
        );
        for i in failed {
            let _ = writeln!(o, "<li>{}</li>", esc(i.error.as_deref().unwrap_or(&i.path)));
        }
        o.push_str("</ul></div>\n");
    }
    o.push_str("</header>\n");
}

/// The portfolio in one table: what a covering letter quotes.
fn summary_table(o: &mut String, audit: &Audit) {
    o.push_str("<div class=\"scroll\"><table class=\"summary\"><caption>Summary by deal</caption><thead><tr><th>Deal</th><th>Participant</th><th class=\"n\">Statements</th><th class=\"n\">Reported paid</th><th class=\"n\">Earned, corrected</th><th class=\"n\">Claim</th><th class=\"n\">Interest to as-of</th><th>Next deadline</th></tr></thead><tbody>\n");
    for (j, d) in audit.deals.iter().enumerate() {
        let days = d.next_deadline.map(|n| (n - audit.as_of).num_days());
        let _ = writeln!(
            o,
            "<tr class=\"{}\"><td><a href=\"#d{}\">{}</a><br><span class=\"sub\">{}</span></td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\"><strong>{}</strong></td><td class=\"n\">{}</td><td>{}</td></tr>",
            days.map(days_class).unwrap_or("open"),
            j + 1,
            esc(if d.title.is_empty() { &d.deal } else { &d.title }),
            esc(&d.deal),
            esc(&d.participant),
            d.statements,
            opt_money(d.reported_paid),
            opt_money(d.recomputed_earned),
            opt_money(d.claim),
            opt_money(d.claim_interest),
            match (d.next_deadline, days) {
                (Some(n), Some(days)) => format!("{n}<br><span class=\"sub\">{}</span>", days_text(days)),
                _ => "—".to_string(),
            }
        );
    }
    o.push_str("</tbody></table></div>\n");
    let _ = writeln!(
        o,
        "<p class=\"note\">recoup recomputed every figure of these statements from their own lines and the participation agreements (contract files listed under Inputs). A claim is what the corrected participation base earns less what the studio reports as paid; interest on it runs to {} at the agreement's underpayment rate. A deadline is the date a statement becomes incontestable; those within 90 days of {} are marked.</p>",
        audit.as_of, audit.as_of
    );
}

fn card(o: &mut String, audit: &Audit, j: usize, d: &DealSummary) {
    let days = d.next_deadline.map(|n| (n - audit.as_of).num_days());
    let class = days.map(days_class).unwrap_or("open");
    let _ = write!(o, "<a class=\"card {class}\" href=\"#d{}\">", j + 1);
    let _ = write!(
        o,
        "<span class=\"t\">{}</span><span class=\"id\">{}{}{}</span>",
        esc(if d.title.is_empty() {
            &d.deal
        } else {
            &d.title
        }),
        esc(&d.deal),
        if d.participant.is_empty() { "" } else { " · " },
        esc(&d.participant)
    );
    match d.claim {
        Some(c) => {
            let _ = write!(
                o,
                "<span class=\"claim{}\">{} <small>{}{}</small></span>",
                if c.is_zero() { " nil" } else { "" },
                money(c),
                esc(&currency(audit, &d.deal)),
                if d.provisional { " · provisional" } else { "" }
            );
        }
        None => o.push_str("<span class=\"claim nil\">no claim computed</span>"),
    }
    let n = d.issues.len();
    let _ = write!(
        o,
        "<span class=\"m\">{} issue{} · {} statement{}</span>",
        n,
        if n == 1 { "" } else { "s" },
        d.statements,
        if d.statements == 1 { "" } else { "s" }
    );
    match (d.next_deadline, days) {
        (Some(date), Some(days)) => {
            let _ = write!(
                o,
                "<span class=\"dl\">Next deadline {date} · {}</span>",
                days_text(days)
            );
        }
        _ if d.contract_error.is_some() => {
            o.push_str("<span class=\"dl\">Contract could not be read: not audited</span>")
        }
        _ if d.contract.is_none() => o.push_str("<span class=\"dl\">No contract file</span>"),
        _ => o.push_str("<span class=\"dl\">No open deadline</span>"),
    }
    o.push_str("</a>\n");
}

fn deal(o: &mut String, ix: &Index<'_>, j: usize, d: &DealSummary) {
    let audit = ix.audit;
    let cur = currency(audit, &d.deal);
    let _ = writeln!(o, "<section class=\"deal\" id=\"d{}\">", j + 1);
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
    match (&d.contract, &d.contract_error) {
        (Some(c), _) => {
            let _ = write!(o, " · contract <code>{}</code>", esc(c));
        }
        (None, Some(why)) => {
            let _ = write!(o, " · <strong>not audited</strong>: the {}", esc(why));
        }
        (None, None) => o.push_str(
            " · <strong>no contract file</strong>: only the arithmetic and series checks ran",
        ),
    }
    o.push_str("</p>\n");
    provisional_block(o, d);

    key_figures(o, audit, d, &cur);

    let series: Vec<usize> = (0..audit.statements.len())
        .filter(|i| audit.statements[*i].deal == d.deal)
        .collect();
    charts(o, ix, d, &series, &cur);
    if let Some(r) = &d.reconciliation {
        reconciliation_table(o, r);
    } else if d.contract.is_some() {
        o.push_str("<p class=\"note\">No claim computed: the latest statement prints no participation base (net profits).</p>\n");
    }

    issues_table(o, ix, d);
    super::worth::html(o, d, audit.as_of, ix.audience);
    warnings_list(o, ix, d);
    if ix.audience == Audience::Auditor {
        deadlines_table(o, ix, d, &series);
    }
    if ix.audience == Audience::Auditor && !d.unchecked.is_empty() {
        o.push_str("<p class=\"note\"><strong>Not checked</strong> (terms the contract file does not give, or statements the folder lacks): ");
        let list: Vec<String> = d.unchecked.iter().map(|u| esc(u).into_owned()).collect();
        o.push_str(&list.join("; "));
        o.push_str(".</p>\n");
    }

    // The evidence, statement by statement.
    let _ = writeln!(
        o,
        "<h3 class=\"ev\">Evidence: the statements as recoup read them</h3>\n<p class=\"note\">Each statement's grid with its row numbers and column letters. A marked cell holds a figure a finding cites; its number links to the finding beside the grid, and the finding links back to its cells.</p>"
    );
    let mut not_shown = Vec::new();
    for &i in &series {
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
    o.push_str("</section>\n");
}

/// The claim and the figures it comes from, large.
fn key_figures(o: &mut String, audit: &Audit, d: &DealSummary, cur: &str) {
    o.push_str("<div class=\"figures\">");
    let _ =
        write!(
        o,
        "<div class=\"fig main{}\"><span>Claim</span><strong>{} <small>{}</small></strong></div>",
        if d.claim.is_some_and(|c| c > Decimal::ZERO) { " owed" } else { "" },
        opt_money(d.claim),
        esc(cur)
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

/// The deal's charts: the base from reported to corrected, the share to
/// the claim, the base over time.
fn charts(o: &mut String, ix: &Index<'_>, d: &DealSummary, series: &[usize], cur: &str) {
    o.push_str("<div class=\"charts\">");
    if let Some(r) = &d.reconciliation {
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
            &svg::waterfall("Participation base: reported to corrected", cur, &bars),
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
            &svg::waterfall("From the share to the claim", cur, &bars),
            "The participant's share of the reported base, the corrections, bonuses due, what was earned, what the studio reports as paid, and the claim.",
        );
    }
    base_chart(o, ix, series, cur);
    o.push_str("</div>\n");
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
fn base_chart(o: &mut String, ix: &Index<'_>, series: &[usize], cur: &str) {
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
        periods.push(st.period_end);
        reported.push(np);
        corrected.push(np.map(|n| round_cents(n + effect + interest)));
    }
    if reported.iter().all(Option::is_none) {
        return;
    }
    let chart = svg::lines(
        "Participation base by period",
        cur,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            esc("<script>alert(1)</script>"),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(esc("a \"b\" & 'c'"), "a &quot;b&quot; &amp; &#39;c&#39;");
        assert!(matches!(esc("plain"), std::borrow::Cow::Borrowed("plain")));
    }

    #[test]
    fn a1_references_parse() {
        assert_eq!(parse_a1("D14"), Some((13, 3)));
        assert_eq!(parse_a1("$AA$1"), Some((0, 26)));
        assert_eq!(parse_a1("14"), None);
        assert_eq!(parse_a1("D0"), None);
        assert_eq!(letters(0), "A");
        assert_eq!(letters(27), "AB");
    }
}
