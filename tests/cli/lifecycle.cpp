// The life of a complaint (SPEC §3.2, §4): statuses, milestones and their
// states, reopening, and the transition table.
#include "harness.hpp"

#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

using cli_test::Fixture;
using cli_test::Result;
using nlohmann::json;

namespace {

// Runs a command that must succeed.
void ok(Fixture& f, const std::vector<std::string>& args) {
    const Result r = f.run(args);
    INFO("command: " << args.front() << " stderr: " << r.err);
    REQUIRE(r.status == 0);
}

std::vector<std::string> event_types(const json& complaint) {
    std::vector<std::string> types;
    for (const auto& e : complaint.at("events")) types.push_back(e.at("type").get<std::string>());
    return types;
}

}  // namespace

TEST_CASE("lifecycle: register, assign, investigate, resolve and a satisfied revisit close it") {
    Fixture f;
    const std::string id =
        f.register_complaint({"--received-at", "2026-11-20 15:00", "--customer", "王芳"});
    CHECK(id == "20261120-TEL-001");

    json j = f.show(id);
    CHECK(j["status"] == "registered");
    CHECK(j["received_at"] == "2026-11-20T15:00:00+08:00");
    CHECK(j["registered_by"] == "tester");
    CHECK(j["customer"]["name"] == "王芳");
    CHECK(j["assignee"].is_null());
    CHECK(j["resolution"].is_null());
    CHECK(j["reopen_count"] == 0);
    CHECK(j["milestones"]["assign"]["due"] == "2026-11-23T18:00:00+08:00");
    CHECK(j["milestones"]["assign"]["met_at"].is_null());
    CHECK(j["milestones"]["assign"]["state"] == "pending");
    CHECK(j["milestones"]["investigate"]["due"].is_null());
    CHECK(j["milestones"]["investigate"]["state"] == "not_started");
    CHECK(j["milestones"]["resolve"]["due"] == "2026-11-27T18:00:00+08:00");
    CHECK(j["milestones"]["resolve"]["state"] == "pending");
    CHECK(j["milestones"]["revisit"]["due"].is_null());
    CHECK(j["milestones"]["revisit"]["state"] == "not_started");
    CHECK(event_types(j) == std::vector<std::string>{"register"});

    ok(f, {"assign", id, "--to", "zhang", "--department", "QC", "--at", "2026-11-23 09:00"});
    j = f.show(id);
    CHECK(j["status"] == "assigned");
    CHECK(j["assignee"] == "zhang");
    CHECK(j["department"] == "QC");
    CHECK(j["milestones"]["assign"]["met_at"] == "2026-11-23T09:00:00+08:00");
    CHECK(j["milestones"]["assign"]["state"] == "met");
    // The investigate clock starts at the first assignment: 3wd from Monday.
    CHECK(j["milestones"]["investigate"]["due"] == "2026-11-26T18:00:00+08:00");
    CHECK(j["milestones"]["investigate"]["state"] == "pending");

    SUBCASE("investigate without --complete leaves the milestone open") {
        ok(f, {"investigate", id, "--finding", "seal cracked", "--at", "2026-11-23 09:30"});
        j = f.show(id);
        CHECK(j["status"] == "investigating");
        CHECK(j["milestones"]["investigate"]["met_at"].is_null());
        CHECK(j["milestones"]["investigate"]["state"] == "pending");
        REQUIRE(j["findings"].size() == 1);
        CHECK(j["findings"][0]["text"] == "seal cracked");
        CHECK(j["findings"][0]["by"] == "tester");
        CHECK(j["findings"][0]["at"] == "2026-11-23T09:30:00+08:00");
        CHECK(j["findings"][0]["cause"].is_null());
        CHECK(j["findings"][0]["substantiated"].is_null());
    }

    SUBCASE("the whole way to closed") {
        ok(f, {"investigate", id, "--finding", "seal cracked", "--at", "2026-11-23 09:30"});
        ok(f, {"investigate", id, "--finding", "batch 42", "--cause", "supplier defect",
               "--substantiated", "yes", "--complete", "--at", "2026-11-23 09:45"});
        j = f.show(id);
        CHECK(j["status"] == "investigating");
        REQUIRE(j["findings"].size() == 2);
        CHECK(j["findings"][1]["text"] == "batch 42");
        CHECK(j["findings"][1]["cause"] == "supplier defect");
        CHECK(j["findings"][1]["substantiated"] == true);
        CHECK(j["milestones"]["investigate"]["met_at"] == "2026-11-23T09:45:00+08:00");
        CHECK(j["milestones"]["investigate"]["state"] == "met");

        ok(f, {"resolve", id, "--plan", "refund and a new kettle", "--outcome", "refund",
               "--amount", "128.5", "--responsible", "supplier", "--at", "2026-11-23 09:50"});
        j = f.show(id);
        CHECK(j["status"] == "resolved");
        REQUIRE(j["resolution"].is_object());
        CHECK(j["resolution"]["plan"] == "refund and a new kettle");
        CHECK(j["resolution"]["outcome"] == "refund");
        CHECK(j["resolution"]["amount"] == "128.50");
        CHECK(j["resolution"]["currency"] == "CNY");
        CHECK(j["resolution"]["responsible"] == "supplier");
        CHECK(j["resolution"]["at"] == "2026-11-23T09:50:00+08:00");
        CHECK(j["resolution"]["by"] == "tester");
        CHECK(j["milestones"]["resolve"]["met_at"] == "2026-11-23T09:50:00+08:00");
        CHECK(j["milestones"]["resolve"]["state"] == "met");
        CHECK(j["milestones"]["revisit"]["due"] == "2026-11-24T18:00:00+08:00");
        CHECK(j["milestones"]["revisit"]["state"] == "pending");

        ok(f, {"revisit", id, "--result", "satisfied", "--score", "5", "--note", "thanks", "--at",
               "2026-11-23 10:00"});
        j = f.show(id);
        CHECK(j["status"] == "closed");
        CHECK(j["closed_at"] == "2026-11-23T10:00:00+08:00");
        CHECK(j["reopen_count"] == 0);
        CHECK(j["milestones"]["revisit"]["met_at"] == "2026-11-23T10:00:00+08:00");
        CHECK(j["milestones"]["revisit"]["state"] == "met");
        REQUIRE(j["revisits"].size() == 1);
        CHECK(j["revisits"][0]["result"] == "satisfied");
        CHECK(j["revisits"][0]["score"] == 5);
        CHECK(j["revisits"][0]["note"] == "thanks");
        CHECK(event_types(j) == std::vector<std::string>{"register", "assign", "investigate",
                                                         "investigate", "resolve", "revisit"});
        for (const auto& e : j["events"]) {
            CHECK(e["actor"] == "tester");
            // Recorded at the (fixed) wall-clock time, whatever --at said.
            CHECK(e["recorded_at"] == "2026-11-23T10:00:00+08:00");
        }
        CHECK(j["events"][1]["at"] == "2026-11-23T09:00:00+08:00");
    }
}

TEST_CASE("lifecycle: milestone states met_late, overdue, met at the deadline") {
    Fixture f;

    SUBCASE("assigned after its deadline is met_late") {
        // Received Monday 09:00: assign due Tuesday 18:00 (1wd).
        const auto id = f.register_complaint({"--received-at", "2026-11-16 09:00"});
        ok(f, {"assign", id, "--to", "zhang", "--at", "2026-11-18 10:00"});
        const json j = f.show(id);
        CHECK(j["milestones"]["assign"]["due"] == "2026-11-17T18:00:00+08:00");
        CHECK(j["milestones"]["assign"]["state"] == "met_late");
        CHECK(j["milestones"]["investigate"]["due"] == "2026-11-23T18:00:00+08:00");
        CHECK(j["milestones"]["investigate"]["state"] == "pending");
        const Result text = f.run({"show", id});
        CHECK(text.status == 0);
        CHECK(text.out.find("met late") != std::string::npos);
    }

    SUBCASE("met exactly at the deadline is met, not met_late") {
        const auto id = f.register_complaint({"--received-at", "2026-11-16 09:00"});
        ok(f, {"assign", id, "--to", "zhang", "--at", "2026-11-17 18:00"});
        CHECK(f.show(id)["milestones"]["assign"]["state"] == "met");
    }

    SUBCASE("never assigned: assign and resolve are overdue") {
        const auto id = f.register_complaint({"--received-at", "2026-11-02 09:00"});
        const json j = f.show(id);
        CHECK(j["milestones"]["assign"]["due"] == "2026-11-03T18:00:00+08:00");
        CHECK(j["milestones"]["assign"]["state"] == "overdue");
        CHECK(j["milestones"]["resolve"]["due"] == "2026-11-09T18:00:00+08:00");
        CHECK(j["milestones"]["resolve"]["state"] == "overdue");
        CHECK(j["milestones"]["investigate"]["state"] == "not_started");
        CHECK(j["milestones"]["revisit"]["state"] == "not_started");
        const Result text = f.run({"show", id});
        CHECK(text.status == 0);
        CHECK(text.out.find("overdue by") != std::string::npos);
    }

    SUBCASE("resolve meets a late investigate milestone; the revisit clock runs out") {
        const auto id = f.register_complaint({"--received-at", "2026-11-02 09:00"});
        ok(f, {"assign", id, "--to", "zhang", "--at", "2026-11-02 10:00"});
        ok(f, {"resolve", id, "--plan", "apologise", "--outcome", "apology", "--at",
               "2026-11-10 10:00"});
        const json j = f.show(id);
        CHECK(j["milestones"]["assign"]["state"] == "met");
        CHECK(j["milestones"]["investigate"]["due"] == "2026-11-05T18:00:00+08:00");
        CHECK(j["milestones"]["investigate"]["met_at"] == "2026-11-10T10:00:00+08:00");
        CHECK(j["milestones"]["investigate"]["state"] == "met_late");
        CHECK(j["milestones"]["resolve"]["state"] == "met_late");
        CHECK(j["milestones"]["revisit"]["due"] == "2026-11-11T18:00:00+08:00");
        CHECK(j["milestones"]["revisit"]["state"] == "overdue");
        CHECK(j["resolution"]["amount"].is_null());
    }
}

TEST_CASE("lifecycle: an unsatisfied revisit reopens the complaint with a new resolve deadline") {
    Fixture f;
    const auto id = f.register_complaint({"--received-at", "2026-11-16 09:00"});
    ok(f, {"assign", id, "--to", "zhang", "--at", "2026-11-16 10:00"});
    ok(f, {"resolve", id, "--plan", "explain", "--outcome", "explanation", "--at",
           "2026-11-17 10:00"});
    CHECK(f.show(id)["milestones"]["resolve"]["due"] == "2026-11-23T18:00:00+08:00");
    ok(f, {"revisit", id, "--result", "unsatisfied", "--score", "2", "--at", "2026-11-18 10:00"});

    json j = f.show(id);
    CHECK(j["status"] == "investigating");
    CHECK(j["reopen_count"] == 1);
    CHECK(j["closed_at"].is_null());
    // A new resolve clock from the reopening (Wednesday): 5wd.
    CHECK(j["milestones"]["resolve"]["due"] == "2026-11-25T18:00:00+08:00");
    CHECK(j["milestones"]["resolve"]["met_at"].is_null());
    CHECK(j["milestones"]["resolve"]["state"] == "pending");
    // The revisit that reached the customer met the revisit milestone.
    CHECK(j["milestones"]["revisit"]["state"] == "met");
    REQUIRE(j["revisits"].size() == 1);
    CHECK(j["revisits"][0]["result"] == "unsatisfied");
    CHECK(j["revisits"][0]["score"] == 2);

    // It can be resolved again, which starts a new revisit clock.
    ok(f, {"resolve", id, "--plan", "replace it", "--outcome", "exchange", "--at",
           "2026-11-19 10:00"});
    j = f.show(id);
    CHECK(j["status"] == "resolved");
    CHECK(j["resolution"]["outcome"] == "exchange");
    CHECK(j["milestones"]["resolve"]["state"] == "met");
    CHECK(j["milestones"]["revisit"]["due"] == "2026-11-20T18:00:00+08:00");
    CHECK(j["milestones"]["revisit"]["met_at"].is_null());
    CHECK(j["milestones"]["revisit"]["state"] == "overdue");

    ok(f, {"revisit", id, "--result", "satisfied", "--score", "4", "--at", "2026-11-20 10:00"});
    j = f.show(id);
    CHECK(j["status"] == "closed");
    CHECK(j["reopen_count"] == 1);
    CHECK(j["revisits"].size() == 2);
}

TEST_CASE("lifecycle: the third unreachable revisit closes the complaint") {
    Fixture f;
    const auto id = f.register_complaint({"--received-at", "2026-11-23 08:00"});
    ok(f, {"assign", id, "--to", "zhang", "--at", "2026-11-23 08:10"});
    ok(f, {"resolve", id, "--plan", "refund", "--outcome", "refund", "--amount", "10", "--at",
           "2026-11-23 08:20"});
    ok(f, {"revisit", id, "--result", "unreachable", "--at", "2026-11-23 09:00"});
    json j = f.show(id);
    CHECK(j["status"] == "resolved");
    CHECK(j["milestones"]["revisit"]["state"] == "pending");
    ok(f, {"revisit", id, "--result", "unreachable", "--at", "2026-11-23 09:10"});
    j = f.show(id);
    CHECK(j["status"] == "resolved");
    CHECK(j["closed_at"].is_null());
    ok(f, {"revisit", id, "--result", "unreachable", "--at", "2026-11-23 09:20"});
    j = f.show(id);
    CHECK(j["status"] == "closed");
    CHECK(j["closed_at"] == "2026-11-23T09:20:00+08:00");
    CHECK(j["reopen_count"] == 0);
    CHECK(j["revisits"].size() == 3);
    CHECK(j["resolution"]["amount"] == "10.00");

    // Closed is final.
    const std::string before = cli_test::snapshot(f.db());
    const Result r = f.run({"revisit", id, "--result", "satisfied"});
    CHECK(r.status == 65);
    cli_test::check_error_shape(r);
    CHECK(cli_test::snapshot(f.db()) == before);
}

TEST_CASE("lifecycle: the transition table of SPEC 4") {
    struct Command {
        std::string name;
        std::vector<std::string> options;
        std::vector<std::string> needs;  // statuses it is allowed in
    };
    const std::vector<Command> commands = {
        {"assign", {"--to", "li"}, {"registered", "assigned", "investigating"}},
        {"investigate", {"--finding", "more"}, {"assigned", "investigating"}},
        {"resolve", {"--plan", "p", "--outcome", "none"}, {"assigned", "investigating"}},
        {"revisit", {"--result", "satisfied"}, {"resolved"}},
    };
    // Where an allowed command takes the complaint, by command and status.
    const std::map<std::pair<std::string, std::string>, std::string> goes_to = {
        {{"assign", "registered"}, "assigned"},
        {{"assign", "assigned"}, "assigned"},
        {{"assign", "investigating"}, "investigating"},
        {{"investigate", "assigned"}, "investigating"},
        {{"investigate", "investigating"}, "investigating"},
        {{"resolve", "assigned"}, "resolved"},
        {{"resolve", "investigating"}, "resolved"},
        {{"revisit", "resolved"}, "closed"},
    };
    const std::vector<std::string> statuses = {"registered", "assigned", "investigating",
                                               "resolved", "closed"};
    // The steps that bring a new complaint to each status, in order.
    const std::vector<std::vector<std::string>> steps = {
        {"assign", "--to", "zhang"},
        {"investigate", "--finding", "found"},
        {"resolve", "--plan", "p", "--outcome", "apology"},
        {"revisit", "--result", "satisfied"},
    };

    Fixture f;
    for (const auto& command : commands) {
        for (std::size_t s = 0; s < statuses.size(); ++s) {
            const std::string& status = statuses[s];
            CAPTURE(command.name);
            CAPTURE(status);
            const auto id = f.register_complaint();
            for (std::size_t k = 0; k < s; ++k) {
                std::vector<std::string> args{steps[k].front(), id};
                args.insert(args.end(), steps[k].begin() + 1, steps[k].end());
                ok(f, args);
            }
            REQUIRE(f.show(id)["status"] == status);

            std::vector<std::string> args{command.name, id};
            args.insert(args.end(), command.options.begin(), command.options.end());
            const std::string before = cli_test::snapshot(f.db());
            const Result r = f.run(args);
            const auto allowed = goes_to.find({command.name, status});
            if (allowed != goes_to.end()) {
                INFO("stderr: " << r.err);
                CHECK(r.status == 0);
                CHECK(f.show(id)["status"] == allowed->second);
            } else {
                CHECK(r.status == 65);
                cli_test::check_error_shape(r);
                const std::string line = r.err_first_line();
                CHECK(line.find(id) != std::string::npos);
                CHECK(line.find(status) != std::string::npos);
                for (const auto& need : command.needs) CHECK(r.err.find(need) != std::string::npos);
                CHECK(cli_test::snapshot(f.db()) == before);
            }
        }
    }
}

TEST_CASE("lifecycle: complaint numbers are accepted in any letter case") {
    Fixture f;
    const auto id = f.register_complaint();
    REQUIRE(id == "20261123-TEL-001");
    CHECK(f.show("20261123-tel-001")["id"] == id);
    CHECK(f.show("20261123-Tel-001")["id"] == id);
    ok(f, {"assign", "20261123-tel-001", "--to", "zhang"});
    const json j = f.show(id);
    CHECK(j["status"] == "assigned");
    CHECK(j["assignee"] == "zhang");
}

TEST_CASE("lifecycle: --as names the actor and wins over COMPLAINTS_USER") {
    Fixture f;
    const auto id = f.register_complaint({}, {{"COMPLAINTS_USER", "li"}});
    ok(f, {"--as", "wang", "assign", id, "--to", "zhang"});
    const json j = f.show(id);
    CHECK(j["registered_by"] == "li");
    REQUIRE(j["events"].size() == 2);
    CHECK(j["events"][0]["actor"] == "li");
    CHECK(j["events"][1]["actor"] == "wang");
}
