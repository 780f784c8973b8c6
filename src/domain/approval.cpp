// Four eyes (SPEC §11): when `resolve` waits for approval, the authority
// checks of `approve` and `decline`, and those two steps.
#include <complaints/domain/approval.hpp>
#include <complaints/domain/error.hpp>

#include "step.hpp"

#include <fmt/format.h>

namespace complaints::domain {

namespace {

using namespace step;

// "a, b or c".
std::string either(const std::vector<Role>& roles) {
    std::string out;
    for (std::size_t i = 0; i < roles.size(); ++i) {
        if (i > 0) out += i + 1 == roles.size() ? " or " : ", ";
        out += name_of(roles[i]);
    }
    return out;
}

// "a, b, c".
std::string listed(const std::vector<Role>& roles) {
    std::string out;
    for (const Role role : roles)
        out += fmt::format("{}{}", out.empty() ? "" : ", ", name_of(role));
    return out;
}

std::string with_article(Role role) {
    return fmt::format("{} {}", role == Role::agent ? "an" : "a", name_of(role));
}

// Does `limit` (nullopt: no limit) cover `amount` (nullopt: 0)? Equal is covered.
bool covers(const std::optional<Money>& limit, const std::optional<Money>& amount) {
    return !limit || amount.value_or(Money{0}).minor <= limit->minor;
}

// The approver roles whose limit covers `amount`, in the order of `approvers`.
std::vector<Role> approvers_for(const Policy& policy, const std::optional<Money>& amount) {
    std::vector<Role> out;
    for (const Role role : policy.authority.approvers)
        if (covers(policy.authority.limit(role), amount)) out.push_back(role);
    return out;
}

Role role_of(const Policy& policy, std::string_view actor) {
    const Person* person = policy.find_person(actor);
    return person ? person->role : Role::agent;
}

[[noreturn]] void refuse_uncovered(const Policy& policy, const std::optional<Money>& amount) {
    const std::string what = amount ? amount->to_string() : std::string("this resolution");
    std::optional<Role> largest;
    for (const Role role : policy.authority.approvers) {
        const auto& limit = policy.authority.limit(role);
        if (limit && (!largest || limit->minor > policy.authority.limit(*largest)->minor))
            largest = role;
    }
    if (!largest)
        throw Error(ExitCode::no_permission,
                    fmt::format("no approver may approve {}: [authority] approvers is empty", what),
                    {fmt::format("name the roles that approve in [authority] approvers of the "
                                 "policy ({})",
                                 policy.source)});
    const std::string limit = policy.authority.limit(*largest)->to_string();
    throw Error(
        ExitCode::no_permission,
        fmt::format("no approver may approve {}: the largest approver limit is {} {}", what,
                    name_of(*largest), limit),
        {fmt::format("settle at most {}, or raise a limit in [authority] of the policy ({})", limit,
                     policy.source)});
}

// The checks and what both steps share: the status (65), then the authority
// (77). Returns the proposal.
Resolution require_decider(EventType step, const Complaint& c, const Policy& policy,
                           const Stamp& stamp) {
    require_step(step, c, policy, stamp);
    if (!c.proposal)
        throw Error(ExitCode::io,
                    fmt::format("complaint {} is awaiting approval but no proposal is stored: "
                                "corrupt database",
                                c.id));
    const std::string verb(to_string(step));
    if (auto refusal =
            check_approver(policy, stamp.actor, c.proposal->amount, c.proposal->by, verb))
        throw Error(ExitCode::no_permission,
                    fmt::format("cannot {} complaint {}: {}", verb, c.id, refusal->reason),
                    {refusal->hint});
    return *c.proposal;
}

}  // namespace

std::string ApprovalNeed::waits_for() const {
    return fmt::format("{} ({})", approvers.empty() ? "another person" : either(approvers), reason);
}

std::optional<ApprovalNeed> approval_needed(const Policy& policy, std::string_view actor,
                                            std::string_view severity,
                                            const std::optional<Money>& amount) {
    std::vector<std::string> reasons;
    const bool people = !policy.people.empty();
    if (people) {
        const Role role = role_of(policy, actor);
        const auto& limit = policy.authority.limit(role);
        if (!covers(limit, amount))
            reasons.push_back(fmt::format("{} above {} limit {}", amount->to_string(),
                                          name_of(role), limit->to_string()));
    }
    const NamedEntry* entry = policy.find(Table::severity, severity);
    if (entry && entry->requires_approval)
        reasons.push_back(fmt::format("{} complaints need approval", severity));
    if (reasons.empty()) return std::nullopt;
    ApprovalNeed need;
    need.reason = reasons.front();
    if (reasons.size() > 1) need.reason += "; " + reasons.back();
    if (people) {
        need.approvers = approvers_for(policy, amount);
        if (need.approvers.empty()) refuse_uncovered(policy, amount);
    }
    return need;
}

std::optional<ApprovalRefusal> check_approver(const Policy& policy, std::string_view actor,
                                              const std::optional<Money>& amount,
                                              std::string_view proposer, std::string_view verb) {
    if (!policy.people.empty()) {
        const Role role = role_of(policy, actor);
        const std::vector<Role> able = approvers_for(policy, amount);
        const std::string ask =
            able.empty() ? std::string("no role may") : fmt::format("ask a {} to", either(able));
        if (!policy.authority.approves(role))
            return ApprovalRefusal{
                ApprovalCheck::role,
                fmt::format("{} is {}; approvers are {}", actor, with_article(role),
                            policy.authority.approvers.empty()
                                ? std::string("none")
                                : listed(policy.authority.approvers)),
                fmt::format("{} {} it", ask, verb)};
        const auto& limit = policy.authority.limit(role);
        if (!covers(limit, amount))
            return ApprovalRefusal{
                ApprovalCheck::limit,
                fmt::format("{} is above {}'s limit ({} {})", amount->to_string(), actor,
                            name_of(role), limit->to_string()),
                fmt::format("{} {} it", ask, verb)};
    }
    if (actor == proposer)
        return ApprovalRefusal{
            ApprovalCheck::proposer,
            fmt::format("{} proposed it; a second person must {}", actor, verb),
            fmt::format("ask someone else to {} it (--as NAME or COMPLAINTS_USER)", verb)};
    return std::nullopt;
}

Event approve(Complaint& c, const std::optional<std::string>& note, const Policy& policy,
              const Stamp& stamp) {
    const Resolution proposal = require_decider(EventType::approve, c, policy, stamp);
    Complaint next = c;
    const bool closes = settle(next, EventType::approve, proposal, policy, stamp.at);
    next.last_event_at = stamp.at;
    next.proposal.reset();
    next.approved_by = stamp.actor;
    next.approved_at = stamp.at;
    ApproveDetails details{note, proposal.by, proposal.amount,
                           next.milestone(Milestone::revisit).due, closes};
    c = std::move(next);
    return make_event(std::move(details), stamp);
}

Event decline(Complaint& c, const std::string& note, const Policy& policy, const Stamp& stamp) {
    const Resolution proposal = require_decider(EventType::decline, c, policy, stamp);
    require_text("--note", note);
    c.status = next_status(EventType::decline, c.status);
    c.proposal.reset();
    c.last_event_at = stamp.at;
    return make_event(DeclineDetails{note, proposal.by}, stamp);
}

}  // namespace complaints::domain
