//! The evidence of `report.html`: each statement's grid as recoup read it,
//! the cells a finding cites marked and linked to the finding beside the
//! grid, and each finding with its reference, amounts, sentence, clause
//! and cells.

use super::{esc, letters, money, opt_money, short_ref, statement_name, Evidence, Index, Sheet};
use crate::finding::{Finding, Severity};
use crate::grid::{self, Cell};
use crate::money::{fmt_human, from_f64};
use rust_decimal::Decimal;
use std::fmt::Write;

/// A number cell as read: thousands separated, its decimals kept.
fn number_text(n: f64) -> String {
    match from_f64(n) {
        Ok(d) if d.scale() <= 2 && (d.abs() >= Decimal::from(1000) || d.scale() > 0) => {
            fmt_human(d)
        }
        Ok(d) => d.normalize().to_string(),
        Err(_) => format!("{n}"),
    }
}

pub(super) fn statement_block(o: &mut String, ix: &Index<'_>, i: usize) {
    let audit = ix.audit;
    let st = &audit.statements[i];
    let sid = i + 1;
    let _ = writeln!(o, "<section class=\"stmt\" id=\"s{sid}\">");
    let _ = write!(
        o,
        "<h4>{} <span class=\"sub\">period {} to {}",
        esc(&statement_name(ix, st)),
        st.period_start,
        st.period_end
    );
    if let Some(d) = st.statement_date {
        let _ = write!(o, " · dated {d}");
    }
    o.push_str("</span></h4>\n");
    let sha = ix
        .per_file
        .get(st.file.as_str())
        .and_then(|(_, sha)| *sha)
        .unwrap_or("");
    let _ = writeln!(
        o,
        "<p class=\"src\"><code>{}{}{}</code> · SHA-256 <code class=\"hash\">{}</code></p>",
        esc(&st.file),
        if st.sheet.is_empty() { "" } else { " ! " },
        esc(&st.sheet),
        esc(sha)
    );
    o.push_str("<div class=\"evidence\"><div class=\"sheet\">");
    match &ix.evidence[i] {
        Evidence::Grid(g) => grid_table(o, ix, i, g),
        Evidence::Missing(why) => {
            let _ = write!(o, "<p class=\"alert\">Grid not shown: {}.</p>", esc(why));
        }
        Evidence::NotShown => {}
    }
    o.push_str("</div><div class=\"findings\">");
    let list = &ix.per_statement[i];
    if list.is_empty() {
        o.push_str("<p class=\"note\">No findings on this statement.</p>");
    }
    for &k in list {
        finding_block(o, ix, k);
    }
    o.push_str("</div></div>\n</section>\n");
}

fn grid_table(o: &mut String, ix: &Index<'_>, i: usize, g: &Sheet) {
    let (r0, c0) = (g.origin.0 as usize, g.origin.1 as usize);
    let sid = i + 1;
    o.push_str("<table class=\"grid\"><thead><tr><th class=\"corner\"></th>");
    for c in 0..g.width {
        let _ = write!(o, "<th>{}</th>", letters(c0 + c));
    }
    o.push_str("</tr></thead><tbody>\n");
    for (r, row) in g.rows.iter().enumerate() {
        let _ = write!(o, "<tr><th>{}</th>", r0 + r + 1);
        for c in 0..g.width {
            let cell = row.get(c).unwrap_or(&Cell::Empty);
            let (text, numeric) = match cell {
                Cell::Empty => (String::new(), false),
                // Amounts printed as text (`(1,234.56)`) align as numbers.
                Cell::Text(t) => (
                    t.to_string(),
                    matches!(crate::money::parse_amount(t), Ok(Some(_))),
                ),
                Cell::Number(n) => (number_text(*n), true),
                Cell::Date(d) => (d.to_string(), true),
                Cell::Bool(b) => (b.to_string().to_uppercase(), true),
                Cell::Error(e) => (e.clone(), false),
            };
            let key = (i, r0 + r, c0 + c);
            match ix.cited.get(&key) {
                Some(fs) => {
                    let worst = fs
                        .iter()
                        .map(|k| ix.audit.findings[*k].severity)
                        .max()
                        .unwrap_or(Severity::Info);
                    let a1 = grid::a1(r0 + r, c0 + c);
                    let refs: Vec<String> = fs
                        .iter()
                        .map(|k| {
                            format!(
                                "<a href=\"#f{}\">{}</a>",
                                k + 1,
                                esc(short_ref(&ix.refs[*k]))
                            )
                        })
                        .collect();
                    let title: Vec<String> = fs
                        .iter()
                        .map(|k| {
                            let f = &ix.audit.findings[*k];
                            format!("{} {}", ix.refs[*k], f.code.name())
                        })
                        .collect();
                    let _ = write!(
                        o,
                        "<td id=\"s{sid}-{a1}\" class=\"{}cited {}\" data-f=\"{}\" title=\"{a1}: finding {}\">{}<span class=\"refs\">{}</span></td>",
                        if numeric { "n " } else { "" },
                        worst.name(),
                        fs.iter().map(|k| format!("f{}", k + 1)).collect::<Vec<_>>().join(" "),
                        title.join(", "),
                        esc(&text),
                        refs.join(" ")
                    );
                }
                None if text.is_empty() => o.push_str("<td></td>"),
                None if numeric => {
                    let _ = write!(o, "<td class=\"n\">{}</td>", esc(&text));
                }
                None => {
                    let _ = write!(o, "<td>{}</td>", esc(&text));
                }
            }
        }
        o.push_str("</tr>\n");
    }
    o.push_str("</tbody></table>");
}

fn finding_block(o: &mut String, ix: &Index<'_>, k: usize) {
    let f: &Finding = &ix.audit.findings[k];
    let ids: Vec<String> = ix.cells[k].iter().filter_map(|c| ix.cell_id(c)).collect();
    let _ = write!(
        o,
        "<article class=\"finding {}\" id=\"f{}\" data-cells=\"{}\">",
        f.severity.name(),
        k + 1,
        ids.join(" ")
    );
    let _ = write!(
        o,
        "<header><span class=\"num\">{}</span><span class=\"code\">{}</span><span class=\"sev\">{}</span>",
        esc(&ix.refs[k]),
        f.code.name(),
        f.severity.name()
    );
    if !f.line.is_empty() {
        let _ = write!(o, "<code>{}</code>", esc(&f.line));
    }
    o.push_str("</header>");
    if !f.label.is_empty() || f.column.is_some() {
        let _ = write!(
            o,
            "<p class=\"label\">{}{}{}</p>",
            esc(&f.label),
            if f.label.is_empty() || f.column.is_none() {
                ""
            } else {
                " · "
            },
            f.column.map(|c| c.describe()).unwrap_or("")
        );
    }
    if f.reported.is_some() || f.expected.is_some() {
        o.push_str("<table class=\"amounts\"><tbody>");
        let _ = write!(
            o,
            "<tr><th>Reported</th><td class=\"n\">{}</td></tr><tr><th>Expected</th><td class=\"n\">{}</td></tr>",
            opt_money(f.reported),
            opt_money(f.expected)
        );
        if let Some(diff) = f.difference() {
            let _ = write!(
                o,
                "<tr class=\"sum\"><th>Difference</th><td class=\"n\">{}</td></tr>",
                money(diff)
            );
        }
        if !f.np_effect.is_zero() {
            let _ = write!(
                o,
                "<tr><th>Effect on the base</th><td class=\"n\">{}</td></tr>",
                money(f.np_effect)
            );
        }
        o.push_str("</tbody></table>");
    }
    let _ = write!(o, "<p class=\"msg\">{}</p>", esc(&f.message));
    if !f.clause.is_empty() {
        let _ = write!(
            o,
            "<p class=\"sub\">Clause <code>{}</code></p>",
            esc(&crate::report::scope::clause_text(
                ix.audit.contracts.get(&f.deal),
                &f.clause
            ))
        );
    }
    if !ix.cells[k].is_empty() {
        o.push_str("<p class=\"sub cells\">Cells ");
        let links: Vec<String> = ix.cells[k]
            .iter()
            .map(|c| {
                // The cell without the file name, which the heading gives.
                let short = match c.at {
                    Some((i, _, _)) if Some(i) == ix.own[k] => {
                        c.full.rsplit('!').next().unwrap_or(&c.full).to_string()
                    }
                    Some((i, _, _)) => format!(
                        "{} {}",
                        statement_name(ix, &ix.audit.statements[i]),
                        c.full.rsplit('!').next().unwrap_or(&c.full)
                    ),
                    None => c.full.clone(),
                };
                match ix.cell_id(c) {
                    Some(id) => format!(
                        "<a href=\"#{id}\" title=\"{}\">{}</a>",
                        esc(&c.full),
                        esc(&short)
                    ),
                    None => format!("<span title=\"{}\">{}</span>", esc(&c.full), esc(&short)),
                }
            })
            .collect();
        o.push_str(&links.join(", "));
        o.push_str("</p>");
    }
    o.push_str("</article>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_show_as_read() {
        assert_eq!(number_text(3_627_799.53), "3,627,799.53");
        assert_eq!(number_text(2_500.0), "2,500.00");
        assert_eq!(number_text(30.0), "30");
        assert_eq!(number_text(0.125), "0.125");
        assert_eq!(number_text(-1_234.5), "-1,234.50");
    }
}
