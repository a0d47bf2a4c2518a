//! The targets of one quote: gazetteer mentions, first-person plural for the speaker's
//! country, and which of the mentioned ids count as targets.
use super::gazetteer::Gazetteer;
use super::mention::Mention;
use super::pronouns::first_person_plural;

/// Every mention in a quote `text`, in text order: the gazetteer's, and, when the speaker's
/// country (or group) is known, each first-person plural pronoun as a mention of it.
pub fn quote_mentions(gaz: &Gazetteer, text: &str, speaker_country: Option<&str>) -> Vec<Mention> {
    let mut all = gaz.find_mentions_by(text, 0..text.len(), speaker_country);
    if let Some(sc) = speaker_country {
        all.extend(first_person_plural(text, 0..text.len(), sc));
        all.sort_by_key(|m| m.span.start);
    }
    all
}

/// The ids a quote is about, in order of first mention: every id mentioned, except one whose
/// every mention is a seat used as a place ("COP29 in Baku", "a missile fired at Riyadh").
pub fn detected_targets(mentions: &[Mention]) -> Vec<String> {
    let mut order: Vec<&str> = Vec::with_capacity(mentions.len());
    for m in mentions {
        if !m.place && !order.contains(&m.target.as_str()) {
            order.push(&m.target);
        }
    }
    // Keep the order of first mention, place mentions included.
    let mut out: Vec<String> = Vec::with_capacity(order.len());
    for m in mentions {
        if order.contains(&m.target.as_str()) && !out.contains(&m.target) {
            out.push(m.target.clone());
        }
    }
    out
}
