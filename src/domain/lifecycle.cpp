#include <complaints/domain/error.hpp>
#include <complaints/domain/lifecycle.hpp>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace complaints::domain {

namespace {

using nlohmann::json;

json optional_json(const std::optional<std::string>& value) {
    return value ? json(*value) : json(nullptr);
}

std::string dump(const json& details) {
    return details.dump(-1, ' ', false, json::error_handler_t::replace);
}

Event make_event(std::string type, const Stamp& stamp, const json& details) {
    Event event;
    event.type = std::move(type);
    event.at = stamp.at;
    event.recorded_at = stamp.recorded_at;
    event.actor = stamp.actor;
    event.details = dump(details);
    return event;
}

// What each command needs, for the message when the status does not allow it.
std::string_view needed_statuses(std::string_view command) {
    if (command == "assign") return "registered, assigned or investigating";
    if (command == "investigate" || command == "resolve") return "assigned or investigating";
    if (command == "revisit") return "resolved";
    return "?";
}

void require_allowed(std::string_view command, const Complaint& complaint) {
    if (is_allowed(command, complaint.status)) return;
    std::vector<std::string> hints;
    if (complaint.status == Status::registered)
        hints.push_back(
            fmt::format("assign it first: complaints assign {} --to PERSON", complaint.id));
    throw Error(
        ExitCode::data,
        fmt::format("cannot {} complaint {}: it is {}; {} needs a complaint that is {}", command,
                    complaint.id, to_string(complaint.status), command, needed_statuses(command)),
        std::move(hints));
}

// A step cannot happen before the complaint's latest recorded step (or its
// receipt), so that the history and the milestones stay in time order.
void require_time(const Complaint& complaint, const Stamp& stamp, const Policy& policy) {
    const Instant earliest = complaint.last_event_at.value_or(complaint.received_at);
    if (stamp.at < earliest)
        throw Error(ExitCode::data,
                    fmt::format("--at '{}' is before the latest recorded step of complaint {} ({})",
                                format_local(stamp.at, policy.zone), complaint.id,
                                format_local(earliest, policy.zone)),
                    {"record steps in the order they happened"});
}

void require_not_future(Instant at, const Stamp& stamp, const Policy& policy) {
    constexpr std::chrono::seconds k_clock_skew{300};
    if (at > stamp.recorded_at + k_clock_skew)
        throw Error(ExitCode::data,
                    fmt::format("the time '{}' (--at, --received-at) is in the future",
                                format_local(at, policy.zone)),
                    {"give the time it really happened, or leave it out for now"});
}

// Everything a step on an existing complaint must pass: who acts, the status,
// and when it happened.
void require_step(std::string_view command, const Complaint& c, const Policy& policy,
                  const Stamp& stamp) {
    policy.require_actor(stamp.actor);
    require_allowed(command, c);
    require_time(c, stamp, policy);
    require_not_future(stamp.at, stamp, policy);
}

Instant deadline_for(const Complaint& c, Milestone m, const Policy& policy, Instant start) {
    return policy.deadline(m, c.kind, c.category, c.severity, start);
}

std::string require_text(std::string_view option, const std::string& value) {
    if (value.find_first_not_of(" \t\r\n") == std::string::npos)
        throw Error(ExitCode::usage, fmt::format("{} must not be empty", option));
    return value;
}

}  // namespace

bool is_allowed(std::string_view command, Status status) {
    if (command == "assign")
        return status == Status::registered || status == Status::assigned ||
               status == Status::investigating;
    if (command == "investigate" || command == "resolve")
        return status == Status::assigned || status == Status::investigating;
    if (command == "revisit") return status == Status::resolved;
    return false;
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
                        fmt::format("the policy has no default {}", to_string(table)));
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
    c.received_at = stamp.at;
    c.last_event_at = stamp.at;
    c.registered_by = stamp.actor;
    c.status = Status::registered;
    c.milestone(Milestone::assign).due = deadline_for(c, Milestone::assign, policy, stamp.at);
    c.milestone(Milestone::resolve).due = deadline_for(c, Milestone::resolve, policy, stamp.at);

    const json details = {
        {"kind", c.kind},
        {"channel", c.channel},
        {"category", c.category},
        {"severity", c.severity},
        {"customer",
         {{"name", c.customer.name},
          {"contact", optional_json(c.customer.contact)},
          {"organization", optional_json(c.customer.organization)},
          {"order", optional_json(c.customer.order)}}},
        {"summary", c.summary},
        {"description", optional_json(c.description)},
        {"demand", optional_json(c.demand)},
        {"ref", optional_json(c.ref)},
        {"assign_due", format_utc(*c.milestone(Milestone::assign).due)},
        {"resolve_due", format_utc(*c.milestone(Milestone::resolve).due)},
    };
    Event event = make_event("register", stamp, details);
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
    require_step("assign", c, policy, stamp);
    require_text("--to", request.to);
    const Person* person = policy.require_assignee(request.to);
    if (request.department && !policy.departments.empty() &&
        !policy.find_department(*request.department)) {
        std::string keys;
        for (const auto& d : policy.departments)
            keys += fmt::format("{}{}", keys.empty() ? "" : ", ", d.key);
        throw Error(ExitCode::data, fmt::format("unknown department '{}'", *request.department),
                    {fmt::format("the policy ({}) defines: {}", policy.source, keys)});
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
    json details = {{"to", request.to},
                    {"department", optional_json(department)},
                    {"note", optional_json(request.note)}};
    auto& assign_clock = next.milestone(Milestone::assign);
    if (!assign_clock.met_at) {
        assign_clock.met_at = stamp.at;
        const Instant due = deadline_for(next, Milestone::investigate, policy, stamp.at);
        next.milestone(Milestone::investigate).due = due;
        details["investigate_due"] = format_utc(due);
    } else {
        details["reassignment"] = true;
        if (c.assignee) details["from"] = *c.assignee;
    }
    if (next.status == Status::registered) next.status = Status::assigned;
    next.last_event_at = stamp.at;
    c = std::move(next);
    return make_event("assign", stamp, details);
}

Event investigate(Complaint& c, const Finding& request, const Policy& policy, const Stamp& stamp) {
    require_step("investigate", c, policy, stamp);
    require_text("--finding", request.text);
    c.status = Status::investigating;
    c.last_event_at = stamp.at;
    auto& clock = c.milestone(Milestone::investigate);
    if (request.complete && !clock.met_at) clock.met_at = stamp.at;
    const json details = {
        {"text", request.text},
        {"cause", optional_json(request.cause)},
        {"substantiated", request.substantiated ? json(*request.substantiated) : json(nullptr)},
        {"complete", request.complete},
    };
    return make_event("investigate", stamp, details);
}

Event resolve(Complaint& c, const ResolutionRequest& request, const Policy& policy,
              const Stamp& stamp) {
    require_step("resolve", c, policy, stamp);
    require_text("--plan", request.plan);
    Complaint next = c;
    next.status = Status::resolved;
    auto& investigate_clock = next.milestone(Milestone::investigate);
    if (!investigate_clock.met_at) investigate_clock.met_at = stamp.at;
    next.milestone(Milestone::resolve).met_at = stamp.at;
    auto& revisit_clock = next.milestone(Milestone::revisit);
    revisit_clock.due = deadline_for(next, Milestone::revisit, policy, stamp.at);
    revisit_clock.met_at.reset();
    next.unreachable_count = 0;
    next.last_event_at = stamp.at;
    next.resolution =
        Resolution{request.plan,        request.outcome, request.amount, policy.currency,
                   request.responsible, stamp.at,        stamp.actor};
    const json details = {
        {"plan", request.plan},
        {"outcome", to_string(request.outcome)},
        {"amount", request.amount ? json(request.amount->to_string()) : json(nullptr)},
        {"currency", policy.currency},
        {"responsible", optional_json(request.responsible)},
        {"revisit_due", format_utc(*revisit_clock.due)},
    };
    c = std::move(next);
    return make_event("resolve", stamp, details);
}

Event revisit(Complaint& c, const RevisitRequest& request, const Policy& policy,
              const Stamp& stamp) {
    require_step("revisit", c, policy, stamp);
    if (request.score && (*request.score < 1 || *request.score > 5))
        throw Error(ExitCode::data, fmt::format("--score {} is out of range", *request.score),
                    {"a score is a whole number from 1 (very unhappy) to 5 (very satisfied)"});
    if (request.score && request.result == RevisitResult::unreachable)
        throw Error(ExitCode::data, "--score needs a customer who was reached",
                    {"leave --score out with --result unreachable"});
    Complaint next = c;
    next.last_event_at = stamp.at;
    json details = {{"result", to_string(request.result)},
                    {"score", request.score ? json(*request.score) : json(nullptr)},
                    {"note", optional_json(request.note)}};
    auto& revisit_clock = next.milestone(Milestone::revisit);
    if (request.score) next.last_revisit_score = request.score;
    switch (request.result) {
        case RevisitResult::satisfied:
            next.status = Status::closed;
            next.closed_at = stamp.at;
            revisit_clock.met_at = stamp.at;
            next.last_revisit_result = request.result;
            break;
        case RevisitResult::unsatisfied: {
            next.status = Status::investigating;
            next.reopen_count += 1;
            revisit_clock.met_at = stamp.at;
            next.last_revisit_result = request.result;
            auto& resolve_clock = next.milestone(Milestone::resolve);
            resolve_clock.due = deadline_for(next, Milestone::resolve, policy, stamp.at);
            resolve_clock.met_at.reset();
            details["reopened"] = true;
            details["resolve_due"] = format_utc(*resolve_clock.due);
            break;
        }
        case RevisitResult::unreachable:
            next.unreachable_count += 1;
            details["attempt"] = next.unreachable_count;
            if (next.unreachable_count >= k_unreachable_closes_after) {
                next.status = Status::closed;
                next.closed_at = stamp.at;
                revisit_clock.met_at = stamp.at;
                details["closed"] = true;
            }
            break;
    }
    c = std::move(next);
    return make_event("revisit", stamp, details);
}

}  // namespace complaints::domain
