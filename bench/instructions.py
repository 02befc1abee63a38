#!/usr/bin/env python3
"""Instruction counts (callgrind) of one headline recompute, one full recompute and 1,000 Monte
Carlo samples with the fan, against the budget in bench/instruction-budget.json (and, reported
only, start-up's model part: data, engine, first result).

    bench/instructions.py [--driver build/bench/instruction-driver] [--budget FILE]
    bench/instructions.py --update      # re-set the budget to this build's counts (the coordinator,
                                        # at the end of a round; commit the JSON it writes)

Fails (exit 1) when any part grows more than the budget's tolerance (15 %) over its budgeted count.
Instruction counts hold on a shared machine where wall-clock does not; they depend on the compiler
and the build type, so the budget records both and a build of another type is refused (exit 2)."""
import argparse, datetime, json, os, re, shutil, subprocess, sys, tempfile

PARTS = ["headline", "recompute", "fan1000"]
REPORTED = ["startup"]  # counted and printed, never a gate (the data grows on purpose)
ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))


def count(driver, part, data):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "callgrind.out")
        cmd = ["valgrind", "--tool=callgrind", "--toggle-collect=ff_measure_" + part,
               "--callgrind-out-file=" + out, "-q", driver, part] + ([data] if data else [])
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        with open(out) as f:
            for line in f:
                m = re.match(r"(?:summary|totals):\s+(\d+)", line)
                if m:
                    return int(m.group(1))
    raise RuntimeError(f"no instruction total in callgrind's output for {part}")


def compiler():
    cache = os.path.join(ROOT, "build", "CMakeCache.txt")
    try:
        with open(cache) as f:
            for line in f:
                if line.startswith("CMAKE_CXX_COMPILER:"):
                    path = line.split("=", 1)[1].strip()
                    return subprocess.run([path, "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    except (OSError, IndexError):
        pass
    return "unknown"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--driver", default=os.path.join(ROOT, "build", "bench", "instruction-driver"))
    ap.add_argument("--budget", default=os.path.join(ROOT, "bench", "instruction-budget.json"))
    ap.add_argument("--data", default=None, help="data directory (default: the source tree's data/)")
    ap.add_argument("--update", action="store_true", help="write this build's counts as the budget")
    a = ap.parse_args()
    if not shutil.which("valgrind"):
        print("instructions.py: valgrind is not installed (apt-get install valgrind)", file=sys.stderr)
        return 2
    info = json.loads(subprocess.run([a.driver, "--info"], capture_output=True, text=True, check=True).stdout)
    counts = {p: count(a.driver, p, a.data) for p in PARTS + REPORTED}
    if a.update:
        budget = {
            "measured_at_commit": info["commit"],
            "build_type": info["build_type"],
            "compiler": compiler(),
            "date": datetime.date.today().isoformat(),
            "tolerance": 0.15,
            "how": "bench/instructions.py --update (after a build of instruction-driver)",
            "instructions": {p: counts[p] for p in PARTS},
            "reported_not_gated": {p: counts[p] for p in REPORTED},
            "per_sample_fan": counts["fan1000"] // 1000,
        }
        with open(a.budget, "w") as f:
            json.dump(budget, f, indent=2)
            f.write("\n")
        print(f"budget written to {a.budget} at {info['commit']}")
        for p in PARTS + REPORTED:
            print(f"  {p:10s} {counts[p]:>14,d}")
        return 0
    with open(a.budget) as f:
        budget = json.load(f)
    if budget["build_type"] != info["build_type"]:
        print(f"instructions.py: the budget was measured on a {budget['build_type']} build, this driver is "
              f"{info['build_type']}: counts are not comparable", file=sys.stderr)
        return 2
    tol = budget.get("tolerance", 0.15)
    status = 0
    print(f"instructions at {info['commit']} against the budget of {budget['measured_at_commit']} "
          f"(fails above +{tol:.0%})")
    for p in PARTS:
        b = budget["instructions"][p]
        ratio = counts[p] / b
        over = ratio > 1 + tol
        status |= over
        print(f"  {p:10s} {counts[p]:>14,d}  budget {b:>14,d}  {ratio - 1:+7.1%}{'  OVER BUDGET' if over else ''}")
    for p in REPORTED:
        print(f"  {p:10s} {counts[p]:>14,d}  (reported, not gated)")
    print(f"  per Monte Carlo sample with the fan: {counts['fan1000'] / 1000:,.0f}")
    return status


if __name__ == "__main__":
    sys.exit(main())
