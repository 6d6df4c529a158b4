//! `chancery kwic`, `chancery trend` and `chancery quote`.

use std::io::Write;

use anyhow::Result;
use chancery::{KwicRequest, KwicSort};
use chancery::{Op, QuoteRequest};
use chancery::{Period, Split, TrendRequest};

use super::args::{ByArg, KwicArgs, KwicSortArg, QuoteArgs, SplitArg, TrendArgs};
use super::output::{self, Style};
use super::search::{filtered, flag_error};
use super::{open_index, Ctx, Status};

/// `s` padded or cut to exactly `width` characters, aligned right or left.
fn fit(s: &str, width: usize, right: bool) -> String {
    let n = s.chars().count();
    if n >= width {
        if right {
            s.chars().skip(n - width).collect()
        } else {
            s.chars().take(width).collect()
        }
    } else if right {
        format!("{}{s}", " ".repeat(width - n))
    } else {
        format!("{s}{}", " ".repeat(width - n))
    }
}

/// Runs `chancery kwic`.
pub fn kwic(ctx: &Ctx, a: KwicArgs) -> Result<Status> {
    let index = open_index(ctx)?;
    let mut req =
        KwicRequest::new(filtered(&a.query, &a.filters)).width(a.width).sort(match a.sort {
            KwicSortArg::Date => KwicSort::Date,
            KwicSortArg::Left => KwicSort::Left,
            KwicSortArg::Right => KwicSort::Right,
        });
    if let Some(n) = a.limit {
        req = req.limit(n);
    }
    let c = index.kwic(&req).map_err(flag_error)?;
    if a.json {
        output::json(&c)?;
        return Ok(Status::Ok);
    }
    let st = Style::new(ctx.color);
    let (open, close) = st.marks();
    let mut out = output::stdout();
    writeln!(
        out,
        "{}",
        st.dim(&format!(
            "{} occurrences of {:?} in {} turns ({:.1} ms){}",
            c.total,
            c.query,
            c.turns,
            c.took_ms,
            if c.lines.len() < c.total {
                format!(", showing {}", c.lines.len())
            } else {
                String::new()
            }
        ))
    )?;
    for l in &c.lines {
        let margin = format!(
            "{:<10} {:<22}",
            l.date.as_deref().unwrap_or("(undated)"),
            fit(if l.speaker.is_empty() { l.speaker_kind.as_str() } else { &l.speaker }, 22, false)
        );
        // Each side keeps its own space next to the match (none before a comma after it).
        writeln!(
            out,
            "{}  {}{open}{}{close}{}",
            st.dim(&margin),
            fit(&l.left, a.width + 1, true),
            l.keyword,
            fit(&l.right, a.width + 1, false).trim_end()
        )?;
    }
    out.flush()?;
    Ok(Status::Ok)
}

/// A bar of `share` of the largest share, `width` cells wide, in eighths.
fn bar(value: f64, max: f64, width: usize) -> String {
    const EIGHTHS: [char; 8] = ['▏', '▎', '▍', '▌', '▋', '▊', '▉', '█'];
    if max <= 0.0 || value <= 0.0 {
        return String::new();
    }
    let cells = value / max * width as f64;
    let full = cells.floor() as usize;
    let mut s = "█".repeat(full.min(width));
    let rest = ((cells - full as f64) * 8.0).floor() as usize;
    if full < width && rest > 0 {
        s.push(EIGHTHS[rest - 1]);
    } else if s.is_empty() {
        s.push('▏');
    }
    s
}

/// Runs `chancery trend`.
pub fn trend(ctx: &Ctx, a: TrendArgs) -> Result<Status> {
    let index = open_index(ctx)?;
    let mut req =
        TrendRequest::new(a.terms.clone()).filters(filtered("", &a.filters)).by(match a.by {
            ByArg::Month => Period::Month,
            ByArg::Year => Period::Year,
        });
    if let Some(s) = a.split {
        req = req.split(match s {
            SplitArg::SpeakerKind => Split::SpeakerKind,
            SplitArg::Speaker => Split::Speaker,
            SplitArg::Source => Split::Source,
        });
    }
    let t = index.trend(&req).map_err(flag_error)?;
    if a.json {
        output::json(&t)?;
        return Ok(Status::Ok);
    }
    let mut out = output::stdout();
    if a.csv {
        write_csv(&mut out, &t)?;
        return Ok(Status::Ok);
    }
    let st = Style::new(ctx.color);
    writeln!(
        out,
        "{}",
        st.dim(&format!(
            "turns per {} ({:.1} ms); the bar is the share of all the period's turns, the largest share full",
            match t.by {
                Period::Month => "month",
                Period::Year => "year",
            },
            t.took_ms
        ))
    )?;
    for (k, s) in t.series.iter().enumerate() {
        let max = s.shares.iter().cloned().fold(0.0, f64::max);
        writeln!(out)?;
        writeln!(out, "{}", st.bold(&format!("{}  ({} turns)", series_name(s), s.total)))?;
        if let Some(&u) = t.undated.get(k).filter(|&&u| u > 0 && s.group.is_none()) {
            let why = match t.by {
                Period::Month => "undated or dated by a year alone",
                Period::Year => "undated",
            };
            writeln!(out, "{}", st.dim(&format!("  and {u} in no period ({why})")))?;
        }
        for (i, p) in t.periods.iter().enumerate() {
            writeln!(
                out,
                "  {:<7} {:>6} {:>6.2}%  {}",
                p,
                s.counts[i],
                s.shares[i] * 100.0,
                bar(s.shares[i], max, 40)
            )?;
        }
    }
    out.flush()?;
    Ok(Status::Ok)
}

/// A series' name: its query, and its group when the trend is split.
fn series_name(s: &chancery::Series) -> String {
    match &s.group {
        Some(g) => format!("{} · {g}", s.term),
        None => s.term.clone(),
    }
}

/// The trend as CSV: one row per period, a count and a share column per series.
fn write_csv(out: &mut impl Write, t: &chancery::Trend) -> Result<()> {
    let mut w = csv::Writer::from_writer(&mut *out);
    let mut header = vec!["period".to_string(), "turns".to_string()];
    for s in &t.series {
        header.push(series_name(s));
        header.push(format!("{} (share)", series_name(s)));
    }
    w.write_record(&header)?;
    for (i, p) in t.periods.iter().enumerate() {
        let mut row = vec![p.clone(), t.turns[i].to_string()];
        for s in &t.series {
            row.push(s.counts[i].to_string());
            row.push(format!("{:.6}", s.shares[i]));
        }
        w.write_record(&row)?;
    }
    w.flush()?;
    drop(w);
    out.flush()?;
    Ok(())
}

/// Runs `chancery quote`.
pub fn quote(ctx: &Ctx, a: QuoteArgs) -> Result<Status> {
    let index = open_index(ctx)?;
    let req = QuoteRequest::new(a.quote.clone()).limit(a.limit).filters(filtered("", &a.filters));
    let r = index.quote(&req).map_err(flag_error)?;
    if a.json {
        output::json(&r)?;
        return Ok(Status::Ok);
    }
    let st = Style::new(ctx.color);
    let paint = |code: &str, s: &str| {
        if ctx.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    };
    let mut out = output::stdout();
    writeln!(
        out,
        "{}",
        st.dim(&format!(
            "{} turns close to the quote ({:.1} ms); [-record-] left out or changed by the quote, {{+quote+}} added or changed",
            r.hits.len(),
            r.took_ms
        ))
    )?;
    for (i, h) in r.hits.iter().enumerate() {
        writeln!(out)?;
        let who = if h.speaker.name.is_empty() {
            h.speaker.kind.as_str().to_string()
        } else {
            h.speaker.name.clone()
        };
        writeln!(
            out,
            "{:>3}. {}  {}",
            i + 1,
            st.bold(&who),
            st.dim(&format!(
                "{} · {:.0}% of the quote's words · {} changed, {} left out, {} added",
                h.date.as_deref().unwrap_or("(undated)"),
                h.coverage * 100.0,
                h.changed,
                h.dropped,
                h.added
            ))
        )?;
        writeln!(out, "     {}", st.cyan(&h.title))?;
        let line = marked_line(h, &st, &paint);
        writeln!(out, "     {line}")?;
        writeln!(
            out,
            "     {}",
            st.dim(&format!("chancery show {} --turn {}", h.transcript_id, h.turn))
        )?;
    }
    out.flush()?;
    Ok(Status::Ok)
}

/// A hit's words with the quote's differences marked: `[-record-]` left out or changed,
/// `{+quote+}` added or changed, with the context around.
fn marked_line(h: &chancery::QuoteHit, st: &Style, paint: &dyn Fn(&str, &str) -> String) -> String {
    let mut line = String::new();
    if !h.before.is_empty() {
        line.push_str(&st.dim(&format!("…{} ", h.before)));
    }
    for (k, p) in h.parts.iter().enumerate() {
        if k > 0 {
            line.push(' ');
        }
        match p.op {
            Op::Same => line.push_str(&p.record),
            Op::Dropped => line.push_str(&paint("31", &format!("[-{}-]", p.record))),
            Op::Added => line.push_str(&paint("32", &format!("{{+{}+}}", p.quote))),
            Op::Changed => {
                line.push_str(&paint("31", &format!("[-{}-]", p.record)));
                line.push_str(&paint("32", &format!("{{+{}+}}", p.quote)));
            }
        }
    }
    if !h.after.is_empty() {
        // No space before the punctuation that follows the last word.
        let sep = if h.after.starts_with(char::is_alphanumeric) { " " } else { "" };
        line.push_str(&st.dim(&format!("{sep}{}…", h.after)));
    }
    line
}
