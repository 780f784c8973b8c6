#include <complaints/domain/calendar.hpp>
#include <complaints/domain/error.hpp>

#include <doctest/doctest.h>

#include "support.hpp"

#include <fstream>
#include <iterator>
#include <string>

using namespace complaints;
using namespace complaints::domain;
using namespace std::chrono_literals;

using test_support::spec_calendar;
using test_support::utc;

namespace {

TimeZone load_zone(const std::string& name) {
    std::ifstream in("/usr/share/zoneinfo/" + name, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "missing zoneinfo file " << name);
    const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    return TimeZone::from_tzif(name, bytes);
}

std::chrono::year_month_day ymd(int y, unsigned m, unsigned d) {
    return std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d};
}

// A calendar with `hours`, Mon-Fri or every day. Designated rather than default-constructed
// and assigned: with the latter GCC 12 at -O2 falsely warns (-Wmaybe-uninitialized) about
// the default `hours` initializer list.
Calendar weekdays(std::vector<WorkingHours> hours) {
    return Calendar{.workdays = {false, true, true, true, true, true, false},
                    .hours = std::move(hours),
                    .holidays = {},
                    .extra_workdays = {}};
}

Calendar every_day(std::vector<WorkingHours> hours) {
    return Calendar{.workdays = {true, true, true, true, true, true, true},
                    .hours = std::move(hours),
                    .holidays = {},
                    .extra_workdays = {}};
}

Duration limit(std::string_view text) {
    const auto duration = Duration::parse(text);
    REQUIRE_MESSAGE(duration.has_value(), text);
    return *duration;
}

// Deadline for a start given as local text, as local text: the tables read like the spec.
std::string deadline(std::string_view start, std::string_view duration, const Calendar& calendar,
                     const TimeZone& zone) {
    const auto begin = parse_time(start, zone, Instant{});
    REQUIRE_MESSAGE(begin.has_value(), start);
    return format_local(add_duration(*begin, limit(duration), calendar, zone), zone);
}

struct Row {
    const char* start;
    const char* limit;
    const char* deadline;
};

void check_rows(std::initializer_list<Row> rows, const Calendar& calendar, const TimeZone& zone) {
    for (const Row& row : rows) {
        CAPTURE(row.start);
        CAPTURE(row.limit);
        CHECK(deadline(row.start, row.limit, calendar, zone) == row.deadline);
    }
}

}  // namespace

TEST_CASE("Calendar::is_working_day") {
    const Calendar calendar = spec_calendar();
    struct DayRow {
        std::chrono::year_month_day date;
        bool working;
    };
    const DayRow rows[] = {
        {ymd(2026, 11, 23), true},   // Monday
        {ymd(2026, 11, 20), true},   // Friday
        {ymd(2026, 11, 21), false},  // Saturday
        {ymd(2026, 11, 22), false},  // Sunday
        {ymd(2026, 10, 1), false},   // Thursday, holiday
        {ymd(2026, 10, 7), false},   // Wednesday, holiday
        {ymd(2026, 10, 8), true},    // Thursday
        {ymd(2026, 10, 10), true},   // Saturday, make-up day
        {ymd(2026, 10, 3), false},   // Saturday within the holiday
    };
    for (const DayRow& row : rows) {
        CAPTURE(static_cast<unsigned>(row.date.day()));
        CHECK(calendar.is_working_day(row.date) == row.working);
    }
    // A make-up day listed as a holiday too is still worked.
    Calendar both = calendar;
    both.holidays.push_back(ymd(2026, 10, 10));
    CHECK(both.is_working_day(ymd(2026, 10, 10)));
}

TEST_CASE("Calendar::can_work") {
    CHECK(Calendar{}.can_work());
    CHECK(spec_calendar().can_work());

    Calendar no_days;
    no_days.workdays.fill(false);
    CHECK_FALSE(no_days.can_work());
    no_days.extra_workdays = {ymd(2026, 10, 10)};
    CHECK(no_days.can_work());

    Calendar no_hours = weekdays({});
    CHECK_FALSE(no_hours.can_work());
    no_hours.hours = {{600, 600}};
    CHECK_FALSE(no_hours.can_work());
}

TEST_CASE("add_duration: spec table 3.1") {
    const TimeZone zone = load_zone("Asia/Shanghai");
    check_rows(
        {
            {"2026-11-20 15:00", "1wd", "2026-11-23 18:00"},
            {"2026-11-21 10:00", "1wd", "2026-11-23 18:00"},
            {"2026-11-20 15:00", "4bh", "2026-11-23 10:00"},
            {"2026-11-23 11:30", "1bh", "2026-11-23 13:30"},
            {"2026-11-22 20:00", "2bh", "2026-11-23 11:00"},
            {"2026-11-20 15:00", "24h", "2026-11-21 15:00"},
            {"2026-09-30 10:00", "1wd", "2026-10-08 18:00"},
            {"2026-09-30 10:00", "3wd", "2026-10-10 18:00"},
        },
        spec_calendar(), zone);
}

TEST_CASE("add_duration: more rows on the spec calendar") {
    const TimeZone zone = load_zone("Asia/Shanghai");
    check_rows(
        {
            // Running out exactly at closing gives the closing, not the next opening.
            {"2026-11-20 15:00", "3bh", "2026-11-20 18:00"},
            {"2026-11-23 09:00", "3bh", "2026-11-23 12:00"},
            {"2026-11-23 09:00", "8bh", "2026-11-23 18:00"},
            {"2026-11-23 09:00", "9bh", "2026-11-24 10:00"},
            // Starting inside the lunch break, at an opening, at a closing, before opening.
            {"2026-11-23 12:30", "1bh", "2026-11-23 14:00"},
            {"2026-11-23 13:00", "1bh", "2026-11-23 14:00"},
            {"2026-11-20 18:00", "1bh", "2026-11-23 10:00"},
            {"2026-11-23 07:00", "30m", "2026-11-23 07:30"},
            {"2026-11-23 07:00", "1bh", "2026-11-23 10:00"},
            // Holidays are skipped, the make-up Saturday is worked.
            {"2026-09-30 17:00", "2bh", "2026-10-08 10:00"},
            {"2026-10-09 17:00", "2bh", "2026-10-10 10:00"},
            {"2026-10-09 10:00", "1wd", "2026-10-10 18:00"},
            {"2026-10-10 10:00", "1wd", "2026-10-12 18:00"},
            // wd counts from the start's date, whatever the time of day.
            {"2026-11-23 23:30", "1wd", "2026-11-24 18:00"},
            {"2026-11-23 00:00", "5wd", "2026-11-30 18:00"},
            // Clock units ignore the calendar.
            {"2026-11-20 15:00", "2d", "2026-11-22 15:00"},
            {"2026-11-20 15:00", "90m", "2026-11-20 16:30"},
            {"2026-11-20 15:00", "1m", "2026-11-20 15:01"},
            {"2026-09-30 10:00", "1d", "2026-10-01 10:00"},
        },
        spec_calendar(), zone);
}

TEST_CASE("add_duration: intervals ending at midnight") {
    const TimeZone zone = load_zone("Asia/Shanghai");
    const Calendar night = every_day({{22 * 60, 24 * 60}});
    check_rows(
        {
            {"2026-11-23 23:00", "1bh", "2026-11-24 00:00"},
            {"2026-11-23 23:00", "2bh", "2026-11-24 23:00"},
            {"2026-11-23 12:00", "1wd", "2026-11-25 00:00"},
        },
        night, zone);
}

TEST_CASE("add_duration: across DST in America/New_York") {
    const TimeZone zone = load_zone("America/New_York");
    const Calendar office;  // Mon-Fri 09:00-18:00

    SUBCASE("bh and wd over the spring-forward weekend keep wall-clock hours") {
        const auto start = parse_time("2026-03-06 17:00", zone, Instant{});
        REQUIRE(start.has_value());
        CHECK(add_duration(*start, limit("2bh"), office, zone) == utc(2026, 3, 9, 14));
        CHECK(add_duration(*start, limit("1wd"), office, zone) == utc(2026, 3, 9, 22));
        check_rows({{"2026-10-30 17:00", "2bh", "2026-11-02 10:00"}}, office, zone);
        CHECK(add_duration(utc(2026, 10, 30, 21), limit("2bh"), office, zone) ==
              utc(2026, 11, 2, 15));
    }
    SUBCASE("working time is found on the local date, not the UTC one") {
        // 20:00 EST is already Tuesday in UTC; Monday's 22:00-24:00 still counts.
        const Calendar night = every_day({{22 * 60, 24 * 60}});
        check_rows({{"2026-11-23 20:00", "1bh", "2026-11-23 23:00"}}, night, zone);
        check_rows({{"2026-11-23 20:00", "1wd", "2026-11-24 18:00"}}, office, zone);
    }
    SUBCASE("24h and 1d are both 24 clock hours") {
        const Instant saturday_noon = utc(2026, 3, 7, 17);  // 12:00 EST
        const Instant by_hours = add_duration(saturday_noon, limit("24h"), office, zone);
        CHECK(by_hours == add_duration(saturday_noon, limit("1d"), office, zone));
        CHECK(by_hours == utc(2026, 3, 8, 17));
        CHECK(format_local(by_hours, zone) == "2026-03-08 13:00");
        check_rows({{"2026-10-31 12:00", "1d", "2026-11-01 11:00"}}, office, zone);
    }
    SUBCASE("working time on the change day has its real length") {
        const Calendar early = every_day({{0, 3 * 60}});
        // 00:00 EST to 03:00 EDT is two hours; the third comes on Monday.
        CHECK(add_duration(utc(2026, 3, 8, 5), limit("2bh"), early, zone) == utc(2026, 3, 8, 7));
        CHECK(add_duration(utc(2026, 3, 8, 5), limit("3bh"), early, zone) == utc(2026, 3, 9, 5));
        // 00:00 EDT to 03:00 EST is four hours.
        CHECK(add_duration(utc(2026, 11, 1, 4), limit("4bh"), early, zone) == utc(2026, 11, 1, 8));
        CHECK(add_duration(utc(2026, 11, 1, 4), limit("5bh"), early, zone) == utc(2026, 11, 2, 6));
    }
    SUBCASE("an always-open calendar counts every real hour") {
        const Calendar always = every_day({{0, 24 * 60}});
        for (const Instant start : {utc(2026, 3, 7, 17), utc(2026, 10, 31, 16)}) {
            CHECK(add_duration(start, limit("24bh"), always, zone) == start + 24h);
            CHECK(add_duration(start, limit("49bh"), always, zone) == start + 49h);
        }
    }
}

TEST_CASE("add_duration: across DST in Europe/Berlin") {
    const TimeZone zone = load_zone("Europe/Berlin");
    const Calendar office;
    check_rows(
        {
            {"2026-03-27 17:00", "2bh", "2026-03-30 10:00"},
            {"2026-10-23 17:00", "2bh", "2026-10-26 10:00"},
            {"2026-03-27 17:00", "1wd", "2026-03-30 18:00"},
            {"2026-03-28 12:00", "24h", "2026-03-29 13:00"},
            {"2026-03-28 12:00", "1d", "2026-03-29 13:00"},
            {"2026-10-24 12:00", "1d", "2026-10-25 11:00"},
        },
        office, zone);
    CHECK(add_duration(utc(2026, 3, 27, 16), limit("2bh"), office, zone) == utc(2026, 3, 30, 8));
}

TEST_CASE("add_duration: a calendar without working time") {
    const TimeZone zone = TimeZone::utc();
    const Instant start = utc(2026, 11, 20, 15);

    Calendar never;
    never.workdays.fill(false);
    for (const char* text : {"1bh", "1wd"}) {
        CAPTURE(text);
        CHECK_THROWS_WITH_AS(add_duration(start, limit(text), never, zone),
                             "the calendar has no working time", Error);
    }
    // Working days without hours are no working time either.
    const Calendar no_hours = weekdays({{9 * 60, 9 * 60}});
    CHECK_THROWS_AS(add_duration(start, limit("1wd"), no_hours, zone), Error);
    CHECK_THROWS_AS(add_duration(start, limit("1bh"), no_hours, zone), Error);
    // Clock limits do not need working time.
    CHECK(add_duration(start, limit("2h"), never, zone) == start + 2h);

    // Make-up days only in the past: the search must stop, not loop for ever.
    Calendar past = never;
    past.extra_workdays = {ymd(2020, 1, 4)};
    REQUIRE(past.can_work());
    try {
        (void)add_duration(start, limit("1wd"), past, zone);
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.code() == ExitCode::config);
    }
    CHECK_THROWS_AS(add_duration(start, limit("1bh"), past, zone), Error);
    // ... but one far ahead is found.
    past.extra_workdays = {ymd(2040, 1, 4)};
    CHECK(add_duration(start, limit("1wd"), past, zone) == utc(2040, 1, 4, 18));
}

TEST_CASE("add_duration: the largest limits") {
    const TimeZone zone = load_zone("Asia/Shanghai");
    const Calendar calendar = spec_calendar();
    const auto start = parse_time("2026-11-23 09:00", zone, Instant{});
    REQUIRE(start.has_value());
    // 100000 working hours are 12500 eight-hour days: about 48 years of weekdays.
    const Instant bh = add_duration(*start, limit("100000bh"), calendar, zone);
    CHECK(format_local(bh, zone).substr(11) == "18:00");
    CHECK(bh > utc(2074, 1, 1));
    CHECK(bh < utc(2075, 6, 1));
    const Instant wd = add_duration(*start, limit("100000wd"), calendar, zone);
    CHECK(format_local(wd, zone).substr(11) == "18:00");
    CHECK(add_duration(*start, limit("100000d"), calendar, zone) == *start + 100000 * 24h);
}

TEST_CASE("Duration::parse") {
    struct Valid {
        const char* text;
        std::int64_t count;
        DurationUnit unit;
    };
    const Valid valid[] = {
        {"30m", 30, DurationUnit::minutes},
        {"1m", 1, DurationUnit::minutes},
        {"24h", 24, DurationUnit::hours},
        {"2d", 2, DurationUnit::days},
        {"4bh", 4, DurationUnit::business_hours},
        {"1wd", 1, DurationUnit::working_days},
        {"100000wd", 100000, DurationUnit::working_days},
        {"99999h", 99999, DurationUnit::hours},
    };
    for (const Valid& row : valid) {
        CAPTURE(row.text);
        const auto parsed = Duration::parse(row.text);
        REQUIRE(parsed.has_value());
        CHECK(*parsed == Duration{row.count, row.unit});
        CHECK(parsed->to_string() == row.text);
    }

    const char* const invalid[] = {
        "",    "0h",   "0",       "h",        "bh",
        "1",   "1.5h", "1 h",     " 1h",      "1h ",
        "1H",  "1BH",  "1Wd",     "-1h",      "+1h",
        "05h", "00m",  "100001h", "1000000h", "99999999999999999999h",
        "1hh", "1b",   "1w",      "1bhx",     "1 wd",
        "1mh", "1dd",  "h1",      "1e3h",     "1_000h",
    };
    for (const char* text : invalid) {
        CAPTURE(text);
        CHECK_FALSE(Duration::parse(text).has_value());
    }
}

TEST_CASE("Duration::to_string") {
    for (const Duration& duration :
         {Duration{1, DurationUnit::minutes}, Duration{24, DurationUnit::hours},
          Duration{7, DurationUnit::days}, Duration{4, DurationUnit::business_hours},
          Duration{100000, DurationUnit::working_days}}) {
        CAPTURE(duration.count);
        const auto back = Duration::parse(duration.to_string());
        REQUIRE(back.has_value());
        CHECK(*back == duration);
    }
    CHECK(Duration{4, DurationUnit::business_hours}.to_string() == "4bh");
    CHECK(Duration{3, DurationUnit::working_days}.to_string() == "3wd");
}
