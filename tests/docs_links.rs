//! The README and docs/ stay walkable: every relative markdown link in
//! README.md and docs/*.md names a file that exists, every `#anchor` into a
//! markdown file names one of its headings (GitHub's slugs), every docs page is
//! linked from the README, and the README stays short. No network: links to
//! `http(s)://` and `mailto:` are not followed.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// At most about 250 lines (issue 19): the manual lives in docs/.
const README_MAX_LINES: usize = 250;

/// `(line number, target)` for every `](target)` outside code fences and
/// inline code spans.
fn links(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut fence = false;
    for (n, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("```") {
            fence = !fence;
            continue;
        }
        if fence {
            continue;
        }
        // Drop inline code: the text between pairs of backticks.
        let prose: String = line
            .split('`')
            .enumerate()
            .filter(|(i, _)| i % 2 == 0)
            .map(|(_, s)| s)
            .collect::<Vec<_>>()
            .join(" ");
        let mut rest = prose.as_str();
        while let Some(at) = rest.find("](") {
            let after = &rest[at + 2..];
            let Some(end) = after.find(')') else { break };
            out.push((n + 1, after[..end].trim().to_string()));
            rest = &after[end + 1..];
        }
    }
    out
}

/// GitHub's anchors for a markdown file's headings: lower case, punctuation
/// dropped (letters, digits, `-` and `_` kept), spaces as hyphens, a repeated
/// heading suffixed `-1`, `-2`, ...
fn anchors(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut fence = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fence = !fence;
            continue;
        }
        if fence || !line.starts_with('#') {
            continue;
        }
        let title = line.trim_start_matches('#');
        if !title.starts_with(' ') {
            continue;
        }
        let slug: String = title
            .trim()
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ' '))
            .map(|c| if c == ' ' { '-' } else { c })
            .collect();
        let mut unique = slug.clone();
        let mut k = 1;
        while out.contains(&unique) {
            unique = format!("{slug}-{k}");
            k += 1;
        }
        out.insert(unique);
    }
    out
}

/// What is wrong with the links of the files `pages` (paths relative to
/// `root`).
fn check(root: &Path, pages: &[PathBuf]) -> Vec<String> {
    let mut broken = Vec::new();
    for page in pages {
        let file = root.join(page);
        let text = fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let dir = file.parent().unwrap_or(root);
        for (line, target) in links(&text) {
            if target.starts_with("http://")
                || target.starts_with("https://")
                || target.starts_with("mailto:")
            {
                continue;
            }
            let (path, anchor) = match target.split_once('#') {
                Some((p, a)) => (p, Some(a)),
                None => (target.as_str(), None),
            };
            let where_ = format!("{}:{line}: ({target})", page.display());
            let resolved = if path.is_empty() {
                file.clone()
            } else {
                dir.join(path)
            };
            if !resolved.exists() {
                broken.push(format!("{where_}: no such file"));
                continue;
            }
            if let Some(anchor) = anchor.filter(|a| !a.is_empty()) {
                if resolved.extension().is_some_and(|e| e == "md") {
                    let target_text = fs::read_to_string(&resolved).unwrap_or_default();
                    if !anchors(&target_text).contains(anchor) {
                        broken.push(format!("{where_}: no heading #{anchor}"));
                    }
                }
            }
        }
    }
    broken
}

fn docs_pages(root: &Path) -> Vec<PathBuf> {
    let mut pages: Vec<PathBuf> = fs::read_dir(root.join("docs"))
        .expect("docs/ exists")
        .filter_map(|e| e.ok())
        .map(|e| PathBuf::from("docs").join(e.file_name()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    pages.sort();
    pages
}

#[test]
fn every_relative_link_in_the_readme_and_docs_resolves() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .canonicalize()
        .expect("the crate's folder");
    let mut pages = vec![PathBuf::from("README.md")];
    pages.extend(docs_pages(&root));
    assert!(pages.len() >= 10, "README.md and the docs pages: {pages:?}");
    let broken = check(&root, &pages);
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    // Counted, so a parser that found nothing cannot pass.
    let readme = fs::read_to_string(root.join("README.md")).expect("README.md");
    let n = links(&readme).len();
    assert!(n >= 20, "only {n} links found in README.md");
}

#[test]
fn the_readme_is_short_and_links_every_docs_page() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = fs::read_to_string(root.join("README.md")).expect("README.md");
    let lines = readme.lines().count();
    assert!(
        lines <= README_MAX_LINES,
        "README.md has {lines} lines; the manual belongs in docs/"
    );
    let targets: BTreeSet<String> = links(&readme)
        .into_iter()
        .map(|(_, t)| t.split('#').next().unwrap_or_default().to_string())
        .collect();
    for page in docs_pages(root) {
        let page = page.to_string_lossy().replace('\\', "/");
        assert!(targets.contains(&page), "README.md does not link {page}");
    }
    for must in ["docs/contract.md", "docs/report.md", "docs/checks.md"] {
        assert!(targets.contains(must), "README.md does not link {must}");
    }
    assert!(
        readme.contains("## Quick start"),
        "README.md has no quick start"
    );
}

#[test]
fn a_broken_link_or_anchor_is_reported() {
    let dir = tempfile::tempdir().expect("temp folder");
    let root = dir.path().canonicalize().expect("temp folder");
    fs::create_dir(root.join("docs")).expect("docs/");
    fs::write(
        root.join("README.md"),
        "# Top\n\n## Quick start\n\nSee [a](docs/a.md#every-key), [b](docs/b.md), \
         [here](#quick-start), [gone](#nowhere), [web](https://example.com/x.md) \
         and `[code](docs/c.md)`.\n\n```\n[fenced](docs/d.md)\n```\n",
    )
    .expect("README");
    fs::write(
        root.join("docs/a.md"),
        "# A\n\n## Every key\n\n[back](../README.md#top) [wrong](../README.md#every-key) [sibling](b.md)\n",
    )
    .expect("a.md");
    let pages = vec![PathBuf::from("README.md"), PathBuf::from("docs/a.md")];
    let broken = check(&root, &pages);
    assert_eq!(
        broken,
        vec![
            "README.md:5: (docs/b.md): no such file".to_string(),
            "README.md:5: (#nowhere): no heading #nowhere".to_string(),
            "docs/a.md:5: (../README.md#every-key): no heading #every-key".to_string(),
            "docs/a.md:5: (b.md): no such file".to_string(),
        ]
    );
}

#[test]
fn anchors_are_githubs_slugs() {
    let a = anchors(
        "# recoup\n## What `--out` writes, and for whom\n### report.html\n\
         ## Starting from your own statements: `recoup init`\n## Notes\n## Notes\n\
         ```toml\n# on = [\"nc.direct\"]\n```\n#not-a-heading\n",
    );
    let want: BTreeSet<String> = [
        "recoup",
        "what---out-writes-and-for-whom",
        "reporthtml",
        "starting-from-your-own-statements-recoup-init",
        "notes",
        "notes-1",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    assert_eq!(a, want);
}
