#!/usr/bin/env python3
"""Derives servegen_reason_deepseek_r1.json from the ServeGen reasoning descriptor.

Usage: derive_reasoning_descriptor.py DESCRIPTOR_DIR > servegen_reason_deepseek_r1.json
DESCRIPTOR_DIR is alibaba/ServeGen@f891d11 data/reason/deepseek-r1 (73 clients).

Each client's 10-minute trace window contributes rate x 600 s requests, drawn from the PMFs of the
6-hour dataset window in force at its start; the aggregate PMF of a field is the request-weighted
mixture of those PMFs over all clients and the whole day. To keep the file small, token counts
below 128 stay exact and larger ones are merged into geometric bins 1% wide, each represented by
the probability-weighted mean count of the bin (rounded), so every count moves by at most 1% and
the mean is kept. Standard library only; deterministic output.
"""
import ast
import csv
import glob
import json
import math
import os
import sys

EXACT_BELOW = 128
BIN_RATIO = 1.01


def aggregate(directory):
    mix = {"input_tokens": {}, "output_tokens": {}}
    requests = 0.0
    for trace in sorted(glob.glob(os.path.join(directory, "chunk-*-trace.csv"))):
        client = os.path.basename(trace)[len("chunk-"):-len("-trace.csv")]
        with open(os.path.join(directory, f"chunk-{client}-dataset.json")) as f:
            dataset = json.load(f)
        starts = sorted(int(k) for k in dataset)
        with open(trace) as f:
            for row in csv.reader(f):
                count = float(row[1]) * 600
                if count == 0:
                    continue
                window = str(max(s for s in starts if s <= float(row[0])))
                requests += count
                for field, acc in mix.items():
                    pmf = ast.literal_eval(dataset[window][field])
                    total = sum(pmf.values())
                    for tokens, p in pmf.items():
                        acc[int(tokens)] = acc.get(int(tokens), 0.0) + count * p / total
    return mix, requests


def binned(acc):
    total = sum(acc.values())
    bins = {}
    for tokens, weight in acc.items():
        key = tokens if tokens < EXACT_BELOW else \
            EXACT_BELOW + int(math.log(tokens / EXACT_BELOW) / math.log(BIN_RATIO))
        mass, moment = bins.get(key, (0.0, 0.0))
        bins[key] = (mass + weight, moment + weight * tokens)
    merged = {}
    for mass, moment in bins.values():
        tokens = max(1, round(moment / mass))
        merged[tokens] = merged.get(tokens, 0.0) + mass / total
    return merged


def main():
    mix, requests = aggregate(sys.argv[1])
    out = {"source": (
        "alibaba/ServeGen@f891d11 data/reason/deepseek-r1 (Apache-2.0), 73 clients over one day "
        f"({requests:,.0f} requests): request-weighted mixture of the per-window input_tokens and "
        "output_tokens PMFs; counts >= 128 merged into 1% geometric bins at their mean. "
        "Derived by data/workloads/derive_reasoning_descriptor.py.")}
    for field, acc in mix.items():
        pmf = binned(acc)
        out[field] = "{" + ", ".join(f"{t}: {p:.6g}" for t, p in sorted(pmf.items())) + "}"
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
