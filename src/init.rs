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

use crate::audit::{self, series};
use crate::batch;
use crate::contract::{self, Loaded};
use crate::finding::Code;
use crate::money::{fmt_human, fmt_rate, round_cents};
use crate::statement::{Column, LineKind, Section, Statement};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const ITD: Column = Column::Itd;
const CONFIRM: &str = "CONFIRM against the agreement";
/// What a commented stub holds where only the agreement can give the
/// figure: visibly not a figure, and refused by `check` if uncommented as is.
const PLACEHOLDER_AMOUNT: &str = "ENTER-AMOUNT";
const PLACEHOLDER_RATE: &str = "ENTER-RATE";

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

/// One `key = value` line; written commented when not `on`.
struct Entry {
    key: String,
    value: String,
    note: String,
    on: bool,
    /// What to write instead (value, note) if this version of recoup
    /// refuses the value, or another entry of its group.
    fallback: Option<(String, String)>,
    /// Entries that stand or fall together (`overhead` with `overhead_on`).
    group: Option<&'static str>,
}

struct Table {
    /// `deal`, `distribution_fees`, `bonus` (an array of tables when `array`).
    name: String,
    array: bool,
    intro: Vec<String>,
    entries: Vec<Entry>,
}

impl Table {
    fn new(name: &str) -> Table {
        Table {
            name: name.to_string(),
            array: false,
            intro: Vec::new(),
            entries: Vec::new(),
        }
    }
    fn intro(&mut self, line: impl Into<String>) {
        self.intro.push(line.into());
    }
    fn on(&mut self, key: &str, value: String, note: impl Into<String>) {
        self.entries.push(Entry {
            key: key.to_string(),
            value,
            note: note.into(),
            on: true,
            fallback: None,
            group: None,
        });
    }
    fn off(&mut self, key: &str, value: String, note: impl Into<String>) {
        self.entries.push(Entry {
            key: key.to_string(),
            value,
            note: note.into(),
            on: false,
            fallback: None,
            group: None,
        });
    }
}

struct Draft {
    preamble: Vec<String>,
    tables: Vec<Table>,
}

fn comment_text(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() && c != '\t' { ' ' } else { c })
        .collect()
}

/// A TOML basic string.
fn q(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn rate_value(r: Decimal) -> String {
    q(&fmt_rate(r))
}

impl Draft {
    fn render(&self) -> String {
        let mut o = String::new();
        for l in &self.preamble {
            o.push_str(&format!("# {}\n", comment_text(l)).replace("# \n", "#\n"));
        }
        for t in &self.tables {
            o.push('\n');
            for l in &t.intro {
                o.push_str(&format!("# {}\n", comment_text(l)));
            }
            let live = t.entries.iter().any(|e| e.on);
            let header = if t.array {
                format!("[[{}]]", t.name)
            } else {
                format!("[{}]", t.name)
            };
            if live {
                o.push_str(&header);
            } else {
                o.push_str(&format!("# {header}"));
            }
            o.push('\n');
            for e in &t.entries {
                let line = format!("{} = {}", e.key, e.value);
                let line = if e.on { line } else { format!("# {line}") };
                if e.note.is_empty() {
                    o.push_str(&format!("{line}\n"));
                } else {
                    o.push_str(&format!("{line}   # {}\n", comment_text(&e.note)));
                }
            }
        }
        o
    }

    /// Write commented (or as its fallback) every entry a parse error names.
    fn demote(&mut self, target: &str, why: &str) -> bool {
        let reason = match unknown_field(why) {
            Some(f) => format!("`{f}` is not a key it knows"),
            None => why.chars().take(120).collect(),
        };
        let mut groups: Vec<&'static str> = Vec::new();
        let mut refused_keys: Vec<String> = Vec::new();
        for t in &self.tables {
            for e in &t.entries {
                let path = format!("{}.{}", t.name, e.key);
                let hit = path == target
                    || t.name == target
                    || path.starts_with(&format!("{target}."))
                    || path.ends_with(&format!(".{target}"))
                    // Inside the entry's value: `distribution_fees.svod[0].rate`.
                    || target.starts_with(&format!("{path}."))
                    || target.starts_with(&format!("{path}["));
                if hit && e.on {
                    refused_keys.push(path);
                    groups.extend(e.group);
                }
            }
        }
        if refused_keys.is_empty() {
            return false;
        }
        for t in &mut self.tables {
            for e in &mut t.entries {
                let path = format!("{}.{}", t.name, e.key);
                let direct = refused_keys.contains(&path);
                if !e.on || !(direct || e.group.is_some_and(|g| groups.contains(&g))) {
                    continue;
                }
                let refused = if direct {
                    format!(
                        "(this version of recoup refuses {} = {}: {reason})",
                        e.key, e.value
                    )
                } else {
                    format!(
                        "(this version of recoup refuses {}: {reason})",
                        refused_keys.join(", ")
                    )
                };
                match e.fallback.take() {
                    Some((value, note)) => {
                        e.value = value;
                        e.note = format!("{note} {refused}");
                    }
                    None => {
                        e.on = false;
                        e.note = format!("{} {refused}", e.note);
                    }
                }
            }
        }
        true
    }

    /// The `table.key` of the entry written on the line a TOML error names
    /// ("at line 29"), for errors that name no key (a value of the wrong type).
    fn path_at_line(&self, text: &str, message: &str) -> Option<String> {
        let rest = &message[message.find("at line ")? + "at line ".len()..];
        let n: usize = rest
            .chars()
            .take_while(|c| c.is_ascii_digit())
            .collect::<String>()
            .parse()
            .ok()?;
        let line = text.lines().nth(n.checked_sub(1)?)?;
        let key = line.split('=').next()?.trim();
        // The table the line belongs to: the last header above it.
        let header = text
            .lines()
            .take(n)
            .filter(|l| l.starts_with('['))
            .last()?
            .trim_matches(|c| c == '[' || c == ']');
        self.tables
            .iter()
            .any(|t| t.name == header && t.entries.iter().any(|e| e.on && e.key == key))
            .then(|| format!("{header}.{key}"))
    }

    /// The text, checked with the contract parser: a key this version of
    /// recoup refuses is written commented, saying why.
    fn finish(mut self, deal: &str) -> Result<String, String> {
        for _ in 0..64 {
            let text = self.render();
            match contract::parse("draft", &text) {
                Ok(Loaded::Contract(c)) if c.id == deal.trim() => return Ok(text),
                Ok(_) => return Err(format!("the draft does not name deal {deal}")),
                Err(e) => {
                    let target = e
                        .key
                        .clone()
                        .or_else(|| unknown_field(&e.message))
                        .or_else(|| self.path_at_line(&text, &e.message));
                    match target {
                        Some(t) if self.demote(&t, &e.message) => continue,
                        _ => return Err(e.to_string()),
                    }
                }
            }
        }
        Err("too many keys refused".to_string())
    }
}

/// The field serde names in "unknown field `x`, expected …", or the first
/// key the contract's key check names ("key `x` is not a contract key").
fn unknown_field(message: &str) -> Option<String> {
    let start = ["unknown field `", "key `"]
        .iter()
        .find_map(|p| message.find(p).map(|at| at + p.len()))?;
    let rest = &message[start..];
    Some(rest[..rest.find('`')?].to_string())
}

/// How a rate was found (see the module comment).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    /// Reproduces the printed figure to the cent.
    Exact,
    /// Reproduces it within the tolerance only.
    Tolerance,
    /// A ceiling at or above the printed figure (interest).
    Ceiling,
}

/// The rate to write for a printed figure: `approx` is printed ÷ base, and
/// `expected(rate)` the figure recoup's check computes with `rate`.
pub fn fit_rate(
    approx: Decimal,
    printed: Decimal,
    tolerance: Decimal,
    expected: impl Fn(Decimal) -> Decimal,
) -> Option<(Decimal, Fit)> {
    if approx < Decimal::ZERO || approx > Decimal::ONE {
        return None;
    }
    let printed = round_cents(printed);
    let try_dp = |dp: u32, ok: &dyn Fn(Decimal) -> bool| -> Option<Decimal> {
        let step = Decimal::new(1, dp);
        let c = approx.round_dp(dp);
        let mut cands = vec![c, c - step, c + step, c - step - step, c + step + step];
        cands.sort_by_key(|r| (*r - approx).abs());
        cands
            .into_iter()
            .filter(|r| *r >= Decimal::ZERO && *r <= Decimal::ONE)
            .find(|r| ok(*r))
    };
    let exact = |r: Decimal| round_cents(expected(r)) == printed;
    let close = |r: Decimal| (round_cents(expected(r)) - printed).abs() <= tolerance;
    // Percentages with up to two decimals: fractions with up to four.
    for dp in 2..=4 {
        if let Some(r) = try_dp(dp, &exact) {
            return Some((r.normalize(), Fit::Exact));
        }
    }
    for dp in 2..=4 {
        if let Some(r) = try_dp(dp, &close) {
            return Some((r.normalize(), Fit::Tolerance));
        }
    }
    for dp in 5..=20 {
        if let Some(r) = try_dp(dp, &exact) {
            return Some((r.normalize(), Fit::Exact));
        }
    }
    None
}

/// For a ceiling: the rate reproducing the printed figure to the cent with
/// at most two decimals of a percent, else the printed figure's own rate
/// rounded up to a hundredth of a percent (so the ceiling allows it).
pub fn fit_ceiling(
    approx: Decimal,
    printed: Decimal,
    expected: impl Fn(Decimal) -> Decimal,
) -> Option<(Decimal, Fit)> {
    if approx < Decimal::ZERO || approx > Decimal::ONE {
        return None;
    }
    if let Some((r, Fit::Exact)) = fit_rate(approx, printed, Decimal::ZERO, &expected) {
        if r.scale() <= 4 {
            return Some((r, Fit::Exact));
        }
    }
    let printed = round_cents(printed);
    let step = Decimal::new(1, 4);
    let mut r =
        approx.round_dp_with_strategy(4, rust_decimal::RoundingStrategy::ToPositiveInfinity);
    while round_cents(expected(r)) < printed && r < Decimal::ONE {
        r += step;
    }
    Some((r.min(Decimal::ONE).normalize(), Fit::Ceiling))
}

/// `round(rate × base)`, the shape of every proportional check.
fn times(base: Decimal) -> impl Fn(Decimal) -> Decimal {
    move |r| round_cents(r * base)
}

/// Two rates with a break between them (a fee tier, a share step above a
/// base): `r1` on the part of the base up to `at`, `r2` above it, the sum
/// rounded once. Found only from at least three statements with different
/// bases, at least one below the break and two above, and only when the
/// pair reproduces every one of them within the tolerance.
pub fn two_piece(seen: &[Seen], tol: Decimal) -> Option<(Decimal, Decimal, Decimal)> {
    let mut obs: Vec<&Seen> = seen.iter().filter(|s| s.base > Decimal::ZERO).collect();
    obs.sort_by_key(|s| s.base);
    obs.dedup_by_key(|s| s.base);
    if obs.len() < 3 {
        return None;
    }
    let close = |s: &Seen, v: Decimal| (v - round_cents(s.printed)).abs() <= tol;
    // Both rates short (at most two decimals of a percent), as agreements write them.
    let (r1, _) = fit_rate(obs[0].approx(), obs[0].printed, tol, times(obs[0].base))
        .filter(|(r, _)| r.normalize().scale() <= 4)?;
    let below = obs
        .iter()
        .take_while(|s| close(s, times(s.base)(r1)))
        .count();
    if below == 0 || obs.len() - below < 2 {
        return None;
    }
    let (a, b) = (obs[obs.len() - 2], obs[obs.len() - 1]);
    let slope = (b.printed - a.printed) / (b.base - a.base);
    let model = |r2: Decimal, at: Decimal, g: Decimal| {
        round_cents(r1 * g.min(at) + r2 * (g - at).max(Decimal::ZERO))
    };
    for dp in 2..=4 {
        let r2 = slope.round_dp(dp);
        if r2 == r1 || r2 < Decimal::ZERO || r2 > Decimal::ONE {
            continue;
        }
        let at = (b.printed - r2 * b.base) / (r1 - r2);
        if at <= Decimal::ZERO {
            continue;
        }
        for k in (0..=7).rev() {
            let step = Decimal::from(10i64.pow(k));
            let at = ((at / step).round() * step).normalize();
            if at > Decimal::ZERO && obs.iter().all(|s| close(s, model(r2, at, s.base))) {
                return Some((r1.normalize(), at, r2.normalize()));
            }
        }
    }
    None
}

fn itd(st: &Statement, code: &str) -> Option<Decimal> {
    st.sum(code, ITD)
}

fn nonzero(v: Option<Decimal>) -> Option<Decimal> {
    v.filter(|d| !d.is_zero())
}

/// The media, kinds and memo codes printed anywhere in the series: in the
/// latest statement's order, then those only earlier statements print.
fn codes_with_prefix(series: &[&Statement], prefix: &str) -> Vec<String> {
    let mut seen = Vec::new();
    for st in series.iter().rev() {
        for l in &st.lines {
            if l.kind == LineKind::Item {
                if let Some(name) = l.code.strip_prefix(prefix) {
                    if !seen.iter().any(|s: &String| s == name) {
                        seen.push(name.to_string());
                    }
                }
            }
        }
    }
    seen
}

/// An observation of one rate on one statement: printed figure and base.
pub struct Seen {
    period_end: NaiveDate,
    printed: Decimal,
    base: Decimal,
    /// For interest: the period's days (the rate is annual).
    days: Option<i64>,
}

impl Seen {
    fn new(period_end: NaiveDate, printed: Decimal, base: Decimal) -> Seen {
        Seen {
            period_end,
            printed,
            base,
            days: None,
        }
    }
    /// printed ÷ base, per year for interest.
    fn approx(&self) -> Decimal {
        match self.days {
            Some(days) if days > 0 => {
                self.printed * Decimal::from(365) / (self.base * Decimal::from(days))
            }
            _ => self.printed / self.base,
        }
    }
}

/// The implied rate and its note, checked against every statement: the rate
/// comes from the latest statement in `seen`; statements it does not
/// reproduce within the tolerance are named.
fn implied(
    what: &str,
    seen: &[Seen],
    tolerance: Decimal,
    expected: &dyn Fn(&Seen, Decimal) -> Decimal,
) -> Result<(Decimal, String), String> {
    implied_as(what, seen, tolerance, expected, false).map(|(r, n, _)| (r, n))
}

/// [`implied`], or for a ceiling (interest) the rate at which the printed
/// figure is at most the ceiling, and only statements above it named.
fn implied_as(
    what: &str,
    seen: &[Seen],
    tolerance: Decimal,
    expected: &dyn Fn(&Seen, Decimal) -> Decimal,
    ceiling: bool,
) -> Result<(Decimal, String, Fit), String> {
    let Some(last) = seen.last() else {
        return Err(String::new());
    };
    if last.base.is_zero() {
        return Err(format!(
            "{} on {}, on a base of zero: no rate can be implied",
            fmt_human(last.printed),
            last.period_end
        ));
    }
    let approx = last.approx();
    let found = if ceiling {
        fit_ceiling(approx, last.printed, |r| expected(last, r))
    } else {
        fit_rate(approx, last.printed, tolerance, |r| expected(last, r))
    };
    let Some((rate, fit)) = found else {
        return Err(format!(
            "{} ÷ {} on {} is {}, outside 0–100%: no rate can be written",
            fmt_human(last.printed),
            fmt_human(last.base),
            last.period_end,
            fmt_rate(approx.round_dp(6))
        ));
    };
    let mut note = format!(
        "implied by the statements ({what} on {}{}) — {CONFIRM}",
        last.period_end,
        match fit {
            Fit::Exact => String::new(),
            Fit::Tolerance => ", within the tolerance".to_string(),
            Fit::Ceiling => format!(
                ": {}, rounded up, since any rate at or above it allows the interest printed",
                fmt_rate(approx.round_dp(6))
            ),
        }
    );
    let differ: Vec<String> = seen[..seen.len() - 1]
        .iter()
        .filter(|s| !s.base.is_zero())
        .filter(|s| {
            let d = round_cents(s.printed) - expected(s, rate);
            if ceiling {
                d > tolerance
            } else {
                d.abs() > tolerance
            }
        })
        .map(|s| {
            let r = if ceiling {
                fit_ceiling(s.approx(), s.printed, |r| expected(s, r))
            } else {
                fit_rate(s.approx(), s.printed, Decimal::ZERO, |r| expected(s, r))
            }
            .map(|(r, _)| fmt_rate(r))
            .unwrap_or_else(|| "another rate".to_string());
            format!("{} implies {r}", s.period_end)
        })
        .collect();
    if !differ.is_empty() {
        let shown: Vec<&String> = differ.iter().take(4).collect();
        note.push_str(&format!(
            "; earlier statements differ ({}{}): `check` will flag them",
            shown
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            if differ.len() > 4 {
                format!(", and {} more", differ.len() - 4)
            } else {
                String::new()
            }
        ));
    }
    Ok((rate, note, fit))
}

/// The draft contract for one deal's series (ordered as `check` orders it).
pub fn draft(series: &[&Statement], today: NaiveDate) -> Result<String, String> {
    let Some(latest) = series.last().copied() else {
        return Err("no statement".to_string());
    };
    let deal = latest.deal.trim().to_string();
    let tolerance = audit::default_tolerance();
    let mut d = Draft {
        preamble: Vec::new(),
        tables: Vec::new(),
    };
    let first = series[0];
    d.preamble = vec![
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
    ];

    // [deal]
    let mut t = Table::new("deal");
    t.on("id", q(&deal), "the statements' Deal");
    if !latest.title.trim().is_empty() {
        t.on("title", q(latest.title.trim()), "");
    }
    if !latest.participant.trim().is_empty() {
        t.on("participant", q(latest.participant.trim()), "");
    }
    t.on(
        "currency",
        q(latest.currency.trim()),
        "as printed on the statements",
    );
    let def = definition(series, latest);
    t.entries.push(Entry {
        key: "definition".into(),
        value: q(def.name),
        note: format!("GUESS from the lines printed: {} — {CONFIRM}", def.why),
        on: true,
        fallback: def.fallback.map(|f| {
            (
                q(f),
                format!("GUESS from the lines printed: {} — {CONFIRM}", def.why),
            )
        }),
        group: None,
    });
    let mut share_step: Option<Table> = None;
    // share = share.earned ÷ max(0, np.total), on the latest statement with
    // a positive base.
    let seen: Vec<Seen> = series
        .iter()
        .filter_map(|st| {
            let np = itd(st, "np.total")?;
            let earned = itd(st, "share.earned")?;
            (np > Decimal::ZERO).then_some(Seen::new(st.period_end, earned, np))
        })
        .collect();
    match implied(
        "share earned ÷ the participation base",
        &seen,
        tolerance,
        &|s, r| times(s.base)(r),
    ) {
        Ok((rate, mut note)) => match two_piece(&seen, tolerance)
            .filter(|_| note.contains("differ"))
        {
            // One share does not fit every statement; a step above a base does.
            Some((s0, above, s1)) => {
                t.entries.push(Entry {
                    key: "share".into(),
                    value: rate_value(s0),
                    note: format!(
                        "implied by the statements: {} of the base up to {} and {} above it ([[share_step]] below) reproduce every statement's share — {CONFIRM}",
                        fmt_rate(s0),
                        fmt_human(above),
                        fmt_rate(s1)
                    ),
                    on: true,
                    fallback: Some((rate_value(rate), note)),
                    group: Some("share_step"),
                });
                let mut step = Table::new("share_step");
                step.array = true;
                step.intro("The share above a base, as the statements imply it.");
                for (key, value) in [("above", q(&above.to_string())), ("share", rate_value(s1))] {
                    step.entries.push(Entry {
                        key: key.into(),
                        value,
                        note: format!("implied by the statements — {CONFIRM}"),
                        on: true,
                        fallback: None,
                        group: Some("share_step"),
                    });
                }
                share_step = Some(step);
            }
            None => {
                if note.contains("earlier statements differ") {
                    note.push_str(
                        "; a share that changes with the base or a box-office figure may be a [[share_step]]",
                    );
                }
                t.on("share", rate_value(rate), note)
            }
        },
        Err(why) => t.on(
            "share",
            q("0%"),
            format!(
                "NO share can be implied ({}): ENTER the agreement's share (required)",
                if why.is_empty() {
                    "no statement shows a share earned on a positive participation base"
                } else {
                    why.as_str()
                }
            ),
        ),
    }
    t.on(
        "tolerance",
        q("1.00"),
        "differences up to this are not findings",
    );
    d.tables.push(t);

    gross_receipts(&mut d, series, tolerance);
    fees(&mut d, series, tolerance);
    expenses(&mut d, series, tolerance);
    negative_cost(&mut d, series, tolerance);
    interest(&mut d, series, tolerance);
    deductions(&mut d, series, &def);
    if let Some(b) = def.breakeven {
        d.tables.push(b);
    }
    match share_step {
        Some(step) => d.tables.push(step),
        None => {
            if let Some(stub) = share_step_stub(series) {
                d.tables.push(stub);
            }
        }
    }
    reserves(&mut d, series);
    bonuses(&mut d, series);
    audit_terms(&mut d);
    aliases(&mut d, series);
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

struct Guess {
    name: &'static str,
    why: String,
    fallback: Option<&'static str>,
    off_the_top: Option<Vec<String>>,
    breakeven: Option<Table>,
}

/// Whether `np.total` (inception to date) of `st` passes ARITH-NET under a
/// probe contract (the real check decides, not a copy of it).
fn net_holds(st: &Statement, probe: &str) -> bool {
    let Ok(Loaded::Contract(c)) = contract::parse("probe", probe) else {
        return false;
    };
    let mut ctx = audit::Ctx::new(st, Some(&c));
    audit::arithmetic::check(&mut ctx);
    !ctx.out
        .iter()
        .any(|f| f.code == Code::ArithNet && f.line == "np.total" && f.column == Some(ITD))
}

fn probe(definition: &str, off: &[String]) -> String {
    let list: Vec<String> = off.iter().map(|c| q(c)).collect();
    format!(
        "[deal]\nid = \"probe\"\ndefinition = \"{definition}\"\nshare = \"0%\"\n[deductions]\noff_the_top = [{}]\n",
        list.join(", ")
    )
}

fn definition(series: &[&Statement], latest: &Statement) -> Guess {
    let np_label = latest
        .line("np.total")
        .map(|l| l.label.to_ascii_lowercase())
        .unwrap_or_default();
    let magr = np_label.contains("magr") || np_label.contains("modified adjusted");
    if let Some(b) = series.iter().rev().find_map(|st| itd(st, "memo.breakeven")) {
        return Guess {
            name: "gross_after_breakeven",
            why: format!(
                "the statements print a breakeven ({} on {}), and the participation base is gross receipts past it",
                fmt_human(b),
                latest.period_end
            ),
            fallback: Some("net_profits"),
            off_the_top: None,
            breakeven: Some(breakeven(series)),
        };
    }
    let shape = if magr {
        "a MAGR statement, net-profits shaped: "
    } else {
        ""
    };
    if latest.line("np.total").is_none() {
        return Guess {
            name: "net_profits",
            why: format!(
                "{shape}no participation base is printed, so nothing shows the definition"
            ),
            fallback: None,
            off_the_top: None,
            breakeven: None,
        };
    }
    let deducts = latest
        .lines
        .iter()
        .any(|l| l.section.is_deduction() && l.itd.is_some());
    if !deducts && net_holds(latest, &probe("gross", &[])) {
        return Guess {
            name: "gross",
            why: "no deduction is printed and the base is gross receipts, first dollar".into(),
            fallback: None,
            off_the_top: Some(Vec::new()),
            breakeven: None,
        };
    }
    // Only the usual off-the-top lines deducted (no fee, no negative cost):
    // the shape of a gross deal's statement, which nets to the same base.
    let items: Vec<String> = latest
        .lines
        .iter()
        .filter(|l| l.section.is_deduction() && l.itd.is_some())
        .filter(|l| {
            l.kind == LineKind::Item
                || matches!(l.code.as_str(), "int.total" | "gp.total" | "def.total")
        })
        .map(|l| l.code.clone())
        .collect();
    let off_the_top_only = !items.is_empty()
        && items.iter().all(|c| {
            matches!(
                c.as_str(),
                "exp.residuals" | "exp.trade_dues" | "exp.taxes" | "exp.conversion"
            )
        });
    if off_the_top_only && net_holds(latest, &probe("gross", &items)) {
        return Guess {
            name: "gross",
            why: format!(
                "the only deductions printed are off-the-top lines ({}): a gross deal's statement",
                items.join(", ")
            ),
            fallback: None,
            off_the_top: Some(items),
            breakeven: None,
        };
    }
    if net_holds(latest, &probe("net_profits", &[])) {
        return Guess {
            name: "net_profits",
            why: format!("{shape}the base printed is gross receipts less every deduction"),
            fallback: None,
            off_the_top: None,
            breakeven: None,
        };
    }
    // Gross: the base is gross receipts less a few lines taken off the top.
    let candidates: Vec<String> = {
        let mut c: Vec<String> = latest
            .lines
            .iter()
            .filter(|l| {
                l.kind == LineKind::Item
                    && l.section.is_deduction()
                    && l.itd.is_some_and(|v| !v.is_zero())
            })
            .map(|l| l.code.clone())
            .collect();
        c.dedup();
        // The usual off-the-top lines first.
        c.sort_by_key(|code| {
            !matches!(
                code.as_str(),
                "exp.residuals" | "exp.trade_dues" | "exp.taxes" | "exp.conversion"
            )
        });
        c.truncate(24);
        c
    };
    let mut subsets: Vec<Vec<String>> = vec![Vec::new()];
    for c in &candidates {
        subsets.push(vec![c.clone()]);
    }
    for i in 0..candidates.len() {
        for j in i + 1..candidates.len() {
            subsets.push(vec![candidates[i].clone(), candidates[j].clone()]);
        }
    }
    for i in 0..candidates.len() {
        for j in i + 1..candidates.len() {
            for k in j + 1..candidates.len() {
                subsets.push(vec![
                    candidates[i].clone(),
                    candidates[j].clone(),
                    candidates[k].clone(),
                ]);
            }
        }
    }
    // Cheap arithmetic first, the real check to confirm.
    let gross = itd(latest, "gr.total");
    let np = itd(latest, "np.total");
    for s in subsets {
        if let (Some(g), Some(n)) = (gross, np) {
            let off: Decimal = s.iter().filter_map(|c| itd(latest, c)).sum();
            if (g - off - n).abs() > Decimal::ONE {
                continue;
            }
        }
        if net_holds(latest, &probe("gross", &s)) {
            let why = if s.is_empty() {
                "the base printed is gross receipts, first dollar, nothing off the top".to_string()
            } else {
                format!(
                    "the base printed is gross receipts less {} only",
                    s.join(", ")
                )
            };
            return Guess {
                name: "gross",
                why,
                fallback: None,
                off_the_top: Some(s),
                breakeven: None,
            };
        }
    }
    Guess {
        name: "net_profits",
        why: format!("{shape}the base printed matches no definition recoup knows; ARITH-NET will say by how much"),
        fallback: None,
        off_the_top: None,
        breakeven: None,
    }
}

/// `[breakeven]` for a statement that prints one: the costs and the fee or
/// multiple that reproduce `memo.breakeven` on the latest statement.
fn breakeven(series: &[&Statement]) -> Table {
    let mut t = Table::new("breakeven");
    t.intro("The breakeven the statements print, and the costs and deemed fee (or multiple) that reproduce it on the latest statement.");
    let Some(st) = series
        .iter()
        .rev()
        .find(|st| itd(st, "memo.breakeven").is_some())
    else {
        return t;
    };
    let b = itd(st, "memo.breakeven").unwrap_or_default();
    let sets: [&[&str]; 6] = [
        &["nc.direct"],
        &["exp.total", "nc.direct"],
        &["nc.total"],
        &["exp.total", "nc.total"],
        &["fee.total", "exp.total", "nc.total"],
        &["exp.total", "nc.total", "int.total"],
    ];
    let mut best: Option<(Vec<String>, &str, Decimal, Fit)> = None;
    for set in sets {
        let costs: Decimal = set.iter().filter_map(|c| itd(st, c)).sum();
        if costs <= Decimal::ZERO || set.iter().any(|c| itd(st, c).is_none()) {
            continue;
        }
        // multiple = B ÷ costs, as a fraction of 1000% so fit_rate can search it.
        let m = fit_rate(b / costs / Decimal::TEN, b, Decimal::ONE, |r| {
            round_cents(r * Decimal::TEN * costs)
        })
        .map(|(r, f)| ("multiple", (r * Decimal::TEN).normalize(), f));
        // fee: B = costs ÷ (1 − fee).
        let f = (b > costs)
            .then(|| {
                fit_rate(Decimal::ONE - costs / b, b, Decimal::ONE, |r| {
                    if r >= Decimal::ONE {
                        Decimal::ZERO
                    } else {
                        round_cents(costs / (Decimal::ONE - r))
                    }
                })
            })
            .flatten()
            .map(|(r, f)| ("fee", r, f));
        for (kind, v, fit) in [f, m].into_iter().flatten() {
            let short = v.scale() <= 4;
            let better = match &best {
                None => true,
                Some((_, _, bv, bf)) => {
                    (fit == Fit::Exact && *bf != Fit::Exact)
                        || (fit == *bf && short && bv.scale() > 4)
                }
            };
            if better {
                best = Some((set.iter().map(|s| s.to_string()).collect(), kind, v, fit));
            }
        }
    }
    match best {
        Some((costs, kind, v, _)) => {
            let list: Vec<String> = costs.iter().map(|c| q(c)).collect();
            let wide = format!("[{}]", list.join(", "));
            match narrow_breakeven(st, &costs, kind, v) {
                // nc.total holds the overhead: the studio's practice, not a
                // term the statements can show. The narrower costs stand.
                Some((narrow, bn, overhead)) => {
                    let list: Vec<String> = narrow.iter().map(|c| q(c)).collect();
                    t.on(
                        "costs",
                        format!("[{}]", list.join(", ")),
                        format!(
                            "a GUESS without production overhead (direct cost, not nc.total): with these costs the breakeven on {} is {} against {} printed, {} less, which `check` flags until the costs are confirmed — {CONFIRM}",
                            st.period_end,
                            fmt_human(bn),
                            fmt_human(b),
                            fmt_human(b - bn)
                        ),
                    );
                    t.off(
                        "costs",
                        wide,
                        format!(
                            "the STUDIO'S PRACTICE: reproduces the breakeven printed, {}, because nc.total includes {} of overhead — CONFIRM: does the agreement count overhead as a breakeven cost? If it does, use this line instead",
                            fmt_human(b),
                            fmt_human(overhead)
                        ),
                    );
                }
                None => t.on(
                    "costs",
                    wide,
                    format!(
                        "a GUESS that reproduces the breakeven of {} on {} — {CONFIRM}",
                        fmt_human(b),
                        st.period_end
                    ),
                ),
            }
            let value = if kind == "fee" {
                rate_value(v)
            } else {
                q(&v.to_string())
            };
            t.on(
                kind,
                value,
                format!("implied by the statements — {CONFIRM}"),
            );
        }
        None => {
            t.off("costs", "[\"nc.direct\"]".into(), "no set of cost lines recoup tried reproduces the breakeven printed: ENTER the agreement's");
            t.off("multiple", q("1"), "or fee = \"10%\"");
        }
    }
    t
}

/// Breakeven costs that count `nc.total` while the statement prints
/// production overhead in it: the same costs with direct cost alone, the
/// breakeven they give with the rule found (`kind`, `v`), and the overhead.
/// `None` when the costs hold no overhead.
fn narrow_breakeven(
    st: &Statement,
    costs: &[String],
    kind: &str,
    v: Decimal,
) -> Option<(Vec<String>, Decimal, Decimal)> {
    let overhead = nonzero(itd(st, "nc.overhead"))?;
    itd(st, "nc.direct")?;
    if !costs.iter().any(|c| c == "nc.total") {
        return None;
    }
    let narrow: Vec<String> = costs
        .iter()
        .map(|c| {
            if c == "nc.total" {
                "nc.direct".to_string()
            } else {
                c.clone()
            }
        })
        .collect();
    let sum: Decimal = narrow.iter().filter_map(|c| itd(st, c)).sum();
    let b = if kind == "fee" {
        if v >= Decimal::ONE {
            return None;
        }
        round_cents(sum / (Decimal::ONE - v))
    } else {
        round_cents(v * sum)
    };
    Some((narrow, b, overhead))
}

const ROYALTY: [(&str, &str); 2] = [
    ("home_video_domestic", "memo.hv_wholesale_domestic"),
    ("home_video_foreign", "memo.hv_wholesale_foreign"),
];

fn gross_receipts(d: &mut Draft, series: &[&Statement], tol: Decimal) {
    let mut t = Table::new("gross_receipts.royalty");
    t.intro("Media included at a royalty of wholesale receipts (the memo lines), not at 100%.");
    for (medium, memo) in ROYALTY {
        let seen: Vec<Seen> = series
            .iter()
            .filter_map(|st| {
                Some(Seen::new(
                    st.period_end,
                    itd(st, &format!("gr.{medium}"))?,
                    itd(st, memo)?,
                ))
            })
            .collect();
        if seen.is_empty() {
            continue;
        }
        match implied(&format!("gr.{medium} ÷ {memo}"), &seen, tol, &|s, r| {
            times(s.base)(r)
        }) {
            Ok((r, note)) => t.on(medium, rate_value(r), note),
            Err(why) => t.off(medium, q("?%"), why),
        }
    }
    if !t.entries.is_empty() {
        d.tables.push(t);
    }
}

fn fees(d: &mut Draft, series: &[&Statement], tol: Decimal) {
    let mut media = codes_with_prefix(series, "gr.");
    for m in codes_with_prefix(series, "fee.") {
        if !media.contains(&m) {
            media.push(m);
        }
    }
    media.retain(|m| !matches!(m.as_str(), "total" | "adjustment" | "reserve" | "subtotal"));
    if media.is_empty() {
        return;
    }
    let latest = series[series.len() - 1];
    // Fees printed as one figure: no rate per medium can be implied.
    let total_only = nonzero(itd(latest, "fee.total")).filter(|_| {
        !latest
            .lines
            .iter()
            .any(|l| l.kind == LineKind::Item && l.code.starts_with("fee."))
    });
    let mut t = Table::new("distribution_fees");
    t.intro("Rate on each medium's gross receipts (inception to date). A medium this table does not list carries no fee.");
    if let Some(total) = total_only {
        t.intro(format!(
            "The statements print distribution fees only as a total ({} to date on {}): no rate per medium can be implied, so fees stay unchecked until the agreement's rates are entered here.",
            fmt_human(total),
            latest.period_end
        ));
    }
    t.intro("Tiers: theatrical_domestic = [ { upto = \"10000000\", rate = \"30%\" }, { rate = \"25%\" } ]");
    for m in media {
        let fee_code = format!("fee.{m}");
        let gr_code = format!("gr.{m}");
        // Each fee line is compared with the medium's gross receipts.
        let seen: Vec<Seen> = series
            .iter()
            .filter_map(|st| {
                let line = st
                    .lines_with(&fee_code)
                    .find(|l| l.kind == LineKind::Item && l.itd.is_some())?;
                Some(Seen::new(
                    st.period_end,
                    line.itd.unwrap_or_default(),
                    itd(st, &gr_code).unwrap_or_default(),
                ))
            })
            .collect();
        let Some(last) = seen.last() else {
            if total_only.is_some() {
                t.off(&m, q("?%"), "receipts printed; its fee is inside the total");
            } else {
                t.off(
                    &m,
                    q("0%"),
                    "receipts printed, no fee charged on them: leaving it out means no fee is allowed",
                );
            }
            continue;
        };
        if last.base.is_zero() {
            t.off(
                &m,
                q("?%"),
                format!(
                    "a fee of {} with no gross receipts on {}: no rate can be implied; ENTER the agreement's rate{}",
                    fmt_human(last.printed),
                    last.period_end,
                    if last.printed.is_zero() { "" } else { " (until then FEE-UNAUTHORIZED flags it)" }
                ),
            );
            continue;
        }
        match implied(
            &format!(
                "fee {} ÷ gross {}",
                fmt_human(last.printed),
                fmt_human(last.base)
            ),
            &seen,
            tol,
            &|s, r| times(s.base)(r),
        ) {
            Ok((r, note)) => match two_piece(&seen, tol).filter(|_| note.contains("differ")) {
                // One rate does not fit every statement; two tiers do.
                Some((r1, at, r2)) => t.entries.push(Entry {
                    key: m.clone(),
                    value: format!(
                        "[ {{ upto = {}, rate = {} }}, {{ rate = {} }} ]",
                        q(&at.to_string()),
                        rate_value(r1),
                        rate_value(r2)
                    ),
                    note: format!(
                        "fee tiers implied by the statements: {} of gross up to {}, {} above, reproduce every statement's fee — {CONFIRM}",
                        fmt_rate(r1),
                        fmt_human(at),
                        fmt_rate(r2)
                    ),
                    on: true,
                    fallback: Some((rate_value(r), note)),
                    group: None,
                }),
                None => t.on(&m, rate_value(r), note),
            },
            Err(why) => t.off(&m, q("?%"), why),
        }
    }
    d.tables.push(t);
}

fn expenses(d: &mut Draft, series: &[&Statement], tol: Decimal) {
    let kinds = codes_with_prefix(series, "exp.");
    if kinds.is_empty() {
        return;
    }
    let latest = series[series.len() - 1];
    let mut t = Table::new("expenses");
    let seen: Vec<Seen> = series
        .iter()
        .filter_map(|st| {
            Some(Seen::new(
                st.period_end,
                itd(st, "exp.advertising_overhead")?,
                itd(st, "exp.advertising").unwrap_or_default(),
            ))
        })
        .collect();
    if seen.is_empty() {
        if kinds.iter().any(|k| k == "advertising") {
            t.off(
                "advertising_overhead",
                q("0%"),
                "no advertising overhead is charged on the statements; \"0%\" would make any such charge a finding",
            );
        }
    } else {
        match implied(
            "advertising overhead ÷ advertising",
            &seen,
            tol,
            &|s, r| times(s.base)(r),
        ) {
            Ok((r, note)) => t.on("advertising_overhead", rate_value(r), note),
            Err(why) => t.off("advertising_overhead", q("?%"), why),
        }
    }
    let printed: Vec<String> = kinds.iter().map(|k| q(k)).collect();
    t.off(
        "disallowed",
        "[]".into(),
        format!(
            "kinds printed: [{}]; list those the agreement does not allow",
            printed.join(", ")
        ),
    );
    d.tables.push(t);
    let mut caps = Table::new("expenses.caps");
    caps.intro("Inception-to-date ceilings, where the agreement sets one (charged to date as printed on the latest statement).");
    for k in &kinds {
        let v = itd(latest, &format!("exp.{k}")).unwrap_or_default();
        caps.off(
            k,
            q(&crate::money::fmt_plain(v)),
            format!("charged to date: {}", fmt_human(v)),
        );
    }
    d.tables.push(caps);
}

fn negative_cost(d: &mut Draft, series: &[&Statement], tol: Decimal) {
    if !series.iter().any(|st| itd(st, "nc.overhead").is_some()) {
        return;
    }
    // The base of overhead: direct cost, or direct cost with the
    // participations or deferments the statements print, whichever gives a
    // short rate that reproduces the overhead (SPEC §3, overhead_on).
    let bases: Vec<Vec<&str>> = {
        let printed = |c: &str| series.iter().any(|st| nonzero(itd(st, c)).is_some());
        let mut b = vec![vec!["nc.direct"]];
        for extra in [
            vec!["gp.total"],
            vec!["def.total"],
            vec!["gp.total", "def.total"],
        ] {
            if extra.iter().all(|c| printed(c)) {
                let mut on = vec!["nc.direct"];
                on.extend(extra);
                b.push(on);
            }
        }
        b
    };
    let fit_on = |on: &[&str]| {
        let seen: Vec<Seen> = series
            .iter()
            .filter_map(|st| {
                Some(Seen::new(
                    st.period_end,
                    itd(st, "nc.overhead")?,
                    on.iter().filter_map(|c| itd(st, c)).sum(),
                ))
            })
            .collect();
        let what = if on.len() == 1 {
            "overhead ÷ direct cost".to_string()
        } else {
            format!("overhead ÷ ({})", on.join(" + "))
        };
        implied_as(&what, &seen, tol, &|s, r| times(s.base)(r), false)
    };
    let direct = fit_on(&bases[0]);
    let mut t = Table::new("negative_cost");
    let wider = match &direct {
        Ok((r, _, Fit::Exact)) if r.scale() <= 4 => None,
        _ => bases[1..].iter().find_map(|on| match fit_on(on) {
            Ok((r, note, Fit::Exact)) if r.scale() <= 4 => Some((on.clone(), r, note)),
            _ => None,
        }),
    };
    match (wider, direct) {
        (Some((on, r, note)), direct) => {
            t.entries.push(Entry {
                key: "overhead".into(),
                value: rate_value(r),
                note,
                on: true,
                fallback: direct.ok().map(|(r, n, _)| (rate_value(r), n)),
                group: Some("overhead_on"),
            });
            let list: Vec<String> = on.iter().map(|c| q(c)).collect();
            t.entries.push(Entry {
                key: "overhead_on".into(),
                value: format!("[{}]", list.join(", ")),
                note: format!("the base that reproduces the overhead — {CONFIRM}"),
                on: true,
                fallback: None,
                group: Some("overhead_on"),
            });
        }
        (None, Ok((r, note, _))) => {
            t.on("overhead", rate_value(r), note);
            t.off(
                "overhead_on",
                "[\"nc.direct\"]".into(),
                "the base of overhead (default: direct cost alone)",
            );
        }
        (None, Err(why)) => t.off("overhead", q("?%"), why),
    }
    d.tables.push(t);
}

fn interest(d: &mut Draft, series: &[&Statement], tol: Decimal) {
    if !series.iter().any(|st| st.line("int.total").is_some()) {
        return;
    }
    let mut t = Table::new("interest");
    t.intro("Interest is a ceiling: base = interest.on less what was recouped by the previous statement.");
    // Every statement whose period's interest can be read against a base:
    // a first statement, or one that follows its predecessor without a gap.
    let observations = |on: &[&str]| -> Vec<Seen> {
        series
            .iter()
            .enumerate()
            .filter_map(|(k, st)| {
                let i = st.sum("int.total", Column::Current)?;
                let prev = if k == 0 {
                    None
                } else if series::broken(series[k - 1], st) {
                    return None;
                } else {
                    Some(series[k - 1])
                };
                let cost: Decimal = on.iter().filter_map(|c| itd(st, c)).sum();
                let rec = prev.map(series::recouped).unwrap_or_default();
                let base = (cost - rec).max(Decimal::ZERO);
                let days = (st.period_end - st.period_start).num_days() + 1;
                (!i.is_zero()).then_some(Seen {
                    period_end: st.period_end,
                    printed: i,
                    base,
                    days: Some(days),
                })
            })
            .collect()
    };
    // The bases interest may run on (SPEC §3 interest.on): direct cost (the
    // default), with overhead, with the participations printed. A base on
    // which the printed interest is the ceiling exactly says which one the
    // studio used; else the default.
    let printed = |c: &str| series.iter().any(|st| nonzero(itd(st, c)).is_some());
    let mut bases: Vec<Vec<&str>> = vec![vec!["nc.direct"]];
    if printed("nc.overhead") {
        bases.push(vec!["nc.direct", "nc.overhead"]);
    }
    if printed("gp.total") {
        bases.push(vec!["nc.direct", "gp.total"]);
        if printed("nc.overhead") {
            bases.push(vec!["nc.direct", "nc.overhead", "gp.total"]);
        }
    }
    // A prime-based rule that gives the interest printed to the cent, on
    // the latest period that shows interest, is the studio's rule.
    let rules = prime_rules();
    for on in &bases {
        let seen = observations(on);
        let Some(last) = seen.last().filter(|o| !o.base.is_zero()) else {
            continue;
        };
        let Some(st) = series.iter().find(|st| st.period_end == last.period_end) else {
            continue;
        };
        if st.period_end > crate::prime::history().runs_to {
            continue;
        }
        let ceiling_of = |o: &Seen, terms: &contract::InterestTerms| {
            series
                .iter()
                .find(|st| st.period_end == o.period_end)
                .and_then(|st| terms.parts(st.period_start, st.period_end))
                .map(|parts| audit::interest::ceiling(o.base, &parts))
        };
        let found = rules
            .iter()
            .find(|(_, terms)| ceiling_of(last, terms) == Some(round_cents(last.printed)));
        if let Some((text, terms)) = found {
            // A fixed rate as exact on as many statements wins: in a period
            // where prime did not move, prime + 2% is a fixed rate too.
            let exact = |ceiling: &dyn Fn(&Seen) -> Option<Decimal>| {
                seen.iter()
                    .filter(|o| ceiling(o) == Some(round_cents(o.printed)))
                    .count()
            };
            let exact_prime = exact(&|o| ceiling_of(o, terms));
            let fixed = |o: &Seen, r: Decimal| {
                audit::interest::ceiling(o.base, &[(r, o.days.unwrap_or(365))])
            };
            if let Ok((r, _, Fit::Exact)) = implied_as("", &seen, tol, &fixed, true) {
                if exact(&|o| Some(fixed(o, r))) >= exact_prime {
                    break;
                }
            }
            let above: Vec<String> = seen[..seen.len() - 1]
                .iter()
                .filter(|o| ceiling_of(o, terms).is_some_and(|c| round_cents(o.printed) - c > tol))
                .map(|o| o.period_end.to_string())
                .collect();
            let mut note = format!(
                "implied by the statements: the interest printed on {} is exactly this rule's ceiling with the U.S. prime rate recoup carries — {CONFIRM}",
                last.period_end
            );
            if !above.is_empty() {
                note.push_str(&format!(
                    "; earlier statements charge more ({}): `check` will flag them",
                    above.join(", ")
                ));
            }
            t.on("rate", q(text), note);
            let narrow = narrow_ceiling(&observations(&["nc.direct"]), &|o| ceiling_of(o, terms));
            interest_base(
                &mut t,
                on,
                "the base on which the interest printed is the ceiling exactly",
                narrow,
            );
            d.tables.push(t);
            return;
        }
    }
    let mut chosen: Option<(Vec<&str>, Decimal, String, Fit)> = None;
    let mut others: Vec<String> = Vec::new();
    let mut why = String::new();
    for on in bases {
        let seen = observations(&on);
        // Computed as the check computes it: base × rate × days ÷ 365.
        let result = implied_as(
            "the period's interest × 365 ÷ (base × days)",
            &seen,
            tol,
            &|s, r| audit::interest::ceiling(s.base, &[(r, s.days.unwrap_or(365))]),
            true,
        );
        match result {
            Ok((r, note, fit)) => {
                if fit == Fit::Exact {
                    chosen = Some((on, r, note, fit));
                    break;
                }
                if chosen.is_none() {
                    chosen = Some((on, r, note, fit));
                } else {
                    others.push(format!("{} on {}", fmt_rate(r), on.join(" + ")));
                }
            }
            Err(w) => {
                if why.is_empty() {
                    why = w;
                }
            }
        }
    }
    // The prime rate of the period the rate was implied on.
    let implied_on = observations(&["nc.direct"]).last().and_then(|o| {
        series
            .iter()
            .find(|st| st.period_end == o.period_end)
            .copied()
    });
    match chosen {
        Some((on, r, mut note, fit)) => {
            if fit != Fit::Exact && !others.is_empty() {
                note.push_str(&format!(
                    "; on a wider base (interest.on) the same interest implies {}",
                    others.join(", ")
                ));
            }
            let prime = implied_on
                .and_then(prime_over)
                .map(|p| format!(" (U.S. prime averaged {} over that period)", fmt_rate(p)))
                .unwrap_or_default();
            t.on(
                "rate",
                rate_value(r),
                format!("{note}; a fixed rate: if the agreement says prime + x%{prime}, write that"),
            );
            let said = if fit == Fit::Exact {
                "the base on which the interest printed is the ceiling exactly"
            } else {
                "the default base (the interest printed is below the ceiling on it, so the statements do not say)"
            };
            let narrow = narrow_ceiling(&observations(&["nc.direct"]), &|o| {
                Some(audit::interest::ceiling(o.base, &[(r, o.days.unwrap_or(365))]))
            });
            interest_base(&mut t, &on, said, narrow);
        }
        None => t.off(
            "rate",
            q("?%"),
            if why.is_empty() {
                "interest is printed, but no period shows interest on an unrecouped base: no rate can be implied".to_string()
            } else {
                why
            },
        ),
    }
    d.tables.push(t);
}

/// What the interest rule drafted allows on the default base (direct cost
/// alone) on the latest period with interest, against what was printed:
/// "on direct cost alone (the default) the ceiling on D is C against P
/// printed, P − C more".
fn narrow_ceiling(seen: &[Seen], ceiling: &dyn Fn(&Seen) -> Option<Decimal>) -> Option<String> {
    let o = seen.last()?;
    let c = ceiling(o)?;
    let p = round_cents(o.printed);
    Some(format!(
        "on direct cost alone (the default) the ceiling on {} is {} against {} printed, {} more",
        o.period_end,
        fmt_human(c),
        fmt_human(p),
        fmt_human(p - c)
    ))
}

/// `on_overhead` or `on` for the base the interest was implied on. A base
/// wider than the agreement's default (direct cost alone) is the studio's
/// practice, not a term the statements can show: it is written commented,
/// with what it is worth (`narrow`) and the question to confirm, and the
/// default stands until the agreement says otherwise.
fn interest_base(t: &mut Table, on: &[&str], said: &str, narrow: Option<String>) {
    if on == ["nc.direct"] {
        t.on(
            "on_overhead",
            "false".into(),
            format!("{said}: direct cost alone"),
        );
        return;
    }
    let (key, value, what, question) = match on {
        ["nc.direct", "nc.overhead"] => (
            "on_overhead",
            "true".to_string(),
            "direct cost and overhead".to_string(),
            "does the agreement charge interest on overhead?",
        ),
        _ => {
            let list: Vec<String> = on.iter().map(|c| q(c)).collect();
            (
                "on",
                format!("[{}]", list.join(", ")),
                on.join(" + "),
                "does the agreement charge interest on this base?",
            )
        }
    };
    if key == "on_overhead" {
        t.on(
            "on_overhead",
            "false".into(),
            "the agreement's default base, direct cost alone, until it says otherwise (the studio's interest fits a wider base: below)",
        );
    }
    let worth = narrow
        .map(|n| format!("; {n}, which `check` flags until this is confirmed"))
        .unwrap_or_default();
    t.off(
        key,
        value,
        format!(
            "the STUDIO'S PRACTICE, not a term the statements can show: {said}: {what}{worth} — CONFIRM: {question} If it does, use this line instead"
        ),
    );
}

/// The prime-based rules tried against the interest printed: prime plus a
/// margin (0 to 5%, by quarter points) or times a factor (100% to 200%, by
/// 5%), with the U.S. prime history recoup carries.
fn prime_rules() -> Vec<(String, contract::InterestTerms)> {
    let terms = |text: String, rule| contract::InterestTerms {
        rule,
        text,
        on_overhead: false,
        on: Vec::new(),
        prime: crate::prime::history().rates.clone(),
        carried_prime: true,
    };
    let mut out = Vec::new();
    for q in 0..=20 {
        let m = Decimal::new(q * 25, 4);
        let text = if q == 0 {
            "prime".to_string()
        } else {
            format!("prime + {}", fmt_rate(m))
        };
        out.push(terms(text, contract::RateRule::PrimePlus(m)));
    }
    for k in 21..=40 {
        let f = Decimal::new(k * 5, 2);
        out.push(terms(
            format!("prime * {}", fmt_rate(f)),
            contract::RateRule::PrimeTimes(f),
        ));
    }
    out.into_iter().map(|t| (t.text.clone(), t)).collect()
}

/// The U.S. prime rate averaged over a statement's period (days weighted,
/// to 0.01%), when recoup's carried history covers it.
fn prime_over(st: &Statement) -> Option<Decimal> {
    let h = crate::prime::history();
    if st.period_end > h.runs_to {
        return None;
    }
    let terms = contract::InterestTerms {
        rule: contract::RateRule::PrimePlus(Decimal::ZERO),
        text: String::new(),
        on_overhead: false,
        on: Vec::new(),
        prime: h.rates.clone(),
        carried_prime: true,
    };
    let parts = terms.parts(st.period_start, st.period_end)?;
    let days: i64 = parts.iter().map(|(_, d)| d).sum();
    let weighted: Decimal = parts.iter().map(|(r, d)| *r * Decimal::from(*d)).sum();
    (days > 0).then(|| (weighted / Decimal::from(days)).round_dp(4).normalize())
}

fn deductions(d: &mut Draft, series: &[&Statement], def: &Guess) {
    let latest = series[series.len() - 1];
    let mut t = Table::new("deductions");
    if let Some(off) = &def.off_the_top {
        let list: Vec<String> = off.iter().map(|c| q(c)).collect();
        t.on(
            "off_the_top",
            format!("[{}]", list.join(", ")),
            format!("GUESS: the lines the base printed is net of — {CONFIRM}"),
        );
        d.tables.push(t);
        return;
    }
    if def.name != "net_profits" {
        return;
    }
    for (code, key, what) in [
        ("gp.total", "gross_participations", "gross participations"),
        ("def.total", "deferments", "deferments"),
    ] {
        if let Some(v) = series.iter().rev().find_map(|st| itd(st, code)) {
            t.on(
                key,
                "true".into(),
                format!(
                    "the statements deduct {what} ({} to date on {}) — {CONFIRM}",
                    fmt_human(v),
                    latest.period_end
                ),
            );
        }
    }
    if !t.entries.is_empty() {
        d.tables.push(t);
    }
}

fn reserves(d: &mut Draft, series: &[&Statement]) {
    let Some(st) = series
        .iter()
        .rev()
        .find(|st| nonzero(itd(st, "gr.reserve")).is_some())
    else {
        return;
    };
    let held = itd(st, "gr.reserve").unwrap_or_default().abs();
    let gross = itd(st, "gr.total").unwrap_or_default();
    let mut t = Table::new("reserves");
    let share = if (gross + held).is_zero() {
        String::new()
    } else {
        format!(
            ", {} of gross receipts before it",
            fmt_rate((held / (gross + held)).round_dp(4))
        )
    };
    t.off(
        "max",
        q("20%"),
        format!(
            "the reserve held on {} is {}{share}: the agreement's ceiling, if any",
            st.period_end,
            fmt_human(held)
        ),
    );
    t.off(
        "liquidate_within",
        "4".into(),
        "statements within which a reserve taken must be released",
    );
    d.tables.push(t);
}

fn bonuses(d: &mut Draft, series: &[&Statement]) {
    let latest = series[series.len() - 1];
    let metrics: Vec<String> = codes_with_prefix(series, "memo.")
        .into_iter()
        .filter(|m| m.starts_with("box_office"))
        .collect();
    let paid = series
        .iter()
        .rev()
        .find_map(|st| nonzero(itd(st, "pay.bonus")));
    for m in metrics {
        let code = format!("memo.{m}");
        let v = itd(latest, &code).unwrap_or_default();
        let mut t = Table::new("bonus");
        t.array = true;
        t.intro(format!(
            "A bonus on {code} ({} to date on {}), if the agreement has one{}.",
            fmt_human(v),
            latest.period_end,
            match paid {
                Some(p) => format!("; the statements report bonuses of {}", fmt_human(p)),
                None => String::new(),
            }
        ));
        t.off("metric", q(&code), "");
        t.off(
            "threshold",
            q(PLACEHOLDER_AMOUNT),
            "PLACEHOLDER: the figure the agreement's bonus clause names",
        );
        t.off(
            "amount",
            q(PLACEHOLDER_AMOUNT),
            "PLACEHOLDER: the bonus the agreement pays",
        );
        d.tables.push(t);
    }
}

/// A commented `[[share_step]]` where the figures suggest the share may
/// step up and the statements do not show it: a participation base in
/// profit (an escalator on the base), or a box-office memo line (a step on a
/// memo figure). Placeholders only: the statements cannot give the step.
fn share_step_stub(series: &[&Statement]) -> Option<Table> {
    let latest = series[series.len() - 1];
    let base = itd(latest, "np.total").filter(|b| *b > Decimal::ZERO);
    let metric = codes_with_prefix(series, "memo.")
        .into_iter()
        .find(|m| m.starts_with("box_office"));
    if base.is_none() && metric.is_none() {
        return None;
    }
    let mut t = Table::new("share_step");
    t.array = true;
    let mut why = Vec::new();
    if let Some(b) = base {
        why.push(format!(
            "the participation base is {} on {}",
            fmt_human(b),
            latest.period_end
        ));
    }
    if let Some(m) = &metric {
        why.push(format!("the statements print memo.{m}"));
    }
    t.intro(format!(
        "If the agreement's share steps up (an escalation rider): {}. The statements cannot show a step the studio did not apply.",
        why.join(" and ")
    ));
    let alternative = metric.map_or(String::new(), |m| {
        format!(
            " (a step on the memo figure instead: metric = \"memo.{m}\" and at = the figure, in place of above)"
        )
    });
    t.off(
        "above",
        q(PLACEHOLDER_AMOUNT),
        format!("PLACEHOLDER: the base above which the higher share applies{alternative}"),
    );
    t.off(
        "share",
        q(PLACEHOLDER_RATE),
        "PLACEHOLDER: the share above the step",
    );
    Some(t)
}

fn audit_terms(d: &mut Draft) {
    let mut t = Table::new("audit");
    t.intro("From the agreement's accounting and audit clauses.");
    t.off(
        "objection_months",
        "36".into(),
        "a statement becomes incontestable this long after its date",
    );
    t.off(
        "statement_due_days",
        "60".into(),
        "a statement is due this long after its period ends",
    );
    t.off("underpayment_interest", q("10%"), "");
    t.off("cost_shift_threshold", q("5%"), "");
    d.tables.push(t);
}

fn aliases(d: &mut Draft, series: &[&Statement]) {
    let mut seen: BTreeSet<(Section, String)> = BTreeSet::new();
    let mut t = Table::new("aliases");
    for st in series.iter().rev() {
        for l in st.lines.iter().filter(|l| l.kind == LineKind::Unmapped) {
            let key = crate::statement::labels::key(&l.label);
            if !seen.insert((l.section, key)) {
                continue;
            }
            let code = match l.section {
                Section::GrossReceipts => "gr.MEDIUM",
                Section::DistributionFees => "fee.MEDIUM",
                Section::DistributionExpenses => "exp.KIND",
                Section::NegativeCost => "nc.direct",
                Section::Memo => "memo.METRIC",
                Section::Participant => "pay.prior",
                _ => "CODE",
            };
            t.off(
                &q(l.label.trim()),
                q(code),
                format!(
                    "UNMAPPED in {} ({} to date on {}): name the line this label is (`recoup explain gr.svod` describes a line code)",
                    l.section.name(),
                    fmt_human(l.itd.unwrap_or_default()),
                    st.period_end
                ),
            );
        }
    }
    if !t.entries.is_empty() {
        t.intro("Labels no alias matches: each counts in its section's total but no contract check applies to it.");
        d.tables.push(t);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn fee(gross: &str, fee: &str, tol: &str) -> Option<(String, Fit)> {
        let (g, f) = (dec(gross), dec(fee));
        fit_rate(f / g, f, dec(tol), times(g)).map(|(r, fit)| (fmt_rate(r), fit))
    }

    #[test]
    fn shortest_rate_that_reproduces_the_figure() {
        assert_eq!(
            fee("10440200.85", "3654070.30", "1"),
            Some(("35%".into(), Fit::Exact))
        );
        assert_eq!(
            fee("44880679.73", "5610084.97", "1"),
            Some(("12.5%".into(), Fit::Exact))
        );
        assert_eq!(
            fee("1000000.00", "72500.00", "1"),
            Some(("7.25%".into(), Fit::Exact))
        );
        // Only more digits reproduce 1,000,000.00 on 3,000,000.00 exactly.
        assert_eq!(
            fee("3000000.00", "1000000.00", "1"),
            Some(("33.3333333%".into(), Fit::Exact))
        );
        // 40 cents off a round rate: that rate, within the tolerance …
        assert_eq!(
            fee("1000000.00", "250000.40", "1"),
            Some(("25%".into(), Fit::Tolerance))
        );
        // … but not with a tolerance of zero.
        assert_eq!(
            fee("1000000.00", "250000.40", "0"),
            Some(("25.00004%".into(), Fit::Exact))
        );
        // A small base: a short rate is found in a wide interval.
        assert_eq!(fee("10.00", "3.00", "0"), Some(("30%".into(), Fit::Exact)));
        // Above 100%: no rate can be written.
        assert_eq!(fee("100.00", "150.00", "1"), None);
    }

    #[test]
    fn a_ceiling_rounds_up() {
        let base = dec("1334890.41") * Decimal::from(91);
        let exp = |r: Decimal| audit::interest::ceiling(dec("1334890.41"), &[(r, 91)]);
        // 26,624.66 is 8% exactly.
        let approx = dec("26624.66") * Decimal::from(365) / base;
        assert_eq!(
            fit_ceiling(approx, dec("26624.66"), exp),
            Some((dec("0.08"), Fit::Exact))
        );
        // Interest accrued below the ceiling: the rate rounded up to 0.01%,
        // at which the ceiling allows what was printed.
        let approx = dec("25000.00") * Decimal::from(365) / base;
        let (r, fit) = fit_ceiling(approx, dec("25000.00"), exp).unwrap();
        assert_eq!((fmt_rate(r), fit), ("7.52%".to_string(), Fit::Ceiling));
        assert!(exp(r) >= dec("25000.00"));
        assert!(exp(r - Decimal::new(1, 4)) < dec("25000.00"));
    }

    #[test]
    fn two_tiers_from_statements_on_both_sides_of_the_break() {
        // 25% up to 4,900,000, 20% above: one statement below, two above.
        let day = NaiveDate::from_ymd_opt(2024, 6, 30).unwrap();
        let tiered = |g: &str| {
            let g = dec(g);
            let at = dec("4900000");
            round_cents(dec("0.25") * g.min(at) + dec("0.20") * (g - at).max(Decimal::ZERO))
        };
        let seen: Vec<Seen> = ["3000000.00", "6000000.00", "9123456.78"]
            .iter()
            .map(|g| Seen::new(day, tiered(g), dec(g)))
            .collect();
        assert_eq!(
            two_piece(&seen, Decimal::ONE),
            Some((dec("0.25"), dec("4900000"), dec("0.2")))
        );
        // One rate for all: no tiers.
        let flat: Vec<Seen> = ["3000000.00", "6000000.00", "9000000.00"]
            .iter()
            .map(|g| Seen::new(day, round_cents(dec("0.3") * dec(g)), dec(g)))
            .collect();
        assert_eq!(two_piece(&flat, Decimal::ONE), None);
        // Only one statement above the break: not enough to say.
        assert_eq!(two_piece(&seen[..2], Decimal::ONE), None);
    }

    #[test]
    fn a_value_of_the_wrong_type_is_found_by_its_line() {
        let mut d = Draft {
            preamble: vec!["draft".into()],
            tables: Vec::new(),
        };
        let mut t = Table::new("deal");
        t.on("id", q("X-1"), "");
        t.on("definition", q("net_profits"), "");
        t.on("share", q("5%"), "");
        d.tables.push(t);
        let mut f = Table::new("distribution_fees");
        f.entries.push(Entry {
            key: "svod".into(),
            value: "{ nonsense = 1 }".into(),
            note: "tiers".into(),
            on: true,
            fallback: Some((q("25%"), "one rate".into())),
            group: None,
        });
        f.entries.push(Entry {
            key: "tvod".into(),
            value: "[ { upto = \"1\", nonsense = 1 }, { rate = \"20%\" } ]".into(),
            note: "tiers".into(),
            on: true,
            fallback: Some((q("30%"), "one rate".into())),
            group: None,
        });
        d.tables.push(f);
        let text = d.finish("X-1").unwrap();
        // Refused inside its value (a key within a tier) or as a whole.
        assert!(
            text.contains(
                "\ntvod = \"30%\"   # one rate (this version of recoup refuses tvod = [ {"
            ),
            "{text}"
        );
        assert!(
            text.contains("\nsvod = \"25%\"   # one rate (this version of recoup refuses svod = { nonsense = 1 }"),
            "{text}"
        );
    }

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

    #[test]
    fn a_refused_key_is_written_commented_or_as_its_fallback() {
        let mut d = Draft {
            preamble: vec!["draft".into()],
            tables: Vec::new(),
        };
        let mut t = Table::new("deal");
        t.on("id", q("X-1"), "");
        t.entries.push(Entry {
            key: "definition".into(),
            value: q("no_such_definition"),
            note: "guess".into(),
            on: true,
            fallback: Some((q("net_profits"), "guess".into())),
            group: None,
        });
        t.on("share", q("5%"), "");
        d.tables.push(t);
        let mut f = Table::new("distribution_fees");
        f.on("no_such_medium", q("30%"), "");
        f.on("theatrical_domestic", q("30%"), "");
        d.tables.push(f);
        let mut n = Table::new("negative_cost");
        n.entries.push(Entry {
            key: "overhead".into(),
            value: q("20%"),
            note: "on a wider base".into(),
            on: true,
            fallback: Some((q("15%"), "on direct cost".into())),
            group: Some("base"),
        });
        n.entries.push(Entry {
            key: "no_such_base".into(),
            value: "[\"nc.direct\"]".into(),
            note: String::new(),
            on: true,
            fallback: None,
            group: Some("base"),
        });
        d.tables.push(n);
        let mut u = Table::new("no_such_table");
        u.on("key", q("1"), "");
        d.tables.push(u);
        let text = d.finish("X-1").unwrap();
        assert!(
            text.contains("definition = \"net_profits\"   # guess (this version of recoup refuses")
        );
        assert!(text.contains("# no_such_medium = \"30%\""));
        assert!(text.contains("\ntheatrical_domestic = \"30%\""));
        assert!(text.contains("# [no_such_table]\n# key = \"1\""));
        // A refused key takes its group with it: the rate for its base falls back.
        assert!(text.contains("\noverhead = \"15%\"   # on direct cost (this version of recoup refuses negative_cost.no_such_base"));
        assert!(text.contains("\n# no_such_base = [\"nc.direct\"]"));
    }

    #[test]
    fn unknown_fields_are_named() {
        assert_eq!(
            unknown_field("TOML parse error … unknown field `breakeven`, expected one of `deal`"),
            Some("breakeven".to_string())
        );
        assert_eq!(unknown_field("invalid type"), None);
    }
}
