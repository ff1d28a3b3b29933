//! Issue 18: `check --out DIR` writes one audit request per deal, to be sent
//! to that deal's studio, and nothing internal reaches it; every finding has
//! one reference that every document uses; `--out` replaces an earlier
//! bundle whole and refuses anything else; a bundle is never read as input.
//! End to end through the real binary, on a copy of sample-data with a stray
//! privileged file in every deal folder.

mod common;

use calamine::{open_workbook, Data, Reader, Xlsx};
use recoup::batch::sha256_hex;
use rust_decimal::Decimal;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::str::FromStr;

const STRAY: &str = "PRIVILEGED - settlement position.docx";

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
        "--quiet".as_ref(),
    ])
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let t = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_tree(&e.path(), &t);
        } else {
            std::fs::copy(e.path(), t).unwrap();
        }
    }
}

/// sample-data, with the stray file beside the statements of every deal.
fn sample_with_strays(root: &Path) -> PathBuf {
    let input = root.join("sample");
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data"),
        &input,
    );
    for e in std::fs::read_dir(&input).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            std::fs::write(p.join(STRAY), "our settlement floor is 40% of the claim").unwrap();
        }
    }
    input
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

/// Every string cell of a workbook, by sheet: (row, column, text).
fn workbook_text(path: &Path) -> BTreeMap<String, Vec<(u32, u32, String)>> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    let mut out = BTreeMap::new();
    for s in wb.sheet_names() {
        let range = wb.worksheet_range(&s).unwrap();
        let cells = range
            .used_cells()
            .filter_map(|(r, c, d)| match d {
                Data::String(t) => Some((r as u32, c as u32, t.clone())),
                _ => None,
            })
            .collect();
        out.insert(s, cells);
    }
    out
}

fn dec(v: &Value) -> Option<Decimal> {
    v.as_str().map(|s| Decimal::from_str(s).unwrap())
}

fn cell_amount(d: &Data) -> Option<Decimal> {
    match d {
        Data::Float(x) => Some(Decimal::from_str(&format!("{x:.2}")).unwrap()),
        Data::Int(i) => Some(Decimal::from(*i)),
        _ => None,
    }
}

/// The deals of the portfolio's findings.json, and the studio each
/// contract names: (deal, participant, studio).
fn deals(json: &Value, input: &Path) -> Vec<(String, String, Option<String>)> {
    json["deals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let id = d["deal"].as_str().unwrap().to_string();
            let studio = json["inputs"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|i| i["kind"] == "contract")
                .map(|i| std::fs::read_to_string(input.join(i["path"].as_str().unwrap())).unwrap())
                .map(|t| t.parse::<toml::Table>().unwrap())
                .find(|t| t["deal"]["id"].as_str() == Some(id.as_str()))
                .and_then(|t| {
                    t["deal"]
                        .get("studio")
                        .and_then(|s| s.as_str())
                        .map(String::from)
                });
            (id, d["participant"].as_str().unwrap().to_string(), studio)
        })
        .collect()
}

#[test]
fn each_request_holds_its_deal_alone_and_nothing_internal() {
    let tmp = tempfile::TempDir::new().unwrap();
    let input = sample_with_strays(tmp.path());
    let out = tmp.path().join("bundle");
    let run = check(&input, &out);
    assert_eq!(
        run.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let json: Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("portfolio/findings.json")).unwrap(),
    )
    .unwrap();
    // The stray file is the auditor's to see, listed as an input ignored.
    assert!(json["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["path"].as_str().unwrap().ends_with(STRAY)));
    let all = deals(&json, &input);
    let with_contract: Vec<&(String, String, Option<String>)> =
        all.iter().filter(|d| d.2.is_some()).collect();
    assert_eq!(all.len(), 8);
    assert_eq!(
        with_contract.len(),
        7,
        "every sample contract names its studio"
    );
    let mut folders: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    folders.sort();
    let mut want: Vec<String> = with_contract.iter().map(|d| d.0.clone()).collect();
    want.push("portfolio".into());
    want.sort();
    assert_eq!(folders, want, "one folder per deal with a contract");

    let abs = tmp.path().to_string_lossy().into_owned();
    let internal = [
        STRAY,
        "PRIVILEGED",
        abs.as_str(),
        "/tmp/",
        "incontestable",
        "days ago",
        "days left",
        "Not checked",
        "not checked",
        "alias",
        "TOML",
        "--out",
        "--as-of",
        "AUDIT-DEADLINE",
        "UNMAPPED-LINE",
        "NO-CONTRACT",
        "Deadline",
        "command_line",
        "at risk",
        "At risk",
        "objection period",
        "Objection period",
    ];
    let mut checked = 0;
    for (id, participant, studio) in &with_contract {
        let dir = out.join(id);
        let mut texts: Vec<(String, String)> = ["claim.md", "report.html", "manifest.json"]
            .iter()
            .map(|f| (f.to_string(), std::fs::read_to_string(dir.join(f)).unwrap()))
            .collect();
        let wb = workbook_text(&dir.join("claim.xlsx"));
        let xlsx: Vec<String> = wb.values().flatten().map(|(_, _, t)| t.clone()).collect();
        texts.push(("claim.xlsx".into(), xlsx.join("\n")));
        for (name, text) in &texts {
            assert!(
                text.contains(id.as_str()),
                "{id}/{name} does not name its deal"
            );
            assert!(
                text.contains(participant.as_str()),
                "{id}/{name} lacks {participant}"
            );
            let studio = studio.as_deref().unwrap();
            assert!(text.contains(studio), "{id}/{name} does not name {studio}");
            for (other, other_participant, _) in &all {
                if other != id {
                    assert!(
                        !text.contains(other.as_str()),
                        "{id}/{name} names deal {other}"
                    );
                    assert!(
                        !text.contains(other_participant.as_str()),
                        "{id}/{name} names {other_participant}"
                    );
                }
            }
            for word in internal {
                assert!(!text.contains(word), "{id}/{name} holds {word:?}");
            }
            checked += 1;
        }
        // The inputs listed are exactly the statements and the contract
        // read for the deal, relative to the folder checked, each with its
        // hash.
        let manifest: Value = serde_json::from_str(&texts[2].1).unwrap();
        let mut listed: Vec<&str> = manifest["inputs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                let p = i["path"].as_str().unwrap();
                let bytes = std::fs::read(input.join(p)).unwrap();
                assert_eq!(i["sha256"].as_str().unwrap(), sha256_hex(&bytes));
                p
            })
            .collect();
        listed.sort();
        let mut read: Vec<&str> = json["statements"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["deal"] == id.as_str())
            .map(|s| s["file"].as_str().unwrap())
            .chain(
                json["inputs"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|i| i["kind"] == "contract")
                    .map(|i| i["path"].as_str().unwrap())
                    .filter(|p| {
                        let t: toml::Table = std::fs::read_to_string(input.join(p))
                            .unwrap()
                            .parse()
                            .unwrap();
                        t["deal"]["id"].as_str() == Some(id.as_str())
                    }),
            )
            .collect();
        read.sort();
        read.dedup();
        assert_eq!(listed, read, "{id}: the inputs of its request");
        // The manifest's own outputs are the folder's files.
        for o in manifest["outputs"].as_array().unwrap() {
            let bytes = std::fs::read(dir.join(o["file"].as_str().unwrap())).unwrap();
            assert_eq!(o["sha256"].as_str().unwrap(), sha256_hex(&bytes));
        }
        // The claim, to the cent, as findings.json has it.
        let deal = json["deals"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["deal"] == id.as_str())
            .unwrap();
        let claim = recoup::money::fmt_human(dec(&deal["claim"]).unwrap());
        for (name, text) in &texts[..2] {
            assert!(text.contains(&claim), "{id}/{name} lacks the claim {claim}");
        }
        // The interest asked for, span by span, adds up to the deal's
        // claim_interest in claim.md and in claim.xlsx's Interest sheet.
        if let Some(interest) = dec(&deal["claim_interest"]).filter(|i| !i.is_zero()) {
            let md = &texts[0].1;
            let at = md.find("### Interest on the claim").unwrap();
            let total = md[at..]
                .lines()
                .find(|l| l.starts_with("| **Interest on the claim**"))
                .unwrap();
            assert!(
                total.ends_with(&format!("**{}** |", recoup::money::fmt_human(interest))),
                "{id}: {total}"
            );
            let mut wb: Xlsx<_> = open_workbook(dir.join("claim.xlsx")).unwrap();
            let sheet = wb.worksheet_range("Interest").unwrap();
            let mut spans = Decimal::ZERO;
            let mut rounded = None;
            for row in sheet.rows().skip(1) {
                if row[0] == "Interest on the claim (rounded once)" {
                    rounded = cell_amount(&row[5]);
                } else if let Data::Float(x) = &row[5] {
                    spans += Decimal::from_str(&format!("{x:.4}")).unwrap();
                }
            }
            assert_eq!(rounded, Some(interest), "{id}");
            assert_eq!(recoup::money::round_cents(spans), interest, "{id}");
        }
    }
    assert_eq!(checked, 7 * 4);
}

#[test]
fn every_reference_resolves_to_the_same_finding_in_every_document() {
    let tmp = tempfile::TempDir::new().unwrap();
    let input = sample_with_strays(tmp.path());
    let out = tmp.path().join("bundle");
    assert_eq!(check(&input, &out).status.code(), Some(1));
    let json: Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("portfolio/findings.json")).unwrap(),
    )
    .unwrap();
    let findings = json["findings"].as_array().unwrap();
    let by_ref: BTreeMap<&str, &Value> = findings
        .iter()
        .map(|f| (f["ref"].as_str().unwrap(), f))
        .collect();
    assert_eq!(by_ref.len(), findings.len(), "references are unique");
    let mut resolved = 0;
    for d in json["deals"].as_array().unwrap() {
        let id = d["deal"].as_str().unwrap();
        let dir = out.join(id);
        if !dir.is_dir() {
            continue;
        }
        // References count the claims first, in the documents' order.
        let mut errors: Vec<&str> = findings
            .iter()
            .filter(|f| f["deal"] == id && f["severity"] == "error")
            .map(|f| f["ref"].as_str().unwrap())
            .collect();
        errors.sort();
        let n = errors.len();
        assert_eq!(
            errors.last().copied(),
            (n > 0).then(|| format!("{id}-{n:02}")).as_deref(),
            "{id}: the claims are numbered 01 to {n}"
        );
        // claim.md: each evidence row `| REF | period end | … | reported |`.
        let md = std::fs::read_to_string(dir.join("claim.md")).unwrap();
        for r in &errors {
            let f = by_ref[r];
            let row = md
                .lines()
                .find(|l| l.starts_with(&format!("| {r} |")))
                .unwrap_or_else(|| panic!("claim.md has no row for {r}"));
            assert!(row.contains(f["period_end"].as_str().unwrap()), "{row}");
            if let Some(rep) = dec(&f["reported"]) {
                assert!(row.contains(&recoup::money::fmt_human(rep)), "{r}: {row}");
            }
            resolved += 1;
        }
        // claim.xlsx: the Findings sheet, Ref to amounts and sentence.
        let mut wb: Xlsx<_> = open_workbook(dir.join("claim.xlsx")).unwrap();
        let range = wb.worksheet_range("Findings").unwrap();
        let rows: Vec<&[Data]> = range.rows().collect();
        let head: Vec<String> = rows[0].iter().map(|c| c.to_string()).collect();
        let col = |n: &str| head.iter().position(|h| h == n).unwrap();
        let mut seen = Vec::new();
        for row in &rows[1..] {
            let r = row[col("Ref")].to_string();
            if r.is_empty() {
                continue;
            }
            let f = by_ref
                .get(r.as_str())
                .unwrap_or_else(|| panic!("{r} unknown"));
            assert_eq!(f["deal"], id);
            assert_eq!(
                cell_amount(&row[col("Reported")]),
                dec(&f["reported"]),
                "{r}"
            );
            assert_eq!(
                cell_amount(&row[col("Expected")]),
                dec(&f["expected"]),
                "{r}"
            );
            assert_eq!(
                cell_amount(&row[col("Difference")]),
                dec(&f["difference"]),
                "{r}"
            );
            assert_eq!(
                row[col("Message")].to_string(),
                f["message"].as_str().unwrap()
            );
            seen.push(r);
        }
        assert_eq!(
            seen, errors,
            "{id}: the Findings sheet lists every error once, in order"
        );
        // report.html: each finding's article carries its reference and
        // its sentence.
        let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
        for r in &errors {
            let at = html
                .find(&format!("<span class=\"num\">{r}</span>"))
                .unwrap_or_else(|| panic!("report.html has no finding {r}"));
            let article = &html[at..at + html[at..].find("</article>").unwrap()];
            let msg = by_ref[r]["message"].as_str().unwrap();
            let first_words: String = msg.chars().take(30).collect();
            assert!(
                article.contains(&first_words.replace('&', "&amp;").replace('\'', "&#39;")),
                "{r}: {article}"
            );
            resolved += 1;
        }
    }
    assert!(resolved > 60, "{resolved} references resolved");

    // The same inputs give the same references.
    let out2 = tmp.path().join("again");
    assert_eq!(check(&input, &out2).status.code(), Some(1));
    let again: Value = serde_json::from_str(
        &std::fs::read_to_string(out2.join("portfolio/findings.json")).unwrap(),
    )
    .unwrap();
    let refs = |v: &Value| -> Vec<String> {
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["ref"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(refs(&json), refs(&again));
}

#[test]
fn a_second_out_replaces_the_bundle_whole() {
    let tmp = tempfile::TempDir::new().unwrap();
    let input = sample_with_strays(tmp.path());
    let out = tmp.path().join("bundle");
    assert_eq!(check(&input, &out).status.code(), Some(1));
    assert!(out.join("MP-2022-0147/claim.xlsx").is_file());
    // Again, on one deal only (with nothing wrong on it): the earlier
    // bundle goes as a whole.
    let run = check(&input.join("aldmoor"), &out);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["GH-1183-PR", "portfolio"]);
    // Nothing left beside it.
    let beside: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let mut beside = beside;
    beside.sort();
    assert_eq!(beside, ["bundle", "sample"]);
}

#[test]
fn a_folder_that_is_not_a_bundle_is_refused_and_left_as_it_was() {
    let tmp = tempfile::TempDir::new().unwrap();
    let input = sample_with_strays(tmp.path());
    let out = tmp.path().join("letters");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("cover letter.docx"), "Dear Sirs").unwrap();
    std::fs::write(out.join("claim.md"), "my own notes").unwrap();
    let before = hashes(&out);
    let run = check(&input, &out);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("not empty"), "{stderr}");
    assert!(
        run.stdout.is_empty(),
        "nothing is audited: {:?}",
        run.stdout
    );
    assert_eq!(hashes(&out), before);

    // --out naming a file.
    let file = out.join("cover letter.docx");
    let run = check(&input, &file);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("is a file, not a folder"), "{stderr}");
    assert!(!stderr.contains("os error"), "{stderr}");
    assert_eq!(hashes(&out), before);

    // --out naming the folder checked.
    let before = hashes(&input);
    let run = check(&input, &input);
    assert_eq!(run.status.code(), Some(2));
    assert_eq!(hashes(&input), before);
}

#[test]
fn check_on_a_folder_holding_a_bundle_reads_no_bundle_file() {
    let tmp = tempfile::TempDir::new().unwrap();
    let input = sample_with_strays(tmp.path());
    // A bundle written into the portfolio's folder by an earlier run on
    // another PATH, so nothing excludes it but its manifests.
    let out = input.join("audit-2026");
    assert_eq!(check(&input.join("ironwood"), &out).status.code(), Some(1));
    let run = recoup(&[
        "check".as_ref(),
        input.as_os_str(),
        "--as-of".as_ref(),
        "2026-11-25".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
    ]);
    assert_eq!(
        run.status.code(),
        Some(1),
        "no bundle file is read as a broken statement: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let v: Value = serde_json::from_slice(&run.stdout).unwrap();
    for i in v["inputs"].as_array().unwrap() {
        let p = i["path"].as_str().unwrap();
        assert!(!p.starts_with("audit-2026/"), "a bundle file was read: {p}");
    }
    // A statement the user put beside a bundle's files is still read.
    let extra = out.join("PCF-IW-2023-07/late statement.csv");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/conformance/D102-0001/statement-2022-06-30.csv"),
        &extra,
    )
    .unwrap();
    let run = recoup(&[
        "check".as_ref(),
        input.as_os_str(),
        "--as-of".as_ref(),
        "2026-11-25".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
    ]);
    let v: Value = serde_json::from_slice(&run.stdout).unwrap();
    let read: Vec<&str> = v["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["path"].as_str().unwrap())
        .filter(|p| p.starts_with("audit-2026/"))
        .collect();
    assert_eq!(read, ["audit-2026/PCF-IW-2023-07/late statement.csv"]);
}

#[test]
fn a_missing_path_is_a_usage_error_said_once() {
    let tmp = tempfile::TempDir::new().unwrap();
    let missing = tmp.path().join("no-such-folder");
    let run = recoup(&["check".as_ref(), missing.as_os_str()]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(
        run.stdout.is_empty(),
        "no table: {}",
        String::from_utf8_lossy(&run.stdout)
    );
    assert_eq!(
        stderr.matches("no-such-folder").count(),
        1,
        "the path is named once: {stderr}"
    );
    assert!(stderr.contains("no such file or folder"), "{stderr}");
}

#[test]
fn the_clause_names_the_contract_term_and_the_agreement_paragraph() {
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/conformance/D102-0001");
    let tmp = tempfile::TempDir::new().unwrap();
    let input = tmp.path().join("in");
    copy_tree(&fixture, &input);
    let contract = std::fs::read_to_string(input.join("contract.toml")).unwrap();
    // The agreement allows 10% overhead where the statements charge 12.5%.
    let contract = common::edit(
        &contract,
        &[
            (
                "participant = \"Jane Doe\"",
                "participant = \"Jane Doe\"\nstudio = \"Northern Pictures\"",
            ),
            ("overhead = \"12.5%\"", "overhead = \"10%\""),
        ],
    ) + "\n[clauses]\n\"negative_cost\" = \"Exhibit A, ¶ 4(b)\"\n";
    std::fs::write(input.join("contract.toml"), contract).unwrap();
    let out = tmp.path().join("out");
    let run = check(&input, &out);
    assert_eq!(
        run.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let json: Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("portfolio/findings.json")).unwrap(),
    )
    .unwrap();
    let clauses: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error")
        .map(|f| f["clause"].as_str().unwrap())
        .collect();
    assert!(clauses.contains(&"negative_cost.overhead"), "{clauses:?}");
    let md = std::fs::read_to_string(out.join("D102-0001/claim.md")).unwrap();
    assert!(
        md.contains("`[negative_cost] overhead (Exhibit A, ¶ 4(b))`"),
        "{md}"
    );
    assert!(md.contains("Northern Pictures"));
    let wb = workbook_text(&out.join("D102-0001/claim.xlsx"));
    let findings = &wb["Findings"];
    let clause_col = findings
        .iter()
        .find(|(r, _, t)| *r == 0 && t == "Clause")
        .map(|(_, c, _)| *c)
        .unwrap();
    let named: Vec<&str> = findings
        .iter()
        .filter(|(r, c, _)| *r > 0 && *c == clause_col)
        .map(|(_, _, t)| t.as_str())
        .collect();
    assert!(
        named.contains(&"[negative_cost] overhead (Exhibit A, ¶ 4(b))"),
        "{named:?}"
    );
    assert!(
        named.iter().all(|t| t.starts_with('[') || !t.contains('.')),
        "every clause is the contract's term: {named:?}"
    );
}

#[test]
fn counts_of_one_are_singular() {
    let dir = common::folder(&[
        (
            "c.toml",
            "[deal]\nid = \"C-1\"\nshare = \"5%\"\ndefinition = \"net_profits\"\n[distribution_fees]\ntheatrical_domestic = \"25%\"\n",
        ),
        (
            "s.csv",
            "Title,One\nDeal,C-1\nPeriod Start,2024-01-01\nPeriod End,2024-03-31\nStatement Date,2024-05-01\n\nSection,Line,Current,ITD\nGross Receipts,Theatrical - Domestic,1000.00,1000.00\nDistribution Fees,Theatrical - Domestic,300.00,300.00\nNet Profits,Net Profits,700.00,700.00\nParticipant,Participant Share,,35.00\nParticipant,Amount Due,,35.00\n",
        ),
    ]);
    let run = recoup(&[
        "check".as_ref(),
        dir.path().as_os_str(),
        "--as-of".as_ref(),
        "2024-06-01".as_ref(),
    ]);
    assert_eq!(run.status.code(), Some(1));
    let table = String::from_utf8_lossy(&run.stdout);
    // The fee at 30% where the agreement allows 25%: one error, 50.00.
    assert!(
        table.contains("1 statement read in 1 deal; 1 error, 0 warnings; total claim 2.50"),
        "{table}"
    );
    let run = recoup(&[
        "check".as_ref(),
        dir.path().as_os_str(),
        "--as-of".as_ref(),
        "2024-06-01".as_ref(),
        "--format".as_ref(),
        "markdown".as_ref(),
    ]);
    let md = String::from_utf8_lossy(&run.stdout);
    assert!(md.contains("1 statement read in 1 deal, 1 issue."), "{md}");
    assert!(
        md.contains("1 statement, periods 2024-01-01 to 2024-03-31. 1 error, 0 warnings."),
        "{md}"
    );
}

#[test]
fn without_a_studio_key_the_request_names_the_studio_its_statements_print() {
    let tmp = tempfile::TempDir::new().unwrap();
    let input = sample_with_strays(tmp.path());
    let mut want = BTreeMap::new();
    for e in std::fs::read_dir(&input).unwrap() {
        let c = e.unwrap().path().join("contract.toml");
        let Ok(text) = std::fs::read_to_string(&c) else {
            continue;
        };
        let t: toml::Table = text.parse().unwrap();
        let id = t["deal"]["id"].as_str().unwrap().to_string();
        let studio = t["deal"]["studio"].as_str().unwrap().to_string();
        let kept: Vec<&str> = text
            .lines()
            .filter(|l| !l.starts_with("studio ="))
            .collect();
        std::fs::write(&c, kept.join("\n")).unwrap();
        want.insert(id, studio);
    }
    assert_eq!(want.len(), 7);
    let out = tmp.path().join("bundle");
    assert_eq!(check(&input, &out).status.code(), Some(1));
    for (id, studio) in &want {
        let md = std::fs::read_to_string(out.join(id).join("claim.md")).unwrap();
        assert!(
            md.contains(&format!("| Studio | {studio} |")),
            "{id}: {studio}"
        );
        let manifest: Value = serde_json::from_str(
            &std::fs::read_to_string(out.join(id).join("manifest.json")).unwrap(),
        )
        .unwrap();
        assert_eq!(manifest["studio"], studio.as_str());
    }
    // The auditor is told to name it in the contract.
    let summary = std::fs::read_to_string(out.join("portfolio/summary.md")).unwrap();
    assert!(summary.contains("the contract does not name the studio"));

    // A statement whose first line is its own heading names no studio:
    // none is made up.
    let d102 = tmp.path().join("d102");
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/conformance/D102-0001"),
        &d102,
    );
    let out = tmp.path().join("d102-out");
    assert_eq!(check(&d102, &out).status.code(), Some(1));
    let md = std::fs::read_to_string(out.join("D102-0001/claim.md")).unwrap();
    assert!(md.contains("| Studio | — |"), "{md}");
    assert!(md.contains("furnished to the studio that renders them"));
}

#[test]
fn a_bundle_a_file_browser_has_shown_is_still_a_bundle() {
    let tmp = tempfile::TempDir::new().unwrap();
    let input = sample_with_strays(tmp.path());
    let out = tmp.path().join("bundle");
    assert_eq!(check(&input, &out).status.code(), Some(1));
    std::fs::write(out.join(".DS_Store"), "x").unwrap();
    std::fs::write(out.join("MP-2022-0147/.DS_Store"), "x").unwrap();
    assert_eq!(check(&input, &out).status.code(), Some(1));
    // A letter of the user's in a deal's folder is not the bundle's: the
    // folder is refused, and the letter kept.
    std::fs::write(out.join("MP-2022-0147/letter.docx"), "Dear Sirs").unwrap();
    let run = check(&input, &out);
    assert_eq!(run.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(out.join("MP-2022-0147/letter.docx")).unwrap(),
        "Dear Sirs"
    );
}
