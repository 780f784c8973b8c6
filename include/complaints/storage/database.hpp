#pragma once

#include <complaints/domain/complaint.hpp>
#include <complaints/domain/time.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace complaints::storage {

// The schema version this build writes (`PRAGMA user_version`).
inline constexpr int k_schema_version = 2;

enum class Access { read, write };

struct ListQuery {
    std::vector<domain::Status> statuses;  // any of them; empty: all
    bool open_only = false;
    std::optional<domain::Instant> overdue_at;  // only complaints overdue at this instant
    std::optional<std::string> category, severity, assignee, department;
    std::optional<domain::Instant> from, to;  // received in [from, to)
    std::optional<long long> limit;
};

struct OverdueQuery {
    domain::Instant before{};  // deadlines strictly before this
    std::optional<std::string> assignee, department;
};

// An unmet milestone whose deadline is before the query's limit.
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

// The counts of `report summary` for one group (SPEC §5), computed in SQL.
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

// A value of a query's result: NULL, integer, real or text.
using Value = std::variant<std::monostate, std::int64_t, double, std::string>;

struct QueryResult {
    std::vector<std::string> columns;
    std::vector<std::vector<Value>> rows;
};

// The database: schema, migrations, transactions and queries. The only code
// that talks to SQLite. Failures throw `Error` with the exit code of SPEC §6
// (73 cannot create, 74 I/O, corrupt or newer, 75 locked).
class Database {
public:
    // Opens the database at `path`. With Access::write a missing file is
    // created (see `created()`); with Access::read a missing file throws
    // `Error` (ExitCode::no_input). Older schemas are migrated forward.
    Database(const std::string& path, Access access);
    ~Database();
    Database(Database&&) noexcept;
    Database& operator=(Database&&) noexcept;

    // True when this open created the file.
    [[nodiscard]] bool created() const;

    // Runs `work` in one IMMEDIATE transaction: all of it is committed, or,
    // when it throws, none of it.
    void write(const std::function<void()>& work);

    // The complaint with number `id`, in any letter case.
    [[nodiscard]] std::optional<domain::Complaint> find(std::string_view id) const;
    // The number of the complaint registered with `ref`.
    [[nodiscard]] std::optional<std::string> find_ref(std::string_view ref) const;
    // Stores a new complaint with the next free serial after `prefix`
    // (`YYYYMMDD-CODE`), sets its `row_id` and `id`, and records `event`.
    void insert(domain::Complaint& complaint, const std::string& prefix,
                const domain::Event& event);
    // Stores the changed `complaint` and records `event`.
    void update(const domain::Complaint& complaint, const domain::Event& event);

    // Records `event` for the complaint `row_id` without changing it (reminders).
    void append_event(std::int64_t row_id, const domain::Event& event);
    // When milestone `m` of complaint `row_id`, due at `due`, was last reminded.
    [[nodiscard]] std::optional<domain::Instant> last_reminder(std::int64_t row_id,
                                                               domain::Milestone m,
                                                               domain::Instant due) const;

    [[nodiscard]] std::vector<domain::Event> events(std::int64_t row_id) const;
    // The events of each of `complaints`, in the same order, in few queries.
    [[nodiscard]] std::vector<std::vector<domain::Event>> events_of(
        const std::vector<domain::Complaint>& complaints) const;
    [[nodiscard]] std::vector<domain::Complaint> list(const ListQuery& query) const;
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

    // Runs one read-only SQL statement on a separate read-only connection,
    // binding each `:NAME` of `params`. A syntax error, more than one
    // statement, or one that would write, attach or change a setting throws
    // `Error` (data, 65); a parameter without a value or a value without a
    // parameter throws `Error` (usage, 64).
    [[nodiscard]] QueryResult query(
        const std::string& sql,
        const std::vector<std::pair<std::string, std::string>>& params) const;

    struct Impl;

private:
    std::unique_ptr<Impl> m_impl;
};

}  // namespace complaints::storage
