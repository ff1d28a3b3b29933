//! The deal terms of SPEC §3 "More deal terms" on hand-computed series:
//! gross after breakeven, share steps, fee tiers, overhead bases and
//! reserves. Every amount below was worked out by hand in the comments.

mod common;
use common::*;

/// A statement for deal `T-12` as CSV: `period` is `(start, end)`, each row
/// `(section, label, current, itd)` with `""` for a cell left empty.
fn statement(period: (&str, &str), rows: &[(&str, &str, &str, &str)]) -> String {
    let mut s = format!(
        "Title,Terms Picture\nParticipant,Pat Doe\nDeal,T-12\nPeriod Start,{}\nPeriod End,{}\nCurrency,USD\n\nSection,Line,Current Period,Inception To Date\n",
        period.0, period.1
    );
    for (section, label, current, itd) in rows {
        s.push_str(&format!("{section},{label},{current},{itd}\n"));
    }
    s
}

fn contract(definition: &str, share: &str, rest: &str) -> String {
    format!(
        "[deal]\nid = \"T-12\"\ndefinition = \"{definition}\"\nshare = \"{share}\"\ntolerance = \"1.00\"\n{rest}"
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

fn claim(a: &recoup::Audit) -> String {
    recoup::money::fmt_plain(a.deals[0].claim.unwrap())
}

// ----------------------------------------------------------- breakeven

const GAB: &str = r#"
[distribution_fees]
theatrical_domestic = "30%"
[expenses]
advertising_overhead = "10%"
[breakeven]
costs = ["exp.total", "nc.direct"]
fee = "10%"
"#;

/// The issue's example: costs of 18,200,000 + 36,400,000 at CBE 10 are a
/// breakeven of 60,666,666.67; the studio prints 61,250,000.
fn gab_rows(np: &str) -> Vec<(&'static str, String, String, String)> {
    let r = |s: &'static str, l: &str, c: &str, i: &str| {
        (s, l.to_string(), c.to_string(), i.to_string())
    };
    vec![
        r(
            "Gross Receipts",
            "Theatrical - Domestic",
            "80000000.00",
            "80000000.00",
        ),
        r(
            "Gross Receipts",
            "Total Gross Receipts",
            "80000000.00",
            "80000000.00",
        ),
        r(
            "Distribution Fees",
            "Theatrical - Domestic",
            "25000000.00",
            "25000000.00",
        ),
        r(
            "Distribution Fees",
            "Total Distribution Fees",
            "25000000.00",
            "25000000.00",
        ),
        r(
            "Distribution Expenses",
            "Advertising",
            "16000000.00",
            "16000000.00",
        ),
        r(
            "Distribution Expenses",
            "Advertising Overhead",
            "2200000.00",
            "2200000.00",
        ),
        r(
            "Distribution Expenses",
            "Total Distribution Expenses",
            "18200000.00",
            "18200000.00",
        ),
        r("Negative Cost", "Direct Cost", "36400000.00", "36400000.00"),
        r(
            "Negative Cost",
            "Total Negative Cost",
            "36400000.00",
            "36400000.00",
        ),
        r("Net Profits", "Gross After Breakeven", np, np),
        r("Participant", "Participant Share", "", "937500.00"),
        r("Participant", "Less Previously Paid", "", "0.00"),
        r("Participant", "Amount Due", "", "937500.00"),
        r("Memo", "Breakeven", "61250000.00", "61250000.00"),
    ]
}

fn gab_statement(np: &str) -> String {
    let rows = gab_rows(np);
    let rows: Vec<(&str, &str, &str, &str)> = rows
        .iter()
        .map(|(s, l, c, i)| (*s, l.as_str(), c.as_str(), i.as_str()))
        .collect();
    statement(("2024-01-01", "2024-06-30"), &rows)
}

#[test]
fn cash_breakeven_overstated_moves_the_base_and_the_claim() {
    let a = run(
        &contract("gross_after_breakeven", "5%", GAB),
        &[gab_statement("18750000.00")],
    );
    // FEE-RATE: fees are not in breakeven.costs, so no effect on the base.
    // ADV-OVERHEAD: 2,200,000 against 10% × 16,000,000; exp.total is in the
    // costs, so the effect is B(54,600,000) − B(54,000,000) =
    // 60,666,666.67 − 60,000,000.00.
    // BREAKEVEN: 61,250,000 printed against 60,666,666.67.
    assert_eq!(
        errs(&a),
        [
            "s1.csv FEE-RATE fee.theatrical_domestic itd 25000000.00 24000000.00 0.00",
            "s1.csv ADV-OVERHEAD exp.advertising_overhead itd 2200000.00 1600000.00 666666.67",
            "s1.csv BREAKEVEN memo.breakeven itd 61250000.00 60666666.67 583333.33",
        ]
    );
    let f = errors(&a)[2];
    assert_eq!(
        f.message,
        "Breakeven printed as 61,250,000.00; the agreement's cash breakeven is (exp.total 18,200,000.00 + nc.direct 36,400,000.00) / (1 − 10%) = 60,666,666.67: overstated by 583,333.33, which understates the gross past breakeven by the same (breakeven.fee; s1.csv!D22, s1.csv!D15, s1.csv!D16)."
    );
    // np* = 18,750,000 + 666,666.67 + 583,333.33 = 20,000,000 (gross less
    // the corrected breakeven of 60,000,000); 5% of it less 937,500 paid.
    let d = &a.deals[0];
    assert_eq!(d.recomputed_np.unwrap().to_string(), "20000000.00");
    assert_eq!(claim(&a), "62500.00");
}

#[test]
fn gross_after_breakeven_net_is_gross_less_the_printed_breakeven() {
    // np.total printed 12,345.67 short of 80,000,000 − 61,250,000.
    let a = run(
        &contract("gross_after_breakeven", "5%", GAB),
        &[gab_statement("18737654.33")],
    );
    let e = errs(&a);
    assert!(
        e.contains(&"s1.csv ARITH-NET np.total itd 18737654.33 18750000.00 12345.67".to_string()),
        "{e:#?}"
    );
    assert!(
        e.contains(&"s1.csv ARITH-NET np.total current 18737654.33 18750000.00 0.00".to_string()),
        "{e:#?}"
    );
}

#[test]
fn multiple_breakeven() {
    // 2.5 × direct cost 36,400,000 = 91,000,000; printed 61,250,000, which
    // overstates the gross past breakeven: np_effect −29,750,000.
    let terms = "[breakeven]\ncosts = [\"nc.direct\"]\nmultiple = \"2.5\"\n";
    let a = run(
        &contract("gross_after_breakeven", "5%", terms),
        &[gab_statement("18750000.00")],
    );
    assert_eq!(
        errs(&a),
        ["s1.csv BREAKEVEN memo.breakeven itd 61250000.00 91000000.00 -29750000.00"]
    );
    assert!(errors(&a)[0]
        .message
        .contains("the agreement's breakeven is 2.5 × nc.direct 36,400,000.00 = 91,000,000.00: understated by 29,750,000.00, which overstates the gross past breakeven"));
    // np* = 18,750,000 − 29,750,000 < 0: nothing earned, 937,500 overpaid.
    assert_eq!(claim(&a), "0.00");
}

// ---------------------------------------------------------- share steps

fn np_statement(
    period: (&str, &str),
    np: &str,
    share: &str,
    prior: &str,
    due: &str,
    box_office: &str,
) -> String {
    statement(
        period,
        &[
            ("Gross Receipts", "Theatrical - Domestic", np, np),
            ("Gross Receipts", "Total Gross Receipts", np, np),
            ("Net Profits", "Net Profits", np, np),
            ("Participant", "Participant Share", "", share),
            ("Participant", "Less Previously Paid", "", prior),
            ("Participant", "Amount Due", "", due),
            ("Memo", "Box Office - Domestic", box_office, box_office),
        ],
    )
}

#[test]
fn tranche_split_at_the_exact_threshold() {
    let steps = "[[share_step]]\nabove = \"10000000\"\nshare = \"7.5%\"\n";
    let c = contract("net_profits", "5%", steps);
    // Exactly 10,000,000: all at 5%, 500,000, as printed.
    let at = np_statement(
        ("2024-01-01", "2024-06-30"),
        "10000000.00",
        "500000.00",
        "0.00",
        "500000.00",
        "0.00",
    );
    let a = run(&c, std::slice::from_ref(&at));
    assert!(errs(&a).is_empty(), "{:#?}", errs(&a));
    assert_eq!(claim(&a), "0.00");
    // 12,000,000 printed at a flat 5% (600,000); the tranches give
    // 5% × 10,000,000 + 7.5% × 2,000,000 = 650,000.
    let over = np_statement(
        ("2024-01-01", "2024-06-30"),
        "12000000.00",
        "600000.00",
        "0.00",
        "600000.00",
        "0.00",
    );
    let a = run(&c, &[over]);
    assert_eq!(
        errs(&a),
        ["s1.csv SHARE share.earned itd 600000.00 650000.00 0.00"]
    );
    assert!(
        errors(&a)[0]
            .message
            .contains("5% of the first 10,000,000.00, 7.5% above 10,000,000.00"),
        "{}",
        errors(&a)[0].message
    );
    assert_eq!(claim(&a), "50000.00");
}

#[test]
fn metric_step_reached_mid_series() {
    let steps = "[[share_step]]\nmetric = \"memo.box_office_domestic\"\nat = \"100000000\"\nshare = \"12.5%\"\n";
    let c = contract("net_profits", "10%", steps);
    // P1: box office 50M, below the step: 10% of 1,000,000.
    let s1 = np_statement(
        ("2024-01-01", "2024-06-30"),
        "1000000.00",
        "100000.00",
        "0.00",
        "100000.00",
        "50000000.00",
    );
    // P2: box office 120M: the whole base earns 12.5%, 250,000; the
    // studio kept 10% (200,000) and paid 100,000 more.
    let s2 = statement(
        ("2024-07-01", "2024-12-31"),
        &[
            (
                "Gross Receipts",
                "Theatrical - Domestic",
                "1000000.00",
                "2000000.00",
            ),
            (
                "Gross Receipts",
                "Total Gross Receipts",
                "1000000.00",
                "2000000.00",
            ),
            ("Net Profits", "Net Profits", "1000000.00", "2000000.00"),
            ("Participant", "Participant Share", "", "200000.00"),
            ("Participant", "Less Previously Paid", "", "100000.00"),
            ("Participant", "Amount Due", "", "100000.00"),
            (
                "Memo",
                "Box Office - Domestic",
                "70000000.00",
                "120000000.00",
            ),
        ],
    );
    let a = run(&c, &[s1, s2]);
    assert_eq!(
        errs(&a),
        ["s2.csv SHARE share.earned itd 200000.00 250000.00 0.00"]
    );
    let m = &errors(&a)[0].message;
    assert_eq!(
        m,
        "Participant share is 200,000.00 but the agreement's share of the participation base of 2,000,000.00 (12.5%, the step once Box Office - Domestic reaches 100,000,000.00, now 120,000,000.00) is 250,000.00: understated by 50,000.00 (deal.share; share_step; s2.csv!D12, s2.csv!D11, s2.csv!D15)."
    );
    // The claim reads the step on the latest statement: 250,000 − 200,000.
    assert_eq!(claim(&a), "50000.00");
}

// ------------------------------------------------------------ fee tiers

#[test]
fn fee_tier_boundary_crossed_inside_one_period() {
    let c = contract(
        "net_profits",
        "5%",
        "[distribution_fees]\ntheatrical_domestic = [ { upto = \"10000000\", rate = \"30%\" }, { rate = \"25%\" } ]\n",
    );
    let s = |period, gr_c, gr_i, fee_c, fee_i, np_c, np_i| {
        statement(
            period,
            &[
                ("Gross Receipts", "Theatrical - Domestic", gr_c, gr_i),
                ("Gross Receipts", "Total Gross Receipts", gr_c, gr_i),
                ("Distribution Fees", "Theatrical - Domestic", fee_c, fee_i),
                ("Distribution Fees", "Total Distribution Fees", fee_c, fee_i),
                ("Net Profits", "Net Profits", np_c, np_i),
            ],
        )
    };
    // P1: 8,000,000 inside the first tier: 2,400,000.
    let s1 = s(
        ("2024-01-01", "2024-06-30"),
        "8000000.00",
        "8000000.00",
        "2400000.00",
        "2400000.00",
        "5600000.00",
        "5600000.00",
    );
    // P2: 12,000,000 to date crosses 10,000,000: 3,000,000 + 25% × 2,000,000
    // = 3,500,000; the studio charged 30% throughout (3,600,000).
    let s2 = s(
        ("2024-07-01", "2024-12-31"),
        "4000000.00",
        "12000000.00",
        "1200000.00",
        "3600000.00",
        "2800000.00",
        "8400000.00",
    );
    let a = run(&c, &[s1, s2]);
    assert_eq!(
        errs(&a),
        ["s2.csv FEE-RATE fee.theatrical_domestic itd 3600000.00 3500000.00 100000.00"]
    );
    let m = &errors(&a)[0].message;
    assert!(
        m.contains("on gross receipts of 12,000,000.00 the agreement's tiers allow 3,500,000.00 (30% of the first 10,000,000.00, 25% of the 2,000,000.00 above 10,000,000.00): overcharge 100,000.00"),
        "{m}"
    );
    // np* = 8,400,000 + 100,000: 5% of it, nothing paid.
    assert_eq!(claim(&a), "425000.00");
}

// ------------------------------------------------------- overhead base

fn overhead_statement(overhead: &str) -> String {
    let total = match overhead {
        "360000.00" => "2360000.00",
        _ => "2300000.00",
    };
    statement(
        ("2024-01-01", "2024-06-30"),
        &[
            (
                "Gross Receipts",
                "Theatrical - Domestic",
                "5000000.00",
                "5000000.00",
            ),
            (
                "Gross Receipts",
                "Total Gross Receipts",
                "5000000.00",
                "5000000.00",
            ),
            ("Negative Cost", "Direct Cost", "2000000.00", "2000000.00"),
            ("Negative Cost", "Overhead", overhead, overhead),
            ("Negative Cost", "Total Negative Cost", total, total),
            (
                "Gross Participations",
                "Gross Participations",
                "400000.00",
                "400000.00",
            ),
        ],
    )
}

#[test]
fn overhead_on_gross_participations_allowed_and_not() {
    // Allowed: 15% of (2,000,000 + 400,000) = 360,000, as printed.
    let on_gp =
        "[negative_cost]\noverhead = \"15%\"\noverhead_on = [\"nc.direct\", \"gp.total\"]\n";
    let a = run(
        &contract("net_profits", "5%", on_gp),
        &[overhead_statement("360000.00")],
    );
    assert!(errs(&a).is_empty(), "{:#?}", errs(&a));
    // Not allowed (the default base, direct cost only): 300,000.
    let on_direct = "[negative_cost]\noverhead = \"15%\"\n";
    let a = run(
        &contract("net_profits", "5%", on_direct),
        &[overhead_statement("360000.00")],
    );
    assert_eq!(
        errs(&a),
        ["s1.csv OVERHEAD-RATE nc.overhead itd 360000.00 300000.00 60000.00"]
    );
    // Charged on direct cost only where the agreement adds participations:
    // 60,000 undercharged, and the message names the base.
    let a = run(
        &contract("net_profits", "5%", on_gp),
        &[overhead_statement("300000.00")],
    );
    assert_eq!(
        errs(&a),
        ["s1.csv OVERHEAD-RATE nc.overhead itd 300000.00 360000.00 -60000.00"]
    );
    assert!(errors(&a)[0]
        .message
        .contains("a base of 2,400,000.00 (nc.direct 2,000,000.00 + gp.total 400,000.00)"));
    // OVERHEAD-RATE applies to net-profits deals only.
    let a = run(
        &contract("gross", "5%", on_direct),
        &[overhead_statement("360000.00")],
    );
    assert!(errs(&a).is_empty(), "{:#?}", errs(&a));
}

// -------------------------------------------------------------- reserves

/// A statement with one medium, a reserve and the total, each as
/// `(current, inception to date)`.
fn reserve_statement(
    period: (&str, &str),
    gross: (&str, &str),
    reserve: (&str, &str),
    total: (&str, &str),
) -> String {
    statement(
        period,
        &[
            ("Gross Receipts", "Theatrical - Domestic", gross.0, gross.1),
            (
                "Gross Receipts",
                "Less Reserve for Returns",
                reserve.0,
                reserve.1,
            ),
            ("Gross Receipts", "Total Gross Receipts", total.0, total.1),
            ("Net Profits", "Net Profits", total.0, total.1),
        ],
    )
}

const QUARTERS: [(&str, &str); 6] = [
    ("2024-01-01", "2024-03-31"),
    ("2024-04-01", "2024-06-30"),
    ("2024-07-01", "2024-09-30"),
    ("2024-10-01", "2024-12-31"),
    ("2025-01-01", "2025-03-31"),
    ("2025-04-01", "2025-06-30"),
];

/// 100,000 reserved in period 1 and never released; gross receipts of
/// 1,000,000 then 500,000 a quarter.
fn held_reserve_series(periods: &[(&str, &str)]) -> Vec<String> {
    let gross = [
        "1000000.00",
        "1500000.00",
        "2000000.00",
        "2500000.00",
        "3000000.00",
    ];
    let total = [
        "900000.00",
        "1400000.00",
        "1900000.00",
        "2400000.00",
        "2900000.00",
    ];
    periods
        .iter()
        .enumerate()
        .map(|(k, p)| {
            let (g_cur, r_cur, t_cur) = if k == 0 {
                ("1000000.00", "100000.00", "900000.00")
            } else {
                ("500000.00", "0.00", "500000.00")
            };
            reserve_statement(
                *p,
                (g_cur, gross[k]),
                (r_cur, "100000.00"),
                (t_cur, total[k]),
            )
        })
        .collect()
}

#[test]
fn reserve_taken_in_period_1_still_held_in_period_5() {
    let c = contract(
        "net_profits",
        "5%",
        "[reserves]\nmax = \"50%\"\nliquidate_within = 4\n",
    );
    let a = run(&c, &held_reserve_series(&QUARTERS[..5]));
    // Periods 1–4 still cover the reserve taken in period 1; period 5's
    // window (periods 2–5) took nothing, so all 100,000 should be released.
    // The cap, 50% × 3,000,000, is the higher limit.
    assert_eq!(
        errs(&a),
        ["s5.csv RESERVE-UNLIQUIDATED gr.reserve itd 100000.00 0.00 100000.00"]
    );
    let m = &errors(&a)[0].message;
    assert!(
        m.contains("reserves must be released within 4 statements, and the reserves taken in this statement and the 3 before it come to 0.00"),
        "{m}"
    );
    // np* = 2,900,000 + 100,000; 5% of it, nothing paid.
    assert_eq!(claim(&a), "150000.00");
}

#[test]
fn reserve_unliquidated_is_skipped_across_a_gap() {
    let c = contract("net_profits", "5%", "[reserves]\nliquidate_within = 4\n");
    // The fifth statement follows a missing quarter: PERIOD-GAP, and the
    // age of the reserve is not judged there.
    let periods = [
        QUARTERS[0],
        QUARTERS[1],
        QUARTERS[2],
        QUARTERS[3],
        QUARTERS[5],
    ];
    let a = run(&c, &held_reserve_series(&periods));
    assert!(errs(&a).is_empty(), "{:#?}", errs(&a));
    assert!(a
        .findings
        .iter()
        .any(|f| f.code.name() == "PERIOD-GAP" && f.file == "s5.csv"));
}

#[test]
fn reserve_over_its_cap() {
    let c = contract(
        "net_profits",
        "5%",
        "[reserves]\nmax = \"20%\"\nliquidate_within = 4\n",
    );
    // 250,000 held on 1,000,000 of gross receipts before it: the cap is
    // 20% × (750,000 + 250,000) = 200,000, below the 250,000 taken.
    let s = reserve_statement(
        QUARTERS[0],
        ("1000000.00", "1000000.00"),
        ("250000.00", "250000.00"),
        ("750000.00", "750000.00"),
    );
    let a = run(&c, &[s]);
    assert_eq!(
        errs(&a),
        ["s1.csv RESERVE-EXCESS gr.reserve itd 250000.00 200000.00 50000.00"]
    );
    let m = &errors(&a)[0].message;
    assert!(
        m.contains("the agreement allows at most 20% of gross receipts before reserves of 1,000,000.00, which is 200,000.00"),
        "{m}"
    );
    // 5% of (750,000 + 50,000).
    assert_eq!(claim(&a), "40000.00");
}

#[test]
fn a_reserve_printed_negative_reads_the_same() {
    // The same 250,000 over a 200,000 cap, printed as a negative deduction
    // in both columns: read as its absolute value, the finding is unchanged.
    let c = contract(
        "net_profits",
        "5%",
        "[reserves]\nmax = \"20%\"\nliquidate_within = 4\n",
    );
    let s = reserve_statement(
        QUARTERS[0],
        ("1000000.00", "1000000.00"),
        ("(250000.00)", "(250000.00)"),
        ("750000.00", "750000.00"),
    );
    let a = run(&c, &[s]);
    assert_eq!(
        errs(&a),
        ["s1.csv RESERVE-EXCESS gr.reserve itd 250000.00 200000.00 50000.00"]
    );
    // A release (a negative current figure on a positive balance) takes
    // nothing: 100,000 taken in period 1, 40,000 released in period 2,
    // 60,000 held; with liquidate_within = 1 only period 2's own taking
    // (none) may be held.
    let c = contract("net_profits", "5%", "[reserves]\nliquidate_within = 1\n");
    let s1 = reserve_statement(
        QUARTERS[0],
        ("1000000.00", "1000000.00"),
        ("100000.00", "100000.00"),
        ("900000.00", "900000.00"),
    );
    let s2 = reserve_statement(
        QUARTERS[1],
        ("0.00", "1000000.00"),
        ("-40000.00", "60000.00"),
        ("40000.00", "940000.00"),
    );
    let a = run(&c, &[s1, s2]);
    assert_eq!(
        errs(&a),
        ["s2.csv RESERVE-UNLIQUIDATED gr.reserve itd 60000.00 0.00 60000.00"]
    );
}

#[test]
fn on_a_gross_deal_only_off_the_top_lines_move_the_base() {
    // 7.5% of gross less residuals (off the top). The 35% fee where the
    // agreement says 30% is an overcharge that does not touch this base;
    // residuals over their 100,000 cap do, by the excess.
    let terms = "[distribution_fees]\ntheatrical_domestic = \"30%\"\n\
                 [expenses.caps]\nresiduals = \"100000\"\n\
                 [deductions]\noff_the_top = [\"exp.residuals\"]\n";
    let s = statement(
        QUARTERS[0],
        &[
            (
                "Gross Receipts",
                "Theatrical - Domestic",
                "1000000.00",
                "1000000.00",
            ),
            (
                "Gross Receipts",
                "Total Gross Receipts",
                "1000000.00",
                "1000000.00",
            ),
            (
                "Distribution Fees",
                "Theatrical - Domestic",
                "350000.00",
                "350000.00",
            ),
            (
                "Distribution Fees",
                "Total Distribution Fees",
                "350000.00",
                "350000.00",
            ),
            (
                "Distribution Expenses",
                "Residuals",
                "120000.00",
                "120000.00",
            ),
            (
                "Distribution Expenses",
                "Total Distribution Expenses",
                "120000.00",
                "120000.00",
            ),
            (
                "Net Profits",
                "Adjusted Gross Receipts",
                "880000.00",
                "880000.00",
            ),
            ("Participant", "Participant Share", "", "66000.00"),
            ("Participant", "Less Previously Paid", "", "0.00"),
            ("Participant", "Amount Due", "", "66000.00"),
        ],
    );
    let a = run(&contract("gross", "7.5%", terms), &[s]);
    assert_eq!(
        errs(&a),
        [
            "s1.csv FEE-RATE fee.theatrical_domestic itd 350000.00 300000.00 0.00",
            "s1.csv EXP-CAP exp.residuals itd 120000.00 100000.00 20000.00",
        ]
    );
    // 7.5% × (880,000 + 20,000) − 66,000 paid.
    assert_eq!(claim(&a), "1500.00");
}
