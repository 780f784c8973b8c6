#!/usr/bin/env bash
# Installs what is missing, builds from scratch and runs every test: unit tests,
# end-to-end tests of the real binary (against SQLite, and against a throwaway
# PostgreSQL server that CTest starts and stops: tests/postgres/server.sh),
# the layering check, then the whole suite
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

# Each phase says how long it took (seconds since the start).
phase() { echo "== $* (at ${SECONDS} s)"; }

# The release's optimisation (-O2, NDEBUG) without debug information, which
# would take 40% of the compile time and is not needed to run the tests.
phase "build (-O2 -DNDEBUG, as RelWithDebInfo without -g)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" >/dev/null
cmake --build build -j"$jobs"
phase "tests"
ctest --test-dir build --output-on-failure -j"$jobs"

if command -v clang-tidy >/dev/null; then
  phase "clang-tidy (.clang-tidy) on the pure domain module"
  printf '%s\n' src/domain/*.cpp |
    xargs -P"$jobs" -n4 clang-tidy -p build --quiet --warnings-as-errors='*' 
fi

if [ "${SANITIZE:-1}" != 0 ]; then
  phase "build (address and undefined-behaviour sanitizers)"
  # -O0 with line tables only (-g1): sanitizer reports name files and lines,
  # at a fraction of the compile time of full debug information.
  cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O0 -g1" \
    -DCOMPLAINTS_SANITIZE=ON >/dev/null
  cmake --build build-asan -j"$jobs"
  phase "tests under sanitizers"
  # The crash test kills 50 writers here rather than 300 (see tests/cli/crash.cpp).
  # Of the end-to-end suite against PostgreSQL (label postgresql), which runs
  # whole in the release build above, only the files where the engines part
  # ways run here: the server's own cases, query, integrity and anonymize,
  # import and export, evidence content, the interface in Chinese (libpq
  # has a catalogue of its own). All of it here took 18 minutes on 2
  # cores; these take about 4. The PostgreSQL module's own tests (postgres:)
  # run under the sanitizers with the rest.
  sanitized=(env COMPLAINTS_CRASH_KILLS=50 ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1
             ctest --test-dir build-asan --output-on-failure -j"$jobs")
  "${sanitized[@]}" -LE postgresql
  "${sanitized[@]}" -R '^cli-pg: (postgresql|query|query_limits|integrity|interchange|evidence|i18n)$'
fi

if [ "${FUZZ_SECONDS:-15}" != 0 ]; then
  if command -v clang++ >/dev/null; then
    phase "fuzz targets (${FUZZ_SECONDS:-15} s each; a longer run: bash tests/fuzz/run.sh 600)"
    FUZZ_JOBS=$jobs bash tests/fuzz/run.sh "${FUZZ_SECONDS:-15}"
  else
    echo "== fuzz targets: skipped, no clang++ (bash .ci/deps installs it)"
  fi
fi
echo "== all passed (in ${SECONDS} s)"
