//! `report.html` in a real browser (issue 13): headless Chromium opens the
//! sample-data report with the network off, and the test asserts no console
//! message, every deal's claim on the page, and that navigating to a
//! finding's anchor lights the cells it cites; it saves a screenshot and a
//! printed PDF under target/tmp for a person to look at.
//!
//! Without /usr/bin/chromium (`.ci/run` installs it) the test prints SKIPPED
//! and its reason: it never passes silently.

use std::path::{Path, PathBuf};
use std::process::Command;

const CHROMIUM: &str = "/usr/bin/chromium";

/// The browser: /usr/bin/chromium, or RECOUP_CHROMIUM (to check the skip).
fn chromium() -> String {
    std::env::var("RECOUP_CHROMIUM").unwrap_or_else(|_| CHROMIUM.to_string())
}

/// Flags that keep Chromium from reaching for the network at all (it fails
/// to look up Google's hosts at every start otherwise).
const FLAGS: [&str; 9] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
];

struct Browser {
    profile: tempfile::TempDir,
}

struct Page {
    dom: String,
    console: Vec<String>,
}

impl Browser {
    fn new() -> Browser {
        Browser {
            profile: tempfile::tempdir().unwrap(),
        }
    }

    fn run(&self, extra: &[&str], url: &str) -> std::process::Output {
        Command::new(chromium())
            .args(FLAGS)
            .arg(format!("--user-data-dir={}", self.profile.path().display()))
            .args(extra)
            .arg(url)
            .output()
            .expect("run chromium")
    }

    /// The DOM after the page's scripts ran, and every console message.
    fn open(&self, url: &str) -> Page {
        let out = self.run(
            &[
                "--enable-logging=stderr",
                "--v=0",
                "--virtual-time-budget=3000",
                "--dump-dom",
            ],
            url,
        );
        assert!(out.status.success(), "chromium failed on {url}");
        let console = String::from_utf8_lossy(&out.stderr)
            .lines()
            .filter(|l| l.contains(":CONSOLE"))
            .map(str::to_string)
            .collect();
        Page {
            dom: String::from_utf8_lossy(&out.stdout).into_owned(),
            console,
        }
    }
}

fn url(path: &Path, fragment: &str) -> String {
    format!("file://{}{fragment}", path.display())
}

fn sample_bundle(out: &Path) {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    let run = Command::new(env!("CARGO_BIN_EXE_recoup"))
        .arg("check")
        .arg(&sample)
        .args(["--as-of", "2026-11-25", "--quiet", "--out"])
        .arg(out)
        .output()
        .expect("run recoup");
    assert_eq!(run.status.code(), Some(1));
}

#[test]
fn the_report_opens_in_chromium() {
    let browser_path = chromium();
    if !Path::new(&browser_path).is_file() {
        // Written to the process's standard error directly, past the test
        // harness's capture, so the skip shows in every `cargo test` run.
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED the_report_opens_in_chromium: {browser_path} is absent (apt-get install -y chromium; .ci/run installs it)"
        );
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    sample_bundle(&out);
    let report = out.join("report.html");
    let browser = Browser::new();

    // The harness sees console messages: a page that logs one is caught.
    let probe = tmp.path().join("probe.html");
    std::fs::write(
        &probe,
        "<!DOCTYPE html><p>probe</p><script>console.error('probe-message')</script>",
    )
    .unwrap();
    let p = browser.open(&url(&probe, ""));
    assert!(
        p.console.iter().any(|l| l.contains("probe-message")),
        "the console harness caught nothing: {:?}",
        p.console
    );

    // The report: its script ran, nothing on the console.
    let page = browser.open(&url(&report, ""));
    assert!(
        page.dom.contains("data-ready=\"1\""),
        "the report's script did not run"
    );
    assert!(page.console.is_empty(), "console: {:#?}", page.console);

    // Every deal's claim is on the rendered page.
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("findings.json")).unwrap()).unwrap();
    let mut claims = 0;
    for d in json["deals"].as_array().unwrap() {
        if let Some(c) = d["claim"].as_str() {
            let shown = recoup::money::fmt_human(c.parse().unwrap());
            assert!(page.dom.contains(&shown), "claim {shown} of {}", d["deal"]);
            claims += 1;
        }
    }
    assert!(claims >= 4, "{claims} deals with a claim");

    // Navigating to a finding's anchor lights the cells it cites.
    let findings = json["findings"].as_array().unwrap();
    let (k, f) = findings
        .iter()
        .enumerate()
        .find(|(_, f)| f["code"] == "OVERHEAD-RATE")
        .expect("the sample data has an OVERHEAD-RATE finding");
    let a1 = f["cells"][0].as_str().unwrap().rsplit('!').next().unwrap();
    let page = browser.open(&url(&report, &format!("#f{}", k + 1)));
    assert!(page.console.is_empty(), "console: {:#?}", page.console);
    let lit: Vec<&str> = page
        .dom
        .split("<td id=\"")
        .skip(1)
        .filter(|t| {
            let head = &t[..t.find('>').unwrap_or(0)];
            head.contains(" lit\"") || head.contains(" lit ")
        })
        .map(|t| &t[..t.find('"').unwrap()])
        .collect();
    assert!(
        lit.iter().any(|id| id.ends_with(&format!("-{a1}"))),
        "finding {} cites {a1}; lit cells: {lit:?}",
        k + 1
    );
    assert!(page.dom.contains(&format!("data-lit=\"{}\"", lit.len())));

    // A screenshot and a printed PDF, for a person to look at.
    let keep = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("report-html");
    std::fs::create_dir_all(&keep).unwrap();
    let shot = keep.join("screenshot.png");
    let pdf = keep.join("report.pdf");
    let _ = std::fs::remove_file(&shot);
    let _ = std::fs::remove_file(&pdf);
    browser.run(
        &[
            "--window-size=1400,2000",
            &format!("--screenshot={}", shot.display()),
        ],
        &url(&report, ""),
    );
    browser.run(
        &[
            "--no-pdf-header-footer",
            &format!("--print-to-pdf={}", pdf.display()),
        ],
        &url(&report, ""),
    );
    let png = std::fs::read(&shot).expect("a screenshot");
    assert!(png.starts_with(b"\x89PNG") && png.len() > 50_000);
    let printed = std::fs::read(&pdf).expect("a PDF");
    assert!(printed.starts_with(b"%PDF"));
    println!("screenshot {} and PDF {}", shot.display(), pdf.display());
}
