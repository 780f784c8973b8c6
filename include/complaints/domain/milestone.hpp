#pragma once

#include <complaints/domain/calendar.hpp>
#include <complaints/domain/names.hpp>
#include <complaints/domain/time.hpp>
#include <complaints/domain/translate.hpp>

#include <array>
#include <optional>
#include <string_view>

namespace complaints::domain {

// The steps whose time limits are tracked (SPEC §3.2, §10), and `hold`: the
// review of a complaint held longer than `[hold] review_after`, due at the
// hold's start plus that duration and met by `resume`. Only the first five
// take limits from `[limits]` and the `limits = {…}` of kinds, categories and
// severities (`k_limited_milestones`); `hold`'s one limit is
// `[hold] review_after`, kept in `Policy::limits` like the others.
enum class Milestone { acknowledge, assign, investigate, resolve, revisit, hold };
template <>
struct EnumNames<Milestone> {
    static constexpr std::array<std::string_view, 6> k_names{
        // TRANSLATORS: the milestones (tracked steps with a deadline) of a complaint,
        // shown in tables and in `show`; the same words name the steps of its
        // history (assign 分派, hold 暂停, ...).
        N_("acknowledge"), N_("assign"),  N_("investigate"),
        N_("resolve"),     N_("revisit"), N_("hold")};
};
inline constexpr auto k_milestones = all_values<Milestone>();
inline constexpr std::array<Milestone, 5> k_limited_milestones{
    Milestone::acknowledge, Milestone::assign, Milestone::investigate, Milestone::resolve,
    Milestone::revisit};

constexpr std::string_view to_string(Milestone milestone) {
    return name_of(milestone);
}
constexpr std::optional<Milestone> milestone_from_string(std::string_view text) {
    return parse_name<Milestone>(text);
}

// A time limit for each milestone; an empty slot means "not set here". A
// limit of `"none"` (`none[m]`, with no duration) means the milestone is not
// tracked, and wins over every other applicable limit (SPEC §10).
struct Limits {
    std::array<std::optional<Duration>, k_count<Milestone>> of{};
    std::array<bool, k_count<Milestone>> none{};

    [[nodiscard]] bool is_none(Milestone m) const { return none[static_cast<std::size_t>(m)]; }
    void set_none(Milestone m) {
        none[static_cast<std::size_t>(m)] = true;
        of[static_cast<std::size_t>(m)].reset();
    }
    // Set here: a duration or "none".
    [[nodiscard]] bool is_set(Milestone m) const { return is_none(m) || (*this)[m].has_value(); }

    [[nodiscard]] const std::optional<Duration>& operator[](Milestone m) const {
        return of[static_cast<std::size_t>(m)];
    }
    std::optional<Duration>& operator[](Milestone m) { return of[static_cast<std::size_t>(m)]; }
    [[nodiscard]] bool empty() const {
        for (const auto& d : of)
            if (d) return false;
        for (const bool n : none)
            if (n) return false;
        return true;
    }
};

// `paused`: unmet while the complaint is on hold; `stopped`: unmet when the
// complaint ended (closed, rejected, withdrawn) — neither is ever overdue.
enum class MilestoneState { not_started, pending, overdue, met, met_late, paused, stopped };
template <>
struct EnumNames<MilestoneState> {
    static constexpr std::array<std::string_view, 7> k_names{
        "not_started", "pending", "overdue", "met", "met_late", "paused", "stopped"};
};
constexpr std::string_view to_string(MilestoneState state) {
    return name_of(state);
}

// A milestone of one complaint: its stored deadline and when it was met,
// when its clock started and the limit that set the deadline (the unit a hold
// moves it in; absent for complaints stored before version 4).
struct MilestoneClock {
    std::optional<Instant> due;
    std::optional<Instant> met_at;
    std::optional<Instant> started_at;
    std::optional<Duration> limit;

    // Met on time, met late, overdue (unmet and `now` past the deadline),
    // pending (unmet, deadline ahead) or not started (no clock yet), for a
    // complaint whose clocks run; see `Complaint::state` for the others.
    [[nodiscard]] MilestoneState state(Instant now) const;
};

}  // namespace complaints::domain
