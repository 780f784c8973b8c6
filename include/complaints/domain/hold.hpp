#pragma once

#include <complaints/domain/calendar.hpp>
#include <complaints/domain/time.hpp>

#include <span>

namespace complaints::domain {

// True for the units whose time is working time (`bh`, `wd`): a hold moves a
// deadline of such a unit by the working time held, any other by clock time.
constexpr bool is_working_unit(DurationUnit unit) {
    switch (unit) {
        case DurationUnit::business_hours:
        case DurationUnit::working_days:
            return true;
        case DurationUnit::minutes:
        case DurationUnit::hours:
        case DurationUnit::days:
            return false;
    }
    return false;
}

// The deadline `due` after a hold from `held_from` to `held_to`, for a deadline
// set by a limit of `unit` (SPEC §10, "hold and resume"): for a working unit,
// `due` plus, as working time, the working time between hold and resume; for a
// clock unit, `due` plus the clock time between them. Never earlier than
// `due`: a hold that does not end after it starts moves nothing, and neither
// does one without working time for a working unit.
// Throws `Error` (ExitCode::config) when working time must be added and no
// working time follows `due`.
Instant shift_for_hold(Instant due, Instant held_from, Instant held_to, DurationUnit unit,
                       const Calendar& calendar, const TimeZone& zone);

// One hold of a complaint: put on hold at `from`, resumed at `to`.
struct HoldPeriod {
    Instant from{};
    Instant to{};
    friend bool operator==(const HoldPeriod&, const HoldPeriod&) = default;
};

// The deadline `due` after all of `holds`, in order: shift_for_hold applied for
// each in turn.
Instant shift_for_holds(Instant due, std::span<const HoldPeriod> holds, DurationUnit unit,
                        const Calendar& calendar, const TimeZone& zone);

}  // namespace complaints::domain
