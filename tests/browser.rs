//! The search page in a real headless Chromium, driven through WebDriver (chromedriver +
//! fantoccini): type a query, see hits, click a speaker facet, see only that speaker's turns,
//! open a transcript at the turn with its question above it, go back with the keyboard, and
//! check that markup in a transcript stays text. Screenshots go to `target/e2e/`.
//!
//! Needs Debian's `chromium` and `chromium-driver` (`.ci/run` installs them), so it is an
//! ignored test that `cargo test` lists as such; `cargo test -- --ignored` runs it (`.ci/run`
//! does), and then a missing browser is a failure.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use chancery::{Running, ServeOptions};
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

use crate::serve::{bundled_server, hostile_index};
use crate::util;

fn program(var: &str, default: &str) -> Option<PathBuf> {
    let p = std::env::var_os(var).map_or_else(|| PathBuf::from(default), PathBuf::from);
    p.exists().then_some(p)
}

/// chromedriver on a free loopback port, killed when dropped.
struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    fn start(exe: &PathBuf) -> Driver {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new(exe)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let start = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(start.elapsed() < Duration::from_secs(30), "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        Driver { child, port }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn browser(driver: &Driver, chromium: &PathBuf, profile: &std::path::Path) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": chromium,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-quic", "--window-size=1280,1000",
                format!("--user-data-dir={}", profile.display()),
            ],
        }),
    );
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("WebDriver session")
}

/// Evaluates a JavaScript expression in the page.
async fn js(c: &Client, expr: &str) -> Value {
    c.execute(&format!("return ({expr});"), vec![]).await.expect("execute script")
}

/// Waits until a JavaScript expression is truthy (10 s at most).
async fn until(c: &Client, what: &str, expr: &str) {
    let start = Instant::now();
    loop {
        let v = js(c, expr).await;
        if v.as_bool() == Some(true) {
            return;
        }
        if start.elapsed() > Duration::from_secs(10) {
            let status = js(c, "document.getElementById('status').textContent").await;
            panic!("waited 10 s for {what} ({expr}); status line: {status}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn screenshot(c: &Client, name: &str) -> PathBuf {
    let dir = util::root().join("target/e2e");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, c.screenshot().await.expect("screenshot")).unwrap();
    path
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium and chromium-driver; run with `cargo test -- --ignored`"]
async fn search_filter_and_read_in_a_browser() {
    let (Some(driver_exe), Some(chromium)) = (
        program("CHROMEDRIVER", "/usr/bin/chromedriver"),
        program("CHROMIUM", "/usr/bin/chromium"),
    ) else {
        panic!("chromium or chromedriver is not installed (Debian: apt-get install chromium chromium-driver)");
    };
    let server = tokio::task::spawn_blocking(|| bundled_server().url()).await.unwrap();
    let hostile_dir = hostile_index();
    let hostile = Running::start(
        "127.0.0.1:0".parse().unwrap(),
        ServeOptions::new(hostile_dir.path().join("index")),
    )
    .unwrap();
    let driver = Driver::start(&driver_exe);
    let profile = util::tempdir();
    let c = browser(&driver, &chromium, profile.path()).await;

    // `/` focuses the box; typing searches (debounced, no Enter needed).
    c.goto(&format!("{server}/")).await.unwrap();
    until(
        &c,
        "the welcome line",
        "document.getElementById('status').textContent.includes('indexed')",
    )
    .await;
    js(&c, "document.activeElement.blur()").await;
    c.find(Locator::Css("body")).await.unwrap().send_keys("/").await.unwrap();
    until(&c, "the box to have focus", "document.activeElement.id === 'q'").await;
    // Typed letter by letter, an unfinished last word already finds its turns.
    for ch in "Nord Stre".chars() {
        c.active_element().await.unwrap().send_keys(&ch.to_string()).await.unwrap();
        tokio::time::sleep(Duration::from_millis(40)).await;
    }
    until(
        &c,
        "hits for the unfinished word",
        "document.querySelectorAll('#hits .hit').length > 0 \
        && [...document.querySelectorAll('#hits mark')].some(m => /^stre/i.test(m.textContent))",
    )
    .await;
    js(&c, "document.getElementById('q').value = ''").await;
    c.active_element().await.unwrap().send_keys("\"New START\"").await.unwrap();
    until(&c, "the state in the URL", "location.search.includes('q=%22New+START%22')").await;
    // The hits of the last query typed replace the previous ones when its answer comes: wait
    // for them, not for any hits (those of `Nord Stre` are still on the page meanwhile).
    until(
        &c,
        "hits with the phrase marked",
        "[...document.querySelectorAll('#hits mark')].some(m => m.textContent === 'START')",
    )
    .await;
    until(&c, "the timeline", "!document.getElementById('timeline').hidden").await;
    let shot = screenshot(&c, "search.png").await;
    eprintln!("screenshot: {}", shot.display());

    // Click the second speaker in the facet list: only that speaker's turns remain.
    let facets =
        c.find_all(Locator::Css("#facets button.facet[data-facet='speaker']")).await.unwrap();
    assert!(facets.len() >= 2, "speaker facets: {}", facets.len());
    let name = facets[1].attr("data-value").await.unwrap().unwrap();
    facets[1].click().await.unwrap();
    let only = format!(
        "location.search.includes('speaker=') && document.querySelectorAll('#hits .hit').length > 0 \
         && [...document.querySelectorAll('#hits .hit .who .speaker')].every(b => b.textContent === {})",
        serde_json::to_string(&name).unwrap()
    );
    until(&c, "only the chosen speaker's turns", &only).await;
    let chip = js(&c, "document.getElementById('chips').textContent").await;
    assert!(chip.as_str().unwrap().contains(&name), "{chip}");

    // Back to all speakers, then the keyboard: ArrowDown selects the first hit, Enter opens it.
    c.back().await.unwrap();
    until(&c, "the filter to go", "!location.search.includes('speaker=')").await;
    until(&c, "several speakers again", "new Set([...document.querySelectorAll('#hits .hit .who .speaker')].map(b => b.textContent)).size > 1").await;
    let q = c.find(Locator::Id("q")).await.unwrap();
    q.click().await.unwrap();
    q.send_keys(&Key::Down).await.unwrap();
    until(&c, "a selected hit", "document.querySelector('#hits .hit.selected') !== null").await;
    let first = js(&c, "document.querySelector('#hits .hit.selected .title').textContent").await;
    c.active_element().await.unwrap().send_keys(&Key::Enter).await.unwrap();
    until(&c, "the transcript", "document.querySelector('#reader .turn.target') !== null").await;
    let title = js(&c, "document.querySelector('#reader h1').textContent").await;
    assert_eq!(title, first);
    until(
        &c,
        "the state in the URL",
        "location.search.includes('t=') && location.search.includes('turn=')",
    )
    .await;
    // The hit's turn is on screen, and the question it answers is above it.
    let shown = js(
        &c,
        "(() => { const t = document.querySelector('#reader .turn.target').getBoundingClientRect(); \
         return t.top < innerHeight && t.bottom > 0; })()",
    )
    .await;
    assert_eq!(shown, true, "the hit's turn is not in view");
    let asked = js(
        &c,
        "(() => { const a = document.querySelector('#reader .turn.asked'); \
         const t = document.querySelector('#reader .turn.target'); \
         return a ? a.getBoundingClientRect().top < t.getBoundingClientRect().top \
                    && a.getBoundingClientRect().bottom > 0 : null; })()",
    )
    .await;
    assert_eq!(asked, true, "the question should be above the answer, in view");
    let marked = js(
        &c,
        "[...document.querySelectorAll('#reader .turn.target mark')].map(m => m.textContent)",
    )
    .await;
    assert!(marked.as_array().unwrap().iter().any(|m| m == "START"), "{marked}");
    screenshot(&c, "transcript.png").await;

    // A shared URL opens the same transcript at the same turn.
    let url = c.current_url().await.unwrap();
    c.goto(url.as_str()).await.unwrap();
    until(&c, "the shared transcript", "document.querySelector('#reader .turn.target') !== null")
        .await;
    assert_eq!(js(&c, "document.querySelector('#reader h1').textContent").await, title);
    assert_eq!(js(&c, "document.getElementById('q').value").await, "\"New START\"");

    // Escape goes back to the results.
    c.find(Locator::Css("body")).await.unwrap().send_keys(&Key::Escape).await.unwrap();
    until(&c, "the results", "!document.getElementById('results').hidden && document.querySelectorAll('#hits .hit').length > 0").await;

    // The research views, over the same query. The hits offer a download of all of them.
    until(&c, "the download link", "!document.getElementById('download').hidden").await;
    let href = js(&c, "document.getElementById('download').getAttribute('href')").await;
    assert!(href.as_str().unwrap().starts_with("/api/export?q=%22New+START%22"), "{href}");
    let csv_rows = js(&c, "document.getElementById('download').textContent").await;
    assert!(csv_rows.as_str().unwrap().contains("Download 13 results"), "{csv_rows}");
    // Concordance: one line per occurrence, sortable by the word before.
    js(&c, "window.scrollTo(0, 0) || true").await;
    c.find(Locator::Css("#views a[data-view=kwic]")).await.unwrap().click().await.unwrap();
    until(&c, "the concordance", "document.querySelectorAll('#kwic tr').length === 17").await;
    assert_eq!(
        js(&c, "document.querySelector('#kwic tr .kw').textContent.toLowerCase()").await,
        "new start"
    );
    c.find(Locator::LinkText("word before")).await.unwrap().click().await.unwrap();
    until(&c, "the sort in the URL", "location.search.includes('ksort=left')").await;
    until(&c, "the sorted lines", "document.querySelector('#views a.active').dataset.view === 'kwic' && document.querySelectorAll('#kwic tr').length === 17 && !!document.querySelector('.choice b') && document.querySelector('.choice b').textContent === 'word before'").await;
    screenshot(&c, "kwic.png").await;
    c.find(Locator::Css("#kwic tr")).await.unwrap().click().await.unwrap();
    until(
        &c,
        "the transcript at the line's turn",
        "document.querySelector('#reader .turn.target') !== null",
    )
    .await;
    // Trend: a line per term.
    c.goto(&format!("{server}/?view=trend&q=Taiwan%2C+Ukraine")).await.unwrap();
    until(
        &c,
        "the trend chart",
        "document.querySelectorAll('#trend-chart polyline.series').length === 2",
    )
    .await;
    let legend = js(&c, "document.querySelector('.legend').textContent").await;
    assert!(
        legend.as_str().unwrap().contains("Taiwan") && legend.as_str().unwrap().contains("Ukraine"),
        "{legend}"
    );
    screenshot(&c, "trend.png").await;
    // Quote check: the record against a quote with a word changed.
    c.goto(&format!("{server}/?view=quote&q=we+extended+New+START+for+ten+years")).await.unwrap();
    until(&c, "the quote check", "document.querySelectorAll('#quote-hits .quote-hit').length > 0")
        .await;
    let first = js(&c, "[...document.querySelectorAll('#quote-hits .quote-hit:first-child .diff ins')].map(e => e.textContent).join('|')").await;
    assert!(first.as_str().unwrap().contains("ten"), "{first}");
    screenshot(&c, "quote.png").await;

    // Markup in a transcript is text: nothing runs, no element is made from it.
    c.goto(&format!("{}/?q=zanzibarite", hostile.url())).await.unwrap();
    until(&c, "the three turns", "document.querySelectorAll('#hits .hit').length === 3").await;
    let hits = js(&c, "document.getElementById('hits').textContent").await;
    assert!(hits.as_str().unwrap().contains("<script>"), "{hits}");
    assert!(hits.as_str().unwrap().contains("<s>Kayani</s>"), "{hits}");
    c.find(Locator::Css("#hits .hit .title")).await.unwrap().click().await.unwrap();
    until(&c, "the transcript", "document.querySelectorAll('#reader .turn').length === 3").await;
    let reader = js(&c, "document.getElementById('reader').textContent").await;
    assert!(reader.as_str().unwrap().contains("<script>window.__pwned = 1</script>"), "{reader}");
    assert!(reader.as_str().unwrap().contains("<iframe src=\"javascript:"), "{reader}");
    let injected = js(
        &c,
        "document.querySelectorAll('#hits script, #hits img, #hits iframe, #hits s, \
         #reader script, #reader img, #reader iframe, #reader s').length",
    )
    .await;
    assert_eq!(injected, 0);
    assert_eq!(js(&c, "window.__pwned === undefined").await, true);
    screenshot(&c, "markup.png").await;

    // A source URL that is not http(s) is never a link.
    c.goto(&format!("{}/?q=quokkalite", hostile.url())).await.unwrap();
    until(&c, "the briefing's hits", "document.querySelectorAll('#hits .hit').length > 0").await;
    c.find(Locator::Css("#hits .hit .title")).await.unwrap().click().await.unwrap();
    until(&c, "the briefing", "document.querySelectorAll('#reader .turn').length === 3").await;
    let links = js(
        &c,
        "[...document.querySelectorAll('a[href]')].filter(a => !/^(https?:|\\/|\\?|#)/i.test(a.getAttribute('href') || '')).length",
    )
    .await;
    assert_eq!(links, 0, "a link that is not a web address");
    assert_eq!(js(&c, "document.querySelector('#reader .src') === null").await, true);

    c.close().await.unwrap();
    drop(driver);
    hostile.stop().unwrap();
}
