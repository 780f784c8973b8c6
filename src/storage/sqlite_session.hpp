#pragma once

// The SQLite engine's implementation of the SQL interface of the stores
// (complaints/storage/sql.hpp), straight over sqlite3's C API: a statement is
// a sqlite3_stmt, a value is read where SQLite holds it, without a copy.

#include <complaints/storage/sql.hpp>

#include <sqlite3.h>

#include <memory>
#include <string_view>

namespace complaints::storage {

// The failure of `rc` (an extended result code) on `db`, with SQLite's
// message for it.
sql::Failure sqlite_failure(sqlite3* db, int rc);

// A session over a connection handle owned elsewhere (SQLite::Database in
// `Connection`): `handle` is asked for it at each prepare, so that the
// connection may be reopened (Database::write) under the same session.
class SqliteSession final : public sql::Session {
public:
    using Handle = sqlite3* (*)(const void* owner);
    SqliteSession(const void* owner, Handle handle) : m_owner(owner), m_handle(handle) {}

    [[nodiscard]] sql::Engine engine() const override { return sql::Engine::sqlite; }
    [[nodiscard]] std::unique_ptr<sql::Statement> prepare(std::string_view sql) override;
    void execute(std::string_view script) override;
    void begin(sql::Mode mode) override;
    void commit() override;
    void rollback() noexcept override;
    [[nodiscard]] bool in_transaction() const override;

private:
    const void* m_owner;
    Handle m_handle;
};

}  // namespace complaints::storage
