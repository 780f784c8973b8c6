#pragma once

#include <complaints/storage/complaints.hpp>
#include <complaints/storage/events.hpp>
#include <complaints/storage/evidence.hpp>
#include <complaints/storage/integrity.hpp>
#include <complaints/storage/query.hpp>
#include <complaints/storage/reports.hpp>
#include <complaints/storage/sql.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace complaints::storage {

// The schema version this build writes (`PRAGMA user_version`).
inline constexpr int k_schema_version = 8;

// How long a writer waits for another by default (COMPLAINTS_BUSY_TIMEOUT).
inline constexpr std::chrono::milliseconds k_default_busy_timeout{5000};

// A database on a server (SPEC §14): a name that starts with postgresql://
// or postgres://. Any other name is the path of an SQLite file.
bool is_server_url(std::string_view name);

// How storage reaches a PostgreSQL server: given by a binary that links the
// client library (src/main_postgresql.cpp, `set_server_client`). The main
// binary does not, so that a SQLite-only run does not load it; it hands a
// server URL over to that binary instead (cli).
struct ServerClient {
    // Connects; throws sql::Failure (unreachable: no server, refused login).
    std::function<std::unique_ptr<sql::Session>(const std::string& url,
                                                std::chrono::milliseconds busy_timeout)>
        connect;
    // The URL for messages: without password or query string.
    std::function<std::string(const std::string& url)> display;
    // What is wrong with the URL before connecting (a password in it), or nothing.
    std::function<std::optional<std::string>(const std::string& url)> problem;
};
void set_server_client(ServerClient client);
[[nodiscard]] bool has_server_client();

// How a command opens the database. `read`: read-only (SQLITE_OPEN_READONLY),
// never created, never written, not even migrated; it works on a file,
// directory or mount this user may only read. `write`: read-write, created
// when missing. A command that reads first and then changes (it opened with
// `read`, then calls `Database::write`) has the file reopened for writing.
enum class Access { read, write };

// The database: opening, the schema and its migrations, transactions, and the
// stores of each concept (complaints, events, reports, `query`). The only
// code that talks to SQLite. Failures throw `Error` with the exit code of
// SPEC §6 (73 cannot create, 74 I/O, corrupt or newer, 75 locked).
class Database {
public:
    // Opens the database at `path`, a file name (never a URI or ':memory:'),
    // or on the server a postgresql:// URL names (postgres_engine.hpp).
    // A file that is not this tool's database (empty, not SQLite, or SQLite
    // without the tool's schema) throws `Error` (ExitCode::io) and is left as
    // it was. With Access::write a missing file is created whole or not at
    // all, mode 0600 (see `created()`), and an older schema is migrated
    // forward. With Access::read a missing file throws `Error`
    // (ExitCode::no_input), and an older schema is read through a migrated
    // copy in memory, which `notice` is told of when the Database closes (unless
    // `write` upgraded the file meanwhile). Writers wait up to
    // `busy_timeout` for each other.
    Database(const std::string& path, Access access,
             std::chrono::milliseconds busy_timeout = k_default_busy_timeout,
             const std::function<void(const std::string&)>& notice = {});
    ~Database();
    Database(Database&&) noexcept;
    Database& operator=(Database&&) noexcept;

    // True when this open created the file (or the schema on a server).
    [[nodiscard]] bool created() const;
    // Undoes that creation on a server when the command failed: the schema,
    // still empty, is dropped. (A file is removed by the caller, closed.)
    void discard_created();

    // Runs `work` in one IMMEDIATE transaction: all of it is committed, or,
    // when it throws, none of it.
    void write(const std::function<void()>& work);

    // Folds the -wal into the database file and empties it (a TRUNCATE
    // checkpoint), which a change does not do (SPEC §13: one fdatasync per
    // commit). For `init`, and for `anonymize`, whose erased values must not
    // linger in older pages of the -wal. Returns false when readers still
    // hold older snapshots past the busy timeout: the -wal is then folded in
    // later, by SQLite's automatic checkpoint. On a file opened for writing.
    bool checkpoint();

    // The complaints (complaints.cpp).
    [[nodiscard]] ComplaintStore complaints() const;
    // The append-only event log (events.cpp).
    [[nodiscard]] EventLog events() const;
    // Evidence files and their content (evidence.cpp).
    [[nodiscard]] EvidenceStore evidence() const;
    // `verify` and `backup` (integrity.cpp).
    [[nodiscard]] Integrity integrity() const;
    // The candidates and the work of `anonymize` (retention.cpp).
    [[nodiscard]] RetentionStore retention() const;
    // The aggregates of `report` (reports.cpp).
    [[nodiscard]] Reports reports() const;

    // Runs one read-only SQL statement on a separate read-only connection,
    // binding each `:NAME` of `params` (query.cpp). A syntax error, more than
    // one statement, or one that would write, attach or change a setting
    // throws `Error` (data, 65); a parameter without a value or a value
    // without a parameter throws `Error` (usage, 64). With `now` (a clock
    // fixed by COMPLAINTS_NOW), the views judge milestones at `now` instead
    // of the system clock: that connection gets TEMP views of the same names.
    [[nodiscard]] QueryResult query(const std::string& sql, const QueryParams& params,
                                    std::optional<domain::Instant> now = std::nullopt) const;
    // The same, within `limits` (SPEC §12), handing the result to `sink` row
    // by row. A statement that runs past `limits.timeout` or needs more than
    // `limits.max_memory_mib` of SQLite's memory is stopped: `Error` (data, 65).
    // Functions that expose or change process memory (`fts3_tokenizer`,
    // `load_extension`) are refused (65).
    void query(const std::string& sql, const QueryParams& params, const QueryLimits& limits,
               const QuerySink& sink, std::optional<domain::Instant> now = std::nullopt) const;

    // The value of `PRAGMA name` on the tool's own connection (for tests).
    [[nodiscard]] std::string pragma(const std::string& name) const;

private:
    std::unique_ptr<Connection> m_connection;
};

}  // namespace complaints::storage
