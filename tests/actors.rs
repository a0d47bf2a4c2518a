//! The actor layer on sentences written for these tests: every alias class, every ambiguity
//! rule of `data/actors/rules.tsv`, first-person plural, seats used as places, code-point spans,
//! and user extension files.
use geostance::actors::{
    detected_targets, first_person_plural, quote_mentions, Gazetteer, Mention, MentionKind,
};
use geostance::records::{QuoteInput, RecordId, TargetSpec};
use geostance::Engine;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

fn gaz() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| Gazetteer::builtin().expect("built-in gazetteer loads"))
}

/// (surface text, id) of every mention.
fn found_in(g: &Gazetteer, t: &str) -> Vec<(String, String)> {
    g.find_mentions(t, 0..t.len())
        .into_iter()
        .map(|m| (t[m.span].to_string(), m.target))
        .collect()
}

fn found(t: &str) -> Vec<(String, String)> {
    found_in(gaz(), t)
}

/// The ids mentioned, in text order.
fn ids(t: &str) -> Vec<String> {
    found(t).into_iter().map(|(_, id)| id).collect()
}

/// The one mention of `form` in `t`.
fn mention(t: &str, form: &str) -> Mention {
    let all = gaz().find_mentions(t, 0..t.len());
    let ms: Vec<Mention> = all
        .into_iter()
        .filter(|m| &t[m.span.clone()] == form)
        .collect();
    assert_eq!(ms.len(), 1, "one mention {form:?} in {t:?}: {ms:?}");
    ms.into_iter().next().unwrap()
}

/// The only mention in `t`.
fn only(t: &str) -> Mention {
    let all = gaz().find_mentions(t, 0..t.len());
    assert_eq!(all.len(), 1, "one mention in {t:?}: {all:?}");
    all.into_iter().next().unwrap()
}

/// The ids a quote is about (mentions, first-person plural, places left out).
fn targets(t: &str, speaker: Option<&str>) -> Vec<String> {
    detected_targets(&quote_mentions(gaz(), t, speaker))
}

#[track_caller]
fn check(t: &str, want: &[&str]) {
    assert_eq!(ids(t), want, "in {t:?}: {:?}", found(t));
}

// ---------- alias classes ----------

#[test]
fn country_names_and_official_names() {
    check("France, Germany and Italy", &["FR", "DE", "IT"]);
    check(
        "the People's Republic of China and the People’s Republic of China",
        &["CN", "CN"],
    );
    check(
        "the United States of America and the Russian Federation",
        &["US", "RU"],
    );
    check(
        "the Republic of Korea and the Democratic People's Republic of Korea",
        &["KR", "KP"],
    );
    check("the Islamic Republic of Iran", &["IR"]);
    check(
        "the Kingdom of Saudi Arabia and the United Arab Emirates",
        &["SA", "AE"],
    );
    check("Kosovo and Serbia", &["XK", "RS"]);
}

#[test]
fn country_aliases() {
    for (t, id) in [
        ("U.S.", "US"),
        ("US", "US"),
        ("USA", "US"),
        ("America", "US"),
        ("the States", "US"),
        ("UK", "GB"),
        ("U.K.", "GB"),
        ("Britain", "GB"),
        ("Great Britain", "GB"),
        ("PRC", "CN"),
        ("mainland China", "CN"),
        ("DPRK", "KP"),
        ("North Korea", "KP"),
        ("ROK", "KR"),
        ("South Korea", "KR"),
        ("south Korea", "KR"),
        ("Russian Federation", "RU"),
        ("Türkiye", "TR"),
        ("Turkiye", "TR"),
        ("Turkey", "TR"),
        ("Kyiv", "UA"),
        ("Kiev", "UA"),
        ("Burma", "MM"),
        ("Holland", "NL"),
        ("Czechia", "CZ"),
        ("Ivory Coast", "CI"),
        ("Côte d’Ivoire", "CI"),
        ("Eswatini", "SZ"),
        ("Swaziland", "SZ"),
        ("Viet Nam", "VN"),
    ] {
        let text = format!("They met {t} officials.");
        assert_eq!(ids(&text), vec![id], "{text}");
    }
    // A leading "the" matches in either case.
    check("The United States and the States", &["US", "US"]);
}

#[test]
fn demonyms_singular_and_plural() {
    for (t, id) in [
        ("Chinese", "CN"),
        ("Russian", "RU"),
        ("Russians", "RU"),
        ("American", "US"),
        ("Americans", "US"),
        ("British", "GB"),
        ("Briton", "GB"),
        ("Britons", "GB"),
        ("Israeli", "IL"),
        ("Israelis", "IL"),
        ("Filipino", "PH"),
        ("Filipinos", "PH"),
        ("Nigerien", "NE"),
        ("Nigerian", "NG"),
        ("Argentines", "AR"),
        ("south Korean", "KR"),
        ("Zionists", "IL"),
        ("Europeans", "EU"),
    ] {
        let text = format!("{t} diplomats spoke.");
        assert_eq!(ids(&text), vec![id], "{text}");
        assert_eq!(mention(&text, t).kind, MentionKind::Demonym, "{text}");
    }
}

#[test]
fn possessives_with_either_apostrophe() {
    let t = "China's navy, Russia’s army and the EU's rules";
    assert_eq!(
        found(t),
        vec![
            ("China".to_string(), "CN".to_string()),
            ("Russia".to_string(), "RU".to_string()),
            ("EU".to_string(), "EU".to_string()),
        ]
    );
    check("Putin’s envoy and Xi's aide", &["RU", "CN"]);
}

#[test]
fn seats_of_government() {
    for (t, id) in [
        ("Beijing", "CN"),
        ("Moscow", "RU"),
        ("Washington", "US"),
        ("the Kremlin", "RU"),
        ("The Kremlin", "RU"),
        ("the White House", "US"),
        ("the Pentagon", "US"),
        ("the State Department", "US"),
        ("Downing Street", "GB"),
        ("the Élysée", "FR"),
        ("Zhongnanhai", "CN"),
        ("New Delhi", "IN"),
        ("Tokyo", "JP"),
        ("Kyiv", "UA"),
        ("Tehran", "IR"),
        ("Islamabad", "PK"),
        ("Pyongyang", "KP"),
        ("Brussels", "EU"),
    ] {
        let text = format!("{t} rejected the proposal.");
        assert_eq!(ids(&text), vec![id], "{text}");
        assert_eq!(mention(&text, t).kind, MentionKind::Seat, "{text}");
        assert!(!mention(&text, t).place, "{text}");
    }
}

#[test]
fn leaders_by_full_name_surname_and_title() {
    for (t, id) in [
        ("Vladimir Putin", "RU"),
        ("Putin", "RU"),
        ("Lavrov", "RU"),
        ("Peskov", "RU"),
        ("Zakharova", "RU"),
        ("Xi", "CN"),
        ("Wang Yi", "CN"),
        ("Hua Chunying", "CN"),
        ("Mao Ning", "CN"),
        ("Lin Jian", "CN"),
        ("Biden", "US"),
        ("Blinken", "US"),
        ("Trump", "US"),
        ("Modi", "IN"),
        ("Zelenskyy", "UA"),
        ("Erdoğan", "TR"),
        ("Erdogan", "TR"),
        ("President Lee", "KR"),
        ("Prime Minister Lee", "SG"),
        ("President Lai", "TW"),
        ("Prime Minister Anwar", "MY"),
        ("Prime Minister Montenegro", "PT"),
        ("Chairman Kim", "KP"),
        ("Francesca Albanese", "UN"),
        ("Albanese", "AU"),
    ] {
        let text = format!("{t} spoke on Tuesday.");
        assert_eq!(ids(&text), vec![id], "{text}");
        assert_eq!(mention(&text, t).kind, MentionKind::Leader, "{text}");
    }
    // A shared surname alone is no one.
    check("Lee, Kim and Wang spoke.", &[]);
}

#[test]
fn blocs_and_groups() {
    for (t, id) in [
        ("the European Union", "EU"),
        ("EU", "EU"),
        ("NATO", "NATO"),
        ("Nato", "NATO"),
        ("the West", "WEST"),
        ("The West", "WEST"),
        ("the collective West", "WEST"),
        ("Western countries", "WEST"),
        ("Western backers", "WEST"),
        ("Western donors", "WEST"),
        ("Western allies", "WEST"),
        ("the Quad", "QUAD"),
        ("G7", "G7"),
        ("BRICS", "BRICS"),
        ("ASEAN", "ASEAN"),
        ("the United Nations", "UN"),
        ("the Security Council", "UN"),
        ("the UN Security Council", "UN"),
        ("SCO", "SCO"),
        ("the African Union", "AFRICAN_UNION"),
        ("the AU Peace and Security Council", "AFRICAN_UNION"),
        ("the Peace and Security Council", "AFRICAN_UNION"),
    ] {
        let text = format!("Officials said {t} would meet.");
        assert_eq!(ids(&text), vec![id], "{text}");
        assert_eq!(only(&text).kind, MentionKind::Bloc, "{text}");
    }
}

#[test]
fn ruling_parties_and_governments_stand_for_the_country() {
    for t in [
        "the Chinese Communist Party",
        "the CCP",
        "the Communist Party of China",
        "the CPC",
    ] {
        let text = format!("He criticised {t} again.");
        assert_eq!(ids(&text), vec!["CN"], "{text}");
        assert_eq!(only(&text).kind, MentionKind::Name, "{text}");
    }
    check("the Islamic Emirate will respond", &["AF"]);
    check("the Islamic Emirate of Afghanistan", &["AF"]);
    check("the Zionist regime", &["IL"]);
}

#[test]
fn organisations_are_speakers_but_name_their_country_in_quotes() {
    // The org swallows the demonym for speaker resolution; in a quote its own country's
    // name inside it is a mention.
    let t = "The Russian embassy will keep issuing visas.";
    let m = only(t);
    assert_eq!(
        (&t[m.span.clone()], m.target.as_str(), m.kind),
        ("Russian", "RU", MentionKind::Demonym)
    );
    check(
        "the Chinese Foreign Ministry and Voice of America",
        &["CN", "US"],
    );
    // Not another country's name inside a body: the Taiwan Affairs Office is Chinese.
    check(
        "the Taiwan Affairs Office and Radio Free Europe/Radio Liberty",
        &[],
    );
    check("Xinhua, TASS and the IRGC", &[]);
    let e = gaz().find_entries(t, 0..t.len());
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].1.kind, geostance::actors::EntryKind::Org);
}

#[test]
fn western_before_a_common_noun_is_the_west() {
    check("orders from its Western curators", &["WEST"]);
    check("Western pressure and Western-style democracy", &["WEST"]);
    check(
        "Western Ukraine, the Western Balkans and Western Union",
        &["UA"],
    );
    check("Western and Central Europe", &[]);
    check("western Ukraine", &["UA"]);
}

// ---------- names inside longer names ----------

#[test]
fn names_inside_longer_names_are_not_mentions() {
    check("patrols in the South China Sea and the East China Sea", &[]);
    check("The Washington Post and the Washington Times reported", &[]);
    check(
        "Latin America, Latin American and North American markets",
        &[],
    );
    check("across the Taiwan Strait and the Korean Peninsula", &[]);
    check("the Niger Delta and the Gulf of Guinea", &[]);
    check("Papua New Guinea's premier", &["PG"]);
    check("the South China Morning Post said China", &["CN"]);
}

// ---------- ambiguity rules ----------

#[test]
fn us_upper_case_is_the_country_lower_case_is_not() {
    check(
        "Let us tell the US what the U.S. wants from us.",
        &["US", "US"],
    );
    let t = "They told us the US would pay.";
    assert_eq!(targets(t, Some("CN")), vec!["CN", "US"]);
    let ms = quote_mentions(gaz(), t, Some("CN"));
    let us: Vec<(&str, &str, MentionKind)> = ms
        .iter()
        .map(|m| (&t[m.span.clone()], m.target.as_str(), m.kind))
        .collect();
    assert_eq!(
        us,
        vec![
            ("us", "CN", MentionKind::Pronoun),
            ("US", "US", MentionKind::Name)
        ]
    );
}

#[test]
fn all_capitals_headlines_and_posts() {
    check(
        "CHINA SLAMS US TARIFFS AS TRADE WAR ESCALATES",
        &["CN", "US"],
    );
    check(
        "THE EUROPEAN UNION AND CANADA HAVE BEEN RIPPING US OFF FOR YEARS",
        &["EU", "CA"],
    );
    check(
        "Headline: NATO CHIEF WARNS RUSSIA. Story follows.",
        &["NATO", "RU"],
    );
    // Short runs of acronyms are not a capitals stretch: "us" stays unmatched.
    check("the US and us", &["US"]);
    // "CAR" is a car in capitals, the Central African Republic in running text.
    check("A CAR BOMB HIT THE CAPITAL", &[]);
    check("CAR and Chad", &["CF", "TD"]);
}

#[test]
fn china_the_porcelain() {
    check("fine china, bone china and a china cabinet", &[]);
    check("a bull in a China shop, with Fine China plates", &[]);
    check("China and India", &["CN", "IN"]);
}

#[test]
fn turkey_the_bird() {
    check("the Thanksgiving Turkey pardon at the White House", &["US"]);
    check("a roast Turkey with Turkey Day trimmings", &[]);
    check("a Thanksgiving turkey", &[]);
    check("Turkey and Greece", &["TR", "GR"]);
    check("Turkey's foreign minister", &["TR"]);
}

#[test]
fn chad_jordan_georgia_as_names_and_a_state() {
    // Chad
    check("Chad Smith played the drums.", &[]);
    check("Chad and Niger closed the border.", &["TD", "NE"]);
    check(
        "Chad's president and Chad President Mahamat Deby",
        &["TD", "TD", "TD"],
    );
    check("fishermen on Lake Chad", &[]);
    // Jordan
    check("Michael Jordan and Jordan Peterson", &[]);
    check("Rep. Jim Jordan said so", &[]);
    check("Jordan Henderson scored", &[]);
    check("Jordan's King Abdullah", &["JO", "JO"]);
    check(
        "In Jordan, officials and Israel and Jordan agreed",
        &["JO", "IL", "JO"],
    );
    // Georgia
    check("He was born in Atlanta, Georgia, in 1960.", &[]);
    check("Georgia's governor Brian Kemp", &[]);
    check("the state of Georgia and the Georgia Senate", &[]);
    check("Georgia Tech and Georgia O'Keeffe", &[]);
    check("Georgia and Armenia signed", &["GE", "AM"]);
    check("Tbilisi, Georgia", &["GE", "GE"]);
    check("Georgia's parliamentary elections", &["GE"]);
}

#[test]
fn washington_the_state_and_the_surname() {
    check("Washington state and Seattle, Washington", &[]);
    check("the state of Washington", &[]);
    check("Denzel Washington and Booker T. Washington", &[]);
    check("George Washington University", &[]);
    check("the Washington Nationals won", &[]);
    check("Washington imposed sanctions", &["US"]);
    check("Both Washington and Beijing", &["US", "CN"]);
    check("Trump's Washington", &["US", "US"]);
    check("Washington’s plan", &["US"]);
    check("Washington, D.C., said", &["US"]);
}

#[test]
fn niger_nigeria_guinea_dominica_congo() {
    check("Niger and Nigeria", &["NE", "NG"]);
    check(
        "Papua New Guinea, Equatorial Guinea, Guinea-Bissau and Guinea",
        &["PG", "GQ", "GW", "GN"],
    );
    check("Dominica and the Dominican Republic", &["DM", "DO"]);
    check(
        "the Republic of the Congo and Congo-Brazzaville",
        &["CG", "CG"],
    );
    check(
        "the Democratic Republic of the Congo, the DRC and Congo",
        &["CD", "CD", "CD"],
    );
    check("the Congo River", &[]);
}

#[test]
fn security_council_is_the_uns_unless_someone_elses() {
    check("the National Security Council met", &[]);
    check("Russia's Security Council met", &["RU"]);
    check("the Russian Security Council met", &["RU"]);
    check(
        "the AU's Peace and Security Council met",
        &["AFRICAN_UNION", "AFRICAN_UNION"],
    );
    check("the Security Council met", &["UN"]);
    check("the UN's Security Council met", &["UN", "UN"]);
}

#[test]
fn europe_the_bloc_and_the_place() {
    check("Europe and China joined forces", &["EU", "CN"]);
    check("Europe must defend itself", &["EU"]);
    check("his zone of ruins across Europe", &[]);
    check("leadership in Europe today", &[]);
    check("refugees in Eastern Europe and Central Europe", &[]);
    check("Europe's largest economy", &[]);
    check("evidence of Europe's militarisation", &["EU"]);
    check("the rest of Europe", &[]);
    check("a Europe-wide ban", &[]);
    check(
        "the European Union and the European Commission",
        &["EU", "EU"],
    );
}

#[test]
fn korea_alone() {
    check("Korea and Japan", &["KR", "JP"]);
    check("a unified Korea", &[]);
    check("North Korea and South Korea", &["KP", "KR"]);
    check("the Korean War", &[]);
}

#[test]
fn west_alone() {
    check("dealings with East and West alike", &["WEST"]);
    check("the West Bank, West Africa and the West Coast", &[]);
    check("East and West Germany", &["DE"]);
    check("the West and Russia", &["WEST", "RU"]);
}

#[test]
fn forms_that_depend_on_the_speaker() {
    let t = "The North fired again, and the North Korean regime will pay.";
    assert_eq!(targets(t, Some("KR")), vec!["KP"]);
    assert_eq!(targets(t, Some("JP")), vec!["KP"]);
    assert_eq!(ids("the North"), Vec::<String>::new());
    let t = "We expect the Commission to act.";
    assert_eq!(targets(t, Some("HU")), vec!["HU", "EU"]);
    assert_eq!(targets(t, Some("US")), vec!["US"]);
    let t = "The Secretary-General spoke with the Foreign Minister.";
    assert_eq!(targets(t, Some("UN")), vec!["UN"]);
    assert_eq!(targets(t, Some("NATO")), Vec::<String>::new());
}

#[test]
fn epithets_and_governments_by_other_names() {
    check("the Yankees and the gringos", &["US", "US"]);
    check("the New York Yankees won", &[]);
    check("the DPP authorities", &["TW"]);
    check("anyone who speaks Russian or learns Chinese", &[]);
    check(
        "the Western members of the Security Council",
        &["WEST", "UN"],
    );
    check("the Hong Kong SARS outbreak", &["HK"]);
}

// ---------- seats used as places ----------

#[test]
fn seats_used_as_places_keep_span_and_kind() {
    let t = "Lavrov arrived in Beijing on Monday.";
    let m = mention(t, "Beijing");
    assert_eq!(
        (m.target.as_str(), m.kind, m.place),
        ("CN", MentionKind::Seat, true)
    );
    assert_eq!(&t[m.span], "Beijing");
    assert!(!mention("Beijing opposes the move.", "Beijing").place);
    assert!(!mention("the regime in Tehran", "Tehran").place);
    assert!(!mention("officials in the Kremlin said", "the Kremlin").place);
    // "in" alone is not enough: "people in Washington" are its government.
    assert!(!mention("certain people in Washington", "Washington").place);
    assert!(mention("I will travel to Port Sudan and Nairobi", "Nairobi").place);
    assert!(mention("consular services in Harare and Ouagadougou", "Ouagadougou").place);
    assert!(!mention("a visit to Harare and Ouagadougou's reply", "Ouagadougou").place);
    assert!(!mention("in Moscow's view", "Moscow").place);
    assert!(mention("a missile fired at Riyadh", "Riyadh").place);
    assert!(mention("the summit in Baku", "Baku").place);
    // Names and demonyms are never places.
    assert!(!mention("in Ukraine", "Ukraine").place);
}

#[test]
fn a_target_named_only_as_a_place_is_not_detected() {
    assert_eq!(
        targets("The talks in Baku went well for Europe and China.", None),
        vec!["EU", "CN"]
    );
    assert_eq!(
        targets("The talks in Baku went well.", None),
        Vec::<String>::new()
    );
    assert_eq!(
        targets("Those in power in Chisinau and the regime in Kyiv", None),
        vec!["MD", "UA"]
    );
    assert_eq!(
        targets("In Moscow, we told Moscow to stop.", Some("UA")),
        vec!["RU", "UA"]
    );
}

// ---------- first-person plural ----------

#[test]
fn first_person_plural_is_the_speakers_country() {
    let t = "We've said our position is clear: the US must stop bullying us, and we will defend ourselves.";
    let ms = quote_mentions(gaz(), t, Some("CN"));
    let got: Vec<(&str, &str, MentionKind)> = ms
        .iter()
        .map(|m| (&t[m.span.clone()], m.target.as_str(), m.kind))
        .collect();
    assert_eq!(
        got,
        vec![
            ("We", "CN", MentionKind::Pronoun),
            ("our", "CN", MentionKind::Pronoun),
            ("US", "US", MentionKind::Name),
            ("us", "CN", MentionKind::Pronoun),
            ("we", "CN", MentionKind::Pronoun),
            ("ourselves", "CN", MentionKind::Pronoun),
        ]
    );
    assert_eq!(targets(t, Some("CN")), vec!["CN", "US"]);
    // Without a speaker country there is no pronoun mention.
    assert_eq!(targets(t, None), vec!["US"]);
    // A group speaks as a group.
    assert_eq!(
        targets("Our alliance is strong.", Some("NATO")),
        vec!["NATO"]
    );
    // "Ours", curly contractions, capitals.
    let t = "OURS is right; we’re firm and WE will act.";
    assert_eq!(first_person_plural(t, 0..t.len(), "IN").len(), 3);
    assert!(first_person_plural("The US and USA.", 0..15, "IN").is_empty());
}

// ---------- spans ----------

#[test]
fn spans_are_code_points_in_engine_output() {
    let engine = Engine::builtin().unwrap();
    let text = "“Türkiye’s stance — and Kyiv’s — won’t sway Moscow,” said the envoy in Zürich; we’ll see, Ελλάδα aside, what the Élysée does.";
    let q = QuoteInput {
        id: RecordId::Str("t1".into()),
        text: text.into(),
        speaker: None,
        speaker_country: Some("GR".into()),
        context: None,
        targets: None,
    };
    let out = engine.score(&q, false).unwrap();
    let chars: Vec<char> = text.chars().collect();
    let mut seen = BTreeMap::new();
    for t in &out.targets {
        for m in &t.mentions {
            let s: String = chars[m.start..m.end].iter().collect();
            assert_eq!(s, m.text, "{} {}..{}", t.target, m.start, m.end);
            seen.insert(m.text.clone(), (t.target.clone(), m.start, m.kind));
        }
    }
    assert_eq!(seen["Türkiye"], ("TR".to_string(), 1, MentionKind::Name));
    assert_eq!(seen["Kyiv"].0, "UA");
    assert_eq!(seen["Moscow"].0, "RU");
    assert_eq!(seen["we"], ("GR".to_string(), 79, MentionKind::Pronoun));
    assert_eq!(seen["the Élysée"].0, "FR");
    // Scoring a named target reports its mentions, place mentions included.
    let q = QuoteInput {
        targets: Some(vec![TargetSpec::Id("CN".into())]),
        text: "We met in Beijing.".into(),
        ..q
    };
    let out = engine.score(&q, false).unwrap();
    assert_eq!(out.targets[0].mentions.len(), 1);
    assert_eq!(out.targets[0].mentions[0].start, 10);
}

// ---------- user files ----------

#[test]
fn user_file_adds_and_overrides_entries_and_rules() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a-entries.tsv"),
        "# mine\nCN\tname\tthe Middle Kingdom\nRU\tleader\tIvan Testov|Testov\tm\tenvoy\nBE\tseat\tBrussels\nNATO\tbloc\tthe Alliance\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b-rules.tsv"),
        "@pets\tlist\tdog|cat\nthe Alliance\tdrop-if-next\t@pets\nGeorgia\tclear\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not a gazetteer file").unwrap();
    let g = Gazetteer::with_extension(dir.path()).unwrap();
    let f = |t: &str| -> Vec<String> { found_in(&g, t).into_iter().map(|(_, id)| id).collect() };
    assert_eq!(f("the Middle Kingdom and Testov"), vec!["CN", "RU"]);
    assert_eq!(g.person_by_form("Testov").unwrap().name, "Ivan Testov");
    assert_eq!(f("Brussels said"), vec!["BE"]);
    assert_eq!(f("The Alliance met; the Alliance dog barked"), vec!["NATO"]);
    // `clear` removed the built-in Georgia rules; the built-in file still has the others.
    assert_eq!(f("Atlanta, Georgia"), vec!["GE"]);
    assert_eq!(f("Atlanta, Georgia and Seattle, Washington"), vec!["GE"]);
    // A single file works too.
    let one = dir.path().join("a-entries.tsv");
    let g = Gazetteer::with_extension(&one).unwrap();
    assert_eq!(found_in(&g, "the Middle Kingdom").len(), 1);
}

#[test]
fn bad_user_files_are_refused_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "kind.tsv",
            "CN\tname\tChina\n\nCN\tcountry\tCathay\n",
            ":3: unknown kind `country`",
        ),
        (
            "id.tsv",
            "# x\nchina\tname\tCathay\n",
            ":2: invalid target id `china`",
        ),
        ("cols.tsv", "CN name Cathay\n", ":1: expected"),
        (
            "gender.tsv",
            "RU\tleader\tIvan Testov\tx\n",
            ":1: gender must be m, f or -",
        ),
        (
            "rule.tsv",
            "Cathay\tdrop-if-prev\tof\n",
            ":1: rule for `Cathay`",
        ),
        (
            "list.tsv",
            "China\tdrop-if-prev\t@nope\n",
            ":1: unknown list `@nope`",
        ),
        (
            "args.tsv",
            "\n\nChina\trequire-next\n",
            ":3: rule `require-next` needs words",
        ),
        (
            "caps.tsv",
            "China\tcaps:drop-if-sideways\tx\n",
            ":1: unknown rule",
        ),
    ];
    for (name, body, want) in cases {
        let p = dir.path().join(name);
        std::fs::write(&p, body).unwrap();
        let e = Gazetteer::with_extension(&p).unwrap_err().to_string();
        assert!(
            e.starts_with(&p.display().to_string()) && e.contains(want),
            "{name}: {e}"
        );
    }
    let e = Gazetteer::with_extension(&dir.path().join("missing.tsv"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("missing.tsv"), "{e}");
}

// ---------- the data itself ----------

/// Every form of the built-in files, with its file and line.
fn builtin_forms() -> Vec<(String, String)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/data/actors");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "tsv"))
        .collect();
    files.sort();
    let kinds = ["name", "demonym", "seat", "leader", "bloc", "org", "none"];
    let mut out = Vec::new();
    for p in files {
        for (n, line) in std::fs::read_to_string(&p).unwrap().lines().enumerate() {
            let cols: Vec<&str> = line.split('\t').collect();
            if line.starts_with('#') || cols.len() < 3 || !kinds.contains(&cols[1]) {
                continue;
            }
            for f in cols[2].split('|') {
                let at = format!("{}:{}", p.file_name().unwrap().to_string_lossy(), n + 1);
                out.push((f.to_string(), at));
            }
        }
    }
    out
}

#[test]
fn a_form_with_the_does_not_shadow_a_longer_form() {
    // "the AU" would match first in "the AU Commission": list "the AU Commission" too.
    let forms: BTreeMap<String, String> = builtin_forms().into_iter().collect();
    let mut bad = Vec::new();
    for (f, at) in &forms {
        let Some(x) = f.strip_prefix("the ") else {
            continue;
        };
        if f == "the North" {
            continue; // Dropped before a capitalised word (rules.tsv), so "North Korea" matches.
        }
        for (g, gat) in forms.range(format!("{x} ")..) {
            if !g.starts_with(&format!("{x} ")) {
                break;
            }
            if !forms.contains_key(&format!("the {g}")) {
                bad.push(format!("{f:?} ({at}) shadows {g:?} ({gat})"));
            }
        }
    }
    assert!(bad.is_empty(), "{bad:#?}");
}

#[test]
fn built_in_files_list_each_form_once() {
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    let mut dups = BTreeSet::new();
    for (f, at) in builtin_forms() {
        if let Some(prev) = seen.insert(f.clone(), at.clone()) {
            dups.insert(format!("{f:?} at {prev} and {at}"));
        }
    }
    assert!(dups.is_empty(), "forms listed twice: {dups:#?}");
}

#[test]
fn a_leader_s_name_after_another_first_name_is_someone_else() {
    assert_eq!(
        found("Jay Carney said Hunter Biden and Ivanka Trump would attend."),
        Vec::<(String, String)>::new()
    );
    assert_eq!(
        ids("Mr. Putin, President Xi, Chancellor Merkel and High Representative Kallas met."),
        ["RU", "CN", "DE", "EU"]
    );
    // Sentence openers, weekdays and possessives before the name are no first names.
    assert_eq!(
        ids("Yesterday Erdogan met Russia's Putin. On Monday Modi spoke."),
        ["TR", "RU", "RU", "IN"]
    );
    assert_eq!(
        found("Lisa Monaco said so."),
        Vec::<(String, String)>::new()
    );
}

#[test]
fn a_full_name_or_a_country_before_a_leader_s_name_keeps_it() {
    assert_eq!(
        ids("Democrat Joe Biden and Imperialist Donald Trump spoke."),
        ["US", "US"]
    );
    assert_eq!(
        ids("With Venezuela Trump is making a blunder."),
        ["VE", "US"]
    );
}
