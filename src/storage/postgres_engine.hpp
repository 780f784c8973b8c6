#pragma once

// The PostgreSQL engine (SPEC §14): one database on a server, reached through
// the ServerClient a binary that links libpq gives (database.hpp). Writers
// take the tool's lock in turn (one hash chain orders every event), a
// serialization conflict is retried for as long as the busy timeout allows,
// evidence content is `bytea`, read back in chunks, and `query` runs in a
// READ ONLY transaction with a statement_timeout.

#include "engine.hpp"

#include <complaints/storage/database.hpp>

#include <chrono>
#include <memory>
#include <string>

namespace complaints::storage {

class PostgresEngine final : public Engine {
public:
    // Connects to the server at `url` and checks, creates (Access::write)
    // or migrates the tool's schema in its database.
    static std::unique_ptr<PostgresEngine> open(const std::string& url, Access access,
                                                std::chrono::milliseconds busy_timeout,
                                                const ServerClient& client);

    PostgresEngine(std::unique_ptr<sql::Session> session, std::string name,
                   std::chrono::milliseconds busy_timeout)
        : m_session(std::move(session)), m_name(std::move(name)), m_busy_timeout(busy_timeout) {}

    [[nodiscard]] sql::Session& session() override { return *m_session; }
    [[nodiscard]] const std::string& name() const override { return m_name; }
    [[nodiscard]] bool created() const override { return m_created; }
    void write(const std::function<void()>& work, const std::function<void()>& reopening) override;
    void read_snapshot(const std::function<void()>& work) override;
    bool checkpoint() override { return true; }
    [[noreturn]] void fail(const sql::Failure& failure) const override;
    void add_content(const std::string& sha256, std::int64_t size, const ChunkSource& source,
                     std::size_t chunk_bytes) override;
    void read_content(const std::string& sha256, const ChunkSink& sink,
                      std::size_t chunk_bytes) override;
    void erase_securely() override {}
    void check(std::vector<Problem>& problems) override;
    void backup(const std::string& file) override;
    void query(const std::string& sql, const QueryParams& params, const QueryLimits& limits,
               const QuerySink& sink, std::optional<domain::Instant> now) override;
    [[nodiscard]] std::string setting(const std::string& name) override;
    void discard() override;

private:
    // The schema version the database holds; 0 when it has none.
    int schema_version();
    // Creates or migrates the schema to k_schema_version (under the lock).
    void migrate(Access access);

    std::unique_ptr<sql::Session> m_session;
    std::string m_name;
    std::chrono::milliseconds m_busy_timeout;
    bool m_created = false;
};

// The schema of this build on PostgreSQL (postgres_schema.cpp): the tables,
// indexes, triggers and the functions that give SQLite's names (total, min
// of several values, unixepoch) to the SQL the stores share.
std::string postgres_schema_sql();
// Drops every object of postgres_schema_sql (PostgresEngine::discard).
std::string postgres_drop_sql();
// The views of docs/schema.md in PostgreSQL's dialect.
std::string postgres_views_sql();

}  // namespace complaints::storage
