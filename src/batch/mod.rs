//! Streaming JSON Lines for `score` and `analyze`: one output line per non-blank input line, in
//! input order, an error record for each bad line, all cores used, memory bounded by the chunk
//! size whatever the input's size.
//!
//! A reader thread cuts the input into chunks (at most [`BatchOptions::chunk`] lines and
//! [`CHUNK_BYTES`] bytes); each chunk is scored in parallel on a rayon pool, written in order and
//! flushed, so a killed job loses at most the chunk in flight and `--resume` continues after the
//! last complete output line. `--shard I/N` keeps every N-th line.
mod input;
mod json;
mod output;
mod progress;
mod shard;

pub use input::{read_line_bounded, Input};
pub use json::JsonLine;
pub use output::{open_output, truncate_to_complete_lines, Resumed};
pub use progress::{Counters, Progress};
pub use shard::Shard;

use crate::engine::{Engine, MAX_ARTICLE_BYTES};
use crate::records::{ArticleInput, QuoteInput, RecordId};
use rayon::prelude::*;
use serde::Serialize;
use std::io::{self, BufRead, Write};
use std::sync::atomic::Ordering;
use std::sync::mpsc::sync_channel;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Lines read and scored at a time, by default.
pub const CHUNK: usize = 1024;
/// A chunk ends early once it holds this many bytes of input.
pub const CHUNK_BYTES: usize = 32 * 1024 * 1024;
/// The longest input line read; the rest of a longer line is skipped and the line becomes an
/// error record. Eight times the article limit leaves room for JSON escapes.
pub const MAX_LINE_BYTES: usize = 8 * MAX_ARTICLE_BYTES;

/// Options of a batch run.
#[derive(Debug, Clone, Default)]
pub struct BatchOptions {
    /// Worker threads; 0 means one a core (see [`worker_threads`]).
    pub threads: usize,
    /// Add explanations to every decision.
    pub explain: bool,
    /// Only this interleaved part of the input (`None`: all of it).
    pub shard: Option<Shard>,
    /// Add `"line": N` (the 1-based input line) to every output record, first.
    pub with_line: bool,
    /// Lines per chunk; 0 means [`CHUNK`].
    pub chunk: usize,
    /// Outputs already written by an earlier run (`--resume`): the first `skip` non-blank lines
    /// of the part are read but not scored.
    pub skip: usize,
    /// Counters to update as items are done (for a progress bar).
    pub counters: Option<Arc<Counters>>,
}

/// What a run did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    /// Output lines written by this run.
    pub items: usize,
    /// How many of them are error records.
    pub errors: usize,
    pub elapsed: Duration,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let secs = self.elapsed.as_secs_f64();
        write!(
            f,
            "{} items, {} errors, {:.2} s, {:.0} items/s",
            self.items,
            self.errors,
            secs,
            self.items as f64 / secs.max(1e-9)
        )
    }
}

/// What one input line became.
enum Outcome {
    Ok(String),
    Err(String),
}

/// An input line to score: its 1-based number and its text, or why it cannot be read.
struct Line {
    n: usize,
    text: Result<String, Unreadable>,
}

/// A line that could not be read as text: why, and its id if it could still be told.
struct Unreadable {
    why: String,
    id: Option<RecordId>,
}

/// The error record of SPEC 2.2, `{"id", "line", "error"}`; with `--with-line` the line comes
/// first, as in every other record.
fn error_line(id: Option<RecordId>, line: usize, error: String, with_line: bool) -> String {
    #[derive(Serialize)]
    struct IdFirst {
        id: Option<RecordId>,
        line: usize,
        error: String,
    }
    #[derive(Serialize)]
    struct LineFirst {
        line: usize,
        id: Option<RecordId>,
        error: String,
    }
    if with_line {
        serde_json::to_string(&LineFirst { line, id, error })
    } else {
        serde_json::to_string(&IdFirst { id, line, error })
    }
    .expect("error record serialises")
}

/// `{"line":N,` in front of a serialised object.
fn add_line(record: String, line: usize) -> String {
    debug_assert!(record.starts_with('{'));
    let rest = &record[1..];
    let sep = if rest.starts_with('}') { "" } else { "," };
    format!("{{\"line\":{line}{sep}{rest}")
}

/// serde_json's message with the position as a column of the record's line: "at line 1 column
/// 10" read as line 1 of the input, which the error record's `line` gives.
fn json_error(e: &serde_json::Error) -> String {
    let msg = e.to_string();
    let at = format!(" at line {} column {}", e.line(), e.column());
    match msg.strip_suffix(&at) {
        Some(m) if e.line() == 1 => format!("{m} (column {})", e.column()),
        _ => msg,
    }
}

/// Why a line that does not start with `{` is no record: serde would read a JSON array as a
/// record's fields in order ("invalid type: integer `2`, expected a string"), so say what the
/// line holds instead.
fn not_an_object(line: &str) -> String {
    let found = match serde_json::from_str::<serde_json::Value>(line) {
        Ok(serde_json::Value::Array(_)) => "an array",
        Ok(serde_json::Value::String(_)) => "a string",
        Ok(serde_json::Value::Number(_)) => "a number",
        Ok(serde_json::Value::Bool(_)) => "a boolean",
        Ok(serde_json::Value::Null) => "null",
        Ok(serde_json::Value::Object(_)) => "an object after other characters",
        Err(e) => return json_error(&e),
    };
    format!("expected a JSON object, found {found}")
}

/// The id of a line that failed to parse as a whole, if it has one.
fn salvage_id(line: &str) -> Option<RecordId> {
    serde_json::from_str::<serde_json::Value>(line)
        .ok()?
        .get("id")
        .and_then(|v| serde_json::from_value(v.clone()).ok())
}

/// The most worker threads a run starts for each core. A scoring thread never waits, so more
/// threads than cores only add work-stealing: on 2 cores, 50,000 quotes took 0.6–0.9 s with
/// 2 to 64 threads, 1.6 s with 256 and 44 s with 1,000.
pub const MAX_THREADS_PER_CORE: usize = 16;

/// The worker threads of a run asked for `requested` (`--threads`): one a core for 0, and at
/// most [`MAX_THREADS_PER_CORE`] a core.
pub fn worker_threads(requested: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    match requested {
        0 => cores,
        n => n.min(cores * MAX_THREADS_PER_CORE),
    }
}

fn pool(threads: usize) -> io::Result<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(worker_threads(threads))
        .build()
        .map_err(io::Error::other)
}

/// Reads `input` into chunks of the lines to score and sends them on `tx`. Lines outside the
/// shard, blank lines and the first `skip` lines to score are read and dropped.
fn read_chunks<R: BufRead>(
    mut input: R,
    opts: &BatchOptions,
    tx: std::sync::mpsc::SyncSender<io::Result<Vec<Line>>>,
) {
    let shard = opts.shard.unwrap_or_default();
    let chunk_lines = if opts.chunk == 0 { CHUNK } else { opts.chunk };
    let mut skip = opts.skip;
    let mut chunk = Vec::with_capacity(chunk_lines);
    let mut chunk_bytes = 0usize;
    let mut buf = Vec::new();
    let mut n = 0usize;
    loop {
        let over = match read_line_bounded(&mut input, &mut buf, MAX_LINE_BYTES) {
            Ok(Some(over)) => over,
            Ok(None) => break,
            Err(e) => {
                // The lines read before the failure (a truncated .gz, a dropped connection)
                // are scored and written first: nothing that could be read is lost.
                if !chunk.is_empty() && tx.send(Ok(std::mem::take(&mut chunk))).is_err() {
                    return;
                }
                let e = io::Error::new(e.kind(), format!("reading line {}: {e}", n + 1));
                let _ = tx.send(Err(e));
                return;
            }
        };
        n += 1;
        if !shard.contains(n) {
            continue;
        }
        let text = if over {
            Err(Unreadable {
                why: format!(
                    "line is over {MAX_LINE_BYTES} bytes (an article is at most {MAX_ARTICLE_BYTES} bytes of text)"
                ),
                id: None,
            })
        } else {
            match std::str::from_utf8(&buf) {
                Ok(s) if s.trim().is_empty() => continue,
                Ok(s) => Ok(s.to_string()),
                Err(e) => Err(Unreadable {
                    why: format!("line is not UTF-8: {e}"),
                    // The id is most often ASCII: read it from the line with the bad bytes
                    // replaced (unless they are in the id), so that the record can still be
                    // joined back to its source.
                    id: salvage_id(&String::from_utf8_lossy(&buf))
                        .filter(|id| !id.as_string().contains(char::REPLACEMENT_CHARACTER)),
                }),
            }
        };
        if skip > 0 {
            skip -= 1;
            continue;
        }
        chunk_bytes += buf.len();
        chunk.push(Line { n, text });
        if chunk.len() >= chunk_lines || chunk_bytes >= CHUNK_BYTES {
            let full = std::mem::replace(&mut chunk, Vec::with_capacity(chunk_lines));
            chunk_bytes = 0;
            if tx.send(Ok(full)).is_err() {
                return;
            }
        }
    }
    if skip > 0 {
        let _ =
            tx.send(Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                "cannot resume: the output already has {} line(s) but this input{} gives only {}; \
                 is it the output of this input{}?",
                opts.skip,
                if opts.shard.is_some() { " part" } else { "" },
                opts.skip - skip,
                if opts.shard.is_some() { " and --shard" } else { "" },
            ),
            )));
        return;
    }
    if !chunk.is_empty() {
        let _ = tx.send(Ok(chunk));
    }
}

/// Runs `f` over the lines of `input` in chunks, writing results in order and flushing after
/// every chunk.
fn run<R, W, F>(input: R, mut output: W, opts: &BatchOptions, f: F) -> io::Result<Summary>
where
    R: BufRead + Send,
    W: Write + Send,
    F: Fn(usize, &str) -> Outcome + Sync,
{
    let start = Instant::now();
    let pool = pool(opts.threads)?;
    let counters = opts.counters.clone().unwrap_or_default();
    let mut summary = Summary::default();
    let (tx, rx) = sync_channel::<io::Result<Vec<Line>>>(1);
    // A chunk's output is written (and, for a .gz output, compressed) on a thread of its own
    // while the next chunk is scored.
    let (wtx, wrx) = sync_channel::<Vec<u8>>(1);
    // The writer hands its buffers back to be filled again, so that two or three of them go
    // round (and none is freed on a thread other than the one that made it).
    let (back_tx, back_rx) = sync_channel::<Vec<u8>>(2);
    std::thread::scope(|s| -> io::Result<()> {
        s.spawn(move || read_chunks(input, opts, tx));
        let writer = s.spawn(move || -> io::Result<()> {
            for out in wrx {
                output.write_all(&out)?;
                output.flush()?;
                let _ = back_tx.try_send(out);
            }
            output.flush()
        });
        let scored = (|| -> io::Result<()> {
            for chunk in rx {
                let chunk = chunk?;
                let outs: Vec<Outcome> = pool.install(|| {
                    chunk
                        .par_iter()
                        .map(|l| {
                            let o = match &l.text {
                                Ok(text) => score_guarded(&f, l.n, text, opts.with_line),
                                Err(u) => Outcome::Err(error_line(
                                    u.id.clone(),
                                    l.n,
                                    u.why.clone(),
                                    opts.with_line,
                                )),
                            };
                            counters.items.fetch_add(1, Ordering::Relaxed);
                            if matches!(o, Outcome::Err(_)) {
                                counters.errors.fetch_add(1, Ordering::Relaxed);
                            }
                            o
                        })
                        .collect()
                });
                let mut out = back_rx.try_recv().unwrap_or_default();
                out.clear();
                for (o, l) in outs.into_iter().zip(&chunk) {
                    let s = match o {
                        Outcome::Ok(s) if opts.with_line => add_line(s, l.n),
                        Outcome::Ok(s) => s,
                        Outcome::Err(s) => {
                            summary.errors += 1;
                            s
                        }
                    };
                    out.extend_from_slice(s.as_bytes());
                    out.push(b'\n');
                    summary.items += 1;
                }
                if wtx.send(out).is_err() {
                    // The writer stopped on an error, which it returns below.
                    break;
                }
            }
            Ok(())
        })();
        drop(wtx);
        let written = writer
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        // A failed write first: it is why the scoring stopped, if it did.
        written.and(scored)
    })?;
    summary.elapsed = start.elapsed();
    Ok(summary)
}

/// `f` on one line; a panic (a bug) becomes that line's error record instead of ending the
/// job and losing every other line's result.
fn score_guarded<F>(f: &F, n: usize, text: &str, with_line: bool) -> Outcome
where
    F: Fn(usize, &str) -> Outcome + Sync,
{
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(n, text))).unwrap_or_else(|e| {
        let why = e
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| e.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Outcome::Err(error_line(
            None,
            n,
            format!("internal error, please report it with this line: {why}"),
            with_line,
        ))
    })
}

/// One record line through `f`: a line that does not parse as `T` (described as `what`) or that
/// `f` rejects becomes an error record with its line number.
fn record_line<T, O, F>(n: usize, line: &str, what: &str, wl: bool, f: F) -> Outcome
where
    T: serde::de::DeserializeOwned,
    O: JsonLine,
    F: FnOnce(T) -> Result<O, (RecordId, crate::Error)>,
{
    if !line.trim_start().starts_with('{') {
        return Outcome::Err(error_line(
            None,
            n,
            format!("not {what}: {}", not_an_object(line)),
            wl,
        ));
    }
    let rec: T = match serde_json::from_str(line) {
        Ok(r) => r,
        Err(e) => {
            return Outcome::Err(error_line(
                salvage_id(line),
                n,
                format!("not {what}: {}", json_error(&e)),
                wl,
            ))
        }
    };
    match f(rec) {
        Ok(out) => Outcome::Ok(out.json_line()),
        Err((id, e)) => Outcome::Err(error_line(Some(id), n, e.to_string(), wl)),
    }
}

/// `score`: SPEC 2.1 lines in, SPEC 2.2 lines out.
pub fn score<R: BufRead + Send, W: Write + Send>(
    engine: &Engine,
    input: R,
    output: W,
    opts: &BatchOptions,
) -> io::Result<Summary> {
    run(input, output, opts, |n, line| {
        record_line(
            n,
            line,
            "a quote record",
            opts.with_line,
            |q: QuoteInput| engine.score(&q, opts.explain).map_err(|e| (q.id, e)),
        )
    })
}

/// `analyze` on JSON Lines of SPEC 2.4 `{"id", "text"}`: SPEC 2.5 lines out.
pub fn analyze<R: BufRead + Send, W: Write + Send>(
    engine: &Engine,
    input: R,
    output: W,
    opts: &BatchOptions,
) -> io::Result<Summary> {
    run(input, output, opts, |n, line| {
        record_line(
            n,
            line,
            "an article record",
            opts.with_line,
            |a: ArticleInput| {
                engine
                    .analyze(a.id.clone(), &a.text, opts.explain)
                    .map_err(|e| (a.id, e))
            },
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worker_threads_are_one_a_core_by_default_and_capped() {
        let cores = std::thread::available_parallelism().unwrap().get();
        assert_eq!(worker_threads(0), cores);
        assert_eq!(worker_threads(1), 1);
        assert_eq!(worker_threads(cores * 3), cores * 3);
        assert_eq!(worker_threads(usize::MAX), cores * MAX_THREADS_PER_CORE);
    }

    #[test]
    fn line_goes_first() {
        assert_eq!(add_line("{\"id\":1}".into(), 7), "{\"line\":7,\"id\":1}");
        assert_eq!(add_line("{}".into(), 2), "{\"line\":2}");
        assert_eq!(
            error_line(Some(RecordId::Str("a".into())), 3, "x".into(), true),
            "{\"line\":3,\"id\":\"a\",\"error\":\"x\"}"
        );
        assert_eq!(
            error_line(None, 3, "x".into(), false),
            "{\"id\":null,\"line\":3,\"error\":\"x\"}"
        );
    }

    #[test]
    fn json_errors_say_the_column_of_the_record_line() {
        let e = serde_json::from_str::<QuoteInput>(r#"{"id": "a"}"#).unwrap_err();
        assert_eq!(json_error(&e), "missing field `text` (column 11)");
        let e = serde_json::from_str::<QuoteInput>(r#"{"id": 1, "text": 2}"#).unwrap_err();
        assert_eq!(
            json_error(&e),
            "invalid type: integer `2`, expected a string (column 19)"
        );
    }

    /// A runner that echoes lines, or fails those that say "bad".
    fn echo(input: &str, opts: &BatchOptions) -> (String, Summary) {
        let mut out = Vec::new();
        let s = run(input.as_bytes(), &mut out, opts, |n, l| {
            if l.contains("bad") {
                Outcome::Err(format!("{n}!"))
            } else {
                Outcome::Ok(l.to_string())
            }
        })
        .unwrap();
        (String::from_utf8(out).unwrap(), s)
    }

    #[test]
    fn chunks_shards_and_skips() {
        let input = "a\n\nb\nbad\nc\r\nd\ne";
        for chunk in [1, 2, 3, 100] {
            let opts = BatchOptions {
                chunk,
                threads: 2,
                ..Default::default()
            };
            let (out, s) = echo(input, &opts);
            assert_eq!(out, "a\nb\n4!\nc\nd\ne\n");
            assert_eq!((s.items, s.errors), (6, 1));
            let (out, s) = echo(
                input,
                &BatchOptions {
                    skip: 2,
                    ..opts.clone()
                },
            );
            assert_eq!(out, "4!\nc\nd\ne\n", "skips outputs, not input lines");
            assert_eq!((s.items, s.errors), (4, 1));
            let shard = |index| BatchOptions {
                shard: Some(Shard { index, count: 3 }),
                ..opts.clone()
            };
            assert_eq!(echo(input, &shard(0)).0, "a\n4!\ne\n");
            assert_eq!(echo(input, &shard(1)).0, "c\n");
            assert_eq!(echo(input, &shard(2)).0, "b\nd\n");
        }
    }

    #[test]
    fn skipping_past_the_end_is_an_error() {
        let mut out = Vec::new();
        let opts = BatchOptions {
            skip: 3,
            ..Default::default()
        };
        let err = run("a\n\nb\n".as_bytes(), &mut out, &opts, |_, l| {
            Outcome::Ok(l.into())
        })
        .unwrap_err();
        assert!(err.to_string().contains("already has 3 line(s)"), "{err}");
        assert!(err.to_string().contains("gives only 2"), "{err}");
    }

    #[test]
    fn invalid_utf8_is_an_error_record() {
        let mut out = Vec::new();
        let s = run(
            &b"ok\n\xff\xfe\n"[..],
            &mut out,
            &BatchOptions::default(),
            |_, l| Outcome::Ok(l.into()),
        )
        .unwrap();
        assert_eq!(s.errors, 1);
        let out = String::from_utf8(out).unwrap();
        assert!(out.starts_with("ok\n{\"id\":null,\"line\":2,\"error\":\"line is not UTF-8"));
    }

    #[test]
    fn lines_read_before_a_read_error_are_written() {
        /// Two lines, then a failure, as a truncated .gz gives.
        struct Breaks(usize);
        impl io::Read for Breaks {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                self.0 += 1;
                match self.0 {
                    1 => {
                        buf[..4].copy_from_slice(b"a\nb\n");
                        Ok(4)
                    }
                    _ => Err(io::Error::new(io::ErrorKind::UnexpectedEof, "cut short")),
                }
            }
        }
        let mut out = Vec::new();
        let err = run(
            io::BufReader::new(Breaks(0)),
            &mut out,
            &BatchOptions::default(),
            |_, l| Outcome::Ok(l.into()),
        )
        .unwrap_err();
        assert_eq!(String::from_utf8(out).unwrap(), "a\nb\n");
        assert_eq!(err.to_string(), "reading line 3: cut short");
    }

    #[test]
    fn a_failed_write_ends_the_job_with_its_error() {
        /// Takes one write, then fails as a full disk does.
        struct Full(usize);
        impl Write for Full {
            fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
                self.0 += 1;
                if self.0 > 1 {
                    return Err(io::Error::new(io::ErrorKind::StorageFull, "disk full"));
                }
                Ok(buf.len())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let input = "a\n".repeat(10_000);
        let opts = BatchOptions {
            chunk: 10,
            ..Default::default()
        };
        let err = run(input.as_bytes(), Full(0), &opts, |_, l| {
            Outcome::Ok(l.into())
        })
        .unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::StorageFull);
    }

    #[test]
    fn an_unreadable_line_keeps_its_id_unless_the_bad_bytes_are_in_it() {
        let mut out = Vec::new();
        run(
            &b"{\"id\": \"q7\", \"text\": \"x\xff\"}\n{\"id\": \"q\xff\", \"text\": \"x\"}\n"[..],
            &mut out,
            &BatchOptions::default(),
            |_, l| Outcome::Ok(l.into()),
        )
        .unwrap();
        let out = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines[0].starts_with("{\"id\":\"q7\",\"line\":1,\"error\":\"line is not UTF-8"));
        assert!(lines[1].starts_with("{\"id\":null,\"line\":2,"), "{out}");
    }

    #[test]
    fn a_line_that_is_no_object_says_what_it_is() {
        let why = |line: &str| match record_line::<QuoteInput, crate::records::ScoredQuote, _>(
            1,
            line,
            "a quote record",
            false,
            |_| unreachable!(),
        ) {
            Outcome::Err(e) => serde_json::from_str::<serde_json::Value>(&e).unwrap()["error"]
                .as_str()
                .unwrap()
                .to_string(),
            Outcome::Ok(_) => panic!("{line} read as a record"),
        };
        assert_eq!(
            why("[\"q1\", \"We oppose it.\"]"),
            "not a quote record: expected a JSON object, found an array"
        );
        assert_eq!(
            why(" \"text\""),
            "not a quote record: expected a JSON object, found a string"
        );
        assert_eq!(
            why("42"),
            "not a quote record: expected a JSON object, found a number"
        );
        assert_eq!(
            why("null"),
            "not a quote record: expected a JSON object, found null"
        );
        assert!(
            why("id: q1").starts_with("not a quote record: expected value"),
            "{}",
            why("id: q1")
        );
    }

    #[test]
    fn a_panic_on_one_line_is_that_lines_error_record() {
        let mut out = Vec::new();
        let opts = BatchOptions {
            threads: 2,
            ..Default::default()
        };
        let s = run(&b"a\nboom\nc\n"[..], &mut out, &opts, |_, l| {
            assert!(l != "boom", "a bug");
            Outcome::Ok(l.into())
        })
        .unwrap();
        assert_eq!((s.items, s.errors), (3, 1));
        let out = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "a");
        assert!(lines[1].contains("\"line\":2") && lines[1].contains("internal error"));
        assert!(lines[1].contains("a bug"), "{}", lines[1]);
        assert_eq!(lines[2], "c");
    }
}
