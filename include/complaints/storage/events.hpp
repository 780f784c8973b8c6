#pragma once

#include <complaints/domain/complaint.hpp>
#include <complaints/domain/event.hpp>
#include <complaints/domain/reminder.hpp>

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace complaints::storage {

// The open database connection (src/storage/connection.hpp).
struct Connection;

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

private:
    Connection& m_connection;
};

}  // namespace complaints::storage
