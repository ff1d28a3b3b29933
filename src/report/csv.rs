//! `findings.csv`: one row per finding, the SPEC §5 columns in order, text
//! neutralised so no cell becomes a formula.

use super::neutralise;
use crate::finding::Finding;
use crate::money::fmt_plain;

pub const COLUMNS: [&str; 16] = [
    "deal",
    "file",
    "sheet",
    "period_end",
    "code",
    "severity",
    "line",
    "label",
    "column",
    "reported",
    "expected",
    "difference",
    "np_effect",
    "clause",
    "cells",
    "message",
];

pub fn render(findings: &[Finding]) -> String {
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let _ = w.write_record(COLUMNS);
    for f in findings {
        let amount = |d: Option<rust_decimal::Decimal>| d.map(fmt_plain).unwrap_or_default();
        let cells = f.cells.join(";");
        let row = [
            neutralise(&f.deal).into_owned(),
            neutralise(&f.file).into_owned(),
            neutralise(&f.sheet).into_owned(),
            f.period_end.clone(),
            f.code.name().to_string(),
            f.severity.name().to_string(),
            neutralise(&f.line).into_owned(),
            neutralise(&f.label).into_owned(),
            f.column.map(|c| c.name()).unwrap_or("").to_string(),
            amount(f.reported),
            amount(f.expected),
            amount(f.difference()),
            fmt_plain(f.np_effect),
            neutralise(&f.clause).into_owned(),
            neutralise(&cells).into_owned(),
            neutralise(&f.message).into_owned(),
        ];
        let _ = w.write_record(&row);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}
