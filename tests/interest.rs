//! Interest as a ceiling (SPEC §4, Interest; issue 15), on hand-computed
//! quarters. Every figure below was worked by hand:
//!
//! - Q3 2024 at prime + 1% (carried H.15 history): prime 8.5% to 18 Sep,
//!   8% from 19 Sep: 10,000,000 × (9.5% × 80 + 9% × 12) / 365
//!   = 86,800,000 / 365 = 237,808.22.
//! - Q4 2024 at prime × 125%: 8% to 7 Nov (38 days), 7.75% to 18 Dec
//!   (41 days), 7.5% to 31 Dec (13 days): 10% × 38 + 9.6875% × 41 + 9.375% × 13
//!   = 8.990625; × 10,000,000 / 365 = 246,318.49.
//! - Q3 2024 at a fixed 8%: 10,000,000 × 8% × 92 / 365 = 201,643.84.

mod common;
use common::*;
use recoup::finding::Finding;
use rust_decimal::Decimal;
use std::str::FromStr;

fn contract(interest: &str) -> String {
    format!(
        r#"[deal]
id = "I-1"
definition = "net_profits"
share = "5%"
tolerance = "1.00"

[interest]
{interest}
"#
    )
}

/// One statement: no receipts, 10,000,000 of direct cost (plus `gp` of
/// gross participations), and `interest` charged in the period.
fn statement(start: &str, end: &str, interest: &str, gp: &str) -> String {
    let i = Decimal::from_str(interest).unwrap();
    let g = Decimal::from_str(gp).unwrap();
    let np = -(Decimal::from(10_000_000) + i + g);
    format!(
        "Title,Interest Test\nParticipant,Jane Doe\nDeal,I-1\nPeriod Start,{start}\nPeriod End,{end}\nCurrency,USD\n\n\
Section,Line,Current Period,Inception To Date\n\
Gross Receipts,Theatrical - Domestic,0.00,0.00\n\
Negative Cost,Direct Cost,10000000.00,10000000.00\n\
Interest,Interest,{interest},{interest}\n\
Gross Participations,Gross Participations,{gp},{gp}\n\
Net Profits,Net Profits (Deficit),{np},{np}\n"
    )
}

fn interest_findings(terms: &str, start: &str, end: &str, interest: &str) -> Vec<Finding> {
    interest_findings_gp(terms, start, end, interest, "0.00")
}

fn interest_findings_gp(
    terms: &str,
    start: &str,
    end: &str,
    interest: &str,
    gp: &str,
) -> Vec<Finding> {
    let dir = folder(&[
        ("contract.toml", &contract(terms)),
        ("s.csv", &statement(start, end, interest, gp)),
    ]);
    let a = audit(dir.path());
    assert_eq!(a.statements.len(), 1, "the statement is read");
    let other: Vec<String> = errors(&a)
        .iter()
        .filter(|f| f.code.name() != "INTEREST")
        .map(|f| brief(f))
        .collect();
    assert!(other.is_empty(), "only interest is at issue: {other:?}");
    a.findings
        .into_iter()
        .filter(|f| f.code.name() == "INTEREST")
        .collect()
}

const Q3: (&str, &str) = ("2024-07-01", "2024-09-30");
const Q4: (&str, &str) = ("2024-10-01", "2024-12-31");

#[test]
fn one_prime_change_splits_the_quarter_in_two() {
    let terms = r#"rate = "prime + 1%""#;
    // At the ceiling: no finding. A cent past the tolerance: a finding.
    assert!(interest_findings(terms, Q3.0, Q3.1, "237808.22").is_empty());
    assert!(interest_findings(terms, Q3.0, Q3.1, "237809.22").is_empty());
    let f = interest_findings(terms, Q3.0, Q3.1, "237809.23");
    assert_eq!(f.len(), 1);
    assert_eq!(
        brief(&f[0]),
        "INTEREST int.total current 237809.23 237808.22 1.01"
    );
    assert!(
        f[0].message.contains("9.5% for 80 days and 9% for 12 days"),
        "{}",
        f[0].message
    );
    assert!(
        f[0].message.contains("Federal Reserve H.15"),
        "{}",
        f[0].message
    );
    // Using the first day's rate for the whole quarter (9.5% × 92 days =
    // 239,452.05) is an overcharge the ceiling now catches.
    let f = interest_findings(terms, Q3.0, Q3.1, "239452.05");
    assert_eq!(
        brief(&f[0]),
        "INTEREST int.total current 239452.05 237808.22 1643.83"
    );
}

#[test]
fn two_prime_changes_split_the_quarter_in_three() {
    let terms = r#"rate = "prime * 125%""#;
    assert!(interest_findings(terms, Q4.0, Q4.1, "246318.49").is_empty());
    let f = interest_findings(terms, Q4.0, Q4.1, "250000.00");
    assert_eq!(
        brief(&f[0]),
        "INTEREST int.total current 250000.00 246318.49 3681.51"
    );
    assert!(
        f[0].message
            .contains("10% for 38 days, 9.6875% for 41 days and 9.375% for 13 days"),
        "{}",
        f[0].message
    );
}

#[test]
fn a_contract_prime_table_replaces_the_carried_history() {
    // The contract says prime was 5% throughout: 6% × 92 days on 10,000,000
    // = 151,232.88.
    let terms = "rate = \"prime + 1%\"\nprime = [ { from = 2020-01-01, rate = \"5%\" } ]";
    assert!(interest_findings(terms, Q3.0, Q3.1, "151232.88").is_empty());
    let f = interest_findings(terms, Q3.0, Q3.1, "237808.22");
    assert_eq!(
        brief(&f[0]),
        "INTEREST int.total current 237808.22 151232.88 86575.34"
    );
    assert!(!f[0].message.contains("H.15"), "{}", f[0].message);
}

#[test]
fn a_fixed_rate_is_one_part_and_honest_accruals_below_it_pass() {
    let terms = r#"rate = "8%""#;
    assert!(interest_findings(terms, Q3.0, Q3.1, "201643.84").is_empty());
    // A monthly accrual on a balance that fell inside the period is lower.
    assert!(interest_findings(terms, Q3.0, Q3.1, "150000.00").is_empty());
    assert!(interest_findings(terms, Q3.0, Q3.1, "0.00").is_empty());
    // Exactly the tolerance above: not a finding; one cent more: a finding.
    assert!(interest_findings(terms, Q3.0, Q3.1, "201644.84").is_empty());
    let f = interest_findings(terms, Q3.0, Q3.1, "201644.85");
    assert_eq!(
        brief(&f[0]),
        "INTEREST int.total current 201644.85 201643.84 1.01"
    );
    assert!(f[0].message.contains("8% for 92 days"), "{}", f[0].message);
}

#[test]
fn the_base_follows_interest_on() {
    // 2,000,000 of gross participations in the base when the contract says
    // so: 12,000,000 × 8% × 92 / 365 = 241,972.60.
    let on = "rate = \"8%\"\non = [\"nc.direct\", \"gp.total\"]";
    assert!(interest_findings_gp(on, Q3.0, Q3.1, "241972.60", "2000000.00").is_empty());
    let f = interest_findings_gp(r#"rate = "8%""#, Q3.0, Q3.1, "241972.60", "2000000.00");
    assert_eq!(
        brief(&f[0]),
        "INTEREST int.total current 241972.60 201643.84 40328.76"
    );
    assert!(
        f[0].message.contains("nc.direct 10,000,000.00"),
        "{}",
        f[0].message
    );
}

#[test]
fn interest_on_and_on_overhead_are_refused_together_or_unknown() {
    for (terms, why) in [
        (
            "rate = \"8%\"\non = [\"nc.direct\"]\non_overhead = true",
            "not both",
        ),
        ("rate = \"8%\"\non = [\"nc.directt\"]", "nc.directt"),
        ("rate = \"8%\"\non = []", "lists no line"),
    ] {
        let dir = folder(&[
            ("contract.toml", &contract(terms)),
            ("s.csv", &statement(Q3.0, Q3.1, "0.00", "0.00")),
        ]);
        let a = audit(dir.path());
        let bad = a
            .inputs
            .iter()
            .find(|i| i.path.ends_with("contract.toml"))
            .unwrap();
        let error = bad.error.clone().unwrap_or_default();
        assert!(
            error.contains("interest.on") && error.contains(why),
            "{terms}: {error}"
        );
    }
}

#[test]
fn a_period_past_the_carried_history_is_checked_with_the_last_rate_and_says_so() {
    // The history's last change is 6.75% (11 Dec 2025): prime + 1% = 7.75%;
    // 10,000,000 × 7.75% × 90 / 365 = 191,095.89.
    let terms = r#"rate = "prime + 1%""#;
    let dir = folder(&[
        ("contract.toml", &contract(terms)),
        (
            "s.csv",
            &statement("2026-01-01", "2026-03-31", "200000.00", "0.00"),
        ),
    ]);
    let a = audit(dir.path());
    let f: Vec<&Finding> = a
        .findings
        .iter()
        .filter(|f| f.code.name() == "INTEREST")
        .collect();
    assert_eq!(
        brief(f[0]),
        "INTEREST int.total current 200000.00 191095.89 8904.11"
    );
    assert!(
        f[0].message.contains("runs to 2025-12-31"),
        "{}",
        f[0].message
    );
    let notes = &a.deals[0].unchecked;
    assert!(
        notes
            .iter()
            .any(|n| n.contains("last known prime rate, 6.75%")),
        "{notes:?}"
    );
}

#[test]
fn interest_is_checked_on_net_profits_deals_only() {
    // SPEC §4: on a gross deal the same overcharge is not an INTEREST finding
    // (interest does not reduce the participant's base there).
    for (definition, findings) in [("net_profits", 1), ("gross", 0)] {
        let dir = folder(&[
            (
                "contract.toml",
                &contract(r#"rate = "8%""#).replace("net_profits", definition),
            ),
            ("s.csv", &statement(Q3.0, Q3.1, "250000.00", "0.00")),
        ]);
        let a = audit(dir.path());
        let n = a
            .findings
            .iter()
            .filter(|f| f.code.name() == "INTEREST")
            .count();
        assert_eq!(n, findings, "{definition}");
    }
}
