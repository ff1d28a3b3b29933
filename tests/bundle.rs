//! The report bundle of `recoup check … --out DIR` (SPEC §1, §5, §6), end to
//! end through the real binary: a copy of a conformance deal plus hostile
//! statements whose title, participant, labels, file and sheet names are
//! formula payloads.

use calamine::{open_workbook, Data, Reader, Xlsx};
use recoup::batch::sha256_hex;
use rust_decimal::Decimal;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::str::FromStr;

/// The auditor's folder, `DIR/portfolio/`.
const PORTFOLIO: [&str; 6] = [
    "findings.json",
    "findings.csv",
    "summary.md",
    "portfolio.xlsx",
    "report.html",
    "manifest.json",
];

/// A deal's audit request, `DIR/<deal id>/`.
const REQUEST: [&str; 4] = ["claim.md", "claim.xlsx", "report.html", "manifest.json"];

/// SPEC §5, in order.
const COLUMNS: [&str; 16] = [
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
];

const DANGEROUS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];
const CMD_LABEL: &str = "=cmd|' /C calc'!A0";
const HOSTILE_TITLE: &str = "=HYPERLINK(\"http://x\",\"y\")";

/// A CSV statement for deal HOSTILE-1 (no contract): a formula title and
/// participant, an expense label that is a DDE payload (UNMAPPED-LINE), and
/// an expense total that does not foot (ARITH-TOTAL, so it is claimed).
const HOSTILE_CSV: &str = "PARTICIPATION STATEMENT\r
\r
Title,\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"\r
Participant,@SUM(A1)\r
Deal,HOSTILE-1\r
Period Start,2024-01-01\r
Period End,2024-03-31\r
Statement Date,2024-05-15\r
Currency,USD\r
\r
Section,Line,Current Period,Inception To Date\r
Gross Receipts,Theatrical - Domestic,1000000.00,1000000.00\r
Gross Receipts,Total Gross Receipts,1000000.00,1000000.00\r
Distribution Fees,Theatrical - Domestic,300000.00,300000.00\r
Distribution Fees,Total Distribution Fees,300000.00,300000.00\r
Distribution Expenses,Advertising & Publicity,100000.00,100000.00\r
Distribution Expenses,=cmd|' /C calc'!A0,50000.00,50000.00\r
Distribution Expenses,Total Distribution Expenses,160000.00,160000.00\r
Net Profits,Net Profits (Deficit),540000.00,540000.00\r
Participant,Participant Share,,27000.00\r
Participant,Less Previously Paid,,0.00\r
Participant,Amount Due,,27000.00\r
";

/// A workbook statement for deal HOSTILE-2 on a sheet named `@Statement`,
/// with a `-`-prefixed label and a `+`-prefixed participant.
fn hostile_xlsx(path: &Path) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("@Statement").unwrap();
    let header = [
        ("Title", "+Plus Picture"),
        ("Participant", "+1 Participant"),
        ("Deal", "HOSTILE-2"),
        ("Period Start", "2024-01-01"),
        ("Period End", "2024-06-30"),
        ("Statement Date", "2024-08-01"),
    ];
    for (r, (k, v)) in header.iter().enumerate() {
        ws.write_string(r as u32, 0, *k).unwrap();
        ws.write_string(r as u32, 1, *v).unwrap();
    }
    let lines: [(&str, &str, Option<f64>); 9] = [
        ("Gross Receipts", "Theatrical - Domestic", Some(500000.0)),
        ("Gross Receipts", "Total Gross Receipts", Some(500000.0)),
        ("Distribution Expenses", "-SUM(1,2)", Some(1000.0)),
        ("Distribution Expenses", "Prints", Some(2000.0)),
        (
            "Distribution Expenses",
            "Total Distribution Expenses",
            Some(3500.0),
        ),
        ("Net Profits", "Net Profits (Deficit)", Some(496500.0)),
        ("Participant", "Participant Share", Some(24825.0)),
        ("Participant", "Less Previously Paid", Some(0.0)),
        ("Participant", "Amount Due", Some(24825.0)),
    ];
    let top = 8u32;
    for (c, h) in ["Section", "Line", "Current Period", "Inception To Date"]
        .iter()
        .enumerate()
    {
        ws.write_string(top, c as u16, *h).unwrap();
    }
    for (i, (sec, label, v)) in lines.iter().enumerate() {
        let r = top + 1 + i as u32;
        ws.write_string(r, 0, *sec).unwrap();
        ws.write_string(r, 1, *label).unwrap();
        if let Some(v) = v {
            if !sec.starts_with("Participant") {
                ws.write_number(r, 2, *v).unwrap();
            }
            ws.write_number(r, 3, *v).unwrap();
        }
    }
    wb.save(path).unwrap();
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

/// The input folder: deal D102-0001 (three CSV statements, two errors), a
/// hostile CSV named `=hostile.csv` and a hostile workbook.
fn build_input(root: &Path) -> PathBuf {
    let input = root.join("in");
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/conformance/D102-0001");
    copy_dir(&fixture, &input.join("D102-0001"));
    std::fs::write(input.join("=hostile.csv"), HOSTILE_CSV).unwrap();
    hostile_xlsx(&input.join("@hostile.xlsx"));
    input
}

fn recoup(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_recoup"))
        .args(args)
        .output()
        .expect("run recoup")
}

fn check(input: &Path, out: &Path) -> Output {
    recoup(&[
        "check".as_ref(),
        input.as_os_str(),
        "--as-of".as_ref(),
        "2026-11-25".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
        "--quiet".as_ref(),
    ])
}

/// Every file under a folder with its SHA-256.
fn hashes(dir: &Path) -> BTreeMap<PathBuf, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(p.clone(), sha256_hex(&std::fs::read(&p).unwrap()));
            }
        }
    }
    out
}

fn dec(v: &Value) -> Option<Decimal> {
    v.as_str().map(|s| Decimal::from_str(s).unwrap())
}

/// An f64 cell read back, as cents.
fn cents(x: f64) -> Decimal {
    Decimal::from_str(&format!("{x:.2}")).unwrap()
}

/// What SPEC §6 makes of a text field bound for a spreadsheet.
fn neutral(s: &str) -> String {
    if s.starts_with(DANGEROUS) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => panic!("expected text, got {other:?}"),
    }
}

fn cell_amount(d: &Data) -> Option<Decimal> {
    match d {
        Data::Float(x) => Some(cents(*x)),
        Data::Int(i) => Some(Decimal::from(*i)),
        Data::Empty => None,
        other => panic!("expected a number, got {other:?}"),
    }
}

#[test]
fn bundle_is_complete_verifiable_and_never_runs_a_formula() {
    let tmp = tempfile::TempDir::new().unwrap();
    let input = build_input(tmp.path());
    let out = tmp.path().join("out");
    let before = hashes(&input);

    let run = check(&input, &out);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "findings exist: {stderr}");
    let portfolio = out.join("portfolio");
    for f in PORTFOLIO {
        assert!(portfolio.join(f).is_file(), "portfolio/{f} missing");
    }
    // One request, for the one deal with a contract; the deals without
    // one (HOSTILE-1, HOSTILE-2) are the auditor's alone.
    for f in REQUEST {
        assert!(
            out.join("D102-0001").join(f).is_file(),
            "D102-0001/{f} missing"
        );
    }
    // No temporary file or folder left behind, here or beside.
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["D102-0001", "portfolio"]);
    assert_eq!(
        std::fs::read_dir(&portfolio).unwrap().count(),
        PORTFOLIO.len()
    );
    assert_eq!(
        std::fs::read_dir(out.join("D102-0001")).unwrap().count(),
        REQUEST.len()
    );
    let beside: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(beside.iter().all(|n| !n.contains("recoup-")), "{beside:?}");

    // --format still goes to stdout, and is the same document.
    let json_text = std::fs::read_to_string(portfolio.join("findings.json")).unwrap();
    assert_eq!(String::from_utf8_lossy(&run.stdout), json_text);
    let json: Value = serde_json::from_str(&json_text).unwrap();
    let findings = json["findings"].as_array().unwrap();
    let deals = json["deals"].as_array().unwrap();
    let deal_ids: Vec<&str> = deals.iter().map(|d| d["deal"].as_str().unwrap()).collect();
    assert_eq!(deal_ids, ["D102-0001", "HOSTILE-1", "HOSTILE-2"]);
    // The hostile statements still read, and the payload label is flagged.
    assert_eq!(json["statements"].as_array().unwrap().len(), 5);
    assert!(findings
        .iter()
        .any(|f| f["code"] == "UNMAPPED-LINE" && f["label"] == CMD_LABEL));
    let errors: Vec<&Value> = findings
        .iter()
        .filter(|f| f["severity"] == "error")
        .collect();
    assert!(errors.iter().any(|f| f["deal"] == "HOSTILE-1"));
    assert!(errors.iter().any(|f| f["deal"] == "HOSTILE-2"));

    // findings.csv: SPEC columns; no cell a spreadsheet would run.
    let mut rd = csv::Reader::from_path(portfolio.join("findings.csv")).unwrap();
    let header: Vec<String> = rd.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, COLUMNS);
    let mut rows = 0;
    let mut saw_cmd = false;
    for rec in rd.records() {
        let rec = rec.unwrap();
        assert_eq!(rec.len(), COLUMNS.len());
        rows += 1;
        for (i, field) in rec.iter().enumerate() {
            if field.starts_with(DANGEROUS) {
                // Only a negative amount may start with '-': a number, not a formula.
                assert!(
                    (9..=12).contains(&i) && Decimal::from_str(field).is_ok(),
                    "column {} would run: {field:?}",
                    COLUMNS[i]
                );
            }
        }
        saw_cmd |= rec.get(7) == Some(&format!("'{CMD_LABEL}"));
    }
    assert_eq!(rows, findings.len());
    assert!(saw_cmd, "the DDE label is in findings.csv, neutralised");

    // portfolio.xlsx (the auditor's workbook of every deal): no formula
    // anywhere, no text that starts one, amounts as numbers equal to
    // findings.json to the cent.
    let mut wb: Xlsx<_> = open_workbook(portfolio.join("portfolio.xlsx")).unwrap();
    let sheets = wb.sheet_names();
    assert_eq!(
        sheets,
        [
            "Summary",
            "Issues",
            "Worth",
            "Findings",
            "Notes",
            "Deadlines",
            "Inputs"
        ]
    );
    let mut strings = Vec::new();
    for s in &sheets {
        let formulas = wb.worksheet_formula(s).unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "formula cells in {s}"
        );
        let range = wb.worksheet_range(s).unwrap();
        for (r, c, d) in range.used_cells() {
            if let Data::String(t) = d {
                assert!(
                    !t.starts_with(DANGEROUS),
                    "{s}!R{r}C{c} starts a formula: {t:?}"
                );
                strings.push(t.clone());
            }
        }
    }
    assert!(strings.contains(&neutral(HOSTILE_TITLE)));
    assert!(strings.contains(&"'@SUM(A1)".to_string()));
    assert!(strings.contains(&"'+1 Participant".to_string()));
    assert!(strings.contains(&"'=hostile.csv".to_string()));
    assert!(strings.contains(&"'@Statement".to_string()));
    assert!(strings.contains(&"'-SUM(1,2)".to_string()));
    assert!(strings.contains(&neutral(CMD_LABEL)));

    // Findings (the appendix): every error finding once, its amounts to the
    // cent, and no subtotal or total row (cumulative figures of different
    // statements are never added).
    type Key = Vec<String>;
    let key_of = |f: &Value| -> Key {
        [
            "deal",
            "code",
            "file",
            "sheet",
            "period_end",
            "line",
            "label",
            "column",
        ]
        .iter()
        .map(|k| neutral(f[k].as_str().unwrap_or("")))
        .collect()
    };
    let mut want: BTreeMap<Key, Vec<[Option<Decimal>; 4]>> = BTreeMap::new();
    for f in &errors {
        want.entry(key_of(f)).or_default().push([
            dec(&f["reported"]),
            dec(&f["expected"]),
            dec(&f["difference"]),
            dec(&f["np_effect"]),
        ]);
    }
    let claims = wb.worksheet_range("Findings").unwrap();
    let head: Vec<String> = claims
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(cell_text)
        .collect();
    let col = |n: &str| head.iter().position(|h| h == n).unwrap();
    let mut got: BTreeMap<Key, Vec<[Option<Decimal>; 4]>> = BTreeMap::new();
    let mut compared = 0;
    let mut refs = 0;
    for row in claims.rows().skip(1) {
        // Every row is a finding, with its Ref number.
        match &row[col("Ref")] {
            Data::Float(_) | Data::Int(_) => refs += 1,
            other => panic!("a Findings row without a Ref: {other:?} in {row:?}"),
        }
        let key: Key = [
            "Deal",
            "Code",
            "File",
            "Sheet",
            "Period end",
            "Line",
            "Label",
            "Column",
        ]
        .iter()
        .map(|h| cell_text(&row[col(h)]))
        .collect();
        let amounts = ["Reported", "Expected", "Difference", "Effect on base"]
            .map(|h| cell_amount(&row[col(h)]));
        compared += amounts.iter().filter(|a| a.is_some()).count();
        got.entry(key).or_default().push(amounts);
    }
    assert_eq!(refs, errors.len(), "one Findings row per error finding");
    assert_eq!(got, want);
    assert!(compared >= 3 * errors.len(), "{compared} amounts compared");
    eprintln!(
        "compared {compared} Findings amounts for {} error findings",
        errors.len()
    );

    // Summary: the per-deal figures, to the cent.
    let summary = wb.worksheet_range("Summary").unwrap();
    let head: Vec<String> = summary
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(cell_text)
        .collect();
    let col = |n: &str| head.iter().position(|h| h == n).unwrap();
    for d in deals {
        let row = summary
            .rows()
            .find(|r| cell_text(&r[0]) == d["deal"].as_str().unwrap())
            .unwrap();
        for (h, k) in [
            ("Paid", "reported_paid"),
            ("Earned", "recomputed_earned"),
            ("Claim", "claim"),
            ("Interest on claim", "claim_interest"),
        ] {
            assert_eq!(
                cell_amount(&row[col(h)]),
                dec(&d[k]),
                "{h} of {}",
                d["deal"]
            );
        }
        // The reconciliation, step by step, equals findings.json's.
        let rec = &d["reconciliation"];
        if rec.is_null() {
            // No contract: nothing to reconcile, and the cells say so.
            for h in ["Reported base", "Corrected base", "Corrected share"] {
                assert_eq!(cell_amount(&row[col(h)]), None, "{h} of {}", d["deal"]);
            }
        } else {
            for (h, k) in [
                ("Reported base", "reported_base"),
                ("Issues' effect on base", "issues_base_effect"),
                ("Corrected base", "corrected_base"),
                ("Reported share", "reported_share"),
                ("Corrected share", "corrected_share"),
                ("Bonuses due", "bonuses_due"),
                ("Earned", "earned"),
                ("Paid", "paid"),
                ("Claim", "claim"),
            ] {
                assert_eq!(
                    cell_amount(&row[col(h)]),
                    dec(&rec[k]),
                    "{h} of {}",
                    d["deal"]
                );
            }
        }
        assert_eq!(
            cell_amount(&row[col("Issues")]),
            Some(Decimal::from(d["issues"].as_array().unwrap().len())),
        );
        assert_eq!(
            cell_text(&row[col("Title")]),
            neutral(d["title"].as_str().unwrap())
        );
    }
    // Issues: one row per issue of findings.json, in its order, with the
    // effects on the base and on the claim to the cent.
    let issues = wb.worksheet_range("Issues").unwrap();
    let head: Vec<String> = issues
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(cell_text)
        .collect();
    let col = |n: &str| head.iter().position(|h| h == n).unwrap();
    let rows: Vec<&[Data]> = issues
        .rows()
        .skip(1)
        .filter(|r| matches!(r[col("No.")], Data::Float(_) | Data::Int(_)))
        .collect();
    let want: Vec<(String, String, Option<Decimal>, Option<Decimal>)> = deals
        .iter()
        .flat_map(|d| {
            let has_rec = !d["reconciliation"].is_null();
            d["issues"].as_array().unwrap().iter().map(move |i| {
                (
                    neutral(d["deal"].as_str().unwrap()),
                    i["code"].as_str().unwrap().to_string(),
                    dec(&i["base_effect"]),
                    if has_rec {
                        dec(&i["claim_effect"])
                    } else {
                        None
                    },
                )
            })
        })
        .collect();
    let got: Vec<(String, String, Option<Decimal>, Option<Decimal>)> = rows
        .iter()
        .map(|r| {
            (
                cell_text(&r[col("Deal")]),
                cell_text(&r[col("Code")]),
                cell_amount(&r[col("Effect on base")]),
                cell_amount(&r[col("Effect on claim")]),
            )
        })
        .collect();
    assert!(!want.is_empty());
    assert_eq!(got, want);

    // Deadlines: every statement.
    let deadlines = wb.worksheet_range("Deadlines").unwrap();
    assert_eq!(deadlines.rows().count(), 1 + 5);

    // manifest.json: every hash is the file's.
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(portfolio.join("manifest.json")).unwrap())
            .unwrap();
    assert_eq!(manifest["as_of"], "2026-11-25");
    assert_eq!(manifest["version"], env!("CARGO_PKG_VERSION"));
    assert!(manifest["command_line"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a == "--out"));
    let inputs = manifest["inputs"].as_array().unwrap();
    assert_eq!(inputs.len(), json["inputs"].as_array().unwrap().len());
    let mut verified = 0;
    for i in inputs {
        let bytes = std::fs::read(input.join(i["path"].as_str().unwrap())).unwrap();
        assert_eq!(i["sha256"].as_str().unwrap(), sha256_hex(&bytes), "{i}");
        assert_eq!(i["bytes"].as_u64().unwrap(), bytes.len() as u64);
        verified += 1;
    }
    let contracts = manifest["contracts"].as_array().unwrap();
    assert_eq!(contracts.len(), 1);
    for c in contracts {
        let bytes = std::fs::read(input.join(c["file"].as_str().unwrap())).unwrap();
        assert_eq!(c["sha256"].as_str().unwrap(), sha256_hex(&bytes));
        assert_eq!(c["deal"], "D102-0001");
        verified += 1;
    }
    let outputs = manifest["outputs"].as_array().unwrap();
    assert_eq!(outputs.len(), 5);
    for o in outputs {
        let bytes = std::fs::read(portfolio.join(o["file"].as_str().unwrap())).unwrap();
        assert_eq!(o["sha256"].as_str().unwrap(), sha256_hex(&bytes));
        verified += 1;
    }
    assert_eq!(
        manifest["deal_folders"],
        serde_json::json!([{ "deal": "D102-0001", "folder": "D102-0001" }])
    );
    eprintln!("verified {verified} manifest hashes");

    // summary.md names every deal and every input hash.
    let md = std::fs::read_to_string(portfolio.join("summary.md")).unwrap();
    for d in &deal_ids {
        assert!(md.contains(d), "summary.md lacks {d}");
    }
    for i in inputs {
        let h = i["sha256"].as_str().unwrap();
        assert!(md.contains(h), "summary.md lacks {h}");
    }

    // The same run again gives the same bytes.
    let out2 = tmp.path().join("out2");
    let again = check(&input, &out2);
    assert_eq!(again.status.code(), Some(1));
    for f in ["portfolio/findings.json", "portfolio/findings.csv"] {
        assert_eq!(
            std::fs::read(out.join(f)).unwrap(),
            std::fs::read(out2.join(f)).unwrap(),
            "{f} differs between runs"
        );
    }

    assert_eq!(hashes(&input), before, "an input file changed");
}

#[test]
fn unwritable_output_folder_is_exit_2_and_inputs_are_untouched() {
    let tmp = tempfile::TempDir::new().unwrap();
    let input = build_input(tmp.path());
    let before = hashes(&input);
    let blocker = tmp.path().join("a-file");
    std::fs::write(&blocker, "not a folder").unwrap();

    let run = check(&input, &blocker.join("out"));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("cannot write the report bundle"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&blocker).unwrap(), "not a folder");
    assert_eq!(hashes(&input), before, "an input file changed");

    // --out naming the input folder itself: a statement there called
    // findings.csv would be replaced; recoup refuses instead.
    let dir = tmp.path().join("plain");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/conformance/D102-0001"),
        &dir,
    );
    std::fs::rename(
        dir.join("statement-2022-12-31.csv"),
        dir.join("findings.csv"),
    )
    .unwrap();
    let before = hashes(&dir);
    let run = check(&dir, &dir);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("refusing to overwrite"), "{stderr}");
    assert_eq!(hashes(&dir), before, "an input file changed");
}

#[test]
fn out_folder_inside_the_input_is_not_read_back() {
    let tmp = tempfile::TempDir::new().unwrap();
    let input = build_input(tmp.path());
    let out = input.join("report");
    let first = check(&input, &out);
    assert_eq!(first.status.code(), Some(1));
    let json1 = std::fs::read(out.join("portfolio/findings.json")).unwrap();
    let xlsx1 = std::fs::read(out.join("D102-0001/claim.xlsx")).unwrap();
    let second = check(&input, &out);
    assert_eq!(
        second.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&second.stderr)
    );
    let json2 = std::fs::read(out.join("portfolio/findings.json")).unwrap();
    let doc: Value = serde_json::from_slice(&json2).unwrap();
    for i in doc["inputs"].as_array().unwrap() {
        let p = i["path"].as_str().unwrap();
        assert!(!p.starts_with("report/"), "the bundle was read back: {p}");
    }
    // Same inputs, same command line: byte-identical findings and workbook.
    assert_eq!(json1, json2);
    assert_eq!(
        xlsx1,
        std::fs::read(out.join("D102-0001/claim.xlsx")).unwrap()
    );
}
