//! Contract files (TOML, SPEC §3) to validated terms.
//!
//! Absent means unchecked; `"0%"` means not allowed. Every problem is an
//! error naming the file and the key: a contract recoup misreads would turn
//! into wrong claims, so nothing is guessed.

use crate::money::{parse_money, parse_rate};
use crate::statement::labels;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Definition {
    NetProfits,
    Gross,
}

#[derive(Debug, Clone, PartialEq)]
pub enum RateRule {
    Fixed(Decimal),
    PrimePlus(Decimal),
    PrimeTimes(Decimal),
}

#[derive(Debug, Clone, PartialEq)]
pub struct PrimeRate {
    pub from: NaiveDate,
    pub rate: Decimal,
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
    pub currency: Option<String>,
    pub definition: Definition,
    pub share: Decimal,
    pub tolerance: Decimal,
    pub tolerance_given: bool,
    pub royalty: BTreeMap<String, Decimal>,
    /// `None`: no `[distribution_fees]` table, fees unchecked.
    pub fees: Option<BTreeMap<String, Decimal>>,
    pub advertising_overhead: Option<Decimal>,
    pub disallowed: Vec<String>,
    pub caps: BTreeMap<String, Decimal>,
    pub overhead: Option<Decimal>,
    pub interest: Option<InterestTerms>,
    pub deduct_gross_participations: bool,
    pub deduct_deferments: bool,
    /// For `gross`: the lines taken off the top.
    pub off_the_top: Vec<String>,
    pub bonuses: Vec<Bonus>,
    pub objection_months: Option<u32>,
    pub statement_due_days: Option<u32>,
    pub underpayment_interest: Option<Decimal>,
    pub cost_shift_threshold: Option<Decimal>,
    /// Extra labels, keyed by `labels::key`.
    pub aliases: HashMap<String, String>,
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

fn err(key: &str, message: impl Into<String>) -> ContractError {
    ContractError {
        key: Some(key.to_string()),
        message: message.into(),
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum MoneyValue {
    Text(String),
    Int(i64),
    Float(f64),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDeal {
    id: Option<String>,
    title: Option<String>,
    participant: Option<String>,
    currency: Option<String>,
    definition: Option<String>,
    share: Option<String>,
    tolerance: Option<MoneyValue>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGross {
    royalty: Option<BTreeMap<String, String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExpenses {
    advertising_overhead: Option<String>,
    disallowed: Option<Vec<String>>,
    caps: Option<BTreeMap<String, MoneyValue>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNegative {
    overhead: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPrime {
    from: toml::value::Datetime,
    rate: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInterest {
    rate: Option<String>,
    on_overhead: Option<bool>,
    on: Option<Vec<String>>,
    prime: Option<Vec<RawPrime>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDeductions {
    gross_participations: Option<bool>,
    deferments: Option<bool>,
    off_the_top: Option<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBonus {
    metric: String,
    threshold: MoneyValue,
    amount: MoneyValue,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAudit {
    objection_months: Option<i64>,
    statement_due_days: Option<i64>,
    underpayment_interest: Option<String>,
    cost_shift_threshold: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContract {
    deal: RawDeal,
    gross_receipts: Option<RawGross>,
    distribution_fees: Option<BTreeMap<String, String>>,
    expenses: Option<RawExpenses>,
    negative_cost: Option<RawNegative>,
    interest: Option<RawInterest>,
    deductions: Option<RawDeductions>,
    bonus: Option<Vec<RawBonus>>,
    audit: Option<RawAudit>,
    aliases: Option<BTreeMap<String, String>>,
}

const MEDIA: &[&str] = &[
    "theatrical_domestic",
    "theatrical_foreign",
    "home_video_domestic",
    "home_video_foreign",
    "home_video",
    "pay_tv",
    "free_tv",
    "tv_license",
    "tv_foreign",
    "basic_cable",
    "svod",
    "avod",
    "tvod",
    "non_theatrical",
    "merchandising",
    "soundtrack",
    "other",
];

const KINDS: &[&str] = &[
    "advertising",
    "advertising_overhead",
    "prints",
    "residuals",
    "taxes",
    "trade_dues",
    "checking_collection",
    "dubbing_subtitling",
    "freight",
    "insurance",
    "conversion",
    "travel",
    "other",
];

fn rate(key: &str, text: &str) -> Result<Decimal, ContractError> {
    let r = parse_rate(text)
        .ok_or_else(|| err(key, format!("'{text}' is not a percentage like \"7.5%\"")))?;
    if r < Decimal::ZERO || r > Decimal::ONE {
        return Err(err(key, format!("rate {text} is outside 0–100%")));
    }
    Ok(r)
}

fn money(key: &str, v: &MoneyValue) -> Result<Decimal, ContractError> {
    let d = match v {
        MoneyValue::Text(t) => {
            parse_money(t).ok_or_else(|| err(key, format!("'{t}' is not an amount")))?
        }
        MoneyValue::Int(i) => Decimal::from(*i),
        MoneyValue::Float(f) => crate::money::from_f64(*f).map_err(|e| err(key, e.to_string()))?,
    };
    if d < Decimal::ZERO {
        return Err(err(key, format!("{d} is negative")));
    }
    Ok(d)
}

fn date_of(key: &str, v: &toml::value::Datetime) -> Result<NaiveDate, ContractError> {
    let d = v
        .date
        .as_ref()
        .ok_or_else(|| err(key, "a date like 2019-01-01 is required"))?;
    NaiveDate::from_ymd_opt(d.year as i32, d.month as u32, d.day as u32)
        .ok_or_else(|| err(key, format!("{v} is not a date")))
}

fn interest_rule(text: &str) -> Result<RateRule, ContractError> {
    let key = "interest.rate";
    let t = text.trim().to_ascii_lowercase();
    if let Some(rest) = t.strip_prefix("prime") {
        let rest = rest.trim();
        if rest.is_empty() {
            return Ok(RateRule::PrimePlus(Decimal::ZERO));
        }
        let (op, r) = rest.split_at(1);
        let r = parse_rate(r.trim())
            .ok_or_else(|| err(key, format!("'{text}': the margin is not a percentage")))?;
        // A margin or multiple beyond 1000% is a typo, and would make the
        // interest arithmetic meaningless (or overflow).
        if r < Decimal::ZERO || r > Decimal::TEN {
            return Err(err(key, format!("'{text}': the margin is outside 0–1000%")));
        }
        return match op {
            "+" => Ok(RateRule::PrimePlus(r)),
            "-" => Ok(RateRule::PrimePlus(-r)),
            "*" | "×" | "x" => Ok(RateRule::PrimeTimes(r)),
            _ => Err(err(
                key,
                format!("'{text}' is not \"prime + 1%\" or \"prime * 125%\""),
            )),
        };
    }
    Ok(RateRule::Fixed(rate(key, text)?))
}

/// Parse and validate a contract file's text. `file` names it in messages.
pub fn parse(file: &str, text: &str) -> Result<Loaded, ContractError> {
    let table: toml::Table = toml::from_str(text).map_err(|e| ContractError {
        key: None,
        message: format!("not valid TOML: {}", e.to_string().trim()),
    })?;
    if !table.contains_key("deal") {
        return Ok(Loaded::NotContract);
    }
    let raw: RawContract = toml::from_str(text).map_err(|e| ContractError {
        key: None,
        message: e.to_string().trim().replace('\n', " "),
    })?;
    let d = raw.deal;
    let id =
        d.id.filter(|s| !s.trim().is_empty())
            .ok_or_else(|| err("deal.id", "is required"))?;
    let definition = match d.definition.as_deref() {
        Some("net_profits") => Definition::NetProfits,
        Some("gross") => Definition::Gross,
        Some(other) => {
            return Err(err(
                "deal.definition",
                format!("'{other}' is not net_profits or gross"),
            ))
        }
        None => return Err(err("deal.definition", "is required (net_profits or gross)")),
    };
    let share = rate(
        "deal.share",
        d.share
            .as_deref()
            .ok_or_else(|| err("deal.share", "is required"))?,
    )?;
    let (tolerance, tolerance_given) = match &d.tolerance {
        Some(v) => (money("deal.tolerance", v)?, true),
        None => (Decimal::ONE, false),
    };
    let mut royalty = BTreeMap::new();
    if let Some(g) = raw.gross_receipts {
        for (m, r) in g.royalty.unwrap_or_default() {
            let key = format!("gross_receipts.royalty.{m}");
            if !MEDIA.contains(&m.as_str()) {
                return Err(err(&key, "is not a medium recoup knows"));
            }
            royalty.insert(m, rate(&key, &r)?);
        }
    }
    let fees = match raw.distribution_fees {
        None => None,
        Some(t) => {
            let mut out = BTreeMap::new();
            for (m, r) in t {
                let key = format!("distribution_fees.{m}");
                if !MEDIA.contains(&m.as_str()) {
                    return Err(err(&key, "is not a medium recoup knows"));
                }
                out.insert(m, rate(&key, &r)?);
            }
            Some(out)
        }
    };
    let (mut advertising_overhead, mut disallowed, mut caps) = (None, Vec::new(), BTreeMap::new());
    if let Some(e) = raw.expenses {
        if let Some(r) = e.advertising_overhead {
            advertising_overhead = Some(rate("expenses.advertising_overhead", &r)?);
        }
        for k in e.disallowed.unwrap_or_default() {
            if !KINDS.contains(&k.as_str()) {
                return Err(err(
                    "expenses.disallowed",
                    format!("'{k}' is not an expense kind recoup knows"),
                ));
            }
            disallowed.push(k);
        }
        for (k, v) in e.caps.unwrap_or_default() {
            let key = format!("expenses.caps.{k}");
            if !KINDS.contains(&k.as_str()) {
                return Err(err(&key, "is not an expense kind recoup knows"));
            }
            caps.insert(k, money(&key, &v)?);
        }
    }
    let overhead = match raw.negative_cost.and_then(|n| n.overhead) {
        Some(r) => Some(rate("negative_cost.overhead", &r)?),
        None => None,
    };
    let interest = match raw.interest {
        None => None,
        Some(i) => {
            let mut prime = Vec::new();
            for (n, p) in i.prime.unwrap_or_default().iter().enumerate() {
                let key = format!("interest.prime[{n}]");
                prime.push(PrimeRate {
                    from: date_of(&key, &p.from)?,
                    rate: rate(&format!("{key}.rate"), &p.rate)?,
                });
            }
            prime.sort_by_key(|p| p.from);
            for w in prime.windows(2) {
                if w[0].from == w[1].from {
                    return Err(err(
                        "interest.prime",
                        format!("two prime rates start on {} (overlapping dates)", w[0].from),
                    ));
                }
            }
            if i.on.is_some() && i.on_overhead.is_some() {
                return Err(err(
                    "interest.on",
                    "give either interest.on or interest.on_overhead, not both",
                ));
            }
            let on_overhead = i.on_overhead.unwrap_or(false);
            let on = match i.on {
                Some(codes) => {
                    if codes.is_empty() {
                        return Err(err("interest.on", "lists no line"));
                    }
                    for code in &codes {
                        if !labels::is_known_code(code) {
                            return Err(err(
                                "interest.on",
                                format!("'{code}' is not a line code recoup knows"),
                            ));
                        }
                    }
                    codes
                }
                None if on_overhead => vec!["nc.direct".to_string(), "nc.overhead".to_string()],
                None => vec!["nc.direct".to_string()],
            };
            match i.rate {
                None => {
                    if i.on_overhead.is_some() || !prime.is_empty() || on != ["nc.direct"] {
                        return Err(err("interest.rate", "is required when [interest] is given"));
                    }
                    None
                }
                Some(text) => {
                    let rule = interest_rule(&text)?;
                    let carried_prime = !matches!(rule, RateRule::Fixed(_)) && prime.is_empty();
                    if carried_prime {
                        prime = crate::prime::history().rates.clone();
                    }
                    Some(InterestTerms {
                        rule,
                        text,
                        on_overhead,
                        on,
                        prime,
                        carried_prime,
                    })
                }
            }
        }
    };
    let (mut gp, mut def, mut off_the_top) = (true, true, Vec::new());
    if let Some(x) = raw.deductions {
        gp = x.gross_participations.unwrap_or(true);
        def = x.deferments.unwrap_or(true);
        for code in x.off_the_top.unwrap_or_default() {
            if !labels::is_known_code(&code) {
                return Err(err(
                    "deductions.off_the_top",
                    format!("'{code}' is not a line code recoup knows"),
                ));
            }
            off_the_top.push(code);
        }
    }
    let mut bonuses = Vec::new();
    for (n, b) in raw.bonus.unwrap_or_default().iter().enumerate() {
        let key = format!("bonus[{n}]");
        if !b.metric.starts_with("memo.") || !labels::is_known_code(&b.metric) {
            return Err(err(
                &format!("{key}.metric"),
                format!("'{}' is not a memo line code", b.metric),
            ));
        }
        bonuses.push(Bonus {
            metric: b.metric.clone(),
            threshold: money(&format!("{key}.threshold"), &b.threshold)?,
            amount: money(&format!("{key}.amount"), &b.amount)?,
        });
    }
    let mut audit = (None, None, None, None);
    if let Some(a) = raw.audit {
        let months = |k: &str, v: Option<i64>| -> Result<Option<u32>, ContractError> {
            match v {
                None => Ok(None),
                Some(n) if (0..=1200).contains(&n) => Ok(Some(n as u32)),
                Some(n) => Err(err(k, format!("{n} is out of range"))),
            }
        };
        audit.0 = months("audit.objection_months", a.objection_months)?;
        audit.1 = months("audit.statement_due_days", a.statement_due_days)?;
        audit.2 = a
            .underpayment_interest
            .map(|r| rate("audit.underpayment_interest", &r))
            .transpose()?;
        audit.3 = a
            .cost_shift_threshold
            .map(|r| rate("audit.cost_shift_threshold", &r))
            .transpose()?;
    }
    let mut aliases = HashMap::new();
    for (label, code) in raw.aliases.unwrap_or_default() {
        if !labels::is_known_code(&code) {
            return Err(err(
                &format!("aliases.\"{label}\""),
                format!("'{code}' is not a line code recoup knows"),
            ));
        }
        aliases.insert(labels::key(labels::split_rate(&label).0), code);
    }
    Ok(Loaded::Contract(Box::new(Contract {
        file: file.to_string(),
        id: id.trim().to_string(),
        title: d.title,
        participant: d.participant,
        currency: d.currency.map(|c| c.trim().to_uppercase()),
        definition,
        share,
        tolerance,
        tolerance_given,
        royalty,
        fees,
        advertising_overhead,
        disallowed,
        caps,
        overhead,
        interest,
        deduct_gross_participations: gp,
        deduct_deferments: def,
        off_the_top,
        bonuses,
        objection_months: audit.0,
        statement_due_days: audit.1,
        underpayment_interest: audit.2,
        cost_shift_threshold: audit.3,
        aliases,
    })))
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

    #[test]
    fn interest_rules() {
        assert_eq!(
            interest_rule("8%").unwrap(),
            RateRule::Fixed(Decimal::from_str("0.08").unwrap())
        );
        assert_eq!(
            interest_rule("prime * 125%").unwrap(),
            RateRule::PrimeTimes(Decimal::from_str("1.25").unwrap())
        );
        assert!(interest_rule("prime / 2%").is_err());
        assert!(interest_rule("prime * 99999999999999999999999999%").is_err());
        assert!(interest_rule("prime + 2000%").is_err());
    }
}
