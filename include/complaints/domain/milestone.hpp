#pragma once

#include <complaints/domain/calendar.hpp>
#include <complaints/domain/names.hpp>
#include <complaints/domain/time.hpp>

#include <array>
#include <optional>
#include <string_view>

namespace complaints::domain {

// The four steps whose time limits are tracked (SPEC §3.2).
enum class Milestone { assign, investigate, resolve, revisit };
template <>
struct EnumNames<Milestone> {
    static constexpr std::array<std::string_view, 4> k_names{"assign", "investigate", "resolve",
                                                             "revisit"};
};
inline constexpr auto k_milestones = all_values<Milestone>();

constexpr std::string_view to_string(Milestone milestone) {
    return name_of(milestone);
}
constexpr std::optional<Milestone> milestone_from_string(std::string_view text) {
    return parse_name<Milestone>(text);
}

// A time limit for each milestone; an empty slot means "not set here".
struct Limits {
    std::array<std::optional<Duration>, k_count<Milestone>> of{};

    [[nodiscard]] const std::optional<Duration>& operator[](Milestone m) const {
        return of[static_cast<std::size_t>(m)];
    }
    std::optional<Duration>& operator[](Milestone m) { return of[static_cast<std::size_t>(m)]; }
    [[nodiscard]] bool empty() const {
        for (const auto& d : of)
            if (d) return false;
        return true;
    }
};

enum class MilestoneState { not_started, pending, overdue, met, met_late };
template <>
struct EnumNames<MilestoneState> {
    static constexpr std::array<std::string_view, 5> k_names{"not_started", "pending", "overdue",
                                                             "met", "met_late"};
};
constexpr std::string_view to_string(MilestoneState state) {
    return name_of(state);
}

// A milestone of one complaint: its stored deadline and when it was met.
struct MilestoneClock {
    std::optional<Instant> due;
    std::optional<Instant> met_at;

    // Met on time, met late, overdue (unmet and `now` past the deadline),
    // pending (unmet, deadline ahead) or not started (no clock yet).
    [[nodiscard]] MilestoneState state(Instant now) const;
};

}  // namespace complaints::domain
