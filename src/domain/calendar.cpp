#include <complaints/domain/calendar.hpp>

#include <complaints/domain/error.hpp>
#include <complaints/domain/translate.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <optional>

namespace complaints::domain {

namespace {

using std::chrono::days;
using std::chrono::minutes;

// How long a search may run through days without any working time before the
// calendar is declared unworkable. Long enough for any real holiday list, short
// enough to answer at once; it bounds idle stretches, not the whole search, so
// `100000wd` still works.
constexpr int k_max_idle_days = 20 * 366;

constexpr std::int64_t k_max_count = 100000;

struct UnitName {
    DurationUnit unit;
    std::string_view suffix;
};

constexpr UnitName k_unit_names[] = {
    {DurationUnit::minutes, "m"},       {DurationUnit::hours, "h"},
    {DurationUnit::days, "d"},          {DurationUnit::business_hours, "bh"},
    {DurationUnit::working_days, "wd"},
};

[[noreturn]] void no_working_time() {
    throw Error(ExitCode::config, tr("the calendar has no working time"));
}

bool is_open(const WorkingHours& hours) {
    return hours.end > hours.begin;
}

std::chrono::year_month_day to_date(LocalDate date) {
    return std::chrono::year_month_day{date};
}

// What a visitor of `walk_working_time` asks for next.
enum class Walk { next, stop };

// How a walk through working time ended.
enum class WalkEnd { stopped, reached_until, past_9999 };

// A local date well past the last instant the tool stores (k_latest_instant),
// whatever the zone's offset: a walk that reaches it can only find instants after
// the year 9999, so it stops there instead of running on through millions of days
// (a limit of `100000bh` with one working minute a day).
constexpr LocalDate k_past_9999{std::chrono::year{10000} / std::chrono::January / 10};

// The one walk through working time (`bh` deadlines, holds): calls
// `visit(from, closes)` for each working interval that closes after `start`, in
// order, `from` being the latest of its opening, `start` and the previous
// closing, until `visit` returns Walk::stop. With `until`, the walk ends quietly
// after the local date of `until`: past it there is nothing left to count,
// however long the idle stretch before it. Without `until`, k_max_idle_days days
// without working time mean the calendar never works again: no_working_time().
// Either way the walk ends (WalkEnd::past_9999) when it reaches k_past_9999.
template <typename Visit>
WalkEnd walk_working_time(Instant start, std::optional<Instant> until, const Calendar& calendar,
                          const TimeZone& zone, Visit&& visit) {
    // Where counting resumes: after the last closing, so that no instant counts twice
    // even when a DST gap pushes a closing past the next opening.
    Instant cursor = start;
    LocalDate date = std::chrono::floor<days>(zone.to_local(start));
    // A day beyond the date of `until`, in case the wall clock steps back over midnight.
    std::optional<LocalDate> last;
    if (until) {
        last = std::chrono::floor<days>(zone.to_local(*until)) + days{1};
    }
    for (int idle = 0; last ? date <= *last : idle <= k_max_idle_days; ++idle, date += days{1}) {
        if (date >= k_past_9999) {
            return WalkEnd::past_9999;
        }
        if (!calendar.is_working_day(to_date(date))) {
            continue;
        }
        for (const WorkingHours& hours : calendar.hours) {
            if (!is_open(hours)) {
                continue;
            }
            // Each bound goes through the zone, so an interval over a DST change has
            // its real length.
            const Instant opens = zone.to_instant(LocalTime{date} + minutes{hours.begin});
            const Instant closes = zone.to_instant(LocalTime{date} + minutes{hours.end});
            const Instant from = std::max(opens, cursor);
            if (closes <= from) {
                continue;
            }
            if (visit(from, closes) == Walk::stop) {
                return WalkEnd::stopped;
            }
            cursor = closes;
            idle = -1;
        }
    }
    if (!last) {
        no_working_time();
    }
    return WalkEnd::reached_until;
}

// The close of the `count`-th working day after the local date of `start`;
// nullopt when it would fall after the year 9999.
std::optional<Instant> add_working_days(Instant start, std::int64_t count, const Calendar& calendar,
                                        const TimeZone& zone) {
    int closing = 0;
    for (const WorkingHours& hours : calendar.hours) {
        if (is_open(hours)) {
            closing = std::max(closing, hours.end);
        }
    }
    LocalDate date = std::chrono::floor<days>(zone.to_local(start));
    std::int64_t found = 0;
    for (int idle = 0; idle < k_max_idle_days; ++idle) {
        date += days{1};
        if (date >= k_past_9999) {
            return std::nullopt;
        }
        if (!calendar.is_working_day(to_date(date))) {
            continue;
        }
        if (++found == count) {
            const Instant end = zone.to_instant(LocalTime{date} + minutes{closing});
            return end <= k_latest_instant ? std::optional<Instant>(end) : std::nullopt;
        }
        idle = -1;
    }
    no_working_time();
}

// `start` plus `amount` of working time (add_working_time); nullopt when it would
// fall after the year 9999.
std::optional<Instant> add_working_time_in_range(Instant start, std::chrono::seconds amount,
                                                 const Calendar& calendar, const TimeZone& zone) {
    // Checked before the walk, which would move a zero amount to the next opening.
    if (amount <= std::chrono::seconds::zero()) {
        return start;
    }
    Instant end{};
    const WalkEnd walked =
        walk_working_time(start, std::nullopt, calendar, zone, [&](Instant from, Instant closes) {
            // `<=`: time running out exactly at closing gives the closing, not the next
            // opening.
            if (amount <= closes - from) {
                end = from + amount;
                return Walk::stop;
            }
            amount -= closes - from;
            return Walk::next;
        });
    if (walked != WalkEnd::stopped || end > k_latest_instant) {
        return std::nullopt;
    }
    return end;
}

}  // namespace

bool Calendar::is_working_day(std::chrono::year_month_day date) const {
    // An extra workday wins over a holiday on the same date: it is listed to be worked.
    if (std::binary_search(extra_workdays.begin(), extra_workdays.end(), date)) {
        return true;
    }
    if (std::binary_search(holidays.begin(), holidays.end(), date)) {
        return false;
    }
    return workdays[std::chrono::weekday{std::chrono::sys_days{date}}.c_encoding()];
}

bool Calendar::can_work() const {
    const bool any_hours = std::any_of(hours.begin(), hours.end(), is_open);
    const bool any_day = !extra_workdays.empty() ||
                         std::any_of(workdays.begin(), workdays.end(), [](bool b) { return b; });
    return any_hours && any_day;
}

std::optional<Duration> Duration::parse(std::string_view text) {
    // Leading zeros are refused ("05h"), so every duration has exactly one spelling
    // and `parse(d.to_string()) == d` and `parse(s)->to_string() == s` both hold.
    std::size_t digits = 0;
    while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') {
        ++digits;
    }
    // Seven digits would already exceed the maximum, and fewer cannot overflow.
    if (digits == 0 || digits > 6 || text[0] == '0') {
        return std::nullopt;
    }
    std::int64_t count = 0;
    for (std::size_t i = 0; i < digits; ++i) {
        count = count * 10 + (text[i] - '0');
    }
    if (count > k_max_count) {
        return std::nullopt;
    }
    const std::string_view suffix = text.substr(digits);
    for (const UnitName& name : k_unit_names) {
        if (suffix == name.suffix) {
            return Duration{count, name.unit};
        }
    }
    return std::nullopt;
}

std::string Duration::to_string() const {
    for (const UnitName& name : k_unit_names) {
        if (name.unit == unit) {
            return fmt::format("{}{}", count, name.suffix);
        }
    }
    return fmt::format("{}?", count);
}

std::optional<Instant> add_duration_in_range(Instant start, const Duration& limit,
                                             const Calendar& calendar, const TimeZone& zone) {
    // Clock units cannot overflow: the start is a stored instant and the count at
    // most k_max_count; only the year has to be checked.
    std::optional<Instant> end;
    switch (limit.unit) {
        case DurationUnit::minutes:
            end = start + minutes{limit.count};
            break;
        case DurationUnit::hours:
            end = start + std::chrono::hours{limit.count};
            break;
        case DurationUnit::days:
            // Clock days: a day across a DST change is still 24 hours (SPEC §3.1).
            end = start + std::chrono::hours{24 * limit.count};
            break;
        case DurationUnit::business_hours:
        case DurationUnit::working_days:
            if (!calendar.can_work()) {
                no_working_time();
            }
            // `Duration::parse` never gives a count below 1; should one be built by
            // hand, no working time has to pass and the start stands.
            if (limit.count < 1) {
                end = start;
            } else if (limit.unit == DurationUnit::business_hours) {
                end = add_working_time_in_range(start, std::chrono::hours{limit.count}, calendar,
                                                zone);
            } else {
                end = add_working_days(start, limit.count, calendar, zone);
            }
            break;
    }
    if (!end || *end > k_latest_instant) {
        return std::nullopt;
    }
    return end;
}

Instant add_duration(Instant start, const Duration& limit, const Calendar& calendar,
                     const TimeZone& zone) {
    if (const auto end = add_duration_in_range(start, limit, calendar, zone)) {
        return *end;
    }
    throw Error(ExitCode::data,
                trf("the time {} after {} would fall after the year 9999", limit.to_string(),
                    format_utc(start)),
                {tr("times and deadlines must lie in the years 1970 to 9999 (UTC)")});
}

std::chrono::seconds working_time_between(Instant from, Instant to, const Calendar& calendar,
                                          const TimeZone& zone) {
    std::chrono::seconds total{0};
    if (to <= from) {
        return total;
    }
    walk_working_time(from, to, calendar, zone, [&](Instant begin, Instant closes) {
        if (begin >= to) {
            return Walk::stop;
        }
        total += std::min(closes, to) - begin;
        return closes < to ? Walk::next : Walk::stop;
    });
    return total;
}

Instant add_working_time(Instant start, std::chrono::seconds amount, const Calendar& calendar,
                         const TimeZone& zone) {
    if (const auto end = add_working_time_in_range(start, amount, calendar, zone)) {
        return *end;
    }
    throw Error(ExitCode::data,
                trf("{} of working time after {} would fall after the year 9999",
                    format_span(amount), format_utc(start)),
                {tr("times and deadlines must lie in the years 1970 to 9999 (UTC)")});
}

}  // namespace complaints::domain
