//! Enrichment: what a parsed transcript means beyond its text. Each step is a small module:
//! [`directions`] (interpreter marks and stage directions out of the text), [`speakers`]
//! (labels to canonical speakers), [`journalists`] (who asked), [`qa`] (which question an
//! answer replies to), [`topics`] (taxonomy tags), [`places`] (`City, Country` and country
//! mentions), [`kind`] (the event kind), [`corpus`] (names learnt across transcripts) and
//! [`un`] (UN General Debate speakers).

pub mod corpus;
pub mod directions;
pub mod journalists;
pub mod kind;
pub mod matcher;
pub mod places;
pub mod qa;
pub mod registry;
pub mod speakers;
pub mod topics;
pub mod un;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use crate::model::{EventKind, Format, Participant, Speaker, SpeakerKind, Transcript, Turn};
use crate::parse::{Header, Parsed};
use crate::Result;

pub use corpus::CorpusNames;
pub use places::Gazetteer;
pub use registry::Registry;
pub use topics::Taxonomy;

/// Where to read the taxonomy, gazetteer and registry from; `None` means the bundled file.
#[derive(Debug, Clone, Default)]
pub struct EnrichOptions {
    /// Topic taxonomy JSON (`data/taxonomy.json` is the bundled one).
    pub taxonomy: Option<PathBuf>,
    /// Gazetteer JSON.
    pub gazetteer: Option<PathBuf>,
    /// Officials registry JSON.
    pub registry: Option<PathBuf>,
}

impl EnrichOptions {
    /// Reads `CHANCERY_TAXONOMY`, `CHANCERY_GAZETTEER` and `CHANCERY_REGISTRY`.
    pub fn from_env() -> EnrichOptions {
        let var = |k| std::env::var_os(k).filter(|v| !v.is_empty()).map(PathBuf::from);
        EnrichOptions {
            taxonomy: var("CHANCERY_TAXONOMY"),
            gazetteer: var("CHANCERY_GAZETTEER"),
            registry: var("CHANCERY_REGISTRY"),
        }
    }
}

/// Holds the data files (taxonomy, gazetteer, registry of officials) and turns parsed
/// transcripts into enriched [`Transcript`]s.
pub struct Enricher {
    taxonomy: Taxonomy,
    gazetteer: Gazetteer,
    /// Topics and country names in one automaton, so each turn is scanned once: targets
    /// below `topic_count` are topics, the rest countries.
    tagger: matcher::PhraseMatcher,
    topic_count: usize,
    registry: Registry,
    un: Mutex<UnTables>,
}

/// The UN speaker tables read so far, and which table each speech folder uses.
#[derive(Default)]
struct UnTables {
    /// Speech folder -> its table (found in it or one of two parents), if any.
    folders: HashMap<PathBuf, Option<PathBuf>>,
    /// Table -> its rows, or why it cannot be read.
    tables: HashMap<PathBuf, std::result::Result<Arc<un::UnSpeakers>, String>>,
}

impl std::fmt::Debug for Enricher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Enricher").finish_non_exhaustive()
    }
}

/// Reads a JSON data file's text into `T`; errors name the file and line.
pub(crate) fn from_json<T: serde::de::DeserializeOwned>(json: &str, path: &Path) -> Result<T> {
    serde_json::from_str(json).map_err(|e| crate::Error::Data {
        path: path.to_path_buf(),
        message: format!("line {}: {e}", e.line()),
    })
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| crate::Error::io(path, e))
}

impl Enricher {
    /// An enricher with the bundled taxonomy, gazetteer and registry (built once).
    pub fn bundled() -> &'static Enricher {
        static BUNDLED: OnceLock<Enricher> = OnceLock::new();
        BUNDLED.get_or_init(|| {
            Enricher::new(&EnrichOptions::default()).expect("bundled data files are valid JSON")
        })
    }

    /// An enricher with the given data files (bundled ones where `None`).
    pub fn new(opts: &EnrichOptions) -> Result<Enricher> {
        let taxonomy = match &opts.taxonomy {
            Some(p) => Taxonomy::from_json(&read(p)?, p)?,
            None => Taxonomy::from_json(topics::BUNDLED, Path::new("data/taxonomy.json"))?,
        };
        let gazetteer = match &opts.gazetteer {
            Some(p) => Gazetteer::from_json(&read(p)?, p)?,
            None => Gazetteer::from_json(places::BUNDLED, Path::new("data/gazetteer.json"))?,
        };
        let registry = match &opts.registry {
            Some(p) => Registry::from_json(&read(p)?, p)?,
            None => Registry::from_json(registry::BUNDLED, Path::new("data/officials.json"))?,
        };
        let topic_count = taxonomy.names().len();
        // A topic phrase that holds a country's name (`Taiwan Strait`, `Venezuela`) is also a
        // mention of that country: the phrase gets both targets, so that the longest match
        // (the topic's) does not hide the country and each turn is still scanned once.
        let countries =
            matcher::PhraseMatcher::new(gazetteer.phrases().iter().map(|(p, i)| (p.as_str(), *i)));
        let tagger = matcher::PhraseMatcher::new(
            taxonomy
                .phrases()
                .iter()
                .flat_map(|(p, i)| {
                    let named = countries.targets(p).into_iter().map(|c| topic_count + c);
                    std::iter::once(*i).chain(named).map(move |t| (p.as_str(), t))
                })
                .chain(gazetteer.phrases().iter().map(|(p, i)| (p.as_str(), topic_count + i))),
        );
        Ok(Enricher {
            taxonomy,
            gazetteer,
            tagger,
            topic_count,
            registry,
            un: Mutex::new(UnTables::default()),
        })
    }

    /// The gazetteer in use.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// The taxonomy in use.
    pub fn taxonomy(&self) -> &Taxonomy {
        &self.taxonomy
    }

    /// Forgets the UN speaker tables read so far, and where they were found: an ingest starts
    /// with this, so a table added, mended or removed since the last one is seen.
    pub(crate) fn forget_un_tables(&self) {
        let mut cache = self.un.lock().unwrap_or_else(|e| e.into_inner());
        cache.folders.clear();
        cache.tables.clear();
    }

    /// The speaker table for a UN speech, if its folder (or one of two parents) has one. A
    /// table that cannot be read is an error for every speech it would name: indexing them
    /// with unknown speakers would hide the problem, and an unchanged speech would never be
    /// read again once the table is mended.
    pub fn un_speakers(&self, speech: &Path) -> Result<Option<Arc<un::UnSpeakers>>> {
        let mut cache = self.un.lock().unwrap_or_else(|e| e.into_inner());
        // Looked up once per folder: up to six `stat`s per speech otherwise.
        let folder = speech.parent().unwrap_or(Path::new("")).to_path_buf();
        let found = cache.folders.entry(folder).or_insert_with(|| un::find_table(speech));
        let Some(table) = found.clone() else { return Ok(None) };
        let loaded = cache.tables.entry(table.clone()).or_insert_with(|| {
            un::UnSpeakers::load(&table).map(Arc::new).map_err(|e| e.to_string())
        });
        match loaded {
            Ok(t) => Ok(Some(t.clone())),
            Err(reason) => Err(crate::Error::parse(
                speech,
                0,
                format!("its speaker table cannot be read ({reason}); mend or remove it"),
            )),
        }
    }

    /// Enriches a parsed transcript: the steps below, in order.
    pub fn enrich(&self, parsed: Parsed, path: &Path) -> Transcript {
        let Parsed { transcript: mut t, header, un } = parsed;
        take_out_directions(&mut t);
        if t.location.is_empty() {
            self.gazetteer.locate(&header.place_lines, &mut t.location);
        }
        t.kind = kind::kind(&t.title, header.event_type.as_deref(), &header.tags, t.source.format);
        self.resolve_speakers(&mut t, &header, un.as_ref(), path);
        name_journalists(&mut t);
        credit_the_interviewer(&mut t);
        self.one_name_each(&mut t);
        qa::link(&mut t.turns);
        self.tag_topics(&mut t, &header);
        if let Some(un) = &un {
            self.name_un_speech(&mut t, un);
        }
        for (i, turn) in t.turns.iter_mut().enumerate() {
            turn.index = i;
        }
        t.participants = participants(&t.turns);
        t
    }

    /// Speakers: each distinct label resolved once (`speakers::resolve`); a turn the parser
    /// already knew the speaker of keeps it; an unlabelled turn is the file's one speaker.
    fn resolve_speakers(
        &self,
        t: &mut Transcript,
        header: &Header,
        un: Option<&(String, u32)>,
        path: &Path,
    ) {
        let format = t.source.format;
        let body: Vec<&str> = t.turns.iter().map(|tu| tu.text.as_str()).collect();
        let cx = speakers::Context {
            header,
            title: &t.title,
            body: &body,
            date: t.date.as_deref(),
            format,
            registry: &self.registry,
            gazetteer: &self.gazetteer,
        };
        let mut cache: HashMap<String, Speaker> = HashMap::new();
        let mut resolved = Vec::with_capacity(t.turns.len());
        for turn in &t.turns {
            let label = turn.speaker.label.as_str();
            if turn.speaker.kind != SpeakerKind::Unknown {
                // The parser knew the speaker from the format (China MFA's `A:` is the
                // spokesperson the title names).
                resolved.push(turn.speaker.clone());
                continue;
            }
            if label.is_empty() {
                resolved.push(self.unlabelled(header, un, path, format));
                continue;
            }
            let sp = cache.entry(label.to_string()).or_insert_with(|| {
                let mut sp = speakers::resolve(label, &cx);
                // An outlet's name as a label (`Reuters:`) that no rule named otherwise.
                if sp.kind == SpeakerKind::Official
                    && journalists::is_outlet(label)
                    && speakers::name_source(&sp, &speakers::parse_label(label))
                        == speakers::NameSource::LabelWords
                {
                    sp = Speaker {
                        label: label.to_string(),
                        affiliation: Some(label.to_string()),
                        kind: SpeakerKind::Journalist,
                        role: Some("Journalist".into()),
                        ..Speaker::default()
                    };
                }
                sp
            });
            resolved.push(sp.clone());
        }
        for (turn, sp) in t.turns.iter_mut().zip(resolved) {
            turn.speaker = sp;
        }
    }

    /// Names and outlets the same person under one name each (`Agence France-Presse` is
    /// `AFP`, `Tony Fauci` is `Anthony Fauci`), on one line.
    fn one_name_each(&self, t: &mut Transcript) {
        // One name per outlet (`Agence France-Presse` is `AFP`).
        for turn in &mut t.turns {
            let sp = &mut turn.speaker;
            if sp.kind == SpeakerKind::Journalist {
                if let Some(a) = sp.affiliation.as_deref().and_then(journalists::canonical_outlet) {
                    sp.affiliation = Some(a.to_string());
                }
            }
        }

        // One name per person (`Tony Fauci` is `Anthony Fauci`), on one line.
        for turn in &mut t.turns {
            let name = &turn.speaker.name;
            let capitals = name.chars().filter(|c| c.is_alphabetic()).count() >= 4
                && !name.chars().any(char::is_lowercase);
            if capitals || name.contains(['\n', '\t', '\r', '\'', '‘']) || name.contains("  ") {
                // `ANTONY J. BLINKEN` from a header in capitals is `Antony J. Blinken`;
                // `O'Donnell` is `O’Donnell`.
                turn.speaker.name = speakers::clean_person_name(name, &self.gazetteer);
            }
            if let Some(fixed) = speakers::mc_capital(&turn.speaker.name) {
                // `Denis Mcdonough` in a header, `MR. McDONOUGH` in the labels.
                turn.speaker.name = fixed;
            }
            if let Some(c) = self.registry.canonical_name(&turn.speaker.name) {
                turn.speaker.name = c.to_string();
            }
        }
    }

    /// Topics of each turn and of the transcript (the title's region first), and the
    /// countries each turn mentions.
    fn tag_topics(&self, t: &mut Transcript, header: &Header) {
        let mut topics: Vec<String> = Vec::new();
        if let Some(region) = header.region.as_deref().and_then(|r| self.taxonomy.region(r)) {
            topics.push(region);
        }
        for topic in self.taxonomy.topics(&t.title) {
            if !topics.contains(&topic) {
                topics.push(topic);
            }
        }
        for turn in &mut t.turns {
            let (topics_here, mentions) = self.tag(&turn.text);
            turn.topics = topics_here;
            turn.mentions = mentions;
            for topic in &turn.topics {
                if !topics.contains(topic) {
                    topics.push(topic.clone());
                }
            }
        }
        t.topics = topics;
    }

    /// A UN speech's title: the country and the session, from the file name.
    fn name_un_speech(&self, t: &mut Transcript, (iso, session): &(String, u32)) {
        let country = self.un_member(iso).unwrap_or_else(|| iso.clone());
        let year = t.date.clone().unwrap_or_default();
        t.title = format!(
            "{country}: General Debate of the {} session of the UN General Assembly ({year})",
            crate::parse::speech::ordinal(*session)
        );
    }

    /// Topics and countries mentioned in a text, each in order of first appearance.
    pub fn tag(&self, text: &str) -> (Vec<String>, Vec<String>) {
        // Ids while scanning (a speech has thousands of matches); names once at the end.
        let mut topics: Vec<usize> = Vec::new();
        let mut countries: Vec<usize> = Vec::new();
        let push = |ids: &mut Vec<usize>, id: usize| {
            if !ids.contains(&id) {
                ids.push(id);
            }
        };
        self.tagger.for_each_match(text, |t, _, _| {
            if t < self.topic_count {
                push(&mut topics, t);
            } else {
                push(&mut countries, t - self.topic_count);
            }
        });
        let topics = topics.into_iter().map(|t| self.taxonomy.names()[t].clone()).collect();
        let mut names: Vec<String> = Vec::with_capacity(countries.len());
        for c in countries {
            let name = self.gazetteer.country_name(c);
            if !names.iter().any(|n| n == name) {
                names.push(name.to_string());
            }
        }
        (topics, names)
    }

    /// The name of a UN member or observer from its code (`EU` is the European Union).
    fn un_member(&self, code: &str) -> Option<String> {
        match code {
            "EU" => Some("European Union".into()),
            _ => self.gazetteer.country(code).map(|c| c.name.clone()),
        }
    }

    fn unlabelled(
        &self,
        header: &Header,
        un: Option<&(String, u32)>,
        path: &Path,
        format: Format,
    ) -> Speaker {
        if let Some((iso, session)) = un {
            let country = self.un_member(iso);
            let mut sp =
                Speaker { affiliation: country, kind: SpeakerKind::Official, ..Speaker::default() };
            if let Ok(Some(table)) = self.un_speakers(path) {
                if let Some((name, post)) = table.get(iso, *session) {
                    // `His Serene Highness ...`, `General Michel Aoun`: the post is the role.
                    sp.name = speakers::clean_person_name(name, &self.gazetteer);
                    sp.role = post.map(str::to_string);
                }
            }
            return sp;
        }
        if let Some(p) = header.people.first() {
            let us = matches!(
                format,
                Format::StateDepartment | Format::StateRelease | Format::WhiteHouse
            );
            return Speaker {
                name: p.name.clone(),
                role: p.role.clone(),
                affiliation: us.then(|| "United States".to_string()),
                kind: SpeakerKind::Official,
                ..Speaker::default()
            };
        }
        Speaker::default()
    }
}

/// Interpreter marks and stage directions out of the searchable text.
fn take_out_directions(t: &mut Transcript) {
    for turn in &mut t.turns {
        let Some(c) = directions::clean(&turn.text) else { continue };
        turn.text = c.text;
        turn.interpreted |= c.interpreted;
        turn.stage_directions = c.directions;
    }
}

/// Journalists named by their self-introduction, else by the moderator's announcement.
fn name_journalists(t: &mut Transcript) {
    for i in 0..t.turns.len() {
        if t.turns[i].speaker.kind != SpeakerKind::Journalist || !t.turns[i].speaker.name.is_empty()
        {
            continue;
        }
        let found = journalists::self_introduction(&t.turns[i].text).or_else(|| {
            let prev = i.checked_sub(1).map(|p| &t.turns[p])?;
            (prev.speaker.kind != SpeakerKind::Journalist)
                .then(|| journalists::announced(&prev.text))
                .flatten()
        });
        if let Some(j) = found {
            t.turns[i].speaker.name = j.name;
            t.turns[i].speaker.affiliation = Some(j.outlet);
        }
    }
}

/// `Secretary Blinken With Piotr Krasko of TVN`: remarks whose unnamed questions come from
/// the person the title names are an interview; an interview's unnamed questions are the
/// interviewer's, when the title names one.
fn credit_the_interviewer(t: &mut Transcript) {
    let unnamed_questions = t
        .turns
        .iter()
        .any(|x| x.speaker.kind == SpeakerKind::Journalist && x.speaker.name.is_empty());
    if t.kind == EventKind::Remarks
        && unnamed_questions
        && journalists::title_interviewer(&t.title).is_some()
    {
        t.kind = EventKind::Interview;
    }

    // An interview's questions are the interviewer's, when the title names one.
    if t.kind == EventKind::Interview {
        if let Some(j) = journalists::title_interviewer(&t.title) {
            for turn in &mut t.turns {
                let sp = &mut turn.speaker;
                if sp.kind == SpeakerKind::Journalist && sp.name.is_empty() {
                    sp.name = j.name.clone();
                    if !j.outlet.is_empty() {
                        sp.affiliation = Some(j.outlet.clone());
                    }
                }
            }
        }
    }
}

/// Distinct speakers of a list of turns, in order of first appearance, with their labels
/// and turn counts. Unnamed journalists are one participant per outlet (or one in all).
pub fn participants(turns: &[Turn]) -> Vec<Participant> {
    let mut out: Vec<Participant> = Vec::new();
    for turn in turns {
        let sp = &turn.speaker;
        let pos = out.iter().position(|p| {
            p.name == sp.name
                && p.kind == sp.kind
                && (!sp.name.is_empty() || p.affiliation == sp.affiliation)
        });
        let p = match pos {
            Some(i) => &mut out[i],
            None => {
                out.push(Participant {
                    name: sp.name.clone(),
                    role: sp.role.clone(),
                    affiliation: sp.affiliation.clone(),
                    kind: sp.kind,
                    labels: Vec::new(),
                    turns: 0,
                });
                out.last_mut().expect("just pushed")
            }
        };
        p.turns += 1;
        if !sp.label.is_empty() && !p.labels.contains(&sp.label) {
            p.labels.push(sp.label.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_named_like_topics_are_mentions_too() {
        let e = Enricher::bundled();
        let (topics, countries) =
            e.tag("On Venezuela, Ukraine, Afghanistan and the Taiwan Strait, China said no.");
        for c in ["Venezuela", "Ukraine", "Afghanistan", "Taiwan", "China"] {
            assert!(countries.iter().any(|x| x == c), "{c} not in {countries:?}");
        }
        for t in ["venezuela", "russia-ukraine war", "afghanistan", "china"] {
            assert!(topics.iter().any(|x| x == t), "{t} not in {topics:?}");
        }
    }
}
