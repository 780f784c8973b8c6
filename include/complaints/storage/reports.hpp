#pragma once

#include <complaints/domain/milestone.hpp>
#include <complaints/domain/names.hpp>
#include <complaints/domain/reminder.hpp>
#include <complaints/domain/time.hpp>
#include <complaints/storage/sql.hpp>

#include <cstdint>
#include <functional>
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

// The dimensions of `--by`: a column of the complaint of the same name, or
// the month received.
enum class GroupBy {
    none,
    category,
    channel,
    severity,
    kind,
    department,
    assignee,
    month,
    site,
    cause
};

struct SummaryQuery {
    std::optional<domain::Instant> from, to;
    GroupBy by = GroupBy::none;
    domain::Instant now{};
};

// The counts of `report summary` for one group (SPEC §5, §10), computed in
// SQL from the rules of domain (rules.cpp): `open` is not final, `closed`,
// `rejected`, `withdrawn`, `on_hold` and `awaiting_approval` are complaints
// in that status;
// `resolved` is `domain::Complaint::is_resolved`, and the satisfaction counts
// leave out complaints that ended unresolved (rejected, withdrawn).
struct SummaryRow {
    std::optional<std::string> group;  // null: no value (e.g. unassigned)
    long long received = 0, open = 0, closed = 0, rejected = 0, withdrawn = 0, on_hold = 0,
              awaiting_approval = 0, overdue = 0, resolved = 0, resolved_on_time = 0, revisited = 0,
              satisfied = 0, reopened = 0;
    std::optional<double> avg_resolve_hours, avg_score;
};

// The rows of `report summary` with their total, from one pass over the
// complaints: `rows` ordered as `Reports::summary` (empty without `by`).
struct SummaryReport {
    std::vector<SummaryRow> rows;
    SummaryRow total;
};

struct MilestoneReportQuery {
    std::optional<domain::Instant> from, to;
    GroupBy by = GroupBy::none;
    domain::Instant now{};
};

// The timeliness of one milestone (per group) in `report milestones` (SPEC
// §10), over complaints received in [from, to) for which the milestone is
// tracked (`started`: it has a deadline). `met` = `met_on_time` + `met_late`;
// `overdue`: unmet, due before now, and counting in the complaint's status
// (never when final or, but for `hold`, on hold). The hours are clock hours
// from the milestone's clock start to its being met, over the met ones whose
// start is known; percentiles by nearest rank (domain/percentile.hpp).
struct MilestoneReportRow {
    std::optional<std::string> group;  // null: no value (e.g. unassigned)
    domain::Milestone milestone = domain::Milestone::acknowledge;
    long long started = 0, met = 0, met_on_time = 0, met_late = 0, overdue = 0;
    std::optional<double> median_hours, p90_hours;
};

// The counts of `report trend` for one period.
struct TrendRow {
    long long received = 0, resolved = 0, closed = 0, resolved_on_time = 0;
};

// The money paid in one currency (`Reports::paid`): the sum of the amounts
// in minor units and how many resolutions carried an amount.
struct PaidRow {
    std::string currency;
    std::int64_t minor = 0;
    long long resolutions = 0;
};

// The head of the event chain (`Reports::chain_head`).
struct ChainHead {
    std::int64_t seq = 0;
    std::string hash;
};

// The aggregates behind `report` and `remind`, answered from indexes.
class Reports {
public:
    explicit Reports(Connection& connection) : m_connection(connection) {}

    // Most overdue first; answered from the open-deadline indexes.
    [[nodiscard]] std::vector<OverdueRow> overdue(const OverdueQuery& query) const;
    // The same rows handed to `visit` as SQLite reads them (memory does not
    // grow with their number: `report overdue`).
    void each_overdue(const OverdueQuery& query,
                      const std::function<void(const OverdueRow&)>& visit) const;
    // One row per group, ordered by group, and no total row when `by` is set.
    [[nodiscard]] std::vector<SummaryRow> summary(const SummaryQuery& query) const;
    // The total over all groups.
    [[nodiscard]] SummaryRow summary_total(const SummaryQuery& query) const;
    // The groups and their total in one pass: the total is summed from the
    // groups' counts, and its averages from the groups' sums and counts (as
    // SQLite's avg() divides its running sum), not read a second time.
    [[nodiscard]] SummaryReport summary_with_total(const SummaryQuery& query) const;
    // One row per group (ordered as `summary`) and service milestone
    // (domain::k_limited_milestones, in order): every group has all five.
    // `hold` has no row: it is the review of a long pause, not a service step.
    [[nodiscard]] std::vector<MilestoneReportRow> milestones(
        const MilestoneReportQuery& query) const;
    // For each [start, end) of `periods`: complaints received, resolved (the
    // latest resolution, as `summary` counts resolved), closed, and resolved on time
    // in it; only `categories` when not empty. Answered from indexes.
    [[nodiscard]] std::vector<TrendRow> trend(
        const std::vector<std::pair<domain::Instant, domain::Instant>>& periods,
        const std::vector<std::string>& categories) const;
    // The complaints awaiting approval (SPEC §11) whose proposal was made at
    // or before `as_of`, oldest proposal first; answered from the partial
    // index complaint_awaiting_approval.
    [[nodiscard]] std::vector<domain::ApprovalItem> awaiting_approval(domain::Instant as_of) const;
    // The SQL that `awaiting_approval` runs (for the test of its query plan).
    [[nodiscard]] static std::string awaiting_approval_sql();
    // The SQL that `overdue` runs (for the test that checks its query plan).
    [[nodiscard]] static std::string overdue_sql(const OverdueQuery& query);
    // The SQL that `summary` runs grouped by `by` (for the tests of its query plan).
    [[nodiscard]] static std::string summary_sql(const SummaryQuery& query, GroupBy by);
    // The SQL that `trend` runs for each period, with `categories` parameters
    // :c0, :c1, … (for the tests of its query plan).
    [[nodiscard]] static std::string trend_sql(std::size_t categories,
                                               sql::Engine engine = sql::Engine::sqlite);

    // The resolution amounts of the complaints whose latest resolution (as
    // `trend` counts resolved) is in [`from`, `to`), summed per currency
    // (ordered by currency): what was paid in a month (`report monthly`).
    // Answered from complaint_resolved.
    [[nodiscard]] std::vector<PaidRow> paid(domain::Instant from, domain::Instant to) const;
    // The last event of the chain (SPEC §12): its seq and stored hash, the
    // head `verify` prints when the chain holds; seq 0 and the genesis hash
    // when there is no event. Read, not verified.
    [[nodiscard]] ChainHead chain_head() const;

private:
    Connection& m_connection;
};

}  // namespace complaints::storage

namespace complaints::domain {
template <>
struct EnumNames<storage::GroupBy> {
    static constexpr std::array<std::string_view, 10> k_names{
        "none",       "category", "channel", "severity", "kind",
        "department", "assignee", "month",   "site",     "cause"};
};
}  // namespace complaints::domain
