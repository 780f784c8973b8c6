// What only a database on a PostgreSQL server has (SPEC §14), in the
// PostgreSQL run of the suite (ctest -L postgresql), where every Fixture has
// a database of its own on the test server of tests/postgres/server.sh; each
// test case skips itself without one. Where SQLite has its files, the server
// has its connection: an unreachable server and a refused login are exit 69
// with the server's reason, a password in the URL is refused (64) and never
// repeated; `backup` points to pg_dump (64); `init` writes no policy file; a
// database holding another program's tables is refused (74); `query` cannot
// write through the server's functions; and a SQLite database moves to the
// server through export | import -.
//
// The roles and rights of docs/manual.md ("Creating the database and its
// roles") are tried as the manual gives them: the owner creates the schema and
// runs the manual's GRANTs, read from the manual itself; a writer does the
// whole life of complaints but `anonymize` (77, nothing changed); a reader
// queries the views and nothing else; a role without rights changes nothing;
// and a right missing is 77 with the server's reason, for `query` too.
//
// The rest of SPEC §14 is tested by the whole suite running on the server:
// the newer schema (exit_codes.cpp, 74), a writer holding the lock
// (exit_codes.cpp, 75), 8 processes registering 25 complaints each
// (concurrency.cpp), a query that writes or runs past --timeout (query.cpp,
// query_limits.cpp), events changed behind the tool's back (integrity.cpp).
#include "harness.hpp"
#include "server_db.hpp"
#include "steps.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include <unistd.h>

using cli_test::check_refused;
using cli_test::Fixture;
using cli_test::Result;
using cli_test::run_ok;

namespace fs = std::filesystem;

namespace {

// The first line where `a` and `b` differ, to show instead of both whole.
std::string first_difference(const std::string& a, const std::string& b) {
    const auto lines_a = Result{0, a, ""}.out_lines();
    const auto lines_b = Result{0, b, ""}.out_lines();
    for (std::size_t i = 0; i < std::max(lines_a.size(), lines_b.size()); ++i) {
        const std::string x = i < lines_a.size() ? lines_a[i] : "<none>";
        const std::string y = i < lines_b.size() ? lines_b[i] : "<none>";
        if (x == y) continue;
        std::size_t at = 0;
        while (at < x.size() && at < y.size() && x[at] == y[at]) ++at;
        const std::size_t from = at > 80 ? at - 80 : 0;
        return "line " + std::to_string(i + 1) + " differs at byte " + std::to_string(at) +
               ":\n  ..." + x.substr(from, 240) + "\n  ..." + y.substr(from, 240);
    }
    return "the same";
}

// The lines of an export with the `import` events, which an import adds, left
// out of each complaint's history.
std::string without_imports(const std::string& jsonl) {
    std::string out;
    for (const auto& line : Result{0, jsonl, ""}.out_lines()) {
        nlohmann::ordered_json complaint = nlohmann::ordered_json::parse(line);
        nlohmann::ordered_json events = nlohmann::ordered_json::array();
        for (const auto& e : complaint["events"])
            if (e["type"] != "import") events.push_back(e);
        complaint["events"] = events;
        out += complaint.dump() + "\n";
    }
    return out;
}

// The test server's role that logs in with a password (tests/postgres/server.sh).
constexpr const char* k_password_role = "complaints_pw";
constexpr const char* k_password = "complaints-test-secret";

const std::vector<std::string> k_register = {"register",   "--channel", "phone",
                                             "--category", "product",   "--customer",
                                             "Wang Fang",  "--summary", "Kettle leaks"};

// `args` after `--db DB`.
std::vector<std::string> with_db(const std::string& db, std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db});
    return args;
}

// Every command of `commands` run against `db`, given with --db and in
// COMPLAINTS_DB, with `env`.
std::vector<std::pair<std::string, Result>> run_everywhere(
    Fixture& f, const std::string& db, const std::vector<std::vector<std::string>>& commands,
    cli_test::EnvChanges env = {}) {
    std::vector<std::pair<std::string, Result>> results;
    for (const auto& command : commands) {
        results.emplace_back("--db " + command.front(), f.run(with_db(db, command), "", env));
        auto in_environment = env;
        in_environment["COMPLAINTS_DB"] = db;
        results.emplace_back("COMPLAINTS_DB " + command.front(),
                             f.run(command, "", in_environment));
    }
    return results;
}

// The roles of docs/manual.md, "Creating the database and its roles", made
// on the test server for one test case: the owner of the tool's tables, the
// groups complaints_writer and complaints_reader with a login each (the
// manual's store12 and analyst), and a login that is in neither group. Roles
// are the whole server's and test cases run in parallel, so each name ends
// in the process's id and a serial. Dropped on destruction, which must come
// after the database they own or have rights in is dropped: construct it
// before the Fixture.
struct ManualRoles {
    std::string owner, writer, store12, reader, analyst, nobody;

    ManualRoles() {
        static int serial = 0;
        const std::string tag = "_" + std::to_string(::getpid()) + "_" + std::to_string(++serial);
        owner = "complaints_owner" + tag;
        writer = "complaints_writer" + tag;
        store12 = "store12" + tag;
        reader = "complaints_reader" + tag;
        analyst = "analyst" + tag;
        nobody = "nobody" + tag;
        drop();  // left by an earlier run whose process had the same id
        cli_test::server::Session(*cli_test::server_admin_url())
            .run("CREATE ROLE " + owner + " LOGIN; CREATE ROLE " + writer + " NOLOGIN; " +
                 "CREATE ROLE " + store12 + " LOGIN IN ROLE " + writer + "; CREATE ROLE " + reader +
                 " NOLOGIN; CREATE ROLE " + analyst + " LOGIN IN ROLE " + reader +
                 "; CREATE ROLE " + nobody + " LOGIN");
    }
    ~ManualRoles() { drop(); }
    ManualRoles(const ManualRoles&) = delete;
    ManualRoles& operator=(const ManualRoles&) = delete;

    // The manual's SQL with these roles' names for its own.
    [[nodiscard]] std::string named(std::string sql) const {
        for (const auto& [from, to] : {std::pair{std::string("complaints_owner"), owner},
                                       {std::string("complaints_writer"), writer},
                                       {std::string("complaints_reader"), reader}})
            for (auto at = sql.find(from); at != std::string::npos;
                 at = sql.find(from, at + to.size()))
                sql.replace(at, from.size(), to);
        return sql;
    }

private:
    void drop() const noexcept {
        for (const auto* role : {&store12, &analyst, &nobody, &writer, &reader, &owner}) {
            try {
                cli_test::server::Session(*cli_test::server_admin_url())
                    .run("DROP ROLE IF EXISTS " + *role);
            } catch (...) {
                // Still owning a database of a crashed run: the server is
                // thrown away at the end of the run anyway.
            }
        }
    }
};

// The statements docs/manual.md has the owner run to grant the others their
// rights (the block after "-- as complaints_owner, in the database
// complaints"), as the manual has them.
std::string manual_grants() {
    const std::string manual = cli_test::read_file(cli_test::source_dir() / "docs" / "manual.md");
    const std::string start = "-- as complaints_owner, in the database complaints\n";
    const auto from = manual.find(start);
    REQUIRE_MESSAGE(from != std::string::npos, "docs/manual.md no longer has: " << start);
    const auto end = manual.find("```", from);
    REQUIRE(end != std::string::npos);
    return manual.substr(from + start.size(), end - from - start.size());
}

// A database set up as the manual says, for a test case of its own: the
// fixture's database, given to the owner of `roles` ("CREATE DATABASE
// complaints OWNER complaints_owner"), and the environments that have a
// command use it as the owner, a writer, a reader, or the role without rights.
struct ManualSite {
    const ManualRoles roles;  // before the fixture: dropped after its database
    Fixture fx;
    const cli_test::EnvChanges owner = as(roles.owner), writer = as(roles.store12),
                               reader = as(roles.analyst), nobody = as(roles.nobody);

    ManualSite() {
        cli_test::server::Session(fx.db()).run("ALTER DATABASE " + fx.db_name() + " OWNER TO " +
                                               roles.owner);
    }

    // As the owner, the manual's GRANTs, word for word.
    void grant() const {
        const std::string grants = manual_grants();
        INFO("the manual's GRANTs:\n" << grants);
        REQUIRE(grants.find("GRANT") != std::string::npos);
        cli_test::server::Session(cli_test::with_query(fx.db(), "user", roles.owner))
            .run(roles.named(grants));
    }

private:
    [[nodiscard]] cli_test::EnvChanges as(const std::string& role) const {
        return {{"COMPLAINTS_DB", cli_test::with_query(fx.db(), "user", role)}};
    }
};

}  // namespace

TEST_CASE_FIXTURE(
    ManualSite,
    "server: the roles and rights of the manual: the owner creates the schema and grants, "
    "a writer does all but anonymize, a reader queries the views, no rights change "
    "nothing" *
        doctest::test_suite("postgresql") * doctest::skip(!cli_test::on_server())) {
    // Only the owner creates the schema: a writer's first change is refused.
    for (const auto& args : {k_register, std::vector<std::string>{"init"}}) {
        CAPTURE(args.front());
        check_refused(fx, args, 77, {"permission denied for schema public"}, writer);
        CHECK_FALSE(cli_test::database_exists(fx.db()));
    }
    run_ok(fx, {"init"}, owner);
    REQUIRE(cli_test::database_exists(fx.db()));
    CHECK(cli_test::sql_rows(fx.db(),
                             "SELECT count(*) > 0, count(*) FILTER (WHERE tableowner <> ?) FROM "
                             "pg_tables WHERE schemaname = 'public'",
                             {roles.owner}) == cli_test::SqlRows{{"t", "0"}});

    grant();

    // A role with no rights at all changes nothing and reads nothing.
    for (const auto& args : {k_register, std::vector<std::string>{"list"}}) {
        CAPTURE(args.front());
        check_refused(fx, args, 77, {"permission denied for table"}, nobody);
    }
    CHECK(cli_test::count_rows(fx.db(), "complaint") == 0);

    // A writer: the steps of a complaint's life, evidence, reminders, an
    // import, reports, exports and verify.
    fx.write_file("complaints.toml", R"([people.tester]
name = "Tester"

[people.zhang]
name = "Zhang San"
email = "zhang@example.com"

[notify]
from = "complaints@example.com"
)");
    const std::string a = fx.register_complaint(
        {"--received-at", "2026-11-02 09:00", "--contact", "13800001234"}, writer);
    run_ok(fx, {"assign", a, "--to", "zhang", "--at", "2026-11-02 10:00"}, writer);
    // remind claims each reminder in reminder_claim before sending it.
    const fs::path outbox = fx.dir() / "outbox";
    fs::create_directory(outbox);
    run_ok(fx,
           {"remind", "--sendmail",
            "sh '" + (cli_test::source_dir() / "tests/cli/fake_sendmail.sh").string() + "' '" +
                outbox.string() + "' -t -oi"},
           writer);
    CHECK(std::distance(fs::directory_iterator(outbox), fs::directory_iterator()) == 1);
    CHECK(cli_test::sql_rows(fx.db(), "SELECT count(*) FROM event WHERE type = 'remind'")
              .at(0)
              .at(0) != "0");
    run_ok(fx, {"contact", a, "--via", "phone", "--note", "called back"}, writer);
    run_ok(fx, {"investigate", a, "--finding", "the seal is loose"}, writer);
    run_ok(fx, {"edit", a, "--severity", "major", "--reason", "second kettle"}, writer);
    run_ok(fx, {"attach", a, fx.write_file("order.txt", "order 7781\n")}, writer);
    run_ok(fx, {"evidence", a, "--extract", "extracted"}, writer);
    CHECK(cli_test::read_file(fx.dir() / "extracted" / "order.txt") == "order 7781\n");
    run_ok(fx, {"resolve", a, "--plan", "replace", "--outcome", "apology"}, writer);
    run_ok(fx, {"revisit", a, "--result", "satisfied"}, writer);
    const std::string b = fx.register_complaint({}, writer);
    run_ok(fx, {"hold", b, "--reason", "waiting_customer"}, writer);
    run_ok(fx, {"resume", b}, writer);
    run_ok(fx, {"reject", b, "--reason", "out_of_scope"}, writer);
    run_ok(fx, {"withdraw", fx.register_complaint({}, writer)}, writer);
    // A site's SQLite file moved in: export | import -.
    const std::string file = (fx.dir() / "site.db").string();
    fx.register_complaint({"--received-at", "2026-11-20 09:00"}, {{"COMPLAINTS_DB", file}});
    const Result moved = fx.run_program(
        "/bin/sh", {"-c", "\"$0\" --db \"$1\" export | \"$0\" import -", cli_test::binary(), file},
        "", writer);
    INFO("import: " << moved.err);
    CHECK(moved.status == 0);
    CHECK(cli_test::count_rows(fx.db(), "complaint") == 4);
    for (const std::vector<std::string>& args : {std::vector<std::string>{"show", a},
                                                 {"list"},
                                                 {"report", "summary"},
                                                 {"report", "overdue"},
                                                 {"report", "trend"},
                                                 {"report", "milestones"},
                                                 {"export"},
                                                 {"evidence", a},
                                                 {"anonymize", "--dry-run"}})
        run_ok(fx, args, writer);
    CHECK(run_ok(fx, {"verify"}, writer).out.rfind("ok: 4 complaints", 0) == 0);

    // ... but not anonymize, which rewrites events: 77, nothing changed. The
    // owner can.
    check_refused(fx, {"anonymize", a, "--reason", "erasure request"}, 77,
                  {"permission denied for table event"}, writer);
    run_ok(fx, {"anonymize", a, "--reason", "erasure request"}, owner);
    CHECK(fx.show(a)["anonymized_at"].is_string());
    CHECK(run_ok(fx, {"verify"}, writer).out.rfind("ok: 4 complaints", 0) == 0);

    // A reader: the views through query, and nothing else.
    for (const char* view : {"complaint_facts", "milestone_facts", "event_log", "evidence_facts"})
        run_ok(fx, {"query", std::string("SELECT count(*) FROM ") + view}, reader);
    CHECK(run_ok(fx, {"--format", "csv", "query", "SELECT count(*) AS n FROM complaint_facts"},
                 reader)
              .out == "n\r\n4\r\n");
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"list"}, {"report", "summary"}, {"show", a}, k_register}) {
        CAPTURE(args.front());
        check_refused(fx, args, 77, {"permission denied for table"}, reader);
    }
    check_refused(fx, {"list"}, 77, {"permission denied for table complaint"}, reader);

    // query reads the views, which are the readers': a writer who runs it is
    // a reader too.
    cli_test::server::Session(fx.db()).run("GRANT " + roles.reader + " TO " + roles.store12);
    CHECK(run_ok(fx, {"--format", "csv", "query", "SELECT count(*) AS n FROM complaint_facts"},
                 writer)
              .out == "n\r\n4\r\n");
}

TEST_CASE_FIXTURE(ManualSite,
                  "server: a query refused for a missing right is exit 77 with the server's "
                  "reason, as every command" *
                      doctest::test_suite("postgresql") * doctest::skip(!cli_test::on_server())) {
    run_ok(fx, {"init"}, owner);
    grant();
    fx.register_complaint({}, writer);
    // The views are granted to readers, not to writers ...
    check_refused(fx, {"query", "SELECT count(*) FROM complaint_facts"}, 77,
                  {"permission denied for view complaint_facts"}, writer);
    // ... and readers have no more than the views.
    check_refused(fx, {"query", "SELECT count(*) FROM complaint"}, 77,
                  {"permission denied for table complaint"}, reader);
}

TEST_CASE("server: an unreachable server is exit 69 with its reason and nothing on stdout" *
          doctest::test_suite("postgresql") * doctest::skip(!cli_test::on_server())) {
    Fixture f;
    // A socket directory without a server in it.
    const fs::path empty = f.dir() / "no-server";
    fs::create_directory(empty);
    const std::string url =
        "postgresql:///complaints?host=" + cli_test::url_encoded(empty.string());
    for (const auto& [how, r] :
         run_everywhere(f, url, {{"list"}, k_register, {"init"}, {"verify"}})) {
        CAPTURE(how);
        INFO("stderr: " << r.err);
        CHECK(r.status == 69);
        cli_test::check_error_shape(r);
        CHECK(
            r.err_first_line().starts_with("complaints: error: cannot use the database server of "
                                           "'postgresql://"));
        // The server's reason: libpq's, naming the socket it tried.
        CHECK(r.err.find((empty / ".s.PGSQL.5432").string()) != std::string::npos);
        CHECK(r.err.find("No such file or directory") != std::string::npos);
    }
    // Nothing was made instead, not even a SQLite file named like the URL.
    CHECK(fs::directory_iterator(empty) == fs::directory_iterator());
    for (const auto& entry : fs::directory_iterator(f.dir()))
        CHECK_MESSAGE(entry.path() == empty, entry.path().string());
}

TEST_CASE("server: a URL with a password is exit 64 and the password is never repeated" *
          doctest::test_suite("postgresql") * doctest::skip(!cli_test::on_server())) {
    Fixture f;
    const std::string secret = "s3cret-Passw0rd";
    const std::vector<std::string> urls = {
        "postgresql://store12:" + secret + "@db.example.cn/complaints",
        "postgres://store12:" + secret + "@db.example.cn:5432/complaints?sslmode=require",
        cli_test::with_query(f.db(), "password", secret),
    };
    for (const auto& url : urls) {
        CAPTURE(url);
        for (const auto& [how, r] : run_everywhere(f, url, {{"list"}, k_register, {"init"}})) {
            CAPTURE(how);
            INFO("stderr: " << r.err);
            CHECK(r.status == 64);
            cli_test::check_error_shape(r);
            CHECK(r.err.find(secret) == std::string::npos);
            CHECK(r.err.find("PGPASSWORD") != std::string::npos);
        }
    }
    // Refused before connecting: the fixture's database has no schema.
    CHECK_FALSE(cli_test::database_exists(f.db()));
}

TEST_CASE("server: a refused login is exit 69 with the server's reason, never the password" *
          doctest::test_suite("postgresql") * doctest::skip(!cli_test::on_server())) {
    Fixture f;
    const std::string url = cli_test::with_query(f.db(), "user", k_password_role);
    const std::string wrong = "not-the-Passw0rd";
    SUBCASE("a wrong password") {
        for (const auto& [how, r] :
             run_everywhere(f, url, {{"list"}, k_register}, {{"PGPASSWORD", wrong}})) {
            CAPTURE(how);
            INFO("stderr: " << r.err);
            CHECK(r.status == 69);
            cli_test::check_error_shape(r);
            CHECK(r.err.find("password authentication failed for user \"" +
                             std::string(k_password_role) + "\"") != std::string::npos);
            CHECK(r.err.find(wrong) == std::string::npos);
        }
    }
    SUBCASE("no password at all") {
        for (const auto& [how, r] : run_everywhere(f, url, {{"list"}, k_register})) {
            CAPTURE(how);
            INFO("stderr: " << r.err);
            CHECK(r.status == 69);
            cli_test::check_error_shape(r);
            CHECK(r.err.find("no password supplied") != std::string::npos);
        }
    }
    SUBCASE("the right password logs in, and the password is not repeated either") {
        const cli_test::EnvChanges env = {{"PGPASSWORD", k_password}};
        // Past the login: the database has no schema yet.
        Result r = f.run(with_db(url, {"list"}), "", env);
        INFO("stderr: " << r.err);
        CHECK(r.status == 66);
        cli_test::check_error_shape(r);
        // The role may not create tables in the database's public schema:
        // 77 with the server's reason, and nothing is created.
        r = f.run(with_db(url, k_register), "", env);
        INFO("stderr: " << r.err);
        CHECK(r.status == 77);
        cli_test::check_error_shape(r);
        CHECK(r.err.find("permission denied") != std::string::npos);
        CHECK(r.err.find(k_password) == std::string::npos);
        CHECK_FALSE(cli_test::database_exists(f.db()));
    }
    CHECK_FALSE(cli_test::database_exists(f.db()));
}

TEST_CASE("server: backup is refused with 64 and a pointer to pg_dump" *
          doctest::test_suite("postgresql") * doctest::skip(!cli_test::on_server())) {
    Fixture f;
    f.register_complaint();
    const std::string copy = (f.dir() / "copy.db").string();
    const Result r = check_refused(f, {"backup", copy}, 64, {"pg_dump"});
    CHECK(r.err_first_line().find(f.db_name()) != std::string::npos);
    CHECK_FALSE(fs::exists(copy));
}

TEST_CASE("server: init creates the schema and writes no policy file; again, it changes nothing" *
          doctest::test_suite("postgresql") * doctest::skip(!cli_test::on_server())) {
    Fixture f;
    Result r = run_ok(f, {"init"});
    CHECK(r.out.empty());
    CHECK(r.err.find("created") != std::string::npos);
    CHECK(r.err.find("--policy or COMPLAINTS_POLICY") != std::string::npos);
    CHECK(cli_test::database_exists(f.db()));
    CHECK(cli_test::count_rows(f.db(), "complaint") == 0);
    CHECK(cli_test::sql_rows(f.db(), "SELECT version FROM complaints_schema") ==
          cli_test::SqlRows{{"8"}});
    CHECK(fs::directory_iterator(f.dir()) == fs::directory_iterator());

    f.register_complaint();
    const std::string before = cli_test::snapshot(f.db());
    r = run_ok(f, {"init"});
    CHECK(r.out.empty());
    CHECK(cli_test::snapshot(f.db()) == before);
    CHECK(fs::directory_iterator(f.dir()) == fs::directory_iterator());
}

TEST_CASE("server: a database with another program's tables is refused and left alone" *
          doctest::test_suite("postgresql") * doctest::skip(!cli_test::on_server())) {
    Fixture f;
    cli_test::sql_script(f.db(),
                         "CREATE TABLE complaint (id integer PRIMARY KEY, text text); "
                         "INSERT INTO complaint VALUES (1, 'not ours')");
    const std::string before = cli_test::snapshot(f.db());
    for (const auto& args : {k_register, std::vector<std::string>{"init"}}) {
        const Result r = check_refused(f, args, 74, {"is not a complaints database"});
        CHECK(r.err_first_line().find(f.db_name()) != std::string::npos);
    }
    // A reading command finds no schema of the tool's: nothing to read.
    check_refused(f, {"list"}, 66, {"no complaints schema"});
    CHECK(cli_test::snapshot(f.db()) == before);
}

TEST_CASE("server: query cannot write through the server's own functions and commands" *
          doctest::test_suite("postgresql") * doctest::skip(!cli_test::on_server())) {
    Fixture f;
    f.register_complaint();
    // A file the server could write (its user may write to /tmp).
    const std::string server_file =
        "/tmp/complaints-cli-copy-" + std::to_string(::getpid()) + ".txt";
    fs::remove(server_file);
    // Large objects live outside the tool's tables, where snapshot() looks.
    const auto large_objects = [&] {
        return cli_test::sql_rows(f.db(), "SELECT count(*) FROM pg_largeobject_metadata")
            .at(0)
            .at(0);
    };
    for (const std::string& sql : {
             std::string("SELECT nextval('complaint_row_id_seq')"),
             std::string("SELECT setval('complaint_row_id_seq', 1000)"),
             std::string("SELECT lo_create(0)"),
             std::string("SELECT id FROM complaint FOR UPDATE"),
             std::string("SELECT id FROM complaint FOR SHARE NOWAIT"),
             std::string("COPY (SELECT id FROM complaint) TO '" + server_file + "'"),
             std::string("CREATE TEMP TABLE t AS SELECT 1 AS x"),
         }) {
        CAPTURE(sql);
        if (sql.find("lo_create") != std::string::npos) {
            // PostgreSQL 15 lets lo_create() through a READ ONLY transaction;
            // query rolls its transaction back, so the object does not stay.
            const Result r = f.run({"query", sql});
            CHECK((r.status == 0 || r.status == 65));
        } else {
            check_refused(f, {"query", sql}, 65);
        }
        CHECK_MESSAGE(large_objects() == "0", "a large object was created");
        CHECK_MESSAGE(!fs::exists(server_file), "the server wrote " << server_file);
        // Each statement on its own: undo what one did.
        cli_test::sql_rows(f.db(), "SELECT lo_unlink(oid) FROM pg_largeobject_metadata");
        fs::remove(server_file);
    }
    // A statement that runs past --timeout is stopped, the server's way too.
    const Result r = check_refused(f, {"query", "--timeout", "1", "SELECT pg_sleep(30)"}, 65,
                                   {"query stopped after 1 s (--timeout)"});
}

// The recipe of docs/manual.md, "Moving a SQLite database to a server".
TEST_CASE("server: a SQLite database moves to the server with export | import -" *
          doctest::test_suite("postgresql") * doctest::skip(!cli_test::on_server())) {
    Fixture f;
    const std::string file = (f.dir() / "old.db").string();
    const cli_test::EnvChanges on_file = {{"COMPLAINTS_DB", file}};
    // A complaint in every status, one with evidence, an edit and a contact.
    std::vector<std::string> ids;
    for (const auto& status : cli_test::all_statuses()) {
        const std::string id =
            f.register_complaint({"--contact", "1380000" + std::to_string(1000 + ids.size()),
                                  "--description", "第一行\n第二行, \"quoted\""},
                                 on_file);
        for (const auto& step : cli_test::steps_to(status)) {
            std::vector<std::string> args{step.front(), id};
            args.insert(args.end(), step.begin() + 1, step.end());
            run_ok(f, args, on_file);
        }
        ids.push_back(id);
    }
    const std::string e =
        f.register_complaint({"--customer", "王芳", "--severity", "major"}, on_file);
    run_ok(f, {"attach", e, f.write_file("order.txt", "order 7781\n")}, on_file);
    run_ok(f, {"edit", e, "--severity", "general", "--reason", "not urgent after all"}, on_file);
    run_ok(f, {"contact", e, "--via", "phone", "--note", "called back"}, on_file);
    ids.push_back(e);

    // complaints --db old.db export | complaints --db postgresql://… import -
    const Result moved =
        f.run_program("/bin/sh", {"-c", "\"$0\" --db \"$1\" export | \"$0\" --db \"$2\" import -",
                                  cli_test::binary(), file, f.db()});
    INFO("stderr: " << moved.err);
    REQUIRE(moved.status == 0);
    CHECK(moved.out == "imported " + std::to_string(ids.size()) + " complaints\n");
    CHECK(cli_test::complaint_ids(f.db()) == ids);
    CHECK(run_ok(f, {"verify"}).out.rfind("ok: " + std::to_string(ids.size()) + " complaints", 0) ==
          0);

    // "To check the move, export both and compare them without the `import`
    // event each imported complaint gains (SPEC §13): byte for byte the same."
    const std::string from_file = run_ok(f, {"--db", file, "export"}).out;
    const std::string from_server = run_ok(f, {"export"}).out;
    CHECK(from_server != from_file);  // the import events
    const bool same_histories = without_imports(from_server) == without_imports(from_file);
    CHECK_MESSAGE(same_histories,
                  first_difference(without_imports(from_file), without_imports(from_server)));
    // The reports agree too.
    for (const std::vector<std::string>& report :
         {std::vector<std::string>{"list"}, {"report", "summary"}, {"report", "overdue"}}) {
        CAPTURE(report.front());
        CHECK(run_ok(f, with_db(file, report)).out == run_ok(f, report).out);
    }
}
