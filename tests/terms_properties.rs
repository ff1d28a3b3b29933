//! Property tests for the deal terms of SPEC §3 "More deal terms" (issue 12):
//! (a) a generated clean series under gross after breakeven or net profits,
//!     with share steps, a tiered fee, overhead on participations and
//!     reserves, audits with no error findings and no claim;
//! (b) with faults planted, the claim does not depend on the order or the
//!     names under which the files are found.
//!
//! The expected figures are computed here independently of recoup, in
//! cents, with the SPEC's rounding (half away from zero, once per figure).

use proptest::prelude::*;
use recoup::finding::Severity;
use rust_decimal::Decimal;
use std::path::{Path, PathBuf};

/// Round to cents, half away from zero.
fn cents(d: Decimal) -> i64 {
    let r = d.round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    i64::try_from(r).unwrap()
}

/// A rate in tenths of a percent, as a fraction.
fn rate(tenths: u32) -> Decimal {
    Decimal::new(tenths as i64, 3)
}

fn pct(tenths: u32) -> String {
    format!("{}%", Decimal::new(tenths as i64, 1).normalize())
}

fn dollars(c: i64) -> String {
    format!("{}.{:02}", c / 100, (c % 100).abs())
}

fn amount(c: i64) -> String {
    if c < 0 {
        format!("-{}", dollars(-c))
    } else {
        dollars(c)
    }
}

#[derive(Debug, Clone)]
enum Steps {
    None,
    /// (above in cents, share in tenths of a percent), increasing.
    Above(Vec<(i64, u32)>),
    /// (box office at, share), increasing.
    Metric(Vec<(i64, u32)>),
}

#[derive(Debug, Clone)]
struct Terms {
    after_breakeven: bool,
    share: u32,
    steps: Steps,
    /// Medium 0's tiers: the first's upper bound (cents) and two rates.
    tier_upto: i64,
    tier_rates: (u32, u32),
    flat_fee: u32,
    overhead: u32,
    overhead_on_gp: bool,
    /// `Some(fee)` cash breakeven, else a multiple in tenths.
    breakeven_fee: Option<u32>,
    multiple_tenths: u32,
    reserve_max: u32,
    liquidate_within: u32,
}

#[derive(Debug, Clone)]
struct Period {
    gross: [i64; 2],
    advertising: i64,
    direct: i64,
    gp: i64,
    /// Reserve the studio would like to take this period.
    take: i64,
    box_office: i64,
}

fn steps() -> impl Strategy<Value = Steps> {
    prop_oneof![
        Just(Steps::None),
        (
            1i64..2_000_000_000,
            1u32..=300,
            1i64..4_000_000_000,
            1u32..=300
        )
            .prop_map(|(a, s1, b, s2)| Steps::Above(vec![(a, s1), (a + b, s2)])),
        (
            1i64..50_000_000_000,
            1u32..=300,
            1i64..50_000_000_000,
            1u32..=300
        )
            .prop_map(|(a, s1, b, s2)| Steps::Metric(vec![(a, s1), (a + b, s2)])),
    ]
}

fn terms() -> impl Strategy<Value = Terms> {
    (
        (any::<bool>(), 1u32..=300, steps()),
        (1i64..3_000_000_000, 0u32..=500, 0u32..=500, 0u32..=500),
        (0u32..=200, any::<bool>()),
        (
            prop::option::of(0u32..=300),
            10u32..=40,
            1u32..=600,
            1u32..=6,
        ),
    )
        .prop_map(
            |(
                (after_breakeven, share, steps),
                (tier_upto, r1, r2, flat_fee),
                (overhead, overhead_on_gp),
                (breakeven_fee, multiple_tenths, reserve_max, liquidate_within),
            )| Terms {
                after_breakeven,
                share,
                steps,
                tier_upto,
                tier_rates: (r1, r2),
                flat_fee,
                overhead,
                overhead_on_gp,
                breakeven_fee,
                multiple_tenths,
                reserve_max,
                liquidate_within,
            },
        )
}

fn period() -> impl Strategy<Value = Period> {
    (
        [0i64..3_000_000_000, 0i64..1_000_000_000],
        0i64..500_000_000,
        0i64..1_500_000_000,
        0i64..100_000_000,
        0i64..400_000_000,
        0i64..10_000_000_000,
    )
        .prop_map(
            |(gross, advertising, direct, gp, take, box_office)| Period {
                gross,
                advertising,
                direct,
                gp,
                take,
                box_office,
            },
        )
}

fn contract_toml(deal: &str, t: &Terms) -> String {
    let mut s = format!(
        "[deal]\nid = \"{deal}\"\ndefinition = \"{}\"\nshare = \"{}\"\ntolerance = \"1.00\"\n\n",
        if t.after_breakeven {
            "gross_after_breakeven"
        } else {
            "net_profits"
        },
        pct(t.share)
    );
    s.push_str(&format!(
        "[distribution_fees]\ntheatrical_domestic = [ {{ upto = \"{}\", rate = \"{}\" }}, {{ rate = \"{}\" }} ]\nsvod = \"{}\"\n\n",
        dollars(t.tier_upto),
        pct(t.tier_rates.0),
        pct(t.tier_rates.1),
        pct(t.flat_fee)
    ));
    s.push_str(&format!(
        "[negative_cost]\noverhead = \"{}\"\noverhead_on = [{}]\n\n",
        pct(t.overhead),
        if t.overhead_on_gp {
            "\"nc.direct\", \"gp.total\""
        } else {
            "\"nc.direct\""
        }
    ));
    if t.after_breakeven {
        s.push_str("[breakeven]\ncosts = [\"exp.total\", \"nc.direct\"]\n");
        match t.breakeven_fee {
            Some(f) => s.push_str(&format!("fee = \"{}\"\n\n", pct(f))),
            None => s.push_str(&format!(
                "multiple = \"{}\"\n\n",
                Decimal::new(t.multiple_tenths as i64, 1).normalize()
            )),
        }
    }
    match &t.steps {
        Steps::None => {}
        Steps::Above(v) => {
            for (a, sh) in v {
                s.push_str(&format!(
                    "[[share_step]]\nabove = \"{}\"\nshare = \"{}\"\n\n",
                    dollars(*a),
                    pct(*sh)
                ));
            }
        }
        Steps::Metric(v) => {
            for (a, sh) in v {
                s.push_str(&format!(
                    "[[share_step]]\nmetric = \"memo.box_office_domestic\"\nat = \"{}\"\nshare = \"{}\"\n\n",
                    dollars(*a),
                    pct(*sh)
                ));
            }
        }
    }
    s.push_str(&format!(
        "[reserves]\nmax = \"{}\"\nliquidate_within = {}\n",
        pct(t.reserve_max),
        t.liquidate_within
    ));
    s
}

/// Inception-to-date figures of one statement, in cents.
#[derive(Debug, Clone, Default)]
struct Itd {
    gross: [i64; 2],
    reserve: i64,
    fees: [i64; 2],
    advertising: i64,
    direct: i64,
    overhead: i64,
    gp: i64,
    breakeven: i64,
    box_office: i64,
    share: i64,
    prior: i64,
    due: i64,
}

impl Itd {
    fn gr_total(&self) -> i64 {
        self.gross[0] + self.gross[1] - self.reserve
    }
    fn np(&self, t: &Terms) -> i64 {
        if t.after_breakeven {
            self.gr_total() - self.breakeven
        } else {
            self.gr_total()
                - self.fees[0]
                - self.fees[1]
                - self.advertising
                - self.direct
                - self.overhead
                - self.gp
        }
    }
}

/// The share of a base in cents with the contract's steps, rounded once.
fn share_of(t: &Terms, base: i64, box_office: i64) -> i64 {
    let base = Decimal::new(base.max(0), 2);
    let mut earned = Decimal::ZERO;
    match &t.steps {
        Steps::None => earned = rate(t.share) * base,
        Steps::Metric(v) => {
            let mut r = t.share;
            for (at, sh) in v {
                if box_office >= *at {
                    r = *sh;
                }
            }
            earned = rate(r) * base;
        }
        Steps::Above(v) => {
            let mut bounds = vec![(0i64, t.share)];
            bounds.extend(v.iter().copied());
            for (i, (from, r)) in bounds.iter().enumerate() {
                let from = Decimal::new(*from, 2);
                let to = bounds
                    .get(i + 1)
                    .map(|(a, _)| Decimal::new(*a, 2))
                    .unwrap_or(base)
                    .min(base);
                if to > from {
                    earned += rate(*r) * (to - from);
                }
            }
        }
    }
    cents(earned * Decimal::ONE_HUNDRED)
}

fn tiered(t: &Terms, gross: i64) -> i64 {
    let first = gross.min(t.tier_upto);
    let rest = (gross - t.tier_upto).max(0);
    cents(rate(t.tier_rates.0) * Decimal::from(first) + rate(t.tier_rates.1) * Decimal::from(rest))
}

fn breakeven(t: &Terms, costs: i64) -> i64 {
    let c = Decimal::from(costs);
    match t.breakeven_fee {
        Some(f) => cents(c / (Decimal::ONE - rate(f))),
        None => cents(Decimal::new(t.multiple_tenths as i64, 1) * c),
    }
}

/// Every statement's figures, each identity and each term holding.
fn series(t: &Terms, periods: &[Period]) -> Vec<Itd> {
    let mut out: Vec<Itd> = Vec::new();
    let mut prev = Itd::default();
    // Positive changes of the reserve held, one per statement.
    let mut taken: Vec<i64> = Vec::new();
    for p in periods {
        let mut k = Itd {
            gross: [prev.gross[0] + p.gross[0], prev.gross[1] + p.gross[1]],
            ..Itd::default()
        };
        let before = k.gross[0] + k.gross[1];
        let cap = cents(rate(t.reserve_max) * Decimal::from(before));
        let keep = (t.liquidate_within as usize)
            .saturating_sub(1)
            .min(taken.len());
        let window: i64 = taken[taken.len() - keep..].iter().sum();
        k.reserve = if prev.reserve <= window {
            (prev.reserve + p.take).min(cap)
        } else {
            window.min(cap)
        }
        .max(0);
        taken.push((k.reserve - prev.reserve).max(0));
        k.fees = [
            tiered(t, k.gross[0]),
            cents(rate(t.flat_fee) * Decimal::from(k.gross[1])),
        ];
        k.advertising = prev.advertising + p.advertising;
        k.direct = prev.direct + p.direct;
        k.gp = prev.gp + p.gp;
        let base = k.direct + if t.overhead_on_gp { k.gp } else { 0 };
        k.overhead = cents(rate(t.overhead) * Decimal::from(base));
        k.breakeven = breakeven(t, k.advertising + k.direct);
        k.box_office = prev.box_office + p.box_office;
        k.share = share_of(t, k.np(t), k.box_office);
        k.prior = prev.prior + prev.due;
        k.due = (k.share - k.prior).max(0);
        out.push(k.clone());
        prev = k;
    }
    out
}

fn quarter(k: usize) -> (String, String) {
    let start = chrono::NaiveDate::from_ymd_opt(2021, 1, 1).unwrap();
    let s = start
        .checked_add_months(chrono::Months::new(3 * k as u32))
        .unwrap();
    let e = s.checked_add_months(chrono::Months::new(3)).unwrap() - chrono::Days::new(1);
    (s.to_string(), e.to_string())
}

fn statement_csv(deal: &str, t: &Terms, k: usize, all: &[Itd]) -> String {
    let zero = Itd::default();
    let (cur, prev) = (&all[k], if k > 0 { &all[k - 1] } else { &zero });
    let (s, e) = quarter(k);
    let mut text = format!(
        "Title,Generated\nParticipant,P\nDeal,{deal}\nPeriod Start,{s}\nPeriod End,{e}\n\nSection,Line,Current Period,Inception To Date\n"
    );
    let mut line = |section: &str, label: &str, c: Option<i64>, i: i64| {
        text.push_str(&format!(
            "{section},{label},{},{}\n",
            c.map(amount).unwrap_or_default(),
            amount(i)
        ));
    };
    let d = |f: fn(&Itd) -> i64| (Some(f(cur) - f(prev)), f(cur));
    /// `(section, label, (current, itd))`.
    type Row<'a> = (&'a str, &'a str, (Option<i64>, i64));
    let rows: Vec<Row> = vec![
        ("Gross Receipts", "Theatrical - Domestic", d(|x| x.gross[0])),
        ("Gross Receipts", "SVOD", d(|x| x.gross[1])),
        (
            "Gross Receipts",
            "Less Reserve for Returns",
            d(|x| x.reserve),
        ),
        (
            "Gross Receipts",
            "Total Gross Receipts",
            d(|x| x.gr_total()),
        ),
        (
            "Distribution Fees",
            "Theatrical - Domestic",
            d(|x| x.fees[0]),
        ),
        ("Distribution Fees", "SVOD", d(|x| x.fees[1])),
        (
            "Distribution Fees",
            "Total Distribution Fees",
            d(|x| x.fees[0] + x.fees[1]),
        ),
        ("Distribution Expenses", "Advertising", d(|x| x.advertising)),
        (
            "Distribution Expenses",
            "Total Distribution Expenses",
            d(|x| x.advertising),
        ),
        ("Negative Cost", "Direct Cost", d(|x| x.direct)),
        ("Negative Cost", "Overhead", d(|x| x.overhead)),
        (
            "Negative Cost",
            "Total Negative Cost",
            d(|x| x.direct + x.overhead),
        ),
        ("Gross Participations", "Gross Participations", d(|x| x.gp)),
    ];
    for (section, label, (c, i)) in rows {
        line(section, label, c, i);
    }
    let np_label = if t.after_breakeven {
        "Gross After Breakeven"
    } else {
        "Net Profits (Deficit)"
    };
    line(
        "Net Profits",
        np_label,
        Some(cur.np(t) - prev.np(t)),
        cur.np(t),
    );
    line("Participant", "Participant Share", None, cur.share);
    line("Participant", "Less Previously Paid", None, cur.prior);
    line("Participant", "Amount Due", None, cur.due);
    let (c, i) = d(|x| x.box_office);
    line("Memo", "Box Office - Domestic", c, i);
    if t.after_breakeven {
        let (c, i) = d(|x| x.breakeven);
        line("Memo", "Breakeven", c, i);
    }
    text
}

fn write_deal(dir: &Path, deal: &str, t: &Terms, all: &[Itd]) -> Vec<PathBuf> {
    std::fs::create_dir_all(dir).unwrap();
    let c = dir.join("contract.toml");
    std::fs::write(&c, contract_toml(deal, t)).unwrap();
    let mut files = vec![c];
    for k in 0..all.len() {
        let p = dir.join(format!("statement-{k}.csv"));
        std::fs::write(&p, statement_csv(deal, t, k, all)).unwrap();
        files.push(p);
    }
    files
}

fn audit(paths: Vec<PathBuf>) -> recoup::Audit {
    recoup::run(
        &recoup::Options {
            paths,
            contracts: vec![],
            as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
            exclude: vec![],
            spill_budget: None,
        },
        &|| {},
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn a_clean_series_with_the_new_terms_has_no_findings(
        t in terms(),
        periods in prop::collection::vec(period(), 1..7),
    ) {
        let tmp = tempfile::tempdir().unwrap();
        let all = series(&t, &periods);
        write_deal(&tmp.path().join("deal"), "GEN-12", &t, &all);
        let a = audit(vec![tmp.path().to_path_buf()]);
        let bad: Vec<_> = a.inputs.iter().filter(|i| i.status == recoup::batch::Status::Error).collect();
        prop_assert!(bad.is_empty(), "{:?}", bad);
        prop_assert_eq!(a.statements.len(), periods.len());
        let errors: Vec<String> = a
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error || f.code.name() == "UNMAPPED-LINE")
            .map(|f| format!("{} {} {} {:?} {:?} {:?} {}", f.file, f.code.name(), f.line, f.column, f.reported, f.expected, f.message))
            .collect();
        prop_assert!(errors.is_empty(), "{}", errors.join("\n"));
        for d in &a.deals {
            prop_assert_eq!(d.claim.unwrap_or_default(), Decimal::ZERO);
        }
    }

    #[test]
    fn the_claim_does_not_depend_on_file_order(
        t in terms(),
        periods in prop::collection::vec(period(), 2..6),
        // (statement, fault, amount in cents)
        faults in prop::collection::vec((0usize..6, 0usize..4, 200i64..50_000_000), 1..4),
        seed in any::<u64>(),
    ) {
        let all = series(&t, &periods);
        let tmp = tempfile::tempdir().unwrap();
        let a_dir = tmp.path().join("a");
        let files = write_deal(&a_dir, "GEN-12", &t, &all);
        for (s, which, amount) in &faults {
            let k = s % all.len();
            let mut bad = all.clone();
            match which {
                0 => bad[k].breakeven += *amount,
                1 => bad[k].reserve += *amount,
                2 => bad[k].fees[0] += *amount,
                _ => bad[k].share -= (*amount).min(bad[k].share),
            }
            std::fs::write(&files[k + 1], statement_csv("GEN-12", &t, k, &bad)).unwrap();
        }
        let first = audit(vec![a_dir.clone()]);
        // The same files under scrambled names, given one by one in another order.
        let b_dir = tmp.path().join("b");
        let mut given = Vec::new();
        for (i, f) in files.iter().enumerate() {
            let r = seed.rotate_left(i as u32 * 7) ^ (i as u64);
            let sub = b_dir.join(format!("z{}", r % 3));
            std::fs::create_dir_all(&sub).unwrap();
            let ext = f.extension().unwrap().to_str().unwrap();
            let to = sub.join(format!("{:016x}-{i}.{ext}", r));
            std::fs::copy(f, &to).unwrap();
            given.push(to);
        }
        given.reverse();
        given.rotate_left((seed % files.len() as u64) as usize);
        let second = audit(given);
        prop_assert_eq!(first.statements.len(), second.statements.len());
        let claims = |a: &recoup::Audit| {
            a.deals
                .iter()
                .map(|d| (d.deal.clone(), d.claim, d.recomputed_np, d.recomputed_earned))
                .collect::<Vec<_>>()
        };
        prop_assert_eq!(claims(&first), claims(&second));
        let effects = |a: &recoup::Audit| {
            let mut v: Vec<String> = a
                .findings
                .iter()
                .map(|f| format!("{} {} {} {:?} {:?} {}", f.period_end, f.code.name(), f.line, f.reported, f.expected, f.np_effect))
                .collect();
            v.sort();
            v
        };
        prop_assert_eq!(effects(&first), effects(&second));
    }
}
