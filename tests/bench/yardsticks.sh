# Sourced by scale.sh and postgres.sh (benchmarks, not tests): the SQL that
# returns the same rows as each read command of the tool, run by the
# database's own shell as the yardstick. Expects now_z (the clock in UTC,
# e.g. 2026-12-01T02:00:00Z). The SQLite forms print local times in the
# policy's zone (+8 hours) as the tool does; postgres.sh adds the forms of
# PostgreSQL (pg_*), written as a PostgreSQL user would.
# shellcheck shell=bash disable=SC2034
open5="status IN ('registered', 'assigned', 'investigating', 'awaiting_approval', 'resolved')"
ms_unmet() { # milestone -> due if unmet
    echo "CASE WHEN $1_met_at IS NULL THEN $1_due END"
}
next_deadline="CASE WHEN status IN ('closed', 'rejected', 'withdrawn') THEN NULL
  WHEN status = 'on_hold' THEN $(ms_unmet hold)
  ELSE nullif(min(coalesce($(ms_unmet acknowledge), '~'), coalesce($(ms_unmet assign), '~'),
                  coalesce($(ms_unmet investigate), '~'), coalesce($(ms_unmet resolve), '~'),
                  coalesce($(ms_unmet revisit), '~')), '~') END"
list_cols="id, strftime('%Y-%m-%d %H:%M', received_at, '+8 hours') AS received, status, category,
  severity, coalesce(assignee, '-') AS assignee,
  coalesce(strftime('%Y-%m-%d %H:%M', $next_deadline, '+8 hours'), '-') AS next_deadline, summary"
overdue_of() { # milestone, status condition -> the rows of report overdue for it
    echo "SELECT id, '$1' AS milestone, $1_due AS due, assignee, department, severity, summary
  FROM complaint WHERE $1_met_at IS NULL AND $1_due < '$now_z' AND $2"
}
overdue_union="$(overdue_of acknowledge "$open5") UNION ALL $(overdue_of assign "$open5")
  UNION ALL $(overdue_of investigate "$open5") UNION ALL $(overdue_of resolve "$open5")
  UNION ALL $(overdue_of revisit "$open5") UNION ALL $(overdue_of hold "status = 'on_hold'")"
overdue_any="(($open5) AND ((acknowledge_met_at IS NULL AND acknowledge_due < '$now_z')
  OR (assign_met_at IS NULL AND assign_due < '$now_z')
  OR (investigate_met_at IS NULL AND investigate_due < '$now_z')
  OR (resolve_met_at IS NULL AND resolve_due < '$now_z')
  OR (revisit_met_at IS NULL AND revisit_due < '$now_z')))
  OR (status = 'on_hold' AND hold_met_at IS NULL AND hold_due < '$now_z')"
metrics="count(*) AS received,
  sum(status NOT IN ('closed', 'rejected', 'withdrawn')) AS open,
  sum(status = 'closed') AS closed, sum(status = 'rejected') AS rejected,
  sum(status = 'withdrawn') AS withdrawn, sum(status = 'on_hold') AS on_hold,
  sum(status = 'awaiting_approval') AS awaiting_approval,
  sum($overdue_any) AS overdue,
  sum(resolve_met_at IS NOT NULL) AS resolved,
  sum(resolve_met_at <= resolve_due) AS resolved_on_time,
  round(1.0 * sum(resolve_met_at <= resolve_due) / nullif(sum(resolve_met_at IS NOT NULL), 0), 2) AS on_time_rate,
  round(avg(CASE WHEN resolve_met_at IS NOT NULL
                 THEN (unixepoch(resolution_at) - unixepoch(received_at)) / 3600.0 END), 1) AS avg_resolve_hours,
  sum(last_revisit_result IS NOT NULL) AS revisited,
  sum(last_revisit_result = 'satisfied') AS satisfied,
  round(1.0 * sum(last_revisit_result = 'satisfied') / nullif(sum(last_revisit_result IS NOT NULL), 0), 2) AS satisfaction_rate,
  round(avg(last_revisit_score), 2) AS avg_score,
  sum(reopen_count > 0) AS reopened"
# The same metrics in one pass per group, then the total from the groups'
# sums (summary --by: the groups and the total row from a single scan).
sums="count(*) AS n, sum(status NOT IN ('closed', 'rejected', 'withdrawn')) AS open,
  sum(status = 'closed') AS closed, sum(status = 'rejected') AS rejected,
  sum(status = 'withdrawn') AS withdrawn, sum(status = 'on_hold') AS on_hold,
  sum(status = 'awaiting_approval') AS awaiting, sum($overdue_any) AS overdue,
  sum(resolve_met_at IS NOT NULL) AS resolved, sum(resolve_met_at <= resolve_due) AS on_time,
  sum(CASE WHEN resolve_met_at IS NOT NULL
           THEN (unixepoch(resolution_at) - unixepoch(received_at)) / 3600.0 END) AS hours,
  sum(last_revisit_result IS NOT NULL) AS revisited, sum(last_revisit_result = 'satisfied') AS satisfied,
  sum(last_revisit_score) AS score_sum, count(last_revisit_score) AS scored,
  sum(reopen_count > 0) AS reopened"
from_sums="sum(n) AS received, sum(open) AS open, sum(closed) AS closed, sum(rejected) AS rejected,
  sum(withdrawn) AS withdrawn, sum(on_hold) AS on_hold, sum(awaiting) AS awaiting_approval,
  sum(overdue) AS overdue, sum(resolved) AS resolved, sum(on_time) AS resolved_on_time,
  round(1.0 * sum(on_time) / nullif(sum(resolved), 0), 2) AS on_time_rate,
  round(sum(hours) / nullif(sum(resolved), 0), 1) AS avg_resolve_hours,
  sum(revisited) AS revisited, sum(satisfied) AS satisfied,
  round(1.0 * sum(satisfied) / nullif(sum(revisited), 0), 2) AS satisfaction_rate,
  round(1.0 * sum(score_sum) / nullif(sum(scored), 0), 2) AS avg_score, sum(reopened) AS reopened"
month_from=2026-06-01 month_to=2026-07-01
month_from_z=2026-05-31T16:00:00Z month_to_z=2026-06-30T16:00:00Z
trend_from_z=2025-12-31T16:00:00Z   # 12 months back from 2026-12, local
trend_sql="WITH RECURSIVE
  p(k, start) AS (SELECT 0, '2026-01' UNION ALL
                  SELECT k + 1, strftime('%Y-%m', date(start || '-01', '+1 month')) FROM p WHERE k < 11),
  r AS (SELECT strftime('%Y-%m', received_at, '+8 hours') AS m, count(*) AS n FROM complaint
        WHERE received_at >= '$trend_from_z' AND received_at < '$now_z' GROUP BY m),
  s AS (SELECT strftime('%Y-%m', resolution_at, '+8 hours') AS m, count(*) AS n,
               sum(resolve_met_at <= resolve_due) AS on_time FROM complaint
        WHERE resolution_at >= '$trend_from_z' AND resolution_at < '$now_z' GROUP BY m),
  c AS (SELECT strftime('%Y-%m', closed_at, '+8 hours') AS m, count(*) AS n FROM complaint
        WHERE closed_at >= '$trend_from_z' AND closed_at < '$now_z' GROUP BY m)
SELECT p.start AS period, coalesce(r.n, 0) AS received, coalesce(s.n, 0) AS resolved,
       coalesce(c.n, 0) AS closed, coalesce(s.on_time, 0) AS resolved_on_time,
       round(1.0 * s.on_time / s.n, 2) AS on_time_rate
FROM p LEFT JOIN r ON r.m = p.start LEFT JOIN s ON s.m = p.start LEFT JOIN c ON c.m = p.start
ORDER BY p.start"
export_sql="SELECT json_object(
  'id', id, 'status', status, 'kind', kind, 'channel', channel, 'category', category,
  'severity', severity,
  'customer', json_object('name', customer_name, 'contact', customer_contact,
                          'organization', customer_organization, 'order', customer_order),
  'summary', summary, 'description', description, 'demand', demand, 'ref', ref,
  'received_at', received_at, 'registered_by', registered_by, 'assignee', assignee,
  'department', department, 'reopen_count', reopen_count, 'cause', cause,
  'substantiated', substantiated, 'resolution_plan', resolution_plan,
  'resolution_outcome', resolution_outcome, 'resolution_amount', resolution_amount,
  'resolution_at', resolution_at, 'closed_at', closed_at, 'total_amount', total_amount,
  'acknowledge_due', acknowledge_due, 'acknowledge_met_at', acknowledge_met_at,
  'assign_due', assign_due, 'assign_met_at', assign_met_at,
  'investigate_due', investigate_due, 'investigate_met_at', investigate_met_at,
  'resolve_due', resolve_due, 'resolve_met_at', resolve_met_at,
  'revisit_due', revisit_due, 'revisit_met_at', revisit_met_at,
  'events', (SELECT json_group_array(json_object('type', type, 'at', at, 'recorded_at', recorded_at,
                                                 'actor', actor, 'details', json(details)))
             FROM (SELECT * FROM event WHERE event.complaint = c.row_id ORDER BY seq)))
FROM complaint AS c ORDER BY received_at, id"


# The three reads of SPEC §14's scale, in both dialects.
overdue_rows=$(echo "$overdue_union" | sed 's/SELECT id,/SELECT row_id, id,/g')
sql_list_overdue="SELECT $list_cols FROM complaint WHERE row_id IN (SELECT row_id FROM ($overdue_rows) AS o)
  ORDER BY received_at, id"
sql_report_overdue="SELECT id, milestone, strftime('%Y-%m-%d %H:%M', due, '+8 hours') AS deadline,
       (unixepoch('$now_z') - unixepoch(due)) / 60 AS late_minutes,
       coalesce(assignee, '-'), coalesce(department, '-'), severity, summary
  FROM ($overdue_union) AS o ORDER BY due, id, milestone"
sql_month_summary="SELECT $metrics FROM complaint
  WHERE received_at >= '$month_from_z' AND received_at < '$month_to_z'"

# PostgreSQL: times are text in UTC as on SQLite ('2026-12-01T02:00:00Z'),
# cast to timestamptz where they are computed with; LEAST skips NULLs.
pg_local() { # expression -> 'YYYY-MM-DD HH:MM' in the policy's zone
    echo "to_char(($1)::timestamptz AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI')"
}
pg_next_deadline="CASE WHEN status IN ('closed', 'rejected', 'withdrawn') THEN NULL
  WHEN status = 'on_hold' THEN $(ms_unmet hold)
  ELSE least($(ms_unmet acknowledge), $(ms_unmet assign), $(ms_unmet investigate),
             $(ms_unmet resolve), $(ms_unmet revisit)) END"
pg_list_cols="id, $(pg_local received_at) AS received, status, category, severity,
  coalesce(assignee, '-') AS assignee, coalesce($(pg_local "$pg_next_deadline"), '-') AS next_deadline,
  summary"
pg_list_overdue="SELECT $pg_list_cols FROM complaint WHERE row_id IN (SELECT row_id FROM ($overdue_rows) AS o)
  ORDER BY received_at, id"
pg_report_overdue="SELECT id, milestone, $(pg_local due) AS deadline,
       floor(extract(epoch FROM timestamptz '$now_z' - due::timestamptz) / 60)::bigint AS late_minutes,
       coalesce(assignee, '-'), coalesce(department, '-'), severity, summary
  FROM ($overdue_union) AS o ORDER BY due, id, milestone"
pg_count() { echo "count(*) FILTER (WHERE $1)"; }
pg_rate() { echo "round($(pg_count "$1")::numeric / nullif($(pg_count "$2"), 0), 2)"; }
pg_month_summary="SELECT count(*) AS received,
  $(pg_count "status NOT IN ('closed', 'rejected', 'withdrawn')") AS open,
  $(pg_count "status = 'closed'") AS closed, $(pg_count "status = 'rejected'") AS rejected,
  $(pg_count "status = 'withdrawn'") AS withdrawn, $(pg_count "status = 'on_hold'") AS on_hold,
  $(pg_count "status = 'awaiting_approval'") AS awaiting_approval,
  $(pg_count "$overdue_any") AS overdue,
  $(pg_count "resolve_met_at IS NOT NULL") AS resolved,
  $(pg_count "resolve_met_at <= resolve_due") AS resolved_on_time,
  $(pg_rate "resolve_met_at <= resolve_due" "resolve_met_at IS NOT NULL") AS on_time_rate,
  round(avg(CASE WHEN resolve_met_at IS NOT NULL
                 THEN extract(epoch FROM resolution_at::timestamptz - received_at::timestamptz) / 3600 END), 1)
    AS avg_resolve_hours,
  $(pg_count "last_revisit_result IS NOT NULL") AS revisited,
  $(pg_count "last_revisit_result = 'satisfied'") AS satisfied,
  $(pg_rate "last_revisit_result = 'satisfied'" "last_revisit_result IS NOT NULL") AS satisfaction_rate,
  round(avg(last_revisit_score), 2) AS avg_score,
  $(pg_count "reopen_count > 0") AS reopened
  FROM complaint WHERE received_at >= '$month_from_z' AND received_at < '$month_to_z'"
