//! UN General Debate speakers from `Speakers_by_session.xlsx` (UNGDC): year, session, ISO3
//! code, country, name of the person speaking, post.
//!
//! The spreadsheet is read at ingest time with `calamine`, from the speech's folder or one
//! of its two parents, once per spreadsheet (the enricher caches it). A CSV with the same
//! columns (`Speakers_by_session.csv`) is read instead when present, for users who keep
//! their own table.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use calamine::{open_workbook_auto, Data, Reader};

use crate::{Error, Result};

/// The file names looked for.
pub const FILE_NAMES: &[&str] = &["Speakers_by_session.xlsx", "Speakers_by_session.csv"];

/// Speaker name and post for each (ISO3, session).
#[derive(Debug, Default, Clone)]
pub struct UnSpeakers {
    map: HashMap<(String, u32), (String, Option<String>)>,
}

/// Finds the speakers table for a speech file.
pub fn find_table(speech: &Path) -> Option<PathBuf> {
    let mut dir = speech.parent();
    for _ in 0..3 {
        let d = dir?;
        for name in FILE_NAMES {
            let p = d.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
        dir = d.parent();
    }
    None
}

fn cell(d: &Data) -> String {
    match d {
        Data::String(s) => s.trim().to_string(),
        Data::Float(f) => format!("{}", *f as i64),
        Data::Int(i) => i.to_string(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

/// `Mr. Abdullah Abdullah` -> `Abdullah Abdullah`.
pub fn strip_honorific(name: &str) -> String {
    let name = name.trim();
    for h in ["Mr. ", "Ms. ", "Mrs. ", "Mr ", "Ms ", "Mrs ", "Dr. ", "H.E. ", "HE ", "Miss "] {
        if let Some(rest) = name.strip_prefix(h) {
            return rest.trim().to_string();
        }
    }
    name.to_string()
}

impl UnSpeakers {
    /// Reads a table (xlsx or csv).
    pub fn load(path: &Path) -> Result<UnSpeakers> {
        let rows: Vec<Vec<String>> = if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
        {
            let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
            text.lines().map(split_csv).collect()
        } else {
            let mut wb = open_workbook_auto(path)
                .map_err(|e| Error::Data { path: path.into(), message: e.to_string() })?;
            let range = wb
                .worksheet_range_at(0)
                .ok_or_else(|| Error::Data { path: path.into(), message: "no worksheet".into() })?
                .map_err(|e| Error::Data { path: path.into(), message: e.to_string() })?;
            range.rows().map(|r| r.iter().map(cell).collect()).collect()
        };
        let header = rows
            .first()
            .ok_or_else(|| Error::Data { path: path.into(), message: "empty table".into() })?;
        let col = |name: &str| header.iter().position(|h| h.to_lowercase().contains(name));
        let (Some(session), Some(iso), Some(name)) = (col("session"), col("iso"), col("name"))
        else {
            return Err(Error::Data {
                path: path.into(),
                message:
                    "line 1: expected columns Session, ISO Code, Name of Person Speaking, Post"
                        .into(),
            });
        };
        let post = col("post");
        let mut map = HashMap::new();
        for r in rows.iter().skip(1) {
            let (Some(s), Some(i), Some(n)) = (r.get(session), r.get(iso), r.get(name)) else {
                continue;
            };
            let Ok(s) = s.trim().parse::<f64>() else { continue };
            if n.is_empty() {
                continue;
            }
            let p = post.and_then(|c| r.get(c)).filter(|p| !p.is_empty()).cloned();
            map.insert((i.trim().to_uppercase(), s as u32), (strip_honorific(n), p));
        }
        // A full name listed for two countries in one session is a copying error of the table
        // (2015: `Dalia Grybauskaitė` for Lithuania and for the Seychelles): which row is right
        // cannot be told, and a wrong name costs the reader more than a missing one. A bare
        // surname (`TRAORE` for Guinea and Mali) can be two people and is kept.
        let mut countries: HashMap<(u32, String), Vec<String>> = HashMap::new();
        for ((iso, session), (name, _)) in &map {
            if name.split_whitespace().count() >= 2 {
                countries.entry((*session, name.to_lowercase())).or_default().push(iso.clone());
            }
        }
        map.retain(|(iso, session), (name, _)| {
            countries
                .get(&(*session, name.to_lowercase()))
                .is_none_or(|isos| isos.iter().all(|i| i == iso))
        });
        Ok(UnSpeakers { map })
    }

    /// The speaker's name and post for a country and session.
    pub fn get(&self, iso3: &str, session: u32) -> Option<(&str, Option<&str>)> {
        self.map.get(&(iso3.to_string(), session)).map(|(n, p)| (n.as_str(), p.as_deref()))
    }

    /// Number of rows read.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True when the table has no rows.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

fn split_csv(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    out.push(cur);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_and_honorifics() {
        assert_eq!(
            split_csv(r#"2022,77,"ALB","Albania","Mr. Edi Rama","Prime Minister, and more""#)[5],
            "Prime Minister, and more"
        );
        assert_eq!(strip_honorific("Mr. Abdullah Abdullah"), "Abdullah Abdullah");
        assert_eq!(
            strip_honorific("Sheikh Abdullah Bin Zayed Al Nahyan"),
            "Sheikh Abdullah Bin Zayed Al Nahyan"
        );
    }

    #[test]
    fn a_full_name_listed_for_two_countries_names_neither() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("Speakers_by_session.csv");
        std::fs::write(
            &path,
            "Year,Session,ISO Code,Country,Name of Person Speaking,Post\n\
             2015,70,LTU,Lithuania,Mrs. Dalia Grybauskaitė,President\n\
             2015,70,SYC,Seychelles,Mrs. Dalia Grybauskaitė,President\n\
             1990,45,GIN,Guinea,TRAORE,Minister\n\
             1990,45,MLI,Mali,TRAORE,Minister\n\
             2015,70,FRA,France,Mr. François Hollande,President\n",
        )
        .unwrap();
        let t = UnSpeakers::load(&path).unwrap();
        assert_eq!(t.get("LTU", 70), None);
        assert_eq!(t.get("SYC", 70), None);
        assert_eq!(t.get("MLI", 45).map(|r| r.0), Some("TRAORE"));
        assert_eq!(t.get("FRA", 70).map(|r| r.0), Some("François Hollande"));
    }
}
