//! Portfolio benchmark for `recoup check` (issue 5).
//!
//! ```text
//! cargo run --release --example bench -- [--statements N] [--out DIR] [--reps R]
//!                                        [--scale10] [--python K] [--jobs J]
//!                                        [--generate]   (generate only, print its folder)
//! ```
//!
//! 1. Generates, deterministically (a seeded SplitMix64, no new crate), a
//!    portfolio of N xlsx statements: N/10 deals of 10 quarterly statements,
//!    each deal with its contract, figures that foot and follow the contract,
//!    and a few injected errors so that findings exist. The same statements
//!    are also written as CSV. Generated portfolios are kept in `--out`
//!    (default `target/bench-portfolio`) and reused by later runs.
//! 2. Measures, in the same run and interleaved rep by rep:
//!    - the floor: calamine alone opening every xlsx and touching every cell
//!      of every sheet, in parallel over files with rayon (the same
//!      parallelism as recoup), in a child process (`bench --floor DIR`);
//!    - `recoup check DIR --format json --quiet > /dev/null` on the xlsx
//!      portfolio and on the CSV portfolio, spawning the release binary.
//!
//!    Every child runs under `/usr/bin/time -f %M` for its peak RSS (maximum
//!    resident set size, from the kernel's rusage of the child); without
//!    `/usr/bin/time`, `/proc/<pid>/status` VmHWM is polled instead (it can
//!    miss a peak in the last milliseconds). Wall time is measured here
//!    around spawn and wait; the reported figure is the median of the reps.
//! 3. With `--scale10`, does the same on a portfolio ten times larger and
//!    prints the time and memory ratios (the linearity check).
//! 4. Runs `bench/recompute_openpyxl.py` (the same recompute in Python with
//!    openpyxl) on the first K statements (default 200; `--python 0` skips)
//!    with the same number of worker processes, and extrapolates per
//!    statement. Skipped with a note when python3 or openpyxl is missing.
//!
//! Prints a Markdown table of the results.

use rayon::prelude::*;

/// The same allocator as `recoup` (src/main.rs), so that the floor measures
/// calamine under the conditions recoup runs it in.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use rust_xlsxwriter::{Format, Workbook};
use std::fmt::Write as _;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Bump when the generated portfolio changes, so stale ones are rebuilt.
const GENERATOR_VERSION: u32 = 1;
const AS_OF: &str = "2026-11-25";
const QUARTERS: usize = 10;

// ───────────────────────────── the generator ─────────────────────────────

/// SplitMix64: small, seeded, good enough to vary figures.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03)
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `lo..hi` (cents).
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % (hi - lo) as u64) as i64
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// `rate` is in basis points; rounds half away from zero to the cent.
fn pct(cents: i64, bp: i64) -> i64 {
    let n = cents as i128 * bp as i128;
    let q = (n.abs() + 5_000) / 10_000;
    (if n < 0 { -q } else { q }) as i64
}

const MEDIA: &[(&str, i64)] = &[
    ("Theatrical - Domestic", 3000),
    ("Theatrical - Foreign", 3500),
    ("Home Video - Domestic", 3000),
    ("Home Video - Foreign", 3500),
    ("Pay Television", 2500),
    ("Free Television", 2500),
    ("SVOD", 2500),
    ("TVOD", 3000),
    ("Merchandising", 5000),
    ("Soundtrack", 2000),
];
const MEDIA_KEYS: &[&str] = &[
    "theatrical_domestic",
    "theatrical_foreign",
    "home_video_domestic",
    "home_video_foreign",
    "pay_tv",
    "free_tv",
    "svod",
    "tvod",
    "merchandising",
    "soundtrack",
];
const EXPENSES: &[&str] = &[
    "Advertising",
    "Advertising Overhead",
    "Prints",
    "Residuals",
    "Taxes",
    "Trade Association Dues",
    "Checking & Collection",
    "Dubbing & Subtitling",
    "Freight & Shipping",
    "Insurance",
    "Travel & Entertainment",
];

/// One printed row: a section, a label, and the current and ITD figures
/// (cents; `None` prints an empty cell).
struct Row {
    section: &'static str,
    label: String,
    current: Option<i64>,
    itd: i64,
}

struct Statement {
    file_stem: String,
    header: Vec<(&'static str, String)>,
    rows: Vec<Row>,
}

struct Deal {
    id: String,
    contract: String,
    statements: Vec<Statement>,
}

fn quarter_bounds(q: usize) -> (chrono::NaiveDate, chrono::NaiveDate) {
    let start_month = 1 + 3 * (q % 4) as u32;
    let year = 2022 + (q / 4) as i32;
    let start = chrono::NaiveDate::from_ymd_opt(year, start_month, 1).expect("valid date");
    let next = if start_month == 10 {
        chrono::NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        chrono::NaiveDate::from_ymd_opt(year, start_month + 3, 1)
    }
    .expect("valid date");
    (start, next.pred_opt().expect("valid date"))
}

fn titled(rng: &mut Rng) -> String {
    const A: &[&str] = &[
        "Long", "Silent", "Last", "Broken", "Golden", "Hidden", "Second", "Distant",
    ];
    const B: &[&str] = &[
        "Night", "Harbor", "Act", "Summer", "Road", "Signal", "Orchard", "Witness",
    ];
    format!(
        "The {} {}",
        A[rng.next() as usize % A.len()],
        B[rng.next() as usize % B.len()]
    )
}

/// One deal: its contract and its quarterly statements, internally
/// consistent except for the errors injected on purpose.
fn deal(index: usize) -> Deal {
    let mut rng = Rng::new(index as u64 + 1);
    let id = format!("BX-{index:05}");
    let title = titled(&mut rng);
    let participant = ["Jane Doe", "Ana Ruiz", "Sam Okafor", "Lee Park"][index % 4].to_string();
    let share_bp = [500, 750, 1000, 250][index % 4];
    // Errors, chosen per deal so that each portfolio has a few of each.
    let fee_error_from = if rng.chance(8) {
        Some(rng.range(2, QUARTERS as i64) as usize)
    } else {
        None
    };
    let footing_error_at = if rng.chance(5) {
        Some(rng.range(0, QUARTERS as i64) as usize)
    } else {
        None
    };
    let travel_from = if rng.chance(6) {
        Some(rng.range(1, QUARTERS as i64) as usize)
    } else {
        None
    };

    let mut contract = String::new();
    let _ = write!(
        contract,
        "[deal]\nid = \"{id}\"\ntitle = \"{title}\"\nparticipant = \"{participant}\"\n\
         currency = \"USD\"\ndefinition = \"net_profits\"\nshare = \"{}%\"\ntolerance = \"1.00\"\n\n\
         [distribution_fees]\n",
        share_bp as f64 / 100.0
    );
    for ((_, bp), key) in MEDIA.iter().zip(MEDIA_KEYS) {
        let _ = writeln!(contract, "{key} = \"{}%\"", *bp as f64 / 100.0);
    }
    contract.push_str(
        "\n[expenses]\nadvertising_overhead = \"10%\"\ndisallowed = [\"travel\"]\n\n\
         [expenses.caps]\nchecking_collection = \"5000000\"\n\n\
         [negative_cost]\noverhead = \"15%\"\n\n\
         [deductions]\ngross_participations = true\ndeferments = true\n\n\
         [audit]\nobjection_months = 36\nstatement_due_days = 60\n\
         underpayment_interest = \"10%\"\ncost_shift_threshold = \"5%\"\n",
    );

    // Running inception-to-date figures.
    let media_n = 6 + (index % 5);
    let mut gr_itd = vec![0i64; media_n];
    let mut fee_itd = vec![0i64; media_n];
    let mut exp_itd = [0i64; EXPENSES.len()];
    let direct = rng.range(2_000_000_000, 9_000_000_000);
    let overhead = pct(direct, 1500);
    let mut int_itd = 0i64;
    let mut prior = 0i64;
    let mut last_np_itd = 0i64;
    let mut statements = Vec::new();
    for q in 0..QUARTERS {
        let (start, end) = quarter_bounds(q);
        let issued = end + chrono::Duration::days(45);
        let mut rows = Vec::new();
        // Gross receipts, decaying after release.
        let scale = 1_000_000_000 / (q as i64 + 1);
        let mut gr_cur = vec![0i64; media_n];
        for (m, cur) in gr_cur.iter_mut().enumerate() {
            *cur = if m >= 6 && q < 2 {
                0
            } else {
                rng.range(scale / 20, scale)
            };
            gr_itd[m] += *cur;
            rows.push(Row {
                section: "Gross Receipts",
                label: MEDIA[m].0.to_string(),
                current: Some(*cur),
                itd: gr_itd[m],
            });
        }
        let gr_total_cur: i64 = gr_cur.iter().sum();
        let gr_total_itd: i64 = gr_itd.iter().sum();
        let mut printed_gr_itd = gr_total_itd;
        if footing_error_at == Some(q) {
            printed_gr_itd += 1_000_000; // a footing slip of 10,000.00 (in cents)
        }
        rows.push(Row {
            section: "Gross Receipts",
            label: "Total Gross Receipts".into(),
            current: Some(gr_total_cur),
            itd: printed_gr_itd,
        });
        // Distribution fees on each medium's receipts.
        let mut fee_cur = vec![0i64; media_n];
        for m in 0..media_n {
            let mut bp = MEDIA[m].1;
            if m == 0 && fee_error_from.is_some_and(|f| q >= f) {
                bp += 500; // charged at 35% instead of 30%
            }
            fee_cur[m] = pct(gr_cur[m], bp);
            fee_itd[m] += fee_cur[m];
            let label = if m == 0 && fee_error_from.is_some() {
                format!("{} ({}%)", MEDIA[m].0, MEDIA[m].1 / 100)
            } else {
                MEDIA[m].0.to_string()
            };
            rows.push(Row {
                section: "Distribution Fees",
                label,
                current: Some(fee_cur[m]),
                itd: fee_itd[m],
            });
        }
        let fee_total_cur: i64 = fee_cur.iter().sum();
        let fee_total_itd: i64 = fee_itd.iter().sum();
        rows.push(Row {
            section: "Distribution Fees",
            label: "Total Distribution Fees".into(),
            current: Some(fee_total_cur),
            itd: fee_total_itd,
        });
        // Expenses; advertising overhead at 10% of advertising, travel disallowed.
        let mut exp_cur = [0i64; EXPENSES.len()];
        for (k, name) in EXPENSES.iter().enumerate() {
            let cur = match *name {
                "Advertising" => rng.range(scale / 50, scale / 5),
                "Advertising Overhead" => 0, // set below
                "Travel & Entertainment" => {
                    if travel_from.is_some_and(|t| q >= t) {
                        rng.range(100_000, 5_000_000)
                    } else {
                        0
                    }
                }
                "Checking & Collection" => rng.range(10_000, 200_000),
                _ => rng.range(0, scale / 40),
            };
            exp_cur[k] = cur;
        }
        exp_cur[1] = pct(exp_cur[0], 1000);
        let mut exp_total_cur = 0;
        for (k, name) in EXPENSES.iter().enumerate() {
            exp_itd[k] += exp_cur[k];
            exp_total_cur += exp_cur[k];
            if *name == "Travel & Entertainment" && travel_from.is_none() {
                continue; // not printed by deals that never charge it
            }
            rows.push(Row {
                section: "Distribution Expenses",
                label: name.to_string(),
                current: Some(exp_cur[k]),
                itd: exp_itd[k],
            });
        }
        let exp_total_itd: i64 = exp_itd.iter().sum();
        rows.push(Row {
            section: "Distribution Expenses",
            label: "Total Distribution Expenses".into(),
            current: Some(exp_total_cur),
            itd: exp_total_itd,
        });
        // Negative cost, all charged in the first quarter.
        let (dc, oc) = if q == 0 { (direct, overhead) } else { (0, 0) };
        for (label, cur, itd) in [
            ("Direct Cost", dc, direct),
            ("Overhead", oc, overhead),
            ("Total Negative Cost", dc + oc, direct + overhead),
        ] {
            rows.push(Row {
                section: "Negative Cost",
                label: label.into(),
                current: Some(cur),
                itd,
            });
        }
        // Interest (no [interest] table in the contract: printed, not checked).
        let int_cur = rng.range(0, 50_000_000);
        int_itd += int_cur;
        rows.push(Row {
            section: "Interest",
            label: "Interest".into(),
            current: Some(int_cur),
            itd: int_itd,
        });
        // The participation base, the share and the payments.
        let np_itd = printed_gr_itd - fee_total_itd - exp_total_itd - direct - overhead - int_itd;
        let np_cur = np_itd - last_np_itd;
        last_np_itd = np_itd;
        rows.push(Row {
            section: "Net Profits",
            label: "Net Profits (Deficit)".into(),
            current: Some(np_cur),
            itd: np_itd,
        });
        let share = pct(np_itd.max(0), share_bp);
        let due = (share - prior).max(0);
        for (label, cur, itd) in [
            ("Participant Share", None, share),
            ("Bonuses", Some(0), 0),
            ("Less Previously Paid", None, prior),
            ("Amount Due", None, due),
        ] {
            rows.push(Row {
                section: "Participant",
                label: label.into(),
                current: cur,
                itd,
            });
        }
        prior += due;
        let bo = gr_itd[0] * 2;
        rows.push(Row {
            section: "Memo",
            label: "Box Office - Domestic".into(),
            current: Some(gr_cur[0] * 2),
            itd: bo,
        });
        statements.push(Statement {
            file_stem: format!("statement-{end}"),
            header: vec![
                ("Title", title.clone()),
                ("Participant", participant.clone()),
                ("Deal", id.clone()),
                ("Period Start", start.to_string()),
                ("Period End", end.to_string()),
                ("Statement Date", issued.to_string()),
                ("Currency", "USD".into()),
            ],
            rows,
        });
    }
    Deal {
        id,
        contract,
        statements,
    }
}

fn money(cents: i64) -> f64 {
    cents as f64 / 100.0
}

fn write_xlsx(st: &Statement, path: &Path) -> Result<(), String> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let num = Format::new().set_num_format("#,##0.00;(#,##0.00)");
    let ws = wb.add_worksheet();
    let e = |e: rust_xlsxwriter::XlsxError| e.to_string();
    ws.set_name("Statement").map_err(e)?;
    ws.write_string_with_format(0, 0, "PARTICIPATION STATEMENT", &bold)
        .map_err(e)?;
    let mut r = 2u32;
    for (k, v) in &st.header {
        ws.write_string(r, 0, *k).map_err(e)?;
        ws.write_string(r, 1, v).map_err(e)?;
        r += 1;
    }
    r += 1;
    for (c, h) in ["Section", "Line", "Current Period", "Inception To Date"]
        .iter()
        .enumerate()
    {
        ws.write_string_with_format(r, c as u16, *h, &bold)
            .map_err(e)?;
    }
    for row in &st.rows {
        r += 1;
        ws.write_string(r, 0, row.section).map_err(e)?;
        ws.write_string(r, 1, &row.label).map_err(e)?;
        if let Some(c) = row.current {
            ws.write_number_with_format(r, 2, money(c), &num)
                .map_err(e)?;
        }
        ws.write_number_with_format(r, 3, money(row.itd), &num)
            .map_err(e)?;
    }
    // A second sheet of notes, as studios send: read and skipped.
    let notes = wb.add_worksheet();
    notes.set_name("Notes").map_err(e)?;
    notes
        .write_string(0, 0, "Figures are subject to audit under the agreement.")
        .map_err(e)?;
    wb.save(path).map_err(e)
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn write_csv(st: &Statement, path: &Path) -> std::io::Result<()> {
    let mut out = String::from("PARTICIPATION STATEMENT,,,\n,,,\n");
    for (k, v) in &st.header {
        let _ = writeln!(out, "{k},{},,", csv_field(v));
    }
    out.push_str(",,,\nSection,Line,Current Period,Inception To Date\n");
    for row in &st.rows {
        let cur = row.current.map(|c| format!("{:.2}", money(c)));
        let _ = writeln!(
            out,
            "{},{},{},{:.2}",
            row.section,
            csv_field(&row.label),
            cur.unwrap_or_default(),
            money(row.itd)
        );
    }
    std::fs::write(path, out)
}

struct Portfolio {
    xlsx: PathBuf,
    csv: PathBuf,
    statements: usize,
}

/// Generate (or reuse) the portfolio of `n` statements under `root`.
fn portfolio(root: &Path, n: usize) -> Result<Portfolio, String> {
    let deals = n.div_ceil(QUARTERS);
    let dir = root.join(format!("n{}", deals * QUARTERS));
    let done = dir.join(format!("generated-v{GENERATOR_VERSION}"));
    let p = Portfolio {
        xlsx: dir.join("xlsx"),
        csv: dir.join("csv"),
        statements: deals * QUARTERS,
    };
    if done.is_file() {
        eprintln!("reusing {}", dir.display());
        return Ok(p);
    }
    let _ = std::fs::remove_dir_all(&dir);
    let t = Instant::now();
    eprintln!(
        "generating {} statements in {} deals under {} ...",
        p.statements,
        deals,
        dir.display()
    );
    (0..deals).into_par_iter().try_for_each(|i| {
        let d = deal(i);
        for (root, ext) in [(&p.xlsx, "xlsx"), (&p.csv, "csv")] {
            let folder = root.join(&d.id);
            std::fs::create_dir_all(&folder).map_err(|e| e.to_string())?;
            std::fs::write(folder.join("contract.toml"), &d.contract).map_err(|e| e.to_string())?;
            for st in &d.statements {
                let path = folder.join(format!("{}.{ext}", st.file_stem));
                if ext == "xlsx" {
                    write_xlsx(st, &path)?;
                } else {
                    write_csv(st, &path).map_err(|e| e.to_string())?;
                }
            }
        }
        Ok::<(), String>(())
    })?;
    std::fs::write(&done, format!("{}\n", p.statements)).map_err(|e| e.to_string())?;
    eprintln!("generated in {:.1} s", t.elapsed().as_secs_f64());
    Ok(p)
}

// ───────────────────────────── the floor ─────────────────────────────

fn files_with(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            files_with(&p, ext, out);
        } else if p.extension().is_some_and(|x| x == ext) {
            out.push(p);
        }
    }
}

/// calamine alone: open every workbook and touch every cell of every sheet,
/// in parallel over files. Returns (files, cells, checksum).
fn floor(dir: &Path) -> (usize, u64, u64) {
    use calamine::{DataRef, Reader};
    let mut files = Vec::new();
    files_with(dir, "xlsx", &mut files);
    files.sort();
    let (cells, sum) = files
        .par_iter()
        .map(|path| {
            let bytes = std::fs::read(path).expect("read");
            let mut wb: calamine::Xlsx<_> =
                calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("open");
            let mut cells = 0u64;
            let mut sum = 0u64;
            for name in wb.sheet_names() {
                let mut reader = wb.worksheet_cells_reader(&name).expect("sheet");
                while let Some(cell) = reader.next_cell().expect("cell") {
                    cells += 1;
                    sum = sum.wrapping_add(match cell.get_value() {
                        DataRef::SharedString(s) => s.len() as u64,
                        DataRef::String(s) => s.len() as u64,
                        DataRef::Float(f) => f.to_bits() & 0xff,
                        _ => 1,
                    });
                }
            }
            (cells, sum)
        })
        .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1.wrapping_add(b.1)));
    (files.len(), cells, std::hint::black_box(sum))
}

// ───────────────────────────── measuring ─────────────────────────────

#[derive(Clone, Copy)]
struct Sample {
    seconds: f64,
    peak_kb: u64,
}

fn has_gnu_time() -> bool {
    Command::new("/usr/bin/time")
        .args(["-f", "%M", "true"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn vm_hwm_kb(pid: u32) -> Option<u64> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = text.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Run a command with stdout to /dev/null; wall time and peak RSS of the child.
fn measure(program: &Path, args: &[String], gnu_time: bool) -> Result<Sample, String> {
    let rss_file = std::env::temp_dir().join(format!("recoup-bench-rss-{}", std::process::id()));
    let mut cmd = if gnu_time {
        let mut c = Command::new("/usr/bin/time");
        c.arg("-f").arg("%M").arg("-o").arg(&rss_file).arg(program);
        c
    } else {
        Command::new(program)
    };
    cmd.args(args).stdout(Stdio::null()).stderr(Stdio::piped());
    let start = Instant::now();
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("{}: {e}", program.display()))?;
    let mut peak = 0;
    if !gnu_time {
        while child.try_wait().map_err(|e| e.to_string())?.is_none() {
            if let Some(kb) = vm_hwm_kb(child.id()) {
                peak = peak.max(kb);
            }
            std::thread::sleep(Duration::from_millis(2));
        }
    }
    let mut stderr = String::new();
    if let Some(mut e) = child.stderr.take() {
        let _ = e.read_to_string(&mut stderr);
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    let seconds = start.elapsed().as_secs_f64();
    // recoup exits 1 when it finds discrepancies: that is the expected outcome.
    if !matches!(status.code(), Some(0 | 1)) {
        return Err(format!(
            "{} {} failed ({status}): {stderr}",
            program.display(),
            args.join(" ")
        ));
    }
    if gnu_time {
        let text = std::fs::read_to_string(&rss_file).map_err(|e| e.to_string())?;
        let _ = std::fs::remove_file(&rss_file);
        peak = text
            .lines()
            .rev()
            .find_map(|l| l.trim().parse().ok())
            .ok_or_else(|| format!("no peak RSS in /usr/bin/time output: {text}"))?;
    }
    Ok(Sample {
        seconds,
        peak_kb: peak,
    })
}

fn median(mut xs: Vec<Sample>) -> Sample {
    xs.sort_by(|a, b| a.seconds.total_cmp(&b.seconds));
    let mid = xs[xs.len() / 2];
    Sample {
        seconds: mid.seconds,
        // Peak memory: the largest seen over the reps, not the median.
        peak_kb: xs.iter().map(|s| s.peak_kb).max().unwrap_or(0),
    }
}

fn dir_bytes(dir: &Path, ext: &str) -> u64 {
    let mut files = Vec::new();
    files_with(dir, ext, &mut files);
    files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum()
}

struct Measured {
    statements: usize,
    xlsx_mb: f64,
    csv_mb: f64,
    floor: Sample,
    xlsx: Sample,
    csv: Sample,
}

struct Tools {
    me: PathBuf,
    recoup: PathBuf,
    gnu_time: bool,
    jobs: Option<usize>,
}

fn run_portfolio(tools: &Tools, p: &Portfolio, reps: usize) -> Result<Measured, String> {
    let jobs: Vec<String> = tools
        .jobs
        .map(|j| vec!["--jobs".to_string(), j.to_string()])
        .unwrap_or_default();
    let check = |dir: &Path| -> Vec<String> {
        let mut a = vec![
            "check".to_string(),
            dir.to_string_lossy().into_owned(),
            "--format".into(),
            "json".into(),
            "--quiet".into(),
            "--as-of".into(),
            AS_OF.into(),
        ];
        a.extend(jobs.iter().cloned());
        a
    };
    let mut floor_args = vec!["--floor".to_string(), p.xlsx.to_string_lossy().into_owned()];
    floor_args.extend(jobs.iter().cloned());
    // Warm the page cache and the binaries once, untimed.
    measure(&tools.me, &floor_args, tools.gnu_time)?;
    measure(&tools.recoup, &check(&p.xlsx), tools.gnu_time)?;
    measure(&tools.recoup, &check(&p.csv), tools.gnu_time)?;
    let (mut f, mut x, mut c) = (Vec::new(), Vec::new(), Vec::new());
    for rep in 0..reps {
        eprintln!("  rep {}/{reps}", rep + 1);
        f.push(measure(&tools.me, &floor_args, tools.gnu_time)?);
        x.push(measure(&tools.recoup, &check(&p.xlsx), tools.gnu_time)?);
        c.push(measure(&tools.recoup, &check(&p.csv), tools.gnu_time)?);
    }
    Ok(Measured {
        statements: p.statements,
        xlsx_mb: dir_bytes(&p.xlsx, "xlsx") as f64 / 1e6,
        csv_mb: dir_bytes(&p.csv, "csv") as f64 / 1e6,
        floor: median(f),
        xlsx: median(x),
        csv: median(c),
    })
}

fn table_rows(m: &Measured, out: &mut String) {
    let row = |out: &mut String, what: &str, mb: f64, s: &Sample| {
        let _ = writeln!(
            out,
            "| {what} | {} | {mb:.1} | {:.3} | {:.0} | {:.1} | {:.1} MB | {:.2}× |",
            m.statements,
            s.seconds,
            m.statements as f64 / s.seconds,
            mb / s.seconds,
            s.peak_kb as f64 / 1024.0,
            s.seconds / m.floor.seconds
        );
    };
    row(out, "floor: calamine alone (xlsx)", m.xlsx_mb, &m.floor);
    row(out, "`recoup check` xlsx", m.xlsx_mb, &m.xlsx);
    row(out, "`recoup check` csv", m.csv_mb, &m.csv);
}

struct Python {
    statements: usize,
    seconds: f64,
}

fn python(script: &Path, dir: &Path, limit: usize, jobs: usize) -> Result<Python, String> {
    let probe = Command::new("python3")
        .args(["-c", "import openpyxl"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    if !probe.is_ok_and(|s| s.success()) {
        return Err("python3 with openpyxl not found (pip install openpyxl)".into());
    }
    let start = Instant::now();
    let out = Command::new("python3")
        .arg(script)
        .arg(dir)
        .args(["--limit", &limit.to_string(), "--jobs", &jobs.to_string()])
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| e.to_string())?;
    let seconds = start.elapsed().as_secs_f64();
    if !out.status.success() {
        return Err(format!("{} failed: {}", script.display(), out.status));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let statements = text
        .lines()
        .find_map(|l| l.strip_prefix("statements "))
        .and_then(|n| n.trim().parse().ok())
        .ok_or_else(|| format!("unexpected output from the Python script: {text}"))?;
    Ok(Python {
        statements,
        seconds,
    })
}

fn build_recoup() -> Result<PathBuf, String> {
    let me = std::env::current_exe().map_err(|e| e.to_string())?;
    // target/release/examples/bench → target/release/recoup
    let dir = me
        .parent()
        .and_then(Path::parent)
        .ok_or("cannot locate the target folder")?;
    if let Some(cargo) = std::env::var_os("CARGO") {
        let status = Command::new(cargo)
            .args(["build", "--release", "--quiet", "--bin", "recoup"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .status()
            .map_err(|e| e.to_string())?;
        if !status.success() {
            return Err("cargo build --release --bin recoup failed".into());
        }
    }
    let bin = dir.join("recoup");
    if !bin.is_file() {
        return Err(format!(
            "{} not found: run `cargo build --release` first",
            bin.display()
        ));
    }
    Ok(bin)
}

struct Args {
    statements: usize,
    out: PathBuf,
    reps: usize,
    scale10: bool,
    python: usize,
    jobs: Option<usize>,
    floor: Option<PathBuf>,
    /// Only generate the portfolio (for report.html's size figures).
    generate: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        statements: 2000,
        out: Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-portfolio"),
        reps: 5,
        scale10: false,
        python: 200,
        jobs: None,
        floor: None,
        generate: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value"));
        let num = |v: String| v.parse::<usize>().map_err(|e| format!("{v}: {e}"));
        match flag.as_str() {
            "--statements" => a.statements = num(value()?)?.max(QUARTERS),
            "--out" => a.out = PathBuf::from(value()?),
            "--reps" => a.reps = num(value()?)?.max(1),
            "--scale10" => a.scale10 = true,
            "--python" => a.python = num(value()?)?,
            "--jobs" => a.jobs = Some(num(value()?)?),
            "--floor" => a.floor = Some(PathBuf::from(value()?)),
            "--generate" => a.generate = true,
            "--bench" => {} // passed by `cargo bench`-style runners
            "-h" | "--help" => {
                println!(
                    "cargo run --release --example bench -- [--statements N] [--out DIR] \
                     [--reps R] [--scale10] [--python K] [--jobs J]"
                );
                std::process::exit(0);
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(a)
}

fn main() {
    if let Err(e) = real_main() {
        eprintln!("bench: {e}");
        std::process::exit(2);
    }
}

fn real_main() -> Result<(), String> {
    let args = parse_args()?;
    if let Some(j) = args.jobs {
        rayon::ThreadPoolBuilder::new()
            .num_threads(j)
            .build_global()
            .map_err(|e| e.to_string())?;
    }
    if let Some(dir) = &args.floor {
        // Child mode: the floor alone, so its time and memory are measured
        // exactly like recoup's.
        let (files, cells, sum) = floor(dir);
        println!("{files} files, {cells} cells ({sum})");
        return Ok(());
    }
    if args.generate {
        let p = portfolio(&args.out, args.statements)?;
        println!("{}", p.xlsx.display());
        return Ok(());
    }
    let tools = Tools {
        me: std::env::current_exe().map_err(|e| e.to_string())?,
        recoup: build_recoup()?,
        gnu_time: has_gnu_time(),
        jobs: args.jobs,
    };
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = args.jobs.unwrap_or(cores);
    let base = portfolio(&args.out, args.statements)?;
    let large = if args.scale10 {
        Some(portfolio(&args.out, args.statements * 10)?)
    } else {
        None
    };
    eprintln!("measuring {} statements ...", base.statements);
    let m1 = run_portfolio(&tools, &base, args.reps)?;
    let m10 = match &large {
        Some(p) => {
            eprintln!("measuring {} statements ...", p.statements);
            Some(run_portfolio(&tools, p, args.reps.div_ceil(2).max(1))?)
        }
        None => None,
    };
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/recompute_openpyxl.py");
    let py = if args.python == 0 {
        Err("skipped (--python 0)".to_string())
    } else {
        eprintln!(
            "running the openpyxl recompute on {} statements ...",
            args.python
        );
        python(&script, &base.xlsx, args.python, threads)
    };

    let mut out = String::new();
    let _ = writeln!(
        out,
        "\n{cores} cores, {threads} worker threads, median of {} reps; peak RSS by {}.\n",
        args.reps,
        if tools.gnu_time {
            "/usr/bin/time (rusage of the child)"
        } else {
            "polling /proc/<pid>/status VmHWM"
        }
    );
    out.push_str(
        "| run | statements | MB | seconds | statements/s | MB/s | peak RSS | × floor |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    table_rows(&m1, &mut out);
    if let Some(m) = &m10 {
        table_rows(m, &mut out);
    }
    let _ = writeln!(
        out,
        "\n`recoup check` xlsx is {:.2}× the floor ({} statements).",
        m1.xlsx.seconds / m1.floor.seconds,
        m1.statements
    );
    if let Some(m) = &m10 {
        for (what, a, b) in [("xlsx", &m1.xlsx, &m.xlsx), ("csv", &m1.csv, &m.csv)] {
            let _ = writeln!(
                out,
                "Linearity ({what}): 10× the statements took {:.2}× as long; peak RSS {:.1} MB → {:.1} MB ({:.2}×).",
                b.seconds / a.seconds,
                a.peak_kb as f64 / 1024.0,
                b.peak_kb as f64 / 1024.0,
                b.peak_kb as f64 / a.peak_kb as f64
            );
        }
    }
    match py {
        Ok(p) => {
            let per = p.seconds / p.statements as f64;
            let ours = m1.xlsx.seconds / m1.statements as f64;
            let _ = writeln!(
                out,
                "Python + openpyxl (bench/recompute_openpyxl.py, {threads} processes): {} statements in {:.2} s, \
                 {:.1} ms per statement ({:.0} statements/s), extrapolated to {:.1} s for {} statements; \
                 `recoup check` is {:.0}× faster.",
                p.statements,
                p.seconds,
                per * 1e3,
                1.0 / per,
                per * m1.statements as f64,
                m1.statements,
                per / ours
            );
        }
        Err(e) => {
            let _ = writeln!(out, "Python + openpyxl comparison skipped: {e}.");
        }
    }
    print!("{out}");
    Ok(())
}
