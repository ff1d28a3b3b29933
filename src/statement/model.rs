//! What a statement is once read: header fields and coded lines, each amount
//! with the cell it came from.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

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

/// One printed line of the line table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line {
    pub section: Section,
    /// The label exactly as printed.
    pub label: String,
    /// `fee.theatrical_domestic`, `exp.total`, `net.1`; empty when unmapped.
    pub code: String,
    pub kind: LineKind,
    /// Zero-based row in the sheet, for ordering.
    #[serde(skip)]
    pub row: usize,
    #[serde(serialize_with = "ser_opt_amount")]
    pub current: Option<Decimal>,
    #[serde(serialize_with = "ser_opt_amount")]
    pub itd: Option<Decimal>,
    /// Full provenance of the current-period figure: `file!Sheet!C14`.
    pub current_cell: Option<String>,
    /// Full provenance of the inception-to-date figure.
    pub itd_cell: Option<String>,
    /// A rate printed in the label (`(30%)`), as a fraction.
    #[serde(serialize_with = "ser_opt_rate")]
    pub printed_rate: Option<Decimal>,
}

impl Line {
    pub fn value(&self, col: Column) -> Option<Decimal> {
        match col {
            Column::Current => self.current,
            Column::Itd => self.itd,
        }
    }
    pub fn cell(&self, col: Column) -> Option<&str> {
        match col {
            Column::Current => self.current_cell.as_deref(),
            Column::Itd => self.itd_cell.as_deref(),
        }
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
    pub lines: Vec<Line>,
}

impl Statement {
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
