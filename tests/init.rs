//! `recoup init`: drafts from hand-made statements (one implied rate of each
//! kind, a medium with no gross), drafts for whole portfolios whose contracts
//! were removed (the conformance corpora and sample-data), never overwriting,
//! and a folder that cannot be written.

mod common;
use common::*;
use recoup::contract::{self, Loaded};
use recoup::finding::Severity;
use recoup::money::parse_rate;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

fn recoup(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_recoup"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Two quarters of one deal. Rates the latest statement implies: fees 30%
/// (theatrical domestic, home video), 12.5% (foreign), 33.3333333% (free TV:
/// only that many digits reproduce 1,000,000.00 on 3,000,000.00), 25% within
/// the tolerance (TVOD: 250,000.40 on 1,000,000.00); a 5,000.00 fee on SVOD
/// with no gross; pay TV with gross and no fee; royalty 20%, advertising
/// overhead 10%, overhead 15%, interest 8% on direct cost less the first
/// statement's recoupment (1,334,890.41 × 8% × 91 ÷ 365 = 26,624.66), share
/// 5% of 12,658,484.53 = 632,924.23.
const ST1: &str = "Title,The Test Picture\nParticipant,Pat Doe\nDeal,T-1\nPeriod Start,2024-01-01\nPeriod End,2024-03-31\nStatement Date,2024-05-15\nCurrency,USD\n\nSection,Line,Current Period,Inception To Date\nGross Receipts,Theatrical - Domestic,600000.00,600000.00\nGross Receipts,Theatrical - Foreign,200000.00,200000.00\nGross Receipts,Home Video - Domestic,100000.00,100000.00\nGross Receipts,Pay Television,100000.00,100000.00\nGross Receipts,TVOD,100000.00,100000.00\nGross Receipts,Total Gross Receipts,1100000.00,1100000.00\nDistribution Fees,Theatrical - Domestic,180000.00,180000.00\nDistribution Fees,Theatrical - Foreign,25000.00,25000.00\nDistribution Fees,Home Video - Domestic,30000.00,30000.00\nDistribution Fees,TVOD,25000.00,25000.00\nDistribution Fees,Total Distribution Fees,260000.00,260000.00\nDistribution Expenses,Advertising,100000.00,100000.00\nDistribution Expenses,Advertising Overhead,10000.00,10000.00\nDistribution Expenses,Prints,20000.00,20000.00\nDistribution Expenses,Festival Costs,5000.00,5000.00\nDistribution Expenses,Total Distribution Expenses,135000.00,135000.00\nNegative Cost,Direct Cost,2000000.00,2000000.00\nNegative Cost,Overhead,300000.00,300000.00\nNegative Cost,Total Negative Cost,2300000.00,2300000.00\nInterest,Interest,39890.41,39890.41\nNet Profits,Net Profits (Deficit),-1634890.41,-1634890.41\nParticipant,Participant Share,,0.00\nParticipant,Less Previously Paid,,0.00\nParticipant,Amount Due,,0.00\nMemo,Home Video Wholesale - Domestic,500000.00,500000.00\nMemo,Box Office - Domestic,5000000.00,5000000.00\n";
const ST2: &str = "Title,The Test Picture\nParticipant,Pat Doe\nDeal,T-1\nPeriod Start,2024-04-01\nPeriod End,2024-06-30\nStatement Date,2024-08-15\nCurrency,USD\n\nSection,Line,Current Period,Inception To Date\nGross Receipts,Theatrical - Domestic,9400000.00,10000000.00\nGross Receipts,Theatrical - Foreign,3800000.00,4000000.00\nGross Receipts,Home Video - Domestic,100000.00,200000.00\nGross Receipts,Pay Television,1900000.00,2000000.00\nGross Receipts,Free Television,3000000.00,3000000.00\nGross Receipts,TVOD,900000.00,1000000.00\nGross Receipts,SVOD,0.00,0.00\nGross Receipts,Total Gross Receipts,19100000.00,20200000.00\nDistribution Fees,Theatrical - Domestic,2820000.00,3000000.00\nDistribution Fees,Theatrical - Foreign,475000.00,500000.00\nDistribution Fees,Home Video - Domestic,30000.00,60000.00\nDistribution Fees,Free Television,1000000.00,1000000.00\nDistribution Fees,TVOD,225000.40,250000.40\nDistribution Fees,SVOD,5000.00,5000.00\nDistribution Fees,Total Distribution Fees,4555000.40,4815000.40\nDistribution Expenses,Advertising,100000.00,200000.00\nDistribution Expenses,Advertising Overhead,10000.00,20000.00\nDistribution Expenses,Prints,10000.00,30000.00\nDistribution Expenses,Festival Costs,5000.00,10000.00\nDistribution Expenses,Total Distribution Expenses,125000.00,260000.00\nNegative Cost,Direct Cost,0.00,2000000.00\nNegative Cost,Overhead,0.00,300000.00\nNegative Cost,Total Negative Cost,0.00,2300000.00\nInterest,Interest,26624.66,66515.07\nGross Participations,Gross Participations,100000.00,100000.00\nNet Profits,Net Profits (Deficit),14293374.94,12658484.53\nParticipant,Participant Share,,632924.23\nParticipant,Less Previously Paid,,0.00\nParticipant,Amount Due,,632924.23\nMemo,Home Video Wholesale - Domestic,500000.00,1000000.00\nMemo,Box Office - Domestic,20000000.00,25000000.00\n";

fn table(text: &str) -> toml::Table {
    toml::from_str(text).unwrap()
}

fn get<'a>(t: &'a toml::Table, path: &str) -> Option<&'a toml::Value> {
    let mut parts = path.split('.');
    let mut v = t.get(parts.next()?)?;
    for p in parts {
        v = v.get(p)?;
    }
    Some(v)
}

fn s<'a>(t: &'a toml::Table, path: &str) -> &'a str {
    get(t, path)
        .and_then(|v| v.as_str())
        .unwrap_or_else(|| panic!("{path} missing"))
}

#[test]
fn every_implied_rate_from_hand_made_statements() {
    let dir = folder(&[("q1.csv", ST1), ("q2.csv", ST2)]);
    let d = dir.path().to_str().unwrap();
    let (code, out, err) = recoup(&["init", d]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("T-1: wrote"), "{out}");
    let text = std::fs::read_to_string(dir.path().join("T-1.draft.toml")).unwrap();
    let t = table(&text);
    assert_eq!(s(&t, "deal.id"), "T-1");
    assert_eq!(s(&t, "deal.title"), "The Test Picture");
    assert_eq!(s(&t, "deal.participant"), "Pat Doe");
    assert_eq!(s(&t, "deal.currency"), "USD");
    assert_eq!(s(&t, "deal.definition"), "net_profits");
    assert_eq!(s(&t, "deal.share"), "5%");
    assert_eq!(s(&t, "distribution_fees.theatrical_domestic"), "30%");
    assert_eq!(s(&t, "distribution_fees.theatrical_foreign"), "12.5%");
    assert_eq!(s(&t, "distribution_fees.home_video_domestic"), "30%");
    assert_eq!(s(&t, "distribution_fees.free_tv"), "33.3333333%");
    assert_eq!(s(&t, "distribution_fees.tvod"), "25%");
    // No gross: no rate, said so, no division by zero. No fee: not listed.
    assert!(get(&t, "distribution_fees.svod").is_none());
    assert!(get(&t, "distribution_fees.pay_tv").is_none());
    let svod = text.lines().find(|l| l.starts_with("# svod")).unwrap();
    assert!(
        svod.contains("5,000.00 with no gross receipts") && svod.contains("no rate can be implied"),
        "{svod}"
    );
    let tvod = text.lines().find(|l| l.starts_with("tvod")).unwrap();
    assert!(tvod.contains("within the tolerance"), "{tvod}");
    assert_eq!(s(&t, "gross_receipts.royalty.home_video_domestic"), "20%");
    assert_eq!(s(&t, "expenses.advertising_overhead"), "10%");
    assert_eq!(s(&t, "negative_cost.overhead"), "15%");
    assert_eq!(s(&t, "interest.rate"), "8%");
    assert_eq!(
        get(&t, "interest.on_overhead").and_then(|v| v.as_bool()),
        Some(false)
    );
    assert_eq!(
        get(&t, "deductions.gross_participations").and_then(|v| v.as_bool()),
        Some(true)
    );
    let line = text
        .lines()
        .find(|l| l.starts_with("theatrical_foreign"))
        .unwrap();
    assert!(
        line.contains("implied by the statements")
            && line.contains("CONFIRM against the agreement")
            && line.contains("500,000.00")
            && line.contains("4,000,000.00"),
        "{line}"
    );
    // The unmapped label has its [aliases] stub, commented; the bonus metric too.
    assert!(
        text.contains("# \"Festival Costs\" = \"exp.KIND\"   # UNMAPPED in Distribution Expenses (10,000.00 to date on 2024-06-30)"),
        "{text}"
    );
    assert!(text.contains("# metric = \"memo.box_office_domestic\""));
    assert!(text.contains("`recoup check` accepts this file"));
    assert!(text.contains("Change first: deal.share and deal.definition"));
    // The header names the one contract check the studio's figures fail.
    assert!(
        text.contains("fail with the terms as drafted (the studio's own figures, its wider bases left out):\n#   FEE-UNAUTHORIZED fee.svod: A distribution fee of 5,000.00 was charged on SVOD"),
        "{text}"
    );

    // check accepts it as it stands: the contract checks pass on the latest
    // statement, except the fee no rate could be implied for.
    let a = audit(dir.path());
    assert!(
        a.inputs
            .iter()
            .all(|i| i.status != recoup::batch::Status::Error),
        "{:?}",
        a.inputs
    );
    assert!(a.contracts.contains_key("T-1"));
    let contract_findings: Vec<String> = a
        .findings
        .iter()
        .filter(|f| f.code.kind() == "C" && f.severity == Severity::Error)
        .map(brief)
        .collect();
    assert_eq!(
        contract_findings,
        vec!["FEE-UNAUTHORIZED fee.svod itd 5000.00 0.00 5000.00"]
    );
}

#[test]
fn running_twice_leaves_the_first_drafts_untouched() {
    let dir = folder(&[("q1.csv", ST1), ("q2.csv", ST2)]);
    let d = dir.path().to_str().unwrap();
    assert_eq!(recoup(&["init", d]).0, 0);
    let path = dir.path().join("T-1.draft.toml");
    std::fs::write(
        &path,
        std::fs::read_to_string(&path).unwrap() + "# edited\n",
    )
    .unwrap();
    let before = std::fs::read(&path).unwrap();
    let (code, out, _) = recoup(&["init", d]);
    assert_eq!(code, 0);
    assert!(
        out.contains("T-1: already has a draft contract") && out.contains("left untouched"),
        "{out}"
    );
    assert!(out.contains("No draft written"), "{out}");
    assert_eq!(std::fs::read(&path).unwrap(), before);

    // With --out outside the statements: the file is there, not replaced.
    let out_dir = tempfile::tempdir().unwrap();
    let src = folder(&[("q1.csv", ST1), ("q2.csv", ST2)]);
    let (o, sd) = (
        out_dir.path().to_str().unwrap(),
        src.path().to_str().unwrap(),
    );
    assert_eq!(recoup(&["init", sd, "--out", o]).0, 0);
    let drafted = out_dir.path().join("T-1.draft.toml");
    std::fs::write(&drafted, "# mine\n").unwrap();
    let (code, out, _) = recoup(&["init", sd, "--out", o]);
    assert_eq!(code, 0);
    assert!(
        out.contains("already exists; left untouched (init never overwrites a file)"),
        "{out}"
    );
    assert_eq!(std::fs::read_to_string(&drafted).unwrap(), "# mine\n");
    // Only the draft: no temporary file left behind.
    let names: Vec<String> = std::fs::read_dir(out_dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["T-1.draft.toml"]);
}

#[test]
fn a_folder_that_cannot_be_written_is_exit_2_with_nothing_written() {
    let dir = folder(&[("q1.csv", ST1), ("q2.csv", ST2), ("file.txt", "x")]);
    // A folder inside a file can never be made, whoever runs the test.
    let bad = dir.path().join("file.txt").join("drafts");
    let (code, out, err) = recoup(&[
        "init",
        dir.path().to_str().unwrap(),
        "--out",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.contains("cannot write") && err.contains("T-1.draft.toml"),
        "{err}"
    );
    assert!(out.contains("nothing written for it"), "{out}");

    // A read-only folder (where permissions bind: not for root).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let ro = folder(&[("q1.csv", ST1), ("q2.csv", ST2)]);
        std::fs::set_permissions(ro.path(), std::fs::Permissions::from_mode(0o555)).unwrap();
        if std::fs::write(ro.path().join("probe"), "x").is_ok() {
            let _ = std::fs::remove_file(ro.path().join("probe"));
            common::skipped("read-only folder (permissions do not bind this user)");
        } else {
            let (code, _, err) = recoup(&["init", ro.path().to_str().unwrap()]);
            assert_eq!(code, 2, "{err}");
            assert!(err.contains("cannot write"), "{err}");
            let names: Vec<_> = std::fs::read_dir(ro.path()).unwrap().collect();
            assert_eq!(names.len(), 2, "only the two statements");
        }
        std::fs::set_permissions(ro.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}

// ---------------------------------------------------------------------------
// Whole portfolios with every contract removed.

/// Copy a folder, leaving out every contract.
fn copy_without_contracts(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let p = e.path();
        let target = to.join(e.file_name());
        if p.is_dir() {
            copy_without_contracts(&p, &target);
        } else if p.extension().and_then(|x| x.to_str()) != Some("toml") {
            std::fs::copy(&p, &target).unwrap();
        }
    }
}

/// The contracts of a portfolio, as TOML tables by deal id.
fn contracts_of(dir: &Path, out: &mut BTreeMap<String, toml::Table>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            contracts_of(&p, out);
        } else if p.extension().and_then(|x| x.to_str()) == Some("toml") {
            let t = table(&std::fs::read_to_string(&p).unwrap());
            if let Some(id) = get(&t, "deal.id").and_then(|v| v.as_str()) {
                out.insert(id.to_string(), t);
            }
        }
    }
}

/// Draft every deal of `corpus` (contracts removed), check the drafts, and
/// compare the implied fee rates with the real contracts. Returns how many
/// fee rates were compared.
fn drafts_for(corpus: &Path, truth: &Path) -> usize {
    let work = tempfile::tempdir().unwrap();
    let copy = work.path().join("portfolio");
    copy_without_contracts(corpus, &copy);
    let truth: Value = serde_json::from_str(&std::fs::read_to_string(truth).unwrap()).unwrap();
    let deals: BTreeSet<String> = truth["statements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["deal"].as_str().unwrap().to_string())
        .collect();

    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let report = recoup::init::run(
        &recoup::init::Options {
            paths: vec![copy.clone()],
            out: None,
            today,
        },
        &|| {},
    );
    let mut written: BTreeMap<String, PathBuf> = BTreeMap::new();
    for o in &report.outcomes {
        match o {
            recoup::init::Outcome::Written { deal, path, .. } => {
                written.insert(deal.clone(), path.clone());
            }
            other => panic!("{}: not written: {other:?}", corpus.display()),
        }
    }
    assert_eq!(
        written.keys().cloned().collect::<BTreeSet<_>>(),
        deals,
        "one draft per deal"
    );
    for (deal, path) in &written {
        let text = std::fs::read_to_string(path).unwrap();
        match contract::parse(&path.display().to_string(), &text) {
            Ok(Loaded::Contract(c)) => assert_eq!(&c.id, deal),
            other => panic!("{}: {other:?}", path.display()),
        }
    }

    // check with the drafts: no contract error, and no contract check fails
    // on a deal's latest statement, but a fee no rate could be implied for.
    let a = audit_at(&copy, "2026-11-25");
    let bad: Vec<&recoup::batch::Input> = a
        .inputs
        .iter()
        .filter(|i| i.kind == "contract" && i.status != recoup::batch::Status::Ok)
        .collect();
    assert!(bad.is_empty(), "{bad:?}");
    assert_eq!(a.contracts.len(), deals.len());
    let mut latest: BTreeMap<&str, &recoup::statement::Statement> = BTreeMap::new();
    for st in &a.statements {
        let e = latest.entry(st.deal.as_str()).or_insert(st);
        if (st.period_end, st.period_start) > (e.period_end, e.period_start) {
            *e = st;
        }
    }
    // A base wider than the default that only the studio's practice shows
    // (interest on overhead, overhead in the breakeven) is commented in the
    // draft with the figure `check` then flags: that finding, and only it,
    // is expected on the latest statement.
    let practice = |f: &recoup::finding::Finding| {
        let text = std::fs::read_to_string(&written[&f.deal]).unwrap();
        let what = match f.code.name() {
            "INTEREST" => "ceiling",
            "BREAKEVEN" => "breakeven",
            _ => return false,
        };
        let (Some(r), Some(e)) = (f.reported, f.expected) else {
            return false;
        };
        let figure = format!(
            "the {what} on {} is {} against {} printed",
            f.period_end,
            recoup::money::fmt_human(e),
            recoup::money::fmt_human(r)
        );
        text.lines()
            .any(|l| l.starts_with("# ") && l.contains("STUDIO'S PRACTICE"))
            && text.contains(&figure)
    };
    let on_latest: Vec<String> = a
        .findings
        .iter()
        .filter(|f| f.code.kind() == "C" && f.severity == Severity::Error)
        .filter(|f| f.code.name() != "FEE-UNAUTHORIZED")
        .filter(|f| {
            let l = latest[f.deal.as_str()];
            l.file == f.file && l.sheet == f.sheet
        })
        .filter(|f| !practice(f))
        .map(|f| format!("{} {}", f.deal, brief(f)))
        .collect();
    assert!(on_latest.is_empty(), "{on_latest:#?}");

    // The implied fee rates are the contracts' wherever the latest statement
    // printed the fee right (no FEE-RATE finding in the truth on that line).
    let wrong: BTreeSet<(String, String, String)> = truth["errors"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["code"] == "FEE-RATE" || e["code"] == "FEE-UNAUTHORIZED")
        .map(|e| {
            (
                e["file"].as_str().unwrap().to_string(),
                e["sheet"].as_str().unwrap().to_string(),
                e["line"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let mut originals = BTreeMap::new();
    contracts_of(corpus, &mut originals);
    let mut compared = 0;
    let mut differ = Vec::new();
    for (deal, path) in &written {
        let Some(orig) = originals.get(deal) else {
            continue; // a deal that had no contract to begin with
        };
        let draft = table(&std::fs::read_to_string(path).unwrap());
        let st = latest[deal.as_str()];
        for line in st.lines.iter().filter(|l| {
            l.code.starts_with("fee.")
                && l.kind == recoup::statement::LineKind::Item
                && l.itd.is_some()
        }) {
            let medium = &line.code[4..];
            let gross = st.sum(&format!("gr.{medium}"), recoup::statement::Column::Itd);
            // A fee or gross printed in another currency implies no rate.
            let foreign = st
                .lines
                .iter()
                .filter(|l| l.code == line.code || l.code == format!("gr.{medium}"))
                .any(|l| st.is_foreign(l.row));
            if !gross.is_some_and(|g| !g.is_zero())
                || foreign
                || wrong.contains(&(st.file.clone(), st.sheet.clone(), line.code.clone()))
            {
                continue;
            }
            let want = get(orig, &format!("distribution_fees.{medium}"))
                .and_then(|v| v.as_str())
                .and_then(parse_rate);
            let got = get(&draft, &format!("distribution_fees.{medium}"))
                .and_then(|v| v.as_str())
                .and_then(parse_rate);
            if want.is_none() {
                // Tiers: when the draft writes tiers too, they are the contract's.
                let key = format!("distribution_fees.{medium}");
                if let (Some(w @ toml::Value::Array(_)), Some(g @ toml::Value::Array(_))) =
                    (get(orig, &key), get(&draft, &key))
                {
                    compared += 1;
                    if w != g {
                        differ.push(format!("{deal} {medium}: contract {w}, draft {g}"));
                    }
                }
                continue;
            }
            compared += 1;
            if want != got {
                differ.push(format!("{deal} {medium}: contract {want:?}, draft {got:?}"));
            }
        }
    }
    assert!(differ.is_empty(), "{differ:#?}");
    eprintln!(
        "{}: {} drafts, {compared} fee rates equal to the contracts'",
        corpus.display(),
        written.len()
    );
    compared
}

fn shared(name: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/conformance")
        .join(name);
    dir.join("truth.json").is_file().then_some(dir)
}

#[test]
fn drafts_for_the_carried_conformance_subset() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/conformance");
    let n = drafts_for(&dir, &dir.join("truth.json"));
    assert!(n >= 40, "only {n} fee rates compared");
}

#[test]
fn drafts_for_sample_data() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    drafts_for(&dir, &dir.join("expected.json"));
}

#[test]
fn drafts_for_the_shared_tidy_corpus() {
    let Some(dir) = shared("tidy") else {
        common::skipped("../shared/conformance/tidy is not present (it is in CI)");
        return;
    };
    let n = drafts_for(&dir, &dir.join("truth.json"));
    assert!(n >= 150, "only {n} fee rates compared");
}

#[test]
fn drafts_for_the_shared_messy_corpus() {
    let Some(dir) = shared("messy") else {
        common::skipped("../shared/conformance/messy is not present (it is in CI)");
        return;
    };
    let n = drafts_for(&dir, &dir.join("truth.json"));
    assert!(n >= 150, "only {n} fee rates compared");
}

/// A TV series statement: license fees with no distribution fee, an
/// international fee of 35%, production cost and overhead, MAGR as the base.
const TV: &str = "Program,Harbour Nights\nPayee,Sam Lee\nAgreement No.,TV-1\nPeriod,01/01/2024 - 06/30/2024\nStatement Date,2024-08-15\n\nSection,Line,Current Period,Inception To Date\nGross Receipts,License Fees,5000000.00,5000000.00\nGross Receipts,International Television,2000000.00,2000000.00\nGross Receipts,Total Gross Receipts,7000000.00,7000000.00\nDistribution Fees,International Television,700000.00,700000.00\nDistribution Fees,Total Distribution Fees,700000.00,700000.00\nDistribution Expenses,Residuals,300000.00,300000.00\nDistribution Expenses,Total Distribution Expenses,300000.00,300000.00\nNegative Cost,Production Cost,4000000.00,4000000.00\nNegative Cost,Overhead,600000.00,600000.00\nNegative Cost,Total Negative Cost,4600000.00,4600000.00\nMAGR,Modified Adjusted Gross Receipts,1400000.00,1400000.00\nParticipant,Participant Share,,35000.00\nParticipant,Amount Due,,35000.00\n";

#[test]
fn a_magr_statement_drafts_as_net_profits_with_tv_media() {
    let dir = folder(&[("tv.csv", TV)]);
    let (code, out, err) = recoup(&["init", dir.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    let text = std::fs::read_to_string(dir.path().join("TV-1.draft.toml")).unwrap();
    let t = table(&text);
    assert_eq!(s(&t, "deal.title"), "Harbour Nights");
    assert_eq!(s(&t, "deal.participant"), "Sam Lee");
    assert_eq!(s(&t, "deal.definition"), "net_profits");
    let def = text.lines().find(|l| l.starts_with("definition")).unwrap();
    assert!(def.contains("MAGR statement, net-profits shaped"), "{def}");
    assert_eq!(s(&t, "deal.share"), "2.5%");
    assert_eq!(s(&t, "distribution_fees.tv_foreign"), "35%");
    assert!(get(&t, "distribution_fees.tv_license").is_none());
    assert!(text.contains("# tv_license = \"0%\"   # receipts printed, no fee charged"));
    assert_eq!(s(&t, "negative_cost.overhead"), "15%");
    let a = audit(dir.path());
    assert!(a.contracts.contains_key("TV-1"));
    let errors: Vec<String> = errors(&a).into_iter().map(brief).collect();
    assert!(errors.is_empty(), "{errors:?}");
}

/// Gross after breakeven: a breakeven of 3 × direct cost printed in the memo.
const BE: &str = "Title,Night Train\nParticipant,Ann Roe\nDeal,BE-1\nPeriod Start,2024-01-01\nPeriod End,2024-06-30\nStatement Date,2024-08-15\n\nSection,Line,Current Period,Inception To Date\nGross Receipts,Theatrical - Domestic,10000000.00,10000000.00\nGross Receipts,Total Gross Receipts,10000000.00,10000000.00\nDistribution Fees,Theatrical - Domestic,3000000.00,3000000.00\nDistribution Fees,Total Distribution Fees,3000000.00,3000000.00\nDistribution Expenses,Advertising,1500000.00,1500000.00\nDistribution Expenses,Total Distribution Expenses,1500000.00,1500000.00\nNegative Cost,Direct Cost,2000000.00,2000000.00\nNegative Cost,Total Negative Cost,2000000.00,2000000.00\nNet Profits,Gross Receipts in Excess of Breakeven,4000000.00,4000000.00\nParticipant,Participant Share,,200000.00\nParticipant,Amount Due,,200000.00\nMemo,Breakeven,6000000.00,6000000.00\n";

#[test]
fn a_printed_breakeven_drafts_gross_after_breakeven() {
    let dir = folder(&[("be.csv", BE)]);
    let (code, out, err) = recoup(&["init", dir.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    let text = std::fs::read_to_string(dir.path().join("BE-1.draft.toml")).unwrap();
    let t = table(&text);
    assert_eq!(s(&t, "deal.share"), "5%");
    assert_eq!(s(&t, "distribution_fees.theatrical_domestic"), "30%");
    let def = text.lines().find(|l| l.starts_with("definition")).unwrap();
    assert!(
        def.contains("the statements print a breakeven (6,000,000.00 on 2024-06-30)"),
        "{def}"
    );
    // The costs and multiple that reproduce it: 3 × direct cost.
    let costs = text.lines().find(|l| l.contains("costs = [")).unwrap();
    assert!(costs.contains("costs = [\"nc.direct\"]"), "{costs}");
    assert!(text.contains("multiple = \"3\""), "{text}");
    let probe = "[deal]\nid = \"p\"\ndefinition = \"gross_after_breakeven\"\nshare = \"1%\"\n[breakeven]\ncosts = [\"nc.direct\"]\nmultiple = \"3\"\n";
    if matches!(contract::parse("probe", probe), Ok(Loaded::Contract(_))) {
        assert_eq!(s(&t, "deal.definition"), "gross_after_breakeven");
        assert_eq!(s(&t, "breakeven.multiple"), "3");
        let a = audit(dir.path());
        let errors: Vec<String> = errors(&a).into_iter().map(brief).collect();
        assert!(errors.is_empty(), "{errors:?}");
    } else {
        // A build without the term: the draft falls back, and says why.
        assert_eq!(s(&t, "deal.definition"), "net_profits");
        assert!(def.contains("this version of recoup refuses"), "{def}");
        assert!(get(&t, "breakeven").is_none());
    }
}

#[test]
fn fees_printed_only_as_a_total_stay_unchecked_and_a_broken_contract_is_not_redrafted() {
    let total_only = edit(
        ST2,
        &[
            ("Distribution Fees,Theatrical - Domestic,2820000.00,3000000.00\nDistribution Fees,Theatrical - Foreign,475000.00,500000.00\nDistribution Fees,Home Video - Domestic,30000.00,60000.00\nDistribution Fees,Free Television,1000000.00,1000000.00\nDistribution Fees,TVOD,225000.40,250000.40\nDistribution Fees,SVOD,5000.00,5000.00\n", ""),
            ("Deal,T-1", "Deal,T-2"),
        ],
    );
    let broken =
        "[deal]\nid = \"T-1\"\ndefinition = \"net_profits\"\nshare = \"5%\"\nno_such_key = 1\n";
    let dir = folder(&[
        ("q2.csv", &total_only),
        ("t1/q1.csv", ST1),
        ("t1/contract.toml", broken),
    ]);
    let (code, out, err) = recoup(&["init", dir.path().to_str().unwrap()]);
    // The broken contract is an input error (exit 3), named on stderr.
    assert_eq!(code, 3, "{out}{err}");
    assert!(err.contains("contract.toml"), "{err}");
    assert!(
        out.contains("T-1: its contract t1/contract.toml does not parse"),
        "{out}"
    );
    assert!(!dir.path().join("t1/T-1.draft.toml").exists());
    let text = std::fs::read_to_string(dir.path().join("T-2.draft.toml")).unwrap();
    assert!(
        text.contains("distribution fees only as a total (4,815,000.40 to date on 2024-06-30)"),
        "{text}"
    );
    assert!(text.contains("# [distribution_fees]"), "{text}");
    assert!(text.contains(
        "# theatrical_domestic = \"?%\"   # receipts printed; its fee is inside the total"
    ));
    assert!(get(&table(&text), "distribution_fees").is_none());
}

/// A gross deal: the base is gross receipts (after a reserve) less residuals
/// and trade dues only, though fees and advertising are printed too.
const GROSS: &str = "Title,Low Tide\nParticipant,Kim Park\nDeal,G-1\nPeriod Start,2024-01-01\nPeriod End,2024-06-30\nStatement Date,2024-08-15\n\nSection,Line,Current Period,Inception To Date\nGross Receipts,Theatrical - Domestic,1000000.00,1000000.00\nGross Receipts,Less Reserve for Returns,100000.00,100000.00\nGross Receipts,Total Gross Receipts,900000.00,900000.00\nDistribution Fees,Theatrical - Domestic,300000.00,300000.00\nDistribution Fees,Total Distribution Fees,300000.00,300000.00\nDistribution Expenses,Advertising,200000.00,200000.00\nDistribution Expenses,Residuals,50000.00,50000.00\nDistribution Expenses,Trade Association Dues,10000.00,10000.00\nDistribution Expenses,Total Distribution Expenses,260000.00,260000.00\nNet Profits,Participation Base,840000.00,840000.00\nParticipant,Participant Share,,84000.00\nParticipant,Amount Due,,84000.00\n";

#[test]
fn a_gross_deal_is_guessed_with_its_off_the_top_lines_and_the_reserve_noted() {
    let dir = folder(&[("g.csv", GROSS)]);
    let (code, out, err) = recoup(&["init", dir.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    let text = std::fs::read_to_string(dir.path().join("G-1.draft.toml")).unwrap();
    let t = table(&text);
    assert_eq!(s(&t, "deal.definition"), "gross");
    let off: Vec<&str> = get(&t, "deductions.off_the_top")
        .and_then(|v| v.as_array())
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert_eq!(off, vec!["exp.residuals", "exp.trade_dues"]);
    assert_eq!(s(&t, "deal.share"), "10%");
    assert_eq!(s(&t, "distribution_fees.theatrical_domestic"), "30%");
    let max = text.lines().find(|l| l.starts_with("# max = ")).unwrap();
    assert!(
        max.contains(
            "the reserve held on 2024-06-30 is 100,000.00, 10% of gross receipts before it"
        ),
        "{max}"
    );
    let a = audit(dir.path());
    let errors: Vec<String> = errors(&a).into_iter().map(brief).collect();
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn nothing_to_read_is_exit_2_and_writes_nothing() {
    let dir = folder(&[("notes.txt", "no statements here")]);
    let (code, out, err) = recoup(&["init", dir.path().to_str().unwrap()]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.contains("no statement could be read; no draft written"),
        "{err}"
    );
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1);
}

#[test]
fn a_prime_based_rate_is_recognised_with_the_base_the_studio_used() {
    // The Harbour Light: the agreement says prime + 1% on direct cost; the
    // studio charges exactly that rule's ceiling, but on direct cost and
    // overhead. The draft says what the studio did; the user corrects it.
    let work = tempfile::tempdir().unwrap();
    let copy = work.path().join("harbour-light");
    copy_without_contracts(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/harbour-light"),
        &copy,
    );
    let (code, out, err) = recoup(&["init", copy.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    let text = std::fs::read_to_string(copy.join("MP-2022-0147.draft.toml")).unwrap();
    let t = table(&text);
    assert_eq!(s(&t, "interest.rate"), "prime + 1%");
    // The wider base is the studio's practice, not a term: commented, with
    // what it is worth and the question; the default stands.
    assert_eq!(
        get(&t, "interest.on_overhead").and_then(|v| v.as_bool()),
        Some(false)
    );
    let wide = text
        .lines()
        .find(|l| l.starts_with("# on_overhead = true"))
        .unwrap();
    assert!(
        wide.contains("STUDIO'S PRACTICE")
            && wide.contains("on direct cost alone (the default) the ceiling on 2025-06-30 is 0.00 against 6,118.59 printed, 6,118.59 more")
            && wide.contains("CONFIRM: does the agreement charge interest on overhead?"),
        "{wide}"
    );
    let rate = text.lines().find(|l| l.starts_with("rate = ")).unwrap();
    assert!(
        rate.contains("the interest printed on 2025-06-30 is exactly this rule's ceiling"),
        "{rate}"
    );
    // And the studio's other rates, as printed: foreign theatrical at 40%
    // (the agreement says 35%), overhead at 15% (12.5%).
    assert_eq!(s(&t, "distribution_fees.theatrical_foreign"), "40%");
    assert_eq!(s(&t, "negative_cost.overhead"), "15%");
}

#[test]
fn drafts_for_the_shared_terms_corpus() {
    let Some(dir) = shared("terms") else {
        common::skipped("../shared/conformance/terms is not present (it is in CI)");
        return;
    };
    let n = drafts_for(&dir, &dir.join("truth.json"));
    assert!(n >= 100, "only {n} fee rates compared");
}

/// `init` on sample-data with its contracts removed, then `check` on the
/// drafts: no draft term makes a planted overcharge disappear, every base
/// wider than the default is commented, placeholders look like
/// placeholders, and every report says DRAFT TERMS first.
#[test]
fn drafts_never_take_the_studios_practice_for_a_term() {
    use std::io::Read;
    let work = tempfile::tempdir().unwrap();
    let copy = work.path().join("sample-data");
    copy_without_contracts(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data"),
        &copy,
    );
    std::fs::remove_file(copy.join("expected.json")).unwrap();
    let (code, out, err) = recoup(&["init", copy.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    let draft = |dir: &str, deal: &str| {
        std::fs::read_to_string(copy.join(dir).join(format!("{deal}.draft.toml"))).unwrap()
    };

    // Interest on overhead (Harbour Light, Ironwood): commented, the default
    // live, the figure it is worth and the question.
    for (dir, deal, figure) in [
        (
            "harbour-light",
            "MP-2022-0147",
            "is 0.00 against 6,118.59 printed, 6,118.59 more",
        ),
        (
            "ironwood",
            "PCF-IW-2023-07",
            "is 705,951.61 against 789,129.69 printed, 83,178.08 more",
        ),
    ] {
        let text = draft(dir, deal);
        let t = table(&text);
        assert_eq!(
            get(&t, "interest.on_overhead").and_then(|v| v.as_bool()),
            Some(false),
            "{deal}"
        );
        let wide = text
            .lines()
            .find(|l| l.starts_with("# on_overhead = true"))
            .unwrap();
        assert!(
            wide.contains(figure)
                && wide.contains("CONFIRM: does the agreement charge interest on overhead?"),
            "{deal}: {wide}"
        );
    }
    // Overhead among the breakeven costs (The Night Ferry): direct cost
    // live, nc.total commented with the overhead it holds.
    let text = draft("night-ferry", "BWF-2021-IM");
    let t = table(&text);
    let costs: Vec<&str> = get(&t, "breakeven.costs")
        .and_then(|v| v.as_array())
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(costs, ["exp.total", "nc.direct"]);
    let wide = text
        .lines()
        .find(|l| l.starts_with("# costs = [\"exp.total\", \"nc.total\"]"))
        .unwrap();
    assert!(
        wide.contains("because nc.total includes 3,600,000.00 of overhead")
            && wide.contains("CONFIRM: does the agreement count overhead as a breakeven cost?"),
        "{wide}"
    );
    // Placeholders: no real-looking figure in a stub; a share step stub
    // where the base is in profit (The Long Season's unapplied step).
    let all: String = [
        "aldmoor",
        "cafe-solitaire",
        "copper-canyon-road",
        "harbour-light",
        "ironwood",
        "long-season",
        "night-ferry",
        "saltmarsh",
    ]
    .iter()
    .flat_map(|d| std::fs::read_dir(copy.join(d)).unwrap())
    .map(|e| e.unwrap().path())
    .filter(|p| p.to_string_lossy().ends_with(".draft.toml"))
    .map(|p| std::fs::read_to_string(p).unwrap())
    .collect();
    assert!(!all.contains("\"100000000\"") && !all.contains("\"250000\""));
    assert!(all.contains("# threshold = \"ENTER-AMOUNT\"   # PLACEHOLDER"));
    let ls = draft("long-season", "SCP-0932-TL");
    assert!(
        ls.contains("# [[share_step]]\n# above = \"ENTER-AMOUNT\"   # PLACEHOLDER")
            && ls.contains("# share = \"ENTER-RATE\"   # PLACEHOLDER"),
        "{ls}"
    );
    // An uncommented placeholder is refused, never read as a figure.
    let probe = "[deal]\nid = \"p\"\ndefinition = \"net_profits\"\nshare = \"5%\"\n[[bonus]]\nmetric = \"memo.box_office_domestic\"\nthreshold = \"ENTER-AMOUNT\"\namount = \"ENTER-AMOUNT\"\n";
    assert!(contract::parse("probe", probe).is_err());

    // check on the drafts: Harbour Light's interest on overhead is found,
    // 416,093.04 on the base over its six statements.
    let a = audit_at(&copy, "2026-11-25");
    let hl = a.deals.iter().find(|d| d.deal == "MP-2022-0147").unwrap();
    let interest = hl
        .issues
        .iter()
        .find(|i| i.code.name() == "INTEREST")
        .unwrap();
    assert_eq!(interest.base_effect.to_string(), "416093.04");
    assert!(a.deals.iter().all(|d| d.draft));

    // DRAFT TERMS first in every report.
    let out = work.path().join("out");
    let run = Command::new(env!("CARGO_BIN_EXE_recoup"))
        .args(["check", "--as-of", "2026-11-25", "--out"])
        .arg(&out)
        .arg(&copy)
        .output()
        .unwrap();
    let table_text = String::from_utf8(run.stdout).unwrap();
    assert!(
        table_text.starts_with("DRAFT TERMS: the contract of "),
        "{table_text}"
    );
    let find = |name: &str| -> PathBuf {
        let flat = out.join(name);
        if flat.is_file() {
            flat
        } else {
            out.join("MP-2022-0147").join(name)
        }
    };
    let md = std::fs::read_to_string(find("claim.md")).unwrap();
    assert!(
        md.starts_with("**DRAFT TERMS: the contract of "),
        "{}",
        &md[..200]
    );
    let html = std::fs::read_to_string(find("report.html")).unwrap();
    let body = &html[html.find("<body>").unwrap() + 6..];
    assert!(
        body.trim_start().starts_with("<p class=\"draft\""),
        "{}",
        &body[..200]
    );
    assert!(body.contains("DRAFT TERMS: the contract of "));
    let mut zip = zip::ZipArchive::new(std::fs::File::open(find("claim.xlsx")).unwrap()).unwrap();
    let mut sheet1 = String::new();
    zip.by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_string(&mut sheet1)
        .unwrap();
    assert!(sheet1.contains("DRAFT TERMS: guessed by recoup init, not the agreement"));
}
