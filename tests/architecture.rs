//! The map in ARCHITECTURE.md against the code: the modules' import graph (from `use crate::`
//! and `crate::` paths outside tests) has no cycle and is the one the map draws, and no source
//! file outgrows the size the map promises.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The library's source files (the binary's `main.rs` and `cli/` are not the library; files
/// of tests, `fault_tests.rs`, are not its code).
fn library_files() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(root().join("src")).sort_by_file_name() {
        let e = e.expect("walk src");
        let rel = e.path().strip_prefix(root().join("src")).expect("under src").to_path_buf();
        let is_bin = rel.starts_with("cli") || rel == Path::new("main.rs");
        let is_test = rel.file_stem().is_some_and(|s| s.to_string_lossy().ends_with("tests"));
        let is_rust = rel.extension().is_some_and(|x| x == "rs");
        if e.file_type().is_file() && is_rust && !is_bin && !is_test {
            out.push(rel);
        }
    }
    assert!(out.len() > 30, "{} files under src", out.len());
    out
}

/// The top-level module a file belongs to (`search/query.rs` -> `search`, `lib.rs` -> `lib`).
fn module_of(rel: &Path) -> String {
    let first = rel.components().next().expect("a path").as_os_str().to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

/// The code of a file without comments and without its test modules.
fn code(text: &str) -> String {
    let mut out = String::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let t = line.trim_start();
        if t.starts_with("#[cfg(test)]") {
            // `#[cfg(test)] mod tests;` or a `mod tests { ... }` block up to its closing brace
            // at the same indentation.
            let indent = line.len() - t.len();
            let Some(next) = lines.next() else { break };
            if next.trim_end().ends_with('{') {
                let close = format!("{}}}", " ".repeat(indent));
                for l in lines.by_ref() {
                    if l == close {
                        break;
                    }
                }
            }
            continue;
        }
        if t.starts_with("//") {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The root's re-exports: name -> the module that defines it.
fn reexports(lib: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut rest = lib;
    while let Some(i) = rest.find("pub use ") {
        let stmt = &rest[i + 8..];
        let end = stmt.find(';').expect("a use ends");
        let path = &stmt[..end];
        let module = path.split("::").next().expect("a module").trim().to_string();
        let names = path.rsplit_once("::").map_or(path, |(_, n)| n);
        for n in names.trim_matches(|c: char| c == '{' || c == '}' || c.is_whitespace()).split(',')
        {
            let n = n.trim().rsplit(" as ").next().unwrap_or("").trim();
            if !n.is_empty() {
                out.insert(n.to_string(), module.clone());
            }
        }
        rest = &stmt[end..];
    }
    out
}

/// The modules `code` names after `crate::`.
fn uses(code: &str, reexported: &BTreeMap<String, String>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        let after = &rest[i + 7..];
        let names: Vec<&str> = if let Some(list) = after.strip_prefix('{') {
            let end = list.find('}').expect("a use list ends");
            list[..end].split(',').collect()
        } else {
            vec![after]
        };
        for n in names {
            let first: String =
                n.trim().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            if let Some(m) = reexported.get(&first) {
                out.insert(m.clone());
            } else if !first.is_empty() {
                out.insert(first);
            }
        }
        rest = after;
    }
    out
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let lib = std::fs::read_to_string(root().join("src/lib.rs")).expect("lib.rs");
    let reexported = reexports(&code(&lib));
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for rel in library_files() {
        let text = std::fs::read_to_string(root().join("src").join(&rel)).expect("read");
        let m = module_of(&rel);
        let targets = uses(&code(&text), &reexported);
        let entry = g.entry(m.clone()).or_default();
        entry.extend(targets.into_iter().filter(|t| *t != m));
    }
    g
}

/// The graph as ARCHITECTURE.md writes it: `module -> what it uses`, one line each.
fn drawn(g: &BTreeMap<String, BTreeSet<String>>) -> String {
    g.iter()
        .filter(|(_, to)| !to.is_empty())
        .map(|(from, to)| {
            format!("{from} -> {}\n", to.iter().cloned().collect::<Vec<_>>().join(" "))
        })
        .collect()
}

#[test]
fn the_import_graph_has_no_cycle_and_is_the_one_the_map_draws() {
    let g = graph();
    // Depth-first search for a back edge.
    fn visit<'a>(
        g: &'a BTreeMap<String, BTreeSet<String>>,
        m: &'a str,
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
    ) {
        if done.contains(m) {
            return;
        }
        if let Some(i) = path.iter().position(|p| *p == m) {
            panic!("import cycle: {} -> {m}", path[i..].join(" -> "));
        }
        path.push(m);
        for t in g.get(m).into_iter().flatten() {
            visit(g, t, path, done);
        }
        path.pop();
        done.insert(m);
    }
    let mut done = BTreeSet::new();
    for m in g.keys() {
        visit(&g, m, &mut Vec::new(), &mut done);
    }
    let map = std::fs::read_to_string(root().join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    let block = map
        .split("```text imports\n")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .expect("ARCHITECTURE.md has a ```text imports block");
    assert_eq!(block, drawn(&g), "ARCHITECTURE.md's import graph is not the code's");
}

#[test]
fn no_library_file_is_over_600_lines() {
    let mut long = Vec::new();
    for rel in library_files() {
        let text = std::fs::read_to_string(root().join("src").join(&rel)).expect("read");
        let n = text.lines().count();
        if n > 600 {
            long.push(format!("{} ({n} lines)", rel.display()));
        }
    }
    assert!(long.is_empty(), "files over 600 lines: {}", long.join(", "));
}
