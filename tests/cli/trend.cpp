// `report trend` (SPEC §9): one row per day, ISO week or month of the
// policy's time zone, with no gaps; counts by received, resolution and close
// time; `--category` filters; the text bar is proportional to received.
//
// The policy fixes the zone to Asia/Shanghai and the runs get TZ=UTC, so a
// count in the wrong zone shows.
#include "harness.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

using cli_test::EnvChanges;
using cli_test::Fixture;
using cli_test::Result;
using nlohmann::json;

namespace {

const std::string k_policy = "[organization]\ntimezone = \"Asia/Shanghai\"\n";

struct Env {
    Fixture& fx;
    EnvChanges env;

    Result run(const std::vector<std::string>& args) { return fx.run(args, "", env); }
    void ok(const std::vector<std::string>& args) {
        const Result r = run(args);
        INFO(args.front() << " " << args.at(1) << ": " << r.err);
        REQUIRE(r.status == 0);
    }
    std::string reg(const std::vector<std::string>& extra) {
        return fx.register_complaint(extra, env);
    }
    json trend(std::vector<std::string> args) {
        args.insert(args.begin(), {"--format", "json", "report", "trend"});
        const Result r = run(args);
        INFO("stderr: " << r.err);
        REQUIRE(r.status == 0);
        const json rows = cli_test::parse_json(r.out);
        REQUIRE(rows.is_array());
        return rows;
    }
};

struct Counts {
    std::string period;
    long long received, resolved, closed, resolved_on_time;
    std::optional<double> on_time_rate;
};

void check_rows(const json& rows, const std::vector<Counts>& expected) {
    std::vector<std::string> periods;
    for (const auto& row : rows) periods.push_back(row.at("period").get<std::string>());
    std::vector<std::string> want;
    for (const auto& x : expected) want.push_back(x.period);
    REQUIRE(periods == want);
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const json& row = rows[i];
        const Counts& x = expected[i];
        INFO("row: " << row.dump());
        CHECK(row["received"] == x.received);
        CHECK(row["resolved"] == x.resolved);
        CHECK(row["closed"] == x.closed);
        CHECK(row["resolved_on_time"] == x.resolved_on_time);
        if (!x.on_time_rate) {
            CHECK(row["on_time_rate"].is_null());
        } else {
            REQUIRE(row["on_time_rate"].is_number());
            CHECK(row["on_time_rate"].get<double>() == doctest::Approx(*x.on_time_rate));
        }
    }
}

// Days 2026-11-16 (Mon) .. 2026-11-20 (Fri), Asia/Shanghai; now 2026-11-23 10:00.
//   X1 product  rec 11-16 10:00, resolved 11-18 10:00 (on time), revisit satisfied 11-19 10:00:
//               closed
//   X2 product  rec 11-16 11:00, resolved 11-18 11:00 (on time)
//   X3 delivery rec 11-16 12:00, open
//   X4 product  rec 2026-11-18T17:00:00Z = 11-19 01:00 local, open
//   X5 product  rec 11-02 09:00 (before the range), resolved 11-18 12:00 (due 11-09: late)
//   X6 service  rec 11-20 10:00, open
// 11-17 is empty between busy days.
void build_days(Env& e) {
    const auto x1 = e.reg({"--received-at", "2026-11-16 10:00"});
    const auto x2 = e.reg({"--received-at", "2026-11-16 11:00"});
    e.reg({"--received-at", "2026-11-16 12:00", "--category", "delivery"});
    e.reg({"--received-at", "2026-11-18T17:00:00Z"});
    const auto x5 = e.reg({"--received-at", "2026-11-02 09:00"});
    e.reg({"--received-at", "2026-11-20 10:00", "--category", "service"});
    for (const auto& id : {x1, x2, x5})
        e.ok({"assign", id, "--to", "zhang", "--at", "2026-11-16 13:00"});
    e.ok({"resolve", x1, "--plan", "p", "--outcome", "refund", "--at", "2026-11-18 10:00"});
    e.ok({"revisit", x1, "--result", "satisfied", "--score", "5", "--at", "2026-11-19 10:00"});
    e.ok({"resolve", x2, "--plan", "p", "--outcome", "refund", "--at", "2026-11-18 11:00"});
    e.ok({"resolve", x5, "--plan", "p", "--outcome", "refund", "--at", "2026-11-18 12:00"});
}

// The number of '#' in `line`.
std::size_t bar(const std::string& line) {
    return static_cast<std::size_t>(std::count(line.begin(), line.end(), '#'));
}

}  // namespace

TEST_CASE("trend: --by day, one row per day with no gaps and the right counts") {
    Fixture fx;
    fx.write_file("complaints.toml", k_policy);
    Env e{fx, {{"TZ", "UTC"}}};
    build_days(e);

    SUBCASE("JSON") {
        const json rows = e.trend({"--by", "day", "--from", "2026-11-16", "--to", "2026-11-21"});
        check_rows(rows, {
                             {"2026-11-16", 3, 0, 0, 0, {}},
                             {"2026-11-17", 0, 0, 0, 0, {}},
                             {"2026-11-18", 0, 3, 0, 2, 2.0 / 3},
                             {"2026-11-19", 1, 0, 1, 0, {}},
                             {"2026-11-20", 1, 0, 0, 0, {}},
                         });
        REQUIRE(rows.size() == 5);
        for (const char* key : {"period", "start", "end", "received", "resolved", "closed",
                                "resolved_on_time", "on_time_rate"})
            CHECK_MESSAGE(rows[0].contains(key), "missing key " << key);
        CHECK(rows[0]["start"] == "2026-11-16T00:00:00+08:00");
        CHECK(rows[0]["end"] == "2026-11-17T00:00:00+08:00");
        CHECK(rows[4]["start"] == "2026-11-20T00:00:00+08:00");
        CHECK(rows[4]["end"] == "2026-11-21T00:00:00+08:00");
        for (std::size_t i = 1; i < rows.size(); ++i) CHECK(rows[i]["start"] == rows[i - 1]["end"]);
    }
    SUBCASE("--category, repeatable") {
        check_rows(e.trend({"--by", "day", "--from", "2026-11-16", "--to", "2026-11-21",
                            "--category", "delivery"}),
                   {
                       {"2026-11-16", 1, 0, 0, 0, {}},
                       {"2026-11-17", 0, 0, 0, 0, {}},
                       {"2026-11-18", 0, 0, 0, 0, {}},
                       {"2026-11-19", 0, 0, 0, 0, {}},
                       {"2026-11-20", 0, 0, 0, 0, {}},
                   });
        check_rows(e.trend({"--by", "day", "--from", "2026-11-16", "--to", "2026-11-21",
                            "--category", "delivery", "--category", "service"}),
                   {
                       {"2026-11-16", 1, 0, 0, 0, {}},
                       {"2026-11-17", 0, 0, 0, 0, {}},
                       {"2026-11-18", 0, 0, 0, 0, {}},
                       {"2026-11-19", 0, 0, 0, 0, {}},
                       {"2026-11-20", 1, 0, 0, 0, {}},
                   });
        check_rows(e.trend({"--by", "day", "--from", "2026-11-18", "--to", "2026-11-20",
                            "--category", "product"}),
                   {
                       {"2026-11-18", 0, 3, 0, 2, 2.0 / 3},
                       {"2026-11-19", 1, 0, 1, 0, {}},
                   });
    }
    SUBCASE("CSV: a header and the same rows; an empty rate is an empty field") {
        const Result r = e.run({"--format", "csv", "report", "trend", "--by", "day", "--from",
                                "2026-11-16", "--to", "2026-11-21"});
        INFO("stderr: " << r.err);
        REQUIRE(r.status == 0);
        const auto rows = cli_test::parse_csv(r.out);
        REQUIRE(rows.size() == 6);
        CHECK(rows[0] == std::vector<std::string>{"period", "received", "resolved", "closed",
                                                  "resolved_on_time", "on_time_rate"});
        CHECK(rows[1] == std::vector<std::string>{"2026-11-16", "3", "0", "0", "0", ""});
        CHECK(rows[2] == std::vector<std::string>{"2026-11-17", "0", "0", "0", "0", ""});
        REQUIRE(rows[3].size() == 6);
        CHECK(rows[3][2] == "3");
        CHECK(std::stod(rows[3][5]) == doctest::Approx(2.0 / 3).epsilon(0.01));
    }
    SUBCASE("text: a bar of '#' proportional to received") {
        const Result r =
            e.run({"report", "trend", "--by", "day", "--from", "2026-11-16", "--to", "2026-11-21"});
        INFO("stdout:\n" << r.out);
        REQUIRE(r.status == 0);
        const auto lines = r.out_lines();
        REQUIRE(lines.size() == 6);  // a header and five days
        CHECK(bar(lines[0]) == 0);
        const std::vector<std::string> days = {"2026-11-16", "2026-11-17", "2026-11-18",
                                               "2026-11-19", "2026-11-20"};
        const std::vector<std::size_t> received = {3, 0, 0, 1, 1};
        for (std::size_t i = 0; i < days.size(); ++i) {
            CAPTURE(lines[i + 1]);
            CHECK(lines[i + 1].rfind(days[i], 0) == 0);
            if (received[i] == 0) CHECK(bar(lines[i + 1]) == 0);
        }
        const std::size_t most = bar(lines[1]), one = bar(lines[4]);
        CHECK(most >= 3);
        CHECK(one > 0);
        CHECK(one < most);
        CHECK(bar(lines[5]) == one);
        // Proportional, up to rounding: one third of the longest.
        CHECK(one * 3 + 3 >= most);
        CHECK(one * 3 <= most + 3);
        // The bar is one run of '#' at the end of the line.
        const std::string& top = lines[1];
        CHECK(top.substr(top.size() - most) == std::string(most, '#'));
    }
}

// Regression: `report trend --by day` (not a terminal) once printed rows 82 columns wide:
// the bar kept at least 10 columns although the other columns leave only 8 of 80.
// SPEC §9: the bar is "scaled to the terminal width (80 columns when not a
// terminal)".
TEST_CASE("trend: text rows fit in 80 columns when not a terminal") {
    Fixture fx;
    fx.write_file("complaints.toml", k_policy);
    Env e{fx, {{"TZ", "UTC"}}};
    build_days(e);
    for (const char* by : {"day", "week", "month"}) {
        CAPTURE(by);
        const Result r =
            e.run({"report", "trend", "--by", by, "--from", "2026-11-01", "--to", "2026-11-21"});
        INFO("stdout:\n" << r.out);
        REQUIRE(r.status == 0);
        std::size_t longest = 0;
        for (const auto& line : r.out_lines()) {
            CHECK(cli_test::display_width(line) <= 80);
            longest = std::max(longest, bar(line));
        }
        CHECK(longest > 0);
    }
}

TEST_CASE("trend: --by week uses ISO weeks from Monday in the policy's zone") {
    Fixture fx;
    fx.write_file("complaints.toml", k_policy);
    Env e{fx, {{"TZ", "UTC"}, {"COMPLAINTS_NOW", "2027-02-01 10:00"}}};
    // W51 (from 12-14): one. W52 (from 12-21): Sunday 12-27 23:30 local. W53 (from 12-28,
    // ISO week 53 of 2026): empty. 2027-W01 (from 2027-01-04): Monday 01-04 00:30 local, which is
    // Sunday in UTC, and 01-04 09:00.
    e.reg({"--received-at", "2026-12-15 10:00"});
    e.reg({"--received-at", "2026-12-27T23:30:00+08:00"});
    e.reg({"--received-at", "2027-01-03T16:30:00Z"});
    e.reg({"--received-at", "2027-01-04 09:00"});

    const json rows = e.trend({"--by", "week", "--from", "2026-12-14", "--to", "2027-01-18"});
    check_rows(rows, {
                         {"2026-W51", 1, 0, 0, 0, {}},
                         {"2026-W52", 1, 0, 0, 0, {}},
                         {"2026-W53", 0, 0, 0, 0, {}},
                         {"2027-W01", 2, 0, 0, 0, {}},
                         {"2027-W02", 0, 0, 0, 0, {}},
                     });
    REQUIRE(rows.size() == 5);
    CHECK(rows[2]["start"] == "2026-12-28T00:00:00+08:00");
    CHECK(rows[2]["end"] == "2027-01-04T00:00:00+08:00");
    CHECK(rows[3]["start"] == "2027-01-04T00:00:00+08:00");

    // Week labels where the ISO year differs from the calendar year.
    check_rows(e.trend({"--by", "week", "--from", "2027-12-27", "--to", "2028-01-10"}),
               {{"2027-W52", 0, 0, 0, 0, {}}, {"2028-W01", 0, 0, 0, 0, {}}});
    check_rows(e.trend({"--by", "week", "--from", "2025-12-29", "--to", "2026-01-05"}),
               {{"2026-W01", 0, 0, 0, 0, {}}});
}

TEST_CASE("trend: --by month uses months of the policy's zone") {
    Fixture fx;
    fx.write_file("complaints.toml", k_policy);
    Env e{fx, {{"TZ", "UTC"}, {"COMPLAINTS_NOW", "2027-02-01 10:00"}}};
    // October: one, resolved 2026-11-30T17:00:00Z = 12-01 01:00 local, late (due 10-22).
    // November: nothing local (the second is received 2026-11-30T20:00:00Z = 12-01 04:00 local).
    const auto oct = e.reg({"--received-at", "2026-10-15 10:00"});
    e.reg({"--received-at", "2026-11-30T20:00:00Z"});
    e.ok({"assign", oct, "--to", "zhang", "--at", "2026-10-15 11:00"});
    e.ok({"resolve", oct, "--plan", "p", "--outcome", "refund", "--at", "2026-11-30T17:00:00Z"});

    const json rows = e.trend({"--by", "month", "--from", "2026-10-01", "--to", "2027-01-01"});
    check_rows(rows, {
                         {"2026-10", 1, 0, 0, 0, {}},
                         {"2026-11", 0, 0, 0, 0, {}},
                         {"2026-12", 1, 1, 0, 0, 0.0},  // a rate of 0, not empty
                     });
    REQUIRE(rows.size() == 3);
    CHECK(rows[1]["start"] == "2026-11-01T00:00:00+08:00");
    CHECK(rows[1]["end"] == "2026-12-01T00:00:00+08:00");

    // Text: a row with nothing received has no bar; the others do.
    const Result r =
        e.run({"report", "trend", "--by", "month", "--from", "2026-10-01", "--to", "2027-01-01"});
    REQUIRE(r.status == 0);
    const auto lines = r.out_lines();
    REQUIRE(lines.size() == 4);
    CHECK(bar(lines[1]) > 0);
    CHECK(bar(lines[2]) == 0);
    CHECK(bar(lines[3]) == bar(lines[1]));
}

TEST_CASE("trend: bad ranges and categories are refused and change nothing") {
    Fixture fx;
    fx.write_file("complaints.toml", k_policy);
    fx.register_complaint({"--received-at", "2026-11-16 10:00"});
    struct Bad {
        std::vector<std::string> args;
        int status;
        std::string in_stderr;
    };
    const std::vector<Bad> cases = {
        {{"--from", "2026-11-20", "--to", "2026-11-10"}, 64, "reversed"},
        {{"--by", "day", "--from", "2026-11-20", "--to", "2026-11-19"}, 64, "reversed"},
        {{"--category", "nope"}, 65, "nope"},
        {{"--category", "product", "--category", "nope"}, 65, "nope"},
        {{"--by", "year"}, 64, "year"},
        {{"--from", "yesterday"}, 64, "yesterday"},
    };
    for (const auto& bad : cases) {
        std::vector<std::string> args = {"report", "trend"};
        args.insert(args.end(), bad.args.begin(), bad.args.end());
        std::string text;
        for (const auto& a : bad.args) text += a + " ";
        CAPTURE(text);
        const std::string before = cli_test::snapshot(fx.db());
        const Result r = fx.run(args);
        INFO("stderr: " << r.err);
        CHECK(r.status == bad.status);
        cli_test::check_error_shape(r);
        if (!bad.in_stderr.empty()) CHECK(r.err.find(bad.in_stderr) != std::string::npos);
        CHECK(cli_test::snapshot(fx.db()) == before);
    }
    // An unknown category's message lists the known ones.
    const Result r = fx.run({"report", "trend", "--category", "nope"});
    CHECK(r.err.find("product") != std::string::npos);
}
