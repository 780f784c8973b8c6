#pragma once

#include <complaints/domain/error.hpp>
#include <complaints/domain/names.hpp>
#include <complaints/domain/time.hpp>
#include <complaints/storage/database.hpp>

#include "sqlite_session.hpp"
#include "statement_cache.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <fmt/format.h>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#endif

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>

namespace complaints::storage {

// Every connection of the tool is used by one thread: opened with
// SQLITE_OPEN_NOMUTEX, no mutex is taken on each sqlite3_column_* call (the
// library is built serialized; the mutexes were 14 % of `list`).
inline const int k_no_mutex = SQLite::OPEN_NOMUTEX;

// The tool's own connection, shared by the stores of each concept: read-only
// for a command that only reads (Access::read), until `Database::write`
// reopens it for writing.
struct Connection {
    std::string path;
    bool created = false;
    std::chrono::milliseconds busy_timeout;
    SQLite::Database db;
    // Where a second, read-only connection (`query`) finds the same data as
    // `db`: a `file:` URI to open with SQLITE_OPEN_READONLY | SQLITE_OPEN_URI.
    // The database file (`immutable=1` in a directory this user may not
    // write), or the shared in-memory copy that an older schema is read
    // through (database.cpp).
    std::string read_uri;
    // True while the file is not open for writing: `db` is read-only, or the
    // in-memory copy below. `Database::write` reopens the file first.
    bool read_only = false;
    // The file's schema version when `db` is a migrated copy of it in memory.
    std::optional<int> migrated_from;
    // Told, when the Database closes, that the command read a migrated copy
    // (not before: a command that reads, then changes, upgrades the file).
    std::function<void(const std::string&)> notice;
    // The stores' SQL interface over `db` (whichever handle `db` holds).
    SqliteSession session{this, [](const void* self) {
                              return static_cast<const Connection*>(self)->db.getHandle();
                          }};
    // Statements run once per row, prepared once (after `db`: finalized
    // before it closes).
    StatementCache statements;

    // The cached statement for `sql`, reset when the lease ends.
    StatementCache::Lease cached(std::string_view sql) { return statements.get(session, sql); }
    // A statement of its own for `sql` (run once, or stepped while a cached
    // one of the same text is in use).
    std::unique_ptr<sql::Statement> prepare(std::string_view sql) { return session.prepare(sql); }

    Connection(const std::string& p, int flags, bool was_created, std::chrono::milliseconds timeout)
        : path(p),
          created(was_created),
          busy_timeout(timeout),
          db(p, flags, static_cast<int>(timeout.count())),
          read_uri(file_uri(p)) {}

    Connection(std::string p, SQLite::Database&& database, std::chrono::milliseconds timeout,
               std::string uri, bool opened_read_only)
        : path(std::move(p)),
          busy_timeout(timeout),
          db(std::move(database)),
          read_uri(std::move(uri)),
          read_only(opened_read_only) {}

    // A `file:` URI naming the file at `path` exactly: every byte but
    // unreserved ones and '/' percent-encoded, so that no path is read as
    // ':memory:', a query string or an authority.
    static std::string file_uri(const std::string& path);
};

// Turns SQLite's failures into the exit codes of SPEC §6.
[[noreturn]] void fail(const SQLite::Exception& e, const std::string& path);
[[noreturn]] void fail(const sql::Failure& e, const std::string& path);

// SQLiteCpp is not built with AddressSanitizer, so an exception it throws
// unwinds our instrumented frames without clearing their stack redzones, and
// ASan's own clean-up at the next throw then trips over them ("CHECK failed:
// asan_thread.cpp:371"). Clears the stack below the caller's frame; nothing
// in a build without ASan.
inline void clear_unwound_frames() {
#if defined(__SANITIZE_ADDRESS__)
    char here = 0;
    constexpr std::uintptr_t k_span = 256 * 1024;
    const auto top = reinterpret_cast<std::uintptr_t>(&here);
    __asan_unpoison_memory_region(reinterpret_cast<void*>(top - k_span), k_span);
#endif
}

// Runs `work` and maps any SQLite failure to its exit code: the one place
// where storage catches SQLite's exceptions.
template <typename Work>
auto guarded(const Connection& connection, Work&& work) -> decltype(work()) {
    try {
        return std::forward<Work>(work)();
    } catch (const sql::Failure& e) {
        clear_unwound_frames();
        fail(e, connection.path);
    } catch (const SQLite::Exception& e) {
        clear_unwound_frames();
        fail(e, connection.path);
    }
}

// A stored value this build does not understand: corrupt, or written by a
// newer version (exit 74, never a silent default).
[[noreturn]] void corrupt(std::string_view what, std::string_view value);

std::optional<std::string> text_or_null(const sql::Value& column);
std::optional<domain::Instant> instant_or_null(const sql::Value& column);
domain::Instant instant(const sql::Value& column);

// The enum value named by `column`; exit 74 when it names none.
template <typename Enum>
Enum stored_name(const sql::Value& column, std::string_view what) {
    const std::string_view text = column.view();
    if (const auto value = domain::parse_name<Enum>(text)) return *value;
    corrupt(what, text);
}

template <typename T>
void bind_optional(sql::Statement& s, int index, const std::optional<T>& value) {
    if (value)
        s.bind(index, *value);
    else
        s.bind_null(index);
}

template <typename T>
void bind_optional(sql::Statement& s, const char* name, const std::optional<T>& value) {
    if (value)
        s.bind(name, *value);
    else
        s.bind(name);
}

void bind_instant(sql::Statement& s, const char* name, const std::optional<domain::Instant>& t);

}  // namespace complaints::storage
