//! The claim by issue (SPEC §6) on hand-computed series: issues gathered by
//! `(code, line)`, their effects on the base and on the claim, and the
//! reconciliation from the reported base to the claim, every figure to the
//! cent. Then the same figures in `claim.md`, `claim.xlsx` and the table.
//!
//! Deal CL-1, three half-year statements, share 10%, domestic fee 30%,
//! interest 8% (a ceiling), a 250,000 bonus at 100,000,000 box office:
//!
//! | | S1 (2024-H1) | S2 (2024-H2) | S3 (2025-H1) |
//! |---|--:|--:|--:|
//! | gross receipts ITD | 2,000,000 | 3,000,000 | 3,500,000 |
//! | fee charged at 35% ITD | 700,000 | 1,050,000 | 1,225,000 |
//! | fee at 30% ITD | 600,000 | 900,000 | 1,050,000 |
//! | expenses ITD | 200,000 | 250,000 | 260,000 |
//! | direct cost ITD | 1,000,000 | 1,000,000 | 1,000,000 |
//! | interest charged (current) | 45,000 | 10,000 | 0 |
//! | interest ceiling (current) | 39,890.41 | 0.00 | 0.00 |
//! | net profits ITD | 55,000 | 645,000 | 960,000 |
//! | box office ITD | 50,000,000 | 120,000,000 | 130,000,000 |
//! | bonus printed | 0 | 0 | 0 |
//! | previously paid + due | 0 + 5,500 | 5,500 + 59,000 | 64,500 + 31,500 |
//!
//! Ceiling S1: 1,000,000 × 8% × 182/365 = 39,890.41. S2: recouped(S1) =
//! 2,000,000 − 700,000 − 200,000 − 45,000 = 1,055,000 > 1,000,000, so the
//! base and the ceiling are 0 (and likewise in S3).
//!
//! Issues: FEE-RATE (3 statements; base effect 175,000.00, the latest
//! difference, not 425,000.00, the sum of the three), INTEREST (2 statements;
//! 5,109.59 + 10,000.00 = 15,109.59, the sum), BONUS-UNPAID (2 statements;
//! claim 250,000.00). Corrected base 960,000 + 175,000 + 15,109.59 =
//! 1,150,109.59; share 115,010.96 against 96,000.00; the fee (first, the
//! largest) takes 113,500.00 − 96,000.00 = 17,500.00, interest the rest,
//! 1,510.96. Earned 365,010.96, paid 96,000.00, claim 269,010.96.

mod common;
use common::*;
use recoup::audit::claim::{claim_by_issue, DealSummary};
use recoup::finding::Code;
use rust_decimal::Decimal;
use std::str::FromStr;

const CONTRACT: &str = r#"
[deal]
id = "CL-1"
title = "Three Statements"
participant = "Pat Doe"
currency = "USD"
definition = "net_profits"
share = "10%"
tolerance = "1.00"

[distribution_fees]
theatrical_domestic = "30%"

[interest]
rate = "8%"
on_overhead = false

[[bonus]]
metric = "memo.box_office_domestic"
threshold = "100000000"
amount = "250000"

[audit]
objection_months = 36
statement_due_days = 60
underpayment_interest = "10%"
cost_shift_threshold = "5%"
"#;

/// One statement of deal `deal`: (current, ITD) per line.
#[allow(clippy::too_many_arguments)]
fn statement(
    deal: &str,
    (start, end, date): (&str, &str, &str),
    gr: (&str, &str),
    fee: (&str, &str),
    exp: (&str, &str),
    nc: (&str, &str),
    int: (&str, &str),
    np: (&str, &str),
    pay: (&str, &str, &str, &str),
    box_office: (&str, &str),
) -> String {
    format!(
        "Title,Three Statements
Participant,Pat Doe
Deal,{deal}
Period Start,{start}
Period End,{end}
Statement Date,{date}
Currency,USD

Section,Line,Current Period,Inception To Date
Gross Receipts,Theatrical - Domestic,{g0},{g1}
Gross Receipts,Total Gross Receipts,{g0},{g1}
Distribution Fees,Theatrical - Domestic,{f0},{f1}
Distribution Fees,Total Distribution Fees,{f0},{f1}
Distribution Expenses,Advertising,{e0},{e1}
Distribution Expenses,Total Distribution Expenses,{e0},{e1}
Negative Cost,Direct Cost,{n0},{n1}
Negative Cost,Total Negative Cost,{n0},{n1}
Interest,Interest,{i0},{i1}
Net Profits,Net Profits (Deficit),{p0},{p1}
Participant,Participant Share,,{share}
Participant,Bonuses,0.00,{bonus}
Participant,Less Previously Paid,,{prior}
Participant,Amount Due,,{due}
Memo,Box Office - Domestic,{b0},{b1}
",
        g0 = gr.0,
        g1 = gr.1,
        f0 = fee.0,
        f1 = fee.1,
        e0 = exp.0,
        e1 = exp.1,
        n0 = nc.0,
        n1 = nc.1,
        i0 = int.0,
        i1 = int.1,
        p0 = np.0,
        p1 = np.1,
        share = pay.0,
        bonus = pay.1,
        prior = pay.2,
        due = pay.3,
        b0 = box_office.0,
        b1 = box_office.1,
    )
}

fn s1() -> String {
    statement(
        "CL-1",
        ("2024-01-01", "2024-06-30", "2024-08-15"),
        ("2000000.00", "2000000.00"),
        ("700000.00", "700000.00"),
        ("200000.00", "200000.00"),
        ("1000000.00", "1000000.00"),
        ("45000.00", "45000.00"),
        ("55000.00", "55000.00"),
        ("5500.00", "0.00", "0.00", "5500.00"),
        ("50000000.00", "50000000.00"),
    )
}

fn s2() -> String {
    statement(
        "CL-1",
        ("2024-07-01", "2024-12-31", "2025-02-15"),
        ("1000000.00", "3000000.00"),
        ("350000.00", "1050000.00"),
        ("50000.00", "250000.00"),
        ("0.00", "1000000.00"),
        ("10000.00", "55000.00"),
        ("590000.00", "645000.00"),
        ("64500.00", "0.00", "5500.00", "59000.00"),
        ("70000000.00", "120000000.00"),
    )
}

fn s3() -> String {
    statement(
        "CL-1",
        ("2025-01-01", "2025-06-30", "2025-08-15"),
        ("500000.00", "3500000.00"),
        ("175000.00", "1225000.00"),
        ("10000.00", "260000.00"),
        ("0.00", "1000000.00"),
        ("0.00", "55000.00"),
        ("315000.00", "960000.00"),
        ("96000.00", "0.00", "64500.00", "31500.00"),
        ("10000000.00", "130000000.00"),
    )
}

/// Deal CL-2: one statement in deficit. Fee at 40% (400,000) instead of
/// 30% (300,000); interest at its ceiling, 2,000,000 × 8% × 182/365 =
/// 79,780.82. Net profits 1,000,000 − 400,000 − 200,000 − 2,000,000 −
/// 79,780.82 = −1,679,780.82; corrected −1,579,780.82, still a deficit.
fn deficit() -> String {
    statement(
        "CL-2",
        ("2024-01-01", "2024-06-30", "2024-08-15"),
        ("1000000.00", "1000000.00"),
        ("400000.00", "400000.00"),
        ("200000.00", "200000.00"),
        ("2000000.00", "2000000.00"),
        ("79780.82", "79780.82"),
        ("-1679780.82", "-1679780.82"),
        ("0.00", "0.00", "0.00", "0.00"),
        ("10000000.00", "10000000.00"),
    )
    .replace("Three Statements", "Still In The Red")
}

fn portfolio() -> tempfile::TempDir {
    folder(&[
        ("cl1/contract.toml", CONTRACT),
        ("cl1/s1.csv", &s1()),
        ("cl1/s2.csv", &s2()),
        ("cl1/s3.csv", &s3()),
        (
            "cl2/contract.toml",
            &CONTRACT
                .replace("CL-1", "CL-2")
                .replace("Three Statements", "Still In The Red"),
        ),
        ("cl2/s1.csv", &deficit()),
    ])
}

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn deal<'a>(a: &'a recoup::Audit, id: &str) -> &'a DealSummary {
    a.deals.iter().find(|x| x.deal == id).unwrap()
}

/// `CODE line statements first..last base claim`.
fn issues(s: &DealSummary) -> Vec<String> {
    s.issues
        .iter()
        .map(|i| {
            format!(
                "{} {} {} {}..{} {} {}",
                i.code.name(),
                i.line,
                i.statements,
                i.first_period_end,
                i.last_period_end,
                i.base_effect,
                i.claim_effect
            )
        })
        .collect()
}

#[test]
fn one_issue_per_code_and_line_with_the_latest_or_summed_effect() {
    let dir = portfolio();
    let a = audit_at(dir.path(), "2025-09-01");
    let errs: Vec<String> = errors(&a)
        .iter()
        .filter(|f| f.deal == "CL-1")
        .map(|f| brief(f))
        .collect();
    assert_eq!(
        errs,
        [
            "FEE-RATE fee.theatrical_domestic itd 700000.00 600000.00 100000.00",
            "INTEREST int.total current 45000.00 39890.41 5109.59",
            "FEE-RATE fee.theatrical_domestic itd 1050000.00 900000.00 150000.00",
            "INTEREST int.total current 10000.00 0.00 10000.00",
            "BONUS-UNPAID pay.bonus itd 0.00 250000.00 0.00",
            "FEE-RATE fee.theatrical_domestic itd 1225000.00 1050000.00 175000.00",
            "BONUS-UNPAID pay.bonus itd 0.00 250000.00 0.00",
        ]
    );
    let s = deal(&a, "CL-1");
    assert_eq!(
        issues(s),
        [
            "FEE-RATE fee.theatrical_domestic 3 2024-06-30..2025-06-30 175000.00 17500.00",
            "INTEREST int.total 2 2024-06-30..2024-12-31 15109.59 1510.96",
            "BONUS-UNPAID pay.bonus 2 2024-12-31..2025-06-30 0.00 250000.00",
        ]
    );
    let r = s.reconciliation.as_ref().unwrap();
    assert_eq!(r.reported_base, d("960000.00"));
    assert_eq!(r.corrected_base, d("1150109.59"));
    assert_eq!(r.reported_share, d("96000.00"));
    assert_eq!(r.corrected_share, d("115010.96"));
    assert_eq!(r.bonuses_due, d("250000.00"));
    assert_eq!(r.earned, d("365010.96"));
    assert_eq!(r.paid, d("96000.00"));
    assert_eq!(r.claim, d("269010.96"));
    assert_eq!(r.printed_bonus, d("0.00"));
    assert_eq!(r.remainder, d("0.00"));
    assert_eq!(r.unclaimed_bonus, d("0.00"));
    // The deal's claim is the reconciliation's (the §4 claim, unchanged).
    assert_eq!(s.claim, Some(d("269010.96")));
    assert_eq!(s.recomputed_earned, Some(d("365010.96")));
    assert_eq!(s.recomputed_np, Some(d("1150109.59")));
    // The underpayment as it stood (SPEC §4): claim(1) = 10% × (55,000 +
    // 100,000 + 5,109.59) − 5,500 = 10,510.96 for 184 days (2024-08-15 to
    // 2025-02-15); claim(2) = 10% × (645,000 + 150,000 + 15,109.59) +
    // 250,000 − 64,500 = 266,510.96 for 181 days (to 2025-08-15); the claim
    // 269,010.96 for 17 days (to 2025-09-01): 10% × 54,745,686.72 / 365.
    assert_eq!(s.claim_interest, Some(d("14998.82")));
    // Nothing is incontestable before 36 months: all of it is open.
    assert_eq!(s.claim_at_risk, Some(d("0.00")));
    assert_eq!(s.claim_open, Some(d("269010.96")));
    // The identities.
    let share: Decimal = s
        .issues
        .iter()
        .filter(|i| i.code != Code::BonusUnpaid)
        .map(|i| i.claim_effect)
        .sum();
    assert_eq!(share, r.corrected_share - r.reported_share);
    let base: Decimal = s.issues.iter().map(|i| i.base_effect).sum();
    assert_eq!(r.reported_base + base, r.corrected_base);
}

#[test]
fn a_deficit_the_corrections_do_not_reach_claims_nothing_but_says_how_far() {
    let dir = portfolio();
    let a = audit_at(dir.path(), "2025-09-01");
    let s = deal(&a, "CL-2");
    assert_eq!(
        issues(s),
        ["FEE-RATE fee.theatrical_domestic 1 2024-06-30..2024-06-30 100000.00 0.00"]
    );
    let r = s.reconciliation.as_ref().unwrap();
    assert_eq!(r.reported_base, d("-1679780.82"));
    assert_eq!(r.corrected_base, d("-1579780.82"));
    assert_eq!(r.reported_share, d("0.00"));
    assert_eq!(r.corrected_share, d("0.00"));
    assert_eq!(r.bonuses_due, d("0.00"));
    assert_eq!(r.earned, d("0.00"));
    assert_eq!(r.paid, d("0.00"));
    assert_eq!(r.claim, d("0.00"));
    assert_eq!(r.remainder, d("0.00"));
    assert_eq!(s.claim, Some(d("0.00")));
    let words = recoup::report::reading(s).join(" ");
    assert!(
        words.contains("still a deficit")
            && words.contains("100,000.00 closer to profit")
            && words.contains("claim 0.00"),
        "{words}"
    );
}

#[test]
fn the_model_is_a_pure_function_of_series_contract_and_findings() {
    let dir = portfolio();
    let a = audit_at(dir.path(), "2025-09-01");
    let series: Vec<&recoup::statement::Statement> =
        a.statements.iter().filter(|s| s.deal == "CL-1").collect();
    let c = a.contracts.get("CL-1").unwrap();
    let findings: Vec<recoup::finding::Finding> = a
        .findings
        .iter()
        .filter(|f| f.deal == "CL-1")
        .cloned()
        .collect();
    let (list, rec) = claim_by_issue(&series, Some(c), &findings);
    let s = deal(&a, "CL-1");
    assert_eq!(list, s.issues);
    assert_eq!(rec.as_ref(), s.reconciliation.as_ref());
    // Only the latest statement's fee counts: without it the fee issue is
    // still there (two statements) but moves the base by nothing.
    let earlier: Vec<&recoup::statement::Statement> = series[..2].to_vec();
    let before: Vec<recoup::finding::Finding> = findings
        .iter()
        .filter(|f| f.period_end.as_str() <= "2024-12-31")
        .cloned()
        .collect();
    let (list, rec) = claim_by_issue(&earlier, Some(c), &before);
    let fee = list
        .iter()
        .find(|i| i.code == Code::FeeRate)
        .expect("the fee issue");
    assert_eq!(fee.base_effect, d("150000.00"), "S2 is now the latest");
    let rec = rec.unwrap();
    assert_eq!(rec.reported_base, d("645000.00"));
    // 645,000 + 150,000 + 15,109.59 = 810,109.59; 10% = 81,010.96;
    // + 250,000 bonus − paid 64,500 = 266,510.96.
    assert_eq!(rec.corrected_base, d("810109.59"));
    assert_eq!(rec.claim, d("266510.96"));
    assert_eq!(rec.unclaimed_bonus, d("0.00"), "the bonus issue carries it");
    // Without a contract there are still issues, but no reconciliation.
    let (list, rec) = claim_by_issue(&series, None, &findings);
    assert_eq!(list.len(), 3);
    assert!(rec.is_none());
}

#[test]
fn a_share_paid_beyond_the_contract_is_the_share_issues_and_the_floor_names_it() {
    // Net profits 100,000 at 10% is 10,000; the studio prints and pays 12,000.
    let st = statement(
        "CL-3",
        ("2024-01-01", "2024-06-30", "2024-08-15"),
        ("1000000.00", "1000000.00"),
        ("300000.00", "300000.00"),
        ("200000.00", "200000.00"),
        ("360000.00", "360000.00"),
        ("40000.00", "40000.00"),
        ("100000.00", "100000.00"),
        ("12000.00", "0.00", "0.00", "12000.00"),
        ("10000000.00", "10000000.00"),
    );
    // Interest ceiling 360,000 × 8% × 182/365 = 14,360.55: keep it
    // uncharged by the contract (no [interest]) to isolate the share.
    let contract = CONTRACT
        .replace("CL-1", "CL-3")
        .replace("[interest]\nrate = \"8%\"\non_overhead = false\n", "");
    let dir = folder(&[("contract.toml", &contract), ("s.csv", &st)]);
    let a = audit_at(dir.path(), "2025-09-01");
    let s = deal(&a, "CL-3");
    // The SHARE issue carries the 2,000.00 paid beyond the contract share:
    // nothing is left unexplained, and the floor at zero is named.
    assert_eq!(
        issues(s),
        ["SHARE share.earned 1 2024-06-30..2024-06-30 0.00 -2000.00"]
    );
    let r = s.reconciliation.as_ref().unwrap();
    assert_eq!(r.reported_share, d("10000.00"));
    assert_eq!(r.corrected_share, d("10000.00"));
    assert_eq!(r.paid, d("12000.00"));
    assert_eq!(r.remainder, d("0.00"));
    assert_eq!(r.balance(), d("-2000.00"));
    assert_eq!(r.below_zero(), d("2000.00"));
    assert_eq!(r.claim, d("0.00"));
    assert_eq!(
        recoup::report::claim_bridge(r),
        [(
            "Paid beyond what is earned: nothing is claimed below zero",
            d("2000.00")
        )]
    );
}

#[test]
fn the_reports_carry_the_reconciliation_and_never_add_statements() {
    let dir = portfolio();
    let out = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_recoup");
    let run = std::process::Command::new(bin)
        .args(["check", "--as-of", "2025-09-01", "--out"])
        .arg(out.path())
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(run.status.code() == Some(1), "{run:?}");
    let table = String::from_utf8(run.stdout).unwrap();
    // The table: issues count and claim per deal; one block per issue.
    assert!(
        table.contains("CL-1 · Three Statements · claim 269,010.96"),
        "{table}"
    );
    assert!(table.contains("[1] FEE-RATE fee.theatrical_domestic · 3 statements · base 175,000.00 · claim 17,500.00"), "{table}");
    assert!(
        table.contains("[2] INTEREST int.total · 2 statements · base 15,109.59 · claim 1,510.96"),
        "{table}"
    );
    assert!(table.lines().all(|l| l.chars().count() <= 100));
    // findings.json carries the reconciliation as text, to the cent.
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.path().join("portfolio/findings.json")).unwrap(),
    )
    .unwrap();
    let cl1 = json["deals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["deal"] == "CL-1")
        .unwrap();
    assert_eq!(cl1["reconciliation"]["corrected_base"], "1150109.59");
    assert_eq!(cl1["reconciliation"]["claim"], "269010.96");
    assert_eq!(cl1["issues"][0]["base_effect"], "175000.00");
    assert_eq!(cl1["issues"][1]["base_effect"], "15109.59");
    assert_eq!(cl1["issues"][2]["claim_effect"], "250000.00");
    // claim.md: the walk, and no sum of the cumulative fee differences
    // (100,000 + 150,000 + 175,000 = 425,000).
    let md = std::fs::read_to_string(out.path().join("CL-1/claim.md")).unwrap();
    for want in [
        "| Net profits reported on the latest statement (2025-06-30) | 960,000.00 |",
        "| = Corrected base | 1,150,109.59 |",
        "| **Claim** | **269,010.96** |",
        "| 1 | FEE-RATE Theatrical - Domestic (fee.theatrical_domestic) | `[distribution_fees] theatrical_domestic` | 3 | 2024-06-30 to 2025-06-30 | 175,000.00 | 17,500.00 |",
    ] {
        assert!(md.contains(want), "claim.md lacks {want:?}");
    }
    // CL-2's own request says its base is still a deficit; CL-1's knows
    // nothing of CL-2.
    let cl2 = std::fs::read_to_string(out.path().join("CL-2/claim.md")).unwrap();
    assert!(
        cl2.contains("still a deficit after the corrections"),
        "{cl2}"
    );
    assert!(!md.contains("CL-2") && !md.contains("Still In The Red"));
    assert!(!md.contains("425,000.00"));
    assert!(!md.contains("Subtotal"));
}

/// sample-data's bundle: for every deal, the figures of `claim.md` and of
/// `claim.xlsx` (Summary and Issues) are `findings.json`'s reconciliation;
/// the old cross-statement subtotal of The Harbour Light (6,656,995.18) and
/// its "total effect" (10,752,506.58) appear nowhere; every sheet is set up
/// to print one page wide, landscape, with its header row repeated.
#[test]
fn sample_data_schedules_tie_to_the_reconciliation() {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    use recoup::money::fmt_human;
    use std::io::Read;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_recoup"))
        .current_dir(root)
        .args(["check", "sample-data", "--as-of", "2026-11-25", "--out"])
        .arg(out.path())
        .output()
        .unwrap();
    let portfolio = out.path().join("portfolio");
    assert!(portfolio.join("portfolio.xlsx").is_file(), "{run:?}");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(portfolio.join("findings.json")).unwrap())
            .unwrap();
    let summary_md = std::fs::read_to_string(portfolio.join("summary.md")).unwrap();
    let mut wb: Xlsx<_> = open_workbook(portfolio.join("portfolio.xlsx")).unwrap();
    let summary = wb.worksheet_range("Summary").unwrap();
    let issues_sheet = wb.worksheet_range("Issues").unwrap();
    let head = |r: &calamine::Range<Data>| -> Vec<String> {
        r.rows()
            .next()
            .unwrap()
            .iter()
            .map(|c| c.to_string())
            .collect()
    };
    let sh = head(&summary);
    let ih = head(&issues_sheet);
    let scol = |n: &str| sh.iter().position(|h| h == n).unwrap();
    let icol = |n: &str| ih.iter().position(|h| h == n).unwrap();
    let cents = |c: &Data| match c {
        Data::Float(x) => Some(Decimal::from_str(&format!("{x:.2}")).unwrap()),
        _ => None,
    };
    let mut tied = 0;
    let mut harbour = false;
    for deal in json["deals"].as_array().unwrap() {
        let id = deal["deal"].as_str().unwrap();
        let Some(rec) = deal["reconciliation"].as_object() else {
            continue;
        };
        let v = |k: &str| d(rec[k].as_str().unwrap());
        // The deal's own claim.md, and its section of the portfolio's
        // summary.md, walk the same figures.
        let own = std::fs::read_to_string(out.path().join(id).join("claim.md")).unwrap();
        for gone in ["6,656,995.18", "10,752,506.58", "Subtotal"] {
            assert!(!own.contains(gone), "{id}/claim.md still has {gone}");
        }
        for md in [&own, &summary_md] {
            let start = md.find(&format!("## {id} — ")).unwrap();
            let section = &md[start..];
            let section = &section[..section[3..].find("\n## ").map_or(section.len(), |e| e + 3)];
            for (row, k) in [
                (
                    "Net profits reported on the latest statement",
                    "reported_base",
                ),
                ("= Corrected base", "corrected_base"),
                ("Share of the reported base", "reported_share"),
                ("Share of the corrected base", "corrected_share"),
                ("+ Bonuses due", "bonuses_due"),
                ("= Earned", "earned"),
                ("− Paid (previously paid + amount due)", "paid"),
            ] {
                let line = section
                    .lines()
                    .find(|l| l.starts_with(&format!("| {row}")))
                    .unwrap_or_else(|| panic!("{id}: claim.md lacks {row}"));
                assert!(
                    line.ends_with(&format!("| {} |", fmt_human(v(k)))),
                    "{id}: {line}"
                );
            }
            assert!(section.contains(&format!("| **Claim** | **{}** |", fmt_human(v("claim")))));
            let list = deal["issues"].as_array().unwrap();
            for (k, i) in list.iter().enumerate() {
                let md_row = format!("| {} | {} ", k + 1, i["code"].as_str().unwrap());
                let line = section.lines().find(|l| l.starts_with(&md_row)).unwrap();
                assert!(
                    line.ends_with(&format!(
                        "| {} | {} |",
                        fmt_human(d(i["base_effect"].as_str().unwrap())),
                        fmt_human(d(i["claim_effect"].as_str().unwrap()))
                    )),
                    "{line}"
                );
            }
        }
        // The deal's claim.xlsx: its Claim sheet walks the same figures.
        let mut own_wb: Xlsx<_> = open_workbook(out.path().join(id).join("claim.xlsx")).unwrap();
        let claim = own_wb.worksheet_range("Claim").unwrap();
        for (step, k) in [
            ("Reported base", "reported_base"),
            ("Corrected base", "corrected_base"),
            ("Reported share", "reported_share"),
            ("Corrected share", "corrected_share"),
            ("Bonuses due", "bonuses_due"),
            ("Earned", "earned"),
            ("Paid", "paid"),
            ("Claim", "claim"),
        ] {
            let row = claim
                .rows()
                .find(|r| r[0] == step)
                .unwrap_or_else(|| panic!("{id}: claim.xlsx lacks {step}"));
            assert_eq!(cents(&row[3]), Some(v(k)), "{id} claim.xlsx {step}");
        }
        let own_issues = own_wb.worksheet_range("Issues").unwrap();
        let oh = head(&own_issues);
        let ocol = |n: &str| oh.iter().position(|h| h == n).unwrap();
        let effects: Vec<(Option<Decimal>, Option<Decimal>)> = own_issues
            .rows()
            .filter(|r| matches!(r[ocol("No.")], Data::Float(_)))
            .map(|r| {
                (
                    cents(&r[ocol("Effect on base")]),
                    cents(&r[ocol("Effect on claim")]),
                )
            })
            .collect();
        let want: Vec<(Option<Decimal>, Option<Decimal>)> = deal["issues"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                (
                    Some(d(i["base_effect"].as_str().unwrap())),
                    Some(d(i["claim_effect"].as_str().unwrap())),
                )
            })
            .collect();
        assert_eq!(effects, want, "{id}: claim.xlsx Issues");
        // portfolio.xlsx Summary.
        let row = summary.rows().find(|r| r[0] == id).unwrap();
        for (h, k) in [
            ("Reported base", "reported_base"),
            ("Corrected base", "corrected_base"),
            ("Reported share", "reported_share"),
            ("Corrected share", "corrected_share"),
            ("Bonuses due", "bonuses_due"),
            ("Earned", "earned"),
            ("Paid", "paid"),
            ("Claim", "claim"),
        ] {
            assert_eq!(cents(&row[scol(h)]), Some(v(k)), "{id} {h}");
        }
        // portfolio.xlsx Issues: each issue's effects.
        let rows: Vec<&[Data]> = issues_sheet
            .rows()
            .filter(|r| {
                r[icol("Deal")] == id
                    && cents(&r[icol("Effect on base")]).is_some()
                    && matches!(r[icol("No.")], Data::Float(_))
            })
            .collect();
        let list = deal["issues"].as_array().unwrap();
        assert_eq!(rows.len(), list.len(), "{id}");
        for (r, i) in rows.iter().zip(list) {
            assert_eq!(r[icol("Code")].to_string(), i["code"].as_str().unwrap());
            assert_eq!(
                cents(&r[icol("Effect on base")]),
                Some(d(i["base_effect"].as_str().unwrap()))
            );
            assert_eq!(
                cents(&r[icol("Effect on claim")]),
                Some(d(i["claim_effect"].as_str().unwrap()))
            );
        }
        if id == "MP-2022-0147" {
            harbour = true;
            assert_eq!(v("claim"), d("128802.19"));
            assert_eq!(list[0]["base_effect"], "1538195.42");
        }
        tied += 1;
    }
    assert!(harbour && tied >= 4, "{tied} deals tied");
    // The old sums of cumulative differences are gone, everywhere.
    for gone in ["6,656,995.18", "10,752,506.58", "Subtotal"] {
        assert!(!summary_md.contains(gone), "summary.md still has {gone}");
    }
    let sheets = wb.sheet_names();
    for s in &sheets {
        let range = wb.worksheet_range(s).unwrap();
        for (_, _, c) in range.used_cells() {
            match c {
                Data::Float(x) => assert!(
                    (x - 6_656_995.18).abs() > 0.001 && (x - 10_752_506.58).abs() > 0.001,
                    "{s} holds {x}"
                ),
                Data::String(t) => assert!(!t.contains("Subtotal"), "{s}: {t}"),
                _ => {}
            }
        }
    }
    // Print setup, read from the workbook's XML.
    let file = std::fs::File::open(portfolio.join("portfolio.xlsx")).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut workbook = String::new();
    zip.by_name("xl/workbook.xml")
        .unwrap()
        .read_to_string(&mut workbook)
        .unwrap();
    for (n, s) in sheets.iter().enumerate() {
        let mut xml = String::new();
        zip.by_name(&format!("xl/worksheets/sheet{}.xml", n + 1))
            .unwrap()
            .read_to_string(&mut xml)
            .unwrap();
        assert!(xml.contains("<pageSetUpPr fitToPage=\"1\"/>"), "{s}");
        assert!(
            xml.contains("fitToHeight=\"0\""),
            "{s}: one page wide, as long as needed"
        );
        assert!(xml.contains("orientation=\"landscape\""), "{s}");
        assert!(
            xml.contains("<oddFooter>&amp;L&amp;A&amp;RPage &amp;P of &amp;N</oddFooter>"),
            "{s}"
        );
        assert!(
            workbook.contains(&format!("<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"{n}\">{s}!$1:$1</definedName>")),
            "{s}: header row repeated"
        );
    }
}

/// Out of a deficit, the issue order decides who carries the crossing: the
/// largest effect on the base comes first. Net profits −50,000.00; the fee
/// overcharge 100,000.00 (35% of 2,000,000 against 30%) and the
/// interest 20,000.00 over its ceiling (59,890.41 charged, 1,000,000 × 8% ×
/// 182/365 = 39,890.41 allowed) bring the base to 70,000.00, a share of
/// 7,000.00: the fee takes 10% × 50,000 = 5,000.00 (from −50,000 to
/// 50,000), the interest 10% × 20,000 = 2,000.00.
#[test]
fn the_issue_order_allocates_the_crossing_out_of_a_deficit() {
    let st = statement(
        "CL-4",
        ("2024-01-01", "2024-06-30", "2024-08-15"),
        ("2000000.00", "2000000.00"),
        ("700000.00", "700000.00"),
        ("290109.59", "290109.59"),
        ("1000000.00", "1000000.00"),
        ("59890.41", "59890.41"),
        ("-50000.00", "-50000.00"),
        ("0.00", "0.00", "0.00", "0.00"),
        ("10000000.00", "10000000.00"),
    );
    let dir = folder(&[
        ("contract.toml", &CONTRACT.replace("CL-1", "CL-4")),
        ("s.csv", &st),
    ]);
    let a = audit_at(dir.path(), "2025-09-01");
    let s = deal(&a, "CL-4");
    assert_eq!(
        issues(s),
        [
            "FEE-RATE fee.theatrical_domestic 1 2024-06-30..2024-06-30 100000.00 5000.00",
            "INTEREST int.total 1 2024-06-30..2024-06-30 20000.00 2000.00",
        ]
    );
    let r = s.reconciliation.as_ref().unwrap();
    assert_eq!(r.reported_base, d("-50000.00"));
    assert_eq!(r.corrected_base, d("70000.00"));
    assert_eq!(r.reported_share, d("0.00"));
    assert_eq!(r.corrected_share, d("7000.00"));
    assert_eq!(r.earned, d("7000.00"));
    assert_eq!(r.paid, d("0.00"));
    assert_eq!(r.claim, d("7000.00"));
    let words = recoup::report::reading(s).join(" ");
    assert!(
        words.contains("turn the reported deficit into a profit"),
        "{words}"
    );
}

/// CL-5, no interest term, share 10%: the payment lines carry their money.
/// S1: net profits 100,000.00, share 10,000.00, paid 0 + 10,000.00.
/// S2: net profits 800,000.00, share 80,000.00, previously paid printed
/// 15,000.00 where S1 implies 10,000.00 (PRIOR-PAID, +5,000.00), due
/// 65,000.00 (it follows from the printed lines).
/// S3: net profits 1,150,000.00, share 115,000.00, previously paid
/// 80,000.00 (S2's 15,000.00 + 65,000.00: no new finding, but the 5,000.00
/// is carried), due printed 33,000.00 where 35,000.00 follows (DUE,
/// −2,000.00). Paid 113,000.00; claim 2,000.00. The DUE issue takes it:
/// 80,000.00 + 35,000.00 − (80,000.00 + 33,000.00). Previously paid without
/// the carried 5,000.00 is 75,000.00, and 75,000.00 + max(0, 115,000.00 −
/// 75,000.00) is still 115,000.00: under SPEC §4's claim an overstated
/// prior payment that the amount due follows moves nothing, so PRIOR-PAID
/// takes 0.00.
#[test]
fn the_payment_lines_carry_what_they_explain_and_a_prior_payment_is_carried_forward() {
    let contract = CONTRACT
        .replace("CL-1", "CL-5")
        .replace("[interest]\nrate = \"8%\"\non_overhead = false\n", "");
    let row = |dates, gr, fee, np, pay| {
        statement(
            "CL-5",
            dates,
            gr,
            fee,
            ("0.00", "200000.00"),
            ("0.00", "360000.00"),
            ("0.00", "40000.00"),
            np,
            pay,
            ("0.00", "10000000.00"),
        )
    };
    let s1 = statement(
        "CL-5",
        ("2024-01-01", "2024-06-30", "2024-08-15"),
        ("1000000.00", "1000000.00"),
        ("300000.00", "300000.00"),
        ("200000.00", "200000.00"),
        ("360000.00", "360000.00"),
        ("40000.00", "40000.00"),
        ("100000.00", "100000.00"),
        ("10000.00", "0.00", "0.00", "10000.00"),
        ("10000000.00", "10000000.00"),
    );
    let s2 = row(
        ("2024-07-01", "2024-12-31", "2025-02-15"),
        ("1000000.00", "2000000.00"),
        ("300000.00", "600000.00"),
        ("700000.00", "800000.00"),
        ("80000.00", "0.00", "15000.00", "65000.00"),
    );
    let s3 = row(
        ("2025-01-01", "2025-06-30", "2025-08-15"),
        ("500000.00", "2500000.00"),
        ("150000.00", "750000.00"),
        ("350000.00", "1150000.00"),
        ("115000.00", "0.00", "80000.00", "33000.00"),
    );
    let dir = folder(&[
        ("contract.toml", &contract),
        ("s1.csv", &s1),
        ("s2.csv", &s2),
        ("s3.csv", &s3),
    ]);
    let a = audit_at(dir.path(), "2025-09-01");
    let s = deal(&a, "CL-5");
    assert_eq!(
        issues(s),
        [
            "DUE pay.due 1 2025-06-30..2025-06-30 0.00 2000.00",
            "PRIOR-PAID pay.prior 1 2024-12-31..2024-12-31 0.00 0.00",
        ]
    );
    assert_eq!(s.issues[1].paid_error, d("5000.00"));
    let r = s.reconciliation.as_ref().unwrap();
    assert_eq!(r.paid, d("113000.00"));
    assert_eq!(r.claim, d("2000.00"));
    assert_eq!(r.remainder, d("0.00"));
    assert!(recoup::report::claim_bridge(r).is_empty());
}

/// CL-6: a deficit deal on which the studio prints 5,000.00 previously paid
/// that no statement showed due (S2), and carries it to S3. Nothing is
/// earned; paid 5,000.00. The PRIOR-PAID issue, though shown only by S2,
/// explains the 5,000.00 S3 still counts as paid (−5,000.00 on the claim),
/// and the floor at zero is named: the issues and the bridge add up to 0.00.
#[test]
fn a_prior_payment_added_once_is_carried_to_the_latest_statement() {
    let contract = CONTRACT
        .replace("CL-1", "CL-6")
        .replace("[interest]\nrate = \"8%\"\non_overhead = false\n", "");
    let st = |dates, pay| {
        statement(
            "CL-6",
            dates,
            ("0.00", "500000.00"),
            ("0.00", "150000.00"),
            ("0.00", "200000.00"),
            ("0.00", "360000.00"),
            ("0.00", "40000.00"),
            ("0.00", "-250000.00"),
            pay,
            ("0.00", "10000000.00"),
        )
    };
    let first = statement(
        "CL-6",
        ("2024-01-01", "2024-06-30", "2024-08-15"),
        ("500000.00", "500000.00"),
        ("150000.00", "150000.00"),
        ("200000.00", "200000.00"),
        ("360000.00", "360000.00"),
        ("40000.00", "40000.00"),
        ("-250000.00", "-250000.00"),
        ("0.00", "0.00", "0.00", "0.00"),
        ("10000000.00", "10000000.00"),
    );
    let dir = folder(&[
        ("contract.toml", &contract),
        ("s1.csv", &first),
        (
            "s2.csv",
            &st(
                ("2024-07-01", "2024-12-31", "2025-02-15"),
                ("0.00", "0.00", "5000.00", "0.00"),
            ),
        ),
        (
            "s3.csv",
            &st(
                ("2025-01-01", "2025-06-30", "2025-08-15"),
                ("0.00", "0.00", "5000.00", "0.00"),
            ),
        ),
    ]);
    let a = audit_at(dir.path(), "2025-09-01");
    let s = deal(&a, "CL-6");
    assert_eq!(
        issues(s),
        ["PRIOR-PAID pay.prior 1 2024-12-31..2024-12-31 0.00 -5000.00"]
    );
    let r = s.reconciliation.as_ref().unwrap();
    assert_eq!(r.paid, d("5000.00"));
    assert_eq!(r.remainder, d("0.00"));
    assert_eq!(r.claim, d("0.00"));
    let bridged: Decimal = recoup::report::claim_bridge(r).iter().map(|x| x.1).sum();
    assert_eq!(bridged, d("5000.00"));
    assert_eq!(s.issues[0].claim_effect + bridged, r.claim);
}

/// sample-data's The Long Season: the 7.5% step the studio never applied is
/// 462,241.64 of the 516,241.64 claim. The SHARE issue carries it, and the
/// issues add up to the claim in the terminal, claim.md, claim.xlsx and
/// report.html.
#[test]
fn long_season_every_dollar_of_the_claim_is_on_an_issue() {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let a = audit_at(&root.join("sample-data/long-season"), "2026-11-25");
    let s = deal(&a, "SCP-0932-TL");
    assert_eq!(
        issues(s),
        [
            "OVERHEAD-RATE nc.overhead 5 2023-06-30..2025-06-30 720000.00 54000.00",
            "SHARE share.earned 3 2024-06-30..2025-06-30 0.00 462241.64",
        ]
    );
    let r = s.reconciliation.as_ref().unwrap();
    assert_eq!(r.claim, d("516241.64"));
    assert_eq!(r.remainder, d("0.00"));
    let sum: Decimal = s.issues.iter().map(|i| i.claim_effect).sum();
    assert_eq!(sum, d("516241.64"));

    let out = tempfile::tempdir().unwrap();
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_recoup"))
        .args(["check", "--as-of", "2026-11-25", "--out"])
        .arg(out.path())
        .arg(root.join("sample-data/long-season"))
        .output()
        .unwrap();
    let table = String::from_utf8(run.stdout).unwrap();
    assert!(
        table.contains("[2] SHARE share.earned · 3 statements · base 0.00 · claim 462,241.64"),
        "{table}"
    );
    // The bundle: flat today, DIR/<deal id>/ once the per-deal writer lands.
    let find = |name: &str| {
        let flat = out.path().join(name);
        if flat.is_file() {
            flat
        } else {
            out.path().join("SCP-0932-TL").join(name)
        }
    };
    let md = std::fs::read_to_string(find("claim.md")).unwrap();
    let share_row = md
        .lines()
        .find(|l| l.starts_with("| 2 | SHARE Participant Share (share.earned) |"))
        .unwrap_or_else(|| panic!("{md}"));
    assert!(
        share_row.ends_with("| 3 | 2024-06-30 to 2025-06-30 | 0.00 | 462,241.64 |"),
        "{share_row}"
    );
    // The clause names the escalator the studio did not apply, not only the
    // flat share.
    assert!(
        share_row.contains("| `[deal] share; [[share_step]]` |"),
        "{share_row}"
    );
    assert!(md.contains("| | **Total of the issues** | | | | **720,000.00** | **516,241.64** |"));
    assert!(!md.contains("own arithmetic"));
    let html = std::fs::read_to_string(find("report.html")).unwrap();
    assert!(html.contains(
        "<th colspan=\"4\">Total</th><td class=\"n\">720,000.00</td><td class=\"n\">516,241.64</td>"
    ));
    assert!(!html.contains("own arithmetic"));
    let mut wb: Xlsx<_> = open_workbook(find("claim.xlsx")).unwrap();
    let sheet = wb.worksheet_range("Issues").unwrap();
    let rows: Vec<Vec<Data>> = sheet.rows().map(|r| r.to_vec()).collect();
    let row_with = |text: &str| {
        rows.iter()
            .find(|r| {
                r.iter()
                    .any(|c| matches!(c, Data::String(t) if t.starts_with(text)))
            })
            .unwrap_or_else(|| panic!("no row with {text}: {rows:?}"))
    };
    // The SHARE issue's effect on the claim, and the issues' total.
    assert!(row_with("SHARE").contains(&Data::Float(462241.64)));
    assert!(row_with("Total").contains(&Data::Float(516241.64)));
}
