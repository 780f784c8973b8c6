// The steps of SPEC §10 that decide or pause a complaint, through the real
// binary: contact, reject, withdraw, hold and resume. Each: what it prints,
// what `show --format json` then gives, its --help and --at, and every error
// of SPEC §6 that applies, each leaving the database as it was (see
// check_refused in steps.hpp). The transition table of §10 is one
// table-driven test over every command and status.
#include "steps.hpp"

#include <doctest/doctest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

using cli_test::bring_to;
using cli_test::check_refused;
using cli_test::EnvChanges;
using cli_test::Fixture;
using cli_test::Result;
using cli_test::run_json;
using cli_test::run_ok;
using nlohmann::json;

namespace {

// The keys of a JSON object, sorted.
std::set<std::string> keys(const json& object) {
    std::set<std::string> out;
    for (const auto& [key, value] : object.items()) out.insert(key);
    return out;
}

// A valid invocation of each new command on `id` (needing no other complaint).
std::vector<std::string> valid_step(const std::string& command, const std::string& id) {
    if (command == "contact") return {"contact", id, "--note", "called her"};
    if (command == "reject") return {"reject", id, "--reason", "out_of_scope"};
    if (command == "withdraw") return {"withdraw", id};
    if (command == "hold") return {"hold", id, "--reason", "waiting_parts"};
    if (command == "resume") return {"resume", id};
    if (command == "edit") return {"edit", id, "--summary", "new summary", "--reason", "typo"};
    if (command == "assign") return {"assign", id, "--to", "li"};
    if (command == "investigate") return {"investigate", id, "--finding", "more"};
    if (command == "resolve") return {"resolve", id, "--plan", "p", "--outcome", "none"};
    if (command == "revisit") return {"revisit", id, "--result", "satisfied"};
    FAIL("unknown command " << command);
    return {};
}

const std::vector<std::string> k_new_commands = {"contact", "reject", "withdraw",
                                                 "hold",    "resume", "edit"};

}  // namespace

// ---- the transition table of SPEC §10 --------------------------------------

TEST_CASE("workflow: the transition table of SPEC 10, every command in every status") {
    // Where an allowed command takes a complaint, by command and status; any
    // pair not listed is refused. Complaints on hold were held from
    // registered (steps_to), so resume takes them back there.
    const std::map<std::pair<std::string, std::string>, std::string> goes_to = {
        {{"contact", "registered"}, "registered"},
        {{"contact", "assigned"}, "assigned"},
        {{"contact", "investigating"}, "investigating"},
        {{"contact", "resolved"}, "resolved"},
        {{"contact", "on_hold"}, "on_hold"},
        {{"reject", "registered"}, "rejected"},
        {{"reject", "assigned"}, "rejected"},
        {{"reject", "investigating"}, "rejected"},
        {{"withdraw", "registered"}, "withdrawn"},
        {{"withdraw", "assigned"}, "withdrawn"},
        {{"withdraw", "investigating"}, "withdrawn"},
        {{"withdraw", "resolved"}, "withdrawn"},
        {{"withdraw", "on_hold"}, "withdrawn"},
        {{"hold", "registered"}, "on_hold"},
        {{"hold", "assigned"}, "on_hold"},
        {{"hold", "investigating"}, "on_hold"},
        {{"hold", "resolved"}, "on_hold"},
        {{"resume", "on_hold"}, "registered"},
        {{"edit", "registered"}, "registered"},
        {{"edit", "assigned"}, "assigned"},
        {{"edit", "investigating"}, "investigating"},
        {{"edit", "resolved"}, "resolved"},
        {{"edit", "on_hold"}, "on_hold"},
        // The commands of SPEC 4 in the statuses of SPEC 10: all refused but
        // these (none is allowed on hold, rejected or withdrawn).
        {{"assign", "registered"}, "assigned"},
        {{"assign", "assigned"}, "assigned"},
        {{"assign", "investigating"}, "investigating"},
        {{"investigate", "assigned"}, "investigating"},
        {{"investigate", "investigating"}, "investigating"},
        {{"resolve", "assigned"}, "resolved"},
        {{"resolve", "investigating"}, "resolved"},
        {{"revisit", "resolved"}, "closed"},
    };
    // What each command needs, as the error message names it.
    const std::map<std::string, std::vector<std::string>> needs = {
        {"contact", {"registered", "assigned", "investigating", "resolved", "on_hold"}},
        {"reject", {"registered", "assigned", "investigating"}},
        {"withdraw", {"registered", "assigned", "investigating", "resolved", "on_hold"}},
        {"hold", {"registered", "assigned", "investigating", "resolved"}},
        {"resume", {"on_hold"}},
        {"edit", {"registered", "assigned", "investigating", "resolved", "on_hold"}},
        {"assign", {"registered", "assigned", "investigating"}},
        {"investigate", {"assigned", "investigating"}},
        {"resolve", {"assigned", "investigating"}},
        {"revisit", {"resolved"}},
    };

    Fixture f;
    for (const auto& [command, needed] : needs) {
        for (const auto& status : cli_test::all_statuses()) {
            // The old commands in the old statuses are lifecycle.cpp's.
            const bool old_status = status == "registered" || status == "assigned" ||
                                    status == "investigating" || status == "resolved" ||
                                    status == "closed";
            const bool old_command = command == "assign" || command == "investigate" ||
                                     command == "resolve" || command == "revisit";
            if (old_status && old_command) continue;
            CAPTURE(command);
            CAPTURE(status);
            const auto id = f.register_complaint();
            bring_to(f, id, status);
            const auto allowed = goes_to.find({command, status});
            if (allowed != goes_to.end()) {
                run_ok(f, valid_step(command, id));
                CHECK(f.show(id)["status"] == allowed->second);
            } else if (status == "on_hold") {
                const Result r = check_refused(f, valid_step(command, id), 65);
                CHECK(r.err_first_line() == "complaints: error: cannot " + command + " complaint " +
                                                id + ": it is on hold; resume it first");
            } else {
                const Result r = check_refused(f, valid_step(command, id), 65);
                const std::string line = r.err_first_line();
                CHECK(line.find(id) != std::string::npos);
                CHECK(line.find("it is " + status) != std::string::npos);
                for (const auto& need : needed)
                    CHECK_MESSAGE(line.find(need) != std::string::npos, need);
            }
        }
    }
}

// ---- contact ---------------------------------------------------------------

TEST_CASE("workflow: contact records a contact and meets the acknowledge milestone") {
    Fixture f;
    const auto id = f.register_complaint({"--received-at", "2026-11-20 15:00"});
    json j = f.show(id);
    // acknowledge: 1wd from Friday 15:00 (built-in policy).
    CHECK(j["milestones"]["acknowledge"]["due"] == "2026-11-23T18:00:00+08:00");
    CHECK(j["milestones"]["acknowledge"]["state"] == "pending");
    CHECK(j["contacts"] == json::array());

    // Text: the number, the status and the next deadline on one line.
    Result r =
        run_ok(f, {"contact", id, "--note", "told her we are on it", "--at", "2026-11-23 09:00"});
    CHECK(r.out == id + "  registered  next deadline 2026-11-23 18:00\n");
    CHECK(r.err.empty());

    j = f.show(id);
    CHECK(j["status"] == "registered");
    REQUIRE(j["contacts"].size() == 1);
    const json& c = j["contacts"][0];
    CHECK(keys(c) == std::set<std::string>{"at", "by", "via", "direction", "note"});
    CHECK(c["at"] == "2026-11-23T09:00:00+08:00");
    CHECK(c["by"] == "tester");
    CHECK(c["via"] == "phone");  // the complaint's channel
    CHECK(c["direction"] == "out");
    CHECK(c["note"] == "told her we are on it");
    CHECK(j["milestones"]["acknowledge"]["met_at"] == "2026-11-23T09:00:00+08:00");
    CHECK(j["milestones"]["acknowledge"]["state"] == "met");
    CHECK(cli_test::event_types(j) == std::vector<std::string>{"register", "contact"});

    // A second contact, by e-mail and from the customer: the milestone stays
    // met at the first.
    const json out = run_json(f, {"--as", "wu", "contact", id, "--note", "she wrote back", "--via",
                                  "email", "--direction", "in", "--at", "2026-11-23 09:30"});
    CHECK(out["id"] == id);
    REQUIRE(out["contacts"].size() == 2);
    CHECK(out["contacts"][1]["via"] == "email");
    CHECK(out["contacts"][1]["direction"] == "in");
    CHECK(out["contacts"][1]["by"] == "wu");
    CHECK(out["contacts"][1]["at"] == "2026-11-23T09:30:00+08:00");
    CHECK(out["milestones"]["acknowledge"]["met_at"] == "2026-11-23T09:00:00+08:00");

    // Text show lists them.
    r = run_ok(f, {"show", id});
    CHECK(r.out.find("contacts\n") != std::string::npos);
    CHECK(r.out.find("2026-11-23 09:00 tester (") != std::string::npos);
    CHECK(r.out.find("out): told her we are on it") != std::string::npos);
}

TEST_CASE("workflow: contact after the acknowledge deadline meets it late") {
    Fixture f;
    const auto id = f.register_complaint({"--received-at", "2026-11-16 09:00"});
    run_ok(f, {"contact", id, "--note", "sorry for the wait", "--at", "2026-11-18 10:00"});
    const json j = f.show(id);
    CHECK(j["milestones"]["acknowledge"]["due"] == "2026-11-17T18:00:00+08:00");
    CHECK(j["milestones"]["acknowledge"]["state"] == "met_late");
}

TEST_CASE("workflow: contact errors") {
    Fixture f;
    const auto id = f.register_complaint();
    check_refused(f, {"contact", "20261123-TEL-009", "--note", "x"}, 66, {"20261123-TEL-009"});
    check_refused(f, {"contact", id}, 64, {"--note"});
    check_refused(f, {"contact", id, "--note", "   "}, 64, {"--note"});
    check_refused(f, {"contact", id, "--note", "x", "--via", "pigeon"}, 65,
                  {"pigeon", "phone", "email"});
    check_refused(f, {"contact", id, "--note", "x", "--direction", "sideways"}, 64, {"sideways"});
    check_refused(f, {"contact", id, "--note", "x", "--at", "yesterday-ish"}, 64,
                  {"yesterday-ish"});
}

// ---- reject ----------------------------------------------------------------

TEST_CASE("workflow: reject with every reason code of SPEC 10") {
    struct Case {
        std::string reason;
        std::vector<std::string> extra;  // "{first}" is replaced
        std::string of;                  // expected "of", or "" for null
        std::string note;                // expected "note", or "" for null
    };
    const std::vector<Case> cases = {
        {"out_of_scope", {}, "", ""},
        {"handled_elsewhere", {"--note", "court case 2026-77"}, "", "court case 2026-77"},
        {"not_consumer", {}, "", ""},
        {"time_barred", {"--known-at", "2023-01-10"}, "", ""},
        {"incomplete", {}, "", ""},
        {"duplicate", {"--of", "{first}"}, "{first}", ""},
        {"other", {"--note", "abusive"}, "", "abusive"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.reason);
        Fixture f;
        const auto first = f.register_complaint({"--received-at", "2026-11-20 09:00"});
        const auto id = f.register_complaint({"--received-at", "2026-11-20 10:00"});
        std::vector<std::string> args{"reject", id,     "--reason",
                                      c.reason, "--at", "2026-11-23 09:00"};
        for (auto a : c.extra) args.push_back(a == "{first}" ? first : a);
        const Result r = run_ok(f, args);
        CHECK(r.out == id + "  rejected\n");

        const json j = f.show(id);
        CHECK(j["status"] == "rejected");
        const json& rejection = j["rejection"];
        REQUIRE(rejection.is_object());
        CHECK(rejection["reason"] == c.reason);
        if (c.of.empty())
            CHECK(rejection["of"].is_null());
        else
            CHECK(rejection["of"] == first);
        if (c.note.empty())
            CHECK(rejection["note"].is_null());
        else
            CHECK(rejection["note"] == c.note);
        CHECK(rejection["at"] == "2026-11-23T09:00:00+08:00");
        CHECK(rejection["by"] == "tester");
        // Final: the started, unmet milestones are stopped, not overdue; the
        // reject meets acknowledge (no contact came first).
        CHECK(j["milestones"]["acknowledge"]["met_at"] == "2026-11-23T09:00:00+08:00");
        CHECK(j["milestones"]["assign"]["state"] == "stopped");
        CHECK(j["milestones"]["resolve"]["state"] == "stopped");
        CHECK(j["milestones"]["investigate"]["state"] == "not_started");
        CHECK(j["next_deadline"].is_null());
        CHECK(j["hold"].is_null());
        CHECK(j["withdrawal"].is_null());
        CHECK(cli_test::event_types(j) == std::vector<std::string>{"register", "reject"});
        // The other complaint is untouched.
        CHECK(f.show(first)["status"] == "registered");
        CHECK(f.show(first)["rejection"].is_null());
    }
}

TEST_CASE("workflow: reject --format json, text show, and a complaint never rejected") {
    Fixture f;
    const auto id = f.register_complaint();
    CHECK(f.show(id)["rejection"].is_null());
    const json j = run_json(f, {"reject", id, "--reason", "incomplete", "--note", "no address"});
    CHECK(j["status"] == "rejected");
    CHECK(j["rejection"]["reason"] == "incomplete");
    CHECK(j["rejection"]["note"] == "no address");
    CHECK(j["rejection"]["at"] == "2026-11-23T10:00:00+08:00");
    const Result r = run_ok(f, {"show", id});
    CHECK(r.out.starts_with(id + "  rejected\n"));
    CHECK(r.out.find("rejected:     2026-11-23 10:00 by tester; incomplete: no address\n") !=
          std::string::npos);
    CHECK(r.out.find("not met (rejected)") != std::string::npos);
}

TEST_CASE("workflow: reject errors") {
    Fixture f;
    const auto first = f.register_complaint({"--received-at", "2026-11-20 09:00"});
    const auto id = f.register_complaint({"--received-at", "2026-11-20 10:00"});

    SUBCASE("an unknown code is 65 listing the codes") {
        const Result r = check_refused(f, {"reject", id, "--reason", "spam"}, 65, {"'spam'"});
        for (const char* code : {"out_of_scope", "handled_elsewhere", "not_consumer", "time_barred",
                                 "incomplete", "duplicate", "other"})
            CHECK_MESSAGE(r.err.find(code) != std::string::npos, code);
    }
    SUBCASE("no --reason is 64") {
        check_refused(f, {"reject", id}, 64, {"--reason"});
    }
    SUBCASE("unknown complaint is 66") {
        check_refused(f, {"reject", "20261120-TEL-042", "--reason", "incomplete"}, 66,
                      {"20261120-TEL-042"});
    }
    SUBCASE("duplicate without --of is 64") {
        check_refused(f, {"reject", id, "--reason", "duplicate"}, 64, {"--of"});
    }
    SUBCASE("duplicate --of an unknown complaint is 66 naming it") {
        check_refused(f, {"reject", id, "--reason", "duplicate", "--of", "20261120-TEL-077"}, 66,
                      {"20261120-TEL-077"});
    }
    SUBCASE("duplicate --of itself is 65, in any letter case") {
        check_refused(f, {"reject", id, "--reason", "duplicate", "--of", id}, 65, {id, "itself"});
        check_refused(f, {"reject", id, "--reason", "duplicate", "--of", "20261120-tel-002"}, 65,
                      {"itself"});
    }
    SUBCASE("--of with another reason is 64") {
        check_refused(f, {"reject", id, "--reason", "incomplete", "--of", first}, 64, {"--of"});
    }
    SUBCASE("other without --note is 64") {
        check_refused(f, {"reject", id, "--reason", "other"}, 64, {"--note"});
        check_refused(f, {"reject", id, "--reason", "other", "--note", " "}, 64, {"--note"});
    }
    SUBCASE("time_barred without --known-at is 64") {
        check_refused(f, {"reject", id, "--reason", "time_barred"}, 64, {"--known-at"});
    }
    SUBCASE("time_barred within the time bar (3y) is 65") {
        check_refused(f, {"reject", id, "--reason", "time_barred", "--known-at", "2024-01-10"}, 65,
                      {id, "time-barred"});
    }
    SUBCASE("--known-at with another reason is 64") {
        check_refused(f, {"reject", id, "--reason", "incomplete", "--known-at", "2020-01-01"}, 64,
                      {"--known-at"});
    }
    SUBCASE("a malformed --known-at or --at is 64") {
        check_refused(f, {"reject", id, "--reason", "time_barred", "--known-at", "long ago"}, 64,
                      {"long ago"});
        check_refused(f, {"reject", id, "--reason", "incomplete", "--at", "2026-13-01"}, 64,
                      {"2026-13-01"});
    }
    SUBCASE("an --at before the latest step or in the future is 65") {
        check_refused(f, {"reject", id, "--reason", "incomplete", "--at", "2026-11-19 10:00"}, 65,
                      {"before the latest recorded step"});
        check_refused(f, {"reject", id, "--reason", "incomplete", "--at", "2026-11-24 10:00"}, 65,
                      {"in the future"});
    }
    SUBCASE("a rejected complaint cannot be rejected again") {
        run_ok(f, {"reject", id, "--reason", "incomplete"});
        check_refused(f, {"reject", id, "--reason", "other", "--note", "x"}, 65, {id, "rejected"});
    }
}

// ---- withdraw --------------------------------------------------------------

TEST_CASE("workflow: withdraw from every status that is not final") {
    for (const std::string status :
         {"registered", "assigned", "investigating", "resolved", "on_hold"}) {
        CAPTURE(status);
        Fixture f;
        const auto id = f.register_complaint({"--received-at", "2026-11-20 09:00"});
        bring_to(f, id, status);
        const Result r = run_ok(f, {"withdraw", id, "--note", "found the receipt"});
        CHECK(r.out.starts_with(id + "  withdrawn"));
        const json j = f.show(id);
        CHECK(j["status"] == "withdrawn");
        REQUIRE(j["withdrawal"].is_object());
        CHECK(keys(j["withdrawal"]) == std::set<std::string>{"note", "at", "by"});
        CHECK(j["withdrawal"]["note"] == "found the receipt");
        CHECK(j["withdrawal"]["at"] == "2026-11-23T10:00:00+08:00");
        CHECK(j["withdrawal"]["by"] == "tester");
        CHECK(j["rejection"].is_null());
        CHECK(j["hold"].is_null());
        CHECK(j["next_deadline"].is_null());
        for (const auto& [name, m] : j["milestones"].items()) {
            CAPTURE(name);
            CHECK(m["state"] != "overdue");
            CHECK(m["state"] != "pending");
            CHECK(m["state"] != "paused");
        }
        CHECK(j["milestones"]["resolve"]["state"] == (status == "resolved" ? "met" : "stopped"));
    }
}

TEST_CASE("workflow: withdraw errors and options") {
    Fixture f;
    const auto id = f.register_complaint({"--received-at", "2026-11-23 09:00"});
    check_refused(f, {"withdraw", "20261123-TEL-404"}, 66, {"20261123-TEL-404"});
    check_refused(f, {"withdraw", id, "--at", "noon"}, 64, {"noon"});
    check_refused(f, {"withdraw"}, 64, {});
    // Without --note: the note is null; --at is kept.
    run_ok(f, {"withdraw", id, "--at", "2026-11-23 09:45"});
    const json j = f.show(id);
    CHECK(j["withdrawal"]["note"].is_null());
    CHECK(j["withdrawal"]["at"] == "2026-11-23T09:45:00+08:00");
    check_refused(f, {"withdraw", id}, 65, {id, "withdrawn"});
}

// ---- hold and resume -------------------------------------------------------

TEST_CASE("workflow: hold pauses a complaint; resume returns it to the status held from") {
    for (const std::string status : {"registered", "assigned", "investigating", "resolved"}) {
        CAPTURE(status);
        Fixture f;
        const auto id = f.register_complaint({"--received-at", "2026-11-20 09:00"});
        bring_to(f, id, status);
        Result r = run_ok(f, {"hold", id, "--reason", "waiting_third_party", "--note", "lab report",
                              "--at", "2026-11-23 10:00"});
        CHECK(r.out == id + "  on_hold" +
                           (status == "registered" ? std::string() : std::string("  zhang")) +
                           "\n");
        json j = f.show(id);
        CHECK(j["status"] == "on_hold");
        REQUIRE(j["hold"].is_object());
        CHECK(keys(j["hold"]) ==
              std::set<std::string>{"reason", "note", "since", "by", "from", "review_due"});
        CHECK(j["hold"]["reason"] == "waiting_third_party");
        CHECK(j["hold"]["note"] == "lab report");
        CHECK(j["hold"]["since"] == "2026-11-23T10:00:00+08:00");
        CHECK(j["hold"]["by"] == "tester");
        CHECK(j["hold"]["from"] == status);
        CHECK(j["hold"]["review_due"].is_null());  // no [hold] review_after
        CHECK(j["next_deadline"].is_null());
        // Every started, unmet milestone is paused.
        for (const auto& [name, m] : j["milestones"].items()) {
            CAPTURE(name);
            if (m["due"].is_string() && m["met_at"].is_null()) CHECK(m["state"] == "paused");
            CHECK(m["state"] != "overdue");
        }
        r = run_ok(f, {"show", id});
        CHECK(r.out.find("on hold:      waiting_third_party since 2026-11-23 10:00 (was " + status +
                         ")\n") != std::string::npos);
        CHECK(r.out.find("paused (on hold)") != std::string::npos);

        r = run_ok(f, {"resume", id, "--note", "report came", "--at", "2026-11-23 10:00"});
        CHECK(r.out.starts_with(id + "  " + status));
        j = f.show(id);
        CHECK(j["status"] == status);
        CHECK(j["hold"].is_null());
        CHECK(j["held_minutes"] == 0);
        CHECK(cli_test::event_types(j).back() == "resume");
        CHECK(j["events"].back()["details"]["to"] == status);
    }
}

TEST_CASE("workflow: hold and resume errors") {
    Fixture f;
    const auto id = f.register_complaint({"--received-at", "2026-11-23 08:30"});
    SUBCASE("hold") {
        check_refused(f, {"hold", id}, 64, {"--reason"});
        const Result r = check_refused(f, {"hold", id, "--reason", "bored"}, 65, {"'bored'"});
        for (const char* reason :
             {"waiting_customer", "waiting_third_party", "waiting_parts", "other"})
            CHECK_MESSAGE(r.err.find(reason) != std::string::npos, reason);
        check_refused(f, {"hold", "20261123-TEL-404", "--reason", "other"}, 66,
                      {"20261123-TEL-404"});
        check_refused(f, {"hold", id, "--reason", "other", "--at", "2026-11-23 25:00"}, 64,
                      {"2026-11-23 25:00"});
        run_ok(f, {"hold", id, "--reason", "other"});
        check_refused(f, {"hold", id, "--reason", "other"}, 65, {"it is on hold; resume it first"});
    }
    SUBCASE("resume") {
        check_refused(f, {"resume", id}, 65, {id, "registered", "on_hold"});
        check_refused(f, {"resume", "20261123-TEL-404"}, 66, {"20261123-TEL-404"});
        run_ok(f, {"hold", id, "--reason", "other", "--at", "2026-11-23 09:00"});
        check_refused(f, {"resume", id, "--at", "soon"}, 64, {"soon"});
        check_refused(f, {"resume", id, "--at", "2026-11-23 08:00"}, 65,
                      {"before the latest recorded step"});
    }
}

TEST_CASE("workflow: a withdrawal while on hold ends the hold") {
    Fixture f;
    const auto id = f.register_complaint({"--received-at", "2026-11-23 08:00"});
    run_ok(f, {"hold", id, "--reason", "waiting_customer", "--at", "2026-11-23 09:00"});
    run_ok(f, {"withdraw", id, "--at", "2026-11-23 09:30"});
    const json j = f.show(id);
    CHECK(j["status"] == "withdrawn");
    CHECK(j["hold"].is_null());
    CHECK(j["held_minutes"] == 30);
    // The hold ended: the complaint is not on hold in the view either.
    const json facts =
        run_json(f, {"query", "SELECT status, hold_reason, held_minutes FROM complaint_facts"});
    CHECK(facts == json::parse(R"([{"status": "withdrawn", "hold_reason": null,
                                    "held_minutes": 30}])"));
}

// ---- every new command: --help, the actor, the database ----------------------

TEST_CASE("workflow: --help of every new command exits 0 with an example") {
    Fixture f;
    for (const auto& command : k_new_commands) {
        CAPTURE(command);
        const Result r = f.run({command, "--help"});
        CHECK(r.status == 0);
        CHECK(r.err.empty());
        CHECK(r.out.find("Example") != std::string::npos);
        CHECK(r.out.find("complaints " + command + " ") != std::string::npos);
        CHECK(r.out.find("--at") != std::string::npos);
    }
    // Nothing was created by asking for help.
    CHECK_FALSE(cli_test::database_exists(f.db()));
}

TEST_CASE("workflow: every new command on an unknown complaint is 66, on no database 66") {
    Fixture f;
    for (const auto& command : k_new_commands) {
        CAPTURE(command);
        // No database yet: a command that changes a complaint finds none.
        const Result r = f.run(valid_step(command, "20261123-TEL-001"));
        CHECK(r.status == 66);
        cli_test::check_error_shape(r);
    }
    f.register_complaint();
    for (const auto& command : k_new_commands) {
        CAPTURE(command);
        check_refused(f, valid_step(command, "20261123-TEL-002"), 66, {"20261123-TEL-002"});
    }
}

TEST_CASE("workflow: every new command with a malformed --at is 64 naming the value") {
    Fixture f;
    const auto id = f.register_complaint();
    run_ok(f, {"hold", id, "--reason", "other"});  // so that resume is allowed
    for (const auto& command : k_new_commands) {
        CAPTURE(command);
        auto args = valid_step(command, id);
        args.insert(args.end(), {"--at", "23/11/2026"});
        check_refused(f, args, 64, {"23/11/2026"});
    }
}

TEST_CASE("workflow: --at is when it happened; recorded_at is now") {
    Fixture f;
    const auto id = f.register_complaint({"--received-at", "2026-11-20 09:00"});
    const std::vector<std::vector<std::string>> steps = {
        {"contact", id, "--note", "n", "--at", "2026-11-20 10:00"},
        {"hold", id, "--reason", "other", "--at", "2026-11-20 11:00"},
        {"edit", id, "--summary", "s2", "--reason", "r", "--at", "2026-11-20 12:00"},
        {"resume", id, "--at", "2026-11-20 13:00"},
        {"withdraw", id, "--at", "2026-11-20 14:00"},
    };
    for (const auto& step : steps) run_ok(f, step);
    const json j = f.show(id);
    REQUIRE(j["events"].size() == 6);
    const std::vector<std::string> at = {"09:00", "10:00", "11:00", "12:00", "13:00", "14:00"};
    for (std::size_t i = 0; i < at.size(); ++i) {
        CAPTURE(i);
        CHECK(j["events"][i]["at"] == "2026-11-20T" + at[i] + ":00+08:00");
        CHECK(j["events"][i]["recorded_at"] == "2026-11-23T10:00:00+08:00");
    }
    CHECK(j["held_minutes"] == 120);
}

TEST_CASE("workflow: with [people], only its keys may run the new commands (77)") {
    Fixture f;
    f.write_file("complaints.toml", R"([people.li]
name = "Li"
)");
    const EnvChanges li = {{"COMPLAINTS_USER", "li"}};
    const auto id = f.register_complaint({}, li);
    run_ok(f, {"hold", id, "--reason", "other"}, li);
    for (const auto& command : k_new_commands) {
        CAPTURE(command);
        check_refused(f, valid_step(command, id), 77, {"'tester'", "[people]"});
        auto as = valid_step(command, id);
        as.insert(as.begin(), {"--as", "bob"});
        check_refused(f, as, 77, {"'bob'"}, li);
    }
    // Reading needs no permission.
    CHECK(f.run({"show", id}).status == 0);
}
