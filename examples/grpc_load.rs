//! gRPC load generator (issue 6): unary `ScoreQuote` and streaming `ScoreQuotes` over loopback at
//! several concurrencies, against the real service and, in the same run, against a trivial tonic
//! service with the same API that answers every request with a canned response. The ratio of the
//! two rates shows what the model costs. Prints requests/s, p50 and p99 latency, and the
//! process's peak memory while each service was under load.
//!
//! ```sh
//! cargo run --release --example grpc_load -- [--requests 20000] [--concurrency 1,4,16,64] \
//!     [--rpc unary,stream] [--json FILE] [--connect HOST:PORT] [--quotes FILE]
//! ```
//!
//! `--quotes FILE`: the quotes to send, JSON Lines of quote records (default
//! `data/corpus/core.jsonl`); `bench/throughput.py` passes the quotes it times `score` on, so
//! that the stream, the engine alone and the CLI are compared on the same input.
//! `--json FILE` also writes the results as JSON (for `bench/throughput.py`). `--connect` loads a
//! server already running elsewhere (`geostance serve`) instead, with no trivial service beside it
//! and no CPU reading: its process's memory and CPU are the caller's to read.
//!
//! Both servers run in this process on 127.0.0.1 (port chosen by the OS), on a tokio runtime of
//! their own (threads named `srv`, blocking pool included), the clients on another (`cli`), so
//! both services pay the same client costs and the CPU time of each side is read apart (Linux:
//! `/proc/self/task/*/schedstat`). Beside the rates it prints each service's CPU time per request
//! and, for streams, the items the server scores per CPU-second against `Engine::score` called
//! directly on one thread with the same quotes: the issue's "same speed as the CLI per core".

use geostance::pb;
use geostance::pb::stance_service_client::StanceServiceClient;
use geostance::pb::stance_service_server::{StanceService, StanceServiceServer};
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::runtime::Handle;
use tokio_stream::{Stream, StreamExt};
use tonic::transport::Channel;
use tonic::{Request, Response, Status, Streaming};

/// The allocator of the `geostance` binary, so that the served model costs what it does there
/// (with its settings: `main` turns transparent huge pages off as the binary does).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

type Fallible<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// Name of the server runtime's threads (workers and blocking pool); the clients' are `cli`.
const SERVER_THREADS: &str = "srv";

/// The trivial peer: same API, canned answers, no model.
#[derive(Clone)]
struct Trivial;

fn canned(id: String) -> pb::ScoreQuoteResponse {
    pb::ScoreQuoteResponse {
        id,
        sentiment: Some(pb::SentimentResult {
            label: pb::Sentiment::Neutral as i32,
            scores: Some(pb::SentimentScores {
                positive: 0.2,
                neutral: 0.6,
                negative: 0.2,
            }),
            explanation: Vec::new(),
        }),
        targets: vec![pb::TargetStance {
            target: "US".into(),
            stance: pb::Stance::Neutral as i32,
            scores: Some(pb::StanceScores {
                favor: 0.2,
                against: 0.2,
                neutral: 0.6,
            }),
            mentions: vec![pb::Mention {
                text: "Washington".into(),
                start: 0,
                end: 10,
                kind: pb::MentionKind::Seat as i32,
            }],
            explanation: Vec::new(),
        }],
    }
}

type ItemStream = Pin<Box<dyn Stream<Item = Result<pb::ScoreQuotesItem, Status>> + Send>>;

#[tonic::async_trait]
impl StanceService for Trivial {
    async fn score_quote(
        &self,
        req: Request<pb::ScoreQuoteRequest>,
    ) -> Result<Response<pb::ScoreQuoteResponse>, Status> {
        Ok(Response::new(canned(req.into_inner().id)))
    }

    type ScoreQuotesStream = ItemStream;

    async fn score_quotes(
        &self,
        req: Request<Streaming<pb::ScoreQuoteRequest>>,
    ) -> Result<Response<Self::ScoreQuotesStream>, Status> {
        let mut input = req.into_inner();
        let (tx, rx) = tokio::sync::mpsc::channel(64);
        tokio::spawn(async move {
            let mut index = 0u64;
            while let Some(item) = input.next().await {
                let msg = item.map(|r| pb::ScoreQuotesItem {
                    id: r.id.clone(),
                    index,
                    result: Some(pb::score_quotes_item::Result::Scored(canned(r.id))),
                });
                let stop = msg.is_err();
                if tx.send(msg).await.is_err() || stop {
                    break;
                }
                index += 1;
            }
        });
        Ok(Response::new(Box::pin(
            tokio_stream::wrappers::ReceiverStream::new(rx),
        )))
    }

    async fn analyze_article(
        &self,
        _req: Request<pb::AnalyzeArticleRequest>,
    ) -> Result<Response<pb::AnalyzeArticleResponse>, Status> {
        Err(Status::unimplemented(
            "the trivial service does not analyse",
        ))
    }

    async fn get_model_info(
        &self,
        _req: Request<pb::GetModelInfoRequest>,
    ) -> Result<Response<pb::ModelInfo>, Status> {
        Ok(Response::new(pb::ModelInfo::default()))
    }
}

/// A listener on a loopback port chosen by the OS, to be handed to the server runtime.
fn loopback() -> Fallible<(std::net::TcpListener, std::net::SocketAddr)> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    listener.set_nonblocking(true)?;
    let addr = listener.local_addr()?;
    Ok((listener, addr))
}

/// One of the two services, listening on loopback.
struct Server {
    name: &'static str,
    addr: std::net::SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Server {
    fn geostance(rt: &Handle, engine: Arc<geostance::Engine>) -> Fallible<Server> {
        let (listener, addr) = loopback()?;
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        rt.spawn(async move {
            let listener = match tokio::net::TcpListener::from_std(listener) {
                Ok(l) => l,
                Err(e) => return eprintln!("geostance server: {e}"),
            };
            let stop = async {
                let _ = rx.await;
            };
            if let Err(e) = geostance::service::serve_with_listener(engine, listener, stop).await {
                eprintln!("geostance server: {e}");
            }
        });
        Ok(Server {
            name: "geostance",
            addr,
            stop: Some(tx),
        })
    }

    fn trivial(rt: &Handle) -> Fallible<Server> {
        let (listener, addr) = loopback()?;
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        rt.spawn(async move {
            let listener = match tokio::net::TcpListener::from_std(listener) {
                Ok(l) => l,
                Err(e) => return eprintln!("trivial server: {e}"),
            };
            // As the real server (`geostance::service::serve_with_listener`): TCP_NODELAY on.
            let incoming =
                tonic::transport::server::TcpIncoming::from(listener).with_nodelay(Some(true));
            let stop = async {
                let _ = rx.await;
            };
            if let Err(e) = tonic::transport::Server::builder()
                .add_service(StanceServiceServer::new(Trivial))
                .serve_with_incoming_shutdown(incoming, stop)
                .await
            {
                eprintln!("trivial server: {e}");
            }
        });
        Ok(Server {
            name: "trivial",
            addr,
            stop: Some(tx),
        })
    }

    fn external(addr: std::net::SocketAddr) -> Server {
        Server {
            name: "server",
            addr,
            stop: None,
        }
    }

    async fn client(&self) -> Fallible<StanceServiceClient<Channel>> {
        let ch = tonic::transport::Endpoint::from_shared(format!("http://{}", self.addr))?
            .connect()
            .await?;
        Ok(StanceServiceClient::new(ch))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
    }
}

/// Rate and latency of one run.
#[derive(Debug, Clone, Copy)]
struct Measured {
    /// Requests answered.
    n: usize,
    rps: f64,
    p50: Duration,
    p99: Duration,
    /// The server side's CPU time per request (all its threads), when it runs in this process.
    server_cpu: Option<Duration>,
}

fn measured(n: usize, wall: Duration, mut lat: Vec<u64>) -> Measured {
    lat.sort_unstable();
    let q = |p: f64| {
        let i = ((lat.len() as f64 - 1.0) * p).round() as usize;
        Duration::from_nanos(lat.get(i).copied().unwrap_or(0))
    };
    Measured {
        n,
        rps: n as f64 / wall.as_secs_f64(),
        p50: q(0.50),
        p99: q(0.99),
        server_cpu: None,
    }
}

/// The CPU time so far of this process's threads whose name starts with `prefix` (Linux; zero
/// where /proc does not tell). The server runtime's threads stay alive for the whole run (see
/// `main`), so no thread's time is lost between two readings.
fn threads_cpu(prefix: &str) -> Duration {
    let mut ns = 0u64;
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return Duration::ZERO;
    };
    for t in tasks.flatten() {
        let dir = t.path();
        let named = std::fs::read_to_string(dir.join("comm")).is_ok_and(|c| c.starts_with(prefix));
        if !named {
            continue;
        }
        // schedstat: time on the CPU (ns), time waiting, time slices.
        if let Some(v) = std::fs::read_to_string(dir.join("schedstat"))
            .ok()
            .and_then(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        {
            ns += v;
        }
    }
    Duration::from_nanos(ns)
}

/// This thread's CPU time so far (Linux; zero where /proc does not tell).
fn thread_cpu() -> Duration {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        .map_or(Duration::ZERO, Duration::from_nanos)
}

/// Quotes per CPU-second of `Engine::score` called directly on this thread, over the quotes the
/// generator sends (`n` of them, as the runs do), with no gRPC at all.
fn engine_alone(
    engine: &geostance::Engine,
    quotes: &[(String, String)],
    n: usize,
) -> Fallible<f64> {
    let inputs: Vec<geostance::records::QuoteInput> = (0..n)
        .map(|i| {
            let (text, sc) = &quotes[i % quotes.len()];
            geostance::records::QuoteInput {
                id: geostance::records::RecordId::Str(format!("q{i}")),
                text: text.clone(),
                speaker: None,
                speaker_country: (!sc.is_empty()).then(|| sc.clone()),
                context: None,
                targets: None,
            }
        })
        .collect();
    let start = thread_cpu();
    for q in &inputs {
        std::hint::black_box(engine.score(q, false)?);
    }
    let cpu = thread_cpu() - start;
    Ok(n as f64 / cpu.as_secs_f64().max(1e-9))
}

fn request(quotes: &[(String, String)], i: usize) -> pb::ScoreQuoteRequest {
    let (text, sc) = &quotes[i % quotes.len()];
    pb::ScoreQuoteRequest {
        id: format!("q{i}"),
        text: text.clone(),
        speaker_country: sc.clone(),
        ..Default::default()
    }
}

/// `n` unary calls from `conc` concurrent callers on one HTTP/2 connection.
async fn unary(
    client: &StanceServiceClient<Channel>,
    quotes: &Arc<Vec<(String, String)>>,
    n: usize,
    conc: usize,
) -> Fallible<Measured> {
    let next = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let mut tasks = Vec::with_capacity(conc);
    for _ in 0..conc {
        let (mut client, quotes, next) = (client.clone(), quotes.clone(), next.clone());
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= n {
                    break;
                }
                let t = Instant::now();
                client.score_quote(request(&quotes, i)).await?;
                lat.push(t.elapsed().as_nanos() as u64);
            }
            Ok::<_, Status>(lat)
        }));
    }
    let mut lat = Vec::with_capacity(n);
    for t in tasks {
        lat.extend(t.await??);
    }
    Ok(measured(n, start.elapsed(), lat))
}

/// `conc` concurrent `ScoreQuotes` streams of `n / conc` items each; an item's latency runs from
/// when the client hands it to the stream to when its answer arrives.
async fn streaming(
    client: &StanceServiceClient<Channel>,
    quotes: &Arc<Vec<(String, String)>>,
    n: usize,
    conc: usize,
) -> Fallible<Measured> {
    let per = n / conc;
    let start = Instant::now();
    let mut tasks = Vec::with_capacity(conc);
    for s in 0..conc {
        let (mut client, quotes) = (client.clone(), quotes.clone());
        tasks.push(tokio::spawn(async move {
            let sent: Arc<Vec<AtomicU64>> = Arc::new((0..per).map(|_| AtomicU64::new(0)).collect());
            let marks = sent.clone();
            let reqs = tokio_stream::iter(0..per).map(move |i| {
                marks[i].store(start.elapsed().as_nanos() as u64, Ordering::Relaxed);
                request(&quotes, s * per + i)
            });
            let mut answers = client.score_quotes(reqs).await?.into_inner();
            let mut lat = Vec::with_capacity(per);
            while let Some(item) = answers.message().await? {
                let now = start.elapsed().as_nanos() as u64;
                let i = item.index as usize;
                lat.push(now.saturating_sub(sent[i].load(Ordering::Relaxed)));
            }
            if lat.len() != per {
                return Err(Status::data_loss(format!("{} of {per} answers", lat.len())));
            }
            Ok::<_, Status>(lat)
        }));
    }
    let mut lat = Vec::with_capacity(n);
    for t in tasks {
        lat.extend(t.await??);
    }
    Ok(measured(per * conc, start.elapsed(), lat))
}

/// Resets the process's peak resident set (Linux), so that the next reading covers what follows.
fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// The process's peak resident set in MB, where /proc tells it.
fn peak_rss_mb() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// The quotes of the run, `(text, speaker_country)`, from JSON Lines of quote records (SPEC 2.1).
fn load_quotes(path: &std::path::Path) -> Fallible<Vec<(String, String)>> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut quotes = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line)?;
        let text = v["text"].as_str().unwrap_or_default().to_string();
        let sc = v["speaker_country"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        quotes.push((text, sc));
    }
    if quotes.is_empty() {
        return Err(format!("{}: no quotes", path.display()).into());
    }
    Ok(quotes)
}

struct Args {
    requests: usize,
    concurrency: Vec<usize>,
    unary: bool,
    stream: bool,
    json: Option<std::path::PathBuf>,
    connect: Option<std::net::SocketAddr>,
    quotes: std::path::PathBuf,
}

fn args() -> Fallible<Args> {
    let mut a = Args {
        requests: 20_000,
        concurrency: vec![1, 4, 16, 64],
        unary: true,
        stream: true,
        json: None,
        connect: None,
        quotes: concat!(env!("CARGO_MANIFEST_DIR"), "/data/corpus/core.jsonl").into(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--requests" => a.requests = value.parse()?,
            "--concurrency" => {
                a.concurrency = value
                    .split(',')
                    .map(|c| c.trim().parse::<usize>())
                    .collect::<Result<_, _>>()?;
            }
            "--rpc" => {
                (a.unary, a.stream) = (false, false);
                for rpc in value.split(',') {
                    match rpc.trim() {
                        "unary" => a.unary = true,
                        "stream" => a.stream = true,
                        other => {
                            return Err(format!(
                                "--rpc: unknown RPC {other:?}; use unary, stream or both"
                            )
                            .into())
                        }
                    }
                }
            }
            "--json" => a.json = Some(value.into()),
            "--quotes" => a.quotes = value.into(),
            "--connect" => {
                a.connect = Some(
                    value
                        .parse()
                        .map_err(|e| format!("--connect {value}: {e} (HOST:PORT, numeric)"))?,
                );
            }
            other => return Err(format!("unknown option {other}; see the file's header").into()),
        }
    }
    if a.concurrency.iter().any(|&c| c == 0 || c > a.requests) {
        return Err("each concurrency must be between 1 and --requests".into());
    }
    Ok(a)
}

/// The two RPCs the generator drives.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Rpc {
    Unary,
    Stream,
}

impl Rpc {
    fn label(self) -> &'static str {
        match self {
            Rpc::Unary => "ScoreQuote (unary)",
            Rpc::Stream => "ScoreQuotes (stream)",
        }
    }

    /// Its name in the JSON results and in `--rpc`.
    fn key(self) -> &'static str {
        match self {
            Rpc::Unary => "unary",
            Rpc::Stream => "stream",
        }
    }
}

/// The warm-up calls before each service's runs (connection, engine caches, allocator).
const WARM_UP: usize = 500;

type Row = (Rpc, usize, Measured, Measured);

/// One service's runs: (RPC, concurrency, result), and the process's peak RSS meanwhile.
struct ServiceRuns {
    name: &'static str,
    runs: Vec<(Rpc, usize, Measured)>,
    peak_rss_mb: Option<f64>,
}

/// The runs of `a` against one service; the server's CPU per request is read when it runs in
/// this process.
async fn load(
    a: &Args,
    server: &Server,
    quotes: &Arc<Vec<(String, String)>>,
) -> Fallible<ServiceRuns> {
    let client = server.client().await?;
    unary(&client, quotes, WARM_UP.min(a.requests), 4).await?;
    reset_peak_rss();
    let mut runs = Vec::new();
    let plan = a
        .concurrency
        .iter()
        .filter(|_| a.unary)
        .map(|&c| (Rpc::Unary, c))
        .chain(
            a.concurrency
                .iter()
                .filter(|_| a.stream)
                .map(|&c| (Rpc::Stream, c)),
        );
    for (rpc, c) in plan {
        let cpu0 = threads_cpu(SERVER_THREADS);
        let mut m = match rpc {
            Rpc::Stream => streaming(&client, quotes, a.requests, c).await?,
            Rpc::Unary => unary(&client, quotes, a.requests, c).await?,
        };
        if a.connect.is_none() {
            m.server_cpu = Some((threads_cpu(SERVER_THREADS) - cpu0) / m.n.max(1) as u32);
        }
        eprintln!(
            "{:>9} {:<20} x{c:<3} {:>9.0} req/s  p50 {:>8.2?}  p99 {:>8.2?}  server CPU {}/req",
            server.name,
            rpc.label(),
            m.rps,
            m.p50,
            m.p99,
            cpu_text(m.server_cpu)
        );
        runs.push((rpc, c, m));
    }
    Ok(ServiceRuns {
        name: server.name,
        runs,
        peak_rss_mb: if a.connect.is_none() {
            peak_rss_mb()
        } else {
            None
        },
    })
}

fn cpu_text(d: Option<Duration>) -> String {
    d.map_or("—".into(), |d| format!("{d:.2?}"))
}

/// The results as JSON, for scripts.
fn to_json(a: &Args, results: &[ServiceRuns], alone: Option<f64>) -> serde_json::Value {
    let us = |d: Duration| d.as_secs_f64() * 1e6;
    serde_json::json!({
        "requests": a.requests,
        "cores": std::thread::available_parallelism().map_or(1, |n| n.get()),
        "engine_alone_per_cpu_s": alone,
        "warm_up_requests": WARM_UP.min(a.requests),
        "services": results.iter().map(|r| serde_json::json!({
            "name": r.name,
            "peak_rss_mb": r.peak_rss_mb,
            "runs": r.runs.iter().map(|(rpc, c, m)| serde_json::json!({
                "rpc": rpc.key(),
                "concurrency": c,
                "requests": m.n,
                "rps": m.rps,
                "p50_us": us(m.p50),
                "p99_us": us(m.p99),
                "server_cpu_us": m.server_cpu.map(us),
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

async fn run(
    a: &Args,
    servers: &Handle,
    engine: Option<Arc<geostance::Engine>>,
    quotes: Arc<Vec<(String, String)>>,
    alone: Option<f64>,
) -> Fallible<()> {
    let list = match (a.connect, engine) {
        (Some(addr), _) => vec![Server::external(addr)],
        (None, Some(engine)) => vec![
            Server::trivial(servers)?,
            Server::geostance(servers, engine)?,
        ],
        (None, None) => return Err("no engine to serve".into()),
    };
    let mut results: Vec<ServiceRuns> = Vec::new();
    for server in &list {
        results.push(load(a, server, &quotes).await?);
    }
    if let Some(path) = &a.json {
        let text = serde_json::to_string_pretty(&to_json(a, &results, alone))?;
        std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    if a.connect.is_some() {
        println!("| RPC | concurrency | req/s | p50 | p99 |");
        println!("|---|---:|---:|---:|---:|");
        for (rpc, c, m) in &results[0].runs {
            println!(
                "| {} | {c} | {:.0} | {:.2?} | {:.2?} |",
                rpc.label(),
                m.rps,
                m.p50,
                m.p99
            );
        }
        return Ok(());
    }
    let (trivial, real) = (&results[0], &results[1]);
    let rows: Vec<Row> = real
        .runs
        .iter()
        .zip(&trivial.runs)
        .map(|(r, t)| (r.0, r.1, r.2, t.2))
        .collect();
    println!(
        "{} requests per run; {} cores; process peak RSS under load: {} {}, {} {}",
        a.requests,
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        real.name,
        real.peak_rss_mb
            .map_or("?".into(), |m| format!("{m:.0} MB")),
        trivial.name,
        trivial
            .peak_rss_mb
            .map_or("?".into(), |m| format!("{m:.0} MB")),
    );
    println!();
    println!("| RPC | concurrency | geostance req/s | p50 | p99 | server CPU/req | trivial req/s | p50 | p99 | server CPU/req | geostance ÷ trivial |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    let mut worst = f64::INFINITY;
    for &(rpc, c, g, t) in &rows {
        let ratio = g.rps / t.rps;
        worst = worst.min(ratio);
        println!(
            "| {} | {c} | {:.0} | {:.2?} | {:.2?} | {} | {:.0} | {:.2?} | {:.2?} | {} | {ratio:.2} |",
            rpc.label(),
            g.rps,
            g.p50,
            g.p99,
            cpu_text(g.server_cpu),
            t.rps,
            t.p50,
            t.p99,
            cpu_text(t.server_cpu)
        );
    }
    println!();
    println!(
        "lowest geostance ÷ trivial ratio: {worst:.2} (goal >= 0.6: {})",
        if worst >= 0.6 { "meets" } else { "MISSES" }
    );
    // Per core: what the server's threads spent per streamed item against the engine alone.
    if let Some(alone) = alone {
        println!("Engine::score alone, one thread, same quotes: {alone:.0} quotes per CPU-second");
        for &(rpc, c, g, _) in rows.iter().filter(|r| r.0 == Rpc::Stream) {
            let Some(cpu) = g.server_cpu.filter(|d| !d.is_zero()) else {
                continue;
            };
            let per_cpu = 1.0 / cpu.as_secs_f64();
            println!(
                "{} x{c}: the server scores {per_cpu:.0} items per CPU-second of its threads, {:.2} of the engine alone",
                rpc.label(),
                per_cpu / alone
            );
        }
    }
    Ok(())
}

/// A runtime whose threads (workers and blocking pool) are named `name`; blocking threads live
/// for the whole run, so that the CPU time they spent stays readable.
fn runtime(name: &str) -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .thread_name(name)
        .thread_keep_alive(Duration::from_secs(24 * 3600))
        .enable_all()
        .build()
}

fn main() -> std::process::ExitCode {
    geostance::process::disable_transparent_huge_pages();
    let a = match args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("grpc_load: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    let setup = || -> Fallible<_> {
        let quotes = Arc::new(load_quotes(&a.quotes)?);
        // Against a server elsewhere, no engine here.
        let (engine, alone) = if a.connect.is_none() {
            let engine = Arc::new(geostance::Engine::builtin()?);
            let alone = engine_alone(&engine, &quotes, a.requests)?;
            (Some(engine), Some(alone))
        } else {
            (None, None)
        };
        Ok((
            runtime(SERVER_THREADS)?,
            runtime("cli")?,
            engine,
            quotes,
            alone,
        ))
    };
    let result = setup().and_then(|(servers, clients, engine, quotes, alone)| {
        clients.block_on(run(&a, servers.handle(), engine, quotes, alone))
    });
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("grpc_load: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
