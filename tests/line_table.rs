//! The line table, row by row (SPEC §2): where it ends, which rows are
//! headings or notes, which rows are lines even with one figure, the section
//! a line or total belongs to, and the sign each figure is read with. Each
//! case reads one CSV grid through `layout` directly, so a rule that breaks
//! names the row it misread.

use recoup::grid::csv::read_csv;
use recoup::statement::layout::{layout, Layout, Source};
use recoup::statement::{LineKind, Section, Statement};
use rust_decimal::Decimal;
use std::str::FromStr;

const HEADER: &str = "Deal,LT-1
Period Start,2024-01-01
Period End,2024-06-30
Currency,USD

";

fn read(table: &str) -> Statement {
    let text = format!("{HEADER}{table}");
    let grid = read_csv(text.as_bytes()).expect("a CSV grid");
    let src = Source {
        file: "s.csv",
        file_name: "s.csv",
        date1904: false,
    };
    match layout(&grid, &src, &|_| None) {
        Layout::Statement(s) => s,
        other => panic!("not read as a statement: {other:?}"),
    }
}

/// `code current itd prior` for every line, `-` for a figure not printed.
fn lines(s: &Statement) -> Vec<String> {
    let f = |v: Option<Decimal>| v.map_or("-".to_string(), |v| format!("{v:.2}"));
    s.lines
        .iter()
        .map(|l| {
            let code = if l.code.is_empty() { "?" } else { &l.code };
            format!("{code} {} {} {}", f(l.current), f(l.itd), f(l.prior))
        })
        .collect()
}

/// `(code, section)` for every line.
fn placed(s: &Statement) -> Vec<(String, Section)> {
    s.lines
        .iter()
        .map(|l| (l.code.clone(), l.section))
        .collect()
}

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

#[test]
fn after_a_blank_row_a_line_goes_on_and_a_sentence_ends_the_table() {
    let s = read(
        "Section,Line,Current Period,Inception To Date
Gross Receipts,Theatrical - Domestic,100.00,100.00

Distribution Fees,Theatrical - Domestic,30.00,30.00

Prepared by the participations department,,,
Gross Receipts,Theatrical - Foreign,5.00,5.00
",
    );
    // The sentence below the second blank row ends the table: the row after
    // it is not a line of this statement.
    assert_eq!(
        lines(&s),
        [
            "gr.theatrical_domestic 100.00 100.00 -",
            "fee.theatrical_domestic 30.00 30.00 -",
        ]
    );
}

#[test]
fn after_a_blank_row_a_known_line_without_figures_goes_on() {
    // `Home Video` in the fees section, printed with no figures, is still a
    // line (two cells: a Section and a label, so not a heading row), and
    // the table goes on below it.
    let s = read(
        "Section,Line,Current Period,Inception To Date
Gross Receipts,Theatrical - Domestic,100.00,100.00

Distribution Fees,Home Video,,
Distribution Fees,Theatrical - Domestic,30.00,30.00
",
    );
    assert_eq!(
        lines(&s),
        [
            "gr.theatrical_domestic 100.00 100.00 -",
            "fee.home_video - - -",
            "fee.theatrical_domestic 30.00 30.00 -",
        ]
    );
    assert_eq!(s.lines[1].section, Section::DistributionFees);
}

#[test]
fn a_line_with_only_one_figure_printed_is_kept_whichever_column_it_is() {
    // Labels no alias knows, each with one figure: only the inception-to-date
    // column, only the Previously Reported column. Neither is dropped as a
    // note: each is a line (UNMAPPED-LINE later says it was not read).
    let s = read(
        "Section,Line,Current Period,Inception To Date,Previously Reported
Gross Receipts,Theatrical - Domestic,100.00,300.00,200.00
Gross Receipts,Catering Rebates,,250.00,
Gross Receipts,Sundry Adjustments,,,75.00
Gross Receipts,Total Gross Receipts,100.00,550.00,275.00
",
    );
    assert_eq!(
        lines(&s),
        [
            "gr.theatrical_domestic 100.00 300.00 200.00",
            "? - 250.00 -",
            "? - - 75.00",
            "gr.total 100.00 550.00 275.00",
        ]
    );
    assert_eq!(s.lines[1].kind, LineKind::Unmapped);
    assert_eq!(s.lines[2].place.prior_cell().as_deref(), Some("s.csv!E9"));
}

#[test]
fn a_note_row_is_kept_with_its_own_row_and_is_not_a_line() {
    let s = read(
        "Section,Line,Current Period,Inception To Date
Gross Receipts,Theatrical - Domestic (1),100.00,100.00
,(1) Net of refunds to exhibitors.,,
Distribution Fees,Theatrical - Domestic,30.00,30.00
",
    );
    assert_eq!(s.lines.len(), 2, "{:?}", lines(&s));
    // Zero-based sheet row 7 is the eighth line of the file.
    assert_eq!(
        s.reading.notes,
        [(7, "(1) Net of refunds to exhibitors.".to_string())]
    );
}

#[test]
fn heading_rows_set_the_section_and_payments_open_their_own() {
    // No Section column: the headings place the lines. `Participant Share`
    // printed under the NET PROFITS heading still belongs to the
    // participant's section, as payments and the base always do.
    let s = read(
        "Line,Current Period,Inception To Date
GROSS RECEIPTS,,
Theatrical - Domestic,100.00,100.00
NEGATIVE COST,,
Direct Cost,40.00,40.00
NET PROFITS,,
Net Profits (Deficit),60.00,60.00
Participant Share,,6.00
",
    );
    assert_eq!(
        placed(&s),
        [
            ("gr.theatrical_domestic".to_string(), Section::GrossReceipts),
            ("nc.direct".to_string(), Section::NegativeCost),
            ("np.total".to_string(), Section::NetProfits),
            ("share.earned".to_string(), Section::Participant),
        ]
    );
}

#[test]
fn a_total_belongs_to_the_section_its_label_names() {
    // `Less Distribution Fees` printed with Section `Gross Receipts` is the
    // fees' total, not a second gross receipts total; `Total Distribution
    // Fees` printed with Section `Negative Cost` likewise. Read the other
    // way, gross receipts would be 300.00 and the statement would show
    // footing errors the studio never made.
    let s = read(
        "Section,Line,Current Period,Inception To Date
Gross Receipts,Theatrical - Domestic,1000.00,1000.00
Gross Receipts,Total Gross Receipts,1000.00,1000.00
Gross Receipts,Less Distribution Fees,300.00,300.00
Negative Cost,Direct Cost,100.00,100.00
Negative Cost,Total Distribution Fees,300.00,300.00
Net Profits,Net Profits (Deficit),600.00,600.00
",
    );
    assert_eq!(
        placed(&s),
        [
            ("gr.theatrical_domestic".to_string(), Section::GrossReceipts),
            ("gr.total".to_string(), Section::GrossReceipts),
            ("fee.subtotal".to_string(), Section::DistributionFees),
            ("nc.direct".to_string(), Section::NegativeCost),
            ("fee.total".to_string(), Section::DistributionFees),
            ("np.total".to_string(), Section::NetProfits),
        ]
    );
}

#[test]
fn deductions_printed_negative_are_read_as_their_absolute_value() {
    // Fees and costs printed in parentheses mean what they cost; a negative
    // current figure under a positive to-date figure is a release and keeps
    // its sign; a reserve is held negated.
    let s = read(
        "Section,Line,Current Period,Inception To Date
Gross Receipts,Theatrical - Domestic,1000.00,1000.00
Gross Receipts,Reserve for Returns,100.00,100.00
Distribution Fees,Theatrical - Domestic,(300.00),(300.00)
Distribution Expenses,Prints,-10.00,40.00
Negative Cost,Direct Cost,-50.00,-500.00
",
    );
    assert_eq!(
        lines(&s),
        [
            "gr.theatrical_domestic 1000.00 1000.00 -",
            "gr.reserve -100.00 -100.00 -",
            "fee.theatrical_domestic 300.00 300.00 -",
            "exp.prints -10.00 40.00 -",
            "nc.direct 50.00 500.00 -",
        ]
    );
}

#[test]
fn the_base_balances_gross_and_the_share_keep_their_printed_sign() {
    let s = read(
        "Section,Line,Current Period,Inception To Date
Gross Receipts,Theatrical - Domestic,(20.00),1000.00
Gross Receipts,Less Returns,(5.00),(5.00)
Distribution Fees,Theatrical - Domestic,300.00,300.00
Distribution Fees,Net After Distribution Fees,(320.00),695.00
Negative Cost,Direct Cost,900.00,900.00
Negative Cost,Net Receipts After Costs,(1220.00),(205.00)
Net Profits,Net Profits (Deficit),(1220.00),(205.00)
Participant,Participant Share,,(20.50)
",
    );
    assert_eq!(
        lines(&s),
        [
            "gr.theatrical_domestic -20.00 1000.00 -",
            // Printed negative or not, an adjustment reduces gross.
            "gr.adjustment -5.00 -5.00 -",
            "fee.theatrical_domestic 300.00 300.00 -",
            "net.1 -320.00 695.00 -",
            "nc.direct 900.00 900.00 -",
            "net.2 -1220.00 -205.00 -",
            "np.total -1220.00 -205.00 -",
            "share.earned - -20.50 -",
        ]
    );
    assert_eq!(s.lines[5].section, Section::NegativeCost);
    assert_eq!(s.lines[7].itd, Some(d("-20.50")));
}

#[test]
fn a_note_in_the_section_column_does_not_change_the_section() {
    // Headings in the Section column, lines without one: a note printed in
    // that column between two fee lines is a note, and the second fee line
    // stays in the fees section (read in an unknown section it would keep a
    // printed negative sign and foot nowhere).
    let s = read(
        "Section,Line,Current Period,Inception To Date
GROSS RECEIPTS,,,
,Theatrical - Domestic,1000.00,1000.00
DISTRIBUTION FEES,,,
,Theatrical - Domestic,300.00,300.00
(1) Fees on foreign receipts are net of sub-distributor fees.,,,
,Theatrical - Foreign,(40.00),(40.00)
",
    );
    assert_eq!(
        placed(&s),
        [
            ("gr.theatrical_domestic".to_string(), Section::GrossReceipts),
            (
                "fee.theatrical_domestic".to_string(),
                Section::DistributionFees
            ),
            (
                "fee.theatrical_foreign".to_string(),
                Section::DistributionFees
            ),
        ]
    );
    assert_eq!(s.lines[2].itd, Some(d("40.00")));
    assert_eq!(
        s.reading.notes,
        [(
            10,
            "(1) Fees on foreign receipts are net of sub-distributor fees.".to_string()
        )]
    );
}
