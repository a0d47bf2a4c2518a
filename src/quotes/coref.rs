//! Who a subject is: the fullest name the article gives, their country and gender.
//!
//! People are collected from the whole article first (gazetteer names, and runs of capitalised
//! words after titles such as "Russian Foreign Minister Sergey Lavrov"); each subject then
//! resolves to the fullest fitting earlier mention: a surname to the full name, a pronoun to the
//! latest speaker of the same gender, a role ("the minister") to the latest person holding it.
use super::lexicon::Lexicon;
use super::speaker::{Pronoun, Subject, SubjectKind, NAME_PARTICLES};
use crate::actors::{EntryKind, Gazetteer};
use crate::text::{is_possessive_word, paragraphs, strip_possessive, tokenize, Span};
use foldhash::{HashMap, HashMapExt};

/// How many earlier mentions and speakers a pronoun, role, document or institution looks back
/// over (keeps resolution linear in the number of quotes).
const LOOKBACK: usize = 100;
/// How many mentions sharing a word with a name are compared with it, on each side.
const NAME_CANDIDATES: usize = 16;
/// How far back over titles and names the start of a subject's noun phrase is looked for.
const MAX_NP: usize = 8;
/// Role words that show a person speaks for a government.
const GOVERNMENT_ROLES: &[&str] = &[
    "minister",
    "ministers",
    "official",
    "officials",
    "secretary",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "ambassador",
    "envoy",
    "diplomat",
    "president",
    "premier",
    "chancellor",
    "prime",
    "lawmaker",
    "senator",
    "mp",
    "governor",
    "mayor",
];
/// Role words that do not tell one office from another ("the top diplomat").
const GENERIC_ROLES: &[&str] = &[
    "the",
    "top",
    "senior",
    "former",
    "acting",
    "veteran",
    "longstanding",
];

/// A resolved speaker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub name: String,
    pub country: Option<String>,
    pub gender: Option<char>,
    pub roles: Vec<String>,
    pub institution: bool,
}

/// A person or institution mentioned in the article.
#[derive(Debug, Clone)]
struct Known {
    who: Resolved,
    pos: usize,
    /// Something shows this is a person (a title, an appositive role, the gazetteer).
    person: bool,
    /// The mention stands where a subject stands ("Wang touched on ..."), so a later pronoun
    /// may refer to it.
    subject: bool,
    /// The gazetteer person this mention names.
    person_id: Option<usize>,
    /// A group that spoke ("officials said"): no one a later "the minister" or "he" means.
    group: bool,
}

/// Words after a name that show it is not the subject of its clause.
const NOT_SUBJECT_NEXT: &[&str] = &["of", "and", "or", "'s", "’s", "s"];
/// Whether the name at `toks[start..end]` stands as the subject of its clause: its noun phrase
/// (titles and names before it included) opens a clause, and a verb-like word follows.
fn subject_like(
    text: &str,
    toks: &[crate::text::Token],
    start: usize,
    end: usize,
    lex: &Lexicon,
) -> bool {
    let mut s = start;
    let lo = start.saturating_sub(MAX_NP);
    while s > lo {
        let w = toks[s - 1].text(text);
        if lex.is_title(w) || w.chars().next().is_some_and(char::is_uppercase) {
            s -= 1;
        } else {
            break;
        }
    }
    if s > 0 && matches!(toks[s - 1].text(text), "the" | "The") {
        s -= 1;
    }
    let opens_clause = s == 0 || matches!(toks[s - 1].text(text), "," | "." | ";" | ":");
    let last = text[toks[end - 1].span.clone()].to_string();
    let next_ok = toks.get(end).is_some_and(|t| {
        let w = t.text(text);
        (w == "," || w.chars().next().is_some_and(char::is_lowercase))
            && !NOT_SUBJECT_NEXT.contains(&w)
    }) && !is_possessive_word(&last);
    opens_clause && next_ok
}

/// The article's people, and the speakers resolved so far.
pub struct Coref<'a> {
    text: &'a str,
    gaz: &'a Gazetteer,
    lex: &'a Lexicon,
    /// Mentions in text order.
    known: Vec<Known>,
    /// Indices into `known` by each word of the mention's name, in text order.
    by_word: HashMap<String, Vec<usize>>,
    /// Indices into `known` by gazetteer person, in text order.
    by_person: HashMap<usize, Vec<usize>>,
    /// The speakers resolved so far, in text order.
    speakers: Vec<Known>,
    /// The country of the dateline's city ("BEIJING, Dec 3 (Reuters) -").
    dateline_country: Option<String>,
}

impl<'a> Coref<'a> {
    /// Collects the people the article mentions.
    pub fn new(text: &'a str, gaz: &'a Gazetteer, lex: &'a Lexicon) -> Self {
        let mut known = Vec::new();
        let paras = paragraphs(text);
        let para_toks: Vec<Vec<crate::text::Token>> =
            paras.iter().map(|p| tokenize(text, p.clone())).collect();
        for (para, toks) in paras.iter().zip(&para_toks) {
            // Known people written in full ("Sergey Lavrov"): a capitalised run that holds one is
            // that name ("Mao Sergey Lavrov", "Sergey Lavrov Mao" are no fuller names of Lavrov).
            let mut full_names: Vec<Span> = Vec::new();
            // Gazetteer people by any alias.
            for (sp, e) in gaz.find_entries(text, para.clone()) {
                if let (EntryKind::Leader, Some(i)) = (e.kind, e.person) {
                    if text[sp.clone()].contains(' ') {
                        full_names.push(sp.clone());
                    }
                    if super::speaker::continues_name(text, sp.end, lex, gaz) {
                        continue; // "Petro" of "Petro Hnatenko"
                    }
                    let p = gaz.person(i);
                    // The article's own spelling ("Sergei Lavrov", not the gazetteer's "Sergey").
                    let written = strip_possessive(&text[sp.clone()]).to_string();
                    known.push(Known {
                        who: Resolved {
                            name: written,
                            country: Some(p.country.clone()),
                            gender: p.gender,
                            roles: current_roles(&p.role),
                            institution: false,
                        },
                        pos: sp.start,
                        person: true,
                        subject: false,
                        person_id: Some(i),
                        group: false,
                    });
                }
            }
            // Names of two or more capitalised words, with the titles before them. A possessive
            // ends a name ("Lavrov's Sergey Lavrov" is two).
            let mut i = 0;
            while i < toks.len() {
                let start = i;
                while i < toks.len()
                    && (i == start || !is_possessive_word(toks[i - 1].text(text)))
                    && (is_name_word(toks[i].text(text), lex, gaz)
                        || (i > start
                            && NAME_PARTICLES.contains(&toks[i].text(text))
                            && toks
                                .get(i + 1)
                                .is_some_and(|t| is_name_word(t.text(text), lex, gaz))))
                {
                    i += 1;
                }
                // A known person's full name inside a longer run is that run's name.
                let (start, stop) = if i > start {
                    let run = toks[start].span.start..toks[i - 1].span.end;
                    full_names
                        .iter()
                        .find(|n| run.start <= n.start && n.end <= run.end && **n != run)
                        .and_then(|n| {
                            let s = (start..i).find(|&k| toks[k].span.start == n.start)?;
                            // The name's last word may carry a possessive ("Sergey Lavrov's").
                            let ends = |k: usize| {
                                let w = toks[k].text(text);
                                let bare = strip_possessive(w);
                                toks[k].span.start + bare.len() == n.end
                            };
                            let e = (s..i).find(|&k| ends(k))? + 1;
                            Some((s, e))
                        })
                        .unwrap_or((start, i))
                } else {
                    (start, i)
                };
                if stop - start >= 2 && stop - start <= 4 {
                    let name =
                        strip_possessive(&text[toks[start].span.start..toks[stop - 1].span.end])
                            .to_string();
                    let mut roles = Vec::new();
                    let mut country = None;
                    let mut gender = None;
                    let mut j = start;
                    while j > 0 && j + 6 > start {
                        let w = toks[j - 1].text(text);
                        if lex.is_title(w) {
                            roles.push(w.to_lowercase());
                            gender = gender.or(lex.title_gender(w));
                        } else if let Some(e) = gaz
                            .lookup(w)
                            .filter(|e| matches!(e.kind, EntryKind::Name | EntryKind::Demonym))
                        {
                            country.get_or_insert(e.id.clone());
                        } else if !(w == "of" && j >= 2 && lex.is_title(toks[j - 2].text(text))) {
                            // ("Secretary of State Marco Rubio").
                            break;
                        }
                        j -= 1;
                    }
                    let mut person = !roles.is_empty();
                    let person_id = gaz.lookup(&name).and_then(|e| e.person);
                    if let Some(p) = person_id.map(|i| gaz.person(i)) {
                        country.get_or_insert(p.country.clone());
                        gender = gender.or(p.gender);
                        person = true;
                    }
                    // An appositive role after the name: "Dina Mufti, the ministry's spokesman".
                    // A name in it means a list of people ("Sergey Lavrov, Russian Defence
                    // Minister Andrei Belousov and ..."), not an appositive.
                    if toks.get(stop).is_some_and(|t| t.text(text) == ",") {
                        let (mut a_roles, mut a_gender, mut a_country) = (Vec::new(), None, None);
                        let mut apposed = true;
                        for t in toks.iter().skip(stop + 1).take(6) {
                            let w = t.text(text);
                            // "an expert on Russia", "the EU's envoy to India": what follows
                            // is the subject or the posting, not whom the speaker speaks for.
                            if matches!(w, "," | "on" | "to" | "about" | "toward" | "towards") {
                                break;
                            }
                            let stem = strip_possessive(w);
                            if lex.is_title(w) && !lex.is_institution(w) {
                                a_roles.push(stem.to_lowercase());
                                a_gender = a_gender.or(lex.title_gender(w));
                            } else if let Some(e) = gaz.lookup(stem) {
                                if matches!(e.kind, EntryKind::Name | EntryKind::Demonym) {
                                    a_country.get_or_insert(e.id.clone());
                                }
                            } else if stem == w && is_name_word(w, lex, gaz) {
                                apposed = false;
                                break;
                            } else if w == "and" {
                                apposed = !a_roles.is_empty();
                                break;
                            }
                        }
                        if apposed && !a_roles.is_empty() {
                            roles.extend(a_roles);
                            gender = gender.or(a_gender);
                            person = true;
                        }
                        if apposed {
                            country = country.or(a_country);
                        }
                    }
                    known.push(Known {
                        who: Resolved {
                            name,
                            country,
                            gender,
                            roles,
                            institution: false,
                        },
                        pos: toks[start].span.start,
                        person,
                        subject: subject_like(text, toks, start, stop, lex),
                        person_id,
                        group: false,
                    });
                }
                if i == start {
                    i += 1;
                }
            }
        }
        // Later mentions of a known person by one name ("Wang" after "Wang Yi"): the nearest
        // earlier person whose name starts or ends with it.
        let mut people: Vec<Known> = known.iter().filter(|k| k.person).cloned().collect();
        people.sort_by_key(|k| k.pos);
        let mut by_edge: HashMap<&str, Vec<usize>> = HashMap::new();
        for (n, k) in people.iter().enumerate() {
            let words: Vec<&str> = k.who.name.split_whitespace().collect();
            if words.len() > 1 {
                by_edge.entry(words[0]).or_default().push(n);
                if words[words.len() - 1] != words[0] {
                    by_edge.entry(words[words.len() - 1]).or_default().push(n);
                }
            }
        }
        let mut later = Vec::new();
        for toks in &para_toks {
            for (i, t) in toks.iter().enumerate() {
                let w = t.text(text);
                if !w.chars().next().is_some_and(char::is_uppercase) || lex.is_title(w) {
                    continue;
                }
                let Some(list) = by_edge.get(w) else {
                    continue;
                };
                let before = list.partition_point(|&n| people[n].pos < t.span.start);
                if let Some(&n) = list[..before].last() {
                    let k = &people[n];
                    later.push(Known {
                        who: k.who.clone(),
                        pos: t.span.start,
                        person: true,
                        subject: subject_like(text, toks, i, i + 1, lex),
                        person_id: k.person_id,
                        group: false,
                    });
                }
            }
        }
        known.extend(later);
        known.extend(institutions(text, &para_toks, gaz, lex));
        known.sort_by_key(|k| k.pos);
        let mut by_word: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_person: HashMap<usize, Vec<usize>> = HashMap::new();
        for (n, k) in known.iter().enumerate() {
            let mut words: Vec<&str> = k.who.name.split_whitespace().collect();
            words.sort_unstable();
            words.dedup();
            for w in words {
                by_word.entry(w.to_string()).or_default().push(n);
            }
            if let Some(p) = k.person_id {
                by_person.entry(p).or_default().push(n);
            }
        }
        Coref {
            text,
            gaz,
            lex,
            known,
            by_word,
            by_person,
            speakers: Vec::new(),
            dateline_country: dateline_country(text, &paras, &para_toks, gaz),
        }
    }

    /// Resolves a subject at its position, and remembers it as the latest speaker.
    pub fn resolve(&mut self, s: &Subject) -> Option<Resolved> {
        let mut r = self.resolve_inner(s)?;
        // An official of unnamed country speaks for the dateline's country ("LONDON, 9 May —
        // ... Priti Patel, the shadow foreign secretary, said").
        if r.country.is_none()
            && !r.institution
            && r.roles
                .iter()
                .any(|w| GOVERNMENT_ROLES.contains(&w.as_str()))
            && !self.names_another_body(s)
        {
            r.country = self.dateline_country.clone();
        }
        let pos = s.span.start;
        // Subjects come nearly in text order: the insertion point is at or near the end.
        let at = self.speakers.partition_point(|k| k.pos <= pos);
        let person_id = self.gaz.lookup(&r.name).and_then(|e| e.person).or_else(|| {
            self.gaz
                .lookup(&self.text[s.name.clone()])
                .and_then(|e| e.person)
        });
        self.speakers.insert(
            at,
            Known {
                person: !r.institution && !s.group,
                group: s.group,
                who: r.clone(),
                pos,
                subject: true,
                person_id,
            },
        );
        Some(r)
    }

    /// Whether the subject's phrase names a body that is not a country ("the president of the
    /// ECOWAS Commission, Omar Touray"): a capitalised word that is neither a title nor a
    /// country, outside the person's name.
    fn names_another_body(&self, s: &Subject) -> bool {
        let start = s.phrase_start.min(s.span.start);
        let end = if s.kind == SubjectKind::Named {
            s.name.start
        } else {
            s.span.end
        };
        if start >= end {
            return false;
        }
        tokenize(self.text, start..end).iter().any(|t| {
            let w = t.text(self.text);
            let stem = strip_possessive(w);
            t.is_word
                && w.chars().next().is_some_and(char::is_uppercase)
                && !matches!(w, "The" | "A" | "An")
                && !self.lex.is_title(w)
                && !self.gaz.lookup(stem).is_some_and(|e| {
                    matches!(
                        e.kind,
                        EntryKind::Name | EntryKind::Demonym | EntryKind::Seat
                    )
                })
        })
    }

    /// The latest speaker before `pos`.
    pub fn last_speaker(&self, pos: usize) -> Option<Resolved> {
        let end = self.speakers.partition_point(|k| k.pos <= pos);
        self.speakers[..end].last().map(|k| k.who.clone())
    }

    /// The speakers before `pos`, nearest first, at most [`LOOKBACK`] of them.
    fn speakers_before(&self, pos: usize) -> impl Iterator<Item = &Known> {
        let end = self.speakers.partition_point(|k| k.pos < pos);
        self.speakers[..end].iter().rev().take(LOOKBACK)
    }

    /// The mentions before `pos`, nearest first, at most [`LOOKBACK`] of them.
    fn known_before(&self, pos: usize) -> impl Iterator<Item = &Known> {
        let end = self.known.partition_point(|k| k.pos < pos);
        self.known[..end].iter().rev().take(LOOKBACK)
    }

    fn resolve_inner(&self, s: &Subject) -> Option<Resolved> {
        let pos = s.span.start;
        let text = &self.text[s.name.clone()];
        match &s.kind {
            SubjectKind::Pronoun(p) => {
                let fits = |k: &&Known| match p {
                    Pronoun::He | Pronoun::She => {
                        k.person && k.who.gender.is_none_or(|g| Some(g) == s.gender)
                    }
                    Pronoun::It => k.who.institution,
                    Pronoun::They => true,
                };
                // The nearest compatible candidate: a speaker, or a person or institution
                // standing as the subject of an earlier clause.
                let spoke = self.speakers_before(pos).find(fits);
                let subj = self.known_before(pos).filter(|k| k.subject).find(fits);
                let nearest = match (spoke, subj) {
                    (Some(a), Some(b)) => Some(if b.pos >= a.pos { b } else { a }),
                    (a, b) => a.or(b),
                };
                nearest
                    .or_else(|| {
                        self.known_before(pos)
                            .filter(|k| k.person || k.who.institution)
                            .find(fits)
                    })
                    .map(|k| k.who.clone())
            }
            SubjectKind::Named => {
                let mut who = self.by_name(text, pos);
                if let Some(e) = self.gaz.lookup(text) {
                    if e.kind == EntryKind::Org {
                        who.institution = true;
                    }
                }
                if s.country.is_some() {
                    who.country = s.country.clone();
                } else if who.country.is_none() {
                    // The country an earlier attribution of the same person gave ("The EU's
                    // envoy, Herve Delphin, said ..." then "Delphin said").
                    if let Some(k) = self
                        .speakers_before(pos)
                        .find(|k| k.who.name == who.name && k.who.country.is_some())
                    {
                        who.country = k.who.country.clone();
                    }
                }
                who.gender = who.gender.or(s.gender);
                who.roles.extend(s.roles.iter().cloned());
                Some(who)
            }
            SubjectKind::Role if s.indefinite || s.group => {
                // "a senior security official", "two diplomats": someone new, named by the role.
                Some(Resolved {
                    name: text.to_string(),
                    country: s.country.clone(),
                    gender: s.gender,
                    roles: s.roles.clone(),
                    institution: false,
                })
            }
            SubjectKind::Role => {
                let wanted: Vec<&String> = s
                    .roles
                    .iter()
                    .filter(|r| !GENERIC_ROLES.contains(&r.as_str()))
                    .collect();
                let same_country = |k: &Known| {
                    (s.country.is_none() || k.who.country == s.country)
                        && (s.gender.is_none()
                            || k.who.gender.is_none()
                            || k.who.gender == s.gender)
                };
                // "the US president", "the spokeswoman": the latest person holding every
                // role the phrase names, of the country it names.
                let fits = |k: &&Known| {
                    !k.who.institution
                        && !k.group
                        && !wanted.is_empty()
                        && wanted.iter().all(|r| has_role(&k.who.roles, r))
                        && same_country(k)
                };
                if let Some(k) = self
                    .speakers_before(pos)
                    .find(fits)
                    .or_else(|| self.known_before(pos).find(fits))
                {
                    return Some(k.who.clone());
                }
                // Else the latest person who spoke ("the minister" whose title the article
                // gave in other words), if of the country the phrase names.
                if let Some(k) = self
                    .speakers_before(pos)
                    .find(|k| !k.who.institution && !k.group && same_country(k))
                {
                    return Some(k.who.clone());
                }
                // Else the role itself, when it shows a country ("Erdogan's spokesman").
                s.country.as_ref().map(|c| Resolved {
                    name: text.to_string(),
                    country: Some(c.clone()),
                    gender: s.gender,
                    roles: s.roles.clone(),
                    institution: false,
                })
            }
            SubjectKind::Document => {
                let mut it = self.speakers_before(pos);
                let first = self.speakers_before(pos).next();
                it.find(|k| k.who.institution)
                    .or(first)
                    .map(|k| k.who.clone())
            }
            SubjectKind::Institution => {
                if s.country.is_none() {
                    let head = s.roles.last();
                    let same_head = |k: &&Known| {
                        k.who.institution && head.is_some_and(|h| k.who.roles.last() == Some(h))
                    };
                    // "the ministry" after "the Egyptian foreign ministry said": that speaker;
                    // else the latest institution of the same kind the article names with its
                    // country ("The U.S. Commerce Department added ...").
                    if let Some(k) = self.speakers_before(pos).find(same_head).or_else(|| {
                        self.known_before(pos)
                            .filter(|k| k.who.country.is_some())
                            .find(same_head)
                    }) {
                        return Some(k.who.clone());
                    }
                }
                let name = text
                    .trim_start_matches("the ")
                    .trim_start_matches("The ")
                    .to_string();
                Some(Resolved {
                    name,
                    // A government body of unnamed country speaks for the dateline's country.
                    country: s.country.clone().or_else(|| self.dateline_country.clone()),
                    gender: None,
                    roles: s.roles.clone(),
                    institution: true,
                })
            }
        }
    }

    /// Who the name `name` at `pos` is, with the fullest name the article gives for them: the
    /// fullest mention of the same gazetteer person anywhere in the article ("Lula" →
    /// "Luiz Inacio Lula da Silva"); for a name the gazetteer does not know, the fullest mention
    /// with the same last word (or first, for names such as "Hua" of "Hua Chunying") before
    /// `pos`, else after it. Never shorter than `name` itself, and always spelled as the article
    /// spells it: the gazetteer adds only the country, gender and role.
    fn by_name(&self, name: &str, pos: usize) -> Resolved {
        let words: Vec<&str> = name.split_whitespace().collect();
        let pid = self.gaz.lookup(name).and_then(|e| e.person);
        let same_words = |k: &Known| {
            let n = k.who.name.split_whitespace().count();
            n >= words.len()
                && (k
                    .who
                    .name
                    .split_whitespace()
                    .take(words.len())
                    .eq(words.iter().copied())
                    || k.who
                        .name
                        .split_whitespace()
                        .skip(n - words.len())
                        .eq(words.iter().copied()))
        };
        let matches = |k: &Known| match pid {
            Some(_) => k.person_id == pid || (k.person_id.is_none() && same_words(k)),
            None => same_words(k),
        };
        let lists = [
            words.last().and_then(|w| self.by_word.get(*w)),
            words.first().and_then(|w| self.by_word.get(*w)),
            pid.and_then(|p| self.by_person.get(&p)),
        ];
        // More distinct words first; a name that repeats a word ("Sergey Sergey Lavrov", noise)
        // loses to the same name without the repeat.
        let fullest = |k: &Known| {
            let words: Vec<&str> = k.who.name.split_whitespace().collect();
            let mut distinct = words.clone();
            distinct.sort_unstable();
            distinct.dedup();
            (
                distinct.len(),
                distinct.len() == words.len(),
                k.who.name.len(),
            )
        };
        let best_of = |later: bool| {
            let mut best: Option<(&Known, (usize, bool, usize))> = None;
            for list in lists.iter().flatten() {
                let split = list.partition_point(|&i| self.known[i].pos <= pos);
                let ids: &mut dyn Iterator<Item = &usize> = if later {
                    &mut list[split..].iter().take(NAME_CANDIDATES)
                } else {
                    &mut list[..split].iter().rev().take(NAME_CANDIDATES)
                };
                for &i in ids {
                    let k = &self.known[i];
                    if matches(k) {
                        let f = fullest(k);
                        if best.is_none_or(|(_, b)| f > b) {
                            best = Some((k, f));
                        }
                    }
                }
            }
            best
        };
        let before = best_of(false);
        // After `pos` only for the same person, or when nobody fits before.
        let after = if pid.is_some() || before.is_none() {
            best_of(true)
        } else {
            None
        };
        let best = match (before, after) {
            // The same person: the fullest mention anywhere.
            (Some(b), Some(a)) if pid.is_some() && a.1 > b.1 => Some(a.0),
            (b, a) => b.or(a).map(|(k, _)| k),
        };
        let p = pid.map(|i| self.gaz.person(i));
        let mut who = best.map(|k| k.who.clone()).unwrap_or_else(|| Resolved {
            name: name.to_string(),
            country: p.map(|p| p.country.clone()),
            gender: p.and_then(|p| p.gender),
            roles: p.map_or_else(Vec::new, |p| current_roles(&p.role)),
            institution: false,
        });
        if who.name.split_whitespace().count() < words.len() {
            who.name = name.to_string();
        }
        who
    }
}

fn is_name_word(w: &str, lex: &Lexicon, gaz: &Gazetteer) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
        && w.chars().count() > 1
        && !lex.is_title(w)
        && !gaz
            .lookup(w)
            .is_some_and(|e| !matches!(e.kind, EntryKind::Leader))
        && !matches!(w, "The" | "He" | "She" | "It" | "They" | "We")
        && !super::speaker::opens_no_name(w)
}

/// The role words of a gazetteer person's current offices: the role text is a list of offices
/// separated by commas, each with an optional year range; offices that are "former" or whose
/// range is closed ("Estonian prime minister (2021-2024)") are left out.
fn current_roles(role: &str) -> Vec<String> {
    let mut out = Vec::new();
    for office in role.split([',', ';']) {
        let lower = office.to_lowercase();
        let (words, range) = match lower.split_once('(') {
            Some((w, r)) => (w, r.trim_end_matches(')').trim()),
            None => (lower.as_str(), ""),
        };
        let closed = !range.is_empty() && !range.ends_with('-');
        if closed || words.split_whitespace().any(|w| w == "former" || w == "ex") {
            continue;
        }
        out.extend(words.split_whitespace().map(str::to_string));
    }
    out
}

/// Whether `roles` includes `role`, treating the spokes- words as one role and both spellings
/// of "defence" as one.
fn has_role(roles: &[String], role: &str) -> bool {
    fn norm(r: &str) -> &str {
        let r = strip_possessive(r);
        if r.starts_with("spokes") {
            "spokesperson"
        } else if r == "defense" {
            "defence"
        } else {
            r
        }
    }
    let want = norm(role);
    roles.iter().any(|r| norm(r) == want)
}

/// Institutions named with their country ("the U.S. Commerce Department", "Russia's foreign
/// ministry").
fn institutions(
    text: &str,
    para_toks: &[Vec<crate::text::Token>],
    gaz: &Gazetteer,
    lex: &Lexicon,
) -> Vec<Known> {
    let mut out = Vec::new();
    for toks in para_toks {
        for (i, t) in toks.iter().enumerate() {
            let head = t.text(text);
            if !lex.is_institution(head) {
                continue;
            }
            let mut s = i;
            let mut country = None;
            let mut roles = Vec::new();
            let lo = i.saturating_sub(MAX_NP);
            while s > lo {
                let w = toks[s - 1].text(text);
                let stem = strip_possessive(w);
                if let Some(e) = gaz.lookup(stem).filter(|e| {
                    matches!(
                        e.kind,
                        EntryKind::Name | EntryKind::Demonym | EntryKind::Seat
                    )
                }) {
                    country.get_or_insert(e.id.clone());
                } else if lex.is_title(w) {
                    roles.push(w.to_lowercase());
                } else if !w.chars().next().is_some_and(char::is_uppercase) {
                    break;
                }
                s -= 1;
            }
            if country.is_none() || s == i {
                continue;
            }
            roles.reverse();
            roles.push(head.to_lowercase());
            if matches!(toks[s].text(text), "The" | "the") {
                s += 1;
            }
            // "the Russian embassy in London".
            let mut end = t.span.end;
            let mut last = i + 1;
            if toks.get(i + 1).is_some_and(|n| n.text(text) == "in") {
                if let Some(place) = toks
                    .get(i + 2)
                    .filter(|p| gaz.lookup(p.text(text)).is_some())
                {
                    end = place.span.end;
                    last = i + 3;
                }
            }
            out.push(Known {
                who: Resolved {
                    name: text[toks[s].span.start..end].to_string(),
                    country,
                    gender: None,
                    roles,
                    institution: true,
                },
                pos: toks[s].span.start,
                person: false,
                subject: subject_like(text, toks, s, last, lex),
                person_id: None,
                group: false,
            });
        }
    }
    out
}

/// The country of the article's dateline city, if the first paragraphs have one.
fn dateline_country(
    text: &str,
    paras: &[crate::text::Span],
    para_toks: &[Vec<crate::text::Token>],
    gaz: &Gazetteer,
) -> Option<String> {
    for (_, toks) in paras.iter().zip(para_toks).take(4) {
        let end = super::reported::dateline_end(text, toks);
        if end == 0 {
            continue;
        }
        let city_end = toks[..end]
            .iter()
            .position(|t| matches!(t.text(text), "," | "("))
            .unwrap_or(end);
        if city_end == 0 {
            continue;
        }
        let city = &text[toks[0].span.start..toks[city_end - 1].span.end];
        let title_case: String = city
            .split_whitespace()
            .map(|w| {
                let mut c = w.chars();
                c.next().map_or_else(String::new, |f| {
                    f.to_uppercase().collect::<String>() + &c.as_str().to_lowercase()
                })
            })
            .collect::<Vec<_>>()
            .join(" ");
        for form in [city, title_case.as_str()] {
            if let Some(e) = gaz.lookup(form).filter(|e| e.kind == EntryKind::Seat) {
                return Some(e.id.clone());
            }
        }
        return None;
    }
    None
}
