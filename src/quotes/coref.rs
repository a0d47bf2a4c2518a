//! Who a subject is: the fullest name the article gives, their country and gender.
//!
//! People are collected from the whole article first (gazetteer names, and runs of capitalised
//! words after titles such as "Russian Foreign Minister Sergey Lavrov"); each subject then
//! resolves to the fullest fitting earlier mention: a surname to the full name, a pronoun to the
//! latest speaker of the same gender, a role ("the minister") to the latest person holding it.
use super::lexicon::Lexicon;
use super::speaker::{Pronoun, Subject, SubjectKind};
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
}

/// The article's people, and the speakers resolved so far.
pub struct Coref<'a> {
    text: &'a str,
    gaz: &'a Gazetteer,
    known: Vec<Known>,
    speakers: Vec<Known>,
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
                    known.push(Known {
                        who: Resolved {
                            name: p.name.clone(),
                            country: Some(p.country.clone()),
                            gender: p.gender,
                            roles: p.role.split_whitespace().map(str::to_lowercase).collect(),
                            institution: false,
                        },
                        pos: sp.start,
                    });
                }
            }
            // Names of two or more capitalised words, with the titles before them.
            let mut i = 0;
            while i < toks.len() {
                let start = i;
                while i < toks.len() && is_name_word(toks[i].text(text), lex, gaz) {
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
                    if let Some(p) = gaz.person_by_form(&name) {
                        country.get_or_insert(p.country.clone());
                        gender = gender.or(p.gender);
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
                    });
                }
                if i == start {
                    i += 1;
                }
            }
        }
        known.sort_by_key(|k| k.pos);
        Coref {
            text,
            gaz,
            known,
            speakers: Vec::new(),
        }
    }

    /// Resolves a subject at its position, and remembers it as the latest speaker.
    pub fn resolve(&mut self, s: &Subject) -> Option<Resolved> {
        let r = self.resolve_inner(s)?;
        self.speakers.push(Known {
            who: r.clone(),
            pos: s.span.start,
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
                        !k.who.institution && k.who.gender.is_none_or(|g| Some(g) == s.gender)
                    }
                    Pronoun::It => k.who.institution,
                    Pronoun::They => true,
                };
                self.speakers
                    .iter()
                    .rev()
                    .filter(|k| k.pos < pos)
                    .find(fits)
                    .or_else(|| self.known.iter().rev().filter(|k| k.pos < pos).find(fits))
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
            SubjectKind::Institution => {
                // "the ministry" after "the Egyptian foreign ministry".
                if s.country.is_none() {
                    let head = s.roles.last();
                    if let Some(k) = self.speakers.iter().rev().find(|k| {
                        k.pos < pos
                            && k.who.institution
                            && head.is_some_and(|h| k.who.roles.contains(h))
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
                    country: s.country.clone(),
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
