//! `chancery search`.

use std::io::Write;

use anyhow::Result;
use chancery::{Hit, SearchRequest, SearchResults, Sort};

use super::args::{FilterArgs, FormatArg, GroupBy, SearchArgs, SortArg, YesNo};
use super::output::{self, Style};
use super::{open_index, Ctx, Status};

/// The filters as a library request with an empty query.
pub fn filtered(query: &str, a: &FilterArgs) -> SearchRequest {
    let mut r = SearchRequest::new(query);
    for (f, v) in &a.fields {
        r = r.filter(*f, v);
    }
    let m = &a.more;
    if let Some(d) = &m.from {
        r = r.from(d);
    }
    if let Some(d) = &m.to {
        r = r.to(d);
    }
    if let Some(i) = m.interpreted {
        r = r.interpreted(i == YesNo::Yes);
    }
    r
}

/// Converts the arguments into a library request.
pub fn request(a: &SearchArgs) -> SearchRequest {
    let sort = match a.sort {
        SortArg::Relevance => Sort::Relevance,
        SortArg::Newest => Sort::Newest,
        SortArg::Oldest => Sort::Oldest,
    };
    filtered(&a.query, &a.filters)
        .limit(a.limit)
        .offset(a.offset)
        .sort(sort)
        .facets(a.facets.iter().copied())
        .group_by_transcript(a.group_by == Some(GroupBy::Transcript))
        .context(a.context)
        .verbatim(a.verbatim)
        .every_copy(a.every_copy)
}

fn who(h: &chancery::Speaker) -> String {
    let mut s = h.display_name().to_string();
    let extra: Vec<&str> = [h.role.as_deref(), h.affiliation.as_deref()]
        .into_iter()
        .flatten()
        .filter(|x| *x != s)
        .collect();
    if !extra.is_empty() {
        s.push_str(&format!(" ({})", extra.join(", ")));
    }
    s
}

fn place(h: &Hit) -> String {
    let l = &h.location;
    [l.city.as_deref(), l.country.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(", ")
}

/// The library names options as the HTTP API does (`from`); on the command line they are
/// flags (`--from`).
pub fn flag_error(e: chancery::Error) -> anyhow::Error {
    match e {
        chancery::Error::InvalidOption { what, value, message } => {
            anyhow::anyhow!("invalid --{} {value:?}: {message}", what.replace('_', "-"))
        }
        e => e.into(),
    }
}

/// Runs `chancery search`.
pub fn run(ctx: &Ctx, a: SearchArgs) -> Result<Status> {
    let index = open_index(ctx)?;
    let mut req = request(&a);
    if a.all || a.format.is_some() {
        use chancery::ExportFormat;
        if a.all {
            req = req.limit(usize::MAX);
        }
        let rows = index.export(&req).map_err(flag_error)?;
        let format = match a.format {
            Some(FormatArg::Csv) => ExportFormat::Csv,
            Some(FormatArg::Jsonl) | None => ExportFormat::Jsonl,
        };
        // A reader that stops early (`| head`) is no error: `main` ends quietly on a closed pipe.
        rows.write(format, std::io::stdout().lock(), "standard output")?;
        return Ok(Status::Ok);
    }
    let results = index.search(&req).map_err(flag_error)?;
    if a.json {
        output::json(&results)?;
        return Ok(Status::Ok);
    }
    let st = Style::new(ctx.color);
    let mut out = output::stdout();
    print_summary(&mut out, &st, &results, &req)?;
    for (i, h) in results.hits.iter().enumerate() {
        print_hit(&mut out, &st, req.get_offset() + i + 1, h)?;
    }
    print_suggestions(&mut out, &results, &req)?;
    print_facets(&mut out, &st, &results)?;
    out.flush()?;
    Ok(Status::Ok)
}

/// The line of counts, and what the search did with the query (folded copies, a question
/// read as a speaker and a subject, a corrected typo).
fn print_summary(
    out: &mut impl Write,
    st: &Style,
    results: &SearchResults,
    req: &SearchRequest,
) -> Result<()> {
    let shown = results.hits.len();
    writeln!(
        out,
        "{}",
        st.dim(&format!(
            "{} {} for {:?} ({:.1} ms){}",
            results.total,
            if req.get_group_by_transcript() { "transcripts" } else { "turns" },
            results.query,
            results.took_ms,
            if shown > 0 && shown < results.total {
                format!(", showing {}-{}", req.get_offset() + 1, req.get_offset() + shown)
            } else {
                String::new()
            }
        ))
    )?;
    let folded: usize = results.hits.iter().map(|h| h.also_published_as.len()).sum();
    if folded > 0 {
        let note = format!(
            "{folded} copies of these turns in transcripts of the same events are shown under them, not as hits (--every-copy)"
        );
        writeln!(out, "{}", st.dim(&note))?;
    }
    if let Some(r) = &results.read_as {
        writeln!(out, "{}", st.dim(&format!("read as: {r}")))?;
    }
    if let Some(c) = &results.corrected_query {
        let note = format!(
            "showing results for {c:?}: no turn holds some words of {:?} (--verbatim searches them as typed)",
            results.query
        );
        writeln!(out, "{}", st.dim(&note))?;
    }
    Ok(())
}

fn print_hit(out: &mut impl Write, st: &Style, rank: usize, h: &Hit) -> Result<()> {
    let (open, close) = st.marks();
    writeln!(out)?;
    let meta: Vec<String> =
        [h.date.clone(), Some(place(h)).filter(|p| !p.is_empty()), Some(h.kind.to_string())]
            .into_iter()
            .flatten()
            .collect();
    writeln!(out, "{:>3}. {}  {}", rank, st.bold(&who(&h.speaker)), st.dim(&meta.join(" · ")))?;
    writeln!(out, "     {}", st.cyan(&h.title))?;
    if let Some(q) = &h.in_reply_to {
        let lead = format!("↳ in reply to {} (turn {}):", who(&q.speaker), q.turn);
        writeln!(out, "     {} {}", st.dim(&lead), st.dim(&one_line(&q.text, 200)))?;
    }
    writeln!(out, "     {}", h.snippet_parts.to_marked(open, close).replace("\n\n", " "))?;
    for c in &h.also_published_as {
        let note = format!("also published as {} (turn {})", c.transcript_id, c.turn);
        writeln!(out, "     {}", st.dim(&note))?;
    }
    for a in &h.answered_by {
        let lead = format!("↳ answered by {} (turn {}):", who(&a.speaker), a.turn);
        writeln!(out, "     {} {}", st.dim(&lead), st.dim(&one_line(&a.text, 200)))?;
    }
    writeln!(
        out,
        "     {}",
        st.dim(&format!("chancery show {} --turn {}", h.transcript_id, h.turn))
    )?;
    Ok(())
}

/// A dead end: the filter values close to the ones given.
fn print_suggestions(
    out: &mut impl Write,
    results: &SearchResults,
    req: &SearchRequest,
) -> Result<()> {
    for (field, close) in &results.suggestions {
        let given = req
            .get_filters()
            .find(|(f, _)| f.name() == field)
            .map(|(_, v)| v.to_string())
            .unwrap_or_default();
        let close: Vec<String> = close.iter().map(|v| format!("{v:?}")).collect();
        writeln!(
            out,
            "no {field} is {given:?}; did you mean --{field} {}? (`chancery values {field}` lists them all)",
            close.join(" or ")
        )?;
    }
    Ok(())
}

fn print_facets(out: &mut impl Write, st: &Style, results: &SearchResults) -> Result<()> {
    for (name, counts) in &results.facets {
        writeln!(out)?;
        writeln!(out, "{}", st.bold(name))?;
        for c in counts.iter().take(15) {
            writeln!(out, "  {:>6}  {}", c.count, c.value)?;
        }
        if counts.len() > 15 {
            writeln!(out, "  {}", st.dim(&format!("... {} more", counts.len() - 15)))?;
        }
    }
    Ok(())
}

/// A text on one line of at most `max` characters: paragraph breaks become spaces.
fn one_line(text: &str, max: usize) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out: String = flat.chars().take(max).collect();
    if out.len() < flat.len() {
        out.push('…');
    }
    out
}
