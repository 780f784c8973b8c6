// `query` against hostile statements (SPEC §12): a statement is stopped after
// --timeout, SQLite's heap is capped by --max-memory, a result of any size is
// printed as CSV or JSON row by row (a text table is held, up to the cap),
// functions that expose process memory are refused, and PRAGMAs that only
// report a setting are allowed while those that act are not.
#include "harness.hpp"

#include <doctest/doctest.h>

#include <fmt/format.h>

#include <string>
#include <vector>

using cli_test::Fixture;
using cli_test::Result;
using nlohmann::json;

namespace {

// Rows without end: the recursive CTE never stops by itself.
const std::string k_endless_rows =
    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c";
// No row at all until it ends, which it never does.
const std::string k_endless_count =
    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c";

// Runs the binary with `args`, its standard output thrown away (an endless
// result streams for as long as it runs). A watchdog kills it after two
// minutes and, outside AddressSanitizer (which reserves terabytes of address
// space), its address space is capped at 4 GiB: without the limits under
// test, a run would otherwise go on, or eat the machine's memory, for ever.
Result run_bounded(Fixture& fx, const std::vector<std::string>& args) {
#if defined(__SANITIZE_ADDRESS__)
    const std::string cap;
#else
    const std::string cap = "ulimit -v 4194304; ";
#endif
    std::vector<std::string> sh_args = {"-c", cap + "exec timeout -s KILL 120 \"$@\" >/dev/null",
                                        "sh", cli_test::binary()};
    sh_args.insert(sh_args.end(), args.begin(), args.end());
    return fx.run_program("/bin/sh", sh_args);
}

void check_stopped(const Result& r, const std::string& message) {
    INFO("stderr: " << r.err);
    CHECK(r.status == 65);
    cli_test::check_error_shape(r);
    CHECK(r.err_first_line() == "complaints: error: " + message);
}

}  // namespace

TEST_CASE("query: an endless statement is stopped after --timeout with exit 65") {
    Fixture fx;
    fx.register_complaint();
    SUBCASE("no rows, all the time in SQLite") {
        check_stopped(run_bounded(fx, {"query", "--timeout", "1", k_endless_count}),
                      "query stopped after 1 s (--timeout)");
    }
    SUBCASE("rows without end, printed as CSV as they come") {
        check_stopped(
            run_bounded(fx, {"--format", "csv", "query", "--timeout", "1s", k_endless_rows}),
            "query stopped after 1 s (--timeout)");
    }
    SUBCASE("rows without end, printed as JSON as they come") {
        check_stopped(
            run_bounded(fx, {"--format", "json", "query", "--timeout", "1", k_endless_rows}),
            "query stopped after 1 s (--timeout)");
    }
    SUBCASE("rows without end as a text table: the time or the memory cap ends it") {
        const Result r = run_bounded(fx, {"query", "--timeout", "1", k_endless_rows});
        INFO("stderr: " << r.err);
        CHECK(r.status == 65);
        cli_test::check_error_shape(r);
    }
    SUBCASE("the hint says how to give it longer") {
        const Result r = run_bounded(fx, {"query", "--timeout", "1", k_endless_count});
        CHECK(r.err.find("hint: give it longer with --timeout") != std::string::npos);
    }
}

TEST_CASE("query: a text table holds at most --max-memory of rows, then exit 65") {
    Fixture fx;
    fx.register_complaint();
    // The time limit is far away: the memory cap must be what ends it.
    const Result r =
        run_bounded(fx, {"query", "--timeout", "10m", "--max-memory", "8", k_endless_rows});
    check_stopped(r, "query's result is more than 8 MiB to hold as a text table (--max-memory)");
    CHECK(r.err.find("hint: --format csv and --format json print rows as they come") !=
          std::string::npos);
}

TEST_CASE("query: SQLite's heap is capped (default 256 MiB, --max-memory MIB), exit 65" *
          doctest::test_suite("sqlite")) {
    Fixture fx;
    fx.register_complaint();
    SUBCASE("the default cap") {
        check_stopped(run_bounded(fx, {"query", "SELECT length(randomblob(300000000))"}),
                      "query needed more than 256 MiB of memory (--max-memory)");
    }
    SUBCASE("a lower cap") {
        check_stopped(
            run_bounded(fx, {"query", "--max-memory", "16", "SELECT length(randomblob(32000000))"}),
            "query needed more than 16 MiB of memory (--max-memory)");
    }
    SUBCASE("under the cap it runs") {
        const Result r =
            fx.run({"query", "--max-memory", "64", "SELECT length(randomblob(32000000)) AS n"});
        INFO("stderr: " << r.err);
        CHECK(r.status == 0);
        CHECK(r.out == "       n\n32000000\n");
    }
}

TEST_CASE("query: CSV and JSON stream many rows exactly as they printed them whole") {
    Fixture fx;
    fx.register_complaint();
    // Enough rows for several batches of output, with text that needs quoting.
    const std::string sql =
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 20000) "
        "SELECT x, 'a,\"' || x AS t, NULL AS n, x / 2.0 AS r FROM c";
    const Result csv = fx.run({"--format", "csv", "query", sql});
    INFO("stderr: " << csv.err);
    REQUIRE(csv.status == 0);
    std::string expected = "x,t,n,r\r\n";
    for (int x = 1; x <= 20000; ++x)
        expected += std::to_string(x) + ",\"a,\"\"" + std::to_string(x) + "\",," +
                    fmt::format("{}", x / 2.0) + "\r\n";
    CHECK(csv.out == expected);

    const Result js = fx.run({"--format", "json", "query", sql});
    REQUIRE(js.status == 0);
    nlohmann::ordered_json whole = nlohmann::ordered_json::array();
    for (int x = 1; x <= 20000; ++x) {
        nlohmann::ordered_json row;
        row["x"] = x;
        row["t"] = "a,\"" + std::to_string(x);
        row["n"] = nullptr;
        row["r"] = x / 2.0;
        whole.push_back(row);
    }
    CHECK(js.out == whole.dump(2) + "\n");

    const Result none = fx.run({"--format", "json", "query", "SELECT 1 AS x WHERE 1 = 0"});
    CHECK(none.status == 0);
    CHECK(none.out == "[]\n");
    const Result none_csv = fx.run({"--format", "csv", "query", "SELECT 1 AS x WHERE 1 = 0"});
    CHECK(none_csv.out == "x\r\n");
}

TEST_CASE("query: bad --timeout and --max-memory are usage errors (64)") {
    Fixture fx;
    fx.register_complaint();
    for (const std::string bad :
         {"0", "0s", "-1", "0x10", "1h", "1.5", "abc", "", "86401", "1441m", "99999999999"}) {
        CAPTURE(bad);
        const Result r = fx.run({"query", "--timeout", bad, "SELECT 1"});
        CHECK(r.status == 64);
        CHECK(r.err_first_line() == "complaints: error: bad --timeout '" + bad + "'");
    }
    for (const std::string bad : {"0", "-1", "0x10", "1.5", "abc", "", "65537"}) {
        CAPTURE(bad);
        const Result r = fx.run({"query", "--max-memory", bad, "SELECT 1"});
        CHECK(r.status == 64);
        CHECK(r.err_first_line() == "complaints: error: bad --max-memory '" + bad + "'");
    }
    for (const std::string good : {"1", "30s", "2m", "86400", "1440m"}) {
        CAPTURE(good);
        const Result r = fx.run({"query", "--timeout", good, "SELECT 1 AS one"});
        CHECK(r.status == 0);
    }
}

TEST_CASE("query: functions that expose or change process memory are refused (65)" *
          doctest::test_suite("sqlite")) {
    Fixture fx;
    fx.register_complaint();
    const std::string before = cli_test::snapshot(fx.db());
    for (const std::string& sql :
         {std::string("SELECT fts3_tokenizer('simple')"),
          std::string("SELECT hex(fts3_tokenizer('simple')) AS p"),
          std::string("SELECT fts3_tokenizer('mine', x'0000000000000000')"),
          std::string("SELECT * FROM complaint_facts WHERE fts3_tokenizer('porter') IS NOT NULL"),
          std::string("SELECT load_extension('libm.so.6')")}) {
        CAPTURE(sql);
        const Result r = fx.run({"query", sql});
        INFO("stderr: " << r.err);
        CHECK(r.status == 65);
        cli_test::check_error_shape(r);
        CHECK(r.out.empty());
        const std::string name =
            sql.find("load_extension") != std::string::npos ? "load_extension" : "fts3_tokenizer";
        CHECK(r.err_first_line() == "complaints: error: query may not call " + name +
                                        "(): it exposes or changes the process's memory");
    }
    CHECK(cli_test::snapshot(fx.db()) == before);
}

TEST_CASE("query: a PRAGMA without an argument that reports a setting works; one that acts not" *
          doctest::test_suite("sqlite")) {
    Fixture fx;
    fx.register_complaint();
    const std::string before = cli_test::snapshot(fx.db());
    const Result mode = fx.run({"--format", "json", "query", "PRAGMA journal_mode"});
    INFO("stderr: " << mode.err);
    REQUIRE(mode.status == 0);
    CHECK(cli_test::parse_json(mode.out) == json::parse(R"([{"journal_mode": "wal"}])"));
    for (const std::string sql : {"PRAGMA integrity_check", "PRAGMA main.page_size",
                                  "PRAGMA foreign_keys", "pragma Synchronous"}) {
        CAPTURE(sql);
        const Result r = fx.run({"query", sql});
        INFO("stderr: " << r.err);
        CHECK(r.status == 0);
        CHECK(r.err.empty());
    }
    for (const std::string sql :
         {"PRAGMA journal_mode = DELETE", "PRAGMA journal_mode(delete)", "PRAGMA optimize",
          "PRAGMA wal_checkpoint", "PRAGMA incremental_vacuum", "PRAGMA shrink_memory"}) {
        CAPTURE(sql);
        const Result r = fx.run({"query", sql});
        INFO("stderr: " << r.err);
        CHECK(r.status == 65);
        cli_test::check_error_shape(r);
        CHECK(r.err.find("query may only read") != std::string::npos);
    }
    CHECK(cli_test::snapshot(fx.db()) == before);
}
