#!/usr/bin/env bash
# Installs the build into a temporary prefix and runs the installed binary's report there:
# it must find the installed data (not the source tree) and print a parity year.
set -euo pipefail
build=$1
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null
for f in bin/frontier-forecast share/applications/frontier-forecast.desktop \
         share/metainfo/io.github.frontierforecast.FrontierForecast.metainfo.xml \
         share/icons/hicolor/scalable/apps/frontier-forecast.svg share/frontier-forecast/data/assumptions.json; do
  [ -e "$prefix/$f" ] || { echo "missing after install: $f"; exit 1; }
done
out=$(cd / && env -u FF_DATA_DIR QT_QPA_PLATFORM=offscreen "$prefix/bin/frontier-forecast" report --format json --samples 0)
dir=$(printf '%s\n' "$out" | sed -n 's/^ *"data_directory": "\(.*\)",$/\1/p' | head -n 1)
case "$dir" in
  "$prefix"/*) ;;
  *) echo "the installed binary read its data from $dir, not from $prefix"; exit 1 ;;
esac
year=$(printf '%s\n' "$out" | sed -n 's/^ *"month": "\(.*\)",$/\1/p' | head -n 1)
[ -n "$year" ] || { echo "the installed binary printed no parity month"; exit 1; }
echo "installed binary: data from $dir, task-level parity $year"
