#!/usr/bin/env bash
# Benchmark (not a test): the cost of one `complaints register`, as a whole
# process, against a database of 100 000 complaints, next to the sqlite3 shell
# doing the equivalent INSERTs in one process under the same durability
# settings.
#
# Usage: tests/bench/register.sh [BINARY] [RUNS]
#        (default BINARY build/complaints, built if missing; default RUNS 30)
#
# What it does
#   1. Builds a scratch database (removed on exit): the schema comes from the
#      real binary (`complaints init`; the starter complaints.toml it writes
#      is deleted), then 100 000 complaints and one `register` event each are
#      bulk-inserted by the sqlite3 shell in one transaction (days from
#      2025-01-01 to today, 7 channels, 5 categories, 3 kinds, 3 severities,
#      statuses and milestone times that fit each complaint's age), then
#      `PRAGMA wal_checkpoint(TRUNCATE)`. No ANALYZE: the program never runs
#      it, so a real database has no sqlite_stat1 either. A copy of the
#      database gets examples/policies/exporter.toml beside it as
#      complaints.toml. The binary is copied into the scratch directory so a
#      concurrent rebuild of build/ cannot change it mid-run.
#   2. Times, each as one whole process, interleaved per round (A, B, A+policy,
#      floor) RUNS times, after one untimed warm-up round:
#        A         TZ=Asia/Shanghai complaints --db DB register --channel phone
#                  --category product --customer 'Wang Fang' --summary 'Kettle
#                  leaks'   (built-in policy: no complaints.toml beside DB)
#        A+policy  the same against the copy that has exporter.toml beside it
#                  (--category quality: that policy has no "product")
#        B         sqlite3 DB with PRAGMA synchronous=FULL, busy_timeout=5000,
#                  foreign_keys=ON (as the program sets them; the DB is in WAL
#                  mode), BEGIN IMMEDIATE, INSERT INTO complaint with the next
#                  serial from an inline max(serial) subquery, RETURNING id
#                  (the program prints the id too), INSERT INTO event, COMMIT
#        floor     /bin/true: what the timing harness itself adds per process
#      The timer is a small python3 loop: os.posix_spawn + os.waitpid around
#      time.perf_counter_ns() (CLOCK_MONOTONIC). It adds one spawn per run and
#      no extra processes, unlike `date +%s%N` (two more fork+execs per run).
#      stdout and stderr of the commands go to /dev/null.
#   3. Counts instructions of one run of each under valgrind callgrind, with
#      two reference points: the sqlite3 shell starting on :memory: (its
#      dynamic linking and set-up) and `complaints --version` (ends in a C++
#      exception); and, if strace is present, counts the fsync/fdatasync
#      calls of five runs of each and the median time spent in them.
#
# How to read it
#   The goal is "paired median ratio A/B <= 1.0": the median over rounds i of
#   A_i / B_i, where A_i and B_i ran back to back, so machine drift cancels.
#   Wall times on a shared machine are noisy and dominated by fsync (the same
#   for A and B: one WAL fsync per commit); instruction counts are repeatable
#   and show the CPU work the program adds on top of SQLite's.
#   Exit status is 0 whatever the numbers; non-zero only when the setup or a
#   benchmarked command fails.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
if [[ $# -ge 1 ]]; then
    bin_src=$(realpath "$1")
else
    bin_src="$root/build/complaints"
    if [[ ! -x $bin_src ]]; then
        echo "register.sh: building $bin_src" >&2
        (cd "$root" && cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >&2 &&
            make -C build -j2 complaints >&2)
    fi
fi
runs=${2:-30}
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "register.sh: RUNS must be a positive integer" >&2; exit 64; }
[[ -x $bin_src ]] || { echo "register.sh: no executable at $bin_src" >&2; exit 66; }
for tool in sqlite3 python3; do
    command -v "$tool" >/dev/null || { echo "register.sh: $tool is needed" >&2; exit 69; }
done
sqlite=$(command -v sqlite3)
policy_src="$root/examples/policies/exporter.toml"
[[ -f $policy_src ]] || { echo "register.sh: missing $policy_src" >&2; exit 66; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/complaints-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/builtin" "$tmp/policy"
bin="$tmp/complaints"
cp "$bin_src" "$bin"
db="$tmp/builtin/complaints.db"
db_policy="$tmp/policy/complaints.db"
export TZ=Asia/Shanghai

# ---------------------------------------------------------------- database
"$bin" --db "$db" init >/dev/null 2>&1
rm -f "$tmp/builtin/complaints.toml"
[[ $("$sqlite" "$db" 'PRAGMA journal_mode') == wal ]] || { echo "register.sh: DB not in WAL mode" >&2; exit 70; }

t0=$(date +%s%N)
"$sqlite" -bail "$db" >/dev/null <<'SQL'
PRAGMA foreign_keys = ON;
BEGIN;
CREATE TEMP TABLE ch(k INTEGER PRIMARY KEY, channel TEXT, code TEXT);
-- weights out of 20: phone 8, email 4, web 3, letter 1, visit 1, social 2, regulator 1
INSERT INTO ch VALUES (0,'phone','TEL'),(1,'phone','TEL'),(2,'phone','TEL'),(3,'phone','TEL'),
  (4,'phone','TEL'),(5,'phone','TEL'),(6,'phone','TEL'),(7,'phone','TEL'),(8,'email','EML'),
  (9,'email','EML'),(10,'email','EML'),(11,'email','EML'),(12,'web','WEB'),(13,'web','WEB'),
  (14,'web','WEB'),(15,'letter','LTR'),(16,'visit','VIS'),(17,'social','SOC'),(18,'social','SOC'),
  (19,'regulator','REG');
CREATE TEMP TABLE cat(k INTEGER PRIMARY KEY, name TEXT);
INSERT INTO cat VALUES (0,'product'),(1,'product'),(2,'product'),(3,'product'),(4,'delivery'),
  (5,'delivery'),(6,'service'),(7,'service'),(8,'billing'),(9,'other');
CREATE TEMP TABLE who(k INTEGER PRIMARY KEY, name TEXT, dept TEXT);
INSERT INTO who VALUES (0,'zhang','quality'),(1,'li','logistics'),(2,'chen','service'),
  (3,'liu','finance'),(4,'zhao','service'),(5,'sun','quality');
CREATE TEMP TABLE cust(k INTEGER PRIMARY KEY, name TEXT);
INSERT INTO cust VALUES (0,'Wang Fang'),(1,'Li Wei'),(2,'Zhang Min'),(3,'Liu Yang'),
  (4,'Chen Jing'),(5,'Yang Lei'),(6,'Huang Li'),(7,'Zhao Qiang'),(8,'Wu Xia'),(9,'Zhou Jun'),
  (10,'Xu Hui'),(11,'Sun Tao'),(12,'Ma Lin');

-- n: 100 000 complaints, in time order over the days 2025-01-01 .. today
-- (local dates), received 08:00-17:59 local = 00:00-09:59 UTC the same date.
CREATE TEMP TABLE g AS
WITH RECURSIVE
  n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000),
  span(days) AS (SELECT max(365, CAST(julianday('now', '+8 hours', 'start of day')
                                      - julianday('2025-01-01') AS INTEGER) + 1)),
  base AS (
    SELECT i,
           date('2025-01-01', '+' || ((i - 1) * days / 100000) || ' days') AS d,
           days - 1 - (i - 1) * days / 100000 AS age,
           (i * 7) % 20 AS chk, (i * 3) % 10 AS catk, i % 6 AS whok, (i * 5) % 13 AS custk,
           (i * 37) % 600 AS minute
    FROM n, span)
SELECT b.i, b.d, b.age, b.whok, b.custk,
       replace(b.d, '-', '') AS day, ch.channel, ch.code, cat.name AS category,
       row_number() OVER (PARTITION BY b.d, ch.code ORDER BY b.i) AS serial,
       CASE WHEN b.i % 15 = 0 THEN 'suggestion' WHEN b.i % 10 = 0 THEN 'inquiry'
            ELSE 'complaint' END AS kind,
       CASE WHEN b.i % 40 = 0 THEN 'urgent' WHEN b.i % 12 = 0 THEN 'major'
            ELSE 'general' END AS severity,
       CASE WHEN b.age >= 14 THEN CASE WHEN b.i % 20 < 17 THEN 'closed'
                                       WHEN b.i % 20 < 19 THEN 'resolved' ELSE 'assigned' END
            ELSE CASE b.i % 5 WHEN 0 THEN 'registered' WHEN 1 THEN 'assigned'
                              WHEN 2 THEN 'investigating' WHEN 3 THEN 'resolved'
                              ELSE 'closed' END END AS status,
       strftime('%Y-%m-%dT%H:%M:%SZ', b.d, '+' || b.minute || ' minutes') AS received_at
FROM base b JOIN ch ON ch.k = b.chk JOIN cat ON cat.k = b.catk;

-- Milestone times are plain calendar offsets from receipt (a stand-in for the
-- working-day arithmetic): assign +1 day, investigate +3 days after the
-- assignment, resolve +7 days, revisit +1 day after the resolution.
INSERT INTO complaint (
    id, day, code, serial, status, kind, channel, category, severity, customer_name,
    customer_contact, customer_organization, customer_order, summary, description, demand,
    ref, received_at, registered_by, assignee, department, reopen_count, unreachable_count,
    resolution_plan, resolution_outcome, resolution_amount, resolution_currency,
    resolution_responsible, resolution_at, resolution_by, closed_at, last_revisit_result,
    last_revisit_score, assign_due, assign_met_at, investigate_due, investigate_met_at,
    resolve_due, resolve_met_at, revisit_due, revisit_met_at)
SELECT
    g.day || '-' || g.code || '-' || printf('%03d', g.serial), g.day, g.code, g.serial,
    g.status, g.kind, g.channel, g.category, g.severity, cust.name,
    CASE WHEN g.i % 3 = 0 THEN printf('138%08d', g.i) END,
    CASE WHEN g.i % 7 = 0 THEN 'Acme Trading Co.' END,
    CASE WHEN g.i % 4 = 0 THEN printf('SO-%06d', g.i) END,
    CASE g.category WHEN 'product' THEN 'Kettle leaks' WHEN 'delivery' THEN 'Parcel arrived late'
        WHEN 'service' THEN 'Rude hotline agent' WHEN 'billing' THEN 'Charged twice'
        ELSE 'Other problem' END,
    CASE WHEN g.i % 2 = 0 THEN 'The customer called about order ' || g.i || ' and described the problem in detail.' END,
    CASE WHEN g.i % 5 = 0 THEN 'Refund' END,
    CASE WHEN g.i % 50 = 0 THEN printf('REF-%06d', g.i) END,
    g.received_at, 'clerk' || (g.i % 4),
    CASE WHEN g.status <> 'registered' THEN who.name END,
    CASE WHEN g.status <> 'registered' THEN who.dept END,
    CASE WHEN g.i % 97 = 0 THEN 1 ELSE 0 END, CASE WHEN g.i % 61 = 0 THEN 1 ELSE 0 END,
    CASE WHEN g.status IN ('resolved', 'closed') THEN 'Replace the product and apologise' END,
    CASE WHEN g.status IN ('resolved', 'closed') THEN
        CASE g.i % 4 WHEN 0 THEN 'refund' WHEN 1 THEN 'exchange' WHEN 2 THEN 'apology'
                     ELSE 'explanation' END END,
    CASE WHEN g.status IN ('resolved', 'closed') AND g.i % 4 = 0 THEN 1000 + (g.i % 50) * 100 END,
    CASE WHEN g.status IN ('resolved', 'closed') THEN 'CNY' END,
    CASE WHEN g.status IN ('resolved', 'closed') AND g.i % 3 = 0 THEN 'supplier' END,
    CASE WHEN g.status IN ('resolved', 'closed') THEN strftime('%Y-%m-%dT%H:%M:%SZ', g.received_at, '+3 days') END,
    CASE WHEN g.status IN ('resolved', 'closed') THEN who.name END,
    CASE WHEN g.status = 'closed' THEN strftime('%Y-%m-%dT%H:%M:%SZ', g.received_at, '+4 days') END,
    CASE WHEN g.status = 'closed' THEN CASE WHEN g.i % 10 = 0 THEN 'unsatisfied' ELSE 'satisfied' END END,
    CASE WHEN g.status = 'closed' THEN 3 + g.i % 3 END,
    strftime('%Y-%m-%dT%H:%M:%SZ', g.received_at, '+1 day'),
    CASE WHEN g.status <> 'registered' THEN strftime('%Y-%m-%dT%H:%M:%SZ', g.received_at, '+2 hours') END,
    CASE WHEN g.status <> 'registered' THEN strftime('%Y-%m-%dT%H:%M:%SZ', g.received_at, '+2 hours', '+3 days') END,
    CASE WHEN g.status IN ('resolved', 'closed') THEN strftime('%Y-%m-%dT%H:%M:%SZ', g.received_at, '+1 day') END,
    strftime('%Y-%m-%dT%H:%M:%SZ', g.received_at, '+7 days'),
    CASE WHEN g.status IN ('resolved', 'closed') THEN strftime('%Y-%m-%dT%H:%M:%SZ', g.received_at, '+3 days') END,
    CASE WHEN g.status IN ('resolved', 'closed') THEN strftime('%Y-%m-%dT%H:%M:%SZ', g.received_at, '+4 days') END,
    CASE WHEN g.status = 'closed' THEN strftime('%Y-%m-%dT%H:%M:%SZ', g.received_at, '+4 days') END
FROM g JOIN who ON who.k = g.whok JOIN cust ON cust.k = g.custk
ORDER BY g.i;

-- One register event per complaint, details shaped like the program's.
INSERT INTO event (complaint, type, at, recorded_at, actor, details)
SELECT row_id, 'register', received_at, received_at, registered_by,
       json_object('assign_due', assign_due, 'category', category, 'channel', channel,
                   'customer', json_object('contact', customer_contact, 'name', customer_name,
                                           'order', customer_order,
                                           'organization', customer_organization),
                   'demand', demand, 'description', description, 'kind', kind, 'ref', ref,
                   'resolve_due', resolve_due, 'severity', severity, 'summary', summary)
FROM complaint ORDER BY row_id;
COMMIT;
PRAGMA wal_checkpoint(TRUNCATE);
SQL
t1=$(date +%s%N)
read -r n_complaints n_events n_days db_bytes < <("$sqlite" -separator ' ' "$db" \
    "SELECT (SELECT count(*) FROM complaint), (SELECT count(*) FROM event),
            (SELECT count(DISTINCT day) FROM complaint),
            (SELECT page_count * page_size FROM pragma_page_count, pragma_page_size)")
[[ $n_complaints == 100000 && $n_events == 100000 ]] ||
    { echo "register.sh: database build went wrong ($n_complaints complaints)" >&2; exit 70; }
cp "$db" "$db_policy"
cp "$policy_src" "$tmp/policy/complaints.toml"

# ---------------------------------------------------------------- commands
cmd_a=("$bin" --db "$db" register --channel phone --category product
       --customer 'Wang Fang' --summary 'Kettle leaks')
# exporter.toml has [people]: only its keys may register.
cmd_p=("$bin" --db "$db_policy" --as zhao register --channel phone --category quality
       --customer 'Wang Fang' --summary 'Kettle leaks')
read -r -d '' sql_b <<'SQL' || true
PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;
BEGIN IMMEDIATE;
WITH t AS MATERIALIZED (
    SELECT day, now, (SELECT coalesce(max(serial), 0) + 1 FROM complaint
                      WHERE complaint.day = d.day AND code = 'TEL') AS serial
    FROM (SELECT strftime('%Y%m%d', 'now', '+8 hours') AS day,
                 strftime('%Y-%m-%dT%H:%M:%SZ', 'now') AS now) AS d)
INSERT INTO complaint (id, day, code, serial, status, kind, channel, category, severity,
                       customer_name, summary, received_at, registered_by, assign_due, resolve_due)
SELECT day || '-TEL-' || printf('%03d', serial), day, 'TEL', serial, 'registered', 'complaint',
       'phone', 'product', 'general', 'Wang Fang', 'Kettle leaks', now, 'unknown',
       strftime('%Y-%m-%dT%H:%M:%SZ', now, '+1 day'), strftime('%Y-%m-%dT%H:%M:%SZ', now, '+7 days')
FROM t
RETURNING id;
INSERT INTO event (complaint, type, at, recorded_at, actor, details)
SELECT row_id, 'register', received_at, received_at, registered_by,
       json_object('assign_due', assign_due, 'category', category, 'channel', channel,
                   'customer', json_object('contact', NULL, 'name', customer_name,
                                           'order', NULL, 'organization', NULL),
                   'demand', NULL, 'description', NULL, 'kind', kind, 'ref', NULL,
                   'resolve_due', resolve_due, 'severity', severity, 'summary', summary)
FROM complaint WHERE row_id = last_insert_rowid();
COMMIT;
SQL
cmd_b=("$sqlite" -bail "$db" "$sql_b")

# Sanity: each command works and prints the new id last (B first prints the
# 5000 of its busy_timeout PRAGMA). "quality" exists only in exporter.toml and
# "product" only in the built-in policy, so this also shows which policy each
# of A and A+policy used.
for c in a b p; do
    declare -n cmd="cmd_$c"
    out=$("${cmd[@]}" 2>&1) || { echo "register.sh: command $c failed: $out" >&2; exit 70; }
    [[ ${out##*$'\n'} =~ ^[0-9]{8}-TEL-[0-9]{3,}$ ]] || { echo "register.sh: command $c printed: $out" >&2; exit 70; }
    unset -n cmd
done

# ---------------------------------------------------------------- timing
cat >"$tmp/timer.py" <<'PY'
import os, sys, time, statistics, math

runs = int(sys.argv[1])
groups, cur = [], None
for a in sys.argv[2:]:
    if a == "--":
        cur = []
        groups.append(cur)
    else:
        cur.append(a)
names = [g[0] for g in groups]
cmds = [g[1:] for g in groups]

devnull = os.open(os.devnull, os.O_RDWR)
actions = [(os.POSIX_SPAWN_DUP2, devnull, 0), (os.POSIX_SPAWN_DUP2, devnull, 1),
           (os.POSIX_SPAWN_DUP2, devnull, 2)]
env = dict(os.environ)

def once(argv):
    t0 = time.perf_counter_ns()
    pid = os.posix_spawn(argv[0], argv, env, file_actions=actions)
    _, status = os.waitpid(pid, 0)
    t1 = time.perf_counter_ns()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"register.sh: {' '.join(argv)} failed")
    return t1 - t0

for argv in cmds:          # untimed warm-up round
    once(argv)
times = [[] for _ in cmds]
for _ in range(runs):      # interleaved: every round runs each command once
    for k, argv in enumerate(cmds):
        times[k].append(once(argv))

def p90(xs):
    s = sorted(xs)
    return s[math.ceil(0.9 * len(s)) - 1]

ms = lambda ns: ns / 1e6
print(f"{'command':<10} {'median ms':>10} {'min ms':>8} {'p90 ms':>8}")
for name, xs in zip(names, times):
    print(f"{name:<10} {ms(statistics.median(xs)):>10.2f} {ms(min(xs)):>8.2f} {ms(p90(xs)):>8.2f}")
ref = names.index("B")
with open(os.environ["BENCH_RATIOS"], "w") as f:
    for name, xs in zip(names, times):
        if name in ("B", "floor"):
            continue
        r = [a / b for a, b in zip(xs, times[ref])]
        f.write(f"{name}/B {statistics.median(r):.3f} {min(r):.3f} {max(r):.3f}\n")
PY

echo "== complaints register benchmark"
echo "binary:   $bin_src ($(file -b "$bin_src" | grep -o 'statically linked\|dynamically linked'))"
echo "sqlite3:  $sqlite $("$sqlite" --version | cut -d' ' -f1)"
echo "database: $n_complaints complaints + $n_events events over $n_days days," \
     "$((db_bytes / 1048576)) MiB, built in $(((t1 - t0) / 1000000)) ms; no ANALYZE"
echo "machine:  $(nproc) CPUs, scratch on $(df -P "$tmp" | awk 'NR == 2 { print $1 }'), TZ=$TZ"
echo "runs:     $runs per command, interleaved A, B, A+policy, floor (+1 warm-up round)"
echo
echo "-- wall time per whole process (python3 posix_spawn + waitpid, perf_counter_ns)"
export BENCH_RATIOS="$tmp/ratios"
python3 "$tmp/timer.py" "$runs" -- A "${cmd_a[@]}" -- B "${cmd_b[@]}" \
    -- A+policy "${cmd_p[@]}" -- floor "$(type -P true)"
echo
echo "-- paired ratio per round (A_i / B_i): median (min .. max)"
while read -r name med lo hi; do
    printf '%-10s %s  (%s .. %s)\n' "$name" "$med" "$lo" "$hi"
done <"$tmp/ratios"

# ---------------------------------------------------------------- instructions
declare -A instr=()
if command -v valgrind >/dev/null; then
    echo
    echo "-- instructions, one run each (valgrind --tool=callgrind, 'Collected')"
    count() {
        local name=$1; shift
        local n
        n=$(valgrind --tool=callgrind --callgrind-out-file="$tmp/callgrind.out" "$@" 2>&1 >/dev/null |
            sed -n 's/.*Collected : *\([0-9]*\).*/\1/p')
        instr[$name]=$n
        printf '%-28s %12s\n' "$name" "$(printf "%'d" "$n" 2>/dev/null || echo "$n")"
    }
    count A "${cmd_a[@]}"
    count B "${cmd_b[@]}"
    count A+policy "${cmd_p[@]}"
    # Reference points: the sqlite3 shell's own start-up (dynamic linking,
    # no database), and the binary's --version, which CLI11 ends by throwing
    # a C++ exception (the first throw of a process has a start-up cost too).
    count "sqlite3 :memory: 'SELECT 1'" "$sqlite" :memory: 'SELECT 1'
    count "complaints --version" "$bin" --version
fi

# ---------------------------------------------------------------- fsync
if command -v strace >/dev/null; then
    echo
    echo "-- fsync/fdatasync per run (strace -f -T, 5 runs each; time inside the syscalls)"
    syncs() {
        local name=$1; shift
        local k
        for k in 1 2 3 4 5; do
            strace -f -T -e trace=fsync,fdatasync -o "$tmp/strace.out" "$@" >/dev/null 2>&1
            awk '/fsync|fdatasync/ { n++; t = $NF; gsub(/[<>]/, "", t); s += t }
                 END { printf "%d %.3f\n", n, s * 1000 }' "$tmp/strace.out"
        done | sort -k2,2n | awk -v name="$name" '{ n[NR] = $1; t[NR] = $2 }
            END { printf "%-10s %d calls, median %.2f ms (min %.2f, max %.2f)\n",
                         name, n[3], t[3], t[1], t[5] }'
    }
    syncs A "${cmd_a[@]}"
    syncs B "${cmd_b[@]}"
    syncs A+policy "${cmd_p[@]}"
fi

# ---------------------------------------------------------------- summary
ratio_a=$(awk '$1 == "A/B" { print $2 }' "$tmp/ratios")
ratio_p=$(awk '$1 == "A+policy/B" { print $2 }' "$tmp/ratios")
verdict() { awk -v r="$1" 'BEGIN { print (r <= 1.0 ? "meets the goal (<= 1.0)" : "SLOWER than the goal (> 1.0)") }'; }
echo
echo "== summary"
echo "paired median ratio A/B        = $ratio_a  -> $(verdict "$ratio_a")"
echo "paired median ratio A+policy/B = $ratio_p  -> $(verdict "$ratio_p")"
if [[ -n ${instr[A]:-} && -n ${instr[B]:-} ]]; then
    awk -v a="${instr[A]}" -v b="${instr[B]}" -v p="${instr[A+policy]}" 'BEGIN {
        printf "instructions A/B               = %.2f  (%.1f M vs %.1f M)\n", a / b, a / 1e6, b / 1e6
        printf "instructions A+policy/B        = %.2f  (%.1f M)\n", p / b, p / 1e6 }'
fi
exit 0
