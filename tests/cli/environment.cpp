// Global options and their environment variables (SPEC §1), storage promises
// that show from outside (SPEC §7), and output errors.
#include "harness.hpp"

#include <doctest/doctest.h>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <filesystem>
#include <string>
#include <vector>

using cli_test::Fixture;
using cli_test::Result;

namespace fs = std::filesystem;

namespace {

std::vector<std::string> register_args() {
    return {"register",   "--channel", "phone",     "--category", "product",
            "--customer", "x",         "--summary", "y"};
}

// Every event row, in order, as text.
std::vector<std::string> event_rows(const std::string& db) {
    std::vector<std::string> rows;
    for (const auto& columns :
         cli_test::sql_rows(db,
                            "SELECT seq, complaint, type, at, recorded_at, actor, details FROM "
                            "event ORDER BY seq")) {
        std::string row;
        for (const auto& value : columns) row += value + "|";
        rows.push_back(row);
    }
    return rows;
}

}  // namespace

TEST_CASE("environment: without --db or COMPLAINTS_DB the database is complaints.db here" *
          doctest::test_suite("sqlite")) {
    Fixture f;
    const Result r = f.run(register_args(), "", {{"COMPLAINTS_DB", std::nullopt}});
    INFO("stderr: " << r.err);
    REQUIRE(r.status == 0);
    CHECK(fs::exists(f.dir() / "complaints.db"));
}

TEST_CASE("environment: --db wins over COMPLAINTS_DB") {
    Fixture f;
    const std::string other = (f.dir() / "other.db").string();
    Result r = f.run({"--db", other, "register", "--channel", "phone", "--category", "product",
                      "--customer", "x", "--summary", "y"});
    REQUIRE(r.status == 0);
    CHECK(fs::exists(other));
    CHECK_FALSE(cli_test::database_exists(f.db()));
    r = f.run({"--db", other, "list"});
    CHECK(r.status == 0);
    CHECK(r.out.find("20261123-TEL-001") != std::string::npos);
}

TEST_CASE("environment: the actor is --as, else COMPLAINTS_USER, else USER, else unknown") {
    Fixture f;
    const auto registered_by = [&](const std::vector<std::string>& global,
                                   const cli_test::EnvChanges& env) {
        std::vector<std::string> args = global;
        args.insert(args.end(), {"--format", "json"});
        const auto rest = register_args();
        args.insert(args.end(), rest.begin(), rest.end());
        const Result r = f.run(args, "", env);
        REQUIRE(r.status == 0);
        return cli_test::parse_json(r.out)["registered_by"].get<std::string>();
    };
    CHECK(registered_by({}, {}) == "tester");
    CHECK(registered_by({"--as", "li"}, {}) == "li");
    CHECK(registered_by({}, {{"COMPLAINTS_USER", std::nullopt}, {"USER", "alice"}}) == "alice");
    CHECK(registered_by({}, {{"COMPLAINTS_USER", "bob"}, {"USER", "alice"}}) == "bob");
    CHECK(registered_by({}, {{"COMPLAINTS_USER", std::nullopt}, {"USER", std::nullopt}}) ==
          "unknown");
}

TEST_CASE("environment: the database is SQLite in WAL mode with a schema version" *
          doctest::test_suite("sqlite")) {
    Fixture f;
    f.register_complaint();
    SQLite::Database db(f.db(), SQLite::OPEN_READONLY);
    CHECK(db.execAndGet("PRAGMA journal_mode").getString() == "wal");
    CHECK(db.execAndGet("PRAGMA user_version").getInt() >= 1);
}

TEST_CASE("environment: events are appended, never changed") {
    Fixture f;
    const auto id = f.register_complaint({"--received-at", "2026-11-20 15:00"});
    const std::vector<std::vector<std::string>> steps = {
        {"assign", id, "--to", "zhang"},
        {"assign", id, "--to", "li"},
        {"investigate", id, "--finding", "a"},
        {"resolve", id, "--plan", "p", "--outcome", "none"},
        {"revisit", id, "--result", "unsatisfied"},
        {"resolve", id, "--plan", "q", "--outcome", "refund", "--amount", "1"},
        {"revisit", id, "--result", "satisfied", "--score", "3"},
    };
    std::vector<std::string> before = event_rows(f.db());
    REQUIRE(before.size() == 1);
    for (const auto& step : steps) {
        CAPTURE(step.front());
        REQUIRE(f.run(step).status == 0);
        const auto after = event_rows(f.db());
        REQUIRE(after.size() == before.size() + 1);
        CHECK(std::equal(before.begin(), before.end(), after.begin()));
        before = after;
    }
    // A refused command adds no event.
    CHECK(f.run({"assign", id, "--to", "x"}).status == 65);
    CHECK(event_rows(f.db()) == before);
}

TEST_CASE("environment: a failed write to standard output is exit 74") {
    Fixture f;
    const auto id = f.register_complaint();
    for (const std::string& command :
         std::vector<std::string>{"list", "show " + id, "report overdue --within 2wd"}) {
        CAPTURE(command);
        const Result r = f.run_program(
            "/bin/sh", {"-c", "exec \"$0\" " + command + " > /dev/full", cli_test::binary()});
        CHECK(r.status == 74);
        CHECK(r.err.rfind("complaints: error: ", 0) == 0);
    }
}

TEST_CASE("environment: a malformed COMPLAINTS_BUSY_TIMEOUT is exit 64 and changes nothing") {
    Fixture f;
    const std::string id = f.register_complaint();
    const std::string before = cli_test::snapshot(f.db());
    for (const char* value : {"soon", "-1", "5s", "3600001"}) {
        CAPTURE(std::string(value));
        for (const std::vector<std::string>& args :
             {std::vector<std::string>{"list"}, std::vector<std::string>{"assign", id, "--to", "x"},
              register_args()}) {
            const Result r = f.run(args, "", {{"COMPLAINTS_BUSY_TIMEOUT", value}});
            CHECK(r.status == 64);
            cli_test::check_error_shape(r);
            CHECK(r.err_first_line() ==
                  std::string("complaints: error: bad COMPLAINTS_BUSY_TIMEOUT '") + value +
                      "': give milliseconds, e.g. 5000");
        }
    }
    CHECK(cli_test::snapshot(f.db()) == before);
    // Empty means the default.
    CHECK(f.run({"list"}, "", {{"COMPLAINTS_BUSY_TIMEOUT", ""}}).status == 0);
}
