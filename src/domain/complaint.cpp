#include <complaints/domain/complaint.hpp>

#include <algorithm>

namespace complaints::domain {

namespace {

template <typename Enum, std::size_t N>
std::optional<Enum> from_names(std::string_view text, const std::array<Enum, N>& values) {
    for (const Enum v : values)
        if (to_string(v) == text) return v;
    return std::nullopt;
}

}  // namespace

std::string_view to_string(Status status) {
    switch (status) {
        case Status::registered:
            return "registered";
        case Status::assigned:
            return "assigned";
        case Status::investigating:
            return "investigating";
        case Status::resolved:
            return "resolved";
        case Status::closed:
            return "closed";
    }
    return "?";
}

std::optional<Status> status_from_string(std::string_view text) {
    return from_names(text, k_statuses);
}

std::string_view to_string(Outcome outcome) {
    switch (outcome) {
        case Outcome::refund:
            return "refund";
        case Outcome::exchange:
            return "exchange";
        case Outcome::repair:
            return "repair";
        case Outcome::compensation:
            return "compensation";
        case Outcome::apology:
            return "apology";
        case Outcome::explanation:
            return "explanation";
        case Outcome::none:
            return "none";
    }
    return "?";
}

std::optional<Outcome> outcome_from_string(std::string_view text) {
    return from_names(text, k_outcomes);
}

std::string_view to_string(RevisitResult result) {
    switch (result) {
        case RevisitResult::satisfied:
            return "satisfied";
        case RevisitResult::unsatisfied:
            return "unsatisfied";
        case RevisitResult::unreachable:
            return "unreachable";
    }
    return "?";
}

std::optional<RevisitResult> revisit_result_from_string(std::string_view text) {
    constexpr std::array<RevisitResult, 3> k_results{
        RevisitResult::satisfied, RevisitResult::unsatisfied, RevisitResult::unreachable};
    return from_names(text, k_results);
}

std::string_view to_string(Milestone milestone) {
    switch (milestone) {
        case Milestone::assign:
            return "assign";
        case Milestone::investigate:
            return "investigate";
        case Milestone::resolve:
            return "resolve";
        case Milestone::revisit:
            return "revisit";
    }
    return "?";
}

std::optional<Milestone> milestone_from_string(std::string_view text) {
    return from_names(text, k_milestones);
}

std::string_view to_string(MilestoneState state) {
    switch (state) {
        case MilestoneState::not_started:
            return "not_started";
        case MilestoneState::pending:
            return "pending";
        case MilestoneState::overdue:
            return "overdue";
        case MilestoneState::met:
            return "met";
        case MilestoneState::met_late:
            return "met_late";
    }
    return "?";
}

MilestoneState MilestoneClock::state(Instant now) const {
    if (met_at) return (due && *met_at > *due) ? MilestoneState::met_late : MilestoneState::met;
    if (!due) return MilestoneState::not_started;
    return now > *due ? MilestoneState::overdue : MilestoneState::pending;
}

std::optional<Instant> Complaint::next_deadline() const {
    std::optional<Instant> next;
    for (const auto& m : milestones)
        if (!m.met_at && m.due && (!next || *m.due < *next)) next = m.due;
    return next;
}

bool Complaint::is_overdue(Instant now) const {
    return std::any_of(milestones.begin(), milestones.end(), [now](const MilestoneClock& m) {
        return m.state(now) == MilestoneState::overdue;
    });
}

}  // namespace complaints::domain
