// Opening databases written by earlier versions (docs/schema.md, "Schema
// version and migrations"). tests/fixtures/v1.db was written by the tool at
// schema version 1 (commit 73f62c7), tests/fixtures/v2.db at version 2
// (commit c9368f9), tests/fixtures/v3.db at version 3 (commit bfd2cce) and
// tests/fixtures/v4.db at version 4 (commit c024986), all by
// tests/fixtures/make.sh with the same commands (v3.db with `more`: two
// complaints F and G besides, see below; v4.db with `v4`: F, G and four more,
// H to K). Each test copies
// a fixture alone (no -wal or -shm file) into its own directory, so the
// committed files never change.
//
// What make.sh recorded (built-in policy, Asia/Shanghai; now is Monday
// 2026-11-23 10:00 here, 02:00Z):
//
// A 20261116-TEL-001 rec Mon 11-16 09:20, assigned to zhang (QC) 10:00, investigated
//                    (complete) 11-17 14:00, resolved 11-18 10:00 with a refund of 128.50,
//                    revisited satisfied (5) 11-19 09:30: closed. --ref crm-5531.
// B 20261117-WEB-001 major, rec Tue 11-17 11:00 by wu, assigned to chen (Finance) 11:30,
//                    resolved 11-18 09:00, revisited unsatisfied (2) 11-19 10:00: reopened
//                    (resolve due Tue 11-24 18:00); a finding 11-20 15:00: investigating.
// C 20261118-EML-001 rec Wed 11-18 16:00, never assigned: assign due 11-19 18:00, overdue.
// D 20261119-TEL-001 rec Thu 11-19 09:00, assigned to wang (QC) 10:00, reassigned to he
//                    11-20 09:30, a finding 11-20 16:00: investigating.
// E 20261120-VIS-001 rec Fri 11-20 14:00, assigned to liu (RETAIL) 15:00, investigated
//                    17:00, resolved 17:30 with an apology; one unreachable revisit
//                    Mon 11-23 09:30: resolved, revisit due 11-23 18:00.
// v3.db only:
// G 20261116-SOC-001 rec Mon 11-16 13:00, assigned to zhang (QC) 14:00, resolved 11-17 10:00
//                    with a refund of 50.00, revisited unsatisfied 11-18 10:00 (reopened),
//                    resolved 11-19 10:00 with a compensation of 30.00: resolved, 80.00 in all.
// F 20261120-LTR-001 rec Fri 11-20 10:00, assigned to wang (Finance) 11:00: assigned.
// v4.db only (the steps of SPEC 10):
// H 20261121-TEL-001 acknowledged by a contact, assigned, on hold.
// I 20261121-WEB-001 rejected as a duplicate of B.
// J 20261122-TEL-001 withdrawn after assignment.
// K 20261122-EML-001 registered as general, edited to major.
#include "harness.hpp"

#include <doctest/doctest.h>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

using cli_test::Fixture;
using cli_test::Result;
using nlohmann::json;

namespace fs = std::filesystem;

namespace {

constexpr int k_current_version = 8;

const std::string A = "20261116-TEL-001";
const std::string B = "20261117-WEB-001";
const std::string C = "20261118-EML-001";
const std::string D = "20261119-TEL-001";
const std::string E = "20261120-VIS-001";
const std::string F = "20261120-LTR-001";
const std::string G = "20261116-SOC-001";
const std::string H = "20261121-TEL-001";
const std::string I = "20261121-WEB-001";
const std::string J = "20261122-TEL-001";
const std::string K = "20261122-EML-001";

const std::vector<std::string> k_fixtures = {"v1", "v2"};

fs::path fixture_file(const std::string& name) {
    return cli_test::source_dir() / "tests/fixtures" / (name + ".db");
}

// Copies the fixture `name` to the test's database. Only the file itself: it
// holds the whole database (make.sh checkpointed it), so a -wal file beside
// it means someone opened the committed fixture in place.
void use_fixture(Fixture& f, const std::string& name) {
    const fs::path from = fixture_file(name);
    REQUIRE_MESSAGE(fs::is_regular_file(from), "missing fixture " << from);
    REQUIRE_FALSE(fs::exists(from.string() + "-wal"));
    fs::copy_file(from, f.db(), fs::copy_options::overwrite_existing);
    fs::permissions(f.db(), fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::add);
}

// Rows of a result, printed in full when a check fails.
struct Rows : std::vector<std::vector<std::string>> {
    using vector::vector;
};

std::ostream& operator<<(std::ostream& out, const Rows& rows) {
    for (const auto& row : rows) {
        out << "\n  ";
        for (const auto& value : row) out << value << (&value == &row.back() ? "" : " | ");
    }
    return out;
}

// Every row `sql` gives on the database at `path`: NULL as "NULL", any other
// value as its text.
Rows rows(const std::string& path, const std::string& sql) {
    SQLite::Database db(path, SQLite::OPEN_READONLY);
    SQLite::Statement s(db, sql);
    Rows out;
    while (s.executeStep()) {
        std::vector<std::string> row;
        for (int i = 0; i < s.getColumnCount(); ++i)
            row.push_back(s.getColumn(i).isNull() ? "NULL" : s.getColumn(i).getString());
        out.push_back(std::move(row));
    }
    return out;
}

int user_version(const std::string& path) {
    SQLite::Database db(path, SQLite::OPEN_READONLY);
    return db.execAndGet("PRAGMA user_version").getInt();
}

std::vector<std::string> column_names(const std::string& path, const std::string& table) {
    std::vector<std::string> names;
    for (const auto& row : rows(path, "SELECT name FROM pragma_table_info('" + table + "')"))
        names.push_back(row.at(0));
    return names;
}

std::vector<std::string> view_names(const std::string& path) {
    std::vector<std::string> names;
    for (const auto& row : rows(path,
                                "SELECT name FROM sqlite_master WHERE type = 'view' "
                                "ORDER BY name"))
        names.push_back(row.at(0));
    return names;
}

bool contains(const std::vector<std::string>& list, const std::string& item) {
    return std::find(list.begin(), list.end(), item) != list.end();
}

// Runs a command that must succeed.
Result ok(Fixture& f, const std::vector<std::string>& args) {
    const Result r = f.run(args);
    INFO("command: " << args.front() << " stderr: " << r.err);
    REQUIRE(r.status == 0);
    return r;
}

json ok_json(Fixture& f, std::vector<std::string> args) {
    args.insert(args.begin(), {"--format", "json"});
    return cli_test::parse_json(ok(f, args).out);
}

// A milestone as `show --format json` gives it; nullptr for null.
struct Milestone {
    const char* due;
    const char* met_at;
    const char* state;
};

void check_milestone(const json& j, const std::string& name, const Milestone& m) {
    CAPTURE(name);
    const json& got = j.at("milestones").at(name);
    if (m.due)
        CHECK(got.at("due") == m.due);
    else
        CHECK(got.at("due").is_null());
    if (m.met_at)
        CHECK(got.at("met_at") == m.met_at);
    else
        CHECK(got.at("met_at").is_null());
    CHECK(got.at("state") == m.state);
}

}  // namespace

TEST_CASE("migration: the fixtures hold the schema version they were made with" *
          doctest::test_suite("sqlite")) {
    Fixture f;
    SUBCASE("v1: version 1, without last_event_at and views") {
        use_fixture(f, "v1");
        CHECK(user_version(f.db()) == 1);
        CHECK_FALSE(contains(column_names(f.db(), "complaint"), "last_event_at"));
        CHECK(view_names(f.db()).empty());
    }
    SUBCASE("v2: version 2, with last_event_at, the views and the status CHECK") {
        use_fixture(f, "v2");
        CHECK(user_version(f.db()) == 2);
        CHECK(contains(column_names(f.db(), "complaint"), "last_event_at"));
        CHECK(view_names(f.db()) ==
              std::vector<std::string>{"complaint_facts", "event_log", "milestone_facts"});
    }
    CHECK(cli_test::complaint_ids(f.db()) == std::vector<std::string>{A, B, C, D, E});
    CHECK(cli_test::count_rows(f.db(), "event") == 20);
}

// The columns of `table` in the database at `path` as a SELECT list.
std::string select_of(const std::string& path, const std::string& table,
                      const std::string& order_by) {
    std::string select = "SELECT ";
    const auto columns = column_names(path, table);
    for (const auto& column : columns) select += (column == columns.front() ? "" : ", ") + column;
    return select + " FROM " + table + " ORDER BY " + order_by;
}

const std::string k_indexes_sql =
    "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL ORDER BY name";

TEST_CASE("migration: version 2 to 4 rebuilds the complaint table without the status CHECK" *
          doctest::test_suite("sqlite")) {
    Fixture f;
    use_fixture(f, "v2");
    const auto table_sql = [&] {
        return rows(f.db(), "SELECT sql FROM sqlite_schema WHERE name = 'complaint'").at(0).at(0);
    };
    CHECK(table_sql().find("CHECK (status IN") != std::string::npos);
    // Version 4 adds columns: compare those version 2 had.
    const std::string v2_complaints = select_of(f.db(), "complaint", "row_id");
    const Rows complaints_before = rows(f.db(), v2_complaints);
    // Version 6 adds the hash chain's columns: compare those version 2 had.
    const std::string v2_events = select_of(f.db(), "event", "seq");
    const Rows events_before = rows(f.db(), v2_events);
    const Rows indexes_before = rows(f.db(), k_indexes_sql);
    REQUIRE(complaints_before.size() == 5);

    ok(f, {"init"});  // a changing command migrates the file (a read would not)
    CHECK(user_version(f.db()) == k_current_version);
    CHECK(table_sql().find("CHECK") == std::string::npos);
    // Every row with its row_id, every event, every index, the same.
    CHECK(rows(f.db(), v2_complaints) == complaints_before);
    CHECK(rows(f.db(), v2_events) == events_before);
    const Rows indexes_after = rows(f.db(), k_indexes_sql);
    for (const auto& index : indexes_before) {
        CAPTURE(index.at(0));
        // Version 7 makes these two covering, version 8 keeps the open
        // complaints only in the _open ones: the same names, other columns
        // or conditions.
        const std::string& name = index.at(0);
        if (name == "complaint_resolved" || name == "complaint_closed" || name.ends_with("_open")) {
            CHECK(std::find_if(indexes_after.begin(), indexes_after.end(), [&](const auto& after) {
                      return after.at(0) == index.at(0);
                  }) != indexes_after.end());
            continue;
        }
        CHECK(std::find(indexes_after.begin(), indexes_after.end(), index) != indexes_after.end());
    }
    CHECK(rows(f.db(), "PRAGMA foreign_key_check").empty());
    CHECK(rows(f.db(), "PRAGMA integrity_check") == Rows{{"ok"}});
    CHECK(view_names(f.db()) == std::vector<std::string>{"complaint_facts", "event_log",
                                                         "evidence_facts", "milestone_facts"});
    // The append-only triggers survive the rebuild.
    const Result step = f.run({"assign", D, "--to", "wang", "--at", "2026-11-23 09:00"});
    CHECK(step.status == 0);
    CHECK(cli_test::count_rows(f.db(), "event") == 21);
}

TEST_CASE("migration: a changing command migrates a version 1 database and keeps every row" *
          doctest::test_suite("sqlite")) {
    Fixture f;
    use_fixture(f, "v1");
    const std::vector<std::string> v1_columns = column_names(f.db(), "complaint");
    REQUIRE(v1_columns.size() == 42);
    std::string select = "SELECT ";
    for (const auto& column : v1_columns)
        select += (column == v1_columns.front() ? "" : ", ") + column;
    select += " FROM complaint ORDER BY row_id";
    const Rows complaints_before = rows(f.db(), select);
    const std::string v1_events = select_of(f.db(), "event", "seq");
    const Rows events_before = rows(f.db(), v1_events);
    REQUIRE(complaints_before.size() == 5);
    REQUIRE(events_before.size() == 20);

    const Result r = ok(f, {"list"});
    // A read goes through a migrated copy in memory; the file is left as it was.
    CHECK(r.err.find("has schema version 1; read through a migrated copy in memory") !=
          std::string::npos);
    const auto lines = r.out_lines();
    REQUIRE(lines.size() == 6);
    CHECK(lines[1].starts_with(A + "  2026-11-16 09:20  closed "));
    CHECK(lines[5].starts_with(E + "  2026-11-20 14:00  resolved "));
    CHECK(user_version(f.db()) == 1);

    ok(f, {"init"});
    CHECK(user_version(f.db()) == k_current_version);
    const auto columns = column_names(f.db(), "complaint");
    // Version 2 added last_event_at, version 4 the 27 columns of SPEC 10,
    // version 5 the 9 of SPEC 11 (the proposal and who approved), version 6
    // anonymized_at (SPEC 12), version 8 contact_key and order_key (SPEC 13).
    CHECK(columns.size() == v1_columns.size() + 1 + 27 + 9 + 1 + 2);
    CHECK(columns.at(v1_columns.size()) == "last_event_at");
    CHECK(std::equal(v1_columns.begin(), v1_columns.end(), columns.begin()));
    // Every complaint column and every event as version 1 wrote them.
    CHECK(rows(f.db(), select) == complaints_before);
    CHECK(rows(f.db(), v1_events) == events_before);
    CHECK(cli_test::count_rows(f.db(), "complaint") == 5);
    CHECK(cli_test::count_rows(f.db(), "event") == 20);
    CHECK(rows(f.db(), "SELECT type, count(*) FROM event GROUP BY type ORDER BY type") ==
          Rows{{"assign", "5"},
               {"investigate", "4"},
               {"register", "5"},
               {"resolve", "3"},
               {"revisit", "3"}});
    // The details of two events, byte for byte.
    CHECK(rows(f.db(),
               "SELECT c.id, e.type, e.at, e.recorded_at, e.actor, e.details "
               "FROM event e JOIN complaint c ON c.row_id = e.complaint "
               "WHERE e.seq IN (9, 14) ORDER BY e.seq") ==
          Rows{{B, "revisit", "2026-11-19T02:00:00Z", "2026-11-19T02:03:00Z", "li",
                R"({"note":"钱仍未退回","reopened":true,"resolve_due":"2026-11-24T10:00:00Z",)"
                R"("result":"unsatisfied","score":2})"},
               {D, "assign", "2026-11-20T01:30:00Z", "2026-11-20T01:31:00Z", "li",
                R"({"department":"QC","from":"wang","note":"wang is on leave",)"
                R"("reassignment":true,"to":"he"})"}});

    // Migrated once: the next command changes nothing.
    const std::string migrated = cli_test::snapshot(f.db());
    ok(f, {"list"});
    CHECK(cli_test::snapshot(f.db()) == migrated);
}

TEST_CASE("migration: last_event_at is the time of each complaint's latest event" *
          doctest::test_suite("sqlite")) {
    for (const auto& name : k_fixtures) {
        CAPTURE(name);
        Fixture f;
        use_fixture(f, name);
        ok(f, {"init"});  // a changing command migrates the file (a read would not)
        CHECK(rows(f.db(), "SELECT id, last_event_at FROM complaint ORDER BY row_id") ==
              Rows{{A, "2026-11-19T01:30:00Z"},
                   {B, "2026-11-20T07:00:00Z"},
                   {C, "2026-11-18T08:00:00Z"},
                   {D, "2026-11-20T08:00:00Z"},
                   {E, "2026-11-23T01:30:00Z"}});
        CHECK(rows(f.db(),
                   "SELECT count(*) FROM complaint WHERE last_event_at IS NOT "
                   "(SELECT max(at) FROM event WHERE event.complaint = complaint.row_id)") ==
              Rows{{"0"}});
    }
}

TEST_CASE("migration: a step before the latest recorded one is refused on a migrated database" *
          doctest::test_suite("sqlite")) {
    // Each step is after the complaint was received (all version 1 checked)
    // and allowed by its status, but before its latest recorded step.
    struct Case {
        std::string id;
        std::vector<std::string> args;
        std::string latest;
    };
    const std::vector<Case> cases = {
        {B,
         {"investigate", B, "--finding", "late note", "--at", "2026-11-19 12:00"},
         "2026-11-20 15:00"},
        {D,
         {"investigate", D, "--finding", "late note", "--at", "2026-11-20 12:00"},
         "2026-11-20 16:00"},
        {E,
         {"revisit", E, "--result", "unreachable", "--at", "2026-11-21 10:00"},
         "2026-11-23 09:30"},
    };
    for (const auto& name : k_fixtures) {
        for (const auto& c : cases) {
            CAPTURE(name);
            CAPTURE(c.id);
            Fixture f;
            use_fixture(f, name);
            // The step is the first command to open the copy: it migrates it.
            const Result r = f.run(c.args);
            cli_test::check_error_shape(r);
            CHECK(r.status == 65);
            CHECK(r.err_first_line().find("is before the latest recorded step of complaint " +
                                          c.id + " (" + c.latest + ")") != std::string::npos);
            CHECK(user_version(f.db()) == k_current_version);
            CHECK(cli_test::count_rows(f.db(), "event") == 20);
        }
    }

    // Not before is allowed: the same step at the latest step's time is recorded.
    Fixture f;
    use_fixture(f, "v1");
    ok(f, {"investigate", B, "--finding", "late note", "--at", "2026-11-20 15:00"});
    CHECK(cli_test::count_rows(f.db(), "event") == 21);
    CHECK(rows(f.db(), "SELECT last_event_at FROM complaint WHERE id = '" + B + "'") ==
          Rows{{"2026-11-20T07:00:00Z"}});
}

TEST_CASE("migration: the views exist on a migrated version 1 database" *
          doctest::test_suite("sqlite")) {
    Fixture f;
    use_fixture(f, "v1");
    // A changing command migrates the file; `query` reads the views it made.
    ok(f, {"init"});
    CHECK(ok_json(f, {"query",
                      "SELECT id, status, assignee, reopen_count, resolution_amount, "
                      "resolve_on_time FROM complaint_facts ORDER BY id"}) == json::parse(R"([
            {"id": "20261116-TEL-001", "status": "closed", "assignee": "zhang",
             "reopen_count": 0, "resolution_amount": "128.50", "resolve_on_time": 1},
            {"id": "20261117-WEB-001", "status": "investigating", "assignee": "chen",
             "reopen_count": 1, "resolution_amount": null, "resolve_on_time": null},
            {"id": "20261118-EML-001", "status": "registered", "assignee": null,
             "reopen_count": 0, "resolution_amount": null, "resolve_on_time": null},
            {"id": "20261119-TEL-001", "status": "investigating", "assignee": "he",
             "reopen_count": 0, "resolution_amount": null, "resolve_on_time": null},
            {"id": "20261120-VIS-001", "status": "resolved", "assignee": "liu",
             "reopen_count": 0, "resolution_amount": null, "resolve_on_time": 1}
          ])"));
    CHECK(user_version(f.db()) == k_current_version);

    CHECK(ok_json(f, {"query",
                      "SELECT count(*) AS n, sum(state = 'met') AS met, "
                      "sum(state = 'not_started') AS not_started "
                      "FROM milestone_facts"}) ==
          // Six milestones each since version 4: acknowledge and hold were
          // never started for complaints stored before (SPEC 10).
          json::parse(R"([{"n": 30, "met": 11, "not_started": 13}])"));
    CHECK(ok_json(f, {"query",
                      "SELECT id, milestone, due FROM milestone_facts "
                      "WHERE met_at IS NULL AND due IS NOT NULL ORDER BY due, id, milestone"}) ==
          json::parse(R"([
            {"id": "20261118-EML-001", "milestone": "assign", "due": "2026-11-19T10:00:00Z"},
            {"id": "20261120-VIS-001", "milestone": "revisit", "due": "2026-11-23T10:00:00Z"},
            {"id": "20261117-WEB-001", "milestone": "resolve", "due": "2026-11-24T10:00:00Z"},
            {"id": "20261119-TEL-001", "milestone": "investigate", "due": "2026-11-24T10:00:00Z"},
            {"id": "20261118-EML-001", "milestone": "resolve", "due": "2026-11-25T10:00:00Z"},
            {"id": "20261119-TEL-001", "milestone": "resolve", "due": "2026-11-26T10:00:00Z"}
          ])"));

    CHECK(ok_json(f, {"query",
                      "SELECT id, group_concat(type, ' ') AS types, max(at) AS latest "
                      "FROM (SELECT * FROM event_log ORDER BY seq) "
                      "GROUP BY id ORDER BY id"}) == json::parse(R"([
            {"id": "20261116-TEL-001", "types": "register assign investigate resolve revisit",
             "latest": "2026-11-19T01:30:00Z"},
            {"id": "20261117-WEB-001", "types": "register assign resolve revisit investigate",
             "latest": "2026-11-20T07:00:00Z"},
            {"id": "20261118-EML-001", "types": "register", "latest": "2026-11-18T08:00:00Z"},
            {"id": "20261119-TEL-001", "types": "register assign assign investigate",
             "latest": "2026-11-20T08:00:00Z"},
            {"id": "20261120-VIS-001", "types": "register assign investigate resolve revisit",
             "latest": "2026-11-23T01:30:00Z"}
          ])"));
    CHECK(ok_json(f, {"query", "SELECT details FROM event_log WHERE id = :id AND type = 'resolve'",
                      "--param", "id=" + A}) ==
          json::parse(
              R"([{"details": "{\"amount\":\"128.50\",\"currency\":\"CNY\",\"outcome\":\"refund\",)"
              R"(\"plan\":\"退款并更换新水壶\",\"responsible\":\"supplier\",)"
              R"(\"revisit_due\":\"2026-11-19T10:00:00Z\"}"}])"));
}

TEST_CASE("migration: list, show and the reports read each fixture" *
          doctest::test_suite("sqlite")) {
    for (const auto& name : k_fixtures) {
        CAPTURE(name);
        Fixture f;
        use_fixture(f, name);

        // list, as CSV: number, received, status, category, severity, assignee,
        // next_deadline, summary.
        const auto csv = cli_test::parse_csv(ok(f, {"--format", "csv", "list"}).out);
        CHECK(csv == std::vector<std::vector<std::string>>{
                         {"number", "received", "status", "category", "severity", "assignee",
                          "next_deadline", "summary"},
                         {A, "2026-11-16 09:20", "closed", "product", "general", "zhang", "",
                          "电水壶使用一周后漏水"},
                         {B, "2026-11-17 11:00", "investigating", "billing", "major", "chen",
                          "2026-11-24 18:00", "订单7781被重复扣款"},
                         {C, "2026-11-18 16:00", "registered", "delivery", "general", "",
                          "2026-11-19 18:00", "快递八天未送达"},
                         {D, "2026-11-19 09:00", "investigating", "product", "general", "he",
                          "2026-11-24 18:00", "Blender motor stops after 2 minutes"},
                         {E, "2026-11-20 14:00", "resolved", "service", "general", "liu",
                          "2026-11-23 18:00", "门店店员态度差"}});
        // Read through a migrated copy in memory: the file is left as it was.
        CHECK(user_version(f.db()) < k_current_version);

        json j = f.show(A);
        CHECK(j["status"] == "closed");
        CHECK(j["ref"] == "crm-5531");
        CHECK(j["customer"]["name"] == "王芳");
        CHECK(j["department"] == "QC");
        CHECK(j["reopen_count"] == 0);
        CHECK(j["resolution"]["amount"] == "128.50");
        CHECK(j["resolution"]["outcome"] == "refund");
        CHECK(j["findings"].size() == 1);
        CHECK(j["findings"][0]["text"] == "密封圈开裂，第42批次均受影响");
        CHECK(j["revisits"][0]["score"] == 5);
        CHECK(j["closed_at"] == "2026-11-19T09:30:00+08:00");
        CHECK(j["next_deadline"].is_null());
        CHECK(j["events"].size() == 5);
        check_milestone(j, "assign",
                        {"2026-11-17T18:00:00+08:00", "2026-11-16T10:00:00+08:00", "met"});
        check_milestone(j, "investigate",
                        {"2026-11-19T18:00:00+08:00", "2026-11-17T14:00:00+08:00", "met"});
        check_milestone(j, "resolve",
                        {"2026-11-23T18:00:00+08:00", "2026-11-18T10:00:00+08:00", "met"});
        check_milestone(j, "revisit",
                        {"2026-11-19T18:00:00+08:00", "2026-11-19T09:30:00+08:00", "met"});

        j = f.show(B);
        CHECK(j["status"] == "investigating");
        CHECK(j["severity"] == "major");
        CHECK(j["registered_by"] == "wu");
        CHECK(j["customer"]["organization"] == "上海远航贸易有限公司");
        CHECK(j["assignee"] == "chen");
        CHECK(j["department"] == "Finance");
        CHECK(j["reopen_count"] == 1);
        // The previous resolution stays until the next one.
        CHECK(j["resolution"]["outcome"] == "explanation");
        CHECK(j["revisits"][0]["result"] == "unsatisfied");
        CHECK(j["next_deadline"] == "2026-11-24T18:00:00+08:00");
        CHECK(j["events"].size() == 5);
        check_milestone(j, "assign",
                        {"2026-11-17T12:00:00+08:00", "2026-11-17T11:30:00+08:00", "met"});
        check_milestone(j, "investigate",
                        {"2026-11-18T18:00:00+08:00", "2026-11-18T09:00:00+08:00", "met"});
        check_milestone(j, "resolve", {"2026-11-24T18:00:00+08:00", nullptr, "pending"});
        check_milestone(j, "revisit",
                        {"2026-11-19T18:00:00+08:00", "2026-11-19T10:00:00+08:00", "met"});

        j = f.show(C);
        CHECK(j["status"] == "registered");
        CHECK(j["assignee"].is_null());
        CHECK(j["department"].is_null());
        CHECK(j["events"].size() == 1);
        check_milestone(j, "assign", {"2026-11-19T18:00:00+08:00", nullptr, "overdue"});
        check_milestone(j, "investigate", {nullptr, nullptr, "not_started"});
        check_milestone(j, "resolve", {"2026-11-25T18:00:00+08:00", nullptr, "pending"});
        check_milestone(j, "revisit", {nullptr, nullptr, "not_started"});

        j = f.show(D);
        CHECK(j["status"] == "investigating");
        CHECK(j["assignee"] == "he");
        CHECK(j["department"] == "QC");
        CHECK(j["events"].size() == 4);
        CHECK(j["events"][2]["details"]["from"] == "wang");
        check_milestone(j, "assign",
                        {"2026-11-20T18:00:00+08:00", "2026-11-19T10:00:00+08:00", "met"});
        check_milestone(j, "investigate", {"2026-11-24T18:00:00+08:00", nullptr, "pending"});
        check_milestone(j, "resolve", {"2026-11-26T18:00:00+08:00", nullptr, "pending"});
        check_milestone(j, "revisit", {nullptr, nullptr, "not_started"});

        j = f.show(E);
        CHECK(j["status"] == "resolved");
        CHECK(j["customer"]["name"] == "陈静");
        CHECK(j["resolution"]["outcome"] == "apology");
        CHECK(j["revisits"][0]["result"] == "unreachable");
        CHECK(j["events"].size() == 5);
        check_milestone(j, "assign",
                        {"2026-11-23T18:00:00+08:00", "2026-11-20T15:00:00+08:00", "met"});
        check_milestone(j, "investigate",
                        {"2026-11-25T18:00:00+08:00", "2026-11-20T17:00:00+08:00", "met"});
        check_milestone(j, "resolve",
                        {"2026-11-27T18:00:00+08:00", "2026-11-20T17:30:00+08:00", "met"});
        check_milestone(j, "revisit", {"2026-11-23T18:00:00+08:00", nullptr, "pending"});

        // Resolved on time: A in 48h40m, E in 3h30m; B was reopened.
        CHECK(ok_json(f, {"report", "summary"}) == json::parse(R"([{
            "received": 5, "open": 4, "closed": 1,
            "rejected": 0, "withdrawn": 0, "on_hold": 0, "awaiting_approval": 0, "overdue": 1,
            "resolved": 2, "resolved_on_time": 2, "on_time_rate": 1.0,
            "avg_resolve_hours": 26.083333333333332,
            "revisited": 2, "satisfied": 1, "satisfaction_rate": 0.5,
            "avg_score": 3.5, "reopened": 1}])"));

        CHECK(ok_json(f, {"report", "overdue"}) == json::parse(R"([{
            "id": "20261118-EML-001", "milestone": "assign", "due": "2026-11-19T18:00:00+08:00",
            "late_minutes": 5280, "assignee": null, "department": null,
            "severity": "general", "summary": "快递八天未送达"}])"));
        const json later = ok_json(f, {"report", "overdue", "--as-of", "2026-11-25 10:00"});
        REQUIRE(later.size() == 4);
        std::vector<std::string> got;
        for (const auto& row : later)
            got.push_back(row["id"].get<std::string>() + " " + row["milestone"].get<std::string>() +
                          " " + std::to_string(row["late_minutes"].get<long long>()));
        CHECK(got == std::vector<std::string>{C + " assign 8160", E + " revisit 2400",
                                              B + " resolve 960", D + " investigate 960"});
    }
}

TEST_CASE("migration: a migrated version 1 database reads as the current version's" *
          doctest::test_suite("sqlite")) {
    Fixture v1, v2;
    use_fixture(v1, "v1");
    use_fixture(v2, "v2");
    for (const auto& id : {A, B, C, D, E}) {
        CAPTURE(id);
        CHECK(v1.show(id) == v2.show(id));
    }
    const std::vector<std::vector<std::string>> commands = {
        {"list"},
        {"report", "summary", "--by", "category"},
        {"report", "overdue", "--within", "1wd"},
        {"report", "trend", "--by", "day", "--from", "2026-11-16"},
    };
    for (const auto& args : commands) {
        CAPTURE(args.front());
        CHECK(ok_json(v1, args) == ok_json(v2, args));
    }
    // Reads leave the files as they were; a changing command migrates them.
    ok(v1, {"init"});
    ok(v2, {"init"});
    CHECK(rows(v1.db(), "SELECT * FROM complaint ORDER BY row_id") ==
          rows(v2.db(), "SELECT * FROM complaint ORDER BY row_id"));
}

// ---- version 4 (SPEC 10) ---------------------------------------------------

TEST_CASE("migration: the v3 fixture holds schema version 3 and a complaint in every status" *
          doctest::test_suite("sqlite")) {
    Fixture f;
    use_fixture(f, "v3");
    CHECK(user_version(f.db()) == 3);
    CHECK_FALSE(contains(column_names(f.db(), "complaint"), "total_amount"));
    CHECK(rows(f.db(), "SELECT id, status, reopen_count FROM complaint ORDER BY row_id") ==
          Rows{{A, "closed", "0"},
               {B, "investigating", "1"},
               {C, "registered", "0"},
               {D, "investigating", "0"},
               {E, "resolved", "0"},
               {G, "resolved", "1"},
               {F, "assigned", "0"}});
    CHECK(cli_test::count_rows(f.db(), "event") == 20 + 5 + 2);
}

TEST_CASE("migration: versions 2 and 3 migrate to the current version with every row intact" *
          doctest::test_suite("sqlite")) {
    for (const std::string name : {"v2", "v3"}) {
        CAPTURE(name);
        Fixture f;
        use_fixture(f, name);
        const std::string old_complaints = select_of(f.db(), "complaint", "row_id");
        const Rows complaints_before = rows(f.db(), old_complaints);
        const std::string old_events = select_of(f.db(), "event", "seq");
        const Rows events_before = rows(f.db(), old_events);
        REQUIRE(complaints_before.size() == (name == "v3" ? 7 : 5));

        ok(f, {"init"});  // a changing command migrates the file (a read would not)
        CHECK(user_version(f.db()) == k_current_version);
        CHECK(rows(f.db(), old_complaints) == complaints_before);
        CHECK(rows(f.db(), old_events) == events_before);
        CHECK(rows(f.db(), "PRAGMA integrity_check") == Rows{{"ok"}});
        CHECK(rows(f.db(), "PRAGMA foreign_key_check").empty());

        // What version 4 backfills from the event log: the clock starts (each
        // milestone's clock of SPEC 3.2; resolve from the latest reopening),
        // the cause and substantiation of the latest finding that has one,
        // and the sum of every resolution's amount. No acknowledge or hold
        // clock, nothing held, rejected or linked.
        Rows expected = {
            {A, "2026-11-16T01:20:00Z", "2026-11-16T02:00:00Z", "2026-11-16T01:20:00Z",
             "2026-11-18T02:00:00Z", "供应商缺陷", "1", "12850"},
            {B, "2026-11-17T03:00:00Z", "2026-11-17T03:30:00Z", "2026-11-19T02:00:00Z",
             "2026-11-18T01:00:00Z", "NULL", "NULL", "NULL"},
            {C, "2026-11-18T08:00:00Z", "NULL", "2026-11-18T08:00:00Z", "NULL", "NULL", "NULL",
             "NULL"},
            {D, "2026-11-19T01:00:00Z", "2026-11-19T02:00:00Z", "2026-11-19T01:00:00Z", "NULL",
             "NULL", "NULL", "NULL"},
            {E, "2026-11-20T06:00:00Z", "2026-11-20T07:00:00Z", "2026-11-20T06:00:00Z",
             "2026-11-20T09:30:00Z", "NULL", "1", "NULL"},
        };
        if (name == "v3") {
            expected.push_back({G, "2026-11-16T05:00:00Z", "2026-11-16T06:00:00Z",
                                "2026-11-18T02:00:00Z", "2026-11-19T02:00:00Z", "NULL", "NULL",
                                "8000"});
            expected.push_back({F, "2026-11-20T02:00:00Z", "2026-11-20T03:00:00Z",
                                "2026-11-20T02:00:00Z", "NULL", "NULL", "NULL", "NULL"});
        }
        CHECK(rows(f.db(),
                   "SELECT id, assign_started_at, investigate_started_at, resolve_started_at, "
                   "revisit_started_at, cause, substantiated, total_amount "
                   "FROM complaint ORDER BY row_id") == expected);
        CHECK(rows(f.db(),
                   "SELECT count(*) FROM complaint WHERE acknowledge_due IS NOT NULL OR "
                   "acknowledge_met_at IS NOT NULL OR acknowledge_started_at IS NOT NULL OR "
                   "hold_due IS NOT NULL OR hold_started_at IS NOT NULL OR held_seconds != 0 OR "
                   "held_from IS NOT NULL OR hold_reason IS NOT NULL OR "
                   "rejection_reason IS NOT NULL OR possible_duplicate_of IS NOT NULL OR "
                   "site IS NOT NULL") == Rows{{"0"}});

        // The view: total_amount as decimal text over every resolution.
        Rows facts = {{A, "128.50", "128.50", "供应商缺陷", "NULL", "0"},
                      {B, "NULL", "NULL", "NULL", "NULL", "0"},
                      {C, "NULL", "NULL", "NULL", "NULL", "0"},
                      {D, "NULL", "NULL", "NULL", "NULL", "0"},
                      {E, "NULL", "NULL", "NULL", "NULL", "0"}};
        if (name == "v3") {
            facts.insert(facts.begin() + 1, {G, "30.00", "80.00", "NULL", "NULL", "0"});
            facts.insert(facts.begin() + 5, {F, "NULL", "NULL", "NULL", "NULL", "0"});
        }
        CHECK(rows(f.db(),
                   "SELECT id, resolution_amount, total_amount, cause, acknowledge_due, "
                   "held_minutes FROM complaint_facts ORDER BY received_at") == facts);
        CHECK(rows(f.db(),
                   "SELECT count(*) FROM milestone_facts WHERE milestone IN ('acknowledge', "
                   "'hold') AND (due IS NOT NULL OR state != 'not_started')") == Rows{{"0"}});
    }
}

TEST_CASE("migration: show of a migrated complaint: no acknowledge deadline, the new keys" *
          doctest::test_suite("sqlite")) {
    Fixture f;
    use_fixture(f, "v3");
    for (const auto& id : {A, B, C, D, E, F, G}) {
        CAPTURE(id);
        const json j = f.show(id);
        check_milestone(j, "acknowledge", {nullptr, nullptr, "not_started"});
        check_milestone(j, "hold", {nullptr, nullptr, "not_started"});
        CHECK(j["contacts"] == json::array());
        CHECK(j["edits"] == json::array());
        CHECK(j["rejection"].is_null());
        CHECK(j["withdrawal"].is_null());
        CHECK(j["hold"].is_null());
        CHECK(j["held_minutes"] == 0);
        CHECK(j["possible_duplicate_of"].is_null());
        const Result text = ok(f, {"show", id});
        CHECK(text.out.starts_with(id + "  "));
    }
    json j = f.show(G);
    CHECK(j["total_amount"] == "80.00");
    CHECK(j["resolution"]["amount"] == "30.00");
    CHECK(j["resolution"]["outcome"] == "compensation");
    CHECK(j["reopen_count"] == 1);
    // Reopened 11-18 10:00, resolved again 11-19 10:00: revisit due 11-20 18:00, overdue.
    check_milestone(j, "revisit", {"2026-11-20T18:00:00+08:00", nullptr, "overdue"});
    j = f.show(A);
    CHECK(j["total_amount"] == "128.50");
    CHECK(j["cause"] == "供应商缺陷");
    CHECK(j["substantiated"] == true);
    check_milestone(f.show(F), "investigate", {"2026-11-25T18:00:00+08:00", nullptr, "pending"});
}

TEST_CASE("migration: hold and resume on a migrated complaint move its old deadlines" *
          doctest::test_suite("sqlite")) {
    for (const std::string name : {"v2", "v3"}) {
        CAPTURE(name);
        Fixture f;
        use_fixture(f, name);
        // D: investigate due Tue 11-24 18:00, resolve Thu 11-26 18:00, both
        // wd limits (the built-in policy: 9 working hours a day).
        const cli_test::EnvChanges tuesday = {{"COMPLAINTS_NOW", "2026-11-24 12:00"}};
        ok(f, {"hold", D, "--reason", "waiting_parts", "--at", "2026-11-23 10:00"});
        CHECK(f.show(D)["milestones"]["investigate"]["state"] == "paused");
        const Result r = f.run({"resume", D, "--at", "2026-11-24 10:00"}, "", tuesday);
        INFO(r.err);
        REQUIRE(r.status == 0);
        // Held 9 working hours, one working day.
        const json j = f.show(D);
        CHECK(j["status"] == "investigating");
        CHECK(j["milestones"]["investigate"]["due"] == "2026-11-25T18:00:00+08:00");
        CHECK(j["milestones"]["resolve"]["due"] == "2026-11-27T18:00:00+08:00");
        CHECK(j["milestones"]["acknowledge"]["due"].is_null());
        CHECK(j["milestones"]["assign"]["due"] == "2026-11-20T18:00:00+08:00");
        CHECK(j["held_minutes"] == 24 * 60);
    }
}

TEST_CASE("migration: an edit on a migrated complaint recomputes from the backfilled clock starts" *
          doctest::test_suite("sqlite")) {
    for (const std::string name : {"v2", "v3"}) {
        CAPTURE(name);
        Fixture f;
        use_fixture(f, name);
        // C, received Wed 11-18 16:00, never assigned. major: assign 1h,
        // resolve 3wd, from the receipt.
        ok(f, {"edit", C, "--severity", "major", "--reason", "a hospital"});
        json j = f.show(C);
        check_milestone(j, "assign", {"2026-11-18T17:00:00+08:00", nullptr, "overdue"});
        check_milestone(j, "resolve", {"2026-11-23T18:00:00+08:00", nullptr, "pending"});
        check_milestone(j, "acknowledge", {nullptr, nullptr, "not_started"});

        // B, reopened Thu 11-19 10:00: its resolve clock starts at the
        // reopening, not at the receipt. urgent: resolve 1wd, Fri 11-20 18:00.
        ok(f, {"edit", B, "--severity", "urgent", "--reason", "regulator asked"});
        j = f.show(B);
        check_milestone(j, "resolve", {"2026-11-20T18:00:00+08:00", nullptr, "overdue"});
        // Met milestones keep their deadlines.
        check_milestone(j, "assign",
                        {"2026-11-17T12:00:00+08:00", "2026-11-17T11:30:00+08:00", "met"});
        REQUIRE(j["edits"].size() == 1);
        CHECK(j["edits"][0]["changes"][0]["from"] == "major");
    }
}

// ---- version 4 to 5 (SPEC 11: approval and evidence) -------------------------

TEST_CASE("migration: the v4 fixture holds schema version 4 and a complaint in every status" *
          doctest::test_suite("sqlite")) {
    Fixture f;
    use_fixture(f, "v4");
    CHECK(user_version(f.db()) == 4);
    CHECK_FALSE(contains(column_names(f.db(), "complaint"), "approved_by"));
    CHECK(rows(f.db(), "SELECT id, status FROM complaint ORDER BY row_id") ==
          Rows{{A, "closed"},
               {B, "investigating"},
               {C, "registered"},
               {D, "investigating"},
               {E, "resolved"},
               {G, "resolved"},
               {F, "assigned"},
               {H, "on_hold"},
               {I, "rejected"},
               {J, "withdrawn"},
               {K, "registered"}});
    CHECK(cli_test::count_rows(f.db(), "event") == 38);
}

TEST_CASE("migration: version 4 migrates to 5 with every row, event and status intact" *
          doctest::test_suite("sqlite")) {
    Fixture f;
    use_fixture(f, "v4");
    const std::string old_complaints = select_of(f.db(), "complaint", "row_id");
    const Rows complaints_before = rows(f.db(), old_complaints);
    const std::string old_events = select_of(f.db(), "event", "seq");
    const Rows events_before = rows(f.db(), old_events);
    const std::vector<std::string> views_before = view_names(f.db());
    REQUIRE(complaints_before.size() == 11);

    ok(f, {"init"});  // a changing command migrates the file (a read would not)
    CHECK(user_version(f.db()) == k_current_version);
    CHECK(rows(f.db(), old_complaints) == complaints_before);
    CHECK(rows(f.db(), old_events) == events_before);
    CHECK(rows(f.db(), "PRAGMA integrity_check") == Rows{{"ok"}});
    CHECK(rows(f.db(), "PRAGMA foreign_key_check").empty());

    // The new columns are empty: nothing was proposed or approved before.
    const std::vector<std::string> columns = column_names(f.db(), "complaint");
    for (const char* column :
         {"proposal_plan", "proposal_outcome", "proposal_amount", "proposal_currency",
          "proposal_responsible", "proposal_at", "proposal_by", "approved_by", "approved_at"}) {
        CAPTURE(column);
        REQUIRE(contains(columns, column));
        CHECK(rows(f.db(), std::string("SELECT count(*) FROM complaint WHERE ") + column +
                               " IS NOT NULL") == Rows{{"0"}});
    }
    // The evidence tables, empty; every view of version 4 and evidence_facts.
    CHECK(cli_test::count_rows(f.db(), "evidence") == 0);
    CHECK(cli_test::count_rows(f.db(), "evidence_content") == 0);
    const std::vector<std::string> views = view_names(f.db());
    for (const auto& view : views_before) CHECK_MESSAGE(contains(views, view), view);
    CHECK(contains(views, "evidence_facts"));
    CHECK(ok_json(f, {"query", "SELECT count(*) AS n FROM evidence_facts"}) ==
          json::parse(R"([{"n": 0}])"));
    CHECK(ok_json(f, {"query",
                      "SELECT count(*) AS n, count(approved_by) AS approved, "
                      "count(approved_at) AS at FROM complaint_facts"}) ==
          json::parse(R"([{"n": 11, "approved": 0, "at": 0}])"));
    CHECK(ok_json(f, {"query",
                      "SELECT id, status FROM complaint_facts WHERE status IN ('on_hold', "
                      "'rejected', 'withdrawn') ORDER BY id"}) == json::parse(R"([
            {"id": "20261121-TEL-001", "status": "on_hold"},
            {"id": "20261121-WEB-001", "status": "rejected"},
            {"id": "20261122-TEL-001", "status": "withdrawn"}
          ])"));
}

TEST_CASE("migration: show reads every migrated version 4 complaint" *
          doctest::test_suite("sqlite")) {
    Fixture f;
    use_fixture(f, "v4");
    for (const auto& id : {A, B, C, D, E, F, G, H, I, J, K}) {
        CAPTURE(id);
        const json j = f.show(id);
        CHECK(j["id"] == id);
        CHECK(j["proposal"].is_null());
        CHECK(j["proposals"] == json::array());
        CHECK(j["approved_by"].is_null());
        CHECK(j["approved_at"].is_null());
        const Result text = ok(f, {"show", id});
        CHECK(text.out.starts_with(id + "  "));
        CHECK(text.out.find("\nproposals\n") == std::string::npos);
    }
    CHECK(f.show(H)["status"] == "on_hold");
    CHECK(f.show(I)["rejection"]["of"] == B);
    CHECK(f.show(J)["status"] == "withdrawn");
    REQUIRE(f.show(K)["edits"].size() == 1);
    CHECK(f.show(K)["severity"] == "major");
}

TEST_CASE("migration: steps on a migrated version 4 database" * doctest::test_suite("sqlite")) {
    Fixture f;
    use_fixture(f, "v4");
    // D (investigating) is resolved; H (on hold) resumed and contacted; K edited.
    ok(f, {"resolve", D, "--plan", "换新", "--outcome", "exchange", "--amount", "99"});
    json j = f.show(D);
    CHECK(j["status"] == "resolved");
    CHECK(j["approved_by"].is_null());
    CHECK(j["milestones"]["resolve"]["met_at"] == "2026-11-23T10:00:00+08:00");
    ok(f, {"resume", H});
    ok(f, {"contact", H, "--note", "called"});
    CHECK(f.show(H)["status"] != "on_hold");
    ok(f, {"edit", K, "--summary", "new summary", "--reason", "typo"});
    CHECK(f.show(K)["summary"] == "new summary");
    // With a severity that requires approval, a migrated complaint waits for it.
    f.write_file("complaints.toml", R"([severity.general]
rank = 1
[severity.major]
rank = 2
requires_approval = true
)");
    ok(f, {"assign", K, "--to", "zhang"});
    const Result r = ok(f, {"resolve", K, "--plan", "p", "--outcome", "apology"});
    CHECK(r.out == K + "  awaiting approval by another person (major complaints need approval)\n");
    const Result approved = f.run({"approve", K}, "", {{"COMPLAINTS_USER", "wang"}});
    INFO(approved.err);
    REQUIRE(approved.status == 0);
    j = f.show(K);
    CHECK(j["status"] == "resolved");
    CHECK(j["approved_by"] == "wang");
    CHECK(ok_json(f, {"query", "SELECT approved_by FROM complaint_facts WHERE id = :id", "--param",
                      "id=" + K}) == json::parse(R"([{"approved_by": "wang"}])"));
}
