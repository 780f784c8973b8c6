#include "connection.hpp"
#include "schema.hpp"

#include <complaints/storage/database.hpp>

#include <SQLiteCpp/Transaction.h>

#include <sqlite3.h>

#include <sys/stat.h>

namespace complaints::storage {

using domain::Instant;

void fail(const SQLite::Exception& e, const std::string& path) {
    const int code = e.getErrorCode();
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
        throw Error(ExitCode::temp_fail,
                    fmt::format("the database '{}' stayed locked by other writers", path),
                    {"try again; COMPLAINTS_BUSY_TIMEOUT (milliseconds) sets how long to wait"});
    if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB)
        throw Error(ExitCode::io, fmt::format("'{}' is not a complaints database or is corrupt: {}",
                                              path, e.what()));
    if (code == SQLITE_CONSTRAINT)
        throw Error(ExitCode::internal, fmt::format("database constraint failed: {}", e.what()));
    throw Error(ExitCode::io, fmt::format("database '{}': {}", path, e.what()));
}

void corrupt(std::string_view what, std::string_view value) {
    throw Error(
        ExitCode::io,
        fmt::format("unknown {} '{}' in the database: corrupt or newer database", what, value),
        {"run a newer complaints, or restore the database from a backup"});
}

std::optional<std::string> text_or_null(const SQLite::Column& column) {
    if (column.isNull()) return std::nullopt;
    return column.getString();
}

std::optional<Instant> instant_or_null(const SQLite::Column& column) {
    if (column.isNull()) return std::nullopt;
    if (auto t = domain::parse_utc(column.getString())) return t;
    throw Error(ExitCode::io, fmt::format("bad time '{}' in the database", column.getString()));
}

Instant instant(const SQLite::Column& column) {
    if (auto t = instant_or_null(column)) return *t;
    throw Error(ExitCode::io, "a time is missing in the database");
}

void bind_instant(SQLite::Statement& s, const char* name, const std::optional<Instant>& t) {
    if (t)
        s.bind(name, domain::format_utc(*t));
    else
        s.bind(name);
}

Database::Database(const std::string& path, Access access, std::chrono::milliseconds busy_timeout) {
    struct stat info {};
    const bool exists = ::stat(path.c_str(), &info) == 0;
    if (!exists && access == Access::read)
        throw Error(ExitCode::no_input, fmt::format("no database at '{}'", path),
                    {"give the right one with --db or COMPLAINTS_DB, or create it with "
                     "'complaints init' or by registering a complaint"});
    int flags = SQLite::OPEN_READWRITE;
    if (!exists) flags |= SQLite::OPEN_CREATE;
    try {
        m_connection = std::make_unique<Connection>(path, flags, !exists, busy_timeout);
    } catch (const SQLite::Exception& e) {
        if (!exists)
            throw Error(ExitCode::cannot_create,
                        fmt::format("cannot create the database '{}': {}", path, e.what()),
                        {"check that the directory exists and is writable"});
        fail(e, path);
    }
    try {
        auto& db = m_connection->db;
        db.exec("PRAGMA synchronous = FULL");
        migrate(*m_connection);
        db.exec("PRAGMA foreign_keys = ON");
    } catch (const SQLite::Exception& e) {
        if (!exists && e.getErrorCode() != SQLITE_BUSY && e.getErrorCode() != SQLITE_LOCKED)
            throw Error(ExitCode::cannot_create,
                        fmt::format("cannot create the database '{}': {}", path, e.what()));
        fail(e, path);
    }
}

Database::~Database() = default;
Database::Database(Database&&) noexcept = default;
Database& Database::operator=(Database&&) noexcept = default;

bool Database::created() const {
    return m_connection->created;
}

void Database::write(const std::function<void()>& work) {
    guarded(*m_connection, [&] {
        SQLite::Transaction transaction(m_connection->db, SQLite::TransactionBehavior::IMMEDIATE);
        work();
        transaction.commit();
    });
}

ComplaintStore Database::complaints() const {
    return ComplaintStore(*m_connection);
}

EventLog Database::events() const {
    return EventLog(*m_connection);
}

EvidenceStore Database::evidence() const {
    return EvidenceStore(*m_connection);
}

Integrity Database::integrity() const {
    return Integrity(*m_connection);
}

RetentionStore Database::retention() const {
    return RetentionStore(*m_connection);
}

Reports Database::reports() const {
    return Reports(*m_connection);
}

std::string Database::pragma(const std::string& name) const {
    return guarded(*m_connection,
                   [&] { return m_connection->db.execAndGet("PRAGMA " + name).getString(); });
}

}  // namespace complaints::storage
