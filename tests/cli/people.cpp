// People and departments in the policy (SPEC §9): with [people], only its
// keys may be assigned and may act (65 and 77 otherwise, changing nothing);
// the department an assignment gets; and invalid [people], [department] and
// [notify] tables (78 with FILE:LINE:COLUMN).
#include "harness.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <regex>
#include <string>
#include <vector>

using cli_test::EnvChanges;
using cli_test::Fixture;
using cli_test::reported_line;
using cli_test::Result;
using nlohmann::json;

namespace fs = std::filesystem;

namespace {

const std::string k_policy = R"([department.QC]
label = "质量部"
head = "wang"

[department.CS]
label = "客服部"
head = "zhang"

[people.wang]
name = "王经理"
email = "wang@example.com"
department = "QC"

[people.zhang]
name = "Zhang San"
email = "zhang@example.com"
department = "CS"

[people.li]
name = "Li Si"

[people.tester]
name = "Tester"

[category.quality]
label = "产品质量"
department = "QC"

[category.service]
label = "服务"
)";

void ok(Fixture& fx, const std::vector<std::string>& args, const EnvChanges& env = {}) {
    const Result r = fx.run(args, "", env);
    INFO(args.front() << " " << args.at(1) << ": " << r.err);
    REQUIRE(r.status == 0);
}

// Runs `args`, which must fail with `status`, and checks that nothing changed.
Result check_refused(Fixture& fx, const std::vector<std::string>& args, int status,
                     const EnvChanges& env = {}) {
    const std::string before = cli_test::snapshot(fx.db());
    const Result r = fx.run(args, "", env);
    std::string text;
    for (const auto& a : args) text += a + " ";
    INFO("command: " << text);
    INFO("stderr: " << r.err);
    CHECK(r.status == status);
    cli_test::check_error_shape(r);
    CHECK(cli_test::snapshot(fx.db()) == before);
    return r;
}

std::vector<std::string> register_args(const std::string& category = "quality") {
    return {"register",   "--channel", "phone",     "--category", category,
            "--customer", "x",         "--summary", "y"};
}

}  // namespace

TEST_CASE("people: assign --to someone not in [people] is 65, listing the people") {
    Fixture fx;
    fx.write_file("complaints.toml", k_policy);
    const auto id = fx.register_complaint({"--category", "quality"});
    const Result r = check_refused(fx, {"assign", id, "--to", "nobody"}, 65);
    CHECK(r.err.find("nobody") != std::string::npos);
    for (const char* person : {"wang", "zhang", "li", "tester"})
        CHECK_MESSAGE(r.err.find(person) != std::string::npos, person);
    CHECK(fx.show(id)["status"] == "registered");
    // Also a reassignment.
    ok(fx, {"assign", id, "--to", "zhang"});
    check_refused(fx, {"assign", id, "--to", "Zhang"}, 65);
    CHECK(fx.show(id)["assignee"] == "zhang");
}

TEST_CASE("people: only people of [people] may act (77 otherwise)") {
    Fixture fx;
    fx.write_file("complaints.toml", k_policy);
    const auto id = fx.register_complaint({"--category", "quality"});
    ok(fx, {"assign", id, "--to", "zhang"});

    SUBCASE("--as") {
        Result r = check_refused(fx,
                                 {"--as", "bob", "register", "--channel", "phone", "--category",
                                  "quality", "--customer", "x", "--summary", "y"},
                                 77);
        CHECK(r.err.find("bob") != std::string::npos);
        check_refused(fx, {"--as", "bob", "assign", id, "--to", "li"}, 77);
        check_refused(fx, {"--as", "bob", "resolve", id, "--plan", "p", "--outcome", "refund"}, 77);
    }
    SUBCASE("COMPLAINTS_USER") {
        const EnvChanges bob = {{"COMPLAINTS_USER", "bob"}};
        check_refused(fx, register_args(), 77, bob);
        check_refused(fx, {"assign", id, "--to", "li"}, 77, bob);
        check_refused(fx, {"resolve", id, "--plan", "p", "--outcome", "refund"}, 77, bob);
        // --as wins over the environment.
        ok(fx, {"--as", "wang", "assign", id, "--to", "li"}, bob);
    }
    SUBCASE("no database is created for a refused actor") {
        Fixture other;
        other.write_file("complaints.toml", k_policy);
        const Result r = other.run(register_args(), "", {{"COMPLAINTS_USER", "bob"}});
        CHECK(r.status == 77);
        cli_test::check_error_shape(r);
        CHECK_FALSE(cli_test::database_exists(other.db()));
    }
    SUBCASE("a person in [people] may act, and is recorded") {
        const Result r =
            fx.run({"--as", "wang", "--format", "json", "register", "--channel", "phone",
                    "--category", "quality", "--customer", "x", "--summary", "y"});
        INFO("stderr: " << r.err);
        REQUIRE(r.status == 0);
        const auto other = cli_test::parse_json(r.out)["id"].get<std::string>();
        CHECK(fx.show(other)["registered_by"] == "wang");
        ok(fx, {"resolve", id, "--plan", "p", "--outcome", "refund"}, {{"COMPLAINTS_USER", "li"}});
        const json j = fx.show(id);
        CHECK(j["status"] == "resolved");
        CHECK(j["resolution"]["by"] == "li");
    }
}

TEST_CASE("people: without [people] anyone may act and be assigned") {
    Fixture fx;
    const auto id = fx.register_complaint({}, {{"COMPLAINTS_USER", "anybody"}});
    ok(fx, {"--as", "someone-else", "assign", id, "--to", "whoever"});
    const json j = fx.show(id);
    CHECK(j["assignee"] == "whoever");
    CHECK(j["registered_by"] == "anybody");
}

TEST_CASE("people: the department of an assignment") {
    Fixture fx;
    fx.write_file("complaints.toml", k_policy);
    const auto department = [&](const std::string& id) { return fx.show(id)["department"]; };

    // The category's department wins over the person's.
    const auto q = fx.register_complaint({"--category", "quality"});
    ok(fx, {"assign", q, "--to", "zhang"});
    CHECK(department(q) == "QC");
    // No department for the category: the person's.
    const auto s1 = fx.register_complaint({"--category", "service"});
    ok(fx, {"assign", s1, "--to", "zhang"});
    CHECK(department(s1) == "CS");
    // Neither has one: none.
    const auto s2 = fx.register_complaint({"--category", "service"});
    ok(fx, {"assign", s2, "--to", "li"});
    CHECK(department(s2).is_null());
    // --department wins.
    const auto s3 = fx.register_complaint({"--category", "quality"});
    ok(fx, {"assign", s3, "--to", "wang", "--department", "CS"});
    CHECK(department(s3) == "CS");

    // A reassignment without --department keeps the previous department...
    ok(fx, {"assign", q, "--to", "li"});
    CHECK(department(q) == "QC");
    ok(fx, {"assign", s1, "--to", "wang"});  // wang is of QC, the complaint stays with CS
    CHECK(department(s1) == "CS");
    CHECK(fx.show(s1)["assignee"] == "wang");
    // ... and with it, changes it.
    ok(fx, {"assign", q, "--to", "zhang", "--department", "CS"});
    CHECK(department(q) == "CS");
    ok(fx, {"assign", q, "--to", "wang"});
    CHECK(department(q) == "CS");

    // With [department] in the policy, --department must be one of its keys (65, naming them).
    const std::string before = cli_test::snapshot(fx.db());
    const Result r = fx.run({"assign", q, "--to", "wang", "--department", "Sales"});
    CHECK(r.status == 65);
    cli_test::check_error_shape(r);
    CHECK(r.err_first_line() == "complaints: error: unknown department 'Sales'");
    CHECK(r.err.find("QC, CS") != std::string::npos);
    CHECK(cli_test::snapshot(fx.db()) == before);
}

TEST_CASE("people: invalid [people], [department] and [notify] are 78 with FILE:LINE:COLUMN") {
    struct Bad {
        std::string name;
        std::string text;
        int line;
        std::string in_message;
    };
    const std::vector<Bad> cases = {
        {"a person's unknown department",
         "[department.QC]\nhead = \"wang\"\n\n[people.wang]\nname = \"W\"\ndepartment = \"QA\"\n",
         6, "QA"},
        {"a head not in [people]",
         "[people.wang]\nname = \"W\"\n\n[department.QC]\nlabel = \"Q\"\nhead = \"boss\"\n", 6,
         "boss"},
        {"a manager not in [people]",
         "[people.wang]\nname = \"W\"\nmanager = \"boss\"\n\n[people.li]\n", 3, "boss"},
        {"a manager not in [people], the manager's key later in the file",
         "[people.wang]\nmanager = \"li\"\n\n[people.zhao]\nmanager = \"zhou\"\n\n[people.li]\n", 5,
         "zhou"},
        {"a manager that is not text", "[people.wang]\nmanager = 3\n", 2, "manager"},
        {"a bad e-mail address", "[people.wang]\nname = \"W\"\nemail = \"not-an-email\"\n", 3,
         "not-an-email"},
        {"an unknown key in [people.x]", "[people.wang]\nname = \"W\"\nmail = \"w@example.com\"\n",
         3, "mail"},
        {"an unknown key in [department.x]", "[department.QC]\nlabel = \"Q\"\nboss = \"w\"\n", 3,
         "boss"},
        {"an unknown key in [notify]", "[notify]\nfrom = \"a@example.com\"\nrepat = \"1wd\"\n", 3,
         "repat"},
        {"a bad notify.repeat", "[notify]\n\nrepeat = \"1week\"\n", 3, "1week"},
        {"a bad notify.escalate_after", "[notify]\nescalate_after = \"0h\"\n", 2, "0h"},
        {"a bad notify.from", "[notify]\nfrom = \"complaints\"\n", 2, "complaints"},
        {"a category's department not in [department]",
         "[department.QC]\nlabel = \"Q\"\n\n[category.quality]\nlabel = \"Q\"\ndepartment = "
         "\"QA\"\n",
         6, "QA"},
        {"the same, with the category first",
         "[category.quality]\ndepartment = \"QA\"\n\n[department.QC]\nlabel = \"Q\"\n", 2, "QA"},
    };
    for (const auto& bad : cases) {
        CAPTURE(bad.name);
        Fixture f;
        f.register_complaint();  // a database, to show that nothing changes
        const std::string before = cli_test::snapshot(f.db());
        const std::string file = f.write_file("bad.toml", bad.text);

        Result r = f.run({"--policy", file, "register", "--channel", "phone", "--category",
                          "product", "--customer", "x", "--summary", "y"});
        INFO("stderr: " << r.err);
        CHECK(r.status == 78);
        cli_test::check_error_shape(r);
        CHECK(reported_line(r, file) == bad.line);
        CHECK(r.err_first_line().find(bad.in_message) != std::string::npos);
        CHECK(cli_test::snapshot(f.db()) == before);

        r = f.run({"--policy", file, "assign", "20261123-TEL-001", "--to", "wang"});
        CHECK(r.status == 78);
        CHECK(cli_test::snapshot(f.db()) == before);

        r = f.run({"policy", "check", file});
        CHECK(r.status == 78);
        cli_test::check_error_shape(r);
        CHECK(reported_line(r, file) == bad.line);
    }
}

TEST_CASE("people: a valid policy with people, departments and notify passes policy check") {
    Fixture f;
    const std::string file = f.write_file(
        "good.toml", k_policy +
                         "\n[notify]\nfrom = \"complaints@example.com\"\nrepeat = \"4h\"\n"
                         "escalate_after = \"2wd\"\n");
    const Result r = f.run({"policy", "check", file});
    INFO("stderr: " << r.err);
    CHECK(r.status == 0);
    CHECK_FALSE(r.out.empty());
}
