// `edit` (SPEC §10): corrections with their old and new values, and the
// deadlines recomputed after a change of kind, category or severity; and the
// automatic escalation after repeated reopening, which is an edit.
#include <complaints/domain/error.hpp>
#include <complaints/domain/hold.hpp>
#include <complaints/domain/lifecycle.hpp>
#include <complaints/domain/translate.hpp>

#include "step.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace complaints::domain {

namespace {

using namespace step;

// The finished holds after `start`, cut at `start`.
std::vector<HoldPeriod> holds_after(const Complaint& c, Instant start) {
    std::vector<HoldPeriod> out;
    for (const HoldPeriod& h : c.holds)
        if (h.to > start) out.push_back({std::max(h.from, start), h.to});
    return out;
}

// Every started, unmet milestone's deadline from its clock start under the
// current policy, plus the time held since (earliest limit wins, SPEC §3.2);
// a milestone no longer tracked loses its deadline. Returns the changes.
std::vector<DeadlineChange> recompute_deadlines(Complaint& c, const Policy& policy) {
    std::vector<DeadlineChange> changes;
    for (const Milestone m : k_limited_milestones) {
        MilestoneClock& clock = c.milestone(m);
        if (!clock.started_at || clock.met_at) continue;
        const Instant start = *clock.started_at;
        const auto deadline = policy.deadline(m, c.kind, c.category, c.severity, start);
        std::optional<Instant> due;
        std::optional<Duration> limit;
        if (deadline) {
            due = shift_for_holds(deadline->due, holds_after(c, start), deadline->limit.unit,
                                  policy.calendar, policy.zone);
            limit = deadline->limit;
        }
        if (due != clock.due) changes.push_back({m, clock.due, due});
        clock.due = due;
        clock.limit = limit;
    }
    return changes;
}

// Records `field` changing from `from` to `to` (when it does) and applies it.
template <typename T>
void change(std::vector<FieldChange>& out, const char* field, T& member, const T& to) {
    if (member == to) return;
    out.push_back({field, std::optional<std::string>(member), std::optional<std::string>(to)});
    member = to;
}

// An empty text clears an optional field.
std::optional<std::string> cleared(const std::string& value) {
    if (value.find_first_not_of(" \t\r\n") == std::string::npos) return std::nullopt;
    return value;
}

}  // namespace

Event edit(Complaint& c, const EditRequest& r, const Policy& policy, const Stamp& stamp) {
    require_step(EventType::edit, c, policy, stamp);
    require_text("--reason", r.reason);
    const bool any = r.kind || r.category || r.severity || r.site || r.customer || r.contact ||
                     r.org || r.order || r.summary || r.description || r.demand;
    if (!any)
        throw Error(ExitCode::usage, tr("edit needs at least one field to change"),
                    {tr("give --category, --severity, --kind, --site, --customer, --contact, "
                        "--org, --order, --summary, --description or --demand")});
    Complaint next = c;
    EditDetails details;
    details.reason = r.reason;
    auto& out = details.changes;
    if (r.kind) change(out, "kind", next.kind, policy.require(Table::kind, *r.kind).name);
    if (r.category)
        change(out, "category", next.category, policy.require(Table::category, *r.category).name);
    if (r.severity)
        change(out, "severity", next.severity, policy.require(Table::severity, *r.severity).name);
    if (r.site) {
        std::optional<std::string> site = cleared(*r.site);
        if (site) site = policy.require(Table::site, *site).name;
        if (!site && !policy.sites.empty())
            throw Error(ExitCode::usage, tr("--site cannot be cleared: the policy lists sites"),
                        {trf("allowed: {}", policy.allowed(Table::site))});
        change(out, "site", next.site, site);
    }
    if (r.customer)
        change(out, "customer_name", next.customer.name, require_text("--customer", *r.customer));
    if (r.contact) change(out, "customer_contact", next.customer.contact, cleared(*r.contact));
    if (r.org) change(out, "customer_organization", next.customer.organization, cleared(*r.org));
    if (r.order) change(out, "customer_order", next.customer.order, cleared(*r.order));
    if (r.summary) change(out, "summary", next.summary, require_text("--summary", *r.summary));
    if (r.description) change(out, "description", next.description, cleared(*r.description));
    if (r.demand) change(out, "demand", next.demand, cleared(*r.demand));
    if (out.empty())
        throw Error(ExitCode::data,
                    trf("edit changes nothing: complaint {} already has those values", c.id));
    const bool clocks =
        next.kind != c.kind || next.category != c.category || next.severity != c.severity;
    if (clocks) details.deadlines = recompute_deadlines(next, policy);
    next.status = next_status(EventType::edit, c.status);
    next.last_event_at = stamp.at;
    c = std::move(next);
    return make_event(std::move(details), stamp);
}

namespace step {

std::optional<Event> escalate_if_reopened(Complaint& c, const Policy& policy, const Stamp& stamp) {
    const Escalation& rule = policy.escalation;
    if (!rule.reopen_threshold || c.reopen_count < *rule.reopen_threshold) return std::nullopt;
    if (policy.rank(rule.severity) <= policy.rank(c.severity)) return std::nullopt;
    EditDetails details;
    details.reason = fmt::format("reopened {} times", c.reopen_count);
    details.changes.push_back({"severity", c.severity, rule.severity});
    c.severity = rule.severity;
    details.deadlines = recompute_deadlines(c, policy);
    return make_event(std::move(details), stamp);
}

}  // namespace step

}  // namespace complaints::domain
