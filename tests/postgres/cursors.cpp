// Queries read through server-side cursors: bounded memory whatever the
// number of rows, other statements between rows, the implicit read-only
// transaction outside an explicit one, and cursors and prepared statements
// that do not pile up on the server.

#include "support.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <cstddef>
#include <string>

#if defined(__SANITIZE_ADDRESS__)
// AddressSanitizer's runtime (sanitizer/allocator_interface.h, which not every compiler installs).
extern "C" std::size_t __sanitizer_get_current_allocated_bytes();
#endif

using namespace pg_test;
using complaints::postgres::Mode;

namespace {

// How much the memory of the process grew from its construction: the peak
// resident size, or under AddressSanitizer (whose quarantine keeps freed
// memory resident) the peak of the bytes allocated, sampled.
class MemoryGrowth {
public:
    MemoryGrowth() : m_start(now_kib()), m_peak(m_start) {}
    void sample() { m_peak = std::max(m_peak, now_kib()); }
    long kib() {
        sample();
        return m_peak - m_start;
    }

private:
    static long now_kib() {
#if defined(__SANITIZE_ADDRESS__)
        return static_cast<long>(__sanitizer_get_current_allocated_bytes() / 1024);
#else
        rusage usage{};
        ::getrusage(RUSAGE_SELF, &usage);
        return usage.ru_maxrss;
#endif
    }
    long m_start;
    long m_peak;
};

}  // namespace

TEST_CASE("cursors: 200 000 rows in bounded memory, with statements between rows") {
    TestDatabase db("many_rows");
    auto session = db.connect();
    session->execute("CREATE TABLE side (n int); INSERT INTO side SELECT generate_series(0, 9)");
    MemoryGrowth memory;
    // 200 000 rows of 1000 bytes: 200 MB, which must never be in memory at once.
    auto rows = session->prepare(
        "SELECT g, repeat(chr(65 + g % 26), 1000) FROM generate_series(1, 200000) AS g");
    auto other = session->prepare("SELECT count(*) FROM side WHERE n < ?");
    std::int64_t count = 0;
    std::int64_t wrong = 0;
    while (rows->step()) {
        ++count;
        const auto text = rows->text(1);
        if (rows->int64(0) != count || text.size() != 1000 || text[0] != 'A' + count % 26) ++wrong;
        if (count % 1000 == 0) memory.sample();
        if (count % 500 == 0) {
            // A store reads each complaint's events while it walks complaints.
            other->reset();
            other->bind(1, count % 10);
            if (!other->step() || other->int64(0) != count % 10) ++wrong;
        }
    }
    CHECK(count == 200000);
    CHECK(wrong == 0);
    const long growth_kib = memory.kib();
    MESSAGE("peak memory growth: " << growth_kib << " KiB for 200 MB of rows");
    CHECK(growth_kib < 48 * 1024);
}

TEST_CASE("cursors: in a write transaction, writes between the rows of a query") {
    TestDatabase db("walk_and_write");
    auto session = db.connect();
    session->execute("CREATE TABLE seen (n int)");
    session->begin(Mode::write);
    auto rows = session->prepare("SELECT g FROM generate_series(1, 10000) AS g");
    auto insert = session->prepare("INSERT INTO seen VALUES (?)");
    while (rows->step()) {
        if (rows->int64(0) % 100 != 0) continue;
        insert->reset();
        insert->bind(1, rows->int64(0));
        insert->run();
    }
    session->commit();
    CHECK(session->scalar("SELECT count(*) FROM seen") == 100);
    CHECK(session->scalar("SELECT sum(n) FROM seen") == 505000);
}

TEST_CASE("cursors: outside a transaction a query reads one snapshot, ended with its last cursor") {
    TestDatabase db("implicit");
    const std::string name = "implicit-" + std::to_string(::getpid());
    auto a = db.connect({.application_name = name});
    auto b = db.connect();
    a->execute("CREATE TABLE t (n int); INSERT INTO t SELECT generate_series(1, 1000)");
    // What the server says of a's transaction.
    auto state = b->prepare("SELECT state FROM pg_stat_activity WHERE application_name = ?");
    const auto state_of_a = [&] {
        state->reset();
        state->bind(1, name);
        REQUIRE(state->step());
        return state->text(0);
    };

    auto walk = a->prepare("SELECT n FROM t ORDER BY n");  // more rows than a first batch
    auto count = a->prepare("SELECT count(*) FROM t");
    REQUIRE(walk->step());
    CHECK_FALSE(a->in_transaction());  // the implicit transaction is not the store's
    CHECK(state_of_a() == "idle in transaction");
    b->execute("INSERT INTO t VALUES (1001)");
    // Between rows: the same snapshot.
    REQUIRE(count->step());
    CHECK(count->int64(0) == 1000);
    count->reset();
    // A transaction cannot begin while the query is read.
    CHECK(failure_of([&] { a->begin(Mode::write); }).kind() == FailureKind::other);

    std::int64_t n = 1;
    while (walk->step()) ++n;
    CHECK(n == 1000);
    // The last cursor ended the transaction: the next query sees b's row.
    CHECK(state_of_a() == "idle");
    REQUIRE(count->step());
    CHECK(count->int64(0) == 1001);
    count->reset();
    a->begin(Mode::write);
    CHECK(a->in_transaction());
    a->rollback();

    SUBCASE("a reset ends the transaction as the end of the rows does") {
        walk->reset();
        REQUIRE(walk->step());
        CHECK(state_of_a() == "idle in transaction");
        walk->reset();
        CHECK(state_of_a() == "idle");
    }
    SUBCASE("a statement that goes ends it too") {
        auto other = a->prepare("SELECT n FROM t");
        REQUIRE(other->step());
        CHECK(state_of_a() == "idle in transaction");
        other.reset();
        CHECK(state_of_a() == "idle");
    }
    SUBCASE("a write while a query is read is refused, and the query's rows are lost") {
        walk->reset();
        REQUIRE(walk->step());
        auto insert = a->prepare("INSERT INTO t VALUES (0)");
        const auto failure = failure_of([&] { insert->run(); });
        CHECK(failure.kind() == FailureKind::read_only);
        CHECK(failure.state() == "25006");
        CHECK(state_of_a() == "idle");
        const auto lost = failure_of([&] {
            while (walk->step()) {
            }
        });
        CHECK(lost.kind() == FailureKind::other);
        // Once the query is reset, writes autocommit.
        walk->reset();
        insert->reset();
        insert->run();
        CHECK(b->scalar("SELECT count(*) FROM t WHERE n = 0") == 1);
    }
}

TEST_CASE("cursors: a commit ends the queries of its transaction") {
    TestDatabase db("commit_ends");
    auto session = db.connect();
    session->begin(Mode::read);
    auto rows = session->prepare("SELECT g FROM generate_series(1, 10000) AS g");
    REQUIRE(rows->step());
    session->commit();
    // The rows already fetched are there; the rest are lost with the cursor.
    const auto failure = failure_of([&] {
        while (rows->step()) {
        }
    });
    CHECK(failure.kind() == FailureKind::other);
    rows->reset();
    std::int64_t n = 0;
    while (rows->step()) ++n;
    CHECK(n == 10000);
}

TEST_CASE("cursors: cursors and prepared statements do not pile up on the server") {
    TestDatabase db("housekeeping");
    auto session = db.connect();
    session->execute("CREATE TABLE t (n int)");
    SUBCASE("a statement is prepared once, however often it runs") {
        auto insert = session->prepare("INSERT INTO t VALUES (?)");
        for (int i = 0; i < 2000; ++i) {
            insert->reset();
            insert->bind(1, i);
            insert->run();
        }
        // Statements that went are deallocated: only `insert` and this query's own.
        for (int i = 0; i < 100; ++i) CHECK(session->scalar("SELECT 1") == 1);
        CHECK(session->scalar("SELECT count(*) FROM pg_prepared_statements") == 2);
        CHECK(session->scalar("SELECT count(*) FROM t") == 2000);
    }
    SUBCASE("cursors reset before their end are closed") {
        session->begin(Mode::read);
        for (int i = 0; i < 50; ++i) {
            auto rows = session->prepare("SELECT g FROM generate_series(1, 10000) AS g");
            REQUIRE(rows->step());
            if (i % 2 == 0) rows->reset();
        }
        auto reused = session->prepare("SELECT g FROM generate_series(1, 10000) AS g");
        for (int i = 0; i < 50; ++i) {
            reused->reset();
            REQUIRE(reused->step());
        }
        // Only this query's own cursor and `reused`'s (the FETCH's unnamed portal aside).
        CHECK(session->scalar("SELECT count(*) FROM pg_cursors WHERE name <> ''") == 2);
        session->commit();
    }
}
