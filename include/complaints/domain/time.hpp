#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace complaints::domain {

// An instant in UTC, to the second. Everything is stored and computed as this.
using Instant = std::chrono::sys_seconds;
// A wall-clock time in some zone, to the second, not yet tied to an instant.
using LocalTime = std::chrono::local_seconds;
using LocalDate = std::chrono::local_days;

// A time zone: UTC offsets over time, built from a TZif file (RFC 8536,
// versions 1 to 4, including its POSIX TZ footer for instants past the last
// transition) or from a POSIX TZ string such as "CST-8" or
// "EST5EDT,M3.2.0,M11.1.0". Pure: it never reads files itself (see
// `policy::load_zone`). Cheap to copy (shares its data).
class TimeZone {
public:
    // The zone named "UTC" with offset zero.
    static TimeZone utc();
    // Parses the bytes of a TZif file. `name` is only remembered for display.
    // Throws `Error` (ExitCode::config) when `bytes` is not a valid TZif file.
    static TimeZone from_tzif(std::string name, std::string_view bytes);
    // Parses a POSIX TZ string (std offset [dst [offset] [,start[/time],end[/time]]]).
    // Returns nullopt when `spec` is not one.
    static std::optional<TimeZone> from_posix(std::string_view spec);

    // The name given when the zone was made ("Asia/Shanghai", "UTC", ...).
    [[nodiscard]] const std::string& name() const;
    // The offset of local time from UTC at instant `t` (east positive).
    [[nodiscard]] std::chrono::seconds offset_at(Instant t) const;
    // The local wall-clock time at instant `t`.
    [[nodiscard]] LocalTime to_local(Instant t) const;
    // The instant at which the wall clock reads `local`. In an overlap (clocks
    // set back) the earlier instant; in a gap (clocks set forward) the time is
    // moved forward by the length of the gap, as the wall clock would be.
    [[nodiscard]] Instant to_instant(LocalTime local) const;

    struct Data;

private:
    explicit TimeZone(std::shared_ptr<const Data> data) : m_data(std::move(data)) {}
    std::shared_ptr<const Data> m_data;
};

// The first and the last instant the tool accepts, computes and stores
// (SPEC §12): 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z. Beyond them a
// four-digit year cannot hold the time, and nothing unreadable is ever stored.
inline constexpr Instant k_earliest_instant{std::chrono::seconds{0}};
inline constexpr Instant k_latest_instant{std::chrono::seconds{253'402'300'799}};

// True when `t` lies from k_earliest_instant to k_latest_instant.
constexpr bool in_range(Instant t) {
    return t >= k_earliest_instant && t <= k_latest_instant;
}

// `t` when it is in_range; otherwise throws `Error` (ExitCode::data) saying
// that `what` ("the deadline moved by the hold") would fall outside the years
// 1970 to 9999.
Instant require_in_range(Instant t, std::string_view what);

// Parses a user-given time: `YYYY-MM-DD`, `YYYY-MM-DD HH:MM`,
// `YYYY-MM-DD HH:MM:SS`, the same with `T` for the space, each optionally
// followed by `Z` or `±HH:MM`; or `now`. Without an offset the time is read in
// `zone`. Returns nullopt for anything else (the caller reports exit 64),
// and for a time whose instant is not in_range (before 1970 or after 9999 in
// UTC, whatever the offset), `now` included.
std::optional<Instant> parse_time(std::string_view text, const TimeZone& zone, Instant now);

// Parses the storage form `YYYY-MM-DDTHH:MM:SSZ`; nullopt when malformed.
std::optional<Instant> parse_utc(std::string_view text);
// `2026-11-20T07:00:00Z`: how instants are stored and shown in views.
std::string format_utc(Instant t);
// `2026-11-23 14:30` in `zone`: text output.
std::string format_local(Instant t, const TimeZone& zone);
// `2026-11-23T14:30:00+08:00` in `zone`: JSON output (RFC 3339).
std::string format_rfc3339(Instant t, const TimeZone& zone);
// The local date of `t` in `zone` as `YYYYMMDD` (used in complaint numbers).
std::string format_compact_date(Instant t, const TimeZone& zone);
// A span for people: "3d 4h", "5h 20m", "12m", "0m" (sign dropped).
std::string format_span(std::chrono::seconds span);

}  // namespace complaints::domain
