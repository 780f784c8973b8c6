// Four eyes (SPEC §11): when `resolve` waits for approval, the authority
// checks of `approve` and `decline`, and those two steps.
#include <complaints/domain/approval.hpp>
#include <complaints/domain/error.hpp>
#include <complaints/domain/translate.hpp>

#include "step.hpp"

#include <fmt/format.h>

namespace complaints::domain {

namespace {

using namespace step;

// "a, b or c": stored (`ApprovalNeed::waits_for`), so never translated.
std::string either(const std::vector<Role>& roles) {
    std::string out;
    for (std::size_t i = 0; i < roles.size(); ++i) {
        if (i > 0) out += i + 1 == roles.size() ? " or " : ", ";
        out += name_of(roles[i]);
    }
    return out;
}

// The same in a message, in the user's language.
std::string either_shown(const std::vector<Role>& roles) {
    std::vector<std::string> names;
    names.reserve(roles.size());
    for (const Role role : roles) names.emplace_back(name_of(role));
    return or_list(names);
}

// `verb` ("approve" or "decline", the step's name) in a message, in the
// user's language.
std::string verb_shown(std::string_view verb) {
    if (verb == to_string(EventType::approve)) return shown_name(EventType::approve);
    if (verb == to_string(EventType::decline)) return shown_name(EventType::decline);
    return std::string(verb);
}

// "a, b, c".
std::string listed(const std::vector<Role>& roles) {
    std::string out;
    for (const Role role : roles)
        out += fmt::format("{}{}", out.empty() ? "" : ", ", name_of(role));
    return out;
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
    const std::string what = amount ? amount->to_string() : std::string(tr("this resolution"));
    std::optional<Role> largest;
    for (const Role role : policy.authority.approvers) {
        const auto& limit = policy.authority.limit(role);
        if (limit && (!largest || limit->minor > policy.authority.limit(*largest)->minor))
            largest = role;
    }
    if (!largest)
        throw Error(ExitCode::no_permission,
                    trf("no approver may approve {}: [authority] approvers is empty", what),
                    {trf("name the roles that approve in [authority] approvers of the policy ({})",
                         policy.source)});
    const std::string limit = policy.authority.limit(*largest)->to_string();
    throw Error(ExitCode::no_permission,
                // TRANSLATORS: the largest limit is a role and an amount: "manager 50000.00".
                trf("no approver may approve {}: the largest approver limit is {} {}", what,
                    name_of(*largest), limit),
                {trf("settle at most {}, or raise a limit in [authority] of the policy ({})", limit,
                     policy.source)});
}

// The checks and what both steps share: the status (65), then the authority
// (77). Returns the proposal.
Resolution require_decider(EventType step, const Complaint& c, const Policy& policy,
                           const Stamp& stamp) {
    require_step(step, c, policy, stamp);
    if (!c.proposal)
        throw Error(ExitCode::io,
                    trf("complaint {} is awaiting approval but no proposal is stored: corrupt "
                        "database",
                        c.id));
    const std::string verb(to_string(step));
    if (auto refusal =
            check_approver(policy, stamp.actor, c.proposal->amount, c.proposal->by, verb))
        throw Error(ExitCode::no_permission,
                    // TRANSLATORS: "cannot approve complaint 20261123-TEL-001: li is an agent;
                    // ..."; the first {} is the step (approve or decline).
                    trf("cannot {} complaint {}: {}", verb_shown(verb), c.id, refusal->reason),
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
            // TRANSLATORS: a hint: "ask a supervisor or manager to approve it"; the
            // first {} is one or more roles, the second the step (approve or decline).
            able.empty() ? trf("no role may {} it", verb_shown(verb))
                         : trf("ask a {} to {} it", either_shown(able), verb_shown(verb));
        if (!policy.authority.approves(role)) {
            const std::string approvers = policy.authority.approvers.empty()
                                              // TRANSLATORS: "none": no role approves.
                                              ? std::string(tr("none"))
                                              : listed(policy.authority.approvers);
            return ApprovalRefusal{
                ApprovalCheck::role,
                role == Role::agent
                    // TRANSLATORS: "li is an agent; approvers are supervisor, manager" (the
                    // roles are names of the policy).
                    ? trf("{} is an {}; approvers are {}", actor, name_of(role), approvers)
                    : trf("{} is a {}; approvers are {}", actor, name_of(role), approvers),
                ask};
        }
        const auto& limit = policy.authority.limit(role);
        if (!covers(limit, amount))
            return ApprovalRefusal{ApprovalCheck::limit,
                                   // TRANSLATORS: "8000.00 is above li's limit (agent 500.00)".
                                   trf("{} is above {}'s limit ({} {})", amount->to_string(), actor,
                                       name_of(role), limit->to_string()),
                                   ask};
    }
    if (actor == proposer)
        return ApprovalRefusal{
            ApprovalCheck::proposer,
            // TRANSLATORS: {} after "must" and "to" is the step (approve or decline).
            trf("{} proposed it; a second person must {}", actor, verb_shown(verb)),
            trf("ask someone else to {} it (--as NAME or COMPLAINTS_USER)", verb_shown(verb))};
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
