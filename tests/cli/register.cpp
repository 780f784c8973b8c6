// `register` (SPEC §4, §5): the number and nothing else on standard output,
// serials per date and channel, --ref idempotency, --description from stdin.
#include "harness.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

using cli_test::Fixture;
using cli_test::Result;

namespace {

std::vector<std::string> register_args(const std::string& channel,
                                       const std::string& received = "") {
    std::vector<std::string> args{"register",   "--channel", channel,     "--category",  "product",
                                  "--customer", "Wang Fang", "--summary", "Kettle leaks"};
    if (!received.empty()) args.insert(args.end(), {"--received-at", received});
    return args;
}

}  // namespace

TEST_CASE("register: prints only the number and a newline; creating the database is a notice") {
    Fixture f;
    Result r = f.run(register_args("phone"));
    CHECK(r.status == 0);
    CHECK(r.out == "20261123-TEL-001\n");
    CHECK(r.err.find("created database") != std::string::npos);
    CHECK(r.err.find("error") == std::string::npos);
    CHECK(cli_test::database_exists(f.db()));

    r = f.run(register_args("phone"));
    CHECK(r.status == 0);
    CHECK(r.out == "20261123-TEL-002\n");
    CHECK(r.err.empty());
    CHECK(cli_test::count_rows(f.db(), "complaint") == 2);
    CHECK(cli_test::count_rows(f.db(), "event") == 2);
}

TEST_CASE("register: numbers are YYYYMMDD-CODE-NNN with a serial per local date and channel") {
    Fixture f;
    const std::vector<std::pair<std::vector<std::string>, std::string>> steps = {
        {register_args("phone"), "20261123-TEL-001"},
        {register_args("phone"), "20261123-TEL-002"},
        {register_args("email"), "20261123-EML-001"},
        {register_args("phone", "2026-11-20 15:00"), "20261120-TEL-001"},
        {register_args("phone"), "20261123-TEL-003"},
        {register_args("email", "2026-11-20 15:00"), "20261120-EML-001"},
        // 20:00 UTC on the 19th is 04:00 on the 20th in Shanghai: the local date counts.
        {register_args("phone", "2026-11-19T20:00:00Z"), "20261120-TEL-002"},
        {register_args("phone", "2026-11-20T23:59:59+08:00"), "20261120-TEL-003"},
        {register_args("phone", "2026-11-20T16:30:00Z"), "20261121-TEL-001"},
        {register_args("web"), "20261123-WEB-001"},
        {register_args("letter"), "20261123-LTR-001"},
        {register_args("visit"), "20261123-VIS-001"},
        {register_args("social"), "20261123-SOC-001"},
        {register_args("regulator"), "20261123-REG-001"},
        {register_args("regulator"), "20261123-REG-002"},
    };
    for (const auto& [args, number] : steps) {
        CAPTURE(number);
        const Result r = f.run(args);
        INFO("stderr: " << r.err);
        CHECK(r.status == 0);
        CHECK(r.out == number + "\n");
    }
    CHECK(cli_test::count_rows(f.db(), "complaint") == static_cast<long long>(steps.size()));
}

TEST_CASE("register: --ref makes registration idempotent") {
    Fixture f;
    const auto first = f.register_complaint({"--ref", "WEB-ORDER-42"});
    const std::string before = cli_test::snapshot(f.db());

    Result r = f.run({"register", "--channel", "email", "--category", "billing", "--customer",
                      "Other", "--summary", "A different summary", "--ref", "WEB-ORDER-42"});
    CHECK(r.status == 0);
    CHECK(r.out == first + "\n");
    CHECK(r.err.find(first) != std::string::npos);
    CHECK(r.err.find("WEB-ORDER-42") != std::string::npos);
    CHECK(r.err.rfind("complaints: ", 0) == 0);
    CHECK(r.err.find("error") == std::string::npos);
    CHECK(cli_test::snapshot(f.db()) == before);

    // JSON gives the existing complaint, unchanged.
    r = f.run({"--format", "json", "register", "--channel", "phone", "--category", "product",
               "--customer", "x", "--summary", "again", "--ref", "WEB-ORDER-42"});
    CHECK(r.status == 0);
    const auto j = cli_test::parse_json(r.out);
    CHECK(j["id"] == first);
    CHECK(j["summary"] == "Kettle leaks");
    CHECK(j["ref"] == "WEB-ORDER-42");
    CHECK(cli_test::snapshot(f.db()) == before);

    // Another key registers a new complaint.
    const auto second = f.register_complaint({"--ref", "WEB-ORDER-43"});
    CHECK(second != first);
    CHECK(cli_test::count_rows(f.db(), "complaint") == 2);
}

TEST_CASE("register: --description - reads standard input") {
    Fixture f;
    const std::string text = "line one, 水壶漏水\nline two \"quoted\"\n";
    Result r = f.run({"register", "--channel", "phone", "--category", "product", "--customer", "x",
                      "--summary", "y", "--description", "-"},
                     text);
    INFO("stderr: " << r.err);
    REQUIRE(r.status == 0);
    const std::string id = r.out.substr(0, r.out.size() - 1);
    std::string stored = f.show(id)["description"].get<std::string>();
    while (!stored.empty() && stored.back() == '\n') stored.pop_back();
    CHECK(stored == "line one, 水壶漏水\nline two \"quoted\"");

    // Without '-', standard input is not read.
    r = f.run({"register", "--channel", "phone", "--category", "product", "--customer", "x",
               "--summary", "y", "--description", "given"},
              "not this");
    REQUIRE(r.status == 0);
    CHECK(f.show(r.out.substr(0, r.out.size() - 1))["description"] == "given");
}
