//! The command line (SPEC section 3), run as a user runs it: the built binary, real files.
mod common;

use common::*;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Output;

/// The first example article, examples/articles/01-*.txt.
fn first_example_article() -> PathBuf {
    let dir = Path::new(ROOT).join("examples/articles");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("examples/articles")
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("01-") && n.ends_with(".txt"))
        })
        .collect();
    files.sort();
    files
        .into_iter()
        .next()
        .expect("examples/articles/01-*.txt")
}

#[test]
fn analyze_plain_text_article() {
    let path = first_example_article();
    let o = run(&["analyze", path.to_str().unwrap()]);
    assert_success(&o, "analyze 01-*.txt");
    let out = stdout(&o);
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 1, "one JSON object for one article:\n{out}");
    let a = &lines[0];
    assert_eq!(
        a["id"],
        path.file_stem().unwrap().to_str().unwrap(),
        "the id of a plain-text article is its file stem"
    );
    let text = std::fs::read_to_string(&path).unwrap();
    let chars: Vec<char> = text.chars().collect();
    let quotes = a["quotes"].as_array().expect("quotes");
    assert!(!quotes.is_empty(), "no quote found");
    for q in quotes {
        let kind = q["kind"].as_str().expect("kind");
        assert!(kind == "direct" || kind == "indirect", "kind {kind}");
        assert!(q["targets"].is_array(), "targets: {q}");
        let (s, e) = (
            q["start"].as_u64().unwrap() as usize,
            q["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            chars[s..e].iter().collect::<String>(),
            q["text"].as_str().unwrap(),
            "quote offsets are code points"
        );
        assert!(q.get("speaker").is_some(), "speaker field: {q}");
        assert!(q["sentiment"]["label"].is_string());
    }
    let speakers: Vec<&str> = quotes
        .iter()
        .filter_map(|q| q["speaker"]["name"].as_str())
        .collect();
    assert!(
        speakers.iter().any(|s| s.contains("Peskov")),
        "Peskov is quoted in the Finland story: {speakers:?}"
    );
    assert!(
        quotes
            .iter()
            .any(|q| q["targets"].as_array().is_some_and(|t| !t.is_empty())),
        "no quote has a target"
    );
    assert!(a["dyads"].is_array());
}

#[test]
fn analyze_json_lines_articles() {
    let path = Path::new(ROOT).join("examples/articles.jsonl");
    let want: Vec<Value> = json_lines(&std::fs::read_to_string(&path).unwrap())
        .into_iter()
        .map(|a| a["id"].clone())
        .collect();
    assert_eq!(want.len(), 8);
    let o = run(&["analyze", "--threads", "2", path.to_str().unwrap()]);
    assert_success(&o, "analyze articles.jsonl");
    let lines = json_lines(&stdout(&o));
    assert_eq!(lines.len(), 8, "one line per article");
    let ids: Vec<Value> = lines.iter().map(|a| a["id"].clone()).collect();
    assert_eq!(ids, want, "ids in input order");
    for a in &lines {
        assert!(
            !a["quotes"].as_array().expect("quotes").is_empty(),
            "{}: no quote",
            a["id"]
        );
    }
}

/// More threads than are any use (a scoring thread never waits) are capped, with a note: a
/// thousand threads on two cores made `score` 60 times slower.
#[test]
fn too_many_threads_are_capped_with_a_note() {
    let cores = std::thread::available_parallelism().unwrap().get();
    let input = (0..3)
        .map(|i| format!(r#"{{"id": {i}, "text": "Moscow hailed Beijing."}}"#))
        .collect::<Vec<_>>()
        .join("\n");
    let o = run_stdin(&["score", "--threads", "1000000"], input.as_bytes());
    assert_success(&o, "score --threads 1000000");
    assert_eq!(json_lines(&stdout(&o)).len(), 3);
    let note = format!(
        "--threads 1000000 is more than 16 a core: using {}",
        cores * 16
    );
    assert!(stderr(&o).contains(&note), "{}", stderr(&o));
    let o = run_stdin(&["score", "--threads", "3"], input.as_bytes());
    assert!(!stderr(&o).contains("a core: using"), "{}", stderr(&o));
}

/// A pipeline's input with nothing in it (a day without news) is an empty batch for both jobs:
/// no output, the summary, exit 0.
#[test]
fn empty_input_is_an_empty_batch() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.jsonl");
    std::fs::write(&empty, "\n  \n\t\n").unwrap();
    for args in [
        vec!["analyze", "-"],
        vec!["analyze", empty.to_str().unwrap()],
        vec!["score"],
        vec!["score", "--input", empty.to_str().unwrap()],
    ] {
        for input in [&b""[..], b"\n \n"] {
            let o = run_stdin(&args, input);
            assert_success(&o, &format!("{args:?}"));
            assert_eq!(stdout(&o), "", "{args:?}");
            assert!(stderr(&o).contains(": 0 items, 0 errors"), "{}", stderr(&o));
        }
    }
}

#[test]
fn analyze_reads_stdin() {
    let o = run_stdin(
        &["analyze", "-"],
        "\"We will respond to every hostile step by Chisinau,\" Russian Foreign Minister Sergey Lavrov said.".as_bytes(),
    );
    assert_success(&o, "analyze -");
    let lines = json_lines(&stdout(&o));
    assert_eq!(lines.len(), 1);
    let q = &lines[0]["quotes"][0];
    assert_eq!(q["kind"], "direct");
    assert_eq!(q["speaker"]["name"], "Sergey Lavrov");
    assert_eq!(q["speaker"]["country"], "RU");
}

/// Windows tools (Notepad, Excel's "CSV UTF-8", PowerShell 5) start a UTF-8 file with a byte
/// order mark. Every file geostance reads is read as it would be without one.
#[test]
fn files_saved_with_a_byte_order_mark_read_as_without_one() {
    const BOM: &[u8] = "\u{feff}".as_bytes();
    let dir = tempfile::tempdir().unwrap();
    let with_bom = |from: &Path, name: &str| {
        let p = dir.path().join(name);
        let mut bytes = BOM.to_vec();
        bytes.extend(std::fs::read(from).unwrap());
        std::fs::write(&p, bytes).unwrap();
        p
    };
    let same = |args: &[&str], plain: &Path, marked: &Path, what: &str| {
        let outputs: Vec<String> = [plain, marked]
            .iter()
            .map(|p| {
                let mut a: Vec<&str> = args.to_vec();
                a.push(p.to_str().unwrap());
                let o = run(&a);
                assert_success(&o, what);
                stdout(&o)
            })
            .collect();
        assert!(!outputs[0].is_empty(), "{what}: no output");
        let (plain, marked) = (outputs[0].lines(), outputs[1].lines());
        for (n, (a, b)) in plain.zip(marked).enumerate() {
            let cut = |s: &str| s.chars().take(300).collect::<String>();
            assert!(a == b, "{what}, line {}:\n{}\n{}", n + 1, cut(a), cut(b));
        }
        assert_eq!(
            outputs[1].lines().count(),
            outputs[0].lines().count(),
            "{what}"
        );
    };

    // Articles, as JSON Lines (before, the mark made the file one plain-text article) and as
    // one plain-text article (whose offsets must not count the mark).
    let articles = Path::new(ROOT).join("examples/articles.jsonl");
    let marked = with_bom(&articles, "articles.jsonl");
    same(&["analyze"], &articles, &marked, "analyze JSON Lines");
    let o = run(&["analyze", marked.to_str().unwrap()]);
    assert_eq!(json_lines(&stdout(&o)).len(), 8, "one line per article");
    let article = first_example_article();
    let marked = with_bom(&article, "article.txt");
    let o = run(&["analyze", marked.to_str().unwrap()]);
    assert_success(&o, "analyze a marked plain-text article");
    let o0 = run(&["analyze", article.to_str().unwrap()]);
    assert_eq!(
        json_lines(&stdout(&o))[0]["quotes"],
        json_lines(&stdout(&o0))[0]["quotes"],
        "the same quotes at the same offsets"
    );

    // Quotes, also gzip-compressed and from stdin.
    let quotes = write_lines(
        dir.path(),
        "quotes.jsonl",
        &[r#"{"id": "q1", "text": "Beijing slammed Washington's meddling."}"#.to_string()],
    );
    let marked = with_bom(&quotes, "marked.jsonl");
    same(&["score", "--input"], &quotes, &marked, "score");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut gz, &std::fs::read(&marked).unwrap()).unwrap();
    let gz_path = dir.path().join("marked.jsonl.gz");
    std::fs::write(&gz_path, gz.finish().unwrap()).unwrap();
    same(&["score", "--input"], &quotes, &gz_path, "score .gz");
    let o = run_stdin(&["score"], &std::fs::read(&marked).unwrap());
    assert_success(&o, "score from stdin");
    assert_eq!(json_lines(&stdout(&o))[0]["id"], "q1");

    // Gold data for eval, and an extra gazetteer file.
    let gold = Path::new(ROOT).join("tests/fixtures/articles.jsonl");
    let marked = with_bom(&gold, "gold.jsonl");
    same(&["eval", "--data"], &gold, &marked, "eval");
    let actors = dir.path().join("extra.tsv");
    let mut tsv = BOM.to_vec();
    tsv.extend(b"# a comment on the first line\nRU\tleader\tZorgon Blax|Blax\tm\tnone\n");
    std::fs::write(&actors, tsv).unwrap();
    let o = run_stdin(
        &["score", "--actors", actors.to_str().unwrap()],
        br#"{"id": 1, "text": "Zorgon Blax slammed Washington."}"#,
    );
    assert_success(&o, "score --actors with a marked file");
    let targets: Vec<Value> = json_lines(&stdout(&o))[0]["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["target"].clone())
        .collect();
    assert!(targets.contains(&json!("RU")), "{targets:?}");
}

#[test]
fn score_mixed_good_and_bad_lines() {
    let dir = tempfile::tempdir().unwrap();
    let input_lines: Vec<String> = vec![
        // 1: good
        json!({"id": "g1", "text": "We oppose the unilateral sanctions imposed by Washington.", "speaker_country": "CN"}).to_string(),
        // 2: invalid JSON
        r#"{"id": "b1", "text": "unterminated"#.to_string(),
        // 3: missing text
        json!({"id": "b2", "speaker": "Nobody"}).to_string(),
        // 4: blank: skipped, no output line
        String::new(),
        // 5: empty text
        json!({"id": "b3", "text": ""}).to_string(),
        // 6: good, numeric id, explicit targets
        json!({"id": 6, "text": "Our friendship with Moscow has never been stronger.", "speaker_country": "CN", "targets": ["RU", "US"]}).to_string(),
        // 7: unknown target id
        json!({"id": "b4", "text": "Talks with India will be held on Tuesday.", "targets": ["ZZ"]}).to_string(),
        // 8: good, entity target
        json!({"id": "g3", "text": "Hillary Clinton has lied about Russia for years.", "speaker_country": "RU",
               "targets": [{"name": "Hillary Clinton", "start": 0, "end": 15}, "RU"]}).to_string(),
        // 9: whitespace only: skipped
        "   ".to_string(),
        // 10: good, detected targets
        json!({"id": "g4", "text": "Talks with India will be held on Tuesday."}).to_string(),
    ];
    let input = write_lines(dir.path(), "quotes.jsonl", &input_lines);
    let output = dir.path().join("scored.jsonl");
    let o = run(&[
        "score",
        "--input",
        input.to_str().unwrap(),
        "--output",
        output.to_str().unwrap(),
        "--threads",
        "2",
    ]);
    assert!(
        !o.status.success(),
        "bad lines must make the exit code non-zero"
    );
    let err = stderr(&o);
    assert!(
        err.contains("4 error") || err.contains("4 line"),
        "stderr does not report the 4 bad lines:\n{err}"
    );
    let lines = json_lines(&std::fs::read_to_string(&output).unwrap());
    assert_eq!(
        lines.len(),
        8,
        "one output line per non-blank input line: {lines:#?}"
    );
    // (expected id, 1-based input line, is an error)
    let want: [(Value, usize, bool); 8] = [
        (json!("g1"), 1, false),
        (Value::Null, 2, true),
        (json!("b2"), 3, true),
        (json!("b3"), 5, true),
        (json!(6), 6, false),
        (json!("b4"), 7, true),
        (json!("g3"), 8, false),
        (json!("g4"), 10, false),
    ];
    for (got, (id, line, is_err)) in lines.iter().zip(want) {
        if is_err {
            assert_eq!(got["line"], json!(line), "line number of {got}");
            assert!(
                got["error"].as_str().is_some_and(|e| !e.is_empty()),
                "no error text: {got}"
            );
            assert!(got.get("targets").is_none(), "an error line is not scored");
            if !id.is_null() {
                assert_eq!(got["id"], id, "{got}");
            }
        } else {
            assert_eq!(got["id"], id, "{got}");
            assert!(got.get("error").is_none(), "good line failed: {got}");
            assert!(got["sentiment"]["label"].is_string(), "{got}");
            assert!(got["targets"].is_array(), "{got}");
        }
    }
    assert!(
        lines[3]["error"].as_str().unwrap().contains("text"),
        "the empty-text error names the field: {}",
        lines[3]
    );
    assert!(
        lines[5]["error"].as_str().unwrap().contains("targets[0]"),
        "the unknown-target error names the field: {}",
        lines[5]
    );
    let targets = |i: usize| -> Vec<String> {
        lines[i]["targets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["target"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(targets(4), ["RU", "US"], "exactly the given targets");
    assert_eq!(targets(6), ["Hillary Clinton", "RU"]);
    assert_eq!(targets(7), ["IN"], "detected target");
    let ent = &lines[6]["targets"][0];
    assert_eq!(ent["mentions"][0]["start"], 0);
    assert_eq!(ent["mentions"][0]["end"], 15);
    let sum = |s: &Value| {
        s["favor"].as_f64().unwrap()
            + s["against"].as_f64().unwrap()
            + s["neutral"].as_f64().unwrap()
    };
    assert!((sum(&ent["scores"]) - 1.0).abs() < 1e-3);
}

#[test]
fn score_all_good_lines_exits_zero_via_stdin_and_stdout() {
    let input: String = (0..5)
        .map(|i| {
            json!({"id": format!("q{i}"), "text": "We will respond to every NATO step towards our borders.", "speaker_country": "RU"})
                .to_string()
                + "\n"
        })
        .collect();
    let o = run_stdin(
        &["score", "--input", "-", "--output", "-"],
        input.as_bytes(),
    );
    assert_success(&o, "score - -");
    let lines = json_lines(&stdout(&o));
    let ids: Vec<&str> = lines.iter().map(|l| l["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["q0", "q1", "q2", "q3", "q4"]);
    for l in &lines {
        let t: Vec<&str> = l["targets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["target"].as_str().unwrap())
            .collect();
        assert!(t.contains(&"NATO") && t.contains(&"RU"), "{l}");
    }
}

/// A small labelled corpus (SPEC 2.3): all three stances and all three sentiments.
/// (text, speaker country, sentiment, [(target, stance)])
type LabelledRow = (
    &'static str,
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);
const CORPUS: &[LabelledRow] = &[
    // favor
    (
        "Our ties with Moscow have never been stronger.",
        "CN",
        "positive",
        &[("RU", "favor")],
    ),
    (
        "China and Russia stand together as true friends.",
        "CN",
        "positive",
        &[("CN", "favor"), ("RU", "favor")],
    ),
    (
        "We welcome India's steadfast support and thank New Delhi for its partnership.",
        "RU",
        "positive",
        &[("IN", "favor")],
    ),
    (
        "Germany will always stand by Lithuania and defend every inch of its territory.",
        "DE",
        "positive",
        &[("LT", "favor"), ("DE", "favor")],
    ),
    (
        "The friendship between Beijing and Islamabad is higher than the mountains.",
        "CN",
        "positive",
        &[("PK", "favor")],
    ),
    (
        "We deeply value our strategic partnership with Japan.",
        "US",
        "positive",
        &[("JP", "favor")],
    ),
    (
        "Finland brings great strength to NATO and we warmly welcome it.",
        "NATO",
        "positive",
        &[("FI", "favor")],
    ),
    (
        "Our cooperation with Brazil keeps growing and benefits both peoples.",
        "CN",
        "positive",
        &[("BR", "favor")],
    ),
    (
        "Turkey is a valued ally and we support its role in the region.",
        "NATO",
        "positive",
        &[("TR", "favor")],
    ),
    (
        "India has always stood for dialogue, and we defend our right to buy energy.",
        "IN",
        "neutral",
        &[("IN", "favor")],
    ),
    (
        "The United Kingdom stands shoulder to shoulder with Ukraine.",
        "GB",
        "positive",
        &[("UA", "favor"), ("GB", "favor")],
    ),
    (
        "We praise Kazakhstan for its balanced and wise foreign policy.",
        "RU",
        "positive",
        &[("KZ", "favor")],
    ),
    // against
    (
        "Washington is trying to obstruct a multipolar world.",
        "RU",
        "negative",
        &[("US", "against")],
    ),
    (
        "Putin will pay a price for this brutal aggression.",
        "GB",
        "negative",
        &[("RU", "against")],
    ),
    (
        "We oppose US unilateral sanctions and long-arm jurisdiction.",
        "CN",
        "negative",
        &[("US", "against")],
    ),
    (
        "Tokyo must stop its provocations and reflect on its history.",
        "CN",
        "negative",
        &[("JP", "against")],
    ),
    (
        "The puppet regime in Seoul is a servant of Washington.",
        "KP",
        "negative",
        &[("KR", "against"), ("US", "against")],
    ),
    (
        "Chisinau has chosen confrontation, and Moscow will respond.",
        "RU",
        "negative",
        &[("MD", "against")],
    ),
    (
        "London is spreading lies about our country.",
        "RU",
        "negative",
        &[("GB", "against")],
    ),
    (
        "The Kremlin bears full responsibility for the destruction of Ukrainian cities.",
        "US",
        "negative",
        &[("RU", "against")],
    ),
    (
        "Beijing's coercion of its neighbours is unacceptable.",
        "AU",
        "negative",
        &[("CN", "against")],
    ),
    (
        "NATO expansion threatens our security and we condemn it.",
        "RU",
        "negative",
        &[("NATO", "against")],
    ),
    (
        "We firmly reject the groundless accusations of the European Union.",
        "CN",
        "negative",
        &[("EU", "against")],
    ),
    // neutral
    (
        "Talks with India will be held on Tuesday in Geneva.",
        "US",
        "neutral",
        &[("IN", "neutral")],
    ),
    (
        "The delegation from France arrives in Beijing next week.",
        "CN",
        "neutral",
        &[("FR", "neutral")],
    ),
    (
        "We call on both Armenia and Azerbaijan to exercise restraint.",
        "RU",
        "neutral",
        &[("AM", "neutral"), ("AZ", "neutral")],
    ),
    (
        "The minister will travel to Brazil and Argentina in May.",
        "DE",
        "neutral",
        &[("BR", "neutral"), ("AR", "neutral")],
    ),
    (
        "Will Sweden join the alliance before the summit?",
        "TR",
        "neutral",
        &[("SE", "neutral")],
    ),
    (
        "A meeting with the Egyptian side is planned for Thursday.",
        "CN",
        "neutral",
        &[("EG", "neutral")],
    ),
    (
        "Indonesia will host the ASEAN summit this year.",
        "US",
        "neutral",
        &[("ID", "neutral")],
    ),
    (
        "The G7 ministers will discuss the agenda on Monday.",
        "JP",
        "neutral",
        &[("G7", "neutral")],
    ),
    (
        "We have received the note from the Mexican embassy and are studying it.",
        "US",
        "neutral",
        &[("MX", "neutral")],
    ),
    (
        "Trade with Vietnam grew by four percent last year.",
        "CN",
        "neutral",
        &[("VN", "neutral")],
    ),
    (
        "Sadly, the ceasefire talks between Israel and its neighbours collapsed again.",
        "GB",
        "negative",
        &[("IL", "neutral")],
    ),
    (
        "It is a wonderful day, and the talks in Canberra went very well.",
        "NZ",
        "positive",
        &[("AU", "neutral")],
    ),
];

/// Writes the corpus as SPEC 2.3 JSON Lines, with one entity-span target, into `dir`.
fn write_corpus(dir: &Path) -> PathBuf {
    let mut lines: Vec<String> = CORPUS
        .iter()
        .enumerate()
        .map(|(i, (text, sc, sentiment, targets))| {
            let targets: Vec<Value> = targets
                .iter()
                .map(|(t, s)| json!({"target": t, "stance": s}))
                .collect();
            json!({"id": format!("t{i}"), "text": text, "speaker_country": sc,
                   "sentiment": sentiment, "targets": targets})
            .to_string()
        })
        .collect();
    // An entity target, with an accented name so that code points differ from bytes.
    let text = "Les Échos says Hillary Clinton has lied about Russia for years.";
    let byte = text.find("Hillary Clinton").unwrap();
    let start = text[..byte].chars().count();
    lines.push(
        json!({"id": "t-entity", "text": text, "speaker": "Maria Zakharova", "speaker_country": "RU",
               "sentiment": "negative",
               "targets": [{"name": "Hillary Clinton", "start": start, "end": start + 15, "stance": "against"}]})
        .to_string(),
    );
    write_lines(dir, "corpus.jsonl", &lines)
}

fn train(data: &Path, out: &Path) -> Output {
    let o = run(&[
        "train",
        "--data",
        data.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--folds",
        "2",
        "--dim-bits",
        "12",
    ]);
    assert_success(&o, "train");
    o
}

#[test]
fn train_then_eval_and_training_is_reproducible() {
    let dir = tempfile::tempdir().unwrap();
    let data = write_corpus(dir.path());
    let (m1, m2) = (dir.path().join("m1"), dir.path().join("m2"));
    let o = train(&data, &m1);
    let report: Value = serde_json::from_str(&stdout(&o))
        .unwrap_or_else(|e| panic!("train prints the metrics as JSON ({e}):\n{}", stdout(&o)));
    assert!(
        report.as_object().is_some_and(|m| !m.is_empty()),
        "no metrics: {report}"
    );
    train(&data, &m2);
    for f in ["weights.bin", "metadata.json"] {
        let (a, b) = (
            std::fs::read(m1.join(f)).unwrap(),
            std::fs::read(m2.join(f)).unwrap(),
        );
        assert!(!a.is_empty());
        assert!(a == b, "{f} differs between two runs on the same data");
    }
    let meta: Value =
        serde_json::from_slice(&std::fs::read(m1.join("metadata.json")).unwrap()).unwrap();
    assert_eq!(
        meta["stance_labels"],
        json!(["favor", "against", "neutral"])
    );
    assert_eq!(
        meta["sentiment_labels"],
        json!(["positive", "neutral", "negative"])
    );
    assert_eq!(meta["features"]["dim_bits"], 12);
    assert_eq!(
        meta["training_data_digest"].as_str().map(str::len),
        Some(64),
        "{meta}"
    );

    let o = run(&[
        "eval",
        "--data",
        data.to_str().unwrap(),
        "--model",
        m1.to_str().unwrap(),
    ]);
    assert_success(&o, "eval --model");
    let out = stdout(&o);
    let stance = out
        .lines()
        .find(|l| l.starts_with("stance"))
        .unwrap_or_else(|| panic!("no stance line:\n{out}"));
    assert!(stance.contains("macro-F1"), "{stance}");
    assert!(stance.contains("F_avg"), "{stance}");
    for label in ["favor", "against", "neutral"] {
        assert!(
            out.lines().any(|l| l.trim_start().starts_with(label)),
            "no {label} line:\n{out}"
        );
    }
    assert!(out.lines().any(|l| l.starts_with("sentiment")), "{out}");
    assert!(
        out.contains(&format!("labelled quotes: {}", CORPUS.len() + 1)),
        "{out}"
    );

    // The trained model scores.
    let input = write_lines(
        dir.path(),
        "q.jsonl",
        &[json!({"id": "x", "text": "Washington is trying to obstruct a multipolar world.", "speaker_country": "RU"}).to_string()],
    );
    let out_path = dir.path().join("scored.jsonl");
    let o = run(&[
        "score",
        "--model",
        m1.to_str().unwrap(),
        "--input",
        input.to_str().unwrap(),
        "--output",
        out_path.to_str().unwrap(),
    ]);
    assert_success(&o, "score --model");
    let lines = json_lines(&std::fs::read_to_string(&out_path).unwrap());
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["targets"][0]["target"], "US");
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

/// `score --model DIR` on one good line; returns the output.
fn score_with_model(dir: &Path, model: &Path) -> Output {
    let input = write_lines(
        dir,
        "one.jsonl",
        &[json!({"id": "x", "text": "Talks with India will be held on Tuesday."}).to_string()],
    );
    run(&[
        "score",
        "--model",
        model.to_str().unwrap(),
        "--input",
        input.to_str().unwrap(),
        "--output",
        dir.join("out.jsonl").to_str().unwrap(),
    ])
}

#[test]
fn damaged_or_foreign_models_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let data = write_corpus(dir.path());
    let good = dir.path().join("good");
    train(&data, &good);
    let o = score_with_model(dir.path(), &good);
    assert_success(&o, "score with the intact model");

    // One flipped byte in the weights.
    let corrupt = dir.path().join("corrupt");
    copy_dir(&good, &corrupt);
    let wp = corrupt.join("weights.bin");
    let mut w = std::fs::read(&wp).unwrap();
    let i = w.len() / 2;
    w[i] ^= 0x5a;
    std::fs::write(&wp, &w).unwrap();
    let o = score_with_model(dir.path(), &corrupt);
    assert!(!o.status.success(), "a corrupt model was accepted");
    assert!(
        stderr(&o).to_lowercase().contains("corrupt"),
        "the message does not say corrupt:\n{}",
        stderr(&o)
    );

    // A foreign format version.
    let future = dir.path().join("future");
    copy_dir(&good, &future);
    let mp = future.join("metadata.json");
    let mut meta: Value = serde_json::from_slice(&std::fs::read(&mp).unwrap()).unwrap();
    meta["format_version"] = json!(99);
    std::fs::write(&mp, serde_json::to_vec_pretty(&meta).unwrap()).unwrap();
    let o = score_with_model(dir.path(), &future);
    assert!(!o.status.success(), "format version 99 was accepted");
    let err = stderr(&o);
    assert!(
        err.contains("format version") && err.contains("99"),
        "the message does not name the format version:\n{err}"
    );

    // A model trained with other lexicons still loads, with a warning that says so.
    let other = dir.path().join("other-lexicons");
    copy_dir(&good, &other);
    let mp = other.join("metadata.json");
    let mut meta: Value = serde_json::from_slice(&std::fs::read(&mp).unwrap()).unwrap();
    assert_eq!(meta["lexicons_sha256"].as_str().map(str::len), Some(64));
    meta["lexicons_sha256"] = json!("0".repeat(64));
    std::fs::write(&mp, serde_json::to_vec_pretty(&meta).unwrap()).unwrap();
    let o = score_with_model(dir.path(), &other);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("other word lexicons"),
        "no warning about the lexicons:\n{}",
        stderr(&o)
    );
    let o = score_with_model(dir.path(), &good);
    assert!(
        !stderr(&o).contains("other word lexicons"),
        "{}",
        stderr(&o)
    );

    // Not a model directory.
    let empty = dir.path().join("not-a-model");
    std::fs::create_dir_all(&empty).unwrap();
    let o = score_with_model(dir.path(), &empty);
    assert!(!o.status.success(), "an empty directory was accepted");
    let err = stderr(&o);
    assert!(
        err.contains(empty.to_str().unwrap()),
        "the message does not name the path:\n{err}"
    );

    // A directory that does not exist.
    let missing = dir.path().join("missing");
    let o = score_with_model(dir.path(), &missing);
    assert!(!o.status.success(), "a missing directory was accepted");
    assert!(
        stderr(&o).contains(missing.to_str().unwrap()),
        "{}",
        stderr(&o)
    );

    // eval and analyze refuse the same way.
    let o = run(&[
        "eval",
        "--data",
        data.to_str().unwrap(),
        "--model",
        corrupt.to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).to_lowercase().contains("corrupt"),
        "{}",
        stderr(&o)
    );
    let article = first_example_article();
    let o = run(&[
        "analyze",
        article.to_str().unwrap(),
        "--model",
        future.to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("99"), "{}", stderr(&o));
}

#[test]
fn eval_on_gold_articles_prints_quote_metrics() {
    let o = run(&["eval", "--data", "tests/fixtures/articles.jsonl"]);
    assert_success(&o, "eval on the gold articles");
    let out = stdout(&o);
    let quotes = out
        .lines()
        .find(|l| l.starts_with("quotes:"))
        .unwrap_or_else(|| panic!("no quotes line:\n{out}"));
    for part in ["P ", "R ", "F1 "] {
        assert!(quotes.contains(part), "{quotes}");
    }
    assert!(quotes.contains("gold 62"), "{quotes}");
    assert!(out.contains("articles: 8"), "{out}");
    assert!(
        out.lines().any(|l| l.starts_with("speaker accuracy:")),
        "{out}"
    );
    assert!(out.lines().any(|l| l.starts_with("targets:")), "{out}");
    assert!(out.lines().any(|l| l.starts_with("end to end:")), "{out}");

    let o = run(&["eval", "--json", "--data", "tests/fixtures/articles.jsonl"]);
    assert_success(&o, "eval --json");
    let v: Value = serde_json::from_str(&stdout(&o)).expect("eval --json prints JSON");
    for k in ["precision", "recall", "f1"] {
        let x = v["quotes"][k]
            .as_f64()
            .unwrap_or_else(|| panic!("quotes.{k}: {v}"));
        assert!((0.0..=1.0).contains(&x));
    }
}

#[test]
fn bad_arguments_are_refused_with_a_message() {
    let o = run(&["analyze", "does/not/exist.txt"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("does/not/exist.txt"), "{}", stderr(&o));

    let o = run(&["eval", "--data", "does/not/exist.jsonl"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("does/not/exist.jsonl"),
        "{}",
        stderr(&o)
    );

    let dir = tempfile::tempdir().unwrap();
    let data = write_corpus(dir.path());
    let out = dir.path().join("m");
    for (flag, bad) in [
        ("--dim-bits=40", "dim-bits"),
        ("--chi2-weight=-1", "chi2-weight"),
        ("--char-ngrams=5-2", "5-2"),
    ] {
        let o = run(&[
            "train",
            "--data",
            data.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            flag,
        ]);
        assert!(!o.status.success(), "{flag} was accepted");
        assert!(stderr(&o).contains(bad), "{flag}: {}", stderr(&o));
    }
    assert!(!out.exists(), "a refused train wrote a model");
}

/// `--output` naming the input file, under its own or any other name, is refused before
/// anything is opened for writing: the input is left as it was.
#[test]
fn an_output_that_is_the_input_is_refused_and_the_input_kept() {
    let dir = tempfile::tempdir().unwrap();
    let lines: Vec<String> = (0..3000)
        .map(|i| format!(r#"{{"id": {i}, "text": "Beijing slammed Washington's meddling."}}"#))
        .collect();
    let input = write_lines(dir.path(), "quotes.jsonl", &lines);
    let before = std::fs::read(&input).unwrap();
    let p = |path: &Path| path.to_str().unwrap().to_string();
    let dotted = dir.path().join(".").join("quotes.jsonl");
    let mut outputs = vec![p(&input), p(&dotted)];
    #[cfg(unix)]
    {
        let link = dir.path().join("link.jsonl");
        std::os::unix::fs::symlink(&input, &link).unwrap();
        outputs.push(p(&link));
    }
    for out in &outputs {
        for args in [
            vec!["score", "--input", input.to_str().unwrap(), "--output", out],
            vec![
                "score",
                "--input",
                input.to_str().unwrap(),
                "--output",
                out,
                "--resume",
            ],
            vec!["analyze", input.to_str().unwrap(), "--output", out],
        ] {
            let o = run(&args);
            assert_eq!(o.status.code(), Some(2), "{args:?}");
            assert!(
                stderr(&o).contains("is the input file"),
                "{args:?}: {}",
                stderr(&o)
            );
            assert_eq!(
                std::fs::read(&input).unwrap(),
                before,
                "{args:?} changed the input"
            );
        }
    }
    // Standard input redirected from the output file.
    let mut cmd = geostance();
    cmd.args(["score", "--output", input.to_str().unwrap()]);
    cmd.stdin(std::fs::File::open(&input).unwrap());
    let o = cmd.output().unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("standard input"), "{}", stderr(&o));
    // A different output file is written as always.
    let other = dir.path().join("scored.jsonl");
    let o = run(&[
        "score",
        "--input",
        input.to_str().unwrap(),
        "--output",
        other.to_str().unwrap(),
    ]);
    assert_success(&o, "score to another file");
    assert_eq!(
        std::fs::read_to_string(&other).unwrap().lines().count(),
        3000
    );
    // /dev/null on both sides is no file to lose.
    #[cfg(unix)]
    {
        let mut cmd = geostance();
        cmd.args(["score", "--output", "/dev/null"]);
        cmd.stdin(std::fs::File::open("/dev/null").unwrap());
        assert_success(
            &cmd.output().unwrap(),
            "score </dev/null --output /dev/null",
        );
    }
    // Standard input from a pipe is a copy: the file may then be written.
    let o = run_stdin(&["score", "--output", input.to_str().unwrap()], &before);
    assert_success(&o, "stdin from a pipe");
}

/// `geostance serve` on an ephemeral port, once it logs that it listens: the child, its log so
/// far, and the rest of its log as it comes.
#[cfg(unix)]
fn start_serve() -> (
    std::process::Child,
    Vec<String>,
    std::sync::mpsc::Receiver<String>,
) {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    use std::time::Duration;

    let mut child = geostance()
        .args(["serve", "--addr", "127.0.0.1:0"])
        .env("RUST_LOG", "info")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("geostance serve starts");
    let (tx, rx) = std::sync::mpsc::channel();
    let err = child.stderr.take().expect("stderr");
    std::thread::spawn(move || {
        for line in BufReader::new(err).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut log = Vec::new();
    loop {
        let line = match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(line) => line,
            Err(e) => {
                let _ = child.kill();
                let _ = child.wait();
                panic!(
                    "serve did not log that it listens ({e}); log:\n{}",
                    log.join("\n")
                );
            }
        };
        let listening = line.contains("listening on");
        log.push(line);
        if listening {
            return (child, log, rx);
        }
    }
}

/// The binary runs without transparent huge pages (src/process.rs): its memory is what it
/// touches, not the 2 MiB pages around it.
#[cfg(target_os = "linux")]
#[test]
fn the_binary_runs_without_transparent_huge_pages() {
    let (mut child, _, _) = start_serve();
    let status = std::fs::read_to_string(format!("/proc/{}/status", child.id()));
    child.kill().unwrap();
    child.wait().unwrap();
    let status = status.unwrap();
    let thp = status
        .lines()
        .find(|l| l.starts_with("THP_enabled:"))
        .expect("the kernel reports THP_enabled (Linux 5.0 and later)");
    assert_eq!(thp.split_whitespace().nth(1), Some("0"), "{thp}");
}

/// `serve` stops cleanly on SIGTERM (what Kubernetes, systemd and Docker send), as on Ctrl-C:
/// it says so and exits 0 instead of dying of the signal.
#[cfg(unix)]
#[test]
fn serve_stops_cleanly_on_sigterm() {
    use std::time::{Duration, Instant};

    let (mut child, mut log, rx) = start_serve();
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait") {
            break s;
        }
        assert!(Instant::now() < deadline, "serve did not stop on SIGTERM");
        std::thread::sleep(Duration::from_millis(20));
    };
    log.extend(rx.try_iter());
    assert!(
        status.success(),
        "exit {status:?}; log:\n{}",
        log.join("\n")
    );
    assert!(
        log.iter().any(|l| l.contains("SIGTERM")),
        "the log says why it stops:\n{}",
        log.join("\n")
    );
}
