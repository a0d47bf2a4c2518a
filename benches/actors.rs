//! The actor layer's speed: gazetteer load time, and mentions found per second on news text.
//!
//! ```sh
//! cargo bench --bench actors              # the project's own news stories
//! cargo bench --bench actors -- FILE...   # plain text or JSON Lines of {"text": ...}
//! ```
//!
//! A plain `main` (no bench framework, `harness = false`): it times with `std::time::Instant`,
//! repeats each measurement, and prints the median.
use geostance::actors::{quote_mentions, Gazetteer};
use std::hint::black_box;
use std::time::{Duration, Instant};

/// The project's own stories (invented for its tests and demo; see tests/fixtures/README.md).
const STORIES: &str = include_str!("../examples/articles.jsonl");

fn json_texts(s: &str, out: &mut Vec<String>) {
    for line in s.lines() {
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(line) {
            if let Some(t) = v["text"].as_str() {
                out.push(t.to_string());
            }
        }
    }
}

fn texts(args: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    if args.is_empty() {
        json_texts(STORIES, &mut out);
        return out;
    }
    for a in args {
        let s = std::fs::read_to_string(a).unwrap_or_else(|e| panic!("{a}: {e}"));
        if s.trim_start().starts_with('{') {
            json_texts(&s, &mut out);
        } else {
            out.push(s);
        }
    }
    out
}

/// This process's CPU time (user + system) in seconds, where Linux tells it: on a shared
/// machine wall time also counts the time other processes hold the cores.
fn cpu_seconds() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/stat").ok()?;
    let f: Vec<&str> = s.rsplit(')').next()?.split_whitespace().collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

/// The median of `runs` timings of `f`.
fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut ts: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    ts.sort();
    ts[runs / 2]
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let cpu0 = cpu_seconds();
    let load = median(21, || {
        black_box(Gazetteer::builtin().unwrap());
    });
    let cpu = cpu_seconds()
        .zip(cpu0)
        .map(|(b, a)| format!(", {:.1} ms CPU time (mean)", (b - a) / 21.0 * 1e3))
        .unwrap_or_default();
    let g = Gazetteer::builtin().unwrap();
    println!(
        "gazetteer load: {:.1} ms wall (median of 21){cpu}; {} forms",
        load.as_secs_f64() * 1e3,
        g.len()
    );
    // The all-capitals automaton is built on first use.
    let caps = median(1, || {
        black_box(g.find_mentions("CHINA AND THE US MET TODAY", 0..26));
    });
    println!(
        "first all-capitals match (builds the case-insensitive automaton): {:.1} ms",
        caps.as_secs_f64() * 1e3
    );

    let docs = texts(&args);
    let bytes: usize = docs.iter().map(String::len).sum();
    let words: usize = docs.iter().map(|d| d.split_whitespace().count()).sum();
    // Enough repetitions for about half a second per measurement.
    let once = median(3, || {
        for d in &docs {
            black_box(g.find_mentions(d, 0..d.len()));
        }
    });
    let reps = ((0.5 / once.as_secs_f64().max(1e-6)) as usize).clamp(1, 100_000);
    let mentions: usize = docs
        .iter()
        .map(|d| g.find_mentions(d, 0..d.len()).len())
        .sum();
    let t = median(5, || {
        for _ in 0..reps {
            for d in &docs {
                black_box(g.find_mentions(d, 0..d.len()));
            }
        }
    });
    let per = t.as_secs_f64() / reps as f64;
    println!(
        "find_mentions: {} texts, {} words, {:.1} KB, {} mentions: {:.0} mentions/s, {:.1} MB/s, {:.2} M words/s",
        docs.len(),
        words,
        bytes as f64 / 1e3,
        mentions,
        mentions as f64 / per,
        bytes as f64 / per / 1e6,
        words as f64 / per / 1e6
    );
    let t = median(5, || {
        for _ in 0..reps {
            for d in &docs {
                black_box(quote_mentions(&g, d, Some("CN")));
            }
        }
    });
    let mentions: usize = docs
        .iter()
        .map(|d| quote_mentions(&g, d, Some("CN")).len())
        .sum();
    let per = t.as_secs_f64() / reps as f64;
    println!(
        "quote_mentions (with first-person plural): {} mentions: {:.0} mentions/s, {:.1} MB/s",
        mentions,
        mentions as f64 / per,
        bytes as f64 / per / 1e6
    );
}
