#pragma once

// The one SQL interface of the stores (complaints, events, evidence, reports,
// ...): a session on one database and its prepared statements, whatever the
// engine. The SQLite engine implements it over sqlite3 (src/storage/sqlite_session.cpp);
// the PostgreSQL engine over libpq (src/postgres/). A store never names an
// engine's types; where the two dialects differ, it asks the session's
// `engine()` for the right SQL text.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

namespace complaints::storage::sql {

enum class Engine { sqlite, postgresql };

// What went wrong, in the terms that decide an exit code (SPEC §6, §14).
enum class FailureKind {
    busy,           // another writer holds the lock past the busy timeout (75)
    serialization,  // a serialization conflict or deadlock: retry the transaction
    corrupt,        // the database is damaged or not this tool's (74)
    constraint,     // a constraint failed: a bug of the tool (70)
    no_memory,      // out of memory (71)
    read_only,      // a write on a read-only database or transaction (65 in `query`)
    cannot_open,    // the file cannot be opened or created (73 or 74)
    unreachable,    // the server cannot be reached or refused the login (69)
    timeout,        // a statement ran past its time limit (65 in `query`)
    syntax,         // the SQL text is not valid (65 in `query`)
    other,          // anything else (74)
};

// A failure of the engine. `what()` is the engine's own message (for
// PostgreSQL the server's primary message, never the connection string's
// password); `code` the engine's code (SQLite's extended result code,
// PostgreSQL's SQLSTATE as text in `state`).
class Failure : public std::runtime_error {
public:
    Failure(FailureKind kind, const std::string& message, int code = 0, std::string state = {})
        : std::runtime_error(message), m_kind(kind), m_code(code), m_state(std::move(state)) {}
    [[nodiscard]] FailureKind kind() const { return m_kind; }
    [[nodiscard]] int code() const { return m_code; }
    [[nodiscard]] const std::string& state() const { return m_state; }

private:
    FailureKind m_kind;
    int m_code;
    std::string m_state;
};

// The type of one value of a result row (for `query`'s output: numbers as
// numbers). SQLite types each value; PostgreSQL each column.
enum class Type { null, integer, real, text, blob };

class Statement;

// One value of the current row of a statement: valid until the statement
// steps, resets or goes.
class Value {
public:
    Value(const Statement& statement, int index) : m_statement(&statement), m_index(index) {}
    [[nodiscard]] bool is_null() const;
    [[nodiscard]] std::int64_t int64() const;
    [[nodiscard]] int integer() const { return static_cast<int>(int64()); }
    [[nodiscard]] double real() const;
    // The text, without a copy.
    [[nodiscard]] std::string_view view() const;
    [[nodiscard]] std::string text() const { return std::string(view()); }
    [[nodiscard]] std::optional<std::string> text_or_null() const {
        if (is_null()) return std::nullopt;
        return text();
    }

private:
    const Statement* m_statement;
    int m_index;
};

// A prepared statement. Parameters are `?` (numbered from 1 in order) or
// `:name`; the same `:name` twice is one parameter. Columns are numbered from
// 0. A statement that returns rows is stepped row by row in bounded memory,
// and other statements of the same session may run while it is between rows
// (a store reads events while it walks complaints).
class Statement {
public:
    Statement() = default;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    virtual ~Statement() = default;

    virtual void bind_null(int index) = 0;
    virtual void bind(int index, std::int64_t value) = 0;
    virtual void bind(int index, double value) = 0;
    virtual void bind(int index, std::string_view text) = 0;
    virtual void bind_blob(int index, std::span<const std::byte> bytes) = 0;
    // The index of the parameter `name` (with its ':'); throws Failure
    // (other) when the statement has none of that name.
    [[nodiscard]] virtual int index_of(std::string_view name) const = 0;
    // How many parameters the statement has, and the name of each (with its
    // ':'; empty for a `?`), numbered from 1.
    [[nodiscard]] virtual int parameter_count() const = 0;
    // Whether the statement returns rows (a query), known before it runs.
    [[nodiscard]] virtual bool returns_rows() const = 0;
    [[nodiscard]] virtual std::string parameter_name(int index) const = 0;

    void bind(int index, int value) { bind(index, static_cast<std::int64_t>(value)); }
    void bind(int index, long long value) { bind(index, static_cast<std::int64_t>(value)); }
    void bind(int index, unsigned value) { bind(index, static_cast<std::int64_t>(value)); }
    void bind(int index, unsigned long value) { bind(index, static_cast<std::int64_t>(value)); }
    void bind(int index, const std::string& text) { bind(index, std::string_view(text)); }
    void bind(int index, const char* text) { bind(index, std::string_view(text)); }
    void bind(int index) { bind_null(index); }
    template <typename T>
    void bind(int index, const std::optional<T>& value) {
        if (value)
            bind(index, *value);
        else
            bind_null(index);
    }
    template <typename T>
    void bind(std::string_view name, const T& value) {
        bind(index_of(name), value);
    }
    void bind(std::string_view name) { bind_null(index_of(name)); }
    // (A string literal is a name, not a text to bind at index 0.)
    template <typename T>
    void bind(const char* name, const T& value) {
        bind(index_of(name), value);
    }
    void bind(const char* name) { bind_null(index_of(name)); }

    // Runs the statement (on the first call) and moves to the next row: false
    // when there is none.
    virtual bool step() = 0;
    // Runs a statement to its end (an INSERT, UPDATE, DELETE or DDL).
    void run() {
        while (step()) {
        }
    }
    // Runs a statement that returns no rows within a write transaction,
    // perhaps later: an engine with a network between it and the database
    // may send it along with the session's next statement, so that its
    // failure is thrown there, or by commit. For statements whose failure
    // ends the transaction whichever statement reports it (the INSERT of an
    // event). Elsewhere, and on SQLite, the same as run().
    virtual void run_batched() { run(); }
    // Back to before the first step, keeping the bindings; ends the reading
    // of any rows left.
    virtual void reset() = 0;
    virtual void clear_bindings() = 0;

    [[nodiscard]] virtual int column_count() const = 0;
    [[nodiscard]] virtual std::string column_name(int index) const = 0;
    [[nodiscard]] virtual Type type(int index) const = 0;
    [[nodiscard]] virtual bool is_null(int index) const = 0;
    [[nodiscard]] virtual std::int64_t int64(int index) const = 0;
    [[nodiscard]] virtual double real(int index) const = 0;
    [[nodiscard]] virtual std::string_view text(int index) const = 0;
    [[nodiscard]] virtual std::span<const std::byte> blob(int index) const = 0;

    [[nodiscard]] Value column(int index) const { return {*this, index}; }
};

inline bool Value::is_null() const {
    return m_statement->is_null(m_index);
}
inline std::int64_t Value::int64() const {
    return m_statement->int64(m_index);
}
inline double Value::real() const {
    return m_statement->real(m_index);
}
inline std::string_view Value::view() const {
    return m_statement->text(m_index);
}

// A transaction that reads (one snapshot of the database) or writes (writers
// one at a time: SQLite's BEGIN IMMEDIATE, a lock of the tool's on a server).
enum class Mode { read, write };

// A connection to one database, used by one thread.
class Session {
public:
    Session() = default;
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;
    virtual ~Session() = default;

    [[nodiscard]] virtual Engine engine() const = 0;
    [[nodiscard]] virtual std::unique_ptr<Statement> prepare(std::string_view sql) = 0;
    // Runs `script`: one or more statements without parameters, rows ignored.
    virtual void execute(std::string_view script) = 0;

    // Opens a transaction; Failure(busy) when a writer does not get its turn
    // within the busy timeout.
    virtual void begin(Mode mode) = 0;
    // Commits the open transaction.
    virtual void commit() = 0;
    // Rolls the open transaction back, if any. Never throws.
    virtual void rollback() noexcept = 0;
    [[nodiscard]] virtual bool in_transaction() const = 0;

    // The first column of the first row of `sql` (a query without parameters).
    std::int64_t scalar(std::string_view sql) {
        auto s = prepare(sql);
        if (!s->step()) throw Failure(FailureKind::other, "the query returned no row");
        return s->int64(0);
    }
};

}  // namespace complaints::storage::sql
