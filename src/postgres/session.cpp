#include <complaints/postgres/session.hpp>

#include "connection.hpp"
#include "statement.hpp"
#include "url.hpp"

#include <algorithm>
#include <cstdlib>
#include <vector>

namespace complaints::postgres {

using detail::Command;
using storage::sql::Failure;
using storage::sql::FailureKind;

namespace {

// The advisory lock of writers: "complain" in ASCII, one key for the tool in
// every database (advisory locks are per database).
constexpr const char* k_write_lock = "SELECT pg_advisory_xact_lock(7165065861791836526)";

Command run(const char* sql) {
    return {Command::Kind::run, nullptr, sql, {}};
}

}  // namespace

std::unique_ptr<Session> Session::connect(const std::string& url, const Options& options) {
    const auto secrets = detail::secrets_of(url);
    const auto refused = [&secrets](std::string_view reason) {
        return Failure(FailureKind::unreachable,
                       detail::without_secrets(detail::one_line(reason), secrets));
    };
    char* error = nullptr;
    if (auto* parsed = PQconninfoParse(url.c_str(), &error)) {
        PQconninfoFree(parsed);
    } else {
        const std::string reason = error ? error : "the database URL cannot be read";
        PQfreemem(error);
        throw refused(reason);
    }
    // The URL is expanded where `dbname` is: what it sets overrides what
    // comes before (connect_timeout unless PGCONNECT_TIMEOUT gives one, the
    // application name); the tool reads and writes UTF-8 whatever it says.
    std::vector<const char*> keywords;
    std::vector<const char*> values;
    const auto add = [&](const char* keyword, const char* value) {
        keywords.push_back(keyword);
        values.push_back(value);
    };
    if (!std::getenv("PGCONNECT_TIMEOUT")) add("connect_timeout", "10");
    add("application_name", options.application_name.c_str());
    add("dbname", url.c_str());
    add("client_encoding", "UTF8");
    add(nullptr, nullptr);
    auto connection =
        std::make_shared<detail::Connection>(PQconnectdbParams(keywords.data(), values.data(), 1));
    if (!connection->raw()) throw Failure(FailureKind::no_memory, "out of memory connecting");
    if (PQstatus(connection->raw()) != CONNECTION_OK)
        throw refused(PQerrorMessage(connection->raw()));
    // libpq prints notices (DROP ... IF EXISTS, ...) on standard error, where
    // the tool writes only its own messages.
    PQsetNoticeProcessor(
        connection->raw(), [](void*, const char*) {}, nullptr);
    // A cursor is how the tool reads every row in bounded memory, not a wish
    // for the first rows fast: plan it for all of them. Sent with the first
    // command, not a round trip of its own.
    connection->defer("SET cursor_tuple_fraction = 1", false);
    return std::make_unique<Session>(std::move(connection), options);
}

Session::Session(std::shared_ptr<detail::Connection> connection, const Options& options)
    : m_connection(std::move(connection)), m_options(options) {}

// The server rolls back whatever is open when the connection goes; the
// statements that are left see a closed session.
Session::~Session() {
    m_connection->close();
}

storage::sql::Engine Session::engine() const {
    return storage::sql::Engine::postgresql;
}

std::unique_ptr<storage::sql::Statement> Session::prepare(std::string_view sql) {
    return std::make_unique<detail::PgStatement>(m_connection, sql);
}

void Session::execute(std::string_view script) {
    m_connection->simple(script);
}

void Session::begin(Mode mode) {
    auto& c = *m_connection;
    c.require_open();
    if (c.in_explicit_transaction())
        throw Failure(FailureKind::other, "a transaction is already open");
    if (c.in_implicit_transaction()) {
        if (c.open_cursors() > 0)
            throw Failure(FailureKind::other,
                          "a transaction cannot begin while a query of the session is being read");
        c.end_implicit_transaction();
    }
    if (mode == Mode::read) {
        const Command begin = run("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
        c.pipeline({&begin, 1});
        return;
    }
    // lock_timeout 0 would wait for ever: a busy timeout of 0 waits 1 ms.
    const auto timeout = std::max<long long>(1, m_options.busy_timeout.count());
    const auto set_timeout = "SET LOCAL lock_timeout = " + std::to_string(timeout);
    const Command commands[] = {run("BEGIN ISOLATION LEVEL READ COMMITTED"),
                                run(set_timeout.c_str()), run(k_write_lock)};
    try {
        c.pipeline(commands);
    } catch (const Failure&) {
        rollback();
        throw;
    }
}

void Session::commit() {
    auto& c = *m_connection;
    c.require_open();
    if (!c.in_explicit_transaction()) throw Failure(FailureKind::other, "no transaction to commit");
    // COMMIT would roll back such a transaction and report success.
    if (c.status() == PQTRANS_INERROR) {
        rollback();
        throw Failure(FailureKind::other,
                      "the transaction was rolled back: a statement in it had failed");
    }
    const Command commit = run("COMMIT");
    c.pipeline({&commit, 1});
}

void Session::rollback() noexcept {
    auto& c = *m_connection;
    c.drop_queued();
    if (!c.raw() || !c.in_explicit_transaction()) return;
    try {
        const Command rollback = run("ROLLBACK");
        c.pipeline({&rollback, 1});
    } catch (...) {
        // The connection is lost (the server rolls back) or the transaction ended.
    }
}

bool Session::in_transaction() const {
    return m_connection->in_explicit_transaction();
}

int Session::server_version() const {
    return m_connection->raw() ? PQserverVersion(m_connection->raw()) : 0;
}

}  // namespace complaints::postgres
