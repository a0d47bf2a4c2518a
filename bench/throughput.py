#!/usr/bin/env python3
"""Batch throughput of geostance against the peers a user would otherwise pick (issue 6).

On one machine, in one run, on the same input:
  * `geostance score` on N quotes (default 100,000) with 1 thread and with all threads
    (wall time of the whole command: start-up, model load, JSON in and out included);
  * a scikit-learn TF-IDF (word 1-2-grams) + logistic regression pipeline, fitted on the project's
    corpus, `predict` in bulk on the same texts (predict only: reading and writing not counted),
    single-threaded;
  * vaderSentiment's `polarity_scores` on the same texts, single-threaded;
  * `geostance analyze` on M stories of about 4 KB (default 2,000), 1 thread and all threads;
  * the peak resident memory of each geostance job;
  * the gRPC load generator (examples/grpc_load.rs, same profile): unary `ScoreQuote` and
    streaming `ScoreQuotes` at 1, 4, 16 and 64 callers against the real service and a trivial
    one in its own process (the ratio; for streams, the server's items per CPU-second against
    `Engine::score` alone), then against `geostance serve` in a process of its own, whose peak
    resident memory under that load is the server's (--grpc-requests, default 20,000 per run;
    --no-grpc skips it).
Each measurement is repeated (--repeat, default 3) and the fastest run is kept, so that a shared
host's noise moves the ratios less; `geostance score` on 1 thread and the two peers run in turns,
one round after another, so that a change in the host's speed touches all three alike, and each
round's own ratios are printed beside those of the fastest runs. It prints items/s, the ratios
(goal: >= 10x scikit-learn and >= 15x VADER per thread) and a Markdown table for the README, and
writes target/bench-throughput/throughput.json.

Usage, from a fresh clone (makes bench/.venv from PyPI on first use, builds the binary with the
`release-lto` profile, the build Cargo.toml recommends for batch jobs; `--profile release` measures
the plain release build):
    python3 bench/throughput.py [--quotes 100000] [--articles 2000] [--repeat 3] [--no-build]
                                [--grpc-requests 20000] [--no-grpc]
"""
import argparse
import json
import os
import platform
import random
import signal
import socket
import subprocess
import sys
import time
import venv

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(ROOT, "bench", ".venv")
OUT = os.path.join(ROOT, "target", "bench-throughput")
PEERS = ["scikit-learn==1.5.2", "numpy<2.2", "vaderSentiment==3.3.2"]
SINGLE_THREAD = {k: "1" for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}


def ensure_venv():
    """Re-runs this script inside bench/.venv with the peers installed, BLAS on one thread."""
    py = os.path.join(VENV, "bin", "python")
    if not os.path.exists(py):
        print("making bench/.venv ...", file=sys.stderr)
        venv.create(VENV, with_pip=True)
    inside = os.path.realpath(sys.prefix) == os.path.realpath(VENV)
    if not inside:
        probe = subprocess.run([py, "-c", "import sklearn, vaderSentiment"], capture_output=True)
        if probe.returncode != 0:
            print("installing " + " ".join(PEERS) + " ...", file=sys.stderr)
            subprocess.check_call([py, "-m", "pip", "install", "-q"] + PEERS)
        env = dict(os.environ, **SINGLE_THREAD)
        os.execve(py, [py] + sys.argv, env)


def machine():
    cpu = platform.processor() or "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            kb = int(f.readline().split()[1])
            mem = f", {kb / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return f"{cpu}, {os.cpu_count()} cores{mem}, {platform.system()} {platform.release()}"


def load_corpus():
    rows = []
    corpus = os.path.join(ROOT, "data", "corpus")
    for name in sorted(n for n in os.listdir(corpus) if n.endswith(".jsonl")):
        path = os.path.join(corpus, name)
        with open(path, encoding="utf-8") as f:
            rows.extend(json.loads(l) for l in f if l.strip())
    if not rows:
        sys.exit("no corpus in data/corpus/")
    return rows


def make_quotes(rows, n, path):
    """n quotes (SPEC 2.1) drawn from the corpus with a fixed seed; returns their texts."""
    rng = random.Random(6)
    texts = []
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            r = rows[rng.randrange(len(rows))]
            q = {"id": f"b{i}", "text": r["text"]}
            if r.get("speaker_country"):
                q["speaker_country"] = r["speaker_country"]
            f.write(json.dumps(q) + "\n")
            texts.append(r["text"])
    return texts


def make_stories(m, path):
    """m articles of about 4 KB from the example articles' paragraphs, in varying orders."""
    paras = []
    with open(os.path.join(ROOT, "examples", "articles.jsonl"), encoding="utf-8") as f:
        for line in f:
            text = json.loads(line)["text"]
            paras.extend(p for p in text.split("\n\n") if p.strip())
    rng = random.Random(4)
    sizes = []
    with open(path, "w", encoding="utf-8") as f:
        for i in range(m):
            start = rng.randrange(len(paras))
            story, k = [], start
            while len("\n\n".join(story).encode()) < 4000:
                story.append(paras[k % len(paras)])
                k += 1
            text = "\n\n".join(story)
            sizes.append(len(text.encode()))
            f.write(json.dumps({"id": f"s{i}", "text": text}) + "\n")
    return sum(sizes) / len(sizes)


def peak_rss_mb(pid, last):
    """The process's peak resident set so far (VmHWM), or `last` when it cannot be read."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return last


def run_job(args):
    """Runs geostance; returns (wall seconds, CPU seconds, peak RSS in MB, stderr).

    The peak is read from /proc while the job runs (getrusage of a child forked from this
    process would count this process's own memory, numpy and scikit-learn included)."""
    t0 = time.perf_counter()
    with open(os.devnull, "wb") as out, open(os.path.join(OUT, "stderr.txt"), "w+b") as err:
        p = subprocess.Popen([BIN] + args, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        rss = 0.0
        while True:
            pid, status, usage = os.wait4(p.pid, os.WNOHANG)
            if pid != 0:
                break
            rss = peak_rss_mb(p.pid, rss)
            time.sleep(0.02)
        wall = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        text = err.read().decode()
    if p.returncode != 0:
        sys.exit(f"geostance {' '.join(args)} exited with {p.returncode}:\n{text}")
    return wall, usage.ru_utime + usage.ru_stime, rss, text.strip()


def best_job(args, repeat):
    """run_job `repeat` times: the least wall time, the least CPU time, the largest peak RSS."""
    runs = [run_job(args) for _ in range(max(1, repeat))]
    return (min(r[0] for r in runs), min(r[1] for r in runs), max(r[2] for r in runs), runs[-1][3])


def timed_call(fn):
    """Calls fn(); (its result, the wall time, the CPU time of this process)."""
    t0, c0 = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - t0, time.process_time() - c0


def rate(n, wall, cpu):
    return {"seconds": wall, "cpu_seconds": cpu, "items_per_s": n / wall, "items_per_cpu_s": n / cpu}


def count_lines(path):
    with open(path, "rb") as f:
        return sum(1 for _ in f)


def free_port():
    """A loopback port that was free a moment ago."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, proc, seconds=30):
    """Waits until something accepts on `port`; exits if `proc` ends first or time runs out."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None:
            sys.exit(f"geostance serve exited with {proc.returncode} before listening")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    sys.exit(f"geostance serve did not listen on port {port} within {seconds} s")


def proc_cpu_seconds(pid):
    """User + system CPU seconds of a running process, from /proc (0 where it cannot be read)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def grpc_bench(profile, requests, build, cli_per_cpu_s, quotes_path):
    """The gRPC load generator in its own process with both services, then against
    `geostance serve` in a process of its own; returns the results for throughput.json.
    `cli_per_cpu_s`: `geostance score` on 1 thread, quotes per CPU-second, which the stream's
    server is held to per core, on the same quotes (`quotes_path`)."""
    if build:
        subprocess.check_call(["cargo", "build", "--profile", profile, "--example", "grpc_load",
                               "--quiet"], cwd=ROOT)
    load = os.path.join(ROOT, "target", profile, "examples", "grpc_load")
    if not os.path.exists(load):
        sys.exit(f"{load} is missing: run without --no-build, or "
                 f"`cargo build --profile {profile} --example grpc_load`")
    both = os.path.join(OUT, "grpc-load.json")
    with open(os.path.join(OUT, "grpc-load-stderr.txt"), "w") as err:
        table = subprocess.run([load, "--requests", str(requests), "--json", both,
                                "--quotes", quotes_path], stdout=subprocess.PIPE,
                               stderr=err, text=True, check=True).stdout
    print(table.strip())
    with open(both) as f:
        res = json.load(f)

    # The server alone: `geostance serve`, its own process, its own memory.
    port = free_port()
    external = os.path.join(OUT, "grpc-load-serve.json")
    with open(os.path.join(OUT, "serve-stderr.txt"), "w") as err:
        srv = subprocess.Popen([BIN, "serve", "--addr", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL,
                               stderr=err)
        try:
            wait_for_port(port, srv)
            cpu0 = proc_cpu_seconds(srv.pid)
            subprocess.run([load, "--connect", f"127.0.0.1:{port}", "--requests", str(requests),
                            "--json", external, "--quotes", quotes_path],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           check=True)
            cpu = proc_cpu_seconds(srv.pid) - cpu0
            rss = peak_rss_mb(srv.pid, 0.0)
        finally:
            srv.send_signal(signal.SIGINT)
            try:
                srv.wait(timeout=10)
            except subprocess.TimeoutExpired:
                srv.kill()
    with open(external) as f:
        ext = json.load(f)
    served = ext["warm_up_requests"] + sum(r["requests"] for r in ext["services"][0]["runs"])
    res["serve"] = {"peak_rss_mb": rss, "cpu_seconds": cpu, "requests": served,
                    "runs": ext["services"][0]["runs"]}
    print(f"geostance serve, its own process under the same load: peak RSS {rss:.0f} MB, "
          f"{cpu / served * 1e6:.1f} µs of CPU per request over {served:,} requests (unary and stream)")

    real, trivial = res["services"][1], res["services"][0]
    ratios = {"unary": [], "stream": []}
    for g, t in zip(real["runs"], trivial["runs"]):
        ratios[g["rpc"]].append(g["rps"] / t["rps"])
    res["ratio_unary"] = ratios["unary"]
    res["ratio_stream"] = ratios["stream"]
    alone = res.get("engine_alone_per_cpu_s")
    per_core = [1e6 / g["server_cpu_us"] / alone for g in real["runs"]
                if g["rpc"] == "stream" and g.get("server_cpu_us") and alone]
    res["stream_per_core_of_engine_alone"] = per_core
    for rpc, rs in ratios.items():
        if rs:
            print(f"gRPC {rpc}: geostance ÷ trivial = {min(rs):.2f}–{max(rs):.2f} "
                  f"(goal >= 0.6: {'meets' if min(rs) >= 0.6 else 'MISSES'})")
    if per_core:
        print(f"gRPC stream, per core: the server scores {min(per_core):.2f}–{max(per_core):.2f} "
              f"of what Engine::score alone does per CPU-second")
    # The issue's own yardstick: the stream per core against the CLI per core (JSON in and out).
    of_cli = [1e6 / g["server_cpu_us"] / cli_per_cpu_s for g in real["runs"]
              if g["rpc"] == "stream" and g.get("server_cpu_us")]
    res["stream_per_core_of_cli"] = of_cli
    if of_cli:
        print(f"gRPC stream, per core: the server scores {min(of_cli):.2f}–{max(of_cli):.2f} "
              f"of what `geostance score` on 1 thread does per CPU-second (goal: the same)")
    return res


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quotes", type=int, default=100_000)
    ap.add_argument("--articles", type=int, default=2_000)
    ap.add_argument("--repeat", type=int, default=3, help="runs of each measurement; the fastest is kept")
    ap.add_argument("--profile", default="release-lto",
                    help="cargo profile to build and measure (default: release-lto)")
    ap.add_argument("--no-build", action="store_true", help="use the existing binary")
    ap.add_argument("--bin", help="the geostance binary (default: target/PROFILE/geostance)")
    ap.add_argument("--grpc-requests", type=int, default=20_000, help="requests per gRPC run")
    ap.add_argument("--no-grpc", action="store_true", help="skip the gRPC load generator")
    a = ap.parse_args()
    global BIN
    BIN = a.bin or os.path.join(ROOT, "target", a.profile, "geostance")
    ensure_venv()

    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    import sklearn

    if not a.no_build:
        subprocess.check_call(["cargo", "build", "--profile", a.profile, "--quiet"], cwd=ROOT)
    os.makedirs(OUT, exist_ok=True)
    cores = os.cpu_count() or 1
    print(f"machine: {machine()}")

    rows = load_corpus()
    quotes_path = os.path.join(OUT, "quotes.jsonl")
    texts = make_quotes(rows, a.quotes, quotes_path)
    stories_path = os.path.join(OUT, "stories.jsonl")
    story_bytes = make_stories(a.articles, stories_path)
    print(f"input: {a.quotes} quotes ({os.path.getsize(quotes_path) / 1e6:.1f} MB), "
          f"{a.articles} stories of {story_bytes / 1024:.1f} KB on average")

    res = {"machine": machine(), "quotes": a.quotes, "articles": a.articles, "repeat": a.repeat,
           "binary": os.path.relpath(BIN, ROOT)}
    print(f"each measurement: the fastest of {a.repeat} runs; geostance binary {res['binary']}")

    # geostance score on 1 thread and the two peers, in turns: one round is one run of each.
    labelled = [r for r in rows if r.get("sentiment")]
    pipe = make_pipeline(TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
                         LogisticRegression(max_iter=1000))
    pipe.fit([r["text"] for r in labelled], [r["sentiment"] for r in labelled])
    sia = SentimentIntensityAnalyzer()
    out1 = os.path.join(OUT, "scored-1.jsonl")
    rounds = []
    for _ in range(max(1, a.repeat)):
        g = run_job(["score", "--input", quotes_path, "--output", out1, "--threads", "1"])
        assert count_lines(out1) == a.quotes, "one output line per quote"
        pred, sk_wall, sk_cpu = timed_call(lambda: pipe.predict(texts))
        assert len(pred) == len(texts)
        scores, va_wall, va_cpu = timed_call(lambda: [sia.polarity_scores(t) for t in texts])
        assert len(scores) == len(texts)
        rounds.append({"geostance": rate(a.quotes, g[0], g[1]), "peak_rss_mb": g[2],
                       "sklearn": rate(len(texts), sk_wall, sk_cpu),
                       "vader": rate(len(texts), va_wall, va_cpu)})

    def fastest(key):
        return {"seconds": min(r[key]["seconds"] for r in rounds),
                "cpu_seconds": min(r[key]["cpu_seconds"] for r in rounds)}

    g, sk, va = fastest("geostance"), fastest("sklearn"), fastest("vader")
    res["score_1t"] = rate(a.quotes, g["seconds"], g["cpu_seconds"])
    res["score_1t"]["peak_rss_mb"] = max(r["peak_rss_mb"] for r in rounds)
    res["sklearn"] = rate(len(texts), sk["seconds"], sk["cpu_seconds"])
    res["sklearn"]["version"] = sklearn.__version__
    res["vader"] = rate(len(texts), va["seconds"], va["cpu_seconds"])
    res["rounds"] = rounds
    for name, r in [("geostance score, 1 thread", res["score_1t"]),
                    (f"scikit-learn {sklearn.__version__} TF-IDF + LR predict, 1 thread", res["sklearn"]),
                    ("vaderSentiment polarity_scores, 1 thread", res["vader"])]:
        print(f"{name}: {r['seconds']:.2f} s, {r['items_per_s']:,.0f} quotes/s; CPU {r['cpu_seconds']:.2f} s, "
              f"{r['items_per_cpu_s']:,.0f} quotes per CPU-second")
    print(f"geostance score, 1 thread: peak RSS {res['score_1t']['peak_rss_mb']:.0f} MB")

    # geostance score on all cores
    if cores > 1:
        out = os.path.join(OUT, f"scored-{cores}.jsonl")
        wall, cpu, rss, err = best_job(["score", "--input", quotes_path, "--output", out,
                                        "--threads", str(cores)], a.repeat)
        assert count_lines(out) == a.quotes, "one output line per quote"
        res[f"score_{cores}t"] = dict(rate(a.quotes, wall, cpu), peak_rss_mb=rss)
        print(f"geostance score, {cores} thread(s): {wall:.2f} s, {a.quotes / wall:,.0f} quotes/s; "
              f"CPU {cpu:.2f} s, {a.quotes / cpu:,.0f} quotes per CPU-second; peak RSS {rss:.0f} MB")

    # geostance analyze on ~4 KB stories
    for threads in sorted({1, cores}):
        out = os.path.join(OUT, f"analysed-{threads}.jsonl")
        wall, cpu, rss, err = best_job(["analyze", stories_path, "--output", out,
                                        "--threads", str(threads)], a.repeat)
        assert count_lines(out) == a.articles
        res[f"analyze_{threads}t"] = {"seconds": wall, "cpu_seconds": cpu, "items_per_s": a.articles / wall,
                                      "items_per_cpu_s": a.articles / cpu, "peak_rss_mb": rss}
        print(f"geostance analyze, {threads} thread(s): {wall:.2f} s, {a.articles / wall:,.0f} articles/s; "
              f"CPU {cpu:.2f} s, {a.articles / cpu:,.0f} articles per CPU-second; peak RSS {rss:.0f} MB")

    # Per thread: items per CPU-second, which a busy machine does not skew the way it skews wall
    # time; the wall-time ratio is printed beside it.
    one = res["score_1t"]["items_per_cpu_s"]
    r_sk = one / res["sklearn"]["items_per_cpu_s"]
    r_va = one / res["vader"]["items_per_cpu_s"]
    w_sk = res["score_1t"]["items_per_s"] / res["sklearn"]["items_per_s"]
    w_va = res["score_1t"]["items_per_s"] / res["vader"]["items_per_s"]
    res.update(ratio_sklearn_per_thread=r_sk, ratio_vader_per_thread=r_va,
               ratio_sklearn_wall=w_sk, ratio_vader_wall=w_va)

    def verdict(r, goal):
        return "meets" if r >= goal else "MISSES"

    print()
    print(f"per thread: geostance / scikit-learn = {r_sk:.2f}x (wall {w_sk:.2f}x; goal >= 10x: {verdict(r_sk, 10)})")
    print(f"per thread: geostance / VADER        = {r_va:.2f}x (wall {w_va:.2f}x; goal >= 15x: {verdict(r_va, 15)})")
    per_round = [(r["geostance"]["items_per_cpu_s"] / r["sklearn"]["items_per_cpu_s"],
                  r["geostance"]["items_per_cpu_s"] / r["vader"]["items_per_cpu_s"]) for r in rounds]
    res["ratios_per_round"] = [{"sklearn": x, "vader": y} for x, y in per_round]
    print("per thread, round by round: " + ", ".join(f"{x:.2f}x / {y:.2f}x" for x, y in per_round)
          + " (scikit-learn / VADER)")
    allt = res[f"score_{cores}t"]
    print(f"all {cores} threads: geostance score = {allt['items_per_s']:,.0f} quotes/s wall, "
          f"{allt['items_per_s'] / res['score_1t']['items_per_s']:.2f}x its single-thread wall rate")
    an1 = res["analyze_1t"]
    print(f"analyze, 4 KB stories: {an1['items_per_cpu_s']:,.0f} articles per CPU-second (per core)")

    if not a.no_grpc:
        print()
        res["grpc"] = grpc_bench(a.profile, a.grpc_requests, not a.no_build, one, quotes_path)

    with open(os.path.join(OUT, "throughput.json"), "w") as f:
        json.dump(res, f, indent=2)
    print()
    print("| job | items/s (wall) | items per CPU-second | geostance 1 thread ÷ this, per CPU-second | peak RSS |")
    print("|---|---:|---:|---:|---:|")

    def row(name, r, ratio=True, rss=True):
        x = f"{one / r['items_per_cpu_s']:.2f}x" if ratio else ""
        m = f"{r['peak_rss_mb']:.0f} MB" if rss else ""
        print(f"| {name} | {r['items_per_s']:,.0f} | {r['items_per_cpu_s']:,.0f} | {x} | {m} |")

    row("geostance score, 1 thread", res["score_1t"])
    if cores > 1:
        row(f"geostance score, {cores} threads", allt, ratio=False)
    row("scikit-learn TF-IDF + LR `predict`, 1 thread", res["sklearn"], rss=False)
    row("vaderSentiment `polarity_scores`, 1 thread", res["vader"], rss=False)
    row("geostance analyze, 4 KB stories, 1 thread", an1, ratio=False)
    if cores > 1:
        row(f"geostance analyze, 4 KB stories, {cores} threads", res[f"analyze_{cores}t"], ratio=False)


if __name__ == "__main__":
    main()
