// Binding and reading every type: integers, doubles, text, bytea and null;
// the types and names of columns.

#include "support.hpp"

#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

using namespace pg_test;
using complaints::storage::sql::Type;

namespace {

std::vector<std::byte> every_byte() {
    std::vector<std::byte> bytes;
    for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<std::byte>(255 - i));
    return bytes;
}

bool same_bytes(std::span<const std::byte> a, std::span<const std::byte> b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end());
}

}  // namespace

TEST_CASE("values: every type is bound and read back as it was") {
    TestDatabase db("values");
    auto session = db.connect();
    session->execute("CREATE TABLE v (k int, i bigint, d double precision, t text, b bytea)");
    auto insert = session->prepare("INSERT INTO v VALUES (:k, :i, :d, :t, :b)");
    struct Row {
        std::int64_t i;
        double d;
        std::string t;
        std::vector<std::byte> b;
    };
    const std::vector<Row> rows = {
        {0, 0.0, "", {}},
        {1, 0.1, "王芳", every_byte()},
        {-1, -1.0 / 3.0, "it's \"quoted\" \\ and ; -- not a comment", {std::byte{0}}},
        {std::numeric_limits<std::int64_t>::max(), 1e308, "line\nbreak\ttab", {std::byte{'\\'}}},
        {std::numeric_limits<std::int64_t>::min(), 5e-324, "?:a $$", {std::byte{'x'}}},
        {42, std::numeric_limits<double>::infinity(), "🙂", {}},
    };
    for (std::size_t k = 0; k < rows.size(); ++k) {
        insert->reset();
        insert->bind(":k", static_cast<int>(k));
        insert->bind(":i", rows[k].i);
        insert->bind(":d", rows[k].d);
        insert->bind(":t", rows[k].t);
        insert->bind_blob(insert->index_of(":b"), rows[k].b);
        insert->run();
    }
    insert->reset();
    insert->clear_bindings();
    insert->bind(":k", 99);
    insert->run();

    auto select = session->prepare("SELECT i, d, t, b FROM v ORDER BY k");
    for (const auto& row : rows) {
        CAPTURE(row.t);
        REQUIRE(select->step());
        CHECK(select->int64(0) == row.i);
        CHECK(select->real(1) == row.d);
        CHECK(select->text(2) == row.t);
        CHECK(select->column(2).text() == row.t);
        CHECK(same_bytes(select->blob(3), row.b));
        CHECK(select->type(3) == Type::blob);
        CHECK_FALSE(select->is_null(3));
    }
    // The row of nulls (clear_bindings).
    REQUIRE(select->step());
    for (int c = 0; c < 4; ++c) {
        CHECK(select->is_null(c));
        CHECK(select->type(c) == Type::null);
    }
    CHECK(select->int64(0) == 0);
    CHECK(select->real(1) == 0.0);
    CHECK(select->column(2).text_or_null() == std::nullopt);
    CHECK(select->blob(3).empty());
    CHECK_FALSE(select->step());
    CHECK_FALSE(select->step());  // done until reset
}

TEST_CASE("values: a parameter without a column to type it") {
    TestDatabase db("untyped");
    auto session = db.connect();
    auto s = session->prepare("SELECT ?");
    SUBCASE("bytea, sent in binary with its type") {
        const auto bytes = every_byte();
        s->bind_blob(1, bytes);
        REQUIRE(s->step());
        CHECK(s->type(0) == Type::blob);
        CHECK(same_bytes(s->blob(0), bytes));
        // The same statement with text: prepared again for it.
        s->reset();
        s->bind(1, "plain");
        REQUIRE(s->step());
        CHECK(s->type(0) == Type::text);
        CHECK(s->text(0) == "plain");
    }
    SUBCASE("numbers, sent as text for the server to type") {
        auto sum = session->prepare("SELECT ? + 1, ?::float8 * 2, CAST(? AS bigint)");
        sum->bind(1, 41);
        sum->bind(2, 0.25);
        sum->bind(3, std::numeric_limits<std::int64_t>::min());
        REQUIRE(sum->step());
        CHECK(sum->int64(0) == 42);
        CHECK(sum->real(1) == 0.5);
        CHECK(sum->int64(2) == std::numeric_limits<std::int64_t>::min());
    }
    SUBCASE("a NUL in text is refused, not cut short") {
        CHECK(failure_of([&] { s->bind(1, std::string_view("a\0b", 3)); }).kind() ==
              FailureKind::other);
    }
}

TEST_CASE("values: the types and names of columns") {
    TestDatabase db("types");
    auto session = db.connect();
    auto s = session->prepare(
        "SELECT 1::int2 AS a, 2::int4 AS b, 3::int8 AS c, 4::oid AS d, true AS e, false AS f, "
        "1.5::float4 AS g, 2.5::float8 AS h, 3.75::numeric AS i, '\\x00ff'::bytea AS j, "
        "'x'::text AS k, 'y'::varchar AS l, '2024-05-01'::date AS m, NULL::int AS n, "
        "'{\"a\": 1}'::jsonb AS o, sum(x::bigint) AS p FROM (VALUES (1), (2)) AS v(x)");
    // Known before the first step, as in SQLite.
    CHECK(s->column_count() == 16);
    CHECK(s->column_name(15) == "p");
    REQUIRE(s->step());
    const Type expected[] = {Type::integer, Type::integer, Type::integer, Type::integer,
                             Type::integer, Type::integer, Type::real,    Type::real,
                             Type::real,    Type::blob,    Type::text,    Type::text,
                             Type::text,    Type::null,    Type::text,    Type::real};
    CHECK(s->column_count() == 16);
    for (int c = 0; c < 16; ++c) {
        CAPTURE(c);
        CHECK(s->type(c) == expected[c]);
        CHECK(s->column_name(c) == std::string(1, static_cast<char>('a' + c)));
    }
    CHECK(s->int64(4) == 1);  // bool: 1 and 0, as SQLite stores them
    CHECK(s->int64(5) == 0);
    CHECK(s->real(6) == 1.5);
    CHECK(s->real(8) == 3.75);
    CHECK(s->int64(8) == 3);   // numeric to integer: truncated, as SQLite does
    CHECK(s->int64(15) == 3);  // sum() of bigint is numeric in PostgreSQL
    CHECK(s->blob(9).size() == 2);
    CHECK(s->text(12) == "2024-05-01");
    CHECK(s->text(14) == "{\"a\": 1}");
    CHECK(failure_of([&] { (void)s->int64(10); }).kind() == FailureKind::other);  // 'x'
    CHECK(failure_of([&] { (void)s->type(16); }).kind() == FailureKind::other);
    CHECK_FALSE(s->step());
    CHECK(failure_of([&] { (void)s->int64(0); }).kind() == FailureKind::other);  // no row
}

TEST_CASE("values: RETURNING rows of a prepared statement") {
    TestDatabase db("returning");
    auto session = db.connect();
    session->execute("CREATE TABLE t (id bigserial PRIMARY KEY, name text)");
    auto insert = session->prepare("INSERT INTO t (name) VALUES (?), (?) RETURNING id, name");
    insert->bind(1, "a");
    insert->bind(2, "b");
    REQUIRE(insert->step());
    CHECK(insert->int64(0) == 1);
    CHECK(insert->text(1) == "a");
    REQUIRE(insert->step());
    CHECK(insert->int64(0) == 2);
    CHECK_FALSE(insert->step());
    CHECK(session->scalar("SELECT count(*) FROM t") == 2);
}
