//! `manifest.json`: exactly what was audited, so a recipient can verify it
//! (SPEC §6): every input with its size and SHA-256, the contract files, the
//! tool version, the command line and the as-of date; and the other files
//! of the bundle with their own hashes.

use super::RunInfo;
use crate::batch::{sha256_hex, Audit};
use serde::Serialize;

#[derive(Serialize)]
struct ManifestInput<'a> {
    /// Relative to the PATH given, `/`-separated (as in the findings).
    path: &'a str,
    /// The path as it was opened.
    location: String,
    bytes: Option<u64>,
    sha256: Option<&'a str>,
    kind: &'a str,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
}

#[derive(Serialize)]
struct ManifestContract<'a> {
    file: &'a str,
    deal: &'a str,
    sha256: Option<&'a str>,
}

#[derive(Serialize)]
struct ManifestOutput<'a> {
    file: &'a str,
    bytes: u64,
    sha256: String,
}

#[derive(Serialize)]
struct Manifest<'a> {
    tool: &'static str,
    version: &'static str,
    as_of: String,
    command_line: &'a [String],
    inputs: Vec<ManifestInput<'a>>,
    contracts: Vec<ManifestContract<'a>>,
    outputs: Vec<ManifestOutput<'a>>,
}

/// Render the manifest; `outputs` are the bundle's other files (name, bytes).
pub fn render(audit: &Audit, run: &RunInfo, outputs: &[(&str, &[u8])]) -> String {
    let m = Manifest {
        tool: "recoup",
        version: env!("CARGO_PKG_VERSION"),
        as_of: audit.as_of.to_string(),
        command_line: &run.command_line,
        inputs: audit
            .inputs
            .iter()
            .map(|i| ManifestInput {
                path: &i.path,
                location: i.location.to_string_lossy().into_owned(),
                bytes: i.bytes,
                sha256: i.sha256.as_deref(),
                kind: i.kind,
                status: i.status.name(),
                error: i.error.as_deref(),
            })
            .collect(),
        contracts: super::contract_files(audit)
            .into_iter()
            .map(|(file, deal, sha256)| ManifestContract { file, deal, sha256 })
            .collect(),
        outputs: outputs
            .iter()
            .map(|(file, bytes)| ManifestOutput {
                file,
                bytes: bytes.len() as u64,
                sha256: sha256_hex(bytes),
            })
            .collect(),
    };
    let mut s =
        serde_json::to_string_pretty(&m).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}
