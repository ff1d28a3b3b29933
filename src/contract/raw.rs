//! A contract file's tables as TOML gives them, before validation: every
//! key optional, unknown keys refused (`deny_unknown_fields`), amounts as
//! text or numbers.

use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Deserialize)]
#[serde(untagged)]
pub(super) enum MoneyValue {
    Text(String),
    Int(i64),
    Float(f64),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawDeal {
    pub(super) id: Option<String>,
    pub(super) title: Option<String>,
    pub(super) participant: Option<String>,
    /// Who renders the statements (named in the audit request).
    pub(super) studio: Option<String>,
    pub(super) currency: Option<String>,
    pub(super) definition: Option<String>,
    pub(super) share: Option<String>,
    pub(super) tolerance: Option<MoneyValue>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawGross {
    pub(super) royalty: Option<BTreeMap<String, String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawExpenses {
    pub(super) advertising_overhead: Option<String>,
    pub(super) disallowed: Option<Vec<String>>,
    pub(super) caps: Option<BTreeMap<String, MoneyValue>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawNegative {
    pub(super) overhead: Option<String>,
    pub(super) overhead_on: Option<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawBreakeven {
    pub(super) costs: Option<Vec<String>>,
    pub(super) fee: Option<String>,
    pub(super) multiple: Option<MoneyValue>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawShareStep {
    pub(super) above: Option<MoneyValue>,
    pub(super) metric: Option<String>,
    pub(super) at: Option<MoneyValue>,
    pub(super) share: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawReserves {
    pub(super) max: Option<String>,
    pub(super) liquidate_within: Option<i64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPrime {
    pub(super) from: toml::value::Datetime,
    pub(super) rate: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawInterest {
    pub(super) rate: Option<String>,
    pub(super) on_overhead: Option<bool>,
    pub(super) on: Option<Vec<String>>,
    pub(super) prime: Option<Vec<RawPrime>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawDeductions {
    pub(super) gross_participations: Option<bool>,
    pub(super) deferments: Option<bool>,
    pub(super) off_the_top: Option<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawBonus {
    pub(super) metric: String,
    pub(super) threshold: MoneyValue,
    pub(super) amount: MoneyValue,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAudit {
    pub(super) objection_months: Option<i64>,
    pub(super) statement_due_days: Option<i64>,
    pub(super) underpayment_interest: Option<String>,
    pub(super) cost_shift_threshold: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawContract {
    pub(super) deal: RawDeal,
    pub(super) gross_receipts: Option<RawGross>,
    pub(super) distribution_fees: Option<BTreeMap<String, toml::Value>>,
    pub(super) expenses: Option<RawExpenses>,
    pub(super) negative_cost: Option<RawNegative>,
    pub(super) interest: Option<RawInterest>,
    pub(super) deductions: Option<RawDeductions>,
    pub(super) bonus: Option<Vec<RawBonus>>,
    pub(super) breakeven: Option<RawBreakeven>,
    pub(super) share_step: Option<Vec<RawShareStep>>,
    pub(super) reserves: Option<RawReserves>,
    pub(super) audit: Option<RawAudit>,
    pub(super) aliases: Option<BTreeMap<String, String>>,
    /// Where each term is in the signed agreement: `"negative_cost.overhead" = "¶ 4(b)"`.
    pub(super) clauses: Option<BTreeMap<String, String>>,
}
