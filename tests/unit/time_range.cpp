// Times and deadlines stay in the years 1970-9999 (SPEC §12): what parse_time
// accepts, and what deadline arithmetic refuses.
#include <complaints/domain/calendar.hpp>
#include <complaints/domain/error.hpp>
#include <complaints/domain/hold.hpp>
#include <complaints/domain/time.hpp>

#include <doctest/doctest.h>

#include "support.hpp"

#include <string>

using namespace complaints;
using namespace complaints::domain;
using namespace std::chrono_literals;

using test_support::utc;

namespace {

// Calls `f`, which must throw Error with `code`; returns its message.
template <typename F>
std::string error_of(F&& f, ExitCode code) {
    try {
        f();
    } catch (const Error& e) {
        CHECK(e.code() == code);
        return e.what();
    }
    FAIL("expected an Error");
    return "";
}

// Works one minute a day, every day.
Calendar one_minute_a_day() {
    Calendar calendar;
    calendar.workdays.fill(true);
    calendar.hours = {{9 * 60, 9 * 60 + 1}};
    return calendar;
}

}  // namespace

TEST_CASE("k_earliest_instant and k_latest_instant") {
    CHECK(format_utc(k_earliest_instant) == "1970-01-01T00:00:00Z");
    CHECK(format_utc(k_latest_instant) == "9999-12-31T23:59:59Z");
    CHECK(in_range(k_earliest_instant));
    CHECK(in_range(k_latest_instant));
    CHECK_FALSE(in_range(k_earliest_instant - 1s));
    CHECK_FALSE(in_range(k_latest_instant + 1s));
}

TEST_CASE("parse_time refuses instants outside 1970-9999") {
    const TimeZone shanghai = test_support::shanghai().zone;
    const TimeZone utc_zone = TimeZone::utc();
    const Instant now = utc(2026, 11, 23, 2);
    SUBCASE("accepted at the very ends") {
        CHECK(parse_time("1970-01-01T00:00:00Z", shanghai, now) == k_earliest_instant);
        CHECK(parse_time("1970-01-01", utc_zone, now) == k_earliest_instant);
        CHECK(parse_time("1970-01-01 08:00", shanghai, now) == k_earliest_instant);
        CHECK(parse_time("9999-12-31T23:59:59Z", shanghai, now) == k_latest_instant);
        CHECK(parse_time("9999-12-31 10:00", shanghai, now) == utc(9999, 12, 31, 2));
        CHECK(parse_time("10000-01-01", utc_zone, now) == std::nullopt);
    }
    SUBCASE("refused before 1970, the offset applied") {
        for (const std::string text :
             {"0000-01-01", "0001-01-01 00:00", "1969-12-31T23:59:59Z", "1970-01-01",
              "1970-01-01 07:59:59", "1970-01-01T00:00:00+00:01"}) {
            CAPTURE(text);
            CHECK(parse_time(text, shanghai, now) == std::nullopt);
        }
    }
    SUBCASE("refused after 9999, the offset applied") {
        for (const std::string text : {"9999-12-31T23:59:59-00:01", "9999-12-31 23:59-01:00"}) {
            CAPTURE(text);
            CHECK(parse_time(text, shanghai, now) == std::nullopt);
        }
        const auto behind = TimeZone::from_posix("EST5");
        REQUIRE(behind.has_value());
        CHECK(parse_time("9999-12-31 23:59", *behind, now) == std::nullopt);
        CHECK(parse_time("9999-12-31 18:59:59", *behind, now) == k_latest_instant);
    }
    SUBCASE("now out of range") {
        CHECK(parse_time("now", shanghai, k_latest_instant + 1s) == std::nullopt);
        CHECK(parse_time("now", shanghai, k_earliest_instant - 1s) == std::nullopt);
        CHECK(parse_time("now", shanghai, now) == now);
    }
}

TEST_CASE("require_in_range") {
    CHECK(require_in_range(k_latest_instant, "x") == k_latest_instant);
    CHECK(error_of([] { (void)require_in_range(k_latest_instant + 1s, "the deadline"); },
                   ExitCode::data) == "the deadline would fall after the year 9999");
    CHECK(error_of([] { (void)require_in_range(k_earliest_instant - 1s, "the time"); },
                   ExitCode::data) == "the time would fall before the year 1970");
}

TEST_CASE("add_duration past the year 9999") {
    const TimeZone zone = test_support::shanghai().zone;
    const Calendar calendar = test_support::spec_calendar();
    const Instant late = utc(9999, 12, 31, 2);  // 10:00 on a Friday in Shanghai
    SUBCASE("clock units") {
        for (const std::string text : {"22h", "1d", "1320m", "100000d"}) {
            CAPTURE(text);
            const Duration d = *Duration::parse(text);
            CHECK(add_duration_in_range(late, d, calendar, zone) == std::nullopt);
            const std::string message =
                error_of([&] { (void)add_duration(late, d, calendar, zone); }, ExitCode::data);
            CHECK(message.find("would fall after the year 9999") != std::string::npos);
        }
        // Up to the last second is fine.
        CHECK(add_duration_in_range(late, *Duration::parse("21h"), calendar, zone) ==
              utc(9999, 12, 31, 23));
    }
    SUBCASE("working hours and working days") {
        for (const std::string text : {"9bh", "100000bh", "1wd", "100000wd"}) {
            CAPTURE(text);
            const Duration d = *Duration::parse(text);
            CHECK(add_duration_in_range(late, d, calendar, zone) == std::nullopt);
        }
        // The rest of Friday is still 9999.
        CHECK(add_duration_in_range(late, *Duration::parse("7bh"), calendar, zone) ==
              utc(9999, 12, 31, 10));
    }
    SUBCASE("100000bh at one working minute a day stops at the year 9999") {
        // About six million days: the walk gives up at the year 10000, not after them.
        const Duration d = *Duration::parse("100000bh");
        CHECK(add_duration_in_range(utc(2026, 11, 23), d, one_minute_a_day(), zone) ==
              std::nullopt);
        CHECK(error_of(
                  [&] {
                      (void)add_working_time(utc(2026, 11, 23), 100000h, one_minute_a_day(), zone);
                  },
                  ExitCode::data)
                  .find("would fall after the year 9999") != std::string::npos);
        // The same calendar still answers a limit that fits.
        CHECK(add_duration_in_range(utc(2026, 11, 23), *Duration::parse("1bh"), one_minute_a_day(),
                                    zone) == utc(2026, 11, 23) + std::chrono::days{59} + 1h + 1min);
    }
    SUBCASE("a calendar that never works is still a config error") {
        Calendar never = calendar;
        never.workdays.fill(false);
        (void)error_of(
            [&] { (void)add_duration(utc(2026, 11, 23), *Duration::parse("1bh"), never, zone); },
            ExitCode::config);
    }
}

TEST_CASE("Policy::deadline names the milestone and the limit past 9999") {
    Policy p = test_support::shanghai();
    p.calendar = one_minute_a_day();
    p.limits[Milestone::assign] = *Duration::parse("100000bh");
    const std::string message = error_of(
        [&] {
            (void)p.deadline(Milestone::assign, "complaint", "product", "general",
                             utc(2026, 11, 23));
        },
        ExitCode::data);
    CHECK(message ==
          "the assign deadline would fall after the year 9999: the policy's limit '100000bh' is "
          "too long");
}

TEST_CASE("shift_for_hold past 9999") {
    const TimeZone zone = test_support::shanghai().zone;
    const Calendar calendar = test_support::spec_calendar();
    const Instant due = utc(9999, 6, 1);
    // A hold from 2026 to the end of 9999 moves a clock deadline by almost 8000 years.
    CHECK(error_of(
              [&] {
                  (void)shift_for_hold(due, utc(2026, 1, 1), utc(9999, 12, 31), DurationUnit::hours,
                                       calendar, zone);
              },
              ExitCode::data) == "the deadline moved by the hold would fall after the year 9999");
    (void)error_of(
        [&] {
            (void)shift_for_hold(due, utc(2026, 1, 1), utc(9999, 12, 31),
                                 DurationUnit::business_hours, calendar, zone);
        },
        ExitCode::data);
    // A hold that fits still moves it.
    CHECK(shift_for_hold(due, utc(2026, 1, 1), utc(2026, 1, 2), DurationUnit::hours, calendar,
                         zone) == due + 24h);
}
