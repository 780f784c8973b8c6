#include <complaints/domain/complaint.hpp>

#include <algorithm>

namespace complaints::domain {

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
