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

mod deal;
mod evidence;
mod statement;
pub mod svg;

pub use evidence::{Evidence, Sheet};

use crate::audit::claim::DealSummary;
use crate::batch::Audit;
use crate::finding::Severity;
use crate::grid;
use crate::money::{fmt_human, round_cents};
use crate::statement::Statement;
use rust_decimal::Decimal;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;

const CSS: &str = include_str!("report.css");
const JS: &str = include_str!("report.js");

/// Up to this many statements, every statement's grid is in the report; in
/// a larger portfolio only the grids of statements with findings (or whose
/// cells a finding cites), so that the file stays quick to open.
pub const ALL_GRIDS_UP_TO: usize = 100;

/// Escape text for HTML content and quoted attributes.
pub fn esc(s: &str) -> Cow<'_, str> {
    if !s.contains(['&', '<', '>', '"', '\'']) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

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
    fn new(audit: &'a Audit) -> Index<'a> {
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
        "passed"
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

/// The whole report.
pub fn render(audit: &Audit) -> String {
    let ix = Index::new(audit);
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
    nav(&mut o, audit);
    overview(&mut o, audit);
    for (j, d) in audit.deals.iter().enumerate() {
        deal::deal(&mut o, &ix, j, d);
    }
    inputs(&mut o, audit);
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
        "<p class=\"meta\">As of {} · {} statements in {} deals · {} errors, {} warnings</p>",
        audit.as_of,
        audit.statements.len(),
        audit.deals.len(),
        errors,
        warnings
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
    o.push_str("<table class=\"summary\"><caption>Summary by deal</caption><thead><tr><th>Deal</th><th>Participant</th><th class=\"n\">Statements</th><th class=\"n\">Reported paid</th><th class=\"n\">Earned, corrected</th><th class=\"n\">Claim</th><th class=\"n\">Interest to as-of</th><th>Next deadline</th></tr></thead><tbody>\n");
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
    o.push_str("</tbody></table>\n");
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
                "<span class=\"claim{}\">{} <small>{}</small></span>",
                if c.is_zero() { " nil" } else { "" },
                money(c),
                esc(&currency(audit, &d.deal))
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
        _ if d.contract.is_none() => o.push_str("<span class=\"dl\">No contract file</span>"),
        _ => o.push_str("<span class=\"dl\">No open deadline</span>"),
    }
    o.push_str("</a>\n");
}

fn inputs(o: &mut String, audit: &Audit) {
    o.push_str("<section class=\"inputs\" id=\"inputs\"><h2>Inputs</h2><p class=\"note\">Every file read, with its SHA-256: a recipient can check that the statements are the ones audited.</p><table><thead><tr><th>File</th><th>Kind</th><th>Status</th><th>SHA-256</th></tr></thead><tbody>\n");
    for i in &audit.inputs {
        let _ = writeln!(
            o,
            "<tr class=\"{}\"><td><code>{}</code>{}</td><td>{}</td><td>{}</td><td><code class=\"hash\">{}</code></td></tr>",
            i.status.name(),
            esc(&i.path),
            i.error
                .as_deref()
                .map(|e| format!("<br><span class=\"sub\">{}</span>", esc(e)))
                .unwrap_or_default(),
            i.kind,
            i.status.name(),
            esc(i.sha256.as_deref().unwrap_or("—"))
        );
    }
    o.push_str("</tbody></table></section>\n");
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
        assert!(matches!(esc("plain"), Cow::Borrowed("plain")));
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
