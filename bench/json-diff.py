#!/usr/bin/env python3
"""Compares `report --format json` of two builds on the default scenario and a few variants.

    bench/json-diff.py OLD_BINARY NEW_BINARY [--data DIR]

A change that should move no answer prints only "same" lines (exit 0); otherwise each differing
field with both values (exit 1). Wall-clock fields (`seconds`) are ignored."""
import json, os, subprocess, sys

VARIANTS = [
    [],
    ["--set", "budget_usd=2000"],
    ["--set", "budget_usd=20000", "--set", "max_gpus=4"],
    ["--set", "target_model=Claude Sonnet 4.5"],
    ["--set", "yardstick=coding"],
    ["--set", "bandwidth_per_dollar_doubling_years=3"],
    ["--set", "kv_compression=1", "--set", "target_tokens_per_s=80"],
    ["--as-of", "2025-06"],
]

def walk(x, y, path, out):
    if path.endswith(".seconds"):
        return
    if type(x) != type(y):
        out.append(f"{path}: {x!r} -> {y!r}")
    elif isinstance(x, dict):
        for k in sorted(set(x) | set(y)):
            if k not in x or k not in y:
                out.append(f"{path}.{k}: only in {'new' if k in y else 'old'}")
            else:
                walk(x[k], y[k], f"{path}.{k}", out)
    elif isinstance(x, list):
        if len(x) != len(y):
            out.append(f"{path}: {len(x)} -> {len(y)} entries")
        for i, (u, v) in enumerate(zip(x, y)):
            walk(u, v, f"{path}[{i}]", out)
    elif x != y:
        out.append(f"{path}: {x!r} -> {y!r}")

def main():
    old, new = sys.argv[1], sys.argv[2]
    data = sys.argv[sys.argv.index("--data") + 1] if "--data" in sys.argv else os.path.join(os.path.dirname(__file__), "..", "data")
    status = 0
    for v in VARIANTS:
        args = ["report", "--format", "json", "--samples", "300", "--data", data] + v
        a = json.loads(subprocess.run([old] + args, capture_output=True, check=True).stdout)
        b = json.loads(subprocess.run([new] + args, capture_output=True, check=True).stdout)
        diffs = []
        walk(a, b, "", diffs)
        print(f"{' '.join(v) or 'default'}: " + ("same" if not diffs else f"{len(diffs)} differences"))
        for d in diffs[:40]:
            print("   ", d)
        status |= bool(diffs)
    return status

if __name__ == "__main__":
    sys.exit(main())
