//! Who a subject is: the fullest name the article gives, their country and gender.
//!
//! People are collected from the whole article first (gazetteer names, and runs of capitalised
//! words after titles such as "Russian Foreign Minister Sergey Lavrov"); each subject then
//! resolves to the fullest fitting earlier mention: a surname to the full name, a pronoun to the
//! latest speaker of the same gender, a role ("the minister") to the latest person holding it.
use super::lexicon::Lexicon;
use super::speaker::{Pronoun, Subject, SubjectKind, NAME_PARTICLES};
use crate::actors::{EntryKind, Gazetteer};
use crate::text::{paragraphs, tokenize};

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
    while s > 0 {
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
    }) && !last.ends_with("'s")
        && !last.ends_with("’s");
    opens_clause && next_ok
}

/// The article's people, and the speakers resolved so far.
pub struct Coref<'a> {
    text: &'a str,
    gaz: &'a Gazetteer,
    known: Vec<Known>,
    speakers: Vec<Known>,
    /// The country of the dateline's city ("BEIJING, Dec 3 (Reuters) -").
    dateline_country: Option<String>,
}

impl<'a> Coref<'a> {
    /// Collects the people the article mentions.
    pub fn new(text: &'a str, gaz: &'a Gazetteer, lex: &Lexicon) -> Self {
        let mut known = Vec::new();
        for para in paragraphs(text) {
            let toks = tokenize(text, para.clone());
            // Gazetteer people by any alias.
            for (sp, e) in gaz.find_entries(text, para.clone()) {
                if let (EntryKind::Leader, Some(i)) = (e.kind, e.person) {
                    let p = gaz.person(i);
                    // The article's own spelling ("Sergei Lavrov", not the gazetteer's "Sergey").
                    let written = text[sp.clone()]
                        .trim_end_matches("'s")
                        .trim_end_matches("’s")
                        .to_string();
                    known.push(Known {
                        who: Resolved {
                            name: written,
                            country: Some(p.country.clone()),
                            gender: p.gender,
                            roles: p.role.split_whitespace().map(str::to_lowercase).collect(),
                            institution: false,
                        },
                        pos: sp.start,
                        person: true,
                        subject: false,
                    });
                }
            }
            // Names of two or more capitalised words, with the titles before them.
            let mut i = 0;
            while i < toks.len() {
                let start = i;
                while i < toks.len()
                    && (is_name_word(toks[i].text(text), lex, gaz)
                        || (i > start
                            && NAME_PARTICLES.contains(&toks[i].text(text))
                            && toks
                                .get(i + 1)
                                .is_some_and(|t| is_name_word(t.text(text), lex, gaz))))
                {
                    i += 1;
                }
                if i - start >= 2 && i - start <= 4 {
                    let name = text[toks[start].span.start..toks[i - 1].span.end].to_string();
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
                        } else {
                            break;
                        }
                        j -= 1;
                    }
                    let mut person = !roles.is_empty();
                    if let Some(p) = gaz.person_by_form(&name) {
                        country.get_or_insert(p.country.clone());
                        gender = gender.or(p.gender);
                        person = true;
                    }
                    // An appositive role after the name: "Dina Mufti, the ministry's spokesman".
                    if toks.get(i).is_some_and(|t| t.text(text) == ",") {
                        for t in toks.iter().skip(i + 1).take(6) {
                            let w = t.text(text);
                            if w == "," {
                                break;
                            }
                            if lex.is_title(w) && !lex.is_institution(w) {
                                roles.push(w.to_lowercase());
                                gender = gender.or(lex.title_gender(w));
                                person = true;
                            } else if let Some(e) = gaz
                                .lookup(w)
                                .filter(|e| matches!(e.kind, EntryKind::Name | EntryKind::Demonym))
                            {
                                country.get_or_insert(e.id.clone());
                            }
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
                        subject: subject_like(text, &toks, start, i, lex),
                    });
                }
                if i == start {
                    i += 1;
                }
            }
        }
        // Later mentions of a known person by one name ("Wang" after "Wang Yi").
        let people: Vec<Known> = known.iter().filter(|k| k.person).cloned().collect();
        for para in paragraphs(text) {
            let toks = tokenize(text, para);
            for (i, t) in toks.iter().enumerate() {
                let w = t.text(text);
                if !w.chars().next().is_some_and(char::is_uppercase) || lex.is_title(w) {
                    continue;
                }
                let hit = people.iter().find(|k| {
                    k.pos < t.span.start && {
                        let words: Vec<&str> = k.who.name.split_whitespace().collect();
                        words.len() > 1 && (words.last() == Some(&w) || words.first() == Some(&w))
                    }
                });
                if let Some(k) = hit {
                    known.push(Known {
                        who: k.who.clone(),
                        pos: t.span.start,
                        person: true,
                        subject: subject_like(text, &toks, i, i + 1, lex),
                    });
                }
            }
        }
        known.extend(institutions(text, gaz, lex));
        known.sort_by_key(|k| k.pos);
        Coref {
            text,
            gaz,
            known,
            speakers: Vec::new(),
            dateline_country: dateline_country(text, gaz),
        }
    }

    /// Resolves a subject at its position, and remembers it as the latest speaker.
    pub fn resolve(&mut self, s: &Subject) -> Option<Resolved> {
        let r = self.resolve_inner(s)?;
        self.speakers.push(Known {
            who: r.clone(),
            pos: s.span.start,
            person: !r.institution,
            subject: true,
        });
        Some(r)
    }

    /// The latest speaker before `pos`.
    pub fn last_speaker(&self, pos: usize) -> Option<Resolved> {
        self.speakers
            .iter()
            .rev()
            .find(|k| k.pos <= pos)
            .map(|k| k.who.clone())
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
                // The nearest compatible candidate: a speaker, or a person standing as the
                // subject of an earlier clause.
                self.speakers
                    .iter()
                    .chain(self.known.iter().filter(|k| k.subject))
                    .filter(|k| k.pos < pos)
                    .filter(fits)
                    .max_by_key(|k| k.pos)
                    .or_else(|| {
                        self.known
                            .iter()
                            .rev()
                            .filter(|k| k.pos < pos && k.person)
                            .find(fits)
                    })
                    .map(|k| k.who.clone())
            }
            SubjectKind::Named => {
                let mut who = self.by_name(text, pos).unwrap_or_else(|| Resolved {
                    name: text.to_string(),
                    country: None,
                    gender: None,
                    roles: Vec::new(),
                    institution: false,
                });
                if let Some(e) = self.gaz.lookup(text) {
                    if e.kind == EntryKind::Org {
                        who.institution = true;
                    }
                }
                if s.country.is_some() {
                    who.country = s.country.clone();
                }
                who.gender = who.gender.or(s.gender);
                who.roles.extend(s.roles.iter().cloned());
                Some(who)
            }
            SubjectKind::Role => {
                let fits = |k: &&Known| {
                    !k.who.institution
                        && s.roles.iter().any(|r| has_role(&k.who.roles, r))
                        && (s.country.is_none() || k.who.country == s.country)
                };
                self.speakers
                    .iter()
                    .rev()
                    .chain(self.known.iter().rev())
                    .filter(|k| k.pos < pos)
                    .find(fits)
                    .or_else(|| {
                        self.speakers
                            .iter()
                            .rev()
                            .find(|k| k.pos < pos && !k.who.institution)
                    })
                    .map(|k| k.who.clone())
            }
            SubjectKind::Document => self
                .speakers
                .iter()
                .rev()
                .find(|k| k.pos < pos && k.who.institution)
                .or_else(|| self.speakers.iter().rev().find(|k| k.pos < pos))
                .map(|k| k.who.clone()),
            SubjectKind::Institution => {
                if s.country.is_none() {
                    let head = s.roles.last();
                    let same_head = |k: &&Known| {
                        k.pos < pos
                            && k.who.institution
                            && head.is_some_and(|h| k.who.roles.last() == Some(h))
                    };
                    // "the ministry" after "the Egyptian foreign ministry said": that speaker;
                    // else the latest institution of the same kind the article names with its
                    // country ("The U.S. Commerce Department added ...").
                    if let Some(k) = self.speakers.iter().rev().find(same_head).or_else(|| {
                        self.known
                            .iter()
                            .rev()
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

    /// The fullest known name containing `name` (as its last word, or first for names such as
    /// "Hua" of "Hua Chunying").
    fn by_name(&self, name: &str, pos: usize) -> Option<Resolved> {
        let words: Vec<&str> = name.split_whitespace().collect();
        let matches = |k: &Known| {
            let kw: Vec<&str> = k.who.name.split_whitespace().collect();
            kw.len() >= words.len() && (kw.ends_with(&words) || kw.starts_with(&words))
        };
        let best = |it: &mut dyn Iterator<Item = &Known>| -> Option<Resolved> {
            it.filter(|k| matches(k))
                .max_by_key(|k| k.who.name.len())
                .map(|k| k.who.clone())
        };
        best(&mut self.known.iter().filter(|k| k.pos <= pos))
            .or_else(|| best(&mut self.known.iter()))
            .or_else(|| {
                self.gaz.person_by_form(name).map(|p| Resolved {
                    name: p.name.clone(),
                    country: Some(p.country.clone()),
                    gender: p.gender,
                    roles: Vec::new(),
                    institution: false,
                })
            })
    }
}

fn is_name_word(w: &str, lex: &Lexicon, gaz: &Gazetteer) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
        && w.chars().count() > 1
        && !lex.is_title(w)
        && !gaz
            .lookup(w)
            .is_some_and(|e| !matches!(e.kind, EntryKind::Leader))
        && !matches!(
            w,
            "The"
                | "He"
                | "She"
                | "It"
                | "They"
                | "We"
                | "In"
                | "On"
                | "At"
                | "While"
                | "But"
                | "And"
                | "Monday"
                | "Tuesday"
                | "Wednesday"
                | "Thursday"
                | "Friday"
                | "Saturday"
                | "Sunday"
        )
}

/// Whether `roles` includes `role`, treating the spokes- words as one role.
fn has_role(roles: &[String], role: &str) -> bool {
    let norm = |r: &str| {
        if r.starts_with("spokes") {
            "spokesperson".to_string()
        } else {
            r.to_string()
        }
    };
    let want = norm(role);
    if matches!(
        want.as_str(),
        "the" | "foreign" | "top" | "senior" | "chief" | "state"
    ) {
        return false;
    }
    roles.iter().any(|r| norm(r) == want)
}

/// Institutions named with their country ("the U.S. Commerce Department", "Russia's foreign
/// ministry").
fn institutions(text: &str, gaz: &Gazetteer, lex: &Lexicon) -> Vec<Known> {
    let mut out = Vec::new();
    for para in paragraphs(text) {
        let toks = tokenize(text, para);
        for (i, t) in toks.iter().enumerate() {
            let head = t.text(text);
            if !lex.is_institution(head) {
                continue;
            }
            let mut s = i;
            let mut country = None;
            let mut roles = Vec::new();
            while s > 0 {
                let w = toks[s - 1].text(text);
                let stem = w.trim_end_matches("'s").trim_end_matches("’s");
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
            if toks.get(i + 1).is_some_and(|n| n.text(text) == "in") {
                if let Some(place) = toks
                    .get(i + 2)
                    .filter(|p| gaz.lookup(p.text(text)).is_some())
                {
                    end = place.span.end;
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
                subject: false,
            });
        }
    }
    out
}

/// The country of the article's dateline city, if the first paragraphs have one.
fn dateline_country(text: &str, gaz: &Gazetteer) -> Option<String> {
    for para in paragraphs(text).into_iter().take(4) {
        let toks = tokenize(text, para.clone());
        let end = super::reported::dateline_end(text, &toks);
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
