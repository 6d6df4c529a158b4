//! The tantivy schema: every field name in one place, the tokenizers, and the format version.

use tantivy::schema::{
    DateOptions, DateTimePrecision, Field, IndexRecordOption, NumericOptions, Schema,
    TextFieldIndexing, TextOptions, FAST, STORED, STRING,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
};

/// The index format this build reads and writes. Bump it whenever the schema, a tokenizer or
/// the meaning of a stored field changes: an index of another version is refused with a
/// message to rebuild, never read as garbage.
pub const FORMAT_VERSION: u32 = 8;

/// Analyzer for query words: lower case, ASCII folding, English stemming. The index keeps
/// words exact; a stem finds its words at query time (`search::stem_query`).
pub const TOKENIZER_STEM: &str = "chancery_stem";
/// Tokenizer for text, titles and names: lower case, ASCII folding.
pub const TOKENIZER_EXACT: &str = "chancery_exact";
/// Tokenizer for whole-value keywords (kind, country, topic): the value lower-cased.
pub const TOKENIZER_KEYWORD: &str = "chancery_keyword";

/// The transcript's stable id.
pub const TRANSCRIPT_ID: &str = "transcript_id";
/// 0-based turn index.
pub const TURN: &str = "turn";
/// 1 on the first document of a transcript (where transcript-level data is stored).
pub const FIRST: &str = "first";
/// Content hash of the source file.
pub const HASH: &str = "hash";
/// Title (exact words with positions, stored).
pub const TITLE: &str = "title";
/// The words spoken (exact words with positions, stored).
pub const TEXT: &str = "text";
/// Canonical speaker name (exact tokens, stored).
pub const SPEAKER: &str = "speaker";
/// Label as printed.
pub const LABEL: &str = "label";
/// Speaker role (exact tokens, stored).
pub const ROLE: &str = "role";
/// Speaker affiliation (exact tokens, stored).
pub const AFFILIATION: &str = "affiliation";
/// Speaker kind (`official`, `journalist`...).
pub const SPEAKER_KIND: &str = "speaker_kind";
/// Event kind (keyword).
pub const KIND: &str = "kind";
/// Date (tantivy date: range filters and sorting).
pub const DATE: &str = "date";
/// Date as printed in the record (`2019-05-14` or `2019`).
pub const DATE_TEXT: &str = "date_text";
/// Time of day as printed.
pub const TIME: &str = "time";
/// Venue (stored).
pub const VENUE: &str = "venue";
/// City (keyword).
pub const CITY: &str = "city";
/// Country of the event (keyword).
pub const COUNTRY: &str = "country";
/// Turn topics (keyword, multi-valued).
pub const TOPIC: &str = "topic";
/// Countries mentioned in the turn (keyword, multi-valued).
pub const MENTIONS: &str = "mentions";
/// 1 when interpreted.
pub const INTERPRETED: &str = "interpreted";
/// Stage directions (stored).
pub const STAGE: &str = "stage";
/// Index of the question this turn answers, plus one (0: none).
pub const IN_REPLY_TO: &str = "in_reply_to";
/// Source path.
pub const SOURCE: &str = "source";
/// Source URL.
pub const URL: &str = "url";
/// A MinHash signature of the transcript's words, on the first document only (`index::twins`).
pub const TWIN_SIG: &str = "twin_sig";
/// A hash of the turn's words: two copies of a turn in twin transcripts have the same.
pub const TEXT_HASH: &str = "text_hash";

/// Transcript-level JSON (participants, topics, footnotes), on the first document only.
pub const TRANSCRIPT_JSON: &str = "transcript_json";

/// The fields of the schema, resolved once.
#[derive(Debug, Clone)]
#[allow(missing_docs)]
pub struct Fields {
    pub transcript_id: Field,
    pub turn: Field,
    pub first: Field,
    pub hash: Field,
    pub title: Field,
    pub text: Field,
    pub speaker: Field,
    pub label: Field,
    pub role: Field,
    pub affiliation: Field,
    pub speaker_kind: Field,
    pub kind: Field,
    pub date: Field,
    pub date_text: Field,
    pub time: Field,
    pub venue: Field,
    pub city: Field,
    pub country: Field,
    pub topic: Field,
    pub mentions: Field,
    pub interpreted: Field,
    pub stage: Field,
    pub in_reply_to: Field,
    pub source: Field,
    pub url: Field,
    pub transcript_json: Field,
    pub twin_sig: Field,
    pub text_hash: Field,
    /// The fast facet columns, in the order of [`crate::field::Field::facets`].
    pub facet_columns: Vec<Field>,
}

impl Fields {
    /// The fast column of a facet field.
    pub fn column(&self, field: crate::field::Field) -> Option<Field> {
        let i = crate::field::Field::facets().position(|f| f == field)?;
        self.facet_columns.get(i).copied()
    }
}

fn text(tokenizer: &str, positions: bool, stored: bool) -> TextOptions {
    let record =
        if positions { IndexRecordOption::WithFreqsAndPositions } else { IndexRecordOption::Basic };
    let opts = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default().set_tokenizer(tokenizer).set_index_option(record),
    );
    if stored {
        opts.set_stored()
    } else {
        opts
    }
}

/// Builds the schema.
pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let u64_idx = NumericOptions::default().set_indexed().set_stored().set_fast();
    let fields = Fields {
        transcript_id: b.add_text_field(TRANSCRIPT_ID, STRING | STORED | FAST),
        turn: b.add_u64_field(TURN, u64_idx.clone()),
        first: b.add_u64_field(FIRST, NumericOptions::default().set_indexed()),
        // A column too: re-ingest reads every transcript's hash without the doc store.
        hash: b.add_text_field(HASH, STORED | FAST),
        // Words once, exact, with positions: phrases need them, and bare words find their
        // stem's words at query time (`search::stem_query`).
        title: b.add_text_field(TITLE, text(TOKENIZER_EXACT, true, true)),
        text: b.add_text_field(TEXT, text(TOKENIZER_EXACT, true, true)),
        speaker: b.add_text_field(SPEAKER, text(TOKENIZER_EXACT, true, true)),
        label: b.add_text_field(LABEL, STORED),
        role: b.add_text_field(ROLE, text(TOKENIZER_EXACT, true, true)),
        affiliation: b.add_text_field(AFFILIATION, text(TOKENIZER_EXACT, true, true)),
        speaker_kind: b.add_text_field(SPEAKER_KIND, text(TOKENIZER_KEYWORD, false, true)),
        kind: b.add_text_field(KIND, text(TOKENIZER_KEYWORD, false, true)),
        date: b.add_date_field(
            DATE,
            DateOptions::default()
                .set_indexed()
                .set_fast()
                .set_precision(DateTimePrecision::Seconds),
        ),
        date_text: b.add_text_field(DATE_TEXT, STORED),
        time: b.add_text_field(TIME, STORED),
        venue: b.add_text_field(VENUE, STORED),
        city: b.add_text_field(CITY, text(TOKENIZER_KEYWORD, false, true)),
        country: b.add_text_field(COUNTRY, text(TOKENIZER_KEYWORD, false, true)),
        topic: b.add_text_field(TOPIC, text(TOKENIZER_KEYWORD, false, true)),
        mentions: b.add_text_field(MENTIONS, text(TOKENIZER_KEYWORD, false, true)),
        interpreted: b
            .add_u64_field(INTERPRETED, NumericOptions::default().set_indexed().set_stored()),
        stage: b.add_text_field(STAGE, STORED),
        in_reply_to: b.add_u64_field(IN_REPLY_TO, STORED),
        source: b.add_text_field(SOURCE, STORED),
        url: b.add_text_field(URL, STORED),
        transcript_json: b.add_text_field(TRANSCRIPT_JSON, STORED),
        twin_sig: b.add_bytes_field(TWIN_SIG, FAST),
        text_hash: b.add_u64_field(TEXT_HASH, NumericOptions::default().set_fast()),
        // Facet values as fast string columns, counted by ordinal (`search::facet`); a
        // column may also be indexed as whole values, for a filter to read.
        facet_columns: crate::field::Field::facets()
            .filter_map(|f| f.decl().column)
            .map(|c| b.add_text_field(c.name, if c.indexed { STRING | FAST } else { FAST.into() }))
            .collect(),
    };
    (b.build(), fields)
}

/// The analyzers registered on every index under the names above.
pub fn analyzers() -> [(&'static str, TextAnalyzer); 3] {
    [
        (
            TOKENIZER_STEM,
            TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(RemoveLongFilter::limit(48))
                .filter(LowerCaser)
                .filter(AsciiFoldingFilter)
                .filter(super::stem::CachedEnglishStemmer)
                .build(),
        ),
        (
            TOKENIZER_EXACT,
            TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(RemoveLongFilter::limit(48))
                .filter(LowerCaser)
                .filter(AsciiFoldingFilter)
                .build(),
        ),
        (
            TOKENIZER_KEYWORD,
            TextAnalyzer::builder(RawTokenizer::default())
                .filter(LowerCaser)
                .filter(AsciiFoldingFilter)
                .build(),
        ),
    ]
}

/// Registers the analyzers on an index.
pub fn register(index: &tantivy::Index) {
    for (name, analyzer) in analyzers() {
        index.tokenizers().register(name, analyzer);
    }
}
