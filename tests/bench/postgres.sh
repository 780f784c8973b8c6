#!/usr/bin/env bash
# Benchmark (not a test) of SPEC section 14 at scale: `complaints import`
# into a PostgreSQL server, then `list --open --overdue`, `report overdue`
# and a month's `report summary` there, each next to the same SQL in psql,
# and next to the same commands on SQLite (and the sqlite3 shell).
#
# Usage: tests/bench/postgres.sh [--runs N] [--bin DIR] [--data DIR]
#                                [--sqlite-import-max N] [--out FILE] [SIZE]
#   SIZE        complaints (default 1000000)
#   --runs N    timed rounds per command (default 5)
#   --bin DIR   where complaints and complaints-postgresql are (default
#               build/; copied first, never built here)
#   --data DIR  generated data, kept between runs and shared with scale.sh
#               (default ${TMPDIR:-/tmp}/complaints-bench-data)
#   --sqlite-import-max N   the SQLite database is filled by `complaints
#               import` up to N complaints (default 100000), above by the C
#               loader (loader.c), as scale.sh does: same rows, faster
#   --out FILE  the results (default tests/bench/results/postgres-DATE.md)
#
# What it does:
#   1. generate.py SIZE writes the JSONL (and the C loader's flat form).
#   2. Starts a throwaway PostgreSQL 15 server (tests/postgres/server.sh,
#      Unix socket, PostgreSQL's default settings with fsync on:
#      COMPLAINTS_PG_DURABLE=1), creates a database, `complaints init`, then
#      times `complaints import data.jsonl` as one process (/usr/bin/time:
#      wall seconds, peak RSS); rate = complaints + events per second. Then
#      VACUUM ANALYZE, as after any bulk load (timed apart).
#   3. Builds the SQLite database of the same complaints (import, or loader).
#   4. Times each read as a whole process with timer.py (paired, interleaved,
#      one warm-up round, medians): the tool on the server against psql
#      running the SQL of yardsticks.sh (pg_*), and the tool on SQLite against
#      the sqlite3 shell (sql_*); TZ=Asia/Shanghai and
#      COMPLAINTS_NOW=2026-12-01T10:00:00+08:00, so the same milestones are
#      overdue in every run. Checks that each pair prints the same rows.
#   5. Writes a markdown table to standard output and to --out; stops the
#      server and removes its data, whatever happened.
# Exit status 0 whatever the figures; non-zero when setup or a command fails.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
here="$root/tests/bench"
runs=5 size=1000000 bin_dir="$root/build" out= sqlite_import_max=100000
data=${TMPDIR:-/tmp}/complaints-bench-data
while [[ $# -gt 0 ]]; do
    case $1 in
    --runs) runs=$2; shift ;;
    --bin) bin_dir=$(realpath "$2"); shift ;;
    --data) data=$2; shift ;;
    --sqlite-import-max) sqlite_import_max=$2; shift ;;
    --out) out=$2; shift ;;
    -h | --help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) echo "postgres.sh: unknown option $1" >&2; exit 64 ;;
    *) [[ $1 =~ ^[1-9][0-9]*$ ]] || { echo "postgres.sh: bad size $1" >&2; exit 64; }; size=$1 ;;
    esac
    shift
done
for b in complaints complaints-postgresql; do
    [[ -x $bin_dir/$b ]] || { echo "postgres.sh: no $bin_dir/$b (build it first)" >&2; exit 66; }
done
for tool in psql sqlite3 python3 cc; do
    command -v "$tool" >/dev/null || { echo "postgres.sh: $tool is needed" >&2; exit 69; }
done
[[ -x /usr/bin/time ]] || { echo "postgres.sh: /usr/bin/time is needed (apt-get install time)" >&2; exit 69; }

stamp=$(date -u +%Y%m%dT%H%M%SZ)
out=${out:-$here/results/postgres-$stamp.md}
mkdir -p "$(dirname "$out")" "$data/$size"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/complaints-pgbench.XXXXXX")
chmod 755 "$tmp"
cleanup() {
    bash "$root/tests/postgres/server.sh" stop "$tmp/server" || true
    rm -rf "$tmp"
}
trap cleanup EXIT
cp "$bin_dir/complaints" "$bin_dir/complaints-postgresql" "$tmp/"
bin=$tmp/complaints
cc -O2 -o "$tmp/loader" "$here/loader.c" -lsqlite3

export TZ=Asia/Shanghai
now_local=2026-12-01T10:00:00+08:00
now_z=2026-12-01T02:00:00Z
export COMPLAINTS_NOW=$now_local
export COMPLAINTS_USER=bench
# shellcheck source=tests/bench/yardsticks.sh
. "$here/yardsticks.sh"

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
report() { printf '%s\n' "$*" | tee -a "$out"; }
timed() { # OUTFILE CMD... -> "seconds rss_kb" in OUTFILE; output to OUTFILE.log
    local f=$1
    shift
    /usr/bin/time -o "$f" -f '%e %M' "$@" >"$f.log" 2>&1 ||
        { echo "postgres.sh: failed: $* ($(tail -3 "$f.log"))" >&2; return 70; }
}
json_argv() { python3 -c 'import json, sys; print(json.dumps(sys.argv[1:]))' "$@"; }
json_str() { python3 -c 'import json, sys; print(json.dumps(sys.argv[1]))' "$1"; }

# ------------------------------------------------------------------ data
d=$data/$size
for fmt in jsonl flat; do
    if [[ ! -s $d/data.$fmt ]]; then
        log "generating $d/data.$fmt"
        python3 "$here/generate.py" "$size" --format "$fmt" --now "$now_local" >"$d/data.$fmt.part"
        mv "$d/data.$fmt.part" "$d/data.$fmt"
    fi
done

# ------------------------------------------------------------------ server
log "starting the server"
COMPLAINTS_PG_DURABLE=1 bash "$root/tests/postgres/server.sh" start "$tmp/server"
admin=$(cat "$tmp/server/url")
url=${admin/\/postgres\?/\/bench?}
psql=(psql -X -q -v ON_ERROR_STOP=1)
"${psql[@]}" "$admin" -c "CREATE DATABASE bench"
"$bin" --db "$url" init >/dev/null 2>&1
pg_version=$("${psql[@]}" -At "$url" -c "SHOW server_version")
pg_settings=$("${psql[@]}" -At "$url" -c "SELECT string_agg(name || '=' || current_setting(name), ', ' ORDER BY name)
  FROM pg_settings WHERE name IN ('shared_buffers', 'work_mem', 'fsync', 'synchronous_commit', 'max_wal_size')")

: >"$out"
report "# complaints on PostgreSQL at $size complaints, $stamp"
report ""
report "- machine: $(nproc) CPUs, $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(free -g | awk '/^Mem:/ { print $2 }') GiB RAM, $(. /etc/os-release && echo "$PRETTY_NAME")"
report "- server: PostgreSQL $pg_version on the same machine, Unix socket; $pg_settings (Debian's defaults)"
report "- binary: $("$bin" --version), md5 $(md5sum <"$bin" | cut -c1-12); sqlite3 $(sqlite3 --version | cut -d' ' -f1)"
report "- clock: COMPLAINTS_NOW=$now_local, TZ=$TZ; $runs timed runs per command (+1 warm-up), paired and interleaved"
report "- load before: $(cut -d' ' -f1-3 /proc/loadavg)"
report ""

# ------------------------------------------------------------------ loads
log "import into the server"
timed "$tmp/pg_import" "$bin" --db "$url" import "$d/data.jsonl"
read -r pg_secs pg_rss <"$tmp/pg_import"
pg_rows=$("${psql[@]}" -At "$url" -c "SELECT (SELECT count(*) FROM complaint) + (SELECT count(*) FROM event)")
log "VACUUM ANALYZE"
timed "$tmp/pg_vacuum" "${psql[@]}" "$url" -c "VACUUM ANALYZE"
read -r vacuum_secs _ <"$tmp/pg_vacuum"
pg_mb=$("${psql[@]}" -At "$url" -c "SELECT pg_database_size(current_database()) / 1048576")

mkdir -p "$tmp/sqlite"
db=$tmp/sqlite/complaints.db
"$bin" --db "$db" init >/dev/null 2>&1
rm -f "$tmp/sqlite/complaints.toml"
if ((size <= sqlite_import_max)); then
    log "import into SQLite"
    sqlite_how="\`complaints import data.jsonl\`"
    timed "$tmp/sq_import" "$bin" --db "$db" import "$d/data.jsonl"
else
    log "C loader into SQLite"
    sqlite_how="C loader (loader.c; \`import\` above --sqlite-import-max $sqlite_import_max)"
    timed "$tmp/sq_import" "$tmp/loader" "$db" "$d/data.flat"
fi
read -r sq_secs sq_rss <"$tmp/sq_import"
sqlite3 "$db" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
sq_rows=$(sqlite3 "$db" "SELECT (SELECT count(*) FROM complaint) + (SELECT count(*) FROM event)")
sq_mb=$(($(stat -c %s "$db") / 1048576))

rate() { awk -v r="$1" -v s="$2" 'BEGIN { printf "%.0f", r / (s > 0 ? s : 0.01) }'; }
report "| load | rows (complaints + events) | seconds | rows/s | peak RSS | database |"
report "|---|---:|---:|---:|---:|---:|"
report "| \`complaints import data.jsonl\` into PostgreSQL | $pg_rows | $pg_secs | $(rate "$pg_rows" "$pg_secs") | $((pg_rss / 1024)) MB | $pg_mb MiB |"
report "| then \`VACUUM ANALYZE\` | | $vacuum_secs | | | |"
report "| $sqlite_how into SQLite | $sq_rows | $sq_secs | $(rate "$sq_rows" "$sq_secs") | $((sq_rss / 1024)) MB | $sq_mb MiB |"
report ""

# ------------------------------------------------------------------ reads
pg=("$bin" --db "$url")
sq=("$bin" --db "$db")
ps=("$(command -v psql)" -X -q -A -F '|' -P footer=off "$url" -c)
s3=("$(command -v sqlite3)" -readonly -header "$db")
month=(report summary --from "$month_from" --to "$month_to")
names=("list --open --overdue" "report overdue" "report summary, one month")
declare -A tool_args=(["list --open --overdue"]="list --open --overdue"
    ["report overdue"]="report overdue" ["report summary, one month"]="${month[*]}")
declare -A pg_sql=(["list --open --overdue"]=$pg_list_overdue
    ["report overdue"]=$pg_report_overdue ["report summary, one month"]=$pg_month_summary)
declare -A sq_sql=(["list --open --overdue"]=$sql_list_overdue
    ["report overdue"]=$sql_report_overdue ["report summary, one month"]=$sql_month_summary)
{
    echo "["
    sep=
    for name in "${names[@]}"; do
        read -ra args <<<"${tool_args[$name]}"
        printf '%s{"name": %s, "a": %s, "b": %s}\n' "$sep" "$(json_str "server: $name")" \
            "$(json_argv "${pg[@]}" "${args[@]}")" "$(json_argv "${ps[@]}" "${pg_sql[$name]}")"
        sep=,
        printf '%s{"name": %s, "a": %s, "b": %s}\n' "$sep" "$(json_str "sqlite: $name")" \
            "$(json_argv "${sq[@]}" "${args[@]}")" "$(json_argv "${s3[@]}" "${sq_sql[$name]}")"
    done
    echo "]"
} >"$tmp/spec.json"

log "checking each command once (rows printed, peak RSS)"
declare -A rows_out=() rss=()
for name in "${names[@]}"; do
    read -ra args <<<"${tool_args[$name]}"
    timed "$tmp/a" "${pg[@]}" "${args[@]}"
    timed "$tmp/b" "${ps[@]}" "${pg_sql[$name]}"
    timed "$tmp/c" "${sq[@]}" "${args[@]}"
    timed "$tmp/e" "${s3[@]}" "${sq_sql[$name]}"
    rows_out[$name]="$(wc -l <"$tmp/a.log") / $(wc -l <"$tmp/b.log") · $(wc -l <"$tmp/c.log") / $(wc -l <"$tmp/e.log")"
    rss[$name]="$(($(cut -d' ' -f2 "$tmp/a") / 1024)) / $(($(cut -d' ' -f2 "$tmp/c") / 1024)) MB"
    cmp -s "$tmp/a.log" "$tmp/c.log" || log "  note: '$name' prints differently on the server and on SQLite"
done
log "timing: $runs rounds (load $(cut -d' ' -f1 /proc/loadavg))"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
python3 "$here/timer.py" "$runs" "$tmp/spec.json" "$tmp/times.json"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

fmt_ms() { awk -v x="$1" 'BEGIN { if (x >= 100) printf "%.0f", x; else if (x >= 10) printf "%.1f", x; else printf "%.2f", x }'; }
median() { # name field
    python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]][sys.argv[3]])' \
        "$tmp/times.json" "$1" "$2"
}
report "Load average before timing $load_before, after $load_after. Times are medians of whole processes in ms; ratio = the tool / the SQL, paired (min–max)."
report ""
report "| command | server: complaints | psql | ratio | SQLite: complaints | sqlite3 | ratio | rows out (server tool / psql · SQLite tool / sqlite3) | peak RSS server / SQLite |"
report "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
for name in "${names[@]}"; do
    cells=()
    for side in server sqlite; do
        key="$side: $name"
        cells+=("$(fmt_ms "$(median "$key" a_median)")" "$(fmt_ms "$(median "$key" b_median)")"
            "$(printf '%.2f (%.2f–%.2f)' "$(median "$key" ratio_median)" "$(median "$key" ratio_min)" "$(median "$key" ratio_max)")")
    done
    report "| \`$name\` | ${cells[0]} | ${cells[1]} | ${cells[2]} | ${cells[3]} | ${cells[4]} | ${cells[5]} | ${rows_out[$name]} | ${rss[$name]} |"
done
report ""
log "results in $out"
