//! Discovery, parallel reading and auditing, stable ordering.
//!
//! The only module that reads the filesystem. Files are read in parallel
//! (one task per file), then series in parallel (one task per deal); every
//! list is sorted before it leaves, so the output is the same for any
//! number of threads.

use crate::audit::{self, claim, series};
use crate::contract::{self, Contract, Loaded};
use crate::finding::{self, Code, Finding, Severity};
use crate::grid::{self, FileKind, MAX_FILE_BYTES};
use crate::statement::layout::{self, Layout, Source};
use crate::statement::spill::Spill;
use crate::statement::Statement;
use chrono::NaiveDate;
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    Ok,
    Skipped,
    Error,
}

impl Status {
    pub fn name(&self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Skipped => "skipped",
            Status::Error => "error",
        }
    }
}

/// What happened to one sheet of a workbook.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetNote {
    pub name: String,
    pub status: Status,
    pub error: Option<String>,
}

/// One input file and what became of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Input {
    /// Relative to the PATH given, `/`-separated.
    pub path: String,
    /// The path as it can be opened (for the manifest).
    pub location: PathBuf,
    pub sha256: Option<String>,
    pub bytes: Option<u64>,
    /// `csv`, `xlsx`, …, `contract`, or `other`.
    pub kind: &'static str,
    pub status: Status,
    pub error: Option<String>,
    pub sheets: Vec<SheetNote>,
}

pub struct Options {
    pub paths: Vec<PathBuf>,
    pub contracts: Vec<PathBuf>,
    pub as_of: NaiveDate,
    /// Folders never read (the `--out` folder, when it sits under a PATH).
    pub exclude: Vec<PathBuf>,
    /// How many bytes of statement lines stay in memory between reading and
    /// reporting before the rest are parked on disk (`None`:
    /// [`SPILL_BUDGET`]; `Some(0)` parks every statement's lines).
    pub spill_budget: Option<usize>,
}

/// Statement lines kept in memory, in bytes (about 1,900 statements of 40
/// lines): beyond it a portfolio's further lines wait on disk, so memory
/// holds headers and findings only, however many statements there are (see
/// `statement::spill`). A budget rather than a count of files: a portfolio
/// that fits pays no disk traffic.
pub const SPILL_BUDGET: usize = 16 << 20;

/// Where lines go while the portfolio is read: kept while they fit the
/// budget, else parked in the spill file (made on first need).
struct Parking {
    budget: usize,
    kept: std::sync::atomic::AtomicUsize,
    spill: std::sync::OnceLock<Option<Spill>>,
}

impl Parking {
    fn new(budget: usize) -> Parking {
        Parking {
            budget,
            kept: std::sync::atomic::AtomicUsize::new(0),
            spill: std::sync::OnceLock::new(),
        }
    }

    fn park(&self, st: &mut Statement) {
        use std::sync::atomic::Ordering::Relaxed;
        let size = st.lines_bytes();
        if self.kept.fetch_add(size, Relaxed) + size < self.budget {
            return;
        }
        self.kept.fetch_sub(size, Relaxed);
        // Without a spill file (none can be made), lines stay in memory.
        if let Some(spill) = self.spill.get_or_init(Spill::new) {
            if let Some(at) = spill.put(&st.lines) {
                st.lines = Vec::new();
                st.spilled = Some(at);
            }
        }
    }

    fn into_spill(self) -> Option<Spill> {
        self.spill.into_inner().flatten()
    }
}

/// Everything one run found.
pub struct Audit {
    pub as_of: NaiveDate,
    pub inputs: Vec<Input>,
    pub statements: Vec<Statement>,
    pub deals: Vec<claim::DealSummary>,
    pub findings: Vec<Finding>,
    /// The contracts in force, by deal id (refused ones are not here).
    pub contracts: BTreeMap<String, Contract>,
    /// Where each contract in force was read from (its `Input::location`):
    /// two PATHs may each hold a `contract.toml`, so the display path alone
    /// does not say which input it is.
    pub contract_locations: BTreeMap<String, PathBuf>,
    /// Where the statements' lines are, for a large portfolio.
    pub spill: Option<Spill>,
}

impl Audit {
    /// A statement with its lines, loaded back from the spill if parked there.
    pub fn with_lines<'a>(
        &self,
        st: &'a Statement,
    ) -> std::io::Result<std::borrow::Cow<'a, Statement>> {
        with_lines(self.spill.as_ref(), st)
    }
    pub fn statements_read(&self) -> usize {
        self.statements.len()
    }
    pub fn input_errors(&self) -> usize {
        self.inputs
            .iter()
            .filter(|i| i.status == Status::Error)
            .count()
    }
}

enum Found {
    Statement(FileKind),
    Contract,
    Other,
}

struct Discovered {
    path: PathBuf,
    display: String,
    found: Found,
    /// The PATH it was found under, as given.
    root: String,
}

/// The files `--out` writes (in a deal's folder or the portfolio's);
/// where a recoup manifest lists them they are never inputs.
const BUNDLE_FILES: [&str; 8] = [
    "findings.json",
    "findings.csv",
    "claim.md",
    "claim.xlsx",
    "report.html",
    "summary.md",
    "portfolio.xlsx",
    "manifest.json",
];

fn display_of(root: &Path, path: &Path) -> String {
    let rel = if root == path {
        path.file_name()
            .map(PathBuf::from)
            .unwrap_or_else(|| path.to_path_buf())
    } else {
        path.strip_prefix(root)
            .map(Path::to_path_buf)
            .unwrap_or_else(|_| path.to_path_buf())
    };
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

fn classify(path: &Path) -> Found {
    if let Some(kind) = FileKind::from_path(path) {
        return Found::Statement(kind);
    }
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("toml") => Found::Contract,
        _ => Found::Other,
    }
}

/// The `*.toml` files in the folder of a statement file given as a PATH.
fn sibling_contracts(file: &Path) -> Vec<Discovered> {
    let dir = match file.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut found: Vec<Discovered> = entries
        .filter_map(|e| e.ok())
        .filter(|e| std::fs::metadata(e.path()).is_ok_and(|m| m.is_file()))
        .map(|e| e.path())
        .filter(|p| matches!(classify(p), Found::Contract))
        .map(|p| Discovered {
            root: dir.to_string_lossy().into_owned(),
            display: display_of(&dir, &p),
            found: Found::Contract,
            path: p,
        })
        .collect();
    found.sort_by(|a, b| a.path.cmp(&b.path));
    found
}

/// Walk the PATHs (recursively, not following symbolic links to folders).
fn discover(paths: &[PathBuf], exclude: &[PathBuf], errors: &mut Vec<Input>) -> Vec<Discovered> {
    let exclude: Vec<PathBuf> = exclude
        .iter()
        .filter_map(|p| std::fs::canonicalize(p).ok())
        .collect();
    let mut out = Vec::new();
    for root in paths {
        let meta = match std::fs::metadata(root) {
            Ok(m) => m,
            Err(e) => {
                errors.push(error_input(
                    root.to_string_lossy().into_owned(),
                    root.clone(),
                    "input",
                    format!("cannot open: {e}"),
                ));
                continue;
            }
        };
        if meta.is_file() {
            out.push(Discovered {
                root: root.to_string_lossy().into_owned(),
                path: root.clone(),
                display: display_of(root, root),
                found: classify(root),
            });
            // A statement file given alone is read with the contract beside
            // it, as its folder would be (`check DIR`).
            if matches!(classify(root), Found::Statement(_)) {
                out.extend(sibling_contracts(root));
            }
            continue;
        }
        let mut stack = vec![root.clone()];
        while let Some(dir) = stack.pop() {
            let entries = match std::fs::read_dir(&dir) {
                Ok(e) => e,
                Err(e) => {
                    errors.push(error_input(
                        display_of(root, &dir),
                        dir.clone(),
                        "folder",
                        format!("cannot list folder: {e}"),
                    ));
                    continue;
                }
            };
            // The entry's own type (not following links) comes with the
            // listing on most file systems: no `lstat` per file.
            let mut names: Vec<(PathBuf, Option<std::fs::FileType>)> = entries
                .filter_map(|e| e.ok().map(|e| (e.path(), e.file_type().ok())))
                .collect();
            names.sort_by(|a, b| a.0.cmp(&b.0));
            let excluded = |p: &Path| {
                !exclude.is_empty() && std::fs::canonicalize(p).is_ok_and(|c| exclude.contains(&c))
            };
            let previous = previous_report(&dir, &names);
            for (p, file_type) in names {
                let Some(file_type) =
                    file_type.or_else(|| std::fs::symlink_metadata(&p).ok().map(|m| m.file_type()))
                else {
                    continue;
                };
                if file_type.is_symlink() {
                    // Follow links to files, never to folders (no loops).
                    match std::fs::metadata(&p) {
                        Ok(m) if m.is_file() => {}
                        Ok(_) => continue,
                        Err(e) => {
                            if matches!(classify(&p), Found::Statement(_) | Found::Contract) {
                                errors.push(error_input(
                                    display_of(root, &p),
                                    p.clone(),
                                    "link",
                                    format!("broken link: {e}"),
                                ));
                            }
                            continue;
                        }
                    }
                } else if file_type.is_dir() {
                    if !excluded(&p) {
                        stack.push(p);
                    }
                    continue;
                } else if !file_type.is_file() {
                    continue;
                }
                let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
                if name.starts_with(".~lock") || name.starts_with("~$") {
                    continue; // office lock files, not documents
                }
                if is_previous_output(name, &previous) {
                    continue; // a file of an earlier report bundle
                }
                out.push(Discovered {
                    root: root.to_string_lossy().into_owned(),
                    display: display_of(root, &p),
                    found: classify(&p),
                    path: p,
                });
            }
        }
    }
    out.sort_by(|a, b| a.display.cmp(&b.display).then_with(|| a.path.cmp(&b.path)));
    out.dedup_by(|a, b| a.path == b.path);
    // Two PATHs holding the same relative name (two `contract.toml`): name
    // those files by the PATH as given too, so no two inputs share a name.
    let mut counts: HashMap<String, usize> = HashMap::new();
    for d in &out {
        *counts.entry(d.display.clone()).or_default() += 1;
    }
    for d in out.iter_mut() {
        if counts[&d.display] > 1 {
            d.display = format!("{}/{}", d.root.trim_end_matches('/'), d.display);
        }
    }
    out.sort_by(|a, b| a.display.cmp(&b.display).then_with(|| a.path.cmp(&b.path)));
    out
}

/// A folder of a recoup report bundle (it holds a recoup manifest): the
/// files the bundle wrote there, as its `manifest.json` lists them, never
/// read (empty when there is no recoup manifest among `names`).
fn previous_report(dir: &Path, names: &[(PathBuf, Option<std::fs::FileType>)]) -> Vec<String> {
    if !names
        .iter()
        .any(|(p, _)| p.file_name().is_some_and(|n| n == "manifest.json"))
    {
        return Vec::new();
    }
    let path = dir.join("manifest.json");
    let Ok(meta) = std::fs::metadata(&path) else {
        return Vec::new();
    };
    if meta.len() > MAX_FILE_BYTES {
        return Vec::new();
    }
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Vec::new();
    };
    let Ok(v) = serde_json::from_str::<serde_json::Value>(&text) else {
        return Vec::new();
    };
    if v.get("tool").and_then(|t| t.as_str()) != Some("recoup") {
        return Vec::new();
    }
    let mut out = vec!["manifest.json".to_string()];
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
    out
}

/// A file of an earlier report bundle: in a folder with a recoup
/// manifest, a file of the bundle's that the manifest lists (re-reading
/// `claim.xlsx` as a statement would make it a broken input), or a
/// temporary file of an interrupted write. A statement the user put in
/// such a folder is not listed, and is read.
fn is_previous_output(name: &str, previous: &[String]) -> bool {
    if name.starts_with('.') && name.contains(".tmp-") {
        return true;
    }
    BUNDLE_FILES.contains(&name) && previous.iter().any(|f| f == name)
}

/// An input that could not be opened at all; its reason names it.
fn error_input(path: String, location: PathBuf, kind: &'static str, error: String) -> Input {
    Input {
        error: Some(format!("{path}: {error}")),
        path,
        location,
        sha256: None,
        bytes: None,
        kind,
        status: Status::Error,
        sheets: Vec::new(),
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(2 * digest.len());
    for b in digest {
        s.push(HEX[usize::from(b >> 4)] as char);
        s.push(HEX[usize::from(b & 0xf)] as char);
    }
    s
}

fn read_bounded(path: &Path) -> Result<Vec<u8>, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot open: {e}"))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(format!(
            "{} bytes: larger than the limit of {MAX_FILE_BYTES} bytes for a statement or contract",
            meta.len()
        ));
    }
    std::fs::read(path).map_err(|e| format!("cannot read: {e}"))
}

struct ContractSet {
    by_deal: HashMap<String, Contract>,
    locations: BTreeMap<String, PathBuf>,
    /// Contracts that could not be read (or were refused): the deal each
    /// was meant for (its `deal.id`, when the text names one), its display
    /// path, and why.
    failed: Vec<Failed>,
}

struct Failed {
    deal: Option<String>,
    display: String,
    why: String,
}

impl ContractSet {
    /// Why the contract meant for a deal could not be read: one naming the
    /// deal, else one that names none in a folder holding the deal's
    /// statements. `None` when no such contract failed.
    fn failure(&self, deal: &str, series: &[&Statement]) -> Option<String> {
        let named = self
            .failed
            .iter()
            .filter(|f| f.deal.as_deref() == Some(deal));
        let beside = self.failed.iter().filter(|f| {
            f.deal.is_none() && {
                let dir = f.display.rsplit_once('/').map_or("", |(d, _)| d);
                series
                    .iter()
                    .any(|st| dir.is_empty() || st.file.starts_with(&format!("{dir}/")))
            }
        });
        let why: Vec<&str> = named.chain(beside).map(|f| f.why.as_str()).collect();
        (!why.is_empty()).then(|| why.join("; "))
    }
}

/// Read and parse one contract file: its input record and the contract.
fn load_contract(display: &str, path: &Path) -> (Input, Option<Contract>, Option<Failed>) {
    let mut input = Input {
        path: display.to_string(),
        location: path.to_path_buf(),
        sha256: None,
        bytes: None,
        kind: "contract",
        status: Status::Ok,
        error: None,
        sheets: Vec::new(),
    };
    let mut contract = None;
    let mut deal = None;
    match read_bounded(path) {
        Err(e) => {
            input.status = Status::Error;
            input.error = Some(format!("{display}: {e}"));
        }
        Ok(bytes) => {
            input.sha256 = Some(sha256_hex(&bytes));
            input.bytes = Some(bytes.len() as u64);
            match std::str::from_utf8(&bytes) {
                Err(_) => {
                    input.status = Status::Error;
                    input.error = Some(format!("{display}: not UTF-8 text"));
                }
                Ok(text) => match contract::parse(display, text) {
                    Ok(Loaded::Contract(c)) => contract = Some(*c),
                    Ok(Loaded::NotContract) => {
                        input.status = Status::Skipped;
                        input.kind = "other";
                        input.error = Some("TOML without a [deal] table: not a contract".into());
                    }
                    Err(e) => {
                        input.status = Status::Error;
                        deal = crate::contract::keys::deal_id(text);
                        // The key check names the file on each key.
                        input.error = Some(if e.message.starts_with(display) {
                            e.to_string()
                        } else {
                            format!("{display}: {e}")
                        });
                    }
                },
            }
        }
    }
    let failed = (input.status == Status::Error).then(|| Failed {
        deal,
        display: display.to_string(),
        why: input.error.clone().unwrap_or_default(),
    });
    (input, contract, failed)
}

/// Every contract, read in parallel (a catalogue has one per deal).
fn load_contracts(found: &[(String, PathBuf)], inputs: &mut Vec<Input>) -> ContractSet {
    let read: Vec<(Input, Option<Contract>, Option<Failed>)> = found
        .par_iter()
        .map(|(display, path)| load_contract(display, path))
        .collect();
    let mut loaded: Vec<(usize, Contract)> = Vec::new();
    let mut failed = Vec::new();
    for (input, contract, failure) in read {
        if let Some(c) = contract {
            loaded.push((inputs.len(), c));
        }
        failed.extend(failure);
        inputs.push(input);
    }
    // Two contracts for one deal: refuse both, each naming the other.
    let mut by_id: BTreeMap<String, Vec<(usize, Contract)>> = BTreeMap::new();
    for (i, c) in loaded {
        by_id.entry(c.id.clone()).or_default().push((i, c));
    }
    let mut by_deal = HashMap::new();
    let mut locations = BTreeMap::new();
    for (id, mut list) in by_id {
        if list.len() == 1 {
            let (i, c) = list.remove(0);
            locations.insert(id.clone(), inputs[i].location.clone());
            by_deal.insert(id, c);
            continue;
        }
        let files: Vec<String> = list.iter().map(|(_, c)| c.file.clone()).collect();
        for (i, c) in &list {
            let others: Vec<&String> = files.iter().filter(|f| **f != c.file).collect();
            let why = format!(
                "{}: deal.id \"{id}\" is also the deal of {}; refusing both rather than guessing which holds",
                c.file,
                others.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
            );
            inputs[*i].status = Status::Error;
            inputs[*i].error = Some(why.clone());
            failed.push(Failed {
                deal: Some(id.clone()),
                display: c.file.clone(),
                why,
            });
        }
    }
    ContractSet {
        by_deal,
        locations,
        failed,
    }
}

/// Read one statement file: its input record and the statements in it.
fn read_statement_file(
    d: &Discovered,
    kind: FileKind,
    contracts: &ContractSet,
) -> (Input, Vec<Statement>) {
    let mut input = Input {
        path: d.display.clone(),
        location: d.path.clone(),
        sha256: None,
        bytes: None,
        kind: kind.name(),
        status: Status::Ok,
        error: None,
        sheets: Vec::new(),
    };
    let bytes = match read_bounded(&d.path) {
        Ok(b) => b,
        Err(e) => {
            input.status = Status::Error;
            input.error = Some(format!("{}: {e}", d.display));
            return (input, Vec::new());
        }
    };
    input.sha256 = Some(sha256_hex(&bytes));
    input.bytes = Some(bytes.len() as u64);
    let file_name = d
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| d.display.clone());
    let aliases = |deal: &str| {
        contracts
            .by_deal
            .get(deal.trim())
            .map(|c| c.aliases.clone())
            .filter(|a| !a.is_empty())
    };
    let mut statements = Vec::new();
    let mut problems = Vec::new();
    // One sheet at a time: each grid is laid out and dropped before the next is read.
    let mut each = |g: Result<grid::Grid, grid::ReadError>| match g {
        Err(e) => {
            let name = e.sheet.clone().unwrap_or_default();
            let msg = format!("{}!{}: {}", file_name, name, e.message);
            problems.push(msg.clone());
            input.sheets.push(SheetNote {
                name,
                status: Status::Error,
                error: Some(msg),
            });
        }
        Ok(grid) => {
            let src = Source {
                file: &d.display,
                file_name: &file_name,
                date1904: grid.date1904,
            };
            match layout::layout(&grid, &src, &aliases) {
                Layout::Statement(s) => {
                    input.sheets.push(SheetNote {
                        name: grid.sheet.clone(),
                        status: Status::Ok,
                        error: None,
                    });
                    statements.push(s);
                }
                Layout::NotStatement => {
                    input.sheets.push(SheetNote {
                        name: grid.sheet.clone(),
                        status: Status::Skipped,
                        error: None,
                    });
                }
                Layout::Error(e) => {
                    let msg = match &e.cell {
                        Some(_) => e.to_string(),
                        None if grid.sheet.is_empty() => format!("{file_name}: {}", e.message),
                        None => format!("{file_name}!{}: {}", grid.sheet, e.message),
                    };
                    problems.push(msg.clone());
                    input.sheets.push(SheetNote {
                        name: grid.sheet.clone(),
                        status: Status::Error,
                        error: Some(msg),
                    });
                }
            }
        }
    };
    if let Err(e) = grid::for_each_grid(kind, &bytes, &mut each) {
        input.status = Status::Error;
        input.error = Some(match e.sheet {
            Some(s) => format!("{}!{}: {}", file_name, s, e.message),
            None => format!("{}: {}", file_name, e.message),
        });
        input.sheets.clear();
        return (input, Vec::new());
    }
    drop(bytes);
    if kind == FileKind::Csv {
        input.sheets.clear();
    }
    if !problems.is_empty() {
        input.status = Status::Error;
        input.error = Some(problems.join("; "));
    } else if statements.is_empty() {
        input.status = Status::Error;
        input.error = Some(format!("{file_name}: no statement found (no sheet has a header block with a Deal or a line table)"));
    }
    (input, statements)
}

fn other_input(d: &Discovered) -> Input {
    let (sha, bytes) = match std::fs::metadata(&d.path) {
        Ok(m) if m.len() <= MAX_FILE_BYTES => match std::fs::read(&d.path) {
            Ok(b) => (Some(sha256_hex(&b)), Some(b.len() as u64)),
            Err(_) => (None, Some(m.len())),
        },
        Ok(m) => (None, Some(m.len())),
        Err(_) => (None, None),
    };
    Input {
        path: d.display.clone(),
        location: d.path.clone(),
        sha256: sha,
        bytes,
        kind: "other",
        status: Status::Skipped,
        error: Some("not a statement or contract file".into()),
        sheets: Vec::new(),
    }
}

/// A statement with its lines: itself, or a copy with the lines read back.
fn with_lines<'a>(
    spill: Option<&Spill>,
    st: &'a Statement,
) -> std::io::Result<std::borrow::Cow<'a, Statement>> {
    match (spill, st.spilled) {
        (Some(spill), Some(at)) => {
            let mut full = st.clone();
            full.lines = spill.get(at)?;
            full.spilled = None;
            Ok(std::borrow::Cow::Owned(full))
        }
        _ => Ok(std::borrow::Cow::Borrowed(st)),
    }
}

/// Run the whole audit. `progress` is called once per file read.
pub fn run(opts: &Options, progress: &(dyn Fn() + Sync)) -> Audit {
    let mut inputs: Vec<Input> = Vec::new();
    let mut discovered = discover(&opts.paths, &opts.exclude, &mut inputs);
    // Contracts: found under the PATHs, plus every --contract.
    let mut contract_files: Vec<(String, PathBuf)> = discovered
        .iter()
        .filter(|d| matches!(d.found, Found::Contract))
        .map(|d| (d.display.clone(), d.path.clone()))
        .collect();
    for c in &opts.contracts {
        if !contract_files.iter().any(|(_, p)| p == c) {
            contract_files.push((c.to_string_lossy().into_owned(), c.clone()));
        }
    }
    let contracts = load_contracts(&contract_files, &mut inputs);
    discovered.retain(|d| !matches!(d.found, Found::Contract));

    let parking = Parking::new(opts.spill_budget.unwrap_or(SPILL_BUDGET));
    let results: Vec<(Input, Vec<Statement>)> = discovered
        .into_par_iter()
        .map(|d| {
            let d = &d;
            let mut r = match d.found {
                Found::Statement(kind) => read_statement_file(d, kind, &contracts),
                _ => (other_input(d), Vec::new()),
            };
            for st in r.1.iter_mut() {
                parking.park(st);
            }
            // Kept until every file is read: no spare capacity (a Vec of
            // one statement would otherwise hold room for four).
            r.1.shrink_to_fit();
            r.0.sheets.shrink_to_fit();
            progress();
            r
        })
        .collect();
    let spill = parking.into_spill();
    // Exact capacities: for a large portfolio these two lists are most of
    // what stays in memory, and doubling growth would waste up to half.
    let mut statements = Vec::with_capacity(results.iter().map(|r| r.1.len()).sum());
    inputs.reserve_exact(results.len());
    for (input, mut sts) in results {
        inputs.push(input);
        statements.append(&mut sts);
    }
    inputs.sort_by(|a, b| {
        a.path
            .cmp(&b.path)
            .then_with(|| a.location.cmp(&b.location))
    });
    statements.sort_by(|a, b| {
        (&a.deal, a.period_end, a.period_start, &a.file, &a.sheet).cmp(&(
            &b.deal,
            b.period_end,
            b.period_start,
            &b.file,
            &b.sheet,
        ))
    });

    // Series per deal, audited in parallel.
    let mut by_deal: BTreeMap<&str, Vec<&Statement>> = BTreeMap::new();
    for s in &statements {
        by_deal.entry(s.deal.as_str()).or_default().push(s);
    }
    let per_deal: Vec<(Vec<Finding>, claim::DealSummary, Vec<String>)> = by_deal
        .into_par_iter()
        .map(|(deal, mut list)| {
            series::order(&mut list);
            // A spilled series comes back from disk for its audit, then goes.
            let mut lost = Vec::new();
            let loaded: Vec<std::borrow::Cow<Statement>> = list
                .iter()
                .map(|st| {
                    with_lines(spill.as_ref(), st).unwrap_or_else(|e| {
                        lost.push(unspilled(st, &e));
                        std::borrow::Cow::Borrowed(*st)
                    })
                })
                .collect();
            let list: Vec<&Statement> = loaded.iter().map(|c| c.as_ref()).collect();
            let (findings, summary) = audit_series(deal, &list, &contracts, opts.as_of);
            (findings, summary, lost)
        })
        .collect();
    let mut findings = Vec::new();
    let mut deals = Vec::new();
    for (f, s, lost) in per_deal {
        findings.extend(f);
        deals.push(s);
        // A statement whose lines could not be read back was not audited:
        // say so as an input error (exit 3) rather than report it clean.
        for e in lost {
            inputs.push(error_input(
                "(spill)".to_string(),
                PathBuf::new(),
                "spill",
                e,
            ));
        }
    }
    finding::sort(&mut findings);
    let contract_locations = contracts.locations;
    let contracts = contracts.by_deal.into_iter().collect();
    Audit {
        as_of: opts.as_of,
        inputs,
        statements,
        deals,
        findings,
        contracts,
        spill,
        contract_locations,
    }
}

/// Why a parked statement's lines could not be had back.
fn unspilled(st: &Statement, e: &std::io::Error) -> String {
    let sheet = if st.sheet.is_empty() {
        String::new()
    } else {
        format!("!{}", st.sheet)
    };
    format!(
        "{}{sheet}: lines could not be read back from the temporary spill file: {e}",
        st.file
    )
}

/// Audit one deal's series (in order, lines loaded): every check on every
/// statement, the deadlines, the summary and its notes. A contract meant for
/// the deal that could not be read stops the audit.
fn audit_series(
    deal: &str,
    list: &[&Statement],
    contracts: &ContractSet,
    as_of: NaiveDate,
) -> (Vec<Finding>, claim::DealSummary) {
    let contract = contracts.by_deal.get(deal);
    // A contract meant for this deal that cannot be read stops its
    // audit: no check runs on a guess at its terms.
    if let Some(why) = contract
        .is_none()
        .then(|| contracts.failure(deal, list))
        .flatten()
    {
        let mut summary = claim::summarise(deal, list, None, &[], as_of);
        summary.unchecked.clear();
        summary.contract_error = Some(format!("contract could not be read: {why}"));
        return (Vec::new(), summary);
    }
    let mut findings = Vec::new();
    let mut provisional = Vec::new();
    // A folder that starts part-way through the series: the checks
    // that need the absent statements assert nothing.
    let earlier = list.first().and_then(|f| series::earlier_evidence(f));
    let mut unaged: Vec<(&Statement, usize)> = Vec::new();
    for (k, st) in list.iter().enumerate() {
        let mut ctx = audit::Ctx::new(st, contract);
        if contract.is_none() {
            let msg = format!(
                "No contract file was found for deal {deal}: only the arithmetic and series checks ran on this statement."
            );
            ctx.note(
                Code::NoContract,
                Severity::Warning,
                audit::At::statement(),
                "contract",
                msg,
            );
        }
        audit::arithmetic::check(&mut ctx);
        audit::terms::check(&mut ctx);
        series::check(&mut ctx, if k > 0 { Some(list[k - 1]) } else { None });
        let continuous = k == 0 || !series::broken(list[k - 1], st);
        let missing = audit::reserves::check(&mut ctx, &list[..k], continuous, earlier.is_none());
        if missing > 0 {
            unaged.push((st, missing));
        }
        findings.extend(ctx.out);
        provisional.extend(ctx.provisional);
    }
    let deadlines = claim::deadlines(list, contract, as_of, &findings);
    findings.extend(deadlines);
    let mut summary = claim::summarise(deal, list, contract, &findings, as_of);
    summary.provisional = !provisional.is_empty();
    summary.provisional_reasons = provisional;
    if let Some(note) = contract.and_then(|c| prime_note(c, list)) {
        summary.unchecked.push(note);
    }
    if let (Some(why), Some(first)) = (&earlier, list.first()) {
        summary.unchecked.extend(unaged_note(first, why, &unaged));
    }
    (findings, summary)
}

/// The deal note for a series that starts part-way (SPEC §4 checks that
/// need earlier statements): which statements' reserves could not be aged,
/// and which statements that would take. Not an error and not provisional:
/// nothing is asserted from the absent statements, so the claim rests on
/// none of them (it can only be short of what they would show).
fn unaged_note(first: &Statement, why: &str, unaged: &[(&Statement, usize)]) -> Option<String> {
    let need = unaged.iter().map(|u| u.1).max()?;
    let files: Vec<String> = unaged
        .iter()
        .map(|(st, _)| {
            if st.sheet.is_empty() {
                st.file.clone()
            } else {
                format!("{} [{}]", st.file, st.sheet)
            }
        })
        .collect();
    Some(format!(
        "reserves held past reserves.liquidate_within (RESERVE-UNLIQUIDATED) on {}: the folder starts part-way through the series ({why}); the check needs the statements of the {need} period(s) before {} to know the reserves taken in them, so no finding or claim rests on that limit",
        files.join(", "),
        first.period_start,
    ))
}

/// When a deal's interest runs on recoup's carried prime history and a
/// statement's period ends after the history does, the report says that the
/// last known rate was assumed (SPEC §3, Prime).
fn prime_note(c: &Contract, series: &[&Statement]) -> Option<String> {
    let terms = c.interest.as_ref()?;
    let h = crate::prime::history();
    let late = series
        .iter()
        .filter(|st| terms.carried_prime && st.period_end > h.runs_to)
        .count();
    (late > 0).then(|| {
        format!(
            "interest after {} ({late} statement(s)): checked with the last known prime rate, {}, since recoup's prime history ({}) runs to that date",
            h.runs_to,
            crate::money::fmt_rate(h.last_rate()),
            crate::prime::SOURCE
        )
    })
}
