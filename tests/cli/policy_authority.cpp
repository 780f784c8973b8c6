// `policy check` and `policy show` with the keys of SPEC §11: who may settle
// and approve what (the authority section, exact lines), warnings where a
// proposal could not be approved, `policy show | policy check -`, and exit 78
// with FILE:LINE:COLUMN for bad roles, limits, approvers and sizes.
#include "harness.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

using cli_test::Fixture;
using cli_test::reported_line;
using cli_test::Result;

namespace fs = std::filesystem;

namespace {

std::string example(const std::string& name) {
    return (cli_test::source_dir() / "examples" / "policies" / name).string();
}

// The lines of `policy check`'s text output from "authority:" to the end.
std::vector<std::string> authority_lines(const Result& r) {
    const auto lines = r.out_lines();
    const auto at = std::find(lines.begin(), lines.end(), "authority:");
    REQUIRE(at != lines.end());
    // The section comes after a blank line, last.
    REQUIRE(at != lines.begin());
    CHECK((at - 1)->empty());
    return {at, lines.end()};
}

std::vector<std::string> check_authority(Fixture& f, const std::string& file,
                                         const std::string& stdin_text = "") {
    const Result r = f.run({"policy", "check", file}, stdin_text);
    INFO("stderr: " << r.err);
    REQUIRE(r.status == 0);
    return authority_lines(r);
}

}  // namespace

TEST_CASE("policy authority: policy check says who settles and approves what in the bank example") {
    Fixture f;
    const std::vector<std::string> expected{
        "authority:",
        "  agent       settles up to 500.00 without approval",
        "  supervisor  settles up to 5000.00; approves up to 5000.00",
        "  manager     settles any amount; approves any amount",
        "  viewer      changes nothing",
        "  approval needed for severity: major (重大), urgent (紧急)",
        "  people: zhang (agent), sun (agent), li (supervisor), wang (supervisor), liu (manager), "
        "audit (viewer), web_form (agent)",
    };
    CHECK(check_authority(f, example("bank.toml")) == expected);
    // The summary above it gives the evidence limit.
    const Result r = f.run({"policy", "check", example("bank.toml")});
    CHECK(r.out.find("\nevidence files:    up to 20MB each\n") != std::string::npos);
}

TEST_CASE("policy authority: policy check of the restaurant and exporter examples") {
    Fixture f;
    const std::vector<std::string> restaurant{
        "authority:",
        "  agent       settles up to 200.00 without approval",
        "  supervisor  settles up to 2000.00; approves up to 2000.00",
        "  manager     settles any amount; approves any amount",
        "  viewer      changes nothing",
        "  approval needed for severity: major (重大), urgent (紧急)",
        "  people: zhao (agent), qian (agent), chen (agent), sun (supervisor), zhou (supervisor), "
        "lin (supervisor), wu (manager), audit (viewer), delivery_import (agent)",
    };
    CHECK(check_authority(f, example("restaurant.toml")) == restaurant);
    Result r = f.run({"policy", "check", example("restaurant.toml")});
    CHECK(r.out.find("\nevidence files:    up to 100MB each\n") != std::string::npos);

    const std::vector<std::string> exporter{
        "authority:",
        "  agent       settles up to 200.00 without approval",
        "  supervisor  settles up to 3000.00; approves up to 3000.00",
        "  manager     settles any amount; approves any amount",
        "  viewer      changes nothing",
        "  approval needed for severity: major (重大)",
        "  people: zhao (agent), liu (agent), tang (supervisor), ma (supervisor), he "
        "(supervisor), gao (manager), legal (viewer)",
    };
    CHECK(check_authority(f, example("exporter.toml")) == exporter);
    r = f.run({"policy", "check", example("exporter.toml")});
    CHECK(r.out.find("\nevidence files:    up to 50MB each\n") != std::string::npos);
}

TEST_CASE("policy authority: without [people], amounts need no approval") {
    Fixture f;
    // The built-in policy: nothing needs approval.
    Result r = f.run({"policy", "check"});
    REQUIRE(r.status == 0);
    CHECK(authority_lines(r) ==
          std::vector<std::string>{"authority:",
                                   "  no [people]: anyone may act; amounts need no "
                                   "approval, and no severity requires it"});
    // A severity that requires approval needs a second person; [authority] limits do not apply.
    const std::string file = f.write_file("p.toml", R"([severity.general]
[severity.major]
label = "重大"
requires_approval = true
[severity.urgent]
requires_approval = true

[authority]
agent = "500.00"
)");
    CHECK(check_authority(f, file) ==
          std::vector<std::string>{
              "authority:",
              "  no [people]: anyone may act; amounts need no approval, but a resolution of "
              "severity major (重大), urgent needs approval by a second, different person"});
}

TEST_CASE("policy authority: roles that do not approve, and warnings") {
    Fixture f;
    SUBCASE("only managers approve; a limit of zero; defaults without [authority]") {
        const std::string file = f.write_file("p.toml", R"([people.a]
[people.b]
role = "manager"

[authority]
agent = 0
approvers = ["manager"]
)");
        CHECK(check_authority(f, file) ==
              std::vector<std::string>{
                  "authority:",
                  "  agent       settles up to 0.00 without approval",
                  "  supervisor  settles any amount without approval",
                  "  manager     settles any amount; approves any amount",
                  "  viewer      changes nothing",
                  "  approval needed for severity: none",
                  "  people: a (agent), b (manager)",
              });
    }
    SUBCASE("nobody has an approving role") {
        const std::string file = f.write_file("p.toml", R"([people.a]
[people.v]
role = "viewer"
[people.s]
role = "supervisor"

[authority]
agent = "100"
supervisor = "1000"
approvers = ["manager"]
)");
        CHECK(check_authority(f, file) ==
              std::vector<std::string>{
                  "authority:",
                  "  agent       settles up to 100.00 without approval",
                  "  supervisor  settles up to 1000.00 without approval",
                  "  manager     settles any amount; approves any amount",
                  "  viewer      changes nothing",
                  "  approval needed for severity: none",
                  "  people: a (agent), v (viewer), s (supervisor)",
                  "  warning: no person has an approving role (manager): nothing that needs "
                  "approval can be approved",
              });
    }
    SUBCASE("no approver's limit is unlimited") {
        const std::string file = f.write_file("p.toml", R"([people.a]
[people.s]
role = "supervisor"
[people.m]
role = "manager"

[authority]
agent = "500.00"
supervisor = "5000.00"
manager = "50000.00"
)");
        CHECK(check_authority(f, file) ==
              std::vector<std::string>{
                  "authority:",
                  "  agent       settles up to 500.00 without approval",
                  "  supervisor  settles up to 5000.00; approves up to 5000.00",
                  "  manager     settles up to 50000.00; approves up to 50000.00",
                  "  viewer      changes nothing",
                  "  approval needed for severity: none",
                  "  people: a (agent), s (supervisor), m (manager)",
                  "  warning: no approver's limit is unlimited: amounts above 50000.00 (manager "
                  "limit) cannot be approved",
              });
    }
}

TEST_CASE("policy authority: policy show | policy check - reads back every example") {
    Fixture f;
    for (const char* name : {"bank.toml", "restaurant.toml", "exporter.toml"}) {
        CAPTURE(name);
        const Result shown = f.run({"--policy", example(name), "policy", "show"});
        INFO("stderr: " << shown.err);
        REQUIRE(shown.status == 0);
        for (const char* text : {"requires_approval = true\n", "role = \"viewer\"\n",
                                 "[authority]\n", "manager = \"unlimited\"\n", "[evidence]\n"})
            CHECK(shown.out.find(text) != std::string::npos);
        const Result piped = f.run({"policy", "check", "-"}, shown.out);
        INFO("stderr: " << piped.err);
        REQUIRE(piped.status == 0);
        CHECK(piped.err.find("policy 'stdin' is valid") != std::string::npos);
        const Result original = f.run({"policy", "check", example(name)});
        CHECK(piped.out == original.out);
        // JSON: the table only, the same.
        const Result json = f.run({"--format", "json", "policy", "check", "-"}, shown.out);
        CHECK(json.out == f.run({"--format", "json", "policy", "check", example(name)}).out);
    }
}

TEST_CASE("policy authority: bad keys of SPEC §11 are exit 78 with FILE:LINE:COLUMN") {
    struct Bad {
        std::string name;
        std::string text;
        std::string message;  // the first line of standard error, after "complaints: error: "
    };
    const std::vector<Bad> cases = {
        {"unknown role", "[people.li]\nrole = \"boss\"\n",
         "2:8: unknown role 'boss' for [people.li] role (allowed: agent, supervisor, manager, "
         "viewer)"},
        {"a viewer's limit", "[authority]\n\nviewer = \"0\"\n",
         "3:1: 'viewer' takes no limit in [authority]: viewers settle nothing (and change "
         "nothing)"},
        {"a floating-point limit", "[authority]\nagent = 500.0\n",
         "2:9: authority.agent must be an exact amount: write it as a string, e.g. \"500.00\" "
         "(not the floating-point number 500)"},
        {"a negative limit", "[authority]\nagent = \"-1\"\n",
         "2:9: bad amount '-1' for authority.agent: use a non-negative amount with at most two "
         "decimals, e.g. \"500.00\", or \"unlimited\""},
        {"a viewer approves", "[authority]\napprovers = [\"viewer\"]\n",
         "2:14: a viewer cannot approve: viewers change nothing (approvers may be agent, "
         "supervisor or manager)"},
        {"an approver twice", "[authority]\napprovers = [\"manager\", \"manager\"]\n",
         "2:25: role 'manager' is listed twice in authority.approvers"},
        {"no approver", "[authority]\napprovers = []\n",
         "2:13: authority.approvers must name at least one role, e.g. [\"supervisor\", "
         "\"manager\"]"},
        {"unknown key in [authority]", "[authority]\nclerk = \"1\"\n",
         "2:1: unknown key 'clerk' in [authority] (allowed: agent, supervisor, manager, "
         "approvers)"},
        {"requires_approval a string", "[severity.major]\nrequires_approval = \"yes\"\n",
         "2:21: [severity.major] requires_approval must be true or false"},
        {"max_file too large", "[evidence]\nmax_file = \"2GB\"\n",
         "2:12: evidence.max_file '2GB' is 2147483648 bytes, above 1000000000 bytes, SQLite's "
         "largest value (a file is stored as one value)"},
        {"max_file without a unit", "[evidence]\nmax_file = \"20\"\n",
         "2:12: bad size '20' for evidence.max_file: use N followed by B, KB, MB or GB "
         "(multiples of 1024), e.g. \"20MB\""},
        {"unknown key in [evidence]", "[evidence]\nmax = \"1MB\"\n",
         "2:1: unknown key 'max' in [evidence] (allowed: max_file)"},
    };
    for (const auto& bad : cases) {
        CAPTURE(bad.name);
        Fixture f;
        const std::string file = f.write_file("bad.toml", bad.text);
        Result r = f.run({"policy", "check", file});
        INFO("stderr: " << r.err);
        CHECK(r.status == 78);
        cli_test::check_error_shape(r);
        CHECK(r.err_first_line() == "complaints: error: " + file + ":" + bad.message);
        CHECK(r.out.empty());

        // The same from standard input.
        r = f.run({"policy", "check", "-"}, bad.text);
        CHECK(r.status == 78);
        CHECK(r.err_first_line() == "complaints: error: stdin:" + bad.message);

        // A writing command with the bad policy: refused before anything is written.
        r = f.run({"--policy", file, "register", "--channel", "phone", "--category", "product",
                   "--customer", "x", "--summary", "y"});
        CHECK(r.status == 78);
        CHECK(reported_line(r, file) == std::stoi(bad.message));
        CHECK_FALSE(cli_test::database_exists(f.db()));
    }
}
