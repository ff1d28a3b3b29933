//! Who a document is for, and what it may hold.
//!
//! The bundle has two readers: the studio, which receives one deal's audit
//! request (`DIR/<deal id>/`), and the auditor, who keeps the portfolio
//! (`DIR/portfolio/`). [`deal_scope`] cuts the audit down to what one
//! studio may see: that deal's statements, its findings about the
//! statements (not recoup's own notes: deadlines, unrecognised labels), the
//! statement files and the contract read for it, no local path, no
//! deadline, nothing left unchecked. The renderers then draw a scoped
//! audit exactly as they draw a whole one, with [`Audience::Studio`]
//! leaving out the sections that are the auditor's alone.
//!
//! [`refs`] gives every finding its one reference (`MP-2022-0147-07`),
//! used by every document.

use crate::audit::claim::DealSummary;
use crate::batch::{Audit, Input, Status};
use crate::contract::Contract;
use crate::finding::{Finding, Severity};
use std::collections::{BTreeMap, HashMap};

/// Who a document is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// The auditor: everything, deadlines, notes, tool instructions, paths.
    Auditor,
    /// One studio, in an audit request: one deal, nothing internal.
    Studio,
}

/// Whether a finding belongs in a studio's audit request: the claims and
/// the observations about the statements themselves (a missing or late
/// statement, a silent restatement), not recoup's notes to the auditor
/// (deadlines, labels it does not recognise, a missing contract file).
pub fn studio_visible(f: &Finding) -> bool {
    f.code.kind() != "-"
}

/// Each finding's reference, parallel to `audit.findings`: the deal id and
/// a two-digit number, counted per deal in the order the claim documents
/// list them: the issues' findings (issue order, then statement order),
/// then the observations a studio sees, then the auditor's notes. The same
/// inputs give the same references; a scoped audit gives the same
/// references as the whole one.
pub fn refs(audit: &Audit) -> Vec<String> {
    let mut per_deal: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (k, f) in audit.findings.iter().enumerate() {
        per_deal.entry(f.deal.as_str()).or_default().push(k);
    }
    let issues: HashMap<&str, &DealSummary> =
        audit.deals.iter().map(|d| (d.deal.as_str(), d)).collect();
    let mut out = vec![String::new(); audit.findings.len()];
    for (deal, mine) in per_deal {
        let mut order: Vec<usize> = Vec::with_capacity(mine.len());
        let mut taken = vec![false; mine.len()];
        if let Some(d) = issues.get(deal) {
            for i in &d.issues {
                for (n, &k) in mine.iter().enumerate() {
                    if !taken[n] && i.has(&audit.findings[k]) {
                        taken[n] = true;
                        order.push(k);
                    }
                }
            }
        }
        let rank = |f: &Finding| match (f.severity, studio_visible(f)) {
            (Severity::Error, _) => 0,
            (_, true) => 1,
            (_, false) => 2,
        };
        for pass in 0..3 {
            for (n, &k) in mine.iter().enumerate() {
                if !taken[n] && rank(&audit.findings[k]) == pass {
                    taken[n] = true;
                    order.push(k);
                }
            }
        }
        let width = if order.len() >= 100 {
            order.len().to_string().len()
        } else {
            2
        };
        for (n, k) in order.into_iter().enumerate() {
            out[k] = format!("{deal}-{:0width$}", n + 1);
        }
    }
    out
}

/// A path as a studio may read it: relative to the folder checked. A path
/// that is absolute (a PATH or `--contract` given as one) keeps only its
/// file name.
pub fn relative(path: &str) -> String {
    let p = path.replace('\\', "/");
    let absolute = p.starts_with('/')
        || p.starts_with("//")
        || (p.len() > 1 && p.as_bytes()[1] == b':')
        || p.starts_with("~");
    let p = if absolute {
        p.rsplit('/').next().unwrap_or("").to_string()
    } else {
        p
    };
    p.trim_start_matches("./").to_string()
}

/// The studio named in the contract (`deal.studio`), if it names one; in a
/// scoped audit, else the name every statement of the deal prints first
/// (see `report::banner`).
pub fn studio(audit: &Audit, deal: &str) -> Option<String> {
    audit.contracts.get(deal).and_then(|c| c.studio.clone())
}

/// A contract term as the contract file writes it: `[negative_cost]
/// overhead`, `[[bonus]]`, `[gross_receipts.royalty] home_video_domestic`;
/// a rule that is no contract term (`footing`) as it is.
pub fn term(clause: &str) -> String {
    // Several terms behind one figure (`deal.share; share_step`): each.
    if clause.contains("; ") {
        let parts: Vec<String> = clause.split("; ").map(term).collect();
        return parts.join("; ");
    }
    const TABLES: &[&str] = &[
        "deal",
        "gross_receipts",
        "distribution_fees",
        "expenses",
        "negative_cost",
        "interest",
        "deductions",
        "breakeven",
        "reserves",
        "audit",
        "aliases",
    ];
    match clause {
        "bonus" => return "[[bonus]]".to_string(),
        "share_step" => return "[[share_step]]".to_string(),
        _ => {}
    }
    match clause.rsplit_once('.') {
        Some((table, key)) if TABLES.contains(&table.split('.').next().unwrap_or("")) => {
            format!("[{table}] {key}")
        }
        _ if TABLES.contains(&clause) => format!("[{clause}]"),
        _ => clause.to_string(),
    }
}

/// The agreement's own reference for a term (`[clauses]`), looked up by the
/// term's key, then by each enclosing table.
pub fn clause_ref<'a>(contract: Option<&'a Contract>, clause: &str) -> Option<&'a str> {
    let c = contract?;
    let mut key = clause;
    loop {
        if let Some(r) = c.clauses.get(key) {
            return Some(r.as_str());
        }
        key = key.rsplit_once('.')?.0;
    }
}

/// The term and the agreement's reference: `[negative_cost] overhead (¶ 4(b))`.
pub fn clause_text(contract: Option<&Contract>, clause: &str) -> String {
    match clause_ref(contract, clause) {
        Some(r) => format!("{} ({r})", term(clause)),
        None => term(clause),
    }
}

/// The audit as one studio may see it: one deal (which must have a
/// contract), its statements (lines loaded), the findings a studio sees,
/// the statement files and the contract read for it, paths relative.
pub fn deal_scope(audit: &Audit, d: &DealSummary) -> std::io::Result<Audit> {
    let mut statements = Vec::new();
    for st in audit.statements.iter().filter(|s| s.deal == d.deal) {
        let mut st = audit.with_lines(st)?.into_owned();
        st.spilled = None;
        st.file = relative(&st.file);
        statements.push(st);
    }
    let files: Vec<&str> = audit
        .statements
        .iter()
        .filter(|s| s.deal == d.deal)
        .map(|s| s.file.as_str())
        .collect();
    let location = audit.contract_locations.get(&d.deal);
    let inputs: Vec<Input> = audit
        .inputs
        .iter()
        .filter(|i| {
            (i.kind != "contract" && files.contains(&i.path.as_str()))
                || (i.kind == "contract" && location == Some(&i.location))
        })
        .map(|i| Input {
            path: relative(&i.path),
            // Where to read it again (the report's evidence); never printed.
            location: i.location.clone(),
            sha256: i.sha256.clone(),
            bytes: i.bytes,
            kind: i.kind,
            status: Status::Ok,
            error: None,
            sheets: Vec::new(),
        })
        .collect();
    let findings: Vec<Finding> = audit
        .findings
        .iter()
        .filter(|f| f.deal == d.deal && studio_visible(f))
        .map(|f| {
            let mut f = f.clone();
            f.file = relative(&f.file);
            f
        })
        .collect();
    let mut deal = d.clone();
    deal.contract = deal.contract.as_deref().map(relative);
    deal.next_deadline = None;
    deal.unchecked.clear();
    deal.errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    deal.warnings = findings.len() - deal.errors;
    let mut contracts = BTreeMap::new();
    let mut contract_locations = BTreeMap::new();
    if let Some(c) = audit.contracts.get(&d.deal) {
        let mut c = c.clone();
        c.file = relative(&c.file);
        if c.studio.is_none() {
            c.studio = super::banner::studio(audit, d);
        }
        if let Some(l) = location {
            contract_locations.insert(d.deal.clone(), l.clone());
        }
        contracts.insert(d.deal.clone(), c);
    }
    Ok(Audit {
        as_of: audit.as_of,
        inputs,
        statements,
        deals: vec![deal],
        findings,
        contracts,
        contract_locations,
        spill: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_read_as_the_contract_file_writes_them() {
        assert_eq!(term("negative_cost.overhead"), "[negative_cost] overhead");
        assert_eq!(term("bonus"), "[[bonus]]");
        assert_eq!(
            term("distribution_fees.theatrical_domestic"),
            "[distribution_fees] theatrical_domestic"
        );
        assert_eq!(
            term("gross_receipts.royalty.home_video_domestic"),
            "[gross_receipts.royalty] home_video_domestic"
        );
        assert_eq!(term("footing"), "footing");
        assert_eq!(
            term("deal.share; share_step"),
            "[deal] share; [[share_step]]"
        );
        assert_eq!(term("payment history"), "payment history");
    }

    #[test]
    fn absolute_paths_keep_their_file_name_only() {
        assert_eq!(relative("/home/a/deal/2024.csv"), "2024.csv");
        assert_eq!(relative("C:\\Users\\a\\2024.csv"), "2024.csv");
        assert_eq!(relative("deal/2024.csv"), "deal/2024.csv");
        assert_eq!(relative("./deal/2024.csv"), "deal/2024.csv");
    }
}
