//! The word lists the quote finder uses: speech verbs and titles (`data/lexicons/`).
use crate::error::{Error, Result};
use crate::text::Token;
use foldhash::{HashMap, HashMapExt};

pub(crate) const SPEECH_VERBS: &str = include_str!("../../data/lexicons/speech_verbs.tsv");
const TITLES: &str = include_str!("../../data/lexicons/titles.txt");

/// How a speech verb takes its reported clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frame {
    /// "X said (that) CLAUSE".
    Say,
    /// Reported speech only with an explicit "that" ("X recalled that ...").
    SayThat,
    /// "X told reporters (that) CLAUSE".
    Tell,
    /// "X accused Y of CLAUSE".
    Accuse,
    /// "X urged Y to CLAUSE".
    Urge,
}

/// What a title word shows about the speaker.
#[derive(Debug, Clone, Copy, Default)]
struct TitleInfo {
    gender: Option<char>,
    institution: bool,
    document: bool,
    /// A plural role ("officials", "diplomats", "sources"): a group of people.
    group: bool,
}

/// Speech verbs and title words.
#[derive(Debug, Clone)]
pub struct Lexicon {
    verbs: HashMap<String, Frame>,
    /// Multi-word speech verbs by their first word: the other words and the frame, longest
    /// first ("made" → ["it", "clear"], ["clear"]).
    phrases: HashMap<String, Vec<(Vec<String>, Frame)>>,
    /// Title word → what it shows.
    titles: HashMap<String, TitleInfo>,
    /// The shapes of the title words, to pass over most other words without hashing them.
    title_shapes: Shapes,
    /// Words that open a description after a role word ("familiar" of "people familiar with
    /// the matter"): `after:` and `side:` lines of the titles list; true for `side:` ("close":
    /// the speaker is on the side of whom the description names).
    after_role: HashMap<String, bool>,
}

impl Lexicon {
    /// The built-in lists.
    pub fn builtin() -> Result<Self> {
        Self::parse(SPEECH_VERBS, TITLES)
    }

    /// Parses the two lists.
    pub fn parse(verbs: &str, titles: &str) -> Result<Self> {
        let mut v = HashMap::new();
        let mut phrases: HashMap<String, Vec<(Vec<String>, Frame)>> = HashMap::new();
        for (n, line) in data_lines(verbs) {
            let mut cols = line.split('\t');
            let form = cols.next().unwrap_or("").trim().to_lowercase();
            let words: Vec<String> = form.split_whitespace().map(str::to_string).collect();
            if words.is_empty() {
                return Err(Error::Data {
                    path: "data/lexicons/speech_verbs.tsv".into(),
                    line: n,
                    reason: "an empty form".into(),
                });
            }
            let frame = match cols.next().map(str::trim) {
                Some("say") | None => Frame::Say,
                Some("that") => Frame::SayThat,
                Some("tell") => Frame::Tell,
                Some("accuse") => Frame::Accuse,
                Some("urge") => Frame::Urge,
                Some(f) => {
                    return Err(Error::Data {
                        path: "data/lexicons/speech_verbs.tsv".into(),
                        line: n,
                        reason: format!("unknown frame `{f}` (say, that, tell, accuse, urge)"),
                    })
                }
            };
            if words.len() == 1 {
                v.insert(form, frame);
            } else {
                let list = phrases.entry(words[0].clone()).or_default();
                list.push((words[1..].to_vec(), frame));
                list.sort_by_key(|(rest, _)| std::cmp::Reverse(rest.len()));
            }
        }
        let mut t = HashMap::new();
        let mut after_role = HashMap::new();
        for (_, line) in data_lines(titles) {
            let (tag, w) = line.split_once(':').unwrap_or(("", line));
            if tag == "after" || tag == "side" {
                after_role.insert(w.trim().to_lowercase(), tag == "side");
                continue;
            }
            let info = TitleInfo {
                gender: match tag {
                    "m" => Some('m'),
                    "f" => Some('f'),
                    _ => None,
                },
                institution: tag == "org",
                document: tag == "doc",
                group: tag == "group",
            };
            t.insert(w.trim().to_lowercase(), info);
        }
        Ok(Lexicon {
            verbs: v,
            phrases,
            title_shapes: Shapes::of(t.keys()),
            titles: t,
            after_role,
        })
    }

    /// The one-word speech verbs ("said", "warned"), in no particular order.
    pub fn one_word_verbs(&self) -> impl Iterator<Item = &str> {
        self.verbs.keys().map(String::as_str)
    }

    /// The frame of a one-word speech verb; only lower-case words are verbs ("States" is not).
    pub fn verb(&self, word: &str) -> Option<Frame> {
        if !word.chars().next().is_some_and(char::is_lowercase) {
            return None;
        }
        self.verbs.get(word).copied()
    }

    /// The speech verb that starts at `toks[i]`, one word ("said") or a phrase ("made it
    /// clear", "went on to say"): its frame and its length in tokens. The longest phrase wins.
    pub fn verb_at(&self, text: &str, toks: &[Token], i: usize) -> Option<(Frame, usize)> {
        let first = toks.get(i)?.text(text);
        if !first.chars().next().is_some_and(char::is_lowercase) {
            return None;
        }
        if let Some(list) = self.phrases.get(first) {
            for (rest, frame) in list {
                let fits = rest.iter().enumerate().all(|(k, w)| {
                    toks.get(i + 1 + k)
                        .is_some_and(|t| t.text(text).eq_ignore_ascii_case(w))
                });
                if fits {
                    return Some((*frame, rest.len() + 1));
                }
            }
        }
        self.verbs.get(first).map(|&f| (f, 1))
    }

    /// What a title word shows, if it is one.
    fn title(&self, word: &str) -> Option<&TitleInfo> {
        // Most words have no title word's shape: no need to normalise or hash them.
        if !self.title_shapes.may_hold(normalized_slot(word)) {
            return None;
        }
        // Most words are plain lower case: look them up as they are, without allocating.
        if word.bytes().all(|b| b.is_ascii_lowercase() || b == b'-') {
            return self.titles.get(word);
        }
        with_normalized(word, |w| self.titles.get(w))
    }

    /// Whether `word` is a title or role word.
    pub fn is_title(&self, word: &str) -> bool {
        self.title(word).is_some()
    }

    /// The gender a title word shows.
    pub fn title_gender(&self, word: &str) -> Option<char> {
        self.title(word).and_then(|t| t.gender)
    }

    /// Whether a title word names a group of people ("officials").
    pub fn is_group(&self, word: &str) -> bool {
        self.title(word).is_some_and(|t| t.group)
    }

    /// Whether a word opens a description after a role word ("familiar", "close", "briefed").
    pub fn opens_role_description(&self, word: &str) -> bool {
        with_normalized(word, |w| self.after_role.contains_key(w))
    }

    /// Whether a description word puts the speaker on the side of whom it names ("close").
    pub fn description_takes_side(&self, word: &str) -> bool {
        with_normalized(word, |w| self.after_role.get(w).copied().unwrap_or(false))
    }

    /// Whether a word names a document that speaks for its author ("statement").
    pub fn is_document(&self, word: &str) -> bool {
        self.title(word).is_some_and(|t| t.document)
    }

    /// Whether a title word is the head noun of an institution ("ministry").
    pub fn is_institution(&self, word: &str) -> bool {
        self.title(word).is_some_and(|t| t.institution)
    }
}

/// The shapes of a set of words (first letter, last letter, length), so that a word of a shape
/// none of them has is known not to be one of them without hashing it: 85% of the words of news
/// text, against the title words.
#[derive(Debug, Clone)]
struct Shapes {
    /// For (first, last) lower-case ASCII letters: bit n is set when some word of n bytes has them.
    lengths: Box<[u32; 26 * 26]>,
}

/// A word's place in [`Shapes`]: table slot and length bit, for a word whose ends are lower-case
/// ASCII letters and that is under 32 bytes long; `None` for other words.
type Slot = Option<(usize, u32)>;

impl Shapes {
    fn of<'a>(words: impl Iterator<Item = &'a String>) -> Self {
        let mut lengths = Box::new([0u32; 26 * 26]);
        for w in words {
            if let Some((i, bit)) = slot(w.as_bytes()) {
                lengths[i] |= bit;
            }
        }
        Shapes { lengths }
    }

    /// False only when no word of the set has the shape of `slot`'s word, so that word is not
    /// one of them; a word of no recorded shape (`None`) is never ruled out.
    fn may_hold(&self, slot: Slot) -> bool {
        slot.is_none_or(|(i, bit)| self.lengths[i] & bit != 0)
    }
}

fn slot(b: &[u8]) -> Slot {
    shape_slot(*b.first()?, *b.last()?, b.len())
}

/// The [`Slot`] of a word of `len` bytes that starts with `first` and ends with `last`.
fn shape_slot(first: u8, last: u8, len: usize) -> Slot {
    (first.is_ascii_lowercase() && last.is_ascii_lowercase() && len < 32).then(|| {
        (
            (first - b'a') as usize * 26 + (last - b'a') as usize,
            1 << len,
        )
    })
}

/// The [`Slot`] of [`normalize`]`(word)`, without normalising it: for an ASCII word, its
/// length and the ends of its lower-cased stem (no trailing periods, no "'s"). A non-ASCII word
/// gets `None` (never ruled out).
fn normalized_slot(word: &str) -> Slot {
    let w = word.trim_end_matches('.').as_bytes();
    if !w.is_ascii() {
        return None;
    }
    let stem = match w {
        [stem @ .., b'\'', b's' | b'S'] => stem,
        _ => w,
    };
    shape_slot(
        stem.first()?.to_ascii_lowercase(),
        stem.last()?.to_ascii_lowercase(),
        stem.len(),
    )
}

/// `f` of [`normalize`]`(word)`; an ASCII word (nearly every word a look-up sees: capitalised
/// names and titles) is normalised in a buffer on the stack instead of in three new strings.
fn with_normalized<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    let w = word.trim_end_matches('.');
    let mut buf = [0u8; 48];
    if !w.is_ascii() || w.len() > buf.len() {
        return f(&normalize(word));
    }
    let buf = &mut buf[..w.len()];
    buf.copy_from_slice(w.as_bytes());
    buf.make_ascii_lowercase();
    let bytes = buf.strip_suffix(b"'s").unwrap_or(buf);
    f(std::str::from_utf8(bytes).expect("ASCII"))
}

/// A word as the lists hold it: lower case, without trailing periods or a possessive "'s" (either
/// apostrophe).
fn normalize(word: &str) -> String {
    let w = word.trim_end_matches('.').replace('’', "'").to_lowercase();
    match w.strip_suffix("'s") {
        Some(stem) => stem.to_string(),
        None => w,
    }
}

fn data_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalising_on_the_stack_is_normalising() {
        let long = "Spokesperson".repeat(5);
        for w in [
            "Minister",
            "minister's",
            "Minister’s",
            "MINISTER'S",
            "Sen.",
            "U.S.",
            "officials...",
            "'s",
            "",
            "Ministère",
            "Premier's.",
            long.as_str(),
        ] {
            assert_eq!(with_normalized(w, str::to_string), normalize(w), "{w:?}");
        }
    }

    #[test]
    fn shapes_rule_out_only_words_not_in_the_set() {
        let set: Vec<String> = [
            "minister",
            "op-ed",
            "aide",
            "x",
            "ex-",
            "élu",
            "spokesperson",
        ]
        .iter()
        .map(|w| w.to_string())
        .collect();
        let shapes = Shapes::of(set.iter());
        let holds = |w: &str| shapes.may_hold(slot(w.as_bytes()));
        for w in &set {
            assert!(holds(w), "{w}");
        }
        // Other shapes are ruled out; words of a member's shape, or of no recorded shape, not.
        for w in ["ministers", "minster", "aida", "said", "the", "a"] {
            assert!(!holds(w), "{w}");
        }
        for w in ["mxxxxxxr", "abde", "ex-", "ab-", "élu", "Minister", "9a"] {
            assert!(holds(w), "{w}");
        }
    }

    #[test]
    fn a_words_slot_is_its_normalised_forms() {
        let long = "spokesperson".repeat(3);
        for w in [
            "Minister",
            "minister's",
            "MINISTER'S",
            "Minister’s",
            "Sen.",
            "U.S.",
            "officials...",
            "'s",
            "'S",
            "s",
            "",
            ".",
            "Ministère",
            "Premier's.",
            "op-ed",
            "OP-ED's",
            "x's",
            "9th",
            "aide2",
            long.as_str(),
            &long[1..],
        ] {
            let slot_of_normalized = slot(normalize(w).as_bytes());
            let direct = normalized_slot(w);
            // Equal, or the direct slot gives up (`None`: never ruled out).
            assert!(direct.is_none() || direct == slot_of_normalized, "{w:?}");
            if w.is_ascii() {
                assert_eq!(direct, slot_of_normalized, "{w:?}");
            }
        }
    }

    #[test]
    fn every_title_word_is_found_in_every_spelling() {
        let lex = Lexicon::builtin().unwrap();
        assert!(!lex.titles.is_empty());
        for w in lex.titles.keys() {
            let cap = w[..1].to_uppercase() + &w[1..];
            for form in [
                w.clone(),
                cap.clone(),
                w.to_uppercase(),
                format!("{w}'s"),
                format!("{cap}’s"),
                format!("{w}."),
            ] {
                assert!(lex.is_title(&form), "{form:?}");
            }
        }
        for w in ["said", "the", "Beijing", "talks", "ministered", "minsiter"] {
            assert!(!lex.is_title(w), "{w}");
        }
    }
}
