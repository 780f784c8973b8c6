// The harness of the end-to-end tests: runs the real `complaints` binary in a
// fresh temporary directory per test, with a hermetic environment, and
// captures its standard output, standard error and exit status.
#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
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
// directory too) holding the database `db()`, and the environment
//   COMPLAINTS_DB=<dir>/complaints.db  COMPLAINTS_USER=tester  TZ=Asia/Shanghai
//   COMPLAINTS_NOW=2026-11-23 10:00  NO_COLOR=1  PATH=<the parent's>
// and nothing else from the parent's environment.
class Fixture {
public:
    Fixture();

    [[nodiscard]] std::filesystem::path dir() const { return m_work; }
    [[nodiscard]] std::string db() const { return (m_work / "complaints.db").string(); }

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
    std::filesystem::path m_work, m_io;
    int m_serial = 0;
};

// The hermetic environment of every child (see Fixture) for the working
// directory `work`, changed by `changes`, as NAME=VALUE strings.
std::vector<std::string> environment(const std::filesystem::path& work, const EnvChanges& changes);
// `strings` as a null-terminated array for execve.
std::vector<char*> pointers(std::vector<std::string>& strings);

// Every row of every table, `PRAGMA user_version` and the schema of the
// database at `path`, as one string; the file's bytes (and its WAL's) when it
// cannot be read as a database; "<absent>" when there is no file. Two equal
// snapshots mean nothing changed.
std::string snapshot(const std::string& path);

// The number of rows of `table` in the database at `path`.
long long count_rows(const std::string& path, const std::string& table);

// Every value of column `id` of table complaint.
std::vector<std::string> complaint_ids(const std::string& path);

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
