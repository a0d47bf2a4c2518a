//! Context rules for ambiguous forms, written as data (`data/actors/rules.tsv`; the language is
//! described in `data/actors/README.md`): drop a match or mark a seat as a place by looking at
//! the few tokens around it. Every rule compares whole tokens against word sets: no regular
//! expressions, no backtracking, a bounded amount of work per match.
use super::context::{is_capitalised, is_possessive, is_word, Around};
use super::gazetteer::EntryKind;
use crate::error::{Error, Result};
use foldhash::{HashMap, HashMapExt, HashSet};
use std::sync::Arc;

/// The longest phrase a rule may compare, in tokens.
pub(super) const MAX_PHRASE: usize = 6;

/// What a rule does when its condition holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Action {
    DropIfPrev,
    DropIfNext,
    RequirePrev,
    RequireNext,
    DropIfPrevCapitalised,
    DropIfNextCapitalised,
    DropIfPrevPossessive,
    PlaceIfPrev,
    NotPlaceIfPrev,
    DropInCaps,
    RequireSpeaker,
    Clear,
}

impl Action {
    const NAMES: &'static str = "drop-if-prev, drop-if-next, require-prev, require-next, \
        drop-if-prev-capitalised, drop-if-next-capitalised, drop-if-prev-possessive, \
        place-if-prev, not-place-if-prev, drop-in-caps, require-speaker, clear";

    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "drop-if-prev" => Action::DropIfPrev,
            "drop-if-next" => Action::DropIfNext,
            "require-prev" => Action::RequirePrev,
            "require-next" => Action::RequireNext,
            "drop-if-prev-capitalised" | "drop-if-prev-capitalized" => {
                Action::DropIfPrevCapitalised
            }
            "drop-if-next-capitalised" | "drop-if-next-capitalized" => {
                Action::DropIfNextCapitalised
            }
            "drop-if-prev-possessive" => Action::DropIfPrevPossessive,
            "place-if-prev" => Action::PlaceIfPrev,
            "not-place-if-prev" => Action::NotPlaceIfPrev,
            "drop-in-caps" => Action::DropInCaps,
            "require-speaker" => Action::RequireSpeaker,
            "clear" => Action::Clear,
            _ => return None,
        })
    }

    /// Whether the argument is required (a phrase list) or optional (exceptions).
    fn needs_arg(self) -> bool {
        matches!(
            self,
            Action::DropIfPrev
                | Action::DropIfNext
                | Action::RequirePrev
                | Action::RequireNext
                | Action::PlaceIfPrev
                | Action::NotPlaceIfPrev
                | Action::RequireSpeaker
        )
    }
}

/// Which matches a rule applies to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) enum Selector {
    /// One surface form, exactly as the gazetteer lists it.
    Form(String),
    /// Every form of one kind (`*seat`), or of every kind (`*`).
    Kind(Option<EntryKind>),
}

/// A rule line as read, resolved when the whole gazetteer is loaded.
#[derive(Debug, Clone)]
pub(super) struct RawRule {
    pub selector: Selector,
    action: Action,
    caps_only: bool,
    one_word: bool,
    arg: String,
    pub path: String,
    pub line: usize,
}

/// A set of phrases (token sequences), compared exactly or, in all-capitals text, folded.
#[derive(Debug, Clone, Default)]
struct Phrases {
    exact: HashSet<String>,
    folded: HashSet<String>,
    /// The phrase lengths present, ascending.
    lens: Vec<usize>,
}

impl Phrases {
    fn insert(&mut self, toks: &[String]) {
        let key = toks.join("\u{1}");
        self.folded.insert(key.to_lowercase());
        self.exact.insert(key);
        if !self.lens.contains(&toks.len()) {
            self.lens.push(toks.len());
            self.lens.sort_unstable();
        }
    }

    /// Whether the tokens `toks` (nearest first) begin with one of the phrases, read away
    /// from the match: for tokens before the match the phrase is read right to left.
    fn matches(&self, toks: &[&str], before: bool, caps: bool) -> bool {
        let mut key = String::new();
        for &n in &self.lens {
            if n > toks.len() {
                break;
            }
            key.clear();
            for i in 0..n {
                let t = if before { toks[n - 1 - i] } else { toks[i] };
                if i > 0 {
                    key.push('\u{1}');
                }
                key.push_str(t);
            }
            let hit = if caps {
                self.folded.contains(&key.to_lowercase())
            } else {
                self.exact.contains(&key)
            };
            if hit {
                return true;
            }
        }
        false
    }

    /// Whether the single token `tok` is one of the phrases.
    fn contains_word(&self, tok: &str, caps: bool) -> bool {
        if caps {
            self.folded.contains(&tok.to_lowercase())
        } else {
            self.exact.contains(tok)
        }
    }
}

/// A resolved rule.
#[derive(Debug, Clone)]
struct Rule {
    action: Action,
    caps_only: bool,
    /// Only for matches of one word (a `*kind-word` selector: "Putin", not "Vladimir Putin").
    one_word: bool,
    /// Shared by every rule with the same words (one line may name many forms).
    phrases: Arc<Phrases>,
}

/// What the rules decided for one match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Verdict {
    pub keep: bool,
    pub place: bool,
}

/// Every rule, by the form index or the kind it applies to.
#[derive(Debug, Default)]
pub(super) struct Rules {
    by_form: HashMap<usize, Vec<Rule>>,
    by_kind: HashMap<EntryKind, Vec<Rule>>,
    any: Vec<Rule>,
    /// The most tokens any rule looks at on one side.
    pub width: usize,
}

/// Reads one rule or list line (`cols` are the trimmed columns): one rule per form of column
/// 1 (forms may be `|`-separated). `Ok(None)` if column 2 is neither `list` nor a rule action;
/// `Ok(Some(vec![]))` for a list.
pub(super) fn parse_line(
    cols: &[&str],
    path: &str,
    line: usize,
    lists: &mut HashMap<String, Vec<String>>,
) -> Result<Option<Vec<RawRule>>> {
    let err = |reason: String| Error::Data {
        path: path.to_string(),
        line,
        reason,
    };
    if cols[1] == "list" {
        let name = cols[0]
            .strip_prefix('@')
            .filter(|n| !n.is_empty())
            .ok_or_else(|| err(format!("a list name starts with `@`, found `{}`", cols[0])))?;
        let items = split_items(cols.get(2).copied().unwrap_or(""));
        if items.is_empty() {
            return Err(err(format!("list `@{name}` has no words")));
        }
        lists.entry(name.to_string()).or_default().extend(items);
        return Ok(Some(Vec::new()));
    }
    let (caps_only, action_name) = match cols[1].strip_prefix("caps:") {
        Some(a) => (true, a),
        None => (false, cols[1]),
    };
    let Some(action) = Action::parse(action_name) else {
        return if caps_only {
            Err(err(format!(
                "unknown rule `{action_name}` ({})",
                Action::NAMES
            )))
        } else {
            Ok(None)
        };
    };
    let arg = cols.get(2).copied().unwrap_or("").to_string();
    if action.needs_arg() && split_items(&arg).is_empty() {
        return Err(err(format!(
            "rule `{action_name}` needs words in column 3 (separated by |)"
        )));
    }
    let mut out = Vec::new();
    for sel in split_items(cols[0]) {
        // "*leader-word": the one-word forms of a kind.
        let (sel, one_word) = match sel.strip_suffix("-word") {
            Some(k) if k.starts_with('*') => (k.to_string(), true),
            _ => (sel, false),
        };
        let selector = match sel.as_str() {
            "*" => Selector::Kind(None),
            s if s.starts_with('*') => Selector::Kind(Some(
                EntryKind::parse(&s[1..]).ok_or_else(|| {
                    err(format!(
                        "unknown kind `{}` in `{s}` (*name, *demonym, *seat, *leader, *bloc, *org, *none, or * for all; a -word suffix keeps the one-word forms)",
                        &s[1..]
                    ))
                })?,
            )),
            f => Selector::Form(f.to_string()),
        };
        out.push(RawRule {
            selector,
            action,
            caps_only,
            one_word,
            arg: arg.clone(),
            path: path.to_string(),
            line,
        });
    }
    if out.is_empty() {
        return Err(err("a rule needs a form in column 1".into()));
    }
    Ok(Some(out))
}

fn split_items(s: &str) -> Vec<String> {
    s.split('|')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

impl Rules {
    /// Resolves the rule lines against the lists and the forms (`form_index` maps a surface
    /// form to its index in the gazetteer).
    pub(super) fn build(
        raw: &[RawRule],
        lists: &HashMap<String, Vec<String>>,
        form_index: &HashMap<String, usize>,
    ) -> Result<Self> {
        let mut rules = Rules::default();
        let mut cache: HashMap<&str, Arc<Phrases>> = HashMap::new();
        for r in raw {
            let err = |reason: String| Error::Data {
                path: r.path.clone(),
                line: r.line,
                reason,
            };
            let slot = match &r.selector {
                Selector::Form(f) => {
                    let &i = form_index.get(f).ok_or_else(|| {
                        err(format!(
                            "rule for `{f}`, which is not a form of the gazetteer (forms are case-sensitive)"
                        ))
                    })?;
                    rules.by_form.entry(i).or_default()
                }
                Selector::Kind(Some(k)) => rules.by_kind.entry(*k).or_default(),
                Selector::Kind(None) => &mut rules.any,
            };
            if r.action == Action::Clear {
                slot.clear();
                continue;
            }
            let phrases = match cache.get(r.arg.as_str()) {
                Some(p) => p.clone(),
                None => {
                    let mut phrases = Phrases::default();
                    for item in split_items(&r.arg) {
                        for toks in expand(&item, lists, 0).map_err(err)? {
                            if toks.len() > MAX_PHRASE {
                                return Err(err(format!(
                                    "phrase `{}` is longer than {MAX_PHRASE} tokens",
                                    toks.join(" ")
                                )));
                            }
                            phrases.insert(&toks);
                        }
                    }
                    let p = Arc::new(phrases);
                    cache.insert(&r.arg, p.clone());
                    p
                }
            };
            let width = phrases.lens.last().copied().unwrap_or(1);
            rules.width = rules.width.max(width);
            slot.push(Rule {
                action: r.action,
                caps_only: r.caps_only,
                one_word: r.one_word,
                phrases,
            });
        }
        rules.width = rules.width.max(1);
        Ok(rules)
    }

    /// Whether any rule applies to form `form` of kind `kind`.
    pub(super) fn any_for(&self, form: usize, kind: EntryKind) -> bool {
        !self.any.is_empty() || self.by_form.contains_key(&form) || self.by_kind.contains_key(&kind)
    }

    /// Applies the rules of form `form` (kind `kind`) to a match with context `ctx`; `caps`
    /// says the match lies in an all-capitals stretch, `speaker` is the quote's speaker
    /// country if known.
    pub(super) fn judge(
        &self,
        form: usize,
        kind: EntryKind,
        ctx: &Around<'_>,
        caps: bool,
        speaker: Option<&str>,
    ) -> Verdict {
        let mut v = Verdict {
            keep: true,
            place: false,
        };
        let mut not_place = false;
        let all = self
            .any
            .iter()
            .chain(self.by_kind.get(&kind).into_iter().flatten())
            .chain(self.by_form.get(&form).into_iter().flatten());
        for r in all {
            if (r.caps_only && !caps) || (r.one_word && !ctx.one_word) {
                continue;
            }
            let p = &r.phrases;
            let prev1 = ctx.prev.first().copied().filter(|t| is_word(t));
            let next1 = ctx.next.first().copied().filter(|t| is_word(t));
            let drop = match r.action {
                Action::DropIfPrev => p.matches(&ctx.prev, true, caps),
                Action::DropIfNext => p.matches(&ctx.next, false, caps),
                Action::RequirePrev => !p.matches(&ctx.prev, true, caps),
                Action::RequireNext => !p.matches(&ctx.next, false, caps),
                Action::DropIfPrevCapitalised => {
                    !caps
                        && prev1.is_some_and(|t| {
                            is_capitalised(t) && !is_possessive(t) && !p.contains_word(t, caps)
                        })
                }
                Action::DropIfNextCapitalised => {
                    !caps
                        && !ctx.possessive
                        && next1.is_some_and(|t| is_capitalised(t) && !p.contains_word(t, caps))
                }
                Action::DropIfPrevPossessive => {
                    prev1.is_some_and(|t| is_possessive(t) && !p.contains_word(t, caps))
                }
                Action::DropInCaps => caps,
                Action::RequireSpeaker => speaker.is_none_or(|s| !p.contains_word(s, false)),
                Action::PlaceIfPrev => {
                    if p.matches(&ctx.prev, true, caps) {
                        v.place = true;
                    }
                    false
                }
                Action::NotPlaceIfPrev => {
                    if p.matches(&ctx.prev, true, caps) {
                        not_place = true;
                    }
                    false
                }
                Action::Clear => false,
            };
            if drop {
                v.keep = false;
                return v;
            }
        }
        if not_place || ctx.possessive {
            v.place = false;
        }
        v
    }
}

/// The token sequences of one phrase item, with `@list` tokens expanded (a list's items may
/// themselves be phrases and name other lists).
fn expand(
    item: &str,
    lists: &HashMap<String, Vec<String>>,
    depth: usize,
) -> std::result::Result<Vec<Vec<String>>, String> {
    if depth > 8 {
        return Err(format!("lists nest too deeply at `{item}`"));
    }
    let mut out: Vec<Vec<String>> = vec![Vec::new()];
    for tok in item.split(' ').filter(|t| !t.is_empty()) {
        let alts: Vec<Vec<String>> = match tok.strip_prefix('@') {
            Some(name) if !name.is_empty() => {
                let items = lists
                    .get(name)
                    .ok_or_else(|| format!("unknown list `@{name}`"))?;
                let mut v = Vec::new();
                for it in items {
                    v.extend(expand(it, lists, depth + 1)?);
                }
                v
            }
            _ => vec![vec![tok.to_string()]],
        };
        let mut next = Vec::with_capacity(out.len() * alts.len());
        for o in &out {
            for a in &alts {
                let mut x = o.clone();
                x.extend(a.iter().cloned());
                next.push(x);
            }
        }
        if next.len() > 10_000 {
            return Err(format!("phrase `{item}` expands to too many phrases"));
        }
        out = next;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(text: &str, forms: &[&str]) -> Result<Rules> {
        let mut lists = HashMap::new();
        let mut raw = Vec::new();
        for (n, l) in text.lines().enumerate().filter(|(_, l)| !l.is_empty()) {
            let cols: Vec<&str> = l.split('\t').collect();
            if let Some(r) = parse_line(&cols, "t.tsv", n + 1, &mut lists)? {
                raw.extend(r);
            }
        }
        let idx = forms
            .iter()
            .enumerate()
            .map(|(i, f)| (f.to_string(), i))
            .collect();
        Rules::build(&raw, &lists, &idx)
    }

    fn judge(r: &Rules, text: &str, form: &str, caps: bool) -> Verdict {
        let s = text.find(form).unwrap();
        let ctx = Around::new(text, &(s..s + form.len()), r.width);
        r.judge(0, EntryKind::Name, &ctx, caps, None)
    }

    #[test]
    fn lists_phrases_and_conditions() {
        let r = rules(
            "@ga\tlist\tAtlanta|Savannah\nGeorgia\tdrop-if-prev\t@ga ,|state of\nGeorgia\tdrop-if-next\tgovernor\nGeorgia\tdrop-if-next-capitalised\tPresident",
            &["Georgia"],
        )
        .unwrap();
        assert!(!judge(&r, "in Atlanta, Georgia today", "Georgia", false).keep);
        assert!(!judge(&r, "the state of Georgia", "Georgia", false).keep);
        assert!(!judge(&r, "Georgia's governor", "Georgia", false).keep);
        assert!(!judge(&r, "Georgia O'Keeffe", "Georgia", false).keep);
        assert!(judge(&r, "Georgia President Kavelashvili", "Georgia", false).keep);
        assert!(judge(&r, "Georgia's President", "Georgia", false).keep);
        assert!(judge(&r, "Tbilisi, Georgia", "Georgia", false).keep);
        assert!(judge(&r, "Russia and Georgia signed", "Georgia", false).keep);
    }

    #[test]
    fn caps_rules_only_in_caps() {
        let r = rules("US\tcaps:drop-if-prev\tof|let", &["US"]).unwrap();
        assert!(!judge(&r, "TAKING ADVANTAGE OF US", "US", true).keep);
        assert!(judge(&r, "the impact of US sanctions", "US", false).keep);
    }

    #[test]
    fn place_and_not_place() {
        let r = rules(
            "*name\tplace-if-prev\tin|arrived in\n*name\tnot-place-if-prev\tregime in",
            &[],
        )
        .unwrap();
        assert!(judge(&r, "talks in Moscow", "Moscow", false).place);
        assert!(!judge(&r, "the regime in Moscow", "Moscow", false).place);
        assert!(!judge(&r, "in Moscow's view", "Moscow", false).place);
        assert!(!judge(&r, "Moscow said", "Moscow", false).place);
    }

    #[test]
    fn errors_name_file_and_line() {
        let e = rules("\nX\tdrop-if-prev\tof", &["Y"]).unwrap_err();
        assert!(e.to_string().starts_with("t.tsv:2: rule for `X`"), "{e}");
        let e = rules("Y\tdrop-if-prev\t@nope", &["Y"]).unwrap_err();
        assert_eq!(e.to_string(), "t.tsv:1: unknown list `@nope`");
        let e = rules("Y\tdrop-if-next", &["Y"]).unwrap_err();
        assert!(e.to_string().contains("needs words"), "{e}");
        let e = rules("Y\tcaps:drop-if-later\tx", &["Y"]).unwrap_err();
        assert!(
            e.to_string().contains("unknown rule `drop-if-later`"),
            "{e}"
        );
        let e = rules("nolist\tlist\ta|b", &[]).unwrap_err();
        assert!(e.to_string().contains("starts with `@`"), "{e}");
    }
}
