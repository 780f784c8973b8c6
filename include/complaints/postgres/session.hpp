#pragma once

// The PostgreSQL engine of the SQL interface (complaints/storage/sql.hpp),
// over libpq: a session on one database of a server (SPEC §14). Only this
// module knows libpq; the main binary does not link it, so that a
// SQLite-only run does not pay for it at start-up.

#include <complaints/storage/sql.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace complaints::postgres {

namespace detail {
class Connection;
}

struct Options {
    // How long a writer waits for the write lock (and any other lock) before
    // giving up with Failure(busy).
    std::chrono::milliseconds busy_timeout{5000};
    std::string application_name = "complaints";
};

using Mode = storage::sql::Mode;

// A connection to one database, used by one thread. Statements stay valid
// after the session goes, but every use of them then fails (unreachable).
//
// Transactions: `begin(read)` is a REPEATABLE READ READ ONLY transaction,
// `begin(write)` a READ COMMITTED one that first takes the tool's advisory
// lock, so that writers are serialised per database. A query (a statement
// that returns rows) is read through a server-side cursor, in bounded memory;
// outside an explicit transaction the cursor runs in an implicit REPEATABLE
// READ READ ONLY transaction of the session, committed as soon as no cursor
// is open any more. Writes outside `begin(write)` autocommit, one statement
// each, and fail (read_only) while a query of the session is still open.
class Session final : public storage::sql::Session {
public:
    // Connects to `url` (postgresql://... or postgres://...). Throws
    // Failure(unreachable, reason) when the URL cannot be parsed, the server
    // cannot be reached or it refuses the login: the reason is libpq's or the
    // server's message, on one line, never holding a password.
    static std::unique_ptr<Session> connect(const std::string& url, const Options& options);

    explicit Session(std::shared_ptr<detail::Connection> connection, const Options& options);
    ~Session() override;

    [[nodiscard]] storage::sql::Engine engine() const override;
    [[nodiscard]] std::unique_ptr<storage::sql::Statement> prepare(std::string_view sql) override;
    // Runs `script` with the simple protocol: several statements, no parameters.
    void execute(std::string_view script) override;

    // Opens a transaction; Failure(other) when one is open already or a query
    // of the session is still being read, Failure(busy) when the write lock
    // is not had within the busy timeout.
    void begin(Mode mode) override;
    // Commits the open transaction; Failure(other) when none is open, or
    // when an earlier error aborted it (it is then rolled back).
    void commit() override;
    // Rolls the open transaction back, if any. Never throws.
    void rollback() noexcept override;
    // Whether a transaction opened by `begin` (or by BEGIN in `execute`) is open.
    [[nodiscard]] bool in_transaction() const override;
    // The server's version number (PQserverVersion: 150004 for 15.4), for messages.
    [[nodiscard]] int server_version() const;

private:
    std::shared_ptr<detail::Connection> m_connection;
    Options m_options;
};

// Checks a database URL before connecting: it must not carry a password
// (neither user:password@ nor ?password=...). Returns an error message that
// does not echo the password, or std::nullopt when the URL is fine.
// Passwords come from PGPASSWORD or ~/.pgpass (libpq reads them itself).
std::optional<std::string> password_in_url(const std::string& url);

// The URL for messages: scheme://user@host:port/dbname, without a password
// and without the query string.
std::string display_url(const std::string& url);

}  // namespace complaints::postgres
