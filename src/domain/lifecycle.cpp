#include <complaints/domain/approval.hpp>
#include <complaints/domain/error.hpp>
#include <complaints/domain/lifecycle.hpp>
#include <complaints/domain/translate.hpp>

#include "step.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace complaints::domain {

namespace {

using namespace step;

constexpr Transition k_transitions[] = {
    {EventType::assign, Status::registered, Status::assigned},
    {EventType::assign, Status::assigned, Status::assigned},
    {EventType::assign, Status::investigating, Status::investigating},
    {EventType::investigate, Status::assigned, Status::investigating},
    {EventType::investigate, Status::investigating, Status::investigating},
    {EventType::resolve, Status::assigned, Status::resolved},
    {EventType::resolve, Status::investigating, Status::resolved},
    {EventType::revisit, Status::resolved, Status::closed, When::satisfied},
    {EventType::revisit, Status::resolved, Status::investigating, When::unsatisfied},
    {EventType::revisit, Status::resolved, Status::resolved, When::unreachable},
    {EventType::revisit, Status::resolved, Status::closed, When::unreachable_last},
    {EventType::resolve, Status::assigned, Status::closed, When::closes_on_resolve},
    {EventType::resolve, Status::investigating, Status::closed, When::closes_on_resolve},
    {EventType::contact, Status::registered, Status::registered},
    {EventType::contact, Status::assigned, Status::assigned},
    {EventType::contact, Status::investigating, Status::investigating},
    {EventType::contact, Status::resolved, Status::resolved},
    {EventType::contact, Status::on_hold, Status::on_hold},
    {EventType::reject, Status::registered, Status::rejected},
    {EventType::reject, Status::assigned, Status::rejected},
    {EventType::reject, Status::investigating, Status::rejected},
    {EventType::withdraw, Status::registered, Status::withdrawn},
    {EventType::withdraw, Status::assigned, Status::withdrawn},
    {EventType::withdraw, Status::investigating, Status::withdrawn},
    {EventType::withdraw, Status::resolved, Status::withdrawn},
    {EventType::withdraw, Status::on_hold, Status::withdrawn},
    {EventType::hold, Status::registered, Status::on_hold},
    {EventType::hold, Status::assigned, Status::on_hold},
    {EventType::hold, Status::investigating, Status::on_hold},
    {EventType::hold, Status::resolved, Status::on_hold},
    {EventType::resume, Status::on_hold, Status::registered, When::held_registered},
    {EventType::resume, Status::on_hold, Status::assigned, When::held_assigned},
    {EventType::resume, Status::on_hold, Status::investigating, When::held_investigating},
    {EventType::resume, Status::on_hold, Status::resolved, When::held_resolved},
    {EventType::edit, Status::registered, Status::registered},
    {EventType::edit, Status::assigned, Status::assigned},
    {EventType::edit, Status::investigating, Status::investigating},
    {EventType::edit, Status::resolved, Status::resolved},
    {EventType::edit, Status::on_hold, Status::on_hold},
    {EventType::resolve, Status::assigned, Status::awaiting_approval, When::needs_approval},
    {EventType::resolve, Status::investigating, Status::awaiting_approval, When::needs_approval},
    {EventType::approve, Status::awaiting_approval, Status::resolved},
    {EventType::approve, Status::awaiting_approval, Status::closed, When::closes_on_resolve},
    {EventType::decline, Status::awaiting_approval, Status::investigating},
    {EventType::contact, Status::awaiting_approval, Status::awaiting_approval},
    {EventType::withdraw, Status::awaiting_approval, Status::withdrawn},
    {EventType::edit, Status::awaiting_approval, Status::awaiting_approval},
};

}  // namespace

namespace step {

Event make_event(EventDetails details, const Stamp& stamp) {
    Event event;
    event.at = stamp.at;
    event.recorded_at = stamp.recorded_at;
    event.actor = stamp.actor;
    event.details = std::move(details);
    return event;
}

namespace {

void require_allowed(EventType step, const Complaint& complaint) {
    if (is_allowed(step, complaint.status)) return;
    if (complaint.status == Status::on_hold)
        throw Error(ExitCode::data,
                    // TRANSLATORS: the first {} is the step: "cannot assign complaint X: ...".
                    trf("cannot {} complaint {}: it is on hold; resume it first", shown_name(step),
                        complaint.id),
                    {fmt::format("complaints resume {}", complaint.id)});
    std::vector<std::string> hints;
    if (complaint.status == Status::registered &&
        (step == EventType::investigate || step == EventType::resolve))
        hints.push_back(trf("assign it first: complaints assign {} --to PERSON", complaint.id));
    std::vector<std::string> allowing;
    for (const Status status : statuses_allowing(step)) allowing.emplace_back(shown_name(status));
    const std::string needed = or_list(allowing);
    throw Error(ExitCode::data,
                // TRANSLATORS: {0} is the step ("assign"), {2} the complaint's status, {3} one
                // or more statuses: "cannot resolve complaint X: it is registered; resolve needs
                // a complaint that is assigned or investigating".
                trf("cannot {0} complaint {1}: it is {2}; {0} needs a complaint that is {3}",
                    shown_name(step), complaint.id, shown_name(complaint.status), needed),
                std::move(hints));
}

}  // namespace

// A step cannot happen before the complaint's latest recorded step (or its
// receipt), so that the history and the milestones stay in time order.
void require_time(const Complaint& complaint, const Stamp& stamp, const Policy& policy) {
    const Instant earliest = complaint.last_event_at.value_or(complaint.received_at);
    if (stamp.at < earliest)
        throw Error(ExitCode::data,
                    trf("--at '{}' is before the latest recorded step of complaint {} ({})",
                        format_local(stamp.at, policy.zone), complaint.id,
                        format_local(earliest, policy.zone)),
                    {tr("record steps in the order they happened")});
}

bool settle(Complaint& c, EventType step, Resolution resolution, const Policy& policy, Instant at) {
    c.milestone(Milestone::resolve).met_at = at;
    start_clock(c, Milestone::revisit, policy, at);
    const bool closes = !c.milestone(Milestone::revisit).due;
    c.status = next_status(step, c.status, closes ? When::closes_on_resolve : When::always);
    record_settlement(c, std::move(resolution), at, closes);
    return closes;
}

void record_settlement(Complaint& c, Resolution resolution, Instant at, bool closes) {
    if (closes) {
        c.milestone(Milestone::revisit) = MilestoneClock{};
        c.closed_at = at;
    }
    c.unreachable_count = 0;
    if (resolution.amount)
        c.total_amount = Money{c.total_amount.value_or(Money{0}).minor + resolution.amount->minor};
    c.resolution = std::move(resolution);
}

void require_not_future(Instant at, const Stamp& stamp, const Policy& policy) {
    constexpr std::chrono::seconds k_clock_skew{300};
    if (at > stamp.recorded_at + k_clock_skew)
        throw Error(ExitCode::data,
                    trf("the time '{}' (--at, --received-at) is in the future",
                        format_local(at, policy.zone)),
                    {tr("give the time it really happened, or leave it out for now")});
}

void require_step(EventType step, const Complaint& c, const Policy& policy, const Stamp& stamp) {
    policy.require_actor(stamp.actor);
    require_allowed(step, c);
    require_time(c, stamp, policy);
    require_not_future(stamp.at, stamp, policy);
}

void start_clock(Complaint& c, Milestone m, const Policy& policy, Instant start) {
    MilestoneClock& clock = c.milestone(m);
    clock = MilestoneClock{};
    clock.started_at = start;
    if (const auto deadline = policy.deadline(m, c.kind, c.category, c.severity, start)) {
        clock.due = deadline->due;
        clock.limit = deadline->limit;
    }
}

std::string require_text(std::string_view option, const std::string& value) {
    if (value.find_first_not_of(" \t\r\n") == std::string::npos)
        throw Error(ExitCode::usage, trf("{} must not be empty", option));
    return value;
}

bool meet_acknowledge(Complaint& c, Instant at) {
    MilestoneClock& clock = c.milestone(Milestone::acknowledge);
    if (!clock.due || clock.met_at) return false;
    clock.met_at = at;
    return true;
}

}  // namespace step

std::span<const Transition> transitions() {
    return k_transitions;
}

bool is_allowed(EventType step, Status status) {
    return std::any_of(std::begin(k_transitions), std::end(k_transitions),
                       [&](const Transition& t) { return t.step == step && t.from == status; });
}

std::vector<Status> statuses_allowing(EventType step) {
    std::vector<Status> out;
    for (const Status status : k_statuses)
        if (is_allowed(step, status)) out.push_back(status);
    return out;
}

Status next_status(EventType step, Status from, When when) {
    for (const Transition& t : k_transitions)
        if (t.step == step && t.from == from && t.when == when) return t.to;
    throw Error(ExitCode::internal, fmt::format("no transition for {} from {} ({})",
                                                to_string(step), to_string(from), name_of(when)));
}

std::pair<Complaint, Event> register_complaint(const Registration& request, const Policy& policy,
                                               const Stamp& stamp) {
    policy.require_actor(stamp.actor);
    require_not_future(stamp.at, stamp, policy);
    Complaint c;
    const auto pick = [&](Table table, const std::optional<std::string>& name) -> std::string {
        if (name) return policy.require(table, *name).name;
        const NamedEntry* entry = policy.default_entry(table);
        if (!entry)
            throw Error(ExitCode::config,
                        // TRANSLATORS: {} is a table of the policy: kind, severity, ...
                        trf("the policy has no default {}", shown_name(table)));
        return entry->name;
    };
    c.channel = policy.require(Table::channel, request.channel).name;
    c.category = policy.require(Table::category, request.category).name;
    c.kind = pick(Table::kind, request.kind);
    c.severity = pick(Table::severity, request.severity);
    c.customer = request.customer;
    require_text("--customer", c.customer.name);
    c.summary = require_text("--summary", request.summary);
    c.description = request.description;
    c.demand = request.demand;
    c.ref = request.ref;
    if (request.site) {
        c.site = policy.require(Table::site, *request.site).name;
    } else if (!policy.sites.empty()) {
        const NamedEntry* site = policy.default_entry(Table::site);
        if (!site)
            throw Error(ExitCode::usage, tr("--site is required"),
                        {trf("allowed: {} (or mark one default = true in the policy)",
                             policy.allowed(Table::site))});
        c.site = site->name;
    }
    c.received_at = stamp.at;
    c.last_event_at = stamp.at;
    c.registered_by = stamp.actor;
    c.status = Status::registered;
    for (const Milestone m : {Milestone::acknowledge, Milestone::assign, Milestone::resolve})
        start_clock(c, m, policy, stamp.at);

    Event event = make_event(
        RegisterDetails{c.kind, c.channel, c.category, c.severity, c.customer, c.summary,
                        c.description, c.demand, c.ref, c.milestone(Milestone::assign).due,
                        c.milestone(Milestone::resolve).due,
                        c.milestone(Milestone::acknowledge).due, c.site, std::nullopt},
        stamp);
    return {std::move(c), std::move(event)};
}

std::string number_prefix(const Complaint& complaint, const Policy& policy) {
    const NamedEntry& channel = policy.require(Table::channel, complaint.channel);
    return fmt::format("{}-{}", format_compact_date(complaint.received_at, policy.zone),
                       channel.code);
}

std::string format_number(const std::string& prefix, long long serial) {
    return fmt::format("{}-{:03}", prefix, serial);
}

Event assign(Complaint& c, const Assignment& request, const Policy& policy, const Stamp& stamp) {
    require_step(EventType::assign, c, policy, stamp);
    require_text("--to", request.to);
    const Person* person = policy.require_assignee(request.to);
    if (request.department && !policy.departments.empty() &&
        !policy.find_department(*request.department)) {
        std::string keys;
        for (const auto& d : policy.departments)
            keys += fmt::format("{}{}", keys.empty() ? "" : ", ", d.key);
        throw Error(ExitCode::data, trf("unknown department '{}'", *request.department),
                    {trf("the policy ({}) defines: {}", policy.source, keys)});
    }
    std::optional<std::string> department = request.department;
    if (!department && c.assignee) {
        department = c.department;  // a reassignment stays in its department unless told
    } else if (!department) {
        const NamedEntry* category = policy.find(Table::category, c.category);
        if (category && !category->department.empty())
            department = category->department;
        else if (person && !person->department.empty())
            department = person->department;
    }
    Complaint next = c;
    next.assignee = request.to;
    next.department = department;
    AssignDetails details;
    details.to = request.to;
    details.department = department;
    details.note = request.note;
    auto& assign_clock = next.milestone(Milestone::assign);
    if (!assign_clock.met_at) {
        assign_clock.met_at = stamp.at;
        start_clock(next, Milestone::investigate, policy, stamp.at);
        details.investigate_due = next.milestone(Milestone::investigate).due;
    } else {
        details.reassignment = true;
        details.from = c.assignee;
    }
    next.status = next_status(EventType::assign, c.status);
    next.last_event_at = stamp.at;
    c = std::move(next);
    return make_event(std::move(details), stamp);
}

Event investigate(Complaint& c, const Finding& request, const Policy& policy, const Stamp& stamp) {
    require_step(EventType::investigate, c, policy, stamp);
    require_text("--finding", request.text);
    if (request.cause && !policy.causes.empty()) (void)policy.require(Table::cause, *request.cause);
    c.status = next_status(EventType::investigate, c.status);
    c.last_event_at = stamp.at;
    if (request.cause) c.cause = request.cause;
    if (request.substantiated) c.substantiated = request.substantiated;
    auto& clock = c.milestone(Milestone::investigate);
    if (request.complete && !clock.met_at) clock.met_at = stamp.at;
    return make_event(
        InvestigateDetails{request.text, request.cause, request.substantiated, request.complete},
        stamp);
}

Event resolve(Complaint& c, const ResolutionRequest& request, const Policy& policy,
              const Stamp& stamp) {
    require_step(EventType::resolve, c, policy, stamp);
    require_text("--plan", request.plan);
    const std::string outcome = policy.require(Table::outcome, request.outcome).name;
    const auto need = approval_needed(policy, stamp.actor, c.severity, request.amount);
    Complaint next = c;
    auto& investigate_clock = next.milestone(Milestone::investigate);
    if (!investigate_clock.met_at) investigate_clock.met_at = stamp.at;
    meet_acknowledge(next, stamp.at);
    next.last_event_at = stamp.at;
    Resolution resolution{request.plan,        outcome,  request.amount, policy.currency,
                          request.responsible, stamp.at, stamp.actor};
    if (need) {
        // A proposal: the resolve milestone stays unmet until `approve`.
        next.status = next_status(EventType::resolve, c.status, When::needs_approval);
        next.proposal = std::move(resolution);
        ResolveDetails details{
            request.plan,        outcome,      request.amount, policy.currency,
            request.responsible, std::nullopt, false,          need->waits_for()};
        c = std::move(next);
        return make_event(std::move(details), stamp);
    }
    const bool closes = settle(next, EventType::resolve, std::move(resolution), policy, stamp.at);
    // They describe the current resolution, which needed no approval.
    next.approved_by.reset();
    next.approved_at.reset();
    ResolveDetails details{request.plan,
                           outcome,
                           request.amount,
                           policy.currency,
                           request.responsible,
                           next.milestone(Milestone::revisit).due,
                           closes,
                           std::nullopt};
    c = std::move(next);
    return make_event(std::move(details), stamp);
}

std::vector<Event> revisit(Complaint& c, const RevisitRequest& request, const Policy& policy,
                           const Stamp& stamp) {
    require_step(EventType::revisit, c, policy, stamp);
    if (request.score && (*request.score < 1 || *request.score > 5))
        throw Error(ExitCode::data, trf("--score {} is out of range", *request.score),
                    {tr("a score is a whole number from 1 (very unhappy) to 5 (very satisfied)")});
    if (request.score && request.result == RevisitResult::unreachable)
        throw Error(ExitCode::data, tr("--score needs a customer who was reached"),
                    {tr("leave --score out with --result unreachable")});
    Complaint next = c;
    next.last_event_at = stamp.at;
    RevisitDetails details;
    details.result = request.result;
    details.score = request.score;
    details.note = request.note;
    auto& revisit_clock = next.milestone(Milestone::revisit);
    if (request.score) next.last_revisit_score = request.score;
    When when = When::satisfied;
    switch (request.result) {
        case RevisitResult::satisfied:
            next.closed_at = stamp.at;
            revisit_clock.met_at = stamp.at;
            next.last_revisit_result = request.result;
            break;
        case RevisitResult::unsatisfied: {
            when = When::unsatisfied;
            next.reopen_count += 1;
            revisit_clock.met_at = stamp.at;
            next.last_revisit_result = request.result;
            start_clock(next, Milestone::resolve, policy, stamp.at);
            details.reopened = true;
            details.resolve_due = next.milestone(Milestone::resolve).due;
            break;
        }
        case RevisitResult::unreachable:
            when = When::unreachable;
            next.unreachable_count += 1;
            details.attempt = next.unreachable_count;
            if (next.unreachable_count >= k_unreachable_closes_after) {
                when = When::unreachable_last;
                next.closed_at = stamp.at;
                revisit_clock.met_at = stamp.at;
                details.closed = true;
            }
            break;
    }
    next.status = next_status(EventType::revisit, c.status, when);
    c = std::move(next);
    std::vector<Event> events{make_event(std::move(details), stamp)};
    if (when == When::unsatisfied)
        if (auto escalation = escalate_if_reopened(c, policy, stamp))
            events.push_back(std::move(*escalation));
    return events;
}

}  // namespace complaints::domain
