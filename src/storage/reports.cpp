#include "connection.hpp"
#include "rules.hpp"

#include <complaints/storage/reports.hpp>

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
    return guarded(m_connection, [&] {
        SQLite::Statement s(m_connection.db, overdue_sql(q));
        s.bind(":before", domain::format_utc(q.before));
        if (q.assignee) s.bind(":assignee", *q.assignee);
        if (q.department) s.bind(":department", *q.department);
        std::vector<OverdueRow> rows;
        while (s.executeStep()) {
            OverdueRow r;
            r.id = s.getColumn(0).getString();
            r.milestone = stored_name<Milestone>(s.getColumn(1), "milestone");
            r.due = instant(s.getColumn(2));
            r.assignee = text_or_null(s.getColumn(3));
            r.department = text_or_null(s.getColumn(4));
            r.severity = s.getColumn(5).getString();
            r.summary = s.getColumn(6).getString();
            r.category = s.getColumn(7).getString();
            r.row_id = s.getColumn(8).getInt64();
            rows.push_back(std::move(r));
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
            return std::string(domain::name_of(by));  // the column of the same name
        // `day` is the local date received (as in the number): months in the policy zone.
        case GroupBy::month:
            return "substr(day, 1, 4) || '-' || substr(day, 5, 2)";
    }
    return "NULL";
}

std::vector<SummaryRow> run_summary(SQLite::Database& db, const SummaryQuery& q, GroupBy by) {
    std::string where = "1";
    if (q.from) where += " AND received_at >= :from";
    if (q.to) where += " AND received_at < :to";
    const std::string resolved_on_time = fmt::format("({}) = 1", on_time_sql(Milestone::resolve));
    const std::string sql = fmt::format(
        "SELECT {group} AS grp, count(*), "
        "total({open}), total({closed}), "
        "total({open} AND ({overdue})), "
        "total(resolve_met_at IS NOT NULL), "
        "total({on_time}), "
        "avg(CASE WHEN resolve_met_at IS NOT NULL "
        "    THEN (unixepoch(resolution_at) - unixepoch(received_at)) / 3600.0 END), "
        "total(last_revisit_result IS NOT NULL), total(last_revisit_result = 'satisfied'), "
        "avg(last_revisit_score), total(reopen_count > 0) "
        "FROM complaint WHERE {where} {order}",
        fmt::arg("group", group_expression(by)), fmt::arg("open", open_sql()),
        fmt::arg("closed", final_sql()), fmt::arg("overdue", any_overdue_sql(":now")),
        fmt::arg("on_time", resolved_on_time), fmt::arg("where", where),
        fmt::arg("order", by == GroupBy::none ? "" : "GROUP BY grp ORDER BY grp IS NULL, grp"));
    SQLite::Statement s(db, sql);
    s.bind(":now", domain::format_utc(q.now));
    if (q.from) s.bind(":from", domain::format_utc(*q.from));
    if (q.to) s.bind(":to", domain::format_utc(*q.to));
    std::vector<SummaryRow> rows;
    const auto count = [&](int i) { return static_cast<long long>(s.getColumn(i).getDouble()); };
    const auto average = [&](int i) -> std::optional<double> {
        if (s.getColumn(i).isNull()) return std::nullopt;
        return s.getColumn(i).getDouble();
    };
    while (s.executeStep()) {
        SummaryRow r;
        r.group = text_or_null(s.getColumn(0));
        r.received = s.getColumn(1).getInt64();
        r.open = count(2);
        r.closed = count(3);
        r.overdue = count(4);
        r.resolved = count(5);
        r.resolved_on_time = count(6);
        r.avg_resolve_hours = average(7);
        r.revisited = count(8);
        r.satisfied = count(9);
        r.avg_score = average(10);
        r.reopened = count(11);
        rows.push_back(std::move(r));
    }
    return rows;
}

}  // namespace

std::vector<SummaryRow> Reports::summary(const SummaryQuery& q) const {
    return guarded(m_connection, [&] { return run_summary(m_connection.db, q, q.by); });
}

SummaryRow Reports::summary_total(const SummaryQuery& q) const {
    return guarded(m_connection, [&] {
        auto rows = run_summary(m_connection.db, q, GroupBy::none);
        return rows.empty() ? SummaryRow{} : rows.front();
    });
}

std::vector<TrendRow> Reports::trend(const std::vector<std::pair<Instant, Instant>>& periods,
                                     const std::vector<std::string>& categories) const {
    return guarded(m_connection, [&] {
        std::string filter;
        for (std::size_t i = 0; i < categories.size(); ++i)
            filter += fmt::format("{}:c{}{}", i ? ", " : " AND category IN (", i,
                                  i + 1 == categories.size() ? ")" : "");
        const auto count_in = [&](const char* column, const std::string& extra) {
            return fmt::format(
                "(SELECT count(*) FROM complaint WHERE {0} >= :start AND {0} < :end{1}{2})", column,
                extra, filter);
        };
        SQLite::Statement s(
            m_connection.db,
            fmt::format("SELECT {}, {}, {}, {}", count_in("received_at", ""),
                        count_in("resolution_at", " AND resolve_met_at IS NOT NULL"),
                        count_in("closed_at", ""),
                        count_in("resolution_at",
                                 fmt::format(" AND ({}) = 1", on_time_sql(Milestone::resolve)))));
        for (std::size_t i = 0; i < categories.size(); ++i)
            s.bind(fmt::format(":c{}", i), categories[i]);
        std::vector<TrendRow> rows;
        for (const auto& [start, end] : periods) {
            s.reset();
            s.bind(":start", domain::format_utc(start));
            s.bind(":end", domain::format_utc(end));
            s.executeStep();
            rows.push_back({s.getColumn(0).getInt64(), s.getColumn(1).getInt64(),
                            s.getColumn(2).getInt64(), s.getColumn(3).getInt64()});
        }
        return rows;
    });
}

}  // namespace complaints::storage
