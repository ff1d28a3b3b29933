//! Printed labels to line codes (SPEC §2, "Sections and line codes").
//!
//! Matching ignores case, spaces and punctuation, a leading `Less`, a
//! trailing rate (`(30%)`, `@15%`), and treats `&` as `and` (the word `and`
//! itself is dropped, so `Checking & Collection`, `Checking and Collection`
//! and `Checking Collection` are one key).

mod aliases;

use super::model::Section;
use aliases::{EXPENSES, MEDIA, MEMO, NEGATIVE_COST, NET_PROFITS, PARTICIPANT, SECTIONS};
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::str::FromStr;
use std::sync::OnceLock;

/// Lowercase alphanumeric words of a label, `&` read as `and`, `and` dropped.
pub fn words(label: &str) -> Vec<String> {
    let k = Words::new(label);
    (0..k.len()).map(|i| k.word(i).to_string()).collect()
}

/// The matching key of a label: its words joined.
pub fn key(label: &str) -> String {
    Words::new(label).text
}

/// The words of a label (as [`words`]) held in one string, without a
/// `String` per word: labels are matched once per printed line, so this
/// runs for every row of every statement.
///
/// `&` needs no rule of its own: it is not alphanumeric, so it separates
/// words like any punctuation, and the `and` it stands for is dropped.
struct Words {
    /// The words joined (`key(label)`).
    text: String,
    /// Where each word starts in `text`.
    starts: Vec<usize>,
}

/// A label without a leading outline number: `I. GROSS RECEIPTS`,
/// `2) Distribution Fees`, `A. Film Rental`, `(b) Prints`.
fn strip_enumerator(label: &str) -> &str {
    let t = label.trim_start();
    let inner = t.strip_prefix('(').unwrap_or(t);
    let end = inner
        .bytes()
        .position(|b| b == b'.' || b == b')')
        .unwrap_or(0);
    if end == 0 || end > 4 {
        return label;
    }
    let token = &inner[..end];
    let numbered = token.chars().all(|c| c.is_ascii_digit())
        || token
            .chars()
            .all(|c| matches!(c.to_ascii_lowercase(), 'i' | 'v' | 'x'))
        || (token.len() == 1 && token.chars().all(|c| c.is_ascii_alphabetic()));
    let rest = &inner[end + 1..];
    // The enumerator is followed by a space and then the label itself.
    if numbered && rest.starts_with(' ') && !rest.trim().is_empty() {
        rest.trim_start()
    } else {
        label
    }
}

impl Words {
    fn new(label: &str) -> Words {
        let label = strip_enumerator(label);
        let mut text = String::with_capacity(label.len());
        let mut starts = Vec::new();
        for w in label
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
        {
            let at = text.len();
            if w.is_ascii() {
                text.extend(w.chars().map(|c| c.to_ascii_lowercase()));
            } else {
                text.push_str(&w.to_lowercase());
            }
            if &text[at..] == "and" {
                text.truncate(at);
            } else {
                starts.push(at);
            }
        }
        Words { text, starts }
    }

    fn len(&self) -> usize {
        self.starts.len()
    }

    /// Word `i`, or `""` past the end.
    fn word(&self, i: usize) -> &str {
        match self.starts.get(i) {
            Some(&a) => &self.text[a..self.starts.get(i + 1).copied().unwrap_or(self.text.len())],
            None => "",
        }
    }

    /// Words `i..` joined.
    fn from(&self, i: usize) -> &str {
        &self.text[self.starts.get(i).copied().unwrap_or(self.text.len())..]
    }

    /// Words `i..j` joined.
    fn range(&self, i: usize, j: usize) -> &str {
        let at = |k: usize| self.starts.get(k).copied().unwrap_or(self.text.len());
        if j <= i {
            return "";
        }
        &self.text[at(i)..at(j)]
    }
}

/// Where a total's own words are in a label (SPEC §2, "Studios' own
/// subtotal words"): `Total` or `Sub-Total` (`Subtotal`, `Sub Total`)
/// first, or a subtotal word last (`Theatrical Sub-Total`). Returns the
/// range of the other words, or `None` when the label is not worded as a
/// total.
fn total_words(w: &Words, first: usize) -> Option<(usize, usize)> {
    let n = w.len();
    let lead = match (w.word(first), w.word(first + 1)) {
        ("total" | "subtotal", _) => 1,
        ("sub", "total") => 2,
        _ => 0,
    };
    if lead > 0 {
        return Some((first + lead, n));
    }
    if n > first {
        if w.word(n - 1) == "subtotal" {
            return Some((first, n - 1));
        }
        if n >= first + 2 && w.word(n - 2) == "sub" && w.word(n - 1) == "total" {
            return Some((first, n - 2));
        }
    }
    None
}

/// The words of a total that name a group of the lines above it
/// (`Theatrical` in `Theatrical Sub-Total`, `Home Video` in `Total Home
/// Video`), as matching keys one per word; empty for a bare `Sub-Total`
/// or a label not worded as a total.
pub fn group_words(label: &str) -> Vec<String> {
    let (base, _) = split_rate(label);
    let w = Words::new(base);
    let first = usize::from(w.word(0) == "less");
    match total_words(&w, first) {
        Some((a, b)) => (a..b).map(|i| w.word(i).to_string()).collect(),
        None => Vec::new(),
    }
}

/// Whether a total could head a group of the line printed above it: the
/// total's first word (`Total`, `Sub-Total` aside) is that line's first
/// word. A quick test, without allocating, before [`group_words`].
pub fn may_head_group(total: &str, above: &str) -> bool {
    if !total.is_ascii() || !above.is_ascii() {
        return true; // the full test decides
    }
    // The alphanumeric words of an ASCII label, an outline number skipped.
    fn word(b: &[u8], from: usize) -> Option<(usize, usize)> {
        let mut i = from;
        while i < b.len() && !b[i].is_ascii_alphanumeric() {
            i += 1;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_alphanumeric() {
            i += 1;
        }
        (i > start).then_some((start, i))
    }
    fn lead<'a>(s: &'a str, skip: &[&str]) -> Option<&'a str> {
        let s = strip_enumerator(s);
        let b = s.as_bytes();
        let (mut a, mut e) = word(b, 0)?;
        for _ in 0..2 {
            let w = &s[a..e];
            if !skip.iter().any(|k| w.eq_ignore_ascii_case(k)) {
                break;
            }
            (a, e) = word(b, e)?;
        }
        Some(&s[a..e])
    }
    match (
        lead(total, &["total", "subtotal", "sub"]),
        lead(above, &["less"]),
    ) {
        (Some(x), Some(y)) => x.eq_ignore_ascii_case(y),
        _ => false,
    }
}

/// Whether a label's words begin with the given words (`Theatrical -
/// Domestic` begins with `theatrical`).
pub fn begins_with(label: &str, group: &[String]) -> bool {
    let (base, _) = split_rate(label);
    let w = Words::new(base);
    let first = usize::from(w.word(0) == "less");
    !group.is_empty()
        && group
            .iter()
            .enumerate()
            .all(|(i, g)| w.word(first + i) == g)
}

/// A section name with a qualifier such as `- All Media`, `- All
/// Territories`, `- All Sources` (`Gross Receipts - All Media`): the
/// words before the qualifier.
fn without_all_qualifier(w: &Words, a: usize, b: usize) -> Option<&str> {
    if b >= a + 3
        && w.word(b - 2) == "all"
        && matches!(
            w.word(b - 1),
            "media" | "territories" | "sources" | "rights" | "markets"
        )
    {
        Some(w.range(a, b - 2))
    } else {
        None
    }
}

/// A gross receipts line converting another currency (`Currency
/// Conversion`, `Exchange Adjustment`, `FX Adjustment`, `Conversion to
/// USD`, any currency pair or rate after it): `gr.conversion`.
fn names_conversion(w: &Words, first: usize) -> bool {
    matches!(
        (w.word(first), w.word(first + 1)),
        ("currency", "conversion")
            | ("exchange" | "fx" | "currency", "adjustment")
            | ("conversion", "to")
            | ("foreign", "exchange")
    )
}

/// A label's matching key without a qualifier for a season, year, episode
/// range or part (SPEC §2, "Repeated lines"): `Network License Fees -
/// Season 1`, `Season 2 License Fees`, `Syndication 2024`, `Episodes 1-13`,
/// `(22 episodes)`, `Part 2`, `Cycle 3`. `None` when there is none.
fn unqualified(w: &Words, first: usize) -> Option<String> {
    let n = w.len();
    let number = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let year = |s: &str| s.len() == 4 && number(s) && (s.starts_with("19") || s.starts_with("20"));
    let mut keep = vec![true; n];
    let mut dropped = false;
    for i in first..n {
        let word = w.word(i);
        if matches!(
            word,
            "season"
                | "seasons"
                | "part"
                | "cycle"
                | "episode"
                | "episodes"
                | "eps"
                | "ep"
                | "year"
                | "volume"
                | "vol"
        ) {
            let mut any = false;
            let mut j = i + 1;
            while j < n && number(w.word(j)) {
                keep[j] = false;
                any = true;
                j += 1;
            }
            let mut k = i;
            while k > first && number(w.word(k - 1)) {
                keep[k - 1] = false;
                any = true;
                k -= 1;
            }
            if any {
                keep[i] = false;
                dropped = true;
            }
        } else if year(word) {
            keep[i] = false;
            dropped = true;
        }
    }
    if !dropped {
        return None;
    }
    let key: String = (first..n).filter(|&i| keep[i]).map(|i| w.word(i)).collect();
    (!key.is_empty()).then_some(key)
}

/// Split a trailing printed rate and footnote markers off a label:
/// `Overhead @15%` → (`Overhead`, 0.15), `Theatrical - Domestic (30%)` →
/// (`Theatrical - Domestic`, 0.30), `Advertising & Publicity (2)` →
/// (`Advertising & Publicity`, none), `Soundtrack (20%) *` → (`Soundtrack`, 0.20).
pub fn split_rate(label: &str) -> (&str, Option<Decimal>) {
    let (body, rate) = split_rate_only(strip_marker(label));
    (strip_marker(body), rate)
}

/// A label without its trailing footnote markers (SPEC §2, "Footnote
/// markers"): `(1)`, `(a)`, `[1]`, `[a]`, `*`, `**`, `†`, `‡`, superscript
/// digits, `(see note 2)`, `(Note 3)`. Never strips the whole label.
pub fn strip_marker(label: &str) -> &str {
    if label
        .as_bytes()
        .last()
        .is_some_and(u8::is_ascii_alphanumeric)
    {
        return label;
    }
    let mut t = label.trim_end();
    // Most labels end in a letter or a digit: nothing to strip.
    match t.as_bytes().last() {
        Some(b) if b.is_ascii_alphanumeric() || (b.is_ascii() && !b")]*".contains(b)) => return t,
        None => return t,
        _ => {}
    }
    loop {
        let before = t.len();
        let trimmed = t
            .trim_end_matches(|c: char| matches!(c, '*' | '†' | '‡' | '¹' | '²' | '³' | '⁰'..='⁹'))
            .trim_end();
        if !trimmed.is_empty() {
            t = trimmed;
        }
        for (open, close) in [('(', ')'), ('[', ']')] {
            let Some(inner_end) = t.strip_suffix(close) else {
                continue;
            };
            let Some(at) = inner_end.rfind(open) else {
                continue;
            };
            let inner = inner_end[at + 1..].trim();
            let rest = inner_end[..at].trim_end();
            if !rest.is_empty() && is_marker(inner) {
                t = rest;
            }
        }
        if t.len() == before {
            return t;
        }
    }
}

/// The text inside a footnote marker's brackets: `1`, `a`, `see note 2`, `Note 3`.
fn is_marker(inner: &str) -> bool {
    let b = inner.as_bytes();
    if !b.is_empty() && b.len() <= 2 && b.iter().all(u8::is_ascii_digit) {
        return true;
    }
    if b.len() == 1 && b[0].is_ascii_alphabetic() {
        return true;
    }
    ["see notes", "see note", "notes", "note", "see"]
        .iter()
        .find_map(|p| {
            let head = inner.get(..p.len())?;
            head.eq_ignore_ascii_case(p).then(|| &inner[p.len()..])
        })
        .is_some_and(|n| {
            let n = n.trim();
            !n.is_empty() && n.len() <= 3 && n.bytes().all(|b| b.is_ascii_alphanumeric())
        })
}

fn split_rate_only(label: &str) -> (&str, Option<Decimal>) {
    let t = label.trim_end();
    let (body, rate_text) = if let Some(inner) = t.strip_suffix(')') {
        // The parentheses must hold only the rate.
        let Some(open) = inner.rfind('(') else {
            return (t, None);
        };
        (&inner[..open], inner[open + 1..].trim())
    } else {
        // `Overhead @15%`, `Overhead @ 15%`, `Overhead 15%`: the number is the last word.
        let Some(num) = t.strip_suffix('%') else {
            return (t, None);
        };
        let start = num
            .trim_end()
            .rfind(|c: char| !(c.is_ascii_digit() || c == '.'))
            .map_or(0, |i| i + 1);
        let body = num[..start].trim_end();
        (body.strip_suffix('@').unwrap_or(body), &t[start..])
    };
    let Some(digits) = rate_text.strip_suffix('%') else {
        return (t, None);
    };
    let body = body.trim_end();
    match Decimal::from_str(digits.trim()) {
        Ok(rate) if !body.is_empty() => (body, Some(rate / Decimal::ONE_HUNDRED)),
        _ => (t, None),
    }
}

fn table(pairs: &[(&str, &[&str])]) -> HashMap<String, String> {
    let mut m = HashMap::new();
    for (code, aliases) in pairs {
        for a in *aliases {
            m.insert(key(a), code.to_string());
        }
        // Each code's own name is an alias, underscores as spaces.
        if let Some(name) = code.rsplit('.').next() {
            m.entry(key(&name.replace('_', " ")))
                .or_insert_with(|| code.to_string());
        }
    }
    m
}

struct Tables {
    media: HashMap<String, String>,
    expenses: HashMap<String, String>,
    negative_cost: HashMap<String, String>,
    net_profits: Vec<String>,
    participant: HashMap<String, String>,
    memo: HashMap<String, String>,
    sections: HashMap<String, Section>,
}

fn tables() -> &'static Tables {
    static T: OnceLock<Tables> = OnceLock::new();
    T.get_or_init(|| {
        let mut sections = HashMap::new();
        for (s, aliases) in SECTIONS {
            for a in *aliases {
                sections.insert(key(a), *s);
            }
        }
        let plain = |pairs: &[(&str, &[&str])]| {
            let mut m = HashMap::new();
            for (code, aliases) in pairs {
                for a in *aliases {
                    m.insert(key(a), code.to_string());
                }
            }
            m
        };
        Tables {
            media: table(MEDIA),
            expenses: table(EXPENSES),
            negative_cost: plain(NEGATIVE_COST),
            net_profits: NET_PROFITS.iter().map(|a| key(a)).collect(),
            participant: plain(PARTICIPANT),
            memo: plain(MEMO),
            sections,
        }
    })
}

/// The section a heading or a Section cell names, if any.
pub fn section_named(text: &str) -> Option<Section> {
    memo::section_named(text, section_named_uncached)
}

fn section_named_uncached(text: &str) -> Option<Section> {
    let w = Words::new(text);
    let first = usize::from(w.word(0) == "less");
    tables().sections.get(w.from(first)).copied()
}

/// Every code recoup knows, for validating contract aliases.
pub fn is_known_code(code: &str) -> bool {
    let t = tables();
    let Some((prefix, name)) = code.split_once('.') else {
        return false;
    };
    match prefix {
        "gr" => {
            matches!(name, "total" | "adjustment" | "reserve" | "conversion")
                || t.media.values().any(|m| m == name)
        }
        "fee" => name == "total" || t.media.values().any(|m| m == name),
        "exp" => name == "total" || t.expenses.values().any(|m| m == name),
        "nc" => matches!(name, "direct" | "overhead" | "total"),
        "int" | "gp" | "def" | "np" => name == "total",
        "share" => name == "earned",
        "pay" => matches!(name, "bonus" | "prior" | "due"),
        "memo" => t.memo.values().any(|m| m == code),
        _ => false,
    }
}

/// What a medium is, for `recoup explain gr.<medium>`.
fn medium_meaning(m: &str) -> Option<&'static str> {
    Some(match m {
        "theatrical_domestic" => "theatrical film rentals in the U.S. and Canada",
        "theatrical_foreign" => "theatrical film rentals outside the U.S. and Canada",
        "home_video_domestic" => "home video (discs, digital sell-through) in the U.S. and Canada",
        "home_video_foreign" => "home video outside the U.S. and Canada",
        "home_video" => "home video, not split by territory",
        "pay_tv" => "pay television licenses (premium channels)",
        "free_tv" => "free and network television, domestic and off-network syndication",
        "tv_license" => {
            "the license fees the network or platform that ordered a series pays for it"
        }
        "tv_foreign" => "sales of the picture or series to television outside the U.S.",
        "basic_cable" => "basic cable licenses",
        "svod" => "subscription video on demand (streaming) licenses",
        "avod" => "advertising-supported video on demand and FAST channels",
        "tvod" => "transactional video on demand and electronic sell-through",
        "non_theatrical" => "airlines, ships, schools and other non-theatrical exhibition",
        "merchandising" => "merchandising and licensing",
        "soundtrack" => "soundtrack albums and music",
        "other" => "other and miscellaneous sources",
        _ => return None,
    })
}

/// What a line code means and the labels that read as it, for `recoup
/// explain CODE` (`gr.tv_license`, `gr.reserve`, `memo.breakeven`).
pub fn explain_code(code: &str) -> Option<String> {
    let code = code.trim().to_ascii_lowercase();
    if !is_known_code(&code) {
        return None;
    }
    let (prefix, name) = code.split_once('.')?;
    let aliases = |pairs: &[(&str, &[&str])], key: &str| -> Vec<String> {
        pairs
            .iter()
            .filter(|(c, _)| *c == key)
            .flat_map(|(_, a)| a.iter().map(|x| x.to_string()))
            .collect()
    };
    let (meaning, labels): (String, Vec<String>) = match (prefix, name) {
        ("gr", "total") => ("total gross receipts".into(), vec!["Total Gross Receipts".into()]),
        ("gr", "reserve") => (
            "a reserve held back from gross receipts (for returns, bad debts). It always reduces gross receipts; its sign is read from the inception-to-date figure: printed positive, a negative current-period figure is a release of reserves and adds back. findings.json and inspect show its effect on gross receipts (a reserve held is negative)".into(),
            vec!["Reserves".into(), "Less Reserve for Returns".into(), "Bad Debt Reserve".into(), "any gross receipts line naming a reserve".into()],
        ),
        ("gr", "conversion") => (
            "a currency conversion printed in gross receipts, added with its sign".into(),
            vec!["Currency Conversion".into(), "Exchange Adjustment".into(), "FX Adjustment".into(), "Conversion to USD".into(), "any currency pair or rate after it (Currency Conversion EUR->USD @ 1.0850)".into()],
        ),
        ("gr", "adjustment") => (
            "an adjustment that reduces gross receipts (returns, accounts receivable)".into(),
            vec!["any other gross receipts line beginning with Less".into()],
        ),
        ("gr", m) => (
            format!("gross receipts from {}", medium_meaning(m)?),
            aliases(MEDIA, m),
        ),
        ("fee", "total") => ("total distribution fees".into(), vec!["Total Distribution Fees".into()]),
        ("fee", m) => (
            format!("the distribution fee on {} (checked against [distribution_fees] {m})", medium_meaning(m)?),
            aliases(MEDIA, m),
        ),
        ("exp", "total") => ("total distribution expenses".into(), vec!["Total Distribution Expenses".into()]),
        ("exp", k) => (format!("the distribution expense kind {k}"), aliases(EXPENSES, k)),
        ("nc", "total") => ("total negative cost (cost of production)".into(), vec!["Total Negative Cost".into()]),
        ("nc", _) => (
            if name == "direct" { "the direct cost of production".into() } else { "production overhead (checked against [negative_cost] overhead)".into() },
            aliases(NEGATIVE_COST, &code),
        ),
        ("np", _) => (
            "the participation base: net profits, or MAGR (modified adjusted gross receipts), or gross receipts in excess of breakeven. These labels win over the Total, Less and Net rules".into(),
            NET_PROFITS.iter().map(|x| x.to_string()).collect(),
        ),
        ("memo", "breakeven") => (
            "the breakeven a gross-after-breakeven statement prints: np.total = gr.total - memo.breakeven; checked by BREAKEVEN against [breakeven]".into(),
            aliases(MEMO, &code),
        ),
        ("memo", _) => ("a memo figure (not part of the waterfall)".into(), aliases(MEMO, &code)),
        ("share" | "pay", _) => ("a participant line, read from the inception-to-date column".into(), aliases(PARTICIPANT, &code)),
        ("int", _) => ("interest charged on the unrecouped cost".into(), vec!["Interest".into()]),
        ("gp", _) => ("gross participations paid to others".into(), vec!["Gross Participations".into()]),
        ("def", _) => ("deferments".into(), vec!["Deferments".into()]),
        _ => return None,
    };
    let mut o = format!("{code}: {meaning}.\n");
    if !labels.is_empty() {
        o.push_str(&format!("\nPrinted as: {}.\n", labels.join("; ")));
    }
    o.push_str("\nMatching ignores case, spaces, punctuation, a leading Less and a trailing rate ((30%), @15%); a contract's [aliases] may add labels.\n");
    Some(o)
}

/// The section a code belongs to.
pub fn section_of_code(code: &str) -> Option<Section> {
    let prefix = code.split('.').next()?;
    Some(match prefix {
        "gr" => Section::GrossReceipts,
        "fee" => Section::DistributionFees,
        "exp" => Section::DistributionExpenses,
        "nc" => Section::NegativeCost,
        "int" => Section::Interest,
        "gp" => Section::GrossParticipations,
        "def" => Section::Deferments,
        "np" => Section::NetProfits,
        "share" | "pay" => Section::Participant,
        "memo" => Section::Memo,
        _ => return None,
    })
}

/// What a label means in the section it is printed in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Meaning {
    /// A component line with its code.
    Item(String),
    /// A total (or subtotal) of the given section; may open that section.
    Total(Section),
    /// A running balance (`Net After Distribution Fees`).
    Balance,
    /// No alias matches.
    Unmapped,
}

/// Classify a label (with its trailing rate already removed).
///
/// `extra` holds a contract's `[aliases]`, keyed by `key(label)`.
pub fn classify(
    section: Option<Section>,
    label: &str,
    extra: Option<&HashMap<String, String>>,
) -> Meaning {
    match extra {
        // A contract's aliases are the deal's own: not remembered.
        Some(_) => classify_uncached(section, label, extra),
        None => memo::classify(section, label, |s, l| classify_uncached(s, l, None)),
    }
}

fn classify_uncached(
    section: Option<Section>,
    label: &str,
    extra: Option<&HashMap<String, String>>,
) -> Meaning {
    let t = tables();
    let all = Words::new(label);
    if let Some(extra) = extra {
        if let Some(code) = extra.get(all.from(0)) {
            return Meaning::Item(code.clone());
        }
    }
    let less = all.word(0) == "less";
    let first = usize::from(less);
    let k = all.from(first);
    if let Some(extra) = extra {
        if let Some(code) = extra.get(k) {
            return Meaning::Item(code.clone());
        }
    }
    let worded = total_words(&all, first);
    let is_total_word = worded.is_some();
    let (a, b) = worded.unwrap_or((first, all.len()));
    let after_total = all.range(a, b);
    let lead = all.word(first);

    // Interest, gross participations and deferments keep their codes inside
    // any deduction section (Disney prints them under Negative Cost).
    // A section's name with `- All Media` (`Gross Receipts - All Media`) is
    // a total of that section.
    let named = t.sections.get(after_total).copied().or_else(|| {
        without_all_qualifier(&all, a, b).and_then(|core| t.sections.get(core).copied())
    });
    if let (Some(s), Some(cur)) = (named, section) {
        if s != cur
            && !is_total_word
            && cur.is_deduction()
            && matches!(
                s,
                Section::Interest | Section::GrossParticipations | Section::Deferments
            )
        {
            return Meaning::Item(format!("{}.total", s.prefix()));
        }
    }
    // The participation base, the participant's lines and the memo lines have
    // labels no other section uses: they are known wherever they are printed.
    // A participation-base alias wins over the Total, Less and Net rules
    // (`Net Profits`, `Gross Receipts in Excess of Breakeven`).
    if t.net_profits.iter().any(|n| n == k) {
        return Meaning::Item("np.total".to_string());
    }
    if let Some(code) = t.participant.get(k) {
        return Meaning::Item(code.clone());
    }
    if let Some(code) = t.memo.get(k) {
        // `Less: Breakeven` on a gross-after-breakeven statement is the
        // breakeven itself; no other memo figure is ever subtracted.
        if !less || code == "memo.breakeven" {
            return Meaning::Item(code.clone());
        }
    }
    if let Some(s) = named {
        return Meaning::Total(s);
    }
    if is_total_word {
        return match section {
            Some(s) => Meaning::Total(s),
            None => Meaning::Unmapped,
        };
    }
    if !less && matches!(lead, "net" | "balance") {
        return Meaning::Balance;
    }
    let Some(section) = section else {
        return classify_anywhere(label, extra);
    };
    match section {
        Section::GrossReceipts => {
            if names_reserve(&all) {
                Meaning::Item("gr.reserve".to_string())
            } else if names_conversion(&all, first) {
                Meaning::Item("gr.conversion".to_string())
            } else if less {
                Meaning::Item("gr.adjustment".to_string())
            } else if let Some(m) = media_of(&t.media, &all, first, k) {
                Meaning::Item(format!("gr.{m}"))
            } else {
                Meaning::Unmapped
            }
        }
        Section::DistributionFees => match media_of(&t.media, &all, first, k) {
            Some(m) => Meaning::Item(format!("fee.{m}")),
            None => Meaning::Unmapped,
        },
        Section::DistributionExpenses => match media_of(&t.expenses, &all, first, k) {
            Some(m) => Meaning::Item(format!("exp.{m}")),
            None => Meaning::Unmapped,
        },
        Section::NegativeCost => match t.negative_cost.get(k) {
            Some(c) => Meaning::Item(c.clone()),
            None => Meaning::Unmapped,
        },
        Section::Memo => match t.memo.get(k) {
            Some(c) => Meaning::Item(c.clone()),
            None => Meaning::Unmapped,
        },
        _ => Meaning::Unmapped,
    }
}

/// A medium or expense kind by its key, or by its key without a season,
/// year, episode or part qualifier (`Network License Fees - Season 1`).
fn media_of<'t>(
    table: &'t HashMap<String, String>,
    all: &Words,
    first: usize,
    k: &str,
) -> Option<&'t String> {
    table
        .get(k)
        .or_else(|| table.get(unqualified(all, first)?.as_str()))
}

/// A gross receipts line whose label names a reserve (`Reserves`, `Less
/// Reserve for Returns`, `Bad Debt Reserve`): `gr.reserve`, not `gr.adjustment`.
fn names_reserve(w: &Words) -> bool {
    (0..w.len()).any(|i| matches!(w.word(i), "reserve" | "reserves"))
}

/// Labels repeat: a studio prints the same few dozen on every statement of
/// a catalogue, so each worker thread remembers what it has already
/// classified (a pure function of the label and its section). The memo is
/// emptied when it reaches its bound, so hostile or endlessly varied
/// labels cost memory only up to that bound.
mod memo {
    use super::{Meaning, Section};
    use rustc_hash::FxHashMap as HashMap;
    use std::cell::RefCell;

    const LIMIT: usize = 4096;

    #[derive(Default)]
    struct Memo {
        sections: HashMap<Box<str>, Option<Section>>,
        meanings: HashMap<Box<str>, Vec<(Option<Section>, Meaning)>>,
    }

    thread_local! {
        static MEMO: RefCell<Memo> = RefCell::new(Memo::default());
    }

    pub(super) fn section_named(
        text: &str,
        compute: fn(&str) -> Option<Section>,
    ) -> Option<Section> {
        if let Some(hit) = MEMO.with_borrow(|m| m.sections.get(text).copied()) {
            return hit;
        }
        let value = compute(text);
        MEMO.with_borrow_mut(|m| {
            if m.sections.len() >= LIMIT {
                m.sections.clear();
            }
            m.sections.insert(text.into(), value);
        });
        value
    }

    pub(super) fn classify(
        section: Option<Section>,
        label: &str,
        compute: impl Fn(Option<Section>, &str) -> Meaning,
    ) -> Meaning {
        let hit = MEMO.with_borrow(|m| {
            m.meanings.get(label).and_then(|seen| {
                seen.iter()
                    .find(|(s, _)| *s == section)
                    .map(|(_, meaning)| meaning.clone())
            })
        });
        if let Some(meaning) = hit {
            return meaning;
        }
        // Computed outside the borrow: classifying may classify again
        // (a label printed before any section is tried in each).
        let meaning = compute(section, label);
        MEMO.with_borrow_mut(|m| {
            if m.meanings.len() >= LIMIT {
                m.meanings.clear();
            }
            m.meanings
                .entry(label.into())
                .or_default()
                .push((section, meaning.clone()));
        });
        meaning
    }
}

/// A label printed before any section: the first section whose aliases know it.
fn classify_anywhere(label: &str, extra: Option<&HashMap<String, String>>) -> Meaning {
    for s in Section::ALL {
        match classify(Some(s), label, extra) {
            Meaning::Unmapped | Meaning::Balance => continue,
            m => return m,
        }
    }
    Meaning::Unmapped
}

/// The section a label printed before any section belongs to, if one knows it.
pub fn infer_section(label: &str) -> Option<Section> {
    Section::ALL.into_iter().find(|s| {
        !matches!(
            classify(Some(*s), label, None),
            Meaning::Unmapped | Meaning::Balance
        )
    })
}

#[cfg(test)]
mod tests;
