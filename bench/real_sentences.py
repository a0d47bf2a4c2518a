#!/usr/bin/env python3
"""Real news sentences for checking changes to quote, speaker and target finding, never the dev set.

    python3 bench/real_sentences.py extract            # writes target/real-sentences/*.jsonl
    geostance analyze target/real-sentences/newsmtsc.jsonl --output before.jsonl   # old binary
    geostance analyze target/real-sentences/newsmtsc.jsonl --output after.jsonl    # new binary
    python3 bench/real_sentences.py diff before.jsonl after.jsonl [--input newsmtsc] [--show 40]

`extract` reads the 7,758 sentences of NewsMTSC train and the texts of the
PETRARCH-2 validation records (73 wire sentences) from ../shared/datasets (or --datasets) and
writes them as {"id", "text"} lines under target/ (never into the repository: the rows are the
datasets', not ours). `diff` prints how many sentences' quotes changed (text, speaker, country,
targets) and a random sample of them, old and new, to be read one by one. See
docs/quote-finding.md.
"""
import argparse
import json
import os
import random
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "target", "real-sentences")


def extract(datasets):
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(datasets, "newsmtsc", "train.jsonl"), encoding="utf-8") as f:
        write("newsmtsc", [json.loads(line)["sentence_normalized"] for line in f if line.strip()])
    xml = open(os.path.join(datasets, "petrarch2", "PETR2_GSR_validation.xml"), encoding="utf-8").read()
    texts = [re.sub(r"\s+", " ", t).strip() for t in re.findall(r"<Text>\s*(.*?)\s*</Text>", xml, re.S)]
    write("petrarch", [t for t in texts if len(t) > 40])


def write(name, texts):
    path = os.path.join(OUT, name + ".jsonl")
    with open(path, "w", encoding="utf-8") as f:
        for i, t in enumerate(texts):
            f.write(json.dumps({"id": i, "text": t}) + "\n")
    print(f"{path}: {len(texts)} sentences", file=sys.stderr)


def quotes(record):
    out = []
    for q in record.get("quotes", []):
        s = q.get("speaker") or {}
        out.append((q["text"], s.get("name"), s.get("country"), tuple(t["target"] for t in q["targets"])))
    return out


def diff(before, after, name, show, seed):
    load = lambda p: [json.loads(l) for l in open(p, encoding="utf-8")]
    a, b = load(before), load(after)
    texts = [r["text"] for r in load(os.path.join(OUT, name + ".jsonl"))]
    changed = [i for i in range(min(len(a), len(b))) if quotes(a[i]) != quotes(b[i])]
    n = lambda rs: sum(len(r.get("quotes", [])) for r in rs)
    print(f"{len(changed)} sentences changed; quotes {n(a)} -> {n(b)}")
    random.seed(seed)
    for i in changed if len(changed) <= show else random.sample(changed, show):
        print("#", texts[i][:260].replace("\n", " "))
        print("  old", [(q[0][:60], q[1], q[2]) for q in quotes(a[i])])
        print("  new", [(q[0][:60], q[1], q[2]) for q in quotes(b[i])])


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    e = sub.add_parser("extract")
    e.add_argument("--datasets", default=os.path.join(ROOT, "..", "shared", "datasets"))
    d = sub.add_parser("diff")
    d.add_argument("before")
    d.add_argument("after")
    d.add_argument("--input", default="newsmtsc", choices=["newsmtsc", "petrarch"])
    d.add_argument("--show", type=int, default=40)
    d.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    if args.cmd == "extract":
        extract(args.datasets)
    else:
        diff(args.before, args.after, args.input, args.show, args.seed)


if __name__ == "__main__":
    main()
