//! Commands of SPEC section 3: serve, analyze, score, train, eval.
use clap::{Args, Parser, Subcommand};
use geostance::actors::Gazetteer;
use geostance::batch::{self, BatchOptions};
use geostance::features::FeatureConfig;
use geostance::model::{Model, TrainConfig};
use geostance::records::RecordId;
use geostance::training::{self, TrainOptions};
use geostance::Engine;
use std::io::{BufRead, BufReader, Read, Write};
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
        after_help = "Examples:\n  geostance analyze story.txt\n  geostance analyze articles.jsonl > analysed.jsonl\n  cat story.txt | geostance analyze -"
    )]
    Analyze {
        /// A plain-text article, JSON Lines of {\"id\", \"text\"}, or `-` for stdin.
        input: PathBuf,
        /// Pretty-print a single article's JSON.
        #[arg(long)]
        pretty: bool,
        /// Add each decision's top features.
        #[arg(long)]
        explain: bool,
        /// Worker threads (default: all cores).
        #[arg(long, default_value_t = 0)]
        threads: usize,
        #[command(flatten)]
        model: ModelArgs,
    },
    /// Score quotes (SPEC 2.1 → 2.2), one output line per input line, in order.
    #[command(
        after_help = "Example:\n  echo '{\"id\":\"q1\",\"text\":\"We oppose Washington'\\''s sanctions.\",\"speaker_country\":\"CN\"}' | geostance score --input - --output -"
    )]
    Score {
        /// Input JSON Lines, or `-` for stdin.
        #[arg(long, default_value = "-")]
        input: PathBuf,
        /// Output JSON Lines, or `-` for stdout.
        #[arg(long, default_value = "-")]
        output: PathBuf,
        /// Add each decision's top features.
        #[arg(long)]
        explain: bool,
        /// Worker threads (default: all cores).
        #[arg(long, default_value_t = 0)]
        threads: usize,
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
        /// L2 penalty.
        #[arg(long, default_value_t = TrainConfig::default().alpha)]
        alpha: f32,
        /// Cross-validation folds.
        #[arg(long, default_value_t = TrainConfig::default().folds)]
        folds: usize,
        /// Seed of the fold assignment.
        #[arg(long, default_value_t = TrainConfig::default().seed)]
        seed: u64,
        /// Hashed feature dimension is 2^bits.
        #[arg(long, default_value_t = FeatureConfig::default().dim_bits)]
        dim_bits: u32,
        /// Extra gazetteer entries.
        #[arg(long, value_name = "PATH")]
        actors: Option<PathBuf>,
    },
    /// Measure a model on labelled quotes (SPEC 2.3) or gold articles (SPEC 2.6).
    #[command(after_help = "Example:\n  geostance eval --data ../shared/eval/dev_articles.jsonl")]
    Eval {
        /// Labelled quotes or gold articles, JSON Lines.
        #[arg(long)]
        data: PathBuf,
        /// Print the full JSON report instead of the summary.
        #[arg(long)]
        json: bool,
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

fn open_input(p: &Path) -> Fallible<Box<dyn BufRead>> {
    if p.as_os_str() == "-" {
        return Ok(Box::new(BufReader::new(std::io::stdin())));
    }
    let f = std::fs::File::open(p).map_err(|e| format!("{}: {e}", p.display()))?;
    Ok(Box::new(BufReader::new(f)))
}

fn open_output(p: &Path) -> Fallible<Box<dyn Write>> {
    if p.as_os_str() == "-" {
        return Ok(Box::new(std::io::BufWriter::new(std::io::stdout())));
    }
    let f = std::fs::File::create(p).map_err(|e| format!("{}: {e}", p.display()))?;
    Ok(Box::new(std::io::BufWriter::new(f)))
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
            pretty,
            explain,
            threads,
            model,
        } => {
            let engine = engine(&model)?;
            let mut raw = String::new();
            open_input(&input)?.read_to_string(&mut raw)?;
            let is_jsonl = raw.trim_start().starts_with('{')
                && raw
                    .lines()
                    .find(|l| !l.trim().is_empty())
                    .is_some_and(|l| serde_json::from_str::<serde_json::Value>(l).is_ok());
            let mut out = std::io::BufWriter::new(std::io::stdout());
            if is_jsonl {
                let opts = BatchOptions { threads, explain };
                let summary = batch::analyze(&engine, raw.as_bytes(), &mut out, &opts)?;
                eprintln!("geostance analyze: {summary}");
                return Ok(if summary.errors > 0 {
                    ExitCode::from(1)
                } else {
                    ExitCode::SUCCESS
                });
            }
            let id = input
                .file_stem()
                .map_or_else(|| "stdin".to_string(), |s| s.to_string_lossy().into_owned());
            let a = engine.analyze(RecordId::Str(id), &raw, explain)?;
            if pretty {
                serde_json::to_writer_pretty(&mut out, &a)?;
            } else {
                serde_json::to_writer(&mut out, &a)?;
            }
            writeln!(out)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Score {
            input,
            output,
            explain,
            threads,
            model,
        } => {
            let engine = engine(&model)?;
            let opts = BatchOptions { threads, explain };
            let summary = batch::score(&engine, open_input(&input)?, open_output(&output)?, &opts)?;
            eprintln!("geostance score: {summary}");
            if summary.errors > 0 {
                eprintln!(
                    "geostance score: {} line(s) could not be scored; see the error records in the output",
                    summary.errors
                );
                return Ok(ExitCode::from(1));
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Train {
            data,
            dev,
            out,
            alpha,
            folds,
            seed,
            dim_bits,
            actors,
        } => {
            if !(8..=22).contains(&dim_bits) {
                return Err(format!("--dim-bits must be between 8 and 22, not {dim_bits}").into());
            }
            let opts = TrainOptions {
                data,
                features: FeatureConfig {
                    dim_bits,
                    ..FeatureConfig::default()
                },
                config: TrainConfig {
                    alpha,
                    folds,
                    seed,
                    ..TrainConfig::default()
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
        Command::Eval { data, json, model } => {
            let engine = engine(&model)?;
            let e = geostance::eval::evaluate_file(&engine, &data)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&e)?);
            } else {
                print_eval(&e);
            }
            Ok(ExitCode::SUCCESS)
        }
    }
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
