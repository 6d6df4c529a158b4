//! White House pages: YAML front matter (`date`, `source_url`, `tags`, `title`), then
//! hard-wrapped Markdown: venue lines, a time line, labelled turns, often `END 3:20 P.M. EDT`.
//!
//! Any Markdown file with front matter is read here: the layout is generic enough (a title
//! and a date in the front matter, paragraphs with labels or not).

use std::path::Path;

use yaml_rust2::{Yaml, YamlLoader};

use super::header::read_header_lines;
use super::html::Page;
use super::labelled::{self, Style};
use super::{Header, Parsed};
use crate::date;
use crate::model::{Speaker, Transcript, Turn};
use crate::parse::labels;
use crate::text::{self, is_space};
use crate::{Error, Result};

/// Files that open with a `---` front matter block.
pub fn detect(_path: &Path, text: &str) -> bool {
    split_front_matter(text).is_some()
}

/// Splits `---\nyaml\n---\nbody` into the YAML, the body and the body's first line number.
fn split_front_matter(text: &str) -> Option<(&str, &str, usize)> {
    let rest = text.strip_prefix("---")?;
    let rest = rest
        .strip_prefix('\n')
        .or_else(|| rest.trim_start_matches([' ', '\t']).strip_prefix('\n'))?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" || line.trim_end() == "..." {
            let yaml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            let body_line = 2 + yaml.matches('\n').count() + 1;
            return Some((yaml, body, body_line));
        }
        offset += line.len();
    }
    None
}

fn yaml_str(doc: &Yaml, key: &str) -> Option<String> {
    match &doc[key] {
        Yaml::String(s) => Some(text::collapse(s)),
        Yaml::Integer(i) => Some(i.to_string()),
        Yaml::Real(r) => Some(r.clone()),
        _ => None,
    }
}

/// Removes Markdown escapes, emphasis markers, link targets and HTML tags, line by line.
pub fn clean_markdown(line: &str) -> std::borrow::Cow<'_, str> {
    if !line.bytes().any(|b| matches!(b, b'\\' | b'<' | b'*' | b'_')) {
        return std::borrow::Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(&n) = chars.peek() {
                    if n.is_ascii_punctuation() {
                        out.push(n);
                        chars.next();
                        continue;
                    }
                }
                out.push(c);
            }
            '<' => {
                // An HTML tag or an autolink: drop the tag, keep an autolink's address.
                let rest: String = chars.clone().take(200).collect();
                if let Some(end) = rest.find('>') {
                    let inner = &rest[..end];
                    let is_tag = inner.starts_with('/')
                        && inner[1..].chars().all(|c| c.is_ascii_alphanumeric())
                        || inner.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                            && !inner.contains("://")
                            && inner
                                .chars()
                                .all(|c| c.is_ascii_alphanumeric() || " =\"'-_/:.;".contains(c));
                    if is_tag {
                        for _ in 0..=end {
                            chars.next();
                        }
                        continue;
                    }
                    if inner.contains("://") {
                        out.push_str(inner);
                        for _ in 0..=end {
                            chars.next();
                        }
                        continue;
                    }
                }
                out.push(c);
            }
            '*' | '_' if chars.peek() == Some(&c) => {
                chars.next();
            }
            '*' => {}
            _ => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

fn is_rule(line: &str) -> bool {
    let t = line.trim_matches(is_space);
    t.len() >= 3 && t.chars().all(|c| matches!(c, '_' | '-' | '*' | '=' | ' '))
}

/// Parses a White House page.
pub fn parse(path: &Path, text: &str) -> Result<Parsed> {
    let Some((yaml, body, body_line)) = split_front_matter(text) else {
        return Err(Error::parse(path, 1, "front matter opened with `---` is never closed"));
    };
    let docs = YamlLoader::load_from_str(yaml).map_err(|e| {
        Error::parse(
            path,
            e.marker().line() + 1,
            format!("front matter is not valid YAML: {}", e.info()),
        )
    })?;
    let doc = docs.into_iter().next().unwrap_or(Yaml::Null);
    let mut tr = Transcript::default();
    let mut header = Header::default();
    tr.title = yaml_str(&doc, "title").unwrap_or_default();
    tr.source.url = yaml_str(&doc, "source_url").or_else(|| yaml_str(&doc, "url"));
    tr.date =
        yaml_str(&doc, "date").and_then(|d| date::parse_date(&d).or_else(|| date::find_date(&d)));
    if tr.date.is_none() {
        tr.date =
            yaml_str(&doc, "published_time").and_then(|d| d.get(..10).and_then(date::parse_date));
    }
    match &doc["tags"] {
        Yaml::String(s) => header.tags.push(s.clone()),
        Yaml::Array(a) => {
            header.tags.extend(a.iter().filter_map(|t| t.as_str().map(str::to_string)))
        }
        _ => {}
    }

    // Clean the Markdown line by line, keeping line numbers for paragraphs.
    let cleaned: Vec<std::borrow::Cow<str>> = body
        .split('\n')
        .map(clean_markdown)
        .map(|l| if is_rule(&l) { std::borrow::Cow::Borrowed("") } else { l })
        .collect();
    let joined = cleaned.join("\n");
    let mut paras = text::paragraphs(&joined);
    for p in &mut paras {
        p.line += body_line - 1;
    }
    let body_date = read_body(&paras, &mut tr, &mut header);
    tr.date = tr.date.or(body_date);
    if tr.title.is_empty() {
        tr.title =
            path.file_stem().map(|s| s.to_string_lossy().replace('-', " ")).unwrap_or_default();
    }
    Ok(Parsed { transcript: tr, header, un: None })
}

/// Reads the paragraphs after the title: header lines (venue, time), then labelled turns,
/// or one unlabelled turn when no paragraph opens with a label.
fn read_body(paras: &[text::Para], tr: &mut Transcript, header: &mut Header) -> Option<String> {
    let style = Style { bare_q: true, ..labelled::style_of(paras, true) };
    let split = labelled::split_at_labels(paras, style);
    let paras = split.as_deref().unwrap_or(paras);
    let first_turn = paras
        .iter()
        .position(|p| labelled::label_of(p.lines[0], style).is_some())
        .unwrap_or(paras.len());
    let title_lower = tr.title.to_lowercase();
    let lines: Vec<String> = paras[..first_turn]
        .iter()
        .flat_map(|p| p.lines.iter().map(|l| text::collapse(l)))
        .map(|l| l.trim_matches(|c| c == '(' || c == ')').to_string())
        .filter(|l| {
            let upper = l.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase);
            let words = l.split_whitespace().count();
            !(title_lower.contains(&l.to_lowercase()) || upper && words > 4)
        })
        .collect();
    if first_turn == paras.len() {
        // No labels: a statement or a speech without turns. The header lines are kept
        // only where they are short; the rest is one unlabelled turn.
        let (head, rest): (Vec<_>, Vec<_>) = paras.iter().partition(|p| {
            let j = p.joined();
            j.len() < 60 && !j.ends_with('.')
        });
        let head_lines: Vec<String> = head.iter().map(|p| p.joined()).collect();
        read_header_lines(&head_lines, tr, header);
        let text = rest.iter().map(|p| p.joined()).collect::<Vec<_>>().join("\n\n");
        if !text.is_empty() {
            tr.turns.push(Turn { index: 0, speaker: Speaker::default(), text, ..Turn::default() });
        }
    } else {
        read_header_lines(&lines, tr, header);
        let body = labelled::parse_body(&paras[first_turn..], style);
        tr.turns = body.turns;
        tr.footnotes = body.footnotes;
        return body.date;
    }
    None
}

/// Pages of whitehouse.gov saved as HTML: the Obama-era body element, or any page whose
/// turns are White House style (bare `Q` reporters and at least one upper-case label).
pub fn detect_page(page: &Page) -> bool {
    if page.content == "div.field-name-field-forall-body" {
        return true;
    }
    let q =
        page.paragraphs.iter().filter(|p| labels::q_label(&p.text).is_some_and(|r| !r.is_empty()));
    let labels = page.paragraphs.iter().filter(|p| labels::label(&p.text, false).is_some());
    q.count() >= 2 && labels.count() >= 1
}

/// Parses a White House page saved as HTML. The date is the title's (`Press Briefing
/// 1/22/09`, `... | January 26, 2015`), else a date line at the top of the body, else a
/// date the file name starts with.
pub fn parse_page(path: &Path, page: &Page) -> Result<Parsed> {
    let mut tr = Transcript { title: text::collapse(&page.title), ..Transcript::default() };
    let mut header = Header::default();
    tr.date = date::find_date(&tr.title).or_else(|| date::find_numeric_date(&tr.title));
    let joined = page.paragraphs.iter().map(|p| p.text.as_str()).collect::<Vec<_>>().join("\n\n");
    let paras = text::paragraphs(&joined);
    let body_date = read_body(&paras, &mut tr, &mut header);
    if tr.date.is_none() {
        tr.date = body_date.or_else(|| date::date_in_file_name(path));
    }
    if tr.title.is_empty() {
        tr.title =
            path.file_stem().map(|s| s.to_string_lossy().replace('-', " ")).unwrap_or_default();
    }
    Ok(Parsed { transcript: tr, header, un: None })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_cleanup() {
        assert_eq!(
            clean_markdown(r"\[senior administration official\] said \*"),
            "[senior administration official] said *"
        );
        assert_eq!(clean_markdown("a <s>struck</s> word"), "a struck word");
        assert_eq!(
            clean_markdown("**bold** and <https://x.gov/a.pdf>"),
            "bold and https://x.gov/a.pdf"
        );
        assert_eq!(clean_markdown("if a < b and c > d"), "if a < b and c > d");
    }

    #[test]
    fn front_matter_and_turns() {
        let text = "---\ntags: press-briefings\ndate: '2021-04-27'\nsource_url: https://x.gov/b\ntitle: \"Press Briefing by Press Secretary Jen\\_Psaki, April 27,\\_2021\"\n---\n \nJames S. Brady Press Briefing Room\n\n\u{a0}  \n2:28 P.M. EDT  \n\u{a0}  \nMS. PSAKI: Hi, everyone.  \n\u{a0}  \nQ\u{a0} \u{a0} \u{a0}  Hello.  \n\u{a0}\nEND 3:20 P.M. EDT\n";
        let p = parse(Path::new("b.md"), text).unwrap();
        let t = &p.transcript;
        assert_eq!(t.title, "Press Briefing by Press Secretary Jen Psaki, April 27, 2021");
        assert_eq!(t.date.as_deref(), Some("2021-04-27"));
        assert_eq!(t.time.as_deref(), Some("2:28 P.M. EDT"));
        assert_eq!(t.source.url.as_deref(), Some("https://x.gov/b"));
        assert_eq!(p.header.place_lines, ["James S. Brady Press Briefing Room"]);
        assert_eq!(p.header.tags, ["press-briefings"]);
        let turns: Vec<(&str, &str)> =
            t.turns.iter().map(|t| (t.speaker.label.as_str(), t.text.as_str())).collect();
        assert_eq!(turns, [("MS. PSAKI", "Hi, everyone."), ("Q", "Hello.")]);
    }

    #[test]
    fn unclosed_front_matter_is_an_error_with_a_line() {
        let err = parse(Path::new("b.md"), "---\ntitle: x\n").unwrap_err().to_string();
        assert!(err.starts_with("b.md:1:"), "{err}");
    }
}
