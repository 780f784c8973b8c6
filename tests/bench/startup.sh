#!/usr/bin/env bash
# Benchmark (not a test): instructions of one run of common commands (valgrind
# callgrind, 'Collected'), for one or more builds of `complaints`, in English
# and, for builds that have the catalogue, in Chinese (SPEC §15: "start-up cost
# for an English run must not grow measurably").
#
# Usage: tests/bench/startup.sh BINARY [BINARY...]
#   Each BINARY is run against a copy of the same small database (20
#   complaints made by the first BINARY) with the same TZ and COMPLAINTS_NOW.
#   Columns: each binary with LANG unset, with LANG=en_US.UTF-8 (a locale the
#   machine may lack: then as C), and with LANG=zh_CN.UTF-8 and LOCPATH set to
#   <BINARY's dir>/test-locales when that exists (a build tree with tests).
# Prints a Markdown table. Exit status 0 whatever the figures.
set -euo pipefail
[ $# -ge 1 ] || { sed -n '2,14p' "$0"; exit 64; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export TZ=Asia/Shanghai COMPLAINTS_NOW='2026-11-23 10:00' COMPLAINTS_USER=bench NO_COLOR=1
unset LANG LC_ALL LC_MESSAGES LANGUAGE
first=$(realpath "$1")
"$first" --db "$tmp/seed.db" init >/dev/null 2>&1
rm -f "$tmp/complaints.toml"
for i in $(seq 1 20); do
  "$first" --db "$tmp/seed.db" register --channel phone --category product \
    --customer "客户 $i" --summary "水壶漏水 $i" >/dev/null
done
# Everything into the main file, so that a copy of it is the whole database.
sqlite3 "$tmp/seed.db" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
id=$("$first" --db "$tmp/seed.db" --format csv list | sed -n 2p | cut -d, -f1 | tr -d '\r')

count() {  # count ENV... -- ARGS...: instructions of one run
  local env=()
  while [ "$1" != -- ]; do env+=("$1"); shift; done
  shift
  rm -f "$tmp"/run.db*
  cp "$tmp/seed.db" "$tmp/run.db"
  { env "${env[@]}" valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.out" "$@" \
    2>&1 >/dev/null || true; } | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}

commands=("--help" "register --help" "list" "show $id" "report summary"
          "register --channel phone --category product --customer x --summary y"
          "assign $id --to zhang" "show 20990101-TEL-001")
header="| command |"
rule="|---|"
for b in "$@"; do
  name=$b
  header+=" $name | $name en_US |"
  rule+="---:|---:|"
  [ -d "$(dirname "$(realpath "$b")")/test-locales" ] && { header+=" $name zh_CN |"; rule+="---:|"; }
done
echo "$header"
echo "$rule"
for c in "${commands[@]}"; do
  read -r -a args <<<"$c"
  line="| \`${c}\` |"
  for b in "$@"; do
    bin=$(realpath "$b")
    line+=" $(count TZ=$TZ -- "$bin" --db "$tmp/run.db" "${args[@]}") |"
    line+=" $(count LANG=en_US.UTF-8 -- "$bin" --db "$tmp/run.db" "${args[@]}") |"
    locales="$(dirname "$bin")/test-locales"
    [ -d "$locales" ] && line+=" $(count LANG=zh_CN.UTF-8 LOCPATH="$locales" -- "$bin" --db "$tmp/run.db" "${args[@]}") |"
  done
  echo "$line"
done
