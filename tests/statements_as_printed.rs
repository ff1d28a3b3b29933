//! Statements as studios print them (issue 22, SPEC §2 "Statements as
//! studios print them"): amounts in thousands announced in a banner or in
//! the column headings, footnote markers and note rows, studios' subtotal
//! words and group totals, lines per season summed, an amount in another
//! currency, and the provisional claim. Each statement is small and made
//! by hand in a temporary folder; every figure is asserted to the cent.

mod common;
use common::*;
use recoup::finding::{Code, Severity};
use recoup::statement::Statement;
use rust_decimal::Decimal;
use std::str::FromStr;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

const HEADER: &str = "PARTICIPATION STATEMENT\n\
Title,Night Ferry\n\
Participant,Ana Ruiz\n\
Deal,NF-1\n\
Period Start,2024-01-01\n\
Period End,2024-06-30\n\
Statement Date,2024-08-15\n\
Currency,USD\n";

fn contract(terms: &str) -> String {
    format!(
        "[deal]\nid = \"NF-1\"\ntitle = \"Night Ferry\"\nparticipant = \"Ana Ruiz\"\n\
         currency = \"USD\"\ndefinition = \"net_profits\"\nshare = \"10%\"\ntolerance = \"1.00\"\n\n{terms}"
    )
}

fn run(statement: &str, terms: &str) -> (recoup::Audit, tempfile::TempDir) {
    let dir = folder(&[("contract.toml", &contract(terms)), ("s.csv", statement)]);
    let a = audit(dir.path());
    assert_eq!(
        a.statements.len(),
        1,
        "inputs: {:?}",
        a.inputs.iter().map(|i| &i.error).collect::<Vec<_>>()
    );
    (a, dir)
}

fn briefs(a: &recoup::Audit) -> Vec<String> {
    errors(a).into_iter().map(brief).collect()
}

fn warnings(a: &recoup::Audit, code: Code) -> Vec<&recoup::finding::Finding> {
    a.findings
        .iter()
        .filter(|f| f.severity == Severity::Warning && f.code == code)
        .collect()
}

fn only(a: &recoup::Audit) -> &Statement {
    &a.statements[0]
}

const FEES: &str =
    "[distribution_fees]\ntheatrical_domestic = \"30%\"\ntheatrical_foreign = \"35%\"\n";

/// The lines of the thousands statement, after the heading row.
const THOUSANDS_LINES: &str = "Gross Receipts,Theatrical - Domestic,\"15,001\",\"15,001\"\n\
Gross Receipts,Theatrical - Foreign,\"25,000\",\"25,000\"\n\
Gross Receipts,Total Gross Receipts,\"40,000\",\"40,000\"\n\
Distribution Fees,Theatrical - Domestic,\"4,500\",\"4,500\"\n\
Distribution Fees,Theatrical - Foreign,\"11,845.2\",\"11,845.2\"\n\
Distribution Fees,Total Distribution Fees,\"16,345.2\",\"16,345.2\"\n\
Net Profits,Net Profits,\"23,654.8\",\"23,654.8\"\n\
Participant,Participant Share,,\"2,365.48\"\n\
Participant,Less Previously Paid,,-\n\
Participant,Amount Due,,\"2,365.48\"\n";

/// A fee overcharge of 3,095,200 on a statement in thousands is reported as
/// 3,095,200.00, not 3,095.20; figures rounded to the thousand (a total off
/// by 1 in the last printed digit, a fee 300 off its rate) are not findings.
fn assert_thousands(a: &recoup::Audit) {
    assert_eq!(only(a).unit, 1000);
    let dom = only(a).line("gr.theatrical_domestic").unwrap();
    assert_eq!(dom.itd, Some(d("15001000")));
    assert_eq!(
        briefs(a),
        vec!["FEE-RATE fee.theatrical_foreign itd 11845200.00 8750000.00 3095200.00"]
    );
    // np* = 23,654,800 + 3,095,200 = 26,750,000; 10% = 2,675,000; paid 2,365,480.
    let deal = &a.deals[0];
    assert_eq!(deal.claim, Some(d("309520.00")));
    assert!(!deal.provisional);
}

#[test]
fn thousands_in_a_banner() {
    let text = format!(
        "{HEADER}\n(in thousands)\nSection,Line,Current Period,Inception To Date\n{THOUSANDS_LINES}"
    );
    let (a, _d) = run(&text, FEES);
    assert_thousands(&a);
}

#[test]
fn thousands_in_the_column_headings() {
    let text = format!(
        "{HEADER}\nSection,Line,Current Period ($000s),Inception To Date ($000s)\n{THOUSANDS_LINES}"
    );
    let (a, _d) = run(&text, FEES);
    assert_thousands(&a);
}

#[test]
fn thousands_in_an_xlsx_heading() {
    use rust_xlsxwriter::Workbook;
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Statement").unwrap();
    let mut r = 0u32;
    for line in HEADER.lines() {
        for (c, cell) in line.split(',').enumerate() {
            ws.write_string(r, c as u16, cell).unwrap();
        }
        r += 1;
    }
    r += 1;
    for (c, h) in ["Section", "Line", "This Period (000)", "ITD (000)"]
        .iter()
        .enumerate()
    {
        ws.write_string(r, c as u16, *h).unwrap();
    }
    for line in THOUSANDS_LINES.lines() {
        r += 1;
        let cells: Vec<String> = split_csv(line);
        for (c, cell) in cells.iter().enumerate() {
            match cell.replace(',', "").parse::<f64>() {
                Ok(n) if c >= 2 => ws.write_number(r, c as u16, n).map(|_| ()).unwrap(),
                _ if cell.is_empty() => {}
                _ => ws.write_string(r, c as u16, cell).map(|_| ()).unwrap(),
            }
        }
    }
    let dir = tempfile::tempdir().unwrap();
    wb.save(dir.path().join("s.xlsx")).unwrap();
    std::fs::write(dir.path().join("contract.toml"), contract(FEES)).unwrap();
    let a = audit(dir.path());
    assert_thousands(&a);
}

/// A CSV line's cells (quotes hold commas).
fn split_csv(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(String::new()),
            c => out.last_mut().unwrap().push(c),
        }
    }
    out
}

#[test]
fn footnote_markers_and_note_rows() {
    let text = format!(
        "{HEADER}\nSection,Line,Current Period,Inception To Date\n\
Gross Receipts,Theatrical - Domestic (1),60000000,60000000\n\
Gross Receipts,Total Gross Receipts,60000000,60000000\n\
,(1) Net of refunds and allowances.,,\n\
Distribution Fees,Theatrical - Domestic [a],18000000,18000000\n\
Distribution Fees,Total Distribution Fees,18000000,18000000\n\
Distribution Expenses,Advertising & Publicity (2),15250000,15250000\n\
Distribution Expenses,Advertising Overhead *,1830000,1830000\n\
Distribution Expenses,Total Distribution Expenses,17080000,17080000\n\
\n\
,Note: expenses as booked by the distributor.,,\n\
Negative Cost,Direct Cost (see note 3),10000000,10000000\n\
Negative Cost,Overhead (4),1250000,1250000\n\
Negative Cost,Total Negative Cost,11250000,11250000\n\
Net Profits,Net Profits,13670000,13670000\n\
Participant,Participant Share,,1367000\n\
Participant,Amount Due,,1367000\n\
\n\
,(2) Advertising & Publicity includes co-op.,,\n\
,Please remit questions to Participations Accounting.,,\n"
    );
    let terms = "[distribution_fees]\ntheatrical_domestic = \"30%\"\n\n\
[expenses]\nadvertising_overhead = \"10%\"\n\n[negative_cost]\noverhead = \"12.5%\"\n";
    let (a, _d) = run(&text, terms);
    let st = only(&a);
    assert_eq!(
        st.line("exp.advertising").map(|l| l.itd),
        Some(Some(d("15250000")))
    );
    assert_eq!(
        st.line("nc.overhead").map(|l| l.itd),
        Some(Some(d("1250000")))
    );
    assert!(warnings(&a, Code::UnmappedLine).is_empty());
    // The advertising overhead is charged at 12% where the contract allows 10%.
    assert_eq!(
        briefs(&a),
        vec!["ADV-OVERHEAD exp.advertising_overhead itd 1830000.00 1525000.00 305000.00"]
    );
    // np* = 13,670,000 + 305,000; 10% = 1,397,500; paid 1,367,000.
    assert_eq!(a.deals[0].claim, Some(d("30500.00")));
    assert!(!a.deals[0].provisional);
    // The note rows were seen as notes, the one after a blank row did not end the table.
    let notes: Vec<&str> = st.reading.notes.iter().map(|(_, t)| t.as_str()).collect();
    assert_eq!(
        notes,
        vec![
            "(1) Net of refunds and allowances.",
            "Note: expenses as booked by the distributor.",
            "(2) Advertising & Publicity includes co-op.",
        ]
    );
    assert_eq!(st.lines.len(), 13);
}

#[test]
fn subtotal_words_and_group_totals() {
    let text = format!(
        "{HEADER}\nSection,Line,Current Period,Inception To Date\n\
Gross Receipts,Theatrical - Domestic,30000000,30000000\n\
Gross Receipts,Theatrical - Foreign,20000000,20000000\n\
Gross Receipts,Theatrical Sub-Total,50000000,50000000\n\
Gross Receipts,Home Video - Domestic,6000000,6000000\n\
Gross Receipts,Home Video - Foreign,4000000,4000000\n\
Gross Receipts,Total Home Video,10100000,10100000\n\
Gross Receipts,Gross Receipts - All Media,60000000,60000000\n\
Distribution Fees,Theatrical - Domestic,9000000,9000000\n\
Distribution Fees,Theatrical - Foreign,7000000,7000000\n\
Distribution Fees,Theatrical Subtotal,16000000,16000000\n\
Distribution Fees,Home Video - Domestic,1800000,1800000\n\
Distribution Fees,Home Video - Foreign,1400000,1400000\n\
Distribution Fees,Total Distribution Fees - All Territories,19200000,19200000\n\
Distribution Expenses,Advertising & Publicity,5000000,5000000\n\
Distribution Expenses,Sub-Total,5000000,5000000\n\
Distribution Expenses,Prints,1000000,1000000\n\
Distribution Expenses,Total Distribution Expenses,6000000,6000000\n\
Net Profits,Net Profits,34800000,34800000\n\
Participant,Participant Share,,3480000\n\
Participant,Amount Due,,3480000\n"
    );
    let terms =
        "[distribution_fees]\ntheatrical_domestic = \"30%\"\ntheatrical_foreign = \"35%\"\n\
home_video_domestic = \"30%\"\nhome_video_foreign = \"35%\"\n";
    let (a, _d) = run(&text, terms);
    let st = only(&a);
    let code = |label: &str| {
        st.lines
            .iter()
            .find(|l| l.label == label)
            .map(|l| l.code.clone())
            .unwrap()
    };
    assert_eq!(code("Theatrical Sub-Total"), "gr.subtotal");
    assert_eq!(code("Total Home Video"), "gr.subtotal");
    assert_eq!(code("Gross Receipts - All Media"), "gr.total");
    assert_eq!(code("Theatrical Subtotal"), "fee.subtotal");
    assert_eq!(
        code("Total Distribution Fees - All Territories"),
        "fee.total"
    );
    // A bare Sub-Total is a running subtotal, not a group.
    assert_eq!(code("Sub-Total"), "exp.subtotal");
    assert_eq!(st.reading.groups.len(), 3);
    // The one wrong group total, in both columns, moves nothing; the
    // section totals count each line once (no double count, no ARITH-NET).
    assert_eq!(
        briefs(&a),
        vec![
            "ARITH-TOTAL gr.subtotal current 10100000.00 10000000.00 0.00",
            "ARITH-TOTAL gr.subtotal itd 10100000.00 10000000.00 0.00",
        ]
    );
    assert!(warnings(&a, Code::UnmappedLine).is_empty());
    assert_eq!(a.deals[0].claim, Some(d("0.00")));
    assert!(!a.deals[0].provisional);
}

#[test]
fn an_amount_in_another_currency() {
    let text = format!(
        "{HEADER}\nSection,Line,Current Period,Inception To Date\n\
Gross Receipts,Theatrical - Domestic,\"$40,000,000.00\",\"$40,000,000.00\"\n\
Gross Receipts,Theatrical - Foreign,\"€2,500,000.00\",\"€2,500,000.00\"\n\
Gross Receipts,Currency Conversion EUR->USD @ 1.0850,\"$212,500.00\",\"$212,500.00\"\n\
Gross Receipts,Total Gross Receipts,\"$42,712,500.00\",\"$42,712,500.00\"\n\
Distribution Fees,Theatrical - Domestic,\"$12,000,000.00\",\"$12,000,000.00\"\n\
Distribution Fees,Theatrical - Foreign,\"$949,375.00\",\"$949,375.00\"\n\
Distribution Fees,Total Distribution Fees,\"$12,949,375.00\",\"$12,949,375.00\"\n\
Net Profits,Net Profits,\"$29,763,125.00\",\"$29,763,125.00\"\n\
Participant,Participant Share,,\"$2,976,312.50\"\n\
Participant,Amount Due,,\"$2,976,312.50\"\n"
    );
    let (a, _d) = run(&text, FEES);
    let st = only(&a);
    assert_eq!(
        st.lines
            .iter()
            .find(|l| l.label.starts_with("Currency Conversion"))
            .map(|l| (l.code.as_str(), l.itd)),
        Some(("gr.conversion", Some(d("212500"))))
    );
    let w = warnings(&a, Code::CurrencyMismatch);
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].line, "gr.theatrical_foreign");
    assert_eq!(w[0].cells, vec!["s.csv!D12", "s.csv!C12"]);
    // No FEE-RATE on the euro line's medium (35% of 2,500,000 dollars is
    // not the fee), no error at all, and the claim is provisional.
    assert_eq!(briefs(&a), Vec::<String>::new());
    let deal = &a.deals[0];
    assert_eq!(deal.claim, Some(d("0.00")));
    assert!(deal.provisional);
    let reasons: Vec<(&str, &str)> = deal
        .provisional_reasons
        .iter()
        .map(|p| (p.line.as_str(), p.period_end.as_str()))
        .collect();
    assert_eq!(
        reasons,
        vec![
            ("Theatrical - Foreign", "2024-06-30"),
            ("fee.theatrical_foreign", "2024-06-30")
        ]
    );
    assert!(deal.provisional_reasons[1]
        .reason
        .contains("another currency"));
}

#[test]
fn lines_per_season_are_one_figure() {
    let text = format!(
        "{HEADER}\nSection,Line,Current Period,Inception To Date\n\
Gross Receipts,Network License Fees - Season 1,10000000,10000000\n\
Gross Receipts,Network License Fees - Season 2,12000000,12000000\n\
Gross Receipts,Season 3 License Fees,11000000,11000000\n\
Gross Receipts,Syndication 2024,5000000,5000000\n\
Gross Receipts,Total Gross Receipts,38000000,38000000\n\
Distribution Fees,Network License Fees - Season 1,1500000,1500000\n\
Distribution Fees,Network License Fees - Season 2,1800000,1800000\n\
Distribution Fees,Season 3 License Fees,1760000,1760000\n\
Distribution Fees,Syndication 2024,1500000,1500000\n\
Distribution Fees,Total Distribution Fees,6560000,6560000\n\
Net Profits,Net Profits,31440000,31440000\n\
Participant,Participant Share,,3144000\n\
Participant,Amount Due,,3144000\n"
    );
    let (a, _d) = run(&text, "[distribution_fees]\nfree_tv = \"30%\"\n");
    assert!(warnings(&a, Code::UnmappedLine).is_empty());
    assert_eq!(only(&a).lines_with("gr.tv_license").count(), 3);
    // The contract allows no fee on license fees: the three seasons' fees
    // are one figure, 5,060,000, every cell cited.
    assert_eq!(
        briefs(&a),
        vec!["FEE-UNAUTHORIZED fee.tv_license itd 5060000.00 0.00 5060000.00"]
    );
    assert_eq!(
        errors(&a)[0].cells,
        vec!["s.csv!D16", "s.csv!D17", "s.csv!D18"]
    );
    // np* = 31,440,000 + 5,060,000; 10% = 3,650,000; paid 3,144,000.
    assert_eq!(a.deals[0].claim, Some(d("506000.00")));
    assert!(!a.deals[0].provisional);
}

const UNREAD: &str = "Section,Line,Current Period,Inception To Date\n\
Gross Receipts,Theatrical - Domestic,10000000,10000000\n\
Gross Receipts,Ancillary Rights Income,2000000,2000000\n\
Gross Receipts,Total Gross Receipts,12000000,12000000\n\
Distribution Fees,Theatrical - Domestic,3000000,3000000\n\
Distribution Fees,Merchandising,1000000,1000000\n\
Distribution Fees,Total Distribution Fees,4000000,4000000\n\
Net Profits,Net Profits,8000000,8000000\n\
Participant,Participant Share,,800000\n\
Participant,Amount Due,,800000\n";

#[test]
fn a_claim_resting_on_an_unread_line_is_provisional() {
    let terms = "[distribution_fees]\ntheatrical_domestic = \"30%\"\nmerchandising = \"50%\"\n";
    let (a, _d) = run(&format!("{HEADER}\n{UNREAD}"), terms);
    assert_eq!(warnings(&a, Code::UnmappedLine).len(), 1);
    // The merchandising fee's gross line may be the unread one: FEE-RATE is
    // not asserted (no finding), and says so.
    assert_eq!(briefs(&a), Vec::<String>::new());
    let deal = &a.deals[0];
    assert_eq!(deal.claim, Some(d("0.00")));
    assert!(deal.provisional);
    let reasons: Vec<&str> = deal
        .provisional_reasons
        .iter()
        .map(|p| p.line.as_str())
        .collect();
    assert_eq!(
        reasons,
        vec!["Ancillary Rights Income", "fee.merchandising"]
    );
    assert!(deal.provisional_reasons[1]
        .reason
        .contains("may be the unread line 'Ancillary Rights Income'"));
    // findings.json carries both, each reason with its statement.
    let json: serde_json::Value = serde_json::from_str(&recoup::report::json::render(&a)).unwrap();
    let d0 = &json["deals"][0];
    assert_eq!(d0["provisional"], true);
    assert_eq!(d0["provisional_reasons"][0]["statement"]["file"], "s.csv");
    assert_eq!(
        d0["provisional_reasons"][0]["statement"]["period_end"],
        "2024-06-30"
    );
    assert_eq!(
        d0["provisional_reasons"][0]["line"],
        "Ancillary Rights Income"
    );
    assert_eq!(json["statements"][0]["unit"], 1);
    // Every report says so on the deal's first line.
    assert!(recoup::report::provisional_line(deal)
        .unwrap()
        .starts_with("PROVISIONAL claim"));
    let table = recoup::report::table::render(&a, false);
    assert!(table.contains("NF-1 · Night Ferry · provisional claim 0.00"));
    assert!(table.contains("total claim 0.00\n  (firm 0.00, provisional 0.00)"));
}

#[test]
fn with_no_unread_line_the_fee_on_no_gross_is_checked_and_the_claim_firm() {
    // The same statement with the unknown figure moved to the memo: an
    // unknown memo line does not make the claim provisional, and with no
    // unread gross line the merchandising fee is expected at 50% of 0.
    let text = edit(
        UNREAD,
        &[
            (
                "Gross Receipts,Ancillary Rights Income,2000000,2000000\n",
                "",
            ),
            (
                "Total Gross Receipts,12000000,12000000",
                "Total Gross Receipts,10000000,10000000",
            ),
            ("Net Profits,8000000,8000000", "Net Profits,6000000,6000000"),
            ("Participant Share,,800000", "Participant Share,,600000"),
            (
                "Amount Due,,800000",
                "Amount Due,,600000\nMemo,Screens at Opening,3100,3100",
            ),
        ],
    );
    let terms = "[distribution_fees]\ntheatrical_domestic = \"30%\"\nmerchandising = \"50%\"\n";
    let (a, _d) = run(&format!("{HEADER}\n{text}"), terms);
    assert_eq!(warnings(&a, Code::UnmappedLine).len(), 1);
    assert_eq!(
        briefs(&a),
        vec!["FEE-RATE fee.merchandising itd 1000000.00 0.00 1000000.00"]
    );
    let deal = &a.deals[0];
    // np* = 6,000,000 + 1,000,000; 10% = 700,000; paid 600,000.
    assert_eq!(deal.claim, Some(d("100000.00")));
    assert!(!deal.provisional);
    assert!(deal.provisional_reasons.is_empty());
}
