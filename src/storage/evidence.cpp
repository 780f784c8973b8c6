// Evidence files (SPEC §11): content once per SHA-256, streamed in and out
// through SQLite's incremental blob I/O (sqlite3_blob_open/read/write) on a
// row inserted as zeroblob(size), so that a file of any size passes through
// one chunk-sized buffer.
#include "connection.hpp"

#include <complaints/storage/evidence.hpp>

#include <sqlite3.h>

#include <algorithm>
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
            throw SQLite::Exception(db, rc);
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
        if (rc != SQLITE_OK) throw SQLite::Exception(m_db, rc);
    }
    sqlite3* m_db;
    sqlite3_blob* m_blob = nullptr;
};

}  // namespace

bool EvidenceStore::has_content(std::string_view sha256) const {
    return guarded(m_connection, [&] {
        const auto s =
            m_connection.session.prepare("SELECT 1 FROM evidence_content WHERE sha256 = ?");
        s->bind(1, std::string(sha256));
        return s->step();
    });
}

void EvidenceStore::add_content(const std::string& sha256, std::int64_t size,
                                const ChunkSource& source, std::size_t chunk_bytes) const {
    guarded(m_connection, [&] {
        const auto insert = m_connection.prepare(
            "INSERT INTO evidence_content (sha256, size, content) VALUES (?, ?, zeroblob(?)) "
            "RETURNING id");
        insert->bind(1, sha256);
        insert->bind(2, static_cast<std::int64_t>(size));
        insert->bind(3, static_cast<std::int64_t>(size));
        insert->step();
        const std::int64_t row = insert->column(0).int64();
        insert->reset();
        const Blob blob(m_connection.db.getHandle(), row, true);
        std::vector<std::byte> buffer(std::max<std::size_t>(chunk_bytes, 1));
        for (std::int64_t offset = 0; offset < size;) {
            const auto want =
                static_cast<std::size_t>(std::min<std::int64_t>(size - offset, buffer.size()));
            const std::size_t got = source(std::span(buffer.data(), want));
            if (got == 0) break;  // the source ended early: its caller's to notice
            blob.write(std::span(buffer.data(), std::min(got, want)), offset);
            offset += static_cast<std::int64_t>(std::min(got, want));
        }
    });
}

void EvidenceStore::add(std::int64_t complaint_row, std::int64_t event_seq,
                        const EvidenceRow& file) const {
    guarded(m_connection, [&] {
        auto s = m_connection.cached(
            "INSERT INTO evidence (complaint, event, name, size, media_type, sha256, added_by, "
            "added_at, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        s->bind(1, static_cast<std::int64_t>(complaint_row));
        s->bind(2, static_cast<std::int64_t>(event_seq));
        s->bind(3, file.name);
        s->bind(4, static_cast<std::int64_t>(file.size));
        s->bind(5, file.media_type);
        s->bind(6, file.sha256);
        s->bind(7, file.added_by);
        s->bind(8, domain::format_utc(file.added_at));
        if (file.note)
            s->bind(9, *file.note);
        else
            s->bind(9);
        s->run();
    });
}

std::int64_t EvidenceStore::latest_event(std::int64_t complaint_row) const {
    return guarded(m_connection, [&] {
        const auto s =
            m_connection.session.prepare("SELECT max(seq) FROM event WHERE complaint = ?");
        s->bind(1, static_cast<std::int64_t>(complaint_row));
        s->step();
        return s->column(0).int64();
    });
}

std::vector<EvidenceRow> EvidenceStore::of(std::int64_t complaint_row) const {
    return guarded(m_connection, [&] {
        auto s = m_connection.cached(
            "SELECT name, size, media_type, sha256, added_by, added_at, note FROM evidence "
            "WHERE complaint = ? ORDER BY id");
        s->bind(1, static_cast<std::int64_t>(complaint_row));
        std::vector<EvidenceRow> out;
        while (s->step()) {
            EvidenceRow row;
            row.name = s->column(0).text();
            row.size = s->column(1).int64();
            row.media_type = s->column(2).text();
            row.sha256 = s->column(3).text();
            row.added_by = s->column(4).text();
            row.added_at = instant(s->column(5));
            row.note = text_or_null(s->column(6));
            out.push_back(std::move(row));
        }
        return out;
    });
}

void EvidenceStore::read_content(const std::string& sha256, const ChunkSink& sink,
                                 std::size_t chunk_bytes) const {
    guarded(m_connection, [&] {
        // typeof() reads the column's type from the record header; `content IS
        // NULL` would load the whole value into memory.
        const auto s = m_connection.prepare(
            "SELECT id, typeof(content) = 'null' FROM evidence_content WHERE sha256 = ?");
        s->bind(1, sha256);
        if (!s->step() || s->column(1).integer() != 0) return;
        const std::int64_t row = s->column(0).int64();
        s->reset();
        const Blob blob(m_connection.db.getHandle(), row, false);
        const std::int64_t size = blob.bytes();
        std::vector<std::byte> buffer(std::max<std::size_t>(chunk_bytes, 1));
        for (std::int64_t offset = 0; offset < size;) {
            const auto n =
                static_cast<std::size_t>(std::min<std::int64_t>(size - offset, buffer.size()));
            blob.read(std::span(buffer.data(), n), offset);
            sink(std::span<const std::byte>(buffer.data(), n));
            offset += static_cast<std::int64_t>(n);
        }
    });
}

}  // namespace complaints::storage
