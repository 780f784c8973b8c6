#!/usr/bin/env bash
# Benchmark (not a test) of SPEC section 13, "Scale": import and every read
# command at 10 k, 100 k and 1 M complaints, next to a plain C loader and to
# raw SQL in the sqlite3 shell on the same file.
#
# Usage: tests/bench/scale.sh [--quick] [--runs N] [--callgrind-max N]
#                             [--bin BINARY] [--data DIR] [--out FILE] [SIZES...]
#   SIZES       default 10000 100000 1000000
#   --quick     10000 only, 3 runs, no callgrind: under two minutes
#   --runs N    timed rounds per command (default 5; --quick 3)
#   --callgrind-max N   count instructions (valgrind callgrind) for sizes up
#               to N (default 100000; 0: never)
#   --import-max N   run `import` and `export` only for sizes up to N
#               (default: every size); above it the database is built by the
#               C loader and export is left out (at 1 M each takes many
#               minutes at the time of writing); the table says so
#   --csv-max N  run the CSV import only for sizes up to N (default: as
#               --import-max): a CSV import registers every row as `register`
#               would, duplicate search included, which costs more per row as
#               more complaints fall in the duplicate window
#   --bin       the binary (default build/complaints; copied first, so a
#               concurrent rebuild cannot change it mid-run; never built here)
#   --data DIR  where generated data is kept between runs (default
#               ${TMPDIR:-/tmp}/complaints-bench-data; 1 M is about 5 GB)
#   --out FILE  the results (default tests/bench/results/scale-DATE.md)
#
# What it does, for each size N:
#   1. generate.py N (seed 1, clock 2026-12-01T10:00:00+08:00) writes the
#      JSONL that `complaints import` reads, the CSV of the same complaints,
#      and the two flat forms the C loader reads (all kept in --data).
#   2. Loads: `complaints import data.jsonl` into an empty database (made by
#      `complaints init`, its complaints.toml deleted: built-in policy),
#      `complaints import --format csv data.csv` into another, and
#      loader.c (cc -O2) on the flat forms into two more: the same
#      complaints, events and schema. Each is one process under
#      /usr/bin/time -f '%e %M' (wall seconds, peak RSS). Rate = rows
#      written (complaints + events, counted in the database afterwards) per
#      second of the whole process.
#   3. On the database built by the JSONL import (checkpointed, no ANALYZE),
#      times each read command as a whole process next to the sqlite3 shell
#      (-readonly) running SQL that returns the same rows (timer.py: paired,
#      interleaved, one warm-up round, medians of --runs rounds), with
#      TZ=Asia/Shanghai and COMPLAINTS_NOW=2026-12-01T10:00:00+08:00 so the
#      same milestones are overdue every run. Then, one run each: peak RSS
#      (/usr/bin/time -f %M), the lines each prints (the same rows, give or
#      take a header), and instructions (callgrind) up to --callgrind-max.
#   4. Writes a markdown table to standard output and to --out, with the
#      SPEC's targets (they are stated for 1 M) judged on every size.
# Exit status 0 whatever the figures; non-zero when setup or a command fails.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
here="$root/tests/bench"
quick=0 runs= cg_max= import_max=999999999999 csv_max= bin_src="$root/build/complaints" out=
data=${TMPDIR:-/tmp}/complaints-bench-data
sizes=()
while [[ $# -gt 0 ]]; do
    case $1 in
    --quick) quick=1 ;;
    --runs) runs=$2; shift ;;
    --callgrind-max) cg_max=$2; shift ;;
    --import-max) import_max=$2; shift ;;
    --csv-max) csv_max=$2; shift ;;
    --bin) bin_src=$(realpath "$2"); shift ;;
    --data) data=$2; shift ;;
    --out) out=$2; shift ;;
    -h | --help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) echo "scale.sh: unknown option $1" >&2; exit 64 ;;
    *) [[ $1 =~ ^[1-9][0-9]*$ ]] || { echo "scale.sh: bad size $1" >&2; exit 64; }; sizes+=("$1") ;;
    esac
    shift
done
if ((quick)); then
    [[ ${#sizes[@]} -eq 0 ]] && sizes=(10000)
    runs=${runs:-3}
    cg_max=${cg_max:-0}
else
    [[ ${#sizes[@]} -eq 0 ]] && sizes=(10000 100000 1000000)
    runs=${runs:-5}
    cg_max=${cg_max:-100000}
fi
[[ -x $bin_src ]] || { echo "scale.sh: no executable at $bin_src (build it first)" >&2; exit 66; }
for tool in sqlite3 python3 cc; do
    command -v "$tool" >/dev/null || { echo "scale.sh: $tool is needed" >&2; exit 69; }
done
[[ -x /usr/bin/time ]] || { echo "scale.sh: /usr/bin/time is needed (apt-get install time)" >&2; exit 69; }
have_valgrind=0
command -v valgrind >/dev/null && have_valgrind=1
sqlite=$(command -v sqlite3)

stamp=$(date -u +%Y%m%dT%H%M%SZ)
out=${out:-$here/results/scale-$stamp.md}
mkdir -p "$(dirname "$out")" "$data"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/complaints-scale.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
bin="$tmp/complaints"
cp "$bin_src" "$bin"
cc -O2 -o "$tmp/loader" "$here/loader.c" -lsqlite3

export TZ=Asia/Shanghai
now_local=2026-12-01T10:00:00+08:00
now_z=2026-12-01T02:00:00Z
export COMPLAINTS_NOW=$now_local
export COMPLAINTS_USER=bench
has_import=0
"$bin" import --help >/dev/null 2>&1 && has_import=1

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
report() { printf '%s\n' "$*" | tee -a "$out"; }

# ------------------------------------------------------------------ SQL
# The yardsticks: what the sqlite3 shell needs to print the same rows.
# shellcheck source=tests/bench/yardsticks.sh
. "$here/yardsticks.sh"

# ------------------------------------------------------------------ helpers
new_db() { # DIR -> an empty database of the tool's schema, built-in policy
    rm -rf "$1"
    mkdir -p "$1"
    "$bin" --db "$1/complaints.db" init >/dev/null 2>&1
    rm -f "$1/complaints.toml"
}
rows_in() { "$sqlite" "$1" "SELECT (SELECT count(*) FROM complaint) + (SELECT count(*) FROM event)"; }
timed() { # OUTFILE CMD... -> "seconds rss_kb" in OUTFILE; command's stdout/stderr to OUTFILE.log
    local f=$1
    shift
    /usr/bin/time -o "$f" -f '%e %M' "$@" >"$f.log" 2>&1 ||
        { echo "scale.sh: failed: $* ($(tail -3 "$f.log"))" >&2; return 70; }
}
instructions() {
    valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.out" "$@" 2>&1 >/dev/null |
        sed -n 's/.*Collected : *\([0-9]*\).*/\1/p'
}
fmt_ms() { awk -v x="$1" 'BEGIN { if (x >= 100) printf "%.0f", x; else if (x >= 10) printf "%.1f", x; else printf "%.2f", x }'; }
fmt_mi() { awk -v x="$1" 'BEGIN { if (x == "") print "-"; else printf "%.1f M", x / 1e6 }'; }

# ------------------------------------------------------------------ header
: >"$out"
report "# complaints scale benchmark, $stamp"
report ""
report "- machine: $(nproc) CPUs, $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(free -g | awk '/^Mem:/ { print $2 }') GiB RAM, $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)"
report "- load before: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min)"
report "- sqlite3 shell $("$sqlite" --version | cut -d' ' -f1); libsqlite3 of the loader $(python3 -c 'import sqlite3; print(sqlite3.sqlite_version)') (python's, for reference)"
report "- binary: $bin_src ($(file -b "$bin_src" | grep -o 'static-pie linked\|statically linked\|dynamically linked'), $("$bin" --version), built $(date -u -r "$bin_src" +%Y-%m-%dT%H:%MZ), md5 $(md5sum <"$bin" | cut -c1-12), schema version $("$bin" --db "$tmp/schema.db" init >/dev/null 2>&1; "$sqlite" "$tmp/schema.db" 'PRAGMA user_version'))"
report "- clock: COMPLAINTS_NOW=$now_local, TZ=$TZ; runs per command: $runs (+1 warm-up), paired and interleaved"
((has_import)) || report "- **\`complaints import\` is not in this binary: databases are built by the C loader instead, import is not measured**"
report ""

for n in "${sizes[@]}"; do
    log "== $n complaints"
    d="$data/$n"
    mkdir -p "$d"
    gen_pids=()
    for fmt in jsonl csv flat flat-register; do  # in parallel: one python3 each
        if [[ ! -s $d/data.$fmt ]]; then
            log "generating $d/data.$fmt"
            (python3 "$here/generate.py" "$n" --format "$fmt" --now "$now_local" >"$d/data.$fmt.part" &&
                mv "$d/data.$fmt.part" "$d/data.$fmt") &
            gen_pids+=($!)
        fi
    done
    t0=$(date +%s)
    for pid in "${gen_pids[@]}"; do
        wait "$pid" || { echo "scale.sh: generate.py failed" >&2; exit 70; }
    done
    ((${#gen_pids[@]})) && log "  generated in $(($(date +%s) - t0)) s: $(du -ch "$d"/data.* | tail -1 | cut -f1)"

    report "## $n complaints"
    report ""
    report "| load | rows written | seconds | rows/s | peak RSS | vs C loader |"
    report "|---|---:|---:|---:|---:|---:|"
    declare -A rate=()
    load() { # name dir CMD...
        local name=$1 dir=$2
        shift 2
        new_db "$dir"
        log "load: $name"
        timed "$tmp/t" "$@"
        read -r secs rss <"$tmp/t"
        local rows
        rows=$(rows_in "$dir/complaints.db")
        rate[$name]=$(awk -v r="$rows" -v s="$secs" 'BEGIN { printf "%.0f", r / (s > 0 ? s : 0.01) }')
        printf '%s %s %s %s\n' "$rows" "$secs" "${rate[$name]}" "$rss" >"$tmp/load.$name"
    }
    load loader_jsonl "$tmp/loader_jsonl" "$tmp/loader" "$tmp/loader_jsonl/complaints.db" "$d/data.flat"
    load loader_csv "$tmp/loader_csv" "$tmp/loader" "$tmp/loader_csv/complaints.db" "$d/data.flat-register"
    do_import=0
    ((has_import && n <= import_max)) && do_import=1
    ((has_import && !do_import)) && report "(\`import\` and \`export\` not run at this size: --import-max $import_max; the database is the C loader's.)" && report ""
    if ((do_import)); then
        load import_jsonl "$tmp/import_jsonl" "$bin" --db "$tmp/import_jsonl/complaints.db" import "$d/data.jsonl"
        ((n <= ${csv_max:-$import_max})) ||
            report "(CSV import not run at this size: --csv-max $csv_max.)"
        ((n <= ${csv_max:-$import_max})) && load import_csv "$tmp/import_csv" "$bin" --db "$tmp/import_csv/complaints.db" import --format csv "$d/data.csv"
        db_dir="$tmp/import_jsonl"
        rm -rf "$tmp/import_csv" "$tmp/loader_csv"
    else
        db_dir="$tmp/loader_jsonl"
    fi
    for name in loader_jsonl import_jsonl loader_csv import_csv; do
        [[ -f $tmp/load.$name ]] || continue
        read -r rows secs r rss <"$tmp/load.$name"
        vs=-
        case $name in
        import_jsonl) vs=$(awk -v a="$r" -v b="${rate[loader_jsonl]}" 'BEGIN { printf "%.2f×", a / b }') ;;
        import_csv) vs=$(awk -v a="$r" -v b="${rate[loader_csv]}" 'BEGIN { printf "%.2f×", a / b }') ;;
        esac
        label=$name
        case $name in
        loader_jsonl) label="C loader, the JSONL's complaints + events (flat)" ;;
        import_jsonl) label="\`complaints import data.jsonl\`" ;;
        loader_csv) label="C loader, the CSV's complaints + register events (flat-register)" ;;
        import_csv) label="\`complaints import --format csv data.csv\`" ;;
        esac
        report "| $label | $rows | $secs | $r | $((rss / 1024)) MB | $vs |"
    done
    rm -f "$tmp"/load.*
    unset -f load
    db="$db_dir/complaints.db"
    [[ $db_dir == "$tmp/import_jsonl" ]] && rm -rf "$tmp/loader_jsonl"
    "$sqlite" "$db" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
    db_mb=$(($(stat -c %s "$db") / 1048576))
    show_id=$("$sqlite" "$db" "SELECT id FROM complaint WHERE reopen_count > 0 AND row_id >= (SELECT max(row_id) / 2 FROM complaint) ORDER BY row_id LIMIT 1")
    report ""
    report "Database: $db_mb MiB ($(basename "$db_dir"), checkpointed, no ANALYZE); show of $show_id; month $month_from .. $month_to."
    report ""

    # --------------------------------------------------------- commands
    c=("$bin" --db "$db")
    s=("$sqlite" -readonly "$db")
    names=() ; declare -A ca=() sb=()
    add() { # name 'complaints args' -- 'sqlite3 args'
        local name=$1
        shift
        local a=() b=() side=a
        for x in "$@"; do
            if [[ $x == -- ]]; then side=b; continue; fi
            if [[ $side == a ]]; then a+=("$x"); else b+=("$x"); fi
        done
        names+=("$name")
        ca[$name]=$(printf '%s\0' "${a[@]}" | python3 -c 'import sys, json; print(json.dumps(sys.stdin.read().split("\0")[:-1]))')
        sb[$name]=$(printf '%s\0' "${b[@]}" | python3 -c 'import sys, json; print(json.dumps(sys.stdin.read().split("\0")[:-1]))')
    }
    add "show ID" "${c[@]}" show "$show_id" -- "${s[@]}" \
        "SELECT * FROM complaint_facts WHERE id = '$show_id';
         SELECT type, at, recorded_at, actor, details FROM event_log WHERE id = '$show_id' ORDER BY seq;
         SELECT * FROM evidence_facts WHERE id = '$show_id'"
    add "list" "${c[@]}" list -- "${s[@]}" -header "SELECT $list_cols FROM complaint ORDER BY received_at, id"
    add "--format csv list" "${c[@]}" --format csv list -- "${s[@]}" -csv -header \
        "SELECT $list_cols FROM complaint ORDER BY received_at, id"
    add "list --open --overdue" "${c[@]}" list --open --overdue -- "${s[@]}" -header "$sql_list_overdue"
    add "report overdue" "${c[@]}" report overdue -- "${s[@]}" -header "$sql_report_overdue"
    add "--format json report overdue" "${c[@]}" --format json report overdue -- "${s[@]}" -json \
        "SELECT id, milestone, strftime('%Y-%m-%dT%H:%M:%S+08:00', due, '+8 hours') AS due,
                (unixepoch('$now_z') - unixepoch(due)) / 60 AS late_minutes,
                assignee, department, severity, summary
         FROM ($overdue_union) ORDER BY due, id, milestone"
    add "report summary" "${c[@]}" report summary -- "${s[@]}" -header "SELECT $metrics FROM complaint"
    add "report summary --by category" "${c[@]}" report summary --by category -- "${s[@]}" -header \
        "WITH g AS MATERIALIZED (SELECT category, $sums FROM complaint GROUP BY category)
         SELECT category, $from_sums FROM g GROUP BY category
         UNION ALL SELECT 'total', $from_sums FROM g"
    add "report summary, one month" "${c[@]}" report summary --from "$month_from" --to "$month_to" -- \
        "${s[@]}" -header "$sql_month_summary"
    add "report trend --by month" "${c[@]}" report trend --by month -- "${s[@]}" -header "$trend_sql"
    if ((do_import)) && "$bin" export --help >/dev/null 2>&1; then
        add "export" "${c[@]}" export -- "${s[@]}" "$export_sql"
        add "--format csv export" "${c[@]}" --format csv export -- "${s[@]}" -csv -header \
            "SELECT * FROM complaint_facts ORDER BY received_at, id"
    fi
    {
        echo "["
        sep=
        for name in "${names[@]}"; do
            printf '%s{"name": %s, "a": %s, "b": %s}\n' "$sep" \
                "$(python3 -c 'import json, sys; print(json.dumps(sys.argv[1]))' "$name")" "${ca[$name]}" "${sb[$name]}"
            sep=,
        done
        echo "]"
    } >"$tmp/spec.json"

    log "checking each command once (rows printed, peak RSS)"
    declare -A lines_a=() lines_b=() rss_a=() rss_b=() ins_a=() ins_b=()
    argv_of() { python3 -c 'import json, sys; print("\0".join(json.loads(sys.argv[1])), end="")' "$1"; }
    for name in "${names[@]}"; do
        mapfile -d '' -t a < <(argv_of "${ca[$name]}")
        mapfile -d '' -t b < <(argv_of "${sb[$name]}")
        timed "$tmp/ra" "${a[@]}"
        timed "$tmp/rb" "${b[@]}"
        if [[ $name == *json* ]]; then  # objects, not lines: the tool indents JSON
            lines_a[$name]=$(grep -c '"id"' "$tmp/ra.log" || true)
            lines_b[$name]=$(grep -c '"id"' "$tmp/rb.log" || true)
        else
            lines_a[$name]=$(wc -l <"$tmp/ra.log")
            lines_b[$name]=$(wc -l <"$tmp/rb.log")
        fi
        rss_a[$name]=$(cut -d' ' -f2 "$tmp/ra")
        rss_b[$name]=$(cut -d' ' -f2 "$tmp/rb")
    done
    log "timing: $runs rounds of ${#names[@]} pairs (load $(cut -d' ' -f1 /proc/loadavg))"
    load_before=$(cut -d' ' -f1-3 /proc/loadavg)
    python3 "$here/timer.py" "$runs" "$tmp/spec.json" "$tmp/times.json"
    load_after=$(cut -d' ' -f1-3 /proc/loadavg)
    do_cg=0
    ((have_valgrind && n <= cg_max)) && do_cg=1
    if ((do_cg)); then
        log "callgrind, one run of each"
        for name in "${names[@]}"; do
            mapfile -d '' -t a < <(argv_of "${ca[$name]}")
            mapfile -d '' -t b < <(argv_of "${sb[$name]}")
            ins_a[$name]=$(instructions "${a[@]}")
            ins_b[$name]=$(instructions "${b[@]}")
        done
    fi

    report "Load average before timing $load_before, after $load_after."
    report ""
    report "| command | complaints ms | sqlite3 ms | paired ratio (min–max) | target (SPEC §13, at 1 M) | met | rows out (cmd / sql) | RSS cmd / sql | instructions cmd / sql |"
    report "|---|---:|---:|---:|---|---|---:|---:|---:|"
    for name in "${names[@]}"; do
        read -r am bm rm rlo rhi < <(python3 -c '
import json, sys
t = json.load(open(sys.argv[1]))[sys.argv[2]]
print(t["a_median"], t["b_median"], t["ratio_median"], t["ratio_min"], t["ratio_max"])' "$tmp/times.json" "$name")
        case $name in
        "show ID") target="< 5 ms"; ok=$(awk -v a="$am" 'BEGIN { print (a < 5) ? "yes" : "no" }') ;;
        # judged on the paired ratio (drift cancels), + 2 ms as a share of the sql median
        "list --open --overdue" | "report overdue" | "--format json report overdue")
            target="≤ 1.2× sql + 2 ms"; ok=$(awk -v r="$rm" -v b="$bm" 'BEGIN { print (r <= 1.2 + 2 / b) ? "yes" : "no" }') ;;
        "report summary"* | "report trend"*)
            target="≤ 1.2× sql"; ok=$(awk -v r="$rm" 'BEGIN { print (r <= 1.2) ? "yes" : "no" }') ;;
        *) target="≤ 1.5× sql"; ok=$(awk -v r="$rm" 'BEGIN { print (r <= 1.5) ? "yes" : "no" }') ;;
        esac
        rss_ok=$(awk -v r="${rss_a[$name]}" 'BEGIN { print (r <= 30 * 1024) ? "" : ", RSS > 30 MB" }')
        [[ -n $rss_ok ]] && ok="$ok$rss_ok"
        if ((do_cg)); then
            ins="$(fmt_mi "${ins_a[$name]}") / $(fmt_mi "${ins_b[$name]}")"
        else
            ins=-
        fi
        report "| \`$name\` | $(fmt_ms "$am") | $(fmt_ms "$bm") | $(printf '%.2f (%.2f–%.2f)' "$rm" "$rlo" "$rhi") | $target | $ok | ${lines_a[$name]} / ${lines_b[$name]} | $((rss_a[$name] / 1024)) / $((rss_b[$name] / 1024)) MB | $ins |"
    done
    report ""
    unset names ca sb lines_a lines_b rss_a rss_b ins_a ins_b rate
    rm -rf "$db_dir"
done
log "results in $out"
