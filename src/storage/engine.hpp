#pragma once

// What each database engine does its own way. The stores (complaints,
// events, evidence, reports, ...) share their SQL through `session()`; the
// rest is here: opening and transactions, the streaming of evidence content,
// the engine's own integrity check, backups and `query`. SQLite's engine is
// sqlite_engine.hpp; PostgreSQL's is postgres_engine.hpp.

#include <complaints/domain/time.hpp>
#include <complaints/storage/evidence.hpp>
#include <complaints/storage/integrity.hpp>
#include <complaints/storage/query.hpp>
#include <complaints/storage/sql.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace complaints::storage {

class Engine {
public:
    Engine() = default;
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;
    virtual ~Engine() = default;

    [[nodiscard]] virtual sql::Session& session() = 0;
    // The database for messages: the file's path, or the server's URL
    // without its query string (never a password).
    [[nodiscard]] virtual const std::string& name() const = 0;
    // True when this open created the database (a file, or the schema on a
    // server).
    [[nodiscard]] virtual bool created() const = 0;

    // Runs `work` in one write transaction: all of it is committed, or none
    // when it throws. `reopening` is called before the connection is opened
    // again for writing (the statements prepared on it must go first).
    virtual void write(const std::function<void()>& work,
                       const std::function<void()>& reopening) = 0;
    // Runs `work` on one read snapshot (`verify`).
    virtual void read_snapshot(const std::function<void()>& work) = 0;
    // See Database::checkpoint.
    virtual bool checkpoint() = 0;
    // Throws the Error of SPEC §6 and §14 that `failure` means.
    [[noreturn]] virtual void fail(const sql::Failure& failure) const = 0;

    // Evidence content, streamed in and out in chunks (EvidenceStore).
    virtual void add_content(const std::string& sha256, std::int64_t size,
                             const ChunkSource& source, std::size_t chunk_bytes) = 0;
    virtual void read_content(const std::string& sha256, const ChunkSink& sink,
                              std::size_t chunk_bytes) = 0;
    // Makes what a change erases unreadable in the database's storage
    // (`anonymize`), within the write transaction.
    virtual void erase_securely() = 0;

    // The engine's own checks of its storage, for `verify`.
    virtual void check(std::vector<Problem>& problems) = 0;
    // See Integrity::backup.
    virtual void backup(const std::string& file) = 0;
    // See Database::query.
    virtual void query(const std::string& sql, const QueryParams& params, const QueryLimits& limits,
                       const QuerySink& sink, std::optional<domain::Instant> now) = 0;
    // A setting of the tool's own connection, for tests.
    [[nodiscard]] virtual std::string setting(const std::string& name) = 0;
    // Called when the Database closes.
    virtual void closing() {}
    // Undoes the creation of the database this open made (`created()`), when
    // the command that made it failed: a server's schema is dropped, if it
    // is still empty. A file is removed by its caller, once it is closed.
    virtual void discard() {}
};

}  // namespace complaints::storage
