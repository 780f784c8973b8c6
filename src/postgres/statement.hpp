#pragma once

// A prepared statement of a PostgreSQL session (session.hpp). A query is
// read through a server-side cursor, a batch of rows at a time; any other
// statement is prepared once (PQprepare) and run at each step after a reset.

#include <complaints/storage/sql.hpp>

#include "connection.hpp"
#include "placeholders.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace complaints::postgres::detail {

class PgStatement final : public storage::sql::Statement {
public:
    PgStatement(std::shared_ptr<Connection> connection, std::string_view sql);
    ~PgStatement() override;

    void bind_null(int index) override;
    void bind(int index, std::int64_t value) override;
    void bind(int index, double value) override;
    void bind(int index, std::string_view text) override;
    void bind_blob(int index, std::span<const std::byte> bytes) override;
    using Statement::bind;
    [[nodiscard]] int index_of(std::string_view name) const override;
    [[nodiscard]] int parameter_count() const override { return m_translation.parameters; }
    [[nodiscard]] bool returns_rows() const override { return m_translation.returns_rows; }
    [[nodiscard]] std::string parameter_name(int index) const override;

    bool step() override;
    // Queued on the connection (Connection::queue) when the statement is
    // prepared for these types, returns no rows and a transaction is open.
    void run_batched() override;
    void reset() override;
    void clear_bindings() override;

    [[nodiscard]] int column_count() const override;
    [[nodiscard]] std::string column_name(int index) const override;
    [[nodiscard]] storage::sql::Type type(int index) const override;
    [[nodiscard]] bool is_null(int index) const override;
    [[nodiscard]] std::int64_t int64(int index) const override;
    [[nodiscard]] double real(int index) const override;
    [[nodiscard]] std::string_view text(int index) const override;
    [[nodiscard]] std::span<const std::byte> blob(int index) const override;

private:
    struct FreeMem {
        void operator()(unsigned char* p) const { PQfreemem(p); }
    };
    struct Blob {
        std::unique_ptr<unsigned char, FreeMem> bytes;
        std::size_t size = 0;
    };
    enum class State { ready, rows, done };

    void set(int index, std::string value, int format, Oid type);
    // Adds the PQprepare of the statement to `commands` when it is not
    // prepared yet, or was prepared for other parameter types.
    void prepare_into(std::vector<Command>& commands);
    // Whether it is prepared for the types bound now.
    [[nodiscard]] bool prepared_for_bindings() const;
    Parameters parameters();
    void open_cursor();
    void fetch();
    void take_batch(Result result, int requested);
    void close_cursor(bool may_throw);
    // The result and the current row's value of `column`, or Failure(other).
    const PGresult* value_at(int column) const;
    const PGresult* description() const;

    std::shared_ptr<Connection> m_connection;
    Translation m_translation;
    std::string m_text;    // what is prepared: the statement, or the DECLARE of its cursor
    std::string m_name;    // of the prepared statement
    std::string m_cursor;  // of the cursor, for a query
    bool m_prepared = false;
    std::vector<Oid> m_prepared_types;

    std::vector<std::string> m_values;
    std::vector<bool> m_null;
    std::vector<int> m_formats;
    std::vector<int> m_lengths;
    std::vector<Oid> m_types;
    std::vector<const char*> m_pointers;

    State m_state = State::ready;
    Result m_result;
    int m_row = -1;
    bool m_cursor_open = false;  // the server has more rows for us
    std::uint64_t m_generation = 0;
    int m_fetch = 0;  // rows asked for by the next FETCH
    mutable std::vector<Blob> m_blobs;
    mutable Result m_description;
};

}  // namespace complaints::postgres::detail
