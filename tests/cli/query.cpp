// `query` (SPEC §9): one read-only statement printed as a text table, CSV or a
// JSON array of objects; `--param` binding; SQL from standard input; the
// documented views complaint_facts, milestone_facts and event_log; and every
// way of trying to write, which must fail with 65 and change nothing.
#include "harness.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using cli_test::Fixture;
using cli_test::Result;
using nlohmann::json;

namespace fs = std::filesystem;

namespace {

// Now is Monday 2026-11-23 10:00 (Asia/Shanghai); built-in policy: Mon-Fri
// 09:00-18:00, assign 1wd, investigate 3wd, resolve 5wd, revisit 1wd.
//
// P1 product  rec Mon 11-16 09:00, assigned 10:00, resolved Tue 11-17 10:00, refund 128.50
//             (resolve due Mon 11-23 18:00: on time). 25 hours.
// P2 product  rec Mon 11-02 09:00, assigned 10:00, resolved Tue 11-10 10:00 (investigate due
//             Thu 11-05 18:00 and resolve due Mon 11-09 18:00: both late). 193 hours.
// D1 delivery rec Wed 11-18 09:00, assigned 09:30 to 王芳 (客服部), resolved 15:30 with an
//             apology (no amount). 6.5 hours.
// D2 delivery rec Fri 11-20 15:00 by e-mail, untouched.
struct DataSet {
    std::string p1, p2, d1, d2;
};

void ok(Fixture& fx, const std::vector<std::string>& args) {
    const Result r = fx.run(args);
    INFO(args.front() << " " << args.at(1) << ": " << r.err);
    REQUIRE(r.status == 0);
}

DataSet build(Fixture& fx) {
    DataSet s;
    s.p1 = fx.register_complaint({"--received-at", "2026-11-16 09:00", "--summary", "P1",
                                  "--contact", "138 0000 0000", "--order", "SO-1"});
    s.p2 = fx.register_complaint({"--received-at", "2026-11-02 09:00", "--summary", "P2"});
    s.d1 = fx.register_complaint({"--received-at", "2026-11-18 09:00", "--summary", "D1 水壶漏水",
                                  "--category", "delivery", "--org", "Acme"});
    s.d2 = fx.register_complaint({"--received-at", "2026-11-20 15:00", "--summary", "D2",
                                  "--category", "delivery", "--channel", "email"});
    ok(fx, {"assign", s.p1, "--to", "zhang", "--at", "2026-11-16 10:00"});
    ok(fx, {"resolve", s.p1, "--plan", "refund", "--outcome", "refund", "--amount", "128.5", "--at",
            "2026-11-17 10:00"});
    ok(fx, {"assign", s.p2, "--to", "zhang", "--at", "2026-11-02 10:00"});
    ok(fx,
       {"resolve", s.p2, "--plan", "repair", "--outcome", "repair", "--at", "2026-11-10 10:00"});
    ok(fx, {"assign", s.d1, "--to", "王芳", "--department", "客服部", "--at", "2026-11-18 09:30"});
    ok(fx,
       {"resolve", s.d1, "--plan", "sorry", "--outcome", "apology", "--at", "2026-11-18 15:30"});
    return s;
}

Result query(Fixture& fx, const std::string& format, std::vector<std::string> args,
             const std::string& stdin_text = "") {
    args.insert(args.begin(), {"--format", format, "query"});
    return fx.run(args, stdin_text);
}

json query_json(Fixture& fx, std::vector<std::string> args, const std::string& stdin_text = "") {
    const Result r = query(fx, "json", std::move(args), stdin_text);
    INFO("stderr: " << r.err);
    REQUIRE(r.status == 0);
    CHECK(r.err.empty());
    const json rows = cli_test::parse_json(r.out);
    REQUIRE(rows.is_array());
    return rows;
}

// Whitespace-separated words of `line`.
std::vector<std::string> words(const std::string& line) {
    std::istringstream in(line);
    std::vector<std::string> out;
    for (std::string w; in >> w;) out.push_back(w);
    return out;
}

// Checks that `refused` fails as an error with `status`, changing nothing.
void check_refused(Fixture& fx, const std::vector<std::string>& args, int status,
                   const std::string& in_stderr = "") {
    const std::string before = cli_test::snapshot(fx.db());
    const Result r = fx.run(args);
    std::string text;
    for (const auto& a : args) text += a + " ";
    INFO("command: " << text);
    INFO("stderr: " << r.err);
    CHECK(r.status == status);
    cli_test::check_error_shape(r);
    if (!in_stderr.empty()) CHECK_MESSAGE(r.err.find(in_stderr) != std::string::npos, in_stderr);
    CHECK(cli_test::snapshot(fx.db()) == before);
}

const std::regex k_utc{R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)"};

// `, typeof(PARAMETER) AS t`: the type SQLite stored a parameter as. A
// server has no typeof(), and its pg_typeof() cannot take an untyped
// parameter: there the value's JSON type alone says how it was bound.
std::string type_column(const std::string& parameter) {
    return cli_test::on_server() ? "" : ", typeof(" + parameter + ") AS t";
}

}  // namespace

TEST_CASE("query: text, CSV and JSON give the same rows, JSON with native types") {
    Fixture fx;
    const DataSet s = build(fx);
    const std::string sql =
        "SELECT id, reopen_count, department, resolution_amount, 2.5 AS half "
        "FROM complaint_facts ORDER BY received_at, id";

    SUBCASE("JSON: an array of objects; integers, reals, NULL and text as themselves") {
        const json rows = query_json(fx, {sql});
        REQUIRE(rows.size() == 4);
        CHECK(rows[0]["id"] == s.p2);
        CHECK(rows[1]["id"] == s.p1);
        CHECK(rows[2]["id"] == s.d1);
        CHECK(rows[3]["id"] == s.d2);
        for (const auto& row : rows) {
            INFO("row: " << row.dump());
            CHECK(row.size() == 5);
            CHECK(row["id"].is_string());
            CHECK(row["reopen_count"].is_number_integer());
            CHECK(row["reopen_count"] == 0);
            CHECK(row["half"].is_number_float());
            CHECK(row["half"].get<double>() == 2.5);
        }
        CHECK(rows[1]["resolution_amount"] == "128.50");  // decimal text, not a number
        CHECK(rows[0]["resolution_amount"].is_null());
        CHECK(rows[3]["resolution_amount"].is_null());
        CHECK(rows[0]["department"].is_null());
        CHECK(rows[2]["department"] == "客服部");

        // Columns keep the order of the SELECT.
        const auto ordered = nlohmann::ordered_json::parse(query(fx, "json", {sql}).out);
        std::vector<std::string> keys;
        for (const auto& [key, value] : ordered[0].items()) keys.push_back(key);
        CHECK(keys == std::vector<std::string>{"id", "reopen_count", "department",
                                               "resolution_amount", "half"});
    }
    SUBCASE("JSON: no rows is []") {
        const Result r = query(fx, "json", {"SELECT id FROM complaint_facts WHERE 1 = 0"});
        REQUIRE(r.status == 0);
        CHECK(cli_test::parse_json(r.out) == json::array());
    }
    SUBCASE("CSV: a header, then one row per result row; NULL is an empty field") {
        const Result r = query(fx, "csv", {sql});
        INFO("stderr: " << r.err);
        REQUIRE(r.status == 0);
        const auto rows = cli_test::parse_csv(r.out);
        REQUIRE(rows.size() == 5);
        CHECK(rows[0] == std::vector<std::string>{"id", "reopen_count", "department",
                                                  "resolution_amount", "half"});
        CHECK(rows[1] == std::vector<std::string>{s.p2, "0", "", "", "2.5"});
        CHECK(rows[2] == std::vector<std::string>{s.p1, "0", "", "128.50", "2.5"});
        CHECK(rows[3] == std::vector<std::string>{s.d1, "0", "客服部", "", "2.5"});
        CHECK(rows[4] == std::vector<std::string>{s.d2, "0", "", "", "2.5"});
        // A value with a comma or a quote is quoted.
        const Result q = query(fx, "csv", {"SELECT 'a,b' AS x, 'say \"hi\"' AS y"});
        REQUIRE(q.status == 0);
        CHECK(cli_test::parse_csv(q.out) ==
              std::vector<std::vector<std::string>>{{"x", "y"}, {"a,b", "say \"hi\""}});
    }
    SUBCASE("text: a header of the column names and one line per row") {
        const Result r = query(fx, "text",
                               {"SELECT id, summary FROM complaint_facts "
                                "WHERE category = 'delivery' ORDER BY id"});
        INFO("stderr: " << r.err);
        REQUIRE(r.status == 0);
        const auto lines = r.out_lines();
        REQUIRE(lines.size() == 3);
        CHECK(words(lines[0]) == std::vector<std::string>{"id", "summary"});
        CHECK(words(lines[1]) == std::vector<std::string>{s.d1, "D1", "水壶漏水"});
        CHECK(words(lines[2]) == std::vector<std::string>{s.d2, "D2"});
        // Columns are aligned: the summaries start at the same display column.
        CHECK(lines[1].find("D1") == lines[2].find("D2"));
        CHECK(lines[0].find("summary") == lines[1].find("D1"));
    }
}

TEST_CASE("query: --param binds :NAME as text or as a whole number; '-' reads the SQL") {
    Fixture fx;
    const DataSet s = build(fx);

    SUBCASE("a text value") {
        const json rows =
            query_json(fx, {"SELECT id FROM complaint_facts WHERE category = :cat ORDER BY id",
                            "--param", "cat=delivery"});
        REQUIRE(rows.size() == 2);
        CHECK(rows[0]["id"] == s.d1);
        CHECK(rows[1]["id"] == s.d2);
        // A value is bound, never spliced into the SQL.
        CHECK(query_json(fx, {"SELECT id FROM complaint_facts WHERE category = :cat", "--param",
                              "cat=x' OR '1'='1"})
                  .empty());
        const json echo = query_json(
            fx, {"SELECT :v AS v" + type_column(":v"), "--param", "v=2026-11-01T00:00:00Z"});
        CHECK(echo[0]["v"] == "2026-11-01T00:00:00Z");
        if (!cli_test::on_server()) CHECK(echo[0]["t"] == "text");
    }
    SUBCASE("a whole number is bound as an integer") {
        // count(*) >= '2' (text) would be false for every group: integers sort before text.
        const json rows =
            query_json(fx, {"SELECT category, count(*) AS n FROM complaint_facts GROUP BY category "
                            "HAVING count(*) >= :min ORDER BY category",
                            "--param", "min=2"});
        REQUIRE(rows.size() == 2);
        CHECK(rows[0]["category"] == "delivery");
        CHECK(rows[0]["n"] == 2);
        CHECK(rows[1]["category"] == "product");
        const json typed = query_json(fx, {"SELECT :n AS n" + type_column(":n") + ", :m AS m",
                                           "--param", "n=42", "--param", "m=-7"});
        CHECK(typed[0]["n"] == 42);
        if (!cli_test::on_server()) CHECK(typed[0]["t"] == "integer");
        CHECK(typed[0]["m"] == -7);
    }
    SUBCASE("several parameters, one used twice") {
        const json rows = query_json(
            fx, {"SELECT id FROM complaint_facts WHERE received_at >= :from AND received_at < :to "
                 "AND (assignee = :who OR :who = 'anyone') ORDER BY id",
                 "--param", "from=2026-11-16T00:00:00Z", "--param", "to=2026-11-20T00:00:00Z",
                 "--param", "who=zhang"});
        REQUIRE(rows.size() == 1);
        CHECK(rows[0]["id"] == s.p1);
    }
    SUBCASE("SQL from standard input") {
        const json rows =
            query_json(fx, {"-", "--param", "cat=product"},
                       "-- products\nSELECT id\n  FROM complaint_facts\n WHERE category = :cat\n"
                       " ORDER BY id;\n");
        REQUIRE(rows.size() == 2);
        CHECK(rows[0]["id"] == s.p2);
        CHECK(rows[1]["id"] == s.p1);
    }
}

TEST_CASE("query: the views have the documented columns, UTC times and on-time flags") {
    Fixture fx;
    const DataSet s = build(fx);

    SUBCASE("complaint_facts") {
        const json rows = query_json(fx, {"SELECT * FROM complaint_facts ORDER BY id"});
        REQUIRE(rows.size() == 4);
        std::vector<std::string> columns = {
            "id", "status", "kind", "channel", "category", "severity", "customer_name",
            "customer_contact", "customer_organization", "customer_order", "summary", "received_at",
            "assignee", "department", "reopen_count", "resolution_outcome", "resolution_amount",
            "resolution_at", "closed_at", "last_revisit_result", "last_revisit_score",
            // SPEC 10 "Reports"
            "site", "cause", "substantiated", "resolution_responsible", "rejection_reason",
            "rejection_of", "possible_duplicate_of", "hold_reason", "held_minutes", "total_amount"};
        for (const char* m : {"acknowledge", "assign", "investigate", "resolve", "revisit"})
            for (const char* suffix : {"_due", "_met_at", "_on_time"})
                columns.push_back(std::string(m) + suffix);
        std::map<std::string, json> by;
        for (const auto& row : rows) {
            for (const auto& column : columns)
                CHECK_MESSAGE(row.contains(column), "complaint_facts lacks " << column);
            by[row["id"].get<std::string>()] = row;
        }
        const json& p1 = by[s.p1];
        CHECK(p1["status"] == "resolved");
        CHECK(p1["kind"] == "complaint");
        CHECK(p1["channel"] == "phone");
        CHECK(p1["category"] == "product");
        CHECK(p1["severity"] == "general");
        CHECK(p1["customer_name"] == "Wang Fang");
        CHECK(p1["customer_contact"] == "138 0000 0000");
        CHECK(p1["customer_organization"].is_null());
        CHECK(p1["customer_order"] == "SO-1");
        CHECK(p1["summary"] == "P1");
        CHECK(p1["received_at"] == "2026-11-16T01:00:00Z");
        CHECK(p1["assignee"] == "zhang");
        CHECK(p1["resolution_outcome"] == "refund");
        CHECK(p1["resolution_amount"] == "128.50");
        CHECK(p1["total_amount"] == "128.50");
        CHECK(p1["held_minutes"] == 0);
        CHECK(p1["resolution_at"] == "2026-11-17T02:00:00Z");
        CHECK(p1["closed_at"].is_null());
        CHECK(p1["last_revisit_result"].is_null());
        CHECK(p1["last_revisit_score"].is_null());
        CHECK(p1["assign_due"] == "2026-11-17T10:00:00Z");
        CHECK(p1["assign_met_at"] == "2026-11-16T02:00:00Z");
        CHECK(p1["assign_on_time"] == 1);
        CHECK(p1["resolve_due"] == "2026-11-23T10:00:00Z");
        CHECK(p1["resolve_on_time"] == 1);
        CHECK(p1["revisit_due"] == "2026-11-18T10:00:00Z");
        CHECK(p1["revisit_met_at"].is_null());
        CHECK(p1["revisit_on_time"].is_null());

        const json& p2 = by[s.p2];
        CHECK(p2["investigate_due"] == "2026-11-05T10:00:00Z");
        CHECK(p2["investigate_met_at"] == "2026-11-10T02:00:00Z");
        CHECK(p2["investigate_on_time"] == 0);
        CHECK(p2["resolve_due"] == "2026-11-09T10:00:00Z");
        CHECK(p2["resolve_on_time"] == 0);
        CHECK(p2["resolution_amount"].is_null());
        CHECK(p2["assign_on_time"] == 1);

        const json& d1 = by[s.d1];
        CHECK(d1["customer_organization"] == "Acme");
        CHECK(d1["summary"] == "D1 水壶漏水");
        CHECK(d1["assignee"] == "王芳");
        CHECK(d1["department"] == "客服部");
        CHECK(d1["resolution_outcome"] == "apology");

        const json& d2 = by[s.d2];
        CHECK(d2["status"] == "registered");
        CHECK(d2["channel"] == "email");
        CHECK(d2["received_at"] == "2026-11-20T07:00:00Z");
        CHECK(d2["assign_due"] == "2026-11-23T10:00:00Z");
        for (const char* m : {"assign", "investigate", "resolve", "revisit"}) {
            CAPTURE(m);
            CHECK(d2[std::string(m) + "_met_at"].is_null());
            CHECK(d2[std::string(m) + "_on_time"].is_null());
        }
        CHECK(d2["investigate_due"].is_null());
        CHECK(d2["resolution_outcome"].is_null());
        CHECK(d2["resolution_at"].is_null());

        // Every time is UTC text.
        for (const auto& row : rows)
            for (const auto& [key, value] : row.items()) {
                const bool timeish = key.ends_with("_at") || key.ends_with("_due");
                if (!timeish || value.is_null()) continue;
                INFO(key << " = " << value.dump());
                REQUIRE(value.is_string());
                CHECK(std::regex_match(value.get<std::string>(), k_utc));
            }
    }
    SUBCASE("milestone_facts: six rows per complaint with their states") {
        const json rows = query_json(
            fx, {"SELECT * FROM milestone_facts ORDER BY id, CASE milestone WHEN 'acknowledge' "
                 "THEN 0 WHEN 'assign' THEN 1 WHEN 'investigate' THEN 2 WHEN 'resolve' THEN 3 "
                 "WHEN 'revisit' THEN 4 ELSE 5 END"});
        REQUIRE(rows.size() == 24);
        std::map<std::string, std::vector<std::string>> milestones;
        std::map<std::pair<std::string, std::string>, json> by;
        for (const auto& row : rows) {
            for (const char* column : {"id", "milestone", "due", "met_at", "state"})
                CHECK_MESSAGE(row.contains(column), "milestone_facts lacks " << column);
            milestones[row["id"].get<std::string>()].push_back(row["milestone"]);
            by[{row["id"], row["milestone"]}] = row;
        }
        // SPEC 10: acknowledge comes first; hold is the review of a long hold.
        const std::vector<std::string> six = {"acknowledge", "assign",  "investigate",
                                              "resolve",     "revisit", "hold"};
        for (const auto& id : {s.p1, s.p2, s.d1, s.d2}) CHECK(milestones[id] == six);

        const auto state = [&](const std::string& id, const std::string& m) {
            return by[{id, m}]["state"].get<std::string>();
        };
        CHECK(by[{s.p2, "investigate"}]["due"] == "2026-11-05T10:00:00Z");
        CHECK(by[{s.p2, "investigate"}]["met_at"] == "2026-11-10T02:00:00Z");
        CHECK(state(s.p2, "assign") == "met");
        CHECK(state(s.p2, "investigate") == "met_late");
        CHECK(state(s.p2, "resolve") == "met_late");
        CHECK(state(s.p1, "resolve") == "met");
        CHECK(state(s.d2, "investigate") == "not_started");
        CHECK(state(s.d2, "resolve") != "met");
        CHECK(by[{s.d2, "revisit"}]["due"].is_null());
        CHECK(state(s.d2, "revisit") == "not_started");
        CHECK(by[{s.d2, "hold"}]["due"].is_null());
        CHECK(state(s.d2, "hold") == "not_started");
        // Unmet with a deadline: judged at the tool's clock, COMPLAINTS_NOW (Monday 10:00).
        const std::string now = "2026-11-23T02:00:00Z";
        for (const auto& [key, row] : by) {
            if (!row["met_at"].is_null() || row["due"].is_null()) continue;
            INFO(key.first << " " << key.second << " due " << row["due"] << ", now " << now);
            CHECK(row["state"] == (row["due"].get<std::string>() < now ? "overdue" : "pending"));
        }
    }
    SUBCASE("event_log: one row per event, in order") {
        const json rows = query_json(
            fx, {"SELECT * FROM event_log WHERE id = :id ORDER BY seq", "--param", "id=" + s.p1});
        REQUIRE(rows.size() == 3);
        const std::vector<std::string> types = {"register", "assign", "resolve"};
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const json& row = rows[i];
            INFO("row: " << row.dump());
            for (const char* column :
                 {"id", "seq", "type", "at", "recorded_at", "actor", "details"})
                CHECK_MESSAGE(row.contains(column), "event_log lacks " << column);
            CHECK(row["id"] == s.p1);
            CHECK(row["seq"].is_number_integer());
            CHECK(row["type"] == types[i]);
            CHECK(row["actor"] == "tester");
            CHECK(row["recorded_at"] == "2026-11-23T02:00:00Z");
            REQUIRE(row["details"].is_string());
            CHECK(cli_test::parse_json(row["details"].get<std::string>()).is_object());
        }
        CHECK(rows[0]["seq"] < rows[1]["seq"]);
        CHECK(rows[1]["seq"] < rows[2]["seq"]);
        CHECK(rows[0]["at"] == "2026-11-16T01:00:00Z");
        CHECK(rows[1]["at"] == "2026-11-16T02:00:00Z");
        CHECK(rows[2]["at"] == "2026-11-17T02:00:00Z");
        CHECK(cli_test::parse_json(rows[1]["details"].get<std::string>())["to"] == "zhang");
        CHECK(query_json(fx, {"SELECT count(*) AS n FROM event_log"})[0]["n"] == 10);
    }
}

// SQLite's julianday(); on a server (which has no julianday()) the unixepoch()
// of the tool's schema, as docs/schema.md writes it.
TEST_CASE("query: average hours to resolve by category") {
    Fixture fx;
    build(fx);
    const std::string hours = cli_test::on_server()
                                  ? "(unixepoch(resolution_at) - unixepoch(received_at)) / 3600.0"
                                  : "(julianday(resolution_at) - julianday(received_at)) * 24";
    const std::string sql =
        "SELECT category, count(*) AS resolved,\n"
        "       round(avg(" +
        hours +
        "), 2) AS avg_hours\n"
        "  FROM complaint_facts WHERE resolution_at IS NOT NULL\n"
        " GROUP BY category ORDER BY category";
    // delivery: D1 6.5 h; product: P1 25 h and P2 193 h, 109 on average.
    const json rows = query_json(fx, {sql});
    REQUIRE(rows.size() == 2);
    CHECK(rows[0]["category"] == "delivery");
    CHECK(rows[0]["resolved"] == 1);
    REQUIRE(rows[0]["avg_hours"].is_number());
    CHECK(rows[0]["avg_hours"].get<double>() == doctest::Approx(6.5));
    CHECK(rows[1]["category"] == "product");
    CHECK(rows[1]["resolved"] == 2);
    REQUIRE(rows[1]["avg_hours"].is_number());
    CHECK(rows[1]["avg_hours"].get<double>() == doctest::Approx(109.0));

    // The same question in CSV, for a spreadsheet.
    const Result r = query(fx, "csv", {"-"}, sql);
    REQUIRE(r.status == 0);
    const auto csv = cli_test::parse_csv(r.out);
    REQUIRE(csv.size() == 3);
    CHECK(csv[0] == std::vector<std::string>{"category", "resolved", "avg_hours"});
    CHECK(csv[1][0] == "delivery");
    CHECK(std::stod(csv[1][2]) == doctest::Approx(6.5));
    CHECK(csv[2][0] == "product");
    CHECK(std::stod(csv[2][2]) == doctest::Approx(109.0));
}

TEST_CASE("query: the database is read-only; anything else is exit 65 and changes nothing") {
    Fixture fx;
    build(fx);
    const std::vector<std::string> writes = {
        "INSERT INTO event (complaint, type, at, recorded_at, actor, details) "
        "SELECT row_id, 'x', '2026-11-23T02:00:00Z', '2026-11-23T02:00:00Z', 'x', '{}' "
        "FROM complaint",
        "UPDATE complaint SET status = 'closed'",
        "DELETE FROM event",
        "DELETE FROM complaint",
        "CREATE TABLE t (x integer)",
        "CREATE VIEW v AS SELECT 1",
        "DROP VIEW event_log",
        "DROP TABLE event",
        "ATTACH 'x.db' AS x",
        "PRAGMA user_version = 5",
        "PRAGMA journal_mode = DELETE",
        "select 1; select 2",
        "SELECT 1; DELETE FROM event",
        // Statements that return rows and would still write or lock.
        "SELECT id FROM complaint FOR UPDATE",
        "WITH d AS (DELETE FROM event RETURNING seq) SELECT count(*) FROM d",
        "UPDATE complaint SET status = 'closed' RETURNING id",
    };
    for (const auto& sql : writes) {
        CAPTURE(sql);
        check_refused(fx, {"query", sql}, 65);
    }
    check_refused(fx, {"query", "-"}, 65);  // empty standard input: no statement
    CHECK_FALSE(fs::exists(fx.dir() / "x.db"));
    // The same through standard input.
    const std::string before = cli_test::snapshot(fx.db());
    const Result r = fx.run({"query", "-"}, "DELETE FROM event;\n");
    CHECK(r.status == 65);
    cli_test::check_error_shape(r);
    CHECK(cli_test::snapshot(fx.db()) == before);
    CHECK(cli_test::count_rows(fx.db(), "event") == 10);
    // Reading a setting is fine.
    if (cli_test::on_server()) {
        const json timeout = query_json(fx, {"SHOW statement_timeout"});
        REQUIRE(timeout.size() == 1);
        CHECK(timeout[0].contains("statement_timeout"));
    } else {
        const json version = query_json(fx, {"PRAGMA user_version"});
        REQUIRE(version.size() == 1);
        CHECK(version[0]["user_version"].is_number_integer());
        CHECK(version[0]["user_version"].get<int>() >= 2);
    }
}

TEST_CASE("query: a syntax error is 65 with SQLite's message (the server's on a server)") {
    Fixture fx;
    build(fx);
    const bool server = cli_test::on_server();
    check_refused(fx, {"query", "selec id from complaint_facts"}, 65,
                  server ? "syntax error at or near \"selec\"" : "near \"selec\": syntax error");
    check_refused(fx, {"query", "select nope from complaint_facts"}, 65,
                  server ? "column \"nope\" does not exist" : "no such column: nope");
    check_refused(fx, {"query", "select * from nowhere"}, 65,
                  server ? "relation \"nowhere\" does not exist" : "no such table: nowhere");
}

TEST_CASE("query: bad or missing --param is a usage error (64)") {
    Fixture fx;
    build(fx);
    check_refused(fx, {"query", "select :a", "--param", "novalue"}, 64, "novalue");
    check_refused(fx, {"query", "select :a", "--param", "1x=2"}, 64, "1x=2");
    check_refused(fx, {"query", "select :a", "--param", "=2"}, 64);
    // A parameter of the SQL without a --param.
    check_refused(fx, {"query", "select :a"}, 64, ":a");
    check_refused(fx, {"query", "select :a, :b", "--param", "a=1"}, 64, ":b");
    // A --param the SQL does not use.
    check_refused(fx, {"query", "select 1", "--param", "a=1"}, 64, "a");
    check_refused(fx, {"query", "select :a", "--param", "a=1", "--param", "zz=2"}, 64, "zz");
}

TEST_CASE("query: no database is 66, and none is created") {
    Fixture fx;
    const Result r = fx.run({"query", "select 1"});
    INFO("stderr: " << r.err);
    CHECK(r.status == 66);
    cli_test::check_error_shape(r);
    CHECK_FALSE(cli_test::database_exists(fx.db()));
}

// The views follow the tool's clock: with COMPLAINTS_NOW set, milestone_facts
// judges at that time, not at the system clock (which SQLite's 'now' reads).
TEST_CASE("query: milestone_facts.state follows COMPLAINTS_NOW") {
    Fixture fx;
    // Received Monday 10:00: assign due Tuesday 11-24 18:00 (10:00 UTC).
    const std::string id = fx.register_complaint({"--received-at", "2026-11-23 10:00"});
    const auto state_at = [&](const std::string& now) {
        const Result r = fx.run({"--format", "json", "query",
                                 "SELECT state FROM milestone_facts WHERE id = :id AND milestone = "
                                 "'assign'",
                                 "--param", "id=" + id},
                                "", {{"COMPLAINTS_NOW", now}});
        INFO("stderr: " << r.err);
        REQUIRE(r.status == 0);
        const json rows = cli_test::parse_json(r.out);
        REQUIRE(rows.size() == 1);
        return rows[0]["state"].get<std::string>();
    };
    CHECK(state_at("2026-11-23 10:00") == "pending");
    CHECK(state_at("2026-11-24 17:59:59") == "pending");
    CHECK(state_at("2026-11-24 18:00") == "pending");  // overdue after the deadline, as in show
    CHECK(state_at("2026-11-24 18:00:01") == "overdue");
    CHECK(state_at("2026-12-01T00:00:00Z") == "overdue");
    // The same as show says at those times.
    for (const char* now : {"2026-11-24 17:00", "2026-11-25 09:00"}) {
        const Result shown =
            fx.run({"--format", "json", "show", id}, "", {{"COMPLAINTS_NOW", now}});
        REQUIRE(shown.status == 0);
        CHECK(cli_test::parse_json(shown.out)["milestones"]["assign"]["state"] == state_at(now));
    }
    // complaint_facts and event_log are there too, and the query stays read-only.
    const Result facts = fx.run({"query", "SELECT count(*) FROM complaint_facts, event_log"}, "",
                                {{"COMPLAINTS_NOW", "2026-11-25 09:00"}});
    CHECK(facts.status == 0);
    const std::string before = cli_test::snapshot(fx.db());
    const Result write = fx.run({"query", "CREATE TEMP VIEW x AS SELECT 1"}, "",
                                {{"COMPLAINTS_NOW", "2026-11-25 09:00"}});
    CHECK(write.status == 65);
    CHECK(cli_test::snapshot(fx.db()) == before);
}
