#!/usr/bin/env bash
# Benchmark (not a test): memory and time of attaching and extracting one
# large evidence file (SPEC §11: "attaching or extracting a 200 MB file keeps
# the process under 64 MB of memory").
#
# Usage: tests/bench/evidence.sh [BINARY] [MEGABYTES]
#        (default BINARY build/complaints; default MEGABYTES 200)
#
# In a scratch directory (removed on exit) with a policy whose
# `[evidence] max_file = "300MB"`: registers one complaint, writes MEGABYTES
# of random bytes (/dev/urandom), then runs under /usr/bin/time -v (Debian
# package `time`):
#   attach     complaints attach ID big.bin
#   extract    complaints evidence ID --extract out     (then cmp with big.bin)
#   stdout     complaints evidence ID -o - > /dev/null
# and prints each one's maximum resident set size and elapsed time. Exits 1
# when any of them reached 64 MB.
set -euo pipefail

binary=${1:-build/complaints}
megabytes=${2:-200}
limit_kb=$((64 * 1024))
[ -x "$binary" ] || { echo "evidence.sh: no binary at $binary" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "evidence.sh: needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
binary=$(realpath "$binary")

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cd "$scratch"
export COMPLAINTS_DB="$scratch/complaints.db" COMPLAINTS_USER=bench TZ=Asia/Shanghai
cat > complaints.toml <<'TOML'
[evidence]
max_file = "300MB"
TOML

id=$("$binary" register --channel phone --category product --customer 'Wang Fang' \
        --summary 'Kettle leaks' | cut -d' ' -f1)
head -c "${megabytes}M" /dev/urandom > big.bin
sync

status=0
# Runs "$@" (its output to /dev/null) under /usr/bin/time -v and prints
# NAME, its maximum RSS and elapsed time.
measure() {
    local name=$1
    shift
    /usr/bin/time -v -o time.txt "$@" >/dev/null
    local rss elapsed
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' time.txt)
    elapsed=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' time.txt)
    awk -v n="$name" -v r="$rss" -v e="$elapsed" \
        'BEGIN { printf "%-8s max RSS %6d KB (%5.1f MB)  elapsed %s\n", n, r, r / 1024, e }'
    [ "$rss" -lt "$limit_kb" ] || status=1
}

echo "file: ${megabytes} MB of random bytes; limit: 64 MB of RSS"
measure attach "$binary" attach "$id" big.bin
measure extract "$binary" evidence "$id" --extract out
cmp big.bin out/big.bin
measure stdout "$binary" evidence "$id" -o -
echo "database: $(du -m complaints.db | cut -f1) MB; extracted file identical"
[ $status -eq 0 ] || echo "evidence.sh: a run reached 64 MB of RSS" >&2
exit $status
