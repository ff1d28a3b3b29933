//! What the claim is worth today (SPEC §4): `claim(k)` statement by
//! statement, the interest on the underpayment as it stood, span by span,
//! and the part of the claim a time bar puts at risk. Hand-computed series
//! first, then every deal of the conformance corpora against their
//! truth.json, then sample-data's schedules.
//!
//! The contract of every hand case: share 10%, domestic fee 30%, a 50,000
//! bonus once domestic box office reaches 1,000,000, objection period 12
//! months, interest on underpayments 10%.

mod common;
use common::*;
use recoup::audit::claim::DealSummary;
use rust_decimal::Decimal;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::str::FromStr;

const CONTRACT: &str = r#"
[deal]
id = "DEAL"
title = "Worth"
participant = "Pat Doe"
currency = "USD"
definition = "net_profits"
share = "10%"
tolerance = "1.00"

[distribution_fees]
theatrical_domestic = "30%"

[[bonus]]
metric = "memo.box_office_domestic"
threshold = "1000000"
amount = "50000"

[audit]
objection_months = 12
underpayment_interest = "10%"
"#;

/// One statement: (start, end, statement date), then inception-to-date
/// gross, fee, negative cost, net profits, share, bonus, previously paid,
/// amount due and box office. The current-period column repeats the ITD
/// figures (only the ITD column moves the claim).
#[allow(clippy::too_many_arguments)]
fn st(
    deal: &str,
    (start, end, date): (&str, &str, &str),
    gross: &str,
    fee: &str,
    cost: &str,
    np: &str,
    (share, bonus, prior, due): (&str, &str, &str, &str),
    box_office: &str,
) -> String {
    format!(
        "Title,Worth
Participant,Pat Doe
Deal,{deal}
Period Start,{start}
Period End,{end}
Statement Date,{date}
Currency,USD

Section,Line,Current Period,Inception To Date
Gross Receipts,Theatrical - Domestic,,{gross}
Gross Receipts,Total Gross Receipts,,{gross}
Distribution Fees,Theatrical - Domestic,,{fee}
Distribution Fees,Total Distribution Fees,,{fee}
Negative Cost,Direct Cost,,{cost}
Negative Cost,Total Negative Cost,,{cost}
Net Profits,Net Profits (Deficit),,{np}
Participant,Participant Share,,{share}
Participant,Bonuses,,{bonus}
Participant,Less Previously Paid,,{prior}
Participant,Amount Due,,{due}
Memo,Box Office - Domestic,,{box_office}
"
    )
}

fn contract(deal: &str) -> String {
    CONTRACT.replace("DEAL", deal)
}

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn deal<'a>(a: &'a recoup::Audit, id: &str) -> &'a DealSummary {
    a.deals.iter().find(|d| d.deal == id).unwrap()
}

fn errors_of(a: &recoup::Audit, id: &str) -> Vec<String> {
    errors(a)
        .into_iter()
        .filter(|f| f.deal == id)
        .map(|f| format!("{} {} {}", f.period_end, f.code.name(), f.np_effect))
        .collect()
}

/// `from to days underpayment` per span.
fn spans(s: &DealSummary) -> Vec<String> {
    s.worth
        .as_ref()
        .unwrap()
        .spans
        .iter()
        .map(|x| format!("{} {} {} {}", x.from, x.to, x.days, x.underpayment))
        .collect()
}

/// Deal BON: the 50,000 bonus is first due on the second statement (box
/// office 1,200,000) and never paid; the third statement (period to
/// 2024-06-30) is issued late, on 2025-03-01, after the fourth (2025-02-01);
/// the fourth overcharges the fee by 60,000 (960,000 for 900,000), the
/// fifth by 70,000 (1,120,000 for 1,050,000).
///
/// claim(1) = 0; claim(2) = claim(3) = 50,000 (the bonus); claim(4) =
/// 10% × 2,100,000 + 50,000 − 204,000 = 56,000; claim(5) = 10% × 2,450,000
/// + 50,000 − 238,000 = 57,000.
fn bonus_deal(bonus_paid_late: bool) -> Vec<(String, String)> {
    let id = if bonus_paid_late { "CURE" } else { "BON" };
    let mut files = vec![
        (format!("{id}/contract.toml"), contract(id)),
        (
            format!("{id}/s1.csv"),
            st(
                id,
                ("2023-01-01", "2023-06-30", "2023-08-15"),
                "1000000.00",
                "300000.00",
                "0.00",
                "700000.00",
                ("70000.00", "0.00", "0.00", "70000.00"),
                "500000.00",
            ),
        ),
        (
            format!("{id}/s2.csv"),
            st(
                id,
                ("2023-07-01", "2023-12-31", "2024-02-15"),
                "2000000.00",
                "600000.00",
                "0.00",
                "1400000.00",
                ("140000.00", "0.00", "70000.00", "70000.00"),
                "1200000.00",
            ),
        ),
        (
            format!("{id}/s3.csv"),
            st(
                id,
                ("2024-01-01", "2024-06-30", "2025-03-01"),
                "2500000.00",
                "750000.00",
                "0.00",
                "1750000.00",
                ("175000.00", "0.00", "140000.00", "35000.00"),
                "1300000.00",
            ),
        ),
    ];
    if bonus_paid_late {
        // The fourth statement pays the bonus: 210,000 + 50,000 − 175,000.
        files.push((
            format!("{id}/s4.csv"),
            st(
                id,
                ("2024-07-01", "2024-12-31", "2025-02-01"),
                "3000000.00",
                "900000.00",
                "0.00",
                "2100000.00",
                ("210000.00", "50000.00", "175000.00", "85000.00"),
                "1400000.00",
            ),
        ));
        return files;
    }
    files.push((
        format!("{id}/s4.csv"),
        st(
            id,
            ("2024-07-01", "2024-12-31", "2025-02-01"),
            "3000000.00",
            "960000.00",
            "0.00",
            "2040000.00",
            ("204000.00", "0.00", "175000.00", "29000.00"),
            "1400000.00",
        ),
    ));
    files.push((
        format!("{id}/s5.csv"),
        st(
            id,
            ("2025-01-01", "2025-06-30", "2025-08-15"),
            "3500000.00",
            "1120000.00",
            "0.00",
            "2380000.00",
            ("238000.00", "0.00", "204000.00", "34000.00"),
            "1500000.00",
        ),
    ));
    files
}

fn portfolio(files: &[(String, String)]) -> tempfile::TempDir {
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    folder(&refs)
}

#[test]
fn a_bonus_first_due_mid_series_earns_from_then_and_a_late_statement_adds_no_days() {
    let dir = portfolio(&bonus_deal(false));
    let a = audit_at(dir.path(), "2026-03-01");
    assert_eq!(
        errors_of(&a, "BON"),
        [
            "2023-12-31 BONUS-UNPAID 0.00",
            "2024-06-30 BONUS-UNPAID 0.00",
            "2024-12-31 FEE-RATE 60000.00",
            "2024-12-31 BONUS-UNPAID 0.00",
            "2025-06-30 FEE-RATE 70000.00",
            "2025-06-30 BONUS-UNPAID 0.00",
        ]
    );
    let s = deal(&a, "BON");
    assert_eq!(s.claim, Some(d("57000.00")));
    // Each statement's date to the earliest date among the later ones: the
    // second runs to the fourth's date (2025-02-01), not the third's
    // (2025-03-01, issued late); the third, dated after the next issued,
    // has no days.
    assert_eq!(
        spans(s),
        [
            "2023-08-15 2024-02-15 184 0.00",
            "2024-02-15 2025-02-01 352 50000.00",
            "2025-03-01 2025-02-01 0 50000.00",
            "2025-02-01 2025-08-15 195 56000.00",
            "2025-08-15 2026-03-01 198 57000.00",
        ]
    );
    // 10% × (50,000 × 352 + 56,000 × 195 + 57,000 × 198) / 365
    // = 10% × 39,806,000 / 365 = 10,905.7534, rounded once.
    assert_eq!(s.claim_interest, Some(d("10905.75")));
    // Every statement but the fifth is incontestable on 2026-03-01 (the
    // third's objection period ends that very day); the latest of the
    // series among them is the fourth: min(57,000, 56,000).
    assert_eq!(s.claim_at_risk, Some(d("56000.00")));
    assert_eq!(s.claim_open, Some(d("1000.00")));
    let w = s.worth.as_ref().unwrap();
    let bars: Vec<String> = w
        .bars
        .iter()
        .map(|b| format!("{} {} {}", b.date, b.incontestable, b.passed))
        .collect();
    assert_eq!(
        bars,
        [
            "2023-08-15 2024-08-15 true",
            "2024-02-15 2025-02-15 true",
            "2025-03-01 2026-03-01 true",
            "2025-02-01 2026-02-01 true",
            "2025-08-15 2026-08-15 false",
        ]
    );
    // On 2026-08-15 the fifth becomes incontestable: all 57,000 at risk.
    assert_eq!(
        w.next_bar,
        Some((
            chrono::NaiveDate::from_ymd_opt(2026, 8, 15).unwrap(),
            d("57000.00")
        ))
    );
    // Per issue: the fee's 7,000 (10% of 70,000) of which the fourth
    // statement's 6,000 is at risk; the bonus's 50,000 all at risk.
    let parts: Vec<String> = s
        .issues
        .iter()
        .zip(&w.issue_at_risk)
        .map(|(i, r)| format!("{} {} {}", i.code.name(), i.claim_effect, r))
        .collect();
    assert_eq!(
        parts,
        ["FEE-RATE 7000.00 6000.00", "BONUS-UNPAID 50000.00 50000.00"]
    );
}

#[test]
fn an_underpayment_later_cured_still_earns_for_the_span_it_stood() {
    let dir = portfolio(&bonus_deal(true));
    let a = audit_at(dir.path(), "2026-03-01");
    let s = deal(&a, "CURE");
    // The fourth statement pays the bonus: nothing is owed now.
    assert_eq!(s.claim, Some(d("0.00")));
    assert_eq!(
        spans(s),
        [
            "2023-08-15 2024-02-15 184 0.00",
            "2024-02-15 2025-02-01 352 50000.00",
            "2025-03-01 2025-02-01 0 50000.00",
            "2025-02-01 2026-03-01 393 0.00",
        ]
    );
    // 50,000 × 10% × 352 / 365 = 4,821.9178.
    assert_eq!(s.claim_interest, Some(d("4821.92")));
    // Nothing owed, nothing at risk.
    assert_eq!(s.claim_at_risk, Some(d("0.00")));
    assert_eq!(s.claim_open, Some(d("0.00")));
}

/// Deal RED: the first statement overcharges the fee by 100,000 while the
/// base is in deficit even corrected (−1,400,000; −1,300,000): claim(1) = 0.
/// The second overcharges it by 100,000 in profit: 10% × 800,000 − 70,000 =
/// 10,000. Deal CAP: the first overcharges by 100,000 (claim(1) = 10% ×
/// 700,000 − 60,000 = 10,000), the second by 50,000 only (claim(2) = 10% ×
/// 1,400,000 − 135,000 = 5,000).
fn deficit_and_cap(with_terms: bool) -> tempfile::TempDir {
    let c = |id: &str| {
        let c = contract(id);
        if with_terms {
            c
        } else {
            c.replace("objection_months = 12\n", "")
                .replace("underpayment_interest = \"10%\"\n", "")
        }
    };
    let files = vec![
        ("red/contract.toml".to_string(), c("RED")),
        (
            "red/s1.csv".to_string(),
            st(
                "RED",
                ("2023-01-01", "2023-06-30", "2023-08-15"),
                "1000000.00",
                "400000.00",
                "2000000.00",
                "-1400000.00",
                ("0.00", "0.00", "0.00", "0.00"),
                "100000.00",
            ),
        ),
        (
            "red/s2.csv".to_string(),
            st(
                "RED",
                ("2023-07-01", "2023-12-31", "2024-02-15"),
                "4000000.00",
                "1300000.00",
                "2000000.00",
                "700000.00",
                ("70000.00", "0.00", "0.00", "70000.00"),
                "200000.00",
            ),
        ),
        ("cap/contract.toml".to_string(), c("CAP")),
        (
            "cap/s1.csv".to_string(),
            st(
                "CAP",
                ("2023-01-01", "2023-06-30", "2023-08-15"),
                "1000000.00",
                "400000.00",
                "0.00",
                "600000.00",
                ("60000.00", "0.00", "0.00", "60000.00"),
                "100000.00",
            ),
        ),
        (
            "cap/s2.csv".to_string(),
            st(
                "CAP",
                ("2023-07-01", "2023-12-31", "2024-02-15"),
                "2000000.00",
                "650000.00",
                "0.00",
                "1350000.00",
                ("135000.00", "0.00", "60000.00", "75000.00"),
                "200000.00",
            ),
        ),
    ];
    portfolio(&files)
}

#[test]
fn an_overcharge_while_the_base_was_in_deficit_puts_nothing_at_risk() {
    let dir = deficit_and_cap(true);
    // Only the first statement is incontestable (2024-08-15; the second's
    // period ends 2025-02-15).
    let a = audit_at(dir.path(), "2025-01-01");
    assert_eq!(
        errors_of(&a, "RED"),
        [
            "2023-06-30 FEE-RATE 100000.00",
            "2023-12-31 FEE-RATE 100000.00"
        ]
    );
    let s = deal(&a, "RED");
    assert_eq!(s.claim, Some(d("10000.00")));
    assert_eq!(s.claim_at_risk, Some(d("0.00")));
    assert_eq!(s.claim_open, Some(d("10000.00")));
    assert_eq!(s.worth.as_ref().unwrap().issue_at_risk, [d("0.00")]);
    // 10,000 × 10% × 321 / 365 (2024-02-15 to 2025-01-01) = 879.4521.
    assert_eq!(s.claim_interest, Some(d("879.45")));
}

#[test]
fn the_part_of_an_issue_at_risk_is_capped_at_its_effect_on_the_claim() {
    let dir = deficit_and_cap(true);
    let a = audit_at(dir.path(), "2025-01-01");
    let s = deal(&a, "CAP");
    assert_eq!(s.claim, Some(d("5000.00")));
    // min(claim 5,000, claim(1) 10,000).
    assert_eq!(s.claim_at_risk, Some(d("5000.00")));
    assert_eq!(s.claim_open, Some(d("0.00")));
    // The fee issue took 10,000 on the first statement; its effect on the
    // claim is 5,000 now, and the part at risk no more.
    assert_eq!(s.issues[0].claim_effect, d("5000.00"));
    assert_eq!(s.worth.as_ref().unwrap().issue_at_risk, [d("5000.00")]);
    // 10% × (10,000 × 184 + 5,000 × 321) / 365 = 943.8356.
    assert_eq!(s.claim_interest, Some(d("943.84")));
}

#[test]
fn without_the_contract_terms_the_figures_are_null() {
    let dir = deficit_and_cap(false);
    let a = audit_at(dir.path(), "2025-01-01");
    let s = deal(&a, "CAP");
    assert_eq!(s.claim, Some(d("5000.00")));
    assert_eq!(s.claim_interest, None);
    assert_eq!(s.claim_at_risk, None);
    assert_eq!(s.claim_open, None);
    let json: Value = serde_json::from_str(&recoup::report::json::render(&a)).unwrap();
    let cap = json["deals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["deal"] == "CAP")
        .unwrap();
    for k in ["claim_interest", "claim_at_risk", "claim_open"] {
        assert_eq!(cap[k], Value::Null, "{k}");
    }
    assert_eq!(cap["issues"][0]["claim_at_risk"], Value::Null);
    // The spans stand without a rate: days and underpayment, no interest.
    assert_eq!(cap["interest_spans"][1]["days"], 321);
    assert_eq!(cap["interest_spans"][1]["interest"], Value::Null);
}

#[test]
fn findings_json_keeps_the_spec_order_of_deal_fields() {
    let dir = portfolio(&bonus_deal(false));
    let a = audit_at(dir.path(), "2026-03-01");
    let text = recoup::report::json::render(&a);
    let at = |k: &str| text.find(&format!("\"{k}\":")).unwrap();
    let order = [
        "deal",
        "title",
        "participant",
        "statements",
        "reported_paid",
        "recomputed_earned",
        "claim",
        "claim_interest",
        "claim_at_risk",
        "claim_open",
        "cost_shift",
        "next_deadline",
        "reconciliation",
        "issues",
    ];
    let deal_at = text.find("\"deals\":").unwrap();
    let pos: Vec<usize> = order
        .iter()
        .map(|k| deal_at + text[deal_at..].find(&format!("\"{k}\":")).unwrap())
        .collect();
    assert!(pos.windows(2).all(|w| w[0] < w[1]), "{pos:?}");
    assert!(at("interest_spans") > 0);
    let json: Value = serde_json::from_str(&text).unwrap();
    let bon = &json["deals"][0];
    assert_eq!(bon["claim_interest"], "10905.75");
    assert_eq!(bon["claim_at_risk"], "56000.00");
    assert_eq!(bon["claim_open"], "1000.00");
    assert_eq!(bon["interest_spans"][1]["interest"], "4821.9178");
    assert_eq!(bon["incontestable"][4]["incontestable"], "2026-08-15");
    assert_eq!(bon["issues"][0]["claim_at_risk"], "6000.00");
}

/// The span rows of one deal's section in claim.md: (interest column, the
/// total row's figure).
fn md_spans(md: &str, deal: &str) -> (Vec<Decimal>, Option<Decimal>) {
    let start = md.find(&format!("## {deal} — ")).unwrap();
    let rest = &md[start..];
    let sec = rest.find("### What the claim is worth today").unwrap();
    let body = &rest[sec..];
    let mut rows = Vec::new();
    for l in body.lines().skip(1) {
        if l.starts_with("###") {
            break;
        }
        let cells: Vec<&str> = l.split('|').map(str::trim).collect();
        if l.starts_with("| **Interest on the claim**") {
            let total = cells[5].trim_matches('*').replace(',', "");
            return (rows, Some(d(&total)));
        }
        if cells.len() == 7 && cells[1].len() == 10 && cells[1].as_bytes()[4] == b'-' {
            rows.push(d(&cells[5].replace(',', "")));
        }
    }
    (rows, None)
}

#[test]
fn sample_data_splits_add_up_and_claim_md_spans_add_up_to_the_interest() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let a = audit_at(&root.join("sample-data"), "2026-11-25");
    let md = recoup::report::markdown::render(&a, &recoup::report::RunInfo::default());
    let mut with_interest = 0;
    for s in &a.deals {
        let Some(claim) = s.claim else { continue };
        if let (Some(r), Some(o)) = (s.claim_at_risk, s.claim_open) {
            assert!(r <= claim && r >= Decimal::ZERO, "{}", s.deal);
            assert_eq!(o, claim - r, "{}", s.deal);
        }
        let Some(interest) = s.claim_interest else {
            continue;
        };
        let (rows, total) = md_spans(&md, &s.deal);
        if interest.is_zero() && rows.is_empty() {
            continue;
        }
        with_interest += 1;
        assert_eq!(total, Some(interest), "{}", s.deal);
        let sum: Decimal = rows.iter().sum();
        assert_eq!(recoup::money::round_cents(sum), interest, "{}", s.deal);
    }
    assert!(with_interest >= 4, "{with_interest}");
    // Ironwood: the 150,000 bonus first due on the statement dated
    // 2025-09-12 earns 9% from then: 439 days to 2026-11-25.
    let iw = deal(&a, "PCF-IW-2023-07");
    assert_eq!(iw.claim_interest, Some(d("16236.99")));
    let (rows, _) = md_spans(&md, "PCF-IW-2023-07");
    // 150,000 × 9% × (68, 89, 282 days) / 365.
    assert_eq!(rows, [d("2515.0685"), d("3291.7808"), d("10430.1370")]);
}

/// Every deal's claim_interest, claim_at_risk and claim_open against a
/// truth.json; returns the mismatches.
fn against_truth(dir: &Path, truth: &Path) -> (usize, Vec<String>) {
    let truth: Value = serde_json::from_str(&std::fs::read_to_string(truth).unwrap()).unwrap();
    let a = audit_at(dir, "2026-11-25");
    let mut checked = 0;
    let mut bad = Vec::new();
    for t in truth["deals"].as_array().unwrap() {
        let id = t["deal"].as_str().unwrap();
        let Some(s) = a.deals.iter().find(|d| d.deal == id) else {
            bad.push(format!("{id}: not found"));
            continue;
        };
        for (k, got) in [
            ("claim_interest", s.claim_interest),
            ("claim_at_risk", s.claim_at_risk),
            ("claim_open", s.claim_open),
        ] {
            let Some(want) = t.get(k) else { continue };
            checked += 1;
            let want = want.as_str().map(d);
            if want != got {
                bad.push(format!("{id} {k}: truth {want:?}, recoup {got:?}"));
            }
        }
    }
    (checked, bad)
}

fn shared(name: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/conformance")
        .join(name);
    dir.join("truth.json").is_file().then_some(dir)
}

#[test]
fn every_deal_of_the_shared_corpora_is_worth_what_the_truth_says() {
    for name in ["tidy", "messy", "terms", "wild"] {
        let Some(dir) = shared(name) else {
            common::skipped(&format!(
                "../shared/conformance/{name} is not present (it is in CI); the carried subset still runs"
            ));
            continue;
        };
        let (checked, bad) = against_truth(&dir, &dir.join("truth.json"));
        assert!(checked > 0, "{name}: the truth carries no claim_interest");
        assert!(bad.is_empty(), "{name}:\n{}", bad.join("\n"));
    }
}

#[test]
fn the_carried_conformance_subset_is_worth_what_the_truth_says() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/conformance");
    let (checked, bad) = against_truth(&dir, &dir.join("truth.json"));
    // 23 deals × 3 figures (five of them from the wild corpus).
    assert_eq!(checked, 69);
    assert!(bad.is_empty(), "{}", bad.join("\n"));
    // D101-0008: 161,419.00, of which 100,064.05 stood on the statement
    // dated 2024-06-23 (incontestable since 2026-06-23).
    let a = audit_at(&dir, "2026-11-25");
    let s = deal(&a, "D101-0008");
    assert_eq!(s.claim, Some(d("161419.00")));
    assert_eq!(s.claim_interest, Some(d("36826.95")));
    assert_eq!(s.claim_at_risk, Some(d("100064.05")));
    assert_eq!(s.claim_open, Some(d("61354.95")));
}

#[test]
fn claim_of_the_latest_statement_is_the_claim() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/conformance");
    let a = audit_at(&dir, "2026-11-25");
    let mut owed = 0;
    for s in &a.deals {
        let Some(c) = a.contracts.get(&s.deal) else {
            continue;
        };
        let mut series: Vec<&recoup::statement::Statement> =
            a.statements.iter().filter(|st| st.deal == s.deal).collect();
        recoup::audit::series::order(&mut series);
        let claims = recoup::audit::claim::worth::claims(&series, c, &a.findings);
        assert_eq!(claims.len(), s.statements, "{}", s.deal);
        assert_eq!(claims.last().copied(), s.claim, "{}", s.deal);
        if s.claim.is_some_and(|c| c > Decimal::ZERO) {
            owed += 1;
        }
    }
    assert!(owed >= 4, "{owed}");
}

/// Deal TWO: the domestic fee is overcharged by 50,000 from the first
/// statement on; the foreign fee (40%) only on the second. Both issues are
/// FEE-RATE, on different lines.
fn two_fee_lines() -> tempfile::TempDir {
    let contract = contract("TWO").replace(
        "theatrical_domestic = \"30%\"",
        "theatrical_domestic = \"30%\"\ntheatrical_foreign = \"40%\"",
    );
    let statement = |(end, date): (&str, &str), foreign: (&str, &str), np, paid: (&str, &str)| {
        let start = if end.ends_with("06-30") {
            "2023-01-01"
        } else {
            "2023-07-01"
        };
        format!(
            "Title,Worth
Participant,Pat Doe
Deal,TWO
Period Start,{start}
Period End,{end}
Statement Date,{date}
Currency,USD

Section,Line,Current Period,Inception To Date
Gross Receipts,Theatrical - Domestic,,1000000.00
Gross Receipts,Theatrical - Foreign,,{gross}
Distribution Fees,Theatrical - Domestic,,350000.00
Distribution Fees,Theatrical - Foreign,,{fee}
Net Profits,Net Profits (Deficit),,{np}
Participant,Participant Share,,{share}
Participant,Less Previously Paid,,{prior}
Participant,Amount Due,,{due}
",
            gross = foreign.0,
            fee = foreign.1,
            share = paid.0,
            prior = paid.1,
            due = {
                let s: Decimal = d(paid.0) - d(paid.1);
                s.to_string()
            },
        )
    };
    portfolio(&[
        ("TWO/contract.toml".to_string(), contract),
        (
            "TWO/s1.csv".to_string(),
            statement(
                ("2023-06-30", "2023-08-15"),
                ("500000.00", "200000.00"),
                "950000.00",
                ("95000.00", "0.00"),
            ),
        ),
        (
            "TWO/s2.csv".to_string(),
            statement(
                ("2023-12-31", "2024-02-15"),
                ("1000000.00", "450000.00"),
                "1200000.00",
                ("120000.00", "95000.00"),
            ),
        ),
    ])
}

#[test]
fn the_part_at_risk_of_an_issue_is_matched_by_code_and_line() {
    let dir = two_fee_lines();
    // The first statement binds on 2024-08-15, the second on 2025-02-15.
    let a = audit_at(dir.path(), "2025-01-01");
    let s = deal(&a, "TWO");
    // 10% × (2,000,000 − 300,000 − 400,000) − 120,000 = 10,000; claim(1) =
    // 10% × (1,500,000 − 300,000 − 200,000) − 95,000 = 5,000.
    assert_eq!(s.claim, Some(d("10000.00")));
    assert_eq!(s.claim_at_risk, Some(d("5000.00")));
    let w = s.worth.as_ref().unwrap();
    let parts: Vec<String> = s
        .issues
        .iter()
        .zip(&w.issue_at_risk)
        .map(|(i, r)| format!("{} {} {} {r:.2}", i.code.name(), i.line, i.claim_effect))
        .collect();
    // The foreign fee's issue is FEE-RATE too, but the bound statement did
    // not have it: none of it is at risk.
    assert_eq!(
        parts,
        [
            "FEE-RATE fee.theatrical_domestic 5000.00 5000.00",
            "FEE-RATE fee.theatrical_foreign 5000.00 0.00",
        ]
    );
}
