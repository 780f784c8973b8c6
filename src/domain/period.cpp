#include <complaints/domain/period.hpp>

#include <fmt/format.h>

namespace complaints::domain {

namespace {

using std::chrono::days;
using std::chrono::local_days;
using std::chrono::months;
using std::chrono::year_month_day;

local_days local_date(Instant t, const TimeZone& zone) {
    return std::chrono::floor<days>(zone.to_local(t));
}

// The first local date of the period containing `date`.
local_days align(local_days date, PeriodUnit unit) {
    switch (unit) {
        case PeriodUnit::day:
            return date;
        case PeriodUnit::week: {
            const std::chrono::weekday wd{date};
            return date - days{(wd.c_encoding() + 6) % 7};  // back to Monday
        }
        case PeriodUnit::month: {
            const year_month_day ymd{date};
            return local_days{ymd.year() / ymd.month() / 1};
        }
    }
    return date;
}

local_days advance(local_days start, PeriodUnit unit, int n) {
    switch (unit) {
        case PeriodUnit::day:
            return start + days{n};
        case PeriodUnit::week:
            return start + days{7 * n};
        case PeriodUnit::month: {
            const year_month_day ymd{start};
            return local_days{(ymd.year() / ymd.month() + months{n}) / 1};
        }
    }
    return start;
}

std::string label(local_days start, PeriodUnit unit) {
    const year_month_day ymd{start};
    switch (unit) {
        case PeriodUnit::day:
            return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()),
                               static_cast<unsigned>(ymd.month()),
                               static_cast<unsigned>(ymd.day()));
        case PeriodUnit::week: {
            // ISO 8601: the week belongs to the year of its Thursday.
            const year_month_day thursday{start + days{3}};
            const local_days jan1{thursday.year() / 1 / 1};
            const auto week = (local_days{thursday} - jan1).count() / 7 + 1;
            return fmt::format("{:04}-W{:02}", static_cast<int>(thursday.year()), week);
        }
        case PeriodUnit::month:
            return fmt::format("{:04}-{:02}", static_cast<int>(ymd.year()),
                               static_cast<unsigned>(ymd.month()));
    }
    return "";
}

Instant instant_of(local_days date, const TimeZone& zone) {
    return zone.to_instant(LocalTime{date.time_since_epoch()});
}

}  // namespace

std::vector<Period> periods_between(Instant from, Instant to, PeriodUnit unit,
                                    const TimeZone& zone) {
    std::vector<Period> out;
    if (to <= from) return out;
    local_days start = align(local_date(from, zone), unit);
    const local_days last = align(local_date(to - std::chrono::seconds{1}, zone), unit);
    while (start <= last) {
        const local_days next = advance(start, unit, 1);
        out.push_back({label(start, unit), instant_of(start, zone), instant_of(next, zone)});
        start = next;
    }
    return out;
}

Instant period_start(Instant t, PeriodUnit unit, int count_back, const TimeZone& zone) {
    return instant_of(advance(align(local_date(t, zone), unit), unit, -count_back), zone);
}

}  // namespace complaints::domain
