//! The draft as a TOML document: its tables, each key live or written
//! commented with a note, and the header comment; checked with the real
//! contract parser before it is written, a key this version of recoup
//! refuses written commented (or as its fallback), saying why.

use crate::contract::{self, Loaded};
use crate::money::fmt_rate;
use rust_decimal::Decimal;

/// Beside every value the statements imply rather than state.
pub(super) const CONFIRM: &str = "CONFIRM against the agreement";
/// What a commented stub holds where only the agreement can give the
/// figure: visibly not a figure, and refused by `check` if uncommented as is.
pub(crate) const PLACEHOLDER_AMOUNT: &str = "ENTER-AMOUNT";
pub(crate) const PLACEHOLDER_RATE: &str = "ENTER-RATE";

/// One `key = value` line; written commented when not `on`.
pub(super) struct Entry {
    pub(super) key: String,
    pub(super) value: String,
    pub(super) note: String,
    pub(super) on: bool,
    /// What to write instead (value, note) if this version of recoup
    /// refuses the value, or another entry of its group.
    pub(super) fallback: Option<(String, String)>,
    /// Entries that stand or fall together (`overhead` with `overhead_on`).
    pub(super) group: Option<&'static str>,
}

pub(super) struct Table {
    /// `deal`, `distribution_fees`, `bonus` (an array of tables when `array`).
    pub(super) name: String,
    pub(super) array: bool,
    pub(super) intro: Vec<String>,
    pub(super) entries: Vec<Entry>,
}

impl Table {
    pub(super) fn new(name: &str) -> Table {
        Table {
            name: name.to_string(),
            array: false,
            intro: Vec::new(),
            entries: Vec::new(),
        }
    }
    pub(super) fn intro(&mut self, line: impl Into<String>) {
        self.intro.push(line.into());
    }
    pub(super) fn on(&mut self, key: &str, value: String, note: impl Into<String>) {
        self.entries.push(Entry {
            key: key.to_string(),
            value,
            note: note.into(),
            on: true,
            fallback: None,
            group: None,
        });
    }
    pub(super) fn off(&mut self, key: &str, value: String, note: impl Into<String>) {
        self.entries.push(Entry {
            key: key.to_string(),
            value,
            note: note.into(),
            on: false,
            fallback: None,
            group: None,
        });
    }
}

/// A draft contract: its header comment and its tables, in order.
pub(super) struct Draft {
    pub(super) preamble: Vec<String>,
    pub(super) tables: Vec<Table>,
}

fn comment_text(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() && c != '\t' { ' ' } else { c })
        .collect()
}

/// A TOML basic string.
pub(super) fn q(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

pub(super) fn rate_value(r: Decimal) -> String {
    q(&fmt_rate(r))
}

impl Draft {
    pub(super) fn render(&self) -> String {
        let mut o = String::new();
        for l in &self.preamble {
            o.push_str(&format!("# {}\n", comment_text(l)).replace("# \n", "#\n"));
        }
        for t in &self.tables {
            o.push('\n');
            for l in &t.intro {
                o.push_str(&format!("# {}\n", comment_text(l)));
            }
            let live = t.entries.iter().any(|e| e.on);
            let header = if t.array {
                format!("[[{}]]", t.name)
            } else {
                format!("[{}]", t.name)
            };
            if live {
                o.push_str(&header);
            } else {
                o.push_str(&format!("# {header}"));
            }
            o.push('\n');
            for e in &t.entries {
                let line = format!("{} = {}", e.key, e.value);
                let line = if e.on { line } else { format!("# {line}") };
                if e.note.is_empty() {
                    o.push_str(&format!("{line}\n"));
                } else {
                    o.push_str(&format!("{line}   # {}\n", comment_text(&e.note)));
                }
            }
        }
        o
    }

    /// Write commented (or as its fallback) every entry a parse error names.
    fn demote(&mut self, target: &str, why: &str) -> bool {
        let reason = match unknown_field(why) {
            Some(f) => format!("`{f}` is not a key it knows"),
            None => why.chars().take(120).collect(),
        };
        let mut groups: Vec<&'static str> = Vec::new();
        let mut refused_keys: Vec<String> = Vec::new();
        for t in &self.tables {
            for e in &t.entries {
                let path = format!("{}.{}", t.name, e.key);
                let hit = path == target
                    || t.name == target
                    || path.starts_with(&format!("{target}."))
                    || path.ends_with(&format!(".{target}"))
                    // Inside the entry's value: `distribution_fees.svod[0].rate`.
                    || target.starts_with(&format!("{path}."))
                    || target.starts_with(&format!("{path}["));
                if hit && e.on {
                    refused_keys.push(path);
                    groups.extend(e.group);
                }
            }
        }
        if refused_keys.is_empty() {
            return false;
        }
        for t in &mut self.tables {
            for e in &mut t.entries {
                let path = format!("{}.{}", t.name, e.key);
                let direct = refused_keys.contains(&path);
                if !e.on || !(direct || e.group.is_some_and(|g| groups.contains(&g))) {
                    continue;
                }
                let refused = if direct {
                    format!(
                        "(this version of recoup refuses {} = {}: {reason})",
                        e.key, e.value
                    )
                } else {
                    format!(
                        "(this version of recoup refuses {}: {reason})",
                        refused_keys.join(", ")
                    )
                };
                match e.fallback.take() {
                    Some((value, note)) => {
                        e.value = value;
                        e.note = format!("{note} {refused}");
                    }
                    None => {
                        e.on = false;
                        e.note = format!("{} {refused}", e.note);
                    }
                }
            }
        }
        true
    }

    /// The `table.key` of the entry written on the line a TOML error names
    /// ("at line 29"), for errors that name no key (a value of the wrong type).
    fn path_at_line(&self, text: &str, message: &str) -> Option<String> {
        let rest = &message[message.find("at line ")? + "at line ".len()..];
        let n: usize = rest
            .chars()
            .take_while(|c| c.is_ascii_digit())
            .collect::<String>()
            .parse()
            .ok()?;
        let line = text.lines().nth(n.checked_sub(1)?)?;
        let key = line.split('=').next()?.trim();
        // The table the line belongs to: the last header above it.
        let header = text
            .lines()
            .take(n)
            .filter(|l| l.starts_with('['))
            .last()?
            .trim_matches(|c| c == '[' || c == ']');
        self.tables
            .iter()
            .any(|t| t.name == header && t.entries.iter().any(|e| e.on && e.key == key))
            .then(|| format!("{header}.{key}"))
    }

    /// The text, checked with the contract parser: a key this version of
    /// recoup refuses is written commented, saying why.
    pub(super) fn finish(mut self, deal: &str) -> Result<String, String> {
        for _ in 0..64 {
            let text = self.render();
            match contract::parse("draft", &text) {
                Ok(Loaded::Contract(c)) if c.id == deal.trim() => return Ok(text),
                Ok(_) => return Err(format!("the draft does not name deal {deal}")),
                Err(e) => {
                    let target = e
                        .key
                        .clone()
                        .or_else(|| unknown_field(&e.message))
                        .or_else(|| self.path_at_line(&text, &e.message));
                    match target {
                        Some(t) if self.demote(&t, &e.message) => continue,
                        _ => return Err(e.to_string()),
                    }
                }
            }
        }
        Err("too many keys refused".to_string())
    }
}

/// The field serde names in "unknown field `x`, expected …", or the first
/// key the contract's key check names ("key `x` is not a contract key").
fn unknown_field(message: &str) -> Option<String> {
    let start = ["unknown field `", "key `"]
        .iter()
        .find_map(|p| message.find(p).map(|at| at + p.len()))?;
    let rest = &message[start..];
    Some(rest[..rest.find('`')?].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_of_the_wrong_type_is_found_by_its_line() {
        let mut d = Draft {
            preamble: vec!["draft".into()],
            tables: Vec::new(),
        };
        let mut t = Table::new("deal");
        t.on("id", q("X-1"), "");
        t.on("definition", q("net_profits"), "");
        t.on("share", q("5%"), "");
        d.tables.push(t);
        let mut f = Table::new("distribution_fees");
        f.entries.push(Entry {
            key: "svod".into(),
            value: "{ nonsense = 1 }".into(),
            note: "tiers".into(),
            on: true,
            fallback: Some((q("25%"), "one rate".into())),
            group: None,
        });
        f.entries.push(Entry {
            key: "tvod".into(),
            value: "[ { upto = \"1\", nonsense = 1 }, { rate = \"20%\" } ]".into(),
            note: "tiers".into(),
            on: true,
            fallback: Some((q("30%"), "one rate".into())),
            group: None,
        });
        d.tables.push(f);
        let text = d.finish("X-1").unwrap();
        // Refused inside its value (a key within a tier) or as a whole.
        assert!(
            text.contains(
                "\ntvod = \"30%\"   # one rate (this version of recoup refuses tvod = [ {"
            ),
            "{text}"
        );
        assert!(
            text.contains("\nsvod = \"25%\"   # one rate (this version of recoup refuses svod = { nonsense = 1 }"),
            "{text}"
        );
    }

    #[test]
    fn a_refused_key_is_written_commented_or_as_its_fallback() {
        let mut d = Draft {
            preamble: vec!["draft".into()],
            tables: Vec::new(),
        };
        let mut t = Table::new("deal");
        t.on("id", q("X-1"), "");
        t.entries.push(Entry {
            key: "definition".into(),
            value: q("no_such_definition"),
            note: "guess".into(),
            on: true,
            fallback: Some((q("net_profits"), "guess".into())),
            group: None,
        });
        t.on("share", q("5%"), "");
        d.tables.push(t);
        let mut f = Table::new("distribution_fees");
        f.on("no_such_medium", q("30%"), "");
        f.on("theatrical_domestic", q("30%"), "");
        d.tables.push(f);
        let mut n = Table::new("negative_cost");
        n.entries.push(Entry {
            key: "overhead".into(),
            value: q("20%"),
            note: "on a wider base".into(),
            on: true,
            fallback: Some((q("15%"), "on direct cost".into())),
            group: Some("base"),
        });
        n.entries.push(Entry {
            key: "no_such_base".into(),
            value: "[\"nc.direct\"]".into(),
            note: String::new(),
            on: true,
            fallback: None,
            group: Some("base"),
        });
        d.tables.push(n);
        let mut u = Table::new("no_such_table");
        u.on("key", q("1"), "");
        d.tables.push(u);
        let text = d.finish("X-1").unwrap();
        assert!(
            text.contains("definition = \"net_profits\"   # guess (this version of recoup refuses")
        );
        assert!(text.contains("# no_such_medium = \"30%\""));
        assert!(text.contains("\ntheatrical_domestic = \"30%\""));
        assert!(text.contains("# [no_such_table]\n# key = \"1\""));
        // A refused key takes its group with it: the rate for its base falls back.
        assert!(text.contains("\noverhead = \"15%\"   # on direct cost (this version of recoup refuses negative_cost.no_such_base"));
        assert!(text.contains("\n# no_such_base = [\"nc.direct\"]"));
    }

    #[test]
    fn unknown_fields_are_named() {
        assert_eq!(
            unknown_field("TOML parse error … unknown field `breakeven`, expected one of `deal`"),
            Some("breakeven".to_string())
        );
        assert_eq!(unknown_field("invalid type"), None);
    }
}
