//! `--out DIR`: the report bundle (SPEC §1, §6).
//!
//! ```text
//! DIR/<deal id>/   claim.md claim.xlsx report.html manifest.json   for that deal's studio
//! DIR/portfolio/   findings.json findings.csv summary.md portfolio.xlsx
//!                  report.html manifest.json                        for the auditor
//! ```
//!
//! A deal folder holds one deal's audit request and nothing internal (see
//! [`super::scope`]). The bundle is written whole into a new folder beside
//! DIR and renamed into place, so a reader never sees half a bundle, an
//! earlier bundle is replaced as a whole, and a failure leaves it intact.
//! [`check_target`] refuses, before anything is read, a DIR that holds
//! anything but an earlier bundle.

use super::scope::{self, Audience};
use super::RunInfo;
use crate::batch::Audit;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The auditor's folder.
pub const PORTFOLIO: &str = "portfolio";
/// The name every bundle folder's manifest has.
pub const MANIFEST: &str = "manifest.json";

fn write_file(dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = std::fs::File::create(dir.join(name))?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// The files a folder's recoup manifest lists (`outputs`), with the
/// manifest itself; `None` when the folder holds no recoup manifest.
pub fn manifest_outputs(dir: &Path) -> Option<Vec<String>> {
    let path = dir.join(MANIFEST);
    let meta = std::fs::metadata(&path).ok()?;
    if !meta.is_file() || meta.len() > 64 * 1024 * 1024 {
        return None;
    }
    let text = std::fs::read_to_string(&path).ok()?;
    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
    if v.get("tool").and_then(|t| t.as_str()) != Some("recoup") {
        return None;
    }
    let mut out = vec![MANIFEST.to_string()];
    for o in v
        .get("outputs")
        .and_then(|o| o.as_array())
        .into_iter()
        .flatten()
    {
        if let Some(f) = o.get("file").and_then(|f| f.as_str()) {
            out.push(f.to_string());
        }
    }
    Some(out)
}

/// What a file browser leaves in any folder it shows: no one's work.
fn litter(name: &str) -> bool {
    matches!(name, ".DS_Store" | "Thumbs.db" | "desktop.ini")
}

/// Whether every entry of `dir` is what a recoup manifest there lists.
fn holds_only_its_manifest(dir: &Path) -> bool {
    let Some(listed) = manifest_outputs(dir) else {
        return false;
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    entries.filter_map(|e| e.ok()).all(|e| {
        let name = e.file_name().to_string_lossy().into_owned();
        e.file_type().is_ok_and(|t| t.is_file()) && (listed.contains(&name) || litter(&name))
    })
}

/// Whether `dir` is an earlier bundle: every entry a folder holding only
/// what its recoup manifest lists (or, as an earlier version wrote it, the
/// files themselves with their manifest).
fn is_bundle(dir: &Path) -> bool {
    if holds_only_its_manifest(dir) {
        return true;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    let mut any = false;
    for e in entries {
        let Ok(e) = e else { return false };
        if litter(&e.file_name().to_string_lossy()) {
            continue;
        }
        if !e.file_type().is_ok_and(|t| t.is_dir()) || !holds_only_its_manifest(&e.path()) {
            return false;
        }
        any = true;
    }
    any
}

/// Before anything is read: `--out` must be a new folder, an empty one or
/// an earlier bundle (which is then replaced as a whole).
pub fn check_target(dir: &Path) -> Result<(), String> {
    let Ok(meta) = std::fs::metadata(dir) else {
        return Ok(()); // created by the write
    };
    if !meta.is_dir() {
        return Err(format!(
            "--out {}: this is a file, not a folder; name a new or empty folder for the report bundle",
            dir.display()
        ));
    }
    let empty = std::fs::read_dir(dir)
        .map_err(|e| format!("--out {}: cannot list the folder: {e}", dir.display()))?
        .next()
        .is_none();
    if empty || is_bundle(dir) {
        Ok(())
    } else {
        Err(format!(
            "--out {}: the folder is not empty and holds no earlier recoup report bundle; refusing to overwrite it (name a new or empty folder)",
            dir.display()
        ))
    }
}

/// A deal's folder name: its id, with anything a file system could read
/// as a path or would refuse made `_`; never the auditor's folder's name,
/// never another deal's (compared as a case-blind file system would).
fn folder_names(deals: &[&str]) -> Vec<String> {
    let mut taken: Vec<String> = vec![PORTFOLIO.to_string()];
    deals
        .iter()
        .map(|id| {
            let mut base: String = id
                .trim()
                .chars()
                .map(|c| {
                    if c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ' ') {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            base = base.trim_matches(['.', ' ']).to_string();
            if base.is_empty() {
                base = "deal".to_string();
            }
            base = base.chars().take(100).collect();
            let mut name = base.clone();
            let mut n = 2;
            while taken.contains(&name.to_lowercase()) {
                name = format!("{base}-{n}");
                n += 1;
            }
            taken.push(name.to_lowercase());
            name
        })
        .collect()
}

/// One deal's audit request, into `dir`.
fn write_deal(
    dir: &Path,
    audit: &Audit,
    d: &crate::audit::claim::DealSummary,
    run: &RunInfo,
) -> std::io::Result<()> {
    let scoped = scope::deal_scope(audit, d)?;
    let xlsx = super::claim_xlsx::render(&scoped)
        .map_err(|e| std::io::Error::other(format!("{}/claim.xlsx: {e}", d.deal)))?;
    let files: Vec<(&str, Vec<u8>)> = vec![
        (
            "claim.md",
            super::markdown::render_studio(&scoped, run).into_bytes(),
        ),
        ("claim.xlsx", xlsx),
        (
            "report.html",
            super::html::render_for(&scoped, Audience::Studio).into_bytes(),
        ),
    ];
    let outputs: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (*n, b.as_slice())).collect();
    let manifest = super::manifest::render_deal(&scoped, &outputs);
    std::fs::create_dir(dir)?;
    for (name, bytes) in &files {
        write_file(dir, name, bytes)?;
    }
    write_file(dir, MANIFEST, manifest.as_bytes())
}

/// The auditor's folder, into `dir`.
fn write_portfolio(
    dir: &Path,
    audit: &Audit,
    run: &RunInfo,
    folders: &[(String, String)],
) -> std::io::Result<()> {
    let xlsx = super::xlsx::render(audit, run)
        .map_err(|e| std::io::Error::other(format!("portfolio.xlsx: {e}")))?;
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("findings.json", super::json::render(audit).into_bytes()),
        (
            "findings.csv",
            super::csv::render(&audit.findings).into_bytes(),
        ),
        (
            "summary.md",
            super::markdown::render(audit, run).into_bytes(),
        ),
        ("portfolio.xlsx", xlsx),
        ("report.html", super::html::render(audit).into_bytes()),
    ];
    let outputs: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (*n, b.as_slice())).collect();
    let manifest = super::manifest::render(audit, run, &outputs, folders);
    std::fs::create_dir(dir)?;
    for (name, bytes) in &files {
        write_file(dir, name, bytes)?;
    }
    write_file(dir, MANIFEST, manifest.as_bytes())
}

/// A name beside `dir` in the same parent, for a bundle being written or
/// one being replaced.
fn beside(dir: &Path, what: &str) -> PathBuf {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".to_string());
    let parent = dir.parent().filter(|p| !p.as_os_str().is_empty());
    let tmp = format!(".{name}.recoup-{what}-{}", std::process::id());
    match parent {
        Some(p) => p.join(tmp),
        None => PathBuf::from(tmp),
    }
}

/// Write the bundle: every file into a new folder beside `dir`, then that
/// folder renamed into place (an earlier bundle moved aside first and
/// removed once the new one is in place, or put back if that fails).
pub fn write(dir: &Path, audit: &Audit, run: &RunInfo) -> std::io::Result<()> {
    check_target(dir).map_err(std::io::Error::other)?;
    // An existing folder by its real path: a link to a folder replaces the
    // folder it names and keeps the link; `.` and `..` have a name and a
    // parent to write beside.
    let dir = if dir.exists() {
        std::fs::canonicalize(dir)?
    } else {
        dir.to_path_buf()
    };
    let tmp = beside(&dir, "new");
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp)?;
    }
    std::fs::create_dir_all(&tmp)?;
    let written = write_all(&tmp, audit, run);
    if let Err(e) = written {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    let old = beside(&dir, "old");
    let had = dir.exists();
    if had {
        if old.exists() {
            std::fs::remove_dir_all(&old)?;
        }
        if let Err(e) = std::fs::rename(&dir, &old) {
            let _ = std::fs::remove_dir_all(&tmp);
            return Err(e);
        }
    }
    if let Err(e) = std::fs::rename(&tmp, &dir) {
        if had {
            let _ = std::fs::rename(&old, &dir);
        }
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    if had {
        std::fs::remove_dir_all(&old)?;
    }
    Ok(())
}

fn write_all(root: &Path, audit: &Audit, run: &RunInfo) -> std::io::Result<()> {
    let with_contract: Vec<&crate::audit::claim::DealSummary> = audit
        .deals
        .iter()
        // Never a request for a deal whose contract could not be read: it
        // was not audited (DealSummary::contract_error).
        .filter(|d| d.contract_error.is_none() && audit.contracts.contains_key(&d.deal))
        .collect();
    let ids: Vec<&str> = with_contract.iter().map(|d| d.deal.as_str()).collect();
    let names = folder_names(&ids);
    let folders: Vec<(String, String)> = ids
        .iter()
        .zip(&names)
        .map(|(d, n)| (d.to_string(), n.clone()))
        .collect();
    for (d, name) in with_contract.iter().zip(&names) {
        write_deal(&root.join(name), audit, d, run)?;
    }
    write_portfolio(&root.join(PORTFOLIO), audit, run, &folders)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deal_folders_are_safe_and_distinct() {
        let names = folder_names(&["MP-2022-0147", "../etc", "portfolio", "a/b", "A_B", ""]);
        assert_eq!(
            names,
            [
                "MP-2022-0147",
                "_etc",
                "portfolio-2",
                "a_b",
                "A_B-2",
                "deal"
            ]
        );
    }
}
