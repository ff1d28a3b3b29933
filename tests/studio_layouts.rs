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
    // Beside other pairs on one row, first or not.
    for header in [
        "Agreement No.:,D1,,Period:,01/01/2024 - 06/30/2024",
        "\"Period: January 1, 2024 to June 30, 2024\",,Contract #,D1,Date,08/15/2024",
    ] {
        let (a, _d) = read_one("s.csv", &with_header(header));
        let s = only(&a);
        assert_eq!(
            (
                s.deal.as_str(),
                s.period_start.to_string(),
                s.period_end.to_string()
            ),
            ("D1", "2024-01-01".to_string(), "2024-06-30".to_string()),
            "{header}"
        );
    }
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
        "Previously Reported (ITD)",
        "Previously Reported Cumulative",
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
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.path().join("portfolio/findings.json")).unwrap(),
    )
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

/// One statement of a TV series in a studio's three-column layout.
fn episode(start: &str, end: &str, prior: [&str; 3], current: [&str; 3], itd: [&str; 3]) -> String {
    format!(
        "Series,Harbor Patrol\nAgreement No.:,HP-1\nFor the Period,{start} through {end}\n\n\
         ,Description,Previously Reported,Current Period,Cumulative To Date\n\
         ,GROSS RECEIPTS\n\
         ,License Fees,{p0},{c0},{i0}\n\
         ,Domestic Syndication,{p1},{c1},{i1}\n\
         ,DISTRIBUTION EXPENSES\n\
         ,Residuals,{p2},{c2},{i2}\n",
        p0 = prior[0],
        p1 = prior[1],
        p2 = prior[2],
        c0 = current[0],
        c1 = current[1],
        c2 = current[2],
        i0 = itd[0],
        i1 = itd[1],
        i2 = itd[2],
    )
}

fn codes(a: &recoup::Audit, code: &str) -> Vec<String> {
    a.findings
        .iter()
        .filter(|f| f.code.name() == code)
        .map(|f| format!("{} {} {}", f.file, brief(f), f.cells.join(";")))
        .collect()
}

#[test]
fn a_silent_restatement_is_one_prior_restated_and_no_continuity_error() {
    let q1 = episode(
        "01/01/2024",
        "03/31/2024",
        ["0", "0", "0"],
        ["1000.00", "200.00", "50.00"],
        ["1000.00", "200.00", "50.00"],
    );
    // The studio now says 75.00 of residuals had been charged by March 31,
    // not the 50.00 its first statement reported; the period bridges its own
    // (restated) figure.
    let q2 = episode(
        "04/01/2024",
        "06/30/2024",
        ["1000.00", "200.00", "75.00"],
        ["500.00", "100.00", "25.00"],
        ["1500.00", "300.00", "100.00"],
    );
    let dir = folder(&[("q1.csv", &q1), ("q2.csv", &q2)]);
    let a = audit(dir.path());
    assert_eq!(a.statements.len(), 2);
    assert_eq!(
        codes(&a, "PRIOR-RESTATED"),
        vec!["q2.csv PRIOR-RESTATED exp.residuals itd 75.00 50.00 0.00 q2.csv!C10;q1.csv!E10"]
    );
    let f = a
        .findings
        .iter()
        .find(|f| f.code.name() == "PRIOR-RESTATED")
        .unwrap();
    assert_eq!(f.severity.name(), "warning");
    assert!(codes(&a, "ITD-CONTINUITY").is_empty());
}

#[test]
fn previously_reported_exposes_a_continuity_error_in_a_first_statement() {
    // The first statement recoup has (an earlier one was never provided):
    // syndication moved from 200.00 to 300.00, but the period shows 130.00.
    let q2 = episode(
        "04/01/2024",
        "06/30/2024",
        ["1000.00", "200.00", "50.00"],
        ["500.00", "130.00", "50.00"],
        ["1500.00", "300.00", "100.00"],
    );
    let (a, _d) = read_one("q2.csv", &q2);
    assert_eq!(
        codes(&a, "ITD-CONTINUITY"),
        vec!["q2.csv ITD-CONTINUITY gr.free_tv current 130.00 100.00 0.00 q2.csv!D8;q2.csv!E8;q2.csv!C8"]
    );
    assert!(codes(&a, "PRIOR-RESTATED").is_empty());
}

#[test]
fn previously_reported_is_checked_across_a_gap_but_not_compared_across_it() {
    let q1 = episode(
        "01/01/2024",
        "03/31/2024",
        ["0", "0", "0"],
        ["1000.00", "200.00", "50.00"],
        ["1000.00", "200.00", "50.00"],
    );
    // Q2 is missing; Q3 prints what Q2 reported (so it differs from Q1, and
    // that is no restatement), and a residuals period that does not bridge.
    let q3 = episode(
        "07/01/2024",
        "09/30/2024",
        ["1500.00", "300.00", "100.00"],
        ["100.00", "0", "40.00"],
        ["1600.00", "300.00", "125.00"],
    );
    let dir = folder(&[("q1.csv", &q1), ("q3.csv", &q3)]);
    let a = audit(dir.path());
    assert_eq!(codes(&a, "PERIOD-GAP").len(), 1);
    assert!(codes(&a, "PRIOR-RESTATED").is_empty());
    assert_eq!(
        codes(&a, "ITD-CONTINUITY"),
        vec!["q3.csv ITD-CONTINUITY exp.residuals current 40.00 25.00 0.00 q3.csv!D10;q3.csv!E10;q3.csv!C10"]
    );
}

#[test]
fn a_reserve_taken_and_released_reduces_gross_receipts_and_bridges() {
    let text = |start: &str, end: &str, rows: &str| {
        format!(
            "Program,Deep Field\nContract #,DF-1\nAccounting Period,\"{start} to {end}\"\n\n\
             Line,Prior,This Period,ITD\n\
             GROSS RECEIPTS\n{rows}"
        )
    };
    let h1 = text(
        "January 1, 2024",
        "June 30, 2024",
        "Basic Cable,-,\"1,000.00\",\"1,000.00\"\n\
         Less Reserve for Returns,-,150.00,150.00\n\
         Total Gross Receipts,-,850.00,850.00\n",
    );
    // The reserve is released: printed as a negative current figure on a
    // cumulative of zero.
    let h2 = text(
        "July 1, 2024",
        "December 31, 2024",
        "Basic Cable,\"1,000.00\",500.00,\"1,500.00\"\n\
         Less Reserve for Returns,150.00,(150.00),-\n\
         Total Gross Receipts,850.00,650.00,\"1,500.00\"\n",
    );
    let dir = folder(&[("h1.csv", &h1), ("h2.csv", &h2)]);
    let a = audit(dir.path());
    assert!(
        a.findings.iter().all(|f| f.code.name() == "NO-CONTRACT"),
        "{:?}",
        a.findings.iter().map(brief).collect::<Vec<_>>()
    );
    let reserve = |i: usize| {
        let l = a.statements[i]
            .lines
            .iter()
            .find(|l| l.code == "gr.reserve")
            .unwrap();
        (
            l.current.map(|d| d.to_string()),
            l.itd.map(|d| d.to_string()),
            l.prior.map(|d| d.to_string()),
        )
    };
    assert_eq!(
        reserve(0),
        (
            Some("-150.00".into()),
            Some("-150.00".into()),
            Some("0".into())
        )
    );
    assert_eq!(
        reserve(1),
        (
            Some("150.00".into()),
            Some("0".into()),
            Some("-150.00".into())
        )
    );
}

#[test]
fn explain_tells_what_a_line_code_is_and_its_labels() {
    let bin = env!("CARGO_BIN_EXE_recoup");
    let run = |code: &str| {
        let o = std::process::Command::new(bin)
            .args(["explain", code])
            .output()
            .unwrap();
        (
            o.status.code(),
            String::from_utf8_lossy(&o.stdout).into_owned(),
        )
    };
    let (rc, out) = run("gr.tv_license");
    assert_eq!(rc, Some(0));
    assert!(
        out.contains("Network License Fees") && out.contains("ordered a series"),
        "{out}"
    );
    let (rc, out) = run("gr.reserve");
    assert_eq!(rc, Some(0));
    assert!(
        out.contains("Bad Debt Reserve") && out.contains("release"),
        "{out}"
    );
    let (rc, out) = run("MEMO.BREAKEVEN");
    assert_eq!(rc, Some(0));
    assert!(out.contains("Cash Breakeven"), "{out}");
    assert_eq!(run("gr.nonsense").0, Some(2));
}

/// The `terms` conformance corpus is laid out the way studios lay out
/// statements (header variants, three amount columns, no Section column, TV
/// vocabulary). Whatever its deal terms need, every statement must be read
/// and every finding of this reading (unmapped labels, continuity,
/// restatements) must be the truth's, amounts to the cent. Skipped when the
/// shared corpus is not beside the repository.
#[test]
fn the_terms_corpus_is_read_with_its_continuity_and_restatements() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/conformance/terms");
    let Ok(text) = std::fs::read_to_string(dir.join("truth.json")) else {
        common::skipped("../shared/conformance/terms is not present");
        return;
    };
    let truth: serde_json::Value = serde_json::from_str(&text).unwrap();
    let a = audit_at(&dir, "2026-11-25");
    let got_statements: std::collections::BTreeSet<(String, String)> = a
        .statements
        .iter()
        .map(|s| (s.file.clone(), s.sheet.clone()))
        .collect();
    for s in truth["statements"].as_array().unwrap() {
        let key = (
            s["file"].as_str().unwrap_or_default().to_string(),
            s["sheet"].as_str().unwrap_or_default().to_string(),
        );
        assert!(got_statements.contains(&key), "not read: {key:?}");
    }
    assert_eq!(
        got_statements.len(),
        truth["statements"].as_array().unwrap().len()
    );
    let scope = ["ITD-CONTINUITY", "PRIOR-RESTATED", "UNMAPPED-LINE"];
    let key = |file: &str, sheet: &str, code: &str, line: &str, r: &str, e: &str| {
        format!("{file} [{sheet}] {code} {line} {r} {e}")
    };
    let mut want: Vec<String> = ["errors", "warnings"]
        .iter()
        .flat_map(|k| truth[*k].as_array().unwrap().iter())
        .filter(|f| scope.contains(&f["code"].as_str().unwrap_or_default()))
        .map(|f| {
            let t = |k: &str| f[k].as_str().unwrap_or_default().to_string();
            key(
                &t("file"),
                &t("sheet"),
                &t("code"),
                &t("line"),
                &t("reported"),
                &t("expected"),
            )
        })
        .collect();
    let amount =
        |d: Option<rust_decimal::Decimal>| d.map(|d| format!("{d:.2}")).unwrap_or_default();
    let mut got: Vec<String> = a
        .findings
        .iter()
        .filter(|f| scope.contains(&f.code.name()))
        .map(|f| {
            let unmapped = f.code.name() == "UNMAPPED-LINE";
            key(
                &f.file,
                &f.sheet,
                f.code.name(),
                if unmapped { "" } else { &f.line },
                &if unmapped {
                    String::new()
                } else {
                    amount(f.reported)
                },
                &if unmapped {
                    String::new()
                } else {
                    amount(f.expected)
                },
            )
        })
        .collect();
    // The truth lists an unmapped label once per statement.
    got.sort();
    got.dedup();
    want.sort();
    want.dedup();
    for code in scope {
        assert!(
            want.iter().any(|w| w.contains(code)),
            "the truth has no {code}"
        );
    }
    assert_eq!(got, want);
}

#[test]
fn a_line_number_column_beside_the_labels() {
    let text = "Deal,D1\nPeriod,01/01/2024 - 06/30/2024\n\n\
                Line,Description,Current Period,ITD\n\
                GROSS RECEIPTS\n\
                1,Basic Cable,100.00,100.00\n\
                2,Total Gross Receipts,100.00,100.00\n";
    let (a, _d) = read_one("s.csv", text);
    let s = only(&a);
    assert_eq!(
        s.lines.iter().map(|l| l.code.as_str()).collect::<Vec<_>>(),
        ["gr.basic_cable", "gr.total"]
    );
}
