//! Commands of SPEC section 3: serve, analyze, score, train, eval.
use clap::{Args, Parser, Subcommand};
use geostance::actors::Gazetteer;
use geostance::batch::{self, BatchOptions, Input, Progress, Shard};
use geostance::features::FeatureConfig;
use geostance::model::{Model, TrainConfig};
use geostance::records::RecordId;
use geostance::training::{self, TrainOptions};
use geostance::Engine;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Parser)]
#[command(
    name = "geostance",
    version,
    about = "Who said what about which country, and how: quotes, speakers, targets and stance in English news.",
    after_help = "Examples:\n  geostance analyze examples/articles/01-finland-joins-nato.txt\n  geostance score --input quotes.jsonl --output scored.jsonl\n  geostance serve --addr 127.0.0.1:50051\n  geostance train --data data/corpus/core.jsonl --out models/mine\n  geostance eval --data gold.jsonl --model models/mine"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Args, Clone)]
struct ModelArgs {
    /// A model directory written by `train` (default: the model built into the binary).
    #[arg(long, value_name = "DIR")]
    model: Option<PathBuf>,
    /// Extra gazetteer entries: a `.tsv` file or a directory of them (see data/actors/README.md).
    #[arg(long, value_name = "PATH")]
    actors: Option<PathBuf>,
}

/// Options of the batch commands, `score` and `analyze`.
#[derive(Args, Clone)]
struct BatchArgs {
    /// Worker threads (default: one a core; at most 16 a core).
    #[arg(long, default_value_t = 0)]
    threads: usize,
    /// Continue an interrupted job: keep the complete lines already in --output, skip the input
    /// records they came from, append the rest.
    #[arg(long)]
    resume: bool,
    /// Only part I (from 0) of N interleaved parts: the input lines with (line - 1) % N == I.
    #[arg(long, value_name = "I/N")]
    shard: Option<Shard>,
    /// Put "line": N (the 1-based input line) first in every output record, to merge shards by.
    #[arg(long)]
    with_line: bool,
    /// Input lines scored at a time; output is flushed after each chunk.
    #[arg(long, value_name = "LINES", default_value_t = batch::CHUNK as u64,
          value_parser = clap::value_parser!(u64).range(1..))]
    chunk: u64,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the gRPC API (StanceService, health, reflection).
    #[command(after_help = "Example:\n  geostance serve --addr 0.0.0.0:50051 --model models/mine")]
    Serve {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:50051")]
        addr: std::net::SocketAddr,
        #[command(flatten)]
        model: ModelArgs,
    },
    /// Find attributed quotes, speakers, targets and stances in articles (SPEC 2.4 → 2.5).
    #[command(
        after_help = "Examples:\n  geostance analyze story.txt\n  geostance analyze articles.jsonl > analysed.jsonl\n  geostance analyze crawl.jsonl.gz --output analysed.jsonl --resume\n  cat story.txt | geostance analyze -"
    )]
    Analyze {
        /// A plain-text article, JSON Lines of {\"id\", \"text\"} (may be .gz), or `-` for stdin.
        input: PathBuf,
        /// Output JSON Lines, or `-` for stdout; a name ending in `.gz` is written gzip-compressed.
        #[arg(long, default_value = "-")]
        output: PathBuf,
        /// Pretty-print a single article's JSON.
        #[arg(long)]
        pretty: bool,
        /// Add each decision's top features.
        #[arg(long)]
        explain: bool,
        #[command(flatten)]
        batch: BatchArgs,
        #[command(flatten)]
        model: ModelArgs,
    },
    /// Score quotes (SPEC 2.1 → 2.2), one output line per input line, in order.
    #[command(
        after_help = "Examples:\n  echo '{\"id\":\"q1\",\"text\":\"We oppose Washington'\\''s sanctions.\",\"speaker_country\":\"CN\"}' | geostance score --input - --output -\n  geostance score --input quotes.jsonl.gz --output scored.jsonl --resume\n  geostance score --input quotes.jsonl --output part-2.jsonl --shard 2/8 --with-line"
    )]
    Score {
        /// Input JSON Lines (may be .gz), or `-` for stdin.
        #[arg(long, default_value = "-")]
        input: PathBuf,
        /// Output JSON Lines, or `-` for stdout; a name ending in `.gz` is written gzip-compressed.
        #[arg(long, default_value = "-")]
        output: PathBuf,
        /// Add each decision's top features.
        #[arg(long)]
        explain: bool,
        #[command(flatten)]
        batch: BatchArgs,
        #[command(flatten)]
        model: ModelArgs,
    },
    /// Fit the stance and sentiment models on labelled quotes (SPEC 2.3) and write a model.
    #[command(
        after_help = "Example (the shipped default model):\n  geostance train --data data/corpus/core.jsonl --out models/default"
    )]
    Train {
        /// Labelled quotes, JSON Lines (repeat for several files).
        #[arg(long, required = true)]
        data: Vec<PathBuf>,
        /// Labelled quotes or gold articles to evaluate the trained model on.
        #[arg(long)]
        dev: Option<PathBuf>,
        /// Output model directory.
        #[arg(long)]
        out: PathBuf,
        /// L2 penalty; a comma-separated list is searched by cross-validated macro-F1.
        #[arg(long, value_delimiter = ',', default_values_t = vec![TrainConfig::default().alpha])]
        alpha: Vec<f32>,
        /// Cross-validation folds.
        #[arg(long, default_value_t = TrainConfig::default().folds)]
        folds: usize,
        /// Seed of the fold assignment.
        #[arg(long, default_value_t = TrainConfig::default().seed)]
        seed: u64,
        /// Hashed feature dimension is 2^bits.
        #[arg(long, default_value_t = FeatureConfig::default().dim_bits)]
        dim_bits: u32,
        /// Word n-gram orders, as `LO-HI`.
        #[arg(long, value_name = "LO-HI", value_parser = parse_range, default_value = "1-3")]
        word_ngrams: (usize, usize),
        /// Character n-grams inside words, as `LO-HI` (e.g. `2-5`); none by default.
        #[arg(long, value_name = "LO-HI", value_parser = parse_range)]
        char_ngrams: Option<(usize, usize)>,
        /// Tokens on each side of a target mention that form its window.
        #[arg(long, default_value_t = FeatureConfig::default().window)]
        window: usize,
        /// At most this many feature columns (the most informative) enter the dense fit.
        #[arg(long, default_value_t = TrainConfig::default().max_columns)]
        max_columns: usize,
        /// Columns used by fewer training rows are left out of the fit.
        #[arg(long, default_value_t = TrainConfig::default().min_df)]
        min_df: usize,
        /// Supervised term weighting exponent γ: idf × (χ² / median χ²)^γ (0: off).
        #[arg(long, default_value_t = TrainConfig::default().chi2_weight)]
        chi2_weight: f32,
        /// L-BFGS iterations of each fit.
        #[arg(long, default_value_t = TrainConfig::default().max_iterations)]
        max_iterations: u64,
        /// Extra gazetteer entries.
        #[arg(long, value_name = "PATH")]
        actors: Option<PathBuf>,
    },
    /// Measure a model on labelled quotes (SPEC 2.3) or gold articles (SPEC 2.6).
    #[command(
        after_help = "Examples:\n  geostance eval --data ../shared/eval/dev_articles.jsonl\n  geostance eval --data dev.jsonl --model models/mine --report report/"
    )]
    Eval {
        /// Labelled quotes or gold articles, JSON Lines.
        #[arg(long)]
        data: PathBuf,
        /// Print the full JSON report instead of the summary.
        #[arg(long)]
        json: bool,
        /// Also write an HTML report with confusion matrices and reliability diagrams here.
        #[arg(long, value_name = "DIR")]
        report: Option<PathBuf>,
        #[command(flatten)]
        model: ModelArgs,
    },
}

/// Runs the command line.
pub fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        // Colour codes only for a terminal, not in a log file.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("geostance: error: {e}");
            ExitCode::from(2)
        }
    }
}

type Fallible<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

fn gazetteer(actors: Option<&Path>) -> geostance::Result<Gazetteer> {
    match actors {
        Some(p) => Gazetteer::with_extension(p),
        None => Gazetteer::builtin(),
    }
}

fn engine(m: &ModelArgs) -> Fallible<Engine> {
    let model = match &m.model {
        Some(dir) => Model::load(dir)?,
        None => Model::builtin()?,
    };
    Ok(Engine::new(model, gazetteer(m.actors.as_deref())?)?)
}

fn run(cmd: Command) -> Fallible<ExitCode> {
    match cmd {
        Command::Serve { addr, model } => {
            let engine = Arc::new(engine(&model)?);
            let rt = tokio::runtime::Runtime::new()?;
            rt.block_on(geostance::service::serve(engine, addr))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Analyze {
            input,
            output,
            pretty,
            explain,
            batch,
            model,
        } => analyze(&input, &output, pretty, explain, &batch, &model),
        Command::Score {
            input,
            output,
            explain,
            batch,
            model,
        } => {
            check_batch_args(&input, &output, &batch)?;
            let engine = engine(&model)?;
            let input_file = open_batch_input(&input)?;
            batch_job(
                Job::Score,
                &engine,
                input_file,
                (&input, &output),
                explain,
                &batch,
            )
        }
        Command::Train {
            data,
            dev,
            out,
            alpha,
            folds,
            seed,
            dim_bits,
            word_ngrams,
            char_ngrams,
            window,
            max_columns,
            min_df,
            chi2_weight,
            max_iterations,
            actors,
        } => {
            if let Some(a) = alpha.iter().find(|a| !(a.is_finite() && **a > 0.0)) {
                return Err(format!("--alpha values must be positive, not {a}").into());
            }
            if !(8..=22).contains(&dim_bits) {
                return Err(format!("--dim-bits must be between 8 and 22, not {dim_bits}").into());
            }
            if !(chi2_weight.is_finite() && (0.0..=4.0).contains(&chi2_weight)) {
                return Err(
                    format!("--chi2-weight must be between 0 and 4, not {chi2_weight}").into(),
                );
            }
            let opts = TrainOptions {
                data,
                features: FeatureConfig {
                    dim_bits,
                    word_ngrams,
                    char_ngrams,
                    window,
                },
                config: TrainConfig {
                    alpha: alpha[0],
                    alpha_grid: if alpha.len() > 1 { alpha } else { Vec::new() },
                    folds,
                    seed,
                    max_columns: max_columns.max(1),
                    max_iterations: max_iterations.max(1),
                    chi2_weight,
                    min_df: min_df.max(1),
                },
            };
            let gaz = gazetteer(actors.as_deref())?;
            let mut model = training::train_model(&opts, gaz)?;
            model.save(&out)?;
            println!("{}", serde_json::to_string_pretty(&model.meta.metrics)?);
            eprintln!(
                "geostance train: wrote {} ({} quotes, {} stance pairs)",
                out.display(),
                model
                    .meta
                    .training_counts
                    .get("quotes")
                    .copied()
                    .unwrap_or(0),
                model
                    .meta
                    .training_counts
                    .get("stance_pairs")
                    .copied()
                    .unwrap_or(0)
            );
            if let Some(dev) = dev {
                let engine = Engine::new(Model::load(&out)?, gazetteer(actors.as_deref())?)?;
                let e = geostance::eval::evaluate_file(&engine, &dev)?;
                print_eval(&e);
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval {
            data,
            json,
            report,
            model,
        } => {
            let engine = engine(&model)?;
            let e = geostance::eval::evaluate_file(&engine, &data)?;
            if let Some(dir) = report {
                let title = format!("geostance eval: {}", data.display());
                geostance::report::write_report(&dir, &title, &e)?;
                eprintln!("geostance eval: wrote {}", dir.join("index.html").display());
            }
            if json {
                println!("{}", serde_json::to_string_pretty(&e)?);
            } else {
                print_eval(&e);
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The two batch commands.
#[derive(Clone, Copy)]
enum Job {
    Score,
    Analyze,
}

impl Job {
    fn name(self) -> &'static str {
        match self {
            Job::Score => "score",
            Job::Analyze => "analyze",
        }
    }
}

fn check_batch_args(input: &Path, output: &Path, b: &BatchArgs) -> Fallible<()> {
    if b.resume && output.as_os_str() == "-" {
        return Err(
            "--resume continues an output file after its last complete line, so it \
                    needs --output FILE; standard output cannot be resumed"
                .into(),
        );
    }
    if output.as_os_str() != "-" && is_input(input, output) {
        return Err(format!(
            "--output {} is the input file{}: writing to it would overwrite the records \
             being read; write to another file",
            output.display(),
            if input.as_os_str() == "-" {
                " (standard input reads it)".to_string()
            } else {
                format!(" {}", input.display())
            }
        )
        .into());
    }
    Ok(())
}

/// Whether the output file is the input (`-`: standard input), under any name: a link, a
/// relative path, a symbolic link. Only a regular file can be: an output that does not exist
/// yet is no input, and writing to a device or a pipe (`/dev/null` on both sides) truncates
/// nothing.
fn is_input(input: &Path, output: &Path) -> bool {
    if !std::fs::metadata(output).is_ok_and(|m| m.is_file()) {
        return false;
    }
    let Ok(out) = same_file::Handle::from_path(output) else {
        return false;
    };
    let inp = if input.as_os_str() == "-" {
        same_file::Handle::stdin()
    } else {
        same_file::Handle::from_path(input)
    };
    inp.is_ok_and(|h| h == out)
}

fn open_batch_input(p: &Path) -> Fallible<Input> {
    Ok(Input::open(p).map_err(|e| format!("{}: {e}", p.display()))?)
}

/// Runs a JSON Lines batch job from `input` to `paths.1`, with a progress bar on a terminal
/// and a summary line at the end; exit code 1 when any record could not be processed.
fn batch_job(
    job: Job,
    engine: &Engine,
    input: Input,
    (in_path, out_path): (&Path, &Path),
    explain: bool,
    b: &BatchArgs,
) -> Fallible<ExitCode> {
    let name = job.name();
    let (out, resumed) = batch::open_output(out_path, b.resume)
        .map_err(|e| format!("{}: {e}", out_path.display()))?;
    if resumed.lines > 0 || resumed.truncated > 0 {
        eprintln!(
            "geostance {name}: resuming {}: {} complete line(s) kept ({} error record(s)){}",
            out_path.display(),
            resumed.lines,
            resumed.errors,
            if resumed.truncated > 0 {
                format!(
                    ", {} of {} byte(s) dropped",
                    if resumed.gzip {
                        "a cut-short gzip member"
                    } else {
                        "a partial last line"
                    },
                    resumed.truncated
                )
            } else {
                String::new()
            }
        );
    }
    let workers = batch::worker_threads(b.threads);
    if b.threads > workers {
        eprintln!(
            "geostance {name}: --threads {} is more than {} a core: using {workers}",
            b.threads,
            batch::MAX_THREADS_PER_CORE
        );
    }
    let progress = Progress::start(name, input.size.map(|s| (input.read_bytes.clone(), s)));
    let opts = BatchOptions {
        threads: b.threads,
        explain,
        shard: b.shard,
        with_line: b.with_line,
        chunk: usize::try_from(b.chunk).unwrap_or(usize::MAX),
        skip: resumed.lines,
        counters: Some(progress.counters()),
    };
    let result = match job {
        Job::Score => batch::score(engine, input.reader, out, &opts),
        Job::Analyze => batch::analyze(engine, input.reader, out, &opts),
    };
    progress.finish();
    if let Err(e) = &result {
        if e.kind() == std::io::ErrorKind::BrokenPipe && out_path.as_os_str() == "-" {
            // The reader of stdout went away (`| head`): stop quietly, as a killed pipe would.
            return Ok(ExitCode::from(141));
        }
    }
    let summary = result.map_err(|e| {
        format!(
            "{name} {} -> {}: {e}",
            in_path.display(),
            out_path.display()
        )
    })?;
    eprintln!("geostance {name}: {summary}");
    let errors = summary.errors + resumed.errors;
    if errors > 0 {
        eprintln!(
            "geostance {name}: {errors} line(s) could not be {}; see the error records in the output",
            match job {
                Job::Score => "scored",
                Job::Analyze => "analysed",
            }
        );
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// `analyze`: JSON Lines of articles (or nothing) go through the batch runner; anything else is
/// one plain-text article.
fn analyze(
    in_path: &Path,
    out_path: &Path,
    pretty: bool,
    explain: bool,
    b: &BatchArgs,
    model: &ModelArgs,
) -> Fallible<ExitCode> {
    check_batch_args(in_path, out_path, b)?;
    let engine = engine(model)?;
    let mut input = open_batch_input(in_path)?;
    let first = input
        .peek_first_line(batch::MAX_LINE_BYTES)
        .map_err(|e| format!("{}: {e}", in_path.display()))?;
    // An input with nothing but white space (a day without news, in a pipeline) is an empty
    // batch, not an empty article: no output, exit 0.
    let is_jsonl = first.as_deref().is_none_or(|l| {
        l.trim_start().starts_with('{')
            && (l.len() >= batch::MAX_LINE_BYTES
                || serde_json::from_str::<serde_json::Value>(l).is_ok())
    });
    if is_jsonl {
        return batch_job(
            Job::Analyze,
            &engine,
            input,
            (in_path, out_path),
            explain,
            b,
        );
    }
    // One plain-text article.
    if b.shard.is_some() {
        return Err(format!(
            "--shard splits JSON Lines of articles; {} is one plain-text article",
            in_path.display()
        )
        .into());
    }
    if b.resume && pretty {
        return Err("--resume continues one-line records; it cannot be used with --pretty".into());
    }
    let start = std::time::Instant::now();
    let limit = geostance::MAX_ARTICLE_BYTES;
    let mut bytes = Vec::new();
    (&mut input.reader)
        .take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("{}: {e}", in_path.display()))?;
    if bytes.len() > limit {
        return Err(format!(
            "{}: invalid text: the article is over the limit of {limit} bytes",
            in_path.display()
        )
        .into());
    }
    let raw = String::from_utf8(bytes)
        .map_err(|e| format!("{}: the article is not UTF-8 text: {e}", in_path.display()))?;
    let (mut out, resumed) = batch::open_output(out_path, b.resume)
        .map_err(|e| format!("{}: {e}", out_path.display()))?;
    if resumed.lines > 0 {
        eprintln!(
            "geostance analyze: {} already holds the analysed article; nothing to do",
            out_path.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let id = in_path
        .file_stem()
        .filter(|_| in_path.as_os_str() != "-")
        .map_or_else(|| "stdin".to_string(), |s| s.to_string_lossy().into_owned());
    let a = engine.analyze(RecordId::Str(id), &raw, explain)?;
    if pretty {
        serde_json::to_writer_pretty(&mut out, &a)?;
    } else {
        serde_json::to_writer(&mut out, &a)?;
    }
    writeln!(out)?;
    out.flush()?;
    let summary = batch::Summary {
        items: 1,
        errors: 0,
        elapsed: start.elapsed(),
    };
    eprintln!("geostance analyze: {summary}");
    Ok(ExitCode::SUCCESS)
}

fn print_report(name: &str, r: &geostance::model::metrics::Report) {
    print!("{name}: n={} macro-F1 {:.3}", r.n, r.macro_f1);
    if let Some(f) = r.f_avg {
        print!(" F_avg {f:.3}");
    }
    println!(" accuracy {:.3} ECE {:.3}", r.accuracy, r.ece);
    for l in &r.per_label {
        println!(
            "  {:<9} P {:.3} R {:.3} F1 {:.3} (n={})",
            l.label, l.precision, l.recall, l.f1, l.support
        );
    }
    println!(
        "  confusion (rows gold, columns predicted): {:?}",
        r.confusion
    );
}

fn print_eval(e: &geostance::eval::Evaluation) {
    use geostance::eval::Evaluation;
    match e {
        Evaluation::Quotes(q) => {
            println!("labelled quotes: {}", q.quotes);
            print_report("stance", &q.stance);
            if let Some(s) = &q.sentiment {
                print_report("sentiment", s);
            }
        }
        Evaluation::Articles(a) => {
            let prf = |n: &str, p: &geostance::eval::Prf| {
                println!(
                    "{n}: P {:.3} R {:.3} F1 {:.3} (gold {}, predicted {}, matched {})",
                    p.precision, p.recall, p.f1, p.gold, p.predicted, p.matched
                )
            };
            println!("articles: {}", a.articles);
            prf("quotes", &a.quotes);
            println!("speaker accuracy: {:.3}", a.speaker_accuracy);
            println!(
                "speaker country accuracy: {:.3}",
                a.speaker_country_accuracy
            );
            prf("targets", &a.targets);
            prf("end to end", &a.end_to_end);
            if let Some(s) = &a.stance {
                print_report("stance on matched gold pairs", s);
            }
            for m in &a.missed {
                println!("  missed: {m}");
            }
            for s in &a.spurious {
                println!("  spurious: {s}");
            }
            for w in &a.wrong_speakers {
                println!("  wrong speaker: {w}");
            }
        }
    }
}

/// Parses `LO-HI` (1 ≤ LO ≤ HI ≤ 8).
fn parse_range(s: &str) -> std::result::Result<(usize, usize), String> {
    let (lo, hi) = s
        .split_once('-')
        .ok_or_else(|| format!("expected LO-HI such as 2-5, not `{s}`"))?;
    let parse = |x: &str| {
        x.trim()
            .parse::<usize>()
            .map_err(|_| format!("`{x}` is not a whole number"))
    };
    let (lo, hi) = (parse(lo)?, parse(hi)?);
    if !(1..=hi).contains(&lo) || hi > 8 {
        return Err(format!("need 1 <= LO <= HI <= 8, not {lo}-{hi}"));
    }
    Ok((lo, hi))
}
