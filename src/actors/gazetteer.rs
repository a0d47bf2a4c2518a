//! Loading the gazetteer: target ids, surface forms, people and organisations.
use super::matcher::Matcher;
use super::rules::{self, RawRule, Rules};
use crate::error::{Error, Result};
use foldhash::{HashMap, HashMapExt};
use std::collections::BTreeSet;
use std::path::Path;

/// The built-in gazetteer files, as (name, contents).
const BUILTIN: &[(&str, &str)] = &[
    (
        "data/actors/countries.tsv",
        include_str!("../../data/actors/countries.tsv"),
    ),
    (
        "data/actors/blocs.tsv",
        include_str!("../../data/actors/blocs.tsv"),
    ),
    (
        "data/actors/people.tsv",
        include_str!("../../data/actors/people.tsv"),
    ),
    (
        "data/actors/orgs.tsv",
        include_str!("../../data/actors/orgs.tsv"),
    ),
    (
        "data/actors/non_targets.tsv",
        include_str!("../../data/actors/non_targets.tsv"),
    ),
    (
        "data/actors/rules.tsv",
        include_str!("../../data/actors/rules.tsv"),
    ),
];

/// What a gazetteer entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntryKind {
    Name,
    Demonym,
    Seat,
    Leader,
    Bloc,
    /// An organisation or medium that speaks for a country; not a quote target.
    Org,
    /// A longer name that swallows a country name ("South China Sea"); maps to nothing.
    None,
}

impl EntryKind {
    pub(super) fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "name" => EntryKind::Name,
            "demonym" => EntryKind::Demonym,
            "seat" => EntryKind::Seat,
            "leader" => EntryKind::Leader,
            "bloc" => EntryKind::Bloc,
            "org" => EntryKind::Org,
            "none" => EntryKind::None,
            _ => return None,
        })
    }
}

/// One surface form and what it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The target id, or empty for [`EntryKind::None`].
    pub id: String,
    pub kind: EntryKind,
    /// For a leader: index into [`Gazetteer::people`].
    pub person: Option<usize>,
    /// For an organisation: the part of the form that names its own country, and that part's
    /// kind ("Russian" in "Russian embassy"): in a quote that part is a mention of the country.
    pub inner: Option<(std::ops::Range<usize>, EntryKind)>,
}

/// A known person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// The fullest name.
    pub name: String,
    /// The country or group they speak for.
    pub country: String,
    /// `Some('m')`, `Some('f')` or `None`.
    pub gender: Option<char>,
    /// Their role, free text ("foreign minister").
    pub role: String,
}

/// The loaded gazetteer.
#[derive(Debug)]
pub struct Gazetteer {
    pub(super) forms: Vec<(String, Entry)>,
    pub(super) matcher: Matcher,
    pub(super) rules: Rules,
    people: Vec<Person>,
    ids: BTreeSet<String>,
    by_form: HashMap<String, usize>,
}

impl Gazetteer {
    /// The built-in gazetteer.
    pub fn builtin() -> Result<Self> {
        let mut b = Builder::default();
        for (name, text) in BUILTIN {
            b.add_file(name, text)?;
        }
        b.finish()
    }

    /// The built-in gazetteer extended with a user file, or every `*.tsv` file of a directory.
    pub fn with_extension(path: &Path) -> Result<Self> {
        let mut b = Builder::default();
        for (name, text) in BUILTIN {
            b.add_file(name, text)?;
        }
        let files = if path.is_dir() {
            let mut v: Vec<_> = std::fs::read_dir(path)
                .map_err(|e| Error::io(path, e))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "tsv"))
                .collect();
            v.sort();
            v
        } else {
            vec![path.to_path_buf()]
        };
        for f in files {
            let text = std::fs::read_to_string(&f).map_err(|e| Error::io(&f, e))?;
            b.add_file(&f.display().to_string(), crate::text::without_bom(&text))?;
        }
        b.finish()
    }

    /// Whether `id` is a known target id.
    pub fn is_target_id(&self, id: &str) -> bool {
        self.ids.contains(id)
    }

    /// Every known target id.
    pub fn target_ids(&self) -> impl Iterator<Item = &str> {
        self.ids.iter().map(String::as_str)
    }

    /// The index of an exact surface form.
    pub(super) fn form_index(&self, form: &str) -> Option<usize> {
        self.by_form.get(form).copied()
    }

    /// The entry for an exact surface form.
    pub fn lookup(&self, form: &str) -> Option<&Entry> {
        self.by_form.get(form).map(|&i| &self.forms[i].1)
    }

    /// A person by index.
    pub fn person(&self, i: usize) -> &Person {
        &self.people[i]
    }

    /// The person whose full name or alias is `form`.
    pub fn person_by_form(&self, form: &str) -> Option<&Person> {
        self.lookup(form)
            .and_then(|e| e.person)
            .map(|i| &self.people[i])
    }

    /// The number of surface forms.
    pub fn len(&self) -> usize {
        self.forms.len()
    }

    /// Whether no form is loaded.
    pub fn is_empty(&self) -> bool {
        self.forms.is_empty()
    }
}

#[derive(Default)]
struct Builder {
    forms: Vec<(String, Entry)>,
    people: Vec<Person>,
    ids: BTreeSet<String>,
    rules: Vec<RawRule>,
    lists: HashMap<String, Vec<String>>,
}

impl Builder {
    fn add_file(&mut self, path: &str, text: &str) -> Result<()> {
        for (n, raw) in text.lines().enumerate() {
            let line = raw.trim_end_matches('\r');
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let err = |reason: String| Error::Data {
                path: path.to_string(),
                line: n + 1,
                reason,
            };
            let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
            if cols.len() < 2 {
                return Err(err(format!(
                    "expected `id<TAB>kind<TAB>forms` or `form<TAB>rule<TAB>words`, found {} column(s)",
                    cols.len()
                )));
            }
            let Some(kind) = EntryKind::parse(cols[1]) else {
                match rules::parse_line(&cols, path, n + 1, &mut self.lists)? {
                    Some(rules) => self.rules.extend(rules),
                    None => {
                        return Err(err(format!(
                            "unknown kind `{}` (name, demonym, seat, leader, bloc, org, none) or rule (see data/actors/README.md)",
                            cols[1]
                        )))
                    }
                }
                continue;
            };
            if cols.len() < 3 {
                return Err(err(format!(
                    "expected `id<TAB>kind<TAB>forms`, found {} column(s)",
                    cols.len()
                )));
            }
            let id = match (kind, cols[0]) {
                (EntryKind::None, _) => String::new(),
                (_, id) if valid_id(id) => id.to_string(),
                (_, id) => return Err(err(format!("invalid target id `{id}`"))),
            };
            let forms: Vec<&str> = cols[2]
                .split('|')
                .map(str::trim)
                .filter(|f| !f.is_empty())
                .collect();
            if forms.is_empty() {
                return Err(err("no surface form".into()));
            }
            let person = if kind == EntryKind::Leader {
                let gender = match cols.get(3).copied().unwrap_or("-") {
                    "m" => Some('m'),
                    "f" => Some('f'),
                    "-" | "" => None,
                    g => return Err(err(format!("gender must be m, f or -, found `{g}`"))),
                };
                self.people.push(Person {
                    name: forms[0].to_string(),
                    country: id.clone(),
                    gender,
                    role: cols.get(4).copied().unwrap_or("").to_string(),
                });
                Some(self.people.len() - 1)
            } else {
                None
            };
            if !id.is_empty() && kind != EntryKind::Org && kind != EntryKind::Leader {
                self.ids.insert(id.clone());
            }
            for f in forms {
                self.forms.push((
                    f.to_string(),
                    Entry {
                        id: id.clone(),
                        kind,
                        person,
                        inner: None,
                    },
                ));
            }
        }
        Ok(())
    }

    fn finish(self) -> Result<Gazetteer> {
        // A later file overrides an earlier one for the same form.
        let mut by_form: HashMap<String, usize> = HashMap::new();
        for (i, (f, _)) in self.forms.iter().enumerate() {
            by_form.insert(f.clone(), i);
        }
        let mut keep: Vec<usize> = by_form.values().copied().collect();
        keep.sort_unstable();
        let mut forms: Vec<(String, Entry)> =
            keep.into_iter().map(|i| self.forms[i].clone()).collect();
        let by_form: HashMap<String, usize> = forms
            .iter()
            .enumerate()
            .map(|(i, (f, _))| (f.clone(), i))
            .collect();
        let inner: Vec<_> = forms
            .iter()
            .map(|(f, e)| match e.kind {
                EntryKind::Org => inner_country(f, &e.id, &forms, &by_form),
                _ => None,
            })
            .collect();
        for ((_, e), i) in forms.iter_mut().zip(inner) {
            e.inner = i;
        }
        let matcher = Matcher::new(&forms);
        let rules = Rules::build(&self.rules, &self.lists, &by_form)?;
        Ok(Gazetteer {
            forms,
            matcher,
            rules,
            people: self.people,
            ids: self.ids,
            by_form,
        })
    }
}

/// The longest run of whole words inside org form `form` (not all of it) that is a name,
/// demonym or seat of the org's own country `id` ("Russian" in "Russian embassy"; not
/// "Taiwan" in "Taiwan Affairs Office", a Chinese body).
fn inner_country(
    form: &str,
    id: &str,
    forms: &[(String, Entry)],
    by_form: &HashMap<String, usize>,
) -> Option<(std::ops::Range<usize>, EntryKind)> {
    let words: Vec<_> = crate::text::tokenize(form, 0..form.len())
        .into_iter()
        .filter(|t| t.is_word)
        .collect();
    let mut best: Option<(std::ops::Range<usize>, EntryKind)> = None;
    for i in 0..words.len() {
        for j in i..words.len() {
            let span = words[i].span.start..words[j].span.end;
            if span.len() == form.len() || best.as_ref().is_some_and(|(b, _)| b.len() >= span.len())
            {
                continue;
            }
            let Some(e) = by_form.get(&form[span.clone()]).map(|&k| &forms[k].1) else {
                continue;
            };
            if e.id == id
                && matches!(
                    e.kind,
                    EntryKind::Name | EntryKind::Demonym | EntryKind::Seat
                )
            {
                best = Some((span, e.kind));
            }
        }
    }
    best
}

/// A target id: upper-case ASCII letters, digits and underscores.
fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_loads_and_knows_spec_ids() {
        let g = Gazetteer::builtin().unwrap();
        for id in [
            "CN",
            "RU",
            "US",
            "XK",
            "EU",
            "NATO",
            "WEST",
            "UN",
            "AFRICAN_UNION",
        ] {
            assert!(g.is_target_id(id), "{id}");
        }
        assert!(!g.is_target_id("ZZ"));
        assert_eq!(g.person_by_form("Lavrov").unwrap().country, "RU");
    }

    #[test]
    fn bad_line_names_file_and_line() {
        let mut b = Builder::default();
        let e = b
            .add_file("x.tsv", "# c\nCN\tcountry\tChina\n")
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "x.tsv:2: unknown kind `country` (name, demonym, seat, leader, bloc, org, none) or rule (see data/actors/README.md)"
        );
        let e = b.add_file("y.tsv", "cn\tname\tChina\n").unwrap_err();
        assert!(e.to_string().contains("invalid target id `cn`"));
    }

    #[test]
    fn user_file_extends() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("mine.tsv");
        std::fs::write(&p, "RU\tleader\tIvan Testovich|Testovich\tm\tenvoy\n").unwrap();
        let g = Gazetteer::with_extension(&p).unwrap();
        assert_eq!(
            g.person_by_form("Testovich").unwrap().name,
            "Ivan Testovich"
        );
    }
}
