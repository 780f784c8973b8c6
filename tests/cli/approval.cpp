// Four eyes (SPEC §11), through the real binary: resolve that waits for
// approval (the exact line), approve (the resolve milestone met and the
// revisit clock started at the approval, total_amount, approved_by and
// approved_at in JSON and in complaint_facts), decline (back to
// investigating, the proposal kept as declined), exit 77 for each failed
// authority check with its message, exit 65 for a complaint not awaiting
// approval, a viewer refused by every changing command, requires_approval
// without [people], and a kind that closes at resolve closed at approval.
//
// These tests use the policy syntax of SPEC §11 (`role`, `[authority]`,
// `requires_approval`), which the policy reader reads from issue 8 on.
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

const std::string k_people = R"([people.tester]
name = "Tester"

[people.zhang]
name = "Zhang San"

[people.li]
role = "agent"

[people.wang]
role = "supervisor"

[people.sue]
role = "supervisor"

[people.chen]
role = "manager"

[people.zhao]
role = "viewer"
)";

const std::string k_authority = R"(
[authority]
agent = "500.00"
supervisor = "5000.00"
manager = "unlimited"
approvers = ["supervisor", "manager"]

[severity.general]
label = "General"
rank = 1

[severity.major]
label = "Major"
rank = 2
requires_approval = true
)";

const std::string k_policy = k_people + k_authority;

// Acting as `who` at `now` (Monday 2026-11-23 in Asia/Shanghai unless given).
EnvChanges as(const std::string& who, const std::string& now = "2026-11-23 10:00") {
    return {{"COMPLAINTS_USER", who}, {"COMPLAINTS_NOW", now}};
}

// A complaint registered at 10:00 and assigned to zhang; returns its number.
std::string assigned(Fixture& f, const std::vector<std::string>& extra = {}) {
    const std::string id = f.register_complaint(extra);
    run_ok(f, {"assign", id, "--to", "zhang"});
    return id;
}

// `resolve` of `id` by `who` at `now` for `amount` ("" for none).
std::vector<std::string> resolve_args(const std::string& id, const std::string& amount) {
    std::vector<std::string> args{"resolve",   id,      "--plan", "refund and compensation",
                                  "--outcome", "refund"};
    if (!amount.empty()) args.insert(args.end(), {"--amount", amount});
    return args;
}

// A complaint proposed by zhang at 11:00 for `amount`: prints the awaiting line.
std::string proposed(Fixture& f, const std::string& amount, const std::string& who = "zhang") {
    const std::string id = assigned(f);
    const Result r = run_ok(f, resolve_args(id, amount), as(who, "2026-11-23 11:00"));
    REQUIRE(r.out.find("awaiting approval by") != std::string::npos);
    return id;
}

}  // namespace

TEST_CASE("approval: resolve above the proposer's limit awaits approval and says by whom") {
    Fixture f;
    f.write_file("complaints.toml", k_policy);

    SUBCASE("the roles whose limit covers the amount, and why") {
        const std::string id = assigned(f);
        const Result r = run_ok(f, resolve_args(id, "3000"), as("zhang"));
        CHECK(r.out == id + "  awaiting approval by supervisor or manager (3000.00 above agent "
                            "limit 500.00)\n");
        CHECK(r.err.empty());
        const std::string big = assigned(f);
        CHECK(run_ok(f, resolve_args(big, "8000.00"), as("zhang")).out ==
              big + "  awaiting approval by manager (8000.00 above agent limit 500.00)\n");
        const std::string sup = assigned(f);
        CHECK(run_ok(f, resolve_args(sup, "8000.00"), as("wang")).out ==
              sup + "  awaiting approval by manager (8000.00 above supervisor limit 5000.00)\n");
    }
    SUBCASE("the line of SPEC 11") {
        Fixture g;
        std::string policy = k_policy;
        policy.replace(policy.find("supervisor = \"5000.00\""), 22, "supervisor = \"10000.00\"");
        g.write_file("complaints.toml", policy);
        const std::string id = assigned(g);
        CHECK(id == "20261123-TEL-001");
        CHECK(run_ok(g, resolve_args(id, "8000"), as("zhang")).out ==
              "20261123-TEL-001  awaiting approval by supervisor or manager (8000.00 above agent "
              "limit 500.00)\n");
    }
    SUBCASE("an amount equal to the limit, or none, needs no approval") {
        const std::string id = assigned(f);
        const Result r = run_ok(f, resolve_args(id, "500.00"), as("zhang"));
        CHECK(r.out.rfind(id + "  resolved  zhang", 0) == 0);
        const json j = f.show(id);
        CHECK(j["status"] == "resolved");
        CHECK(j["approved_by"].is_null());
        CHECK(j["approved_at"].is_null());
        CHECK(j["proposal"].is_null());
        CHECK(j["proposals"] == json::array());
        const std::string none = assigned(f);
        CHECK(run_ok(f, resolve_args(none, ""), as("zhang")).out.rfind(none + "  resolved", 0) ==
              0);
        const std::string manager = assigned(f);
        CHECK(run_ok(f, resolve_args(manager, "99999.99"), as("chen"))
                  .out.rfind(manager + "  resolved", 0) == 0);
    }
    SUBCASE("a severity that requires approval, alone and with an amount") {
        const std::string id = assigned(f, {"--severity", "major"});
        CHECK(run_ok(f, resolve_args(id, ""), as("chen")).out ==
              id + "  awaiting approval by supervisor or manager (major complaints need "
                   "approval)\n");
        const std::string both = assigned(f, {"--severity", "major"});
        CHECK(run_ok(f, resolve_args(both, "8000"), as("zhang")).out ==
              both +
                  "  awaiting approval by manager (8000.00 above agent limit 500.00; major "
                  "complaints need approval)\n");
    }
    SUBCASE("--format json prints the complaint with its proposal") {
        const std::string id = assigned(f);
        const json j = run_json(f, resolve_args(id, "3000"), as("zhang", "2026-11-23 11:00"));
        CHECK(j["status"] == "awaiting_approval");
        CHECK(j["resolution"].is_null());
        CHECK(j["proposal"]["plan"] == "refund and compensation");
        CHECK(j["proposal"]["outcome"] == "refund");
        CHECK(j["proposal"]["amount"] == "3000.00");
        CHECK(j["proposal"]["currency"] == "CNY");
        CHECK(j["proposal"]["by"] == "zhang");
        CHECK(j["proposal"]["at"] == "2026-11-23T11:00:00+08:00");
        CHECK(j["proposal"]["waiting_for"] ==
              "supervisor or manager (3000.00 above agent limit 500.00)");
        REQUIRE(j["proposals"].size() == 1);
        CHECK(j["proposals"][0] == json{{"plan", "refund and compensation"},
                                        {"outcome", "refund"},
                                        {"amount", "3000.00"},
                                        {"by", "zhang"},
                                        {"at", "2026-11-23T11:00:00+08:00"},
                                        {"decision", "pending"},
                                        {"decided_by", nullptr},
                                        {"decided_at", nullptr},
                                        {"note", nullptr}});
        // Investigate and acknowledge are met at the proposal; resolve is not,
        // and waiting counts against it.
        CHECK(j["milestones"]["investigate"]["met_at"] == "2026-11-23T11:00:00+08:00");
        CHECK(j["milestones"]["acknowledge"]["met_at"] == "2026-11-23T11:00:00+08:00");
        CHECK(j["milestones"]["resolve"]["met_at"].is_null());
        CHECK(j["milestones"]["resolve"]["state"] == "pending");
        CHECK(j["milestones"]["revisit"]["due"].is_null());
        CHECK(j["next_deadline"] == j["milestones"]["resolve"]["due"]);
        CHECK(j["total_amount"].is_null());
        const json& e = j["events"].back();
        CHECK(e["type"] == "resolve");
        CHECK(e["details"]["awaiting_approval"] ==
              "supervisor or manager (3000.00 above agent limit 500.00)");
        // The resolve milestone becomes overdue while waiting.
        const json later = run_json(f, {"show", id}, as("tester", "2026-12-07 10:00"));
        CHECK(later["milestones"]["resolve"]["state"] == "overdue");
        const json overdue = run_json(f, {"list", "--overdue"}, as("tester", "2026-12-07 10:00"));
        bool listed = false;
        for (const auto& c : overdue) listed = listed || c["id"] == id;
        CHECK(listed);
    }
}

TEST_CASE("approval: approve makes the proposal the resolution, met at the approval") {
    Fixture f;
    f.write_file("complaints.toml", k_policy);
    const std::string id = proposed(f, "3000");
    const Result r =
        run_ok(f, {"approve", id, "--note", "receipt checked"}, as("wang", "2026-11-24 10:00"));
    // The revisit clock starts at the approval (Tuesday), not at the proposal
    // (Monday): 1 working day, the end of Wednesday.
    CHECK(r.out == id + "  resolved  zhang  next deadline 2026-11-25 18:00\n");
    const json j = f.show(id);
    CHECK(j["status"] == "resolved");
    CHECK(j["resolution"]["plan"] == "refund and compensation");
    CHECK(j["resolution"]["amount"] == "3000.00");
    CHECK(j["resolution"]["by"] == "zhang");
    CHECK(j["resolution"]["at"] == "2026-11-23T11:00:00+08:00");
    CHECK(j["approved_by"] == "wang");
    CHECK(j["approved_at"] == "2026-11-24T10:00:00+08:00");
    CHECK(j["proposal"].is_null());
    CHECK(j["total_amount"] == "3000.00");
    CHECK(j["milestones"]["resolve"]["met_at"] == "2026-11-24T10:00:00+08:00");
    CHECK(j["milestones"]["revisit"]["due"] == "2026-11-25T18:00:00+08:00");
    REQUIRE(j["proposals"].size() == 1);
    CHECK(j["proposals"][0]["decision"] == "approved");
    CHECK(j["proposals"][0]["decided_by"] == "wang");
    CHECK(j["proposals"][0]["decided_at"] == "2026-11-24T10:00:00+08:00");
    CHECK(j["proposals"][0]["note"] == "receipt checked");
    const json& e = j["events"].back();
    CHECK(e["type"] == "approve");
    CHECK(e["actor"] == "wang");
    CHECK(e["details"]["proposed_by"] == "zhang");
    CHECK(e["details"]["amount"] == "3000.00");
    CHECK(e["details"]["note"] == "receipt checked");

    const json facts =
        run_json(f, {"query", "SELECT id, approved_by, approved_at FROM complaint_facts"});
    REQUIRE(facts.size() == 1);
    CHECK(facts[0]["id"] == id);
    CHECK(facts[0]["approved_by"] == "wang");
    CHECK(facts[0]["approved_at"].get<std::string>().find("2026-11-24") == 0);

    SUBCASE("text show: approved, the proposal and the history lines") {
        const std::string text = run_ok(f, {"show", id}).out;
        CHECK(text.find("\napproved:     2026-11-24 10:00 by wang\n") != std::string::npos);
        CHECK(text.find("\nproposals\n  2026-11-23 11:00 zhang: refund and compensation\n"
                        "      outcome: Refund, 3000.00 CNY\n"
                        "      approved 2026-11-24 10:00 by wang: receipt checked\n") !=
              std::string::npos);
        CHECK(text.find("  2026-11-23 11:00  resolve      zhang  proposed; awaiting approval by "
                        "supervisor or manager (3000.00 above agent limit 500.00)\n") !=
              std::string::npos);
        CHECK(text.find("  2026-11-24 10:00  approve      wang  approved zhang's proposal\n") !=
              std::string::npos);
    }
    SUBCASE("a later resolution that needs no approval clears approved_by") {
        run_ok(f, {"revisit", id, "--result", "unsatisfied"}, as("zhang", "2026-11-24 11:00"));
        run_ok(f, resolve_args(id, "100"), as("zhang", "2026-11-24 12:00"));
        const json again = f.show(id);
        CHECK(again["status"] == "resolved");
        CHECK(again["approved_by"].is_null());
        CHECK(again["approved_at"].is_null());
        CHECK(again["total_amount"] == "3100.00");
        const json rows = run_json(f, {"query", "SELECT approved_by FROM complaint_facts"});
        CHECK(rows[0]["approved_by"].is_null());
    }
}

TEST_CASE("approval: decline sends it back to investigating and keeps the proposal") {
    Fixture f;
    f.write_file("complaints.toml", k_policy);
    const std::string id = proposed(f, "8000");
    const json before = f.show(id);
    const Result r = run_ok(f, {"decline", id, "--note", "offer a repair first"},
                            as("chen", "2026-11-23 14:00"));
    CHECK(r.out.rfind(id + "  investigating  zhang  next deadline ", 0) == 0);
    json j = f.show(id);
    CHECK(j["status"] == "investigating");
    CHECK(j["proposal"].is_null());
    CHECK(j["resolution"].is_null());
    CHECK(j["total_amount"].is_null());
    CHECK(j["approved_by"].is_null());
    CHECK(j["milestones"]["resolve"]["met_at"].is_null());
    CHECK(j["milestones"]["resolve"]["due"] == before["milestones"]["resolve"]["due"]);
    REQUIRE(j["proposals"].size() == 1);
    CHECK(j["proposals"][0]["decision"] == "declined");
    CHECK(j["proposals"][0]["decided_by"] == "chen");
    CHECK(j["proposals"][0]["decided_at"] == "2026-11-23T14:00:00+08:00");
    CHECK(j["proposals"][0]["note"] == "offer a repair first");
    CHECK(j["events"].back()["type"] == "decline");
    CHECK(j["events"].back()["details"]["proposed_by"] == "zhang");

    // Proposed again and approved: both proposals stay, in order.
    run_ok(f, resolve_args(id, "3000"), as("zhang", "2026-11-23 15:00"));
    run_ok(f, {"approve", id}, as("wang", "2026-11-23 16:00"));
    j = f.show(id);
    REQUIRE(j["proposals"].size() == 2);
    CHECK(j["proposals"][0]["decision"] == "declined");
    CHECK(j["proposals"][0]["amount"] == "8000.00");
    CHECK(j["proposals"][1]["decision"] == "approved");
    CHECK(j["proposals"][1]["amount"] == "3000.00");
    CHECK(j["proposals"][1]["note"].is_null());
    CHECK(j["total_amount"] == "3000.00");  // a declined proposal pays nothing

    const std::string text = run_ok(f, {"show", id}).out;
    CHECK(text.find("      outcome: Refund, 8000.00 CNY\n"
                    "      declined 2026-11-23 14:00 by chen: offer a repair first\n") !=
          std::string::npos);
    CHECK(text.find("  2026-11-23 14:00  decline      chen  declined zhang's proposal\n") !=
          std::string::npos);

    SUBCASE("decline needs a note") {
        const std::string other = proposed(f, "3000");
        check_refused(f, {"decline", other}, 64, {"--note"}, as("wang", "2026-11-23 12:00"));
        check_refused(f, {"decline", other, "--note", " "}, 64, {"--note"},
                      as("wang", "2026-11-23 12:00"));
    }
}

TEST_CASE("approval: each failed authority check is 77, names it and changes nothing") {
    Fixture f;
    f.write_file("complaints.toml", k_policy);
    const std::string id = proposed(f, "8000");
    const EnvChanges later_li = as("li", "2026-11-23 12:00");
    const EnvChanges later_wang = as("wang", "2026-11-23 12:00");
    for (const std::string verb : {"approve", "decline"}) {
        CAPTURE(verb);
        const std::vector<std::string> args{verb, id, "--note", "n"};
        Result r = check_refused(f, args, 77, {}, later_li);
        CHECK(r.err_first_line() == "complaints: error: cannot " + verb + " complaint " + id +
                                        ": li is an agent; approvers are supervisor, manager");
        r = check_refused(f, args, 77, {}, later_wang);
        CHECK(r.err_first_line() == "complaints: error: cannot " + verb + " complaint " + id +
                                        ": 8000.00 is above wang's limit (supervisor 5000.00)");
        CHECK(r.err.find("hint: ask a manager to " + verb + " it") != std::string::npos);
        r = check_refused(f, args, 77, {}, as("zhao", "2026-11-23 12:00"));
        CHECK(r.err_first_line() ==
              "complaints: error: 'zhao' is a viewer and may not change complaints");
        r = check_refused(f, args, 77, {}, as("nobody", "2026-11-23 12:00"));
        CHECK(r.err.find("'nobody' is not allowed") != std::string::npos);
    }
    // The proposer: a manager's own proposal of a major complaint.
    const std::string major = assigned(f, {"--severity", "major"});
    run_ok(f, resolve_args(major, "100"), as("chen", "2026-11-23 11:00"));
    for (const std::string verb : {"approve", "decline"}) {
        const Result r =
            check_refused(f, {verb, major, "--note", "n"}, 77, {}, as("chen", "2026-11-23 12:00"));
        CHECK(r.err_first_line() == "complaints: error: cannot " + verb + " complaint " + major +
                                        ": chen proposed it; a second person must " + verb);
    }
    // The role check comes before the proposer check; the limit check too.
    const std::string own = proposed(f, "8000", "wang");
    CHECK(check_refused(f, {"approve", own}, 77, {}, later_wang).err_first_line() ==
          "complaints: error: cannot approve complaint " + own +
              ": 8000.00 is above wang's limit (supervisor 5000.00)");
    // Someone who passes all three.
    run_ok(f, {"approve", id}, as("chen", "2026-11-23 12:00"));
    run_ok(f, {"approve", major}, as("sue", "2026-11-23 12:00"));
    CHECK(f.show(major)["status"] == "resolved");
}

TEST_CASE("approval: approve or decline of a complaint not awaiting approval is 65") {
    Fixture f;
    f.write_file("complaints.toml", k_policy);
    const std::string id = assigned(f);
    for (const std::string verb : {"approve", "decline"}) {
        // The status is checked before the authority: li would fail the role check.
        const Result r = check_refused(f, {verb, id, "--note", "n"}, 65, {}, as("li"));
        CHECK(r.err_first_line() == "complaints: error: cannot " + verb + " complaint " + id +
                                        ": it is assigned; " + verb +
                                        " needs a complaint that is awaiting_approval");
    }
    run_ok(f, resolve_args(id, "100"), as("zhang"));
    check_refused(f, {"approve", id}, 65, {"it is resolved"}, as("chen"));
    check_refused(f, {"approve", "20261123-TEL-099"}, 66, {"20261123-TEL-099"}, as("chen"));
}

TEST_CASE("approval: a proposal no approver could approve is refused (77)") {
    Fixture f;
    std::string policy = k_policy;
    policy.replace(policy.find("manager = \"unlimited\""), 21, "manager = \"50000.00\"");
    f.write_file("complaints.toml", policy);
    const std::string id = assigned(f);
    const Result r = check_refused(f, resolve_args(id, "90000"), 77, {}, as("zhang"));
    CHECK(r.err_first_line() ==
          "complaints: error: no approver may approve 90000.00: the largest "
          "approver limit is manager 50000.00");
    CHECK(f.show(id)["status"] == "assigned");
    // Up to the largest limit is fine.
    CHECK(run_ok(f, resolve_args(id, "50000"), as("zhang")).out ==
          id + "  awaiting approval by manager (50000.00 above agent limit 500.00)\n");
}

TEST_CASE("approval: awaiting approval allows contact, edit and withdraw only") {
    Fixture f;
    f.write_file("complaints.toml", k_policy);
    const EnvChanges zhang = as("zhang", "2026-11-23 12:00");
    const std::vector<std::vector<std::string>> refused = {
        {"assign", "--to", "li"},
        {"investigate", "--finding", "more"},
        {"resolve", "--plan", "p", "--outcome", "none"},
        {"revisit", "--result", "satisfied"},
        {"reject", "--reason", "out_of_scope"},
        {"hold", "--reason", "other"},
        {"resume"},
    };
    const std::string id = proposed(f, "3000");
    for (const auto& step : refused) {
        CAPTURE(step.front());
        std::vector<std::string> args{step.front(), id};
        args.insert(args.end(), step.begin() + 1, step.end());
        const Result r = check_refused(f, args, 65, {}, zhang);
        CHECK(r.err_first_line().find("it is awaiting_approval") != std::string::npos);
    }
    run_ok(f, {"contact", id, "--note", "told her it waits"}, zhang);
    run_ok(f, {"edit", id, "--summary", "new", "--reason", "typo"}, zhang);
    CHECK(f.show(id)["status"] == "awaiting_approval");
    run_ok(f, {"withdraw", id}, zhang);
    const json j = f.show(id);
    CHECK(j["status"] == "withdrawn");
    CHECK(j["proposals"][0]["decision"] == "pending");
    check_refused(f, {"approve", id}, 65, {"it is withdrawn"}, as("chen", "2026-11-23 13:00"));
}

TEST_CASE("approval: a viewer may run no changing command (77, nothing changes)") {
    Fixture f;
    f.write_file("complaints.toml", k_policy);
    const std::string registered = f.register_complaint();
    const std::string investigating = assigned(f);
    run_ok(f, {"investigate", investigating, "--finding", "f"});
    const std::string resolved = assigned(f);
    run_ok(f, resolve_args(resolved, "100"), as("zhang"));
    const std::string held = f.register_complaint();
    run_ok(f, {"hold", held, "--reason", "other"});
    const std::string awaiting = proposed(f, "3000");
    const EnvChanges zhao = as("zhao", "2026-11-23 12:00");
    const std::vector<std::vector<std::string>> commands = {
        {"register", "--channel", "phone", "--category", "product", "--customer", "x", "--summary",
         "y"},
        {"assign", registered, "--to", "zhang"},
        {"investigate", investigating, "--finding", "more"},
        {"resolve", investigating, "--plan", "p", "--outcome", "none"},
        {"revisit", resolved, "--result", "satisfied"},
        {"contact", registered, "--note", "n"},
        {"reject", registered, "--reason", "out_of_scope"},
        {"withdraw", registered},
        {"hold", registered, "--reason", "other"},
        {"resume", held},
        {"edit", registered, "--summary", "s", "--reason", "r"},
        {"approve", awaiting},
        {"decline", awaiting, "--note", "n"},
    };
    for (const auto& args : commands) {
        CAPTURE(args.front());
        const Result r = check_refused(f, args, 77, {}, zhao);
        CHECK(r.err_first_line() ==
              "complaints: error: 'zhao' is a viewer and may not change complaints");
        // Also with --as.
        std::vector<std::string> with_as{"--as", "zhao"};
        with_as.insert(with_as.end(), args.begin(), args.end());
        check_refused(f, with_as, 77, {"viewer"}, as("tester", "2026-11-23 12:00"));
    }
    // Reading is allowed.
    CHECK(f.run({"show", awaiting}, "", zhao).status == 0);
    CHECK(f.run({"list"}, "", zhao).status == 0);
}

TEST_CASE("approval: requires_approval without [people] needs a second, different person") {
    Fixture f;
    f.write_file("complaints.toml", k_authority);  // no [people]: amounts need no approval
    const std::string general = assigned(f);
    CHECK(run_ok(f, resolve_args(general, "99999"), as("anyone"))
              .out.rfind(general + "  resolved", 0) == 0);
    const std::string id = assigned(f, {"--severity", "major"});
    CHECK(run_ok(f, resolve_args(id, "10"), as("zhang", "2026-11-23 11:00")).out ==
          id + "  awaiting approval by another person (major complaints need approval)\n");
    for (const std::string verb : {"approve", "decline"}) {
        const Result r =
            check_refused(f, {verb, id, "--note", "n"}, 77, {}, as("zhang", "2026-11-23 12:00"));
        CHECK(r.err_first_line() == "complaints: error: cannot " + verb + " complaint " + id +
                                        ": zhang proposed it; a second person must " + verb);
    }
    run_ok(f, {"approve", id}, as("li", "2026-11-23 12:00"));
    const json j = f.show(id);
    CHECK(j["status"] == "resolved");
    CHECK(j["approved_by"] == "li");
}

TEST_CASE("approval: a kind that closes at resolve closes at the approval") {
    Fixture f;
    f.write_file("complaints.toml", k_policy);
    const std::string id = assigned(f, {"--kind", "inquiry"});
    CHECK(run_ok(f, resolve_args(id, "800"), as("zhang", "2026-11-23 11:00")).out ==
          id + "  awaiting approval by supervisor or manager (800.00 above agent limit 500.00)\n");
    CHECK(f.show(id)["closed_at"].is_null());
    const Result r = run_ok(f, {"approve", id}, as("wang", "2026-11-23 12:00"));
    CHECK(r.out == id + "  closed  zhang\n");
    const json j = f.show(id);
    CHECK(j["status"] == "closed");
    CHECK(j["closed_at"] == "2026-11-23T12:00:00+08:00");
    CHECK(j["milestones"]["revisit"]["due"].is_null());
    CHECK(j["events"].back()["details"]["closed"] == true);
}

TEST_CASE("approval: --help of approve and decline, with an example") {
    Fixture f;
    for (const std::string command : {"approve", "decline"}) {
        CAPTURE(command);
        const Result r = f.run({command, "--help"});
        CHECK(r.status == 0);
        CHECK(r.out.find("Example") != std::string::npos);
        CHECK(r.out.find(" " + command + " 20261123-TEL-001") != std::string::npos);
        CHECK(r.out.find("--note") != std::string::npos);
        CHECK(r.out.find("--at") != std::string::npos);
    }
    CHECK_FALSE(cli_test::database_exists(f.db()));
}
