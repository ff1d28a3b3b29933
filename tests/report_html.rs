//! `report.html` (issue 13): hostile text stays text, cited cells are marked
//! and linked both ways, a file changed after the audit shows no grid, the
//! sample-data report names every deal's claim and makes no request, and the
//! bundle is byte-identical whatever `--jobs`.

mod common;
use common::*;
use recoup::finding::Code;
use std::path::Path;
use std::process::Command;

const CONTRACT: &str = r#"
[deal]
id = "H-1"
title = "<img src=x onerror=alert(2)> & Sons"
participant = "Jane \"JD\" Doe"
currency = "USD"
definition = "net_profits"
share = "5%"
tolerance = "1.00"

[distribution_fees]
theatrical_domestic = "30%"

[audit]
objection_months = 36
"#;

/// Row 13 (D13) prints a 35% fee: 350,000.00 on gross of 1,000,000.00 (D10).
const STATEMENT: &str = "Title,<img src=x onerror=alert(2)> & Sons
Participant,Jane Doe
Deal,H-1
Period Start,2024-01-01
Period End,2024-06-30
Statement Date,2024-08-15
Currency,USD

Section,Line,Current Period,Inception To Date
Gross Receipts,Theatrical - Domestic,1000000.00,1000000.00
Gross Receipts,<script>alert(1)</script>,0.00,0.00
Gross Receipts,Total Gross Receipts,1000000.00,1000000.00
Distribution Fees,Theatrical - Domestic,350000.00,350000.00
Distribution Fees,Total Distribution Fees,350000.00,350000.00
Net Profits,Net Profits (Deficit),650000.00,650000.00
Participant,Participant Share,,32500.00
Participant,Less Previously Paid,,0.00
Participant,Amount Due,,32500.00
";

fn render(dir: &Path) -> (recoup::Audit, String) {
    let audit = audit_at(dir, "2026-11-25");
    let html = recoup::report::html::render(&audit);
    (audit, html)
}

#[test]
fn a_hostile_label_is_shown_as_text() {
    let dir = folder(&[("contract.toml", CONTRACT), ("h.csv", STATEMENT)]);
    let (audit, html) = render(dir.path());
    // The label reached the audit (an unmapped line), so the report had it.
    assert!(audit
        .findings
        .iter()
        .any(|f| f.code == Code::UnmappedLine && f.label == "<script>alert(1)</script>"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!html.contains("<script>alert(1)"));
    assert!(html.contains("&lt;img src=x onerror=alert(2)&gt; &amp; Sons"));
    assert!(!html.contains("<img"));
    assert!(html.contains("Jane &quot;JD&quot; Doe"));
    // One script element: the report's own.
    assert_eq!(html.matches("<script").count(), 1);
}

#[test]
fn a_cited_cell_is_marked_and_linked_both_ways() {
    let dir = folder(&[("contract.toml", CONTRACT), ("h.csv", STATEMENT)]);
    let (audit, html) = render(dir.path());
    let (k, f) = audit
        .findings
        .iter()
        .enumerate()
        .find(|(_, f)| f.code == Code::FeeRate)
        .expect("a FEE-RATE finding");
    assert_eq!(f.cells, vec!["h.csv!D13", "h.csv!D10"]);
    assert_eq!(
        f.reported.map(|d| d.to_string()).as_deref(),
        Some("350000.00")
    );
    let fid = format!("f{}", k + 1);
    // The cell: its id ends in its A1 reference, it shows the figure as the
    // file prints it (CSV text, unformatted) and links to the finding.
    let cell_start = html
        .find("<td id=\"s1-D13\"")
        .expect("the cited cell D13 carries id s1-D13");
    let cell = &html[cell_start..cell_start + html[cell_start..].find("</td>").unwrap()];
    assert!(cell.contains("class=\"n cited error\""), "{cell}");
    assert!(cell.contains(">350000.00<"), "{cell}");
    assert!(cell.contains(&format!("href=\"#{fid}\"")), "{cell}");
    assert!(html.contains("<td id=\"s1-D10\""));
    // The finding: its id, its cells, the figures.
    let at = html
        .find(&format!("<article class=\"finding error\" id=\"{fid}\""))
        .expect("the finding's anchor");
    let article = &html[at..at + html[at..].find("</article>").unwrap()];
    assert!(
        article.contains("data-cells=\"s1-D13 s1-D10\""),
        "{article}"
    );
    assert!(article.contains("href=\"#s1-D13\""), "{article}");
    assert!(article.contains("350,000.00"), "{article}");
    assert!(article.contains("300,000.00"), "{article}");
    assert!(article.contains("50,000.00"), "{article}");
    // The issue row links to the finding.
    assert!(html.contains(&format!(
        "<a href=\"#{fid}\"><strong>Theatrical - Domestic</strong></a>"
    )));
    // Row numbers and column letters of the grid.
    assert!(html.contains("<tr><th>13</th>"));
    assert!(html.contains("<th>A</th><th>B</th><th>C</th><th>D</th>"));
    // The claim: 5% of (650,000 + 50,000) = 35,000.00, less 32,500.00 paid.
    assert_eq!(
        audit.deals[0].claim.map(|d| d.to_string()).as_deref(),
        Some("2500.00")
    );
    assert!(html.contains("2,500.00"));
}

#[test]
fn a_file_changed_after_the_audit_shows_no_grid() {
    let dir = folder(&[("contract.toml", CONTRACT), ("h.csv", STATEMENT)]);
    let audit = audit_at(dir.path(), "2026-11-25");
    std::fs::write(
        dir.path().join("h.csv"),
        STATEMENT.replace("350000.00", "300000.00"),
    )
    .unwrap();
    let html = recoup::report::html::render(&audit);
    assert!(html.contains("the file changed after it was audited"));
    assert!(!html.contains("id=\"s1-D13\""));
    // The finding is still reported, its cells named without a link.
    assert!(html.contains("title=\"h.csv!D13\">D13</span>"));
}

fn bundle(input: &Path, out: &Path, jobs: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_recoup"))
        .arg("check")
        .arg(input)
        .args(["--as-of", "2026-11-25", "--quiet", "--jobs", jobs, "--out"])
        .arg(out)
        .output()
        .expect("run recoup")
}

fn sample_data() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data")
}

#[test]
fn the_sample_report_names_every_claim_and_requests_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let run = bundle(&sample_data(), &out, "2");
    assert_eq!(run.status.code(), Some(1));
    let html = std::fs::read_to_string(out.join("portfolio/report.html")).unwrap();
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("portfolio/findings.json")).unwrap(),
    )
    .unwrap();
    let mut claims = 0;
    let mut total = rust_decimal::Decimal::ZERO;
    for d in json["deals"].as_array().unwrap() {
        assert!(html.contains(d["deal"].as_str().unwrap()));
        if let Some(c) = d["claim"].as_str() {
            let c: rust_decimal::Decimal = c.parse().unwrap();
            let shown = recoup::money::fmt_human(c);
            assert!(
                html.contains(&format!("{shown} <small>USD</small>")),
                "{shown}"
            );
            // The deal's own report is its audit request: its claim, no
            // portfolio total, no request of any kind.
            let id = d["deal"].as_str().unwrap();
            let own = std::fs::read_to_string(out.join(id).join("report.html")).unwrap();
            assert!(
                own.contains(&format!(
                    "<span>Claim</span><strong>{shown} <small>USD</small>"
                )),
                "{id}: {shown}"
            );
            assert!(!own.contains("Total claim"), "{id}");
            assert!(own.contains("Content-Security-Policy\" content=\"default-src 'none'"));
            assert!(own.contains("Audit request: "), "{id}");
            let lower = own.to_ascii_lowercase();
            for bad in ["http://", "https://", "url(", "@import", "ftp://"] {
                assert!(!lower.contains(bad), "{id}/report.html contains {bad}");
            }
            claims += 1;
            total += c;
        }
    }
    assert!(claims >= 4, "{claims} deals with a claim");
    let total = recoup::money::fmt_human(total);
    assert!(
        html.contains(&format!(
            "<span>Total claim</span><strong>{total} <small>USD</small>"
        )),
        "the portfolio's total claim {total}"
    );
    // No request of any kind: no URL with a scheme, no scheme-relative
    // resource, no CSS url(), no import.
    let lower = html.to_ascii_lowercase();
    for bad in ["http://", "https://", "url(", "@import", "ftp://"] {
        assert!(!lower.contains(bad), "report.html contains {bad}");
    }
    for attr in ["src", "href", "action", "srcset", "poster", "data"] {
        for q in ["\"", "'", ""] {
            let needle = format!("{attr}={q}//");
            assert!(!lower.contains(&needle), "report.html contains {needle}");
        }
    }
    assert!(html.contains("Content-Security-Policy\" content=\"default-src 'none'"));
    // Every finding has its anchor; every cell link points at an element.
    let findings = json["findings"].as_array().unwrap().len();
    for k in 1..=findings {
        assert!(html.contains(&format!(" id=\"f{k}\"")), "finding {k}");
    }
    let mut links = 0;
    for part in html.split("href=\"#s").skip(1) {
        let id = &part[..part.find('"').unwrap()];
        assert!(
            html.contains(&format!("id=\"s{id}\"")),
            "dangling link #s{id}"
        );
        links += 1;
    }
    assert!(links > 20, "{links} cell links");
}

#[test]
fn the_bundle_is_identical_for_any_number_of_jobs() {
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("a");
    let b = tmp.path().join("b");
    bundle(&sample_data(), &a, "1");
    bundle(&sample_data(), &b, "3");
    // (The portfolio's manifest.json records the command line, which
    // names --jobs; a deal's manifest does not.)
    for f in [
        "portfolio/report.html",
        "portfolio/findings.json",
        "MP-2022-0147/report.html",
        "MP-2022-0147/claim.md",
        "MP-2022-0147/claim.xlsx",
        "MP-2022-0147/manifest.json",
    ] {
        let x = std::fs::read(a.join(f)).unwrap();
        let y = std::fs::read(b.join(f)).unwrap();
        assert!(x.len() > 1000);
        assert!(x == y, "{f} differs between --jobs 1 and --jobs 3");
    }
}

#[test]
fn a_sheet_too_large_to_draw_is_named_not_drawn() {
    // A stray note far below and to the right: 170 rows by 200 columns.
    let stray = format!("{}{}x\n", "\n".repeat(150), ",".repeat(199));
    let text = format!("{STATEMENT}{stray}");
    let dir = folder(&[("contract.toml", CONTRACT), ("h.csv", &text)]);
    let (audit, html) = render(dir.path());
    assert!(audit.findings.iter().any(|f| f.code == Code::FeeRate));
    assert!(html.contains("too many to draw"), "no note of the size");
    assert!(!html.contains("id=\"s1-D13\""));
    assert!(html.contains("title=\"h.csv!D13\">D13</span>"));
}
