// Migration from schema version 7 (tests/fixtures/v7.db, made by a build of
// commit a633421 with tests/fixtures/make.sh ... v7) to version 8 (SPEC §13,
// "no report grows with the database when its answer does not"): every
// complaint gets the keys of the duplicate search (its normalised contact and
// order), the partial indexes of the deadlines not met keep the complaints
// whose clock runs, every row and report stays as it was, the chain verifies,
// and a new registration finds its duplicates among the migrated complaints.
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

void use_v7(Fixture& f) {
    migration_support::use_fixture(f, "v7.db");
}

const std::vector<std::string> k_open_indexes = {
    "complaint_acknowledge_open", "complaint_assign_open",  "complaint_hold_open",
    "complaint_investigate_open", "complaint_resolve_open", "complaint_revisit_open"};

std::vector<std::string> index_conditions(const std::string& path) {
    std::vector<std::string> out;
    for (const auto& name : k_open_indexes)
        out.push_back(
            column(path, "SELECT sql FROM sqlite_schema WHERE name = '" + name + "'").at(0));
    return out;
}

}  // namespace

TEST_CASE("migration: the v7 fixture holds version 7, its open indexes with every complaint" *
          doctest::test_suite("sqlite")) {
    Fixture f;
    use_v7(f);
    CHECK(column(f.db(), "PRAGMA user_version") == std::vector<std::string>{"7"});
    CHECK(column(f.db(), "SELECT count(*) FROM complaint") == std::vector<std::string>{"14"});
    CHECK(column(f.db(),
                 "SELECT count(*) FROM pragma_table_info('complaint') "
                 "WHERE name IN ('contact_key', 'order_key')") == std::vector<std::string>{"0"});
    for (const auto& sql : index_conditions(f.db())) {
        CAPTURE(sql);
        CHECK(sql.ends_with("_met_at IS NULL"));
    }
    // Version 7 kept the rejected and withdrawn complaints in them for good.
    CHECK(column(f.db(),
                 "SELECT count(*) FROM complaint INDEXED BY complaint_resolve_open "
                 "WHERE resolve_met_at IS NULL AND status IN ('rejected', 'withdrawn')") ==
          std::vector<std::string>{"2"});
}

TEST_CASE("migration: version 7 to 8 adds the duplicate keys and keeps every row and report" *
          doctest::test_suite("sqlite")) {
    Fixture f;
    use_v7(f);
    const auto tables = column_lists(f.db());
    const auto rows_before = every_row(f.db(), tables);
    REQUIRE(rows_before.size() > 60);
    std::vector<std::string> reports_before;
    for (const auto& args : k_reports) reports_before.push_back(run_ok(f, args).out);

    run_ok(f, {"init"});
    CHECK(column(f.db(), "PRAGMA user_version") == std::vector<std::string>{"8"});
    CHECK(every_row(f.db(), tables) == rows_before);  // the columns of version 7
    CHECK(column(f.db(), "PRAGMA integrity_check") == std::vector<std::string>{"ok"});

    // The keys, from the stored values (the anonymized contact keeps too few
    // digits to compare: none).
    CHECK(column(f.db(),
                 "SELECT id || ' ' || coalesce(contact_key, '-') || ' ' || "
                 "coalesce(order_key, '-') FROM complaint WHERE contact_key IS NOT NULL "
                 "OR order_key IS NOT NULL OR anonymized_at IS NOT NULL ORDER BY row_id") ==
          std::vector<std::string>{
              "20261116-TEL-001 - -", "20261117-WEB-001 - 7781",
              "20261118-EML-001 li.lei@example.com -", "20261119-TEL-001 13900000000 -",
              "20261116-SOC-001 13700000000 -", "20261120-LTR-001 - a-100",
              "20261121-TEL-001 13600000000 -", "20261121-WEB-001 - 7781",
              "20261123-TEL-001 13500000000 8812", "20261123-WEB-001 feng.yu@example.com -",
              "20261123-EML-001 13400001111 b-7"});

    // The open indexes: only the complaints whose clock of that milestone runs.
    for (const auto& sql : index_conditions(f.db())) {
        CAPTURE(sql);
        CHECK(sql.find("_met_at IS NULL AND status IN ('") != std::string::npos);
        CHECK(sql.find("'rejected'") == std::string::npos);
        CHECK(sql.find("'withdrawn'") == std::string::npos);
    }
    CHECK(column(f.db(),
                 "SELECT count(*) FROM complaint INDEXED BY complaint_resolve_open "
                 "WHERE resolve_met_at IS NULL AND status IN ('registered', 'assigned', "
                 "'investigating', 'awaiting_approval', 'resolved')") ==
          std::vector<std::string>{"7"});

    const Result verified = run_ok(f, {"verify"});
    CHECK(std::regex_match(verified.out,
                           std::regex("ok: 14 complaints, 52 events, head [0-9a-f]{64}\n")));
    for (std::size_t i = 0; i < k_reports.size(); ++i) {
        CAPTURE(k_reports[i]);
        const Result r = run_ok(f, k_reports[i]);
        CHECK(r.err.empty());
        CHECK(r.out == reports_before[i]);
    }
}

TEST_CASE("migration: after version 8, register finds its duplicates among migrated complaints" *
          doctest::test_suite("sqlite")) {
    struct Case {
        std::vector<std::string> args;
        std::string warning;  // empty: none
    };
    const std::vector<Case> cases = {
        {{"--category", "product", "--contact", "139-0000-0000"},
         "complaints: warning: possible duplicate of 20261119-TEL-001 (same contact)\n"},
        {{"--category", "delivery", "--contact", " Li.Lei@Example.com"},
         "complaints: warning: possible duplicate of 20261118-EML-001 (same contact)\n"},
        // The open one, not the rejected one of the same order.
        {{"--category", "billing", "--order", "7781"},
         "complaints: warning: possible duplicate of 20261117-WEB-001 (same order)\n"},
        {{"--category", "other", "--order", "a-100"},
         "complaints: warning: possible duplicate of 20261120-LTR-001 (same order)\n"},
        // Another category; a closed complaint; too few digits.
        {{"--category", "billing", "--contact", "13900000000"}, ""},
        {{"--category", "billing", "--contact", "feng.yu@example.com"}, ""},
        {{"--category", "product", "--contact", "0000"}, ""},
    };
    for (const auto& c : cases) {
        CAPTURE(c.args);
        Fixture f;
        use_v7(f);
        std::vector<std::string> args = {"register", "--channel", "phone", "--customer",
                                         "张三",     "--summary", "又来了"};
        args.insert(args.end(), c.args.begin(), c.args.end());
        const Result r = run_ok(f, args);
        CHECK(r.err == c.warning);
    }
}
