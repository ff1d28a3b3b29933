//! `recoup inspect FILE`: how a statement was read, line by line.

use crate::batch::sha256_hex;
use crate::contract::{Contract, Loaded};
use crate::grid::{self, FileKind};
use crate::money::fmt_human;
use crate::statement::layout::{self, Layout, Source};
use crate::statement::{LineKind, Statement};
use std::collections::HashMap;
use std::path::Path;
use tabled::builder::Builder;
use tabled::settings::object::Columns;
use tabled::settings::{Alignment, Modify, Style};

/// A sheet as inspect sees it.
pub enum Sheet {
    Statement(Statement),
    Skipped(String),
    Error(String),
}

/// Read a file the way `check` does, keeping every sheet's outcome.
pub fn read(path: &Path, contracts: &[Contract]) -> Result<(String, Vec<Sheet>), String> {
    let kind = FileKind::from_path(path).ok_or_else(|| {
        format!(
            "{}: not a statement file (.csv, .xlsx, .xlsm, .xlsb, .xls, .ods)",
            path.display()
        )
    })?;
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let sha = sha256_hex(&bytes);
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let grids =
        grid::read_grids(kind, &bytes).map_err(|e| format!("{file_name}: {}", e.message))?;
    let by_deal: HashMap<&str, &Contract> = contracts.iter().map(|c| (c.id.as_str(), c)).collect();
    let aliases = |deal: &str| by_deal.get(deal.trim()).map(|c| c.aliases.clone());
    let mut out = Vec::new();
    for g in grids {
        match g {
            Err(e) => out.push(Sheet::Error(format!(
                "{}: {}",
                e.sheet.unwrap_or_default(),
                e.message
            ))),
            Ok(grid) => {
                let src = Source {
                    file: &file_name,
                    file_name: &file_name,
                    date1904: grid.date1904,
                };
                out.push(match layout::layout(&grid, &src, &aliases) {
                    Layout::Statement(s) => Sheet::Statement(s),
                    Layout::NotStatement => Sheet::Skipped(grid.sheet.clone()),
                    Layout::Error(e) => Sheet::Error(e.to_string()),
                });
            }
        }
    }
    Ok((sha, out))
}

pub fn load_contracts(paths: &[std::path::PathBuf]) -> Result<Vec<Contract>, String> {
    let mut out = Vec::new();
    for p in paths {
        let text = std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))?;
        match crate::contract::parse(&p.to_string_lossy(), &text) {
            Ok(Loaded::Contract(c)) => out.push(*c),
            Ok(Loaded::NotContract) => {
                return Err(format!("{}: no [deal] table: not a contract", p.display()))
            }
            Err(e) => return Err(format!("{}: {e}", p.display())),
        }
    }
    Ok(out)
}

fn amount(d: Option<rust_decimal::Decimal>) -> String {
    d.map(fmt_human).unwrap_or_default()
}

pub fn render_text(path: &Path, sha: &str, sheets: &[Sheet]) -> String {
    let mut o = format!("{}  sha256 {sha}\n", path.display());
    for sheet in sheets {
        match sheet {
            Sheet::Skipped(name) => {
                o.push_str(&format!("\nsheet {name}: skipped (no statement header)\n"))
            }
            Sheet::Error(e) => o.push_str(&format!("\nunreadable: {e}\n")),
            Sheet::Statement(s) => {
                o.push('\n');
                if !s.sheet.is_empty() {
                    o.push_str(&format!("sheet {}\n", s.sheet));
                }
                o.push_str(&format!(
                    "  Title: {}\n  Participant: {}\n  Deal: {}\n  Period: {} to {}\n  Statement date: {}\n  Currency: {}\n",
                    s.title,
                    s.participant,
                    s.deal,
                    s.period_start,
                    s.period_end,
                    s.statement_date.map(|d| d.to_string()).unwrap_or_else(|| "—".into()),
                    s.currency
                ));
                if s.unit > 1 {
                    o.push_str(&format!(
                        "  Unit: {} (every amount printed was multiplied by {})\n",
                        if s.unit == 1_000 {
                            "thousands"
                        } else {
                            "millions"
                        },
                        fmt_human(rust_decimal::Decimal::from(s.unit)).trim_end_matches(".00")
                    ));
                }
                let mut b = Builder::default();
                // The Previously Reported column only where the statement prints one.
                let prior = s.lines.iter().any(|l| l.place.prior_col.is_some());
                let mut head = vec!["Section", "Label", "Code", "Current", "ITD"];
                if prior {
                    head.push("Prev. reported");
                }
                head.extend(["Cells", "Note"]);
                b.push_record(head);
                for l in &s.lines {
                    let cells: Vec<String> = [l.current_cell(), l.itd_cell(), l.prior_cell()]
                        .into_iter()
                        .flatten()
                        .map(|c| c.rsplit('!').next().unwrap_or(&c).to_string())
                        .collect();
                    let mut record = vec![
                        l.section.name().to_string(),
                        l.label.clone(),
                        if l.code.is_empty() {
                            "?".into()
                        } else {
                            l.code.clone()
                        },
                        amount(l.current),
                        amount(l.itd),
                    ];
                    if prior {
                        record.push(amount(l.prior));
                    }
                    record.extend([cells.join(" "), reading_note(s, l)]);
                    b.push_record(record);
                }
                let mut t = b.build();
                let amounts = if prior { 3..6 } else { 3..5 };
                t.with(Style::sharp())
                    .with(Modify::new(Columns::new(amounts)).with(Alignment::right()));
                o.push_str(&t.to_string());
                o.push('\n');
                for (row, text) in &s.reading.notes {
                    o.push_str(&format!("  note row {}: {text}\n", row + 1));
                }
            }
        }
    }
    o
}

/// What the Note column says of a line: its kind, and how it was read
/// (a group total and the lines it foots, a line summed with others of its
/// code, an amount in another currency).
fn reading_note(s: &Statement, l: &crate::statement::Line) -> String {
    let mut parts: Vec<String> = Vec::new();
    match l.kind {
        LineKind::Unmapped => parts.push("UNMAPPED".into()),
        LineKind::Subtotal => match s.reading.group(l.row) {
            Some(g) => {
                let labels: Vec<&str> = s
                    .lines
                    .iter()
                    .filter(|m| g.lines.contains(&m.row))
                    .map(|m| m.label.as_str())
                    .collect();
                parts.push(format!("group total of {}", labels.join(" + ")));
            }
            None => parts.push("subtotal".into()),
        },
        LineKind::Total => parts.push("total".into()),
        LineKind::Balance => parts.push("running balance".into()),
        LineKind::Item => {}
    }
    if l.kind == LineKind::Item {
        let same = s
            .lines
            .iter()
            .filter(|m| m.code == l.code && m.section == l.section)
            .count();
        if same > 1 {
            parts.push(format!("1 of {same} lines summed as {}", l.code));
        }
    }
    if let Some(c) = s.reading.foreign(l.row) {
        parts.push(format!("printed in {c}: not read"));
    }
    parts.join("; ")
}

pub fn render_json(path: &Path, sha: &str, sheets: &[Sheet]) -> String {
    let items: Vec<serde_json::Value> = sheets
        .iter()
        .map(|s| match s {
            Sheet::Statement(st) => serde_json::json!({"status": "ok", "statement": st}),
            Sheet::Skipped(name) => serde_json::json!({"status": "skipped", "sheet": name}),
            Sheet::Error(e) => serde_json::json!({"status": "error", "error": e}),
        })
        .collect();
    let doc = serde_json::json!({"file": path.to_string_lossy(), "sha256": sha, "sheets": items});
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}
