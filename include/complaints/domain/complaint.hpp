#pragma once

#include <complaints/domain/milestone.hpp>
#include <complaints/domain/money.hpp>
#include <complaints/domain/time.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace complaints::domain {

// registered → assigned → investigating → resolved → closed (SPEC §4).
enum class Status { registered, assigned, investigating, resolved, closed };
std::string_view to_string(Status status);
std::optional<Status> status_from_string(std::string_view text);
inline constexpr std::array<Status, 5> k_statuses{
    Status::registered, Status::assigned, Status::investigating, Status::resolved, Status::closed};

enum class Outcome { refund, exchange, repair, compensation, apology, explanation, none };
std::string_view to_string(Outcome outcome);
std::optional<Outcome> outcome_from_string(std::string_view text);
inline constexpr std::array<Outcome, 7> k_outcomes{
    Outcome::refund,  Outcome::exchange,    Outcome::repair, Outcome::compensation,
    Outcome::apology, Outcome::explanation, Outcome::none};

enum class RevisitResult { satisfied, unsatisfied, unreachable };
std::string_view to_string(RevisitResult result);
std::optional<RevisitResult> revisit_result_from_string(std::string_view text);

// How many unreachable revisits in a row close a resolved complaint.
inline constexpr int k_unreachable_closes_after = 3;

struct Customer {
    std::string name;
    std::optional<std::string> contact;
    std::optional<std::string> organization;
    std::optional<std::string> order;
};

// The latest handling plan; replaced when a reopened complaint is resolved again.
struct Resolution {
    std::string plan;
    Outcome outcome = Outcome::none;
    std::optional<Money> amount;
    std::string currency;
    std::optional<std::string> responsible;
    Instant at{};
    std::string by;
};

// The current state of one complaint, as stored in its row. Its history is
// the list of `Event`s recorded with each change.
struct Complaint {
    std::int64_t row_id = 0;  // storage key; 0 until stored
    std::string id;           // the number, e.g. 20261123-TEL-001
    Status status = Status::registered;
    std::string kind, channel, category, severity;
    Customer customer;
    std::string summary;
    std::optional<std::string> description, demand, ref;
    Instant received_at{};
    std::string registered_by;
    std::optional<std::string> assignee, department;
    int reopen_count = 0;
    int unreachable_count = 0;  // unreachable revisits since the last resolution
    std::optional<Resolution> resolution;
    std::optional<Instant> closed_at;
    // The last revisit that reached the customer (satisfied or unsatisfied).
    std::optional<RevisitResult> last_revisit_result;
    // The score of the last revisit that had one.
    std::optional<int> last_revisit_score;
    std::array<MilestoneClock, 4> milestones{};
    // When the latest recorded step happened: no step may be recorded before it.
    std::optional<Instant> last_event_at;

    [[nodiscard]] const MilestoneClock& milestone(Milestone m) const {
        return milestones[static_cast<std::size_t>(m)];
    }
    MilestoneClock& milestone(Milestone m) { return milestones[static_cast<std::size_t>(m)]; }
    [[nodiscard]] bool is_open() const { return status != Status::closed; }
    // The earliest deadline of a milestone not yet met, if any.
    [[nodiscard]] std::optional<Instant> next_deadline() const;
    // True when an unmet milestone's deadline is before `now`.
    [[nodiscard]] bool is_overdue(Instant now) const;
};

// One change to a complaint, as recorded (append-only). `details` is a JSON
// object with the command's inputs.
struct Event {
    std::int64_t seq = 0;   // 0 until stored
    std::string type;       // register, assign, investigate, resolve, revisit
    Instant at{};           // when it happened (`--at`)
    Instant recorded_at{};  // when it was recorded
    std::string actor;
    std::string details;  // JSON object text
};

}  // namespace complaints::domain
