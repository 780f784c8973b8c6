// Migration from schema version 5 (tests/fixtures/v5.db, made by commit
// e8fe57f with tests/fixtures/make.sh ... v5) to version 6 (SPEC §12): every
// row comes through, every existing event is chained, and the migrated
// database verifies; the proposals, approvals, evidence and edits of version 5
// replay to the stored complaints.
#include "harness.hpp"
#include "migration_support.hpp"
#include "steps.hpp"

#include <doctest/doctest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <filesystem>
#include <regex>
#include <string>
#include <vector>

using cli_test::Fixture;
using cli_test::Result;
using cli_test::run_ok;
using migration_support::column;

namespace fs = std::filesystem;

namespace {

void use_v5(Fixture& f) {
    migration_support::use_fixture(f, "v5.db");
}

const char* k_old_event_columns =
    "SELECT seq || '|' || complaint || '|' || type || '|' || at || '|' || recorded_at || '|' || "
    "actor || '|' || details FROM event ORDER BY seq";

}  // namespace

TEST_CASE("migration: the v5 fixture holds version 5 with evidence and approvals" *
          doctest::test_suite("sqlite")) {
    Fixture f;
    use_v5(f);
    CHECK(column(f.db(), "PRAGMA user_version") == std::vector<std::string>{"5"});
    CHECK(column(f.db(), "SELECT count(*) FROM complaint") == std::vector<std::string>{"14"});
    CHECK(column(f.db(), "SELECT count(*) FROM evidence") == std::vector<std::string>{"2"});
    CHECK(column(f.db(), "SELECT status FROM complaint WHERE id = '20261123-TEL-001'") ==
          std::vector<std::string>{"awaiting_approval"});
    CHECK(column(f.db(), "SELECT approved_by FROM complaint WHERE id = '20261123-WEB-001'") ==
          std::vector<std::string>{"wu"});
}

TEST_CASE("migration: version 5 to 6 chains every event and the result verifies" *
          doctest::test_suite("sqlite")) {
    Fixture f;
    use_v5(f);
    const auto events_before = column(f.db(), k_old_event_columns);
    REQUIRE(events_before.size() > 40);
    // A changing command migrates (a reading one reads a migrated copy).
    run_ok(f, {"init"});
    // Version 6 and every later step (version 7: covering indexes; 8: duplicate keys).
    CHECK(column(f.db(), "PRAGMA user_version") == std::vector<std::string>{"8"});
    CHECK(column(f.db(), k_old_event_columns) == events_before);
    CHECK(column(f.db(), "SELECT count(*) FROM event WHERE hash IS NULL OR digests IS NULL") ==
          std::vector<std::string>{"0"});
    const Result r = run_ok(f, {"verify"});
    CHECK(std::regex_match(r.out,
                           std::regex("ok: 14 complaints, " + std::to_string(events_before.size()) +
                                      " events, head [0-9a-f]{64}\n")));
    // The personal values of the edit of 20261123-EML-001 have digests.
    CHECK(column(f.db(),
                 "SELECT json_type(digests, '$./changes/0/to') FROM event WHERE type = "
                 "'edit' AND details LIKE '%customer_contact%'") ==
          std::vector<std::string>{"text"});
    // The log stays append-only after the migration rewrote it once.
    const Result del =
        f.run_program("/usr/bin/sqlite3", {f.db(), "DELETE FROM event WHERE seq = 1"});
    CHECK(del.status != 0);
    CHECK(del.err.find("append-only") != std::string::npos);
    // And new events join the chain.
    run_ok(f, {"--as", "wu", "approve", "20261123-TEL-001"});
    run_ok(f, {"verify"});
}
