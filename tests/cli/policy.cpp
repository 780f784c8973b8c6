// The policy file (SPEC §3, §5 `init`, `policy check`, `policy show`): the
// examples are valid, `show` round-trips, a file beside the database is used,
// and every invalid file is exit 78 with FILE:LINE:COLUMN.
#include "harness.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

using cli_test::Fixture;
using cli_test::reported_line;
using cli_test::Result;

namespace fs = std::filesystem;

namespace {

std::vector<std::string> register_args() {
    return {"register",   "--channel", "phone",     "--category", "product",
            "--customer", "x",         "--summary", "y"};
}

// Every key of SPEC §10.
const char* const k_v10_policy = R"([organization]
timezone = "Asia/Shanghai"

[limits]
acknowledge = "2h"
revisit = "none"

[kind.complaint]
[kind.question]
close_on_resolve = true
limits = { acknowledge = "none", resolve = "24h" }

[severity.general]
[severity.critical]
label = "危急"
limits = { acknowledge = "30m", assign = "1h" }

[category.food]
limits = { revisit = "1wd" }

[category.other]

[site.downtown]
label = "总店"
[site.airport]
label = "Airport"
default = true

[cause.staff]
label = "员工"
[cause.supplier]

[outcome.voucher]
label = "代金券"
[outcome.free_meal]

[hold]
review_after = "10wd"

[escalation]
reopen_threshold = 3
severity = "critical"

[duplicates]
window = "72h"

[acceptance]
time_bar = "180d"
)";

}  // namespace

TEST_CASE("policy: policy check shows acknowledge, none, and the rest of SPEC §10") {
    Fixture f;
    const std::string file = f.write_file("v10.toml", k_v10_policy);

    // CSV: only the table, one row per kind x category x severity.
    Result r = f.run({"--format", "csv", "policy", "check", file});
    INFO("stderr: " << r.err);
    REQUIRE(r.status == 0);
    const auto rows = cli_test::parse_csv(r.out);
    REQUIRE(rows.size() == 9);
    CHECK(rows[0] == std::vector<std::string>{"kind", "category", "severity", "acknowledge",
                                              "assign", "investigate", "resolve", "revisit"});
    std::map<std::string, std::vector<std::string>> cells;
    for (std::size_t i = 1; i < rows.size(); ++i) {
        REQUIRE(rows[i].size() == 8);
        cells[rows[i][0] + " " + rows[i][1] + " " + rows[i][2]] = {rows[i].begin() + 3,
                                                                   rows[i].end()};
    }
    using Cells = std::vector<std::string>;
    // [limits] revisit = "none" is the fallback only: food's 1wd applies.
    CHECK(cells["complaint food general"] == Cells{"2h", "1wd", "3wd", "5wd", "1wd"});
    CHECK(cells["complaint other general"] == Cells{"2h", "1wd", "3wd", "5wd", "none"});
    CHECK(cells["complaint other critical"] == Cells{"30m", "1h", "3wd", "5wd", "none"});
    // The kind's "none" wins over the severity's 30m; a kind that closes at resolve has no
    // revisit, whatever the category says.
    CHECK(cells["question food critical"] == Cells{"none", "1h", "3wd", "24h", "none"});
    CHECK(cells["question other general"] == Cells{"none", "1wd", "3wd", "24h", "none"});

    // JSON: the same table.
    r = f.run({"--format", "json", "policy", "check", file});
    REQUIRE(r.status == 0);
    const auto j = cli_test::parse_json(r.out);
    REQUIRE(j.size() == 8);
    CHECK(j[0]["acknowledge"] == "2h");
    CHECK(j[0]["revisit"] == "1wd");

    // Text: the table, then the rest of the policy in a few lines.
    r = f.run({"policy", "check", file});
    REQUIRE(r.status == 0);
    const auto lines = r.out_lines();
    REQUIRE(lines.size() == 23);
    CHECK(lines[0].starts_with("kind "));
    CHECK(lines[0].find(" acknowledge ") != std::string::npos);
    CHECK(lines[9].empty());
    const std::vector<std::string> expected{
        "close at resolve:  question (no revisit)",
        "severity ranks:    general 1, critical 2",
        "sites:             downtown (总店), airport (Airport); default airport",
        "causes:            staff (员工), supplier",
        "outcomes:          voucher (代金券), free_meal",
        "hold review:       after 10wd on hold",
        "escalation:        to critical (危急) when reopened 3 times or more",
        "duplicate window:  72h",
        "time bar:          180d",
        "evidence files:    up to 20MB each",
        "",
        "authority:",
        "  no [people]: anyone may act; amounts need no approval, and no severity requires it",
    };
    CHECK(std::vector<std::string>(lines.begin() + 10, lines.end()) == expected);

    // The built-in policy says what it leaves out.
    r = f.run({"policy", "check"});
    REQUIRE(r.status == 0);
    for (const char* line : {"close at resolve:  inquiry (no revisit)",
                             "severity ranks:    general 1, major 2, urgent 3",
                             "sites:             none (register takes no --site)",
                             "causes:            any (no [cause] table)",
                             "hold review:       none (long holds are not reviewed)",
                             "escalation:        none", "duplicate window:  30d",
                             "time bar:          3y", "evidence files:    up to 20MB each"}) {
        CAPTURE(line);
        CHECK(r.out.find(std::string("\n") + line + "\n") != std::string::npos);
    }
}

TEST_CASE("policy: policy show of a policy with every SPEC §10 key reads back the same") {
    Fixture f;
    const std::string file = f.write_file("v10.toml", k_v10_policy);
    const Result shown = f.run({"--policy", file, "policy", "show"});
    INFO("stderr: " << shown.err);
    REQUIRE(shown.status == 0);
    for (const char* text :
         {"acknowledge = \"2h\"", "revisit = \"none\"", "close_on_resolve = true", "rank = 2",
          "[site.airport]", "[cause.staff]", "[outcome.free_meal]", "review_after = \"10wd\"",
          "reopen_threshold = 3", "window = \"72h\"", "time_bar = \"180d\""}) {
        CAPTURE(text);
        CHECK(shown.out.find(text) != std::string::npos);
    }
    CHECK(shown.out.find("[outcome.refund]") == std::string::npos);
    const std::string copy = f.write_file("shown.toml", shown.out);
    const Result original = f.run({"policy", "check", file});
    const Result again = f.run({"policy", "check", copy});
    INFO("copy stderr: " << again.err);
    REQUIRE(again.status == 0);
    CHECK(again.out == original.out);
    const Result reshown = f.run({"--policy", copy, "policy", "show"});
    const auto body = [](const std::string& text) { return text.substr(text.find('\n')); };
    CHECK(body(reshown.out) == body(shown.out));
}

TEST_CASE("policy: policy check accepts every example policy") {
    Fixture f;
    int checked = 0;
    for (const auto& entry :
         fs::directory_iterator(cli_test::source_dir() / "examples" / "policies")) {
        if (entry.path().extension() != ".toml") continue;
        ++checked;
        CAPTURE(entry.path().string());
        const Result r = f.run({"policy", "check", entry.path().string()});
        INFO("stderr: " << r.err);
        CHECK(r.status == 0);
        const auto lines = r.out_lines();
        REQUIRE_FALSE(lines.empty());
        for (const char* column :
             {"category", "severity", "acknowledge", "assign", "investigate", "resolve", "revisit"})
            CHECK(lines[0].find(column) != std::string::npos);
        CHECK(lines.size() > 1);
        // An example is also usable for real work.
        const Result reg = f.run({"--policy", entry.path().string(), "--format", "json", "list"});
        CHECK(reg.status == 66);  // no database yet: a reading command, not a policy error
    }
    CHECK(checked >= 3);
    CHECK_FALSE(cli_test::database_exists(f.db()));
}

TEST_CASE("policy: policy show prints a policy that passes policy check with the same limits") {
    Fixture f;
    std::vector<std::string> policies{""};  // the built-in one
    for (const auto& entry :
         fs::directory_iterator(cli_test::source_dir() / "examples" / "policies"))
        if (entry.path().extension() == ".toml") policies.push_back(entry.path().string());
    for (const auto& policy : policies) {
        CAPTURE(policy);
        std::vector<std::string> global;
        if (!policy.empty()) global = {"--policy", policy};
        std::vector<std::string> args = global;
        args.insert(args.end(), {"policy", "show"});
        const Result shown = f.run(args);
        INFO("stderr: " << shown.err);
        REQUIRE(shown.status == 0);
        CHECK(shown.out.find("[limits]") != std::string::npos);
        const std::string file = f.write_file("shown.toml", shown.out);
        args = global;
        args.insert(args.end(), {"policy", "check"});
        const Result original = f.run(args);
        const Result copy = f.run({"policy", "check", file});
        INFO("copy stderr: " << copy.err);
        CHECK(original.status == 0);
        CHECK(copy.status == 0);
        CHECK(copy.out == original.out);
        CHECK_FALSE(copy.out.empty());
        // Showing the copy gives the same text again.
        const Result again = f.run({"--policy", file, "policy", "show"});
        CHECK(again.status == 0);
        const auto body = [](const std::string& text) { return text.substr(text.find('\n')); };
        CHECK(body(again.out) == body(shown.out));
    }
}

TEST_CASE("policy: policy check prints the limits of the built-in policy") {
    Fixture f;
    const Result r = f.run({"--format", "csv", "policy", "check"});
    INFO("stderr: " << r.err);
    REQUIRE(r.status == 0);
    const auto rows = cli_test::parse_csv(r.out);
    REQUIRE(rows.size() > 1);
    const auto& header = rows[0];
    const auto column = [&](const std::string& name) {
        const auto at = std::find(header.begin(), header.end(), name);
        REQUIRE(at != header.end());
        return static_cast<std::size_t>(at - header.begin());
    };
    // category, severity -> acknowledge, assign, investigate, resolve, revisit (kind complaint).
    const std::map<std::pair<std::string, std::string>, std::vector<std::string>> expected = {
        {{"product", "general"}, {"1wd", "1wd", "3wd", "5wd", "1wd"}},
        {{"billing", "major"}, {"1wd", "1h", "1wd", "3wd", "1wd"}},
        {{"other", "urgent"}, {"1wd", "30m", "4bh", "1wd", "1wd"}},
    };
    std::set<std::string> categories, severities;
    int found = 0;
    int inquiries = 0;
    for (std::size_t i = 1; i < rows.size(); ++i) {
        const auto& row = rows[i];
        REQUIRE(row.size() == header.size());
        categories.insert(row[column("category")]);
        severities.insert(row[column("severity")]);
        // The built-in inquiry closes at resolve: its revisit is not tracked.
        if (row[column("kind")] == "inquiry") {
            CHECK(row[column("resolve")].find("24h") != std::string::npos);
            CHECK(row[column("revisit")] == "none");
            ++inquiries;
        }
        if (row[column("kind")] != "complaint") continue;
        const auto it = expected.find({row[column("category")], row[column("severity")]});
        if (it == expected.end()) continue;
        ++found;
        CAPTURE(it->first.first);
        CAPTURE(it->first.second);
        CHECK(row[column("acknowledge")] == it->second[0]);
        CHECK(row[column("assign")] == it->second[1]);
        CHECK(row[column("investigate")] == it->second[2]);
        CHECK(row[column("resolve")] == it->second[3]);
        CHECK(row[column("revisit")] == it->second[4]);
    }
    CHECK(found == 3);
    CHECK(inquiries == 15);
    CHECK(categories ==
          std::set<std::string>{"product", "delivery", "service", "billing", "other"});
    CHECK(severities == std::set<std::string>{"general", "major", "urgent"});
}

TEST_CASE(
    "policy: init creates the database and complaints.toml, and a second init changes nothing" *
    doctest::test_suite("sqlite")) {
    Fixture f;
    const fs::path toml = f.dir() / "complaints.toml";
    Result r = f.run({"init"});
    INFO("stderr: " << r.err);
    REQUIRE(r.status == 0);
    CHECK(r.out.empty());
    CHECK(cli_test::database_exists(f.db()));
    REQUIRE(fs::exists(toml));
    CHECK(cli_test::count_rows(f.db(), "complaint") == 0);
    const std::string policy_text = cli_test::read_file(toml);
    CHECK(policy_text.find("[limits]") != std::string::npos);
    CHECK(policy_text.find('#') != std::string::npos);  // the starter policy has comments

    const Result check = f.run({"policy", "check", toml.string()});
    INFO("policy check stderr: " << check.err);
    CHECK(check.status == 0);

    f.register_complaint();
    const std::string before = cli_test::snapshot(f.db());
    r = f.run({"init"});
    CHECK(r.status == 0);
    CHECK(r.out.empty());
    CHECK(cli_test::read_file(toml) == policy_text);
    CHECK(cli_test::snapshot(f.db()) == before);

    // An edited policy survives a later init.
    f.write_file("complaints.toml", policy_text + "\n# edited\n");
    CHECK(f.run({"init"}).status == 0);
    CHECK(cli_test::read_file(toml) == policy_text + "\n# edited\n");
}

TEST_CASE("policy: a complaints.toml beside the database is used automatically") {
    Fixture f;
    f.write_file("complaints.toml", R"(
[organization]
timezone = "Europe/London"
currency = "EUR"

[channel.hotline]
code = "HOT"
label = "Hotline"

[category.food]
label = "食品"
department = "QA"
limits = { assign = "2h" }
)");
    const auto id = f.register_complaint(
        {"--channel", "hotline", "--category", "food", "--received-at", "2026-11-20 15:00"});
    CHECK(id == "20261120-HOT-001");
    const auto j = f.show(id);
    // A time without an offset is read in the policy's zone, whatever TZ says.
    CHECK(j["received_at"] == "2026-11-20T15:00:00+00:00");
    CHECK(j["milestones"]["assign"]["due"] == "2026-11-20T17:00:00+00:00");

    // The channel table of the file replaces the built-in one.
    const std::string before = cli_test::snapshot(f.db());
    Result r = f.run(register_args());
    CHECK(r.status == 65);
    cli_test::check_error_shape(r);
    CHECK(r.err.find("hotline") != std::string::npos);
    CHECK(cli_test::snapshot(f.db()) == before);

    // The category's department is the default when assigning.
    REQUIRE(f.run({"assign", id, "--to", "zhang"}).status == 0);
    REQUIRE(f.run({"resolve", id, "--plan", "p", "--outcome", "refund", "--amount", "3"}).status ==
            0);
    const auto resolved = f.show(id);
    CHECK(resolved["department"] == "QA");
    CHECK(resolved["resolution"]["currency"] == "EUR");

    // --policy and COMPLAINTS_POLICY win over the file beside the database.
    const std::string other = f.write_file("other.toml", "[channel.fax]\ncode = \"FAX\"\n");
    r = f.run({"--policy", other, "register", "--channel", "fax", "--category", "product",
               "--customer", "x", "--summary", "y"});
    INFO("stderr: " << r.err);
    CHECK(r.status == 0);
    CHECK(r.out == "20261123-FAX-001\n");
    r = f.run({"register", "--channel", "fax", "--category", "product", "--customer", "x",
               "--summary", "y"},
              "", {{"COMPLAINTS_POLICY", other}});
    CHECK(r.status == 0);
    CHECK(r.out == "20261123-FAX-002\n");
}

TEST_CASE(
    "policy: the policy beside a --db in another directory is used, and init writes it there" *
    doctest::test_suite("sqlite")) {
    Fixture f;
    fs::create_directory(f.dir() / "sub");
    f.write_file("sub/complaints.toml", "[channel.hotline]\ncode = \"HOT\"\n");
    Result r = f.run({"--db", "sub/x.db", "register", "--channel", "hotline", "--category",
                      "product", "--customer", "x", "--summary", "y"},
                     "", {{"COMPLAINTS_DB", std::nullopt}});
    INFO("stderr: " << r.err);
    CHECK(r.status == 0);
    CHECK(r.out == "20261123-HOT-001\n");
    CHECK(fs::exists(f.dir() / "sub" / "x.db"));

    fs::create_directory(f.dir() / "other");
    r = f.run({"--db", "other/y.db", "init"}, "", {{"COMPLAINTS_DB", std::nullopt}});
    CHECK(r.status == 0);
    CHECK(fs::exists(f.dir() / "other" / "y.db"));
    CHECK(fs::exists(f.dir() / "other" / "complaints.toml"));
    CHECK_FALSE(fs::exists(f.dir() / "complaints.toml"));
}

TEST_CASE("policy: times are shown with the offset the policy's zone has at that date") {
    Fixture f;
    const std::string london =
        f.write_file("london.toml", "[organization]\ntimezone = \"Europe/London\"\n");
    const auto received = [&](const std::string& when) {
        const Result r = f.run({"--policy", london, "--format", "json", "register", "--channel",
                                "phone", "--category", "product", "--customer", "x", "--summary",
                                "y", "--received-at", when});
        INFO("stderr: " << r.err);
        REQUIRE(r.status == 0);
        return cli_test::parse_json(r.out)["received_at"].get<std::string>();
    };
    CHECK(received("2026-07-01 12:00") == "2026-07-01T12:00:00+01:00");
    CHECK(received("2026-11-02 12:00") == "2026-11-02T12:00:00+00:00");
    CHECK(received("2026-07-01T12:00:00Z") == "2026-07-01T13:00:00+01:00");
}

TEST_CASE("policy: an invalid policy is exit 78 with FILE:LINE:COLUMN and nothing is written") {
    struct Bad {
        std::string name;
        std::string text;
        int line;
        std::string in_message;
    };
    const std::vector<Bad> cases = {
        {"unknown key", "[organization]\nname = \"Acme\"\ntimezon = \"Asia/Shanghai\"\n", 3,
         "timezon"},
        {"unknown table", "# top\n[limit]\nassign = \"1wd\"\n", 2, "limit"},
        {"unknown key in an entry", "[category.quality]\nlabel = \"Q\"\ndepartmnet = \"QC\"\n", 3,
         "departmnet"},
        {"bad duration 3x", "[limits]\nassign = \"1wd\"\ninvestigate = \"3x\"\n", 3, "3x"},
        {"zero duration", "[limits]\n\nresolve = \"0wd\"\n", 3, "0wd"},
        {"bad duration in an entry", "[severity.general]\nlimits = { assign = \"1week\" }\n", 2,
         "1week"},
        {"overlapping hours",
         "[calendar]\nworkdays = [\"mon\"]\nhours = [\"09:00-13:00\", \"12:00-18:00\"]\n", 3,
         "12:00-18:00"},
        {"unknown weekday", "[calendar]\nworkdays = [\"monday\"]\n", 2, "monday"},
        {"unknown time zone", "# zone\n[organization]\ntimezone = \"Asia/Shangai\"\n", 3,
         "Asia/Shangai"},
        {"lower-case channel code", "[channel.phone]\nlabel = \"Phone\"\ncode = \"tel\"\n", 3,
         "tel"},
        {"duplicate channel code",
         "[channel.phone]\ncode = \"TEL\"\n\n[channel.hotline]\ncode = \"TEL\"\n", 5, "TEL"},
        {"bad date", "[calendar]\nholidays = [\n  2026-10-01,\n  2026-02-30,\n]\n", 4, ""},
        {"date as a string", "[calendar]\nholidays = [\"2026-10-01\"]\n", 2, ""},
        {"bad currency", "[organization]\ncurrency = \"yuan\"\n", 2, "yuan"},
        {"TOML syntax error", "[limits]\nassign = 1wd\n", 2, ""},
        {"hold in [limits]", "[limits]\nacknowledge = \"1h\"\nhold = \"5wd\"\n", 3,
         "[hold] review_after"},
        {"bad limit", "[kind.complaint]\nlimits = { acknowledge = \"nothing\" }\n", 2, "nothing"},
        {"rank a fraction", "[severity.general]\nrank = 1.5\n", 2, "rank"},
        {"unknown key in a site", "[site.north]\nlabel = \"N\"\ncode = \"N\"\n", 3, "code"},
        {"unknown escalation severity",
         "[escalation]\nreopen_threshold = 2\nseverity = \"critical\"\n", 3,
         "allowed: general (General), major (Major), urgent (Urgent)"},
        {"escalation without severity", "[escalation]\nreopen_threshold = 2\n", 1, "severity"},
        {"duplicate window in working days", "[duplicates]\nwindow = \"2wd\"\n", 2, "clock time"},
        {"bad time bar", "[acceptance]\ntime_bar = \"3 years\"\n", 2, "3 years"},
    };
    for (const auto& bad : cases) {
        CAPTURE(bad.name);
        Fixture f;
        const std::string file = f.write_file("bad.toml", bad.text);

        // A writing command with the bad policy: refused before anything is written.
        Result r = f.run({"--policy", file, "register", "--channel", "phone", "--category",
                          "product", "--customer", "x", "--summary", "y"});
        INFO("stderr: " << r.err);
        CHECK(r.status == 78);
        cli_test::check_error_shape(r);
        CHECK(reported_line(r, file) == bad.line);
        if (!bad.in_message.empty())
            CHECK(r.err_first_line().find(bad.in_message) != std::string::npos);
        CHECK_FALSE(cli_test::database_exists(f.db()));

        // The same file beside the database (a database on a server has
        // nothing beside it).
        if (cli_test::on_server()) continue;
        fs::rename(file, f.dir() / "complaints.toml");
        r = f.run(register_args());
        CHECK(r.status == 78);
        CHECK(reported_line(r, (f.dir() / "complaints.toml").string()) == bad.line);
        CHECK_FALSE(cli_test::database_exists(f.db()));
    }
}

TEST_CASE("policy: policy check FILE reports an invalid file with exit 78 and FILE:LINE:COLUMN") {
    Fixture f;
    const std::string file =
        f.write_file("bad.toml", "[limits]\nassign = \"1wd\"\ninvestigate = \"3x\"\n");
    Result r = f.run({"policy", "check", file});
    INFO("stderr: " << r.err);
    CHECK(r.status == 78);
    cli_test::check_error_shape(r);
    CHECK(reported_line(r, file) == 3);

    r = f.run({"policy", "check", (f.dir() / "missing.toml").string()});
    CHECK(r.status == 66);
    cli_test::check_error_shape(r);
    CHECK(r.err.find("missing.toml") != std::string::npos);
    CHECK_FALSE(cli_test::database_exists(f.db()));
}
