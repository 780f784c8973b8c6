// The SQLite engine's storage of files and of itself: evidence content
// streamed through SQLite's incremental blob I/O (sqlite3_blob_open/read/
// write) on a row inserted as zeroblob(size), so that a file of any size
// passes through one chunk-sized buffer; SQLite's integrity check; and
// backups through its online backup API.
#include "sqlite_engine.hpp"

#include <complaints/domain/error.hpp>
#include <complaints/domain/translate.hpp>

#include <fmt/format.h>

#include <sqlite3.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <thread>
#include <vector>

namespace complaints::storage {

namespace {

// An open blob handle, closed on every path.
class Blob {
public:
    Blob(sqlite3* db, std::int64_t row, bool write) : m_db(db) {
        const int rc = sqlite3_blob_open(db, "main", "evidence_content", "content", row,
                                         write ? 1 : 0, &m_blob);
        if (rc != SQLITE_OK) {
            sqlite3_blob_close(m_blob);
            throw sqlite_failure(db, rc);
        }
    }
    ~Blob() { sqlite3_blob_close(m_blob); }
    Blob(const Blob&) = delete;
    Blob& operator=(const Blob&) = delete;

    [[nodiscard]] std::int64_t bytes() const { return sqlite3_blob_bytes(m_blob); }
    void write(std::span<const std::byte> bytes, std::int64_t offset) const {
        check(sqlite3_blob_write(m_blob, bytes.data(), static_cast<int>(bytes.size()),
                                 static_cast<int>(offset)));
    }
    void read(std::span<std::byte> bytes, std::int64_t offset) const {
        check(sqlite3_blob_read(m_blob, bytes.data(), static_cast<int>(bytes.size()),
                                static_cast<int>(offset)));
    }

private:
    void check(int rc) const {
        if (rc != SQLITE_OK) throw sqlite_failure(m_db, rc);
    }
    sqlite3* m_db;
    sqlite3_blob* m_blob = nullptr;
};

}  // namespace

void SqliteEngine::add_content(const std::string& sha256, std::int64_t size,
                               const ChunkSource& source, std::size_t chunk_bytes) {
    {
        const auto insert = m_session.prepare(
            "INSERT INTO evidence_content (sha256, size, content) VALUES (?, ?, zeroblob(?)) "
            "RETURNING id");
        insert->bind(1, sha256);
        insert->bind(2, static_cast<std::int64_t>(size));
        insert->bind(3, static_cast<std::int64_t>(size));
        insert->step();
        const std::int64_t row = insert->column(0).int64();
        insert->reset();
        const Blob blob(db.getHandle(), row, true);
        std::vector<std::byte> buffer(std::max<std::size_t>(chunk_bytes, 1));
        for (std::int64_t offset = 0; offset < size;) {
            const auto want =
                static_cast<std::size_t>(std::min<std::int64_t>(size - offset, buffer.size()));
            const std::size_t got = source(std::span(buffer.data(), want));
            if (got == 0) break;  // the source ended early: its caller's to notice
            blob.write(std::span(buffer.data(), std::min(got, want)), offset);
            offset += static_cast<std::int64_t>(std::min(got, want));
        }
    }
}

void SqliteEngine::read_content(const std::string& sha256, const ChunkSink& sink,
                                std::size_t chunk_bytes) {
    {
        // typeof() reads the column's type from the record header; `content IS
        // NULL` would load the whole value into memory.
        const auto s = m_session.prepare(
            "SELECT id, typeof(content) = 'null' FROM evidence_content WHERE sha256 = ?");
        s->bind(1, sha256);
        if (!s->step() || s->column(1).integer() != 0) return;
        const std::int64_t row = s->column(0).int64();
        s->reset();
        const Blob blob(db.getHandle(), row, false);
        const std::int64_t size = blob.bytes();
        std::vector<std::byte> buffer(std::max<std::size_t>(chunk_bytes, 1));
        for (std::int64_t offset = 0; offset < size;) {
            const auto n =
                static_cast<std::size_t>(std::min<std::int64_t>(size - offset, buffer.size()));
            blob.read(std::span(buffer.data(), n), offset);
            sink(std::span<const std::byte>(buffer.data(), n));
            offset += static_cast<std::int64_t>(n);
        }
    }
}

void SqliteEngine::check(std::vector<Problem>& problems) {
    auto& db = m_session;
    const auto integrity = db.prepare("PRAGMA integrity_check");
    while (integrity->step()) {
        const std::string text = integrity->column(0).text();
        if (text != "ok") problems.push_back({"", 0, "", trf("integrity check: {}", text)});
    }
    const auto keys = db.prepare("PRAGMA foreign_key_check");
    while (keys->step())
        problems.push_back(
            {"", 0, "",
             trf("row {} of {} refers to a missing row of {}", keys->column(1).text(),
                 keys->column(0).text(), keys->column(2).text())});
}

void SqliteEngine::backup(const std::string& file) {
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        const int error = errno;
        if (error == EEXIST)
            throw Error(ExitCode::cannot_create,
                        trf("'{}' exists: backup never overwrites a file", file),
                        {tr("give a new name, e.g. complaints-$(date +%F).db")});
        throw Error(ExitCode::cannot_create,
                    trf("cannot create '{}': {}", file, std::strerror(error)));
    }
    ::close(fd);
    try {
        {
            SQLite::Database copy(file, SQLite::OPEN_READWRITE);
            sqlite3* source = db.getHandle();
            sqlite3_backup* backup = sqlite3_backup_init(copy.getHandle(), "main", source, "main");
            if (!backup)
                throw sqlite_failure(copy.getHandle(), sqlite3_extended_errcode(copy.getHandle()));
            // One step copies every page from one read snapshot: writers go on
            // (WAL), and the copy is the database as of the step's start.
            const auto deadline = std::chrono::steady_clock::now() + busy_timeout;
            int rc = SQLITE_OK;
            do {
                rc = sqlite3_backup_step(backup, -1);
                if ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) &&
                    std::chrono::steady_clock::now() < deadline)
                    std::this_thread::sleep_for(std::chrono::milliseconds(20));
                else
                    break;
            } while (true);
            sqlite3_backup_finish(backup);
            if (rc != SQLITE_DONE) throw sqlite_failure(nullptr, rc);
        }
    } catch (...) {
        ::unlink(file.c_str());
        throw;
    }
}

}  // namespace complaints::storage
