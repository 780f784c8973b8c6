#include "statement.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

namespace complaints::postgres::detail {

using storage::sql::Failure;
using storage::sql::FailureKind;
using storage::sql::Type;

namespace {

// Type OIDs of pg_type.h (server headers, not in libpq-dev); stable across versions.
constexpr Oid k_bool = 16;
constexpr Oid k_bytea = 17;
constexpr Oid k_int8 = 20;
constexpr Oid k_int2 = 21;
constexpr Oid k_int4 = 23;
constexpr Oid k_oid = 26;
constexpr Oid k_float4 = 700;
constexpr Oid k_float8 = 701;
constexpr Oid k_numeric = 1700;

// A cursor's first batch is small (most queries of a store read a few rows);
// each next one doubles, up to k_max_fetch rows or about k_batch_bytes, so
// that the client holds a bounded part of any result.
constexpr int k_first_fetch = 256;
constexpr int k_max_fetch = 4096;
constexpr std::size_t k_batch_bytes = 4 << 20;

Failure no_row() {
    return Failure(FailureKind::other, "the statement has no current row");
}

}  // namespace

PgStatement::PgStatement(std::shared_ptr<Connection> connection, std::string_view sql)
    : m_connection(std::move(connection)), m_translation(translate(sql)) {
    m_name = m_connection->unique_name('s');
    if (m_translation.returns_rows) {
        m_cursor = m_connection->unique_name('c');
        m_text = "DECLARE " + m_cursor + " NO SCROLL CURSOR FOR " + m_translation.sql;
    } else {
        m_text = m_translation.sql;
    }
    const auto n = static_cast<std::size_t>(m_translation.parameters);
    m_values.resize(n);
    m_null.assign(n, true);
    m_formats.assign(n, 0);
    m_lengths.assign(n, 0);
    m_types.assign(n, 0);
    m_pointers.assign(n, nullptr);
}

PgStatement::~PgStatement() {
    close_cursor(false);
    if (!m_prepared) return;
    // Its queued runs go before it does. Their failure aborts the
    // transaction, which then cannot commit (Session::commit).
    if (m_connection->queued() > 0) {
        try {
            m_connection->pipeline({});
        } catch (...) {  // NOLINT(bugprone-empty-catch): a destructor must not throw
        }
    }
    m_connection->defer("DEALLOCATE " + m_name, false);
}

// --- Parameters: text with type 0 (the server infers it), whole numbers as
// int8, blobs in binary as bytea.

void PgStatement::set(int index, std::string value, int format, Oid type) {
    if (index < 1 || index > m_translation.parameters)
        throw Failure(FailureKind::other,
                      "the statement has no parameter " + std::to_string(index));
    const auto i = static_cast<std::size_t>(index - 1);
    m_values[i] = std::move(value);
    m_null[i] = false;
    m_formats[i] = format;
    m_lengths[i] = static_cast<int>(m_values[i].size());
    m_types[i] = type;
}

void PgStatement::bind_null(int index) {
    set(index, {}, 0, 0);
    m_null[static_cast<std::size_t>(index - 1)] = true;
}

void PgStatement::bind(int index, std::int64_t value) {
    // Typed: `SELECT :n` in `query` is a number, as on SQLite, not text.
    set(index, std::to_string(value), 0, k_int8);
}

void PgStatement::bind(int index, double value) {
    // The shortest text that reads back as the same double: 0.1, not
    // 0.10000000000000001, which a numeric parameter would keep as it is.
    char buffer[32];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
    std::string text(buffer, end);
    if (std::isnan(value)) text = "NaN";
    if (std::isinf(value)) text = value > 0 ? "Infinity" : "-Infinity";
    set(index, std::move(text), 0, 0);
}

void PgStatement::bind(int index, std::string_view text) {
    // Text goes as a C string: a NUL would cut it short without a word.
    if (text.find('\0') != std::string_view::npos)
        throw Failure(FailureKind::other, "a text holds a NUL byte, which PostgreSQL cannot store");
    set(index, std::string(text), 0, 0);
}

void PgStatement::bind_blob(int index, std::span<const std::byte> bytes) {
    set(index, std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size()), 1, k_bytea);
}

int PgStatement::index_of(std::string_view name) const {
    for (const auto& [n, index] : m_translation.names)
        if (n == name) return index;
    throw Failure(FailureKind::other, "the statement has no parameter " + std::string(name));
}

std::string PgStatement::parameter_name(int index) const {
    for (const auto& [n, number] : m_translation.names)
        if (number == index) return n;
    return {};
}

void PgStatement::clear_bindings() {
    for (int i = 1; i <= m_translation.parameters; ++i) bind_null(i);
}

Parameters PgStatement::parameters() {
    for (std::size_t i = 0; i < m_values.size(); ++i)
        m_pointers[i] = m_null[i] ? nullptr : m_values[i].c_str();
    return {m_pointers, m_lengths, m_formats, m_types};
}

bool PgStatement::prepared_for_bindings() const {
    // The types are fixed when a statement is prepared: a blob where the
    // statement was prepared for text needs it prepared again. A null fits any.
    bool fits = m_prepared;
    for (std::size_t i = 0; fits && i < m_types.size(); ++i)
        fits = m_null[i] || m_types[i] == m_prepared_types[i];
    return fits;
}

void PgStatement::prepare_into(std::vector<Command>& commands) {
    if (prepared_for_bindings()) return;
    if (m_prepared) {
        m_connection->defer("DEALLOCATE " + m_name, false);
        m_name = m_connection->unique_name('s');
        m_prepared = false;
    }
    m_prepared_types = m_types;
    for (std::size_t i = 0; i < m_types.size(); ++i)
        if (m_null[i]) m_prepared_types[i] = 0;
    commands.push_back({Command::Kind::prepare, m_name.c_str(), m_text.c_str(), {}});
    commands.back().parameters.types = m_prepared_types;
}

// --- Stepping.

bool PgStatement::step() {
    if (m_state == State::done) return false;
    if (m_state == State::ready) {
        if (m_translation.returns_rows) {
            open_cursor();
        } else {
            std::vector<Command> commands;
            prepare_into(commands);
            const bool preparing = !commands.empty();
            commands.push_back(
                {Command::Kind::run_prepared, m_name.c_str(), nullptr, parameters()});
            std::vector<Result> done;
            try {
                auto results = m_connection->pipeline(commands, &done);
                m_result = std::move(results.back());
            } catch (const Failure&) {
                m_prepared = m_prepared || (preparing && !done.empty());
                throw;
            }
            m_prepared = true;
        }
        m_state = State::rows;
        m_row = -1;
    }
    m_blobs.clear();
    if (++m_row < PQntuples(m_result.get())) return true;
    if (m_cursor_open) {
        fetch();
        m_row = 0;
        if (PQntuples(m_result.get()) > 0) return true;
    }
    m_state = State::done;
    return false;
}

void PgStatement::run_batched() {
    // The first run prepares the statement, and waits for it.
    if (m_translation.returns_rows || m_state != State::ready ||
        !m_connection->in_explicit_transaction() || !prepared_for_bindings()) {
        run();
        return;
    }
    m_connection->queue(m_name, parameters());
}

void PgStatement::open_cursor() {
    auto& connection = *m_connection;
    connection.require_open();
    std::vector<Command> commands;
    // Outside a transaction a cursor needs one: read-only, on one snapshot,
    // ended when the session's last cursor is. It comes first: parsing the
    // DECLARE takes a snapshot, after which BEGIN could not set the isolation level.
    const bool implicit = connection.status() == PQTRANS_IDLE;
    if (implicit) {
        commands.push_back(
            {Command::Kind::run, nullptr, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", {}});
        connection.implicit_transaction_opened();
    }
    prepare_into(commands);
    const bool preparing = commands.size() > (implicit ? 1u : 0u);
    commands.push_back({Command::Kind::run_prepared, m_name.c_str(), nullptr, parameters()});
    const auto fetch = "FETCH " + std::to_string(k_first_fetch) + " FROM " + m_cursor;
    commands.push_back({Command::Kind::run, nullptr, fetch.c_str(), {}});
    std::vector<Result> done;
    std::vector<Result> results;
    try {
        results = connection.pipeline(commands, &done);
    } catch (const Failure&) {
        m_prepared = m_prepared || (preparing && done.size() > (implicit ? 1u : 0u));
        throw;
    }
    m_prepared = true;
    m_cursor_open = true;
    m_generation = connection.generation();
    connection.cursor_opened();
    m_fetch = k_first_fetch;
    take_batch(std::move(results.back()), k_first_fetch);
}

void PgStatement::fetch() {
    if (m_generation != m_connection->generation()) {
        m_cursor_open = false;
        throw Failure(FailureKind::other,
                      "the rows of a query were lost: its transaction ended before they were read");
    }
    const auto sql = "FETCH " + std::to_string(m_fetch) + " FROM " + m_cursor;
    const Command command{Command::Kind::run, nullptr, sql.c_str(), {}};
    m_result.reset();  // its rows are read: the memory goes before the next batch comes
    try {
        take_batch(std::move(m_connection->pipeline({&command, 1}).front()), m_fetch);
    } catch (const Failure&) {
        m_cursor_open = false;
        m_state = State::done;
        throw;
    }
}

void PgStatement::take_batch(Result result, int requested) {
    m_result = std::move(result);
    m_row = -1;
    const int rows = PQntuples(m_result.get());
    if (rows < requested) {
        // The last batch: the cursor goes now, not when its rows are read.
        close_cursor(true);
        return;
    }
    std::size_t bytes = 0;
    const int columns = PQnfields(m_result.get());
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < columns; ++c)
            bytes += static_cast<std::size_t>(PQgetlength(m_result.get(), r, c));
    const auto row_bytes = std::max<std::size_t>(1, bytes / static_cast<std::size_t>(rows));
    const auto fits =
        static_cast<int>(std::min<std::size_t>(k_max_fetch, k_batch_bytes / row_bytes));
    m_fetch = std::clamp(std::min(2 * m_fetch, fits), 1, k_max_fetch);
}

void PgStatement::close_cursor(bool may_throw) {
    if (!m_cursor_open) return;
    m_cursor_open = false;
    m_connection->cursor_closed(m_cursor, m_generation, may_throw);
}

void PgStatement::reset() {
    close_cursor(false);
    m_state = State::ready;
    m_result.reset();
    m_row = -1;
    m_blobs.clear();
}

// --- Columns.

const PGresult* PgStatement::description() const {
    if (m_result) return m_result.get();
    if (!m_description) {
        // Not run yet: the columns of the statement itself (a DECLARE has none).
        const Command commands[] = {
            {Command::Kind::prepare, "", m_translation.sql.c_str(), {}},
            {Command::Kind::describe, "", nullptr, {}},
        };
        m_description = std::move(m_connection->pipeline(commands).back());
    }
    return m_description.get();
}

int PgStatement::column_count() const {
    return PQnfields(description());
}

std::string PgStatement::column_name(int index) const {
    const auto* result = description();
    if (index < 0 || index >= PQnfields(result))
        throw Failure(FailureKind::other, "the statement has no column " + std::to_string(index));
    return PQfname(result, index);
}

const PGresult* PgStatement::value_at(int column) const {
    const auto* result = m_result.get();
    if (!result || m_row < 0 || m_row >= PQntuples(result)) throw no_row();
    if (column < 0 || column >= PQnfields(result))
        throw Failure(FailureKind::other, "the statement has no column " + std::to_string(column));
    return result;
}

Type PgStatement::type(int index) const {
    const auto* result = value_at(index);
    if (PQgetisnull(result, m_row, index)) return Type::null;
    switch (PQftype(result, index)) {
        case k_int2:
        case k_int4:
        case k_int8:
        case k_oid:
        case k_bool:
            return Type::integer;
        case k_float4:
        case k_float8:
        case k_numeric:
            return Type::real;
        case k_bytea:
            return Type::blob;
        default:
            return Type::text;
    }
}

bool PgStatement::is_null(int index) const {
    return PQgetisnull(value_at(index), m_row, index) != 0;
}

std::int64_t PgStatement::int64(int index) const {
    const auto* result = value_at(index);
    if (PQgetisnull(result, m_row, index)) return 0;
    const char* text = PQgetvalue(result, m_row, index);
    const char* end = text + PQgetlength(result, m_row, index);
    if (PQftype(result, index) == k_bool) return *text == 't' ? 1 : 0;
    std::int64_t value = 0;
    const auto [ptr, error] = std::from_chars(text, end, value);
    if (error == std::errc() && ptr == end) return value;
    // A numeric or floating value (sum() of integers is numeric): truncated, as SQLite does.
    const double d = real(index);
    if (!(d > -9.3e18 && d < 9.3e18))
        return d < 0 ? std::numeric_limits<std::int64_t>::min()
                     : std::numeric_limits<std::int64_t>::max();
    return static_cast<std::int64_t>(d);
}

double PgStatement::real(int index) const {
    const auto* result = value_at(index);
    if (PQgetisnull(result, m_row, index)) return 0.0;
    const char* text = PQgetvalue(result, m_row, index);
    const char* end = text + PQgetlength(result, m_row, index);
    if (PQftype(result, index) == k_bool) return *text == 't' ? 1.0 : 0.0;
    double value = 0;
    const auto [ptr, error] = std::from_chars(text, end, value);
    if (error == std::errc() && ptr == end) return value;
    throw Failure(FailureKind::other, "column " + std::string(PQfname(result, index)) + " holds '" +
                                          std::string(text, end) + "', not a number");
}

std::string_view PgStatement::text(int index) const {
    const auto* result = value_at(index);
    return {PQgetvalue(result, m_row, index),
            static_cast<std::size_t>(PQgetlength(result, m_row, index))};
}

std::span<const std::byte> PgStatement::blob(int index) const {
    const auto* result = value_at(index);
    if (PQftype(result, index) != k_bytea) {
        const auto t = text(index);
        return {reinterpret_cast<const std::byte*>(t.data()), t.size()};
    }
    if (m_blobs.size() < static_cast<std::size_t>(PQnfields(result)))
        m_blobs.resize(static_cast<std::size_t>(PQnfields(result)));
    auto& blob = m_blobs[static_cast<std::size_t>(index)];
    if (!blob.bytes && !PQgetisnull(result, m_row, index)) {
        std::size_t size = 0;
        const auto* escaped =
            reinterpret_cast<const unsigned char*>(PQgetvalue(result, m_row, index));
        blob.bytes.reset(PQunescapeBytea(escaped, &size));
        if (!blob.bytes)
            throw Failure(FailureKind::no_memory, "out of memory decoding a bytea value");
        blob.size = size;
    }
    return {reinterpret_cast<const std::byte*>(blob.bytes.get()), blob.size};
}

}  // namespace complaints::postgres::detail
