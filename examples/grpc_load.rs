//! gRPC load generator (issue 6): unary `ScoreQuote` and streaming `ScoreQuotes` over loopback at
//! several concurrencies, against the real service and, in the same run, against a trivial tonic
//! service with the same API that answers every request with a canned response. The ratio of the
//! two rates shows what the model costs. Prints requests/s, p50 and p99 latency, and the
//! process's peak memory while each service was under load.
//!
//! ```sh
//! cargo run --release --example grpc_load -- [--requests 20000] [--concurrency 1,4,16,64]
//! ```
//!
//! Both servers run in this process on 127.0.0.1 (port chosen by the OS), on the same tokio
//! runtime as the clients, so both pay the same client costs.

use geostance::pb;
use geostance::pb::stance_service_client::StanceServiceClient;
use geostance::pb::stance_service_server::{StanceService, StanceServiceServer};
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio_stream::{Stream, StreamExt};
use tonic::transport::Channel;
use tonic::{Request, Response, Status, Streaming};

/// The allocator of the `geostance` binary, so that the served model costs what it does there.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

type Fallible<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

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

/// One of the two services, listening on loopback.
struct Server {
    name: &'static str,
    addr: std::net::SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Server {
    async fn geostance() -> Fallible<Server> {
        let engine = Arc::new(geostance::Engine::builtin()?);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(async move {
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

    async fn trivial() -> Fallible<Server> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(async move {
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
    rps: f64,
    p50: Duration,
    p99: Duration,
}

fn measured(n: usize, wall: Duration, mut lat: Vec<u64>) -> Measured {
    lat.sort_unstable();
    let q = |p: f64| {
        let i = ((lat.len() as f64 - 1.0) * p).round() as usize;
        Duration::from_nanos(lat.get(i).copied().unwrap_or(0))
    };
    Measured {
        rps: n as f64 / wall.as_secs_f64(),
        p50: q(0.50),
        p99: q(0.99),
    }
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

fn load_quotes() -> Fallible<Vec<(String, String)>> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/corpus/core.jsonl");
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
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
        return Err(format!("{path}: no quotes").into());
    }
    Ok(quotes)
}

struct Args {
    requests: usize,
    concurrency: Vec<usize>,
}

fn args() -> Fallible<Args> {
    let mut a = Args {
        requests: 20_000,
        concurrency: vec![1, 4, 16, 64],
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
            other => return Err(format!("unknown option {other}; see the file's header").into()),
        }
    }
    if a.concurrency.iter().any(|&c| c == 0 || c > a.requests) {
        return Err("each concurrency must be between 1 and --requests".into());
    }
    Ok(a)
}

type Row = (&'static str, usize, Measured, Measured);

/// One service's runs: (RPC, concurrency, result), and the process's peak RSS meanwhile.
struct ServiceRuns {
    name: &'static str,
    runs: Vec<(&'static str, usize, Measured)>,
    peak_rss_mb: Option<f64>,
}

async fn run(a: &Args) -> Fallible<()> {
    let quotes = Arc::new(load_quotes()?);
    let mut results: Vec<ServiceRuns> = Vec::new();
    for server in [Server::trivial().await?, Server::geostance().await?] {
        let client = server.client().await?;
        // Warm up: connection, engine caches, allocator.
        unary(&client, &quotes, 500.min(a.requests), 4).await?;
        reset_peak_rss();
        let mut runs = Vec::new();
        for &c in &a.concurrency {
            let m = unary(&client, &quotes, a.requests, c).await?;
            eprintln!(
                "{:>9} ScoreQuote  x{c:<3} {:>9.0} req/s  p50 {:>8.2?}  p99 {:>8.2?}",
                server.name, m.rps, m.p50, m.p99
            );
            runs.push(("ScoreQuote (unary)", c, m));
        }
        for &c in &a.concurrency {
            let m = streaming(&client, &quotes, a.requests, c).await?;
            eprintln!(
                "{:>9} ScoreQuotes x{c:<3} {:>9.0} req/s  p50 {:>8.2?}  p99 {:>8.2?}",
                server.name, m.rps, m.p50, m.p99
            );
            runs.push(("ScoreQuotes (stream)", c, m));
        }
        results.push(ServiceRuns {
            name: server.name,
            runs,
            peak_rss_mb: peak_rss_mb(),
        });
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
    println!("| RPC | concurrency | geostance req/s | p50 | p99 | trivial req/s | p50 | p99 | geostance ÷ trivial |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    let mut worst = f64::INFINITY;
    for (rpc, c, g, t) in rows {
        let ratio = g.rps / t.rps;
        worst = worst.min(ratio);
        println!(
            "| {rpc} | {c} | {:.0} | {:.2?} | {:.2?} | {:.0} | {:.2?} | {:.2?} | {ratio:.2} |",
            g.rps, g.p50, g.p99, t.rps, t.p50, t.p99
        );
    }
    println!();
    println!(
        "lowest geostance ÷ trivial ratio: {worst:.2} (goal >= 0.6: {})",
        if worst >= 0.6 { "meets" } else { "MISSES" }
    );
    Ok(())
}

fn main() -> std::process::ExitCode {
    let a = match args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("grpc_load: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("grpc_load: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    match rt.block_on(run(&a)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("grpc_load: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
