//! Snippets: where the window falls, what is marked, how HTML is escaped.

use super::*;
use passage::ends_with_abbreviation;

fn html(text: &str, h: &[Highlight], max: usize) -> String {
    snippet(text, h, &Analyzers::default(), max).to_html()
}

#[test]
fn highlights_stems_and_phrases() {
    let text = "We talked about trade. The New START treaty matters. Start again, anew.";
    assert_eq!(
        html(text, &[Highlight::ExactPhrase(vec!["new".into(), "start".into()])], 30),
        "… The <b>New</b> <b>START</b> treaty matters. …"
    );
    assert_eq!(
        html(text, &[Highlight::Stem("talk".into())], 25),
        "We <b>talked</b> about trade. …"
    );
}

#[test]
fn titles_and_initials_end_no_sentence() {
    let text = "We discussed Venezuela. Mr. Maduro has to go, as John F. Kennedy said of \
                another man in another country at another time, long ago.";
    let h = [Highlight::Stem("venezuela".into()), Highlight::Stem("maduro".into())];
    // Room for the title and its sentence: one unit, not cut after `Mr.` or `F.`.
    assert_eq!(
        html(text, &h, 140),
        "We discussed <b>Venezuela</b>. Mr. <b>Maduro</b> has to go, as John F. Kennedy said \
         of another man in another country at another time, long ago."
    );
    // Room for less: the snippet does not end on a dangling `Mr.`.
    assert_eq!(html(text, &h, 40), "We discussed <b>Venezuela</b>. …");
    assert!(ends_with_abbreviation("Ask Dr. ") && ends_with_abbreviation("(Gen. "));
    assert!(!ends_with_abbreviation("It ended. ") && !ends_with_abbreviation("I said no"));
}

#[test]
fn occurrences_are_words_and_phrases() {
    let an = Analyzers::default();
    let text =
        "Sanctions work. We sanctioned them; the sanction regime, New START and a new start.";
    let h = Highlighter::new(&[Highlight::Stem("sanction".into())]);
    let found: Vec<&str> = h.occurrences(text, &an).into_iter().map(|r| &text[r]).collect();
    assert_eq!(found, ["Sanctions", "sanctioned", "sanction"]);
    let h = Highlighter::new(&[
        Highlight::ExactPhrase(vec!["new".into(), "start".into()]),
        Highlight::Exact("start".into()),
    ]);
    let found: Vec<&str> = h.occurrences(text, &an).into_iter().map(|r| &text[r]).collect();
    assert_eq!(found, ["New START", "new start"]);
}

#[test]
fn escapes_html() {
    let text = "A <script>alert(1)</script> talk & more.";
    assert_eq!(
        html(text, &[Highlight::Stem("talk".into())], 200),
        "A &lt;script&gt;alert(1)&lt;/script&gt; <b>talk</b> &amp; more."
    );
}

#[test]
fn no_match_takes_the_opening_at_a_char_boundary() {
    let text = "’".repeat(200);
    let s = snippet(&text, &[], &Analyzers::default(), 100);
    assert!(s.fragment.len() <= 600 && !s.fragment.is_empty());
}

#[test]
fn long_sentences_are_windowed() {
    let text = format!("{} sanctions {}", "word ".repeat(200), "word ".repeat(200));
    let s = snippet(&text, &[Highlight::Stem("sanction".into())], &Analyzers::default(), 100);
    assert!(s.fragment.len() <= 100, "{}", s.fragment.len());
    assert!(s.cut_start && s.cut_end);
    assert_eq!(s.highlights.len(), 1);
}

/// The case seen on a real briefing: the match region began inside "discussed" and the
/// snippet opened with "ussed". Every offset of the region must give whole words.
#[test]
fn snippets_start_and_end_on_whole_words() {
    for pad in 0..12 {
        // The matched sentence starts further back than the region does.
        let text = format!(
            "{}.{} the New START Treaty. {}",
            "x".repeat(pad),
            " discussed".repeat(8),
            "Next. ".repeat(30)
        );
        let s = snippet(&text, &[Highlight::Stem("treati".into())], &Analyzers::default(), 60);
        for w in s.fragment.split_whitespace() {
            let w = w.trim_end_matches('.');
            assert!(
                ["discussed", "Next", "the", "New", "START", "Treaty"].contains(&w)
                    || w.chars().all(|c| c == 'x'),
                "pad {pad}: {w:?} in {:?}",
                s.fragment
            );
        }
    }
}

/// A case the property test found: the window's first space lay past the sentence's end.
#[test]
fn windows_stay_inside_their_sentence() {
    let text = "\u{a8e0}Aᱍ𑋰ⶸa0ꬉ\"0𑴀{d۞¡¡A00𑠀\"\"0\"\"\"A0𝔍a®A\"A\u{c4a}ૹ0a᧞ￂὛ¡A\"𞸡𐀀\"®000ওA0\"a𞟭A𐮙0 𞋿!!!aaA𞹬a000aነ¡𖵀!ￒ!A!ቐ𔐀0⭶𞟨a\u{1772}\u{11300}00!‰";
    let hl = [
        Highlight::Stem("d".into()),
        Highlight::Exact("d*".into()),
        Highlight::ExactPhrase(vec!["d".into(), "d".into()]),
    ];
    let s = snippet(text, &hl, &Analyzers::default(), 40);
    assert!(text.contains(&s.fragment));
}

fn analyzer_words(text: &str) -> Vec<(Range<usize>, String)> {
    let mut a = Analyzers::default().exact;
    let mut s = a.token_stream(text);
    let mut out = Vec::new();
    while let Some(t) = s.next() {
        out.push((t.offset_from..t.offset_to, t.text.clone()));
    }
    out
}

fn fast_words(text: &str) -> Vec<(Range<usize>, String)> {
    let mut out = Vec::new();
    for_each_word(text, &Analyzers::default(), |r, w, normalized| {
        out.push((r, if normalized { w.to_string() } else { w.to_ascii_lowercase() }))
    });
    out
}

/// The snippet's own word walk must cut and normalize exactly as the index's analyzer:
/// otherwise a snippet would miss (or mark) words the search matched (or did not).
#[test]
fn words_are_the_analyzers_words() {
    let text = "Mr. Président, the U.S.–Russia talks (New START) résumé naïve ÉCOLE 2019’s \
                Straße ﬁnance Ⅻ ١٢٣ 東京 \u{301}e x1y2 "
        .to_string()
        + &"a".repeat(47)
        + " "
        + &"b".repeat(48)
        + " "
        + &"é".repeat(30);
    assert_eq!(fast_words(&text), analyzer_words(&text));
    let corpus = include_str!(
        "../../../tests/fixtures/hostile/2022-07-12-department-press-briefing-with-markup.txt"
    );
    assert_eq!(fast_words(corpus), analyzer_words(corpus));
}

proptest::proptest! {
    #[test]
    fn snippets_never_panic(text in "\\PC{0,400}", word in "[a-zé’]{1,6}", max in 40usize..300) {
        let hl = [
            Highlight::Stem(word.clone()),
            Highlight::Exact(format!("{word}*")),
            Highlight::ExactPhrase(vec![word.clone(), word.clone()]),
        ];
        let s = snippet(&text, &hl, &Analyzers::default(), max);
        for r in &s.highlights {
            proptest::prop_assert!(s.fragment.is_char_boundary(r.start) && s.fragment.is_char_boundary(r.end));
        }
        let _ = s.to_html();
    }

    /// Looking only where a pattern can start finds what looking at every word finds.
    #[test]
    fn candidates_find_every_matching_word(
        text in "(\\PC|[ a-zA-Z.]){0,300}",
        picks in proptest::collection::vec((0usize..1000, 0usize..4), 1..5),
    ) {
        let an = Analyzers::default();
        let words = fast_words(&text);
        let mut hl = Vec::new();
        for (pick, kind) in picks {
            let w = words.get(pick % words.len().max(1)).map_or("ab".to_string(), |w| w.1.clone());
            let mut stem = String::new();
            crate::index::stem::stem(&w, &mut stem);
            let cut: String = w.chars().take(2).collect();
            hl.push(match kind {
                0 => Highlight::Exact(w),
                1 => Highlight::Exact(format!("{cut}*")),
                2 => Highlight::Stem(stem),
                _ => Highlight::ExactPhrase(vec![w.clone(), w]),
            });
        }
        let h = Highlighter::new(&hl);
        proptest::prop_assert_eq!(tokenize(&text, &an, &h), every_word(&text, &an, &h));
    }

    #[test]
    fn words_match_the_analyzer(text in "\\PC{0,300}") {
        proptest::prop_assert_eq!(fast_words(&text), analyzer_words(&text));
    }
}
