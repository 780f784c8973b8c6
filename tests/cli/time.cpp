// Time input and deadlines end to end (SPEC §2, §3.1, §3.3).
#include "harness.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using cli_test::Fixture;
using cli_test::Result;

TEST_CASE("time: every accepted form of --received-at") {
    struct Form {
        std::string given, received_at;
    };
    const std::vector<Form> forms = {
        {"2026-11-20T15:00:00+08:00", "2026-11-20T15:00:00+08:00"},
        {"2026-11-20T07:00:00Z", "2026-11-20T15:00:00+08:00"},
        {"2026-11-20 15:00", "2026-11-20T15:00:00+08:00"},
        {"2026-11-20T15:00", "2026-11-20T15:00:00+08:00"},
        {"2026-11-20 15:00:00", "2026-11-20T15:00:00+08:00"},
        {"2026-11-20T15:00:00", "2026-11-20T15:00:00+08:00"},
        {"2026-11-20 07:00Z", "2026-11-20T15:00:00+08:00"},
        {"2026-11-20T16:00:00+09:00", "2026-11-20T15:00:00+08:00"},
        {"2026-11-20 02:00-05:00", "2026-11-20T15:00:00+08:00"},
        {"2026-11-20", "2026-11-20T00:00:00+08:00"},
        {"now", "2026-11-23T10:00:00+08:00"},
    };
    Fixture f;
    for (const auto& form : forms) {
        CAPTURE(form.given);
        const Result r =
            f.run({"--format", "json", "register", "--channel", "phone", "--category", "product",
                   "--customer", "x", "--summary", "y", "--received-at", form.given});
        INFO("stderr: " << r.err);
        REQUIRE(r.status == 0);
        const auto j = cli_test::parse_json(r.out);
        CHECK(j["received_at"] == form.received_at);
        CHECK(j["id"].get<std::string>().substr(0, 8) == form.received_at.substr(0, 4) +
                                                             form.received_at.substr(5, 2) +
                                                             form.received_at.substr(8, 2));
    }
}

TEST_CASE("time: --at accepts offsets and is shown in the policy zone") {
    Fixture f;
    const auto id = f.register_complaint({"--received-at", "2026-11-20 15:00"});
    REQUIRE(f.run({"assign", id, "--to", "zhang", "--at", "2026-11-23T01:00:00Z"}).status == 0);
    CHECK(f.show(id)["milestones"]["assign"]["met_at"] == "2026-11-23T09:00:00+08:00");
    const Result text = f.run({"show", id});
    CHECK(text.out.find("2026-11-23 09:00") != std::string::npos);
    CHECK(text.out.find("2026-11-20 15:00") != std::string::npos);
}

TEST_CASE("time: deadlines of the built-in policy by kind and severity") {
    struct Row {
        std::vector<std::string> options;
        std::string milestone, due;
    };
    const std::vector<Row> rows = {
        {{}, "assign", "2026-11-23T18:00:00+08:00"},
        {{}, "resolve", "2026-11-27T18:00:00+08:00"},
        {{"--severity", "major"}, "assign", "2026-11-20T16:00:00+08:00"},
        {{"--severity", "major"}, "resolve", "2026-11-25T18:00:00+08:00"},
        {{"--severity", "urgent"}, "assign", "2026-11-20T15:30:00+08:00"},
        {{"--severity", "urgent"}, "resolve", "2026-11-23T18:00:00+08:00"},
        {{"--kind", "inquiry"}, "resolve", "2026-11-21T15:00:00+08:00"},
        {{"--kind", "suggestion"}, "resolve", "2026-12-04T18:00:00+08:00"},
        // Several limits apply: the earliest deadline wins.
        {{"--kind", "inquiry", "--severity", "major"}, "resolve", "2026-11-21T15:00:00+08:00"},
        {{"--kind", "suggestion", "--severity", "urgent"}, "resolve", "2026-11-23T18:00:00+08:00"},
    };
    Fixture f;
    for (const auto& row : rows) {
        std::string label;
        for (const auto& o : row.options) label += o + " ";
        CAPTURE(label);
        CAPTURE(row.milestone);
        std::vector<std::string> options{"--received-at", "2026-11-20 15:00"};
        options.insert(options.end(), row.options.begin(), row.options.end());
        const auto id = f.register_complaint(options);
        CHECK(f.show(id)["milestones"][row.milestone]["due"] == row.due);
    }

    SUBCASE("investigate clocks start at the first assignment: urgent 4bh from Friday 15:00") {
        const auto id =
            f.register_complaint({"--received-at", "2026-11-20 15:00", "--severity", "urgent"});
        REQUIRE(f.run({"assign", id, "--to", "zhang", "--at", "2026-11-20 15:00"}).status == 0);
        CHECK(f.show(id)["milestones"]["investigate"]["due"] == "2026-11-23T10:00:00+08:00");
        // A reassignment does not restart it.
        REQUIRE(f.run({"assign", id, "--to", "li", "--at", "2026-11-23 09:00"}).status == 0);
        const auto j = f.show(id);
        CHECK(j["assignee"] == "li");
        CHECK(j["milestones"]["investigate"]["due"] == "2026-11-23T10:00:00+08:00");
        CHECK(j["milestones"]["assign"]["met_at"] == "2026-11-20T15:00:00+08:00");
    }
}

TEST_CASE("time: the worked examples of SPEC 3.1 through a policy file") {
    Fixture f;
    const std::string policy = f.write_file("calendar.toml", R"(
[organization]
timezone = "Asia/Shanghai"

[calendar]
workdays = ["mon", "tue", "wed", "thu", "fri"]
hours = ["09:00-12:00", "13:00-18:00"]
holidays = [2026-10-01, 2026-10-02, 2026-10-05, 2026-10-06, 2026-10-07]
extra_workdays = [2026-10-10]

[limits]
assign = "1wd"
investigate = "3wd"
resolve = "3wd"
revisit = "1wd"

[severity.general]
label = "General"

[severity.bh1]
limits = { assign = "1bh" }

[severity.bh2]
limits = { assign = "2bh" }

[severity.bh4]
limits = { assign = "4bh" }

[severity.h24]
limits = { assign = "24h" }
)");
    struct Row {
        std::string received, severity, milestone, due;
    };
    const std::vector<Row> rows = {
        {"2026-11-20 15:00", "general", "assign", "2026-11-23T18:00:00+08:00"},
        {"2026-11-21 10:00", "general", "assign", "2026-11-23T18:00:00+08:00"},
        {"2026-11-20 15:00", "bh4", "assign", "2026-11-23T10:00:00+08:00"},
        {"2026-11-23 11:30", "bh1", "assign", "2026-11-23T13:30:00+08:00"},
        {"2026-11-22 20:00", "bh2", "assign", "2026-11-23T11:00:00+08:00"},
        {"2026-11-20 15:00", "h24", "assign", "2026-11-21T15:00:00+08:00"},
        {"2026-09-30 10:00", "general", "assign", "2026-10-08T18:00:00+08:00"},
        {"2026-09-30 10:00", "general", "resolve", "2026-10-10T18:00:00+08:00"},
    };
    for (const auto& row : rows) {
        CAPTURE(row.received);
        CAPTURE(row.severity);
        const Result r = f.run({"--policy", policy, "--format", "json", "register", "--channel",
                                "phone", "--category", "product", "--customer", "x", "--summary",
                                "y", "--severity", row.severity, "--received-at", row.received},
                               "", {{"COMPLAINTS_NOW", "2026-11-23 12:00"}});
        INFO("stderr: " << r.err);
        REQUIRE(r.status == 0);
        CHECK(cli_test::parse_json(r.out)["milestones"][row.milestone]["due"] == row.due);
    }
}
