//! Arguments in, exit code out; nothing else.

use clap::{Parser, Subcommand, ValueEnum};
use recoup::finding::{Code, Severity};
use recoup::report;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// mimalloc rather than the C library's allocator: reading a workbook is
/// thousands of small, short-lived allocations (calamine's strings and
/// buffers, our cells and lines), from every worker thread at once.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "recoup",
    version,
    about = "Audits film and television profit participation statements"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Format {
    Table,
    Json,
    Csv,
    Markdown,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum FailOn {
    Error,
    Warning,
    Never,
}

#[derive(Subcommand)]
enum Command {
    /// Audit statements against their contracts and report every discrepancy.
    Check {
        /// Statement files or folders (searched recursively).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// A contract file (TOML); may be given several times.
        #[arg(long = "contract")]
        contracts: Vec<PathBuf>,
        /// Date for audit deadlines and interest on the claim (default: today).
        #[arg(long, value_parser = parse_date)]
        as_of: Option<chrono::NaiveDate>,
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
        /// Also write the report bundle: DIR/<deal id>/ (claim.md, claim.xlsx, report.html, manifest.json: the audit request to that deal's studio) and DIR/portfolio/ (findings.json, findings.csv, summary.md, portfolio.xlsx, report.html, manifest.json: for the auditor). DIR must be new, empty or an earlier bundle, which is replaced.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Worker threads (default: all cores).
        #[arg(long)]
        jobs: Option<usize>,
        /// Exit 1 when findings at or above this severity exist.
        #[arg(long, value_enum, default_value = "error")]
        fail_on: FailOn,
        /// No progress bar.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Show how a statement file was read: every line, its code, its cells.
    Inspect {
        file: PathBuf,
        /// A contract whose [aliases] apply.
        #[arg(long = "contract")]
        contracts: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
    /// Draft a contract for every deal that has none, from its statements.
    Init {
        /// Statement files or folders (searched recursively), as for check.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Write the drafts here instead of beside each deal's statements.
        #[arg(long)]
        out: Option<PathBuf>,
        /// No progress bar.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Explain a finding code (what it means, what to ask the studio for) or a
    /// line code (`gr.tv_license`, `gr.reserve`: what it is, the labels read as it), or a
    /// topic (`at-risk`, `claim-interest`).
    Explain { code: Option<String> },
}

fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("'{s}' is not a date like 2026-11-25"))
}

fn print(text: &str) -> ExitCode {
    let mut out = std::io::stdout().lock();
    if out
        .write_all(text.as_bytes())
        .and_then(|_| out.flush())
        .is_err()
    {
        return ExitCode::from(2);
    }
    ExitCode::SUCCESS
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match cli.command {
        Command::Explain { code } => explain(code.as_deref()),
        Command::Init { paths, out, quiet } => init(paths, out, quiet),
        Command::Inspect {
            file,
            contracts,
            format,
        } => {
            let contracts = match recoup::inspect::load_contracts(&contracts) {
                Ok(c) => c,
                Err(e) => {
                    eprintln!("recoup: {e}");
                    return ExitCode::from(2);
                }
            };
            match recoup::inspect::read(&file, &contracts) {
                Err(e) => {
                    eprintln!("recoup: {e}");
                    ExitCode::from(2)
                }
                Ok((sha, sheets)) => {
                    let text = match format {
                        Format::Json => recoup::inspect::render_json(&file, &sha, &sheets),
                        _ => recoup::inspect::render_text(&file, &sha, &sheets),
                    };
                    print(&text);
                    if sheets
                        .iter()
                        .any(|s| matches!(s, recoup::inspect::Sheet::Error(_)))
                    {
                        ExitCode::from(3)
                    } else if !sheets
                        .iter()
                        .any(|s| matches!(s, recoup::inspect::Sheet::Statement(_)))
                    {
                        eprintln!("recoup: {}: no statement found", file.display());
                        ExitCode::from(2)
                    } else {
                        ExitCode::SUCCESS
                    }
                }
            }
        }
        Command::Check {
            paths,
            contracts,
            as_of,
            format,
            out,
            jobs,
            fail_on,
            quiet,
        } => {
            // Usage errors before anything is read: a PATH that is not
            // there, an --out that would overwrite something not recoup's.
            if let Some(missing) = paths.iter().find(|p| std::fs::symlink_metadata(p).is_err()) {
                eprintln!(
                    "recoup: {}: no such file or folder (PATH must be a statement file or a folder of them)",
                    missing.display()
                );
                return ExitCode::from(2);
            }
            if let Some(dir) = &out {
                if let Err(e) = report::bundle::check_target(dir) {
                    eprintln!("recoup: {e}");
                    return ExitCode::from(2);
                }
            }
            let as_of = as_of.unwrap_or_else(|| chrono::Local::now().date_naive());
            // The --out folder is never read as input, even under a PATH.
            let exclude = out.iter().cloned().collect();
            let opts = recoup::Options {
                paths,
                contracts,
                as_of,
                exclude,
                spill_budget: None,
            };
            let pool = match rayon::ThreadPoolBuilder::new()
                .num_threads(jobs.unwrap_or(0))
                .build()
            {
                Ok(p) => p,
                Err(e) => {
                    eprintln!("recoup: cannot start worker threads: {e}");
                    return ExitCode::from(2);
                }
            };
            let bar = progress::Bar::new(quiet);
            let audit = pool.install(|| recoup::run(&opts, &|| bar.tick()));
            bar.finish();
            let code = write_report(&audit, &pool, format, out.as_deref(), fail_on);
            // Everything is written: the process ends here, and the system
            // takes back its memory at once rather than the portfolio's
            // statements, lines and findings being freed one by one.
            std::mem::forget(audit);
            code
        }
    }
}

/// Write the report for `audit` and decide the exit code (SPEC §1).
fn write_report(
    audit: &recoup::batch::Audit,
    pool: &rayon::ThreadPool,
    format: Format,
    out: Option<&std::path::Path>,
    fail_on: FailOn,
) -> ExitCode {
    let run = report::RunInfo {
        command_line: std::env::args().collect(),
    };
    let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    // JSON is streamed to standard output (see report::json::write).
    let text = match format {
        Format::Table => report::table::render(audit, color),
        Format::Json => String::new(),
        Format::Csv => report::csv::render(&audit.findings),
        Format::Markdown => report::markdown::render(audit, &run),
    };
    let mut bundle_failed = false;
    if let Some(dir) = &out {
        // Inside the pool: the JSON statements render on its threads.
        if let Err(e) = pool.install(|| report::bundle::write(dir, audit, &run)) {
            eprintln!(
                "recoup: cannot write the report bundle to {}: {e}",
                dir.display()
            );
            bundle_failed = true;
        }
    }
    let printed = if format == Format::Json {
        pool.install(|| report::json::write(audit, std::io::stdout().lock()).is_ok())
    } else {
        print(&text) == ExitCode::SUCCESS
    };
    if !printed {
        return ExitCode::from(2);
    }
    for i in audit
        .inputs
        .iter()
        .filter(|i| i.status == recoup::batch::Status::Error)
    {
        // Reasons start with the file's name; say it once.
        let error = i.error.as_deref().unwrap_or("unreadable");
        let name = i.path.rsplit('/').next().unwrap_or(&i.path);
        let error = error
            .strip_prefix(&format!("{}: ", i.path))
            .or_else(|| error.strip_prefix(&format!("{name}: ")))
            .unwrap_or(error);
        if error.starts_with(&i.path) {
            eprintln!("recoup: {error}");
        } else {
            eprintln!("recoup: {}: {error}", i.path);
        }
    }
    if audit.statements_read() == 0 {
        eprintln!("recoup: no statement could be read");
        return ExitCode::from(2);
    }
    if bundle_failed {
        return ExitCode::from(2);
    }
    if audit.input_errors() > 0 {
        return ExitCode::from(3);
    }
    let threshold = match fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Never => None,
    };
    match threshold {
        Some(t) if audit.findings.iter().any(|f| f.severity >= t) => ExitCode::from(1),
        _ => ExitCode::SUCCESS,
    }
}

/// `recoup init`: drafts written, the reasons for any not written, exit code.
fn init(paths: Vec<PathBuf>, out: Option<PathBuf>, quiet: bool) -> ExitCode {
    let opts = recoup::init::Options {
        paths,
        out,
        today: chrono::Local::now().date_naive(),
    };
    let bar = progress::Bar::new(quiet);
    let report = recoup::init::run(&opts, &|| bar.tick());
    bar.finish();
    for e in &report.input_errors {
        eprintln!("recoup: {e}");
    }
    if report.statements == 0 {
        eprintln!("recoup: no statement could be read; no draft written");
        return ExitCode::from(2);
    }
    let printed = print(&report.render());
    for o in &report.outcomes {
        if let recoup::init::Outcome::Failed { path, error, .. } = o {
            eprintln!("recoup: cannot write {}: {error}", path.display());
        }
    }
    if printed != ExitCode::SUCCESS {
        return printed;
    }
    ExitCode::from(report.exit_code())
}

fn explain(code: Option<&str>) -> ExitCode {
    match code.map(Code::from_name) {
        None => {
            let mut o = String::from("Finding codes (recoup explain CODE for more):\n\n");
            for c in Code::ALL {
                o.push_str(&format!(
                    "  {:<22} {}  {}\n",
                    c.name(),
                    c.kind(),
                    first_sentence(c.meaning())
                ));
            }
            o.push_str("\nTopics (recoup explain TOPIC):\n\n");
            for (t, what) in recoup::report::worth::TOPICS {
                o.push_str(&format!("  {t:<22}    {what}\n"));
            }
            print(&o)
        }
        Some(None) if recoup::report::worth::explain_topic(code.unwrap_or("")).is_some() => {
            print(&recoup::report::worth::explain_topic(code.unwrap_or("")).unwrap_or_default())
        }
        Some(Some(c)) => print(&format!(
            "{} ({})\n\nWhat it means: {}\n\nWhat to ask the studio for: {}\n",
            c.name(),
            match c.kind() {
                "A" => "arithmetic check",
                "C" => "contract check",
                "S" => "series check",
                _ => "notice",
            },
            c.meaning(),
            c.ask()
        )),
        Some(None) if recoup::statement::labels::explain_code(code.unwrap_or("")).is_some() => {
            print(&recoup::statement::labels::explain_code(code.unwrap_or("")).unwrap_or_default())
        }
        Some(None) => {
            eprintln!(
                "recoup: unknown finding or line code '{}'; `recoup explain` lists the finding codes",
                code.unwrap_or("")
            );
            ExitCode::from(2)
        }
    }
}

fn first_sentence(s: &str) -> &str {
    match s.find(". ") {
        Some(i) => &s[..=i],
        None => s,
    }
}

mod progress {
    use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
    use std::io::IsTerminal;
    use std::sync::Once;
    use std::time::{Duration, Instant};

    /// How long a run goes before it earns a progress bar: a small audit
    /// finishes without one ever flickering on the terminal.
    const SHOW_AFTER: Duration = Duration::from_secs(1);

    /// A progress bar on standard error, only on a terminal and only once the
    /// run has lasted long enough to need one.
    pub struct Bar(Option<(ProgressBar, Instant, Once)>);

    impl Bar {
        pub fn new(quiet: bool) -> Bar {
            if quiet || !std::io::stderr().is_terminal() {
                return Bar(None);
            }
            // Hidden until SHOW_AFTER has passed; counts all along.
            let pb = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
            pb.set_style(
                ProgressStyle::with_template("{spinner} {pos} files read ({per_sec})")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            Bar(Some((pb, Instant::now(), Once::new())))
        }
        pub fn tick(&self) {
            if let Some((pb, start, shown)) = &self.0 {
                pb.inc(1);
                if start.elapsed() >= SHOW_AFTER {
                    shown.call_once(|| {
                        pb.set_draw_target(ProgressDrawTarget::stderr_with_hz(4));
                    });
                }
            }
        }
        pub fn finish(&self) {
            if let Some((pb, ..)) = &self.0 {
                pb.finish_and_clear();
            }
        }
    }
}
