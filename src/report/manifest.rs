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
    /// Each deal's folder in the bundle (the deal's audit request).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    deal_folders: Vec<DealFolder<'a>>,
}

#[derive(Serialize)]
struct DealFolder<'a> {
    deal: &'a str,
    folder: &'a str,
}

fn outputs_of<'a>(outputs: &[(&'a str, &[u8])]) -> Vec<ManifestOutput<'a>> {
    outputs
        .iter()
        .map(|(file, bytes)| ManifestOutput {
            file,
            bytes: bytes.len() as u64,
            sha256: sha256_hex(bytes),
        })
        .collect()
}

fn pretty<T: Serialize>(m: &T) -> String {
    let mut s =
        serde_json::to_string_pretty(m).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

#[derive(Serialize)]
struct DealInput<'a> {
    /// Relative to the folder checked, `/`-separated.
    path: &'a str,
    kind: &'static str,
    bytes: Option<u64>,
    sha256: Option<&'a str>,
}

/// A deal folder's manifest: what the audit request rests on, for the
/// studio to verify. Only that deal's statements and contract, paths
/// relative to the folder checked; no local path, no command line.
#[derive(Serialize)]
struct DealManifest<'a> {
    tool: &'static str,
    version: &'static str,
    as_of: String,
    deal: &'a str,
    title: &'a str,
    participant: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    studio: Option<String>,
    period_start: Option<String>,
    period_end: Option<String>,
    inputs: Vec<DealInput<'a>>,
    outputs: Vec<ManifestOutput<'a>>,
}

/// The manifest of one deal's folder; `audit` is a
/// [`super::scope::deal_scope`], `outputs` the folder's other files.
pub fn render_deal(audit: &Audit, outputs: &[(&str, &[u8])]) -> String {
    let d = audit.deals.first();
    let m = DealManifest {
        tool: "recoup",
        version: env!("CARGO_PKG_VERSION"),
        as_of: audit.as_of.to_string(),
        deal: d.map(|d| d.deal.as_str()).unwrap_or(""),
        title: d.map(|d| d.title.as_str()).unwrap_or(""),
        participant: d.map(|d| d.participant.as_str()).unwrap_or(""),
        studio: d.and_then(|d| super::scope::studio(audit, &d.deal)),
        period_start: d.and_then(|d| d.first_period_start).map(|x| x.to_string()),
        period_end: d.and_then(|d| d.last_period_end).map(|x| x.to_string()),
        inputs: audit
            .inputs
            .iter()
            .map(|i| DealInput {
                path: &i.path,
                kind: if i.kind == "contract" {
                    "contract"
                } else {
                    "statement"
                },
                bytes: i.bytes,
                sha256: i.sha256.as_deref(),
            })
            .collect(),
        outputs: outputs_of(outputs),
    };
    pretty(&m)
}

/// Render the portfolio's manifest; `outputs` are the folder's other files
/// (name, bytes), `folders` each deal's folder (deal, folder name).
pub fn render(
    audit: &Audit,
    run: &RunInfo,
    outputs: &[(&str, &[u8])],
    folders: &[(String, String)],
) -> String {
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
        outputs: outputs_of(outputs),
        deal_folders: folders
            .iter()
            .map(|(deal, folder)| DealFolder { deal, folder })
            .collect(),
    };
    pretty(&m)
}
