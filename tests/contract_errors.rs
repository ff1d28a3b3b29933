//! A contract that cannot be read stops its deal's audit (no arithmetic or
//! contract finding on a guess at its terms), says why key by key with
//! lines, exits 3, and writes no studio-facing request for the deal; and a
//! statement file checked alone is read with the contract beside it.

mod common;
use common::*;
use std::path::{Path, PathBuf};

fn sample(deal: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample-data")
        .join(deal)
}

/// A copy of sample-data folders under `dir`, each edited by `edits` on
/// its contract.toml.
fn copy(dir: &Path, deal: &str, edits: &[(&str, &str)]) {
    let to = dir.join(deal);
    std::fs::create_dir_all(&to).unwrap();
    for e in std::fs::read_dir(sample(deal)).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap();
        if name == "contract.toml" {
            let text = std::fs::read_to_string(&p).unwrap();
            std::fs::write(to.join(name), edit(&text, edits)).unwrap();
        } else {
            std::fs::copy(&p, to.join(name)).unwrap();
        }
    }
}

const TYPOS: &[(&str, &str)] = &[
    ("\nshare = \"5%\"", "\nshares = \"5%\""),
    ("\nliquidate_within = 4", "\nliquidate_witin = 4"),
];

/// The 1-based line of the first line of `dir/night-ferry/contract.toml`
/// that starts with `key`.
fn line_of(dir: &Path, key: &str) -> usize {
    let text = std::fs::read_to_string(dir.join("night-ferry/contract.toml")).unwrap();
    text.lines().position(|l| l.starts_with(key)).unwrap() + 1
}

fn check(args: &[&str], path: &Path) -> (i32, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_recoup"))
        .args(["check", "--as-of", "2026-11-25"])
        .args(args)
        .arg(path)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
    )
}

#[test]
fn typod_keys_stop_the_deal_and_are_each_named_with_line_and_nearest_key() {
    let dir = tempfile::tempdir().unwrap();
    copy(dir.path(), "night-ferry", TYPOS);
    copy(dir.path(), "long-season", &[]);
    let a = audit_at(dir.path(), "2026-11-25");
    // Not one finding on The Night Ferry (12 false ARITH-NET errors when it
    // was read as contract-less), no NO-CONTRACT warning, no claim.
    assert!(
        a.findings.iter().all(|f| f.deal != "BWF-2021-IM"),
        "{:#?}",
        a.findings
            .iter()
            .filter(|f| f.deal == "BWF-2021-IM")
            .map(brief)
            .collect::<Vec<_>>()
    );
    let nf = a.deals.iter().find(|d| d.deal == "BWF-2021-IM").unwrap();
    let (l1, l2) = (
        line_of(dir.path(), "shares = "),
        line_of(dir.path(), "liquidate_witin = "),
    );
    assert_eq!(
        nf.contract_error.as_deref().unwrap(),
        format!("contract could not be read: night-ferry/contract.toml line {l1}: key `shares` is not a contract key (did you mean `share`?); night-ferry/contract.toml line {l2}: key `liquidate_witin` is not a contract key (did you mean `liquidate_within`?)")
    );
    assert_eq!(nf.statements, 6);
    assert_eq!(nf.claim, None);
    assert!(nf.unchecked.is_empty());
    // The other deal is audited as ever.
    let ls = a.deals.iter().find(|d| d.deal == "SCP-0932-TL").unwrap();
    assert_eq!(ls.contract_error, None);
    assert_eq!(recoup::money::fmt_plain(ls.claim.unwrap()), "516241.64");

    // The command: exit 3, the deal named up front, no request for it in
    // the bundle; the auditor's findings.json says why.
    let out = tempfile::tempdir().unwrap();
    let bundle = out.path().join("bundle");
    let (code, table) = check(&["--out", bundle.to_str().unwrap()], dir.path());
    assert_eq!(code, 3, "{table}");
    assert!(
        table.contains("BWF-2021-IM · The Night Ferry · not audited"),
        "{table}"
    );
    assert!(
        table.contains(&format!(
            "  contract could not be read: night-ferry/contract.toml line {l1}: key `shares`"
        )),
        "{table}"
    );
    assert!(!table.contains("ARITH-NET"), "{table}");
    assert!(bundle.join("SCP-0932-TL").join("claim.md").is_file());
    let folders: Vec<String> = std::fs::read_dir(&bundle)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!folders.iter().any(|f| f.contains("BWF")), "{folders:?}");
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(bundle.join("portfolio").join("findings.json")).unwrap(),
    )
    .unwrap();
    let deal = json["deals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["deal"] == "BWF-2021-IM")
        .unwrap();
    assert!(deal["contract_error"]
        .as_str()
        .unwrap()
        .starts_with(&format!(
            "contract could not be read: night-ferry/contract.toml line {l1}:"
        )));
    let input = json["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["path"] == "night-ferry/contract.toml")
        .unwrap();
    assert_eq!(input["status"], "error");
}

#[test]
fn a_contract_that_is_not_toml_stops_the_deal_in_its_folder() {
    // No deal.id can be read from it: the deal whose statements share its
    // folder is the one it was meant for.
    let dir = tempfile::tempdir().unwrap();
    copy(dir.path(), "night-ferry", &[("[deal]", "[deal")]);
    copy(dir.path(), "long-season", &[]);
    let a = audit_at(dir.path(), "2026-11-25");
    let nf = a.deals.iter().find(|d| d.deal == "BWF-2021-IM").unwrap();
    assert_eq!(
        nf.contract_error.as_deref(),
        Some(format!("contract could not be read: night-ferry/contract.toml line {}: not valid TOML: unclosed table, expected `]`", line_of(dir.path(), "[deal"))).as_deref()
    );
    assert!(a.findings.iter().all(|f| f.deal != "BWF-2021-IM"));
    let ls = a.deals.iter().find(|d| d.deal == "SCP-0932-TL").unwrap();
    assert_eq!(ls.contract_error, None);
}

#[test]
fn a_statement_checked_alone_is_read_with_the_contract_beside_it() {
    // The Long Season's latest statement alone: the overhead overcharge
    // (720,000.00 on the base, 54,000.00 on the claim) and the unapplied
    // step (462,241.64) as with the folder, and no NO-CONTRACT warning.
    let file = sample("long-season").join("SCP-0932-TL_2025H1.csv");
    let a = audit_at(&file, "2026-11-25");
    let d = &a.deals[0];
    assert_eq!(d.contract.as_deref(), Some("contract.toml"));
    assert_eq!(recoup::money::fmt_plain(d.claim.unwrap()), "516241.64");
    assert!(a.findings.iter().all(|f| f.code.name() != "NO-CONTRACT"));
    // With the typos, the single file stops as the folder does.
    let dir = tempfile::tempdir().unwrap();
    copy(dir.path(), "night-ferry", TYPOS);
    let (code, table) = check(
        &[],
        &dir.path()
            .join("night-ferry")
            .join("BWF-2021-IM 2024Q3.csv"),
    );
    assert_eq!(code, 3, "{table}");
    assert!(
        table.contains(&format!(
            "contract could not be read: contract.toml line {}: key `shares` is not a contract key (did you",
            line_of(dir.path(), "shares = ")
        )),
        "{table}"
    );
    assert!(!table.contains("ARITH-NET"), "{table}");
}
