#pragma once

// What every step on a complaint shares (lifecycle.cpp, workflow.cpp,
// edit.cpp): the checks before a step, starting clocks, making the event.
// Private to the domain module.

#include <complaints/domain/lifecycle.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace complaints::domain::step {

// The event `details` by `stamp`.
Event make_event(EventDetails details, const Stamp& stamp);

// Everything a step on an existing complaint must pass: who acts, the status
// (from the transition table; "… is on hold; resume it first" while on hold),
// and when it happened (not before the latest recorded step, not in the
// future).
void require_step(EventType step, const Complaint& c, const Policy& policy, const Stamp& stamp);
void require_not_future(Instant at, const Stamp& stamp, const Policy& policy);
// Not before the complaint's latest recorded step (or its receipt).
void require_time(const Complaint& c, const Stamp& stamp, const Policy& policy);

// `value` unless it is empty or blank: then `Error` (usage, 64) naming `option`.
std::string require_text(std::string_view option, const std::string& value);

// Starts the clock of milestone `m` at `start`: its deadline under the
// current policy (with the limit that set it), or none when the milestone is
// not tracked for `c`.
void start_clock(Complaint& c, Milestone m, const Policy& policy, Instant start);

// Makes `resolution` the complaint's resolution at `at`, by `step` (`resolve`
// with no approval needed, or `approve`): meets the resolve milestone, starts
// the revisit clock (or closes the complaint when the revisit is not tracked),
// adds the amount to the total paid and sets the status. True when it closed.
bool settle(Complaint& c, EventType step, Resolution resolution, const Policy& policy, Instant at);

// What `settle` does once the revisit clock is started: closes `c` at `at`
// when `closes` (clearing the revisit clock), resets the unreachable count,
// adds the amount to the total paid and makes `resolution` the complaint's.
// The replay of `verify` (replay.cpp) reads `closes` from the event.
void record_settlement(Complaint& c, Resolution resolution, Instant at, bool closes);

// Meets the acknowledge milestone at `at` when its clock runs and it is
// unmet; true when it did.
bool meet_acknowledge(Complaint& c, Instant at);

// After a revisit that reopened `c`: the automatic escalation of
// `[escalation]` (an `edit` raising the severity, deadlines recomputed) when
// the reopen count reached the threshold and the severity ranks higher.
std::optional<Event> escalate_if_reopened(Complaint& c, const Policy& policy, const Stamp& stamp);

}  // namespace complaints::domain::step
