//! Statements as studios lay them out (issue 11, SPEC §2 and §4): header
//! key variants, a period printed as one range, the line table without a
//! Section column or a heading over the labels, the Previously Reported
//! column, and the two series checks it feeds (ITD-CONTINUITY within the
//! statement, PRIOR-RESTATED between statements).

mod common;
use common::*;
use recoup::batch::Status;
use recoup::statement::Statement;

fn read_one(name: &str, text: &str) -> (recoup::Audit, tempfile::TempDir) {
    let dir = folder(&[(name, text)]);
    (audit(dir.path()), dir)
}

fn only(a: &recoup::Audit) -> &Statement {
    assert_eq!(
        a.statements.len(),
        1,
        "inputs: {:?}",
        a.inputs.iter().map(|i| &i.error).collect::<Vec<_>>()
    );
    &a.statements[0]
}

/// A minimal statement whose header block is `header` (CSV rows).
fn with_header(header: &str) -> String {
    format!(
        "{header}\n\nSection,Line,Current Period,Inception To Date\n\
         Gross Receipts,Theatrical - Domestic,100.00,100.00\n\
         Net Profits,Net Profits,100.00,100.00\n"
    )
}

#[test]
fn every_deal_key_suffix_is_the_key_itself() {
    for key in [
        "Agreement No.:",
        "Agreement No",
        "Agreement Number",
        "Contract #",
        "Contract ID",
        "Deal No.",
        "Deal #:",
        "Agreement ID",
        "CONTRACT NUMBER",
    ] {
        let text = with_header(&format!(
            "Title,Pilot\n{key},WB-2024-07\nPeriod Start,2024-01-01\nPeriod End,2024-06-30"
        ));
        let (a, _d) = read_one("s.csv", &text);
        assert_eq!(only(&a).deal, "WB-2024-07", "{key}");
    }
}

#[test]
fn a_period_printed_as_one_range() {
    for (key, value) in [
        ("Period", "01/01/2024 - 06/30/2024"),
        ("Accounting Period:", "\"January 1, 2024 to June 30, 2024\""),
        (
            "For the Period",
            "\"January 1, 2024 through June 30, 2024\"",
        ),
        ("Period", "2024-01-01 - 2024-06-30"),
        ("PERIOD", "01-Jan-2024 – 30-Jun-2024"),
        ("Accounting Period", "2024-01-01–2024-06-30"),
    ] {
        let text = with_header(&format!("Agreement No.:,D1\n{key},,{value}"));
        let (a, _d) = read_one("s.csv", &text);
        let s = only(&a);
        assert_eq!(
            (s.period_start.to_string(), s.period_end.to_string()),
            ("2024-01-01".to_string(), "2024-06-30".to_string()),
            "{key} {value}"
        );
    }
    // Inline, in the key's own cell.
    let text = with_header("Deal ID: D1\n\"Period: January 1, 2024 - June 30, 2024\"");
    let (a, _d) = read_one("s.csv", &text);
    assert_eq!(only(&a).period_end.to_string(), "2024-06-30");
    // The two dates in cells of their own.
    let text = with_header("Deal,D1\nFor the Period,01/01/2024,to,06/30/2024");
    let (a, _d) = read_one("s.csv", &text);
    let s = only(&a);
    assert_eq!(
        (s.period_start.to_string(), s.period_end.to_string()),
        ("2024-01-01".to_string(), "2024-06-30".to_string())
    );
}

#[test]
fn a_period_that_is_not_a_range_is_no_period() {
    let text = with_header("Deal,D1\nPeriod,Q2 2024");
    let (a, _d) = read_one("s.csv", &text);
    assert!(a.statements.is_empty());
    assert_eq!(a.inputs[0].status, Status::Error);
    let e = a.inputs[0].error.as_deref().unwrap_or_default();
    assert!(e.contains("no Period Start"), "{e}");
}
