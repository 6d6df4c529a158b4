//! `chancery parse`, `show`, `speakers` and `stats`: printing a transcript and the index.

use std::io::Write;

use anyhow::Result;
use chancery::{Index, Transcript, Turn};

use super::args::{JsonArg, ParseArgs, ShowArgs, ValuesArgs};
use super::output::{self, Style};
use super::{Ctx, Status};

fn first_words(text: &str, n: usize) -> String {
    let mut s: String = text.chars().take(n).collect();
    if s.len() < text.len() {
        s.push('…');
    }
    s.replace('\n', " ")
}

fn header(out: &mut impl Write, t: &Transcript, st: &Style) -> Result<()> {
    writeln!(out, "{}", st.bold(&t.title))?;
    writeln!(out, "  id:        {}", t.id)?;
    writeln!(out, "  format:    {}   kind: {}", t.source.format, t.kind)?;
    writeln!(
        out,
        "  date:      {}{}",
        t.date.as_deref().unwrap_or("-"),
        t.time.as_deref().map(|x| format!(" {x}")).unwrap_or_default()
    )?;
    let l = &t.location;
    writeln!(
        out,
        "  place:     {}",
        [l.venue.as_deref(), l.city.as_deref(), l.country.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ")
    )?;
    if let Some(u) = &t.source.url {
        writeln!(out, "  url:       {u}")?;
    }
    writeln!(out, "  source:    {}", t.source.path)?;
    for twin in &t.also_published_as {
        writeln!(out, "  also published as: {twin}")?;
    }
    if !t.topics.is_empty() {
        writeln!(out, "  topics:    {}", t.topics.join(", "))?;
    }
    writeln!(out, "  speakers:")?;
    for p in &t.participants {
        let name = if p.name.is_empty() {
            format!("({})", p.role.as_deref().unwrap_or("unknown").to_lowercase())
        } else {
            p.name.clone()
        };
        let extra: Vec<&str> =
            [p.role.as_deref(), p.affiliation.as_deref()].into_iter().flatten().collect();
        writeln!(
            out,
            "    {:<28} {:<11} {:>4} turns  {}  {}",
            name,
            p.kind.as_str(),
            p.turns,
            extra.join(", "),
            st.dim(&p.labels.join(" / "))
        )?;
    }
    for f in &t.footnotes {
        writeln!(out, "  footnote:  {f}")?;
    }
    Ok(())
}

fn turn_line(out: &mut impl Write, turn: &Turn, st: &Style, full: bool) -> Result<()> {
    let role = turn.speaker.role.as_deref().unwrap_or(turn.speaker.kind.as_str());
    let reply = turn.in_reply_to.map(|q| format!(" ↩{q}")).unwrap_or_default();
    let marks = if turn.interpreted { " (interpreted)" } else { "" };
    let text = if full { turn.text.clone() } else { first_words(&turn.text, 70) };
    writeln!(
        out,
        "{:>4} {} {}{}{}  {}",
        turn.index,
        st.bold(turn.speaker.display_name()),
        st.dim(&format!("[{role}]")),
        st.dim(&reply),
        marks,
        text
    )?;
    Ok(())
}

/// `chancery parse FILE`.
pub fn parse(ctx: &Ctx, a: ParseArgs) -> Result<Status> {
    let t = chancery::parse_file(&a.file)?;
    if a.json {
        output::json(&t)?;
        return Ok(Status::Ok);
    }
    let st = Style::new(ctx.color);
    let mut out = output::stdout();
    header(&mut out, &t, &st)?;
    writeln!(out, "  turns:     {}", t.turns.len())?;
    for turn in &t.turns {
        turn_line(&mut out, turn, &st, false)?;
    }
    out.flush()?;
    Ok(Status::Ok)
}

/// `chancery show ID`.
pub fn show(ctx: &Ctx, a: ShowArgs) -> Result<Status> {
    let index = super::open_index(ctx)?;
    let t = index.transcript(&a.id)?;
    let range = match a.turn {
        Some(n) if n >= t.turns.len() => {
            anyhow::bail!("transcript {:?} has {} turns; there is no turn {n}", a.id, t.turns.len())
        }
        Some(n) => n.saturating_sub(a.context)..(n + a.context + 1).min(t.turns.len()),
        None => 0..t.turns.len(),
    };
    if a.json {
        let mut t = t;
        t.turns = t.turns[range].to_vec();
        output::json(&t)?;
        return Ok(Status::Ok);
    }
    let st = Style::new(ctx.color);
    let mut out = output::stdout();
    header(&mut out, &t, &st)?;
    writeln!(out)?;
    for turn in &t.turns[range] {
        turn_line(&mut out, turn, &st, true)?;
        writeln!(out)?;
    }
    out.flush()?;
    Ok(Status::Ok)
}

/// `chancery speakers`.
pub fn speakers(ctx: &Ctx, a: JsonArg) -> Result<Status> {
    let index = super::open_index(ctx)?;
    let list = index.speakers()?;
    if a.json {
        output::json(&list)?;
        return Ok(Status::Ok);
    }
    let mut out = output::stdout();
    writeln!(
        out,
        "{:>7} {:>6}  {:<32} {:<11} role, affiliation / labels",
        "turns", "files", "speaker", "kind"
    )?;
    for s in list {
        let extra: Vec<&str> =
            [s.role.as_deref(), s.affiliation.as_deref()].into_iter().flatten().collect();
        writeln!(
            out,
            "{:>7} {:>6}  {:<32} {:<11} {} / {}",
            s.turns,
            s.transcripts,
            s.name,
            s.kind.as_str(),
            extra.join(", "),
            s.labels.join(", ")
        )?;
    }
    out.flush()?;
    Ok(Status::Ok)
}

/// `chancery stats`.
pub fn stats(ctx: &Ctx, a: JsonArg) -> Result<Status> {
    let index: Index = super::open_index(ctx)?;
    let s = index.stats()?;
    if a.json {
        output::json(&s)?;
        return Ok(Status::Ok);
    }
    let mut out = output::stdout();
    writeln!(out, "index:          {}", s.path.as_deref().unwrap_or("(memory)"))?;
    writeln!(out, "transcripts:    {}", s.transcripts)?;
    writeln!(out, "turns:          {}", s.turns)?;
    writeln!(out, "size:           {:.1} MB", s.size_bytes as f64 / 1e6)?;
    writeln!(
        out,
        "dates:          {} .. {}",
        s.first_date.as_deref().unwrap_or("-"),
        s.last_date.as_deref().unwrap_or("-")
    )?;
    writeln!(out, "segments:       {}", s.segments)?;
    writeln!(out, "format version: {}", s.format_version)?;
    out.flush()?;
    Ok(Status::Ok)
}

/// `chancery values FIELD`.
pub fn values(ctx: &Ctx, a: ValuesArgs) -> Result<Status> {
    let index = super::open_index(ctx)?;
    let list = a.field.parse().and_then(|f| index.values(f)).map_err(|e| match e {
        chancery::Error::InvalidOption { message, .. } => {
            anyhow::anyhow!("no field {:?} to list; {message}", a.field)
        }
        e => e.into(),
    })?;
    if a.json {
        output::json(&list)?;
        return Ok(Status::Ok);
    }
    let mut out = output::stdout();
    for v in &list {
        writeln!(out, "{:>7}  {}", v.count, v.value)?;
    }
    out.flush()?;
    Ok(Status::Ok)
}
