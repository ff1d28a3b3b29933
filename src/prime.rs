//! The U.S. bank prime loan rate history recoup carries (Federal Reserve
//! H.15), used when a contract's interest rate is based on prime and the
//! contract gives no `prime` table of its own (SPEC §3, "Prime").
//!
//! The table is a data file (`src/data/us_prime.csv`) embedded at build time,
//! so updating it is an edit to a CSV, not to code. It says where it comes
//! from and the date it runs to; a period after that date is checked with the
//! last rate, and the report says so.

use crate::money::parse_rate;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::sync::OnceLock;

const DATA: &str = include_str!("data/us_prime.csv");

/// Where the carried history comes from, for reports.
pub const SOURCE: &str = "U.S. bank prime loan rate, Federal Reserve H.15 (FRED series PRIME)";

/// A prime rate and the day it takes effect: a row of the carried history,
/// or of a contract's own `interest.prime` table.
#[derive(Debug, Clone, PartialEq)]
pub struct PrimeRate {
    pub from: NaiveDate,
    pub rate: Decimal,
}

/// The carried history: every change, oldest first.
pub struct History {
    pub rates: Vec<PrimeRate>,
    /// The last day the table is known to be complete to.
    pub runs_to: NaiveDate,
}

impl History {
    /// The rate in force from the last recorded change on (the table is
    /// never empty: `parse` refuses an empty one).
    pub fn last_rate(&self) -> Decimal {
        self.rates.last().map(|p| p.rate).unwrap_or_default()
    }
}

/// The carried history, parsed once. The data file is part of the build and
/// is tested, so a malformed row is a bug in recoup, not an input error.
pub fn history() -> &'static History {
    static CELL: OnceLock<History> = OnceLock::new();
    CELL.get_or_init(|| parse(DATA).expect("src/data/us_prime.csv is well formed"))
}

fn parse(text: &str) -> Result<History, String> {
    let mut rates = Vec::new();
    let mut runs_to = None;
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if let Some(comment) = line.strip_prefix('#') {
            if let Some(date) = comment.trim().strip_prefix("runs_to:") {
                let date = date.split_whitespace().next().unwrap_or_default();
                runs_to = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok();
            }
            continue;
        }
        if line.is_empty() || line == "from,rate" {
            continue;
        }
        let (from, rate) = line
            .split_once(',')
            .ok_or_else(|| format!("line {}: not 'from,rate'", n + 1))?;
        let from = NaiveDate::parse_from_str(from.trim(), "%Y-%m-%d")
            .map_err(|e| format!("line {}: {e}", n + 1))?;
        let rate = parse_rate(rate.trim()).ok_or_else(|| format!("line {}: bad rate", n + 1))?;
        if rates.last().is_some_and(|p: &PrimeRate| p.from >= from) {
            return Err(format!("line {}: dates out of order", n + 1));
        }
        rates.push(PrimeRate { from, rate });
    }
    let runs_to = runs_to.ok_or("no '# runs_to:' line")?;
    if rates.is_empty() {
        return Err("no rates".into());
    }
    Ok(History { rates, runs_to })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn on(day: &str) -> Decimal {
        let day = NaiveDate::from_str(day).unwrap();
        history()
            .rates
            .iter()
            .rev()
            .find(|p| p.from <= day)
            .map(|p| p.rate)
            .unwrap()
    }

    fn pct(s: &str) -> Decimal {
        parse_rate(s).unwrap()
    }

    /// A dozen changes anyone can check against H.15, and the days around them.
    #[test]
    fn known_changes() {
        let h = history();
        assert!(h.rates.len() > 90, "every change since 1990");
        assert_eq!(h.rates[0].from, NaiveDate::from_str("1989-07-31").unwrap());
        assert_eq!(on("1990-01-01"), pct("10.5%"));
        assert_eq!(on("1990-01-08"), pct("10%"));
        assert_eq!(on("1992-07-02"), pct("6%"));
        assert_eq!(on("2000-05-17"), pct("9.5%"));
        assert_eq!(on("2001-12-11"), pct("5%"));
        assert_eq!(on("2001-12-12"), pct("4.75%"));
        assert_eq!(on("2006-06-29"), pct("8.25%"));
        assert_eq!(on("2008-12-15"), pct("4%"));
        assert_eq!(on("2008-12-16"), pct("3.25%"));
        assert_eq!(on("2015-12-16"), pct("3.25%"));
        assert_eq!(on("2015-12-17"), pct("3.5%"));
        assert_eq!(on("2018-12-20"), pct("5.5%"));
        assert_eq!(on("2020-03-16"), pct("3.25%"));
        assert_eq!(on("2022-06-16"), pct("4.75%"));
        assert_eq!(on("2023-07-27"), pct("8.5%"));
        assert_eq!(on("2024-09-18"), pct("8.5%"));
        assert_eq!(on("2024-09-19"), pct("8%"));
        assert_eq!(on("2024-12-19"), pct("7.5%"));
        assert!(h.runs_to >= h.rates.last().unwrap().from);
    }

    #[test]
    fn malformed_tables_are_refused() {
        assert!(parse("from,rate\n2020-01-01,3%\n").is_err(), "no runs_to");
        assert!(parse("# runs_to: 2020-12-31\n2020-02-01,3%\n2020-01-01,4%\n").is_err());
        assert!(parse("# runs_to: 2020-12-31\n2020-02-01;3%\n").is_err());
        let h = parse("# runs_to: 2020-12-31\nfrom,rate\n2020-01-01,3%\n").unwrap();
        assert_eq!(h.rates[0].rate, Decimal::from_str("0.03").unwrap());
    }
}
