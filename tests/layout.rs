//! Reading real layouts (SPEC §2): header block and table anywhere, heading
//! rows, subtotals and adjustments, sections named by their own line, lines
//! printed in another section, running balances, signs, and errors that name
//! the cell.

mod common;
use common::*;
use recoup::batch::Status;
use recoup::statement::{LineKind, Section, Statement};

fn read_one(name: &str, text: &str) -> (recoup::Audit, tempfile::TempDir) {
    let dir = folder(&[(name, text)]);
    (audit(dir.path()), dir)
}

fn line<'a>(s: &'a Statement, label: &str) -> &'a recoup::statement::Line {
    s.lines
        .iter()
        .find(|l| l.label == label)
        .unwrap_or_else(|| panic!("no line {label}"))
}

/// A Disney-style statement: banner rows, header keys with colons and values
/// two cells right, the table offset one column, heading rows, Total Film
/// Rental then Less Accounts Receivable then Total Gross Receipts, a section
/// named by its own line, running balances, deductions in parentheses,
/// Interest and Gross Participations printed inside Negative Cost.
const DISNEY: &str = r#"WALT DISNEY PICTURES,,,,
PARTICIPATION STATEMENT,,,,
,,,,
Picture:,,"The Example Picture",,
Participant:,,Jane Doe,,
Contract:,,WD-1990-01,,
From:,,"January 1, 2024",,
To:,,"June 30, 2024",,
Date:,,08/15/2024,,
,,,,
,Section,Line,Current Period,Inception To Date
,FILM RENTAL,,,
,,Domestic Theatrical,"1,000,000.00","5,000,000.00"
,,Foreign Theatrical,"500,000.00","2,000,000.00"
,,Total Film Rental,"1,500,000.00","7,000,000.00"
,,Less Accounts Receivable,"(100,000.00)","(200,000.00)"
,,Total Gross Receipts,"1,400,000.00","6,800,000.00"
,,Less Distribution Fees,"450,000.00","2,000,000.00"
,,Net After Distribution Fees,"950,000.00","4,800,000.00"
,DISTRIBUTION COSTS,,,
,,Advertising,"(200,000.00)","(1,000,000.00)"
,,Prints,"50,000.00","300,000.00"
,,Total Distribution Costs,"250,000.00","1,300,000.00"
,,Net Receipts After Distribution Fees and Costs,"700,000.00","3,500,000.00"
,NEGATIVE COST,,,
,,Direct Cost,-,"10,000,000.00"
,,Overhead @15%,-,"1,500,000.00"
,,Interest,"100,000.00","400,000.00"
,,Gross Participations,"50,000.00","150,000.00"
,,Total Negative Cost,"150,000.00","12,050,000.00"
,NET PROFITS,,,
,,Net Profits (Deficit),"550,000.00","(8,550,000.00)"
,PARTICIPANT,,,
,,Participant Share,,-
,,Less Previously Paid,,-
,,Amount Due,,-
,,,,
,This statement is rendered subject to the terms of the agreement.,,,
"#;

#[test]
fn disney_layout_reads_every_line_with_its_code() {
    let (a, _d) = read_one("disney.csv", DISNEY);
    assert_eq!(a.statements.len(), 1);
    let s = &a.statements[0];
    assert_eq!(
        (s.deal.as_str(), s.title.as_str(), s.participant.as_str()),
        ("WD-1990-01", "The Example Picture", "Jane Doe")
    );
    assert_eq!(
        (s.period_start.to_string(), s.period_end.to_string()),
        ("2024-01-01".into(), "2024-06-30".into())
    );
    assert_eq!(s.statement_date.unwrap().to_string(), "2024-08-15");
    let codes: Vec<(&str, &str)> = s
        .lines
        .iter()
        .map(|l| (l.label.as_str(), l.code.as_str()))
        .collect();
    assert_eq!(
        codes,
        [
            ("Domestic Theatrical", "gr.theatrical_domestic"),
            ("Foreign Theatrical", "gr.theatrical_foreign"),
            ("Total Film Rental", "gr.subtotal"),
            ("Less Accounts Receivable", "gr.adjustment"),
            ("Total Gross Receipts", "gr.total"),
            ("Less Distribution Fees", "fee.total"),
            ("Net After Distribution Fees", "net.1"),
            ("Advertising", "exp.advertising"),
            ("Prints", "exp.prints"),
            ("Total Distribution Costs", "exp.total"),
            ("Net Receipts After Distribution Fees and Costs", "net.2"),
            ("Direct Cost", "nc.direct"),
            ("Overhead @15%", "nc.overhead"),
            ("Interest", "int.total"),
            ("Gross Participations", "gp.total"),
            ("Total Negative Cost", "nc.total"),
            ("Net Profits (Deficit)", "np.total"),
            ("Participant Share", "share.earned"),
            ("Less Previously Paid", "pay.prior"),
            ("Amount Due", "pay.due"),
        ]
    );
    assert_eq!(line(s, "Interest").section, Section::NegativeCost);
    assert_eq!(line(s, "Total Film Rental").kind, LineKind::Subtotal);
    assert_eq!(
        line(s, "Net After Distribution Fees").kind,
        LineKind::Balance
    );
    // Deductions printed negative are their absolute value; the adjustment reduces.
    assert_eq!(
        line(s, "Advertising").itd.unwrap().to_string(),
        "1000000.00"
    );
    assert_eq!(
        line(s, "Less Accounts Receivable")
            .current
            .unwrap()
            .to_string(),
        "-100000.00"
    );
    assert_eq!(
        line(s, "Net Profits (Deficit)").itd.unwrap().to_string(),
        "-8550000.00"
    );
    assert_eq!(line(s, "Direct Cost").current.unwrap().to_string(), "0");
    assert_eq!(
        line(s, "Overhead @15%").printed_rate.unwrap().to_string(),
        "0.15"
    );
    assert_eq!(
        line(s, "Total Gross Receipts").itd_cell().as_deref(),
        Some("disney.csv!E17")
    );
    // Everything foots and nets: the only finding is the missing contract.
    let codes: Vec<&str> = a.findings.iter().map(|f| f.code.name()).collect();
    assert_eq!(codes, ["NO-CONTRACT"]);
}

#[test]
fn a_subtotal_error_is_found_against_its_own_group() {
    let bad = DISNEY.replace(
        ",,Total Gross Receipts,\"1,400,000.00\",\"6,800,000.00\"",
        ",,Total Gross Receipts,\"1,400,000.00\",\"6,900,000.00\"",
    );
    let (a, _d) = read_one("disney.csv", &bad);
    let got: Vec<String> = errors(&a).iter().map(|f| brief(f)).collect();
    // Total Gross Receipts = Total Film Rental − Less Accounts Receivable = 6,800,000.
    // The running balance and net profits follow from the total as printed, so they flag too.
    assert_eq!(
        got[0],
        "ARITH-TOTAL gr.total itd 6900000.00 6800000.00 -100000.00"
    );
}

/// Tab-separated, table columns in another order (Line first, To Date before
/// This Period), sections as heading rows, the Section column empty.
const TABBED: &str = "PARTICIPATION STATEMENT\n\n\tTITLE:\t\tNorthern Line\n\tPayee:\t\tJane Doe\n\tDeal ID:\t\tX-1\n\tFrom:\t\t01-Apr-2022\n\tPeriod End:\t\t30-Jun-2022\n\tDate:\t\t10-Aug-2022\n\n\
\tLine\tSection\tTo Date\tThis Period\n\
\tGROSS RECEIPTS\n\
\tDomestic Theatrical\t\t$4,866,739.50\t$4,866,739.50\n\
\tMERCHANDISING\t\t$7,326,798.57\t$7,326,798.57\n\
\tTotal Gross Receipts\t\t$12,193,538.07\t$12,193,538.07\n\
\tDISTRIBUTION FEES\n\
\tTheatrical - Domestic (30%)\t\t$1,460,021.85\t$1,460,021.85\n\
\tStudio Facilities Charge\t\t$1,000.00\t$1,000.00\n\
\tTOTAL DISTRIBUTION FEES\t\t$1,461,021.85\t$1,461,021.85\n\
\tNET PROFITS\n\
\tNet Profits (Deficit)\t\t$10,732,516.22\t$10,732,516.22\n\
\tPARTICIPANT\n\
\tParticipant Share\t\t-\t\n\
\tAmount Due\t\tnil\t\n\
\n\
\tThis statement is subject to the terms of the agreement.\n";

#[test]
fn tabbed_heading_row_layout_with_columns_in_another_order() {
    let (a, _d) = read_one("s.csv", TABBED);
    assert_eq!(a.statements.len(), 1, "{:?}", a.inputs);
    let s = &a.statements[0];
    assert_eq!(s.period_start.to_string(), "2022-04-01");
    assert_eq!(s.statement_date.unwrap().to_string(), "2022-08-10");
    let fee = line(s, "Theatrical - Domestic (30%)");
    assert_eq!(fee.code, "fee.theatrical_domestic");
    assert_eq!(fee.itd.unwrap().to_string(), "1460021.85");
    assert_eq!(fee.itd_cell().as_deref(), Some("s.csv!D16"));
    assert_eq!(fee.current_cell().as_deref(), Some("s.csv!E16"));
    assert_eq!(line(s, "MERCHANDISING").code, "gr.merchandising");
    let unmapped = line(s, "Studio Facilities Charge");
    assert_eq!(unmapped.kind, LineKind::Unmapped);
    // Unmapped lines count in their section's total: the fees foot.
    let codes: Vec<&str> = a.findings.iter().map(|f| f.code.name()).collect();
    assert_eq!(codes, ["NO-CONTRACT", "UNMAPPED-LINE"]);
    assert_eq!(a.findings[1].cells, ["s.csv!D17", "s.csv!E17"]);
}

#[test]
fn semicolons_windows_1252_and_a_bom_are_read() {
    let text = "Title;Caf\u{e9} Society\nDeal;W-1\nPeriod Start;2024-01-01\nPeriod End;2024-03-31\n\nSection;Line;Current;ITD\nGross Receipts;Theatrical - Domestic;\"1.000,00\";1000\n";
    // The amount 1.000,00 is not a SPEC form: an error naming the cell.
    let mut bytes: Vec<u8> = Vec::new();
    let (enc, _, _) = encoding_rs::WINDOWS_1252.encode(text);
    bytes.extend_from_slice(&enc);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("w.csv"), &bytes).unwrap();
    let a = audit(dir.path());
    let input = &a.inputs[0];
    assert_eq!(input.status, Status::Error);
    assert!(
        input.error.as_deref().unwrap().contains("w.csv!C7"),
        "{:?}",
        input.error
    );

    let good = text.replace("\"1.000,00\"", "\"1,000.00\"");
    let (enc, _, _) = encoding_rs::WINDOWS_1252.encode(&good);
    std::fs::write(dir.path().join("w.csv"), &*enc).unwrap();
    let a = audit(dir.path());
    assert_eq!(a.statements.len(), 1);
    assert_eq!(a.statements[0].title, "Café Society");
    let mut bom = b"\xef\xbb\xbf".to_vec();
    bom.extend_from_slice(good.as_bytes());
    std::fs::write(dir.path().join("w.csv"), &bom).unwrap();
    let a = audit(dir.path());
    assert_eq!(a.statements[0].title, "Café Society");
}

#[test]
fn every_error_names_its_place() {
    let base = "Title,X\nDeal,E-1\nPeriod Start,2024-01-01\nPeriod End,2024-03-31\n\nSection,Line,Current,ITD\nGross Receipts,Theatrical - Domestic,100.00,100.00\n";
    let cases: [(&str, String, &str); 5] = [
        (
            "amount",
            base.replace("100.00,100.00", "100.00,12abc"),
            "e.csv!D7: '12abc' is not an amount",
        ),
        (
            "date",
            base.replace("2024-03-31", "31/31/2024"),
            "e.csv!B4: Period End '31/31/2024' is not a date",
        ),
        ("deal", base.replace("Deal,E-1\n", ""), "no Deal"),
        (
            "table",
            base.replace("Section,Line,Current,ITD\n", ""),
            "no line table",
        ),
        (
            "period",
            base.replace("Period Start,2024-01-01\n", ""),
            "no Period Start",
        ),
    ];
    for (what, text, want) in cases {
        let (a, _d) = read_one("e.csv", &text);
        let err = a.inputs[0].error.clone().unwrap_or_default();
        assert_eq!(a.inputs[0].status, Status::Error, "{what}");
        assert!(err.contains(want), "{what}: {err}");
        assert!(a.statements.is_empty(), "{what}");
    }
    // A file in which no statement is found is an input error, not silence.
    let (a, _d) = read_one("notes.csv", "Just,some\nnotes,here\n");
    assert_eq!(a.inputs[0].status, Status::Error);
    assert!(a.inputs[0]
        .error
        .as_deref()
        .unwrap()
        .contains("no statement found"));
}

#[test]
fn a_workbook_with_a_series_and_a_notes_sheet() {
    use rust_xlsxwriter::Workbook;
    let dir = tempfile::tempdir().unwrap();
    let mut wb = Workbook::new();
    let notes = wb.add_worksheet().set_name("Notes").unwrap();
    notes
        .write_string(0, 0, "Read me: these statements are estimates.")
        .unwrap();
    for (name, start, end, cur, itd) in [
        ("Q1", "2024-01-01", "2024-03-31", 100.0, 100.0),
        ("Q2", "2024-04-01", "2024-06-30", 50.25, 150.25),
    ] {
        let ws = wb.add_worksheet().set_name(name).unwrap();
        // The header block and the table start in column B, row 3.
        let rows: [(&str, &str); 4] = [
            ("Title", "Book Picture"),
            ("Deal", "B-1"),
            ("From", start),
            ("To", end),
        ];
        for (i, (k, v)) in rows.iter().enumerate() {
            ws.write_string(2 + i as u32, 1, *k).unwrap();
            ws.write_string(2 + i as u32, 3, *v).unwrap();
        }
        for (c, h) in ["Section", "Line", "Current", "ITD"].iter().enumerate() {
            ws.write_string(8, 1 + c as u16, *h).unwrap();
        }
        ws.write_string(9, 1, "Gross Receipts").unwrap();
        ws.write_string(9, 2, "Soundtrack").unwrap();
        ws.write_number(9, 3, cur).unwrap();
        ws.write_number(9, 4, itd).unwrap();
    }
    wb.save(dir.path().join("book.xlsx")).unwrap();
    // The same workbook as .xlsm (macro-enabled container) reads the same.
    let other = tempfile::tempdir().unwrap();
    std::fs::copy(dir.path().join("book.xlsx"), other.path().join("book.xlsm")).unwrap();
    let m = audit(other.path());
    assert_eq!(m.statements.len(), 2);
    assert_eq!(m.inputs[0].kind, "xlsm");
    assert_eq!(
        m.statements[1].lines[0].itd_cell().as_deref(),
        Some("book.xlsm!Q2!E10")
    );
    let a = audit(dir.path());
    assert_eq!(a.statements.len(), 2);
    let sheets: Vec<(&str, &str)> = a.inputs[0]
        .sheets
        .iter()
        .map(|s| (s.name.as_str(), s.status.name()))
        .collect();
    assert_eq!(sheets, [("Notes", "skipped"), ("Q1", "ok"), ("Q2", "ok")]);
    let q2 = a.statements.iter().find(|s| s.sheet == "Q2").unwrap();
    let l = &q2.lines[0];
    assert_eq!(l.current.unwrap().to_string(), "50.25");
    assert_eq!(l.itd_cell().as_deref(), Some("book.xlsx!Q2!E10"));
    assert!(
        a.findings.iter().all(|f| f.code.name() == "NO-CONTRACT"),
        "{:#?}",
        a.findings
    );
}

#[test]
fn contract_aliases_teach_a_new_studio_label() {
    let contract = "[deal]\nid = \"A-1\"\nshare = \"5%\"\ndefinition = \"net_profits\"\n[distribution_fees]\ntheatrical_domestic = \"30%\"\n[aliases]\n\"Dom. Theatrical Rentals\" = \"gr.theatrical_domestic\"\n";
    let s = "Deal,A-1\nFrom,2024-01-01\nTo,2024-03-31\n\nSection,Line,Current,ITD\nGross Receipts,Dom. Theatrical Rentals,1000.00,1000.00\nDistribution Fees,Theatrical - Domestic (35%),350.00,350.00\n";
    let dir = folder(&[("a.toml", contract), ("s.csv", s)]);
    let a = audit(dir.path());
    assert_eq!(a.statements[0].lines[0].code, "gr.theatrical_domestic");
    let got: Vec<String> = errors(&a).iter().map(|f| brief(f)).collect();
    assert_eq!(
        got,
        ["FEE-RATE fee.theatrical_domestic itd 350.00 300.00 50.00"]
    );
}

#[test]
fn a_section_figure_on_its_heading_row_and_a_currency_symbol() {
    let s = "Title,X\nDeal,H-1\nPeriod Start,2024-01-01\nPeriod End,2024-06-30\nCurrency,US$\n\n\
Section,Line,Current,ITD\n\
Gross Receipts,Theatrical - Domestic,1000.00,1000.00\n\
Distribution Fees,,300.00,300.00\n\
Interest,,50.00,50.00\n\
Net Profits,Net Profits,650.00,650.00\n";
    let (a, _d) = read_one("h.csv", s);
    let st = &a.statements[0];
    assert_eq!(st.currency, "USD");
    let codes: Vec<(&str, Section)> = st
        .lines
        .iter()
        .map(|l| (l.code.as_str(), l.section))
        .collect();
    assert_eq!(
        codes,
        [
            ("gr.theatrical_domestic", Section::GrossReceipts),
            ("fee.total", Section::DistributionFees),
            ("int.total", Section::Interest),
            ("np.total", Section::NetProfits),
        ]
    );
    assert!(errors(&a).is_empty());
}

#[test]
fn a_serial_date_exported_as_text() {
    let s = "Deal,S-1\nPeriod Start,45292\nPeriod End,45473\n\nSection,Line,Current,ITD\nGross Receipts,Soundtrack,1.00,1.00\n";
    let (a, _d) = read_one("s.csv", s);
    let st = &a.statements[0];
    assert_eq!(
        (st.period_start.to_string(), st.period_end.to_string()),
        ("2024-01-01".into(), "2024-06-30".into())
    );
}

#[test]
fn two_header_pairs_on_one_row() {
    let s = "Title:,The Pair,,Deal:,P-2\nFrom:,01/01/2024,To:,06/30/2024\n\"Statement Date: August 15, 2024\"\n\nSection,Line,Current,ITD\nGross Receipts,Soundtrack,1.00,1.00\n";
    let (a, _d) = read_one("p.csv", s);
    assert_eq!(a.statements.len(), 1, "{:?}", a.inputs);
    let st = &a.statements[0];
    assert_eq!((st.title.as_str(), st.deal.as_str()), ("The Pair", "P-2"));
    assert_eq!(
        (st.period_start.to_string(), st.period_end.to_string()),
        ("2024-01-01".into(), "2024-06-30".into())
    );
    assert_eq!(st.statement_date.unwrap().to_string(), "2024-08-15");
}
