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
    /// Who renders the statements (named in the audit request).
    studio: Option<String>,
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
    overhead_on: Option<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBreakeven {
    costs: Option<Vec<String>>,
    fee: Option<String>,
    multiple: Option<MoneyValue>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawShareStep {
    above: Option<MoneyValue>,
    metric: Option<String>,
    at: Option<MoneyValue>,
    share: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReserves {
    max: Option<String>,
    liquidate_within: Option<i64>,
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
    distribution_fees: Option<BTreeMap<String, toml::Value>>,
    expenses: Option<RawExpenses>,
    negative_cost: Option<RawNegative>,
    interest: Option<RawInterest>,
    deductions: Option<RawDeductions>,
    bonus: Option<Vec<RawBonus>>,
    breakeven: Option<RawBreakeven>,
    share_step: Option<Vec<RawShareStep>>,
    reserves: Option<RawReserves>,
    audit: Option<RawAudit>,
    aliases: Option<BTreeMap<String, String>>,
    /// Where each term is in the signed agreement: `"negative_cost.overhead" = "¶ 4(b)"`.
    clauses: Option<BTreeMap<String, String>>,
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

/// A list of line codes (`breakeven.costs`, `overhead_on`): each one known,
/// none twice, at least one.
fn codes(key: &str, list: Vec<String>) -> Result<Vec<String>, ContractError> {
    if list.is_empty() {
        return Err(err(key, "lists no line code"));
    }
    let mut out: Vec<String> = Vec::with_capacity(list.len());
    for code in list {
        let code = code.trim().to_string();
        if !labels::is_known_code(&code) {
            return Err(err(
                key,
                format!("'{code}' is not a line code recoup knows"),
            ));
        }
        // A base is made of receipts or costs, never of the results.
        if code == "np.total"
            || code.starts_with("share.")
            || code.starts_with("pay.")
            || code.starts_with("memo.")
        {
            return Err(err(
                key,
                format!("'{code}' is not a receipts or cost line, so it cannot form a base"),
            ));
        }
        if out.contains(&code) {
            return Err(err(key, format!("'{code}' is listed twice")));
        }
        out.push(code);
    }
    Ok(out)
}

fn money_value(key: &str, v: &toml::Value) -> Result<Decimal, ContractError> {
    let m = match v {
        toml::Value::String(s) => MoneyValue::Text(s.clone()),
        toml::Value::Integer(i) => MoneyValue::Int(*i),
        toml::Value::Float(f) => MoneyValue::Float(*f),
        _ => return Err(err(key, "is not an amount")),
    };
    money(key, &m)
}

/// `[ { upto = "10000000", rate = "30%" }, { rate = "25%" } ]`: every tier
/// but the last bounded, bounds increasing, the last open-ended.
fn tiers_of(key: &str, tiers: &[toml::Value]) -> Result<Vec<FeeTier>, ContractError> {
    if tiers.is_empty() {
        return Err(err(key, "lists no tier"));
    }
    let mut out: Vec<FeeTier> = Vec::with_capacity(tiers.len());
    for (n, t) in tiers.iter().enumerate() {
        let tkey = format!("{key}[{n}]");
        let toml::Value::Table(t) = t else {
            return Err(err(
                &tkey,
                "a tier is a table like { upto = \"10000000\", rate = \"30%\" }",
            ));
        };
        if let Some(k) = t.keys().find(|k| !matches!(k.as_str(), "upto" | "rate")) {
            return Err(err(
                &format!("{tkey}.{k}"),
                "is not a key of a fee tier (upto, rate)",
            ));
        }
        let r = match t.get("rate") {
            Some(toml::Value::String(r)) => rate(&format!("{tkey}.rate"), r)?,
            Some(_) => {
                return Err(err(
                    &format!("{tkey}.rate"),
                    "is not a percentage like \"30%\"",
                ))
            }
            None => return Err(err(&format!("{tkey}.rate"), "is required")),
        };
        let upto = t
            .get("upto")
            .map(|v| money_value(&format!("{tkey}.upto"), v))
            .transpose()?;
        if let Some(prev) = out.last() {
            match (prev.upto, upto) {
                (None, _) => return Err(err(
                    &tkey,
                    "comes after the open-ended tier (the one without upto), which must be last",
                )),
                (Some(p), Some(u)) if u <= p => {
                    return Err(err(
                        &format!("{tkey}.upto"),
                        format!("{u} is not above the previous tier's upto {p}"),
                    ))
                }
                _ => {}
            }
        }
        if upto == Some(Decimal::ZERO) {
            return Err(err(&format!("{tkey}.upto"), "must be above zero"));
        }
        out.push(FeeTier { upto, rate: r });
    }
    if out.last().is_some_and(|t| t.upto.is_some()) {
        return Err(err(
            &format!("{key}[{}]", out.len() - 1),
            "the last tier must be open-ended (no upto)",
        ));
    }
    Ok(out)
}

fn breakeven_of(
    definition: Definition,
    raw: Option<RawBreakeven>,
) -> Result<Option<Breakeven>, ContractError> {
    let raw = match (definition, raw) {
        (Definition::GrossAfterBreakeven, Some(b)) => b,
        (Definition::GrossAfterBreakeven, None) => {
            return Err(err(
                "breakeven",
                "is required with definition = \"gross_after_breakeven\"",
            ))
        }
        (_, None) => return Ok(None),
        (_, Some(_)) => {
            return Err(err(
                "breakeven",
                "is given but deal.definition is not \"gross_after_breakeven\"",
            ))
        }
    };
    let costs = codes(
        "breakeven.costs",
        raw.costs
            .ok_or_else(|| err("breakeven.costs", "is required"))?,
    )?;
    let rule = match (raw.fee, raw.multiple) {
        (Some(_), Some(_)) => {
            return Err(err(
                "breakeven",
                "gives both fee and multiple; a breakeven has exactly one of them",
            ))
        }
        (None, None) => return Err(err("breakeven", "needs fee or multiple")),
        (Some(f), None) => {
            let f = rate("breakeven.fee", &f)?;
            if f >= Decimal::ONE {
                return Err(err("breakeven.fee", "must be below 100%"));
            }
            BreakevenRule::Fee(f)
        }
        (None, Some(m)) => {
            let m = match &m {
                MoneyValue::Text(t) => parse_money(t.trim().trim_end_matches(['x', 'X']))
                    .ok_or_else(|| {
                        err(
                            "breakeven.multiple",
                            format!("'{t}' is not a number like \"2.5\""),
                        )
                    })?,
                other => money("breakeven.multiple", other)?,
            };
            if m <= Decimal::ZERO || m > Decimal::ONE_HUNDRED {
                return Err(err(
                    "breakeven.multiple",
                    format!("{m} is outside (0, 100]"),
                ));
            }
            BreakevenRule::Multiple(m)
        }
    };
    Ok(Some(Breakeven { costs, rule }))
}

/// Steps all of one kind, each above the one before it.
fn share_steps_of(raw: Vec<RawShareStep>) -> Result<Vec<ShareStep>, ContractError> {
    let mut out: Vec<ShareStep> = Vec::with_capacity(raw.len());
    for (n, s) in raw.into_iter().enumerate() {
        let key = format!("share_step[{n}]");
        let share = rate(
            &format!("{key}.share"),
            s.share
                .as_deref()
                .ok_or_else(|| err(&format!("{key}.share"), "is required"))?,
        )?;
        let step = match (s.above, s.metric, s.at) {
            (Some(a), None, None) => ShareStep::Above {
                above: money(&format!("{key}.above"), &a)?,
                share,
            },
            (None, Some(metric), Some(at)) => {
                if !metric.starts_with("memo.") || !labels::is_known_code(&metric) {
                    return Err(err(
                        &format!("{key}.metric"),
                        format!("'{metric}' is not a memo line code"),
                    ));
                }
                ShareStep::Metric {
                    metric,
                    at: money(&format!("{key}.at"), &at)?,
                    share,
                }
            }
            (None, Some(_), None) => {
                return Err(err(&format!("{key}.at"), "is required with metric"))
            }
            (None, None, Some(_)) => {
                return Err(err(&format!("{key}.metric"), "is required with at"))
            }
            (None, None, None) => return Err(err(&key, "needs above, or metric and at")),
            (Some(_), _, _) => {
                return Err(err(
                    &key,
                    "gives both above and metric/at; a step is one or the other",
                ))
            }
        };
        match (out.last(), &step) {
            (Some(ShareStep::Above { above: p, .. }), ShareStep::Above { above, .. })
                if above <= p =>
            {
                return Err(err(
                    &format!("{key}.above"),
                    format!("{above} is not above the previous step's {p}"),
                ))
            }
            (
                Some(ShareStep::Metric {
                    at: p, metric: pm, ..
                }),
                ShareStep::Metric { at, metric, .. },
            ) if pm == metric && at <= p => {
                return Err(err(
                    &format!("{key}.at"),
                    format!("{at} is not above the previous step's {p}"),
                ))
            }
            (Some(ShareStep::Above { .. }), ShareStep::Metric { .. })
            | (Some(ShareStep::Metric { .. }), ShareStep::Above { .. }) => {
                return Err(err(
                    "share_step",
                    "mixes above steps and metric steps; a contract uses one kind",
                ))
            }
            _ => {}
        }
        out.push(step);
    }
    Ok(out)
}

/// Parse and validate a contract file's text. `file` names it in messages.
pub fn parse(file: &str, text: &str) -> Result<Loaded, ContractError> {
    let table: toml::Table = toml::from_str(text).map_err(|e| ContractError {
        key: None,
        message: match e.span() {
            // One line, where it is: "FILE line N: not valid TOML: why".
            Some(at) => format!(
                "{file} line {}: not valid TOML: {}",
                text.as_bytes()[..at.start.min(text.len())]
                    .iter()
                    .filter(|b| **b == b'\n')
                    .count()
                    + 1,
                e.message().trim().replace('\n', " ")
            ),
            None => format!("not valid TOML: {}", e.to_string().trim()),
        },
    })?;
    if !table.contains_key("deal") {
        return Ok(Loaded::NotContract);
    }
    let raw: RawContract = toml::from_str(text).map_err(|e| {
        // An unknown key is never "no such term": every one is named, each
        // with its line and the nearest known key (serde names the first).
        let unknown = crate::contract_keys::unknown_keys(text);
        let message = if e.message().contains("unknown field") && !unknown.is_empty() {
            let list: Vec<String> = unknown.iter().map(|u| format!("{file} {u}")).collect();
            list.join("; ")
        } else {
            e.to_string().trim().replace('\n', " ")
        };
        ContractError { key: None, message }
    })?;
    let d = raw.deal;
    let id =
        d.id.filter(|s| !s.trim().is_empty())
            .ok_or_else(|| err("deal.id", "is required"))?;
    let definition = match d.definition.as_deref() {
        Some("net_profits") => Definition::NetProfits,
        Some("gross") => Definition::Gross,
        Some("gross_after_breakeven") => Definition::GrossAfterBreakeven,
        Some(other) => {
            return Err(err(
                "deal.definition",
                format!("'{other}' is not net_profits, gross or gross_after_breakeven"),
            ))
        }
        None => {
            return Err(err(
                "deal.definition",
                "is required (net_profits, gross or gross_after_breakeven)",
            ))
        }
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
    let mut fee_tiers = BTreeMap::new();
    let fees = match raw.distribution_fees {
        None => None,
        Some(t) => {
            let mut out = BTreeMap::new();
            for (m, v) in t {
                let key = format!("distribution_fees.{m}");
                if !MEDIA.contains(&m.as_str()) {
                    return Err(err(&key, "is not a medium recoup knows"));
                }
                match v {
                    toml::Value::String(r) => {
                        out.insert(m, rate(&key, &r)?);
                    }
                    toml::Value::Array(tiers) => {
                        fee_tiers.insert(m, tiers_of(&key, &tiers)?);
                    }
                    _ => {
                        return Err(err(
                            &key,
                            "must be a rate like \"30%\" or a list of tiers like [ { upto = \"10000000\", rate = \"30%\" }, { rate = \"25%\" } ]",
                        ))
                    }
                }
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
    let (mut overhead, mut overhead_on) = (None, vec!["nc.direct".to_string()]);
    if let Some(n) = raw.negative_cost {
        if let Some(r) = n.overhead {
            overhead = Some(rate("negative_cost.overhead", &r)?);
        }
        if let Some(list) = n.overhead_on {
            overhead_on = codes("negative_cost.overhead_on", list)?;
            if let Some(c) = overhead_on
                .iter()
                .find(|c| matches!(c.as_str(), "nc.overhead" | "nc.total"))
            {
                return Err(err(
                    "negative_cost.overhead_on",
                    format!("'{c}' includes the overhead itself"),
                ));
            }
        }
    }
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
    let breakeven = breakeven_of(definition, raw.breakeven)?;
    let share_steps = share_steps_of(raw.share_step.unwrap_or_default())?;
    let reserves = match raw.reserves {
        None => None,
        Some(r) if r.max.is_none() && r.liquidate_within.is_none() => {
            return Err(err(
                "reserves",
                "gives neither max nor liquidate_within, so nothing could be checked",
            ))
        }
        Some(r) => Some(Reserves {
            max: r.max.map(|m| rate("reserves.max", &m)).transpose()?,
            liquidate_within: match r.liquidate_within {
                None => None,
                Some(n) if (1..=1000).contains(&n) => Some(n as u32),
                Some(n) => {
                    return Err(err(
                        "reserves.liquidate_within",
                        format!("{n} is not a number of statements from 1 to 1000"),
                    ))
                }
            },
        }),
    };
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
    let mut clauses = BTreeMap::new();
    for (term, reference) in raw.clauses.unwrap_or_default() {
        let reference = reference.trim().to_string();
        if reference.is_empty() {
            return Err(err(
                &format!("clauses.\"{term}\""),
                "an empty clause reference (give the agreement's paragraph, e.g. \"¶ 4(b)\")",
            ));
        }
        clauses.insert(term.trim().to_string(), reference);
    }
    Ok(Loaded::Contract(Box::new(Contract {
        file: file.to_string(),
        id: id.trim().to_string(),
        title: d.title,
        participant: d.participant,
        studio: d
            .studio
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty()),
        currency: d.currency.map(|c| c.trim().to_uppercase()),
        definition,
        share,
        tolerance,
        tolerance_given,
        royalty,
        fees,
        fee_tiers,
        advertising_overhead,
        disallowed,
        caps,
        overhead,
        overhead_on,
        interest,
        deduct_gross_participations: gp,
        deduct_deferments: def,
        off_the_top,
        bonuses,
        breakeven,
        share_steps,
        reserves,
        objection_months: audit.0,
        statement_due_days: audit.1,
        underpayment_interest: audit.2,
        cost_shift_threshold: audit.3,
        aliases,
        clauses,
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

    /// Every bad value of the new terms names the key it is under.
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
        for (from, to, want) in cases {
            assert!(GAB.contains(from), "{from}");
            let bad = GAB.replacen(from, to, 1);
            assert_eq!(key(&bad).as_deref(), Some(*want), "{from} -> {to}");
        }
        let start = GAB.find("[breakeven]").unwrap();
        let end = GAB.find("[[share_step]]").unwrap();
        let missing = format!("{}{}", &GAB[..start], &GAB[end..]);
        assert_eq!(key(&missing).as_deref(), Some("breakeven"));
        let msg = contract(&GAB.replacen("fee = \"10%\"", "fee = \"10%\"\nmultiple = \"2\"", 1))
            .unwrap_err()
            .to_string();
        assert!(msg.contains("both fee and multiple"), "{msg}");
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
