//! `--out DIR`: the report bundle (SPEC §6). Every file is rendered first,
//! then written to a temporary name in DIR and renamed into place, so a
//! reader never sees a half-written report, and a rendering failure leaves
//! the folder as it was.

use super::RunInfo;
use crate::batch::Audit;
use std::io::Write;
use std::path::Path;

fn write_atomic(dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let written = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    std::fs::rename(&tmp, dir.join(name)).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

/// The six files of the bundle, rendered: (name, bytes). `manifest.json`
/// comes last and records the others' hashes.
pub fn render(audit: &Audit, run: &RunInfo) -> std::io::Result<Vec<(&'static str, Vec<u8>)>> {
    // The studio-facing files leave out the deals recoup did not audit.
    let view = studio_view(audit)?;
    let studio = view.as_ref().unwrap_or(audit);
    let xlsx = super::xlsx::render(studio, run)
        .map_err(|e| std::io::Error::other(format!("claim.xlsx: {e}")))?;
    let mut files: Vec<(&'static str, Vec<u8>)> = vec![
        ("findings.json", super::json::render(audit).into_bytes()),
        (
            "findings.csv",
            super::csv::render(&audit.findings).into_bytes(),
        ),
        (
            "claim.md",
            super::markdown::render(studio, run).into_bytes(),
        ),
        ("claim.xlsx", xlsx),
        ("report.html", super::html::render(studio).into_bytes()),
    ];
    let outputs: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (*n, b.as_slice())).collect();
    let manifest = super::manifest::render(audit, run, &outputs).into_bytes();
    files.push(("manifest.json", manifest));
    Ok(files)
}

/// The audit the studio-facing files (`claim.md`, `claim.xlsx`,
/// `report.html`) are written from: without the deals whose contract could
/// not be read (`DealSummary::contract_error`), since no request goes to a
/// studio on a deal recoup did not audit. `None` when there is none, the
/// usual case: the audit itself serves. The statements kept are loaded back
/// from the spill, so the view needs none.
fn studio_view(audit: &Audit) -> std::io::Result<Option<Audit>> {
    let skipped: Vec<&str> = audit
        .deals
        .iter()
        .filter(|d| d.contract_error.is_some())
        .map(|d| d.deal.as_str())
        .collect();
    if skipped.is_empty() {
        return Ok(None);
    }
    let keep = |deal: &str| !skipped.contains(&deal);
    let mut statements = Vec::new();
    for st in audit.statements.iter().filter(|s| keep(&s.deal)) {
        statements.push(audit.with_lines(st)?.into_owned());
    }
    // Nor the files read for them: their statements, and the contracts
    // that could not be read.
    let theirs: Vec<&str> = audit
        .statements
        .iter()
        .filter(|s| !keep(&s.deal))
        .map(|s| s.file.as_str())
        .collect();
    let inputs = audit
        .inputs
        .iter()
        .filter(|i| !theirs.contains(&i.path.as_str()))
        .filter(|i| !(i.kind == "contract" && i.status == crate::batch::Status::Error))
        .cloned()
        .collect();
    Ok(Some(Audit {
        as_of: audit.as_of,
        inputs,
        statements,
        deals: audit
            .deals
            .iter()
            .filter(|d| keep(&d.deal))
            .cloned()
            .collect(),
        findings: audit
            .findings
            .iter()
            .filter(|f| keep(&f.deal))
            .cloned()
            .collect(),
        contracts: audit.contracts.clone(),
        contract_locations: audit.contract_locations.clone(),
        spill: None,
    }))
}

pub fn write(dir: &Path, audit: &Audit, run: &RunInfo) -> std::io::Result<()> {
    let files = render(audit, run)?;
    std::fs::create_dir_all(dir)?;
    // No input file is ever modified (SPEC §1): refuse to replace one, as
    // when --out names a folder of statements that holds a findings.csv.
    let inputs: Vec<std::path::PathBuf> = audit
        .inputs
        .iter()
        .filter_map(|i| std::fs::canonicalize(&i.location).ok())
        .collect();
    for (name, _) in &files {
        if let Ok(target) = std::fs::canonicalize(dir.join(name)) {
            if inputs.contains(&target) {
                return Err(std::io::Error::other(format!(
                    "{} is one of the inputs; refusing to overwrite it (choose another --out folder)",
                    target.display()
                )));
            }
        }
    }
    for (name, bytes) in &files {
        write_atomic(dir, name, bytes)?;
    }
    Ok(())
}
