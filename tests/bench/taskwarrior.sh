#!/usr/bin/env bash
# Benchmark (not a test) of SPEC section 13: complaints next to taskwarrior
# (Debian's `taskwarrior` package, `task`) holding the same 100 000 items.
#
# Usage: tests/bench/taskwarrior.sh [--runs N] [--bin BINARY] [--data DIR] [--out FILE] [N]
#   N        complaints/tasks (default 100000)
#   --runs   timed rounds (default 7)
#   --data   where generate.py's data is kept (default ${TMPDIR:-/tmp}/complaints-bench-data)
#   --loader build the complaints database with loader.c even when the
#            binary has `import` (the same complaints, much faster today)
#   --out    the results (default tests/bench/results/taskwarrior-DATE.md)
#
# What it does
#   1. Takes the JSONL of generate.py N (made if missing) and
#      - imports it with `complaints import` into an empty database (built-in
#        policy), or, when this binary has no import, loads it with loader.c;
#      - turns each complaint into one taskwarrior task (description = the
#        summary, project = the category, priority H/M/L = urgent/major/
#        general, tags = channel and kind; entry = received; open complaints
#        are pending with due = their next deadline, closed ones completed at
#        closed_at, rejected and withdrawn ones deleted) and bulk-loads them
#        with `task import` into a throwaway TASKDATA, TASKRC pointing at an
#        rc file holding only data.location; every task command gets
#        rc.confirmation=off rc.hooks=off rc.verbose=nothing.
#   2. Times, as whole processes, paired and interleaved (timer.py; one
#      warm-up round, medians), TZ=Asia/Shanghai:
#        add      `complaints register --channel phone --category product ...`
#                 vs `task add 'Kettle leaks' project:product priority:M`
#        overdue  `complaints list --open --overdue` vs `task overdue`
#        count    `complaints query "SELECT count(DISTINCT id) ... overdue"`
#                 vs `task +OVERDUE count`
#        summary  `complaints report summary` vs `task summary`
#      COMPLAINTS_NOW is NOT set here: taskwarrior judges "overdue" by the
#      real clock, so complaints does too (both see the dues of the data,
#      which ends at 2026-12-01).
#   3. Peak RSS of one run of each (/usr/bin/time -f %M).
#   Prints a markdown table (ratio = task / complaints: how many times
#   faster complaints is) to standard output and --out.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
here="$root/tests/bench"
use_loader=0 runs=7 bin_src="$root/build/complaints" out= n=100000
data=${TMPDIR:-/tmp}/complaints-bench-data
while [[ $# -gt 0 ]]; do
    case $1 in
    --runs) runs=$2; shift ;;
    --bin) bin_src=$(realpath "$2"); shift ;;
    --data) data=$2; shift ;;
    --out) out=$2; shift ;;
    --loader) use_loader=1 ;;
    -h | --help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) n=$1 ;;
    esac
    shift
done
command -v task >/dev/null || { echo "taskwarrior.sh: task is needed (apt-get install taskwarrior)" >&2; exit 69; }
[[ -x /usr/bin/time ]] || { echo "taskwarrior.sh: /usr/bin/time is needed" >&2; exit 69; }
[[ -x $bin_src ]] || { echo "taskwarrior.sh: no executable at $bin_src" >&2; exit 66; }
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out=${out:-$here/results/taskwarrior-$stamp.md}
mkdir -p "$(dirname "$out")" "$data/$n"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/complaints-tw.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
bin="$tmp/complaints"
cp "$bin_src" "$bin"
export TZ=Asia/Shanghai COMPLAINTS_USER=bench
unset COMPLAINTS_NOW
log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
report() { printf '%s\n' "$*" | tee -a "$out"; }

jsonl="$data/$n/data.jsonl"
if [[ ! -s $jsonl ]]; then
    log "generating $jsonl"
    python3 "$here/generate.py" "$n" >"$jsonl.part" && mv "$jsonl.part" "$jsonl"
fi

# ------------------------------------------------------------ complaints
mkdir "$tmp/c"
db="$tmp/c/complaints.db"
"$bin" --db "$db" init >/dev/null 2>&1
rm -f "$tmp/c/complaints.toml"
if ((!use_loader)) && "$bin" import --help >/dev/null 2>&1; then
    how="complaints import"
    log "complaints import"
    "$bin" --db "$db" import "$jsonl" >/dev/null
else
    how="loader.c"
    flat="$data/$n/data.flat"
    [[ -s $flat ]] || python3 "$here/generate.py" "$n" --format flat >"$flat"
    cc -O2 -o "$tmp/loader" "$here/loader.c" -lsqlite3
    "$tmp/loader" "$db" "$flat" >/dev/null
fi
sqlite3 "$db" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null

# ------------------------------------------------------------ taskwarrior
export TASKDATA="$tmp/task" TASKRC="$tmp/taskrc"
mkdir "$TASKDATA"
echo "data.location=$TASKDATA" >"$TASKRC"
tw=(task rc.confirmation=off rc.hooks=off rc.verbose=nothing)
log "converting to taskwarrior JSON"
python3 - "$jsonl" >"$tmp/tasks.json" <<'PY'
import json, sys, uuid, random
r = random.Random(1)
prio = {"urgent": "H", "major": "M", "general": "L"}
def tw(t):  # 2026-06-05T10:00:00+08:00 -> 20260605T020000Z
    from datetime import datetime, timezone
    return datetime.fromisoformat(t).astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
for line in open(sys.argv[1], encoding="utf-8"):
    c = json.loads(line)
    task = {"uuid": str(uuid.UUID(int=r.getrandbits(128), version=4)),
            "description": c["summary"] + " (" + c["id"] + ")",
            "entry": tw(c["received_at"]), "modified": tw(c["events"][-1]["at"]),
            "project": c["category"], "priority": prio[c["severity"]],
            "tags": [c["channel"], c["kind"]]}
    st = c["status"]
    if st == "closed":
        task["status"], task["end"] = "completed", tw(c["closed_at"])
    elif st in ("rejected", "withdrawn"):
        task["status"], task["end"] = "deleted", tw(c["events"][-1]["at"])
    else:
        task["status"] = "pending"
        if c["next_deadline"]:
            task["due"] = tw(c["next_deadline"])
    print(json.dumps(task, ensure_ascii=False))
PY
log "task import of $n tasks"
t0=$(date +%s.%N)
/usr/bin/time -o "$tmp/tw.import" -f '%e %M' "${tw[@]}" import "$tmp/tasks.json" >/dev/null 2>&1
read -r tw_import_s tw_import_rss <"$tmp/tw.import"
log "  $tw_import_s s, $((tw_import_rss / 1024)) MB"
tw_pending=$("${tw[@]}" status:pending count)
tw_all=$("${tw[@]}" count)

# ------------------------------------------------------------ timing
q_count="SELECT count(DISTINCT id) FROM milestone_facts WHERE met_at IS NULL AND due < strftime('%Y-%m-%dT%H:%M:%SZ', 'now') AND state = 'overdue'"
python3 - "$tmp/spec.json" "$bin" "$db" "$q_count" "${tw[@]}" <<'PY'
import json, sys, shutil
out, b, db, q = sys.argv[1:5]
tw = sys.argv[5:]
tw[0] = shutil.which(tw[0])
c = [b, "--db", db]
spec = [
    {"name": "add", "a": c + ["register", "--channel", "phone", "--category", "product",
                              "--customer", "Wang Fang", "--summary", "Kettle leaks"],
     "b": tw + ["add", "Kettle leaks", "project:product", "priority:M"]},
    {"name": "overdue list", "a": c + ["list", "--open", "--overdue"], "b": tw + ["overdue"]},
    {"name": "overdue count", "a": c + ["query", q], "b": tw + ["+OVERDUE", "count"]},
    {"name": "summary", "a": c + ["report", "summary"], "b": tw + ["summary"]},
]
json.dump(spec, open(out, "w"))
PY
log "timing: $runs rounds (load $(cut -d' ' -f1-3 /proc/loadavg))"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
python3 "$here/timer.py" "$runs" "$tmp/spec.json" "$tmp/times.json"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

report "# complaints next to taskwarrior, $n items, $stamp"
report ""
report "- machine: $(nproc) CPUs, $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(. /etc/os-release && echo "$PRETTY_NAME")"
report "- $("$bin" --version); $(task --version | head -1 | sed 's/^/taskwarrior /')"
report "- complaints database: $n complaints by $how, $(($(stat -c %s "$db") / 1048576)) MiB"
report "- taskwarrior: $tw_all tasks ($tw_pending pending) by \`task import\` in $tw_import_s s, peak RSS $((tw_import_rss / 1024)) MB"
report "- load average before timing $load_before, after $load_after; $runs rounds, paired, interleaved"
report ""
report "| what | complaints | ms | taskwarrior | ms | task / complaints | RSS complaints / task |"
report "|---|---|---:|---|---:|---:|---:|"
python3 - "$tmp/spec.json" "$tmp/times.json" >"$tmp/rows" <<'PY'
import json, sys
spec = json.load(open(sys.argv[1]))
t = json.load(open(sys.argv[2]))
for s in spec:
    x = t[s["name"]]
    print("\t".join([s["name"], " ".join(s["a"][3:]), "%.1f" % x["a_median"],
                     " ".join(s["b"][4:]), "%.1f" % x["b_median"], "%.1f" % (1 / x["ratio_median"])]))
PY
i=0
while IFS=$'\t' read -r name ca am cb bm ratio; do
    mapfile -d '' -t a < <(python3 -c 'import json, sys; print("\0".join(json.load(open(sys.argv[1]))[int(sys.argv[2])]["a"]), end="")' "$tmp/spec.json" "$i")
    mapfile -d '' -t b < <(python3 -c 'import json, sys; print("\0".join(json.load(open(sys.argv[1]))[int(sys.argv[2])]["b"]), end="")' "$tmp/spec.json" "$i")
    ra=$(/usr/bin/time -f '%M' "${a[@]}" 2>&1 >/dev/null | tail -1)
    rb=$(/usr/bin/time -f '%M' "${b[@]}" 2>&1 >/dev/null | tail -1)
    report "| $name | \`complaints $ca\` | $am | \`task $cb\` | $bm | ${ratio}× | $((ra / 1024)) / $((rb / 1024)) MB |"
    i=$((i + 1))
done <"$tmp/rows"
report ""
report "The ratio is the median over rounds of task_i / complaints_i (paired)."
