// Reading and writing instants (`parse_time`, `format_utc`, ...) and spans.

#include <complaints/domain/time.hpp>

#include "time_internal.hpp"

#include <complaints/domain/error.hpp>
#include <complaints/domain/translate.hpp>

#include <fmt/format.h>

#include <cstddef>

namespace complaints::domain {

namespace {

using detail::civil_date;
using detail::floor_day;
using detail::k_seconds_per_day;
using std::chrono::seconds;
using std::chrono::sys_days;

// Splits seconds since the epoch into civil fields.
struct Civil {
    int year = 0;
    unsigned month = 0;
    unsigned day = 0;
    int hour = 0;
    int minute = 0;
    int second = 0;
};

Civil to_civil(std::int64_t t) {
    const std::int64_t day = floor_day(t);
    const auto ymd = civil_date(day);
    const auto in_day = static_cast<int>(t - day * k_seconds_per_day);
    return Civil{static_cast<int>(ymd.year()),
                 static_cast<unsigned>(ymd.month()),
                 static_cast<unsigned>(ymd.day()),
                 in_day / 3600,
                 in_day / 60 % 60,
                 in_day % 60};
}

std::int64_t local_count(Instant t, const TimeZone& zone) {
    return zone.to_local(t).time_since_epoch().count();
}

// Reads exactly `n` ASCII digits at `pos`.
std::optional<int> read_digits(std::string_view text, std::size_t pos, std::size_t n) {
    if (pos > text.size() || text.size() - pos < n) {
        return std::nullopt;
    }
    int value = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        if (text[i] < '0' || text[i] > '9') {
            return std::nullopt;
        }
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

enum class OffsetForm : std::uint8_t { none, utc, explicit_offset };

struct ParsedTime {
    std::int64_t local = 0;  // seconds since the epoch, as read
    OffsetForm form = OffsetForm::none;
    std::int32_t offset = 0;  // east positive, for `explicit_offset`
};

// `YYYY-MM-DD[( |T)HH:MM[:SS]][Z|±HH:MM]`, every field range-checked.
std::optional<ParsedTime> parse_time_text(std::string_view text) {
    const auto year = read_digits(text, 0, 4);
    const auto month = read_digits(text, 5, 2);
    const auto day = read_digits(text, 8, 2);
    if (!year || !month || !day || text[4] != '-' || text[7] != '-') {
        return std::nullopt;
    }
    const std::chrono::year_month_day date{std::chrono::year{*year},
                                           std::chrono::month{static_cast<unsigned>(*month)},
                                           std::chrono::day{static_cast<unsigned>(*day)}};
    if (!date.ok()) {
        return std::nullopt;
    }
    int hour = 0;
    int minute = 0;
    int second = 0;
    std::size_t pos = 10;
    if (pos < text.size() && (text[pos] == ' ' || text[pos] == 'T')) {
        const auto hh = read_digits(text, pos + 1, 2);
        const auto mm = read_digits(text, pos + 4, 2);
        if (!hh || !mm || text[pos + 3] != ':' || *hh > 23 || *mm > 59) {
            return std::nullopt;
        }
        hour = *hh;
        minute = *mm;
        pos += 6;
        if (pos < text.size() && text[pos] == ':') {
            const auto ss = read_digits(text, pos + 1, 2);
            if (!ss || *ss > 59) {
                return std::nullopt;
            }
            second = *ss;
            pos += 3;
        }
    }
    ParsedTime result;
    result.local = sys_days{date}.time_since_epoch().count() * k_seconds_per_day +
                   std::int64_t{hour} * 3600 + std::int64_t{minute} * 60 + second;
    if (pos == text.size()) {
        return result;
    }
    if (text[pos] == 'Z' && pos + 1 == text.size()) {
        result.form = OffsetForm::utc;
        return result;
    }
    if ((text[pos] == '+' || text[pos] == '-') && text.size() == pos + 6) {
        const auto hh = read_digits(text, pos + 1, 2);
        const auto mm = read_digits(text, pos + 4, 2);
        if (!hh || !mm || text[pos + 3] != ':' || *hh > 23 || *mm > 59) {
            return std::nullopt;
        }
        result.form = OffsetForm::explicit_offset;
        result.offset = (text[pos] == '-' ? -1 : 1) * (*hh * 3600 + *mm * 60);
        return result;
    }
    return std::nullopt;
}

}  // namespace

namespace {

std::optional<Instant> read_time(std::string_view text, const TimeZone& zone, Instant now) {
    if (text == "now") {
        return now;
    }
    const auto parsed = parse_time_text(text);
    if (!parsed) {
        return std::nullopt;
    }
    switch (parsed->form) {
        case OffsetForm::none:
            return zone.to_instant(LocalTime{seconds{parsed->local}});
        case OffsetForm::utc:
            return Instant{seconds{parsed->local}};
        case OffsetForm::explicit_offset:
            break;
    }
    return Instant{seconds{parsed->local - parsed->offset}};
}

}  // namespace

Instant require_in_range(Instant t, std::string_view what) {
    if (in_range(t)) {
        return t;
    }
    throw Error(
        ExitCode::data,
        // TRANSLATORS: {} is what would fall outside, e.g. "the deadline moved by the hold".
        t < k_earliest_instant ? trf("{} would fall before the year {}", what, 1970)
                               : trf("{} would fall after the year {}", what, 9999),
        {tr("times and deadlines must lie in the years 1970 to 9999 (UTC)")});
}

std::optional<Instant> parse_time(std::string_view text, const TimeZone& zone, Instant now) {
    // Checked after the zone is applied: `1970-01-01` in UTC+8 is still 1969 in UTC,
    // and a stored instant must be writable as a four-digit UTC year.
    const auto t = read_time(text, zone, now);
    if (!t || !in_range(*t)) {
        return std::nullopt;
    }
    return t;
}

std::optional<Instant> parse_utc(std::string_view text) {
    if (text.size() != 20 || text[10] != 'T' || text[16] != ':' || text[19] != 'Z') {
        return std::nullopt;
    }
    const auto parsed = parse_time_text(text);
    if (!parsed || parsed->form != OffsetForm::utc) {
        return std::nullopt;
    }
    return Instant{seconds{parsed->local}};
}

namespace {

// `value` (0 <= value < 10^digits) as `digits` decimal digits at `at`.
void put_digits(std::string& out, std::size_t at, long long value, int digits) {
    for (int i = digits - 1; i >= 0; --i, value /= 10)
        out[at + static_cast<std::size_t>(i)] = static_cast<char>('0' + value % 10);
}

// `YYYY-MM-DDTHH:MM:SS` of `c` at the start of `out`, by hand: every stored
// and every JSON time passes here (fmt's parsing of the format string was
// most of the cost). Only for years 0 to 9999.
void put_civil(std::string& out, const Civil& c) {
    put_digits(out, 0, c.year, 4);
    out[4] = '-';
    put_digits(out, 5, c.month, 2);
    out[7] = '-';
    put_digits(out, 8, c.day, 2);
    out[10] = 'T';
    put_digits(out, 11, c.hour, 2);
    out[13] = ':';
    put_digits(out, 14, c.minute, 2);
    out[16] = ':';
    put_digits(out, 17, c.second, 2);
}

}  // namespace

std::string format_utc(Instant t) {
    const Civil c = to_civil(t.time_since_epoch().count());
    if (c.year < 0 || c.year > 9999)
        return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", c.year, c.month, c.day, c.hour,
                           c.minute, c.second);
    std::string out(20, 'Z');
    put_civil(out, c);
    return out;
}

std::string format_local(Instant t, const TimeZone& zone) {
    const Civil c = to_civil(local_count(t, zone));
    if (c.year < 0 || c.year > 9999)
        return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}", c.year, c.month, c.day, c.hour,
                           c.minute);
    std::string out(19, ':');
    put_civil(out, c);
    out[10] = ' ';
    out.resize(16);
    return out;
}

std::string format_rfc3339(Instant t, const TimeZone& zone) {
    // RFC 3339 offsets have no seconds. Old local mean times (+08:05:43) are cut to
    // whole minutes and the wall time shown with that offset, so the text still
    // names the instant `t` exactly.
    const std::int64_t offset_minutes = zone.offset_at(t).count() / 60;
    const Civil c = to_civil(t.time_since_epoch().count() + offset_minutes * 60);
    const std::int64_t magnitude = offset_minutes < 0 ? -offset_minutes : offset_minutes;
    if (c.year < 0 || c.year > 9999 || magnitude >= std::int64_t{100} * 60)
        return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}{:02}:{:02}", c.year, c.month,
                           c.day, c.hour, c.minute, c.second, offset_minutes < 0 ? '-' : '+',
                           magnitude / 60, magnitude % 60);
    std::string out(25, ':');
    put_civil(out, c);
    out[19] = offset_minutes < 0 ? '-' : '+';
    put_digits(out, 20, magnitude / 60, 2);
    put_digits(out, 23, magnitude % 60, 2);
    return out;
}

std::string format_compact_date(Instant t, const TimeZone& zone) {
    const Civil c = to_civil(local_count(t, zone));
    return fmt::format("{:04}{:02}{:02}", c.year, c.month, c.day);
}

std::string format_span(std::chrono::seconds span) {
    const std::int64_t count = span.count();
    // Unsigned, so that the most negative count has a magnitude too.
    const std::uint64_t s =
        count < 0 ? 0 - static_cast<std::uint64_t>(count) : static_cast<std::uint64_t>(count);
    if (s >= 86400) {
        const std::uint64_t hours = s % 86400 / 3600;
        return hours == 0 ? fmt::format("{}d", s / 86400)
                          : fmt::format("{}d {}h", s / 86400, hours);
    }
    if (s >= 3600) {
        const std::uint64_t minutes = s % 3600 / 60;
        return minutes == 0 ? fmt::format("{}h", s / 3600)
                            : fmt::format("{}h {}m", s / 3600, minutes);
    }
    return fmt::format("{}m", s / 60);
}

}  // namespace complaints::domain
