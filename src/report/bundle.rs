//! `--out DIR`: the report bundle (SPEC §6). Every file is written to a
//! temporary name in DIR and renamed into place, so a reader never sees a
//! half-written report.

use super::RunInfo;
use crate::batch::Audit;
use std::path::Path;

fn write_atomic(dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, dir.join(name)).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

pub fn write(dir: &Path, audit: &Audit, run: &RunInfo) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    write_atomic(dir, "findings.json", super::json::render(audit).as_bytes())?;
    write_atomic(
        dir,
        "findings.csv",
        super::csv::render(&audit.findings).as_bytes(),
    )?;
    write_atomic(
        dir,
        "claim.md",
        super::markdown::render(audit, run).as_bytes(),
    )?;
    Ok(())
}
