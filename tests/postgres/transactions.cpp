// Transactions (begin, commit, rollback, the write lock) and how the
// server's errors map to the kinds of failure that decide exit codes.

#include "support.hpp"

using namespace pg_test;
using complaints::postgres::Mode;
using namespace std::chrono_literals;

TEST_CASE("transactions: begin, commit and rollback") {
    TestDatabase db("transactions");
    auto a = db.connect();
    auto b = db.connect();
    a->execute("CREATE TABLE t (n int)");
    CHECK_FALSE(a->in_transaction());
    a->rollback();  // nothing open: nothing done, nothing thrown
    CHECK(failure_of([&] { a->commit(); }).kind() == FailureKind::other);

    a->begin(Mode::write);
    CHECK(a->in_transaction());
    CHECK(failure_of([&] { a->begin(Mode::read); }).kind() == FailureKind::other);
    a->prepare("INSERT INTO t VALUES (1)")->run();
    CHECK(b->scalar("SELECT count(*) FROM t") == 0);
    a->commit();
    CHECK_FALSE(a->in_transaction());
    CHECK(b->scalar("SELECT count(*) FROM t") == 1);

    a->begin(Mode::write);
    a->prepare("INSERT INTO t VALUES (2)")->run();
    a->rollback();
    CHECK_FALSE(a->in_transaction());
    CHECK(b->scalar("SELECT count(*) FROM t") == 1);

    SUBCASE("a read transaction reads one snapshot") {
        a->begin(Mode::read);
        CHECK(a->scalar("SELECT count(*) FROM t") == 1);
        b->execute("INSERT INTO t VALUES (3)");
        CHECK(a->scalar("SELECT count(*) FROM t") == 1);
        a->commit();
        CHECK(a->scalar("SELECT count(*) FROM t") == 2);
    }
    SUBCASE("a transaction an error aborted is rolled back at commit") {
        a->begin(Mode::write);
        a->prepare("INSERT INTO t VALUES (4)")->run();
        CHECK(failure_of([&] { a->execute("SELECT 1/0"); }).kind() == FailureKind::other);
        const auto failure = failure_of([&] { a->commit(); });
        CHECK(failure.kind() == FailureKind::other);
        CHECK(std::string(failure.what()).find("rolled back") != std::string::npos);
        CHECK_FALSE(a->in_transaction());
        CHECK(b->scalar("SELECT count(*) FROM t WHERE n = 4") == 0);
    }
}

TEST_CASE("transactions: a writer waits for the write lock, busy after the busy timeout") {
    TestDatabase db("write_lock");
    auto a = db.connect();
    auto b = db.connect({.busy_timeout = 200ms});
    a->begin(Mode::write);
    const auto failure = failure_of([&] { b->begin(Mode::write); });
    CHECK(failure.kind() == FailureKind::busy);
    CHECK(failure.state() == "55P03");
    CHECK_FALSE(b->in_transaction());
    // Readers do not take the lock.
    b->begin(Mode::read);
    b->commit();
    a->commit();
    b->begin(Mode::write);
    CHECK(b->in_transaction());
    b->commit();

    SUBCASE("a busy timeout of 0 does not wait for ever") {
        auto c = db.connect({.busy_timeout = 0ms});
        a->begin(Mode::write);
        CHECK(failure_of([&] { c->begin(Mode::write); }).kind() == FailureKind::busy);
        a->rollback();
    }
}

TEST_CASE("errors: a serialization conflict") {
    TestDatabase db("serialization");
    auto a = db.connect();
    auto b = db.connect();
    a->execute(
        "CREATE TABLE doctors (name text PRIMARY KEY, on_call boolean);"
        "INSERT INTO doctors VALUES ('alice', true), ('bob', true)");
    // Write skew: each sees two doctors on call and takes one off; one must fail.
    for (auto* s : {a.get(), b.get()}) {
        s->execute("BEGIN ISOLATION LEVEL SERIALIZABLE");
        CHECK(s->in_transaction());
        CHECK(s->scalar("SELECT count(*) FROM doctors WHERE on_call") == 2);
    }
    a->execute("UPDATE doctors SET on_call = false WHERE name = 'alice'");
    b->execute("UPDATE doctors SET on_call = false WHERE name = 'bob'");
    a->commit();
    const auto failure = failure_of([&] { b->commit(); });
    CHECK(failure.kind() == FailureKind::serialization);
    CHECK(failure.state() == "40001");
    CHECK_FALSE(b->in_transaction());
}

TEST_CASE("errors: statement_timeout is a timeout") {
    TestDatabase db("timeout");
    auto session = db.connect();
    session->execute("SET statement_timeout = 100");
    SUBCASE("a query") {
        const auto failure = failure_of([&] { session->prepare("SELECT pg_sleep(10)")->step(); });
        CHECK(failure.kind() == FailureKind::timeout);
        CHECK(failure.state() == "57014");
        CHECK(std::string(failure.what()) == "canceling statement due to statement timeout");
    }
    SUBCASE("a prepared statement") {
        auto s = session->prepare("DO $$ BEGIN PERFORM pg_sleep(10); END $$");
        CHECK(failure_of([&] { s->run(); }).kind() == FailureKind::timeout);
    }
    SUBCASE("a script") {
        CHECK(failure_of([&] { session->execute("SELECT pg_sleep(10)"); }).kind() ==
              FailureKind::timeout);
    }
    // The session is still usable.
    CHECK(session->scalar("SELECT 7") == 7);
}

TEST_CASE("errors: a write in a read-only transaction is read_only") {
    TestDatabase db("read_only");
    auto session = db.connect();
    session->execute("CREATE TABLE t (n int)");
    session->begin(Mode::read);
    const auto failure = failure_of([&] { session->prepare("INSERT INTO t VALUES (1)")->run(); });
    CHECK(failure.kind() == FailureKind::read_only);
    CHECK(failure.state() == "25006");
    CHECK(std::string(failure.what()) == "cannot execute INSERT in a read-only transaction");
    session->rollback();
    session->begin(Mode::read);
    CHECK(failure_of([&] { session->execute("CREATE TABLE u (n int)"); }).kind() ==
          FailureKind::read_only);
    session->rollback();
}

TEST_CASE("errors: invalid SQL is syntax, a broken constraint is constraint") {
    TestDatabase db("syntax");
    auto session = db.connect();
    session->execute("CREATE TABLE t (n int PRIMARY KEY, name text NOT NULL)");
    struct Case {
        const char* sql;
        FailureKind kind;
        const char* state;
        const char* message;
    };
    const Case cases[] = {
        {"SELEC 1", FailureKind::syntax, "42601", "syntax error at or near \"SELEC\""},
        {"SELECT * FROM missing", FailureKind::syntax, "42P01",
         "relation \"missing\" does not exist"},
        {"INSERT INTO t VALUES (1 +)", FailureKind::syntax, "42601",
         "syntax error at or near \")\""},
        {"INSERT INTO t VALUES (1, NULL)", FailureKind::constraint, "23502",
         "null value in column \"name\" of relation \"t\" violates not-null constraint"},
        {"SELECT 1/0", FailureKind::other, "22012", "division by zero"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.sql);
        const auto failure = failure_of([&] { session->prepare(c.sql)->run(); });
        CHECK(failure.kind() == c.kind);
        CHECK(failure.state() == c.state);
        CHECK(std::string(failure.what()) == c.message);
        CHECK(failure_of([&] { session->execute(c.sql); }).state() == c.state);
    }
    session->prepare("INSERT INTO t VALUES (1, 'a')")->run();
    const auto duplicate =
        failure_of([&] { session->prepare("INSERT INTO t VALUES (1, 'b')")->run(); });
    CHECK(duplicate.kind() == FailureKind::constraint);
    CHECK(duplicate.state() == "23505");
}

TEST_CASE("errors: a lost connection is unreachable") {
    TestDatabase db("lost");
    auto session = db.connect();
    auto statement = session->prepare("SELECT 1");
    const auto pid = session->scalar("SELECT pg_backend_pid()");
    auto admin = connect(server_url());
    auto kill = admin->prepare("SELECT pg_terminate_backend(?::int, 5000)");
    kill->bind(1, pid);
    REQUIRE(kill->step());
    CHECK(kill->int64(0) == 1);

    const auto failure = failure_of([&] { statement->step(); });
    CHECK(failure.kind() == FailureKind::unreachable);
    CHECK(failure_of([&] { session->execute("SELECT 1"); }).kind() == FailureKind::unreachable);
    CHECK(failure_of([&] { session->begin(Mode::write); }).kind() == FailureKind::unreachable);
    session->rollback();
    CHECK_FALSE(session->in_transaction());

    SUBCASE("statements left after their session fail as unreachable") {
        auto other = db.connect();
        auto left = other->prepare("SELECT 1");
        other.reset();
        CHECK(failure_of([&] { left->step(); }).kind() == FailureKind::unreachable);
    }
}

TEST_CASE("execute: several statements, the first error stops them") {
    TestDatabase db("execute");
    auto session = db.connect();
    session->execute(
        "CREATE TABLE t (n int); INSERT INTO t VALUES (1); -- a comment\n"
        "INSERT INTO t VALUES (2); /* another */");
    CHECK(session->scalar("SELECT count(*) FROM t") == 2);
    // Outside a transaction the statements of one script are one transaction.
    CHECK(failure_of([&] { session->execute("INSERT INTO t VALUES (3); SELECT 1/0"); }).state() ==
          "22012");
    CHECK(session->scalar("SELECT count(*) FROM t") == 2);
    session->execute("");
}

TEST_CASE("run_batched: statements sent with the next one, their failure thrown there") {
    TestDatabase db("batched");
    auto a = db.connect();
    auto b = db.connect();
    a->execute("CREATE TABLE t (n int PRIMARY KEY, s text, x bytea)");
    const auto insert = a->prepare("INSERT INTO t VALUES (?, ?, ?)");
    const auto put = [&](std::int64_t n, const char* s) {
        insert->bind(1, n);
        if (s)
            insert->bind(2, s);
        else
            insert->bind_null(2);
        const std::byte bytes[] = {std::byte{0}, std::byte{0xff}, std::byte{'\n'}};
        insert->bind_blob(3, bytes);
        insert->run_batched();
        insert->reset();
    };

    SUBCASE("outside a transaction it runs at once") {
        put(1, "one");
        CHECK(b->scalar("SELECT count(*) FROM t") == 1);
    }
    SUBCASE("within one, committed with the transaction, more than a batch of them") {
        a->begin(Mode::write);
        for (std::int64_t n = 1; n <= 1000; ++n) put(n, n % 2 ? "odd" : nullptr);
        a->commit();
        CHECK(b->scalar("SELECT count(*) FROM t") == 1000);
        CHECK(b->scalar("SELECT count(*) FROM t WHERE s IS NULL") == 500);
        CHECK(b->scalar("SELECT count(*) FROM t WHERE x = '\\x00ff0a'::bytea") == 1000);
        CHECK(b->scalar("SELECT sum(n) FROM t") == 500500);
    }
    SUBCASE("a statement after them sees them") {
        a->begin(Mode::write);
        put(1, "one");
        put(2, "two");
        CHECK(a->scalar("SELECT count(*) FROM t") == 2);
        a->rollback();
        CHECK(b->scalar("SELECT count(*) FROM t") == 0);
    }
    SUBCASE("rollback drops those still waiting") {
        a->begin(Mode::write);
        put(1, "one");
        a->rollback();
        a->begin(Mode::write);
        put(2, "two");
        a->commit();
        CHECK(b->scalar("SELECT n FROM t") == 2);
    }
    SUBCASE("a failure is thrown by the next statement, and nothing is committed") {
        a->begin(Mode::write);
        put(1, "one");
        put(1, "again");  // a duplicate key: the server refuses it later
        const auto failure = failure_of([&] { a->scalar("SELECT 1"); });
        CHECK(failure.kind() == FailureKind::constraint);
        CHECK(failure.state() == "23505");
        CHECK_THROWS_AS(a->commit(), Failure);
        CHECK_FALSE(a->in_transaction());
        CHECK(b->scalar("SELECT count(*) FROM t") == 0);
    }
    SUBCASE("or by commit") {
        a->begin(Mode::write);
        put(1, "one");
        put(1, "again");
        CHECK(failure_of([&] { a->commit(); }).kind() == FailureKind::constraint);
        a->rollback();
        CHECK_FALSE(a->in_transaction());
        CHECK(b->scalar("SELECT count(*) FROM t") == 0);
    }
}

TEST_CASE("run_batched: a statement dropped with runs queued runs them first") {
    TestDatabase db("batched_dropped");
    auto a = db.connect();
    auto b = db.connect();
    a->execute("CREATE TABLE t (n int PRIMARY KEY)");
    a->begin(Mode::write);
    {
        const auto insert = a->prepare("INSERT INTO t VALUES (?)");
        for (std::int64_t n = 1; n <= 3; ++n) {
            insert->bind(1, n);
            insert->run_batched();
            insert->reset();
        }
    }
    a->commit();
    CHECK(b->scalar("SELECT count(*) FROM t") == 3);

    SUBCASE("and a failure among them keeps the transaction from committing") {
        a->begin(Mode::write);
        {
            const auto insert = a->prepare("INSERT INTO t VALUES (?)");
            for (const std::int64_t n : {4, 5, 5}) {
                insert->bind(1, n);
                insert->run_batched();
                insert->reset();
            }
        }
        CHECK_THROWS_AS(a->commit(), Failure);
        CHECK_FALSE(a->in_transaction());
        CHECK(b->scalar("SELECT count(*) FROM t") == 3);
    }
}
