//! claim.xlsx printed as an exhibit (issue 18): LibreOffice converts each
//! sample deal's claim.xlsx to PDF (landscape Letter), and poppler reads
//! the words back with their boxes. No printed text is smaller than 9 pt
//! (measured against a 9 pt Arial line converted the same way), no amount
//! runs into the text beside it, and every sheet's columns are on one page
//! width: the last column's heading is on every page that has the first's.
//!
//! Without `soffice` and `pdftotext` (`.ci/run` installs them) the test
//! prints SKIPPED.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

fn tool(name: &str) -> Option<PathBuf> {
    ["/usr/bin", "/usr/local/bin"]
        .iter()
        .map(|d| Path::new(d).join(name))
        .find(|p| p.is_file())
}

/// Convert a workbook to PDF with LibreOffice, in its own profile.
fn to_pdf(soffice: &Path, xlsx: &Path, dir: &Path, profile: &Path) -> PathBuf {
    let run = Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .arg(xlsx)
        .output()
        .expect("run soffice");
    assert!(run.status.success(), "{run:?}");
    let pdf = dir.join(xlsx.with_extension("pdf").file_name().unwrap());
    assert!(pdf.is_file(), "no PDF: {run:?}");
    pdf
}

/// Each page's words: (x_min, y_min, x_max, y_max, text).
type Word = (f64, f64, f64, f64, String);

fn words(pdftotext: &Path, pdf: &Path) -> Vec<Vec<Word>> {
    let out = Command::new(pdftotext)
        .arg("-bbox")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("run pdftotext");
    let text = String::from_utf8_lossy(&out.stdout);
    let attr = |tag: &str, name: &str| -> f64 {
        let at = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        tag[at..at + tag[at..].find('"').unwrap()].parse().unwrap()
    };
    let mut pages = Vec::new();
    for page in text.split("<page ").skip(1) {
        let mut list = Vec::new();
        for w in page.split("<word ").skip(1) {
            let end = w.find('>').unwrap();
            let tag = &w[..end];
            let body = &w[end + 1..w.find("</word>").unwrap()];
            list.push((
                attr(tag, "xMin"),
                attr(tag, "yMin"),
                attr(tag, "xMax"),
                attr(tag, "yMax"),
                body.replace("&amp;", "&"),
            ));
        }
        pages.push(list);
    }
    pages
}

#[test]
fn claim_xlsx_prints_at_nine_points_or_more_one_page_wide() {
    let (Some(soffice), Some(pdftotext)) = (tool("soffice"), tool("pdftotext")) else {
        common::skipped(
            "claim_xlsx_prints_at_nine_points_or_more_one_page_wide: soffice or pdftotext absent (apt-get install -y libreoffice-calc-nogui poppler-utils; .ci/run installs them)",
        );
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let profile = tmp.path().join("profile");
    let out = tmp.path().join("out");
    let run = Command::new(env!("CARGO_BIN_EXE_recoup"))
        .arg("check")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data"))
        .args(["--as-of", "2026-11-25", "--quiet", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));

    // The yardstick: a line of 9 pt Arial, printed at 100%.
    let reference = tmp.path().join("nine.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let f = rust_xlsxwriter::Format::new()
        .set_font_name("Arial")
        .set_font_size(9);
    wb.add_worksheet()
        .write_string_with_format(0, 0, "Ninepoint 1,234.56 Yardstick", &f)
        .unwrap();
    wb.save(&reference).unwrap();
    let pdf = to_pdf(&soffice, &reference, tmp.path(), &profile);
    let nine = words(&pdftotext, &pdf)[0]
        .iter()
        .map(|w| w.3 - w.1)
        .fold(f64::MAX, f64::min);
    assert!(nine > 5.0 && nine < 20.0, "a 9 pt line is {nine} high");

    let amount_then_text = |t: &str| {
        // `200,000.00Ask`: an amount that runs into the next cell's text.
        let b = t.as_bytes();
        (3..b.len()).any(|i| {
            b[i - 3].is_ascii_digit()
                && b[i - 2] == b'.'
                && b[i - 1].is_ascii_digit()
                && b.get(i).is_some_and(|c| c.is_ascii_digit())
                && b.get(i + 1).is_some_and(|c| c.is_ascii_alphabetic())
        })
    };
    let mut deals = 0;
    for e in std::fs::read_dir(&out).unwrap() {
        let dir = e.unwrap().path();
        let xlsx = dir.join("claim.xlsx");
        if !xlsx.is_file() {
            continue;
        }
        let pdf = to_pdf(&soffice, &xlsx, &dir, &profile);
        let pages = words(&pdftotext, &pdf);
        assert!(!pages.is_empty());
        let mut smallest = f64::MAX;
        for (n, page) in pages.iter().enumerate() {
            for w in page {
                let h = w.3 - w.1;
                smallest = smallest.min(h);
                assert!(
                    h >= nine - 0.05,
                    "{} page {}: {:?} is printed smaller than 9 pt ({h} < {nine})",
                    xlsx.display(),
                    n + 1,
                    w.4
                );
                assert!(!amount_then_text(&w.4), "{}: {:?}", xlsx.display(), w.4);
                assert!(
                    w.2 <= 792.0 - 18.0,
                    "{}: {:?} off the page",
                    xlsx.display(),
                    w.4
                );
            }
            // Each table's last column is on the page of its first.
            let has = |t: &str| page.iter().any(|w| w.4 == t);
            for (first, second, last) in [
                ("Ref", "Col", "Message"),
                ("Ref", "Code", "Observation"),
                ("No.", "Issue", "Requested"),
                ("Path", "Kind", "SHA-256"),
                ("Step", "What", "Amount"),
            ] {
                if has(first) && has(second) {
                    assert!(
                        has(last),
                        "{} page {}: {first} is here but {last} is on another page",
                        xlsx.display(),
                        n + 1
                    );
                }
            }
        }
        eprintln!(
            "{}: {} pages, smallest text {:.2} (9 pt = {nine:.2})",
            xlsx.display(),
            pages.len(),
            smallest
        );
        deals += 1;
    }
    assert_eq!(deals, 7);
}
