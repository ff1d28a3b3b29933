//! Statements and contracts to findings: arithmetic (A), contract terms (C)
//! and series (S) checks, then the claim per deal.
//!
//! Root causes, not cascades: every check computes a line's expected value
//! from the other lines *as reported*, so one wrong figure gives one finding.

pub mod arithmetic;
pub mod claim;
pub mod interest;
pub mod reserves;
pub mod series;
pub mod terms;
pub mod unread;

use crate::contract::Contract;
use crate::finding::{Code, Finding, Severity};
use crate::money::{fmt_human, round_cents};
use crate::statement::{Column, Line, Statement};
use rust_decimal::Decimal;

/// The tolerance when no contract gives one: a dollar, so that statements
/// printed in whole dollars do not flag their own rounding.
pub fn default_tolerance() -> Decimal {
    Decimal::ONE
}

/// Findings for one statement are made through this.
pub struct Ctx<'a> {
    pub st: &'a Statement,
    pub contract: Option<&'a Contract>,
    pub tolerance: Decimal,
    /// Half the statement's unit (0.5 × 1,000 for a statement in
    /// thousands); zero for a statement in currency units.
    half_unit: Decimal,
    pub out: Vec<Finding>,
    /// Figures that could not be read and checks not asserted: what makes
    /// the deal's claim provisional (SPEC §2, "A provisional claim").
    pub provisional: Vec<Provisional>,
}

/// A figure recoup could not read, or a check it could not assert, on one
/// statement: why the deal's claim is provisional.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Provisional {
    pub file: String,
    pub sheet: String,
    pub period_end: String,
    /// The line as printed (its label), or the code of the check's line.
    pub line: String,
    pub reason: String,
}

/// Where a finding points: the printed line (or the code it would have).
pub struct At<'a> {
    pub code: &'a str,
    pub label: &'a str,
    pub row: usize,
    pub cells: Vec<String>,
}

impl<'a> At<'a> {
    /// The statement as a whole (a gap, lateness, a missing contract): no line.
    pub fn statement() -> At<'static> {
        At {
            code: "",
            label: "",
            row: 0,
            cells: Vec::new(),
        }
    }

    pub fn line(line: &'a Line, col: Column) -> At<'a> {
        At {
            code: &line.code,
            label: &line.label,
            row: line.row,
            cells: line.cell(col).into_iter().collect(),
        }
    }
    pub fn with(mut self, cells: impl IntoIterator<Item = Option<String>>) -> Self {
        for c in cells.into_iter().flatten() {
            if !self.cells.contains(&c) {
                self.cells.push(c);
            }
        }
        self
    }
}

impl<'a> Ctx<'a> {
    pub fn new(st: &'a Statement, contract: Option<&'a Contract>) -> Self {
        let tolerance = contract
            .map(|c| c.tolerance)
            .unwrap_or_else(default_tolerance);
        let half_unit = if st.unit > 1 {
            Decimal::from(st.unit) / Decimal::TWO
        } else {
            Decimal::ZERO
        };
        Ctx {
            st,
            contract,
            tolerance,
            half_unit,
            out: Vec::new(),
            provisional: Vec::new(),
        }
    }

    /// Whether a difference is large enough to be a finding, for a check
    /// that reads two printed figures (a rate on one line).
    pub fn material(&self, difference: Decimal) -> bool {
        self.material_k(difference, 2)
    }

    /// Whether a difference is large enough to be a finding, for a check
    /// that reads `k` printed figures (the figure checked included): on a
    /// statement printed in thousands the tolerance is `max(deal.tolerance,
    /// k × U / 2)` (SPEC §2, "Units").
    pub fn material_k(&self, difference: Decimal, k: usize) -> bool {
        difference.abs() > self.tolerance_k(k)
    }

    /// [`Ctx::material_k`] with `k` counted only on a statement printed in
    /// a unit (the count scans lines; a statement in currency units needs
    /// none).
    pub fn material_n(&self, difference: Decimal, k: impl FnOnce() -> usize) -> bool {
        if self.half_unit.is_zero() {
            return difference.abs() > self.tolerance;
        }
        self.material_k(difference, k())
    }

    /// The tolerance of a check that reads `k` printed figures.
    pub fn tolerance_k(&self, k: usize) -> Decimal {
        if self.half_unit.is_zero() {
            return self.tolerance;
        }
        self.tolerance.max(self.half_unit * Decimal::from(k))
    }

    /// Record a figure that could not be read or a check not asserted.
    pub fn not_read(&mut self, line: &str, reason: String) {
        self.provisional.push(Provisional {
            file: self.st.file.clone(),
            sheet: self.st.sheet.clone(),
            period_end: self.st.period_end.to_string(),
            line: line.to_string(),
            reason,
        });
    }

    #[allow(clippy::too_many_arguments)]
    pub fn money(
        &mut self,
        code: Code,
        at: At<'_>,
        col: Column,
        reported: Decimal,
        expected: Decimal,
        np_effect: Decimal,
        clause: &str,
        message: String,
    ) {
        let reported = round_cents(reported);
        let expected = round_cents(expected);
        let np_effect = match (self.contract, col) {
            (Some(c), Column::Itd) => {
                terms::base_effect(c, self.st, at.code, reported, expected, np_effect)
            }
            _ => np_effect,
        };
        self.out.push(Finding {
            deal: self.st.deal.clone(),
            file: self.st.file.clone(),
            sheet: self.st.sheet.clone(),
            period_end: self.st.period_end.to_string(),
            code,
            severity: Severity::Error,
            line: at.code.to_string(),
            label: at.label.to_string(),
            column: Some(col),
            reported: Some(reported),
            expected: Some(expected),
            np_effect: round_cents(np_effect),
            clause: clause.to_string(),
            cells: at.cells,
            message,
            row: at.row,
        });
    }

    pub fn note(
        &mut self,
        code: Code,
        severity: Severity,
        at: At<'_>,
        clause: &str,
        message: String,
    ) {
        self.out.push(Finding {
            deal: self.st.deal.clone(),
            file: self.st.file.clone(),
            sheet: self.st.sheet.clone(),
            period_end: self.st.period_end.to_string(),
            code,
            severity,
            line: at.code.to_string(),
            label: at.label.to_string(),
            column: None,
            reported: None,
            expected: None,
            np_effect: Decimal::ZERO,
            clause: clause.to_string(),
            cells: at.cells,
            message,
            row: at.row,
        });
    }
}

/// "overcharge 50,000.00" / "undercharge 1,000.00" for a deduction.
pub fn over_under(difference: Decimal) -> String {
    if difference > Decimal::ZERO {
        format!("overcharge {}", fmt_human(difference))
    } else {
        format!("undercharge {}", fmt_human(-difference))
    }
}

/// "overstated by" / "understated by" for a reported figure.
pub fn stated(difference: Decimal) -> String {
    if difference > Decimal::ZERO {
        format!("overstated by {}", fmt_human(difference))
    } else {
        format!("understated by {}", fmt_human(-difference))
    }
}

/// `(clause; cells)` at the end of a message.
pub fn cite(clause: &str, cells: &[String]) -> String {
    if cells.is_empty() {
        format!("({clause})")
    } else {
        format!("({clause}; {})", cells.join(", "))
    }
}

/// Audit one statement on its own: arithmetic, then contract terms.
pub fn audit_statement(st: &Statement, contract: Option<&Contract>) -> Vec<Finding> {
    let mut ctx = Ctx::new(st, contract);
    arithmetic::check(&mut ctx);
    terms::check(&mut ctx);
    ctx.out
}
