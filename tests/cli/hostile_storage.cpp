// Opening the database safely (SPEC §12, "Bad input and hostile input"): a
// command that only reads never writes, not to a foreign SQLite file, an
// empty file or an older database of this tool; it works on a database it
// may only read (read-only file, directory or mount); new databases are 0600
// whatever the umask and a shared one's -wal and -shm follow its mode; a
// failed creation leaves nothing; --db names a file, never ':memory:'; the
// policy beside the database is looked up beside its real path.
//
// Tests that need a user who may not write run the binary as `nobody`
// (through setpriv) when the suite runs as root, who ignores mode bits; the
// read-only mount is made in a private mount namespace (unshare -m), so
// nothing outside the test sees it. Where neither is possible the test says
// so with a MESSAGE and checks nothing.
#include "harness.hpp"

#include <doctest/doctest.h>

#include <SQLiteCpp/Database.h>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

using cli_test::Fixture;
using cli_test::Result;

namespace fs = std::filesystem;

namespace {

constexpr uid_t k_nobody = 65534;

bool is_root() {
    return ::geteuid() == 0;
}

// Everything about a file that a read must not change: its bytes, its
// modification time, and whether SQLite's -wal and -shm files are beside it.
struct FileState {
    std::string bytes;
    long long mtime_ns = 0;
    bool wal = false;
    bool shm = false;

    bool operator==(const FileState&) const = default;
};

std::ostream& operator<<(std::ostream& out, const FileState& s) {
    return out << s.bytes.size() << " bytes, mtime " << s.mtime_ns << (s.wal ? ", -wal" : "")
               << (s.shm ? ", -shm" : "");
}

FileState state_of(const std::string& path) {
    struct stat info {};
    REQUIRE(::stat(path.c_str(), &info) == 0);
    return {cli_test::read_file(path),
            static_cast<long long>(info.st_mtim.tv_sec) * 1'000'000'000 + info.st_mtim.tv_nsec,
            fs::exists(path + "-wal"), fs::exists(path + "-shm")};
}

unsigned mode_of(const std::string& path) {
    struct stat info {};
    REQUIRE_MESSAGE(::stat(path.c_str(), &info) == 0, path);
    return info.st_mode & 07777;
}

int user_version_of(const std::string& path) {
    SQLite::Database db(path, SQLite::OPEN_READONLY);
    return db.execAndGet("PRAGMA user_version").getInt();
}

// The names in `dir`, sorted.
std::vector<std::string> names_in(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir))
        names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

// Folds the -wal a changing command leaves beside the database (it does not
// checkpoint on close: SPEC §13) into the file, and removes the -wal and -shm:
// this connection is the last, and checkpoints on close as SQLite does by
// default. For the tests of a database alone, as a copy or an old one is.
void fold_wal(const std::string& path) {
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
}

// Makes `path` an SQLite database of another program: a table of its own,
// `journal_mode` as given, user_version as given (0 for most programs).
void make_foreign(const std::string& path, const std::string& journal_mode, int user_version) {
    SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("PRAGMA journal_mode = " + journal_mode);
    db.exec("CREATE TABLE bookmark (url TEXT); INSERT INTO bookmark VALUES ('https://x.test')");
    db.exec("PRAGMA user_version = " + std::to_string(user_version));
}

// Runs the binary with `args` through `sh -c`, after `shell` (e.g. a umask).
Result run_shell(Fixture& f, const std::string& shell, const std::vector<std::string>& args,
                 const cli_test::EnvChanges& env = {}) {
    std::string command = shell + "; exec \"$0\" \"$@\"";
    std::vector<std::string> argv{"-c", command, cli_test::binary()};
    argv.insert(argv.end(), args.begin(), args.end());
    return f.run_program("/bin/sh", argv, "", env);
}

// Runs the binary as a user who is not the owner of the test's files: as
// `nobody` when the suite runs as root (who ignores mode bits), else as the
// user running the suite. Makes the test's directories reachable for them.
Result run_unprivileged(Fixture& f, const std::vector<std::string>& args) {
    if (!is_root()) return f.run(args);
    fs::permissions(f.dir().parent_path(), fs::perms::others_exec | fs::perms::others_read,
                    fs::perm_options::add);
    std::vector<std::string> argv{"--reuid=" + std::to_string(k_nobody),
                                  "--regid=" + std::to_string(k_nobody), "--clear-groups",
                                  cli_test::binary()};
    argv.insert(argv.end(), args.begin(), args.end());
    return f.run_program("/usr/bin/setpriv", argv);
}

bool can_run_unprivileged() {
    return !is_root() || fs::exists("/usr/bin/setpriv");
}

// Gives `path` to the user run_unprivileged runs as.
void give_away(const fs::path& path) {
    if (is_root()) REQUIRE(::chown(path.c_str(), k_nobody, k_nobody) == 0);
}

const std::vector<std::vector<std::string>> k_reads = {
    {"list"}, {"report", "summary"}, {"report", "overdue"}, {"show", "20261123-TEL-001"}};

}  // namespace

TEST_CASE(
    "hostile storage: a reading command on a foreign or empty file is exit 74 and "
    "leaves it byte for byte" *
    doctest::test_suite("sqlite")) {
    Fixture f;
    const std::string db = f.db();
    SUBCASE("an empty file") {
        f.write_file("complaints.db", "");
    }
    SUBCASE("another program's SQLite file (rollback journal)") {
        make_foreign(db, "DELETE", 0);
    }
    SUBCASE("another program's SQLite file in WAL mode") {
        make_foreign(db, "WAL", 0);
    }
    SUBCASE("another program's SQLite file with a user_version of its own") {
        make_foreign(db, "DELETE", 3);  // as if an older schema of this tool
    }
    SUBCASE("a text file") {
        f.write_file("complaints.db",
                     "not a database at all, but long enough to have a header, "
                     "which SQLite would reject as not a database anyway\n");
    }
    REQUIRE_FALSE(fs::exists(db + "-wal"));
    const FileState before = state_of(db);
    for (const auto& args : k_reads) {
        CAPTURE(args.front());
        const Result r = f.run(args);
        CHECK(r.status == 74);
        cli_test::check_error_shape(r);
        CHECK(r.err_first_line() == "complaints: error: '" + db + "' is not a complaints database");
        CHECK(state_of(db) == before);
    }
    // A changing command leaves another program's file alone too (an empty
    // file would become a database, as SQLite makes one of it).
    if (!before.bytes.empty()) {
        const Result r = f.run({"register", "--channel", "phone", "--category", "product",
                                "--customer", "x", "--summary", "y"});
        CHECK(r.status == 74);
        CHECK(state_of(db) == before);
    }
}

TEST_CASE("hostile storage: reading commands leave the tool's own database file as it was" *
          doctest::test_suite("sqlite")) {
    Fixture f;
    const std::string id = f.register_complaint();
    SUBCASE("with the -wal and -shm the change left") {
        REQUIRE(fs::exists(f.db() + "-wal"));
    }
    SUBCASE("alone") {
        fold_wal(f.db());
        REQUIRE_FALSE(fs::exists(f.db() + "-wal"));
    }
    const FileState before = state_of(f.db());
    const std::string wal = fs::exists(f.db() + "-wal") ? cli_test::read_file(f.db() + "-wal") : "";
    for (const auto& args : {std::vector<std::string>{"list"},
                             {"show", id},
                             {"report", "summary"},
                             {"evidence", id}}) {
        CAPTURE(args.front());
        const Result r = f.run(args);
        CHECK(r.status == 0);
        CHECK(state_of(f.db()).bytes == before.bytes);
        CHECK(state_of(f.db()).mtime_ns == before.mtime_ns);
        if (before.wal) CHECK(cli_test::read_file(f.db() + "-wal") == wal);
    }
}

TEST_CASE("hostile storage: a read of an older database goes through a migrated copy in memory" *
          doctest::test_suite("sqlite")) {
    Fixture f;
    fs::copy_file(cli_test::source_dir() / "tests/fixtures/v2.db", f.db());
    fs::permissions(f.db(), fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::add);
    const FileState before = state_of(f.db());

    Result r = f.run({"list"});
    CHECK(r.status == 0);
    CHECK(r.err == "complaints: database '" + f.db() +
                       "' has schema version 2; read through a migrated copy in memory (any "
                       "changing command upgrades the file)\n");
    CHECK(r.out_lines().size() == 6);  // the heading and five complaints
    // The file is unchanged (a WAL reader may leave an empty -wal and a -shm).
    CHECK(state_of(f.db()).bytes == before.bytes);
    CHECK(state_of(f.db()).mtime_ns == before.mtime_ns);
    CHECK(user_version_of(f.db()) == 2);

    r = f.run({"--format", "json", "show", "20261116-TEL-001"});
    CHECK(r.status == 0);
    CHECK(cli_test::parse_json(r.out)["status"] == "closed");
    CHECK(state_of(f.db()).bytes == before.bytes);

    // A changing command migrates the file itself; reads are then quiet.
    r = f.run({"assign", "20261118-EML-001", "--to", "wang", "--at", "2026-11-23 09:00"});
    CHECK(r.status == 0);
    {
        SQLite::Database db(f.db(), SQLite::OPEN_READONLY);
        CHECK(db.execAndGet("PRAGMA user_version").getInt() > 2);
    }
    r = f.run({"list"});
    CHECK(r.status == 0);
    CHECK(r.err.empty());
}

TEST_CASE("hostile storage: a database the user may only read can be read" *
          doctest::test_suite("sqlite")) {
    if (!can_run_unprivileged()) {
        MESSAGE("skipped: running as root without setpriv to drop privileges");
        return;
    }
    Fixture f;
    const std::string id = f.register_complaint();
    // The database alone, so that a reader in a read-only directory has no
    // -shm to use: the immutable path (the test below has the -wal and -shm).
    fold_wal(f.db());
    REQUIRE_FALSE(fs::exists(f.db() + "-shm"));
    SUBCASE("a file without write permission (mode 0444) in a writable directory") {
        give_away(f.dir());
        give_away(f.db());
        fs::permissions(f.db(),
                        fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
    }
    SUBCASE("a read-only directory (mode 0555)") {
        fs::permissions(f.db(), fs::perms::owner_read | fs::perms::owner_write |
                                    fs::perms::group_read | fs::perms::others_read);
        fs::permissions(f.dir(), fs::perms::owner_read | fs::perms::owner_exec |
                                     fs::perms::group_read | fs::perms::group_exec |
                                     fs::perms::others_read | fs::perms::others_exec);
    }
    const FileState before = state_of(f.db());
    Result r = run_unprivileged(f, {"list"});
    INFO("stderr: " << r.err);
    CHECK(r.status == 0);
    REQUIRE(r.out_lines().size() == 2);
    CHECK(r.out_lines()[1].starts_with(id));
    r = run_unprivileged(f, {"--format", "json", "show", id});
    CHECK(r.status == 0);
    r = run_unprivileged(f, {"report", "summary"});
    CHECK(r.status == 0);
    CHECK(state_of(f.db()).bytes == before.bytes);
    CHECK(state_of(f.db()).mtime_ns == before.mtime_ns);

    // Changing it is refused with an I/O error, and changes nothing.
    r = run_unprivileged(f, {"assign", id, "--to", "wang"});
    CHECK(r.status == 74);
    CHECK(state_of(f.db()).bytes == before.bytes);
    fs::permissions(f.dir(), fs::perms::owner_all, fs::perm_options::add);
}

TEST_CASE(
    "hostile storage: a database in a read-only directory can be read with the -wal and -shm a "
    "writer left" *
    doctest::test_suite("sqlite")) {
    if (!can_run_unprivileged()) {
        MESSAGE("skipped: running as root without setpriv to drop privileges");
        return;
    }
    Fixture f;
    f.register_complaint();
    const std::string id = f.register_complaint();  // in the -wal only: no checkpoint on close
    REQUIRE(fs::exists(f.db() + "-wal"));
    REQUIRE(fs::exists(f.db() + "-shm"));
    // Readable by others, as a team shares a database (manual: chmod complaints.db*).
    for (const char* suffix : {"", "-wal", "-shm"})
        fs::permissions(f.db() + suffix, fs::perms::owner_read | fs::perms::owner_write |
                                             fs::perms::group_read | fs::perms::others_read);
    fs::permissions(f.dir(), fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                                 fs::perms::group_exec | fs::perms::others_read |
                                 fs::perms::others_exec);
    const FileState before = state_of(f.db());
    const std::string wal = cli_test::read_file(f.db() + "-wal");
    Result r = run_unprivileged(f, {"list"});
    INFO("stderr: " << r.err);
    CHECK(r.status == 0);
    REQUIRE(r.out_lines().size() == 3);
    CHECK(r.out_lines()[2].starts_with(id));
    CHECK(state_of(f.db()) == before);
    CHECK(cli_test::read_file(f.db() + "-wal") == wal);
    fs::permissions(f.dir(), fs::perms::owner_all, fs::perm_options::add);
}

TEST_CASE("hostile storage: a database on a read-only mount can be read" *
          doctest::test_suite("sqlite")) {
    if (!is_root()) {
        MESSAGE("skipped: mounting needs root (the mode tests cover read-only files)");
        return;
    }
    Fixture f;
    const std::string id = f.register_complaint();
    const std::string dir = f.dir().string();
    // A private mount namespace: the read-only bind mount of the test's
    // directory over itself exists only for this one run.
    const std::string mount = "mount --bind '" + dir + "' '" + dir +
                              "' && mount -o remount,bind,ro '" + dir + "' && cd '" + dir + "'";
    const Result probe =
        f.run_program("/usr/bin/unshare", {"-m", "/bin/sh", "-c", mount + " && touch x"});
    if (probe.status == 0 || probe.err.find("Read-only file system") == std::string::npos) {
        MESSAGE("skipped: cannot make a read-only mount here: " << probe.err);
        return;
    }
    const FileState before = state_of(f.db());
    const auto run_ro = [&](const std::vector<std::string>& args) {
        std::vector<std::string> argv{"-m", "/bin/sh", "-c", mount + " && exec \"$0\" \"$@\"",
                                      cli_test::binary()};
        argv.insert(argv.end(), args.begin(), args.end());
        return f.run_program("/usr/bin/unshare", argv);
    };
    Result r = run_ro({"list"});
    INFO("stderr: " << r.err);
    CHECK(r.status == 0);
    REQUIRE(r.out_lines().size() == 2);
    CHECK(r.out_lines()[1].starts_with(id));
    CHECK(run_ro({"show", id}).status == 0);
    CHECK(state_of(f.db()) == before);
}

TEST_CASE("hostile storage: a new database and its -wal and -shm are 0600 whatever the umask" *
          doctest::test_suite("sqlite")) {
    Fixture f;
    const std::vector<std::string> args{"register",   "--channel", "phone",
                                        "--category", "product",   "--customer",
                                        "x",          "--summary", "y"};
    for (const char* umask : {"umask 022", "umask 000", "umask 077"}) {
        CAPTURE(umask);
        fs::remove(f.db());
        const Result r = run_shell(f, umask, args);
        INFO("stderr: " << r.err);
        REQUIRE(r.status == 0);
        CHECK(mode_of(f.db()) == 0600);
        // Nothing beside it but the -wal and -shm SQLite keeps (a change
        // does not checkpoint on close: SPEC §13), with the database's mode.
        CHECK(names_in(f.dir()) ==
              std::vector<std::string>{"complaints.db", "complaints.db-shm", "complaints.db-wal"});
        CHECK(mode_of(f.db() + "-wal") == 0600);
        CHECK(mode_of(f.db() + "-shm") == 0600);
        fold_wal(f.db());  // the complaint is in the -wal; the next round removes the file
    }
    // The -wal and -shm exist while a connection is open. SQLite gives them
    // the database's mode, whoever makes them under whatever umask.
    const mode_t old_umask = ::umask(0);
    {
        SQLite::Database reader(f.db(), SQLite::OPEN_READONLY);
        CHECK(reader.execAndGet("SELECT count(*) FROM complaint").getInt() == 1);
        REQUIRE(run_shell(f, "umask 000", args).status == 0);
        CHECK(mode_of(f.db() + "-wal") == 0600);
        CHECK(mode_of(f.db() + "-shm") == 0600);
    }
    // The read-only reader and the change left them; `init` folds them in
    // (the files stay, empty, until the last connection checkpoints on close).
    REQUIRE(run_shell(f, "umask 000", args).status == 0);
    REQUIRE(run_shell(f, "umask 000", {"init"}).status == 0);
    CHECK(fs::file_size(f.db() + "-wal") == 0);
    fold_wal(f.db());
    REQUIRE_FALSE(fs::exists(f.db() + "-wal"));
    // A team's database: the group and mode set once, later files follow.
    fs::permissions(f.db(), fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                                fs::perms::group_write);
    {
        SQLite::Database reader(f.db(), SQLite::OPEN_READONLY);
        CHECK(reader.execAndGet("SELECT count(*) FROM complaint").getInt() == 3);
        REQUIRE(run_shell(f, "umask 077", args).status == 0);
        CHECK(mode_of(f.db()) == 0660);
        CHECK(mode_of(f.db() + "-wal") == 0660);
        CHECK(mode_of(f.db() + "-shm") == 0660);
    }
    ::umask(old_umask);
}

TEST_CASE("hostile storage: --db names a file, never an in-memory or URI database" *
          doctest::test_suite("sqlite")) {
    Fixture f;
    for (const std::string db :
         {":memory:", "", "file:x.db", "file::memory:?cache=shared", "file:x.db?mode=memory"}) {
        CAPTURE(db);
        for (const auto& args :
             {std::vector<std::string>{"register", "--channel", "phone", "--category", "product",
                                       "--customer", "x", "--summary", "y"},
              {"list"},
              {"init"}}) {
            std::vector<std::string> argv{"--db", db};
            argv.insert(argv.end(), args.begin(), args.end());
            const Result r = f.run(argv);
            CHECK(r.status == 64);
            cli_test::check_error_shape(r);
            CHECK(r.err_first_line() == "complaints: error: --db '" + db +
                                            "' is not a file: the register must be kept in a "
                                            "file");
        }
        CHECK(names_in(f.dir()).empty());
    }
    // A file whose name merely looks special is a file like any other.
    const Result r = f.run({"--db", "./:memory:", "register", "--channel", "phone", "--category",
                            "product", "--customer", "x", "--summary", "y"});
    CHECK(r.status == 0);
    CHECK(fs::is_regular_file(f.dir() / ":memory:"));
}

TEST_CASE("hostile storage: a creation that fails leaves no database behind" *
          doctest::test_suite("sqlite")) {
    Fixture f;
    // A file size limit of 0 (as on a full disk): the file can be made, no
    // byte written. The limit holds only for the binary; its standard error
    // goes through a pipe, which the limit does not touch, to `cat`.
    const Result r = f.run_program(
        "/bin/sh", {"-c", "( ulimit -f 0; \"$0\" \"$@\" 2>&1; echo \"exit $?\" ) | cat",
                    cli_test::binary(), "register", "--channel", "phone", "--category", "product",
                    "--customer", "x", "--summary", "y"});
    INFO("output: " << r.out);
    CHECK((r.out.ends_with("exit 73\n") || r.out.ends_with("exit 74\n")));
    CHECK(r.out.starts_with("complaints: error: cannot create the database '" + f.db() + "'"));
    CHECK(names_in(f.dir()).empty());
    // Then, with room, the same command creates it.
    CHECK(f.run({"register", "--channel", "phone", "--category", "product", "--customer", "x",
                 "--summary", "y"})
              .status == 0);
    // With the -wal and -shm a change leaves (no checkpoint on close: SPEC §13).
    CHECK(names_in(f.dir()) ==
          std::vector<std::string>{"complaints.db", "complaints.db-shm", "complaints.db-wal"});
}

TEST_CASE("hostile storage: the policy beside the database is the one beside its real path" *
          doctest::test_suite("sqlite")) {
    Fixture f;
    fs::create_directory(f.dir() / "data");
    fs::create_directory(f.dir() / "site");
    f.write_file("data/complaints.toml", "[organization]\ncurrency = \"EUR\"\n");
    f.write_file("site/complaints.toml", "[organization]\ncurrency = \"USD\"\n");
    const std::string real_db = (f.dir() / "data/complaints.db").string();
    REQUIRE(f.run({"--db", real_db, "init"}).status == 0);
    const auto currency = [&](const std::string& db) {
        const Result r = f.run({"--db", db, "policy", "show"});
        REQUIRE(r.status == 0);
        if (r.out.find("currency = \"EUR\"") != std::string::npos) return std::string("EUR");
        if (r.out.find("currency = \"USD\"") != std::string::npos) return std::string("USD");
        return std::string("other");
    };
    CHECK(currency(real_db) == "EUR");
    SUBCASE("a symbolic link to the database file in another directory") {
        fs::create_symlink("../data/complaints.db", f.dir() / "site/complaints.db");
        CHECK(currency("site/complaints.db") == "EUR");
        CHECK(currency((f.dir() / "site/complaints.db").string()) == "EUR");
    }
    SUBCASE("a symbolic link to the directory, then a link to the file") {
        fs::create_directory_symlink("data", f.dir() / "linked");
        fs::create_symlink("../linked/complaints.db", f.dir() / "site/complaints.db");
        CHECK(currency("linked/complaints.db") == "EUR");
        CHECK(currency("site/complaints.db") == "EUR");
    }
    SUBCASE("init through a link writes no second policy beside the link") {
        fs::remove(f.dir() / "site/complaints.toml");
        fs::create_symlink("../data/complaints.db", f.dir() / "site/complaints.db");
        REQUIRE(f.run({"--db", "site/complaints.db", "init"}).status == 0);
        CHECK_FALSE(fs::exists(f.dir() / "site/complaints.toml"));
    }
}
