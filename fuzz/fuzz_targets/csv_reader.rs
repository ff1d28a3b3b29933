//! Any bytes as a CSV file: read within the bounds, then laid out. Never a
//! panic, and a grid never exceeds the bounds.
#![no_main]
use libfuzzer_sys::fuzz_target;
use recoup::grid::{self, MAX_CELLS, MAX_COLS, MAX_ROWS};
use recoup::statement::layout::{layout, Source};

fuzz_target!(|data: &[u8]| {
    let Ok(g) = grid::csv::read_csv(data) else {
        return;
    };
    assert!(g.rows.len() <= MAX_ROWS);
    assert!(g.rows.iter().all(|r| r.len() <= MAX_COLS));
    assert!(g.rows.iter().map(Vec::len).sum::<usize>() <= MAX_CELLS);
    let src = Source {
        file: "fuzz.csv",
        file_name: "fuzz.csv",
        date1904: false,
    };
    let _ = layout(&g, &src, &|_| None);
});
