//! Findings: what is wrong, where, by how much, and what to ask for.

use crate::statement::Column;
use rust_decimal::Decimal;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

macro_rules! codes {
    ($( $variant:ident = $name:literal, $kind:literal, $what:literal, $ask:literal; )*) => {
        /// Every finding code of SPEC §4.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $( $variant, )* }

        impl Code {
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];
            pub fn name(self) -> &'static str { match self { $( Code::$variant => $name, )* } }
            /// `A` arithmetic, `C` contract, `S` series, `-` other.
            pub fn kind(self) -> &'static str { match self { $( Code::$variant => $kind, )* } }
            /// What the finding means.
            pub fn meaning(self) -> &'static str { match self { $( Code::$variant => $what, )* } }
            /// What an auditor asks the studio for.
            pub fn ask(self) -> &'static str { match self { $( Code::$variant => $ask, )* } }
            pub fn from_name(name: &str) -> Option<Code> {
                let n = name.trim().to_ascii_uppercase();
                Code::ALL.iter().copied().find(|c| c.name() == n)
            }
        }
    };
}

codes! {
    ArithTotal = "ARITH-TOTAL", "A",
        "A total or subtotal does not equal the sum of the lines printed above it in its section. The statement does not foot: either a line was left out of the total or the total was overstated or understated.",
        "Ask for the general-ledger detail behind every line of the section and the studio's computation of the total; ask which figure is right and for a corrected statement.";
    ArithNet = "ARITH-NET", "A",
        "Net profits (or a running balance) do not equal gross receipts less the deductions printed above them. The statement's own figures do not produce the participation base it reports.",
        "Ask for the studio's reconciliation from gross receipts to the participation base and a corrected statement.";
    Share = "SHARE", "A",
        "The participant's share is not the contractual percentage of the participation base printed on the statement (with the agreement's escalation steps: a higher share on the part of the base above a threshold, or on the whole base once a box-office or other memo figure is reached).",
        "Ask for the computation of the participant's share and the percentage the studio applied.";
    Due = "DUE", "A",
        "The amount due is not the share earned plus bonuses less amounts previously paid.",
        "Ask for the payment history (dates, amounts, cheque or wire references) and the computation of the amount due.";
    GrRoyalty = "GR-ROYALTY", "C",
        "A medium the agreement includes at a royalty (home video) is not reported at the agreed royalty of the wholesale receipts shown in the memo lines.",
        "Ask for unit sales and wholesale receipts by format and territory, and the royalty rate applied.";
    FeeRate = "FEE-RATE", "C",
        "A distribution fee was charged at a rate other than the agreement's rate for that medium (or, for a tiered fee, other than the sum of each tier's rate on the receipts inside it).",
        "Ask for the fee computation by medium and territory and the agreement clause the studio relies on.";
    FeeUnauthorized = "FEE-UNAUTHORIZED", "C",
        "A distribution fee was charged on a medium for which the agreement provides no fee.",
        "Ask for the basis of the fee and its reversal.";
    AdvOverhead = "ADV-OVERHEAD", "C",
        "Advertising overhead was charged at a rate other than the agreed percentage of advertising costs.",
        "Ask for the advertising cost detail (media invoices) and the overhead computation.";
    ExpCap = "EXP-CAP", "C",
        "An expense was charged above the ceiling the agreement sets for it.",
        "Ask for the expense detail and the reversal of the excess over the cap.";
    ExpDisallowed = "EXP-DISALLOWED", "C",
        "An expense the agreement does not allow was deducted.",
        "Ask for the reversal of the charge and the invoices behind it.";
    OverheadRate = "OVERHEAD-RATE", "C",
        "Production overhead was charged at a rate other than the agreed percentage of direct cost (or of the lines the agreement names as the overhead base, such as gross participations, where it allows them).",
        "Ask for the negative cost report (cost ledger) and the overhead computation.";
    Breakeven = "BREAKEVEN", "C",
        "The breakeven printed on the statement is not the breakeven the agreement defines: the sum of the agreed cost lines (inception to date) divided by one less the deemed fee (cash breakeven), or that sum times the agreed multiple. A breakeven printed too high understates the gross receipts past breakeven on which the participant is paid.",
        "Ask for the breakeven computation: each cost line included with its ledger detail, the deemed fee or multiple applied, and the agreement clause the studio relies on.";
    ReserveExcess = "RESERVE-EXCESS", "C",
        "The studio holds a reserve (against returns or bad debt) larger than the agreement allows: more than the agreed maximum percentage of gross receipts before the reserve. The excess is gross receipts withheld from the participant.",
        "Ask for the reserve schedule (amounts taken and released by period, by medium), the returns and bad-debt experience that supports it, and the release of the excess.";
    ReserveUnliquidated = "RESERVE-UNLIQUIDATED", "S",
        "A reserve is still held after the agreement requires its release: the reserve held exceeds what was taken within the agreed number of statements, so an older reserve was never liquidated.",
        "Ask for the reserve schedule showing when each reserve was taken and released, and the liquidation of reserves held beyond the agreed number of statements.";
    Interest = "INTEREST", "C",
        "Interest charged for the period exceeds the most the agreement allows: the contract rate (split at every change of prime inside the period) on the unrecouped base, taking every cost at its period-end level and every recoupment at the previous statement's level. It is a ceiling: studios accrue monthly or daily on a balance that moves inside the period, so honest interest is usually below it and is not a finding; interest above it cannot be explained by any accrual on the figures the statement reports.",
        "Ask for the studio's monthly interest schedule for the period: the balance each month, the rate applied and the day count, and whether overhead or gross participations were put into the base. That schedule turns the ceiling into an exact figure.";
    DeductionDisallowed = "DEDUCTION-DISALLOWED", "C",
        "Gross participations or deferments were deducted although the agreement excludes them from the deductions.",
        "Ask for the reversal and the list of participations and deferments deducted.";
    BonusUnpaid = "BONUS-UNPAID", "C",
        "A box-office (or other) bonus whose threshold the memo figures show was reached has not been paid.",
        "Ask for payment of the bonus with interest and the box-office reports behind the memo figure.";
    CurrencyMismatch = "CURRENCY-MISMATCH", "C",
        "The statement is in a currency other than the agreement's (an error), or an amount on it is printed in another currency than the statement's own (a warning). The error compares the statement's Currency value with the contract's deal.currency. The warning: an amount on the statement is printed in another currency than the statement's own (a cell such as €2,500,000, EUR 2,500,000, £…, ¥…, C$… on a USD statement; $ is the statement's own currency when that is a dollar). That amount is not a figure in the statement's currency, so the checks that would read it are not asserted (the footing of its section, its continuity and restatement checks, FEE-RATE and GR-ROYALTY on its medium), the checks that do not read it still run, and the deal's claim is provisional. A gross receipts line labelled Currency Conversion, Exchange Adjustment, FX Adjustment or Conversion to USD is gr.conversion, added with its sign.",
        "Ask for the statement in the agreement's currency and the conversion rates and dates used; for an amount printed in another currency, ask for it converted, with the rate and date.";
    ItdContinuity = "ITD-CONTINUITY", "S",
        "A line's current-period figure is not the change in its inception-to-date figure since the previous statement (or since the Previously Reported figure the statement itself prints): an amount was added to or dropped from the cumulative total without passing through a period.",
        "Ask for the reconciliation of inception-to-date balances between the two statements and any prior-period adjustments.";
    PriorRestated = "PRIOR-RESTATED", "S",
        "The Previously Reported figure a statement prints for a line is not the inception-to-date figure the previous statement reported: the studio restated a prior period without saying so.",
        "Ask for the reason and the detail of the restatement (which transactions moved, in which period), and for a corrected prior statement.";
    PriorPaid = "PRIOR-PAID", "S",
        "Previously paid does not equal the previous statement's previously paid plus its amount due.",
        "Ask for the payment history with dates and references.";
    PeriodGap = "PERIOD-GAP", "S",
        "A period is missing between two statements: a statement was not rendered or not provided.",
        "Ask for the missing statement(s).";
    PeriodOverlap = "PERIOD-OVERLAP", "S",
        "Two statements cover overlapping periods, or the same period twice.",
        "Ask which statement supersedes the other and for the reconciliation between them.";
    StatementLate = "STATEMENT-LATE", "S",
        "The statement was issued later than the agreement requires after the end of its period.",
        "Note the late rendering; it may extend audit and objection periods under the agreement.";
    UnmappedLine = "UNMAPPED-LINE", "-",
        "A line label recoup does not recognise. The line counts toward its section's total but no contract check applies to it.",
        "Ask the studio what the charge is and under which clause it is made; add an alias to the contract file if it is a known line.";
    NoContract = "NO-CONTRACT", "-",
        "No contract file was found for the statement's deal, so only arithmetic and series checks ran.",
        "Provide the contract terms as a TOML file (see README) to check rates, caps and interest.";
    AuditDeadline = "AUDIT-DEADLINE", "-",
        "A statement with findings becomes incontestable soon (within 90 days) or already has.",
        "Send an objection or audit notice before the date; the agreement's objection period bars later claims.";
}

/// One discrepancy, with every field of SPEC §5 in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub deal: String,
    pub file: String,
    pub sheet: String,
    pub period_end: String,
    pub code: Code,
    pub severity: Severity,
    pub line: String,
    pub label: String,
    pub column: Option<Column>,
    pub reported: Option<Decimal>,
    pub expected: Option<Decimal>,
    pub np_effect: Decimal,
    pub clause: String,
    pub cells: Vec<String>,
    pub message: String,
    /// Printed row, for ordering findings within a statement.
    pub row: usize,
}

impl Finding {
    pub fn difference(&self) -> Option<Decimal> {
        match (self.reported, self.expected) {
            (Some(r), Some(e)) => Some(r - e),
            _ => None,
        }
    }
}

/// The stable order of findings: deal, statement, row, code, column.
pub fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (
            &a.deal,
            &a.period_end,
            &a.file,
            &a.sheet,
            a.row,
            a.code,
            a.column,
            &a.line,
        )
            .cmp(&(
                &b.deal,
                &b.period_end,
                &b.file,
                &b.sheet,
                b.row,
                b.code,
                b.column,
                &b.line,
            ))
    });
}
