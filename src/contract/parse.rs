//! The contract file's tables, each read and validated by its own function
//! (SPEC §3): `parse` reads the TOML and calls them in the file's order.

use super::raw::{
    MoneyValue, RawAudit, RawBonus, RawBreakeven, RawContract, RawDeal, RawDeductions, RawExpenses,
    RawGross, RawInterest, RawNegative, RawPrime, RawReserves, RawShareStep,
};
use super::{
    err, Bonus, Breakeven, BreakevenRule, Contract, ContractError, Definition, FeeTier,
    InterestTerms, Loaded, PrimeRate, RateRule, Reserves, ShareStep,
};
use crate::money::{parse_money, parse_rate};
use crate::statement::labels;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap};

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

/// One line, where it is: "FILE line N: not valid TOML: why".
fn not_toml(file: &str, text: &str, e: &toml::de::Error) -> String {
    match e.span() {
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
    }
}

/// An unknown key is never "no such term": every one is named, each with its
/// line and the nearest known key (serde names only the first).
fn unknown_keys(file: &str, text: &str, e: &toml::de::Error) -> String {
    let unknown = super::keys::unknown_keys(text);
    if e.message().contains("unknown field") && !unknown.is_empty() {
        let list: Vec<String> = unknown.iter().map(|u| format!("{file} {u}")).collect();
        list.join("; ")
    } else {
        e.to_string().trim().replace('\n', " ")
    }
}

/// Parse and validate a contract file's text. `file` names it in messages.
/// Each table is read by its own function, in this order, so the first
/// problem in the file's table order is the one reported.
pub fn parse(file: &str, text: &str) -> Result<Loaded, ContractError> {
    let table: toml::Table = toml::from_str(text).map_err(|e| ContractError {
        key: None,
        message: not_toml(file, text, &e),
    })?;
    if !table.contains_key("deal") {
        return Ok(Loaded::NotContract);
    }
    let raw: RawContract = toml::from_str(text).map_err(|e| ContractError {
        key: None,
        message: unknown_keys(file, text, &e),
    })?;
    let deal = deal(raw.deal)?;
    let royalty = gross_receipts(raw.gross_receipts)?;
    let (fees, fee_tiers) = distribution_fees(raw.distribution_fees)?;
    let (advertising_overhead, disallowed, caps) = expenses(raw.expenses)?;
    let (overhead, overhead_on) = negative_cost(raw.negative_cost)?;
    let interest = raw.interest.map(interest).transpose()?.flatten();
    let (gp, def, off_the_top) = deductions(raw.deductions)?;
    let bonuses = bonuses(raw.bonus.unwrap_or_default())?;
    let breakeven = breakeven_of(deal.definition, raw.breakeven)?;
    let share_steps = share_steps_of(raw.share_step.unwrap_or_default())?;
    let reserves = raw.reserves.map(reserves).transpose()?;
    let audit = audit(raw.audit)?;
    let aliases = aliases(raw.aliases.unwrap_or_default())?;
    let clauses = clauses(raw.clauses.unwrap_or_default())?;
    Ok(Loaded::Contract(Box::new(Contract {
        file: file.to_string(),
        id: deal.id,
        title: deal.title,
        participant: deal.participant,
        studio: deal.studio,
        currency: deal.currency,
        definition: deal.definition,
        share: deal.share,
        tolerance: deal.tolerance,
        tolerance_given: deal.tolerance_given,
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

/// `[deal]`, validated.
struct Deal {
    id: String,
    title: Option<String>,
    participant: Option<String>,
    studio: Option<String>,
    currency: Option<String>,
    definition: Definition,
    share: Decimal,
    tolerance: Decimal,
    tolerance_given: bool,
}

fn deal(d: RawDeal) -> Result<Deal, ContractError> {
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
    Ok(Deal {
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
    })
}

/// `[gross_receipts.royalty]`: a rate per medium.
fn gross_receipts(raw: Option<RawGross>) -> Result<BTreeMap<String, Decimal>, ContractError> {
    let mut royalty = BTreeMap::new();
    if let Some(g) = raw {
        for (m, r) in g.royalty.unwrap_or_default() {
            let key = format!("gross_receipts.royalty.{m}");
            if !MEDIA.contains(&m.as_str()) {
                return Err(err(&key, "is not a medium recoup knows"));
            }
            royalty.insert(m, rate(&key, &r)?);
        }
    }
    Ok(royalty)
}

/// Flat fees per medium (`None` without the table), and the tiered ones.
type Fees = (
    Option<BTreeMap<String, Decimal>>,
    BTreeMap<String, Vec<FeeTier>>,
);

/// `[distribution_fees]`: a rate or a list of tiers per medium.
fn distribution_fees(raw: Option<BTreeMap<String, toml::Value>>) -> Result<Fees, ContractError> {
    let mut fee_tiers = BTreeMap::new();
    let fees = match raw {
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
    Ok((fees, fee_tiers))
}

/// The advertising overhead rate, the disallowed kinds and the caps.
type Expenses = (Option<Decimal>, Vec<String>, BTreeMap<String, Decimal>);

/// `[expenses]`.
fn expenses(raw: Option<RawExpenses>) -> Result<Expenses, ContractError> {
    let (mut advertising_overhead, mut disallowed, mut caps) = (None, Vec::new(), BTreeMap::new());
    if let Some(e) = raw {
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
    Ok((advertising_overhead, disallowed, caps))
}

/// `[negative_cost]`: the overhead rate and the lines it is charged on.
fn negative_cost(
    raw: Option<RawNegative>,
) -> Result<(Option<Decimal>, Vec<String>), ContractError> {
    let (mut overhead, mut overhead_on) = (None, vec!["nc.direct".to_string()]);
    if let Some(n) = raw {
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
    Ok((overhead, overhead_on))
}

/// `interest.prime`: the contract's own prime table, by date, no two rates
/// starting on one day.
fn prime_table(raw: Option<Vec<RawPrime>>) -> Result<Vec<PrimeRate>, ContractError> {
    let mut prime = Vec::new();
    for (n, p) in raw.unwrap_or_default().iter().enumerate() {
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
    Ok(prime)
}

/// `interest.on` / `interest.on_overhead`: the lines of the interest base.
fn interest_on(on: Option<Vec<String>>, on_overhead: bool) -> Result<Vec<String>, ContractError> {
    Ok(match on {
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
    })
}

/// `[interest]`; `None` for a table that gives no rate and nothing else.
fn interest(i: RawInterest) -> Result<Option<InterestTerms>, ContractError> {
    let mut prime = prime_table(i.prime)?;
    if i.on.is_some() && i.on_overhead.is_some() {
        return Err(err(
            "interest.on",
            "give either interest.on or interest.on_overhead, not both",
        ));
    }
    let on_overhead = i.on_overhead.unwrap_or(false);
    let on = interest_on(i.on, on_overhead)?;
    match i.rate {
        None => {
            if i.on_overhead.is_some() || !prime.is_empty() || on != ["nc.direct"] {
                return Err(err("interest.rate", "is required when [interest] is given"));
            }
            Ok(None)
        }
        Some(text) => {
            let rule = interest_rule(&text)?;
            let carried_prime = !matches!(rule, RateRule::Fixed(_)) && prime.is_empty();
            if carried_prime {
                prime = crate::prime::history().rates.clone();
            }
            Ok(Some(InterestTerms {
                rule,
                text,
                on_overhead,
                on,
                prime,
                carried_prime,
            }))
        }
    }
}

/// `[deductions]`: whether gross participations and deferments come off,
/// and (for `gross`) the lines taken off the top.
fn deductions(raw: Option<RawDeductions>) -> Result<(bool, bool, Vec<String>), ContractError> {
    let (mut gp, mut def, mut off_the_top) = (true, true, Vec::new());
    if let Some(x) = raw {
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
    Ok((gp, def, off_the_top))
}

/// `[[bonus]]`: each on a memo line.
fn bonuses(raw: Vec<RawBonus>) -> Result<Vec<Bonus>, ContractError> {
    let mut bonuses = Vec::new();
    for (n, b) in raw.iter().enumerate() {
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
    Ok(bonuses)
}

/// `[reserves]`: at least one of its keys.
fn reserves(r: RawReserves) -> Result<Reserves, ContractError> {
    if r.max.is_none() && r.liquidate_within.is_none() {
        return Err(err(
            "reserves",
            "gives neither max nor liquidate_within, so nothing could be checked",
        ));
    }
    Ok(Reserves {
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
    })
}

/// Objection months, statement due days, underpayment interest and the
/// cost shift threshold.
type AuditTerms = (Option<u32>, Option<u32>, Option<Decimal>, Option<Decimal>);

/// `[audit]`.
fn audit(raw: Option<RawAudit>) -> Result<AuditTerms, ContractError> {
    let mut audit = (None, None, None, None);
    if let Some(a) = raw {
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
    Ok(audit)
}

/// `[aliases]`: extra labels, keyed as the statement reader keys a label.
fn aliases(raw: BTreeMap<String, String>) -> Result<HashMap<String, String>, ContractError> {
    let mut aliases = HashMap::new();
    for (label, code) in raw {
        if !labels::is_known_code(&code) {
            return Err(err(
                &format!("aliases.\"{label}\""),
                format!("'{code}' is not a line code recoup knows"),
            ));
        }
        aliases.insert(labels::key(labels::split_rate(&label).0), code);
    }
    Ok(aliases)
}

/// `[clauses]`: the agreement's reference for a term, by the term's key.
fn clauses(raw: BTreeMap<String, String>) -> Result<BTreeMap<String, String>, ContractError> {
    let mut clauses = BTreeMap::new();
    for (term, reference) in raw {
        let reference = reference.trim().to_string();
        if reference.is_empty() {
            return Err(err(
                &format!("clauses.\"{term}\""),
                "an empty clause reference (give the agreement's paragraph, e.g. \"¶ 4(b)\")",
            ));
        }
        clauses.insert(term.trim().to_string(), reference);
    }
    Ok(clauses)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

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
