//! Keys a contract file may hold (SPEC §3), and every key it holds that is
//! not one of them, with its line and the nearest known key. A typo'd key
//! (`shares = "5%"`, `liquidate_witin = 4`) is never read as "no such term":
//! the contract cannot be read, and the deal is not audited on a guess.

use toml::de::{DeTable, DeValue};

/// A table's known keys, and what its values hold.
enum Shape {
    /// A table with these keys, each with its own shape.
    Keys(&'static [(&'static str, Shape)]),
    /// An array of tables, each with these keys.
    Tables(&'static [(&'static str, Shape)]),
    /// A value, or a table whose keys the contract parser checks itself
    /// (media, expense kinds, aliases).
    Free,
}

use Shape::{Free, Keys, Tables};

const CONTRACT: &[(&str, Shape)] = &[
    (
        "deal",
        Keys(&[
            ("id", Free),
            ("title", Free),
            ("participant", Free),
            ("currency", Free),
            ("definition", Free),
            ("share", Free),
            ("tolerance", Free),
            ("studio", Free),
        ]),
    ),
    ("gross_receipts", Keys(&[("royalty", Free)])),
    ("distribution_fees", Free),
    (
        "expenses",
        Keys(&[
            ("advertising_overhead", Free),
            ("disallowed", Free),
            ("caps", Free),
        ]),
    ),
    (
        "negative_cost",
        Keys(&[("overhead", Free), ("overhead_on", Free)]),
    ),
    (
        "interest",
        Keys(&[
            ("rate", Free),
            ("on_overhead", Free),
            ("on", Free),
            ("prime", Tables(&[("from", Free), ("rate", Free)])),
        ]),
    ),
    (
        "deductions",
        Keys(&[
            ("gross_participations", Free),
            ("deferments", Free),
            ("off_the_top", Free),
        ]),
    ),
    (
        "bonus",
        Tables(&[("metric", Free), ("threshold", Free), ("amount", Free)]),
    ),
    (
        "breakeven",
        Keys(&[("costs", Free), ("fee", Free), ("multiple", Free)]),
    ),
    (
        "share_step",
        Tables(&[
            ("above", Free),
            ("metric", Free),
            ("at", Free),
            ("share", Free),
        ]),
    ),
    (
        "reserves",
        Keys(&[("max", Free), ("liquidate_within", Free)]),
    ),
    (
        "audit",
        Keys(&[
            ("objection_months", Free),
            ("statement_due_days", Free),
            ("underpayment_interest", Free),
            ("cost_shift_threshold", Free),
        ]),
    ),
    ("aliases", Free),
    ("clauses", Free),
];

/// One key the contract does not know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownKey {
    /// 1-based line of the key in the file.
    pub line: usize,
    /// The key as written, and the table it is in (`None`: the top level).
    pub key: String,
    pub table: Option<String>,
    /// The nearest known key of that table, when one is close.
    pub suggestion: Option<&'static str>,
}

impl std::fmt::Display for UnknownKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "line {}: key `{}` is not a contract key",
            self.line, self.key
        )?;
        if let Some(s) = self.suggestion {
            write!(f, " (did you mean `{s}`?)")?;
        }
        Ok(())
    }
}

/// Every key of a contract file's text that SPEC §3 does not define, in the
/// order of the file. Empty for text that is not TOML (the parser says why).
pub fn unknown_keys(text: &str) -> Vec<UnknownKey> {
    let Ok(doc) = DeTable::parse(text) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    walk(text, doc.get_ref(), CONTRACT, None, &mut out);
    out.sort_by_key(|u| u.line);
    out
}

fn walk(
    text: &str,
    table: &DeTable<'_>,
    known: &'static [(&'static str, Shape)],
    name: Option<&str>,
    out: &mut Vec<UnknownKey>,
) {
    for (k, v) in table {
        let key = k.get_ref().as_ref();
        let Some((_, shape)) = known.iter().find(|(n, _)| *n == key) else {
            out.push(UnknownKey {
                line: line_of(text, k.span().start),
                key: key.to_string(),
                table: name.map(str::to_string),
                suggestion: nearest(key, known.iter().map(|(n, _)| *n)),
            });
            continue;
        };
        let path = match name {
            Some(n) => format!("{n}.{key}"),
            None => key.to_string(),
        };
        match (shape, v.get_ref()) {
            (Keys(keys), DeValue::Table(t)) => walk(text, t, keys, Some(&path), out),
            (Tables(keys), DeValue::Array(items)) => {
                for item in items {
                    if let DeValue::Table(t) = item.get_ref() {
                        walk(text, t, keys, Some(&path), out);
                    }
                }
            }
            // A value of the wrong type is the parser's to report.
            _ => {}
        }
    }
}

/// The 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// The known key nearest to `key` by edit distance, when it is within a
/// third of the key's length (at least 1, at most 3 edits): close enough to
/// be the key meant, not just another key.
fn nearest(key: &str, known: impl Iterator<Item = &'static str>) -> Option<&'static str> {
    let most = (key.chars().count() / 3).clamp(1, 3);
    known
        .map(|k| (levenshtein(key, k), k))
        .filter(|(d, _)| *d <= most)
        .min()
        .map(|(_, k)| k)
}

/// Edits (insert, delete, substitute a character) from `a` to `b`.
pub fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if ca == *cb {
                diagonal
            } else {
                1 + diagonal.min(above).min(row[j])
            };
            diagonal = above;
        }
    }
    row[b.len()]
}

/// `deal.id` of a contract's text, read without validating anything else:
/// the deal a contract that cannot be read was meant for.
pub fn deal_id(text: &str) -> Option<String> {
    let table: toml::Table = toml::from_str(text).ok()?;
    let id = table.get("deal")?.get("id")?.as_str()?.trim();
    (!id.is_empty()).then(|| id.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every contract the repository carries (sample-data, the test
    /// fixtures) uses only known keys: a key added to the parser and not
    /// here shows up as soon as an example uses it.
    #[test]
    fn every_carried_contract_uses_known_keys() {
        fn walk(dir: &std::path::Path, n: &mut usize) {
            for e in std::fs::read_dir(dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    walk(&p, n);
                } else if p.extension().is_some_and(|x| x == "toml") {
                    let text = std::fs::read_to_string(&p).unwrap();
                    if text.contains("[deal]") {
                        *n += 1;
                        assert_eq!(unknown_keys(&text), [], "{}", p.display());
                    }
                }
            }
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut n = 0;
        walk(&root.join("sample-data"), &mut n);
        walk(&root.join("tests/fixtures"), &mut n);
        assert!(n >= 8, "{n} contracts");
    }

    #[test]
    fn edit_distance() {
        assert_eq!(levenshtein("shares", "share"), 1);
        assert_eq!(levenshtein("liquidate_witin", "liquidate_within"), 1);
        assert_eq!(levenshtein("kitten", "sitting"), 3);
        assert_eq!(levenshtein("", "abc"), 3);
        assert_eq!(levenshtein("abc", "abc"), 0);
    }

    #[test]
    fn every_unknown_key_with_its_line_and_the_nearest_known_one() {
        let text = "[deal]\nid = \"X\"\nshares = \"5%\"\n\n[reserves]\nliquidate_witin = 4\n\n[[bonus]]\nmetric = \"memo.box_office_domestic\"\nthreshhold = \"1\"\namount = \"2\"\n\n[reserve]\nmax = \"1%\"\n[audit]\nzzz = 1\n";
        let keys = unknown_keys(text);
        let tables: Vec<Option<&str>> = keys.iter().map(|u| u.table.as_deref()).collect();
        assert_eq!(
            tables,
            [
                Some("deal"),
                Some("reserves"),
                Some("bonus"),
                None,
                Some("audit")
            ]
        );
        let got: Vec<String> = keys.iter().map(|u| u.to_string()).collect();
        assert_eq!(
            got,
            [
                "line 3: key `shares` is not a contract key (did you mean `share`?)",
                "line 6: key `liquidate_witin` is not a contract key (did you mean `liquidate_within`?)",
                "line 10: key `threshhold` is not a contract key (did you mean `threshold`?)",
                "line 13: key `reserve` is not a contract key (did you mean `reserves`?)",
                "line 16: key `zzz` is not a contract key",
            ]
        );
        assert_eq!(deal_id(text).as_deref(), Some("X"));
        assert!(unknown_keys("[deal]\nid = \"X\"\nshare = \"5%\"\n").is_empty());
    }
}
