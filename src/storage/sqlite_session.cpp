#include "sqlite_session.hpp"

#include <cstring>
#include <string>

namespace complaints::storage {

namespace {

sql::FailureKind kind_of(int rc) {
    switch (rc & 0xff) {
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
            return sql::FailureKind::busy;
        case SQLITE_CORRUPT:
        case SQLITE_NOTADB:
            return sql::FailureKind::corrupt;
        case SQLITE_CONSTRAINT:
            return sql::FailureKind::constraint;
        case SQLITE_NOMEM:
            return sql::FailureKind::no_memory;
        case SQLITE_READONLY:
            return sql::FailureKind::read_only;
        case SQLITE_CANTOPEN:
            return sql::FailureKind::cannot_open;
        case SQLITE_INTERRUPT:
            return sql::FailureKind::timeout;
        default:
            break;
    }
    if (rc == SQLITE_IOERR_NOMEM) return sql::FailureKind::no_memory;
    return sql::FailureKind::other;
}

class SqliteStatement final : public sql::Statement {
public:
    SqliteStatement(sqlite3* db, sqlite3_stmt* statement) : m_db(db), m_statement(statement) {}
    ~SqliteStatement() override { sqlite3_finalize(m_statement); }

    void bind_null(int index) override { check(sqlite3_bind_null(m_statement, index)); }
    void bind(int index, std::int64_t value) override {
        check(sqlite3_bind_int64(m_statement, index, value));
    }
    void bind(int index, double value) override {
        check(sqlite3_bind_double(m_statement, index, value));
    }
    void bind(int index, std::string_view text) override {
        check(sqlite3_bind_text64(m_statement, index, text.data(), text.size(), SQLITE_TRANSIENT,
                                  SQLITE_UTF8));
    }
    void bind_blob(int index, std::span<const std::byte> bytes) override {
        check(
            sqlite3_bind_blob64(m_statement, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT));
    }
    using sql::Statement::bind;

    [[nodiscard]] int index_of(std::string_view name) const override {
        // The names are short: a copy on the stack, for the NUL SQLite needs.
        char buffer[64];
        if (name.size() >= sizeof buffer)
            throw sql::Failure(sql::FailureKind::other,
                               "parameter name too long: " + std::string(name));
        std::memcpy(buffer, name.data(), name.size());
        buffer[name.size()] = '\0';
        const int index = sqlite3_bind_parameter_index(m_statement, buffer);
        if (index == 0)
            throw sql::Failure(sql::FailureKind::other,
                               "the statement has no parameter " + std::string(name));
        return index;
    }

    [[nodiscard]] bool returns_rows() const override {
        return sqlite3_column_count(m_statement) > 0;
    }
    [[nodiscard]] int parameter_count() const override {
        return sqlite3_bind_parameter_count(m_statement);
    }
    [[nodiscard]] std::string parameter_name(int index) const override {
        const char* name = sqlite3_bind_parameter_name(m_statement, index);
        return name ? name : "";
    }

    bool step() override {
        const int rc = sqlite3_step(m_statement);
        if (rc == SQLITE_ROW) return true;
        if (rc == SQLITE_DONE) return false;
        throw sqlite_failure(m_db, sqlite3_extended_errcode(m_db));
    }
    // The error of a failed step was thrown by `step`: the one sqlite3_reset
    // returns again is not news.
    void reset() override { sqlite3_reset(m_statement); }
    void clear_bindings() override { sqlite3_clear_bindings(m_statement); }

    [[nodiscard]] int column_count() const override { return sqlite3_column_count(m_statement); }
    [[nodiscard]] std::string column_name(int index) const override {
        const char* name = sqlite3_column_name(m_statement, index);
        return name ? name : "";
    }
    [[nodiscard]] sql::Type type(int index) const override {
        switch (sqlite3_column_type(m_statement, index)) {
            case SQLITE_INTEGER:
                return sql::Type::integer;
            case SQLITE_FLOAT:
                return sql::Type::real;
            case SQLITE_BLOB:
                return sql::Type::blob;
            case SQLITE_NULL:
                return sql::Type::null;
            default:
                return sql::Type::text;
        }
    }
    [[nodiscard]] bool is_null(int index) const override {
        return sqlite3_column_type(m_statement, index) == SQLITE_NULL;
    }
    [[nodiscard]] std::int64_t int64(int index) const override {
        return sqlite3_column_int64(m_statement, index);
    }
    [[nodiscard]] double real(int index) const override {
        return sqlite3_column_double(m_statement, index);
    }
    [[nodiscard]] std::string_view text(int index) const override {
        const auto* text = sqlite3_column_text(m_statement, index);
        if (!text) return {};
        return {reinterpret_cast<const char*>(text),
                static_cast<std::size_t>(sqlite3_column_bytes(m_statement, index))};
    }
    [[nodiscard]] std::span<const std::byte> blob(int index) const override {
        const void* data = sqlite3_column_blob(m_statement, index);
        if (!data) return {};
        return {static_cast<const std::byte*>(data),
                static_cast<std::size_t>(sqlite3_column_bytes(m_statement, index))};
    }

private:
    void check(int rc) const {
        if (rc != SQLITE_OK) throw sqlite_failure(m_db, rc);
    }

    sqlite3* m_db;
    sqlite3_stmt* m_statement;
};

}  // namespace

sql::Failure sqlite_failure(sqlite3* db, int rc) {
    // sqlite3_errmsg describes the last failure on `db`, which is `rc` when
    // the two codes agree; otherwise the code's own text.
    const bool same = db && sqlite3_extended_errcode(db) == rc;
    return {kind_of(rc), same ? sqlite3_errmsg(db) : sqlite3_errstr(rc), rc};
}

std::unique_ptr<sql::Statement> SqliteSession::prepare(std::string_view sql) {
    sqlite3* db = m_handle(m_owner);
    sqlite3_stmt* statement = nullptr;
    const int rc =
        sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &statement, nullptr);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(statement);
        throw sqlite_failure(db, sqlite3_extended_errcode(db));
    }
    if (!statement) throw sql::Failure(sql::FailureKind::other, "no SQL statement to prepare");
    return std::make_unique<SqliteStatement>(db, statement);
}

void SqliteSession::execute(std::string_view script) {
    sqlite3* db = m_handle(m_owner);
    const std::string text(script);
    const int rc = sqlite3_exec(db, text.c_str(), nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) throw sqlite_failure(db, sqlite3_extended_errcode(db));
}

void SqliteSession::begin(sql::Mode mode) {
    execute(mode == sql::Mode::write ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");
}

void SqliteSession::commit() {
    execute("COMMIT");
}

void SqliteSession::rollback() noexcept {
    sqlite3* db = m_handle(m_owner);
    if (!sqlite3_get_autocommit(db)) sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
}

bool SqliteSession::in_transaction() const {
    return sqlite3_get_autocommit(m_handle(m_owner)) == 0;
}

}  // namespace complaints::storage
