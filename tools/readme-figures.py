#!/usr/bin/env python3
"""Writes the figures in model/README.md that come from the data (fits, counts, back-test, doubling
times, evidence end) and README.md's opening answer (kind, date and range of the default scenario)
from `frontier-forecast report --format json` on the shipped data.

Each README marks such a figure: <!-- fig:NAME -->text<!-- /fig -->; this script rewrites the text
between the markers and leaves everything else alone. README.md's answer is computed for the day
its <!-- fig-today:YYYY-MM-DD --> marker names (with the Monte Carlo's default seed), so the check does
not fail when the calendar moves on; move that date to restate the answer for a later day.

  tools/readme-figures.py              rewrite model/README.md (after a data or model change)
  tools/readme-figures.py --check      exit 1 and show what differs (CI: .ci/run)

--binary (default build/app/frontier-forecast) and --data (default data/) choose what runs.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
README = os.path.join(ROOT, "model", "README.md")
TOP_README = os.path.join(ROOT, "README.md")
MARK = re.compile(r"<!-- fig:(\w+) -->(.*?)<!-- /fig -->", re.S)
TODAY = re.compile(r"<!-- fig-today:(\d{4}-\d{2}-\d{2}) -->")
ANSWER_SAMPLES = 2000


def report(binary, data, samples=0, today=None):
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LC_ALL="C.UTF-8", FF_DATA_DIR=data, FF_DATA_HOME=home)
        if today:
            env["FF_TODAY"] = today
        out = subprocess.run([binary, "report", "--data", data, "--format", "json", "--samples", str(samples)],
                             env=env, check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def short_year(y):
    """A range end as the report words it: the year, or 'after 2045' past the horizon."""
    return "after 2045" if y is None or y > 2045.99 else str(int(y))


def answer_text(a):
    """One answer in a sentence: its kind and date (the report's own words), then the range."""
    text = a["text"]
    due = a.get("share_due") or 0.0
    if a.get("p10") is None:
        return text
    span = f"80% between {short_year(a['p10'])} and {short_year(a['p90'])}"
    if due >= 0.005:
        return f"{text}; {round(due * 100)}% of samples already due by the law, otherwise {span}"
    return f"{text}; {span}"


def answer_figures(j):
    p = j["parity"]
    t, fp = p["task_level"], p["full_product"]
    return {
        "answer_as_of": j["as_of"] if isinstance(j["as_of"], str) else t["as_of"],
        "answer_target": j["target"]["model"] if isinstance(j["target"], dict) else str(j["target"]),
        "answer_budget": f"${j['budget_usd']:,.0f}",
        "answer_task": answer_text(t),
        "answer_full": answer_text(fp),
        "answer_evidence_end": t["evidence_end"],
        "answer_samples": f"{p['samples']:,}",
    }


def f(x, decimals):
    return f"{x:.{decimals}f}"


def figures(j):
    fits = j["fits"]
    g = fits["quality_laws"]["general"]
    c = fits["quality_laws"]["coding"]  # SWE-rebench, one scaffold and one task window
    v = fits["quality_laws"]["coding_verified"]  # the secondary, SWE-bench Verified
    gap = v.get("vendor_gap", {})
    ctx = fits["context_trend"]
    bt = j.get("backtest_summary", {})
    return {
        "per_dollar": (f"bandwidth/$ {f(fits['bandwidth_per_dollar_doubling_years'], 2)} y, "
                       f"memory/$ {f(fits['memory_per_dollar_doubling_years'], 2)} y, "
                       f"compute/$ {f(fits['compute_per_dollar_doubling_years'], 2)} y "
                       f"({fits.get('compute_per_dollar_kind', 'one figure kind')})"),
        "general_law": (f"`a = {f(g['a'], 1)}, b = {f(g['b_per_doubling'], 2)} per doubling, "
                        f"c = {f(g['c_per_year'], 2)} per year, n = {g['n']}, R2 = {f(g['r2'], 2)}, "
                        f"residual sd {f(g['residual_sd'], 2)}`"),
        "general_density": f"**{f(g['density_doubling_years'], 2)} years**",
        "general_slope": f"{f(g['b_per_doubling'], 2)} +- {f(g['se_b'], 2)}",
        "evidence_end": j["parity"]["task_level"]["evidence_end"],
        "vendor_gap_n": str(gap.get("n", 0)),
        "vendor_gap": f"**{f(gap.get('mean_logit', float('nan')), 2)} log-odds** (sd {f(gap.get('sd_logit', float('nan')), 2)}",
        "coding_law": (f"`a = {f(c['a'], 2)}, b = {f(c['b_per_doubling'], 3)} +/- {f(c['se_b'], 3)} per doubling "
                       f"(95% interval {f(c['b_per_doubling'] - 1.96 * c['se_b'], 3)} to {f(c['b_per_doubling'] + 1.96 * c['se_b'], 3)}), "
                       f"c = {f(c['c_per_year'], 2)} +/- {f(c['se_c'], 2)} per year, n = {c['n']}` "
                       f"({c.get('independent_points', 0)} runs on one scaffold and one task window), "
                       f"R2 = {f(c['r2'], 2)}, residual sd {f(c['residual_sd'], 2)}"),
        "coding_b_in_se": (f"{f(abs(c['b_per_doubling']) / c['se_b'], 1)} standard errors from zero"
                           if c["se_b"] > 0 else "not measured against its error"),
        "rebench_crosswalk": rebench_crosswalk(c.get("target_bar_crosswalk", {})),
        "rebench_bars": rebench_bars(j["parity"]["by_yardstick"].get("coding", {})),
        "verified_law": (f"`a = {f(v['a'], 2)}, b = {f(v['b_per_doubling'], 3)} +/- {f(v['se_b'], 3)} per doubling, "
                         f"c = {f(v['c_per_year'], 2)} +/- {f(v['se_c'], 2)} per year, n = {v['n']}` "
                         f"({v.get('independent_points', 0)} independent runs, {v.get('vendor_points', 0)} adjusted vendor claims), "
                         f"R2 = {f(v['r2'], 2)}, residual sd {f(v['residual_sd'], 2)}"),
        "verified_b_in_se": (f"{f(abs(v['b_per_doubling']) / v['se_b'], 1)} standard errors from zero"
                             if v["se_b"] > 0 else "not measured against its error"),
        "context_trend": f"doubling every {f(ctx['doubling_years'], 2)} years, n = {ctx['n']}, R2 = {f(ctx['r2'], 2)}",
        "backtest_resolved": str(bt.get("resolved", 0)),
        "backtest_summary": backtest_summary(bt),
    }


def rebench_crosswalk(cw):
    if "b" not in cw:
        return "no crosswalk (fewer than three models with both)"
    lo, hi = cw["b_95"]
    text = (f"`logit(SWE-rebench) = {f(cw['a'], 2)} + {f(cw['b'], 4)} +/- {f(cw['b_se'], 4)} ECI "
            f"(95% interval, Student t: {f(lo, 4)} to {f(hi, 4)}), n = {cw['n']}, residual sd {f(cw['residual_sd_logit'], 3)}` "
            f"over {', '.join(cw['models'])}")
    return text if cw.get("usable") else text + f"; {cw.get('why', '')}"


def rebench_bars(b):
    rows = [f"{t['target']}: {f(t['score'], 1)}% on SWE-rebench, {t['score_crosswalked']}"
            for t in b.get("per_target", []) if "score_crosswalked" in t]
    return "; ".join(rows) if rows else "none (no bar crosswalked)"


def backtest_summary(bt):
    if not bt:
        return "no back-test"
    def y(v, d=2):
        return "-" if v is None else f(v, d)
    base = {b["name"]: b for b in bt.get("baselines", [])}
    parts = [f"{bt['n']} rows, {bt['resolved']} resolved by {bt.get('distinct_events', 0)} distinct events "
             f"({bt.get('measured_actuals', 0)} rows measured), MAE {y(bt['mae_years'])} years, "
             f"P10-P90 coverage {'-' if bt['coverage_p10_p90'] is None else f(100 * bt['coverage_p10_p90'], 0) + '%'}, "
             f"CRPS {y(bt.get('crps_years'), 3)} years"]
    for name, label in (("constant_lag", "constant lag"), ("last_quarter", "last quarter's answer")):
        b = base.get(name)
        if b:
            parts.append(f"{label}: CRPS {y(b['crps_years'], 3)} vs the model's {y(b['model_crps_years'], 3)} "
                         f"on its {b['n']} rows, MAE {y(b['mae_years'])} years")
    return "; ".join(parts)


def rewrite(path, values, check):
    """Rewrites (or, with check, compares) the marked figures of one README; returns its exit code."""
    name_of = os.path.relpath(path, ROOT)
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    seen, stale = set(), []

    def put(m):
        name, old = m.group(1), m.group(2)
        if name not in values:
            sys.exit(f"{name_of}: unknown figure <!-- fig:{name} --> (known: {', '.join(sorted(values))})")
        seen.add(name)
        if old != values[name]:
            stale.append(f"  {name}: '{old}' -> '{values[name]}'")
        return f"<!-- fig:{name} -->{values[name]}<!-- /fig -->"

    new = MARK.sub(put, text)
    unused = sorted(set(values) - seen)
    if unused:
        sys.exit(f"{name_of}: no marker for " + ", ".join(unused))
    if check:
        if stale:
            print(f"{name_of}: figures differ from the data; run tools/readme-figures.py\n" + "\n".join(stale))
            return 1
        print(f"{name_of}: {len(seen)} figures match the data")
        return 0
    if new != text:
        tmp = path + ".tmp"
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(new)
        os.replace(tmp, path)
    print(f"{name_of}: {len(stale)} of {len(seen)} figures rewritten" + ("\n" + "\n".join(stale) if stale else ""))
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--binary", default=os.path.join(ROOT, "build", "app", "frontier-forecast"))
    ap.add_argument("--data", default=os.path.join(ROOT, "data"))
    args = ap.parse_args()
    rc = rewrite(README, figures(report(args.binary, args.data)), args.check)
    with open(TOP_README, encoding="utf-8") as fh:
        today = TODAY.search(fh.read())
    if not today:
        sys.exit("README.md: no <!-- fig-today:YYYY-MM-DD --> marker (the day its answer is computed for)")
    answer = answer_figures(report(args.binary, args.data, ANSWER_SAMPLES, today.group(1)))
    return max(rc, rewrite(TOP_README, answer, args.check))


if __name__ == "__main__":
    sys.exit(main())
