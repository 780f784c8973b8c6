#pragma once

// What a session and its statements share: the libpq connection, the state
// of its transaction and cursors, and the one way commands reach the server
// (a pipeline: several commands, one round trip).

#include <complaints/storage/sql.hpp>

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace complaints::postgres::detail {

struct ResultDeleter {
    void operator()(PGresult* result) const { PQclear(result); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

// The parameters of one execution, in libpq's parallel arrays.
struct Parameters {
    std::span<const char* const> values;
    std::span<const int> lengths;
    std::span<const int> formats;
    std::span<const Oid> types;
};

// One command of a pipeline.
struct Command {
    enum class Kind { prepare, describe, run_prepared, run } kind;
    const char* name;       // of the prepared statement (prepare, describe, run_prepared)
    const char* sql;        // prepare, run
    Parameters parameters;  // run_prepared, run
};

// The failure for an error result (or, without one, for the connection's
// last error). A lost connection is always `unreachable`.
storage::sql::Failure failure_of(PGconn* connection, const PGresult* result);

// The first line of a libpq message, trimmed, with the lines of hints left out.
std::string one_line(std::string_view message);

class Connection {
public:
    explicit Connection(PGconn* connection) : m_connection(connection) {}
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    ~Connection() { close(); }

    void close() noexcept;
    [[nodiscard]] PGconn* raw() const { return m_connection; }
    // Throws Failure(unreachable) once the connection is closed or lost.
    void require_open() const;

    // Sends `commands` at once and returns their results, in order. Deferred
    // commands (below) go first, in a part of their own. Throws the first
    // failure, after reading every result; the results of the commands before
    // it are still in `done` (its size: how many succeeded).
    std::vector<Result> pipeline(std::span<const Command> commands,
                                 std::vector<Result>* done = nullptr);
    // Runs `script` with the simple protocol (several statements).
    void simple(std::string_view script);

    // Runs the prepared statement `name` with (a copy of) `parameters` with
    // the next exchange, in its part: a failure of it is thrown there, and
    // the commands after it in the part do not run. Sent at once when
    // k_max_queued are waiting. Only within an explicit transaction; its
    // end, or drop_queued(), drops those still waiting.
    void queue(std::string_view name, const Parameters& parameters);
    [[nodiscard]] std::size_t queued() const { return m_queued.size(); }
    void drop_queued() noexcept { m_queued.clear(); }
    static constexpr std::size_t k_max_queued = 256;

    // A name no other statement or cursor of the connection has.
    std::string unique_name(char prefix) { return prefix + std::to_string(++m_names); }
    // Runs `sql` (a CLOSE or DEALLOCATE) before the next command: statements
    // and cursors are closed on the way, without a round trip of their own.
    // One bound to the transaction is dropped when the transaction ends.
    void defer(std::string sql, bool transaction_bound);

    // --- Transactions and cursors.
    [[nodiscard]] PGTransactionStatusType status() const {
        return PQtransactionStatus(m_connection);
    }
    // A transaction not opened by the connection for its cursors.
    [[nodiscard]] bool in_explicit_transaction() const;
    [[nodiscard]] bool in_implicit_transaction() const { return m_implicit; }
    // Changes whenever a transaction ends, taking its cursors with it.
    [[nodiscard]] std::uint64_t generation() const { return m_generation; }
    [[nodiscard]] int open_cursors() const { return m_cursors; }
    // Called after every exchange: notices a transaction that ended, and
    // rolls back an implicit transaction that an error aborted.
    void after_exchange() noexcept;
    void implicit_transaction_opened() { m_implicit = true; }
    void cursor_opened() { ++m_cursors; }
    // A cursor of `generation` was read to its end or dropped. The last one
    // of an implicit transaction ends it (a failure thrown when `may_throw`).
    void cursor_closed(std::string_view cursor, std::uint64_t generation, bool may_throw);
    // Ends the implicit transaction, which has no open cursor.
    void end_implicit_transaction();

private:
    void transaction_ended();

    struct Queued {
        std::string name;
        std::vector<std::string> values;
        std::vector<bool> null;
        std::vector<int> lengths;
        std::vector<int> formats;
    };

    PGconn* m_connection;
    std::uint64_t m_names = 0;
    std::vector<Queued> m_queued;
    std::vector<std::pair<std::string, bool>> m_deferred;  // SQL, bound to the transaction
    bool m_implicit = false;
    bool m_transaction_open = false;
    std::uint64_t m_generation = 0;
    int m_cursors = 0;
};

}  // namespace complaints::postgres::detail
