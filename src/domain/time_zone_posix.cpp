// POSIX TZ strings ("EST5EDT,M3.2.0,M11.1.0"): reading them and the offsets they give.

#include "time_internal.hpp"

#include <cstddef>
#include <limits>

namespace complaints::domain::detail {

namespace {

using std::chrono::days;
using std::chrono::sys_days;

std::int64_t day_number(int y, unsigned m, unsigned d) {
    return sys_days{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}}
        .time_since_epoch()
        .count();
}

// A recursive-descent reader of one POSIX TZ string; every method returns
// false/nullopt on malformed input and the caller gives up.
class PosixParser {
public:
    explicit PosixParser(std::string_view text) : m_text(text) {}

    std::optional<PosixRule> parse() {
        PosixRule rule;
        if (!parse_name()) {
            return std::nullopt;
        }
        const auto std_offset = parse_hms(2, 24);
        if (!std_offset) {
            return std::nullopt;
        }
        // POSIX offsets are west positive ("CST-8" is UTC+8).
        rule.std_offset = -*std_offset;
        if (at_end()) {
            return rule;
        }
        if (!parse_name()) {
            return std::nullopt;
        }
        rule.has_dst = true;
        rule.dst_offset = rule.std_offset + 3600;
        if (!at_end() && peek() != ',') {
            const auto dst_offset = parse_hms(2, 24);
            if (!dst_offset) {
                return std::nullopt;
            }
            rule.dst_offset = -*dst_offset;
        }
        if (at_end()) {
            // POSIX leaves the default rule to the implementation; the US rule is usual.
            rule.start = RuleDate{DateForm::month_week_day, 0, 3, 2, 0, 2 * 3600};
            rule.end = RuleDate{DateForm::month_week_day, 0, 11, 1, 0, 2 * 3600};
            return rule;
        }
        if (!eat(',')) {
            return std::nullopt;
        }
        const auto start = parse_date();
        if (!start || !eat(',')) {
            return std::nullopt;
        }
        const auto end = parse_date();
        if (!end || !at_end()) {
            return std::nullopt;
        }
        rule.start = *start;
        rule.end = *end;
        return rule;
    }

private:
    [[nodiscard]] bool at_end() const { return m_pos == m_text.size(); }
    [[nodiscard]] char peek() const { return at_end() ? '\0' : m_text[m_pos]; }
    static bool is_digit(char c) { return c >= '0' && c <= '9'; }
    static bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

    bool eat(char c) {
        if (peek() != c) {
            return false;
        }
        ++m_pos;
        return true;
    }

    // A zone abbreviation: three or more letters, or `<...>` with letters, digits, + and -.
    bool parse_name() {
        std::size_t length = 0;
        if (eat('<')) {
            while (!at_end() &&
                   (is_alpha(peek()) || is_digit(peek()) || peek() == '+' || peek() == '-')) {
                ++m_pos;
                ++length;
            }
            return eat('>') && length >= 3;
        }
        while (!at_end() && is_alpha(peek())) {
            ++m_pos;
            ++length;
        }
        return length >= 3;
    }

    // An unsigned number of `min_digits` to `max_digits` digits.
    std::optional<int> parse_number(std::size_t min_digits, std::size_t max_digits) {
        int value = 0;
        std::size_t count = 0;
        while (count < max_digits && is_digit(peek())) {
            value = value * 10 + (peek() - '0');
            ++m_pos;
            ++count;
        }
        if (count < min_digits) {
            return std::nullopt;
        }
        return value;
    }

    // `[+-]h[h][:mm[:ss]]` as signed seconds; hours have at most `hour_digits` digits
    // and are at most `max_hours`.
    std::optional<std::int32_t> parse_hms(std::size_t hour_digits, int max_hours) {
        int sign = 1;
        if (eat('-')) {
            sign = -1;
        } else {
            eat('+');
        }
        const auto hours = parse_number(1, hour_digits);
        if (!hours || *hours > max_hours) {
            return std::nullopt;
        }
        int minutes = 0;
        int secs = 0;
        if (eat(':')) {
            const auto mm = parse_number(2, 2);
            if (!mm || *mm > 59) {
                return std::nullopt;
            }
            minutes = *mm;
            if (eat(':')) {
                const auto ss = parse_number(2, 2);
                if (!ss || *ss > 59) {
                    return std::nullopt;
                }
                secs = *ss;
            }
        }
        return sign * (*hours * 3600 + minutes * 60 + secs);
    }

    // `Jn`, `n` or `Mm.w.d`, then an optional `/time` (RFC 8536 allows -167h to 167h).
    std::optional<RuleDate> parse_date() {
        RuleDate date;
        if (eat('J')) {
            const auto n = parse_number(1, 3);
            if (!n || *n < 1 || *n > 365) {
                return std::nullopt;
            }
            date.form = DateForm::julian_no_leap;
            date.day = *n;
        } else if (eat('M')) {
            const auto month = parse_number(1, 2);
            if (!month || *month < 1 || *month > 12 || !eat('.')) {
                return std::nullopt;
            }
            const auto week = parse_number(1, 1);
            if (!week || *week < 1 || *week > 5 || !eat('.')) {
                return std::nullopt;
            }
            const auto weekday = parse_number(1, 1);
            if (!weekday || *weekday > 6) {
                return std::nullopt;
            }
            date.form = DateForm::month_week_day;
            date.month = *month;
            date.week = *week;
            date.weekday = *weekday;
        } else {
            const auto n = parse_number(1, 3);
            if (!n || *n > 365) {
                return std::nullopt;
            }
            date.form = DateForm::zero_based;
            date.day = *n;
        }
        if (eat('/')) {
            const auto time = parse_hms(3, 167);
            if (!time) {
                return std::nullopt;
            }
            date.time = *time;
        }
        return date;
    }

    std::string_view m_text;
    std::size_t m_pos = 0;
};

}  // namespace

std::int64_t RuleDate::day_in(int year) const {
    const std::int64_t jan1 = day_number(year, 1, 1);
    switch (form) {
        case DateForm::julian_no_leap: {
            // Jn never counts February 29, so from March on a leap year is one day later.
            const bool leap = std::chrono::year{year}.is_leap();
            return jan1 + day - 1 + (leap && day >= 60 ? 1 : 0);
        }
        case DateForm::zero_based:
            return jan1 + day;
        case DateForm::month_week_day:
            break;
    }
    const std::int64_t first = day_number(year, static_cast<unsigned>(month), 1);
    const auto first_weekday =
        static_cast<int>(std::chrono::weekday{sys_days{days{first}}}.c_encoding());
    std::int64_t result = first + (weekday - first_weekday + 7) % 7 + std::int64_t{week - 1} * 7;
    if (week == 5) {
        const auto ymd_last = std::chrono::year{year} /
                              std::chrono::month{static_cast<unsigned>(month)} / std::chrono::last;
        const std::int64_t last = sys_days{ymd_last}.time_since_epoch().count();
        while (result > last) {
            result -= 7;
        }
    }
    return result;
}

std::int32_t PosixRule::offset_at(std::int64_t t) const {
    if (!has_dst) {
        return std_offset;
    }
    // Rule times may reach ±167h, so a change of a neighbouring year can govern `t`:
    // take the latest change at or before `t` among three years. Ties go to the later
    // change, which keeps permanent DST ("0/0,J365/25") in DST.
    const int year = static_cast<int>(civil_date(floor_day(t + std_offset)).year());
    std::int64_t best = std::numeric_limits<std::int64_t>::min();
    std::int32_t result = std_offset;
    const auto consider = [&](std::int64_t when, std::int32_t offset) {
        if (when <= t && when >= best) {
            best = when;
            result = offset;
        }
    };
    for (int y = year - 1; y <= year + 1; ++y) {
        const std::int64_t begins = start.day_in(y) * k_seconds_per_day + start.time - std_offset;
        const std::int64_t ends = end.day_in(y) * k_seconds_per_day + end.time - dst_offset;
        if (begins <= ends) {
            consider(begins, dst_offset);
            consider(ends, std_offset);
        } else {
            consider(ends, std_offset);
            consider(begins, dst_offset);
        }
    }
    return result;
}

std::optional<PosixRule> parse_posix_rule(std::string_view text) {
    return PosixParser(text).parse();
}

}  // namespace complaints::domain::detail
