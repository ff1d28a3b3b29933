//! Who renders a deal's statements, when the contract does not say
//! (`deal.studio` absent): the name the studio prints at the top of every
//! one of them ("NORTHLIGHT RELEASING", "Redwater Entertainment LLC"), read
//! again from the files. Only a line that every statement of the deal
//! prints first, and that is not a header key, the statement's own title
//! or the picture, participant or deal, is taken; otherwise there is none,
//! and the request says "the studio". Nothing is guessed.

use crate::audit::claim::DealSummary;
use crate::batch::{sha256_hex, Audit};
use crate::grid::{self, FileKind, MAX_FILE_BYTES};

/// The most statements read again for the name.
const SAMPLED: usize = 3;

/// The first text a sheet prints, top row first, left to right.
fn first_text(g: &grid::Grid<'_>) -> Option<String> {
    g.rows.iter().take(12).find_map(|row| {
        row.iter()
            .map(|c| c.text().trim().to_string())
            .find(|t| !t.is_empty())
    })
}

/// A banner less the department it names: "BLACKWATER FILMS -
/// PARTICIPATIONS" is Blackwater Films' banner.
fn without_department(t: &str) -> &str {
    for sep in [" - ", " – ", " — ", " | "] {
        if let Some((name, rest)) = t.split_once(sep) {
            let rest = rest.to_lowercase();
            if [
                "participation",
                "statement",
                "accounting",
                "department",
                "royalt",
                "profit",
            ]
            .iter()
            .any(|w| rest.contains(w))
            {
                return name.trim();
            }
        }
    }
    t
}

/// A banner printed in capitals as a name is written ("MERIDIAN PICTURES
/// CORPORATION" is Meridian Pictures Corporation); the abbreviations a
/// company name carries stay as they are. Mixed case is kept as printed.
fn as_written(t: &str) -> String {
    if t.chars().any(char::is_lowercase) {
        return t.to_string();
    }
    const KEEP: &[&str] = &[
        "LLC", "LLP", "LP", "PLC", "TV", "USA", "US", "UK", "II", "III", "IV", "AG", "SA", "BV",
        "NV",
    ];
    t.split(' ')
        .map(|w| {
            let bare = w.trim_matches(|c: char| !c.is_alphanumeric());
            if KEEP.contains(&bare) || bare.chars().count() <= 1 {
                return w.to_string();
            }
            let mut out = String::new();
            let mut first = true;
            for c in w.chars() {
                if c.is_alphabetic() {
                    if first {
                        out.extend(c.to_uppercase());
                        first = false;
                    } else {
                        out.extend(c.to_lowercase());
                    }
                } else {
                    out.push(c);
                    if c == '-' || c == '/' {
                        first = true;
                    }
                }
            }
            out
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether `t` can be a studio's name on a statement whose picture,
/// participant and deal are `own` (none of which it may name).
fn plausible(t: &str, own: &[&str]) -> bool {
    let lower = t.to_lowercase();
    let n = t.chars().count();
    let keys = [
        "title",
        "picture",
        "program",
        "series",
        "participant",
        "payee",
        "deal",
        "contract",
        "agreement",
        "period",
        "statement",
        "currency",
        "section",
        "date",
    ];
    (3..=80).contains(&n)
        && t.chars().any(char::is_alphabetic)
        && !t.ends_with(':')
        && !keys.iter().any(|k| lower.starts_with(k))
        && !lower.contains("statement")
        && !lower.contains("participation")
        && own
            .iter()
            .all(|x| x.trim().is_empty() || !lower.contains(&x.to_lowercase()))
}

/// The name printed first on every (sampled) statement of deal `d`.
pub fn studio(audit: &Audit, d: &DealSummary) -> Option<String> {
    let statements: Vec<&crate::statement::Statement> = audit
        .statements
        .iter()
        .filter(|s| s.deal == d.deal)
        .take(SAMPLED)
        .collect();
    let mut name: Option<String> = None;
    for st in &statements {
        let input = audit.inputs.iter().find(|i| i.path == st.file)?;
        let kind = FileKind::from_path(&input.location)?;
        if std::fs::metadata(&input.location).ok()?.len() > MAX_FILE_BYTES {
            return None;
        }
        let bytes = std::fs::read(&input.location).ok()?;
        if input.sha256.as_deref() != Some(sha256_hex(&bytes).as_str()) {
            return None; // changed since the audit
        }
        let mut found = None;
        let mut each = |g: Result<grid::Grid<'_>, grid::ReadError>| {
            if let Ok(g) = g {
                if found.is_none() && (st.sheet.is_empty() || g.sheet == st.sheet) {
                    found = Some(first_text(&g));
                }
            }
        };
        grid::for_each_grid(kind, &bytes, &mut each).ok()?;
        let text = without_department(&found.flatten()?).to_string();
        if !plausible(&text, &[&d.title, &d.participant, &d.deal]) {
            return None;
        }
        match &name {
            None => name = Some(text),
            Some(n) if n.to_lowercase() == text.to_lowercase() => {}
            Some(_) => return None,
        }
    }
    name.map(|n| as_written(&n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_banner_is_a_studio_a_heading_is_not() {
        let d = ["The Harbour Light", "Margaret Okafor", "MP-1"];
        assert_eq!(
            without_department("BLACKWATER FILMS - PARTICIPATIONS"),
            "BLACKWATER FILMS"
        );
        assert_eq!(
            without_department("Smith - Jones Pictures"),
            "Smith - Jones Pictures"
        );
        assert!(plausible("NORTHLIGHT RELEASING", &d));
        assert_eq!(
            as_written("MERIDIAN PICTURES CORPORATION"),
            "Meridian Pictures Corporation"
        );
        assert_eq!(
            as_written("REDWATER ENTERTAINMENT, LLC"),
            "Redwater Entertainment, LLC"
        );
        assert_eq!(
            as_written("Redwater Entertainment LLC"),
            "Redwater Entertainment LLC"
        );
        assert!(plausible("Redwater Entertainment LLC", &d));
        for not in [
            "Participation Statement",
            "Title:",
            "Statement of Net Profits",
            "The Harbour Light",
            "Margaret Okafor",
            "MP-1",
            "Q1",
            "2024",
        ] {
            assert!(!plausible(not, &d), "{not}");
        }
    }
}
