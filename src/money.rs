//! Money, rates and dates: the only place amounts are made.
//!
//! Every amount in recoup is a `rust_decimal::Decimal`. Spreadsheet numbers
//! arrive as `f64` and are converted once, here, to the shortest decimal that
//! round-trips (what the studio typed). Rounding is always to cents, half away
//! from zero; the crate's default (banker's) rounding is never used.

use chrono::NaiveDate;
use rust_decimal::prelude::*;
use rust_decimal::RoundingStrategy;

/// Round to cents, half away from zero: the one rounding rule of the product.
pub fn round_cents(d: Decimal) -> Decimal {
    if d.scale() == 2 {
        return d; // already cents (most amounts read from a statement)
    }
    let mut r = d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(2);
    r
}

/// Format an amount as a plain decimal string with two places (`-1234.50`).
pub fn fmt_plain(d: Decimal) -> String {
    let mut out = String::new();
    push_plain(&mut out, d);
    out
}

/// Appends [`fmt_plain`]'s text to `out`.
pub fn push_plain(out: &mut String, d: Decimal) {
    let r = round_cents(d);
    match u64::try_from(r.mantissa().unsigned_abs()) {
        // `r` has scale 2: the digits of its mantissa with a point before the
        // last two, as `Decimal`'s `Display` prints them (sign included, even
        // on a negative zero), without going through a formatter.
        Ok(m) if r.scale() == 2 => {
            let mut buf = [0u8; 24];
            let mut i = buf.len();
            let mut n = m;
            for k in 0.. {
                if k == 2 {
                    i -= 1;
                    buf[i] = b'.';
                }
                i -= 1;
                buf[i] = b'0' + (n % 10) as u8;
                n /= 10;
                if n == 0 && k >= 2 {
                    break;
                }
            }
            if r.is_sign_negative() {
                i -= 1;
                buf[i] = b'-';
            }
            // Only ASCII digits, a point and a sign were written.
            out.push_str(std::str::from_utf8(&buf[i..]).unwrap_or_default());
        }
        _ => {
            use std::fmt::Write;
            let _ = write!(out, "{r}");
        }
    }
}

/// Format an amount with thousands separators for people (`-1,234.50`).
pub fn fmt_human(d: Decimal) -> String {
    let s = fmt_plain(d);
    let (neg, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.as_str()),
    };
    let (int, frac) = s.split_once('.').unwrap_or((s, "00"));
    let mut out = String::with_capacity(int.len() + int.len() / 3 + 4);
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    format!("{}{}.{}", if neg { "-" } else { "" }, out, frac)
}

/// Format a rate (a fraction, 0.3) as a percentage for people (`30%`, `12.5%`).
pub fn fmt_rate(r: Decimal) -> String {
    let p = (r * Decimal::ONE_HUNDRED).normalize();
    format!("{p}%")
}

/// Why a cell could not be read as an amount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AmountError {
    /// Text that is not an amount in any accepted form.
    NotAnAmount,
    /// A number too large for any real money (or for exact decimal arithmetic).
    Overflow,
    /// NaN or infinity from a spreadsheet cell.
    NotFinite,
}

impl std::fmt::Display for AmountError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AmountError::NotAnAmount => write!(f, "not an amount"),
            AmountError::Overflow => write!(f, "too large to be money (over 10^15)"),
            AmountError::NotFinite => write!(f, "not a finite number"),
        }
    }
}

/// The largest magnitude accepted as money: a thousand trillion. Anything
/// larger is a broken cell, and refusing it keeps every later sum exact.
pub fn max_amount() -> Decimal {
    Decimal::from(1_000_000_000_000_000i64)
}

fn check_range(d: Decimal) -> Result<Decimal, AmountError> {
    if d.abs() > max_amount() {
        Err(AmountError::Overflow)
    } else {
        Ok(d)
    }
}

/// Convert a spreadsheet number to the decimal the studio typed: the shortest
/// decimal representation that round-trips to the same `f64`.
pub fn from_f64(v: f64) -> Result<Decimal, AmountError> {
    if !v.is_finite() {
        return Err(AmountError::NotFinite);
    }
    if v.abs() > 1e15 {
        return Err(AmountError::Overflow);
    }
    if let Some(d) = from_f64_cents(v) {
        return Ok(d);
    }
    from_f64_text(v)
}

/// The fast path of `from_f64` for whole cents, what nearly every amount on
/// a statement is. Below 2^43 (8.8e12) the gap between adjacent `f64`s is
/// under 0.001, so when `v` is the double nearest `c / 100` no other decimal
/// of as few digits lies in its rounding interval: the shortest round-trip
/// text is `c / 100` with its trailing zeros dropped. Built with the same
/// scale as that text (`12.5` has scale 1, `12` scale 0), so the `Decimal`
/// is identical, not merely equal. Zero (and `-0.0`) goes the slow way.
fn from_f64_cents(v: f64) -> Option<Decimal> {
    const LIMIT: f64 = (1u64 << 43) as f64;
    if v.is_nan() || v.abs() >= LIMIT || v == 0.0 {
        return None;
    }
    let c = (v * 100.0).round();
    if c / 100.0 != v {
        return None;
    }
    let c = c as i64;
    Some(if c % 100 == 0 {
        Decimal::new(c / 100, 0)
    } else if c % 10 == 0 {
        Decimal::new(c / 10, 1)
    } else {
        Decimal::new(c, 2)
    })
}

/// `from_f64` through the shortest round-trip text.
fn from_f64_text(v: f64) -> Result<Decimal, AmountError> {
    // Rust's `Display` for f64 prints the shortest string that round-trips,
    // without exponent notation for numbers in this range.
    let s = format!("{v}");
    let d = Decimal::from_str(&s).map_err(|_| AmountError::Overflow)?;
    check_range(d)
}

/// Parse an amount printed as text. `Ok(None)` is an empty cell ("not
/// reported"); `-`, `—` and `nil` are zero. Accepts currency symbols, spaces,
/// thousands separators, `(1,234.56)`, `1,234.56-`, `-1,234.56`, `-$1,234.56`.
pub fn parse_amount(text: &str) -> Result<Option<Decimal>, AmountError> {
    let t = text.trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}');
    if t.is_empty() {
        return Ok(None);
    }
    if matches!(t, "-" | "—" | "–" | "--") || t.eq_ignore_ascii_case("nil") {
        return Ok(Some(Decimal::ZERO));
    }
    let mut neg = false;
    // A currency sign may stand outside the parentheses: `$(1,234.56)`, `USD (5.00)`.
    let mut body = t.trim_start_matches(|c: char| {
        matches!(c, '$' | '€' | '£' | '¥' | ' ' | '\u{a0}') || c.is_ascii_alphabetic()
    });
    if !body.starts_with('(') {
        body = t;
    }
    if let Some(inner) = body.strip_prefix('(').and_then(|b| b.strip_suffix(')')) {
        neg = true;
        body = inner;
    }
    let mut digits = String::with_capacity(body.len());
    let mut seen_digit = false;
    let mut seen_point = false;
    let mut trailing_minus = false;
    let mut leading_minus = false;
    for (i, c) in body.char_indices() {
        match c {
            '0'..='9' => {
                if trailing_minus {
                    return Err(AmountError::NotAnAmount);
                }
                digits.push(c);
                seen_digit = true;
            }
            '.' => {
                if seen_point || trailing_minus {
                    return Err(AmountError::NotAnAmount);
                }
                seen_point = true;
                digits.push('.');
            }
            ',' => {
                // A thousands separator sits between digits, before any point.
                if !seen_digit || seen_point {
                    return Err(AmountError::NotAnAmount);
                }
            }
            '-' | '−' | '–' => {
                if !seen_digit && !leading_minus && !seen_point {
                    leading_minus = true;
                } else if seen_digit
                    && !trailing_minus
                    && body[i + c.len_utf8()..].trim().is_empty()
                {
                    trailing_minus = true;
                } else {
                    return Err(AmountError::NotAnAmount);
                }
            }
            '$' | '€' | '£' | '¥' | ' ' | '\u{a0}' | '\'' => {}
            _ => {
                // Alphabetic currency codes (USD, EUR) only before the digits.
                if c.is_ascii_alphabetic() && !seen_digit {
                    continue;
                }
                return Err(AmountError::NotAnAmount);
            }
        }
    }
    if !seen_digit {
        return Err(AmountError::NotAnAmount);
    }
    if leading_minus || trailing_minus {
        if neg {
            return Err(AmountError::NotAnAmount);
        }
        neg = true;
    }
    if digits.len() > 40 {
        return Err(AmountError::Overflow);
    }
    let d = Decimal::from_str(&digits).map_err(|_| AmountError::Overflow)?;
    check_range(if neg { -d } else { d }).map(Some)
}

/// Parse a contract percentage (`"7.5%"`) into a fraction (`0.075`).
pub fn parse_rate(text: &str) -> Option<Decimal> {
    let t = text.trim();
    let num = t.strip_suffix('%')?.trim();
    if num.is_empty()
        || !num
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
    {
        return None;
    }
    let d = Decimal::from_str(num).ok()?;
    Some(d / Decimal::ONE_HUNDRED)
}

/// Parse contract money: a plain decimal string (`"250000"`, `"1.00"`).
pub fn parse_money(text: &str) -> Option<Decimal> {
    match parse_amount(text) {
        Ok(Some(d)) => Some(d),
        _ => None,
    }
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

fn month_from_name(name: &str) -> Option<u32> {
    let n = name.trim_end_matches('.').to_ascii_lowercase();
    if n.len() < 3 {
        return None;
    }
    let full = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    for (i, m) in MONTHS.iter().enumerate() {
        if n == *m || n == full[i] || (n == "sept" && i == 8) {
            return Some(i as u32 + 1);
        }
    }
    None
}

fn year_of(text: &str) -> Option<i32> {
    if !text.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    match text.len() {
        4 => text.parse().ok(),
        2 => text.parse::<i32>().ok().map(|y| 2000 + y),
        _ => None,
    }
}

fn small(text: &str) -> Option<u32> {
    if text.is_empty() || text.len() > 2 || !text.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// Parse a date printed as text: ISO `2024-06-30`, US `06/30/2024`,
/// `30-Jun-2024`, `June 30, 2024` (also `30 June 2024`).
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    // ISO, possibly with a time part from a spreadsheet export.
    let iso = t.split(['T', ' ']).next().unwrap_or(t);
    let parts: Vec<&str> = iso.split('-').collect();
    if parts.len() == 3 && parts[0].len() == 4 {
        let (y, m, d) = (year_of(parts[0])?, small(parts[1])?, small(parts[2])?);
        return NaiveDate::from_ymd_opt(y, m, d);
    }
    if parts.len() == 3 {
        // 30-Jun-2024
        let (d, m, y) = (
            small(parts[0])?,
            month_from_name(parts[1])?,
            year_of(parts[2])?,
        );
        return NaiveDate::from_ymd_opt(y, m, d);
    }
    let parts: Vec<&str> = iso.split('/').collect();
    if parts.len() == 3 {
        let (m, d, y) = (small(parts[0])?, small(parts[1])?, year_of(parts[2])?);
        return NaiveDate::from_ymd_opt(y, m, d);
    }
    // June 30, 2024 / 30 June 2024 / Jun 30 2024
    let words: Vec<&str> = t
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    if words.len() == 3 {
        if let Some(m) = month_from_name(words[0]) {
            return NaiveDate::from_ymd_opt(year_of(words[2])?, m, small(words[1])?);
        }
        if let Some(m) = month_from_name(words[1]) {
            return NaiveDate::from_ymd_opt(year_of(words[2])?, m, small(words[0])?);
        }
    }
    None
}

/// A spreadsheet serial date (1900 or 1904 system) to a calendar date.
pub fn date_from_serial(serial: f64, is_1904: bool) -> Option<NaiveDate> {
    // Serial 1 is 1900-01-01; 2958465 is 9999-12-31. Refuse what lies outside.
    if !serial.is_finite() || !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let days = serial.floor() as i64;
    let epoch = if is_1904 {
        NaiveDate::from_ymd_opt(1904, 1, 1)?
    } else if days >= 60 {
        // Excel counts the non-existent 1900-02-29, so later serials start a day early.
        NaiveDate::from_ymd_opt(1899, 12, 30)?
    } else {
        NaiveDate::from_ymd_opt(1899, 12, 31)?
    };
    epoch.checked_add_signed(chrono::TimeDelta::try_days(days)?)
}

/// Add whole months to a date, clamping to the month's last day.
pub fn add_months(d: NaiveDate, months: u32) -> NaiveDate {
    d.checked_add_months(chrono::Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn amounts_in_every_printed_form() {
        let cases = [
            ("1234.56", "1234.56"),
            ("1,234.56", "1234.56"),
            ("$1,234.56", "1234.56"),
            ("(1,234.56)", "-1234.56"),
            ("($1,234.56)", "-1234.56"),
            ("$(1,234.56)", "-1234.56"),
            ("$ (1,234.56)", "-1234.56"),
            ("USD (5.00)", "-5.00"),
            ("1,234.56-", "-1234.56"),
            ("-1,234.56", "-1234.56"),
            ("-$1,234.56", "-1234.56"),
            ("$ 1 234.56", "1234.56"),
            ("USD 12.5", "12.5"),
            ("-", "0"),
            ("—", "0"),
            ("nil", "0"),
            ("NIL", "0"),
            ("0.00", "0"),
            ("  42  ", "42"),
        ];
        for (text, want) in cases {
            assert_eq!(parse_amount(text), Ok(Some(d(want))), "{text}");
        }
        assert_eq!(parse_amount(""), Ok(None));
        assert_eq!(parse_amount("   "), Ok(None));
    }

    #[test]
    fn non_amounts_are_errors() {
        for text in [
            "abc", "12.3.4", "1-2", "(12", "--5", "(5)-", "12a", ",5", "$", "1e5",
        ] {
            assert_eq!(parse_amount(text), Err(AmountError::NotAnAmount), "{text}");
        }
        assert_eq!(
            parse_amount("99999999999999999999999"),
            Err(AmountError::Overflow)
        );
        assert_eq!(
            parse_amount("9999999999999999999999999999999999999999999999"),
            Err(AmountError::Overflow)
        );
    }

    #[test]
    fn floats_become_the_decimal_typed() {
        assert_eq!(from_f64(0.1).unwrap(), d("0.1"));
        assert_eq!(from_f64(1234567.89).unwrap(), d("1234567.89"));
        assert_eq!(from_f64(-45307862.09).unwrap(), d("-45307862.09"));
        assert_eq!(from_f64(1e20), Err(AmountError::Overflow));
        assert_eq!(from_f64(f64::NAN), Err(AmountError::NotFinite));
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        assert_eq!(round_cents(d("2.345")).to_string(), "2.35");
        assert_eq!(round_cents(d("2.355")).to_string(), "2.36");
        assert_eq!(round_cents(d("-2.345")).to_string(), "-2.35");
        assert_eq!(round_cents(d("7")).to_string(), "7.00");
        assert_eq!(fmt_human(d("-1234567.5")), "-1,234,567.50");
        assert_eq!(fmt_human(d("999")), "999.00");
        assert_eq!(fmt_rate(d("0.125")), "12.5%");
    }

    #[test]
    fn rates() {
        assert_eq!(parse_rate("7.5%"), Some(d("0.075")));
        assert_eq!(parse_rate("0%"), Some(d("0")));
        assert_eq!(parse_rate("30"), None);
        assert_eq!(parse_rate("abc%"), None);
    }

    #[test]
    fn dates_in_every_form() {
        let want = NaiveDate::from_ymd_opt(2024, 6, 30).unwrap();
        for text in [
            "2024-06-30",
            "06/30/2024",
            "6/30/2024",
            "30-Jun-2024",
            "June 30, 2024",
            "Jun 30 2024",
            "30 June 2024",
            "2024-06-30 00:00:00",
        ] {
            assert_eq!(parse_date(text), Some(want), "{text}");
        }
        for text in ["2024-02-30", "13/01/2024", "soon", "30-Foo-2024", ""] {
            assert_eq!(parse_date(text), None, "{text}");
        }
    }

    #[test]
    fn serial_dates_in_both_systems() {
        assert_eq!(
            date_from_serial(45473.0, false),
            NaiveDate::from_ymd_opt(2024, 6, 30)
        );
        assert_eq!(
            date_from_serial(44011.0, true),
            NaiveDate::from_ymd_opt(2024, 6, 30)
        );
        assert_eq!(
            date_from_serial(1.0, false),
            NaiveDate::from_ymd_opt(1900, 1, 1)
        );
        assert_eq!(date_from_serial(-5.0, false), None);
        assert_eq!(date_from_serial(1e12, false), None);
    }

    fn same(a: Decimal, b: Decimal) -> bool {
        a.serialize() == b.serialize()
    }

    #[test]
    fn cents_fast_path_edges() {
        for v in [
            0.01,
            -0.01,
            0.1,
            0.5,
            1.0,
            -1.0,
            12.5,
            100.0,
            1234567.89,
            -45307862.09,
            0.07,
            8_796_093_022_207.99,
            -8_796_093_022_207.99,
            8_796_093_022_208.0,
            1e12,
            0.0,
            -0.0,
        ] {
            let text = from_f64_text(v).unwrap();
            assert!(same(from_f64(v).unwrap(), text), "{v}");
            if let Some(fast) = from_f64_cents(v) {
                assert!(same(fast, text), "{v}: {fast} vs {text}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn cents_fast_path_matches_text(c in -(1i64 << 50)..(1i64 << 50)) {
            let v = c as f64 / 100.0;
            let text = from_f64_text(v).unwrap();
            let got = from_f64(v).unwrap();
            proptest::prop_assert!(same(got, text), "{} -> {} vs {}", v, got, text);
        }

        #[test]
        fn cents_fast_path_matches_text_small(c in -10_000_000_000i64..10_000_000_000) {
            let v = c as f64 / 100.0;
            proptest::prop_assert!(from_f64_cents(v).is_some() || v == 0.0);
            proptest::prop_assert!(same(from_f64(v).unwrap(), from_f64_text(v).unwrap()));
        }

        #[test]
        fn any_float_matches_text(v in proptest::num::f64::NORMAL | proptest::num::f64::SUBNORMAL | proptest::num::f64::ZERO) {
            match (from_f64(v), from_f64_text(v)) {
                (Ok(a), Ok(b)) => proptest::prop_assert!(same(a, b), "{}: {} vs {}", v, a, b),
                (a, b) if v.abs() > 1e15 => proptest::prop_assert_eq!(a, Err(AmountError::Overflow), "{} / {:?}", v, b),
                (a, b) => proptest::prop_assert_eq!(a, b),
            }
        }

        #[test]
        fn near_cents_floats_match_text(c in -(1i64 << 45)..(1i64 << 45), ulps in -3i64..=3) {
            let v = f64::from_bits(((c as f64 / 100.0).to_bits() as i64 + ulps) as u64);
            if v.is_finite() {
                proptest::prop_assert!(same(from_f64(v).unwrap(), from_f64_text(v).unwrap()), "{}", v);
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn fmt_plain_matches_display(m in proptest::num::i128::ANY, scale in 0u32..=28, neg in proptest::bool::ANY) {
            let m = m % 10i128.pow(28);
            let mut d = Decimal::from_i128_with_scale(m, scale);
            d.set_sign_negative(neg);
            if d.abs() < Decimal::from_i128_with_scale(10i128.pow(25), 0) {
                proptest::prop_assert_eq!(fmt_plain(d), round_cents(d).to_string());
            }
        }

        #[test]
        fn fmt_plain_matches_display_for_amounts(m in -(1i64 << 62)..(1i64 << 62), scale in 0u32..=6) {
            let d = Decimal::new(m, scale);
            proptest::prop_assert_eq!(fmt_plain(d), round_cents(d).to_string());
        }
    }

    #[test]
    fn fmt_plain_edges() {
        for t in [
            "0",
            "-0",
            "0.001",
            "-0.001",
            "-0.005",
            "0.05",
            "-0.05",
            "1",
            "-1.5",
            "99.999",
            "-99.995",
            "18446744073709551.61",
            "18446744073709551.62",
            "-18446744073709551.62",
        ] {
            let d = Decimal::from_str(t).unwrap();
            assert_eq!(fmt_plain(d), round_cents(d).to_string(), "{t}");
        }
        let mut z = Decimal::ZERO;
        z.set_sign_negative(true);
        assert_eq!(fmt_plain(z), round_cents(z).to_string());
    }
}
