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
        self.open_at(url, 1400)
    }

    /// As [`Browser::open`], in a window `width` pixels wide.
    fn open_at(&self, url: &str, width: u32) -> Page {
        let size = format!("--window-size={width},2000");
        let out = self.run(
            &[
                "--enable-logging=stderr",
                "--v=0",
                "--virtual-time-budget=3000",
                &size,
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
    let report = out.join("portfolio/report.html");
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
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("portfolio/findings.json")).unwrap(),
    )
    .unwrap();
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

    // At 1400 and at 420 px wide, nothing sticks out of the page: a wide
    // table scrolls inside its own box, a chart scales to its column. A
    // copy of each report measures itself after layout: the page's own
    // width, and every element whose right edge passes the window's
    // outside a scrolling box.
    const MEASURE: &str = "<script>addEventListener('load',function(){var w=innerWidth,bad=[];document.querySelectorAll('body *').forEach(function(e){if(e.closest('.scroll,.sheet,svg'))return;var r=e.getBoundingClientRect();if(r.width>0&&r.right>w+1)bad.push(e.tagName+'.'+e.className+':'+Math.round(r.right));});document.body.setAttribute('data-overflow',String(document.documentElement.scrollWidth-w));document.body.setAttribute('data-out',bad.slice(0,5).join(' '));});</script></body>";
    for report in [
        out.join("portfolio/report.html"),
        out.join("MP-2022-0147/report.html"),
        out.join("BWF-2021-IM/report.html"),
    ] {
        let html = std::fs::read_to_string(&report).unwrap();
        let probe = tmp.path().join("measured.html");
        std::fs::write(&probe, html.replace("</body>", MEASURE)).unwrap();
        for width in [1400, 420] {
            let page = browser.open_at(&url(&probe, ""), width);
            let attr = |name: &str| -> String {
                let at = page
                    .dom
                    .find(&format!("{name}=\""))
                    .unwrap_or_else(|| panic!("{name} not set: the measure did not run"));
                let rest = &page.dom[at + name.len() + 2..];
                rest[..rest.find('"').unwrap()].to_string()
            };
            // (Negative when a scroll bar takes part of the window.)
            assert!(
                attr("data-overflow").parse::<i64>().unwrap() <= 0,
                "{} at {width} px is wider than the window by {}: {}",
                report.display(),
                attr("data-overflow"),
                attr("data-out")
            );
            assert_eq!(attr("data-out"), "", "{} at {width} px", report.display());
        }
    }
}
