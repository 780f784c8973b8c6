#include <complaints/domain/hold.hpp>
#include <complaints/domain/translate.hpp>

namespace complaints::domain {

Instant shift_for_hold(Instant due, Instant held_from, Instant held_to, DurationUnit unit,
                       const Calendar& calendar, const TimeZone& zone) {
    if (held_to <= held_from) {
        return due;
    }
    if (!is_working_unit(unit)) {
        return require_in_range(due + (held_to - held_from), tr("the deadline moved by the hold"));
    }
    // Working time moves a `wd` deadline too, not whole days: a hold of an hour
    // gives an hour more, not a day (SPEC §10).
    return add_working_time(due, working_time_between(held_from, held_to, calendar, zone), calendar,
                            zone);
}

Instant shift_for_holds(Instant due, std::span<const HoldPeriod> holds, DurationUnit unit,
                        const Calendar& calendar, const TimeZone& zone) {
    for (const HoldPeriod& hold : holds) {
        due = shift_for_hold(due, hold.from, hold.to, unit, calendar, zone);
    }
    return due;
}

}  // namespace complaints::domain
