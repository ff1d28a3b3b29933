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

/// A three-column studio table: no Section column, heading rows, a label
/// column headed `head`, and the Previously Reported column headed `prior`.
fn three_columns(head: &str, prior: &str) -> String {
    format!(
        "Title,Harbor Patrol\nAgreement No.:,HP-1\nPeriod,01/01/2024 - 06/30/2024\n\n\
         {head},{prior},Current Period,Cumulative To Date\n\
         GROSS RECEIPTS,,,\n\
         License Fees,\"1,000.00\",500.00,\"1,500.00\"\n\
         Total Gross Receipts,\"1,000.00\",500.00,\"1,500.00\"\n\
         MAGR,,,\n\
         MAGR,\"1,000.00\",500.00,\"1,500.00\"\n"
    )
}

#[test]
fn every_previously_reported_alias_and_label_heading() {
    for prior in [
        "Previously Reported",
        "Prior",
        "Previous",
        "Prior Period",
        "Prior To Date",
        "Previously Reported To Date",
        "PREVIOUSLY REPORTED:",
    ] {
        for head in ["Line", "Description", "Particulars", ""] {
            let (a, _d) = read_one("s.csv", &three_columns(head, prior));
            let s = only(&a);
            let lic = &s.lines[0];
            assert_eq!(
                (lic.code.as_str(), lic.section.key()),
                ("gr.tv_license", "gross_receipts"),
                "{head}/{prior}"
            );
            assert_eq!(lic.prior.map(|d| d.to_string()), Some("1000.00".into()));
            assert_eq!(lic.current.map(|d| d.to_string()), Some("500.00".into()));
            assert_eq!(lic.itd.map(|d| d.to_string()), Some("1500.00".into()));
            assert_eq!(
                lic.prior_cell().as_deref(),
                Some("s.csv!B7"),
                "{head}/{prior}"
            );
            assert_eq!(lic.itd_cell().as_deref(), Some("s.csv!D7"));
            assert_eq!(s.lines[2].code, "np.total", "{head}/{prior}");
            assert!(
                a.findings.is_empty() || a.findings.iter().all(|f| f.code.name() == "NO-CONTRACT"),
                "{head}/{prior}: {:?}",
                a.findings.iter().map(brief).collect::<Vec<_>>()
            );
        }
    }
}

#[test]
fn a_previously_reported_cell_that_is_not_an_amount_names_the_cell() {
    let text = edit(
        &three_columns("Description", "Previously Reported"),
        &[("License Fees,\"1,000.00\"", "License Fees,see note")],
    );
    let (a, _d) = read_one("s.csv", &text);
    assert!(a.statements.is_empty());
    let e = a.inputs[0].error.as_deref().unwrap_or_default();
    assert!(e.contains("s.csv!B7") && e.contains("see note"), "{e}");
}

#[test]
fn two_columns_that_could_be_cumulative_are_an_error_naming_both() {
    let text = edit(
        &three_columns("Line", "Prior"),
        &[("Cumulative To Date\n", "Cumulative To Date,ITD\n")],
    );
    let (a, _d) = read_one("s.csv", &text);
    assert!(a.statements.is_empty());
    let e = a.inputs[0].error.as_deref().unwrap_or_default();
    assert!(e.contains("s.csv!D5") && e.contains("s.csv!E5"), "{e}");
}

#[test]
fn previously_reported_reaches_findings_json_and_inspect() {
    let dir = folder(&[("s.csv", &three_columns("Particulars", "Prior To Date"))]);
    let out = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_recoup");
    let run = std::process::Command::new(bin)
        .args(["check", dir.path().to_str().unwrap(), "--out"])
        .arg(out.path())
        .output()
        .unwrap();
    assert!(run.status.code().is_some());
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("findings.json")).unwrap())
            .unwrap();
    let line = &json["statements"][0]["lines"][0];
    assert_eq!(line["previously_reported"], "1000.00");
    assert_eq!(line["previously_reported_cell"], "s.csv!B7");
    assert_eq!(line["itd_cell"], "s.csv!D7");
    let inspect = std::process::Command::new(bin)
        .args(["inspect", dir.path().join("s.csv").to_str().unwrap()])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&inspect.stdout);
    assert!(
        text.contains("Prev. reported") && text.contains("1,000.00"),
        "{text}"
    );
}
