//! English stemming with a per-thread cache, for query words, snippets and the stem lookups of
//! `search::stem_query` (which stem every word of a dictionary range, and words repeat across
//! segments and queries). The index itself keeps words unstemmed. Results are identical to
//! tantivy's `Stemmer` filter.

use std::cell::RefCell;
use std::collections::HashMap;

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Entries kept per thread before the cache is emptied (memory stays bounded).
const CACHE_LIMIT: usize = 200_000;

/// Word → stem, hashed with foldhash (seeded per process, and quicker than SipHash on short keys).
type Cache = HashMap<Box<str>, Box<str>, foldhash::fast::RandomState>;

thread_local! {
    static CACHE: RefCell<(frostem::Stemmer, Cache)> =
        RefCell::new((frostem::Stemmer::new(frostem::Algorithm::English), Cache::default()));
}

/// A token filter that replaces each token by its English stem.
#[derive(Clone, Copy, Debug, Default)]
pub struct CachedEnglishStemmer;

impl TokenFilter for CachedEnglishStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedStemmerFilter<T> {
        CachedStemmerFilter { inner: tokenizer }
    }
}

/// [`CachedEnglishStemmer`] applied to a tokenizer.
#[derive(Clone)]
pub struct CachedStemmerFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemmerStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CachedStemmerStream { tail: self.inner.token_stream(text), word: String::new() }
    }
}

/// The token stream of [`CachedStemmerFilter`].
pub struct CachedStemmerStream<T> {
    tail: T,
    word: String,
}

/// The English stem of a lower-case word.
pub fn stem(word: &str, out: &mut String) {
    CACHE.with(|c| {
        let (stemmer, cache) = &mut *c.borrow_mut();
        if let Some(s) = cache.get(word) {
            out.clear();
            out.push_str(s);
            return;
        }
        let s: Box<str> = stemmer.stem(word).into();
        if cache.len() >= CACHE_LIMIT {
            cache.clear();
        }
        out.clear();
        out.push_str(&s);
        cache.insert(word.into(), s);
    })
}

impl<T: TokenStream> TokenStream for CachedStemmerStream<T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        // The word moves into the scratch buffer and the stem is written into the buffer the
        // previous word had: no copy of the word, and no allocation once the buffers have grown.
        let token = self.tail.token_mut();
        std::mem::swap(&mut token.text, &mut self.word);
        stem(&self.word, &mut token.text);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use tantivy::tokenizer::{Language, LowerCaser, SimpleTokenizer, Stemmer, TextAnalyzer};

    use super::*;

    fn tokens(mut a: TextAnalyzer, text: &str) -> Vec<String> {
        let mut s = a.token_stream(text);
        let mut out = Vec::new();
        while let Some(t) = s.next() {
            out.push(t.text.clone());
        }
        out
    }

    #[test]
    fn same_stems_as_tantivy() {
        let text = "The negotiations continued; negotiators negotiate, talks talked, studies agreed agreed.";
        let ours = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(CachedEnglishStemmer)
            .build();
        let theirs = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(Stemmer::new(Language::English))
            .build();
        assert_eq!(tokens(ours.clone(), text), tokens(theirs, text));
        assert_eq!(
            tokens(ours, text),
            tokens(
                TextAnalyzer::builder(SimpleTokenizer::default())
                    .filter(LowerCaser)
                    .filter(CachedEnglishStemmer)
                    .build(),
                text
            )
        );
    }
}
