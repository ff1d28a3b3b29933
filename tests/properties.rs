//! Property tests (issue 6):
//! (a) an amount printed in any SPEC §2 form reads back to itself;
//! (b) a generated clean statement series, every SPEC §4 identity satisfied,
//!     audits with no error findings;
//! (c) findings do not depend on the order or the names under which the
//!     files are found.

use proptest::prelude::*;
use recoup::finding::Severity;
use recoup::money::parse_amount;
use rust_decimal::Decimal;
use std::path::{Path, PathBuf};

// ------------------------------------------------------------ (a) amounts

fn grouped(cents: u64) -> String {
    let int = (cents / 100).to_string();
    let mut out = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    format!("{out}.{:02}", cents % 100)
}

fn plain(cents: u64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

/// Every printed form of SPEC §2 for a magnitude, with the sign it means.
fn forms(cents: u64) -> Vec<(String, bool)> {
    let g = grouped(cents);
    vec![
        (g.clone(), false),
        (plain(cents), false),
        (format!("${g}"), false),
        (format!("({g})"), true),
        (format!("(${g})"), true),
        (format!("{g}-"), true),
        (format!("-{g}"), true),
        (format!("-${g}"), true),
        (format!("  {g}  "), false),
        (format!("-{}", plain(cents)), true),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn amounts_in_every_spec_form_read_back(cents in 0u64..100_000_000_000_000_000) {
        let want = Decimal::new(cents as i64, 2);
        for (text, negative) in forms(cents) {
            let got = parse_amount(&text);
            let want = if negative { -want } else { want };
            prop_assert_eq!(got, Ok(Some(want)), "{}", text);
        }
    }
}

// ------------------------------------------------- (b) a clean series

const MEDIA: [(&str, &str); 3] = [
    ("theatrical_domestic", "Theatrical - Domestic"),
    ("theatrical_foreign", "Theatrical - Foreign"),
    ("svod", "SVOD"),
];

/// Rates in whole tenths of a percent, so the contract prints them exactly.
#[derive(Debug, Clone)]
struct Terms {
    share: u32,
    fees: [u32; 3],
    adv_overhead: u32,
    overhead: u32,
}

/// One period's new business, in cents.
#[derive(Debug, Clone)]
struct Period {
    gross: [i64; 3],
    advertising: i64,
    prints: i64,
    direct: i64,
}

fn terms() -> impl Strategy<Value = Terms> {
    (
        1u32..=500,
        [0u32..=600, 0u32..=600, 0u32..=600],
        0u32..=200,
        0u32..=200,
    )
        .prop_map(|(share, fees, adv_overhead, overhead)| Terms {
            share,
            fees,
            adv_overhead,
            overhead,
        })
}

fn period() -> impl Strategy<Value = Period> {
    (
        [
            0i64..2_000_000_000,
            0i64..2_000_000_000,
            0i64..2_000_000_000,
        ],
        0i64..800_000_000,
        0i64..50_000_000,
        0i64..1_500_000_000,
    )
        .prop_map(|(gross, advertising, prints, direct)| Period {
            gross,
            advertising,
            prints,
            direct,
        })
}

fn rate(tenths: u32) -> Decimal {
    Decimal::new(tenths as i64, 3)
}

fn pct(tenths: u32) -> String {
    format!("{}%", Decimal::new(tenths as i64, 1).normalize())
}

/// Round to cents, half away from zero, as the SPEC does.
fn cents_of(d: Decimal) -> i64 {
    let r = d.round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    i64::try_from(r).unwrap()
}

/// `round(rate × amount)` in cents.
fn apply(rate_tenths: u32, amount_cents: i64) -> i64 {
    cents_of(rate(rate_tenths) * Decimal::from(amount_cents))
}

fn contract_toml(deal: &str, t: &Terms) -> String {
    let mut s = format!(
        "[deal]\nid = \"{deal}\"\ntitle = \"Generated\"\nparticipant = \"P\"\ncurrency = \"USD\"\n\
         definition = \"net_profits\"\nshare = \"{}\"\ntolerance = \"1.00\"\n\n[distribution_fees]\n",
        pct(t.share)
    );
    for (i, (m, _)) in MEDIA.iter().enumerate() {
        s.push_str(&format!("{m} = \"{}\"\n", pct(t.fees[i])));
    }
    s.push_str(&format!(
        "\n[expenses]\nadvertising_overhead = \"{}\"\n\n[negative_cost]\noverhead = \"{}\"\n\n\
         [audit]\nobjection_months = 36\nstatement_due_days = 60\n",
        pct(t.adv_overhead),
        pct(t.overhead)
    ));
    s
}

/// An amount printed in a chosen SPEC form (style 0..4).
fn money(cents: i64, style: u8) -> String {
    let g = grouped(cents.unsigned_abs());
    match (cents < 0, style % 4) {
        (false, 0) => g,
        (false, 1) => format!("${g}"),
        (false, 2) => plain(cents.unsigned_abs()),
        (false, _) => format!("{g} "),
        (true, 0) => format!("({g})"),
        (true, 1) => format!("{g}-"),
        (true, 2) => format!("-{g}"),
        (true, _) => format!("-${g}"),
    }
}

/// The ITD figures of every line after some periods, in cents.
#[derive(Debug, Clone, Default, PartialEq)]
struct Itd {
    gross: [i64; 3],
    fees: [i64; 3],
    advertising: i64,
    adv_overhead: i64,
    prints: i64,
    direct: i64,
    overhead: i64,
    share: i64,
    prior: i64,
    due: i64,
}

impl Itd {
    fn gr_total(&self) -> i64 {
        self.gross.iter().sum()
    }
    fn fee_total(&self) -> i64 {
        self.fees.iter().sum()
    }
    fn exp_total(&self) -> i64 {
        self.advertising + self.adv_overhead + self.prints
    }
    fn nc_total(&self) -> i64 {
        self.direct + self.overhead
    }
    fn np(&self) -> i64 {
        self.gr_total() - self.fee_total() - self.exp_total() - self.nc_total()
    }
}

/// The ITD of every statement of a series, every identity holding.
fn series_itd(t: &Terms, periods: &[Period]) -> Vec<Itd> {
    let mut out: Vec<Itd> = Vec::new();
    let mut prev = Itd::default();
    for p in periods {
        let mut k = Itd::default();
        for i in 0..3 {
            k.gross[i] = prev.gross[i] + p.gross[i];
            k.fees[i] = apply(t.fees[i], k.gross[i]);
        }
        k.advertising = prev.advertising + p.advertising;
        k.adv_overhead = apply(t.adv_overhead, k.advertising);
        k.prints = prev.prints + p.prints;
        k.direct = prev.direct + p.direct;
        k.overhead = apply(t.overhead, k.direct);
        k.share = apply(t.share, k.np().max(0));
        k.prior = prev.prior + prev.due;
        k.due = (k.share - k.prior).max(0);
        out.push(k.clone());
        prev = k;
    }
    out
}

fn quarter(k: usize) -> (String, String, String) {
    let start = chrono::NaiveDate::from_ymd_opt(2021, 1, 1).unwrap();
    let s = start
        .checked_add_months(chrono::Months::new(3 * k as u32))
        .unwrap();
    let e = s.checked_add_months(chrono::Months::new(3)).unwrap() - chrono::Days::new(1);
    let d = e + chrono::Days::new(30);
    (s.to_string(), e.to_string(), d.to_string())
}

/// The CSV text of statement `k`, separated by `sep`, amounts in `style`.
fn statement_csv(deal: &str, k: usize, all: &[Itd], sep: char, style: u8) -> String {
    let cur = &all[k];
    let zero = Itd::default();
    let prev = if k > 0 { &all[k - 1] } else { &zero };
    let (s, e, d) = quarter(k);
    let mut rows: Vec<Vec<String>> = vec![
        vec!["Title".into(), "Generated".into()],
        vec!["Participant".into(), "P".into()],
        vec!["Deal".into(), deal.into()],
        vec!["Period Start".into(), s],
        vec!["Period End".into(), e],
        vec!["Statement Date".into(), d],
        vec![],
        vec![
            "Section".into(),
            "Line".into(),
            "Current Period".into(),
            "Inception To Date".into(),
        ],
    ];
    let mut line = |section: &str, label: &str, c: Option<i64>, i: i64, n: usize| {
        rows.push(vec![
            section.into(),
            label.into(),
            c.map(|c| money(c, style.wrapping_add(n as u8)))
                .unwrap_or_default(),
            money(i, style.wrapping_add(n as u8 + 1)),
        ]);
    };
    let mut n = 0;
    for (i, (_, label)) in MEDIA.iter().enumerate() {
        n += 1;
        line(
            "Gross Receipts",
            label,
            Some(cur.gross[i] - prev.gross[i]),
            cur.gross[i],
            n,
        );
    }
    line(
        "Gross Receipts",
        "Total Gross Receipts",
        Some(cur.gr_total() - prev.gr_total()),
        cur.gr_total(),
        n,
    );
    for (i, (_, label)) in MEDIA.iter().enumerate() {
        n += 1;
        line(
            "Distribution Fees",
            label,
            Some(cur.fees[i] - prev.fees[i]),
            cur.fees[i],
            n,
        );
    }
    line(
        "Distribution Fees",
        "Total Distribution Fees",
        Some(cur.fee_total() - prev.fee_total()),
        cur.fee_total(),
        n,
    );
    let exp = [
        ("Advertising & Publicity", cur.advertising, prev.advertising),
        ("Advertising Overhead", cur.adv_overhead, prev.adv_overhead),
        ("Prints", cur.prints, prev.prints),
        (
            "Total Distribution Expenses",
            cur.exp_total(),
            prev.exp_total(),
        ),
    ];
    for (label, c, p) in exp {
        n += 1;
        line("Distribution Expenses", label, Some(c - p), c, n);
    }
    let nc = [
        ("Direct Cost", cur.direct, prev.direct),
        ("Overhead", cur.overhead, prev.overhead),
        ("Total Negative Cost", cur.nc_total(), prev.nc_total()),
    ];
    for (label, c, p) in nc {
        n += 1;
        line("Negative Cost", label, Some(c - p), c, n);
    }
    line(
        "Net Profits",
        "Net Profits (Deficit)",
        Some(cur.np() - prev.np()),
        cur.np(),
        n,
    );
    line("Participant", "Participant Share", None, cur.share, n);
    line("Participant", "Less Previously Paid", None, cur.prior, n);
    line("Participant", "Amount Due", None, cur.due, n);

    let sep_s = sep.to_string();
    let mut text = String::new();
    for r in rows {
        let cells: Vec<String> = r
            .into_iter()
            .map(|c| {
                if c.contains(sep) || c.contains('"') {
                    format!("\"{}\"", c.replace('"', "\"\""))
                } else {
                    c
                }
            })
            .collect();
        text.push_str(&cells.join(&sep_s));
        text.push('\n');
    }
    text
}

/// Write a deal's contract and statements; returns the files written.
fn write_deal(
    dir: &Path,
    deal: &str,
    t: &Terms,
    all: &[Itd],
    sep: char,
    style: u8,
) -> Vec<PathBuf> {
    std::fs::create_dir_all(dir).unwrap();
    let mut files = Vec::new();
    let c = dir.join("contract.toml");
    std::fs::write(&c, contract_toml(deal, t)).unwrap();
    files.push(c);
    for k in 0..all.len() {
        let p = dir.join(format!("statement-{k}.csv"));
        std::fs::write(&p, statement_csv(deal, k, all, sep, style)).unwrap();
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

fn separator() -> impl Strategy<Value = char> {
    prop_oneof![Just(','), Just(';'), Just('\t')]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn a_clean_series_has_no_error_findings(
        t in terms(),
        periods in prop::collection::vec(period(), 1..5),
        sep in separator(),
        style in any::<u8>(),
    ) {
        let tmp = tempfile::tempdir().unwrap();
        let all = series_itd(&t, &periods);
        write_deal(&tmp.path().join("deal"), "GEN-1", &t, &all, sep, style);
        let a = audit(vec![tmp.path().to_path_buf()]);
        let bad: Vec<_> = a.inputs.iter().filter(|i| i.status == recoup::batch::Status::Error).collect();
        prop_assert!(bad.is_empty(), "{:?}", bad);
        prop_assert_eq!(a.statements.len(), periods.len());
        let errors: Vec<String> = a
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error || f.code.name() == "UNMAPPED-LINE")
            .map(|f| format!("{} {} {} {:?} {:?} {:?}", f.file, f.code.name(), f.line, f.column, f.reported, f.expected))
            .collect();
        prop_assert!(errors.is_empty(), "{}", errors.join("\n"));
        // And nothing is claimed: everything earned was paid or is due.
        for d in &a.deals {
            prop_assert_eq!(d.claim.unwrap_or_default(), Decimal::ZERO);
        }
    }
}

// ------------------------------------------- (c) order independence

/// A finding without where its file happens to be.
fn key(f: &recoup::finding::Finding) -> String {
    format!(
        "{} {} {} {} {} {:?} {:?} {:?} {} {}",
        f.deal,
        f.period_end,
        f.sheet,
        f.code.name(),
        f.line,
        f.column,
        f.reported,
        f.expected,
        f.np_effect,
        f.severity.name()
    )
}

fn keys(a: &recoup::Audit) -> Vec<String> {
    let mut k: Vec<String> = a.findings.iter().map(key).collect();
    k.sort();
    k
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn findings_do_not_depend_on_discovery_order(
        t in terms(),
        periods in prop::collection::vec(period(), 2..5),
        // Errors planted in the series: (statement, line, amount in cents).
        faults in prop::collection::vec((0usize..4, 0usize..4, 200i64..5_000_000), 0..4),
        order in Just(()).prop_perturb(|_, mut rng| {
            let mut v: Vec<u64> = (0..16).map(|_| rng.next_u64()).collect();
            v.dedup();
            v
        }),
    ) {
        let all = series_itd(&t, &periods);
        let tmp = tempfile::tempdir().unwrap();
        let a_dir = tmp.path().join("a");
        let files = write_deal(&a_dir.join("deal"), "GEN-2", &t, &all, ',', 0);
        // Plant the faults by editing the printed statements.
        for (s, which, amount) in &faults {
            let k = s % all.len();
            let mut bad = all.clone();
            match which {
                0 => bad[k].fees[0] += amount,
                1 => bad[k].adv_overhead += amount,
                2 => bad[k].overhead += amount,
                _ => bad[k].due += amount,
            }
            std::fs::write(&files[k + 1], statement_csv("GEN-2", k, &bad, ',', 0)).unwrap();
        }
        let first = audit(vec![a_dir.clone()]);
        // The planted faults are found (so the comparison below means something).
        prop_assert_eq!(
            faults.is_empty(),
            !first.findings.iter().any(|f| f.severity == Severity::Error)
        );

        // The same files under shuffled names in nested folders, given one
        // by one in a shuffled order.
        let b_dir = tmp.path().join("b");
        let mut given = Vec::new();
        for (i, f) in files.iter().enumerate() {
            let r = order[i % order.len()];
            let sub = b_dir.join(format!("z{}", r % 3)).join(format!("y{}", (r >> 8) % 2));
            std::fs::create_dir_all(&sub).unwrap();
            let ext = f.extension().unwrap().to_str().unwrap();
            let to = sub.join(format!("{:016x}-{i}.{ext}", r));
            std::fs::copy(f, &to).unwrap();
            given.push(to);
        }
        given.sort_by_key(|p| {
            let s = p.to_string_lossy().into_owned();
            s.bytes().rev().fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(b as u64)) ^ order[0]
        });
        let second = audit(given);
        prop_assert_eq!(first.statements.len(), second.statements.len());
        prop_assert_eq!(keys(&first), keys(&second));
        let claims = |a: &recoup::Audit| a.deals.iter().map(|d| (d.deal.clone(), d.claim)).collect::<Vec<_>>();
        prop_assert_eq!(claims(&first), claims(&second));
    }
}
