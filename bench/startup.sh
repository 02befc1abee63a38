#!/usr/bin/env bash
# Start-up, measured from outside: launch of the real binary to its main window mapped and viewable
# under Xvfb (polled with xwininfo every ~2 ms), with a fresh settings directory and no imports.
#   bench/startup.sh [BINARY] [RUNS]      (default build/app/frontier-forecast, 7 runs)
# Prints each run and the median in ms, with the load average. Qt paints on the expose that follows
# the map in the same event-loop pass; gui-bench's startup_to_headline_painted_ms gives main() to
# the painted headline from inside. A benchmark, not a test.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/app/frontier-forecast}
runs=${2:-7}
# A display of its own: a random number could meet another X server (xvfb-run's :99, a test run),
# whose windows the poll below would then time instead of this app's.
display=""
for n in $(seq 90 189); do
  [ -e "/tmp/.X$n-lock" ] || [ -e "/tmp/.X11-unix/X$n" ] || { display=:$n; break; }
done
[ -n "$display" ] || { echo "startup: no free X display in :90-:189" >&2; exit 1; }
Xvfb "$display" -screen 0 1280x720x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
tmp=$(mktemp -d)
trap 'kill $xvfb 2>/dev/null || true; rm -rf "$tmp"' EXIT
for _ in $(seq 100); do DISPLAY=$display xwininfo -root >/dev/null 2>&1 && break; sleep 0.05; done
times=()
for i in $(seq "$runs"); do
  rm -rf "$tmp/home"; mkdir -p "$tmp/home"
  t0=$(date +%s%N)
  HOME=$tmp/home XDG_CONFIG_HOME=$tmp/home/.config XDG_DATA_HOME=$tmp/home/.local/share DISPLAY=$display \
    FF_DATA_DIR=$PWD/data "$bin" >/dev/null 2>&1 &
  app=$!
  t1=""
  while [ -z "$t1" ]; do
    id=$(DISPLAY=$display xwininfo -root -tree 2>/dev/null | awk '/Frontier Forecast": \("frontier-forecast"/ {print $1; exit}')
    if ! kill -0 "$app" 2>/dev/null; then
      echo "startup: the app exited before its window was mapped (run $i)" >&2; exit 1
    elif [ -n "$id" ] && DISPLAY=$display xwininfo -id "$id" 2>/dev/null | grep -q IsViewable; then
      t1=$(date +%s%N)
    elif (( ($(date +%s%N) - t0) > 30000000000 )); then
      echo "startup: no window after 30 s" >&2; kill $app; exit 1
    else
      sleep 0.002
    fi
  done
  kill $app; wait $app 2>/dev/null || true
  ms=$(( (t1 - t0) / 1000000 ))
  times+=("$ms")
  echo "run $i: ${ms} ms"
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo "{\"launch_to_mapped_ms_median\": $median, \"runs\": [$(IFS=,; echo "${times[*]}")], \"load_average\": \"$(cut -d' ' -f1-3 /proc/loadavg)\", \"commit\": \"$(git describe --always --dirty --tags 2>/dev/null || echo unknown)\"}"
