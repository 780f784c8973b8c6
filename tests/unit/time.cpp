#include <complaints/domain/error.hpp>
#include <complaints/domain/time.hpp>

#include <doctest/doctest.h>

#include "support.hpp"

#include <cstdio>
#include <ctime>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

using namespace complaints;
using namespace complaints::domain;
using namespace std::chrono_literals;

using test_support::utc;

namespace {

std::string read_zone_file(const std::string& name) {
    std::ifstream in("/usr/share/zoneinfo/" + name, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "missing zoneinfo file " << name);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TimeZone zone_file(const std::string& name) {
    return TimeZone::from_tzif(name, read_zone_file(name));
}

LocalTime local(int y, unsigned m, unsigned d, int hh = 0, int mm = 0, int ss = 0) {
    using namespace std::chrono;
    return local_days{year{y} / month{m} / day{d}} + hours{hh} + minutes{mm} + seconds{ss};
}

TimeZone posix(std::string_view spec) {
    const auto zone = TimeZone::from_posix(spec);
    REQUIRE_MESSAGE(zone.has_value(), spec);
    return *zone;
}

// Builds a version 2 TZif file by hand, for what the system files do not show
// (leap second records, broken data).
struct TzifBuilder {
    std::vector<std::int64_t> times;
    std::vector<std::uint8_t> type_indexes;
    std::vector<std::int32_t> offsets{0};
    std::uint32_t leap_count = 0;
    bool indicators = false;
    std::string footer;
    char version = '2';

    static void put32(std::string& out, std::uint32_t v) {
        for (int shift = 24; shift >= 0; shift -= 8) {
            out.push_back(static_cast<char>((v >> shift) & 0xff));
        }
    }
    static void put64(std::string& out, std::uint64_t v) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.push_back(static_cast<char>((v >> shift) & 0xff));
        }
    }

    void header(std::string& out, bool empty) const {
        out += "TZif";
        out.push_back(version);
        out.append(15, '\0');
        const auto types = static_cast<std::uint32_t>(offsets.size());
        const std::uint32_t indicator_count = indicators ? types : 0;
        if (empty) {
            // A "slim" version 1 block: one type, one abbreviation byte.
            for (const std::uint32_t v : {0U, 0U, 0U, 0U, 1U, 1U}) {
                put32(out, v);
            }
            return;
        }
        for (const std::uint32_t v : {indicator_count, indicator_count, leap_count,
                                      static_cast<std::uint32_t>(times.size()), types, 4U}) {
            put32(out, v);
        }
    }

    [[nodiscard]] std::string build() const {
        std::string out;
        header(out, true);
        put32(out, 0);                    // the v1 type: utoff
        out += std::string("\0\0\0", 3);  // isdst, abbreviation index, "\0" abbreviation
        header(out, false);
        for (const auto t : times) {
            put64(out, static_cast<std::uint64_t>(t));
        }
        for (const auto i : type_indexes) {
            out.push_back(static_cast<char>(i));
        }
        for (const auto o : offsets) {
            put32(out, static_cast<std::uint32_t>(o));
            out.push_back(o == offsets[0] ? '\0' : '\1');
            out.push_back('\0');
        }
        out += std::string("ABC\0", 4);
        for (std::uint32_t i = 0; i < leap_count; ++i) {
            put64(out, static_cast<std::uint64_t>(78796800 + i * 15897600));
            put32(out, i + 1);
        }
        if (indicators) {
            out.append(offsets.size() * 2, '\0');
        }
        out += "\n" + footer + "\n";
        return out;
    }
};

}  // namespace

TEST_CASE("TimeZone::utc") {
    const TimeZone zone = TimeZone::utc();
    CHECK(zone.name() == "UTC");
    CHECK(zone.offset_at(utc(2026, 7, 1)) == 0s);
    CHECK(zone.to_local(utc(2026, 7, 1, 12)) == local(2026, 7, 1, 12));
    CHECK(zone.to_instant(local(2026, 7, 1, 12)) == utc(2026, 7, 1, 12));
}

TEST_CASE("TimeZone::from_tzif: Asia/Shanghai") {
    const TimeZone zone = zone_file("Asia/Shanghai");
    CHECK(zone.name() == "Asia/Shanghai");
    CHECK(zone.offset_at(utc(2026, 11, 20)) == 8h);
    CHECK(zone.offset_at(utc(2060, 1, 1)) == 8h);
    // China observed DST from 1986 to 1991.
    CHECK(zone.offset_at(utc(1988, 7, 1)) == 9h);
    CHECK(zone.offset_at(utc(1988, 12, 1)) == 8h);
    // Before the first transition: local mean time, time type 0.
    CHECK(zone.offset_at(utc(1890, 1, 1)) == 8h + 5min + 43s);
    CHECK(zone.to_local(utc(2026, 11, 20, 7)) == local(2026, 11, 20, 15));
    CHECK(zone.to_instant(local(2026, 11, 20, 15)) == utc(2026, 11, 20, 7));
}

TEST_CASE("TimeZone::from_tzif: America/New_York across DST") {
    const TimeZone zone = zone_file("America/New_York");

    SUBCASE("spring forward 2026-03-08 02:00 EST -> 03:00 EDT (07:00 UTC)") {
        CHECK(zone.offset_at(utc(2026, 3, 8, 6, 59, 59)) == -5h);
        CHECK(zone.offset_at(utc(2026, 3, 8, 7)) == -4h);
        CHECK(zone.to_local(utc(2026, 3, 8, 7)) == local(2026, 3, 8, 3));
        CHECK(zone.to_instant(local(2026, 3, 8, 1, 59)) == utc(2026, 3, 8, 6, 59));
        CHECK(zone.to_instant(local(2026, 3, 8, 3)) == utc(2026, 3, 8, 7));
        // In the gap: moved forward by an hour, to 03:30 EDT.
        CHECK(zone.to_instant(local(2026, 3, 8, 2, 30)) == utc(2026, 3, 8, 7, 30));
        CHECK(zone.to_instant(local(2026, 3, 8, 2)) == utc(2026, 3, 8, 7));
    }
    SUBCASE("fall back 2026-11-01 02:00 EDT -> 01:00 EST (06:00 UTC)") {
        CHECK(zone.offset_at(utc(2026, 11, 1, 5, 59, 59)) == -4h);
        CHECK(zone.offset_at(utc(2026, 11, 1, 6)) == -5h);
        // In the overlap: the earlier instant (EDT).
        CHECK(zone.to_instant(local(2026, 11, 1, 1, 30)) == utc(2026, 11, 1, 5, 30));
        CHECK(zone.to_instant(local(2026, 11, 1, 0, 59)) == utc(2026, 11, 1, 4, 59));
        CHECK(zone.to_instant(local(2026, 11, 1, 2)) == utc(2026, 11, 1, 7));
        CHECK(zone.to_local(utc(2026, 11, 1, 6, 30)) == local(2026, 11, 1, 1, 30));
    }
    SUBCASE("after 2037 the footer rule applies") {
        CHECK(zone.offset_at(utc(2040, 7, 1, 12)) == -4h);
        CHECK(zone.offset_at(utc(2040, 1, 15)) == -5h);
        // 2040: second Sunday of March is the 11th, first Sunday of November the 4th.
        CHECK(zone.offset_at(utc(2040, 3, 11, 6, 59, 59)) == -5h);
        CHECK(zone.offset_at(utc(2040, 3, 11, 7)) == -4h);
        CHECK(zone.offset_at(utc(2040, 11, 4, 5, 59, 59)) == -4h);
        CHECK(zone.offset_at(utc(2040, 11, 4, 6)) == -5h);
        CHECK(zone.to_instant(local(2040, 3, 11, 2, 30)) == utc(2040, 3, 11, 7, 30));
        CHECK(zone.to_instant(local(2040, 11, 4, 1, 30)) == utc(2040, 11, 4, 5, 30));
    }
}

TEST_CASE("TimeZone::from_tzif: Europe/Berlin across DST") {
    const TimeZone zone = zone_file("Europe/Berlin");
    // 2026-03-29 02:00 CET -> 03:00 CEST and 2026-10-25 03:00 CEST -> 02:00 CET, at 01:00 UTC.
    CHECK(zone.offset_at(utc(2026, 3, 29, 0, 59, 59)) == 1h);
    CHECK(zone.offset_at(utc(2026, 3, 29, 1)) == 2h);
    CHECK(zone.offset_at(utc(2026, 10, 25, 0, 59, 59)) == 2h);
    CHECK(zone.offset_at(utc(2026, 10, 25, 1)) == 1h);
    CHECK(zone.to_instant(local(2026, 3, 29, 2, 30)) == utc(2026, 3, 29, 1, 30));
    CHECK(zone.to_instant(local(2026, 10, 25, 2, 30)) == utc(2026, 10, 25, 0, 30));
    CHECK(zone.to_instant(local(2026, 10, 25, 3)) == utc(2026, 10, 25, 2));
    CHECK(zone.offset_at(utc(2045, 7, 1)) == 2h);
    CHECK(zone.offset_at(utc(2045, 12, 1)) == 1h);
}

TEST_CASE("TimeZone::from_tzif: synthetic files") {
    SUBCASE("leap second records are skipped") {
        TzifBuilder builder;
        builder.offsets = {3600, 7200};
        builder.times = {1000000000, 1100000000};
        builder.type_indexes = {1, 0};
        builder.leap_count = 3;
        builder.indicators = true;
        for (const char version : {'2', '3', '4'}) {
            builder.version = version;
            const TimeZone zone = TimeZone::from_tzif("test", builder.build());
            CHECK(zone.offset_at(Instant{999999999s}) == 1h);
            CHECK(zone.offset_at(Instant{1000000000s}) == 2h);
            CHECK(zone.offset_at(Instant{1100000000s}) == 1h);
            CHECK(zone.offset_at(Instant{2000000000s}) == 1h);
        }
    }
    SUBCASE("no transitions: the footer rules everything") {
        TzifBuilder builder;
        builder.footer = "<+03>-3";
        CHECK(TimeZone::from_tzif("x", builder.build()).offset_at(utc(1900, 1, 1)) == 3h);
    }
    SUBCASE("no transitions and no footer: time type 0") {
        TzifBuilder builder;
        builder.offsets = {-3600};
        CHECK(TimeZone::from_tzif("x", builder.build()).offset_at(utc(2026, 1, 1)) == -1h);
    }
    SUBCASE("version 1") {
        // The real file's 32-bit block alone, as a version 1 file.
        std::string bytes = read_zone_file("America/New_York");
        const auto count = [&](std::size_t i) {
            std::uint32_t v = 0;
            for (std::size_t k = 0; k < 4; ++k) {
                v = (v << 8) | static_cast<std::uint8_t>(bytes[20 + 4 * i + k]);
            }
            return std::size_t{v};
        };
        const std::size_t v1_size =
            44 + count(3) * 5 + count(4) * 6 + count(5) + count(2) * 8 + count(1) + count(0);
        bytes.resize(v1_size);
        bytes[4] = '\0';
        const TimeZone zone = TimeZone::from_tzif("v1", bytes);
        CHECK(zone.offset_at(utc(2026, 7, 1)) == -4h);
        CHECK(zone.offset_at(utc(2026, 1, 1)) == -5h);
    }
    SUBCASE("malformed files throw a config error") {
        TzifBuilder good;
        good.offsets = {3600, 7200};
        good.times = {1000000000};
        good.type_indexes = {1};
        good.footer = "CET-1CEST,M3.5.0,M10.5.0/3";
        const std::string bytes = good.build();
        REQUIRE_NOTHROW(TimeZone::from_tzif("x", bytes));

        TzifBuilder bad_index = good;
        bad_index.type_indexes = {2};
        TzifBuilder unordered = good;
        unordered.times = {5, 5};
        unordered.type_indexes = {1, 0};
        TzifBuilder bad_footer = good;
        bad_footer.footer = "CET-1CEST,M3.5.0";
        TzifBuilder bad_version = good;
        bad_version.version = '1';

        const std::string cases[] = {
            "",
            "TZif",
            "TZjf" + bytes.substr(4),
            bytes.substr(0, bytes.size() - 1),  // no final newline
            bytes.substr(0, 60),                // truncated
            bytes + "x",                        // trailing data
            bad_index.build(),
            unordered.build(),
            bad_footer.build(),
            bad_version.build(),
        };
        for (const auto& data : cases) {
            CAPTURE(data.size());
            try {
                (void)TimeZone::from_tzif("x", data);
                FAIL("no error");
            } catch (const Error& e) {
                CHECK(e.code() == ExitCode::config);
                CHECK(std::string(e.what()).find("\"x\"") != std::string::npos);
            }
        }
        // Absurd counts are refused before anything is allocated.
        std::string huge = bytes;
        const std::size_t second_header = 44 + 7;  // after the builder's one-type v1 block
        huge.replace(second_header + 20 + 12, 4, "\x7f\xff\xff\xff");  // timecnt
        CHECK_THROWS_AS(TimeZone::from_tzif("x", huge), Error);
    }
}

TEST_CASE("TimeZone::from_posix") {
    SUBCASE("CST-8 is UTC+8 all year") {
        const TimeZone zone = posix("CST-8");
        CHECK(zone.name() == "CST-8");
        CHECK(zone.offset_at(utc(2026, 1, 1)) == 8h);
        CHECK(zone.offset_at(utc(2026, 7, 1)) == 8h);
        CHECK(zone.to_instant(local(2026, 11, 20, 15)) == utc(2026, 11, 20, 7));
    }
    SUBCASE("EST5EDT,M3.2.0,M11.1.0 agrees with America/New_York") {
        const TimeZone zone = posix("EST5EDT,M3.2.0,M11.1.0");
        const TimeZone file = zone_file("America/New_York");
        for (const Instant t :
             {utc(2026, 3, 8, 6, 59, 59), utc(2026, 3, 8, 7), utc(2026, 11, 1, 5, 59, 59),
              utc(2026, 11, 1, 6), utc(2026, 1, 1), utc(2026, 7, 1), utc(2027, 3, 14, 7)}) {
            CAPTURE(format_utc(t));
            CHECK(zone.offset_at(t) == file.offset_at(t));
        }
        CHECK(zone.to_instant(local(2026, 3, 8, 2, 30)) == utc(2026, 3, 8, 7, 30));
        CHECK(zone.to_instant(local(2026, 11, 1, 1, 30)) == utc(2026, 11, 1, 5, 30));
    }
    SUBCASE("a DST name without rules takes the US rules and std+1h") {
        const TimeZone zone = posix("EST5EDT");
        CHECK(zone.offset_at(utc(2026, 3, 8, 6, 59, 59)) == -5h);
        CHECK(zone.offset_at(utc(2026, 3, 8, 7)) == -4h);
        CHECK(zone.offset_at(utc(2026, 11, 1, 6)) == -5h);
    }
    SUBCASE("explicit DST offset and times") {
        const TimeZone zone = posix("EST5EDT3:30,M3.2.0/2:00:00,M11.1.0/2:00:00");
        CHECK(zone.offset_at(utc(2026, 7, 1)) == -3h - 30min);
        CHECK(zone.offset_at(utc(2026, 1, 1)) == -5h);
    }
    SUBCASE("quoted names") {
        CHECK(posix("<+0330>-3:30").offset_at(utc(2026, 7, 1)) == 3h + 30min);
        CHECK(posix("<-03>3").offset_at(utc(2026, 7, 1)) == -3h);
        CHECK(posix("<+0545>-5:45").offset_at(utc(2026, 7, 1)) == 5h + 45min);
        CHECK(posix("XXX+5:30:15").offset_at(utc(2026, 7, 1)) == -(5h + 30min + 15s));
    }
    SUBCASE("southern hemisphere: AEST-10AEDT,M10.1.0,M4.1.0/3") {
        const TimeZone zone = posix("AEST-10AEDT,M10.1.0,M4.1.0/3");
        CHECK(zone.offset_at(utc(2026, 1, 15)) == 11h);
        CHECK(zone.offset_at(utc(2026, 6, 15)) == 10h);
        CHECK(zone.offset_at(utc(2026, 12, 15)) == 11h);
        // Ends Sun 2026-04-05 03:00 AEDT, starts Sun 2026-10-04 02:00 AEST.
        CHECK(zone.offset_at(utc(2026, 4, 4, 15, 59, 59)) == 11h);
        CHECK(zone.offset_at(utc(2026, 4, 4, 16)) == 10h);
        CHECK(zone.offset_at(utc(2026, 10, 3, 15, 59, 59)) == 10h);
        CHECK(zone.offset_at(utc(2026, 10, 3, 16)) == 11h);
        CHECK(zone.to_instant(local(2026, 4, 5, 2, 30)) == utc(2026, 4, 4, 15, 30));
        CHECK(zone.to_instant(local(2026, 10, 4, 2, 30)) == utc(2026, 10, 3, 16, 30));
        // Same as the system file, also far in the future.
        const TimeZone file = zone_file("Australia/Sydney");
        for (const Instant t : {utc(2026, 4, 4, 16), utc(2050, 1, 1), utc(2050, 7, 1)}) {
            CHECK(zone.offset_at(t) == file.offset_at(t));
        }
    }
    SUBCASE("Jn never counts February 29; n does") {
        const TimeZone julian = posix("AAA3BBB,J60/0,J300/0");
        // J60 is March 1 in every year.
        CHECK(julian.offset_at(utc(2024, 3, 1, 2, 59, 59)) == -3h);
        CHECK(julian.offset_at(utc(2024, 3, 1, 3)) == -2h);
        CHECK(julian.offset_at(utc(2025, 3, 1, 3)) == -2h);
        const TimeZone zero_based = posix("AAA3BBB,59/0,300/0");
        // Day 59 counted from 0 is February 29 in a leap year, March 1 otherwise.
        CHECK(zero_based.offset_at(utc(2024, 2, 29, 3)) == -2h);
        CHECK(zero_based.offset_at(utc(2024, 2, 29, 2, 59, 59)) == -3h);
        CHECK(zero_based.offset_at(utc(2025, 3, 1, 2, 59, 59)) == -3h);
        CHECK(zero_based.offset_at(utc(2025, 3, 1, 3)) == -2h);
    }
    SUBCASE("week 5 is the last week") {
        const TimeZone zone = posix("CET-1CEST,M3.5.0,M10.5.0/3");
        // Last Sunday of March 2026 is the 29th (there are only four).
        CHECK(zone.offset_at(utc(2026, 3, 29, 0, 59, 59)) == 1h);
        CHECK(zone.offset_at(utc(2026, 3, 29, 1)) == 2h);
        CHECK(zone.offset_at(utc(2026, 10, 25, 1)) == 1h);
    }
    SUBCASE("RFC 8536 extensions: negative times and times past 24h") {
        // America/Nuuk's footer: DST from 23:00 on the Saturday before the last Sunday of
        // March (-1h on Sunday 2026-03-29), which is 01:00 UTC as in the EU.
        const TimeZone nuuk = posix("<-02>2<-01>,M3.5.0/-1,M10.5.0/0");
        CHECK(nuuk.offset_at(utc(2026, 3, 29, 0, 59, 59)) == -2h);
        CHECK(nuuk.offset_at(utc(2026, 3, 29, 1)) == -1h);
        CHECK(nuuk.to_local(utc(2026, 3, 29, 1)) == local(2026, 3, 29, 0));
        // Permanent DST, written as DST all year.
        const TimeZone permanent = posix("EST5EDT,0/0,J365/25");
        for (const Instant t :
             {utc(2026, 1, 1, 5), utc(2026, 1, 1, 4, 59), utc(2026, 7, 1), utc(2026, 12, 31, 23)}) {
            CHECK(permanent.offset_at(t) == -4h);
        }
        CHECK(TimeZone::from_posix("XXX3YYY,M3.2.0/167,M11.1.0/-167").has_value());
    }
    SUBCASE("malformed strings give nullopt") {
        const char* const cases[] = {
            "",
            "C",
            "CS-8",
            "CST",
            "CST-",
            "CST-8x",
            "CST-8 ",
            " CST-8",
            "CST 8",
            "CST-25",
            "CST-8:60",
            "CST-8:5",
            "CST-8:00:60",
            "CST-123",
            "<+08-8",
            "<>-8",
            "<+8>-8",
            "<+0 8>-8",
            ":Asia/Shanghai",
            "Asia/Shanghai",
            "EST5,M3.2.0,M11.1.0",
            "EST5EDT,",
            "EST5EDT,M3.2.0",
            "EST5EDT,M3.2.0,",
            "EST5EDT,M3.2.0,M11.1.0,",
            "EST5EDT,M13.2.0,M11.1.0",
            "EST5EDT,M0.2.0,M11.1.0",
            "EST5EDT,M3.6.0,M11.1.0",
            "EST5EDT,M3.0.0,M11.1.0",
            "EST5EDT,M3.2.7,M11.1.0",
            "EST5EDT,M3.2,M11.1.0",
            "EST5EDT,J0,J100",
            "EST5EDT,J366,J100",
            "EST5EDT,366,100",
            "EST5EDT,M3.2.0/168,M11.1.0",
            "EST5EDT,M3.2.0/,M11.1.0",
            "EST5EDT,M3.2.0,M11.1.0/2x",
            "EST5EDT4x",
            "EST5ED",
        };
        for (const char* spec : cases) {
            CAPTURE(spec);
            CHECK_FALSE(TimeZone::from_posix(spec).has_value());
        }
    }
}

TEST_CASE("parse_time") {
    const TimeZone shanghai = zone_file("Asia/Shanghai");
    const Instant now = utc(2026, 11, 20, 7, 0, 13);

    SUBCASE("accepted forms") {
        struct Row {
            const char* text;
            Instant expected;
        };
        const Row rows[] = {
            {"2026-11-20", utc(2026, 11, 19, 16)},
            {"2026-11-20 15:30", utc(2026, 11, 20, 7, 30)},
            {"2026-11-20T15:30", utc(2026, 11, 20, 7, 30)},
            {"2026-11-20 15:30:45", utc(2026, 11, 20, 7, 30, 45)},
            {"2026-11-20T15:30:45", utc(2026, 11, 20, 7, 30, 45)},
            {"2026-11-20Z", utc(2026, 11, 20)},
            {"2026-11-20 15:30Z", utc(2026, 11, 20, 15, 30)},
            {"2026-11-20T15:30:45Z", utc(2026, 11, 20, 15, 30, 45)},
            {"2026-11-20+08:00", utc(2026, 11, 19, 16)},
            {"2026-11-20 15:30+05:30", utc(2026, 11, 20, 10)},
            {"2026-11-20T15:30:45-04:00", utc(2026, 11, 20, 19, 30, 45)},
            {"2026-11-20T15:30:45+00:00", utc(2026, 11, 20, 15, 30, 45)},
            {"2026-11-20T15:30:45-00:00", utc(2026, 11, 20, 15, 30, 45)},
            {"2026-11-20T00:00:00+23:59", utc(2026, 11, 19, 0, 1)},
            {"2024-02-29", utc(2024, 2, 28, 16)},
            {"2000-02-29 23:59:59", utc(2000, 2, 29, 15, 59, 59)},
            {"now", now},
        };
        for (const Row& row : rows) {
            CAPTURE(row.text);
            const auto parsed = parse_time(row.text, shanghai, now);
            REQUIRE(parsed.has_value());
            CHECK(format_utc(*parsed) == format_utc(row.expected));
        }
    }
    SUBCASE("without an offset the zone decides, DST included") {
        const TimeZone new_york = zone_file("America/New_York");
        CHECK(parse_time("2026-07-01 12:00", new_york, now) == utc(2026, 7, 1, 16));
        CHECK(parse_time("2026-01-01 12:00", new_york, now) == utc(2026, 1, 1, 17));
        CHECK(parse_time("2026-03-08 02:30", new_york, now) == utc(2026, 3, 8, 7, 30));
        CHECK(parse_time("2026-11-01 01:30", new_york, now) == utc(2026, 11, 1, 5, 30));
    }
    SUBCASE("rejected inputs") {
        const char* const cases[] = {
            "",
            "Now",
            "NOW",
            "now ",
            " now",
            "today",
            "26-11-20",
            "2026-1-20",
            "2026-11-2",
            "2026/11/20",
            "20261120",
            " 2026-11-20",
            "2026-11-20 ",
            "2026-11-20  15:30",
            "2026-11-20T",
            "2026-11-20 15",
            "2026-11-20 15:3",
            "2026-11-20 15:30:4",
            "2026-11-20 1530",
            "2026-11-20t15:30",
            "2026-11-20T15:30z",
            "2026-11-20T15:30+08",
            "2026-11-20T15:30+0800",
            "2026-11-20T15:30+8:00",
            "2026-11-20T15:30 +08:00",
            "2026-11-20T15:30Z ",
            "2026-11-20T15:30ZZ",
            "2026-11-20T15:30+24:00",
            "2026-11-20T15:30+08:60",
            "2026-11-20T15:30:00.5",
            "2026-00-20",
            "2026-13-20",
            "2026-11-00",
            "2026-11-31",
            "2025-02-29",
            "1900-02-29",
            "2026-11-20 24:00",
            "2026-11-20 23:60",
            "2026-11-20 23:59:60",
            "+2026-11-20",
            "2026-11-20x",
            "２０２６-11-20",
        };
        for (const char* text : cases) {
            CAPTURE(text);
            CHECK_FALSE(parse_time(text, shanghai, now).has_value());
        }
    }
}

TEST_CASE("parse_utc") {
    CHECK(parse_utc("2026-11-20T07:00:00Z") == utc(2026, 11, 20, 7));
    CHECK(parse_utc("1969-12-31T23:59:59Z") == Instant{-1s});
    for (const char* text :
         {"", "2026-11-20", "2026-11-20T07:00Z", "2026-11-20 07:00:00Z", "2026-11-20T07:00:00",
          "2026-11-20T07:00:00+00:00", "2026-11-20T07:00:00z", "2026-02-30T07:00:00Z",
          "2026-11-20T07:00:00Z ", "now"}) {
        CAPTURE(text);
        CHECK_FALSE(parse_utc(text).has_value());
    }
}

TEST_CASE("formatting") {
    const TimeZone shanghai = zone_file("Asia/Shanghai");
    const TimeZone new_york = zone_file("America/New_York");
    const Instant t = utc(2026, 11, 23, 6, 30, 15);

    CHECK(format_utc(t) == "2026-11-23T06:30:15Z");
    CHECK(format_utc(Instant{0s}) == "1970-01-01T00:00:00Z");
    CHECK(format_utc(Instant{-1s}) == "1969-12-31T23:59:59Z");
    CHECK(format_local(t, shanghai) == "2026-11-23 14:30");
    CHECK(format_local(t, new_york) == "2026-11-23 01:30");
    CHECK(format_local(t, TimeZone::utc()) == "2026-11-23 06:30");
    CHECK(format_rfc3339(t, shanghai) == "2026-11-23T14:30:15+08:00");
    CHECK(format_rfc3339(t, new_york) == "2026-11-23T01:30:15-05:00");
    CHECK(format_rfc3339(utc(2026, 7, 1, 12), new_york) == "2026-07-01T08:00:00-04:00");
    CHECK(format_rfc3339(t, TimeZone::utc()) == "2026-11-23T06:30:15+00:00");
    CHECK(format_rfc3339(t, posix("<+0545>-5:45")) == "2026-11-23T12:15:15+05:45");
    // Local mean time +08:05:43 is shown with whole minutes and stays exact.
    CHECK(format_rfc3339(utc(1890, 1, 1), shanghai) == "1890-01-01T08:05:00+08:05");
    CHECK(format_compact_date(t, shanghai) == "20261123");
    CHECK(format_compact_date(utc(2026, 11, 22, 16), shanghai) == "20261123");
    CHECK(format_compact_date(utc(2026, 11, 22, 15, 59, 59), shanghai) == "20261122");
    CHECK(format_compact_date(t, new_york) == "20261123");
}

TEST_CASE("format_utc, format_rfc3339 and format_local agree with gmtime_r over four centuries") {
    // The formatters write their digits by hand; gmtime_r and snprintf are the
    // independent reference. Steps of a prime number of seconds reach every
    // field's values, the years from 1900 to 2299 and the far ones.
    const auto reference = [](std::int64_t seconds, int offset_minutes) {
        const std::time_t shifted = static_cast<std::time_t>(seconds + offset_minutes * 60LL);
        std::tm tm{};
        REQUIRE(gmtime_r(&shifted, &tm) != nullptr);
        const int magnitude = offset_minutes < 0 ? -offset_minutes : offset_minutes;
        char text[64];
        std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d",
                      tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                      tm.tm_sec, offset_minutes < 0 ? '-' : '+', magnitude / 60, magnitude % 60);
        return std::string(text);
    };
    const TimeZone kathmandu = posix("<+0545>-5:45");
    const TimeZone west = posix("<-0930>9:30");
    const std::int64_t from = -2208988800;  // 1900-01-01
    const std::int64_t to = 10413792000;    // 2300-01-01
    int checked = 0;
    for (std::int64_t s = from; s < to; s += 9999991) {
        const Instant t{std::chrono::seconds{s}};
        CAPTURE(s);
        CHECK(format_utc(t) == reference(s, 0).substr(0, 19) + "Z");
        CHECK(format_rfc3339(t, TimeZone::utc()) == reference(s, 0));
        CHECK(format_rfc3339(t, kathmandu) == reference(s, 5 * 60 + 45));
        CHECK(format_rfc3339(t, west) == reference(s, -(9 * 60 + 30)));
        const std::string local = reference(s, 5 * 60 + 45);
        CHECK(format_local(t, kathmandu) == local.substr(0, 10) + " " + local.substr(11, 5));
        ++checked;
    }
    CHECK(checked > 1000);
    // Past the four-digit years: the general way, still exact.
    CHECK(format_utc(Instant{std::chrono::seconds{253402300800}}) == "10000-01-01T00:00:00Z");
    CHECK(format_local(Instant{std::chrono::seconds{253402300800}}, TimeZone::utc()) ==
          "10000-01-01 00:00");
}

TEST_CASE("formatting round trips") {
    const TimeZone shanghai = zone_file("Asia/Shanghai");
    const TimeZone new_york = zone_file("America/New_York");
    const Instant now = utc(2030, 1, 1);
    for (const Instant t :
         {utc(2026, 11, 23, 6, 30, 15), utc(2026, 3, 8, 7), utc(2026, 11, 1, 5, 30),
          utc(2026, 11, 1, 6, 30), utc(1999, 12, 31, 23, 59, 59)}) {
        CAPTURE(format_utc(t));
        CHECK(parse_utc(format_utc(t)) == t);
        CHECK(parse_time(format_utc(t), shanghai, now) == t);
        for (const TimeZone* zone : {&shanghai, &new_york}) {
            CHECK(parse_time(format_rfc3339(t, *zone), *zone, now) == t);
            CHECK(parse_time(format_rfc3339(t, *zone), TimeZone::utc(), now) == t);
            // Text output drops the seconds (and in an overlap, the offset).
            const auto minute = std::chrono::floor<std::chrono::minutes>(t);
            const auto reparsed = parse_time(format_local(t, *zone), *zone, now);
            REQUIRE(reparsed.has_value());
            CHECK(format_local(*reparsed, *zone) == format_local(minute, *zone));
        }
    }
}

TEST_CASE("format_span") {
    struct Row {
        std::chrono::seconds span;
        const char* text;
    };
    const Row rows[] = {
        {0s, "0m"},
        {59s, "0m"},
        {60s, "1m"},
        {12min + 59s, "12m"},
        {59min + 59s, "59m"},
        {1h, "1h"},
        {5h + 20min + 30s, "5h 20m"},
        {5h + 59s, "5h"},
        {23h + 59min, "23h 59m"},
        {24h, "1d"},
        {3 * 24h + 4h + 59min, "3d 4h"},
        {3 * 24h + 59min, "3d"},
        {400 * 24h + 1h, "400d 1h"},
        {-(5h + 20min), "5h 20m"},
        {-30s, "0m"},
        {-(3 * 24h + 4h), "3d 4h"},
        {std::chrono::seconds::min(), "106751991167300d 15h"},
    };
    for (const Row& row : rows) {
        CAPTURE(row.span.count());
        CHECK(format_span(row.span) == row.text);
    }
}
