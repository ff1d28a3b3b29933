//! The shape of `src/` (issue 19, "the house"): no file over 1,000 lines, no
//! function over 120, and no import cycle, drawn from the code's own
//! `use crate::`/`super::` paths. A file that imports a file that imports it
//! has no order to read them in; a long file or function hides its parts.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const MAX_FILE_LINES: usize = 1000;
const MAX_FN_LINES: usize = 120;

fn sources() -> Vec<(String, String)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    walk(&root, &mut files);
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let rel = p
                .strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read_to_string(&p).unwrap())
        })
        .collect()
}

/// Every `fn` and its length in lines: from its line to the first line
/// after it that closes at the same indentation.
fn functions(text: &str) -> Vec<(String, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let body = line.trim_start();
        let indent = &line[..line.len() - body.len()];
        let mut rest = body;
        if let Some(r) = rest.strip_prefix("pub") {
            rest = match r.strip_prefix('(') {
                Some(r) => r.split_once(')').map_or(r, |(_, r)| r),
                None => r,
            }
            .trim_start();
        }
        for q in ["const ", "async ", "unsafe "] {
            rest = rest.strip_prefix(q).unwrap_or(rest);
        }
        let Some(sig) = rest.strip_prefix("fn ") else {
            continue;
        };
        let name: String = sig
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if line.trim_end().ends_with(';') {
            continue;
        }
        let close = format!("{indent}}}");
        if let Some(end) = lines[i..].iter().position(|l| l.trim_end() == close) {
            out.push((name, end + 1));
        }
    }
    out
}

#[test]
fn no_file_over_1000_lines() {
    let long: Vec<String> = sources()
        .iter()
        .filter(|(_, t)| t.lines().count() > MAX_FILE_LINES)
        .map(|(f, t)| format!("src/{f}: {} lines", t.lines().count()))
        .collect();
    assert!(long.is_empty(), "over {MAX_FILE_LINES} lines: {long:?}");
}

#[test]
fn no_function_over_120_lines() {
    let mut long = Vec::new();
    for (file, text) in sources() {
        for (name, n) in functions(&text) {
            if n > MAX_FN_LINES {
                long.push(format!("src/{file}: fn {name}, {n} lines"));
            }
        }
    }
    assert!(long.is_empty(), "over {MAX_FN_LINES} lines: {long:#?}");
}

/// A file's module path: `audit/terms.rs` is `audit::terms`, `init/mod.rs` is `init`.
fn module_of(file: &str) -> Vec<String> {
    let mut parts: Vec<String> = file
        .trim_end_matches(".rs")
        .split('/')
        .map(str::to_string)
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// The paths a text names after `crate::` or `super::`, braces expanded:
/// `use crate::a::{b, c::d}` gives `crate::a::b` and `crate::a::c::d`.
fn paths(text: &str) -> Vec<Vec<String>> {
    fn ident(s: &str) -> (&str, &str) {
        let n = s
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(s.len());
        (&s[..n], &s[n..])
    }
    // A path from `s`, after `prefix`; returns the paths and what is left.
    fn path<'a>(prefix: Vec<String>, mut s: &'a str, out: &mut Vec<Vec<String>>) -> &'a str {
        let mut segs = prefix;
        loop {
            s = s.trim_start();
            if let Some(r) = s.strip_prefix('{') {
                let mut r = r;
                loop {
                    r = path(segs.clone(), r, out).trim_start();
                    if let Some(x) = r.strip_prefix(',') {
                        r = x;
                        if let Some(x) = r.trim_start().strip_prefix('}') {
                            return x;
                        }
                    } else {
                        return r.strip_prefix('}').unwrap_or(r);
                    }
                }
            }
            let (id, r) = ident(s);
            if id.is_empty() {
                out.push(segs);
                return s;
            }
            segs.push(id.to_string());
            s = r;
            match s.strip_prefix("::") {
                Some(r) => s = r,
                None => {
                    out.push(segs);
                    return s;
                }
            }
        }
    }
    let mut out = Vec::new();
    for start in ["crate::", "super::"] {
        let mut at = 0;
        while let Some(i) = text[at..].find(start) {
            let i = at + i;
            at = i + start.len();
            let before = text[..i].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let head = start.trim_end_matches("::").to_string();
            path(vec![head], &text[at..], &mut out);
        }
    }
    out
}

/// Module → the modules its code (tests left out) names.
fn imports() -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    let files = sources();
    let modules: BTreeSet<Vec<String>> = files.iter().map(|(f, _)| module_of(f)).collect();
    let mut graph = BTreeMap::new();
    for (file, text) in &files {
        let me = module_of(file);
        let code = text
            .find("#[cfg(test)]\nmod tests")
            .map_or(text.as_str(), |i| &text[..i]);
        let code: String = code
            .lines()
            .map(|l| l.split("//").next().unwrap_or(""))
            .collect::<Vec<_>>()
            .join("\n");
        let mut deps = BTreeSet::new();
        for p in paths(&code) {
            let mut base: Vec<String> = Vec::new();
            let mut segs = &p[..];
            if segs[0] == "super" {
                // `super` of `a/b.rs` and of `a/b/mod.rs` is `a`.
                base = me.clone();
                base.pop();
                segs = &segs[1..];
                while segs.first().is_some_and(|s| s == "super") {
                    base.pop();
                    segs = &segs[1..];
                }
            } else {
                segs = &segs[1..];
            }
            let full: Vec<String> = base.into_iter().chain(segs.iter().cloned()).collect();
            if let Some(n) = (1..=full.len())
                .rev()
                .find(|n| modules.contains(&full[..*n]))
            {
                let target = full[..n].to_vec();
                if target != me {
                    deps.insert(target);
                }
            }
        }
        graph.insert(me, deps);
    }
    graph
}

#[test]
fn no_import_cycle() {
    let graph = imports();
    // Depth-first; a module met again while still on the path closes a cycle.
    fn visit(
        m: &Vec<String>,
        graph: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        path: &mut Vec<Vec<String>>,
        done: &mut BTreeSet<Vec<String>>,
        cycles: &mut Vec<String>,
    ) {
        if let Some(i) = path.iter().position(|p| p == m) {
            let names: Vec<String> = path[i..].iter().chain([m]).map(|p| p.join("::")).collect();
            cycles.push(names.join(" -> "));
            return;
        }
        if !done.insert(m.clone()) {
            return;
        }
        path.push(m.clone());
        for d in graph.get(m).into_iter().flatten() {
            visit(d, graph, path, done, cycles);
        }
        path.pop();
    }
    let (mut done, mut cycles) = (BTreeSet::new(), Vec::new());
    for m in graph.keys() {
        visit(m, &graph, &mut Vec::new(), &mut done, &mut cycles);
    }
    assert!(cycles.is_empty(), "import cycles: {cycles:#?}");
}

/// The checks find what they are for: a cycle, braces expanded, `super`
/// resolved, and a long function measured.
#[test]
fn the_checks_see_what_they_look_for() {
    let p = paths("use crate::audit::{self, series::check};\nlet x = super::terms::figure(st);");
    assert!(p.contains(&vec!["crate".into(), "audit".into(), "self".into()]));
    assert!(p.contains(&vec![
        "crate".into(),
        "audit".into(),
        "series".into(),
        "check".into()
    ]));
    assert!(p.contains(&vec!["super".into(), "terms".into(), "figure".into()]));
    assert_eq!(module_of("init/guess/mod.rs"), ["init", "guess"]);
    assert_eq!(module_of("audit/terms.rs"), ["audit", "terms"]);
    let f = "fn a() {\n    x();\n}\n\n    pub(crate) fn b(\n        y: u8,\n    ) {\n    }\n";
    assert_eq!(functions(f), [("a".to_string(), 3), ("b".to_string(), 4)]);
    // The graph is the real one: init reads contracts, contracts read prime.
    let g = imports();
    let m = |s: &str| s.split("::").map(str::to_string).collect::<Vec<_>>();
    assert!(g[&m("init")].contains(&m("contract")));
    assert!(g[&m("contract")].contains(&m("prime")));
    assert!(!g[&m("prime")].contains(&m("contract")));
}
