//! The conformance corpora of SPEC §7, scored the way `score.py` scores them:
//! every statement read, every error found with its amounts to the cent,
//! nothing spurious, every scored warning present.
//!
//! The corpora live in `../shared/conformance` (present in CI, absent in a
//! fresh clone). When absent the shared corpora are skipped, and say so; the
//! subset carried in `tests/fixtures/conformance` always runs.

mod common;

use recoup::finding::Severity;
use rust_decimal::Decimal;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::str::FromStr;

type Key = (String, String, String, String);

fn s(v: &Value, k: &str) -> String {
    v.get(k).and_then(Value::as_str).unwrap_or("").to_string()
}

/// Score a corpus; returns the list of problems (empty when it scores 1.000).
fn score(dir: &Path) -> Vec<String> {
    let truth: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("truth.json")).unwrap()).unwrap();
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let audit = recoup::run(
        &recoup::Options {
            paths: vec![dir.to_path_buf()],
            contracts: vec![],
            as_of,
            exclude: vec![],
            spill_budget: None,
        },
        &|| {},
    );
    let mut problems = Vec::new();

    let mut want: BTreeMap<Key, Vec<(Decimal, Decimal)>> = BTreeMap::new();
    for e in truth["errors"].as_array().unwrap() {
        let key = (s(e, "file"), s(e, "sheet"), s(e, "code"), s(e, "line"));
        let amt = |k| Decimal::from_str(&s(e, k)).unwrap();
        want.entry(key)
            .or_default()
            .push((amt("reported"), amt("expected")));
    }
    let mut got: BTreeMap<Key, Vec<(Decimal, Decimal)>> = BTreeMap::new();
    for f in audit
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
    {
        let key = (
            f.file.clone(),
            f.sheet.clone(),
            f.code.name().to_string(),
            f.line.clone(),
        );
        got.entry(key).or_default().push((
            f.reported.unwrap_or_default(),
            f.expected.unwrap_or_default(),
        ));
    }
    for (k, ws) in &want {
        match got.get(k) {
            None => problems.push(format!("missed {k:?} {ws:?}")),
            Some(gs) => {
                for w in ws {
                    if !gs.contains(w) {
                        problems.push(format!("amounts {k:?}: truth {w:?}, got {gs:?}"));
                    }
                }
            }
        }
    }
    for k in got.keys().filter(|k| !want.contains_key(*k)) {
        problems.push(format!("spurious {k:?} {:?}", got[k]));
    }

    // Claims, where the truth lists them: each deal's claim to the cent.
    for d in truth["deals"].as_array().into_iter().flatten() {
        let Some(want) = d.get("claim").and_then(Value::as_str) else {
            continue;
        };
        let want = Decimal::from_str(want).unwrap();
        let got = audit.deals.iter().find(|x| x.deal == s(d, "deal"));
        if got.and_then(|x| x.claim) != Some(want) {
            problems.push(format!(
                "claim {}: truth {want}, got {:?}",
                s(d, "deal"),
                got.and_then(|x| x.claim)
            ));
        }
    }

    // The provisional flag, where the truth lists it (the wild corpus).
    for d in truth["deals"].as_array().into_iter().flatten() {
        let Some(want) = d.get("provisional").and_then(Value::as_bool) else {
            continue;
        };
        let got = audit
            .deals
            .iter()
            .find(|x| x.deal == s(d, "deal"))
            .is_some_and(|x| x.provisional);
        if got != want {
            problems.push(format!(
                "provisional {}: truth {want}, got {got}",
                s(d, "deal")
            ));
        }
    }

    let scored = [
        "PERIOD-GAP",
        "STATEMENT-LATE",
        "UNMAPPED-LINE",
        "PRIOR-RESTATED",
        "CURRENCY-MISMATCH",
    ];
    let got_w: BTreeSet<(String, String, String)> = audit
        .findings
        .iter()
        .map(|f| (f.file.clone(), f.sheet.clone(), f.code.name().to_string()))
        .collect();
    for w in truth["warnings"].as_array().unwrap() {
        let key = (s(w, "file"), s(w, "sheet"), s(w, "code"));
        if scored.contains(&key.2.as_str()) && !got_w.contains(&key) {
            problems.push(format!("missed warning {key:?}"));
        }
    }
    let got_s: BTreeSet<(String, String)> = audit
        .statements
        .iter()
        .map(|s| (s.file.clone(), s.sheet.clone()))
        .collect();
    for st in truth["statements"].as_array().unwrap() {
        let key = (s(st, "file"), s(st, "sheet"));
        if !got_s.contains(&key) {
            problems.push(format!("statement not read {key:?}"));
        }
        // The deal and period must be read right too.
        let read = audit
            .statements
            .iter()
            .find(|x| x.file == key.0 && x.sheet == key.1);
        if let Some(r) = read {
            if r.deal != s(st, "deal") || r.period_end.to_string() != s(st, "period_end") {
                problems.push(format!(
                    "statement {key:?} read as {} {}",
                    r.deal, r.period_end
                ));
            }
        }
    }
    problems
}

fn shared(name: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/conformance")
        .join(name);
    dir.join("truth.json").is_file().then_some(dir)
}

fn check_shared(name: &str) {
    let Some(dir) = shared(name) else {
        common::skipped(&format!("../shared/conformance/{name} is not present (it is in CI); the carried subset still runs"));
        return;
    };
    let problems = score(&dir);
    assert!(
        problems.is_empty(),
        "{name} does not score 1.000:\n{}",
        problems.join("\n")
    );
}

#[test]
fn shared_tidy_corpus_scores_one() {
    check_shared("tidy");
}

#[test]
fn shared_messy_corpus_scores_one() {
    check_shared("messy");
}

#[test]
fn shared_terms_corpus_scores_one() {
    check_shared("terms");
}

#[test]
fn shared_wild_corpus_scores_one() {
    check_shared("wild");
}

#[test]
fn carried_conformance_subset_scores_one() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/conformance");
    let problems = score(&dir);
    assert!(
        problems.is_empty(),
        "carried subset does not score 1.000:\n{}",
        problems.join("\n")
    );
    // The subset is not empty: it holds errors to find.
    let truth: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("truth.json")).unwrap()).unwrap();
    assert!(truth["errors"].as_array().unwrap().len() >= 10);
    assert!(truth["deals"].as_array().unwrap().len() >= 10);
}
