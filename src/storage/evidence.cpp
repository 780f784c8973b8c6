// Evidence files (SPEC §11): content once per SHA-256, streamed in and out
// by the engine (SqliteEngine::add_content, ...), one row per file attached.
#include "connection.hpp"

#include <complaints/storage/evidence.hpp>

#include <algorithm>
#include <vector>

namespace complaints::storage {

bool EvidenceStore::has_content(std::string_view sha256) const {
    return guarded(m_connection, [&] {
        const auto s = m_connection.prepare("SELECT 1 FROM evidence_content WHERE sha256 = ?");
        s->bind(1, std::string(sha256));
        return s->step();
    });
}

void EvidenceStore::add_content(const std::string& sha256, std::int64_t size,
                                const ChunkSource& source, std::size_t chunk_bytes) const {
    guarded(m_connection,
            [&] { m_connection.engine->add_content(sha256, size, source, chunk_bytes); });
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
        const auto s = m_connection.prepare("SELECT max(seq) FROM event WHERE complaint = ?");
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
    guarded(m_connection, [&] { m_connection.engine->read_content(sha256, sink, chunk_bytes); });
}

}  // namespace complaints::storage
