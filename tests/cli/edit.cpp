// `edit` (SPEC §10) through the real binary: corrections kept with their old
// and new values, deadlines recomputed from the clock starts (plus any time
// held) when the kind, category or severity changes, and its errors, each
// leaving the database as it was.
#include "steps.hpp"

#include <doctest/doctest.h>

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

std::string due(const json& complaint, const std::string& milestone) {
    const json& d = complaint.at("milestones").at(milestone).at("due");
    return d.is_null() ? std::string("null") : d.get<std::string>();
}

json change(const std::string& field, const json& from, const json& to) {
    return {{"field", field}, {"from", from}, {"to", to}};
}

}  // namespace

TEST_CASE("edit: changes fields and keeps every old and new value") {
    Fixture f;
    const auto id =
        f.register_complaint({"--contact", "13800000000", "--org", "Acme", "--order", "A-1",
                              "--demand", "refund", "--received-at", "2026-11-23 09:00"});
    const Result r = run_ok(f, {"edit", id, "--customer", "王芳", "--contact", "", "--summary",
                                "Kettle leaks at the base", "--reason", "typed from the letter",
                                "--at", "2026-11-23 09:30"});
    CHECK(r.out == id + "  registered  next deadline 2026-11-24 18:00\n");
    CHECK(r.err.empty());

    json j = f.show(id);
    CHECK(j["status"] == "registered");
    CHECK(j["customer"]["name"] == "王芳");
    CHECK(j["customer"]["contact"].is_null());
    CHECK(j["customer"]["organization"] == "Acme");
    CHECK(j["summary"] == "Kettle leaks at the base");
    CHECK(j["channel"] == "phone");
    CHECK(j["id"] == id);
    REQUIRE(j["edits"].size() == 1);
    const json& e = j["edits"][0];
    CHECK(e["at"] == "2026-11-23T09:30:00+08:00");
    CHECK(e["by"] == "tester");
    CHECK(e["reason"] == "typed from the letter");
    CHECK(e["changes"] ==
          json::array({change("customer_name", "Wang Fang", "王芳"),
                       change("customer_contact", "13800000000", nullptr),
                       change("summary", "Kettle leaks", "Kettle leaks at the base")}));
    CHECK(cli_test::event_types(j) == std::vector<std::string>{"register", "edit"});
    // Names, contact and summary move no deadline.
    CHECK(due(j, "resolve") == "2026-11-30T18:00:00+08:00");

    // The text of show lists the edit.
    const Result text = run_ok(f, {"show", id});
    CHECK(text.out.find("\nedits\n  2026-11-23 09:30 tester: typed from the letter\n"
                        "      customer_name: Wang Fang → 王芳\n"
                        "      customer_contact: 13800000000 → -\n"
                        "      summary: Kettle leaks → Kettle leaks at the base\n") !=
          std::string::npos);

    // A second edit, with --format json and the description from stdin.
    const Result second = run_ok(f,
                                 {"--format", "json", "edit", id, "--description", "-", "--order",
                                  "A-2", "--demand", "", "--org", "Acme Ltd", "--reason", "call"},
                                 {}, "It leaks.\nSince Monday.\n");
    j = cli_test::parse_json(second.out);
    CHECK(j["description"] == "It leaks.\nSince Monday.");
    CHECK(j["customer"]["order"] == "A-2");
    CHECK(j["customer"]["organization"] == "Acme Ltd");
    CHECK(j["demand"].is_null());
    REQUIRE(j["edits"].size() == 2);
    CHECK(j["edits"][1]["changes"] ==
          json::array({change("customer_organization", "Acme", "Acme Ltd"),
                       change("customer_order", "A-1", "A-2"),
                       change("description", nullptr, "It leaks.\nSince Monday."),
                       change("demand", "refund", nullptr)}));
    // The view follows.
    CHECK(run_json(f, {"query",
                       "SELECT customer_name, customer_contact, customer_order FROM "
                       "complaint_facts"}) ==
          json::parse(R"([{"customer_name": "王芳", "customer_contact": null,
                           "customer_order": "A-2"}])"));
}

TEST_CASE("edit: raising the severity recomputes the started deadlines from their clock start") {
    Fixture f;
    // Received Monday 08:00: acknowledge and assign 1wd (Tue 18:00), resolve
    // 5wd (Mon 11-30 18:00).
    const auto id = f.register_complaint({"--received-at", "2026-11-23 08:00"});
    json j = f.show(id);
    REQUIRE(due(j, "assign") == "2026-11-24T18:00:00+08:00");
    REQUIRE(due(j, "resolve") == "2026-11-30T18:00:00+08:00");

    // major: assign 1h (from 08:00: already past), resolve 3wd; acknowledge
    // has no limit of major, investigate has not started.
    const Result r = run_ok(f, {"edit", id, "--severity", "major", "--reason", "a hospital"});
    CHECK(r.out == id + "  registered  next deadline 2026-11-23 09:00\n");
    j = f.show(id);
    CHECK(j["severity"] == "major");
    CHECK(due(j, "assign") == "2026-11-23T09:00:00+08:00");
    CHECK(j["milestones"]["assign"]["state"] == "overdue");
    CHECK(due(j, "resolve") == "2026-11-26T18:00:00+08:00");
    CHECK(due(j, "acknowledge") == "2026-11-24T18:00:00+08:00");
    CHECK(due(j, "investigate") == "null");
    CHECK(j["edits"][0]["changes"] == json::array({change("severity", "general", "major")}));
    const Result text = run_ok(f, {"show", id});
    CHECK(text.out.find("      severity: general → major\n"
                        "      assign due: 2026-11-24 18:00 → 2026-11-23 09:00\n"
                        "      resolve due: 2026-11-30 18:00 → 2026-11-26 18:00\n") !=
          std::string::npos);
    // It is overdue now.
    const json overdue = run_json(f, {"report", "overdue"});
    REQUIRE(overdue.size() == 1);
    CHECK(overdue[0]["milestone"] == "assign");
    CHECK(overdue[0]["severity"] == "major");

    // Back to general: from the clock starts again, not from the last deadline.
    run_ok(f, {"edit", id, "--severity", "general", "--reason", "not a hospital after all"});
    j = f.show(id);
    CHECK(due(j, "assign") == "2026-11-24T18:00:00+08:00");
    CHECK(due(j, "resolve") == "2026-11-30T18:00:00+08:00");

    // A met milestone keeps its deadline; the investigate clock (started at
    // the assignment, Mon 10:00) is recomputed: urgent 4bh is Mon 14:00.
    run_ok(f, {"assign", id, "--to", "zhang"});
    REQUIRE(due(f.show(id), "investigate") == "2026-11-26T18:00:00+08:00");
    run_ok(f, {"edit", id, "--severity", "urgent", "--reason", "burns"});
    j = f.show(id);
    CHECK(due(j, "assign") == "2026-11-24T18:00:00+08:00");
    CHECK(j["milestones"]["assign"]["state"] == "met");
    CHECK(due(j, "investigate") == "2026-11-23T14:00:00+08:00");
    CHECK(due(j, "resolve") == "2026-11-24T18:00:00+08:00");
}

TEST_CASE("edit: a new kind recomputes with its limits; inquiry resolve is 24h") {
    Fixture f;
    const auto id = f.register_complaint({"--received-at", "2026-11-23 08:00"});
    run_ok(f, {"edit", id, "--kind", "inquiry", "--category", "billing", "--reason", "a question"});
    const json j = f.show(id);
    CHECK(j["kind"] == "inquiry");
    CHECK(j["category"] == "billing");
    CHECK(due(j, "resolve") == "2026-11-24T08:00:00+08:00");
    CHECK(j["edits"][0]["changes"] == json::array({change("kind", "complaint", "inquiry"),
                                                   change("category", "product", "billing")}));
}

TEST_CASE("edit: the recomputed deadline adds the time held") {
    Fixture f;
    // Built-in calendar: Mon-Fri 09:00-18:00. Received Mon 09:00: resolve 5wd
    // is Mon 11-30 18:00.
    const auto id = f.register_complaint({"--received-at", "2026-11-23 09:00"});
    const EnvChanges later = {{"COMPLAINTS_NOW", "2026-11-26 12:00"}};
    // Held Tue 10:00 to Thu 10:00: 8 + 9 + 1 = 18 working hours, two days.
    run_ok(f, {"hold", id, "--reason", "waiting_customer", "--at", "2026-11-24 10:00"}, later);
    run_ok(f, {"resume", id, "--at", "2026-11-26 10:00"}, later);
    REQUIRE(due(run_json(f, {"show", id}, later), "resolve") == "2026-12-02T18:00:00+08:00");

    // major: resolve 3wd from received (Thu 11-26 18:00) plus the 18 working
    // hours held: Mon 11-30 18:00.
    run_ok(f,
           {"edit", id, "--severity", "major", "--reason", "escalated", "--at", "2026-11-26 11:00"},
           later);
    const json j = run_json(f, {"show", id}, later);
    CHECK(due(j, "resolve") == "2026-11-30T18:00:00+08:00");
}

TEST_CASE("edit: allowed on hold; the status stays on_hold") {
    Fixture f;
    const auto id = f.register_complaint();
    run_ok(f, {"hold", id, "--reason", "other"});
    const Result r = run_ok(f, {"edit", id, "--category", "delivery", "--reason", "misfiled"});
    CHECK(r.out == id + "  on_hold\n");
    const json j = f.show(id);
    CHECK(j["status"] == "on_hold");
    CHECK(j["category"] == "delivery");
    CHECK(j["hold"]["from"] == "registered");
}

TEST_CASE("edit: errors") {
    Fixture f;
    const auto id = f.register_complaint({"--contact", "13800000000"});
    check_refused(f, {"edit", id, "--summary", "x"}, 64, {"--reason"});
    check_refused(f, {"edit", id, "--summary", "x", "--reason", " "}, 64, {"--reason"});
    // Nothing to change.
    check_refused(f, {"edit", id, "--reason", "why"}, 64, {"at least one field"});
    // Only values it already has.
    check_refused(
        f, {"edit", id, "--severity", "general", "--contact", "13800000000", "--reason", "why"}, 65,
        {"changes nothing", id});
    check_refused(f, {"edit", id, "--category", "toys", "--reason", "why"}, 65,
                  {"'toys'", "product", "billing"});
    check_refused(f, {"edit", id, "--severity", "apocalyptic", "--reason", "why"}, 65,
                  {"'apocalyptic'", "urgent"});
    check_refused(f, {"edit", id, "--kind", "rant", "--reason", "why"}, 65, {"'rant'", "inquiry"});
    check_refused(f, {"edit", id, "--customer", "", "--reason", "why"}, 64, {"--customer"});
    check_refused(f, {"edit", id, "--summary", "  ", "--reason", "why"}, 64, {"--summary"});
    // The channel and the number never change.
    check_refused(f, {"edit", id, "--channel", "email", "--reason", "why"}, 64, {"--channel"});
    check_refused(f, {"edit", "20261123-TEL-404", "--summary", "x", "--reason", "why"}, 66,
                  {"20261123-TEL-404"});
    check_refused(f, {"edit", id, "--summary", "x", "--reason", "why", "--at", "2026-11-23 9"}, 64,
                  {"2026-11-23 9"});
    check_refused(f, {"edit", id, "--summary", "x", "--reason", "why", "--at", "2026-11-22 10:00"},
                  65, {"before the latest recorded step"});
    // A final complaint is not edited.
    for (const std::string status : {"closed", "rejected", "withdrawn"}) {
        CAPTURE(status);
        const auto other = f.register_complaint();
        cli_test::bring_to(f, other, status);
        check_refused(f, {"edit", other, "--summary", "x", "--reason", "why"}, 65, {other, status});
    }
}
