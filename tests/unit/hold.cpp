#include <complaints/domain/calendar.hpp>
#include <complaints/domain/error.hpp>
#include <complaints/domain/hold.hpp>
#include <complaints/policy/policy_file.hpp>

#include <doctest/doctest.h>

#include "support.hpp"

#include <string>
#include <vector>

using namespace complaints;
using namespace complaints::domain;
using namespace std::chrono_literals;

using test_support::spec_calendar;
using test_support::utc;

namespace {

constexpr DurationUnit k_m = DurationUnit::minutes;
constexpr DurationUnit k_h = DurationUnit::hours;
constexpr DurationUnit k_d = DurationUnit::days;
constexpr DurationUnit k_bh = DurationUnit::business_hours;
constexpr DurationUnit k_wd = DurationUnit::working_days;
constexpr DurationUnit k_units[] = {k_m, k_h, k_d, k_bh, k_wd};

// "bh", "wd", ...: the unit as a limit spells it, for failure messages.
std::string unit_name(DurationUnit unit) {
    return Duration{1, unit}.to_string().substr(1);
}

std::chrono::year_month_day ymd(int y, unsigned m, unsigned d) {
    return std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d};
}

// Every day, with `hours`.
Calendar every_day(std::vector<WorkingHours> hours) {
    return Calendar{.workdays = {true, true, true, true, true, true, true},
                    .hours = std::move(hours),
                    .holidays = {},
                    .extra_workdays = {}};
}

// A calendar that never works: no workdays, and make-up days only in the past.
Calendar never_works() {
    Calendar calendar;
    calendar.workdays.fill(false);
    calendar.extra_workdays = {ymd(2020, 1, 4)};
    return calendar;
}

TimeZone zone_named(const std::string& name) {
    const auto zone = policy::load_zone(name);
    REQUIRE_MESSAGE(zone.has_value(), name);
    return *zone;
}

// Local text such as "2026-11-23 09:30" in `zone`, as an instant: the tables read like the spec.
Instant local(std::string_view text, const TimeZone& zone) {
    const auto t = parse_time(text, zone, Instant{});
    REQUIRE_MESSAGE(t.has_value(), text);
    return *t;
}

struct Fixture {
    Calendar calendar = spec_calendar();
    TimeZone zone = test_support::shanghai().zone;

    [[nodiscard]] Instant at(std::string_view text) const { return local(text, zone); }
    [[nodiscard]] std::string text(Instant t) const { return format_local(t, zone); }
};

}  // namespace

TEST_CASE("working_time_between") {
    const Fixture f;
    struct Row {
        const char* from;
        const char* to;
        std::chrono::seconds expected;
    };
    const Row rows[] = {
        // Fri 17:00-18:00 (1h), Mon 09:00-09:30 (30m): the spec's 1.5 working hours.
        {"2026-11-20 17:00", "2026-11-23 09:30", 90min},
        // Tue 10-12 (2h) + 13-18 (5h), Wed 8h, Thu 09-10 (1h): the spec's 16 hours.
        {"2026-11-24 10:00", "2026-11-26 10:00", 16h},
        // Over the lunch break: 11-12 (1h) + 13-14 (1h).
        {"2026-11-23 11:00", "2026-11-23 14:00", 2h},
        // Starting in the lunch break: 13-15 only.
        {"2026-11-23 12:30", "2026-11-23 15:00", 2h},
        // Ending in the lunch break: 10-12 only.
        {"2026-11-23 10:00", "2026-11-23 12:30", 2h},
        // Inside the lunch break: nothing.
        {"2026-11-23 12:15", "2026-11-23 12:45", 0s},
        // From a closing to the next opening: nothing.
        {"2026-11-23 12:00", "2026-11-23 13:00", 0s},
        {"2026-11-23 18:00", "2026-11-24 09:00", 0s},
        // Weekend (Sat 10:00 to Sun 20:00) and night (Mon 19:00 to Tue 08:00): nothing.
        {"2026-11-21 10:00", "2026-11-22 20:00", 0s},
        {"2026-11-23 19:00", "2026-11-24 08:00", 0s},
        // From the night into the morning: Tue 09:00-10:30.
        {"2026-11-23 20:00", "2026-11-24 10:30", 90min},
        // A whole week, Mon 00:00 to Mon 00:00: 5 days of 8 hours.
        {"2026-11-23 00:00", "2026-11-30 00:00", 40h},
        // Over the October holidays: Wed 09-30 17-18 (1h); 10-01, 10-02 holidays;
        // 10-03, 10-04 weekend; 10-05 to 10-07 holidays; Thu 10-08 09-10 (1h).
        {"2026-09-30 17:00", "2026-10-08 10:00", 2h},
        // The holidays alone (Thu 10-01 09:00 to Wed 10-07 18:00): nothing.
        {"2026-10-01 09:00", "2026-10-07 18:00", 0s},
        // Over the make-up Saturday: Fri 10-09 17-18 (1h), Sat 10-10 (8h), Mon 10-12 09-10 (1h).
        {"2026-10-09 17:00", "2026-10-12 10:00", 10h},
        // Seconds count: Mon 09:00:00 to 09:00:01, and 11:59:59 to 13:00:01.
        {"2026-11-23 09:00:00", "2026-11-23 09:00:01", 1s},
        {"2026-11-23 11:59:59", "2026-11-23 13:00:01", 2s},
        // Reversed or empty: zero.
        {"2026-11-23 14:00", "2026-11-23 11:00", 0s},
        {"2026-11-26 10:00", "2026-11-24 10:00", 0s},
        {"2026-11-23 10:00", "2026-11-23 10:00", 0s},
    };
    for (const Row& row : rows) {
        CAPTURE(row.from);
        CAPTURE(row.to);
        CHECK(working_time_between(f.at(row.from), f.at(row.to), f.calendar, f.zone) ==
              row.expected);
    }

    SUBCASE("a calendar that never works has none, and does not throw") {
        CHECK(working_time_between(f.at("2026-11-20 09:00"), f.at("2026-11-27 09:00"),
                                   never_works(), f.zone) == 0s);
        // Longer than the idle-day guard of the open-ended walk (20 years): still zero.
        CHECK(working_time_between(utc(2026, 1, 1), utc(2050, 1, 1), never_works(), f.zone) == 0s);
    }
}

TEST_CASE("working_time_between: across DST in America/New_York") {
    const TimeZone zone = zone_named("America/New_York");
    // 2026-03-08 00:00 EST (05:00Z) to 03:00 EDT (07:00Z): two real hours.
    const Calendar early = every_day({{0, 3 * 60}});
    CHECK(working_time_between(utc(2026, 3, 8, 5), utc(2026, 3, 8, 12), early, zone) == 2h);
    // 2026-11-01 00:00 EDT (04:00Z) to 03:00 EST (08:00Z): four real hours.
    CHECK(working_time_between(utc(2026, 11, 1, 4), utc(2026, 11, 1, 9), early, zone) == 4h);
    // Intervals are found on the local date: 20:00 EST on Mon 11-23 is already
    // Tuesday in UTC; Monday's 22:00-24:00 (03:00Z-05:00Z) counts, 1h of it here.
    const Calendar night = every_day({{22 * 60, 24 * 60}});
    CHECK(working_time_between(utc(2026, 11, 24, 1), utc(2026, 11, 24, 4), night, zone) == 1h);
    // Hours 00:00-02:30 and 03:00-04:00 on the spring-forward day: 02:30 does not exist
    // and becomes 03:30 EDT (07:30Z), after 03:00 EDT (07:00Z) opens. 05:00Z-08:00Z is
    // worked without a break: 3h, not 2.5h + 1h, and 3h from 05:00Z end at 08:00Z.
    const Calendar gap = every_day({{0, 2 * 60 + 30}, {3 * 60, 4 * 60}});
    CHECK(working_time_between(utc(2026, 3, 8, 5), utc(2026, 3, 8, 9), gap, zone) == 3h);
    CHECK(add_working_time(utc(2026, 3, 8, 5), 3h, gap, zone) == utc(2026, 3, 8, 8));
    // An always-open calendar counts every real hour, over both changes.
    const Calendar always = every_day({{0, 24 * 60}});
    for (const Instant from : {utc(2026, 3, 7, 17), utc(2026, 10, 31, 16)}) {
        CHECK(working_time_between(from, from + 49h, always, zone) == 49h);
    }
}

TEST_CASE("add_working_time") {
    const Fixture f;
    struct Row {
        const char* start;
        std::chrono::seconds amount;
        const char* expected;
    };
    const Row rows[] = {
        // Zero leaves the start as it is, even outside working hours (not the next opening).
        {"2026-11-23 10:00", 0s, "2026-11-23 10:00"},
        {"2026-11-21 10:00", 0s, "2026-11-21 10:00"},
        {"2026-11-23 18:00", 0s, "2026-11-23 18:00"},
        {"2026-11-23 12:30", 0s, "2026-11-23 12:30"},
        // Running out exactly at the 12:00 closing gives 12:00, not 13:00.
        {"2026-11-23 09:00", 3h, "2026-11-23 12:00"},
        {"2026-11-23 11:00", 1h, "2026-11-23 12:00"},
        // Running out exactly at the 18:00 closing gives 18:00, not Tue 09:00.
        {"2026-11-23 15:00", 3h, "2026-11-23 18:00"},
        {"2026-11-23 13:00", 5h, "2026-11-23 18:00"},
        {"2026-11-23 09:00", 8h, "2026-11-23 18:00"},
        // From a closing: 12:00 + 1h runs 13-14; 18:00 + 1h runs Tue 09-10.
        {"2026-11-23 12:00", 1h, "2026-11-23 14:00"},
        {"2026-11-23 18:00", 1h, "2026-11-24 10:00"},
        // From outside working time: Sat 10:00 + 30m runs Mon 09:00-09:30;
        // Mon 07:00 + 1h runs 09-10; Mon 12:30 + 1h runs 13-14.
        {"2026-11-21 10:00", 30min, "2026-11-23 09:30"},
        {"2026-11-23 07:00", 1h, "2026-11-23 10:00"},
        {"2026-11-23 12:30", 1h, "2026-11-23 14:00"},
        // Over the lunch break: 11:30-12:00, 13:00-13:30.
        {"2026-11-23 11:30", 1h, "2026-11-23 13:30"},
        // Fri 17:00 + 1.5h: Fri 17-18, Mon 09:00-09:30.
        {"2026-11-20 17:00", 90min, "2026-11-23 09:30"},
        // Seconds: 11:59:59 + 2s is 1s before noon and 1s after 13:00.
        {"2026-11-23 11:59:59", 2s, "2026-11-23 13:00"},
        // Holidays are skipped: Wed 09-30 17-18, then Thu 10-08 09-10.
        {"2026-09-30 17:00", 2h, "2026-10-08 10:00"},
        // The make-up Saturday is worked: Fri 10-09 17-18, then Sat 10-10 09-10.
        {"2026-10-09 17:00", 2h, "2026-10-10 10:00"},
        // Negative amounts move nothing.
        {"2026-11-23 10:00", -1h, "2026-11-23 10:00"},
    };
    for (const Row& row : rows) {
        CAPTURE(row.start);
        CAPTURE(row.amount.count());
        CHECK(f.text(add_working_time(f.at(row.start), row.amount, f.calendar, f.zone)) ==
              row.expected);
    }
    // format_local shows minutes only; the second in the seconds row is really there.
    CHECK(add_working_time(f.at("2026-11-23 11:59:59"), 2s, f.calendar, f.zone) ==
          f.at("2026-11-23 13:00:01"));

    SUBCASE("it is what a bh limit adds") {
        for (const char* start : {"2026-11-20 15:00", "2026-11-22 20:00", "2026-09-30 10:00"}) {
            CAPTURE(start);
            for (const std::int64_t n : {1, 4, 9, 100}) {
                CHECK(add_working_time(f.at(start), std::chrono::hours{n}, f.calendar, f.zone) ==
                      add_duration(f.at(start), Duration{n, k_bh}, f.calendar, f.zone));
            }
        }
    }
    SUBCASE("adding the working time between two instants inside working hours reaches the later") {
        const Instant from = f.at("2026-09-30 10:15");
        const Instant to = f.at("2026-10-12 16:45");
        CHECK(add_working_time(from, working_time_between(from, to, f.calendar, f.zone), f.calendar,
                               f.zone) == to);
    }
    SUBCASE("a calendar that never works") {
        const Instant start = f.at("2026-11-20 15:00");
        CHECK_THROWS_WITH_AS(add_working_time(start, 1h, never_works(), f.zone),
                             "the calendar has no working time", Error);
        CHECK(test_support::code_of([&] {
                  (void)add_working_time(start, 1s, never_works(), f.zone);
              }) == ExitCode::config);
        // No working time has to pass: nothing to find.
        CHECK(add_working_time(start, 0s, never_works(), f.zone) == start);
    }
}

TEST_CASE("is_working_unit") {
    static_assert(is_working_unit(DurationUnit::business_hours));
    static_assert(is_working_unit(DurationUnit::working_days));
    static_assert(!is_working_unit(DurationUnit::minutes));
    static_assert(!is_working_unit(DurationUnit::hours));
    static_assert(!is_working_unit(DurationUnit::days));
    CHECK(is_working_unit(k_wd));
    CHECK_FALSE(is_working_unit(k_h));
}

namespace {

struct HoldRow {
    const char* due;
    const char* from;
    const char* to;
    DurationUnit unit;
    const char* expected;
};

void check_hold_rows(std::initializer_list<HoldRow> rows) {
    const Fixture f;
    for (const HoldRow& row : rows) {
        CAPTURE(row.due);
        CAPTURE(row.from);
        CAPTURE(row.to);
        CAPTURE(unit_name(row.unit));
        CHECK(f.text(shift_for_hold(f.at(row.due), f.at(row.from), f.at(row.to), row.unit,
                                    f.calendar, f.zone)) == row.expected);
    }
}

}  // namespace

TEST_CASE("shift_for_hold: spec table 10") {
    check_hold_rows({
        // Tue 10:00 to Thu 10:00 is 16 working hours (7 + 8 + 1); from Mon 11-30 18:00,
        // Tue 12-01 takes 8 and Wed 12-02 the other 8, ending at its 18:00 closing.
        {"2026-11-30 18:00", "2026-11-24 10:00", "2026-11-26 10:00", k_wd, "2026-12-02 18:00"},
        // 3 clock hours: Tue 10:00 + 3h.
        {"2026-11-24 10:00", "2026-11-23 12:00", "2026-11-23 15:00", k_h, "2026-11-24 13:00"},
        // 1.5 working hours (Fri 17-18, Mon 09:00-09:30): Mon 10:00 + 1.5h.
        {"2026-11-23 10:00", "2026-11-20 17:00", "2026-11-23 09:30", k_bh, "2026-11-23 11:30"},
    });
}

TEST_CASE("shift_for_hold") {
    SUBCASE("holds over the October holidays and the make-up Saturday") {
        check_hold_rows({
            // 2 working hours (Wed 09-30 17-18, Thu 10-08 09-10); from Thu 10-08 18:00
            // they run Fri 10-09 09-11: a wd deadline moves by working time, not whole days.
            {"2026-10-08 18:00", "2026-09-30 17:00", "2026-10-08 10:00", k_wd, "2026-10-09 11:00"},
            // 2 working hours (Wed 09-30 10-12); from Wed 09-30 17:30: 17:30-18:00, then
            // the holidays and the weekend are skipped, Thu 10-08 09:00-10:30.
            {"2026-09-30 17:30", "2026-09-30 10:00", "2026-09-30 12:00", k_bh, "2026-10-08 10:30"},
            // 10 working hours (Fri 10-09 17-18, Sat 10-10 8h, Mon 10-12 09-10); from
            // Mon 10-12 11:00: 11-12 (1), 13-18 (5), Tue 10-13 09-12 (3), 13-14 (1).
            {"2026-10-12 11:00", "2026-10-09 17:00", "2026-10-12 10:00", k_bh, "2026-10-13 14:00"},
            // 8 working hours (Thu 10-08 09:00 to Fri 10-09 09:00); from Fri 10-09 18:00
            // they fill the make-up Saturday 10-10, ending at its closing.
            {"2026-10-09 18:00", "2026-10-08 09:00", "2026-10-09 09:00", k_wd, "2026-10-10 18:00"},
        });
    }
    SUBCASE("a hold entirely outside working time") {
        check_hold_rows({
            // The holidays alone, Thu 10-01 09:00 to Wed 10-07 18:00: no working time, so
            // a wd or bh deadline stays; clock units move by 6d 9h: Fri 10-09 18:00 +
            // 6d = Thu 10-15 18:00, + 9h = Fri 10-16 03:00.
            {"2026-10-09 18:00", "2026-10-01 09:00", "2026-10-07 18:00", k_wd, "2026-10-09 18:00"},
            {"2026-10-09 18:00", "2026-10-01 09:00", "2026-10-07 18:00", k_bh, "2026-10-09 18:00"},
            {"2026-10-09 18:00", "2026-10-01 09:00", "2026-10-07 18:00", k_d, "2026-10-16 03:00"},
            {"2026-10-09 18:00", "2026-10-01 09:00", "2026-10-07 18:00", k_h, "2026-10-16 03:00"},
            // A weekend, Sat 10:00 to Sun 20:00: no working time; 34 clock hours, so
            // Mon 18:00 + 34h = Wed 04:00.
            {"2026-11-23 18:00", "2026-11-21 10:00", "2026-11-22 20:00", k_bh, "2026-11-23 18:00"},
            {"2026-11-23 18:00", "2026-11-21 10:00", "2026-11-22 20:00", k_wd, "2026-11-23 18:00"},
            {"2026-11-23 18:00", "2026-11-21 10:00", "2026-11-22 20:00", k_m, "2026-11-25 04:00"},
            // A night, Mon 19:00 to Tue 08:00: none; 13 clock hours, Tue 10:00 + 13h = 23:00.
            {"2026-11-24 10:00", "2026-11-23 19:00", "2026-11-24 08:00", k_bh, "2026-11-24 10:00"},
            {"2026-11-24 10:00", "2026-11-23 19:00", "2026-11-24 08:00", k_h, "2026-11-24 23:00"},
            // The lunch break alone: none; 45 clock minutes.
            {"2026-11-23 16:00", "2026-11-23 12:10", "2026-11-23 12:55", k_bh, "2026-11-23 16:00"},
            {"2026-11-23 16:00", "2026-11-23 12:10", "2026-11-23 12:55", k_m, "2026-11-23 16:45"},
        });
    }
    SUBCASE("holds starting or ending in the lunch break or outside hours") {
        check_hold_rows({
            // From the lunch break, Mon 12:30 to 14:00: 1 working hour (13-14), 90 clock
            // minutes. Mon 16:00 + 1h = 17:00; + 90m = 17:30.
            {"2026-11-23 16:00", "2026-11-23 12:30", "2026-11-23 14:00", k_bh, "2026-11-23 17:00"},
            {"2026-11-23 16:00", "2026-11-23 12:30", "2026-11-23 14:00", k_m, "2026-11-23 17:30"},
            // Into the lunch break, Mon 11:00 to 12:45: 1 working hour (11-12). From
            // Tue 11:00 it runs out at the 12:00 closing, which stands (not 13:00).
            {"2026-11-24 11:00", "2026-11-23 11:00", "2026-11-23 12:45", k_bh, "2026-11-24 12:00"},
            // From the night into the morning, Mon 20:00 to Tue 10:30: 1.5 working hours
            // (Tue 09:00-10:30). From Tue 17:00: 17-18, then Wed 09:00-09:30.
            {"2026-11-24 17:00", "2026-11-23 20:00", "2026-11-24 10:30", k_bh, "2026-11-25 09:30"},
            // From a Saturday into Monday, Sat 11-21 15:00 to Mon 11-23 11:00: 2 working
            // hours (Mon 09-11). A wd deadline at Mon 18:00 moves to Tue 11:00.
            {"2026-11-23 18:00", "2026-11-21 15:00", "2026-11-23 11:00", k_wd, "2026-11-24 11:00"},
            // From Friday into the weekend, Fri 11-20 16:00 to Sat 11-21 12:00: 2 working
            // hours (Fri 16-18); 20 clock hours. Mon 11-23 11:00 + 2 working hours: 11-12,
            // 13-14. Mon 11:00 + 20h = Tue 07:00.
            {"2026-11-23 11:00", "2026-11-20 16:00", "2026-11-21 12:00", k_bh, "2026-11-23 14:00"},
            {"2026-11-23 11:00", "2026-11-20 16:00", "2026-11-21 12:00", k_h, "2026-11-24 07:00"},
        });
    }
    SUBCASE("the m and d units move by clock time") {
        check_hold_rows({
            // Mon 11:45 to 13:15: 90 clock minutes (30 of them working).
            {"2026-11-23 16:00", "2026-11-23 11:45", "2026-11-23 13:15", k_m, "2026-11-23 17:30"},
            {"2026-11-23 16:00", "2026-11-23 11:45", "2026-11-23 13:15", k_bh, "2026-11-23 16:30"},
            // Mon 09:00 to Wed 09:00: 48 clock hours (16 working). Fri 11-27 18:00 + 48h =
            // Sun 11-29 18:00, weekend or not; as working time: Mon 11-30 and Tue 12-01.
            {"2026-11-27 18:00", "2026-11-23 09:00", "2026-11-25 09:00", k_d, "2026-11-29 18:00"},
            {"2026-11-27 18:00", "2026-11-23 09:00", "2026-11-25 09:00", k_wd, "2026-12-01 18:00"},
            // Clock units ignore the holidays: Wed 09-30 10:00 to Fri 10-02 10:00 is 2 days.
            {"2026-10-01 10:00", "2026-09-30 10:00", "2026-10-02 10:00", k_d, "2026-10-03 10:00"},
        });
    }
    SUBCASE("a hold that does not end after it starts moves nothing") {
        const Fixture f;
        const Instant due = f.at("2026-11-30 18:00");
        const Instant t = f.at("2026-11-24 10:00");
        for (const DurationUnit unit : k_units) {
            CAPTURE(unit_name(unit));
            CHECK(shift_for_hold(due, t, t, unit, f.calendar, f.zone) == due);
            CHECK(shift_for_hold(due, t + 1h, t, unit, f.calendar, f.zone) == due);
        }
    }
    SUBCASE("a calendar that never works: working units find nothing to add") {
        const Fixture f;
        const Instant due = f.at("2026-11-30 18:00");
        const Instant from = f.at("2026-11-24 10:00");
        CHECK(shift_for_hold(due, from, from + 48h, k_wd, never_works(), f.zone) == due);
        CHECK(shift_for_hold(due, from, from + 48h, k_h, never_works(), f.zone) == due + 48h);
    }
}

TEST_CASE("shift_for_holds") {
    const Fixture f;
    const auto at = [&](const char* text) { return f.at(text); };

    SUBCASE("several hold and resume cycles, working units") {
        // Tue 10:00-11:00 (1 working hour), Tue 17:00 to Wed 10:00 (17-18 and 09-10: 2),
        // Fri 12:00-14:00 (13-14: 1). From Mon 11-30 18:00: +1h = Tue 12-01 10:00,
        // +2h = 12:00 (the closing stands), +1h = 14:00; 4h at once gives the same.
        const std::vector<HoldPeriod> holds = {
            {at("2026-11-24 10:00"), at("2026-11-24 11:00")},
            {at("2026-11-24 17:00"), at("2026-11-25 10:00")},
            {at("2026-11-27 12:00"), at("2026-11-27 14:00")},
        };
        const Instant due = at("2026-11-30 18:00");
        CHECK(f.text(shift_for_holds(due, holds, k_wd, f.calendar, f.zone)) == "2026-12-01 14:00");
        CHECK(f.text(add_working_time(due, 4h, f.calendar, f.zone)) == "2026-12-01 14:00");
    }
    SUBCASE("several hold and resume cycles, clock units") {
        // Mon 09:00-10:00 (1h) and 12:00-15:00 (3h): Tue 10:00 + 4h.
        const std::vector<HoldPeriod> holds = {
            {at("2026-11-23 09:00"), at("2026-11-23 10:00")},
            {at("2026-11-23 12:00"), at("2026-11-23 15:00")},
        };
        CHECK(f.text(shift_for_holds(at("2026-11-24 10:00"), holds, k_h, f.calendar, f.zone)) ==
              "2026-11-24 14:00");
    }
    SUBCASE("equals shift_for_hold applied in turn, for every unit") {
        // The spec's holds, one inside working time, one over a weekend, one over the
        // October holidays and the make-up Saturday, one in the lunch break.
        const std::vector<HoldPeriod> holds = {
            {at("2026-09-30 17:00"), at("2026-10-08 10:00")},
            {at("2026-10-09 17:00"), at("2026-10-12 10:00")},
            {at("2026-11-20 17:00"), at("2026-11-23 09:30")},
            {at("2026-11-23 12:10"), at("2026-11-23 12:55")},
            {at("2026-11-24 10:00"), at("2026-11-26 10:00")},
        };
        for (const DurationUnit unit : k_units) {
            CAPTURE(unit_name(unit));
            for (const char* due : {"2026-11-30 18:00", "2026-11-23 10:00", "2026-10-08 18:00"}) {
                CAPTURE(due);
                Instant expected = at(due);
                for (const HoldPeriod& hold : holds) {
                    expected =
                        shift_for_hold(expected, hold.from, hold.to, unit, f.calendar, f.zone);
                }
                CHECK(shift_for_holds(at(due), holds, unit, f.calendar, f.zone) == expected);
                // And moves later by the total held, in the unit's kind of time.
                CHECK(expected > at(due));
            }
        }
    }
    SUBCASE("no holds move nothing") {
        const Instant due = at("2026-11-30 18:00");
        CHECK(shift_for_holds(due, {}, k_wd, f.calendar, f.zone) == due);
    }
}
