#!/usr/bin/env python3
"""The scikit-learn peer of issue 5, run beside geostance on the same NewsMTSC split.

Peer: TF-IDF (word 1-2-grams + char 2-5-grams) logistic regression with the target masked,
trained on NewsMTSC train.jsonl, scored on devtest_mt.jsonl (negative/neutral/positive mapped to
against/neutral/favor). Then geostance is trained on the same train.jsonl and scored on the same
test file, and both macro-F1 scores and fit times are printed.

Usage (from the repository root; makes bench/.venv from PyPI on first use):
    python3 bench/newsmtsc_peer.py [--newsmtsc DIR] [--skip-geostance]
"""
import argparse
import json
import os
import resource
import subprocess
import sys
import time
import venv

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(ROOT, "bench", ".venv")


def ensure_venv():
    py = os.path.join(VENV, "bin", "python")
    if not os.path.exists(py):
        venv.create(VENV, with_pip=True)
        subprocess.check_call([py, "-m", "pip", "install", "-q", "scikit-learn==1.5.2", "numpy<2.2"])
    if os.path.realpath(sys.executable) != os.path.realpath(py):
        os.execv(py, [py] + sys.argv)


def load(path):
    texts, labels = [], []
    names = {2: "against", 4: "neutral", 6: "favor"}
    with open(path, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            s = r["sentence_normalized"]
            for t in r["targets"]:
                a, b = t["from"], t["to"]
                texts.append(s[:a] + " TARGETMASK " + s[b:])
                labels.append(names[int(t["polarity"])])
    return texts, labels


def peer(train, test):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score
    from sklearn.pipeline import FeatureUnion, Pipeline

    model = Pipeline([
        ("tfidf", FeatureUnion([
            ("word", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1)),
            ("char", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2)),
        ])),
        ("lr", LogisticRegression(max_iter=1000, C=4.0)),
    ])
    t0, c0 = time.perf_counter(), time.process_time()
    model.fit(*train)
    fit, cpu = time.perf_counter() - t0, time.process_time() - c0
    pred = model.predict(test[0])
    return f1_score(test[1], pred, average="macro"), fit, cpu


# geostance's settings for this comparison: one fit, no cross-validation, the default feature
# configuration, and the column budget, iteration count and L2 penalty that 5-fold
# cross-validation on train.jsonl alone chose (folds by sentence; see README): among column
# budgets and L-BFGS iteration counts whose single fit stays within twice the peer's fit time,
# 8,000 columns and 60 iterations scored best (`--max-columns 8000 --max-iterations 60`); then
# `--alpha 0.15,0.3,0.7` at those settings, one-standard-error rule → 0.3.
GEOSTANCE_TRAIN = ["--folds", "0", "--alpha", "0.3", "--max-columns", "8000",
                   "--max-iterations", "60"]


def geostance(data_dir):
    exe = os.path.join(ROOT, "target", "release", "geostance")
    subprocess.check_call(["cargo", "build", "--release", "-q"], cwd=ROOT)
    out = os.path.join(ROOT, "target", "bench-newsmtsc-model")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.check_call([exe, "train", "--data", os.path.join(data_dir, "train.jsonl"),
                           "--out", out] + GEOSTANCE_TRAIN, cwd=ROOT,
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    fit = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    rep = subprocess.check_output([exe, "eval", "--json", "--model", out, "--data",
                                   os.path.join(data_dir, "devtest_mt.jsonl")], cwd=ROOT)
    return json.loads(rep)["stance"]["macro_f1"], fit, cpu


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--newsmtsc", default=os.path.join(ROOT, "..", "shared", "datasets", "newsmtsc"))
    ap.add_argument("--skip-geostance", action="store_true")
    args = ap.parse_args()
    ensure_venv()
    train = load(os.path.join(args.newsmtsc, "train.jsonl"))
    test = load(os.path.join(args.newsmtsc, "devtest_mt.jsonl"))
    f1, fit, cpu = peer(train, test)
    print(f"scikit-learn peer: macro-F1 {f1:.3f}  fit {fit:.1f} s (CPU {cpu:.1f} s)  "
          f"({len(train[0])} train, {len(test[0])} test pairs)")
    if not args.skip_geostance:
        g1, gfit, gcpu = geostance(args.newsmtsc)
        print(f"geostance:         macro-F1 {g1:.3f}  train {gfit:.1f} s (CPU {gcpu:.1f} s; whole "
              f"`train` command: read, featurise, fit on all cores, write)")
        print(f"difference: {g1 - f1:+.3f} macro-F1 (goal >= +0.05); fit time ratio "
              f"{gfit / fit:.2f}x (goal <= 2x)")


if __name__ == "__main__":
    main()
