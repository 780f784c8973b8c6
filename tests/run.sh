#!/usr/bin/env bash
# Installs what is missing, builds from scratch and runs every test: unit tests,
# end-to-end tests of the real binary, the layering check, then the whole suite
# again under AddressSanitizer and UndefinedBehaviorSanitizer.
#   bash tests/run.sh            everything
#   SANITIZE=0 bash tests/run.sh skip the sanitizer pass
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/deps
jobs=$(nproc)

echo "== build (RelWithDebInfo)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$jobs"
echo "== tests"
ctest --test-dir build --output-on-failure -j"$jobs"

if [ "${SANITIZE:-1}" != 0 ]; then
  echo "== build (address and undefined-behaviour sanitizers)"
  cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DCOMPLAINTS_SANITIZE=ON >/dev/null
  cmake --build build-asan -j"$jobs"
  echo "== tests under sanitizers"
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir build-asan --output-on-failure -j"$jobs"
fi
