#pragma once

// The SQLite engine: one database file, WAL, writers serialised by SQLite's
// own lock (BEGIN IMMEDIATE), read-only opens for reading commands, content
// streamed through incremental blob I/O, `query` on a second read-only
// connection under an authorizer.

#include "engine.hpp"
#include "sqlite_session.hpp"

#include <complaints/storage/database.hpp>

#include <SQLiteCpp/Database.h>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace complaints::storage {

// Every connection of the tool is used by one thread: opened with
// SQLITE_OPEN_NOMUTEX, no mutex is taken on each sqlite3_column_* call (the
// library is built serialized; the mutexes were 14 % of `list`).
inline const int k_no_mutex = SQLite::OPEN_NOMUTEX;

class SqliteEngine final : public Engine {
public:
    SqliteEngine(std::string p, SQLite::Database&& database, std::chrono::milliseconds timeout,
                 std::string uri, bool opened_read_only)
        : path(std::move(p)),
          busy_timeout(timeout),
          db(std::move(database)),
          read_uri(std::move(uri)),
          read_only(opened_read_only) {}

    // Opens the database file at `path` (see Database::Database).
    static std::unique_ptr<SqliteEngine> open(
        const std::string& path, Access access, std::chrono::milliseconds busy_timeout,
        const std::function<void(const std::string&)>& notice);

    [[nodiscard]] sql::Session& session() override { return m_session; }
    [[nodiscard]] const std::string& name() const override { return path; }
    [[nodiscard]] bool created() const override { return was_created; }
    void write(const std::function<void()>& work, const std::function<void()>& reopening) override;
    void read_snapshot(const std::function<void()>& work) override;
    bool checkpoint() override;
    [[noreturn]] void fail(const sql::Failure& failure) const override;
    void add_content(const std::string& sha256, std::int64_t size, const ChunkSource& source,
                     std::size_t chunk_bytes) override;
    void read_content(const std::string& sha256, const ChunkSink& sink,
                      std::size_t chunk_bytes) override;
    void erase_securely() override;
    void check(std::vector<Problem>& problems) override;
    void backup(const std::string& file) override;
    void query(const std::string& sql, const QueryParams& params, const QueryLimits& limits,
               const QuerySink& sink, std::optional<domain::Instant> now) override;
    [[nodiscard]] std::string setting(const std::string& name) override;
    void closing() override;

    // A `file:` URI naming the file at `path` exactly: every byte but
    // unreserved ones and '/' percent-encoded, so that no path is read as
    // ':memory:', a query string or an authority.
    static std::string file_uri(const std::string& path);

    std::string path;
    bool was_created = false;
    std::chrono::milliseconds busy_timeout;
    SQLite::Database db;
    // Where a second, read-only connection (`query`) finds the same data as
    // `db`: a `file:` URI to open with SQLITE_OPEN_READONLY | SQLITE_OPEN_URI.
    // The database file (`immutable=1` in a directory this user may not
    // write), or the shared in-memory copy that an older schema is read
    // through (sqlite_engine.cpp).
    std::string read_uri;
    // True while the file is not open for writing: `db` is read-only, or the
    // in-memory copy below. `write` reopens the file first.
    bool read_only = false;
    // The file's schema version when `db` is a migrated copy of it in memory.
    std::optional<int> migrated_from;
    // Told, when the Database closes, that the command read a migrated copy
    // (not before: a command that reads, then changes, upgrades the file).
    std::function<void(const std::string&)> notice;

private:
    // The stores' SQL interface over `db` (whichever handle `db` holds).
    SqliteSession m_session{this, [](const void* self) {
                                return static_cast<const SqliteEngine*>(self)->db.getHandle();
                            }};
};

// Turns SQLite's failures into the exit codes of SPEC §6.
[[noreturn]] void fail(const SQLite::Exception& e, const std::string& path);

}  // namespace complaints::storage
