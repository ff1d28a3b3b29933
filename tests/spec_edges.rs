//! Spec-conformance edge cases the shared corpora may not exercise, each
//! worked out by hand in the comments: np_effect by kind of line and column
//! (SPEC §4, Details), the base on `gross` and `gross_after_breakeven`
//! deals, where SHARE and DUE apply, PRIOR-RESTATED, and the claim by issue
//! (SPEC §6).

mod common;
use common::*;

use recoup::money::fmt_plain;

/// A statement for deal `E-1` as CSV: `period` is `(start, end)`; with
/// `prior`, a `Previously Reported` column comes first. Each row is
/// `(section, label, [prior,] current, itd)`, `""` for an empty cell.
fn statement(period: (&str, &str), prior: bool, rows: &[&[&str]]) -> String {
    let mut s = format!(
        "Title,Edge Picture\nParticipant,Pat Doe\nDeal,E-1\nPeriod Start,{}\nPeriod End,{}\nCurrency,USD\n\n",
        period.0, period.1
    );
    if prior {
        s.push_str("Section,Line,Previously Reported,Current Period,Inception To Date\n");
    } else {
        s.push_str("Section,Line,Current Period,Inception To Date\n");
    }
    for row in rows {
        s.push_str(&row.join(","));
        s.push('\n');
    }
    s
}

fn contract(definition: &str, share: &str, tolerance: &str, rest: &str) -> String {
    format!(
        "[deal]\nid = \"E-1\"\ndefinition = \"{definition}\"\nshare = \"{share}\"\ntolerance = \"{tolerance}\"\n{rest}"
    )
}

fn run(contract: &str, statements: &[String]) -> recoup::Audit {
    let mut files: Vec<(String, String)> = vec![("contract.toml".into(), contract.into())];
    for (n, s) in statements.iter().enumerate() {
        files.push((format!("s{}.csv", n + 1), s.clone()));
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let dir = folder(&refs);
    let a = audit(dir.path());
    assert!(
        a.inputs.iter().all(|i| i.error.is_none()),
        "{:#?}",
        a.inputs
    );
    a
}

/// `file CODE line column reported expected np_effect` of every error.
fn errs(a: &recoup::Audit) -> Vec<String> {
    errors(a)
        .iter()
        .map(|f| format!("{} {}", f.file, brief(f)))
        .collect()
}

fn money(d: Option<rust_decimal::Decimal>) -> String {
    d.map(fmt_plain).unwrap_or_else(|| "-".into())
}

// ------------------------------------------------- np_effect by column

/// Net profits, 10%: gr.total ITD overstated by 500 (ARITH-TOTAL,
/// np_effect expected − reported = −500.00); fee.total current overstated
/// by 200 (current column: np_effect 0); np.total current 700,000 against
/// 1,000,000 − 300,200 = 699,800 (current: 0); np.total ITD 700,000
/// against the printed gross 1,000,500 − 300,000 = 700,500 (ARITH-NET,
/// expected − reported = +500.00). np* = 700,000 − 500 + 500 = 700,000:
/// earned 70,000, paid 70,000, no claim.
#[test]
fn np_effect_by_kind_and_column() {
    let c = contract("net_profits", "10%", "1.00", "");
    let s = statement(
        ("2024-01-01", "2024-06-30"),
        false,
        &[
            &[
                "Gross Receipts",
                "Theatrical - Domestic",
                "1000000.00",
                "1000000.00",
            ],
            &[
                "Gross Receipts",
                "Total Gross Receipts",
                "1000000.00",
                "1000500.00",
            ],
            &[
                "Distribution Fees",
                "Theatrical - Domestic",
                "300000.00",
                "300000.00",
            ],
            &[
                "Distribution Fees",
                "Total Distribution Fees",
                "300200.00",
                "300000.00",
            ],
            &["Net Profits", "Net Profits", "700000.00", "700000.00"],
            &["Participant", "Participant Share", "", "70000.00"],
            &["Participant", "Less Previously Paid", "", "0.00"],
            &["Participant", "Amount Due", "", "70000.00"],
        ],
    );
    let a = run(&c, &[s]);
    let mut got = errs(&a);
    got.sort();
    assert_eq!(
        got,
        vec![
            "s1.csv ARITH-NET np.total current 700000.00 699800.00 0.00",
            "s1.csv ARITH-NET np.total itd 700000.00 700500.00 500.00",
            "s1.csv ARITH-TOTAL fee.total current 300200.00 300000.00 0.00",
            "s1.csv ARITH-TOTAL gr.total itd 1000500.00 1000000.00 -500.00",
        ]
    );
    assert_eq!(money(a.deals[0].claim), "0.00");
    assert_eq!(money(a.deals[0].recomputed_np), "700000.00");
}

// ---------------------------------------------------- where SHARE/DUE run

/// DUE = max(0, share + bonus − prior): 40,000 + 5,000 − 80,000 is
/// negative, so a printed 1,000.00 due is expected 0.00. A base below zero
/// earns nothing, with an `above` step too: a printed share of 100.00 is
/// expected 0.00. A statement without `pay.due` (the second) has no DUE; one
/// without `np.total` (the third) has no SHARE nor ARITH-NET.
#[test]
fn share_and_due_only_where_printed() {
    let c = contract(
        "net_profits",
        "10%",
        "1.00",
        "[[share_step]]\nabove = \"1000000\"\nshare = \"20%\"\n",
    );
    let base = |np: &str, share: &str, due: Option<&str>, with_np: bool| {
        let mut rows: Vec<Vec<&str>> = vec![
            vec![
                "Gross Receipts",
                "Theatrical - Domestic",
                "0.00",
                "100000.00",
            ],
            vec!["Distribution Expenses", "Advertising", "0.00", "600000.00"],
        ];
        if with_np {
            rows.push(vec!["Net Profits", "Net Profits", "0.00", np]);
        }
        rows.push(vec!["Participant", "Participant Share", "", share]);
        rows.push(vec!["Participant", "Bonuses", "", "5000.00"]);
        rows.push(vec!["Participant", "Less Previously Paid", "", "80000.00"]);
        if let Some(d) = due {
            rows.push(vec!["Participant", "Amount Due", "", d]);
        }
        rows.iter().map(|r| r.join(",")).collect::<Vec<_>>()
    };
    let mk = |rows: Vec<String>| {
        let mut s = statement(("2024-01-01", "2024-06-30"), false, &[]);
        for r in rows {
            s.push_str(&r);
            s.push('\n');
        }
        s
    };
    let one = mk(base("(500000.00)", "100.00", Some("1000.00"), true));
    let a = run(&c, &[one]);
    let mut got = errs(&a);
    got.sort();
    assert_eq!(
        got,
        vec![
            "s1.csv DUE pay.due itd 1000.00 0.00 0.00",
            "s1.csv SHARE share.earned itd 100.00 0.00 0.00",
        ]
    );
    // No pay.due printed: no DUE; no np.total printed: no SHARE, no ARITH-NET.
    let two = mk(base("(500000.00)", "40000.00", None, false));
    let a = run(&c, &[two]);
    assert_eq!(errs(&a), Vec::<String>::new());
}

// ------------------------------------------------------------ gross deals

/// Gross, 5%, off the top: residuals only. FEE-RATE (700,000 against 30% of
/// 2,000,000 = 600,000) does not touch the base: 0.00. EXP-CAP on
/// residuals (150,000 against the cap 100,000) does: +50,000.00. The
/// expense total misfooted by 900 is not off the top (only its residuals
/// line is): 0.00. np = 2,000,000 − 150,000 = 1,850,000; share 92,500.
/// np* = 1,900,000: earned 95,000, paid 92,500, claim 2,500.00; not above
/// 5% of 92,500 = 4,625, so no cost shift.
#[test]
fn gross_deal_base_moves_only_off_the_top() {
    let c = contract(
        "gross",
        "5%",
        "1.00",
        "[deductions]\noff_the_top = [\"exp.residuals\"]\n[distribution_fees]\ntheatrical_domestic = \"30%\"\n[expenses.caps]\nresiduals = \"100000\"\n[audit]\ncost_shift_threshold = \"5%\"\n",
    );
    let s = statement(
        ("2024-01-01", "2024-06-30"),
        false,
        &[
            &[
                "Gross Receipts",
                "Theatrical - Domestic",
                "2000000.00",
                "2000000.00",
            ],
            &[
                "Gross Receipts",
                "Total Gross Receipts",
                "2000000.00",
                "2000000.00",
            ],
            &[
                "Distribution Fees",
                "Theatrical - Domestic",
                "700000.00",
                "700000.00",
            ],
            &[
                "Distribution Fees",
                "Total Distribution Fees",
                "700000.00",
                "700000.00",
            ],
            &[
                "Distribution Expenses",
                "Residuals",
                "150000.00",
                "150000.00",
            ],
            &[
                "Distribution Expenses",
                "Advertising",
                "400000.00",
                "400000.00",
            ],
            &[
                "Distribution Expenses",
                "Total Distribution Expenses",
                "550000.00",
                "550900.00",
            ],
            &["Net Profits", "Net Profits", "1850000.00", "1850000.00"],
            &["Participant", "Participant Share", "", "92500.00"],
            &["Participant", "Less Previously Paid", "", "0.00"],
            &["Participant", "Amount Due", "", "92500.00"],
        ],
    );
    let a = run(&c, &[s]);
    let mut got = errs(&a);
    got.sort();
    assert_eq!(
        got,
        vec![
            "s1.csv ARITH-TOTAL exp.total itd 550900.00 550000.00 0.00",
            "s1.csv EXP-CAP exp.residuals itd 150000.00 100000.00 50000.00",
            "s1.csv FEE-RATE fee.theatrical_domestic itd 700000.00 600000.00 0.00",
        ]
    );
    let d = &a.deals[0];
    assert_eq!(money(d.recomputed_np), "1900000.00");
    assert_eq!(money(d.claim), "2500.00");
    assert_eq!(d.cost_shift, Some(false));
}

// ------------------------------------------------ gross after breakeven

/// CBE 10 on exp.total + nc.direct. Travel is disallowed: 30,000 charged.
/// Reported costs 1,030,000 + 2,000,000 give B = 3,366,666.67; without the
/// travel, 3,000,000 / 0.9 = 3,333,333.33; np_effect = 33,333.34 (each B
/// rounded, not 30,000 / 0.9 rounded once). FEE-RATE (1,600,000 against
/// 1,500,000) is not a breakeven cost: 0.00. nc.total misfooted by 100 is
/// not in the costs (nc.direct is): 0.00. np = 5,000,000 − 3,366,666.67 =
/// 1,633,333.33, share 163,333.33; np* = 1,666,666.67, earned 166,666.67,
/// claim 3,333.34. The memo breakeven has no current figure, so the
/// current np.total is not checked against the breakeven.
#[test]
fn breakeven_deal_base_moves_through_the_breakeven() {
    let c = contract(
        "gross_after_breakeven",
        "10%",
        "1.00",
        "[distribution_fees]\ntheatrical_domestic = \"30%\"\n[expenses]\ndisallowed = [\"travel\"]\n[breakeven]\ncosts = [\"exp.total\", \"nc.direct\"]\nfee = \"10%\"\n",
    );
    let s = statement(
        ("2024-01-01", "2024-06-30"),
        false,
        &[
            &[
                "Gross Receipts",
                "Theatrical - Domestic",
                "5000000.00",
                "5000000.00",
            ],
            &[
                "Gross Receipts",
                "Total Gross Receipts",
                "5000000.00",
                "5000000.00",
            ],
            &[
                "Distribution Fees",
                "Theatrical - Domestic",
                "1600000.00",
                "1600000.00",
            ],
            &[
                "Distribution Fees",
                "Total Distribution Fees",
                "1600000.00",
                "1600000.00",
            ],
            &[
                "Distribution Expenses",
                "Advertising",
                "1000000.00",
                "1000000.00",
            ],
            &["Distribution Expenses", "Travel", "30000.00", "30000.00"],
            &[
                "Distribution Expenses",
                "Total Distribution Expenses",
                "1030000.00",
                "1030000.00",
            ],
            &["Negative Cost", "Direct Cost", "2000000.00", "2000000.00"],
            &[
                "Negative Cost",
                "Total Negative Cost",
                "2000000.00",
                "2000100.00",
            ],
            &[
                "Net Profits",
                "Gross After Breakeven",
                "1633333.33",
                "1633333.33",
            ],
            &["Participant", "Participant Share", "", "163333.33"],
            &["Participant", "Less Previously Paid", "", "0.00"],
            &["Participant", "Amount Due", "", "163333.33"],
            &["Memo", "Breakeven", "", "3366666.67"],
        ],
    );
    let a = run(&c, &[s]);
    let mut got = errs(&a);
    got.sort();
    assert_eq!(
        got,
        vec![
            "s1.csv ARITH-TOTAL nc.total itd 2000100.00 2000000.00 0.00",
            "s1.csv EXP-DISALLOWED exp.travel itd 30000.00 0.00 33333.34",
            "s1.csv FEE-RATE fee.theatrical_domestic itd 1600000.00 1500000.00 0.00",
        ]
    );
    let d = &a.deals[0];
    assert_eq!(money(d.recomputed_np), "1666666.67");
    assert_eq!(money(d.recomputed_earned), "166666.67");
    assert_eq!(money(d.claim), "3333.34");
}

// -------------------------------------------------------- PRIOR-RESTATED

/// Tolerance 5.00. The first statement prints zeros as previously reported,
/// so its continuity is checked: advertising current 90,000 against
/// 100,000 − 0 (ITD-CONTINUITY, current column, np_effect 0). The second
/// restates the first's direct cost (printed previously 2,000,003.00, 3.00
/// off: within the tolerance) and its advertising (100,006.00, 6.00 off: a
/// PRIOR-RESTATED warning with np_effect 0, even though advertising is a
/// breakeven cost).
#[test]
fn prior_restated_uses_the_deal_tolerance() {
    let c = contract(
        "gross_after_breakeven",
        "10%",
        "5.00",
        "[breakeven]\ncosts = [\"exp.total\", \"nc.direct\"]\nmultiple = \"2\"\n",
    );
    let one = statement(
        ("2024-01-01", "2024-06-30"),
        true,
        &[
            &[
                "Gross Receipts",
                "Theatrical - Domestic",
                "0.00",
                "1000000.00",
                "1000000.00",
            ],
            &[
                "Distribution Expenses",
                "Advertising",
                "0.00",
                "90000.00",
                "100000.00",
            ],
            &[
                "Negative Cost",
                "Direct Cost",
                "0.00",
                "2000000.00",
                "2000000.00",
            ],
        ],
    );
    let two = statement(
        ("2024-07-01", "2024-12-31"),
        true,
        &[
            &[
                "Gross Receipts",
                "Theatrical - Domestic",
                "1000000.00",
                "500000.00",
                "1500000.00",
            ],
            &[
                "Distribution Expenses",
                "Advertising",
                "100006.00",
                "10000.00",
                "110006.00",
            ],
            &[
                "Negative Cost",
                "Direct Cost",
                "2000003.00",
                "0.00",
                "2000003.00",
            ],
        ],
    );
    let a = run(&c, &[one, two]);
    assert_eq!(
        errs(&a),
        vec!["s1.csv ITD-CONTINUITY exp.advertising current 90000.00 100000.00 0.00"]
    );
    let restated: Vec<String> = a
        .findings
        .iter()
        .filter(|f| f.code.name() == "PRIOR-RESTATED")
        .map(|f| format!("{} {:?} {}", f.file, f.severity, brief(f)))
        .collect();
    assert_eq!(
        restated,
        vec!["s2.csv Warning PRIOR-RESTATED exp.advertising itd 100006.00 100000.00 0.00"]
    );
}

// ---------------------------------------------------- the claim by issue

/// Net profits, 10%, interest at 10% on nc.direct, a 25,000 bonus at a
/// domestic box office of 1,000,000.
///
/// First half of 2024 (182 days): base 1,000,000, ceiling
/// round(1,000,000 × 0.10 × 182 / 365) = 49,863.01; 60,000 charged:
/// INTEREST +10,136.99. Travel of 5,000 is disallowed (EXP-DISALLOWED),
/// reversed in the second statement.
///
/// Second half (184 days): recouped = 100,000 − 5,000 − 60,000 = 35,000;
/// base 965,000; ceiling round(965,000 × 0.10 × 184 / 365) = 48,646.58;
/// 50,000 charged: INTEREST +1,353.42. Box office 1,500,000, no bonus
/// printed: BONUS-UNPAID 0.00 against 25,000.00.
///
/// np = 2,000,000 − 1,000,000 − 110,000 = 890,000, share 89,000 paid.
/// Issues: INTEREST base 11,490.41 (both statements), claim 1,149.04;
/// BONUS-UNPAID base 0, claim 25,000; EXP-DISALLOWED base 0.00 (the latest
/// no longer shows it), claim 0. np* = 901,490.41, share 90,149.04, earned
/// 115,149.04, claim 26,149.04; above 5% of 89,000: cost shift.
#[test]
fn issues_interest_sums_bonus_takes_the_bonus() {
    let c = contract(
        "net_profits",
        "10%",
        "1.00",
        "[expenses]\ndisallowed = [\"travel\"]\n[interest]\nrate = \"10%\"\n[[bonus]]\nmetric = \"memo.box_office_domestic\"\nthreshold = \"1000000\"\namount = \"25000\"\n[audit]\ncost_shift_threshold = \"5%\"\n",
    );
    let one = statement(
        ("2024-01-01", "2024-06-30"),
        false,
        &[
            &[
                "Gross Receipts",
                "Theatrical - Domestic",
                "100000.00",
                "100000.00",
            ],
            &["Distribution Expenses", "Travel", "5000.00", "5000.00"],
            &["Negative Cost", "Direct Cost", "1000000.00", "1000000.00"],
            &["Interest", "Interest", "60000.00", "60000.00"],
            &["Net Profits", "Net Profits", "(965000.00)", "(965000.00)"],
            &["Participant", "Participant Share", "", "0.00"],
            &["Participant", "Bonuses", "", "0.00"],
            &["Participant", "Less Previously Paid", "", "0.00"],
            &["Participant", "Amount Due", "", "0.00"],
            &["Memo", "Box Office - Domestic", "500000.00", "500000.00"],
        ],
    );
    let two = statement(
        ("2024-07-01", "2024-12-31"),
        false,
        &[
            &[
                "Gross Receipts",
                "Theatrical - Domestic",
                "1900000.00",
                "2000000.00",
            ],
            &["Distribution Expenses", "Travel", "-5000.00", "0.00"],
            &["Negative Cost", "Direct Cost", "0.00", "1000000.00"],
            &["Interest", "Interest", "50000.00", "110000.00"],
            &["Net Profits", "Net Profits", "1855000.00", "890000.00"],
            &["Participant", "Participant Share", "", "89000.00"],
            &["Participant", "Bonuses", "", "0.00"],
            &["Participant", "Less Previously Paid", "", "0.00"],
            &["Participant", "Amount Due", "", "89000.00"],
            &["Memo", "Box Office - Domestic", "1000000.00", "1500000.00"],
        ],
    );
    let a = run(&c, &[one, two]);
    let mut got = errs(&a);
    got.sort();
    assert_eq!(
        got,
        vec![
            "s1.csv EXP-DISALLOWED exp.travel itd 5000.00 0.00 5000.00",
            "s1.csv INTEREST int.total current 60000.00 49863.01 10136.99",
            "s2.csv BONUS-UNPAID pay.bonus itd 0.00 25000.00 0.00",
            "s2.csv INTEREST int.total current 50000.00 48646.58 1353.42",
        ]
    );
    let d = &a.deals[0];
    let issues: Vec<String> = d
        .issues
        .iter()
        .map(|i| {
            format!(
                "{} {} {} {} {}",
                i.code.name(),
                i.line,
                i.statements,
                fmt_plain(i.base_effect),
                fmt_plain(i.claim_effect)
            )
        })
        .collect();
    assert_eq!(
        issues,
        vec![
            "INTEREST int.total 2 11490.41 1149.04",
            "EXP-DISALLOWED exp.travel 1 0.00 0.00",
            "BONUS-UNPAID pay.bonus 1 0.00 25000.00",
        ]
    );
    let r = d.reconciliation.as_ref().unwrap();
    assert_eq!(fmt_plain(r.reported_base), "890000.00");
    assert_eq!(fmt_plain(r.corrected_base), "901490.41");
    assert_eq!(fmt_plain(r.reported_share), "89000.00");
    assert_eq!(fmt_plain(r.corrected_share), "90149.04");
    let share_effects: rust_decimal::Decimal = d
        .issues
        .iter()
        .filter(|i| i.code.name() != "BONUS-UNPAID")
        .map(|i| i.claim_effect)
        .sum();
    assert_eq!(share_effects, r.corrected_share - r.reported_share);
    assert_eq!(fmt_plain(r.earned), "115149.04");
    assert_eq!(money(d.claim), "26149.04");
    assert_eq!(d.cost_shift, Some(true));
}

// ------------------------------------------ fee tiers and share tranches

/// Fee tiers 30% to 1,000,000 then 20%: on 1,500,000 the fee is 300,000 +
/// 100,000 = 400,000; 450,000 is printed (FEE-RATE, np_effect +50,000).
/// Share 10%, 20% above 500,000.
///
/// With advertising of 1,080,000 the base is −30,000 (nothing earned,
/// nothing paid); corrected, 20,000 earns 2,000.00: the fee issue carries
/// the crossing out of the deficit, and with nothing paid the claim shifts
/// the audit costs. With advertising of 500,000 the base is 550,000,
/// earning 50,000 + 20% × 50,000 = 60,000 (paid); corrected, 600,000 earns
/// 50,000 + 20,000 = 70,000: claim 10,000.00.
#[test]
fn fee_tiers_and_share_tranches_in_the_claim() {
    let c = contract(
        "net_profits",
        "10%",
        "1.00",
        "[[share_step]]\nabove = \"500000\"\nshare = \"20%\"\n[distribution_fees]\ntheatrical_domestic = [ { upto = \"1000000\", rate = \"30%\" }, { rate = \"20%\" } ]\n[audit]\ncost_shift_threshold = \"5%\"\n",
    );
    let run_with = |adv: &str, np: &str, share: &str| {
        let s = statement(
            ("2024-01-01", "2024-06-30"),
            false,
            &[
                &[
                    "Gross Receipts",
                    "Theatrical - Domestic",
                    "0.00",
                    "1500000.00",
                ],
                &[
                    "Distribution Fees",
                    "Theatrical - Domestic",
                    "0.00",
                    "450000.00",
                ],
                &["Distribution Expenses", "Advertising", "0.00", adv],
                &["Net Profits", "Net Profits", "0.00", np],
                &["Participant", "Participant Share", "", share],
                &["Participant", "Less Previously Paid", "", "0.00"],
                &["Participant", "Amount Due", "", share],
            ],
        );
        run(&c, &[s])
    };
    let a = run_with("1080000.00", "(30000.00)", "0.00");
    assert_eq!(
        errs(&a),
        vec!["s1.csv FEE-RATE fee.theatrical_domestic itd 450000.00 400000.00 50000.00"]
    );
    let d = &a.deals[0];
    assert_eq!(fmt_plain(d.issues[0].claim_effect), "2000.00");
    assert_eq!(money(d.claim), "2000.00");
    assert_eq!(d.cost_shift, Some(true));

    let a = run_with("500000.00", "550000.00", "60000.00");
    assert_eq!(errs(&a).len(), 1);
    let d = &a.deals[0];
    let r = d.reconciliation.as_ref().unwrap();
    assert_eq!(fmt_plain(r.reported_share), "60000.00");
    assert_eq!(fmt_plain(r.corrected_share), "70000.00");
    assert_eq!(fmt_plain(d.issues[0].claim_effect), "10000.00");
    assert_eq!(money(d.claim), "10000.00");
    assert_eq!(d.cost_shift, Some(true));
}

/// Gross with a whole section off the top (`exp.total`) on a statement that
/// prints no expense total: the section totals to the sum of its lines
/// (SPEC §2), 100,000 + 50,000, so np = 1,000,000 − 150,000 = 850,000 is
/// right in both columns and nothing is found.
#[test]
fn gross_off_the_top_section_without_a_total_line() {
    let c = contract(
        "gross",
        "5%",
        "1.00",
        "[deductions]\noff_the_top = [\"exp.total\"]\n",
    );
    let s = statement(
        ("2024-01-01", "2024-06-30"),
        false,
        &[
            &[
                "Gross Receipts",
                "Theatrical - Domestic",
                "1000000.00",
                "1000000.00",
            ],
            &[
                "Distribution Fees",
                "Theatrical - Domestic",
                "300000.00",
                "300000.00",
            ],
            &[
                "Distribution Expenses",
                "Residuals",
                "100000.00",
                "100000.00",
            ],
            &[
                "Distribution Expenses",
                "Trade Association Dues",
                "50000.00",
                "50000.00",
            ],
            &["Net Profits", "Net Profits", "850000.00", "850000.00"],
            &["Participant", "Participant Share", "", "42500.00"],
            &["Participant", "Amount Due", "", "42500.00"],
        ],
    );
    let a = run(&c, &[s]);
    assert_eq!(errs(&a), Vec::<String>::new());
    assert_eq!(money(a.deals[0].claim), "0.00");
}

/// Interest on `nc.total` where the statement prints no negative cost total:
/// the base is the section's lines, 1,000,000 + 150,000 (as for
/// `overhead_on`); ceiling round(1,150,000 × 0.10 × 182 / 365) = 57,342.47;
/// 60,000 charged: INTEREST +2,657.53.
#[test]
fn interest_on_a_section_total_not_printed() {
    let c = contract(
        "net_profits",
        "10%",
        "1.00",
        "[interest]\nrate = \"10%\"\non = [\"nc.total\"]\n",
    );
    let s = statement(
        ("2024-01-01", "2024-06-30"),
        false,
        &[
            &[
                "Gross Receipts",
                "Theatrical - Domestic",
                "100000.00",
                "100000.00",
            ],
            &["Negative Cost", "Direct Cost", "1000000.00", "1000000.00"],
            &["Negative Cost", "Overhead", "150000.00", "150000.00"],
            &["Interest", "Interest", "60000.00", "60000.00"],
        ],
    );
    let a = run(&c, &[s]);
    assert_eq!(
        errs(&a),
        vec!["s1.csv INTEREST int.total current 60000.00 57342.47 2657.53"]
    );
}
