// Hostile and absurd input end to end (SPEC §12, "Bad input and hostile
// input"): times outside the years 1970-9999, whole numbers in other bases or
// out of range, policy paths that are not regular files, and a policy with
// 10,000 kinds.
#include "harness.hpp"

#include <doctest/doctest.h>

#include <fmt/format.h>

#include <sys/stat.h>
#include <unistd.h>
#include <filesystem>
#include <string>
#include <vector>

using cli_test::Fixture;
using cli_test::Result;

namespace {

// A policy whose calendar works one minute a day, with an assign limit of
// 100000 working hours: about six million days, far beyond the year 9999.
const std::string k_slow_policy = R"([calendar]
workdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
hours = ["09:00-09:01"]

[limits]
assign = "100000bh"
)";

// The refused command left the database as it was, and `list` and `report
// overdue` still read it.
void check_unchanged_and_readable(Fixture& f, const std::string& before) {
    CHECK(cli_test::snapshot(f.db()) == before);
    const Result list = f.run({"list"});
    INFO("list: " << list.err);
    CHECK(list.status == 0);
    const Result overdue = f.run({"report", "overdue"});
    INFO("report overdue: " << overdue.err);
    CHECK(overdue.status == 0);
}

}  // namespace

TEST_CASE("hostile input: --received-at before 1970 is refused with 64, nothing stored") {
    Fixture f;
    f.register_complaint();
    const std::string before = cli_test::snapshot(f.db());
    for (const std::string when :
         {"0000-01-01", "1969-12-31 23:59", "1970-01-01 07:59", "9999-12-31T23:59:59-01:00"}) {
        CAPTURE(when);
        const Result r = f.run({"register", "--channel", "phone", "--category", "product",
                                "--customer", "x", "--summary", "y", "--received-at", when});
        CHECK(r.status == 64);
        cli_test::check_error_shape(r);
        CHECK(r.err_first_line().find(when) != std::string::npos);
        check_unchanged_and_readable(f, before);
    }
    // The first second of 1970 in UTC is a time the tool keeps (08:00 in Shanghai).
    const Result r = f.run({"register", "--channel", "phone", "--category", "product", "--customer",
                            "x", "--summary", "y", "--received-at", "1970-01-01 08:00"});
    INFO(r.err);
    CHECK(r.status == 0);
    CHECK(f.run({"list"}).status == 0);
}

TEST_CASE("hostile input: COMPLAINTS_NOW out of range is 64; deadlines past 9999 are 65") {
    Fixture f;
    f.register_complaint();
    const std::string before = cli_test::snapshot(f.db());
    SUBCASE("a now before 1970") {
        const Result r = f.run({"register", "--channel", "phone", "--category", "product",
                                "--customer", "x", "--summary", "y"},
                               "", {{"COMPLAINTS_NOW", "0000-01-01"}});
        CHECK(r.status == 64);
        CHECK(r.err_first_line().find("COMPLAINTS_NOW") != std::string::npos);
    }
    SUBCASE("a now in 9999 whose deadlines fall after it") {
        const Result r = f.run({"register", "--channel", "phone", "--category", "product",
                                "--customer", "x", "--summary", "y"},
                               "", {{"COMPLAINTS_NOW", "9999-12-31 10:00"}});
        INFO(r.err);
        CHECK(r.status == 65);
        cli_test::check_error_shape(r);
        CHECK(r.err_first_line().find("would fall after the year 9999") != std::string::npos);
    }
    check_unchanged_and_readable(f, before);
}

TEST_CASE("hostile input: a policy limit that pushes a deadline past 9999 is 65, at once") {
    Fixture f;
    f.register_complaint();
    const std::string before = cli_test::snapshot(f.db());
    const std::string policy = f.write_file("slow.toml", k_slow_policy);
    // The walk through working time stops as soon as it passes the year 9999: this
    // returns instead of counting six million days (no time is asserted).
    const Result r = f.run({"--policy", policy, "register", "--channel", "phone", "--category",
                            "product", "--customer", "x", "--summary", "y"});
    INFO(r.err);
    CHECK(r.status == 65);
    cli_test::check_error_shape(r);
    CHECK(r.err_first_line() ==
          "complaints: error: the assign deadline would fall after the year 9999: the policy's "
          "limit '100000bh' is too long");
    check_unchanged_and_readable(f, before);
}

TEST_CASE("hostile input: whole-number options take plain decimal digits only") {
    Fixture f;
    const std::string id = f.register_complaint();
    for (const std::string bad : {"0x10", "1e3", " 5", "5 ", "+5", "-1", "0", "0b11", "0o7",
                                  "1_000", "99999999999999999999", "9223372036854775808"}) {
        CAPTURE(bad);
        const Result r = f.run({"list", "--limit", bad});
        CHECK(r.status == 64);
        cli_test::check_error_shape(r);
        CHECK(r.err_first_line() ==
              fmt::format("complaints: error: --limit wants a whole number from 1, got '{}'", bad));
    }
    for (const std::string bad : {"+5", "0x5", "-1", "4294967301", " 5"}) {
        CAPTURE(bad);
        const Result r = f.run({"revisit", id, "--result", "satisfied", "--score", bad});
        CHECK(r.status == 64);
        CHECK(r.err_first_line() ==
              fmt::format("complaints: error: --score wants a whole number from 1 to 5, got '{}'",
                          bad));
    }
    // Leading zeros are decimal, not octal: 010 is ten rows, not eight.
    for (int i = 0; i < 9; ++i) f.register_complaint();
    const Result r = f.run({"--format", "csv", "list", "--limit", "010"});
    INFO(r.err);
    REQUIRE(r.status == 0);
    CHECK(r.out_lines().size() == 11);  // the header and ten rows
    CHECK(f.run({"--format", "csv", "list", "--limit", "9223372036854775807"}).status == 0);
}

TEST_CASE("hostile input: a policy path that is not a readable regular file is 66") {
    Fixture f;
    f.register_complaint();
    const std::string before = cli_test::snapshot(f.db());
    const std::string dir = (f.dir() / "policy.d").string();
    std::filesystem::create_directory(dir);
    const std::string unreadable = f.write_file("secret.toml", "[organization]\nname = \"x\"\n");
    ::chmod(unreadable.c_str(), 0);
    struct Case {
        std::string name, path, reason;
    };
    std::vector<Case> cases = {
        {"a directory", dir, "not a regular file (a directory)"},
        {"a missing file", (f.dir() / "missing.toml").string(), "no such file"},
        {"a character device", "/dev/null", "not a regular file"},
    };
    // Root reads a file of mode 0 all the same.
    if (::geteuid() != 0) cases.push_back({"an unreadable file", unreadable, ""});
    for (const auto& c : cases) {
        CAPTURE(c.name);
        Result r = f.run({"policy", "check", c.path});
        CHECK(r.status == 66);
        cli_test::check_error_shape(r);
        CHECK(r.err_first_line().find("cannot read policy file '" + c.path + "'") !=
              std::string::npos);
        CHECK(r.err_first_line().find(c.reason) != std::string::npos);
        // --policy never falls back to the built-in policy either.
        r = f.run({"--policy", c.path, "list"});
        CHECK(r.status == 66);
        r = f.run({"--policy", c.path, "register", "--channel", "phone", "--category", "product",
                   "--customer", "x", "--summary", "y"});
        CHECK(r.status == 66);
        CHECK(cli_test::snapshot(f.db()) == before);
    }
    // Nor does complaints.toml beside the database when it is a directory (a
    // database on a server has nothing beside it).
    if (!cli_test::on_server()) {
        std::filesystem::create_directory(f.dir() / "complaints.toml");
        const Result r = f.run({"list"});
        CHECK(r.status == 66);
        CHECK(r.err_first_line().find("complaints.toml") != std::string::npos);
    }
}

TEST_CASE("hostile input: policy check of 10,000 kinds lists every one, in order") {
    Fixture f;
    constexpr int k_kinds = 10000;
    std::string text = "[kind.complaint]\ndefault = true\n\n";
    for (int i = 1; i < k_kinds; ++i)
        text += fmt::format(
            "[kind.k{:05}]\nlabel = \"种类 {}\"\nlimits = {{ assign = \"{}h\" }}\n\n", i, i, i);
    text += "[category.product]\n\n[severity.general]\n";
    const std::string file = f.write_file("many.toml", text);
    const Result r = f.run({"--format", "csv", "policy", "check", file});
    INFO(r.err.substr(0, 500));
    REQUIRE(r.status == 0);
    const auto rows = cli_test::parse_csv(r.out);
    REQUIRE(rows.size() == k_kinds + 1);
    CHECK(rows[0][0] == "kind");
    CHECK(rows[0][3] == "acknowledge");
    CHECK(rows[0][4] == "assign");
    CHECK(rows[1][0] == "complaint");
    for (int i = 1; i < k_kinds; ++i) {
        const auto& row = rows[static_cast<std::size_t>(i) + 1];
        REQUIRE(row.size() >= 5);
        if (row[0] != fmt::format("k{:05}", i) || row[1] != "product" || row[2] != "general" ||
            row[4] != fmt::format("{}h", i)) {
            FAIL_CHECK("row " << i << " is " << row[0] << "," << row[1] << "," << row[2] << ","
                              << row[4]);
            break;
        }
    }
    // The text output names every kind too (its table, then the summary).
    const Result text_out = f.run({"policy", "check", file});
    REQUIRE(text_out.status == 0);
    CHECK(text_out.out.find(fmt::format("k{:05}", k_kinds - 1)) != std::string::npos);
}
