#pragma once

#include <complaints/domain/complaint.hpp>
#include <complaints/domain/event.hpp>
#include <complaints/domain/policy.hpp>

#include <optional>
#include <span>
#include <string>

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
    Outcome outcome = Outcome::none;
    std::optional<Money> amount;
    std::optional<std::string> responsible;
};

struct RevisitRequest {
    RevisitResult result = RevisitResult::satisfied;
    std::optional<int> score;  // 1..5
    std::optional<std::string> note;
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
Event resolve(Complaint& complaint, const ResolutionRequest& request, const Policy& policy,
              const Stamp& stamp);
Event revisit(Complaint& complaint, const RevisitRequest& request, const Policy& policy,
              const Stamp& stamp);

// When a step has more than one next status, what decides it.
enum class When { always, satisfied, unsatisfied, unreachable, unreachable_last };
template <>
struct EnumNames<When> {
    static constexpr std::array<std::string_view, 5> k_names{
        "", "customer satisfied", "customer unsatisfied (reopens)", "customer unreachable",
        "customer unreachable for the third time in a row"};
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
