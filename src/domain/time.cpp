#include <complaints/domain/time.hpp>

#include <complaints/domain/error.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cstddef>
#include <limits>
#include <utility>

namespace complaints::domain {

namespace {

using std::chrono::days;
using std::chrono::seconds;
using std::chrono::sys_days;
using std::chrono::year_month_day;

constexpr std::int64_t k_seconds_per_day = 86400;

// The day (counted from 1970-01-01) that contains second `t`, rounding down for negative `t`.
constexpr std::int64_t floor_day(std::int64_t t) {
    return t >= 0 ? t / k_seconds_per_day : -((-t + k_seconds_per_day - 1) / k_seconds_per_day);
}

year_month_day civil_date(std::int64_t day) {
    return year_month_day{sys_days{days{day}}};
}

std::int64_t day_number(int y, unsigned m, unsigned d) {
    return sys_days{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}}
        .time_since_epoch()
        .count();
}

// ---------------------------------------------------------------------------
// POSIX TZ rules ("EST5EDT,M3.2.0,M11.1.0"), used both for `from_posix` and for
// the footer of TZif files, which covers instants after the last transition.

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
    [[nodiscard]] std::int64_t day_in(int year) const {
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
        std::int64_t result =
            first + (weekday - first_weekday + 7) % 7 + std::int64_t{week - 1} * 7;
        if (week == 5) {
            const auto ymd_last = std::chrono::year{year} /
                                  std::chrono::month{static_cast<unsigned>(month)} /
                                  std::chrono::last;
            const std::int64_t last = sys_days{ymd_last}.time_since_epoch().count();
            while (result > last) {
                result -= 7;
            }
        }
        return result;
    }
};

struct PosixRule {
    std::int32_t std_offset = 0;  // east positive, seconds
    std::int32_t dst_offset = 0;
    bool has_dst = false;
    RuleDate start;  // given in standard local time
    RuleDate end;    // given in daylight local time

    [[nodiscard]] std::int32_t offset_at(std::int64_t t) const {
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
            const std::int64_t begins =
                start.day_in(y) * k_seconds_per_day + start.time - std_offset;
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
};

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

// ---------------------------------------------------------------------------
// TZif (RFC 8536)

// Reads big-endian integers from a TZif file, throwing on truncation.
class ByteReader {
public:
    ByteReader(std::string_view bytes, const std::string& name) : m_bytes(bytes), m_name(name) {}

    [[noreturn]] void fail(std::string_view why) const {
        throw Error(ExitCode::config,
                    fmt::format("invalid time zone file \"{}\": {}", m_name, why));
    }

    [[nodiscard]] std::size_t remaining() const { return m_bytes.size() - m_pos; }

    void need(std::size_t n) const {
        if (remaining() < n) {
            fail("truncated data");
        }
    }

    std::string_view take(std::size_t n) {
        need(n);
        const std::string_view result = m_bytes.substr(m_pos, n);
        m_pos += n;
        return result;
    }

    void skip(std::size_t n) { take(n); }

    std::uint8_t u8() { return static_cast<std::uint8_t>(take(1)[0]); }

    std::uint64_t big_endian(std::size_t n) {
        const std::string_view bytes = take(n);
        std::uint64_t value = 0;
        for (const char c : bytes) {
            value = (value << 8) | static_cast<std::uint8_t>(c);
        }
        return value;
    }

    std::uint32_t u32() { return static_cast<std::uint32_t>(big_endian(4)); }
    std::int32_t i32() { return static_cast<std::int32_t>(u32()); }
    std::int64_t i64() { return static_cast<std::int64_t>(big_endian(8)); }

private:
    std::string_view m_bytes;
    const std::string& m_name;
    std::size_t m_pos = 0;
};

struct TzifHeader {
    char version = 0;
    std::uint32_t isutcnt = 0;
    std::uint32_t isstdcnt = 0;
    std::uint32_t leapcnt = 0;
    std::uint32_t timecnt = 0;
    std::uint32_t typecnt = 0;
    std::uint32_t charcnt = 0;

    // The size of the data block that follows, with `time_size`-byte times.
    [[nodiscard]] std::size_t block_size(std::size_t time_size) const {
        return std::size_t{timecnt} * (time_size + 1) + std::size_t{typecnt} * 6 + charcnt +
               std::size_t{leapcnt} * (time_size + 4) + isstdcnt + isutcnt;
    }
};

TzifHeader read_header(ByteReader& reader) {
    if (reader.take(4) != "TZif") {
        reader.fail("not a TZif file");
    }
    TzifHeader header;
    header.version = static_cast<char>(reader.u8());
    // Versions 2 to 4 share one layout; later versions are promised to stay compatible.
    if (header.version != '\0' && header.version < '2') {
        reader.fail("unknown version");
    }
    reader.skip(15);
    header.isutcnt = reader.u32();
    header.isstdcnt = reader.u32();
    header.leapcnt = reader.u32();
    header.timecnt = reader.u32();
    header.typecnt = reader.u32();
    header.charcnt = reader.u32();
    return header;
}

}  // namespace

struct TimeZone::Data {
    std::string name;
    std::vector<std::int64_t> transition_times;    // ascending, UTC seconds
    std::vector<std::int32_t> transition_offsets;  // offset in force from each transition on
    std::int32_t initial_offset = 0;               // time type 0: before the first transition
    std::optional<PosixRule> rule;                 // after the last transition
};

namespace {

// Reads one data block into `data`; `time_size` is 4 (version 1) or 8.
void read_block(ByteReader& reader, const TzifHeader& header, std::size_t time_size,
                TimeZone::Data& data) {
    if (header.typecnt == 0 || header.charcnt == 0) {
        reader.fail("no local time types");
    }
    if ((header.isutcnt != 0 && header.isutcnt != header.typecnt) ||
        (header.isstdcnt != 0 && header.isstdcnt != header.typecnt)) {
        reader.fail("inconsistent counts");
    }
    // Check the whole size first, so that absurd counts never cause large allocations.
    reader.need(header.block_size(time_size));

    data.transition_times.reserve(header.timecnt);
    for (std::uint32_t i = 0; i < header.timecnt; ++i) {
        const std::int64_t t = time_size == 4 ? reader.i32() : reader.i64();
        if (!data.transition_times.empty() && t <= data.transition_times.back()) {
            reader.fail("transitions out of order");
        }
        data.transition_times.push_back(t);
    }
    std::vector<std::uint8_t> type_indexes(header.timecnt);
    for (auto& index : type_indexes) {
        index = reader.u8();
        if (index >= header.typecnt) {
            reader.fail("bad local time type index");
        }
    }
    std::vector<std::int32_t> offsets(header.typecnt);
    for (auto& offset : offsets) {
        offset = reader.i32();
        const std::uint8_t is_dst = reader.u8();
        const std::uint8_t abbreviation = reader.u8();
        // RFC 8536 bounds: -25h+1s to 26h-1s.
        if (offset < -89999 || offset > 93599 || is_dst > 1 || abbreviation >= header.charcnt) {
            reader.fail("bad local time type");
        }
    }
    // Abbreviations, leap seconds (time + correction), standard/wall and UT/local
    // indicators: not needed to map instants to wall-clock time.
    reader.skip(header.charcnt);
    reader.skip(std::size_t{header.leapcnt} * (time_size + 4));
    reader.skip(header.isstdcnt);
    reader.skip(header.isutcnt);

    data.initial_offset = offsets[0];
    data.transition_offsets.reserve(header.timecnt);
    for (const std::uint8_t index : type_indexes) {
        data.transition_offsets.push_back(offsets[index]);
    }
}

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

TimeZone TimeZone::utc() {
    // Shared, so that asking for UTC repeatedly does not allocate.
    static const auto k_utc = [] {
        auto data = std::make_shared<Data>();
        data->name = "UTC";
        return std::shared_ptr<const Data>(std::move(data));
    }();
    return TimeZone(k_utc);
}

TimeZone TimeZone::from_tzif(std::string name, std::string_view bytes) {
    auto data = std::make_shared<Data>();
    data->name = std::move(name);
    ByteReader reader(bytes, data->name);

    const TzifHeader first = read_header(reader);
    if (first.version == '\0') {
        read_block(reader, first, 4, *data);
    } else {
        // Version 2+: the 32-bit block is only there for old readers.
        reader.skip(first.block_size(4));
        const TzifHeader second = read_header(reader);
        read_block(reader, second, 8, *data);
        if (reader.u8() != '\n') {
            reader.fail("bad footer");
        }
        const std::string_view rest = reader.take(reader.remaining());
        const std::size_t newline = rest.find('\n');
        if (newline == std::string_view::npos || newline + 1 != rest.size()) {
            reader.fail("bad footer");
        }
        const std::string_view footer = rest.substr(0, newline);
        if (!footer.empty()) {
            data->rule = PosixParser(footer).parse();
            if (!data->rule) {
                reader.fail(fmt::format("bad footer \"{}\"", footer));
            }
        }
    }
    if (reader.remaining() != 0) {
        reader.fail("trailing data");
    }
    return TimeZone(std::move(data));
}

std::optional<TimeZone> TimeZone::from_posix(std::string_view spec) {
    auto rule = PosixParser(spec).parse();
    if (!rule) {
        return std::nullopt;
    }
    auto data = std::make_shared<Data>();
    data->name = std::string(spec);
    data->initial_offset = rule->std_offset;
    data->rule = *rule;
    return TimeZone(std::move(data));
}

const std::string& TimeZone::name() const {
    return m_data->name;
}

std::chrono::seconds TimeZone::offset_at(Instant t) const {
    const Data& data = *m_data;
    const std::int64_t s = t.time_since_epoch().count();
    const auto& times = data.transition_times;
    if (times.empty()) {
        return seconds{data.rule ? data.rule->offset_at(s) : data.initial_offset};
    }
    if (s < times.front()) {
        return seconds{data.initial_offset};
    }
    if (s > times.back() && data.rule) {
        return seconds{data.rule->offset_at(s)};
    }
    const auto after = std::upper_bound(times.begin(), times.end(), s);
    const auto index = static_cast<std::size_t>(after - times.begin()) - 1;
    return seconds{data.transition_offsets[index]};
}

LocalTime TimeZone::to_local(Instant t) const {
    return LocalTime{t.time_since_epoch() + offset_at(t)};
}

Instant TimeZone::to_instant(LocalTime local) const {
    // Offsets in force a day either side bracket any single transition near `local`
    // (offsets stay well under a day). Each is tried; a consistent one is an answer.
    const Instant as_utc{local.time_since_epoch()};
    const seconds before = offset_at(as_utc - days{1});
    const seconds after = offset_at(as_utc + days{1});
    const Instant with_before = as_utc - before;
    const Instant with_after = as_utc - after;
    const bool before_fits = offset_at(with_before) == before;
    const bool after_fits = offset_at(with_after) == after;
    if (before_fits && after_fits) {
        return std::min(with_before, with_after);  // overlap: the earlier instant
    }
    if (after_fits) {
        return with_after;
    }
    // Either `before` fits, or `local` is in a gap: reading it with the offset in
    // force before the gap moves it forward by the gap's length.
    return with_before;
}

std::optional<Instant> parse_time(std::string_view text, const TimeZone& zone, Instant now) {
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

std::string format_utc(Instant t) {
    const Civil c = to_civil(t.time_since_epoch().count());
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", c.year, c.month, c.day, c.hour,
                       c.minute, c.second);
}

std::string format_local(Instant t, const TimeZone& zone) {
    const Civil c = to_civil(local_count(t, zone));
    return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}", c.year, c.month, c.day, c.hour, c.minute);
}

std::string format_rfc3339(Instant t, const TimeZone& zone) {
    // RFC 3339 offsets have no seconds. Old local mean times (+08:05:43) are cut to
    // whole minutes and the wall time shown with that offset, so the text still
    // names the instant `t` exactly.
    const std::int64_t offset_minutes = zone.offset_at(t).count() / 60;
    const Civil c = to_civil(t.time_since_epoch().count() + offset_minutes * 60);
    const std::int64_t magnitude = offset_minutes < 0 ? -offset_minutes : offset_minutes;
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}{:02}:{:02}", c.year, c.month, c.day,
                       c.hour, c.minute, c.second, offset_minutes < 0 ? '-' : '+', magnitude / 60,
                       magnitude % 60);
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
