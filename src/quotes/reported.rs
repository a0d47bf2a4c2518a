//! Reported speech: "X said (that) CLAUSE", "X told reporters (that) CLAUSE", "according to X,
//! CLAUSE", "CLAUSE, X said", "X was quoted as saying CLAUSE", "X accused Y of CLAUSE".
use super::lexicon::{Frame, Lexicon};
use super::speaker::{self, Subject};
use crate::actors::Gazetteer;
use crate::text::{Span, Token};

/// A reported clause and the subject of its verb.
#[derive(Debug, Clone)]
pub struct Reported {
    pub clause: Span,
    pub subject: Subject,
    /// An attribution inside the clause ("The sanctions*, Lavrov said,* would hurt Europe"):
    /// part of the quote's span, not of what was said.
    pub attribution: Option<Span>,
    /// A second report by the same subject, coordinated after this one ("Zelensky accused
    /// Russia of war crimes *and said Ukraine would never give up*").
    pub then: Option<Box<Reported>>,
}

/// Words that may stand between a verb and "that" ("said on Monday that", "told reporters in
/// Beijing that").
const MAX_BEFORE_THAT: usize = 8;

/// Adverbs of time or place that may stand between a verb of saying and its clause without a
/// preposition ("said Wednesday she ...", "said here that ..."), beside the weekdays.
const BARE_ADJUNCTS: &[&str] = &["here", "today", "yesterday", "tonight"];

fn is_bare_adjunct(w: &str) -> bool {
    BARE_ADJUNCTS.contains(&w) || speaker::WEEKDAYS.contains(&w)
}

/// Parts of the day after a bare weekday ("said Sunday morning").
const DAY_PARTS: &[&str] = &["morning", "afternoon", "evening", "night"];

/// Prepositions after which a bare "said" does not start a clause ("said in a statement").
const PREPOSITIONS: &[&str] = &[
    "in",
    "on",
    "at",
    "during",
    "after",
    "before",
    "by",
    "to",
    "with",
    "from",
    "via",
    "through",
    "of",
    "about",
    "for",
    "while",
    "when",
    ",",
    ".",
    ":",
    ";",
    "as",
    "so",
    "and",
    "it",
    "this",
    "later",
    "earlier",
    "late",
    "again",
    "back",
    "separately",
    "today",
    "yesterday",
    "overnight",
    "briefly",
    "quickly",
    "only",
    "nothing",
    "little",
    "more",
    "much",
];

/// Words that start an adjunct after a sentence-final verb ("the ministry said in a statement on
/// Thursday").
const ADJUNCT_STARTS: &[&str] = &[
    "on",
    "in",
    "at",
    "during",
    "after",
    "before",
    "late",
    "earlier",
    "later",
    "this",
    "last",
    "separately",
    "via",
    "through",
    "from",
    "when",
    "while",
    "today",
    "yesterday",
    "overnight",
    "here",
    "tonight",
];

/// Whether `w` opens an adjunct after a verb of saying: a word of [`ADJUNCT_STARTS`] or a
/// weekday ("said Wednesday").
fn is_adjunct_start(w: &str) -> bool {
    ADJUNCT_STARTS.contains(&w) || speaker::WEEKDAYS.contains(&w)
}

/// How far back from a verb the subject's clause may start, in tokens.
const MAX_SUBJECT_REACH: usize = 40;

/// Conjunctions after which a second report may follow the first in one sentence ("Putin
/// said the West was to blame, while Zelensky said Russia would lose").
const NEXT_REPORT: &[&str] = &["and", "but", "while", "whereas"];

/// Every report in the sentence `toks`: the first as [`find`] gives it, and, where its clause
/// runs into a second report after a comma and a conjunction (", and Y said B"), the clause
/// ends before the comma and the second is looked for from its subject on, and so on.
pub fn find_all(text: &str, toks: &[Token], lex: &Lexicon, gaz: &Gazetteer) -> Vec<Reported> {
    let mut out = Vec::new();
    let mut found = find(text, toks, lex, gaz);
    let mut from = 0;
    while let Some(mut r) = found.take() {
        if let Some(second) = r.then.take() {
            out.push(r);
            out.push(*second);
            break;
        }
        let toks = &toks[from..];
        // The second report, found once: it is also the next one pushed.
        let next = (1..toks.len().saturating_sub(2)).find_map(|i| {
            let opens = toks[i].text(text) == ","
                && toks[i - 1].span.end <= r.clause.end
                && toks[i - 1].span.start > r.clause.start
                && NEXT_REPORT.contains(&toks[i + 1].text(text));
            opens
                .then(|| find(text, &toks[i + 2..], lex, gaz))
                .flatten()
                .filter(|n| n.subject.phrase_start == toks[i + 2].span.start)
                .map(|n| (i, n))
        });
        // The first clause keeps at least three words, as every clause does.
        let next = next.filter(|&(i, _)| {
            toks[..i]
                .iter()
                .filter(|t| t.is_word && t.span.start >= r.clause.start)
                .count()
                >= 3
        });
        if let Some((i, n)) = next {
            r.clause.end = toks[i - 1].span.end;
            from += i + 2;
            found = Some(n);
        }
        out.push(r);
    }
    out
}

/// The first report found in one sentence (`toks` are its tokens).
pub fn find(text: &str, toks: &[Token], lex: &Lexicon, gaz: &Gazetteer) -> Option<Reported> {
    if let Some(r) = according_to(text, toks, lex, gaz) {
        return Some(r);
    }
    let mut v = 0;
    while v < toks.len() {
        let Some((frame, n)) = lex.verb_at(text, toks, v) else {
            v += 1;
            continue;
        };
        if let Some(r) = at_verb(text, toks, v, n, frame, lex, gaz) {
            return Some(r);
        }
        v += 1;
    }
    None
}

/// Reported speech governed by the speech verb `toks[v..v + n]`.
fn at_verb(
    text: &str,
    toks: &[Token],
    v: usize,
    n: usize,
    frame: Frame,
    lex: &Lexicon,
    gaz: &Gazetteer,
) -> Option<Reported> {
    // "As Putin said last week, the West has lost its way."
    if frame == Frame::Say {
        if let Some(r) = as_said(text, toks, v, n, lex, gaz) {
            return Some(r);
        }
    }
    // "The sanctions, Lavrov said, would hurt Europe." — the attribution inside the clause.
    if frame == Frame::Say && toks.get(v + n).is_some_and(|t| t.text(text) == ",") {
        if let Some(r) = speaker::before(text, toks, v, lex, gaz)
            .and_then(|s| parenthetical(text, toks, v, n, s))
        {
            return Some(r);
        }
    }
    // "CLAUSE, X said." — the verb ends the sentence (but for adjuncts).
    if let Some(r) = trailing(text, toks, v, n, frame, lex, gaz) {
        return Some(r);
    }
    // "CLAUSE, said X." — the subject after the verb ends the sentence.
    if let Some(r) = trailing_inverted(text, toks, v, n, lex, gaz) {
        return Some(r);
    }
    let t = &toks[v];
    if n == 1 && v > 0 && toks[v - 1].text(text) == "to" {
        return None; // "declined to say whether ...": no report
    }
    let participle = v > 0 && toks[v - 1].text(text) == "," && t.text(text).ends_with("ing");
    let subject = if participle {
        // "X criticised Y, saying CLAUSE": the subject of the sentence.
        let start = dateline_end(text, toks);
        if v > start + MAX_SUBJECT_REACH * 2 {
            return None;
        }
        speaker::clause_start(text, toks, start, lex, gaz)?
    } else {
        subject_of(text, toks, v, lex, gaz)?
    };
    let mut clause = clause_after(text, toks, v, n, frame)?;
    // "Zelensky accused Russia of war crimes and said ...", "urged Tehran to show restraint and
    // warned that ...": after an accusation or an appeal (whose object clause has no subject of
    // its own), "and" with a verb of saying opens a second report by the same subject.
    let mut then = None;
    if matches!(frame, Frame::Accuse | Frame::Urge) {
        let and_verb = (v + n + 2..toks.len().saturating_sub(1))
            .take_while(|&i| toks[i].span.end <= clause.end)
            .filter(|&i| toks[i].text(text) == "and")
            .find_map(|i| {
                let w = toks[i + 1].text(text);
                let finite = w.ends_with("ed") || w.ends_with('s') || matches!(w, "said" | "told");
                match lex.verb_at(text, toks, i + 1) {
                    Some((f @ (Frame::Say | Frame::SayThat | Frame::Tell), k)) if finite => {
                        Some((i, f, k))
                    }
                    _ => None,
                }
            });
        if let Some((a, f, k)) = and_verb {
            let words = (v + n..a).filter(|&i| toks[i].is_word).count();
            if let (true, Some(second)) = (words >= 3, clause_after(text, toks, a + 1, k, f)) {
                clause.end = toks[a - 1].span.end;
                then = Some(Box::new(Reported {
                    clause: second,
                    subject: subject.clone(),
                    attribution: None,
                    then: None,
                }));
            }
        }
    }
    Some(Reported {
        clause,
        subject,
        attribution: None,
        then,
    })
}

/// "As Putin said (last week), CLAUSE" (also "Just as ..."): the clause after the comma that
/// ends the attribution, which opens the sentence.
fn as_said(
    text: &str,
    toks: &[Token],
    v: usize,
    n: usize,
    lex: &Lexicon,
    gaz: &Gazetteer,
) -> Option<Reported> {
    let subject = speaker::before(text, toks, v, lex, gaz)?;
    let k = toks
        .iter()
        .position(|t| t.span.start == subject.phrase_start)?;
    let opens = k >= 1
        && toks[k - 1].text(text).eq_ignore_ascii_case("as")
        && (k == 1 || matches!(toks[k - 2].text(text), "Just" | "just" | "," | "—"));
    if !opens {
        return None;
    }
    // At most a short adjunct of words between the verb and the comma.
    let comma = (v + n..toks.len().min(v + n + 6))
        .take_while(|&i| toks[i].is_word || toks[i].text(text) == ",")
        .find(|&i| toks[i].text(text) == ",")?;
    Some(Reported {
        clause: clause_end(text, toks, comma + 1)?,
        subject,
        attribution: None,
        then: None,
    })
}

fn subject_of(
    text: &str,
    toks: &[Token],
    v: usize,
    lex: &Lexicon,
    gaz: &Gazetteer,
) -> Option<Subject> {
    speaker::before(text, toks, v, lex, gaz).or_else(|| {
        // "Lavrov met Blinken in Geneva, where ..., and said ...": the sentence's subject.
        if let Some(s) =
            speaker::coordinated_subject(text, toks, dateline_end(text, toks), v, lex, gaz)
        {
            return Some(s);
        }
        // "Ahead of his arrival, Lavrov in interviews to ... said that": the phrase that opens
        // the verb's clause.
        let lo = v.saturating_sub(MAX_SUBJECT_REACH);
        let start = (lo..v)
            .rev()
            .find(|&i| toks[i].text(text) == ",")
            .map_or(lo, |i| i + 1);
        if start == lo && lo > 0 {
            return None; // no clause start within reach
        }
        (start < v)
            .then(|| speaker::clause_start(text, toks, start, lex, gaz))
            .flatten()
            .filter(|s| s.span.end <= toks[v].span.start)
    })
}

/// The clause governed by the verb `toks[v..v + n]`.
fn clause_after(text: &str, toks: &[Token], v: usize, n: usize, frame: Frame) -> Option<Span> {
    let w = |i: usize| toks[i].text(text);
    let mut start = v + n;
    // "said Wednesday she hoped ...", "said here Monday that ...": a bare time or place adverb
    // after a verb of saying or telling is no part of the clause.
    if matches!(frame, Frame::Say | Frame::Tell) {
        while start + 1 < toks.len() && is_bare_adjunct(w(start)) {
            start += 1;
            if DAY_PARTS.contains(&w(start)) && start + 1 < toks.len() {
                start += 1;
            }
        }
    }
    // "was quoted as saying" is handled by the subject; "saying" is the verb here.
    // "said it was pleased that ...": an auxiliary before "that" means the clause has begun.
    // So does "it" or "this" with a verb ("said it scared him so much that ...").
    let begun =
        frame != Frame::SayThat && start < toks.len() && subject_with_auxiliary(text, toks, start);
    let that = (start..toks.len().min(start + MAX_BEFORE_THAT + 1))
        .take_while(|&i| frame == Frame::SayThat || !is_auxiliary(w(i)))
        .find(|&i| w(i).eq_ignore_ascii_case("that"))
        .filter(|_| !begun);
    match frame {
        // "added it was a disappointing moment", "added he would ...": a pronoun and an
        // auxiliary right after the verb open the clause without "that".
        Frame::SayThat if pronoun_then_auxiliary(text, toks, start) => {}
        Frame::SayThat => {
            let t = that?;
            if (start..t).any(|i| matches!(w(i), "." | ";" | "?" | "!")) {
                return None;
            }
            start = t + 1;
        }
        Frame::Say | Frame::Tell => {
            if let Some(t) = that {
                // Only adjuncts between verb and "that": no other verb, no punctuation but commas.
                if (start..t).any(|i| matches!(w(i), "." | ";" | "?" | "!")) {
                    return None;
                }
                start = t + 1;
            } else if let Some(s) = (frame == Frame::Say)
                .then(|| pronoun_clause_after_adjunct(text, toks, start))
                .flatten()
            {
                // "said in a statement it had no plans to ...", "said on Tuesday they would ...".
                start = s;
            } else if let Some(s) = (frame == Frame::Tell)
                .then(|| clause_after_addressee(text, toks, start))
                .flatten()
            {
                // "told reporters he would ...", "told parliament the plan had failed".
                start = s;
            } else if frame == Frame::Tell
                || start >= toks.len()
                || (PREPOSITIONS.contains(&w(start).to_lowercase().as_str())
                    && !subject_with_auxiliary(text, toks, start))
                || !toks[start].is_word
            {
                return None;
            }
        }
        Frame::Accuse => {
            (start..toks.len().min(start + 8)).find(|&i| w(i) == "of")?;
        }
        Frame::Urge => {
            let to = (start..toks.len().min(start + 8)).find(|&i| w(i) == "to");
            if to.is_none() && !object_then_quoted_words(text, toks, start) {
                return None;
            }
        }
    }
    clause_end(text, toks, start)
}

/// The longest object between "called" and the quoted words it gives the object.
const MAX_OBJECT: usize = 6;

/// "X called the US move "bullying"": a short object of words, then quoted words that close in
/// the sentence. The object and the words are the report (the object is often its target).
fn object_then_quoted_words(text: &str, toks: &[Token], start: usize) -> bool {
    let w = |i: usize| toks[i].text(text);
    let Some(open) =
        (start..toks.len().min(start + MAX_OBJECT + 1)).find(|&i| OPENING_MARKS.contains(&w(i)))
    else {
        return false;
    };
    open > start
        && toks[start..open].iter().all(|t| t.is_word)
        && toks[open + 1..]
            .iter()
            .any(|t| CLOSING_MARKS.contains(&t.text(text)))
}

/// Quotation marks as tokens, by the side they may stand on (straight ones on either).
const OPENING_MARKS: &[&str] = &["\"", "“", "‘", "«", "'"];
const CLOSING_MARKS: &[&str] = &["\"", "”", "’", "»", "'"];

/// "it would", "this was", "it hoped", "it wants": a word that is otherwise no clause start
/// ("said it twice", "said this on Monday") opens one when an auxiliary or a finite verb follows.
fn subject_with_auxiliary(text: &str, toks: &[Token], start: usize) -> bool {
    let subject = toks[start].text(text);
    matches!(subject, "it" | "this")
        && toks.get(start + 1).is_some_and(|t| {
            let v = t.text(text);
            is_auxiliary(v) || (t.is_word && is_finite_verb(v, subject == "it"))
        })
}

/// Irregular past tenses that follow a pronoun subject ("said it saw no reason").
const IRREGULAR_PASTS: &[&str] = &[
    "saw",
    "knew",
    "felt",
    "thought",
    "took",
    "made",
    "sought",
    "gave",
    "got",
    "kept",
    "found",
    "meant",
    "understood",
    "stood",
    "held",
    "told",
    "said",
];

/// Plurals of time that end like a verb in -s ("said it months ago").
const TIME_PLURALS: &[&str] = &[
    "seconds", "minutes", "hours", "days", "weeks", "months", "years", "times", "dozens",
];

/// Whether `w` reads as a finite verb after a pronoun: a lower-case past in -ed or an irregular
/// past ("it hoped", "this showed", "it saw"), or with `third_person` a present in -s ("it
/// wants"), but not an adverb or a plural of time.
fn is_finite_verb(w: &str, third_person: bool) -> bool {
    let lower = w.len() > 2 && w.bytes().all(|b| b.is_ascii_lowercase());
    lower
        && (w.ends_with("ed")
            || IRREGULAR_PASTS.contains(&w)
            || (third_person
                && w.ends_with('s')
                && !w.ends_with("ss")
                && !w.ends_with("ly")
                && !TIME_PLURALS.contains(&w)))
}

/// A subject pronoun at `toks[start]` and an auxiliary after it ("it was", "he would").
fn pronoun_then_auxiliary(text: &str, toks: &[Token], start: usize) -> bool {
    toks.get(start)
        .is_some_and(|t| PRONOUNS.contains(&t.text(text)))
        && toks
            .get(start + 1)
            .is_some_and(|t| is_auxiliary(t.text(text)))
}

/// Subject pronouns that open a reported clause without "that" when an auxiliary follows.
const PRONOUNS: &[&str] = &["it", "he", "she", "they", "we"];

/// Auxiliaries (and a few copulas) whose subject opens a reported clause without "that".
const AUXILIARIES: &[&str] = &[
    "had", "has", "have", "would", "will", "was", "were", "is", "are", "could", "can", "should",
    "might", "may", "did", "does", "do", "must", "remained", "remains",
];

/// An auxiliary, also contracted or negated ("would've", "wasn't", "won't").
fn is_auxiliary(word: &str) -> bool {
    let base = ["n't", "n’t", "'ve", "’ve"]
        .iter()
        .find_map(|s| word.strip_suffix(s))
        .unwrap_or(word);
    AUXILIARIES.contains(&base) || matches!(base, "wo" | "ca")
}

/// Words that open a noun phrase subject ("told parliament *the* plan had failed").
const SUBJECT_DETERMINERS: &[&str] = &[
    "the", "its", "his", "her", "their", "our", "this", "these", "those", "a", "an", "no", "all",
];

/// After a verb of telling without "that": a short addressee, then a clause whose subject (a
/// pronoun, a determiner's noun phrase, or capitalised words after a lower-case addressee) is
/// followed by an auxiliary ("told reporters he would ...", "told parliament the plan had
/// failed", "told lawmakers China was ..."). Where the clause starts; none when the subject
/// cannot be told from the addressee ("told Reuters Beijing would ...": two names in a row).
fn clause_after_addressee(text: &str, toks: &[Token], start: usize) -> Option<usize> {
    const MAX_SUBJECT: usize = 4;
    let w = |i: usize| toks[i].text(text);
    let capitalised = |i: usize| w(i).chars().next().is_some_and(char::is_uppercase);
    let reach = toks.len().min(start + MAX_ADDRESSEE + MAX_SUBJECT + 1);
    // "told CNN he favors ...", "told reporters they wanted ...": a subject pronoun after a short
    // addressee of words, and a lower-case word after it (its verb, or an adverb before it).
    if let Some(p) = (start + 1..toks.len().min(start + MAX_ADDRESSEE + 1))
        .take_while(|&i| toks[i].is_word)
        .find(|&i| w(i) != "it" && PRONOUNS.contains(&w(i)))
    {
        let verb = toks.get(p + 1).is_some_and(|t| {
            t.is_word
                && t.text(text).chars().all(char::is_lowercase)
                && !PREPOSITIONS.contains(&t.text(text))
        });
        // The addressee holds no question word ("told advisers what he had heard") and no
        // preposition or conjunction ("told me before he took the job").
        let clause_word = (start..p).any(|i| {
            let l = w(i).to_lowercase();
            PREPOSITIONS.contains(&l.as_str())
                || matches!(
                    l.as_str(),
                    "what"
                        | "how"
                        | "why"
                        | "whether"
                        | "where"
                        | "who"
                        | "which"
                        | "if"
                        | "before"
                        | "because"
                        | "until"
                        | "since"
                        | "unless"
                        | "once"
                        | "than"
                )
        });
        if verb && !clause_word {
            return Some(p);
        }
    }
    let aux = (start + 1..reach)
        .take_while(|&i| toks[i].is_word)
        .find(|&i| is_auxiliary(w(i)))?;
    let subject = if PRONOUNS.contains(&w(aux - 1).to_lowercase().as_str()) {
        aux - 1
    } else if let Some(d) = (aux.saturating_sub(MAX_SUBJECT).max(start)..aux - 1)
        .rev()
        .find(|&i| SUBJECT_DETERMINERS.contains(&w(i).to_lowercase().as_str()))
    {
        d
    } else {
        // A run of capitalised words after a lower-case word of the addressee.
        let first = (start..aux).rev().take_while(|&i| capitalised(i)).last()?;
        let before = w(first - 1).to_lowercase();
        if first == start
            || capitalised(first - 1)
            || SUBJECT_DETERMINERS.contains(&before.as_str())
        {
            return None;
        }
        first
    };
    // An addressee holds no clause of its own: no pronoun subject ("informed the White House
    // she believed Flynn had ..."), no question word ("told advisers what he had heard").
    const NOT_ADDRESSEE: &[&str] = &[
        "i", "you", "he", "she", "we", "they", "what", "how", "why", "whether", "when", "where",
        "who", "which", "if",
    ];
    let clear = (start..subject).all(|i| !NOT_ADDRESSEE.contains(&w(i).to_lowercase().as_str()));
    let addressee = subject.saturating_sub(start);
    (clear && (1..=MAX_ADDRESSEE).contains(&addressee)).then_some(subject)
}

/// The longest subject of a parenthetical attribution, in tokens.
const MAX_PARENTHETICAL: usize = 8;

/// "The sanctions, Lavrov said, would only hurt Europe": a subject and its verb of saying set
/// off by commas inside the clause they report. The clause runs from the sentence's start (after
/// a dateline) to its end, the attribution inside it. What follows the second comma must go on
/// with the clause (two words or more, not an adjunct or a participle: "..., he said, adding
/// that ..." and "..., he said, on Monday." are trailing attributions).
fn parenthetical(
    text: &str,
    toks: &[Token],
    v: usize,
    n: usize,
    subject: Subject,
) -> Option<Reported> {
    let open = (0..v).rev().find(|&i| toks[i].text(text) == ",")?;
    let first = toks.get(open + 1)?;
    if v - open - 1 > MAX_PARENTHETICAL || subject.span.start < first.span.start {
        return None;
    }
    let start = dateline_end(text, toks);
    let words = |r: std::ops::Range<usize>| r.filter(|&i| toks[i].is_word).count();
    if open <= start || words(start..open) < 1 {
        return None;
    }
    let span = clause_end(text, toks, start)?;
    let close = &toks[v + n];
    let next = toks.get(v + n + 1)?.text(text);
    if span.end <= close.span.end
        || words(v + n + 1..toks.len()) < 2
        || is_adjunct_start(next)
        || (next.ends_with("ing") && next.chars().all(char::is_lowercase))
        || matches!(next, "according" | "as" | "because" | "but" | "and")
    {
        return None;
    }
    Some(Reported {
        clause: span,
        subject,
        attribution: Some(toks[open].span.start..close.span.end),
        then: None,
    })
}

/// A short adjunct after the verb, without "that", then a clause opened by a subject pronoun and
/// an auxiliary ("said in a statement it had ...", "said on Tuesday they would ..."): where the
/// clause starts. Only these pronoun-and-auxiliary openings count, so that "said in a statement
/// posted online" stays no clause.
fn pronoun_clause_after_adjunct(text: &str, toks: &[Token], start: usize) -> Option<usize> {
    const OPENERS: &[&str] = &["in", "on", "at"];
    let w = |i: usize| toks[i].text(text);
    if start >= toks.len() || !OPENERS.contains(&w(start).to_lowercase().as_str()) {
        return None;
    }
    // At most six words of adjunct, no punctuation inside.
    for i in start + 1..toks.len().min(start + 8) {
        if !toks[i].is_word {
            return None;
        }
        if PRONOUNS.contains(&w(i)) && toks.get(i + 1).is_some_and(|t| is_auxiliary(t.text(text))) {
            return Some(i);
        }
    }
    None
}

/// The clause from `toks[start]` to the end of the sentence, cut before a participial adjunct
/// (", referring to ...") and without final punctuation.
fn clause_end(text: &str, toks: &[Token], start: usize) -> Option<Span> {
    // No clause opens with a comma or a dash ("Begich (D-Alaska), has called for ...").
    let start = (start..toks.len())
        .find(|&i| !matches!(toks[i].text(text), "," | ";" | ":" | "-" | "—" | "–"))?;
    let mut end = toks.len();
    for i in start..toks.len() {
        let t = toks[i].text(text);
        if t == "," {
            if let Some(n) = toks.get(i + 1) {
                let nw = n.text(text);
                if (nw.ends_with("ing") && nw.len() > 5 && nw.chars().all(char::is_lowercase))
                    || nw == "according"
                {
                    end = i;
                    break;
                }
            }
        }
    }
    while end > start && !toks[end - 1].is_word && !matches!(toks[end - 1].text(text), ")" | "%") {
        end -= 1;
    }
    // Keep the mark that closes a quoted phrase at the end ("accused it of "posturing"").
    let is_double = |t: &Token| matches!(t.text(text), "\"" | "“" | "”");
    if toks.get(end).is_some_and(is_double)
        && toks[start..end].iter().filter(|t| is_double(t)).count() % 2 == 1
    {
        end += 1;
    }
    let words = (start..end).filter(|&i| toks[i].is_word).count();
    (words >= 3).then(|| toks[start].span.start..toks[end - 1].span.end)
}

/// A participle clause after a direct quote's attribution ("'...,' he said, adding that
/// CLAUSE"): the clause, reported by the quote's speaker. `toks` run from the closing mark to the
/// end of the sentence.
pub fn participle_after(text: &str, toks: &[Token], lex: &Lexicon) -> Option<Span> {
    let v = (1..toks.len()).find(|&i| {
        toks[i - 1].text(text) == ","
            && toks[i].text(text).ends_with("ing")
            && lex.verb_at(text, toks, i).is_some()
    })?;
    let (frame, n) = lex.verb_at(text, toks, v)?;
    clause_after(text, toks, v, n, frame)
}

/// The longest addressee of a trailing "told" ("told Reuters", "told a news conference").
const MAX_ADDRESSEE: usize = 5;

/// "CLAUSE, X said." with only adjuncts after the verb, or after a short addressee for verbs
/// of telling ("CLAUSE, two sources told Reuters on Tuesday.").
fn trailing(
    text: &str,
    toks: &[Token],
    v: usize,
    n: usize,
    frame: Frame,
    lex: &Lexicon,
    gaz: &Gazetteer,
) -> Option<Reported> {
    let mut after = v + n;
    if frame == Frame::Tell {
        // The addressee: words up to the sentence's end, a comma or an adjunct.
        let stop = toks[after..].iter().take(MAX_ADDRESSEE + 1).position(|t| {
            let w = t.text(text);
            !t.is_word || is_adjunct_start(w)
        })?;
        if stop > MAX_ADDRESSEE
            || toks[after..after + stop]
                .iter()
                .any(|t| matches!(t.text(text), "that" | "how" | "whether"))
        {
            return None;
        }
        after += stop;
    }
    // After the verb: nothing, or an adjunct up to the next comma ("said on Tuesday, hours
    // before ...", "said Friday as meetings on the arsenal lurched into a second day"), at most
    // 14 tokens.
    let rest: Vec<&str> = toks[after..]
        .iter()
        .take(16)
        .map(|t| t.text(text))
        .collect();
    let upto = rest
        .iter()
        .position(|w| *w == ",")
        .unwrap_or(toks.len() - after);
    let adjunct = upto <= 14
        && rest[..upto].iter().all(|w| !matches!(*w, "that" | ";"))
        && rest
            .first()
            .is_none_or(|w| is_adjunct_start(w) || matches!(*w, "." | ","));
    if !adjunct {
        return None;
    }
    let subject = speaker::before(text, toks, v, lex, gaz)?;
    // Only the subject between a comma and the verb.
    let first = (0..v)
        .rev()
        .take(MAX_SUBJECT_REACH * 2)
        .find(|&i| toks[i].span.start <= subject.span.start)?;
    if first == 0
        || toks[first].span.start != subject.span.start
        || toks[first - 1].text(text) != ","
    {
        return None;
    }
    let comma = first - 1;
    let clause = clause_end(text, &toks[..comma], dateline_end(text, toks))?;
    Some(Reported {
        clause,
        subject,
        attribution: None,
        then: None,
    })
}

/// "CLAUSE, said X." — the verb right after the clause's comma, and the subject after it ends
/// the sentence ("Sanctions will stay, said one official.").
fn trailing_inverted(
    text: &str,
    toks: &[Token],
    v: usize,
    n: usize,
    lex: &Lexicon,
    gaz: &Gazetteer,
) -> Option<Reported> {
    if v == 0 || toks[v - 1].text(text) != "," {
        return None;
    }
    let subject = speaker::after(text, toks, v + n, lex, gaz)?;
    let next = toks[v + n..]
        .iter()
        .position(|t| t.span.start >= subject.span.end)
        .map(|i| v + n + i);
    if let Some(i) = next {
        if !matches!(toks[i].text(text), "." | "!" | "?" | ";" | ",") {
            return None;
        }
    }
    let clause = clause_end(text, &toks[..v - 1], dateline_end(text, toks))?;
    Some(Reported {
        clause,
        subject,
        attribution: None,
        then: None,
    })
}

/// The first token after a dateline ("MOSCOW, April 4 (Reuters) -", "New Delhi, Feb 20 (PTI)",
/// "NIAMEY, Aug 25 -", "LONDON, 9 May —"), or 0 when the sentence has none.
pub fn dateline_end(text: &str, toks: &[Token]) -> usize {
    let window = toks.len().min(14);
    let is_dash = |t: &Token| matches!(t.text(text), "-" | "—" | "–");
    if let Some(close) = (0..window).find(|&i| toks[i].text(text) == ")") {
        if (0..close).any(|i| toks[i].text(text) == "(") {
            let mut end = close + 1;
            if toks.get(end).is_some_and(is_dash) {
                end += 1;
            }
            return end;
        }
    }
    // A city in capitals, a comma, a date or a region of at most four words, a dash or a colon
    // ("MOSCOW, March 3 —", "GAZA CITY, Palestinian Territories:"), or a city and a colon
    // ("LYON:").
    let ends = |t: &Token| is_dash(t) || t.text(text) == ":";
    let caps = toks
        .iter()
        .take(4)
        .take_while(|t| {
            let w = t.text(text);
            t.is_word
                && w.chars().filter(|c| c.is_alphabetic()).count() >= 2
                && !w.chars().any(char::is_lowercase)
        })
        .count();
    if caps > 0 && toks.get(caps).is_some_and(|t| t.text(text) == ":") {
        return caps + 1;
    }
    if caps == 0 || toks.get(caps).is_none_or(|t| t.text(text) != ",") {
        return 0;
    }
    (caps + 2..toks.len().min(caps + 6))
        .find(|&i| ends(&toks[i]))
        .filter(|&d| toks[caps + 1..d].iter().all(|t| t.is_word))
        .map_or(0, |d| d + 1)
}

/// "According to X, CLAUSE." and "CLAUSE, according to X."
fn according_to(text: &str, toks: &[Token], lex: &Lexicon, gaz: &Gazetteer) -> Option<Reported> {
    let a = (0..toks.len().saturating_sub(1)).find(|&i| {
        toks[i].text(text).eq_ignore_ascii_case("according") && toks[i + 1].text(text) == "to"
    })?;
    let subject = speaker::after(text, toks, a + 2, lex, gaz)?;
    if a == 0 {
        let comma = (a + 2..toks.len()).find(|&i| toks[i].text(text) == ",")?;
        let clause = clause_end(text, toks, comma + 1)?;
        return Some(Reported {
            clause,
            subject,
            attribution: None,
            then: None,
        });
    }
    if a > 0 && toks[a - 1].text(text) == "," {
        let clause = clause_end(text, &toks[..a - 1], 0)?;
        return Some(Reported {
            clause,
            subject,
            attribution: None,
            then: None,
        });
    }
    None
}
