#!/usr/bin/env bash
# Builds the fuzzers with clang and runs each for SECONDS (default 20) on a seed corpus made
# from data/ (scenario presets, every data file, a few --set lines). Exit status: non-zero
# when a fuzzer found a crash (its reproducer is left in build-fuzz/artifacts/).
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET=${1:-20}
BUILD=${FF_FUZZ_BUILD_DIR:-build-fuzz}
cmake -S . -B "$BUILD" -DCMAKE_CXX_COMPILER=clang++ -DFF_FUZZ=ON -DFF_BUILD_GUI=OFF -DFF_BUILD_TESTS=OFF >/dev/null
cmake --build "$BUILD" -j "${FF_JOBS:-2}" --target fuzz_scenario fuzz_datafile fuzz_set

corpus="$BUILD/corpus"
rm -rf "$corpus"
mkdir -p "$corpus/scenario" "$corpus/datafile" "$corpus/set" "$BUILD/artifacts"
cp data/presets/*.json "$corpus/scenario/" 2>/dev/null || true
# Hostile inputs kept in the tree: deep nesting, duplicate keys, control characters.
cp fuzz/corpus/scenario/* "$corpus/scenario/"
cp fuzz/corpus/datafile/* "$corpus/datafile/"
printf '{"format":"frontier-forecast-scenario","version":1,"values":{"budget_usd":5000}}' > "$corpus/scenario/min.json"
i=0
for f in hardware models quantization measurements trends assumptions; do
  # the first byte selects the parser (see fuzz_datafile.cpp); large files are cut to 64 KiB
  { printf "\\x$(printf %02x $i)"; head -c 65536 "data/$f.json"; } > "$corpus/datafile/$f"
  i=$((i + 1))
done
for s in budget_usd=5000 target_model=Claude\ Sonnet\ 4 as_of=2024-06 max_gpus=2 density_doubling_years=0.5; do
  printf '%s' "$s" > "$corpus/set/$(echo "$s" | tr -c 'a-z0-9' _)"
done

status=0
for t in scenario datafile set; do
  echo "== fuzz_$t for ${SECONDS_PER_TARGET}s"
  "$BUILD/fuzz/fuzz_$t" "$corpus/$t" -max_total_time="$SECONDS_PER_TARGET" -max_len=65536 -rss_limit_mb=4096 \
      -artifact_prefix="$BUILD/artifacts/fuzz_${t}-" -print_final_stats=1 2>&1 | \
      grep -E "^#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss|ERROR|SUMMARY|Test unit written" || status=1
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
done
exit $status
