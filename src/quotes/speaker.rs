//! Subjects of speech verbs: the noun phrase that names who spoke ("Chinese Foreign Ministry
//! spokesperson Hua Chunying", "she", "the US president", "the ministry", "said Lavrov").
use super::lexicon::Lexicon;
use crate::actors::{EntryKind, Gazetteer};
use crate::text::{strip_possessive, Span, Token};

/// What kind of expression names the speaker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubjectKind {
    /// "he", "she" (with gender), "it", "they".
    Pronoun(Pronoun),
    /// A name ("Hua Chunying", "Lavrov", "TASS").
    Named,
    /// A person described by role only ("the spokesman", "the US president").
    Role,
    /// An institution ("the Egyptian foreign ministry", "the ministry").
    Institution,
    /// A document of the latest speaker ("the statement").
    Document,
}

/// A third-person pronoun.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pronoun {
    He,
    She,
    It,
    They,
}

/// A speaker as the attribution names them, before coreference.
#[derive(Debug, Clone)]
pub struct Subject {
    pub kind: SubjectKind,
    /// The whole noun phrase.
    pub span: Span,
    /// The name inside it (for `Named`), or the phrase without its determiner.
    pub name: Span,
    /// Title and role words, lower case ("foreign", "minister").
    pub roles: Vec<String>,
    /// Countries named in the phrase ("Russian Foreign Minister ..." → RU), or of an org.
    pub country: Option<String>,
    /// Gender shown by a pronoun or title.
    pub gender: Option<char>,
    /// Where the whole subject phrase starts, appositives included.
    pub phrase_start: usize,
    /// The phrase opens with "a" or "an": someone not named before ("a senior official").
    pub indefinite: bool,
    /// A plural role ("officials", "two Western diplomats", "sources"): people not named
    /// before, whom a later "the minister" or "he" does not refer to.
    pub group: bool,
}

/// Words that may sit between a subject and its verb ("Lavrov was quoted as saying", "she also
/// said").
const BETWEEN: &[&str] = &[
    "was",
    "is",
    "were",
    "are",
    "has",
    "had",
    "have",
    "also",
    "later",
    "then",
    "further",
    "quoted",
    "as",
    "reportedly",
    "again",
    "earlier",
    "separately",
    "previously",
    "repeatedly",
    "once",
    "directly",
    "publicly",
    "already",
    "had",
    "would",
    "will",
    "told",
    "has",
    "personally",
];

/// The days of the week.
pub const WEEKDAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Time words other than weekdays of adjuncts between a subject and its verb.
const TIME_WORDS: &[&str] = &[
    "week", "month", "year", "night", "morning", "evening", "weekend",
];

fn is_cap(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

fn pronoun(w: &str) -> Option<Pronoun> {
    Some(match w {
        "he" | "He" => Pronoun::He,
        "she" | "She" => Pronoun::She,
        "it" | "It" => Pronoun::It,
        "they" | "They" => Pronoun::They,
        _ => return None,
    })
}

/// The longest appositive skipped between a subject and its verb, in tokens.
const MAX_APPOSITIVE: usize = 60;
/// The longest run of name, title and role words read as one subject, in tokens.
const MAX_RUN: usize = 24;
/// How many adverbs and auxiliaries may stand between a subject and its verb.
const MAX_BETWEEN: usize = 6;

/// Finds the subject that ends just before `toks[end]` (a speech verb), skipping adverbs and
/// auxiliaries and one parenthetical (", a spokeswoman for the ministry,"), which may hold
/// commas of its own (", the spokeswoman of Russia's foreign ministry, which ..., said").
pub fn before(
    text: &str,
    toks: &[Token],
    end: usize,
    lex: &Lexicon,
    gaz: &Gazetteer,
) -> Option<Subject> {
    let mut e = end;
    // "Lavrov was quoted by TASS as saying": the source named after "quoted by" is not who spoke.
    if e > 3 && toks[e - 1].text(text) == "as" {
        if let Some(q) = (e.saturating_sub(10)..e - 2)
            .rev()
            .find(|&i| toks[i].text(text) == "quoted" && toks[i + 1].text(text) == "by")
        {
            e = q;
        }
    }
    for _ in 0..MAX_BETWEEN {
        if e > 0 && BETWEEN.contains(&toks[e - 1].text(text)) {
            e -= 1;
        } else if e > 1
            && matches!(
                toks[e - 2].text(text),
                "on" | "last" | "this" | "late" | "early"
            )
            && (TIME_WORDS.contains(&toks[e - 1].text(text))
                || WEEKDAYS.contains(&toks[e - 1].text(text)))
        {
            // "Jaishankar on Friday said".
            e -= 2;
        } else {
            break;
        }
    }
    // "Dina Mufti, the ministry's spokesman, who told ...": the antecedent of "who".
    if e > 1 && toks[e - 1].text(text) == "who" {
        e -= 1;
    }
    if e == 0 {
        return None;
    }
    if toks[e - 1].text(text) == "," {
        // A parenthetical: skip back to the comma that opens it.
        let lo = e.saturating_sub(MAX_APPOSITIVE + 1);
        let open = (lo..e - 1).rev().find(|&i| toks[i].text(text) == ",")?;
        // "the president of the Commission, Omar Touray, told": the name between the commas.
        if let Some(mut s) = classify(text, &toks[open + 1..e - 1], lex, gaz) {
            if s.kind == SubjectKind::Named && s.name.start == toks[open + 1].span.start {
                if let Some(outer) = before_run(text, toks, open, lex, gaz) {
                    s.phrase_start = outer.phrase_start;
                    s.roles.extend(outer.roles);
                    s.country = s.country.or(outer.country);
                }
                return Some(s);
            }
        }
        let mut s = before_run(text, toks, open, lex, gaz)?;
        // The run before the comma may itself be an appositive that opens after an earlier
        // comma ("Maria Zakharova, the spokeswoman of Russia's foreign ministry, which ...,
        // said"): the name before it is the speaker, and the appositive adds roles.
        for _ in 0..3 {
            if s.kind == SubjectKind::Named
                || !text[s.span.clone()]
                    .split_whitespace()
                    .next()
                    .is_some_and(|w| matches!(w, "a" | "an" | "the" | "The"))
            {
                break;
            }
            let Some(first) = (lo..open)
                .rev()
                .find(|&i| toks[i].span.start <= s.phrase_start)
            else {
                break;
            };
            if first == 0 || toks[first - 1].text(text) != "," {
                break;
            }
            match before_run(text, toks, first - 1, lex, gaz) {
                Some(mut outer) if outer.kind == SubjectKind::Named => {
                    outer.roles.extend(s.roles);
                    outer.country = outer.country.or(s.country);
                    outer.gender = outer.gender.or(s.gender);
                    s = outer;
                }
                _ => break,
            }
        }
        return Some(s);
    }
    described_role(text, toks, e, lex, gaz).or_else(|| before_run(text, toks, e, lex, gaz))
}

/// The longest description after a role word, in tokens ("familiar with the matter").
const MAX_DESCRIPTION: usize = 8;

/// A role or group word and the description that follows it, ending just before `toks[e]`:
/// "people familiar with the matter", "two sources close to the negotiations", "an official
/// briefed on the plans", "a source with direct knowledge of the talks". The description opens
/// with an `after:` word of the titles list (after "with" and an adjective or two); the whole
/// phrase is the speaker's name, and the role word's run before it (determiner, numeral,
/// country, other titles) is read as usual.
fn described_role(
    text: &str,
    toks: &[Token],
    e: usize,
    lex: &Lexicon,
    gaz: &Gazetteer,
) -> Option<Subject> {
    let lo = e.saturating_sub(MAX_DESCRIPTION);
    let mut m = e;
    while m > lo.max(1) {
        m -= 1;
        if !toks[m].is_word {
            return None;
        }
        if !lex.opens_role_description(toks[m].text(text)) {
            continue;
        }
        let mut head = m - 1;
        while head > 0
            && head + 3 > m
            && matches!(
                toks[head].text(text),
                "with" | "direct" | "first-hand" | "detailed"
            )
        {
            head -= 1;
        }
        let w = toks[head].text(text);
        if !lex.is_title(w) || lex.is_institution(w) || lex.is_document(w) {
            return None;
        }
        let mut s = before_run(text, toks, head + 1, lex, gaz)?;
        if s.kind != SubjectKind::Role {
            return None;
        }
        let end = toks[e - 1].span.end;
        s.span.end = end;
        s.name.end = end;
        if s.country.is_none() && lex.description_takes_side(toks[m].text(text)) {
            // "sources close to the Kremlin": the first country, leader or body named.
            s.country = gaz
                .find_entries(text, toks[m].span.end..end)
                .into_iter()
                .find_map(|(_, entry)| match entry.kind {
                    EntryKind::None => None,
                    EntryKind::Leader => entry.person.map(|i| gaz.person(i).country.clone()),
                    _ => Some(entry.id.clone()),
                });
        }
        return Some(s);
    }
    None
}

fn before_run(
    text: &str,
    toks: &[Token],
    e: usize,
    lex: &Lexicon,
    gaz: &Gazetteer,
) -> Option<Subject> {
    if e == 0 {
        return None;
    }
    if let Some(p) = pronoun(toks[e - 1].text(text)) {
        return Some(pronoun_subject(p, toks[e - 1].span.clone()));
    }
    let lo = e.saturating_sub(MAX_RUN);
    let mut s = e;
    while s > lo {
        let w = toks[s - 1].text(text);
        // "the president of the Commission": an article inside the run after "of".
        let inner_article =
            matches!(w, "the" | "The") && s >= 2 && matches!(toks[s - 2].text(text), "of" | "for");
        // "the EU's envoy to India": "to" after a title.
        let title_to = w == "to" && s >= 2 && lex.is_title(toks[s - 2].text(text));
        // "defense and military officials": "and" between two lower-case role words.
        let roles_and = w == "and"
            && s >= 2
            && s < e
            && [s - 2, s].iter().all(|&i| {
                let r = toks[i].text(text);
                lex.is_title(r) && r.chars().all(char::is_lowercase)
            });
        if in_run(w, lex) || inner_article || title_to || roles_and {
            s -= 1;
        } else {
            break;
        }
    }
    // "interviews to outlets of the Chinese official media said": a run that opens with "of
    // the" or "for the" after a word that names no speaker is that word's complement, not a
    // subject.
    if s + 1 < e
        && s > 0
        && matches!(toks[s].text(text), "of" | "for")
        && toks[s + 1].text(text) == "the"
        && toks[s - 1].is_word
        && toks[s - 1].text(text).chars().all(char::is_lowercase)
        && !lex.is_title(toks[s - 1].text(text))
    {
        return None;
    }
    // "the Russian embassy in London": a place after an institution belongs to the phrase.
    if s > 1 && toks[s - 1].text(text) == "in" && lex.is_institution(toks[s - 2].text(text)) {
        s -= 1;
        while s > lo && in_run(toks[s - 1].text(text), lex) {
            s -= 1;
        }
    }
    // Take a determiner or a number that starts the phrase ("the", "one", "two").
    if s > 0 && s < e && is_determiner(toks[s - 1].text(text)) {
        s -= 1;
    }
    classify(text, &toks[s..e], lex, gaz)
}

/// Finds the subject that starts at `toks[start]` (after a verb: "said Lavrov").
pub fn after(
    text: &str,
    toks: &[Token],
    start: usize,
    lex: &Lexicon,
    gaz: &Gazetteer,
) -> Option<Subject> {
    let first = toks.get(start)?.text(text);
    if let Some(p) = pronoun(first) {
        return Some(pronoun_subject(p, toks[start].span.clone()));
    }
    let mut e = start;
    if is_determiner(first) {
        e += 1;
    }
    let hi = toks.len().min(start + MAX_RUN);
    while e < hi {
        let w = toks[e].text(text);
        let inner_article = matches!(w, "the")
            && e > start
            && matches!(toks[e - 1].text(text), "of" | "for" | "to");
        let title_to = w == "to" && e > start && lex.is_title(toks[e - 1].text(text));
        if in_run(w, lex) || inner_article || title_to {
            e += 1;
        } else {
            break;
        }
    }
    let subject = classify(text, &toks[start..e], lex, gaz)?;
    // "according to a statement from the Indian foreign ministry", "a report published by
    // Reuters": who issued the document.
    if subject.kind == SubjectKind::Document {
        let w = |i: usize| toks.get(i).map(|t| t.text(text));
        let by = match w(e) {
            Some("from" | "by") => Some(e + 1),
            Some("issued" | "released" | "published" | "posted") if w(e + 1) == Some("by") => {
                Some(e + 2)
            }
            _ => None,
        };
        if let Some(author) = by.and_then(|b| after(text, toks, b, lex, gaz)) {
            return Some(author);
        }
    }
    Some(subject)
}

/// The first subject-like phrase of a clause ("Lavrov in interviews to ... said"): a name or
/// role run at `start`, not followed by a verb of its own.
pub fn clause_start(
    text: &str,
    toks: &[Token],
    start: usize,
    lex: &Lexicon,
    gaz: &Gazetteer,
) -> Option<Subject> {
    after(text, toks, start, lex, gaz)
}

/// Words that open an adverbial clause or phrase before a sentence's subject.
const SENTENCE_OPENERS: &[&str] = &[
    "after",
    "before",
    "when",
    "while",
    "as",
    "if",
    "although",
    "though",
    "because",
    "since",
    "once",
    "until",
    "in",
    "on",
    "at",
    "during",
    "despite",
    "asked",
    "speaking",
    "following",
];

/// The subject of a verb of saying `toks[v]` coordinated with an earlier verb of the sentence
/// that starts at `toks[start]` ("Lavrov met Blinken in Geneva, where ..., and said ...",
/// "After Rose asked whether ..., Assad sneered and said"): the phrase that opens the sentence,
/// after an opening adverbial clause.
pub fn coordinated_subject(
    text: &str,
    toks: &[Token],
    start: usize,
    v: usize,
    lex: &Lexicon,
    gaz: &Gazetteer,
) -> Option<Subject> {
    if v == 0 || !matches!(toks[v - 1].text(text), "and" | "but") {
        return None;
    }
    let mut start = start;
    if toks
        .get(start)
        .is_some_and(|t| SENTENCE_OPENERS.contains(&t.text(text).to_lowercase().as_str()))
    {
        start = (start..v).find(|&i| toks[i].text(text) == ",")? + 1;
    }
    // A participle opens no subject ("Accusing Trump of ..., Green referenced ...").
    if toks.get(start).is_some_and(|t| {
        let w = t.text(text);
        w.len() > 5 && w.ends_with("ing")
    }) {
        return None;
    }
    (start < v)
        .then(|| clause_start(text, toks, start, lex, gaz))
        .flatten()
        .filter(|s| s.span.end <= toks[v - 1].span.start)
}

/// Numbers and quantifiers that open a role phrase like a determiner ("one official", "two
/// diplomats", "several sources").
const QUANTIFIERS: &[&str] = &[
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "several",
    "some", "many", "other", "both",
];

/// Prepositions that end a speaker phrase's head noun ("an attorney for the family").
const HEAD_ENDS: &[&str] = &["to", "for", "at", "on", "of", "with", "from", "in"];

/// Whether `w` opens a noun phrase as an article or a quantifier does.
fn is_determiner(w: &str) -> bool {
    matches!(w, "the" | "The" | "a" | "an" | "A" | "An")
        // "his lawyer said", "its spokesman said".
        || matches!(w, "his" | "His" | "her" | "Her" | "their" | "Their" | "its" | "Its")
        || QUANTIFIERS.iter().any(|q| q.eq_ignore_ascii_case(w))
}

/// Lower-case particles inside names ("Lula da Silva", "von der Leyen", "bin Salman").
pub const NAME_PARTICLES: &[&str] = &[
    "da", "de", "di", "do", "dos", "das", "del", "della", "van", "von", "der", "den", "bin", "ibn",
    "al", "el", "la", "le", "y",
];

fn in_run(w: &str, lex: &Lexicon) -> bool {
    (is_cap(w) && pronoun(w).is_none() && !matches!(w, "The" | "A" | "An" | "I"))
        || lex.is_title(w)
        || matches!(w, "of" | "for" | "-")
        || NAME_PARTICLES.contains(&w)
}

/// Capitalised words that open a sentence or an adjunct and never start a speaker's name.
const NOT_NAME_STARTS: &[&str] = &[
    "In",
    "On",
    "At",
    "After",
    "Before",
    "During",
    "For",
    "From",
    "With",
    "Without",
    "Since",
    "As",
    "When",
    "While",
    "Although",
    "Though",
    "Because",
    "If",
    "Once",
    "Until",
    "Yet",
    "Still",
    "Also",
    "Now",
    "Then",
    "But",
    "And",
    "Meanwhile",
    "However",
    "Earlier",
    "Later",
    "Last",
    "This",
    "So",
    "Around",
    "Much",
    "More",
    "Most",
    "Even",
    "Only",
    "Such",
    "Why",
    "How",
    "What",
    "Where",
    "Not",
    "Here",
    "There",
];

/// Whether `w` opens a sentence or an adjunct and never a speaker's name: a word of
/// [`NOT_NAME_STARTS`] or a weekday.
pub(super) fn opens_no_name(w: &str) -> bool {
    NOT_NAME_STARTS.contains(&w) || WEEKDAYS.contains(&w)
}

/// Whether another word of a name follows byte offset `end` ("Petro| Hnatenko").
pub fn continues_name(text: &str, end: usize, lex: &Lexicon, gaz: &Gazetteer) -> bool {
    let rest = &text[end..];
    let Some(next) = rest.strip_prefix(' ') else {
        return false;
    };
    let word: &str = next
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .next()
        .unwrap_or("");
    word.chars().count() > 1
        && word.chars().next().is_some_and(char::is_uppercase)
        && !lex.is_title(word)
        && !matches!(
            word,
            "The" | "He" | "She" | "It" | "They" | "We" | "In" | "On"
        )
        && !opens_no_name(word)
        && gaz.lookup(word).is_none()
}

/// Whether a possessive "'s" follows byte offset `end` ("Erdogan's").
fn is_possessive(text: &str, end: usize) -> bool {
    let rest = &text[end..];
    (rest.starts_with("'s") || rest.starts_with("’s"))
        && !rest[rest.char_indices().nth(2).map_or(rest.len(), |(i, _)| i)..]
            .chars()
            .next()
            .is_some_and(crate::text::is_word_char)
}

fn pronoun_subject(p: Pronoun, span: Span) -> Subject {
    let gender = match p {
        Pronoun::He => Some('m'),
        Pronoun::She => Some('f'),
        _ => None,
    };
    Subject {
        kind: SubjectKind::Pronoun(p),
        name: span.clone(),
        phrase_start: span.start,
        span,
        roles: Vec::new(),
        country: None,
        gender,
        indefinite: false,
        group: false,
    }
}

/// Classifies a noun phrase `toks` as a named speaker, a role or an institution.
fn classify(text: &str, toks: &[Token], lex: &Lexicon, gaz: &Gazetteer) -> Option<Subject> {
    // Trim connectors at the edges.
    let mut toks = toks;
    while let Some(t) = toks.last() {
        // "an attorney for the| family": a phrase cut after a preposition or an article.
        let w = t.text(text);
        if w == "-" || HEAD_ENDS.contains(&w) || matches!(w, "the" | "a" | "an") {
            toks = &toks[..toks.len() - 1];
        } else {
            break;
        }
    }
    while let Some(t) = toks.first() {
        // "Although aides said", "In court prosecutors said": an opening word is no part of it.
        if matches!(t.text(text), "of" | "for" | "-") || opens_no_name(t.text(text)) {
            toks = &toks[1..];
        } else {
            break;
        }
    }
    if toks.is_empty() {
        return None;
    }
    let span = toks[0].span.start..toks[toks.len() - 1].span.end;
    let body = if is_determiner(toks[0].text(text)) {
        &toks[1..]
    } else {
        toks
    };
    if body.is_empty() {
        return None;
    }
    let mut roles = Vec::new();
    let mut gender = None;
    let mut country = None;
    // Gazetteer entries inside the phrase: countries, demonyms, people, organisations.
    let phrase = body[0].span.start..body[body.len() - 1].span.end;
    let mut person_name: Option<Span> = None;
    let mut org_name: Option<Span> = None;
    let mut place_end = None;
    // "the EU's envoy to India": the country after "to" is where the speaker is sent; "an
    // expert on Russia": after "on", what the speaker knows about.
    let to_at = body
        .iter()
        .position(|t| matches!(t.text(text), "to" | "on"))
        .map(|i| body[i].span.start);
    let mut destination = None;
    for (sp, entry) in gaz.find_entries(text, phrase.clone()) {
        if to_at.is_some_and(|a| sp.start > a) && entry.kind != EntryKind::Leader {
            if entry.kind != EntryKind::None {
                destination.get_or_insert(entry.id.clone());
            }
            continue;
        }
        match entry.kind {
            EntryKind::Leader => {
                let p = entry.person.map(|i| gaz.person(i));
                if continues_name(text, sp.end, lex, gaz) {
                    // "Petro" of "Petro Hnatenko": the start of someone else's name.
                    continue;
                }
                if is_possessive(text, sp.end) {
                    // "Erdogan's spokesman": the leader's country, not the leader.
                    if let Some(p) = p {
                        country.get_or_insert(p.country.clone());
                    }
                    continue;
                }
                person_name = Some(sp);
                if let Some(p) = p {
                    country = Some(p.country.clone());
                    gender = gender.or(p.gender);
                }
            }
            EntryKind::Org => {
                org_name.get_or_insert(sp);
                country.get_or_insert(entry.id.clone());
            }
            // A named body that speaks for no country ("the Syrian Observatory for Human
            // Rights", "the Council of Europe") when it is the phrase's head: its whole name.
            EntryKind::None if sp.end == phrase.end => {
                org_name.get_or_insert(sp);
            }
            EntryKind::None => {}
            _ => {
                country.get_or_insert(entry.id.clone());
                place_end = Some(sp.end);
            }
        }
    }
    for t in body {
        let w = t.text(text);
        if lex.is_title(w) {
            roles.push(strip_possessive(w).to_lowercase());
            gender = gender.or(lex.title_gender(w));
        }
    }
    // The name: the trailing run of capitalised words that are neither titles nor countries.
    let name_start = |end: usize| {
        let mut k = end;
        while k > 0 {
            let w = body[k - 1].text(text);
            let is_country = gaz
                .lookup(w)
                .is_some_and(|e| !matches!(e.kind, EntryKind::Leader | EntryKind::Org));
            let particle =
                NAME_PARTICLES.contains(&w) && k < end && k > 1 && is_cap(body[k - 2].text(text));
            if (is_cap(w) && !lex.is_title(w) && !is_country) || particle {
                k -= 1;
            } else {
                break;
            }
        }
        // Capitalised function words that open a sentence are not part of a name ("On Monday").
        while k < end && opens_no_name(body[k].text(text)) {
            k += 1;
        }
        k
    };
    let mut k = name_start(body.len());
    let mut name_end = body.len();
    // "Eddie Foye of Hookset", "John Smith of the Heritage Foundation": the person's name is the
    // run of two or more capitalised words before the last "of", when only a name (of a place or
    // a body) follows it, and not a body's own name ("the Michigan Association of ...").
    if let Some(of) = body.iter().rposition(|t| t.text(text) == "of") {
        let rest = &body[of + 1..];
        let rest = match rest.first() {
            Some(t) if is_determiner(t.text(text)) => &rest[1..],
            _ => rest,
        };
        let named_after = !rest.is_empty() && rest.iter().all(|t| is_cap(t.text(text)));
        if named_after && of >= 2 {
            let before = name_start(of);
            if of >= before + 2 && !lex.is_institution(body[of - 1].text(text)) {
                k = before;
                name_end = of;
            }
        }
    }
    // A run inside a known person's or body's name is that name ("the Bank of England": not
    // "England").
    if k < name_end {
        let run = body[k].span.start..body[name_end - 1].span.end;
        let inside = |n: &Option<Span>| {
            n.as_ref()
                .is_some_and(|n| n.start <= run.start && run.end <= n.end && *n != run)
        };
        if inside(&person_name) || inside(&org_name) {
            k = name_end;
        }
    }
    if country.is_none() && person_name.is_none() && org_name.is_none() {
        country = destination;
    }
    // The head noun: the word before the first preposition when it is a role, body or document
    // ("envoy" of "envoy to India", "attorney" of "an attorney for the family"), else the last.
    let last = body[body.len() - 1].text(text);
    let head = body
        .iter()
        .position(|t| HEAD_ENDS.contains(&t.text(text)))
        .filter(|&i| i > 0)
        .map(|i| body[i - 1].text(text))
        .filter(|&w| lex.is_title(w))
        .unwrap_or(last);
    let (kind, name) = if k < name_end {
        (
            SubjectKind::Named,
            body[k].span.start..body[name_end - 1].span.end,
        )
    } else if person_name.is_some() && lex.is_group(head) {
        // "Obama administration officials", "Trump supporters": a group around the person, who
        // gives its country.
        (SubjectKind::Role, phrase.clone())
    } else if let Some(p) = person_name {
        (SubjectKind::Named, p)
    } else if let Some(o) = org_name {
        (SubjectKind::Named, o)
    } else if lex.is_document(head) {
        (SubjectKind::Document, phrase.clone())
    } else if lex.is_institution(head) || place_end == Some(phrase.end) {
        (SubjectKind::Institution, phrase.clone())
    } else if lex.is_title(head) {
        (SubjectKind::Role, phrase.clone())
    } else {
        return None;
    };
    let indefinite = matches!(toks[0].text(text), "a" | "an" | "A" | "An" | "one" | "One");
    let group = kind == SubjectKind::Role && lex.is_group(head);
    Some(Subject {
        kind,
        phrase_start: span.start,
        span,
        name,
        roles,
        country,
        gender,
        indefinite,
        group,
    })
}
