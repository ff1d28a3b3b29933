//! Arbitrary grids through layout detection. The bytes are read as a cell
//! stream: 0xFF ends a row, and each cell is one tag byte and its bytes up to
//! the next separator. Most tags pick a word a statement is made of, so the
//! fuzzer reaches the header block and the line table quickly; the others
//! give raw text, numbers (any f64), dates, booleans, errors and gaps.
#![no_main]
use libfuzzer_sys::fuzz_target;
use recoup::grid::{Cell, Grid};
use recoup::statement::layout::{layout, Layout, Source};

const WORDS: &[&str] = &[
    "Title", "Participant", "Deal", "D-1", "Period Start", "Period End", "Statement Date",
    "Currency", "USD", "EUR", "2024-01-01", "2024-06-30", "06/30/2024", "30-Jun-2024",
    "June 30, 2024", "Section", "Line", "Current Period", "Inception To Date", "ITD",
    "Gross Receipts", "GROSS RECEIPTS", "Theatrical - Domestic", "Theatrical - Foreign (30%)",
    "Less Returns", "Total Gross Receipts", "Total Film Rental", "Distribution Fees",
    "Less Distribution Fees", "Total Distribution Fees", "Distribution Expenses",
    "Advertising & Publicity", "Total Distribution Expenses", "Negative Cost", "Direct Cost",
    "Overhead @15%", "Total Negative Cost", "Interest", "Gross Participations", "Deferments",
    "Net Profits", "Net Profits (Deficit)", "Net After Distribution Fees", "Balance",
    "Participant Share", "Bonuses", "Less Previously Paid", "Amount Due", "Memo",
    "Box Office - Domestic", "1,000.00", "(1,234.56)", "1,234.56-", "-$5.00", "0.00", "-",
    "nil", "99999999999999999999", "", " ", "Notes",
];

fn grid_of(data: &[u8]) -> Grid {
    let mut rows: Vec<Vec<Cell>> = vec![Vec::new()];
    let mut i = 0;
    while i < data.len() && rows.len() <= 400 {
        let tag = data[i];
        i += 1;
        if tag == 0xFF {
            rows.push(Vec::new());
            continue;
        }
        let end = data[i..]
            .iter()
            .position(|&b| b == 0xFE || b == 0xFF)
            .map_or(data.len(), |p| i + p);
        let body = &data[i..end];
        i = if end < data.len() && data[end] == 0xFE { end + 1 } else { end };
        let cell = match tag % 16 {
            0..=8 => Cell::Text(WORDS[(tag as usize / 16 + body.first().copied().unwrap_or(0) as usize) % WORDS.len()].to_string()),
            9 | 10 => Cell::Text(String::from_utf8_lossy(body).into_owned()),
            11 => {
                let mut b = [0u8; 8];
                for (d, s) in b.iter_mut().zip(body) {
                    *d = *s;
                }
                Cell::Number(f64::from_le_bytes(b))
            }
            12 => Cell::Number(body.first().copied().unwrap_or(0) as f64 * 1000.5),
            13 => match chrono::NaiveDate::from_num_days_from_ce_opt(
                i32::from_le_bytes([
                    body.first().copied().unwrap_or(0),
                    body.get(1).copied().unwrap_or(0),
                    body.get(2).copied().unwrap_or(0),
                    0,
                ]),
            ) {
                Some(d) => Cell::Date(d),
                None => Cell::Empty,
            },
            14 => Cell::Bool(body.is_empty()),
            _ => {
                if body.is_empty() {
                    Cell::Empty
                } else {
                    Cell::Error("#REF!".into())
                }
            }
        };
        if let Some(r) = rows.last_mut() {
            if r.len() < 64 {
                r.push(cell);
            }
        }
    }
    Grid {
        sheet: if data.first() == Some(&0) { String::new() } else { "Statement".into() },
        origin: (0, 0),
        rows,
        date1904: data.last() == Some(&1),
    }
}

fuzz_target!(|data: &[u8]| {
    let g = grid_of(data);
    let src = Source {
        file: "fuzz.xlsx",
        file_name: "fuzz.xlsx",
        date1904: g.date1904,
    };
    if let Layout::Statement(s) = layout(&g, &src, &|_| None) {
        assert!(s.period_start <= s.period_end);
    }
});
