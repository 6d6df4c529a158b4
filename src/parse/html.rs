//! Web pages as people save them: the page's transcript as paragraphs of plain text.
//!
//! The page is parsed by html5ever (through `scraper`), the parser of Servo, which follows
//! the WHATWG algorithm browsers use: unclosed `<P>`, upper-case tags, unquoted attributes,
//! Word's `<o:p>` and stray end tags are read as a browser reads them, and every entity is
//! decoded. Then the transcript's content element is chosen (the site's known content
//! element, else `<article>`/`<main>`, else the body), page furniture inside it is dropped
//! (scripts, navigation, forms, share and "related" blocks), and its text is laid out as
//! paragraphs: one per block element, a blank line between, `<br>` a line break and two of
//! them a paragraph break, as the page shows it.

use std::path::Path;

use scraper::node::Node;
use scraper::{ElementRef, Html};

use crate::text::is_space;

/// A page read as text.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// The page's title: the `<h1>`/`<h2 class="title">` over the content, else `<title>`.
    pub title: String,
    /// The content's paragraphs, in order, whitespace collapsed (NBSP kept as NBSP).
    pub paragraphs: Vec<Paragraph>,
    /// Which content element was chosen (`div.content`, `article`, `body`), for messages.
    pub content: &'static str,
    /// The `src` of each image in the content, in order (some sites date their photos).
    pub images: Vec<String>,
}

/// One paragraph of a page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Paragraph {
    /// The text; lines broken by `<br>` are joined by `\n`.
    pub text: String,
    /// True when the paragraph's first words are bold (`<b>`, `<strong>`): some sites set
    /// questions in bold and answers in plain type.
    pub bold_start: bool,
}

impl Page {
    /// The page as plain text: the title, then the paragraphs, a blank line between each.
    pub fn to_text(&self) -> String {
        let mut out = String::with_capacity(
            self.title.len() + self.paragraphs.iter().map(|p| p.text.len() + 2).sum::<usize>(),
        );
        out.push_str(&self.title);
        for p in &self.paragraphs {
            out.push_str("\n\n");
            out.push_str(&p.text);
        }
        out
    }
}

/// True for a file that is a web page: by extension (`.html`, `.htm`, `.xhtml`), or by a
/// document that opens (after a BOM, blanks and comments) with `<!DOCTYPE html` or `<html`.
pub fn detect(path: &Path, text: &str) -> bool {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    if matches!(ext.as_str(), "html" | "htm" | "xhtml") {
        return true;
    }
    let mut rest = text.trim_start_matches(is_space);
    if rest.starts_with("<?xml") {
        rest = rest.find("?>").map_or("", |i| rest[i + 2..].trim_start_matches(is_space));
    }
    while let Some(r) = rest.strip_prefix("<!--") {
        rest = r.find("-->").map_or("", |i| r[i + 3..].trim_start_matches(is_space));
    }
    let head: String = rest.chars().take(14).collect::<String>().to_ascii_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html")
}

/// Content elements of sites whose pages chancery knows, tried first, then the generic ones.
/// (class or id, label for messages)
const CONTENT: &[(&str, &str, &str)] = &[
    // fmprc.gov.cn: `<div class="content">` inside `<div class="content_mod">`.
    ("div", "content", "div.content"),
    // Obama-era whitehouse.gov.
    ("div", "field-name-field-forall-body", "div.field-name-field-forall-body"),
    // WordPress, today's whitehouse.gov and state.gov.
    ("div", "entry-content", "div.entry-content"),
    ("section", "entry-content", "section.entry-content"),
];

/// Elements whose contents are never transcript text.
fn is_furniture_tag(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "nav"
            | "header"
            | "footer"
            | "aside"
            | "form"
            | "button"
            | "select"
            | "textarea"
            | "iframe"
            | "svg"
            | "object"
            | "head"
            | "title"
            | "strike"
            | "s"
            | "del"
    )
}

/// Class or id words that mark page furniture inside a content element.
const FURNITURE_WORDS: &[&str] =
    &["share", "social", "breadcrumb", "related", "menu", "navigation", "newsletter", "sidebar"];

fn is_furniture(el: &scraper::node::Element) -> bool {
    if is_furniture_tag(el.name()) {
        return true;
    }
    if el.attr("hidden").is_some() || el.attr("aria-hidden") == Some("true") {
        return true;
    }
    let marks = |v: Option<&str>| {
        v.is_some_and(|v| {
            let v = v.to_ascii_lowercase();
            FURNITURE_WORDS.iter().any(|w| v.contains(w))
        })
    };
    marks(el.attr("class")) || marks(el.attr("id"))
}

/// Elements that start and end a paragraph.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "table"
            | "tr"
            | "td"
            | "th"
            | "blockquote"
            | "section"
            | "article"
            | "main"
            | "pre"
            | "center"
            | "hr"
            | "address"
            | "figure"
            | "figcaption"
    )
}

/// Reads a page.
pub fn read(html: &str) -> Page {
    let doc = Html::parse_document(html);
    let (content, label) = find_content(&doc);
    let mut page = Page { content: label, ..Page::default() };
    page.title = title(&doc, content);
    let mut w = Writer::default();
    w.walk(content, false);
    w.end_paragraph();
    page.paragraphs = w.paragraphs;
    page.images = w.images;
    // A content element that repeats the title as its first paragraph (`<h1>` inside it).
    if page.paragraphs.first().is_some_and(|p| collapse_ws(&p.text) == page.title) {
        page.paragraphs.remove(0);
    }
    page
}

fn has_class(el: &scraper::node::Element, class: &str) -> bool {
    el.attr("class").is_some_and(|c| c.split_ascii_whitespace().any(|w| w == class))
}

fn find_content(doc: &Html) -> (ElementRef<'_>, &'static str) {
    let elements = || doc.root_element().descendants().filter_map(ElementRef::wrap);
    for (tag, class, label) in CONTENT {
        if let Some(el) =
            elements().find(|e| e.value().name() == *tag && has_class(e.value(), class))
        {
            return (el, label);
        }
    }
    for tag in ["article", "main"] {
        if let Some(el) = elements().find(|e| e.value().name() == tag) {
            return (el, if tag == "article" { "article" } else { "main" });
        }
    }
    if let Some(el) = elements().find(|e| e.value().attr("role") == Some("main")) {
        return (el, "[role=main]");
    }
    match elements().find(|e| e.value().name() == "body") {
        Some(b) => (b, "body"),
        None => (doc.root_element(), "html"),
    }
}

fn text_of(el: ElementRef) -> String {
    collapse_ws(&el.text().collect::<String>())
}

/// The title: a heading marked as the title, else the last `<h1>` before the content, else
/// `<title>` (with any ` | Site name` tail dropped when an `<h1>` is missing).
fn title(doc: &Html, content: ElementRef) -> String {
    let mut h1 = None;
    let mut marked = None;
    let mut head = None;
    for el in doc.root_element().descendants().filter_map(ElementRef::wrap) {
        if el.id() == content.id() {
            break;
        }
        let v = el.value();
        match v.name() {
            "title" if head.is_none() => head = Some(text_of(el)),
            "h1" => h1 = Some(text_of(el)).filter(|t| !t.is_empty()),
            "h2" | "h3" if marked.is_none() && has_class(v, "title") => {
                marked = Some(text_of(el)).filter(|t| !t.is_empty())
            }
            _ => {}
        }
    }
    if marked.is_none() && h1.is_none() {
        // The content's own first heading.
        h1 = content
            .descendants()
            .filter_map(ElementRef::wrap)
            .find(|e| e.value().name() == "h1")
            .map(text_of)
            .filter(|t| !t.is_empty());
    }
    marked.or(h1).or(head).unwrap_or_default()
}

/// Collapses ASCII whitespace runs (HTML's inter-element whitespace) to one space, keeping
/// NBSP, which the transcript parsers read as a space where it matters.
fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_ascii_whitespace() {
            space = !out.is_empty();
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    out
}

/// Lays out the text of an element tree as paragraphs.
#[derive(Default)]
struct Writer {
    paragraphs: Vec<Paragraph>,
    cur: String,
    /// A space is owed before the next word of the current line.
    space: bool,
    /// `<br>`s since the last text: two or more end the paragraph.
    breaks: usize,
    bold_start: Option<bool>,
    images: Vec<String>,
}

impl Writer {
    fn walk(&mut self, el: ElementRef, bold: bool) {
        for child in el.children() {
            match child.value() {
                Node::Text(t) => self.text(t, bold),
                Node::Element(e) => {
                    let Some(child) = ElementRef::wrap(child) else { continue };
                    let name = e.name();
                    if is_furniture(e) {
                        continue;
                    }
                    if name == "br" {
                        self.line_break();
                        continue;
                    }
                    if name == "img" {
                        self.images.extend(e.attr("src").map(str::to_string));
                        continue;
                    }
                    let bold = bold || matches!(name, "b" | "strong");
                    if is_block(name) {
                        self.end_paragraph();
                        self.walk(child, bold);
                        self.end_paragraph();
                    } else {
                        self.walk(child, bold);
                    }
                }
                _ => {}
            }
        }
    }

    fn text(&mut self, t: &str, bold: bool) {
        for c in t.chars() {
            if c.is_ascii_whitespace() {
                self.space = !self.cur.is_empty() && !self.cur.ends_with('\n');
                continue;
            }
            if self.breaks > 0 {
                if self.breaks >= 2 {
                    self.end_paragraph();
                } else if !self.cur.is_empty() {
                    self.cur.push('\n');
                }
                self.breaks = 0;
                self.space = false;
            }
            if self.bold_start.is_none() && c != '\u{a0}' {
                self.bold_start = Some(bold);
            }
            if self.space {
                self.cur.push(' ');
                self.space = false;
            }
            self.cur.push(c);
        }
    }

    fn line_break(&mut self) {
        // A line holding only NBSP between two `<br>`s is a blank line too.
        if !self.cur.is_empty()
            && self.cur.rsplit('\n').next().is_some_and(|l| l.chars().all(is_space))
        {
            let keep = self.cur.rfind('\n').unwrap_or(0);
            self.cur.truncate(keep);
            self.breaks += 1;
        }
        self.breaks += 1;
        self.space = false;
    }

    fn end_paragraph(&mut self) {
        let text = self.cur.trim_end_matches(is_space);
        if !text.chars().all(is_space) {
            let text = text.trim_start_matches(is_space).to_string();
            self.paragraphs.push(Paragraph { text, bold_start: self.bold_start.unwrap_or(false) });
        }
        self.cur.clear();
        self.space = false;
        self.breaks = 0;
        self.bold_start = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(p: &Page) -> Vec<&str> {
        p.paragraphs.iter().map(|p| p.text.as_str()).collect()
    }

    #[test]
    fn detects_by_extension_and_content() {
        assert!(detect(Path::new("a.HTM"), ""));
        assert!(detect(Path::new("a.txt"), "\u{feff}<!DOCTYPE html><html>"));
        assert!(detect(Path::new("a"), "<?xml version=\"1.0\"?>\n<!-- saved -->\n<HTML><body>"));
        assert!(!detect(Path::new("a.txt"), "MR PRICE: <html> is a tag"));
    }

    #[test]
    fn paragraphs_breaks_entities_and_furniture() {
        let p = read(
            "<html><head><title>T | Site</title><style>p{}</style></head><body>\
             <nav>Home</nav><h1>The Title</h1><article><P>MR. X:&nbsp;Hello &amp;\n welcome.\
             <P><B>Q</B><B>: Why</B> now?<div class=share-links>Share</div>\
             <p>One.<br/><br/>Two.<br>\u{a0}<br>Three<br>and four.</p><script>x()</script>\
             <p>Not <strike>old</strike> new.</p><p>&nbsp;</p></article><footer>(c)</footer>",
        );
        assert_eq!(p.title, "The Title");
        assert_eq!(p.content, "article");
        assert_eq!(
            texts(&p),
            [
                "MR. X:\u{a0}Hello & welcome.",
                "Q: Why now?",
                "One.",
                "Two.",
                "Three\nand four.",
                "Not new."
            ]
        );
        assert!(p.paragraphs[1].bold_start);
        assert!(!p.paragraphs[0].bold_start);
    }

    #[test]
    fn known_content_elements_win_over_the_body() {
        let p = read(
            "<html><body><div class=menu>Spokesperson Hua Chunying</div>\
             <h2 class=\"title\">Regular Press Conference on May 2, 2019</h2>\
             <div class=\"content\"><P>Text.</P></div><div>Related News</div></body></html>",
        );
        assert_eq!(p.title, "Regular Press Conference on May 2, 2019");
        assert_eq!(texts(&p), ["Text."]);
        assert_eq!(p.to_text(), "Regular Press Conference on May 2, 2019\n\nText.");
    }
}
