//! The command line as a user runs it: every output format, every exit code,
//! `explain` and `inspect`.

mod common;
use common::*;
use std::process::Command;

fn recoup(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_recoup"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn fixtures() -> String {
    format!("{}/tests/fixtures/conformance", env!("CARGO_MANIFEST_DIR"))
}

const CLEAN: &str = "Title,Clean\nDeal,C-1\nPeriod Start,2024-01-01\nPeriod End,2024-03-31\nStatement Date,2024-05-01\n\nSection,Line,Current,ITD\nGross Receipts,Theatrical - Domestic,1000.00,1000.00\nDistribution Fees,Theatrical - Domestic,300.00,300.00\nNet Profits,Net Profits,700.00,700.00\nParticipant,Participant Share,,35.00\nParticipant,Amount Due,,35.00\n";
const CONTRACT: &str = "[deal]\nid = \"C-1\"\nshare = \"5%\"\ndefinition = \"net_profits\"\ncurrency = \"USD\"\n[distribution_fees]\ntheatrical_domestic = \"30%\"\n";

#[test]
fn json_is_the_whole_document() {
    let (code, out, _) = recoup(&[
        "check",
        &fixtures(),
        "--as-of",
        "2026-11-25",
        "--format",
        "json",
    ]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "tool",
            "version",
            "as_of",
            "inputs",
            "statements",
            "deals",
            "findings"
        ]
    );
    let f = &v["findings"][0];
    let fields: Vec<&str> = f.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        fields,
        [
            "deal",
            "file",
            "sheet",
            "period_end",
            "code",
            "severity",
            "line",
            "label",
            "column",
            "reported",
            "expected",
            "difference",
            "np_effect",
            "clause",
            "cells",
            "message",
            // After SPEC §5's fields: the finding's reference in every
            // document of the bundle.
            "ref"
        ]
    );
    assert!(f["ref"]
        .as_str()
        .unwrap()
        .starts_with(&format!("{}-", f["deal"].as_str().unwrap())));
    // Amounts are decimal strings with two places.
    let money = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["severity"] == "error")
        .unwrap();
    for k in ["reported", "expected", "difference", "np_effect"] {
        let s = money[k].as_str().unwrap();
        assert!(
            s.split_once('.').is_some_and(|(_, c)| c.len() == 2),
            "{k} = {s}"
        );
    }
    for i in v["inputs"].as_array().unwrap() {
        assert_eq!(i["sha256"].as_str().map(str::len), Some(64), "{i}");
    }
    // Each statement line is one text line of the document, in order.
    let lines: Vec<&serde_json::Value> = v["statements"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["lines"].as_array().unwrap())
        .collect();
    let printed: Vec<serde_json::Value> = out
        .lines()
        .filter(|l| l.starts_with("        {\"section\": "))
        .map(|l| serde_json::from_str(l.trim().trim_end_matches(',')).unwrap())
        .collect();
    assert!(lines.len() > 20, "{}", lines.len());
    assert_eq!(printed.len(), lines.len());
    for (p, l) in printed.iter().zip(&lines) {
        assert_eq!(&p, l);
    }
}

#[test]
fn csv_markdown_and_table_formats() {
    let (code, out, _) = recoup(&[
        "check",
        &fixtures(),
        "--as-of",
        "2026-11-25",
        "--format",
        "csv",
    ]);
    assert_eq!(code, 1);
    let header = out.lines().next().unwrap();
    assert_eq!(header, "deal,file,sheet,period_end,code,severity,line,label,column,reported,expected,difference,np_effect,clause,cells,message");
    assert!(out.lines().count() > 30);

    let (_, md, _) = recoup(&[
        "check",
        &fixtures(),
        "--as-of",
        "2026-11-25",
        "--format",
        "markdown",
    ]);
    assert!(md.starts_with("# Participation audit"));
    assert!(md.contains("| D101-0003 |"));

    let (code, table, _) = recoup(&["check", &fixtures(), "--as-of", "2026-11-25"]);
    assert_eq!(code, 1);
    assert!(table.contains("D102-0013") && table.contains("EXP-CAP"));
    let widest = table.lines().map(|l| l.chars().count()).max().unwrap();
    assert!(widest <= 100, "a table line is {widest} columns wide");
    assert!(!table.contains('\u{1b}'), "no colour on a pipe");
}

#[test]
fn exit_codes_follow_the_spec() {
    let dir = folder(&[("c.toml", CONTRACT), ("s.csv", CLEAN)]);
    let p = dir.path().to_str().unwrap();
    // Nothing found: 0.
    let (code, _, _) = recoup(&["check", p, "--as-of", "2024-06-01"]);
    assert_eq!(code, 0);
    // A warning (statement late) fails only with --fail-on warning.
    let late = CLEAN.replace("2024-05-01", "2024-12-01");
    let contract = format!("{CONTRACT}[audit]\nstatement_due_days = 60\n");
    let dir = folder(&[("c.toml", &contract), ("s.csv", &late)]);
    let p = dir.path().to_str().unwrap();
    assert_eq!(recoup(&["check", p, "--as-of", "2024-06-01"]).0, 0);
    assert_eq!(
        recoup(&["check", p, "--as-of", "2024-06-01", "--fail-on", "warning"]).0,
        1
    );
    // Errors: 1, unless --fail-on never.
    let wrong = CLEAN.replace("Participant Share,,35.00", "Participant Share,,40.00");
    let dir = folder(&[("c.toml", CONTRACT), ("s.csv", &wrong)]);
    let p = dir.path().to_str().unwrap();
    assert_eq!(recoup(&["check", p, "--as-of", "2024-06-01"]).0, 1);
    assert_eq!(
        recoup(&["check", p, "--as-of", "2024-06-01", "--fail-on", "never"]).0,
        0
    );
    // Some inputs unreadable: 3 wins over 1.
    let dir = folder(&[
        ("c.toml", CONTRACT),
        ("s.csv", &wrong),
        ("broken.xlsx", "not a workbook"),
    ]);
    let p = dir.path().to_str().unwrap();
    let (code, _, err) = recoup(&["check", p, "--as-of", "2024-06-01"]);
    assert_eq!(code, 3);
    assert!(err.contains("broken.xlsx"), "{err}");
    // Nothing readable, a missing path, a bad flag: 2.
    let dir = folder(&[("broken.xlsx", "not a workbook")]);
    assert_eq!(recoup(&["check", dir.path().to_str().unwrap()]).0, 2);
    assert_eq!(recoup(&["check", "/nonexistent/recoup/path"]).0, 2);
    assert_eq!(recoup(&["check", p, "--format", "pdf"]).0, 2);
    assert_eq!(recoup(&["check", p, "--as-of", "yesterday"]).0, 2);
}

#[test]
fn a_broken_contract_is_an_input_error_and_stops_its_deal() {
    let bad = CONTRACT.replace("30%", "150%");
    let dir = folder(&[("c.toml", &bad), ("s.csv", CLEAN)]);
    let (code, out, _) = recoup(&[
        "check",
        dir.path().to_str().unwrap(),
        "--as-of",
        "2024-06-01",
        "--format",
        "json",
    ]);
    assert_eq!(code, 3);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let c = v["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["path"] == "c.toml")
        .unwrap();
    assert_eq!(c["status"], "error");
    assert!(
        c["error"]
            .as_str()
            .unwrap()
            .contains("distribution_fees.theatrical_domestic"),
        "{c}"
    );
    // The deal is not audited on a guess at its terms: no finding (not even
    // NO-CONTRACT), no claim, and the reason on the deal.
    assert_eq!(v["findings"].as_array().unwrap().len(), 0, "{out}");
    let deal = &v["deals"][0];
    assert!(deal["claim"].is_null());
    let why = deal["contract_error"].as_str().unwrap();
    assert!(
        why.starts_with(
            "contract could not be read: c.toml: distribution_fees.theatrical_domestic"
        ),
        "{why}"
    );
}

#[test]
fn two_contracts_for_one_deal_are_both_refused() {
    let dir = folder(&[("a.toml", CONTRACT), ("b.toml", CONTRACT), ("s.csv", CLEAN)]);
    let (code, out, _) = recoup(&[
        "check",
        dir.path().to_str().unwrap(),
        "--as-of",
        "2024-06-01",
        "--format",
        "json",
    ]);
    assert_eq!(code, 3);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let inputs = v["inputs"].as_array().unwrap();
    let a = inputs.iter().find(|i| i["path"] == "a.toml").unwrap();
    let b = inputs.iter().find(|i| i["path"] == "b.toml").unwrap();
    assert!(a["error"].as_str().unwrap().contains("b.toml"), "{a}");
    assert!(b["error"].as_str().unwrap().contains("a.toml"), "{b}");
}

#[test]
fn a_cargo_toml_is_not_a_contract() {
    let dir = folder(&[
        ("Cargo.toml", "[package]\nname = \"x\"\n"),
        ("c.toml", CONTRACT),
        ("s.csv", CLEAN),
    ]);
    let (code, out, _) = recoup(&[
        "check",
        dir.path().to_str().unwrap(),
        "--as-of",
        "2024-06-01",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let c = v["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["path"] == "Cargo.toml")
        .unwrap();
    assert_eq!(c["status"], "skipped");
}

#[test]
fn contract_given_with_the_flag() {
    let dir = folder(&[("s.csv", CLEAN)]);
    let cdir = folder(&[("terms.toml", CONTRACT)]);
    let c = cdir.path().join("terms.toml");
    let (code, out, _) = recoup(&[
        "check",
        dir.path().to_str().unwrap(),
        "--contract",
        c.to_str().unwrap(),
        "--as-of",
        "2024-06-01",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["deals"][0]["claim"], "0.00");
}

#[test]
fn explain_and_inspect() {
    let (code, out, _) = recoup(&["explain", "fee-rate"]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with("FEE-RATE (contract check)") && out.contains("What to ask the studio for")
    );
    let (code, out, _) = recoup(&["explain"]);
    assert_eq!(code, 0);
    assert_eq!(
        out.lines().filter(|l| l.starts_with("  ")).count(),
        recoup::finding::Code::ALL.len() + recoup::report::worth::TOPICS.len()
    );
    assert_eq!(recoup(&["explain", "NOPE"]).0, 2);
    // A topic: what "at risk" means and what it does not.
    let (code, out, _) = recoup(&["explain", "at-risk"]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with("claim_at_risk and claim_open") && out.contains("not a ruling"),
        "{out}"
    );

    let dir = folder(&[("s.csv", CLEAN)]);
    let f = dir.path().join("s.csv");
    let (code, out, _) = recoup(&["inspect", f.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(
        out.contains("fee.theatrical_domestic") && out.contains("Deal: C-1"),
        "{out}"
    );
    let (code, out, _) = recoup(&["inspect", f.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v["sheets"][0]["statement"]["lines"][1]["code"],
        "fee.theatrical_domestic"
    );
    assert_eq!(
        v["sheets"][0]["statement"]["lines"][1]["itd_cell"],
        "s.csv!D9"
    );
}

#[test]
fn an_out_folder_equal_to_the_path_is_refused_and_not_touched() {
    let dir = folder(&[("c.toml", CONTRACT), ("s.csv", CLEAN)]);
    let p = dir.path().to_str().unwrap();
    let before: Vec<(String, Vec<u8>)> = ["c.toml", "s.csv"]
        .iter()
        .map(|f| (f.to_string(), std::fs::read(dir.path().join(f)).unwrap()))
        .collect();
    let (code, out, err) = recoup(&["check", p, "--out", p, "--as-of", "2024-06-01"]);
    assert_eq!(code, 2, "{err}");
    assert!(out.is_empty(), "{out}");
    assert!(
        err.contains("not empty") && err.contains("refusing to overwrite"),
        "{err}"
    );
    let after: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(after.len(), 2, "{after:?}");
    for (f, bytes) in before {
        assert_eq!(std::fs::read(dir.path().join(&f)).unwrap(), bytes, "{f}");
    }
    // Into a folder of its own, beside the statements: written, and a
    // second run finds no bundle file among its inputs.
    let out_dir = dir.path().join("out");
    let o = out_dir.to_str().unwrap();
    assert_eq!(
        recoup(&["check", p, "--out", o, "--as-of", "2024-06-01"]).0,
        0
    );
    assert!(out_dir.join("C-1/claim.xlsx").is_file());
    let (code, out, err) = recoup(&["check", p, "--as-of", "2024-06-01", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let paths: Vec<&str> = v["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["c.toml", "s.csv"]);
}

#[test]
fn two_paths_with_the_same_relative_names_stay_distinct() {
    let a = folder(&[("contract.toml", CONTRACT), ("s.csv", CLEAN)]);
    let other = CONTRACT.replace("C-1", "C-2");
    let b = folder(&[
        ("contract.toml", &other),
        ("s.csv", &CLEAN.replace("C-1", "C-2")),
    ]);
    let (pa, pb) = (a.path().to_str().unwrap(), b.path().to_str().unwrap());
    let (code, out, _) = recoup(&["check", pa, pb, "--as-of", "2024-06-01", "--format", "json"]);
    assert_eq!(code, 0, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let mut paths: Vec<String> = v["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["path"].as_str().unwrap().to_string())
        .collect();
    paths.dedup();
    assert_eq!(paths.len(), 4, "{paths:?}");
    assert!(
        paths.contains(&format!("{pa}/contract.toml")) && paths.contains(&format!("{pb}/s.csv")),
        "{paths:?}"
    );
    assert_eq!(v["deals"].as_array().unwrap().len(), 2);
}
