//! What a statement is once read: header fields and coded lines, each amount
//! with the cell it came from.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;
use std::sync::Arc;

/// The sections of a participation statement (SPEC §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    GrossReceipts,
    DistributionFees,
    DistributionExpenses,
    NegativeCost,
    Interest,
    GrossParticipations,
    Deferments,
    NetProfits,
    Participant,
    Memo,
    /// A section heading recoup does not know; its lines are unmapped.
    Other,
}

impl Section {
    /// The name `findings.json` gives the section (its serde name).
    pub fn key(self) -> &'static str {
        match self {
            Section::GrossReceipts => "gross_receipts",
            Section::DistributionFees => "distribution_fees",
            Section::DistributionExpenses => "distribution_expenses",
            Section::NegativeCost => "negative_cost",
            Section::Interest => "interest",
            Section::GrossParticipations => "gross_participations",
            Section::Deferments => "deferments",
            Section::NetProfits => "net_profits",
            Section::Participant => "participant",
            Section::Memo => "memo",
            Section::Other => "other",
        }
    }

    pub const ALL: [Section; 10] = [
        Section::GrossReceipts,
        Section::DistributionFees,
        Section::DistributionExpenses,
        Section::NegativeCost,
        Section::Interest,
        Section::GrossParticipations,
        Section::Deferments,
        Section::NetProfits,
        Section::Participant,
        Section::Memo,
    ];

    /// Every section, `Other` last, in the order of their discriminants
    /// (`EVERY[s as usize] == s`).
    pub const EVERY: [Section; 11] = [
        Section::GrossReceipts,
        Section::DistributionFees,
        Section::DistributionExpenses,
        Section::NegativeCost,
        Section::Interest,
        Section::GrossParticipations,
        Section::Deferments,
        Section::NetProfits,
        Section::Participant,
        Section::Memo,
        Section::Other,
    ];

    /// The code prefix of the section's lines and totals.
    pub fn prefix(self) -> &'static str {
        match self {
            Section::GrossReceipts => "gr",
            Section::DistributionFees => "fee",
            Section::DistributionExpenses => "exp",
            Section::NegativeCost => "nc",
            Section::Interest => "int",
            Section::GrossParticipations => "gp",
            Section::Deferments => "def",
            Section::NetProfits => "np",
            Section::Participant => "pay",
            Section::Memo => "memo",
            Section::Other => "other",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Section::GrossReceipts => "Gross Receipts",
            Section::DistributionFees => "Distribution Fees",
            Section::DistributionExpenses => "Distribution Expenses",
            Section::NegativeCost => "Negative Cost",
            Section::Interest => "Interest",
            Section::GrossParticipations => "Gross Participations",
            Section::Deferments => "Deferments",
            Section::NetProfits => "Net Profits",
            Section::Participant => "Participant",
            Section::Memo => "Memo",
            Section::Other => "Other",
        }
    }

    /// Sections whose lines reduce gross receipts to net profits.
    pub fn is_deduction(self) -> bool {
        matches!(
            self,
            Section::DistributionFees
                | Section::DistributionExpenses
                | Section::NegativeCost
                | Section::Interest
                | Section::GrossParticipations
                | Section::Deferments
        )
    }
}

/// How a line takes part in the statement's arithmetic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    /// A component line (a medium, an expense kind, a payment).
    Item,
    /// A total that is not the section's last (`Total Film Rental`).
    Subtotal,
    /// The section's last total (`*.total`).
    Total,
    /// A running balance (`Net After Distribution Fees`), coded `net.<n>`.
    Balance,
    /// A label no alias matches: counted in its section, checked by nothing.
    Unmapped,
}

impl LineKind {
    /// The name `findings.json` gives the kind (its serde name).
    pub fn key(self) -> &'static str {
        match self {
            LineKind::Item => "item",
            LineKind::Subtotal => "subtotal",
            LineKind::Total => "total",
            LineKind::Balance => "balance",
            LineKind::Unmapped => "unmapped",
        }
    }
}

/// One printed line of the line table.
///
/// Serialised with the fields `section`, `label`, `code`, `kind`, `current`,
/// `itd`, `previously_reported`, `current_cell`, `itd_cell`,
/// `previously_reported_cell`, `printed_rate`, in that order; the
/// cell references are formatted only then (or when a finding cites them),
/// from the positions kept here and the statement's shared `file!Sheet!`.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub section: Section,
    /// The label exactly as printed.
    pub label: String,
    /// `fee.theatrical_domestic`, `exp.total`, `net.1`; empty when unmapped.
    pub code: String,
    pub kind: LineKind,
    /// Zero-based row in the sheet, for ordering.
    pub row: usize,
    pub current: Option<Decimal>,
    pub itd: Option<Decimal>,
    /// The `Previously Reported` figure: the previous statement's
    /// inception-to-date figure as this statement prints it, when the
    /// statement has that column and the cell is not empty (SPEC §2).
    pub prior: Option<Decimal>,
    /// Where the figures were printed, for provenance.
    pub place: Place,
    /// A rate printed in the label (`(30%)`), as a fraction.
    pub printed_rate: Option<Decimal>,
}

/// The cells a line's figures came from: the reference prefix shared by
/// every line of the statement (`file!Sheet!` or `file!`), the absolute
/// zero-based row, and the absolute column of each figure that was read.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Place {
    pub prefix: Arc<str>,
    pub row: usize,
    pub current_col: Option<u32>,
    pub itd_col: Option<u32>,
    /// The `Previously Reported` cell's column, when one was read.
    pub prior_col: Option<u32>,
}

impl Place {
    /// The full reference of a column's cell (`file!Sheet!C14`), if read.
    pub fn cell(&self, col: Column) -> Option<String> {
        let c = match col {
            Column::Current => self.current_col,
            Column::Itd => self.itd_col,
        }?;
        Some(self.format(c as usize))
    }

    /// The full reference of the `Previously Reported` cell, if read.
    pub fn prior_cell(&self) -> Option<String> {
        self.prior_col.map(|c| self.format(c as usize))
    }

    fn format(&self, col: usize) -> String {
        let mut s = String::with_capacity(self.prefix.len() + 10);
        s.push_str(&self.prefix);
        push_a1(&mut s, self.row, col);
        s
    }
}

impl Line {
    pub fn value(&self, col: Column) -> Option<Decimal> {
        match col {
            Column::Current => self.current,
            Column::Itd => self.itd,
        }
    }
    /// Full provenance of a column's figure: `file!Sheet!C14`.
    pub fn cell(&self, col: Column) -> Option<String> {
        self.place.cell(col)
    }
    /// Full provenance of the current-period figure.
    pub fn current_cell(&self) -> Option<String> {
        self.place.cell(Column::Current)
    }
    /// Full provenance of the inception-to-date figure.
    pub fn itd_cell(&self) -> Option<String> {
        self.place.cell(Column::Itd)
    }
    /// Full provenance of the `Previously Reported` figure.
    pub fn prior_cell(&self) -> Option<String> {
        self.place.prior_cell()
    }
}

impl Serialize for Line {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        struct Amount(Option<Decimal>);
        impl Serialize for Amount {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                ser_opt_amount(&self.0, s)
            }
        }
        struct Rate(Option<Decimal>);
        impl Serialize for Rate {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                ser_opt_rate(&self.0, s)
            }
        }
        let mut st = s.serialize_struct("Line", 11)?;
        st.serialize_field("section", &self.section)?;
        st.serialize_field("label", &self.label)?;
        st.serialize_field("code", &self.code)?;
        st.serialize_field("kind", &self.kind)?;
        st.serialize_field("current", &Amount(self.current))?;
        st.serialize_field("itd", &Amount(self.itd))?;
        st.serialize_field("previously_reported", &Amount(self.prior))?;
        st.serialize_field("current_cell", &self.current_cell())?;
        st.serialize_field("itd_cell", &self.itd_cell())?;
        st.serialize_field("previously_reported_cell", &self.prior_cell())?;
        st.serialize_field("printed_rate", &Rate(self.printed_rate))?;
        st.end()
    }
}

/// The two amount columns of a statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Column {
    Current,
    Itd,
}

impl Column {
    pub fn name(self) -> &'static str {
        match self {
            Column::Current => "current",
            Column::Itd => "itd",
        }
    }
    pub fn describe(self) -> &'static str {
        match self {
            Column::Current => "current-period",
            Column::Itd => "inception-to-date",
        }
    }
}

/// Where a statement's lines were written in the spill (`statement::spill`,
/// which makes and reads it; defined here so a statement can say where its
/// lines are without the model depending on the spill).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpillRef {
    pub(super) offset: u64,
    pub(super) len: u32,
}

/// A statement as read: one CSV file or one worksheet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Statement {
    /// Path relative to the PATH given, with `/` separators.
    pub file: String,
    /// Worksheet name; empty for CSV.
    pub sheet: String,
    pub deal: String,
    pub title: String,
    pub participant: String,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub statement_date: Option<NaiveDate>,
    pub currency: String,
    /// Every amount was multiplied by this when read: 1, or 1,000 or
    /// 1,000,000 for a statement printed in thousands or millions (SPEC §2,
    /// "Units").
    pub unit: u32,
    pub lines: Vec<Line>,
    /// What the reader saw besides the lines: note rows, group totals,
    /// amounts in another currency (shown by `inspect`); boxed, so that a
    /// statement stays small where it waits in a list.
    pub reading: Box<Reading>,
    /// Where the lines are while a large portfolio is audited (then `lines`
    /// is empty); see `statement::spill`.
    #[serde(skip)]
    pub spilled: Option<SpillRef>,
}

/// What a statement printed besides its lines (SPEC §2, "Statements as
/// studios print them"); rows are the lines' `row`s.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Reading {
    /// Note rows (`(1) Net of refunds.`): the sheet's zero-based row and text.
    pub notes: Vec<(usize, String)>,
    /// Group totals: the total's row and the rows of the lines it foots.
    pub groups: Vec<Group>,
    /// Lines with an amount printed in another currency: row and currency.
    pub foreign: Vec<(usize, String)>,
}

/// A group total (`Total Theatrical`, `Theatrical Sub-Total`) and the lines
/// directly above it that it foots.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    pub row: usize,
    pub lines: Vec<usize>,
}

impl Reading {
    /// The group total printed on a row, if that row holds one.
    pub fn group(&self, row: usize) -> Option<&Group> {
        self.groups.iter().find(|g| g.row == row)
    }
    /// The currency a line's amount was printed in, when not the statement's.
    pub fn foreign(&self, row: usize) -> Option<&str> {
        self.foreign
            .iter()
            .find(|(r, _)| *r == row)
            .map(|(_, c)| c.as_str())
    }
}

impl Statement {
    /// Whether a line on this row is a group total.
    pub fn is_group(&self, row: usize) -> bool {
        !self.reading.groups.is_empty() && self.reading.group(row).is_some()
    }
    /// Whether a line on this row printed an amount in another currency.
    pub fn is_foreign(&self, row: usize) -> bool {
        !self.reading.foreign.is_empty() && self.reading.foreign(row).is_some()
    }

    /// About how much memory the lines hold (for the spill's budget): the
    /// lines themselves and their two strings, each heap block counted with
    /// the allocator's usual 16 bytes of rounding.
    pub fn lines_bytes(&self) -> usize {
        let strings: usize = self
            .lines
            .iter()
            .map(|l| l.label.capacity() + l.code.capacity() + 32)
            .sum();
        self.lines.capacity() * std::mem::size_of::<Line>() + strings + 16
    }

    /// Lines with this code, in printed order.
    pub fn lines_with<'a>(&'a self, code: &'a str) -> impl Iterator<Item = &'a Line> + 'a {
        self.lines.iter().filter(move |l| l.code == code)
    }

    pub fn line(&self, code: &str) -> Option<&Line> {
        self.lines.iter().find(|l| l.code == code)
    }

    /// The sum of a code's figures in a column; `None` when no line has the code
    /// or none of them reports a figure.
    pub fn sum(&self, code: &str, col: Column) -> Option<Decimal> {
        let mut total: Option<Decimal> = None;
        for l in self.lines_with(code) {
            if let Some(v) = l.value(col) {
                total = Some(total.unwrap_or_default() + v);
            }
        }
        total
    }
}

pub fn ser_opt_amount<S: serde::Serializer>(v: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(d) => s.serialize_str(&crate::money::fmt_plain(*d)),
        None => s.serialize_none(),
    }
}

fn ser_opt_rate<S: serde::Serializer>(v: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(d) => s.serialize_str(&crate::money::fmt_rate(*d)),
        None => s.serialize_none(),
    }
}

/// Appends the A1 reference of a zero-based (row, column) to `out`: the
/// same text as `crate::grid::a1`, without the intermediate strings.
pub fn push_a1(out: &mut String, row: usize, col: usize) {
    let mut buf = [0u8; 40];
    let text = a1_in(&mut buf, row, col);
    out.push_str(text);
}

/// The A1 reference of a zero-based (row, column), written into `buf`.
pub fn a1_in(buf: &mut [u8; 40], row: usize, col: usize) -> &str {
    // Filled from the end: row digits, then column letters before them.
    let mut i = buf.len();
    let mut r = row + 1;
    while r > 0 {
        i -= 1;
        buf[i] = b'0' + (r % 10) as u8;
        r /= 10;
    }
    let mut c = col + 1;
    while c > 0 {
        i -= 1;
        buf[i] = b'A' + ((c - 1) % 26) as u8;
        c = (c - 1) / 26;
    }
    // Only ASCII letters and digits were written.
    std::str::from_utf8(&buf[i..]).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_the_serde_names() {
        for (i, s) in Section::EVERY.into_iter().enumerate() {
            assert_eq!(serde_json::to_value(s).unwrap(), s.key());
            assert_eq!(s as usize, i);
        }
        for k in [
            LineKind::Item,
            LineKind::Subtotal,
            LineKind::Total,
            LineKind::Balance,
            LineKind::Unmapped,
        ] {
            assert_eq!(serde_json::to_value(k).unwrap(), k.key());
        }
    }

    #[test]
    fn push_a1_matches_grid_a1() {
        for (r, c) in [
            (0, 0),
            (13, 3),
            (0, 25),
            (0, 26),
            (9, 701),
            (0, 702),
            (1_048_575, 16_383),
            (99, 27),
        ] {
            let mut s = String::from("f!S!");
            push_a1(&mut s, r, c);
            assert_eq!(s, format!("f!S!{}", crate::grid::a1(r, c)));
        }
    }
}
