// Rules that a review found untested: each test here fails on a one-line
// change that the rest of the suite let through.
//   - `show`: the exact milestone, received and history lines ("due in …",
//     who did what);
//   - `report summary --by channel` groups by channel, not kind;
//   - `investigate --substantiated no` is stored and shown as false;
//   - `policy check` shows `min(a, b)` when several limits apply;
//   - `remind` bodies: each item's deadline (local time) and how late, or
//     how soon;
//   - `--policy` wins over COMPLAINTS_POLICY, which wins over the file beside
//     the database;
//   - a policy change never moves a deadline already set;
//   - `report trend` without --from, --to and --by: 12 months up to the one
//     containing now, in the policy's zone.
#include "harness.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

using cli_test::EnvChanges;
using cli_test::Fixture;
using cli_test::Result;
using nlohmann::json;

namespace {

void ok(Fixture& f, const std::vector<std::string>& args, const EnvChanges& env = {}) {
    const Result r = f.run(args, "", env);
    INFO(args.front() << " " << args.at(1) << ": " << r.err);
    REQUIRE(r.status == 0);
}

Result run_ok(Fixture& f, const std::vector<std::string>& args, const EnvChanges& env = {}) {
    const Result r = f.run(args, "", env);
    INFO("args: " << args.front() << " stderr: " << r.err);
    REQUIRE(r.status == 0);
    return r;
}

// Checks that `lines` holds `expected` as consecutive lines.
void check_block(const std::vector<std::string>& lines, const std::vector<std::string>& expected,
                 const std::string& output) {
    INFO("output:\n" << output);
    REQUIRE_FALSE(expected.empty());
    const auto first = std::find(lines.begin(), lines.end(), expected.front());
    REQUIRE_MESSAGE(first != lines.end(), "no line [" << expected.front() << "]");
    REQUIRE(static_cast<std::size_t>(lines.end() - first) >= expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) CHECK(*(first + i) == expected[i]);
}

}  // namespace

// ---- show ------------------------------------------------------------------

TEST_CASE("show: the exact text of milestones, findings and history, with who and when") {
    Fixture f;
    // Now is Monday 2026-11-23 10:00; built-in policy: acknowledge 1wd (SPEC 10), assign 1wd,
    // investigate 3wd, resolve 5wd.
    const auto id = f.register_complaint({"--received-at", "2026-11-23 09:00"});
    REQUIRE(id == "20261123-TEL-001");

    SUBCASE("registered: assign due in 1d 8h, the others not started or due") {
        const Result r = run_ok(f, {"show", id});
        CHECK(r.out ==
              "20261123-TEL-001  registered\n"
              "kind:         Complaint\n"
              "severity:     General\n"
              "channel:      Phone\n"
              "category:     Product\n"
              "customer:     Wang Fang\n"
              "summary:      Kettle leaks\n"
              "received:     2026-11-23 09:00 by tester\n"
              "\n"
              "milestones\n"
              "  acknowledge due 2026-11-24 18:00  due in 1d 8h\n"
              "  assign      due 2026-11-24 18:00  due in 1d 8h\n"
              "  investigate                       not started\n"
              "  resolve     due 2026-11-30 18:00  due in 7d 8h\n"
              "  revisit                           not started\n"
              "\n"
              "history\n"
              "  2026-11-23 09:00  register     tester  (recorded 2026-11-23 10:00)\n");
    }
    SUBCASE("steps by other people: each history line names its actor") {
        ok(f, {"--as", "li", "assign", id, "--to", "zhang", "--at", "2026-11-23 09:30"});
        ok(f,
           {"--as", "wu", "investigate", id, "--finding", "seal cracked", "--substantiated", "no"});
        const Result r = run_ok(f, {"show", id});
        const auto lines = r.out_lines();
        check_block(lines, {"received:     2026-11-23 09:00 by tester", "assignee:     zhang"},
                    r.out);
        check_block(lines,
                    {"milestones", "  acknowledge due 2026-11-24 18:00  due in 1d 8h",
                     "  assign      due 2026-11-24 18:00  met 2026-11-23 09:30  met on time",
                     "  investigate due 2026-11-26 18:00  due in 3d 8h",
                     "  resolve     due 2026-11-30 18:00  due in 7d 8h",
                     "  revisit                           not started"},
                    r.out);
        check_block(lines,
                    {"findings", "  2026-11-23 10:00 wu: seal cracked", "      not substantiated"},
                    r.out);
        check_block(
            lines,
            {"history", "  2026-11-23 09:00  register     tester  (recorded 2026-11-23 10:00)",
             "  2026-11-23 09:30  assign       li  (recorded 2026-11-23 10:00)",
             "  2026-11-23 10:00  investigate  wu"},
            r.out);
        CHECK(lines.back() == "  2026-11-23 10:00  investigate  wu");
    }
    SUBCASE("due in minutes, and overdue by minutes") {
        // Urgent: assign 30m. Received 09:47: due 10:17; received 09:15: due 09:45.
        const auto soon = f.register_complaint(
            {"--received-at", "2026-11-23 09:47", "--severity", "urgent", "--as", "zhao"});
        const auto late =
            f.register_complaint({"--received-at", "2026-11-23 09:15", "--severity", "urgent"});
        Result r = run_ok(f, {"show", soon});
        check_block(r.out_lines(), {"received:     2026-11-23 09:47 by zhao"}, r.out);
        check_block(r.out_lines(), {"  assign      due 2026-11-23 10:17  due in 17m"}, r.out);
        r = run_ok(f, {"show", late});
        check_block(r.out_lines(), {"  assign      due 2026-11-23 09:45  overdue by 15m"}, r.out);
    }
}

// ---- report summary --by channel ------------------------------------------

TEST_CASE("report summary: --by channel groups by channel, not by kind") {
    Fixture f;
    // Channels and kinds that differ, so grouping by the wrong one shows.
    f.register_complaint({"--channel", "phone", "--kind", "complaint"});
    f.register_complaint({"--channel", "phone", "--kind", "inquiry"});
    f.register_complaint({"--channel", "email", "--kind", "complaint"});
    f.register_complaint({"--channel", "web", "--kind", "suggestion"});
    f.register_complaint({"--channel", "web", "--kind", "complaint"});
    f.register_complaint({"--channel", "web", "--kind", "complaint"});

    const auto groups = [&](const std::string& by) {
        const Result r = run_ok(f, {"--format", "json", "report", "summary", "--by", by});
        std::map<std::string, long long> out;
        for (const auto& row : cli_test::parse_json(r.out)) {
            INFO("row: " << row.dump());
            REQUIRE(row.contains(by));
            out[row[by].get<std::string>()] = row["received"].get<long long>();
        }
        return out;
    };
    CHECK(groups("channel") ==
          std::map<std::string, long long>{{"email", 1}, {"phone", 2}, {"web", 3}});
    CHECK(groups("kind") ==
          std::map<std::string, long long>{{"complaint", 4}, {"inquiry", 1}, {"suggestion", 1}});

    // Text: the channels' labels, in name order, and the total.
    const Result text = run_ok(f, {"report", "summary", "--by", "channel"});
    const auto lines = text.out_lines();
    INFO("output:\n" << text.out);
    REQUIRE(lines.size() == 5);
    CHECK(lines[0].rfind("channel ", 0) == 0);
    CHECK(lines[1].rfind("E-mail ", 0) == 0);
    CHECK(lines[2].rfind("Phone ", 0) == 0);
    CHECK(lines[3].rfind("Web form ", 0) == 0);
    CHECK(lines[4].rfind("total ", 0) == 0);

    // CSV: the names.
    const auto rows = cli_test::parse_csv(
        run_ok(f, {"--format", "csv", "report", "summary", "--by", "channel"}).out);
    REQUIRE(rows.size() == 4);
    CHECK(rows[0][0] == "channel");
    CHECK(rows[1][0] == "email");
    CHECK(rows[1][1] == "1");
    CHECK(rows[2][0] == "phone");
    CHECK(rows[2][1] == "2");
    CHECK(rows[3][0] == "web");
    CHECK(rows[3][1] == "3");
}

// ---- investigate --substantiated ------------------------------------------

TEST_CASE("investigate: --substantiated no is stored and shown as not substantiated") {
    Fixture f;
    const auto id = f.register_complaint({"--received-at", "2026-11-23 09:00"});
    ok(f, {"assign", id, "--to", "zhang", "--at", "2026-11-23 09:10"});
    ok(f, {"investigate", id, "--finding", "no leak found", "--substantiated", "no", "--at",
           "2026-11-23 09:20"});
    ok(f, {"investigate", id, "--finding", "leaks when hot", "--substantiated", "yes", "--at",
           "2026-11-23 09:30"});
    ok(f, {"investigate", id, "--finding", "asked the supplier", "--at", "2026-11-23 09:40"});

    // JSON: false, true, null.
    const json j = f.show(id);
    REQUIRE(j["findings"].size() == 3);
    CHECK(j["findings"][0]["text"] == "no leak found");
    CHECK(j["findings"][0]["substantiated"].is_boolean());
    CHECK(j["findings"][0]["substantiated"] == false);
    CHECK(j["findings"][1]["substantiated"] == true);
    CHECK(j["findings"][2]["substantiated"].is_null());

    // Text.
    const Result r = run_ok(f, {"show", id});
    check_block(r.out_lines(),
                {"findings", "  2026-11-23 09:20 tester: no leak found", "      not substantiated",
                 "  2026-11-23 09:30 tester: leaks when hot", "      substantiated",
                 "  2026-11-23 09:40 tester: asked the supplier", ""},
                r.out);

    // The stored event, through query: JSON false is 0, true is 1 (SQLite's
    // JSON functions; on a server PostgreSQL's, a boolean being 0 or 1 too).
    const std::string columns =
        cli_test::on_server()
            ? "CAST(CAST(details AS json) ->> 'substantiated' AS boolean) AS substantiated, "
              "CAST(details AS json) ->> 'substantiated' AS type"
            : "json_extract(details, '$.substantiated') AS substantiated, "
              "json_type(details, '$.substantiated') AS type";
    const Result q = run_ok(
        f, {"--format", "json", "query",
            "SELECT " + columns + " FROM event_log WHERE type = 'investigate' ORDER BY seq"});
    const json rows = cli_test::parse_json(q.out);
    INFO("query: " << q.out);
    REQUIRE(rows.size() == 3);
    CHECK(rows[0]["substantiated"] == 0);
    CHECK(rows[0]["type"] == "false");
    CHECK(rows[1]["substantiated"] == 1);
    CHECK(rows[1]["type"] == "true");
    CHECK(rows[2]["substantiated"].is_null());
}

// ---- policy check: min(...) -------------------------------------------------

TEST_CASE("policy check: several applicable limits show as min(...), and the earliest wins") {
    Fixture f;
    // The kind, the category and the severity each set a limit for resolve; two give the
    // same investigate limit (shown once).
    const std::string policy = f.write_file("limits.toml", R"([organization]
timezone = "Asia/Shanghai"

[kind.complaint]
limits = { investigate = "2wd", resolve = "5wd" }

[category.product]
limits = { assign = "2h", investigate = "2wd", resolve = "24h" }

[category.delivery]
label = "Delivery"

[severity.general]
limits = { investigate = "1wd", resolve = "4bh" }

[severity.minor]
label = "Minor"
)");
    const Result r = run_ok(f, {"--format", "csv", "policy", "check", policy});
    const auto rows = cli_test::parse_csv(r.out);
    INFO("output:\n" << r.out);
    REQUIRE(rows.size() == 5);
    CHECK(rows[0] == std::vector<std::string>{"kind", "category", "severity", "acknowledge",
                                              "assign", "investigate", "resolve", "revisit"});
    std::map<std::pair<std::string, std::string>, std::vector<std::string>> cells;
    for (std::size_t i = 1; i < rows.size(); ++i) {
        REQUIRE(rows[i].size() == 8);
        CHECK(rows[i][0] == "complaint");
        cells[{rows[i][1], rows[i][2]}] = {rows[i].begin() + 3, rows[i].end()};
    }
    // acknowledge: nothing sets it, so the built-in [limits] 1wd everywhere.
    using Cells = std::vector<std::string>;
    CHECK(cells[{"product", "general"}] ==
          Cells{"1wd", "2h", "min(1wd, 2wd)", "min(24h, 4bh, 5wd)", "1wd"});
    CHECK(cells[{"product", "minor"}] == Cells{"1wd", "2h", "2wd", "min(24h, 5wd)", "1wd"});
    CHECK(cells[{"delivery", "general"}] ==
          Cells{"1wd", "1wd", "min(1wd, 2wd)", "min(4bh, 5wd)", "1wd"});
    CHECK(cells[{"delivery", "minor"}] == Cells{"1wd", "1wd", "2wd", "5wd", "1wd"});

    // Text shows the same cells.
    const Result text = run_ok(f, {"policy", "check", policy});
    CHECK(text.out.find("min(24h, 4bh, 5wd)") != std::string::npos);
    CHECK(text.out.find("min(1wd, 2wd)") != std::string::npos);

    // The earliest deadline wins: received Mon 09:00, resolve 4bh is 13:00 (24h: Tuesday 09:00,
    // 5wd: Monday 11-30); investigate from the assignment at 09:30: 1wd, Tuesday 18:00.
    const auto id = f.register_complaint({"--received-at", "2026-11-23 09:00"},
                                         {{"COMPLAINTS_POLICY", policy}});
    ok(f, {"assign", id, "--to", "zhang", "--at", "2026-11-23 09:30"},
       {{"COMPLAINTS_POLICY", policy}});
    const Result shown =
        run_ok(f, {"--format", "json", "show", id}, {{"COMPLAINTS_POLICY", policy}});
    const json j = cli_test::parse_json(shown.out);
    CHECK(j["milestones"]["assign"]["due"] == "2026-11-23T11:00:00+08:00");
    CHECK(j["milestones"]["investigate"]["due"] == "2026-11-24T18:00:00+08:00");
    CHECK(j["milestones"]["resolve"]["due"] == "2026-11-23T13:00:00+08:00");
}

// ---- remind: deadlines and lateness in the body -----------------------------

namespace {

const std::string k_remind_policy = R"([organization]
timezone = "Asia/Shanghai"

[people.zhang]
name = "Zhang San"
email = "zhang@example.com"

[people.tester]
name = "Tester"

[notify]
from = "complaints@example.com"

# The milestones of SPEC 9 only (acknowledge, SPEC 10, is not tracked here).
[limits]
acknowledge = "none"
)";

// The body of the one message of `text` (a --dry-run output), from "Hello".
std::vector<std::string> body_lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    bool body = false;
    for (std::string line; std::getline(in, line);) {
        if (line == "--") FAIL("more than one message:\n" << text);
        if (line.rfind("Hello ", 0) == 0) body = true;
        if (body) out.push_back(line);
    }
    return out;
}

}  // namespace

TEST_CASE("remind: each item gives its deadline in local time and how late or how soon") {
    Fixture f;
    f.write_file("complaints.toml", k_remind_policy);
    // The system zone is UTC: times must still be the policy's (Asia/Shanghai).
    const EnvChanges env = {{"TZ", "UTC"}};
    // A: rec Mon 11-16 09:00, assigned 10:00: investigate due Thu 11-19 18:00, resolve due Mon
    //    11-23 18:00.
    // C: urgent, rec Mon 11-23 09:00, assigned 09:10: investigate 4bh, due 13:10; resolve 1wd,
    //    due Tue 11-24 18:00.
    const auto a =
        f.register_complaint({"--received-at", "2026-11-16 09:00", "--summary", "Lid broken"}, env);
    const auto c = f.register_complaint(
        {"--received-at", "2026-11-23 09:00", "--severity", "urgent", "--summary", "把手松了"},
        env);
    ok(f, {"assign", a, "--to", "zhang", "--at", "2026-11-16 10:00"}, env);
    ok(f, {"assign", c, "--to", "zhang", "--at", "2026-11-23 09:10"}, env);

    SUBCASE("overdue only") {
        const Result r = run_ok(f, {"remind", "--dry-run"}, env);
        CHECK(body_lines(r.out) ==
              std::vector<std::string>{
                  "Hello Zhang San,",
                  "",
                  "As of 2026-11-23 10:00 (Asia/Shanghai), these complaint milestones are "
                  "overdue or due soon:",
                  "",
                  "  " + a + "  investigate  due 2026-11-19 18:00  overdue by 3d 16h",
                  "      Lid broken",
                  "",
                  "See the details with: complaints show NUMBER",
                  "-- ",
                  "Sent by complaints remind",
              });
    }
    SUBCASE("--within: what falls due soon says when") {
        // 2wd from Monday 10:00: before Wednesday 18:00.
        const Result r = run_ok(f, {"remind", "--dry-run", "--within", "2wd"}, env);
        CHECK(body_lines(r.out) ==
              std::vector<std::string>{
                  "Hello Zhang San,",
                  "",
                  "As of 2026-11-23 10:00 (Asia/Shanghai), these complaint milestones are "
                  "overdue or due soon:",
                  "",
                  "  " + a + "  investigate  due 2026-11-19 18:00  overdue by 3d 16h",
                  "      Lid broken",
                  "  " + c + "  investigate  due 2026-11-23 13:10  due in 3h 10m",
                  "      把手松了",
                  "  " + a + "  resolve      due 2026-11-23 18:00  due in 8h",
                  "      Lid broken",
                  "  " + c + "  resolve      due 2026-11-24 18:00  due in 1d 8h",
                  "      把手松了",
                  "",
                  "See the details with: complaints show NUMBER",
                  "-- ",
                  "Sent by complaints remind",
              });
    }
    SUBCASE("--as-of: lateness as of that time") {
        const Result r = run_ok(f, {"remind", "--dry-run", "--as-of", "2026-11-20 09:00"}, env);
        const auto lines = body_lines(r.out);
        REQUIRE(lines.size() == 10);
        CHECK(lines[2] ==
              "As of 2026-11-20 09:00 (Asia/Shanghai), these complaint milestones are overdue or "
              "due soon:");
        CHECK(lines[4] == "  " + a + "  investigate  due 2026-11-19 18:00  overdue by 15h");
    }
}

// ---- which policy ------------------------------------------------------------

TEST_CASE(
    "policy: --policy wins over COMPLAINTS_POLICY, which wins over the file beside the database") {
    Fixture f;
    const std::string first = f.write_file("first.toml", "[category.alpha]\nlabel = \"Alpha\"\n");
    const std::string second = f.write_file("second.toml", "[category.beta]\nlabel = \"Beta\"\n");
    f.write_file("complaints.toml", "[category.gamma]\nlabel = \"Gamma\"\n");
    const auto register_in = [&](const std::string& category,
                                 const std::vector<std::string>& global, const EnvChanges& env) {
        std::vector<std::string> args = global;
        args.insert(args.end(), {"register", "--channel", "phone", "--category", category,
                                 "--customer", "x", "--summary", "y"});
        return f.run(args, "", env);
    };
    const auto accepted = [&](const std::vector<std::string>& global, const EnvChanges& env) {
        std::vector<std::string> out;
        for (const char* category : {"alpha", "beta", "gamma"}) {
            const Result r = register_in(category, global, env);
            if (r.status == 0) {
                out.push_back(category);
            } else {
                CHECK(r.status == 65);
                cli_test::check_error_shape(r);
            }
        }
        return out;
    };
    using Names = std::vector<std::string>;
    CHECK(accepted({"--policy", first}, {{"COMPLAINTS_POLICY", second}}) == Names{"alpha"});
    CHECK(accepted({}, {{"COMPLAINTS_POLICY", second}}) == Names{"beta"});
    CHECK(accepted({"--policy", first}, {}) == Names{"alpha"});
    // (A database on a server has nothing beside it.)
    if (!cli_test::on_server()) CHECK(accepted({}, {}) == Names{"gamma"});

    // policy check without FILE checks the policy in use, and says which.
    const Result r =
        f.run({"--policy", first, "policy", "check"}, "", {{"COMPLAINTS_POLICY", second}});
    INFO("stderr: " << r.err);
    REQUIRE(r.status == 0);
    CHECK(r.err.find(first) != std::string::npos);
    CHECK(r.err.find(second) == std::string::npos);
    CHECK(r.out.find("alpha") != std::string::npos);
    CHECK(r.out.find("beta") == std::string::npos);
}

// ---- a policy change keeps stored deadlines ------------------------------------

TEST_CASE("policy: a changed policy never moves a deadline already set, but new clocks use it") {
    Fixture f;
    const auto policy = [&](const std::string& assign, const std::string& investigate,
                            const std::string& resolve) {
        f.write_file("complaints.toml", "[limits]\nassign = \"" + assign + "\"\ninvestigate = \"" +
                                            investigate + "\"\nresolve = \"" + resolve + "\"\n");
    };
    policy("1wd", "3wd", "5wd");
    const auto old_one = f.register_complaint({"--received-at", "2026-11-23 09:00"});
    const json before = f.show(old_one)["milestones"];
    CHECK(before["assign"]["due"] == "2026-11-24T18:00:00+08:00");
    CHECK(before["resolve"]["due"] == "2026-11-30T18:00:00+08:00");

    // Much shorter limits: at 10:00 the old complaint would be overdue if they applied to it.
    policy("30m", "1h", "2h");
    CHECK(f.show(old_one)["milestones"] == before);
    const auto new_one = f.register_complaint({"--received-at", "2026-11-23 09:00"});
    const json fresh = f.show(new_one)["milestones"];
    CHECK(fresh["assign"]["due"] == "2026-11-23T09:30:00+08:00");
    CHECK(fresh["assign"]["state"] == "overdue");
    CHECK(fresh["resolve"]["due"] == "2026-11-23T11:00:00+08:00");

    // Only the new complaint is overdue.
    const Result overdue = run_ok(f, {"--format", "json", "report", "overdue"});
    const json rows = cli_test::parse_json(overdue.out);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0]["id"] == new_one);
    CHECK(rows[0]["milestone"] == "assign");

    // Assigning the old complaint now starts its investigate clock under the new policy; its
    // resolve deadline stays.
    ok(f, {"assign", old_one, "--to", "zhang", "--at", "2026-11-23 10:00"});
    const json after = f.show(old_one)["milestones"];
    CHECK(after["assign"]["due"] == before["assign"]["due"]);
    CHECK(after["assign"]["state"] == "met");
    CHECK(after["investigate"]["due"] == "2026-11-23T11:00:00+08:00");
    CHECK(after["resolve"]["due"] == before["resolve"]["due"]);
    CHECK(after["resolve"]["state"] == "pending");
}

// ---- report trend defaults ----------------------------------------------------

namespace {

std::vector<std::string> periods(const json& rows) {
    std::vector<std::string> out;
    for (const auto& row : rows) out.push_back(row.at("period").get<std::string>());
    return out;
}

}  // namespace

TEST_CASE("trend: without --from, --to and --by, 12 months up to the one containing now") {
    Fixture f;
    f.write_file("complaints.toml", "[organization]\ntimezone = \"Asia/Shanghai\"\n");
    // The system zone is UTC, so months of the wrong zone show.
    EnvChanges env = {{"TZ", "UTC"}};
    // 2025-11-30 23:59 local (November: before the 12 months); 2025-12-01 00:00 local (the
    // first of them, although still November in UTC); and one today.
    f.register_complaint({"--received-at", "2025-11-30T15:59:00Z"}, env);
    f.register_complaint({"--received-at", "2025-11-30T16:00:00Z"}, env);
    f.register_complaint({"--received-at", "2026-11-23 09:00"}, env);

    const auto trend = [&](const std::vector<std::string>& extra, const EnvChanges& changes) {
        std::vector<std::string> args = {"--format", "json", "report", "trend"};
        args.insert(args.end(), extra.begin(), extra.end());
        const json rows = cli_test::parse_json(run_ok(f, args, changes).out);
        REQUIRE(rows.is_array());
        return rows;
    };

    SUBCASE("months, now 2026-11-23 10:00") {
        const json rows = trend({}, env);
        CHECK(periods(rows) == std::vector<std::string>{"2025-12", "2026-01", "2026-02", "2026-03",
                                                        "2026-04", "2026-05", "2026-06", "2026-07",
                                                        "2026-08", "2026-09", "2026-10",
                                                        "2026-11"});
        REQUIRE(rows.size() == 12);
        CHECK(rows[0]["start"] == "2025-12-01T00:00:00+08:00");
        CHECK(rows[11]["end"] == "2026-12-01T00:00:00+08:00");
        CHECK(rows[0]["received"] == 1);
        CHECK(rows[11]["received"] == 1);
        long long total = 0;
        for (const auto& row : rows) total += row["received"].get<long long>();
        CHECK(total == 2);
        // Text: a header and the same 12 rows.
        const Result text = run_ok(f, {"report", "trend"}, env);
        const auto lines = text.out_lines();
        REQUIRE(lines.size() == 13);
        CHECK(lines[1].rfind("2025-12 ", 0) == 0);
        CHECK(lines[12].rfind("2026-11 ", 0) == 0);
    }
    SUBCASE("now already in December in the policy's zone, still November in UTC") {
        env["COMPLAINTS_NOW"] = "2026-11-30T16:30:00Z";
        const json rows = trend({}, env);
        REQUIRE(rows.size() == 12);
        CHECK(rows[0]["period"] == "2026-01");
        CHECK(rows[11]["period"] == "2026-12");
        CHECK(rows[11]["start"] == "2026-12-01T00:00:00+08:00");
    }
    SUBCASE("--by day and --by week: 12 periods too") {
        json rows = trend({"--by", "day"}, env);
        REQUIRE(rows.size() == 12);
        CHECK(rows[0]["period"] == "2026-11-12");
        CHECK(rows[11]["period"] == "2026-11-23");
        CHECK(rows[11]["received"] == 1);
        rows = trend({"--by", "week"}, env);
        REQUIRE(rows.size() == 12);
        CHECK(rows[0]["period"] == "2026-W37");
        CHECK(rows[11]["period"] == "2026-W48");
        CHECK(rows[11]["start"] == "2026-11-23T00:00:00+08:00");
    }
    SUBCASE("--to alone: the 12 months before it; --from alone: up to now") {
        json rows = trend({"--to", "2026-07-01"}, env);
        REQUIRE(rows.size() == 12);
        CHECK(rows[0]["period"] == "2025-07");
        CHECK(rows[11]["period"] == "2026-06");
        rows = trend({"--from", "2026-09-15"}, env);
        CHECK(periods(rows) == std::vector<std::string>{"2026-09", "2026-10", "2026-11"});
    }
}
