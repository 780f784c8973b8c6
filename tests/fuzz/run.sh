#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, address and undefined-behaviour
# sanitizers) into build-fuzz and runs each for SECONDS (default 20) over a
# working copy of its seed corpus, so that new inputs never land in the
# repository. Fails when any target finds a crash, a sanitizer report, an
# uncaught exception or a broken round trip; the reproducer is left in
# build-fuzz/findings/NAME/.
#   bash tests/fuzz/run.sh          every target, 20 s each
#   bash tests/fuzz/run.sh 600      the longer run: 10 minutes each
#   bash tests/fuzz/run.sh 60 time  only the named targets
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-20}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(policy time duration money tzif jsonl csv)
fi
jobs=${FUZZ_JOBS:-2}

echo "== build (clang, libFuzzer, address and undefined-behaviour sanitizers)"
CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCOMPLAINTS_FUZZ=ON -DBUILD_TESTING=OFF -DCOMPLAINTS_STATIC=OFF >/dev/null
cmake --build build-fuzz -j"$jobs" --target fuzz

failed=()
for name in "${targets[@]}"; do
  work=build-fuzz/corpus/$name
  findings=build-fuzz/findings/$name
  mkdir -p "$work" "$findings"
  # Merge the seeds into the working corpus (kept between runs, so a longer
  # run builds on earlier ones); the repository's corpus is only read.
  cp -n tests/fuzz/corpus/"$name"/* "$work"/ 2>/dev/null || true
  echo "== fuzz $name (${seconds} s)"
  # A policy may name a time zone: the reader looks it up in the system's zone
  # database, which stays read-only.
  if ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
    build-fuzz/tests/fuzz/fuzz_"$name" -max_total_time="$seconds" -timeout=10 \
      -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
      -artifact_prefix="$findings"/ "$work" >build-fuzz/fuzz-"$name".log 2>&1; then
    grep -E '^(stat::number_of_executed_units|stat::new_units_added)' build-fuzz/fuzz-"$name".log || true
  else
    echo "fuzz $name: FAILED; the log is build-fuzz/fuzz-$name.log, the input in $findings/:" >&2
    ls "$findings" >&2 || true
    grep -E -A25 'ERROR: |runtime error|SUMMARY|uncaught|a policy that reads|does not read back|writes back' \
      build-fuzz/fuzz-"$name".log | head -60 >&2 || true
    failed+=("$name")
  fi
done
if [ ${#failed[@]} -ne 0 ]; then
  echo "fuzz: findings in: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz: no findings"
