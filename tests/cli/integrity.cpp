// The tamper-evident history (SPEC §12): `verify` on a database made by the
// tool, and after rows were edited, deleted, reordered and truncated behind
// its back (the append-only triggers dropped on SQLite, set aside with
// complaints.rewriting_events on a server), each change reported naming the
// complaint and the event; `backup` while other processes write; `anonymize`
// of one complaint.
#include "harness.hpp"
#include "steps.hpp"

#include <doctest/doctest.h>

#include <regex>
#include <string>
#include <vector>

using cli_test::check_refused;
using cli_test::Fixture;
using cli_test::Result;
using cli_test::run_json;
using cli_test::run_ok;

namespace {

// What an attacker with write access to a SQLite file does first; on a
// server, the harness's session sets complaints.rewriting_events instead.
const std::string k_drop_triggers = "DROP TRIGGER event_no_update; DROP TRIGGER event_no_delete; ";

// Runs `statements` on the test's database behind the tool's back, the
// append-only triggers of events out of the way; they must succeed.
void sql(Fixture& f, const std::string& statements) {
    INFO("sql: " << statements);
    REQUIRE_NOTHROW(
        cli_test::sql_script(f.db(), (cli_test::on_server() ? "" : k_drop_triggers) + statements));
}

// The one value `query` gives.
std::string sql_value(Fixture& f, const std::string& query) {
    const auto rows = cli_test::sql_rows(f.db(), query);
    REQUIRE(rows.size() == 1);
    REQUIRE(rows[0].size() == 1);
    return rows[0][0];
}

// SQL for the value of `key` (a top-level key) of JSON text `column`.
std::string json_value(const std::string& column, const std::string& key) {
    return cli_test::on_server() ? "CAST(" + column + " AS json) ->> '" + key + "'"
                                 : "json_extract(" + column + ", '$." + key + "')";
}

const std::regex k_ok(R"(ok: (\d+) complaints, (\d+) events, head ([0-9a-f]{64})\n)");

// Three complaints: one closed, one assigned with a contact, one rejected.
std::vector<std::string> populate(Fixture& f) {
    const std::string a = f.register_complaint(
        {"--contact", "13800001234", "--order", "A-1", "--description", "kettle leaks"});
    cli_test::bring_to(f, a, "closed");
    const std::string b =
        f.register_complaint({"--customer", "王芳", "--contact", "wang@example.com"});
    run_ok(f, {"assign", b, "--to", "zhang"});
    run_ok(f, {"contact", b, "--via", "phone", "--note", "told her we are on it"});
    const std::string c = f.register_complaint();
    cli_test::bring_to(f, c, "rejected");
    return {a, b, c};
}

std::string head_of(const Result& r) {
    std::smatch m;
    REQUIRE(std::regex_match(r.out, m, k_ok));
    return m[3];
}

// Runs verify, which must find problems: exit 65, and every one of `lines`
// is a line of its output.
Result check_problems(Fixture& f, const std::vector<std::string>& lines,
                      const std::vector<std::string>& args = {"verify"}) {
    const Result r = f.run(args);
    INFO("stdout:\n" << r.out << "stderr:\n" << r.err);
    CHECK(r.status == 65);
    CHECK(r.err.find("complaints: error: ") == 0);
    for (const auto& line : lines) CHECK_MESSAGE(r.out.find(line) != std::string::npos, line);
    return r;
}

}  // namespace

TEST_CASE("verify: a database made by the tool verifies, and says what it checked") {
    Fixture f;
    SUBCASE("empty") {
        f.register_complaint();
        sql(f, "DELETE FROM event; DELETE FROM complaint;");
        const Result r = run_ok(f, {"verify"});
        CHECK(r.out ==
              "ok: 0 complaints, 0 events, head "
              "0000000000000000000000000000000000000000000000000000000000000000\n");
    }
    SUBCASE("with complaints in several statuses") {
        const auto ids = populate(f);
        const Result r = run_ok(f, {"verify"});
        std::smatch m;
        REQUIRE(std::regex_match(r.out, m, k_ok));
        CHECK(m[1] == "3");
        CHECK(m[2] == sql_value(f, "SELECT count(*) FROM event"));
        CHECK(m[3] == sql_value(f, "SELECT hash FROM event ORDER BY seq DESC LIMIT 1"));
        // Every event is chained, and personal values have digests.
        CHECK(sql_value(f, "SELECT count(*) FROM event WHERE hash IS NULL") == "0");
        // The digest of the name is the SHA-256 of "Wang Fang".
        CHECK(sql_value(f, "SELECT " + json_value("digests", "/customer/name") +
                               " FROM event WHERE type = 'register' ORDER BY seq LIMIT 1") ==
              "c68663945ca19e59958e146cd1c45984bfaba4d2046371a33d280c656e6f7d42");
    }
}

TEST_CASE("verify: --head holds while events are added, and reports truncation") {
    Fixture f;
    const auto ids = populate(f);
    const std::string head = head_of(run_ok(f, {"verify"}));
    run_ok(f, {"assign", ids[1], "--to", "li"});
    const std::string later = head_of(run_ok(f, {"verify", "--head", head}));
    CHECK(later != head);
    // Roll back: remove the newest event and undo its change.
    sql(f,
        "DELETE FROM event WHERE seq = (SELECT max(seq) FROM event);"
        "UPDATE complaint SET assignee = 'zhang' WHERE id = '" +
            ids[1] + "';");
    check_problems(f, {"database: the head " + later + " is not in the chain"},
                   {"verify", "--head", later});
    // Without --head the shorter chain still holds: only the head kept off the
    // machine reveals a truncation.
    run_ok(f, {"verify", "--head", head});
    // A head that is not a hash is a usage error.
    check_refused(f, {"verify", "--head", "abc"}, 64, {"--head"});
}

TEST_CASE("verify: an edited event is reported with its complaint, seq and type") {
    Fixture f;
    const auto ids = populate(f);
    const std::string seq =
        sql_value(f,
                  "SELECT e.seq FROM event e JOIN complaint c ON c.row_id = e.complaint "
                  "WHERE c.id = '" +
                      ids[1] + "' AND e.type = 'assign'");
    SUBCASE("details") {
        sql(f,
            "UPDATE event SET details = replace(details, '\"to\":\"zhang\"', '\"to\":\"li\"') "
            "WHERE seq = " +
                seq);
        REQUIRE(sql_value(f, "SELECT " + json_value("details", "to") +
                                 " FROM event WHERE seq = " + seq) == "li");
        check_problems(
            f, {"complaint " + ids[1] + ": event " + seq + " (assign): hash does not match"});
    }
    SUBCASE("time") {
        sql(f, "UPDATE event SET at = '2026-11-01T00:00:00Z' WHERE seq = " + seq);
        check_problems(
            f, {"complaint " + ids[1] + ": event " + seq + " (assign): hash does not match"});
    }
    SUBCASE("a personal value, hash left alone") {
        const std::string reg =
            sql_value(f,
                      "SELECT e.seq FROM event e JOIN complaint c ON c.row_id = e.complaint "
                      "WHERE c.id = '" +
                          ids[1] + "' AND e.type = 'register'");
        sql(f,
            "UPDATE event SET details = replace(details, '\"name\":\"王芳\"', "
            "'\"name\":\"李四\"') WHERE seq = " +
                reg);
        REQUIRE(sql_value(f, "SELECT count(*) FROM event WHERE seq = " + reg +
                                 " AND details LIKE '%李四%'") == "1");
        check_problems(f, {"complaint " + ids[1] + ": event " + reg +
                           " (register): the personal value at /customer/name does not match "
                           "its digest"});
    }
    SUBCASE("a hash recomputed without the chain's rule still breaks the next link") {
        sql(f, "UPDATE event SET hash = '" + std::string(64, 'a') + "' WHERE seq = " + seq);
        check_problems(f, {"event " + seq + " (assign): hash does not match"});
    }
}

TEST_CASE("verify: deleted, reordered and inserted events are reported") {
    Fixture f;
    const auto ids = populate(f);
    const std::string first = sql_value(f,
                                        "SELECT min(seq) FROM event e JOIN complaint c ON "
                                        "c.row_id = e.complaint WHERE c.id = '" +
                                            ids[1] + "'");
    SUBCASE("deleted from the middle") {
        const std::string assign =
            sql_value(f,
                      "SELECT e.seq FROM event e JOIN complaint c ON c.row_id = e.complaint "
                      "WHERE c.id = '" +
                          ids[1] + "' AND e.type = 'assign'");
        sql(f, "DELETE FROM event WHERE seq = " + assign);
        const long next = std::stol(assign) + 1;
        check_problems(
            f, {"event " + std::to_string(next), "event " + assign + " before it is missing"});
    }
    SUBCASE("two events swapped") {
        const long a = std::stol(first);
        sql(f, "UPDATE event SET seq = -1 WHERE seq = " + std::to_string(a) +
                   "; UPDATE event SET seq = " + std::to_string(a) +
                   " WHERE seq = " + std::to_string(a + 1) +
                   "; UPDATE event SET seq = " + std::to_string(a + 1) + " WHERE seq = -1;");
        check_problems(f, {"event " + std::to_string(a) + " (assign): hash does not match",
                           "event " + std::to_string(a + 1) + " (register): hash does not match"});
    }
    SUBCASE("inserted without a hash") {
        sql(f,
            "INSERT INTO event (seq, complaint, type, at, recorded_at, actor, details) SELECT "
            "(SELECT max(seq) + 1 FROM event), row_id, 'contact', '2026-11-23T02:00:00Z', "
            "'2026-11-23T02:00:00Z', 'x', "
            "'{\"via\":\"phone\",\"direction\":\"out\",\"note\":\"n\"}' FROM complaint "
            "WHERE id = '" +
                ids[0] + "'");
        check_problems(f, {"complaint " + ids[0] + ": event", "(contact): has no hash"});
    }
}

TEST_CASE("verify: a stored field that its events do not give, and changed evidence") {
    Fixture f;
    const auto ids = populate(f);
    SUBCASE("evidence content") {
        const std::string file = f.write_file("receipt.txt", "paid 128.50\n");
        run_ok(f, {"attach", ids[1], file});
        sql(f, cli_test::on_server()
                   ? "UPDATE evidence_content SET content = convert_to('paid 1.00', 'UTF8')"
                   : "UPDATE evidence_content SET content = CAST('paid 1.00' AS BLOB)");
        check_problems(f,
                       {"complaint " + ids[1] + ": event ", "(attach): the content of evidence"});
    }
}

TEST_CASE("verify: an index that no longer matches its table (SQLite's integrity check)" *
          doctest::test_suite("sqlite")) {
    Fixture f;
    populate(f);
    sql(f,
        "PRAGMA writable_schema = ON; UPDATE sqlite_schema SET sql = 'CREATE INDEX "
        "complaint_received ON complaint (summary)' WHERE name = 'complaint_received';");
    check_problems(f, {"database: integrity check: "});
}

TEST_CASE("backup: a verified copy, never over an existing file, while others write" *
          doctest::test_suite("sqlite")) {
    Fixture f;
    const auto ids = populate(f);
    const std::string copy = (f.dir() / "copy.db").string();
    SUBCASE("a copy that verifies and lists the same") {
        const Result r = run_ok(f, {"backup", copy});
        CHECK(r.out.find(copy + ": ok: 3 complaints, ") == 0);
        CHECK(run_ok(f, {"--db", copy, "list"}).out == run_ok(f, {"list"}).out);
        CHECK(run_ok(f, {"--db", copy, "verify"}).out == run_ok(f, {"verify"}).out);
        CHECK((std::filesystem::status(copy).permissions() & std::filesystem::perms::all) ==
              (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
    }
    SUBCASE("an existing file is never overwritten") {
        f.write_file("copy.db", "keep me");
        const Result r = f.run({"backup", copy});
        CHECK(r.status == 73);
        CHECK(cli_test::read_file(copy) == "keep me");
    }
    SUBCASE("while four processes register") {
        std::vector<cli_test::Process> writers;
        const std::string script =
            "for i in $(seq 1 25); do \"$0\" register --channel phone --category product "
            "--customer w --summary s >/dev/null || exit 1; done";
        for (int i = 0; i < 4; ++i)
            writers.push_back(f.start("/bin/sh", {"-c", script, cli_test::binary()}));
        std::vector<std::string> copies;
        for (int i = 0; i < 5; ++i) {
            const std::string name = (f.dir() / ("copy" + std::to_string(i) + ".db")).string();
            const Result r = f.run({"backup", name});
            INFO(r.err);
            CHECK(r.status == 0);
            copies.push_back(name);
        }
        for (const auto& w : writers) CHECK(Fixture::wait(w).status == 0);
        for (const auto& c : copies) {
            const Result r = f.run({"--db", c, "verify"});
            INFO(r.out << r.err);
            CHECK(r.status == 0);
        }
        const Result all = run_ok(f, {"verify"});
        CHECK(all.out.find("ok: 103 complaints") == 0);
    }
}

TEST_CASE("anonymize ID --reason: an erasure request") {
    Fixture f;
    const auto ids = populate(f);
    const std::string file = f.write_file("receipt.txt", "paid 128.50 by 王芳\n");
    run_ok(f, {"attach", ids[0], file});
    const std::string summary = run_ok(f, {"report", "summary"}).out;
    const std::string milestones = run_ok(f, {"query", "SELECT * FROM milestone_facts"}).out;
    const std::string head = head_of(run_ok(f, {"verify"}));

    SUBCASE("of a final complaint") {
        const Result r = run_ok(f, {"anonymize", ids[0], "--reason", "erasure request"});
        CHECK(r.out == ids[0] + "  anonymized  reason: erasure request\n");
        const auto c = f.show(ids[0]);
        CHECK(c["customer"]["name"] == "W*");
        CHECK(c["customer"]["contact"] == "*******1234");
        CHECK(c["customer"]["order"].is_null());
        CHECK(c["description"].is_null());
        CHECK(cli_test::event_types(c).back() == "anonymize");
        // The register event holds no personal value any more.
        const std::string details = sql_value(
            f,
            "SELECT e.details FROM event e JOIN complaint c ON c.row_id = e.complaint WHERE "
            "c.id = '" +
                ids[0] + "' AND e.type = 'register'");
        CHECK(details.find("Wang Fang") == std::string::npos);
        CHECK(details.find("13800001234") == std::string::npos);
        CHECK(details.find("kettle leaks") == std::string::npos);
        // Evidence: name, size and hash stay; the content is gone.
        CHECK(sql_value(f, "SELECT count(*) FROM evidence_content WHERE content IS NULL") == "1");
        CHECK(sql_value(f, "SELECT name || ' ' || size FROM evidence") == "receipt.txt 22");
        // Statistics and deadlines unchanged; the chain still holds.
        CHECK(run_ok(f, {"report", "summary"}).out == summary);
        CHECK(run_ok(f, {"query", "SELECT * FROM milestone_facts"}).out == milestones);
        run_ok(f, {"verify", "--head", head});
        // The file no longer holds the values (secure_delete). (A server keeps
        // old row versions until VACUUM: docs/manual.md.)
        if (!cli_test::on_server()) {
            run_ok(f, {"backup", (f.dir() / "after.db").string()});
            CHECK(cli_test::read_file(f.dir() / "after.db").find("13800001234") ==
                  std::string::npos);
        }
        // Twice is refused.
        check_refused(f, {"anonymize", ids[0], "--reason", "again"}, 65, {"anonymized already"});
    }
    SUBCASE("a contact note and an e-mail address") {
        run_ok(f, {"withdraw", ids[1]});
        run_ok(f, {"anonymize", ids[1], "--reason", "erasure request"});
        const auto c = f.show(ids[1]);
        CHECK(c["customer"]["name"] == "王*");
        CHECK(c["customer"]["contact"] == "w***@example.com");
        CHECK(sql_value(f, "SELECT count(*) FROM event WHERE type = 'contact' AND " +
                               json_value("details", "note") + " IS NULL") == "1");
        run_ok(f, {"verify", "--head", head});
    }
    SUBCASE("refused") {
        check_refused(f, {"anonymize", ids[1], "--reason", "r"}, 65, {"only a final complaint"});
        check_refused(f, {"anonymize", ids[0]}, 64, {"--reason"});
        check_refused(f, {"anonymize", "20261123-TEL-999", "--reason", "r"}, 66);
    }
}

namespace {

// Final complaints kept 30 days, those of major severity a year.
const std::string k_retention_policy = R"([retention]
keep = "30d"

[severity.general]
label = "General"
default = true
rank = 1

[severity.major]
label = "Major"
rank = 2
keep = "1y"
)";

}  // namespace

TEST_CASE("anonymize: by the policy's keep periods") {
    Fixture f;
    f.write_file("complaints.toml", k_retention_policy);
    const std::string general = f.register_complaint({"--contact", "13800001234"});
    cli_test::bring_to(f, general, "closed");
    const std::string major = f.register_complaint({"--severity", "major"});
    cli_test::bring_to(f, major, "closed");
    const std::string open = f.register_complaint();
    const std::string head = head_of(run_ok(f, {"verify"}));

    SUBCASE("nothing is due yet") {
        CHECK(run_ok(f, {"anonymize", "--dry-run"}).out.empty());
        CHECK(run_ok(f, {"anonymize"}).out.empty());
    }
    SUBCASE("--dry-run lists what is due and changes nothing") {
        const std::string before = cli_test::snapshot(f.db());
        const Result r = run_ok(f, {"anonymize", "--dry-run", "--as-of", "2026-12-24 10:00"});
        CHECK(r.out == general + "  would be anonymized  final since 2026-11-23 10:00, keep 30d\n");
        CHECK(cli_test::snapshot(f.db()) == before);
    }
    SUBCASE("each severity's keep period") {
        const Result first = run_ok(f, {"anonymize"}, {{"COMPLAINTS_NOW", "2026-12-24 10:00"}});
        CHECK(first.out == general + "  anonymized  final since 2026-11-23 10:00, keep 30d\n");
        CHECK(f.show(general)["customer"]["contact"] == "*******1234");
        CHECK(f.show(general)["anonymized_at"] == "2026-12-24T10:00:00+08:00");
        CHECK(f.show(major)["anonymized_at"].is_null());
        // Run again: nothing twice; a year on, the major one.
        CHECK(run_ok(f, {"anonymize"}, {{"COMPLAINTS_NOW", "2026-12-25 10:00"}}).out.empty());
        const Result later = run_ok(f, {"anonymize"}, {{"COMPLAINTS_NOW", "2027-11-23 10:00"}});
        CHECK(later.out == major + "  anonymized  final since 2026-11-23 10:00, keep 1y\n");
        CHECK(f.show(open)["anonymized_at"].is_null());
        CHECK(f.show(open)["customer"]["name"] == "Wang Fang");
        run_ok(f, {"verify", "--head", head});
    }
}

TEST_CASE("anonymize: who may run it, bad text, and no database") {
    SUBCASE("with [people], only its keys (77); a refused run changes nothing") {
        Fixture f;
        f.write_file("complaints.toml", "[people.tester]\nname = \"Tester\"\n");
        const std::string id = f.register_complaint();
        cli_test::bring_to(f, id, "rejected");
        const std::string before = cli_test::snapshot(f.db());
        check_refused(f, {"--as", "bob", "anonymize", id, "--reason", "erasure request"}, 77,
                      {"bob"});
        check_refused(f, {"--as", "bob", "anonymize", "--dry-run"}, 77, {"bob"});
        CHECK(cli_test::snapshot(f.db()) == before);
        run_ok(f, {"anonymize", id, "--reason", "erasure request"});
        CHECK(f.show(id)["customer"]["name"] == "W*");
    }
    SUBCASE("a reason with a control character is refused (65), nothing stored") {
        Fixture f;
        const std::string id = f.register_complaint();
        cli_test::bring_to(f, id, "rejected");
        const std::string before = cli_test::snapshot(f.db());
        check_refused(f, {"anonymize", id, "--reason", "erasure\x1b[2Jrequest"}, 65, {"--reason"});
        CHECK(cli_test::snapshot(f.db()) == before);
    }
    SUBCASE("no database: nothing to anonymize, and none is created") {
        Fixture f;
        CHECK(run_ok(f, {"anonymize"}).out.empty());
        CHECK(run_ok(f, {"anonymize", "--dry-run"}).out.empty());
        CHECK_FALSE(cli_test::database_exists(f.db()));
        check_refused(f, {"anonymize", "20261123-TEL-001", "--reason", "r"}, 66);
        CHECK_FALSE(cli_test::database_exists(f.db()));
    }
}
