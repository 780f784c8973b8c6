#include "postgres_engine.hpp"

#include "connection.hpp"
#include "query_support.hpp"

#include <complaints/domain/error.hpp>
#include <complaints/domain/translate.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <thread>

namespace complaints::storage {

namespace {

// Rolls back the open transaction when `work` throws.
template <typename Work>
void in_transaction(sql::Session& session, sql::Mode mode, Work&& work) {
    session.begin(mode);
    try {
        std::forward<Work>(work)();
    } catch (...) {
        session.rollback();
        throw;
    }
    session.commit();
}

}  // namespace

std::unique_ptr<PostgresEngine> PostgresEngine::open(const std::string& url, Access access,
                                                     std::chrono::milliseconds busy_timeout,
                                                     const ServerClient& client) {
    if (const auto problem = client.problem(url))
        // The messages of postgres::password_in_url are marked with N_ there.
        throw Error(ExitCode::usage, tr(*problem),
                    {tr("give the password in ~/.pgpass (mode 0600) or PGPASSWORD, never in the "
                        "URL")});
    std::string name = client.display(url);
    std::unique_ptr<sql::Session> session;
    try {
        session = client.connect(url, busy_timeout);
    } catch (const sql::Failure& e) {
        throw Error(ExitCode::unavailable,
                    trf("cannot use the database server of '{}': {}", name, e.what()),
                    {tr("check the URL's user, host, port and database, that the server runs, "
                        "and the password in ~/.pgpass or PGPASSWORD")});
    }
    auto engine =
        std::make_unique<PostgresEngine>(std::move(session), std::move(name), busy_timeout);
    try {
        engine->migrate(access);
    } catch (const sql::Failure& e) {
        clear_unwound_frames();
        engine->fail(e);
    }
    return engine;
}

namespace {

// Whether a table of `name` is in the first schema of the search path, read
// from the catalog itself: to_regclass() would leave a "no such table" in the
// session's catalog cache, which waiting for the writers' lock does not
// refresh, so a writer that waited for another creating the schema would not
// see it.
std::string table_exists_sql(std::string_view name) {
    return fmt::format(
        "SELECT count(*) FROM pg_class WHERE relname = '{}' AND relnamespace = "
        "(SELECT oid FROM pg_namespace WHERE nspname = current_schema())",
        name);
}

}  // namespace

int PostgresEngine::schema_version() {
    if (m_session->scalar(table_exists_sql("complaints_schema")) == 0) return 0;
    return static_cast<int>(m_session->scalar("SELECT max(version) FROM complaints_schema"));
}

void PostgresEngine::migrate(Access access) {
    const auto newer = [&](int version) {
        throw Error(ExitCode::io,
                    trf("the database '{}' has schema version {}, newer than this "
                        "complaints understands ({})",
                        m_name, version, k_schema_version),
                    {tr("use a newer version of complaints")});
    };
    int version = schema_version();
    if (version == k_schema_version) return;
    if (version > k_schema_version) newer(version);
    if (version == 0 && access == Access::read)
        throw Error(ExitCode::no_input,
                    trf("no complaints database in '{}': it has no complaints schema", m_name),
                    {tr("create it with 'complaints init' or by registering a complaint")});
    // Created (or migrated) by one writer at a time: the others wait for the
    // lock, then find it done.
    in_transaction(*m_session, sql::Mode::write, [&] {
        version = schema_version();
        if (version > k_schema_version) newer(version);
        if (version == k_schema_version) return;
        if (version == 0) {
            if (m_session->scalar(table_exists_sql("complaint")) +
                    m_session->scalar(table_exists_sql("event")) !=
                0)
                throw Error(ExitCode::io, trf("'{}' is not a complaints database", m_name),
                            {tr("it has tables named complaint or event of another program; give "
                                "the tool a database (or a schema, with search_path) of its "
                                "own")});
            m_session->execute(postgres_schema_sql());
            m_created = true;
            return;
        }
        // Versions before this build's: none yet on PostgreSQL, whose first
        // schema is version 8. Later versions add their steps here.
        throw Error(ExitCode::io,
                    trf("the database '{}' has schema version {}, which no PostgreSQL "
                        "database of complaints ever had",
                        m_name, version));
    });
}

void PostgresEngine::write(const std::function<void()>& work, const std::function<void()>&) {
    // Writers take the tool's lock in turn (Session::begin), so conflicts are
    // rare; one that happens anyway (a deadlock with another program, a
    // serialization failure) is retried until the busy timeout.
    const auto deadline = std::chrono::steady_clock::now() + m_busy_timeout;
    auto pause = std::chrono::milliseconds(5);
    while (true) {
        try {
            in_transaction(*m_session, sql::Mode::write, work);
            return;
        } catch (const sql::Failure& e) {
            if (e.kind() != sql::FailureKind::serialization ||
                std::chrono::steady_clock::now() + pause > deadline)
                throw;
        }
        std::this_thread::sleep_for(pause);
        pause = std::min(pause * 2, std::chrono::milliseconds(200));
    }
}

void PostgresEngine::read_snapshot(const std::function<void()>& work) {
    in_transaction(*m_session, sql::Mode::read, work);
}

void PostgresEngine::fail(const sql::Failure& e) const {
    switch (e.kind()) {
        case sql::FailureKind::busy:
            throw Error(
                ExitCode::temp_fail,
                trf("the database '{}' stayed locked by other writers", m_name),
                {tr("try again; COMPLAINTS_BUSY_TIMEOUT (milliseconds) sets how long to wait")});
        case sql::FailureKind::serialization:
            throw Error(ExitCode::temp_fail,
                        trf("the database '{}' kept refusing the change as conflicting "
                            "with other writers: {}",
                            m_name, e.what()),
                        {tr("try again; COMPLAINTS_BUSY_TIMEOUT (milliseconds) sets how long to "
                            "retry")});
        case sql::FailureKind::unreachable:
            throw Error(ExitCode::unavailable,
                        trf("lost the database server of '{}': {}", m_name, e.what()),
                        {tr("nothing was changed by the command if it did not report success; "
                            "try again")});
        case sql::FailureKind::corrupt:
            throw Error(ExitCode::io, trf("the database '{}' is damaged: {}", m_name, e.what()));
        case sql::FailureKind::no_memory:
            throw Error(ExitCode::out_of_memory, tr("out of memory"));
        case sql::FailureKind::constraint:
            throw Error(ExitCode::internal, trf("database constraint failed: {}", e.what()));
        case sql::FailureKind::read_only:
            throw Error(ExitCode::no_permission,
                        trf("the database '{}' may not be changed: {}", m_name, e.what()),
                        {tr("connect as a role that may write the tool's tables (docs/manual.md, "
                            "\"Running on a server\")")});
        default:
            break;
    }
    // Missing privileges come as class 42 (42501) from the server.
    if (e.state() == "42501")
        throw Error(ExitCode::no_permission, trf("the database '{}' refused: {}", m_name, e.what()),
                    {tr("grant the role the privileges of docs/manual.md, \"Running on a "
                        "server\"")});
    throw Error(ExitCode::io, trf("database '{}': {}", m_name, e.what()));
}

void PostgresEngine::add_content(const std::string& sha256, std::int64_t size,
                                 const ChunkSource& source, std::size_t chunk_bytes) {
    // The whole file in one value: its size is limited by the policy
    // (evidence.max_file, 20 MiB by default).
    std::vector<std::byte> content(static_cast<std::size_t>(size));
    std::size_t have = 0;
    const std::size_t chunk = std::max<std::size_t>(chunk_bytes, 1);
    while (have < content.size()) {
        const std::size_t want = std::min(chunk, content.size() - have);
        const std::size_t got = source(std::span(content.data() + have, want));
        if (got == 0) break;  // the source ended early: its caller's to notice
        have += std::min(got, want);
    }
    const auto insert =
        m_session->prepare("INSERT INTO evidence_content (sha256, size, content) VALUES (?, ?, ?)");
    insert->bind(1, sha256);
    insert->bind(2, size);
    insert->bind_blob(3, std::span<const std::byte>(content.data(), have));
    insert->run();
}

void PostgresEngine::read_content(const std::string& sha256, const ChunkSink& sink,
                                  std::size_t chunk_bytes) {
    const auto length = m_session->prepare(
        "SELECT id, length(content) FROM evidence_content WHERE sha256 = ? AND content IS NOT "
        "NULL");
    length->bind(1, sha256);
    if (!length->step()) return;
    const std::int64_t row = length->column(0).int64();
    const std::int64_t size = length->column(1).int64();
    length->reset();
    // Chunk by chunk, in bounded memory (the column is stored EXTERNAL).
    const auto chunk = m_session->prepare(
        "SELECT substring(content FROM CAST(? AS integer) FOR CAST(? AS integer)) "
        "FROM evidence_content WHERE id = ?");
    const auto n = static_cast<std::int64_t>(std::max<std::size_t>(chunk_bytes, 1 << 16));
    for (std::int64_t offset = 0; offset < size; offset += n) {
        chunk->bind(1, offset + 1);
        chunk->bind(2, n);
        chunk->bind(3, row);
        if (!chunk->step()) break;
        sink(chunk->blob(0));
        chunk->reset();
    }
}

void PostgresEngine::check(std::vector<Problem>&) {
    // The server keeps its own storage consistent (and foreign keys are
    // enforced, not only checked); `verify`'s other checks are the engine's
    // same as SQLite's.
}

void PostgresEngine::backup(const std::string&) {
    throw Error(ExitCode::usage,
                trf("backup copies SQLite files; '{}' is on a PostgreSQL server", m_name),
                {tr("back it up with PostgreSQL's tools: pg_dump -Fc (docs/manual.md, \"Running "
                    "on a server\"), or write a portable copy with 'complaints export'")});
}

namespace {

[[noreturn]] void refuse(const std::string& message, std::vector<std::string> hints = {}) {
    throw Error(ExitCode::data, message, std::move(hints));
}

[[noreturn]] void stopped_after(std::chrono::milliseconds timeout) {
    refuse(trf("query stopped after {} (--timeout)", describe_timeout(timeout)),
           {tr("give it longer with --timeout (e.g. --timeout 2m), or narrow it with WHERE or "
               "LIMIT")});
}

}  // namespace

void PostgresEngine::query(const std::string& text, const QueryParams& params,
                           const QueryLimits& limits, const QuerySink& sink,
                           std::optional<domain::Instant> now) {
    // The tool's own statements (the columns of a view, inside an import's
    // transaction) run as they are; a user's runs in a transaction of its
    // own, READ ONLY, and rolled back, never committed: nothing it did stays
    // (PostgreSQL lets lo_create() through a READ ONLY transaction).
    const bool nested = m_session->in_transaction();
    const auto run = [&] {
        if (!nested) {
            m_session->execute(fmt::format("SET LOCAL statement_timeout = {}",
                                           std::max<long long>(1, limits.timeout.count())));
            if (now)
                m_session->execute(
                    fmt::format("SET LOCAL complaints.now = '{}'", domain::format_utc(*now)));
        }
        const auto statement = m_session->prepare(text);
        // Checked before it runs: a COPY to a file, say, would have written
        // it. A statement that is no query but says it returns rows (SHOW,
        // EXPLAIN) runs; the server describes it without running it.
        if (!statement->returns_rows() && statement->column_count() == 0)
            refuse(tr("query runs statements that return rows (SELECT, WITH, VALUES or TABLE)"),
                   {tr("query may only read")});
        for (const auto& [name, value] : params) {
            int index = 0;
            try {
                index = statement->index_of(":" + name);
            } catch (const sql::Failure&) {
                throw Error(ExitCode::usage, trf("the query has no parameter ':{}'", name),
                            {tr("write :NAME in the SQL where --param NAME=VALUE should go")});
            }
            if (is_query_integer(value))
                statement->bind(index, static_cast<std::int64_t>(std::stoll(value)));
            else
                statement->bind(index, value);
        }
        for (int i = 1; i <= statement->parameter_count(); ++i) {
            const std::string name = statement->parameter_name(i);
            const bool given = std::any_of(params.begin(), params.end(), [&](const auto& param) {
                return ":" + param.first == name;
            });
            if (!given)
                throw Error(
                    ExitCode::usage,
                    trf("no value for the query's parameter '{}'", name.empty() ? "?" : name),
                    {tr("give it with --param NAME=VALUE; only :NAME parameters are "
                        "supported")});
        }
        // statement_timeout bounds each batch of rows the cursor fetches; the
        // whole statement is bounded here.
        const auto deadline = std::chrono::steady_clock::now() + limits.timeout;
        bool more = statement->step();
        const int columns = statement->column_count();
        std::vector<std::string> names;
        for (int i = 0; i < columns; ++i) names.push_back(statement->column_name(i));
        if (sink.columns) sink.columns(names);
        std::vector<Value> row;
        for (std::size_t n = 0; more; more = statement->step()) {
            if (++n % 64 == 0 && std::chrono::steady_clock::now() > deadline)
                stopped_after(limits.timeout);
            row.clear();
            for (int i = 0; i < columns; ++i) {
                switch (statement->type(i)) {
                    case sql::Type::null:
                        row.emplace_back(std::monostate{});
                        break;
                    case sql::Type::integer:
                        row.emplace_back(statement->int64(i));
                        break;
                    case sql::Type::real:
                        row.emplace_back(statement->real(i));
                        break;
                    default:
                        row.emplace_back(std::string(statement->text(i)));
                }
            }
            if (sink.row) sink.row(row);
        }
    };
    try {
        if (nested) {
            run();
            return;
        }
        m_session->begin(sql::Mode::read);
        try {
            run();
        } catch (...) {
            m_session->rollback();
            throw;
        }
        m_session->rollback();
    } catch (const sql::Failure& e) {
        // A missing right (class 42 like a syntax error) is 77, as for every command.
        if (e.state() == "42501") fail(e);
        switch (e.kind()) {
            case sql::FailureKind::read_only:
                refuse(tr("query may only read: this statement would change the database"));
            case sql::FailureKind::timeout:
                stopped_after(limits.timeout);
            case sql::FailureKind::no_memory:
                refuse(trf("query ran out of memory: {}", e.what()),
                       {tr("narrow it with WHERE or LIMIT")});
            case sql::FailureKind::syntax:
                refuse(trf("bad query: {}", e.what()),
                       {tr("the views are complaint_facts, milestone_facts, event_log and "
                           "evidence_facts (docs/schema.md)")});
            case sql::FailureKind::unreachable:
            case sql::FailureKind::busy:
            case sql::FailureKind::corrupt:
                fail(e);
            default:
                refuse(trf("query failed: {}", e.what()));
        }
    }
}

void PostgresEngine::discard() {
    if (!m_created) return;
    in_transaction(*m_session, sql::Mode::write, [&] {
        // Another writer may have stored complaints since: then it stays.
        if (m_session->scalar("SELECT count(*) FROM complaint") == 0)
            m_session->execute(postgres_drop_sql());
    });
    m_created = false;
}

std::string PostgresEngine::setting(const std::string& name) {
    const auto s = m_session->prepare("SELECT current_setting(?)");
    s->bind(1, name);
    s->step();
    return s->column(0).text();
}

}  // namespace complaints::storage
