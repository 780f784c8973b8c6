// Many processes registering at once (SPEC §4: numbers are unique even when
// many processes register at once; §7: concurrent invocations wait instead of
// failing).
#include "harness.hpp"

#include <doctest/doctest.h>

#include <regex>
#include <set>
#include <string>
#include <vector>

using cli_test::Fixture;
using cli_test::Process;
using cli_test::Result;

namespace {

// Starts `processes` shells at once, each running `per_process` registers in
// sequence (stopping at the first failure), and returns what each printed.
std::vector<Result> register_concurrently(Fixture& f, int processes, int per_process) {
    const std::string script =
        "i=0; while [ $i -lt " + std::to_string(per_process) +
        " ]; do \"$0\" register --channel phone --category product --customer \"c$1\" "
        "--summary \"s$1-$i\" || exit $?; i=$((i + 1)); done";
    std::vector<Process> started;
    for (int p = 0; p < processes; ++p)
        started.push_back(
            f.start("/bin/sh", {"-c", script, cli_test::binary(), std::to_string(p)}));
    std::vector<Result> results;
    for (const auto& process : started) results.push_back(Fixture::wait(process));
    return results;
}

void check_all_registered(Fixture& f, const std::vector<Result>& results, int per_process) {
    const std::regex number{R"(20261123-TEL-\d{3,})"};
    std::set<std::string> printed;
    for (const auto& r : results) {
        INFO("stderr: " << r.err);
        CHECK(r.status == 0);
        const auto lines = r.out_lines();
        CHECK(lines.size() == static_cast<std::size_t>(per_process));
        for (const auto& line : lines) {
            CHECK(std::regex_match(line, number));
            printed.insert(line);
        }
    }
    const std::size_t total = results.size() * static_cast<std::size_t>(per_process);
    CHECK(printed.size() == total);
    const auto stored = cli_test::complaint_ids(f.db());
    CHECK(stored.size() == total);
    CHECK(std::set<std::string>(stored.begin(), stored.end()) == printed);
    CHECK(cli_test::count_rows(f.db(), "event") == static_cast<long long>(total));
    // Serials per date and channel: exactly 1..total.
    std::set<std::string> expected;
    for (std::size_t i = 1; i <= total; ++i) {
        char buffer[32];
        std::snprintf(buffer, sizeof buffer, "20261123-TEL-%03d", static_cast<int>(i));
        expected.insert(buffer);
    }
    CHECK(printed == expected);
}

}  // namespace

TEST_CASE("concurrency: 8 processes registering 25 complaints each get 200 distinct numbers") {
    Fixture f;
    REQUIRE(f.run({"init"}).status == 0);
    const auto results = register_concurrently(f, 8, 25);
    check_all_registered(f, results, 25);
}

// Regression (was intermittent): when the database does not exist
// yet, a process that loses the race to create it may fail with exit 73
// "cannot create the database '...': database is locked" instead of waiting.
// Many short rounds make the race likely.
TEST_CASE("concurrency: processes racing to create the database all succeed") {
    constexpr int k_rounds = 40;
    int failed_rounds = 0;
    std::string first_failure;
    for (int round = 0; round < k_rounds; ++round) {
        Fixture f;
        const auto results = register_concurrently(f, 8, 1);
        std::set<std::string> numbers;
        bool failed = false;
        for (const auto& r : results) {
            if (r.status != 0) {
                failed = true;
                if (first_failure.empty())
                    first_failure = "exit " + std::to_string(r.status) + ": " + r.err;
            }
            for (const auto& line : r.out_lines()) numbers.insert(line);
        }
        if (!failed && numbers.size() != results.size()) {
            failed = true;
            if (first_failure.empty()) first_failure = "duplicate numbers";
        }
        if (failed) ++failed_rounds;
    }
    INFO("first failure: " << first_failure);
    CHECK(failed_rounds == 0);
}
