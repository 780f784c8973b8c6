#pragma once

#include <complaints/domain/hold.hpp>
#include <complaints/domain/milestone.hpp>
#include <complaints/domain/money.hpp>
#include <complaints/domain/names.hpp>
#include <complaints/domain/time.hpp>
#include <complaints/domain/translate.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace complaints::domain {

// registered → assigned → investigating → resolved → closed (SPEC §4), and
// on_hold (paused), rejected, withdrawn (SPEC §10), awaiting_approval (a
// proposed resolution waiting for a second person, SPEC §11); the steps
// between them are the transition table of lifecycle.hpp.
enum class Status {
    registered,
    assigned,
    investigating,
    awaiting_approval,
    resolved,
    closed,
    on_hold,
    rejected,
    withdrawn
};
template <>
struct EnumNames<Status> {
    static constexpr std::array<std::string_view, 9> k_names{
        // TRANSLATORS: the statuses of a complaint, shown in tables and in `show`
        // (registered 已登记, on_hold 已暂停, rejected 不予受理, ...).
        N_("registered"),        N_("assigned"), N_("investigating"),
        N_("awaiting_approval"), N_("resolved"), N_("closed"),
        N_("on_hold"),           N_("rejected"), N_("withdrawn")};
};
inline constexpr auto k_statuses = all_values<Status>();
constexpr std::string_view to_string(Status status) {
    return name_of(status);
}
constexpr std::optional<Status> status_from_string(std::string_view text) {
    return parse_name<Status>(text);
}

// The statuses a complaint ends in: no step of the transition table leaves
// them, and a complaint in one is not "open" (`list --open`, the summary's
// open count and its overdue count). The SQL of storage is generated from
// this list.
inline constexpr std::array<Status, 3> k_final_statuses{Status::closed, Status::rejected,
                                                        Status::withdrawn};
constexpr bool is_final(Status status) {
    for (const Status s : k_final_statuses)
        if (s == status) return true;
    return false;
}

// The final statuses that end a complaint without a resolution: a complaint
// in one is never counted as resolved, nor in satisfaction figures, even when
// it had been resolved before it was withdrawn (SPEC §10 "Reports"). The SQL
// of storage is generated from this list.
inline constexpr std::array<Status, 2> k_unresolved_statuses{Status::rejected, Status::withdrawn};
constexpr bool ends_unresolved(Status status) {
    for (const Status s : k_unresolved_statuses)
        if (s == status) return true;
    return false;
}

// The built-in outcomes; a policy's `[outcome.NAME]` table replaces them, so
// a stored outcome is a name (text), checked against the policy.
enum class Outcome { refund, exchange, repair, compensation, apology, explanation, none };
template <>
struct EnumNames<Outcome> {
    static constexpr std::array<std::string_view, 7> k_names{
        "refund", "exchange", "repair", "compensation", "apology", "explanation", "none"};
};
inline constexpr auto k_outcomes = all_values<Outcome>();
constexpr std::string_view to_string(Outcome outcome) {
    return name_of(outcome);
}
constexpr std::optional<Outcome> outcome_from_string(std::string_view text) {
    return parse_name<Outcome>(text);
}

enum class RevisitResult { satisfied, unsatisfied, unreachable };
template <>
struct EnumNames<RevisitResult> {
    static constexpr std::array<std::string_view, 3> k_names{
        // TRANSLATORS: the result of a revisit (a call back to the customer), shown
        // in `show`.
        N_("satisfied"), N_("unsatisfied"), N_("unreachable")};
};
constexpr std::string_view to_string(RevisitResult result) {
    return name_of(result);
}
constexpr std::optional<RevisitResult> revisit_result_from_string(std::string_view text) {
    return parse_name<RevisitResult>(text);
}

// The grounds for not accepting a complaint (SPEC §10 reject: the 12315
// rules, and "one matter, one record").
enum class RejectReason {
    out_of_scope,
    handled_elsewhere,
    not_consumer,
    time_barred,
    incomplete,
    duplicate,
    other
};
template <>
struct EnumNames<RejectReason> {
    static constexpr std::array<std::string_view, 7> k_names{
        // TRANSLATORS: why a complaint is rejected (not accepted), shown in `show`.
        N_("out_of_scope"), N_("handled_elsewhere"), N_("not_consumer"), N_("time_barred"),
        N_("incomplete"),   N_("duplicate"),         N_("other")};
};

// Why a complaint cannot progress (未了事宜).
enum class HoldReason { waiting_customer, waiting_third_party, waiting_parts, other };
template <>
struct EnumNames<HoldReason> {
    static constexpr std::array<std::string_view, 4> k_names{
        // TRANSLATORS: why a complaint is on hold, shown in `show`.
        N_("waiting_customer"), N_("waiting_third_party"), N_("waiting_parts"), N_("other")};
};

// Who started a contact: the customer (`in`) or the organisation (`out`).
enum class Direction { in, out };
template <>
struct EnumNames<Direction> {
    static constexpr std::array<std::string_view, 2> k_names{"in", "out"};
};

// How many unreachable revisits in a row close a resolved complaint.
inline constexpr int k_unreachable_closes_after = 3;

struct Customer {
    std::string name;
    std::optional<std::string> contact;
    std::optional<std::string> organization;
    std::optional<std::string> order;
};

// The latest handling plan; replaced when a reopened complaint is resolved
// again. Also the shape of a proposed resolution waiting for approval.
struct Resolution {
    std::string plan;
    std::string outcome = "none";  // a name of the policy's outcome table
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
    // While awaiting approval: the proposed resolution (`at`, `by`: when and
    // by whom it was proposed). Cleared by `approve` (it becomes the
    // resolution) and by `decline`.
    std::optional<Resolution> proposal;
    // Who approved the current resolution and when (SPEC §11); absent when it
    // needed no approval.
    std::optional<std::string> approved_by;
    std::optional<Instant> approved_at;
    // When `anonymize` erased the customer's personal data (SPEC §12).
    std::optional<Instant> anonymized_at;
    std::optional<Instant> closed_at;
    // The last revisit that reached the customer (satisfied or unsatisfied).
    std::optional<RevisitResult> last_revisit_result;
    // The score of the last revisit that had one.
    std::optional<int> last_revisit_score;
    std::optional<std::string> site;
    // From the latest finding that has one.
    std::optional<std::string> cause;
    std::optional<bool> substantiated;
    // While on hold: the status it was held from and why; `milestone(hold)`
    // has the hold's start and review deadline.
    std::optional<Status> held_from;
    std::optional<HoldReason> hold_reason;
    std::int64_t held_seconds = 0;  // clock time held in all finished holds
    std::vector<HoldPeriod> holds;  // finished holds, in order
    std::optional<RejectReason> rejection_reason;
    std::optional<std::string> rejection_of;  // the complaint this duplicates
    std::optional<std::string> possible_duplicate_of;
    // The sum of the amounts of every resolution it has had (not only the
    // latest); absent when none had an amount.
    std::optional<Money> total_amount;
    std::array<MilestoneClock, k_count<Milestone>> milestones{};
    // When the latest recorded step happened: no step may be recorded before it.
    std::optional<Instant> last_event_at;

    [[nodiscard]] const MilestoneClock& milestone(Milestone m) const {
        return milestones[static_cast<std::size_t>(m)];
    }
    MilestoneClock& milestone(Milestone m) { return milestones[static_cast<std::size_t>(m)]; }
    [[nodiscard]] bool is_open() const { return !is_final(status); }
    // Resolved, as `report summary` counts it: the resolve milestone is met
    // now (a reopened complaint not resolved again is not) and the complaint
    // did not end unresolved (rejected or withdrawn).
    [[nodiscard]] bool is_resolved() const {
        return milestone(Milestone::resolve).met_at.has_value() && !ends_unresolved(status);
    }
    // The earliest deadline of a milestone not yet met, if any.
    [[nodiscard]] std::optional<Instant> next_deadline() const;
    // True when an unmet milestone's deadline is before `now` and the
    // milestone counts in the complaint's status: none when final; only
    // `hold` when on hold; all but `hold` otherwise.
    [[nodiscard]] bool is_overdue(Instant now) const;
    // The state of milestone `m` at `now`: as `MilestoneClock::state`, except
    // that an unmet, started milestone is `stopped` when the complaint is
    // final and `paused` (all but `hold`) while it is on hold.
    [[nodiscard]] MilestoneState state(Milestone m, Instant now) const;
    // Whether milestone `m` can be overdue for a complaint in `status`.
    [[nodiscard]] static bool counts(Milestone m, Status status);
};

}  // namespace complaints::domain
