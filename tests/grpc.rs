//! The gRPC surface (SPEC section 4), end to end: the real server on a local port, the generated
//! clients, every RPC of `geostance.v1.StanceService`, health and reflection (v1 and v1alpha).
use geostance::pb;
use geostance::pb::stance_service_client::StanceServiceClient;
use std::sync::{Arc, OnceLock};
use tokio::sync::oneshot;
use tonic::transport::Channel;
use tonic::Code;

/// One engine for every test of this binary (each test runs its own server on its own runtime).
fn engine() -> Arc<geostance::Engine> {
    static ENGINE: OnceLock<Arc<geostance::Engine>> = OnceLock::new();
    ENGINE
        .get_or_init(|| Arc::new(geostance::Engine::builtin().expect("built-in engine loads")))
        .clone()
}

/// A server on 127.0.0.1:0; dropping it shuts the server down.
struct TestServer {
    addr: std::net::SocketAddr,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl TestServer {
    async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local address");
        let (tx, rx) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            geostance::service::serve_with_listener(engine(), listener, async {
                let _ = rx.await;
            })
            .await
            .expect("server runs");
        });
        TestServer {
            addr,
            shutdown: Some(tx),
            task: Some(task),
        }
    }

    async fn channel(&self) -> Channel {
        tonic::transport::Endpoint::from_shared(format!("http://{}", self.addr))
            .expect("endpoint")
            .connect()
            .await
            .expect("connect to the test server")
    }

    async fn client(&self) -> StanceServiceClient<Channel> {
        StanceServiceClient::new(self.channel().await)
    }

    /// Shuts the server down and waits for it to stop.
    async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            task.await.expect("server task ends cleanly");
        }
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

fn request(id: &str, text: &str) -> pb::ScoreQuoteRequest {
    pb::ScoreQuoteRequest {
        id: id.to_string(),
        text: text.to_string(),
        ..Default::default()
    }
}

fn id_ref(id: &str) -> pb::TargetRef {
    pb::TargetRef {
        target: Some(pb::target_ref::Target::Id(id.to_string())),
    }
}

fn entity_ref(name: &str, start: u32, end: u32) -> pb::TargetRef {
    pb::TargetRef {
        target: Some(pb::target_ref::Target::Entity(pb::EntitySpan {
            name: name.to_string(),
            start,
            end,
        })),
    }
}

/// The code points `start..end` of `text`.
fn chars(text: &str, start: u32, end: u32) -> String {
    assert!(start <= end, "span {start}..{end} is reversed");
    let n = text.chars().count();
    assert!(
        end as usize <= n,
        "span {start}..{end} ends beyond the text ({n} code points)"
    );
    text.chars()
        .skip(start as usize)
        .take((end - start) as usize)
        .collect()
}

/// The code-point offset of the first occurrence of `needle` in `text`.
fn char_offset(text: &str, needle: &str) -> u32 {
    let byte = text.find(needle).expect("needle in text");
    text[..byte].chars().count() as u32
}

fn assert_stance_scores(s: &Option<pb::StanceScores>, what: &str) {
    let s = s.as_ref().unwrap_or_else(|| panic!("{what}: no scores"));
    for p in [s.favor, s.against, s.neutral] {
        assert!((0.0..=1.0).contains(&p), "{what}: probability {p}");
    }
    let sum = s.favor + s.against + s.neutral;
    assert!((sum - 1.0).abs() < 1e-3, "{what}: scores sum to {sum}");
}

fn assert_sentiment(s: &Option<pb::SentimentResult>, what: &str) {
    let s = s.as_ref().unwrap_or_else(|| panic!("{what}: no sentiment"));
    assert_ne!(
        s.label,
        pb::Sentiment::Unspecified as i32,
        "{what}: sentiment label unspecified"
    );
    let sc = s
        .scores
        .as_ref()
        .unwrap_or_else(|| panic!("{what}: no sentiment scores"));
    let sum = sc.positive + sc.neutral + sc.negative;
    assert!(
        (sum - 1.0).abs() < 1e-3,
        "{what}: sentiment scores sum to {sum}"
    );
}

fn assert_invalid(status: &tonic::Status, field: &str) {
    assert_eq!(
        status.code(),
        Code::InvalidArgument,
        "expected INVALID_ARGUMENT, got {status:?}"
    );
    assert!(
        status.message().contains(field),
        "the message {:?} does not name the field `{field}`",
        status.message()
    );
}

/// Accented letters and a curly quote before the mentions: code points differ from bytes.
const QUOTE: &str = "Naïve “partners” in Washington will never dictate terms to Beijing.";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn score_quote_detects_targets_with_code_point_offsets() {
    let server = TestServer::start().await;
    let mut client = server.client().await;
    let resp = client
        .score_quote(pb::ScoreQuoteRequest {
            speaker: "Mao Ning".into(),
            speaker_country: "CN".into(),
            ..request("q1", QUOTE)
        })
        .await
        .expect("ScoreQuote succeeds")
        .into_inner();
    assert_eq!(resp.id, "q1");
    assert_sentiment(&resp.sentiment, "q1");
    let ids: Vec<&str> = resp.targets.iter().map(|t| t.target.as_str()).collect();
    assert_eq!(ids, ["US", "CN"], "targets in order of first mention");
    for t in &resp.targets {
        assert_stance_scores(&t.scores, &t.target);
        assert_ne!(t.stance, pb::Stance::Unspecified as i32);
        assert!(!t.mentions.is_empty(), "{}: no mention", t.target);
        for m in &t.mentions {
            assert_eq!(
                chars(QUOTE, m.start, m.end),
                m.text,
                "{}: mention offsets are not code points",
                t.target
            );
        }
        assert!(t.explanation.is_empty(), "no explanation unless asked for");
    }
    let us = &resp.targets[0].mentions[0];
    assert_eq!(us.text, "Washington");
    assert_eq!(us.start, char_offset(QUOTE, "Washington"));
    assert_ne!(
        us.start as usize,
        QUOTE.find("Washington").unwrap(),
        "the test text must make code points differ from bytes"
    );
    assert_eq!(us.kind, pb::MentionKind::Seat as i32);
    let cn = &resp.targets[1].mentions[0];
    assert_eq!(cn.text, "Beijing");
    assert_eq!(cn.start, char_offset(QUOTE, "Beijing"));
    assert_eq!(cn.end, cn.start + 7);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn score_quote_scores_exactly_the_given_targets_in_order() {
    let server = TestServer::start().await;
    let mut client = server.client().await;
    let start = char_offset(QUOTE, "Washington");
    let resp = client
        .score_quote(pb::ScoreQuoteRequest {
            speaker_country: "CN".into(),
            targets: vec![
                id_ref("RU"),
                entity_ref("Washington elites", start, start + 10),
                id_ref("CN"),
            ],
            ..request("q2", QUOTE)
        })
        .await
        .expect("ScoreQuote succeeds")
        .into_inner();
    assert_eq!(resp.id, "q2");
    let ids: Vec<&str> = resp.targets.iter().map(|t| t.target.as_str()).collect();
    assert_eq!(ids, ["RU", "Washington elites", "CN"]);
    for t in &resp.targets {
        assert_stance_scores(&t.scores, &t.target);
    }
    assert!(
        resp.targets[0].mentions.is_empty(),
        "RU is not mentioned: {:?}",
        resp.targets[0].mentions
    );
    let ent = &resp.targets[1];
    assert_eq!(ent.mentions.len(), 1);
    assert_eq!(ent.mentions[0].text, "Washington");
    assert_eq!(
        (ent.mentions[0].start, ent.mentions[0].end),
        (start, start + 10)
    );
    assert_eq!(resp.targets[2].mentions[0].text, "Beijing");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn score_quote_explains_when_asked() {
    let server = TestServer::start().await;
    let mut client = server.client().await;
    let resp = client
        .score_quote(pb::ScoreQuoteRequest {
            speaker_country: "CN".into(),
            explain: true,
            ..request("q3", QUOTE)
        })
        .await
        .expect("ScoreQuote succeeds")
        .into_inner();
    let s = resp.sentiment.expect("sentiment");
    assert!(!s.explanation.is_empty(), "sentiment has no explanation");
    assert!(!resp.targets.is_empty());
    for t in &resp.targets {
        assert!(!t.explanation.is_empty(), "{}: no explanation", t.target);
        for c in &t.explanation {
            assert!(!c.feature.is_empty());
            assert!(c.weight.is_finite());
        }
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn score_quote_rejects_bad_requests_naming_the_field() {
    let server = TestServer::start().await;
    let mut client = server.client().await;
    let text = "We oppose the sanctions imposed by Washington.";
    let cases: Vec<(&str, pb::ScoreQuoteRequest, &str)> = vec![
        ("empty text", request("e1", ""), "text"),
        ("blank text", request("e2", "  \n\t "), "text"),
        (
            "text over 64 KiB",
            request("e3", &"a".repeat(geostance::MAX_QUOTE_BYTES + 1)),
            "text",
        ),
        (
            "unknown target id",
            pb::ScoreQuoteRequest {
                targets: vec![id_ref("ZZ")],
                ..request("e4", text)
            },
            "targets[0]",
        ),
        (
            "unknown target id in second place",
            pb::ScoreQuoteRequest {
                targets: vec![id_ref("US"), id_ref("NOT_A_TARGET")],
                ..request("e5", text)
            },
            "targets[1]",
        ),
        (
            "entity span outside the text",
            pb::ScoreQuoteRequest {
                targets: vec![entity_ref("Washington", 35, 500)],
                ..request("e6", text)
            },
            "targets[0]",
        ),
        (
            "empty entity span",
            pb::ScoreQuoteRequest {
                targets: vec![entity_ref("Washington", 35, 35)],
                ..request("e7", text)
            },
            "targets[0]",
        ),
        (
            "entity without a name",
            pb::ScoreQuoteRequest {
                targets: vec![entity_ref(" ", 35, 45)],
                ..request("e7b", text)
            },
            "targets[0]",
        ),
        (
            "unknown speaker_country",
            pb::ScoreQuoteRequest {
                speaker_country: "ZZ".into(),
                ..request("e8", text)
            },
            "speaker_country",
        ),
        (
            "target with neither id nor entity",
            pb::ScoreQuoteRequest {
                targets: vec![pb::TargetRef { target: None }],
                ..request("e9", text)
            },
            "targets[0]",
        ),
    ];
    for (what, req, field) in cases {
        let err = client
            .score_quote(req)
            .await
            .expect_err(&format!("{what}: accepted"));
        assert_invalid(&err, field);
    }
    // A quote of exactly the limit is accepted.
    let at_limit = format!(
        "{} Russia.",
        "a ".repeat((geostance::MAX_QUOTE_BYTES - 8) / 2)
    );
    assert!(at_limit.len() <= geostance::MAX_QUOTE_BYTES);
    client
        .score_quote(request("ok", &at_limit))
        .await
        .expect("a quote within the limit is scored");
    server.stop().await;
}

/// Sends `reqs` on one `ScoreQuotes` stream and collects every answer.
async fn stream_all(
    client: &mut StanceServiceClient<Channel>,
    reqs: Vec<pb::ScoreQuoteRequest>,
) -> Vec<pb::ScoreQuotesItem> {
    let mut stream = client
        .score_quotes(tokio_stream::iter(reqs))
        .await
        .expect("ScoreQuotes opens")
        .into_inner();
    let mut items = Vec::new();
    while let Some(item) = stream.message().await.expect("stream item") {
        items.push(item);
    }
    items
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn score_quotes_stream_answers_every_item_in_order() {
    let server = TestServer::start().await;
    let mut client = server.client().await;
    let texts = [
        "We will never accept sanctions imposed by Washington.",
        "Our friendship with Moscow has never been stronger.",
        "",
        "Talks with India will be held on Tuesday.",
        "Beijing and Moscow stand together against hegemony.",
    ];
    let reqs: Vec<pb::ScoreQuoteRequest> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| pb::ScoreQuoteRequest {
            speaker_country: "CN".into(),
            ..request(&format!("s{i}"), t)
        })
        .collect();
    let items = stream_all(&mut client, reqs).await;
    assert_eq!(items.len(), texts.len(), "one response per request");
    for (i, item) in items.iter().enumerate() {
        assert_eq!(item.index, i as u64, "responses in request order");
        assert_eq!(item.id, format!("s{i}"), "ids echoed");
        match &item.result {
            Some(pb::score_quotes_item::Result::Error(e)) => {
                assert_eq!(i, 2, "item {i} failed: {e:?}");
                assert!(
                    e.code.eq_ignore_ascii_case("INVALID_ARGUMENT")
                        || e.code.eq_ignore_ascii_case("InvalidArgument"),
                    "the error code is INVALID_ARGUMENT, got {:?}",
                    e.code
                );
                assert!(e.message.contains("text"), "message {:?}", e.message);
            }
            Some(pb::score_quotes_item::Result::Scored(s)) => {
                assert_ne!(i, 2, "the empty quote was scored");
                assert_eq!(s.id, format!("s{i}"));
                assert_sentiment(&s.sentiment, &s.id);
            }
            None => panic!("item {i} has no result"),
        }
    }
    server.stop().await;
}

/// A long stream is scored in batches of the items already received: every item is answered
/// once, in order, with its own result, whatever batch it fell in.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn score_quotes_long_stream_keeps_order_across_batches() {
    let server = TestServer::start().await;
    let mut client = server.client().await;
    let bad = [0usize, 37, 150, 299];
    let reqs: Vec<pb::ScoreQuoteRequest> = (0..300)
        .map(|i| {
            let text = if bad.contains(&i) {
                String::new()
            } else if i % 2 == 0 {
                format!("Talks with India will be held on day {i}.")
            } else {
                "We will never accept sanctions imposed by Washington.".to_string()
            };
            request(&format!("q{i}"), &text)
        })
        .collect();
    let items = stream_all(&mut client, reqs).await;
    assert_eq!(items.len(), 300, "one response per request");
    for (i, item) in items.iter().enumerate() {
        assert_eq!(
            (item.index, item.id.as_str()),
            (i as u64, format!("q{i}").as_str())
        );
        match &item.result {
            Some(pb::score_quotes_item::Result::Error(_)) => assert!(bad.contains(&i), "{i}"),
            Some(pb::score_quotes_item::Result::Scored(s)) => {
                assert!(!bad.contains(&i), "{i}");
                let ids: Vec<String> = s.targets.iter().map(|t| t.target.clone()).collect();
                let want = if i % 2 == 0 { "IN" } else { "US" };
                assert_eq!(ids, [want], "item {i} has the targets of its own text");
            }
            None => panic!("item {i} has no result"),
        }
    }
    server.stop().await;
}

/// Streams and long unary quotes share the server's cores (a permit per core for work on the
/// blocking pool): many at once, each still gets every answer, its own, in order.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_streams_and_long_quotes_each_get_their_own_answers() {
    let server = TestServer::start().await;
    let client = server.client().await;
    let targets = ["IN", "US", "CN", "RU"];
    let names = ["India", "Washington", "Beijing", "Moscow"];
    let mut tasks = Vec::new();
    for s in 0..12usize {
        let mut client = client.clone();
        tasks.push(tokio::spawn(async move {
            let reqs: Vec<pb::ScoreQuoteRequest> = (0..80)
                .map(|i| {
                    let text = format!("We will talk to {} again, day {i}.", names[(s + i) % 4]);
                    request(&format!("s{s}-{i}"), &text)
                })
                .collect();
            let items = stream_all(&mut client, reqs).await;
            assert_eq!(items.len(), 80, "stream {s}: one answer per item");
            for (i, item) in items.iter().enumerate() {
                assert_eq!(item.id, format!("s{s}-{i}"), "stream {s} keeps its order");
                let Some(pb::score_quotes_item::Result::Scored(r)) = &item.result else {
                    panic!("stream {s} item {i} is not scored: {item:?}");
                };
                let ids: Vec<&str> = r.targets.iter().map(|t| t.target.as_str()).collect();
                assert_eq!(ids, [targets[(s + i) % 4]], "stream {s} item {i}");
            }
        }));
    }
    for u in 0..8usize {
        let mut client = client.clone();
        tasks.push(tokio::spawn(async move {
            // Longer than the inline limit: scored on the blocking pool.
            let text = format!(
                "We will talk to {} again. {}",
                names[u % 4],
                "The talks went on for a long time. ".repeat(20)
            );
            let r = client
                .score_quote(request(&format!("u{u}"), &text))
                .await
                .expect("a long quote is scored")
                .into_inner();
            assert_eq!(r.id, format!("u{u}"));
            let ids: Vec<&str> = r.targets.iter().map(|t| t.target.as_str()).collect();
            assert_eq!(ids, [targets[u % 4]], "unary {u}");
        }));
    }
    for t in tasks {
        t.await.expect("no caller panicked");
    }
    server.stop().await;
}

/// `ItemError.code` is documented in the proto as "the gRPC status code name that a unary call
/// would have returned (\"INVALID_ARGUMENT\")": the canonical upper-case name, as grpcurl and
/// other languages' status enums spell it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn score_quotes_item_error_code_is_the_grpc_code_name() {
    let server = TestServer::start().await;
    let mut client = server.client().await;
    let mut stream = client
        .score_quotes(tokio_stream::iter(vec![request("bad", "")]))
        .await
        .expect("ScoreQuotes opens")
        .into_inner();
    let item = stream
        .message()
        .await
        .expect("stream item")
        .expect("one item");
    match item.result {
        Some(pb::score_quotes_item::Result::Error(e)) => assert_eq!(e.code, "INVALID_ARGUMENT"),
        other => panic!("expected an error, got {other:?}"),
    }
    assert!(stream.message().await.expect("stream end").is_none());
    server.stop().await;
}

/// The gold articles of tests/fixtures, as JSON values.
fn fixture_articles() -> Vec<serde_json::Value> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/articles.jsonl");
    std::fs::read_to_string(path)
        .expect("read the fixtures")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("fixture line parses"))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn analyze_article_finds_quotes_at_code_point_offsets() {
    let server = TestServer::start().await;
    let mut client = server.client().await;
    // fx02 has curly marks and apostrophes, so its code points and bytes differ.
    let art = fixture_articles()
        .into_iter()
        .find(|a| a["id"] == "fx02")
        .expect("fx02 in the fixtures");
    let text = art["text"].as_str().unwrap().to_string();
    assert_ne!(text.len(), text.chars().count());
    let resp = client
        .analyze_article(pb::AnalyzeArticleRequest {
            id: "fx02".into(),
            text: text.clone(),
            explain: false,
        })
        .await
        .expect("AnalyzeArticle succeeds")
        .into_inner();
    assert_eq!(resp.id, "fx02");
    assert!(!resp.quotes.is_empty(), "no quote found");
    let mut last_start = 0;
    for q in &resp.quotes {
        assert_eq!(
            chars(&text, q.start, q.end),
            q.text,
            "quote text is not the article's code points [start, end)"
        );
        assert!(q.start >= last_start, "quotes not in article order");
        last_start = q.start;
        assert_ne!(q.kind, pb::QuoteKind::Unspecified as i32);
        assert_sentiment(&q.sentiment, &q.text);
        if let Some(s) = &q.speaker {
            assert!(!s.name.is_empty());
            assert!(s.start < s.end, "speaker span {}..{}", s.start, s.end);
            chars(&text, s.start, s.end);
        }
        for t in &q.targets {
            assert_stance_scores(&t.scores, &t.target);
            for m in &t.mentions {
                assert_eq!(
                    chars(&text, m.start, m.end),
                    m.text,
                    "article mention offsets are not code points"
                );
                assert!(
                    q.start <= m.start && m.end <= q.end,
                    "mention {} lies outside its quote",
                    m.text
                );
            }
        }
    }
    assert!(
        resp.quotes.iter().any(|q| q.speaker.is_some()),
        "no quote has a speaker"
    );
    assert!(!resp.dyads.is_empty(), "no dyads");
    for d in &resp.dyads {
        assert!(!d.speaker_country.is_empty() && !d.target.is_empty());
        assert!(d.quotes >= 1);
        assert_stance_scores(&d.mean_scores, &d.target);
        assert_ne!(d.stance, pb::Stance::Unspecified as i32);
    }

    let err = client
        .analyze_article(pb::AnalyzeArticleRequest {
            id: "empty".into(),
            text: String::new(),
            explain: false,
        })
        .await
        .expect_err("an empty article is refused");
    assert_invalid(&err, "text");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn get_model_info_describes_the_model() {
    let server = TestServer::start().await;
    let mut client = server.client().await;
    let info = client
        .get_model_info(pb::GetModelInfoRequest {})
        .await
        .expect("GetModelInfo succeeds")
        .into_inner();
    assert_eq!(info.stance_labels, ["favor", "against", "neutral"]);
    assert_eq!(info.sentiment_labels, ["positive", "neutral", "negative"]);
    assert_eq!(info.training_data_digest.len(), 64, "{info:?}");
    assert!(
        info.training_data_digest
            .chars()
            .all(|c| c.is_ascii_hexdigit()),
        "digest {:?} is not hex",
        info.training_data_digest
    );
    assert!(!info.metrics.is_empty(), "no metrics");
    for m in &info.metrics {
        assert!(!m.name.is_empty() && m.value.is_finite(), "{m:?}");
    }
    assert!(!info.name.is_empty() && !info.version.is_empty());
    assert!(info.format_version >= 1);
    assert!(!info.training_data.is_empty());
    serde_json::from_str::<serde_json::Value>(&info.feature_config)
        .expect("feature_config is JSON");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_reports_serving() {
    use tonic_health::pb::health_check_response::ServingStatus;
    use tonic_health::pb::health_client::HealthClient;
    use tonic_health::pb::HealthCheckRequest;
    let server = TestServer::start().await;
    let mut health = HealthClient::new(server.channel().await);
    for service in ["", "geostance.v1.StanceService"] {
        let resp = health
            .check(HealthCheckRequest {
                service: service.to_string(),
            })
            .await
            .unwrap_or_else(|e| panic!("Check({service:?}) failed: {e:?}"))
            .into_inner();
        assert_eq!(
            resp.status,
            ServingStatus::Serving as i32,
            "service {service:?}"
        );
    }
    server.stop().await;
}

const STANCE_SERVICE: &str = "geostance.v1.StanceService";
const HEALTH_SERVICE: &str = "grpc.health.v1.Health";
const REFLECTION_V1: &str = "grpc.reflection.v1.ServerReflection";
const REFLECTION_V1ALPHA: &str = "grpc.reflection.v1alpha.ServerReflection";

async fn list_services_v1(channel: Channel) -> Vec<String> {
    use tonic_reflection::pb::v1::server_reflection_client::ServerReflectionClient;
    use tonic_reflection::pb::v1::server_reflection_request::MessageRequest;
    use tonic_reflection::pb::v1::server_reflection_response::MessageResponse;
    use tonic_reflection::pb::v1::ServerReflectionRequest;
    let mut client = ServerReflectionClient::new(channel);
    let req = ServerReflectionRequest {
        host: String::new(),
        message_request: Some(MessageRequest::ListServices(String::new())),
    };
    let mut stream = client
        .server_reflection_info(tokio_stream::iter(vec![req]))
        .await
        .expect("reflection v1 opens")
        .into_inner();
    let resp = stream
        .message()
        .await
        .expect("reflection v1 answers")
        .expect("one response");
    match resp.message_response {
        Some(MessageResponse::ListServicesResponse(l)) => {
            l.service.into_iter().map(|s| s.name).collect()
        }
        other => panic!("unexpected reflection v1 response: {other:?}"),
    }
}

async fn list_services_v1alpha(channel: Channel) -> Vec<String> {
    use tonic_reflection::pb::v1alpha::server_reflection_client::ServerReflectionClient;
    use tonic_reflection::pb::v1alpha::server_reflection_request::MessageRequest;
    use tonic_reflection::pb::v1alpha::server_reflection_response::MessageResponse;
    use tonic_reflection::pb::v1alpha::ServerReflectionRequest;
    let mut client = ServerReflectionClient::new(channel);
    let req = ServerReflectionRequest {
        host: String::new(),
        message_request: Some(MessageRequest::ListServices(String::new())),
    };
    let mut stream = client
        .server_reflection_info(tokio_stream::iter(vec![req]))
        .await
        .expect("reflection v1alpha opens")
        .into_inner();
    let resp = stream
        .message()
        .await
        .expect("reflection v1alpha answers")
        .expect("one response");
    match resp.message_response {
        Some(MessageResponse::ListServicesResponse(l)) => {
            l.service.into_iter().map(|s| s.name).collect()
        }
        other => panic!("unexpected reflection v1alpha response: {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reflection_v1_lists_the_services() {
    let server = TestServer::start().await;
    let names = list_services_v1(server.channel().await).await;
    for want in [STANCE_SERVICE, HEALTH_SERVICE, REFLECTION_V1] {
        assert!(
            names.iter().any(|n| n == want),
            "{want} missing from {names:?}"
        );
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reflection_v1alpha_lists_the_services() {
    let server = TestServer::start().await;
    let names = list_services_v1alpha(server.channel().await).await;
    for want in [STANCE_SERVICE, HEALTH_SERVICE] {
        assert!(
            names.iter().any(|n| n == want),
            "{want} missing from {names:?}"
        );
    }
    assert!(
        names
            .iter()
            .any(|n| n == REFLECTION_V1 || n == REFLECTION_V1ALPHA),
        "no reflection service in {names:?}"
    );
    server.stop().await;
}

/// Both reflection versions are served, so each listing should name both (grpcurl and other
/// clients pick whichever they speak).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reflection_lists_both_reflection_versions() {
    let server = TestServer::start().await;
    let v1 = list_services_v1(server.channel().await).await;
    let v1alpha = list_services_v1alpha(server.channel().await).await;
    for (which, names) in [("v1", &v1), ("v1alpha", &v1alpha)] {
        for want in [REFLECTION_V1, REFLECTION_V1ALPHA] {
            assert!(
                names.iter().any(|n| n == want),
                "reflection {which}: {want} missing from {names:?}"
            );
        }
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_clients_are_served() {
    let server = TestServer::start().await;
    let channel = server.channel().await;
    let mut tasks = Vec::new();
    for i in 0..8 {
        let mut client = StanceServiceClient::new(channel.clone());
        tasks.push(tokio::spawn(async move {
            client
                .score_quote(pb::ScoreQuoteRequest {
                    speaker_country: "RU".into(),
                    ..request(&format!("c{i}"), "We will respond to every NATO step.")
                })
                .await
                .map(|r| r.into_inner().id)
        }));
    }
    for (i, t) in tasks.into_iter().enumerate() {
        let id = t.await.expect("task").expect("ScoreQuote succeeds");
        assert_eq!(id, format!("c{i}"));
    }
    server.stop().await;
}
