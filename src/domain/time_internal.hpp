#pragma once

// Private to src/domain: what the time zone sources (time_zone.cpp,
// time_zone_posix.cpp, time_zone_tzif.cpp) and time.cpp share.

#include <complaints/domain/time.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace complaints::domain {

namespace detail {

inline constexpr std::int64_t k_seconds_per_day = 86400;

// The day (counted from 1970-01-01) that contains second `t`, rounding down for negative `t`.
constexpr std::int64_t floor_day(std::int64_t t) {
    return t >= 0 ? t / k_seconds_per_day : -((-t + k_seconds_per_day - 1) / k_seconds_per_day);
}

inline std::chrono::year_month_day civil_date(std::int64_t day) {
    return std::chrono::year_month_day{std::chrono::sys_days{std::chrono::days{day}}};
}

// ---------------------------------------------------------------------------
// POSIX TZ rules ("EST5EDT,M3.2.0,M11.1.0"), used both for `from_posix` and for
// the footer of TZif files, which covers instants after the last transition
// (time_zone_posix.cpp).

enum class DateForm : std::uint8_t { julian_no_leap, zero_based, month_week_day };

// One end of daylight saving time: a day of the year and a local time on it.
struct RuleDate {
    DateForm form = DateForm::month_week_day;
    int day = 0;                   // Jn: 1-365; n: 0-365
    int month = 0;                 // Mm.w.d
    int week = 0;                  // 1-5, 5 = last
    int weekday = 0;               // 0 = Sunday
    std::int32_t time = 2 * 3600;  // seconds after local midnight; may be negative or > 24h

    // The day (since 1970-01-01) on which this rule falls in `year`.
    [[nodiscard]] std::int64_t day_in(int year) const;
};

struct PosixRule {
    std::int32_t std_offset = 0;  // east positive, seconds
    std::int32_t dst_offset = 0;
    bool has_dst = false;
    RuleDate start;  // given in standard local time
    RuleDate end;    // given in daylight local time

    [[nodiscard]] std::int32_t offset_at(std::int64_t t) const;
};

// Reads one POSIX TZ string; nullopt when it is malformed.
std::optional<PosixRule> parse_posix_rule(std::string_view text);

}  // namespace detail

struct TimeZone::Data {
    std::string name;
    std::vector<std::int64_t> transition_times;    // ascending, UTC seconds
    std::vector<std::int32_t> transition_offsets;  // offset in force from each transition on
    std::int32_t initial_offset = 0;               // time type 0: before the first transition
    std::optional<detail::PosixRule> rule;         // after the last transition
};

}  // namespace complaints::domain
