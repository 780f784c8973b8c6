// Holding a complaint through the real binary (SPEC §10 "hold and resume"):
// resume moves every started, unmet deadline later by the time held, in the
// unit of the limit that set it (the worked examples of §10, on the calendar
// of §3.1); a held complaint is in no overdue list, and comes back after
// resume; `list --open` includes on_hold and leaves out the final statuses.
#include "steps.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

using cli_test::check_refused;
using cli_test::EnvChanges;
using cli_test::Fixture;
using cli_test::Result;
using cli_test::run_json;
using cli_test::run_ok;
using nlohmann::json;

namespace {

// The calendar of SPEC §3.1's worked examples.
constexpr const char* k_calendar_policy = R"([organization]
timezone = "Asia/Shanghai"

[calendar]
workdays = ["mon", "tue", "wed", "thu", "fri"]
hours = ["09:00-12:00", "13:00-18:00"]
holidays = [2026-10-01, 2026-10-02, 2026-10-05, 2026-10-06, 2026-10-07]
extra_workdays = [2026-10-10]
)";

// The clock of the tool at `now` (so that --at may be that late).
EnvChanges at_now(const std::string& now) {
    return {{"COMPLAINTS_NOW", now}};
}

std::string due(const json& complaint, const std::string& milestone) {
    const json& d = complaint.at("milestones").at(milestone).at("due");
    return d.is_null() ? std::string("null") : d.get<std::string>();
}

// The ids in the rows of a JSON array (report overdue, list).
std::vector<std::string> ids(const json& rows) {
    std::vector<std::string> out;
    for (const auto& row : rows) out.push_back(row.at("id").get<std::string>());
    return out;
}

bool has(const std::vector<std::string>& list, const std::string& item) {
    return std::find(list.begin(), list.end(), item) != list.end();
}

}  // namespace

TEST_CASE("hold: resume moves a wd deadline by the working time held (SPEC 10, first example)") {
    Fixture f;
    f.write_file("complaints.toml", k_calendar_policy);
    // Received Monday 09:00: resolve 5wd is Monday 11-30 18:00, acknowledge
    // and assign 1wd are Tuesday 18:00.
    const auto id = f.register_complaint({"--received-at", "2026-11-23 09:00"});
    json j = f.show(id);
    REQUIRE(due(j, "resolve") == "2026-11-30T18:00:00+08:00");
    REQUIRE(due(j, "assign") == "2026-11-24T18:00:00+08:00");
    REQUIRE(due(j, "acknowledge") == "2026-11-24T18:00:00+08:00");

    const EnvChanges later = at_now("2026-11-26 12:00");
    run_ok(f, {"hold", id, "--reason", "waiting_customer", "--at", "2026-11-24 10:00"}, later);
    // While held the deadlines stay as they were.
    j = run_json(f, {"show", id}, later);
    CHECK(due(j, "resolve") == "2026-11-30T18:00:00+08:00");
    CHECK(j["milestones"]["assign"]["state"] == "paused");
    CHECK(j["milestones"]["resolve"]["state"] == "paused");

    // Tue 10:00 to Thu 10:00 is 16 working hours.
    const Result r = run_ok(
        f, {"resume", id, "--note", "she sent the photos", "--at", "2026-11-26 10:00"}, later);
    CHECK(r.out == id + "  registered  next deadline 2026-11-26 18:00\n");
    j = run_json(f, {"show", id}, later);
    CHECK(j["status"] == "registered");
    CHECK(due(j, "resolve") == "2026-12-02T18:00:00+08:00");
    CHECK(due(j, "assign") == "2026-11-26T18:00:00+08:00");
    CHECK(due(j, "acknowledge") == "2026-11-26T18:00:00+08:00");
    CHECK(j["milestones"]["assign"]["state"] == "pending");
    CHECK(j["held_minutes"] == 48 * 60);
    // Not started clocks do not move (investigate, revisit).
    CHECK(due(j, "investigate") == "null");
    CHECK(due(j, "revisit") == "null");
    // The resume event keeps every deadline it moved.
    const json& details = j["events"].back()["details"];
    CHECK(j["events"].back()["type"] == "resume");
    CHECK(details.dump().find("2026-12-02") != std::string::npos);
}

TEST_CASE("hold: resume moves an h deadline by the clock time held (SPEC 10, second example)") {
    Fixture f;
    f.write_file("complaints.toml", k_calendar_policy);
    // An inquiry: resolve 24h, Tue 10:00; acknowledge 1wd, Tue 18:00.
    const auto id =
        f.register_complaint({"--kind", "inquiry", "--received-at", "2026-11-23 10:00"});
    REQUIRE(due(f.show(id), "resolve") == "2026-11-24T10:00:00+08:00");
    const EnvChanges later = at_now("2026-11-23 15:00");
    run_ok(f, {"hold", id, "--reason", "waiting_third_party", "--at", "2026-11-23 12:00"}, later);
    run_ok(f, {"resume", id, "--at", "2026-11-23 15:00"}, later);
    const json j = run_json(f, {"show", id}, later);
    // 3 clock hours for the h limit ...
    CHECK(due(j, "resolve") == "2026-11-24T13:00:00+08:00");
    // ... and 2 working hours (13:00-15:00) for the wd limit of acknowledge.
    CHECK(due(j, "acknowledge") == "2026-11-25T11:00:00+08:00");
    CHECK(j["held_minutes"] == 180);
}

TEST_CASE("hold: resume moves a bh deadline by the working time held (SPEC 10, third example)") {
    Fixture f;
    f.write_file("complaints.toml", k_calendar_policy);
    // Urgent, received Friday 14:00, assigned 15:00: investigate 4bh is
    // Monday 10:00; resolve 1wd is Monday 18:00.
    const auto id =
        f.register_complaint({"--severity", "urgent", "--received-at", "2026-11-20 14:00"});
    run_ok(f, {"assign", id, "--to", "zhang", "--at", "2026-11-20 15:00"});
    json j = f.show(id);
    REQUIRE(due(j, "investigate") == "2026-11-23T10:00:00+08:00");
    REQUIRE(due(j, "resolve") == "2026-11-23T18:00:00+08:00");
    // Fri 17:00 to Mon 09:30 is 1.5 working hours.
    run_ok(f, {"hold", id, "--reason", "waiting_parts", "--at", "2026-11-20 17:00"});
    run_ok(f, {"resume", id, "--at", "2026-11-23 09:30"});
    j = f.show(id);
    CHECK(j["status"] == "assigned");
    CHECK(due(j, "investigate") == "2026-11-23T11:30:00+08:00");
    CHECK(due(j, "resolve") == "2026-11-24T10:30:00+08:00");
    // Met milestones keep their deadline (assign was met late at 15:00).
    CHECK(due(j, "assign") == "2026-11-20T14:30:00+08:00");
    CHECK(j["milestones"]["assign"]["state"] == "met_late");
    CHECK(j["held_minutes"] == 64 * 60 + 30);  // clock time
}

TEST_CASE("hold: working time held skips holidays and counts make-up days") {
    Fixture f;
    f.write_file("complaints.toml", k_calendar_policy);
    // Received Wed 09-23 10:00: resolve 5wd is Wed 09-30 18:00, assign 1wd
    // Thu 09-24 18:00 (already overdue when the hold starts: it moves too).
    const auto id = f.register_complaint({"--received-at", "2026-09-23 10:00"});
    REQUIRE(due(f.show(id), "resolve") == "2026-09-30T18:00:00+08:00");
    // Mon 09-28 10:00 to Thu 10-08 10:00: 7 + 8 + 8 working hours, the
    // holidays 10-01..07, then 1 hour: 24 working hours, three days.
    run_ok(f, {"hold", id, "--reason", "waiting_parts", "--at", "2026-09-28 10:00"});
    run_ok(f, {"resume", id, "--at", "2026-10-08 10:00"});
    const json j = f.show(id);
    // Wed 09-30 18:00 + 3 working days: Thu 10-08, Fri 10-09, Sat 10-10 (a
    // make-up day).
    CHECK(due(j, "resolve") == "2026-10-10T18:00:00+08:00");
    CHECK(due(j, "assign") == "2026-09-29T18:00:00+08:00");
}

TEST_CASE("hold: a held complaint is in no overdue list and comes back after resume") {
    Fixture f;
    // Received 11-02: acknowledge, assign and resolve are long overdue.
    const auto late = f.register_complaint({"--received-at", "2026-11-02 09:00"});
    const auto other = f.register_complaint({"--received-at", "2026-11-03 09:00"});
    REQUIRE(ids(run_json(f, {"list", "--overdue"})) == std::vector<std::string>{late, other});
    json overdue = run_json(f, {"report", "overdue"});
    REQUIRE(has(ids(overdue), late));

    run_ok(f, {"hold", late, "--reason", "waiting_customer", "--at", "2026-11-23 09:00"});
    overdue = run_json(f, {"report", "overdue"});
    CHECK_FALSE(has(ids(overdue), late));
    CHECK(has(ids(overdue), other));
    CHECK(ids(run_json(f, {"list", "--overdue"})) == std::vector<std::string>{other});
    Result r = run_ok(f, {"report", "overdue"});
    CHECK(r.out.find(late) == std::string::npos);
    r = run_ok(f, {"list", "--overdue"});
    CHECK(r.out.find(late) == std::string::npos);
    // The view agrees: nothing of it is overdue while held.
    CHECK(run_json(f, {"query",
                       "SELECT count(*) AS n FROM milestone_facts WHERE id = :id AND "
                       "state = 'overdue'",
                       "--param", "id=" + late}) == json::parse(R"([{"n": 0}])"));
    // With only the held complaint left, report overdue prints nothing at all.
    run_ok(f, {"withdraw", other});
    r = run_ok(f, {"report", "overdue", "--exit-code"});
    CHECK(r.out.empty());

    // Resumed after an hour: the deadlines moved by one working hour and are
    // still long past.
    run_ok(f, {"resume", late, "--at", "2026-11-23 10:00"});
    overdue = run_json(f, {"report", "overdue"});
    CHECK(has(ids(overdue), late));
    CHECK(ids(run_json(f, {"list", "--overdue"})) == std::vector<std::string>{late});
    for (const auto& row : overdue)
        if (row["id"] == late && row["milestone"] == "assign")
            CHECK(row["due"] == "2026-11-04T10:00:00+08:00");
}

TEST_CASE("hold: list --open includes on_hold and leaves out closed, rejected and withdrawn") {
    Fixture f;
    std::map<std::string, std::string> by_status;
    for (const auto& status : cli_test::all_statuses()) {
        const auto id = f.register_complaint();
        cli_test::bring_to(f, id, status);
        by_status[status] = id;
    }
    const auto open = ids(run_json(f, {"list", "--open"}));
    for (const auto& [status, id] : by_status) {
        CAPTURE(status);
        const bool final = status == "closed" || status == "rejected" || status == "withdrawn";
        CHECK(has(open, id) == !final);
    }
    CHECK(open.size() == 5);
    // --status names each new status.
    for (const std::string status : {"on_hold", "rejected", "withdrawn"}) {
        CAPTURE(status);
        CHECK(ids(run_json(f, {"list", "--status", status})) ==
              std::vector<std::string>{by_status[status]});
    }
    check_refused(f, {"list", "--status", "paused"}, 65, {"'paused'", "on_hold"});
}
