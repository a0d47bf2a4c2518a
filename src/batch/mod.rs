//! Streaming JSON Lines for `score` and `analyze`: one output line per input line, in input
//! order, an error record for each bad line, all cores used, memory bounded by the chunk size.
use crate::engine::Engine;
use crate::records::{ArticleInput, ErrorRecord, QuoteInput, RecordId};
use rayon::prelude::*;
use std::io::{BufRead, Write};
use std::time::{Duration, Instant};

/// Lines read and scored at a time.
const CHUNK: usize = 1024;

/// Options of a batch run.
#[derive(Debug, Clone, Default)]
pub struct BatchOptions {
    /// Worker threads; 0 means all cores.
    pub threads: usize,
    /// Add explanations to every decision.
    pub explain: bool,
}

/// What a run did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    pub items: usize,
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
    Skip,
    Ok(String),
    Err(String),
}

fn error_line(id: Option<RecordId>, line: usize, error: String) -> String {
    serde_json::to_string(&ErrorRecord { id, line, error }).expect("error record serialises")
}

/// The id of a line that failed to parse as a whole, if it has one.
fn salvage_id(line: &str) -> Option<RecordId> {
    serde_json::from_str::<serde_json::Value>(line)
        .ok()?
        .get("id")
        .and_then(|v| serde_json::from_value(v.clone()).ok())
}

fn pool(threads: usize) -> std::io::Result<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(std::io::Error::other)
}

/// Runs `f` over the lines of `input` in chunks, writing results in order.
fn run<R, W, F>(input: R, mut output: W, threads: usize, f: F) -> std::io::Result<Summary>
where
    R: BufRead,
    W: Write,
    F: Fn(usize, &str) -> Outcome + Sync,
{
    let start = Instant::now();
    let pool = pool(threads)?;
    let mut summary = Summary::default();
    let mut lines = input.lines().enumerate();
    loop {
        let mut chunk: Vec<(usize, String)> = Vec::with_capacity(CHUNK);
        for (n, l) in lines.by_ref() {
            chunk.push((n + 1, l?));
            if chunk.len() == CHUNK {
                break;
            }
        }
        if chunk.is_empty() {
            break;
        }
        let outs: Vec<Outcome> = pool.install(|| chunk.par_iter().map(|(n, l)| f(*n, l)).collect());
        for o in outs {
            match o {
                Outcome::Skip => continue,
                Outcome::Ok(s) => writeln!(output, "{s}")?,
                Outcome::Err(s) => {
                    summary.errors += 1;
                    writeln!(output, "{s}")?;
                }
            }
            summary.items += 1;
        }
    }
    output.flush()?;
    summary.elapsed = start.elapsed();
    Ok(summary)
}

/// `score`: SPEC 2.1 lines in, SPEC 2.2 lines out.
pub fn score<R: BufRead, W: Write>(
    engine: &Engine,
    input: R,
    output: W,
    opts: &BatchOptions,
) -> std::io::Result<Summary> {
    run(input, output, opts.threads, |n, line| {
        if line.trim().is_empty() {
            return Outcome::Skip;
        }
        let q: QuoteInput = match serde_json::from_str(line) {
            Ok(q) => q,
            Err(e) => {
                return Outcome::Err(error_line(
                    salvage_id(line),
                    n,
                    format!("not a quote record: {e}"),
                ))
            }
        };
        match engine.score(&q, opts.explain) {
            Ok(s) => Outcome::Ok(serde_json::to_string(&s).expect("record serialises")),
            Err(e) => Outcome::Err(error_line(Some(q.id), n, e.to_string())),
        }
    })
}

/// `analyze` on JSON Lines of SPEC 2.4 `{"id", "text"}`: SPEC 2.5 lines out.
pub fn analyze<R: BufRead, W: Write>(
    engine: &Engine,
    input: R,
    output: W,
    opts: &BatchOptions,
) -> std::io::Result<Summary> {
    run(input, output, opts.threads, |n, line| {
        if line.trim().is_empty() {
            return Outcome::Skip;
        }
        let a: ArticleInput = match serde_json::from_str(line) {
            Ok(a) => a,
            Err(e) => {
                return Outcome::Err(error_line(
                    salvage_id(line),
                    n,
                    format!("not an article record: {e}"),
                ))
            }
        };
        match engine.analyze(a.id.clone(), &a.text, opts.explain) {
            Ok(s) => Outcome::Ok(serde_json::to_string(&s).expect("record serialises")),
            Err(e) => Outcome::Err(error_line(Some(a.id), n, e.to_string())),
        }
    })
}
