//! The gRPC service: converts requests to library calls and results to responses; errors become
//! statuses. Health and reflection are served beside it.
use crate::engine::Engine;
use crate::error::Error;
use crate::labels::{Sentiment, Stance};
use crate::pb;
use crate::pb::stance_service_server::{StanceService, StanceServiceServer};
use crate::quotes::QuoteKind;
use crate::records::{self, RecordId, TargetSpec};
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use tokio_stream::{Stream, StreamExt};
use tonic::transport::server::TcpIncoming;
use tonic::{Request, Response, Status, Streaming};

/// The service over a shared engine.
#[derive(Debug, Clone)]
pub struct GeoStance {
    engine: Arc<Engine>,
    /// Permits for work on the blocking pool, one per core: streams, long quotes and articles
    /// queue for a core instead of each starting threads of their own (with 16 streams of 4
    /// batches in flight, 64 threads on 2 cores doubled the CPU time per item).
    cores: Arc<tokio::sync::Semaphore>,
    /// How many permits `cores` holds.
    n_cores: usize,
}

impl GeoStance {
    /// A service scoring with `engine`.
    pub fn new(engine: Arc<Engine>) -> Self {
        let n = std::thread::available_parallelism().map_or(2, |n| n.get());
        GeoStance {
            engine,
            cores: Arc::new(tokio::sync::Semaphore::new(n)),
            n_cores: n,
        }
    }

    /// Runs `f` on the blocking pool once a core is free.
    async fn on_a_core<T: Send + 'static>(
        &self,
        f: impl FnOnce() -> T + Send + 'static,
    ) -> tokio::task::JoinHandle<T> {
        let permit = self
            .cores
            .clone()
            .acquire_owned()
            .await
            .expect("the cores semaphore is never closed");
        tokio::task::spawn_blocking(move || {
            let out = f();
            drop(permit);
            out
        })
    }
}

fn status(e: Error) -> Status {
    match e {
        Error::Invalid { .. } => Status::invalid_argument(e.to_string()),
        other => Status::internal(other.to_string()),
    }
}

fn stance_pb(s: Stance) -> pb::Stance {
    match s {
        Stance::Favor => pb::Stance::Favor,
        Stance::Against => pb::Stance::Against,
        Stance::Neutral => pb::Stance::Neutral,
    }
}

fn sentiment_pb(s: &records::SentimentResult) -> pb::SentimentResult {
    pb::SentimentResult {
        label: match s.label {
            Sentiment::Positive => pb::Sentiment::Positive,
            Sentiment::Neutral => pb::Sentiment::Neutral,
            Sentiment::Negative => pb::Sentiment::Negative,
        } as i32,
        scores: Some(pb::SentimentScores {
            positive: s.scores.positive,
            neutral: s.scores.neutral,
            negative: s.scores.negative,
        }),
        explanation: contributions(s.explanation.as_deref()),
    }
}

fn contributions(c: Option<&[records::Contribution]>) -> Vec<pb::Contribution> {
    c.unwrap_or_default()
        .iter()
        .map(|c| pb::Contribution {
            feature: c.feature.clone(),
            weight: c.weight,
        })
        .collect()
}

fn mention_kind(k: crate::actors::MentionKind) -> pb::MentionKind {
    use crate::actors::MentionKind as K;
    match k {
        K::Name => pb::MentionKind::Name,
        K::Demonym => pb::MentionKind::Demonym,
        K::Seat => pb::MentionKind::Seat,
        K::Leader => pb::MentionKind::Leader,
        K::Bloc => pb::MentionKind::Bloc,
        K::Pronoun => pb::MentionKind::Pronoun,
        K::Entity => pb::MentionKind::Unspecified,
    }
}

fn scores_pb(s: &records::StanceScores) -> pb::StanceScores {
    pb::StanceScores {
        favor: s.favor,
        against: s.against,
        neutral: s.neutral,
    }
}

fn target_pb(t: &records::TargetResult) -> pb::TargetStance {
    pb::TargetStance {
        target: t.target.clone(),
        stance: stance_pb(t.stance) as i32,
        scores: Some(scores_pb(&t.scores)),
        mentions: t
            .mentions
            .iter()
            .map(|m| pb::Mention {
                text: m.text.clone(),
                start: m.start as u32,
                end: m.end as u32,
                kind: mention_kind(m.kind) as i32,
            })
            .collect(),
        explanation: contributions(t.explanation.as_deref()),
    }
}

/// Unary requests whose text is at most this long are scored on the async worker that received
/// them (about 0.1 ms of work at this length, tokio's budget for a step between awaits); longer
/// ones, and those asking for explanations, on the blocking pool.
const INLINE_BYTES: usize = 512;

fn non_empty(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

impl GeoStance {
    fn score_one(&self, r: pb::ScoreQuoteRequest) -> Result<pb::ScoreQuoteResponse, Status> {
        let mut targets = Vec::with_capacity(r.targets.len());
        for (i, t) in r.targets.into_iter().enumerate() {
            targets.push(match t.target {
                Some(pb::target_ref::Target::Id(id)) => TargetSpec::Id(id),
                Some(pb::target_ref::Target::Entity(e)) => TargetSpec::Entity {
                    name: e.name,
                    start: e.start as usize,
                    end: e.end as usize,
                },
                None => {
                    return Err(Status::invalid_argument(format!(
                        "invalid targets[{i}]: neither `id` nor `entity` is set"
                    )))
                }
            });
        }
        let q = records::QuoteInput {
            id: RecordId::Str(r.id),
            text: r.text,
            speaker: non_empty(&r.speaker),
            speaker_country: non_empty(&r.speaker_country),
            context: non_empty(&r.context),
            targets: (!targets.is_empty()).then_some(targets),
        };
        let s = self.engine.score(&q, r.explain).map_err(status)?;
        Ok(pb::ScoreQuoteResponse {
            id: s.id.as_string(),
            sentiment: Some(sentiment_pb(&s.sentiment)),
            targets: s.targets.iter().map(target_pb).collect(),
        })
    }
}

/// The standard name of a gRPC status code ("INVALID_ARGUMENT").
fn code_name(c: tonic::Code) -> &'static str {
    use tonic::Code as C;
    match c {
        C::Ok => "OK",
        C::Cancelled => "CANCELLED",
        C::Unknown => "UNKNOWN",
        C::InvalidArgument => "INVALID_ARGUMENT",
        C::DeadlineExceeded => "DEADLINE_EXCEEDED",
        C::NotFound => "NOT_FOUND",
        C::AlreadyExists => "ALREADY_EXISTS",
        C::PermissionDenied => "PERMISSION_DENIED",
        C::ResourceExhausted => "RESOURCE_EXHAUSTED",
        C::FailedPrecondition => "FAILED_PRECONDITION",
        C::Aborted => "ABORTED",
        C::OutOfRange => "OUT_OF_RANGE",
        C::Unimplemented => "UNIMPLEMENTED",
        C::Internal => "INTERNAL",
        C::Unavailable => "UNAVAILABLE",
        C::DataLoss => "DATA_LOSS",
        C::Unauthenticated => "UNAUTHENTICATED",
    }
}

type ItemStream = Pin<Box<dyn Stream<Item = Result<pb::ScoreQuotesItem, Status>> + Send>>;

#[tonic::async_trait]
impl StanceService for GeoStance {
    async fn score_quote(
        &self,
        req: Request<pb::ScoreQuoteRequest>,
    ) -> Result<Response<pb::ScoreQuoteResponse>, Status> {
        let r = req.into_inner();
        // A quote of a few hundred bytes scores in tens of microseconds: on the async worker
        // that is cheaper than the hand-off to the blocking pool (which costs more than the
        // scoring); longer texts go to the pool so that no worker is held for long.
        if r.text.len() <= INLINE_BYTES && !r.explain {
            return Ok(Response::new(self.score_one(r)?));
        }
        let this = self.clone();
        let out = self
            .on_a_core(move || this.score_one(r))
            .await
            .await
            .map_err(|e| Status::internal(e.to_string()))??;
        Ok(Response::new(out))
    }

    type ScoreQuotesStream = ItemStream;

    async fn score_quotes(
        &self,
        req: Request<Streaming<pb::ScoreQuoteRequest>>,
    ) -> Result<Response<Self::ScoreQuotesStream>, Status> {
        let input = req.into_inner();
        let this = self.clone();
        // Items are scored on the blocking pool in batches of those already received (up to
        // `BATCH`, so a busy stream pays one hand-off per batch and a quiet one waits for
        // nothing), and answered in request order: the reader hands each batch's task to the
        // writer through a bounded channel (at most `in_flight` batches are being scored), and
        // the writer awaits them in turn. The client's reads pace both (backpressure).
        const BATCH: usize = 32;
        let in_flight = self.n_cores * 2;
        type Scored = Vec<(String, pb::score_quotes_item::Result)>;
        type Batch = (u64, tokio::task::JoinHandle<Scored>, Option<Status>);
        let (task_tx, mut task_rx) = tokio::sync::mpsc::channel::<Batch>(in_flight);
        let (tx, rx) = tokio::sync::mpsc::channel(64);
        tokio::spawn(async move {
            let mut index: u64 = 0;
            let mut batches = futures_util::StreamExt::ready_chunks(input, BATCH);
            while let Some(batch) = batches.next().await {
                // A broken stream ends the answer after the items received before it.
                let mut items = Vec::with_capacity(batch.len());
                let mut error = None;
                for item in batch {
                    match item {
                        Ok(r) => items.push(r),
                        Err(st) => {
                            error = Some(st);
                            break;
                        }
                    }
                }
                let n = items.len() as u64;
                let scorer = this.clone();
                let task = this
                    .on_a_core(move || {
                        items
                            .into_iter()
                            .map(|r| {
                                let id = r.id.clone();
                                let result = match scorer.score_one(r) {
                                    Ok(s) => pb::score_quotes_item::Result::Scored(s),
                                    Err(st) => {
                                        pb::score_quotes_item::Result::Error(pb::ItemError {
                                            code: code_name(st.code()).to_string(),
                                            message: st.message().to_string(),
                                        })
                                    }
                                };
                                (id, result)
                            })
                            .collect()
                    })
                    .await;
                let stop = error.is_some();
                if task_tx.send((index, task, error)).await.is_err() || stop {
                    break;
                }
                index += n;
            }
        });
        tokio::spawn(async move {
            while let Some((first, task, error)) = task_rx.recv().await {
                let scored = match task.await {
                    Ok(scored) => scored,
                    Err(e) => {
                        let _ = tx.send(Err(Status::internal(e.to_string()))).await;
                        return;
                    }
                };
                for (index, (id, result)) in (first..).zip(scored) {
                    let item = pb::ScoreQuotesItem {
                        id,
                        index,
                        result: Some(result),
                    };
                    if tx.send(Ok(item)).await.is_err() {
                        return;
                    }
                }
                if let Some(st) = error {
                    let _ = tx.send(Err(st)).await;
                    return;
                }
            }
        });
        Ok(Response::new(Box::pin(
            tokio_stream::wrappers::ReceiverStream::new(rx),
        )))
    }

    async fn analyze_article(
        &self,
        req: Request<pb::AnalyzeArticleRequest>,
    ) -> Result<Response<pb::AnalyzeArticleResponse>, Status> {
        let r = req.into_inner();
        let engine = self.engine.clone();
        let a = self
            .on_a_core(move || engine.analyze(RecordId::Str(r.id), &r.text, r.explain))
            .await
            .await
            .map_err(|e| Status::internal(e.to_string()))?
            .map_err(status)?;
        Ok(Response::new(pb::AnalyzeArticleResponse {
            id: a.id.as_string(),
            quotes: a
                .quotes
                .iter()
                .map(|q| pb::ArticleQuote {
                    text: q.text.clone(),
                    start: q.start as u32,
                    end: q.end as u32,
                    kind: match q.kind {
                        QuoteKind::Direct => pb::QuoteKind::Direct,
                        QuoteKind::Indirect => pb::QuoteKind::Indirect,
                    } as i32,
                    speaker: q.speaker.as_ref().map(|s| pb::Speaker {
                        name: s.name.clone(),
                        country: s.country.clone().unwrap_or_default(),
                        start: s.start as u32,
                        end: s.end as u32,
                    }),
                    sentiment: Some(sentiment_pb(&q.sentiment)),
                    targets: q.targets.iter().map(target_pb).collect(),
                })
                .collect(),
            dyads: a
                .dyads
                .iter()
                .map(|d| pb::Dyad {
                    speaker_country: d.speaker_country.clone(),
                    target: d.target.clone(),
                    quotes: d.quotes as u32,
                    mean_scores: Some(scores_pb(&d.mean_scores)),
                    stance: stance_pb(d.stance) as i32,
                })
                .collect(),
        }))
    }

    async fn get_model_info(
        &self,
        _req: Request<pb::GetModelInfoRequest>,
    ) -> Result<Response<pb::ModelInfo>, Status> {
        let m = &self.engine.model().meta;
        Ok(Response::new(pb::ModelInfo {
            name: m.name.clone(),
            version: m.version.clone(),
            format_version: m.format_version,
            stance_labels: m.stance_labels.clone(),
            sentiment_labels: m.sentiment_labels.clone(),
            training_data_digest: m.training_data_digest.clone(),
            training_data: m.training_data.clone(),
            metrics: m
                .metrics
                .iter()
                .map(|(k, v)| pb::ModelMetric {
                    name: k.clone(),
                    value: *v,
                })
                .collect(),
            feature_config: serde_json::to_string(&m.features).unwrap_or_default(),
        }))
    }
}

/// Builds the router: the stance service, health (reporting SERVING) and reflection v1 and
/// v1alpha.
pub async fn router(
    engine: Arc<Engine>,
) -> Result<tonic::transport::server::Router, Box<dyn std::error::Error + Send + Sync>> {
    let (reporter, health) = tonic_health::server::health_reporter();
    reporter
        .set_serving::<StanceServiceServer<GeoStance>>()
        .await;
    let reflection = || {
        tonic_reflection::server::Builder::configure()
            .register_encoded_file_descriptor_set(pb::FILE_DESCRIPTOR_SET)
            .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
            .register_encoded_file_descriptor_set(tonic_reflection::pb::v1::FILE_DESCRIPTOR_SET)
            .register_encoded_file_descriptor_set(
                tonic_reflection::pb::v1alpha::FILE_DESCRIPTOR_SET,
            )
    };
    let reflection_v1 = reflection().build_v1()?;
    let reflection_v1alpha = reflection().build_v1alpha()?;
    Ok(tonic::transport::Server::builder()
        .add_service(health)
        .add_service(reflection_v1)
        .add_service(reflection_v1alpha)
        .add_service(StanceServiceServer::new(GeoStance::new(engine))))
}

/// Serves on `listener` until `shutdown` resolves.
pub async fn serve_with_listener(
    engine: Arc<Engine>,
    listener: tokio::net::TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    // `serve_with_incoming` ignores the builder's TCP_NODELAY (on by default for `serve`): without
    // it a response's frames wait for the peer's delayed ACK, ~40 ms at the tail.
    let incoming = TcpIncoming::from(listener).with_nodelay(Some(true));
    router(engine)
        .await?
        .serve_with_incoming_shutdown(incoming, shutdown)
        .await?;
    Ok(())
}

/// Binds `addr` and serves until Ctrl-C or SIGTERM (what Kubernetes, systemd and Docker send to
/// stop a service), then finishes the requests in flight.
pub async fn serve(
    engine: Arc<Engine>,
    addr: SocketAddr,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    // The handlers are in place before anyone can learn the address, so no signal sent after
    // that can find the default action (death mid-request) still there.
    let stop = StopSignals::install()?;
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!("geostance listening on {}", listener.local_addr()?);
    serve_with_listener(engine, listener, async move {
        let signal = stop.wait().await;
        tracing::info!("{signal}: finishing the requests in flight, then stopping");
    })
    .await
}

/// The signals that stop the server, listened for from `install` on.
struct StopSignals {
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
}

impl StopSignals {
    fn install() -> std::io::Result<Self> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            Ok(StopSignals {
                interrupt: signal(SignalKind::interrupt())?,
                terminate: signal(SignalKind::terminate())?,
            })
        }
        #[cfg(not(unix))]
        {
            Ok(StopSignals {})
        }
    }

    /// Waits for one of the signals; says which came.
    async fn wait(mut self) -> &'static str {
        #[cfg(unix)]
        {
            tokio::select! {
                _ = self.interrupt.recv() => "SIGINT",
                _ = self.terminate.recv() => "SIGTERM",
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
            "Ctrl-C"
        }
    }
}
