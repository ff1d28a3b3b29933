//! Contract files (TOML, SPEC §3) to validated terms.
//!
//! Absent means unchecked; `"0%"` means not allowed. Every problem is an
//! error naming the file and the key: a contract recoup misreads would turn
//! into wrong claims, so nothing is guessed.

pub mod keys;
mod parse;
mod raw;
pub mod terms;

pub use crate::prime::PrimeRate;
pub use parse::parse;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Definition {
    NetProfits,
    Gross,
    /// A share of gross receipts past a breakeven (SPEC §3, More deal terms).
    GrossAfterBreakeven,
}

/// How the breakeven is computed from the sum of its cost lines.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum BreakevenRule {
    /// Cash breakeven with a deemed fee ("CBE 10"): `Σ costs / (1 − fee)`.
    Fee(Decimal),
    /// `multiple × Σ costs`.
    Multiple(Decimal),
}

/// `[breakeven]`: the lines (inception to date) gross receipts must recover.
#[derive(Debug, Clone, PartialEq)]
pub struct Breakeven {
    pub costs: Vec<String>,
    pub rule: BreakevenRule,
}

/// One `[[share_step]]`. A contract's steps are all of one kind.
#[derive(Debug, Clone, PartialEq)]
pub enum ShareStep {
    /// `share` applies to the tranche of the base above `above`.
    Above { above: Decimal, share: Decimal },
    /// Once the memo figure `metric` reaches `at`, `share` applies to the whole base.
    Metric {
        metric: String,
        at: Decimal,
        share: Decimal,
    },
}

/// One tier of a tiered distribution fee; the last has no `upto`.
#[derive(Debug, Clone, PartialEq)]
pub struct FeeTier {
    pub upto: Option<Decimal>,
    pub rate: Decimal,
}

/// `[reserves]`: how much may be held back, and for how long.
#[derive(Debug, Clone, PartialEq)]
pub struct Reserves {
    /// The held reserve may not exceed this share of `gr.total + gr.reserve`.
    pub max: Option<Decimal>,
    /// A reserve taken must be released within this many statements.
    pub liquidate_within: Option<u32>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum RateRule {
    Fixed(Decimal),
    PrimePlus(Decimal),
    PrimeTimes(Decimal),
}

#[derive(Debug, Clone, PartialEq)]
pub struct InterestTerms {
    pub rule: RateRule,
    /// The text of the rule as written, for messages.
    pub text: String,
    pub on_overhead: bool,
    /// The lines whose inception-to-date figures form the interest base
    /// (`interest.on`; by default `nc.direct`, plus `nc.overhead` when
    /// `on_overhead`).
    pub on: Vec<String>,
    /// The prime table in force: the contract's own, or the carried history.
    pub prime: Vec<PrimeRate>,
    /// Whether `prime` is recoup's carried history rather than the contract's.
    pub carried_prime: bool,
}

impl InterestTerms {
    /// The annual rate in force on a day; `None` when the prime table has no
    /// entry that early.
    pub fn annual_rate(&self, day: NaiveDate) -> Option<Decimal> {
        let prime = || {
            self.prime
                .iter()
                .rev()
                .find(|p| p.from <= day)
                .map(|p| p.rate)
        };
        Some(match &self.rule {
            RateRule::Fixed(r) => *r,
            RateRule::PrimePlus(m) => prime()? + *m,
            RateRule::PrimeTimes(f) => prime()? * *f,
        })
    }

    /// The period `[start, end]` split at every change of the annual rate
    /// (a rate dated `d` is in force from day `d`): `(annual rate, days)`
    /// parts in order. `None` when the rate is unknown on `start`.
    pub fn parts(&self, start: NaiveDate, end: NaiveDate) -> Option<Vec<(Decimal, i64)>> {
        let mut out = Vec::new();
        let mut from = start;
        let mut rate = self.annual_rate(start)?;
        if !matches!(self.rule, RateRule::Fixed(_)) {
            for p in self
                .prime
                .iter()
                .filter(|p| p.from > start && p.from <= end)
            {
                out.push((rate, (p.from - from).num_days()));
                from = p.from;
                rate = self.annual_rate(p.from)?;
            }
        }
        out.push((rate, (end - from).num_days() + 1));
        Some(out)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Bonus {
    pub metric: String,
    pub threshold: Decimal,
    pub amount: Decimal,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Contract {
    /// Where the contract came from (as given or found).
    pub file: String,
    pub id: String,
    pub title: Option<String>,
    pub participant: Option<String>,
    /// `deal.studio`: who renders the statements, for the audit request.
    pub studio: Option<String>,
    pub currency: Option<String>,
    pub definition: Definition,
    pub share: Decimal,
    pub tolerance: Decimal,
    pub tolerance_given: bool,
    pub royalty: BTreeMap<String, Decimal>,
    /// `None`: no `[distribution_fees]` table, fees unchecked. Flat rates
    /// only; a tiered medium is in `fee_tiers` instead.
    pub fees: Option<BTreeMap<String, Decimal>>,
    /// Media whose fee is tiered on their inception-to-date gross receipts.
    pub fee_tiers: BTreeMap<String, Vec<FeeTier>>,
    pub advertising_overhead: Option<Decimal>,
    pub disallowed: Vec<String>,
    pub caps: BTreeMap<String, Decimal>,
    pub overhead: Option<Decimal>,
    /// The lines whose inception-to-date figures form the overhead base.
    pub overhead_on: Vec<String>,
    pub interest: Option<InterestTerms>,
    pub deduct_gross_participations: bool,
    pub deduct_deferments: bool,
    /// For `gross`: the lines taken off the top.
    pub off_the_top: Vec<String>,
    pub bonuses: Vec<Bonus>,
    /// `[breakeven]`, present exactly when the definition is gross_after_breakeven.
    pub breakeven: Option<Breakeven>,
    /// `[[share_step]]`s in contract order (all `Above` or all `Metric`).
    pub share_steps: Vec<ShareStep>,
    pub reserves: Option<Reserves>,
    pub objection_months: Option<u32>,
    pub statement_due_days: Option<u32>,
    pub underpayment_interest: Option<Decimal>,
    pub cost_shift_threshold: Option<Decimal>,
    /// Extra labels, keyed by `labels::key`.
    pub aliases: HashMap<String, String>,
    /// `[clauses]`: the agreement's reference for a term (`"¶ 4(b)"`), by
    /// the term's key (`negative_cost.overhead`, `bonus`, or a whole table
    /// such as `distribution_fees`).
    pub clauses: BTreeMap<String, String>,
}

impl Contract {
    /// What this contract leaves unchecked, for the report.
    pub fn unchecked(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.fees.is_none() {
            out.push("distribution fees (no [distribution_fees] table)".to_string());
        }
        if self.advertising_overhead.is_none() {
            out.push("advertising overhead (expenses.advertising_overhead)".to_string());
        }
        if self.overhead.is_none() {
            out.push("production overhead (negative_cost.overhead)".to_string());
        }
        if self.interest.is_none() {
            out.push("interest ([interest] rate)".to_string());
        }
        if self.royalty.is_empty() {
            out.push("home video royalty ([gross_receipts.royalty])".to_string());
        }
        if self.caps.is_empty() {
            out.push("expense caps ([expenses.caps])".to_string());
        }
        if self.statement_due_days.is_none() {
            out.push("statement lateness (audit.statement_due_days)".to_string());
        }
        if self.objection_months.is_none() {
            out.push("audit deadlines (audit.objection_months)".to_string());
        }
        if self.currency.is_none() {
            out.push("currency (deal.currency)".to_string());
        }
        out
    }
}

/// What reading a `.toml` file gave.
#[derive(Debug)]
pub enum Loaded {
    Contract(Box<Contract>),
    /// Parses, but has no `[deal]` table (a `Cargo.toml`): not a contract.
    NotContract,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ContractError {
    pub key: Option<String>,
    pub message: String,
}

impl std::fmt::Display for ContractError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.key {
            Some(k) => write!(f, "{k}: {}", self.message),
            None => write!(f, "{}", self.message),
        }
    }
}

pub(crate) fn err(key: &str, message: impl Into<String>) -> ContractError {
    ContractError {
        key: Some(key.to_string()),
        message: message.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    const FULL: &str = r#"
[deal]
id = "LN-2019-JD"
title = "The Long Night"
participant = "Jane Doe"
currency = "USD"
definition = "net_profits"
share = "5%"
tolerance = "1.00"
[gross_receipts.royalty]
home_video_domestic = "20%"
[distribution_fees]
theatrical_domestic = "30%"
[expenses]
advertising_overhead = "10%"
disallowed = ["travel"]
[expenses.caps]
checking_collection = "250000"
[negative_cost]
overhead = "15%"
[interest]
rate = "prime + 1%"
on_overhead = false
prime = [ { from = 2019-01-01, rate = "5.50%" }, { from = 2022-06-16, rate = "4.75%" } ]
[deductions]
gross_participations = true
deferments = false
[[bonus]]
metric = "memo.box_office_domestic"
threshold = "100000000"
amount = 250000
[audit]
objection_months = 36
statement_due_days = 60
underpayment_interest = "10%"
cost_shift_threshold = "5%"
[aliases]
"Dom. Theatrical Rentals" = "gr.theatrical_domestic"
"#;

    fn contract(text: &str) -> Result<Contract, ContractError> {
        match parse("c.toml", text)? {
            Loaded::Contract(c) => Ok(*c),
            Loaded::NotContract => panic!("not a contract"),
        }
    }

    #[test]
    fn reads_every_key() {
        let c = contract(FULL).unwrap();
        assert_eq!(c.share, Decimal::from_str("0.05").unwrap());
        assert_eq!(c.caps["checking_collection"], Decimal::from(250000));
        assert_eq!(c.bonuses[0].amount, Decimal::from(250000));
        assert!(!c.deduct_deferments);
        let i = c.interest.as_ref().unwrap();
        let d = |s| NaiveDate::from_str(s).unwrap();
        assert_eq!(
            i.annual_rate(d("2020-01-01")),
            Some(Decimal::from_str("0.065").unwrap())
        );
        assert_eq!(
            i.annual_rate(d("2022-06-16")),
            Some(Decimal::from_str("0.0575").unwrap())
        );
        assert_eq!(i.annual_rate(d("2018-12-31")), None);
        assert_eq!(
            c.aliases.get("domtheatricalrentals").map(String::as_str),
            Some("gr.theatrical_domestic")
        );
    }

    #[test]
    fn errors_name_the_key() {
        let bad = FULL.replace(
            "theatrical_domestic = \"30%\"",
            "theatrical_domestic = \"150%\"",
        );
        let e = contract(&bad).unwrap_err();
        assert_eq!(
            e.key.as_deref(),
            Some("distribution_fees.theatrical_domestic")
        );
        let bad = FULL.replace(
            "checking_collection = \"250000\"",
            "checking_collection = \"-5\"",
        );
        assert_eq!(
            contract(&bad).unwrap_err().key.as_deref(),
            Some("expenses.caps.checking_collection")
        );
        let bad = FULL.replace("{ from = 2022-06-16", "{ from = 2019-01-01");
        assert_eq!(
            contract(&bad).unwrap_err().key.as_deref(),
            Some("interest.prime")
        );
        let bad = FULL.replace("tolerance = \"1.00\"", "tolerance = \"1.00\"\nfee = \"3%\"");
        assert!(contract(&bad).unwrap_err().message.contains("fee"));
        let bad = FULL.replace("share = \"5%\"\n", "");
        assert_eq!(
            contract(&bad).unwrap_err().key.as_deref(),
            Some("deal.share")
        );
        assert!(parse("x.toml", "not = [toml").is_err());
        assert!(matches!(
            parse("Cargo.toml", "[package]\nname = \"x\"\n"),
            Ok(Loaded::NotContract)
        ));
    }

    const GAB: &str = r#"
[deal]
id = "GB-1"
definition = "gross_after_breakeven"
share = "5%"
[distribution_fees]
theatrical_domestic = [ { upto = "10000000", rate = "30%" }, { rate = "25%" } ]
theatrical_foreign = "40%"
[negative_cost]
overhead = "15%"
overhead_on = ["nc.direct", "gp.total"]
[breakeven]
costs = ["exp.total", "nc.direct"]
fee = "10%"
[[share_step]]
above = "10000000"
share = "7.5%"
[[share_step]]
above = "20000000"
share = "10%"
[reserves]
max = "20%"
liquidate_within = 4
"#;

    #[test]
    fn reads_the_new_terms() {
        let c = contract(GAB).unwrap();
        let dec = |s| Decimal::from_str(s).unwrap();
        assert_eq!(c.definition, Definition::GrossAfterBreakeven);
        let b = c.breakeven.as_ref().unwrap();
        assert_eq!(b.costs, ["exp.total", "nc.direct"]);
        assert_eq!(b.rule, BreakevenRule::Fee(dec("0.10")));
        assert_eq!(
            c.fee_tiers["theatrical_domestic"],
            [
                FeeTier {
                    upto: Some(dec("10000000")),
                    rate: dec("0.30")
                },
                FeeTier {
                    upto: None,
                    rate: dec("0.25")
                }
            ]
        );
        assert_eq!(c.fees.as_ref().unwrap()["theatrical_foreign"], dec("0.40"));
        assert!(!c.fees.as_ref().unwrap().contains_key("theatrical_domestic"));
        assert_eq!(c.overhead_on, ["nc.direct", "gp.total"]);
        assert_eq!(
            c.share_steps[1],
            ShareStep::Above {
                above: dec("20000000"),
                share: dec("0.10")
            }
        );
        assert_eq!(
            c.reserves,
            Some(Reserves {
                max: Some(dec("0.20")),
                liquidate_within: Some(4)
            })
        );
        let m = GAB.replace("fee = \"10%\"", "multiple = \"2.5\"");
        assert_eq!(
            contract(&m).unwrap().breakeven.unwrap().rule,
            BreakevenRule::Multiple(dec("2.5"))
        );
        let metric = GAB.replace(
            "above = \"10000000\"",
            "metric = \"memo.box_office_domestic\"\nat = \"150000000\"",
        );
        let metric = metric.replace(
            "above = \"20000000\"",
            "metric = \"memo.box_office_domestic\"\nat = \"200000000\"",
        );
        assert_eq!(
            contract(&metric).unwrap().share_steps[0],
            ShareStep::Metric {
                metric: "memo.box_office_domestic".into(),
                at: dec("150000000"),
                share: dec("0.075")
            }
        );
        // Defaults: overhead on direct cost, no steps, no reserves.
        let plain = contract(FULL).unwrap();
        assert_eq!(plain.overhead_on, ["nc.direct"]);
        assert!(plain.share_steps.is_empty() && plain.reserves.is_none());
        assert!(plain.breakeven.is_none() && plain.fee_tiers.is_empty());
    }

    /// Each `(from, to, key)`: GAB with `from` replaced by `to` is refused,
    /// the error naming `key`.
    fn refused_under(cases: &[(&str, &str, &str)]) {
        for (from, to, want) in cases {
            assert!(GAB.contains(from), "{from}");
            let bad = GAB.replacen(from, to, 1);
            let key = contract(&bad).unwrap_err().key;
            assert_eq!(key.as_deref(), Some(*want), "{from} -> {to}");
        }
    }

    /// Every bad value of the new terms names the key it is under: share
    /// steps, breakeven and the lists of line codes.
    #[test]
    fn new_terms_errors_name_the_key() {
        let key = |text: &str| contract(text).unwrap_err().key;
        let cases: &[(&str, &str, &str)] = &[
            // a step below the one before it
            (
                "above = \"20000000\"",
                "above = \"5000000\"",
                "share_step[1].above",
            ),
            (
                "above = \"20000000\"",
                "above = \"10000000\"",
                "share_step[1].above",
            ),
            // both step kinds in one contract
            (
                "above = \"20000000\"",
                "metric = \"memo.box_office_domestic\"\nat = \"1\"",
                "share_step",
            ),
            // one step with both forms
            (
                "above = \"20000000\"",
                "above = \"20000000\"\nmetric = \"memo.box_office_domestic\"\nat = \"1\"",
                "share_step[1]",
            ),
            ("share = \"10%\"", "share = \"110%\"", "share_step[1].share"),
            (
                "above = \"20000000\"",
                "metric = \"memo.nonsense\"\nat = \"1\"",
                "share_step[1].metric",
            ),
            // both fee and multiple, and neither
            (
                "fee = \"10%\"",
                "fee = \"10%\"\nmultiple = \"2\"",
                "breakeven",
            ),
            ("fee = \"10%\"", "", "breakeven"),
            ("fee = \"10%\"", "fee = \"100%\"", "breakeven.fee"),
            ("fee = \"10%\"", "multiple = \"-2\"", "breakeven.multiple"),
            ("fee = \"10%\"", "multiple = \"two\"", "breakeven.multiple"),
            // an unknown line code in a list
            (
                "\"exp.total\", \"nc.direct\"]",
                "\"exp.total\", \"nc.directs\"]",
                "breakeven.costs",
            ),
            (
                "[\"nc.direct\", \"gp.total\"]",
                "[\"nc.direct\", \"gp.totals\"]",
                "negative_cost.overhead_on",
            ),
            (
                "[\"nc.direct\", \"gp.total\"]",
                "[]",
                "negative_cost.overhead_on",
            ),
            (
                "costs = [\"exp.total\", \"nc.direct\"]\n",
                "",
                "breakeven.costs",
            ),
        ];
        refused_under(cases);
        let start = GAB.find("[breakeven]").unwrap();
        let end = GAB.find("[[share_step]]").unwrap();
        let missing = format!("{}{}", &GAB[..start], &GAB[end..]);
        assert_eq!(key(&missing).as_deref(), Some("breakeven"));
        let msg = contract(&GAB.replacen("fee = \"10%\"", "fee = \"10%\"\nmultiple = \"2\"", 1))
            .unwrap_err()
            .to_string();
        assert!(msg.contains("both fee and multiple"), "{msg}");
    }

    /// Every bad value of the new terms names the key it is under: fee
    /// tiers, reserves, the overhead base and the definition.
    #[test]
    fn new_terms_errors_name_the_key_tiers_and_reserves() {
        let cases: &[(&str, &str, &str)] = &[
            // a tier after the open-ended one, tiers out of order, no open end
            (
                "{ rate = \"25%\" } ]",
                "{ rate = \"25%\" }, { upto = \"20000000\", rate = \"20%\" } ]",
                "distribution_fees.theatrical_domestic[2]",
            ),
            (
                "{ rate = \"25%\" } ]",
                "{ upto = \"5000000\", rate = \"25%\" }, { rate = \"20%\" } ]",
                "distribution_fees.theatrical_domestic[1].upto",
            ),
            (
                "{ rate = \"25%\" } ]",
                "{ upto = \"20000000\", rate = \"25%\" } ]",
                "distribution_fees.theatrical_domestic[1]",
            ),
            (
                "{ rate = \"25%\" } ]",
                "{ rate = \"125%\" } ]",
                "distribution_fees.theatrical_domestic[1].rate",
            ),
            (
                "{ rate = \"25%\" } ]",
                "{ rat = \"25%\" } ]",
                "distribution_fees.theatrical_domestic[1].rat",
            ),
            (
                "[ { upto = \"10000000\", rate = \"30%\" }, { rate = \"25%\" } ]",
                "[]",
                "distribution_fees.theatrical_domestic",
            ),
            (
                "[ { upto = \"10000000\", rate = \"30%\" }, { rate = \"25%\" } ]",
                "30",
                "distribution_fees.theatrical_domestic",
            ),
            // reserves
            ("max = \"20%\"", "max = \"120%\"", "reserves.max"),
            ("max = \"20%\"\nliquidate_within = 4", "", "reserves"),
            (
                "[\"nc.direct\", \"gp.total\"]",
                "[\"nc.direct\", \"nc.overhead\"]",
                "negative_cost.overhead_on",
            ),
            (
                "\"exp.total\", \"nc.direct\"]",
                "\"exp.total\", \"memo.breakeven\"]",
                "breakeven.costs",
            ),
            (
                "liquidate_within = 4",
                "liquidate_within = 0",
                "reserves.liquidate_within",
            ),
            // [breakeven] on a net-profits deal, and missing on gross_after_breakeven
            ("\"gross_after_breakeven\"", "\"net_profits\"", "breakeven"),
            ("\"gross_after_breakeven\"", "\"gross\"", "breakeven"),
        ];
        refused_under(cases);
    }

    /// The television media are keys wherever media are (SPEC §2): fee
    /// rates, royalties and `[aliases]` targets, with the reserve and the
    /// breakeven as alias targets too.
    #[test]
    fn television_media_are_contract_keys() {
        let text = FULL
            .replace(
                "theatrical_domestic = \"30%\"",
                "theatrical_domestic = \"30%\"\ntv_license = \"10%\"\ntv_foreign = \"35%\"\nbasic_cable = \"30%\"",
            )
            .replace(
                "home_video_domestic = \"20%\"",
                "home_video_domestic = \"20%\"\ntv_foreign = \"25%\"",
            )
            .replace(
                "\"Dom. Theatrical Rentals\" = \"gr.theatrical_domestic\"",
                "\"Dom. Theatrical Rentals\" = \"gr.theatrical_domestic\"\n\"Series License\" = \"gr.tv_license\"\n\"Cable Fee\" = \"fee.basic_cable\"\n\"Holdback\" = \"gr.reserve\"\n\"Recoupment Point\" = \"memo.breakeven\"",
            );
        let c = contract(&text).unwrap();
        let fees = c.fees.as_ref().unwrap();
        assert_eq!(fees["tv_license"], Decimal::from_str("0.10").unwrap());
        assert_eq!(fees["basic_cable"], Decimal::from_str("0.30").unwrap());
        assert_eq!(c.royalty["tv_foreign"], Decimal::from_str("0.25").unwrap());
        assert_eq!(c.aliases["serieslicense"], "gr.tv_license");
        assert_eq!(c.aliases["holdback"], "gr.reserve");
        assert_eq!(c.aliases["recoupmentpoint"], "memo.breakeven");
        let bad = FULL.replace("theatrical_domestic = \"30%\"", "tv_network = \"10%\"");
        assert_eq!(
            contract(&bad).unwrap_err().key.as_deref(),
            Some("distribution_fees.tv_network")
        );
    }
}
