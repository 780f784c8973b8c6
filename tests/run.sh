#!/usr/bin/env bash
# Installs what is missing, builds from scratch and runs every test: unit tests,
# end-to-end tests of the real binary, the layering check, then the whole suite
# again under AddressSanitizer and UndefinedBehaviorSanitizer, then each
# libFuzzer target briefly (tests/fuzz/run.sh, when clang is there).
#   bash tests/run.sh            everything
#   SANITIZE=0 bash tests/run.sh skip the sanitizer pass
#   FUZZ_SECONDS=0 bash tests/run.sh skip the fuzzers (default: 15 s per target)
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/deps
jobs=$(nproc)

if command -v clang-format >/dev/null; then
  echo "== format (clang-format, .clang-format)"
  git ls-files '*.cpp' '*.hpp' | xargs clang-format --dry-run --Werror
fi

echo "== build (RelWithDebInfo)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$jobs"
echo "== tests"
ctest --test-dir build --output-on-failure -j"$jobs"

if command -v clang-tidy >/dev/null; then
  echo "== clang-tidy (.clang-tidy) on the pure domain module"
  clang-tidy -p build --quiet --warnings-as-errors='*' src/domain/*.cpp
fi

if [ "${SANITIZE:-1}" != 0 ]; then
  echo "== build (address and undefined-behaviour sanitizers)"
  cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DCOMPLAINTS_SANITIZE=ON >/dev/null
  cmake --build build-asan -j"$jobs"
  echo "== tests under sanitizers"
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir build-asan --output-on-failure -j"$jobs"
fi

if [ "${FUZZ_SECONDS:-15}" != 0 ]; then
  if command -v clang++ >/dev/null; then
    echo "== fuzz targets (${FUZZ_SECONDS:-15} s each; a longer run: bash tests/fuzz/run.sh 600)"
    FUZZ_JOBS=$jobs bash tests/fuzz/run.sh "${FUZZ_SECONDS:-15}"
  else
    echo "== fuzz targets: skipped, no clang++ (bash .ci/deps installs it)"
  fi
fi
