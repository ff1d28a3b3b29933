//! The demo portfolio (`sample-data/`) that a new user's first command runs
//! on: `recoup check sample-data`. This pins what recoup finds there.
//!
//! The expected findings and claims are not recoup's: `sample-data/generate.py`
//! computes them from its own reading of SPEC §4 while it writes the
//! statements, and commits them as `sample-data/expected.json`. One claim is
//! also worked by hand below.

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

const CLEAN_DEAL: &str = "GH-1183-PR";

fn s(v: &Value, k: &str) -> String {
    match v.get(k) {
        Some(Value::String(x)) => x.clone(),
        Some(Value::Bool(b)) => b.to_string(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

fn arr<'a>(v: &'a Value, k: &str) -> &'a Vec<Value> {
    v[k].as_array()
        .unwrap_or_else(|| panic!("`{k}` is not an array"))
}

/// `recoup check sample-data --as-of 2026-11-25 --format json`, run the way
/// a user runs it: the real binary, from the repository root.
fn run() -> (i32, Value) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new(env!("CARGO_BIN_EXE_recoup"))
        .current_dir(root)
        .args([
            "check",
            "sample-data",
            "--as-of",
            "2026-11-25",
            "--format",
            "json",
        ])
        .output()
        .expect("run recoup");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "recoup did not print JSON ({e}); stderr:\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap_or(-1), report)
}

fn expected() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/expected.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Count keys, so that a finding reported twice is caught too.
fn bag<I: IntoIterator<Item = Vec<String>>>(it: I) -> BTreeMap<Vec<String>, usize> {
    let mut m = BTreeMap::new();
    for k in it {
        *m.entry(k).or_insert(0) += 1;
    }
    m
}

fn diff(what: &str, got: &BTreeMap<Vec<String>, usize>, want: &BTreeMap<Vec<String>, usize>) {
    let missing: Vec<_> = want
        .iter()
        .filter(|(k, n)| got.get(*k) != Some(n))
        .collect();
    let spurious: Vec<_> = got
        .iter()
        .filter(|(k, n)| want.get(*k) != Some(n))
        .collect();
    assert!(
        missing.is_empty() && spurious.is_empty(),
        "{what} differ\n  expected, not reported as such: {missing:#?}\n  reported, not expected: {spurious:#?}"
    );
}

const ERROR_KEY: [&str; 8] = [
    "file",
    "sheet",
    "code",
    "line",
    "column",
    "reported",
    "expected",
    "np_effect",
];

#[test]
fn sample_data_report() {
    let (code, report) = run();
    let want = expected();

    // Discrepancies found: exit 1.
    assert_eq!(code, 1, "check sample-data must exit 1 (findings at error)");

    // Every input read (README, generator and expected.json are listed as
    // skipped); the Meridian workbook's Notes sheet skipped, not lost.
    for input in arr(&report, "inputs") {
        assert_ne!(s(input, "status"), "error", "input not read: {input}");
        if s(input, "kind") != "other" {
            assert_eq!(s(input, "status"), "ok", "input not read: {input}");
        }
    }
    let workbook = arr(&report, "inputs")
        .iter()
        .find(|i| s(i, "path").ends_with(".xlsx"))
        .expect("the Meridian workbook");
    let sheets: Vec<(String, String)> = arr(workbook, "sheets")
        .iter()
        .map(|sh| (s(sh, "name"), s(sh, "status")))
        .collect();
    assert!(
        sheets.contains(&("Notes".into(), "skipped".into())),
        "{sheets:?}"
    );
    assert_eq!(sheets.iter().filter(|(_, st)| st == "ok").count(), 6);

    // Every statement read: 45 in eight deals, each with its period.
    let key = |v: &Value| -> Vec<String> {
        ["file", "sheet", "deal", "period_start", "period_end"]
            .iter()
            .map(|k| s(v, k))
            .collect()
    };
    assert_eq!(arr(&report, "statements").len(), 45);
    diff(
        "statements",
        &bag(arr(&report, "statements").iter().map(key)),
        &bag(arr(&want, "statements").iter().map(key)),
    );

    // The exact set of error findings, amounts to the cent.
    let errors: Vec<&Value> = arr(&report, "findings")
        .iter()
        .filter(|f| s(f, "severity") == "error")
        .collect();
    let ekey = |v: &Value| -> Vec<String> { ERROR_KEY.iter().map(|k| s(v, k)).collect() };
    diff(
        "error findings",
        &bag(errors.iter().map(|f| ekey(f))),
        &bag(arr(&want, "errors").iter().map(ekey)),
    );
    let by_code = bag(errors.iter().map(|f| vec![s(f, "code")]));
    let count = |c: &str| by_code.get(&vec![c.to_string()]).copied().unwrap_or(0);
    assert_eq!(
        (
            count("FEE-RATE"),
            count("OVERHEAD-RATE"),
            count("INTEREST"),
            count("ARITH-TOTAL"),
            count("GR-ROYALTY"),
            count("BONUS-UNPAID"),
            count("BREAKEVEN"),
            count("RESERVE-UNLIQUIDATED"),
            count("SHARE"),
            count("ITD-CONTINUITY"),
        ),
        (11, 11, 6, 2, 5, 3, 6, 2, 3, 1)
    );
    assert_eq!(errors.len(), 50);

    // Warnings and notes: a late statement, a missing quarter, a deal without
    // its contract, a label no alias matches.
    let wkey = |v: &Value| -> Vec<String> {
        ["file", "sheet", "code", "severity"]
            .iter()
            .map(|k| s(v, k))
            .collect()
    };
    diff(
        "warnings",
        &bag(arr(&report, "findings")
            .iter()
            .filter(|f| s(f, "severity") != "error")
            .map(wkey)),
        &bag(arr(&want, "warnings").iter().map(wkey)),
    );

    // The clean deal: not one error.
    assert!(
        errors.iter().all(|f| s(f, "deal") != CLEAN_DEAL),
        "the clean deal has errors"
    );

    // Per deal: what was paid, what was earned, the claim, its interest.
    let deals: BTreeMap<String, &Value> = arr(&report, "deals")
        .iter()
        .map(|d| (s(d, "deal"), d))
        .collect();
    assert_eq!(deals.len(), 8);
    for w in arr(&want, "deals") {
        let d = deals[&s(w, "deal")];
        for k in [
            "statements",
            "reported_paid",
            "recomputed_earned",
            "claim",
            "claim_interest",
            "claim_at_risk",
            "claim_open",
            "cost_shift",
        ] {
            assert_eq!(s(d, k), s(w, k), "{} {k}", s(w, "deal"));
        }
    }
    assert_eq!(s(deals[CLEAN_DEAL], "claim"), "0.00");
}

/// Café Solitaire's claim, worked by hand from SPEC §4 ("The claim") and the
/// 2026-H1 statement (NLR_CafeSolitaire_Marchetti_2026H1.csv):
///
/// ```text
/// reported adjusted gross (np.total, to date)                 59,165,068.80
/// home video reported 2,396,801.14; the contract includes it at
///   20% of wholesale 14,980,007.15 = 2,996,001.43:
///   GR-ROYALTY np_effect                                         599,200.29
/// np* = 59,165,068.80 + 599,200.29                            59,764,269.09
/// earned* = round(7.5% x 59,764,269.09) = round(4,482,320.18175)
///                                                              4,482,320.18
/// paid = prior 4,086,250.79 + due 351,129.37                   4,437,380.16
/// claim = 4,482,320.18 - 4,437,380.16                             44,940.02
/// interest at 10% on the underpayment as it stood, statement by statement
/// (claim(k) from each statement's date to the next one's, the last to
/// 2026-11-25; the first statement owed nothing):
///   25,369.74 x 191 + 35,074.37 x 176 + 39,665.67 x 193
///   + 42,409.67 x 179 + 44,940.02 x 93 = 30,444,936.56
///   x 10% / 365 = 8,341.0785...                                       8,341.08
/// no statement is incontestable yet (36 months after 2024-02-19 is
///   2027-02-19): nothing at risk, all of it open                     44,940.02
/// cost shift: 44,940.02 is under 5% of 4,437,380.16 (221,869.01): false
/// ```
#[test]
fn cafe_solitaire_claim_by_hand() {
    let (_, report) = run();
    let d = arr(&report, "deals")
        .iter()
        .find(|d| s(d, "deal") == "NLR-0417-LM")
        .expect("the Café Solitaire deal");
    assert_eq!(s(d, "title"), "Café Solitaire");
    assert_eq!(s(d, "reported_paid"), "4437380.16");
    assert_eq!(s(d, "recomputed_earned"), "4482320.18");
    assert_eq!(s(d, "claim"), "44940.02");
    assert_eq!(s(d, "claim_interest"), "8341.08");
    assert_eq!(s(d, "claim_at_risk"), "0.00");
    assert_eq!(s(d, "claim_open"), "44940.02");
    assert_eq!(s(d, "cost_shift"), "false");
}

/// The Night Ferry's claim, worked by hand from SPEC §4 and the Q2 2025
/// statement. Her 5% is of gross receipts past cash breakeven, so the
/// claim is 5% of what the two base-moving findings add to the base:
///
/// ```text
/// breakeven printed 48,460,736.47 recoups overhead too;
///   agreed (exp.total + nc.direct) / (1 − 10%) is 4,000,000.00 lower
///   (the 3,600,000.00 of overhead grossed up by the deemed 10% fee)    4,000,000.00
/// reserve of 2,500,000.00 held, none of it taken in the last four
///   statements: all of it should have been released                   2,500,000.00
/// the 30% domestic fee past the 10,000,000 tier is an overcharge, but
///   fees are not breakeven costs: it does not move her base                    0.00
/// claim = 5% × (4,000,000.00 + 2,500,000.00)                             325,000.00
/// ```
#[test]
fn night_ferry_claim_by_hand() {
    let (_, report) = run();
    let d = arr(&report, "deals")
        .iter()
        .find(|d| s(d, "deal") == "BWF-2021-IM")
        .expect("The Night Ferry");
    assert_eq!(s(d, "reported_paid"), "1287620.34");
    assert_eq!(s(d, "recomputed_earned"), "1612620.34");
    assert_eq!(s(d, "claim"), "325000.00");
}

/// Saltmarsh (Beacon Street, three amount columns), read by hand from the
/// statements:
///
/// ```text
/// H1 2024 Residuals, Cumulative To Date (D25)                   7,050,377.51
/// H2 2024 Residuals, Previously Reported (B29)                  7,098,627.51
///   restated without a word by                                     48,250.00
///   and the H2 2024 period (2,831,490.29) bridges 7,098,627.51 to
///   9,930,117.80: one PRIOR-RESTATED, no ITD-CONTINUITY
/// H1 2025 SVOD: previously reported 25,000,000.00, to date 50,000,000.00,
///   current period printed 24,875,000.00, should be 25,000,000.00
/// ```
#[test]
fn saltmarsh_restatement_and_continuity_by_hand() {
    let (_, report) = run();
    let ours: Vec<&Value> = arr(&report, "findings")
        .iter()
        .filter(|f| s(f, "deal") == "BST-0412-EV")
        .collect();
    let brief: Vec<String> = ours
        .iter()
        .map(|f| {
            [
                "file", "code", "severity", "line", "reported", "expected", "cells",
            ]
            .iter()
            .map(|k| match &f[*k] {
                Value::Array(a) => a
                    .iter()
                    .map(|c| c.as_str().unwrap_or_default().to_string())
                    .collect::<Vec<_>>()
                    .join(";"),
                _ => s(f, k),
            })
            .collect::<Vec<_>>()
            .join(" ")
        })
        .collect();
    assert_eq!(
        brief,
        vec![
            "saltmarsh/BST-0412-EV 2024-H2.csv PRIOR-RESTATED warning exp.residuals 7098627.51 \
             7050377.51 BST-0412-EV 2024-H2.csv!B29;BST-0412-EV 2024-H1.csv!D25",
            "saltmarsh/BST-0412-EV 2025-H1.csv ITD-CONTINUITY error gr.svod 24875000.00 \
             25000000.00 BST-0412-EV 2025-H1.csv!C15;BST-0412-EV 2025-H1.csv!D15;\
             BST-0412-EV 2025-H1.csv!B15",
        ]
    );
    let line = arr(&report, "statements")
        .iter()
        .find(|st| s(st, "file") == "saltmarsh/BST-0412-EV 2024-H2.csv")
        .and_then(|st| {
            arr(st, "lines")
                .iter()
                .find(|l| s(l, "code") == "exp.residuals")
        })
        .expect("the H2 2024 residuals line");
    assert_eq!(s(line, "previously_reported"), "7098627.51");
    assert_eq!(
        s(line, "previously_reported_cell"),
        "BST-0412-EV 2024-H2.csv!B29"
    );
}
