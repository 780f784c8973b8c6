#pragma once

#include <complaints/domain/complaint.hpp>
#include <complaints/domain/event.hpp>
#include <complaints/domain/reminder.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace complaints::storage {

// The open database connection (src/storage/connection.hpp).
struct Connection;

// A reminder a `remind` run is about to hand over (SPEC §12): a milestone of
// complaint `row_id` with its deadline `due`, or, with `approval`, the
// complaint's proposal waiting for approval, `due` the time it was proposed.
struct ReminderKey {
    std::int64_t row_id = 0;
    domain::Milestone milestone = domain::Milestone::resolve;
    domain::Instant due{};
    bool approval = false;
};

// The append-only event log: each event typed on the way in and out
// (domain::details_json / parse_details); an unknown stored type or shape is
// exit 74.
class EventLog {
public:
    explicit EventLog(Connection& connection) : m_connection(connection) {}

    // Records `event` for the complaint `row_id` without changing the
    // complaint (reminders).
    void append(std::int64_t row_id, const domain::Event& event) const;
    // The events of complaint `row_id`, oldest first.
    [[nodiscard]] std::vector<domain::Event> of(std::int64_t row_id) const;
    // The events of each of `complaints`, in the same order, in few queries.
    [[nodiscard]] std::vector<std::vector<domain::Event>> of_each(
        const std::vector<domain::Complaint>& complaints) const;
    // For each of `items`, when its milestone with the same deadline was last
    // reminded, in one query (reminders.cpp).
    [[nodiscard]] std::vector<std::optional<domain::Instant>> last_reminded(
        const std::vector<domain::ReminderItem>& items) const;
    // For each of `approvals`, when its proposal (the same complaint and time
    // proposed) was last reminded of to a department head (SPEC §11).
    [[nodiscard]] std::vector<std::optional<domain::Instant>> last_reminded(
        const std::vector<domain::ApprovalItem>& approvals) const;

    // Claims each of `keys` for the run `owner` at `now` (SPEC §12), unless
    // another run holds it with a claim made at or after `stale_before`; an
    // older claim (a run that crashed or hung) is taken over. Returns, for
    // each key, whether `owner` now holds it. Run it inside Database::write,
    // in the transaction that found the keys not yet reminded, so that no
    // two runs can both claim and send one reminder (reminders.cpp).
    [[nodiscard]] std::vector<bool> claim_reminders(const std::vector<ReminderKey>& keys,
                                                    domain::Instant now,
                                                    domain::Instant stale_before,
                                                    const std::string& owner) const;
    // Releases every claim the run `owner` holds.
    void release_claims(const std::string& owner) const;

private:
    Connection& m_connection;
};

}  // namespace complaints::storage
