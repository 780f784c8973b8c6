#pragma once

#include <complaints/domain/complaint.hpp>
#include <complaints/domain/event.hpp>
#include <complaints/domain/policy.hpp>

#include <optional>
#include <span>
#include <string>
#include <vector>

namespace complaints::domain {

// Who acts and when: `at` is when it really happened (`--at`), `recorded_at`
// the wall clock at recording.
struct Stamp {
    std::string actor;
    Instant at{};
    Instant recorded_at{};
};

struct Registration {
    std::optional<std::string> kind, severity;  // policy default when absent
    std::string channel, category;
    Customer customer;
    std::string summary;
    std::optional<std::string> description, demand, ref;
    std::optional<std::string> site;  // the policy's default site when absent
};

struct Assignment {
    std::string to;
    std::optional<std::string> department;  // the category's department when absent
    std::optional<std::string> note;
};

struct Finding {
    std::string text;
    std::optional<std::string> cause;
    std::optional<bool> substantiated;
    bool complete = false;
};

struct ResolutionRequest {
    std::string plan;
    std::string outcome;  // a name of the policy's outcome table
    std::optional<Money> amount;
    std::optional<std::string> responsible;
};

struct RevisitRequest {
    RevisitResult result = RevisitResult::satisfied;
    std::optional<int> score;  // 1..5
    std::optional<std::string> note;
};

struct ContactRequest {
    std::string note;
    std::optional<std::string> via;  // a channel; the complaint's when absent
    Direction direction = Direction::out;
};

struct RejectRequest {
    RejectReason reason = RejectReason::other;
    // duplicate: the number of the complaint it duplicates, as stored (the
    // command checks that it exists).
    std::optional<std::string> of;
    std::optional<std::string> note;
    std::optional<Instant> known_at;  // time_barred: when the customer knew of the harm
};

struct HoldRequest {
    HoldReason reason = HoldReason::other;
    std::optional<std::string> note;
};

// The fields `edit` may change; absent: unchanged. An empty `contact`,
// `org`, `order`, `description`, `demand` or `site` clears the field.
struct EditRequest {
    std::string reason;
    std::optional<std::string> kind, category, severity, site;
    std::optional<std::string> customer, contact, org, order;
    std::optional<std::string> summary, description, demand;
};

// The business rules of the complaint lifecycle (SPEC §3.2, §4). Each
// function checks that the step is allowed, changes `complaint` in memory and
// returns the event to record with it. A refused step throws `Error`
// (ExitCode::data, 65; an empty required text: ExitCode::usage, 64) and
// leaves `complaint` unchanged.

// A new complaint (no number yet: see `number_prefix`) with its assign and
// resolve deadlines started at `stamp.at`, the time received.
std::pair<Complaint, Event> register_complaint(const Registration& request, const Policy& policy,
                                               const Stamp& stamp);
// `YYYYMMDD-CODE`: the local date received and the channel's code; the
// storage appends the serial.
std::string number_prefix(const Complaint& complaint, const Policy& policy);
// `prefix-001`: serials have at least three digits.
std::string format_number(const std::string& prefix, long long serial);

Event assign(Complaint& complaint, const Assignment& request, const Policy& policy,
             const Stamp& stamp);
Event investigate(Complaint& complaint, const Finding& request, const Policy& policy,
                  const Stamp& stamp);
// A resolution that needs approval (approval.hpp: above the actor's limit, or
// a severity with `requires_approval`) is a proposal instead: the complaint
// awaits approval, investigate and acknowledge are met, resolve stays unmet,
// and the event says what it waits for. A proposal no approver may approve is
// refused (77).
Event resolve(Complaint& complaint, const ResolutionRequest& request, const Policy& policy,
              const Stamp& stamp);
// A revisit, and when it reopens the complaint for the
// `[escalation] reopen_threshold`-th time or later, the automatic escalation
// (an `edit` raising the severity) after it.
std::vector<Event> revisit(Complaint& complaint, const RevisitRequest& request,
                           const Policy& policy, const Stamp& stamp);

// SPEC §10. `contact` records a contact (the first meets acknowledge);
// `reject` and `withdraw` end the complaint; `hold` pauses its clocks and
// `resume` moves every started, unmet deadline later by the time held;
// `edit` corrects fields and recomputes deadlines after a change of kind,
// category or severity.
Event contact(Complaint& complaint, const ContactRequest& request, const Policy& policy,
              const Stamp& stamp);
Event reject(Complaint& complaint, const RejectRequest& request, const Policy& policy,
             const Stamp& stamp);
Event withdraw(Complaint& complaint, const std::optional<std::string>& note, const Policy& policy,
               const Stamp& stamp);
Event hold(Complaint& complaint, const HoldRequest& request, const Policy& policy,
           const Stamp& stamp);
Event resume(Complaint& complaint, const std::optional<std::string>& note, const Policy& policy,
             const Stamp& stamp);
Event edit(Complaint& complaint, const EditRequest& request, const Policy& policy,
           const Stamp& stamp);

// When a step has more than one next status, what decides it.
enum class When {
    always,
    satisfied,
    unsatisfied,
    unreachable,
    unreachable_last,
    closes_on_resolve,
    held_registered,
    held_assigned,
    held_investigating,
    held_resolved,
    needs_approval
};
template <>
struct EnumNames<When> {
    static constexpr std::array<std::string_view, 11> k_names{
        "",
        "customer satisfied",
        "customer unsatisfied (reopens)",
        "customer unreachable",
        "customer unreachable for the third time in a row",
        "the revisit is not tracked (close_on_resolve, or revisit = \"none\")",
        "held from registered",
        "held from assigned",
        "held from investigating",
        "held from resolved",
        "the amount is above the proposer's limit, or the severity requires approval"};
};

// One row of the transition table: `step` on a complaint in `from` leads to
// `to` (when `when` holds).
struct Transition {
    EventType step;
    Status from;
    Status to;
    When when = When::always;
};

// The transition table of SPEC §4: every step on an existing complaint, from
// every status that allows it, to the status it leads to. The checks, their
// error messages and the manual's table come from it; nothing else says which
// step may run in which status.
std::span<const Transition> transitions();

// May `step` run on a complaint in `status`?
bool is_allowed(EventType step, Status status);
// The statuses that allow `step`, in status order.
std::vector<Status> statuses_allowing(EventType step);
// The status that `step` leads to from `from` when `when` holds; throws
// `Error` (ExitCode::internal) when the table has no such row, which is a bug.
Status next_status(EventType step, Status from, When when = When::always);

}  // namespace complaints::domain
