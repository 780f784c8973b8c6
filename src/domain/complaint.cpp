#include <complaints/domain/complaint.hpp>

#include <algorithm>

namespace complaints::domain {

MilestoneState MilestoneClock::state(Instant now) const {
    if (met_at) return (due && *met_at > *due) ? MilestoneState::met_late : MilestoneState::met;
    if (!due) return MilestoneState::not_started;
    return now > *due ? MilestoneState::overdue : MilestoneState::pending;
}

bool Complaint::counts(Milestone m, Status status) {
    if (is_final(status)) return false;
    return (status == Status::on_hold) == (m == Milestone::hold);
}

MilestoneState Complaint::state(Milestone m, Instant now) const {
    const MilestoneState plain = milestone(m).state(now);
    if (plain != MilestoneState::pending && plain != MilestoneState::overdue) return plain;
    if (is_final(status)) return MilestoneState::stopped;
    if (!counts(m, status)) return MilestoneState::paused;
    return plain;
}

std::optional<Instant> Complaint::next_deadline() const {
    std::optional<Instant> next;
    for (const Milestone m : k_milestones) {
        const MilestoneClock& clock = milestone(m);
        if (counts(m, status) && !clock.met_at && clock.due && (!next || *clock.due < *next))
            next = clock.due;
    }
    return next;
}

bool Complaint::is_overdue(Instant now) const {
    return std::any_of(k_milestones.begin(), k_milestones.end(),
                       [&](Milestone m) { return state(m, now) == MilestoneState::overdue; });
}

}  // namespace complaints::domain
