//! The report's charts as inline SVG, drawn here rather than by a script so
//! that they show, and print, without JavaScript.
//!
//! Amounts stay `Decimal` for every printed figure; they become `f64` only
//! to place a bar or a point on the page (a pixel, not money).

use super::esc;
use crate::money::fmt_human;
use chrono::{Datelike, NaiveDate};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use std::fmt::Write;

/// One bar of a waterfall.
pub struct Bar {
    pub label: String,
    /// A running total drawn from zero, or a step drawn from the previous level.
    pub total: bool,
    pub value: Decimal,
}

const W: f64 = 560.0;
const H: f64 = 300.0;
const LEFT: f64 = 70.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 22.0;
const BOTTOM: f64 = 64.0;

fn f(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

/// A round step for about five ticks over `span`.
fn tick_step(span: f64) -> f64 {
    if span <= 0.0 || !span.is_finite() {
        return 1.0;
    }
    let raw = span / 5.0;
    let mag = 10f64.powf(raw.log10().floor());
    let n = raw / mag;
    let k = if n <= 1.0 {
        1.0
    } else if n <= 2.0 {
        2.0
    } else if n <= 5.0 {
        5.0
    } else {
        10.0
    };
    k * mag
}

/// `1.2M`, `350K`, `-40K`, `0` for an axis.
fn compact(v: f64) -> String {
    let a = v.abs();
    let (x, unit) = if a >= 1e9 {
        (v / 1e9, "B")
    } else if a >= 1e6 {
        (v / 1e6, "M")
    } else if a >= 1e3 {
        (v / 1e3, "K")
    } else {
        (v, "")
    };
    let s = format!("{x:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    let s = if s == "-0" { "0" } else { s };
    format!("{s}{unit}")
}

/// The y axis for values in [lo, hi] (zero always included): (lo, hi, step).
fn axis(lo: f64, hi: f64) -> (f64, f64, f64) {
    let lo = lo.min(0.0);
    let hi = hi.max(0.0);
    let hi = if hi == lo { lo + 1.0 } else { hi };
    let step = tick_step(hi - lo);
    ((lo / step).floor() * step, (hi / step).ceil() * step, step)
}

struct Frame {
    lo: f64,
    hi: f64,
}

impl Frame {
    fn y(&self, v: f64) -> f64 {
        TOP + (self.hi - v) / (self.hi - self.lo) * (H - TOP - BOTTOM)
    }
}

fn grid_lines(out: &mut String, lo: f64, hi: f64, step: f64, frame: &Frame) {
    let mut v = lo;
    let mut n = 0;
    while v <= hi + step / 2.0 && n < 40 {
        let y = frame.y(v);
        let class = if v.abs() < step / 1e6 { "zero" } else { "gl" };
        let _ = write!(
            out,
            r#"<line class="{class}" x1="{LEFT}" x2="{x2:.1}" y1="{y:.1}" y2="{y:.1}"/><text class="ax" x="{tx:.1}" y="{ty:.1}" text-anchor="end">{label}</text>"#,
            x2 = W - RIGHT,
            tx = LEFT - 6.0,
            ty = y + 3.5,
            label = compact(v)
        );
        v += step;
        n += 1;
    }
}

/// The y axis's unit, written along it: `Amount (USD)`.
fn unit_label(out: &mut String, currency: &str) {
    let y = TOP + (H - TOP - BOTTOM) / 2.0;
    let _ = write!(
        out,
        r#"<text class="ax unit" x="12" y="{y:.1}" text-anchor="middle" transform="rotate(-90 12 {y:.1})">Amount ({c})</text>"#,
        c = esc(currency)
    );
}

/// Split a label into at most two lines of about `width` characters.
fn wrap(label: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = vec![String::new()];
    for word in label.split_whitespace() {
        let last = lines.len() - 1;
        if !lines[last].is_empty() && lines[last].chars().count() + 1 + word.chars().count() > width
        {
            if lines.len() == 2 {
                lines[1].push('…');
                break;
            }
            lines.push(String::new());
        }
        let last = lines.len() - 1;
        if !lines[last].is_empty() {
            lines[last].push(' ');
        }
        lines[last].push_str(word);
    }
    lines
        .into_iter()
        .map(|l| {
            if l.chars().count() > width + 2 {
                let mut t: String = l.chars().take(width).collect();
                t.push('…');
                t
            } else {
                l
            }
        })
        .collect()
}

/// A waterfall: totals from zero, steps from the level before them.
pub fn waterfall(title: &str, currency: &str, bars: &[Bar]) -> String {
    let mut level = Decimal::ZERO;
    // (from, to) of each bar.
    let mut spans = Vec::with_capacity(bars.len());
    for b in bars {
        if b.total {
            spans.push((Decimal::ZERO, b.value));
            level = b.value;
        } else {
            spans.push((level, level + b.value));
            level += b.value;
        }
    }
    let lo = spans.iter().map(|s| f(s.0.min(s.1))).fold(0.0, f64::min);
    let hi = spans.iter().map(|s| f(s.0.max(s.1))).fold(0.0, f64::max);
    let (lo, hi, step) = axis(lo, hi);
    let frame = Frame { lo, hi };
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg class="chart" viewBox="0 0 {W} {H}" role="img" aria-label="{t}"><title>{t}</title>"#,
        t = esc(title)
    );
    grid_lines(&mut out, lo, hi, step, &frame);
    unit_label(&mut out, currency);
    let n = bars.len().max(1) as f64;
    let slot = (W - LEFT - RIGHT) / n;
    let bw = (slot * 0.62).min(70.0);
    let mut prev_end: Option<(f64, f64)> = None;
    for (i, (b, (from, to))) in bars.iter().zip(&spans).enumerate() {
        let x = LEFT + slot * i as f64 + (slot - bw) / 2.0;
        let (y1, y2) = (frame.y(f(*from)), frame.y(f(*to)));
        let (top, height) = (y1.min(y2), (y1 - y2).abs().max(1.0));
        let class = if b.total {
            "tot"
        } else if b.value >= Decimal::ZERO {
            "up"
        } else {
            "down"
        };
        if let Some((px, py)) = prev_end {
            let _ = write!(
                out,
                r#"<line class="link" x1="{px:.1}" x2="{x:.1}" y1="{py:.1}" y2="{py:.1}"/>"#
            );
        }
        let _ = write!(
            out,
            r#"<rect class="{class}" x="{x:.1}" y="{top:.1}" width="{bw:.1}" height="{height:.1}"><title>{label}: {v}</title></rect>"#,
            label = esc(&b.label),
            v = fmt_human(b.value)
        );
        let sign = if !b.total && b.value > Decimal::ZERO {
            "+"
        } else {
            ""
        };
        // Above the bar, or below it when it hangs under the zero line.
        let vy = if b.total && b.value < Decimal::ZERO {
            top + height + 11.0
        } else {
            top - 4.0
        };
        let _ = write!(
            out,
            r#"<text class="val" x="{cx:.1}" y="{vy:.1}" text-anchor="middle">{sign}{v}</text>"#,
            cx = x + bw / 2.0,
            v = compact(f(b.value))
        );
        let chars = ((slot / 5.6) as usize).max(6);
        for (k, line) in wrap(&b.label, chars).iter().enumerate() {
            let _ = write!(
                out,
                r#"<text class="lab" x="{cx:.1}" y="{ly:.1}" text-anchor="middle">{t}</text>"#,
                cx = x + bw / 2.0,
                ly = H - BOTTOM + 16.0 + 12.0 * k as f64,
                t = esc(line)
            );
        }
        prev_end = Some((x + bw, frame.y(f(*to))));
    }
    out.push_str("</svg>");
    out
}

/// One series of the line chart: name, CSS class, values (None: not printed).
pub struct Series<'a> {
    pub name: &'a str,
    pub class: &'a str,
    pub values: Vec<Option<Decimal>>,
}

/// The first day of each month `every` months apart from January, from
/// `from` to `to`: the ticks of a date axis.
fn month_ticks(from: NaiveDate, to: NaiveDate, every: u32) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    let (mut y, mut m) = (from.year(), 1u32);
    while let Some(d) = NaiveDate::from_ymd_opt(y, m, 1) {
        if d > to || out.len() > 60 {
            break;
        }
        if d >= from {
            out.push(d);
        }
        m += every;
        if m > 12 {
            m -= 12;
            y += 1;
        }
    }
    out
}

/// A line chart over time: each point at its date (a statement's period
/// end), so a six-month gap is twice a quarter's; ticks at the turn of
/// the year (or of the half or quarter on a short span).
pub fn lines(title: &str, currency: &str, dates: &[NaiveDate], series: &[Series<'_>]) -> String {
    let all = series
        .iter()
        .flat_map(|s| s.values.iter().flatten().map(|v| f(*v)));
    let (lo, hi) = all.fold((0.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let (lo, hi, step) = axis(lo, hi);
    let frame = Frame { lo, hi };
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg class="chart" viewBox="0 0 {W} {H}" role="img" aria-label="{t}"><title>{t}</title>"#,
        t = esc(title)
    );
    grid_lines(&mut out, lo, hi, step, &frame);
    unit_label(&mut out, currency);
    let first = dates.iter().min().copied();
    let last = dates.iter().max().copied();
    let inner = W - LEFT - RIGHT - 30.0;
    let span = match (first, last) {
        (Some(a), Some(b)) => (b - a).num_days().max(0) as f64,
        _ => 0.0,
    };
    let at = |d: NaiveDate| -> f64 {
        match first {
            Some(a) if span > 0.0 => LEFT + 15.0 + inner * (d - a).num_days() as f64 / span,
            _ => LEFT + 15.0 + inner / 2.0,
        }
    };
    if let (Some(a), Some(b)) = (first, last) {
        let months = span / 30.4;
        let every = if months <= 18.0 {
            3
        } else if months <= 48.0 {
            6
        } else {
            12
        };
        let years = (months / 12.0 / 8.0).ceil().max(1.0) as i32;
        for t in month_ticks(a, b, every) {
            if every == 12 && (t.year() - a.year()) % years != 0 {
                continue;
            }
            let x = at(t);
            let label = if every == 12 {
                t.year().to_string()
            } else {
                t.format("%b %Y").to_string()
            };
            let _ = write!(
                out,
                r#"<line class="gl" x1="{x:.1}" x2="{x:.1}" y1="{TOP}" y2="{y2:.1}"/><text class="lab" x="{x:.1}" y="{y:.1}" text-anchor="end" transform="rotate(-35 {x:.1} {y:.1})">{label}</text>"#,
                y2 = H - BOTTOM,
                y = H - BOTTOM + 14.0,
            );
        }
    }
    let x = |i: usize| dates.get(i).map(|d| at(*d)).unwrap_or(LEFT);
    let periods: Vec<String> = dates.iter().map(|d| d.to_string()).collect();
    for s in series {
        // A polyline per run of printed values.
        let mut run: Vec<(f64, f64)> = Vec::new();
        let mut runs = Vec::new();
        for (i, v) in s.values.iter().enumerate() {
            match v {
                Some(v) => run.push((x(i), frame.y(f(*v)))),
                None => runs.push(std::mem::take(&mut run)),
            }
        }
        runs.push(run);
        for r in runs.iter().filter(|r| !r.is_empty()) {
            let pts: Vec<String> = r.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
            let _ = write!(
                out,
                r#"<polyline class="{}" points="{}"/>"#,
                s.class,
                pts.join(" ")
            );
        }
        for (i, v) in s.values.iter().enumerate() {
            if let Some(v) = v {
                let _ = write!(
                    out,
                    r#"<circle class="{c}" cx="{x:.1}" cy="{y:.1}" r="3.2"><title>{name}, {p}: {v}</title></circle>"#,
                    c = s.class,
                    x = x(i),
                    y = frame.y(f(*v)),
                    name = esc(s.name),
                    p = esc(periods.get(i).map(String::as_str).unwrap_or("")),
                    v = fmt_human(*v)
                );
            }
        }
    }
    // Legend, top left inside the plot.
    for (k, s) in series.iter().enumerate() {
        let lx = LEFT + 10.0 + 190.0 * k as f64;
        let _ = write!(
            out,
            r#"<line class="{c}" x1="{lx:.1}" x2="{lx2:.1}" y1="10" y2="10"/><text class="leg" x="{tx:.1}" y="13.5">{name}</text>"#,
            c = s.class,
            lx2 = lx + 22.0,
            tx = lx + 28.0,
            name = esc(s.name)
        );
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_labels_are_compact() {
        assert_eq!(compact(1_250_000.0), "1.25M");
        assert_eq!(compact(350_000.0), "350K");
        assert_eq!(compact(-40_000.0), "-40K");
        assert_eq!(compact(0.0), "0");
        assert_eq!(axis(0.0, 9_300.0), (0.0, 10_000.0, 2_000.0));
        assert_eq!(axis(-3_000.0, 9_300.0), (-5_000.0, 10_000.0, 5_000.0));
    }

    #[test]
    fn labels_wrap_to_two_lines() {
        assert_eq!(wrap("Overhead (15%)", 20), vec!["Overhead (15%)"]);
        assert_eq!(
            wrap("Theatrical Domestic fee rate", 12),
            vec!["Theatrical", "Domestic fee…"]
        );
    }

    #[test]
    fn a_waterfall_escapes_its_labels() {
        let svg = waterfall(
            "t",
            "USD",
            &[
                Bar {
                    label: "<script>alert(1)</script>".into(),
                    total: true,
                    value: Decimal::new(100, 0),
                },
                Bar {
                    label: "b".into(),
                    total: false,
                    value: Decimal::new(-30, 0),
                },
            ],
        );
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("&lt;script&gt;"));
        assert!(svg.contains("<title>b: -30.00</title>"));
        assert!(svg.contains(">Amount (USD)</text>"));
    }

    #[test]
    fn time_is_a_date_axis() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        // A quarter, then a six-month gap: the gap is twice as wide.
        let dates = [d(2024, 3, 31), d(2024, 6, 30), d(2024, 12, 31)];
        let svg = lines(
            "t",
            "EUR",
            &dates,
            &[Series {
                name: "s",
                class: "rep",
                values: vec![Some(Decimal::ONE); 3],
            }],
        );
        let xs: Vec<f64> = svg
            .split("<circle ")
            .skip(1)
            .map(|c| {
                let v = c.split("cx=\"").nth(1).unwrap().split('"').next().unwrap();
                v.parse().unwrap()
            })
            .collect();
        assert_eq!(xs.len(), 3);
        let (q, h) = (xs[1] - xs[0], xs[2] - xs[1]);
        assert!((h / q - 184.0 / 91.0).abs() < 0.01, "{q} then {h}");
        assert!(svg.contains(">Amount (EUR)</text>"));
        assert!(svg.contains(">Jul 2024</text>"));
    }
}
