#include "connection.hpp"
#include "events_io.hpp"
#include "rules.hpp"

#include <complaints/domain/percentile.hpp>
#include <complaints/storage/reports.hpp>

#include <algorithm>
#include <map>

namespace complaints::storage {

using domain::Instant;
using domain::Milestone;

std::string Reports::overdue_sql(const OverdueQuery& q) {
    // One range scan of a partial index per milestone (docs/schema.md).
    std::string sql;
    for (const Milestone m : domain::k_milestones) {
        const auto name = domain::to_string(m);
        if (!sql.empty()) sql += " UNION ALL ";
        sql += fmt::format(
            "SELECT id, '{0}' AS milestone, {0}_due AS due, assignee, department, severity, "
            "summary, category, row_id FROM complaint WHERE {1}",
            name, storage::overdue_sql(m, ":before", q.bound));
        if (q.assignee) sql += " AND assignee = :assignee";
        if (q.department) sql += " AND department = :department";
    }
    return sql + " ORDER BY due, id, milestone";
}

std::vector<OverdueRow> Reports::overdue(const OverdueQuery& q) const {
    std::vector<OverdueRow> rows;
    each_overdue(q, [&](const OverdueRow& r) { rows.push_back(r); });
    return rows;
}

void Reports::each_overdue(const OverdueQuery& q,
                           const std::function<void(const OverdueRow&)>& visit) const {
    guarded(m_connection, [&] {
        const auto s = m_connection.session().prepare(overdue_sql(q));
        s->bind(":before", domain::format_utc(q.before));
        if (q.assignee) s->bind(":assignee", *q.assignee);
        if (q.department) s->bind(":department", *q.department);
        while (s->step()) {
            OverdueRow r;
            r.id = s->column(0).text();
            r.milestone = stored_name<Milestone>(s->column(1), N_("milestone"));
            r.due = instant(s->column(2));
            r.assignee = text_or_null(s->column(3));
            r.department = text_or_null(s->column(4));
            r.severity = s->column(5).text();
            r.summary = s->column(6).text();
            r.category = s->column(7).text();
            r.row_id = s->column(8).int64();
            visit(r);
        }
    });
}

std::string Reports::awaiting_approval_sql() {
    // `status = '…'` exactly as the partial index's WHERE, so that it is used.
    return fmt::format(
        "SELECT row_id, id, summary, category, department, proposal_amount, proposal_currency, "
        "proposal_by, proposal_at FROM complaint WHERE status = '{}' AND proposal_at <= :as_of "
        "ORDER BY proposal_at, id",
        domain::to_string(domain::Status::awaiting_approval));
}

std::vector<domain::ApprovalItem> Reports::awaiting_approval(Instant as_of) const {
    return guarded(m_connection, [&] {
        const auto s = m_connection.session().prepare(awaiting_approval_sql());
        s->bind(":as_of", domain::format_utc(as_of));
        std::vector<domain::ApprovalItem> rows;
        while (s->step()) {
            domain::ApprovalItem a;
            a.row_id = s->column(0).int64();
            a.complaint_id = s->column(1).text();
            a.summary = s->column(2).text();
            a.category = s->column(3).text();
            a.department = text_or_null(s->column(4));
            if (!s->column(5).is_null()) a.amount = domain::Money{s->column(5).int64()};
            a.currency = text_or_null(s->column(6)).value_or("");
            a.proposed_by = text_or_null(s->column(7)).value_or("");
            a.proposed_at = instant(s->column(8));
            rows.push_back(std::move(a));
        }
        return rows;
    });
}

namespace {

std::string group_expression(GroupBy by) {
    switch (by) {
        case GroupBy::none:
            return "NULL";
        case GroupBy::category:
        case GroupBy::channel:
        case GroupBy::severity:
        case GroupBy::kind:
        case GroupBy::department:
        case GroupBy::assignee:
        case GroupBy::site:
        case GroupBy::cause:
            return std::string(domain::name_of(by));  // the column of the same name
        // `day` is the local date received (as in the number): months in the policy zone.
        case GroupBy::month:
            return "substr(day, 1, 4) || '-' || substr(day, 5, 2)";
    }
    return "NULL";
}

// Received in [from, to): the condition and its binding.
std::string received_where(const std::optional<Instant>& from, const std::optional<Instant>& to) {
    std::string where = "TRUE";
    if (from) where += " AND received_at >= :from";
    if (to) where += " AND received_at < :to";
    return where;
}

void bind_received(sql::Statement& s, const std::optional<Instant>& from,
                   const std::optional<Instant>& to) {
    if (from) s.bind(":from", domain::format_utc(*from));
    if (to) s.bind(":to", domain::format_utc(*to));
}

// Groups by name, "no value" last.
// `grouped`: the group is the column `grp` of a subquery, not an expression.
std::string group_order(GroupBy by, std::string_view then = "", bool grouped = false) {
    if (by == GroupBy::none) return then.empty() ? "" : fmt::format("ORDER BY {}", then);
    // The expression, not its name: PostgreSQL takes an output column's name
    // in ORDER BY alone, not inside an expression.
    return fmt::format("ORDER BY ({}) IS NULL, grp{}{}", grouped ? "grp" : group_expression(by),
                       then.empty() ? "" : ", ", then);
}

// What the total of several groups needs besides their counts: the sums and
// counts behind each group's averages.
struct SummarySums {
    double hours = 0, scores = 0;
    long long hours_count = 0, scores_count = 0;
};

}  // namespace

std::string Reports::summary_sql(const SummaryQuery& q, GroupBy by) {
    const std::string resolved = resolved_sql();
    const std::string settled = fmt::format("NOT ({})", unresolved_sql());
    const auto status_is = [](domain::Status status) { return status_in_sql({status}); };
    const std::string hours = fmt::format(
        "CASE WHEN {} THEN (unixepoch(resolution_at) - unixepoch(received_at)) / 3600.0 END",
        resolved);
    const std::string score = fmt::format("CASE WHEN {} THEN last_revisit_score END", settled);
    // Each count of rows where a condition holds is count(CASE WHEN … THEN 1
    // END): native to both engines (a total() of conditions is an aggregate
    // written in SQL on PostgreSQL, 3× slower over a month at 1 M).
    return fmt::format(
        "SELECT {group} AS grp, count(*), "
        "count(CASE WHEN {open} THEN 1 END), count(CASE WHEN {closed} THEN 1 END), count(CASE WHEN "
        "{rejected} THEN 1 END), count(CASE WHEN {withdrawn} THEN 1 END), "
        "count(CASE WHEN {on_hold} THEN 1 END), count(CASE WHEN {awaiting_approval} THEN 1 END), "
        "count(CASE WHEN {open} AND ({overdue}) THEN 1 END), "
        "count(CASE WHEN {resolved} THEN 1 END), "
        "count(CASE WHEN ({resolved}) AND ({on_time}) = 1 THEN 1 END), "
        "count(CASE WHEN {settled} AND last_revisit_result IS NOT NULL THEN 1 END), "
        "count(CASE WHEN {settled} AND last_revisit_result = 'satisfied' THEN 1 END), "
        "count(CASE WHEN reopen_count > 0 THEN 1 END), "
        // The averages as sums and counts (what SQLite's avg() divides), so
        // that the total of several groups has them too. The hours parse two
        // times, so they are counted by what makes them not null (the tool
        // writes every time it stores in one valid form).
        "total({hours}), count(CASE WHEN {resolved} AND resolution_at IS NOT NULL THEN 1 END), "
        "total({score}), count({score}) "
        "FROM complaint WHERE {where} {group_by} {order}",
        fmt::arg("group", group_expression(by)), fmt::arg("open", open_sql()),
        fmt::arg("closed", status_is(domain::Status::closed)),
        fmt::arg("rejected", status_is(domain::Status::rejected)),
        fmt::arg("withdrawn", status_is(domain::Status::withdrawn)),
        fmt::arg("on_hold", status_is(domain::Status::on_hold)),
        fmt::arg("awaiting_approval", status_is(domain::Status::awaiting_approval)),
        fmt::arg("overdue", any_overdue_sql(":now")), fmt::arg("resolved", resolved),
        fmt::arg("on_time", on_time_sql(Milestone::resolve)), fmt::arg("settled", settled),
        fmt::arg("hours", hours), fmt::arg("score", score),
        fmt::arg("where", received_where(q.from, q.to)),
        fmt::arg("group_by", by == GroupBy::none ? "" : "GROUP BY grp"),
        fmt::arg("order", group_order(by)));
}

namespace {

std::vector<SummaryRow> run_summary(sql::Session& db, const SummaryQuery& q, GroupBy by,
                                    SummarySums* sums = nullptr) {
    const auto s = db.prepare(Reports::summary_sql(q, by));
    s->bind(":now", domain::format_utc(q.now));
    bind_received(*s, q.from, q.to);
    std::vector<SummaryRow> rows;
    const auto count = [&](int i) { return static_cast<long long>(s->column(i).real()); };
    // avg(): the sum over the count, none of nothing.
    const auto average = [](double sum, long long n) -> std::optional<double> {
        if (n == 0) return std::nullopt;
        return sum / static_cast<double>(n);
    };
    while (s->step()) {
        SummaryRow r;
        r.group = text_or_null(s->column(0));
        r.received = s->column(1).int64();
        r.open = count(2);
        r.closed = count(3);
        r.rejected = count(4);
        r.withdrawn = count(5);
        r.on_hold = count(6);
        r.awaiting_approval = count(7);
        r.overdue = count(8);
        r.resolved = count(9);
        r.resolved_on_time = count(10);
        r.revisited = count(11);
        r.satisfied = count(12);
        r.reopened = count(13);
        const double hours = s->column(14).real();
        const long long hours_count = count(15);
        const double scores = s->column(16).real();
        const long long scores_count = s->column(17).int64();
        r.avg_resolve_hours = average(hours, hours_count);
        r.avg_score = average(scores, scores_count);
        if (sums) {
            sums->hours += hours;
            sums->hours_count += hours_count;
            sums->scores += scores;
            sums->scores_count += scores_count;
        }
        rows.push_back(std::move(r));
    }
    return rows;
}

// The total of `rows`, the groups of one pass whose sums are `sums`.
SummaryRow total_of(const std::vector<SummaryRow>& rows, const SummarySums& sums) {
    SummaryRow t;
    for (const auto& r : rows) {
        t.received += r.received;
        t.open += r.open;
        t.closed += r.closed;
        t.rejected += r.rejected;
        t.withdrawn += r.withdrawn;
        t.on_hold += r.on_hold;
        t.awaiting_approval += r.awaiting_approval;
        t.overdue += r.overdue;
        t.resolved += r.resolved;
        t.resolved_on_time += r.resolved_on_time;
        t.revisited += r.revisited;
        t.satisfied += r.satisfied;
        t.reopened += r.reopened;
    }
    if (sums.hours_count > 0)
        t.avg_resolve_hours = sums.hours / static_cast<double>(sums.hours_count);
    if (sums.scores_count > 0) t.avg_score = sums.scores / static_cast<double>(sums.scores_count);
    return t;
}

}  // namespace

std::vector<SummaryRow> Reports::summary(const SummaryQuery& q) const {
    return guarded(m_connection, [&] { return run_summary(m_connection.session(), q, q.by); });
}

SummaryRow Reports::summary_total(const SummaryQuery& q) const {
    return guarded(m_connection, [&] {
        auto rows = run_summary(m_connection.session(), q, GroupBy::none);
        return rows.empty() ? SummaryRow{} : rows.front();
    });
}

SummaryReport Reports::summary_with_total(const SummaryQuery& q) const {
    return guarded(m_connection, [&] {
        SummaryReport report;
        if (q.by == GroupBy::none) {
            auto rows = run_summary(m_connection.session(), q, GroupBy::none);
            if (!rows.empty()) report.total = std::move(rows.front());
            return report;
        }
        SummarySums sums;
        report.rows = run_summary(m_connection.session(), q, q.by, &sums);
        report.total = total_of(report.rows, sums);
        return report;
    });
}

namespace {

// One SELECT per service milestone over the complaints received in range,
// joined by UNION ALL, each giving the group, the milestone's index in
// k_limited_milestones as `m`, and the columns `each(milestone)` makes.
template <typename Each>
std::string per_milestone(const MilestoneReportQuery& q, Each each) {
    std::string sql;
    for (std::size_t i = 0; i < domain::k_limited_milestones.size(); ++i) {
        if (!sql.empty()) sql += " UNION ALL ";
        sql += fmt::format("SELECT {} AS grp, {} AS m, {} FROM complaint WHERE {}",
                           group_expression(q.by), i, each(domain::k_limited_milestones[i]),
                           received_where(q.from, q.to));
    }
    return sql;
}

std::string column(Milestone m, std::string_view what) {
    return fmt::format("{}_{}", domain::to_string(m), what);
}

// The key of a row: its group and the index of its milestone.
using MilestoneKey = std::pair<std::optional<std::string>, std::int64_t>;

// The clock hours to meet each tracked, met milestone whose clock start is
// known, ascending per group and milestone.
std::map<MilestoneKey, std::vector<double>> hours_to_meet(sql::Session& db,
                                                          const MilestoneReportQuery& q) {
    const std::string sql = fmt::format(
        "SELECT grp, m, hours FROM ({}) AS milestones WHERE hours IS NOT NULL "
        "ORDER BY grp, m, hours",
        per_milestone(q, [](Milestone m) {
            return fmt::format(
                "CASE WHEN {tracked} AND {met} IS NOT NULL AND {start} IS NOT NULL "
                "THEN (unixepoch({met}) - unixepoch({start})) / 3600.0 END AS hours",
                fmt::arg("tracked", tracked_sql(m)), fmt::arg("met", column(m, "met_at")),
                fmt::arg("start", column(m, "started_at")));
        }));
    const auto s = db.prepare(sql);
    bind_received(*s, q.from, q.to);
    std::map<MilestoneKey, std::vector<double>> hours;
    while (s->step())
        hours[{text_or_null(s->column(0)), s->column(1).int64()}].push_back(s->column(2).real());
    return hours;
}

std::vector<MilestoneReportRow> run_milestones(sql::Session& db, const MilestoneReportQuery& q) {
    const std::string sql = fmt::format(
        "SELECT grp, m, count(CASE WHEN started THEN 1 END), count(CASE WHEN met THEN 1 END), "
        "count(CASE WHEN on_time THEN 1 END), count(CASE WHEN late THEN 1 END), "
        "count(CASE WHEN overdue THEN 1 END) FROM ({}) AS milestones GROUP BY grp, m {}",
        per_milestone(q,
                      [](Milestone m) {
                          return fmt::format(
                              "{tracked} AS started, {tracked} AND {met} IS NOT NULL AS met, "
                              "{tracked} AND ({on_time}) = 1 AS on_time, "
                              "{tracked} AND ({on_time}) = 0 AS late, ({overdue}) AS overdue",
                              fmt::arg("tracked", tracked_sql(m)),
                              fmt::arg("met", column(m, "met_at")),
                              fmt::arg("on_time", on_time_sql(m)),
                              fmt::arg("overdue", overdue_sql(m, ":now")));
                      }),
        group_order(q.by, "m", true));
    const auto s = db.prepare(sql);
    s->bind(":now", domain::format_utc(q.now));
    bind_received(*s, q.from, q.to);
    const auto hours = hours_to_meet(db, q);
    const auto count = [&](int i) { return static_cast<long long>(s->column(i).real()); };
    std::vector<MilestoneReportRow> rows;
    while (s->step()) {
        MilestoneReportRow r;
        r.group = text_or_null(s->column(0));
        const std::int64_t m = s->column(1).int64();
        r.milestone = domain::k_limited_milestones.at(static_cast<std::size_t>(m));
        r.started = count(2);
        r.met = count(3);
        r.met_on_time = count(4);
        r.met_late = count(5);
        r.overdue = count(6);
        if (const auto it = hours.find({r.group, m}); it != hours.end()) {
            r.median_hours = domain::nearest_rank(it->second, 50);
            r.p90_hours = domain::nearest_rank(it->second, 90);
        }
        rows.push_back(std::move(r));
    }
    // Without groups, every milestone has its row, also when nothing was received.
    if (q.by == GroupBy::none && rows.size() < domain::k_limited_milestones.size()) {
        std::vector<MilestoneReportRow> all;
        for (const Milestone m : domain::k_limited_milestones) {
            const auto it = std::find_if(rows.begin(), rows.end(),
                                         [&](const auto& r) { return r.milestone == m; });
            MilestoneReportRow zero;
            zero.milestone = m;
            all.push_back(it != rows.end() ? *it : zero);
        }
        return all;
    }
    return rows;
}

}  // namespace

std::vector<MilestoneReportRow> Reports::milestones(const MilestoneReportQuery& q) const {
    return guarded(m_connection, [&] { return run_milestones(m_connection.session(), q); });
}

std::string Reports::trend_sql(std::size_t categories, sql::Engine engine) {
    // `column IN (:c0, :c1, …)` when `categories` are given.
    const auto in_categories = [&](std::string_view column) {
        std::string filter;
        for (std::size_t i = 0; i < categories; ++i)
            filter += fmt::format("{}:c{}{}", i ? ", " : fmt::format(" AND {} IN (", column), i,
                                  i + 1 == categories ? ")" : "");
        return filter;
    };
    // Each count is answered from one index that covers what it reads:
    // complaint_received (with categories complaint_duplicate_candidates,
    // on (category, received_at)), complaint_resolved and complaint_closed
    // (version 7), whose last column is the category. `+category` keeps
    // SQLite from preferring complaint_duplicate_candidates for the category
    // alone there: without statistics it takes an equality for more
    // selective than a range of times, and would read every complaint of the
    // category from the table. (PostgreSQL, which has no unary + for text,
    // weighs the indexes by its statistics.)
    const char* unindexed = engine == sql::Engine::sqlite ? "+category" : "category";
    const auto count_in = [&](const char* column, const std::string& extra,
                              std::string_view category) {
        return fmt::format(
            "(SELECT count(*) FROM complaint WHERE {0} >= :start AND {0} < :end{1}{2})", column,
            extra, in_categories(category));
    };
    return fmt::format("SELECT {}, {}, {}, {}", count_in("received_at", "", "category"),
                       count_in("resolution_at", fmt::format(" AND {}", resolved_sql()), unindexed),
                       count_in("closed_at", "", unindexed),
                       count_in("resolution_at",
                                fmt::format(" AND {} AND ({}) = 1", resolved_sql(),
                                            on_time_sql(Milestone::resolve)),
                                unindexed));
}

std::vector<TrendRow> Reports::trend(const std::vector<std::pair<Instant, Instant>>& periods,
                                     const std::vector<std::string>& categories) const {
    return guarded(m_connection, [&] {
        const auto s = m_connection.session().prepare(
            trend_sql(categories.size(), m_connection.session().engine()));
        for (std::size_t i = 0; i < categories.size(); ++i)
            s->bind(fmt::format(":c{}", i), categories[i]);
        std::vector<TrendRow> rows;
        for (const auto& [start, end] : periods) {
            s->reset();
            s->bind(":start", domain::format_utc(start));
            s->bind(":end", domain::format_utc(end));
            s->step();
            rows.push_back({s->column(0).int64(), s->column(1).int64(), s->column(2).int64(),
                            s->column(3).int64()});
        }
        return rows;
    });
}

std::vector<PaidRow> Reports::paid(Instant from, Instant to) const {
    return guarded(m_connection, [&] {
        const auto s = m_connection.session().prepare(fmt::format(
            "SELECT coalesce(resolution_currency, ''), sum(resolution_amount), count(*) "
            "FROM complaint WHERE resolution_at >= :start AND resolution_at < :end AND {} "
            "AND resolution_amount IS NOT NULL "
            "GROUP BY coalesce(resolution_currency, '') ORDER BY 1",
            resolved_sql()));
        s->bind(":start", domain::format_utc(from));
        s->bind(":end", domain::format_utc(to));
        std::vector<PaidRow> rows;
        while (s->step())
            rows.push_back({s->column(0).text(), s->column(1).int64(), s->column(2).int64()});
        return rows;
    });
}

ChainHead Reports::chain_head() const {
    return guarded(m_connection, [&] { return read_chain_head(m_connection); });
}

}  // namespace complaints::storage
