//! Quote extraction and attribution: the gold articles of tests/fixtures (a measured floor), and
//! one small inline article per extraction case (SPEC 2.5; tests/fixtures/README.md conventions).
use geostance::eval::token_f1;
use geostance::quotes::QuoteKind;
use geostance::records::{AnalyzedArticle, ArticleQuote, GoldArticle, RecordId};
use geostance::Engine;
use std::sync::OnceLock;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::builtin().expect("built-in engine loads"))
}

fn analyze(text: &str) -> AnalyzedArticle {
    engine()
        .analyze(RecordId::Str("t".into()), text, false)
        .expect("analyze succeeds")
}

/// Lower-case word tokens, as the evaluation splits them.
fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Whether the predicted speaker name holds the gold speaker's last name (SPEC 5, attribution).
fn same_speaker(gold: &str, predicted: Option<&str>) -> bool {
    let Some(last) = words(gold).pop() else {
        return false;
    };
    predicted.is_some_and(|p| words(p).contains(&last))
}

struct ArticleScore {
    id: String,
    gold: usize,
    predicted: usize,
    found: usize,
    found_with_speaker: usize,
}

/// Matches predicted to gold quotes (word-token F1 >= 0.5, best pairs first, each quote matched
/// at most once) and counts the matches with the right speaker.
fn score_article(gold: &GoldArticle, pred: &AnalyzedArticle) -> ArticleScore {
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
    for (g, gq) in gold.quotes.iter().enumerate() {
        for (p, pq) in pred.quotes.iter().enumerate() {
            let f = token_f1(&gq.text, &pq.text);
            if f >= 0.5 {
                pairs.push((f, g, p));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut gused = vec![false; gold.quotes.len()];
    let mut pused = vec![false; pred.quotes.len()];
    let (mut found, mut with_speaker) = (0, 0);
    for (_, g, p) in pairs {
        if gused[g] || pused[p] {
            continue;
        }
        gused[g] = true;
        pused[p] = true;
        found += 1;
        let gs = gold.quotes[g].speaker.as_deref().unwrap_or("");
        let ps = pred.quotes[p].speaker.as_ref().map(|s| s.name.as_str());
        if same_speaker(gs, ps) {
            with_speaker += 1;
        } else {
            println!(
                "  {}: wrong speaker {:?} (gold {gs:?}) for {:?}",
                gold.id.as_string(),
                ps,
                gold.quotes[g].text
            );
        }
    }
    for (g, used) in gused.iter().enumerate() {
        if !used {
            println!(
                "  {}: missed {:?}",
                gold.id.as_string(),
                gold.quotes[g].text
            );
        }
    }
    for (p, used) in pused.iter().enumerate() {
        if !used {
            println!(
                "  {}: spurious {:?}",
                gold.id.as_string(),
                pred.quotes[p].text
            );
        }
    }
    ArticleScore {
        id: gold.id.as_string(),
        gold: gold.quotes.len(),
        predicted: pred.quotes.len(),
        found,
        found_with_speaker: with_speaker,
    }
}

fn gold_articles() -> Vec<GoldArticle> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/articles.jsonl");
    std::fs::read_to_string(path)
        .expect("read the fixtures")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("a gold article"))
        .collect()
}

// Measured on ea0f73e, and again after the robustness and coreference work of issue 3: all 62
// gold quotes of the 8 articles found, all with the right speaker (and, since then, the right
// speaker country: 62/62, was 61/62), and no spurious quote (62 predicted); every article 1.000. (On the spine commit a3316f8 it was
// 57/62 = 0.919 with speaker, 59/62 found, 59/60 precision, lowest article fx03 at 5/7.)
// The floors leave room for a miss or two; raise them if they start to bind.

/// Share of gold quotes found with the right speaker, over all fixture articles.
const FLOOR_FOUND_WITH_SPEAKER: f64 = 0.95;
/// Share of gold quotes found at all.
const FLOOR_FOUND: f64 = 0.95;
/// Share of predicted quotes that match a gold quote.
const FLOOR_PRECISION: f64 = 0.95;
/// No article may fall below this share of its gold quotes found with the right speaker.
const FLOOR_PER_ARTICLE: f64 = 0.85;

#[test]
fn fixture_articles_quotes_found_with_the_right_speaker() {
    let arts = gold_articles();
    assert_eq!(arts.len(), 8);
    let mut total = (0, 0, 0, 0);
    let mut scores = Vec::new();
    for a in &arts {
        let pred = engine()
            .analyze(a.id.clone(), &a.text, false)
            .expect("analyze a fixture");
        let s = score_article(a, &pred);
        println!(
            "{}: gold {} predicted {} found {} with speaker {} ({:.3})",
            s.id,
            s.gold,
            s.predicted,
            s.found,
            s.found_with_speaker,
            s.found_with_speaker as f64 / s.gold as f64
        );
        total.0 += s.gold;
        total.1 += s.predicted;
        total.2 += s.found;
        total.3 += s.found_with_speaker;
        scores.push(s);
    }
    let (gold, predicted, found, with_speaker) = total;
    let recall_spk = with_speaker as f64 / gold as f64;
    let recall = found as f64 / gold as f64;
    let precision = found as f64 / predicted.max(1) as f64;
    println!(
        "all: gold {gold} predicted {predicted} found {found} ({recall:.3}) with speaker {with_speaker} ({recall_spk:.3}) precision {precision:.3}"
    );
    assert!(
        recall_spk >= FLOOR_FOUND_WITH_SPEAKER,
        "gold quotes found with the right speaker: {recall_spk:.3} < {FLOOR_FOUND_WITH_SPEAKER}"
    );
    assert!(
        recall >= FLOOR_FOUND,
        "gold quotes found: {recall:.3} < {FLOOR_FOUND}"
    );
    assert!(
        precision >= FLOOR_PRECISION,
        "precision: {precision:.3} < {FLOOR_PRECISION}"
    );
    for s in &scores {
        let r = s.found_with_speaker as f64 / s.gold as f64;
        assert!(
            r >= FLOOR_PER_ARTICLE,
            "{}: {r:.3} of gold quotes found with the right speaker < {FLOOR_PER_ARTICLE}",
            s.id
        );
    }
}

#[test]
fn fixture_quote_offsets_are_code_points() {
    for a in gold_articles() {
        let chars: Vec<char> = a.text.chars().collect();
        let pred = engine().analyze(a.id.clone(), &a.text, false).unwrap();
        for q in &pred.quotes {
            assert_eq!(
                chars[q.start..q.end].iter().collect::<String>(),
                q.text,
                "{}: quote offsets",
                a.id.as_string()
            );
            if let Some(s) = &q.speaker {
                assert!(s.start < s.end && s.end <= chars.len());
            }
        }
    }
}

// ----- inline cases -----

/// The quotes whose text holds `needle`.
fn quotes_with<'a>(a: &'a AnalyzedArticle, needle: &str) -> Vec<&'a ArticleQuote> {
    a.quotes
        .iter()
        .filter(|q| q.text.contains(needle))
        .collect()
}

/// The one quote whose text holds `needle`.
fn quote<'a>(a: &'a AnalyzedArticle, needle: &str) -> &'a ArticleQuote {
    let qs = quotes_with(a, needle);
    assert_eq!(
        qs.len(),
        1,
        "expected one quote holding {needle:?}, got {:#?}",
        summary(a)
    );
    qs[0]
}

/// (kind, text, speaker) of each quote, for failure messages.
fn summary(a: &AnalyzedArticle) -> Vec<(QuoteKind, String, Option<String>)> {
    a.quotes
        .iter()
        .map(|q| {
            (
                q.kind,
                q.text.clone(),
                q.speaker.as_ref().map(|s| s.name.clone()),
            )
        })
        .collect()
}

fn speaker(q: &ArticleQuote) -> Option<&str> {
    q.speaker.as_ref().map(|s| s.name.as_str())
}

fn country(q: &ArticleQuote) -> Option<&str> {
    q.speaker.as_ref().and_then(|s| s.country.as_deref())
}

/// One article, one direct quote with exactly `text` between the marks, said by `name`.
fn assert_single_direct(article: &str, text: &str, name: &str, cc: &str) {
    let a = analyze(article);
    assert_eq!(a.quotes.len(), 1, "{:#?}", summary(&a));
    let q = &a.quotes[0];
    assert_eq!(q.kind, QuoteKind::Direct);
    assert_eq!(q.text, text, "the text between the marks");
    assert_eq!(speaker(q), Some(name), "{:#?}", summary(&a));
    assert_eq!(country(q), Some(cc));
    let chars: Vec<char> = article.chars().collect();
    assert_eq!(chars[q.start..q.end].iter().collect::<String>(), q.text);
}

#[test]
fn marks_straight_double() {
    assert_single_direct(
        "\"We will never accept these sanctions against our country,\" Russian Foreign Minister Sergey Lavrov said on Monday.",
        "We will never accept these sanctions against our country,",
        "Sergey Lavrov",
        "RU",
    );
}

#[test]
fn marks_curly_double_with_curly_apostrophes() {
    assert_single_direct(
        "“It’s Washington’s choice, and we’re not going to accept others’ bullying,” Chinese Foreign Ministry spokesperson Mao Ning said.",
        "It’s Washington’s choice, and we’re not going to accept others’ bullying,",
        "Mao Ning",
        "CN",
    );
}

#[test]
fn marks_straight_single_with_apostrophes() {
    let article = "'We don't accept the world's double standards on countries' energy choices. Russia's oil is not the issue,' Indian External Affairs Ministry spokesperson Randhir Jaiswal said on Monday.";
    assert_single_direct(
        article,
        "We don't accept the world's double standards on countries' energy choices. Russia's oil is not the issue,",
        "Randhir Jaiswal",
        "IN",
    );
}

#[test]
fn marks_curly_single_with_curly_apostrophes() {
    assert_single_direct(
        "‘Putin’s war machine runs on Russia’s oil money, and we will cut it off,’ British Foreign Secretary David Lammy said.",
        "Putin’s war machine runs on Russia’s oil money, and we will cut it off,",
        "David Lammy",
        "GB",
    );
}

#[test]
fn marks_guillemets() {
    assert_single_direct(
        "«We have never interfered in the internal affairs of Moldova,» Russian Foreign Ministry spokeswoman Maria Zakharova said on Thursday.",
        "We have never interfered in the internal affairs of Moldova,",
        "Maria Zakharova",
        "RU",
    );
}

#[test]
fn marks_german_low_high() {
    assert_single_direct(
        "„Germany will stand by Lithuania and protect every inch of NATO territory“, German Chancellor Friedrich Merz said in Vilnius.",
        "Germany will stand by Lithuania and protect every inch of NATO territory",
        "Friedrich Merz",
        "DE",
    );
}

#[test]
fn marks_mixed_straight_single_and_curly_double() {
    assert_single_direct(
        "'We will not accept lectures from Western countries on our energy choices,” Indian External Affairs Ministry spokesperson Randhir Jaiswal said.",
        "We will not accept lectures from Western countries on our energy choices,",
        "Randhir Jaiswal",
        "IN",
    );
}

#[test]
fn split_quote_between_two_sentences_has_one_speaker() {
    let a = analyze(
        "Chinese Foreign Ministry spokesperson Mao Ning spoke at a regular briefing on Tuesday.\n\n\"We firmly oppose the unilateral sanctions imposed by Washington,\" she said. \"China will firmly protect the legitimate rights of its companies.\"",
    );
    assert_eq!(a.quotes.len(), 2, "{:#?}", summary(&a));
    let (q1, q2) = (&a.quotes[0], &a.quotes[1]);
    assert_eq!(
        q1.text,
        "We firmly oppose the unilateral sanctions imposed by Washington,"
    );
    assert_eq!(
        q2.text,
        "China will firmly protect the legitimate rights of its companies."
    );
    for q in [q1, q2] {
        assert_eq!(q.kind, QuoteKind::Direct);
        assert_eq!(speaker(q), Some("Mao Ning"), "{:#?}", summary(&a));
        assert_eq!(country(q), Some("CN"));
    }
}

#[test]
fn split_quote_around_the_attribution_inside_one_sentence() {
    let a = analyze(
        "British Foreign Secretary David Lammy was in Kyiv on Monday.\n\n‘We will keep tightening the screws on Putin’s shadow fleet,’ the foreign secretary added, ‘and we will do it together with our G7 partners.’",
    );
    assert_eq!(a.quotes.len(), 2, "{:#?}", summary(&a));
    assert_eq!(
        a.quotes[0].text,
        "We will keep tightening the screws on Putin’s shadow fleet,"
    );
    assert_eq!(
        a.quotes[1].text,
        "and we will do it together with our G7 partners."
    );
    for q in &a.quotes {
        assert_eq!(speaker(q), Some("David Lammy"), "{:#?}", summary(&a));
    }
}

#[test]
fn scare_quote_is_not_speech() {
    let a = analyze(
        "Washington has long used what Beijing calls \"sanction sticks\" against Chinese firms.\n\n\"We firmly oppose the U.S. abuse of export controls,\" Chinese Foreign Ministry spokesperson Mao Ning said.",
    );
    assert!(
        a.quotes
            .iter()
            .all(|q| !(q.kind == QuoteKind::Direct && q.text.contains("sanction sticks"))),
        "a scare quote was reported as a quote: {:#?}",
        summary(&a)
    );
    let q = quote(&a, "abuse of export controls");
    assert_eq!(
        q.text,
        "We firmly oppose the U.S. abuse of export controls,"
    );
    assert_eq!(speaker(q), Some("Mao Ning"));
}

#[test]
fn scare_quotes_without_speech_give_no_quote() {
    let a = analyze(
        "During the Cold War the country stayed out of military blocs, a posture that came to be known as \"Finlandisation\".\n\nThe policy, dubbed \"small yard, high fence\", covers advanced chips.",
    );
    assert!(a.quotes.is_empty(), "{:#?}", summary(&a));
}

#[test]
fn quote_over_two_paragraphs_gives_two_quotes_with_one_speaker() {
    let a = analyze(
        "German Chancellor Friedrich Merz spoke in Vilnius on Thursday.\n\n\"Germany will stand by Lithuania and protect every inch of NATO territory. This brigade is a promise to our allies.\n\n\"We will not let anyone threaten our partners again,\" Merz said.",
    );
    assert_eq!(a.quotes.len(), 2, "{:#?}", summary(&a));
    assert_eq!(
        a.quotes[0].text,
        "Germany will stand by Lithuania and protect every inch of NATO territory. This brigade is a promise to our allies."
    );
    assert_eq!(
        a.quotes[1].text,
        "We will not let anyone threaten our partners again,"
    );
    for q in &a.quotes {
        assert_eq!(q.kind, QuoteKind::Direct);
        assert_eq!(speaker(q), Some("Friedrich Merz"), "{:#?}", summary(&a));
    }
}

#[test]
fn unbalanced_mark_does_not_swallow_the_next_paragraph() {
    for article in [
        // An opening mark never closed, mid-paragraph.
        "The ministry called the decision \"unacceptable and vowed a firm response.\n\nRussian Foreign Minister Sergey Lavrov said: \"We will respond to this hostile step by Moldova.\"",
        // A stray closing mark.
        "The ministry called the decision unacceptable\" and vowed a firm response.\n\n\"We will respond to this hostile step by Moldova,\" Russian Foreign Minister Sergey Lavrov said.",
        // An unclosed mark two paragraphs before the quote.
        "The ministry called the decision \"unacceptable and vowed a firm response.\n\nMoldova expelled 45 Russian diplomats on Thursday.\n\n\"We will respond to this hostile step by Moldova,\" Russian Foreign Minister Sergey Lavrov said.",
    ] {
        let a = analyze(article);
        for q in &a.quotes {
            assert!(
                !q.text.contains('\n'),
                "a quote runs over a paragraph break: {:?}",
                q.text
            );
        }
        let q = quote(&a, "hostile step");
        assert_eq!(q.kind, QuoteKind::Direct);
        assert!(
            q.text == "We will respond to this hostile step by Moldova,"
                || q.text == "We will respond to this hostile step by Moldova.",
            "{:?}",
            q.text
        );
        assert_eq!(speaker(q), Some("Sergey Lavrov"));
    }
}

#[test]
fn reported_speech_said_that() {
    let a = analyze(
        "Russian Foreign Minister Sergey Lavrov said that Washington was trying to obstruct a multipolar world.",
    );
    assert_eq!(a.quotes.len(), 1, "{:#?}", summary(&a));
    let q = &a.quotes[0];
    assert_eq!(q.kind, QuoteKind::Indirect);
    assert_eq!(
        q.text,
        "Washington was trying to obstruct a multipolar world"
    );
    assert_eq!(speaker(q), Some("Sergey Lavrov"));
    assert_eq!(country(q), Some("RU"));
    assert!(q.targets.iter().any(|t| t.target == "US"));
}

#[test]
fn reported_speech_said_without_that() {
    let a = analyze(
        "Kremlin spokesman Dmitry Peskov said Russia would closely watch what hardware NATO deployed in Finland.",
    );
    let q = quote(&a, "closely watch");
    assert_eq!(q.kind, QuoteKind::Indirect);
    assert_eq!(
        q.text,
        "Russia would closely watch what hardware NATO deployed in Finland"
    );
    assert_eq!(speaker(q), Some("Dmitry Peskov"));
}

#[test]
fn reported_speech_told_reporters_that() {
    let a = analyze(
        "Kremlin spokesman Dmitry Peskov told reporters that Russia would closely watch NATO deployments in Finland.",
    );
    let q = quote(&a, "closely watch");
    assert_eq!(q.kind, QuoteKind::Indirect);
    assert_eq!(
        q.text,
        "Russia would closely watch NATO deployments in Finland"
    );
    assert_eq!(speaker(q), Some("Dmitry Peskov"));
}

#[test]
fn reported_speech_according_to() {
    let a = analyze(
        "According to Chinese Foreign Ministry spokesperson Mao Ning, China firmly opposes the new U.S. export controls.",
    );
    assert_eq!(a.quotes.len(), 1, "{:#?}", summary(&a));
    let q = &a.quotes[0];
    assert_eq!(q.kind, QuoteKind::Indirect);
    assert_eq!(q.text, "China firmly opposes the new U.S. export controls");
    assert_eq!(speaker(q), Some("Mao Ning"));
    assert_eq!(country(q), Some("CN"));
}

#[test]
fn reported_speech_appositive_speaker() {
    let a = analyze(
        "Maria Zakharova, the ministry's spokeswoman, said that Chisinau had chosen confrontation with Moscow.",
    );
    let q = quote(&a, "confrontation");
    assert_eq!(q.kind, QuoteKind::Indirect);
    assert_eq!(q.text, "Chisinau had chosen confrontation with Moscow");
    assert_eq!(speaker(q), Some("Maria Zakharova"));
}

#[test]
fn reported_speech_accused_of() {
    let a = analyze(
        "Russian Foreign Ministry spokeswoman Maria Zakharova accused Moldova of waging a campaign against Russian diplomats.",
    );
    let q = quote(&a, "campaign");
    assert_eq!(q.kind, QuoteKind::Indirect);
    assert_eq!(
        q.text,
        "Moldova of waging a campaign against Russian diplomats"
    );
    assert_eq!(speaker(q), Some("Maria Zakharova"));
    assert!(q.targets.iter().any(|t| t.target == "MD"));
}

#[test]
fn pronoun_refers_to_the_earlier_full_name() {
    // Not in the gazetteer: the name can only come from the article.
    let a = analyze(
        "Moldovan Foreign Minister Ana Vrabie spoke to reporters in Brussels on Monday.\n\n\"Our future is in the European Union, not with Moscow,\" she said.",
    );
    let q = quote(&a, "Our future");
    assert_eq!(speaker(q), Some("Ana Vrabie"), "{:#?}", summary(&a));
    assert_eq!(country(q), Some("MD"));

    let a = analyze(
        "\"Chisinau has chosen the path of confrontation,\" Russian Foreign Ministry spokeswoman Maria Zakharova said on Thursday.\n\n\"Moscow will respond to every hostile step,\" she said.",
    );
    assert_eq!(a.quotes.len(), 2, "{:#?}", summary(&a));
    for q in &a.quotes {
        assert_eq!(speaker(q), Some("Maria Zakharova"), "{:#?}", summary(&a));
    }

    let a = analyze(
        "Russian Foreign Minister Sergey Lavrov met his Chinese counterpart on Monday.\n\nHe said that Washington was trying to isolate Beijing.",
    );
    let q = quote(&a, "isolate Beijing");
    assert_eq!(q.kind, QuoteKind::Indirect);
    assert_eq!(speaker(q), Some("Sergey Lavrov"));
}

#[test]
fn title_before_the_name_is_not_part_of_the_name() {
    let a = analyze(
        "\"We firmly oppose the U.S. abuse of export controls,\" Chinese Foreign Ministry spokesperson Mao Ning said.",
    );
    let q = quote(&a, "export controls");
    assert_eq!(speaker(q), Some("Mao Ning"));
    assert_eq!(country(q), Some("CN"));

    let a = analyze(
        "Chinese Foreign Ministry spokesperson Mao Ning said: \"We firmly oppose the U.S. abuse of export controls.\"",
    );
    let q = quote(&a, "export controls");
    assert_eq!(
        q.text,
        "We firmly oppose the U.S. abuse of export controls."
    );
    assert_eq!(speaker(q), Some("Mao Ning"));

    // A name the gazetteer does not know: the country comes from the title.
    let a = analyze(
        "\"Our future is in the European Union, not with Moscow,\" Moldovan Foreign Minister Ana Vrabie said on Monday.",
    );
    let q = quote(&a, "Our future");
    assert_eq!(speaker(q), Some("Ana Vrabie"));
    assert_eq!(country(q), Some("MD"));
}

#[test]
fn inverted_attribution_takes_the_earlier_full_name() {
    let a = analyze(
        "Russian Foreign Minister Sergey Lavrov arrived in New Delhi on Monday.\n\n\"Our partnership with India has never been stronger,\" said Lavrov.",
    );
    let q = quote(&a, "partnership");
    assert_eq!(speaker(q), Some("Sergey Lavrov"));
    assert_eq!(country(q), Some("RU"));

    // Not in the gazetteer: the full name can only come from the article.
    let a = analyze(
        "\"Moscow has tried to destabilise us for years,\" Moldovan Foreign Minister Ion Vrabie said on Monday.\n\n\"Our future is in the European Union,\" said Vrabie.",
    );
    assert_eq!(a.quotes.len(), 2, "{:#?}", summary(&a));
    for q in &a.quotes {
        assert_eq!(speaker(q), Some("Ion Vrabie"), "{:#?}", summary(&a));
        assert_eq!(country(q), Some("MD"));
    }
}

/// SPEC 2.5: `speaker.name` is the fullest name *the article* gives.
#[test]
fn speaker_name_is_spelled_as_in_the_article() {
    let a = analyze(
        "Russian Foreign Minister Sergei Lavrov arrived in New Delhi on Monday.\n\n\"Our partnership with India has never been stronger,\" said Lavrov.",
    );
    let q = quote(&a, "partnership");
    assert_eq!(speaker(q), Some("Sergei Lavrov"));
}

#[test]
fn reported_clause_before_the_verb_in_a_wire_lead() {
    let a = analyze(
        "MOSCOW, April 4 (Reuters) - Finland's accession to NATO was an encroachment on Russia's security, the Kremlin said on Tuesday.",
    );
    assert_eq!(a.quotes.len(), 1, "{:#?}", summary(&a));
    let q = &a.quotes[0];
    assert_eq!(q.kind, QuoteKind::Indirect);
    assert_eq!(
        q.text,
        "Finland's accession to NATO was an encroachment on Russia's security"
    );
    assert!(speaker(q).is_some_and(|s| s.contains("Kremlin")));
}

#[test]
fn speech_verb_without_reported_content_is_no_quote() {
    let a = analyze(
        "The department added 140 entities to its trade restriction list on Monday.\n\nBritish Foreign Secretary David Lammy thanked London's partners in Paris.\n\nThe minister announced the measures on Tuesday.",
    );
    assert!(a.quotes.is_empty(), "{:#?}", summary(&a));
}

#[test]
fn reported_clause_before_the_verb_with_a_trailing_phrase() {
    let a = analyze(
        "Finland's accession to NATO was an encroachment on Russia's security that would force Moscow to take counter-measures, the Kremlin said on Tuesday, hours before the Nordic country formally became the alliance's 31st member.",
    );
    assert_eq!(a.quotes.len(), 1, "{:#?}", summary(&a));
    let q = &a.quotes[0];
    assert_eq!(q.kind, QuoteKind::Indirect);
    assert_eq!(
        q.text,
        "Finland's accession to NATO was an encroachment on Russia's security that would force Moscow to take counter-measures"
    );
    assert!(speaker(q).is_some_and(|s| s.contains("Kremlin")));
    assert_eq!(country(q), Some("RU"));
}

#[test]
fn time_adverbial_between_subject_and_verb() {
    let a = analyze(
        "Russian Foreign Minister Sergey Lavrov on Tuesday said that Western countries had no standing to lecture Moscow.",
    );
    let q = quote(&a, "no standing");
    assert_eq!(
        q.text,
        "Western countries had no standing to lecture Moscow"
    );
    assert_eq!(speaker(q), Some("Sergey Lavrov"));

    let a = analyze(
        "Russia's Foreign Ministry on Thursday accused the Moldovan leadership of deliberately destroying relations between the two countries.",
    );
    let q = quote(&a, "destroying");
    assert!(
        speaker(q).is_some_and(|s| s.contains("Ministry")),
        "{:#?}",
        summary(&a)
    );
    assert_eq!(country(q), Some("RU"));
}

#[test]
fn reported_speech_saying_that() {
    let a = analyze(
        "Russian Foreign Minister Sergey Lavrov defended the decision, saying that Western countries had no standing to lecture Moscow.",
    );
    let q = quote(&a, "no standing");
    assert_eq!(q.kind, QuoteKind::Indirect);
    assert_eq!(
        q.text,
        "Western countries had no standing to lecture Moscow"
    );
    assert_eq!(speaker(q), Some("Sergey Lavrov"));
}

#[test]
fn told_an_audience_with_a_colon_before_the_quote() {
    for article in [
        "External Affairs Ministry spokesperson Randhir Jaiswal told reporters: \"India has always stood for dialogue and diplomacy.\"",
        "External Affairs Ministry spokesperson Randhir Jaiswal told a weekly media briefing: 'India has always stood for dialogue and diplomacy. Any attempt to drag our ties with Moscow into other people's quarrels will not succeed”.",
    ] {
        let a = analyze(article);
        let q = quote(&a, "India has always stood");
        assert_eq!(q.kind, QuoteKind::Direct);
        assert!(q.text.starts_with("India has always stood for dialogue and diplomacy"));
        assert_eq!(speaker(q), Some("Randhir Jaiswal"), "{:#?}", summary(&a));
    }
}

#[test]
fn inner_marks_stay_inside_the_quote() {
    let a = analyze(
        "\"Washington keeps saying 'no' to every proposal from Moscow,\" Russian Foreign Minister Sergey Lavrov said.",
    );
    assert_eq!(a.quotes.len(), 1, "{:#?}", summary(&a));
    assert_eq!(
        a.quotes[0].text,
        "Washington keeps saying 'no' to every proposal from Moscow,"
    );
    let a = analyze(
        "“Washington calls it a ‘small yard, high fence’ policy, but it is a wall against China,” Chinese Foreign Ministry spokesperson Mao Ning said.",
    );
    assert_eq!(a.quotes.len(), 1, "{:#?}", summary(&a));
    assert_eq!(
        a.quotes[0].text,
        "Washington calls it a ‘small yard, high fence’ policy, but it is a wall against China,"
    );
    assert_eq!(speaker(&a.quotes[0]), Some("Mao Ning"));
}

#[test]
fn speaker_before_the_quote() {
    for (article, text) in [
        (
            "Russian Foreign Minister Sergey Lavrov said, \"We will respond to this hostile step by Moldova.\"",
            "We will respond to this hostile step by Moldova.",
        ),
        (
            "British Foreign Secretary David Lammy said: “Putin’s war machine runs on oil money, and we will cut it off.”",
            "Putin’s war machine runs on oil money, and we will cut it off.",
        ),
    ] {
        let a = analyze(article);
        assert_eq!(a.quotes.len(), 1, "{:#?}", summary(&a));
        assert_eq!(a.quotes[0].kind, QuoteKind::Direct);
        assert_eq!(a.quotes[0].text, text);
        assert!(speaker(&a.quotes[0]).is_some_and(|s| s == "Sergey Lavrov" || s == "David Lammy"));
    }
}

#[test]
fn organisation_speaker_and_it() {
    let a = analyze(
        "\"The sanctions are illegal and will not change our course,\" the Russian embassy in London said in a statement.\n\nIt added: \"London is wasting its time.\"",
    );
    assert_eq!(a.quotes.len(), 2, "{:#?}", summary(&a));
    for q in &a.quotes {
        assert!(
            speaker(q).is_some_and(|s| s.contains("embassy")),
            "{:#?}",
            summary(&a)
        );
        assert_eq!(country(q), Some("RU"));
    }
}

#[test]
fn two_speakers_are_kept_apart() {
    let a = analyze(
        "Chinese Foreign Ministry spokesperson Mao Ning and U.S. Commerce Secretary Gina Raimondo both spoke on Tuesday.\n\n\"Washington has abused export controls,\" Mao said.\n\n\"We will protect our national security,\" Raimondo said.",
    );
    assert_eq!(a.quotes.len(), 2, "{:#?}", summary(&a));
    assert_eq!(speaker(&a.quotes[0]), Some("Mao Ning"));
    assert_eq!(country(&a.quotes[0]), Some("CN"));
    assert_eq!(speaker(&a.quotes[1]), Some("Gina Raimondo"));
    assert_eq!(country(&a.quotes[1]), Some("US"));
}

// ----- multi-word speech verbs (data/lexicons/speech_verbs.tsv phrases) -----

#[test]
fn reported_speech_with_multi_word_verbs() {
    for (article, clause, name) in [
        (
            "Russian Foreign Minister Sergey Lavrov made clear that Moscow would not accept a ceasefire on Western terms.",
            "Moscow would not accept a ceasefire on Western terms",
            "Sergey Lavrov",
        ),
        (
            "Russian Foreign Minister Sergey Lavrov made it clear that Moscow would not accept a ceasefire on Western terms.",
            "Moscow would not accept a ceasefire on Western terms",
            "Sergey Lavrov",
        ),
        (
            "Chinese Foreign Ministry spokesperson Mao Ning pointed out that Washington had turned trade into a weapon.",
            "Washington had turned trade into a weapon",
            "Mao Ning",
        ),
        (
            "Indian Prime Minister Narendra Modi told a news conference that New Delhi would buy oil wherever it was cheapest.",
            "New Delhi would buy oil wherever it was cheapest",
            "Narendra Modi",
        ),
        (
            "Moldovan Foreign Minister Ana Vrabie said in a statement that Chisinau would not be intimidated by Moscow.",
            "Chisinau would not be intimidated by Moscow",
            "Ana Vrabie",
        ),
    ] {
        let a = analyze(article);
        assert_eq!(a.quotes.len(), 1, "{article}: {:#?}", summary(&a));
        let q = &a.quotes[0];
        assert_eq!(q.kind, QuoteKind::Indirect);
        assert_eq!(q.text, clause);
        assert_eq!(speaker(q), Some(name), "{article}");
    }
    // "went on to say": the clause after the whole phrase, the subject before it.
    let a = analyze(
        "Russian Foreign Minister Sergey Lavrov met Turkish officials in Ankara on Monday.\n\nHe later went on to say that the sanctions had failed to isolate Moscow.",
    );
    let q = quote(&a, "failed to isolate");
    assert_eq!(q.kind, QuoteKind::Indirect);
    assert_eq!(q.text, "the sanctions had failed to isolate Moscow");
    assert_eq!(speaker(q), Some("Sergey Lavrov"));
}

#[test]
fn multi_word_verb_before_and_after_a_direct_quote() {
    let a = analyze(
        "Russian Foreign Minister Sergey Lavrov made it clear: \"We will not negotiate with those who want to defeat Russia.\"",
    );
    assert_eq!(a.quotes.len(), 1, "{:#?}", summary(&a));
    assert_eq!(
        a.quotes[0].text,
        "We will not negotiate with those who want to defeat Russia."
    );
    assert_eq!(speaker(&a.quotes[0]), Some("Sergey Lavrov"));
    let a = analyze(
        "\"Washington has turned trade into a weapon,\" Chinese Foreign Ministry spokesperson Mao Ning pointed out.",
    );
    assert_eq!(a.quotes.len(), 1, "{:#?}", summary(&a));
    assert_eq!(speaker(&a.quotes[0]), Some("Mao Ning"));
}

// ----- marks -----

#[test]
fn marks_reversed_guillemets() {
    assert_single_direct(
        "»Denmark will never sell Greenland, and Washington knows it«, Danish Prime Minister Mette Frederiksen said in Copenhagen.",
        "Denmark will never sell Greenland, and Washington knows it",
        "Mette Frederiksen",
        "DK",
    );
}

#[test]
fn marks_single_guillemets_both_ways() {
    assert_single_direct(
        "‹We will stand with Kyiv for as long as it takes›, German Chancellor Friedrich Merz said.",
        "We will stand with Kyiv for as long as it takes",
        "Friedrich Merz",
        "DE",
    );
    assert_single_direct(
        "›We will stand with Kyiv for as long as it takes‹, German Chancellor Friedrich Merz said.",
        "We will stand with Kyiv for as long as it takes",
        "Friedrich Merz",
        "DE",
    );
}

#[test]
fn marks_straight_open_curly_close() {
    assert_single_direct(
        "\"We have never threatened any of our neighbours and never will,” Russian Foreign Minister Sergey Lavrov said.",
        "We have never threatened any of our neighbours and never will,",
        "Sergey Lavrov",
        "RU",
    );
}

#[test]
fn attribution_after_a_question_or_an_exclamation() {
    let a = analyze(
        "Moldovan Foreign Minister Ana Vrabie spoke in Brussels on Monday.\n\n\"Who is to blame?\" she asked.\n\n\"Enough of these threats from Moscow!\" she exclaimed.",
    );
    assert_eq!(a.quotes.len(), 2, "{:#?}", summary(&a));
    assert_eq!(a.quotes[0].text, "Who is to blame?");
    assert_eq!(a.quotes[1].text, "Enough of these threats from Moscow!");
    for q in &a.quotes {
        assert_eq!(q.kind, QuoteKind::Direct);
        assert_eq!(speaker(q), Some("Ana Vrabie"), "{:#?}", summary(&a));
        assert_eq!(country(q), Some("MD"));
    }
}

// ----- speakers -----

#[test]
fn possessive_before_a_role_is_not_the_speaker() {
    // The spokesman is not named: the role speaks, for the leader's country.
    let a = analyze(
        "\"We regard these exercises as a provocation against our country,\" Erdogan's spokesman said on Friday.",
    );
    assert_eq!(a.quotes.len(), 1, "{:#?}", summary(&a));
    let q = &a.quotes[0];
    assert_ne!(speaker(q), Some("Recep Tayyip Erdogan"));
    assert!(
        speaker(q).is_some_and(|s| s.contains("spokesman")),
        "{:#?}",
        summary(&a)
    );
    assert_eq!(country(q), Some("TR"));
    // Named after the role: that name, not the leader's.
    let a = analyze(
        "\"The talks in Istanbul will continue next week,\" Putin's spokesman Dmitry Peskov told reporters.",
    );
    assert_eq!(speaker(&a.quotes[0]), Some("Dmitry Peskov"));
    assert_eq!(country(&a.quotes[0]), Some("RU"));
    // The role resolves to the person the article gave it to.
    let a = analyze(
        "Kremlin spokesman Dmitry Peskov spoke to reporters on Friday.\n\n\"The talks will continue next week,\" Putin's spokesman said.",
    );
    assert_eq!(
        speaker(&a.quotes[0]),
        Some("Dmitry Peskov"),
        "{:#?}",
        summary(&a)
    );
}

#[test]
fn speaker_after_a_long_appositive() {
    let a = analyze(
        "\"Our position on the Taiwan question has not changed and will not change,\" Lin Jian, a spokesman for the Chinese foreign ministry who has clashed with reporters from Western outlets over the island many times during the past year, said on Monday.",
    );
    assert_eq!(a.quotes.len(), 1, "{:#?}", summary(&a));
    assert_eq!(speaker(&a.quotes[0]), Some("Lin Jian"));
    assert_eq!(country(&a.quotes[0]), Some("CN"));
    // An appositive with commas of its own.
    let a = analyze(
        "Maria Zakharova, the spokeswoman of Russia's foreign ministry, which expelled three Moldovan diplomats in March, said that Chisinau had chosen confrontation with Moscow.",
    );
    let q = quote(&a, "confrontation");
    assert_eq!(q.kind, QuoteKind::Indirect);
    assert_eq!(q.text, "Chisinau had chosen confrontation with Moscow");
    assert_eq!(speaker(q), Some("Maria Zakharova"), "{:#?}", summary(&a));
    assert_eq!(country(q), Some("RU"));
}

#[test]
fn institution_speaker_in_a_statement_after_the_quote() {
    let a = analyze(
        "\"These tariffs break the rules of international trade and China will respond,\" the Chinese commerce ministry said in a statement.",
    );
    assert_eq!(a.quotes.len(), 1, "{:#?}", summary(&a));
    assert!(
        speaker(&a.quotes[0]).is_some_and(|s| s.contains("commerce ministry")),
        "{:#?}",
        summary(&a)
    );
    assert_eq!(country(&a.quotes[0]), Some("CN"));
    let a = analyze(
        "BEIJING, May 4 (Reuters) - \"The sale of weapons to the island is a grave mistake,\" the ministry said in a statement on Sunday.",
    );
    assert_eq!(a.quotes.len(), 1, "{:#?}", summary(&a));
    assert!(speaker(&a.quotes[0]).is_some_and(|s| s.contains("ministry")));
    assert_eq!(country(&a.quotes[0]), Some("CN"));
}

#[test]
fn pronoun_it_after_an_institution() {
    // "It" after an institution that spoke.
    let a = analyze(
        "\"The sanctions are illegal,\" the Chinese commerce ministry said on Friday.\n\nIt said that Beijing would take countermeasures against the American firms.",
    );
    let q = quote(&a, "countermeasures");
    assert_eq!(q.kind, QuoteKind::Indirect);
    assert!(
        speaker(q).is_some_and(|s| s.contains("commerce ministry")),
        "{:#?}",
        summary(&a)
    );
    assert_eq!(country(q), Some("CN"));
    // "It" after an institution that was only the subject of a sentence.
    let a = analyze(
        "The Russian foreign ministry summoned the Moldovan ambassador on Tuesday.\n\nIt said that Chisinau was acting on orders from Brussels.",
    );
    let q = quote(&a, "orders from Brussels");
    assert!(
        speaker(q).is_some_and(|s| s.contains("foreign ministry")),
        "{:#?}",
        summary(&a)
    );
    assert_eq!(country(q), Some("RU"));
}

#[test]
fn the_spokesperson_is_the_latest_person_with_that_role() {
    let a = analyze(
        "Russian Foreign Minister Sergey Lavrov and Kremlin spokesman Dmitry Peskov both spoke on Friday.\n\n\"Turkey has offered to host the talks again,\" Lavrov said.\n\n\"There will be no agreement before the summer,\" the spokesman said.",
    );
    assert_eq!(a.quotes.len(), 2, "{:#?}", summary(&a));
    assert_eq!(speaker(&a.quotes[0]), Some("Sergey Lavrov"));
    assert_eq!(
        speaker(&a.quotes[1]),
        Some("Dmitry Peskov"),
        "{:#?}",
        summary(&a)
    );
    // Any of the spokes- words finds the role.
    let a = analyze(
        "Maria Zakharova, the Russian foreign ministry's spokeswoman, spoke after Lavrov on Thursday.\n\n\"Chisinau has chosen confrontation,\" the spokesperson said.",
    );
    assert_eq!(
        speaker(&a.quotes[0]),
        Some("Maria Zakharova"),
        "{:#?}",
        summary(&a)
    );
}

#[test]
fn a_title_with_a_country_is_the_latest_person_with_both() {
    let a = analyze(
        "Russian Foreign Minister Sergey Lavrov, Russian Defence Minister Andrei Belousov, French President Emmanuel Macron and U.S. President Donald Trump were all in Geneva on Monday.\n\n\"We want a deal very quickly,\" the US president said.\n\n\"Turkey has offered to host the talks again,\" the Russian foreign minister said.\n\n\"Our troops will stay where they are,\" the Russian defence minister said.",
    );
    assert_eq!(a.quotes.len(), 3, "{:#?}", summary(&a));
    assert_eq!(
        speaker(&a.quotes[0]),
        Some("Donald Trump"),
        "{:#?}",
        summary(&a)
    );
    assert_eq!(country(&a.quotes[0]), Some("US"));
    assert_eq!(
        speaker(&a.quotes[1]),
        Some("Sergey Lavrov"),
        "{:#?}",
        summary(&a)
    );
    assert_eq!(
        speaker(&a.quotes[2]),
        Some("Andrei Belousov"),
        "{:#?}",
        summary(&a)
    );
    assert_eq!(country(&a.quotes[2]), Some("RU"));
}

// ----- quotes over paragraphs and block quotes -----

#[test]
fn quote_over_paragraphs_with_the_attribution_in_the_first() {
    let a = analyze(
        "Moldovan Foreign Minister Ana Vrabie spoke in Brussels on Monday.\n\n\"We have made our choice,\" she said. \"Our future lies with the European Union and we will not turn back.\n\n\"Moscow will keep trying to stop us, but it will fail.\"",
    );
    assert_eq!(a.quotes.len(), 3, "{:#?}", summary(&a));
    assert_eq!(a.quotes[0].text, "We have made our choice,");
    assert_eq!(
        a.quotes[1].text,
        "Our future lies with the European Union and we will not turn back."
    );
    assert_eq!(
        a.quotes[2].text,
        "Moscow will keep trying to stop us, but it will fail."
    );
    for q in &a.quotes {
        assert_eq!(q.kind, QuoteKind::Direct);
        assert_eq!(speaker(q), Some("Ana Vrabie"), "{:#?}", summary(&a));
    }
}

#[test]
fn block_quote_after_a_run_in_attribution_paragraph() {
    let a = analyze(
        "\"We have made our choice,\" Moldovan Foreign Minister Ana Vrabie said in Brussels.\n\nRussian Foreign Minister Sergey Lavrov answered later in Moscow. He said:\n\n\"Chisinau is being pushed into confrontation with Russia by its Western handlers, and it will regret it.\"\n\n\"Nobody in Moscow wants this quarrel.\"",
    );
    assert_eq!(a.quotes.len(), 3, "{:#?}", summary(&a));
    assert_eq!(speaker(&a.quotes[0]), Some("Ana Vrabie"));
    for q in &a.quotes[1..] {
        assert_eq!(speaker(q), Some("Sergey Lavrov"), "{:#?}", summary(&a));
        assert_eq!(country(q), Some("RU"));
    }
    // The run-in attribution names the speaker in full.
    let a = analyze(
        "Moldova expelled three Russian diplomats on Tuesday.\n\nRussian Foreign Ministry spokeswoman Maria Zakharova told reporters in Moscow:\n\n\"Chisinau has chosen the path of confrontation and will answer for every hostile step it takes.\"",
    );
    assert_eq!(a.quotes.len(), 1, "{:#?}", summary(&a));
    assert_eq!(speaker(&a.quotes[0]), Some("Maria Zakharova"));
}

// ----- names as the article spells them (SPEC 2.5) -----

#[test]
fn speaker_name_is_the_fullest_the_article_gives() {
    // The short name comes first (a headline), the full one later; another alias of the same
    // person in the gazetteer links them.
    let a = analyze(
        "Lula opens G20 summit with a call on rich nations\n\nBrazilian President Luiz Inacio Lula da Silva opened the summit in Rio de Janeiro on Monday.\n\n\"Rich countries must pay their share of the climate bill,\" Lula said.",
    );
    assert_eq!(a.quotes.len(), 1, "{:#?}", summary(&a));
    assert_eq!(speaker(&a.quotes[0]), Some("Luiz Inacio Lula da Silva"));
    assert_eq!(country(&a.quotes[0]), Some("BR"));
    // The article only ever says "Lavrov": that is the name, not the gazetteer's full name; the
    // gazetteer still gives the country.
    let a = analyze("\"Our partnership with India has never been stronger,\" Lavrov said.");
    assert_eq!(speaker(&a.quotes[0]), Some("Lavrov"));
    assert_eq!(country(&a.quotes[0]), Some("RU"));
}

#[test]
fn an_indefinite_role_is_someone_new() {
    let a = analyze(
        "\"We will not be intimidated,\" Moldovan Foreign Minister Ana Vrabie said on Monday.\n\n'These are not diplomats, they are staff of an influence operation,' a senior Moldovan security official, who asked not to be named, told Reuters.",
    );
    assert_eq!(a.quotes.len(), 2, "{:#?}", summary(&a));
    let q = quote(&a, "influence operation");
    let name = speaker(q).unwrap_or_default();
    assert!(
        name.contains("security official") && !name.contains("Vrabie"),
        "{:#?}",
        summary(&a)
    );
    assert_eq!(country(q), Some("MD"));
}

#[test]
fn a_role_with_a_gender_skips_people_of_the_other() {
    let a = analyze(
        "Kremlin spokesman Dmitry Peskov and Russian Foreign Ministry spokeswoman Maria Zakharova both spoke on Wednesday.\n\n\"We regret this decision,\" Peskov said.\n\n\"The people of Moldova do not want confrontation with Russia,\" the spokeswoman wrote.",
    );
    assert_eq!(a.quotes.len(), 2, "{:#?}", summary(&a));
    assert_eq!(speaker(&a.quotes[0]), Some("Dmitry Peskov"));
    assert_eq!(
        speaker(&a.quotes[1]),
        Some("Maria Zakharova"),
        "{:#?}",
        summary(&a)
    );
}

#[test]
fn a_former_office_is_not_a_role() {
    // The gazetteer lists Kaja Kallas's past office as prime minister; "the minister" is Vrabie.
    let a = analyze(
        "\"We will not turn back,\" Moldovan Foreign Minister Ana Vrabie said in Chisinau.\n\n\"The EU will keep supporting Moldova,\" Kaja Kallas said in Brussels.\n\n\"We have heard these threats many times,\" the minister said.",
    );
    assert_eq!(a.quotes.len(), 3, "{:#?}", summary(&a));
    assert_eq!(
        speaker(&a.quotes[2]),
        Some("Ana Vrabie"),
        "{:#?}",
        summary(&a)
    );
}

#[test]
fn an_official_of_unnamed_country_speaks_for_the_dateline() {
    // A dateline without an agency in brackets.
    let a = analyze(
        "KYIV, June 3 - Ukraine hit two Russian airfields overnight.\n\nSenior military official Petro Hnatenko said that the strikes had destroyed at least four bombers.",
    );
    let q = quote(&a, "four bombers");
    assert_eq!(speaker(q), Some("Petro Hnatenko"));
    assert_eq!(country(q), Some("UA"));
    // Someone who speaks for a body that is not a country keeps no country.
    let a = analyze(
        "ABUJA, July 9 - West African leaders met in the Nigerian capital on Sunday.\n\n\"The door to dialogue is still open,\" the president of the Sahel Forum Commission, Ibrahim Sanou, told reporters.",
    );
    let q = quote(&a, "door to dialogue");
    assert_eq!(speaker(q), Some("Ibrahim Sanou"));
    assert_eq!(country(q), None, "{:#?}", summary(&a));
}

#[test]
fn a_partial_quote_after_a_scare_quote_is_not_given_an_old_speaker() {
    let a = analyze(
        "\"Russia has tried for years to destabilise Moldova,\" Romanian President Nicusor Dan said.\n\nZakharova later posted on Telegram that the West was using Moldova as a \"battering ram\" against Russia, and warned that Chisinau would \"pay the price for its choices.\"",
    );
    for q in &a.quotes {
        if q.text.contains("pay the price") {
            assert_ne!(speaker(q), Some("Nicusor Dan"), "{:#?}", summary(&a));
        }
    }
    let q = quote(&a, "battering ram");
    assert_eq!(q.kind, QuoteKind::Indirect);
    assert!(speaker(q).is_some_and(|s| s.contains("Zakharova")));
}

#[test]
fn a_short_quote_inside_a_later_sentence_is_not_a_continuation() {
    let a = analyze(
        "\"We are back to direct and open communication,\" U.S. President Joe Biden told reporters after the talks. He added that he still regarded Xi as \"a dictator\" because he ran a communist country.",
    );
    assert!(
        a.quotes
            .iter()
            .all(|q| !(q.kind == QuoteKind::Direct && q.text == "a dictator")),
        "{:#?}",
        summary(&a)
    );
    let q = quote(&a, "communist country");
    assert_eq!(q.kind, QuoteKind::Indirect);
    assert_eq!(speaker(q), Some("Joe Biden"));
}

#[test]
fn a_that_clause_in_marks_is_a_direct_quote() {
    let a = analyze(
        "Xi Jinping, according to a readout published by Xinhua, told Biden that \"the Earth is big enough for both countries to succeed.\"",
    );
    assert_eq!(a.quotes.len(), 1, "{:#?}", summary(&a));
    let q = &a.quotes[0];
    assert_eq!(q.kind, QuoteKind::Direct);
    assert_eq!(
        q.text,
        "the Earth is big enough for both countries to succeed."
    );
    assert_eq!(speaker(q), Some("Xi Jinping"));
    assert_eq!(country(q), Some("CN"));
}

#[test]
fn a_title_in_marks_before_a_verb_with_its_own_clause_is_not_a_quote() {
    let a = analyze(
        "In his book \"The Long Game of Great Powers\", Rush Doshi argues that Beijing has long sought to displace Washington.",
    );
    assert!(
        a.quotes
            .iter()
            .all(|q| !(q.kind == QuoteKind::Direct && q.text.contains("Long Game"))),
        "{:#?}",
        summary(&a)
    );
}

#[test]
fn a_participle_after_the_attribution_is_reported_speech_of_the_same_speaker() {
    let a = analyze(
        "'Our energy decisions are made in New Delhi,' Indian External Affairs Minister S Jaishankar said, adding that India's purchases were \"a fraction\" of what Europe bought.",
    );
    assert_eq!(a.quotes.len(), 2, "{:#?}", summary(&a));
    let q = quote(&a, "purchases");
    assert_eq!(q.kind, QuoteKind::Indirect);
    assert_eq!(
        q.text,
        "India's purchases were \"a fraction\" of what Europe bought"
    );
    assert_eq!(speaker(q), Some("S Jaishankar"));
}

#[test]
fn an_envoy_to_a_country_speaks_for_the_sender() {
    let a = analyze(
        "The EU's envoy to India, Herve Delphin, told The Hindu newspaper that the bloc respected New Delhi's choices.\n\n'We are not asking anyone to choose sides,' Delphin said.",
    );
    assert_eq!(a.quotes.len(), 2, "{:#?}", summary(&a));
    for q in &a.quotes {
        assert_eq!(speaker(q), Some("Herve Delphin"), "{:#?}", summary(&a));
        assert_eq!(country(q), Some("EU"), "{:#?}", summary(&a));
    }
    let a = analyze(
        "\"India and Russia are time-tested friends,\" Russian Ambassador to India Denis Alipov said.",
    );
    assert_eq!(speaker(&a.quotes[0]), Some("Denis Alipov"));
    assert_eq!(country(&a.quotes[0]), Some("RU"));
}

#[test]
fn a_reported_clause_keeps_the_mark_that_closes_its_last_phrase() {
    let a = analyze(
        "Congress leader Jairam Ramesh accused the government of \"posturing for a domestic audience\".",
    );
    let q = quote(&a, "posturing");
    assert_eq!(q.kind, QuoteKind::Indirect);
    assert_eq!(
        q.text,
        "the government of \"posturing for a domestic audience\""
    );
}

#[test]
fn declining_to_say_is_not_reported_speech() {
    let a = analyze(
        "State Department spokesperson Matthew Miller declined to say whether Washington would impose penalties on New Delhi.",
    );
    assert!(a.quotes.is_empty(), "{:#?}", summary(&a));
}

#[test]
fn a_group_of_unnamed_officials_is_a_new_speaker() {
    // "Two diplomats" and "Sources" are people not named before: not the previous speaker, and
    // no one a later "the minister" refers to.
    let a = analyze(
        "Foreign Minister Hakan Fidan said Ankara wanted calm in the Aegean.\n\nTwo diplomats said Tehran had refused to meet the inspectors.\n\nSources said Moscow had rejected the offer.\n\n\"We will not accept this,\" the minister told reporters.",
    );
    assert_eq!(a.quotes.len(), 4, "{:#?}", summary(&a));
    assert_eq!(speaker(quote(&a, "Tehran")), Some("diplomats"));
    assert_eq!(speaker(quote(&a, "Moscow")), Some("Sources"));
    assert_eq!(speaker(quote(&a, "accept")), Some("Hakan Fidan"));
}

#[test]
fn said_with_an_adjunct_and_no_that_reports_a_pronoun_clause() {
    let a = analyze(
        "The Kremlin said in a statement it had no plans to withdraw troops from the border.",
    );
    assert_eq!(a.quotes.len(), 1, "{:#?}", summary(&a));
    assert_eq!(a.quotes[0].kind, QuoteKind::Indirect);
    assert_eq!(
        a.quotes[0].text,
        "it had no plans to withdraw troops from the border"
    );
    assert_eq!(country(&a.quotes[0]), Some("RU"));
    let a = analyze("The ministry said in a statement posted online on Friday.");
    assert!(a.quotes.is_empty(), "{:#?}", summary(&a));
}

#[test]
fn a_role_with_a_description_is_one_speaker() {
    // Wire copy's unnamed sources: the description after the role word belongs to the speaker,
    // and the capitalised place inside it ("the Kremlin") is not the speaker.
    let a = analyze(
        "Russia is preparing new limits on grain exports, people familiar with the matter said on Tuesday.\n\n\"The talks have stalled,\" one person familiar with the discussions said.\n\nSources close to the Kremlin said Moscow would retaliate.\n\nA source with direct knowledge of the plans said Ankara would wait.",
    );
    assert_eq!(a.quotes.len(), 4, "{:#?}", summary(&a));
    assert_eq!(
        speaker(quote(&a, "grain")),
        Some("people familiar with the matter")
    );
    assert_eq!(quote(&a, "grain").kind, QuoteKind::Indirect);
    assert_eq!(
        speaker(quote(&a, "stalled")),
        Some("person familiar with the discussions")
    );
    assert_eq!(quote(&a, "stalled").kind, QuoteKind::Direct);
    assert_eq!(
        speaker(quote(&a, "retaliate")),
        Some("Sources close to the Kremlin")
    );
    // Close to the Kremlin: on Russia's side. Familiar with a matter: on no one's.
    assert_eq!(country(quote(&a, "retaliate")), Some("RU"));
    assert_eq!(country(quote(&a, "grain")), None);
    assert_eq!(
        speaker(quote(&a, "Ankara")),
        Some("source with direct knowledge of the plans")
    );
    // A description word without a role word before it is no speaker of its own.
    let a = analyze("The two sides came close to a deal, Lavrov said.");
    assert_eq!(speaker(quote(&a, "deal")), Some("Lavrov"));
    let a = analyze("Officials close to Erdogan said the talks would resume.");
    assert_eq!(country(quote(&a, "talks")), Some("TR"));
}

#[test]
fn a_numbered_role_speaks_before_and_after_the_verb() {
    let a = analyze(
        "\"We will respond,\" two diplomats said.\n\n\"Sanctions will stay,\" said one official.",
    );
    assert_eq!(a.quotes.len(), 2, "{:#?}", summary(&a));
    assert_eq!(speaker(quote(&a, "respond")), Some("diplomats"));
    assert_eq!(speaker(quote(&a, "Sanctions")), Some("official"));
}

#[test]
fn a_trailing_told_with_its_addressee_or_an_inverted_said_reports_the_clause() {
    let a = analyze(
        "China has offered Iran a new credit line, two sources told Reuters on Tuesday.\n\nSanctions on Syria will stay, said a senior official.",
    );
    assert_eq!(a.quotes.len(), 2, "{:#?}", summary(&a));
    let q = quote(&a, "credit");
    assert_eq!(q.kind, QuoteKind::Indirect);
    assert_eq!(q.text, "China has offered Iran a new credit line");
    assert_eq!(speaker(q), Some("sources"));
    let q = quote(&a, "Syria");
    assert_eq!(q.text, "Sanctions on Syria will stay");
    assert_eq!(speaker(q), Some("senior official"));
    // "told" with a clause of its own is not a trailing attribution.
    let a = analyze("Lavrov told reporters that Moscow would respond.");
    assert_eq!(a.quotes.len(), 1, "{:#?}", summary(&a));
    assert_eq!(a.quotes[0].text, "Moscow would respond");
}

#[test]
fn a_telling_verb_without_that_reports_the_clause_after_its_addressee() {
    for (text, clause) in [
        (
            "Lavrov told parliament the plan had failed completely.",
            "the plan had failed completely",
        ),
        (
            "Wang told reporters he would not accept any new sanctions.",
            "he would not accept any new sanctions",
        ),
        (
            "Blinken told lawmakers Russia was losing the war.",
            "Russia was losing the war",
        ),
        (
            "Erdogan told the BBC on Monday the talks were going well.",
            "the talks were going well",
        ),
    ] {
        let a = analyze(text);
        assert_eq!(a.quotes.len(), 1, "{text}: {:#?}", summary(&a));
        assert_eq!(a.quotes[0].text, clause, "{text}");
        assert_eq!(a.quotes[0].kind, QuoteKind::Indirect);
    }
    // Where the addressee's end is unknown (two names in a row, a name after "the") or nothing
    // follows but an object, there is no report.
    for text in [
        "Lavrov told Reuters Beijing would respond to the sanctions.",
        "Lavrov told the New York Times China would respond.",
        "Lavrov told the minister to leave the room at once.",
        "Lavrov told a long story about the war in Syria.",
        "Lavrov told other advisers what he had heard about the plan.",
    ] {
        let a = analyze(text);
        assert!(a.quotes.is_empty(), "{text}: {:#?}", summary(&a));
    }
}

#[test]
fn a_name_before_of_is_the_speaker_and_a_known_body_is_named_whole() {
    for (text, name, cc) in [
        (
            "Senator Al Franken of Minnesota said the sanctions on Russia were too weak.",
            "Al Franken",
            None,
        ),
        (
            "John Smith of the Heritage Foundation said the deal with Iran was dead.",
            "John Smith",
            None,
        ),
        (
            "The Bank of England said the pound would stay under pressure.",
            "Bank of England",
            Some("GB"),
        ),
        (
            "Bank of England Governor Andrew Bailey said the pound would stay under pressure.",
            "Andrew Bailey",
            Some("GB"),
        ),
        // "of" before a country: the trailing name is the person's already.
        (
            "President Xi Jinping of China said the partnership had no limits.",
            "Xi Jinping",
            Some("CN"),
        ),
    ] {
        let a = analyze(text);
        assert_eq!(a.quotes.len(), 1, "{text}: {:#?}", summary(&a));
        assert_eq!(speaker(&a.quotes[0]), Some(name), "{text}");
        assert_eq!(country(&a.quotes[0]), cc, "{text}");
    }
}

#[test]
fn police_lawyers_experts_and_critics_are_speakers_and_it_opens_a_clause() {
    for (text, clause, name) in [
        (
            "The suspect had links to a cell in Belgium, police said.",
            "The suspect had links to a cell in Belgium",
            "police",
        ),
        (
            "Prosecutors said the sanctions had been broken on purpose.",
            "the sanctions had been broken on purpose",
            "Prosecutors",
        ),
        (
            "An attorney for the family said the embassy had ignored their letters.",
            "the embassy had ignored their letters",
            "attorney",
        ),
        (
            "The alliance said it would not be intimidated by Moscow.",
            "it would not be intimidated by Moscow",
            "alliance",
        ),
        (
            "Although analysts said the deal was fragile, the markets rallied.",
            "the deal was fragile, the markets rallied",
            "analysts",
        ),
    ] {
        let a = analyze(text);
        assert_eq!(a.quotes.len(), 1, "{text}: {:#?}", summary(&a));
        assert_eq!(a.quotes[0].text, clause, "{text}");
        assert_eq!(speaker(&a.quotes[0]), Some(name), "{text}");
    }
    // "said it" with no auxiliary after it is no clause.
    let a = analyze("He said it twice on Monday in front of the cameras.");
    assert!(a.quotes.is_empty(), "{:#?}", summary(&a));
    // An expert on a country does not speak for it.
    let a = analyze("\"Moscow wants a deal,\" said Fiona Hill, an expert on Russia.");
    assert_eq!(a.quotes.len(), 1, "{:#?}", summary(&a));
    assert_eq!(country(&a.quotes[0]), None);
}

#[test]
fn a_clause_that_has_begun_before_that_keeps_its_subject() {
    for (text, clause) in [
        (
            "The ministry said it was pleased that Washington had lifted the sanctions.",
            "it was pleased that Washington had lifted the sanctions",
        ),
        (
            "Lavrov said it wouldn't be easy to reach a deal with Kyiv.",
            "it wouldn't be easy to reach a deal with Kyiv",
        ),
        (
            "Lavrov said on Monday that the talks with Kyiv had failed.",
            "the talks with Kyiv had failed",
        ),
    ] {
        let a = analyze(text);
        assert_eq!(a.quotes.len(), 1, "{text}: {:#?}", summary(&a));
        assert_eq!(a.quotes[0].text, clause, "{text}");
    }
}

#[test]
fn an_attribution_inside_the_clause_reports_the_whole_clause_without_scoring_it() {
    let a = analyze(
        "The new sanctions, Lavrov said, would only hurt ordinary people in Germany.\n\nChina, the minister said, would never accept such pressure from Washington.",
    );
    assert_eq!(a.quotes.len(), 2, "{:#?}", summary(&a));
    let q = quote(&a, "sanctions");
    assert_eq!(
        q.text,
        "The new sanctions, Lavrov said, would only hurt ordinary people in Germany"
    );
    assert_eq!(speaker(q), Some("Lavrov"));
    assert_eq!(country(q), Some("RU"));
    // The speaker's name is no target of what he said; Germany is.
    let targets: Vec<&str> = q.targets.iter().map(|t| t.target.as_str()).collect();
    assert_eq!(targets, ["DE"]);
    let q = quote(&a, "pressure");
    let targets: Vec<&str> = q.targets.iter().map(|t| t.target.as_str()).collect();
    assert_eq!(targets, ["CN", "US"]);
    // A trailing attribution with an adjunct or a participle after it is not parenthetical.
    for text in [
        "The talks failed, Lavrov said, on Monday.",
        "The talks failed, Lavrov said, adding that Moscow would respond.",
    ] {
        let a = analyze(text);
        assert_eq!(a.quotes.len(), 1, "{text}: {:#?}", summary(&a));
        assert_eq!(a.quotes[0].text, "The talks failed", "{text}");
    }
}

#[test]
fn called_with_an_object_reports_the_object_and_the_quoted_words() {
    let a = analyze("Beijing called the US move \"bullying\".");
    assert_eq!(a.quotes.len(), 1, "{:#?}", summary(&a));
    let q = &a.quotes[0];
    assert_eq!(q.kind, QuoteKind::Indirect);
    assert_eq!(q.text, "the US move \"bullying\"");
    assert_eq!(country(q), Some("CN"));
    // The object is what the words are about: its country is a target.
    let targets: Vec<&str> = q.targets.iter().map(|t| t.target.as_str()).collect();
    assert_eq!(targets, ["US"]);
    // "called" without quoted words after a short object reports nothing.
    let a = analyze("She called him about the sanctions on Iran yesterday.");
    assert!(a.quotes.is_empty(), "{:#?}", summary(&a));
}

#[test]
fn added_with_a_pronoun_and_auxiliary_and_told_with_a_pronoun_and_verb_report_the_clause() {
    for (text, clause, who) in [
        (
            "Lavrov added it was a disappointing moment for Europe.",
            "it was a disappointing moment for Europe",
            "Lavrov",
        ),
        (
            "Sanders told CNN he favors a new deal with Mexico.",
            "he favors a new deal with Mexico",
            "Sanders",
        ),
    ] {
        let a = analyze(text);
        assert_eq!(a.quotes.len(), 1, "{text}: {:#?}", summary(&a));
        assert_eq!(a.quotes[0].text, clause, "{text}");
        assert_eq!(speaker(&a.quotes[0]), Some(who), "{text}");
    }
    // "added" without "that" and without a pronoun subject is no report ("added sanctions");
    // "told" whose addressee holds a conjunction is none either.
    for text in [
        "Russia added new sanctions were possible against Poland.",
        "He should have told me before he took the job in Brussels.",
    ] {
        let a = analyze(text);
        assert!(a.quotes.is_empty(), "{text}: {:#?}", summary(&a));
    }
}

#[test]
fn a_direct_quote_after_an_addressee_or_a_coordinated_verb_has_its_speaker() {
    for text in [
        "Lavrov told reporters \"The talks with Washington were useful.\"",
        "Lavrov told POLITICO \"The talks with Washington were useful.\"",
        "Lavrov met Blinken in Geneva and said: \"The talks with Washington were useful.\"",
        "After the talks ended, Lavrov met Blinken and said, \"The talks with Washington were useful.\"",
    ] {
        let a = analyze(text);
        assert_eq!(a.quotes.len(), 1, "{text}: {:#?}", summary(&a));
        let q = &a.quotes[0];
        assert_eq!(q.kind, QuoteKind::Direct, "{text}");
        assert_eq!(speaker(q), Some("Lavrov"), "{text}");
        assert_eq!(country(q), Some("RU"), "{text}");
    }
    // A possessive before the quoted words names a programme, not an addressee.
    let a = analyze("Lavrov told NBC's \"Meet the Press\" about it.");
    assert!(
        a.quotes.iter().all(|q| q.text != "Meet the Press"),
        "{:#?}",
        summary(&a)
    );
}

#[test]
fn as_someone_said_reports_the_clause_after_the_comma() {
    for text in [
        "As Lavrov said last week, the West has lost its way in Ukraine.",
        "Just as Lavrov said, the West has lost its way in Ukraine.",
    ] {
        let a = analyze(text);
        assert_eq!(a.quotes.len(), 1, "{text}: {:#?}", summary(&a));
        let q = &a.quotes[0];
        assert_eq!(q.text, "the West has lost its way in Ukraine", "{text}");
        assert_eq!(speaker(q), Some("Lavrov"), "{text}");
        let targets: Vec<&str> = q.targets.iter().map(|t| t.target.as_str()).collect();
        assert_eq!(targets, ["WEST", "UA"], "{text}");
    }
}

#[test]
fn a_bare_weekday_or_here_after_the_verb_is_no_part_of_the_clause() {
    for (text, clause, who) in [
        (
            "Rwanda's information minister said Wednesday she hoped French officials would be indicted.",
            "she hoped French officials would be indicted",
            "Rwanda's information minister",
        ),
        (
            "Lavrov said here Sunday morning the talks with Poland had failed.",
            "the talks with Poland had failed",
            "Lavrov",
        ),
        (
            "A court in Guyana has issued arrest warrants for two Brazilian men, a senior Guyanese police officer said Wednesday.",
            "A court in Guyana has issued arrest warrants for two Brazilian men",
            "senior Guyanese police officer",
        ),
    ] {
        let a = analyze(text);
        assert_eq!(a.quotes.len(), 1, "{text}: {:#?}", summary(&a));
        assert_eq!(a.quotes[0].text, clause, "{text}");
        assert_eq!(speaker(&a.quotes[0]), Some(who), "{text}");
    }
    // "there" opens a clause: it is kept.
    let a = analyze("Lavrov said there was no deal with Poland.");
    assert_eq!(a.quotes[0].text, "there was no deal with Poland");
}

#[test]
fn wire_attributions_with_a_possessive_role_coordinated_roles_or_a_colon_dateline() {
    for (text, clause, who) in [
        (
            "A Tunisian court has jailed a Nigerian student for two years, his lawyer said.",
            "A Tunisian court has jailed a Nigerian student for two years",
            None,
        ),
        (
            "GAZA CITY, Palestinian Territories: Four children were killed in Israeli tank shelling on Friday, medics said.",
            "Four children were killed in Israeli tank shelling on Friday",
            Some("medics"),
        ),
        (
            "Syrian rebels engaged Filipino peacekeepers in a firefight, defense and military officials said.",
            "Syrian rebels engaged Filipino peacekeepers in a firefight",
            Some("defense and military officials"),
        ),
        (
            "LYON: Interpol has said it will send a team to Ukraine.",
            "it will send a team to Ukraine",
            Some("Interpol"),
        ),
    ] {
        let a = analyze(text);
        assert_eq!(a.quotes.len(), 1, "{text}: {:#?}", summary(&a));
        assert_eq!(a.quotes[0].text, clause, "{text}");
        assert_eq!(speaker(&a.quotes[0]), who, "{text}");
    }
    // A parenthesis after a name is no dateline, and no clause opens with its comma.
    let a = analyze(
        "Mark Begich (D-Alaska), has called for a new deal with Canada, his campaign said.",
    );
    assert!(
        a.quotes.iter().all(|q| !q.text.starts_with(',')),
        "{:#?}",
        summary(&a)
    );
}

#[test]
fn a_verb_coordinated_after_a_clause_with_commas_has_the_sentences_subject() {
    for text in [
        "Lavrov met Blinken in Geneva, where the talks lasted two hours, and said the sanctions on Russia would fail.",
        "In Geneva, Lavrov criticised the sanctions, which he called illegal, but said the talks with Washington were useful.",
    ] {
        let a = analyze(text);
        assert_eq!(a.quotes.len(), 1, "{text}: {:#?}", summary(&a));
        assert_eq!(speaker(&a.quotes[0]), Some("Lavrov"), "{text}");
        assert_eq!(country(&a.quotes[0]), Some("RU"), "{text}");
    }
    // A participle or a sentence adverb opens no subject.
    for text in [
        "Accusing Washington of bad faith, the talks ended and said nothing.",
        "So why does anyone say the talks with Washington were useful?",
    ] {
        let a = analyze(text);
        assert!(
            a.quotes
                .iter()
                .all(|q| !matches!(speaker(q), Some("Accusing Washington") | Some("So"))),
            "{text}: {:#?}",
            summary(&a)
        );
    }
}

#[test]
fn a_group_around_a_leader_is_the_group_with_the_leaders_country() {
    let a = analyze("Putin administration officials said the talks with Kyiv had failed.");
    assert_eq!(a.quotes.len(), 1, "{:#?}", summary(&a));
    assert_eq!(
        speaker(&a.quotes[0]),
        Some("Putin administration officials")
    );
    assert_eq!(country(&a.quotes[0]), Some("RU"));
}

#[test]
fn a_possessive_or_a_known_full_name_ends_a_name() {
    // Found by the robustness property test: "Lavrov's Sergey Lavrov" was read as one name.
    let a = analyze(
        "Lavrov's Sergey Lavrov\"\n\n\"We will respond to every hostile step by Moldova,\" Russian Foreign Minister Sergey Lavrov said.",
    );
    let q = quote(&a, "hostile step");
    assert_eq!(speaker(q), Some("Sergey Lavrov"));
    // Nor does a capitalised word before or after a known person's full name make a fuller name
    // of him ("Mao Sergey Lavrov", "Sergey Lavrov Mao", also found by the property test).
    for noise in [
        "Mao Sergey Lavrov",
        "Sergey Lavrov Mao",
        "Mao Sergey Lavrov's",
    ] {
        let a = analyze(&format!(
            "{noise}\n\n\"We will respond to every hostile step by Moldova,\" Russian Foreign Minister Sergey Lavrov said."
        ));
        let q = quote(&a, "hostile step");
        assert_eq!(speaker(q), Some("Sergey Lavrov"), "{noise}");
    }
}

#[test]
fn said_it_with_a_finite_verb_opens_the_clause() {
    for (text, clause) in [
        (
            "Rwanda said it hoped French officials would be indicted for war crimes.",
            "it hoped French officials would be indicted for war crimes",
        ),
        (
            "China said it wants stable ties with Washington.",
            "it wants stable ties with Washington",
        ),
        (
            "The ministry said this showed Washington was not serious.",
            "this showed Washington was not serious",
        ),
    ] {
        let a = analyze(text);
        assert_eq!(a.quotes.len(), 1, "{text}: {:#?}", summary(&a));
        assert_eq!(a.quotes[0].text, clause, "{text}");
    }
    // "it" as an object is no subject: "said it twice", "said it months ago".
    for text in [
        "He said it twice to the Russian envoy.",
        "He said it months ago in Moscow about Russia.",
    ] {
        let a = analyze(text);
        assert!(a.quotes.is_empty(), "{text}: {:#?}", summary(&a));
    }
}

#[test]
fn a_named_body_that_speaks_for_no_country_is_named_whole() {
    for (text, name, cc) in [
        (
            "At least 40 people were killed in the strikes, the Syrian Observatory for Human Rights said on Sunday.",
            "Syrian Observatory for Human Rights",
            None,
        ),
        (
            "The Committee to Protect Journalists said Russia had jailed more reporters than ever.",
            "Committee to Protect Journalists",
            None,
        ),
        (
            "The Office of the UN High Commissioner for Human Rights said Iran must release the protesters.",
            "Office of the UN High Commissioner for Human Rights",
            Some("UN"),
        ),
    ] {
        let a = analyze(text);
        assert_eq!(a.quotes.len(), 1, "{:#?}", summary(&a));
        assert_eq!(speaker(&a.quotes[0]), Some(name), "{text}");
        assert_eq!(country(&a.quotes[0]), cc, "{text}");
    }
    // A body inside a longer phrase is not its head: "Eastern European leaders" stay a role.
    let a = analyze("Eastern European leaders said the sanctions on Russia must stay.");
    assert_eq!(speaker(&a.quotes[0]), Some("Eastern European leaders"));
}

#[test]
fn a_second_report_after_a_comma_and_a_conjunction_is_its_own_quote() {
    let a = analyze(
        "Putin said the West was to blame for the war, while Zelensky told reporters that Russia would lose it.",
    );
    assert_eq!(a.quotes.len(), 2, "{:#?}", summary(&a));
    assert_eq!(a.quotes[0].text, "the West was to blame for the war");
    assert_eq!(speaker(&a.quotes[0]), Some("Putin"));
    assert_eq!(a.quotes[1].text, "Russia would lose it");
    assert_eq!(country(&a.quotes[1]), Some("UA"));
    // A second clause of the same report is not a second report.
    let a = analyze("Putin said the West and Ukraine were to blame, and that Russia would win.");
    assert_eq!(a.quotes.len(), 1, "{:#?}", summary(&a));
    assert!(a.quotes[0].text.ends_with("Russia would win"));
}

#[test]
fn a_verb_of_saying_after_an_accusation_is_a_second_report_by_the_same_speaker() {
    let a = analyze(
        "Zelensky accused Russia of war crimes and said Ukraine would never give up its territory.",
    );
    assert_eq!(a.quotes.len(), 2, "{:#?}", summary(&a));
    assert_eq!(a.quotes[0].text, "Russia of war crimes");
    assert_eq!(
        a.quotes[1].text,
        "Ukraine would never give up its territory"
    );
    assert!(a.quotes.iter().all(|q| country(q) == Some("UA")));
    // Two objects of one accusation stay one report; a sentence may end on "and".
    let a = analyze("Blinken accused China of helping Russia and of undermining peace.");
    assert_eq!(a.quotes.len(), 1, "{:#?}", summary(&a));
    let a = analyze("Blinken accused China of helping Russia and");
    assert!(a.quotes.len() <= 1, "{:#?}", summary(&a));
}

#[test]
fn according_to_a_document_from_a_body_is_that_body() {
    for (text, name, cc) in [
        (
            "According to a statement from the Indian foreign ministry, New Delhi remains committed to dialogue with Pakistan.",
            "Indian foreign ministry",
            "IN",
        ),
        (
            "According to a statement issued by the Kremlin, Putin and Xi agreed to deepen cooperation.",
            "Kremlin",
            "RU",
        ),
    ] {
        let a = analyze(text);
        assert_eq!(a.quotes.len(), 1, "{:#?}", summary(&a));
        assert_eq!(speaker(&a.quotes[0]), Some(name), "{text}");
        assert_eq!(country(&a.quotes[0]), Some(cc), "{text}");
    }
}

#[test]
fn a_source_after_quoted_by_and_media_as_speakers() {
    let a = analyze("Lavrov was quoted by TASS as saying that the West had lost its way.");
    assert_eq!(a.quotes.len(), 1, "{:#?}", summary(&a));
    assert_eq!(speaker(&a.quotes[0]), Some("Lavrov"));
    let a = analyze("The sanctions will fail, Syrian state media said on Thursday.");
    assert_eq!(speaker(&a.quotes[0]), Some("Syrian state media"));
    assert_eq!(country(&a.quotes[0]), Some("SY"));
    // Media named as the complement of another word are not the subject.
    let a = analyze(
        "Ahead of the summit, Blinken in interviews with outlets of the Japanese media said that China posed a growing threat.",
    );
    assert_eq!(speaker(&a.quotes[0]), Some("Blinken"));
}
