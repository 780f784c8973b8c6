// `report milestones` (SPEC §10 "Reports"): per milestone (and group), how
// many were tracked, met on time or late, overdue now, the on-time rate and
// the median and 90th percentile (nearest rank) of the clock hours from the
// clock's start to meeting it, on a hand-made set whose numbers are worked
// out below.
#include "harness.hpp"

#include <doctest/doctest.h>

#include <optional>
#include <sstream>
#include <string>
#include <vector>

using cli_test::Fixture;
using cli_test::Result;
using nlohmann::json;

namespace {

// Now is Monday 2026-11-23 10:00 (Asia/Shanghai); built-in policy: Mon-Fri
// 09:00-18:00, acknowledge 1wd, assign 1wd, investigate 3wd, resolve 5wd,
// revisit 1wd. Every complaint is received Mon 11-16 09:00, so acknowledge and
// assign are due Tue 11-17 18:00 and resolve Mon 11-23 18:00 (not yet past).
//
//     category  acknowledge         assign               then
// M1  product   contact 11-16 10:00  11-16 12:00 (3h)     investigate --complete 11-17 12:00
//               (1h)                                      (24h; due Thu 11-19 18:00), resolve
//                                                         11-18 09:00 (48h, on time); revisit
//                                                         due Thu 11-19 18:00: overdue
// M2  product   contact 11-16 11:00  11-16 15:00 (6h)     investigate due Thu 11-19 18:00:
//               (2h)                                      overdue
// M3  product   contact 11-16 13:00  11-18 09:00 (48h,    investigate due Mon 11-23 18:00:
//               (4h)                 late)                pending
// M4  product   contact 11-18 09:00  11-17 09:00 (24h)    hold 11-19 09:00: investigate (due
//               (48h, late)                               Fri 11-20 18:00) is paused, not overdue
// M5  delivery  none: overdue        none: overdue        untouched
// M6  delivery  reject 11-16 09:30   none: stopped        rejected out_of_scope
//               (0.5h)
//
// All:
//   acknowledge  started 6, met 5 (4 on time, 1 late), overdue 1 (M5), rate 4/6,
//                hours 0.5 1 2 4 48: median rank 3 = 2, p90 rank 5 = 48
//   assign       started 6, met 4 (3, 1), overdue 1 (M5; M6 is rejected), rate 3/5,
//                hours 3 6 24 48: median rank 2 = 6, p90 rank 4 = 48
//   investigate  started 4, met 1 (1, 0), overdue 1 (M2; not M4, on hold), rate 1/2,
//                hours 24: median 24, p90 24
//   resolve      started 6, met 1 (1, 0), overdue 0, rate 1, hours 48
//   revisit      started 1, met 0, overdue 1, rate 0, no hours
// By category, delivery: acknowledge started 2, met 1 (1, 0), overdue 1, rate 1/2,
// hours 0.5; assign started 2, met 0, overdue 1, rate 0; investigate and revisit
// not started; resolve started 2, met 0. Product: acknowledge started 4, met 4
// (3, 1), overdue 0, rate 3/4, hours 1 2 4 48: median 2, p90 48.
void ok(Fixture& fx, const std::vector<std::string>& args) {
    const Result r = fx.run(args);
    INFO(args.front() << " " << args.at(1) << ": " << r.err);
    REQUIRE(r.status == 0);
}

void build(Fixture& fx) {
    const auto reg = [&](const char* summary, const char* category) {
        return fx.register_complaint(
            {"--received-at", "2026-11-16 09:00", "--summary", summary, "--category", category});
    };
    const std::string m1 = reg("M1", "product"), m2 = reg("M2", "product"),
                      m3 = reg("M3", "product"), m4 = reg("M4", "product"),
                      m5 = reg("M5", "delivery"), m6 = reg("M6", "delivery");
    const auto contact = [&](const std::string& id, const char* at) {
        ok(fx, {"contact", id, "--note", "called back", "--at", at});
    };
    const auto assign = [&](const std::string& id, const char* at) {
        ok(fx, {"assign", id, "--to", "zhang", "--at", at});
    };
    contact(m1, "2026-11-16 10:00");
    assign(m1, "2026-11-16 12:00");
    ok(fx, {"investigate", m1, "--finding", "seal", "--complete", "--at", "2026-11-17 12:00"});
    ok(fx, {"resolve", m1, "--plan", "refund", "--outcome", "refund", "--at", "2026-11-18 09:00"});

    contact(m2, "2026-11-16 11:00");
    assign(m2, "2026-11-16 15:00");

    contact(m3, "2026-11-16 13:00");
    assign(m3, "2026-11-18 09:00");

    assign(m4, "2026-11-17 09:00");
    contact(m4, "2026-11-18 09:00");
    ok(fx, {"hold", m4, "--reason", "waiting_parts", "--at", "2026-11-19 09:00"});

    ok(fx, {"reject", m6, "--reason", "out_of_scope", "--at", "2026-11-16 09:30"});
    (void)m5;
}

json run_json(Fixture& fx, std::vector<std::string> args) {
    args.insert(args.begin(), {"--format", "json", "report", "milestones"});
    const Result r = fx.run(args);
    INFO("stderr: " << r.err);
    REQUIRE(r.status == 0);
    return cli_test::parse_json(r.out);
}

struct Expected {
    const char* milestone;
    long long started, met, met_on_time, met_late, overdue;
    std::optional<double> on_time_rate, median_hours, p90_hours;
};

void check_row(const json& row, const Expected& x) {
    INFO("row: " << row.dump());
    CHECK(row["milestone"] == x.milestone);
    CHECK(row["started"] == x.started);
    CHECK(row["met"] == x.met);
    CHECK(row["met_on_time"] == x.met_on_time);
    CHECK(row["met_late"] == x.met_late);
    CHECK(row["overdue"] == x.overdue);
    const auto number = [&](const char* key, const std::optional<double>& value) {
        CAPTURE(key);
        if (!value) {
            CHECK(row[key].is_null());
        } else {
            REQUIRE(row[key].is_number());
            CHECK(row[key].get<double>() == doctest::Approx(*value));
        }
    };
    number("on_time_rate", x.on_time_rate);
    number("median_hours", x.median_hours);
    number("p90_hours", x.p90_hours);
}

std::vector<std::string> words(const std::string& line) {
    std::istringstream in(line);
    std::vector<std::string> out;
    for (std::string w; in >> w;) out.push_back(w);
    return out;
}

}  // namespace

TEST_CASE("milestones report: counts, on-time rate, median and p90 of a fixed set") {
    Fixture fx;
    build(fx);

    SUBCASE("JSON: one object per milestone, in order, hold not among them") {
        const json rows = run_json(fx, {});
        REQUIRE(rows.is_array());
        REQUIRE(rows.size() == 5);
        check_row(rows[0], {"acknowledge", 6, 5, 4, 1, 1, 4.0 / 6, 2.0, 48.0});
        check_row(rows[1], {"assign", 6, 4, 3, 1, 1, 3.0 / 5, 6.0, 48.0});
        check_row(rows[2], {"investigate", 4, 1, 1, 0, 1, 0.5, 24.0, 24.0});
        check_row(rows[3], {"resolve", 6, 1, 1, 0, 0, 1.0, 48.0, 48.0});
        check_row(rows[4], {"revisit", 1, 0, 0, 0, 1, 0.0, {}, {}});
        // No group key without --by.
        CHECK(!rows[0].contains("category"));
        CHECK(rows[0].size() == 9);
    }
    SUBCASE("JSON --by category: the group under its name, five rows each, by name") {
        const json rows = run_json(fx, {"--by", "category"});
        REQUIRE(rows.size() == 10);
        for (std::size_t i = 0; i < 5; ++i) CHECK(rows[i]["category"] == "delivery");
        for (std::size_t i = 5; i < 10; ++i) CHECK(rows[i]["category"] == "product");
        check_row(rows[0], {"acknowledge", 2, 1, 1, 0, 1, 0.5, 0.5, 0.5});
        check_row(rows[1], {"assign", 2, 0, 0, 0, 1, 0.0, {}, {}});
        check_row(rows[2], {"investigate", 0, 0, 0, 0, 0, {}, {}, {}});
        check_row(rows[3], {"resolve", 2, 0, 0, 0, 0, {}, {}, {}});
        check_row(rows[4], {"revisit", 0, 0, 0, 0, 0, {}, {}, {}});
        check_row(rows[5], {"acknowledge", 4, 4, 3, 1, 0, 0.75, 2.0, 48.0});
        check_row(rows[6], {"assign", 4, 4, 3, 1, 0, 0.75, 6.0, 48.0});
    }
    SUBCASE("text: a table, rates with two decimals, hours with one, empty when undefined") {
        const Result r = fx.run({"report", "milestones"});
        REQUIRE(r.status == 0);
        CHECK(r.err.empty());
        const auto lines = r.out_lines();
        REQUIRE(lines.size() == 6);
        CHECK(words(lines[0]) ==
              std::vector<std::string>{"milestone", "started", "met", "met_on_time", "met_late",
                                       "overdue", "on_time_rate", "median_hours", "p90_hours"});
        CHECK(words(lines[1]) == std::vector<std::string>{"acknowledge", "6", "5", "4", "1", "1",
                                                          "0.67", "2.0", "48.0"});
        CHECK(words(lines[5]) ==
              std::vector<std::string>{"revisit", "1", "0", "0", "0", "1", "0.00"});
    }
    SUBCASE("CSV: a header and one record per milestone, names, empty cells when undefined") {
        const Result r = fx.run({"--format", "csv", "report", "milestones", "--by", "category"});
        REQUIRE(r.status == 0);
        const auto rows = cli_test::parse_csv(r.out);
        REQUIRE(rows.size() == 11);
        CHECK(rows[0] == std::vector<std::string>{"category", "milestone", "started", "met",
                                                  "met_on_time", "met_late", "overdue",
                                                  "on_time_rate", "median_hours", "p90_hours"});
        CHECK(rows[1] == std::vector<std::string>{"delivery", "acknowledge", "2", "1", "1", "0",
                                                  "1", "0.50", "0.5", "0.5"});
        CHECK(rows[3] == std::vector<std::string>{"delivery", "investigate", "0", "0", "0", "0",
                                                  "0", "", "", ""});
        CHECK(rows[10] == std::vector<std::string>{"product", "revisit", "1", "0", "0", "0", "1",
                                                   "0.00", "", ""});
    }
    SUBCASE("--from and --to select on received time, [from, to)") {
        json rows = run_json(fx, {"--from", "2026-11-16 09:00", "--to", "2026-11-16 09:01"});
        REQUIRE(rows.size() == 5);
        CHECK(rows[0]["started"] == 6);
        // Nothing received: still one row per milestone, all zero, rates null.
        rows = run_json(fx, {"--to", "2026-11-16 09:00"});
        REQUIRE(rows.size() == 5);
        check_row(rows[0], {"acknowledge", 0, 0, 0, 0, 0, {}, {}, {}});
        check_row(rows[4], {"revisit", 0, 0, 0, 0, 0, {}, {}, {}});
        // An empty range is not a reversed one.
        rows = run_json(fx, {"--from", "2026-11-16", "--to", "2026-11-16"});
        CHECK(rows[1]["started"] == 0);
    }
    SUBCASE("the overdue counts follow the moment of the run") {
        // Two days later, met milestones stay as they were; what is unmet
        // and past its deadline grows.
        const Result r = fx.run({"--format", "json", "report", "milestones"}, "",
                                {{"COMPLAINTS_NOW", "2026-11-25 10:00"}});
        REQUIRE(r.status == 0);
        const json rows = cli_test::parse_json(r.out);
        // resolve due Mon 11-23 18:00 is now past for M2, M3, M5 (M4 on hold,
        // M6 rejected): rate 1 / (1 + 3).
        check_row(rows[3], {"resolve", 6, 1, 1, 0, 3, 0.25, 48.0, 48.0});
        // M3's investigate (due Mon 11-23 18:00) joins M2's.
        check_row(rows[2], {"investigate", 4, 1, 1, 0, 2, 1.0 / 3, 24.0, 24.0});
    }
}

TEST_CASE("milestones report: a reversed range and bad options") {
    Fixture fx;
    fx.register_complaint();
    SUBCASE("--from after --to: exit 64") {
        const Result r =
            fx.run({"report", "milestones", "--from", "2026-12-01", "--to", "2026-11-01"});
        CHECK(r.status == 64);
        cli_test::check_error_shape(r);
        CHECK(r.err_first_line().find("--from") != std::string::npos);
    }
    SUBCASE("an unknown --by: exit 64") {
        const Result r = fx.run({"report", "milestones", "--by", "colour"});
        CHECK(r.status == 64);
        cli_test::check_error_shape(r);
    }
    SUBCASE("--help shows an example") {
        const Result r = fx.run({"report", "milestones", "--help"});
        CHECK(r.status == 0);
        CHECK(r.out.find("complaints report milestones") != std::string::npos);
        CHECK(r.out.find("nearest rank") != std::string::npos);
    }
    SUBCASE("without a database: exit 66") {
        const Result r =
            fx.run({"report", "milestones"}, "", {{"COMPLAINTS_DB", fx.another_db("none.db")}});
        CHECK(r.status == 66);
    }
}
