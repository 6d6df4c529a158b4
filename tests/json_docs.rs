//! `docs/json.md` documents every `--json` output and API answer with an example: each example
//! must have exactly the fields of the real output, with the same JSON types, so the page
//! cannot drift from the code.

use std::path::Path;

use serde_json::Value;

use crate::util::{cmd, corpus, fixture, root, tempdir};

const FILES: &[&str] = &[
    "state-department/transcripts/2021-05-23-secretary-antony-j-blinken-on-abcs-this-week-with-george-stephanopoulos.txt",
    "state-department/transcripts/2021-06-04-department-press-briefing-june-4-2021.txt",
];

/// Fields that may be missing from a real output (documented as such).
const OPTIONAL: &[&str] = &[
    "in_reply_to",
    "answered_by",
    "suggestions",
    "read_as",
    "corrected_query",
    "group",
    "split",
    "also_published_as",
];

/// Objects whose keys are data (facet names, field names), not fields.
const MAPS: &[&str] = &["facets", "suggestions"];

/// The documented examples, by the name in their `<!-- shape: NAME -->` marker.
fn documented() -> Vec<(String, Value)> {
    let text = std::fs::read_to_string(root().join("docs/json.md")).unwrap();
    let mut out = Vec::new();
    let mut rest = text.as_str();
    while let Some(at) = rest.find("<!-- shape: ") {
        rest = &rest[at + 12..];
        let name = rest[..rest.find(" -->").unwrap()].to_string();
        let start = rest.find("```json\n").unwrap() + 8;
        let end = start + rest[start..].find("\n```").unwrap();
        let value = serde_json::from_str(&rest[start..end])
            .unwrap_or_else(|e| panic!("docs/json.md, {name}: not JSON: {e}"));
        out.push((name, value));
        rest = &rest[end..];
    }
    out
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Checks that `real` has the shape of `doc`: the same fields (less the optional ones), the
/// same types (null stands for a value that may be absent), recursively.
fn same_shape(doc: &Value, real: &Value, path: &str) {
    match (doc, real) {
        (Value::Null, _) | (_, Value::Null) => {}
        (Value::Object(d), Value::Object(r)) => {
            let is_map = MAPS.iter().any(|m| path.ends_with(&format!(".{m}")));
            if is_map {
                if let Some(example) = d.values().next() {
                    for (k, v) in r {
                        same_shape(example, v, &format!("{path}[{k}]"));
                    }
                }
                return;
            }
            for k in r.keys() {
                assert!(d.contains_key(k), "{path}.{k} is in the output but not documented");
            }
            for (k, v) in d {
                match r.get(k) {
                    Some(rv) => same_shape(v, rv, &format!("{path}.{k}")),
                    None => assert!(
                        OPTIONAL.contains(&k.as_str()),
                        "{path}.{k} is documented but missing"
                    ),
                }
            }
        }
        (Value::Array(d), Value::Array(r)) => {
            // Several examples of one list (an answer and a question among the hits) are one
            // shape: the fields of all of them.
            let mut merged = d.first().cloned();
            if let Some(Value::Object(m)) = &mut merged {
                for other in d.iter().skip(1).filter_map(Value::as_object) {
                    for (k, v) in other {
                        m.entry(k.clone()).or_insert_with(|| v.clone());
                    }
                }
            }
            if let Some(example) = &merged {
                for (i, v) in r.iter().enumerate() {
                    same_shape(example, v, &format!("{path}[{i}]"));
                }
            }
        }
        (d, r) => assert_eq!(kind(d), kind(r), "{path}: documented {d}, output {r}"),
    }
}

fn run(dir: &Path, args: &[&str]) -> Value {
    let out = cmd(dir).args(["--index", "idx"]).args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{args:?}: {e}"))
}

#[test]
fn every_documented_shape_matches_the_real_output() {
    let dir = tempdir();
    for f in FILES {
        let to = dir.path().join("corpus").join(Path::new(f).file_name().unwrap());
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(corpus(f), to).unwrap();
    }
    let id = "2021-06-04-department-press-briefing-june-4-2021";
    let search =
        ["search", "vaccines", "--context", "--facets", "speaker,year", "-n", "5", "--json"];
    let real: Vec<(&str, Vec<Value>)> = vec![
        ("ingest", vec![run(dir.path(), &["ingest", "corpus", "--json"])]),
        (
            "search",
            vec![
                run(dir.path(), &search),
                run(dir.path(), &["search", "x", "--speaker", "Blinkin", "--json"]),
                run(dir.path(), &["search", "what did Porter say about vaccines", "--json"]),
            ],
        ),
        (
            "transcript",
            vec![
                run(dir.path(), &["show", id, "--turn", "3", "--context", "1", "--json"]),
                run(dir.path(), &["parse", &format!("corpus/{id}.txt"), "--json"]),
            ],
        ),
        ("speakers", vec![run(dir.path(), &["speakers", "--json"])]),
        ("stats", vec![run(dir.path(), &["stats", "--json"])]),
        ("values", vec![run(dir.path(), &["values", "kind", "--json"])]),
        ("error", vec![api_error(&dir.path().join("idx"))]),
        ("kwic", vec![run(dir.path(), &["kwic", "vaccines", "-n", "1", "--json"])]),
        (
            "trend",
            vec![
                run(dir.path(), &["trend", "vaccines", "--split", "speaker-kind", "--json"]),
                run(dir.path(), &["trend", "vaccines", "Korea", "--json"]),
            ],
        ),
        (
            "quote",
            vec![run(dir.path(), &["quote", "we have shared vaccines with the world", "--json"])],
        ),
        ("export", export_rows(dir.path())),
    ];
    // The search example's answer, with the question it replies to, is in the real output.
    let hits = real[1].1[0]["hits"].as_array().unwrap();
    assert!(hits.iter().any(|h| h.get("in_reply_to").is_some()), "no hit with in_reply_to");
    assert!(real[1].1[1].get("suggestions").is_some(), "no suggestions for --speaker Blinkin");
    assert!(real[1].1[2].get("read_as").is_some(), "the question was not read as one");
    let docs: std::collections::BTreeMap<String, Value> = documented().into_iter().collect();
    let mut names: Vec<&str> = docs.keys().map(String::as_str).collect();
    let mut wanted: Vec<&str> = real.iter().map(|(n, _)| *n).collect();
    names.sort();
    wanted.sort();
    assert_eq!(names, wanted, "docs/json.md documents other shapes than the test checks");
    for (name, outputs) in &real {
        for out in outputs {
            same_shape(&docs[*name], out, name);
        }
    }
    // The failure and skip lists have the documented shape too.
    let broken = dir.path().join("more");
    std::fs::create_dir_all(broken.join("notes.txt")).unwrap();
    std::fs::copy(
        fixture("hostile/2022-07-12-department-press-briefing-with-markup.txt"),
        broken.join("ok.txt"),
    )
    .unwrap();
    std::fs::write(broken.join("broken.txt"), b"\x00binary").unwrap();
    let out =
        cmd(dir.path()).args(["--index", "idx", "ingest", "more", "--json"]).output().unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        !report["failed"].as_array().unwrap().is_empty()
            && !report["skipped"].as_array().unwrap().is_empty()
    );
    same_shape(&docs["ingest"], &report, "ingest");
}

/// Every row of `chancery search vaccines --all` (JSON lines).
fn export_rows(dir: &Path) -> Vec<Value> {
    let out = cmd(dir).args(["--index", "idx", "search", "vaccines", "--all"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let rows: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(rows.len() >= 2, "{rows:?}");
    rows
}

fn api_error(index: &Path) -> Value {
    use chancery::{Running, ServeOptions};
    let s = Running::start("127.0.0.1:0".parse().unwrap(), ServeOptions::new(index)).unwrap();
    let res = ureq::get(&format!("{}/api/search?q=foo:bar", s.url()))
        .config()
        .http_status_as_error(false)
        .build()
        .call()
        .unwrap();
    let body = res.into_body().read_to_string().unwrap();
    serde_json::from_str(&body).unwrap()
}
