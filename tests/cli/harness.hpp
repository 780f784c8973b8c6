// The harness of the end-to-end tests: runs the real `complaints` binary in a
// fresh temporary directory per test, with a hermetic environment, and
// captures its standard output, standard error and exit status.
#pragma once

#include "server_db.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <sys/types.h>

namespace cli_test {

// The path of the built binary under test.
std::string binary();
// The root of the source tree (for examples/).
std::filesystem::path source_dir();

// What one run of a program gave.
struct Result {
    int status = -1;  // the exit status; 128 + N when killed by signal N
    std::string out;
    std::string err;

    // The first line of standard error, without its newline.
    [[nodiscard]] std::string err_first_line() const;
    // Every line of standard output, without line ends.
    [[nodiscard]] std::vector<std::string> out_lines() const;
};

// Per-call changes to the environment: a value sets or replaces a variable,
// std::nullopt removes it.
using EnvChanges = std::map<std::string, std::optional<std::string>>;

// A directory under $TMPDIR (or /tmp), made on construction and removed with
// everything in it on destruction.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    [[nodiscard]] const std::filesystem::path& path() const { return m_path; }

private:
    std::filesystem::path m_path;
};

// A child started by `Fixture::start`; `Fixture::wait` collects it.
struct Process {
    pid_t pid = -1;
    std::filesystem::path out_file, err_file;
};

// One per test: a temporary working directory `dir()` (the children's current
// directory too), the database `db()`, and the environment
//   COMPLAINTS_DB=<db()>  COMPLAINTS_USER=tester  TZ=Asia/Shanghai
//   COMPLAINTS_NOW=2026-11-23 10:00  NO_COLOR=1  PATH=<the parent's>
// and nothing else from the parent's environment. The database is the file
// <dir>/complaints.db, or, when the suite runs on a server (on_server()), the
// URL of a new empty database of the fixture's own on it, dropped with the
// fixture.
class Fixture {
public:
    Fixture();

    [[nodiscard]] std::filesystem::path dir() const { return m_work; }
    [[nodiscard]] const std::string& db() const { return m_db; }
    // The name the tool's messages give `db()` by: the file's name, or the
    // name of the database on the server.
    [[nodiscard]] std::string db_name() const;
    // A second database on the same engine as `db()`, empty at first: the
    // file `name` in `dir()`, or on a server a new database of the fixture's
    // own, dropped with it. The same `name` gives the same database.
    std::string another_db(const std::string& name);

    // Runs the binary with `args`, `stdin_text` on its standard input and the
    // environment changed by `env`; waits for it.
    Result run(const std::vector<std::string>& args, const std::string& stdin_text = "",
               const EnvChanges& env = {});
    // Runs `program` (a path) with `args` in the same environment.
    Result run_program(const std::string& program, const std::vector<std::string>& args,
                       const std::string& stdin_text = "", const EnvChanges& env = {});
    // Starts `program` without waiting for it.
    Process start(const std::string& program, const std::vector<std::string>& args,
                  const std::string& stdin_text = "", const EnvChanges& env = {});
    // Waits for `process` and collects what it wrote.
    static Result wait(const Process& process);

    // Registers a complaint (phone, product, customer "Wang Fang") and
    // returns its number; `extra` adds or overrides options. Fails the test
    // when registration fails.
    std::string register_complaint(const std::vector<std::string>& extra = {},
                                   const EnvChanges& env = {});

    // Writes `text` to `name` inside `dir()` and returns its path.
    std::string write_file(const std::string& name, const std::string& text) const;

    // The complaint `id` as `show --format json` gives it (fails the test
    // when that fails).
    nlohmann::json show(const std::string& id);

private:
    TempDir m_root;
    std::unique_ptr<ServerDatabase> m_server;
    std::map<std::string, std::unique_ptr<ServerDatabase>> m_others;
    std::filesystem::path m_work, m_io;
    std::string m_db;
    int m_serial = 0;
};

// The hermetic environment of every child of `fixture` (see Fixture), changed
// by `changes`, as NAME=VALUE strings. On a server, where no policy is looked
// up beside the database (SPEC §14), a complaints.toml in the fixture's
// directory is given as COMPLAINTS_POLICY instead, as every site gives the
// same file, so that a test's policy applies on both engines.
std::vector<std::string> environment(const Fixture& fixture, const EnvChanges& changes);
// `strings` as a null-terminated array for execve.
std::vector<char*> pointers(std::vector<std::string>& strings);

// Every row of every table, `PRAGMA user_version` and the schema of the
// database at `path`, as one string; the file's bytes (and its WAL's) when it
// cannot be read as a database; "<absent>" when there is no file. Two equal
// snapshots mean nothing changed. For a server database (`path` a URL): its
// tables, views and indexes and every row of every table, the schema version
// table included, ordered by primary key (server::snapshot).
std::string snapshot(const std::string& path);

// The number of rows of `table` in the database at `path` (a file or a URL).
long long count_rows(const std::string& path, const std::string& table);

// Every value of column `id` of table complaint, in the order of row_id.
std::vector<std::string> complaint_ids(const std::string& path);

// Whether the command under test left a database at `path`: the file, or on a
// server (the database itself always exists) the tool's schema in it.
bool database_exists(const std::string& path);

// Holds the tool's write lock on the database at `path` from construction to
// `release()` (or destruction), as another writer in the middle of a change
// would: a transaction begun IMMEDIATE on a SQLite file; on a server, the
// writers' advisory lock (server::k_write_lock_key) in an open transaction.
class WriteLock {
public:
    explicit WriteLock(const std::string& path);
    ~WriteLock();
    WriteLock(const WriteLock&) = delete;
    WriteLock& operator=(const WriteLock&) = delete;

    void release();

private:
    struct Holder;
    std::unique_ptr<Holder> m_holder;
};

// Runs one statement with `?` placeholders bound to `params` on the database
// at `path` (a SQLite file or a server URL) behind the tool's back, and returns
// its rows, NULL as "NULL" (server::rows for a URL).
SqlRows sql_rows(const std::string& path, const std::string& sql, const SqlParams& params = {});

// Runs one statement as `sql_rows` does and returns the number of rows it
// changed.
long long sql_execute(const std::string& path, const std::string& sql,
                      const SqlParams& params = {});

// Runs `statements` (any number, without parameters) on the database at
// `path` behind the tool's back, in one session; on a server with
// complaints.rewriting_events on, as `sql_rows`.
void sql_script(const std::string& path, const std::string& statements);

// Parses `text` as JSON; fails the test (with the text) when it is not.
nlohmann::json parse_json(const std::string& text);

// Reads a whole file.
std::string read_file(const std::filesystem::path& path);

// Display width of `text` with CJK and full-width characters as two columns.
int display_width(std::string_view text);

// Parses RFC 4180 CSV (CRLF or LF line ends) into rows of fields.
std::vector<std::vector<std::string>> parse_csv(const std::string& text);

// Checks what every error must look like (SPEC §6): a non-empty standard
// error whose first line starts with "complaints: error: ", and nothing on
// standard output.
void check_error_shape(const Result& r);

// The line number in "complaints: error: FILE:LINE:COLUMN: ..." (0 when the
// first line does not have that shape).
int reported_line(const Result& r, const std::string& file);

}  // namespace cli_test
