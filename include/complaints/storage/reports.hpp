#pragma once

#include <complaints/domain/milestone.hpp>
#include <complaints/domain/names.hpp>
#include <complaints/domain/time.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace complaints::storage {

// The open database connection (src/storage/connection.hpp).
struct Connection;

// Whether a deadline equal to the limit of an `OverdueQuery` is in: overdue
// now is "due before now"; a window (`--within`) is "due at or before".
enum class Bound { exclusive, inclusive };

struct OverdueQuery {
    domain::Instant before{};  // the limit: deadlines before it, or at it too (`bound`)
    std::optional<std::string> assignee, department;
    Bound bound = Bound::exclusive;
};

// An unmet milestone whose deadline is within the query's limit.
struct OverdueRow {
    std::int64_t row_id = 0;
    std::string id;
    domain::Milestone milestone = domain::Milestone::assign;
    domain::Instant due{};
    std::optional<std::string> assignee, department;
    std::string severity, summary, category;
};

enum class GroupBy { none, category, channel, severity, kind, department, assignee, month };

struct SummaryQuery {
    std::optional<domain::Instant> from, to;
    GroupBy by = GroupBy::none;
    domain::Instant now{};
};

// The counts of `report summary` for one group (SPEC §5), computed in SQL
// from the rules of domain (rules.cpp).
struct SummaryRow {
    std::optional<std::string> group;  // null: no value (e.g. unassigned)
    long long received = 0, open = 0, closed = 0, overdue = 0, resolved = 0, resolved_on_time = 0,
              revisited = 0, satisfied = 0, reopened = 0;
    std::optional<double> avg_resolve_hours, avg_score;
};

// The counts of `report trend` for one period.
struct TrendRow {
    long long received = 0, resolved = 0, closed = 0, resolved_on_time = 0;
};

// The aggregates behind `report` and `remind`, answered from indexes.
class Reports {
public:
    explicit Reports(Connection& connection) : m_connection(connection) {}

    // Most overdue first; answered from the open-deadline indexes.
    [[nodiscard]] std::vector<OverdueRow> overdue(const OverdueQuery& query) const;
    // One row per group, ordered by group, and no total row when `by` is set.
    [[nodiscard]] std::vector<SummaryRow> summary(const SummaryQuery& query) const;
    // The total over all groups.
    [[nodiscard]] SummaryRow summary_total(const SummaryQuery& query) const;
    // For each [start, end) of `periods`: complaints received, resolved (the
    // latest resolution, resolve milestone met), closed, and resolved on time
    // in it; only `categories` when not empty. Answered from indexes.
    [[nodiscard]] std::vector<TrendRow> trend(
        const std::vector<std::pair<domain::Instant, domain::Instant>>& periods,
        const std::vector<std::string>& categories) const;
    // The SQL that `overdue` runs (for the test that checks its query plan).
    [[nodiscard]] static std::string overdue_sql(const OverdueQuery& query);

private:
    Connection& m_connection;
};

}  // namespace complaints::storage

namespace complaints::domain {
template <>
struct EnumNames<storage::GroupBy> {
    static constexpr std::array<std::string_view, 8> k_names{
        "none", "category", "channel", "severity", "kind", "department", "assignee", "month"};
};
}  // namespace complaints::domain
