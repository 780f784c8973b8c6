// Migration from schema version 6 (tests/fixtures/v6.db, made by main's build
// of commit 705a58a with tests/fixtures/make.sh ... v6) to version 7 (SPEC
// §13), and on to the current version: the indexes that `report trend` counts
// from become covering ones; every row comes through unchanged, the chain and
// the anonymized complaint still verify, the reports say what they said, and
// the new indexes answer.
#include "harness.hpp"
#include "migration_support.hpp"

#include <doctest/doctest.h>

#include <regex>
#include <string>
#include <vector>

using cli_test::Fixture;
using cli_test::Result;
using migration_support::column;
using migration_support::column_lists;
using migration_support::every_row;
using migration_support::k_reports;
using migration_support::run_ok;

namespace {

void use_v6(Fixture& f) {
    migration_support::use_fixture(f, "v6.db");
}

}  // namespace

TEST_CASE("migration: the v6 fixture holds version 6 with the chain and an anonymized complaint" *
          doctest::test_suite("sqlite")) {
    Fixture f;
    use_v6(f);
    CHECK(column(f.db(), "PRAGMA user_version") == std::vector<std::string>{"6"});
    CHECK(column(f.db(), "SELECT count(*) FROM complaint") == std::vector<std::string>{"14"});
    CHECK(column(f.db(), "SELECT count(*) FROM event WHERE hash IS NULL") ==
          std::vector<std::string>{"0"});
    CHECK(column(f.db(), "SELECT customer_name FROM complaint WHERE anonymized_at IS NOT NULL") ==
          std::vector<std::string>{"王*"});
    CHECK(column(f.db(), "SELECT sql FROM sqlite_schema WHERE name = 'complaint_resolved'") ==
          std::vector<std::string>{
              "CREATE INDEX complaint_resolved ON complaint (resolution_at) WHERE resolution_at "
              "IS NOT NULL"});
}

TEST_CASE("migration: version 6 to 7 and on keeps every row and report, and the result verifies" *
          doctest::test_suite("sqlite")) {
    Fixture f;
    use_v6(f);
    const auto tables = column_lists(f.db());
    const auto rows_before = every_row(f.db(), tables);
    REQUIRE(rows_before.size() > 60);
    // What a reading command says from the file as it is (through a migrated
    // copy in memory, which already has the new indexes) …
    std::vector<std::string> reports_before;
    for (const auto& args : k_reports) reports_before.push_back(run_ok(f, args).out);

    // … a changing command migrates the file itself.
    run_ok(f, {"init"});
    CHECK(column(f.db(), "PRAGMA user_version") == std::vector<std::string>{"8"});
    CHECK(every_row(f.db(), tables) == rows_before);  // the columns of version 6
    CHECK(column(f.db(), "PRAGMA integrity_check") == std::vector<std::string>{"ok"});
    CHECK(column(f.db(),
                 "SELECT name FROM sqlite_schema WHERE type = 'index' AND name IN "
                 "('complaint_resolved', 'complaint_closed') ORDER BY name") ==
          std::vector<std::string>{"complaint_closed", "complaint_resolved"});
    CHECK(column(f.db(),
                 "SELECT group_concat(name, ' ') FROM pragma_index_info('complaint_resolved')") ==
          std::vector<std::string>{"resolution_at status resolve_met_at resolve_due category"});
    CHECK(column(f.db(),
                 "SELECT group_concat(name, ' ') FROM pragma_index_info('complaint_closed')") ==
          std::vector<std::string>{"closed_at category"});
    const Result verified = run_ok(f, {"verify"});
    CHECK(std::regex_match(verified.out,
                           std::regex("ok: 14 complaints, 52 events, head [0-9a-f]{64}\n")));
    for (std::size_t i = 0; i < k_reports.size(); ++i) {
        CAPTURE(k_reports[i]);
        const Result r = run_ok(f, k_reports[i]);
        CHECK(r.err.empty());  // no more "read through a migrated copy"
        CHECK(r.out == reports_before[i]);
    }
    // New events join the chain.
    run_ok(f, {"--as", "wu", "approve", "20261123-TEL-001"});
    run_ok(f, {"verify"});
}
