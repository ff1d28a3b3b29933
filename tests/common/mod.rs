//! Shared test helpers: write a small portfolio to a temporary folder and
//! audit it, through the library or through the real binary.
#![allow(dead_code)]

use recoup::finding::{Finding, Severity};
use std::path::Path;

/// Replace each `from` with `to` in `base`; panics when a `from` is absent so
/// that a mutation which no longer applies cannot pass silently.
pub fn edit(base: &str, edits: &[(&str, &str)]) -> String {
    let mut s = base.to_string();
    for (from, to) in edits {
        assert!(s.contains(from), "fixture edit does not apply: {from:?}");
        s = s.replacen(from, to, 1);
    }
    s
}

/// Write files into a new temporary folder.
pub fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

pub fn audit_at(dir: &Path, as_of: &str) -> recoup::Audit {
    let as_of = chrono::NaiveDate::parse_from_str(as_of, "%Y-%m-%d").unwrap();
    recoup::run(
        &recoup::Options {
            paths: vec![dir.to_path_buf()],
            contracts: vec![],
            as_of,
            exclude: vec![],
            spill_budget: None,
        },
        &|| {},
    )
}

pub fn audit(dir: &Path) -> recoup::Audit {
    audit_at(dir, "2025-06-01")
}

pub fn errors(a: &recoup::Audit) -> Vec<&Finding> {
    a.findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect()
}

/// `CODE line column reported expected np_effect` for compact assertions.
pub fn brief(f: &Finding) -> String {
    format!(
        "{} {} {} {} {} {}",
        f.code.name(),
        f.line,
        f.column.map(|c| c.name()).unwrap_or("-"),
        f.reported.map(|d| d.to_string()).unwrap_or_default(),
        f.expected.map(|d| d.to_string()).unwrap_or_default(),
        f.np_effect
    )
}

/// Say that a test skipped, and why, on the process's real standard error:
/// the test harness captures `eprintln!` in a passing test, and a skip must
/// never pass in silence (it shows in a plain `cargo test`).
pub fn skipped(why: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "SKIPPED: {why}");
}
