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
    let xlsx = super::xlsx::render(audit, run)
        .map_err(|e| std::io::Error::other(format!("claim.xlsx: {e}")))?;
    let mut files: Vec<(&'static str, Vec<u8>)> = vec![
        ("findings.json", super::json::render(audit).into_bytes()),
        (
            "findings.csv",
            super::csv::render(&audit.findings).into_bytes(),
        ),
        ("claim.md", super::markdown::render(audit, run).into_bytes()),
        ("claim.xlsx", xlsx),
        ("report.html", super::html::render(audit).into_bytes()),
    ];
    let outputs: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (*n, b.as_slice())).collect();
    let manifest = super::manifest::render(audit, run, &outputs).into_bytes();
    files.push(("manifest.json", manifest));
    Ok(files)
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
