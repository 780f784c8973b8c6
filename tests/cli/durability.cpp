// Durability and its cost (SPEC §13, "Scale"): a change is one durable commit,
// one fdatasync of the -wal, and the command does not checkpoint the WAL when
// it exits. The -wal and -shm stay beside the database between commands; the
// commit that takes the -wal past 1000 pages folds it in and empties it;
// `init` does so on demand; a -wal left by a database removed without it is
// never replayed into a new one.
//
// The counts of sync calls come from strace; where strace is missing or may
// not trace (no ptrace in a container), the test says so and checks nothing.
#include "harness.hpp"

#include <doctest/doctest.h>

#include <SQLiteCpp/Database.h>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

using cli_test::Fixture;
using cli_test::Result;

namespace fs = std::filesystem;

namespace {

const std::vector<std::string> k_register{
    "register", "--channel", "phone", "--category", "product", "--customer", "A", "--summary", "B"};

// The fsync and fdatasync calls of the binary run with `args` under strace,
// or -1 when strace cannot trace here.
int sync_calls(Fixture& f, const std::vector<std::string>& args) {
    const std::string strace = "/usr/bin/strace";
    if (!fs::exists(strace)) return -1;
    const std::string log = (f.dir() / "strace.log").string();
    std::vector<std::string> argv{"-f", "-e", "trace=fsync,fdatasync",
                                  "-o", log,  cli_test::binary()};
    argv.insert(argv.end(), args.begin(), args.end());
    const Result r = f.run_program(strace, argv);
    if (r.status != 0 || !fs::exists(log)) {
        MESSAGE("strace cannot trace here: " << r.err);
        return -1;
    }
    std::istringstream lines(cli_test::read_file(log));
    int calls = 0;
    for (std::string line; std::getline(lines, line);)
        if ((line.find("fsync(") != std::string::npos ||
             line.find("fdatasync(") != std::string::npos) &&
            line.find("resumed>") == std::string::npos)
            ++calls;
    fs::remove(log);
    return calls;
}

}  // namespace

TEST_CASE("durability: a change on an existing database makes one fdatasync, no checkpoint" *
          doctest::test_suite("sqlite")) {
    Fixture f;
    f.register_complaint();
    const int calls = sync_calls(f, k_register);
    if (calls < 0) return;
    CHECK(calls >= 1);  // the commit is durable (synchronous=FULL)
    CHECK(calls <= 2);  // SPEC §13
    // The change is in the -wal, which stays: no checkpoint on close.
    CHECK(fs::file_size(f.db() + "-wal") > 0);
    CHECK(cli_test::count_rows(f.db(), "complaint") == 2);
    // A reading command syncs nothing.
    CHECK(sync_calls(f, {"list"}) == 0);
}

TEST_CASE("durability: the commit that takes the -wal past 1000 pages checkpoints and empties it" *
          doctest::test_suite("sqlite")) {
    Fixture f;
    f.register_complaint();
    // One change of about 1600 pages of 4 KiB. (SQLite's own automatic
    // checkpoint would copy it into the database file but, in a process that
    // opened the database alone, never start the -wal again: it would grow.)
    const std::string big(6 * 1024 * 1024, 'x');
    const std::string file = f.write_file("big.bin", big);
    Result r = f.run({"attach", "20261123-TEL-001", file});
    INFO("stderr: " << r.err);
    REQUIRE(r.status == 0);
    CHECK(fs::file_size(f.db()) > big.size());  // checkpointed into the file
    CHECK(fs::file_size(f.db() + "-wal") == 0);
    // Later changes start the -wal again from nothing.
    f.register_complaint();
    f.register_complaint();
    CHECK(fs::file_size(f.db() + "-wal") > 0);
    CHECK(fs::file_size(f.db() + "-wal") < 1024 * 1024);
    CHECK(cli_test::count_rows(f.db(), "complaint") == 3);
    r = f.run({"verify"});
    CHECK(r.status == 0);
}

TEST_CASE("durability: init folds the -wal into the database file" *
          doctest::test_suite("sqlite")) {
    Fixture f;
    f.register_complaint();
    REQUIRE(fs::file_size(f.db() + "-wal") > 0);
    const Result r = f.run({"init"});
    CHECK(r.status == 0);
    CHECK(fs::file_size(f.db() + "-wal") == 0);
    // The file alone holds the complaint.
    const std::string alone = (f.dir() / "alone.db").string();
    fs::copy_file(f.db(), alone);
    SQLite::Database db(alone, SQLite::OPEN_READONLY);
    CHECK(db.execAndGet("SELECT count(*) FROM complaint").getInt() == 1);
}

TEST_CASE("durability: a -wal left by a removed database is not replayed into a new one" *
          doctest::test_suite("sqlite")) {
    Fixture f;
    f.register_complaint();
    const std::string wal = cli_test::read_file(f.db() + "-wal");
    REQUIRE_FALSE(wal.empty());
    fs::remove(f.db());
    Result r = f.run(k_register);
    CHECK(r.status == 73);
    CHECK(r.err_first_line() == "complaints: error: cannot create the database '" + f.db() +
                                    "': '" + f.db() +
                                    "-wal' is left from a database of that name that was "
                                    "removed without it");
    CHECK_FALSE(fs::exists(f.db()));
    CHECK(cli_test::read_file(f.db() + "-wal") == wal);
    // Moved away, a new database starts empty.
    fs::remove(f.db() + "-wal");
    fs::remove(f.db() + "-shm");
    r = f.run(k_register);
    CHECK(r.status == 0);
    CHECK(r.out == "20261123-TEL-001\n");
    CHECK(cli_test::count_rows(f.db(), "complaint") == 1);
}
