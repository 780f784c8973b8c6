#pragma once

#include <complaints/domain/complaint.hpp>
#include <complaints/domain/event.hpp>
#include <complaints/domain/time.hpp>

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace complaints::storage {

// The open database connection (src/storage/connection.hpp).
struct Connection;

struct ListQuery {
    std::vector<domain::Status> statuses;  // any of them; empty: all
    bool open_only = false;
    std::optional<domain::Instant> overdue_at;  // only complaints overdue at this instant
    std::optional<std::string> category, severity, assignee, department, site;
    std::optional<domain::Instant> from, to;  // received in [from, to)
    bool duplicates_only = false;             // only complaints linked as possible duplicates
    std::optional<long long> limit;
};

// What `list` shows of a complaint in text and CSV, read without the other
// columns. The next deadline is computed by SQLite with the rule of
// domain::Complaint::next_deadline (rules.cpp, next_deadline_sql; the two
// are compared in tests/unit/database.cpp).
struct ListRow {
    std::string id;
    domain::Instant received_at{};
    domain::Status status = domain::Status::registered;
    std::string category, severity;
    std::optional<std::string> assignee;
    std::optional<domain::Instant> next_deadline;
    std::string summary;
};

// The complaints table: one row per complaint, its current state. Every
// column is read and bound through one field list (columns.cpp).
class ComplaintStore {
public:
    explicit ComplaintStore(Connection& connection) : m_connection(connection) {}

    // The complaint with number `id`, in any letter case.
    [[nodiscard]] std::optional<domain::Complaint> find(std::string_view id) const;
    // The number of the complaint registered with `ref`.
    [[nodiscard]] std::optional<std::string> find_ref(std::string_view ref) const;
    // Stores a new complaint with the next free serial after `prefix`
    // (`YYYYMMDD-CODE`), sets its `row_id` and `id`, and records `event`.
    void insert(domain::Complaint& complaint, const std::string& prefix,
                const domain::Event& event) const;
    // Stores the changed `complaint` and records `event`.
    void update(const domain::Complaint& complaint, const domain::Event& event) const {
        update(complaint, std::span<const domain::Event>(&event, 1));
    }
    // The same with several events (a step and what it triggered), in order.
    void update(const domain::Complaint& complaint, std::span<const domain::Event> events) const;
    // Stores a complaint recreated from another database's export (`import`,
    // SPEC §13) under its own number `complaint.id`, with `events` (its whole
    // history, then the import event) in order and the evidence its attach
    // events name, without content (an export carries none). Sets `row_id`.
    // A number already in use, or a `ref` another complaint has, throws
    // `Error` (data).
    void insert_imported(domain::Complaint& complaint, std::span<const domain::Event> events) const;
    // Oldest first.
    [[nodiscard]] std::vector<domain::Complaint> list(const ListQuery& query) const;
    // The same, each complaint handed to `visit` as it is read: memory does
    // not grow with the number of rows (`list`, `export`).
    void each(const ListQuery& query,
              const std::function<void(const domain::Complaint&)>& visit) const;
    // The same complaints, only what `list` shows of each: a tenth of the
    // columns, two times parsed instead of a dozen.
    void each_row(const ListQuery& query, const std::function<void(const ListRow&)>& visit) const;
    // The SELECT `each` runs (its plan is checked in tests/unit/database.cpp):
    // `--overdue` reads the partial indexes of the deadlines not met, never
    // every complaint. `each_row` runs it with other columns.
    [[nodiscard]] static std::string list_sql(const ListQuery& query);
    // The open complaints of `c`'s category received in [`from`, `to`] whose
    // normalised contact or order (domain::normalise_contact, _order) is
    // `c`'s, oldest first, with only what `domain::find_duplicate` compares
    // filled in (number, status, category, received, contact, order): a search
    // of the indexes complaint_contact_key and complaint_order_key, whose cost
    // does not grow with the database (schema version 8).
    [[nodiscard]] std::vector<domain::Complaint> duplicate_candidates(const domain::Complaint& c,
                                                                      domain::Instant from,
                                                                      domain::Instant to) const;
    // The SELECT of `duplicate_candidates` (its plan is checked in a test).
    [[nodiscard]] static const std::string& duplicate_candidates_sql();

private:
    Connection& m_connection;
};

}  // namespace complaints::storage
