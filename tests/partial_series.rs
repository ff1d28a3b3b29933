//! Checks that depend on earlier statements do not assert when the folder
//! starts part-way through a series (SPEC §4, `RESERVE-UNLIQUIDATED`), and
//! the reserve checks' own arithmetic, each limit to the cent.
//!
//! sample-data's The Night Ferry (BWF-2021-IM) holds 2,500,000.00 of
//! reserves from 2024-Q2 on: 2,000,000.00 taken in 2024-Q1, 500,000.00 in
//! 2024-Q2, nothing after; `liquidate_within = 4`, `max = 20%`. With the
//! whole series 2025-Q1 holds 2,500,000.00 where its window (2024-Q2 to
//! 2025-Q1) took 500,000.00, and 2025-Q2 where its window took nothing.

mod common;
use common::*;
use std::path::Path;

const QUARTERS: [&str; 6] = ["2024Q1", "2024Q2", "2024Q3", "2024Q4", "2025Q1", "2025Q2"];

/// A folder with The Night Ferry's contract and the named quarters only.
fn night_ferry(quarters: &[&str]) -> tempfile::TempDir {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/night-ferry");
    let mut files = vec![(
        "contract.toml".to_string(),
        std::fs::read_to_string(src.join("contract.toml")).unwrap(),
    )];
    for q in quarters {
        let name = format!("BWF-2021-IM {q}.csv");
        files.push((
            name.clone(),
            std::fs::read_to_string(src.join(&name)).unwrap(),
        ));
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    folder(&refs)
}

/// `file reported expected np_effect` of every reserve finding.
fn reserves(a: &recoup::Audit) -> Vec<String> {
    a.findings
        .iter()
        .filter(|f| f.code.name().starts_with("RESERVE"))
        .map(|f| format!("{} {}", f.file, brief(f)))
        .collect()
}

fn notes(a: &recoup::Audit) -> Vec<String> {
    a.deals[0]
        .unchecked
        .iter()
        .filter(|u| u.contains("part-way"))
        .cloned()
        .collect()
}

#[test]
fn the_whole_series_ages_every_reserve_and_needs_no_note() {
    let dir = night_ferry(&QUARTERS);
    let a = audit_at(dir.path(), "2026-11-25");
    assert_eq!(
        reserves(&a),
        [
            "BWF-2021-IM 2025Q1.csv RESERVE-UNLIQUIDATED gr.reserve itd 2500000.00 500000.00 2000000.00",
            "BWF-2021-IM 2025Q2.csv RESERVE-UNLIQUIDATED gr.reserve itd 2500000.00 0.00 2500000.00",
        ]
    );
    assert!(notes(&a).is_empty(), "{:?}", notes(&a));
    let m = &a
        .findings
        .iter()
        .find(|f| f.file.ends_with("2025Q1.csv") && f.code.name() == "RESERVE-UNLIQUIDATED")
        .unwrap()
        .message;
    assert!(
        m.contains("reserves must be released within 4 statements, and the reserves taken in this statement and the 3 before it come to 500,000.00: 2,000,000.00 is held past the time it had to be released"),
        "{m}"
    );
}

#[test]
fn a_single_statement_claims_nothing_from_the_statements_it_lacks() {
    // 2024-Q1 is the deal's first statement (every figure to date is its
    // period's): its window is itself, 2,000,000.00 taken and held.
    let a = audit_at(night_ferry(&["2024Q1"]).path(), "2026-11-25");
    assert!(reserves(&a).is_empty(), "{:?}", reserves(&a));
    assert!(notes(&a).is_empty(), "{:?}", notes(&a));
    for q in &QUARTERS[1..] {
        let a = audit_at(night_ferry(&[q]).path(), "2026-11-25");
        assert!(reserves(&a).is_empty(), "{q}: {:?}", reserves(&a));
        let n = notes(&a);
        assert_eq!(n.len(), 1, "{q}: {n:?}");
        assert!(
            n[0].contains(&format!("RESERVE-UNLIQUIDATED) on BWF-2021-IM {q}.csv"))
                && n[0].contains("the statements of the 3 period(s) before"),
            "{q}: {}",
            n[0]
        );
    }
    // How recoup knows the earlier statements exist, in the note's words.
    let a = audit_at(night_ferry(&["2024Q3"]).path(), "2026-11-25");
    assert!(
        notes(&a)[0].contains("(it prints 276,313.12 previously paid)")
            && notes(&a)[0].contains("before 2024-07-01"),
        "{:?}",
        notes(&a)
    );
    // 2024-Q2 prints nothing previously paid: its lines say it, inception
    // to date larger than the period's.
    let a = audit_at(night_ferry(&["2024Q2"]).path(), "2026-11-25");
    assert!(
        notes(&a)[0].contains(
            "(Theatrical - Domestic is 33,378,977.36 to date but 12,045,873.92 in its period)"
        ),
        "{:?}",
        notes(&a)
    );
}

#[test]
fn a_series_from_part_way_ages_only_the_statements_whose_window_it_holds() {
    // 2024-Q3 to 2025-Q2: only 2025-Q2 has its three statements before it
    // in the folder (2024-Q3 to 2025-Q1, nothing taken): 2,500,000.00 held
    // against 0.00, as with the whole series. 2024-Q3, 2024-Q4 and 2025-Q1
    // lack 3, 2 and 1 of theirs and assert nothing.
    let a = audit_at(night_ferry(&QUARTERS[2..]).path(), "2026-11-25");
    assert_eq!(
        reserves(&a),
        ["BWF-2021-IM 2025Q2.csv RESERVE-UNLIQUIDATED gr.reserve itd 2500000.00 0.00 2500000.00"]
    );
    let n = notes(&a);
    assert_eq!(n.len(), 1);
    assert!(
        n[0].contains("on BWF-2021-IM 2024Q3.csv, BWF-2021-IM 2024Q4.csv, BWF-2021-IM 2025Q1.csv:"),
        "{}",
        n[0]
    );
    // The claim is not provisional on it: nothing rests on the absent
    // statements. The terminal says what was not checked.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_recoup"))
        .args(["check", "--as-of", "2026-11-25"])
        .arg(night_ferry(&["2024Q3"]).path())
        .output()
        .unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(
        table.contains("not checked: reserves held past reserves.liquidate_within"),
        "{table}"
    );
    assert!(
        !table.contains("RESERVE-UNLIQUIDATED gr.reserve"),
        "{table}"
    );
}

// ------------------------------------------------ the limits, to the cent

/// A statement for deal `R-1` with one medium, a reserve and the totals,
/// each `(current, inception to date)`.
fn reserve_statement(
    period: (&str, &str),
    gross: (&str, &str),
    reserve: (&str, &str),
    total: (&str, &str),
) -> String {
    format!(
        "Title,Reserves\nParticipant,Pat Doe\nDeal,R-1\nPeriod Start,{}\nPeriod End,{}\nCurrency,USD\n\n\
         Section,Line,Current Period,Inception To Date\n\
         Gross Receipts,Theatrical - Domestic,{},{}\n\
         Gross Receipts,Less Reserve for Returns,{},{}\n\
         Gross Receipts,Total Gross Receipts,{},{}\n\
         Net Profits,Net Profits,{},{}\n",
        period.0, period.1, gross.0, gross.1, reserve.0, reserve.1, total.0, total.1, total.0, total.1
    )
}

fn run(terms: &str, statements: &[String]) -> recoup::Audit {
    let contract = format!(
        "[deal]\nid = \"R-1\"\ndefinition = \"net_profits\"\nshare = \"10%\"\ntolerance = \"1.00\"\n[reserves]\n{terms}"
    );
    let mut files = vec![("contract.toml".to_string(), contract)];
    for (n, s) in statements.iter().enumerate() {
        files.push((format!("s{}.csv", n + 1), s.clone()));
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let dir = folder(&refs);
    audit(dir.path())
}

const Q1: (&str, &str) = ("2024-01-01", "2024-03-31");
const Q2: (&str, &str) = ("2024-04-01", "2024-06-30");

#[test]
fn a_tie_between_the_limits_is_the_caps_and_names_the_gross_receipts() {
    // 250,000 held on 1,000,000 of gross before it: the cap is 20% ×
    // (750,000 + 250,000) = 200,000.00; with liquidate_within = 1 the age
    // limit is what this statement took, 200,000.00 of the 250,000 (the
    // other 50,000 printed as held before: not a first statement, but the
    // window is this statement alone, so none is lacking). A tie is the
    // cap's: RESERVE-EXCESS, citing the gross receipts total.
    let s = reserve_statement(
        Q1,
        ("1000000.00", "1000000.00"),
        ("200000.00", "250000.00"),
        ("800000.00", "750000.00"),
    );
    let a = run("max = \"20%\"\nliquidate_within = 1\n", &[s]);
    assert_eq!(
        reserves(&a),
        ["s1.csv RESERVE-EXCESS gr.reserve itd 250000.00 200000.00 50000.00"]
    );
    let f = &errors(&a)[0];
    assert_eq!(f.clause, "reserves.max");
    assert_eq!(f.cells, ["s1.csv!D10", "s1.csv!C10", "s1.csv!D11"]);
    assert!(
        f.message
            .contains("too much is held back, which understates gross receipts by the same"),
        "{}",
        f.message
    );
    // 10% of (750,000 + 50,000), nothing paid.
    assert_eq!(
        recoup::money::fmt_plain(a.deals[0].claim.unwrap()),
        "80000.00"
    );
    assert!(notes(&a).is_empty());
}

#[test]
fn the_age_limit_below_the_cap_is_unliquidated_and_cites_only_the_reserve() {
    // Taken 100,000.00 in Q1, 40,000.00 more in Q2 (140,000 held); with
    // liquidate_within = 1 Q2 may hold only its own 40,000.00. The cap, 50%
    // × (1,860,000 + 140,000) = 1,000,000.00, is far above.
    let s1 = reserve_statement(
        Q1,
        ("1000000.00", "1000000.00"),
        ("100000.00", "100000.00"),
        ("900000.00", "900000.00"),
    );
    let s2 = reserve_statement(
        Q2,
        ("1000000.00", "2000000.00"),
        ("40000.00", "140000.00"),
        ("960000.00", "1860000.00"),
    );
    let a = run("max = \"50%\"\nliquidate_within = 1\n", &[s1, s2]);
    assert_eq!(
        reserves(&a),
        ["s2.csv RESERVE-UNLIQUIDATED gr.reserve itd 140000.00 40000.00 100000.00"]
    );
    let f = &errors(&a)[0];
    assert_eq!(f.clause, "reserves.liquidate_within");
    assert_eq!(f.cells, ["s2.csv!D10", "s2.csv!C10"]);
    assert!(
        f.message.contains("reserves must be released within 1 statements, and the reserves taken in this statement come to 40,000.00: 100,000.00 is held past"),
        "{}",
        f.message
    );
    // With liquidate_within = 2, Q1's 100,000 is still in the window.
    let s1 = reserve_statement(
        Q1,
        ("1000000.00", "1000000.00"),
        ("100000.00", "100000.00"),
        ("900000.00", "900000.00"),
    );
    let s2 = reserve_statement(
        Q2,
        ("1000000.00", "2000000.00"),
        ("40000.00", "140000.00"),
        ("960000.00", "1860000.00"),
    );
    let a = run("liquidate_within = 2\n", &[s1, s2]);
    assert!(reserves(&a).is_empty(), "{:?}", reserves(&a));
}

#[test]
fn a_reserve_within_the_tolerance_of_its_limit_is_no_finding() {
    // Gross before the reserve 1,200,000.00: the cap is 20% of it,
    // 240,000.00; 240,001.00 held is one dollar over, not more than the
    // 1.00 tolerance; 240,001.01 is.
    let at = |held: &str, total: &str| {
        reserve_statement(
            Q1,
            ("1200000.00", "1200000.00"),
            (held, held),
            (total, total),
        )
    };
    let a = run("max = \"20%\"\n", &[at("240001.00", "959999.00")]);
    assert!(reserves(&a).is_empty(), "{:?}", reserves(&a));
    let a = run("max = \"20%\"\n", &[at("240001.01", "959998.99")]);
    assert_eq!(
        reserves(&a),
        ["s1.csv RESERVE-EXCESS gr.reserve itd 240001.01 240000.00 1.01"]
    );
    // A reserve printed negative is read as its absolute value.
    let a = run("max = \"20%\"\n", &[at("(240001.01)", "959998.99")]);
    assert_eq!(
        reserves(&a),
        ["s1.csv RESERVE-EXCESS gr.reserve itd 240001.01 240000.00 1.01"]
    );
}
