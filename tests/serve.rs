//! `chancery serve`'s HTTP API: a client against servers on ephemeral loopback ports, over the
//! bundled corpus, an empty folder, and a transcript full of markup.

use std::sync::OnceLock;
use std::time::Duration;

use chancery::{Running, ServeOptions};
use serde_json::Value;

use crate::util::{self, bundled_index, cmd, fixture};

const LOOPBACK: &str = "127.0.0.1:0";

/// A server over the bundled corpus, started once for the test run.
pub fn bundled_server() -> &'static Running {
    static SERVER: OnceLock<Running> = OnceLock::new();
    SERVER.get_or_init(|| {
        let path = bundled_index().path().expect("on disk").to_path_buf();
        Running::start(LOOPBACK.parse().unwrap(), ServeOptions::new(path)).expect("start server")
    })
}

/// An index of the markup fixture and the real White House file with stray `<s>` tags.
pub fn hostile_index() -> tempfile::TempDir {
    let dir = util::tempdir();
    let index = chancery::Index::open_or_create(dir.path().join("index")).unwrap();
    let report = index
        .ingest(&[
            fixture("hostile/2022-07-12-department-press-briefing-with-markup.txt"),
            fixture("hostile/2024-05-01-press-briefing-with-script-url.md"),
            util::corpus(
                "white-house/speeches-remarks/2021-03/2021-03-25-remarks-by-president-biden-in-press-conference.md",
            ),
        ])
        .unwrap();
    assert_eq!(report.added, 3, "{:?}", report.failed);
    dir
}

/// A response: status, headers, body.
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| {
            panic!("not JSON ({e}): {}", &self.body[..self.body.len().min(300)])
        })
    }

    pub fn content_type(&self) -> &str {
        self.header("content-type").unwrap_or("")
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into()
}

fn answer(mut res: ureq::http::Response<ureq::Body>) -> Answer {
    let headers = res
        .headers()
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_string()))
        .collect();
    Answer {
        status: res.status().as_u16(),
        headers,
        body: res.body_mut().read_to_string().expect("body"),
    }
}

/// GET `path` (with its query string, already encoded) from `server`.
pub fn get(server: &Running, path: &str) -> Answer {
    answer(agent().get(&format!("{}{path}", server.url())).call().expect("request"))
}

/// GET `/api/search` with these parameters.
fn search(server: &Running, params: &[(&str, &str)]) -> Answer {
    let qs = serde_urlencoded::to_string(params).unwrap();
    get(server, &format!("/api/search?{qs}"))
}

fn error_of(a: &Answer, status: u16) -> Value {
    assert_eq!(a.status, status, "{}", a.body);
    assert!(a.content_type().starts_with("application/json"), "{}", a.content_type());
    let v = a.json();
    assert_eq!(v["error"]["status"], status, "{v}");
    assert!(!v["error"]["message"].as_str().unwrap_or("").is_empty(), "{v}");
    v["error"].clone()
}

#[test]
fn every_endpoint_answers() {
    let s = bundled_server();
    let index = bundled_index();

    let health = get(s, "/healthz");
    assert_eq!(health.status, 200);
    assert_eq!(health.json()["index"], "ready");

    let stats = get(s, "/api/stats").json();
    let want = index.stats().unwrap();
    assert_eq!(stats["transcripts"], want.transcripts);
    assert_eq!(stats["turns"], want.turns);
    assert_eq!(stats["format_version"], chancery::FORMAT_VERSION);

    let speakers = get(s, "/api/speakers").json();
    eqnice!(serde_json::to_value(index.speakers().unwrap()).unwrap(), speakers);
    assert!(speakers.as_array().unwrap().len() > 100);

    // A transcript id with slashes, as the search returns it.
    let id = "white-house/speeches-remarks/2021-03/2021-03-25-remarks-by-president-biden-in-press-conference";
    let t = get(s, &format!("/api/transcripts/{id}"));
    assert_eq!(t.status, 200);
    eqnice!(serde_json::to_value(index.transcript(id).unwrap()).unwrap(), t.json());

    let r = search(s, &[("q", "\"New START\""), ("facets", "speaker,month"), ("context", "1")]);
    assert_eq!(r.status, 200);
    assert_eq!(r.header("cache-control"), Some("no-store"));
    let v = r.json();
    assert!(v["total"].as_u64().unwrap() >= 5, "{v}");
    let hit = &v["hits"][0];
    assert!(hit["snippet"].as_str().unwrap().contains("<b>New</b> <b>START</b>"), "{hit}");
    assert!(v["facets"]["month"][0]["value"].as_str().unwrap().len() == 7);
}

/// The CLI's `--json` and the API's answer are the same document for the same request (all
/// but the time taken).
#[test]
fn api_and_cli_give_the_same_hits() {
    let s = bundled_server();
    let path = bundled_index().path().unwrap().to_path_buf();
    // API parameters, and the same request as CLI arguments.
    type Case<'a> = (&'a [(&'a str, &'a str)], &'a [&'a str]);
    let cases: &[Case] = &[
        (&[("q", "sanctions Venezuela")], &["sanctions Venezuela"]),
        (
            &[("q", "\"New START\""), ("facets", "speaker,year,topic"), ("context", "true")],
            &["\"New START\"", "--facets", "speaker,year,topic", "--context"],
        ),
        (
            &[("q", "election"), ("speaker", "Ned Price"), ("sort", "newest"), ("limit", "7")],
            &["election", "--speaker", "Ned Price", "--sort", "newest", "-n", "7"],
        ),
        (
            &[("q", "climate"), ("group_by", "transcript"), ("from", "2021"), ("to", "2021-12")],
            &["climate", "--group-by", "transcript", "--from", "2021", "--to", "2021-12"],
        ),
        (
            &[("topic", "arms control"), ("kind", "press briefing"), ("offset", "5")],
            &["", "--topic", "arms control", "--kind", "press briefing", "--offset", "5"],
        ),
    ];
    for (params, args) in cases {
        let mut api = search(s, params).json();
        let out = cmd(&util::root())
            .arg("--index")
            .arg(&path)
            .arg("search")
            .args(*args)
            .arg("--json")
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let mut cli: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert!(api["total"].as_u64().unwrap() > 0, "no hits for {params:?}");
        for v in [&mut api, &mut cli] {
            v.as_object_mut().unwrap().remove("took_ms");
        }
        eqnice!(cli, api);
    }
}

/// The research endpoints answer as `chancery kwic|trend|quote --json` do, and the export
/// streams the rows of `chancery search --all --format`.
#[test]
fn research_endpoints_are_the_cli_tools() {
    let s = bundled_server();
    let path = bundled_index().path().unwrap().to_path_buf();
    type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], &'a [&'a str]);
    let cases: &[Case] = &[
        (
            "kwic",
            &[("q", "New START"), ("sort", "left"), ("width", "30"), ("limit", "1000")],
            &["New START", "--sort", "left", "--width", "30", "-n", "1000"],
        ),
        (
            "trend",
            &[("q", "Taiwan"), ("q", "\"New START\""), ("by", "year"), ("split", "speaker-kind")],
            &["Taiwan", "\"New START\"", "--by", "year", "--split", "speaker-kind"],
        ),
        (
            "quote",
            &[("q", "we extended New START for five years"), ("limit", "3"), ("from", "2021")],
            &["we extended New START for five years", "-n", "3", "--from", "2021"],
        ),
    ];
    for (tool, params, args) in cases {
        let qs = serde_urlencoded::to_string(params).unwrap();
        let a = get(s, &format!("/api/{tool}?{qs}"));
        assert_eq!(a.status, 200, "{tool}: {}", a.body);
        let mut api = a.json();
        let out = cmd(&util::root())
            .arg("--index")
            .arg(&path)
            .arg(tool)
            .args(*args)
            .arg("--json")
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let mut cli: Value = serde_json::from_slice(&out.stdout).unwrap();
        for v in [&mut api, &mut cli] {
            v.as_object_mut().unwrap().remove("took_ms");
        }
        assert_ne!(api, serde_json::json!({}), "{tool}");
        eqnice!(cli, api);
    }

    // The export: every hit (no limit), as a download.
    let a = get(s, "/api/export?q=Ukraine+OR+Russia+OR+China&format=csv");
    assert_eq!(a.status, 200, "{}", a.body);
    assert!(a.content_type().starts_with("text/csv"), "{}", a.content_type());
    assert!(a.header("content-disposition").is_some_and(|d| d.contains("attachment")));
    let total = bundled_index()
        .search(&chancery::SearchRequest::new("Ukraine OR Russia OR China").limit(0))
        .unwrap()
        .total;
    assert!(total >= 3000, "{total}");
    let rows = csv::Reader::from_reader(a.body.as_bytes()).records().count();
    assert_eq!(rows, total);
    let a = get(s, "/api/export?q=%22New+START%22&limit=5");
    assert!(a.content_type().starts_with("application/x-ndjson"), "{}", a.content_type());
    assert_eq!(a.body.lines().count(), 5);

    // Parameters a tool would ignore, and bad values, are 400s naming them.
    for (path, what) in [
        ("/api/kwic?q=Iran&facets=speaker", "parameter"),
        ("/api/kwic?q=Iran&sort=sideways", "sort"),
        ("/api/kwic?q=Iran&limit=100000", "limit"),
        ("/api/kwic?q=", "q"),
        ("/api/trend?by=week&q=Iran", "by"),
        ("/api/trend?q=Iran&split=weather", "split"),
        ("/api/trend?from=2021", "q"),
        ("/api/quote?q=Iran&limit=1000", "limit"),
        ("/api/quote?q=%2C%2C", "q"),
        ("/api/export?q=Iran&format=xlsx", "format"),
        ("/api/export?q=Iran&group_by=transcript", "group_by"),
    ] {
        let e = error_of(&get(s, path), 400);
        assert!(e.to_string().contains(what), "{path}: {e}");
    }
}

#[test]
fn errors_are_json_with_fitting_statuses() {
    let s = bundled_server();

    // A malformed query: 400 with the position.
    let e = error_of(&search(s, &[("q", "speaker:(Lavrov")]), 400);
    assert_eq!(e["kind"], "query");
    assert_eq!(e["query"], "speaker:(Lavrov");
    assert!(e["position"].as_u64().is_some(), "{e}");
    // The same query, lenient (as the page sends while typing): 200.
    assert_eq!(search(s, &[("q", "speaker:(Lavrov"), ("lenient", "true")]).status, 200);

    // Malformed and unknown parameters name themselves.
    for (k, v, name) in [
        ("limit", "ten", "limit"),
        ("sort", "sideways", "sort"),
        ("facets", "colour", "facets"),
        ("from", "last week", "from"),
        ("to", "2021-13", "to"),
        ("colour", "blue", "parameter"),
    ] {
        let e = error_of(&search(s, &[("q", "iran"), (k, v)]), 400);
        assert_eq!(e["parameter"], name, "{k}={v}: {e}");
    }

    // A range that ends before it starts, in parameters or in the query.
    let e = error_of(&search(s, &[("q", "iran"), ("from", "2023"), ("to", "2021")]), 400);
    assert_eq!((e["parameter"].as_str(), e["value"].as_str()), (Some("to"), Some("2021")), "{e}");
    let e = error_of(&search(s, &[("q", "date:[2023 TO 2021]")]), 400);
    assert_eq!(e["position"], 14, "{e}");

    // A parameter that is not UTF-8 once decoded is refused, not searched as U+FFFD.
    let e = error_of(&get(s, "/api/search?q=ir%FFan"), 400);
    assert_eq!(e["parameter"], "q", "{e}");
    let e = error_of(&get(s, "/api/search?q=iran&speaker=%C3"), 400);
    assert_eq!(e["parameter"], "speaker", "{e}");

    // Limits.
    let long = "iran ".repeat(300);
    for (k, v) in [("q", long.as_str()), ("limit", "1000"), ("offset", "100000")] {
        let e = error_of(&search(s, &[("q", "iran"), (k, v)]), 400);
        assert_eq!(e["kind"], "limit", "{k}: {e}");
        assert_eq!(e["parameter"], k);
    }

    // Every value of a field, as `chancery values FIELD --json`; an unknown field is a 400.
    let v = get(s, "/api/values/kind").json();
    assert!(v.as_array().unwrap().iter().any(|k| k["value"] == "press briefing"), "{v}");
    let e = error_of(&get(s, "/api/values/colour"), 400);
    assert_eq!(e["parameter"], "field", "{e}");

    // Not found: a transcript, an API path, a page file; read-only.
    let e = error_of(&get(s, "/api/transcripts/state-department/no-such-briefing"), 404);
    assert_eq!(e["id"], "state-department/no-such-briefing");
    error_of(&get(s, "/api/nothing"), 404);
    error_of(&get(s, "/nothing.js"), 404);
    let post = agent().post(&format!("{}/api/search?q=iran", s.url())).send("").unwrap();
    error_of(&answer(post), 405);
}

#[test]
fn static_files_are_the_embedded_set_only() {
    let s = bundled_server();
    let page = get(s, "/");
    assert_eq!(page.status, 200);
    assert!(page.content_type().starts_with("text/html"));
    assert!(page.body.contains("<script src=\"/app.js\" defer></script>"));
    assert!(!page.body.contains("<script>"), "no inline script (the CSP forbids it)");
    let csp = page.header("content-security-policy").unwrap();
    assert!(csp.contains("script-src 'self'") && csp.contains("object-src 'none'"), "{csp}");
    assert_eq!(page.header("x-content-type-options"), Some("nosniff"));
    for (name, mime) in [("app.js", "text/javascript"), ("app.css", "text/css")] {
        let a = get(s, &format!("/{name}"));
        assert_eq!(a.status, 200, "{name}");
        assert!(a.content_type().starts_with(mime), "{name}: {}", a.content_type());
    }
    // Paths that would leave the embedded set, raw and encoded: never a file from disk.
    for path in [
        "/../Cargo.toml",
        "/..%2fCargo.toml",
        "/%2e%2e/Cargo.toml",
        "/src/lib.rs",
        "/app.js/..%2f..%2fCargo.toml",
        "/%2fetc%2fpasswd",
        "/Cargo.toml",
        "/index.html%00.js",
    ] {
        let a = get(s, path);
        assert_eq!(a.status, 404, "{path}: {}", a.body);
        assert!(!a.body.contains("[package]") && !a.body.contains("root:"), "{path}");
    }
}

#[test]
fn a_foreign_host_is_refused_on_loopback() {
    let s = bundled_server();
    let res = agent()
        .get(&format!("{}/api/stats", s.url()))
        .header("Host", "attacker.example:7878")
        .call()
        .unwrap();
    let e = error_of(&answer(res), 403);
    assert_eq!(e["kind"], "host");
    let res = agent().get(&format!("{}/healthz", s.url())).header("Host", "localhost").call();
    assert_eq!(res.unwrap().status(), 200);
}

/// No index yet: 503 with a message; once an ingest has committed, the same server answers.
#[test]
fn no_index_is_503_until_one_exists() {
    let dir = util::tempdir();
    let path = dir.path().join("index");
    let s = Running::start(LOOPBACK.parse().unwrap(), ServeOptions::new(&path)).unwrap();
    assert_eq!(get(&s, "/healthz").json()["index"], "missing");
    let e = error_of(&search(&s, &[("q", "iran")]), 503);
    assert_eq!(e["kind"], "no_index");
    assert!(e["message"].as_str().unwrap().contains("chancery ingest"), "{e}");
    error_of(&get(&s, "/api/stats"), 503);

    let index = chancery::Index::open_or_create(&path).unwrap();
    index
        .ingest(&[fixture("hostile/2022-07-12-department-press-briefing-with-markup.txt")])
        .unwrap();
    let v = search(&s, &[("q", "zanzibarite")]).json();
    assert_eq!(v["total"], 3, "{v}");
    s.stop().unwrap();
}

#[test]
fn a_request_over_its_budget_gets_503() {
    let path = bundled_index().path().unwrap().to_path_buf();
    let mut opts = ServeOptions::new(path);
    opts.budget = Duration::from_nanos(1);
    let s = Running::start(LOOPBACK.parse().unwrap(), opts).unwrap();
    let a = search(&s, &[("q", "the"), ("facets", "speaker,topic,country,kind,year,month")]);
    let e = error_of(&a, 503);
    assert_eq!(e["kind"], "timeout");
    assert_eq!(a.header("retry-after"), Some("1"));
    // The server is still there.
    assert_eq!(get(&s, "/healthz").status, 200);
}

/// Markup in transcripts reaches clients escaped in snippets (HTML) and as plain strings in
/// JSON; the page puts it in as text (the browser test checks that).
#[test]
fn markup_in_transcripts_is_escaped_in_snippets() {
    let dir = hostile_index();
    let s = Running::start(LOOPBACK.parse().unwrap(), ServeOptions::new(dir.path().join("index")))
        .unwrap();
    let v = search(&s, &[("q", "zanzibarite"), ("limit", "10")]).json();
    assert_eq!(v["total"], 3);
    for h in v["hits"].as_array().unwrap() {
        let snip = h["snippet"].as_str().unwrap();
        let without_marks = snip.replace("<b>", "").replace("</b>", "");
        assert!(!without_marks.contains('<') && !without_marks.contains('>'), "{snip}");
    }
    let all: String =
        v["hits"].as_array().unwrap().iter().map(|h| h["snippet"].as_str().unwrap()).collect();
    assert!(all.contains("&lt;script&gt;"), "{all}");
    assert!(all.contains("&lt;s&gt;Kayani&lt;/s&gt;"), "{all}");
    let id = v["hits"][0]["transcript_id"].as_str().unwrap().to_string();
    let t = get(&s, &format!("/api/transcripts/{id}"));
    assert!(t.content_type().starts_with("application/json"));
    assert!(t.json()["turns"][0]["text"].as_str().unwrap().contains("<script>"));
}

/// A client that sends half its headers, or stays idle after a request, is cut off after the
/// header timeout: it cannot hold a connection (or a shutdown) forever.
#[test]
fn slow_and_idle_connections_are_closed() {
    use std::io::{Read, Write};
    let path = bundled_index().path().unwrap().to_path_buf();
    let mut opts = ServeOptions::new(path);
    opts.header_timeout = Duration::from_millis(300);
    let s = Running::start(LOOPBACK.parse().unwrap(), opts).unwrap();
    let closed_within = |mut c: std::net::TcpStream| {
        c.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let start = std::time::Instant::now();
        let mut buf = [0u8; 4096];
        loop {
            match c.read(&mut buf) {
                Ok(0) | Err(_) => return start.elapsed(),
                Ok(_) => {}
            }
        }
    };
    let mut half = std::net::TcpStream::connect(s.addr()).unwrap();
    half.write_all(b"GET /healthz HTTP/1.1\r\nHost: loc").unwrap();
    let t = closed_within(half);
    assert!(t < Duration::from_secs(3), "a half-sent request held its connection {t:?}");
    let mut idle = std::net::TcpStream::connect(s.addr()).unwrap();
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
    let t = closed_within(idle);
    assert!(t < Duration::from_secs(3), "an idle keep-alive connection stayed open {t:?}");
    assert_eq!(get(&s, "/healthz").status, 200);
}

/// SIGTERM (systemd, `docker stop`) stops `chancery serve` with exit 0 within a few seconds,
/// even with a client that never finishes its request.
#[cfg(unix)]
#[test]
fn sigterm_stops_the_server_gracefully() {
    use std::io::{BufRead, Write};
    let dir = util::tempdir();
    let mut child = cmd(dir.path())
        .arg("--index")
        .arg(bundled_index().path().unwrap())
        .args(["serve", "--bind", "127.0.0.1:0"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    err.read_line(&mut line).unwrap();
    let addr = line.split("http://").nth(1).and_then(|r| r.split('/').next()).unwrap().to_string();
    let mut slow = std::net::TcpStream::connect(&addr).unwrap();
    slow.write_all(b"GET /api/search?q=iran HTTP/1.1\r\nHost: loc").unwrap();
    let ok = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(ok.success());
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(start.elapsed() < Duration::from_secs(8), "still running after SIGTERM");
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut err, &mut rest).unwrap();
    assert_eq!(status.code(), Some(0), "{rest}");
    assert!(rest.contains("stopped"), "{rest}");
    drop(slow);
}
