//! Articles per second per core for quote extraction and for the whole `analyze` pipeline, on a
//! 3.4 KB wire story with 23 quotes (`benches/story_4k.txt`, written for this bench).
//!
//! ```sh
//! cargo bench --bench quotes
//! ```
//!
//! Criterion reports the time per article and, as throughput, articles per second ("elem/s");
//! each benchmark runs on one thread, so that is per core.
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use geostance::actors::Gazetteer;
use geostance::quotes::{Lexicon, QuoteFinder};
use geostance::records::RecordId;
use geostance::Engine;
use std::hint::black_box;

/// An invented wire story: direct quotes in three styles of mark, split and multi-paragraph
/// quotes, a block quote, reported speech, pronouns, roles and institutions.
const STORY: &str = include_str!("story_4k.txt");

fn quotes(c: &mut Criterion) {
    let engine = Engine::builtin().expect("built-in engine");
    let gaz = Gazetteer::builtin().expect("built-in gazetteer");
    let finder = QuoteFinder::new(Lexicon::builtin().expect("built-in lexicon"));
    assert!(finder.find(STORY, &gaz).len() > 20);

    let mut g = c.benchmark_group("story_4k");
    g.throughput(Throughput::Elements(1));
    g.bench_function("quote_finder", |b| {
        b.iter(|| finder.find(black_box(STORY), &gaz))
    });
    g.bench_function("analyze", |b| {
        b.iter(|| {
            engine
                .analyze(RecordId::Str("story".into()), black_box(STORY), false)
                .expect("analyze")
        })
    });
    g.finish();
}

criterion_group!(benches, quotes);
criterion_main!(benches);
