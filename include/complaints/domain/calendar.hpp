#pragma once

#include <complaints/domain/time.hpp>

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace complaints::domain {

// A span of working hours within one day, as minutes after local midnight:
// [begin, end). `end` may be 1440 (midnight at the end of the day).
struct WorkingHours {
    int begin = 0;
    int end = 0;
    friend bool operator==(const WorkingHours&, const WorkingHours&) = default;
};

// When an organisation works: weekdays, hours within a day (in order, not
// overlapping, possibly several, e.g. a lunch break), holidays and make-up
// working days (调休). A date is a working day when its weekday is in
// `workdays` and it is not a holiday, or when it is an extra workday.
struct Calendar {
    // Indexed by std::chrono::weekday::c_encoding(): 0 = Sunday ... 6 = Saturday.
    std::array<bool, 7> workdays{false, true, true, true, true, true, false};
    std::vector<WorkingHours> hours = std::vector<WorkingHours>(1, WorkingHours{9 * 60, 18 * 60});
    std::vector<std::chrono::year_month_day> holidays;        // kept sorted
    std::vector<std::chrono::year_month_day> extra_workdays;  // kept sorted

    [[nodiscard]] bool is_working_day(std::chrono::year_month_day date) const;
    // True when at least one date can ever be a working day and there are hours.
    [[nodiscard]] bool can_work() const;
};

enum class DurationUnit { minutes, hours, days, business_hours, working_days };

// A time limit: `Nm`, `Nh`, `Nd` (clock), `Nbh` (working hours), `Nwd`
// (end of working hours on the N-th working day after the start's date).
struct Duration {
    std::int64_t count = 0;
    DurationUnit unit = DurationUnit::minutes;

    // Parses `30m`, `24h`, `2d`, `4bh`, `1wd`; N a positive integer (no sign,
    // no spaces, at most 100000). Returns nullopt otherwise.
    static std::optional<Duration> parse(std::string_view text);
    // The same notation back: `4bh`.
    [[nodiscard]] std::string to_string() const;
    friend bool operator==(const Duration&, const Duration&) = default;
};

// The deadline that `limit` gives for a clock started at `start`, with
// working time read from `calendar` in `zone` (SPEC §3.1); nullopt when it
// would fall after the year 9999 (past k_latest_instant), found as soon as
// the count passes that year, however slowly the calendar works.
// Throws `Error` (ExitCode::config) when the calendar never works.
std::optional<Instant> add_duration_in_range(Instant start, const Duration& limit,
                                             const Calendar& calendar, const TimeZone& zone);

// add_duration_in_range, throwing `Error` (ExitCode::data) for a deadline
// after the year 9999.
Instant add_duration(Instant start, const Duration& limit, const Calendar& calendar,
                     const TimeZone& zone);

// The working time between `from` and `to`: only time inside `calendar.hours`
// on working days, read in `zone`, counts, each interval with its real length
// (an interval over a DST change is an hour shorter or longer). Zero when `to`
// is not after `from`, and for a calendar that never works (never throws).
std::chrono::seconds working_time_between(Instant from, Instant to, const Calendar& calendar,
                                          const TimeZone& zone);

// `start` plus `amount` of working time: the clock runs only inside working
// hours, from `start` or from the next opening when `start` is outside them.
// Time running out exactly at a closing gives that closing, not the next
// opening. An `amount` of zero or less returns `start` unchanged, even outside
// working hours. `Nbh` is this with N hours (SPEC §3.1).
// Throws `Error` (ExitCode::config) when no working time follows `start`,
// and (ExitCode::data) when the result would fall after the year 9999.
Instant add_working_time(Instant start, std::chrono::seconds amount, const Calendar& calendar,
                         const TimeZone& zone);

// Clock time from `from` until `to` (negative when `to` is earlier).
inline std::chrono::seconds between(Instant from, Instant to) {
    return to - from;
}

}  // namespace complaints::domain
