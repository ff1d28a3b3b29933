//! Every check of SPEC §4 on a hand-computed two-statement series.
//!
//! The clean series satisfies every identity; each test changes the figures
//! a studio would print for one mistake (keeping its own totals consistent,
//! as a real statement would) and asserts exactly the finding it implies,
//! to the cent. Interest was computed by hand:
//! S1: 2,000,000.00 × 8% × 182/365 = 79,780.82;
//! S2: recouped(S1) = 1,550,000 − 500,000 − 230,000 − 79,780.82 = 740,219.18,
//!     base 1,259,780.82 × 8% × 184/365 = 50,805.41.

mod common;
use common::*;
use recoup::finding::Severity;

const CONTRACT: &str = r#"
[deal]
id = "T-1"
title = "The Test Picture"
participant = "Jane Doe"
currency = "USD"
definition = "net_profits"
share = "5%"
tolerance = "1.00"

[gross_receipts.royalty]
home_video_domestic = "20%"

[distribution_fees]
theatrical_domestic = "30%"
theatrical_foreign = "40%"

[expenses]
advertising_overhead = "10%"
disallowed = ["travel"]

[expenses.caps]
checking_collection = "50000"

[negative_cost]
overhead = "15%"

[interest]
rate = "8%"
on_overhead = false

[deductions]
gross_participations = true
deferments = true

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

const S1: &str = "Title,The Test Picture
Participant,Jane Doe
Deal,T-1
Period Start,2024-01-01
Period End,2024-06-30
Statement Date,2024-08-15
Currency,USD

Section,Line,Current Period,Inception To Date
Gross Receipts,Theatrical - Domestic,1000000.00,1000000.00
Gross Receipts,Theatrical - Foreign,500000.00,500000.00
Gross Receipts,Home Video - Domestic,50000.00,50000.00
Gross Receipts,Total Gross Receipts,1550000.00,1550000.00
Distribution Fees,Theatrical - Domestic,300000.00,300000.00
Distribution Fees,Theatrical - Foreign,200000.00,200000.00
Distribution Fees,Total Distribution Fees,500000.00,500000.00
Distribution Expenses,Advertising,200000.00,200000.00
Distribution Expenses,Advertising Overhead,20000.00,20000.00
Distribution Expenses,Checking & Collection,10000.00,10000.00
Distribution Expenses,Total Distribution Expenses,230000.00,230000.00
Negative Cost,Direct Cost,2000000.00,2000000.00
Negative Cost,Overhead,300000.00,300000.00
Negative Cost,Total Negative Cost,2300000.00,2300000.00
Interest,Interest,79780.82,79780.82
Net Profits,Net Profits (Deficit),-1559780.82,-1559780.82
Participant,Participant Share,,0.00
Participant,Bonuses,0.00,0.00
Participant,Less Previously Paid,,0.00
Participant,Amount Due,,0.00
Memo,Home Video Wholesale - Domestic,250000.00,250000.00
Memo,Box Office - Domestic,50000000.00,50000000.00
";

const S2: &str = "Title,The Test Picture
Participant,Jane Doe
Deal,T-1
Period Start,2024-07-01
Period End,2024-12-31
Statement Date,2025-02-10
Currency,USD

Section,Line,Current Period,Inception To Date
Gross Receipts,Theatrical - Domestic,400000.00,1400000.00
Gross Receipts,Theatrical - Foreign,100000.00,600000.00
Gross Receipts,Home Video - Domestic,30000.00,80000.00
Gross Receipts,Total Gross Receipts,530000.00,2080000.00
Distribution Fees,Theatrical - Domestic,120000.00,420000.00
Distribution Fees,Theatrical - Foreign,40000.00,240000.00
Distribution Fees,Total Distribution Fees,160000.00,660000.00
Distribution Expenses,Advertising,50000.00,250000.00
Distribution Expenses,Advertising Overhead,5000.00,25000.00
Distribution Expenses,Checking & Collection,2000.00,12000.00
Distribution Expenses,Total Distribution Expenses,57000.00,287000.00
Negative Cost,Direct Cost,0.00,2000000.00
Negative Cost,Overhead,0.00,300000.00
Negative Cost,Total Negative Cost,0.00,2300000.00
Interest,Interest,50805.41,130586.23
Net Profits,Net Profits (Deficit),262194.59,-1297586.23
Participant,Participant Share,,0.00
Participant,Bonuses,250000.00,250000.00
Participant,Less Previously Paid,,0.00
Participant,Amount Due,,250000.00
Memo,Home Video Wholesale - Domestic,150000.00,400000.00
Memo,Box Office - Domestic,70000000.00,120000000.00
";

fn series(s1: &str, s2: &str) -> recoup::Audit {
    let dir = folder(&[("contract.toml", CONTRACT), ("s1.csv", s1), ("s2.csv", s2)]);
    audit(dir.path())
}

/// The error findings as `brief` strings.
fn errs(s1: &str, s2: &str) -> Vec<String> {
    errors(&series(s1, s2)).iter().map(|f| brief(f)).collect()
}

#[test]
fn clean_series_has_no_findings_and_no_claim() {
    let a = series(S1, S2);
    assert_eq!(a.statements.len(), 2);
    assert!(a.findings.is_empty(), "{:#?}", a.findings);
    let d = &a.deals[0];
    assert_eq!(d.recomputed_earned.unwrap().to_string(), "250000.00");
    assert_eq!(d.reported_paid.unwrap().to_string(), "250000.00");
    assert_eq!(d.claim.unwrap().to_string(), "0.00");
    assert_eq!(d.cost_shift, Some(false));
}

#[test]
fn fee_rate_is_one_root_cause_finding() {
    // Domestic fee at 35%: 490,000 instead of 420,000; the studio's totals add up.
    let s2 = edit(
        S2,
        &[
            (
                "Distribution Fees,Theatrical - Domestic,120000.00,420000.00",
                "Distribution Fees,Theatrical - Domestic,190000.00,490000.00",
            ),
            (
                "Total Distribution Fees,160000.00,660000.00",
                "Total Distribution Fees,230000.00,730000.00",
            ),
            (
                "Net Profits (Deficit),262194.59,-1297586.23",
                "Net Profits (Deficit),192194.59,-1367586.23",
            ),
        ],
    );
    assert_eq!(
        errs(S1, &s2),
        ["FEE-RATE fee.theatrical_domestic itd 490000.00 420000.00 70000.00"]
    );
    let a = series(S1, &s2);
    let f = errors(&a)[0];
    assert_eq!(f.cells, ["s2.csv!D14", "s2.csv!D10"]);
    assert!(
        f.message.contains("35%") && f.message.contains("overcharge 70,000.00"),
        "{}",
        f.message
    );
}

#[test]
fn a_total_that_does_not_foot_in_both_columns() {
    let s2 = edit(
        S2,
        &[
            (
                "Total Distribution Expenses,57000.00,287000.00",
                "Total Distribution Expenses,58000.00,288000.00",
            ),
            (
                "Net Profits (Deficit),262194.59,-1297586.23",
                "Net Profits (Deficit),261194.59,-1298586.23",
            ),
        ],
    );
    assert_eq!(
        errs(S1, &s2),
        [
            "ARITH-TOTAL exp.total current 58000.00 57000.00 0.00",
            "ARITH-TOTAL exp.total itd 288000.00 287000.00 1000.00"
        ]
    );
}

#[test]
fn net_profits_that_do_not_follow_from_the_lines() {
    let s2 = edit(
        S2,
        &[(
            "Net Profits (Deficit),262194.59,-1297586.23",
            "Net Profits (Deficit),262194.59,-1287586.23",
        )],
    );
    assert_eq!(
        errs(S1, &s2),
        ["ARITH-NET np.total itd -1287586.23 -1297586.23 -10000.00"]
    );
}

#[test]
fn tolerance_is_exclusive_of_its_bound() {
    // 1.00 off: within tolerance. 1.01 off: a finding.
    let s2 = edit(
        S2,
        &[(
            "Net Profits (Deficit),262194.59,-1297586.23",
            "Net Profits (Deficit),262194.59,-1297585.23",
        )],
    );
    assert!(errs(S1, &s2).is_empty());
    let s2 = edit(
        S2,
        &[(
            "Net Profits (Deficit),262194.59,-1297586.23",
            "Net Profits (Deficit),262194.59,-1297585.22",
        )],
    );
    assert_eq!(
        errs(S1, &s2),
        ["ARITH-NET np.total itd -1297585.22 -1297586.23 -1.01"]
    );
}

#[test]
fn home_video_below_the_contract_royalty() {
    // Reported at 15% of wholesale (60,000) instead of 20% (80,000).
    let s2 = edit(
        S2,
        &[
            (
                "Gross Receipts,Home Video - Domestic,30000.00,80000.00",
                "Gross Receipts,Home Video - Domestic,10000.00,60000.00",
            ),
            (
                "Total Gross Receipts,530000.00,2080000.00",
                "Total Gross Receipts,510000.00,2060000.00",
            ),
            (
                "Net Profits (Deficit),262194.59,-1297586.23",
                "Net Profits (Deficit),242194.59,-1317586.23",
            ),
        ],
    );
    assert_eq!(
        errs(S1, &s2),
        ["GR-ROYALTY gr.home_video_domestic itd 60000.00 80000.00 20000.00"]
    );
}

#[test]
fn fee_on_a_medium_without_a_fee() {
    let s2 = edit(
        S2,
        &[
            ("Total Distribution Fees,160000.00,660000.00", "Home Video - Domestic,10000.00,10000.00\nDistribution Fees,Total Distribution Fees,170000.00,670000.00"),
            ("Net Profits (Deficit),262194.59,-1297586.23", "Net Profits (Deficit),252194.59,-1307586.23"),
        ],
    );
    assert_eq!(
        errs(S1, &s2),
        ["FEE-UNAUTHORIZED fee.home_video_domestic itd 10000.00 0.00 10000.00"]
    );
}

#[test]
fn advertising_overhead_cap_and_disallowed_expense() {
    // Advertising overhead at 12% (30,000), checking over its 50,000 cap (62,000), and travel.
    let s2 = edit(
        S2,
        &[
            ("Advertising Overhead,5000.00,25000.00", "Advertising Overhead,10000.00,30000.00"),
            ("Checking & Collection,2000.00,12000.00", "Checking & Collection,52000.00,62000.00\nDistribution Expenses,Travel & Entertainment,5000.00,5000.00"),
            ("Total Distribution Expenses,57000.00,287000.00", "Total Distribution Expenses,117000.00,347000.00"),
            ("Net Profits (Deficit),262194.59,-1297586.23", "Net Profits (Deficit),202194.59,-1357586.23"),
        ],
    );
    assert_eq!(
        errs(S1, &s2),
        [
            "ADV-OVERHEAD exp.advertising_overhead itd 30000.00 25000.00 5000.00",
            "EXP-CAP exp.checking_collection itd 62000.00 50000.00 12000.00",
            "EXP-DISALLOWED exp.travel itd 5000.00 0.00 5000.00",
        ]
    );
}

#[test]
fn overhead_rate_on_both_statements() {
    // Overhead at 20% of direct cost from the first statement on.
    let s1 = edit(
        S1,
        &[
            (
                "Negative Cost,Overhead,300000.00,300000.00",
                "Negative Cost,Overhead,400000.00,400000.00",
            ),
            (
                "Total Negative Cost,2300000.00,2300000.00",
                "Total Negative Cost,2400000.00,2400000.00",
            ),
            (
                "Net Profits (Deficit),-1559780.82,-1559780.82",
                "Net Profits (Deficit),-1659780.82,-1659780.82",
            ),
        ],
    );
    let s2 = edit(
        S2,
        &[
            (
                "Negative Cost,Overhead,0.00,300000.00",
                "Negative Cost,Overhead,0.00,400000.00",
            ),
            (
                "Total Negative Cost,0.00,2300000.00",
                "Total Negative Cost,0.00,2400000.00",
            ),
            (
                "Net Profits (Deficit),262194.59,-1297586.23",
                "Net Profits (Deficit),262194.59,-1397586.23",
            ),
        ],
    );
    assert_eq!(
        errs(&s1, &s2),
        [
            "OVERHEAD-RATE nc.overhead itd 400000.00 300000.00 100000.00",
            "OVERHEAD-RATE nc.overhead itd 400000.00 300000.00 100000.00",
        ]
    );
}

#[test]
fn interest_charged_on_overhead() {
    // 1,559,780.82 (overhead included) × 8% × 184/365 = 62,904.04 instead of 50,805.41.
    let s2 = edit(
        S2,
        &[
            (
                "Interest,Interest,50805.41,130586.23",
                "Interest,Interest,62904.04,142684.86",
            ),
            (
                "Net Profits (Deficit),262194.59,-1297586.23",
                "Net Profits (Deficit),250095.96,-1309684.86",
            ),
        ],
    );
    assert_eq!(
        errs(S1, &s2),
        ["INTEREST int.total current 62904.04 50805.41 12098.63"]
    );
}

#[test]
fn gross_participations_the_contract_excludes() {
    let contract = CONTRACT.replace(
        "gross_participations = true",
        "gross_participations = false",
    );
    let s2 = edit(
        S2,
        &[
            ("Net Profits,Net Profits (Deficit),262194.59,-1297586.23", "Gross Participations,Gross Participations,20000.00,20000.00\nNet Profits,Net Profits (Deficit),242194.59,-1317586.23"),
        ],
    );
    let dir = folder(&[
        ("contract.toml", &contract),
        ("s1.csv", S1),
        ("s2.csv", &s2),
    ]);
    let a = audit(dir.path());
    let got: Vec<String> = errors(&a).iter().map(|f| brief(f)).collect();
    assert_eq!(
        got,
        ["DEDUCTION-DISALLOWED gp.total itd 20000.00 0.00 20000.00"]
    );
}

#[test]
fn unpaid_bonus_makes_the_claim_and_shifts_costs() {
    let s2 = edit(
        S2,
        &[
            (
                "Participant,Bonuses,250000.00,250000.00",
                "Participant,Bonuses,0.00,0.00",
            ),
            (
                "Participant,Amount Due,,250000.00",
                "Participant,Amount Due,,0.00",
            ),
        ],
    );
    let a = series(S1, &s2);
    let got: Vec<String> = errors(&a).iter().map(|f| brief(f)).collect();
    assert_eq!(got, ["BONUS-UNPAID pay.bonus itd 0.00 250000.00 0.00"]);
    let d = &a.deals[0];
    assert_eq!(d.claim.unwrap().to_string(), "250000.00");
    assert_eq!(d.cost_shift, Some(true));
    // 250,000 × 10% × 111 days (2025-02-10 to 2025-06-01) / 365 = 7,602.74
    assert_eq!(d.claim_interest.unwrap().to_string(), "7602.74");
}

#[test]
fn current_period_that_is_not_the_change_in_itd() {
    let s2 = edit(
        S2,
        &[
            (
                "Gross Receipts,Theatrical - Domestic,400000.00,1400000.00",
                "Gross Receipts,Theatrical - Domestic,407500.00,1400000.00",
            ),
            (
                "Total Gross Receipts,530000.00,2080000.00",
                "Total Gross Receipts,537500.00,2080000.00",
            ),
            (
                "Net Profits (Deficit),262194.59,-1297586.23",
                "Net Profits (Deficit),269694.59,-1297586.23",
            ),
        ],
    );
    assert_eq!(
        errs(S1, &s2),
        ["ITD-CONTINUITY gr.theatrical_domestic current 407500.00 400000.00 0.00"]
    );
}

#[test]
fn previously_paid_that_does_not_carry_forward() {
    let s2 = edit(
        S2,
        &[
            (
                "Less Previously Paid,,0.00",
                "Less Previously Paid,,5000.00",
            ),
            (
                "Participant,Amount Due,,250000.00",
                "Participant,Amount Due,,245000.00",
            ),
        ],
    );
    assert_eq!(
        errs(S1, &s2),
        ["PRIOR-PAID pay.prior itd 5000.00 0.00 0.00"]
    );
}

#[test]
fn share_and_amount_due_on_a_profitable_statement() {
    let s = "Title,P\nDeal,T-1\nPeriod Start,2024-01-01\nPeriod End,2024-06-30\nStatement Date,2024-08-01\n\n\
Section,Line,Current,ITD\n\
Gross Receipts,Theatrical - Domestic,1000000.00,1000000.00\n\
Distribution Fees,Theatrical - Domestic,300000.00,300000.00\n\
Net Profits,Net Profits,700000.00,700000.00\n\
Participant,Participant Share,,36000.00\n\
Participant,Less Previously Paid,,0.00\n\
Participant,Amount Due,,35000.00\n";
    let dir = folder(&[("contract.toml", CONTRACT), ("s.csv", s)]);
    let a = audit(dir.path());
    let got: Vec<String> = errors(&a).iter().map(|f| brief(f)).collect();
    // Share should be 5% of 700,000 = 35,000; due is computed from the share as printed (36,000).
    assert_eq!(
        got,
        [
            "SHARE share.earned itd 36000.00 35000.00 0.00",
            "DUE pay.due itd 35000.00 36000.00 0.00"
        ]
    );
    // The claim: earned* = 35,000, paid = 35,000: nothing owed.
    assert_eq!(a.deals[0].claim.unwrap().to_string(), "0.00");
}

#[test]
fn a_missing_period_is_a_gap_and_skips_the_series_checks() {
    let s2 = edit(
        S2,
        &[("Period Start,2024-07-01", "Period Start,2024-08-01")],
    );
    let a = series(S1, &s2);
    let codes: Vec<&str> = a.findings.iter().map(|f| f.code.name()).collect();
    assert_eq!(codes, ["PERIOD-GAP"]);
    assert_eq!(a.findings[0].severity, Severity::Warning);
    assert!(
        a.findings[0].message.contains("2024-07-01 to 2024-07-31"),
        "{}",
        a.findings[0].message
    );
}

#[test]
fn overlapping_and_late_statements_are_warnings() {
    let s2 = edit(
        S2,
        &[
            ("Period Start,2024-07-01", "Period Start,2024-06-01"),
            ("Statement Date,2025-02-10", "Statement Date,2025-03-15"),
        ],
    );
    let a = series(S1, &s2);
    let codes: Vec<(&str, Severity)> = a
        .findings
        .iter()
        .map(|f| (f.code.name(), f.severity))
        .collect();
    assert_eq!(
        codes,
        [
            ("PERIOD-OVERLAP", Severity::Warning),
            ("STATEMENT-LATE", Severity::Warning)
        ]
    );
}

#[test]
fn currency_mismatch_and_unmapped_lines() {
    let s2 = edit(
        S2,
        &[
            ("Currency,USD", "Currency,EUR"),
            ("Total Distribution Expenses,57000.00,287000.00", "Studio Facilities Charge,0.00,0.00\nDistribution Expenses,Total Distribution Expenses,57000.00,287000.00"),
        ],
    );
    let a = series(S1, &s2);
    let got: Vec<(&str, Severity, &str)> = a
        .findings
        .iter()
        .map(|f| (f.code.name(), f.severity, f.label.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("CURRENCY-MISMATCH", Severity::Error, ""),
            (
                "UNMAPPED-LINE",
                Severity::Warning,
                "Studio Facilities Charge"
            )
        ]
    );
}

#[test]
fn without_a_contract_only_arithmetic_and_series_run() {
    let s2 = edit(
        S2,
        &[(
            "Net Profits (Deficit),262194.59,-1297586.23",
            "Net Profits (Deficit),262194.59,-1287586.23",
        )],
    );
    let dir = folder(&[("s1.csv", S1), ("s2.csv", &s2)]);
    let a = audit(dir.path());
    let got: Vec<String> = a
        .findings
        .iter()
        .map(|f| format!("{} {}", f.code.name(), f.file))
        .collect();
    assert_eq!(
        got,
        [
            "NO-CONTRACT s1.csv",
            "NO-CONTRACT s2.csv",
            "ARITH-NET s2.csv"
        ]
    );
    assert_eq!(a.deals[0].claim, None);
}

#[test]
fn audit_deadlines_warn_within_ninety_days_and_note_the_past() {
    let s1 = edit(
        S1,
        &[(
            "Net Profits (Deficit),-1559780.82,-1559780.82",
            "Net Profits (Deficit),-1559780.82,-1549780.82",
        )],
    );
    let dir = folder(&[("contract.toml", CONTRACT), ("s1.csv", &s1), ("s2.csv", S2)]);
    // S1 dated 2024-08-15 becomes incontestable 36 months later, 2027-08-15.
    let soon = audit_at(dir.path(), "2027-06-01");
    let d: Vec<_> = soon
        .findings
        .iter()
        .filter(|f| f.code.name() == "AUDIT-DEADLINE")
        .collect();
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].severity, Severity::Warning);
    assert!(
        d[0].message.contains("2027-08-15") && d[0].message.contains("75 days"),
        "{}",
        d[0].message
    );
    let late = audit_at(dir.path(), "2028-01-01");
    let d: Vec<_> = late
        .findings
        .iter()
        .filter(|f| f.code.name() == "AUDIT-DEADLINE")
        .collect();
    assert_eq!(d[0].severity, Severity::Info);
    let early = audit_at(dir.path(), "2025-06-01");
    assert!(early
        .findings
        .iter()
        .all(|f| f.code.name() != "AUDIT-DEADLINE"));
    assert_eq!(
        early.deals[0].next_deadline.unwrap().to_string(),
        "2027-08-15"
    );
}
