//! SPEC §6: the same inputs always give byte-identical `findings.json`,
//! whatever `--jobs`. Runs the real binary on the carried conformance subset
//! with one and with two worker threads and compares standard output bytes.

use std::path::Path;
use std::process::Command;

fn check_json(jobs: &str) -> Vec<u8> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/conformance");
    let out = Command::new(env!("CARGO_BIN_EXE_recoup"))
        .arg("check")
        .arg(&dir)
        .args(["--format", "json", "--as-of", "2026-11-25", "--quiet"])
        .args(["--jobs", jobs])
        .output()
        .expect("run recoup");
    // 1: discrepancies found, which the corpus holds on purpose.
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

#[test]
fn findings_json_is_identical_for_any_number_of_jobs() {
    let one = check_json("1");
    assert!(one.len() > 1000);
    for jobs in ["2", "3", "1"] {
        assert!(one == check_json(jobs), "--jobs 1 and --jobs {jobs} differ");
    }
}

#[test]
fn nothing_on_stderr_when_piped_even_without_quiet() {
    // Standard error is a pipe here, so the progress bar must stay silent.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/conformance");
    let out = Command::new(env!("CARGO_BIN_EXE_recoup"))
        .arg("check")
        .arg(&dir)
        .args(["--format", "json", "--as-of", "2026-11-25"])
        .output()
        .expect("run recoup");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        out.stderr.is_empty(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn streamed_json_is_the_rendered_document() {
    // `check --format json` streams the document; it must be the very bytes
    // `report::json::render` builds (and the bundle's findings.json holds).
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/conformance");
    let audit = recoup::run(
        &recoup::Options {
            paths: vec![dir],
            contracts: vec![],
            as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
            exclude: vec![],
            spill_budget: None,
        },
        &|| {},
    );
    let rendered = recoup::report::json::render(&audit);
    // The binary names the inputs relative to the PATH given, as run() does.
    assert!(rendered.into_bytes() == check_json("2"));
}

/// A large portfolio parks its statements' lines on disk between reading and
/// reporting (`statement::spill`); the report must not change by a byte.
#[test]
fn spilled_lines_give_the_same_report() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in [
        root.join("tests/fixtures/conformance"),
        root.join("sample-data"),
    ] {
        let run = |spill_budget: Option<usize>| {
            recoup::run(
                &recoup::Options {
                    paths: vec![dir.clone()],
                    contracts: vec![],
                    as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
                    exclude: vec![],
                    spill_budget,
                },
                &|| {},
            )
        };
        let kept = run(None);
        let spilled = run(Some(0));
        assert!(kept.spill.is_none() && spilled.spill.is_some());
        // The headers stay in memory, the lines do not.
        assert!(spilled
            .statements
            .iter()
            .all(|s| s.lines.is_empty() && s.spilled.is_some()));
        assert!(kept.statements.iter().map(|s| s.lines.len()).sum::<usize>() > 500);
        // A budget of half the lines: some statements kept, the rest parked.
        let half = kept
            .statements
            .iter()
            .map(|s| s.lines_bytes())
            .sum::<usize>()
            / 2;
        let mixed = run(Some(half));
        let parked = mixed
            .statements
            .iter()
            .filter(|s| s.spilled.is_some())
            .count();
        assert!(
            parked > 0 && parked < mixed.statements.len(),
            "{parked} of {} parked",
            mixed.statements.len()
        );
        let (a, b, c) = (
            recoup::report::json::render(&kept),
            recoup::report::json::render(&spilled),
            recoup::report::json::render(&mixed),
        );
        assert!(a.len() > 10_000);
        assert!(
            a == b && a == c,
            "spilled and kept reports differ for {}",
            dir.display()
        );
    }
}
