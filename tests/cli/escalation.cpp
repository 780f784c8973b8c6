// The parts of SPEC §10 that need new policy keys: automatic escalation
// (`[escalation] reopen_threshold`, `severity`) and the review of a long hold
// (`[hold] review_after`), through the real binary.
//
// Pending the policy reader of branch hP: until it is merged, the reader
// refuses these tables (exit 78) and every test here fails at its first
// command.
#include "steps.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using cli_test::Fixture;
using cli_test::Result;
using cli_test::run_json;
using cli_test::run_ok;
using nlohmann::json;

namespace {

constexpr const char* k_escalation_policy = R"([escalation]
reopen_threshold = 2
severity = "major"
)";

constexpr const char* k_hold_review_policy = R"([hold]
review_after = "2d"
)";

// Resolves `id` at `resolve_at` and has the customer (as `actor`) say it is
// not solved at `revisit_at`: the complaint is reopened.
void reopen(Fixture& f, const std::string& id, const std::string& resolve_at,
            const std::string& revisit_at, const std::string& actor) {
    run_ok(f, {"resolve", id, "--plan", "explain", "--outcome", "explanation", "--at", resolve_at});
    run_ok(f, {"--as", actor, "revisit", id, "--result", "unsatisfied", "--at", revisit_at});
}

}  // namespace

TEST_CASE("escalation: the revisit that reopens for the N-th time raises the severity") {
    Fixture f;
    f.write_file("complaints.toml", k_escalation_policy);
    const auto id = f.register_complaint({"--received-at", "2026-11-16 09:00"});
    run_ok(f, {"assign", id, "--to", "zhang", "--at", "2026-11-16 10:00"});

    // The first reopening: below the threshold, nothing is raised.
    reopen(f, id, "2026-11-17 10:00", "2026-11-18 10:00", "wu");
    json j = f.show(id);
    REQUIRE(j["reopen_count"] == 1);
    CHECK(j["severity"] == "general");
    CHECK(j["edits"] == json::array());

    // The second: an edit event by the same actor, right after the revisit.
    reopen(f, id, "2026-11-19 10:00", "2026-11-20 10:00", "wu");
    j = f.show(id);
    CHECK(j["reopen_count"] == 2);
    CHECK(j["status"] == "investigating");
    CHECK(j["severity"] == "major");
    const auto types = cli_test::event_types(j);
    REQUIRE(types.size() >= 2);
    CHECK(types[types.size() - 2] == "revisit");
    CHECK(types.back() == "edit");
    const json& event = j["events"].back();
    CHECK(event["actor"] == "wu");
    CHECK(event["at"] == "2026-11-20T10:00:00+08:00");
    REQUIRE(j["edits"].size() == 1);
    CHECK(j["edits"][0]["reason"] == "reopened 2 times");
    CHECK(j["edits"][0]["by"] == "wu");
    CHECK(j["edits"][0]["changes"] ==
          json::parse(R"([{"field": "severity", "from": "general", "to": "major"}])"));
    // The new resolve clock (from the reopening, Fri 10:00) under major: 3wd.
    CHECK(j["milestones"]["resolve"]["due"] == "2026-11-25T18:00:00+08:00");

    // A third reopening: major does not rank below major, nothing more.
    reopen(f, id, "2026-11-23 09:00", "2026-11-23 09:30", "li");
    j = f.show(id);
    CHECK(j["reopen_count"] == 3);
    CHECK(j["severity"] == "major");
    CHECK(j["edits"].size() == 1);
    CHECK(cli_test::event_types(j).back() == "revisit");
}

TEST_CASE("escalation: a severity already ranking as high or higher is kept") {
    Fixture f;
    f.write_file("complaints.toml", k_escalation_policy);
    const auto id =
        f.register_complaint({"--severity", "urgent", "--received-at", "2026-11-16 09:00"});
    run_ok(f, {"assign", id, "--to", "zhang", "--at", "2026-11-16 10:00"});
    reopen(f, id, "2026-11-17 10:00", "2026-11-18 10:00", "wu");
    reopen(f, id, "2026-11-19 10:00", "2026-11-20 10:00", "wu");
    const json j = f.show(id);
    CHECK(j["reopen_count"] == 2);
    CHECK(j["severity"] == "urgent");
    CHECK(j["edits"] == json::array());
}

TEST_CASE("escalation: without [escalation] nothing is raised") {
    Fixture f;
    const auto id = f.register_complaint({"--received-at", "2026-11-16 09:00"});
    run_ok(f, {"assign", id, "--to", "zhang", "--at", "2026-11-16 10:00"});
    reopen(f, id, "2026-11-17 10:00", "2026-11-18 10:00", "wu");
    reopen(f, id, "2026-11-19 10:00", "2026-11-20 10:00", "wu");
    const json j = f.show(id);
    CHECK(j["reopen_count"] == 2);
    CHECK(j["severity"] == "general");
    CHECK(j["edits"] == json::array());
}

TEST_CASE("hold review: a hold longer than [hold] review_after is overdue as milestone hold") {
    Fixture f;
    f.write_file("complaints.toml", k_hold_review_policy);
    const auto id = f.register_complaint({"--received-at", "2026-11-20 08:00"});
    run_ok(f, {"hold", id, "--reason", "waiting_parts", "--at", "2026-11-20 09:00"});
    json j = f.show(id);
    CHECK(j["hold"]["review_due"] == "2026-11-22T09:00:00+08:00");
    CHECK(j["milestones"]["hold"]["due"] == "2026-11-22T09:00:00+08:00");
    CHECK(j["milestones"]["hold"]["state"] == "overdue");
    CHECK(j["next_deadline"] == "2026-11-22T09:00:00+08:00");

    // The only overdue row is the hold review: the other milestones are paused.
    const json overdue = run_json(f, {"report", "overdue"});
    CHECK(overdue == json::parse(R"([{
        "id": "20261120-TEL-001", "milestone": "hold", "due": "2026-11-22T09:00:00+08:00",
        "late_minutes": 1500, "assignee": null, "department": null,
        "severity": "general", "summary": "Kettle leaks"}])"));
    const json listed = run_json(f, {"list", "--overdue"});
    REQUIRE(listed.size() == 1);
    CHECK(listed[0]["id"] == id);
    const Result text = run_ok(f, {"report", "overdue"});
    CHECK(text.out.find(id) != std::string::npos);
    CHECK(text.out.find("hold") != std::string::npos);

    // Before the review is due it is only coming up.
    const json soon =
        run_json(f, {"report", "overdue", "--as-of", "2026-11-21 10:00", "--within", "1d"});
    REQUIRE(soon.size() == 1);
    CHECK(soon[0]["milestone"] == "hold");
    CHECK(soon[0]["late_minutes"] == -1380);

    // Resume meets it (late); the paused milestones count again.
    run_ok(f, {"resume", id});
    j = f.show(id);
    CHECK(j["milestones"]["hold"]["met_at"] == "2026-11-23T10:00:00+08:00");
    CHECK(j["milestones"]["hold"]["state"] == "met_late");
    for (const auto& row : run_json(f, {"report", "overdue"})) CHECK(row["milestone"] != "hold");
}

TEST_CASE("hold review: a withdrawal meets it and nothing is overdue") {
    Fixture f;
    f.write_file("complaints.toml", k_hold_review_policy);
    const auto id = f.register_complaint({"--received-at", "2026-11-20 08:00"});
    run_ok(f, {"hold", id, "--reason", "waiting_parts", "--at", "2026-11-20 09:00"});
    run_ok(f, {"withdraw", id});
    const json j = f.show(id);
    CHECK(j["milestones"]["hold"]["met_at"] == "2026-11-23T10:00:00+08:00");
    CHECK(run_json(f, {"report", "overdue"}) == json::array());
    CHECK(run_json(f, {"list", "--overdue"}) == json::array());
}
