//! The batch runner as a user runs it (`score` and `analyze` on JSON Lines): resume after a
//! kill, shards, bad lines, gzip, stdin and stdout. The built binary, real files, the built-in
//! model; no timing assertions.
mod common;

use common::*;
use serde_json::{json, Value};
use std::io::Write;
use std::path::Path;
use std::process::{Output, Stdio};

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The exit code, and stderr when it is not the expected one.
fn assert_code(o: &Output, code: i32, what: &str) {
    assert_eq!(
        o.status.code(),
        Some(code),
        "{what}: exit status {:?}\nstderr:\n{}",
        o.status,
        stderr(o)
    );
}

const TEXTS: &[(&str, &str)] = &[
    (
        "We firmly oppose the unilateral sanctions imposed by Washington.",
        "CN",
    ),
    ("Our friendship with Moscow has never been stronger.", "CN"),
    ("Talks with India will be held on Tuesday in Geneva.", "US"),
    ("Putin will pay a price for this brutal aggression.", "GB"),
    (
        "NATO expansion threatens our security and we condemn it.",
        "RU",
    ),
    (
        "The United Kingdom stands shoulder to shoulder with Ukraine.",
        "GB",
    ),
    (
        "Beijing's coercion of its neighbours is unacceptable.",
        "AU",
    ),
];

/// `n` quote lines; with `messy`, also blank lines, bad JSON, a record without text, a CRLF
/// line and an unknown target, at fixed places.
fn quotes(n: usize, messy: bool) -> Vec<String> {
    let mut lines = Vec::new();
    for i in 0..n {
        let (text, sc) = TEXTS[i % TEXTS.len()];
        lines.push(json!({"id": format!("q{i}"), "text": text, "speaker_country": sc}).to_string());
        if messy {
            match i % 9 {
                2 => lines.push(String::new()),
                4 => lines.push(format!(r#"{{"id": "bad{i}", "text": "unterminated"#)),
                6 => lines.push(json!({"id": format!("nt{i}")}).to_string()),
                7 => lines.push("   ".into()),
                8 => lines.push(
                    json!({"id": i, "text": "Talks with India.", "targets": ["ZZ"]}).to_string()
                        + "\r",
                ),
                _ => {}
            }
        }
    }
    lines
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(data).unwrap();
    enc.finish().unwrap()
}

/// `score` from `input` to `output` with extra arguments.
fn score(input: &Path, output: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["score", "--input", s(input), "--output", s(output)];
    args.extend_from_slice(extra);
    run(&args)
}

/// How many input lines of `lines` are bad (the `messy` ones that are not blank).
fn bad_count(lines: &[String]) -> usize {
    lines
        .iter()
        .filter(|l| {
            !l.trim().is_empty()
                && serde_json::from_str::<Value>(l.trim_end()).map_or(true, |v| {
                    v.get("text").is_none() || v["targets"] == json!(["ZZ"])
                })
        })
        .count()
}

#[test]
fn resume_after_a_cut_short_write_gives_the_uninterrupted_output() {
    let dir = tempfile::tempdir().unwrap();
    let lines = quotes(40, true);
    let input = write_lines(dir.path(), "in.jsonl", &lines);
    let full_path = dir.path().join("full.jsonl");
    let o = score(&input, &full_path, &["--threads", "2", "--chunk", "4"]);
    assert_code(&o, 1, "the uninterrupted run (bad lines present)");
    let full = read(&full_path);
    let full_lines: Vec<&str> = full.split_inclusive('\n').collect();
    let bad = bad_count(&lines);
    assert!(bad > 5, "the input has bad lines");
    assert_eq!(full_lines.len(), 40 + bad, "one output per non-blank line");

    let out = dir.path().join("resumed.jsonl");
    for k in [0, 1, 5, 17, full_lines.len() - 1, full_lines.len()] {
        // The first k complete lines, then part of the next one, as a kill mid-write leaves.
        let mut partial = full_lines[..k].concat().into_bytes();
        if let Some(next) = full_lines.get(k) {
            partial.extend_from_slice(&next.as_bytes()[..next.len() / 2]);
        }
        std::fs::write(&out, &partial).unwrap();
        let o = score(&input, &out, &["--resume", "--chunk", "4"]);
        assert_code(&o, 1, &format!("resume after {k} lines"));
        assert!(
            read(&out) == full,
            "resume after {k} complete lines differs from the uninterrupted run"
        );
        let err = stderr(&o);
        if k > 0 {
            assert!(
                err.contains(&format!("{k} complete line(s) kept")),
                "k={k}: {err}"
            );
        }
        if k < full_lines.len() {
            assert!(err.contains("partial last line"), "k={k}: {err}");
        }
        let new_items = full_lines.len() - k;
        assert!(
            err.contains(&format!("geostance score: {new_items} items")),
            "k={k}: only the rest is scored: {err}"
        );
        assert!(
            err.contains(&format!("{bad} line(s) could not be scored")),
            "k={k}: the count covers the kept part too: {err}"
        );
    }

    // Resuming a file that does not exist yet starts it.
    let fresh = dir.path().join("fresh.jsonl");
    let o = score(&input, &fresh, &["--resume"]);
    assert_code(&o, 1, "resume without an output file");
    assert!(read(&fresh) == full);

    // Without --resume, an existing output is replaced, not appended to.
    let o = score(&input, &fresh, &[]);
    assert_code(&o, 1, "a second run without --resume");
    assert!(read(&fresh) == full);
}

#[test]
fn resume_after_killing_a_running_job() {
    let dir = tempfile::tempdir().unwrap();
    let lines = quotes(30, true);
    let input = write_lines(dir.path(), "in.jsonl", &lines);
    let full_path = dir.path().join("full.jsonl");
    score(&input, &full_path, &[]);
    let full = read(&full_path);

    // The job reads stdin in chunks of 5 records; it gets 13 lines (11 records) and then waits
    // for more, so after two chunks it cannot go on. Kill it there.
    let out = dir.path().join("killed.jsonl");
    let mut child = geostance()
        .args(["score", "--input", "-", "--output", s(&out), "--chunk", "5"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let mut stdin = child.stdin.take().unwrap();
    let head = lines[..13].join("\n") + "\n";
    stdin.write_all(head.as_bytes()).unwrap();
    stdin.flush().unwrap();
    let records = lines[..13].iter().filter(|l| !l.trim().is_empty()).count();
    let want = records / 5 * 5;
    assert!(
        want >= 5 && records % 5 > 0,
        "{records} records: a partial third chunk"
    );
    // Wait for the two flushed chunks (a guard against a hang, not a timing assertion).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(300);
    loop {
        let got = std::fs::read_to_string(&out)
            .map(|t| t.lines().count())
            .unwrap_or(0);
        if got >= want {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the job wrote {got} of {want} lines"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    drop(stdin);
    let killed = read(&out);
    assert!(
        full.starts_with(&killed),
        "what the killed job wrote is a prefix of the full output"
    );
    assert!(killed.len() < full.len());

    let o = score(&input, &out, &["--resume"]);
    assert_code(&o, 1, "resume after the kill");
    assert!(
        read(&out) == full,
        "the resumed output differs from the uninterrupted run"
    );
}

#[test]
fn resume_analyze_json_lines_and_refuse_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let articles = Path::new(ROOT).join("examples/articles.jsonl");
    let full_path = dir.path().join("full.jsonl");
    let o = run(&[
        "analyze",
        s(&articles),
        "--output",
        s(&full_path),
        "--chunk",
        "2",
    ]);
    assert_code(&o, 0, "analyze articles.jsonl --output");
    let full = read(&full_path);
    let full_lines: Vec<&str> = full.split_inclusive('\n').collect();
    assert_eq!(full_lines.len(), 8);
    let out = dir.path().join("resumed.jsonl");
    let mut partial = full_lines[..3].concat().into_bytes();
    partial.extend_from_slice(&full_lines[3].as_bytes()[..40]);
    std::fs::write(&out, partial).unwrap();
    let o = run(&[
        "analyze",
        s(&articles),
        "--output",
        s(&out),
        "--resume",
        "--chunk",
        "2",
    ]);
    assert_code(&o, 0, "analyze --resume");
    assert!(read(&out) == full, "resumed analyze output differs");
    assert!(
        stderr(&o).contains("geostance analyze: 5 items"),
        "{}",
        stderr(&o)
    );

    for cmd in [
        vec![
            "score",
            "--input",
            s(&articles),
            "--output",
            "-",
            "--resume",
        ],
        vec!["analyze", s(&articles), "--resume"],
    ] {
        let o = run(&cmd);
        assert_code(&o, 2, "--resume to stdout");
        assert!(
            stderr(&o).contains("--resume") && stderr(&o).contains("--output FILE"),
            "{}",
            stderr(&o)
        );
    }

    // An output longer than the input's outputs is not this input's: refused, not extended.
    let short = write_lines(dir.path(), "short.jsonl", &quotes(2, false));
    let o = score(&short, &out, &["--resume"]);
    assert_code(&o, 2, "resume onto a foreign output");
    assert!(stderr(&o).contains("cannot resume"), "{}", stderr(&o));
    assert!(read(&out) == full, "a refused resume leaves the file alone");
}

/// Merges `--with-line` outputs by their `line` field.
fn merge_by_line(parts: &[String]) -> String {
    let mut all: Vec<(u64, &str)> = parts
        .iter()
        .flat_map(|p| p.lines())
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            (v["line"].as_u64().expect("every record has a line"), l)
        })
        .collect();
    all.sort_by_key(|(n, _)| *n);
    all.into_iter().map(|(_, l)| format!("{l}\n")).collect()
}

#[test]
fn shards_together_equal_the_whole() {
    let dir = tempfile::tempdir().unwrap();
    let lines = quotes(25, true);
    let input = write_lines(dir.path(), "in.jsonl", &lines);
    let whole_path = dir.path().join("whole.jsonl");
    score(&input, &whole_path, &[]);
    let whole = read(&whole_path);
    let whole_wl_path = dir.path().join("whole-wl.jsonl");
    score(&input, &whole_wl_path, &["--with-line"]);
    let whole_wl = read(&whole_wl_path);

    for n in [1usize, 2, 3, 4] {
        let mut parts = Vec::new();
        let mut parts_wl = Vec::new();
        let mut errors = 0;
        for i in 0..n {
            let shard = format!("{i}/{n}");
            let p = dir.path().join(format!("part-{i}-{n}.jsonl"));
            let o = score(&input, &p, &["--shard", &shard, "--threads", "1"]);
            let text = read(&p);
            let part_errors = text.lines().filter(|l| l.contains("\"error\":")).count();
            errors += part_errors;
            assert_code(
                &o,
                if part_errors > 0 { 1 } else { 0 },
                &format!("shard {shard}"),
            );
            // Error records keep the line numbers of the whole input.
            for v in json_lines(&text) {
                if let Some(line) = v.get("line") {
                    let line = line.as_u64().unwrap() as usize;
                    assert_eq!((line - 1) % n, i, "{v}");
                    assert!(!lines[line - 1].trim().is_empty());
                }
            }
            parts.push(text);
            let p = dir.path().join(format!("part-wl-{i}-{n}.jsonl"));
            score(&input, &p, &["--shard", &shard, "--with-line"]);
            parts_wl.push(read(&p));
        }
        assert_eq!(errors, bad_count(&lines), "n={n}: every bad line once");
        // As multisets of lines.
        let mut got: Vec<&str> = parts.iter().flat_map(|p| p.lines()).collect();
        let mut want: Vec<&str> = whole.lines().collect();
        got.sort_unstable();
        want.sort_unstable();
        assert_eq!(got, want, "n={n}: the parts hold the whole's lines");
        // In order, interleaved back by line number.
        assert!(
            merge_by_line(&parts_wl) == whole_wl,
            "n={n}: --with-line parts merged by line differ from the whole"
        );
    }

    // `--with-line` puts the line first in every record; good records are otherwise the same.
    for (a, b) in whole_wl.lines().zip(whole.lines()) {
        assert!(a.starts_with("{\"line\":"), "{a}");
        let (va, vb): (Value, Value) = (
            serde_json::from_str(a).unwrap(),
            serde_json::from_str(b).unwrap(),
        );
        if vb.get("error").is_none() {
            let mut va = va;
            va.as_object_mut().unwrap().remove("line");
            assert_eq!(va, vb);
        } else {
            assert_eq!(va, vb, "error records already carry their line");
        }
    }

    // Without blank input lines, taking the parts' lines round-robin also gives the whole.
    let clean = quotes(11, false);
    let input = write_lines(dir.path(), "clean.jsonl", &clean);
    score(&input, &whole_path, &[]);
    let whole = read(&whole_path);
    let parts: Vec<Vec<String>> = (0..3)
        .map(|i| {
            let p = dir.path().join(format!("clean-{i}.jsonl"));
            assert_code(
                &score(&input, &p, &["--shard", &format!("{i}/3")]),
                0,
                "clean shard",
            );
            read(&p).lines().map(str::to_string).collect()
        })
        .collect();
    let mut interleaved = String::new();
    for row in 0..parts[0].len() {
        for p in &parts {
            if let Some(l) = p.get(row) {
                interleaved.push_str(l);
                interleaved.push('\n');
            }
        }
    }
    assert!(interleaved == whole, "round-robin interleave differs");
}

#[test]
fn bad_shard_arguments_are_refused_with_a_message() {
    for (shard, says) in [
        ("4/4", "less than N"),
        ("0/0", "at least 1"),
        ("1", "is not I/N"),
        ("a/3", "is not I/N"),
    ] {
        let o = run(&["score", "--shard", shard]);
        assert_code(&o, 2, shard);
        let err = stderr(&o);
        assert!(
            err.contains("--shard") && err.contains(says),
            "{shard}: {err}"
        );
    }
    let story = Path::new(ROOT).join("examples/articles/01-finland-joins-nato.txt");
    let o = run(&["analyze", s(&story), "--shard", "0/2"]);
    assert_code(&o, 2, "--shard on a plain-text article");
    assert!(stderr(&o).contains("plain-text article"), "{}", stderr(&o));
}

#[test]
fn bad_lines_are_counted_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let mut lines = quotes(20, true);
    lines.push("\u{feff}not json at all".into());
    let bad = bad_count(&lines);
    let mut bytes = (lines.join("\n") + "\n").into_bytes();
    // A line that is not UTF-8.
    bytes.extend_from_slice(b"{\"id\": \"latin1\", \"text\": \"caf\xe9\"}\n");
    let input = dir.path().join("in.jsonl");
    std::fs::write(&input, &bytes).unwrap();
    let out = dir.path().join("out.jsonl");
    let o = score(&input, &out, &[]);
    assert_code(&o, 1, "score with bad lines");
    let good = 20;
    let err = stderr(&o);
    let summary = format!(
        "geostance score: {} items, {} errors, ",
        good + bad + 1,
        bad + 1
    );
    assert!(err.contains(&summary), "want `{summary}` in:\n{err}");
    assert!(
        err.contains(&format!("{} line(s) could not be scored", bad + 1)),
        "{err}"
    );
    let records = json_lines(&read(&out));
    let errors: Vec<&Value> = records
        .iter()
        .filter(|r| r.get("error").is_some())
        .collect();
    assert_eq!(errors.len(), bad + 1);
    for e in &errors {
        let n = e["line"].as_u64().expect("line number") as usize;
        assert!(n >= 1 && n <= lines.len() + 1, "{e}");
        assert!(!e["error"].as_str().unwrap().is_empty());
    }
    let last = errors.last().unwrap();
    assert_eq!(last["line"], json!(lines.len() + 1));
    assert!(last["error"].as_str().unwrap().contains("UTF-8"), "{last}");

    // All good: exit 0 and a summary with no errors.
    let clean = write_lines(dir.path(), "clean.jsonl", &quotes(5, false));
    let o = score(&clean, &out, &[]);
    assert_code(&o, 0, "score, all good");
    assert!(
        stderr(&o).contains("geostance score: 5 items, 0 errors, "),
        "{}",
        stderr(&o)
    );

    // analyze on JSON Lines: the same rules.
    let articles = [
        json!({"id": "a1", "text": "\"We oppose unilateral sanctions,\" Chinese Foreign Ministry spokesperson Mao Ning said."}).to_string(),
        "{\"id\": \"a2\", \"text\": ".to_string(),
        String::new(),
        json!({"id": "a3", "text": ""}).to_string(),
        json!({"id": "a4", "text": "Russia said talks with India will be held on Tuesday."}).to_string(),
    ];
    let input = write_lines(dir.path(), "articles.jsonl", &articles);
    let o = run(&["analyze", s(&input)]);
    assert_code(&o, 1, "analyze with bad lines");
    let err = stderr(&o);
    assert!(
        err.contains("geostance analyze: 4 items, 2 errors, "),
        "{err}"
    );
    assert!(err.contains("2 line(s) could not be analysed"), "{err}");
    let out = json_lines(&String::from_utf8(o.stdout.clone()).unwrap());
    let lines: Vec<Value> = out.iter().map(|r| r["line"].clone()).collect();
    assert_eq!(lines, [Value::Null, json!(2), json!(4), Value::Null]);
    assert_eq!(out[2]["id"], "a3");
}

fn gunzip(bytes: &[u8]) -> String {
    use std::io::Read;
    let mut s = String::new();
    flate2::read::MultiGzDecoder::new(bytes)
        .read_to_string(&mut s)
        .expect("gzip output decodes");
    s
}

#[test]
fn gzip_output_and_resume_into_it() {
    let dir = tempfile::tempdir().unwrap();
    let lines = quotes(40, true);
    let input = write_lines(dir.path(), "in.jsonl", &lines);
    let plain = dir.path().join("plain.jsonl");
    assert_code(&score(&input, &plain, &["--chunk", "4"]), 1, "plain output");
    let want = read(&plain);

    let gz = dir.path().join("out.jsonl.gz");
    assert_code(&score(&input, &gz, &["--chunk", "4"]), 1, "gzip output");
    let full = std::fs::read(&gz).unwrap();
    assert_eq!(&full[..2], &[0x1f, 0x8b], "a .gz output is gzip");
    assert!(gunzip(&full) == want, "the same lines as the plain output");
    assert!(full.len() < want.len() / 2, "and smaller");

    // A kill mid-write leaves some whole members and part of the next: resume from any cut.
    for cut in [
        0,
        1,
        10,
        full.len() / 3,
        full.len() / 2,
        full.len() - 1,
        full.len(),
    ] {
        std::fs::write(&gz, &full[..cut]).unwrap();
        let o = score(&input, &gz, &["--chunk", "4", "--resume"]);
        assert_code(&o, 1, &format!("resume after a cut at byte {cut}"));
        assert!(
            gunzip(&std::fs::read(&gz).unwrap()) == want,
            "resume after a cut at byte {cut} differs from the uninterrupted run"
        );
        if cut > 0 && cut < full.len() {
            assert!(
                stderr(&o).contains("cut-short gzip member"),
                "{}",
                stderr(&o)
            );
        }
    }

    // A .gz output that is not gzip is not cut: resuming it is refused.
    std::fs::write(&gz, &want).unwrap();
    let o = score(&input, &gz, &["--resume"]);
    assert_code(&o, 2, "resume into a plain file named .gz");
    assert!(stderr(&o).contains("is not gzip"), "{}", stderr(&o));
    assert!(read(&gz) == want, "left as it was");
}

#[test]
fn gzip_input_for_score_and_analyze() {
    let dir = tempfile::tempdir().unwrap();
    let lines = quotes(15, true);
    let plain = write_lines(dir.path(), "in.jsonl", &lines);
    let want_path = dir.path().join("want.jsonl");
    score(&plain, &want_path, &[]);
    let want = read(&want_path);
    let gz = gzip(read(&plain).as_bytes());
    let gz_path = dir.path().join("in.jsonl.gz");
    std::fs::write(&gz_path, &gz).unwrap();
    // Recognised by the magic bytes too: no extension, and on stdin.
    let magic_path = dir.path().join("in.data");
    std::fs::write(&magic_path, &gz).unwrap();
    for input in [&gz_path, &magic_path] {
        let out = dir.path().join("out.jsonl");
        let o = score(input, &out, &[]);
        assert_code(&o, 1, &format!("score {}", input.display()));
        assert!(read(&out) == want, "{}: output differs", input.display());
    }
    let o = run_stdin(&["score"], &gz);
    assert_code(&o, 1, "gzip on stdin");
    assert!(String::from_utf8(o.stdout.clone()).unwrap() == want);
    // Concatenated gzip members (pigz, `cat a.gz b.gz`).
    let bytes = std::fs::read(&plain).unwrap();
    let (a, b) = bytes.split_at(bytes.len() / 2);
    let mut two = gzip(a);
    two.extend(gzip(b));
    let out = dir.path().join("two.jsonl");
    std::fs::write(dir.path().join("two.jsonl.gz"), &two).unwrap();
    score(&dir.path().join("two.jsonl.gz"), &out, &[]);
    assert!(read(&out) == want, "concatenated members");

    // A damaged gzip file is an error that names the file, not a silent stop.
    let damaged = dir.path().join("damaged.jsonl.gz");
    std::fs::write(&damaged, &gz[..gz.len() / 2]).unwrap();
    let o = score(&damaged, &dir.path().join("d.jsonl"), &[]);
    assert_code(&o, 2, "damaged gzip");
    assert!(stderr(&o).contains("damaged.jsonl.gz"), "{}", stderr(&o));

    // analyze: JSON Lines of articles, and one plain-text article.
    let articles = Path::new(ROOT).join("examples/articles.jsonl");
    let want = run(&["analyze", s(&articles)]);
    assert_code(&want, 0, "analyze articles.jsonl");
    let agz = dir.path().join("articles.jsonl.gz");
    std::fs::write(&agz, gzip(&std::fs::read(&articles).unwrap())).unwrap();
    let got = run(&["analyze", s(&agz)]);
    assert_code(&got, 0, "analyze articles.jsonl.gz");
    assert!(got.stdout == want.stdout, "gz articles differ");
    assert_eq!(
        json_lines(&String::from_utf8(got.stdout.clone()).unwrap()).len(),
        8
    );
    let got = run_stdin(&["analyze", "-"], &gzip(&std::fs::read(&articles).unwrap()));
    assert_code(&got, 0, "analyze - with gzip on stdin");
    assert!(got.stdout == want.stdout, "gz articles on stdin differ");

    let story = Path::new(ROOT).join("examples/articles/01-finland-joins-nato.txt");
    let sgz = dir.path().join("01-finland-joins-nato.txt.gz");
    std::fs::write(&sgz, gzip(&std::fs::read(&story).unwrap())).unwrap();
    let want = run(&["analyze", s(&story)]);
    let got = run(&["analyze", s(&sgz)]);
    assert_code(&got, 0, "analyze story.txt.gz");
    let (w, g) = (
        json_lines(&String::from_utf8(want.stdout).unwrap()),
        json_lines(&String::from_utf8(got.stdout.clone()).unwrap()),
    );
    assert_eq!(g.len(), 1, "a plain-text article stays one article");
    assert_eq!(g[0]["quotes"], w[0]["quotes"]);
}

#[test]
fn dash_is_stdin_and_stdout() {
    let lines = quotes(9, false);
    let input = lines.join("\n") + "\n";
    let o = run_stdin(
        &["score", "--input", "-", "--output", "-", "--threads", "2"],
        input.as_bytes(),
    );
    assert_code(&o, 0, "score - -");
    let out = json_lines(&String::from_utf8(o.stdout.clone()).unwrap());
    let ids: Vec<String> = out
        .iter()
        .map(|r| r["id"].as_str().unwrap().into())
        .collect();
    let want: Vec<String> = (0..9).map(|i| format!("q{i}")).collect();
    assert_eq!(ids, want, "input order");
    assert!(
        stderr(&o).contains("geostance score: 9 items, 0 errors"),
        "{}",
        stderr(&o)
    );

    // Defaults are - and -; no progress bar drawn when stderr is not a terminal.
    let o = run_stdin(
        &["score", "--shard", "1/2", "--with-line"],
        input.as_bytes(),
    );
    assert_code(&o, 0, "score with defaults");
    let out = json_lines(&String::from_utf8(o.stdout.clone()).unwrap());
    let got: Vec<u64> = out.iter().map(|r| r["line"].as_u64().unwrap()).collect();
    assert_eq!(got, [2, 4, 6, 8]);
    let err = stderr(&o);
    assert!(
        !err.contains('\u{1b}') && !err.contains('\r'),
        "terminal codes: {err:?}"
    );
    assert_eq!(err.lines().count(), 1, "one summary line: {err}");

    let articles = std::fs::read(Path::new(ROOT).join("examples/articles.jsonl")).unwrap();
    let o = run_stdin(&["analyze", "-", "--threads", "2"], &articles);
    assert_code(&o, 0, "analyze - on JSON Lines");
    assert_eq!(
        json_lines(&String::from_utf8(o.stdout.clone()).unwrap()).len(),
        8
    );
}
