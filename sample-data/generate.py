#!/usr/bin/env python3
"""Generate recoup's demo portfolio (sample-data/).

Run from anywhere:  python3 sample-data/generate.py
Needs: pip install openpyxl odfpy xlwt

The generator plays two parts, kept apart on purpose:

1. *The studios.*  For each deal it builds the inception-to-date (ITD) figures
   period by period, applies each studio's accounting rules -- including the
   mistakes planted for the demo -- and renders the statements in that
   studio's own layout (xlsx, csv, ods, xls).

2. *An independent auditor.*  A small Python reading of SPEC.md section 4
   re-checks every statement model against its contract.toml terms and writes
   what it finds to `expected.json`: every error finding with its reported
   and expected amounts to the cent, the warnings, and each deal's claim.
   `tests/sample_data.rs` compares recoup's report with that file, so the
   expected figures never come from recoup itself.

All money is `decimal.Decimal`, rounded to cents half away from zero
(ROUND_HALF_UP) once, when a line is computed.  Output is deterministic: the
same script always writes the same figures (and, for csv/xls/ods, the same
bytes; xlsx carries no timestamps either, see `fixed_xlsx_times`).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import zipfile
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, getcontext
from pathlib import Path

getcontext().prec = 50

HERE = Path(__file__).resolve().parent
AS_OF = dt.date(2026, 11, 25)
CENT = Decimal("0.01")
ZERO = Decimal("0")


def D(x) -> Decimal:
    return Decimal(str(x))


def r2(x: Decimal) -> Decimal:
    """Round to cents, half away from zero (SPEC section 4)."""
    return x.quantize(CENT, rounding=ROUND_HALF_UP)


def pct(s: str) -> Decimal:
    return Decimal(s.rstrip("%")) / 100


# --------------------------------------------------------------------------
# Statement model
# --------------------------------------------------------------------------

# Sections, in the order studios print them, and whether they are deductions.
DEDUCTION_SECTIONS = {"fees", "expenses", "negative_cost", "interest", "gp", "def"}


@dataclass
class Line:
    section: str  # gross, fees, expenses, negative_cost, interest, gp, def, np, participant, memo
    label: str  # as printed
    code: str  # gr.theatrical_domestic, fee.total, ...
    kind: str = "item"  # item | total | balance
    cur: Decimal | None = None
    itd: Decimal | None = None
    note: str = ""
    prior: Decimal | None = None  # "Previously Reported", where the studio prints it


@dataclass
class Statement:
    deal: str
    title: str
    participant: str
    start: dt.date
    end: dt.date
    date: dt.date
    currency: str = "USD"
    lines: list[Line] = field(default_factory=list)
    file: str = ""  # relative to sample-data/
    sheet: str = ""

    def get(self, code: str, col: str = "itd") -> Decimal | None:
        vals = [getattr(l, col) for l in self.lines if l.code == code and getattr(l, col) is not None]
        return sum(vals, ZERO) if vals else None

    def line(self, code: str) -> Line | None:
        return next((l for l in self.lines if l.code == code), None)


def quarters(first: dt.date, n: int) -> list[tuple[dt.date, dt.date]]:
    return months_periods(first, n, 3)


def halves(first: dt.date, n: int) -> list[tuple[dt.date, dt.date]]:
    return months_periods(first, n, 6)


def months_periods(first: dt.date, n: int, months: int) -> list[tuple[dt.date, dt.date]]:
    out = []
    y, m = first.year, first.month
    for _ in range(n):
        s = dt.date(y, m, 1)
        m2, y2 = m + months, y
        while m2 > 12:
            m2 -= 12
            y2 += 1
        e = dt.date(y2, m2, 1) - dt.timedelta(days=1)
        out.append((s, e))
        y, m = y2, m2
    return out


# --------------------------------------------------------------------------
# The studio: builds one statement from cumulative figures and its rules
# --------------------------------------------------------------------------


@dataclass
class StudioRules:
    """How a studio computes its statement; planted mistakes live here."""

    definition: str = "net_profits"
    share: Decimal = ZERO
    royalty: dict = field(default_factory=dict)  # medium -> rate applied by the studio
    fees: dict = field(default_factory=dict)  # medium -> rate applied by the studio
    adv_overhead: Decimal | None = None
    overhead: Decimal | None = None
    interest: object = None  # callable(day) -> annual rate in force that day, or None
    interest_on_overhead: bool = False
    # A studio that accrues monthly on a balance that falls inside the period
    # charges less than the ceiling; modelled as this share of the ceiling.
    interest_accrual: Decimal = Decimal(1)
    off_the_top: tuple = ()
    bonuses: list = field(default_factory=list)  # (metric, threshold, amount) the studio pays
    # planted footing errors: {period index: (total code, amount added)}
    footing: dict = field(default_factory=dict)


def build_series(deal, periods, dates, cumulative, rules: StudioRules, layout) -> list[Statement]:
    """cumulative[k] maps primitive codes to ITD amounts at the end of period k.

    `layout` is a dict of label texts: code -> label, plus section headings.
    Returns the statement models with both columns filled.
    """
    out: list[Statement] = []
    prev: Statement | None = None
    prior_itd = ZERO  # pay.prior
    prev_due = ZERO
    bonus_paid_itd = ZERO
    for k, ((start, end), date) in enumerate(zip(periods, dates)):
        c = cumulative[k]
        st = Statement(deal["id"], deal["title"], deal["participant"], start, end, date)
        itd: dict[str, Decimal] = {}
        # gross receipts
        gross_codes = []
        for code in layout["gross_order"]:
            medium = code[3:]
            if medium in rules.royalty:
                memo = c.get(f"memo.hv_wholesale_{medium.split('_')[-1]}")
                if memo is None:
                    continue
                itd[code] = r2(rules.royalty[medium] * memo)
            elif code in c:
                itd[code] = c[code]
            else:
                continue
            gross_codes.append(code)
        itd["gr.total"] = sum((itd[x] for x in gross_codes), ZERO)
        # fees
        fee_codes = []
        for code in gross_codes:
            medium = code[3:]
            if medium in rules.fees:
                itd["fee." + medium] = r2(rules.fees[medium] * itd[code])
                fee_codes.append("fee." + medium)
        itd["fee.total"] = sum((itd[x] for x in fee_codes), ZERO)
        # expenses
        exp_codes = []
        for code in layout["expense_order"]:
            if code == "exp.advertising_overhead":
                if rules.adv_overhead is None or "exp.advertising" not in itd:
                    continue
                itd[code] = r2(rules.adv_overhead * itd["exp.advertising"])
            elif code in c:
                itd[code] = c[code]
            else:
                continue
            exp_codes.append(code)
        itd["exp.total"] = sum((itd[x] for x in exp_codes), ZERO)
        # negative cost
        nc_codes = []
        if "nc.direct" in c:
            itd["nc.direct"] = c["nc.direct"]
            nc_codes.append("nc.direct")
            if rules.overhead is not None:
                itd["nc.overhead"] = r2(rules.overhead * c["nc.direct"])
                nc_codes.append("nc.overhead")
            itd["nc.total"] = sum((itd[x] for x in nc_codes), ZERO)
        # interest (current period, then carried to date)
        int_cur = None
        if rules.interest is not None:
            days = (end - start).days + 1
            rec = ZERO
            if prev is not None:
                rec = max(
                    ZERO,
                    prev.get("gr.total") - prev.get("fee.total") - prev.get("exp.total") - prev.get("int.total"),
                )
            base = itd["nc.direct"] + (itd["nc.overhead"] if rules.interest_on_overhead else ZERO) - rec
            base = max(ZERO, base)
            int_cur = r2(r2(base * rate_days(rules.interest, start, end) / 365) * rules.interest_accrual)
            itd["int.total"] = (prev.get("int.total") if prev else ZERO) + int_cur
        if "gp.total" in c:
            itd["gp.total"] = c["gp.total"]
        # planted footing errors: the studio mis-adds a total in the current
        # column and carries it into the ITD column and into the net profits
        foot = rules.footing.get(k)
        # net
        if rules.definition == "gross":
            np_itd = itd["gr.total"] - sum((itd[x] for x in rules.off_the_top if x in itd), ZERO)
        else:
            np_itd = itd["gr.total"] - sum(
                itd.get(t, ZERO) for t in ("fee.total", "exp.total", "nc.total", "int.total", "gp.total")
            )
        if foot:
            np_itd -= foot[1]
        share = r2(rules.share * max(ZERO, np_itd))
        # bonuses the studio pays
        bonus_itd = ZERO
        for metric, threshold, amount in rules.bonuses:
            if c.get(metric, ZERO) >= threshold:
                bonus_itd += amount
        prior = prior_itd + prev_due if prev else ZERO
        due = max(ZERO, share + bonus_itd - prior)

        # lines, in print order, with current = itd(k) - itd(k-1)
        def pitd(code):
            return prev.get(code) if prev is not None and prev.get(code) is not None else ZERO

        def add(section, code, kind="item", cur="diff", value=None, label=None, note=""):
            v = itd[code] if value is None else value
            if cur == "diff":
                cv = v - pitd(code)
            else:
                cv = cur
            st.lines.append(Line(section, label or layout["labels"][code], code, kind, cv, v, note))

        for code in gross_codes:
            add("gross", code, note=layout.get("notes", {}).get((k, code), ""))
        add("gross", "gr.total", "total")
        if fee_codes:
            for code in fee_codes:
                add("fees", code)
            add("fees", "fee.total", "total")
            if "net.1" in layout["labels"]:
                v = itd["gr.total"] - itd["fee.total"]
                pv = (prev.get("gr.total") - prev.get("fee.total")) if prev else ZERO
                st.lines.append(Line("fees", layout["labels"]["net.1"], "net.1", "balance", v - pv, v))
        for code in exp_codes:
            add("expenses", code)
        add("expenses", "exp.total", "total")
        if nc_codes:
            for code in nc_codes:
                add("negative_cost", code)
            add("negative_cost", "nc.total", "total")
        if int_cur is not None:
            add("interest", "int.total", "total", cur=int_cur)
        if "gp.total" in itd:
            add("gp", "gp.total", "total")
        np_cur = np_itd - (prev.get("np.total") if prev else ZERO)
        st.lines.append(Line("np", layout["labels"]["np.total"], "np.total", "total", np_cur, np_itd))
        st.lines.append(Line("participant", layout["labels"]["share.earned"], "share.earned", "item", None, share))
        if "pay.bonus" in layout["labels"]:
            st.lines.append(
                Line("participant", layout["labels"]["pay.bonus"], "pay.bonus", "item", bonus_itd - bonus_paid_itd, bonus_itd)
            )
        st.lines.append(Line("participant", layout["labels"]["pay.prior"], "pay.prior", "item", None, prior))
        st.lines.append(Line("participant", layout["labels"]["pay.due"], "pay.due", "item", None, due))
        for code in layout.get("memo_order", []):
            if code in c:
                pv = prev.get(code) if prev is not None and prev.get(code) is not None else ZERO
                st.lines.append(Line("memo", layout["labels"][code], code, "item", c[code] - pv, c[code]))
        if foot:
            code, amount = foot
            for l in st.lines:
                if l.code == code:
                    l.cur += amount
                    l.itd += amount
                if l.code == "np.total":
                    l.cur -= amount
        # the np current column follows from the itd one; recompute it from
        # the current column so that both columns net exactly
        recompute_np_current(st, rules)
        out.append(st)
        prev = st
        prior_itd = prior
        prev_due = due
        bonus_paid_itd = bonus_itd
    return out


def recompute_np_current(st: Statement, rules: StudioRules):
    """The studio's current-period net is gross less deductions, as printed."""
    cur = {l.code: l.cur for l in st.lines if l.cur is not None}
    if rules.definition == "gross":
        v = cur["gr.total"] - sum((cur.get(x, ZERO) for x in rules.off_the_top), ZERO)
    else:
        v = cur["gr.total"] - sum(
            cur.get(t, ZERO) for t in ("fee.total", "exp.total", "nc.total", "int.total", "gp.total")
        )
    st.line("np.total").cur = v


# --------------------------------------------------------------------------
# The independent auditor (SPEC section 4), on the statement models
# --------------------------------------------------------------------------


@dataclass
class Contract:
    id: str
    definition: str
    share: Decimal
    tolerance: Decimal = Decimal("1.00")
    royalty: dict = field(default_factory=dict)
    fees: dict | None = None
    adv_overhead: Decimal | None = None
    caps: dict = field(default_factory=dict)
    disallowed: list = field(default_factory=list)
    overhead: Decimal | None = None
    interest: object = None
    on_overhead: bool = False
    off_the_top: tuple = ()
    bonuses: list = field(default_factory=list)
    objection_months: int | None = 36
    statement_due_days: int | None = 60
    underpayment_interest: Decimal | None = None
    cost_shift_threshold: Decimal | None = None
    # SPEC section 3, "More deal terms"
    fee_tiers: dict = field(default_factory=dict)  # medium -> [(upto or None, rate)]
    overhead_on: tuple = ("nc.direct",)
    breakeven: tuple | None = None  # (costs, "fee" | "multiple", value)
    steps: list = field(default_factory=list)  # [(above, share)] tranches
    reserves: tuple | None = None  # (max or None, liquidate_within or None)


def add_months(d: dt.date, months: int) -> dt.date:
    y, m = divmod(d.month - 1 + months, 12)
    return dt.date(d.year + y, m + 1, d.day)  # statement dates are kept on days 1-28


def audit(series: list[Statement], c: Contract | None):
    """Return (errors, warnings, deal summary) for one deal's series."""
    errors, warnings = [], []
    tol = c.tolerance if c else Decimal("1.00")

    def err(st, code, line, col, reported, expected, np_effect):
        if c is not None and col == "itd":
            np_effect = terms_np_effect(c, st, line, reported, expected, np_effect)
        if abs(reported - expected) > tol:
            errors.append(
                dict(
                    file=st.file,
                    sheet=st.sheet,
                    period_end=st.end.isoformat(),
                    code=code,
                    line=line,
                    column=col,
                    reported=f"{reported:.2f}",
                    expected=f"{expected:.2f}",
                    np_effect=f"{np_effect:.2f}",
                )
            )

    def warn(st, code, severity="warning"):
        warnings.append(dict(file=st.file, sheet=st.sheet, code=code, severity=severity))

    for k, st in enumerate(series):
        prev = series[k - 1] if k else None
        if c is None:
            warn(st, "NO-CONTRACT")
        for l in st.lines:
            if l.code.startswith("unmapped"):
                warn(st, "UNMAPPED-LINE")
        # A: footing (each section here has one total, after its lines)
        for col in ("cur", "itd"):
            group = {}
            for l in st.lines:
                if l.section in ("np", "participant", "memo") or l.kind == "balance":
                    continue
                v = getattr(l, col)
                if v is None:
                    continue
                if l.kind == "total":
                    n, s = group.get(l.section, (0, ZERO))
                    if n:
                        diff = v - s
                        eff = ZERO
                        if col == "itd":
                            eff = -diff if l.section == "gross" else diff
                        err(st, "ARITH-TOTAL", l.code, colname(col), v, s, eff)
                    group[l.section] = (1, v)
                else:
                    n, s = group.get(l.section, (0, ZERO))
                    # a reserve (and any "Less" line) reduces gross receipts
                    group[l.section] = (n + 1, s - v if l.code in ("gr.reserve", "gr.adjustment") else s + v)
            # A: net
            figure = {}
            for l in st.lines:
                v = getattr(l, col)
                if l.code == "np.total" or l.kind == "balance":
                    gross = figure.get("gross", ZERO)
                    if l.code == "np.total" and c is not None and c.definition == "gross":
                        exp = gross - sum((st.get(x, col) or ZERO for x in c.off_the_top), ZERO)
                    elif l.code == "np.total" and c is not None and c.definition == "gross_after_breakeven":
                        exp = gross - (st.get("memo.breakeven", col) or ZERO)
                    else:
                        exp = gross - sum((v2 for s2, v2 in figure.items() if s2 in DEDUCTION_SECTIONS), ZERO)
                    eff = -(v - exp) if (l.code == "np.total" and col == "itd") else ZERO
                    err(st, "ARITH-NET", l.code, colname(col), v, exp, eff)
                    continue
                if l.section in ("participant", "memo") or v is None:
                    continue
                if l.kind == "total":
                    figure[l.section] = v
                else:
                    figure[l.section] = figure.get(l.section, ZERO) + v
        if c is not None:
            share = st.get("share.earned")
            np_ = st.get("np.total")
            if share is not None and np_ is not None:
                err(st, "SHARE", "share.earned", "itd", share, stepped_share(c, np_), ZERO)
        due = st.get("pay.due")
        if due is not None and st.get("share.earned") is not None:
            exp = max(ZERO, st.get("share.earned") + (st.get("pay.bonus") or ZERO) - (st.get("pay.prior") or ZERO))
            err(st, "DUE", "pay.due", "itd", due, exp, ZERO)
        if c is not None:
            # C: royalty, fees, expenses, overhead, bonus (ITD column)
            for medium, rate in c.royalty.items():
                memo = st.get("memo.hv_wholesale_" + medium.split("_")[-1])
                v = st.get("gr." + medium)
                if memo is not None and v is not None:
                    e = r2(rate * memo)
                    err(st, "GR-ROYALTY", "gr." + medium, "itd", v, e, e - v)
            if c.fees is not None:
                for l in st.lines:
                    if l.section == "fees" and l.kind == "item" and l.code.startswith("fee."):
                        medium = l.code[4:]
                        g = st.get("gr." + medium) or ZERO
                        if medium in c.fee_tiers:
                            e = tiered_fee(c.fee_tiers[medium], g)
                            err(st, "FEE-RATE", l.code, "itd", l.itd, e, l.itd - e)
                        elif medium in c.fees:
                            e = r2(c.fees[medium] * g)
                            err(st, "FEE-RATE", l.code, "itd", l.itd, e, l.itd - e)
                        else:
                            err(st, "FEE-UNAUTHORIZED", l.code, "itd", l.itd, ZERO, l.itd)
            adv = st.get("exp.advertising")
            ao = st.get("exp.advertising_overhead")
            if c.adv_overhead is not None and adv is not None and ao is not None:
                e = r2(c.adv_overhead * adv)
                err(st, "ADV-OVERHEAD", "exp.advertising_overhead", "itd", ao, e, ao - e)
            for kind, cap in c.caps.items():
                v = st.get("exp." + kind)
                if v is not None and v > cap:
                    err(st, "EXP-CAP", "exp." + kind, "itd", v, cap, v - cap)
            for kind in c.disallowed:
                v = st.get("exp." + kind)
                if v:
                    err(st, "EXP-DISALLOWED", "exp." + kind, "itd", v, ZERO, v)
            if c.overhead is not None and st.get("nc.overhead") is not None and c.definition == "net_profits":
                e = r2(c.overhead * sum((st.get(x) or ZERO for x in c.overhead_on), ZERO))
                v = st.get("nc.overhead")
                err(st, "OVERHEAD-RATE", "nc.overhead", "itd", v, e, v - e)
            due_b = sum((a for m, t, a in c.bonuses if (st.get(m) or ZERO) >= t), ZERO)
            paid_b = st.get("pay.bonus") or ZERO
            if due_b and paid_b < due_b:
                err(st, "BONUS-UNPAID", "pay.bonus", "itd", paid_b, due_b, ZERO)
            # S: late
            if c.statement_due_days is not None and st.date > st.end + dt.timedelta(days=c.statement_due_days):
                warn(st, "STATEMENT-LATE")
        broken = prev is not None and prev.end + dt.timedelta(days=1) != st.start
        if broken:
            warn(st, "PERIOD-GAP")
        if c is not None:
            audit_new_terms(c, series, k, broken, err)
        # C: interest (current column), skipped across a gap
        if c is not None and c.interest is not None and not broken and st.line("int.total") is not None:
            rec = ZERO
            if prev is not None:
                rec = max(
                    ZERO,
                    prev.get("gr.total") - prev.get("fee.total") - prev.get("exp.total") - prev.get("int.total"),
                )
            base = st.get("nc.direct") + (st.get("nc.overhead") if c.on_overhead else ZERO) - rec
            base = max(ZERO, base)
            e = r2(base * rate_days(c.interest, st.start, st.end) / 365)
            v = st.get("int.total", "cur")
            if v > e:  # a ceiling: interest below it is not a finding
                err(st, "INTEREST", "int.total", "current", v, e, v - e)
        def printed_prior(code):
            vals = [l.prior for l in st.lines if l.code == code and l.prior is not None]
            return sum(vals, ZERO) if vals else None

        def component(l):
            return (
                l.kind == "item"
                and l.section not in ("np", "memo")
                and l.code not in ("share.earned", "pay.prior", "pay.due")
            )

        # S: where the statement prints Previously Reported for a component
        # line, that figure stands for itd(k-1): continuity runs on it even on
        # a first statement or across a gap, and a difference from what the
        # previous statement printed is a restatement (a warning, once).
        printed = [l.code for l in st.lines if component(l) and l.prior is not None]
        for code in dict.fromkeys(printed):
            cur = st.get(code, "cur") or ZERO
            err(st, "ITD-CONTINUITY", code, "current", cur, (st.get(code) or ZERO) - printed_prior(code), ZERO)
            if prev is not None and not broken and abs(printed_prior(code) - (prev.get(code) or ZERO)) > tol:
                warn(st, "PRIOR-RESTATED")
        if prev is not None and not broken:
            # S: continuity of every component line; prior paid
            codes = []
            for s in (prev, st):
                for l in s.lines:
                    if l.kind == "item" and l.section not in ("np", "memo") and l.code not in (
                        "share.earned",
                        "pay.prior",
                        "pay.due",
                    ):
                        if l.code not in codes:
                            codes.append(l.code)
            for code in codes:
                if code in printed:
                    continue  # checked above, against the printed figure
                a = st.get(code) or ZERO
                b = prev.get(code) or ZERO
                cur = st.get(code, "cur") or ZERO
                if st.line(code) is not None:
                    err(st, "ITD-CONTINUITY", code, "current", cur, a - b, ZERO)
            if st.get("pay.prior") is not None:
                e = (prev.get("pay.prior") or ZERO) + (prev.get("pay.due") or ZERO)
                err(st, "PRIOR-PAID", "pay.prior", "itd", st.get("pay.prior"), e, ZERO)
    # deadlines
    if c is not None and c.objection_months is not None:
        for st in series:
            if any(e["file"] == st.file and e["sheet"] == st.sheet for e in errors):
                until = add_months(st.date, c.objection_months)
                days = (until - AS_OF).days
                if days < 0:
                    warn(st, "AUDIT-DEADLINE", "info")
                elif days <= 90:
                    warn(st, "AUDIT-DEADLINE")
    # the claim, and what it is worth today (SPEC section 4)
    latest = series[-1]

    def paid_on(st):
        return (st.get("pay.prior") or ZERO) + (st.get("pay.due") or ZERO)

    paid = paid_on(latest)
    summary = dict(deal=latest.deal, statements=len(series), reported_paid=f"{paid:.2f}")
    if c is not None:

        def claim_as_of(k):
            """The claim as if statement k were the latest: (np*, earned, claim)."""
            st = series[k]
            earlier = {(x.file, x.sheet) for x in series[: k + 1]}
            effect = sum(
                (
                    Decimal(e["np_effect"])
                    for e in errors
                    if (e["file"] == st.file and e["sheet"] == st.sheet)
                    or (e["code"] == "INTEREST" and (e["file"], e["sheet"]) in earlier)
                ),
                ZERO,
            )
            np_k = st.get("np.total") + effect
            bonus_k = sum((a for m, t, a in c.bonuses if (st.get(m) or ZERO) >= t), ZERO)
            earned_k = stepped_share(c, np_k) + bonus_k
            return np_k, earned_k, max(ZERO, earned_k - paid_on(st))

        claims = [claim_as_of(k)[2] for k in range(len(series))]
        np_star, earned, claim = claim_as_of(len(series) - 1)
        # Interest: claim(k) from statement k's date to the earliest date of
        # the statements after it (the last to AS_OF), days counting the
        # first day, divided by 365, rounded once.
        total = ZERO
        for k, st in enumerate(series):
            to = min((x.date for x in series[k + 1 :]), default=AS_OF)
            total += claims[k] * max(0, (to - st.date).days)
        interest = r2(c.underpayment_interest * total / 365) if c.underpayment_interest is not None else None
        # The time bar: j the latest statement incontestable on AS_OF.
        at_risk = None
        if c.objection_months is not None:
            barred = [k for k, st in enumerate(series) if AS_OF >= add_months(st.date, c.objection_months)]
            at_risk = min(claim, claims[barred[-1]]) if barred else ZERO
        summary.update(
            recomputed_np=f"{np_star:.2f}",
            recomputed_earned=f"{earned:.2f}",
            claim=f"{claim:.2f}",
            claim_interest=None if interest is None else f"{interest:.2f}",
            claim_at_risk=None if at_risk is None else f"{at_risk:.2f}",
            claim_open=None if at_risk is None else f"{claim - at_risk:.2f}",
            cost_shift=(claim > 0) if paid == 0 else (claim > c.cost_shift_threshold * paid),
        )
    return errors, warnings, summary


# The terms of SPEC section 3 "More deal terms", as the auditor reads them.


def tiered_fee(tiers, gross: Decimal) -> Decimal:
    """Each tier's rate on the part of max(0, gross) inside it; rounded once."""
    g, floor, fee = max(ZERO, gross), ZERO, ZERO
    for upto, rate in tiers:
        top = g if upto is None else min(g, upto)
        if top > floor:
            fee += rate * (top - floor)
        if upto is None:
            break
        floor = upto
    return r2(fee)


def stepped_share(c: Contract, base: Decimal) -> Decimal:
    """The share of max(0, base) with `above` steps as tranches; rounded once."""
    b = max(ZERO, base)
    bounds = [(ZERO, c.share)] + list(c.steps)
    earned = ZERO
    for i, (start, rate) in enumerate(bounds):
        end = bounds[i + 1][0] if i + 1 < len(bounds) else b
        top = min(b, end)
        if top > start:
            earned += rate * (top - start)
    return r2(earned)


def breakeven_of(c: Contract, costs: Decimal) -> Decimal:
    _, kind, value = c.breakeven
    return r2(costs / (1 - value)) if kind == "fee" else r2(value * costs)


def terms_np_effect(c: Contract, st: Statement, line: str, reported, expected, raw):
    """SPEC section 4, details: on a gross deal only off-the-top deductions
    (or their section total) touch the base; on a gross-after-breakeven deal a
    deduction moves it only through the breakeven, when it (or its section
    total) is a breakeven cost: B(reported) - B(expected)."""
    prefix = line.split(".")[0]
    if prefix not in ("fee", "exp", "nc", "int", "gp", "def"):
        return raw
    named = lambda codes: line in codes or f"{prefix}.total" in codes  # noqa: E731
    if c.definition == "gross":
        return raw if named(c.off_the_top) else ZERO
    if c.definition == "gross_after_breakeven":
        costs = c.breakeven[0]
        if not named(costs):
            return ZERO
        total = sum((st.get(x) or ZERO for x in costs), ZERO)
        return breakeven_of(c, total) - breakeven_of(c, total - (reported - expected))
    return raw


def audit_new_terms(c: Contract, series, k: int, broken: bool, err):
    """BREAKEVEN, RESERVE-EXCESS and RESERVE-UNLIQUIDATED on statement k."""
    st = series[k]
    if c.breakeven is not None and st.get("memo.breakeven") is not None:
        costs = sum((st.get(x) or ZERO for x in c.breakeven[0]), ZERO)
        v, e = st.get("memo.breakeven"), breakeven_of(c, costs)
        err(st, "BREAKEVEN", "memo.breakeven", "itd", v, e, v - e)
    if c.reserves is not None and st.get("gr.reserve") is not None:
        held = abs(st.get("gr.reserve"))
        most, within = c.reserves
        cap = r2(most * (st.get("gr.total") + held)) if most is not None else None
        age = None
        if within is not None and not broken:
            window = series[max(0, k - within + 1) : k + 1]
            age = sum((max(ZERO, s.get("gr.reserve", "cur") or ZERO) for s in window), ZERO)
        if cap is not None and (age is None or cap <= age):
            err(st, "RESERVE-EXCESS", "gr.reserve", "itd", held, cap, held - cap) if held > cap else None
        elif age is not None and held > age:
            err(st, "RESERVE-UNLIQUIDATED", "gr.reserve", "itd", held, age, held - age)


def colname(col):
    return "current" if col == "cur" else "itd"


# --------------------------------------------------------------------------
# Rendering helpers
# --------------------------------------------------------------------------


def money_text(v: Decimal | None, neg="paren", zero="-", symbol="") -> str:
    if v is None:
        return ""
    if v == 0:
        return zero
    s = f"{abs(v):,.2f}"
    if v > 0:
        return symbol + s
    if neg == "paren":
        return f"({symbol}{s})"
    if neg == "trailing":
        return f"{symbol}{s}-"
    return f"-{symbol}{s}"


def ddmonyyyy(d: dt.date) -> str:
    return d.strftime("%d-%b-%Y")


def rows_for(st: Statement, *, section_names, heading_rows, section_every_row=False, columns, notes=False):
    """The line table rows as lists of python values (None = empty cell).

    columns: list of "section" | "line" | "cur" | "itd" | "notes".
    Amount cells are Decimals (the renderer formats them).
    """
    rows = []
    last = None
    for l in st.lines:
        first_in_section = l.section != last
        if first_in_section and heading_rows:
            row = [None] * len(columns)
            row[columns.index("section")] = section_names[l.section]
            rows.append(row)
        row = []
        for col in columns:
            if col == "section":
                if section_every_row or (first_in_section and not heading_rows):
                    row.append(section_names[l.section])
                else:
                    row.append(None)
            elif col == "line":
                row.append(l.label)
            elif col == "cur":
                row.append(l.cur)
            elif col == "itd":
                row.append(l.itd)
            elif col == "notes":
                row.append(l.note or None)
        rows.append(row)
        last = l.section
    return rows


PRIME = [  # U.S. prime rate as published (Wall Street Journal), changes since 2022
    (dt.date(2022, 9, 22), "6.25%"),
    (dt.date(2022, 11, 3), "7.00%"),
    (dt.date(2022, 12, 15), "7.50%"),
    (dt.date(2023, 2, 2), "7.75%"),
    (dt.date(2023, 3, 23), "8.00%"),
    (dt.date(2023, 5, 4), "8.25%"),
    (dt.date(2023, 7, 27), "8.50%"),
    (dt.date(2024, 9, 19), "8.00%"),
    (dt.date(2024, 11, 8), "7.75%"),
    (dt.date(2024, 12, 19), "7.50%"),
    (dt.date(2025, 9, 18), "7.25%"),
    (dt.date(2025, 10, 30), "7.00%"),
    (dt.date(2025, 12, 11), "6.75%"),
]


def prime_on(d: dt.date) -> Decimal:
    rate = None
    for start, r in PRIME:
        if start <= d:
            rate = pct(r)
    assert rate is not None
    return rate


def rate_days(rate, start: dt.date, end: dt.date) -> Decimal:
    """Sum over each day d of [start, end] of the annual rate in force on d
    (SPEC section 4, Interest: a period in which the rate changed is split at
    the change); times a base and divided by 365, it is the interest ceiling."""
    total, d = ZERO, start
    while d <= end:
        total += rate(d)
        d += dt.timedelta(days=1)
    return total


def prime_toml(indent="  ") -> str:
    return "\n".join(f'{indent}{{ from = {d.isoformat()}, rate = "{r}" }},' for d, r in PRIME)


def grow(rng: random.Random, total: float, shape: list[float]) -> list[Decimal]:
    """Cumulative amounts reaching about `total`, following `shape` (cumulative fractions)."""
    out = []
    last = ZERO
    for f in shape:
        if f == 0:
            out.append(None)
            continue
        v = r2(D(total * f) * D(1 + rng.uniform(-0.015, 0.015)))
        v = max(v, last)
        out.append(v)
        last = v
    return out


def fixed_xlsx_times(path: Path):
    """Rewrite an xlsx so that its zip entries and docProps carry fixed dates."""
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "docProps/core.xml":  # openpyxl stamps "modified" with the time of saving
                import re

                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2025-08-20T00:00:00Z", data)
            info = zipfile.ZipInfo(item.filename, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(info, data)
    tmp.replace(path)


# --------------------------------------------------------------------------
# The deals
# --------------------------------------------------------------------------

# Statement dates: days after each period end (45-60; one late on purpose).


def dates_after(periods, lags):
    return [e + dt.timedelta(days=lag) for (s, e), lag in zip(periods, lags)]


NP_LABELS = {
    "np.total": "Net Profits (Deficit)",
    "share.earned": "Participant Share",
    "pay.bonus": "Bonuses",
    "pay.prior": "Less Previously Paid",
    "pay.due": "Amount Due",
}


def deal_harbour():
    """Meridian Pictures: net profits, interest at prime + 1%, layout A (xlsx)."""
    deal = dict(id="MP-2022-0147", title="The Harbour Light", participant="Margaret Okafor")
    periods = quarters(dt.date(2024, 1, 1), 6)
    dates = dates_after(periods, [47, 52, 49, 55, 48, 51])
    rng = random.Random(147)
    td = grow(rng, 35_700_000, [0.60, 0.95, 0.985, 0.997, 1.0, 1.0005])
    tf = grow(rng, 30_450_000, [0, 0.47, 0.90, 0.98, 0.996, 1.0])
    hv = grow(rng, 6_300_000, [0, 0, 0.49, 0.78, 0.92, 1.0])
    sv = [None, None, None, D("9500000.00"), D("9500000.00"), D("12000000.00")]
    pt = [None, None, None, None, D("4200000.00"), D("4200000.00")]
    adv = grow(rng, 21_000_000, [0.705, 0.90, 0.957, 0.981, 0.995, 1.0])
    prints = grow(rng, 2_150_000, [0.72, 0.97, 0.99, 1.0, 1.0, 1.0])
    resid = grow(rng, 1_480_000, [0.02, 0.09, 0.33, 0.61, 0.83, 1.0])
    taxes = grow(rng, 610_000, [0.31, 0.70, 0.88, 0.94, 0.98, 1.0])
    dues = grow(rng, 300_000, [0.38, 0.71, 0.86, 0.94, 0.98, 1.0])
    chk = grow(rng, 195_000, [0.35, 0.66, 0.84, 0.93, 0.98, 1.0])
    direct = [D("24185330.17"), D("24496812.40"), D("24496812.40"), D("24510212.40"), D("24510212.40"), D("24510212.40")]
    cumulative = []
    for k in range(6):
        c = {"nc.direct": direct[k]}
        for code, series in [
            ("gr.theatrical_domestic", td),
            ("gr.theatrical_foreign", tf),
            ("gr.home_video_domestic", hv),
            ("gr.svod", sv),
            ("gr.pay_tv", pt),
            ("exp.advertising", adv),
            ("exp.prints", prints),
            ("exp.residuals", resid),
            ("exp.taxes", taxes),
            ("exp.trade_dues", dues),
            ("exp.checking_collection", chk),
        ]:
            if series[k] is not None:
                c[code] = series[k]
        cumulative.append(c)
    fees = {"theatrical_domestic": "30%", "theatrical_foreign": "35%", "home_video_domestic": "30%", "svod": "25%", "pay_tv": "25%"}
    contract = Contract(
        id=deal["id"],
        definition="net_profits",
        share=pct("5%"),
        fees={m: pct(r) for m, r in fees.items()},
        adv_overhead=pct("10%"),
        caps={"checking_collection": D("250000")},
        disallowed=["travel"],
        overhead=pct("12.5%"),
        interest=lambda s: prime_on(s) + pct("1%"),
        on_overhead=False,
        underpayment_interest=pct("10%"),
        cost_shift_threshold=pct("5%"),
        statement_due_days=60,
    )
    studio_fees = {m: pct(r) for m, r in fees.items()}
    studio_fees["theatrical_foreign"] = pct("40%")  # PLANTED: FEE-RATE
    rules = StudioRules(
        share=pct("5%"),
        fees=studio_fees,
        adv_overhead=pct("10%"),
        overhead=pct("15%"),  # PLANTED: OVERHEAD-RATE (contract: 12.5%)
        interest=lambda s: prime_on(s) + pct("1%"),
        interest_on_overhead=True,  # PLANTED: INTEREST (contract: on_overhead = false)
        footing={5: ("exp.total", D("9000.00"))},  # PLANTED: ARITH-TOTAL (transposed digits)
    )
    labels = {
        "gr.theatrical_domestic": "Theatrical - Domestic",
        "gr.theatrical_foreign": "Theatrical - Foreign",
        "gr.home_video_domestic": "Home Entertainment - Domestic",
        "gr.svod": "SVOD",
        "gr.pay_tv": "Pay Television",
        "gr.total": "Total Gross Receipts",
        "fee.theatrical_domestic": "Theatrical - Domestic (30%)",
        "fee.theatrical_foreign": "Theatrical - Foreign (40%)",
        "fee.home_video_domestic": "Home Entertainment - Domestic (30%)",
        "fee.svod": "SVOD (25%)",
        "fee.pay_tv": "Pay Television (25%)",
        "fee.total": "Total Distribution Fees",
        "exp.advertising": "Advertising & Publicity",
        "exp.advertising_overhead": "Advertising Overhead (10%)",
        "exp.prints": "Prints & Digital Delivery",
        "exp.residuals": "Residuals",
        "exp.taxes": "Remittance Taxes",
        "exp.trade_dues": "MPA Dues",
        "exp.checking_collection": "Checking & Collection",
        "exp.total": "Total Distribution Expenses",
        "nc.direct": "Direct Production Cost",
        "nc.overhead": "Overhead (15%)",
        "nc.total": "Total Negative Cost",
        "int.total": "Interest",
        **NP_LABELS,
    }
    notes = {
        (0, "gr.theatrical_domestic"): "Wide release 16-Feb-2024",
        (1, "gr.theatrical_foreign"): "International rollout from 12-Apr-2024",
        (2, "gr.home_video_domestic"): "Disc and digital street date 23-Jul-2024",
        (3, "gr.svod"): "First-window license, 18 months",
        (4, "gr.pay_tv"): "Pay-one window",
        (5, "gr.svod"): "License extension",
    }
    layout = dict(
        labels=labels,
        notes=notes,
        gross_order=["gr.theatrical_domestic", "gr.theatrical_foreign", "gr.home_video_domestic", "gr.svod", "gr.pay_tv"],
        expense_order=[
            "exp.advertising",
            "exp.advertising_overhead",
            "exp.prints",
            "exp.residuals",
            "exp.taxes",
            "exp.trade_dues",
            "exp.checking_collection",
        ],
    )
    series = build_series(deal, periods, dates, cumulative, rules, layout)
    for st in series:
        st.file = "harbour-light/Meridian - The Harbour Light - participation statements.xlsx"
        st.sheet = f"Q{(st.end.month - 1) // 3 + 1} {st.end.year}"
    return deal, contract, series


def deal_cafe():
    """Northlight Releasing: first-dollar gross less off-the-tops, layout B (csv)."""
    deal = dict(id="NLR-0417-LM", title="Café Solitaire", participant="Lucien Marchetti")
    periods = halves(dt.date(2023, 7, 1), 6)
    dates = dates_after(periods, [50, 46, 53, 48, 57, 55])
    rng = random.Random(417)
    td = grow(rng, 18_400_000, [0.81, 0.985, 0.995, 1.0, 1.0, 1.0004])
    tf = grow(rng, 22_900_000, [0.52, 0.93, 0.985, 0.997, 1.0, 1.0])
    hvw = grow(rng, 14_800_000, [0, 0.58, 0.80, 0.90, 0.96, 1.0])
    tvod = grow(rng, 3_350_000, [0.21, 0.66, 0.82, 0.91, 0.96, 1.0])
    svod = [None, None, D("6750000.00"), D("6750000.00"), D("6750000.00"), D("11250000.00")]
    ftv = [None, None, None, None, D("2100000.00"), D("2100000.00")]
    resid = grow(rng, 1_260_000, [0.05, 0.27, 0.55, 0.71, 0.86, 1.0])
    dues = grow(rng, 171_000, [0.41, 0.72, 0.86, 0.92, 0.97, 1.0])
    cumulative = []
    for k in range(6):
        c = {}
        for code, series in [
            ("gr.theatrical_domestic", td),
            ("gr.theatrical_foreign", tf),
            ("memo.hv_wholesale_domestic", hvw),
            ("gr.tvod", tvod),
            ("gr.svod", svod),
            ("gr.free_tv", ftv),
            ("exp.residuals", resid),
            ("exp.trade_dues", dues),
        ]:
            if series[k] is not None:
                c[code] = series[k]
        cumulative.append(c)
    contract = Contract(
        id=deal["id"],
        definition="gross",
        share=pct("7.5%"),
        royalty={"home_video_domestic": pct("20%")},
        off_the_top=("exp.residuals", "exp.trade_dues"),
        underpayment_interest=pct("10%"),
        cost_shift_threshold=pct("5%"),
        statement_due_days=60,
    )
    rules = StudioRules(
        definition="gross",
        share=pct("7.5%"),
        royalty={"home_video_domestic": pct("16%")},  # PLANTED: GR-ROYALTY (contract: 20%)
        off_the_top=("exp.residuals", "exp.trade_dues"),
    )
    labels = {
        "gr.theatrical_domestic": "Domestic Theatrical",
        "gr.theatrical_foreign": "International Theatrical",
        "gr.home_video_domestic": "Home Video - Domestic",
        "gr.tvod": "Transactional VOD",
        "gr.svod": "Subscription Video on Demand",
        "gr.free_tv": "Network Television",
        "gr.total": "Total Gross Receipts",
        "exp.residuals": "Residuals",
        "exp.trade_dues": "Trade Association Dues",
        "exp.total": "Total Off-the-Top Deductions",
        "np.total": "Adjusted Gross Receipts",
        "share.earned": "Participant Share (7.5%)",
        "pay.prior": "Prior Payments",
        "pay.due": "Balance Due",
        "memo.hv_wholesale_domestic": "Home Video Wholesale - Domestic",
    }
    layout = dict(
        labels=labels,
        gross_order=[
            "gr.theatrical_domestic",
            "gr.theatrical_foreign",
            "gr.home_video_domestic",
            "gr.tvod",
            "gr.svod",
            "gr.free_tv",
        ],
        expense_order=["exp.residuals", "exp.trade_dues"],
        memo_order=["memo.hv_wholesale_domestic"],
    )
    series = build_series(deal, periods, dates, cumulative, rules, layout)
    for st in series:
        half = "H1" if st.end.month == 6 else "H2"
        st.file = f"cafe-solitaire/NLR_CafeSolitaire_Marchetti_{st.end.year}{half}.csv"
    return deal, contract, series


def deal_ironwood():
    """Pacific Crest Films: net profits with box-office bonuses, layout C (ods)."""
    deal = dict(id="PCF-IW-2023-07", title="Ironwood", participant="Dana Whitfield")
    periods = quarters(dt.date(2024, 7, 1), 6)
    dates = dates_after(periods, [52, 49, 56, 74, 50, 47])  # Q2 2025 is late on purpose
    rng = random.Random(2307)
    td = grow(rng, 39_500_000, [0.35, 0.66, 0.90, 0.985, 0.996, 1.0])
    tf = grow(rng, 27_200_000, [0.08, 0.45, 0.81, 0.95, 0.99, 1.0])
    hv = grow(rng, 4_900_000, [0, 0, 0.38, 0.69, 0.88, 1.0])
    pt = [None, None, None, None, D("3600000.00"), D("3600000.00")]
    box = grow(rng, 79_400_000, [0.353, 0.655, 0.895, 0.982, 0.996, 1.0])
    adv = grow(rng, 31_600_000, [0.66, 0.88, 0.96, 0.985, 0.996, 1.0])
    prints = grow(rng, 2_900_000, [0.61, 0.93, 0.99, 1.0, 1.0, 1.0])
    resid = grow(rng, 980_000, [0.03, 0.11, 0.36, 0.62, 0.85, 1.0])
    taxes = grow(rng, 720_000, [0.15, 0.52, 0.80, 0.93, 0.98, 1.0])
    dubbing = grow(rng, 410_000, [0.30, 0.84, 0.97, 1.0, 1.0, 1.0])
    direct = [D("41250000.00")] * 6
    gp = [D("0.00"), D("395000.00"), D("986512.50"), D("1204400.00"), D("1290115.00"), D("1318622.50")]
    cumulative = []
    for k in range(6):
        c = {"nc.direct": direct[k], "gp.total": gp[k]}
        for code, series in [
            ("gr.theatrical_domestic", td),
            ("gr.theatrical_foreign", tf),
            ("gr.home_video_domestic", hv),
            ("gr.pay_tv", pt),
            ("exp.advertising", adv),
            ("exp.prints", prints),
            ("exp.residuals", resid),
            ("exp.taxes", taxes),
            ("exp.dubbing_subtitling", dubbing),
            ("memo.box_office_domestic", box),
        ]:
            if series[k] is not None:
                c[code] = series[k]
        cumulative.append(c)
    fees = {"theatrical_domestic": "30%", "theatrical_foreign": "35%", "home_video_domestic": "30%", "pay_tv": "25%"}
    bonuses = [
        ("memo.box_office_domestic", D("50000000"), D("150000")),
        ("memo.box_office_domestic", D("75000000"), D("150000")),
    ]
    contract = Contract(
        id=deal["id"],
        definition="net_profits",
        share=pct("10%"),
        fees={m: pct(r) for m, r in fees.items()},
        adv_overhead=pct("10%"),
        overhead=pct("10%"),
        interest=lambda s: pct("8%"),
        on_overhead=True,
        bonuses=bonuses,
        underpayment_interest=pct("9%"),
        cost_shift_threshold=pct("5%"),
        statement_due_days=60,
    )
    rules = StudioRules(
        share=pct("10%"),
        fees={m: pct(r) for m, r in fees.items()},
        adv_overhead=pct("10%"),
        overhead=pct("10%"),
        interest=lambda s: pct("8%"),
        interest_on_overhead=True,
        bonuses=bonuses[:1],  # PLANTED: BONUS-UNPAID (the $75M bonus is never paid)
    )
    labels = {
        "gr.theatrical_domestic": "Domestic Theatrical",
        "gr.theatrical_foreign": "Foreign Theatrical",
        "gr.home_video_domestic": "Home Video - Domestic",
        "gr.pay_tv": "Pay TV",
        "gr.total": "Total Film Rental",
        "fee.theatrical_domestic": "Domestic Theatrical",
        "fee.theatrical_foreign": "Foreign Theatrical",
        "fee.home_video_domestic": "Home Video - Domestic",
        "fee.pay_tv": "Pay TV",
        "fee.total": "Total Distribution Fees",
        "exp.advertising": "P&A Advertising",
        "exp.advertising_overhead": "Advertising Overhead",
        "exp.prints": "Prints",
        "exp.residuals": "Reuse Fees",
        "exp.taxes": "Taxes",
        "exp.dubbing_subtitling": "Dubbing and Subtitling",
        "exp.total": "Total Distribution Costs",
        "nc.direct": "Direct Cost",
        "nc.overhead": "Production Overhead",
        "nc.total": "Total Cost of Production",
        "int.total": "Interest",
        "gp.total": "Gross Participations",
        "np.total": "Net Profits (Loss)",
        "share.earned": "Participant Share",
        "pay.bonus": "Bonuses",
        "pay.prior": "Prior Payments",
        "pay.due": "Payable",
        "memo.box_office_domestic": "Box Office - Domestic",
    }
    layout = dict(
        labels=labels,
        gross_order=["gr.theatrical_domestic", "gr.theatrical_foreign", "gr.home_video_domestic", "gr.pay_tv"],
        expense_order=[
            "exp.advertising",
            "exp.advertising_overhead",
            "exp.prints",
            "exp.residuals",
            "exp.taxes",
            "exp.dubbing_subtitling",
        ],
        memo_order=["memo.box_office_domestic"],
    )
    series = build_series(deal, periods, dates, cumulative, rules, layout)
    for st in series:
        st.file = f"ironwood/Ironwood Q{(st.end.month - 1) // 3 + 1}-{st.end.year}.ods"
        st.sheet = "Participation"
    return deal, contract, series


def deal_aldmoor():
    """Greyhaven Studios: net profits, clean, layout D (xls). Nothing is wrong here."""
    deal = dict(id="GH-1183-PR", title="A Quiet Year in Aldmoor", participant="Priya Raman")
    periods = halves(dt.date(2023, 1, 1), 6)
    dates = dates_after(periods, [55, 58, 45, 52, 49, 54])
    rng = random.Random(1183)
    td = grow(rng, 14_250_000, [0.74, 0.96, 0.99, 1.0, 1.0, 1.0003])
    tf = grow(rng, 17_800_000, [0.41, 0.88, 0.97, 0.99, 0.997, 1.0])
    hv = grow(rng, 3_100_000, [0, 0.47, 0.75, 0.87, 0.95, 1.0])
    svod = [None, None, D("8200000.00"), D("8200000.00"), D("8200000.00"), D("8200000.00")]
    ftv = [None, None, None, None, D("1650000.00"), D("2475000.00")]
    adv = grow(rng, 9_400_000, [0.78, 0.95, 0.985, 0.995, 1.0, 1.0])
    prints = grow(rng, 860_000, [0.80, 0.98, 1.0, 1.0, 1.0, 1.0])
    resid = grow(rng, 890_000, [0.03, 0.14, 0.49, 0.66, 0.86, 1.0])
    taxes = grow(rng, 330_000, [0.33, 0.74, 0.90, 0.95, 0.98, 1.0])
    chk = grow(rng, 88_000, [0.39, 0.78, 0.90, 0.96, 0.99, 1.0])
    direct = [D("9862450.00")] * 6
    cumulative = []
    for k in range(6):
        c = {"nc.direct": direct[k]}
        for code, series in [
            ("gr.theatrical_domestic", td),
            ("gr.theatrical_foreign", tf),
            ("gr.home_video_domestic", hv),
            ("gr.svod", svod),
            ("gr.free_tv", ftv),
            ("exp.advertising", adv),
            ("exp.prints", prints),
            ("exp.residuals", resid),
            ("exp.taxes", taxes),
            ("exp.checking_collection", chk),
        ]:
            if series[k] is not None:
                c[code] = series[k]
        cumulative.append(c)
    fees = {
        "theatrical_domestic": "30%",
        "theatrical_foreign": "35%",
        "home_video_domestic": "30%",
        "svod": "25%",
        "free_tv": "30%",
    }
    rate = lambda s: prime_on(s) * pct("125%")  # noqa: E731
    contract = Contract(
        id=deal["id"],
        definition="net_profits",
        share=pct("2.5%"),
        fees={m: pct(r) for m, r in fees.items()},
        adv_overhead=pct("10%"),
        caps={"checking_collection": D("100000")},
        disallowed=["travel"],
        overhead=pct("15%"),
        interest=rate,
        on_overhead=False,
        underpayment_interest=pct("10%"),
        cost_shift_threshold=pct("5%"),
        statement_due_days=60,
    )
    rules = StudioRules(
        share=pct("2.5%"),
        fees={m: pct(r) for m, r in fees.items()},
        adv_overhead=pct("10%"),
        overhead=pct("15%"),
        interest=rate,
        interest_on_overhead=False,
        # Greyhaven accrues monthly on a balance that falls as receipts come
        # in: its interest sits below the ceiling, which is not a finding.
        interest_accrual=Decimal("0.97"),
    )
    labels = {
        "gr.theatrical_domestic": "Theatrical - Domestic",
        "gr.theatrical_foreign": "Theatrical - Foreign",
        "gr.home_video_domestic": "Home Video - Domestic",
        "gr.svod": "Streaming",
        "gr.free_tv": "Free Television",
        "gr.total": "Total Gross Receipts",
        "fee.theatrical_domestic": "Theatrical - Domestic @30%",
        "fee.theatrical_foreign": "Theatrical - Foreign @35%",
        "fee.home_video_domestic": "Home Video - Domestic @30%",
        "fee.svod": "Streaming @25%",
        "fee.free_tv": "Free Television @30%",
        "fee.total": "Total Distribution Fees",
        "net.1": "Net After Distribution Fees",
        "exp.advertising": "Advertising & Publicity",
        "exp.advertising_overhead": "Advertising Overhead @10%",
        "exp.prints": "Prints",
        "exp.residuals": "Residuals",
        "exp.taxes": "Taxes",
        "exp.checking_collection": "Checking & Collection",
        "exp.total": "Total Distribution Expenses",
        "nc.direct": "Direct Cost",
        "nc.overhead": "Overhead @15%",
        "nc.total": "Total Negative Cost",
        "int.total": "Interest",
        "np.total": "Net Profits",
        "share.earned": "Participant Share @2.5%",
        "pay.prior": "Less Previously Paid",
        "pay.due": "Amount Due",
    }
    layout = dict(
        labels=labels,
        gross_order=["gr.theatrical_domestic", "gr.theatrical_foreign", "gr.home_video_domestic", "gr.svod", "gr.free_tv"],
        expense_order=[
            "exp.advertising",
            "exp.advertising_overhead",
            "exp.prints",
            "exp.residuals",
            "exp.taxes",
            "exp.checking_collection",
        ],
    )
    series = build_series(deal, periods, dates, cumulative, rules, layout)
    for st in series:
        st.file = f"aldmoor/GH1183 {st.end.year}-{st.end.month:02d}.xls"
        st.sheet = "Statement"
    return deal, contract, series


def deal_copper():
    """Redwater Entertainment: no contract on file, a missing quarter, layout E (csv)."""
    deal = dict(id="RWE-2019-SA", title="Copper Canyon Road", participant="Samuel Adeyemi")
    periods = quarters(dt.date(2025, 1, 1), 5)
    dates = dates_after(periods, [46, 51, 48, 50, 53])
    rng = random.Random(2019)
    ftv = grow(rng, 1_240_000, [0.22, 0.41, 0.63, 0.80, 1.0])
    avod = grow(rng, 690_000, [0.18, 0.39, 0.61, 0.82, 1.0])
    intl = grow(rng, 2_050_000, [0.27, 0.46, 0.66, 0.83, 1.0])
    resid = grow(rng, 210_000, [0.21, 0.42, 0.61, 0.80, 1.0])
    facil = grow(rng, 48_000, [0.25, 0.50, 0.75, 0.88, 1.0])
    cumulative = []
    for k in range(5):
        c = {
            "nc.direct": D("3725000.00"),
            "gr.free_tv": ftv[k] + D("6815000.00"),
            "gr.avod": avod[k] + D("412500.00"),
            "gr.theatrical_foreign": intl[k] + D("4906000.00"),
            "exp.residuals": resid[k] + D("905400.00"),
            "unmapped.facilities": facil[k] + D("161250.00"),
            "exp.advertising": D("2840000.00"),
        }
        cumulative.append(c)
    fees = {"free_tv": "30%", "avod": "30%", "theatrical_foreign": "35%"}
    rules = StudioRules(share=pct("3%"), fees={m: pct(r) for m, r in fees.items()}, overhead=pct("12.5%"))
    labels = {
        "gr.theatrical_foreign": "Foreign Theatrical",
        "gr.free_tv": "Syndication",
        "gr.avod": "AVOD",
        "gr.total": "Total Gross Receipts",
        "fee.theatrical_foreign": "Foreign Theatrical",
        "fee.free_tv": "Syndication",
        "fee.avod": "AVOD",
        "fee.total": "Total Distribution Fees",
        "exp.advertising": "Advertising & Publicity",
        "exp.residuals": "Residuals",
        "unmapped.facilities": "Studio Facilities Charge",
        "exp.total": "Total Distribution Expenses",
        "nc.direct": "Direct Cost",
        "nc.overhead": "Overhead",
        "nc.total": "Total Negative Cost",
        **NP_LABELS,
    }
    del labels["pay.bonus"]
    layout = dict(
        labels=labels,
        gross_order=["gr.free_tv", "gr.avod", "gr.theatrical_foreign"],
        expense_order=["exp.advertising", "exp.residuals", "unmapped.facilities"],
    )
    series = build_series(deal, periods, dates, cumulative, rules, layout)
    del series[2]  # PLANTED: PERIOD-GAP (the Q3 2025 statement never arrived)
    for st in series:
        st.file = f"copper-canyon-road/RWE-2019-SA_{st.end.year}Q{(st.end.month - 1) // 3 + 1}.csv"
    return deal, contract_none(), series


def contract_none():
    return None


def deal_saltmarsh():
    """Beacon Street Television: a TV series on MAGR, layout F (csv, three amount columns).

    Three seasons of *Saltmarsh* (ten episodes each, 2022-2024), licensed to
    the network that ordered them, then sold abroad, to two SVOD windows, into
    domestic syndication, basic cable and FAST. The participant's folder
    starts with the H1 2023 statement; each statement prints the studio's
    Previously Reported column.
    """
    deal = dict(id="BST-0412-EV", title="Saltmarsh", participant="Elena Vasquez")
    periods = halves(dt.date(2022, 7, 1), 7)
    dates = dates_after(periods, [58, 61, 57, 63, 59, 60, 62])
    rng = random.Random(412)
    per_episode = D("3350000.00")  # the network's license fee per episode
    license_ = [per_episode * n for n in (10, 15, 20, 25, 30, 30, 30)]
    cost = [D("42600000.00") * f for f in (D("1"), D("1.5"), D("2"), D("2.5"), D("3"), D("3"), D("3"))]
    intl = grow(rng, 36_400_000, [0.12, 0.27, 0.41, 0.58, 0.74, 0.88, 1.0])
    svod = [None, None, None, D("25000000.00"), D("25000000.00"), D("50000000.00"), D("50000000.00")]
    synd = grow(rng, 12_600_000, [0, 0, 0, 0, 0.33, 0.66, 1.0])
    cable = grow(rng, 9_300_000, [0, 0, 0, 0.34, 0.55, 0.80, 1.0])
    fast = grow(rng, 3_050_000, [0, 0, 0, 0, 0.30, 0.62, 1.0])
    resid = grow(rng, 15_800_000, [0.05, 0.15, 0.27, 0.45, 0.62, 0.82, 1.0])
    dub = grow(rng, 2_350_000, [0.10, 0.25, 0.42, 0.60, 0.75, 0.90, 1.0])
    adv = grow(rng, 4_600_000, [0.30, 0.45, 0.60, 0.75, 0.85, 0.93, 1.0])
    cumulative = []
    for k in range(7):
        c = {"gr.tv_license": license_[k], "nc.direct": r2(cost[k])}
        for code, series in [
            ("gr.tv_foreign", intl),
            ("gr.svod", svod),
            ("gr.free_tv", synd),
            ("gr.basic_cable", cable),
            ("gr.avod", fast),
            ("exp.residuals", resid),
            ("exp.dubbing_subtitling", dub),
            ("exp.advertising", adv),
        ]:
            if series[k] is not None:
                c[code] = series[k]
        cumulative.append(c)
    fees = {
        "tv_license": "10%",
        "tv_foreign": "35%",
        "svod": "25%",
        "free_tv": "35%",
        "basic_cable": "30%",
        "avod": "30%",
    }
    contract = Contract(
        id=deal["id"],
        definition="net_profits",
        share=pct("5%"),
        fees={m: pct(r) for m, r in fees.items()},
        disallowed=["travel"],
        overhead=pct("10%"),
        underpayment_interest=pct("10%"),
        cost_shift_threshold=pct("5%"),
        statement_due_days=90,
    )
    rules = StudioRules(share=pct("5%"), fees={m: pct(r) for m, r in fees.items()}, overhead=pct("10%"))
    labels = {
        "gr.tv_license": "Network License Fees",
        "gr.tv_foreign": "International Television",
        "gr.svod": "SVOD",
        "gr.free_tv": "Domestic Syndication",
        "gr.basic_cable": "Basic Cable",
        "gr.avod": "FAST",
        "gr.total": "Total Gross Receipts",
        "fee.tv_license": "Network License Fees (10%)",
        "fee.tv_foreign": "International Television (35%)",
        "fee.svod": "SVOD (25%)",
        "fee.free_tv": "Domestic Syndication (35%)",
        "fee.basic_cable": "Basic Cable (30%)",
        "fee.avod": "FAST (30%)",
        "fee.total": "Total Distribution Fees",
        "exp.residuals": "Residuals",
        "exp.dubbing_subtitling": "Dubbing & Subtitling",
        "exp.advertising": "Advertising & Publicity",
        "exp.total": "Total Distribution Expenses",
        "nc.direct": "Production Costs",
        "nc.overhead": "Overhead (10%)",
        "nc.total": "Total Cost of Production",
        "np.total": "MAGR",
        "share.earned": "Participant Share (5%)",
        "pay.prior": "Less Previously Paid",
        "pay.due": "Amount Due",
    }
    layout = dict(
        labels=labels,
        gross_order=["gr.tv_license", "gr.tv_foreign", "gr.svod", "gr.free_tv", "gr.basic_cable", "gr.avod"],
        expense_order=["exp.residuals", "exp.dubbing_subtitling", "exp.advertising"],
    )
    series = build_series(deal, periods, dates, cumulative, rules, layout)
    # The Previously Reported column: what the previous statement printed to date.
    for k, st in enumerate(series):
        prev = series[k - 1] if k else None
        for l in st.lines:
            l.prior = (prev.get(l.code) or ZERO) if prev is not None else ZERO

    def adjust(st, code, col, amount):
        for l in st.lines:
            if l.code == code:
                setattr(l, col, getattr(l, col) + amount)

    # PLANTED: PRIOR-RESTATED. On the H2 2024 statement Beacon Street re-books
    # 48,250.00 of residuals into earlier periods without a word: its
    # Previously Reported residuals exceed what the H1 2024 statement reported
    # to date, and the period's residuals are that much lower, so the
    # statement bridges its own (restated) figures.
    h2_2024 = series[4]
    for code in ("exp.residuals", "exp.total"):
        adjust(h2_2024, code, "prior", D("48250.00"))
        adjust(h2_2024, code, "cur", -D("48250.00"))
    adjust(h2_2024, "np.total", "prior", -D("48250.00"))
    # PLANTED: ITD-CONTINUITY. On the H1 2025 statement the second SVOD
    # window's current-period figure is 125,000.00 short of the move between
    # the Previously Reported and Cumulative columns printed beside it (the
    # total adds the short figure).
    h1_2025 = series[5]
    for code in ("gr.svod", "gr.total"):
        adjust(h1_2025, code, "cur", -D("125000.00"))
    for st in series:
        recompute_np_current(st, rules)
    # The participant's folder starts in 2023: the H2 2022 statement is not in
    # it, but the H1 2023 statement prints its figures as previously reported.
    series = series[1:]
    for st in series:
        st.file = f"saltmarsh/BST-0412-EV {st.end.year}-H{(st.end.month - 1) // 6 + 1}.csv"
    return deal, contract, series


# --------------------------------------------------------------------------
# Renderers: one per studio layout
# --------------------------------------------------------------------------

SECTION_CAPS = {
    "gross": "GROSS RECEIPTS",
    "fees": "DISTRIBUTION FEES",
    "expenses": "DISTRIBUTION EXPENSES",
    "negative_cost": "NEGATIVE COST",
    "interest": "INTEREST",
    "gp": "GROSS PARTICIPATIONS",
    "np": "NET PROFITS",
    "participant": "PARTICIPANT",
    "memo": "MEMO",
}


def render_meridian_xlsx(series, path: Path):
    """Layout A: one workbook, one sheet per quarter, plus a Notes sheet.

    Section headings are rows of their own in capitals, amounts are text in
    accounting style ((1,234.56) for negatives, - for nil), and a Notes column
    sits to the right of the figures.
    """
    import openpyxl
    from openpyxl.styles import Alignment, Font

    wb = openpyxl.Workbook()
    notes = wb.active
    notes.title = "Notes"
    for r, text in enumerate(
        [
            "MERIDIAN PICTURES CORPORATION - PARTICIPATIONS ACCOUNTING",
            "",
            "1. Figures are inception to date unless marked Current Period.",
            "2. Distribution fees are shown with the rate applied in brackets.",
            "3. Interest accrues on the unrecouped cost of production at the reference rate plus margin.",
            "4. Statements are rendered quarterly for the first three years after release.",
            "5. Objections must be made in writing within thirty-six months of the statement.",
        ],
        start=1,
    ):
        notes.cell(r, 1, text or None)
    notes.column_dimensions["A"].width = 100
    bold = Font(bold=True)
    for st in series:
        ws = wb.create_sheet(st.sheet)
        ws.column_dimensions["A"].width = 26
        ws.column_dimensions["B"].width = 38
        ws.column_dimensions["C"].width = 18
        ws.column_dimensions["D"].width = 18
        ws.column_dimensions["E"].width = 44
        ws.cell(1, 1, "MERIDIAN PICTURES CORPORATION").font = bold
        ws.cell(2, 1, "Statement of Net Profits")
        header = [
            ("Title", st.title),
            ("Participant", st.participant),
            ("Deal", st.deal),
            ("Period Start", st.start),
            ("Period End", st.end),
            ("Statement Date", st.date),
            ("Currency", st.currency),
        ]
        r = 4
        for key, value in header:
            ws.cell(r, 1, key).font = bold
            c = ws.cell(r, 2, value)
            if isinstance(value, dt.date):
                c.number_format = "mm/dd/yyyy"
                c.alignment = Alignment(horizontal="left")
            r += 1
        r += 1
        for i, h in enumerate(["Section", "Line", "Current Period", "Inception To Date", "Notes"], start=1):
            ws.cell(r, i, h).font = bold
        r += 1
        for row in rows_for(
            st,
            section_names=SECTION_CAPS,
            heading_rows=True,
            columns=["section", "line", "cur", "itd", "notes"],
        ):
            for i, v in enumerate(row, start=1):
                if isinstance(v, Decimal):
                    v = money_text(v)
                    ws.cell(r, i, v).alignment = Alignment(horizontal="right")
                elif v is not None:
                    ws.cell(r, i, v)
                    if i == 1:
                        ws.cell(r, i).font = bold
            r += 1
        r += 1
        ws.cell(r, 1, "This statement is rendered subject to the terms of the participant's agreement and to audit.")
    wb.properties.creator = "Meridian Pictures Participations"
    wb.properties.created = dt.datetime(2025, 8, 20)
    wb.properties.modified = dt.datetime(2025, 8, 20)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    fixed_xlsx_times(path)


def render_northlight_csv(st: Statement, path: Path):
    """Layout B: semicolon CSV in Windows-1252, keys with colons, values three
    cells to the right, the line table starting in column B with Line before
    Section, the section named only on its first line, $ amounts, em dash for nil."""
    rows = [
        ["NORTHLIGHT RELEASING", "", "", "", ""],
        ["Gross Participation Statement", "", "", "", ""],
        ["", "", "", "", ""],
    ]
    for key, value in [
        ("Title:", st.title),
        ("Participant:", st.participant),
        ("Agreement:", st.deal),
        ("From:", ddmonyyyy(st.start)),
        ("To:", ddmonyyyy(st.end)),
        ("Statement Date:", ddmonyyyy(st.date)),
        ("Currency:", st.currency),
    ]:
        rows.append(["", key, "", "", value])
    rows.append(["", "", "", "", ""])
    rows.append(["", "Line", "Section", "This Period", "To Date"])
    names = {
        "gross": "Receipts",
        "expenses": "Expenses",
        "np": "Participation Base",
        "participant": "Payments",
        "memo": "Memo",
    }
    for row in rows_for(st, section_names=names, heading_rows=False, columns=["line", "section", "cur", "itd"]):
        cells = [""]
        for v in row:
            if isinstance(v, Decimal):
                cells.append(money_text(v, neg="minus", zero="—", symbol="$"))
            else:
                cells.append(v or "")
        rows.append(cells)
    rows.append(["", "", "", "", ""])
    rows.append(["", "Amounts in U.S. dollars. Home video included at the contractual royalty.", "", "", ""])
    text = "".join(";".join(r) + "\r\n" for r in rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("cp1252"))


def render_pacific_ods(st: Statement, path: Path):
    """Layout C: one .ods per quarter; Line, Section, Cumulative, Current (to
    date before current), section named on every row, numeric cells, dates as
    date cells, header keys Picture / Payee / Contract / From / Period Ending / Date."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name=st.sheet)
    for _ in range(5):
        table.addElement(TableColumn())

    def row(values):
        tr = TableRow()
        for v in values:
            if v is None or v == "":
                tr.addElement(TableCell())
            elif isinstance(v, Decimal):
                tc = TableCell(valuetype="float", value=str(v))
                tc.addElement(P(text=f"{v:,.2f}"))
                tr.addElement(tc)
            elif isinstance(v, dt.date):
                tc = TableCell(valuetype="date", datevalue=v.isoformat())
                tc.addElement(P(text=v.strftime("%m/%d/%Y")))
                tr.addElement(tc)
            else:
                tc = TableCell(valuetype="string")
                tc.addElement(P(text=str(v)))
                tr.addElement(tc)
        table.addElement(tr)

    row(["PACIFIC CREST FILMS"])
    row(["Participation Statement"])
    row([])
    for key, value in [
        ("Picture", st.title),
        ("Payee", st.participant),
        ("Contract", st.deal),
        ("From", st.start),
        ("Period Ending", st.end),
        ("Date", st.date),
        ("Currency", st.currency),
    ]:
        row([key, value])
    row([])
    names = {
        "gross": "Film Rental",
        "fees": "Distribution Fees",
        "expenses": "Distribution Costs",
        "negative_cost": "Cost of Production",
        "interest": "Interest",
        "gp": "Gross Participations",
        "np": "Net Profits",
        "participant": "Participation",
        "memo": "Memo",
    }
    row(["Line", "Section", "Cumulative", "Current"])
    for r in rows_for(st, section_names=names, heading_rows=False, section_every_row=True, columns=["line", "section", "itd", "cur"]):
        row(r)
    row([])
    row(["Pacific Crest Films - participations department"])
    doc.spreadsheet.addElement(table)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    normalise_zip(path)


def normalise_zip(path: Path):
    """Give every zip entry a fixed date so that the file is reproducible."""
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(tmp, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "meta.xml":
                import re

                data = re.sub(rb"<meta:creation-date>[^<]*</meta:creation-date>", b"", data)
                data = re.sub(rb"<dc:date>[^<]*</dc:date>", b"", data)
                data = re.sub(rb"<meta:generator>[^<]*</meta:generator>", b"", data)
            info = zipfile.ZipInfo(item.filename, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED if item.filename == "mimetype" else zipfile.ZIP_DEFLATED
            zout.writestr(info, data)
    tmp.replace(path)


def render_greyhaven_xls(st: Statement, path: Path):
    """Layout D: Excel 97 .xls; the table starts in column B with Section,
    Line, Inception To Date, Current Period; the section is named on its first
    line only; amounts and dates are real numeric/date cells; rates are
    printed as `@30%`; a running balance follows the fees."""
    import xlwt

    wb = xlwt.Workbook()
    ws = wb.add_sheet(st.sheet)
    money = xlwt.easyxf(num_format_str="#,##0.00;(#,##0.00);\"-\"")
    date = xlwt.easyxf(num_format_str="DD-MMM-YYYY")
    bold = xlwt.easyxf("font: bold on")
    ws.write(0, 1, "GREYHAVEN STUDIOS", bold)
    ws.write(1, 1, "Profit Participation Statement")
    r = 3
    for key, value in [
        ("Picture:", st.title),
        ("Payee:", st.participant),
        ("Deal ID:", st.deal),
        ("Period Start:", st.start),
        ("Period End:", st.end),
        ("Statement Date:", st.date),
        ("Currency:", st.currency),
    ]:
        ws.write(r, 1, key, bold)
        if isinstance(value, dt.date):
            ws.write(r, 2, dt.datetime(value.year, value.month, value.day), date)
        else:
            ws.write(r, 2, value)
        r += 1
    r += 1
    for i, h in enumerate(["Section", "Line", "Inception To Date", "Current Period"]):
        ws.write(r, 1 + i, h, bold)
    r += 1
    names = {
        "gross": "Gross Receipts",
        "fees": "Distribution Fees",
        "expenses": "Distribution Expenses",
        "negative_cost": "Negative Cost",
        "interest": "Interest",
        "np": "Net Profits",
        "participant": "Participant",
    }
    for row in rows_for(st, section_names=names, heading_rows=False, columns=["section", "line", "itd", "cur"]):
        for i, v in enumerate(row):
            if isinstance(v, Decimal):
                ws.write(r, 1 + i, float(v), money)
            elif v is not None:
                ws.write(r, 1 + i, v)
        r += 1
    r += 1
    ws.write(r, 1, "Greyhaven Studios - Participations Accounting. E&OE.")
    ws.col(1).width = 256 * 22
    ws.col(2).width = 256 * 34
    ws.col(3).width = 256 * 18
    ws.col(4).width = 256 * 18
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(str(path))


def render_redwater_csv(st: Statement, path: Path):
    """Layout E: plain comma CSV, UTF-8 with a byte-order mark, section on every row."""
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["Redwater Entertainment LLC"])
    w.writerow([])
    for key, value in [
        ("Program", st.title),
        ("Participant", st.participant),
        ("Contract", st.deal),
        ("Period Start", st.start.strftime("%m/%d/%Y")),
        ("Period End", st.end.strftime("%m/%d/%Y")),
        ("Statement Date", st.date.strftime("%m/%d/%Y")),
    ]:
        w.writerow([key, value])
    w.writerow([])
    names = {
        "gross": "Gross Receipts",
        "fees": "Distribution Fees",
        "expenses": "Distribution Expenses",
        "negative_cost": "Negative Cost",
        "np": "Net Profits",
        "participant": "Participant",
    }
    w.writerow(["Section", "Line", "Current Period", "Inception To Date"])
    for row in rows_for(st, section_names=names, heading_rows=False, section_every_row=True, columns=["section", "line", "cur", "itd"]):
        w.writerow(["" if v is None else (f"{v:.2f}" if isinstance(v, Decimal) else v) for v in row])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue().encode("utf-8-sig"))


def render_beacon_csv(st: Statement, path: Path):
    """Layout F: a studio's three-column CSV. `Agreement No.:`, the period as
    one range (`For the Period: January 1, 2024 through June 30, 2024`), no
    Section column (sections are heading rows), the label column headed
    `Description`, then Previously Reported, Current Period and Cumulative To
    Date; amounts in accounting style."""
    import csv
    import io

    def long(d: dt.date) -> str:
        return f"{d.strftime('%B')} {d.day}, {d.year}"

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["BEACON STREET TELEVISION"])
    w.writerow(["Participation Statement - Modified Adjusted Gross Receipts"])
    w.writerow([])
    for key, value in [
        ("Series:", st.title),
        ("Participant:", st.participant),
        ("Agreement No.:", st.deal),
        ("For the Period:", f"{long(st.start)} through {long(st.end)}"),
        ("Statement Date:", st.date.strftime("%m/%d/%Y")),
        ("Currency:", st.currency),
    ]:
        w.writerow([key, value])
    w.writerow([])
    names = {
        "gross": "GROSS RECEIPTS",
        "fees": "DISTRIBUTION FEES",
        "expenses": "DISTRIBUTION EXPENSES",
        "negative_cost": "COST OF PRODUCTION",
        "np": "MODIFIED ADJUSTED GROSS RECEIPTS",
        "participant": "PARTICIPATION",
    }
    w.writerow(["Description", "Previously Reported", "Current Period", "Cumulative To Date"])
    last = None
    for l in st.lines:
        if l.section != last:
            w.writerow([names[l.section]])
            last = l.section
        w.writerow([l.label] + [money_text(v) for v in (l.prior, l.cur, l.itd)])
    w.writerow([])
    w.writerow(["Amounts in U.S. dollars. Subject to the terms of the agreement and to audit."])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue().encode("utf-8"))


# --------------------------------------------------------------------------
# Contracts, commented the way a participation lawyer reads them
# --------------------------------------------------------------------------

CONTRACTS = {}

CONTRACTS["harbour-light"] = f'''# The Harbour Light - Margaret Okafor's net profit participation
# (writer-director agreement with Meridian Pictures Corporation, Exhibit "NP").
# recoup reads this file to know what the statements *should* say.

[deal]
id = "MP-2022-0147"            # the deal number Meridian prints on every statement
title = "The Harbour Light"
participant = "Margaret Okafor"
studio = "Meridian Pictures Corporation"
currency = "USD"               # statements must be rendered in U.S. dollars
definition = "net_profits"     # she shares in "net profits": what is left after fees, costs, interest
share = "5%"                   # five percent of one hundred percent of net profits
tolerance = "1.00"             # differences of a dollar or less are rounding, not claims

[distribution_fees]            # Meridian's fee, as a percentage of each medium's gross receipts
theatrical_domestic = "30%"    # U.S. and Canada theatrical
theatrical_foreign = "35%"     # rest of the world theatrical: 35%, not Meridian's standard 40%
home_video_domestic = "30%"    # discs and digital sell-through, U.S.
svod = "25%"                   # subscription streaming licenses
pay_tv = "25%"                 # pay television licenses
                               # no other medium may carry a fee

[expenses]
advertising_overhead = "10%"   # Meridian may add 10% of advertising as overhead on its ad spend
disallowed = ["travel"]        # travel and entertainment may not be charged at all
[expenses.caps]                # ceilings on what may be charged, inception to date
checking_collection = "250000" # checking and collection costs: $250,000 at most

[negative_cost]
overhead = "12.5%"             # production overhead: 12.5% of the direct cost, not 15%

[interest]                     # interest Meridian may charge on its unrecouped cost of production
rate = "prime + 1%"            # one point over the prime rate, day by day (a period is split where prime changed)
on_overhead = false            # interest runs on the direct cost only, never on the overhead
prime = [                      # the published prime rate and the dates it changed
{prime_toml()}
]

[deductions]                   # what else reduces net profits
gross_participations = true    # other participants' gross shares, if any
deferments = true              # deferred fees, if any

[audit]
objection_months = 36          # each statement becomes binding 36 months after its date
statement_due_days = 60        # a quarterly statement is due within 60 days of the quarter's end
underpayment_interest = "10%"  # simple interest on any underpayment found
cost_shift_threshold = "5%"    # Meridian pays for the audit if it underpaid by more than 5%
'''

CONTRACTS["cafe-solitaire"] = '''# Café Solitaire - Lucien Marchetti's gross participation
# (lead actor agreement with Northlight Releasing, paragraph 9: "Contingent Compensation").

[deal]
id = "NLR-0417-LM"             # the agreement number Northlight prints on its statements
title = "Café Solitaire"
participant = "Lucien Marchetti"
studio = "Northlight Releasing"
currency = "USD"
definition = "gross"           # a gross deal: he is paid from gross receipts, not from net profits
share = "7.5%"                 # 7.5% of adjusted gross receipts from the first dollar
tolerance = "1.00"

[gross_receipts.royalty]       # home video counts at a royalty, not at 100% of wholesale
home_video_domestic = "20%"    # 20% of Northlight's domestic home video wholesale receipts

[deductions]
# Only these two costs come off the top before his percentage applies;
# no distribution fee, no advertising, no overhead, no interest.
off_the_top = ["exp.residuals", "exp.trade_dues"]  # guild residuals and MPA dues

[audit]
objection_months = 36          # each statement becomes binding 36 months after its date
statement_due_days = 60        # semi-annual statements are due 60 days after each half-year
underpayment_interest = "10%"  # simple interest on any underpayment found
cost_shift_threshold = "5%"    # Northlight pays for the audit above a 5% underpayment
'''

CONTRACTS["ironwood"] = '''# Ironwood - Dana Whitfield's producer participation
# (producer agreement with Pacific Crest Films, Schedule B "Net Proceeds and Bonuses").

[deal]
id = "PCF-IW-2023-07"          # the contract number Pacific Crest prints on statements
title = "Ironwood"
participant = "Dana Whitfield"
studio = "Pacific Crest Films"
currency = "USD"
definition = "net_profits"     # net proceeds after fees, costs, interest and gross participations
share = "10%"                  # ten percent of one hundred percent of net proceeds
tolerance = "1.00"

[distribution_fees]            # Pacific Crest's fee on each medium's receipts
theatrical_domestic = "30%"
theatrical_foreign = "35%"
home_video_domestic = "30%"
pay_tv = "25%"

[expenses]
advertising_overhead = "10%"   # 10% of advertising as advertising overhead

[negative_cost]
overhead = "10%"               # production overhead: 10% of the direct cost

[interest]
rate = "8%"                    # a flat 8% a year on unrecouped cost
on_overhead = true             # here interest may run on overhead too

[deductions]
gross_participations = true    # the star's gross share reduces net proceeds
deferments = true

# Box-office bonuses: paid whatever the net proceeds, once U.S./Canada box office
# (as reported by the studio in its memo lines) reaches each threshold.
[[bonus]]
metric = "memo.box_office_domestic"
threshold = "50000000"         # $150,000 when domestic box office reaches $50 million
amount = "150000"

[[bonus]]
metric = "memo.box_office_domestic"
threshold = "75000000"         # a further $150,000 at $75 million
amount = "150000"

[audit]
objection_months = 36          # each statement becomes binding 36 months after its date
statement_due_days = 60        # quarterly statements are due within 60 days
underpayment_interest = "9%"   # simple interest on any underpayment found
cost_shift_threshold = "5%"    # Pacific Crest pays for the audit above a 5% underpayment
'''

CONTRACTS["aldmoor"] = f'''# A Quiet Year in Aldmoor - Priya Raman's net profit participation
# (screenwriter agreement with Greyhaven Studios, Exhibit "A" Net Profits Definition).
# Nothing is wrong on these statements: recoup should find no error here.

[deal]
id = "GH-1183-PR"              # the deal ID Greyhaven prints on statements
title = "A Quiet Year in Aldmoor"
participant = "Priya Raman"
studio = "Greyhaven Studios"
currency = "USD"
definition = "net_profits"
share = "2.5%"                 # two and a half percent of one hundred percent of net profits
tolerance = "1.00"

[distribution_fees]
theatrical_domestic = "30%"
theatrical_foreign = "35%"
home_video_domestic = "30%"
svod = "25%"                   # streaming licenses
free_tv = "30%"                # free and network television

[expenses]
advertising_overhead = "10%"   # 10% of advertising as advertising overhead
disallowed = ["travel"]        # no travel and entertainment
[expenses.caps]
checking_collection = "100000" # checking and collection: $100,000 at most, inception to date

[negative_cost]
overhead = "15%"               # production overhead: 15% of the direct cost

[interest]
rate = "prime * 125%"          # 125% of the prime rate, day by day (a period is split where prime changed)
on_overhead = false            # on the direct cost only
# No prime table: recoup uses the U.S. prime rate history it carries
# (Federal Reserve H.15), which is what "the prime rate" means in this agreement.

[deductions]
gross_participations = true
deferments = true

[audit]
objection_months = 36
statement_due_days = 60        # semi-annual statements due 60 days after each half-year
underpayment_interest = "10%"
cost_shift_threshold = "5%"
'''



# --------------------------------------------------------------------------
# Deals with the terms of SPEC section 3 "More deal terms" (issue 12):
# gross after breakeven, reserves, fee tiers, an escalating share and what
# overhead may be charged on
# --------------------------------------------------------------------------


@dataclass
class TermsRules:
    """How a studio computes a statement under the newer terms; planted
    mistakes live here, as in StudioRules."""

    definition: str
    share: Decimal
    steps: list = field(default_factory=list)  # [(above, share)] the studio applies
    fees: dict = field(default_factory=dict)  # medium -> rate
    fee_tiers: dict = field(default_factory=dict)  # medium -> [(upto or None, rate)]
    overhead: Decimal | None = None
    overhead_on: tuple = ("nc.direct",)  # what the studio charges overhead on
    breakeven_costs: tuple = ()  # what the studio adds up for its breakeven
    breakeven_fee: Decimal = ZERO  # the deemed fee of a cash breakeven


def build_terms_series(deal, periods, dates, cumulative, rules: TermsRules, layout) -> list[Statement]:
    """Statements from cumulative primitive figures (media, gr.reserve,
    expenses, nc.direct, gp.total, memo lines), both columns filled."""
    studio = Contract(id=deal["id"], definition=rules.definition, share=rules.share, steps=rules.steps)
    out: list[Statement] = []
    prev: Statement | None = None
    for k, ((start, end), date) in enumerate(zip(periods, dates)):
        c = cumulative[k]
        st = Statement(deal["id"], deal["title"], deal["participant"], start, end, date)
        itd: dict[str, Decimal] = {}
        media = [x for x in layout["gross_order"] if x in c]
        for code in media:
            itd[code] = c[code]
        if "gr.reserve" in c:
            itd["gr.reserve"] = c["gr.reserve"]
        itd["gr.total"] = sum((itd[x] for x in media), ZERO) - itd.get("gr.reserve", ZERO)
        fee_codes = []
        for code in media:
            m = code[3:]
            if m in rules.fee_tiers:
                itd["fee." + m] = tiered_fee(rules.fee_tiers[m], itd[code])
            elif m in rules.fees:
                itd["fee." + m] = r2(rules.fees[m] * itd[code])
            else:
                continue
            fee_codes.append("fee." + m)
        itd["fee.total"] = sum((itd[x] for x in fee_codes), ZERO)
        exp_codes = [x for x in layout["expense_order"] if x in c]
        for code in exp_codes:
            itd[code] = c[code]
        itd["exp.total"] = sum((itd[x] for x in exp_codes), ZERO)
        itd["nc.direct"] = c["nc.direct"]
        if "gp.total" in c:
            itd["gp.total"] = c["gp.total"]
        nc_codes = ["nc.direct"]
        if rules.overhead is not None:
            itd["nc.overhead"] = r2(rules.overhead * sum((itd.get(x, ZERO) for x in rules.overhead_on), ZERO))
            nc_codes.append("nc.overhead")
        itd["nc.total"] = sum((itd[x] for x in nc_codes), ZERO)
        if rules.definition == "gross_after_breakeven":
            costs = sum((itd[x] for x in rules.breakeven_costs), ZERO)
            itd["memo.breakeven"] = r2(costs / (1 - rules.breakeven_fee))
            np_itd = itd["gr.total"] - itd["memo.breakeven"]
        else:
            np_itd = itd["gr.total"] - itd["fee.total"] - itd["exp.total"] - itd["nc.total"] - itd.get("gp.total", ZERO)
        share = stepped_share(studio, np_itd)
        prior = (prev.get("pay.prior") + prev.get("pay.due")) if prev else ZERO
        due = max(ZERO, share - prior)

        def add(section, code, kind="item", label=None, cur=True):
            before = prev.get(code) if prev is not None and prev.get(code) is not None else ZERO
            v = itd[code] if code in itd else c[code]
            st.lines.append(Line(section, label or layout["labels"][code], code, kind, (v - before) if cur else None, v))

        for code in media:
            add("gross", code)
        if "gr.reserve" in itd:
            add("gross", "gr.reserve")
        add("gross", "gr.total", "total")
        for code in fee_codes:
            add("fees", code)
        add("fees", "fee.total", "total")
        for code in exp_codes:
            add("expenses", code)
        add("expenses", "exp.total", "total")
        for code in nc_codes:
            add("negative_cost", code)
        add("negative_cost", "nc.total", "total")
        if "gp.total" in itd:
            add("gp", "gp.total", "total")
        itd["np.total"] = np_itd
        add("np", "np.total", "total")
        itd.update({"share.earned": share, "pay.prior": prior, "pay.due": due})
        for code in ("share.earned", "pay.prior", "pay.due"):
            add("participant", code, cur=False)
        for code in layout.get("memo_order", []):
            if code in itd or code in c:
                add("memo", code)
        out.append(st)
        prev = st
    return out


def deal_night_ferry():
    """Blackwater Films: a producer's 5% of gross receipts after cash
    breakeven (CBE 10), with reserves and a tiered domestic fee; layout F (csv)."""
    deal = dict(id="BWF-2021-IM", title="The Night Ferry", participant="Ines Moreau")
    periods = quarters(dt.date(2024, 1, 1), 6)
    dates = dates_after(periods, [45, 50, 47, 52, 49, 46])
    rng = random.Random(2021)
    td = grow(rng, 38_400_000, [0.55, 0.86, 0.95, 0.985, 0.995, 1.0])
    tf = grow(rng, 29_700_000, [0.30, 0.71, 0.90, 0.97, 0.99, 1.0])
    sv = [None, None, D("6500000.00"), D("6500000.00"), D("8000000.00"), D("8000000.00")]
    adv = grow(rng, 13_800_000, [0.72, 0.91, 0.96, 0.985, 0.995, 1.0])
    prints = grow(rng, 1_150_000, [0.80, 0.97, 1.0, 1.0, 1.0, 1.0])
    resid = grow(rng, 920_000, [0.05, 0.21, 0.45, 0.68, 0.86, 1.0])
    # PLANTED: reserves against returns taken in the first two quarters
    # (2,000,000, then 500,000 more) and never released.
    reserve = [D("2000000.00")] + [D("2500000.00")] * 5
    cumulative = []
    for k in range(6):
        c = {"nc.direct": D("24000000.00"), "gr.reserve": reserve[k]}
        for code, values in [
            ("gr.theatrical_domestic", td),
            ("gr.theatrical_foreign", tf),
            ("gr.svod", sv),
            ("exp.advertising", adv),
            ("exp.prints", prints),
            ("exp.residuals", resid),
        ]:
            if values[k] is not None:
                c[code] = values[k]
        cumulative.append(c)
    fees = {"theatrical_foreign": pct("40%"), "svod": pct("25%")}
    tiers = [(D("10000000"), pct("30%")), (None, pct("25%"))]
    contract = Contract(
        id=deal["id"],
        definition="gross_after_breakeven",
        share=pct("5%"),
        fees=fees,
        fee_tiers={"theatrical_domestic": tiers},
        breakeven=(("exp.total", "nc.direct"), "fee", pct("10%")),
        reserves=(pct("20%"), 4),
        underpayment_interest=pct("10%"),
        cost_shift_threshold=pct("5%"),
    )
    rules = TermsRules(
        definition="gross_after_breakeven",
        share=pct("5%"),
        # PLANTED: Blackwater keeps its standard 30% on all domestic theatrical
        # receipts, past the 10,000,000 where the agreement drops it to 25%.
        fees={"theatrical_domestic": pct("30%"), **fees},
        overhead=pct("15%"),
        # PLANTED: its breakeven also recoups the 15% production overhead,
        # which the agreement leaves out of breakeven.
        breakeven_costs=("exp.total", "nc.direct", "nc.overhead"),
        breakeven_fee=pct("10%"),
    )
    labels = {
        "gr.theatrical_domestic": "Theatrical - Domestic",
        "gr.theatrical_foreign": "Theatrical - Foreign",
        "gr.svod": "SVOD",
        "gr.reserve": "Less Reserve for Returns",
        "gr.total": "Total Gross Receipts",
        "fee.theatrical_domestic": "Theatrical - Domestic",
        "fee.theatrical_foreign": "Theatrical - Foreign (40%)",
        "fee.svod": "SVOD (25%)",
        "fee.total": "Total Distribution Fees",
        "exp.advertising": "Advertising & Publicity",
        "exp.prints": "Prints & Digital Delivery",
        "exp.residuals": "Residuals",
        "exp.total": "Total Distribution Expenses",
        "nc.direct": "Direct Cost",
        "nc.overhead": "Overhead (15%)",
        "nc.total": "Total Negative Cost",
        "np.total": "Gross Receipts in Excess of Breakeven",
        "share.earned": "Participant Share (5%)",
        "pay.prior": "Less Previously Paid",
        "pay.due": "Amount Due",
        "memo.breakeven": "Cash Breakeven",
    }
    layout = dict(
        labels=labels,
        gross_order=["gr.theatrical_domestic", "gr.theatrical_foreign", "gr.svod"],
        expense_order=["exp.advertising", "exp.prints", "exp.residuals"],
        memo_order=["memo.breakeven"],
    )
    series = build_terms_series(deal, periods, dates, cumulative, rules, layout)
    for st in series:
        st.file = f"night-ferry/BWF-2021-IM {st.end.year}Q{(st.end.month - 1) // 3 + 1}.csv"
    return deal, contract, series


def deal_long_season():
    """Summit Crest Pictures: a writer's 5% of net profits escalating to 7.5%
    above 10,000,000, overhead on direct cost only; layout F (csv)."""
    deal = dict(id="SCP-0932-TL", title="The Long Season", participant="Tomas Lindqvist")
    periods = halves(dt.date(2023, 1, 1), 5)
    dates = dates_after(periods, [52, 49, 55, 50, 48])
    rng = random.Random(932)
    td = grow(rng, 71_500_000, [0.62, 0.93, 0.98, 0.995, 1.0])
    tf = grow(rng, 58_900_000, [0.35, 0.82, 0.95, 0.99, 1.0])
    pt = [None, None, D("9000000.00"), D("9000000.00"), D("13500000.00")]
    adv = grow(rng, 24_600_000, [0.78, 0.95, 0.985, 0.995, 1.0])
    prints = grow(rng, 1_900_000, [0.85, 0.99, 1.0, 1.0, 1.0])
    resid = grow(rng, 1_750_000, [0.04, 0.26, 0.55, 0.80, 1.0])
    cumulative = []
    for k in range(5):
        c = {"nc.direct": D("31500000.00"), "gp.total": D("4800000.00") if k else D("2400000.00")}
        for code, values in [
            ("gr.theatrical_domestic", td),
            ("gr.theatrical_foreign", tf),
            ("gr.pay_tv", pt),
            ("exp.advertising", adv),
            ("exp.prints", prints),
            ("exp.residuals", resid),
        ]:
            if values[k] is not None:
                c[code] = values[k]
        cumulative.append(c)
    fees = {"theatrical_domestic": pct("30%"), "theatrical_foreign": pct("35%"), "pay_tv": pct("25%")}
    contract = Contract(
        id=deal["id"],
        definition="net_profits",
        share=pct("5%"),
        steps=[(D("10000000"), pct("7.5%"))],
        fees=fees,
        overhead=pct("15%"),
        overhead_on=("nc.direct",),
        underpayment_interest=pct("10%"),
        cost_shift_threshold=pct("5%"),
    )
    rules = TermsRules(
        definition="net_profits",
        # PLANTED: Summit Crest pays a flat 5% and never applies the step.
        share=pct("5%"),
        fees=fees,
        overhead=pct("15%"),
        # PLANTED: it charges its overhead on the other participants' gross
        # shares too, which the agreement excludes.
        overhead_on=("nc.direct", "gp.total"),
    )
    labels = {
        "gr.theatrical_domestic": "Domestic Theatrical",
        "gr.theatrical_foreign": "International Theatrical",
        "gr.pay_tv": "Pay Television",
        "gr.total": "Total Gross Receipts",
        "fee.theatrical_domestic": "Domestic Theatrical (30%)",
        "fee.theatrical_foreign": "International Theatrical (35%)",
        "fee.pay_tv": "Pay Television (25%)",
        "fee.total": "Total Distribution Fees",
        "exp.advertising": "Advertising & Publicity",
        "exp.prints": "Prints",
        "exp.residuals": "Residuals",
        "exp.total": "Total Distribution Expenses",
        "nc.direct": "Direct Cost",
        "nc.overhead": "Overhead",
        "nc.total": "Total Negative Cost",
        "gp.total": "Gross Participations",
        **NP_LABELS,
    }
    layout = dict(
        labels=labels,
        gross_order=["gr.theatrical_domestic", "gr.theatrical_foreign", "gr.pay_tv"],
        expense_order=["exp.advertising", "exp.prints", "exp.residuals"],
    )
    series = build_terms_series(deal, periods, dates, cumulative, rules, layout)
    for st in series:
        st.file = f"long-season/SCP-0932-TL_{st.end.year}H{1 if st.end.month <= 6 else 2}.csv"
    return deal, contract, series


def render_terms_csv(banner: str):
    """Layout F: comma CSV with a studio banner, ISO dates, the section on
    its first line only, plain amounts with a minus sign."""

    def render(st: Statement, path: Path):
        import csv
        import io

        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow([banner])
        w.writerow(["Participation Statement"])
        w.writerow([])
        for key, value in [
            ("Title", st.title),
            ("Participant", st.participant),
            ("Deal", st.deal),
            ("Period Start", st.start.isoformat()),
            ("Period End", st.end.isoformat()),
            ("Statement Date", st.date.isoformat()),
            ("Currency", st.currency),
        ]:
            w.writerow([key, value])
        w.writerow([])
        names = {
            "gross": "Gross Receipts",
            "fees": "Distribution Fees",
            "expenses": "Distribution Expenses",
            "negative_cost": "Negative Cost",
            "gp": "Gross Participations",
            "np": "Net Profits",
            "participant": "Participant",
            "memo": "Memo",
        }
        w.writerow(["Section", "Line", "Current Period", "Inception To Date"])
        for row in rows_for(st, section_names=names, heading_rows=False, columns=["section", "line", "cur", "itd"]):
            w.writerow(["" if v is None else (f"{v:.2f}" if isinstance(v, Decimal) else v) for v in row])
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(buf.getvalue().encode("utf-8"))

    return render


CONTRACTS["night-ferry"] = """# The Night Ferry - Ines Moreau's producer participation
# (producer agreement with Blackwater Films, Schedule 2: "Gross Receipts after Cash Breakeven").
# She is paid from the first dollar past breakeven, not from net profits:
# fees, interest and overhead never reduce her share, except as breakeven says.

[deal]
id = "BWF-2021-IM"             # the deal number Blackwater prints on its statements
title = "The Night Ferry"
participant = "Ines Moreau"
studio = "Blackwater Films"
currency = "USD"
definition = "gross_after_breakeven"  # a share of gross receipts in excess of breakeven
share = "5%"                   # five percent of one hundred percent of gross past breakeven
tolerance = "1.00"             # a dollar or less is rounding

[breakeven]                    # "Cash Breakeven" (CBE 10), Schedule 2 paragraph 1
costs = ["exp.total", "nc.direct"]  # distribution expenses and the direct cost of production, to date
fee = "10%"                    # grossed up by a deemed 10% fee: breakeven = costs / (1 - 10%)
                               # production overhead is not a breakeven cost

[distribution_fees]            # Blackwater's fees still appear on the statement and are checked
theatrical_domestic = [ { upto = "10000000", rate = "30%" }, { rate = "25%" } ]  # 30% of the first $10M, 25% thereafter
theatrical_foreign = "40%"     # rest of the world theatrical
svod = "25%"                   # subscription streaming licenses

[reserves]                     # reserves against returns and bad debt, paragraph 6
max = "20%"                    # never more than 20% of gross receipts before the reserve
liquidate_within = 4           # each reserve released within four quarterly statements

[audit]
objection_months = 36          # each statement becomes binding 36 months after its date
statement_due_days = 60        # quarterly statements are due within 60 days
underpayment_interest = "10%"  # simple interest on any underpayment found
cost_shift_threshold = "5%"    # Blackwater pays for the audit above a 5% underpayment
"""

CONTRACTS["long-season"] = """# The Long Season - Tomas Lindqvist's net profit participation
# (writer agreement with Summit Crest Pictures, Exhibit "C", with the escalation rider).

[deal]
id = "SCP-0932-TL"             # the agreement number Summit Crest prints on statements
title = "The Long Season"
participant = "Tomas Lindqvist"
studio = "Summit Crest Pictures"
currency = "USD"
definition = "net_profits"
share = "5%"                   # five percent of one hundred percent of net profits ...
tolerance = "1.00"

[[share_step]]                 # ... escalating (rider, paragraph 2):
above = "10000000"             # on net profits in excess of $10,000,000
share = "7.5%"                 # the share is seven and a half percent (of the excess only)

[distribution_fees]
theatrical_domestic = "30%"
theatrical_foreign = "35%"
pay_tv = "25%"                 # pay television licenses

[negative_cost]
overhead = "15%"               # production overhead: 15% ...
overhead_on = ["nc.direct"]    # ... of the direct cost only: never of gross participations

[deductions]
gross_participations = true    # other participants' gross shares reduce net profits
deferments = true

[audit]
objection_months = 36
statement_due_days = 60        # semi-annual statements due 60 days after each half-year
underpayment_interest = "10%"
cost_shift_threshold = "5%"
"""
CONTRACTS["saltmarsh"] = '''# Saltmarsh - Elena Vasquez's participation as creator and executive producer
# (series agreement with Beacon Street Television, Exhibit "M", Modified
# Adjusted Gross Receipts). A TV series: the network that ordered the show
# pays a license fee per episode; the studio deficit-finances the rest of the
# production cost and earns it back abroad, on streaming, in syndication.

[deal]
id = "BST-0412-EV"             # the agreement number Beacon Street prints ("Agreement No.:")
title = "Saltmarsh"
participant = "Elena Vasquez"
studio = "Beacon Street Television"
currency = "USD"
definition = "net_profits"     # MAGR: gross receipts less fees, expenses and the cost of production
share = "5%"                   # five percent of one hundred percent of MAGR
tolerance = "1.00"

[distribution_fees]            # the studio's fee on each medium's gross receipts
tv_license = "10%"             # network license fees: the ordering network's per-episode fee
tv_foreign = "35%"             # international television sales
svod = "25%"                   # subscription streaming windows
free_tv = "35%"                # domestic (off-network) syndication
basic_cable = "30%"            # basic cable licenses
avod = "30%"                   # FAST channels and other ad-supported streaming

[expenses]
disallowed = ["travel"]        # no travel and entertainment charged to the series

[negative_cost]
overhead = "10%"               # production overhead: 10% of the production cost
                               # no interest on the deficit: the agreement provides none

[deductions]
gross_participations = true
deferments = true

[audit]
objection_months = 36          # each statement is binding 36 months after it is rendered
statement_due_days = 90        # semi-annual statements within 90 days of each half-year
underpayment_interest = "10%"
cost_shift_threshold = "5%"
'''


README_HEAD = "sample-data/README.md is written by hand; generate.py does not touch it."

RENDER = {
    "harbour-light": None,  # whole series in one workbook
    "cafe-solitaire": render_northlight_csv,
    "ironwood": render_pacific_ods,
    "aldmoor": render_greyhaven_xls,
    "copper-canyon-road": render_redwater_csv,
    "night-ferry": render_terms_csv("BLACKWATER FILMS - PARTICIPATIONS"),
    "long-season": render_terms_csv("SUMMIT CREST PICTURES"),
    "saltmarsh": render_beacon_csv,
}


def main():
    deals = [
        ("harbour-light", deal_harbour),
        ("cafe-solitaire", deal_cafe),
        ("ironwood", deal_ironwood),
        ("aldmoor", deal_aldmoor),
        ("copper-canyon-road", deal_copper),
        ("night-ferry", deal_night_ferry),
        ("long-season", deal_long_season),
        ("saltmarsh", deal_saltmarsh),
    ]
    expected = dict(
        note="Written by generate.py from its own reading of SPEC section 4; tests/sample_data.rs compares recoup with it.",
        as_of=AS_OF.isoformat(),
        statements=[],
        errors=[],
        warnings=[],
        deals=[],
    )
    for folder, fn in deals:
        deal, contract, series = fn()
        if folder == "harbour-light":
            render_meridian_xlsx(series, HERE / series[0].file)
        else:
            for st in series:
                RENDER[folder](st, HERE / st.file)
        if folder in CONTRACTS:
            (HERE / folder / "contract.toml").write_text(CONTRACTS[folder], encoding="utf-8")
        errors, warnings, summary = audit(series, contract)
        summary["title"] = deal["title"]
        summary["folder"] = folder
        summary["errors"] = len(errors)
        expected["statements"] += [
            dict(file=st.file, sheet=st.sheet, deal=st.deal, period_start=st.start.isoformat(), period_end=st.end.isoformat())
            for st in series
        ]
        expected["errors"] += errors
        expected["warnings"] += warnings
        expected["deals"].append(summary)
    # what was planted, and nothing else
    codes = {}
    for e in expected["errors"]:
        key = (e["file"].split("/")[0], e["code"])
        codes[key] = codes.get(key, 0) + 1
    assert not any(f == "aldmoor" for f, _ in codes), "the clean deal must stay clean"
    assert set(codes) == {
        ("harbour-light", "FEE-RATE"),
        ("harbour-light", "OVERHEAD-RATE"),
        ("harbour-light", "INTEREST"),
        ("harbour-light", "ARITH-TOTAL"),
        ("cafe-solitaire", "GR-ROYALTY"),
        ("ironwood", "BONUS-UNPAID"),
        ("night-ferry", "FEE-RATE"),
        ("night-ferry", "BREAKEVEN"),
        ("night-ferry", "RESERVE-UNLIQUIDATED"),
        ("long-season", "SHARE"),
        ("long-season", "OVERHEAD-RATE"),
        ("saltmarsh", "ITD-CONTINUITY"),
    }, codes
    (HERE / "expected.json").write_text(json.dumps(expected, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(expected['statements'])} statements, {len(expected['errors'])} errors, {len(expected['warnings'])} warnings")
    for d in expected["deals"]:
        print(f"  {d['deal']:16} {d['statements']} statements, {d['errors']} errors, claim {d.get('claim', '-')}")


if __name__ == "__main__":
    main()
