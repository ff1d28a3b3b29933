//! `recoup init`: a draft contract for every deal that has none, from its
//! statements.
//!
//! The statements are read exactly as `check` reads them (`batch::run`, the
//! same discovery, layouts and contracts); for each deal without a contract
//! in force the draft names every key its statements make relevant and, next
//! to each rate, the rate the studio's own figures imply on the latest
//! statement. The draft is checked with the real contract parser before it is
//! written, and written beside the statements (or in `--out`) without ever
//! replacing a file. It is not a contract reader and guesses nothing it
//! writes as fact: every implied value says so and asks to be confirmed.
//!
//! How an implied rate is written: the rate that makes recoup's own check
//! reproduce the printed figure. First the shortest percentage with at most
//! two decimals (`30%`, `12.5%`, `7.25%`) that reproduces it to the cent;
//! failing that, the shortest such percentage within the deal's tolerance
//! (a studio that rounds monthly); failing that, as many decimals as it takes
//! to reproduce it to the cent.

mod draft;
mod fit;
mod guess;

pub use fit::{fit_ceiling, fit_rate, two_piece, Fit, Seen};

use crate::audit::{self, series};
use crate::batch;
use crate::contract::{self, Loaded};
use crate::statement::Statement;
use chrono::NaiveDate;
use draft::Draft;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// What `init` was asked to do.
pub struct Options {
    pub paths: Vec<PathBuf>,
    /// Where drafts go (default: beside each deal's latest statement).
    pub out: Option<PathBuf>,
    /// The date written in each draft's header.
    pub today: NaiveDate,
}

/// What became of one deal.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// A draft was written.
    Written {
        deal: String,
        path: PathBuf,
        statements: usize,
    },
    /// A file of the draft's name is already there: left untouched.
    Exists { deal: String, path: PathBuf },
    /// The deal has a contract in force (possibly an earlier draft).
    HasContract { deal: String, file: String },
    /// A contract file for the deal does not parse: fix it, no draft.
    BrokenContract { deal: String, file: String },
    /// The draft could not be written (read-only folder, full disk).
    Failed {
        deal: String,
        path: PathBuf,
        error: String,
    },
}

/// Everything one `init` did.
pub struct Report {
    pub outcomes: Vec<Outcome>,
    /// The `--out` folder, if drafts went there rather than beside the statements.
    pub out: Option<PathBuf>,
    /// Inputs that could not be read, as `check` lists them.
    pub input_errors: Vec<String>,
    pub statements: usize,
}

impl Report {
    /// The text printed on standard output.
    pub fn render(&self) -> String {
        let mut o = String::new();
        let mut written = 0;
        for x in &self.outcomes {
            match x {
                Outcome::Written {
                    deal,
                    path,
                    statements,
                } => {
                    written += 1;
                    o.push_str(&format!(
                        "{deal}: wrote {} (from {statements} statement{})\n",
                        path.display(),
                        if *statements == 1 { "" } else { "s" }
                    ));
                }
                Outcome::Exists { deal, path } => o.push_str(&format!(
                    "{deal}: {} already exists; left untouched (init never overwrites a file)\n",
                    path.display()
                )),
                Outcome::HasContract { deal, file } => {
                    if file.ends_with(".draft.toml") {
                        o.push_str(&format!(
                            "{deal}: already has a draft contract, {file}; left untouched\n"
                        ))
                    } else {
                        o.push_str(&format!(
                            "{deal}: already has a contract, {file}; no draft written\n"
                        ))
                    }
                }
                Outcome::BrokenContract { deal, file } => o.push_str(&format!(
                    "{deal}: its contract {file} does not parse (see the error above); no draft written: fix that file instead\n"
                )),
                Outcome::Failed { deal, path, .. } => o.push_str(&format!(
                    "{deal}: could not write {} (see the error below); nothing written for it\n",
                    path.display()
                )),
            }
        }
        if written > 0 {
            let then = match &self.out {
                None => "run `recoup check` on the same folder".to_string(),
                Some(d) => format!(
                    "move each beside its statements (or pass it to `recoup check` with --contract; drafts in {} are read only if it is under a PATH)",
                    d.display()
                ),
            };
            o.push_str(&format!(
                "\n{written} draft{} written. Next: edit each draft against the agreement (deal.share and deal.definition first, then every rate marked CONFIRM), then {then}.\n",
                if written == 1 { "" } else { "s" }
            ));
        } else if !self.outcomes.is_empty() {
            o.push_str("\nNo draft written: every deal already has a contract or a draft.\n");
        }
        o
    }

    /// Exit code: 2 nothing read or a draft could not be written, 3 some
    /// inputs unreadable, else 0.
    pub fn exit_code(&self) -> u8 {
        if self.statements == 0
            || self
                .outcomes
                .iter()
                .any(|o| matches!(o, Outcome::Failed { .. }))
        {
            2
        } else if !self.input_errors.is_empty() {
            3
        } else {
            0
        }
    }
}

/// Read the PATHs as `check` does and write a draft for every deal without a
/// contract.
pub fn run(opts: &Options, progress: &(dyn Fn() + Sync)) -> Report {
    let audit = batch::run(
        &batch::Options {
            paths: opts.paths.clone(),
            contracts: Vec::new(),
            as_of: opts.today,
            exclude: Vec::new(),
            spill_budget: None,
        },
        progress,
    );
    let input_errors: Vec<String> = audit
        .inputs
        .iter()
        .filter(|i| i.status == batch::Status::Error)
        .map(|i| i.error.clone().unwrap_or_else(|| i.path.clone()))
        .collect();
    // A contract that does not parse still names its deal, usually: that
    // deal is not drafted again (a second contract would be refused with it).
    let mut broken: BTreeMap<String, String> = BTreeMap::new();
    for i in audit
        .inputs
        .iter()
        .filter(|i| i.kind == "contract" && i.status == batch::Status::Error)
    {
        if let Some(id) = deal_id_of(&i.location) {
            broken.entry(id).or_insert_with(|| i.path.clone());
        }
    }
    let mut by_deal: BTreeMap<&str, Vec<&Statement>> = BTreeMap::new();
    for s in &audit.statements {
        by_deal.entry(s.deal.as_str()).or_default().push(s);
    }
    let mut outcomes = Vec::new();
    let mut names: BTreeSet<PathBuf> = BTreeSet::new();
    for (deal, mut list) in by_deal {
        if let Some(c) = audit.contracts.get(deal) {
            outcomes.push(Outcome::HasContract {
                deal: deal.to_string(),
                file: c.file.clone(),
            });
            continue;
        }
        if let Some(file) = broken.get(deal) {
            outcomes.push(Outcome::BrokenContract {
                deal: deal.to_string(),
                file: file.clone(),
            });
            continue;
        }
        series::order(&mut list);
        let loaded: Result<Vec<std::borrow::Cow<Statement>>, std::io::Error> =
            list.iter().map(|s| audit.with_lines(s)).collect();
        let dir = match &opts.out {
            Some(d) => d.clone(),
            None => folder_of(&audit, list[list.len() - 1]),
        };
        let path = dir.join(file_name(deal));
        let loaded = match loaded {
            Ok(l) => l,
            Err(e) => {
                outcomes.push(Outcome::Failed {
                    deal: deal.to_string(),
                    path,
                    error: format!("the statements could not be read back: {e}"),
                });
                continue;
            }
        };
        let series: Vec<&Statement> = loaded.iter().map(|c| c.as_ref()).collect();
        // Two deal ids that sanitise to one file name: the second waits.
        if !names.insert(path.clone()) {
            outcomes.push(Outcome::Exists {
                deal: deal.to_string(),
                path,
            });
            continue;
        }
        let text = match draft(&series, opts.today) {
            Ok(t) => t,
            Err(e) => {
                outcomes.push(Outcome::Failed {
                    deal: deal.to_string(),
                    path,
                    error: format!("the draft does not parse (a bug in recoup init): {e}"),
                });
                continue;
            }
        };
        let outcome = match write_new(&dir, &path, &text) {
            Ok(true) => Outcome::Written {
                deal: deal.to_string(),
                path,
                statements: series.len(),
            },
            Ok(false) => Outcome::Exists {
                deal: deal.to_string(),
                path,
            },
            Err(e) => Outcome::Failed {
                deal: deal.to_string(),
                path,
                error: e.to_string(),
            },
        };
        outcomes.push(outcome);
    }
    Report {
        outcomes,
        out: opts.out.clone(),
        input_errors,
        statements: audit.statements.len(),
    }
}

/// `deal.id` of a contract file that did not load, if its TOML says.
fn deal_id_of(path: &Path) -> Option<String> {
    let meta = std::fs::metadata(path).ok()?;
    if meta.len() > crate::grid::MAX_FILE_BYTES {
        return None;
    }
    let text = std::fs::read_to_string(path).ok()?;
    let table: toml::Table = toml::from_str(&text).ok()?;
    let id = table.get("deal")?.get("id")?.as_str()?.trim().to_string();
    (!id.is_empty()).then_some(id)
}

/// The folder holding a statement's file.
fn folder_of(audit: &batch::Audit, st: &Statement) -> PathBuf {
    audit
        .inputs
        .iter()
        .find(|i| i.path == st.file)
        .and_then(|i| i.location.parent().map(Path::to_path_buf))
        .unwrap_or_else(|| PathBuf::from("."))
}

/// `<deal>.draft.toml`, with anything but letters, digits, `-`, `_` and `.`
/// in the deal id replaced (a deal id is not a path).
pub fn file_name(deal: &str) -> String {
    let mut s: String = deal
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if s.is_empty() || s.starts_with('.') {
        s.insert(0, '_');
    }
    // File systems allow 255 bytes a name: keep well inside it.
    if s.len() > 120 {
        let mut end = 120;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        s.truncate(end);
    }
    format!("{s}.draft.toml")
}

/// Write `text` to `path` unless something is already there. Written whole
/// or not at all: a temporary file in the same folder, then linked to its
/// name (which fails, rather than replaces, when the name is taken).
/// `Ok(false)`: the file exists and was left untouched.
pub fn write_new(dir: &Path, path: &Path, text: &str) -> std::io::Result<bool> {
    use std::io::Write;
    if std::fs::symlink_metadata(path).is_ok() {
        return Ok(false);
    }
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        drop(f);
        match std::fs::hard_link(&tmp, path) {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
            // A file system without hard links: rename, having looked first.
            Err(_) if std::fs::symlink_metadata(path).is_err() => {
                std::fs::rename(&tmp, path).map(|_| true)
            }
            Err(e) => Err(e),
        }
    })();
    let _ = std::fs::remove_file(&tmp);
    result
}

// ---------------------------------------------------------------------------
// The draft itself: statements in, TOML text out.

/// The draft contract for one deal's series (ordered as `check` orders it).
pub fn draft(series: &[&Statement], today: NaiveDate) -> Result<String, String> {
    let Some(latest) = series.last().copied() else {
        return Err("no statement".to_string());
    };
    let deal = latest.deal.trim().to_string();
    let tolerance = audit::default_tolerance();
    let mut d = Draft {
        preamble: preamble(series, &deal, today),
        tables: Vec::new(),
    };
    let def = guess::definition(series, latest);
    let (t, share_step) = guess::deal(series, latest, &deal, &def, tolerance);
    d.tables.push(t);

    guess::gross_receipts(&mut d, series, tolerance);
    guess::fees(&mut d, series, tolerance);
    guess::expenses(&mut d, series, tolerance);
    guess::negative_cost(&mut d, series, tolerance);
    guess::interest(&mut d, series, tolerance);
    guess::deductions(&mut d, series, &def);
    if let Some(b) = def.breakeven {
        d.tables.push(b);
    }
    match share_step {
        Some(step) => d.tables.push(step),
        None => {
            if let Some(stub) = guess::share_step_stub(series) {
                d.tables.push(stub);
            }
        }
    }
    guess::reserves(&mut d, series);
    guess::bonuses(&mut d, series);
    guess::audit_terms(&mut d);
    guess::aliases(&mut d, series);
    // What the contract checks still say on the latest statement with these
    // rates (a fee on no gross receipts): named in the header.
    let text = d.render();
    let remaining = remaining_findings(series, &text);
    if !remaining.is_empty() {
        d.preamble.push(String::new());
        d.preamble.push(
            "On the latest statement these contract checks fail with the terms as drafted (the studio's own figures, its wider bases left out):"
                .into(),
        );
        for r in remaining {
            d.preamble.push(format!("  {r}"));
        }
    }
    d.finish(&deal)
}

/// The header comment: what the draft is, where it came from, what to change first.
fn preamble(series: &[&Statement], deal: &str, today: NaiveDate) -> Vec<String> {
    let (first, latest) = (series[0], series[series.len() - 1]);
    vec![
        format!(
            "DRAFT contract for deal {deal}, written by `recoup init` on {today} from {} statement{} ({} to {}; latest {}{}).",
            series.len(),
            if series.len() == 1 { "" } else { "s" },
            first.period_start,
            latest.period_end,
            latest.file,
            if latest.sheet.is_empty() { String::new() } else { format!("!{}", latest.sheet) }
        ),
        String::new(),
        "Every rate in it is the rate the studio's OWN figures imply on the latest statement, not".into(),
        "the rate the agreement grants. As it stands `recoup check` accepts this file and its".into(),
        "contract checks pass on the latest statement by construction: what it reports are the".into(),
        "arithmetic and series findings, and the earlier statements whose figures imply another".into(),
        "rate (named beside that rate). An audit starts when the agreement's terms replace these.".into(),
        "One exception: a base wider than the agreement's default that only the studio's practice".into(),
        "shows (interest on overhead, overhead among the breakeven costs) is never written as a".into(),
        "term: it is commented (STUDIO'S PRACTICE), with what it is worth, and `check` flags the".into(),
        "difference until you confirm it. Every report from this draft says DRAFT TERMS first.".into(),
        String::new(),
        "Change first: deal.share and deal.definition (the participation base), then every value".into(),
        "marked CONFIRM, then the commented keys (remove the `# `) for terms the agreement sets.".into(),
        "Implied rates are the shortest percentage (up to two decimals: 30%, 12.5%) that reproduces".into(),
        "the printed figure to the cent, else within deal.tolerance, else with more decimals.".into(),
    ]
}

/// The contract-check findings `check` gives the latest statement under the
/// draft `text` (nothing when the draft does not parse yet: `finish` says).
fn remaining_findings(series: &[&Statement], text: &str) -> Vec<String> {
    let Ok(Loaded::Contract(c)) = contract::parse("draft", text) else {
        return Vec::new();
    };
    let k = series.len() - 1;
    let mut ctx = audit::Ctx::new(series[k], Some(&c));
    audit::terms::check(&mut ctx);
    series::check(&mut ctx, if k > 0 { Some(series[k - 1]) } else { None });
    ctx.out
        .iter()
        .filter(|f| f.code.kind() == "C")
        .map(|f| {
            format!(
                "{} {}: {}",
                f.code.name(),
                f.line,
                f.message.split(" (").next().unwrap_or(&f.message)
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_safe() {
        assert_eq!(file_name("D101-0000"), "D101-0000.draft.toml");
        assert_eq!(file_name("LN/2019 JD"), "LN_2019_JD.draft.toml");
        assert_eq!(file_name("../x"), "_.._x.draft.toml");
        assert_eq!(file_name(&"é".repeat(100)).len(), 120 + ".draft.toml".len());
    }

    #[test]
    fn write_new_never_replaces_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.draft.toml");
        assert!(write_new(dir.path(), &path, "one\n").unwrap());
        assert!(!write_new(dir.path(), &path, "two\n").unwrap());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "one\n");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "no temporary file left");
    }
}
