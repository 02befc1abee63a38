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
dir=$(printf '%s' "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["data_directory"])')
case "$dir" in
  "$prefix"/*) ;;
  *) echo "the installed binary read its data from $dir, not from $prefix"; exit 1 ;;
esac
year=$(printf '%s' "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["parity"]["task_level"]["month"])')
echo "installed binary: data from $dir, task-level parity $year"
