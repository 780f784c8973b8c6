// The steps of SPEC §10 that decide or pause a complaint: contact, reject,
// withdraw, hold and resume. `edit` and the automatic escalation are in
// edit.cpp; the steps of the core lifecycle in lifecycle.cpp.
#include <complaints/domain/error.hpp>
#include <complaints/domain/hold.hpp>
#include <complaints/domain/lifecycle.hpp>
#include <complaints/domain/translate.hpp>

#include "step.hpp"

#include <fmt/format.h>

namespace complaints::domain {

namespace {

using namespace step;

// Ends a running hold at `at`: the period is kept, its clock time counted and
// the hold milestone met. Returns the period.
HoldPeriod end_hold(Complaint& c, Instant at) {
    MilestoneClock& clock = c.milestone(Milestone::hold);
    const HoldPeriod period{clock.started_at.value_or(at), at};
    c.holds.push_back(period);
    c.held_seconds +=
        std::chrono::duration_cast<std::chrono::seconds>(period.to - period.from).count();
    clock.met_at = at;
    c.held_from.reset();
    c.hold_reason.reset();
    return period;
}

When when_held_from(Status status) {
    switch (status) {
        case Status::registered:
            return When::held_registered;
        case Status::assigned:
            return When::held_assigned;
        case Status::investigating:
            return When::held_investigating;
        case Status::resolved:
            return When::held_resolved;
        default:
            break;
    }
    throw Error(ExitCode::io,
                trf("a complaint held from '{}' cannot be resumed: corrupt or newer database",
                    to_string(status)));
}

DurationUnit unit_of(const Complaint& c, Milestone m, const Policy& policy) {
    const MilestoneClock& clock = c.milestone(m);
    if (clock.limit) return clock.limit->unit;
    // Stored before version 4: the limit that gives this deadline today.
    const Instant start = clock.started_at.value_or(c.received_at);
    if (const auto deadline = policy.deadline(m, c.kind, c.category, c.severity, start))
        return deadline->limit.unit;
    return DurationUnit::minutes;
}

}  // namespace

Event contact(Complaint& c, const ContactRequest& request, const Policy& policy,
              const Stamp& stamp) {
    require_step(EventType::contact, c, policy, stamp);
    require_text("--note", request.note);
    ContactDetails details;
    details.via = request.via ? policy.require(Table::channel, *request.via).name : c.channel;
    details.direction = request.direction;
    details.note = request.note;
    c.status = next_status(EventType::contact, c.status);
    c.last_event_at = stamp.at;
    details.acknowledged = meet_acknowledge(c, stamp.at);
    return make_event(std::move(details), stamp);
}

Event reject(Complaint& c, const RejectRequest& request, const Policy& policy, const Stamp& stamp) {
    require_step(EventType::reject, c, policy, stamp);
    const bool duplicate = request.reason == RejectReason::duplicate;
    if (duplicate && !request.of)
        throw Error(ExitCode::usage, tr("--reason duplicate needs --of NUMBER"),
                    {tr("name the complaint already registered for the same matter")});
    if (!duplicate && request.of)
        throw Error(ExitCode::usage, tr("--of is only for --reason duplicate"));
    if (duplicate && *request.of == c.id)
        throw Error(ExitCode::data, trf("complaint {} cannot be a duplicate of itself", c.id),
                    {tr("--of names the complaint registered first for the same matter")});
    if (request.reason == RejectReason::other &&
        (!request.note || request.note->find_first_not_of(" \t\r\n") == std::string::npos))
        throw Error(ExitCode::usage, tr("--reason other needs --note saying why"));
    const bool time_barred = request.reason == RejectReason::time_barred;
    if (time_barred && !request.known_at)
        throw Error(ExitCode::usage, tr("--reason time_barred needs --known-at TIME"),
                    {trf("when the customer knew of the harm; the policy's time bar is {}",
                         policy.time_bar.to_string())});
    if (!time_barred && request.known_at)
        throw Error(ExitCode::usage, tr("--known-at is only for --reason time_barred"));
    if (time_barred) {
        const Instant last = policy.time_bar.end(*request.known_at, policy.zone);
        if (c.received_at <= last)
            throw Error(
                ExitCode::data,
                // TRANSLATORS: "received 2026-11-23 14:30, within 3y of 2024-01-05 09:00":
                // the time bar (3y: three years) runs from when the customer knew of the harm.
                trf("complaint {} is not time-barred: received {}, within {} of {}", c.id,
                    format_local(c.received_at, policy.zone), policy.time_bar.to_string(),
                    format_local(*request.known_at, policy.zone)),
                {trf("a complaint may be refused as time_barred only when received after {} "
                     "([acceptance] time_bar)",
                     format_local(last, policy.zone))});
    }
    c.status = next_status(EventType::reject, c.status);
    c.last_event_at = stamp.at;
    c.rejection_reason = request.reason;
    c.rejection_of = request.of;
    meet_acknowledge(c, stamp.at);
    return make_event(RejectDetails{request.reason, request.of, request.note, request.known_at},
                      stamp);
}

Event withdraw(Complaint& c, const std::optional<std::string>& note, const Policy& policy,
               const Stamp& stamp) {
    require_step(EventType::withdraw, c, policy, stamp);
    if (c.status == Status::on_hold) end_hold(c, stamp.at);
    c.proposal.reset();  // a proposal awaiting approval is never decided now
    c.status = next_status(EventType::withdraw, c.status);
    c.last_event_at = stamp.at;
    meet_acknowledge(c, stamp.at);
    return make_event(WithdrawDetails{note}, stamp);
}

Event hold(Complaint& c, const HoldRequest& request, const Policy& policy, const Stamp& stamp) {
    require_step(EventType::hold, c, policy, stamp);
    HoldDetails details{request.reason, request.note, c.status, std::nullopt};
    c.held_from = c.status;
    c.hold_reason = request.reason;
    c.status = next_status(EventType::hold, c.status);
    c.last_event_at = stamp.at;
    start_clock(c, Milestone::hold, policy, stamp.at);
    details.review_due = c.milestone(Milestone::hold).due;
    return make_event(std::move(details), stamp);
}

Event resume(Complaint& c, const std::optional<std::string>& note, const Policy& policy,
             const Stamp& stamp) {
    require_step(EventType::resume, c, policy, stamp);
    if (!c.held_from)
        throw Error(ExitCode::io, trf("complaint {} is on hold but the status it was held from is "
                                      "not stored: corrupt database",
                                      c.id));
    const Status back = *c.held_from;
    const When when = when_held_from(back);
    const HoldPeriod period = end_hold(c, stamp.at);
    ResumeDetails details;
    details.note = note;
    details.to = back;
    details.held_seconds =
        std::chrono::duration_cast<std::chrono::seconds>(period.to - period.from).count();
    for (const Milestone m : k_limited_milestones) {
        MilestoneClock& clock = c.milestone(m);
        if (!clock.due || clock.met_at) continue;
        const Instant moved = shift_for_hold(*clock.due, period.from, period.to,
                                             unit_of(c, m, policy), policy.calendar, policy.zone);
        if (moved != *clock.due) details.deadlines.push_back({m, clock.due, moved});
        clock.due = moved;
    }
    c.status = next_status(EventType::resume, Status::on_hold, when);
    c.last_event_at = stamp.at;
    return make_event(std::move(details), stamp);
}

}  // namespace complaints::domain
