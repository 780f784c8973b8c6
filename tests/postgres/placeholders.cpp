// The translation of the stores' parameters (`?`, `:name`) to PostgreSQL's
// `$n`, and the choice between a cursor and a prepared statement.

#include "placeholders.hpp"

#include "support.hpp"

using namespace pg_test;
using complaints::postgres::detail::translate;

TEST_CASE("placeholders: translation") {
    struct Case {
        const char* sql;
        const char* translated;
        int parameters;
        bool returns_rows;
    };
    const Case cases[] = {
        {"SELECT ?", "SELECT $1", 1, true},
        {"INSERT INTO t VALUES (?, ?, ?)", "INSERT INTO t VALUES ($1, $2, $3)", 3, false},
        // A name used twice is one parameter; `?` and names share the numbering.
        {"SELECT :a, :b, :a", "SELECT $1, $2, $1", 2, true},
        {"SELECT ?, :a, ?, :a", "SELECT $1, $2, $3, $2", 3, true},
        // SQLite's numbered form: ?NNN is parameter NNN.
        {"SELECT ?2, ?1, ?2", "SELECT $2, $1, $2", 2, true},
        {"VALUES (?1, ?7)", "VALUES ($1, $7)", 7, true},
        {"SELECT :a_1, :a", "SELECT $1, $2", 2, true},
        // Literals, quoted names and comments keep what looks like a parameter.
        {"SELECT '?', 'it''s :x', ?", "SELECT '?', 'it''s :x', $1", 1, true},
        {"SELECT E'\\' ?', ?", "SELECT E'\\' ?', $1", 1, true},
        {"SELECT e'\\\\', ?", "SELECT e'\\\\', $1", 1, true},
        {"SELECT 'a\\', ?", "SELECT 'a\\', $1", 1, true},  // no escapes outside E'...'
        {"SELECT \"a?b\", \":c\"\"?\" FROM t WHERE x = :x",
         "SELECT \"a?b\", \":c\"\"?\" FROM t WHERE x = $1", 1, true},
        {"SELECT 1 -- ? :a\n, ?", "SELECT 1 -- ? :a\n, $1", 1, true},
        {"SELECT 1 -- ? at the end", "SELECT 1 -- ? at the end", 0, true},
        {"SELECT /* ? /* nested ? */ :a */ ?", "SELECT /* ? /* nested ? */ :a */ $1", 1, true},
        {"SELECT $$ ? :a $$, $tag$ it's ? $tag$, ?", "SELECT $$ ? :a $$, $tag$ it's ? $tag$, $1", 1,
         true},
        {"SELECT $a$ $$ ? $a$, ?", "SELECT $a$ $$ ? $a$, $1", 1, true},
        {"SELECT U&'d\\0061t?', ?", "SELECT U&'d\\0061t?', $1", 1, true},
        {"SELECT 'unterminated ?", "SELECT 'unterminated ?", 0, true},
        // Casts, assignments, named arguments, slices and $ in names are not parameters.
        {"SELECT x::text, :v::int, ?::bigint", "SELECT x::text, $1::int, $2::bigint", 2, true},
        {"DO $$ BEGIN x := 1; END $$", "DO $$ BEGIN x := 1; END $$", 0, false},
        {"SELECT f(a := ?, b => :b)", "SELECT f(a := $1, b => $2)", 2, true},
        {"SELECT arr[1:2], arr[i:j] FROM t", "SELECT arr[1:2], arr[i:j] FROM t", 0, true},
        {"SELECT a$b, ? FROM t", "SELECT a$b, $1 FROM t", 1, true},
        {"SELECT $1", "SELECT $1", 0, true},
        // What returns rows: the first word, past comments and parentheses.
        {"  (SELECT 1) UNION (SELECT 2)", "  (SELECT 1) UNION (SELECT 2)", 0, true},
        {"/* lead */ -- c\n with x AS (SELECT 1) SELECT * FROM x",
         "/* lead */ -- c\n with x AS (SELECT 1) SELECT * FROM x", 0, true},
        {"WITH x AS (SELECT 1) SELECT * FROM t FOR UPDATE",
         "WITH x AS (SELECT 1) SELECT * FROM t FOR UPDATE", 0, true},
        {"WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d",
         "WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d", 0, false},
        {"WITH n AS (SELECT 1) INSERT INTO t SELECT * FROM n",
         "WITH n AS (SELECT 1) INSERT INTO t SELECT * FROM n", 0, false},
        {"values(?)", "values($1)", 1, true},
        {"TABLE t", "TABLE t", 0, true},
        {"UPDATE t SET a = ? RETURNING a", "UPDATE t SET a = $1 RETURNING a", 1, false},
        {"CREATE TABLE t (a int)", "CREATE TABLE t (a int)", 0, false},
        {"SELECTED", "SELECTED", 0, false},
    };
    for (const auto& c : cases) {
        CAPTURE(c.sql);
        const auto t = translate(c.sql);
        CHECK(t.sql == c.translated);
        CHECK(t.parameters == c.parameters);
        CHECK(t.returns_rows == c.returns_rows);
    }
}

TEST_CASE("placeholders: index_of") {
    TestDatabase db("index_of");
    auto session = db.connect();
    auto s = session->prepare("SELECT :b, ?, :a, :b");
    CHECK(s->index_of(":b") == 1);
    CHECK(s->index_of(":a") == 3);
    const auto failure = failure_of([&] { (void)s->index_of(":c"); });
    CHECK(failure.kind() == FailureKind::other);
    CHECK(failure_of([&] { s->bind(4, 1); }).kind() == FailureKind::other);
    CHECK(failure_of([&] { s->bind(0, 1); }).kind() == FailureKind::other);
}

TEST_CASE("placeholders: the translated statements run on the server") {
    TestDatabase db("placeholders");
    auto session = db.connect();
    session->execute("CREATE TABLE t (id bigint, name text)");
    auto insert = session->prepare("INSERT INTO t VALUES (:id, :name || '?' || :name)");
    insert->bind(":id", 1);
    insert->bind(":name", "li");
    insert->run();

    auto s = session->prepare(
        "SELECT name, /* ? */ '?:x' || ?::text || $q$ ? $q$, :id::int + 1, \"name\" -- ?\n"
        "FROM t WHERE id = :id");
    s->bind(1, "p");
    s->bind(":id", 1);
    REQUIRE(s->step());
    CHECK(s->text(0) == "li?li");
    CHECK(s->text(1) == "?:xp ? ");
    CHECK(s->int64(2) == 2);
    CHECK(s->text(3) == "li?li");
    CHECK_FALSE(s->step());
}
