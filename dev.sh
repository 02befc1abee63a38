#!/usr/bin/env bash
# One entry point for a fresh Debian 12 machine: installs what is missing, builds, then
#   ./dev.sh run    launches the app on its bundled data (pass more arguments after "run")
#   ./dev.sh test   runs the whole test suite (CTest)
#   ./dev.sh build  only builds
set -euo pipefail
cd "$(dirname "$0")"

PACKAGES=(build-essential cmake pkg-config qt6-base-dev qt6-charts-dev qt6-svg-dev libqt6opengl6-dev
          libeigen3-dev nlohmann-json3-dev libgl-dev fonts-dejavu-core locales)
# What only the tests need: rsvg-convert renders every SVG export a second way (tst_export).
TEST_PACKAGES=(librsvg2-bin)
BUILD_DIR=${FF_BUILD_DIR:-build}
JOBS=${FF_JOBS:-2}

install_missing() {
  local missing=()
  for p in "${PACKAGES[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "Installing: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
}

build() {
  # FF_WERROR=ON (CI sets it): compiler warnings are errors.
  cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo ${FF_WERROR:+-DFF_WERROR=$FF_WERROR} "$@"
  cmake --build "$BUILD_DIR" -j "$JOBS"
}

cmd=${1:-run}
shift || true
case "$cmd" in
  run)   install_missing; build; exec "$BUILD_DIR/app/frontier-forecast" "$@" ;;
  test)  install_missing "${TEST_PACKAGES[@]}"; build; cd "$BUILD_DIR" && ctest --output-on-failure -j "$JOBS" ;;
  build) install_missing; build "$@" ;;
  *) echo "usage: $0 run|test|build" >&2; exit 2 ;;
esac
