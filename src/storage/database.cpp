// The database: its engine chosen by the name it is given, and the stores
// of each concept over the engine's SQL.
#include "connection.hpp"
#include "postgres_engine.hpp"
#include "sqlite_engine.hpp"

#include <complaints/storage/database.hpp>

namespace complaints::storage {

using domain::Instant;

void corrupt(std::string_view what, std::string_view value) {
    throw Error(ExitCode::io,
                // TRANSLATORS: the first {} is what the value is ("status", "hold
                // period", "event type", ...), the second the stored value itself.
                trf("unknown {} '{}' in the database: corrupt or newer database",
                    tr(std::string(what)), value),
                {tr("run a newer complaints, or restore the database from a backup")});
}

std::optional<std::string> text_or_null(const sql::Value& column) {
    return column.text_or_null();
}

std::optional<Instant> instant_or_null(const sql::Value& column) {
    if (column.is_null()) return std::nullopt;
    // The text as the engine holds it, without a copy: every row of `list`
    // reads a dozen times.
    const std::string_view view = column.view();
    if (auto t = domain::parse_utc(view)) return t;
    throw Error(ExitCode::io, trf("bad time '{}' in the database", view));
}

Instant instant(const sql::Value& column) {
    if (auto t = instant_or_null(column)) return *t;
    throw Error(ExitCode::io, tr("a time is missing in the database"));
}

void bind_instant(sql::Statement& s, int index, const std::optional<Instant>& t) {
    if (t)
        s.bind(index, domain::format_utc(*t));
    else
        s.bind_null(index);
}

void bind_instant(sql::Statement& s, const char* name, const std::optional<Instant>& t) {
    if (t)
        s.bind(name, domain::format_utc(*t));
    else
        s.bind(name);
}

namespace {

ServerClient& server_client() {
    static ServerClient client;
    return client;
}

std::unique_ptr<Engine> open_engine(const std::string& name, Access access,
                                    std::chrono::milliseconds busy_timeout,
                                    const std::function<void(const std::string&)>& notice) {
    if (!is_server_url(name)) return SqliteEngine::open(name, access, busy_timeout, notice);
    if (!has_server_client())
        throw Error(ExitCode::unavailable,
                    tr("this build of complaints cannot reach a PostgreSQL server"),
                    {tr("run the complaints-postgresql program installed beside it")});
    return PostgresEngine::open(name, access, busy_timeout, server_client());
}

}  // namespace

bool is_server_url(std::string_view name) {
    return name.starts_with("postgresql://") || name.starts_with("postgres://");
}

void set_server_client(ServerClient client) {
    server_client() = std::move(client);
}

bool has_server_client() {
    return static_cast<bool>(server_client().connect);
}

Database::Database(const std::string& path, Access access, std::chrono::milliseconds busy_timeout,
                   const std::function<void(const std::string&)>& notice)
    : m_connection(std::make_unique<Connection>(open_engine(path, access, busy_timeout, notice))) {}

Database::~Database() {
    if (m_connection) m_connection->engine->closing();
}
Database::Database(Database&&) noexcept = default;
Database& Database::operator=(Database&&) noexcept = default;

bool Database::created() const {
    return m_connection->engine->created();
}

void Database::discard_created() {
    guarded(*m_connection, [&] {
        m_connection->statements.clear();
        m_connection->engine->discard();
    });
}

void Database::write(const std::function<void()>& work) {
    auto& connection = *m_connection;
    const auto each_attempt = [&] {
        connection.chain_tip.reset();
        work();
    };
    try {
        guarded(connection, [&] {
            connection.engine->write(each_attempt, [&] { connection.statements.clear(); });
        });
    } catch (...) {
        connection.chain_tip.reset();
        throw;
    }
    connection.chain_tip.reset();
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

bool Database::checkpoint() {
    return guarded(*m_connection, [&] { return m_connection->engine->checkpoint(); });
}

std::string Database::pragma(const std::string& name) const {
    return guarded(*m_connection, [&] { return m_connection->engine->setting(name); });
}

}  // namespace complaints::storage
